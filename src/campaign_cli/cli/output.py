"""Printing what a command produced: one JSON document, or Rich output,
plus one-line notices on stderr."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

from campaign_cli.context import AppContext

JsonOption = typer.Option("--json", help="JSON")  # replaced per language in cli.common


def app_context(ctx: typer.Context) -> AppContext:
    root = ctx.find_root()
    if not isinstance(root.obj, AppContext):
        root.obj = AppContext()
    return root.obj


def emit_json(document: Any) -> None:
    """Exactly one JSON document on stdout (SPEC §3)."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=_default) + "\n")
    sys.stdout.flush()


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def notice(message: str, style: str = "warning") -> None:
    """A one-line notice or warning on stderr, never mixed into --json output."""
    from campaign_cli.render.theme import make_console

    make_console(stderr=True).print(message, style=style, markup=False)


def say(ctx_or_app: AppContext, message: str, style: str | None = None) -> None:
    ctx_or_app.console().print(message, style=style, markup=False)
