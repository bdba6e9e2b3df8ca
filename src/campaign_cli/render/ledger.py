"""The three lists as a 台账 reads, the dashboard, a person's ledger, the check."""

from __future__ import annotations

from typing import Any

from datetime import date

from rich.console import Group, RenderableType
from rich.text import Text

from campaign_cli.i18n import field_name, language, t
from campaign_cli.render.phases import format_date, short_date
from campaign_cli.render.tables import cell, make_table

# A mark before each signal word, so the signal reads without colour too.
SIGNAL_MARK = {"red": "●", "yellow": "●", "green": "○", "done": "✓"}


def signal_text(row: dict[str, Any]) -> Text:
    signal = row["signal"]
    if signal == "red":
        words = t("issue.signal.red_days", days=-row["days_left"])
    elif signal == "yellow":
        words = t("issue.signal.today") if row["days_left"] == 0 else t("issue.signal.yellow_days",
                                                                          days=row["days_left"])
    elif signal == "done" and row.get("late"):
        words = t("issue.signal.late")
    else:
        words = t(f"issue.signal.{signal}")
    return Text(f"{SIGNAL_MARK[signal]} {words}", style=signal if signal != "done" else "done")


def status_word(status: str) -> str:
    return t(f"issue.status.{status}")


def _term(term: str | None) -> str:
    return t(f"issue.term.{term}") if term in ("short", "long") else cell(term)


def task_table(rows: list[dict[str, Any]], year: int | None, *, title: str | None = None,
               show_problem: bool = True, extra: str | None = None) -> RenderableType:
    headers = [t("issue.col.code")]
    if show_problem:
        headers.append(t("issue.col.problem"))
    headers += [t("issue.col.measure"), t("issue.col.department"), t("issue.col.owner"),
                t("issue.col.deadline"), t("issue.col.status"), t("issue.col.signal")]
    table = make_table(headers, title=title)
    _keep_whole(table, wrap={1, 2} if show_problem else {1})
    for row in rows:
        values: list[Any] = [Text(row["code"], style="code")]
        if show_problem:
            values.append(f"{row['problem']} {row['problem_title']}")
        values += [row["measure"], cell(row["department"]), cell(row["owner"]),
                   short_date(row["deadline"], year), t(f"issue.task_status.{row['status']}"), signal_text(row)]
        table.add_row(*values)
    return table


def _keep_whole(table: Any, wrap: set[int]) -> None:
    """Only the long text columns fold on a narrow terminal; codes, names,
    dates and signals stay on one line."""
    for i, column in enumerate(table.columns):
        if i not in wrap:
            column.no_wrap = True


def problem_table(rows: list[dict[str, Any]], year: int | None) -> RenderableType:
    table = make_table([t("issue.col.code"), t("issue.col.problem"), t("issue.col.category"), t("issue.col.term"),
                        t("issue.col.department"), t("issue.col.owner"), t("issue.col.found_on"),
                        t("issue.col.progress"), t("issue.col.status"), t("issue.col.verified_on")],
                       justify={7: "right"})
    _keep_whole(table, wrap={1, 2})
    for row in rows:
        table.add_row(Text(row["code"], style="code"), row["title"], cell(row["category"]), _term(row["term"]),
                      cell(row["department"]), cell(row["owner"]), short_date(row["found_on"], year),
                      f"{row['tasks_done']}/{row['tasks']}", status_word(row["status"]),
                      short_date(row["verified_on"], year) if row["verified_on"] else "")
    return table


def responsibility_table(rows: list[dict[str, Any]]) -> RenderableType:
    table = make_table([t("issue.col.code"), t("issue.col.problem"), t("issue.col.department"),
                        t("issue.col.owner"), t("issue.col.role"), t("issue.col.status")])
    for row in rows:
        table.add_row(Text(row["problem"], style="code"), row["problem_title"], cell(row["department"]),
                      cell(row["owner"]), t(f"issue.role.{row['role']}"), status_word(row["status"]))
    return table


def listing_table(found: Any, year: int | None) -> RenderableType:
    if found.kind == "tasks":
        return task_table(found.rows, year, title=t("issue.title.tasks"))
    if found.kind == "problems":
        table = problem_table(found.rows, year)
        table.title = t("issue.title.problems")
        return table
    table = responsibility_table(found.rows)
    table.title = t("issue.title.responsibilities")
    return table


def added(document: dict[str, Any], campaign: str | None = None) -> RenderableType:
    problem, task = document["problem"], document["task"]
    text = t("issue.added", code=problem["code"], title=problem["title"])
    line = Text(text + (t("core.in_campaign", campaign=campaign) if campaign else ""))
    deadline = format_date(date.fromisoformat(task["deadline"]), language())
    second = Text(t("issue.added_task", code=task["code"], measure=task["measure"], owner=task["owner"] or "",
                    department=task["department"] or t("core.none"), deadline=deadline) + " ")
    second.append_text(signal_text(task))
    return Group(line, second)


def _field_lines(pairs: list[tuple[str, Any]]) -> RenderableType:
    table = make_table(["", ""])
    table.show_header = False
    for label, value in pairs:
        table.add_row(Text(label, style="muted"), value if isinstance(value, Text) else cell(value))
    return table


def history_table(events: list[dict[str, Any]]) -> RenderableType:
    table = make_table([t("issue.col.at"), t("issue.col.actor"), t("issue.col.code"), t("issue.col.field"),
                        t("issue.col.old"), t("issue.col.new")])
    for e in events:
        table.add_row(e["at"][:16].replace("T", " "), e["actor"], cell(e["code"]),
                      field_name(e["field"]),
                      _value(e, e["old"]), _value(e, e["new"]))
    return table


def _value(event: dict[str, Any], value: Any) -> str:
    """Status values in words; everything else as stored."""
    if event["field"] == "status" and value:
        area = "issue.task_status" if event["entity"] == "task" else "issue.status"
        if value in ("todo", "doing", "done", "open", "in-progress", "resolved", "submitted", "verified"):
            return t(f"{area}.{value}")
    if event["field"] == "recheck" and value in ("ok", "regressed"):
        return t(f"issue.recheck_result.{value}")
    return cell(value)


def problem_view(document: dict[str, Any], year: int | None) -> RenderableType:
    p = document["problem"]
    pairs: list[tuple[str, Any]] = [
        (t("issue.col.problem"), Text(f"{p['code']} {p['title']}", style="title")),
        (t("issue.col.status"), status_word(p["status"])),
        (t("issue.col.term"), _term(p["term"])),
        (t("issue.col.category"), p["category"]),
        (t("issue.col.found_on"), p["found_on"]),
    ]
    if p["detail"]:
        pairs.append((t("issue.col.detail"), p["detail"]))
    if p["resolved_on"]:
        pairs.append((t("issue.col.resolved_on"), p["resolved_on"]))
    if p.get("submitted_on"):
        pairs.append((t("issue.col.submitted_on"), f"{p['submitted_on']} {p['submitted_by'] or ''}".strip()))
    if p["verified_on"]:
        pairs.append((t("issue.col.verified_on"), f"{p['verified_on']} {p['verified_by'] or ''}".strip()))
    source = document["source_activity"]
    if source:
        pairs.append((t("issue.col.source"), f"#{source['id']} {source['title']} ({source['date']})"))
    parts: list[RenderableType] = [_field_lines(pairs)]
    if document["responsibilities"]:
        parts += [Text(""), responsibility_table(document["responsibilities"])]
    if document["tasks"]:
        parts += [Text(""), task_table(document["tasks"], year, show_problem=False)]
    if document.get("evidence"):
        parts += [Text(""), evidence_table(document["evidence"])]
    if document.get("rechecks"):
        parts += [Text(""), recheck_table(document["rechecks"], year)]
    if document["history"]:
        parts += [Text(""), Text(t("issue.title.history"), style="title"), history_table(document["history"])]
    return Group(*parts)


def task_view(document: dict[str, Any], year: int | None) -> RenderableType:
    task, p = document["task"], document["problem"]
    pairs: list[tuple[str, Any]] = [
        (t("issue.col.code"), Text(task["code"], style="code")),
        (t("issue.col.problem"), f"{p['code']} {p['title']}"),
        (t("issue.col.measure"), task["measure"]),
        (t("issue.col.department"), task["department"]),
        (t("issue.col.owner"), task["owner"]),
        (t("issue.col.deadline"), task["deadline"]),
        (t("issue.col.status"), t(f"issue.task_status.{task['status']}")),
        (t("issue.col.signal"), signal_text(task)),
    ]
    if task["done_on"]:
        pairs.append((t("issue.col.done_on"), task["done_on"]))
    if task["evidence"]:
        pairs.append((t("issue.col.evidence"), task["evidence"]))
    parts: list[RenderableType] = [_field_lines(pairs)]
    if document.get("evidence"):
        parts += [Text(""), evidence_table(document["evidence"])]
    if document["history"]:
        parts += [Text(""), Text(t("issue.title.history"), style="title"), history_table(document["history"])]
    return Group(*parts)


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


# The terminal shows the departments (or owners) with the most overdue tasks
# first, at most this many, as `issue list` shows at most 50 rows; the totals
# row counts them all and --json lists every one. Rich draws a table row in
# about 0.3 ms: 200 departments (1M tasks) took a quarter of the command.
GROUPS_SHOWN = 50


def dashboard_view(document: dict[str, Any], year: int | None) -> RenderableType:
    label = t("issue.col.department") if document["by"] == "dept" else t("issue.col.owner")
    table = make_table([label, t("issue.signal.red"), t("issue.signal.yellow"), t("issue.signal.green"),
                        t("issue.signal.done"), t("core.total"), t("issue.col.on_time")],
                       title=t("issue.title.dashboard", today=document["today"], days=document["warn_days"]),
                       justify={i: "right" for i in range(1, 7)})
    # A row per department (200 at 1M tasks): the figures are Text, with no
    # markup for Rich to parse.

    def add(name: str, g: dict[str, Any], style: str | None = None) -> None:
        table.add_row(Text(name, style=style or ""), Text(str(g["red"]), style="red" if g["red"] else ""),
                      Text(str(g["yellow"]), style="yellow" if g["yellow"] else ""), Text(str(g["green"])),
                      Text(str(g["done"])), Text(str(g["total"])), Text(_rate(g["on_time_rate"])))

    for g in document["groups"][:GROUPS_SHOWN]:
        add(g["name"] or t("issue.unassigned"), g)
    if len(document["groups"]) > 1:
        add(t("core.total"), document["totals"], "title")
    parts: list[RenderableType] = [table]
    if not document["groups"]:
        return Text(t("issue.list.empty"))
    if len(document["groups"]) > GROUPS_SHOWN:
        parts.append(Text(t("issue.dashboard.more_groups", count=len(document["groups"]) - GROUPS_SHOWN)))
    parts.append(Text(""))
    if document["red"]:
        red = make_table([t("issue.col.code"), t("issue.col.measure"), t("issue.col.department"),
                          t("issue.col.owner"), t("issue.col.deadline"), t("issue.col.overdue")],
                         title=t("issue.title.red", count=document["red_total"]), justify={5: "right"})
        for r in document["red"]:
            red.add_row(Text(r["code"], style="code"), r["measure"], cell(r["department"]), cell(r["owner"]),
                        short_date(r["deadline"], year), Text(t("issue.days", days=r["days_overdue"]), style="red"))
        parts.append(red)
        if document["red_total"] > len(document["red"]):
            parts.append(Text(t("issue.list.more", count=document["red_total"] - len(document["red"]))))
    else:
        parts.append(Text(t("issue.none_red")))
    parts.append(Text(""))
    if document["due_soon"]:
        parts.append(task_table(document["due_soon"], year, show_problem=False,
                                title=t("issue.title.due_soon", days=document["warn_days"],
                                        count=document["due_soon_total"])))
        if document["due_soon_total"] > len(document["due_soon"]):
            parts.append(Text(t("issue.list.more", count=document["due_soon_total"] - len(document["due_soon"]))))
    else:
        parts.append(Text(t("issue.none_due", days=document["warn_days"])))
    if document.get("awaiting_review"):
        waiting = problem_table(document["awaiting_review"], year)
        waiting.title = t("issue.title.awaiting_review", count=document["awaiting_review_total"])
        parts += [Text(""), waiting]
    if document.get("rechecks_due"):
        parts += [Text(""), recheck_table(document["rechecks_due"], year,
                                          title=t("issue.title.rechecks_due", count=document["rechecks_due_total"]))]
    return Group(*parts)


def recheck_table(rows: list[dict[str, Any]], year: int | None, *, title: str | None = None) -> RenderableType:
    """回头看: due, done, result."""
    table = make_table([t("issue.col.problem"), t("issue.col.recheck_due"), t("issue.col.recheck_done"),
                        t("issue.col.recheck_result"), t("issue.col.recheck_by"), t("issue.col.recheck_notes")],
                       title=title or t("issue.title.rechecks"))
    for r in rows:
        result = t(f"issue.recheck_result.{r['result']}") if r["result"] else ""
        if r.get("days_overdue"):
            result = t("issue.days", days=r["days_overdue"])
        table.add_row(Text(f"{r['problem']} {r['problem_title']}"), short_date(r["due"], year),
                      short_date(r["done_on"], year) if r["done_on"] else "",
                      Text(result, style="red" if r["result"] == "regressed" or r.get("days_overdue") else ""),
                      cell(r["by"]), cell(r["notes"]))
    return table


def evidence_table(rows: list[dict[str, Any]]) -> RenderableType:
    """佐证材料: the files kept in the store, with their sha256 (short)."""
    table = make_table([t("issue.col.code"), t("issue.col.file_name"), t("issue.col.size"),
                        t("issue.col.added_on"), t("issue.col.added_by"), "sha256"],
                       title=t("issue.title.evidence"), justify={2: "right"})
    for r in rows:
        table.add_row(Text(r["task"], style="code"), r["file_name"], size_text(r["size"]), r["added_on"],
                      cell(r["added_by"]), r["sha256"][:12])
    return table


def size_text(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


def person_view(document: dict[str, Any], year: int | None) -> RenderableType:
    c = document["counts"]
    parts: list[RenderableType] = [Text(t("issue.person.summary", name=document["name"], red=c["red"],
                                          yellow=c["yellow"], green=c["green"], done=c["done"]), style="title")]
    if document["tasks"]:
        parts += [Text(""), task_table(document["tasks"], year, title=t("issue.title.person_tasks"))]
    if document["responsible_for"]:
        table = problem_table(document["responsible_for"], year)
        table.title = t("issue.title.person_problems")
        parts += [Text(""), table]
    if document["verified"]:
        table = problem_table(document["verified"], year)
        table.title = t("issue.title.person_verified")
        parts += [Text(""), table]
    return Group(*parts)


def check_view(findings: list[dict[str, Any]]) -> RenderableType:
    table = make_table([t("issue.col.code"), t("issue.col.finding")],
                       title=t("issue.title.check", count=len(findings)))
    for f in findings:
        params = {k: v for k, v in f.items() if k != "kind"}
        if "field" in params:
            params["field"] = field_name(params["field"])
        table.add_row(Text(f["code"], style="code"), t(f"issue.check.{f['kind']}", **params))
    return table
