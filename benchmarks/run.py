"""Time whole `campaign` processes against the budgets of issues 8 and 17; write RESULTS.md.

    make bench                                   # all sizes: 1k, 10k, 100k, 1m
    python benchmarks/run.py --sizes 1k,10k --runs 5
    python benchmarks/run.py --quick             # 1k and 10k, 3 runs: a check that the tools work
    python benchmarks/run.py --quick --pg        # the same with a small city store on PostgreSQL (minutes)
    python benchmarks/run.py --pg                # everything, the 50x20k city on SQLite and PostgreSQL

Every command runs as a new process through the venv's console script
(`campaign`), the way a user runs it: one warm-up run, then `--runs` timed
runs; the table gives the median with the min and max, and the peak
private memory of the process (see run_once). Next to
them: the floor (`python -c "import sqlite3"` with the same interpreter)
and, when Debian's `task` (Taskwarrior) is installed, Taskwarrior on the
same tasks. Stores come from benchmarks/generate.py (generated when missing,
into benchmarks/stores/, git-ignored); a command that does not exist yet in
this tree is skipped with a note.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (benchmarks/generate.py, beside this file)

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
TODAY = generate.AS_OF.isoformat()
MONTH = "2023-06"
DEFAULT_SIZES = "1k,10k,100k,1m"
TASKWARRIOR_MAX = 100_000  # Taskwarrior is compared at 1k / 10k / 100k (it takes seconds at 100k)
TIMEOUT = 120
GROUPS = ["issue", "phase", "unit", "activity", "plan", "db"]


@dataclass
class Result:
    label: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    error: str | None = None
    skipped: str | None = None

    @property
    def ok(self) -> bool:
        return not self.error and not self.skipped and bool(self.times)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def min_ms(self) -> float:
        return min(self.times) * 1000

    @property
    def max_ms(self) -> float:
        return max(self.times) * 1000

    @property
    def cpu_ms(self) -> float:
        return statistics.median(self.cpu) * 1000 if self.cpu else float("nan")

    @property
    def peak_mb(self) -> float:
        return max(self.rss_kb) / 1024

    def cell(self) -> str:
        if self.skipped:
            return f"— ({self.skipped})"
        if self.error:
            return f"failed: {self.error}"
        return (f"{self.median_ms:.0f} ({self.min_ms:.0f}–{self.max_ms:.0f}) · cpu {self.cpu_ms:.0f}"
                f" · {self.peak_mb:.0f} MB")

    def as_json(self) -> dict[str, Any]:
        if not self.ok:
            return {"label": self.label, "error": self.error, "skipped": self.skipped}
        return {"label": self.label, "median_ms": round(self.median_ms, 1), "min_ms": round(self.min_ms, 1),
                "max_ms": round(self.max_ms, 1), "cpu_ms": round(self.cpu_ms, 1), "peak_mb": round(self.peak_mb, 1), "runs": len(self.times)}


# Peak memory is the process's private memory (RssAnon in /proc/<pid>/status),
# sampled every 5 ms while it runs (run_once). Not its resident set: SQLite
# reads the store through a memory map, and the store's pages it touched count
# in the resident set (`ru_maxrss`, GNU time's `%M`) although they are the
# kernel's page cache, shared and given back under pressure; at 1M tasks that
# would report the 1 GB file as the command's memory. Where /proc is missing,
# GNU time's `%M` (or, without it, wait4's figure, which on Linux also carries
# this runner's own high-water mark into a child it starts) stands in.
PROC = Path("/proc/self/status").exists()
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() and not PROC else None


def _private_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"RssAnon:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int, int, str, float]:
    """One process: (seconds, exit code, peak memory in KB, the end of its stderr, CPU seconds).

    CPU seconds (user + system, the process and what it waited for) hardly
    move when other work shares the machine; wall seconds do. A thread
    blocks in wait4 and notes the end; this one samples the memory every
    5 ms, so the runner takes no core from a command that uses both."""
    import threading

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        if GNU_TIME:
            argv = [GNU_TIME, "-q", "-f", "%M", "-o", rss_file.name, *argv]
        ended: dict[str, Any] = {}
        finished = threading.Event()
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)

        def wait() -> None:
            _pid, status, usage = os.wait4(process.pid, 0)
            ended.update(at=time.perf_counter(), status=status, usage=usage)
            finished.set()

        threading.Thread(target=wait, daemon=True).start()
        deadline = started + TIMEOUT
        private = _private_kb(process.pid) if PROC else 0
        while not finished.wait(0.005):
            if PROC:
                private = max(private, _private_kb(process.pid))
            if time.perf_counter() > deadline:
                process.kill()
                finished.wait()
                process.returncode = -9
                usage = ended["usage"]
                return (ended["at"] - started, -9, private or usage.ru_maxrss, f"timed out after {TIMEOUT} s",
                        usage.ru_utime + usage.ru_stime)
        elapsed, status, usage = ended["at"] - started, ended["status"], ended["usage"]
        code = os.waitstatus_to_exitcode(status)
        process.returncode = code  # reaped by wait4: keep Popen from waiting again
        peak = private or usage.ru_maxrss  # private stays 0 without /proc
        if GNU_TIME:
            lines = [line for line in rss_file.read().split() if line.isdigit()]
            peak = int(lines[-1]) if lines else peak
        err.seek(0)
        tail = [line for line in err.read().decode("utf-8", "replace").strip().splitlines()
                if not line.startswith("Command exited with non-zero status")]
        return elapsed, code, peak, (tail[-1] if tail else ""), usage.ru_utime + usage.ru_stime


def measure(label: str, make_argv: Callable[[int], list[str]], env: dict[str, str], runs: int,
            setup: Callable[[int], None] | None = None, warmup: int = 1) -> Result:
    result = Result(label)
    for i in range(warmup + runs):
        if setup:
            setup(i)
        elapsed, code, rss, tail, cpu = run_once(make_argv(i), env)
        if code != 0:
            result.error = f"exit {code}: {tail[:160]}"
            break
        if i >= warmup:
            result.times.append(elapsed)
            result.cpu.append(cpu)
            result.rss_kb.append(rss)
    status = result.cell()
    print(f"    {label:<45} {status}", file=sys.stderr, flush=True)
    return result


class Bench:
    def __init__(self, runs: int, seed: int) -> None:
        self.runs, self.seed = runs, seed
        self.python = sys.executable
        self.campaign = generate.campaign_command()
        self.env = {**os.environ, "COLUMNS": "120", "LINES": "50", "CAMPAIGN_ACTOR": "bench"}
        # Timed as a user runs it, with the bytecode cache an install writes:
        # any non-empty PYTHONDONTWRITEBYTECODE (even "0") turns it off, and an
        # editable install then compiles every module of the tree on every run.
        for name in ("CAMPAIGN_DB", "CAMPAIGN", "CAMPAIGN_TODAY", "CAMPAIGN_LANG", "CAMPAIGN_DEBUG",
                     "PYTHONDONTWRITEBYTECODE"):
            self.env.pop(name, None)
        self._exists: dict[tuple[str, ...], bool] = {}
        self.scratch = Path(tempfile.mkdtemp(prefix="campaign-bench-"))

    def exists(self, *path: str) -> bool:
        """Does `campaign PATH --help` work in this tree?"""
        if path not in self._exists:
            found = subprocess.run([*self.campaign, *path, "--help"], capture_output=True, env=self.env,
                                   timeout=TIMEOUT)
            self._exists[path] = found.returncode == 0
        return self._exists[path]

    def cli(self, store: Path | str, *args: str) -> list[str]:
        return [*self.campaign, "--db", str(store), "--today", TODAY, "--lang", "zh", *args]

    def skipped(self, label: str, why: str) -> Result:
        print(f"    {label:<45} — {why}", file=sys.stderr, flush=True)
        return Result(label, skipped=why)

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)


# -- what is timed ---------------------------------------------------------------------------

READS = [
    # label, args after the global options, the command path that must exist
    ("phase status", ["phase", "status"], ("phase", "status")),
    ("dashboard", ["dashboard"], ("dashboard",)),
    ("issue list", ["issue", "list"], ("issue", "list")),
    ("issue list --signal red", ["issue", "list", "--signal", "red"], ("issue", "list")),
    ("issue show P-1", ["issue", "show", "P-1"], ("issue", "show")),
    (f"report --month {MONTH}", ["report", "--month", MONTH], ("report",)),
    (f"report --month {MONTH} --format json", ["report", "--month", MONTH, "--format", "json"], ("report",)),
]
WRITES = ["issue add", "issue done"]
# campaign command -> the Taskwarrior report it is compared with
PAIRS = {"issue list": "task list", "issue list --signal red": "task overdue", "dashboard": "task summary",
         "issue add": "task add"}


def startup(bench: Bench) -> dict[str, Result]:
    out = {"floor": measure('python -c "import sqlite3" (floor)', lambda i: [bench.python, "-c", "import sqlite3"],
                            bench.env, bench.runs)}
    out["campaign --help"] = measure("campaign --help", lambda i: [*bench.campaign, "--help"], bench.env, bench.runs)
    for group in GROUPS:
        label = f"campaign {group} --help"
        if bench.exists(group):
            out[label] = measure(label, lambda i, g=group: [*bench.campaign, g, "--help"], bench.env, bench.runs)
        else:
            out[label] = bench.skipped(label, "not in this tree yet")
    return out


def at_size(bench: Bench, n: int, store: Path, manifest: dict[str, Any]) -> dict[str, Result]:
    out: dict[str, Result] = {}
    for label, args, path in READS:
        if not bench.exists(*path):
            out[label] = bench.skipped(label, "not in this tree yet")
            continue
        out[label] = measure(label, lambda i, a=args: bench.cli(store, *a), bench.env, bench.runs)
    if n > TASKWARRIOR_MAX:
        return out  # writes are budgeted at 100k; the 1M store is for the report
    copy = bench.scratch / f"write-{n}.db"
    shutil.copyfile(store, copy)
    if bench.exists("issue", "add"):
        out["issue add"] = measure("issue add", lambda i: bench.cli(
            copy, "issue", "add", f"基准新增问题{i}", "--owner", "王伟", "--deadline", "2023-06-30",
            "--dept", "教务处", "--measure", "补齐会议记录并专人审核"), bench.env, bench.runs)
    else:
        out["issue add"] = bench.skipped("issue add", "not in this tree yet")
    codes = manifest.get("open_task_codes", [])
    if not bench.exists("issue", "done"):
        out["issue done"] = bench.skipped("issue done", "not in this tree yet")
    elif len(codes) < bench.runs + 1:
        out["issue done"] = bench.skipped("issue done", "too few open tasks in the store")
    else:
        out["issue done"] = measure("issue done", lambda i: bench.cli(copy, "issue", "done", codes[i]),
                                    bench.env, bench.runs)
    copy.unlink(missing_ok=True)
    return out


def importing(bench: Bench, rows: int) -> Result:
    label = f"import {generate.size_label(rows)}-row ledger CSV"
    if not bench.exists("import"):
        return bench.skipped(label, "`campaign import` not in this tree yet")
    ledger = generate.ensure_ledger(rows, seed=bench.seed)
    target = bench.scratch / "import.db"

    def fresh(i: int) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        subprocess.run(bench.cli(target, "init", "imp", "--title", "导入基准", "--year", "2023"),
                       check=True, capture_output=True, env=bench.env, timeout=TIMEOUT)

    return measure(label, lambda i: bench.cli(target, "import", str(ledger)), bench.env,
                   max(1, min(bench.runs, 3)), setup=fresh)


# -- the city: many campaigns in one store, on SQLite and PostgreSQL ------------------------------

CITY_READS = [
    ("phase status", ["phase", "status"], ("phase", "status")),
    ("dashboard", ["dashboard"], ("dashboard",)),
    ("issue list --signal red", ["issue", "list", "--signal", "red"], ("issue", "list")),
    ("issue list --json", ["issue", "list", "--json"], ("issue", "list")),
    (f"report --month {MONTH}", ["report", "--month", MONTH], ("report",)),
    (f"report --month {MONTH} --format json", ["report", "--month", MONTH, "--format", "json"], ("report",)),
]
# `campaign overview` reads every campaign of the store; it is timed once it exists in this tree.
OVERVIEW = (f"overview --month {MONTH}", ["overview", "--month", MONTH], ("overview",))
NOBODY = "无此责任人"  # an owner no task has: the same command with no rows, for (t(N) - t(0)) / N


def load_tests_module(name: str):
    """tests/<name>.py as a module: the PostgreSQL server code of the test suite."""
    import importlib.util

    key = f"bench_tests_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, HERE.parent / "tests" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


class PostgresCity:
    """The PostgreSQL server tests/pg.py starts (loopback, trust, fsync off),
    its data kept in benchmarks/stores/pg/ so a loaded city store is reused
    by the next run; the store is loaded by generate.city when missing."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        pg = load_tests_module("pg")
        self.server = pg.PostgresServer(keep=generate.STORES / "pg")
        self.server.start()

    def database(self, campaigns: int, tasks_each: int) -> tuple[str, dict[str, Any]]:
        import psycopg

        name = f"city_{generate.city_label(campaigns, tasks_each)}_s{self.seed}"
        manifest_path = generate.STORES / "pg" / f"{name}.json"
        with psycopg.connect(self.server.admin_dsn(), autocommit=True) as con:
            exists = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and manifest_path.exists():
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if manifest.get("generator_version") == generate.GENERATOR_VERSION:
                return self.server.url(name), manifest
        if exists:
            self.server.drop_database(name)
        self.server.create_database(name)
        manifest = generate.city(campaigns, tasks_each, pg_url=self.server.url(name), seed=self.seed)
        manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return self.server.url(name), manifest

    def scratch_copy(self, url: str) -> str:
        """A copy of the database for the writes (CREATE DATABASE … TEMPLATE)."""
        import psycopg

        source = url.rsplit("/", 1)[1]
        name = f"{source}_w"
        with psycopg.connect(self.server.admin_dsn(), autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            con.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        return self.server.url(name)

    def drop(self, url: str) -> None:
        self.server.drop_database(url.rsplit("/", 1)[1])

    def close(self) -> None:
        self.server.stop()


def city_tier(bench: Bench, target: str, manifest: dict[str, Any], *, copy: Callable[[str], str],
              drop: Callable[[str], None]) -> dict[str, Result]:
    """Per school (the middle campaign), then `overview` over all of them."""
    schools = manifest["schools"]
    school = schools[len(schools) // 2]
    out: dict[str, Result] = {}

    def cli(store: str, *args: str) -> list[str]:
        return [*bench.campaign, "--db", store, "--campaign", school["key"], "--today", TODAY, "--lang", "zh",
                *args]

    for label, args, path in CITY_READS:
        if not bench.exists(*path):
            out[label] = bench.skipped(label, "not in this tree yet")
            continue
        out[label] = measure(label, lambda i, a=args: cli(target, *a), bench.env, bench.runs)
    if bench.exists("issue", "list"):
        out["issue list --json (no rows)"] = measure(
            "issue list --json (no rows)", lambda i: cli(target, "issue", "list", "--json", "--owner", NOBODY),
            bench.env, bench.runs)
    label, args, path = OVERVIEW
    if bench.exists(*path):
        out[label] = measure(label, lambda i: [*bench.campaign, "--db", target, "--today", TODAY, "--lang", "zh",
                                               *args], bench.env, bench.runs)
    else:
        out[label] = bench.skipped(label, "`campaign overview` not in this tree yet")
    writable = copy(target)
    try:
        out["issue add"] = measure("issue add", lambda i: cli(
            writable, "issue", "add", f"基准新增问题{i}", "--owner", "王伟", "--deadline", "2023-06-30",
            "--dept", "教务处", "--measure", "补齐会议记录并专人审核"), bench.env, bench.runs)
        codes = school.get("open_task_codes", [])
        if len(codes) < bench.runs + 1:
            out["issue done"] = bench.skipped("issue done", "too few open tasks in the store")
        else:
            out["issue done"] = measure("issue done", lambda i: cli(writable, "issue", "done", codes[i]),
                                        bench.env, bench.runs)
    finally:
        drop(writable)
    return out


def json_rows(bench: Bench, store: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    """`issue list --json` of every task against the same command with no
    rows: (t(N) - t(0)) / N, and the peak memory of both."""
    full = measure(f"issue list --json ({manifest['tasks']:,} rows)",
                   lambda i: bench.cli(store, "issue", "list", "--json"), bench.env, bench.runs)
    empty = measure("issue list --json (no rows)",
                    lambda i: bench.cli(store, "issue", "list", "--json", "--owner", NOBODY), bench.env, bench.runs)
    red = measure(f"issue list --signal red --json ({manifest['tasks_overdue']:,} rows)",
                  lambda i: bench.cli(store, "issue", "list", "--signal", "red", "--json"), bench.env, bench.runs)
    return {"rows": manifest["tasks"], "red_rows": manifest["tasks_overdue"], "full": full, "empty": empty,
            "red": red}


def postgres_version(url: str) -> str:
    import psycopg

    with psycopg.connect(generate.libpq_dsn(url)) as con:
        return "PostgreSQL " + con.execute("SHOW server_version").fetchone()[0]


def per_row_us(result: Result, empty: Result, rows: int) -> tuple[float, float] | None:
    """µs a row above start-up, on the wall clock and in CPU time."""
    if not (result.ok and empty.ok and rows):
        return None
    return ((result.median_ms - empty.median_ms) * 1000 / rows, (result.cpu_ms - empty.cpu_ms) * 1000 / rows)


# -- Taskwarrior on the same data ------------------------------------------------------------

def taskwarrior() -> str | None:
    path = shutil.which("task")
    if not path:
        return None
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout.strip()
    return f"{path} {version}"


def _tw_time(day: str | None, shift: timedelta, clock: str = "090000") -> str | None:
    if not day:
        return None
    moved = date.fromisoformat(day) + shift
    return f"{moved:%Y%m%d}T{clock}Z"


def taskwarrior_data(store: Path, folder: Path) -> tuple[dict[str, str], Result]:
    """A Taskwarrior data folder holding the store's tasks, made with `task import`.

    Taskwarrior judges "overdue" by the real clock, so every date is moved by
    (real today - the benchmarks' today): the same tasks are overdue in both.
    """
    shift = date.today() - generate.AS_OF
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    data.mkdir(exist_ok=True)
    rc = folder / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=no\nverbose=nothing\nhooks=off\n"
                  "news.version=2.6.2\ndefaultwidth=120\nuda.owner.type=string\nuda.owner.label=Owner\n",
                  encoding="utf-8")
    con = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    rows = con.execute("SELECT t.code, t.measure, t.owner, u.name, t.deadline, t.status, t.started_on, "
                       "t.done_on, t.created_at FROM task t LEFT JOIN unit u ON u.id = t.department_id "
                       "ORDER BY t.id").fetchall()
    con.close()
    tasks = []
    for code, measure_text, owner, dept, deadline, status, started, done, created in rows:
        item = {"uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"campaign-bench:{code}")),
                "description": measure_text, "status": "completed" if status == "done" else "pending",
                "entry": _tw_time(created[:10], shift), "due": _tw_time(deadline, shift, "235959"),
                "project": dept, "owner": owner}
        if started and status == "doing":
            item["start"] = _tw_time(started, shift)
        if done:
            item["end"] = _tw_time(done, shift, "100000")
        tasks.append({k: v for k, v in item.items() if v is not None})
    source = folder / "tasks.json"
    source.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "TASKRC": str(rc)}
    result = Result("task import")
    elapsed, code, rss, tail, cpu = run_once(["task", "import", str(source)], env)
    if code != 0:
        result.error = f"exit {code}: {tail[:160]}"
    else:
        result.times.append(elapsed)
        result.cpu.append(cpu)
        result.rss_kb.append(rss)
    source.unlink()
    return env, result


def taskwarrior_at(bench: Bench, n: int, store: Path) -> dict[str, Result]:
    print(f"    (Taskwarrior: importing {n:,} tasks)", file=sys.stderr, flush=True)
    env, imported = taskwarrior_data(store, bench.scratch / f"tw-{n}")
    out = {"task import": imported}
    if imported.error:
        return out
    for args in (["list"], ["overdue"], ["summary"], ["next"]):
        label = "task " + " ".join(args)
        out[label] = measure(label, lambda i, a=args: ["task", *a], env, bench.runs)
    out["task add"] = measure("task add", lambda i: ["task", "add", f"基准新增问题{i}", "due:eom",
                                                     "project:教务处"], env, bench.runs)
    shutil.rmtree(bench.scratch / f"tw-{n}", ignore_errors=True)
    return out


# -- the budgets (issue 8) ------------------------------------------------------------------------

BUDGET_SIZE = 100_000
REPORT_SIZE = 1_000_000
IMPORT_ROWS = 100_000
FLAT_MB = 15  # "flat": peak memory grows by less than this from the smallest to the largest store


def budgets(start: dict[str, Result], sizes: dict[int, dict[str, Result]], imported: Result | None,
            city: dict[str, dict[str, Result]] | None = None, rows: dict[str, Any] | None = None
            ) -> list[tuple[str, str, str]]:
    """(budget, measured, verdict) rows: issue 17's budgets, then issue 8's that still hold."""
    rows_out: list[tuple[str, str, str]] = []

    def verdict(result: Result | None, ms: float, mb: float | None = None) -> tuple[str, str]:
        if result is None:
            return "not measured in this run", "—"
        if not result.ok:
            return (result.skipped or f"failed: {result.error}"), "—"
        figure = f"{result.median_ms:.0f} ms (cpu {result.cpu_ms:.0f} ms), {result.peak_mb:.0f} MB"
        memory_ok = mb is None or result.peak_mb <= mb
        if result.median_ms <= ms and memory_ok:
            return figure, "met"
        if result.cpu_ms <= ms and memory_ok:
            return figure, "**not met** on the wall clock; met in CPU time"
        return figure, "**not met**"

    for backend, results in (city or {}).items():
        where = f"{backend} city"
        rows_out.append((f"`overview --month {MONTH}` ({where}) ≤ 1.5 s", *verdict(results.get(OVERVIEW[0]), 1500)))
        for label in ("phase status", "dashboard", "issue list --signal red"):
            rows_out.append((f"`{label}` per school ({where}) ≤ 400 ms", *verdict(results.get(label), 400)))
        for label in WRITES:
            rows_out.append((f"`{label}` per school ({where}) ≤ 500 ms", *verdict(results.get(label), 500)))
        rows_out.append((f"`report --month {MONTH}` per school ({where}) ≤ 1.0 s",
                         *verdict(results.get(f"report --month {MONTH}"), 1000)))
    if rows:
        for label, result, n in (("`issue list --json`", rows["full"], rows["rows"]),
                                 ("`issue list --signal red --json`", rows["red"], rows["red_rows"])):
            found = per_row_us(result, rows["empty"], n)
            if found is None:
                rows_out.append((f"{label}: ≤ 10 µs a row above start-up", "—", "—"))
                continue
            wall, cpu = found
            flat = result.peak_mb - rows["empty"].peak_mb
            figure = (f"{wall:.1f} µs a row (cpu {cpu:.1f} µs) over {n:,} rows at {rows['label']}; "
                      f"memory {rows['empty'].peak_mb:.0f} → {result.peak_mb:.0f} MB")
            ok = flat < FLAT_MB
            rows_out.append((f"{label}: ≤ 10 µs a row above start-up, memory flat", figure,
                             "met" if wall <= 10 and ok else
                             "**not met** on the wall clock; met in CPU time" if cpu <= 10 and ok else "**not met**"))
    at_1m = sizes.get(REPORT_SIZE, {})
    rows_out.append((f"`report --month {MONTH} --format json` at 1M ≤ 1.5 s",
                     *verdict(at_1m.get(f"report --month {MONTH} --format json"), 1500, 150)))
    for label in ("phase status", "dashboard"):
        rows_out.append((f"`{label}` at 1M (SQLite) ≤ 300 ms", *verdict(at_1m.get(label), 300)))
    rows_out.append(("`campaign --help` ≤ 100 ms", *verdict(start.get("campaign --help"), 100)))
    rows_out.append(("`import` of a 100k-row ledger ≤ 4 s", *verdict(imported, 4000, 300)))
    # Issue 8's budgets, still kept.
    for group in GROUPS:
        found = start.get(f"campaign {group} --help")
        if found is not None and found.skipped:
            continue
        rows_out.append((f"`campaign {group} --help` ≤ 150 ms", *verdict(found, 150)))
    at = sizes.get(BUDGET_SIZE, {})
    for label in ("phase status", "dashboard", "issue list --signal red", "issue show P-1"):
        rows_out.append((f"`{label}` at 100k ≤ 250 ms", *verdict(at.get(label), 250)))
    for label in WRITES:
        rows_out.append((f"`{label}` at 100k ≤ 600 ms", *verdict(at.get(label), 600)))
    rows_out.append((f"`report --month {MONTH}` at 1M ≤ 1.0 s, ≤ 150 MB",
                     *verdict(at_1m.get(f"report --month {MONTH}"), 1000, 150)))
    measured = sorted(sizes)
    if len(measured) >= 2:
        small, large = measured[0], measured[-1]
        worst: tuple[float, str] | None = None
        for label, _args, _path in READS:
            a, b = sizes[small].get(label), sizes[large].get(label)
            if a and b and a.ok and b.ok:
                growth = b.peak_mb - a.peak_mb
                if worst is None or growth > worst[0]:
                    worst = (growth, f"{label}: {a.peak_mb:.0f} MB at {generate.size_label(small)}, "
                                     f"{b.peak_mb:.0f} MB at {generate.size_label(large)}")
        if worst:
            rows_out.append((f"read commands' memory flat in the store's size (grows < {FLAT_MB} MB)",
                             f"largest growth: {worst[1]}", "met" if worst[0] < FLAT_MB else "**not met**"))
    return rows_out


# -- the machine and the report ------------------------------------------------------------------

def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    from importlib import metadata

    for name in ("typer", "rich"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "—"
    try:
        nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    except OSError:
        nproc = str(os.cpu_count())
    return {"nproc": nproc, "cpu": model, "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "os": f"{platform.system()} {platform.release()}",
            "libraries": ", ".join(f"{k} {v}" for k, v in versions.items())}


def _size_heading(n: int) -> str:
    return generate.size_label(n)


def write_results(path: Path, *, start: dict[str, Result], sizes: dict[int, dict[str, Result]],
                  tw: dict[int, dict[str, Result]], imported: Result | None, info: dict[str, Any],
                  city: dict[str, dict[str, Result]] | None = None, rows: dict[str, Any] | None = None) -> None:
    lines: list[str] = []
    add = lines.append
    add("# Benchmark results")
    add("")
    add(f"Taken {info['when']} by `python benchmarks/run.py {info['argv']}` "
        f"({info['runs']} timed runs after one warm-up; wall-clock medians in ms with min–max, the median CPU time (user + system) and the process's peak "
        + ("private memory (RssAnon, sampled while it runs; the store's pages SQLite reads through its memory map "
           "are page cache and not counted))." if PROC else "memory as GNU time's `%M`)." if GNU_TIME else
           "memory from wait4, which on Linux also counts the runner's own peak: treat it as an upper bound)."))
    add("")
    add(f"Machine: {info['machine']['nproc']} cores ({info['machine']['cpu']}), {info['machine']['os']}, "
        f"Python {info['machine']['python']}, SQLite {info['machine']['sqlite']}, {info['machine']['libraries']}"
        + (f", {info['taskwarrior']}" if info.get("taskwarrior") else "") + ".")
    add(f"Load average before / after: {info['load_before']} / {info['load_after']}.")
    notes = [info["note"]] if info.get("note") else []
    # The load before the run: the run itself keeps one core busy.
    busy = float(info["load_before"].split()[0])
    if busy > 0.5 * (os.cpu_count() or 1):
        notes.append(f"the machine was shared while this ran (1-minute load average up to {busy:.1f} on "
                     f"{info['machine']['nproc']} cores): timings are inflated and noisy; "
                     "compare the columns with each other rather than with the budgets' absolute figures.")
    for note in notes:
        add("")
        add(f"**Note:** {note}")
    add("")
    add("## Budgets (issue 17, then issue 8's)")
    add("")
    add("| budget | measured (median, peak memory) | |")
    add("|---|---|---|")
    for budget, figure, verdict in budgets(start, sizes, imported, city, rows):
        add(f"| {budget} | {figure} | {verdict} |")
    add("")
    if city:
        m = info["city"]
        add("## The city store: SQLite and PostgreSQL side by side")
        add("")
        add(f"{m['campaigns']} campaigns (schools) × {m['tasks_each']:,} tasks = {m['tasks']:,} tasks, "
            f"{m['problems']:,} problems, {m['events']:,} history events, {m['activities']:,} activities, "
            f"from `benchmarks/generate.py city` (seed {info['seed']}). Per-school commands run with "
            f"`--campaign {m['school']}` (the middle school); `overview` reads every campaign. PostgreSQL: "
            f"{info.get('postgres', '—')}, the server tests/pg.py starts (loopback, trust, fsync and "
            "synchronous_commit off, as for the tests), vacuumed and analysed after the load (`VACUUM "
            "(ANALYZE)`, as autovacuum soon would). Writes go to a copy "
            "(SQLite: a file copy; PostgreSQL: CREATE DATABASE … TEMPLATE).")
        add("")
        backends = list(city)
        add("| command | " + " | ".join(backends) + " |")
        add("|---|" + "---|" * len(backends))
        labels: list[str] = []
        for results in city.values():
            labels += [k for k in results if k not in labels]
        for label in labels:
            add(f"| `{label}` | " + " | ".join(city[b][label].cell() if label in city[b] else "—"
                                              for b in backends) + " |")
        add("")
        add("`issue list --json` per school, a row above start-up (a school has "
            f"{m['tasks_each']:,} tasks): " + "; ".join(
                f"{b} {found[0]:.1f} µs (cpu {found[1]:.1f} µs)" for b in backends
                if (found := per_row_us(city[b].get("issue list --json", Result("")),
                                        city[b].get("issue list --json (no rows)", Result("")),
                                        m["tasks_each"]))) + ".")
        add("")
    if rows:
        add("## JSON rows")
        add("")
        add(f"At {rows['label']} (SQLite): the same command with rows and with none (`--owner {NOBODY}`), "
            "(t(N) − t(0)) / N.")
        add("")
        add("| command | wall median (min–max) · cpu · peak memory |")
        add("|---|---|")
        for key in ("empty", "full", "red"):
            add(f"| `{rows[key].label}` | {rows[key].cell()} |")
        add("")
    add("## Start-up")
    add("")
    add("| command | wall median (min–max) · cpu · peak memory |")
    add("|---|---|")
    for result in start.values():
        add(f"| `{result.label}` | {result.cell()} |")
    if imported is not None:
        add(f"| `{imported.label}` (into an empty store) | {imported.cell()} |")
    add("")
    if sizes:
        add("## By store size")
        add("")
        order = sorted(sizes)
        add("Stores from `benchmarks/generate.py` (seed "
            f"{info['seed']}; as of {TODAY}): "
            + "; ".join(f"{_size_heading(n)} = {m['tasks']:,} tasks, {m['problems']:,} problems, "
                        f"{m['activities']:,} activities, {m['branches']} branches, {m['departments']} departments"
                        for n, m in sorted(info["manifests"].items())) + ".")
        add("")
        add("| command | " + " | ".join(_size_heading(n) for n in order) + " |")
        add("|---|" + "---|" * len(order))
        labels: list[str] = []
        for n in order:
            for label in sizes[n]:
                if label not in labels:
                    labels.append(label)
        for label in labels:
            cells = [sizes[n][label].cell() if label in sizes[n] else "—" for n in order]
            add(f"| `{label}` | " + " | ".join(cells) + " |")
        add("")
    if tw:
        add("## Against Taskwarrior")
        add("")
        add("Taskwarrior holds the same tasks (imported from JSON with `task import`; dates moved so the "
            "same tasks are overdue by the real clock), rc: `confirmation=no`, `verbose=nothing`, "
            "`hooks=off`, gc left on. Ratio = Taskwarrior's median / campaign's median (above 1: campaign is faster); "
            "CPU ratio the same for CPU time, steadier on a shared machine.")
        add("")
        add("| size | campaign | median | Taskwarrior | median | ratio | CPU ratio |")
        add("|---|---|---|---|---|---|---|")
        for n in sorted(tw):
            for ours, theirs in PAIRS.items():
                a, b = sizes.get(n, {}).get(ours), tw[n].get(theirs)
                a_text = f"{a.median_ms:.0f} ms" if a and a.ok else (a.cell() if a else "—")
                b_text = f"{b.median_ms:.0f} ms" if b and b.ok else (b.cell() if b else "—")
                both = bool(a and b and a.ok and b.ok)
                ratio = f"{b.median_ms / a.median_ms:.1f}×" if both else "—"
                cpu_ratio = f"{b.cpu_ms / a.cpu_ms:.1f}×" if both and a.cpu_ms > 0 else "—"
                add(f"| {_size_heading(n)} | `{ours}` | {a_text} | `{theirs}` | {b_text} | {ratio} | {cpu_ratio} |")
        add("")
        add("Taskwarrior alone:")
        add("")
        add("| command | " + " | ".join(_size_heading(n) for n in sorted(tw)) + " |")
        add("|---|" + "---|" * len(tw))
        labels = []
        for n in sorted(tw):
            for label in tw[n]:
                if label not in labels:
                    labels.append(label)
        for label in labels:
            add(f"| `{label}` | " + " | ".join(tw[n][label].cell() if label in tw[n] else "—"
                                              for n in sorted(tw)) + " |")
        add("")
    elif info.get("taskwarrior_missing"):
        add("## Against Taskwarrior")
        add("")
        add(f"Not run: {info['taskwarrior_missing']}")
        add("")
    add("## How long this run took")
    add("")
    add("| part | seconds |")
    add("|---|---|")
    for part, seconds in info["durations"].items():
        add(f"| {part} | {seconds:.0f} |")
    add("")
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None, help=f"store sizes in tasks (default {DEFAULT_SIZES})")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per command after one warm-up (default 7)")
    parser.add_argument("--quick", action="store_true",
                        help="small: 1k and 10k, 3 runs, no import, no Taskwarrior, a 4x2k city: checks the tools "
                             "in a few minutes")
    parser.add_argument("--pg", action="store_true",
                        help="the city store on PostgreSQL too (the server tests/pg.py starts), beside SQLite")
    parser.add_argument("--city", default=None, metavar="CAMPAIGNSxTASKS",
                        help="the city store's shape (default 50x20k; --quick 4x2k); `--city none` skips it")
    parser.add_argument("--rows-size", default=None, metavar="SIZE",
                        help="the store the JSON rows are timed on (default 100k; --quick 10k)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--no-taskwarrior", action="store_true", help="skip the Taskwarrior comparison")
    parser.add_argument("--no-import", action="store_true", help="skip the 100k-row ledger import")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the results (RESULTS.md)")
    parser.add_argument("--note", default="", help="a note printed at the top of the results")
    args = parser.parse_args(argv)
    sizes_text = args.sizes or ("1k,10k" if args.quick else DEFAULT_SIZES)
    runs = args.runs or (3 if args.quick else 7)
    if args.quick:
        args.no_taskwarrior = True
    city_text = args.city or ("4x2k" if args.quick else generate.city_label(generate.CITY_CAMPAIGNS,
                                                                            generate.CITY_TASKS))
    rows_size = generate.parse_size(args.rows_size or ("10k" if args.quick else "100k"))
    if runs < 1:
        parser.error("--runs must be at least 1")
    sizes = sorted({generate.parse_size(s) for s in sizes_text.split(",") if s.strip()})
    bench = Bench(runs, args.seed)
    # Stopped with a signal, still remove the scratch copies (stores, Taskwarrior data).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    info: dict[str, Any] = {"argv": " ".join(sys.argv[1:] if argv is None else argv), "runs": runs,
                            "seed": args.seed, "note": args.note, "manifests": {}, "durations": {},
                            "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    tw_found = None if args.no_taskwarrior else taskwarrior()
    if args.no_taskwarrior:
        info["taskwarrior_missing"] = "skipped with --no-taskwarrior."
    elif not tw_found:
        info["taskwarrior_missing"] = ("`task` is not installed (Debian: `apt-get install taskwarrior`); "
                                       "the comparison needs it.")
        print("  Taskwarrior (`task`) is not installed: the comparison is skipped "
              "(apt-get install taskwarrior).", file=sys.stderr)
    info["taskwarrior"] = tw_found
    started = time.perf_counter()
    try:
        print("start-up:", file=sys.stderr)
        clock = time.perf_counter()
        start = startup(bench)
        info["durations"]["start-up commands"] = time.perf_counter() - clock
        results: dict[int, dict[str, Result]] = {}
        tw: dict[int, dict[str, Result]] = {}
        for n in sizes:
            clock = time.perf_counter()
            print(f"{generate.size_label(n)} ({n:,} tasks):", file=sys.stderr)
            store, manifest = generate.ensure(n, seed=args.seed)
            info["manifests"][n] = manifest
            generated = time.perf_counter() - clock
            results[n] = at_size(bench, n, store, manifest)
            if tw_found and n <= TASKWARRIOR_MAX:
                tw[n] = taskwarrior_at(bench, n, store)
            info["durations"][f"{generate.size_label(n)} (generating the store: {generated:.0f} s)"] = (
                time.perf_counter() - clock)
        clock = time.perf_counter()
        print(f"JSON rows at {generate.size_label(rows_size)}:", file=sys.stderr)
        rows_store, rows_manifest = generate.ensure(rows_size, seed=args.seed)
        rows = json_rows(bench, rows_store, rows_manifest) | {"label": generate.size_label(rows_size)}
        info["durations"]["JSON rows"] = time.perf_counter() - clock
        city: dict[str, dict[str, Result]] = {}
        if city_text != "none":
            count_text, _, each_text = city_text.partition("x")
            campaigns, each = int(count_text), generate.parse_size(each_text)
            clock = time.perf_counter()
            print(f"city {city_text} on SQLite:", file=sys.stderr)
            city_store, city_manifest = generate.ensure_city(campaigns, each, seed=args.seed)
            info["city"] = {**{k: v for k, v in city_manifest.items() if k != "schools"},
                            "school": city_manifest["schools"][len(city_manifest["schools"]) // 2]["key"]}

            def file_copy(store: str) -> str:
                target = bench.scratch / "city-write.db"
                shutil.copyfile(store, target)
                return str(target)

            city["SQLite"] = city_tier(bench, str(city_store), city_manifest, copy=file_copy,
                                       drop=lambda p: Path(p).unlink(missing_ok=True))
            info["durations"][f"city {city_text} on SQLite"] = time.perf_counter() - clock
            if args.pg:
                clock = time.perf_counter()
                print(f"city {city_text} on PostgreSQL:", file=sys.stderr)
                server = PostgresCity(args.seed)
                try:
                    url, pg_manifest = server.database(campaigns, each)
                    info["postgres"] = postgres_version(url)
                    city["PostgreSQL"] = city_tier(bench, url, pg_manifest, copy=server.scratch_copy,
                                                   drop=server.drop)
                finally:
                    server.close()
                info["durations"][f"city {city_text} on PostgreSQL"] = time.perf_counter() - clock
        imported = None
        if not (args.quick or args.no_import):
            clock = time.perf_counter()
            print("import:", file=sys.stderr)
            imported = importing(bench, IMPORT_ROWS)
            info["durations"]["ledger import"] = time.perf_counter() - clock
        info["durations"]["total"] = time.perf_counter() - started
        info["when"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        info["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
        info["machine"] = machine()
        write_results(args.output, start=start, sizes=results, tw=tw, imported=imported, info=info,
                      city=city, rows=rows)
        raw = {"info": {k: v for k, v in info.items() if k != "manifests"},
               "start": {k: r.as_json() for k, r in start.items()},
               "sizes": {generate.size_label(n): {k: r.as_json() for k, r in rs.items()} for n, rs in results.items()},
               "taskwarrior": {generate.size_label(n): {k: r.as_json() for k, r in rs.items()} for n, rs in tw.items()},
               "import": imported.as_json() if imported else None,
               "city": {b: {k: r.as_json() for k, r in rs.items()} for b, rs in city.items()},
               "json_rows": {k: (v.as_json() if isinstance(v, Result) else v) for k, v in rows.items()}}
        generate.STORES.mkdir(parents=True, exist_ok=True)
        (generate.STORES / "last-run.json").write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {args.output} in {info['durations']['total']:.0f} s", file=sys.stderr)
    finally:
        bench.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
