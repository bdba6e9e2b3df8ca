"""Printing what a command produced: one JSON document, or Rich output,
plus one-line notices on stderr."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

import typer

from campaign_cli.context import AppContext

if TYPE_CHECKING:
    from campaign_cli.actions import Act, Outcome


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
    pure-Python indenting encoder. The output stays one valid document.

    A top-level iterator is a list streamed in `indent=2`'s layout, byte for
    byte what `json.dumps(list(...), indent=2)` writes. Items that are
    `JSONText` (made by the database in that layout) are written as they
    are; others are encoded here."""
    from campaign_cli.store.database import JSONText

    write = sys.stdout.write
    if _streamed(document):
        _stream_list(document, write)
        sys.stdout.flush()
        return
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
            write(sep + (item if isinstance(item, JSONText) else compact(item)))
            sep = ",\n    "
        write("[]" if sep.startswith("[") else "\n  ]")
    write("\n}\n" if document else "}\n")
    sys.stdout.flush()


def _stream_list(items: Any, write: Any) -> None:
    from campaign_cli.store.database import JSONText

    sep = "[\n  "
    batch: list[str] = []
    for item in items:
        if not isinstance(item, JSONText):
            item = json.dumps(item, ensure_ascii=False, indent=2, default=_default).replace("\n", "\n  ")
        batch.append(sep)
        batch.append(item)
        sep = ",\n  "
        if len(batch) >= 1000:  # a write per 500 rows, not per row
            write("".join(batch))
            batch.clear()
    batch.append("[]\n" if sep.startswith("[") else "\n]\n")
    write("".join(batch))


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


def command_text(ctx: typer.Context) -> str:
    """The command as the user typed it, for `undo --list`: its words and arguments."""
    words = ctx.command_path.split()[1:]
    for param in ctx.command.params:
        if param.param_type_name == "argument":
            value = ctx.params.get(param.name or "")
            if isinstance(value, (list, tuple)):
                words.extend(str(v) for v in value)
            elif value is not None:
                words.append(str(value))
    return " ".join(words)


def acting(ctx: typer.Context, *, needs_campaign: bool = True) -> "Act":
    """What an action needs: the store, the actor, today, the command, the campaign."""
    from campaign_cli.actions import Act

    app = app_context(ctx)
    return Act(app.store, app.actor, app.today, command_text(ctx), app.campaign if needs_campaign else None)


def tell(outcome: "Outcome[Any]") -> None:
    """The notices an action collected, one line each on stderr, in words."""
    from campaign_cli.i18n import t

    for item in outcome.notices:
        params = dict(item.params)
        if "kind" in params and item.key.startswith("unit."):
            params["kind"] = t(f"unit.kind.{params['kind']}")
        if "target" in params:
            from campaign_cli.domain.vocabulary import target_name
            from campaign_cli.i18n import language

            params["target"] = target_name(params["target"], language())
        notice(t(item.key, **params))


def confirm(app: AppContext, outcome: "Outcome[Any]", text: str) -> None:
    """A write's confirmation, naming the campaign it wrote to (SPEC §2)."""
    from campaign_cli.i18n import t

    if outcome.campaign:
        text += t("core.in_campaign", campaign=outcome.campaign)
    app.console().print(text, markup=False)
