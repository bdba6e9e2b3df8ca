"""campaign overview [--month YYYY-MM] [--format table|md|json|csv|xlsx|html|docx] [--output FILE]."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from campaign_cli.cli.common import Json
from campaign_cli.cli.output import app_context, emit_json
from campaign_cli.errors import UsageError
from campaign_cli.i18n import t

FORMATS = ("table", "md", "json", "csv", "xlsx", "html", "docx")
# Binary or page formats never go to a terminal: without --output they are
# written to overview-YYYY-MM.<ext> in the current folder.
FILE_FORMATS = ("xlsx", "html", "docx")


def overview(
    ctx: typer.Context,
    month: Annotated[Optional[str], typer.Option("--month", metavar="YYYY-MM", help=t("overview.opt.month"))] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help=t("overview.opt.format"))] = "table",
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE",
                                                  help=t("overview.opt.output"))] = None,
    json_out: Json = False,
) -> None:
    from pathlib import Path

    from campaign_cli.dates import month_bounds
    from campaign_cli.reports.overview import overview as build

    app = app_context(ctx)
    fmt = "json" if json_out else fmt.strip().lower()
    if fmt not in FORMATS:
        raise UsageError("overview.bad_format", value=fmt, choices=", ".join(FORMATS))
    first, last = month_bounds(month or f"{app.today.year:04d}-{app.today.month:02d}")
    path = Path(output) if output else (Path(f"overview-{first.year:04d}-{first.month:02d}.{fmt}")
                                        if fmt in FILE_FORMATS else None)
    if fmt == "table" and path is None:
        from campaign_cli.render.overview_table import TERMINAL_ROWS, overview_table

        # The terminal lists the first overdue tasks only: the others are not read.
        document = build(app.store, first, last, app.today, overdue_limit=TERMINAL_ROWS)
        app.console().print(overview_table(document))
        return
    document = build(app.store, first, last, app.today)
    if fmt == "json" and path is None:
        emit_json(document)
        return
    from campaign_cli.reports.formats.overview import render

    content = render(fmt, document)
    if path is None:
        import sys

        sys.stdout.write(content if isinstance(content, str) else content.decode("utf-8"))
        sys.stdout.flush()
        return
    from campaign_cli.cli.output import notice
    from campaign_cli.files import write_file

    write_file(path, content.encode("utf-8") if isinstance(content, str) else content)
    message = t("report.written", path=str(path))
    if fmt == "json":
        notice(message, style="muted")  # stdout stays free for scripts
    else:
        app.console().print(message, markup=False)
