"""Hostile files (issue 18, bounded reading): each is refused by the real CLI,
run as a subprocess against a real store, with exit 1 and one line naming
the limit and the file; the store file is byte-identical (or absent when
the command would have created it), nothing is fetched, and the process
stays within 300 MB of memory and 5 s of CPU (its own peak resident size
and CPU time, from `os.wait4` in a small wrapper process whose only child
it is).

Every file is built at test time (tests/hostile.py); none is committed.
"""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

import hostile as h
from figures import record

pytestmark = pytest.mark.slow

CAMPAIGN = Path(sys.executable).with_name("campaign")
MAX_PEAK_MB = 300
MAX_CPU_S = 5.0
FIGURES: dict[str, dict] = {}


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    wall: float
    cpu: float
    peak_mb: float


# A small process that starts the CLI and reports that one child's usage. The
# CLI is not started from pytest itself: a child's peak resident size counts
# the pages it shared with its parent before exec, and pytest, having just
# built a 40 MB sheet, would lend it hundreds of MB it never used.
_WRAPPER = """
import json, os, subprocess, sys, time
out, err, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
started = time.monotonic()
with open(out, "wb") as stdout, open(err, "wb") as stderr:
    child = subprocess.Popen(argv, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "wall": time.monotonic() - started,
                  "cpu": usage.ru_utime + usage.ru_stime, "peak_kb": usage.ru_maxrss}))
"""


def run_cli(store: Path, *args: str, cwd: Path) -> Run:
    """`campaign --db STORE ARGS` as the only child of a small wrapper, which
    reports its peak memory and CPU time (wait4), so each case is measured alone."""
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    argv = [str(CAMPAIGN), "--db", str(store), "--today", "2023-06-15", "--lang", "en", *args]
    done = subprocess.run([sys.executable, "-c", _WRAPPER, str(out), str(err), *argv], cwd=cwd,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    usage = json.loads(done.stdout)
    return Run(usage["code"], out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace"),
               usage["wall"], usage["cpu"], usage["peak_kb"] / 1024)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A real store with a campaign, a phase and a branch."""
    folder = tmp_path_factory.mktemp("seed")
    store = folder / "campaign.db"
    for args in (("init", "jssp", "--title", "学习贯彻重要讲话精神", "--year", "2023"),
                 ("phase", "add", "开展专题学习", "--start", "4月21日", "--end", "4月28日"),
                 ("unit", "add", "第一党支部", "--kind", "branch", "--members", "20"),
                 ("issue", "add", "导入前的问题", "--owner", "王五", "--deadline", "2023-07-01")):
        done = run_cli(store, *args, cwd=folder)
        assert done.code == 0, done.stderr
    return store


@pytest.fixture(scope="module")
def parts():
    return {"docx": h.docx_parts(), "xlsx": h.xlsx_parts()}


@pytest.fixture
def store(seeded: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "campaign.db"
    shutil.copyfile(seeded, copy)
    return copy


def refused(case: str, store: Path | None, command: list[str], file: Path, *fragments: str,
            cwd: Path, creates: bool = False) -> Run:
    """Run `command FILE`; assert the refusal and what it cost."""
    target = store if store is not None else cwd / "new.db"
    before = target.read_bytes() if not creates else None
    run = run_cli(target, *command, str(file), cwd=cwd)
    message = run.stderr.strip()
    assert run.code == 1, (run.code, run.stdout[-500:], run.stderr[-2000:])
    assert "\n" not in message and "Traceback" not in run.stderr, run.stderr[-2000:]
    assert str(file) in message, message
    assert "limit" in message, message
    for fragment in fragments:
        assert fragment in message, message
    if creates:
        assert not target.exists(), "a refused import created the store"
    else:
        assert target.read_bytes() == before, "the store changed"
    assert run.peak_mb <= MAX_PEAK_MB, f"{case}: peak {run.peak_mb:.0f} MB"
    assert run.cpu <= MAX_CPU_S, f"{case}: {run.cpu:.1f} s of CPU"
    FIGURES[case] = {"file_mb": round(file.stat().st_size / h.MB, 1), "wall_s": round(run.wall, 2),
                     "cpu_s": round(run.cpu, 2), "peak_mb": round(run.peak_mb), "message": message}
    record("hostile_files", **FIGURES)
    return run


# --- zip bombs ------------------------------------------------------------------


def test_docx_whose_document_unpacks_to_a_gigabyte(store, parts, tmp_path):
    plan = h.container(tmp_path / "bomb.docx", parts["docx"], {
        "word/document.xml": h.bomb("word/document.xml", h.DOC_HEAD, h.DOC_UNIT, 1024 * h.MB, h.DOC_TAIL)})
    assert plan.stat().st_size < 5 * h.MB
    refused("docx document.xml 1 GB", store, ["plan", "import", "--yes"], plan, "word/document.xml",
            "32 MB limit", cwd=tmp_path)


def test_docx_packed_past_the_ratio(store, parts, tmp_path):
    """Under the size limit, but packed 300:1: no real document is."""
    plan = h.container(tmp_path / "dense.docx", parts["docx"], {
        "word/document.xml": h.bomb("word/document.xml", h.DOC_HEAD, h.DOC_UNIT, 24 * h.MB, h.DOC_TAIL)})
    refused("docx ratio", store, ["plan", "import", "--yes"], plan, "word/document.xml", ":1 limit",
            cwd=tmp_path)


def test_docx_part_whose_header_lies_about_its_size(store, parts, tmp_path):
    """Its headers say 1 MB (ratio 1:1), it unpacks to 1 GB: the counting stream stops it."""
    forged = h.bomb("word/document.xml", h.DOC_HEAD, h.DOC_UNIT, 1024 * h.MB, h.DOC_TAIL)
    forged.size = forged.packed
    plan = h.container(tmp_path / "forged.docx", parts["docx"], {"word/document.xml": forged})
    refused("docx forged size", store, ["plan", "import", "--yes"], plan, "word/document.xml",
            f"{forged.size:,} bytes its header states", cwd=tmp_path)


def test_xlsx_whose_sheet_unpacks_to_a_gigabyte(store, parts, tmp_path):
    ledger = h.container(tmp_path / "bomb.xlsx", parts["xlsx"], {
        "xl/worksheets/sheet1.xml": h.bomb("xl/worksheets/sheet1.xml", h.SHEET_HEAD, h.SHEET_UNIT, 1024 * h.MB,
                                           h.SHEET_TAIL)})
    refused("xlsx sheet 1 GB", store, ["import", "--yes"], ledger, "xl/worksheets/sheet1.xml", "256 MB limit",
            cwd=tmp_path)


def test_xlsx_whose_shared_strings_unpack_to_a_gigabyte(store, parts, tmp_path):
    ledger = h.container(tmp_path / "strings.xlsx", parts["xlsx"], {
        "xl/sharedStrings.xml": h.bomb("xl/sharedStrings.xml", h.SST_HEAD, h.SST_UNIT, 1024 * h.MB, h.SST_TAIL)})
    refused("xlsx sharedStrings 1 GB", store, ["import", "--yes"], ledger, "xl/sharedStrings.xml", "32 MB limit",
            cwd=tmp_path)


def test_activity_sheet_whose_header_lies_about_its_size(store, parts, tmp_path):
    forged = h.bomb("xl/worksheets/sheet1.xml", h.SHEET_HEAD, h.SHEET_UNIT, 1024 * h.MB, h.SHEET_TAIL)
    forged.size = 4 * h.MB
    sheet = h.container(tmp_path / "forged.xlsx", parts["xlsx"], {"xl/worksheets/sheet1.xml": forged})
    refused("xlsx forged size (activity import)", store, ["activity", "import", "--yes"], sheet,
            "xl/worksheets/sheet1.xml", "bytes its header states", cwd=tmp_path)


def test_report_template_that_is_a_zip_bomb(store, parts, tmp_path):
    template = h.container(tmp_path / "红头.docx", parts["docx"], {
        "word/document.xml": h.bomb("word/document.xml", h.DOC_HEAD, h.DOC_UNIT, 1024 * h.MB, h.DOC_TAIL)})
    output = tmp_path / "report.docx"
    refused("report --template bomb", store, ["report", "--month", "2023-06", "--format", "docx", "-o",
                                              str(output), "--template"], template, "32 MB limit", cwd=tmp_path)
    assert not output.exists()


def test_sheet_of_a_million_rows_declared_by_one_cell(store, parts, tmp_path):
    """A header, a row and one far cell; openpyxl would yield a million rows of 16,384 cells for them."""

    def row(number: int, texts: tuple[str, ...]) -> str:
        cells = "".join(f'<c r="{col}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
                        for col, text in zip("ABCDE", texts))
        return f'<row r="{number}">{cells}</row>'

    sheet = (f'<?xml version="1.0"?><worksheet {h.S_NS}><dimension ref="A1:XFD1048576"/><sheetData>'
             + row(1, ("问题", "整改措施", "责任部门", "责任人", "完成时限"))
             + row(2, ("理论学习不深入", "制定学习计划", "教务处", "张三", "2023-07-01"))
             + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
             '</sheetData></worksheet>').encode()
    ledger = h.container(tmp_path / "tall.xlsx", parts["xlsx"], {"xl/worksheets/sheet1.xml": sheet})
    refused("xlsx million empty rows", store, ["import", "--yes"], ledger, "cells", cwd=tmp_path)


def test_docx_of_varied_text_past_the_tag_limit(store, parts, tmp_path):
    """Packed like a real document (about 5:1), 1.4 million tags: python-docx would take seconds per
    hundred thousand runs; refused before it starts."""
    plan = h.container(tmp_path / "long.docx", parts["docx"], {"word/document.xml": h.varied_document(40_000, 5)})
    refused("docx 1.4 million tags", store, ["plan", "import", "--yes"], plan, "1,000,000 XML tags", cwd=tmp_path)


def test_xlsx_of_more_cells_than_the_limit(store, parts, tmp_path):
    """2.1 million cells packed 4:1 (a 10 MB file): openpyxl would read for a minute; counted before."""
    ledger = h.container(tmp_path / "cells.xlsx", parts["xlsx"], {
        "xl/worksheets/sheet1.xml": h.varied_sheet(105_000, 20)})
    refused("xlsx 2.1 million cells", store, ["import", "--yes"], ledger, "2,000,000 cells", cwd=tmp_path)


# --- XML entities ------------------------------------------------------------------


def test_billion_laughs_in_a_docx(store, parts, tmp_path):
    plan = h.container(tmp_path / "laughs.docx", parts["docx"], {
        "word/document.xml": h.billion_laughs("w:document", h.W_NS, h.DOC_BODY)})
    refused("docx billion laughs", store, ["plan", "import", "--yes"], plan, "DTD", cwd=tmp_path)


def test_billion_laughs_in_shared_strings(store, parts, tmp_path):
    ledger = h.container(tmp_path / "laughs.xlsx", parts["xlsx"], {
        "xl/sharedStrings.xml": h.billion_laughs("sst", h.S_NS, h.SST_BODY)})
    refused("xlsx billion laughs", store, ["import", "--yes"], ledger, "DTD", cwd=tmp_path)


def test_external_entity_to_a_local_file(store, parts, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a", "utf-8")
    plan = h.container(tmp_path / "xxe.docx", parts["docx"], {
        "word/document.xml": h.external_entity("w:document", h.W_NS, h.DOC_BODY, secret.as_uri())})
    run = refused("docx XXE local file", store, ["plan", "import", "--yes"], plan, "DTD", cwd=tmp_path)
    assert "TOP-SECRET" not in run.stdout + run.stderr


class _Listener:
    """A loopback HTTP server counting every request it gets."""

    def __init__(self) -> None:
        hits = self.hits = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                hits.append(self.path)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b'<!ENTITY leak "LEAKED">')

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    server = _Listener()
    yield server
    server.close()


def test_external_entities_to_a_loopback_listener(store, parts, tmp_path, listener):
    from urllib.request import urlopen

    urlopen(listener.url + "/self-check").read()  # the listener does hear requests
    assert listener.hits == ["/self-check"]
    listener.hits.clear()
    cases = [
        ("docx XXE http", ["plan", "import", "--yes"], h.container(tmp_path / "xxe-http.docx", parts["docx"], {
            "word/document.xml": h.external_entity("w:document", h.W_NS, h.DOC_BODY, listener.url + "/docx")})),
        ("docx external DTD http", ["plan", "import", "--yes"], h.container(
            tmp_path / "dtd-http.docx", parts["docx"], {
                "word/document.xml": h.external_dtd("w:document", h.W_NS, h.DOC_BODY, listener.url + "/dtd")})),
        ("xlsx sheet XXE http", ["import", "--yes"], h.container(tmp_path / "xxe-sheet.xlsx", parts["xlsx"], {
            "xl/worksheets/sheet1.xml": h.external_entity("worksheet", h.S_NS, h.SHEET_BODY,
                                                          listener.url + "/sheet")})),
        ("xlsx sharedStrings XXE http", ["activity", "import", "--yes"], h.container(
            tmp_path / "xxe-sst.xlsx", parts["xlsx"], {
                "xl/sharedStrings.xml": h.external_entity("sst", h.S_NS, h.SST_BODY, listener.url + "/sst")})),
        ("report template XXE http", ["report", "--month", "2023-06", "--format", "docx", "-o",
                                      str(tmp_path / "r.docx"), "--template"], h.container(
            tmp_path / "xxe-template.docx", parts["docx"], {
                "word/document.xml": h.external_entity("w:document", h.W_NS, h.DOC_BODY, listener.url + "/tpl")})),
    ]
    for case, command, file in cases:
        run = refused(case, store, command, file, "DTD", cwd=tmp_path)
        assert "LEAKED" not in run.stdout + run.stderr
    assert listener.hits == [], listener.hits


# --- big files and big fields --------------------------------------------------------


@pytest.mark.parametrize("command,name,fragment", [
    (["plan", "import", "--yes"], "plan.docx", "20 MB"),
    (["plan", "import", "--yes"], "plan.txt", "20 MB"),
    (["import", "--yes"], "ledger.csv", "50 MB"),
    (["import", "--yes"], "ledger.xlsx", "50 MB"),
    (["import"], "export.json", "128 MB"),
    (["activity", "import", "--yes"], "activities.xlsx", "50 MB"),
    (["report", "--month", "2023-06", "--format", "docx", "-o", "r.docx", "--template"], "红头.docx", "20 MB"),
])
def test_a_200_mb_file(store, tmp_path, command, name, fragment):
    file = h.sparse(tmp_path / name, 200 * h.MB)
    refused(f"200 MB {name}", store, command, file, fragment, cwd=tmp_path)


def test_a_50_mb_csv_cell(store, tmp_path):
    ledger = tmp_path / "cell.csv"
    with open(ledger, "w", encoding="utf-8") as out:
        out.write('问题,整改措施,责任部门,责任人,完成时限\n"')
        for _ in range(50):
            out.write("长" * 333_333)  # 50 × 1,000,000 bytes: 50 MB in one cell
        out.write('",制定计划,教务处,张三,2023-07-01\n')
    refused("CSV 50 MB cell", store, ["import", "--yes"], ledger, "32,767 characters", cwd=tmp_path)


def test_a_csv_of_commas(store, tmp_path):
    ledger = tmp_path / "commas.csv"
    with open(ledger, "w", encoding="utf-8") as out:
        out.write("问题,整改措施,责任部门,责任人,完成时限\n")
        for _ in range(40):
            out.write("," * h.MB)
    refused("CSV 40 MB of commas", store, ["import", "--yes"], ledger, "columns", cwd=tmp_path)


def test_a_50_mb_json_text(tmp_path):
    export = tmp_path / "big-text.json"
    with open(export, "w", encoding="utf-8") as out:
        out.write('{"format": "campaign-export", "version": 1, "campaign": {"key": "x", "year": 2023, "title": "')
        for _ in range(50):
            out.write("a" * h.MB)
        out.write('"}}')
    refused("JSON 50 MB text", None, ["import"], export, "campaign.title", creates=True, cwd=tmp_path)


def test_json_ten_million_deep(tmp_path):
    export = tmp_path / "deep.json"
    export.write_bytes(b"[" * 10_000_000)
    refused("JSON 10 million deep", None, ["import"], export, "32 levels", creates=True, cwd=tmp_path)


def test_json_deeper_than_the_limit_but_not_the_interpreter(store, tmp_path):
    export = tmp_path / "deep40.json"
    export.write_text('{"format": "campaign-export", "version": 1, "x": ' + "[" * 40 + "]" * 40 + "}", "utf-8")
    refused("JSON 40 deep", store, ["import"], export, "32 levels", cwd=tmp_path)


# --- PDF ---------------------------------------------------------------------------


def test_pdf_of_too_many_pages(store, tmp_path):
    plan = h.pdf_with(tmp_path / "pages.pdf", pages=2_500)
    refused("PDF 2,500 pages", store, ["plan", "import", "--yes"], plan, "2,000", cwd=tmp_path)


def test_pdf_stream_that_unpacks_to_a_gigabyte(store, tmp_path):
    stream = h.bomb("content", b"BT /F1 12 Tf ET\n", b"(a) Tj " * 8, 1024 * h.MB, b"")
    plan = h.pdf_with(tmp_path / "stream.pdf", content=stream)
    refused("PDF stream 1 GB", store, ["plan", "import", "--yes"], plan, "32 MB limit", cwd=tmp_path)


# --- plan text -----------------------------------------------------------------------


def test_plan_text_of_too_many_lines(store, tmp_path):
    plan = tmp_path / "lines.txt"
    plan.write_text("一、动员\n" * 100_000, "utf-8")
    refused("plan 100,000 lines", store, ["plan", "import", "--yes"], plan, "20,000 lines", cwd=tmp_path)


def test_plan_text_of_too_many_characters(store, tmp_path):
    plan = tmp_path / "chars.txt"
    plan.write_text("关于开展主题教育的实施方案" * 200_000, "utf-8")
    refused("plan 2.6 million characters", store, ["plan", "import", "--yes"], plan, "1,000,000 characters",
            cwd=tmp_path)


def test_init_from_a_plan_that_is_a_zip_bomb_creates_no_store(parts, tmp_path):
    plan = h.container(tmp_path / "bomb.docx", parts["docx"], {
        "word/document.xml": h.bomb("word/document.xml", h.DOC_HEAD, h.DOC_UNIT, 1024 * h.MB, h.DOC_TAIL)})
    refused("init --from-plan bomb", None, ["init", "jssp", "--from-plan"], plan, "32 MB limit", creates=True,
            cwd=tmp_path)


def test_json_of_fifteen_million_items(tmp_path):
    export = tmp_path / "flat.json"
    with open(export, "wb") as out:
        out.write(b"[" + b"1," * (30 * h.MB // 2) + b"1]")
    refused("JSON 15 million items", None, ["import"], export, "10,000,000 items", creates=True, cwd=tmp_path)
