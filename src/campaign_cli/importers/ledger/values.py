"""Reading one cell's value: statuses, terms, 是否销号, names, numbered measures."""

from __future__ import annotations

import re
import unicodedata

from campaign_cli.domain import vocabulary
from campaign_cli.importers.ledger import words

TODO, DOING, DONE = "todo", "doing", "done"

_STATUS = {w.lower(): key for key, ws in words.STATUS_WORDS.items() for w in ws}  # beyond the vocabulary's
_VERIFIED = frozenset(w.lower() for w in words.VERIFIED_STATUS_WORDS)
_YES = frozenset(w.lower() for w in words.YES_WORDS)
_NO = frozenset(w.lower() for w in words.NO_WORDS)
_PUNCT = "。.！!；;，,、 \t\n"


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().strip(_PUNCT).lower()


def status_of(text: str) -> str | None:
    """todo / doing / done from a 完成情况 / 整改进展 cell (see `read_status`)."""
    found = read_status(text)
    return found[0] if found else None


def read_status(text: str) -> tuple[str, bool] | None:
    """(todo / doing / done, verified) from a 完成情况 / 整改进展 cell, None
    when no rule reads it. 已销号 is done and verified; a cell that starts
    with 已完成 and goes on names what is still going on (`已完成预案修订，
    其余持续推进`: doing); a narrative that says something was done (已…) or
    is under way (正在…, 推进…) is doing."""
    s = _key(text)
    if not s:
        return TODO, False
    if s in _VERIFIED:
        return DONE, True
    found = vocabulary.find(vocabulary.TASK_STATUSES, s) or _STATUS.get(s)  # the words `--status` takes first
    if found is not None:
        return found, False
    for prefix in words.VERIFIED_STATUS_WORDS:
        if s.startswith(prefix):
            return DONE, True
    for prefix in words.DONE_PREFIXES:
        if s.startswith(prefix):
            rest = s[len(prefix):]
            return (DOING if any(w in rest for w in words.STILL_GOING_WORDS) else DONE), False
    if any(s.startswith(w) for w in words.STATUS_WORDS[TODO] if len(w) > 1 and not w.isascii()):
        return TODO, False  # 未启动相关工作
    if any(w in s for w in words.DOING_WORDS) or s.startswith("已"):
        return DOING, False
    return None


def verified_of(text: str) -> bool | None:
    """A 是否销号 cell: True, False (also when empty), None when unreadable."""
    s = _key(text)
    if not s or s in _NO:
        return False
    if s in _YES or s in _VERIFIED:
        return True
    return None


def term_of(text: str) -> str | None:
    """short / long: the words `issue add --term` takes (domain.vocabulary.TERMS)."""
    return vocabulary.find(vocabulary.TERMS, _key(text))


_NAME_SPLIT = re.compile(words.NAME_SEPARATORS)


def split_names(text: str) -> list[str]:
    """`保卫处、后勤管理处` → both, in order, each trimmed; empty parts dropped."""
    return [p.strip() for p in _NAME_SPLIT.split(text) if p.strip()]


_UNIT_PERSON = re.compile(r"(?P<unit>[^（(：:\s]+?)\s*(?:[（(](?P<p1>[^）)]+)[）)]|[：:]\s*(?P<p2>.+)|\s+(?P<p3>\S+))")


def split_unit_person(text: str) -> tuple[str, str | None]:
    """`教务处（张三）`, `教务处：张三`, `教务处 张三` → (教务处, 张三)."""
    match = _UNIT_PERSON.fullmatch(text.strip())
    if not match:
        return text.strip(), None
    person = match.group("p1") or match.group("p2") or match.group("p3")
    return match.group("unit").strip(), (person or "").strip() or None


# A numbered item inside a cell: 1. 1、 1） （1） (1) ① 一是
_CN_DIGITS = "一二三四五六七八九十"
_MARK = re.compile(
    rf"(?:(?:^|(?<=[\n；;。！!，,\s]))\s*(?:(?P<ar>\d{{1,2}})\s*(?:[、)）]|[.．](?!\d)|[.．](?=\s*\d{{1,2}}\s*月))"
    rf"|(?P<cn>[{_CN_DIGITS}]{{1,2}})是)"
    rf"|\s*(?:[（(]\s*(?P<par>\d{{1,2}})\s*[）)]|(?P<circ>[①-⑳])))")


_MAYBE_NUMBERED = re.compile(rf"\d\s*[、.．)）]|[（(]\s*\d|[①-⑳]|[{_CN_DIGITS}]是")


def _number(match: re.Match[str]) -> int:
    if match.group("ar"):
        return int(match.group("ar"))
    if match.group("par"):
        return int(match.group("par"))
    if match.group("circ"):
        return ord(match.group("circ")) - ord("①") + 1
    cn = match.group("cn")
    if cn == "十":
        return 10
    if len(cn) == 2 and cn[0] == "十":
        return 10 + _CN_DIGITS.index(cn[1]) + 1
    return _CN_DIGITS.index(cn[-1]) + 1 if len(cn) == 1 else 0


def split_items(text: str) -> list[str]:
    """`1.制定办法；2.开展检查` → [制定办法, 开展检查]: numbered items (1. 1、
    （1） ① 一是) counted from 1 in order; otherwise the text itself."""
    if not _MAYBE_NUMBERED.search(text):
        return [text]
    marks = list(_MARK.finditer(text))
    if len(marks) < 2:
        return [text]
    chosen: list[re.Match[str]] = []
    for mark in marks:
        if _number(mark) == len(chosen) + 1 and (not chosen or _same_style(chosen[0], mark)):
            chosen.append(mark)
    if len(chosen) < 2 or text[: chosen[0].start()].strip(_PUNCT):
        return [text]
    items = []
    for i, mark in enumerate(chosen):
        end = chosen[i + 1].start() if i + 1 < len(chosen) else len(text)
        item = text[mark.end():end].strip().rstrip("；;，,、。.").strip()
        if item:
            items.append(item)
    return items if len(items) >= 2 else [text]


def _same_style(first: re.Match[str], other: re.Match[str]) -> bool:
    return [bool(first.group(g)) for g in ("ar", "par", "circ", "cn")] == \
        [bool(other.group(g)) for g in ("ar", "par", "circ", "cn")]
