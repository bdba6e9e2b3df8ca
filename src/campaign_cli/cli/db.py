"""campaign db info | upgrade | backup | check | grant | revoke | grants."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import acting, app_context, emit_json
from campaign_cli.errors import StoreError, UsageError, UserError
from campaign_cli.i18n import t

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)

Login = Annotated[str, typer.Argument(help=t("store.arg.login"), show_default=False)]


@app.command("info", help=t("store.info.help"))
def db_info(ctx: typer.Context, json_out: Json = False) -> None:
    from campaign_cli.store.maintenance import info

    app = app_context(ctx)
    document = info(app.store, app.location, app.actor)
    if json_out:
        emit_json(document)
        return
    from campaign_cli.render.store import store_info

    app.console().print(store_info(document))


@app.command("upgrade", help=t("store.upgrade.help"))
def db_upgrade(ctx: typer.Context, json_out: Json = False) -> None:
    from campaign_cli.store import schema
    from campaign_cli.store.opening import open_store

    app = app_context(ctx)
    db = open_store(app.location)  # opening upgrades an older store after a backup
    upgraded_from = getattr(db, "upgraded_from", None)
    backup = getattr(db, "backup", None)
    db.close()
    if json_out:
        emit_json({"revision": schema.HEAD, "upgraded_from": upgraded_from,
                   "backup": str(backup) if backup else None})
    elif upgraded_from:
        app.console().print(t("store.upgraded", revision=schema.HEAD, backup=backup), markup=False)
    else:
        app.console().print(t("store.up_to_date", revision=schema.HEAD), markup=False)


@app.command("backup", help=t("store.backup.help"))
def db_backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=t("store.arg.file"), show_default=False)],
    json_out: Json = False,
) -> None:
    from campaign_cli.store.opening import backup_sqlite

    app = app_context(ctx)
    location = app.location
    if location.path is None:
        raise StoreError("store.backup_sqlite_only")
    app.store  # refuse a file that is not a store, and upgrade an old one, first
    backup_sqlite(location.path, file)
    if json_out:
        emit_json({"backup": str(file), "size_bytes": file.stat().st_size})
    else:
        app.console().print(t("store.backup_written", path=file), markup=False)


@app.command("check", help=t("store.check.help"))
def db_check(ctx: typer.Context, json_out: Json = False) -> None:
    from campaign_cli.store.maintenance import check, check_damaged

    app = app_context(ctx)
    try:
        report = check(app.store)
    except StoreError as error:
        if error.key != "store.corrupt" or app.location.path is None:
            raise
        report = {"checks": ["integrity_check"], "problems": check_damaged(app.location.path), "revision": None}
    problems = report["problems"]
    if json_out:
        emit_json({"ok": not problems, **report})
    if problems:
        raise StoreError("store.check_failed", problems="; ".join(problems))
    if not json_out:
        key = "store.check_ok" if app.store.dialect == "sqlite" else "store.check_ok_server"
        app.console().print(t(key, revision=report["revision"]), markup=False)


@app.command("grant", help=t("store.grant.help"))
def db_grant(
    ctx: typer.Context,
    login: Login,
    campaign: Annotated[Optional[list[str]], typer.Option("--campaign", metavar="KEY",
                                                          help=t("store.opt.grant_campaign"))] = None,
    office: Annotated[bool, typer.Option("--office", help=t("store.opt.grant_office"))] = False,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import grants

    keys = [k.strip() for value in campaign or [] for k in value.split(",") if k.strip()]
    if bool(keys) == office:
        raise UsageError("store.grant_what")
    outcome = grants.grant(acting(ctx, needs_campaign=False), login, keys=keys, office=office)
    _granted(ctx, outcome, json_out, "store.granted")


@app.command("revoke", help=t("store.revoke.help"))
def db_revoke(
    ctx: typer.Context,
    login: Login,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import grants

    outcome = grants.revoke(acting(ctx, needs_campaign=False), login)
    _granted(ctx, outcome, json_out, "store.revoked")


def _granted(ctx: typer.Context, outcome, json_out: bool, key: str) -> None:
    held = outcome.value
    if json_out:
        emit_json({**held.as_json(), "changes": outcome.changes})
        return
    from campaign_cli.render.store import grant_scope

    app_context(ctx).console().print(t(key, login=held.login, scope=grant_scope(held)), markup=False)


@app.command("grants", help=t("store.grants.help"))
def db_grants(ctx: typer.Context, json_out: Json = False) -> None:
    from campaign_cli.store import grants

    app = app_context(ctx)
    db = app.store
    if db.dialect != "postgresql":
        raise UserError("store.grants_postgres_only")
    document = {"login": grants.current_login(db), "owner": grants.owner(db),
                "grants": [g.as_json() for g in grants.grants(db)]}
    if json_out:
        emit_json(document)
        return
    from campaign_cli.render.store import grants_table

    app.console().print(grants_table(document))
