"""A real ledger through `campaign import`: support departments, the leader,
销号 rows, and `--rejects` (the good rows in, the bad ones to fix and import again)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from conftest import Campaign, store_snapshot

LEDGERS = Path(__file__).parent / "ledgers"


def test_three_lists_ledger_fills_lead_and_support(plan2023: Campaign, tmp_path: Path):
    ledger = shutil.copy(LEDGERS / "08-学校问题责任任务三张清单.csv", tmp_path / "三张清单.csv")
    result = plan2023.json("import", str(ledger), "--yes")
    assert result["problems"] >= 4 and result["rejected"] == []
    roles = plan2023.json("issue", "list", "--list", "responsibilities")
    p2 = [(r["department"], r["owner"], r["role"]) for r in roles if r["problem_title"] == "应急预案多年未修订"]
    assert p2 == [("安全保卫处", "马力", "lead"), ("后勤管理处", "周强", "support"), ("校医室", "何静", "support")]
    shown = plan2023.json("issue", "show", next(r["problem"] for r in roles if r["problem_title"] == "应急预案多年未修订"))
    assert shown["problem"]["status"] == "in-progress"  # 已完成预案修订，其余持续推进: not done


def test_the_leader_column_is_kept(plan2023: Campaign, tmp_path: Path, store: Path):
    import sqlite3

    ledger = shutil.copy(LEDGERS / "02-主题教育检视问题清单.csv", tmp_path / "检视问题.csv")
    plan2023.ok("import", str(ledger), "--yes")
    connection = sqlite3.connect(store)
    try:
        leaders = {r[0] for r in connection.execute("SELECT leader FROM problem")}
    finally:
        connection.close()
    assert leaders - {None}


def _sheet(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["序号", "问题", "整改措施", "责任单位", "责任人", "完成时限", "是否销号", "销号时间"])
        writer.writerows(rows)
    return path


def test_rejects_round_trip(plan2023: Campaign, tmp_path: Path, store: Path):
    sheet = _sheet(tmp_path / "台账.csv", [
        ["1", "宿舍管理不到位", "完善制度", "宿管办", "钱七", "6月30日", "否", ""],
        ["2", "食堂价格偏高", "公示价格", "后勤处", "孙八", "下个月吧", "否", ""],   # a deadline nobody can read
        ["3", "消防通道堵塞", "清理通道", "保卫处", "赵六", "6月10日", "是", "2023年6月12日"],
    ])
    before = store_snapshot(store)
    refused = plan2023("import", str(sheet), "--yes", lang="en")
    assert refused.exit_code == 1 and "3" in refused.stderr  # row 3 of the sheet (header is row 1)
    assert store_snapshot(store) == before  # without --rejects a bad row refuses the whole file

    rejects = tmp_path / "退回.csv"
    first = plan2023.json("import", str(sheet), "--yes", "--rejects", str(rejects))
    assert first["problems"] == 2 and [r["row"] for r in first["rejected"]] == [3]
    verified = [p for p in plan2023.json("issue", "list", "--list", "problems") if p["title"] == "消防通道堵塞"]
    assert verified[0]["status"] == "verified" and verified[0]["verified_on"] == "2023-06-12"

    rows = list(csv.reader(rejects.open(encoding="utf-8-sig")))
    assert rows[0][:8] == ["序号", "问题", "整改措施", "责任单位", "责任人", "完成时限", "是否销号", "销号时间"]
    assert len(rows) == 2 and rows[1][1] == "食堂价格偏高" and rows[1][-1]  # the reason column
    rows[1][5] = "7月15日"  # fixed by the clerk
    with rejects.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    second = plan2023.json("import", str(rejects), "--yes")
    assert second["problems"] == 1 and second["rejected"] == []
    titles = sorted(p["title"] for p in plan2023.json("issue", "list", "--list", "problems"))
    assert titles == sorted(["宿舍管理不到位", "食堂价格偏高", "消防通道堵塞"])  # nothing lost, nothing doubled


def test_activity_record_sheet_import(plan2023: Campaign, tmp_path: Path, store: Path):
    sheet = shutil.copy(LEDGERS / "A2-三会一课登记表.csv", tmp_path / "登记表.csv")  # GBK, 应到/实到 in one cell
    before = store_snapshot(store)
    dry = plan2023.json("activity", "import", str(sheet), "--dry-run")
    assert dry["activities"] == 4 and store_snapshot(store) == before
    plan2023.ok("activity", "import", str(sheet), "--yes")
    held = plan2023.json("activity", "list")
    assert [(a["date"], a["kind"], a["participants"]) for a in held] == [
        ("2023-05-08", "three-meetings", 8), ("2023-05-15", "three-meetings", 5),
        ("2023-05-26", "party-lecture", 22), ("2023-06-09", "three-meetings", 24)]
    assert "主持人：陈静" in held[0]["notes"] and "地点：教师办公室" in held[0]["notes"]
    plan2023.ok("undo", "--yes")
    assert plan2023.json("activity", "list") == []


def test_an_import_records_the_history_single_writes_would(plan2023: Campaign, tmp_path: Path, store: Path):
    """The bulk import builds its event rows without a `Change` per event:
    they are what `issue add`, `start`, `done` and `verify` record, with what
    undo needs; and the counts it reports are the rows it wrote."""
    import sqlite3

    from campaign_cli.actions.history import Change, event_row

    sheet = tmp_path / "台账.csv"
    with sheet.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["序号", "问题", "整改措施", "责任单位", "责任人", "配合单位", "完成时限", "完成情况", "完成日期",
                         "销号时间"])
        writer.writerow(["1", "消防通道堵塞", "清理通道", "保卫处", "赵六", "后勤处", "6月10日", "已完成", "2023年6月8日",
                         "2023年6月12日"])
        writer.writerow(["2", "食堂价格偏高", "公示价格", "后勤处", "孙八", "", "7月15日", "进行中", "", ""])
    planned = plan2023.json("import", str(sheet), "--dry-run")
    done = plan2023.json("import", str(sheet), "--yes")
    connection = sqlite3.connect(store)
    try:
        responsibilities = connection.execute("SELECT COUNT(*) FROM responsibility").fetchone()[0]
        command = connection.execute("SELECT MAX(command_id) FROM event").fetchone()[0]
        columns = ("entity", "field", "code", "old_value", "new_value", "undo")
        events = connection.execute(f"SELECT {', '.join(columns)}, entity_id, problem_id FROM event "
                                    "WHERE command_id = ? AND entity != 'unit' ORDER BY id", (command,)).fetchall()
    finally:
        connection.close()
    assert done["responsibilities"] == planned["responsibilities"] == responsibilities == 3

    def single(entity: str, field: str, old, new, code: str, undo=None) -> tuple:
        row = event_row(Change(entity, 0, field, old, new, code=code, undo=undo), campaign_id=1, actor="a", at="",
                        command_id=command)
        return tuple(row[c] for c in ("entity", "field", "code", "old_value", "new_value", "undo"))

    assert [e[:6] for e in events] == [
        single("problem", "created", None, "消防通道堵塞", "P-1"),
        single("responsibility", "created", None, "赵六 (保卫处)", "P-1"),
        single("responsibility", "created", None, " (后勤处)", "P-1"),
        single("task", "created", None, "清理通道", "T-1"),
        single("task", "status", "todo", "done", "T-1", {"column": "status", "old": "todo"}),
        single("task", "done_on", None, "2023-06-08", "T-1", {"column": "done_on", "old": None}),
        single("problem", "verified_on", None, "2023-06-12", "P-1", {"column": "verified_on", "old": None}),
        single("problem", "status", "open", "verified", "P-1", {"column": "status", "old": "open"}),
        single("problem", "created", None, "食堂价格偏高", "P-2"),
        single("responsibility", "created", None, "孙八 (后勤处)", "P-2"),
        single("task", "created", None, "公示价格", "T-2"),
        single("task", "status", "todo", "doing", "T-2", {"column": "status", "old": "todo"}),
        single("problem", "status", "open", "in-progress", "P-2", {"column": "status", "old": "open"}),
    ]
    assert len({e[6] for e in events if e[0] == "responsibility"}) == 3  # each its own row
    assert {e[7] for e in events} == {events[0][6], events[8][6]}  # every event names its problem
