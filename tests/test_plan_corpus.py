"""The test plans of tests/plans/ in the styles real plans are written in
(see tests/plans/SOURCES.md for where each came from): every phase of each
is pinned (title, start, end), with the plan's title, 文号, year, overall
period and the notes the reader gives. Then the stages alone: `lines` and
`phases` on small inputs, `read` on PDFs and traditional text, and
arbitrary input never crashing the reader.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from campaign_cli.errors import UserError
from campaign_cli.importers.plan import PlanDocument, parse_plan, read_plan_text
from campaign_cli.importers.plan.lines import label_number, read_dates, split_items, split_lines
from campaign_cli.importers.plan.phases import Finder, resolve_phases
from campaign_cli.importers.plan.read import to_simplified, unwrap
from test_plan_parse import CASES as FIRST_CASES

PLANS = Path(__file__).parent / "plans"
TODAY = date(2023, 6, 1)
D = date


def parse_file(name: str) -> PlanDocument:
    return parse_plan(read_plan_text(PLANS / name), today=TODAY)


# file -> (title, doc_no, year, (overall start, end), phases, warnings as (line, key))
CASES: dict[str, tuple] = {
    # 二、活动安排 (a weak heading); 1. items with —; no 文号, the year from the title.
    "activity-arrangement.txt": (
        '关于开展2024年“学雷锋·志愿服务月”活动的方案',
        None,
        2024,
        (None, None),
        [
            ('宣传发动', D(2024, 3, 1), D(2024, 3, 5)),
            ('志愿服务', D(2024, 3, 6), D(2024, 3, 25)),
            ('总结表彰', D(2024, 3, 26), D(2024, 3, 31)),
        ],
        [],
    ),
    # 第X阶段 in Chinese-numeral months (三月中旬至三月底, 四月至九月, （十月）); the year from 二〇二一年三月十日.
    "cn-numeral-months.txt": (
        '关于开展“我为群众办实事”实践活动的工作方案',
        None,
        2021,
        (None, None),
        [
            ('征集需求', D(2021, 3, 11), D(2021, 3, 31)),
            ('集中办理', D(2021, 4, 1), D(2021, 9, 30)),
            ('总结评估', D(2021, 10, 1), D(2021, 10, 31)),
        ],
        [],
    ),
    # unnumbered 'title：date' lines under 比赛时间：; 5月中下旬.
    "colon-dates.txt": (
        '“知庐陵、爱井冈”读书活动方案',
        None,
        2021,
        (None, None),
        [
            ('知识竞赛', D(2021, 5, 11), D(2021, 5, 20)),
            ('作文比赛', D(2021, 5, 11), D(2021, 5, 31)),
            ('朗诵、讲故事、演讲比赛', D(2021, 5, 21), D(2021, 5, 31)),
        ],
        [],
    ),
    # the date before the title, all three in one paragraph after a lead-in ('…分三个阶段进行：9月上旬至10月中旬,学习动员阶段;…').
    "date-first.txt": (
        '关于在全体党员中开展主题教育的实施方案',
        None,
        2023,
        (None, None),
        [
            ('学习动员阶段', D(2023, 9, 1), D(2023, 10, 20)),
            ('查摆问题阶段', D(2023, 10, 21), D(2023, 11, 30)),
            ('整改落实阶段', D(2023, 12, 1), D(2023, 12, 31)),
        ],
        [],
    ),
    # 1. phases with ——, sub-steps (1)(2) with their own dates ('6月6日一6月10日') inside each phase; a signature date at the end.
    "double-dash-substeps.txt": (
        '关于开展保持共产党员先进性教育活动整改提高阶段的工作方案',
        None,
        2005,
        (None, None),
        [
            ('制定整改方案', D(2005, 5, 20), D(2005, 6, 5)),
            ('落实整改措施', D(2005, 6, 6), D(2005, 6, 20)),
            ('建立长效机制', D(2005, 6, 20), D(2005, 7, 10)),
            ('表彰优秀共产党员', D(2005, 6, 20), D(2005, 7, 1)),
            ('检查评估', D(2005, 6, 25), D(2005, 7, 10)),
        ],
        [],
    ),
    # （一）…阶段（7月3日至7月15日）。 with deadlines inside the text; 三、 then 五、.
    "env-steps.txt": (
        '关于开展2005年环保专项行动的实施方案',
        '黑环发〔2005〕41号',
        2005,
        (None, None),
        [
            ('动员部署阶段', D(2005, 6, 20), D(2005, 7, 2)),
            ('自查摸底阶段', D(2005, 7, 3), D(2005, 7, 15)),
            ('全面整治阶段', D(2005, 7, 16), D(2005, 8, 31)),
            ('抽查和重点检查阶段', D(2005, 9, 1), D(2005, 9, 30)),
            ('总结考核阶段', D(2005, 10, 1), D(2005, 11, 10)),
        ],
        [],
    ),
    # no timetable heading (三、重点工作); every phase with its years, crossing two year ends.
    "headless-explicit-years.txt": (
        '关于开展工程建设领域突出问题专项治理工作的实施方案',
        '某市治理办〔2009〕2号',
        2009,
        (None, None),
        [
            ('动员部署阶段', D(2009, 10, 1), D(2009, 11, 30)),
            ('排查阶段', D(2009, 12, 1), D(2010, 2, 28)),
            ('重点检查阶段', D(2010, 3, 1), D(2010, 7, 31)),
            ('集中整改阶段', D(2010, 8, 1), D(2011, 1, 31)),
            ('总结巩固阶段', D(2011, 2, 1), D(2011, 10, 10)),
        ],
        [],
    ),
    # traditional characters in Markdown (推行階段, ### 第一階段：…（2026年6–8月）); the overall period 時間：2026年6月 – 2028年8月.
    "hk-roadmap.md": (
        '推行路线图（2026–2028）',
        None,
        2026,
        (D(2026, 6, 1), D(2028, 8, 31)),
        [
            ('建立与准备', D(2026, 6, 1), D(2026, 8, 31)),
            ('启动与采纳', D(2026, 9, 1), D(2026, 12, 31)),
            ('扩展与证据', D(2027, 1, 1), D(2027, 9, 30)),
            ('巩固与持续', D(2027, 10, 1), D(2028, 8, 31)),
        ],
        [],
    ),
    # （一）…；（二）…；（三）… in one paragraph after '活动分三步进行：'.
    "inline-numbers.txt": (
        '关于开展党员“亮身份、作表率”活动的实施方案',
        '某校党〔2022〕5号',
        2022,
        (None, None),
        [
            ('亮明身份', D(2022, 3, 1), D(2022, 3, 31)),
            ('践诺履责', D(2022, 4, 1), D(2022, 6, 30)),
            ('评议总结', D(2022, 7, 1), D(2022, 7, 10)),
        ],
        [],
    ),
    # every phase inline in one paragraph (第一阶段(2月25日—3月2日):隐患自查,第二阶段(3月3日—4日):…), one bracket left unclosed.
    "inline-stages.txt": (
        '关于开展校园安全隐患排查整治专项行动的实施方案',
        '某区教安〔2024〕6号',
        2024,
        (None, None),
        [
            ('隐患自查', D(2024, 2, 25), D(2024, 3, 2)),
            ('实地检查', D(2024, 3, 3), D(2024, 3, 4)),
            ('整改落实', D(2024, 3, 5), D(2024, 3, 20)),
            ('总结提升', D(2024, 3, 21), D(2024, 3, 31)),
        ],
        [],
    ),
    # traditional characters, three 第X階段 in one paragraph, each dated in the sentence after its name (三月底前, 四月上旬, 四月中旬); a 上一篇 line after.
    "inline-traditional.txt": (
        '淄川区重大安全隐患排查工作方案',
        '淄安办〔2010〕3号',
        2010,
        (None, None),
        [
            ('单位自查', None, D(2010, 3, 31)),
            ('组织评议', D(2010, 4, 1), D(2010, 4, 10)),
            ('挂牌督办', D(2010, 4, 11), D(2010, 4, 20)),
        ],
        [],
    ),
    # 五、活动内容; 第一阶段：学习调研，时间安排在3月-4月 mid-paragraph.
    "mid-paragraph.txt": (
        '关于深入开展学习实践科学发展观活动的实施方案',
        '某县教党〔2009〕4号',
        2009,
        (None, None),
        [
            ('学习调研', D(2009, 3, 1), D(2009, 4, 30)),
            ('分析检查', D(2009, 5, 1), D(2009, 6, 30)),
        ],
        [],
    ),
    # （一）, （二） then 第三阶段： — kept, with a note.
    "mixed-numbering.txt": (
        '关于开展师德师风集中整治的工作方案',
        '某中学党〔2023〕9号',
        2023,
        (None, None),
        [
            ('学习动员', D(2023, 3, 1), D(2023, 3, 15)),
            ('自查自纠', D(2023, 3, 16), D(2023, 4, 30)),
            ('整改提升', D(2023, 5, 1), D(2023, 6, 30)),
        ],
        [(11, 'plan.mixed_numbering')],
    ),
    # the overall period 2025年9月1日至12月30日(4个月)。其中: under 三、时间安排, not a phase; the last phase (12月中下旬) ends after it: said.
    "overall-period.txt": (
        '关于开展“深化能力作风建设”专项行动的实施方案',
        '某市教工委〔2025〕11号',
        2025,
        (D(2025, 9, 1), D(2025, 12, 30)),
        [
            ('动员部署', D(2025, 9, 1), D(2025, 9, 15)),
            ('查摆问题', D(2025, 9, 16), D(2025, 10, 31)),
            ('集中整改', D(2025, 11, 1), D(2025, 12, 15)),
            ('总结评估', D(2025, 12, 11), D(2025, 12, 31)),
        ],
        [(11, 'plan.overall_mismatch')],
    ),
    # 三、进度安排; （一）title：date。 items; 4月中上旬, 5月中下旬.
    "progress-schedule.txt": (
        '某某区教育局关于开展2023年教师教育教学能力提升培训的工作方案',
        '某区教〔2023〕37号',
        2023,
        (None, None),
        [
            ('调研准备', D(2023, 4, 1), D(2023, 4, 20)),
            ('集中培训', D(2023, 4, 21), D(2023, 5, 31)),
            ('跟岗实践', D(2023, 6, 1), D(2023, 6, 30)),
            ('考核总结', D(2023, 7, 1), D(2023, 7, 10)),
        ],
        [],
    ),
    # 二、步骤; the date as the second sentence ('1.部署启动。2022年3月，…').
    "steps-heading.txt": (
        '关于开展“清廉校园”建设的工作方案',
        None,
        2022,
        (None, None),
        [
            ('部署启动', D(2022, 3, 1), D(2022, 3, 31)),
            ('推进实施', D(2022, 4, 1), D(2022, 10, 31)),
            ('评估验收', D(2022, 11, 1), D(2022, 12, 31)),
        ],
        [],
    ),
    # a Word table (序号|阶段|完成进度要求|工作内容|责任部门) under 三、进度安排; 3月中上旬, 5月中下旬.
    "table-progress.docx": (
        '某某市教育局关于开展2024年中小学“阳光体育”系列活动的通知',
        '某教体〔2024〕15号',
        2024,
        (None, None),
        [
            ('宣传发动', D(2024, 3, 1), D(2024, 3, 20)),
            ('校级比赛', D(2024, 3, 21), D(2024, 5, 31)),
            ('市级展示', D(2024, 6, 1), D(2024, 6, 30)),
            ('总结表彰', None, D(2024, 7, 10)),
        ],
        [],
    ),
    # a template's blanks: the title's '（年 ）', '(年 )' in a phase, 20xx年 dates — never read as dates.
    "template-leftovers.txt": (
        '魏家地学校开展创先争优活动实施方案',
        None,
        None,
        (None, None),
        [
            ('学习动员，制定方案', None, None),
            ('公开承诺，争创佳绩', None, None),
            ('对标定位，晋档升级', None, None),
            ('系统总结，完善机制', None, None),
        ],
        [(0, 'plan.no_year'), (6, 'plan.unread_date'), (6, 'plan.phase_no_date'), (7, 'plan.unread_date'), (7, 'plan.phase_no_date'), (8, 'plan.unread_date'), (8, 'plan.phase_no_date'), (9, 'plan.unread_date'), (9, 'plan.phase_no_date')],
    ),
    # a red header, the addressee without a colon (各地、各部门) and a committee list (组 长：…) above the title.
    "title-committee.txt": (
        '关于在全县教育系统开展群众身边不正之风和腐败问题集中整治的实施方案',
        '某教党发〔2024〕9号',
        2024,
        (None, None),
        [
            ('动员部署', D(2024, 4, 1), D(2024, 4, 10)),
            ('排查整治', D(2024, 4, 11), D(2024, 8, 31)),
            ('总结提升', D(2024, 9, 1), D(2024, 9, 30)),
        ],
        [],
    ),
    # a PDF in traditional characters: 第一批從6月開始，8月底基本結束 … 第二批 … in one paragraph.
    "traditional-batches.pdf": (
        '某某学院开展主题教育实施方案',
        '某院党发〔2019〕12号',
        2019,
        (None, None),
        [
            ('第一批', D(2019, 6, 1), D(2019, 8, 31)),
            ('第二批', D(2019, 9, 1), D(2019, 11, 30)),
        ],
        [],
    ),
    # traditional characters; 方法步驟 with （一） items dated on the next line (時間安排：…); the overall period 本階段工作時間為3月19日至5月20日.
    "traditional-method.txt": (
        '关于开展第二批深入学习实践科学发展观活动学习调研阶段的工作方案',
        '兴发〔2009〕6号',
        2009,
        (D(2009, 3, 19), D(2009, 5, 20)),
        [
            ('学习调研', D(2009, 3, 19), D(2009, 4, 25)),
            ('解放思想讨论', D(2009, 4, 26), D(2009, 5, 10)),
            ('小结和转段', D(2009, 5, 11), D(2009, 5, 20)),
        ],
        [],
    ),
    # traditional characters; 第X階段：…階段（11月中旬）; an 活動時間 that does not cover the steps (as published): said.
    "traditional-steps.txt": (
        '大红沟小学读书月活动方案',
        None,
        None,
        (D(2023, 4, 1), D(2023, 4, 30)),
        [
            ('准备阶段', D(2023, 11, 11), D(2023, 11, 20)),
            ('活动阶段', D(2023, 11, 1), D(2023, 12, 31)),
            ('总结阶段', D(2023, 12, 21), D(2023, 12, 31)),
        ],
        [(0, 'plan.no_year'), (5, 'plan.overall_mismatch')],
    ),
    # 1. …阶段 with no dates at all.
    "undated-stages.txt": (
        '关于开展城市环境专项整治活动的方案',
        None,
        None,
        (None, None),
        [
            ('宣传动员阶段', None, None),
            ('自查自纠阶段', None, None),
            ('集中整治阶段', None, None),
            ('巩固提升阶段', None, None),
        ],
        [(0, 'plan.no_year'), (8, 'plan.phase_no_date'), (10, 'plan.phase_no_date'), (12, 'plan.phase_no_date'), (14, 'plan.phase_no_date')],
    ),
    # a web page: breadcrumb (当前位置:), 发布时间/作者/点击 meta line, an e-mail address inside a phase, 联系人 line, 【打印】【关闭】, 上一篇.
    "web-breadcrumb.txt": (
        '关于开展学习宣传贯彻党的二十大精神系列活动的工作方案',
        None,
        2022,
        (None, None),
        [
            ('及时传达学习', D(2022, 10, 21), D(2022, 11, 10)),
            ('开展宣讲活动', D(2022, 11, 11), D(2022, 12, 31)),
            ('组织研讨交流', D(2022, 12, 21), D(2022, 12, 31)),
        ],
        [],
    ),
    # a Word file: （一）（二）, 第三阶段：, （四）.
    "word-numbering-mixed.docx": (
        '关于开展党纪学习教育的实施方案',
        '某职校党〔2024〕8号',
        2024,
        (None, None),
        [
            ('学习动员', D(2024, 4, 11), D(2024, 4, 20)),
            ('集中学习', D(2024, 4, 21), D(2024, 6, 20)),
            ('交流研讨', D(2024, 6, 11), D(2024, 6, 30)),
            ('总结提升', D(2024, 7, 1), D(2024, 7, 31)),
        ],
        [(10, 'plan.mixed_numbering')],
    ),
    # a PDF whose paragraphs the page width wrapped, two pages numbered '— n —'.
    "wrapped.pdf": (
        '关于深入开展大兴调查研究的实施方案',
        '常某职教党〔2023〕11号',
        2023,
        (None, None),
        [
            ('学习准备', D(2023, 4, 21), D(2023, 4, 28)),
            ('调研走访', D(2023, 5, 8), D(2023, 6, 30)),
            ('成果转化', D(2023, 7, 1), D(2023, 8, 31)),
            ('总结评估', None, D(2023, 12, 31)),
        ],
        [],
    ),
    # a phase crossing the year (2024年11月—2025年1月), then 截止12月5日 — read in 2024 to keep the timetable in order, with a note — then 2月—3月 in 2025.
    "year-carry.txt": (
        '关于开展冬春季校园消防安全专项整治的实施方案',
        '某县教体〔2024〕21号',
        2024,
        (None, None),
        [
            ('全面排查阶段', D(2024, 11, 1), D(2025, 1, 31)),
            ('重点整改阶段', None, D(2024, 12, 5)),
            ('巩固提升阶段', D(2025, 2, 1), D(2025, 3, 31)),
        ],
        [(7, 'plan.year_assumed')],
    ),
    # no timetable heading: the phases are top-level sections (三、…阶段（6月1日—6月5日）) among 一、指导思想 … 六、工作要求.
    "top-level-phases.txt": (
        "关于开展安全生产月活动的实施方案",
        None,
        None,
        (None, None),
        [
            ("动员部署阶段", D(2023, 6, 1), D(2023, 6, 5)),
            ("集中整治阶段", D(2023, 6, 6), D(2023, 6, 25)),
            ("总结阶段", D(2023, 6, 26), D(2023, 6, 30)),
        ],
        [(0, "plan.no_year")],
    ),
    # 一、活动时间：… (the overall period as a numbered line), 二、活动内容 with 1.title（date）：… items; a one-day phase.
    "reading-festival.txt": (
        "XX中学“书香校园”读书节活动方案",
        None,
        2024,
        (D(2024, 4, 23), D(2024, 5, 31)),
        [
            ("启动仪式", D(2024, 4, 23), D(2024, 4, 23)),
            ("好书推荐", D(2024, 4, 24), D(2024, 5, 10)),
            ("读书征文", D(2024, 5, 11), D(2024, 5, 25)),
            ("总结表彰", D(2024, 5, 21), D(2024, 5, 31)),
        ],
        [],
    ),
    # a notice: the period under 一、时间安排 (in the next year), steps dated in their second sentence, a contact line and a signature.
    "appraisal-notice.txt": (
        "关于开展2023年度民主评议党员工作的通知",
        None,
        2024,
        (D(2024, 1, 1), D(2024, 1, 31)),
        [
            ("学习教育", D(2024, 1, 1), D(2024, 1, 10)),
            ("自我评价", D(2024, 1, 11), D(2024, 1, 20)),
            ("民主测评", D(2024, 1, 21), D(2024, 1, 31)),
            ("组织评定", None, D(2024, 1, 31)),
        ],
        [],
    ),
    # Markdown bullets in bold: - **第一阶段（9月上旬）**：宣传发动，营造氛围。
    "md-bullets.md": (
        "关于开展“爱国卫生月”活动的方案",
        None,
        None,
        (None, None),
        [
            ("宣传发动，营造氛围", D(2023, 9, 1), D(2023, 9, 10)),
            ("集中整治，清理卫生死角", D(2023, 9, 11), D(2023, 10, 20)),
            ("检查验收，总结表彰", D(2023, 10, 21), D(2023, 10, 31)),
        ],
        [(0, "plan.no_year")],
    ),
    # unnumbered: a phase's name on its own line, 时间：… on the next, 主要任务：… after.
    "title-over-time.txt": (
        "某某小学关于开展校园环境专项整治的方案",
        None,
        None,
        (None, None),
        [
            ("动员部署阶段", D(2023, 3, 1), D(2023, 3, 10)),
            ("排查整治阶段", D(2023, 3, 11), D(2023, 5, 31)),
            ("巩固提升阶段", D(2023, 6, 1), D(2023, 6, 30)),
        ],
        [(0, "plan.no_year")],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_plan_styles(name: str) -> None:
    title, doc_no, year, overall, expected, warnings = CASES[name]
    doc = parse_file(name)
    assert (doc.title, doc.doc_no, doc.year) == (title, doc_no, year)
    assert (doc.start, doc.end) == overall
    assert [(p.title, p.start, p.end) for p in doc.phases] == expected
    assert [p.seq for p in doc.phases] == list(range(1, len(expected) + 1))
    assert [(w.line, w.key) for w in doc.warnings] == warnings


def test_every_test_plan_is_checked() -> None:
    files = sorted(p.name for p in PLANS.iterdir() if p.name != "SOURCES.md")
    assert files == sorted({*CASES, *FIRST_CASES})
    assert len(CASES) >= 25


def test_the_reference_plan_puts_the_three_lists_in_phase_5() -> None:
    """SPEC §1: a phase that names the three lists or 整改 has 'problems' among
    its kinds, so the tasks of the lists fall in phase 5, not in phase 4."""
    reference = Path(__file__).parents[2] / "shared" / "reference" / "plan-jiangsu-speech-2023.txt"
    if not reference.exists():
        pytest.skip(f"reference plan not found at {reference}")
    doc = parse_plan(read_plan_text(reference), today=TODAY)
    assert [p.kinds for p in doc.phases][3:] == [["research"], ["research", "problems"]]
    assert [p.title for p in doc.phases if "problems" in p.kinds] == ["着力解决问题"]


def test_kinds_name_problems_after_the_activity_kinds() -> None:
    doc = parse_file("year-carry.txt")
    assert [p.kinds for p in doc.phases] == [["problems"], ["problems"], []]
    doc = parse_file("word-numbering-mixed.docx")
    assert doc.phases[2].kinds == ["discussion", "problems"]


def test_year_carry_says_which_year_it_took() -> None:
    doc = parse_file("year-carry.txt")
    assert doc.warnings[0].params == {"line": 7, "title": "重点整改阶段", "year": 2024}


def test_notes_hold_the_phase_text() -> None:
    doc = parse_file("inline-stages.txt")
    assert doc.phases[0].notes.startswith("各校对照检查清单逐项自查")
    assert all(len(p.notes) <= 200 for name in CASES for p in parse_file(name).phases)


# ---------------------------------------------------------------------------
# Stage: lines
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "items"),
    [
        (
            "行动分三个阶段。第一阶段(2月25日—3月2日):隐患自查,第二阶段(3月3日—4日):实地检查,第三阶段（3月下旬）：总结",
            ["行动分三个阶段。", "第一阶段(2月25日—3月2日):隐患自查", "第二阶段(3月3日—4日):实地检查", "第三阶段（3月下旬）：总结"],
        ),
        (  # a bracket left open does not swallow the next item
            "第一阶段(2月25日—3月2日:隐患自查,第二阶段(3月3日—4日):实地检查",
            ["第一阶段(2月25日—3月2日:隐患自查", "第二阶段(3月3日—4日):实地检查"],
        ),
        (
            "活动分两步。第一阶段：学习调研，时间安排在3月-4月，组织学习。",
            ["活动分两步。", "第一阶段：学习调研，时间安排在3月-4月，组织学习。"],
        ),
        (
            "9月上旬至10月中旬,学习动员阶段;10月下旬至11月底,查摆问题阶段;12月,整改落实阶段。",
            ["9月上旬至10月中旬,学习动员阶段;", "10月下旬至11月底,查摆问题阶段;", "12月,整改落实阶段。"],
        ),
        (
            "分三步：（一）亮明身份（3月）。公开承诺；（二）践诺履责（4月）。（三）总结（7月）。",
            ["分三步：", "（一）亮明身份（3月）。公开承诺；", "（二）践诺履责（4月）。", "（三）总结（7月）。"],
        ),
        # prose about a stage is no item
        ("在第一阶段的基础上，第二阶段要突出问题整改。", ["在第一阶段的基础上，第二阶段要突出问题整改。"]),
        # one numbered item mid-paragraph, not counting from one, is no item
        ("要求如下。（二）按时报送材料。", ["要求如下。（二）按时报送材料。"]),
        # one date opening a sentence is no run of items
        ("5月20日前，各支部完成自查。", ["5月20日前，各支部完成自查。"]),
    ],
)
def test_lines_split_a_paragraph_into_its_items(paragraph: str, items: list[str]) -> None:
    assert split_items(paragraph) == items


def test_lines_keep_the_paragraph_line_number_and_mark_inline_items() -> None:
    lines = split_lines("标题\n二、工作安排\n第一阶段(3月):学习,第二阶段(4月):整改")
    assert [(ln.no, ln.style, ln.label, ln.inline) for ln in lines] == [
        (1, None, "", False),
        (2, "cn_comma", "二、", False),
        (3, "stage", "第一阶段", False),
        (3, "stage", "第二阶段", True),
    ]


def test_lines_mark_page_junk() -> None:
    text = (
        "当前位置: 首页 - 通知公告\n发布日期：2023-04-18 作者：办公室 来源：本站\n关于开展学习的实施方案\n"
        "1.学习（4月）。材料发送至 office@school.edu.cn。\n联系人：张老师，电话：12345678\n"
        "www.school.edu.cn\n— 2 —\n【打印】【关闭】\n上一篇：学校召开大会\n2023年4月18日"
    )
    assert [ln.junk for ln in split_lines(text)] == [
        "skip", "skip", None, None, "skip", "skip", "skip", "end", "end", "end",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("label", "number"),
    [("第三阶段", 3), ("（二）", 2), ("4.", 4), ("⑤", 5), ("十二、", 12), ("二十、", 20), ("（1）", 1), ("第十一步", 11)],
)
def test_label_numbers(label: str, number: int) -> None:
    assert label_number(label) == number


@pytest.mark.parametrize(
    ("text", "start", "end", "written"),
    [
        ("学习（5月中下旬）", D(2023, 5, 11), D(2023, 5, 31), "5月中下旬"),
        ("自方案印发之日起至5月31日", None, D(2023, 5, 31), "5月31日"),
        ("第二阶段（20xx年7月—20xx年12月）", None, None, None),  # a template's blanks
        ("总结（十月）", D(2023, 10, 1), D(2023, 10, 31), "十月"),
        ("三月，学校召开大会", None, None, None),  # a month in prose
    ],
)
def test_lines_read_dates_once_with_the_one_grammar(text: str, start, end, written) -> None:
    found, _positions = read_dates(text, 2023, TODAY)
    if written is None:
        assert found is None
    else:
        assert (found.start, found.end, found.as_written) == (start, end, written)


# ---------------------------------------------------------------------------
# Stage: phases
# ---------------------------------------------------------------------------


def _phases(text: str, year: int = 2023) -> list[tuple[str, date | None, date | None]]:
    warnings: list = []
    finder = Finder(split_lines(text), year, TODAY)
    return [(p.title, p.start, p.end) for p in resolve_phases(finder.find(), year, TODAY, warnings)]


def test_phases_without_any_heading_are_the_best_dated_run() -> None:
    text = (
        "关于开展活动的方案\n一、目标\n1.提高认识。\n2.营造氛围。\n二、重点\n"
        "（一）动员阶段（3月）。\n（二）整治阶段（4月至5月）。\n（三）总结阶段（6月）。\n三、要求\n1.加强领导。"
    )
    assert _phases(text) == [
        ("动员阶段", D(2023, 3, 1), D(2023, 3, 31)),
        ("整治阶段", D(2023, 4, 1), D(2023, 5, 31)),
        ("总结阶段", D(2023, 6, 1), D(2023, 6, 30)),
    ]


def test_phases_take_the_top_numbering_not_the_steps_inside() -> None:
    text = (
        "方案\n二、实施步骤\n（一）动员部署阶段（4月）\n1.召开动员会（4月10日）。\n2.制定方案（4月20日前）。\n"
        "（二）集中学习阶段（5月—6月）\n1.专题学习（5月）。\n2.交流研讨（6月）。"
    )
    assert [t for t, _s, _e in _phases(text)] == ["动员部署阶段", "集中学习阶段"]


def test_phases_keep_a_third_stage_after_two_numbered_items() -> None:
    text = "方案\n二、实施步骤\n（一）动员（4月）。\n（二）学习（5月）。\n第三阶段：总结（6月）。\n三、工作要求\n认真。"
    assert [t for t, _s, _e in _phases(text)] == ["动员", "学习", "总结"]


def test_phases_carry_the_year_through_the_timetable() -> None:
    text = "方案\n二、实施步骤\n1.排查（2024年11月—2025年1月）。\n2.整改（截止12月5日）。\n3.巩固（2月—3月）。"
    assert _phases(text, 2024) == [
        ("排查", D(2024, 11, 1), D(2025, 1, 31)),
        ("整改", None, D(2024, 12, 5)),
        ("巩固", D(2025, 2, 1), D(2025, 3, 31)),
    ]


def test_a_line_that_looks_like_a_phase_but_is_not_taken_is_named() -> None:
    text = (
        "关于开展学习的实施方案\n二、实施步骤\n1.动员（4月）。\n2.学习（5月）。\n三、工作要求\n"
        "第三阶段：总结提升（9月至10月）。\n（一）加强领导（6月底前）。"
    )
    doc = parse_plan(text, year=2023, today=TODAY)
    assert [p.title for p in doc.phases] == ["动员", "学习"]
    assert [(w.line, w.key, w.params.get("text")) for w in doc.warnings] == [
        (6, "plan.not_a_phase", "第三阶段：总结提升（9月至10月）。")
    ]


def test_steps_inside_a_phase_are_not_named_as_untaken() -> None:
    doc = parse_file("double-dash-substeps.txt")
    assert not [w for w in doc.warnings if w.key == "plan.not_a_phase"]


def test_the_overall_period_is_the_campaigns_not_a_phase() -> None:
    doc = parse_file("overall-period.txt")
    assert (doc.start, doc.end) == (D(2025, 9, 1), D(2025, 12, 30))
    assert "2025年9月1日至12月30日" not in [p.as_written for p in doc.phases]
    assert doc.warnings[0].params["text"] == "2025年9月1日至12月30日"


# ---------------------------------------------------------------------------
# Stage: read (PDF, traditional characters)
# ---------------------------------------------------------------------------


def _pdf(path: Path, pages: list[list[str]], *, password: str | None = None) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), encrypt=password)
    for lines in pages:
        pdf.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            pdf.drawString(60, 780 - 20 * i, line)
        if not lines:
            pdf.rect(60, 400, 300, 300, fill=1)  # an image-like page: no text
        pdf.showPage()
    pdf.save()
    return path


def test_a_pdf_reads_like_its_text(tmp_path: Path) -> None:
    pages = [
        ["关于开展专题学习的实施方案", "二、时间安排", "1.专题学习（4月21日至4月28日）。组织党员集中", "学习有关精神。"],
        ["2.交流讨论（5月中下旬）。", "— 2 —"],
    ]
    doc = parse_plan(read_plan_text(_pdf(tmp_path / "plan.pdf", pages)), year=2023, today=TODAY)
    assert doc.title == "关于开展专题学习的实施方案"
    assert [(p.title, p.start, p.end) for p in doc.phases] == [
        ("专题学习", D(2023, 4, 21), D(2023, 4, 28)),
        ("交流讨论", D(2023, 5, 11), D(2023, 5, 31)),
    ]


def test_a_scanned_pdf_says_it_holds_no_text(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        read_plan_text(_pdf(tmp_path / "scan.pdf", [[], []]))
    assert info.value.key == "plan.pdf_no_text" and info.value.params["pages"] == 2
    assert info.value.exit_code == 1


def test_a_broken_or_locked_pdf_is_a_clear_error(tmp_path: Path) -> None:
    good = _pdf(tmp_path / "good.pdf", [["关于开展学习的实施方案"]]).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(good[: len(good) // 3])
    with pytest.raises(UserError) as info:
        read_plan_text(tmp_path / "cut.pdf")
    assert info.value.key in ("plan.bad_pdf", "plan.pdf_no_text")
    with pytest.raises(UserError) as info:
        read_plan_text(_pdf(tmp_path / "locked.pdf", [["关于开展学习的实施方案"]], password="secret"))
    assert info.value.key == "plan.pdf_locked"


def test_a_pdf_saved_under_a_text_name_is_read_as_pdf(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "plan.pdf", [["关于开展学习的实施方案", "1.学习（5月）。"]])
    path.rename(tmp_path / "plan.txt")
    assert read_plan_text(tmp_path / "plan.txt").startswith("关于开展学习的实施方案")


def test_unwrap_joins_what_the_page_width_broke() -> None:
    lines = [
        "1.开展专题学习（4月21日至4月28日）。利用党组织理论学习",
        "中心组专题学习、三会一课讨论学习，迅速掀起学习热潮。各",
        "支部要认真组织。",
        "2.交流讨论（5月8日至5月12日）。充分调动广大党员的积极性",
        "— 3 —",
    ]
    assert list(unwrap(lines)) == [
        "1.开展专题学习（4月21日至4月28日）。利用党组织理论学习中心组专题学习、三会一课讨论学习，迅速掀起学习热潮。各支部要认真组织。",
        "2.交流讨论（5月8日至5月12日）。充分调动广大党员的积极性",
    ]


def test_traditional_text_becomes_simplified_and_simplified_stays() -> None:
    assert to_simplified("第一階段：學習動員（時間安排：9月）\n二、實施步驟") == "第一阶段：学习动员（时间安排：9月）\n二、实施步骤"
    simplified = "着力解决问题，著名的干部。\n二、实施步骤"
    assert to_simplified(simplified) == simplified


@pytest.mark.parametrize("encoding", ["big5", "utf-8", "utf-16"])
def test_a_traditional_plan_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    text = (PLANS / "traditional-method.txt").read_text(encoding="utf-8")
    (tmp_path / "plan.txt").write_bytes(text.encode(encoding))
    doc = parse_plan(read_plan_text(tmp_path / "plan.txt"), today=TODAY)
    assert [p.title for p in doc.phases] == ["学习调研", "解放思想讨论", "小结和转段"]
    assert doc.doc_no == "兴发〔2009〕6号"


# ---------------------------------------------------------------------------
# Never crashes
# ---------------------------------------------------------------------------


@pytest.mark.slow
def test_any_file_is_read_or_refused_with_a_user_error(tmp_path: Path) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    pieces = st.sampled_from(
        [b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", "第一阶段(3月".encode(), "時間安排".encode("big5"),
         "（一）".encode("gb18030"), b"\x00", b"\r\n", "2月30日".encode(), "20xx年".encode()]
    )

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.one_of(pieces, st.binary(max_size=40)), max_size=20), st.sampled_from([".txt", ".md", ".pdf", ".docx"]))
    def check(parts: list[bytes], suffix: str) -> None:
        path = tmp_path / f"plan{suffix}"
        path.write_bytes(b"".join(parts))
        try:
            text = read_plan_text(path)
        except UserError:
            return
        doc = parse_plan(text, today=TODAY)
        for i, phase in enumerate(doc.phases, start=1):
            assert phase.seq == i and phase.title
            assert phase.start is None or phase.end is None or phase.start <= phase.end

    check()


@pytest.mark.slow
def test_any_text_of_plan_words_parses() -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    words = ["第一阶段", "第二阶段", "(", "（", "）", ":", "，", "。", "；", "3月", "—", "4日", "中下旬", "至", "年底前",
             "截止", "12月5日", "2024年11月", "其中：", "（一）", "（二）", "9月上旬", "阶段", "\n", "当前位置:",
             "打印", "a@b.cn", "时间安排在", "20xx年", "時間", "整改", "问题清单", "2025年9月1日至12月30日"]

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(st.one_of(st.sampled_from(words), st.text(max_size=3)), max_size=60))
    def check(parts: list[str]) -> None:
        doc = parse_plan("".join(parts), today=TODAY)
        assert all(p.title for p in doc.phases)
        assert all(p.start is None or p.end is None or p.start <= p.end for p in doc.phases)

    check()
