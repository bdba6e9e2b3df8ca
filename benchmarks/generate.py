"""Build benchmark stores of 1k, 10k, 100k or 1M tasks, deterministic from a seed.

    python benchmarks/generate.py 100k                 # -> benchmarks/stores/tasks-100k.db
    python benchmarks/generate.py 200 --out /tmp/s.db  # any size; k and m suffixes
    python benchmarks/generate.py ledger 100k          # a 100k-row ledger CSV for `campaign import`
    python benchmarks/generate.py city 50x20k          # 50 campaigns (schools) of 20k tasks: the city store
    python benchmarks/generate.py city 50x20k --pg postgresql+psycopg://u@127.0.0.1:5432/city

The store is first created by the CLI itself (`campaign --db X init …`), so
its schema and alembic_version are exactly what the code makes; everything
else is written directly with the standard library's `sqlite3.executemany`
in one transaction (indexes dropped during the load and rebuilt after).

What a store of N tasks holds (as of 2023-06-15, the day every benchmark
passes as `--today`):
- one campaign (2023, 1 Jan – 31 Dec) with the reference plan's five phases;
- branches and departments growing with the square root of N (15 + 6 at 1k,
  158 + 63 at 100k, 500 + 200 at 1M), owners N/25 (20 … 4,000) each with a
  home department;
- N tasks over about 0.8·N problems (80 % of problems have one task, 15 %
  two, 5 % three); deadlines spread over 2023; past deadlines mostly done
  (a quarter still open: red), future ones mostly open;
- problem status derived from the tasks by the rules (open / in-progress /
  resolved / verified) with resolved_on the last task's done_on, half of
  the resolved ones verified; a lead responsibility for every problem and a
  support one for a fifth;
- history: a creation event for every problem and task, a status event
  for every task started or done;
- N/5 activities held by branches between 1 Jan and the as-of day;
- the task tally (revision 0008) counted from those tasks, as the write
  layer would have kept it.

A manifest `<store>.json` beside the store records what was written (counts
as of the as-of day), so tests and the runner can check the store against it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Iterator

GENERATOR_VERSION = 4  # 2: stores at revision 0007_perf, city stores; 3: at 0008_task_tally, the tally filled;
# 4: at 0010_task_problem_index, the PostgreSQL store vacuumed after its load
HERE = Path(__file__).resolve().parent
STORES = HERE / "stores"
AS_OF = date(2023, 6, 15)
YEAR = 2023
YEAR_START, YEAR_END = date(YEAR, 1, 1), date(YEAR, 12, 31)
CAMPAIGN_KEY = "bench"
CHUNK = 20_000

# The reference plan's phases (常教工委〔2023〕28号): title, start, end.
PHASES = [
    ("开展专题学习", date(2023, 4, 21), date(2023, 4, 28)),
    ("组织交流讨论", date(2023, 5, 8), date(2023, 5, 12)),
    ("深入开展调研", date(2023, 5, 13), date(2023, 12, 31)),
    ("深化调研成果", None, date(2023, 12, 31)),
    ("着力解决问题", None, date(2023, 12, 31)),
]
KINDS = [("three-meetings", 30), ("theme-day", 15), ("study-group", 10), ("party-lecture", 10),
         ("discussion", 15), ("research", 12), ("training", 6), ("other", 2)]
TARGETS = ["industry", "enterprise", "staff", "family", "teacher"]
DEPARTMENTS = ["党政办", "教务处", "学生处", "总务处", "教科室", "人事处", "财务处", "工会",
               "团委", "德育处", "招生办", "信息中心", "图书馆", "保卫处", "后勤处", "督导室"]
CATEGORIES = ["思想认识", "作风建设", "制度执行", "教学管理", "安全管理", "服务师生", "廉洁自律"]
PROBLEMS = ["会议记录不规范", "学习笔记不完整", "制度落实不到位", "台账更新不及时", "调研深度不够",
            "整改措施不具体", "资料归档不全", "活动签到缺失", "意见反馈渠道不畅", "责任分工不清"]
MEASURES = ["补齐会议记录并专人审核", "建立学习笔记月检制度", "修订制度并组织培训", "每周更新台账",
            "开展专题调研并形成报告", "细化整改措施清单", "完成资料归档", "规范活动签到流程",
            "开通意见反馈邮箱", "明确责任分工并公示"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲红梅鹏飞宇浩然欣怡晨阳辉建国志远思雨佳琪文博子涵"


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    factor = 1
    if text.endswith("k"):
        factor, text = 1000, text[:-1]
    elif text.endswith("m"):
        factor, text = 1_000_000, text[:-1]
    value = int(float(text) * factor)
    if value < 1:
        raise ValueError(f"size must be at least 1, got {text!r}")
    return value


def size_label(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def default_store(n: int) -> Path:
    return STORES / f"tasks-{size_label(n)}.db"


def campaign_command() -> list[str]:
    """The venv's console script beside this interpreter, else `python -m campaign_cli`."""
    script = Path(sys.executable).parent / "campaign"
    return [str(script)] if script.exists() else [sys.executable, "-m", "campaign_cli"]


def shape(n: int) -> dict[str, int]:
    root = n ** 0.5
    return {
        "branches": max(4, min(500, int(root / 2))),
        "departments": max(6, min(200, int(root / 5))),
        "owners": max(20, min(4000, n // 25)),
        "activities": n // 5,
    }


def _names(count: int, rng: random.Random) -> list[str]:
    seen: set[str] = set()
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
        if name in seen:
            name = f"{name}{len(names)}"
        seen.add(name)
        names.append(name)
    return names


def _day(start: date, end: date, rng: random.Random) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T09:00:00+00:00"


class Generator:
    """The rows of one campaign of `n` tasks. `base` shifts every id (a city
    store holds many campaigns: the second one's ids follow the first's)."""

    def __init__(self, n: int, seed: int, base: dict[str, int] | None = None) -> None:
        self.n, self.seed = n, seed
        self.base = {t: 0 for t in ("unit", "phase", "problem", "responsibility", "task", "event", "activity")}
        self.base.update(base or {})
        self.rng = random.Random(f"{seed}:{n}")
        self.shape = shape(n)
        self.manifest: dict[str, Any] = {
            "generator_version": GENERATOR_VERSION, "seed": seed, "tasks": n, "as_of": AS_OF.isoformat(),
            "campaign": CAMPAIGN_KEY, **{k: v for k, v in self.shape.items() if k != "activities"},
        }

    # -- the campaign, phases and units ------------------------------------------------
    def units(self, campaign_id: int) -> tuple[list[tuple], list[int], list[int]]:
        rows, branches, departments = [], [], []
        uid = self.base["unit"]
        for i in range(self.shape["branches"]):
            uid += 1
            rows.append((uid, campaign_id, f"第{i + 1}党支部", "branch", self.rng.randint(8, 60), None))
            branches.append(uid)
        for i in range(self.shape["departments"]):
            uid += 1
            base = DEPARTMENTS[i % len(DEPARTMENTS)]
            name = base if i < len(DEPARTMENTS) else f"第{i // len(DEPARTMENTS) + 1}校区{base}"
            rows.append((uid, campaign_id, name, "department", self.rng.randint(3, 20), None))
            departments.append(uid)
        return rows, branches, departments

    # -- problems and their lists ------------------------------------------------------------
    def problems(self, campaign_id: int, departments: list[int]) -> Iterator[dict[str, list[tuple]]]:
        """Chunks of rows for problem, responsibility, task and event."""
        rng = self.rng
        owners = _names(self.shape["owners"], rng)
        home = {o: departments[i % len(departments)] for i, o in enumerate(owners)}
        counts = self.manifest
        for key in ("problems", "responsibilities", "events", "tasks_done", "tasks_doing", "tasks_todo",
                    "tasks_overdue", "problems_open", "problems_in_progress", "problems_resolved",
                    "problems_verified"):
            counts[key] = 0
        counts["open_task_codes"] = []
        chunk: dict[str, list[tuple]] = {"problem": [], "responsibility": [], "task": [], "event": []}
        task_no = resp_id = event_id = 0
        problem_no = 0
        b_problem, b_task, b_event, b_resp = (self.base[k] for k in ("problem", "task", "event", "responsibility"))
        while task_no < self.n:
            problem_no += 1
            roll = rng.random()
            k = 1 if roll < 0.80 else 2 if roll < 0.95 else 3
            k = min(k, self.n - task_no)
            deadlines = sorted(_day(YEAR_START, YEAR_END, rng) for _ in range(k))
            found = _day(YEAR_START, min(deadlines[0], AS_OF), rng)
            lead = owners[rng.randrange(len(owners))]
            lead_dept = home[lead]
            p_code = f"P-{problem_no}"
            statuses = []
            task_rows = []
            for deadline in deadlines:
                task_no += 1
                roll = rng.random()
                if deadline < AS_OF:
                    status = "done" if roll < 0.75 else "doing" if roll < 0.85 else "todo"
                else:
                    status = "done" if roll < 0.20 else "doing" if roll < 0.50 else "todo"
                owner = lead if rng.random() < 0.9 else owners[rng.randrange(len(owners))]
                started = done = None
                if status == "done":
                    if deadline < AS_OF and rng.random() < 0.8:
                        done = _day(found, deadline, rng)
                    else:
                        done = _day(found, AS_OF, rng)
                    started = _day(found, done, rng)
                elif status == "doing":
                    started = _day(found, AS_OF, rng)
                statuses.append((status, done))
                t_code = f"T-{task_no}"
                counts[f"tasks_{status}"] += 1
                if status != "done" and deadline < AS_OF:
                    counts["tasks_overdue"] += 1
                if status != "done" and len(counts["open_task_codes"]) < 50:
                    counts["open_task_codes"].append(t_code)
                task_rows.append((b_task + task_no, campaign_id, task_no, t_code, b_problem + problem_no,
                                  f"{MEASURES[task_no % len(MEASURES)]}（{t_code}）", owner, home[owner],
                                  deadline.isoformat(), status,
                                  started and started.isoformat(), done and done.isoformat(),
                                  ("见整改台账附件" if status == "done" else None), _stamp(found),
                                  found.isoformat()))
                event_id += 1
                chunk["event"].append((b_event + event_id, campaign_id, _stamp(found), owner, "task",
                                       b_task + task_no, b_problem + problem_no, t_code, "created", None, t_code))
                if started:
                    event_id += 1
                    chunk["event"].append((b_event + event_id, campaign_id, _stamp(started), owner, "task",
                                           b_task + task_no, b_problem + problem_no, t_code, "status", "todo",
                                           "doing"))
                if done:
                    event_id += 1
                    chunk["event"].append((b_event + event_id, campaign_id, _stamp(done), owner, "task",
                                           b_task + task_no, b_problem + problem_no, t_code, "status", "doing",
                                           "done"))
            # Status by the rules: derived from the tasks, plus verification.
            resolved_on = verified_on = verified_by = None
            if all(s == "done" for s, _ in statuses):
                resolved = max(d for _, d in statuses)
                resolved_on = resolved.isoformat()
                if rng.random() < 0.5:
                    verified_on = _day(resolved, min(resolved + timedelta(days=10), AS_OF), rng).isoformat()
                    verified_by = owners[rng.randrange(len(owners))]
                    p_status = "verified"
                else:
                    p_status = "resolved"
            elif any(s != "todo" for s, _ in statuses):
                p_status = "in-progress"
            else:
                p_status = "open"
            counts["problems_" + p_status.replace("-", "_")] += 1
            term = "short" if (deadlines[-1] - found).days <= 30 else "long"
            pid = b_problem + problem_no
            chunk["problem"].append((pid, campaign_id, problem_no, p_code,
                                     f"{PROBLEMS[problem_no % len(PROBLEMS)]}（{p_code}）",
                                     None, CATEGORIES[problem_no % len(CATEGORIES)], term, None,
                                     found.isoformat(), p_status, resolved_on, verified_on, verified_by,
                                     _stamp(found), found.isoformat()))
            resp_id += 1
            chunk["responsibility"].append((b_resp + resp_id, pid, lead_dept, lead, "lead"))
            if rng.random() < 0.2:
                resp_id += 1
                chunk["responsibility"].append((b_resp + resp_id, pid,
                                                departments[rng.randrange(len(departments))], None, "support"))
            event_id += 1
            chunk["event"].append((b_event + event_id, campaign_id, _stamp(found), lead, "problem", pid, pid,
                                   p_code, "created", None, p_code))
            chunk["task"].extend(task_rows)
            if len(chunk["task"]) >= CHUNK:
                yield chunk
                chunk = {"problem": [], "responsibility": [], "task": [], "event": []}
        yield chunk
        counts.update(problems=problem_no, responsibilities=resp_id, events=event_id,
                      next_problem_no=problem_no + 1, next_task_no=task_no + 1)

    def activities(self, campaign_id: int, branches: list[int]) -> Iterator[list[tuple]]:
        rng = self.rng
        kinds = [k for k, _ in KINDS]
        weights = [w for _, w in KINDS]
        rows: list[tuple] = []
        for i in range(1, self.shape["activities"] + 1):
            kind = rng.choices(kinds, weights)[0]
            held = _day(YEAR_START, AS_OF, rng)
            target = rng.choice(TARGETS) if kind == "research" else None
            rows.append((self.base["activity"] + i, campaign_id, kind, f"活动{i}", held.isoformat(), None,
                         branches[rng.randrange(len(branches))], rng.randint(5, 60), target, None, _stamp(held),
                         held.isoformat()))
            if len(rows) >= CHUNK:
                yield rows
                rows = []
        yield rows
        self.manifest["activities"] = self.shape["activities"]


# The columns of each table, in the order of the generated tuples.
COLUMNS = {
    "unit": ("id", "campaign_id", "name", "kind", "members", "parent_id"),
    "phase": ("id", "campaign_id", "seq", "title", "starts_on", "ends_on", "notes", "as_written", "kinds"),
    "problem": ("id", "campaign_id", "number", "code", "title", "detail", "category", "term", "source_activity_id",
                "found_on", "status", "resolved_on", "verified_on", "verified_by", "created_at", "created_on"),
    "responsibility": ("id", "problem_id", "department_id", "owner", "role"),
    "task": ("id", "campaign_id", "number", "code", "problem_id", "measure", "owner", "department_id", "deadline",
             "status", "started_on", "done_on", "evidence", "created_at", "created_on"),
    "event": ("id", "campaign_id", "at", "actor", "entity", "entity_id", "problem_id", "code", "field",
              "old_value", "new_value"),
    "activity": ("id", "campaign_id", "kind", "title", "held_on", "phase_id", "unit_id", "participants",
                 "target", "notes", "created_at", "created_on"),
}
INSERTS = {table: f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})"
           for table, cols in COLUMNS.items()}
BULK_TABLES = ("problem", "responsibility", "task", "event", "activity")


class SQLiteSink:
    """Rows into a SQLite store: executemany in one transaction, the indexes
    of the big tables dropped first and built once at the end."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con

    def begin(self) -> None:
        con = self.con
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -200000")
        self.indexes = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
            f"({','.join('?' * len(BULK_TABLES))})", BULK_TABLES).fetchall()
        con.execute("BEGIN")
        # The generated history starts afresh (ids from 1): `init`'s own events go.
        con.execute("DELETE FROM event")
        con.execute("DELETE FROM command")
        for name, _sql in self.indexes:
            con.execute(f'DROP INDEX "{name}"')

    def rows(self, table: str, rows: list[tuple]) -> None:
        self.con.executemany(INSERTS[table], rows)

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self.con.execute(sql, params).fetchall()

    def finish(self) -> None:
        for _name, sql in self.indexes:
            self.con.execute(sql)
        self.con.execute("COMMIT")
        self.con.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class PostgresSink:
    """Rows into a PostgreSQL store with COPY; the plain indexes of the big
    tables dropped first and rebuilt at the end, the id sequences moved past
    the rows, then VACUUM (ANALYZE): what autovacuum does soon after a bulk
    load on a running server. Without it no page is marked all-visible and
    every index-only scan reads the table as well, which no store that has
    been in use for a day does."""

    def __init__(self, dsn: str) -> None:
        import psycopg

        self.con = psycopg.connect(dsn)

    def begin(self) -> None:
        marks = ", ".join(f"'{t}'" for t in BULK_TABLES)
        self.indexes = self.con.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
            f"AND i.tablename IN ({marks}) AND i.indexdef NOT LIKE 'CREATE UNIQUE%'").fetchall()
        self.con.execute("DELETE FROM event")
        self.con.execute("DELETE FROM command")
        for name, _sql in self.indexes:
            self.con.execute(f'DROP INDEX "{name}"')

    def rows(self, table: str, rows: list[tuple]) -> None:
        if not rows:
            return
        with self.con.cursor().copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        cursor = self.con.execute(sql.replace("?", "%s"), params)
        return cursor.fetchall() if cursor.description else []

    def finish(self) -> None:
        for _name, sql in self.indexes:
            self.con.execute(sql)
        for table in ("unit", "phase", *BULK_TABLES, "campaign"):
            self.con.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                             f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)")
        self.con.commit()
        self.con.autocommit = True
        self.con.execute("VACUUM (ANALYZE)")
        self.con.close()


def _load(sink: Any, gen: "Generator", campaign_id: int, *, quiet: bool, label: str = "") -> None:
    """One campaign's phases, units, problems, tasks, history and activities."""
    n = gen.n
    sink.rows("phase", [
        (gen.base["phase"] + seq, campaign_id, seq, title, start and start.isoformat(), end.isoformat(),
         None, None, None) for seq, (title, start, end) in enumerate(PHASES, 1)])
    unit_rows, branches, departments = gen.units(campaign_id)
    sink.rows("unit", unit_rows)
    for chunk in gen.problems(campaign_id, departments):
        for table in ("problem", "responsibility", "task", "event"):
            sink.rows(table, chunk[table])
        if not quiet:
            done = chunk["task"][-1][2] if chunk["task"] else n
            print(f"\r  {label}tasks {done:>9,} / {n:,}", end="", file=sys.stderr, flush=True)
    for rows in gen.activities(campaign_id, branches):
        sink.rows("activity", rows)
    # The task tally the write layer keeps (revision 0008), counted by its own SQL from the rows just written.
    from campaign_cli.store.task_tally import rebuild_sql

    for sql in rebuild_sql("?"):
        sink.execute(sql, (campaign_id,))
    sink.execute("UPDATE campaign SET next_problem_no = ?, next_task_no = ? WHERE id = ?",
                 (gen.manifest["next_problem_no"], gen.manifest["next_task_no"], campaign_id))


def _init_store(path: Path | str, command: list[str], key: str = CAMPAIGN_KEY) -> None:
    args = [*command, "--db", str(path), "--today", AS_OF.isoformat(), "--lang", "en",
            "init", key, "--title", "学习贯彻重要讲话精神（基准）", "--year", str(YEAR),
            "--doc-no", "常教工委〔2023〕28号", "--start", YEAR_START.isoformat(), "--end", YEAR_END.isoformat()]
    env = {**os.environ, "CAMPAIGN_ACTOR": "bench"}
    env.pop("CAMPAIGN_DB", None)
    env.pop("CAMPAIGN", None)
    result = subprocess.run(args, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0:
        raise SystemExit(f"campaign init failed ({result.returncode}): {result.stderr.strip()}")


def generate(n: int, out: Path, *, seed: int = 8, command: list[str] | None = None,
             force: bool = False, quiet: bool = False) -> dict[str, Any]:
    """Write a store of `n` tasks to `out` (and its manifest beside it); return the manifest."""
    out = Path(out)
    manifest_path = manifest_path_of(out)
    if out.exists():
        if not force:
            raise FileExistsError(out)
        for extra in (out, out.with_name(out.name + "-wal"), out.with_name(out.name + "-shm"), manifest_path):
            extra.unlink(missing_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    partial = out.with_name(f".{out.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    _init_store(partial, command or campaign_command())
    gen = Generator(n, seed)
    con = sqlite3.connect(partial, isolation_level=None)
    try:
        sink = SQLiteSink(con)
        sink.begin()
        campaign_id = con.execute("SELECT id FROM campaign WHERE key = ?", (CAMPAIGN_KEY,)).fetchone()[0]
        _load(sink, gen, campaign_id, quiet=quiet)
        sink.finish()
    except BaseException:
        con.close()
        partial.unlink(missing_ok=True)
        raise
    con.close()
    for suffix in ("-wal", "-shm"):
        partial.with_name(partial.name + suffix).unlink(missing_ok=True)
    os.replace(partial, out)
    manifest = gen.manifest
    manifest["seconds"] = round(time.perf_counter() - started, 1)
    manifest["bytes"] = out.stat().st_size
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if not quiet:
        print(f"\r  {out}: {n:,} tasks, {manifest['problems']:,} problems, {manifest['activities']:,} activities, "
              f"{manifest['bytes'] / 1e6:.0f} MB in {manifest['seconds']} s", file=sys.stderr)
    return manifest


# -- a city store: many campaigns (schools) in one store -----------------------------------

CITY_CAMPAIGNS, CITY_TASKS = 50, 20_000


def city_key(i: int) -> str:
    """The key of the city's i-th campaign (school), from 1."""
    return f"s{i:02d}"


def city_label(campaigns: int, tasks_each: int) -> str:
    return f"{campaigns}x{size_label(tasks_each)}"


def default_city_store(campaigns: int, tasks_each: int) -> Path:
    return STORES / f"city-{city_label(campaigns, tasks_each)}.db"


def libpq_dsn(url: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://…) as libpq takes it."""
    return "postgresql://" + url.split("://", 1)[1]


def city(campaigns: int, tasks_each: int, *, out: Path | None = None, pg_url: str | None = None, seed: int = 8,
         command: list[str] | None = None, quiet: bool = False) -> dict[str, Any]:
    """A store of `campaigns` campaigns (keys s01, s02, …) of `tasks_each`
    tasks each, every one generated as `generate` makes one (its own seed),
    into a new SQLite file `out` or the empty PostgreSQL database `pg_url`.
    Returns the manifest (written beside a SQLite store; a PostgreSQL
    caller keeps it)."""
    started = time.perf_counter()
    command = command or campaign_command()
    partial = None
    if pg_url:
        target: Any = pg_url
    else:
        out = Path(out or default_city_store(campaigns, tasks_each))
        for extra in (out, out.with_name(out.name + "-wal"), out.with_name(out.name + "-shm"),
                      manifest_path_of(out)):
            extra.unlink(missing_ok=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = target = out.with_name(f".{out.name}.partial-{os.getpid()}")
        partial.unlink(missing_ok=True)
    _init_store(target, command, key=city_key(1))
    con = None
    try:
        if pg_url:
            sink: Any = PostgresSink(libpq_dsn(pg_url))
        else:
            con = sqlite3.connect(partial, isolation_level=None)
            sink = SQLiteSink(con)
        sink.begin()
        base = {t: 0 for t in ("unit", "phase", "problem", "responsibility", "task", "event", "activity")}
        schools = []
        for i in range(1, campaigns + 1):
            key = city_key(i)
            if i > 1:
                sink.execute("INSERT INTO campaign (key, title, doc_no, issuer, year, starts_on, ends_on, "
                             "next_problem_no, next_task_no, created_at) SELECT ?, title, doc_no, issuer, year, "
                             "starts_on, ends_on, 1, 1, created_at FROM campaign WHERE key = ?", (key, city_key(1)))
            campaign_id = sink.execute("SELECT id FROM campaign WHERE key = ?", (key,))[0][0]
            gen = Generator(tasks_each, seed * 1000 + i, base)
            _load(sink, gen, campaign_id, quiet=quiet, label=f"{key}: ")
            m = gen.manifest
            schools.append({**m, "key": key})
            for table, count in (("unit", m["branches"] + m["departments"]), ("phase", len(PHASES)),
                                 ("problem", m["problems"]), ("responsibility", m["responsibilities"]),
                                 ("task", tasks_each), ("event", m["events"]), ("activity", m["activities"])):
                base[table] += count
        sink.finish()
    except BaseException:
        if con is not None:
            con.close()
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise
    manifest: dict[str, Any] = {
        "generator_version": GENERATOR_VERSION, "kind": "city", "seed": seed, "campaigns": campaigns,
        "tasks_each": tasks_each, "tasks": campaigns * tasks_each, "as_of": AS_OF.isoformat(),
        **{k: sum(s[k] for s in schools) for k in ("problems", "events", "activities", "tasks_overdue")},
        "schools": schools, "seconds": round(time.perf_counter() - started, 1)}
    if con is not None and partial is not None and out is not None:
        con.close()
        for suffix in ("-wal", "-shm"):
            partial.with_name(partial.name + suffix).unlink(missing_ok=True)
        os.replace(partial, out)
        manifest["bytes"] = out.stat().st_size
        manifest_path_of(out).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                         encoding="utf-8")
    if not quiet:
        print(f"\r  {out or 'PostgreSQL'}: {campaigns} campaigns x {tasks_each:,} tasks in "
              f"{manifest['seconds']} s" + " " * 20, file=sys.stderr)
    return manifest


def ensure_city(campaigns: int, tasks_each: int, *, seed: int = 8, quiet: bool = False) -> tuple[Path, dict[str, Any]]:
    """The SQLite city store, generated unless an up-to-date one is there."""
    out = default_city_store(campaigns, tasks_each)
    found = load_manifest(out)
    if found and found.get("generator_version") == GENERATOR_VERSION and found.get("seed") == seed:
        return out, found
    return out, city(campaigns, tasks_each, out=out, seed=seed, quiet=quiet)


def manifest_path_of(store: Path) -> Path:
    return Path(store).with_name(Path(store).name + ".json")


def load_manifest(store: Path) -> dict[str, Any] | None:
    path = manifest_path_of(store)
    if not path.exists() or not Path(store).exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None


def ensure(n: int, *, seed: int = 8, out: Path | None = None, quiet: bool = False) -> tuple[Path, dict[str, Any]]:
    """The store of `n` tasks, generated unless an up-to-date one is there."""
    out = Path(out) if out else default_store(n)
    found = load_manifest(out)
    if found and found.get("generator_version") == GENERATOR_VERSION and found.get("seed") == seed:
        return out, found
    return out, generate(n, out, seed=seed, force=True, quiet=quiet)


# -- a ledger CSV for `campaign import` ---------------------------------------------------

LEDGER_HEADER = ["问题", "整改措施", "责任部门", "责任人", "完成时限", "类别"]


def ledger(rows: int, out: Path, *, seed: int = 8) -> Path:
    """A CSV ledger (UTF-8 with BOM, Chinese headers) of `rows` problems, one measure each."""
    rng = random.Random(f"ledger:{seed}:{rows}")
    owners = _names(max(20, min(4000, rows // 25)), rng)
    departments = DEPARTMENTS[:12]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LEDGER_HEADER)
        for i in range(1, rows + 1):
            owner = owners[i % len(owners)]
            writer.writerow([f"{PROBLEMS[i % len(PROBLEMS)]}（第{i}条）", MEASURES[i % len(MEASURES)],
                             departments[i % len(departments)], owner,
                             _day(YEAR_START, YEAR_END, rng).isoformat(), CATEGORIES[i % len(CATEGORIES)]])
    return out


def ensure_ledger(rows: int, *, seed: int = 8) -> Path:
    out = STORES / f"ledger-{size_label(rows)}-s{seed}.csv"
    if not out.exists():
        ledger(rows, out, seed=seed)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", nargs="+", help="sizes (1k 10k 100k 1m, or any number), or `ledger SIZE`")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--out", type=Path, help="the store (or CSV) to write; one size only")
    parser.add_argument("--force", action="store_true", help="overwrite an existing store")
    parser.add_argument("--pg", metavar="URL", help="`city` only: load into this empty PostgreSQL database")
    args = parser.parse_args(argv)
    if args.what[0] == "city":
        # generate.py city [CAMPAIGNSxTASKS] [--pg URL]: 50x20k by default
        shape_text = args.what[1] if len(args.what) > 1 else city_label(CITY_CAMPAIGNS, CITY_TASKS)
        count_text, _, each_text = shape_text.partition("x")
        if args.pg:
            city(int(count_text), parse_size(each_text), pg_url=args.pg, seed=args.seed)
        else:
            city(int(count_text), parse_size(each_text), out=args.out, seed=args.seed)
        return 0
    if args.what[0] == "ledger":
        for text in args.what[1:] or ["100k"]:
            rows = parse_size(text)
            path = ledger(rows, args.out or STORES / f"ledger-{size_label(rows)}-s{args.seed}.csv", seed=args.seed)
            print(path)
        return 0
    sizes = [parse_size(s) for text in args.what for s in text.split(",") if s]
    if args.out and len(sizes) != 1:
        parser.error("--out takes one size")
    for n in sizes:
        out = args.out or default_store(n)
        if out.exists() and not args.force:
            manifest = load_manifest(out)
            if manifest and manifest.get("seed") == args.seed and manifest.get("generator_version") == GENERATOR_VERSION:
                print(f"  {out}: up to date ({n:,} tasks)", file=sys.stderr)
                continue
        generate(n, out, seed=args.seed, force=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
