"""Option declarations every command shares, with help in the user's language."""

from __future__ import annotations

from typing import Annotated

import typer

from campaign_cli.i18n import t

Json = Annotated[bool, typer.Option("--json", help=t("core.opt.json"))]
