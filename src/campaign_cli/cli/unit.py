"""campaign unit add | list | edit | rename | merge | rm, and unit member add | list | rm | import."""

from __future__ import annotations

from pathlib import Path
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
    from campaign_cli.store import members, units

    app = app_context(ctx)
    found = units.all_units(app.store, app.campaign.id, unit_kind_key(kind) if kind else None)
    by_id = members.counts_by_unit(app.store, app.campaign.id)
    recorded = {u.name: by_id[u.id] for u in found if u.id in by_id}
    if json_out:
        emit_json([{**u.as_json(), "members_recorded": recorded.get(u.name, 0)} for u in found])
        return
    if not found:
        app.console().print(t("unit.empty"), markup=False)
        return
    from campaign_cli.render.units import unit_list as render

    app.console().print(render(found, recorded))


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


# -- members -------------------------------------------------------------------

member_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)
app.add_typer(member_app, name="member", help=t("member.help"))


@member_app.command("add", help=t("member.add.help"))
def member_add(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(metavar="UNIT", help=t("member.arg.unit"), show_default=False)],
    names: Annotated[list[str], typer.Argument(metavar="NAME...", help=t("member.arg.names"), show_default=False)],
    role: Annotated[Optional[str], typer.Option("--role", metavar="ROLE", help=t("member.opt.role"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import members

    app = app_context(ctx)
    outcome = members.add(acting(ctx), unit, names, role=role)
    tell(outcome)
    value = outcome.value
    if json_out:
        emit_json({**value, "members": [m.as_json() for m in value["members"]]})
    else:
        confirm(app, outcome, t("member.added", unit=value["unit"], added=value["added"], updated=value["updated"],
                                names="、".join(m.name for m in value["members"])))


@member_app.command("list", help=t("member.list.help"))
def member_list(
    ctx: typer.Context,
    unit: Annotated[Optional[str], typer.Argument(metavar="[UNIT]", help=t("member.arg.unit_filter"),
                                                  show_default=False)] = None,
    show_all: Annotated[bool, typer.Option("--all", help=t("member.opt.all"))] = False,
    json_out: Json = False,
) -> None:
    from campaign_cli.reports.members import roster

    app = app_context(ctx)
    document = roster(app.store, app.campaign, unit, include_inactive=show_all)
    if json_out:
        emit_json(document)
        return
    from campaign_cli.render.members import roster as render

    app.console().print(render(document))


@member_app.command("rm", help=t("member.rm.help"))
def member_rm(
    ctx: typer.Context,
    unit: Annotated[str, typer.Argument(metavar="UNIT", help=t("member.arg.unit"), show_default=False)],
    name: Annotated[str, typer.Argument(metavar="NAME", help=t("member.arg.name"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import members

    app = app_context(ctx)
    outcome = members.remove(acting(ctx), unit, name)
    tell(outcome)
    value = outcome.value
    if json_out:
        emit_json({**value["member"].as_json(), "active": False, "removed": value["removed"],
                   "attended": value["attended"]})
    else:
        key = "member.removed" if value["removed"] else "member.deactivated"
        confirm(app, outcome, t(key, unit=value["member"].unit, name=value["member"].name))


@member_app.command("import", help=t("member.import.help"))
def member_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help=t("member.arg.file"), show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("transfer.opt.dry_run"))] = False,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import members
    from campaign_cli.importers.ledger import check_file
    from campaign_cli.importers.roster import read_roster

    app = app_context(ctx)
    check_file(file)
    entries = read_roster(file)
    result: dict[str, object] = {"file": str(file), "dry_run": dry_run, "rows": len(entries)}
    if not dry_run:
        outcome = members.import_roster(acting(ctx), entries)
        tell(outcome)
        result.update({k: v for k, v in outcome.value.items() if k != "rows"})
    else:
        result["units"] = sorted({e.unit for e in entries})
    if json_out:
        emit_json(result)
    elif dry_run:
        app.console().print(t("member.import_would", count=len(entries), file=file.name), markup=False)
    else:
        app.console().print(t("member.imported", count=len(entries), file=file.name, added=result["added"],
                              updated=result["updated"], campaign=app.campaign.key), markup=False)
