"""The `campaign` command: one sub-app per noun, assembled here.

The root callback takes the global options (SPEC §2); `CampaignGroup` is
the one boundary that turns domain and store errors into a line on stderr
and an exit code (SPEC §5).
"""

from __future__ import annotations

import copy
import sys
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from campaign_cli import __version__
from campaign_cli.cli import typer_text
from campaign_cli.context import AppContext, debug_enabled
from campaign_cli.errors import CampaignError, UserError, is_integrity_error
from campaign_cli.i18n import message, t

typer_text.install()


# The order `campaign --help` lists commands in: the way a campaign unfolds.
HELP_ORDER = ("init", "edit", "use", "list", "undo", "plan", "unit", "phase", "activity", "issue", "dashboard",
              "person", "remind", "check", "report", "overview", "export", "import", "db", "demo")


class CampaignGroup(TyperGroup):
    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return sorted(names, key=lambda n: HELP_ORDER.index(n) if n in HELP_ORDER else len(HELP_ORDER))

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except CampaignError as error:
            if debug_enabled():
                raise
            _fail(message(error), error.exit_code, ctx)
        except typer.Abort:  # a prompt answered with Ctrl-C or end of input
            _fail(t("core.interrupted"), 1)
        except (typer.TyperException, typer.Exit, SystemExit):
            raise  # usage errors (exit 2) and exits belong to Typer
        except KeyboardInterrupt:
            _fail(t("core.interrupted"), 130)
        except Exception as error:  # the last guard: no traceback for users
            if debug_enabled():
                raise
            # sqlite3's, SQLAlchemy's and psycopg's (UniqueViolation …), told by class
            # name: no driver is imported for it, so `campaign --help` loads none.
            if is_integrity_error(error):
                _fail(t("core.conflict", reason=str(getattr(error, "orig", error)).splitlines()[0]), 1, ctx)
            _fail(t("core.unexpected", kind=type(error).__name__,
                    reason=str(error).splitlines()[0] if str(error) else ""), 1, ctx)
        finally:
            root = ctx.find_root()
            if isinstance(root.obj, AppContext):
                root.obj.close()


def _fail(message: str, code: int, ctx: Any = None) -> None:
    sys.stderr.write(t("core.error_prefix") + _without_secrets(message, ctx) + "\n")
    sys.stderr.flush()
    raise typer.Exit(code)


def _without_secrets(text: str, ctx: Any) -> str:
    """The last guard: no password of a server store's URL in any message."""
    root = ctx.find_root() if ctx is not None else None
    location = getattr(root.obj, "_location", None) if root is not None else None
    if location is None or location.is_sqlite:
        return text
    from campaign_cli.store.location import mask_secrets, url_secrets

    return mask_secrets(text, url_secrets(location.url))


# Global options that take a value (SPEC §2): skipped to find the command's name.
_VALUE_OPTIONS = frozenset({"--db", "--campaign", "--today", "--lang", "--actor"})


def _command_name(argv: list[str]) -> str | None:
    """The command a command line names: its first word after the global options."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--":
            return None
        elif arg.startswith("-"):
            skip = arg in _VALUE_OPTIONS
        else:
            return arg
    return None


class CampaignApp(typer.Typer):
    """Builds only the command that a command line names.

    Typer turns every registered command's signature into Click parameters
    on each run, ~30 ms of start-up for the whole tree (issue 8). A run that
    names a registered command or group builds just that one; `--help`
    alone, an unknown name (so Click can say "no such command") and
    CliRunner tests, which never call the app, get the whole tree.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        argv = kwargs.get("args")
        name = _command_name(list(argv) if argv is not None else sys.argv[1:])
        groups, commands = self.registered_groups, self.registered_commands
        picked = ([g for g in groups if g.name == name], [c for c in commands if c.name == name])
        if not name:
            # Only the root's own options run (`--help`, `--version`, none at
            # all): the list of commands needs their names and help lines,
            # not the ~130 signatures behind them (half of `--help`'s time).
            picked = ([_listed_group(g) for g in groups], [_listed_command(c) for c in commands])
        elif not (picked[0] or picked[1]):
            return super().__call__(*args, **kwargs)
        self.registered_groups, self.registered_commands = picked
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self.registered_groups, self.registered_commands = groups, commands


def _listed_group(info: Any) -> Any:
    listed = copy.copy(info)
    listed.typer_instance = typer.Typer()
    return listed


def _listed_command(info: Any) -> Any:
    listed = copy.copy(info)
    listed.callback = _listed
    return listed


def _listed() -> None:
    """Stands in for a command in the root's help list: it never runs."""


app = CampaignApp(
    cls=CampaignGroup,
    name="campaign",
    help=t("core.app.help"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"campaign {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[Optional[str], typer.Option("--db", envvar="CAMPAIGN_DB", show_envvar=False, metavar="PATH|URL",
                                              help=t("core.opt.db"))] = None,
    campaign: Annotated[Optional[str], typer.Option("--campaign", envvar="CAMPAIGN", show_envvar=False, metavar="KEY",
                                                    help=t("core.opt.campaign"))] = None,
    today: Annotated[Optional[str], typer.Option("--today", envvar="CAMPAIGN_TODAY", show_envvar=False, metavar="DATE",
                                                 help=t("core.opt.today"))] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", envvar="CAMPAIGN_LANG", show_envvar=False, metavar="zh|en",
                                                help=t("core.opt.lang"))] = None,
    actor: Annotated[Optional[str], typer.Option("--actor", envvar="CAMPAIGN_ACTOR", show_envvar=False, metavar="NAME",
                                                 help=t("core.opt.actor"))] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help=t("core.opt.version"))] = False,
) -> None:
    from datetime import date

    from campaign_cli import i18n

    app_ctx = AppContext(db_option=db, campaign_key=campaign)
    ctx.obj = app_ctx
    if lang:
        i18n.set_language(lang)
    app_ctx.lang = i18n.language()
    if actor and actor.strip():
        app_ctx.actor = actor.strip()
    if today:
        from campaign_cli.dates import parse_date

        try:
            app_ctx.today = parse_date(today, year=None, today=date.today())
        except CampaignError as error:
            _fail(message(error), error.exit_code)


def _register() -> None:
    from campaign_cli.cli import (activity, campaigns, dashboard, db, demo, issue, overview, phase, plan, remind,
                                  report, transfer, unit)

    app.command("init", help=t("campaign.init.help"))(campaigns.init)
    app.command("edit", help=t("campaign.edit.help"))(campaigns.edit)
    app.command("use", help=t("campaign.use.help"))(campaigns.use)
    app.command("undo", help=t("campaign.undo.help"))(campaigns.undo)
    app.command("list", help=t("campaign.list.help"))(campaigns.list_campaigns)
    app.add_typer(unit.app, name="unit", help=t("unit.help"))
    app.add_typer(phase.app, name="phase", help=t("phase.help"))
    app.add_typer(activity.app, name="activity", help=t("activity.help"))
    app.add_typer(plan.app, name="plan", help=t("plan.help"))
    app.add_typer(db.app, name="db", help=t("store.help"))
    app.command("demo", help=t("core.demo.help"))(demo.demo)
    app.command("export", help=t("transfer.export.help"))(transfer.export)
    app.command("import", help=t("transfer.import.help"))(transfer.import_)
    app.add_typer(issue.app, name="issue", help=t("issue.help"))
    app.command("dashboard", help=t("issue.dashboard.help"))(dashboard.dashboard)
    app.command("person", help=t("issue.person.help"))(dashboard.person)
    app.command("remind", help=t("remind.help"))(remind.remind)
    app.command("check", help=t("issue.check.help"))(dashboard.check)
    app.command("report", help=t("report.help"))(report.report)
    app.command("overview", help=t("overview.help"))(overview.overview)


_register()

__all__ = ["app", "UserError"]
