"""The layout of a 党政机关公文 (GB/T 9704-2012) on a python-docx document.

What a document in the official form needs and python-docx does not give:
A4 with the standard margins, a 22-line × 28-character grid, the official
fonts set for East Asian text (`w:eastAsia`: python-docx's `font.name` sets
only the Latin slots), page numbers `— 1 —` on the outer side of odd and
even pages, a landscape section for a wide table and a table header row that
repeats on every page. The month report (`docx.py`) and the office's
通报 both write through `Official`; this module knows nothing of a report.

python-docx is imported by the functions that use it, never at import time.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Sequence

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_HEI = "黑体"  # first-level headings, 附件 labels, table headers
FONT_KAI = "楷体_GB2312"  # second-level headings
FONT_PAGE = "宋体"  # page numbers: 四号半角宋体
FONT_LATIN = "Times New Roman"  # digits and Latin letters in the text

SIZE_TITLE = 22.0  # 二号
SIZE_BODY = 16.0  # 三号
SIZE_PAGE = 14.0  # 四号
SIZE_TABLE = 12.0  # 小四: the attachment's table

# The type area (版心) is 156 × 225 mm: 22 lines of 28 characters.
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
# The landscape attachment turns the binding edge (28 mm) to the top.
LANDSCAPE_MARGINS_MM = {"top": 28, "bottom": 26, "left": 37, "right": 35}
LINES, CHARS = 22, 28
CONDENSE_TWIPS = -5  # character spacing of body text, in twentieths of a point
# Exact line spacing = the grid's line pitch: 225 mm / 22 = 28.99 pt, rounded
# down to 579 twips (28.95 pt). "29 pt" as guides round it would be 638 pt for
# 22 lines, 0.2 pt more than the type area: LibreOffice then keeps 21 lines
# on a page that starts with the title, and Word may do the same.
LINE_TWIPS = int((PAGE_MM[1] - MARGINS_MM["top"] - MARGINS_MM["bottom"]) * 72 / 25.4 / LINES * 20)
# 一字线 of the page number 7 mm below the type area: the footer line sits
# 25 mm above the page's lower edge.
FOOTER_MM = 25
HEADER_MM = 15

# Roles of paragraphs; each is one paragraph style. A new document formats
# the built-in styles (so what a clerk types next in Word is in the official
# form too); a school's template keeps its own styles untouched and gets
# styles of our own names beside them.
ROLES = ("body", "title", "heading1", "heading2", "plain", "label", "table", "table_head")
BUILT_IN = {"body": "Normal", "title": "Title", "heading1": "Heading 1", "heading2": "Heading 2"}
OWN = {"body": "公文正文", "title": "公文标题", "heading1": "公文一级标题", "heading2": "公文二级标题",
       "plain": "公文顶格", "label": "公文附件标识", "table": "公文表格", "table_head": "公文表头"}

# What a document may not carry (SPEC §6): C0/C1 controls, DEL, bidi
# overrides, non-characters; line breaks and tabs become a space.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")
_BREAKS = re.compile("[\t\r\n]+")


def clean(text: Any) -> str:
    """Text as a document may hold it: no control characters, one line."""
    if text is None:
        return ""
    return _CONTROLS.sub("", _BREAKS.sub(" ", str(text)))


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


class Official:
    """A document in the official form, written paragraph by paragraph.

    `template`: a school's .docx (its 红头, headers, footers and styles; a
    path, or its bytes already checked by `importers.bounded`) to
    write into; its page setup, headers and footers are kept, and page
    numbers are added only when it has no footer of its own."""

    def __init__(self, template: Path | bytes | None = None) -> None:
        from docx import Document

        if isinstance(template, bytes):
            from io import BytesIO

            self.doc = Document(BytesIO(template))
        else:
            self.doc = Document(str(template)) if template is not None else Document()
        self.from_template = template is not None
        self.names = OWN if self.from_template else {**OWN, **BUILT_IN}
        if not self.from_template:
            self.doc.element.body.remove_all("w:p", "w:tbl")
            _plain_defaults(self.doc)
            section = self.doc.sections[0]
            _page_setup(section, landscape=False)
            _grid(section, self.doc)
        self._styles()
        section = self.doc.sections[-1]
        if not _has_footer(section):
            page_number_footers(self.doc, section)

    # --- styles ---------------------------------------------------------------

    def _styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        centre, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
        specs = {
            # role: (East Asian font, size, first-line indent in characters, alignment, outline level)
            "body": (FONT_BODY, SIZE_BODY, 2, justify, None),
            "title": (FONT_TITLE, SIZE_TITLE, 0, centre, None),
            "heading1": (FONT_HEI, SIZE_BODY, 2, justify, 0),
            "heading2": (FONT_KAI, SIZE_BODY, 2, justify, 1),
            "plain": (FONT_BODY, SIZE_BODY, 0, justify, None),
            "label": (FONT_HEI, SIZE_BODY, 0, WD_ALIGN_PARAGRAPH.LEFT, None),
            "table": (FONT_BODY, SIZE_TABLE, 0, WD_ALIGN_PARAGRAPH.LEFT, None),
            "table_head": (FONT_HEI, SIZE_TABLE, 0, centre, None),
        }
        styles = self.doc.styles
        for role, (font, size, indent, align, outline) in specs.items():
            name = self.names[role]
            try:
                style = styles[name]
            except KeyError:
                style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
                style.quick_style = True
            if role != "body":
                style.base_style = styles[self.names["body"]]
                style.next_paragraph_style = styles[self.names["body"]]
            _format_style(style, font, size, indent, align, outline,
                          exact=role not in ("table", "table_head"))
            _linked_fonts(self.doc, style, font)

    # --- writing --------------------------------------------------------------

    def paragraph(self, role: str, content: str | Sequence[tuple[str, bool]] = "", *, align=None,
                  right_indent_chars: float | None = None, keep_with_next: bool = False,
                  page_break_before: bool = False, container=None):
        """One paragraph of `role`; `content` is text or (text, bold) spans."""
        target = container if container is not None else self.doc
        p = target.add_paragraph(style=self.doc.styles[self.names[role]])
        spans = [(content, False)] if isinstance(content, str) else list(content)
        for text, bold in spans:
            text = clean(text)
            if text:
                run = p.add_run(text)
                if bold:
                    run.bold = True
        fmt = p.paragraph_format
        if align is not None:
            fmt.alignment = align
        if right_indent_chars is not None:
            from docx.shared import Pt

            fmt.right_indent = Pt(right_indent_chars * SIZE_BODY)
        if keep_with_next:
            fmt.keep_with_next = True
        if page_break_before:
            fmt.page_break_before = True
        return p

    def blank(self, lines: int = 1, *, keep_with_next: bool = False) -> None:
        for _ in range(lines):
            self.paragraph("plain", keep_with_next=keep_with_next)

    def landscape(self):
        """Start a landscape section on a new page (for a wide attachment table)."""
        section = new_section(self.doc)
        _page_setup(section, landscape=True)
        _remove_grid(section)
        return section

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[float],
              centred: Sequence[bool] = ()):
        """A ruled table over the full text width; `widths` are proportions,
        `centred` the columns whose cells are centred (codes, dates, counts).
        The header row repeats on every page and no row splits across pages."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Emu

        section = self.doc.sections[-1]
        text_width = section.page_width - section.left_margin - section.right_margin
        total = float(sum(widths))
        columns = [Emu(int(text_width * w / total)) for w in widths]
        centred = tuple(centred) + (False,) * (len(headers) - len(centred))
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, columns):
            column.width = width  # w:gridCol, which LibreOffice lays out by
        _borders(table)
        head = table.rows[0]
        _repeat_header(head)
        for cell, text, width in zip(head.cells, headers, columns):
            self._cell(cell, text, "table_head", width, centre=True)
        for values in rows:
            row = table.add_row()
            _cant_split(row)
            for cell, value, width, centre in zip(row.cells, values, columns, centred):
                self._cell(cell, value, "table", width, centre=centre)
        return table

    def _cell(self, cell, value: Any, role: str, width, centre: bool) -> None:
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        cell.width = width
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.style = self.doc.styles[self.names[role]]
        if centre:
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        text = clean(value)
        if text:
            p.add_run(text)

    def save(self, out) -> None:
        self.doc.save(out)


# --- fonts -------------------------------------------------------------------

def set_fonts(rpr, east_asian: str, latin: str = FONT_LATIN) -> None:
    """`w:rFonts` with every slot named and no theme font: a theme attribute
    (asciiTheme, eastAsiaTheme …) wins over the named font beside it, which
    is why built-in styles otherwise show Calibri / 等线 whatever is set."""
    from docx.oxml.ns import qn

    fonts = _set_child(rpr, "w:rFonts", {}, _RPR_ORDER)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:hint"), "eastAsia")


def _format_style(style, font: str, size: float, indent_chars: int, align, outline: int | None,
                  exact: bool) -> None:
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt, Twips

    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, font, FONT_TITLE if font == FONT_TITLE else FONT_LATIN)
    for tag in ("w:color", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:spacing", "w:kern", "w:w"):
        for found in rpr.findall(qn(tag)):
            rpr.remove(found)
    _sizes(rpr, size)
    style.font.bold = False
    style.font.italic = False

    pf = style.paragraph_format
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:contextualSpacing", "w:shd", "w:numPr"):
        for found in ppr.findall(qn(tag)):
            ppr.remove(found)
    pf.alignment = align
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Twips(LINE_TWIPS)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.left_indent = Pt(0)
    pf.right_indent = Pt(0)
    _first_line_chars(ppr, indent_chars, size)
    pf.widow_control = True
    # No punctuation hanging past the margin (Word's default for Chinese): a
    # line of the grid holds 28 characters, never 29. (LibreOffice 7.4 still
    # hangs a closing mark that may not start a line.)
    _set_child(ppr, "w:overflowPunct", {"w:val": "0"}, _PPR_ORDER)
    if outline is not None:
        pf.keep_with_next = True
        _outline(ppr, outline)
    # Only text in the body size snaps to the 28-character grid: a larger title
    # character would take two grid cells, and the table keeps its own spacing.
    if size != SIZE_BODY:
        _set_child(ppr, "w:snapToGrid", {"w:val": "0"}, _PPR_ORDER)
        _set_child(rpr, "w:spacing", {"w:val": "0"}, _RPR_ORDER)  # not the body's condensing
    else:
        # 28 characters of 16 pt (448 pt) are wider than the 442 pt line:
        # set a quarter point closer (15.75 pt), 28 fit and 29 do not.
        _set_child(rpr, "w:spacing", {"w:val": str(CONDENSE_TWIPS)}, _RPR_ORDER)


def _linked_fonts(doc, style, font: str) -> None:
    """A built-in heading's linked character style (Heading1Char) carries theme
    fonts too; Word applies it when a clerk formats part of a heading."""
    from docx.oxml.ns import qn

    link = style.element.find(qn("w:link"))
    if link is None:
        return
    for linked in doc.styles.element.findall(qn("w:style")):
        if linked.get(qn("w:styleId")) == link.get(qn("w:val")):
            rpr = linked.get_or_add_rPr()
            set_fonts(rpr, font, FONT_TITLE if font == FONT_TITLE else FONT_LATIN)
            for tag in ("w:color", "w:b", "w:bCs", "w:i", "w:iCs", "w:spacing", "w:kern", "w:sz", "w:szCs"):
                for found in rpr.findall(qn(tag)):
                    rpr.remove(found)


def _first_line_chars(ppr, chars: int, size: float) -> None:
    """First-line indent in characters (`w:firstLineChars`, which Word and WPS
    scale with the grid) and in twips for readers that know only that."""
    from docx.oxml.ns import qn

    ind = _set_child(ppr, "w:ind", {}, _PPR_ORDER)
    for attr in ("w:hanging", "w:hangingChars", "w:firstLine", "w:firstLineChars"):
        ind.attrib.pop(qn(attr), None)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(round(chars * size * 20)))


def _outline(ppr, level: int) -> None:
    _set_child(ppr, "w:outlineLvl", {"w:val": str(level)}, _PPR_ORDER)


# The order CT_PPr's children must keep (ECMA-376 §17.3.1.26), for the ones set here.
_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


# … and CT_RPr's (§17.3.2.28).
_RPR_ORDER = ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
              "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
              "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def _set_child(parent, tag: str, attrs: dict[str, str], order: Sequence[str]):
    """Set (or add, where the schema's `order` puts it) a child of `parent`:
    Word refuses a file whose properties are out of order."""
    from docx.oxml.ns import qn

    found = parent.find(qn(tag))
    if found is None:
        found = parent.makeelement(qn(tag), {})
        later = {qn(t) for t in order[order.index(tag) + 1:]}
        after = [c for c in parent if c.tag in later]
        if after:
            after[0].addprevious(found)
        else:
            parent.append(found)
    for key, value in attrs.items():
        found.set(qn(key), value)
    return found


def _sizes(rpr, size: float) -> None:
    half_points = str(int(size * 2))
    _set_child(rpr, "w:sz", {"w:val": half_points}, _RPR_ORDER)
    _set_child(rpr, "w:szCs", {"w:val": half_points}, _RPR_ORDER)


def _plain_defaults(doc) -> None:
    """Document defaults in the official body font, without theme fonts, so
    text outside our styles (footers, a clerk's new table) is not Calibri."""
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, FONT_BODY)
    _sizes(rpr, SIZE_BODY)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


# --- page --------------------------------------------------------------------

def _page_setup(section, *, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    width, height = PAGE_MM
    margins = LANDSCAPE_MARGINS_MM if landscape else MARGINS_MM
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(height), Mm(width)) if landscape else (Mm(width), Mm(height))
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.header_distance, section.footer_distance = Mm(HEADER_MM), Mm(FOOTER_MM)
    section.gutter = Mm(0)


def grid_values(default_size: float = SIZE_BODY) -> tuple[int, int]:
    """`w:linePitch` (twips) and `w:charSpace` for 22 × 28 on the type area.
    charSpace is the change of each character's pitch from the document's
    default font size, in 4096ths of a point: slightly negative, because
    28 three-size characters (448 pt) are wider than the 156 mm line (442 pt)."""
    width_pt = (PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]) * 72 / 25.4
    line_pitch = LINE_TWIPS
    char_space = round((width_pt / CHARS - default_size) * 4096)
    return line_pitch, char_space


def _grid(section, doc) -> None:
    from docx.oxml.ns import qn

    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = sect.makeelement(qn("w:docGrid"), {})
        sect.append(grid)
    line_pitch, char_space = grid_values(SIZE_BODY)
    # A line grid: Word and LibreOffice both keep 22 lines. The character
    # pitch is kept for Word's page-setup dialog ("指定行和字符网格" shows 28),
    # but a character grid is not switched on: LibreOffice gives every
    # character wider than a grid cell two cells (14 to a line); the 28
    # characters fit by the body style's condensed spacing instead.
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(line_pitch))
    grid.set(qn("w:charSpace"), str(char_space))


def _remove_grid(section) -> None:
    from docx.oxml.ns import qn

    for grid in section._sectPr.findall(qn("w:docGrid")):
        section._sectPr.remove(grid)


def new_section(doc):
    """A new section on a new page. Unlike python-docx's `add_section`, the
    section break goes on the last paragraph written (no empty paragraph that
    could spill onto a page of its own); the new section inherits the
    headers and footers and has no distinct first page (a template's 红头
    header is for the first page of the document only)."""
    from docx.enum.section import WD_SECTION
    from docx.oxml.ns import qn
    from docx.section import Section

    body = doc.element.body
    sentinel = body.get_or_add_sectPr()
    paragraphs = body.findall(qn("w:p"))
    last = paragraphs[-1] if paragraphs else body.add_p()
    last.set_sectPr(sentinel.clone())
    for ref in sentinel.xpath("w:headerReference|w:footerReference|w:titlePg"):
        sentinel.remove(ref)
    section = Section(sentinel, doc.part)
    section.start_type = WD_SECTION.NEW_PAGE
    return section


# --- footers -----------------------------------------------------------------

def _has_footer(section) -> bool:
    from docx.oxml.ns import qn

    return section._sectPr.find(qn("w:footerReference")) is not None


def page_number_footers(doc, section) -> None:
    """`— 1 —` in 四号宋体 on the outer side: odd pages right, even pages left,
    one character in from the edge of the type area (separate odd and even
    footers, `w:evenAndOddHeaders` in the settings)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        for run in list(p.runs):
            run._r.getparent().remove(run._r)
        fmt = p.paragraph_format
        fmt.alignment = align
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.first_line_indent = Pt(0)
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent, fmt.left_indent = Pt(SIZE_PAGE), Pt(0)
        else:
            fmt.left_indent, fmt.right_indent = Pt(SIZE_PAGE), Pt(0)
        _page_number(p)


def _page_number(p) -> None:
    """— PAGE — : the number is a field, so Word and LibreOffice count the pages."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    def run(text: str | None = None, field: str | None = None, instr: str | None = None):
        r = p.add_run()
        r.font.size = Pt(SIZE_PAGE)
        set_fonts(r._r.get_or_add_rPr(), FONT_PAGE, FONT_PAGE)
        if text is not None:
            r.text = text
        if field is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), field)
            r._r.append(fld)
        if instr is not None:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = instr
            r._r.append(code)

    run("— ")
    run(field="begin")
    run(instr=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(" —")


# --- tables ------------------------------------------------------------------

def _borders(table) -> None:
    """Single black rules on every cell: set on the table itself, since a
    school's template may have no "Table Grid" style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "000000")
        borders.append(line)
    tbl_pr.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def _tr_pr(row):
    return row._tr.get_or_add_trPr()


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement

    _tr_pr(row).append(OxmlElement("w:tblHeader"))
    _cant_split(row)


def _cant_split(row) -> None:
    from docx.oxml import OxmlElement

    _tr_pr(row).append(OxmlElement("w:cantSplit"))
