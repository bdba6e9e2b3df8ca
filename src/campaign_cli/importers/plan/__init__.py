"""Read a plan document (实施方案) and parse it into data.

Pure: it reads a file and returns plain data; it never touches the store
(the CLI previews what it found and writes). The stages, each its own
module and each testable alone:

1. `read`: a .txt / .md / .docx / .pdf file as normalised text
   (`read_plan_text`): encoding, Word tables and numbering, PDF lines,
   traditional characters.
2. `lines`: the text as candidate lines and inline items, with their
   numbering, table cells, page junk and dates (found by `campaign_cli.dates`).
3. `words`: the vocabulary the other stages read (headings, phase words,
   kinds, junk), as data.
4. `phases`: which items are the phases, their titles, dates and kinds,
   the overall period, the year carried through the timetable.
5. `document`: the title, the 文号 and its issuer, the year.

`parse_plan` runs 2–5. What cannot be read becomes a `PlanWarning` naming
the line; a date is never guessed: a phase without one has no start and no end.
"""

from __future__ import annotations

from datetime import date

from campaign_cli.importers.plan import document
from campaign_cli.importers.plan.lines import split_lines
from campaign_cli.importers.plan.model import PlanDocument, PlanPhase, PlanWarning, warn
from campaign_cli.importers.plan.phases import Finder, overall, resolve_phases, untaken
from campaign_cli.importers.plan.read import MAX_BYTES, normalise_text, read_plan_text

__all__ = [
    "MAX_BYTES",
    "PlanDocument",
    "PlanPhase",
    "PlanWarning",
    "normalise_text",
    "parse_plan",
    "read_plan_text",
]


def parse_plan(text: str, *, year: int | None = None, today: date) -> PlanDocument:
    """A plan's title, 文号, year, overall period and phases.

    `year` (the --year option) wins; else the 文号's year (常教工委〔2023〕28号);
    else the first full date written in the plan; else None, and dates
    written without a year are read in today's year (the caller asks or errors).
    """
    lines = split_lines(normalise_text(text))
    warnings: list[PlanWarning] = []
    title = document.title(lines)
    doc_no, issuer, no_year = document.doc_no(lines)

    finder = Finder(lines, year or no_year or today.year, today)
    raws = finder.find()
    phase_lines = {r.line for r in raws} | {b.no for r in raws for b in r.block}
    doc_year = year or no_year or document.stated_year(lines, phase_lines, title)
    base = doc_year or today.year
    finder.year = base

    phases = resolve_phases(raws, base, today, warnings)
    phase_warnings = len(warnings)
    start, end, not_a_phase = overall(finder, raws, phases, base, today, warnings)
    read_as = list(raws)  # every item read, the overall period's included
    if not_a_phase is not None:  # the overall period, stated as an item: not a phase
        at = phases.index(not_a_phase)
        phases.pop(at)
        raws = raws[:at] + raws[at + 1 :]
        warnings[:phase_warnings] = [w for w in warnings[:phase_warnings] if w.line != not_a_phase.line]
    warnings.extend(untaken(finder, read_as, raws, phases, base, today))

    seen: dict[str, int] = {}
    for seq, phase in enumerate(phases, start=1):
        phase.seq = seq
        if phase.title in seen:
            warnings.append(warn(phase.line, "plan.duplicate_title", title=phase.title, first=seen[phase.title]))
        seen.setdefault(phase.title, phase.line)
        if phase.start is None and phase.end is None:
            warnings.append(warn(phase.line, "plan.phase_no_date", title=phase.title))
    if not phases:
        warnings.append(warn(0, "plan.no_phases"))
    if doc_year is None:
        warnings.append(warn(0, "plan.no_year", year=today.year))
    if title is None:
        warnings.append(warn(0, "plan.no_title"))
    warnings.sort(key=lambda w: w.line)
    return PlanDocument(title, doc_no, issuer, doc_year, start, end, phases, warnings)
