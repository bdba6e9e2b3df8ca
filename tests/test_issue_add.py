"""campaign issue add: three lists in one transaction, codes, names, notices."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from conftest import store_snapshot


def test_add_prints_problem_responsibility_and_task(plan2023):
    document = plan2023.json("issue", "add", "作业量偏大", "--owner", "张三", "--dept", "教务处",
                             "--deadline", "6月30日", "--measure", "制定作业管理办法", "--category", "教学")
    assert document == {
        "problem": {
            "code": "P-1", "title": "作业量偏大", "detail": None, "category": "教学", "term": "short",
            "source_activity": None, "found_on": "2023-06-15", "owner": "张三", "department": "教务处",
            "status": "open", "tasks": 1, "tasks_done": 0, "next_deadline": "2023-06-30",
            "resolved_on": None, "verified_on": None, "verified_by": None,
        },
        "responsibility": {"problem": "P-1", "problem_title": "作业量偏大", "department": "教务处",
                           "owner": "张三", "role": "lead", "status": "open"},
        "task": {
            "code": "T-1", "problem": "P-1", "problem_title": "作业量偏大", "measure": "制定作业管理办法",
            "owner": "张三", "department": "教务处", "deadline": "2023-06-30", "status": "todo",
            "signal": "green", "late": False, "days_left": 15, "started_on": None, "done_on": None,
            "evidence": None,
        },
    }


def test_measure_defaults_to_title_and_codes_count_per_campaign(plan2023):
    first = plan2023.json("issue", "add", "食堂卫生", "--owner", "李四", "--deadline", "+5d")
    assert first["task"]["measure"] == "食堂卫生"
    second = plan2023.json("issue", "task", "add", "P-1", "--measure", "复查", "--deadline", "+9d")
    third = plan2023.json("issue", "add", "课堂纪律", "--owner", "李四", "--deadline", "+9d")
    assert (second["code"], third["problem"]["code"], third["task"]["code"]) == ("T-2", "P-2", "T-3")
    plan2023.ok("init", "other", "--title", "另一个", "--year", "2023")
    assert plan2023.json("issue", "add", "x", "--owner", "王五", "--deadline", "+9d")["task"]["code"] == "T-1"


def test_the_owners_usual_department_is_filled_in(plan2023):
    plan2023.ok("issue", "add", "一", "--owner", "张三", "--dept", "学生处", "--deadline", "+9d")
    assert plan2023.json("issue", "add", "二", "--owner", "张三", "--deadline", "+9d")["task"]["department"] == "学生处"
    assert plan2023.json("issue", "add", "三", "--owner", "新人", "--deadline", "+9d")["task"]["department"] is None


def test_unknown_department_is_registered_with_a_notice(plan2023):
    result = plan2023.ok("issue", "add", "一", "--owner", "张三", "--dept", "后勤处", "--deadline", "+9d")
    assert "后勤处" in result.stderr
    assert "后勤处" in [u["name"] for u in plan2023.json("unit", "list", "--kind", "department")]
    result = plan2023.ok("issue", "add", "二", "--owner", "张三", "--dept", "教务科", "--deadline", "+9d", lang="en")
    assert "教务处" in result.stderr  # did you mean
    assert result.stdout.startswith("Recorded problem P-2")


def test_names_are_normalised_and_close_owners_warn(plan2023):
    created = plan2023.json("issue", "add", "一", "--owner", " 张三 ", "--dept", "教务处 ", "--deadline", "+9d")
    assert (created["task"]["owner"], created["task"]["department"]) == ("张三", "教务处")
    plan2023.ok("issue", "add", "二", "--owner", "李明华", "--deadline", "+9d")
    result = plan2023("issue", "add", "三", "--owner", "李明化", "--deadline", "+9d", "--json")
    assert result.exit_code == 0 and "李明华" in result.stderr
    assert result.stdout.lstrip().startswith("{")  # notices never go into the JSON


def test_two_character_names_one_apart_are_different_people(plan2023):
    plan2023.ok("issue", "add", "一", "--owner", "张伟", "--deadline", "+9d")
    result = plan2023.ok("issue", "add", "二", "--owner", "张玮", "--deadline", "+9d")
    assert "张伟" not in result.stderr


def test_units_that_differ_only_in_a_numeral_are_not_typos(plan2023):
    for name in ("第三党支部", "第十一党支部", "1中", "2中", "数学组", "数学2组"):
        result = plan2023.ok("issue", "add", name, "--owner", "王五", "--dept", name, "--deadline", "+9d")
        assert "很像" not in result.stderr, (name, result.stderr)
    assert "很像" in plan2023.ok("issue", "add", "x", "--owner", "王五", "--dept", "第三党支布", "--deadline", "+9d").stderr


def test_short_term_with_a_far_deadline_warns_but_writes(plan2023):
    result = plan2023("issue", "add", "一", "--owner", "张三", "--deadline", "9月1日", "--term", "short", "--json")
    assert result.exit_code == 0 and "30" in result.stderr
    assert plan2023.json("issue", "list")[0]["code"] == "T-1"
    # without --term the term follows the deadline
    assert plan2023.json("issue", "add", "二", "--owner", "张三", "--deadline", "9月1日")["problem"]["term"] == "long"


def test_from_activity(plan2023, store):
    connection = sqlite3.connect(store)
    with connection:
        connection.execute("INSERT INTO activity (campaign_id, kind, title, held_on, created_at, created_on) "
                           "VALUES (1, 'discussion', '交流讨论会', '2023-05-10', 'now', '2023-05-10')")
    connection.close()
    created = plan2023.json("issue", "add", "一", "--owner", "张三", "--deadline", "+9d", "--from-activity", "1")
    assert created["problem"]["source_activity"] == 1
    shown = plan2023.json("issue", "show", "P-1")
    assert shown["source_activity"] == {"id": 1, "kind": "discussion", "title": "交流讨论会", "date": "2023-05-10"}
    before = store_snapshot(store)
    result = plan2023("issue", "add", "二", "--owner", "张三", "--deadline", "+9d", "--from-activity", "99")
    assert result.exit_code == 1 and "99" in result.stderr
    assert store_snapshot(store) == before


def test_refused_adds_change_nothing(plan2023, store):
    before = store_snapshot(store)
    for args in (["--deadline", "2023-02-30"], ["--deadline", "+9d", "--term", "soon"],
                 ["--deadline", "+9d", "--owner", "  "]):
        argv = ["issue", "add", "一", "--owner", "张三", *args]
        result = plan2023(*argv)
        assert result.exit_code == 1, argv
    assert plan2023("issue", "add", "一", "--deadline", "+9d").exit_code == 2  # --owner missing
    assert store_snapshot(store) == before


def test_codes_stay_unique_under_concurrent_writers(plan2023, store):
    """Several processes add at once: every P-n and T-n is handed out once."""
    code = ("import sys; from campaign_cli.cli import app; "
            "sys.argv=['campaign','--db',sys.argv[1],'--today','2023-06-15','issue','add','并发'+sys.argv[2],"
            "'--owner','张三','--deadline','+9d']; app()")

    def run(i: int) -> int:
        return subprocess.run([sys.executable, "-c", code, str(store), str(i)],
                              capture_output=True, timeout=120).returncode

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(run, range(6))) == [0] * 6
    problems = plan2023.json("issue", "list", "--list", "problems")
    tasks = plan2023.json("issue", "list")
    assert sorted(p["code"] for p in problems) == sorted(f"P-{i}" for i in range(1, 7))
    assert sorted(t["code"] for t in tasks) == sorted(f"T-{i}" for i in range(1, 7))
