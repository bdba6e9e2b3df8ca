"""campaign phase add | list | edit | rm | move | status."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import acting, app_context, confirm, emit_json
from campaign_cli.errors import UserError
from campaign_cli.i18n import t

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


Seq = Annotated[int, typer.Argument(help=t("phase.arg.seq"), show_default=False, min=1, max=999)]
Kinds = Annotated[Optional[str], typer.Option("--kinds", metavar="K,K…", help=t("phase.opt.kinds"))]


def _kinds(text: str | None) -> list[str] | None:
    return None if text is None else [k for k in text.replace("，", ",").replace("、", ",").split(",")]


def _one(app, outcome, json_out: bool, message: str) -> None:
    phase = outcome.value
    if json_out:
        emit_json(phase.as_json())
    else:
        confirm(app, outcome, t(message, seq=phase.seq, title=phase.title))


@app.command("add", help=t("phase.add.help"))
def phase_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help=t("phase.arg.title"), show_default=False)],
    end: Annotated[str, typer.Option("--end", metavar="DATE", help=t("phase.opt.end"))],
    start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help=t("phase.opt.start"))] = None,
    notes: Annotated[Optional[str], typer.Option("--notes", help=t("phase.opt.notes"))] = None,
    kinds: Kinds = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import phases

    app = app_context(ctx)
    outcome = phases.add(acting(ctx), title, end=app.parse_date(end), start=app.parse_date(start) if start else None,
                         notes=notes, kinds=_kinds(kinds) or [])
    _one(app, outcome, json_out, "phase.added")


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
    seq: Seq,
    title: Annotated[Optional[str], typer.Option("--title", help=t("phase.opt.title"))] = None,
    start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help=t("phase.opt.start"))] = None,
    end: Annotated[Optional[str], typer.Option("--end", metavar="DATE", help=t("phase.opt.end"))] = None,
    notes: Annotated[Optional[str], typer.Option("--notes", help=t("phase.opt.notes"))] = None,
    no_start: Annotated[bool, typer.Option("--no-start", help=t("phase.opt.no_start"))] = False,
    kinds: Kinds = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import phases

    app = app_context(ctx)
    if all(v is None for v in (title, start, end, notes, kinds)) and not no_start:
        raise UserError("phase.nothing_to_change")
    outcome = phases.edit(acting(ctx), seq, title=title, start=app.parse_date(start) if start else None,
                          no_start=no_start, end=app.parse_date(end) if end else None, notes=notes,
                          kinds=_kinds(kinds))
    _one(app, outcome, json_out, "phase.changed")


@app.command("rm", help=t("phase.rm.help"))
def phase_rm(ctx: typer.Context, seq: Seq, json_out: Json = False) -> None:
    from campaign_cli.actions import phases

    app = app_context(ctx)
    _one(app, phases.remove(acting(ctx), seq), json_out, "phase.removed")


@app.command("move", help=t("phase.move.help"))
def phase_move(
    ctx: typer.Context,
    seq: Seq,
    to: Annotated[int, typer.Option("--to", metavar="N", min=1, max=999, help=t("phase.opt.to"))],
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import phases

    app = app_context(ctx)
    outcome = phases.move(acting(ctx), seq, to=to)
    if json_out:
        emit_json([p.as_json() for p in outcome.value])
    else:
        moved = next(p for p in outcome.value if p.seq == to)
        confirm(app, outcome, t("phase.moved", seq=seq, to=to, title=moved.title))


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
