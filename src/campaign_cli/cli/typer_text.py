"""Typer's own words (usage lines, section titles, usage errors) in the
user's language.

Typer 0.28 vendors Click and prints these in English; we pin Typer below
0.29 (see pyproject.toml), so the few hooks replaced here are stable. Only
wording changes: exit codes and behaviour stay Typer's.
"""

from __future__ import annotations

import re
import sys
from typing import IO, Any

from campaign_cli.i18n import t

_SECTIONS = {"Arguments": "core.usage.arguments", "Options": "core.usage.options",
             "Commands": "core.usage.commands"}


def _gettext(message: str) -> str:
    key = _SECTIONS.get(message)
    return t(key) if key else message


def usage_error_message(error: Any) -> str:
    """One line saying what was wrong with the command line."""
    from typer._click import exceptions as ex

    hint = None
    if isinstance(error, ex.BadParameter):
        if error.param_hint is not None:
            hint = ex._join_param_hints(error.param_hint)
        elif error.param is not None:
            hint = error.param.get_error_hint(error.ctx)
    if isinstance(error, ex.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "")
        key = "core.usage.missing_argument" if kind == "argument" else "core.usage.missing"
        return t(key, param=hint or "")
    if isinstance(error, ex.NoSuchOption):
        text = t("core.usage.no_such_option", option=error.option_name)
        if error.possibilities:
            text += " " + t("core.usage.did_you_mean", options=", ".join(sorted(error.possibilities)))
        return text
    if isinstance(error, ex.BadParameter):
        return t("core.usage.bad_value", param=hint or "", reason=_reason(error.message))
    message = error.format_message()
    if message.startswith("No such command"):
        return t("core.usage.no_such_command", name=message.split("'")[1] if "'" in message else message)
    if message.startswith("Got unexpected extra argument"):
        return t("core.usage.extra_arguments", args=message.split("(", 1)[-1].rstrip(")"))
    if message == "Missing command.":
        return t("core.usage.missing_command")
    return message


# Click's reasons for a bad value, as patterns over its English text.
_REASONS = (
    (re.compile(r"^(?P<value>.+?) is not in the range (?P<low>-?\d+)<=x<=(?P<high>-?\d+)\.?$"), "core.usage.out_of_range"),
    (re.compile(r"^(?P<value>.+?) is not in the range x>=(?P<low>-?\d+)\.?$"), "core.usage.below_range"),
    (re.compile(r"^'?(?P<value>.*?)'? is not a valid (?:integer|int)(?: range)?\.?$"), "core.usage.not_an_integer"),
)


def _reason(message: str) -> str:
    for pattern, key in _REASONS:
        found = pattern.match(message)
        if found:
            return t(key, **found.groupdict())
    return message


def _show(self: Any, file: IO[Any] | None = None) -> None:
    out = file or sys.stderr
    if self.ctx is not None:
        out.write(self.ctx.get_usage() + "\n")
        out.write(t("core.usage.try_help", command=self.ctx.command_path) + "\n")
    out.write(t("core.error_prefix") + usage_error_message(self) + "\n")


def _columns(text: str) -> int:
    """How many terminal columns `text` takes: a CJK character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def short_help(help: str, max_length: int = 45) -> str:
    """The one line a command gets in its group's list. Click's own counts
    characters and cuts at spaces, so a Chinese sentence (no spaces, two
    columns a character) became a bare "..." or ran past 80 columns. Here:
    the first sentence, cut to the columns there are."""
    text = help.split("\n\n", 1)[0].replace("\n", " ").strip()
    if _columns(text) == len(text):
        return _click_short_help(help, max_length)
    end = min((i for i in (text.find("。"), text.find("；")) if i >= 0), default=len(text))
    sentence = text[:end]
    if _columns(sentence) <= max_length:
        return sentence
    room, cut = max_length - 3, 0
    for i, c in enumerate(sentence):
        room -= _columns(c)
        if room < 0:
            break
        cut = i + 1
    return sentence[:cut].rstrip("，、：,; ") + "..."


def _click_short_help(help: str, max_length: int) -> str:
    from typer._click import utils

    return utils.make_default_short_help(help, max_length)


# What may not begin a line in Chinese typesetting: it stays with the character before.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕…—,.;:?!)")


def _wide_text_wrapper(base: type) -> type:
    """Click's TextWrapper, measuring in columns and breaking between any two
    Chinese characters (textwrap counts characters and breaks at spaces, so
    a Chinese help line ran to ~110 columns in an 80-column terminal)."""
    import re

    cjk_run = re.compile(r"([\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f])")

    class WideTextWrapper(base):  # type: ignore[misc, valid-type]
        def _split(self, text: str) -> list[str]:
            chunks = super()._split(text)
            if _columns(text) == len(text):
                return chunks
            return [piece for chunk in chunks for piece in cjk_run.split(chunk) if piece]

        def _wrap_chunks(self, chunks: list[str]) -> list[str]:
            if not any(_columns(c) != len(c) for c in chunks):
                return super()._wrap_chunks(chunks)
            lines: list[str] = []
            chunks = list(reversed(chunks))
            while chunks:
                indent = self.subsequent_indent if lines else self.initial_indent
                width = self.width - len(indent)
                if self.drop_whitespace and lines and not chunks[-1].strip():
                    chunks.pop()
                line: list[str] = []
                used = 0
                while chunks and used + _columns(chunks[-1]) <= width:
                    used += _columns(chunks[-1])
                    line.append(chunks.pop())
                if chunks and not line:  # one word wider than the line: cut it
                    word = chunks.pop()
                    cut = max(1, width)
                    line.append(word[:cut])
                    chunks.append(word[cut:])
                # Closing punctuation never starts a line: take the character before along.
                while chunks and chunks[-1][:1] in _NO_LINE_START and len(line) > 1 and line[-1].strip():
                    chunks.append(line.pop())
                if self.drop_whitespace and line and not line[-1].strip():
                    line.pop()
                if line:
                    lines.append(indent + "".join(line))
            return lines

    return WideTextWrapper


def install() -> None:
    import typer.core
    from typer._click import _textwrap, core, exceptions, formatting

    core.make_default_short_help = short_help  # the one name Command.get_short_help_str calls
    # formatting.wrap_text imports the class from this module on each call.
    _textwrap.TextWrapper = _wide_text_wrapper(_textwrap.TextWrapper)

    typer.core._ = _gettext  # section titles: Arguments / Options / Commands
    exceptions.UsageError.show = _show
    original = formatting.HelpFormatter.write_usage

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, t("core.usage.prefix") if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage
    get_help_option = core.Command.get_help_option

    def localised_help_option(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = t("core.opt.help")
        return option

    core.Command.get_help_option = localised_help_option
