"""campaign init | use | list."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json
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
    json_out: Json = False,
) -> None:
    from campaign_cli.dates import parse_date
    from campaign_cli.domain.campaigns import check_key, check_year
    from campaign_cli.store import campaigns

    app = app_context(ctx)
    key = check_key(key)
    if not title or not title.strip():
        raise UserError("campaign.title_required")
    year = check_year(year or app.today.year)
    start_day = parse_date(start, year=year, today=app.today) if start else None
    end_day = parse_date(end, year=year, today=app.today) if end else None
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
    if json_out:
        emit_json(created.as_json())
    else:
        app.console().print(t("campaign.created", key=key, title=created.title, year=year), markup=False)


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
