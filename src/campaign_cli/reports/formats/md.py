"""`report --format md`: the monthly report as a Markdown document to paste or send."""

from __future__ import annotations

import html
from typing import Any, Sequence

from campaign_cli.i18n import t
from campaign_cli.reports.formats import labels

TOTALS = {"new": "opened", "in_progress": "open_at_end", "verified": "verified", "findings": "research_findings"}


def _text(value: Any) -> str:
    """Text as Markdown shows it: HTML in it (`<script>`, `<img onerror=…>`)
    escaped, so a renderer prints it instead of running it."""
    return html.escape("" if value is None else str(value), quote=False)


def _cell(value: Any) -> str:
    return _text(value).replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]], right: Sequence[int] = ()) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in headers) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


def summary_lines(document: dict[str, Any]) -> list[str]:
    a, p, k = document["activities"], document["problems"], document["tasks"]
    at = labels.at_end(document)
    uncovered = a.get("uncovered") or []
    lines = [
        t("report.summary.activities", total=a["total"], participants=a["participants"],
          covered=a["units_covered"], branches=a["units_total"]),
        t("report.summary.uncovered", units=labels.sep().join(uncovered)) if uncovered else
        t("report.summary.all_covered") if a["units_total"] else None,
        t("report.summary.problems", at=at,
          **{key: p[key] for key in ("opened", "resolved", "verified", "open_at_end")}),
        t("report.summary.tasks", due=k["due"], done=k["done"], on_time=k["done_on_time"],
          overdue=k["overdue_at_end"], at=at),
        t("report.summary.changes", rate=labels.rate(k["on_time_rate"]), extended=k["extended"],
          reopened=p["reopened"]),
        t("report.summary.findings", count=p["research_findings"]),
        t("report.summary.rechecks", done=p["rechecks_done"], regressed=p["regressed"])
        if p.get("rechecks_done") or p.get("regressed") else None,
    ]
    return [line for line in lines if line]


def problem_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[r["code"], r["title"], labels.department(r["department"]), r["owner"] or "",
             labels.day(r["found_on"]), labels.problem_status(r["status"]), f"{r['tasks_done']}/{r['tasks']}"]
            for r in rows]


def problem_headers() -> list[str]:
    return [t("report.col.code"), t("report.col.title"), t("report.col.department"), t("report.col.owner"),
            t("report.col.found_on"), t("report.col.status"), t("report.col.progress")]


def overdue_headers() -> list[str]:
    return [t("report.col.code"), t("report.col.problem"), t("report.col.measure"), t("report.col.department"),
            t("report.col.owner"), t("report.col.deadline"), t("report.col.days_late")]


def overdue_rows(rows: list[dict[str, Any]]) -> list[list[Any]]:
    return [[r["code"], r["problem"], r["measure"], labels.department(r["department"]), r["owner"] or "",
             labels.day(r["deadline"]), r["days_late"]] for r in rows]


def department_headers() -> list[str]:
    return [t("report.col.department"), t("report.col.tasks"), t("report.col.done"),
            t("report.col.done_on_time"), t("report.col.overdue"), t("report.col.on_time_rate")]


def department_rows(document: dict[str, Any]) -> list[list[Any]]:
    return [[labels.department(r["department"]), r["tasks"], r["done"], r["done_on_time"], r["overdue"],
             labels.rate(r["on_time_rate"])] for r in document["by_department"]]


def held_headers() -> list[str]:
    return [t("report.col.date"), t("report.col.activity"), t("report.col.kind"), t("report.col.unit"),
            t("report.col.participants")]


def held_rows(document: dict[str, Any]) -> list[list[Any]]:
    return [[labels.day(r["date"]), r["title"], labels.kind(r["kind"]), labels.unit(r["unit"]),
             "" if r["participants"] is None else r["participants"]] for r in document["activities"]["held"]]


def extension_headers() -> list[str]:
    return [t("report.col.code"), t("report.col.problem"), t("report.col.measure"), t("report.col.department"),
            t("report.col.owner"), t("report.col.old_deadline"), t("report.col.new_deadline")]


def extension_rows(document: dict[str, Any]) -> list[list[Any]]:
    return [[r["code"], r["problem"], r["measure"], labels.department(r["department"]), r["owner"] or "",
             labels.day(r["old_deadline"]), labels.day(r["new_deadline"])] for r in document["extensions"]]


TASK_FIGURES = ("due", "done", "done_on_time", "overdue_at_end", "extended")


def task_figures(document: dict[str, Any]) -> list[list[Any]]:
    """The month's task figures as (label, value) rows, the on-time rate last."""
    k = document["tasks"]
    return [[labels.count(key, document), k[key]] for key in TASK_FIGURES] + [
        [labels.count("on_time_rate", document), labels.rate(k["on_time_rate"])]]


def phase_headers() -> list[str]:
    return [t("report.col.seq"), t("report.col.phase"), t("report.col.period"), t("report.col.state"),
            t("report.col.elapsed"), t("report.col.activities"), t("report.col.done"), t("report.col.overdue")]


def phase_rows(document: dict[str, Any]) -> list[list[Any]]:
    return [[r["seq"], r["title"], f"{labels.short_day(r['start'])}–{labels.short_day(r['end'])}",
             labels.state(r["state"]), f"{r['elapsed_pct']}%", r["activities"],
             f"{r['tasks_done']}/{r['tasks_total']}", r["tasks_overdue"]] for r in document["phases"]]


def render_markdown(document: dict[str, Any], lang: str | None = None) -> str:
    campaign = document["campaign"]
    out = [f"# {_cell(labels.title(document))}", ""]
    if campaign.get("doc_no"):
        out += [_cell(t("report.doc_no", doc_no=campaign["doc_no"])), ""]
    out += [_cell(labels.subtitle(document)), ""]

    out += [f"## {t('report.section.summary')}", ""]
    out += [f"- {_cell(line)}" for line in summary_lines(document)] + [""]

    if document["phases"]:
        out += [f"## {t('report.section.phases')}", ""]
        out += _table(phase_headers(), phase_rows(document), right=(0, 4, 5, 7))

    a = document["activities"]
    out += [f"## {t('report.section.activities')}", ""]
    if a["held"]:
        out += [f"### {labels.counted(t('report.section.held'), len(a['held']))}", ""]
        out += _table(held_headers(), held_rows(document), right=(4,))
    if a["total"]:
        out += _table([t("report.col.kind"), t("report.col.count")],
                      [[labels.kind(k), n] for k, n in a["by_kind"].items()], right=(1,))
        out += _table([t("report.col.unit"), t("report.col.members"), t("report.col.activities"),
                       t("report.col.participants")],
                      [[labels.unit(u["unit"]), "" if u["members"] is None else u["members"], u["activities"],
                        u["participants"]] for u in a["by_unit"]], right=(1, 2, 3))
        if a["by_target"]:
            out += _table([t("report.col.target"), t("report.col.count")],
                          [[labels.target(k), n] for k, n in a["by_target"].items()], right=(1,))
    else:
        out += [t("report.chart.empty"), ""]

    out += [f"## {t('report.section.problems')}", ""]
    for name in ("new", "in_progress", "verified", "findings"):
        rows = document["sections"][name]
        total = document["problems"][TOTALS[name]]
        out += [f"### {labels.counted(t(f'report.section.{name}'), total)}", ""]
        if rows:
            out += _table(problem_headers(), problem_rows(rows))
            if total > len(rows):
                out += [t("report.more", count=total - len(rows)), ""]
        else:
            out += [t("report.none"), ""]
    overdue = document["overdue"]
    late = document["tasks"]["overdue_at_end"]
    out += [f"### {labels.counted(t('report.section.overdue'), late)}", ""]
    out += _table(overdue_headers(), overdue_rows(overdue), right=(6,)) if overdue else [t("report.none"), ""]
    if late > len(overdue):
        out += [t("report.more", count=late - len(overdue)), ""]

    out += [f"## {t('report.section.tasks')}", ""]
    out += _table([t("report.col.item"), t("report.col.count")], task_figures(document), right=(1,))
    if document["extensions"]:
        out += [f"### {labels.counted(t('report.section.extensions'), len(document['extensions']))}", ""]
        out += _table(extension_headers(), extension_rows(document))
    if document["by_department"]:
        out += [f"## {t('report.section.departments')}", ""]
        out += _table(department_headers(), department_rows(document), right=(1, 2, 3, 4, 5))
    return "\n".join(out).rstrip("\n") + "\n"
