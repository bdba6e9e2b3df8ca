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

    A list that is streamed (an iterator, not a list, or the database's
    `JSONRows`) is written item by item and never held in memory nor run
    through the pure-Python indenting encoder, wherever it sits among the
    document's objects. The output stays one valid document:

    - a top-level streamed list is written in `indent=2`'s layout, byte for
      byte what `json.dumps(list(...), indent=2)` writes;
    - a streamed list inside objects has one item a line, each encoded on
      one line by the C encoder (the month report's overdue tasks);
    - items that are `JSONText` (made by the database in the layout their
      place needs) are written as they are, a `JSONRows` batch at a time.

    Everything else is `json.dumps(..., indent=2)` of it, as before."""
    write_json(document, sys.stdout.write)
    sys.stdout.flush()


def write_json(document: Any, write: Any) -> None:
    """`emit_json`'s document through `write` (a text file's write): the
    same bytes, streamed lists streamed."""
    _write_value(document, 0, write)
    write("\n")


def _write_value(value: Any, depth: int, write: Any) -> None:
    """`value` at `depth` levels of nesting, as `json.dumps(..., indent=2)`
    lays it out there, streamed lists streamed."""
    if _streamed(value):
        _stream_list(value, depth, write)
        return
    if not (isinstance(value, dict) and _holds_stream(value)):
        text = json.dumps(value, ensure_ascii=False, indent=2, default=_default)
        write(text.replace("\n", "\n" + "  " * depth) if depth else text)
        return
    if not value:
        write("{}")
        return
    inner = "\n" + "  " * (depth + 1)
    for i, (key, item) in enumerate(value.items()):
        write(("{" if i == 0 else ",") + inner + _COMPACT(str(key)) + ": ")
        _write_value(item, depth + 1, write)
    write("\n" + "  " * depth + "}")


def _stream_list(items: Any, depth: int, write: Any) -> None:
    from campaign_cli.store.database import JSONRows, JSONText

    between = ",\n" + "  " * (depth + 1)
    sep = "[\n" + "  " * (depth + 1)
    if isinstance(items, JSONRows):
        for text in items.joined(between):
            write(sep + text)
            sep = between
    else:
        if depth:
            def encode(item: Any) -> str:
                return _COMPACT(item)
        else:
            def encode(item: Any) -> str:
                return json.dumps(item, ensure_ascii=False, indent=2, default=_default).replace("\n", "\n  ")
        batch: list[str] = []
        for item in items:
            batch.append(sep)
            batch.append(item if isinstance(item, JSONText) else encode(item))
            sep = between
            if len(batch) >= 1000:  # a write per 500 rows, not per row
                write("".join(batch))
                batch.clear()
        write("".join(batch))
    write("[]" if sep.startswith("[") else "\n" + "  " * depth + "]")


def _streamed(value: Any) -> bool:
    from campaign_cli.store.database import JSONRows

    return hasattr(value, "__next__") or isinstance(value, JSONRows)


def _holds_stream(value: dict) -> bool:
    return any(_streamed(v) or isinstance(v, dict) and _holds_stream(v) for v in value.values())


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


# One line, by the C encoder: keys, and the items of a list streamed inside objects.
_COMPACT = json.JSONEncoder(ensure_ascii=False, default=_default).encode


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
