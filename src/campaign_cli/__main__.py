"""Entry point: pick the language before any help text is built, then run."""

from __future__ import annotations

import sys


def _language_from_argv(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main() -> None:
    from campaign_cli import i18n
    from campaign_cli.errors import CampaignError

    try:
        i18n.set_language(i18n.detect_language(_language_from_argv(sys.argv[1:])))
    except CampaignError as error:
        i18n.set_language("zh")
        sys.stderr.write(i18n.t("core.error_prefix") + i18n.message(error) + "\n")
        raise SystemExit(error.exit_code)
    from campaign_cli.cli import app

    app(prog_name="campaign")


if __name__ == "__main__":
    main()
