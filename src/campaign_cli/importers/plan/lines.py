"""Stage 2, lines: the text as candidate lines, each with its numbering,
its table cells, whether it is page junk, and the dates it holds.

A paragraph that holds several items is split into them, each keeping the
paragraph's line number: '第一阶段(2月25日—3月2日):隐患自查,第二阶段(3月3日
—4日):实地检查', '…。第一阶段：学习调研，时间安排在3月-4月', '（一）…；（二）…',
and items that open with their date ('9月上旬至10月中旬,学习动员阶段;10月下旬…').

Dates are found by `campaign_cli.dates` (the one date grammar), once per
text; `read_dates` gives them a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from campaign_cli.dates import Mention, find_mentions
from campaign_cli.importers.plan import words


@dataclass
class Line:
    no: int  # 1-based line number in the document
    text: str  # stripped, markdown marks removed
    style: str | None = None  # numbering style ('stage', 'cn_paren', … 'dated'), None if not numbered
    label: str = ""  # the numbering as written ('1.', '（一）', '第一阶段')
    body: str = ""  # the text after the numbering
    cells: list[str] | None = None  # a table row's cells ([] for a markdown separator row)
    junk: str | None = None  # 'skip': page furniture; 'end': what follows a page's text
    inline: bool = False  # an item split out of a paragraph

    @property
    def rank(self) -> int | None:
        return words.RANK.get(self.style) if self.style else None

    @property
    def content(self) -> str:
        return self.body if self.style else self.text


def split_lines(text: str) -> list[Line]:
    """Every non-empty line of `text` as a Line, paragraphs holding several
    items split into them."""
    out: list[Line] = []
    for no, raw in enumerate(text.split("\n"), start=1):
        s = _clean(raw)
        if not s:
            continue
        cells = _cells(s)
        # '1.\t开展…' (a Word list pasted as text): a numbered line, not a row.
        if cells and len([c for c in cells if c]) == 2 and not s.startswith("|"):
            style, label, body = numbering(cells[0])
            if style and not body:
                s, cells = f"{label}{' '.join(c for c in cells[1:] if c)}", None
        junk = junk_kind(s)
        if cells is not None or junk:
            out.append(_line(no, s, cells=cells, junk=junk))
            continue
        parts = split_items(s)
        out.extend(_line(no, part, inline=i > 0) for i, part in enumerate(parts))
    return out


def _line(no: int, s: str, *, cells: list[str] | None = None, junk: str | None = None, inline: bool = False) -> Line:
    style, label, body = numbering(s)
    if style is None and cells is None and not junk and _opens_with_a_dated_phase(s):
        style = "dated"
    return Line(no, s, style, label, body, cells, junk, inline)


def _clean(raw: str) -> str:
    s = raw.strip()
    for _ in range(3):
        stripped = words.MD_PREFIX.sub("", s, count=1).strip()
        if stripped == s:
            break
        s = stripped
    return s.replace("**", "").replace("__", "").strip()


def numbering(s: str) -> tuple[str | None, str, str]:
    """(style, label, body) of a line's numbering; (None, '', s) if none."""
    for style, pattern in words.NUMBERINGS:
        m = pattern.match(s)
        if m:
            return style, s[: m.end()].strip(), s[m.end() :].strip()
    return None, "", s


_CN_VALUE = {ch: i for i, ch in enumerate("一二三四五六七八九十", start=1)}


def label_number(label: str) -> int | None:
    """The number a label gives: '第三阶段' 3, '（二）' 2, '4.' 4, '⑤' 5, '十二、' 12."""
    m = re.search(r"\d{1,2}", label)
    if m:
        return int(m.group())
    for ch in label:
        if "①" <= ch <= "⑳":
            return ord(ch) - ord("①") + 1
        if "⑴" <= ch <= "⒇":
            return ord(ch) - ord("⑴") + 1
        if "⒈" <= ch <= "⒛":
            return ord(ch) - ord("⒈") + 1
    digits = [_CN_VALUE[ch] for ch in label if ch in _CN_VALUE]
    if not digits:
        return None
    if len(digits) == 1:
        return digits[0]
    if digits[0] == 10:  # 十二
        return 10 + digits[1]
    return digits[0] * 10 + (digits[2] if len(digits) > 2 else 0)  # 二十, 二十三


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


def junk_kind(s: str) -> str | None:
    """'skip' for page furniture (a breadcrumb, a meta line, a web address,
    page numbers), 'end' for what follows a page's text (上一篇, 打印, 关闭,
    版权所有, a signature date), None for content."""
    if words.JUNK_SKIP.match(s) or words.META_LINE.search(s) or words.PAGE_FURNITURE.match(s):
        return "skip"
    if words.JUNK_END.match(s) or words.SIGNATURE_DATE.match(s):
        return "end"
    short = len(words.EMAIL.sub("", s)) <= 60
    if short and words.URL.search(words.EMAIL.sub("", s)):
        return "skip"
    if short and words.CONTACT.match(s):
        return "skip"
    return None


# ---------------------------------------------------------------------------
# Inline items
# ---------------------------------------------------------------------------


def split_items(s: str) -> list[str]:
    """A paragraph's items: split where a numbered phase opens mid-paragraph,
    where （一）…；（二）… follow each other, or where each of several
    sentences opens with its date. A paragraph with one item is [s]."""
    parts = _split_stages(s)
    if len(parts) == 1:
        parts = _split_numbers(s)
    if len(parts) == 1:
        parts = _split_dated(s)
    return parts


def _split_stages(s: str) -> list[str]:
    cuts = [m.start() for m in words.INLINE_STAGE.finditer(s) if m.start() > 0]
    cuts = [c for c in cuts if _stage_item_at(s, c)]
    own = words.STAGE_LABEL.match(s) is not None
    if not cuts:
        return [s]
    # One stage mid-paragraph is an item only after a sentence ends
    # ('…分三个阶段进行。第一阶段：…'); several are a run of items.
    if len(cuts) == 1 and not own and not _after_sentence(s, cuts[0]):
        return [s]
    return _cut(s, cuts)


def _after_sentence(s: str, at: int) -> bool:
    return s[:at].rstrip()[-1:] in "。；;：:"


def _stage_item_at(s: str, at: int) -> bool:
    """'第二阶段(3月3日…', '第二阶段：实地检查' or a stage opening a sentence
    ('。第二阶段组织评议。') opens an item; '，第二阶段要…' (prose about a
    stage) does not unless a date follows in its sentence."""
    m = words.STAGE_LABEL.match(s, at)
    if m is None:
        return False
    rest = s[m.end() :]
    if re.match(r"\s*[：:（(，,、—\-\s]", rest) or _after_sentence(s, at):
        return True
    return bool(dates_in(first_sentence(rest)[0]))


def _split_numbers(s: str) -> list[str]:
    """'活动分三步进行：（一）亮明身份（3月）。…；（二）践诺履责（4月至6月）。…':
    a run of like numbers counting up from the paragraph's own or from one."""
    style, label, _body = numbering(s)
    starts: list[tuple[int, str, int]] = []  # (position, style, number)
    if style in ("cn_paren", "ar_dot", "ar_paren"):
        starts.append((0, style, label_number(label) or 0))
    for m in words.INLINE_NUMBER.finditer(s):
        st, lab, _ = numbering(s[m.end() :])
        if st in ("cn_paren", "ar_dot", "ar_paren") and m.end() > 0:
            starts.append((m.end(), st, label_number(lab) or 0))
    best: list[int] = []
    for i, (at, st, n) in enumerate(starts):
        if at > 0 and n != 1:
            continue
        run, expected = [at], n + 1
        for at2, st2, n2 in starts[i + 1 :]:
            if st2 == st and n2 == expected:
                run.append(at2)
                expected += 1
        if len(run) >= 2 and len(run) > len(best):
            best = run
    cuts = [at for at in best if at > 0]
    return _cut(s, cuts) if cuts else [s]


def _split_dated(s: str) -> list[str]:
    pieces = [p for p in re.split(r"(?<=[；;。：:])", s) if p.strip()]
    if len(pieces) < 2:
        return [s]
    dated = [_opens_with_a_dated_phase(p.strip()) for p in pieces]
    if sum(dated) < 2:
        return [s]
    out: list[str] = []
    for piece, opens in zip(pieces, dated, strict=True):
        if opens or not out:
            out.append(piece.strip())
        else:
            out[-1] += piece.strip()
    return out


def _opens_with_a_dated_phase(s: str) -> bool:
    """'9月上旬至10月中旬,学习动员阶段;' and '4月21日至4月28日，开展专题学习。':
    a date first, then a phase's name."""
    found = dates_in(first_sentence(s)[0])
    if not found or found[0].first > 1:
        return False
    rest = first_sentence(s)[0][found[0].last :]
    return bool(re.match(r"\s*[，,：:、\s]", rest)) and bool(words.PHASE_WORD.search(rest)) and len(rest) <= 40


def _cut(s: str, cuts: list[int]) -> list[str]:
    bounds = [0, *cuts, len(s)]
    parts = [s[a:b].strip().rstrip("，,") for a, b in zip(bounds, bounds[1:])]
    return [p for p in parts if p]


# ---------------------------------------------------------------------------
# Sentences and dates
# ---------------------------------------------------------------------------


def first_sentence(text: str) -> tuple[str, str]:
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


@lru_cache(maxsize=4096)
def dates_in(text: str) -> tuple[Mention, ...]:
    """The date expressions of `text`, found once (cached: stages ask again)."""
    return tuple(find_mentions(text))


@dataclass
class Dates:
    start: date | None
    end: date | None
    as_written: str
    has_year: bool  # a year is written in it (2023年, 次年)


def read_dates(text: str, year: int, today: date) -> tuple[Dates | None, list[tuple[int, int]]]:
    """The time box of every date expression in `text` together (earliest
    start, latest end) read in `year`, and where each expression stands."""
    found = []
    for mention in dates_in(text):
        if words.PLACEHOLDER_YEAR.search(text[: mention.first]):
            continue  # '20xx年5月': a template's blank, not May of some year
        span = mention.span(year, today)
        if span is None:
            continue
        start, end = span
        # '自方案印发之日起至5月31日': an end whose start is not a date.
        if mention.expr.end is None and end is not None and words.UNTIL_BEFORE.search(text[: mention.first]):
            start = None
        found.append((start, end, mention))
    if not found:
        return None, []
    starts = [s for s, _e, _m in found if s is not None]
    ends = [e for _s, e, _m in found if e is not None]
    written = text[found[0][2].first : found[-1][2].last].strip()
    dates = Dates(
        min(starts) if starts else None,
        max(ends) if ends else None,
        written,
        any(m.has_year for _s, _e, m in found),
    )
    return dates, [(m.first, m.last) for _s, _e, m in found]




# How the rest of a wrapped date begins: '4月28日)', '年底）', '28日）'.
WRAPPED = re.compile(r"^(?:[\d０-９〇一二三四五六七八九十]{1,4}\s*[年月日号]|年底|年末|月底|[至到—\-~～）)])")
_DASH_END = re.compile(r"(?:至|到|—+|–|―|‒|-|~|〜)\s*$")


def is_open(text: str) -> bool:
    """A heading cut inside its brackets or its range ('(4月21日至' | '4月28日)'),
    as a hard-wrapped copy leaves it."""
    opened = sum(text.count(c) for c in "（(【〔") - sum(text.count(c) for c in "）)】〕")
    return opened > 0 or bool(_DASH_END.search(text))
