"""Evidence files (佐证材料): kept in the store once per sha256, listed,
extracted safely, carried byte-exact through the JSON export (SPEC §1, §6)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import Campaign, store_snapshot

DATA = ("task", "problem", "evidence", "blob")


def data(store: Path) -> dict[str, list]:
    rows = store_snapshot(store)
    return {t: rows[t] for t in DATA}


def blobs(store: Path) -> list[tuple]:
    connection = sqlite3.connect(store)
    try:
        return connection.execute("SELECT sha256, size FROM blob ORDER BY sha256").fetchall()
    finally:
        connection.close()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "材料"
    folder.mkdir()
    made = {"pdf": folder / "作业管理办法.pdf", "photo": folder / "检查照片.jpg", "copy": folder / "副本.pdf"}
    made["pdf"].write_bytes(b"%PDF-1.4 rules\x00\x01\xff")
    made["photo"].write_bytes(bytes(range(256)) * 40)
    made["copy"].write_bytes(made["pdf"].read_bytes())
    return made


@pytest.fixture
def ledger(plan2023: Campaign) -> Campaign:
    plan2023.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "6月30日",
                "--measure", "制定作业管理办法")
    plan2023.ok("issue", "task", "add", "P-1", "--measure", "专项检查", "--deadline", "7月10日")
    return plan2023


def test_done_with_files_and_the_listing(ledger: Campaign, files, store: Path):
    done = ledger.json("issue", "done", "T-1", "--attach", str(files["pdf"]), "--attach", str(files["photo"]))
    assert done["status"] == "done"
    pdf = files["pdf"].read_bytes()
    assert done["files"][0] == {"task": "T-1", "file_name": "作业管理办法.pdf", "media_type": "application/pdf",
                                "size": len(pdf), "sha256": hashlib.sha256(pdf).hexdigest(),
                                "added_on": "2023-06-15", "added_by": "tester"}
    assert done["files"][1]["media_type"] == "image/jpeg" and done["files"][1]["size"] == 10240
    ledger.ok("issue", "evidence", "T-2", "--add", str(files["copy"]))
    listed = ledger.json("issue", "evidence", "P-1")
    assert [(e["task"], e["file_name"]) for e in listed] == [
        ("T-1", "作业管理办法.pdf"), ("T-1", "检查照片.jpg"), ("T-2", "副本.pdf")]
    assert len(blobs(store)) == 2  # the copy's content is kept once
    assert [e["file_name"] for e in ledger.json("issue", "evidence", "T-2")] == ["副本.pdf"]
    table = ledger("issue", "evidence", "P-1").stdout
    assert "作业管理办法.pdf" in table and hashlib.sha256(pdf).hexdigest()[:12] in table
    shown = ledger.json("issue", "show", "P-1")
    assert [e["file_name"] for e in shown["evidence"]] == ["作业管理办法.pdf", "检查照片.jpg", "副本.pdf"]
    assert "检查照片.jpg" in ledger("issue", "show", "T-1").stdout
    assert "Evidence files" in ledger("issue", "show", "T-1", lang="en").stdout
    assert "作业管理办法.pdf" in [e["new"] for e in ledger.json("issue", "history", "T-1")]


def test_no_files_yet(ledger: Campaign):
    assert ledger.json("issue", "evidence", "T-1") == []
    assert "no evidence files" in ledger("issue", "evidence", "T-1", lang="en").stdout


def test_the_20_mb_limit(ledger: Campaign, store: Path, tmp_path: Path):
    big = tmp_path / "录像.mp4"
    with big.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    before = store_snapshot(store)
    refused = ledger("issue", "done", "T-1", "--attach", str(big), lang="en")
    assert refused.exit_code == 1
    assert "over the 20 MB limit" in refused.stderr and refused.stderr.count("\n") == 1
    assert ledger("issue", "evidence", "T-1", "--add", str(big)).exit_code == 1
    assert store_snapshot(store) == before
    exactly = tmp_path / "刚好.bin"
    with exactly.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    assert ledger.json("issue", "evidence", "T-1", "--add", str(exactly))[0]["size"] == 20 * 1024 * 1024


def test_missing_file_and_folder_are_refused(ledger: Campaign, tmp_path: Path):
    missing = ledger("issue", "done", "T-1", "--attach", str(tmp_path / "none.pdf"), lang="en")
    assert missing.exit_code == 1 and "Cannot read" in missing.stderr
    folder = ledger("issue", "evidence", "T-1", "--add", str(tmp_path), lang="en")
    assert folder.exit_code == 1 and "not a file" in folder.stderr


def test_extract_writes_bare_names_under_the_folder(ledger: Campaign, files, store: Path, tmp_path: Path):
    ledger.ok("issue", "done", "T-1", "--attach", str(files["pdf"]), "--attach", str(files["pdf"]))
    ledger.ok("issue", "evidence", "T-2", "--add", str(files["photo"]))
    # A name a hand-edited store (or an old version) might hold: folders and ..
    connection = sqlite3.connect(store)
    connection.execute("UPDATE evidence SET file_name = '../../etc/逃逸.txt' WHERE id = 3")
    connection.commit()
    connection.close()
    out = tmp_path / "导出"
    extracted = ledger.json("issue", "evidence", "P-1", "--extract", str(out))
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["T-1/作业管理办法 (2).pdf", "T-1/作业管理办法.pdf", "T-2/逃逸.txt"]
    assert (out / "T-1" / "作业管理办法.pdf").read_bytes() == files["pdf"].read_bytes()
    assert (out / "T-2" / "逃逸.txt").read_bytes() == files["photo"].read_bytes()
    assert [Path(e["extracted_to"]).name for e in extracted] == ["作业管理办法.pdf", "作业管理办法 (2).pdf", "逃逸.txt"]
    assert not (tmp_path / "etc").exists()
    assert "3" in ledger("issue", "evidence", "P-1", "--extract", str(out), lang="en").stdout


def test_a_name_that_is_only_dots_is_refused(ledger: Campaign, files, store: Path, tmp_path: Path):
    ledger.ok("issue", "evidence", "T-1", "--add", str(files["pdf"]))
    connection = sqlite3.connect(store)
    connection.execute("UPDATE evidence SET file_name = '..'")
    connection.commit()
    connection.close()
    refused = ledger("issue", "evidence", "T-1", "--extract", str(tmp_path / "x"), lang="en")
    assert refused.exit_code == 1 and "cannot be used" in refused.stderr


def test_require_evidence(ledger: Campaign, files, store: Path):
    ledger.ok("edit", "--require-evidence", "yes")
    before = store_snapshot(store)
    refused = ledger("issue", "done", "T-1", lang="en")
    assert refused.exit_code == 1 and "requires evidence" in refused.stderr
    assert "佐证材料" in ledger("issue", "done", "T-1").stderr
    assert store_snapshot(store) == before
    assert ledger.json("issue", "done", "T-1", "--evidence", "已印发")["status"] == "done"
    assert ledger.json("issue", "done", "T-2", "--attach", str(files["pdf"]))["status"] == "done"
    ledger.ok("issue", "reopen", "T-2", "--reason", "补材料")
    assert ledger.json("issue", "done", "T-2")["status"] == "done"  # the file kept before counts
    bad = ledger("edit", "--require-evidence", "maybe", lang="en")
    assert bad.exit_code == 1 and "yes or no" in bad.stderr
    assert ledger.json("edit", "--require-evidence", "no")["settings"]["require_evidence"] is False


def test_undo_of_an_attachment_takes_the_content_too(ledger: Campaign, files, store: Path):
    before = data(store)
    ledger.ok("issue", "done", "T-1", "--attach", str(files["pdf"]))
    assert len(blobs(store)) == 1
    ledger.ok("undo", "--yes")
    assert data(store) == before and blobs(store) == []
    ledger.ok("issue", "evidence", "T-1", "--add", str(files["pdf"]))
    ledger.ok("issue", "evidence", "T-2", "--add", str(files["copy"]))
    ledger.ok("undo", "--yes")  # the same content is still used by T-1
    assert len(blobs(store)) == 1
    assert [e["task"] for e in ledger.json("issue", "evidence", "P-1")] == ["T-1"]


def test_removing_a_task_keeps_its_files_for_undo(ledger: Campaign, files, store: Path):
    ledger.ok("issue", "evidence", "T-2", "--add", str(files["photo"]))
    before = data(store)
    ledger.ok("issue", "rm", "T-2", "--reason", "重复")
    assert ledger.json("issue", "evidence", "P-1") == []
    ledger.ok("undo", "--yes")
    assert data(store) == before
    ledger.ok("issue", "rm", "P-1", "--reason", "重复")
    ledger.ok("undo", "--yes")
    assert data(store) == before


def test_json_round_trip_is_byte_exact(ledger: Campaign, files, tmp_path: Path):
    ledger.ok("issue", "done", "T-1", "--attach", str(files["pdf"]), "--attach", str(files["photo"]))
    ledger.ok("issue", "evidence", "T-2", "--add", str(files["copy"]))
    first = tmp_path / "first.json"
    ledger.ok("export", "--format", "json", "--output", str(first))
    document = json.loads(first.read_text("utf-8"))
    assert len(document["evidence"]) == 3 and len(document["files"]) == 2
    other = Campaign(tmp_path / "other.db")
    other.ok("import", str(first), "--yes")
    second = tmp_path / "second.json"
    other.ok("export", "--format", "json", "--output", str(second))

    def without_time(path: Path) -> list[str]:
        return [line for line in path.read_text("utf-8").splitlines() if '"exported_at"' not in line]

    assert without_time(first) == without_time(second)
    out = tmp_path / "out"
    other.ok("issue", "evidence", "T-1", "--extract", str(out))
    assert (out / "T-1" / "检查照片.jpg").read_bytes() == files["photo"].read_bytes()
    assert (out / "T-1" / "作业管理办法.pdf").read_bytes() == files["pdf"].read_bytes()


@pytest.mark.parametrize("change, where", [
    (lambda d: d["files"][0].update(content="AAAA"), "files[0].sha256"),
    (lambda d: d["files"][0].update(content="不是base64"), "files[0].content"),
    (lambda d: d["evidence"][0].update(file_name="../x.pdf"), "evidence[0].file_name"),
    (lambda d: d["evidence"][0].update(task="T-99"), "evidence[0].task"),
    (lambda d: d["evidence"][0].update(size=1), "evidence[0].size"),
    (lambda d: d.update(files=[]), "evidence[0].sha256"),
])
def test_a_tampered_export_is_refused(ledger: Campaign, files, tmp_path: Path, change, where):
    ledger.ok("issue", "done", "T-1", "--attach", str(files["pdf"]))
    document = ledger.json("export", "--format", "json")
    change(document)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    other = Campaign(tmp_path / "other.db")
    refused = other("import", str(path), "--yes", lang="en")
    assert refused.exit_code == 1 and where in refused.stderr


def test_the_xlsx_ledger_names_files_with_their_sha256(ledger: Campaign, files, tmp_path: Path):
    from openpyxl import load_workbook

    ledger.ok("issue", "done", "T-1", "--attach", str(files["pdf"]), "--attach", str(files["photo"]))
    path = tmp_path / "台账.xlsx"
    ledger.ok("export", "--format", "xlsx", "--output", str(path))
    sheet = next(s for s in load_workbook(path) if s.title == "任务清单")
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    column = rows[0].index("佐证文件（sha256）")
    pdf, photo = (hashlib.sha256(files[k].read_bytes()).hexdigest() for k in ("pdf", "photo"))
    assert rows[1][column] == f"作业管理办法.pdf ({pdf})\n检查照片.jpg ({photo})"
    assert rows[2][column] is None
