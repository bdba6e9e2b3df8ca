"""The 责任清单 holds lead and support rows (配合单位): add, assign, unassign, list, export."""

from __future__ import annotations

from pathlib import Path

from conftest import Campaign


def test_lead_and_support_rows_in_the_list_and_the_exports(plan2023: Campaign, tmp_path: Path):
    from openpyxl import load_workbook

    plan2023.ok("issue", "add", "消防通道堵塞", "--owner", "赵六", "--dept", "后勤处", "--deadline", "6月30日",
                "--support", "保卫处:钱七", "--support", "校医室")
    plan2023.ok("issue", "assign", "P-1", "--dept", "学生处", "--owner", "孙八", "--role", "配合")
    rows = plan2023.json("issue", "list", "--list", "responsibilities")
    assert [(r["department"], r["owner"], r["role"]) for r in rows] == [
        ("后勤处", "赵六", "lead"), ("保卫处", "钱七", "support"), ("校医室", None, "support"),
        ("学生处", "孙八", "support")]
    assert [r["department"] for r in plan2023.json("issue", "list", "--list", "r", "--dept", "保卫处")] == ["保卫处"]
    text = plan2023("issue", "list", "--list", "responsibilities").stdout
    assert text.count("配合") == 3 and text.count("牵头") == 1
    assert plan2023("issue", "list", "--list", "responsibilities", lang="en").stdout.count(" support ") == 3
    assert [r["role"] for r in plan2023.json("issue", "show", "P-1")["responsibilities"]] == [
        "lead", "support", "support", "support"]
    path = tmp_path / "台账.xlsx"
    plan2023.ok("export", "--format", "xlsx", "--output", str(path))
    sheet = next(s for s in load_workbook(path) if s.title == "责任清单")
    values = [[c.value for c in row] for row in sheet.iter_rows()][1:]
    assert [(v[2], v[4]) for v in values] == [("后勤处", "牵头"), ("保卫处", "配合"), ("校医室", "配合"),
                                              ("学生处", "配合")]
    document = plan2023.json("export", "--format", "json")
    assert [r["role"] for r in document["responsibilities"]] == ["lead", "support", "support", "support"]
    plan2023.ok("issue", "unassign", "P-1", "--dept", "校医室")
    assert [r["department"] for r in plan2023.json("issue", "list", "--list", "responsibilities")] == [
        "后勤处", "保卫处", "学生处"]
    again = plan2023("issue", "assign", "P-1", "--dept", "保卫处", lang="en")
    assert again.exit_code == 1
