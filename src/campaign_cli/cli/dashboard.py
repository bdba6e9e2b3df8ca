"""campaign dashboard | person | check: the deadline dashboard, one
person's ledger (一人一账) and the ledger's integrity check."""

from __future__ import annotations

from typing import Annotated

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json
from campaign_cli.errors import UsageError, UserError
from campaign_cli.i18n import t

DASHBOARD_CAP = 20


def dashboard(
    ctx: typer.Context,
    by: Annotated[str, typer.Option("--by", metavar="dept|owner", help=t("issue.opt.by_group"))] = "dept",
    json_out: Json = False,
) -> None:
    from campaign_cli.reports.ledger import clock
    from campaign_cli.domain.vocabulary import GROUPS, find
    from campaign_cli.reports.ledger import dashboard as build

    app = app_context(ctx)
    group = find(GROUPS, by)
    if group is None:
        raise UsageError("issue.bad_by", value=by)
    db, campaign = app.store, app.campaign
    document = build(db, campaign, clock(db, campaign, app.today), by=group,
                     limit=None if json_out else DASHBOARD_CAP)
    if json_out:
        emit_json(document)
        return
    from campaign_cli.render.ledger import dashboard_view

    app.console().print(dashboard_view(document, campaign.year))


def person(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=t("issue.arg.person"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.reports.ledger import clock
    from campaign_cli.reports.ledger import person as build

    app = app_context(ctx)
    db, campaign = app.store, app.campaign
    document = build(db, campaign, clock(db, campaign, app.today), name)
    if json_out:
        emit_json(document)
        return
    from campaign_cli.render.ledger import person_view

    app.console().print(person_view(document, campaign.year))


def check(ctx: typer.Context, json_out: Json = False) -> None:
    from campaign_cli.reports.ledger import check as build

    app = app_context(ctx)
    findings = build(app.store, app.campaign, app.today)
    if json_out:
        emit_json(findings)
    elif not findings:
        app.console().print(t("issue.check.clean"), markup=False)
    else:
        from campaign_cli.render.ledger import check_view

        app.console().print(check_view(findings))
    if findings:
        raise UserError("issue.check.found", count=len(findings))
