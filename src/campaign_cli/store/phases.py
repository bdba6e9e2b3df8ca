"""Phases in the store, and the counts `phase status` shows for each."""

from __future__ import annotations

from datetime import date
from typing import Any, Sequence

from campaign_cli.domain.phases import PROBLEMS, Assignment, Interval
from campaign_cli.domain.records import Phase
from campaign_cli.store.database import Database, Row

_COLUMNS = "id, seq, title, starts_on, ends_on, notes, as_written, kinds"


def all_phases(db: Database, campaign_id: int) -> list[Phase]:
    return [Phase.from_row(r) for r in db.rows(
        f"SELECT {_COLUMNS} FROM phase WHERE campaign_id = :c ORDER BY seq", c=campaign_id)]


def phases_by_campaign(db: Database, campaign_ids: Sequence[int]) -> dict[int, list[Phase]]:
    """The phases of several campaigns in one read, each campaign's by seq."""
    found: dict[int, list[Phase]] = {cid: [] for cid in campaign_ids}
    if not found:
        return found
    params = {f"c{i}": cid for i, cid in enumerate(found)}
    marks = ", ".join(f":{name}" for name in params)
    for r in db.rows(f"SELECT campaign_id, {_COLUMNS} FROM phase WHERE campaign_id IN ({marks}) "
                     "ORDER BY campaign_id, seq", **params):
        found[int(r["campaign_id"])].append(Phase.from_row(r))
    return found


def by_seq(db: Database, campaign_id: int, seq: int) -> Phase | None:
    row = db.one(f"SELECT {_COLUMNS} FROM phase WHERE campaign_id = :c AND seq = :seq",
                 c=campaign_id, seq=seq)
    return Phase.from_row(row) if row else None


def seq_of(db: Database, phase_id: int | None) -> int | None:
    return None if phase_id is None else db.scalar("SELECT seq FROM phase WHERE id = :id", id=phase_id)


def next_seq(db: Database, campaign_id: int) -> int:
    return int(db.scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM phase WHERE campaign_id = :c",
                         c=campaign_id))


def add(db: Database, campaign_id: int, *, title: str, start: date | None, end: date,
        notes: str | None = None, as_written: str | None = None, kinds: str | None = None) -> Phase:
    seq = next_seq(db, campaign_id)
    db.insert("phase", {"campaign_id": campaign_id, "seq": seq, "title": title,
                        "starts_on": start, "ends_on": end, "notes": notes,
                        "as_written": as_written, "kinds": kinds})
    phase = by_seq(db, campaign_id, seq)
    assert phase is not None
    return phase


def update(db: Database, phase_id: int, **values: Any) -> None:
    db.update("phase", phase_id, **values)


def remove(db: Database, campaign_id: int, phase: Phase) -> None:
    """Delete a phase and close the gap in the numbering."""
    db.execute("DELETE FROM phase WHERE id = :id", id=phase.id)
    # Renumber through negatives first: the (campaign, seq) pair is unique.
    db.execute("UPDATE phase SET seq = -seq WHERE campaign_id = :c AND seq > :s", c=campaign_id, s=phase.seq)
    db.execute("UPDATE phase SET seq = -seq - 1 WHERE campaign_id = :c AND seq < 0", c=campaign_id)


def _ranges_case(day: str, intervals: Sequence[Interval], params: dict[str, Any], prefix: str) -> str:
    if not intervals:
        return "NULL"
    parts = []
    for i, interval in enumerate(intervals):
        params[f"{prefix}s{i}"], params[f"{prefix}e{i}"] = interval.start, interval.end
        # The seq is an integer of our own: written inline, it keeps the parameters few.
        parts.append(f"WHEN {day} BETWEEN :{prefix}s{i} AND :{prefix}e{i} THEN {int(interval.seq)}")
    return "CASE " + " ".join(parts) + " END"


def phase_case(day: str, rule: Assignment, params: dict[str, Any], *, kind_column: str | None = None,
               kind: str | None = None) -> str:
    """SQL for the seq of the phase that owns the date column `day` by the
    SPEC's rule (domain.phases.Assignment): for things of the kind held in
    `kind_column` (activities), or all of one `kind` (tasks: `problems`).
    The one mapping of a date to its phase that every query uses."""
    if kind_column is None or not rule.by_kind:
        return _ranges_case(day, rule.intervals(kind), params, "ph")
    whens = []
    for j, (key, cut) in enumerate(sorted(rule.by_kind.items())):
        params[f"phk{j}"] = key
        whens.append(f"WHEN {kind_column} = :phk{j} THEN {_ranges_case(day, cut, params, f'ph{j}_')}")
    return "CASE " + " ".join(whens) + f" ELSE {_ranges_case(day, rule.default, params, 'ph')} END"


def activity_counts(db: Database, campaign_id: int, rule: Assignment) -> dict[int, dict[str, int]]:
    """Per phase seq: activities held and branches that held one (coverage)."""
    params: dict[str, Any] = {"c": campaign_id}
    case = phase_case("a.held_on", rule, params, kind_column="a.kind")
    rows = db.rows(
        f"SELECT COALESCE(p.seq, {case}) AS seq, COUNT(*) AS activities, "
        "COUNT(DISTINCT CASE WHEN u.kind = 'branch' THEN u.id END) AS units_covered "
        "FROM activity a LEFT JOIN phase p ON p.id = a.phase_id "
        "LEFT JOIN unit u ON u.id = a.unit_id "
        "WHERE a.campaign_id = :c GROUP BY 1", **params)
    return {r["seq"]: r for r in rows if r["seq"] is not None}


def pinned_tasks(db: Database, campaign_id: int) -> list[Row]:
    """The tasks pinned to a phase (`--phase`: the task's own pin, else its
    problem's), with the seq they are pinned to: seq, id, deadline, status,
    done_on, created_on. Few rows: most tasks fall by their deadline.

    Read from the pin indexes: `phase_id > 0` (ids are positive) is a range
    on them that skips the unpinned rows, and the unary plus keeps the
    planner off the campaign indexes, which would read every task (2.4 s at
    1M tasks)."""
    columns = "ph.seq AS seq, t.id AS id, t.deadline AS deadline, t.status AS status, " \
              "t.done_on AS done_on, t.created_on AS created_on"
    return db.rows(
        f"SELECT {columns} FROM task t JOIN phase ph ON ph.id = t.phase_id "
        "WHERE t.phase_id > 0 AND +t.campaign_id = :c "
        f"UNION ALL SELECT {columns} FROM problem p JOIN phase ph ON ph.id = p.phase_id "
        "JOIN task t ON t.problem_id = p.id "
        "WHERE p.phase_id > 0 AND +p.campaign_id = :c AND +t.phase_id IS NULL", c=campaign_id)


def task_counts(db: Database, campaign_id: int, rule: Assignment,
                today: date) -> dict[int, dict[str, int]]:
    """Per phase seq (SPEC §1: pinned, else by deadline): tasks, done,
    overdue as of `today`.

    Counted per (deadline, status) in the order of the covering (campaign_id,
    deadline, status, ...) index, so SQL neither sorts nor tests every
    deadline against every phase; the few hundred day counts are then put
    into their phase by a range lookup on the disjoint intervals, and the
    few pinned tasks moved to the phase they are pinned to."""
    from bisect import bisect_right

    intervals = rule.intervals(PROBLEMS)
    starts = [i.start for i in intervals]

    def by_date(day: date) -> int | None:
        at = bisect_right(starts, day) - 1
        return None if at < 0 or day > intervals[at].end else intervals[at].seq

    found: dict[int, dict[str, int]] = {}

    def count(seq: int | None, day: date, status: str, n: int) -> None:
        if seq is None:
            return
        counts = found.setdefault(seq, {"seq": seq, "tasks_total": 0, "tasks_done": 0, "tasks_overdue": 0})
        counts["tasks_total"] += n
        if status == "done":
            counts["tasks_done"] += n
        elif day < today:
            counts["tasks_overdue"] += n

    for row in db.rows("SELECT deadline, status, COUNT(*) AS n FROM task WHERE campaign_id = :c "
                       "GROUP BY deadline, status", c=campaign_id):
        day = _day(row["deadline"])
        count(by_date(day), day, row["status"], int(row["n"]))
    for row in pinned_tasks(db, campaign_id):
        day = _day(row["deadline"])
        count(by_date(day), day, row["status"], -1)
        count(int(row["seq"]), day, row["status"], 1)
    return found


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
