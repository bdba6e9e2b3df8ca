"""Every word a user may type for a term of the domain, in one place.

Options (`--term`, `--status`, `--signal`, `--kind`, `--list`, `--by`,
`--lang`, `--target`), list filters and the ledger importer all read these
tables, so a word `import` accepts is a word `issue list --status` accepts.
Each table maps a key to (Chinese name, English name, other words); the
matching ignores case, width (full-width letters) and surrounding spaces.
"""

from __future__ import annotations

import unicodedata
from typing import Mapping

from campaign_cli.errors import UserError

Table = Mapping[str, tuple[str, str, tuple[str, ...]]]

# Activity kinds (SPEC §1).
KINDS: Table = {
    "study-group": ("理论学习中心组", "Study group", ("中心组", "中心组学习")),
    "three-meetings": ("三会一课", "Three meetings and a lecture", ("支部大会", "支委会", "党小组会")),
    "theme-day": ("主题党日", "Theme party day", ("党日活动",)),
    "party-lecture": ("专题党课", "Party lecture", ("党课",)),
    "discussion": ("交流讨论", "Discussion", ("大讨论", "研讨", "交流研讨", "专题研讨")),
    "research": ("调研", "Research visit", ("调查研究", "走访")),
    "training": ("教育培训", "Training", ("培训",)),
    "other": ("其他", "Other", ()),
}

# What a phase may be for beside activity kinds (SPEC §1): making and working
# off the three lists (问题清单、责任清单、任务清单, 整改). Tasks go to such a phase.
PHASE_KINDS: Table = {
    "problems": ("问题整改", "Problem lists", ("三张清单", "问题清单", "责任清单", "任务清单", "整改")),
}

# Research targets (调研对象).
TARGETS: Table = {
    "industry": ("行业", "Industry", ()),
    "enterprise": ("企业", "Enterprise", ()),
    "staff": ("员工", "Staff", ("职工",)),
    "family": ("家庭", "Family", ("家长",)),
    "teacher": ("教师", "Teacher", ("老师",)),
}

# A problem's term: 立行立改 (short) or 持续推进 (long). Ledgers write many
# variants; SPEC §4 gives their deadlines (importers/ledger).
TERMS: Table = {
    "short": ("立行立改", "Short term", ("s", "短期", "即知即改", "立知立改", "立查立改", "马上办", "马上就办",
                                      "立即整改", "即查即改", "当下改")),
    "long": ("持续推进", "Long term", ("l", "长期", "中长期", "长期坚持", "持续整改", "逐步解决", "常态化",
                                     "长期整改", "长久立")),
}

# Problem status (derived, never typed in; these are the words a filter takes).
PROBLEM_STATUSES: Table = {
    "open": ("未开始", "Open", ("待整改", "未整改", "未启动", "待启动", "尚未启动")),
    "in-progress": ("整改中", "In progress", ("doing", "进行中", "推进中", "部分整改", "部分完成", "正在整改", "已启动",
                                              "阶段性完成", "按序时推进", "滞后", "基本完成", "进度滞后")),
    "resolved": ("已完成", "Resolved", ("已整改", "整改完成", "完成", "已办结", "已整改到位")),
    "submitted": ("申请销号", "Submitted", ("待销号", "已申请销号", "待审核", "审核中", "申请验收", "待验收")),
    "verified": ("已销号", "Verified", ("销号", "已验收销号")),
}

# Task status.
TASK_STATUSES: Table = {
    "todo": ("未开始", "To do", ("未启动", "未整改", "待整改", "open", "待启动", "尚未启动", "尚未整改", "未完成")),
    "doing": ("进行中", "Doing", ("in-progress", "整改中", "推进中", "部分整改", "已启动", "阶段性完成",
                                "按序时推进", "滞后", "基本完成", "部分完成", "正在整改", "实施中", "进度滞后")),
    "done": ("已完成", "Done", ("完成", "已整改", "整改完成", "已办结", "办结", "已落实", "已整改到位", "整改到位",
                               "完成整改")),
}

# Deadline signals (预警).
SIGNALS: Table = {
    "red": ("逾期", "Overdue", ("红", "红灯", "overdue")),
    "yellow": ("临期", "Due soon", ("黄", "黄灯", "预警")),
    "green": ("正常", "On track", ("绿", "绿灯")),
    "done": ("已完成", "Done", ("完成",)),
}

# Unit kinds.
UNIT_KINDS: Table = {
    "branch": ("支部", "Branch", ("b", "党支部")),
    "department": ("部门", "Department", ("d", "dept", "处室", "科室")),
}

# Which of the three lists (`issue list --list`).
LISTS: Table = {
    "tasks": ("任务清单", "Tasks", ("t", "task", "任务")),
    "problems": ("问题清单", "Problems", ("p", "problem", "问题")),
    "responsibilities": ("责任清单", "Responsibilities", ("r", "responsibility", "责任")),
}

# How the dashboard groups (`dashboard --by`).
GROUPS: Table = {
    "dept": ("部门", "Department", ("department", "单位", "责任单位")),
    "owner": ("责任人", "Owner", ("person", "人")),
}

# Interface languages (`--lang`, CAMPAIGN_LANG).
LANGUAGES: Table = {
    "zh": ("中文", "Chinese", ("zh-cn", "zh_cn", "cn", "chinese", "简体中文")),
    "en": ("英文", "English", ("en-us", "en_us", "en-gb", "english")),
}

# Responsibility roles.
ROLES: Table = {
    "lead": ("牵头", "Lead", ("牵头单位", "主责", "责任单位")),
    "support": ("配合", "Support", ("配合单位", "协办", "参与", "参与单位", "协办单位")),
}

# The sections of a month report's notes file (`report --notes`, SPEC §7).
NOTE_SECTIONS: Table = {
    "practices": ("主要做法", "Practices", ("工作做法", "主要工作", "主要措施", "做法成效", "main practices")),
    "problems": ("存在问题", "Problems", ("存在的问题", "问题与不足", "存在的不足", "存在不足", "issues")),
    "plans": ("下步打算", "Next steps", ("下一步打算", "下步工作打算", "下一步工作打算", "下步工作", "plans")),
}


def fold(text: str) -> str:
    """What two spellings of one word share: NFKC width, case, spaces."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def find(table: Table, text: str) -> str | None:
    """The key `text` names in `table`, or None."""
    wanted = fold(text)
    for key, (zh, en, others) in table.items():
        if wanted == key or wanted == zh or wanted == en.lower() or wanted in others:
            return key
    return None


def choices(table: Table) -> str:
    return ", ".join(f"{key} ({zh})" for key, (zh, _en, _o) in table.items())


def name(table: Table, key: str, lang: str) -> str:
    zh, en, _ = table.get(key, (key, key, ()))
    return zh if lang == "zh" else en


def _key(table: Table, text: str, error: str) -> str:
    found = find(table, text)
    if found is None:
        raise UserError(error, value=text, choices=choices(table))
    return found


def kind_key(text: str) -> str:
    return _key(KINDS, text, "activity.bad_kind")


def target_key(text: str) -> str:
    return _key(TARGETS, text, "activity.bad_target")


def term_key(text: str) -> str:
    return _key(TERMS, text, "issue.bad_term")


def problem_status_key(text: str) -> str:
    return _key(PROBLEM_STATUSES, text, "issue.bad_status")


def task_status_key(text: str) -> str:
    return _key(TASK_STATUSES, text, "issue.bad_status")


def signal_key(text: str) -> str:
    return _key(SIGNALS, text, "issue.bad_signal")


def unit_kind_key(text: str) -> str:
    return _key(UNIT_KINDS, text, "unit.bad_kind")


def role_key(text: str) -> str:
    return _key(ROLES, text, "issue.bad_role")


def kind_name(key: str, lang: str) -> str:
    return name(KINDS, key, lang)


def phase_kind_name(key: str, lang: str) -> str:
    """A phase's kind in the user's language: an activity kind, or `problems`."""
    return name(PHASE_KINDS, key, lang) if key in PHASE_KINDS else kind_name(key, lang)


def target_name(key: str, lang: str) -> str:
    return name(TARGETS, key, lang)


def kind_choices() -> str:
    return choices(KINDS)


def target_choices() -> str:
    return choices(TARGETS)


def note_section_key(text: str) -> str | None:
    """The key of a notes heading (主要做法 / 存在问题 / 下步打算 or a word for one), else None."""
    return find(NOTE_SECTIONS, text)


def note_section_choices() -> str:
    return "、".join(f"## {zh}" for zh, _en, _o in NOTE_SECTIONS.values())
