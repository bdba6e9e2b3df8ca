"""The preview of a plan import: what was read and what will change."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from campaign_cli.domain.vocabulary import kind_name, target_name
from campaign_cli.i18n import language, t
from campaign_cli.render.phases import short_date
from campaign_cli.render.tables import make_table

ACTION_STYLE = {"new": "green", "changed": "yellow", "same": "muted"}


def _day(value: Any, year: int | None) -> str:
    return short_date(value.isoformat(), year) if value else "—"


def _kind(key: str, lang: str) -> str:
    # 'problems' (the phase makes the three lists) is a phase kind, not an activity kind.
    return t("plan.kind.problems") if key == "problems" else kind_name(key, lang)


def plan_preview(document: Any, changes: list) -> RenderableType:
    lang = language()
    head = []
    if document.title:
        head.append(Text(document.title, style="title"))
    facts = [f"{t('plan.col.doc_no')}：{document.doc_no}" if document.doc_no else "",
             f"{t('plan.col.year')}：{document.year}" if document.year else ""]
    if any(facts):
        head.append(Text("  ".join(f for f in facts if f), style="muted"))
    table = make_table([t("phase.col.seq"), t("phase.col.title"), t("phase.col.start"), t("phase.col.end"),
                        t("phase.col.as_written"), t("plan.col.kinds"), t("plan.col.action")],
                       justify={0: "right"})
    for phase, change in zip(document.phases, changes):
        kinds = [_kind(k, lang) for k in phase.kinds] + [target_name(k, lang) for k in phase.targets]
        table.add_row(str(phase.seq), phase.title,
                      _day(phase.start, document.year), _day(phase.end, document.year),
                      phase.as_written or "", "、".join(kinds) if lang == "zh" else ", ".join(kinds),
                      Text(t(f"plan.action.{change.action}"), style=ACTION_STYLE[change.action]))
    return Group(*head, table)
