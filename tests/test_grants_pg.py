"""Schools kept apart on a shared PostgreSQL store (SPEC §6), on the suite's real server.

The store is set up the way the README's city section says: a database owned
by the owner login (PostgreSQL 15 no longer lets every login create tables in
`public`), `campaign init` as the owner, one login per school, `db grant`, the
office login. Then every login reads and writes through the CLI and through
plain SQL, and the rows each one sees are counted table by table.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Campaign
from pg import PASSWORD, _find_bin

from campaign_cli.store import policies

pytestmark = pytest.mark.postgres

_names = itertools.count(1)


@dataclass
class City:
    server: object
    database: str
    owner: str
    a: str
    b: str
    office: str
    nobody: str

    def url(self, login: str) -> str:
        return f"postgresql+psycopg://{login}:{PASSWORD}@127.0.0.1:{self.server.port}/{self.database}"

    def cli(self, login: str) -> Campaign:
        return Campaign(self.url(login))  # type: ignore[arg-type]

    def sql(self, login: str):
        import psycopg

        return psycopg.connect(f"host=127.0.0.1 port={self.server.port} user={login} dbname={self.database}",
                               autocommit=True)


def _admin(server, sql: str) -> None:
    import psycopg

    with psycopg.connect(server.admin_dsn(), autocommit=True) as connection:
        connection.execute(sql)


@pytest.fixture
def logins(pg_server):
    """The owner, two schools, the office and a login without a grant, on a
    database the owner login owns (the README's `createdb -O`)."""
    if pg_server.error:
        pytest.skip(pg_server.error)
    suffix = f"{os.getpid()}_{next(_names)}"
    names = {k: f"{k}_{suffix}" for k in ("owner", "a", "b", "office", "nobody")}
    for name in names.values():
        _admin(pg_server, f"CREATE ROLE {name} LOGIN PASSWORD '{PASSWORD}'")
    database = f"city_{suffix}"
    _admin(pg_server, f"CREATE DATABASE {database} OWNER {names['owner']}")
    yield City(pg_server, database, **names)
    _admin(pg_server, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    for name in names.values():
        _admin(pg_server, f"DROP ROLE IF EXISTS {name}")


def _fill(cli: Campaign, key: str, title: str) -> None:
    """A campaign with a row in every table: units, a phase, an activity,
    three problems (one verified, one resolved and waiting), settings."""
    cli.ok("init", key, "--title", title, "--year", "2023")  # init makes it the current campaign
    run = cli.ok
    run("edit", "--warn-days", "5")
    run("unit", "add", "第一党支部", "--kind", "branch", "--members", "20")
    run("unit", "add", "教务处", "--kind", "department")
    run("phase", "add", "学习", "--start", "4月1日", "--end", "12月31日")
    run("activity", "add", "专题学习", "--kind", "theme-day", "--date", "2023-05-10", "--unit", "第一党支部",
        "--participants", "18")
    run("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "2023-07-26")
    run("issue", "add", "食堂卫生", "--owner", "王五", "--dept", "教务处", "--deadline", "2023-06-05")
    run("issue", "add", "课堂纪律", "--owner", "李四", "--dept", "教务处", "--deadline", "2023-06-10")
    run("issue", "done", "T-2", "--on", "6月1日", "--evidence", "已整改")
    run("issue", "verify", "P-2", "--by", "书记")
    run("issue", "done", "T-3", "--on", "6月2日")
    run("unit", "member", "add", "第一党支部", "张三", "李四")
    run("activity", "add", "支部大会", "--kind", "three-meetings", "--date", "2023-05-12", "--unit", "第一党支部",
        "--present", "张三", "--absent", "李四")
    proof = Path(tempfile.mkdtemp()) / "会议纪要.txt"
    proof.write_text(f"{title}的会议纪要", "utf-8")  # each school's own file: its own blob
    run("issue", "evidence", "T-1", "--add", str(proof))
    run("issue", "recheck", "P-2", "--due", "7月1日")


@pytest.fixture
def city(logins: City) -> City:
    owner = logins.cli(logins.owner)
    for key, title in (("a", "甲校"), ("b", "乙校"), ("c", "丙校")):
        _fill(owner, key, title)
    owner.ok("db", "grant", logins.a, "--campaign", "a")
    owner.ok("db", "grant", logins.b, "--campaign", "b")
    owner.ok("db", "grant", logins.office, "--office")
    # The schools' clerks carry the owner's actor name: each keeps its own current campaign.
    logins.cli(logins.a).ok("use", "a")
    logins.cli(logins.b).ok("use", "b")
    return logins


def _counts(city: City, login: str) -> dict[str, dict[int | None, int]]:
    """Rows `login` sees in every table, by the campaign they belong to."""
    reach = {p.table: p.campaign_of() for p in policies.TABLES}
    with city.sql(login) as connection:
        return {table: {cid: n for cid, n in connection.execute(
            f"SELECT {expr}, COUNT(*) FROM {table} GROUP BY 1")} for table, expr in reach.items()}


def _campaign_ids(city: City) -> dict[str, int]:
    with city.sql(city.owner) as connection:
        return dict(connection.execute("SELECT key, id FROM campaign"))


def test_every_table_of_the_store_is_protected(city):
    """A table without row-level security would show every school to every login."""
    with city.sql(city.owner) as connection:
        tables = dict(connection.execute(
            "SELECT c.relname, c.relrowsecurity FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r'"))
        with_policies = {r[0] for r in connection.execute(
            "SELECT tablename FROM pg_policies WHERE schemaname = current_schema()")}
    unprotected = {t for t, secured in tables.items() if not secured} - set(policies.READABLE)
    assert unprotected == set()
    assert set(tables) - set(policies.READABLE) == with_policies
    assert {p.table for p in policies.TABLES} | {policies.GRANTS} == with_policies


def test_each_login_sees_only_its_campaigns_in_every_table(city):
    ids = _campaign_ids(city)
    everything = _counts(city, city.owner)
    # The owner's view is the whole store: three campaigns with rows in every table.
    for table, by_campaign in everything.items():
        keyed = {k for k, i in ids.items() if i in by_campaign}
        assert keyed == {"a", "b", "c"}, table
    for login, keys in ((city.a, {"a"}), (city.b, {"b"})):
        seen = _counts(city, login)
        for table, by_campaign in seen.items():
            assert by_campaign == {ids[k]: everything[table][ids[k]] for k in keys}, (login, table)
    assert _counts(city, city.office) == everything
    assert all(not rows for rows in _counts(city, city.nobody).values())
    with city.sql(city.nobody) as connection:
        assert connection.execute("SELECT COUNT(*) FROM store_grant").fetchone() == (0,)
    with city.sql(city.a) as connection:
        assert connection.execute("SELECT COUNT(*) FROM store_grant").fetchone() == (1,)


def test_the_cli_of_each_login_shows_its_campaigns_only(city):
    a, b, office, nobody = (city.cli(x) for x in (city.a, city.b, city.office, city.nobody))
    assert [c["key"] for c in a.json("list")] == ["a"]
    assert [c["key"] for c in b.json("list")] == ["b"]
    assert sorted(c["key"] for c in office.json("list")) == ["a", "b", "c"]
    assert nobody.json("list") == []
    # The only campaign a school sees is its current one without `use`.
    assert [r["code"] for r in a.json("issue", "list")] == ["T-1", "T-2", "T-3"]
    unknown = a("use", "b", lang="en")
    assert unknown.exit_code == 1 and "b" in unknown.stderr
    assert a("--campaign", "b", "issue", "list").exit_code == 1
    assert office.json("--campaign", "b", "issue", "show", "P-1")["problem"]["title"] == "作业量偏大"
    # Two schools' clerks with the same actor name each keep their own current campaign.
    a.ok("use", "a")
    b.ok("use", "b")
    assert a.json("db", "info")["current"] == "a" and b.json("db", "info")["current"] == "b"


def test_a_school_writes_its_own_campaign_and_cannot_touch_another(city):
    a = city.cli(city.a)
    before_b = _counts(city, city.b)
    a.ok("issue", "add", "新问题", "--owner", "赵六", "--dept", "教务处", "--deadline", "2023-08-01")
    a.ok("issue", "edit", "T-1", "--deadline", "2023-08-15")
    a.ok("unit", "add", "学生处", "--kind", "department")
    a.ok("activity", "add", "交流", "--kind", "discussion", "--date", "2023-06-01")
    a.ok("edit", "--title", "甲校（改）")
    a.ok("issue", "rm", "P-4", "--reason", "重复")
    assert a.json("undo", "--yes")["changes"] > 0
    assert sorted(r["code"] for r in a.json("issue", "list", "--list", "problems")) == ["P-1", "P-2", "P-3", "P-4"]
    assert _counts(city, city.b) == before_b
    ids = _campaign_ids(city)
    with city.sql(city.a) as connection:
        # Plain SQL on the other school's rows touches nothing.
        for sql in (f"UPDATE task SET measure = 'x' WHERE campaign_id = {ids['b']}",
                    f"DELETE FROM task WHERE campaign_id = {ids['b']}",
                    f"UPDATE campaign SET title = 'x' WHERE id = {ids['b']}",
                    f"DELETE FROM event WHERE campaign_id = {ids['b']}",
                    f"DELETE FROM responsibility WHERE problem_id IN (SELECT id FROM problem WHERE campaign_id = {ids['b']})"):
            assert connection.execute(sql).rowcount == 0, sql
        import psycopg

        for sql in (f"INSERT INTO unit (campaign_id, name, kind) VALUES ({ids['b']}, '冒名', 'branch')",
                    f"UPDATE unit SET campaign_id = {ids['b']} WHERE campaign_id = {ids['a']}",
                    "INSERT INTO campaign (key, title, year, next_problem_no, next_task_no, created_at) "
                    "VALUES ('d', 'D', 2023, 1, 1, 'now')",
                    f"INSERT INTO store_grant (login, campaign_id, role, granted_at, granted_by) "
                    f"VALUES (current_user, {ids['b']}, 'campaign', 'now', 'me')"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                connection.execute(sql)
    assert _counts(city, city.b) == before_b


def test_a_school_cannot_delete_a_verified_record_nor_the_history(city):
    a = city.cli(city.a)
    refused = a("issue", "rm", "P-2", "--reason", "不想要了", lang="en")
    assert refused.exit_code == 1
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert "refused" in refused.stderr and city.a in refused.stderr
    assert a.json("issue", "show", "P-2")["problem"]["status"] == "verified"
    ids = _campaign_ids(city)
    with city.sql(city.a) as connection:
        assert connection.execute("DELETE FROM problem WHERE status = 'verified'").rowcount == 0
        assert connection.execute(f"DELETE FROM task WHERE code = 'T-2' AND campaign_id = {ids['a']}").rowcount == 0
        assert connection.execute("DELETE FROM event").rowcount == 0
        assert connection.execute("UPDATE event SET new_value = 'x'").rowcount == 0
        assert connection.execute("DELETE FROM campaign").rowcount == 0
        # Its own unverified rows it may delete.
        assert connection.execute(f"DELETE FROM task WHERE code = 'T-3' AND campaign_id = {ids['a']}").rowcount == 1


def test_the_office_reviews_and_changes_nothing_else(city):
    ids = _campaign_ids(city)
    office = city.cli(city.office)
    before = _counts(city, city.owner)
    verified = office.json("--campaign", "b", "issue", "verify", "P-3", "--by", "教工委")
    assert verified["status"] == "verified" and verified["verified_by"] == "教工委"
    office.ok("--campaign", "c", "issue", "reopen", "P-2", "--reason", "复查反弹")
    assert city.cli(city.b).json("issue", "show", "P-3")["problem"]["status"] == "verified"
    for command in (("issue", "add", "上级加的", "--owner", "甲", "--deadline", "2023-08-01"),
                    ("issue", "edit", "T-1", "--deadline", "2023-09-01"),
                    ("issue", "edit", "P-1", "--title", "改名"),
                    ("issue", "done", "T-1"),
                    ("issue", "task", "add", "P-1", "--measure", "加一条", "--deadline", "2023-09-01"),
                    ("unit", "add", "新处室", "--kind", "department"),
                    ("phase", "add", "新阶段", "--end", "12月31日"),
                    ("activity", "add", "x", "--kind", "theme-day", "--date", "2023-06-01"),
                    ("edit", "--title", "改"),
                    ("issue", "rm", "P-1", "--reason", "x")):
        result = office("--campaign", "a", *command, lang="en")
        assert result.exit_code == 1, command
        assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
        assert "The server refused" in result.stderr and city.office in result.stderr, (command, result.stderr)
    after = _counts(city, city.owner)
    changed = {t for t in after if after[t] != before[t]}
    # the two reviews' history, and the recheck still pending that the reopening dropped; nothing else
    assert changed == {"event", "command", "recheck"}
    assert ids["c"] in before["recheck"] and ids["c"] not in after["recheck"]
    denied = office("init", "d", "--title", "D", "--year", "2023", lang="en")
    assert denied.exit_code == 1 and "owner" in denied.stderr
    import psycopg

    with city.sql(city.office) as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("UPDATE problem SET title = 'x'")
        assert connection.execute("DELETE FROM problem").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("INSERT INTO event (campaign_id, at, actor, entity, entity_id, field) "
                               "SELECT id, 'now', 'x', 'task', 1, 'deadline' FROM campaign LIMIT 1")


def test_a_login_without_a_grant_writes_nothing(city):
    nobody = city.cli(city.nobody)
    before = _counts(city, city.owner)
    assert nobody("--campaign", "a", "issue", "list", lang="en").exit_code == 1
    created = nobody("init", "mine", "--title", "M", "--year", "2023", lang="en")
    assert created.exit_code == 1 and "owner" in created.stderr
    with city.sql(city.nobody) as connection:
        assert connection.execute("UPDATE campaign SET title = 'x'").rowcount == 0
        assert connection.execute("DELETE FROM task").rowcount == 0
    assert _counts(city, city.owner) == before


def test_grants_listed_revoked_and_only_the_owner_grants(city):
    owner, a = city.cli(city.owner), city.cli(city.a)
    listed = owner.json("db", "grants")
    assert listed["owner"] == city.owner and listed["login"] == city.owner
    assert {g["login"]: (g["office"], g["campaigns"]) for g in listed["grants"]} == {
        city.a: (False, ["a"]), city.b: (False, ["b"]), city.office: (True, [])}
    assert a.json("db", "grants")["grants"] == [{"login": city.a, "office": False, "campaigns": ["a"]}]
    table = owner.ok("db", "grants", lang="en").stdout
    assert city.office in table and "Login" in table
    refused = a("db", "grant", city.a, "--campaign", "b", lang="en")
    assert refused.exit_code == 1 and city.owner in refused.stderr
    assert owner("db", "grant", "no_such_login_x", "--campaign", "a").exit_code == 1
    assert owner("db", "grant", city.a, "--campaign", "zzz").exit_code == 1
    assert owner("db", "grant", city.a).exit_code == 2
    both = owner.json("db", "grant", city.a, "--campaign", "b,c")
    assert both == {"login": city.a, "office": False, "campaigns": ["a", "b", "c"], "changes": 2}
    assert sorted(c["key"] for c in a.json("list")) == ["a", "b", "c"]
    # A campaign grant is in that campaign's history: the owner's undo takes it back.
    owner.ok("use", "c")
    assert owner.json("undo", "--yes")["changes"] == 1
    assert sorted(c["key"] for c in a.json("list")) == ["a", "b"]
    revoked = owner.json("db", "revoke", city.a)
    assert revoked["campaigns"] == ["a", "b"] and revoked["changes"] == 2
    assert a.json("list") == []
    assert all(not rows for rows in _counts(city, city.a).values())
    # The owner's undo on campaign a gives that grant back, and only that one.
    owner.ok("use", "a")
    assert owner.json("undo", "--yes")["changes"] == 1
    assert [c["key"] for c in a.json("list")] == ["a"]
    owner.json("db", "revoke", city.a)
    assert owner("db", "revoke", city.a).exit_code == 1
    assert city.a not in {g["login"] for g in owner.json("db", "grants")["grants"]}


def test_grant_commands_say_they_need_postgresql(cli):
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    for command in (("db", "grant", "x", "--campaign", "a"), ("db", "revoke", "x"), ("db", "grants")):
        result = cli(*command, lang="en")
        assert result.exit_code == 1 and "PostgreSQL" in result.stderr, command


CAMPAIGN = Path(sys.executable).with_name("campaign")


def _run(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CAMPAIGN_DB": url, "CAMPAIGN_LANG": "en", "CAMPAIGN_TODAY": "2023-06-15"}
    return subprocess.run([str(CAMPAIGN), *args], capture_output=True, text=True, env=env, timeout=120)


def _server_version(server) -> int:
    import psycopg

    with psycopg.connect(server.admin_dsn(), autocommit=True) as connection:
        return int(connection.execute("SHOW server_version_num").fetchone()[0]) // 10000


def test_the_readme_set_up_step_by_step(pg_server):
    """README "Sharing one store": createdb owned by the owner login, init as
    the owner, a login per school, db grant, the office — as real processes."""
    if pg_server.error:
        pytest.skip(pg_server.error)
    suffix = f"{os.getpid()}_{next(_names)}"
    owner, school, office = f"campaign_owner_{suffix}", f"school_a_{suffix}", f"city_office_{suffix}"
    database, plain = f"campaign_{suffix}", f"plain_{suffix}"
    city = City(pg_server, database, owner, school, "", office, "")
    try:
        _admin(pg_server, f"CREATE ROLE {owner} LOGIN PASSWORD '{PASSWORD}'")
        createdb = _find_bin("createdb")
        assert createdb, "createdb ships with the server binaries"
        made = subprocess.run([createdb, "-h", "127.0.0.1", "-p", str(pg_server.port), "-U", "postgres",
                               "-O", owner, database], capture_output=True, text=True, timeout=60)
        assert made.returncode == 0, made.stderr
        if _server_version(pg_server) >= 15:
            # What the README used to say: an empty database someone else owns. PostgreSQL 15
            # refuses to create the tables there (exit 3, one line, no password).
            _admin(pg_server, f"CREATE DATABASE {plain}")
            refused = _run(city.url(owner).replace(database, plain), "init", "x", "--title", "X", "--year", "2023")
            assert refused.returncode == 3 and "permission denied for schema public" in refused.stderr
            assert PASSWORD not in refused.stderr and "Traceback" not in refused.stderr
        done = _run(city.url(owner), "init", "school-a-2023", "--title", "学习贯彻重要讲话精神", "--year", "2023")
        assert done.returncode == 0, done.stderr
        _admin(pg_server, f"CREATE ROLE {school} LOGIN PASSWORD '{PASSWORD}'")
        _admin(pg_server, f"CREATE ROLE {office} LOGIN PASSWORD '{PASSWORD}'")
        assert _run(city.url(owner), "db", "grant", school, "--campaign", "school-a-2023").returncode == 0
        assert _run(city.url(owner), "db", "grant", office, "--office").returncode == 0
        listed = json.loads(_run(city.url(owner), "db", "grants", "--json").stdout)
        assert {g["login"] for g in listed["grants"]} == {school, office}

        as_school = _run(city.url(school), "list", "--json")
        assert [c["key"] for c in json.loads(as_school.stdout)] == ["school-a-2023"]
        added = _run(city.url(school), "issue", "add", "作业量偏大", "--owner", "张三", "--deadline", "7月26日")
        assert added.returncode == 0, added.stderr
        assert _run(city.url(school), "issue", "done", "T-1", "--on", "6月10日").returncode == 0
        denied = _run(city.url(office), "issue", "edit", "T-1", "--deadline", "9月1日")
        assert denied.returncode == 1
        assert denied.stderr.count("\n") == 1 and office in denied.stderr and "refused" in denied.stderr
        assert PASSWORD not in denied.stderr and "Traceback" not in denied.stderr
        verified = _run(city.url(office), "issue", "verify", "P-1", "--by", "教工委", "--json")
        assert verified.returncode == 0 and json.loads(verified.stdout)["status"] == "verified"
        kept = _run(city.url(school), "issue", "rm", "P-1", "--reason", "x")
        assert kept.returncode == 1 and "Traceback" not in kept.stderr
        denied_init = _run(city.url(school), "init", "mine", "--title", "M", "--year", "2023")
        assert denied_init.returncode == 1 and owner in denied_init.stderr
    finally:
        for name in (database, plain):
            _admin(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        for name in (owner, school, office):
            _admin(pg_server, f"DROP ROLE IF EXISTS {name}")


def test_an_older_store_is_upgraded_by_its_owner_only(logins):
    from campaign_cli.store import migrate, schema

    migrate.upgrade(logins.url(logins.owner), "0003_undo_and_pins")
    with logins.sql(logins.owner) as connection:
        connection.execute("INSERT INTO campaign (key, title, year, next_problem_no, next_task_no, created_at) "
                           "VALUES ('a', '甲校', 2023, 1, 1, '2023-06-01T00:00:00+00:00')")
    school, owner = logins.cli(logins.a), logins.cli(logins.owner)
    closed = school("list", lang="en")
    assert closed.exit_code == 3 and logins.owner in closed.stderr and "db upgrade" in closed.stderr
    assert "Traceback" not in closed.stderr and PASSWORD not in closed.stderr
    assert owner.json("db", "upgrade")["upgraded_from"] == "0003_undo_and_pins"
    owner.ok("db", "grant", logins.a, "--campaign", "a")
    assert [c["key"] for c in school.json("list")] == ["a"]
    # A revision behind this program's, seen by a school: only the owner may upgrade.
    with logins.sql(logins.owner) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0003_undo_and_pins'")
    behind = school("list", lang="en")
    assert behind.exit_code == 3 and "only its owner login" in behind.stderr and logins.owner in behind.stderr
    with logins.sql(logins.owner) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003_undo_and_pins",)
        connection.execute(f"UPDATE alembic_version SET version_num = '{schema.HEAD}'")
    assert [c["key"] for c in school.json("list")] == ["a"]


def test_the_migration_goes_down_and_up_again(city):
    """0006 down (policies, grants table, current-campaign key) and up again keeps the records."""
    from alembic import command
    from sqlalchemy import create_engine

    from campaign_cli.store import migrate, schema

    before = _counts(city, city.owner)
    engine = create_engine(city.url(city.owner))
    try:
        with engine.begin() as connection:
            before_grants = schema.REVISIONS[schema.REVISIONS.index("0006_grants") - 1]
            command.downgrade(migrate._config(connection), before_grants)
    finally:
        engine.dispose()
    with city.sql(city.owner) as connection:
        assert connection.execute("SELECT COUNT(*) FROM pg_policies WHERE schemaname = current_schema()"
                                  ).fetchone() == (0,)
        assert connection.execute("SELECT to_regclass('store_grant')").fetchone() == (None,)
    migrate.upgrade(city.url(city.owner))
    after = _counts(city, city.owner)
    assert {t: v for t, v in after.items() if t != "current_campaign"} == \
        {t: v for t, v in before.items() if t != "current_campaign"}
    assert city.cli(city.nobody).json("list") == []


def test_a_temporary_grants_table_fools_no_policy(city):
    """Policies bind the real store_grant when they are made, and the office's
    column guard pins its search_path: a login's own temporary table named
    store_grant, granting it everything, changes nothing."""
    import psycopg

    ids = _campaign_ids(city)
    forged = ("CREATE TEMP TABLE store_grant (id int, login text, campaign_id int, role text, granted_at text, "
              "granted_by text); INSERT INTO store_grant SELECT c.id, current_user, c.id, 'campaign', '', '' "
              "FROM (VALUES (1), (2), (3)) c(id)")
    with city.sql(city.a) as connection:
        connection.execute(forged)
        assert connection.execute("SELECT COUNT(*) FROM store_grant").fetchone() == (3,)  # its own table
        assert connection.execute(f"SELECT COUNT(*) FROM task WHERE campaign_id = {ids['b']}").fetchone() == (0,)
        assert connection.execute(f"UPDATE task SET measure = 'x' WHERE campaign_id = {ids['b']}").rowcount == 0
    with city.sql(city.office) as connection:
        connection.execute(forged)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(f"UPDATE problem SET title = 'x' WHERE campaign_id = {ids['b']}")
    with city.sql(city.nobody) as connection:
        connection.execute(forged)
        assert connection.execute("SELECT COUNT(*) FROM problem").fetchone() == (0,)


def test_each_logins_overview_lists_only_its_campaigns(city):
    def keys(login: str) -> list[str]:
        return sorted(c["key"] for c in city.cli(login).json("overview", "--month", "2023-06")["campaigns"])

    assert keys(city.owner) == ["a", "b", "c"]
    assert keys(city.office) == ["a", "b", "c"]
    assert keys(city.a) == ["a"]
    assert keys(city.b) == ["b"]
    assert keys(city.nobody) == []
    # A school's row is the owner's row for the same campaign: the policies hide, never change, a figure.
    mine = city.cli(city.a).json("overview", "--month", "2023-06")["campaigns"][0]
    theirs = [c for c in city.cli(city.owner).json("overview", "--month", "2023-06")["campaigns"] if c["key"] == "a"]
    assert {k: v for k, v in mine.items() if k != "rank"} == {k: v for k, v in theirs[0].items() if k != "rank"}


def test_a_school_attaching_a_file_another_school_holds_keeps_it_once_and_sees_only_its_own(city, tmp_path):
    same = tmp_path / "通知.txt"
    same.write_text("同一份上级通知", "utf-8")
    city.cli(city.b).ok("issue", "evidence", "T-1", "--add", str(same))
    city.cli(city.a).ok("issue", "evidence", "T-1", "--add", str(same))  # the blob is there, unseen by A
    extracted = tmp_path / "out"
    city.cli(city.a).ok("issue", "evidence", "T-1", "--extract", str(extracted))
    assert (extracted / "T-1" / "通知.txt").read_text("utf-8") == "同一份上级通知"
    with city.sql(city.owner) as connection:
        assert connection.execute("SELECT COUNT(*) FROM blob WHERE content = %s",
                                  ("同一份上级通知".encode(),)).fetchone()[0] == 1
    listed = city.cli(city.a).json("issue", "evidence", "T-1")
    assert sorted(e["file_name"] for e in (listed if isinstance(listed, list) else listed["evidence"])) == \
        ["会议纪要.txt", "通知.txt"]
