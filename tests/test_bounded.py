"""importers/bounded.py on its own: the counting stream, the CSV row
limits, the JSON walk, and the second line of defence (the XML parsers
python-docx and openpyxl use resolve no entity and fetch nothing even when
the scan is bypassed)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

import hostile as h
from campaign_cli.errors import UserError
from campaign_cli.importers import bounded


def test_a_real_container_passes_and_each_part_unpacks_whole(tmp_path):
    parts = h.xlsx_parts()
    data = h.container(tmp_path / "ok.xlsx", parts, {}).read_bytes()
    bounded.check_zip(data, "ok.xlsx")
    source = io.BytesIO(data)
    for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
        assert b"".join(bounded.part_chunks(source, info, "ok.xlsx")) == parts[info.filename]


def test_the_counting_stream_stops_at_the_stated_size(tmp_path):
    forged = h.bomb("word/document.xml", h.DOC_HEAD, h.DOC_UNIT, 64 * h.MB, h.DOC_TAIL)
    forged.size = 2 * h.MB
    data = h.container(tmp_path / "forged.docx", h.docx_parts(), {"word/document.xml": forged}).read_bytes()
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    seen = 0
    with pytest.raises(UserError) as refused:
        for chunk in bounded.part_chunks(io.BytesIO(data), info, "forged.docx"):
            seen += len(chunk)
    assert refused.value.key == "limits.part_lies"
    assert seen <= 2 * h.MB  # nothing past the stated size was handed on


def test_a_damaged_container_is_left_to_the_reader(tmp_path):
    data = h.container(tmp_path / "ok.docx", h.docx_parts(), {}).read_bytes()
    bounded.check_zip(data[: len(data) // 2], "cut.docx")  # no directory: the reader's own error says so
    bounded.check_zip(b"not a zip at all", "x.docx")


def test_utf16_dtd_is_found(tmp_path):
    xml = h.billion_laughs("w:document", h.W_NS, h.DOC_BODY).decode().replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")
    data = h.container(tmp_path / "u16.docx", h.docx_parts(), {"word/document.xml": xml}).read_bytes()
    with pytest.raises(UserError) as refused:
        bounded.check_zip(data, "u16.docx")
    assert refused.value.key == "limits.xml_dtd"


def test_too_many_tags_in_a_part_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(bounded, "MAX_WORD_TAGS", 1_000)
    monkeypatch.setattr(bounded, "MAX_XML_TAGS", 2_000)
    body = h.DOC_HEAD + h.DOC_UNIT * 200 + h.DOC_TAIL  # 1,200 tags
    data = h.container(tmp_path / "tags.docx", h.docx_parts(), {"word/document.xml": body}).read_bytes()
    with pytest.raises(UserError) as refused:
        bounded.check_zip(data, "tags.docx")
    assert refused.value.key == "limits.xml_tags" and refused.value.params["limit"] == "1,000"
    strings = h.SST_HEAD + h.SST_UNIT * 300 + h.SST_TAIL  # 1,200 tags: within the limit of other parts
    bounded.check_zip(h.container(tmp_path / "s.xlsx", h.xlsx_parts(), {"xl/sharedStrings.xml": strings})
                      .read_bytes(), "s.xlsx")


def test_too_many_paragraphs_in_a_word_part(tmp_path, monkeypatch):
    monkeypatch.setattr(bounded, "MAX_WORD_PARAGRAPHS", 100)
    ok = h.DOC_HEAD + h.DOC_UNIT * 100 + h.DOC_TAIL
    bounded.check_zip(h.container(tmp_path / "ok.docx", h.docx_parts(), {"word/document.xml": ok}).read_bytes(),
                      "ok.docx")
    body = h.DOC_HEAD + b'<w:p w:rsidR="00A1">x</w:p>' + h.DOC_UNIT * 100 + h.DOC_TAIL
    data = h.container(tmp_path / "p.docx", h.docx_parts(), {"word/document.xml": body}).read_bytes()
    with pytest.raises(UserError) as refused:
        bounded.check_zip(data, "p.docx")
    assert refused.value.key == "limits.word_paragraphs"


@pytest.mark.parametrize("text", [
    "a,b\r\n1,2\r\n",
    'a,b\n"line one\nline two",x\n"q ""quoted"", with comma",y\n',
    "a\tb\n1\t2",
    "a,b\r1,2\r",
    "",
])
def test_csv_rows_read_as_the_csv_module_does(text):
    delimiter = "\t" if "\t" in text else ","
    expected = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    assert list(bounded.csv_rows(text, delimiter, "f.csv")) == expected


def test_csv_rows_past_the_limits(monkeypatch):
    monkeypatch.setattr(bounded, "MAX_ROWS", 3)
    rows = bounded.bounded_rows(bounded.csv_rows("a\n" * 10, ",", "f.csv"), "f.csv")
    with pytest.raises(UserError) as refused:
        list(rows)
    assert refused.value.key == "limits.rows"
    with pytest.raises(UserError) as refused:
        list(bounded.csv_rows('"' + "x" * (bounded.MAX_CELL_CHARS + 1) + '"\n', ",", "f.csv"))
    assert refused.value.key == "limits.cell_chars"
    assert csv.field_size_limit() == 131072  # the process-wide limit is put back


def test_sheet_characters_are_counted_across_cells(monkeypatch):
    monkeypatch.setattr(bounded, "MAX_SHEET_CHARS", 100)
    rows = [["x" * 30, "y" * 30]] * 3  # one shared-string value repeated: still counted each time
    with pytest.raises(UserError) as refused:
        list(bounded.bounded_rows(rows, "f.xlsx"))
    assert refused.value.key == "limits.sheet_chars"


def test_json_walk_names_the_place(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"tasks": [{"measure": "ok"}, {"measure": "' + "m" * (bounded.MAX_JSON_TEXT_CHARS + 1)
                    + '"}]}', "utf-8")
    with pytest.raises(UserError) as refused:
        bounded.load_json(path, "x.json")
    assert refused.value.key == "limits.json_text"
    assert refused.value.params["where"] == "tasks[1].measure"
    path.write_text("[" * (bounded.MAX_JSON_DEPTH + 1) + "]" * (bounded.MAX_JSON_DEPTH + 1), "utf-8")
    with pytest.raises(UserError) as refused:
        bounded.load_json(path, "x.json")
    assert refused.value.key == "limits.json_depth"
    path.write_text("[" * bounded.MAX_JSON_DEPTH + "]" * bounded.MAX_JSON_DEPTH, "utf-8")
    assert bounded.load_json(path, "x.json")  # at the limit: read


# --- the second line of defence: the parsers themselves, the scan bypassed ---------------


@pytest.fixture
def listener():
    from test_hostile_files import _Listener

    server = _Listener()
    yield server
    server.close()


def test_python_docx_resolves_no_entity_and_fetches_nothing(tmp_path, listener):
    from docx import Document

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a", "utf-8")
    from lxml import etree

    leaky = h.external_entity("w:document", h.W_NS, h.DOC_BODY, secret.as_uri())
    unsafe = etree.XMLParser(resolve_entities=True, load_dtd=True)
    assert b"TOP-SECRET" in etree.tostring(etree.fromstring(leaky, unsafe))  # the file is a working XXE
    for name, xml in [
        ("laughs", h.billion_laughs("w:document", h.W_NS, h.DOC_BODY)),
        ("file", h.external_entity("w:document", h.W_NS, h.DOC_BODY, secret.as_uri())),
        ("http", h.external_entity("w:document", h.W_NS, h.DOC_BODY, listener.url + "/e")),
        ("dtd", h.external_dtd("w:document", h.W_NS, h.DOC_BODY, listener.url + "/d")),
    ]:
        path = h.container(tmp_path / f"{name}.docx", h.docx_parts(), {"word/document.xml": xml})
        try:
            text = "".join(p.text for p in Document(str(path)).paragraphs)
        except Exception:  # refusing is as good as not expanding
            continue
        assert "TOP-SECRET" not in text and "lol" not in text and "LEAKED" not in text, name
    assert listener.hits == []


def test_openpyxl_resolves_no_entity_and_fetches_nothing(tmp_path, listener):
    import openpyxl
    from defusedxml import EntitiesForbidden
    from openpyxl import load_workbook

    assert openpyxl.DEFUSEDXML  # a dependency: openpyxl streams sheets through defusedxml
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a", "utf-8")
    cases = []
    for url in (secret.as_uri(), listener.url + "/e"):
        cases.append({"xl/worksheets/sheet1.xml": h.external_entity("worksheet", h.S_NS, h.SHEET_BODY, url)})
        cases.append({"xl/sharedStrings.xml": h.external_entity("sst", h.S_NS, h.SST_BODY, url)})
    cases.append({"xl/worksheets/sheet1.xml": h.billion_laughs("worksheet", h.S_NS, h.SHEET_BODY)})
    cases.append({"xl/sharedStrings.xml": h.billion_laughs("sst", h.S_NS, h.SST_BODY)})
    for i, replace in enumerate(cases):
        path = h.container(tmp_path / f"{i}.xlsx", h.xlsx_parts(), replace)
        with pytest.raises(ValueError) as refused:  # openpyxl wraps what defusedxml raised
            workbook = load_workbook(path, read_only=True, data_only=True)
            list(workbook.worksheets[0].iter_rows(values_only=True))
        assert isinstance(refused.value.__context__, EntitiesForbidden), refused.value.__context__
    assert listener.hits == []


def test_real_corpus_containers_pass(tmp_path):
    """Every .xlsx ledger and .docx plan of the corpus passes the check as it is."""
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "ledgers"))
    from build_plan_files import SOURCES, build_docx
    from xlsx_layouts import LAYOUTS, build

    files = [build(name, tmp_path) for name in LAYOUTS]
    for source in sorted(SOURCES.glob("*.docx.txt")):
        out = tmp_path / source.name.removesuffix(".txt")
        build_docx(source.read_text("utf-8"), out)
        files.append(out)
    for path in files:
        bounded.check_zip(Path(path).read_bytes(), str(path))
    assert len(files) >= len(LAYOUTS) + 2
