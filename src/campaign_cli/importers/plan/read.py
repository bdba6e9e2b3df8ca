"""Stage 1, read: a plan file (.txt, .md, .docx, .pdf) as normalised text.

The encoding is detected (BOMs, UTF-8, the GB family read as GB18030), a
Word table row becomes one line of tab-separated cells, Word's automatic
numbering is written out, a PDF's lines that were wrapped only by the page
width are joined again, traditional characters become simplified, and odd
spaces and control characters are normalised. Line numbers are those of the
text returned: the warnings of later stages name them.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from campaign_cli.errors import UserError
from campaign_cli.importers import bounded
from campaign_cli.importers.plan import words

MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".docx", ".pdf")
# Formats a user may hold that we do not read: say what to save them as.
_CONVERTIBLE = (".doc", ".wps", ".rtf", ".odt", ".pages", ".wpt", ".dot", ".dotx", ".ofd")


def read_plan_text(path: Path) -> str:
    """The text of a plan file, normalised (see the module's docstring).

    Raises UserError (exit 1) for a missing or unreadable file, another
    format, a file over 20 MB, a broken .docx or .pdf, a PDF with no text
    (a scan), an undecodable or empty text, and past any limit of
    `importers.bounded` (a .docx's parts, a PDF's pages and streams, the
    characters of the text).
    """
    path = Path(path)
    shown = str(path)
    if not path.exists():
        raise UserError("plan.not_found", path=shown)
    if not path.is_file():
        raise UserError("plan.not_a_file", path=shown)
    suffix = path.suffix.lower()
    if suffix in _CONVERTIBLE:
        raise UserError("plan.convert_first", path=shown, suffix=suffix)
    if suffix not in SUFFIXES:
        raise UserError("plan.bad_extension", path=shown, suffix=suffix or "''")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError(
                "plan.too_large",
                path=shown,
                size=f"{size / 1024 / 1024:.1f}",
                limit=MAX_BYTES // 1024 // 1024,
            )
        if size == 0:
            raise UserError("plan.empty", path=shown)
        data = path.read_bytes()
    except OSError as exc:
        raise UserError("plan.unreadable", path=shown, reason=exc.strerror or str(exc)) from exc
    # What a file is, by its first bytes: a Word file or a PDF saved under
    # another name is read as what it is.
    if suffix == ".docx" or (suffix != ".pdf" and data.startswith(b"PK\x03\x04")):
        text = _read_docx(data, shown)
    elif suffix == ".pdf" or data.lstrip()[:5] == b"%PDF-":
        del data
        text = _read_pdf(path)
    else:
        text = _decode(data, shown)
    text = to_simplified(bounded.check_text(normalise_text(text), shown))
    if not text.strip():
        raise UserError("plan.empty", path=shown)
    return text


# ---------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------


def _decode(data: bytes, shown: str) -> str:
    """Bytes as text: BOMs first, then UTF-8, then what charset-normalizer
    finds (the GB family read as GB18030, its superset; Big5 for a plan
    from Hong Kong or Taiwan)."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # UTF-8 with a few damaged bytes (a truncated copy) stays UTF-8.
    loose = data.decode("utf-8", errors="replace")
    if loose.count("\ufffd") <= max(2, len(loose) // 500):
        return loose
    from charset_normalizer import from_bytes  # heavy: only for non-UTF-8 files

    best = from_bytes(data).best()
    encoding = (best.encoding if best is not None else "").lower().replace("-", "_")
    if encoding in ("gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn", "ms936"):
        return data.decode("gb18030", errors="replace")
    if best is not None:
        return str(best)
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise UserError("plan.bad_encoding", path=shown) from None


# Every space-like character becomes a space; zero-width ones vanish;
# other line separators become a line end.
_TRANSLATE = {
    **dict.fromkeys(
        map(
            ord,
            "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
            "\u200a\u202f\u205f\u3000",
        ),
        " ",
    ),
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
    **dict.fromkeys(map(ord, "\u2028\u2029\x0b\x0c\x85"), "\n"),
    **{c: None for c in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)},
}


def normalise_text(text: str) -> str:
    """LF line ends, plain spaces (NBSP, full-width, thin), no zero-width or
    control characters, no trailing spaces. Line numbers are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)
    return "\n".join(line.rstrip() for line in text.split("\n")).rstrip("\n")


def to_simplified(text: str) -> str:
    """Traditional characters as simplified (時間安排 → 时间安排), line by
    line so line numbers stay. A simplified text is returned as it is: only
    a text with several traditional-only characters is converted, so a
    simplified plan never has a word changed by a one-character rule."""
    if len(words.TRADITIONAL_ONLY.findall(text)) < 3:
        return text
    from opencc import OpenCC  # deferred: its dictionaries load on first use

    convert = OpenCC("t2s").convert
    return "\n".join(convert(line) if line else line for line in text.split("\n"))


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------


def _read_pdf(path: Path) -> str:
    """The text of a PDF's pages, its wrapped lines joined again; a PDF whose
    pages hold no text (a scan) is an error that says so."""
    def unlocked(reader) -> None:
        # A PDF locked only against editing opens with the empty password;
        # one that needs a password to open cannot be read.
        if reader.is_encrypted and not _opens_without_password(reader):
            raise UserError("plan.pdf_locked", path=str(path))

    try:
        pages = bounded.pdf_texts(path, str(path), unlocked)
    except UserError:
        raise
    except Exception as exc:  # pypdf raises its own errors, and value, key and zlib ones
        reason = str(exc).strip() or type(exc).__name__
        raise UserError("plan.bad_pdf", path=str(path), reason=reason[:200]) from exc
    if not any(_cjk_or_word(page) for page in pages):
        raise UserError("plan.pdf_no_text", path=str(path), pages=len(pages))
    return "\n".join(line for page in pages for line in unwrap(page.split("\n")))


def _opens_without_password(reader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:  # pypdf raises for an encryption it cannot undo
        return False


def _cjk_or_word(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]|[A-Za-z]{3}", text))


def _width(text: str) -> float:
    return sum(1.0 if ord(ch) > 0x2E80 else 0.5 for ch in text)


def unwrap(lines: list[str]) -> Iterator[str]:
    """A page's lines with the ones broken only by the page width joined,
    and its furniture (page numbers '— 3 —', '第2页 共5页') dropped.

    A line is a wrapped one when it is about as wide as the page's widest
    lines, does not end a sentence or a heading, and the next line does not
    open a numbered item or a heading of its own."""
    lines = [ln.strip() for ln in lines]
    lines = [ln for ln in lines if ln and not words.PAGE_FURNITURE.match(ln)]
    if not lines:
        return
    widths = sorted(_width(ln) for ln in lines)
    full = widths[int(len(widths) * 0.9)] if len(widths) >= 3 else widths[-1]
    joined = lines[0]
    for prev, line in zip(lines, lines[1:]):
        wrapped = (
            full >= 12
            and _width(prev) >= 0.85 * full
            and not prev.endswith(words.LINE_ENDS)
            and not words.ITEM_OPENING.match(line)
        )
        if wrapped:
            joined += line
        else:
            yield joined
            joined = line
    yield joined


# ---------------------------------------------------------------------------
# Word (.docx)
# ---------------------------------------------------------------------------


def _read_docx(data: bytes, shown: str) -> str:
    """Paragraphs and table rows of a .docx in document order; a row is one
    line of tab-separated cells; Word's automatic numbering is written out.
    Its parts are checked against the limits first, and python-docx reads
    the bytes checked."""
    from io import BytesIO

    bounded.check_zip(data, shown)
    try:
        from docx import Document

        document = Document(BytesIO(data))
        return "\n".join(_docx_lines(document))
    except UserError:
        raise
    except Exception as exc:  # python-docx raises zip, XML, key and value errors
        reason = str(exc).strip() or type(exc).__name__
        raise UserError("plan.bad_docx", path=shown, reason=reason[:200]) from exc


def _docx_lines(document) -> Iterator[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(document)
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            yield numbering.label(block) + block.text
        elif isinstance(block, Table):
            yield from _table_lines(block, numbering)


def _table_lines(table, numbering: _Numbering) -> Iterator[str]:
    from docx.text.paragraph import Paragraph

    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:  # a merged cell appears once; a vMerge continuation is empty
            parts = []
            for p in tc.p_lst:
                para = Paragraph(p, table)
                text = (numbering.label(para) + para.text).strip()
                if text:
                    parts.append(text)
            cells.append(re.sub(r"\s+", " ", " ".join(parts)))
        if any(cells):
            yield "\t".join(cells)


_CN_NUMERALS = "一二三四五六七八九十"


def _cn_number(n: int) -> str:
    """1 一, 10 十, 12 十二, 20 二十, 35 三十五 (up to 99)."""
    if n <= 0 or n > 99:
        return str(n)
    tens, unit = divmod(n, 10)
    text = ("" if tens <= 1 else _CN_NUMERALS[tens - 1]) + ("十" if tens else "")
    return text + (_CN_NUMERALS[unit - 1] if unit else "")


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt.startswith(
        ("chinese", "japaneseCounting", "taiwaneseCounting", "ideographDigital", "koreanCounting")
    ):
        return _cn_number(n)
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return "甲乙丙丁戊己庚辛壬癸"[n - 1]
    if fmt in ("lowerLetter", "upperLetter") and 1 <= n <= 26:
        return chr((0x61 if fmt == "lowerLetter" else 0x41) + n - 1)
    return str(n)


class _Numbering:
    """Word's automatic list numbering (numbering.xml), written out as text:
    a paragraph numbered by Word carries no '1.' in its text."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, list]] = {}
        self.counts: dict[str, dict[int, int]] = {}
        self._by_style: dict[str | None, object] = {}
        try:
            from docx.oxml.ns import qn

            root = document.part.numbering_part.element
        except Exception:  # no numbering part: nothing is auto-numbered
            return
        self._qn = qn

        def val(el, tag):
            child = el.find(qn(tag))
            return None if child is None else child.get(qn("w:val"))

        abstract: dict[str | None, dict[int, list]] = {}
        for an in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in an.findall(qn("w:lvl")):
                try:
                    ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                    start = int(val(lvl, "w:start") or 1)
                except ValueError:
                    continue
                levels[ilvl] = [val(lvl, "w:numFmt") or "decimal", val(lvl, "w:lvlText") or "", start]
            abstract[an.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            levels = {k: list(v) for k, v in abstract.get(val(num, "w:abstractNumId"), {}).items()}
            for override in num.findall(qn("w:lvlOverride")):
                start = val(override, "w:startOverride")
                try:
                    ilvl = int(override.get(qn("w:ilvl"), "0"))
                    if start is not None and ilvl in levels:
                        levels[ilvl][2] = int(start)
                except ValueError:
                    continue
            self.levels[num.get(qn("w:numId"))] = levels

    def label(self, paragraph) -> str:
        if not self.levels:
            return ""
        try:
            num_id, ilvl = self._num_pr(paragraph)
            if num_id is None or num_id not in self.levels:
                return ""
            levels = self.levels[num_id]
            fmt, text, start = levels.get(ilvl, ["decimal", f"%{ilvl + 1}.", 1])
            counts = self.counts.setdefault(num_id, {})
            counts[ilvl] = counts[ilvl] + 1 if ilvl in counts else start
            for deeper in [k for k in counts if k > ilvl]:
                del counts[deeper]
            if fmt in ("bullet", "none") or not text:
                return ""

            def number(m: re.Match[str]) -> str:
                k = int(m.group(1)) - 1
                kfmt, _t, kstart = levels.get(k, ["decimal", "", 1])
                return _format_number(counts.get(k, kstart), kfmt)

            label = re.sub(r"%([1-9])", number, text)
            if label and (label[-1].isdigit() or label[-1] in _CN_NUMERALS):
                label += "、" if label[-1] in _CN_NUMERALS else "."
            return label
        except Exception:  # numbering is a nicety: never fail a document on it
            return ""

    def _style_num_pr(self, paragraph):
        """The numbering a paragraph's style (or a style it is based on)
        gives, looked up once per style: python-docx finds a style by an
        XPath search, which per paragraph made a 50,000-paragraph file take
        minutes."""
        style_id = paragraph._p.style
        if style_id in self._by_style:
            return self._by_style[style_id]
        qn = self._qn
        num_pr, style, seen = None, paragraph.style, 0
        while num_pr is None and style is not None and seen < 10:
            sppr = style.element.pPr
            if sppr is not None:
                num_pr = sppr.find(qn("w:numPr"))
            style, seen = style.base_style, seen + 1
        self._by_style[style_id] = num_pr
        return num_pr

    def _num_pr(self, paragraph) -> tuple[str | None, int]:
        qn = self._qn
        num_pr = None
        ppr = paragraph._p.pPr
        if ppr is not None:
            num_pr = ppr.find(qn("w:numPr"))
        if num_pr is None:
            num_pr = self._style_num_pr(paragraph)
        if num_pr is None:
            return None, 0
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        nid = None if num_id is None else num_id.get(qn("w:val"))
        if nid in (None, "0"):
            return None, 0
        return nid, int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
