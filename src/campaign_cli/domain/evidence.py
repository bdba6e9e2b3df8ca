"""Evidence files (佐证材料): the size limit, the names they are kept and
written under, their media type and digest (SPEC §1, §6). Pure rules; the
CLI reads the files, the action stores them."""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from campaign_cli.errors import UserError

MAX_BYTES = 20 * 1024 * 1024  # 20 MB a file (SPEC §6)
_FORBIDDEN = set('<>:"|?*') | {chr(c) for c in range(32)} | {"\x7f"}


@dataclass(frozen=True)
class Attachment:
    """A file to keep: its safe name, media type, content and sha256."""

    file_name: str
    media_type: str
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def safe_name(name: str) -> str:
    """The bare file name to keep or write: folders stripped (either slash),
    characters no file system takes replaced; `..`, `.` and empty refused."""
    import unicodedata

    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join("_" if ch in _FORBIDDEN or unicodedata.category(ch) in ("Cc", "Cf") else ch for ch in base)
    base = base.strip().rstrip(". ")
    if base in ("", ".", "..") or set(base) <= {"."}:
        raise UserError("issue.evidence_bad_name", name=name)
    return base[:200]


def media_type(name: str) -> str:
    return mimetypes.guess_type(name, strict=False)[0] or "application/octet-stream"


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def check_size(name: str, size: int) -> None:
    if size > MAX_BYTES:
        raise UserError("issue.evidence_too_big", file=name, size=round(size / 1024 / 1024, 1),
                        limit=MAX_BYTES // 1024 // 1024)


def read(path: Path) -> Attachment:
    """A file the user named, checked against the limit before it is read."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UserError("issue.evidence_not_a_file", file=str(path))
        check_size(str(path), size)
        with path.open("rb") as handle:
            content = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UserError("issue.evidence_unreadable", file=str(path), reason=exc.strerror or str(exc)) from exc
    check_size(str(path), len(content))
    name = safe_name(path.name)
    return Attachment(name, media_type(name), content, digest(content))


def extract_names(items: list[tuple[str, str]]) -> list[str]:
    """Where each (task code, file name) is written inside the folder:
    `T-3/name`, with ` (2)` before the suffix when a name repeats in a task."""
    seen: set[str] = set()
    out = []
    for task, name in items:
        folder, base = safe_name(task), safe_name(name)
        candidate, n = f"{folder}/{base}", 2
        while candidate.lower() in seen:
            stem, dot, suffix = base.rpartition(".")
            candidate = f"{folder}/{stem} ({n}).{suffix}" if dot and stem else f"{folder}/{base} ({n})"
            n += 1
        seen.add(candidate.lower())
        out.append(candidate)
    return out
