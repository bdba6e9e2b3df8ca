"""Usage errors and Typer's own words in the user's language, exit 2."""

from __future__ import annotations


def test_missing_argument_in_both_languages(plan2023):
    zh = plan2023("phase", "add")
    assert zh.exit_code == 2
    assert "错误：缺少参数" in zh.stderr and "用法：" in zh.stderr
    en = plan2023("phase", "add", lang="en")
    assert en.exit_code == 2 and "Missing argument" in en.stderr


def test_unknown_option_and_bad_number(plan2023):
    unknown = plan2023("phase", "add", "x", "--end", "6月1日", "--bogus")
    assert unknown.exit_code == 2 and "没有这个选项：--bogus" in unknown.stderr
    bad = plan2023("unit", "add", "x", "--kind", "branch", "--members", "很多")
    assert bad.exit_code == 2 and "'--members' 的值无效" in bad.stderr


def test_unknown_command(plan2023):
    result = plan2023("phase", "nope", lang="en")
    assert result.exit_code == 2 and "No such command: nope" in result.stderr


def _commands(group, path=()):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, path + (name,))
        else:
            yield path + (name,), command


def test_every_whole_number_a_user_types_has_a_range():
    """A number past the database's integer is a usage error, never an overflow deep in the store."""
    import typer
    from typer._click import types

    from campaign_cli.cli import app

    unbounded = [(" ".join(path), p.name) for path, command in _commands(typer.main.get_command(app))
                 for p in command.params
                 if isinstance(p.type, types.IntParamType) and not isinstance(p.type, types.IntRange)]
    assert unbounded == []


def test_a_huge_id_is_a_one_line_usage_error(plan2023):
    result = plan2023("activity", "show", "99999999999999999999")
    assert result.exit_code == 2 and "超出范围" in result.stderr and "Traceback" not in result.output
