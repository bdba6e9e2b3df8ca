"""The month report reads its task counts, its problem counts and its
overdue list on up to three connections at once (reports/monthly.py:
`_both`, `read_beside`). Whatever the threads, the document is the one a
single connection reads, byte for byte, on SQLite and PostgreSQL; a failure
in the thread that reads the overdue list is the command's failure."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import Campaign
from test_streamed_json import _busy, _open, _text

from campaign_cli.errors import StoreError
from campaign_cli.store.database import Database


def _documents(where: str, today: date) -> tuple[str, str]:
    """(streamed, plain) June report as the output writes it."""
    from campaign_cli.reports.monthly import month_report
    from campaign_cli.store import campaigns

    db = _open(where)
    try:
        campaign = campaigns.by_id(db, 1)
        streamed = month_report(db, campaign, date(2023, 6, 1), date(2023, 6, 30), today, stream_overdue=True)
        streamed_text = _text(streamed)
        plain = month_report(db, campaign, date(2023, 6, 1), date(2023, 6, 30), today)
        return streamed_text, _text(plain)
    finally:
        db.close()


def _same_with_one_connection(where: str, monkeypatch) -> None:
    kind = type(_open(where))
    opened: list[Database] = []
    sibling = kind.sibling

    def counted(self):
        other = sibling(self)
        if other is not None:
            opened.append(other)
        return other

    for today in (date(2023, 6, 15), date(2023, 7, 10)):
        monkeypatch.setattr(kind, "sibling", counted)
        beside = _documents(where, today)
        assert len(opened) == 3  # the problem side, the overdue list (streamed); the problem side (plain)
        opened.clear()
        monkeypatch.setattr(kind, "sibling", lambda self: None)
        alone = _documents(where, today)
        monkeypatch.undo()
        assert beside == alone, today
        report = json.loads(beside[0])
        assert report["overdue"] and report["problems"]["opened"] and report["phases"], today


def test_the_report_read_beside_is_the_report_read_alone_on_sqlite(cli: Campaign, tmp_path: Path, monkeypatch):
    _busy(cli, tmp_path)
    _same_with_one_connection(str(cli.store), monkeypatch)


@pytest.mark.postgres
def test_the_report_read_beside_is_the_report_read_alone_on_postgresql(pg_url: str, tmp_path: Path, monkeypatch):
    _busy(Campaign(pg_url), tmp_path)  # type: ignore[arg-type]
    _same_with_one_connection(pg_url, monkeypatch)


def test_a_failure_reading_the_overdue_list_beside_fails_the_command(cli: Campaign, tmp_path: Path, monkeypatch):
    from campaign_cli.store import report_queries

    _busy(cli, tmp_path)

    def broken(*_args, **_kwargs):
        raise StoreError("store.failed", reason="disk I/O error")

    monkeypatch.setattr(report_queries, "iter_overdue_json", broken)
    failed = cli("report", "--month", "2023-06", "--format", "json")
    assert failed.exit_code == 3
    assert failed.stderr.strip().splitlines() == ["错误：数据库操作失败：disk I/O error"]


def test_inside_a_write_transaction_there_is_no_second_connection(cli: Campaign):
    cli.ok("init", "a", "--title", "T", "--year", "2023")
    db = _open(str(cli.store))
    try:
        other = db.sibling()
        assert other is not None
        other.close()
        with db.transaction():
            assert db.sibling() is None
    finally:
        db.close()
