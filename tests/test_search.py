"""`issue search TEXT`: by text in the lists and evidence, and by status words of both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Campaign


@pytest.fixture
def ledger(plan2023: Campaign, tmp_path: Path) -> Campaign:
    plan2023.ok("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处", "--deadline", "6月30日",
                "--measure", "制定作业管理办法", "--detail", "初二年级作业 100% 超时")
    plan2023.ok("issue", "add", "课堂纪律松散", "--owner", "李四", "--dept", "学生处", "--deadline", "6月10日",
                "--measure", "开展纪律整顿")
    plan2023.ok("issue", "add", "食堂卫生", "--owner", "王五", "--dept", "后勤处", "--deadline", "7月30日",
                "--measure", "Kitchen_Cleaning")
    photo = tmp_path / "后厨检查照片.jpg"
    photo.write_bytes(b"jpeg")
    plan2023.ok("issue", "done", "T-3", "--evidence", "已完成后厨改造", "--attach", str(photo))
    plan2023.ok("issue", "verify", "P-3", "--by", "王书记")
    return plan2023


def codes(found: dict) -> tuple[list[str], list[str]]:
    return [p["code"] for p in found["problems"]], [t["code"] for t in found["tasks"]]


def test_search_by_text(ledger: Campaign):
    assert codes(ledger.json("issue", "search", "作业")) == (["P-1"], ["T-1"])
    assert codes(ledger.json("issue", "search", "初二")) == (["P-1"], [])        # detail
    assert codes(ledger.json("issue", "search", "纪律整顿")) == ([], ["T-2"])   # measure
    assert codes(ledger.json("issue", "search", "后厨改造")) == ([], ["T-3"])   # evidence text
    assert codes(ledger.json("issue", "search", "检查照片")) == ([], ["T-3"])   # an evidence file's name
    assert codes(ledger.json("issue", "search", "kitchen_clean")) == ([], ["T-3"])  # any case
    assert codes(ledger.json("issue", "search", "100%")) == (["P-1"], [])
    assert codes(ledger.json("issue", "search", "_")) == ([], ["T-3"])          # % and _ are literal
    assert codes(ledger.json("issue", "search", "%")) == (["P-1"], [])


def test_search_by_status_words_of_both_languages(ledger: Campaign):
    assert codes(ledger.json("issue", "search", "已销号")) == (["P-3"], [])
    assert codes(ledger.json("issue", "search", "verified")) == (["P-3"], [])
    assert codes(ledger.json("issue", "search", "逾期")) == ([], ["T-2"])
    assert codes(ledger.json("issue", "search", "overdue")) == ([], ["T-2"])
    assert codes(ledger.json("issue", "search", "待整改")) == (["P-1", "P-2"], ["T-1", "T-2"])
    found = ledger.json("issue", "search", "已完成")
    assert codes(found) == ([], ["T-3"]) and (found["task_status"], found["signal"]) == ("done", "done")


def test_search_text_output_and_nothing_found(ledger: Campaign):
    shown = ledger("issue", "search", "作业").stdout
    assert "作业量偏大" in shown and "制定作业管理办法" in shown
    assert "No problem or task holds 不存在" in ledger("issue", "search", "不存在", lang="en").stdout
    assert "没有找到" in ledger("issue", "search", "不存在").stdout
    empty = ledger("issue", "search", "  ")
    assert empty.exit_code == 1
