"""Read a plan document (实施方案) and parse it into data.

Pure: it reads a file and returns plain data; it never touches the store
(the CLI previews what it found and writes). Two steps:

- `read_plan_text(path)`: a .txt / .md / .docx file as normalised text
  (encoding detected, line ends and odd spaces normalised; a Word table row
  becomes one line of tab-separated cells).
- `parse_plan(text, year=..., today=...)`: the title, the 文号 and its
  issuer, the year, the overall period if one is stated, and each phase of
  the 时间内容安排 with its dates (read by `campaign_cli.dates`), the date
  text as written, and the activity kinds and research targets it names.

What cannot be read becomes a `PlanWarning` naming the line; a date is never
guessed: a phase without one has no start and no end.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from campaign_cli.domain.vocabulary import KINDS, TARGETS
from campaign_cli.errors import UserError

__all__ = [
    "MAX_BYTES",
    "PlanDocument",
    "PlanPhase",
    "PlanWarning",
    "normalise_text",
    "parse_plan",
    "read_plan_text",
]

MAX_BYTES = 20 * 1024 * 1024
SUFFIXES = (".txt", ".md", ".docx")
# Formats a user may hold that we do not read: say what to save them as.
_CONVERTIBLE = (".doc", ".wps", ".rtf", ".pdf", ".odt", ".pages", ".wpt", ".dot", ".dotx")


# ---------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------


@dataclass
class PlanPhase:
    seq: int
    title: str
    start: date | None
    end: date | None
    as_written: str  # the date text as it appears in the document, '' if none
    kinds: list[str] = field(default_factory=list)  # activity kind keys, in order named
    targets: list[str] = field(default_factory=list)  # research target keys, in order named
    line: int = 0  # 1-based line of the phase in the document


@dataclass
class PlanWarning:
    """Something the parser could not read. `key` is an i18n key (plan.*);
    `params` holds its values, `line` included (0: the whole document)."""

    line: int
    key: str
    params: dict = field(default_factory=dict)


@dataclass
class PlanDocument:
    title: str | None
    doc_no: str | None
    issuer: str | None
    year: int | None
    start: date | None  # the overall period, when the plan states one
    end: date | None
    phases: list[PlanPhase] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Reading a file
# ---------------------------------------------------------------------------


def read_plan_text(path: Path) -> str:
    """The text of a plan file (.txt, .md or .docx), normalised.

    Raises UserError (exit 1) for a missing or unreadable file, another
    format, a file over 20 MB, a broken .docx, an undecodable or empty text.
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
        if suffix == ".docx":
            text = _read_docx(path)
        else:
            data = path.read_bytes()
            # A Word file saved under a text name: read it as what it is.
            text = _read_docx(path) if data.startswith(b"PK\x03\x04") else _decode(data, shown)
    except OSError as exc:
        raise UserError("plan.unreadable", path=shown, reason=exc.strerror or str(exc)) from exc
    text = normalise_text(text)
    if not text.strip():
        raise UserError("plan.empty", path=shown)
    return text


def _decode(data: bytes, shown: str) -> str:
    """Bytes as text: BOMs first, then UTF-8, then what charset-normalizer
    finds (the GB family read as GB18030, its superset)."""
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


def _read_docx(path: Path) -> str:
    """Paragraphs and table rows of a .docx in document order; a row is one
    line of tab-separated cells; Word's automatic numbering is written out."""
    try:
        from docx import Document

        document = Document(str(path))
        return "\n".join(_docx_lines(document))
    except UserError:
        raise
    except Exception as exc:  # python-docx raises zip, XML, key and value errors
        reason = str(exc).strip() or type(exc).__name__
        raise UserError("plan.bad_docx", path=str(path), reason=reason[:200]) from exc


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
_CN_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


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

    def _num_pr(self, paragraph) -> tuple[str | None, int]:
        qn = self._qn
        num_pr = None
        ppr = paragraph._p.pPr
        if ppr is not None:
            num_pr = ppr.find(qn("w:numPr"))
        style = paragraph.style if num_pr is None else None
        seen = 0
        while num_pr is None and style is not None and seen < 10:
            sppr = style.element.pPr
            if sppr is not None:
                num_pr = sppr.find(qn("w:numPr"))
            style, seen = style.base_style, seen + 1
        if num_pr is None:
            return None, 0
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        nid = None if num_id is None else num_id.get(qn("w:val"))
        if nid in (None, "0"):
            return None, 0
        return nid, int(ilvl.get(qn("w:val"))) if ilvl is not None else 0


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


# ---------------------------------------------------------------------------
# Lines: numbering, table rows, junk
# ---------------------------------------------------------------------------

_CN = "一二三四五六七八九十"
_NUMBERINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("stage", re.compile(rf"^第\s*[{_CN}\d]{{1,3}}\s*(?:阶段|步骤|步|环节|轮|批次|批)")),
    ("part", re.compile(rf"^第\s*[{_CN}\d]{{1,3}}\s*(?:部分|章|篇)")),
    ("cn_paren", re.compile(rf"^[（(]\s*[{_CN}]{{1,3}}\s*[）)]")),
    ("ar_paren", re.compile(r"^(?:[（(]\s*\d{1,2}\s*[）)]|[⑴-⒇])")),
    ("circled", re.compile(r"^[①-⑳]")),
    ("cn_comma", re.compile(rf"^[{_CN}]{{1,3}}\s*[、．.]")),
    ("ar_dot", re.compile(r"^(?:\d{1,2}(?!\d)\s*(?:[、，,]|[.．](?!\d)|[.．](?=\s*\d{1,2}\s*月))|[⒈-⒛])")),
    ("ar_close", re.compile(r"^\d{1,2}(?!\d)\s*[)）]")),
)
# Official documents number headings 一、 > （一） > 1. > 1) > （1） > ①.
_RANK = {"part": 0, "cn_comma": 1, "cn_paren": 2, "ar_dot": 3, "ar_close": 4, "ar_paren": 5, "circled": 6}
_STAGE_PREFIX = re.compile(rf"^第\s*[{_CN}\d]{{1,3}}\s*(?:阶段|步骤|步|环节|轮|批次|批)[\s：:，,、.．—\-]*")
_MD_PREFIX = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+•·●○◆◇■□▪►]\s+)")


@dataclass
class _Line:
    no: int  # 1-based line number in the document
    text: str  # stripped, markdown marks removed
    style: str | None = None  # numbering style, None if not numbered
    label: str = ""  # the numbering as written ('1.', '（一）', '第一阶段')
    body: str = ""  # the text after the numbering
    cells: list[str] | None = None  # a table row's cells

    @property
    def rank(self) -> int | None:
        return _RANK.get(self.style) if self.style else None


def _clean(raw: str) -> str:
    s = raw.strip()
    for _ in range(3):
        stripped = _MD_PREFIX.sub("", s, count=1).strip()
        if stripped == s:
            break
        s = stripped
    return s.replace("**", "").replace("__", "").strip()


def _numbering(s: str) -> tuple[str | None, str, str]:
    for style, pattern in _NUMBERINGS:
        m = pattern.match(s)
        if m:
            return style, s[: m.end()].strip(), s[m.end() :].strip()
    return None, "", s


def _cells(s: str) -> list[str] | None:
    """The cells of a table row (tab-separated, markdown pipes, or columns
    apart by two or more spaces), or None when the line is not one."""
    if s.startswith("|") and s.endswith("|") and s.count("|") >= 3:
        cells = [c.strip() for c in s[1:-1].split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            return []  # the markdown separator row
        return cells
    if "\t" in s:
        cells = [c.strip() for c in s.split("\t")]
    else:
        cells = [c.strip() for c in re.split(r" {2,}", s)]
    while cells and not cells[-1]:
        cells.pop()
    return cells if sum(1 for c in cells if c) >= 2 else None


def _lines(text: str) -> list[_Line]:
    out = []
    for no, raw in enumerate(text.split("\n"), start=1):
        s = _clean(raw)
        if not s:
            continue
        cells = _cells(s)
        # '1.\t开展…' (a Word list pasted as text): a numbered line, not a row.
        if cells and len([c for c in cells if c]) == 2 and not s.startswith("|"):
            style, label, body = _numbering(cells[0])
            if style and not body:
                s, cells = f"{label}{' '.join(c for c in cells[1:] if c)}", None
        style, label, body = _numbering(s)
        out.append(_Line(no, s, style, label, body, cells))
    return out


# Lines a web page or a signature block adds: the document is over.
_JUNK = re.compile(
    r"^[【\[]?(?:用户登录|用户注册|会员登录|登录|注册|首页|网站首页|返回|返回顶部|返回首页|返回列表|打印|打印本页|"
    r"打印此页|关闭|关闭窗口|关闭本页|上一篇|下一篇|上一条|下一条|分享到|分享|相关链接|相关阅读|相关文章|相关新闻|"
    r"版权所有|copyright|©|主办单位|承办单位|技术支持|网站地图|联系我们|浏览次数|阅读次数|阅读量|点击数|点击量|"
    r"访问量|相关推荐|推荐阅读|热门文章|最新文章|友情链接|扫一扫|微信扫一扫|字号|字体|当前位置|您的位置|您现在的位置|责任编辑|信息来源|来源[:：]|发布时间|"
    r"发布日期|发布人|发布者|编辑[:：]|作者[:：]|附件|抄送|抄报|主题词|收藏|评论|点赞)"
    # standing alone, not opening a sentence ('登录学习强国平台学习' is content)
    r"(?=$|[\s:：|>/【】\[\]（(·•\d])",
    re.I,
)
_URL = re.compile(r"https?://|www\.|ICP备|公网安备|\.(?:com|cn|net|org)\b", re.I)
_SIGNATURE_DATE = re.compile(
    r"^[\d〇零一二三四五六七八九]{4}\s*年[\d〇零一二三四五六七八九十\s]{1,4}月[\d〇零一二三四五六七八九十\s]{1,5}日$"
)


def _is_junk(line: _Line) -> bool:
    return bool(_JUNK.match(line.text) or _URL.search(line.text) or _SIGNATURE_DATE.match(line.text))


# A heading that opens a section which is not the phases (requirements,
# safeguards, leadership) ends the phase section.
_OTHER_SECTION = re.compile(r"^.{0,4}?(?:要求|保障|保障措施|组织领导|注意事项|工作机制|纪律|附则)[:：]?$")
# The heading of the phase section: 时间内容安排, 实施步骤, 方法步骤, 进度安排…
# ('strong'), or 工作安排, 活动安排… ('weak': only when no strong one has dates).
_PHASE_SECTION = re.compile(
    r"时间(?:和|与|及|、)?(?:内容|步骤|进度|任务|阶段)?(?:安排|节点|进度|表)|(?:内容|步骤|任务|阶段)(?:和|与|及|、)时间|"
    r"步骤|阶段(?:安排|划分|任务|性安排)|(?:实施|工作|推进)阶段|进度安排|工作进度|实施进度|日程安排"
)
_WEAK_SECTION = re.compile(r"(?:工作|活动|实施|进程|总体)安排|安排部署|工作流程|推进计划")
_TIME_LABEL = re.compile(
    r"^(?:活动|实施|工作|开展|整体|总体|集中|学习教育|主题教育|专项|教育|起止|完成)?"
    r"(?:时间|时间安排|时间节点|期限|周期|时限|时段|日期)(?:安排)?$"
)
_LABELLED_TIME = re.compile(
    r"(?:活动|实施|工作|开展|整体|总体|集中|学习教育|主题教育|专项|教育|起止|完成)?"
    r"(?:时间|期限|时限|时段|日期)(?:安排|节点)?\s*(?:为|是|[:：])\s*"
)


# ---------------------------------------------------------------------------
# Dates inside lines
# ---------------------------------------------------------------------------

_WIDE = {0xFF01 + i: 0x21 + i for i in range(0x5E)}
_DASHES = r"(?:至|到|—+|–|―|‒|-|~|〜)"


_CN_MONTH = "[一二三四五六七八九十]{1,2}"
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


class _Text:
    """A line prepared for `find_spans`, with a map back to the original.

    It rewrites what the shared date grammar does not read in a plan:
    '4.21-4.28' and '2023.4.21—4.28' (dotted month.day ranges); '3-4月' and
    '三至四月' (a month range written once); '第三季度'; '次年1月' (the next
    year); an end with no month ('4月中旬至下旬', '5月13日至月底': the
    start's month); and drops weekday notes ('4月21日（周五）').
    """

    def __init__(self, text: str, year: int) -> None:
        self.original = text
        self.text = text.translate(_WIDE)
        self.index = list(range(len(text)))
        self._sub(re.compile(r"\s*[（(](?:周|星期|礼拜)[一二三四五六日天1-7][）)]"), lambda m: "")
        self._sub(
            re.compile(
                rf"(?<![\d.])(?:(\d{{4}})\s*[./]\s*)?(\d{{1,2}})\s*[./]\s*(\d{{1,2}})\s*日?\s*({_DASHES})\s*"
                rf"(?:(\d{{4}})\s*[./]\s*)?(?:(\d{{1,2}})\s*[./]\s*)?(\d{{1,2}})(?![\d./])\s*日?"
            ),
            self._dotted_range,
        )
        self._sub(
            re.compile(
                rf"(?<![\d.])(\d{{1,2}}|{_CN_MONTH})\s*(?:至|到|—+|–|―|-|~|〜)\s*(\d{{1,2}}|{_CN_MONTH})\s*月(?:份)?(?![\d一二三四五六七八九十])"
            ),
            self._month_range,
        )
        self._sub(
            re.compile(r"(?:(\d{4})\s*年\s*)?第?([一二三四1-4])\s*季度"),
            lambda m: (
                f"{m.group(1) + '年' if m.group(1) else ''}{_QUARTERS[m.group(2)] * 3 - 2}月至"
                f"{_QUARTERS[m.group(2)] * 3}月"
            ),
        )
        self._sub(
            re.compile(rf"(?:次年|翌年|来年|明年|第二年)(?=\s*(?:\d{{1,2}}|{_CN_MONTH})\s*月)"),
            lambda m: f"{year + 1}年",
        )
        self._sub(
            re.compile(
                rf"((?:\d{{4}}\s*年)?\s*(\d{{1,2}}|{_CN_MONTH})\s*月\s*"
                rf"(?:\d{{1,2}}\s*[日号]?|初|上旬|中旬|下旬)?\s*{_DASHES}\s*)(月底|月末|上旬|中旬|下旬|月中)"
            ),
            lambda m: (
                m.group(1)
                + m.group(2)
                + "月"
                + {"月底": "底", "月末": "末", "月中": "中旬"}.get(m.group(3), m.group(3))
            ),
        )

    @staticmethod
    def _dotted_range(m: re.Match[str]) -> str | None:
        y1, m1, d1, _sep, y2, m2, d2 = m.groups()
        if y1 is None and y2 is not None:
            return None
        m2 = m2 or m1
        try:
            for mm, dd in ((m1, d1), (m2, d2)):
                date(2000, int(mm), int(dd))
        except ValueError:
            return None
        start = f"{y1 + '年' if y1 else ''}{int(m1)}月{int(d1)}日"
        return f"{start}至{y2 + '年' if y2 else ''}{int(m2)}月{int(d2)}日"

    @staticmethod
    def _month_range(m: re.Match[str]) -> str | None:
        def month(text: str) -> int:
            return int(text) if text.isdigit() else _CN_MONTHS.index(text) + 1

        try:
            a, b = month(m.group(1)), month(m.group(2))
        except ValueError:
            return None
        if not (1 <= a <= 12 and 1 <= b <= 12):
            return None
        return f"{m.group(1)}月至{m.group(2)}月"

    def _sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str | None]) -> None:
        out, index, pos = [], [], 0
        for m in pattern.finditer(self.text):
            new = repl(m)
            if new is None:
                continue
            out.append(self.text[pos : m.start()])
            index.extend(self.index[pos : m.start()])
            out.append(new)
            first, last = self.index[m.start()], self.index[m.end() - 1]
            index.extend([first] * (len(new) - 1) + [last] if new else [])
            pos = m.end()
        if pos:
            out.append(self.text[pos:])
            index.extend(self.index[pos:])
            self.text, self.index = "".join(out), index

    def spans(self, year: int, today: date) -> list[tuple[date | None, date | None, int, int]]:
        """Each date expression: (start, end, first, past-last) in the original."""
        from campaign_cli.dates import find_spans

        found = []
        pos = 0
        for span, written in find_spans(self.text, year=year, today=today):
            at = self.text.find(written, pos) if written else -1
            if at < 0:
                continue
            pos = at + len(written)
            start, end = span.start, span.end
            single = not re.search(_DASHES, written)
            # '5月13日起' / '开始': from then on, with no end stated.
            if single and re.match(r"\s*(?:起|开始|以后|之后)", self.text[pos:]):
                end = None
            # '即日起至5月31日': an end whose start is not a date.
            elif single and re.search(r"(?:至|到|止|截止到?|截至)\s*$", self.text[:at]):
                start = None
            found.append((start, end, self.index[at], self.index[pos - 1] + 1))
        return found


# Text that looks like it meant a date (to warn when none was read).
_DATE_LIKE = re.compile(
    r"[\d０-９]{1,2}\s*月|[一二三四五六七八九十]{1,2}月[份初底末上中下]|年底|年末|月底|上旬|中旬|下旬|"
    r"\d{4}\s*[-./年]\s*\d{1,2}|\d{1,2}\s*[./]\s*\d{1,2}\s*[-—~～至到]"
)
_EXPLICIT_YEAR = re.compile(
    r"(?:19|20)\d{2}\s*年|(?<!\d)(?:19|20)\d{2}\s*[-./]\s*\d{1,2}|次年|翌年|来年|明年"
)


def _first_sentence(text: str) -> tuple[str, str]:
    """The text up to the first 。！？； outside brackets, and the rest (a
    bracket left open by a typo does not swallow the paragraph)."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "（([【〔《":
            depth += 1
        elif ch in "）)]】〕》":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "。！？；;!?":
            return text[:i], text[i + 1 :]
    m = re.search(r"[。！？；;!?]", text)
    if depth and m:
        return text[: m.start()], text[m.end() :]
    return text, ""


# How the rest of a wrapped date begins: '4月28日)', '年底）', '28日）'.
_WRAPPED = re.compile(
    r"^(?:[\d０-９〇一二三四五六七八九十]{1,4}\s*[年月日号]|年底|年末|月底|[至到—\-~～）)])"
)


def _open(text: str) -> bool:
    """A heading cut inside its brackets or its range ('(4月21日至' | '4月28日)'),
    as a hard-wrapped copy leaves it."""
    opened = sum(text.count(c) for c in "（(【〔") - sum(text.count(c) for c in "）)】〕")
    return opened > 0 or bool(re.search(rf"{_DASHES}\s*$", text))


# ---------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------

_FLUFF_BEFORE = (
    r"(?:(?:时间|时限|时段|日期|期限)(?:安排)?\s*(?:为|是)?\s*[:：]?\s*)?"
    r"(?:(?:自|从)?(?:即日|今日|即时|印发之日|发文之日|本方案印发之日)起?\s*)?"
    r"(?:截止到?|截至|从|自|于|在|至|到)?\s*"
)
_FLUFF_AFTER = r"\s*(?:之前|以前|前|以内|内|起|开始|止|期间|左右|完成|结束)?"
_PUNCT = " \t，,、；;：:。.．!！?？—-–~～"
# A note in brackets that says when without a date: （待定）（贯穿全年）（长期坚持）.
_TIME_NOTE = re.compile(r"待定|另行|另定|全年|长期|持续|常态|贯穿|全程|适时|视情|同步|随时|全学期|全学年")
_TRAILING_BRACKET = re.compile(r"[（(]([^（）()]*)[）)]\s*$")


def _time_note(text: str) -> str:
    """The content of a trailing （…） that speaks of time but holds no date
    that was read ('贯穿全年', '2月30日'), or ''."""
    m = _TRAILING_BRACKET.search(text.strip(_PUNCT))
    if m and (_TIME_NOTE.search(m.group(1)) or _DATE_LIKE.search(m.group(1))):
        return m.group(1).strip()
    return ""


def _clean_title(text: str, spans: Iterable[tuple[int, int]], fallback: str) -> str:
    """A phase's title from its first sentence: no numbering, no date, no
    '第一阶段：' label, cut before a colon or a long description."""
    chars = list(text)
    for a, b in sorted(spans, reverse=True):
        chars[a:b] = ["\x00"]
    s = "".join(chars)
    s = re.sub(_FLUFF_BEFORE + "\x00" + _FLUFF_AFTER, "\x00", s)
    s = re.sub(r"[（(\[【〔]\s*[\x00\s，,、；;：:]*[）)\]】〕]", "", s)
    s = s.replace("\x00", " ")
    s = s.strip(_PUNCT)
    if _time_note(s):
        s = _TRAILING_BRACKET.sub("", s.strip(_PUNCT))
    style, _label, body = _numbering(s)
    if style and body:
        s = body
    stage = _STAGE_PREFIX.match(s)
    if stage and s[stage.end() :].strip(_PUNCT):
        s = s[stage.end() :]
    s = s.strip(_PUNCT)
    colon = re.search(r"[:：]", s)
    if colon and colon.start() > 0:
        s = s[: colon.start()]
    comma = re.search(r"[，,]", s)
    if comma and comma.start() > 0 and len(s) - comma.end() > 12:
        s = s[: comma.start()]
    s = re.sub(r"\s+", " ", s).strip(_PUNCT)
    s = re.sub(r"\s*[（(【〔][^）)】〕]*$", "", s) or s  # a bracket left open: '整改（长期'
    return s or fallback


# ---------------------------------------------------------------------------
# Kinds and targets
# ---------------------------------------------------------------------------

_RESEARCH_WORDS = (KINDS["research"][0], *KINDS["research"][2], "调查")


def _kinds(text: str) -> list[str]:
    """Activity kinds the text names, in the order first named."""
    first: dict[str, int] = {}
    for key, (zh, _en, aliases) in KINDS.items():
        if key == "other":  # '其他' is a word of every plan
            continue
        hits = [i for word in (zh, *aliases) if (i := text.find(word)) >= 0]
        if hits:
            first[key] = min(hits)
    return sorted(first, key=first.__getitem__)


def _targets(text: str) -> list[str]:
    """Research targets named in a sentence that speaks of research
    ('调研企业，看岗位需求'); a 教师 named elsewhere is not a target."""
    first: dict[str, int] = {}
    offset = 0
    for sentence in re.split(r"(?<=[。！？；;!?\n])", text):
        if any(word in sentence for word in _RESEARCH_WORDS):
            for key, (zh, _en, aliases) in TARGETS.items():
                hits = [offset + i for word in (zh, *aliases) if (i := sentence.find(word)) >= 0]
                if hits:
                    first[key] = min(first.get(key, hits[0]), *hits)
        offset += len(sentence)
    return sorted(first, key=first.__getitem__)


# ---------------------------------------------------------------------------
# The document's fields
# ---------------------------------------------------------------------------

_DOC_NO = re.compile(
    r"([\u4e00-\u9fff]{1,12})?\s*[〔\[［(（【]\s*((?:19|20)\d{2})\s*[〕\]］)）】]\s*第?\s*(\d{1,4})\s*号"
)
# Words of the sentence that precede an issuer's abbreviation ('根据常教工委〔…').
_DOC_NO_LEAD = re.compile(
    r"^(?:根据|按照|依据|遵照|参照|对照|结合|贯彻|落实|印发|转发|关于|的|和|及|与|见|据|按|照|文件|通知|精神|要求|规定)+"
)
_TITLE_END = re.compile(
    r"(?:实施方案|工作方案|活动方案|方案|计划|安排|通知|意见|办法|细则|要点|规划)(?:[（(][^）)]{1,8}[）)])?$"
)
_FULL_DATE = re.compile(
    r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?|(?<!\d)((?:19|20)\d{2})[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)"
)
_CN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})\s*年\s*[一二三四五六七八九十]{1,2}\s*月")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|年度|学年)")


def _doc_no(lines: list[_Line]) -> tuple[str | None, str | None, int | None]:
    for line in lines:
        m = _DOC_NO.search(line.text)
        if m:
            prefix = _DOC_NO_LEAD.sub("", m.group(1) or "")
            doc_no = (
                prefix + line.text[m.start(1) + len(m.group(1) or "") if m.group(1) else m.start() : m.end()]
            )
            return re.sub(r"\s+", "", doc_no).lstrip("（(["), prefix or None, int(m.group(2))
    return None, None, None


def _is_meaningful(line: _Line) -> bool:
    cjk = sum(1 for ch in line.text if "\u4e00" <= ch <= "\u9fff")
    return cjk >= 4 and not _is_junk(line) and not _DOC_NO.fullmatch(line.text.strip())


def _title(lines: list[_Line]) -> str | None:
    """The first meaningful line, preferring one that reads like a plan's
    name (关于…的实施方案); a title Word wrapped onto two lines is joined."""
    head = []
    for line in lines[:40]:
        if line.style or line.cells is not None or line.text.endswith(("。", "：", ":")):
            if head:
                break
            continue
        if _is_meaningful(line):
            head.append(line)
    if not head:
        return None
    for i, line in enumerate(head):
        text = line.text
        if _TITLE_END.search(text) and len(text) <= 100:
            return text
        nxt = head[i + 1].text if i + 1 < len(head) else ""
        wrapped = nxt and _TITLE_END.search(nxt) and len(text + nxt) <= 100 and head[i + 1].no - line.no <= 2
        if wrapped and (text.startswith("关于") or len(nxt) <= 12):
            return text + nxt  # a title Word wrapped onto two lines
    about = [line.text for line in head if line.text.startswith("关于")]
    return about[0] if about else head[0].text


# ---------------------------------------------------------------------------
# Finding the phases
# ---------------------------------------------------------------------------


@dataclass
class _Raw:
    """A phase as found, before its dates are read."""

    line: int
    head: str  # the phase's heading (numbering stripped) or its title cell
    label: str  # its numbering: '1.', '（一）', '第一阶段'
    block: list[_Line] = field(default_factory=list)  # the lines under it
    time_text: str | None = None  # a table's time cell
    extra: str = ""  # the rest of a table row

    @property
    def paragraph(self) -> str:
        return "\n".join([self.head, self.time_text or "", self.extra, *(b.text for b in self.block)])


_HEADER_TIME = re.compile(r"^(?:起止|完成|实施|计划|推进)?(?:时间|时间安排|时限|时间节点|日期|时段|时间段)$")
_HEADER_STAGE = re.compile(r"^(?:实施|工作|推进)?(?:阶段|步骤|环节|阶段名称|名称|项目|阶段任务)$")
_HEADER_CONTENT = re.compile(r"(?:内容|任务|措施|安排|要求|事项)$")
_HEADER_SEQ = re.compile(r"^(?:序号|编号|No\.?|#)$", re.I)


def _header(cells: list[str]) -> dict[str, int] | None:
    roles: dict[str, int] = {}
    for i, cell in enumerate(cells):
        c = re.sub(r"\s+", "", cell)
        if len(c) > 10:
            return None
        for role, pattern in (
            ("seq", _HEADER_SEQ),
            ("time", _HEADER_TIME),
            ("stage", _HEADER_STAGE),
            ("content", _HEADER_CONTENT),
        ):
            if role not in roles and pattern.search(c):
                roles[role] = i
                break
    if "time" in roles and ("stage" in roles or "content" in roles):
        return roles
    return None


class _Finder:
    """Finds the phase section and the phases in it."""

    def __init__(self, lines: list[_Line], year: int, today: date) -> None:
        self.lines = lines
        self.year = year
        self.today = today
        self.preamble: list[_Line] = []  # lines above the first phase: may state the overall period
        self.section_heading: _Line | None = None

    def _has_date(self, text: str) -> bool:
        return bool(_Text(text, self.year).spans(self.year, self.today))

    def _is_heading(self, line: _Line) -> bool:
        if line.style == "stage" or (line.cells is not None and (line.style is None or "\t" in line.text)):
            return False
        body = line.body if line.style else line.text
        plain = re.sub(r"[（(【〔][^）)】〕]*[）)】〕]", "", body).strip(_PUNCT)
        return (
            0 < len(plain) <= 24
            and not re.search(r"[。；;，,]", plain)
            and bool(_PHASE_SECTION.search(plain) or _WEAK_SECTION.search(plain))
        )

    def find(self) -> list[_Raw]:
        """Phases under the first phase-section heading that has dated ones
        (a strong heading before a weak one; else the first with any);
        else found without a heading."""
        found: list[tuple[int, _Line, list[_Raw], list[_Line]]] = []
        for i, line in enumerate(self.lines):
            if not self._is_heading(line):
                continue
            raws, preamble = self._phases_in(self._section(i))
            if raws:
                dated = any(self._raw_has_date(r) for r in raws)
                strong = bool(_PHASE_SECTION.search(line.body or line.text))
                found.append((2 * dated + strong, line, raws, preamble))
        if found:
            score, heading, raws, preamble = max(found, key=lambda f: f[0])  # the first of equals
            if score < 2 and (dated := self._without_heading()):
                return dated  # no heading has dated phases, but dated items elsewhere
            self.section_heading, self.preamble = heading, preamble
            return raws
        return self._without_heading()

    def _raw_has_date(self, raw: _Raw) -> bool:
        if raw.time_text is not None:
            return self._has_date(raw.time_text)
        return self._has_date(_first_sentence(raw.head)[0])

    def _section(self, h: int) -> list[_Line]:
        """The lines under heading h, up to the next heading of its level
        or above, another section ('工作要求'), or the end of the document."""
        heading = self.lines[h]
        out: list[_Line] = []
        phase_rank: int | None = None
        for line in self.lines[h + 1 :]:
            if _is_junk(line):
                break
            if line.rank is not None:
                if heading.rank is not None and line.rank <= heading.rank:
                    break
                if heading.rank is None:
                    if phase_rank is not None and line.rank < phase_rank:
                        break
                    if line.rank <= 1 and any(o.style == "stage" for o in out):
                        break
                if phase_rank is None:
                    phase_rank = line.rank
            if line.cells is None and _OTHER_SECTION.match(line.body if line.style else line.text):
                break  # '（四）工作要求' closing the steps
            out.append(line)
        return out

    def _phases_in(self, section: list[_Line]) -> tuple[list[_Raw], list[_Line]]:
        """The phases in a section and the lines above the first of them."""
        for i, line in enumerate(section):  # a table of phases (阶段 | 时间 | 内容)
            if line.cells and (roles := _header(line.cells)):
                return self._table(section[i + 1 :], roles), section[:i]
        preamble: list[_Line] = []
        raws: list[_Raw] = []
        numbered = [line for line in section if line.style]
        if numbered:
            style = "stage" if any(n.style == "stage" for n in numbered) else numbered[0].style
            for line in section:
                if line.style == style:
                    raws.append(_Raw(line.no, line.body, line.label))
                elif raws:
                    raws[-1].block.append(line)
                else:
                    preamble.append(line)
            return raws, preamble
        # Unnumbered paragraphs, each opening with its title and dates.
        for line in section:
            first = _first_sentence(line.text)[0]
            if (
                not _LABELLED_TIME.match(line.text)
                and self._has_date(first)
                and not _only_date(first, self.year, self.today)
            ):
                raws.append(_Raw(line.no, line.text, ""))
            elif raws:
                raws[-1].block.append(line)
            else:
                preamble.append(line)
        return (raws, preamble) if len(raws) >= 2 else ([], [])

    def _table(self, rows: list[_Line], roles: dict[str, int] | None) -> list[_Raw]:
        raws: list[_Raw] = []
        for line in rows:
            if line.cells == []:  # a markdown separator row
                continue
            if line.cells is None:
                if (
                    (line.rank is not None and line.rank <= 2)
                    or _is_junk(line)
                    or _OTHER_SECTION.match(line.body)
                ):
                    break
                if raws:  # a cell's text that went onto its own line
                    raws[-1].block.append(line)
                continue
            raw = self._row(line, roles)
            if raw is not None:
                raws.append(raw)
        return raws

    def _row(self, line: _Line, roles: dict[str, int] | None) -> _Raw | None:
        cells = line.cells or []

        def cell(role: str) -> str:
            i = roles.get(role) if roles else None
            return cells[i] if i is not None and i < len(cells) else ""

        if roles:
            time_text, stage, content = cell("time"), cell("stage"), cell("content")
            rest = [c for i, c in enumerate(cells) if i not in roles.values() and c]
        else:
            dated = [i for i, c in enumerate(cells) if self._has_date(c)]
            if not dated:
                return None
            time_text = cells[dated[0]]
            words = [
                c
                for i, c in enumerate(cells)
                if i != dated[0] and c and not re.fullmatch(r"[\d.、）)（(]*", c)
            ]
            stage, content, rest = (words[0] if words else ""), "", words[1:]
        if not (stage or content):
            return None
        style, _label, body = _numbering(stage)
        stage_title = body if style else stage
        m = _STAGE_PREFIX.match(stage_title)
        if m:
            stage_title = stage_title[m.end() :]
        head = stage if stage_title.strip(_PUNCT) else (content or stage)
        extra = "\n".join(c for c in (content if head is not content else "", *rest) if c)
        return _Raw(line.no, head, stage, time_text=time_text, extra=extra)

    def _without_heading(self) -> list[_Raw]:
        """No phase section: a phase table (with a 阶段 column) anywhere, or
        the run of same-numbered items carrying the most dates, or 第X阶段 lines."""
        for i, line in enumerate(self.lines):
            if line.cells and (roles := _header(line.cells)) and "stage" in roles:
                raws = self._table(self.lines[i + 1 :], roles)
                if raws:
                    return raws
        level = {**_RANK, "stage": 1.5}
        runs: list[list[_Raw]] = []
        open_runs: dict[str, list[_Raw]] = {}
        excluded = False  # inside a 工作要求 / 保障措施 section
        for line in self.lines:
            if _is_junk(line):
                break
            if line.style:
                rank = level[line.style]
                for style in [s for s in open_runs if level[s] > rank]:
                    runs.append(open_runs.pop(style))
                if rank <= 2 and line.style not in open_runs:
                    excluded = bool(_OTHER_SECTION.match(line.body))
                for style, raws in open_runs.items():
                    if style != line.style:
                        raws[-1].block.append(line)
                if line.style in open_runs:
                    open_runs[line.style].append(_Raw(line.no, line.body, line.label))
                elif not excluded:
                    open_runs[line.style] = [_Raw(line.no, line.body, line.label)]
            else:
                for raws in open_runs.values():
                    raws[-1].block.append(line)
        runs.extend(open_runs.values())
        best: list[_Raw] = []
        best_score = 0.0
        for raws in runs:
            dated = sum(1 for r in raws if self._raw_has_date(r))
            score = float(dated) if dated >= 2 else 0.0
            if not score and len(raws) >= 2 and raws[0].label.startswith("第"):
                score = 0.5  # undated 第X阶段 lines still name the phases
            if score > best_score:
                best, best_score = raws, score
        return best


def _bare(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` without its dates, empty brackets and edge punctuation."""
    chars = list(text)
    for a, b in sorted(spans, reverse=True):
        chars[a:b] = []
    s = re.sub(r"[（(\[【〔]\s*[\s，,、；;：:]*[）)\]】〕]", "", "".join(chars))
    return s.strip(_PUNCT)


def _only_date(text: str, year: int, today: date) -> bool:
    """True when `text` holds a date and nothing else but brackets and labels."""
    found, spans = _read_dates(text, year, today)
    return found is not None and _clean_title(text, spans, "") == ""


# ---------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------


def parse_plan(text: str, *, year: int | None = None, today: date) -> PlanDocument:
    """A plan's title, 文号, year, overall period and phases.

    `year` (the --year option) wins; else the 文号's year (常教工委〔2023〕28号);
    else the first full date written in the plan; else None, and dates
    written without a year are read in today's year (the caller asks or errors).
    """
    lines = _lines(normalise_text(text))
    warnings: list[PlanWarning] = []
    title = _title(lines)
    doc_no, issuer, no_year = _doc_no(lines)

    finder = _Finder(lines, year or no_year or today.year, today)
    raws = finder.find()
    doc_year = year or no_year or _stated_year(lines, raws, title)
    base = doc_year or today.year
    finder.year = base

    phases = _resolve_phases(raws, base, today, warnings)
    phase_warnings = len(warnings)
    start, end, not_a_phase = _overall(finder, raws, phases, base, today, warnings)
    if not_a_phase is not None:  # the overall period, stated as an item: not a phase
        phases.remove(not_a_phase)
        warnings[:phase_warnings] = [w for w in warnings[:phase_warnings] if w.line != not_a_phase.line]

    seen: dict[str, int] = {}
    for seq, phase in enumerate(phases, start=1):
        phase.seq = seq
        if phase.title in seen:
            warnings.append(
                _warn(phase.line, "plan.duplicate_title", title=phase.title, first=seen[phase.title])
            )
        seen.setdefault(phase.title, phase.line)
        if phase.start is None and phase.end is None:
            warnings.append(_warn(phase.line, "plan.phase_no_date", title=phase.title))
    if not phases:
        warnings.append(_warn(0, "plan.no_phases"))
    if doc_year is None:
        warnings.append(_warn(0, "plan.no_year", year=today.year))
    if title is None:
        warnings.append(_warn(0, "plan.no_title"))
    warnings.sort(key=lambda w: w.line)
    return PlanDocument(title, doc_no, issuer, doc_year, start, end, phases, warnings)


def _warn(line: int, key: str, **params: object) -> PlanWarning:
    return PlanWarning(line, key, {"line": line, **params})


def _stated_year(lines: list[_Line], raws: list[_Raw], title: str | None) -> int | None:
    """The year of the first full date written: in the phases first, then
    anywhere in the plan; then a year in the title ('2023年度…')."""
    phase_lines = {r.line for r in raws} | {b.no for r in raws for b in r.block}
    ordered = [ln for ln in lines if ln.no in phase_lines] + [ln for ln in lines if ln.no not in phase_lines]
    for line in ordered:
        m = _FULL_DATE.search(line.text.translate(_WIDE))
        if m:
            return int(m.group(1) or m.group(2))
        m = _CN_YEAR.search(line.text)
        if m:
            return int(
                "".join(str("〇一二三四五六七八九".index(c)) if c != "零" else "0" for c in m.group(1))
            )
    if title:
        m = _TITLE_YEAR.search(title.translate(_WIDE))
        if m:
            return int(m.group(1))
    return None


@dataclass
class _Dates:
    start: date | None
    end: date | None
    as_written: str
    explicit_year: bool


def _read_dates(text: str, year: int, today: date) -> tuple[_Dates | None, list[tuple[int, int]]]:
    """The time box of every date expression in `text` together (earliest
    start, latest end), and where each expression was found."""
    found = _Text(text, year).spans(year, today)
    if not found:
        return None, []
    starts = [s for s, _e, _a, _b in found if s is not None]
    ends = [e for _s, e, _a, _b in found if e is not None]
    written = text[found[0][2] : found[-1][3]].strip()
    dates = _Dates(
        min(starts) if starts else None,
        max(ends) if ends else None,
        written,
        bool(_EXPLICIT_YEAR.search(written.translate(_WIDE))),
    )
    return dates, [(a, b) for _s, _e, a, b in found]


def _phase_dates(raw: _Raw, year: int, today: date) -> tuple[_Dates | None, list[tuple[int, int]], str]:
    """A phase's dates, from (in order): its table time cell; its heading's
    first sentence; a 时间：… line or sentence under it; a line right under
    the heading holding only a date; a second sentence opening with a date.
    Returns the dates, where dates sit in the heading's first sentence (to
    cut them from the title), and date-like text that could not be read."""
    first, rest = _first_sentence(raw.head)
    dates, positions = _read_dates(first, year, today)
    if raw.time_text is not None:
        cell, _ = _read_dates(raw.time_text, year, today)
        unread = raw.time_text if cell is None and _DATE_LIKE.search(raw.time_text) else ""
        return cell, positions, unread
    if dates is not None:
        return dates, positions, ""
    unread = first if _DATE_LIKE.search(first) else ""
    sources = [line.body if line.style else line.text for line in raw.block] + [rest]
    for src in sources:
        m = _LABELLED_TIME.search(src)
        if m:
            found, _ = _read_dates(_first_sentence(src[m.end() :])[0], year, today)
            if found is not None:
                return found, positions, ""
    if raw.block:
        nxt = raw.block[0]
        plain = nxt.style is None and nxt.cells is None and not _SIGNATURE_DATE.match(nxt.text)
        if plain and _only_date(nxt.text, year, today):
            return _read_dates(nxt.text, year, today)[0], positions, ""
    second = _first_sentence(rest)[0].strip()
    if second:
        found, spans = _read_dates(second, year, today)
        if found is not None and spans[0][0] <= 2:
            return found, positions, ""
    return None, positions, unread


def _resolve_phases(raws: list[_Raw], base: int, today: date, warnings: list[PlanWarning]) -> list[PlanPhase]:
    """Each phase's title, dates, kinds and targets.

    A year written in one phase carries to the next ('2023年11月—2024年1月',
    then '2月—3月'); a phase written without a year that would start half a
    year before the one above it is read in the next year, with a warning."""
    phases: list[PlanPhase] = []
    current = base
    previous: date | None = None  # the start of the last phase that has one
    for seq, raw in enumerate(raws, start=1):
        while raw.time_text is None and _open(raw.head) and raw.block and _WRAPPED.match(raw.block[0].text):
            raw.head += raw.block.pop(0).text  # a heading wrapped onto the next line
        dates, positions, unread = _phase_dates(raw, current, today)
        first = _first_sentence(raw.head)[0]
        title = _clean_title(first, positions, "")
        if not title and raw.block:  # '1.（4月21日至28日）' over '开展专题学习。…'
            below = _first_sentence(raw.block[0].body or raw.block[0].text)[0]
            title = _clean_title(below, _read_dates(below, current, today)[1], "")
        title = title or raw.label.strip(_PUNCT) or first.strip()[:30]
        note = "" if dates is not None else _time_note(_bare(first, positions))
        if dates is not None and not dates.explicit_year and previous is not None:
            ref = dates.start or dates.end
            if ref is not None and (previous - ref).days > 180:
                later = _phase_dates(raw, current + 1, today)[0]
                if later is not None:
                    dates, current = later, current + 1
                    warnings.append(_warn(raw.line, "plan.year_assumed", title=title, year=current))
        if dates is not None and dates.explicit_year and (dates.end or dates.start):
            current = (dates.end or dates.start).year
        if dates is not None and dates.start is not None:
            previous = dates.start
        if dates is None and unread:
            warnings.append(
                _warn(raw.line, "plan.unread_date", title=title, text=(note or unread.strip())[:40])
            )
        if dates is not None and dates.start is not None and dates.end is None:
            warnings.append(_warn(raw.line, "plan.open_end", title=title, text=dates.as_written))
        paragraph = raw.paragraph
        phases.append(
            PlanPhase(
                seq=seq,
                title=title,
                start=dates.start if dates else None,
                end=dates.end if dates else None,
                as_written=dates.as_written if dates else note,
                kinds=_kinds(paragraph),
                targets=_targets(paragraph),
                line=raw.line,
            )
        )
    return phases


def _overall(
    finder: _Finder,
    raws: list[_Raw],
    phases: list[PlanPhase],
    year: int,
    today: date,
    warnings: list[PlanWarning],
) -> tuple[date | None, date | None, PlanPhase | None]:
    """The overall period (SPEC §4): a range spanning all the phases, stated
    as an item among them whose title is only a time label ('（一）时间安排：
    2023年4月至12月', then not a phase), in the phase section's heading, or
    above the first phase (a line labelled 活动时间：…, or any range there
    that spans the phases). A labelled one that does not span the phases is
    kept, with a warning. Returns start, end, and the phase it replaces."""
    candidates: list[tuple[int, _Dates, bool, PlanPhase | None]] = []
    for phase, raw in zip(phases, raws, strict=True):
        first = _first_sentence(raw.head)[0]
        found, positions = _read_dates(first, year, today)
        bare = _bare(first, positions)
        if len(phases) > 1 and found is not None and (not bare or _TIME_LABEL.match(bare)):
            # '时间安排：…' is one; a bare date is one only if it spans the rest.
            candidates.append((raw.line, found, bool(bare), phase))
    heading = finder.section_heading
    if heading is not None:
        found, _ = _read_dates(heading.body if heading.style else heading.text, year, today)
        if found is not None:
            candidates.append((heading.no, found, True, None))
    first_phase = min((r.line for r in raws), default=10**9)
    above = [ln for ln in finder.lines if ln.no < first_phase and ln is not heading]
    for i, line in enumerate(above):
        body = line.body if line.style else line.text
        labelled = _LABELLED_TIME.match(body)
        if labelled:
            found, _ = _read_dates(body[labelled.end() :], year, today)
        elif _TIME_LABEL.match(body.strip(_PUNCT)) and i + 1 < len(above):
            nxt = above[i + 1].text  # '（三）活动时间' over '2023年4月—12月'
            found = _read_dates(nxt, year, today)[0] if _only_date(nxt, year, today) else None
            labelled = found is not None
        elif re.search(r"时间|期间|为期|[自从].{0,12}[起开始至到]", body):
            found, _ = _read_dates(body, year, today)
        else:
            continue
        if found is not None:
            candidates.append((line.no, found, bool(labelled), None))
    dated = any(p.start or p.end for p in phases)
    for line_no, found, labelled, phase in candidates:
        if found.start is None or found.end is None or found.start >= found.end:
            continue  # a period has a start and an end ('会议时间：4月20日' is not one)
        if not labelled and not dated:
            continue
        rest = [p for p in phases if p is not phase]
        starts = [p.start for p in rest if p.start]
        ends = [p.end for p in rest if p.end]
        if (not starts or found.start <= min(starts)) and (not ends or found.end >= max(ends)):
            return found.start, found.end, phase
        if labelled:
            warnings.append(_warn(line_no, "plan.overall_mismatch", text=found.as_written))
            return found.start, found.end, phase
    return None, None, None
