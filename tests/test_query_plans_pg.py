"""On PostgreSQL too, the city's per-school commands read indexes, never a
whole big table (issue 17), as tests/test_query_plans.py checks for SQLite.

A generated city store (benchmarks/generate.py, several campaigns) is
loaded and ANALYZE'd; every SELECT a command runs is recorded and EXPLAINed
with `enable_seqscan = off`. That setting makes a sequential scan cost so
much that the planner picks one only when no index can answer the query, so
a `Seq Scan` on a big table in such a plan is a query no index serves — at
a million rows it reads them all. A property, not a timing."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from campaign_cli.store.location import libpq_params
from campaign_cli.store.postgres import PostgresDatabase

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

BIG = {"task", "problem", "responsibility", "event", "activity", "task_tally"}
SCHOOL = "s02"

COMMANDS = [
    ("phase", "status"),
    ("dashboard",),
    ("dashboard", "--by", "owner"),
    ("issue", "list"),
    ("issue", "list", "--signal", "red"),
    ("issue", "list", "--signal", "red", "--json"),
    ("issue", "list", "--list", "problems"),
    ("issue", "show", "P-1"),
    ("report", "--month", "2023-06"),
    ("report", "--month", "2023-06", "--format", "json"),
    ("overview", "--month", "2023-06"),
]


def load_generator():
    from test_benchmarks_smoke import load

    return load("generate")


@pytest.fixture(scope="module")
def city(pg_server):
    if pg_server.error:
        pytest.skip(f"PostgreSQL tests need a server: {pg_server.error}")
    name = pg_server.create_database()
    url = pg_server.url(name)
    manifest = load_generator().city(3, 300, pg_url=url, seed=8, quiet=True)
    yield url, manifest
    pg_server.drop_database(name)


def recorded_selects(url: str, monkeypatch, *args: str) -> list[tuple[str, dict]]:
    seen: list[tuple[str, dict]] = []
    run, stream = PostgresDatabase._run, PostgresDatabase.iter_rows

    def record(sql: str, params: dict) -> None:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")) and "pg_advisory" not in sql:
            seen.append((sql, dict(params)))

    def recording_run(self, sql, params):
        record(sql, params)
        return run(self, sql, params)

    def recording_stream(self, sql, **params):
        record(sql, params)
        return stream(self, sql, **params)

    monkeypatch.setattr(PostgresDatabase, "_run", recording_run)
    monkeypatch.setattr(PostgresDatabase, "iter_rows", recording_stream)
    from campaign_cli.cli import app

    result = CliRunner().invoke(app, ["--db", url, "--campaign", SCHOOL, "--today", "2023-06-15", "--lang", "en",
                                      *args], catch_exceptions=False)
    monkeypatch.undo()
    if result.exit_code == 2 and "No such command" in result.output + result.stderr:
        pytest.skip(f"`campaign {' '.join(args)}` is not in this tree yet")
    assert result.exit_code == 0, result.output + result.stderr
    return seen


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


INDEX_SCANS = ("Index Scan", "Index Only Scan", "Bitmap Index Scan")


def _whole(node: dict) -> str | None:
    """What reads a big table whole: a sequential scan, or an index walked
    end to end while the school is filtered out of each row — what
    PostgreSQL picks for `ORDER BY id LIMIT n` when it expects the school's
    rows to come early (they do not: its ids sit in one stretch of the
    table, 400k rows in at 50 x 20k)."""
    relation = node.get("Relation Name")
    if relation not in BIG:
        return None
    if node["Node Type"] == "Seq Scan":
        return f"Seq Scan on {relation}"
    if node["Node Type"] in INDEX_SCANS and not node.get("Index Cond") and "campaign_id" in node.get("Filter", ""):
        return f"{node['Node Type']} on {relation} using {node.get('Index Name')}, filtering the campaign"
    return None


def seq_scans(url: str, selects: list[tuple[str, dict]]) -> dict[str, list[str]]:
    db = PostgresDatabase.connect(url, libpq_params(url))
    bad: dict[str, list[str]] = {}
    try:
        db.execute("SET enable_seqscan = off")
        for sql, values in selects:
            found = next(iter(db.rows("EXPLAIN (FORMAT JSON) " + sql, **values)[0].values()))
            plan = found[0]["Plan"] if isinstance(found, list) else json.loads(found)[0]["Plan"]
            scans = [_whole(n) for n in _nodes(plan) if _whole(n)]
            if scans:
                bad[re.sub(r"\s+", " ", sql)[:300]] = scans
    finally:
        db.close()
    return bad


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_sequential_scan_of_a_big_table(city, monkeypatch, args):
    url, _manifest = city
    selects = recorded_selects(url, monkeypatch, *args)
    assert selects, "the command ran no query: the check would be empty"
    assert not seq_scans(url, selects)


def test_the_writes_find_their_rows_by_index(city, monkeypatch):
    url, manifest = city
    school = next(s for s in manifest["schools"] if s["key"] == SCHOOL)
    selects = recorded_selects(url, monkeypatch, "issue", "done", school["open_task_codes"][0])
    selects += recorded_selects(url, monkeypatch, "issue", "add", "新问题", "--owner", "王伟",
                                "--deadline", "2023-06-30", "--dept", "教务处")
    assert selects
    assert not seq_scans(url, selects)


def test_the_check_would_see_a_scan(city):
    """The check itself works: a query no index serves is caught, and so is
    a walk of the whole primary key to find one school's first rows."""
    url, _manifest = city
    bad = seq_scans(url, [("SELECT COUNT(*) AS n FROM task t WHERE t.measure LIKE :m", {"m": "%x%"})])
    assert list(bad.values()) == [["Seq Scan on task"]]
    walk = seq_scans(url, [("SELECT p.id FROM problem p WHERE p.campaign_id = :c AND p.found_on <= :d "
                            "ORDER BY p.id LIMIT 20", {"c": 2, "d": "2023-06-15"})])
    assert list(walk.values()) == [["Index Scan on problem using problem_pkey, filtering the campaign"]]
