"""campaign plan import FILE: phases read from the plan document itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import acting, app_context, emit_json, notice
from campaign_cli.errors import UserError
from campaign_cli.i18n import t

app = typer.Typer(no_args_is_help=True, rich_markup_mode=None)


def read_plan(path: Path, year: int | None, today, fallback_year: int | None = None) -> Any:
    """The parsed plan. `year` (--year) wins over the document's own (its 文号
    or a dated line); only when the document states none is `fallback_year`
    (the campaign's) used."""
    from campaign_cli.importers.plan import parse_plan, read_plan_text

    text = read_plan_text(path)
    document = parse_plan(text, year=year, today=today)
    if document.year is None and year is None and fallback_year is not None:
        document = parse_plan(text, year=fallback_year, today=today)
    return document


def plan_json(document: Any, changes: list | None = None) -> dict[str, Any]:
    def iso(d):
        return d.isoformat() if d else None

    found = {
        "title": document.title, "doc_no": document.doc_no, "issuer": document.issuer,
        "year": document.year, "start": iso(document.start), "end": iso(document.end),
        "phases": [{"seq": p.seq, "title": p.title, "start": iso(p.start), "end": iso(p.end),
                    "as_written": p.as_written, "kinds": list(p.kinds), "targets": list(p.targets),
                    "line": p.line} for p in document.phases],
        "warnings": [{"line": w.line, "message": t(w.key, **w.params)} for w in document.warnings],
    }
    if changes is not None:
        found["changes"] = [{"title": c.title, "action": c.action,
                             "fields": {k: [iso(a) if hasattr(a, "isoformat") else (list(a) if isinstance(a, tuple) else a),
                                            iso(b) if hasattr(b, "isoformat") else (list(b) if isinstance(b, tuple) else b)]
                                        for k, (a, b) in c.fields.items()}}
                            for c in changes]
    return found


def warn_all(document: Any) -> None:
    for warning in document.warnings:
        notice(t("plan.warning_line", line=warning.line, message=t(warning.key, **warning.params)))


def undated(changes: list) -> list:
    return [c for c in changes if c.end is None]


@app.command("import", help=t("plan.import.help"))
def plan_import(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=t("plan.arg.file"), show_default=False)],
    year: Annotated[Optional[int], typer.Option("--year", min=1949, max=2200, help=t("plan.opt.year"))] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("plan.opt.dry_run"))] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=t("core.opt.yes"))] = False,
    json_out: Json = False,
) -> None:
    from campaign_cli.actions import phases as phase_actions
    from campaign_cli.domain.plan_merge import CHANGED, NEW, plan_changes
    from campaign_cli.store import phases

    app = app_context(ctx)
    # --dry-run reads only the plan: with no store or no campaign yet it
    # shows what the plan holds, all of it new (SPEC §5).
    campaign = None if dry_run and not _has_campaign(app) else app.campaign
    document = read_plan(file, year, app.today, fallback_year=campaign.year if campaign else None)
    changes = plan_changes(phases.all_phases(app.store, campaign.id) if campaign else [], document.phases)
    if not json_out:
        warn_all(document)
    if not document.phases:
        raise UserError("plan.none_found", file=str(file))
    if dry_run:
        if json_out:
            emit_json(plan_json(document, changes))
        else:
            _preview(app, document, changes)
        return
    if not json_out:
        _preview(app, document, changes)
    writable = [c for c in changes if c.end is not None and c.action in (NEW, CHANGED)]
    for skipped in undated(changes):
        notice(t("plan.skipped_undated", title=skipped.title))
    if writable and not yes:
        if not typer.confirm(t("plan.confirm", count=len(writable)), default=True, err=True):
            raise UserError("plan.cancelled")
    phase_actions.import_plan(acting(ctx), writable)
    if json_out:
        emit_json(plan_json(document, changes))
    else:
        new = sum(1 for c in writable if c.action == NEW)
        app.console().print(t("plan.imported", new=new, changed=len(writable) - new,
                              same=len(changes) - len(writable) - len(undated(changes))), markup=False)


def _has_campaign(app: Any) -> bool:
    from campaign_cli.errors import CampaignError

    try:
        app.campaign
    except CampaignError:
        return False
    return True


def _preview(app: Any, document: Any, changes: list) -> None:
    from campaign_cli.render.plan import plan_preview

    app.console().print(plan_preview(document, changes))
