"""Activity record sheets (活动记录, 三会一课登记表, 中心组学习记录) for
`campaign activity import`, row by row at parse level: the same header,
date and error rules as a ledger; refused rows kept with their reasons."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ledgers.xlsx_layouts import build

from campaign_cli.errors import UserError
from campaign_cli.i18n import message
from campaign_cli.importers.ledger import LedgerContext, read_activity_sheet, rejects_sheet
from campaign_cli.importers.ledger.activities import kind_of


def write_rejects(path: Path, header_rows, rejected) -> Path:
    """The rejects sheet's bytes as the command writes them."""
    path.write_bytes(rejects_sheet(path, header_rows, rejected))
    return path


CORPUS = Path(__file__).parent / "ledgers"
CONTEXT = LedgerContext(year=2023, today=date(2023, 6, 15))

# (row, date, title, kind, unit, expected, participants, host, location, notes)
EXPECTED = {
    "A1-党支部活动记录.xlsx": (
        [(3, date(2023, 3, 3), "学习贯彻党的二十大精神", "theme-day", "第一党支部", 25, 23, "刘洋", "党员活动室", "2人请假"),
         (4, date(2023, 4, 7), "支部党员大会：讨论发展对象", "three-meetings", "第一党支部", 25, 24, "刘洋", "会议室", None),
         (5, date(2023, 5, 12), "专题党课：以学铸魂", "party-lecture", "第一党支部", 25, 25, "王书记", "报告厅", None)],
        {6: "实到人数：实到 6 人多于应到 5 人", 7: "活动类型：“参观学习”不是活动类型"},
    ),
    "A2-三会一课登记表.csv": (
        [(2, date(2023, 5, 8), "学习《习近平著作选读》第一卷", "three-meetings", None, 8, 8, "陈静", "教师办公室", None),
         (3, date(2023, 5, 15), "研究发展党员工作", "three-meetings", None, 5, 5, "刘洋", "党员活动室", None),
         (4, date(2023, 5, 26), "学思想强党性", "party-lecture", None, 25, 22, "王书记", "报告厅", None),
         (5, date(2023, 6, 9), "接收预备党员", "three-meetings", None, 25, 24, "刘洋", "会议室", None)],
        {},
    ),
    "A3-中心组学习记录.csv": (
        [(2, date(2023, 4, 11), "传达学习全国两会精神", "study-group", None, None, 12, "王书记", "会议室", None),
         (3, date(2023, 5, 16), "围绕“双减”开展专题研讨", "discussion", None, None, 12, "李校长", "会议室", None),
         (4, date(2023, 6, 13), "专题辅导报告：新时代教育评价改革", "training", None, None, 15, "特邀专家", "报告厅", None)],
        {5: "形式：“茶话会”不是活动类型"},
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_activity_sheet_reads_row_by_row(name: str, tmp_path: Path):
    path = build(name, tmp_path) if name.endswith(".xlsx") else CORPUS / name
    activities, rejected = read_activity_sheet(path, CONTEXT)
    rows, refused = EXPECTED[name]
    assert [(a.row, a.date, a.title, a.kind, a.unit, a.expected, a.participants, a.host, a.location, a.notes)
            for a in activities] == rows
    assert sorted(r.row for r in rejected) == sorted(refused)
    for r in rejected:
        assert r.reason.startswith(refused[r.row])


def test_a_refused_activity_row_names_every_bad_cell_and_writes_back(tmp_path: Path):
    sheet = read_activity_sheet(CORPUS / "A3-中心组学习记录.csv", CONTEXT)
    (row,) = sheet.rejected
    assert [e.column for e in row.errors] == ["形式", "参加人数"] and "“十二”不是人数" in row.reason
    assert sheet.columns == {"date": "学习时间", "title": "学习内容", "kind": "形式", "host": "主讲人",
                             "participants": "参加人数", "location": "学习地点"}
    out = write_rejects(tmp_path / "退回.csv", sheet.header_rows, sheet.rejected)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].endswith(",退回原因") and lines[1].startswith("2023-06-20,参观廉政教育基地,茶话会")


@pytest.mark.parametrize("text, title, kind", [
    ("主题党日", "", "theme-day"), ("theme-day", "", "theme-day"), ("三会一课", "", "three-meetings"),
    ("党小组会", "", "three-meetings"), ("支部委员会", "", "three-meetings"), ("微党课", "", "party-lecture"),
    ("专题研讨", "", "discussion"), ("座谈会", "", "discussion"), ("走访调研", "", "research"),
    ("专题培训", "", "training"), ("中心组学习", "", "study-group"), ("其它", "", "other"),
    ("", "七一专题党课", "party-lecture"), ("", "开展主题党日活动", "theme-day"), ("", "清明祭扫", "other"),
    ("参观学习", "", None),
])
def test_kinds_as_branches_write_them(text, title, kind):
    assert kind_of(text, title) == kind


def test_a_sheet_without_date_and_title_columns_is_refused(tmp_path: Path):
    path = tmp_path / "a.csv"
    path.write_text("姓名,支部\n张三,第一党支部\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        read_activity_sheet(path, CONTEXT)
    assert "姓名、支部" in message(caught.value)
