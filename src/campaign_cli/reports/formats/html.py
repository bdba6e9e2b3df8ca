"""`report --format html`: one self-contained page (no external scripts, fonts
or styles) to send upward and print on A4, with two charts drawn as inline
SVG: open tasks across the month (burn-down) and activities per week by kind."""

from __future__ import annotations

from html import escape as _escape
from typing import Any, Sequence

from campaign_cli.domain import vocabulary
from campaign_cli.domain.text import clean_block
from campaign_cli.i18n import language, t
from campaign_cli.reports.formats import labels
from campaign_cli.reports.formats import md as words

# One colour per activity kind, in vocabulary order; readable in grey print too.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf", "#7f7f7f")
KIND_COLOURS = dict(zip(vocabulary.KINDS, PALETTE))

CSS = """
@page { size: A4; margin: 15mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       "Hiragino Sans GB", "SimSun", sans-serif; font-size: 10.5pt; color: #111; margin: 0 auto;
       max-width: 182mm; line-height: 1.45; }
h1 { font-size: 17pt; margin: 0 0 4pt; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; border-bottom: 1.5pt solid #444; padding-bottom: 2pt;
     break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; break-after: avoid; page-break-after: avoid; }
.meta { color: #555; margin: 0; }
ul.summary { padding-left: 18pt; margin: 4pt 0; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 9.5pt; }
th, td { border: 0.75pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #e8eef6; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; page-break-inside: avoid; }
.late { color: #b00020; font-weight: bold; }
.none, .more { color: #666; margin: 2pt 0 8pt; }
figure { margin: 6pt 0 10pt; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: bold; margin-bottom: 2pt; }
svg { width: 100%; height: auto; }
svg text { font-size: 11px; fill: #333; }
@media print { body { max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def escape(text: str) -> str:
    """HTML text without the controls an older store may still hold."""
    return _escape(clean_block(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]], right: Sequence[int] = (),
           late: int | None = None) -> str:
    head = "".join(f'<th{" class=n" if i in right else ""}>{escape(str(h))}</th>' for i, h in enumerate(headers))
    body = []
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            classes = " ".join(c for c in ("n" if i in right else "", "late" if i == late else "") if c)
            cls = f' class="{classes}"' if classes else ""
            cells.append(f"<td{cls}>{escape('' if v is None else str(v))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _nice_max(value: int) -> int:
    """A round top for an axis: 1, 2, 5, 10, 20, 50 …"""
    value = max(1, value)
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= value:
                return step * m
        step *= 10


def burn_down_svg(series: list[dict[str, Any]]) -> str:
    width, height, left, right, top, bottom = 680, 230, 44, 12, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max((p["open"] for p in series), default=0))
    n = max(1, len(series) - 1)

    def x(i: int) -> float:
        return left + plot_w * i / n

    def y(v: int) -> float:
        return top + plot_h * (1 - v / top_value)

    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" '
             f'class="chart burn-down" aria-label="{escape(t("report.chart.burn_down"))}">',
             f"<title>{escape(t('report.chart.burn_down'))}</title>"]
    for tick in (0, top_value // 2, top_value) if top_value > 1 else (0, top_value):
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" '
                     'stroke="#ddd" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, point in enumerate(series):
        day = int(point["date"][8:])
        if day == 1 or day % 5 == 0 or i == len(series) - 1:
            parts.append(f'<text x="{x(i):.1f}" y="{height - 10}" text-anchor="middle">{day}</text>')
    points = " ".join(f"{x(i):.1f},{y(p['open']):.1f}" for i, p in enumerate(series))
    if series:
        parts.append(f'<polyline class="series" fill="none" stroke="#d62728" stroke-width="2.5" points="{points}"/>')
        for i, p in enumerate(series):
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(p["open"]):.1f}" r="2" fill="#d62728">'
                         f'<title>{escape(p["date"])}: {p["open"]}</title></circle>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
                 'stroke="#444" stroke-width="1"/>')
    parts.append("</svg>")
    return "".join(parts)


def per_week_svg(weeks: list[dict[str, Any]]) -> str:
    width, height, left, right, top, bottom = 680, 250, 44, 12, 14, 64
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(w["by_kind"].values()) for w in weeks]
    top_value = _nice_max(max(totals, default=0))
    kinds = [k for k in vocabulary.KINDS if any(k in w["by_kind"] for w in weeks)]
    kinds += sorted({k for w in weeks for k in w["by_kind"]} - set(kinds))
    slot = plot_w / max(1, len(weeks))
    bar = slot * 0.6
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" '
             f'class="chart per-week" aria-label="{escape(t("report.chart.per_week"))}">',
             f"<title>{escape(t('report.chart.per_week'))}</title>"]

    def y(v: float) -> float:
        return top + plot_h * (1 - v / top_value)

    for tick in sorted({0, top_value // 2, top_value}):
        parts.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" '
                     'stroke="#ddd" stroke-width="1"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    for i, week in enumerate(weeks):
        x0 = left + slot * i + (slot - bar) / 2
        level = 0
        for kind in kinds:
            n = week["by_kind"].get(kind, 0)
            if not n:
                continue
            colour = KIND_COLOURS.get(kind, "#7f7f7f")
            parts.append(f'<rect class="bar" x="{x0:.1f}" y="{y(level + n):.1f}" width="{bar:.1f}" '
                         f'height="{y(level) - y(level + n):.1f}" fill="{colour}">'
                         f'<title>{escape(labels.kind(kind))}: {n}</title></rect>')
            level += n
        label = t("report.chart.week_label", start=labels.short_day(week["start"]), end=labels.short_day(week["end"]))
        parts.append(f'<text x="{x0 + bar / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{escape(label)}</text>')
        if level:
            parts.append(f'<text x="{x0 + bar / 2:.1f}" y="{y(level) - 3:.1f}" text-anchor="middle">{level}</text>')
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
                 'stroke="#444" stroke-width="1"/>')
    lx = left
    for kind in kinds:
        colour = KIND_COLOURS.get(kind, "#7f7f7f")
        name = labels.kind(kind)
        parts.append(f'<rect x="{lx}" y="{height - 22}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{lx + 14}" y="{height - 13}">{escape(name)}</text>')
        lx += 24 + 7 * sum(2 if ord(c) > 0x2E80 else 1 for c in name)
    if not kinds:
        parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" text-anchor="middle">'
                     f'{escape(t("report.chart.empty"))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(document: dict[str, Any], lang: str | None = None) -> str:
    campaign = document["campaign"]
    title = labels.title(document)
    out = [f'<!DOCTYPE html><html lang="{"zh-CN" if language() == "zh" else "en"}"><head>'
           '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
           f"<h1>{escape(title)}</h1>"]
    if campaign.get("doc_no"):
        out.append(f'<p class="meta">{escape(t("report.doc_no", doc_no=campaign["doc_no"]))}</p>')
    out.append(f'<p class="meta">{escape(labels.subtitle(document))}</p>')

    out.append(f"<h2>{escape(t('report.section.summary'))}</h2><ul class=summary>")
    out += [f"<li>{escape(line)}</li>" for line in words.summary_lines(document)]
    out.append("</ul>")

    out.append(f"<h2>{escape(t('report.section.charts'))}</h2>")
    out.append(f"<figure><figcaption>{escape(t('report.chart.burn_down'))}</figcaption>"
               f"{burn_down_svg(document['burn_down'])}</figure>")
    out.append(f"<figure><figcaption>{escape(t('report.chart.per_week'))}</figcaption>"
               f"{per_week_svg(document['activities']['per_week'])}</figure>")

    if document["phases"]:
        out.append(f"<h2>{escape(t('report.section.phases'))}</h2>")
        out.append(table(words.phase_headers(), words.phase_rows(document), right=(0, 4, 5, 7)))

    a = document["activities"]
    out.append(f"<h2>{escape(t('report.section.activities'))}</h2>")
    if a["held"]:
        out.append(f"<h3>{escape(labels.counted(t('report.section.held'), len(a['held'])))}</h3>")
        out.append(table(words.held_headers(), words.held_rows(document), right=(4,)))
    if a["total"]:
        out.append(table([t("report.col.kind"), t("report.col.count")],
                          [[labels.kind(k), n] for k, n in a["by_kind"].items()], right=(1,)))
        out.append(table([t("report.col.unit"), t("report.col.members"), t("report.col.activities"),
                           t("report.col.participants")],
                          [[labels.unit(u["unit"]), u["members"], u["activities"], u["participants"]]
                           for u in a["by_unit"]], right=(1, 2, 3)))
        if a["by_target"]:
            out.append(table([t("report.col.target"), t("report.col.count")],
                              [[labels.target(k), n] for k, n in a["by_target"].items()], right=(1,)))
    else:
        out.append(f'<p class="none">{escape(t("report.chart.empty"))}</p>')

    out.append(f"<h2>{escape(t('report.section.problems'))}</h2>")
    for name in ("new", "in_progress", "verified", "findings"):
        rows = document["sections"][name]
        total = document["problems"][words.TOTALS[name]]
        out.append(f"<h3>{escape(labels.counted(t(f'report.section.{name}'), total))}</h3>")
        if rows:
            out.append(table(words.problem_headers(), words.problem_rows(rows), right=(6,)))
            if total > len(rows):
                out.append(f'<p class="more">{escape(t("report.more", count=total - len(rows)))}</p>')
        else:
            out.append(f'<p class="none">{escape(t("report.none"))}</p>')
    overdue = document["overdue"]
    late = document["tasks"]["overdue_at_end"]
    out.append(f"<h3>{escape(labels.counted(t('report.section.overdue'), late))}</h3>")
    out.append(table(words.overdue_headers(), words.overdue_rows(overdue), right=(6,), late=6) if overdue
               else f'<p class="none">{escape(t("report.none"))}</p>')
    if late > len(overdue):
        out.append(f'<p class="more">{escape(t("report.more", count=late - len(overdue)))}</p>')

    out.append(f"<h2>{escape(t('report.section.tasks'))}</h2>")
    out.append(table([t("report.col.item"), t("report.col.count")], words.task_figures(document), right=(1,)))
    if document["extensions"]:
        out.append(f"<h3>{escape(labels.counted(t('report.section.extensions'), len(document['extensions'])))}</h3>")
        out.append(table(words.extension_headers(), words.extension_rows(document)))
    if document["by_department"]:
        out.append(f"<h2>{escape(t('report.section.departments'))}</h2>")
        out.append(table(words.department_headers(), words.department_rows(document), right=(1, 2, 3, 4, 5),
                          late=4))
    out.append(f'<p class="meta">{escape(campaign["title"])} · {escape(document["month"])} · campaign</p>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"

