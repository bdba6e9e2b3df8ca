"""One place mapping meanings to styles, and the consoles we print on."""

from __future__ import annotations

import functools
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

    return _console_class()(
        stderr=stderr,
        theme=Theme(STYLES),
        no_color=bool(os.environ.get("NO_COLOR")),
        highlight=False,
        soft_wrap=False,
        # No :name: emoji codes: user text prints as typed, and the 6 ms
        # import of Rich's emoji table is spared on every print.
        emoji=False,
    )


@functools.cache
def _console_class() -> type:
    from rich.console import Console
    from rich.segment import Segment

    from campaign_cli.domain.text import printable

    class CleanConsole(Console):
        """No text a user typed reaches the terminal with a control character
        (an escape sequence could rewrite the screen); the console's own styles stay."""

        def render(self, renderable, options=None):  # type: ignore[no-untyped-def]
            for segment in super().render(renderable, options):
                if segment.control is None and not segment.text.isprintable() and segment.text != "\n":
                    yield Segment(printable(segment.text), segment.style)  # type: ignore[arg-type]
                else:
                    yield segment

    return CleanConsole
