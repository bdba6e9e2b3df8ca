"""Build benchmark stores of 1k, 10k, 100k or 1M tasks, deterministic from a seed.

    python benchmarks/generate.py 100k                 # -> benchmarks/stores/tasks-100k.db
    python benchmarks/generate.py 200 --out /tmp/s.db  # any size; k and m suffixes
    python benchmarks/generate.py ledger 100k          # a 100k-row ledger CSV for `campaign import`

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
- N/5 activities held by branches between 1 Jan and the as-of day.

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

GENERATOR_VERSION = 1
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
    def __init__(self, n: int, seed: int) -> None:
        self.n, self.seed = n, seed
        self.rng = random.Random(f"{seed}:{n}")
        self.shape = shape(n)
        self.manifest: dict[str, Any] = {
            "generator_version": GENERATOR_VERSION, "seed": seed, "tasks": n, "as_of": AS_OF.isoformat(),
            "campaign": CAMPAIGN_KEY, **{k: v for k, v in self.shape.items() if k != "activities"},
        }

    # -- the campaign, phases and units ------------------------------------------------
    def units(self, campaign_id: int) -> tuple[list[tuple], list[int], list[int]]:
        rows, branches, departments = [], [], []
        uid = 0
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
                task_rows.append((task_no, campaign_id, task_no, t_code, problem_no,
                                  f"{MEASURES[task_no % len(MEASURES)]}（{t_code}）", owner, home[owner],
                                  deadline.isoformat(), status,
                                  started and started.isoformat(), done and done.isoformat(),
                                  ("见整改台账附件" if status == "done" else None), _stamp(found)))
                event_id += 1
                chunk["event"].append((event_id, campaign_id, _stamp(found), owner, "task", task_no, problem_no,
                                       t_code, "created", None, t_code))
                if started:
                    event_id += 1
                    chunk["event"].append((event_id, campaign_id, _stamp(started), owner, "task", task_no,
                                           problem_no, t_code, "status", "todo", "doing"))
                if done:
                    event_id += 1
                    chunk["event"].append((event_id, campaign_id, _stamp(done), owner, "task", task_no,
                                           problem_no, t_code, "status", "doing", "done"))
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
            chunk["problem"].append((problem_no, campaign_id, problem_no, p_code,
                                     f"{PROBLEMS[problem_no % len(PROBLEMS)]}（{p_code}）",
                                     None, CATEGORIES[problem_no % len(CATEGORIES)], term, None,
                                     found.isoformat(), p_status, resolved_on, verified_on, verified_by,
                                     _stamp(found)))
            resp_id += 1
            chunk["responsibility"].append((resp_id, problem_no, lead_dept, lead, "lead"))
            if rng.random() < 0.2:
                resp_id += 1
                chunk["responsibility"].append((resp_id, problem_no, departments[rng.randrange(len(departments))],
                                                None, "support"))
            event_id += 1
            chunk["event"].append((event_id, campaign_id, _stamp(found), lead, "problem", problem_no, problem_no,
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
            rows.append((i, campaign_id, kind, f"活动{i}", held.isoformat(), None,
                         branches[rng.randrange(len(branches))], rng.randint(5, 60), target, None, _stamp(held)))
            if len(rows) >= CHUNK:
                yield rows
                rows = []
        yield rows
        self.manifest["activities"] = self.shape["activities"]


INSERTS = {
    "unit": "INSERT INTO unit (id, campaign_id, name, kind, members, parent_id) VALUES (?,?,?,?,?,?)",
    "phase": "INSERT INTO phase (id, campaign_id, seq, title, starts_on, ends_on, notes, as_written, kinds) "
             "VALUES (?,?,?,?,?,?,?,?,?)",
    "problem": "INSERT INTO problem (id, campaign_id, number, code, title, detail, category, term, "
               "source_activity_id, found_on, status, resolved_on, verified_on, verified_by, created_at, created_on) "
               # created_on is the day part of created_at (?15 bound twice)
               "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,substr(?15,1,10))",
    "responsibility": "INSERT INTO responsibility (id, problem_id, department_id, owner, role) VALUES (?,?,?,?,?)",
    "task": "INSERT INTO task (id, campaign_id, number, code, problem_id, measure, owner, department_id, "
            "deadline, status, started_on, done_on, evidence, created_at, created_on) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,substr(?14,1,10))",
    "event": "INSERT INTO event (id, campaign_id, at, actor, entity, entity_id, problem_id, code, field, "
             "old_value, new_value) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    "activity": "INSERT INTO activity (id, campaign_id, kind, title, held_on, phase_id, unit_id, participants, "
                "target, notes, created_at, created_on) VALUES (?,?,?,?,?,?,?,?,?,?,?,substr(?11,1,10))",
}
BULK_TABLES = ("problem", "responsibility", "task", "event", "activity")


def _init_store(path: Path, command: list[str]) -> None:
    args = [*command, "--db", str(path), "--today", AS_OF.isoformat(), "--lang", "en",
            "init", CAMPAIGN_KEY, "--title", "学习贯彻重要讲话精神（基准）", "--year", str(YEAR),
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
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA cache_size = -200000")
        campaign_id = con.execute("SELECT id FROM campaign WHERE key = ?", (CAMPAIGN_KEY,)).fetchone()[0]
        indexes = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN "
            f"({','.join('?' * len(BULK_TABLES))})", BULK_TABLES).fetchall()
        con.execute("BEGIN")
        for name, _sql in indexes:
            con.execute(f'DROP INDEX "{name}"')
        con.executemany(INSERTS["phase"], [
            (seq, campaign_id, seq, title, start and start.isoformat(), end.isoformat(), None, None, None)
            for seq, (title, start, end) in enumerate(PHASES, 1)])
        unit_rows, branches, departments = gen.units(campaign_id)
        con.executemany(INSERTS["unit"], unit_rows)
        for chunk in gen.problems(campaign_id, departments):
            for table in ("problem", "responsibility", "task", "event"):
                con.executemany(INSERTS[table], chunk[table])
            if not quiet:
                print(f"\r  tasks {chunk['task'][-1][0] if chunk['task'] else n:>9,} / {n:,}", end="",
                      file=sys.stderr, flush=True)
        for rows in gen.activities(campaign_id, branches):
            con.executemany(INSERTS["activity"], rows)
        con.execute("UPDATE campaign SET next_problem_no = ?, next_task_no = ? WHERE id = ?",
                    (gen.manifest["next_problem_no"], gen.manifest["next_task_no"], campaign_id))
        for _name, sql in indexes:
            con.execute(sql)
        con.execute("COMMIT")
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
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
    args = parser.parse_args(argv)
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
