"""campaign unit add | list | edit | rename | merge | rm."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import acting, app_context, confirm, emit_json, tell
from campaign_cli.i18n import t

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

Members = Annotated[Optional[int], typer.Option("--members", min=0, max=1_000_000, help=t("unit.opt.members"))]
Name = Annotated[str, typer.Argument(help=t("unit.arg.name"), show_default=False)]


@app.command("add", help=t("unit.add.help"))
def unit_add(
    ctx: typer.Context,
    name: Name,
    kind: Annotated[str, typer.Option("--kind", help=t("unit.opt.kind"))],
    members: Members = None,
    parent: Annotated[Optional[str], typer.Option("--parent", help=t("unit.opt.parent"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import units
    from campaign_cli.domain.vocabulary import unit_kind_key

    app = app_context(ctx)
    outcome = units.add(acting(ctx), name, kind=unit_kind_key(kind), members=members, parent=parent)
    tell(outcome)
    if json_out:
        emit_json(outcome.value.as_json())
    else:
        confirm(app, outcome, t("unit.added", kind=t(f"unit.kind.{outcome.value.kind}"), name=outcome.value.name))


@app.command("list", help=t("unit.list.help"))
def unit_list(
    ctx: typer.Context,
    kind: Annotated[Optional[str], typer.Option("--kind", help=t("unit.opt.kind"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.domain.vocabulary import unit_kind_key
    from campaign_cli.store import units

    app = app_context(ctx)
    found = units.all_units(app.store, app.campaign.id, unit_kind_key(kind) if kind else None)
    if json_out:
        emit_json([u.as_json() for u in found])
        return
    if not found:
        app.console().print(t("unit.empty"), markup=False)
        return
    from campaign_cli.render.units import unit_list as render

    app.console().print(render(found))


@app.command("edit", help=t("unit.edit.help"))
def unit_edit(
    ctx: typer.Context,
    name: Name,
    members: Members = None,
    no_members: Annotated[bool, typer.Option("--no-members", help=t("unit.opt.no_members"))] = False,
    kind: Annotated[Optional[str], typer.Option("--kind", help=t("unit.opt.kind"))] = None,
    parent: Annotated[Optional[str], typer.Option("--parent", help=t("unit.opt.parent_edit"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import units
    from campaign_cli.domain.vocabulary import unit_kind_key

    app = app_context(ctx)
    outcome = units.edit(acting(ctx), name, members=members, no_members=no_members,
                         kind=unit_kind_key(kind) if kind else None, parent=parent)
    if json_out:
        emit_json(outcome.value.as_json())
    else:
        confirm(app, outcome, t("unit.changed", name=outcome.value.name))


@app.command("rename", help=t("unit.rename.help"))
def unit_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help=t("unit.arg.old"), show_default=False)],
    new: Annotated[str, typer.Argument(help=t("unit.arg.new"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import units

    app = app_context(ctx)
    outcome = units.rename(acting(ctx), old, new)
    if json_out:
        emit_json(outcome.value.as_json())
    else:
        confirm(app, outcome, t("unit.renamed", old=old, new=outcome.value.name))


@app.command("merge", help=t("unit.merge.help"))
def unit_merge(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help=t("unit.arg.source"), show_default=False)],
    target: Annotated[str, typer.Argument(help=t("unit.arg.target"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import units

    app = app_context(ctx)
    outcome = units.merge(acting(ctx), source, target)
    merged = dict(outcome.value)
    into = merged.pop("into")
    if json_out:
        emit_json({**merged, "into": into.as_json()})
    else:
        confirm(app, outcome, t("unit.merged", source=merged.pop("merged"), target=into.name, **merged))


@app.command("rm", help=t("unit.rm.help"))
def unit_rm(ctx: typer.Context, name: Name, json_out: Json = False) -> None:
    from campaign_cli.actions import units

    app = app_context(ctx)
    outcome = units.remove(acting(ctx), name)
    if json_out:
        emit_json({**outcome.value.as_json(), "removed": True})
    else:
        confirm(app, outcome, t("unit.removed", name=outcome.value.name))
