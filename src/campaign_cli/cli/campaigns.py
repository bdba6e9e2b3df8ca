"""campaign init | use | list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json, notice
from campaign_cli.errors import UserError
from campaign_cli.i18n import t


def init(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help=t("campaign.arg.key"), show_default=False)],
    title: Annotated[Optional[str], typer.Option("--title", help=t("campaign.opt.title"))] = None,
    year: Annotated[Optional[int], typer.Option("--year", help=t("campaign.opt.year"))] = None,
    doc_no: Annotated[Optional[str], typer.Option("--doc-no", help=t("campaign.opt.doc_no"))] = None,
    issuer: Annotated[Optional[str], typer.Option("--issuer", help=t("campaign.opt.issuer"))] = None,
    start: Annotated[Optional[str], typer.Option("--start", metavar="DATE", help=t("campaign.opt.start"))] = None,
    end: Annotated[Optional[str], typer.Option("--end", metavar="DATE", help=t("campaign.opt.end"))] = None,
    warn_days: Annotated[int, typer.Option("--warn-days", min=0, max=365, help=t("campaign.opt.warn_days"))] = 7,
    from_plan: Annotated[Optional[Path], typer.Option("--from-plan", metavar="FILE", help=t("campaign.opt.from_plan"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.dates import parse_date
    from campaign_cli.domain.campaigns import check_key, check_year
    from campaign_cli.store import campaigns

    app = app_context(ctx)
    key = check_key(key)
    plan = None
    if from_plan is not None:
        from campaign_cli.cli.plan import read_plan, warn_all

        plan = read_plan(from_plan, year, app.today)
        if not json_out:
            warn_all(plan)
        if plan.year is None and year is None:
            raise UserError("plan.year_unknown")
        year = year or plan.year
        title = title or plan.title
        doc_no = doc_no or plan.doc_no
        issuer = issuer or plan.issuer
    if not title or not title.strip():
        raise UserError("campaign.title_required")
    year = check_year(year or app.today.year)
    start_day = parse_date(start, year=year, today=app.today) if start else (plan.start if plan else None)
    end_day = parse_date(end, year=year, today=app.today) if end else (plan.end if plan else None)
    if start_day and end_day and start_day > end_day:
        raise UserError("campaign.start_after_end", start=start_day, end=end_day)
    db = app.store
    with db.transaction():
        if campaigns.by_key(db, key):
            raise UserError("campaign.exists", key=key)
        created = campaigns.create(db, key=key, title=title.strip(), year=year, doc_no=doc_no,
                                   issuer=issuer, start=start_day, end=end_day)
        campaigns.set_setting(db, campaigns.CURRENT, key)
        campaigns.set_setting(db, "warn_days", str(warn_days), created.id)
        if plan is not None:
            from campaign_cli.domain.plan_merge import plan_changes
            from campaign_cli.store.plan_import import apply_plan

            apply_plan(db, created.id, [c for c in plan_changes([], plan.phases) if c.end is not None])
    if json_out:
        document = created.as_json()
        if plan is not None:
            from campaign_cli.store import phases

            document["phases"] = [p.as_json() for p in phases.all_phases(db, created.id)]
        emit_json(document)
        return
    app.console().print(t("campaign.created", key=key, title=created.title, year=year), markup=False)
    if plan is not None:
        from campaign_cli.domain.plan_merge import plan_changes
        from campaign_cli.render.plan import plan_preview

        app.console().print(plan_preview(plan, plan_changes([], plan.phases)))
        for skipped in plan.phases:
            if skipped.end is None:
                notice(t("plan.skipped_undated", title=skipped.title))


def use(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help=t("campaign.arg.key"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.store import campaigns

    app = app_context(ctx)
    found = campaigns.by_key(app.store, key)
    if found is None:
        raise UserError("campaign.unknown", key=key)
    campaigns.set_setting(app.store, campaigns.CURRENT, key)
    if json_out:
        emit_json(found.as_json())
    else:
        app.console().print(t("campaign.now_current", key=key, title=found.title), markup=False)


def list_campaigns(ctx: typer.Context, json_out: Json = False) -> None:
    from campaign_cli.domain.records import Campaign
    from campaign_cli.store import campaigns

    app = app_context(ctx)
    rows = campaigns.all_campaigns(app.store)
    current = campaigns.get_setting(app.store, campaigns.CURRENT)
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
