"""The three lists (问题清单, 责任清单, 任务清单) of a whole campaign as plain
tables: headers in the user's language plus rows of text, numbers and dates.

The task list's headers are ones `campaign import` reads back (see
importers/ledger.py), so an exported task list is a valid ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from campaign_cli.domain import signals
from campaign_cli.i18n import t
from campaign_cli.store import dump
from campaign_cli.store.database import Database


@dataclass
class Table:
    name: str  # the sheet's name
    headers: list[str]
    rows: list[list[Any]]
    widths: list[int]


def _day(value: Any) -> date | None:
    return date.fromisoformat(str(value)[:10]) if value else None


def _columns(keys: tuple[str, ...]) -> list[str]:
    return [t(f"transfer.col.{key}") for key in keys]


TASK_COLUMNS = ("task_code", "problem_code", "title", "measure", "department", "owner", "deadline", "status",
                "done_on", "evidence", "category", "term", "found_on", "signal", "evidence_files")
_WIDTHS = {"title": 36, "measure": 40, "evidence": 24, "detail": 30, "evidence_files": 48}


def task_table(db: Database, campaign_id: int, today: date) -> Table:
    from campaign_cli.store.campaigns import settings

    window = settings(db, campaign_id).warn_days
    files: dict[str, list[str]] = {}
    for e in dump.evidence(db, campaign_id):  # each file named with its sha256, one a line
        files.setdefault(e["task"], []).append(f"{e['file_name']} ({e['sha256']})")
    rows = []
    for r in dump.tasks(db, campaign_id):
        deadline = _day(r["deadline"])
        rows.append([r["code"], r["problem"], r["problem_title"], r["measure"], r["department"], r["owner"],
                     deadline, t(f"transfer.task_status.{r['status']}"), _day(r["done_on"]), r["evidence"],
                     r["category"], t(f"transfer.term.{r['term']}"), _day(r["found_on"]),
                     t(f"transfer.signal.{signals.signal(deadline, r['status'], today, window)}"),  # type: ignore[arg-type]
                     "\n".join(files.get(r["code"], [])) or None])
    return Table(t("transfer.sheet.tasks"), _columns(TASK_COLUMNS), rows,
                 [_WIDTHS.get(k, 12) for k in TASK_COLUMNS])


PROBLEM_COLUMNS = ("problem_code", "title", "detail", "category", "term", "found_on", "problem_status",
                   "resolved_on", "verified_on", "verified_by")


def problem_table(db: Database, campaign_id: int) -> Table:
    rows = [[r["code"], r["title"], r["detail"], r["category"], t(f"transfer.term.{r['term']}"),
             _day(r["found_on"]), t(f"transfer.problem_status.{r['status']}"), _day(r["resolved_on"]),
             _day(r["verified_on"]), r["verified_by"]] for r in dump.problems(db, campaign_id)]
    return Table(t("transfer.sheet.problems"), _columns(PROBLEM_COLUMNS), rows,
                 [_WIDTHS.get(k, 12) for k in PROBLEM_COLUMNS])


RESPONSIBILITY_COLUMNS = ("problem_code", "title", "department", "owner", "role")


def responsibility_table(db: Database, campaign_id: int) -> Table:
    titles = {r["code"]: r["title"] for r in dump.problems(db, campaign_id)}
    rows = [[r["problem"], titles.get(r["problem"]), r["department"], r["owner"], t(f"transfer.role.{r['role']}")]
            for r in dump.responsibilities(db, campaign_id)]
    return Table(t("transfer.sheet.responsibilities"), _columns(RESPONSIBILITY_COLUMNS), rows,
                 [_WIDTHS.get(k, 12) for k in RESPONSIBILITY_COLUMNS])


def all_tables(db: Database, campaign_id: int, today: date) -> list[Table]:
    return [problem_table(db, campaign_id), responsibility_table(db, campaign_id),
            task_table(db, campaign_id, today)]
