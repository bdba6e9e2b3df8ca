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

# What a phase may be for beside activity kinds (SPEC §1): making and working
# off the three lists (问题清单、责任清单、任务清单, 整改). Tasks go to such a phase.
PHASE_KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "problems": ("问题整改", "Problem lists", ("三张清单", "问题清单", "责任清单", "任务清单", "整改")),
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


def phase_kind_name(key: str, lang: str) -> str:
    """A phase's kind in the user's language: an activity kind, or `problems`."""
    if key in PHASE_KINDS:
        zh, en, _ = PHASE_KINDS[key]
        return zh if lang == "zh" else en
    return kind_name(key, lang)


def target_name(key: str, lang: str) -> str:
    zh, en, _ = TARGETS.get(key, (key, key, ()))
    return zh if lang == "zh" else en


def kind_choices() -> str:
    return ", ".join(f"{key} ({zh})" for key, (zh, _en, _a) in KINDS.items())


def target_choices() -> str:
    return ", ".join(f"{key} ({zh})" for key, (zh, _en, _a) in TARGETS.items())
