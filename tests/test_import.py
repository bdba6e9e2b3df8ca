"""campaign import of a CSV / XLSX ledger: headers in Chinese or English,
several measures per problem, all or nothing, --map, --dry-run, limits, and
the 100,000-row timing."""

from __future__ import annotations

import csv
import json
import time
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import Campaign, store_snapshot

HEADER = ["序号", "问题", "整改措施", "责任部门", "责任人", "完成时限", "类别", "期限类型", "完成情况"]


def write_csv(path: Path, rows: list[list[object]], header: list[str] = HEADER, encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "台账.csv", [
        [1, "作业量偏大", "制定作业管理办法", "教务处", "张三", "6月30日", "教学", "立行立改", "已完成"],
        ["", "", "开展专项检查", "", "李四", "2023/7/15", "", "", "进行中"],       # continues problem 1
        [2, "食堂卫生不达标", "整改后厨", "后勤处", "王五", "年底前", "后勤", "持续推进", ""],
        [3, "作业量偏大", "家长问卷", "", "赵六", "7月下旬", "", "", "未开始"],      # same title: problem 1
    ])


def test_a_chinese_ledger_becomes_problems_tasks_and_responsibilities(plan2023: Campaign, ledger: Path):
    result = plan2023("import", str(ledger), "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document == {
        "file": str(ledger), "kind": "ledger", "dry_run": False, "rows": 4,
        "columns": {"title": "问题", "measure": "整改措施", "department": "责任部门", "owner": "责任人",
                    "deadline": "完成时限", "category": "类别", "term": "期限类型", "status": "完成情况"},
        "problems": 2, "tasks": 4, "responsibilities": 2, "rejected": [], "units_added": ["后勤处"], "skipped": [],
        "codes": {"problems": ["P-1", "P-2"], "tasks": ["T-1", "T-4"]},
        "preview": [
            {"row": 2, "code": "T-1", "problem": "P-1", "title": "作业量偏大", "measure": "制定作业管理办法",
             "owner": "张三", "department": "教务处", "deadline": "2023-06-30", "status": "done"},
            {"row": 3, "code": "T-2", "problem": "P-1", "title": "作业量偏大", "measure": "开展专项检查",
             "owner": "李四", "department": "教务处", "deadline": "2023-07-15", "status": "doing"},
            {"row": 5, "code": "T-3", "problem": "P-1", "title": "作业量偏大", "measure": "家长问卷",
             "owner": "赵六", "department": None, "deadline": "2023-07-31", "status": "todo"},
            {"row": 4, "code": "T-4", "problem": "P-2", "title": "食堂卫生不达标", "measure": "整改后厨",
             "owner": "王五", "department": "后勤处", "deadline": "2023-12-31", "status": "todo"},
        ],
    }
    assert "后勤处" in result.stderr  # one notice for the new department
    problems = {p["code"]: p for p in plan2023.json("issue", "list", "--list", "problems")}
    assert problems["P-1"]["status"] == "in-progress" and problems["P-1"]["term"] == "short"
    assert problems["P-2"]["status"] == "open" and problems["P-2"]["term"] == "long"
    units = {u["name"]: u["kind"] for u in plan2023.json("unit", "list")}
    assert units["后勤处"] == "department"
    # Codes were allocated by bumping the counters: the next problem follows on.
    added = plan2023.json("issue", "add", "新问题", "--owner", "张三", "--deadline", "8月1日")
    assert (added["problem"]["code"], added["task"]["code"]) == ("P-3", "T-5")
    history = plan2023.json("issue", "history", "P-1")
    assert [(e["code"], e["field"]) for e in history][:4] == [
        ("P-1", "created"), ("P-1", "created"), ("T-1", "created"), ("T-1", "status")]


def test_importing_the_same_ledger_again_skips_known_problems(plan2023: Campaign, ledger: Path):
    plan2023.ok("import", str(ledger))
    again = plan2023.json("import", str(ledger))
    assert (again["problems"], again["tasks"], len(again["skipped"])) == (0, 0, 2)


def test_every_bad_row_is_named_and_nothing_is_written(plan2023: Campaign, tmp_path: Path, store: Path):
    path = write_csv(tmp_path / "bad.csv", [
        [1, "作业量偏大", "制定办法", "教务处", "张三", "6月30日", "", "", ""],
        [2, "食堂", "整改", "后勤处", "王五", "6月35日", "", "中期", ""],
        [3, "宿舍", "检修", "后勤处", "王五", "", "", "", "差不多"],
        [4, "图书馆", "延长开放", "", "", "7月1日", "", "", ""],
    ])
    before = store_snapshot(store)
    result = plan2023("import", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "2 行有错误" in lines[0] and "未导入任何内容" in lines[0]
    assert lines[1].startswith("  第 3 行：完成时限：“6月35日”不是日期") and "期限类型：“中期”无法识别" in lines[1]
    assert lines[2].startswith("  第 4 行：完成时限：未填写") and "完成情况：“差不多”无法识别" in lines[2]
    assert len(lines) == 3
    assert store_snapshot(store) == before
    english = plan2023("import", str(path), lang="en")
    assert "2 rows of the ledger are wrong; nothing was imported" in english.stderr
    assert "row 3: 完成时限: '6月35日' is not a date" in english.stderr


def test_many_bad_rows_are_all_named(plan2023: Campaign, tmp_path: Path):
    rows = [[i, f"问题{i}", "措施", "教务处", "张三", "不是日期", "", "", ""] for i in range(80)]
    result = plan2023("import", str(write_csv(tmp_path / "bad.csv", rows)))
    assert result.exit_code == 1
    assert "80 行有错误" in result.stderr
    assert "第 51 行" in result.stderr and "另有 30 行有错误：第 52-81 行" in result.stderr


def test_english_xlsx_with_date_cells(plan2023: Campaign, tmp_path: Path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ledger of problems, 2023"])  # a title row above the header
    sheet.append(["Problem", "Measure", "Department", "Owner", "Deadline", "Term", "Status", "Done on"])
    sheet.append(["Slow replies", "Answer within a week", "Office", "Zhang", datetime(2023, 6, 30), "short", "done",
                  datetime(2023, 6, 10)])
    sheet.append(["Old books", "Buy new ones", "Library", "Li", "2023-09-01", "long", "", None])
    path = tmp_path / "ledger.xlsx"
    workbook.save(path)
    document = plan2023.json("import", str(path), lang="en")
    assert (document["rows"], document["problems"], document["tasks"]) == (2, 2, 2)
    assert document["preview"][0]["row"] == 3 and document["preview"][0]["deadline"] == "2023-06-30"
    problems = {p["code"]: p for p in plan2023.json("issue", "list", "--list", "problems")}
    assert problems["P-1"]["status"] == "resolved" and problems["P-1"]["resolved_on"] == "2023-06-10"


def test_map_names_unknown_headers(plan2023: Campaign, tmp_path: Path):
    path = write_csv(tmp_path / "own.csv", [["查摆出的不足", "立即改", "张三", "6月20日", "x"]],
                     header=["查摆出的不足", "改进办法", "联系人", "办结时间", "说明"])
    result = plan2023("import", str(path))
    assert result.exit_code == 1 and "查摆出的不足" in result.stderr  # no header found
    document = plan2023.json("import", str(path), "--map", "查摆出的不足=title", "--map", "改进办法=measure",
                             "--map", "联系人=owner", "--map", "办结时间=deadline")
    assert document["columns"] == {"title": "查摆出的不足", "measure": "改进办法", "owner": "联系人",
                                   "deadline": "办结时间"}
    assert document["preview"][0]["measure"] == "立即改"
    assert plan2023("import", str(path), "--map", "nonsense").exit_code == 2
    assert plan2023("import", str(path), "--map", "a=colour").exit_code == 2


def test_dry_run_writes_nothing(plan2023: Campaign, ledger: Path, store: Path):
    before = store_snapshot(store)
    result = plan2023.ok("import", str(ledger), "--dry-run")
    assert "将添加 2 个问题、4 项任务" in result.stdout and "T-1" in result.stdout
    assert "将新登记 1 个部门：后勤处" in result.stderr
    assert store_snapshot(store) == before
    document = plan2023.json("import", str(ledger), "--dry-run")
    assert document["dry_run"] is True and document["codes"]["tasks"] == ["T-1", "T-4"]
    assert store_snapshot(store) == before


def test_gbk_csv_and_an_exported_task_list_read_back(plan2023: Campaign, tmp_path: Path):
    path = write_csv(tmp_path / "gbk.csv", [[1, "作业量偏大", "制定办法", "教务处", "张三", "6月30日", "", "", ""]],
                     encoding="gb18030")
    assert plan2023.json("import", str(path))["problems"] == 1
    exported = tmp_path / "tasks.csv"
    plan2023.ok("export", "--format", "csv", "--output", str(exported))
    plan2023.ok("init", "other", "--title", "另一个", "--year", "2023")
    document = plan2023.json("import", str(exported))
    assert (document["problems"], document["tasks"]) == (1, 1)
    assert document["preview"][0]["measure"] == "制定办法"


@pytest.mark.parametrize("name, content, words", [
    ("big.csv", None, "50 MB"),
    ("broken.xlsx", b"PK\x03\x04 not really a workbook", "无法读取"),
    ("old.xls", b"\xd0\xcf\x11\xe0", ".xlsx"),
    ("notes.pdf", b"%PDF", ".pdf"),
    ("empty.csv", b"", "空的"),
    ("noheader.csv", "a,b\n1,2\n".encode(), "表头"),
])
def test_unusable_files_are_refused(plan2023: Campaign, tmp_path: Path, store: Path, name, content, words):
    path = tmp_path / name
    if content is None:
        with path.open("wb") as handle:  # sparse: 50 MB and a byte
            handle.truncate(50 * 1024 * 1024 + 1)
    else:
        path.write_bytes(content)
    before = store_snapshot(store)
    result = plan2023("import", str(path))
    assert result.exit_code == 1, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    assert store_snapshot(store) == before
    assert plan2023("import", str(tmp_path / "missing.csv")).exit_code == 1


def test_100k_rows_import_in_one_go(plan2023: Campaign, tmp_path: Path, capsys):
    path = tmp_path / "big.csv"
    rows = ([i, f"问题{i // 2}", f"措施{i}", f"部门{i % 20}", f"人{i % 300}", f"{i % 12 + 1}月{i % 28 + 1}日",
             "作风", "立行立改" if i % 3 else "持续推进", ("", "已完成", "进行中")[i % 3]] for i in range(100_000))
    write_csv(path, list(rows))
    started = time.perf_counter()
    result = plan2023("--today", "2023-12-31", "import", str(path), "--json")
    elapsed = time.perf_counter() - started
    assert result.exit_code == 0, result.stderr[-2000:]
    document = json.loads(result.stdout)
    assert (document["rows"], document["problems"], document["tasks"]) == (100_000, 50_000, 100_000)
    assert document["codes"]["tasks"] == ["T-1", "T-100000"]
    with capsys.disabled():
        print(f"\n100,000-row ledger imported in {elapsed:.1f} s")


def _indexes(store: Path) -> list[tuple[str, str]]:
    import sqlite3

    connection = sqlite3.connect(store)
    try:
        return sorted(connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    finally:
        connection.close()


def test_a_large_import_rebuilds_the_indexes_it_dropped(plan2023: Campaign, ledger: Path, store: Path,
                                                         monkeypatch):
    """A large import drops the plain indexes and builds them again at the end,
    inside its transaction: afterwards every index is there, as it was."""
    from campaign_cli.store import bulk

    monkeypatch.setattr(bulk, "BULK_REBUILD_MIN_TASKS", 1)
    before = _indexes(store)
    assert plan2023("import", str(ledger)).exit_code == 0
    assert _indexes(store) == before
    assert plan2023.json("db", "check")["ok"] is True
    assert [r["owner"] for r in plan2023.json("issue", "list", "--owner", "王五")] == ["王五"]


def test_a_failed_large_import_keeps_every_index(plan2023: Campaign, tmp_path: Path, store: Path, monkeypatch):
    from campaign_cli.store import bulk

    monkeypatch.setattr(bulk, "BULK_REBUILD_MIN_TASKS", 1)
    before, rows = _indexes(store), store_snapshot(store)

    def fail(*args, **kwargs):
        raise RuntimeError("disk trouble half-way")

    from campaign_cli.actions import imports

    monkeypatch.setattr(imports, "_changes", fail)  # fails after the indexes were dropped
    bad = write_csv(tmp_path / "l.csv", [[1, "问题", "措施", "教务处", "张三", "6月30日", "", "", ""]])
    assert plan2023("import", str(bad)).exit_code != 0
    assert _indexes(store) == before and store_snapshot(store) == rows
