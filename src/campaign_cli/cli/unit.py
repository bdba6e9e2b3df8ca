"""campaign unit add | list | rename | merge."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json, notice
from campaign_cli.errors import UserError
from campaign_cli.i18n import t

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


def _unit_or_fail(db, campaign_id: int, name: str):
    from campaign_cli.domain.names import normalise_name
    from campaign_cli.store import units

    found = units.by_name(db, campaign_id, normalise_name(name))
    if found is None:
        raise UserError("unit.unknown", name=name)
    return found


@app.command("add", help=t("unit.add.help"))
def unit_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help=t("unit.arg.name"), show_default=False)],
    kind: Annotated[str, typer.Option("--kind", help=t("unit.opt.kind"))],
    members: Annotated[Optional[int], typer.Option("--members", help=t("unit.opt.members"))] = None,
    parent: Annotated[Optional[str], typer.Option("--parent", help=t("unit.opt.parent"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.domain.names import close_matches, normalise_name
    from campaign_cli.domain.units import check_members
    from campaign_cli.domain.vocabulary import unit_kind_key as kind_key
    from campaign_cli.store import units

    app = app_context(ctx)
    kind = kind_key(kind)
    members = check_members(members)
    name = normalise_name(name)
    if not name:
        raise UserError("unit.unknown", name=name)
    campaign = app.campaign
    db = app.store
    with db.transaction():
        if units.by_name(db, campaign.id, name):
            raise UserError("unit.exists", name=name)
        parent_id = _unit_or_fail(db, campaign.id, parent).id if parent else None
        similar = close_matches(name, [u.name for u in units.all_units(db, campaign.id)])
        unit = units.add(db, campaign.id, name=name, kind=kind, members=members, parent_id=parent_id)
    if similar:
        notice(t("unit.did_you_mean", name=name, matches="、".join(similar)))
    if json_out:
        emit_json(unit.as_json())
    else:
        app.console().print(t("unit.added", kind=t(f"unit.kind.{kind}"), name=name), markup=False)


@app.command("list", help=t("unit.list.help"))
def unit_list(
    ctx: typer.Context,
    kind: Annotated[Optional[str], typer.Option("--kind", help=t("unit.opt.kind"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.domain.vocabulary import unit_kind_key as kind_key
    from campaign_cli.store import units

    app = app_context(ctx)
    found = units.all_units(app.store, app.campaign.id, kind_key(kind) if kind else None)
    if json_out:
        emit_json([u.as_json() for u in found])
        return
    if not found:
        app.console().print(t("unit.empty"), markup=False)
        return
    from campaign_cli.render.units import unit_list as render

    app.console().print(render(found))


@app.command("rename", help=t("unit.rename.help"))
def unit_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help=t("unit.arg.old"), show_default=False)],
    new: Annotated[str, typer.Argument(help=t("unit.arg.new"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.domain.names import normalise_name
    from campaign_cli.store import units

    app = app_context(ctx)
    db, campaign = app.store, app.campaign
    new = normalise_name(new)
    with db.transaction():
        unit = _unit_or_fail(db, campaign.id, old)
        if not new:
            raise UserError("unit.unknown", name=new)
        if units.by_name(db, campaign.id, new):
            raise UserError("unit.exists", name=new)
        units.update(db, unit.id, name=new)
        renamed = units.by_name(db, campaign.id, new)
    if json_out:
        emit_json(renamed.as_json())
    else:
        app.console().print(t("unit.renamed", old=unit.name, new=new), markup=False)


@app.command("merge", help=t("unit.merge.help"))
def unit_merge(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help=t("unit.arg.source"), show_default=False)],
    target: Annotated[str, typer.Argument(help=t("unit.arg.target"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.store import units

    app = app_context(ctx)
    db, campaign = app.store, app.campaign
    with db.transaction():
        src = _unit_or_fail(db, campaign.id, source)
        dst = _unit_or_fail(db, campaign.id, target)
        if src.id == dst.id:
            raise UserError("unit.same")
        moved = units.merge(db, src, dst)
    if json_out:
        emit_json({"merged": src.name, "into": dst.as_json(), **moved})
    else:
        app.console().print(t("unit.merged", source=src.name, target=dst.name, **moved), markup=False)
