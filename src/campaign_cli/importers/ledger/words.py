"""The words offices write in their ledgers (台账), as data.

Nothing here decides anything: the reader (`reader.py`, `headers.py`,
`deadlines.py`, `values.py`) looks words up in these tables. The words
come from the published layouts listed in tests/ledgers/SOURCES.md; the
README's ledger table is written from this module. Keys of statuses and
terms are the domain's (domain/problems.py): todo / doing / done, short /
long.

Header words are compared after `headers.header_key`: full-width to
half-width, lower case, without spaces, numbering (`一、` `1.` `（一）`),
a bracketed note (`完成时限（截止日期）`) or a trailing colon.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Header words, per field
# ---------------------------------------------------------------------------

HEADER_WORDS: dict[str, tuple[str, ...]] = {
    # the problem (问题清单)
    "title": (
        "问题", "存在的问题", "问题名称", "问题清单", "问题事项", "反馈问题", "反馈的问题", "巡察反馈问题", "巡视反馈问题",
        "巡察发现问题", "巡视发现问题", "反馈意见", "巡察反馈意见", "存在的安全隐患", "安全隐患",
        "隐患内容", "隐患描述", "隐患名称", "隐患问题", "存在隐患", "审计发现问题", "审计发现的问题",
        "审计查出问题", "审计查出的问题", "审计问题", "检视问题", "检视出的问题", "查摆问题",
        "查摆出的问题", "查找问题", "督导发现问题", "督导问题", "督学整改意见", "督导意见",
        "整改意见", "整改事项", "整改问题", "目标名称", "问题及表现", "短板弱项",
        "title", "problem", "issue",
    ),
    "detail": (
        "问题详情", "具体表现", "详细描述", "问题说明", "问题具体表现", "表现形式", "具体情况",
        "问题具体内容", "隐患部位", "隐患位置", "存在部位", "检查部位", "detail", "details", "description",
    ),
    # folded into the problem's detail as a labelled line (nothing lost, no column of its own)
    "goal": ("整改目标", "工作目标", "具体目标", "目标要求", "预期目标", "整改完成标准", "完成标准", "目标任务",
             "整改要求"),
    "source": ("来源", "问题来源", "发现途径", "发现方式", "反馈来源", "来源渠道", "source"),
    # the task (任务清单)
    "measure": (
        "整改措施", "解决措施", "措施", "整改举措", "工作措施", "具体措施", "具体整改措施", "细化的整改措施",
        "主要措施", "落实措施", "推进措施", "工作举措", "整改方案", "整改内容", "任务内容", "具体任务",
        "整改措施及目标", "措施及目标", "任务措施", "工作任务", "学校整改措施", "任务",
        "measure", "action", "task",
    ),
    # responsibilities (责任清单): the lead unit, its owner, support units and people, the leader
    "department": (
        "责任部门", "责任单位", "牵头部门", "牵头单位", "责任处室", "责任科室", "责任股室", "主责单位",
        "主责部门", "整改责任单位", "整改责任部门", "整改单位", "牵头整改部门", "承办单位", "部门",
        "单位", "牵头", "主责", "department", "dept", "unit",
    ),
    "support": (
        "配合单位", "配合部门", "参与单位", "参与部门", "协办单位", "协办部门", "协同单位", "协同部门",
        "协助单位", "协助部门", "配合整改部门", "配合", "协办", "参与", "协同", "support",
    ),
    "owner": (
        "责任人", "负责人", "牵头人", "具体责任人", "整改责任人", "直接责任人", "整改负责人", "具体负责人",
        "牵头整改部门责任人", "牵头部门责任人", "承办人", "owner", "responsible", "person",
    ),
    "support_owner": ("配合责任人", "配合人", "配合部门责任人", "配合整改部门责任人", "协办人"),
    # one cell holding both: 教务处（张三）, 教务处：张三, 教务处 张三
    "department_owner": ("责任单位及责任人", "责任部门及责任人", "责任单位和责任人", "责任单位责任人"),
    "leader": (
        "责任领导", "分管领导", "牵头校领导", "牵头领导", "责任校领导", "分管校领导", "牵头校级领导",
        "包保领导", "领办领导", "联系领导", "督办领导", "整改第一责任人", "第一责任人", "牵头负责领导",
        "协助整改工作的领导", "leader",
    ),
    "deadline": (
        "完成时限", "整改时限", "完成时间", "截止日期", "截止时间", "时限", "完成期限", "整改期限",
        "时间节点", "整改时间", "完成时限要求", "计划完成时间", "整改完成时限", "办结时限",
        "对应的完成时间", "整改到位时间", "完成时间节点", "时限要求", "整改完成时间", "预计完成时间",
        "deadline", "due", "duedate", "dueon",
    ),
    "category": (
        "类别", "问题类别", "问题类型", "分类", "问题分类", "隐患类别", "隐患分类", "隐患类型", "所属方面",
        "问题方面", "方面", "领域", "所属领域", "category", "type",
    ),
    "term": ("期限类型", "整改类型", "整改方式", "term"),
    "found_on": (
        "发现日期", "发现时间", "查摆时间", "查找时间", "排查时间", "排查日期", "检查时间", "检查日期",
        "提出时间", "反馈时间", "交办时间", "下发时间", "foundon", "found", "founddate",
    ),
    "status": (
        "状态", "完成情况", "整改情况", "进展情况", "整改状态", "整改进展", "进展", "整改进度", "推进情况",
        "落实情况", "整改落实情况", "整改完成情况", "是否已完成整改", "是否完成整改", "是否完成",
        "完成状态", "办理情况", "整改进展情况", "学校整改情况", "status", "progress",
    ),
    # 销号 (verified): a yes/no column and its date
    "verified": ("是否销号", "是否已销号", "销号情况", "销号", "verified"),
    "verified_on": ("销号时间", "销号日期", "销号时限", "verifiedon"),
    "done_on": (
        "完成日期", "实际完成时间", "实际完成日期", "整改完成日期", "完成整改时间", "办结时间", "办结日期",
        "doneon", "donedate", "completed", "completedon",
    ),
    "evidence": (
        "佐证材料", "整改成效", "成效", "完成佐证", "佐证", "备注", "整改结果", "已采取的整改措施",
        "整改佐证", "佐证资料", "evidence", "notes", "note",
    ),
    "ignore": (
        "序号", "编号", "问题编号", "任务编号", "预警", "联系电话", "电话", "联系方式", "退回原因",
        "no", "code", "problemcode", "taskcode", "signal", "#", "reason",
    ),
}

# A header that names a problem in one layout and something else in another:
# the problem when no stronger problem column is there (整改任务分解表,
# 重点任务清单), else its second choice.
WEAK_HEADER_WORDS: dict[str, tuple[str, str]] = {
    # the problem, or its detail beside a stronger problem column (检视问题 + 问题表现)
    "问题表现": ("title", "detail"),
    "问题描述": ("title", "detail"),
    "问题内容": ("title", "detail"),
    "存在问题": ("title", "detail"),
    "主要问题": ("title", "detail"),
    "具体问题": ("title", "detail"),
    # the problem, or the measure beside a stronger problem column
    "整改任务": ("title", "measure"),
    "重点任务": ("title", "measure"),
    "任务名称": ("title", "measure"),
    "工作任务名称": ("title", "measure"),
    "重点工作": ("title", "measure"),
}

# The upper row of a two-row header over a merged cell (责任分工 above
# 责任单位 / 责任人): it names no field itself.
GROUP_HEADER_WORDS: tuple[str, ...] = (
    "责任分工", "责任主体", "整改责任", "责任落实", "责任", "责任单位及责任人", "整改落实", "销号情况",
    "完成情况", "时限要求", "整改情况", "责任清单", "任务清单", "问题清单",
)

# Fields whose text keeps its line breaks and tabs (SPEC §6).
MULTILINE_FIELDS: tuple[str, ...] = ("detail", "goal", "source", "evidence", "measure")

# ---------------------------------------------------------------------------
# Status words (完成情况 / 整改进展 / 是否销号)
# ---------------------------------------------------------------------------

STATUS_WORDS: dict[str, tuple[str, ...]] = {
    "done": (
        "已完成", "已整改", "完成", "整改完成", "已整改完成", "完成整改", "已完成整改", "已办结", "办结",
        "已落实", "已解决", "已整改到位", "整改到位", "已完成整改任务", "是",
        "done", "completed", "finished", "resolved", "yes", "y", "✓", "√",
    ),
    "doing": (
        "部分整改", "部分完成", "整改中", "正在整改", "已启动", "阶段性完成", "取得阶段性成效",
        "按序时推进", "按时序推进", "滞后", "进度滞后", "基本完成", "进行中", "推进中", "实施中",
        "持续整改", "持续推进", "长期坚持", "正在推进", "正在进行",
        "doing", "in progress", "in-progress", "ongoing", "started",
    ),
    "todo": (
        "未启动", "未整改", "未开始", "待整改", "待启动", "尚未启动", "尚未整改", "未完成", "尚未完成",
        "整改未完成", "否",
        "todo", "open", "not started", "no", "n", "x", "×",
    ),
}
# 已销号 in the status column: done, and the problem verified.
VERIFIED_STATUS_WORDS: tuple[str, ...] = ("已销号", "销号", "已验收销号", "已对账销号", "验收销号", "verified")
# A cell that begins with one of these and goes on is read by its remainder.
DONE_PREFIXES: tuple[str, ...] = ("已完成", "已整改", "整改完成", "完成", "已办结", "已落实", "已解决")
# A remainder naming work still going on makes the row doing, not done
# (`已完成预案修订，其余持续推进`).
STILL_GOING_WORDS: tuple[str, ...] = (
    "其余", "其他", "剩余", "部分", "持续", "推进", "正在", "尚未", "未完成", "待", "继续", "下一步",
    "逐步", "启动", "进行", "%", "％",
)
# Words that show work under way anywhere in a narrative progress cell.
DOING_WORDS: tuple[str, ...] = ("进行", "推进", "整改中", "实施中", "正在", "启动", "阶段性", "滞后")

# The 是否销号 column.
YES_WORDS: tuple[str, ...] = ("是", "已销号", "销号", "已", "√", "✓", "yes", "y", "true", "1")
NO_WORDS: tuple[str, ...] = ("否", "未销号", "未", "×", "x", "no", "n", "false", "0", "-", "—", "/")

# ---------------------------------------------------------------------------
# Deadline words that are not dates (SPEC §4); the 期限类型 column takes the
# words of domain.vocabulary.TERMS
# ---------------------------------------------------------------------------

# In a deadline cell: the row is short-term, due `short_term_days` after it was found.
SHORT_TERM_DEADLINES: tuple[str, ...] = (
    "立行立改", "立即整改", "马上就办", "马上办", "立即", "即知即改", "立知立改", "立查立改", "即查即改",
    "立即落实", "立即执行", "当下改", "即时整改",
)
# In a deadline cell: the row is long-term, due at the campaign's end (a notice counts them).
LONG_TERM_DEADLINES: tuple[str, ...] = (
    "长期坚持", "持续整改", "持续推进", "常态化", "长期", "长期整改", "常态化推进", "常态长效", "持续开展",
    "长期推进", "持续落实", "常抓不懈", "长效坚持", "长期执行", "常态化开展",
)
# The campaign year's last day.
YEAR_DEADLINES: tuple[str, ...] = ("全年", "全年度", "年内", "本年度", "本年内", "年度内", "今年内", "年内完成")

# School-calendar words: (what, which term). `term_end` is the last day of
# that term; `before_start` the day before it starts. `current` is the term
# the row was found in (or the next one, found in a holiday), `next` the one
# after it. The term dates are a campaign setting (deadlines.SchoolCalendar).
CALENDAR_DEADLINES: dict[str, tuple[str, str]] = {
    "本学期": ("term_end", "current"),
    "本学期内": ("term_end", "current"),
    "本学期末": ("term_end", "current"),
    "本学期结束前": ("term_end", "current"),
    "学期末": ("term_end", "current"),
    "学期内": ("term_end", "current"),
    "学期结束前": ("term_end", "current"),
    "期末": ("term_end", "current"),
    "期末前": ("term_end", "current"),
    "下学期": ("term_end", "next"),
    "下学期末": ("term_end", "next"),
    "春季学期": ("term_end", "spring"),
    "春季学期末": ("term_end", "spring"),
    "春学期": ("term_end", "spring"),
    "秋季学期": ("term_end", "autumn"),
    "秋季学期末": ("term_end", "autumn"),
    "秋学期": ("term_end", "autumn"),
    "寒假前": ("term_end", "autumn"),
    "放寒假前": ("term_end", "autumn"),
    "暑假前": ("term_end", "spring"),
    "放暑假前": ("term_end", "spring"),
    "暑假期间": ("before_start", "autumn"),
    "暑假": ("before_start", "autumn"),
    "暑期": ("before_start", "autumn"),
    "暑假内": ("before_start", "autumn"),
    "暑期内": ("before_start", "autumn"),
    "利用暑假": ("before_start", "autumn"),
    "秋季开学前": ("before_start", "autumn"),
    "秋季开学": ("before_start", "autumn"),
    "寒假期间": ("before_start", "spring"),
    "寒假": ("before_start", "spring"),
    "寒假内": ("before_start", "spring"),
    "利用寒假": ("before_start", "spring"),
    "春季开学前": ("before_start", "spring"),
    "春季开学": ("before_start", "spring"),
    "开学前": ("before_start", "next"),
    "新学期开学前": ("before_start", "next"),
}

# Holiday words: the holiday's name in the `holidays` package's China
# calendar (language zh_CN). The deadline is that holiday's (first) date.
HOLIDAY_DEADLINES: dict[str, str] = {
    "国庆节前": "国庆节", "国庆前": "国庆节", "国庆节": "国庆节", "十一前": "国庆节",
    "端午节前": "端午节", "端午前": "端午节", "端午节": "端午节",
    "春节前": "春节", "春节": "春节", "过年前": "春节",
    "元旦前": "元旦", "元旦": "元旦",
    "清明节前": "清明节", "清明前": "清明节", "清明节": "清明节",
    "劳动节前": "劳动节", "五一前": "劳动节", "劳动节": "劳动节", "五一劳动节前": "劳动节",
    "中秋节前": "中秋节", "中秋前": "中秋节", "中秋节": "中秋节",
}

# Said after a deadline without changing it: `6月底前完成`, `9月底前整改到位`.
DEADLINE_TAILS: tuple[str, ...] = (
    "前完成整改", "前整改到位", "前全部完成", "前完成", "前办结", "前到位", "完成整改", "整改到位",
    "全部完成", "完成", "办结", "到位", "以前", "之前", "为止", "止",
)
# A typo that offices make: 7月低 for 7月底 (read, with a notice).
DEADLINE_TYPOS: dict[str, str] = {"低": "底"}

# ---------------------------------------------------------------------------
# Layout: section rows, rows that end the table, separators inside a cell
# ---------------------------------------------------------------------------

# A row holding only one of these is a section: the category of the rows under it.
SECTION_PATTERNS: tuple[str, ...] = (
    r"^[一二三四五六七八九十]{1,3}\s*[、．.]",
    r"^[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]",
    r"^第\s*[一二三四五六七八九十\d]{1,3}\s*(?:部分|类|方面|项)",
    r"^[一二三四五六七八九十]{1,3}\s*是",
)
# A row starting with one of these ends the table: nothing under it is a task.
END_ROW_PATTERNS: tuple[str, ...] = (
    r"^合\s*计", r"^总\s*计", r"^共\s*计", r"^注\s*[:：\d]", r"^注$", r"^备\s*注\s*[:：]", r"^备\s*注$",
    r"^说\s*明\s*[:：]", r"^填\s*表\s*人", r"^填\s*报\s*人", r"^审\s*核\s*人", r"^制\s*表\s*人",
    r"^审\s*核\s*[:：]", r"^填\s*表\s*日\s*期", r"^填\s*报\s*日\s*期", r"^负责人\s*(?:签字|签名)",
    r"^(?:填报)?单位\s*(?:负责人|[(（]\s*盖章|盖章)", r"^联\s*系\s*人\s*[:：]", r"^联系电话\s*[:：]",
    r"^(?:total|subtotal)\b",
)
# A row starting with one of these is skipped (a section's sub-total), the table goes on.
SKIP_ROW_PATTERNS: tuple[str, ...] = (r"^小\s*计",)

# Several departments or people in one cell: 保卫处、后勤管理处 / 张三，李四.
NAME_SEPARATORS = r"[、，,/／；;\n]+"
# Several dates in one deadline cell: 7月、12月.
DATE_SEPARATORS = r"[、，,；;和及]+|\s+"

# ---------------------------------------------------------------------------
# Activity record sheets (活动记录, 三会一课登记表)
# ---------------------------------------------------------------------------

ACTIVITY_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "date": ("日期", "时间", "活动日期", "活动时间", "会议时间", "会议日期", "开展时间", "举办时间", "学习时间",
             "date"),
    "title": ("活动名称", "主题", "活动主题", "会议主题", "名称", "会议名称", "学习主题", "党课题目", "题目",
              "活动内容", "学习内容", "title", "topic"),
    "kind": ("类型", "活动类型", "形式", "活动形式", "会议类型", "类别", "组织生活类型", "kind", "type"),
    "unit": ("支部", "党支部", "所在支部", "组织单位", "单位", "举办单位", "承办支部", "branch", "unit"),
    "expected": ("应到", "应到人数", "应参加人数", "应到会人数", "应到党员", "expected"),
    "participants": ("实到", "实到人数", "参加人数", "参会人数", "出席人数", "到会人数", "实到党员",
                     "participants", "attendance"),
    # one cell holding both: 15/12
    "expected_participants": ("应到/实到", "应到/实到人数", "应到实到", "应到实到人数", "应到/实到人数（人）"),
    "host": ("主持人", "主持", "主讲人", "主讲", "授课人", "host", "speaker"),
    "location": ("地点", "活动地点", "会议地点", "学习地点", "地址", "location", "place"),
    "notes": ("备注", "内容摘要", "主要内容", "说明", "notes", "note"),
    "ignore": ("序号", "编号", "记录人", "退回原因", "no", "reason"),
}

# Kinds as branches write them, beyond the names and aliases of
# domain.vocabulary.KINDS; the key is a KINDS key.
ACTIVITY_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "three-meetings": ("支部党员大会", "党员大会", "支部委员会", "支委会议", "党小组会议", "党小组学习"),
    "theme-day": ("主题党日活动", "党日", "固定党日", "主题党日+"),
    "party-lecture": ("专题党课", "党课", "微党课", "上党课"),
    "study-group": ("理论学习中心组学习", "中心组学习", "中心组集体学习"),
    "discussion": ("专题研讨", "研讨交流", "座谈会", "座谈", "交流发言", "研讨会", "专题讨论"),
    "research": ("调研", "走访调研", "实地调研", "走访"),
    "training": ("专题培训", "培训", "讲座", "专题讲座", "辅导报告"),
    "other": ("其他", "其它"),
}

# A roster sheet (党员名册 / 花名册): one person a row (`unit member import`).
ROSTER_HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "党员姓名", "名字", "人员姓名", "教职工姓名", "name", "member"),
    "unit": ("支部", "党支部", "所在支部", "所属支部", "支部名称", "单位", "所在单位", "部门", "所在部门",
             "branch", "unit", "department"),
    "role": ("职务", "党内职务", "支部职务", "职位", "身份", "role", "position"),
    "ignore": ("序号", "编号", "性别", "民族", "出生年月", "出生日期", "入党时间", "入党日期", "转正时间", "学历",
               "联系电话", "电话", "手机", "备注", "no", "notes"),
}
