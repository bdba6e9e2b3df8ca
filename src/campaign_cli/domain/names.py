"""Names of people and units as users type them."""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Iterable

_SPACES = re.compile(r"\s+")


def normalise_name(text: str) -> str:
    """Full-width letters and digits to half-width, spaces trimmed and
    collapsed, so '第１党支部 ' and '第1党支部' are one unit."""
    text = unicodedata.normalize("NFKC", text)
    return _SPACES.sub(" ", text).strip()


def close_matches(name: str, known: Iterable[str]) -> list[str]:
    """Existing names a new one is probably a typo of."""
    known = [k for k in known if k != name]
    found = difflib.get_close_matches(name, known, n=3, cutoff=0.75)
    # Chinese names are short: one character off is already a 0.67 ratio.
    for other in known:
        if other not in found and len(name) >= 2 and len(name) == len(other):
            differing = sum(1 for a, b in zip(name, other) if a != b)
            if differing == 1:
                found.append(other)
    return found[:3]
