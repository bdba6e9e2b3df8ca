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
    """Exactly one JSON document on stdout (SPEC §3), indented by 2.

    A top-level value that is an iterator (not a list) is streamed: written
    item by item, each item on one line by the C encoder, so a long list (the
    month report's overdue tasks) is never held in memory nor run through the
    pure-Python indenting encoder. The output stays one valid document."""
    write = sys.stdout.write
    if not (isinstance(document, dict) and any(_streamed(v) for v in document.values())):
        write(json.dumps(document, ensure_ascii=False, indent=2, default=_default) + "\n")
        sys.stdout.flush()
        return
    compact = json.JSONEncoder(ensure_ascii=False, default=_default).encode
    write("{")
    for i, (key, value) in enumerate(document.items()):
        write(("," if i else "") + "\n  " + compact(str(key)) + ": ")
        if not _streamed(value):
            write(json.dumps(value, ensure_ascii=False, indent=2, default=_default).replace("\n", "\n  "))
            continue
        sep = "[\n    "
        for item in value:
            write(sep + compact(item))
            sep = ",\n    "
        write("[]" if sep.startswith("[") else "\n  ]")
    write("\n}\n" if document else "}\n")
    sys.stdout.flush()


def _streamed(value: Any) -> bool:
    return hasattr(value, "__next__")


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
