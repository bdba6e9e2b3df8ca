"""campaign export: the JSON round trip, the task list as CSV, the three
lists as XLSX (read back with openpyxl), the calendar (parsed back with
icalendar), and the formula guard in both spreadsheets."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import Campaign, store_snapshot

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.fixture
def busy(plan2023: Campaign) -> Campaign:
    """A campaign with activities, problems in every state, and history."""
    cli = plan2023
    cli.ok("activity", "add", "专题学习", "--kind", "study-group", "--date", "4月25日", "--unit", "第一党支部",
           "--participants", "25")
    cli.ok("activity", "add", "走访企业", "--kind", "research", "--date", "5月20日", "--unit", "第二党支部",
           "--target", "enterprise")
    cli.ok("issue", "add", FORMULA, "--owner", "张三", "--dept", "教务处", "--deadline", "6月30日",
           "--measure", "修订作业管理办法", "--category", "教学")
    cli.ok("issue", "task", "add", "P-1", "--measure", "-开展培训", "--deadline", "6月20日", "--owner", "李四")
    cli.ok("issue", "add", "调研发现的问题", "--owner", "王五", "--dept", "学生处", "--deadline", "6月1日",
           "--from-activity", "2", "--term", "long")
    cli.ok("issue", "start", "T-2")
    cli.ok("issue", "done", "T-3", "--on", "6月5日", "--evidence", "会议纪要")
    cli.ok("issue", "verify", "P-2", "--by", "书记")
    cli.ok("issue", "add", "第三个问题", "--owner", "张三", "--deadline", "7月15日")
    return cli


def _without_stamp(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "exported_at"}


def test_json_round_trip_into_an_empty_store(busy: Campaign, tmp_path: Path):
    first = busy.json("export", "--format", "json")
    assert first["format"] == "campaign-export" and first["version"] == 1
    assert list(first) == ["format", "version", "exported_at", "campaign", "settings", "units", "phases",
                           "activities", "problems", "responsibilities", "tasks", "evidence", "files", "rechecks",
                           "members", "attendance", "events"]
    assert [t["code"] for t in first["tasks"]] == ["T-1", "T-2", "T-3", "T-4"]
    assert first["campaign"]["next_problem_no"] == 4 and first["campaign"]["next_task_no"] == 5
    assert first["problems"][1]["source_activity"] == 2 and first["problems"][1]["status"] == "verified"
    assert first["tasks"][2] == {
        "code": "T-3", "number": 3, "problem": "P-2", "measure": "调研发现的问题", "owner": "王五",
        "department": "学生处", "deadline": "2023-06-01", "status": "done", "started_on": "2023-06-05",
        "done_on": "2023-06-05", "evidence": "会议纪要", "created_at": first["tasks"][2]["created_at"],
        "created_on": "2023-06-15"}
    assert {"entity", "ref", "problem", "code", "field", "old", "new"} <= set(first["events"][0])
    assert {u["name"]: u["created_on"] for u in first["units"]}["第一党支部"] == "2023-06-15"

    path = tmp_path / "jssp.json"
    busy.ok("export", "--format", "json", "--output", str(path))
    assert _without_stamp(json.loads(path.read_text("utf-8"))) == _without_stamp(first)

    other = Campaign(tmp_path / "other.db")
    restored = other.json("import", str(path))
    assert restored == {"file": str(path), "kind": "campaign", "dry_run": False, "campaign": "jssp",
                        "units": 4, "phases": 5, "activities": 2, "problems": 3, "responsibilities": 3,
                        "tasks": 4, "events": len(first["events"])}
    second = other.json("export", "--format", "json")
    assert _without_stamp(second) == _without_stamp(first)
    # The restored campaign goes on where the original stopped.
    added = other.json("issue", "add", "新问题", "--owner", "赵六", "--deadline", "8月1日")
    assert (added["problem"]["code"], added["task"]["code"]) == ("P-4", "T-5")
    history = other.json("issue", "history", "P-2")
    assert [e["field"] for e in history][:2] == ["created", "created"]


def test_import_of_an_existing_key_is_refused_unless_renamed(busy: Campaign, tmp_path: Path, store: Path):
    path = tmp_path / "jssp.json"
    busy.ok("export", "--output", str(path))
    before = store_snapshot(store)
    result = busy("import", str(path))
    assert result.exit_code == 1
    assert "jssp" in result.stderr and "--as" in result.stderr
    assert store_snapshot(store) == before
    result = busy("import", str(path), lang="en")
    assert "already holds a campaign 'jssp'" in result.stderr

    copy = busy.json("import", str(path), "--as", "jssp-copy")
    assert copy["campaign"] == "jssp-copy" and copy["activities"] == 2
    mine = _without_stamp(busy.json("export"))  # the copy is now current
    theirs = json.loads(path.read_text("utf-8"))
    assert mine["campaign"]["key"] == "jssp-copy"
    # Activities got new ids (the originals are taken); every link follows them.
    assert [a["id"] for a in mine["activities"]] == [3, 4]
    assert mine["problems"][1]["source_activity"] == 4
    assert mine["tasks"] == theirs["tasks"] and len(mine["events"]) == len(theirs["events"])


def test_a_damaged_document_is_refused(cli: Campaign, tmp_path: Path, store: Path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "campaign-export", "version": 1, "campaign": {"key": "x", "title": "t", '
                    '"year": 2023}, "tasks": [{"code": "T-1", "number": 1, "problem": "P-9", "measure": "m", '
                    '"deadline": "2023-06-01", "status": "todo"}]}', "utf-8")
    result = cli("import", str(path), lang="en")
    assert result.exit_code == 1
    assert "tasks[0].problem" in result.stderr and "'P-9'" in result.stderr
    (tmp_path / "broken.json").write_text("{not json", "utf-8")
    result = cli("import", str(tmp_path / "broken.json"))
    assert result.exit_code == 1 and "JSON" in result.stderr


def test_dry_run_of_a_document_writes_nothing(busy: Campaign, tmp_path: Path):
    path = tmp_path / "jssp.json"
    busy.ok("export", "--output", str(path))
    other_store = tmp_path / "other.db"
    other = Campaign(other_store)
    other.ok("init", "x", "--title", "X", "--year", "2023")
    before = store_snapshot(other_store)
    result = other.ok("import", str(path), "--dry-run")
    assert "--dry-run" in result.stdout
    assert store_snapshot(other_store) == before


def test_csv_is_the_task_list_with_bom_and_the_formula_guard(busy: Campaign, tmp_path: Path):
    path = tmp_path / "tasks.csv"
    busy.ok("export", "--format", "csv", "--output", str(path))
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "任务编号,问题编号,问题,整改措施,责任部门,责任人,完成时限,状态,完成日期,佐证材料,类别,期限类型,发现日期,预警,佐证文件（sha256）"
    assert lines[1] == ('T-1,P-1,"\'=HYPERLINK(""http://x"",""y"")",修订作业管理办法,教务处,张三,2023-06-30,'
                        '未开始,,,教学,立行立改,2023-06-15,正常,')
    assert lines[2].startswith("T-2,P-1,\"'=HYPERLINK") and ",'-开展培训," in lines[2]
    assert ",进行中," in lines[2] and lines[2].endswith(",临期,")
    assert lines[3] == "T-3,P-2,调研发现的问题,调研发现的问题,学生处,王五,2023-06-01,已完成,2023-06-05,会议纪要,,持续推进,2023-06-15,已完成,"
    english = busy.ok("export", "--format", "csv", lang="en").stdout
    assert english.lstrip("\ufeff").splitlines()[0].startswith("Task code,Problem code,Problem,Measure,Department")


def test_xlsx_holds_the_three_lists_with_real_dates_and_no_formulas(busy: Campaign, tmp_path: Path):
    from openpyxl import load_workbook

    path = tmp_path / "台账.xlsx"
    result = busy.ok("export", "--format", "xlsx", "--output", str(path), "--json")
    events = len(busy.json("export", "--format", "json")["events"])
    assert json.loads(result.stdout) == {"campaign": "jssp", "format": "xlsx", "output": str(path),
                                         "activities": 2, "problems": 3, "tasks": 4, "events": events}
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["问题清单", "责任清单", "任务清单"]
    tasks = workbook["任务清单"]
    assert tasks.freeze_panes == "A2"
    assert [c.value for c in tasks[1]][:7] == ["任务编号", "问题编号", "问题", "整改措施", "责任部门", "责任人", "完成时限"]
    title = tasks["C2"]
    assert title.value == FORMULA and title.data_type == "s"  # text, never a formula
    assert tasks["D3"].value == "-开展培训" and tasks["D3"].data_type == "s"
    assert tasks["G2"].is_date and tasks["G2"].value.date() == date(2023, 6, 30)
    problems = workbook["问题清单"]
    assert [c.value for c in problems[3]][:2] == ["P-2", "调研发现的问题"]
    assert problems["G3"].value == "已销号" and problems["I3"].value.date() == date(2023, 6, 15)
    responsibilities = workbook["责任清单"]
    assert [c.value for c in responsibilities[2]] == ["P-1", FORMULA, "教务处", "张三", "牵头"]
    assert responsibilities["B2"].data_type == "s"


def test_xlsx_needs_an_output_file_and_formats_are_checked(busy: Campaign):
    assert busy("export", "--format", "xlsx").exit_code == 2
    result = busy("export", "--format", "pdf", lang="en")
    assert result.exit_code == 2 and "json|csv|xlsx|ics" in result.stderr


def test_ics_has_all_day_events_with_stable_uids(busy: Campaign, tmp_path: Path):
    from icalendar import Calendar

    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    busy.ok("export", "--format", "ics", "--output", str(first))
    busy.ok("issue", "done", "T-1", "--on", "6月14日")
    busy.ok("export", "--format", "ics", "--output", str(second))

    def events(path: Path) -> dict[str, object]:
        calendar = Calendar.from_ical(path.read_bytes())
        return {str(e["UID"]): e for e in calendar.walk("VEVENT")}

    a, b = events(first), events(second)
    assert set(a) == set(b) == {f"phase-{n}@jssp.campaign" for n in range(1, 6)} | {
        f"T-{n}@jssp.campaign" for n in range(1, 5)}
    task = a["T-1@jssp.campaign"]
    assert task.decoded("DTSTART") == date(2023, 6, 30) and task.decoded("DTEND") == date(2023, 7, 1)
    assert "T-1" in str(task["SUMMARY"]) and "张三" in str(task["SUMMARY"])
    assert str(b["T-1@jssp.campaign"]["SUMMARY"]).startswith("✓ T-1")
    phase = a["phase-3@jssp.campaign"]
    assert phase.decoded("DTSTART") == date(2023, 5, 13) and phase.decoded("DTEND") == date(2024, 1, 1)
    # A phase with no start starts with the campaign (its earliest phase start).
    assert a["phase-4@jssp.campaign"].decoded("DTSTART") == date(2023, 4, 21)
    assert "BEGIN:VCALENDAR" in busy.ok("export", "--format", "ics").stdout


def _edit(document: dict, section: str, index: int, **values) -> dict:
    document[section][index].update(values)
    return document


@pytest.mark.parametrize(("section", "index", "values", "where", "words"), [
    ("tasks", 2, {"status": "todo", "done_on": None}, "problems[1].status", "verified"),  # verified, task open
    ("tasks", 2, {"done_on": None}, "tasks[2].done_on", "without a done on"),
    ("tasks", 0, {"status": "finished"}, "tasks[0].status", "'finished'"),
    ("activities", 0, {"participants": -5}, "activities[0].participants", "-5"),
    ("units", 0, {"members": "twenty"}, "units[0].members", "'twenty'"),
    ("problems", 0, {"term": "forever"}, "problems[0].term", "'forever'"),
])
def test_a_document_edited_into_a_forbidden_state_is_refused_naming_the_field(
        busy: Campaign, tmp_path: Path, store: Path, section, index, values, where, words):
    document = _edit(busy.json("export", "--format", "json"), section, index, **values)
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    before = store_snapshot(store)
    result = busy("import", str(path), "--as", "copy", lang="en")
    assert result.exit_code == 1, result.output
    assert where in result.stderr and words in result.stderr
    assert store_snapshot(store) == before


def test_check_finds_forbidden_states_written_behind_the_programs_back(busy: Campaign, store: Path):
    import sqlite3

    connection = sqlite3.connect(store)
    with connection:
        connection.execute("UPDATE task SET status = 'finished' WHERE code = 'T-1'")
        connection.execute("UPDATE task SET done_on = NULL WHERE code = 'T-3'")
        connection.execute("UPDATE unit SET members = 'twenty' WHERE name = '第一党支部'")
    connection.close()
    findings = busy("check", "--json")
    assert findings.exit_code == 1
    found = {(f["kind"], f["code"], f["field"]) for f in json.loads(findings.stdout)}
    assert {("unknown_word", "T-1", "status"), ("done_without_date", "T-3", "done_on"),
            ("not_a_count", "第一党支部", "members")} <= found
    shown = busy("check").stdout
    assert "完成日期" in shown and "'twenty'" in shown


def test_a_store_already_holding_control_characters_still_exports_and_reports(busy: Campaign, tmp_path: Path,
                                                                              store: Path):
    """Made by an older version that did not clean text: every output still works and carries none."""
    import sqlite3

    from openpyxl import load_workbook

    dirty = "旧\x0b数据\x1b[31m红\x07\x0c"
    connection = sqlite3.connect(store)
    with connection:
        connection.execute("UPDATE problem SET title = ?, detail = ? WHERE code = 'P-1'", (dirty, dirty))
        connection.execute("UPDATE task SET measure = ?, owner = ? WHERE code = 'T-1'", (dirty, "张\x0b三"))
    connection.close()
    outputs = {"export.xlsx": ("export", "--format", "xlsx"), "report.xlsx": ("report", "--month", "2023-06",
                                                                            "--format", "xlsx"),
               "report.docx": ("report", "--month", "2023-06", "--format", "docx"),
               "report.html": ("report", "--month", "2023-06", "--format", "html")}
    for name, args in outputs.items():
        busy.ok(*args, "--output", str(tmp_path / name))
    for name in ("export.xlsx", "report.xlsx"):
        texts = [v for sheet in load_workbook(tmp_path / name).worksheets
                 for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
        assert any("数据" in v and "红" in v for v in texts)
        assert not any(c in v for v in texts for c in "\x0b\x1b\x07\x0c")
    assert "\x1b" not in (tmp_path / "report.html").read_text("utf-8")
    shown = busy.ok("issue", "show", "P-1").stdout
    assert "数据" in shown and not any(c in shown for c in "\x0b\x1b\x07\x0c")
