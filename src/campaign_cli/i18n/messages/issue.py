"""Strings for the issue area."""

ZH: dict[str, str] = {}

EN: dict[str, str] = {}
