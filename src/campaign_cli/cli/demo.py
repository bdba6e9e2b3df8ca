"""campaign demo: a demo store from the shipped examples, then phase status."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json, notice
from campaign_cli.i18n import t


def demo(
    ctx: typer.Context,
    today: Annotated[Optional[str], typer.Option("--at", metavar="DATE", help=t("core.demo.opt.today"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import Act
    from campaign_cli.actions.imports import restore_document
    from campaign_cli.store.location import StoreLocation, default_path

    app = app_context(ctx)
    document = json.loads(resources.files("campaign_cli.examples").joinpath("demo.json").read_text("utf-8"))
    if app.location.is_default:
        # Never touch the user's own store: the demo gets its own file.
        path = default_path().with_name("demo.db")
        app.use_location(StoreLocation(f"sqlite:///{path}", path, is_default=True))
    location = app.location
    if location.path is not None and location.path.exists():
        _remove_old_demo(location.path)
    app.may_create_store = True
    db = app.store
    campaign = restore_document(Act(db, app.actor, app.today, "demo"), document).value
    from datetime import date

    from campaign_cli.dates import parse_date

    day = parse_date(today, year=campaign.year, today=app.today) if today else (
        app.today if ctx.find_root().params.get("today") else date.fromisoformat(document["demo_today"]))
    from campaign_cli.reports.phase_status import phase_status

    status = phase_status(db, campaign, day)
    if json_out:
        emit_json(status.document)
        return
    from campaign_cli.render.phases import phase_status as render

    notice(t("core.demo.created", path=location.display(), today=day.isoformat()), style="muted")
    console = app.console()
    console.print(render(status, console.width))
    console.print(t("core.demo.next", db=_quoted(location.display()), today=day.isoformat()),
                  style="muted", markup=False, highlight=False)


def _quoted(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _remove_old_demo(path: Path) -> None:
    """A demo store is rebuilt from scratch each time; only a store that
    holds nothing but the demo campaign is removed."""
    from campaign_cli.errors import UserError
    from campaign_cli.store.location import StoreLocation
    from campaign_cli.store.opening import open_store

    db = open_store(StoreLocation(f"sqlite:///{path}", path), create=False)
    try:
        keys = [r["key"] for r in db.rows("SELECT key FROM campaign")]
    finally:
        db.close()
    if keys and keys != ["jssp-2023"]:
        raise UserError("core.demo.not_demo", path=str(path))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
