"""Strings for the dates area."""

ZH: dict[str, str] = {
    "dates.invalid": "无法识别日期“{text}”：日期不存在、有歧义或写法不支持。\n可用写法：{forms}",
    "dates.bad_window": "“{text}”不是天数。请写 7、7d、2w、7天 或 2周。",
    "dates.bad_month": "无法识别月份“{text}”。请写 2023-05 或 2023年5月。",
}

EN: dict[str, str] = {
    "dates.invalid": (
        'Cannot read "{text}" as a date: no such day, ambiguous, or an unknown form.\n'
        "Accepted forms: {forms}"
    ),
    "dates.bad_window": 'Not a number of days: "{text}". Use 7, 7d, 2w, 7天 or 2周.',
    "dates.bad_month": 'Not a month: "{text}". Use 2023-05 or 2023年5月.',
}
