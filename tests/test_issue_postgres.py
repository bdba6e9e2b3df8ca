"""The whole life of a problem, the dashboard, person and check on PostgreSQL."""

from __future__ import annotations

import pytest
from conftest import Campaign
from pg import pg_snapshot

pytestmark = pytest.mark.postgres


@pytest.fixture
def pgcli(pg_url: str) -> Campaign:
    return Campaign(pg_url)  # type: ignore[arg-type]


def test_three_lists_on_postgresql(pgcli, pg_url):
    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    pgcli.ok("phase", "add", "整改", "--start", "5月1日", "--end", "12月31日")
    pgcli.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "2023-07-26")
    pgcli.ok("issue", "add", "课堂纪律", "--owner", "李四", "--dept", "学生处", "--deadline", "+5d")
    pgcli.ok("issue", "add", "食堂卫生", "--owner", "王五", "--deadline", "2023-06-05", "--term", "short")
    assert {r["code"]: r["signal"] for r in pgcli.json("issue", "list")} == \
        {"T-1": "green", "T-2": "yellow", "T-3": "red"}
    assert [r["code"] for r in pgcli.json("issue", "list", "--phase", "1", "--due-within", "60d")] == ["T-2", "T-1"]
    assert [r["code"] for r in pgcli.json("issue", "list", "--list", "problems", "--signal", "red")] == ["P-3"]
    assert len(pgcli.json("issue", "list", "--list", "responsibilities", "--dept", "学生处")) == 1

    before = pg_snapshot(pg_url)
    assert pgcli("issue", "verify", "P-3").exit_code == 1
    assert pg_snapshot(pg_url) == before
    pgcli.ok("issue", "start", "T-3")
    pgcli.ok("issue", "done", "T-3", "--evidence", "ok")
    assert pgcli.json("issue", "verify", "P-3", "--by", "书记")["status"] == "verified"
    pgcli.ok("issue", "reopen", "P-3", "--reason", "反弹")
    pgcli.ok("issue", "task", "add", "P-3", "--measure", "回头看", "--deadline", "+3d")
    pgcli.ok("issue", "edit", "T-4", "--deadline", "+30d", "--dept", "后勤处")
    pgcli.ok("issue", "edit", "P-3", "--title", "食堂卫生问题", "--found-on", "6月1日")
    history = pgcli.json("issue", "history", "P-3")
    assert [e["field"] for e in history][:3] == ["created", "created", "created"]
    assert pgcli.json("issue", "show", "P-3")["problem"]["status"] == "in-progress"

    board = pgcli.json("dashboard")
    assert board["totals"]["total"] == 4 and board["totals"]["done"] == 1
    assert pgcli.json("dashboard", "--by", "owner")["groups"]
    assert [t["code"] for t in pgcli.json("person", "王五")["tasks"]] == ["T-4", "T-3"]
    result = pgcli("check", "--json")
    assert result.exit_code == 1  # P-3: short-term, its new task 44 days after it was found


def test_undo_on_postgresql(pgcli, pg_url):
    pgcli.ok("init", "a", "--title", "A", "--year", "2023")
    pgcli.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "2023-07-26")
    before = pg_snapshot(pg_url)
    for command in (("issue", "done", "T-1", "--on", "6月10日"), ("issue", "rm", "P-1", "--reason", "重复"),
                    ("unit", "rename", "教务处", "教务科"), ("edit", "--warn-days", "9")):
        pgcli.ok(*command)
        assert pgcli.json("undo", "--yes")["changes"] > 0
    after = pg_snapshot(pg_url)
    for table in ("problem", "task", "responsibility", "unit"):
        assert after[table] == before[table], table
    assert [r[1:] for r in after["setting"]] == [r[1:] for r in before["setting"]]  # a setting row is rewritten


def test_evidence_review_recheck_and_search_on_postgresql(pgcli, pg_url, tmp_path):
    import hashlib

    content = bytes(range(256)) * 8 + b"\x00end"
    proof = tmp_path / "整改报告.pdf"
    proof.write_bytes(content)
    pgcli.ok("init", "b", "--title", "B", "--year", "2023")
    pgcli.ok("edit", "--review", "two-step", "--recheck-days", "10", "--require-evidence", "yes")
    pgcli.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "2023-06-30")
    assert pgcli("issue", "done", "T-1").exit_code == 1
    assert pgcli.json("issue", "done", "T-1", "--attach", str(proof))["files"][0]["sha256"] == \
        hashlib.sha256(content).hexdigest()
    pgcli.ok("issue", "evidence", "T-1", "--add", str(proof))  # the same content, kept once
    assert pgcli("issue", "verify", "P-1", "--by", "王书记").exit_code == 1
    assert pgcli.json("issue", "submit", "P-1")["status"] == "submitted"
    assert pgcli("issue", "verify", "P-1", "--by", "张三").exit_code == 1
    pgcli.ok("issue", "verify", "P-1", "--by", "王书记")
    assert [r["due"] for r in pgcli.json("issue", "show", "P-1")["rechecks"]] == ["2023-06-25"]
    assert len(pgcli.json("dashboard", today="2023-06-26")["rechecks_due"]) == 1
    pgcli.ok("issue", "recheck", "P-1", "--regressed", "--reason", "反弹", today="2023-06-26")
    assert pgcli.json("issue", "show", "P-1")["problem"]["status"] == "resolved"
    assert [p["code"] for p in pgcli.json("issue", "search", "整改报告")["tasks"]] == ["T-1"]
    assert [p["code"] for p in pgcli.json("issue", "search", "作业")["problems"]] == ["P-1"]
    out = tmp_path / "out"
    pgcli.ok("issue", "evidence", "P-1", "--extract", str(out))
    assert (out / "T-1" / "整改报告.pdf").read_bytes() == content
    assert (out / "T-1" / "整改报告 (2).pdf").read_bytes() == content
    pgcli.ok("undo", "--yes", today="2023-06-26")  # the regression
    assert pgcli.json("issue", "show", "P-1")["problem"]["status"] == "verified"
    document = pgcli.json("export", "--format", "json")
    assert len(document["files"]) == 1 and len(document["evidence"]) == 2
