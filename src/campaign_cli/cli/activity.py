"""campaign activity add | list | show | edit | attendance | rm | gaps | cadence set | cadence show."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import acting, app_context, confirm, emit_json, notice, tell
from campaign_cli.i18n import t

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
cadence_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
app.add_typer(cadence_app, name="cadence", help=t("activity.cadence.help"))

Kind = Annotated[Optional[str], typer.Option("--kind", metavar="KIND", help=t("activity.opt.kind"))]
Unit = Annotated[Optional[str], typer.Option("--unit", metavar="UNIT", help=t("activity.opt.unit"))]
Target = Annotated[Optional[str], typer.Option("--target", metavar="TARGET", help=t("activity.opt.target"))]
Participants = Annotated[Optional[int], typer.Option("--participants", metavar="N", min=0, max=100_000,
                                                     help=t("activity.opt.participants"))]
Notes = Annotated[Optional[str], typer.Option("--notes", metavar="TEXT", help=t("activity.opt.notes"))]
Month = Annotated[Optional[str], typer.Option("--month", metavar="YYYY-MM", help=t("activity.opt.month"))]
Present = Annotated[Optional[str], typer.Option("--present", metavar="NAMES", help=t("member.opt.present"))]
Absent = Annotated[Optional[str], typer.Option("--absent", metavar="NAMES", help=t("member.opt.absent"))]
Leave = Annotated[Optional[str], typer.Option("--leave", metavar="NAMES", help=t("member.opt.leave"))]
Id = Annotated[int, typer.Argument(metavar="ID", help=t("activity.arg.id"), show_default=False, min=1, max=2**62)]


def _warnings(document: dict, notes: list[str], head: bool = True, dated: bool = True) -> None:
    from campaign_cli.domain.activities import over_head_count

    if head and over_head_count(document["participants"], document["members"]):
        notes.append(t("activity.over_head_count", participants=document["participants"],
                       unit=document["unit"], members=document["members"]))
    if dated and document["phase"] is None:
        notes.append(t("activity.outside_phases", date=document["date"]))


def _done(app, outcome, document: dict, notes: list[str], json_out: bool, message: str) -> None:
    tell(outcome)
    for line in notes:
        notice(line)
    if json_out:
        emit_json(document)
    else:
        confirm(app, outcome, message)


def _summary(app, document: dict) -> dict[str, object]:
    from datetime import date

    from campaign_cli.dates import format_date
    from campaign_cli.domain.vocabulary import kind_name

    return {"id": document["id"], "title": document["title"], "kind": kind_name(document["kind"], app.lang),
            "date": format_date(date.fromisoformat(document["date"]), app.lang),
            "phase": document["phase"] if document["phase"] is not None else "-"}


@app.command("add", help=t("activity.add.help"))
def activity_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help=t("activity.arg.title"), show_default=False)],
    kind: Annotated[str, typer.Option("--kind", metavar="KIND", help=t("activity.opt.kind"))],
    held: Annotated[str, typer.Option("--date", metavar="DATE", help=t("activity.opt.date"))],
    unit: Unit = None,
    participants: Participants = None,
    target: Target = None,
    phase: Annotated[Optional[int], typer.Option("--phase", metavar="SEQ", min=0, max=999, help=t("activity.opt.phase"))] = None,
    notes: Notes = None,
    present: Present = None,
    absent: Absent = None,
    leave: Leave = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import activities
    from campaign_cli.domain.members import attendance_plan
    from campaign_cli.reports.activities import one

    app = app_context(ctx)
    outcome = activities.add(acting(ctx), title, kind=kind, target=target, held_on=app.parse_date(held), unit=unit,
                             participants=participants, phase=phase, notes=notes,
                             attendance=attendance_plan(present, absent, leave))
    document = one(app.store, app.campaign, outcome.value)
    messages: list[str] = []
    _warnings(document, messages)
    _done(app, outcome, document, messages, json_out, t("activity.added", **_summary(app, document)))


@app.command("list", help=t("activity.list.help"))
def activity_list(
    ctx: typer.Context,
    phase: Annotated[Optional[int], typer.Option("--phase", metavar="SEQ", min=0, max=999, help=t("activity.opt.phase_filter"))] = None,
    kind: Kind = None,
    unit: Unit = None,
    month: Month = None,
    target: Target = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.dates import month_bounds
    from campaign_cli.domain.vocabulary import kind_key, target_key
    from campaign_cli.reports.activities import listing

    app = app_context(ctx)
    filters: dict[str, object] = {"phase": phase, "unit": unit}
    if kind:
        filters["kind"] = kind_key(kind)
    if target:
        filters["target"] = target_key(target)
    if month:
        filters["start"], filters["end"] = month_bounds(month)
    if json_out:
        from campaign_cli.reports.activities import listing_json

        emit_json(listing_json(app.store, app.campaign, **filters))  # streamed
        return
    found_rows = listing(app.store, app.campaign, **filters)
    if not found_rows:
        app.console().print(t("activity.empty"), markup=False)
    else:
        from campaign_cli.render.activities import activity_list as render

        app.console().print(render(found_rows, app.lang))


@app.command("show", help=t("activity.show.help"))
def activity_show(ctx: typer.Context, activity_id: Id, json_out: Json = False) -> None:
    from campaign_cli.reports.activities import one

    app = app_context(ctx)
    document = one(app.store, app.campaign, activity_id, with_problems=True)
    if json_out:
        emit_json(document)
    else:
        from campaign_cli.render.activities import activity_detail

        app.console().print(activity_detail(document, app.lang))


@app.command("edit", help=t("activity.edit.help"))
def activity_edit(
    ctx: typer.Context,
    activity_id: Id,
    title: Annotated[Optional[str], typer.Option("--title", metavar="TEXT", help=t("activity.opt.title"))] = None,
    kind: Kind = None,
    held: Annotated[Optional[str], typer.Option("--date", metavar="DATE", help=t("activity.opt.date"))] = None,
    unit: Unit = None,
    participants: Participants = None,
    target: Target = None,
    phase: Annotated[Optional[int], typer.Option("--phase", metavar="SEQ", min=0, max=999, help=t("activity.opt.phase_edit"))] = None,
    notes: Notes = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import activities
    from campaign_cli.reports.activities import one

    app = app_context(ctx)
    outcome = activities.edit(acting(ctx), activity_id, title=title, kind=kind, target=target,
                              held_on=app.parse_date(held) if held is not None else None, unit=unit,
                              participants=participants, phase=phase, notes=notes)
    document = one(app.store, app.campaign, activity_id)
    messages: list[str] = []
    _warnings(document, messages, head=participants is not None or unit is not None,
              dated=held is not None or phase is not None)
    _done(app, outcome, document, messages, json_out, t("activity.changed", **_summary(app, document)))


@app.command("attendance", help=t("member.attendance.help"))
def activity_attendance(
    ctx: typer.Context,
    activity_id: Id,
    present: Present = None,
    absent: Absent = None,
    leave: Leave = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.domain.members import attendance_plan
    from campaign_cli.reports.activities import one

    app = app_context(ctx)
    plan = attendance_plan(present, absent, leave)
    outcome = None
    if plan:
        from campaign_cli.actions import members

        outcome = members.record(acting(ctx), activity_id, plan)
    document = one(app.store, app.campaign, activity_id)
    if json_out:
        emit_json(document)
        return
    if outcome is not None:
        tell(outcome)
        confirm(app, outcome, t("member.attendance_recorded", id=activity_id, title=document["title"],
                                present=document["participants"]))
    from campaign_cli.render.members import attendance as render

    app.console().print(render(document))


@app.command("rm", help=t("activity.rm.help"))
def activity_rm(
    ctx: typer.Context,
    activity_id: Id,
    force: Annotated[bool, typer.Option("--force", help=t("activity.opt.force"))] = False,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import activities
    from campaign_cli.reports.activities import one

    app = app_context(ctx)
    document = one(app.store, app.campaign, activity_id)
    outcome = activities.remove(acting(ctx), activity_id, force=force)
    document["unlinked"] = outcome.value["unlinked"]
    if json_out:
        emit_json(document)
    else:
        confirm(app, outcome, t("activity.removed", id=activity_id, title=document["title"]))
        if document["unlinked"]:
            notice(t("activity.unlinked", codes="、".join(document["unlinked"])))


@app.command("gaps", help=t("activity.gaps.help"))
def activity_gaps(
    ctx: typer.Context,
    phase: Annotated[Optional[int], typer.Option("--phase", metavar="SEQ", min=0, max=999, help=t("activity.opt.gaps_phase"))] = None,
    month: Month = None,
    members: Annotated[bool, typer.Option("--members", help=t("member.opt.gaps_members"))] = False,
    json_out: Json = False,
) -> None:
    from campaign_cli.dates import month_bounds
    from campaign_cli.reports.activities import gaps

    app = app_context(ctx)
    bounds = month_bounds(month) if month else None
    document = gaps(app.store, app.campaign, app.today, phase=phase, month=bounds, members=members)
    if json_out:
        emit_json(document)
    else:
        from campaign_cli.render.activities import gaps as render

        app.console().print(render(document, app.lang))


@cadence_app.command("set", help=t("activity.cadence.set.help"))
def cadence_set(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", help=t("activity.arg.cadence_kind"), show_default=False)],
    per_month: Annotated[int, typer.Option("--per-month", metavar="N", min=0, max=100, help=t("activity.opt.per_month"))],
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import activities
    from campaign_cli.reports.activities import cadence_rules

    app = app_context(ctx)
    activities.set_cadence(acting(ctx), kind, per_month)
    document = cadence_rules(app.store, app.campaign)
    if json_out:
        emit_json(document)
    else:
        from campaign_cli.render.activities import cadence as render

        app.console().print(render(document, app.lang))


@cadence_app.command("show", help=t("activity.cadence.show.help"))
def cadence_show(ctx: typer.Context, json_out: Json = False) -> None:
    from campaign_cli.reports.activities import cadence_rules

    app = app_context(ctx)
    document = cadence_rules(app.store, app.campaign)
    if json_out:
        emit_json(document)
    else:
        from campaign_cli.render.activities import cadence as render

        app.console().print(render(document, app.lang))


@app.command("import", help=t("activity.import.help"))
def activity_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help=t("activity.arg.file"), show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("transfer.opt.dry_run"))] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=t("transfer.opt.yes"))] = False,
    rejects: Annotated[Optional[Path], typer.Option("--rejects", metavar="FILE", help=t("transfer.opt.rejects"))] = None,
    json_out: Json = False,
) -> None:
    import sys

    from campaign_cli.actions import activities
    from campaign_cli.cli.transfer import ledger_context, write_rejects
    from campaign_cli.importers.ledger import check_file, read_activity_sheet

    app = app_context(ctx)
    check_file(file)
    sheet = read_activity_sheet(file, ledger_context(app))
    items, rejected = sheet
    if rejected and rejects is None:
        from campaign_cli.errors import UserError

        raise UserError("activity.import_refused", file=str(file), count=len(rejected),
                        rows="；".join(f"第 {r.row} 行：{r.reason}" for r in rejected[:5]))
    if rejected and rejects is not None:
        write_rejects(rejects, sheet.header_rows, rejected)
    result = {"file": str(file), "dry_run": dry_run, "activities": len(items),
              "rejected": [{"row": r.row, "reason": r.reason} for r in rejected]}
    if not dry_run and items:
        if not yes and not json_out and sys.stdin.isatty() and not typer.confirm(
                t("activity.import_confirm", count=len(items)), default=True, err=True):
            raise typer.Exit(1)
        outcome = activities.import_activities(acting(ctx), items)
        tell(outcome)
    if json_out:
        emit_json(result)
    else:
        key = "activity.import_would" if dry_run else "activity.imported"
        app.console().print(t(key, count=len(items), file=file.name, campaign=app.campaign.key), markup=False)
