"""campaign init | edit | use | list | undo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import acting, app_context, confirm, emit_json, notice, tell
from campaign_cli.errors import UserError
from campaign_cli.i18n import t

Days = dict(min=0, max=730)


def init(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help=t("campaign.arg.key"), show_default=False)],
    title: Annotated[Optional[str], typer.Option("--title", help=t("campaign.opt.title"))] = None,
    year: Annotated[Optional[int], typer.Option("--year", min=1949, max=2200, help=t("campaign.opt.year"))] = None,
    doc_no: Annotated[Optional[str], typer.Option("--doc-no", help=t("campaign.opt.doc_no"))] = None,
    issuer: Annotated[Optional[str], typer.Option("--issuer", help=t("campaign.opt.issuer"))] = None,
    start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help=t("campaign.opt.start"))] = None,
    end: Annotated[Optional[str], typer.Option("--end", metavar="DATE", help=t("campaign.opt.end"))] = None,
    warn_days: Annotated[int, typer.Option("--warn-days", min=0, max=365, help=t("campaign.opt.warn_days"))] = 7,
    from_plan: Annotated[Optional[Path], typer.Option("--from-plan", metavar="FILE", help=t("campaign.opt.from_plan"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import campaigns
    from campaign_cli.dates import parse_date
    from campaign_cli.domain.plan_merge import plan_changes

    app = app_context(ctx)
    plan = None
    if from_plan is not None:
        from campaign_cli.cli.plan import read_plan, warn_all

        plan = read_plan(from_plan, year, app.today)
        if not json_out:
            warn_all(plan)
        if plan.year is None and year is None:
            raise UserError("plan.year_unknown")
        year = year or plan.year
        title, doc_no, issuer = title or plan.title, doc_no or plan.doc_no, issuer or plan.issuer
    year = year or app.today.year
    start_day = parse_date(start, year=year, today=app.today) if start else (plan.start if plan else None)
    end_day = parse_date(end, year=year, today=app.today) if end else (plan.end if plan else None)
    changes = plan_changes([], plan.phases) if plan is not None else []
    app.may_create_store = True
    outcome = campaigns.create(acting(ctx, needs_campaign=False), key, title=title, year=year, doc_no=doc_no,
                               issuer=issuer, start=start_day, end=end_day, warn_days=warn_days,
                               plan_changes=changes)
    created = outcome.value
    if json_out:
        document = created.as_json()
        if plan is not None:
            from campaign_cli.store import phases

            document["phases"] = [p.as_json() for p in phases.all_phases(app.store, created.id)]
        emit_json(document)
        return
    confirm(app, outcome, t("campaign.created", key=created.key, title=created.title, year=created.year))
    if plan is not None:
        from campaign_cli.render.plan import plan_preview

        app.console().print(plan_preview(plan, changes))
        for skipped in plan.phases:
            if skipped.end is None:
                notice(t("plan.skipped_undated", title=skipped.title))


def edit(
    ctx: typer.Context,
    title: Annotated[Optional[str], typer.Option("--title", help=t("campaign.opt.title"))] = None,
    doc_no: Annotated[Optional[str], typer.Option("--doc-no", help=t("campaign.opt.doc_no"))] = None,
    issuer: Annotated[Optional[str], typer.Option("--issuer", help=t("campaign.opt.issuer"))] = None,
    start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help=t("campaign.opt.start"))] = None,
    end: Annotated[Optional[str], typer.Option("--end", metavar="DATE", help=t("campaign.opt.end"))] = None,
    warn_days: Annotated[Optional[int], typer.Option("--warn-days", **Days, help=t("campaign.opt.warn_days"))] = None,
    short_term_days: Annotated[Optional[int], typer.Option("--short-term-days", **Days,
                                                           help=t("campaign.opt.short_term_days"))] = None,
    verify_within_days: Annotated[Optional[int], typer.Option("--verify-within-days", **Days,
                                                              help=t("campaign.opt.verify_within_days"))] = None,
    review: Annotated[Optional[str], typer.Option("--review", metavar="one-step|two-step",
                                                  help=t("campaign.opt.review"))] = None,
    recheck_days: Annotated[Optional[int], typer.Option("--recheck-days", **Days,
                                                        help=t("campaign.opt.recheck_days"))] = None,
    unit_name: Annotated[Optional[str], typer.Option("--unit-name", metavar="NAME",
                                                     help=t("campaign.opt.unit_name"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import campaigns

    app = app_context(ctx)
    values: dict[str, object] = {k: v for k, v in (("title", title), ("doc_no", doc_no), ("issuer", issuer))
                                 if v is not None}
    if start is not None:
        values["start"] = app.parse_date(start) if start.strip() else None
    if end is not None:
        values["end"] = app.parse_date(end) if end.strip() else None
    settings = {k: v for k, v in (("warn_days", warn_days), ("short_term_days", short_term_days),
                                  ("verify_within_days", verify_within_days), ("review", review),
                                  ("recheck_days", recheck_days), ("unit_name", unit_name)) if v is not None}
    if not values and not settings:
        raise UserError("campaign.nothing_to_change")
    outcome = campaigns.edit(acting(ctx), values=values, settings=settings)
    changed = outcome.value
    if json_out:
        from dataclasses import asdict

        from campaign_cli.store.campaigns import settings as read_settings

        emit_json({**changed.as_json(), "settings": asdict(read_settings(app.store, changed.id))})
    else:
        confirm(app, outcome, t("campaign.changed", key=changed.key, title=changed.title, changes=outcome.changes))


def use(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help=t("campaign.arg.key"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import campaigns

    app = app_context(ctx)
    outcome = campaigns.use(acting(ctx, needs_campaign=False), key)
    if json_out:
        emit_json(outcome.value.as_json())
    else:
        app.console().print(t("campaign.now_current", key=key, title=outcome.value.title, actor=app.actor),
                            markup=False)


def list_campaigns(ctx: typer.Context, json_out: Json = False) -> None:
    from campaign_cli.domain.records import Campaign
    from campaign_cli.store import campaigns

    app = app_context(ctx)
    rows = campaigns.all_campaigns(app.store)
    current = campaigns.current_key(app.store, app.actor)
    items = [dict(Campaign.from_row(r).as_json(), current=r["key"] == current,
                  phases=r["phases"], problems=r["problems"]) for r in rows]
    if json_out:
        emit_json(items)
        return
    if not items:
        app.console().print(t("campaign.empty"), markup=False)
        return
    from campaign_cli.render.campaigns import campaign_list

    app.console().print(campaign_list(items))


def undo(
    ctx: typer.Context,
    show_list: Annotated[bool, typer.Option("--list", help=t("campaign.opt.undo_list"))] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=t("core.opt.yes"))] = False,
    json_out: Json = False,
) -> None:
    import sys

    from campaign_cli.actions import undo as undoing

    app = app_context(ctx)
    if show_list:
        recent = undoing.recent(app.store, app.campaign)
        if json_out:
            emit_json([c.as_json() for c in recent])
            return
        from campaign_cli.render.campaigns import command_list

        app.console().print(command_list(recent))
        return
    act = acting(ctx)
    planned = undoing.last_of(app.store, app.campaign, app.actor)
    if not json_out:
        from campaign_cli.render.campaigns import undo_preview

        app.console().print(undo_preview(planned))
    if not yes and not json_out and sys.stdin.isatty():
        if not typer.confirm(t("campaign.undo_confirm", command=planned.command.name), default=True, err=True):
            raise UserError("campaign.undo_cancelled")
    outcome = undoing.undo(act, planned.command.id)
    tell(outcome)
    done = outcome.value
    if json_out:
        emit_json({"command": done.name, "at": done.at, "actor": done.actor, "changes": planned.count,
                   "id": done.id})
    else:
        confirm(app, outcome, t("campaign.undone", command=done.name, changes=planned.count))
