"""Phases: the CLI, the status document, and the rules behind it."""

from __future__ import annotations

from datetime import date

from conftest import store_snapshot

from campaign_cli.domain import phases as rules
from campaign_cli.domain.records import Campaign, Phase


def _phase(seq, start, end):
    return Phase(id=seq, seq=seq, title=f"p{seq}", start=start, end=end)


def test_phase_add_takes_every_date_form(plan2023):
    listed = plan2023.json("phase", "list")
    assert [(p["title"], p["start"], p["end"]) for p in listed] == [
        ("开展专题学习", "2023-04-21", "2023-04-28"),
        ("组织交流讨论", "2023-05-08", "2023-05-12"),
        ("深入开展调研", "2023-05-13", "2023-12-31"),
        ("深化调研成果", None, "2023-12-31"),
        ("着力解决问题", None, "2023-12-31"),
    ]
    assert plan2023.json("phase", "add", "收尾", "--start", "2023/12/1", "--end", "十二月下旬")["end"] == "2023-12-31"
    assert plan2023.json("phase", "add", "复盘", "--end", "+7d")["end"] == "2023-06-22"


def test_phase_status_json_is_pinned(plan2023):
    document = plan2023.json("phase", "status")
    assert document["today"] == "2023-06-15"
    assert document["current"] == [3, 4, 5]
    assert document["campaign"]["key"] == "jssp"
    assert document["phases"][0] == {
        "seq": 1, "title": "开展专题学习", "start": "2023-04-21", "end": "2023-04-28",
        "state": "done", "elapsed_pct": 100, "days_left": 0, "activities": 0,
        "units_covered": 0, "units_total": 2, "tasks_total": 0, "tasks_done": 0,
        "tasks_overdue": 0,
    }
    # 5/13..12/31 is 233 days; by 6/15 34 have passed.
    third = document["phases"][2]
    assert (third["state"], third["elapsed_pct"], third["days_left"]) == ("active", 14, 199)
    # A phase with no start starts with the campaign: its earliest phase start.
    fourth = document["phases"][3]
    assert fourth["start"] is None and fourth["elapsed_pct"] == 21


def test_phase_status_at_another_day(plan2023):
    document = plan2023.json("phase", "status", "--at", "5月10日")
    assert document["today"] == "2023-05-10"
    assert [p["state"] for p in document["phases"]] == ["done", "active", "upcoming", "active", "active"]


def test_phase_status_renders_aligned_in_both_languages(plan2023):
    zh = plan2023.ok("phase", "status").stdout
    assert "深入开展调研" in zh and "进行中" in zh
    en = plan2023.ok("phase", "status", lang="en").stdout
    assert "active" in en and "upcoming" not in en
    # Chinese and Latin rows line up: every row of the table has one width.
    from rich.cells import cell_len

    rows = [line for line in zh.splitlines() if line.strip()[:1].isdigit()]
    assert len(rows) == 5
    assert len({cell_len(r.rstrip()) for r in rows}) <= 2  # trailing cell may be empty


def test_edit_and_rm_renumber(plan2023, store):
    plan2023.ok("phase", "edit", "4", "--start", "6月1日")
    assert plan2023.json("phase", "list")[3]["start"] == "2023-06-01"
    plan2023.ok("phase", "edit", "4", "--no-start")
    assert plan2023.json("phase", "list")[3]["start"] is None
    removed = plan2023.json("phase", "rm", "2")
    assert removed["title"] == "组织交流讨论"
    assert [p["seq"] for p in plan2023.json("phase", "list")] == [1, 2, 3, 4]
    before = store_snapshot(store)
    assert plan2023("phase", "rm", "9").exit_code == 1
    assert plan2023("phase", "edit", "1", "--start", "5月1日").exit_code == 1  # after its end
    assert plan2023("phase", "edit", "1").exit_code == 1
    assert plan2023("phase", "add", "坏", "--end", "2月30日").exit_code == 1
    assert store_snapshot(store) == before


def test_unknown_phase_message(plan2023):
    result = plan2023("phase", "edit", "7", "--title", "x", lang="en")
    assert result.exit_code == 1 and "no phase 7" in result.stderr


def test_assignment_prefers_latest_start_then_shortest():
    a = _phase(1, date(2023, 5, 1), date(2023, 12, 31))
    b = _phase(2, date(2023, 6, 1), date(2023, 6, 30))
    c = _phase(3, date(2023, 6, 1), date(2023, 6, 10))
    intervals = rules.assignment([a, b, c], date(2023, 5, 1))
    assert rules.phase_of(date(2023, 5, 15), intervals) == 1
    assert rules.phase_of(date(2023, 6, 5), intervals) == 3  # same start: the shorter
    assert rules.phase_of(date(2023, 6, 20), intervals) == 2
    assert rules.phase_of(date(2023, 7, 1), intervals) == 1
    assert rules.phase_of(date(2024, 1, 1), intervals) is None


def test_phase_without_start_starts_with_campaign():
    campaign = Campaign(id=1, key="k", title="t", year=2023, start=date(2023, 4, 1))
    deadline_only = _phase(1, None, date(2023, 12, 31))
    default = rules.campaign_start(campaign, [deadline_only])
    assert default == date(2023, 4, 1)
    state = rules.state_on(deadline_only, default, date(2023, 3, 1))
    assert (state.state, state.elapsed_pct) == ("upcoming", 0)
    state = rules.state_on(deadline_only, default, date(2023, 12, 31))
    assert (state.state, state.elapsed_pct, state.days_left) == ("active", 100, 0)
