"""The ledger corpus (tests/ledgers/, layouts from SOURCES.md), read row by
row at parse level: every problem with its category, detail, leader, term,
verification and responsibilities (lead and support), every task with its
measure, department, owner, deadline and status, and the notices the
command prints. The campaign: 2023, today 15 June, ending 31 December,
立行立改 meaning 30 days; the default school calendar.

Dates were worked out by hand from the rules (SPEC §4): 立行立改 on a row
found on 10 May is due 9 June; 本学期 on 15 June is the spring term's end,
10 July; 暑假期间 is the day before the autumn term, 31 August; 寒假期间 the
day before the spring term of 2024, 29 February; 端午节 2023 is 22 June.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ledgers.xlsx_layouts import LAYOUTS, build

from campaign_cli.importers.ledger import LedgerContext, read_ledger

CORPUS = Path(__file__).parent / "ledgers"
CONTEXT = LedgerContext(year=2023, today=date(2023, 6, 15), campaign_end=date(2023, 12, 31))

# per ledger: problems as (first row, title, category, detail, leader, term, found_on, verified,
# verified_on, responsibilities [(department, owner, role)]); tasks as (row, measure, department,
# owner, deadline, status, evidence); notices as (kind, rows).
EXPECTED = {
    "01-巡察反馈问题整改台账.xlsx": {
        "problems": [
            (4, '贯彻落实上级决策部署有温差', '党的政治建设方面', None, '王书记', 'short', None, False, None,
             [('党政办', '赵敏', 'lead')]),
            (5, '“第一议题”制度执行不到位', '党的政治建设方面', None, '王书记', None, None, False, None,
             [('党政办', '赵敏', 'lead'), ('纪检监察室', '孙刚', 'support')]),
            (8, '食堂物资采购未公开招标', '全面从严治党方面', None, '张副校长', None, None, False, None,
             [('后勤处', '周强', 'lead'), ('财务室', None, 'support')]),
        ],
        "tasks": [
            (4, '召开专题会议传达学习', '党政办', '赵敏', '2023-07-15', 'done', None),
            (4, '建立重要文件传达落实台账', '党政办', '赵敏', '2023-07-15', 'done', None),
            (5, '修订党委会议事规则', '党政办', '赵敏', '2023-07-31', 'doing', None),
            (6, '每次党委会第一议题学习有记录', '党政办', '赵敏', '2023-12-31', 'doing', None),
            (8, '制定食堂大宗物资采购办法', '后勤处', '周强', '2023-07-10', 'todo', None),
            (8, '开展采购公开招标', '后勤处', '周强', '2023-07-10', 'todo', None),
        ],
        "notices": [('ended', 9), ('long_term', '6'), ('school_calendar', '8'), ('sections', '3, 7'), ('short_term', '4'), ('split', '4, 8')],
    },
    "02-主题教育检视问题清单.csv": {
        "problems": [
            (3, '理论学习不够深入系统', '理论学习', '学习以读文件为主，研讨不深', '王书记', 'short', None, False, None,
             [('党政办公室', '赵敏', 'lead')]),
            (4, '学用结合不紧密', '理论学习', '联系学校工作实际不够', '王书记', None, None, False, None,
             [('党政办公室', '赵敏', 'lead'), ('教务处', '钱进', 'support')]),
            (6, '服务师生意识不强，“接诉即办”落实不到位', '担当作为', None, '李校长', 'long', None, False, None,
             [('校长办公室', '孙丽', 'lead')]),
            (7, '会议多、文件多，基层负担重', '工作作风', '2022年全校会议89次', '李校长', None, None, False, None,
             [('党政办公室', '赵敏', 'lead')]),
            (8, '食堂采购监管有漏洞', '廉洁自律', None, '张副校长', None, None, False, None,
             [('后勤管理处', '周强', 'lead')]),
        ],
        "tasks": [
            (3, '制定理论学习中心组年度计划', '党政办公室', '赵敏', '2023-07-15', 'done', None),
            (3, '每月开展一次专题研讨', '党政办公室', '赵敏', '2023-07-15', 'done', None),
            (4, '结合“双减”开展专题调研', '党政办公室', '赵敏', '2023-09-30', 'doing', None),
            (5, '形成调研报告并转化为制度', '党政办公室', '赵敏', '2023-12-31', 'doing', None),
            (6, '建立师生诉求“接诉即办”台账', '校长办公室', '孙丽', '2023-12-31', 'doing', None),
            (7, '精简会议文件，合并同类会议', '党政办公室', '赵敏', '2023-07-10', 'doing', None),
            (8, '修订食堂采购管理办法', '后勤管理处', '周强', '2023-08-31', 'todo', None),
            (8, '引入第三方检测', '后勤管理处', '周强', '2023-08-31', 'todo', None),
        ],
        "notices": [('long_term', '6'), ('school_calendar', '7-8'), ('short_term', '3'), ('split', '3, 8')],
    },
    "03-安全隐患整改销号台账.xlsx": {
        "problems": [
            (3, '阳台护栏膨胀开裂', '校舍安全', '教学楼二楼阳台', None, 'short', '2023-05-06', True, '2023-05-20',
             [('总务处', '王建', 'lead')]),
            (4, '周界报警器声音开关关闭，报警声听不到', '技防设施', '门卫室', None, None, '2023-05-06', True, '2023-05-09',
             [('安全办', '马力', 'lead')]),
            (5, '缺少二氧化碳灭火器', '消防安全', '配电间', None, None, '2023-05-15', False, None,
             [('总务处', '王建', 'lead')]),
            (6, '篮球架底座锈蚀', '体育设施', '体育馆', None, None, '2023-06-01', False, None,
             [('体育组', '钱进', 'lead')]),
            (7, '上放学时段车辆乱停', '周边交通', '校门口', None, 'short', '2023-06-05', False, None,
             [('安全办', '马力', 'lead'), ('德育处', None, 'support')]),
        ],
        "tasks": [
            (3, '拉警戒线，更换护栏', '总务处', '王建', '2023-06-05', 'done', '已验收'),
            (4, '拆除报警器声音开关，培训保安', '安全办', '马力', '2023-05-08', 'done', None),
            (5, '配备二氧化碳灭火器', '总务处', '王建', '2023-08-31', 'todo', None),
            (6, '更换篮球架底座', '体育组', '钱进', '2023-08-31', 'todo', '已报预算'),
            (7, '协调交警设置临时停车区', '安全办', '马力', '2023-07-05', 'todo', None),
        ],
        "notices": [('school_calendar', '5-6'), ('short_term', '3, 7')],
    },
    "04-巡视整改任务分解表.csv": {
        "problems": [
            (3, '落实全面从严治党主体责任不到位', None, None, '王书记', None, None, False, None,
             [('党委办公室', None, 'lead'), ('纪委办公室', None, 'support')]),
            (4, '意识形态工作责任制落实不够有力', None, None, '王书记', 'long', None, False, None,
             [('党委宣传部', None, 'lead'), ('党委办公室', None, 'support'), ('学生工作处', None, 'support')]),
            (5, '选人用人程序不够规范', None, None, '刘副书记', None, None, False, None,
             [('组织人事处', None, 'lead'), ('纪委办公室', None, 'support')]),
            (7, '科研经费管理不严格', None, None, '陈副校长', None, None, False, None,
             [('科研处', None, 'lead'), ('财务处', None, 'support'), ('审计处', None, 'support')]),
        ],
        "tasks": [
            (3, '制定党委落实全面从严治党主体责任清单', '党委办公室', None, '2023-06-30', 'todo', None),
            (3, '每半年专题研究一次党风廉政建设', '党委办公室', None, '2023-06-30', 'todo', None),
            (4, '修订意识形态工作责任制实施细则', '党委宣传部', None, '2023-12-31', 'todo', None),
            (5, '开展干部人事档案专项审核', '组织人事处', None, '2023-12-31', 'todo', None),
            (6, '完善干部选拔任用工作规程', '组织人事处', None, '2023-09-30', 'todo', None),
            (7, '修订科研经费管理办法', '科研处', None, '2023-12-31', 'todo', None),
        ],
        "notices": [('long_term', '4'), ('split', '3')],
    },
    "05-审计整改情况统计表.xlsx": {
        "problems": [
            (5, '部分专项资金未按规定用途使用', '预算执行方面', '整改要求：按规定归还原资金渠道', '李校长', None, None, False, None,
             [('财务处', None, 'lead')]),
            (6, '公务接待费用报销附件不全', '预算执行方面', '整改要求：规范公务接待报销', '李校长', 'short', None, True, None,
             [('财务处', None, 'lead')]),
            (8, '固定资产账实不符', '资产管理方面', '整改要求：开展资产清查', '张副校长', None, None, False, None,
             [('资产管理处', None, 'lead'), ('财务处', None, 'support')]),
            (9, '房屋出租未经审批', '资产管理方面', '整改要求：规范出租审批', '张副校长', 'long', None, False, None,
             [('资产管理处', None, 'lead')]),
        ],
        "tasks": [
            (5, '清理专项资金支出明细', '财务处', None, '2023-12-31', 'todo', None),
            (5, '归还原资金渠道', '财务处', None, '2023-12-31', 'todo', None),
            (6, '补齐报销附件并修订报销审核清单', '财务处', None, '2023-07-15', 'done', None),
            (8, '开展固定资产全面清查，核销盘亏资产', '资产管理处', None, '2023-07-31', 'todo', None),
            (9, '补办出租审批手续', '资产管理处', None, '2023-12-31', 'doing', None),
        ],
        "notices": [('ended', 10), ('long_term', '9'), ('sections', '4, 7'), ('short_term', '6'), ('split', '5'), ('typo', '8')],
    },
    "06-督导评估问题整改台账.csv": {
        "problems": [
            (2, '部分教室照明不足', None, '整改目标：教室照度达到标准', None, None, None, False, None,
             [('总务处', '李卯生', 'lead')]),
            (3, '体育场地设施不足', None, '整改目标：体育活动正常开展', None, None, None, False, None,
             [('总务处', '李卯生', 'lead')]),
            (4, '厕所蹲位少、卫生条件差', None, '整改目标：达到数量和卫生标准', None, None, None, False, None,
             [('总务处', '王建', 'lead')]),
            (5, '作业管理制度不健全', None, None, None, None, None, False, None,
             [('教务处', '张华', 'lead')]),
            (6, '家校沟通渠道单一', None, None, None, None, None, False, None,
             [('德育处', '刘芳', 'lead')]),
        ],
        "tasks": [
            (2, '更换教室灯管', '总务处', '李卯生', '2023-07-31', 'done', None),
            (2, '加装黑板灯', '总务处', '李卯生', '2023-07-31', 'done', None),
            (3, '督促施工单位按合同交工，配齐体育器材', '总务处', '李卯生', '2023-09-30', 'doing', None),
            (4, '改造旧厕、新建水冲式厕所', '总务处', '王建', '2023-10-31', 'todo', None),
            (5, '制定作业公示制度', '教务处', '张华', '2023-09-30', 'done', None),
            (6, '开通家长意见箱和热线', '德育处', '刘芳', '2023-08-31', 'doing', None),
        ],
        "notices": [('school_calendar', '6'), ('split', '2'), ('typo', '2-4')],
    },
    "07-重点任务清单.xlsx": {
        "problems": [
            (2, '建设智慧校园', None, '目标要求：建成校园数据中心', '陈副校长', None, None, False, None,
             [('信息中心', None, 'lead')]),
            (3, '推进课后服务提质', None, '目标要求：课后服务学生参与率达到95%', '李校长', None, None, False, None,
             [('教务处', None, 'lead')]),
            (4, '加强教师队伍建设', None, '目标要求：新增市级骨干教师5名', '王书记', None, None, False, None,
             [('教师发展中心', None, 'lead'), ('人事处', None, 'support')]),
        ],
        "tasks": [
            (2, '分三步推进智慧校园建设：制定建设方案', '信息中心', None, '2023-04-30', 'doing', None),
            (2, '分三步推进智慧校园建设：完成机房改造', '信息中心', None, '2023-06-30', 'doing', None),
            (2, '分三步推进智慧校园建设：通过验收', '信息中心', None, '2023-12-31', 'doing', None),
            (3, '开发课后服务课程菜单', '教务处', None, '2023-07-31', 'doing', None),
            (3, '引入优质社会资源', '教务处', None, '2023-12-31', 'doing', None),
            (4, '实施青年教师培养工程', '教师发展中心', None, '2023-12-31', 'doing', None),
        ],
        "notices": [('split', '2-3')],
    },
    "08-学校问题责任任务三张清单.csv": {
        "problems": [
            (2, '校园周边交通秩序混乱', None, '问题来源：家长反映', None, 'short', '2023-05-10', False, None,
             [('安全保卫处', '马力', 'lead')]),
            (3, '应急预案多年未修订', None, '问题来源：巡察反馈', None, None, '2023-04-20', False, None,
             [('安全保卫处', '马力', 'lead'), ('后勤管理处', '周强', 'support'), ('校医室', '何静', 'support')]),
            (4, '教师培训针对性不强', None, '问题来源：教师座谈', None, None, '2023-05-18', False, None,
             [('教师发展中心', '吴芳', 'lead'), ('教师发展中心', '郑凯', 'support')]),
            (5, '学生心理健康筛查覆盖不全', None, '问题来源：自查', None, None, '2023-03-01', False, None,
             [('学生处', '陈晨', 'lead'), ('心理健康教育中心', '林琳', 'support')]),
        ],
        "tasks": [
            (2, '协调交警在上放学时段设置护学岗', '安全保卫处', '马力', '2023-06-09', 'done', '护学岗排班表'),
            (3, '修订各类应急预案并组织演练', '安全保卫处', '马力', '2023-06-30', 'doing', None),
            (4, '开展教师培训需求调研', '教师发展中心', '吴芳', '2023-07-10', 'doing', None),
            (4, '分学科制定培训计划', '教师发展中心', '吴芳', '2023-07-10', 'doing', None),
            (5, '实现心理健康测评全覆盖', '学生处', '陈晨', '2023-07-10', 'todo', None),
        ],
        "notices": [('school_calendar', '4-5'), ('short_term', '2'), ('split', '4')],
    },
    "09-督学督导意见整改记录.xlsx": {
        "problems": [
            (2, '纸质材料不够常态化，占用教师时间专门做材料', None, None, '王蕾', None, '2023-03-27', False, None,
             [('校长室', None, 'lead')]),
            (3, '优课率不高，集体备课不够扎实', None, None, '曹启东', None, '2023-03-27', False, None,
             [('教务处', None, 'lead')]),
            (4, '校园环境卫生需常抓不懈', None, None, '王蕾', 'long', '2023-05-12', False, None,
             [('德育处', None, 'lead')]),
            (5, '课后作业公示不及时', None, None, '曹启东', None, '2023-06-02', False, None,
             [('教务处', None, 'lead')]),
        ],
        "tasks": [
            (2, '建立材料日常收集归档制度', '校长室', None, '2023-07-10', 'done', None),
            (3, '每周开展一次集体备课', '教务处', None, '2023-07-10', 'doing', None),
            (3, '开展优课评比', '教务处', None, '2023-07-10', 'doing', None),
            (4, '落实卫生包干区每日检查', '德育处', None, '2023-12-31', 'doing', None),
            (5, '作业每日在班级群公示', '教务处', None, '2024-01-20', 'todo', None),
        ],
        "notices": [('long_term', '4'), ('school_calendar', '2-3, 5'), ('split', '3')],
    },
    "10-巡视反馈意见整改落实台账.csv": {
        "problems": [
            (2, '二级党组织会议制度执行不严格', None, None, '刘副书记', None, None, True, '2023-06-10',
             [('组织部', None, 'lead'), ('纪委办公室', None, 'support')]),
            (3, '招生宣传经费使用不规范', None, None, '陈副校长', None, None, False, None,
             [('招生办公室', None, 'lead'), ('财务处', None, 'support')]),
            (4, '实验室安全检查流于形式', None, None, '陈副校长', None, None, False, None,
             [('实验室与设备管理处', None, 'lead')]),
            (5, '网络意识形态阵地管理有薄弱环节', None, None, '王书记', None, None, False, None,
             [('党委宣传部', None, 'lead'), ('网络信息中心', None, 'support')]),
        ],
        "tasks": [
            (2, '开展二级党组织会议记录专项检查', '组织部', None, '2023-06-22', 'done', None),
            (3, '规范招生宣传经费报销流程', '招生办公室', None, '2023-10-01', 'doing', None),
            (4, '每月开展一次实验室安全检查', '实验室与设备管理处', None, '2023-07-31', 'todo', None),
            (4, '每月开展一次实验室安全检查', '实验室与设备管理处', None, '2023-12-31', 'todo', None),
            (5, '建立校园网站和新媒体账号审核机制', '党委宣传部', None, '2023-12-31', 'doing', None),
            (6, '对新媒体账号开展一次全面清理', '党委宣传部', None, '2023-06-20', 'done', None),
        ],
        "notices": [('holiday', '2-3'), ('split', '4')],
    },
    "11-党支部检视问题清单.xlsx": {
        "problems": [
            (5, '“三会一课”记录要素不全，未记录请假人员', '组织生活方面', None, None, 'short', None, True, None,
             [(None, '刘洋', 'lead'), (None, '陈静', 'support')]),
            (6, '主题党日活动形式单一', '组织生活方面', None, None, None, None, False, None,
             [(None, '刘洋', 'lead'), (None, '周敏', 'support')]),
            (8, '个别党员参加组织生活不积极', '教育管理', None, None, None, None, False, None,
             [(None, '刘洋', 'lead')]),
        ],
        "tasks": [
            (5, '规范会议记录模板', None, '刘洋', '2023-07-15', 'done', None),
            (5, '支委会逐月检查记录本', None, '刘洋', '2023-07-15', 'done', None),
            (6, '开展红色研学', None, '刘洋', '2023-07-10', 'todo', None),
            (6, '结合学科特点设计特色活动', None, '刘洋', '2023-07-10', 'todo', None),
            (8, '开展谈心谈话，纳入民主评议', None, '刘洋', '2023-12-31', 'todo', None),
        ],
        "notices": [('school_calendar', '6'), ('sections', '4, 7'), ('short_term', '5'), ('split', '5-6')],
    },
    "12-后勤整改台账.csv": {
        "problems": [
            (3, '配电间缺少二氧化碳灭火器和挡鼠板', None, '整改目标：配电间消防设施配备到位', None, 'short', None, False, None,
             [('总务处', '王建', 'lead')]),
            (4, '教学楼走廊墙面墙粉脱落', None, '整改目标：走廊墙面修复完好', None, None, None, False, None,
             [('总务处', '王建', 'lead')]),
            (6, '食堂从业人员健康证管理不规范', None, '整改目标：持证上岗率100%', None, 'long', None, False, None,
             [('后勤管理处', '周强', 'lead')]),
            (7, '学生宿舍消防通道堆放杂物', None, None, None, None, None, False, None,
             [('学生处', '陈晨', 'lead')]),
        ],
        "tasks": [
            (3, '配备二氧化碳灭火器4具、沙桶2个，安装挡鼠板', '总务处', '王建', '2023-07-15', 'doing', '挡鼠板待安装'),
            (4, '报教育局立项', '总务处', '王建', '2023-06-30', 'doing', None),
            (4, '利用暑假完成修复', '总务处', '王建', '2023-08-31', 'doing', None),
            (6, '建立从业人员健康证台账，每月核查', '后勤管理处', '周强', '2023-12-31', 'todo', None),
            (7, '清理堆放杂物并明确专人每日巡查', '学生处', '陈晨', '2024-02-29', 'done', None),
        ],
        "notices": [('ended', 8), ('long_term', '6'), ('school_calendar', '4, 7'), ('short_term', '3'), ('split', '4'), ('subtotal', '5')],
    },
}


def ledger_path(name: str, tmp_path: Path) -> Path:
    return build(name, tmp_path) if name in LAYOUTS else CORPUS / name


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_ledger_reads_row_by_row(name: str, tmp_path: Path):
    ledger = read_ledger(ledger_path(name, tmp_path), CONTEXT)
    expected = EXPECTED[name]
    problems = [(p.row, p.title, p.category, p.detail, p.leader, p.term, _day(p.found_on), p.verified,
                 _day(p.verified_on), [(r.department, r.owner, r.role) for r in p.responsibilities])
                for p in ledger.problems]
    assert problems == expected["problems"]
    tasks = [(t.row, t.measure, t.department, t.owner, _day(t.deadline), t.status, t.evidence)
             for p in ledger.problems for t in p.tasks]
    assert tasks == expected["tasks"]
    notices = sorted((n.key.split(".")[-1], n.params.get("rows", n.params.get("row"))) for n in ledger.notices)
    assert notices == expected["notices"]
    assert ledger.rejected == [] and ledger.errors == []
    assert ledger.rows == len({t[0] for t in expected["tasks"]})


def test_the_corpus_covers_the_encodings_and_layouts_offices_use(tmp_path: Path):
    names = sorted(EXPECTED)
    assert len(names) >= 12
    kinds = {"bom": 0, "gbk": 0, "utf8": 0, "xlsx": 0}
    for name in names:
        if name.endswith(".xlsx"):
            kinds["xlsx"] += 1
            continue
        data = (CORPUS / name).read_bytes()
        if data.startswith(b"\xef\xbb\xbf"):
            kinds["bom"] += 1
        else:
            try:
                data.decode("utf-8")
                kinds["utf8"] += 1
            except UnicodeDecodeError:
                data.decode("gb18030")
                kinds["gbk"] += 1
    assert all(count >= 2 for count in kinds.values()), kinds
    merged = [n for n in LAYOUTS if n in EXPECTED and any(":" in m and m[1:].split(":")[0] != m.split(":")[1][1:]
                                                          for m in LAYOUTS[n]["merges"])]
    assert len(merged) >= 3  # merged over rows: problems, two-row headers
    assert (CORPUS / "SOURCES.md").read_text(encoding="utf-8").count("\n## ") >= 15
    for name in [*names, "A1-党支部活动记录.xlsx", "A2-三会一课登记表.csv", "A3-中心组学习记录.csv"]:
        assert f"`{name}`" in (CORPUS / "SOURCES.md").read_text(encoding="utf-8"), name
