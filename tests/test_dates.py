"""The one date parser (SPEC §4): options, plan ranges, scanning plan lines."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign_cli import dates, i18n
from campaign_cli.dates import (
    Span,
    find_spans,
    format_date,
    month_bounds,
    parse_date,
    parse_days,
    parse_span,
    to_iso,
)
from campaign_cli.errors import UserError
from campaign_cli.i18n.messages import dates as catalog

TODAY = date(2023, 6, 15)
D = date


def pd(text: str, year: int | None = 2023, today: date = TODAY) -> date:
    return parse_date(text, year=year, today=today)


def ps(text: str, year: int | None = 2023, today: date = TODAY) -> Span:
    return parse_span(text, year=year, today=today)


# --------------------------------------------------------------------------
# parse_date: every form of SPEC §4
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # numeric, year first or Chinese month/day order
        ("2023-05-08", D(2023, 5, 8)),
        ("2023-5-8", D(2023, 5, 8)),
        ("2023/5/8", D(2023, 5, 8)),
        ("2023.5.8", D(2023, 5, 8)),
        ("5/8", D(2023, 5, 8)),
        ("12/31", D(2023, 12, 31)),
        # Chinese, arabic numerals
        ("5月8日", D(2023, 5, 8)),
        ("5月8号", D(2023, 5, 8)),
        ("2023年5月8日", D(2023, 5, 8)),
        ("2024年2月29日", D(2024, 2, 29)),
        # Chinese numerals
        ("五月八日", D(2023, 5, 8)),
        ("二〇二三年五月八日", D(2023, 5, 8)),
        ("二零二三年五月八号", D(2023, 5, 8)),
        ("十二月三十一日", D(2023, 12, 31)),
        ("十月十日", D(2023, 10, 10)),
        ("五月二十日", D(2023, 5, 20)),
        ("五月廿八日", D(2023, 5, 28)),
        ("十月卅一日", D(2023, 10, 31)),
        # period words mean the period's last day
        ("月底", D(2023, 6, 30)),
        ("6月底", D(2023, 6, 30)),
        ("2月底", D(2023, 2, 28)),
        ("年底", D(2023, 12, 31)),
        ("年底前", D(2023, 12, 31)),
        ("2024年底", D(2024, 12, 31)),
        ("6月上旬", D(2023, 6, 10)),
        ("6月中旬", D(2023, 6, 20)),
        ("6月下旬", D(2023, 6, 30)),
        ("2月下旬", D(2023, 2, 28)),
        ("6月", D(2023, 6, 30)),
        ("6月底前", D(2023, 6, 30)),
        ("截止6月5日", D(2023, 6, 5)),
        # relative to today
        ("today", TODAY),
        ("Today", TODAY),
        ("tomorrow", D(2023, 6, 16)),
        ("yesterday", D(2023, 6, 14)),
        ("+7d", D(2023, 6, 22)),
        ("+2w", D(2023, 6, 29)),
        ("-3d", D(2023, 6, 12)),
        ("+7天", D(2023, 6, 22)),
        ("今天", TODAY),
        ("明天", D(2023, 6, 16)),
        ("昨天", D(2023, 6, 14)),
        # full-width digits, stray spaces
        ("２０２３－０５－０８", D(2023, 5, 8)),
        ("２０２３年５月８日", D(2023, 5, 8)),
        ("５／８", D(2023, 5, 8)),
        ("5 月 8 日", D(2023, 5, 8)),
        ("2023 年 5 月 8 日", D(2023, 5, 8)),
        ("  2023-05-08  ", D(2023, 5, 8)),
        ("2023 - 05 - 08", D(2023, 5, 8)),
        ("\u30002023年5月8日\u3000", D(2023, 5, 8)),
        # dateutil, when unambiguous
        ("May 8 2023", D(2023, 5, 8)),
        ("8 May 2023", D(2023, 5, 8)),
        ("May 8, 2023", D(2023, 5, 8)),
        ("13/05/2023", D(2023, 5, 13)),
        ("May 8", D(2023, 5, 8)),
    ],
)
def test_parse_date_forms(text: str, expected: date) -> None:
    assert pd(text) == expected


def test_forms_without_a_year_take_the_campaign_year_else_today() -> None:
    assert pd("5月8日", year=2021) == D(2021, 5, 8)
    assert pd("5/8", year=2021) == D(2021, 5, 8)
    assert pd("年底", year=2021) == D(2021, 12, 31)
    assert pd("5月8日", year=None, today=D(2025, 1, 2)) == D(2025, 5, 8)
    # a written year wins over the campaign's
    assert pd("2022年5月8日", year=2021) == D(2022, 5, 8)


def test_relative_forms_count_from_today_not_the_campaign_year() -> None:
    assert pd("月底", year=2021) == D(2023, 6, 30)
    assert pd("+7d", year=2021) == D(2023, 6, 22)


def test_february_29_only_in_a_leap_year() -> None:
    assert pd("2月29日", year=2024) == D(2024, 2, 29)
    with pytest.raises(UserError):
        pd("2月29日", year=2023)
    with pytest.raises(UserError):
        pd("Feb 29", year=2023)


@pytest.mark.parametrize(
    "text",
    [
        # impossible: never clamped
        "2023-02-30",
        "2023/2/30",
        "2月30日",
        "13月1日",
        "0月1日",
        "5月32日",
        "5月0日",
        "二〇二三年二月三十日",
        "十三月一日",
        "13/5",
        "2023-13-01",
        # ambiguous: day/month order unknown
        "05/08/2023",
        "01/02/03",
        # not a date at all
        "",
        "   ",
        "soon",
        "2023",
        "2023年",
        "May 2023",
        "monday",
        "廿八",
        "一二月三日",
        "5月1日至5月8日",
        "+99999999d",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    with pytest.raises(UserError) as err:
        pd(text)
    assert err.value.key == "dates.invalid"


@pytest.mark.parametrize(
    ("lang", "marker"), [("zh", "可用写法"), ("en", "Accepted forms")]
)
def test_invalid_message_names_the_text_and_the_forms(
    monkeypatch: pytest.MonkeyPatch, lang: str, marker: str
) -> None:
    monkeypatch.setattr(i18n, "_language", lang)
    with pytest.raises(UserError) as err:
        pd("2月30日")
    from campaign_cli.i18n import message as words

    message = words(err.value)
    assert "2月30日" in message
    assert marker in message
    assert "2023-05-08" in message and "5月8日" in message and "+7d" in message
    assert len(message.splitlines()) <= 2


def test_catalogs_match() -> None:
    assert catalog.ZH.keys() == catalog.EN.keys()
    assert all(key.startswith("dates.") for key in catalog.ZH)
    assert {"dates.invalid", "dates.bad_window", "dates.bad_month"} <= catalog.ZH.keys()
    # the Chinese strings are Chinese
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in s) for s in catalog.ZH.values())


# --------------------------------------------------------------------------
# parse_span: plan time boxes
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # ranges, each separator
        ("4月21日至4月28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日至4月28 日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日到4月28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日—28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日——28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日–28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日-28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21-28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日～28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日~28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日－28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("４月２１日至４月２８日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日 至 4月28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("5月13日至年底", D(2023, 5, 13), D(2023, 12, 31)),
        ("9月至10月", D(2023, 9, 1), D(2023, 10, 31)),
        ("2023年11月—2024年1月", D(2023, 11, 1), D(2024, 1, 31)),
        ("2025年9月1日至12月30日", D(2025, 9, 1), D(2025, 12, 30)),
        ("2023-05-08至2023-06-01", D(2023, 5, 8), D(2023, 6, 1)),
        # an end takes the last day of what it names, a start the first
        ("5月至5月中旬", D(2023, 5, 1), D(2023, 5, 20)),
        ("5月下旬至6月", D(2023, 5, 21), D(2023, 6, 30)),
        ("7月初至8月上旬", D(2023, 7, 1), D(2023, 8, 10)),
        ("7月上旬至7月下旬", D(2023, 7, 1), D(2023, 7, 31)),
        ("五月至六月", D(2023, 5, 1), D(2023, 6, 30)),
        # a period alone spans itself
        ("5月", D(2023, 5, 1), D(2023, 5, 31)),
        ("(5月)", D(2023, 5, 1), D(2023, 5, 31)),
        ("（5月）", D(2023, 5, 1), D(2023, 5, 31)),
        ("6月下旬", D(2023, 6, 21), D(2023, 6, 30)),
        ("6月上旬", D(2023, 6, 1), D(2023, 6, 10)),
        ("2月中旬", D(2023, 2, 11), D(2023, 2, 20)),
        ("2023年下半年", D(2023, 7, 1), D(2023, 12, 31)),
        # a single day
        ("5月8日", D(2023, 5, 8), D(2023, 5, 8)),
        ("2023-05-08", D(2023, 5, 8), D(2023, 5, 8)),
        ("5/8", D(2023, 5, 8), D(2023, 5, 8)),
        ("today", TODAY, TODAY),
    ],
)
def test_parse_span_ranges_and_periods(text: str, start: date, end: date) -> None:
    assert ps(text) == Span(start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("11月至1月", D(2023, 11, 1), D(2024, 1, 31)),
        ("12月20日至1月10日", D(2023, 12, 20), D(2024, 1, 10)),
        ("11月—2024年1月", D(2023, 11, 1), D(2024, 1, 31)),
        ("2023年11月—1月", D(2023, 11, 1), D(2024, 1, 31)),
        ("11月至2023年1月", D(2022, 11, 1), D(2023, 1, 31)),
        ("12月下旬至1月上旬", D(2023, 12, 21), D(2024, 1, 10)),
    ],
)
def test_parse_span_crosses_the_year_end(text: str, start: date, end: date) -> None:
    assert ps(text) == Span(start, end)


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("截止6月5日", D(2023, 6, 5)),
        ("截至6月5日", D(2023, 6, 5)),
        ("6月底前", D(2023, 6, 30)),
        ("年底前", D(2023, 12, 31)),
        ("（年底前）", D(2023, 12, 31)),
        ("6月5日前", D(2023, 6, 5)),
        ("6月5日之前", D(2023, 6, 5)),
        ("6月5日以前", D(2023, 6, 5)),
        ("年底", D(2023, 12, 31)),
        ("6月底", D(2023, 6, 30)),
        ("2024年底前", D(2024, 12, 31)),
    ],
)
def test_parse_span_deadlines_have_no_start(text: str, end: date) -> None:
    assert ps(text) == Span(None, end)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2023年",
        "2023",
        "nonsense",
        "5月20日至5月10日",  # same month, end before start
        "2024年11月至2023年1月",  # both years written, end before start
        "4月31日至5月1日",
        "4月21日至",
        "至4月28日",
        "05/08/2023",
        "0月七九",  # a malformed Chinese numeral is an error, not a crash
    ],
)
def test_parse_span_rejects(text: str) -> None:
    with pytest.raises(UserError) as err:
        ps(text)
    assert err.value.key == "dates.invalid"


# --------------------------------------------------------------------------
# parse_span / find_spans: forms plans write that were once misread
# --------------------------------------------------------------------------

# Read with the brief's dates: campaign year 2023, today 1 June 2023.
JUNE_1 = D(2023, 6, 1)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # a bare 月底 ending a range is the end of the start's month, not today's
        ("5月13日至月底", D(2023, 5, 13), D(2023, 5, 31)),
        ("5月13日至月末", D(2023, 5, 13), D(2023, 5, 31)),
        ("2月1日至月底", D(2023, 2, 1), D(2023, 2, 28)),
        # a month range written with one 月
        ("3-4月", D(2023, 3, 1), D(2023, 4, 30)),
        ("9—10月份", D(2023, 9, 1), D(2023, 10, 31)),
        ("三至四月", D(2023, 3, 1), D(2023, 4, 30)),
        ("2024年3-4月", D(2024, 3, 1), D(2024, 4, 30)),
        ("12-1月", D(2023, 12, 1), D(2024, 1, 31)),
        # dotted month.day ranges
        ("2023.4.21—4.28", D(2023, 4, 21), D(2023, 4, 28)),
        ("4.21-4.28", D(2023, 4, 21), D(2023, 4, 28)),
        ("4.21至4.28", D(2023, 4, 21), D(2023, 4, 28)),
        ("4.21日-4.28日", D(2023, 4, 21), D(2023, 4, 28)),
        # a bare period ending a range shares the start's month
        ("4月中旬至下旬", D(2023, 4, 11), D(2023, 4, 30)),
        ("4月上旬至中旬", D(2023, 4, 1), D(2023, 4, 20)),
        # 次年 / 翌年 / 明年: the year after the start's
        ("12月至次年1月", D(2023, 12, 1), D(2024, 1, 31)),
        ("12月至翌年1月", D(2023, 12, 1), D(2024, 1, 31)),
        ("12月至明年1月", D(2023, 12, 1), D(2024, 1, 31)),
        ("11月20日至次年1月10日", D(2023, 11, 20), D(2024, 1, 10)),
        ("2024年12月至次年2月", D(2024, 12, 1), D(2025, 2, 28)),
        ("5月至明年底", D(2023, 5, 1), D(2024, 12, 31)),
        # quarters
        ("第一季度", D(2023, 1, 1), D(2023, 3, 31)),
        ("第二季度", D(2023, 4, 1), D(2023, 6, 30)),
        ("第三季度", D(2023, 7, 1), D(2023, 9, 30)),
        ("第四季度", D(2023, 10, 1), D(2023, 12, 31)),
        ("一季度", D(2023, 1, 1), D(2023, 3, 31)),
        ("第3季度", D(2023, 7, 1), D(2023, 9, 30)),
        ("2024年第一季度", D(2024, 1, 1), D(2024, 3, 31)),
        ("第二季度至第三季度", D(2023, 4, 1), D(2023, 9, 30)),
        # a weekday in brackets is skipped
        ("4月21日（周五）至4月28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日（星期五）至4月28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日（周5）至4月28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日(Fri)至4月28日", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日 (Fri) 至 4月28日（周五）", D(2023, 4, 21), D(2023, 4, 28)),
        ("4月21日（周五）", D(2023, 4, 21), D(2023, 4, 21)),
        # 起 before a separator: 'from … to …'
        ("5月13日起至5月20日", D(2023, 5, 13), D(2023, 5, 20)),
    ],
)
def test_parse_span_plan_forms(text: str, start: date, end: date) -> None:
    assert ps(text, today=JUNE_1) == Span(start, end)
    assert find_spans(f"1.学习（{text}）。", year=2023, today=JUNE_1) == [(Span(start, end), text)]


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("即日起至5月31日", D(2023, 5, 31)),
        ("即日至5月31日", D(2023, 5, 31)),
        ("自即日起至6月底", D(2023, 6, 30)),
        ("三季度末", D(2023, 9, 30)),
        ("明年底", D(2024, 12, 31)),
    ],
)
def test_parse_span_deadlines_of_plan_forms(text: str, end: date) -> None:
    assert ps(text, today=JUNE_1) == Span(None, end)


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("5月13日起", D(2023, 5, 13)),
        ("（5月13日起）", D(2023, 5, 13)),
        ("5月起", D(2023, 5, 1)),
        ("2023年5月13日（周六）起", D(2023, 5, 13)),
    ],
)
def test_parse_span_from_a_day_on_has_no_end(text: str, start: date) -> None:
    """'…起' is the one form whose span has no end."""
    assert ps(text, today=JUNE_1) == Span(start, None)


def test_context_words_count_but_are_not_the_date_as_written() -> None:
    assert find_spans("1.学习（即日起至5月31日）", year=2023, today=JUNE_1) == [
        (Span(None, D(2023, 5, 31)), "5月31日")
    ]
    assert find_spans("4.整改提升。7月21日起，逐项整改。", year=2023, today=JUNE_1) == [
        (Span(D(2023, 7, 21), None), "7月21日")
    ]


@pytest.mark.parametrize(
    "text", ["5月13日起", "即日起至5月31日", "5月13日至5月20日起", "即日起"]
)
def test_open_forms_are_not_a_date(text: str) -> None:
    with pytest.raises(UserError):
        pd(text, today=JUNE_1)


def test_next_year_alone_is_after_the_campaign_year() -> None:
    assert ps("次年1月", today=JUNE_1) == Span(D(2024, 1, 1), D(2024, 1, 31))
    assert ps("次年1月至次年3月", today=JUNE_1) == Span(D(2024, 1, 1), D(2024, 3, 31))
    assert pd("明年1月", year=2021) == D(2022, 1, 31)


@pytest.mark.parametrize(
    "line",
    [
        "详见1.2节",  # a section number
        "参照第1.2-1.5节执行",  # a section range
        "升级到v1.2-1.5版本",
        "预算1.2-1.5万元",  # an amount
        "误差1.2-1.5%",
        "3.14",
        "1.2.3-1.2.4",
        "4.21-4.35",  # not a month.day
        "13.1-13.5",
        "4.21-28",  # a dotted date needs a dotted end
        "即日起",  # 即日 needs an end
        "即日起至月底",  # which month? it moves with today
        "上一季度",
        "每季度",
        "第十一季度",
        "第3-4名",
        "1-2人",
        "于5月13日起草方案中",  # 起草 is 'draft', not 'from'
    ],
)
def test_plan_forms_invent_nothing(line: str) -> None:
    found = find_spans(line, year=2023, today=JUNE_1)
    assert all(span.end is not None for span, _ in found), found
    assert [w for _, w in found] in ([], ["5月13日"]), found


def test_a_month_range_written_once_needs_months_at_both_ends() -> None:
    # '3-4月5日' is no month range: only 4月5日 is read
    assert find_spans("3-4月5日", year=2023, today=JUNE_1) == [
        (Span(D(2023, 4, 5), D(2023, 4, 5)), "4月5日")
    ]


# --------------------------------------------------------------------------
# find_spans: lines of the reference plan
# --------------------------------------------------------------------------

# The five steps of 时间内容安排, whole lines verbatim from
# /work/shared/reference/plan-jiangsu-speech-2023.txt.
HEADINGS = [
    (
        "1.开展专题学习 (4月21日至4月28 日)。利用党组织理论学习中心组专题交流学习、党支部“三会一"
        "课”讨论学习、“主题党日”实践学习,迅速掀起学习习近平总书记在江苏代表团重要讲话精神热潮。将重要讲话"
        "精神列入党员干部学习计划,纳入《2023年校党总支理论学习中心组专题学习计划》,广泛推动学习贯彻重要"
        "讲话精神落地见效。注重创新学习方式,开展沉浸式、实境式、体验式学习,党组织书记要带头为党员上专题党课"
        ",切实将重要讲话精神传达到每个支部、每个党员干部教师。",
        Span(D(2023, 4, 21), D(2023, 4, 28)),
        "4月21日至4月28 日",
    ),
    (
        "2.组织交流讨论 (5月8日至5月12日)。充分调动广大党员的积极性、主动性、创造性,各基层党组织在"
        "开展集中学习的基础上,对标习近平总书记对教育工作者的深切关怀和厚重嘱托,对照人民群众对优质教育的热切"
        "期盼,发动党员围绕“如何在优先中领先、率先中争先中提升教育教学质量” “如何立足本职岗位把青少年培养"
        "成为中国特色社会主义的建设者和接班人”等深入开展大讨论,促使全市教育系统党员于部和全体教师认识到以习"
        "近平同志为核心的党中央对教育事业的高度重视和对全体师生的特殊厚爱。",
        Span(D(2023, 5, 8), D(2023, 5, 12)),
        "5月8日至5月12日",
    ),
    (
        "3.深入开展调研(5月13日至年底)。结合学习贯彻习近平新时代中国特色社会主义思想主题教育,在全校大"
        "兴调查研究之风,围绕全面贯彻习近平总书记在江苏代表团重要讲话精神,实行问题大梳理、难题大排查,组织党"
        "员领导于部常态化开展基层调研,着力打通贯彻执行习近平总书记重要讲话精神中的堵点难点。调研行业,看发展"
        "趋势;调研企业,看岗位需求;调研员工,看发展前景;调研家庭,看成长环境;调研教师,看学校建设。",
        Span(D(2023, 5, 13), D(2023, 12, 31)),
        "5月13日至年底",
    ),
    (
        "4.深化调研成果(年底前)。全面梳汇理总调研情况,围绕习近平总书记重要讲话精神,特别是对职业教育发展"
        "、中华优秀传统文化教育等作出的重要指示,进行深入调研、充分分析和科学决策。要对制约教育改革发展等具有"
        "普遍性和制度性的问题、涉及教育领域安全稳定等深层次关键性问题等,研究透彻、找准根源和症结。在此基础上"
        ",要专题交流调研情况,研究对策措施,形成解决问题、促进工作的思路办法和政策举措,确保每个问题都有务实"
        "管用的破解之策。",
        Span(None, D(2023, 12, 31)),
        "年底前",
    ),
    (
        "5.着力解决问题(年底前)。对调研中反映和发现的问题,逐一梳理形成问题清单、责任清单、任务清单,逐一"
        "列出解决措施、责任部门、贵任人和完成时限。对短期能够解决的,立行立改、马上就办。对一时难以解决、需要"
        "持续推进,明确目标,紧盯不放,一抓到底,做到问题不解决不松劲、解决不彻底不放手,切实筑牢教育发展基础"
        "。",
        Span(None, D(2023, 12, 31)),
        "年底前",
    ),
]


@pytest.mark.parametrize(("line", "span", "written"), HEADINGS)
def test_find_spans_on_the_plan_headings(line: str, span: Span, written: str) -> None:
    assert find_spans(line, year=2023, today=TODAY) == [(span, written)]


@pytest.mark.parametrize(
    "line",
    [
        "关于开展学习宣传贯彻习近平总书记在参加江苏代表团审议时的重要讲话精神的实施方案",
        "根据《关于印发<全市教育系统开展学习宣传贯彻习近平总书记在参加江苏代表团审议时的重要讲话精神的实施方案>"
        "的通知》(常教工委〔2023〕28号文)要求,现就全校党员认真学习宣传贯彻习近平总书记重要讲话精神制定方案如下:",
        "纳入《2023年校党总支理论学习中心组专题学习计划》",
        "常教工委〔2023〕28号",
        "深刻领悟、全面落实习近平总书记在参加十四届全国人大一次会议江苏代表团审议时重要讲话精神",
        "把学习贯彻习近平总书记重要讲话精神与深入学习贯彻党的二十大精神结合起来",
        "二、时间内容安排",
        "每月底前报送台账",
        "月底前报送台账",  # which month? it would move with today
        "每年年底总结",
        "三月份",  # a Chinese-numeral month alone in prose
        "用户登录",
        "2月30日前完成",  # impossible: passed over, not guessed
    ],
)
def test_find_spans_invents_nothing(line: str) -> None:
    assert find_spans(line, year=2023, today=TODAY) == []


def test_find_spans_finds_several_in_order_with_the_text_as_written() -> None:
    line = "时间安排：2025年9月1日至12月30日；第一阶段（9月），第二阶段10月上旬—11月底，截止 12 月 5 日验收。"
    found = find_spans(line, year=None, today=TODAY)
    assert found == [
        (Span(D(2025, 9, 1), D(2025, 12, 30)), "2025年9月1日至12月30日"),
        (Span(D(2023, 9, 1), D(2023, 9, 30)), "9月"),
        (Span(D(2023, 10, 1), D(2023, 11, 30)), "10月上旬—11月底"),
        (Span(None, D(2023, 12, 5)), "截止 12 月 5 日"),
    ]


def test_find_spans_full_width() -> None:
    assert find_spans("（４月２１日～２８日）", year=2023, today=TODAY) == [
        (Span(D(2023, 4, 21), D(2023, 4, 28)), "４月２１日～２８日")
    ]


# --------------------------------------------------------------------------
# parse_days, to_iso, format_date, month_bounds
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [("7", 7), ("7d", 7), ("7D", 7), ("2w", 14), ("7天", 7), ("2周", 14), ("０", 0), ("7 d", 7), ("七天", 7)],
)
def test_parse_days(text: str, days: int) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["", "-3", "7x", "a week", "1.5d", "d", "99999999"])
def test_parse_days_rejects(text: str) -> None:
    with pytest.raises(UserError) as err:
        parse_days(text)
    assert err.value.key == "dates.bad_window"


def test_to_iso_and_format_date() -> None:
    assert to_iso(D(2023, 5, 8)) == "2023-05-08"
    assert to_iso(None) is None
    assert format_date(D(2023, 5, 8), "zh") == "2023年5月8日"
    assert format_date(D(2023, 5, 8), "en") == "2023-05-08"
    assert format_date(None, "zh") == ""
    assert format_date(None, "en") == ""


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2023-05", D(2023, 5, 1), D(2023, 5, 31)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2023年5月", D(2023, 5, 1), D(2023, 5, 31)),
        ("2023年12月", D(2023, 12, 1), D(2023, 12, 31)),
        ("２０２３－０６", D(2023, 6, 1), D(2023, 6, 30)),
    ],
)
def test_month_bounds(text: str, first: date, last: date) -> None:
    assert month_bounds(text) == (first, last)


@pytest.mark.parametrize("text", ["2023-13", "2023", "5月", "May", "2023-05-08", ""])
def test_month_bounds_rejects(text: str) -> None:
    with pytest.raises(UserError) as err:
        month_bounds(text)
    assert err.value.key == "dates.bad_month"


def test_module_import_is_light() -> None:
    """dateutil is imported only when the fallback needs it."""
    import subprocess
    import sys

    code = (
        "import sys; import campaign_cli.dates as d; from datetime import date; "
        "d.parse_date('2023-05-08', today=date(2023, 1, 1)); "
        "print('dateutil' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**__import__("os").environ, "PYTHONPATH": dates.__file__.rsplit("/campaign_cli/", 1)[0]},
    )
    assert out.stdout.strip() == "False"


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

CN = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1..31 the way it is written: 五, 十, 十二, 二十, 三十一."""
    tens, unit = divmod(n, 10)
    if tens == 0:
        return CN[unit]
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[unit] if unit else "")


def cn_date(d: date) -> str:
    year = "".join(CN[int(ch)] for ch in str(d.year))
    return f"{year}年{cn_number(d.month)}月{cn_number(d.day)}日"


def written_forms(d: date) -> list[str]:
    return [
        d.isoformat(),
        f"{d.year}年{d.month}月{d.day}日",
        f"{d.year}/{d.month}/{d.day}",
        f"{d.year}.{d.month}.{d.day}",
        cn_date(d),
        format_date(d, "zh"),
        format_date(d, "en"),
    ]


valid_dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))


@pytest.mark.slow
@settings(deadline=None)
@given(valid_dates)
def test_every_date_round_trips_through_its_written_forms(d: date) -> None:
    for text in written_forms(d):
        assert pd(text, year=1999) == d, text
        assert ps(text, year=1999) == Span(d, d), text


@pytest.mark.slow
@settings(deadline=None)
@given(valid_dates)
def test_month_and_day_without_a_year_take_the_given_year(d: date) -> None:
    assert pd(f"{d.month}月{d.day}日", year=d.year) == d
    assert pd(f"{cn_number(d.month)}月{cn_number(d.day)}日", year=d.year) == d
    assert pd(f"{d.month}/{d.day}", year=d.year) == d


@pytest.mark.slow
@settings(deadline=None)
@given(valid_dates, st.integers(min_value=0, max_value=400))
def test_a_written_range_reads_back(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    if end.year > 2100:
        return
    text = f"{format_date(start, 'zh')}至{format_date(end, 'zh')}"
    assert ps(text) == Span(start, end)
    assert find_spans(f"（{text}）。", year=None, today=TODAY) == [(Span(start, end), text)]


# Text drawn from the characters dates are made of, and strings of the pieces
# they are built from, so the grammar is exercised and not only rejected.
date_chars = st.text(alphabet="0123456789 -/.年月日号底末初上中下旬前至到—~截止" + CN + "十廿卅", max_size=20)
PIECES = [
    "2023", "2023年", "5", "12", "31", "0", "月", "日", "号", "5月", "8日", "十二月", "三十一日", "廿", "卅",
    "二〇二三年", "七九", "至", "到", "—", "-", "～", "/", ".", " ", "底", "年底", "月底", "上旬", "下旬",
    "初", "前", "之前", "截止", "每", "半年", "份", "(", ")", "（", "）", "today", "+7d", "May", "8",
    "起", "即日", "季度", "第三", "次年", "明年", "(周五)", "（星期5）", "(Fri)", "4.21", "中旬", "3-4月",
]
date_pieces = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
ascii_dates = st.text(alphabet="0123456789/-.: ,adDwMayJunTtoday+", max_size=20)
any_text = st.one_of(st.text(), date_chars, date_pieces, ascii_dates)
property_settings = settings(max_examples=500, deadline=None)


@pytest.mark.slow
@property_settings
@given(any_text)
def test_any_text_gives_a_date_or_a_user_error(text: str) -> None:
    try:
        result = pd(text)
    except UserError as err:
        assert err.key == "dates.invalid"
    else:
        assert isinstance(result, date)


@pytest.mark.slow
@property_settings
@given(any_text)
def test_any_text_gives_a_span_or_a_user_error(text: str) -> None:
    try:
        span = ps(text)
    except UserError as err:
        assert err.key == "dates.invalid"
    else:
        # only '…起' (from then on) has no end
        assert span.end is not None or "起" in text
        assert span.start is None or span.end is None or span.start <= span.end


@pytest.mark.slow
@property_settings
@given(any_text)
def test_find_spans_returns_substrings_in_order(text: str) -> None:
    found = find_spans(text, year=2023, today=TODAY)
    pos = 0
    for span, written in found:
        at = text.find(written, pos)
        assert at >= 0, (text, written)
        pos = at + len(written)
        assert span.start is None or span.end is None or span.start <= span.end
        # what was found reads back on its own, but for the context words
        # around it: 即日起至 (no start) before, 起 (no end) after
        alone = ps(written)
        if span.end is None:
            # ('年底' alone is a deadline; '年底起' starts on its day)
            assert span.start == (alone.start or alone.end), (text, written)
            assert text[pos:].lstrip().startswith("起"), (text, written)
        elif span != alone:
            assert span == Span(None, alone.end) and "即日" in text[:at], (text, written)
