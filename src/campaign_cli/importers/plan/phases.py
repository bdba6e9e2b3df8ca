"""Stage 4, phases: choose the phase items among the lines, read each one's
title, dates and kinds, and the overall period that is not a phase.

Where the phases are: under a timetable heading (时间内容安排, 实施步骤,
进度安排; else a weaker one: 工作安排, 活动内容) whose items have dates; else
the run of like-numbered items anywhere that carries the most dates (or a
table with a 阶段 column, or 第X阶段 lines). Within a section the items of
its top numbering are the phases; a 第X阶段 item that carries the count on
under another numbering ('（一）', '（二）', then '第三阶段：') is kept, with a
note. A line that looks like a phase but was not taken gets a note too.

Dates without a year are read in the year the timetable has reached: after
a phase that crossed into the next year, a bare date is put in the year
that keeps the timetable in order (SPEC §4), with a note when that is not
the year written last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable

from campaign_cli.importers.plan import words
from campaign_cli.importers.plan.lines import (
    WRAPPED,
    Dates,
    Line,
    first_sentence,
    is_open,
    label_number,
    numbering,
    read_dates,
)
from campaign_cli.importers.plan.model import PlanPhase, PlanWarning, warn

PUNCT = words.PUNCT


@dataclass
class Raw:
    """A phase as found, before its dates are read."""

    line: int
    head: str  # the phase's heading (numbering stripped) or its title cell
    label: str  # its numbering: '1.', '（一）', '第一阶段'
    block: list[Line] = field(default_factory=list)  # the lines under it
    time_text: str | None = None  # a table's time cell
    extra: str = ""  # the rest of a table row
    mixed: bool = False  # taken under another numbering than the other phases'
    source: Line | None = None

    @property
    def paragraph(self) -> str:
        return "\n".join([self.head, self.time_text or "", self.extra, *(b.text for b in self.block)])


def _raw(line: Line, *, mixed: bool = False) -> Raw:
    return Raw(line.no, line.body if line.style != "dated" else line.text, line.label, mixed=mixed, source=line)


def _header(cells: list[str]) -> dict[str, int] | None:
    roles: dict[str, int] = {}
    for i, cell in enumerate(cells):
        c = re.sub(r"\s+", "", cell)
        if len(c) > 10:
            return None
        for role, pattern in (
            ("seq", words.HEADER_SEQ),
            ("time", words.HEADER_TIME),
            ("stage", words.HEADER_STAGE),
            ("content", words.HEADER_CONTENT),
        ):
            if role not in roles and pattern.search(c):
                roles[role] = i
                break
    if "time" in roles and ("stage" in roles or "content" in roles):
        return roles
    return None


class Finder:
    """Finds the phase section and the phases in it."""

    def __init__(self, lines: list[Line], year: int, today: date) -> None:
        self.lines = [ln for ln in lines if ln.junk != "skip"]
        self.year = year
        self.today = today
        self.preamble: list[Line] = []  # lines above the first phase: may state the overall period
        self.section_heading: Line | None = None

    def _has_date(self, text: str) -> bool:
        return read_dates(text, self.year, self.today)[0] is not None

    def _is_heading(self, line: Line) -> bool:
        if line.style in ("stage", "dated") or line.inline or line.junk:
            return False
        if line.cells is not None and (line.style is None or "\t" in line.text):
            return False
        body = line.content
        plain = re.sub(r"[（(【〔][^）)】〕]*[）)】〕]", "", body).strip(PUNCT)
        plain = re.split(r"[:：]", plain)[0] if self._has_date(plain) else plain  # '时间安排：2025年9月…'
        return (
            0 < len(plain) <= 24
            and not re.search(r"[。；;，,]", plain)
            and bool(words.PHASE_SECTION.search(plain) or words.WEAK_SECTION.search(plain))
        )

    def find(self) -> list[Raw]:
        """Phases under the first phase-section heading that has dated ones
        (a strong heading before a weak one; else the first with any);
        else found without a heading."""
        found: list[tuple[int, Line, list[Raw], list[Line]]] = []
        for i, line in enumerate(self.lines):
            if not self._is_heading(line):
                continue
            raws, preamble = self._phases_in(self._section(i))
            if raws:
                dated = any(self._raw_has_date(r) for r in raws)
                strong = bool(words.PHASE_SECTION.search(line.content))
                found.append((2 * dated + strong, line, raws, preamble))
        if found:
            score, heading, raws, preamble = max(found, key=lambda f: f[0])  # the first of equals
            if score < 2 and (dated := self._without_heading()):
                return dated  # no heading has dated phases, but dated items elsewhere
            self.section_heading, self.preamble = heading, preamble
            return raws
        return self._without_heading()

    def _raw_has_date(self, raw: Raw) -> bool:
        if raw.time_text is not None:
            return self._has_date(raw.time_text)
        return self._has_date(first_sentence(raw.head)[0])

    def _section(self, h: int) -> list[Line]:
        """The lines under heading h, up to the next heading of its level
        or above, another section ('工作要求'), what ends a web page, or
        the end of the document."""
        heading = self.lines[h]
        out: list[Line] = []
        phase_rank: int | None = None
        for line in self.lines[h + 1 :]:
            if line.junk == "end":
                if out:
                    break
                continue
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
            if line.cells is None and words.OTHER_SECTION.match(line.content):
                break  # '（四）工作要求' closing the steps
            out.append(line)
        return out

    def _phases_in(self, section: list[Line]) -> tuple[list[Raw], list[Line]]:
        """The phases in a section and the lines above the first of them."""
        for i, line in enumerate(section):  # a table of phases (阶段 | 时间 | 内容)
            if line.cells and (roles := _header(line.cells)):
                return self._table(section[i + 1 :], roles), section[:i]
        rows = [line for line in section if line.cells and self._has_date(line.text)]
        if len(rows) >= 2:  # a table whose header names no time column
            first = section.index(rows[0])
            return self._table(section[first:], None), section[:first]
        numbered = [line for line in section if line.style]
        if numbered:
            return self._numbered(section, _phase_style(numbered))
        # Unnumbered paragraphs, each opening with its title and dates.
        preamble: list[Line] = []
        raws: list[Raw] = []
        for i, line in enumerate(section):
            first = first_sentence(line.text)[0]
            opens_dated = (
                not words.LABELLED_TIME.match(line.text)
                and self._has_date(first)
                and not only_date(first, self.year, self.today)
            )
            if opens_dated or self._titles_a_time(line, section[i + 1 : i + 2]):
                raws.append(_raw(line))
            elif raws:
                raws[-1].block.append(line)
            else:
                preamble.append(line)
        return (raws, preamble) if len(raws) >= 2 else ([], [])

    def _titles_a_time(self, line: Line, below: list[Line]) -> bool:
        """'动员部署阶段' over '时间：3月1日—3月10日': a phase's name on a line
        of its own, its dates on the next."""
        text = line.text
        if line.cells is not None or len(text) > 16 or re.search(r"[。；;，,：:]", text):
            return False
        if not words.PHASE_WORD.search(text) or not below:
            return False
        nxt = below[0].text
        m = words.LABELLED_TIME.match(nxt)
        return bool(m and self._has_date(nxt[m.end() :])) or only_date(nxt, self.year, self.today)

    def _numbered(self, section: list[Line], style: str) -> tuple[list[Raw], list[Line]]:
        """The items of `style` as phases, the lines between them as their
        blocks; a 第X阶段 item continuing their count is a phase too."""
        preamble: list[Line] = []
        raws: list[Raw] = []
        last = None
        for line in section:
            if line.style == style:
                raws.append(_raw(line))
                last = label_number(line.label)
            elif raws and self._continues(line, style, last):
                raws.append(_raw(line, mixed=True))
                last = label_number(line.label)
            elif raws:
                raws[-1].block.append(line)
            else:
                preamble.append(line)
        return raws, preamble

    def _continues(self, line: Line, style: str, last: int | None) -> bool:
        """'第三阶段：…' after '（一）', '（二）': the count goes on."""
        if line.style != "stage" or style == "stage" or last is None:
            return False
        return label_number(line.label) == last + 1

    def _table(self, rows: list[Line], roles: dict[str, int] | None) -> list[Raw]:
        raws: list[Raw] = []
        for line in rows:
            if line.cells == []:  # a markdown separator row
                continue
            if line.junk == "end":
                break
            if line.cells is None:
                if (line.rank is not None and line.rank <= 2) or words.OTHER_SECTION.match(line.body):
                    break
                if raws:  # a cell's text that went onto its own line
                    raws[-1].block.append(line)
                continue
            raw = self._row(line, roles)
            if raw is not None:
                raws.append(raw)
        return raws

    def _row(self, line: Line, roles: dict[str, int] | None) -> Raw | None:
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
            found = [
                c for i, c in enumerate(cells) if i != dated[0] and c and not re.fullmatch(r"[\d.、）)（(]*", c)
            ]
            stage, content, rest = (found[0] if found else ""), "", found[1:]
        if not (stage or content):
            return None
        style, _label, body = numbering(stage)
        stage_title = body if style else stage
        m = words.STAGE_PREFIX.match(stage_title)
        if m:
            stage_title = stage_title[m.end() :]
        head = stage if stage_title.strip(PUNCT) else (content or stage)
        extra = "\n".join(c for c in (content if head is not content else "", *rest) if c)
        return Raw(line.no, head, stage, time_text=time_text, extra=extra, source=line)

    def _without_heading(self) -> list[Raw]:
        """No phase section: a phase table (with a 阶段 column) anywhere, or
        the run of same-numbered items scoring best by their dates, phase
        words and numbering, or undated 第X阶段 lines."""
        for i, line in enumerate(self.lines):
            if line.cells and (roles := _header(line.cells)) and "stage" in roles:
                raws = self._table(self.lines[i + 1 :], roles)
                if raws:
                    return raws
        level = {**words.RANK, "stage": 1.5, "dated": 7}
        runs: list[list[Raw]] = []
        open_runs: dict[str, list[Raw]] = {}
        excluded = False  # inside a 工作要求 / 保障措施 section
        started = False
        for line in self.lines:
            if line.junk == "end":
                if started:
                    break
                continue
            if line.style:
                rank = level[line.style]
                for style in [s for s in open_runs if level[s] > rank]:
                    runs.append(open_runs.pop(style))
                if rank <= 2 and line.style not in open_runs:
                    excluded = bool(words.OTHER_SECTION.match(line.body))
                for style, raws in open_runs.items():
                    if style != line.style:
                        raws[-1].block.append(line)
                if line.style in open_runs:
                    open_runs[line.style].append(_raw(line))
                elif not excluded:
                    open_runs[line.style] = [_raw(line)]
                started = True
            else:
                for raws in open_runs.values():
                    raws[-1].block.append(line)
                started = started or line.no > 1
        runs.extend(open_runs.values())
        best: list[Raw] = []
        best_score = 0.0
        for raws in runs:
            score = self._run_score(raws)
            if score > best_score:
                best, best_score = raws, score
        return self._dated_part(best)

    def _dated_part(self, raws: list[Raw]) -> list[Raw]:
        """A run found without a heading, from its first dated item to its
        last: the plan's other sections numbered like the phases
        ('一、指导思想' … '三、动员部署阶段（6月1日—6月5日）' … '六、工作要求')
        are no phases; an undated item between dated ones is one if it
        names a phase word."""
        dated = [i for i, r in enumerate(raws) if self._raw_has_date(r)]
        if len(dated) < 2:
            return raws
        inner = raws[dated[0] : dated[-1] + 1]
        return [
            r
            for r in inner
            if self._raw_has_date(r)
            or (words.PHASE_WORD.search(first_sentence(r.head)[0]) and not words.OTHER_SECTION.match(r.head))
        ]

    def _run_score(self, raws: list[Raw]) -> float:
        """How much a run of items reads like the timetable: its dated items
        (two at least), then its phase words and 第X阶段 numbering."""
        dated = sum(1 for r in raws if self._raw_has_date(r))
        stage = raws[0].label.startswith("第")
        if dated < 2:
            return 0.5 if len(raws) >= 2 and stage else 0.0  # undated 第X阶段 lines still name the phases
        worded = sum(1 for r in raws if words.PHASE_WORD.search(first_sentence(r.head)[0]))
        return dated + 0.5 * worded / len(raws) + (0.5 if stage else 0.0)


def _phase_style(numbered: list[Line]) -> str:
    """The numbering of a section's phases: 第X阶段 when two items have it
    (or no other numbering runs), else the section's top numbering that
    runs to two items, an item opening with its date last."""
    counts: dict[str, int] = {}
    for line in numbered:
        counts[line.style or ""] = counts.get(line.style or "", 0) + 1
    if counts.get("stage", 0) >= 2 or ("stage" in counts and all(n < 2 for s, n in counts.items() if s != "stage")):
        return "stage"
    for line in numbered:
        if line.style not in ("stage", "dated") and counts[line.style or ""] >= 2:
            return line.style or ""
    if counts.get("dated", 0) >= 2:
        return "dated"
    return numbered[0].style or ""


# ---------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------

_TRAILING_BRACKET = re.compile(r"[（(]([^（）()]*)[）)]\s*$")


def time_note(text: str) -> str:
    """The content of a trailing （…） that speaks of time but holds no date
    that was read ('贯穿全年', '2月30日'), or ''."""
    m = _TRAILING_BRACKET.search(text.strip(PUNCT))
    if m and (words.TIME_NOTE.search(m.group(1)) or words.DATE_LIKE.search(m.group(1))):
        return m.group(1).strip()
    return ""


def clean_title(text: str, spans: Iterable[tuple[int, int]], fallback: str) -> str:
    """A phase's title from its first sentence: no numbering, no date, no
    '第一阶段：' label, no template leftovers ('(年 )'), cut before a colon
    or a long description."""
    chars = list(text)
    for a, b in sorted(spans, reverse=True):
        chars[a:b] = ["\x00"]
    s = "".join(chars)
    s = re.sub(words.FLUFF_BEFORE + "\x00" + words.FLUFF_AFTER, "\x00", s)
    s = re.sub(r"[（(\[【〔]\s*[\x00\s，,、；;：:]*[）)\]】〕]", "", s)
    s = re.sub(r"[（(\[【〔]\s*\x00\s*(?![^（(\[【〔]*[）)\]】〕])", "\x00", s)  # '(3月5日—20日:' left open
    s = s.replace("\x00", " ")
    s = words.TEMPLATE_LEFTOVER.sub("", s)
    s = s.strip(PUNCT)
    if time_note(s):
        s = _TRAILING_BRACKET.sub("", s.strip(PUNCT))
    style, _label, body = numbering(s)
    if style and body:
        s = body
    stage = words.STAGE_PREFIX.match(s)
    if stage and s[stage.end() :].strip(PUNCT):
        s = s[stage.end() :]
    s = s.strip(PUNCT)
    colon = re.search(r"[:：]", s)
    if colon and colon.start() > 0:
        s = s[: colon.start()]
    comma = re.search(r"[，,]", s)
    if comma and comma.start() > 0 and (len(s) - comma.end() > 8 or s[: comma.start()].endswith("阶段")):
        s = s[: comma.start()]  # '整改落实阶段,逐项整改': the phase's name, then what it does
    s = re.sub(r"\s+", " ", s).strip(PUNCT)
    s = re.sub(r"\s*[（(【〔][^）)】〕]*$", "", s) or s  # a bracket left open: '整改（长期'
    return s or fallback


def bare(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` without its dates, empty brackets and edge punctuation."""
    chars = list(text)
    for a, b in sorted(spans, reverse=True):
        chars[a:b] = []
    s = re.sub(r"[（(\[【〔]\s*[\s，,、；;：:]*[）)\]】〕]", "", "".join(chars))
    return s.strip(PUNCT)


def only_date(text: str, year: int, today: date) -> bool:
    """True when `text` holds a date and nothing else but brackets and labels."""
    found, spans = read_dates(text, year, today)
    return found is not None and clean_title(text, spans, "") == ""


# ---------------------------------------------------------------------------
# Kinds and targets
# ---------------------------------------------------------------------------


def kinds(text: str) -> list[str]:
    """Activity kinds the text names, in the order first named, then
    'problems' when it names the three lists or 整改."""
    first: dict[str, int] = {}
    for key, names in words.KIND_WORDS.items():
        hits = [i for word in names if (i := text.find(word)) >= 0]
        if hits:
            first[key] = min(hits)
    found = sorted(first, key=first.__getitem__)
    if any(word in text for word in words.PROBLEMS_WORDS):
        found.append(words.PROBLEMS_KIND)
    return found


def targets(text: str) -> list[str]:
    """Research targets named in a sentence that speaks of research
    ('调研企业，看岗位需求'); a 教师 named elsewhere is not a target."""
    first: dict[str, int] = {}
    offset = 0
    for sentence in re.split(r"(?<=[。！？；;!?\n])", text):
        if any(word in sentence for word in words.RESEARCH_WORDS):
            for key, names in words.TARGET_WORDS.items():
                hits = [offset + i for word in names if (i := sentence.find(word)) >= 0]
                if hits:
                    first[key] = min(first.get(key, hits[0]), *hits)
        offset += len(sentence)
    return sorted(first, key=first.__getitem__)


# ---------------------------------------------------------------------------
# Reading each phase
# ---------------------------------------------------------------------------


def phase_dates(raw: Raw, year: int, today: date) -> tuple[Dates | None, list[tuple[int, int]], str]:
    """A phase's dates, from (in order): its table time cell; its heading's
    first sentence; a 时间：… line or sentence under it; a line right under
    the heading holding only a date; a second sentence opening with a date.
    Returns the dates, where dates sit in the heading's first sentence (to
    cut them from the title), and date-like text that could not be read."""
    first, rest = first_sentence(raw.head)
    dates, positions = read_dates(first, year, today)
    if raw.time_text is not None:
        cell, _ = read_dates(raw.time_text, year, today)
        unread = raw.time_text if cell is None and words.DATE_LIKE.search(raw.time_text) else ""
        return cell, positions, unread
    if dates is not None:
        return dates, positions, ""
    unread = first if words.DATE_LIKE.search(first) else ""
    sources = [line.content for line in raw.block] + [rest]
    for src in sources:
        m = words.LABELLED_TIME.search(src)
        if m:
            found, _ = read_dates(first_sentence(src[m.end() :])[0], year, today)
            if found is not None:
                return found, positions, ""
    if raw.block:
        nxt = raw.block[0]
        plain = nxt.style in (None, "dated") and nxt.cells is None and not words.SIGNATURE_DATE.match(nxt.text)
        if plain and only_date(nxt.text, year, today):
            return read_dates(nxt.text, year, today)[0], positions, ""
    second = first_sentence(rest)[0].strip()
    if second:
        found, spans = read_dates(second, year, today)
        if found is not None and spans[0][0] <= 2:
            return found, positions, ""
    return None, positions, unread


# A phase listed later that would start this much before the one above it
# is read in the next year instead.
_OUT_OF_ORDER = timedelta(days=180)


def resolve_phases(raws: list[Raw], base: int, today: date, warnings: list[PlanWarning]) -> list[PlanPhase]:
    """Each phase's title, dates, kinds and targets, the year carried
    through the timetable (see the module's docstring)."""
    phases: list[PlanPhase] = []
    running = base  # the year the timetable has reached: the last one written or assumed
    cursor: date | None = None  # where the last dated phase starts (or ends, if it has no start)
    for seq, raw in enumerate(raws, start=1):
        while raw.time_text is None and is_open(raw.head) and raw.block and WRAPPED.match(raw.block[0].text):
            raw.head += raw.block.pop(0).text  # a heading wrapped onto the next line
        dates, positions, unread = phase_dates(raw, running, today)
        first = first_sentence(raw.head)[0]
        title = clean_title(first, positions, "")
        if not title and raw.block:  # '1.（4月21日至28日）' over '开展专题学习。…'
            below = first_sentence(raw.block[0].content)[0]
            title = clean_title(below, read_dates(below, running, today)[1], "")
        if raw.label.startswith("第") and title and _date_first(first, raw.label, positions):
            if not words.PHASE_WORD.search(title):  # '第一批从6月开始，8月底基本结束'
                title = raw.label.strip(PUNCT)
        title = title or raw.label.strip(PUNCT) or first.strip()[:30]
        note = "" if dates is not None else time_note(bare(first, positions))
        if dates is not None and not dates.has_year and cursor is not None:
            year, dates = _in_order(raw, dates, cursor, today)
            if year != running:
                warnings.append(warn(raw.line, "plan.year_assumed", title=title, year=year))
                # Run on into a later year; a date that fits back in the year
                # before ('截止12月5日' after '2024年11月—2025年1月') leaves it.
                running = max(running, year)
        if dates is not None and dates.has_year and (dates.end or dates.start):
            running = (dates.end or dates.start).year
        if dates is not None and (dates.start or dates.end):
            cursor = dates.start or dates.end
        if raw.mixed:
            warnings.append(warn(raw.line, "plan.mixed_numbering", title=title, label=raw.label))
        if dates is None and unread:
            warnings.append(warn(raw.line, "plan.unread_date", title=title, text=(note or unread.strip())[:40]))
        if dates is not None and dates.start is not None and dates.end is None:
            warnings.append(warn(raw.line, "plan.open_end", title=title, text=dates.as_written))
        paragraph = raw.paragraph
        phases.append(
            PlanPhase(
                seq=seq,
                title=title,
                start=dates.start if dates else None,
                end=dates.end if dates else None,
                as_written=dates.as_written if dates else note,
                kinds=kinds(paragraph),
                targets=targets(paragraph),
                line=raw.line,
                notes=_notes(raw, title, positions),
            )
        )
    return phases


def _date_first(first: str, label: str, positions: list[tuple[int, int]]) -> bool:
    """The heading's dates come right after its label: nothing names the
    phase before them ('第一批从6月开始')."""
    if not positions:
        return False
    before = first[: positions[0][0]]
    before = before[len(label) :] if before.startswith(label) else words.STAGE_PREFIX.sub("", before)
    return not re.sub(words.FLUFF_BEFORE, "", before).strip(PUNCT + "（(【〔")


def _in_order(raw: Raw, dates: Dates, cursor: date, today: date) -> tuple[int, Dates]:
    """The year (and the dates read in it) that keeps the timetable in
    order: the first from the last dated phase's year on in which this
    phase does not start half a year before that one."""
    for year in (cursor.year, cursor.year + 1):
        found = phase_dates(raw, year, today)[0]
        ref = found and (found.start or found.end)
        if found is not None and ref is not None and ref >= cursor - _OUT_OF_ORDER:
            return year, found
    return cursor.year, dates


def _notes(raw: Raw, title: str, positions: list[tuple[int, int]]) -> str:
    """The phase's own text without its title and dates, shortened: what
    the plan says to do in it."""
    first, rest = first_sentence(raw.head)
    own = bare(first, positions)
    own = own[len(title) :] if own.startswith(title) else own
    own = own.strip(PUNCT)
    text = " ".join(t for t in [own, rest.strip(), raw.extra, *(b.text for b in raw.block)] if t)
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= 200 else text[:199] + "…"


# ---------------------------------------------------------------------------
# The overall period, and the lines that look like phases but were not taken
# ---------------------------------------------------------------------------


def overall(
    finder: Finder,
    raws: list[Raw],
    phases: list[PlanPhase],
    year: int,
    today: date,
    warnings: list[PlanWarning],
) -> tuple[date | None, date | None, PlanPhase | None]:
    """The overall period (SPEC §4): a range spanning all the phases, stated
    as an item among them whose title is only a time label ('（一）时间安排：
    2023年4月至12月', then not a phase), in the phase section's heading, or
    above the first phase (a line labelled 活动时间：…, or any range there
    that spans the phases, '2025年9月1日至12月30日(4个月)。其中：'). A
    labelled one that does not span the phases is kept, with a warning.
    Returns start, end, and the phase it replaces."""
    candidates: list[tuple[int, Dates, bool, PlanPhase | None]] = []
    for phase, raw in zip(phases, raws, strict=True):
        first = first_sentence(raw.head)[0]
        found, positions = read_dates(first, year, today)
        rest = bare(first, positions)
        rest = re.sub(r"^[（(]?\s*\d+\s*个?(?:月|周|天)\s*[）)]?$", "", rest)  # '(4个月)'
        if len(phases) > 1 and found is not None and (not rest or words.TIME_LABEL.match(rest)):
            # '时间安排：…' is one; a bare date is one only if it spans the rest.
            candidates.append((raw.line, found, bool(rest), phase))
    heading = finder.section_heading
    if heading is not None:
        found, _ = read_dates(heading.content, year, today)
        if found is not None:
            candidates.append((heading.no, found, True, None))
    first_phase = min((r.line for r in raws), default=10**9)
    above = [ln for ln in finder.lines if ln.no < first_phase and ln is not heading and not ln.junk]
    for i, line in enumerate(above):
        body = line.content
        labelled = words.LABELLED_TIME.match(body)
        if labelled:
            found, _ = read_dates(body[labelled.end() :], year, today)
        elif words.TIME_LABEL.match(body.strip(PUNCT)) and i + 1 < len(above):
            nxt = above[i + 1].text  # '（三）活动时间' over '2023年4月—12月'
            found = read_dates(nxt, year, today)[0] if only_date(nxt, year, today) else None
            labelled = found is not None
        elif words.PERIOD_HINT.search(body):
            found, _ = read_dates(body, year, today)
            # Said right under the timetable's heading, it is the timetable's own period.
            labelled = found is not None and found.has_year and any(line is p for p in finder.preamble)
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
            warnings.append(warn(line_no, "plan.overall_mismatch", text=found.as_written))
            return found.start, found.end, phase
    return None, None, None


def untaken(
    finder: Finder, read_as: list[Raw], raws: list[Raw], phases: list[PlanPhase], year: int, today: date
) -> list[PlanWarning]:
    """A note for each line that looks like a phase (第X阶段, or a numbered
    or date-first item naming a phase word with a time box) but was not
    taken: neither a phase, nor the overall period's line, nor a step
    inside a phase's own time box."""
    taken = {id(r.source) for r in read_as if r.source is not None}
    inside: dict[int, PlanPhase] = {}
    for raw, phase in zip(raws, phases, strict=False):
        for line in raw.block:
            inside[id(line)] = phase
    out = []
    heading = finder.section_heading
    for line in finder.lines:
        if id(line) in taken or line is heading or line.junk or line.cells is not None or not line.style:
            continue
        first = first_sentence(line.content)[0]
        found, positions = read_dates(first, year, today)
        title = clean_title(first, positions, "")
        looks = line.style in ("stage", "dated") or (
            found is not None and bool(words.PHASE_WORD.search(title)) and len(title) <= 20 and bool(title)
        )
        if not looks or words.OTHER_SECTION.match(line.content) or finder._is_heading(line):
            continue
        if found is None and line.style != "stage":
            continue
        owner = inside.get(id(line))
        if owner is not None and found is not None and _within(found, owner):
            continue  # a step inside its phase: 1.召开动员会（4月10日）
        if owner is not None and found is None:
            continue
        out.append(warn(line.no, "plan.not_a_phase", text=_short(line.text)))
    return out


def _within(found: Dates, phase: PlanPhase) -> bool:
    lo = phase.start or date.min
    hi = phase.end or date.max
    return (found.start or found.end or lo) >= lo and (found.end or found.start or hi) <= hi


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"

