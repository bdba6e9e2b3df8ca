"""One place mapping meanings to styles, and the consoles we print on."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

STYLES = {
    "title": "bold",
    "muted": "dim",
    "active": "bold green",
    "upcoming": "cyan",
    "done": "dim",
    "red": "bold red",
    "yellow": "yellow",
    "green": "green",
    "warning": "yellow",
    "error": "bold red",
    "code": "bold cyan",
    "bar.done": "green",
    "bar.todo": "grey37",
}


def make_console(stderr: bool = False) -> "Console":
    from rich.console import Console
    from rich.theme import Theme

    return Console(
        stderr=stderr,
        theme=Theme(STYLES),
        no_color=bool(os.environ.get("NO_COLOR")),
        highlight=False,
        soft_wrap=False,
        # No :name: emoji codes: user text prints as typed, and the 6 ms
        # import of Rich's emoji table is spared on every print.
        emoji=False,
    )
