"""`campaign report` on PostgreSQL gives the same documents as on SQLite."""

from __future__ import annotations

import io

import pytest
from conftest import Campaign

from test_report import build_month_through_the_cli
from test_report_as_of import build_june, later_entries

pytestmark = pytest.mark.postgres

PLAN = [("开展专题学习", "4月21日", "4月28日"), ("深入开展调研", "5月13日", "年底"), ("着力解决问题", None, "年底前")]
UNITS = [("第一党支部", "branch", "28"), ("教务处", "department", "9"), ("学生处", "department", "8")]


def _set_up(cli: Campaign) -> Campaign:
    cli.ok("init", "jssp", "--title", "学习贯彻重要讲话精神", "--year", "2023")
    for title, start, end in PLAN:
        cli.ok(*(["phase", "add", title, "--end", end] + (["--start", start] if start else [])))
    for name, kind, members in UNITS:
        cli.ok("unit", "add", name, "--kind", kind, "--members", members)
    build_month_through_the_cli(cli)
    return cli


def test_report_formats_match_sqlite(pg_url, store):
    from openpyxl import load_workbook

    server, local = _set_up(Campaign(pg_url)), _set_up(Campaign(store))  # type: ignore[arg-type]
    for month in ("2023-04", "2023-05", "2023-06"):
        assert server.json("report", "--month", month) == local.json("report", "--month", month), month
    for fmt in ("md", "csv", "table"):
        args = ("report", "--month", "2023-05", "--format", fmt)
        assert server.ok(*args).stdout == local.ok(*args).stdout, fmt
    books = []
    for cli, name in ((server, "pg.xlsx"), (local, "lite.xlsx")):
        path = store.parent / name
        cli.ok("report", "--month", "2023-05", "--format", "xlsx", "--output", str(path))
        books.append(load_workbook(path))
    for a, b in zip(*(book.worksheets for book in books)):
        assert [[c.value for c in r] for r in a.iter_rows()] == [[c.value for c in r] for r in b.iter_rows()]


def test_the_month_as_of_a_day_matches_sqlite(pg_url, store):
    """Reopened, extended, deadlines moved later and rows entered later: the
    same June on both stores, as of the 15th and as of its end."""
    stores = []
    for cli in (Campaign(pg_url), Campaign(store)):  # type: ignore[arg-type]
        cli.ok("init", "jssp", "--title", "学习贯彻重要讲话精神", "--year", "2023")
        for title, start, end in PLAN:
            cli.ok(*(["phase", "add", title, "--end", end] + (["--start", start] if start else [])))
        for name, kind, members in [("第一党支部", "branch", "28"), ("第二党支部", "branch", "22")]:
            cli.ok("unit", "add", name, "--kind", kind, "--members", members)
        build_june(cli)
        later_entries(cli)
        stores.append(cli)
    server, local = stores
    for today in ("2023-06-15", "2023-07-01"):
        document = server.json("report", "--month", "2023-06", today=today)
        assert document == local.json("report", "--month", "2023-06", today=today), today
        assert document["tasks"]["extended"] and document["problems"]["reopened"] == 1
