"""Strings for the office's overview of every campaign (`campaign overview`)."""

ZH: dict[str, str] = {
    "overview.help": "各校工作情况总览（供上级教工委使用）：每个工作一行——当前阶段、活动与人次、支部覆盖、"
                     "问题新增/销号/未销号、任务到期/完成/按期/逾期、按期完成率、红灯任务，"
                     "按按期完成率排名（相同时红灯任务少者在前），另列各校逾期任务。"
                     "口径与月度报告一致。格式 table、md、json、csv（排名表）、xlsx（排名、逾期任务两张表）、"
                     "html、docx（公文格式的通报）。\n\n"
                     "例：campaign overview --month 2023-06 --format docx --output 六月通报.docx",
    "overview.opt.month": "统计月份，如 2023-06 或 2023年6月（默认：今天所在月份）",
    "overview.opt.format": "输出格式：table、md、json、csv、xlsx、html、docx",
    "overview.opt.output": "写入的文件（xlsx、html、docx 默认写到当前目录 overview-YYYY-MM.xlsx/.html/.docx）",
    "overview.bad_format": "未知的总览格式“{value}”。可选：{choices}",
    "overview.title": "{year}年{month}月各校工作情况总览",
    "overview.section.ranking": "各校排名",
    "overview.section.overdue": "逾期任务",
    "overview.section.totals": "合计",
    "overview.no_campaigns": "没有可查看的工作（本库中没有工作，或当前登录未获授权）",
    "overview.summary": "共 {campaigns} 个工作：开展活动 {activities} 次，参加 {participants} 人次，"
                        "覆盖支部 {covered}/{branches} 个；新增问题 {opened} 个，销号 {verified} 个，"
                        "{at}未销号 {open_at_end} 个；到期任务 {due} 项，完成 {done} 项（按期 {on_time} 项），"
                        "{at}逾期 {overdue} 项，按期完成率 {rate}",
    "overview.col.rank": "排名",
    "overview.col.key": "编号",
    "overview.col.title": "工作",
    "overview.col.current": "当前阶段",
    "overview.col.activities": "活动",
    "overview.col.participants": "人次",
    "overview.col.coverage": "支部覆盖",
    "overview.col.opened": "新增问题",
    "overview.col.verified": "销号",
    "overview.col.open_at_end": "未销号",
    "overview.col.due": "到期任务",
    "overview.col.done": "完成",
    "overview.col.done_on_time": "按期完成",
    "overview.col.overdue": "逾期",
    "overview.col.rate": "按期率",
    "overview.col.red": "红灯",
    "overview.col.campaign": "工作",
    "overview.col.problems_short": "问题\n新/销/未",
    "overview.col.tasks_short": "任务\n到/完/逾",
    "overview.sheet.ranking": "排名",
    "overview.sheet.overdue": "逾期任务",
    "overview.docx.title": "关于{year}年{month}月各校{subject}工作情况的通报",
    "overview.docx.addressee": "各学校党组织：",
    "overview.docx.opening": "现将{year}年{month}月各校{subject}工作开展情况通报如下。",
    "overview.docx.as_of": "数据统计截至{date}。",
    "overview.docx.as_of_open": "数据统计截至{date}（本月尚未结束）。",
    "overview.docx.h_summary": "总体情况",
    "overview.docx.h_ranking": "各校排名情况",
    "overview.docx.h_overdue": "逾期任务情况",
    "overview.docx.h_requirements": "有关要求",
    "overview.docx.summary": "本月纳入统计的共{campaigns}个单位。共开展各类活动{activities}次，参加{participants}人次，"
                             "{covered}个支部开展了活动（共{branches}个支部）；新增问题{opened}个，销号{verified}个，"
                             "{at}未销号{open_at_end}个；本月到期任务{due}项，完成{done}项，其中按期完成{on_time}项，"
                             "{at}逾期{overdue}项，按期完成率{rate}。",
    "overview.docx.ranking_intro": "按任务按期完成率由高到低排序（按期完成率相同的，红灯任务少者在前），情况如下：",
    "overview.docx.overdue_intro": "截至{date}，各校共有逾期未完成任务{count}项：",
    "overview.docx.overdue_none": "截至{date}，各校无逾期未完成任务。",
    "overview.docx.overdue_item": "{campaign}：{measure}（{problem}，责任部门{department}，责任人{owner}），"
                                  "完成时限{deadline}，已逾期{days}天。",
    "overview.docx.fill.requirements": "【请填写】对各校下一步工作的要求。",
    "overview.docx.fill.signer": "【请填写发文机关】",
    "overview.docx.none": "无",
    "overview.col.current_short": "阶段",
    "overview.col.coverage_short": "支部\n覆盖",
    "overview.legend": "问题：本月新增/本月销号/未销号；任务：本月到期/本月完成/逾期未完成；阶段：当前所处阶段的序号",
    "overview.docx.name_key": "{title}（{key}）",
    "overview.col.as_of": "统计截至",
    "overview.col.as_of_open": "统计截至（本月尚未结束）",
    "overview.docx.subject": "{subject}",
    "overview.col.school": "单位",
}

EN: dict[str, str] = {
    "overview.help": "Every campaign at a glance, for the office above: one row each — current phases, activities "
                     "and participants, branch coverage, problems opened / verified / open, tasks due / done / "
                     "on time / overdue, the on-time rate and red tasks — ranked by on-time rate (then fewer red "
                     "tasks), with every school's overdue tasks below. Counted by the month report's rules. "
                     "Formats: table, md, json, csv (the ranking), xlsx (ranking and overdue sheets), html, "
                     "docx (a circular in the official form).\n\n"
                     "Example: campaign overview --month 2023-06 --format docx --output june.docx",
    "overview.opt.month": "The month, e.g. 2023-06 (default: the month of today)",
    "overview.opt.format": "Output format: table, md, json, csv, xlsx, html, docx",
    "overview.opt.output": "File to write (xlsx, html and docx default to overview-YYYY-MM.<ext> here)",
    "overview.bad_format": "Unknown overview format '{value}'. Choose one of: {choices}",
    "overview.title": "Every campaign, {year}-{month}",
    "overview.section.ranking": "Ranking",
    "overview.section.overdue": "Overdue tasks",
    "overview.section.totals": "Total",
    "overview.no_campaigns": "No campaign to show (the store holds none, or this login has no grant)",
    "overview.summary": "{campaigns} campaigns: {activities} activities, {participants} participants, "
                        "branches covered {covered}/{branches}; problems opened {opened}, verified {verified}, "
                        "open {at} {open_at_end}; tasks due {due}, done {done} ({on_time} on time), "
                        "overdue {at} {overdue}; on-time rate {rate}",
    "overview.col.rank": "Rank",
    "overview.col.key": "Key",
    "overview.col.title": "Campaign",
    "overview.col.current": "Phases",
    "overview.col.activities": "Activities",
    "overview.col.participants": "People",
    "overview.col.coverage": "Branches",
    "overview.col.opened": "Opened",
    "overview.col.verified": "Verified",
    "overview.col.open_at_end": "Open",
    "overview.col.due": "Due",
    "overview.col.done": "Done",
    "overview.col.done_on_time": "On time",
    "overview.col.overdue": "Overdue",
    "overview.col.rate": "On-time",
    "overview.col.red": "Red",
    "overview.col.campaign": "Campaign",
    "overview.col.problems_short": "Problems\nnew/ver/open",
    "overview.col.tasks_short": "Tasks\ndue/done/late",
    "overview.sheet.ranking": "Ranking",
    "overview.sheet.overdue": "Overdue tasks",
    "overview.docx.title": "Circular on the work of every school{subject}, {year}-{month}",
    "overview.docx.addressee": "To the party organisations of every school:",
    "overview.docx.opening": "This circular reports the work of every school{subject} in {year}-{month}.",
    "overview.docx.as_of": " Figures as of {date}.",
    "overview.docx.as_of_open": " Figures as of {date} (the month is not over).",
    "overview.docx.h_summary": "Overall",
    "overview.docx.h_ranking": "The ranking",
    "overview.docx.h_overdue": "Overdue tasks",
    "overview.docx.h_requirements": "Requirements",
    "overview.docx.summary": "{campaigns} units are counted this month. They held {activities} activities with "
                             "{participants} participants; {covered} of {branches} branches held one. Problems "
                             "opened {opened}, verified {verified}, open {at} {open_at_end}. Tasks due {due}, done "
                             "{done}, of them {on_time} on time; overdue {at} {overdue}; on-time rate {rate}.",
    "overview.docx.ranking_intro": "Ranked by on-time rate, highest first (on a tie, fewer red tasks first):",
    "overview.docx.overdue_intro": "As of {date}, {count} tasks are overdue and not done:",
    "overview.docx.overdue_none": "As of {date}, no task of any school is overdue.",
    "overview.docx.overdue_item": "{campaign}: {measure} ({problem}, department {department}, owner {owner}), "
                                  "due {deadline}, {days} days late.",
    "overview.docx.fill.requirements": "[to fill in] What the schools are to do next.",
    "overview.docx.fill.signer": "[name of the issuing office]",
    "overview.docx.none": "none",
    "overview.col.current_short": "Phases",
    "overview.col.coverage_short": "Bran-\nches",
    "overview.legend": "Problems: opened / verified / open; tasks: due / done / overdue; phases: the numbers of the current phases",
    "overview.docx.name_key": "{title} ({key})",
    "overview.col.as_of": "As of",
    "overview.col.as_of_open": "As of (month not over)",
    "overview.docx.subject": " on {subject}",
    "overview.col.school": "School",
}
