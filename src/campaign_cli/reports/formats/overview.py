"""`overview` formats: md, csv (the ranking), xlsx (排名 and 逾期任务 sheets),
html (one self-contained page), json and the terminal table to a file; the
通报 is `overview_docx.py`. Each is a pure function of the SPEC §3 document,
so every format shows the same figures, and each says the day they are
judged at (`as_of`) and whether the month is over."""

from __future__ import annotations

from datetime import date
from typing import Any

from campaign_cli.i18n import language, t
from campaign_cli.reports.formats import labels

RANKING = ("rank", "key", "title", "current", "activities", "participants", "coverage", "opened", "verified",
           "open_at_end", "due", "done", "done_on_time", "overdue", "rate", "red")
# Right-aligned (counted) columns of the ranking.
RANKING_RIGHT = tuple(i for i, c in enumerate(RANKING) if c not in ("key", "title", "current"))


def title(document: dict[str, Any]) -> str:
    year, month = document["month"].split("-")
    return t("overview.title", year=year, month=int(month) if language() == "zh" else month)


def subtitle(document: dict[str, Any]) -> str:
    """统计截至 …（本月尚未结束）: the report's words for the day figures are judged at."""
    return labels.subtitle(document)


def summary(document: dict[str, Any]) -> str:
    s = document["totals"]
    p, k = s["problems"], s["tasks"]
    return t("overview.summary", campaigns=s["campaigns"], activities=s["activities"],
             participants=s["participants"], covered=s["units_covered"], branches=s["units_total"],
             opened=p["opened"], verified=p["verified"], open_at_end=p["open_at_end"], due=k["due"],
             done=k["done"], on_time=k["done_on_time"], overdue=k["overdue_at_end"],
             rate=labels.rate(k["on_time_rate"]), at=labels.at_end(document))


def phases(seqs: list[int]) -> str:
    return labels.sep().join(str(s) for s in seqs) if seqs else "—"


def ranking_headers() -> list[str]:
    return [t(f"overview.col.{c}") for c in RANKING]


def ranking_cells(row: dict[str, Any]) -> list[Any]:
    p, k = row["problems"], row["tasks"]
    return [row["rank"], row["key"], row["title"], phases(row["current"]), row["activities"],
            row["participants"], f"{row['units_covered']}/{row['units_total']}", p["opened"], p["verified"],
            p["open_at_end"], k["due"], k["done"], k["done_on_time"], k["overdue_at_end"],
            labels.rate(row["on_time_rate"]), row["red"]]


def totals_cells(document: dict[str, Any]) -> list[Any]:
    s = document["totals"]
    row = dict(s, rank="", key="", title=t("overview.section.totals"), current=[])
    cells = ranking_cells(row)
    cells[3] = ""
    return cells


def overdue_headers() -> list[str]:
    return [t("overview.col.key"), t("overview.col.campaign"), t("report.col.code"), t("report.col.problem"),
            t("report.col.measure"), t("report.col.department"), t("report.col.owner"), t("report.col.deadline"),
            t("report.col.days_late")]


def overdue_cells(row: dict[str, Any]) -> list[Any]:
    return [row["campaign"], row["campaign_title"], row["code"], row["problem"], row["measure"],
            labels.department(row["department"]), row["owner"] or "", labels.day(row["deadline"]),
            row["days_late"]]


# --- md --------------------------------------------------------------------------

def render_markdown(document: dict[str, Any]) -> str:
    from campaign_cli.reports.formats.md import _table

    out = [f"# {title(document)}", "", subtitle(document), ""]
    if not document["campaigns"]:
        return "\n".join(out + [t("overview.no_campaigns")]) + "\n"
    out += [summary(document), ""]
    out += [f"## {t('overview.section.ranking')}", ""]
    rows = [ranking_cells(r) for r in document["campaigns"]] + [totals_cells(document)]
    out += _table(ranking_headers(), rows, right=RANKING_RIGHT)
    overdue = document["overdue"]
    out += [f"## {labels.counted(t('overview.section.overdue'), len(overdue))}", ""]
    out += _table(overdue_headers(), [overdue_cells(r) for r in overdue], right=(8,)) if overdue \
        else [t("report.none"), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- csv and xlsx ----------------------------------------------------------------

def _tables(document: dict[str, Any]):
    from campaign_cli.reports.export_lists import Table

    def widths(headers: list[str], rows: list[list[Any]]) -> list[int]:
        def w(value: Any) -> int:
            return 10 if isinstance(value, date) else sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value or ""))

        return [min(60, max(6, max([w(h)] + [w(r[i]) for r in rows]) + 2)) for i, h in enumerate(headers)]

    # The day the figures are judged at, in a column of its own (the sheet stays one table).
    at = date.fromisoformat(document["as_of"])
    headers = ranking_headers() + [t("overview.col.as_of_open" if labels.in_progress(document)
                                     else "overview.col.as_of")]
    ranking = [ranking_cells(r) + [at] for r in document["campaigns"]]
    if document["campaigns"]:
        ranking.append(totals_cells(document) + [at])
    overdue = [[r["campaign"], r["campaign_title"], r["code"], r["problem"], r["measure"],
                labels.department(r["department"]), r["owner"] or "", date.fromisoformat(r["deadline"]),
                r["days_late"]] for r in document["overdue"]]
    return [Table(t("overview.sheet.ranking"), headers, ranking, widths(headers, ranking)),
            Table(t("overview.sheet.overdue"), overdue_headers(), overdue, widths(overdue_headers(), overdue))]


def render_csv(document: dict[str, Any]) -> str:
    """The ranking table (with its totals row), UTF-8 with a BOM, formula-guarded."""
    from campaign_cli.reports.formats.sheets import csv_text

    return csv_text(_tables(document)[0])


def render_xlsx(document: dict[str, Any]) -> bytes:
    """Two sheets, 排名 and 逾期任务; text that could start a formula stays text."""
    import io

    from campaign_cli.reports.formats.sheets import write_xlsx

    buffer = io.BytesIO()
    write_xlsx(_tables(document), buffer)  # type: ignore[arg-type]
    return buffer.getvalue()


# --- html ------------------------------------------------------------------------

def render_html(document: dict[str, Any]) -> str:
    from campaign_cli.reports.formats.html import CSS, escape, table

    heading = title(document)
    out = [f'<!DOCTYPE html><html lang="{"zh-CN" if language() == "zh" else "en"}"><head>'
           '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>{escape(heading)}</title><style>{CSS}"
           "table.ranking { font-size: 8.5pt; } tr.total td { font-weight: bold; }</style></head><body>",
           f"<h1>{escape(heading)}</h1>",
           f'<p class="meta">{escape(subtitle(document))}</p>']
    if not document["campaigns"]:
        out.append(f'<p class="none">{escape(t("overview.no_campaigns"))}</p>')
    else:
        out.append(f"<p>{escape(summary(document))}</p>")
        out.append(f"<h2>{escape(t('overview.section.ranking'))}</h2>")
        rows = [ranking_cells(r) for r in document["campaigns"]] + [totals_cells(document)]
        ranking = table(ranking_headers(), rows, right=RANKING_RIGHT, late=RANKING.index("red"))
        ranking = ranking.replace("<table>", '<table class="ranking">', 1)
        last = ranking.rfind("<tr>")
        out.append(ranking[:last] + '<tr class="total">' + ranking[last + 4:])
        overdue = document["overdue"]
        out.append(f"<h2>{escape(labels.counted(t('overview.section.overdue'), len(overdue)))}</h2>")
        out.append(table(overdue_headers(), [overdue_cells(r) for r in overdue], right=(8,), late=8) if overdue
                   else f'<p class="none">{escape(t("report.none"))}</p>')
    out.append(f'<p class="meta">{escape(document["month"])} · campaign overview</p>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


# --- every format but the terminal's own ------------------------------------------

def render(fmt: str, document: dict[str, Any]) -> str | bytes:
    if fmt == "json":
        import json

        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return render_markdown(document)
    if fmt == "csv":
        return render_csv(document)
    if fmt == "xlsx":
        return render_xlsx(document)
    if fmt == "html":
        return render_html(document)
    if fmt == "docx":
        from campaign_cli.reports.formats.overview_docx import render_docx

        return render_docx(document)
    from io import StringIO

    from rich.console import Console

    from campaign_cli.render.overview_table import overview_table

    buffer = StringIO()
    Console(file=buffer, width=120, color_system=None, highlight=False).print(overview_table(document))
    return buffer.getvalue()
