"""campaign issue add | list | show | edit | history | rm | task add | assign | unassign |
start | done | verify | reopen | submit | reject | recheck | evidence | search: parse, call one
action or report, render."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import acting, app_context, confirm, emit_json, tell
from campaign_cli.errors import UsageError
from campaign_cli.i18n import t

if TYPE_CHECKING:
    from campaign_cli.actions import Outcome
    from campaign_cli.context import AppContext

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
task_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
app.add_typer(task_app, name="task", help=t("issue.task.help"))

LIST_CAP = 50

Owner = Annotated[Optional[str], typer.Option("--owner", metavar="NAME", help=t("issue.opt.owner"))]
Dept = Annotated[Optional[str], typer.Option("--dept", metavar="UNIT", help=t("issue.opt.dept"))]
Phase = Annotated[Optional[int], typer.Option("--phase", metavar="SEQ", min=0, max=999,
                                              help=t("issue.opt.phase_pin"))]
Reason = Annotated[str, typer.Option("--reason", help=t("issue.opt.reason"))]
TaskCode = Annotated[str, typer.Argument(metavar="T-CODE", help=t("issue.arg.task"), show_default=False)]
ProblemCode = Annotated[str, typer.Argument(metavar="P-CODE", help=t("issue.arg.problem"), show_default=False)]
Code = Annotated[str, typer.Argument(metavar="CODE", help=t("issue.arg.code"), show_default=False)]


def _clock(app: "AppContext"):
    from campaign_cli.reports.ledger import clock

    return clock(app.store, app.campaign, app.today)


def _task_out(app: "AppContext", outcome: "Outcome[Any]", json_out: bool, message: str) -> None:
    from campaign_cli.reports.ledger import task_json

    tell(outcome)
    row = task_json(outcome.value, _clock(app))
    if json_out:
        from campaign_cli.reports.ledger import task_evidence

        emit_json({**row, "files": task_evidence(app.store, outcome.value)})
        return
    from campaign_cli.render.ledger import signal_text

    confirm(app, outcome, t(message, code=row["code"], problem=row["problem"], measure=row["measure"],
                            signal=signal_text(row).plain))


def _problem_out(app: "AppContext", outcome: "Outcome[Any]", json_out: bool, message: str,
                 by: str | None = None) -> None:
    from campaign_cli.render.ledger import status_word
    from campaign_cli.reports.ledger import problem_json

    tell(outcome)
    row = problem_json(outcome.value)
    if json_out:
        emit_json(row)
        return
    confirm(app, outcome, t(message, code=row["code"], title=row["title"], status=status_word(row["status"]),
                            by=by or row["verified_by"] or ""))


def _support(values: list[str] | None) -> list[tuple[str, str | None]]:
    """`--support 保卫处[:张三]` (a full-width colon works too)."""
    found = []
    for value in values or []:
        dept, _, owner = value.replace("：", ":").partition(":")
        if not dept.strip():
            raise UsageError("issue.bad_support", value=value)
        found.append((dept.strip(), owner.strip() or None))
    return found


@app.command("add", help=t("issue.add.help"))
def issue_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help=t("issue.arg.title"), show_default=False)],
    owner: Annotated[str, typer.Option("--owner", metavar="NAME", help=t("issue.opt.owner"))],
    deadline: Annotated[str, typer.Option("--deadline", metavar="DATE", help=t("issue.opt.deadline"))],
    dept: Dept = None,
    measure: Annotated[Optional[str], typer.Option("--measure", help=t("issue.opt.measure"))] = None,
    term: Annotated[Optional[str], typer.Option("--term", metavar="short|long", help=t("issue.opt.term"))] = None,
    category: Annotated[Optional[str], typer.Option("--category", help=t("issue.opt.category"))] = None,
    from_activity: Annotated[Optional[int], typer.Option("--from-activity", metavar="ID", min=1, max=2**62,
                                                         help=t("issue.opt.from_activity"))] = None,
    detail: Annotated[Optional[str], typer.Option("--detail", help=t("issue.opt.detail"))] = None,
    found_on: Annotated[Optional[str], typer.Option("--found-on", metavar="DATE", help=t("issue.opt.found_on"))] = None,
    phase: Phase = None,
    support: Annotated[Optional[list[str]], typer.Option("--support", metavar="DEPT[:OWNER]",
                                                         help=t("issue.opt.support"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import problems
    from campaign_cli.domain.vocabulary import term_key
    from campaign_cli.reports.ledger import problem_json, responsibility_json, task_json

    app = app_context(ctx)
    outcome = problems.add(
        acting(ctx), title, owner_name=owner, deadline=app.parse_date(deadline), dept=dept, measure=measure,
        term=term_key(term) if term else None, category=category, activity_id=from_activity, detail=detail,
        found_on=app.parse_date(found_on) if found_on else None, phase=phase, support=_support(support))
    tell(outcome)
    added = outcome.value
    document = {"problem": problem_json(added.problem), "responsibility": responsibility_json(added.responsibility),
                "task": task_json(added.task, _clock(app))}
    if json_out:
        emit_json(document)
        return
    from campaign_cli.render.ledger import added as render

    app.console().print(render(document, outcome.campaign))


@app.command("list", help=t("issue.list.help"))
def issue_list(
    ctx: typer.Context,
    which: Annotated[str, typer.Option("--list", metavar="problems|responsibilities|tasks",
                                       help=t("issue.opt.list"))] = "tasks",
    status: Annotated[Optional[str], typer.Option("--status", help=t("issue.opt.status"))] = None,
    owner: Owner = None,
    dept: Dept = None,
    signal: Annotated[Optional[str], typer.Option("--signal", metavar="red|yellow|green|done",
                                                  help=t("issue.opt.signal"))] = None,
    due_within: Annotated[Optional[str], typer.Option("--due-within", metavar="7d",
                                                      help=t("issue.opt.due_within"))] = None,
    phase: Annotated[Optional[int], typer.Option("--phase", metavar="SEQ", min=1, max=999,
                                                 help=t("issue.opt.phase"))] = None,
    show_all: Annotated[bool, typer.Option("--all", help=t("issue.opt.all"))] = False,
    json_out: Json = False,
) -> None:
    from datetime import timedelta

    from campaign_cli.domain import vocabulary as words
    from campaign_cli.reports.ledger import listing

    app = app_context(ctx)
    kind = words.find(words.LISTS, which)
    if kind is None:
        raise UsageError("issue.bad_list", value=which)
    if status:
        status = words.task_status_key(status) if kind == "tasks" else words.problem_status_key(status)
    due_end = None
    if due_within:
        from campaign_cli.dates import parse_days

        due_end = app.today + timedelta(days=parse_days(due_within))
    filters = dict(kind=kind, status=status, owner=owner, dept=dept,
                   signal=words.signal_key(signal) if signal else None, due_end=due_end, phase=phase)
    if json_out:
        from campaign_cli.reports.ledger import listing_json

        emit_json(listing_json(app.store, app.campaign, _clock(app), **filters))
        return
    found = listing(app.store, app.campaign, _clock(app), **filters, limit=None if show_all else LIST_CAP)
    if not found.rows:
        app.console().print(t("issue.list.empty"), markup=False)
        return
    from campaign_cli.render.ledger import listing_table

    app.console().print(listing_table(found, app.campaign.year))
    if found.total > len(found.rows):
        app.console().print(t("issue.list.more", count=found.total - len(found.rows)), markup=False)


@app.command("show", help=t("issue.show.help"))
def issue_show(ctx: typer.Context, code: Code, json_out: Json = False) -> None:
    from campaign_cli.reports.ledger import detail

    app = app_context(ctx)
    document = detail(app.store, app.campaign, _clock(app), code)
    if json_out:
        emit_json(document)
        return
    from campaign_cli.render.ledger import problem_view, task_view

    view = problem_view if "responsibilities" in document else task_view
    app.console().print(view(document, app.campaign.year))


@app.command("history", help=t("issue.history.help"))
def issue_history(ctx: typer.Context, code: Code, json_out: Json = False) -> None:
    from campaign_cli.reports.ledger import history

    app = app_context(ctx)
    events = history(app.store, app.campaign, code)
    if json_out:
        emit_json(events)
        return
    from campaign_cli.render.ledger import history_table

    app.console().print(history_table(events))


@app.command("edit", help=t("issue.edit.help"))
def issue_edit(
    ctx: typer.Context,
    code: Code,
    title: Annotated[Optional[str], typer.Option("--title", help=t("issue.opt.title"))] = None,
    detail: Annotated[Optional[str], typer.Option("--detail", help=t("issue.opt.detail"))] = None,
    category: Annotated[Optional[str], typer.Option("--category", help=t("issue.opt.category"))] = None,
    term: Annotated[Optional[str], typer.Option("--term", metavar="short|long", help=t("issue.opt.term"))] = None,
    found_on: Annotated[Optional[str], typer.Option("--found-on", metavar="DATE", help=t("issue.opt.found_on"))] = None,
    measure: Annotated[Optional[str], typer.Option("--measure", help=t("issue.opt.measure_edit"))] = None,
    owner: Owner = None,
    dept: Dept = None,
    deadline: Annotated[Optional[str], typer.Option("--deadline", metavar="DATE", help=t("issue.opt.deadline"))] = None,
    done_on: Annotated[Optional[str], typer.Option("--done-on", metavar="DATE", help=t("issue.opt.done_on"))] = None,
    phase: Phase = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.domain.problems import parse_code
    from campaign_cli.domain.vocabulary import term_key

    app = app_context(ctx)
    parsed = parse_code(code)
    if parsed.kind == "P":
        if measure is not None or deadline is not None or done_on is not None:
            raise UsageError("issue.edit_task_only", code=parsed.text)
        if all(v is None for v in (title, detail, category, term, found_on, owner, dept, phase)):
            raise UsageError("issue.edit_nothing")
        from campaign_cli.actions import problems

        outcome = problems.edit(acting(ctx), parsed.text, title=title, detail=detail, category=category,
                                term=term_key(term) if term is not None else None,
                                found_on=app.parse_date(found_on) if found_on else None,
                                owner_name=owner, dept=dept, phase=phase)
        _problem_out(app, outcome, json_out, "issue.edited_problem")
        return
    if any(v is not None for v in (title, detail, category, term, found_on)):
        raise UsageError("issue.edit_problem_only", code=parsed.text)
    if all(v is None for v in (measure, owner, dept, deadline, done_on, phase)):
        raise UsageError("issue.edit_nothing")
    from campaign_cli.actions import tasks

    outcome = tasks.edit(acting(ctx), parsed.text, measure=measure, owner_name=owner, dept=dept,
                         deadline=app.parse_date(deadline) if deadline else None,
                         done_on=app.parse_date(done_on) if done_on else None, phase=phase)
    _task_out(app, outcome, json_out, "issue.edited_task")


@app.command("rm", help=t("issue.rm.help"))
def issue_rm(ctx: typer.Context, code: Code, reason: Reason, json_out: Json = False) -> None:
    from campaign_cli.domain.problems import parse_code

    app = app_context(ctx)
    if parse_code(code).kind == "P":
        from campaign_cli.actions import problems
        from campaign_cli.reports.ledger import problem_json

        outcome: Any = problems.remove(acting(ctx), code, reason=reason)
        row = problem_json(outcome.value)
        message = t("issue.removed_problem", code=row["code"], title=row["title"])
    else:
        from campaign_cli.actions import tasks
        from campaign_cli.reports.ledger import task_json

        outcome = tasks.remove(acting(ctx), code, reason=reason)
        row = task_json(outcome.value, _clock(app))
        message = t("issue.removed_task", code=row["code"], measure=row["measure"])
    tell(outcome)
    if json_out:
        emit_json({**row, "removed": True, "reason": reason.strip()})
    else:
        confirm(app, outcome, message)


@task_app.command("add", help=t("issue.task.add.help"))
def issue_task_add(
    ctx: typer.Context,
    problem: ProblemCode,
    measure: Annotated[str, typer.Option("--measure", help=t("issue.opt.measure_edit"))],
    deadline: Annotated[str, typer.Option("--deadline", metavar="DATE", help=t("issue.opt.deadline"))],
    owner: Owner = None,
    dept: Dept = None,
    phase: Phase = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import tasks

    app = app_context(ctx)
    outcome = tasks.add(acting(ctx), problem, measure=measure, deadline=app.parse_date(deadline),
                        owner_name=owner, dept=dept, phase=phase)
    _task_out(app, outcome, json_out, "issue.task_added")


@app.command("assign", help=t("issue.assign.help"))
def issue_assign(
    ctx: typer.Context,
    problem: ProblemCode,
    dept: Annotated[str, typer.Option("--dept", metavar="UNIT", help=t("issue.opt.dept"))],
    owner: Owner = None,
    role: Annotated[str, typer.Option("--role", metavar="lead|support", help=t("issue.opt.role"))] = "support",
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import problems
    from campaign_cli.domain.vocabulary import role_key

    app = app_context(ctx)
    outcome = problems.assign(acting(ctx), problem, dept=dept, owner_name=owner, role=role_key(role))
    _problem_out(app, outcome, json_out, "issue.assigned")


@app.command("unassign", help=t("issue.unassign.help"))
def issue_unassign(
    ctx: typer.Context,
    problem: ProblemCode,
    dept: Annotated[str, typer.Option("--dept", metavar="UNIT", help=t("issue.opt.dept"))],
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import problems

    app = app_context(ctx)
    outcome = problems.unassign(acting(ctx), problem, dept=dept)
    _problem_out(app, outcome, json_out, "issue.unassigned")


@app.command("start", help=t("issue.start.help"))
def issue_start(ctx: typer.Context, code: TaskCode, json_out: Json = False) -> None:
    from campaign_cli.actions import tasks

    _task_out(app_context(ctx), tasks.start(acting(ctx), code), json_out, "issue.started")


@app.command("done", help=t("issue.done.help"))
def issue_done(
    ctx: typer.Context,
    code: TaskCode,
    on: Annotated[Optional[str], typer.Option("--on", metavar="DATE", help=t("issue.opt.on"))] = None,
    evidence: Annotated[Optional[str], typer.Option("--evidence", help=t("issue.opt.evidence"))] = None,
    attach: Annotated[Optional[list[Path]], typer.Option("--attach", metavar="FILE", help=t("issue.opt.attach"),
                                                         show_default=False)] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import tasks
    from campaign_cli.domain.evidence import read

    app = app_context(ctx)
    files = [read(path) for path in attach or []]
    outcome = tasks.done(acting(ctx), code, on=app.parse_date(on) if on else None, evidence=evidence,
                         attach=files)
    _task_out(app, outcome, json_out, "issue.marked_done")


@app.command("verify", help=t("issue.verify.help"))
def issue_verify(
    ctx: typer.Context,
    code: ProblemCode,
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help=t("issue.opt.by"))] = None,
    on: Annotated[Optional[str], typer.Option("--on", metavar="DATE", help=t("issue.opt.verify_on"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import problems

    app = app_context(ctx)
    outcome = problems.verify(acting(ctx), code, by=by, on=app.parse_date(on) if on else None)
    _problem_out(app, outcome, json_out, "issue.verified")


@app.command("reopen", help=t("issue.reopen.help"))
def issue_reopen(ctx: typer.Context, code: Code, reason: Reason, json_out: Json = False) -> None:
    from campaign_cli.domain.problems import parse_code

    app = app_context(ctx)
    if parse_code(code).kind == "P":
        from campaign_cli.actions import problems

        _problem_out(app, problems.reopen(acting(ctx), code, reason=reason), json_out, "issue.reopened")
    else:
        from campaign_cli.actions import tasks

        _task_out(app, tasks.reopen(acting(ctx), code, reason=reason), json_out, "issue.reopened_task")


@app.command("submit", help=t("issue.submit.help"))
def issue_submit(
    ctx: typer.Context,
    code: ProblemCode,
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help=t("issue.opt.submit_by"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import problems

    outcome = problems.submit(acting(ctx), code, by=by)
    _problem_out(app_context(ctx), outcome, json_out, "issue.submitted", by=outcome.value.submitted_by)


@app.command("reject", help=t("issue.reject.help"))
def issue_reject(
    ctx: typer.Context,
    code: ProblemCode,
    reason: Annotated[str, typer.Option("--reason", help=t("issue.opt.reject_reason"))],
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import problems

    _problem_out(app_context(ctx), problems.reject(acting(ctx), code, reason=reason), json_out, "issue.rejected")


@app.command("recheck", help=t("issue.recheck.help"))
def issue_recheck(
    ctx: typer.Context,
    code: ProblemCode,
    due: Annotated[Optional[str], typer.Option("--due", metavar="DATE", help=t("issue.opt.recheck_due"))] = None,
    ok: Annotated[bool, typer.Option("--ok", help=t("issue.opt.recheck_ok"))] = False,
    regressed: Annotated[bool, typer.Option("--regressed", help=t("issue.opt.recheck_regressed"))] = False,
    reason: Annotated[Optional[str], typer.Option("--reason", help=t("issue.opt.recheck_reason"))] = None,
    on: Annotated[Optional[str], typer.Option("--on", metavar="DATE", help=t("issue.opt.recheck_on"))] = None,
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help=t("issue.opt.recheck_by"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import rechecks

    app = app_context(ctx)
    if ok and regressed:
        raise UsageError("issue.recheck_one_result")
    if due is not None and (ok or regressed):
        raise UsageError("issue.recheck_due_with_result")
    if on is not None and not (ok or regressed):
        raise UsageError("issue.recheck_on_without_result")
    if ok or regressed:
        outcome = rechecks.record(acting(ctx), code, result="regressed" if regressed else "ok", reason=reason,
                                  on=app.parse_date(on) if on else None, by=by)
        message = "issue.recheck_done_regressed" if regressed else "issue.recheck_done_ok"
    else:
        outcome = rechecks.schedule(acting(ctx), code, due=app.parse_date(due) if due else None)
        message = "issue.recheck_scheduled"
    tell(outcome)
    row = outcome.value.as_json()
    if json_out:
        emit_json(row)
        return
    confirm(app, outcome, t(message, problem=row["problem"], due=row["due"], on=row["done_on"] or "",
                            notes=row["notes"] or ""))


@app.command("evidence", help=t("issue.evidence.help"))
def issue_evidence(
    ctx: typer.Context,
    code: Code,
    add: Annotated[Optional[list[Path]], typer.Option("--add", metavar="FILE", help=t("issue.opt.evidence_add"),
                                                      show_default=False)] = None,
    extract: Annotated[Optional[Path], typer.Option("--extract", metavar="DIR", help=t("issue.opt.extract"),
                                                    file_okay=False)] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.reports.ledger import evidence_listing

    app = app_context(ctx)
    if add:
        from campaign_cli.actions import evidence
        from campaign_cli.domain.evidence import read

        files = [read(path) for path in add]
        outcome = evidence.add(acting(ctx), code, files)
        tell(outcome)
        if not json_out:
            confirm(app, outcome, t("issue.evidence_added", count=len(files), code=code.strip().upper()))
    listing = evidence_listing(app.store, app.campaign, code)
    if extract is not None:
        from campaign_cli.reports.evidence_files import extract as write_out

        written = write_out(app.store, listing, extract)
        for item, path in zip(listing, written):
            item["extracted_to"] = str(path)
        if not json_out:
            app.console().print(t("issue.evidence_extracted", count=len(written), dir=str(extract)), markup=False)
    if json_out:
        emit_json(listing)
        return
    if add:
        return
    if not listing:
        app.console().print(t("issue.evidence_none", code=code.strip().upper()), markup=False)
        return
    from campaign_cli.render.ledger import evidence_table

    app.console().print(evidence_table(listing))


@app.command("search", help=t("issue.search.help"))
def issue_search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help=t("issue.arg.search"), show_default=False)],
    show_all: Annotated[bool, typer.Option("--all", help=t("issue.opt.all"))] = False,
    json_out: Json = False,
) -> None:
    from campaign_cli.reports.ledger import search

    app = app_context(ctx)
    found = search(app.store, app.campaign, _clock(app), text, limit=None if (json_out or show_all) else LIST_CAP)
    if json_out:
        emit_json(found)
        return
    if not found["problems"] and not found["tasks"]:
        app.console().print(t("issue.search_none", text=found["text"]), markup=False)
        return
    from campaign_cli.render.ledger import problem_table, task_table

    if found["problems"]:
        app.console().print(problem_table(found["problems"], app.campaign.year))
    if found["tasks"]:
        app.console().print(task_table(found["tasks"], app.campaign.year))
