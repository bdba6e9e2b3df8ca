"""Export and import against a real PostgreSQL server: the JSON round trip
(explicit activity ids and the sequence after them) and a bulk ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Campaign

pytestmark = pytest.mark.postgres


def test_round_trip_and_ledger_on_postgres(pg_url: str, tmp_path: Path):
    pg = Campaign(pg_url)  # type: ignore[arg-type]
    pg.ok("init", "jssp", "--title", "T", "--year", "2023")
    pg.ok("phase", "add", "学习", "--start", "4月21日", "--end", "年底")
    pg.ok("activity", "add", "专题学习", "--kind", "study-group", "--date", "4月25日", "--unit", "第一党支部")
    ledger = tmp_path / "l.csv"
    ledger.write_text("问题,整改措施,责任部门,责任人,完成时限,完成情况\n"
                      "作业量偏大,制定办法,教务处,张三,6月30日,已完成\n,开展检查,,李四,7月15日,\n", "utf-8-sig")
    added = pg.json("import", str(ledger))
    assert (added["problems"], added["tasks"], added["units_added"]) == (1, 2, ["教务处"])
    pg.ok("issue", "add", "第二个", "--owner", "王五", "--deadline", "8月1日", "--from-activity", "1")
    path = tmp_path / "jssp.json"
    pg.ok("export", "--output", str(path))
    first = json.loads(path.read_text("utf-8"))
    copy = pg.json("import", str(path), "--as", "copy")
    assert copy["tasks"] == 3
    second = pg.json("--campaign", "copy", "export")
    assert second["campaign"]["key"] == "copy"
    assert second["tasks"] == first["tasks"] and len(second["events"]) == len(first["events"])
    assert second["problems"][1]["source_activity"] == second["activities"][0]["id"]
    # The activity sequence still works after the restore.
    pg.ok("--campaign", "copy", "activity", "add", "再学习", "--kind", "study-group", "--date", "5月1日")


def test_a_sqlite_export_restores_identically_on_postgres(pg_url: str, tmp_path: Path):
    lite = Campaign(tmp_path / "lite.db")
    lite.ok("init", "jssp", "--title", "T", "--year", "2023")
    lite.ok("phase", "add", "学习", "--start", "4月21日", "--end", "年底")
    lite.ok("activity", "add", "专题学习", "--kind", "study-group", "--date", "4月25日", "--unit", "第一党支部")
    lite.ok("issue", "add", "问题", "--owner", "张三", "--deadline", "6月30日", "--from-activity", "1")
    lite.ok("issue", "done", "T-1", "--on", "6月10日")
    path = tmp_path / "jssp.json"
    lite.ok("export", "--output", str(path))
    pg = Campaign(pg_url)  # type: ignore[arg-type]
    pg.ok("import", str(path))
    first = json.loads(path.read_text("utf-8"))
    again = pg.json("export")
    assert {k: v for k, v in again.items() if k != "exported_at"} == {
        k: v for k, v in first.items() if k != "exported_at"}
    added = pg.json("activity", "add", "再学习", "--kind", "study-group", "--date", "5月1日")
    assert added["id"] == 2
