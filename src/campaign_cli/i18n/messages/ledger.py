"""Strings for reading ledgers and activity record sheets (importers/ledger)."""

ZH: dict[str, str] = {
    "ledger.no_problem_column": (
        "找不到问题列（表头：{headers}）。最接近的是“{closest}”；如果它就是问题列，请加上 {hint} 再导入。"),
    "ledger.no_problem_column_at_all": (
        "在前 10 行中找不到表头：没有一列能读作问题（看到的是：{headers}）。"
        "请用 --map 列名=问题 指出问题列，或参照 README 的台账表头。"),
    "ledger.bad_deadline": (
        "“{value}”不是日期，也不是认得的时限词（可写 2023-06-30、6月底前、2023.12、7月、12月、立行立改、长期坚持、本学期、"
        "暑假期间、国庆节前 等）"),
    "ledger.bad_school_calendar": "校历“{value}”不对：应写成 春季开学-春季结束,秋季开学-秋季结束，如 3-1~7-10,9-1~1-20",
    "ledger.items_mismatch": "{measures} 条措施与 {deadlines} 个完成时限对不上，请一条措施写一个时限",
    "ledger.bad_verified": "“{value}”无法识别（可写 是 或 否）",
    "ledger.verified_not_done": "“{value}”表示未完成，但本行已销号",
    "ledger.verified_task_open": "问题已销号，但本行的任务未完成",
    "ledger.rejected_with_problem": "同一问题的第 {rows} 行有错误，本行一并退回",
    "ledger.blank_column": "{column} 列（无表头）",
    "ledger.reason_header": "退回原因",
    "ledger.rejects_sheet": "退回的行",
    "ledger.rejects_suffix": "退回表 {file} 应为 .csv 或 .xlsx 文件。",
    "ledger.notice.long_term": "{count} 行的完成时限是“长期坚持”一类的词，已按方案结束日 {end} 计，期限类型为持续推进：第 {rows} 行",
    "ledger.notice.short_term": "{count} 行的完成时限是“立行立改”一类的词，已按发现后 {days} 天计：第 {rows} 行",
    "ledger.notice.school_calendar": "{count} 行的完成时限按校历计（春季学期 {spring}，秋季学期 {autumn}）：第 {rows} 行",
    "ledger.notice.holiday": "{count} 行的完成时限按节假日计：第 {rows} 行",
    "ledger.notice.typo": "{count} 行的完成时限把“底”写成了“低”，已按“底”读：第 {rows} 行",
    "ledger.notice.split": "{count} 行写了几条措施或几个时限，已拆成一条措施一项任务：第 {rows} 行",
    "ledger.notice.subtotal": "跳过 {count} 个小计行：第 {rows} 行",
    "ledger.notice.sections": "{count} 个分类行作为其下问题的类别：第 {rows} 行",
    "ledger.notice.ended": "第 {row} 行（“{text}”）以下不是台账内容，未读取",
    "ledger.activity.no_header": "在前 10 行中找不到活动记录的表头（应有 日期、活动名称 等列；看到的是：{headers}）。",
    "ledger.activity.bad_kind": "“{value}”不是活动类型（可写：{choices}）",
    "ledger.activity.bad_count": "“{value}”不是人数",
    "ledger.activity.more_present": "实到 {present} 人多于应到 {expected} 人",
}

EN: dict[str, str] = {
    "ledger.no_problem_column": (
        "No problem column found (headers: {headers}). The closest is '{closest}'; if that is the problem "
        "column, import again with {hint}."),
    "ledger.no_problem_column_at_all": (
        "No header in the first 10 rows: no column reads as the problem (seen: {headers}). "
        "Name it with --map COLUMN=title, or see the ledger headers in the README."),
    "ledger.bad_deadline": (
        "'{value}' is not a date nor a deadline word (write 2023-06-30, 6月底前, 2023.12, 7月、12月, 立行立改, 长期坚持, 本学期, "
        "暑假期间, 国庆节前 …)"),
    "ledger.bad_school_calendar": (
        "School calendar '{value}' is wrong: write spring start-end,autumn start-end, e.g. 3-1~7-10,9-1~1-20"),
    "ledger.items_mismatch": "{measures} measures and {deadlines} deadlines do not pair up: give each measure one deadline",
    "ledger.bad_verified": "'{value}' is not understood (write 是 or 否)",
    "ledger.verified_not_done": "'{value}' says not done, but the row is verified (销号)",
    "ledger.verified_task_open": "the problem is verified (销号) but this row's task is not done",
    "ledger.rejected_with_problem": "row {rows} of the same problem is wrong; this row is returned with it",
    "ledger.blank_column": "column {column} (no header)",
    "ledger.reason_header": "退回原因",
    "ledger.rejects_sheet": "Refused rows",
    "ledger.rejects_suffix": "The rejects file {file} must be a .csv or .xlsx file.",
    "ledger.notice.long_term": (
        "{count} rows have a deadline like 长期坚持: due at the campaign's end {end}, long-term: rows {rows}"),
    "ledger.notice.short_term": "{count} rows have a deadline like 立行立改: due {days} days after found: rows {rows}",
    "ledger.notice.school_calendar": (
        "{count} rows have a school-calendar deadline (spring term {spring}, autumn term {autumn}): rows {rows}"),
    "ledger.notice.holiday": "{count} rows have a holiday as their deadline: rows {rows}",
    "ledger.notice.typo": "{count} rows write 低 for 底 in their deadline, read as 底: rows {rows}",
    "ledger.notice.split": "{count} rows hold several measures or deadlines, one task each: rows {rows}",
    "ledger.notice.subtotal": "{count} sub-total rows skipped: rows {rows}",
    "ledger.notice.sections": "{count} section rows give the category of the problems under them: rows {rows}",
    "ledger.notice.ended": "Nothing below row {row} ('{text}') is part of the ledger; not read",
    "ledger.activity.no_header": "No activity sheet header in the first 10 rows (columns such as 日期, 活动名称; seen: {headers}).",
    "ledger.activity.bad_kind": "'{value}' is not an activity kind (choose: {choices})",
    "ledger.activity.bad_count": "'{value}' is not a number of people",
    "ledger.activity.more_present": "{present} present is more than the {expected} expected",
}
