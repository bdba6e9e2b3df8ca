"""Strings for the report area."""

ZH: dict[str, str] = {}

EN: dict[str, str] = {}
