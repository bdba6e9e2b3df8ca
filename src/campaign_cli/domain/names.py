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


# Numerals tell units apart (第一党支部 / 第二党支部, 1中 / 2中): names that
# differ only in them are different units, not typos.
_NUMERALS = set("0123456789零〇一二三四五六七八九十百千两壹贰叁肆伍陆柒捌玖拾")


def close_matches(name: str, known: Iterable[str], *, person: bool = False) -> list[str]:
    """Existing names a new one is probably a typo of.

    `person`: the names are people's. Two-character Chinese names share a
    surname and differ in the other character all the time (张伟 / 张伟's
    colleague 张玮), so one different character there is not a likely typo.
    """
    known = [k for k in known if k != name]
    found = [k for k in difflib.get_close_matches(name, known, n=3, cutoff=0.75) if not _numbered_twin(name, k)]
    # Chinese names are short: one character off is already a 0.67 ratio.
    if not (person and len(name) <= 2):
        for other in known:
            if other not in found and len(name) >= 2 and len(name) == len(other) \
                    and sum(1 for a, b in zip(name, other) if a != b) == 1 and not _numbered_twin(name, other):
                found.append(other)
    return found[:3]


def _numbered_twin(one: str, other: str) -> bool:
    """Whether the two names differ only in numerals."""
    matcher = difflib.SequenceMatcher(None, one, other, autojunk=False)
    changed = "".join(one[i1:i2] + other[j1:j2] for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")
    return bool(changed) and all(c in _NUMERALS for c in changed)
