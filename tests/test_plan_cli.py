"""campaign plan import and campaign init --from-plan, through the CLI."""

from __future__ import annotations

import pytest
from conftest import SHARED_REFERENCE, store_snapshot

REFERENCE = SHARED_REFERENCE / "plan-jiangsu-speech-2023.txt"
needs_reference = pytest.mark.skipif(not REFERENCE.exists(),
                                     reason=f"reference plan not found at {REFERENCE}")

EXPECTED = [
    ("开展专题学习", "2023-04-21", "2023-04-28"),
    ("组织交流讨论", "2023-05-08", "2023-05-12"),
    ("深入开展调研", "2023-05-13", "2023-12-31"),
    ("深化调研成果", None, "2023-12-31"),
    ("着力解决问题", None, "2023-12-31"),
]

SMALL_PLAN = """关于开展主题教育的实施方案
二、实施步骤
（一）学习动员（9月1日—9月15日）。召开动员会，开展主题党日。
（二）调查研究（9月至10月）。走访企业、家庭。
（三）整改落实（11月底前）。形成问题清单。
"""


@needs_reference
def test_init_from_the_reference_plan(cli):
    created = cli.json("init", "jssp", "--from-plan", str(REFERENCE))
    assert created["doc_no"] == "常教工委〔2023〕28号"
    assert created["year"] == 2023
    assert created["title"].startswith("关于开展学习宣传贯彻")
    assert [(p["title"], p["start"], p["end"]) for p in created["phases"]] == EXPECTED
    assert created["phases"][0]["kinds"] == ["study-group", "three-meetings", "theme-day", "party-lecture"]
    status = cli.json("phase", "status")
    assert status["current"] == [3, 4, 5]


@needs_reference
def test_importing_again_updates_by_title_and_changes_nothing(cli, store):
    cli.ok("init", "jssp", "--from-plan", str(REFERENCE))
    before = store_snapshot(store)
    again = cli.json("plan", "import", str(REFERENCE), "--yes")
    assert {c["action"] for c in again["changes"]} == {"same"}
    assert store_snapshot(store) == before


def test_import_preview_then_update(cli, tmp_path, store):
    cli.ok("init", "zt", "--title", "主题教育", "--year", "2024")
    plan = tmp_path / "plan.txt"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    found = cli.json("plan", "import", str(plan), "--dry-run")
    assert [(p["title"], p["start"], p["end"]) for p in found["phases"]] == [
        ("学习动员", "2024-09-01", "2024-09-15"),
        ("调查研究", "2024-09-01", "2024-10-31"),
        ("整改落实", None, "2024-11-30"),
    ]
    assert cli.json("phase", "list") == []  # a dry run writes nothing
    result = cli.ok("plan", "import", str(plan), "--yes")
    assert "3" in result.stdout
    plan.write_text(SMALL_PLAN.replace("11月底前", "12月底前"), encoding="utf-8")
    changed = cli.json("plan", "import", str(plan), "--yes")
    assert [c["action"] for c in changed["changes"]] == ["same", "same", "changed"]
    assert [p["end"] for p in cli.json("phase", "list")] == ["2024-09-15", "2024-10-31", "2024-12-31"]


def test_declining_the_confirmation_changes_nothing(cli, tmp_path, store):
    cli.ok("init", "zt", "--title", "主题教育", "--year", "2024")
    plan = tmp_path / "plan.txt"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    before = store_snapshot(store)
    result = cli("plan", "import", str(plan), input="n\n")
    assert result.exit_code == 1
    assert store_snapshot(store) == before


@pytest.mark.parametrize("content", ["", "   \n\n", "一份没有阶段的通知。\n请各支部认真学习。\n"])
def test_files_without_phases_are_clear_errors(cli, tmp_path, store, content):
    cli.ok("init", "zt", "--title", "主题教育", "--year", "2024")
    plan = tmp_path / "plan.txt"
    plan.write_text(content, encoding="utf-8")
    before = store_snapshot(store)
    result = cli("plan", "import", str(plan), "--yes")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert store_snapshot(store) == before


def test_broken_docx_and_missing_file(cli, tmp_path):
    cli.ok("init", "zt", "--title", "主题教育", "--year", "2024")
    broken = tmp_path / "plan.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    assert cli("plan", "import", str(broken), "--yes").exit_code == 1
    assert cli("plan", "import", str(tmp_path / "missing.txt"), "--yes").exit_code == 1


def test_init_from_plan_without_a_year_asks_for_one(cli, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    result = cli("init", "zt", "--from-plan", str(plan), lang="en")
    assert result.exit_code == 1 and "--year" in result.stderr
    created = cli.json("init", "zt", "--from-plan", str(plan), "--year", "2025")
    assert created["phases"][0]["start"] == "2025-09-01"


def test_a_prompt_closed_without_an_answer_says_so_in_the_users_language(cli, tmp_path, store):
    cli.ok("init", "zt", "--title", "主题教育", "--year", "2024")
    plan = tmp_path / "plan.txt"
    plan.write_text(SMALL_PLAN, encoding="utf-8")
    before = store_snapshot(store)
    result = cli("plan", "import", str(plan), input="")  # end of input at the prompt
    assert result.exit_code == 1
    assert "Aborted" not in result.output and "已中断，未作任何改动" in result.stderr
    assert store_snapshot(store) == before
