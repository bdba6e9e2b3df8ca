"""The store's tables (SPEC §1), defined once with SQLModel.

They are the source of truth for Alembic migrations; commands read and
write them through the small SQL layer in `store/`, which keeps the hot
paths off the ORM (see issue 8's measurements).
"""

from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import Column, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlmodel import Field, SQLModel


def _fk(target: str, ondelete: str = "CASCADE", index: bool = False) -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=True, index=index)


class Campaign(SQLModel, table=True):
    __tablename__ = "campaign"

    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True)
    title: str
    doc_no: Optional[str] = None
    issuer: Optional[str] = None
    year: int
    # `start`/`end` are SQL keywords; the columns say what they hold.
    starts_on: Optional[date] = None
    ends_on: Optional[date] = None
    # Codes P-n / T-n are per campaign and never reused: the next numbers
    # live here and are bumped inside the writing transaction.
    next_problem_no: int = 1
    next_task_no: int = 1
    created_at: str = Field(max_length=40)


class Setting(SQLModel, table=True):
    """Store-wide (campaign_id NULL, e.g. the current campaign) or per-campaign settings."""

    __tablename__ = "setting"
    __table_args__ = (UniqueConstraint("campaign_id", "key", name="uq_setting_campaign_key"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: Optional[int] = Field(default=None, sa_column=_fk("campaign.id"))
    key: str = Field(max_length=64)
    value: str


class Unit(SQLModel, table=True):
    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("campaign_id", "name", name="uq_unit_campaign_name"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    name: str
    kind: str = Field(max_length=16)  # branch | department
    members: Optional[int] = None
    parent_id: Optional[int] = Field(default=None, sa_column=_fk("unit.id", "SET NULL"))
    # The day it was registered (the writer's today); NULL for units older
    # than revision 0009: a branch counts in a month's coverage from then.
    created_on: Optional[date] = None


class Phase(SQLModel, table=True):
    __tablename__ = "phase"
    __table_args__ = (UniqueConstraint("campaign_id", "seq", name="uq_phase_campaign_seq"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    seq: int
    title: str
    starts_on: Optional[date] = None  # empty for 年底前: only an end
    ends_on: date
    notes: Optional[str] = None
    as_written: Optional[str] = None  # the date text in the plan, when imported
    kinds: Optional[str] = None  # activity kind keys the plan names, comma-separated


class Activity(SQLModel, table=True):
    __tablename__ = "activity"
    __table_args__ = (
        Index("ix_activity_campaign_held", "campaign_id", "held_on"),
        # phase status's activity counts, without reading a row (0007_perf)
        Index("ix_activity_campaign_phase", "campaign_id", "held_on", "kind", "phase_id", "unit_id"),
        # Each unit's activities by day (0008, widened from (campaign_id, unit_id)):
        # phase status finds whether a branch held one in a phase by a seek per branch.
        Index("ix_activity_campaign_unit_day", "campaign_id", "unit_id", "held_on", "kind", "phase_id"),
        # The few activities pinned to a phase (`--phase`), found without reading the others (0008).
        Index("ix_activity_phase", "phase_id"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    kind: str = Field(max_length=32)
    title: str
    held_on: date
    # Set only when the user overrides the phase the date would give.
    phase_id: Optional[int] = Field(default=None, sa_column=_fk("phase.id", "SET NULL"))
    unit_id: Optional[int] = Field(default=None, sa_column=_fk("unit.id", "SET NULL"))
    participants: Optional[int] = None
    target: Optional[str] = Field(default=None, max_length=32)
    notes: Optional[str] = None
    created_at: str = Field(max_length=40)
    # The "today" of the command that entered it: a past month's report
    # counts only what existed by its last day (SPEC §3).
    created_on: date


class Member(SQLModel, table=True):
    """A person of a unit (党员, 教职工): the roll that attendance is taken from."""

    __tablename__ = "member"
    __table_args__ = (
        UniqueConstraint("unit_id", "name", name="uq_member_unit_name"),
        Index("ix_member_campaign_name", "campaign_id", "name"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    unit_id: int = Field(foreign_key="unit.id", ondelete="CASCADE")
    name: str
    role: Optional[str] = None  # 书记, 委员 …
    # A member who left but attended something stays on record, inactive.
    active: bool = True


class Attendance(SQLModel, table=True):
    """Who took part in an activity: present, absent or on leave (请假)."""

    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("activity_id", "member_id", name="uq_attendance_activity_member"),
        Index("ix_attendance_member", "member_id", "status"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", ondelete="CASCADE")
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    status: str = Field(max_length=8)  # present | absent | leave


class Problem(SQLModel, table=True):
    __tablename__ = "problem"
    __table_args__ = (
        UniqueConstraint("campaign_id", "code", name="uq_problem_campaign_code"),
        Index("ix_problem_campaign_status", "campaign_id", "status"),
        Index("ix_problem_campaign_found", "campaign_id", "found_on", "created_on", "verified_on",
              "source_activity_id"),
        Index("ix_problem_phase", "phase_id"),
        Index("ix_problem_campaign_verified", "campaign_id", "verified_on"),
        # Added in 0002: the month report counts problems resolved in a month.
        Index("ix_problem_campaign_resolved", "campaign_id", "resolved_on"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    number: int
    code: str = Field(max_length=24)
    title: str
    detail: Optional[str] = None
    category: Optional[str] = None
    term: str = Field(default="short", max_length=8)  # short 立行立改 | long 持续推进
    source_activity_id: Optional[int] = Field(default=None, sa_column=_fk("activity.id", "SET NULL", index=True))
    found_on: date
    # Derived from the tasks by domain rules on every change, never typed in;
    # kept as a column so lists filter and count it by index.
    status: str = Field(default="open", max_length=16)
    resolved_on: Optional[date] = None
    verified_on: Optional[date] = None
    verified_by: Optional[str] = None
    created_at: str = Field(max_length=40)
    created_on: date
    # 责任领导 / 分管领导: the leader answering for the problem, from ledgers.
    leader: Optional[str] = None
    # Pinned to a phase by --phase; else its tasks fall by deadline (SPEC §1).
    phase_id: Optional[int] = Field(default=None, sa_column=_fk("phase.id", "SET NULL"))
    # 申请销号 (two-step review, added in 0004): who asked for verification and when.
    submitted_on: Optional[date] = None
    submitted_by: Optional[str] = None


class Responsibility(SQLModel, table=True):
    __tablename__ = "responsibility"
    __table_args__ = (
        Index("ix_responsibility_owner", "owner"),
        Index("ix_responsibility_department", "department_id"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    problem_id: int = Field(foreign_key="problem.id", ondelete="CASCADE", index=True)
    department_id: Optional[int] = Field(default=None, sa_column=_fk("unit.id", "SET NULL"))
    owner: Optional[str] = None
    role: str = Field(default="lead", max_length=8)  # lead | support


class Task(SQLModel, table=True):
    __tablename__ = "task"
    __table_args__ = (
        UniqueConstraint("campaign_id", "code", name="uq_task_campaign_code"),
        # Covering index for the report and signal queries (issue 8).
        # Widened in 0003 with created_on and done_on: a month report counts only
        # tasks entered by its as_of day, still from the index alone.
        Index("ix_task_campaign_deadline", "campaign_id", "deadline", "status", "department_id", "created_on",
              "done_on"),
        # Widened in 0002 (and 0003) to cover the on-time counts of the dashboard and report.
        # 0010 added problem_id: the month's done tasks name their problems
        # (resolved in the month) without a table lookup each.
        Index("ix_task_campaign_done", "campaign_id", "done_on", "deadline", "department_id", "created_on",
              "problem_id"),
        # 0010: a problem's tasks with the dates that say whether one was open
        # at a day (the resolved count), in place of a plain problem_id index.
        Index("ix_task_problem", "problem_id", "created_on", "done_on"),
        Index("ix_task_campaign_created", "campaign_id", "created_on", "done_on"),
        Index("ix_task_phase", "phase_id"),
        Index("ix_task_campaign_owner", "campaign_id", "owner"),
        Index("ix_task_campaign_department", "campaign_id", "department_id"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    number: int
    code: str = Field(max_length=24)
    problem_id: int = Field(foreign_key="problem.id", ondelete="CASCADE")  # indexed by ix_task_problem
    measure: str
    owner: Optional[str] = None
    department_id: Optional[int] = Field(default=None, sa_column=_fk("unit.id", "SET NULL"))
    deadline: date
    status: str = Field(default="todo", max_length=8)  # todo | doing | done
    started_on: Optional[date] = None
    done_on: Optional[date] = None
    evidence: Optional[str] = None
    created_at: str = Field(max_length=40)
    created_on: date
    phase_id: Optional[int] = Field(default=None, sa_column=_fk("phase.id", "SET NULL"))


class TaskTally(SQLModel, table=True):
    """How many tasks a campaign has per department and deadline day, and
    how many of them are done and done on time (revision 0008): what
    `dashboard`, `phase status` and `issue list` count instead of a million
    index entries (issue 17). Only what does not depend on the day it is
    read: a signal is judged as of today, so the readers sum the open tasks
    (tasks - done) over ranges of days. Kept by the write layer in the
    transaction of every change to a task (store/task_tally.py)."""

    __tablename__ = "task_tally"
    __table_args__ = (
        # phase status sums the days of each phase, every department together.
        Index("ix_task_tally_deadline", "campaign_id", "deadline", "tasks", "done"),
        {"sqlite_with_rowid": False},
    )

    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE", primary_key=True)
    department_id: int = Field(primary_key=True)  # the task's department; 0 for none
    deadline: date = Field(primary_key=True)
    tasks: int
    done: int  # status done
    on_time: int  # done_on on or before the deadline


class Blob(SQLModel, table=True):
    """The content of an evidence file, kept once by its sha256 (SPEC §6)."""

    __tablename__ = "blob"

    sha256: str = Field(sa_column=Column(String(64), primary_key=True))
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    size: int


class Evidence(SQLModel, table=True):
    """A file that proves a task done (佐证材料); its content is a blob."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_campaign", "campaign_id", "task_id"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    file_name: str
    media_type: str = Field(max_length=128)
    size: int
    sha256: str = Field(max_length=64, foreign_key="blob.sha256", index=True)
    added_on: date
    added_by: str
    created_at: str = Field(max_length=40)


class Recheck(SQLModel, table=True):
    """A 回头看 of a verified problem: due, then done with a result."""

    __tablename__ = "recheck"
    __table_args__ = (Index("ix_recheck_campaign_due", "campaign_id", "done_on", "due"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    problem_id: int = Field(foreign_key="problem.id", ondelete="CASCADE", index=True)
    due: date
    done_on: Optional[date] = None
    result: Optional[str] = Field(default=None, max_length=16)  # ok | regressed
    checked_by: Optional[str] = None
    notes: Optional[str] = None
    created_at: str = Field(max_length=40)
    created_on: date


class Command(SQLModel, table=True):
    """One run of a command that changed the store: what `undo` takes back."""

    __tablename__ = "command"
    __table_args__ = (Index("ix_command_campaign_actor", "campaign_id", "actor"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    at: str = Field(max_length=40)
    actor: str
    name: str  # the command as typed, e.g. "issue done T-12"
    # Set on the command an undo took back, pointing at the undo itself.
    undone_by: Optional[int] = Field(default=None, sa_column=_fk("command.id", "SET NULL"))
    # Set on an undo: the command it took back.
    undoes: Optional[int] = Field(default=None, sa_column=_fk("command.id", "SET NULL"))


class CurrentCampaign(SQLModel, table=True):
    """The campaign each actor works on (`use`, `init`): one clerk's `use`
    never moves another's writes on a shared store."""

    __tablename__ = "current_campaign"

    actor: str = Field(primary_key=True)
    # In the key since 0006: on a PostgreSQL store each login sees only the
    # rows of its campaigns, so two schools' clerks may share an actor name.
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE", primary_key=True)


class Event(SQLModel, table=True):
    """Append-only history of every change to a problem, task, responsibility,
    activity, unit, phase or campaign."""

    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_campaign_entity", "campaign_id", "entity", "entity_id"),
        Index("ix_event_problem", "problem_id"),
        # The month report finds reopenings and moved deadlines by field.
        Index("ix_event_campaign_field", "campaign_id", "entity", "field"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", ondelete="CASCADE")
    at: str = Field(max_length=40)
    actor: str
    entity: str = Field(max_length=16)  # problem | task | responsibility | activity | unit | phase | campaign
    entity_id: int
    # The problem the change belongs to, so a problem's history is one lookup.
    problem_id: Optional[int] = None
    code: Optional[str] = Field(default=None, max_length=24)
    field: str = Field(max_length=32)
    old_value: Optional[str] = None
    new_value: Optional[str] = None
    # The command run that made the change (undo takes a command back whole).
    command_id: Optional[int] = Field(default=None, sa_column=_fk("command.id", "SET NULL", index=True))
    # The "today" of the command (its --today), by which reports date the change.
    day: Optional[date] = None
    # What undo needs beyond old/new, as JSON: the column and its raw old
    # value of an update, or the whole row of a removal.
    undo: Optional[str] = None


class StoreGrant(SQLModel, table=True):
    """Which server login may read and write which campaign (`db grant`).

    Used on PostgreSQL only, where row-level security reads it by
    `current_user` (store/policies.py); only the store's owner login writes
    it. A school's grant names its campaign; an office grant (role
    `office`) has no campaign and reads them all."""

    __tablename__ = "store_grant"
    __table_args__ = (UniqueConstraint("login", "campaign_id", "role", name="uq_store_grant"),
                      Index("ix_store_grant_login", "login", "role", "campaign_id"))

    id: Optional[int] = Field(default=None, primary_key=True)
    login: str = Field(max_length=63)  # a PostgreSQL role name: at most 63 bytes
    campaign_id: Optional[int] = Field(default=None, sa_column=_fk("campaign.id"))
    role: str = Field(max_length=8)  # campaign | office
    granted_at: str = Field(max_length=40)
    granted_by: str
