"""campaign export | import: the whole campaign out (json, csv, xlsx, ics),
and a JSON export or a CSV/XLSX ledger in."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json, notice
from campaign_cli.errors import UsageError, UserError
from campaign_cli.files import write_file, writing
from campaign_cli.i18n import t

FORMATS = ("json", "csv", "xlsx", "ics")
PROGRESS_ABOVE = 2000  # rows: a progress bar on stderr for larger ledgers
PREVIEW = 5


def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="json|csv|xlsx|ics",
                                     help=t("transfer.opt.format"))] = "json",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE",
                                                   help=t("transfer.opt.output"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.store.campaigns import now_text

    app = app_context(ctx)
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise UsageError("transfer.bad_format", value=fmt, choices="|".join(FORMATS))
    if output is None and (fmt == "xlsx" or (json_out and fmt != "json")):
        raise UsageError("transfer.needs_output", format=fmt)
    db, campaign = app.store, app.campaign
    if fmt == "json":
        from campaign_cli.reports.export_json import export_document

        # Streamed: the long lists are read while they are written out (never held).
        document = export_document(db, campaign.id, now_text(), stream=True)
        if output is None:
            emit_json(document)
            return
        import io

        from campaign_cli.cli.output import write_json

        with writing(output) as raw:  # into a temporary beside the target, then renamed
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            write_json(document, out.write)
            out.flush()
            out.detach()
    elif fmt == "csv":
        from campaign_cli.reports.export_lists import task_table
        from campaign_cli.reports.formats.sheets import csv_text

        text = csv_text(task_table(db, campaign.id, app.today))
        if output is None:
            sys.stdout.write(text)
            return
        write_file(output, text.encode("utf-8"))
    elif fmt == "xlsx":
        from campaign_cli.reports.export_lists import all_tables
        from campaign_cli.reports.formats.sheets import write_xlsx

        assert output is not None
        tables = all_tables(db, campaign.id, app.today)
        with writing(output) as out:
            write_xlsx(tables, out)
    else:
        from campaign_cli.reports.formats.ics import calendar_bytes

        data = calendar_bytes(db, campaign)
        if output is None:
            sys.stdout.write(data.decode("utf-8"))
            return
        write_file(output, data)
    from campaign_cli.store.dump import counts

    summary = {"campaign": campaign.key, "format": fmt, "output": str(output), **_counts(counts(db, campaign.id))}
    if json_out:
        emit_json(summary)
    else:
        notice(t("transfer.exported", format=fmt, output=str(output), **_counts(counts(db, campaign.id))),
               style="muted")


def _counts(found: dict[str, int]) -> dict[str, int]:
    return {"activities": found["activity"], "problems": found["problem"], "tasks": found["task"],
            "events": found["event"]}


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help=t("transfer.arg.file"), show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=t("transfer.opt.dry_run"))] = False,
    maps: Annotated[Optional[list[str]], typer.Option("--map", metavar="COL=FIELD",
                                                      help=t("transfer.opt.map"))] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help=t("transfer.opt.yes"))] = False,
    as_key: Annotated[Optional[str], typer.Option("--as", metavar="KEY", help=t("transfer.opt.as"))] = None,
    rejects: Annotated[Optional[Path], typer.Option("--rejects", metavar="FILE", help=t("transfer.opt.rejects"))] = None,
    json_out: Json = False,
) -> None:
    from campaign_cli.importers.campaign_json import looks_like_json
    from campaign_cli.importers.ledger import check_file

    app = app_context(ctx)
    path = Path(file)
    if path.is_file():
        with path.open("rb") as handle:
            head = handle.read(64)
        if looks_like_json(path, head):
            if maps:
                raise UsageError("transfer.map_needs_ledger")
            app.may_create_store = not dry_run  # a JSON export may start a new store (SPEC §5)
            _import_document(app, path, as_key=as_key, dry_run=dry_run, json_out=json_out)
            return
    check_file(path)
    if as_key:
        raise UsageError("transfer.as_needs_json")
    _import_ledger(app, path, maps or [], dry_run=dry_run, yes=yes, json_out=json_out, rejects=rejects)


def acting_on(app: Any, command: str, campaign: Any = None) -> Any:
    from campaign_cli.actions import Act

    return Act(app.store, app.actor, app.today, command, campaign)


def _import_document(app: Any, path: Path, *, as_key: str | None, dry_run: bool, json_out: bool) -> None:
    from campaign_cli.domain.campaigns import check_key
    from campaign_cli.importers.campaign_json import read_document
    from campaign_cli.store import campaigns

    document = read_document(path)
    key = check_key(as_key) if as_key else document["campaign"]["key"]
    if dry_run and campaigns.by_key(app.store, key) is not None:
        raise UserError("transfer.campaign_exists", key=key)
    counts = {section: len(document.get(section, [])) for section in
              ("units", "phases", "activities", "problems", "responsibilities", "tasks", "events")}
    if not dry_run:
        from campaign_cli.actions.imports import restore_document

        campaign = restore_document(acting_on(app, "import " + path.name), document, key=key).value
    result = {"file": str(path), "kind": "campaign", "dry_run": dry_run, "campaign": key, **counts}
    if json_out:
        emit_json(result)
        return
    message = "transfer.would_restore" if dry_run else "transfer.restored"
    app.console().print(t(message, key=key, title=document["campaign"]["title"], **counts), markup=False)
    if not dry_run:
        app.console().print(t("campaign.now_current", key=campaign.key, title=campaign.title, actor=app.actor), markup=False)


class _Progress:
    """A Rich progress bar on stderr, shown only for large files."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total <= PROGRESS_ABOVE:
                return
            from rich.progress import Progress

            from campaign_cli.render.theme import make_console

            self.bar = Progress(console=make_console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.label, total=total)
        self.bar.update(self.task, completed=done, total=total)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def ledger_context(app: Any) -> Any:
    """What the ledger reader needs of the campaign: its year and end, the
    立行立改 limit and the school calendar (SPEC §4)."""
    from campaign_cli.importers.ledger import LedgerContext, SchoolCalendar
    from campaign_cli.store.campaigns import settings

    campaign = app.campaign
    found = settings(app.store, campaign.id)
    terms = SchoolCalendar.parse(found.school_calendar) if found.school_calendar else SchoolCalendar()
    return LedgerContext(year=campaign.year, today=app.today, campaign_end=campaign.end,
                         short_term_days=found.short_term_days, terms=terms)


def write_rejects(path: Path, header_rows: list[list[str]], rejected: list) -> None:
    """The refused rows as a sheet at `path` (.csv or .xlsx), written safely."""
    from campaign_cli.importers.ledger import rejects_sheet

    write_file(path, rejects_sheet(path, header_rows, rejected))
    notice(t("transfer.rejects_written", count=len(rejected), file=str(path)))


def _import_ledger(app: Any, path: Path, maps: list[str], *, dry_run: bool, yes: bool, json_out: bool,
                   rejects: Path | None = None) -> None:
    from campaign_cli.actions.imports import import_ledger
    from campaign_cli.importers.ledger import parse_map, read_ledger
    from campaign_cli.store import bulk

    mapping = parse_map(maps)
    campaign, db = app.campaign, app.store
    progress = _Progress(t("transfer.reading", file=path.name))
    try:
        # Without --rejects a bad row refuses the whole file; with it the
        # refused rows go to a sheet to fix and import again (SPEC §7).
        ledger = read_ledger(path, ledger_context(app), mapping=mapping, progress=progress, strict=rejects is None)
    finally:
        progress.stop()
    if ledger.ignored:
        notice(t("transfer.ignored_columns", columns="、".join(ledger.ignored)))
    for item in ledger.notices:
        notice(t(item.key, **{"rows": "、".join(map(str, item.rows)), **item.params}))
    if rejects is not None and ledger.rejected:
        write_rejects(rejects, ledger.header_rows, ledger.rejected)
    ask = not dry_run and not yes and not json_out and sys.stdin.isatty()
    if dry_run or ask:  # (a write plans again inside its transaction)
        planned = bulk.plan(db, campaign.id, ledger.problems)
    if ask and planned.problems:
        if not typer.confirm(t("transfer.confirm", problems=len(planned.problems), tasks=planned.tasks)):
            raise typer.Exit(1)
    if not dry_run:
        outcome = import_ledger(acting_on(app, "import " + path.name, campaign), ledger.problems)
        planned = outcome.value
    if planned.new_units:
        notice(t("transfer.units_added" if not dry_run else "transfer.units_would_add",
                 count=len(planned.new_units), names="、".join(planned.new_units)))
    if planned.skipped:
        notice(t("transfer.skipped", count=len(planned.skipped),
                 titles="、".join(p.title for p in planned.skipped[:5]) + ("…" if len(planned.skipped) > 5 else "")))
    result = _ledger_result(path, ledger, planned, dry_run)
    if json_out:
        emit_json(result)
        return
    from campaign_cli.render.transfer import ledger_preview

    key = "transfer.would_add" if dry_run else "transfer.added"
    console = app.console()
    console.print(t(key, rows=ledger.rows, problems=result["problems"], tasks=result["tasks"],
                    units=len(planned.new_units), skipped=len(planned.skipped)), markup=False)
    if result["preview"]:
        console.print(ledger_preview(result["preview"]))


def _ledger_result(path: Path, ledger: Any, planned: Any, dry_run: bool) -> dict[str, Any]:
    from campaign_cli.actions.imports import responsibilities_of as _responsibilities

    preview = []
    number = planned.first_task_no
    for i, problem in enumerate(planned.problems):
        for task in problem.tasks:
            if len(preview) < PREVIEW:
                preview.append({"row": task.row, "code": f"T-{number}", "problem": f"P-{planned.first_problem_no + i}",
                                "title": problem.title, "measure": task.measure, "owner": task.owner,
                                "department": task.department, "deadline": task.deadline.isoformat(),
                                "status": task.status})
            number += 1
    n_problems, n_tasks = len(planned.problems), planned.tasks
    return {
        "file": str(path), "kind": "ledger", "dry_run": dry_run, "rows": ledger.rows,
        "columns": ledger.columns, "problems": n_problems, "tasks": n_tasks,
        "responsibilities": planned.responsibilities if planned.responsibilities is not None
        else sum(len(_responsibilities(p)) for p in planned.problems),
        "rejected": [{"row": r.row, "reason": r.reason} for r in getattr(ledger, "rejected", [])],
        "units_added": planned.new_units, "skipped": [p.title for p in planned.skipped],
        "codes": {
            "problems": [f"P-{planned.first_problem_no}", f"P-{planned.first_problem_no + n_problems - 1}"]
            if n_problems else [],
            "tasks": [f"T-{planned.first_task_no}", f"T-{planned.first_task_no + n_tasks - 1}"] if n_tasks else [],
        },
        "preview": preview,
    }
