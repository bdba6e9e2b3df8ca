"""Both catalogs complete; every command has help with an example."""

from __future__ import annotations

import re
from pathlib import Path

from campaign_cli import i18n

REPO = Path(__file__).resolve().parents[1]


def test_catalogs_have_the_same_keys_and_placeholders():
    zh, en = i18n.catalog("zh"), i18n.catalog("en")
    assert set(zh) == set(en), set(zh) ^ set(en)
    for key in zh:
        assert set(re.findall(r"{(\w+)}", zh[key])) == set(re.findall(r"{(\w+)}", en[key])), key


def test_every_key_used_in_code_exists():
    keys = set(i18n.catalog("en"))
    used = set()
    for path in (REPO / "src" / "campaign_cli").rglob("*.py"):
        if "messages" in path.parts:
            continue
        text = path.read_text("utf-8")
        used |= set(re.findall(r"""(?:\bt|Error)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", text))
    missing = sorted(k for k in used if k not in keys)
    assert not missing, missing


def _commands():
    from campaign_cli.cli import app
    from typer.main import get_command

    root = get_command(app)

    def walk(group, prefix):
        for name, command in group.commands.items():
            path = f"{prefix} {name}".strip()
            if hasattr(command, "commands"):
                yield from walk(command, path)
            else:
                yield path, command
    return list(walk(root, ""))


def test_every_command_has_help_with_an_example():
    for path, command in _commands():
        assert command.help, path
        assert "例：" in command.help or "Example:" in command.help, path


def test_every_command_is_in_the_readme():
    readme = (REPO / "README.md").read_text("utf-8")
    for path, _ in _commands():
        assert f"campaign {path}" in readme, f"README does not mention `campaign {path}`"


def test_every_command_takes_json():
    for path, command in _commands():
        options = [o for param in command.params for o in getattr(param, "opts", [])]
        assert "--json" in options, f"campaign {path} has no --json"
