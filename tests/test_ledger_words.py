"""Every word the ledger reader knows (importers/ledger/words.py): each
deadline word gives the date SPEC §4 says, each status word its status,
each header word its field; and the cell rules around them."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from campaign_cli.domain import vocabulary
from campaign_cli.errors import UsageError, UserError
from campaign_cli.i18n import message
from campaign_cli.importers.ledger import (BadDeadline, LedgerContext, SchoolCalendar, clean, field_of, header_key,
                                           parse_map, read_deadlines, read_ledger, read_status, status_of, verified_of,
                                           words)
from campaign_cli.importers.ledger.headers import HEADERS, WEAK
from campaign_cli.importers.ledger.values import split_items, split_names, split_unit_person

TODAY = date(2023, 6, 15)  # in the spring term
CONTEXT = LedgerContext(year=2023, today=TODAY, campaign_end=date(2024, 1, 15), short_term_days=30)


def one(text: str, found_on: date | None = None, context: LedgerContext = CONTEXT):
    found = read_deadlines(text, context, found_on)
    assert len(found) == 1, found
    return found[0]


# -- deadline words ----------------------------------------------------------

@pytest.mark.parametrize("word", words.SHORT_TERM_DEADLINES)
def test_every_short_term_word_is_due_short_term_days_after_found(word):
    assert (one(word).on, one(word).term) == (date(2023, 7, 15), "short")  # today + 30
    assert one(word, found_on=date(2023, 5, 10)).on == date(2023, 6, 9)
    assert one(word, context=LedgerContext(2023, TODAY, short_term_days=7)).on == date(2023, 6, 22)


@pytest.mark.parametrize("word", words.LONG_TERM_DEADLINES)
def test_every_long_term_word_is_due_at_the_campaign_end(word):
    assert (one(word).on, one(word).term, one(word).note) == (date(2024, 1, 15), "long", "long_term")
    assert one(word, context=LedgerContext(2023, TODAY)).on == date(2023, 12, 31)  # no end: the year's


@pytest.mark.parametrize("word", words.YEAR_DEADLINES)
def test_every_whole_year_word_is_due_on_the_last_day_of_the_campaign_year(word):
    assert one(word).on == date(2023, 12, 31) and one(word).term is None


# With the default calendar (spring 1 Mar–10 Jul, autumn 1 Sep–20 Jan), seen from 15 June 2023.
CALENDAR = {
    ("term_end", "current"): date(2023, 7, 10),
    ("term_end", "next"): date(2024, 1, 20),
    ("term_end", "spring"): date(2023, 7, 10),
    ("term_end", "autumn"): date(2024, 1, 20),
    ("before_start", "autumn"): date(2023, 8, 31),
    ("before_start", "spring"): date(2024, 2, 29),
    ("before_start", "next"): date(2023, 8, 31),
}


@pytest.mark.parametrize("word, rule", sorted(words.CALENDAR_DEADLINES.items()))
def test_every_school_calendar_word_takes_the_calendar_date(word, rule):
    found = one(word)
    assert (found.on, found.note) == (CALENDAR[rule], "school_calendar")


@pytest.mark.parametrize("word, on", [
    ("本学期", date(2024, 1, 20)),  # found in the autumn term
    ("下学期", date(2024, 7, 10)),
    ("暑假期间", date(2024, 8, 31)),
    ("寒假前", date(2024, 1, 20)),
    ("春季学期", date(2024, 7, 10)),
    ("开学前", date(2024, 2, 29)),
])
def test_school_words_count_from_the_day_the_row_was_found(word, on):
    assert one(word, found_on=date(2023, 10, 9)).on == on


def test_in_a_holiday_this_term_is_the_next_one_and_the_calendar_is_a_setting():
    assert one("本学期", found_on=date(2023, 7, 20)).on == date(2024, 1, 20)
    own = SchoolCalendar.parse("2-20~7-5, 8-28~1-15")
    assert own == SchoolCalendar(((2, 20), (7, 5)), ((8, 28), (1, 15)))
    context = LedgerContext(2023, TODAY, terms=own)
    assert (one("学期末", context=context).on, one("秋季开学前", context=context).on) == (date(2023, 7, 5),
                                                                                   date(2023, 8, 27))
    with pytest.raises(UserError):
        SchoolCalendar.parse("3月1日到7月")


# The holidays package's China calendar (zh_CN names): the first day of each.
HOLIDAYS = {"国庆节": date(2023, 10, 1), "端午节": date(2023, 6, 22), "春节": date(2024, 2, 10),
            "元旦": date(2024, 1, 1), "清明节": date(2024, 4, 4), "劳动节": date(2024, 5, 1),
            "中秋节": date(2023, 9, 29)}


@pytest.mark.parametrize("word, holiday", sorted(words.HOLIDAY_DEADLINES.items()))
def test_every_holiday_word_takes_the_holiday_from_the_calendar(word, holiday):
    found = one(word)
    assert (found.on, found.note) == (HOLIDAYS[holiday], "holiday")


def test_a_holiday_before_the_campaign_year_is_that_year_s():
    assert one("春节前", found_on=date(2022, 12, 1)).on == date(2023, 1, 22)
    assert one("端午节前", found_on=date(2023, 5, 1)).on == date(2023, 6, 22)


@pytest.mark.parametrize("text, dates", [
    ("7月、12月", [date(2023, 7, 31), date(2023, 12, 31)]),
    ("6月30日，9月30日", [date(2023, 6, 30), date(2023, 9, 30)]),
    ("2023年7月和2024年1月", [date(2023, 7, 31), date(2024, 1, 31)]),
    ("1.6月底前\n2.年底前", [date(2023, 6, 30), date(2023, 12, 31)]),
])
def test_several_dates_in_one_cell_are_one_deadline_each(text, dates):
    assert [d.on for d in read_deadlines(text, CONTEXT)] == dates


def test_a_milestone_cell_gives_each_date_its_own_words():
    found = read_deadlines("4月底前：制定方案\n6月底前：完成改造；\n12月底前：通过验收。", CONTEXT)
    assert [(d.on, d.text) for d in found] == [(date(2023, 4, 30), "制定方案"), (date(2023, 6, 30), "完成改造"),
                                               (date(2023, 12, 31), "通过验收")]


@pytest.mark.parametrize("text, on, note", [
    ("2023.12", date(2023, 12, 31), None),
    ("2024.2", date(2024, 2, 29), None),
    ("2023-9", date(2023, 9, 30), None),
    ("2023年7月低", date(2023, 7, 31), "typo"),
    ("7月低前完成", date(2023, 7, 31), "typo"),
    ("12月31日前", date(2023, 12, 31), None),
    ("9月底前完成", date(2023, 9, 30), None),
    ("9月底前完成整改", date(2023, 9, 30), None),
    ("国庆节前完成", date(2023, 10, 1), "holiday"),
    ("2023年6月30日", date(2023, 6, 30), None),
    ("9月至10月", date(2023, 10, 31), None),
    ("即日起至5月31日", date(2023, 5, 31), None),
    ("年底前", date(2023, 12, 31), None),
])
def test_other_forms_offices_write(text, on, note):
    assert (one(text).on, one(text).note) == (on, note)


def test_a_cell_of_deadline_words_only_is_one_deadline_the_first_word_s():
    found = one("立行立改，长期坚持")
    assert (found.on, found.term) == (date(2023, 7, 15), "short")


@pytest.mark.parametrize("text", ["尽快", "6月35日", "下个月吧", "2023.13", "国庆节后"])
def test_anything_else_is_a_bad_deadline(text):
    with pytest.raises(BadDeadline) as caught:
        read_deadlines(text, CONTEXT)
    assert caught.value.key == "ledger.bad_deadline"


# -- status words --------------------------------------------------------------

@pytest.mark.parametrize("status, word", [(s, w) for s, ws in words.STATUS_WORDS.items() for w in ws])
def test_every_status_word(status, word):
    assert read_status(word) == (status, False) and status_of(word) == status
    assert read_status(f" {word}。") == (status, False)


@pytest.mark.parametrize("word", words.VERIFIED_STATUS_WORDS)
def test_every_verified_word_is_done_and_verified(word):
    assert read_status(word) == ("done", True)


@pytest.mark.parametrize("text, status", [
    ("已完成预案修订，其余持续推进", "doing"),
    ("已完成一半，下一步继续", "doing"),
    ("完成70%", "doing"),
    ("已完成预案修订", "done"),
    ("已整改，制度已印发", "done"),
    ("已召开专题会议研究部署", "doing"),
    ("正在组织招标", "doing"),
    ("未启动相关工作", "todo"),
    ("", "todo"),
])
def test_a_status_cell_that_goes_on_is_read_by_what_it_says(text, status):
    assert status_of(text) == status


def test_an_unknown_status_is_not_guessed():
    assert status_of("差不多") is None and status_of("看情况") is None


@pytest.mark.parametrize("word", words.YES_WORDS)
def test_every_yes_under_shi_fou_xiao_hao(word):
    assert verified_of(word) is True


@pytest.mark.parametrize("word", (*words.NO_WORDS, ""))
def test_every_no_under_shi_fou_xiao_hao(word):
    assert verified_of(word) is False


def test_an_unreadable_shi_fou_xiao_hao_is_not_guessed():
    assert verified_of("待定") is None


# -- headers ---------------------------------------------------------------------

@pytest.mark.parametrize("field, word", [(f, w) for f, ws in words.HEADER_WORDS.items() for w in ws])
def test_every_header_word_names_its_field(field, word):
    assert HEADERS[header_key(word)] == field


@pytest.mark.parametrize("word, choices", sorted(words.WEAK_HEADER_WORDS.items()))
def test_every_weak_header_word_has_two_choices(word, choices):
    assert WEAK[header_key(word)] == choices and header_key(word) not in HEADERS


@pytest.mark.parametrize("written, field", [
    ("1.完成时限（截止日期）：", "deadline"),
    (" 责 任 人 ", "owner"),
    ("（一）反馈问题", "title"),
    ("一、整改措施", "measure"),
    ("牵头单位\n（部门）", "department"),
    ("* 完成时限", "deadline"),
    ("Ｄｅａｄｌｉｎｅ", "deadline"),
    ("①是否销号", "verified"),
])
def test_headers_are_matched_ignoring_spaces_brackets_and_numbering(written, field):
    assert HEADERS[header_key(written)] == field


def test_map_takes_field_names_in_chinese_too():
    assert parse_map(["反馈问题=问题", "牵头处室=责任单位", "办结=deadline", "说明=忽略", "联络人=负责人"]) == {
        "反馈问题": "title", "牵头处室": "department", "办结": "deadline", "说明": "ignore", "联络人": "owner"}
    assert field_of("整改任务") == "title" and field_of("配合单位") == "support"
    for bad in ("nonsense", "a=colour", "=问题", "问题="):
        with pytest.raises(UsageError):
            parse_map([bad])


def _csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_no_problem_column_names_the_columns_the_closest_and_the_map(tmp_path: Path):
    path = _csv(tmp_path / "l.csv", [["序号", "查摆出的不足", "改进办法", "完成时限", "责任人"],
                                     ["1", "作业多", "减量", "6月底", "张三"]])
    with pytest.raises(UserError) as caught:
        read_ledger(path, CONTEXT)
    text = message(caught.value)
    assert "序号、查摆出的不足、改进办法、完成时限、责任人" in text
    assert "“查摆出的不足”" in text and "--map 查摆出的不足=问题" in text
    ledger = read_ledger(path, CONTEXT, mapping=parse_map(["查摆出的不足=问题", "改进办法=整改措施"]))
    assert [(p.title, p.tasks[0].measure) for p in ledger.problems] == [("作业多", "减量")]


def test_a_sheet_with_no_header_at_all_says_so(tmp_path: Path):
    with pytest.raises(UserError) as caught:
        read_ledger(_csv(tmp_path / "l.csv", [["a", "b"], ["1", "2"]]), CONTEXT)
    assert "表头" in message(caught.value)


# -- cells -------------------------------------------------------------------------

def test_several_departments_and_owners_in_a_cell():
    assert split_names("保卫处、后勤管理处") == ["保卫处", "后勤管理处"]
    assert split_names("教务处，学生处/团委；德育处,工会") == ["教务处", "学生处", "团委", "德育处", "工会"]
    assert split_unit_person("总务处（王建）") == ("总务处", "王建")
    assert split_unit_person("后勤管理处：周强") == ("后勤管理处", "周强")


@pytest.mark.parametrize("text, items", [
    ("1.制定办法；2.开展检查", ["制定办法", "开展检查"]),
    ("1、制定办法\n2、开展检查\n3、总结", ["制定办法", "开展检查", "总结"]),
    ("（1）修订预案（2）组织演练", ["修订预案", "组织演练"]),
    ("①规范模板；②逐月检查", ["规范模板", "逐月检查"]),
    ("一是加强学习；二是完善制度。", ["加强学习", "完善制度"]),
    ("配备灭火器4具、沙桶2个", ["配备灭火器4具、沙桶2个"]),
    ("投入3.5万元更换2.0版系统", ["投入3.5万元更换2.0版系统"]),
    ("2.开展检查；3.总结", ["2.开展检查；3.总结"]),  # not counted from 1
])
def test_numbered_measures_in_one_cell(text, items):
    assert split_items(text) == items


def test_control_characters_go_newlines_stay_only_where_kept():
    assert clean("整改\x1b[31m措施\x07\u200b") == "整改[31m措施"
    assert clean("第一行\n第二行") == "第一行第二行" and clean("Step\none") == "Step one"
    assert clean("第一行\r\n\t第二行\x00", multiline=True) == "第一行\n\t第二行"


def test_a_ledger_row_keeps_full_width_titles_and_line_breaks_only_in_detail_and_evidence(tmp_path: Path):
    path = _csv(tmp_path / "l.csv", [
        ["问题", "问题详情", "整改措施", "责任单位", "完成时限", "佐证材料"],
        ["服务意识不强，“接诉即办”不到位\x1b[2J", "第一点\n第二点\x07", "建立台账\x1b]0;x\x07", "保卫处、后勤管理处",
         "6月30日", "台账\n照片"],
    ])
    problem = read_ledger(path, CONTEXT).problems[0]
    assert problem.title == "服务意识不强，“接诉即办”不到位[2J"
    assert problem.detail == "第一点\n第二点"
    assert [(r.department, r.role) for r in problem.responsibilities] == [("保卫处", "lead"), ("后勤管理处", "support")]
    task = problem.tasks[0]
    assert (task.measure, task.department, task.evidence) == ("建立台账]0;x", "保卫处", "台账\n照片")
    assert not any(c in (task.measure + problem.title) for c in "\x1b\x07\n")


def test_the_readme_ledger_tables_list_every_word():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Importing a ledger"):readme.index("## Dates")]
    every = [w for ws in words.HEADER_WORDS.values() for w in ws]
    every += [*words.WEAK_HEADER_WORDS, *words.GROUP_HEADER_WORDS, *words.SHORT_TERM_DEADLINES,
              *words.LONG_TERM_DEADLINES, *words.YEAR_DEADLINES, *words.CALENDAR_DEADLINES, *words.HOLIDAY_DEADLINES]
    every += [w for ws in words.STATUS_WORDS.values() for w in ws if not w.isascii()]
    every += [w for ws in words.ACTIVITY_HEADER_WORDS.values() for w in ws]
    every += [w for ws in words.ACTIVITY_KIND_WORDS.values() for w in ws]
    missing = [w for w in every if w not in section]
    assert not missing, missing


@pytest.mark.parametrize("key, word", [(k, w) for k, (zh, _en, others) in vocabulary.TASK_STATUSES.items()
                                       for w in (zh, *others)])
def test_a_status_word_issue_list_takes_reads_the_same_in_a_ledger(key, word):
    assert status_of(word) == key


def test_the_ledger_s_own_status_words_never_contradict_the_vocabulary():
    for key, ws in words.STATUS_WORDS.items():
        for word in ws:
            assert vocabulary.find(vocabulary.TASK_STATUSES, word) in (None, key), word
    for word in ("部分完成", "已办结", "待启动", "进度滞后"):  # words offices write, taken by --status too
        assert vocabulary.find(vocabulary.TASK_STATUSES, word) and vocabulary.find(vocabulary.PROBLEM_STATUSES, word)
