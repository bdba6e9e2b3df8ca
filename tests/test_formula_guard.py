"""No formula reaches a spreadsheet, no HTML runs from a Markdown report (issue 18).

The guard looks past what a spreadsheet skips (spaces, line breaks, a BOM,
zero-width characters) and knows the full-width ＝＋－＠; XLSX text cells
carry the quote prefix (`quotePrefix="1"` in their style, read back from the
file's XML) so Excel keeps them text when edited.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from conftest import Campaign

from campaign_cli.reports.formats.safe import is_formula_like, spreadsheet_safe

HOSTILE = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠SUM(A1)",
           "\ufeff=1+1", "\u200b=1+1", "   =1+1", "\n=1+1", " \n\t@x", "\u2060+cmd|' /C calc'!A0",
           "\u202e=1"]
PLAIN = ["作业量偏大", "a=b", "1-2", "e@mail", "", "  text", "（＝）"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like(text: str):
    assert is_formula_like(text)
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_left_alone(text: str):
    assert not is_formula_like(text)
    assert spreadsheet_safe(text) == text


def _quote_prefixed_cells(path: Path) -> dict[str, str]:
    """{cell text: 'quotePrefix' value of its style} for every text cell, read from the XML."""
    with zipfile.ZipFile(path) as book:
        styles = book.read("xl/styles.xml").decode()
        xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S).group(1)
        prefixed = [('quotePrefix="1"' in xf) for xf in re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", xfs, re.S)]
        shared = []
        if "xl/sharedStrings.xml" in book.namelist():
            shared = [re.sub(r"<[^>]+>", "", si) for si in
                      re.findall(r"<si>(.*?)</si>", book.read("xl/sharedStrings.xml").decode(), re.S)]
        found: dict[str, bool] = {}
        for name in book.namelist():
            if not name.startswith("xl/worksheets/sheet"):
                continue
            for attrs, body in re.findall(r"<c ([^>]*)>(.*?)</c>", book.read(name).decode(), re.S):
                style = re.search(r'\bs="(\d+)"', attrs)
                kind = re.search(r'\bt="(\w+)"', attrs)
                if "<f>" in body:
                    found[body] = "FORMULA"
                    continue
                if kind and kind.group(1) == "inlineStr":
                    text = re.sub(r"<[^>]+>", "", body)
                elif kind and kind.group(1) == "s":
                    text = shared[int(re.search(r"<v>(\d+)</v>", body).group(1))]
                else:
                    continue
                found[_unescape(text)] = prefixed[int(style.group(1))] if style else False
    return found


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


TITLES = ["=HYPERLINK(\"http://x\",\"y\")", "＝1+1", "\u200b@SUM(1)", " \n-2+3"]


@pytest.fixture
def hostile(plan2023: Campaign) -> Campaign:
    for title in TITLES:
        plan2023.ok("issue", "add", title, "--owner", "+王", "--dept", "教务处", "--deadline", "2023-06-30",
                    "--found-on", "2023-06-01")
    return plan2023


def _assert_guarded(cells: dict, titles: list[str]) -> None:
    assert "FORMULA" not in cells.values(), cells
    for title in titles:
        matches = [v for text, v in cells.items() if text.strip() == title.strip()
                   or text.strip().replace("\u200b", "") == title.strip().replace("\u200b", "")]
        assert matches, (title, list(cells)[:40])
        assert all(v is True for v in matches), (title, matches)


def test_export_xlsx_cells_are_text_with_the_quote_prefix(hostile: Campaign, tmp_path: Path):
    out = tmp_path / "out.xlsx"
    hostile.ok("export", "--format", "xlsx", "-o", str(out))
    cells = _quote_prefixed_cells(out)
    stored = [p["title"] for p in hostile.json("issue", "list", "--list", "problems")]
    _assert_guarded(cells, [t for t in stored if is_formula_like(t)] + ["+王"])


def test_report_xlsx_cells_are_text_with_the_quote_prefix(hostile: Campaign, tmp_path: Path):
    out = tmp_path / "r.xlsx"
    hostile.ok("report", "--month", "2023-06", "--format", "xlsx", "-o", str(out))
    cells = _quote_prefixed_cells(out)
    stored = [p["title"] for p in hostile.json("issue", "list", "--list", "problems")]
    _assert_guarded(cells, [t for t in stored if is_formula_like(t)])


def test_csv_exports_prefix_every_formula_like_cell(hostile: Campaign, tmp_path: Path):
    out = tmp_path / "out.csv"
    hostile.ok("export", "--format", "csv", "-o", str(out))
    cells = [c for row in csv.reader(out.read_text(encoding="utf-8-sig").splitlines()) for c in row]
    assert not [c for c in cells if is_formula_like(c)], cells


def test_the_markdown_report_escapes_html(plan2023: Campaign, tmp_path: Path):
    script = "<script>alert(1)</script>"
    plan2023.ok("issue", "add", f"问题{script}", "--owner", "<img src=x onerror=alert(1)>", "--dept", "教务处",
                "--deadline", "2023-06-30", "--found-on", "2023-06-01")
    out = tmp_path / "r.md"
    plan2023.ok("report", "--month", "2023-06", "--format", "md", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text and "<img" not in text
    assert "问题&lt;script&gt;alert(1)&lt;/script&gt;" in text
