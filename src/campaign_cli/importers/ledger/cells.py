"""A sheet's cells as text: the file checked, decoded, read row by row.

CSV (UTF-8 with or without BOM, GBK / GB18030 as Excel saves it on Chinese
Windows, comma or tab separated) and XLSX (the first sheet, or the sheet
任务清单 / Tasks of an exported workbook). In an XLSX file a merged cell's
value is given to every cell it covers, so a problem merged over three
measure rows reads as the same problem on each of them, and a section row
merged across the table reads as one text.

Text is cleaned as SPEC §6 says: control characters removed (a newline and
a tab are kept only where `multiline` asks for them), so nothing that
reaches a terminal or a spreadsheet carries an escape sequence.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterator

from campaign_cli.errors import UserError
from campaign_cli.importers import bounded

MAX_BYTES = 50 * 1024 * 1024
SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
EXPORTED_SHEETS = ("任务清单", "Tasks")

# C0 and C1 controls, DEL, zero-width and bidi marks, line/paragraph separators.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u2028\u2029]")
_BREAKS = re.compile(r"\s*[\r\n\t]+\s*")
_SPACES = re.compile(r"[ \u00a0\u3000]{2,}")


def check_file(path: Path) -> str:
    """The file's kind ('csv' or 'xlsx'), or a clear error."""
    if not path.exists() or not path.is_file():
        raise UserError("transfer.not_found", file=str(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise UserError("transfer.too_large", file=str(path), size=f"{size / 1024 / 1024:.1f}",
                        limit=MAX_BYTES // 1024 // 1024)
    if size == 0:
        raise UserError("transfer.empty", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UserError("transfer.convert_xls", file=str(path))
    if suffix not in SUFFIXES:
        raise UserError("transfer.bad_extension", file=str(path), suffix=suffix or "''")
    return "xlsx" if suffix in (".xlsx", ".xlsm") else "csv"


def clean(text: str, multiline: bool = False) -> str:
    """`text` without control characters; line breaks and tabs kept only
    when `multiline` (CRLF becomes LF), else each run of them becomes one
    space between ASCII words and nothing between Chinese ones."""
    if text.isprintable() and "  " not in text:
        return text.strip()  # the common case: nothing to take out
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(_CONTROLS.sub("", line).rstrip() for line in text.split("\n")).strip()
    if "\n" in text or "\r" in text or "\t" in text:
        text = _BREAKS.sub(_join, text)
    return _SPACES.sub(" ", _CONTROLS.sub("", text)).strip()


def _join(match: re.Match[str]) -> str:
    before = match.string[match.start() - 1] if match.start() else ""
    after = match.string[match.end()] if match.end() < len(match.string) else ""
    return " " if before.isascii() and after.isascii() and before.isalnum() and after.isalnum() else ""


def text_of(value: Any) -> str:
    """A cell as the text a person sees, control characters and line
    breaks kept (each field cleans it as it needs); a CSV export's `'`
    formula guard taken off again."""
    if value.__class__ is str:  # every CSV cell: the common case first
        text = value.strip()
    elif value is None:
        return ""
    elif isinstance(value, datetime):
        return value.date().isoformat()
    elif isinstance(value, date):
        return value.isoformat()
    elif isinstance(value, float) and value.is_integer():
        return str(int(value))
    else:
        text = str(value).strip()
    return text[1:] if text[:1] == "'" and len(text) > 1 and text[1] in "=+-@\t\r" else text


class Sheet:
    """The rows of a ledger file: `rows` yields lists of raw cell values
    (merged cells filled in); `total` is a row count for the progress bar."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path, self.kind = path, kind
        total, rows = _xlsx_rows(path) if kind == "xlsx" else _csv_rows(path)
        self.total, self.rows = total, bounded.bounded_rows(rows, str(path))


def _decode(data: bytes, path: Path) -> str:
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise UserError("transfer.bad_encoding", file=str(path))


def _csv_rows(path: Path) -> tuple[int, Iterator[list[Any]]]:
    text = _decode(path.read_bytes(), path)
    if "\x00" in text:
        raise UserError("transfer.malformed", file=str(path), reason="binary data")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    total = text.count("\n") + 1
    return total, bounded.csv_rows(text, delimiter, str(path))


_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _merged_ranges(sheet: Any, shown: str) -> list[tuple[int, int, int, int]]:
    """(first row, first column, last row, last column), 1-based, of each
    merged cell, read from the sheet's XML as a stream (a read-only sheet
    has no list). The cells they cover count against the sheet's limit: a
    sheet of merges over a million rows is refused before any row is read."""
    found: list[tuple[int, int, int, int]] = []
    covered = 0
    try:
        with sheet.parent._archive.open(sheet._worksheet_path) as source:
            carry = b""
            while True:
                chunk = source.read(1 << 20)
                window = carry + chunk
                cut = window.rfind(b"<") if chunk else len(window)
                if cut <= 0 or len(window) - cut > 4096:
                    cut = len(window)  # no tag opens in the last bytes: nothing to carry
                for c1, r1, c2, r2 in _MERGE.findall(window[:cut]):
                    box = (int(r1), _column_number(c1), int(r2), _column_number(c2))
                    covered += max(box[2] - box[0] + 1, 1) * max(box[3] - box[1] + 1, 1)
                    if covered > bounded.MAX_CELLS:
                        raise UserError("limits.cells", file=shown, limit=f"{bounded.MAX_CELLS:,}")
                    found.append(box)
                carry = window[cut:]
                if not chunk:
                    return found
    except (AttributeError, KeyError, OSError):
        return []


def _xlsx_rows(path: Path) -> tuple[int, Iterator[list[Any]]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    data = path.read_bytes()
    bounded.check_zip(data, str(path))  # its parts' sizes, ratio, DTDs: before openpyxl reads a byte
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for candidate in workbook.worksheets:  # an exported workbook: its task list
            if candidate.title in EXPORTED_SHEETS:
                sheet = candidate
                break
        total = sheet.max_row or 0
        merged = _merged_ranges(sheet, str(path))
    except UserError:
        raise
    except (BadZipFile, KeyError, OSError, ValueError, IndexError) as exc:
        raise UserError("transfer.malformed", file=str(path), reason=str(exc) or type(exc).__name__) from exc
    except Exception as exc:  # openpyxl's InvalidFileException and friends
        raise UserError("transfer.malformed", file=str(path), reason=str(exc) or type(exc).__name__) from exc

    def rows() -> Iterator[list[Any]]:
        # Ranges by the row they start on; a range's value is its top-left cell's.
        starting: dict[int, list[tuple[int, int, int, int]]] = {}
        for box in merged:
            starting.setdefault(box[0], []).append(box)
        active: list[tuple[tuple[int, int, int, int], Any]] = []
        try:
            for number, raw in enumerate(sheet.iter_rows(values_only=True), start=1):
                values = list(raw)
                if starting or active:
                    active = [(box, value) for box, value in active if box[2] >= number]
                    for box in starting.pop(number, ()):
                        top_left = values[box[1] - 1] if box[1] - 1 < len(values) else None
                        active.append((box, top_left))
                    for (_, first_col, _, last_col), value in active:
                        if len(values) < last_col:
                            values.extend([None] * (last_col - len(values)))
                        for col in range(first_col - 1, last_col):
                            values[col] = value
                yield values
        except UserError:
            raise
        except Exception as exc:
            raise UserError("transfer.malformed", file=str(path), reason=str(exc) or type(exc).__name__) from exc
        finally:
            workbook.close()

    return total, rows()
