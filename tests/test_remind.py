"""`campaign remind` (issue 16): one message per owner, pinned; the ICS alarms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Campaign


@pytest.fixture
def chores(plan2023: Campaign) -> Campaign:
    """Today 2023-06-15, warning window 7 days."""
    plan2023.ok("issue", "add", "食堂卫生差", "--owner", "王五", "--dept", "学生处", "--deadline", "6月5日",
                "--measure", "全面整治食堂卫生")
    plan2023.ok("issue", "task", "add", "P-1", "--measure", "建立检查制度", "--deadline", "6月20日")
    plan2023.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "6月16日",
                "--measure", "制定作业管理办法")
    plan2023.ok("issue", "add", "远期", "--owner", "张三", "--dept", "教务处", "--deadline", "7月30日",
                "--measure", "修订评价办法")
    plan2023.ok("issue", "add", "已办", "--owner", "李四", "--dept", "教务处", "--deadline", "6月1日",
                "--measure", "已完成的事")
    plan2023.ok("issue", "done", "T-5", "--on", "5月30日")
    return plan2023


PINNED_ZH = """王五同志：您好！

截至2023年6月15日，您负责的整改任务中有 2 项需要抓紧：

1. 【已逾期 10 天】T-1 全面整治食堂卫生（问题 P-1：食堂卫生差），完成时限 2023年6月5日。
2. 【还剩 5 天】T-2 建立检查制度（问题 P-1：食堂卫生差），完成时限 2023年6月20日。

完成后请及时报送佐证材料（文件、照片、制度文本等），并注明完成日期；如不能按期完成，请说明原因和预计完成时间。

——学习贯彻重要讲话精神工作专班
"""

PINNED_EN = """Dear 张三,

As of 2023-06-15, 1 of the tasks you are responsible for need attention:

1. [1 day left] T-3 制定作业管理办法 (problem P-2: 作业量偏大), deadline 2023-06-16.

Once done, please send the supporting evidence (files, photos, the new rules…) and the date it was done; if a deadline cannot be met, say why and when it will be.

— 学习贯彻重要讲话精神 team
"""


def test_remind_json_one_per_owner_with_text(chores: Campaign):
    found = chores.json("remind")
    assert [(r["owner"], r["department"], [t["code"] for t in r["tasks"]]) for r in found] == [
        ("王五", "学生处", ["T-1", "T-2"]), ("张三", "教务处", ["T-3"])]
    assert found[0]["text"] == PINNED_ZH
    assert found[0]["tasks"][0]["signal"] == "red" and found[0]["tasks"][1]["signal"] == "yellow"
    assert chores.json("remind", lang="en")[1]["text"] == PINNED_EN


def test_remind_text_and_md(chores: Campaign):
    text = chores.ok("remind").stdout
    assert text.startswith(PINNED_ZH) and "张三同志：您好！" in text
    md = chores.ok("remind", "--format", "md", "--owner", "王五").stdout
    assert md.startswith("**王五同志：您好！**")
    assert "- **已逾期 10 天** T-1 全面整治食堂卫生" in md and "张三" not in md


def test_remind_within_owner_and_dept(chores: Campaign):
    within = chores.json("remind", "--within", "60d", "--owner", "张三")
    assert [t["code"] for t in within[0]["tasks"]] == ["T-3", "T-4"]
    assert [r["owner"] for r in chores.json("remind", "--dept", "学生处")] == ["王五"]
    assert chores.json("remind", "--owner", "李四") == []
    assert "没有需要催办的任务" in chores.ok("remind", "--owner", "李四").stdout
    assert chores("remind", "--format", "pdf").exit_code == 2


def test_remind_output_writes_one_file_per_owner(chores: Campaign, tmp_path: Path):
    chores.ok("issue", "add", "外来", "--owner", "../赵/六", "--dept", "教务处", "--deadline", "6月10日",
              "--measure", "路径名")
    folder = tmp_path / "催办"
    chores.ok("remind", "--output", str(folder))
    assert sorted(p.name for p in folder.iterdir()) == ["张三.txt", "王五.txt", "赵_六.txt"]
    assert (folder / "王五.txt").read_text("utf-8") == PINNED_ZH
    chores.ok("remind", "--format", "json", "--output", str(tmp_path / "j"))
    assert json.loads((tmp_path / "j" / "王五.json").read_text("utf-8"))["owner"] == "王五"


def test_ics_has_an_alarm_per_open_task(chores: Campaign, tmp_path: Path):
    from datetime import timedelta

    from icalendar import Calendar

    chores.ok("edit", "--warn-days", "5")
    out = tmp_path / "c.ics"
    chores.ok("export", "--format", "ics", "--output", str(out))
    calendar = Calendar.from_ical(out.read_bytes())
    alarms = {}
    for event in calendar.walk("VEVENT"):
        found = [c for c in event.subcomponents if c.name == "VALARM"]
        alarms[str(event["uid"]).split("@")[0]] = found
    assert [len(alarms[f"T-{n}"]) for n in range(1, 6)] == [1, 1, 1, 1, 0]
    assert not alarms["phase-1"]
    alarm = alarms["T-1"][0]
    assert alarm["trigger"].dt == timedelta(days=-5)
    assert str(alarm["action"]) == "DISPLAY" and "T-1" in str(alarm["description"])
