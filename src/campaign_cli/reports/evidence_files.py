"""`issue evidence CODE --extract DIR`: the files written out of the store.

Names never come from the store as they are: each is reduced to a bare file
name (no folder, no `..`) under a folder named after its task, so nothing
lands outside DIR; every file goes through `files.write_file`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from campaign_cli.domain.evidence import extract_names
from campaign_cli.errors import UserError
from campaign_cli.store import evidence
from campaign_cli.store.database import Database


def extract(db: Database, listing: list[dict[str, Any]], folder: Path) -> list[Path]:
    from campaign_cli.files import write_file

    names = extract_names([(item["task"], item["file_name"]) for item in listing])
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError("core.cannot_write", file=str(folder), reason=exc.strerror or str(exc)) from exc
    root = folder.resolve()
    for item, name in zip(listing, names):
        target = folder / name
        if root not in target.resolve().parents:  # never outside DIR, whatever the name says
            raise UserError("issue.evidence_bad_name", name=item["file_name"])
        try:
            target.parent.mkdir(exist_ok=True)
        except OSError as exc:
            raise UserError("core.cannot_write", file=str(target.parent), reason=exc.strerror or str(exc)) from exc
        write_file(target, evidence.content(db, item["sha256"]))
        written.append(target)
    return written
