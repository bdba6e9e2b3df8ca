"""campaign init | use | list, through the CLI."""

from __future__ import annotations

from conftest import Campaign, store_snapshot


def test_init_creates_store_and_makes_campaign_current(cli, store):
    created = cli.json("init", "jssp", "--title", "学习贯彻重要讲话精神", "--year", "2023",
                       "--doc-no", "常教工委〔2023〕28号", "--start", "4月21日", "--end", "年底")
    assert created == {"key": "jssp", "title": "学习贯彻重要讲话精神", "doc_no": "常教工委〔2023〕28号",
                       "issuer": None, "year": 2023, "start": "2023-04-21", "end": "2023-12-31"}
    assert store.exists()
    assert oct(store.stat().st_mode & 0o777) == "0o600"
    listed = cli.json("list")
    assert [(c["key"], c["current"]) for c in listed] == [("jssp", True)]


def test_use_switches_current_campaign(cli):
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    cli.ok("init", "b", "--title", "B", "--year", "2024")
    assert [c["key"] for c in cli.json("list") if c["current"]] == ["b"]
    cli.ok("use", "a")
    assert [c["key"] for c in cli.json("list") if c["current"]] == ["a"]
    result = cli.ok("list")
    assert "A" in result.stdout and "B" in result.stdout


def test_unknown_campaign_is_a_user_error_in_both_languages(cli, store):
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    before = store_snapshot(store)
    zh = cli("use", "nope")
    assert zh.exit_code == 1
    assert "没有代号为“nope”的方案" in zh.stderr
    assert "Traceback" not in zh.stderr
    en = cli("use", "nope", lang="en")
    assert en.exit_code == 1
    assert "There is no campaign 'nope'" in en.stderr
    assert store_snapshot(store) == before


def test_duplicate_key_and_bad_key_change_nothing(cli, store):
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    before = store_snapshot(store)
    assert cli("init", "a", "--title", "again", "--year", "2023").exit_code == 1
    bad = cli("init", "a b/c", "--title", "x", "--year", "2023")
    assert bad.exit_code == 1 and "a b/c" in bad.stderr
    assert store_snapshot(store) == before


def test_impossible_date_is_refused(cli, store):
    result = cli("init", "a", "--title", "A", "--year", "2023", "--start", "2023-02-30")
    assert result.exit_code == 1
    assert "2023-02-30" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2


def test_no_current_campaign_says_what_to_do(cli):
    result = cli("phase", "list", lang="en")
    assert result.exit_code == 3  # no store there yet (SPEC §5)
    assert "campaign init" in result.stderr
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    cli.ok("init", "b", "--title", "B", "--year", "2023")
    result = Campaign(cli.store)("phase", "list", lang="en")
    assert result.exit_code == 0
    result = cli("--actor", "somebody-else", "phase", "list", lang="en")  # two campaigns, none chosen
    assert result.exit_code == 1 and "campaign use" in result.stderr


def test_campaign_option_overrides_current(cli):
    cli.ok("init", "a", "--title", "A", "--year", "2023")
    cli.ok("init", "b", "--title", "B", "--year", "2024")
    cli.ok("--campaign", "a", "phase", "add", "只在A", "--end", "6月1日")
    assert cli.json("--campaign", "a", "phase", "list")[0]["end"] == "2023-06-01"
    assert cli.json("phase", "list") == []


def test_usage_error_exits_2(cli):
    result = cli("init")
    assert result.exit_code == 2


def test_bad_today_is_a_user_error(cli):
    result = cli("list", today="2023-13-01")
    assert result.exit_code == 1
    assert "2023-13-01" in result.stderr
