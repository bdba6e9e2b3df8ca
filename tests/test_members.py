"""Members of units and attendance (issue 16): the roll, attendance rules,
members reached per phase, person, and undo of every write."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import Campaign, store_snapshot


@pytest.fixture
def roll(plan2023: Campaign) -> Campaign:
    plan2023.ok("unit", "member", "add", "第一党支部", "张三", "李四、王五", "赵六")
    plan2023.ok("unit", "member", "add", "第一党支部", "钱七", "--role", "书记")
    plan2023.ok("unit", "member", "add", "第二党支部", "孙八,周九")
    return plan2023


def _rows(store: Path, table: str) -> list:
    return store_snapshot(store)[table]


def test_member_add_list_and_roles(roll: Campaign):
    people = roll.json("unit", "member", "list", "第一党支部")
    assert [(p["name"], p["role"], p["active"], p["unit_members"]) for p in people] == [
        ("张三", None, True, 28), ("李四", None, True, 28), ("王五", None, True, 28), ("赵六", None, True, 28),
        ("钱七", "书记", True, 28)]
    assert len(roll.json("unit", "member", "list")) == 7
    changed = roll.json("unit", "member", "add", "第一党支部", "张三", "--role", "委员")
    assert (changed["added"], changed["updated"]) == (0, 1)
    assert changed["members"][0] == {"unit": "第一党支部", "name": "张三", "role": "委员", "active": True}
    again = roll("unit", "member", "add", "第一党支部", "张三")
    assert again.exit_code == 1 and "已在 第一党支部 的名册中" in again.stderr
    units = {u["name"]: u for u in roll.json("unit", "list")}
    assert (units["第一党支部"]["members"], units["第一党支部"]["members_recorded"]) == (28, 5)
    table = roll.ok("unit", "member", "list", "第一党支部").stdout
    assert "第一党支部：名册 5 人，单位登记人数 28 人" in table
    assert "名册人数" in roll.ok("unit", "list").stdout


def test_member_add_registers_an_unknown_unit_with_a_notice(plan2023: Campaign):
    result = plan2023.ok("unit", "member", "add", "第三党支部", "吴十")
    assert "新登记了支部“第三党支部”" in result.stderr
    assert plan2023.json("unit", "member", "list", "第三党支部")[0]["name"] == "吴十"


def test_attendance_on_add_sets_participants_and_show_lists_it(roll: Campaign):
    made = roll.json("activity", "add", "六月支部大会", "--kind", "三会一课", "--date", "6月9日", "--unit",
                     "第一党支部", "--present", "张三,李四", "--absent", "王五", "--leave", "赵六")
    assert made["participants"] == 2
    assert made["attendance"] == {"present": ["张三", "李四"], "absent": ["王五"], "leave": ["赵六"]}
    shown = roll.ok("activity", "show", str(made["id"])).stdout
    assert "实到（2）" in shown and "张三、李四" in shown and "请假（1）" in shown
    english = roll.ok("activity", "show", str(made["id"]), lang="en").stdout
    assert "Present (2)" in english and "On leave (1)" in english


def test_attendance_command_changes_and_adds(roll: Campaign):
    made = roll.json("activity", "add", "支部大会", "--kind", "三会一课", "--date", "6月9日", "--unit", "第一党支部",
                     "--present", "张三", "--absent", "王五")
    changed = roll.json("activity", "attendance", str(made["id"]), "--present", "王五；钱七")
    assert changed["participants"] == 3
    assert changed["attendance"]["present"] == ["张三", "王五", "钱七"]
    assert changed["attendance"]["absent"] == []
    shown = roll.ok("activity", "attendance", str(made["id"])).stdout
    assert "张三、王五、钱七" in shown
    assert "Recorded attendance" in roll.ok("activity", "attendance", str(made["id"]), "--leave", "赵六",
                                            lang="en").stdout


@pytest.mark.parametrize("args, message", [
    (("--present", "孙八"), "孙八 不是 第一党支部 的党员；查看：campaign unit member list 第一党支部"),
    (("--present", "张三", "--leave", "张三"), "张三 同时出现在两个名单中"),
    (("--present", "张三", "--participants", "5"), "与实到人数 1 不一致"),
])
def test_attendance_is_checked_and_a_refusal_writes_nothing(roll: Campaign, store: Path, args, message):
    before = store_snapshot(store)
    result = roll("activity", "add", "支部大会", "--kind", "三会一课", "--date", "6月9日", "--unit", "第一党支部",
                  *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert store_snapshot(store) == before


def test_unknown_name_in_english(roll: Campaign):
    result = roll("activity", "add", "Meeting", "--kind", "three-meetings", "--date", "6月9日", "--unit",
                  "第一党支部", "--present", "Nobody", lang="en")
    assert result.exit_code == 1
    assert "Nobody is not a member of 第一党支部; see: campaign unit member list 第一党支部" in result.stderr


def test_an_activity_without_unit_takes_every_roll(roll: Campaign):
    made = roll.json("activity", "add", "全体党员大会", "--kind", "三会一课", "--date", "6月9日",
                     "--present", "张三,孙八")
    assert made["participants"] == 2
    roll.ok("unit", "member", "add", "第二党支部", "张三")
    result = roll("activity", "add", "全体党员大会", "--kind", "三会一课", "--date", "6月10日", "--present", "张三")
    assert result.exit_code == 1 and "第一党支部、第二党支部" in result.stderr


def test_participants_cannot_be_edited_past_the_attendance(roll: Campaign):
    made = roll.json("activity", "add", "支部大会", "--kind", "三会一课", "--date", "6月9日", "--unit", "第一党支部",
                     "--present", "张三")
    result = roll("activity", "edit", str(made["id"]), "--participants", "9")
    assert result.exit_code == 1 and "campaign activity attendance" in result.stderr


def test_rm_deletes_or_keeps_inactive(roll: Campaign, store: Path):
    roll.ok("activity", "add", "支部大会", "--kind", "三会一课", "--date", "6月9日", "--unit", "第一党支部",
            "--present", "张三")
    kept = roll.json("unit", "member", "rm", "第一党支部", "张三")
    assert (kept["removed"], kept["attended"]) == (False, 1)
    gone = roll.json("unit", "member", "rm", "第一党支部", "李四")
    assert gone["removed"] is True
    names = [p["name"] for p in roll.json("unit", "member", "list", "第一党支部")]
    assert names == ["王五", "赵六", "钱七"]
    everyone = roll.json("unit", "member", "list", "第一党支部", "--all")
    assert [(p["name"], p["active"]) for p in everyone][:1] == [("张三", False)]
    assert roll("unit", "member", "rm", "第一党支部", "张三").exit_code == 1
    assert "重新在册" in roll.ok("unit", "member", "add", "第一党支部", "张三").stderr
    # the person keeps their record through it all
    assert roll.json("person", "张三")["member_of"][0]["attended"] == 1


def test_unit_rm_refused_with_a_roll_and_merge_moves_it(roll: Campaign):
    roll.ok("unit", "add", "临时支部", "--kind", "branch")
    roll.ok("unit", "member", "add", "临时支部", "郑一")
    result = roll("unit", "rm", "临时支部")
    assert result.exit_code == 1 and "名册里还有 1 人" in result.stderr
    roll.ok("unit", "merge", "临时支部", "第二党支部")
    assert "郑一" in [p["name"] for p in roll.json("unit", "member", "list", "第二党支部")]
    roll.ok("unit", "add", "另一支部", "--kind", "branch")
    roll.ok("unit", "member", "add", "另一支部", "孙八")
    assert roll("unit", "merge", "另一支部", "第二党支部").exit_code == 1


def test_members_reached_per_phase_and_gaps(roll: Campaign):
    # phase 1 is 4/21–4/28: 张三 and 孙八 present, 李四 absent
    roll.ok("activity", "add", "专题学习", "--kind", "理论学习中心组", "--date", "4月22日", "--unit", "第一党支部",
            "--present", "张三", "--absent", "李四")
    roll.ok("activity", "add", "专题学习", "--kind", "理论学习中心组", "--date", "4月23日", "--unit", "第二党支部",
            "--present", "孙八")
    phases = roll.json("phase", "status")["phases"]
    assert [(p["members_total"], p["members_reached"]) for p in phases[:2]] == [(7, 2), (7, 0)]
    assert "党员覆盖" in roll.ok("phase", "status").stdout
    gaps = roll.json("activity", "gaps", "--phase", "1", "--members")["coverage"][0]
    assert (gaps["members_total"], gaps["members_reached"]) == (7, 2)
    assert [m["name"] for m in gaps["members_missed"]] == ["李四", "王五", "赵六", "钱七", "周九"]
    text = roll.ok("activity", "gaps", "--phase", "1", "--members").stdout
    assert "党员覆盖：2/7 人至少实到一次" in text and "第一党支部：李四、王五、赵六、钱七" in text
    month = roll.json("activity", "gaps", "--month", "2023-04", "--members")["coverage"][0]
    assert month["members_reached"] == 2
    assert "Members reached: 2/7" in roll.ok("activity", "gaps", "--phase", "1", "--members", lang="en").stdout
    assert "members_total" not in roll.json("activity", "gaps", "--phase", "1")["coverage"][0]


def test_phase_status_has_no_members_column_without_a_roll(plan2023: Campaign):
    assert "党员覆盖" not in plan2023.ok("phase", "status").stdout


def test_person_shows_unit_role_and_activities(roll: Campaign):
    roll.ok("activity", "add", "专题党课", "--kind", "专题党课", "--date", "6月1日", "--unit", "第一党支部",
            "--present", "钱七")
    roll.ok("activity", "add", "支部大会", "--kind", "三会一课", "--date", "6月9日", "--unit", "第一党支部",
            "--leave", "钱七")
    document = roll.json("person", "钱七")
    entry = document["member_of"][0]
    assert (entry["unit"], entry["role"], entry["active"], entry["attended"]) == ("第一党支部", "书记", True, 1)
    assert [(a["title"], a["status"], a["phase"]) for a in entry["activities"]] == [
        ("专题党课", "present", 3), ("支部大会", "leave", 3)]
    text = roll.ok("person", "钱七").stdout
    assert "名册：第一党支部，职务 书记；实到 1 次" in text and "请假" in text
    assert "On the roll of 第一党支部, role 书记" in roll.ok("person", "钱七", lang="en").stdout
    assert roll("person", "无名氏").exit_code == 1


def _roster(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path


def test_member_import_roster(plan2023: Campaign, tmp_path: Path):
    sheet = _roster(tmp_path / "名册.csv", [["党员名册"], ["序号", "姓名", "性别", "所在支部", "职务"],
                                             ["1", "张三", "男", "第一党支部", "书记"],
                                             ["2", "李四", "女", "第一党支部", ""],
                                             ["3", "王五", "男", "退休支部", "委员"]])
    dry = plan2023.json("unit", "member", "import", str(sheet), "--dry-run")
    assert (dry["rows"], dry["units"]) == (3, ["第一党支部", "退休支部"])
    assert plan2023.json("unit", "member", "list") == []
    result = plan2023.ok("unit", "member", "import", str(sheet))
    assert "新登记了支部“退休支部”" in result.stderr
    people = plan2023.json("unit", "member", "list")
    assert [(p["unit"], p["name"], p["role"]) for p in people] == [
        ("第一党支部", "张三", "书记"), ("第一党支部", "李四", None), ("退休支部", "王五", "委员")]
    again = plan2023.json("unit", "member", "import", str(sheet))
    assert (again["added"], again["unchanged"]) == (0, 3)


def test_member_import_refuses_bad_rows(plan2023: Campaign, store: Path, tmp_path: Path):
    sheet = _roster(tmp_path / "bad.csv", [["姓名", "支部"], ["张三", "第一党支部"], ["李四", ""],
                                            ["张三", "第一党支部"]])
    before = store_snapshot(store)
    result = plan2023("unit", "member", "import", str(sheet))
    assert result.exit_code == 1
    assert "第 3 行缺少“支部”" in result.stderr and "第 4 行的 第一党支部 张三 与第 2 行重复" in result.stderr
    assert store_snapshot(store) == before
    no_unit = _roster(tmp_path / "nounit.csv", [["姓名", "职务"], ["张三", "书记"]])
    assert "支部/单位" in plan2023("unit", "member", "import", str(no_unit)).stderr


def test_member_import_xlsx(plan2023: Campaign, tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "单位", "党内职务"])
    book.active.append(["张三", "第一党支部", "组织委员"])
    book.save(tmp_path / "roster.xlsx")
    plan2023.ok("unit", "member", "import", str(tmp_path / "roster.xlsx"))
    assert plan2023.json("unit", "member", "list")[0]["role"] == "组织委员"


# -- undo ------------------------------------------------------------------------

TABLES = ("member", "attendance", "activity", "unit")


def _data(store: Path) -> dict[str, list]:
    rows = store_snapshot(store)
    return {t: rows[t] for t in TABLES}


@pytest.mark.parametrize("command", [
    ("unit", "member", "add", "第一党支部", "吴十", "郑一", "--role", "委员"),
    ("unit", "member", "add", "新支部", "吴十"),
    ("unit", "member", "add", "第一党支部", "张三", "--role", "组织委员"),
    ("unit", "member", "rm", "第一党支部", "张三"),
    ("unit", "member", "rm", "第一党支部", "李四"),
    ("activity", "attendance", "1", "--present", "王五", "--leave", "李四"),
    ("activity", "add", "又一次", "--kind", "三会一课", "--date", "6月10日", "--unit", "第一党支部",
     "--present", "张三,王五"),
    ("activity", "rm", "1"),
    ("unit", "merge", "第二党支部", "第一党支部"),
])
def test_undo_takes_member_and_attendance_writes_back(roll: Campaign, store: Path, command):
    roll.ok("activity", "add", "支部大会", "--kind", "三会一课", "--date", "6月9日", "--unit", "第一党支部",
            "--present", "张三", "--absent", "李四")
    before = _data(store)
    roll.ok(*command)
    assert _data(store) != before
    roll.ok("undo", "--yes")
    assert _data(store) == before


def test_undo_of_a_roster_import(plan2023: Campaign, store: Path, tmp_path: Path):
    sheet = _roster(tmp_path / "名册.csv", [["姓名", "支部"], ["张三", "第一党支部"], ["王五", "新支部"]])
    before = _data(store)
    plan2023.ok("unit", "member", "import", str(sheet))
    plan2023.ok("undo", "--yes")
    assert _data(store) == before


def test_undo_of_a_member_is_refused_once_they_attended(roll: Campaign):
    roll.ok("unit", "member", "add", "第一党支部", "吴十")
    roll.ok("activity", "add", "支部大会", "--kind", "三会一课", "--date", "6月9日", "--unit", "第一党支部",
            "--present", "吴十")
    roll.ok("undo", "--yes")  # the activity and its attendance
    roll.ok("undo", "--yes")  # now the member
    assert "吴十" not in [p["name"] for p in roll.json("unit", "member", "list")]


def test_members_and_attendance_survive_the_json_round_trip(roll: Campaign, tmp_path: Path):
    roll.ok("activity", "add", "支部大会", "--kind", "三会一课", "--date", "6月9日", "--unit", "第一党支部",
            "--present", "张三,钱七", "--leave", "李四")
    roll.ok("unit", "member", "rm", "第一党支部", "张三")
    first = tmp_path / "a.json"
    roll.ok("export", "--format", "json", "--output", str(first))
    document = json.loads(first.read_text("utf-8"))
    assert document["members"][0] == {"no": 1, "unit": "第一党支部", "name": "张三", "role": None, "active": False}
    assert document["attendance"][0] == {"no": 1, "activity": 1, "member": 1, "status": "present"}
    other = Campaign(tmp_path / "other.db")
    other.ok("import", str(first), "--yes")
    second = tmp_path / "b.json"
    other.ok("export", "--format", "json", "--output", str(second))
    again = json.loads(second.read_text("utf-8"))
    document.pop("exported_at"), again.pop("exported_at")
    assert again == document
    assert other.json("person", "钱七")["member_of"][0]["attended"] == 1
