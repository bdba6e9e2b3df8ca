"""Signals and the rules of the three lists, without the CLI."""

from __future__ import annotations

from datetime import date

import pytest

from campaign_cli.domain import problems as rules
from campaign_cli.domain import signals
from campaign_cli.errors import UserError

TODAY = date(2023, 6, 15)


@pytest.mark.parametrize("deadline, status, expected", [
    (date(2023, 7, 26), "todo", "green"),     # +41 days
    (date(2023, 6, 23), "doing", "green"),    # +8: just outside the window
    (date(2023, 6, 22), "todo", "yellow"),    # +7: the window's last day
    (date(2023, 6, 20), "todo", "yellow"),    # +5
    (date(2023, 6, 15), "todo", "yellow"),    # due today
    (date(2023, 6, 14), "doing", "red"),      # one day late
    (date(2023, 6, 5), "todo", "red"),        # -10
    (date(2023, 6, 5), "done", "done"),
])
def test_signal_as_of_a_day(deadline, status, expected):
    assert signals.signal(deadline, status, TODAY, 7) == expected


def test_warning_window_is_a_setting():
    assert signals.signal(date(2023, 6, 25), "todo", TODAY, 10) == "yellow"
    assert signals.signal(date(2023, 6, 25), "todo", TODAY, 3) == "green"
    from campaign_cli.domain.settings import Settings

    def warn_days(value):
        return Settings.from_values({} if value is None else {"warn_days": value}).warn_days

    assert warn_days(None) == 7 and warn_days("14") == 14 and warn_days("x") == 7


def test_late_when_done_after_the_deadline():
    assert signals.is_late(date(2023, 6, 5), date(2023, 6, 6))
    assert not signals.is_late(date(2023, 6, 5), date(2023, 6, 5))
    assert not signals.is_late(date(2023, 6, 5), None)
    assert signals.on_time_rate(0, 0, 0) is None and signals.on_time_rate(3, 4, 0) == 0.75
    # An overdue unfinished task lowers the rate: 3 on time of 4 done and 2 overdue.
    assert signals.on_time_rate(3, 4, 2) == 0.5 and signals.on_time_rate(0, 0, 1) == 0.0


def test_signal_words():
    from campaign_cli.domain.vocabulary import signal_key

    assert signal_key("逾期") == "red" and signal_key("YELLOW") == "yellow" and signal_key("ｒｅｄ") == "red"
    with pytest.raises(UserError):
        signal_key("purple")


def test_import_and_options_share_their_words():
    """A word the ledger import takes for a status or term, `--status` and `--term` take too."""
    from campaign_cli.domain import vocabulary
    from campaign_cli.importers.ledger import status_of, term_of

    for word in ("整改中", "部分整改", "已启动", "滞后", "未启动", "已完成"):
        assert status_of(word) == vocabulary.task_status_key(word)
    for word in ("即知即改", "立即整改", "常态化", "长期坚持"):
        assert term_of(word) == vocabulary.term_key(word)


@pytest.mark.parametrize("statuses, verified, expected", [
    ([], False, "open"),
    (["todo", "todo"], False, "open"),
    (["todo", "doing"], False, "in-progress"),
    (["todo", "done"], False, "in-progress"),
    (["done", "done"], False, "resolved"),
    (["done"], True, "verified"),
    (["done", "todo"], True, "in-progress"),  # a new task on a reopened problem
])
def test_problem_status_is_derived(statuses, verified, expected):
    assert rules.derive_status(statuses, verified) == expected


def test_resolved_on_is_the_last_done_day_once_all_are_done():
    assert rules.resolved_on([("done", date(2023, 6, 1)), ("done", date(2023, 6, 9))]) == date(2023, 6, 9)
    assert rules.resolved_on([("done", date(2023, 6, 1)), ("doing", None)]) is None
    assert rules.resolved_on([]) is None


def test_verify_and_reopen_rules():
    with pytest.raises(UserError) as err:
        rules.check_verify("P-1", "in-progress", ["T-2"])
    assert err.value.key == "issue.verify_open_tasks"
    with pytest.raises(UserError):
        rules.check_verify("P-1", "open", [])
    with pytest.raises(UserError):
        rules.check_verify("P-1", "verified", [])
    rules.check_verify("P-1", "resolved", [])
    with pytest.raises(UserError):
        rules.check_reopen("P-1", "resolved", "why")
    with pytest.raises(UserError):
        rules.check_reopen("P-1", "verified", "  ")
    assert rules.check_reopen("P-1", "verified", " 反弹 ") == "反弹"
    with pytest.raises(UserError):
        rules.check_add_task("P-1", "verified")
    rules.check_add_task("P-1", "resolved")


def test_short_term_rule():
    assert rules.short_term_too_far("short", TODAY, date(2023, 7, 16), 30)
    assert not rules.short_term_too_far("short", TODAY, date(2023, 7, 15), 30)
    assert not rules.short_term_too_far("long", TODAY, date(2023, 12, 31), 30)
    assert rules.default_term(TODAY, date(2023, 6, 30)) == "short"
    assert rules.default_term(TODAY, date(2023, 12, 31)) == "long"
    from campaign_cli.domain.vocabulary import term_key

    assert term_key("立行立改") == "short" and term_key("持续推进") == "long"


def test_codes():
    assert rules.parse_code("P-3").text == "P-3"
    assert rules.parse_code(" t12 ").text == "T-12"
    for bad, kind in [("X-1", None), ("T-1", "P"), ("P-", None), ("", "T")]:
        with pytest.raises(UserError):
            rules.parse_code(bad, kind)


def test_unverified_too_long():
    assert rules.unverified_too_long("resolved", date(2023, 5, 31), TODAY, 14)
    assert not rules.unverified_too_long("resolved", date(2023, 6, 1), TODAY, 14)
    assert not rules.unverified_too_long("verified", date(2023, 5, 1), TODAY, 14)
