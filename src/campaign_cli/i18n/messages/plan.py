"""Strings for the plan area."""

ZH: dict[str, str] = {}

EN: dict[str, str] = {}
