"""campaign report --month YYYY-MM [--format table|md|json|csv|xlsx|html|docx] [--output FILE]
                [--notes FILE] [--template FILE]."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json
from campaign_cli.errors import UsageError
from campaign_cli.i18n import t

FORMATS = ("table", "md", "json", "csv", "xlsx", "html", "docx")
# Binary or page formats never go to a terminal: without --output they are
# written to report-YYYY-MM.<ext> in the current folder.
FILE_FORMATS = ("xlsx", "html", "docx")
# Overdue tasks a document lists (JSON lists all); the rest are counted.
DOCUMENT_OVERDUE_ROWS = 500


def report(
    ctx: typer.Context,
    month: Annotated[Optional[str], typer.Option("--month", metavar="YYYY-MM", help=t("report.opt.month"))] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help=t("report.opt.format"))] = "table",
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE", help=t("report.opt.output"))] = None,
    notes: Annotated[Optional[str], typer.Option("--notes", metavar="FILE", help=t("report.opt.notes"))] = None,
    template: Annotated[Optional[str], typer.Option("--template", metavar="FILE", help=t("report.opt.template"))] = None,
    json_out: Json = False,
) -> None:
    from pathlib import Path

    from campaign_cli.dates import month_bounds
    from campaign_cli.reports.monthly import as_of, default_month, month_report

    app = app_context(ctx)
    fmt = "json" if json_out else fmt.strip().lower()
    if fmt not in FORMATS:
        raise UsageError("report.bad_format", value=fmt, choices=", ".join(FORMATS))
    for option, value in (("--notes", notes), ("--template", template)):
        if value is not None and fmt != "docx":
            raise UsageError("report.docx_only", option=option)
    word = _docx_inputs(notes, template) if fmt == "docx" else None  # bad notes fail before any counting
    campaign = app.campaign
    if month:
        first, last = month_bounds(month)
    else:
        chosen = default_month(app.store, campaign, app.today)
        first, last = chosen.first, chosen.last
        if chosen.fallback:
            from campaign_cli.cli.output import notice

            notice(t("report.outside_campaign", today=app.today.isoformat(), month=month_key(first)))
    at = as_of(last, app.today)
    path = Path(output) if output else (Path(f"report-{month_key(first)}.{fmt}") if fmt in FILE_FORMATS else None)
    if fmt == "csv":  # the task list as of as_of: streamed, no report document needed
        _write_csv(app, campaign, at, path)
        return
    # JSON on stdout streams its overdue rows (every one) and the activities held instead of holding them;
    # the terminal table reads only the rows it shows (the rest is counted).
    limits: dict = {}
    if fmt == "table" and path is None:
        from campaign_cli.render.report_table import TERMINAL_ROWS

        limits = {"overdue_limit": TERMINAL_ROWS, "section_limit": TERMINAL_ROWS, "held_limit": TERMINAL_ROWS}
    document = month_report(app.store, campaign, first, last, app.today,
                            **({"overdue_limit": None if fmt == "json" else DOCUMENT_OVERDUE_ROWS} | limits),
                            stream_overdue=fmt == "json" and path is None)

    if fmt == "json" and path is None:
        emit_json(document)
        return
    if fmt == "table" and path is None:
        from campaign_cli.render.report_table import month_report as render

        app.console().print(render(document))
        return
    content = _build(fmt, document, app, campaign, at) if word is None else _docx(document, app, *word)
    if path is None:
        import sys

        sys.stdout.write(content if isinstance(content, str) else content.decode("utf-8"))
        sys.stdout.flush()
        return
    _write(path, content)
    from campaign_cli.cli.output import notice

    message = t("report.written", path=str(path))
    if fmt == "json":
        notice(message, style="muted")  # stdout stays free for scripts
    else:
        app.console().print(message, markup=False)


def month_key(first) -> str:
    return f"{first.year:04d}-{first.month:02d}"


def _build(fmt: str, document: dict, app, campaign, at) -> str | bytes:
    if fmt == "json":
        import json

        from campaign_cli.cli.output import _default

        return json.dumps(document, ensure_ascii=False, indent=2, default=_default) + "\n"
    if fmt == "md":
        from campaign_cli.reports.formats.md import render_markdown

        return render_markdown(document, app.lang)
    if fmt == "html":
        from campaign_cli.reports.formats.html import render_html

        return render_html(document, app.lang)
    if fmt == "table":
        from io import StringIO

        from rich.console import Console

        from campaign_cli.render.report_table import month_report as render

        buffer = StringIO()
        Console(file=buffer, width=120, color_system=None, highlight=False).print(render(document))
        return buffer.getvalue()
    from campaign_cli.reports.monthly import ledger

    rows = ledger(app.store, campaign, at)
    if fmt == "csv":
        from campaign_cli.reports.formats.csv import render_task_csv

        return render_task_csv(rows.tasks(), app.lang)
    from campaign_cli.reports.formats.xlsx import render_xlsx

    return render_xlsx(document, rows, app.lang)


def _docx_inputs(notes: str | None, template: str | None):
    """The --notes file read and the --template checked, as (ReportNotes|None, Path|None)."""
    from pathlib import Path

    read = None
    if notes is not None:
        from campaign_cli.importers.report_notes import read_notes

        read = read_notes(Path(notes))
    if template is None:
        return read, None
    from campaign_cli.reports.formats.docx import check_template

    check_template(Path(template))
    return read, Path(template)


def _docx(document: dict, app, notes, template) -> bytes:
    from campaign_cli.reports.formats.docx import render_docx

    return render_docx(document, notes=notes, template=template, lang=app.lang)


def _write_csv(app, campaign, at, path) -> None:
    import sys

    from campaign_cli.reports.formats.csv import write_task_csv
    from campaign_cli.reports.monthly import ledger

    rows = ledger(app.store, campaign, at).tasks()
    if path is None:
        write_task_csv(rows, sys.stdout)
        sys.stdout.flush()
        return
    import io

    from campaign_cli.files import writing

    with writing(path) as raw:  # streamed into a temporary beside the target, then renamed
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        write_task_csv(rows, out)
        out.flush()
        out.detach()
    app.console().print(t("report.written", path=str(path)), markup=False)


def _write(path, content: str | bytes) -> None:
    from campaign_cli.files import write_file

    write_file(path, content if isinstance(content, bytes) else content.encode("utf-8"))
