"""Activity kinds and research targets (SPEC §1): keys, names, and the
words a plan or a user may use for them."""

from __future__ import annotations

from campaign_cli.errors import UserError

# key -> (Chinese name, English name, other words that mean it)
KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "study-group": ("理论学习中心组", "Study group", ("中心组", "中心组学习")),
    "three-meetings": ("三会一课", "Three meetings and a lecture", ("支部大会", "支委会", "党小组会")),
    "theme-day": ("主题党日", "Theme party day", ("党日活动",)),
    "party-lecture": ("专题党课", "Party lecture", ("党课",)),
    "discussion": ("交流讨论", "Discussion", ("大讨论", "研讨", "交流研讨", "专题研讨")),
    "research": ("调研", "Research visit", ("调查研究", "走访")),
    "training": ("教育培训", "Training", ("培训",)),
    "other": ("其他", "Other", ()),
}

TARGETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "industry": ("行业", "Industry", ()),
    "enterprise": ("企业", "Enterprise", ()),
    "staff": ("员工", "Staff", ("职工",)),
    "family": ("家庭", "Family", ("家长",)),
    "teacher": ("教师", "Teacher", ("老师",)),
}


def _lookup(table: dict[str, tuple[str, str, tuple[str, ...]]], text: str) -> str | None:
    wanted = text.strip().lower()
    for key, (zh, en, aliases) in table.items():
        if wanted in (key, zh, en.lower(), *aliases):
            return key
    return None


def kind_key(text: str) -> str:
    """The key for a kind typed as key, Chinese or English name."""
    key = _lookup(KINDS, text)
    if key is None:
        raise UserError("activity.bad_kind", value=text, choices=kind_choices())
    return key


def target_key(text: str) -> str:
    key = _lookup(TARGETS, text)
    if key is None:
        raise UserError("activity.bad_target", value=text, choices=target_choices())
    return key


def kind_name(key: str, lang: str) -> str:
    zh, en, _ = KINDS.get(key, (key, key, ()))
    return zh if lang == "zh" else en


def target_name(key: str, lang: str) -> str:
    zh, en, _ = TARGETS.get(key, (key, key, ()))
    return zh if lang == "zh" else en


def kind_choices() -> str:
    return ", ".join(f"{key} ({zh})" for key, (zh, _en, _a) in KINDS.items())


def target_choices() -> str:
    return ", ".join(f"{key} ({zh})" for key, (zh, _en, _a) in TARGETS.items())


# The sections of a month report's notes file (`report --notes`, SPEC §7):
# key -> (heading, English heading, other headings that mean it).
NOTE_SECTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "practices": ("主要做法", "Practices", ("工作做法", "主要工作", "主要措施", "做法成效", "main practices")),
    "problems": ("存在问题", "Problems", ("存在的问题", "问题与不足", "存在的不足", "存在不足", "issues")),
    "plans": ("下步打算", "Next steps", ("下一步打算", "下步工作打算", "下一步工作打算", "下步工作", "plans")),
}


def note_section_key(text: str) -> str | None:
    """The key of a notes heading (主要做法 / 存在问题 / 下步打算 or a word for one), else None."""
    return _lookup(NOTE_SECTIONS, text)


def note_section_choices() -> str:
    return "、".join(f"## {zh}" for zh, _en, _a in NOTE_SECTIONS.values())
