"""Bounded reading: the limits every file a user hands in is read within.

A plan (.docx, .pdf, .txt), a ledger or activity sheet (.xlsx, .csv), a JSON
export and a report template (.docx) are checked here before and while they
are read, so a small hostile file (a zip bomb, billion laughs, a sheet of a
million empty rows, a JSON nested ten million deep) is refused with one line
naming the limit and the file, in seconds and a few hundred MB, before
anything is written. The limits are generous for real documents: a 100,000-
row ledger, a 200-page plan, the export of a campaign of 50,000 tasks.

- Zip containers (.docx, .xlsx): the central directory is checked first
  (number of parts, each part's and the total unpacked size, the compression
  ratio, the compression method); then every part is unpacked through a
  counting stream that stops at the limit and at the size its header states
  (a part that lies about its size is caught there), counting XML tags and
  refusing any DTD (`<!DOCTYPE`, `<!ENTITY`: Office files never carry one,
  so no entity is ever expanded and no external one fetched). The library
  (python-docx, openpyxl) then reads the same bytes, never the file again.
- Sheets: rows, cells, cells in one row, characters in one cell and in the
  whole sheet are counted as the rows stream (openpyxl's read-only mode).
- JSON: the file's size, its nesting depth and the length of each text.
- PDF: pages, the unpacked size of each stream (pypdf's own limit, set
  here), and the characters of text extracted.

Second line of defence (tested on its own): python-docx's and openpyxl's
lxml parsers do not resolve entities, lxml loads no DTD and never the
network, and with `defusedxml` installed openpyxl streams sheets through it.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from campaign_cli.errors import UserError

MB = 1024 * 1024

# --- zip containers (.docx, .xlsx) -------------------------------------------
MAX_ZIP_PARTS = 5_000  # a .docx holds 10-50 parts, an .xlsx with many sheets a few hundred
MAX_PART_BYTES = 32 * MB  # a part read whole into a tree (document.xml, sharedStrings.xml, styles.xml)
MAX_SHEET_PART_BYTES = 256 * MB  # a worksheet, streamed row by row (a 20,000-row ledger: 35 MB)
MAX_ZIP_TOTAL_BYTES = 320 * MB  # every part together, unpacked
MAX_RATIO = 200  # unpacked / packed, for a part over RATIO_FROM (real parts: 3-30; a zip bomb: 1,000)
RATIO_FROM = 1 * MB
MAX_XML_TAGS = 2_000_000  # tags in one part read whole (sharedStrings.xml of a 100,000-row ledger: about 1.2 million)
MAX_WORD_TAGS = 1_000_000  # tags in one Word part (a 200-page plan: about 400,000; python-docx reads 1 million in 3-4 s)
MAX_WORD_PARAGRAPHS = 50_000  # <w:p> in one Word part (a 200-page plan: about 6,000, table cells included)
STREAMED_PARTS = ("xl/worksheets/",)  # parts the reader streams (no tree is built)

# --- sheets (.xlsx, .csv) ----------------------------------------------------
MAX_ROWS = 300_000  # a 100,000-row ledger imports in one go
MAX_CELLS = 2_000_000  # cells read, empty ones included (openpyxl reads about 50,000 a second)
MAX_ROW_CELLS = 16_384  # Excel's own column limit
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_SHEET_CHARS = 100_000_000  # characters of text in all cells (a 20,000-row ledger: 4 million)

# --- text ------------------------------------------------------------------
MAX_PLAN_CHARS = 1_000_000  # a 200-page plan holds about 200,000 characters (read in about 1 s)
MAX_PLAN_LINES = 20_000  # a 200-page plan has about 6,000 lines, a table row being one
MAX_PDF_PAGES = 2_000
MAX_PDF_STREAM_BYTES = 32 * MB  # one PDF stream unpacked (pypdf's limit, lowered from 75 MB)

# --- JSON ------------------------------------------------------------------
MAX_JSON_BYTES = 128 * MB  # a campaign of 20,000 problems with history exports to about 40 MB
MAX_JSON_DEPTH = 32  # an export is 4 levels deep
MAX_JSON_ITEMS = 10_000_000  # commas: a 20,000-problem export has about 1.5 million (each item costs 8 bytes or more)
MAX_JSON_TEXT_CHARS = 1_000_000  # one text (a problem's detail is a few thousand characters)

_CHUNK = 1 * MB
_DTD = tuple(needle.encode(codec) for needle in ("<!DOCTYPE", "<!ENTITY")
             for codec in ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
_OVERLAP = max(len(needle) for needle in _DTD)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_CELL_TAGS = (b"<c ", b"<c>", b"<c/>", b":c ", b":c>")


def _mb(size: int) -> str:
    return f"{size / MB:.1f}"


# -----------------------------------------------------------------------------
# Zip containers
# -----------------------------------------------------------------------------


def check_zip(data: bytes, shown: str) -> None:
    """Refuse a .docx / .xlsx whose parts unpack past the limits (see the
    module's docstring). A file that is no zip at all, or a damaged one, is
    left to the reader, whose error says so: what it reads is bounded by the
    sizes checked here, since zipfile never unpacks past a part's stated size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    parts = archive.infolist()
    if len(parts) > MAX_ZIP_PARTS:
        raise UserError("limits.zip_parts", file=shown, count=len(parts), limit=MAX_ZIP_PARTS)
    total = 0
    for part in parts:
        limit = _part_limit(part.filename)
        if part.file_size > limit:
            raise UserError("limits.part_size", file=shown, part=part.filename, size=_mb(part.file_size),
                            limit=limit // MB)
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise UserError("limits.ratio", file=shown, part=part.filename,
                            ratio=part.file_size // max(part.compress_size, 1), limit=MAX_RATIO)
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UserError("limits.zip_method", file=shown, part=part.filename, method=part.compress_type)
        total += part.file_size
        if total > MAX_ZIP_TOTAL_BYTES:
            raise UserError("limits.zip_total", file=shown, size=_mb(total), limit=MAX_ZIP_TOTAL_BYTES // MB)
    source = io.BytesIO(data)
    for part in parts:
        try:
            _scan_part(source, part, shown)
        except (zipfile.BadZipFile, zlib.error, struct.error, OSError, EOFError):
            continue  # damaged: the reader says so, and reads no more than the sizes checked above


def _part_limit(name: str) -> int:
    return MAX_SHEET_PART_BYTES if name.startswith(STREAMED_PARTS) else MAX_PART_BYTES


def _scan_part(source: io.BytesIO, part: zipfile.ZipInfo, shown: str) -> None:
    """Unpack one part through a counting stream: more bytes than its header
    states, a DTD, or too many tags in a part read whole is an error."""
    xml = part.filename.lower().endswith(_XML_SUFFIXES)
    whole = not part.filename.startswith(STREAMED_PARTS)
    tags = paragraphs = cells = 0
    tag_limit = MAX_WORD_TAGS if part.filename.startswith("word/") else MAX_XML_TAGS
    tail = tail_p = b""
    for chunk in part_chunks(source, part, shown):
        if not xml:
            continue
        window = tail + chunk
        if b"<!" in window or b"\x00!" in window or b"!\x00" in window:
            for needle in _DTD:
                if needle in window:
                    raise UserError("limits.xml_dtd", file=shown, part=part.filename)
        tail = window[-_OVERLAP:]
        if whole:
            tags += chunk.count(b"<")
            if tags > tag_limit:
                raise UserError("limits.xml_tags", file=shown, part=part.filename, limit=f"{tag_limit:,}")
            joined = tail_p + chunk
            paragraphs += joined.count(b"<w:p>") + joined.count(b"<w:p ")
            tail_p = joined[-4:]
            if paragraphs > MAX_WORD_PARAGRAPHS:
                raise UserError("limits.word_paragraphs", file=shown, part=part.filename,
                                limit=f"{MAX_WORD_PARAGRAPHS:,}")
        else:  # a worksheet: its cells counted before openpyxl spends a minute on them
            joined = tail_p + chunk
            cells += sum(joined.count(needle) for needle in _CELL_TAGS)
            tail_p = joined[-2:]
            if cells > MAX_CELLS:
                raise UserError("limits.cells", file=shown, limit=f"{MAX_CELLS:,}")


def part_chunks(source: io.BytesIO, part: zipfile.ZipInfo, shown: str) -> Iterator[bytes]:
    """A zip part's unpacked bytes, in chunks of at most 1 MB, read from its
    local header on: the stream stops with an error as soon as it yields
    more than the part's stated size (a forged header) or its limit."""
    source.seek(part.header_offset)
    header = source.read(30)
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("bad local header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    source.seek(part.header_offset + 30 + name_length + extra_length)
    stated = part.file_size
    allowed = min(stated, _part_limit(part.filename))
    left = part.compress_size
    inflate = zlib.decompressobj(-15) if part.compress_type == zipfile.ZIP_DEFLATED else None
    seen = 0

    def counted(data: bytes) -> bytes:
        nonlocal seen
        seen += len(data)
        if seen > allowed:
            if seen > stated:
                raise UserError("limits.part_lies", file=shown, part=part.filename, size=f"{stated:,}")
            raise UserError("limits.part_size", file=shown, part=part.filename, size=_mb(seen),
                            limit=_part_limit(part.filename) // MB)
        return data

    while left > 0:
        raw = source.read(min(_CHUNK, left))
        if not raw:
            raise zipfile.BadZipFile("truncated part")
        left -= len(raw)
        if inflate is None:
            yield counted(raw)
            continue
        data = inflate.decompress(raw, _CHUNK)
        while True:
            if data:
                yield counted(data)
            if not inflate.unconsumed_tail:
                break
            data = inflate.decompress(inflate.unconsumed_tail, _CHUNK)
        if inflate.eof:
            break
    if inflate is not None:
        while not inflate.eof:  # what is left in the decompressor's window
            data = inflate.decompress(inflate.unconsumed_tail, _CHUNK)
            if not data:
                break
            yield counted(data)


def read_zip(path: Path, shown: str, max_bytes: int) -> bytes:
    """The bytes of a .docx / .xlsx file, its size and its parts checked;
    the reader is handed these bytes, so what was checked is what is read."""
    size = path.stat().st_size
    if size > max_bytes:
        raise UserError("limits.file_size", file=shown, size=_mb(size), limit=max_bytes // MB)
    data = path.read_bytes()
    check_zip(data, shown)
    return data


# -----------------------------------------------------------------------------
# Sheets
# -----------------------------------------------------------------------------


def bounded_rows(rows: Iterable[list[Any]], shown: str) -> Iterator[list[Any]]:
    """`rows` with their count, their cells (empty ones included), the cells
    of one row, the characters of one cell and of the sheet bounded."""
    cells = chars = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise UserError("limits.rows", file=shown, limit=f"{MAX_ROWS:,}")
        width = len(row)
        if width > MAX_ROW_CELLS:
            raise UserError("limits.row_cells", file=shown, row=number, limit=f"{MAX_ROW_CELLS:,}")
        cells += width
        if cells > MAX_CELLS:
            raise UserError("limits.cells", file=shown, limit=f"{MAX_CELLS:,}")
        for value in row:
            if value.__class__ is str:
                length = len(value)
                if length > MAX_CELL_CHARS:
                    raise UserError("limits.cell_chars", file=shown, row=number, limit=f"{MAX_CELL_CHARS:,}")
                chars += length
        if chars > MAX_SHEET_CHARS:
            raise UserError("limits.sheet_chars", file=shown, limit=f"{MAX_SHEET_CHARS:,}")
        yield row


def csv_rows(text: str, delimiter: str, shown: str) -> Iterator[list[str]]:
    """The rows of a CSV text, bounded like a sheet's. The csv module is fed
    line by line (no copy of the text) and a row is refused while it is
    still being gathered once its lines hold more separators than a row
    may have cells, so a file of commas never becomes a list of millions."""
    import csv

    pending = 0

    def lines() -> Iterator[str]:
        nonlocal pending
        end = "\n" if "\n" in text or "\r" not in text else "\r"
        at, size = 0, len(text)
        while at < size:
            stop = text.find(end, at)
            stop = size if stop < 0 else stop + 1
            line = text[at:stop]
            at = stop
            pending += line.count(delimiter)
            if pending > 4 * MAX_ROW_CELLS:  # separators inside quoted text count too: room for them
                raise UserError("limits.row_cells", file=shown, row=rows_read + 1, limit=f"{MAX_ROW_CELLS:,}")
            yield line

    rows_read = 0
    previous = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS)
    try:
        reader = csv.reader(lines(), delimiter=delimiter)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    raise UserError("limits.cell_chars", file=shown, row=rows_read + 1,
                                    limit=f"{MAX_CELL_CHARS:,}") from None
                raise UserError("transfer.malformed", file=shown, reason=str(exc)) from exc
            rows_read += 1
            pending = 0
            yield row
    finally:
        csv.field_size_limit(previous)


# -----------------------------------------------------------------------------
# Text
# -----------------------------------------------------------------------------


def check_text(text: str, shown: str) -> str:
    """A plan's text (line ends normalised), its characters and lines bounded."""
    if len(text) > MAX_PLAN_CHARS:
        raise UserError("limits.text_chars", file=shown, limit=f"{MAX_PLAN_CHARS:,}")
    if text.count("\n") >= MAX_PLAN_LINES:
        raise UserError("limits.text_lines", file=shown, limit=f"{MAX_PLAN_LINES:,}")
    return text


def pdf_texts(path: Path, shown: str, opened: Callable[[Any], None] | None = None) -> list[str]:
    """The text of each page of a PDF: at most MAX_PDF_PAGES pages, each
    stream unpacked to at most MAX_PDF_STREAM_BYTES (pypdf stops there), at
    most MAX_PLAN_CHARS characters in all. `opened(reader)` runs once the
    file is open (a locked PDF is refused there)."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    try:
        from pypdf import _configuration as configuration  # pypdf >= 6.7: per-context limits
    except ImportError:  # an older pypdf keeps its own limits (75 MB)
        configuration = None
    context: Any = _nothing()
    if configuration is not None:
        known = configuration.DEFAULT_CONFIGURATION
        context = configuration.apply_configuration(**{name: MAX_PDF_STREAM_BYTES for name in (
            "maximum_declared_stream_length", "array_based_stream_maximum_output_length",
            "lzw_maximum_output_length", "run_length_maximum_output_length", "zlib_maximum_output_length",
            "brotli_maximum_output_length", "jbig2_maximum_output_length") if hasattr(known, name)})
    try:
        with context:
            reader = PdfReader(str(path))
            if opened is not None:
                opened(reader)
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise UserError("limits.pdf_pages", file=shown, count=f"{count:,}", limit=f"{MAX_PDF_PAGES:,}")
            pages, chars = [], 0
            for page in reader.pages:
                contents = page.get_contents()  # unpacked here: extract_text would swallow the limit's error
                if contents is not None:
                    contents.get_data()
                text = page.extract_text() or ""
                chars += len(text)
                if chars > MAX_PLAN_CHARS:
                    raise UserError("limits.text_chars", file=shown, limit=f"{MAX_PLAN_CHARS:,}")
                pages.append(text)
            return pages
    except LimitReachedError as exc:
        raise UserError("limits.pdf_stream", file=shown, limit=MAX_PDF_STREAM_BYTES // MB,
                        reason=str(exc)[:120]) from None


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


# -----------------------------------------------------------------------------
# JSON
# -----------------------------------------------------------------------------


def load_json(path: Path, shown: str) -> Any:
    """A JSON file parsed, its size, nesting depth and texts bounded. A
    document nested past the interpreter's own limit (`[[[[…` ten million
    deep) stops the parser at once: it is the same error as one past ours."""
    size = path.stat().st_size
    if size > MAX_JSON_BYTES:
        raise UserError("limits.file_size", file=shown, size=_mb(size), limit=MAX_JSON_BYTES // MB)
    data = path.read_bytes()
    if data.count(b",") > MAX_JSON_ITEMS:  # before parsing: a flat list of 50 million items needs GBs
        raise UserError("limits.json_items", file=shown, limit=f"{MAX_JSON_ITEMS:,}")
    try:
        text = data.decode("utf-8-sig")
        del data
        document = json.loads(text)
    except RecursionError:
        raise UserError("limits.json_depth", file=shown, limit=MAX_JSON_DEPTH) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError("transfer.bad_json", file=shown, reason=str(exc)[:200]) from exc
    check_json(document, shown)
    return document


def check_json(document: Any, shown: str) -> None:
    """Walk the parsed document without recursion: depth and text lengths."""

    def too_long(where: str) -> UserError:
        return UserError("limits.json_text", file=shown, where=where or "/", limit=f"{MAX_JSON_TEXT_CHARS:,}")

    if isinstance(document, str) and len(document) > MAX_JSON_TEXT_CHARS:
        raise too_long("")
    if not isinstance(document, (dict, list)):
        return
    stack: list[tuple[Any, int, str]] = [(document, 1, "")]
    while stack:
        container, depth, where = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise UserError("limits.json_depth", file=shown, limit=MAX_JSON_DEPTH)
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in items:
            if key.__class__ is str and len(key) > MAX_JSON_TEXT_CHARS:
                raise too_long(where)
            if value.__class__ is str:
                if len(value) > MAX_JSON_TEXT_CHARS:
                    raise too_long(_at(where, key))
            elif isinstance(value, (dict, list)):
                stack.append((value, depth + 1, _at(where, key)))


def _at(where: str, key: Any) -> str:
    if isinstance(key, int):
        return f"{where}[{key}]"
    return f"{where}.{key}" if where else str(key)
