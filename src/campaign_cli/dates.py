"""Every date form a user types or a plan prints, read by one parser (SPEC §4).

Three entry points share one grammar:

- `parse_date` reads a date option: ISO and slashed dates, Chinese dates
  (arabic or Chinese numerals), period words (`6月下旬`, `年底`: the period's
  last day), relative words (`today`, `+7d`, `明天`), then whatever
  python-dateutil reads without ambiguity.
- `parse_span` reads a plan's time box: a range (`4月21日至4月28日`, `3-4月`,
  `4.21-4.28`, `4月中旬至下旬`, `12月至次年1月`), a period that spans itself
  (`5月`, `第三季度`), a deadline with no start (`年底前`, `即日起至5月31日`),
  or a start with no end (`5月13日起`: the only span whose end is None).
- `find_mentions` finds each of those inside a line of a plan, before it
  has a year; `find_spans` reads them in a given year.

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


class _lazy:
    """A pattern compiled when first used: the eleven here took ~10 ms of
    every command's start-up, and most commands use none of them."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str):
        compiled = re.compile(*self._args)
        for method in ("match", "fullmatch", "search", "finditer", "findall", "sub", "split"):
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

__all__ = [
    "Mention",
    "Span",
    "find_mentions",
    "find_spans",
    "format_date",
    "month_bounds",
    "parse_date",
    "parse_days",
    "parse_span",
    "to_iso",
]


class Span(NamedTuple):
    """A time box; `start` is None for a deadline (`年底前`, `即日起至5月31日`).

    `end` is None only for a start with no end (`5月13日起`: from then on).
    """

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
_CN_TENS = _lazy(r"([一二三]?)十([一二三四五六七八九]?)|([廿卅])([一二三四五六七八九]?)")


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

# 次年1月, 明年底: the year after (the start's in a range, else the campaign's).
_NEXT_YEAR = "次年|翌年|明年|来年|第二年"
_POINT = rf"""
    (?:(?P<y>{_YEAR})年|(?P<ny>{_NEXT_YEAR}))? # 2023年5月8日 / 5月 / 次年1月
    (?P<m>{_MONTH})月份?
    (?:
        (?P<d>{_DAY})(?:[日号]|(?={_SEP})|\Z)  # '日' may drop before a dash: 4月21—28日
      | (?P<per>初|中下旬|中上旬|上中旬|上旬|中旬|下旬|底|末)
    )?
  | (?:(?P<ye_y>{_YEAR})年?|(?P<ye_n>[次翌明来]))? # 年底 / 2023年底 / 明年底
    (?<!每)(?<!每年)年(?P<ye>底|末)            # but not 每年底 (every year's end)
  | (?:(?P<q_y>{_YEAR})年)?                   # 第三季度 / 2023年一季度 / 三季度末
    (?:第(?P<q>[一二三四1-4])
      | (?<![\d{_CN_DIGITS}十廿卅每本上下前后近该当这那个逐第])(?P<q2>[一二三四1-4]))
    季度(?P<qe>末|底)?
  | (?:(?P<h_y>{_YEAR})年)?(?P<h>[上下])半年   # 上半年 / 2023年下半年
  | (?<![\d.])(?P<iy>\d{{4}})(?P<isep>[-/.])   # 2023-05-08, 2023/5/8, 2023.5.8
    (?P<im>\d{{1,2}})(?P=isep)(?P<id>\d{{1,2}})(?![\d.])
  | (?<![\d{_CN_DIGITS}十廿卅每本上下个])      # bare 月底: this month's end,
    月(?P<me>底|末)                            # not 每月底 (every month's)
"""
# A dotted month.day (4.21) reads only in a range of two of them (4.21-4.28,
# 2023.4.21—4.28), never alone: alone it is a section or version number. No
# letter, digit or dot may touch either side, nor a unit follow the end
# ('1.2-1.5万元', 'v1.2-1.5', '1.2-1.5kg' are not dates).
_NOT_AFTER_DOTTED = (
    r"(?![\d.%‰a-zA-Z"  # 1.2-1.5%, 1.2-1.5kg
    r"万亿千百元角米倍节章条款版级分秒个克斤吨度人项家所名岁小公])"  # 1.2-1.5万元, …节
)
_DOTTED_MD = rf"\d{{1,2}}\.\d{{1,2}}{_NOT_AFTER_DOTTED}"
# What may open an expression besides a point:
_OPENERS = rf"""
    (?:(?P<oy>{_YEAR})年)?(?<!\.)              # 3-4月, 九—十月份, 三至四月: a month
    (?P<om>{_MONTH})(?={_SEP}(?:\d{{1,2}}|[{_CN_DIGITS}十]{{1,2}})月)  # sharing the end's 月
  | (?<![\w.])(?P<dm>\d{{1,2}})\.(?P<dd>\d{{1,2}})  # 4.21-4.28 (see above)
    (?=[日号]?{_SEP}{_DOTTED_MD})[日号]?
  | (?P<now>(?:自|从)?即日)(?=起?{_SEP})       # 即日起至5月31日: no start date
"""
# An expression starts with a point, perhaps after 截止 ("deadline:").
_START = _lazy(rf"(?P<pre>截[止至][到至]?)?(?:{_POINT}|{_OPENERS})", re.X | re.A)
# What may follow a separator: a point; a bare day or period sharing the
# start's month (4月21日—28日, 4月中旬至下旬); a dotted month.day after a
# dotted start.
_END = _lazy(
    rf"""(?:{_POINT})
      | (?P<od>{_DAY})[日号]
      | (?P<op>中下旬|中上旬|上中旬|上旬|中旬|下旬)
      | (?P<em>\d{{1,2}})\.(?P<ed>\d{{1,2}}){_NOT_AFTER_DOTTED}[日号]?""",
    re.X | re.A,
)
_SEP_RE = _lazy(_SEP)
# 5月13日起: from then on (but not 起草 'draft', 起点 'starting point'…).
_FROM = _lazy(r"起(?!草|点|步|诉|义|因|见|飞|来|床|身|码|止)")
# A weekday in brackets after a day, skipped: (周五) (星期五) (周5) (Fri).
_WEEKDAY = _lazy(
    r"\( ?(?:(?:周|星期|礼拜)[一二三四五六日天1-7]"
    r"|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?) ?\)",
    re.A | re.I,
)
# 6月5日前 / 之前 / 以前 make a deadline; 前后 ("around") does not.
_BEFORE = _lazy(r"(?:之前|以前|前)(?!后)")

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
_OFFSET = _lazy(r"([+-])(\d{1,7})(d|w|天|日|周|星期)?", re.A)
_DAYS = _lazy(rf"\+?(\d{{1,7}}|[{_CN_DIGITS}十廿卅]{{1,3}}) ?([a-z]*|天|日|周|星期)", re.A)
# Chinese convention: 5/8 is 8 May.
_MONTH_DAY = _lazy(r"(\d{1,2})/(\d{1,2})", re.A)
_YEAR_MONTH = _lazy(
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
    "early-mid": (1, 20), "mid-late": (11, None),  # 中上旬, 中下旬: both parts
}
_PERIODS = {
    "初": "early", "上旬": "early", "中旬": "mid", "下旬": "late", "底": "mend", "末": "mend",
    "中上旬": "early-mid", "上中旬": "early-mid", "中下旬": "mid-late",
}


@dataclass(frozen=True)
class _Point:
    """One end of an expression, as written (year None when not written)."""

    # day month early mid late early-mid mid-late mend | yend h1 h2
    # | quarter qend | now (即日)
    # | oday (a bare day, '—28日') — the bare ones take the start's month.
    kind: str
    year: int | None = None
    # None with kind 'mend': this month (月底); with early/mid/late: the
    # start's ('至下旬'); with quarter/qend: the quarter's number.
    month: int | None = None
    day: int | None = None
    cn_month: bool = False  # a month in Chinese numerals ('三月' in prose)
    next_year: bool = False  # 次年 / 明年: the year after
    dotted: bool = False  # written 4.21 or 2023.4.21
    bare: bool = False  # an end with no month of its own: '—28日', '至下旬'

    @property
    def relative(self) -> bool:
        return self.kind == "mend" and self.month is None


@dataclass(frozen=True)
class _Expr:
    start: _Point
    end: _Point | None = None  # set for a range
    deadline: bool = False  # 截止… / …前
    open_end: bool = False  # 5月13日起: a start and no end


def _point(m: re.Match[str]) -> _Point:
    """The point a `_START`/`_END` match names (ValueError if a numeral is bad)."""
    g = m.groupdict()
    if g.get("od"):
        return _Point("oday", day=_int(g["od"]), bare=True)
    if g.get("op"):
        return _Point(_PERIODS[g["op"]], bare=True)
    if g.get("em"):
        return _Point("day", month=int(g["em"]), day=int(g["ed"]), dotted=True)
    if g.get("om"):
        return _Point(
            "month",
            year=_int(g["oy"]) if g["oy"] else None,
            month=_int(g["om"]),
            cn_month=not g["om"].isascii(),
        )
    if g.get("dm"):
        return _Point("day", month=int(g["dm"]), day=int(g["dd"]), dotted=True)
    if g.get("now"):
        return _Point("now")
    if g["m"]:
        kind = "day" if g["d"] else _PERIODS.get(g["per"] or "", "month")
        return _Point(
            kind,
            year=_int(g["y"]) if g["y"] else None,
            month=_int(g["m"]),
            day=_int(g["d"]) if g["d"] else None,
            cn_month=not g["m"].isascii(),
            next_year=bool(g["ny"]),
        )
    if g["ye"]:
        return _Point(
            "yend", year=_int(g["ye_y"]) if g["ye_y"] else None, next_year=bool(g["ye_n"])
        )
    if g["q"] or g["q2"]:
        return _Point(
            "qend" if g["qe"] else "quarter",
            year=_int(g["q_y"]) if g["q_y"] else None,
            month=_int(g["q"] or g["q2"]),
        )
    if g["h"]:
        return _Point("h1" if g["h"] == "上" else "h2", year=_int(g["h_y"]) if g["h_y"] else None)
    if g["iy"]:
        return _Point(
            "day", year=int(g["iy"]), month=int(g["im"]), day=int(g["id"]),
            dotted=g["isep"] == ".",
        )
    return _Point("mend")  # bare 月底


class _Found(NamedTuple):
    expr: _Expr
    first: int  # the date as written: s[first:last] (without 即日起至 / 起)
    last: int
    pos: int  # where the expression, context words included, ends


def _read(s: str, m: re.Match[str]) -> _Found:
    """The expression starting at match `m` of `_START`, and where it ends.

    The context words of `即日起至5月31日` and `5月13日起` count in the span
    but are not part of the date as written ('5月31日', '5月13日').

    ValueError when the start needs an end it lacks (3-4月, 4.21-4.28 and
    即日起至… are ranges or nothing) or an end needs a month the start lacks.
    """
    start = _point(m)
    first, pos, end = m.start(), _skip_weekday(s, m.end()), None
    deadline = bool(m.group("pre"))
    from_ = None if deadline else _FROM.match(s, pos)
    sep = _SEP_RE.match(s, from_.end() if from_ else pos)
    if sep and (e := _END.match(s, sep.end())):
        end = _point(e)
        if end.dotted and end.year is None and not start.dotted:
            end = None  # 4.28 reads only after a dotted start
        else:
            end, pos = _bind(start, end), _skip_weekday(s, e.end())
            if start.kind == "now":
                first = e.start()
    if end is None and (start.kind == "now" or m.group("om") or m.group("dm")):
        raise ValueError("a range with no end")
    if m.group("om") and end is not None and end.kind not in (
        "month", "early", "mid", "late", "early-mid", "mid-late", "mend"
    ):
        raise ValueError("3-4月 takes a month at each end")
    if end is None and from_:
        return _Found(_Expr(start, open_end=True), first, pos, from_.end())
    before = _BEFORE.match(s, pos)
    if before:
        pos = before.end()
    return _Found(_Expr(start, end, deadline=bool(deadline or before)), first, pos, pos)


def _skip_weekday(s: str, pos: int) -> int:
    weekday = _WEEKDAY.match(s, pos)
    return weekday.end() if weekday else pos


def _bind(start: _Point, end: _Point) -> _Point:
    """An end with no month of its own takes the start's: '4月21日—28日',
    '4月中旬至下旬', and '5月13日至月底' (the end of May, not of today's month)."""
    month_of_its_own = start.month is not None and start.kind not in ("quarter", "qend")
    if end.bare:
        if not month_of_its_own:
            raise ValueError("a bare day or period needs a month before it")
        kind = "day" if end.kind == "oday" else end.kind
    elif end.relative and month_of_its_own:
        kind = "mend"
    else:
        return end
    return replace(
        end, kind=kind, year=start.year, month=start.month,
        next_year=start.next_year, bare=False,
    )


def _read_whole(s: str) -> _Expr | None:
    """The expression that is all of `s`, or None if `s` is not one."""
    m = _START.match(s)
    if not m:
        return None
    found = _read(s, m)
    return found.expr if found.pos == len(s) else None


# ---------------------------------------------------------------------------
# From parsed pieces to dates
# ---------------------------------------------------------------------------


def _given(*years: int | None) -> int:
    """The first year actually written (0 is written, not missing)."""
    return next(y for y in years if y is not None)


def _own_year(p: _Point, year: int) -> int:
    """The year of a point standing alone (次年/明年: the one after `year`)."""
    if p.year is not None:
        return p.year
    return year + 1 if p.next_year else year


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _bounds(p: _Point, year: int, today: date) -> tuple[date, date]:
    """First and last day of what `p` names in `year` (ValueError if none)."""
    if p.kind == "yend":
        return date(year, 12, 31), date(year, 12, 31)
    if p.kind in ("h1", "h2"):
        return (date(year, 1, 1), date(year, 6, 30)) if p.kind == "h1" else (
            date(year, 7, 1), date(year, 12, 31))
    if p.kind in ("quarter", "qend"):
        q = p.month or 0
        last = date(year, 3 * q, _last_day(year, 3 * q))
        return (last if p.kind == "qend" else date(year, 3 * q - 2, 1)), last
    if p.kind in ("now", "oday") or p.bare:
        raise ValueError(f"{p.kind} names no period by itself")
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
    first, last = _bounds(expr.start, _own_year(expr.start, year), today)
    if expr.open_end:
        return Span(first, None)  # 5月13日起: from then on
    if expr.deadline or expr.start.kind in ("mend", "yend", "qend"):
        return Span(None, last)  # 年底前, 截止6月5日, and 6月底 alone: by then
    return Span(first, last)


def _resolve_range(a: _Point, b: _Point, year: int, today: date) -> Span:
    """A range: start at the first day of `a`, end at the last day of `b`.

    A year written on one end applies to the other; an end month before the
    start month crosses the year end (11月—1月, 2023年11月—1月); 次年/明年 on
    the end is the year after the start's (12月至次年1月). A start of 即日
    ("from today on") is no date: Span(None, end).
    """
    if a.kind == "now":
        return Span(None, _bounds(b, _own_year(b, year), today)[1])
    a_year = today.year if a.relative else a.year
    b_year = today.year if b.relative else b.year
    if a.next_year:
        a_year = year + 1
    if b.next_year:
        b_year = a_year if a.next_year else _given(a_year, year) + 1
    start_year = _given(a_year, None if b.next_year else b_year, year)
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
    if expr.end is not None or expr.open_end:
        return None  # a range (or a start with no end) is not a date
    return _bounds(expr.start, _own_year(expr.start, year), today)[1]


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
    '2023年11月—2024年1月', '3-4月', '4.21-4.28', '4月中旬至下旬',
    '5月13日至月底' (the end of May), '12月至次年1月'; '5月', '6月下旬' and
    '第三季度' span themselves; '年底前', '6月底前', '截止6月5日', '6月5日前'
    and '即日起至5月31日' are deadlines, Span(None, end). '5月13日起' is a
    start with no end, Span(start, None): the only form whose end is None.
    A weekday in brackets after a day ('4月21日（周五）') is skipped.
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


@dataclass(frozen=True)
class Mention:
    """A date expression found in a text, before it is given a year: a plan's
    reader finds each date once and reads it in the year its timetable has
    reached (`span`)."""

    written: str  # the date as written in the text
    first: int  # text[first:last] is `written`
    last: int
    has_year: bool  # a year is written (2023年, 2023-05-08) or named (次年)
    year: int | None  # the first year written, if one is
    expr: _Expr

    def span(self, year: int, today: date) -> Span | None:
        """The span in `year` (for what is written without one); None when
        it names no day in that year (2月30日; 2月29日 outside a leap year)."""
        try:
            return _resolve(self.expr, year, today)
        except (ValueError, OverflowError):
            return None


def find_mentions(text: str) -> list[Mention]:
    """Each date expression in a line of a plan, in order, not yet resolved.

    The search half of `find_spans`: a bare year, a 文号, prose numerals and
    recurring words ('每月底') are no mention; a dotted 4.21 is one only in a
    range of two ('4.21-4.28').
    """
    s, index = _compact(text)
    found: list[Mention] = []
    pos = 0
    while m := _START.search(s, pos):
        try:
            expr, first, last, pos = _read(s, m)
        except ValueError:  # a malformed numeral, a range with no end: skip the word
            pos = m.end()
            continue
        # '三月' in prose names no date, but '（十月）' in brackets does.
        bracketed = first > 0 and s[first - 1] in "(【[" and s[last : last + 1] in (")", "】", "]")
        if _is_prose(expr) and not (bracketed and expr.start.cn_month):
            continue
        a, b = index[first], index[last - 1] + 1
        points = [expr.start] if expr.end is None else [expr.start, expr.end]
        has_year = any(p.year is not None or p.next_year for p in points)
        year = next((p.year for p in points if p.year is not None), None)
        found.append(Mention(text[a:b], a, b, has_year, year, expr))
    return found


def find_spans(text: str, *, year: int | None, today: date) -> list[tuple[Span, str]]:
    """Each date expression in a line of a plan: its span and the text as written.

    '1.开展专题学习 (4月21日至4月28 日)。' gives one span and '4月21日至4月28 日'.
    A bare year ('2023年校党总支'), a 文号 ('〔2023〕28号'), prose numerals
    ('十四届', '三月' alone) and recurring words ('每月底') give nothing, and
    an impossible date is passed over rather than guessed; a dotted 4.21 is
    read only in a range of two ('4.21-4.28'), never a lone '1.2'.

    The text as written is the date itself: '即日起至5月31日' gives
    Span(None, 31 May) written '5月31日', and '5月13日起' Span(13 May, None)
    written '5月13日' (the words around them count, but are not the date).
    """
    default_year = today.year if year is None else year
    found: list[tuple[Span, str]] = []
    for mention in find_mentions(text):
        span = mention.span(default_year, today)
        if span is not None:
            found.append((span, mention.written))
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
