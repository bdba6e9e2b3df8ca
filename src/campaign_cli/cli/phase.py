"""campaign phase add | list | edit | rm | status."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json
from campaign_cli.errors import UserError
from campaign_cli.i18n import t

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


def _phase_or_fail(db, campaign_id: int, seq: int):
    from campaign_cli.store import phases

    found = phases.by_seq(db, campaign_id, seq)
    if found is None:
        raise UserError("phase.unknown", seq=seq)
    return found


def _check_window(start, end) -> None:
    if start and start > end:
        raise UserError("phase.start_after_end", start=start, end=end)


@app.command("add", help=t("phase.add.help"))
def phase_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help=t("phase.arg.title"), show_default=False)],
    end: Annotated[str, typer.Option("--end", metavar="DATE", help=t("phase.opt.end"))],
    start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help=t("phase.opt.start"))] = None,
    notes: Annotated[Optional[str], typer.Option("--notes", help=t("phase.opt.notes"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.store import phases

    app = app_context(ctx)
    title = title.strip()
    if not title:
        raise UserError("phase.title_empty")
    campaign = app.campaign
    end_day = app.parse_date(end)
    start_day = app.parse_date(start) if start else None
    _check_window(start_day, end_day)
    with app.store.transaction():
        phase = phases.add(app.store, campaign.id, title=title, start=start_day, end=end_day, notes=notes)
    if json_out:
        emit_json(phase.as_json())
    else:
        app.console().print(t("phase.added", seq=phase.seq, title=phase.title), markup=False)


@app.command("list", help=t("phase.list.help"))
def phase_list(ctx: typer.Context, json_out: Json = False) -> None:
    from campaign_cli.store import phases

    app = app_context(ctx)
    found = [p.as_json() for p in phases.all_phases(app.store, app.campaign.id)]
    if json_out:
        emit_json(found)
    elif not found:
        app.console().print(t("phase.empty"), markup=False)
    else:
        from campaign_cli.render.phases import phase_list as render

        app.console().print(render(found))


@app.command("edit", help=t("phase.edit.help"))
def phase_edit(
    ctx: typer.Context,
    seq: Annotated[int, typer.Argument(help=t("phase.arg.seq"), show_default=False)],
    title: Annotated[Optional[str], typer.Option("--title", help=t("phase.opt.title"))] = None,
    start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help=t("phase.opt.start"))] = None,
    end: Annotated[Optional[str], typer.Option("--end", metavar="DATE", help=t("phase.opt.end"))] = None,
    notes: Annotated[Optional[str], typer.Option("--notes", help=t("phase.opt.notes"))] = None,
    no_start: Annotated[bool, typer.Option("--no-start", help=t("phase.opt.no_start"))] = False,
    json_out: Json = False,
) -> None:
    from campaign_cli.store import phases

    app = app_context(ctx)
    campaign, db = app.campaign, app.store
    phase = _phase_or_fail(db, campaign.id, seq)
    changes: dict[str, object] = {}
    if title is not None:
        if not title.strip():
            raise UserError("phase.title_empty")
        changes["title"] = title.strip()
    if start is not None:
        changes["starts_on"] = app.parse_date(start)
    if no_start:
        changes["starts_on"] = None
    if end is not None:
        changes["ends_on"] = app.parse_date(end)
    if notes is not None:
        changes["notes"] = notes
    if not changes:
        raise UserError("phase.nothing_to_change")
    _check_window(changes.get("starts_on", phase.start), changes.get("ends_on", phase.end))
    with db.transaction():
        phases.update(db, phase.id, **changes)
    changed = phases.by_seq(db, campaign.id, seq)
    if json_out:
        emit_json(changed.as_json())
    else:
        app.console().print(t("phase.changed", seq=seq, title=changed.title), markup=False)


@app.command("rm", help=t("phase.rm.help"))
def phase_rm(
    ctx: typer.Context,
    seq: Annotated[int, typer.Argument(help=t("phase.arg.seq"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.store import phases

    app = app_context(ctx)
    campaign, db = app.campaign, app.store
    with db.transaction():
        phase = _phase_or_fail(db, campaign.id, seq)
        phases.remove(db, campaign.id, phase)
    if json_out:
        emit_json(phase.as_json())
    else:
        app.console().print(t("phase.removed", seq=seq, title=phase.title), markup=False)


@app.command("status", help=t("phase.status.help"))
def phase_status(
    ctx: typer.Context,
    at: Annotated[Optional[str], typer.Option("--at", metavar="DATE", help=t("phase.opt.at"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.reports.phase_status import phase_status as build

    app = app_context(ctx)
    day = app.parse_date(at) if at else app.today
    status = build(app.store, app.campaign, day)
    if json_out:
        emit_json(status.document)
        return
    if not status.document["phases"]:
        app.console().print(t("phase.empty"), markup=False)
        return
    from campaign_cli.render.phases import phase_status as render

    console = app.console()
    console.print(render(status, console.width))
