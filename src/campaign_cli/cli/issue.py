"""campaign issue add | list | show | edit | history | task add | start | done | verify | reopen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json, notice
from campaign_cli.errors import UsageError
from campaign_cli.i18n import t

if TYPE_CHECKING:
    from campaign_cli.context import AppContext
    from campaign_cli.store.ledger import Writer

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
task_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
app.add_typer(task_app, name="task", help=t("issue.task.help"))

LIST_CAP = 50

Owner = Annotated[Optional[str], typer.Option("--owner", metavar="NAME", help=t("issue.opt.owner"))]
Dept = Annotated[Optional[str], typer.Option("--dept", metavar="UNIT", help=t("issue.opt.dept"))]


def _writer(app: "AppContext") -> "Writer":
    from campaign_cli.store.ledger import Writer

    return Writer(app.store, app.campaign, app.actor, app.today)


def _tell(writer: "Writer") -> None:
    """The notices a write collected, one line each on stderr."""
    for kind, params in writer.notices:
        if kind == "unit_registered":
            notice(t("unit.registered", kind=t("unit.kind.department"), name=params["name"]))
        elif kind == "unit_similar":
            notice(t("unit.did_you_mean", **params))
        elif kind == "owner_similar":
            notice(t("issue.owner_did_you_mean", **params))
        elif kind == "short_term_far":
            notice(t("issue.short_term_far", **params))


def _clock(app: "AppContext"):
    from campaign_cli.reports.ledger import clock

    return clock(app.store, app.campaign, app.today)


def _print(app: "AppContext", renderable) -> None:
    app.console().print(renderable)


def _say(app: "AppContext", text: str) -> None:
    app.console().print(text, markup=False)


def _task_out(app: "AppContext", task_id: int, json_out: bool, message: str) -> None:
    from campaign_cli.reports.ledger import task_json
    from campaign_cli.store import tasks

    row = task_json(tasks.by_id(app.store, task_id), _clock(app))
    if json_out:
        emit_json(row)
    else:
        from campaign_cli.render.ledger import signal_text

        _say(app, t(message, code=row["code"], problem=row["problem"], measure=row["measure"],
                    signal=signal_text(row).plain))


def _problem_out(app: "AppContext", problem_id: int, json_out: bool, message: str) -> None:
    from campaign_cli.reports.ledger import problem_json
    from campaign_cli.render.ledger import status_word
    from campaign_cli.store import problems

    row = problem_json(problems.by_id(app.store, problem_id))
    if json_out:
        emit_json(row)
    else:
        _say(app, t(message, code=row["code"], title=row["title"], status=status_word(row["status"]),
                    by=row["verified_by"] or ""))


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
    from_activity: Annotated[Optional[int], typer.Option("--from-activity", metavar="ID",
                                                         help=t("issue.opt.from_activity"))] = None,
    detail: Annotated[Optional[str], typer.Option("--detail", help=t("issue.opt.detail"))] = None,
    found_on: Annotated[Optional[str], typer.Option("--found-on", metavar="DATE", help=t("issue.opt.found_on"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.domain.vocabulary import term_key
    from campaign_cli.reports.ledger import problem_json, responsibility_json, task_json
    from campaign_cli.store import problems, tasks

    app = app_context(ctx)
    due = app.parse_date(deadline)
    found = app.parse_date(found_on) if found_on else None
    term_value = term_key(term) if term else None
    writer = _writer(app)
    with app.store.transaction():
        problem_id, responsibility_id, task_id = writer.add_problem(
            title=title, owner=owner, deadline=due, dept=dept, measure=measure, term=term_value,
            category=category, activity_id=from_activity, detail=detail, found_on=found)
    _tell(writer)
    db = app.store
    document = {
        "problem": problem_json(problems.by_id(db, problem_id)),
        "responsibility": responsibility_json(problems.responsibilities_of(db, problem_id)[0]),
        "task": task_json(tasks.by_id(db, task_id), _clock(app)),
    }
    if json_out:
        emit_json(document)
        return
    from campaign_cli.render.ledger import added

    _print(app, added(document))


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
    phase: Annotated[Optional[int], typer.Option("--phase", metavar="SEQ", help=t("issue.opt.phase"))] = None,
    show_all: Annotated[bool, typer.Option("--all", help=t("issue.opt.all"))] = False,
    json_out: Json = False,
) -> None:
    from datetime import timedelta

    from campaign_cli.domain import vocabulary as words
    from campaign_cli.domain.names import normalise_name
    from campaign_cli.reports.ledger import listing

    app = app_context(ctx)
    kind = words.find(words.LISTS, which)
    if kind is None:
        raise UsageError("issue.bad_list", value=which)
    if status:
        status = words.task_status_key(status) if kind == "tasks" else words.problem_status_key(status)
    signal_key = words.signal_key(signal) if signal else None
    due_end = None
    if due_within:
        from campaign_cli.dates import parse_days

        due_end = app.today + timedelta(days=parse_days(due_within))
    db, campaign = app.store, app.campaign
    department_id = _unit_id(app, dept) if dept else None
    ranges = _phase_ranges(app, phase) if phase is not None else None
    found = listing(db, campaign, _clock(app), kind=kind, status=status,
                    owner=normalise_name(owner) if owner else None, department_id=department_id,
                    signal=signal_key, due_end=due_end, phase_ranges=ranges,
                    limit=None if (json_out or show_all) else LIST_CAP)
    if json_out:
        emit_json(found.rows)
        return
    if not found.rows:
        _say(app, t("issue.list.empty"))
        return
    from campaign_cli.render.ledger import listing_table

    _print(app, listing_table(found, campaign.year))
    if found.total > len(found.rows):
        _say(app, t("issue.list.more", count=found.total - len(found.rows)))


def _unit_id(app: "AppContext", name: str) -> int:
    from campaign_cli.domain.names import normalise_name
    from campaign_cli.errors import UserError
    from campaign_cli.store import units

    found = units.by_name(app.store, app.campaign.id, normalise_name(name))
    if found is None:
        raise UserError("unit.unknown", name=name)
    return found.id


def _phase_ranges(app: "AppContext", seq: int) -> list:
    from campaign_cli.domain import phases as rules
    from campaign_cli.errors import UserError
    from campaign_cli.store import phases

    found = phases.all_phases(app.store, app.campaign.id)
    if not any(p.seq == seq for p in found):
        raise UserError("phase.unknown", seq=seq)
    intervals = rules.assignment(found, rules.campaign_start(app.campaign, found))
    return [(i.start, i.end) for i in intervals if i.seq == seq]


@app.command("show", help=t("issue.show.help"))
def issue_show(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help=t("issue.arg.code"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.domain.problems import parse_code
    from campaign_cli.reports.ledger import problem_detail, task_detail

    app = app_context(ctx)
    writer = _writer(app)
    parsed = parse_code(code)
    if parsed.kind == "P":
        document = problem_detail(app.store, app.campaign, _clock(app), writer.problem(parsed.text))
    else:
        document = task_detail(app.store, app.campaign, _clock(app), writer.task(parsed.text))
    if json_out:
        emit_json(document)
        return
    from campaign_cli.render.ledger import problem_view, task_view

    _print(app, problem_view(document, app.campaign.year) if parsed.kind == "P"
           else task_view(document, app.campaign.year))


@app.command("history", help=t("issue.history.help"))
def issue_history(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help=t("issue.arg.code"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.domain.problems import parse_code
    from campaign_cli.reports.ledger import event_json
    from campaign_cli.store import problems

    app = app_context(ctx)
    writer = _writer(app)
    parsed = parse_code(code)
    if parsed.kind == "P":
        rows = problems.history(app.store, app.campaign.id, problem_id=writer.problem(parsed.text)["id"])
    else:
        rows = problems.history(app.store, app.campaign.id, task_id=writer.task(parsed.text)["id"])
    events = [event_json(r) for r in rows]
    if json_out:
        emit_json(events)
        return
    from campaign_cli.render.ledger import history_table

    _print(app, history_table(events))


@app.command("edit", help=t("issue.edit.help"))
def issue_edit(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(help=t("issue.arg.code"), show_default=False)],
    title: Annotated[Optional[str], typer.Option("--title", help=t("issue.opt.title"))] = None,
    detail: Annotated[Optional[str], typer.Option("--detail", help=t("issue.opt.detail"))] = None,
    category: Annotated[Optional[str], typer.Option("--category", help=t("issue.opt.category"))] = None,
    term: Annotated[Optional[str], typer.Option("--term", metavar="short|long", help=t("issue.opt.term"))] = None,
    found_on: Annotated[Optional[str], typer.Option("--found-on", metavar="DATE", help=t("issue.opt.found_on"))] = None,
    measure: Annotated[Optional[str], typer.Option("--measure", help=t("issue.opt.measure_edit"))] = None,
    owner: Owner = None,
    dept: Dept = None,
    deadline: Annotated[Optional[str], typer.Option("--deadline", metavar="DATE", help=t("issue.opt.deadline"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.domain.problems import parse_code
    from campaign_cli.domain.vocabulary import term_key

    app = app_context(ctx)
    parsed = parse_code(code)
    if parsed.kind == "P":
        if measure is not None or deadline is not None:
            raise UsageError("issue.edit_task_only", code=parsed.text)
        if all(v is None for v in (title, detail, category, term, found_on, owner, dept)):
            raise UsageError("issue.edit_nothing")
        term_value = term_key(term) if term is not None else None
        found = app.parse_date(found_on) if found_on else None
        writer = _writer(app)
        with app.store.transaction():
            problem, changes = writer.edit_problem(parsed.text, title=title, detail=detail, category=category,
                                                   term=term_value, found_on=found, owner=owner, dept=dept)
        _tell(writer)
        _problem_out(app, problem["id"], json_out, "issue.edited_problem")
        return
    if any(v is not None for v in (title, detail, category, term, found_on)):
        raise UsageError("issue.edit_problem_only", code=parsed.text)
    if all(v is None for v in (measure, owner, dept, deadline)):
        raise UsageError("issue.edit_nothing")
    due = app.parse_date(deadline) if deadline else None
    writer = _writer(app)
    with app.store.transaction():
        task, changes = writer.edit_task(parsed.text, measure=measure, owner=owner, dept=dept, deadline=due)
    _tell(writer)
    _task_out(app, task["id"], json_out, "issue.edited_task")


@task_app.command("add", help=t("issue.task.add.help"))
def issue_task_add(
    ctx: typer.Context,
    problem: Annotated[str, typer.Argument(metavar="P-CODE", help=t("issue.arg.problem"), show_default=False)],
    measure: Annotated[str, typer.Option("--measure", help=t("issue.opt.measure_edit"))],
    deadline: Annotated[str, typer.Option("--deadline", metavar="DATE", help=t("issue.opt.deadline"))],
    owner: Owner = None,
    dept: Dept = None,
    json_out: Json = False,
) -> None:
    app = app_context(ctx)
    due = app.parse_date(deadline)
    writer = _writer(app)
    with app.store.transaction():
        task_id = writer.add_task(problem, measure=measure, deadline=due, owner=owner, dept=dept)
    _tell(writer)
    _task_out(app, task_id, json_out, "issue.task_added")


@app.command("start", help=t("issue.start.help"))
def issue_start(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="T-CODE", help=t("issue.arg.task"), show_default=False)],
    json_out: Json = False,
) -> None:
    app = app_context(ctx)
    writer = _writer(app)
    with app.store.transaction():
        task = writer.start(code)
    _task_out(app, task["id"], json_out, "issue.started")


@app.command("done", help=t("issue.done.help"))
def issue_done(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="T-CODE", help=t("issue.arg.task"), show_default=False)],
    on: Annotated[Optional[str], typer.Option("--on", metavar="DATE", help=t("issue.opt.on"))] = None,
    evidence: Annotated[Optional[str], typer.Option("--evidence", help=t("issue.opt.evidence"))] = None,
    json_out: Json = False,
) -> None:
    app = app_context(ctx)
    day = app.parse_date(on) if on else None
    writer = _writer(app)
    with app.store.transaction():
        task = writer.done(code, on=day, evidence=evidence)
    _task_out(app, task["id"], json_out, "issue.marked_done")


@app.command("verify", help=t("issue.verify.help"))
def issue_verify(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="P-CODE", help=t("issue.arg.problem"), show_default=False)],
    by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help=t("issue.opt.by"))] = None,
    json_out: Json = False,
) -> None:
    app = app_context(ctx)
    writer = _writer(app)
    with app.store.transaction():
        problem = writer.verify(code, by=by)
    _problem_out(app, problem["id"], json_out, "issue.verified")


@app.command("reopen", help=t("issue.reopen.help"))
def issue_reopen(
    ctx: typer.Context,
    code: Annotated[str, typer.Argument(metavar="P-CODE", help=t("issue.arg.problem"), show_default=False)],
    reason: Annotated[str, typer.Option("--reason", help=t("issue.opt.reason"))],
    json_out: Json = False,
) -> None:
    app = app_context(ctx)
    writer = _writer(app)
    with app.store.transaction():
        problem = writer.reopen(code, reason=reason)
    _problem_out(app, problem["id"], json_out, "issue.reopened")
