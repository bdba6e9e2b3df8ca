"""The clerk's own words for the month report (`report --notes FILE`).

A Markdown file with the sections `## 主要做法`, `## 存在问题` and
`## 下步打算` (or a word for one of them: domain/vocabulary.py); the Word
report puts them into 一、工作开展情况, 三、存在的问题 and 四、下步打算.
Inside a section, blank lines part paragraphs, each list item is a
paragraph of its own, `###` is a heading one level down, and `**…**` marks
bold text. A section the report does not know is an error naming it, so
nothing a clerk wrote is silently left out.

    # 6月工作小结              ← a title line is allowed and not printed
    ## 主要做法
    **一是抓实理论学习。**各支部……
    ## 存在问题
    - 调研成果转化还不够快。
    ## 下步打算
    1. 7月底前完成……
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from campaign_cli.domain import vocabulary
from campaign_cli.errors import UserError

MAX_BYTES = 1_000_000  # a month's notes are a few pages; anything larger is the wrong file

# A run of text and whether it is bold.
Span = tuple[str, bool]


@dataclass(frozen=True)
class NoteBlock:
    kind: str  # "paragraph" or "heading"
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _bold in self.spans)


@dataclass(frozen=True)
class ReportNotes:
    """Blocks per section key (practices, problems, plans); a section that is
    missing or empty has no blocks, and the report marks its place 【请填写】."""

    practices: tuple[NoteBlock, ...] = ()
    problems: tuple[NoteBlock, ...] = ()
    plans: tuple[NoteBlock, ...] = ()
    path: str = field(default="", compare=False)

    def section(self, key: str) -> tuple[NoteBlock, ...]:
        return getattr(self, key)


_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*[-*+•·]\s+")
_ORDERED = re.compile(r"^\s*(?:\d{1,3}[.．、]|[（(]\d{1,3}[）)])\s*")
_QUOTE = re.compile(r"^\s*>\s?")
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_FENCE = re.compile(r"^\s*(```|~~~)")


def read_notes(path: Path) -> ReportNotes:
    shown = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise UserError("report.notes_too_large", path=shown, limit=MAX_BYTES // 1000)
        data = path.read_bytes()
    except OSError as exc:
        raise UserError("report.notes_cannot_read", path=shown, reason=exc.strerror or str(exc)) from exc
    return parse_notes(_decode(data, shown), shown)


def _decode(data: bytes, shown: str) -> str:
    # Notepad writes UTF-8 (with or without a BOM) or, on older Windows, GBK.
    for codec in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    raise UserError("report.notes_encoding", path=shown)


def parse_notes(text: str, shown: str = "notes") -> ReportNotes:
    sections: dict[str, list[NoteBlock]] = {}
    first_line: dict[str, int] = {}
    unknown: list[str] = []
    current: str | None = None  # the section key, or "" inside an unknown section
    lines: list[str] = []  # the paragraph being gathered
    fenced = False

    def flush() -> None:
        if lines and current:
            spans = _spans(_join(lines))
            if spans:
                sections[current].append(NoteBlock("paragraph", spans))
        lines.clear()

    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = _CONTROLS.sub("", raw).rstrip()
        if _FENCE.match(line):  # code fences carry no report text; their content is kept as lines
            fenced = not fenced
            continue
        heading = None if fenced else _HEADING.match(line)
        if heading:
            flush()
            level, title = len(heading.group(1)), heading.group(2).strip()
            if level == 1:
                continue  # the file's own title
            if level == 2:
                key = vocabulary.note_section_key(title.rstrip("：:"))
                if key is None:
                    unknown.append(f"## {title}")
                    current = ""
                elif key in sections:
                    raise UserError("report.notes_duplicate", path=shown, section=title,
                                    first=first_line[key], line=number)
                else:
                    sections[key], first_line[key], current = [], number, key
                continue
            if current is None:
                raise UserError("report.notes_before", path=shown, line=number,
                                choices=vocabulary.note_section_choices())
            if current and title:
                sections[current].append(NoteBlock("heading", _spans(title)))
            continue
        if not line.strip():
            flush()
            continue
        if current is None:
            raise UserError("report.notes_before", path=shown, line=number,
                            choices=vocabulary.note_section_choices())
        body = _QUOTE.sub("", line)
        if _BULLET.match(body):
            flush()
            body = _BULLET.sub("", body)
        elif _ORDERED.match(body):
            flush()  # an ordered item keeps its number as written: "1. 后勤处" → "1.后勤处"
            marker = _ORDERED.match(body).group(0)
            body = marker.strip() + body[len(marker):]
        lines.append(body.strip())
    flush()
    if unknown:
        raise UserError("report.notes_unknown", path=shown, sections="、".join(unknown),
                        choices=vocabulary.note_section_choices())
    return ReportNotes(**{key: tuple(blocks) for key, blocks in sections.items()}, path=shown)


def _join(lines: list[str]) -> str:
    """The lines of one paragraph as one line: Chinese joins without a space,
    Latin words keep one."""
    out = lines[0]
    for line in lines[1:]:
        if out and line and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " " + line
        else:
            out += line
    return out


def _spans(text: str) -> tuple[Span, ...]:
    spans: list[Span] = []
    at = 0
    for match in _BOLD.finditer(text):
        if match.start() > at:
            spans.append((text[at:match.start()], False))
        spans.append((match.group(1) or match.group(2), True))
        at = match.end()
    if at < len(text):
        spans.append((text[at:], False))
    return tuple((t, b) for t, b in spans if t)
