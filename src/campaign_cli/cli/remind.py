"""campaign remind: one message per owner with their red and yellow tasks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json, notice
from campaign_cli.errors import UsageError
from campaign_cli.i18n import t


def remind(
    ctx: typer.Context,
    within: Annotated[Optional[str], typer.Option("--within", metavar="7d", help=t("remind.opt.within"))] = None,
    owner: Annotated[Optional[str], typer.Option("--owner", metavar="O", help=t("remind.opt.owner"))] = None,
    dept: Annotated[Optional[str], typer.Option("--dept", metavar="U", help=t("remind.opt.dept"))] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="text|md|json", help=t("remind.opt.format"))] = "text",
    output: Annotated[Optional[Path], typer.Option("--output", metavar="DIR", help=t("remind.opt.output"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.reports.ledger import clock
    from campaign_cli.reports.remind import FORMATS, file_name, reminders

    app = app_context(ctx)
    fmt = "json" if json_out else fmt.strip().lower()
    if fmt not in FORMATS:
        raise UsageError("remind.bad_format", value=fmt)
    days = None
    if within:
        from campaign_cli.dates import parse_days

        days = parse_days(within)
    db, campaign = app.store, app.campaign
    found = reminders(db, campaign, clock(db, campaign, app.today), within=days, owner=owner, dept=dept,
                      fmt="md" if fmt == "md" else "text")
    if output is not None:
        import json

        from campaign_cli.cli.output import _default
        from campaign_cli.files import write_file

        output.mkdir(parents=True, exist_ok=True)
        taken: set[str] = set()
        suffix = {"text": "txt", "md": "md", "json": "json"}[fmt]
        for item in found:
            name = file_name(item["owner"], item["department"], taken, suffix)
            data = (json.dumps(item, ensure_ascii=False, indent=2, default=_default) + "\n") if fmt == "json" \
                else item["text"]
            write_file(output / name, data.encode("utf-8"))
        notice(t("remind.written", count=len(found), folder=str(output)), style="muted")
        if fmt != "json":
            return
    if fmt == "json":
        emit_json(found)
        return
    if not found:
        app.console().print(t("remind.none"), markup=False)
        return
    rule = "\n" + "—" * 20 + "\n\n" if fmt == "text" else "\n---\n\n"
    app.console().print(rule.join(item["text"] for item in found), markup=False, highlight=False, end="",
                        soft_wrap=True)
