"""Figures from the last run for docs/reliability.md (writers, rows, kills, inputs).

Tests call `record(name, **figures)`; the numbers land in
.pytest_cache/reliability-figures.json (or $CAMPAIGN_FIGURES), which
`python tests/figures.py` prints as the table rows of docs/reliability.md.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def target() -> Path:
    return Path(os.environ.get("CAMPAIGN_FIGURES", REPO / ".pytest_cache" / "reliability-figures.json"))


def record(name: str, **figures) -> None:
    path = target()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        data = {}
    data[name] = figures
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


if __name__ == "__main__":
    try:
        sys.stdout.write(target().read_text() + "\n")
    except OSError:
        sys.exit("no figures yet: run the test suite first")
