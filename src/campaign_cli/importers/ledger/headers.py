"""Finding a ledger's header and what each column holds.

The header is the first of the first ten rows that names a problem (or
measure) column and one more known column; a header spread over two rows
(责任分工 merged above 责任单位 / 责任人) is read as one, each column named
by its lower cell, else its upper one. Header words are matched by
`header_key` (`words.HEADER_WORDS`); `--map 列名=字段` adds or overrides one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from campaign_cli.errors import UsageError, UserError
from campaign_cli.importers.ledger import words
from campaign_cli.importers.ledger.cells import clean, text_of

FIELDS = tuple(f for f in words.HEADER_WORDS if f != "ignore")
IGNORE = "ignore"
REQUIRED = ("title", "deadline")
HEADER_ROWS_SEARCHED = 10

_BRACKETED = re.compile(r"[(（\[【<《].*?[)）\]】>》]")
_NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]{1,3}\s*[、.．]|\d{1,2}\s*[、.．)）](?!\d)|[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[）)]|[①-⑳])")
_JUNK = re.compile(r"[\s_\-*:：/／、·.．※★☆]+")


def header_key(text: str) -> str:
    """A header as it is compared: half-width, lower case, no numbering,
    bracketed note, spaces or punctuation (`1.完成时限（截止日期）：` → `完成时限`)."""
    text = _NUMBERING.sub("", text.strip())  # before NFKC, which makes ① a plain 1
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = _NUMBERING.sub("", text)
    bare = _BRACKETED.sub("", text)
    return _JUNK.sub("", bare or text)


@dataclass(frozen=True)
class HeaderTable:
    """The header words of one kind of sheet: `headers` maps a header key to
    its field, `weak` a key to (first choice, second choice), `anchors` the
    fields one of which a header row must name, `required` those it must have."""

    headers: dict[str, str]
    weak: dict[str, tuple[str, str]]
    groups: frozenset[str]
    anchors: tuple[str, ...]
    required: tuple[str, ...]

    @classmethod
    def of(cls, table: dict[str, tuple[str, ...]], weak: dict[str, tuple[str, str]], groups: Iterable[str],
           anchors: tuple[str, ...], required: tuple[str, ...]) -> "HeaderTable":
        headers: dict[str, str] = {}
        for name, ws in table.items():
            for word in ws:
                headers.setdefault(header_key(word), name)
        return cls(headers, {header_key(k): v for k, v in weak.items()}, frozenset(header_key(g) for g in groups),
                   anchors, required)

    def lookup(self, text: str, mapping: dict[str, str]) -> str | None:
        key = header_key(text)
        if not key:
            return None
        return mapping.get(key) or self.headers.get(key) or ("weak" if key in self.weak else None)

    def qualifies(self, fields: list[str | None]) -> bool:
        known = [f for f in fields if f and f != IGNORE]
        return any(a in known for a in (*self.anchors, "weak")) and len(known) >= 2


LEDGER = HeaderTable.of(words.HEADER_WORDS, words.WEAK_HEADER_WORDS, words.GROUP_HEADER_WORDS,
                        anchors=("title", "measure"), required=REQUIRED)
HEADERS = LEDGER.headers
WEAK = LEDGER.weak
GROUPS = LEDGER.groups


def field_of(name: str) -> str | None:
    """The field a `--map` target names: an English field name, or any
    header word (`问题`, `反馈问题`, `责任单位`), or 忽略 / ignore."""
    wanted = name.strip().lower().replace("-", "_")
    if wanted in FIELDS or wanted == IGNORE:
        return wanted
    if wanted in ("忽略", "不导入", "跳过"):
        return IGNORE
    key = header_key(name)
    return HEADERS.get(key) or (WEAK[key][0] if key in WEAK else None)


def parse_map(options: Iterable[str]) -> dict[str, str]:
    """`--map 列名=field` options → {header key: field}; the field may be
    named in Chinese (`--map 反馈问题=问题`, `--map 牵头处室=责任单位`)."""
    mapping: dict[str, str] = {}
    for option in options:
        column, sep, target = option.partition("=")
        found = field_of(target) if sep and column.strip() and target.strip() else None
        if found is None:
            raise UsageError("transfer.bad_map", value=option, fields=", ".join((*FIELDS, IGNORE)))
        mapping[header_key(column)] = found
    return mapping


@dataclass
class Header:
    """Where the header is and what each column holds."""

    first_row: int  # 1-based, as the spreadsheet numbers it
    last_row: int  # == first_row, or first_row + 1 for a two-row header
    rows: list[list[Any]]  # every row from the top of the sheet to the header's last, as read
    names: list[str]  # each column's header as shown to the user ('' for a blank one)
    columns: dict[str, int] = field(default_factory=dict)  # field → its column index
    ignored: list[str] = field(default_factory=list)  # headers nobody reads
    after: list[list[Any]] = field(default_factory=list)  # data rows read while looking for the header

    def name_of(self, field_name: str) -> str:
        index = self.columns.get(field_name)
        return self.names[index] if index is not None else field_name


def _fields(cells: list[str], mapping: dict[str, str], table: HeaderTable) -> list[str | None]:
    return [table.lookup(c, mapping) for c in cells]


def _continues(upper: list[str], lower: list[str], mapping: dict[str, str], table: HeaderTable) -> bool:
    """Is `lower` the second row of a header that starts with `upper`?
    It names a known field, most of its cells are header words, and it
    stands under blank, merged or group cells of the upper row."""
    if len({c for c in upper if c}) < 2:
        return False  # a title row above the header (one text, often merged across it)
    lower_fields = _fields(lower, mapping, table)
    filled = [i for i, c in enumerate(lower) if c]
    named = [i for i in filled if lower_fields[i] or header_key(lower[i]) in table.groups]
    if not any(lower_fields[i] and lower_fields[i] != IGNORE for i in filled) or len(named) * 2 < len(filled):
        return False
    for i in named:
        above = upper[i] if i < len(upper) else ""
        left = upper[i - 1] if 0 < i <= len(upper) else None
        if not above or above == lower[i] or above == left or header_key(above) in table.groups:
            return True
    return False


def _combine(upper: list[str], lower: list[str], mapping: dict[str, str],
             table: HeaderTable) -> tuple[list[str], list[str | None]]:
    width = max(len(upper), len(lower))
    names: list[str] = []
    fields: list[str | None] = []
    for i in range(width):
        top = upper[i] if i < len(upper) else ""
        bottom = lower[i] if i < len(lower) else ""
        found = None
        for candidate in (bottom, top + bottom, top):
            if candidate and (found := table.lookup(candidate, mapping)):
                break
        names.append(bottom if bottom and bottom != top else top)
        fields.append(found)
    return names, fields


def _assign(names: list[str], fields: list[str | None], table: HeaderTable) -> tuple[dict[str, int], list[str]]:
    """field → column: strong words first, then the weak ones (整改任务 is the
    problem when nothing stronger is, else the measure); a second column
    of a field already taken is not imported."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    weak: list[int] = []
    for index, (name, found) in enumerate(zip(names, fields)):
        if found == "weak":
            weak.append(index)
        elif found and found != IGNORE and found not in columns:
            columns[found] = index
        elif name and found != IGNORE:
            ignored.append(name)
    for index in weak:
        for choice in table.weak[header_key(names[index])]:
            if choice not in columns:
                columns[choice] = index
                break
        else:
            ignored.append(names[index])
    return columns, ignored


def find_header(rows: Iterator[list[Any]], mapping: dict[str, str], path: str,
                table: HeaderTable = LEDGER) -> Header:
    """Read the first rows and find the header in them; the rows read past
    it are in `Header.after`. A UserError naming what was seen when there
    is none."""
    seen: list[list[Any]] = []
    for raw in rows:
        seen.append(raw)
        if len(seen) > HEADER_ROWS_SEARCHED:
            break
    texts = [[clean(text_of(c)) for c in raw] for raw in seen]
    for i in range(min(HEADER_ROWS_SEARCHED, len(seen))):
        upper = texts[i]
        if i + 1 < len(texts) and _continues(upper, texts[i + 1], mapping, table):
            names, fields = _combine(upper, texts[i + 1], mapping, table)
            if table.qualifies(fields):
                return _header(i + 1, i + 2, seen, names, fields, mapping, table)
        fields = _fields(upper, mapping, table)
        if table.qualifies(fields):
            return _header(i + 1, i + 1, seen, upper, fields, mapping, table)
    raise _no_anchor(texts, mapping, path, table)


def _header(first: int, last: int, seen: list[list[Any]], names: list[str], fields: list[str | None],
            mapping: dict[str, str], table: HeaderTable) -> Header:
    columns, ignored = _assign(names, fields, table)
    header = Header(first, last, seen[:last], names, columns, ignored, after=seen[last:])
    known = {header_key(n) for n in names} | {header_key(c) for row in seen[first - 1:last]
                                              for c in (clean(text_of(v)) for v in row)}
    for column in mapping:
        if column not in known:
            raise UserError("transfer.map_unknown_column", column=column, headers="、".join(n for n in names if n))
    missing = [f for f in table.required if f not in columns]
    if missing:
        if table is LEDGER and "title" in missing:
            raise _no_anchor([names], mapping, "", table)
        raise UserError("transfer.missing_columns", fields=", ".join(missing), headers="、".join(n for n in names if n))
    return header


def closest_title(headers: list[str]) -> str | None:
    """The header most like a problem column's (for the --map hint)."""
    best, score = None, 0.0
    title_words = [header_key(w) for w in words.HEADER_WORDS["title"] if not w.isascii()]
    for header in headers:
        key = header_key(header)
        if not key or key in HEADERS and HEADERS[key] != "title":
            continue
        ratio = max(difflib.SequenceMatcher(None, key, word).ratio() for word in title_words)
        if any(mark in key for mark in ("问题", "隐患", "不足", "短板", "事项", "意见")):
            ratio += 0.5
        if ratio > score:
            best, score = header, ratio
    return best


def _no_anchor(texts: list[list[str]], mapping: dict[str, str], path: str, table: HeaderTable) -> UserError:
    """No problem column: name the columns seen (the likeliest header row),
    the closest match and the --map to type."""
    candidates = [row for row in texts if any(row)]
    if not candidates:
        return UserError("transfer.no_rows", file=path)
    row = max(candidates, key=lambda r: (sum(1 for f in _fields(r, mapping, table) if f), sum(1 for c in r if c)))
    headers = [c for c in row if c]
    if table is not LEDGER:
        return UserError("ledger.activity.no_header", headers="、".join(headers[:15]))
    closest = closest_title(headers)
    seen = "、".join(headers[:15]) + ("…" if len(headers) > 15 else "")
    if closest:
        return UserError("ledger.no_problem_column", headers=seen, closest=closest,
                         hint=f"--map {closest}=问题")
    return UserError("ledger.no_problem_column_at_all", headers=seen)
