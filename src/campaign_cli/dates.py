"""Every date form a user types or a plan prints, read by one parser (SPEC §4).

Three entry points share one grammar:

- `parse_date` reads a date option: ISO and slashed dates, Chinese dates
  (arabic or Chinese numerals), period words (`6月下旬`, `年底`: the period's
  last day), relative words (`today`, `+7d`, `明天`), then whatever
  python-dateutil reads without ambiguity.
- `parse_span` reads a plan's time box: a range (`4月21日至4月28日`), a period
  that spans itself (`5月`), a deadline with no start (`年底前`).
- `find_spans` finds each of those inside a line of a plan.

Text is first normalised: full-width digits and punctuation become ASCII and
spaces next to Chinese text vanish (`4月28 日`), keeping a map back to the
original so `find_spans` can return what was written. Nothing impossible is
clamped: `2月30日` is an error, never 28 Feb or 2 Mar.
"""

from __future__ import annotations

import calendar
import re
import warnings
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import NamedTuple

from campaign_cli.errors import UserError

__all__ = [
    "Span",
    "find_spans",
    "format_date",
    "month_bounds",
    "parse_date",
    "parse_days",
    "parse_span",
    "to_iso",
]


class Span(NamedTuple):
    """A time box; `start` is None for a deadline (`年底前`)."""

    start: date | None
    end: date | None


# Shown in every "not a date" message (language-neutral examples).
FORMS = (
    "2023-05-08, 2023/5/8, 5/8, 5月8日, 2023年5月8日, 五月八日, "
    "6月底, 年底, 6月下旬, today, tomorrow, +7d, 今天, 明天"
)

# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

# Full-width ASCII (Ｕ+FF01–FF5E: １２／－～（）) and the ideographic space,
# one character for one, so indexes into the text stay valid.
_WIDE = {0xFF01 + i: 0x21 + i for i in range(0x5E)} | {0x3000: 0x20}


def _compact(text: str) -> tuple[str, list[int]]:
    """Normalised text plus, for each of its characters, its index in `text`.

    A run of whitespace is dropped when it touches a non-ASCII character
    (`4月28 日`, `5月8日 至 6月1日`) and kept as one space between ASCII
    words (`May 8 2023`).
    """
    wide = text.translate(_WIDE)
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(wide)
    while i < n:
        if not wide[i].isspace():
            out.append(wide[i])
            index.append(i)
            i += 1
            continue
        j = i
        while j < n and wide[j].isspace():
            j += 1
        before = out[-1] if out else ""
        after = wide[j] if j < n else ""
        if before and after and before.isascii() and after.isascii():
            out.append(" ")
            index.append(i)
        i = j
    return "".join(out), index


# ---------------------------------------------------------------------------
# Chinese numerals
# ---------------------------------------------------------------------------

_CN_DIGITS = "〇零一二三四五六七八九"
_CN_VALUE = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0}
# 十 / 二十 / 廿 / 卅 with an optional unit: the only shapes a month or day takes.
_CN_TENS = re.compile(r"([一二三]?)十([一二三四五六七八九]?)|([廿卅])([一二三四五六七八九]?)")


def _cn_int(text: str) -> int:
    """'五' 5, '十二' 12, '廿八' 28, '卅一' 31, '二〇二三' 2023 (digit by digit)."""
    if all(ch in _CN_VALUE for ch in text) and len(text) in (1, 4):
        return int("".join(str(_CN_VALUE[ch]) for ch in text))
    m = _CN_TENS.fullmatch(text)
    if not m:
        raise ValueError(f"not a Chinese numeral: {text}")
    if m.group(3):
        tens, unit = (20 if m.group(3) == "廿" else 30), m.group(4)
    else:
        tens, unit = 10 * (_CN_VALUE[m.group(1)] if m.group(1) else 1), m.group(2)
    return tens + (_CN_VALUE[unit] if unit else 0)


def _int(text: str) -> int:
    return int(text) if text.isascii() else _cn_int(text)


# ---------------------------------------------------------------------------
# The grammar (applied to normalised text, compiled with re.ASCII so \d is 0-9)
# ---------------------------------------------------------------------------

# Range separators: 至 到 and the dashes and tildes people type (full-width
# －/～ arrive here already as -/~).
_SEP = r"[ ]?(?:至|到|—+|–|―|‒|-|~|〜)[ ]?"
# A year: four arabic or Chinese digits, not the tail of a longer number.
_YEAR = rf"(?<![\d{_CN_DIGITS}])(?:\d{{4}}|[{_CN_DIGITS}]{{4}})"
# A month number: not the tail of a longer number ('2023' must not give '23月').
_MONTH = rf"(?<![\d{_CN_DIGITS}十廿卅])(?:\d{{1,2}}|[{_CN_DIGITS}十]{{1,2}})"
_DAY = rf"(?:\d{{1,2}}(?!\d)|[{_CN_DIGITS}十廿卅]{{1,3}})"

_POINT = rf"""
    (?:(?P<y>{_YEAR})年)?                      # 2023年5月8日 / 5月 / 5月下旬
    (?P<m>{_MONTH})月份?
    (?:
        (?P<d>{_DAY})(?:[日号]|(?={_SEP})|\Z)  # '日' may drop before a dash: 4月21—28日
      | (?P<per>初|上旬|中旬|下旬|底|末)
    )?
  | (?:(?P<ye_y>{_YEAR})年?)?                   # 年底 / 2023年底 / 2023年年底
    (?<!每)(?<!每年)年(?P<ye>底|末)            # but not 每年底 (every year's end)
  | (?:(?P<h_y>{_YEAR})年)?(?P<h>[上下])半年   # 上半年 / 2023年下半年
  | (?<![\d.])(?P<iy>\d{{4}})(?P<isep>[-/.])   # 2023-05-08, 2023/5/8, 2023.5.8
    (?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})(?![\d.])
  | (?<![\d{_CN_DIGITS}十廿卅每本上下个])      # bare 月底: this month's end,
    月(?P<me>底|末)                            # not 每月底 (every month's)
"""
# An expression starts with a point, perhaps after 截止 ("deadline:").
_START = re.compile(rf"(?P<pre>截[止至][到至]?)?(?:{_POINT})", re.X | re.A)
# What may follow a separator: a point, or a bare day sharing the start's month.
_END = re.compile(rf"(?:{_POINT})|(?P<od>{_DAY})[日号]", re.X | re.A)
_SEP_RE = re.compile(_SEP)
# 6月5日前 / 之前 / 以前 make a deadline; 前后 ("around") does not.
_BEFORE = re.compile(r"(?:之前|以前|前)(?!后)")

# Relative forms for date options, counted from today.
_WORDS = {
    "today": 0, "tomorrow": 1, "yesterday": -1,
    "今天": 0, "今日": 0, "明天": 1, "明日": 1, "昨天": -1, "昨日": -1,
    "后天": 2, "前天": -2,
}
_UNITS = {
    "": 1, "d": 1, "day": 1, "days": 1, "天": 1, "日": 1,
    "w": 7, "week": 7, "weeks": 7, "周": 7, "星期": 7,
}
_MAX_DAYS = 36_600  # a window longer than a century is a typo
_OFFSET = re.compile(r"([+-])(\d{1,7})(d|w|天|日|周|星期)?", re.A)
_DAYS = re.compile(rf"\+?(\d{{1,7}}|[{_CN_DIGITS}十廿卅]{{1,3}}) ?([a-z]*|天|日|周|星期)", re.A)
# Chinese convention: 5/8 is 8 May.
_MONTH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})", re.A)
_YEAR_MONTH = re.compile(
    rf"(\d{{4}})[-/.](\d{{1,2}})|({_YEAR})年({_MONTH})月份?", re.A
)
# Brackets a plan puts around a time box: (5月), （年底前）, 【…】.
_BRACKETS = {"(": ")", "[": "]", "【": "】", "〔": "〕", "<": ">"}

# ---------------------------------------------------------------------------
# Parsed pieces
# ---------------------------------------------------------------------------

# Period kinds -> (first day, last day) within the month; None = month's end.
_IN_MONTH = {
    "month": (1, None), "early": (1, 10), "mid": (11, 20),
    "late": (21, None), "mend": (None, None),
}
_PERIODS = {"初": "early", "上旬": "early", "中旬": "mid", "下旬": "late", "底": "mend", "末": "mend"}


@dataclass(frozen=True)
class _Point:
    """One end of an expression, as written (year None when not written)."""

    kind: str  # day month early mid late mend | yend h1 h2 | oday (bare day)
    year: int | None = None
    month: int | None = None  # None with kind 'mend': this month (月底)
    day: int | None = None
    cn_month: bool = False  # a month in Chinese numerals ('三月' in prose)

    @property
    def relative(self) -> bool:
        return self.kind == "mend" and self.month is None


@dataclass(frozen=True)
class _Expr:
    start: _Point
    end: _Point | None = None  # set for a range
    deadline: bool = False  # 截止… / …前


def _point(m: re.Match[str]) -> _Point:
    """The point a `_START`/`_END` match names (ValueError if a numeral is bad)."""
    g = m.groupdict()
    if g.get("od"):
        return _Point("oday", day=_int(g["od"]))
    if g["m"]:
        kind = "day" if g["d"] else _PERIODS.get(g["per"] or "", "month")
        return _Point(
            kind,
            year=_int(g["y"]) if g["y"] else None,
            month=_int(g["m"]),
            day=_int(g["d"]) if g["d"] else None,
            cn_month=not g["m"].isascii(),
        )
    if g["ye"]:
        return _Point("yend", year=_int(g["ye_y"]) if g["ye_y"] else None)
    if g["h"]:
        return _Point("h1" if g["h"] == "上" else "h2", year=_int(g["h_y"]) if g["h_y"] else None)
    if g["iy"]:
        return _Point("day", year=int(g["iy"]), month=int(g["im"]), day=int(g["id"]))
    return _Point("mend")  # bare 月底


def _read(s: str, m: re.Match[str]) -> tuple[_Expr, int]:
    """The expression starting at match `m` of `_START`, and where it ends."""
    start = _point(m)
    pos, end = m.end(), None
    sep = _SEP_RE.match(s, pos)
    if sep and (e := _END.match(s, sep.end())):
        end, pos = _point(e), e.end()
    before = _BEFORE.match(s, pos)
    if before:
        pos = before.end()
    return _Expr(start, end, deadline=bool(m.group("pre") or before)), pos


def _read_whole(s: str) -> _Expr | None:
    """The expression that is all of `s`, or None if `s` is not one."""
    m = _START.match(s)
    if not m:
        return None
    expr, end = _read(s, m)
    return expr if end == len(s) else None


# ---------------------------------------------------------------------------
# From parsed pieces to dates
# ---------------------------------------------------------------------------


def _given(*years: int | None) -> int:
    """The first year actually written (0 is written, not missing)."""
    return next(y for y in years if y is not None)


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _bounds(p: _Point, year: int, today: date) -> tuple[date, date]:
    """First and last day of what `p` names in `year` (ValueError if none)."""
    if p.kind == "yend":
        return date(year, 12, 31), date(year, 12, 31)
    if p.kind in ("h1", "h2"):
        return (date(year, 1, 1), date(year, 6, 30)) if p.kind == "h1" else (
            date(year, 7, 1), date(year, 12, 31))
    if p.relative:
        year, month = today.year, today.month
    else:
        month = p.month or 0
    if p.kind == "day":
        d = date(year, month, p.day or 0)
        return d, d
    last = _last_day(year, month)
    lo, hi = _IN_MONTH[p.kind]
    return date(year, month, lo or last), date(year, month, hi or last)


def _resolve(expr: _Expr, year: int, today: date) -> Span:
    """The span an expression names; `year` is for points written without one."""
    if expr.end is not None:
        return _resolve_range(expr.start, expr.end, year, today)
    first, last = _bounds(expr.start, _given(expr.start.year, year), today)
    if expr.deadline or expr.start.kind in ("mend", "yend"):
        return Span(None, last)  # 年底前, 截止6月5日, and 6月底 alone: by then
    return Span(first, last)


def _resolve_range(a: _Point, b: _Point, year: int, today: date) -> Span:
    """A range: start at the first day of `a`, end at the last day of `b`.

    A year written on one end applies to the other; an end month before the
    start month crosses the year end (11月—1月, 2023年11月—1月).
    """
    if b.kind == "oday":  # 4月21日—28日: the end shares the start's month
        if a.month is None:
            raise ValueError("a bare day needs a month before it")
        b = replace(b, kind="day", year=a.year, month=a.month)
    a_year = today.year if a.relative else a.year
    b_year = today.year if b.relative else b.year
    start_year = _given(a_year, b_year, year)
    end_year = _given(b_year, a_year, year)
    start = _bounds(a, start_year, today)[0]
    end = _bounds(b, end_year, today)[1]
    if end < start and end.month < start.month:
        if b_year is None:
            end = _bounds(b, end_year + 1, today)[1]
        elif a_year is None:
            start = _bounds(a, start_year - 1, today)[0]
    if end < start:
        raise ValueError("a range cannot end before it starts")
    return Span(start, end)


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def _invalid(text: str) -> UserError:
    shown = text.strip()
    if len(shown) > 40:
        shown = shown[:40] + "…"
    return UserError("dates.invalid", text=shown, forms=FORMS)


def parse_date(text: str, *, year: int | None = None, today: date) -> date:
    """One date from any accepted form (SPEC §4).

    Forms without a year take `year` (the campaign's; None: today's). A period
    used as a single date means its last day: 6月上旬 the 10th, 6月下旬 and
    6月底 and 6月 the 30th, 年底/年底前 31 Dec, 月底 the end of today's month.
    Raises UserError('dates.invalid') for impossible, ambiguous or unknown text.
    """
    default_year = today.year if year is None else year
    try:
        found = _read_date(_compact(text)[0], default_year, today)
    except (ValueError, OverflowError):
        found = None
    if found is None:
        raise _invalid(text)
    return found


def _read_date(s: str, year: int, today: date) -> date | None:
    """The date `s` names, None if no form reads it (ValueError if impossible)."""
    found = _relative(s.lower(), today) or _month_day(s, year)
    if found is not None:
        return found
    expr = _read_whole(s) or (_read_whole(s.replace(" ", "")) if " " in s else None)
    if expr is None:
        return _dateutil(s, year)
    if expr.end is not None:
        return None  # a range is not a date
    return _bounds(expr.start, _given(expr.start.year, year), today)[1]


def _relative(s: str, today: date) -> date | None:
    """today / 明天 / +7d / -2w / +3天, counted from `today`."""
    if s in _WORDS:
        return today + timedelta(days=_WORDS[s])
    m = _OFFSET.fullmatch(s.replace(" ", ""))
    if not m:
        return None
    days = int(m.group(2)) * _UNITS[m.group(3) or ""]
    return today + timedelta(days=days if m.group(1) == "+" else -days)


def _month_day(s: str, year: int) -> date | None:
    """5/8: month/day, the Chinese order, in `year`."""
    m = _MONTH_DAY.fullmatch(s.replace(" ", ""))
    return date(year, int(m.group(1)), int(m.group(2))) if m else None


# Two defaults that differ in every field: a field dateutil filled from the
# default (not from the text) shows up as a difference. Both are leap years,
# so 'Feb 29' without a year survives to be checked against the real year.
_DEFAULTS = (datetime(2000, 1, 1), datetime(2004, 2, 2))


def _dateutil(s: str, year: int) -> date | None:
    """What dateutil reads the same way under every day/year-first reading.

    '8 May 2023' and '13/05/2023' pass; '05/08/2023' (8 May or 5 Aug?) and
    text without a month and a day ('May 2023', 'monday') do not. Only ASCII
    text: the Chinese forms are ours.
    """
    if not s.isascii() or not any(ch.isalnum() for ch in s):
        return None
    from dateutil import parser

    readings = set()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # e.g. UnknownTimezoneWarning
        for dayfirst in (False, True):
            for yearfirst in (False, True):
                a, b = (
                    parser.parse(s, default=d, dayfirst=dayfirst, yearfirst=yearfirst)
                    for d in _DEFAULTS
                )
                if (a.month, a.day) != (b.month, b.day):
                    return None  # month or day not in the text
                readings.add((a.year if a.year == b.year else None, a.month, a.day))
    if len(readings) != 1:
        return None  # ambiguous
    y, m, d = readings.pop()
    return date(year if y is None else y, m, d)


def parse_span(text: str, *, year: int | None = None, today: date) -> Span:
    """A plan's time box: a range, a period, a deadline or a single day.

    '4月21日至4月28日', '4月21日—28日', '5月13日至年底', '9月至10月' (1 Sep–31 Oct),
    '2023年11月—2024年1月'; '5月' and '6月下旬' span themselves; '年底前',
    '6月底前', '截止6月5日', '6月5日前' are deadlines, Span(None, end).
    Anything else `parse_date` reads is a one-day span.
    """
    default_year = today.year if year is None else year
    s = _strip_brackets(_compact(text)[0])
    try:
        expr = _read_whole(s)
        if expr is not None:
            return _resolve(expr, default_year, today)
    except (ValueError, OverflowError):
        raise _invalid(text) from None
    day = parse_date(text, year=year, today=today)
    return Span(day, day)


def _strip_brackets(s: str) -> str:
    while len(s) >= 2 and _BRACKETS.get(s[0]) == s[-1]:
        s = s[1:-1].strip()
    return s


def find_spans(text: str, *, year: int | None, today: date) -> list[tuple[Span, str]]:
    """Each date expression in a line of a plan: its span and the text as written.

    '1.开展专题学习 (4月21日至4月28 日)。' gives one span and '4月21日至4月28 日'.
    A bare year ('2023年校党总支'), a 文号 ('〔2023〕28号'), prose numerals
    ('十四届', '三月' alone) and recurring words ('每月底') give nothing, and
    an impossible date is passed over rather than guessed.
    """
    default_year = today.year if year is None else year
    s, index = _compact(text)
    found: list[tuple[Span, str]] = []
    pos = 0
    while m := _START.search(s, pos):
        try:
            expr, pos = _read(s, m)
        except ValueError:  # a malformed numeral: skip the word
            pos = m.end()
            continue
        if _is_prose(expr):
            continue
        try:
            span = _resolve(expr, default_year, today)
        except (ValueError, OverflowError):
            continue
        found.append((span, text[index[m.start()] : index[pos - 1] + 1]))
    return found


def _is_prose(expr: _Expr) -> bool:
    """Words that look like dates in running text but name none in a plan."""
    points = [expr.start] if expr.end is None else [expr.start, expr.end]
    if any(p.relative for p in points):
        return True  # 月底 moves with today
    p = expr.start
    return expr.end is None and p.cn_month and p.kind == "month" and p.year is None


def parse_days(text: str) -> int:
    """A number of days: '7', '7d', '2w', '7天', '2周', '七天' (at most 100 years)."""
    s = _compact(text)[0].lower()
    m = _DAYS.fullmatch(s)
    if m and m.group(2) in _UNITS:
        try:
            days = _int(m.group(1)) * _UNITS[m.group(2)]
        except ValueError:
            days = -1
        if 0 <= days <= _MAX_DAYS:
            return days
    raise UserError("dates.bad_window", text=text.strip())


def to_iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def format_date(d: date | None, lang: str) -> str:
    """'2023年5月8日' in Chinese, '2023-05-08' otherwise; '' for no date."""
    if d is None:
        return ""
    if lang.lower().startswith("zh"):
        return f"{d.year}年{d.month}月{d.day}日"
    return d.isoformat()


def month_bounds(text: str) -> tuple[date, date]:
    """First and last day of a month written '2023-05' or '2023年5月'."""
    m = _YEAR_MONTH.fullmatch(_compact(text)[0])
    if m:
        y, mo = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        try:
            year, month = _int(y), _int(mo)
            return date(year, month, 1), date(year, month, _last_day(year, month))
        except ValueError:
            pass
    raise UserError("dates.bad_month", text=text.strip())
