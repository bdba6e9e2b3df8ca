"""campaign unit add | list | rename | merge."""

from __future__ import annotations

from conftest import store_snapshot


def test_add_and_list_units(plan2023):
    units = plan2023.json("unit", "list")
    assert units[0] == {"name": "第一党支部", "kind": "branch", "members": 28, "parent": None,
                        "created_on": "2023-06-15", "members_recorded": 0}
    assert [u["name"] for u in plan2023.json("unit", "list", "--kind", "部门")] == ["教务处", "学生处"]


def test_kind_accepts_chinese_and_rejects_unknown(plan2023, store):
    assert plan2023.json("unit", "add", "退休党支部", "--kind", "支部")["kind"] == "branch"
    before = store_snapshot(store)
    result = plan2023("unit", "add", "某处", "--kind", "office")
    assert result.exit_code == 1 and "office" in result.stderr
    assert plan2023("unit", "add", "某处", "--kind", "department", "--members", "-3").exit_code == 2
    assert store_snapshot(store) == before


def test_full_width_names_are_one_unit(plan2023):
    result = plan2023("unit", "add", "第一党支部 ", "--kind", "branch")
    assert result.exit_code == 1
    plan2023.ok("unit", "add", "第３党支部", "--kind", "branch")
    assert "第3党支部" in [u["name"] for u in plan2023.json("unit", "list")]


def test_close_name_warns(plan2023):
    result = plan2023.ok("unit", "add", "教务科", "--kind", "department", lang="en")
    assert "教务处" in result.stderr


def test_rename_and_merge(plan2023):
    plan2023.ok("unit", "rename", "学生处", "学生工作处")
    plan2023.ok("unit", "add", "教务科", "--kind", "department")
    merged = plan2023.json("unit", "merge", "教务科", "教务处")
    assert merged["merged"] == "教务科" and merged["into"]["name"] == "教务处"
    names = [u["name"] for u in plan2023.json("unit", "list")]
    assert "教务科" not in names and "学生工作处" in names
    assert plan2023("unit", "merge", "教务处", "教务处").exit_code == 1
    assert plan2023("unit", "rename", "没有这个", "x").exit_code == 1
