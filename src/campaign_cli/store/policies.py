"""Row-level security of a PostgreSQL store (SPEC §6): schools kept apart.

Every campaign table gets policies keyed on the server login
(`current_user`) and the `store_grant` table, never on a setting the client
could change:

- a login granted a campaign (`db grant LOGIN --campaign KEY`) reads and
  writes the rows of that campaign only; it never deletes a verified
  problem or anything of one, never rewrites or deletes the history
  (`event`), never creates or deletes a campaign;
- an office login (`db grant LOGIN --office`) reads every campaign and may
  change only the review of a problem (verify, reject, recheck, reopen: the
  columns in `REVIEW_COLUMNS`, guarded by a trigger since a policy cannot
  compare a row with its old self), writing the history and command rows
  that go with it;
- any other login sees no row at all;
- the store's owner (the login that ran `init`) owns the tables and so
  passes the policies (no FORCE): it creates campaigns and grants them.

The policy expressions are written inline (no helper functions): PostgreSQL
binds the tables they name when the policy is made, so a login's temporary
table called `store_grant` cannot stand in for the real one.

`TABLES` says, one line a table, how a row reaches its campaign and what
each kind of login may write. Adding a table is that one line here plus, in
the migration that creates the table, `policies.protect(op,
policies.spec("name"))` under `if dialect == 'postgresql'`. Revision
0006_grants protects the tables that existed then, by name; the tests check
that every table of a new store has policies.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# How a row names its campaign: its own column, or (`via`) a column holding
# the id of a parent row that has the campaign_id.
DIRECT = "campaign_id"

# A row that belongs to a verified problem is kept: a school may not delete it.
_TASK_NOT_VERIFIED = ("NOT EXISTS (SELECT 1 FROM task t JOIN problem p ON p.id = t.problem_id "
                      "WHERE t.id = {t}.task_id AND p.verified_on IS NOT NULL)")
_PROBLEM_NOT_VERIFIED = "NOT EXISTS (SELECT 1 FROM problem p WHERE p.id = {t}.problem_id AND p.verified_on IS NOT NULL)"

# The problem's columns a review changes (verify, reject, recheck, reopen).
REVIEW_COLUMNS = ("status", "resolved_on", "verified_on", "verified_by", "submitted_on", "submitted_by")
# The history fields those writes record.
REVIEW_FIELDS = REVIEW_COLUMNS + ("reopened", "rejected")
# What a recheck (回头看) records.
RECHECK_COLUMNS = ("done_on", "result", "checked_by", "notes")

ALL = ("insert", "update", "delete")


def granted(campaign: str) -> str:
    """SQL: the login was granted this campaign."""
    return (f"({campaign}) IN (SELECT g.campaign_id FROM store_grant g "
            "WHERE g.login = current_user AND g.role = 'campaign')")


SCHOOL = "EXISTS (SELECT 1 FROM store_grant g WHERE g.login = current_user AND g.role = 'campaign')"
OFFICE = "EXISTS (SELECT 1 FROM store_grant g WHERE g.login = current_user AND g.role = 'office')"


@dataclass(frozen=True)
class Protected:
    table: str
    campaign: str = DIRECT  # the row's campaign id column
    # (column, parent table[, parent column, default id]): the campaign is the parent row's.
    via: tuple[str, ...] | None = None
    school: tuple[str, ...] = ALL  # what a login granted the campaign may write
    keep: str | None = None  # a school may delete a row only when this holds
    office: tuple[str, ...] = ()  # what an office login may write
    office_check: str | None = None  # rows an office login may insert must satisfy this
    school_insert: str | None = None  # what a school's new row must satisfy, when not its campaign
    office_columns: tuple[str, ...] = ()  # the only columns an office update may change
    serial: bool = True  # an `id` column with its sequence

    def granted_rows(self) -> str:
        """SQL: the row belongs to a campaign granted to the login.

        Through a parent it is an uncorrelated IN (one hashed look-up per row,
        measured 20x cheaper than a correlated sub-select on 10k rows)."""
        if self.via is None:
            return granted(self.campaign)
        column, parent, key = (*self.via, "id")[:3]
        return f"{column} IN (SELECT x.{key} FROM {parent} x WHERE {granted('x.campaign_id')})"

    def campaign_of(self) -> str:
        """SQL: the row's campaign id (for counting rows by campaign)."""
        if self.via is None:
            return self.campaign
        column, parent, key = (*self.via, "id")[:3]
        return f"(SELECT MIN(x.campaign_id) FROM {parent} x WHERE x.{key} = {self.table}.{column})"


TABLES: tuple[Protected, ...] = (
    Protected("campaign", campaign="id", school=("update",)),
    Protected("setting"),
    Protected("unit"),
    Protected("phase"),
    Protected("activity"),
    Protected("problem", keep="verified_on IS NULL", office=("update",), office_columns=REVIEW_COLUMNS),
    Protected("responsibility", via=("problem_id", "problem"), keep=_PROBLEM_NOT_VERIFIED),
    Protected("task", keep=_PROBLEM_NOT_VERIFIED),
    Protected("command", school=("insert", "update"), office=("insert", "update"),
              office_columns=("undone_by", "undoes")),
    Protected("event", school=("insert",), office=("insert",),
              office_check="(entity = 'problem' AND field IN (" + ", ".join(f"'{f}'" for f in REVIEW_FIELDS) + "))"
                           " OR entity = 'recheck'"),
    Protected("current_campaign", office=("insert", "delete"), serial=False),
    Protected("member"),
    Protected("attendance", via=("activity_id", "activity")),
    # Evidence files: a school attaches them to its tasks; the content (blob, keyed by sha256,
    # kept once for the whole store) is read through the evidence rows the login sees.
    Protected("evidence", keep=_TASK_NOT_VERIFIED),
    Protected("blob", via=("sha256", "evidence", "sha256"), school=("insert",), school_insert=SCHOOL, serial=False),
    # 回头看: the office schedules and records rechecks as well.
    # (a reopening drops the rechecks still pending)
    Protected("recheck", keep=_PROBLEM_NOT_VERIFIED, office=("insert", "update", "delete"),
              office_columns=RECHECK_COLUMNS),
    # The task counts (0008): written with the tasks they count, by the school that writes them.
    Protected("task_tally", serial=False),
)

# Tables every login may read whole: the revision (to open the store).
READABLE = ("alembic_version",)
GRANTS = "store_grant"


def statements(spec: Protected) -> list[str]:
    """The DDL that protects one table."""
    t, office, school = spec.table, OFFICE, spec.granted_rows()
    out = [f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
           f"GRANT SELECT, INSERT, UPDATE, DELETE ON {t} TO PUBLIC",
           f"CREATE POLICY {t}_read ON {t} FOR SELECT USING ({office} OR {school})"]
    if "insert" in spec.school:
        out.append(f"CREATE POLICY {t}_school_insert ON {t} FOR INSERT WITH CHECK ({spec.school_insert or school})")
    if "update" in spec.school:
        out.append(f"CREATE POLICY {t}_school_update ON {t} FOR UPDATE USING ({school}) WITH CHECK ({school})")
    if "delete" in spec.school:
        keep = f" AND {spec.keep.format(t=t)}" if spec.keep else ""
        out.append(f"CREATE POLICY {t}_school_delete ON {t} FOR DELETE USING ({school}{keep})")
    office_check = f"{office} AND {spec.office_check}" if spec.office_check else office
    if "insert" in spec.office:
        out.append(f"CREATE POLICY {t}_office_insert ON {t} FOR INSERT WITH CHECK ({office_check})")
    if "update" in spec.office:
        out.append(f"CREATE POLICY {t}_office_update ON {t} FOR UPDATE USING ({office}) WITH CHECK ({office})")
    if "delete" in spec.office:
        out.append(f"CREATE POLICY {t}_office_delete ON {t} FOR DELETE USING ({office})")
    if spec.office_columns:
        columns = ", ".join(f"'{c}'" for c in spec.office_columns)
        out.append(f"CREATE TRIGGER {t}_office_columns BEFORE UPDATE ON {t} FOR EACH ROW "
                   f"EXECUTE FUNCTION campaign_office_columns({columns})")
    if spec.serial:
        out.append(f"DO $$ BEGIN EXECUTE format('GRANT USAGE, SELECT ON SEQUENCE %s TO PUBLIC', "
                   f"pg_get_serial_sequence('{t}', 'id')); END $$")
    return out


def undo_statements(spec: Protected) -> list[str]:
    t = spec.table
    out = [f"DROP TRIGGER IF EXISTS {t}_office_columns ON {t}"]
    for name in ("read", "school_insert", "school_update", "school_delete", "office_insert", "office_update",
                 "office_delete"):
        out.append(f"DROP POLICY IF EXISTS {t}_{name} ON {t}")
    out += [f"ALTER TABLE {t} DISABLE ROW LEVEL SECURITY", f"REVOKE ALL ON {t} FROM PUBLIC"]
    return out


def _guard_function(schema: str) -> str:
    """The trigger that keeps an office login's updates to the columns it may change.

    An office login that was also granted the row's campaign writes as that
    school. `search_path` is pinned so a temporary table cannot stand in."""
    return f"""
CREATE FUNCTION campaign_office_columns() RETURNS trigger LANGUAGE plpgsql
SET search_path = {schema}, pg_temp AS $fn$
BEGIN
  IF (to_jsonb(NEW) - TG_ARGV) IS DISTINCT FROM (to_jsonb(OLD) - TG_ARGV)
     AND EXISTS (SELECT 1 FROM store_grant g WHERE g.login = current_user AND g.role = 'office')
     AND NOT EXISTS (SELECT 1 FROM store_grant g WHERE g.login = current_user AND g.role = 'campaign'
                     AND g.campaign_id = OLD.campaign_id) THEN
    RAISE EXCEPTION 'an office login may change only % of %', array_to_string(TG_ARGV, ', '), TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$fn$"""


def _blob_keeper(schema: str) -> str:
    """Evidence content is kept once per sha256 for the whole store, but a
    school sees only its own: this owner's function stores a file another
    school already holds without showing it (a clash means the same bytes).
    Only a login with a campaign grant, or the owner, may call it."""
    return f"""
CREATE FUNCTION campaign_keep_blob(key text, body bytea, bytes integer) RETURNS void LANGUAGE plpgsql
SECURITY DEFINER SET search_path = {schema}, pg_temp AS $fn$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM store_grant g WHERE g.login = session_user AND g.role = 'campaign')
     AND NOT pg_has_role(session_user, (SELECT tableowner FROM pg_tables WHERE tablename = 'blob'
                                        AND schemaname = current_schema()), 'MEMBER') THEN
    RAISE EXCEPTION 'no campaign grant' USING ERRCODE = 'insufficient_privilege';
  END IF;
  INSERT INTO blob (sha256, content, size) VALUES (key, body, bytes) ON CONFLICT (sha256) DO NOTHING;
END
$fn$"""


def _quoted_schema(op: Any) -> str:
    name = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    return '"' + str(name).replace('"', '""') + '"'


def protect(op: Any, spec: Protected) -> None:
    """Protect one table (a migration adding a table calls this)."""
    for sql in statements(spec):
        op.execute(sql)


def spec(table: str) -> Protected:
    """The line of `TABLES` for one table."""
    return next(p for p in TABLES if p.table == table)


def protect_all(op: Any, tables: tuple[Protected, ...]) -> None:
    """Row-level security on these campaign tables, the grants table readable
    by its own login only and writable by the owner alone."""
    op.execute(_guard_function(_quoted_schema(op)))
    op.execute(_blob_keeper(_quoted_schema(op)))
    op.execute("ALTER TABLE store_grant ENABLE ROW LEVEL SECURITY")
    op.execute("GRANT SELECT ON store_grant TO PUBLIC")
    op.execute("CREATE POLICY store_grant_own ON store_grant FOR SELECT USING (login = current_user)")
    for table in READABLE:
        op.execute(f"GRANT SELECT ON {table} TO PUBLIC")
    for spec in tables:
        protect(op, spec)


def unprotect_all(op: Any, tables: tuple[Protected, ...]) -> None:
    for spec in tables:
        for sql in undo_statements(spec):
            op.execute(sql)
    for table in READABLE:
        op.execute(f"REVOKE ALL ON {table} FROM PUBLIC")
    op.execute("DROP POLICY IF EXISTS store_grant_own ON store_grant")
    op.execute("REVOKE ALL ON store_grant FROM PUBLIC")
    op.execute("DROP FUNCTION IF EXISTS campaign_office_columns()")
    op.execute("DROP FUNCTION IF EXISTS campaign_keep_blob(text, bytea, integer)")
