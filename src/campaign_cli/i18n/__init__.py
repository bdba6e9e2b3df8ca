"""The one place a user-facing string is picked, in `zh` or `en`.

Catalogs live in `i18n/messages/<area>.py`, each defining `ZH` and `EN`
dicts with the same keys; a test keeps them complete. `t(key, **params)`
formats the string with `str.format`.
"""

from __future__ import annotations

import importlib
import os

from campaign_cli.errors import CampaignError, UsageError

# One catalog module per feature area, so features can grow their strings
# without touching each other's files.
AREAS = (
    "core",
    "dates",
    "store",
    "campaign",
    "unit",
    "member",
    "remind",
    "phase",
    "issue",
    "activity",
    "plan",
    "plan_cli",
    "report",
    "report_docx",
    "overview",
    "transfer",
    "ledger",
    "limits",
)

_language: str | None = None
_catalogs: dict[str, dict[str, str]] = {}


def detect_language(explicit: str | None = None) -> str:
    """`--lang`, then CAMPAIGN_LANG, then the locale; Chinese by default."""
    for candidate in (explicit, os.environ.get("CAMPAIGN_LANG")):
        if candidate:
            return normalise_language(candidate)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            # A neutral C/POSIX locale says nothing of the user: Chinese, the
            # language of the people this tool is for.
            return "en" if value.lower().startswith("en") else "zh"
    import locale

    try:  # Windows and some macOS terminals set no variable
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "en" if loc.lower().startswith("en") else "zh"


def normalise_language(value: str) -> str:
    """`zh`, `en` or a word for them; a locale such as zh_TW.UTF-8 by its prefix."""
    if value in ("zh", "en"):  # the usual answer, without loading the vocabulary
        return value
    from campaign_cli.domain.vocabulary import LANGUAGES, find

    found = find(LANGUAGES, value) or next((k for k in LANGUAGES if value.strip().lower().startswith(k)), None)
    if found is None:
        raise UsageError("core.bad_lang", value=value)
    return found


def message(error: CampaignError) -> str:
    """An error in the user's language."""
    return t(error.key, **error.params)


def set_language(lang: str) -> None:
    global _language
    _language = normalise_language(lang)


def language() -> str:
    global _language
    if _language is None:
        try:
            _language = detect_language()
        except Exception:  # a bad CAMPAIGN_LANG is reported by main(); speak Chinese meanwhile
            _language = "zh"
    return _language


def catalog(lang: str) -> dict[str, str]:
    if lang not in _catalogs:
        merged: dict[str, str] = {}
        attr = lang.upper()
        for area in AREAS:
            module = importlib.import_module(f"campaign_cli.i18n.messages.{area}")
            merged.update(getattr(module, attr))
        _catalogs[lang] = merged
    return _catalogs[lang]


def field_name(name: str) -> str:
    """A stored field name (`done_on`) in the user's words, or as stored when it has none."""
    key = f"issue.field.{name}"
    return t(key) if key in catalog("en") else name


def t(key: str, /, **params: object) -> str:
    """The string for `key` in the current language, formatted with params."""
    text = catalog(language()).get(key)
    if text is None:
        text = catalog("en").get(key, key)
    return text.format(**params) if params else text
