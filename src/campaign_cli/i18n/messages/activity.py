"""Strings for the activity area."""

ZH: dict[str, str] = {
    "activity.bad_kind": "未知的活动类型“{value}”。可选：{choices}",
    "activity.bad_target": "未知的调研对象“{value}”。可选：{choices}",
}

EN: dict[str, str] = {
    "activity.bad_kind": "Unknown activity kind '{value}'. Choose one of: {choices}",
    "activity.bad_target": "Unknown research target '{value}'. Choose one of: {choices}",
}
