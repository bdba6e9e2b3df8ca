"""Activity rules, without the CLI: kinds and targets, participants, phase, cadence."""

from __future__ import annotations

from datetime import date

import pytest

from campaign_cli.domain import activities as rules
from campaign_cli.domain.phases import Assignment, Interval
from campaign_cli.errors import UserError


def test_kind_and_target_take_keys_and_names_in_both_languages():
    assert rules.kind_and_target("主题党日", None) == ("theme-day", None)
    assert rules.kind_and_target("Theme party day", None) == ("theme-day", None)
    assert rules.kind_and_target("调研", "家庭") == ("research", "family")
    assert rules.kind_and_target("research", "Teacher") == ("research", "teacher")
    assert rules.kind_and_target("走访", "老师") == ("research", "teacher")


def test_research_needs_a_target_and_others_take_none():
    with pytest.raises(UserError) as error:
        rules.kind_and_target("research", None)
    assert error.value.key == "activity.target_required"
    with pytest.raises(UserError) as error:
        rules.kind_and_target("research", "  ")
    assert error.value.key == "activity.target_required"
    with pytest.raises(UserError) as error:
        rules.kind_and_target("主题党日", "家庭")
    assert error.value.key == "activity.target_only_research"
    with pytest.raises(UserError) as error:
        rules.kind_and_target("party", None)
    assert error.value.key == "activity.bad_kind"
    with pytest.raises(UserError) as error:
        rules.kind_and_target("research", "学生")
    assert error.value.key == "activity.bad_target"


def test_participants_and_head_count():
    assert rules.check_participants(0) == 0
    assert rules.check_participants(None) is None
    with pytest.raises(UserError):
        rules.check_participants(-1)
    assert rules.over_head_count(29, 28)
    assert not rules.over_head_count(28, 28)
    assert not rules.over_head_count(29, None)
    assert not rules.over_head_count(None, 28)


def test_phase_seq_override_wins():
    rule = Assignment(default=(Interval(date(2023, 5, 1), date(2023, 5, 31), 2),), by_kind={})
    assert rules.phase_seq(date(2023, 5, 3), "theme-day", None, rule) == 2
    assert rules.phase_seq(date(2023, 5, 3), "theme-day", 4, rule) == 4
    assert rules.phase_seq(date(2023, 6, 3), "theme-day", None, rule) is None


def test_cadence_setting_round_trip():
    assert rules.parse_cadence("theme-day:1/month, three-meetings:3/month") == {
        "theme-day": 1, "three-meetings": 3}
    assert rules.parse_cadence("nonsense,theme-day:x/month,:2,research:0/month") == {}
    assert rules.parse_cadence(None) == {}
    assert rules.format_cadence({"theme-day": 1, "research": 2}) == "research:2/month,theme-day:1/month"


def test_months_between():
    assert rules.months_between(date(2023, 11, 20), date(2024, 2, 1)) == [
        "2023-11", "2023-12", "2024-01", "2024-02"]
    assert rules.months_between(date(2023, 5, 1), date(2023, 5, 31)) == ["2023-05"]


def test_behind_cadence_counts_per_month_branch_and_kind():
    held = [("一支部", "theme-day", date(2023, 5, 9), 1), ("一支部", "theme-day", date(2023, 6, 9), 1),
            ("二支部", "theme-day", date(2023, 5, 30), 1), ("一支部", "three-meetings", date(2023, 5, 2), 2)]
    behind = rules.behind_cadence({"theme-day": 1, "three-meetings": 2}, ["一支部", "二支部"],
                                  ["2023-05", "2023-06"], held)
    assert [b.as_json() for b in behind] == [
        {"month": "2023-05", "unit": "二支部", "kind": "three-meetings", "required": 2, "held": 0},
        {"month": "2023-06", "unit": "一支部", "kind": "three-meetings", "required": 2, "held": 0},
        {"month": "2023-06", "unit": "二支部", "kind": "theme-day", "required": 1, "held": 0},
        {"month": "2023-06", "unit": "二支部", "kind": "three-meetings", "required": 2, "held": 0},
    ]
