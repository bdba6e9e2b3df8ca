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


def _cuts(rule: Assignment) -> list[tuple[str, dict[str, Any], tuple[Interval, ...]]]:
    """The day cuts of the rule, each with the SQL (over `a`) picking the
    activity kinds it applies to: every kind some phase names has its own
    cut, the default cut takes the rest."""
    cuts: list[tuple[str, dict[str, Any], tuple[Interval, ...]]] = []
    for j, (kind, cut) in enumerate(sorted(rule.by_kind.items())):
        cuts.append((f"a.kind = :ak{j}", {f"ak{j}": kind}, cut))
    if rule.by_kind:
        marks = ", ".join(f":ak{j}" for j in range(len(rule.by_kind)))
        keys = {f"ak{j}": kind for j, kind in enumerate(sorted(rule.by_kind))}
        cuts.append((f"a.kind NOT IN ({marks})", keys, rule.default))
    else:
        cuts.append(("1 = 1", {}, rule.default))
    return cuts


def activity_counts(db: Database, campaign_id: int, rule: Assignment) -> dict[int, dict[str, int]]:
    """Per phase seq: activities held and branches that held one (coverage),
    by the SPEC's rule (pinned, else by day and kind: `phase_case`).

    Read from indexes alone, a fixed number of statements: the activities
    of each interval of days counted as a range of the (campaign_id,
    held_on, kind, phase_id, unit_id) index; whether each branch held one
    in a phase by a seek per branch and interval on the (campaign_id,
    unit_id, held_on, ...) index; the few pinned ones by the pin index.
    Grouping 200,000 activities by a CASE over their days took 0.14 s."""
    params: dict[str, Any] = {"c": campaign_id}
    counts: list[str] = []
    held: dict[int, list[str]] = {}
    for kind_sql, keys, cut in _cuts(rule):
        params.update(keys)
        for interval in cut:
            i = len(counts)
            params[f"as{i}"], params[f"ae{i}"] = interval.start, interval.end
            unpinned = f"a.held_on BETWEEN :as{i} AND :ae{i} AND a.phase_id IS NULL AND {kind_sql}"
            counts.append(f"SELECT {int(interval.seq)} AS seq, COUNT(*) AS n FROM activity a "
                          f"WHERE a.campaign_id = :c AND {unpinned}")
            held.setdefault(interval.seq, []).append(
                f"EXISTS (SELECT 1 FROM activity a WHERE a.campaign_id = :c AND a.unit_id = u.id AND {unpinned})")
    found: dict[int, dict[str, Any]] = {}

    def phase(seq: int) -> dict[str, Any]:
        return found.setdefault(seq, {"seq": seq, "activities": 0, "units": set()})

    if counts:
        for row in db.rows(" UNION ALL ".join(counts), **params):
            if int(row["n"] or 0):
                phase(int(row["seq"]))["activities"] += int(row["n"])
    branches = "SELECT u.id AS id{flags} FROM unit u WHERE u.campaign_id = :c AND u.kind = 'branch'"
    if held:
        flags = "".join(f", CASE WHEN {' OR '.join(parts)} THEN 1 ELSE 0 END AS p{int(seq)}"
                        for seq, parts in sorted(held.items()))
        for row in db.rows(branches.format(flags=flags), **params):
            for seq in held:
                if row[f"p{int(seq)}"]:
                    phase(seq)["units"].add(row["id"])
    branch_ids: set[Any] | None = None
    for row in db.rows("SELECT p.seq AS seq, a.unit_id AS unit_id, COUNT(*) AS n FROM activity a "
                       "JOIN phase p ON p.id = a.phase_id WHERE a.phase_id > 0 AND +a.campaign_id = :c "
                       "GROUP BY p.seq, a.unit_id", c=campaign_id):
        pinned = phase(int(row["seq"]))
        pinned["activities"] += int(row["n"])
        if row["unit_id"] is not None:
            if branch_ids is None:
                branch_ids = {r["id"] for r in db.rows(branches.format(flags=""), c=campaign_id)}
            if row["unit_id"] in branch_ids:
                pinned["units"].add(row["unit_id"])
    return {seq: {"seq": seq, "activities": f["activities"], "units_covered": len(f["units"])}
            for seq, f in found.items()}


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

    Summed per deadline day from the task tally (store/task_tally.py: a few
    hundred rows where the tasks are a million), in the order of its
    (campaign_id, deadline, tasks, done) index; each day is put into its
    phase by a range lookup on the disjoint intervals, and the few pinned
    tasks moved to the phase they are pinned to."""
    from bisect import bisect_right

    intervals = rule.intervals(PROBLEMS)
    starts = [i.start for i in intervals]

    def by_date(day: date) -> int | None:
        at = bisect_right(starts, day) - 1
        return None if at < 0 or day > intervals[at].end else intervals[at].seq

    found: dict[int, dict[str, int]] = {}

    def count(seq: int | None, day: date, tasks: int, done: int) -> None:
        if seq is None:
            return
        counts = found.setdefault(seq, {"seq": seq, "tasks_total": 0, "tasks_done": 0, "tasks_overdue": 0})
        counts["tasks_total"] += tasks
        counts["tasks_done"] += done
        if day < today:
            counts["tasks_overdue"] += tasks - done

    for row in db.rows("SELECT deadline, SUM(tasks) AS tasks, SUM(done) AS done FROM task_tally "
                       "WHERE campaign_id = :c GROUP BY deadline", c=campaign_id):
        day = _day(row["deadline"])
        count(by_date(day), day, int(row["tasks"]), int(row["done"]))
    for row in pinned_tasks(db, campaign_id):
        day = _day(row["deadline"])
        done = 1 if row["status"] == "done" else 0
        count(by_date(day), day, -1, -done)
        count(int(row["seq"]), day, 1, done)
    return found


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
