"""The words plans are written in, kept apart from the code that reads them.

Each list below is what real plans print; a plan that uses a word not here
is fixed by adding the word, not by changing a stage. The patterns at the
end of each group are built from the lists and used by the stages.
"""

from __future__ import annotations

import re

from campaign_cli.domain.vocabulary import KINDS, TARGETS

CN_DIGITS = "一二三四五六七八九十"

# ---------------------------------------------------------------------------
# Numbering: how items are numbered, from the highest level down
# ---------------------------------------------------------------------------

# 第一阶段, 第二步, 第三环节: a numbered phase word.
STAGE_WORDS = ("阶段", "步骤", "步", "环节", "轮", "批次", "批")
PART_WORDS = ("部分", "章", "篇")

_STAGE = rf"第\s*[{CN_DIGITS}\d]{{1,3}}\s*(?:{'|'.join(STAGE_WORDS)})"
NUMBERINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("stage", re.compile(rf"^{_STAGE}")),
    ("part", re.compile(rf"^第\s*[{CN_DIGITS}\d]{{1,3}}\s*(?:{'|'.join(PART_WORDS)})")),
    ("cn_paren", re.compile(rf"^[（(]\s*[{CN_DIGITS}]{{1,3}}\s*[）)]")),
    ("ar_paren", re.compile(r"^(?:[（(]\s*\d{1,2}\s*[）)]|[⑴-⒇])")),
    ("circled", re.compile(r"^[①-⑳]")),
    ("cn_comma", re.compile(rf"^[{CN_DIGITS}]{{1,3}}\s*[、．.]")),
    ("ar_dot", re.compile(r"^(?:\d{1,2}(?!\d)\s*(?:[、，,]|[.．](?!\d)|[.．](?=\s*\d{1,2}\s*月))|[⒈-⒛])")),
    ("ar_close", re.compile(r"^\d{1,2}(?!\d)\s*[)）]")),
)
# Official documents number headings 一、 > （一） > 1. > 1) > （1） > ①.
RANK = {"part": 0, "cn_comma": 1, "cn_paren": 2, "ar_dot": 3, "ar_close": 4, "ar_paren": 5, "circled": 6}
STAGE_LABEL = re.compile(_STAGE)
STAGE_PREFIX = re.compile(rf"^{_STAGE}[\s：:，,、.．—\-]*")
# Where a numbered item opens inside a paragraph ('…自查,第二阶段(3月3日…').
INLINE_STAGE = re.compile(rf"(?<=[。；;，,：:\s)）])(?={_STAGE})")
INLINE_NUMBER = re.compile(rf"(?<=[。；;：:])\s*(?=[（(][{CN_DIGITS}][）)]|\d{{1,2}}[.．、](?!\d))")
# Markdown marks before a line's text.
MD_PREFIX = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+•·●○◆◇■□▪►]\s+)")
# What opens an item or a heading of its own (a PDF line that does not
# continue the one above it).
ITEM_OPENING = re.compile(
    rf"^(?:{_STAGE}|第\s*[{CN_DIGITS}\d]{{1,3}}\s*(?:{'|'.join(PART_WORDS)})|[（(]\s*[{CN_DIGITS}\d]{{1,3}}\s*[）)]"
    rf"|[{CN_DIGITS}]{{1,3}}\s*、|\d{{1,2}}\s*[.．、)）](?!\d)|[①-⑳⑴-⒇⒈-⒛]|附件)"
)
# Punctuation that closes a sentence or a heading line.
LINE_ENDS = ("。", "；", ";", "：", ":", "！", "!", "？", "?", "）", ")")

# ---------------------------------------------------------------------------
# Sections: the heading of the timetable, and those that end it
# ---------------------------------------------------------------------------

# A heading that names the timetable ('strong'): 时间内容安排, 实施步骤,
# 方法步骤, 进度安排, 阶段安排…
PHASE_SECTION = re.compile(
    r"时间(?:和|与|及|、)?(?:内容|步骤|进度|任务|阶段)?(?:安排|节点|进度|表)|(?:内容|步骤|任务|阶段)(?:和|与|及|、)时间|"
    r"步骤|阶段(?:安排|划分|任务|性安排|推进)|(?:实施|工作|推进|活动|整治|整改)阶段|进度安排|工作进度|实施进度|日程安排|"
    r"推进步骤|实施计划|时序安排|阶段性工作"
)
# One that may hold the timetable among other things ('weak': used when no
# strong one has dated items): 工作安排, 活动安排, 活动内容, 主要任务…
WEAK_SECTION = re.compile(
    r"^(?:比赛|活动|工作|实施)?时间$|(?:工作|活动|实施|进程|总体|具体|整体)安排|安排部署|工作流程|推进计划|(?:活动|工作|主要|学习|教育)内容|"
    r"(?:主要|重点|工作)(?:任务|措施|举措)|方法(?:措施|途径)|实施办法|活动形式|组织实施|工作要点"
)
# A heading that opens another section (requirements, safeguards,
# leadership): the timetable is over.
OTHER_SECTION = re.compile(
    r"^(?:.{0,4}?(?:要求|保障|保障措施|组织领导|注意事项|工作机制|纪律|附则)"
    # these only as a heading of their own: '成立领导小组' is a first step
    r"|(?:领导小组|组织机构|工作机构|预期(?:效果|成效)|考核(?:评价|评估|办法)?|经费保障|联系方式|附件))[:：]?$"
)
# Words that name a time box without a date (the label of an overall period).
TIME_LABEL = re.compile(
    r"^(?:活动|实施|工作|开展|整体|总体|集中|学习教育|主题教育|专项|教育|起止|完成|整治|整改|行动)?"
    r"(?:时间|时间安排|时间节点|期限|周期|时限|时段|日期|时间范围|实施时间)(?:安排)?$"
)
LABELLED_TIME = re.compile(
    r"(?:活动|实施|工作|开展|整体|总体|集中|学习教育|主题教育|专项|教育|起止|完成|整治|整改|行动)?"
    r"(?:时间|期限|时限|时段|日期)(?:安排|节点|范围)?\s*(?:为|是|在|定在|定于|[:：])\s*"
)
# The overall period above the steps: '为期4个月', '其中：', '分三个阶段进行'.
PERIOD_HINT = re.compile(r"时间|期间|为期|[自从].{0,12}[起开始至到]|分[一二三四五六七八九两\d]个?(?:阶段|步骤|步)|其中")

# A table of phases: what its header cells say.
HEADER_TIME = re.compile(
    r"^(?:起止|完成|实施|计划|推进)?(?:时间|时间安排|时限|时间节点|日期|时段|时间段|进度|进度要求|进度安排)$"
)
HEADER_STAGE = re.compile(r"^(?:实施|工作|推进)?(?:阶段|步骤|环节|阶段名称|名称|项目|阶段任务)$")
HEADER_CONTENT = re.compile(r"(?:内容|任务|措施|安排|要求|事项)$")
HEADER_SEQ = re.compile(r"^(?:序号|编号|No\.?|#)$", re.I)

# ---------------------------------------------------------------------------
# Phases: the words that make an item read as one
# ---------------------------------------------------------------------------

# 动员部署阶段, 自查自纠, 整改落实: an item with one of these is likely a phase.
PHASE_WORDS = (
    "阶段", "动员", "部署", "启动", "学习", "调研", "查摆", "自查", "排查", "检查", "整改", "整治", "落实",
    "总结", "验收", "评估", "巩固", "提升", "深化", "推进", "攻坚", "督查", "督导", "回头看", "建章立制",
    "宣传", "发动", "准备", "实施", "展示", "评比", "表彰", "交流", "研讨", "培训", "考核",
)
PHASE_WORD = re.compile("|".join(PHASE_WORDS))
# Text that looks like it meant a date (to warn when none was read).
DATE_LIKE = re.compile(
    r"[\d０-９]{1,2}\s*月|[一二三四五六七八九十]{1,2}月[份初底末上中下]|年底|年末|月底|上旬|中旬|下旬|"
    r"\d{4}\s*[-./年]\s*\d{1,2}|\d{1,2}\s*[./]\s*\d{1,2}\s*[-—~～至到]"
)
# A note in brackets that says when without a date: （待定）（贯穿全年）（长期坚持）.
TIME_NOTE = re.compile(r"待定|另行|另定|全年|长期|持续|常态|贯穿|全程|适时|视情|同步|随时|全学期|全学年")
# What stands around a date in a title: '时间：', '截止', '…前完成'.
FLUFF_BEFORE = (
    r"(?:(?:时间|时限|时段|日期|期限)(?:安排)?\s*(?:为|是|在|定在|定于)?\s*[:：]?\s*)?"
    r"(?:(?:自|从)?(?:即日|今日|即时|印发之日|发文之日|本方案印发之日)起?\s*)?"
    r"(?:截止到?|截至|从|自|于|在|至|到)?\s*"
)
FLUFF_AFTER = r"\s*(?:之前|以前|前|以内|内|起|开始|止|期间|左右|完成|结束|进行)?"
# Before a single date, a word that makes it the end of a time box.
UNTIL_BEFORE = re.compile(r"(?:至|到|止|截止到?|截至)\s*$")
# Leftovers of a template in a title: '(年 )', '（ 月 日）', '【】'.
TEMPLATE_LEFTOVER = re.compile(r"[（(【\[]\s*(?:[年月日号至到—\-~～]\s*)*[）)】\]]")
# A template's blank year before a date: '20xx年5月', 'XX年'.
PLACEHOLDER_YEAR = re.compile(r"(?:(?:19|20)?[xX×＊*○□]{2}|[xX×]{4})\s*年\s*$")
PUNCT = " \t，,、；;：:。.．!！?？—-–~～"

# ---------------------------------------------------------------------------
# What a phase is for (SPEC §1 kinds)
# ---------------------------------------------------------------------------

# Activity kinds: the names and words of domain/vocabulary.py ('其他' is a
# word of every plan and names no kind).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    key: (zh, *aliases) for key, (zh, _en, aliases) in KINDS.items() if key != "other"
}
TARGET_WORDS: dict[str, tuple[str, ...]] = {key: (zh, *aliases) for key, (zh, _en, aliases) in TARGETS.items()}
RESEARCH_WORDS = (*KIND_WORDS["research"], "调查")
# A phase that makes the three lists or has problems put right holds the
# tasks: its kinds gain 'problems'.
PROBLEMS_KIND = "problems"
PROBLEMS_WORDS = ("问题清单", "责任清单", "任务清单", "三张清单", "三个清单", "整改", "销号")

# ---------------------------------------------------------------------------
# The document: title, 文号, year
# ---------------------------------------------------------------------------

DOC_NO = re.compile(
    r"([\u4e00-\u9fff]{1,12})?\s*[〔\[［(（【]\s*((?:19|20)\d{2})\s*[〕\]］)）】]\s*第?\s*(\d{1,4})\s*号"
)
# Words of the sentence that precede an issuer's abbreviation ('根据常教工委〔…').
DOC_NO_LEAD = re.compile(
    r"^(?:根据|按照|依据|遵照|参照|对照|结合|贯彻|落实|印发|转发|关于|的|和|及|与|见|据|按|照|文件|通知|精神|要求|规定)+"
)
TITLE_END = re.compile(
    r"(?:实施方案|工作方案|活动方案|行动方案|方案|计划|安排|通知|意见|办法|细则|要点|规划)(?:[（(][^）)]{1,8}[）)])?$"
)
# Lines that are never the title: the addressee (各地、各部门：), a committee
# list (组 长：…), a 红头 (…文件), a signature.
NOT_TITLE = re.compile(
    r"^(?:各[\u4e00-\u9fff、]{1,30}[:：]?$|[\u4e00-\u9fff]{0,4}(?:组\s*长|副\s*组\s*长|成\s*员|主\s*任|副\s*主\s*任|"
    r"组\s*员|办公室主任|联系人|秘\s*书\s*长)\s*[:：]|.*文件$|.*委员会$|抄\s*送|印\s*发)"
)
TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|年度|学年)")

# ---------------------------------------------------------------------------
# Junk: what a web page, a PDF or a signature block adds
# ---------------------------------------------------------------------------

# Page furniture above or beside the text (a breadcrumb, the page's
# meta line): skipped wherever it stands.
JUNK_SKIP_WORDS = (
    "当前位置", "您的位置", "您现在的位置", "首页", "网站首页", "发布时间", "发布日期", "发文日期", "发布人",
    "发布者", "发布机构", "作者", "来源", "信息来源", "责任编辑", "编辑", "浏览次数", "阅读次数", "阅读量", "点击数",
    "点击量", "访问量", "字号", "字体", "【字体", "索引号", "生成日期", "成文日期", "主题分类", "分类", "有效性",
)
# What a web page puts after the text (and a document after its body):
# the plan is over once its content has begun; above it, skipped.
JUNK_END_WORDS = (
    "用户登录", "用户注册", "会员登录", "登录", "注册", "返回", "返回顶部", "返回首页", "返回列表", "打印",
    "打印本页", "打印此页", "【打印】", "关闭", "关闭窗口", "关闭本页", "上一篇", "下一篇", "上一条", "下一条",
    "分享到", "分享", "相关链接", "相关阅读", "相关文章", "相关新闻", "版权所有", "copyright", "©", "主办单位",
    "承办单位", "技术支持", "网站地图", "联系我们", "相关推荐", "推荐阅读", "热门文章", "最新文章", "友情链接",
    "扫一扫", "微信扫一扫", "附件", "抄送", "抄报", "主题词", "收藏", "评论", "点赞",
)


def _standing_alone(words: tuple[str, ...]) -> re.Pattern[str]:
    """A word standing alone, not opening a sentence ('登录学习强国平台学习'
    is content): the line ends or a separator follows."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"^[【\[]?(?:{alternatives})(?=$|[\s:：|>/【】\[\]（(·•\d])", re.I)


JUNK_SKIP = _standing_alone(JUNK_SKIP_WORDS)
JUNK_END = _standing_alone(JUNK_END_WORDS)
# A page-meta line: '发布日期：2023-04-18  作者：办公室  来源：本站'.
META_LINE = re.compile(r"(?:作者|来源|发布|浏览|点击|编辑)\s*[:：]?.{0,30}(?:作者|来源|浏览|点击|次数|编辑)\s*[:：]")
URL = re.compile(r"https?://|www\.|ICP备|公网安备|(?<![@\w.-])[\w-]+\.(?:com|cn|net|org|gov)\b", re.I | re.A)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.A)
# A phone number or an e-mail given for questions ('联系人：张老师，电话：…').
CONTACT = re.compile(r"(?:联系人|联系电话|电话|邮箱|电子邮箱|E-?mail)\s*[:：]", re.I)
SIGNATURE_DATE = re.compile(
    r"^[\d〇零一二三四五六七八九]{4}\s*年[\d〇零一二三四五六七八九十\s]{1,4}月[\d〇零一二三四五六七八九十\s]{1,5}日$"
)
# A PDF's page numbers and running heads.
PAGE_FURNITURE = re.compile(
    r"^(?:[—–\-－]\s*\d{1,3}\s*[—–\-－]|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})$"
)

# ---------------------------------------------------------------------------
# Traditional characters: enough of the common ones to tell a plan written
# in them (the conversion itself is OpenCC's)
# ---------------------------------------------------------------------------

TRADITIONAL_ONLY = re.compile("[時間階開關於實學習黨組織會議調問題據區發動員對進評總結導準劃資質環節專實條時]")
