"""A ledger's 完成时限 cell → the dates it names (SPEC §4).

Besides every date form of `dates.parse_date` a deadline cell may hold
words that are not dates (`words.py` lists them all):

- 立行立改 / 立即整改 / 马上就办: short-term, due `short_term_days` after the
  row was found (its 发现时间, else today);
- 长期坚持 / 持续整改 / 持续推进 / 常态化: long-term, due at the campaign's end;
- school-calendar words (本学期, 学期末, 寒假前, 暑假期间, 秋季开学前, 春季学期…),
  from the school calendar (a campaign setting; spring 1 Mar–10 Jul and
  autumn 1 Sep–20 Jan by default), the first such date from when the row
  was found;
- holiday words (国庆节前, 端午节前, 春节前…): that holiday's first day in
  China's calendar of the `holidays` package, the first one from when the
  row was found;
- 全年 / 年内: the campaign year's last day; `2023.12`: that month's last day;
  `7月低`: read as 7月底 (a typo offices make), with a notice.

Several dates in one cell (`7月、12月`) and milestone cells (`4月底前：方案
\\n6月底前：全面完成`) give one deadline each, a milestone with its own text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

from campaign_cli.errors import UserError
from campaign_cli.importers.ledger import words
from campaign_cli.importers.ledger.cells import clean, text_of

SHORT, LONG = "short", "long"
DEFAULT_SHORT_TERM_DAYS = 30

_SHORT = frozenset(words.SHORT_TERM_DEADLINES)
_LONG = frozenset(words.LONG_TERM_DEADLINES)
_YEAR = frozenset(words.YEAR_DEADLINES)
_MONTH = re.compile(r"(\d{4})\s*[.．\-/]\s*(\d{1,2})")
_MILESTONE = re.compile(r"(?P<when>[^：:，,；;。\n]{2,16}?)\s*[：:]\s*(?P<text>.+)", re.S)
_SEPARATORS = re.compile(words.DATE_SEPARATORS)
_ITEM_SPLIT = re.compile(r"\s*(?:\n|[；;](?!\s*$))\s*")
_ITEM_NUMBER = re.compile(r"^(?:\d{1,2}\s*(?:[、)）]|[.．](?!\d)|[.．](?=\s*\d{1,2}\s*月))|[（(]\s*\d{1,2}\s*[）)]|[①-⑳])\s*")
_TRIM = "。.；;，,、 "


class Term(NamedTuple):
    kind: str  # "spring" | "autumn"
    start: date
    end: date


@dataclass(frozen=True)
class SchoolCalendar:
    """The two terms of a school year as (month, day) pairs; the autumn
    term ends in the next year when its end comes before its start."""

    spring: tuple[tuple[int, int], tuple[int, int]] = ((3, 1), (7, 10))
    autumn: tuple[tuple[int, int], tuple[int, int]] = ((9, 1), (1, 20))

    @classmethod
    def parse(cls, text: str) -> "SchoolCalendar":
        """A campaign setting `3-1~7-10,9-1~1-20` (spring, then autumn)."""
        pairs = re.findall(r"(\d{1,2})[-/.月](\d{1,2})日?\s*[~～至到—-]+\s*(\d{1,2})[-/.月](\d{1,2})", text)
        if len(pairs) != 2:
            raise UserError("ledger.bad_school_calendar", value=text)
        try:
            for pair in pairs:
                for m, d in ((pair[0], pair[1]), (pair[2], pair[3])):
                    date(2024, int(m), int(d))  # 2024: a leap year lets 2-29 through
        except ValueError as exc:
            raise UserError("ledger.bad_school_calendar", value=text) from exc
        (a, b, c, d), (e, f, g, h) = ([int(x) for x in p] for p in pairs)
        return cls(((a, b), (c, d)), ((e, f), (g, h)))

    def terms(self, year: int) -> list[Term]:
        """The terms that start in year-1 … year+1, in order."""
        found = []
        for y in (year - 1, year, year + 1):
            for kind, ((m1, d1), (m2, d2)) in (("spring", self.spring), ("autumn", self.autumn)):
                start = _day(y, m1, d1)
                end = _day(y + 1 if (m2, d2) < (m1, d1) else y, m2, d2)
                found.append(Term(kind, start, end))
        return sorted(found, key=lambda t: t.start)


def _day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class LedgerContext:
    """What reading a ledger needs to know of its campaign."""

    year: int
    today: date
    campaign_end: date | None = None  # None: the campaign year's last day
    short_term_days: int = DEFAULT_SHORT_TERM_DAYS
    terms: SchoolCalendar = field(default_factory=SchoolCalendar)

    @property
    def end(self) -> date:
        return self.campaign_end or date(self.year, 12, 31)


@dataclass(frozen=True)
class Deadline:
    on: date
    text: str | None = None  # a milestone's own words (`6月底前：全面完成` → 全面完成)
    term: str | None = None  # short / long when a deadline word says so
    note: str | None = None  # short_term | long_term | school_calendar | holiday | typo


class BadDeadline(Exception):
    """A deadline cell no rule reads; `key` and `params` make the message."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def read_deadlines(value: Any, context: LedgerContext, found_on: date | None = None) -> list[Deadline]:
    """Every deadline the cell names, in order (at least one), or BadDeadline."""
    if isinstance(value, datetime):
        return [Deadline(value.date())]
    if isinstance(value, date):
        return [Deadline(value)]
    text = clean(text_of(value), multiline=True)
    if not text:
        raise BadDeadline("transfer.need_value")
    found: list[Deadline] = []
    for piece in _pieces(text):
        milestone = _MILESTONE.fullmatch(piece)
        if milestone:
            when = _single(milestone.group("when"), context, found_on)
            if when is not None:
                found.append(replace(when, text=clean(milestone.group("text")).strip(_TRIM) or None))
                continue
        found.extend(_several(piece, context, found_on))
    if len(found) > 1 and all(d.term for d in found):
        found = found[:1]  # 立行立改，长期坚持: one deadline, the first word's
    return found


def _pieces(text: str) -> list[str]:
    """Lines and ；-separated parts, each without its number (`1.`, `（2）`, `③`)."""
    parts = [p for p in _ITEM_SPLIT.split(text) if p.strip(_TRIM)]
    if len(parts) <= 1:
        return [_ITEM_NUMBER.sub("", text).strip(_TRIM)]
    return [_ITEM_NUMBER.sub("", p).strip(_TRIM) for p in parts]


def _several(piece: str, context: LedgerContext, found_on: date | None) -> list[Deadline]:
    single = _single(piece, context, found_on)
    if single is not None:
        return [single]
    parts = [p for p in _SEPARATORS.split(piece) if p.strip(_TRIM)]
    if len(parts) > 1:
        dates = [_single(p.strip(_TRIM), context, found_on) for p in parts]
        if all(d is not None for d in dates):
            return dates  # type: ignore[return-value]
    raise BadDeadline("ledger.bad_deadline", value=piece)


def _single(text: str, context: LedgerContext, found_on: date | None) -> Deadline | None:
    key = re.sub(r"\s+", "", text).strip(_TRIM)
    if not key:
        return None
    found = _word(key, context, found_on) or _date(key, context)
    if found is not None:
        return found
    for tail in words.DEADLINE_TAILS:
        if key.endswith(tail) and len(key) > len(tail):
            return _single(key[: -len(tail)] + ("前" if tail.startswith("前") else ""), context, found_on)
    for typo, meant in words.DEADLINE_TYPOS.items():
        if typo in key:
            fixed = _single(key.replace(typo, meant), context, found_on)
            return replace(fixed, note="typo") if fixed is not None else None
    return None


def _word(key: str, context: LedgerContext, found_on: date | None) -> Deadline | None:
    since = found_on or context.today
    if key in _SHORT:
        return Deadline(since + timedelta(days=context.short_term_days), term=SHORT, note="short_term")
    if key in _LONG:
        return Deadline(context.end, term=LONG, note="long_term")
    if key in _YEAR:
        return Deadline(date(context.year, 12, 31))
    rule = words.CALENDAR_DEADLINES.get(key)
    if rule is not None:
        return Deadline(_school_date(rule, context.terms, since), note="school_calendar")
    holiday = words.HOLIDAY_DEADLINES.get(key)
    if holiday is not None:
        on = _holiday(holiday, since, context.year)
        return Deadline(on, note="holiday") if on is not None else None
    return None


def _school_date(rule: tuple[str, str], calendar_: SchoolCalendar, since: date) -> date:
    """`term_end`: the last day of the term (`current`: the one `since` falls
    in, or the next one in a holiday); `before_start`: the day before the
    next term of that kind starts (`next`: of any kind)."""
    what, which = rule
    terms = calendar_.terms(since.year)
    if what == "before_start":
        term = next(t for t in terms if t.start > since and which in ("next", t.kind))
        return term.start - timedelta(days=1)
    current = next(i for i, t in enumerate(terms) if t.end >= since)
    if which == "current":
        return terms[current].end
    if which == "next":
        return terms[current + 1].end
    return next(t for t in terms if t.kind == which and t.end >= since).end


_HOLIDAYS: dict[tuple[int, int], dict[str, list[date]]] = {}


def _holiday(name: str, since: date, year: int) -> date | None:
    """The first day of holiday `name` on or after `since`, in the campaign
    year or the one after (the campaign year's when `since` is before it)."""
    key = (year, year + 1)
    if key not in _HOLIDAYS:
        import holidays  # deferred: only ledgers with holiday words need it

        days: dict[str, list[date]] = {}
        for day, label in sorted(holidays.country_holidays("CN", years=list(key), language="zh_CN").items()):
            days.setdefault(label, []).append(day)
        _HOLIDAYS[key] = days
    days = _HOLIDAYS[key].get(name, [])
    firsts = [d for i, d in enumerate(days) if i == 0 or (d - days[i - 1]).days > 1]
    for day in firsts:
        if day >= since:
            return day
    return firsts[-1] if firsts else None


def _date(key: str, context: LedgerContext) -> Deadline | None:
    from campaign_cli.dates import parse_date, parse_span

    month = _MONTH.fullmatch(key)
    if month:
        y, m = int(month.group(1)), int(month.group(2))
        if 1 <= m <= 12:
            return Deadline(date(y, m, calendar.monthrange(y, m)[1]))
        return None
    try:
        return Deadline(parse_date(key, year=context.year, today=context.today))
    except UserError:
        pass
    try:  # a range (`9月至10月`, `即日起至5月31日`): due at its end
        end = parse_span(key, year=context.year, today=context.today).end
    except UserError:
        return None
    return Deadline(end) if end is not None else None
