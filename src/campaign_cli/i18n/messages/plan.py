"""Strings for the plan area: reading a plan document (实施方案) and what
the parser could not read in it."""

ZH: dict[str, str] = {
    # Errors reading the file (exit 1).
    "plan.not_found": "找不到方案文件：{path}。请检查路径是否正确。",
    "plan.not_a_file": "{path} 不是文件。请指定方案文件（.txt、.md 或 .docx）。",
    "plan.bad_extension": "不支持的文件类型“{suffix}”：{path}。请使用 .txt、.md 或 .docx 文件。",
    "plan.convert_first": "无法读取 {suffix} 文件：{path}。请在 Word/WPS 中另存为 .docx，或复制正文另存为 .txt。",
    "plan.too_large": "文件过大（{size} MB，上限 {limit} MB）：{path}。方案文件不应这么大，请确认选对了文件。",
    "plan.empty": "方案文件是空的：{path}。",
    "plan.bad_docx": "无法打开 Word 文件 {path}（{reason}）。文件可能已损坏或并非 .docx；请在 Word 中重新另存为 .docx 后再试。",
    "plan.bad_encoding": "无法识别 {path} 的文字编码。请另存为 UTF-8 编码的文本后再试。",
    "plan.unreadable": "无法读取 {path}：{reason}。",
    "plan.year_unknown": "无法从方案中确定年份（没有文号或带年份的日期）。请用 --year 指定，例如 --year 2023。",
    # Warnings: what the parser could not read, naming the line.
    "plan.phase_no_date": "第 {line} 行：阶段“{title}”没有写明时间，未设起止日期。",
    "plan.unread_date": "第 {line} 行：阶段“{title}”的时间“{text}”无法识别，未设起止日期。",
    "plan.open_end": "第 {line} 行：阶段“{title}”只写了开始时间（{text}），没有结束日期。",
    "plan.year_assumed": "第 {line} 行：阶段“{title}”未写年份且早于上一阶段，按 {year} 年处理。",
    "plan.overall_mismatch": "第 {line} 行：总体时间“{text}”没有涵盖所有阶段，请核对。",
    "plan.duplicate_title": "第 {line} 行：阶段名称“{title}”与第 {first} 行重复；再次导入时按名称更新会混淆，建议改名。",
    "plan.no_phases": "未在方案中找到阶段（如“时间内容安排”“实施步骤”下带编号的条目）。",
    "plan.no_year": "方案中没有文号或带年份的日期，未写年份的日期暂按 {year} 年处理；可用 --year 指定。",
    "plan.no_title": "未找到方案标题（如“关于……的实施方案”）。",
}

EN: dict[str, str] = {
    "plan.not_found": "Plan file not found: {path}. Check the path.",
    "plan.not_a_file": "{path} is not a file. Give a plan file (.txt, .md or .docx).",
    "plan.bad_extension": "Unsupported file type '{suffix}': {path}. Use a .txt, .md or .docx file.",
    "plan.convert_first": "Cannot read {suffix} files: {path}. Save it as .docx in Word/WPS, or paste the text into a .txt file.",
    "plan.too_large": "File too large ({size} MB, limit {limit} MB): {path}. A plan is never this big; check you chose the right file.",
    "plan.empty": "The plan file is empty: {path}.",
    "plan.bad_docx": "Cannot open the Word file {path} ({reason}). It may be damaged or not a .docx; save it again as .docx in Word and retry.",
    "plan.bad_encoding": "Cannot tell the text encoding of {path}. Save it as UTF-8 text and retry.",
    "plan.unreadable": "Cannot read {path}: {reason}.",
    "plan.year_unknown": "Cannot tell the plan's year (no 文号 and no date with a year). Give it with --year, e.g. --year 2023.",
    "plan.phase_no_date": "Line {line}: phase '{title}' states no dates; left without start and end.",
    "plan.unread_date": "Line {line}: cannot read the dates '{text}' of phase '{title}'; left without start and end.",
    "plan.open_end": "Line {line}: phase '{title}' states only a start ({text}), no end.",
    "plan.year_assumed": "Line {line}: phase '{title}' has no year and would fall before the phase above it; read as {year}.",
    "plan.overall_mismatch": "Line {line}: the overall period '{text}' does not cover every phase; please check.",
    "plan.duplicate_title": "Line {line}: phase title '{title}' repeats line {first}; importing again updates phases by title, so rename one.",
    "plan.no_phases": "No phases found in the plan (numbered items under a heading such as 时间内容安排 or 实施步骤).",
    "plan.no_year": "The plan has no 文号 and no date with a year; dates without one are read as {year}. Give --year to set it.",
    "plan.no_title": "No plan title found (such as 关于……的实施方案).",
}
