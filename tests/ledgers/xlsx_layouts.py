"""The XLSX ledgers of the corpus, as small descriptions built at test time.

Each layout is the rows as an office keeps them (None: an empty cell, or a
cell covered by a merge) and the merged ranges; `build(name, folder)`
writes the .xlsx with openpyxl, merges included, as Excel saves it. Where
each layout comes from: SOURCES.md beside this file.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

LAYOUTS: dict[str, dict] = {
    # 巡察反馈问题整改台账: title row, section rows, a problem merged over two measure rows, 合计 and 填表人 rows
    "01-巡察反馈问题整改台账.xlsx": {
        "rows": [
            ["XX中学巡察反馈问题整改台账", None, None, None, None, None, None, None],
            ["序号", "反馈问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限", "整改进展"],
            ["一、党的政治建设方面", None, None, None, None, None, None, None],
            [1, "贯彻落实上级决策部署有温差", "1.召开专题会议传达学习；2.建立重要文件传达落实台账", "王书记", "党政办",
             "赵敏", "立行立改", "已完成"],
            [2, "“第一议题”制度执行不到位", "修订党委会议事规则", "王书记", "党政办", "赵敏", datetime(2023, 7, 31),
             "部分整改"],
            [None, None, "每次党委会第一议题学习有记录", None, "党政办、纪检监察室", "赵敏、孙刚", "长期坚持", "已启动"],
            ["二、全面从严治党方面", None, None, None, None, None, None, None],
            [3, "食堂物资采购未公开招标", "（1）制定食堂大宗物资采购办法\n（2）开展采购公开招标", "张副校长",
             "后勤处、财务室", "周强", "本学期", "未启动"],
            ["合计", None, "3个问题", None, None, None, None, None],
            ["填表人：赵敏　　审核人：王书记", None, None, None, None, None, None, None],
        ],
        "merges": ["A1:H1", "A3:H3", "A5:A6", "B5:B6", "D5:D6", "A7:H7", "A9:B9", "A10:H10"],
    },
    # 安全隐患整改销号台账: date cells, 是否销号 / 销号时间, 隐患部位 as detail
    "03-安全隐患整改销号台账.xlsx": {
        "rows": [
            ["XX小学安全隐患整改销号登记表（2023年）"] + [None] * 11,
            ["序号", "排查时间", "隐患部位", "存在的安全隐患", "隐患类别", "整改措施", "整改责任部门", "整改责任人",
             "整改期限", "是否销号", "销号时间", "备注"],
            [1, datetime(2023, 5, 6), "教学楼二楼阳台", "阳台护栏膨胀开裂", "校舍安全", "拉警戒线，更换护栏", "总务处",
             "王建", "立即整改", "是", datetime(2023, 5, 20), "已验收"],
            [2, datetime(2023, 5, 6), "门卫室", "周界报警器声音开关关闭，报警声听不到", "技防设施",
             "拆除报警器声音开关，培训保安", "安全办", "马力", datetime(2023, 5, 8), "是", datetime(2023, 5, 9), None],
            [3, datetime(2023, 5, 15), "配电间", "缺少二氧化碳灭火器", "消防安全", "配备二氧化碳灭火器", "总务处",
             "王建", "暑假期间", "否", None, None],
            [4, datetime(2023, 6, 1), "体育馆", "篮球架底座锈蚀", "体育设施", "更换篮球架底座", "体育组", "钱进",
             "秋季开学前", "否", None, "已报预算"],
            [5, "2023年6月5日", "校门口", "上放学时段车辆乱停", "周边交通", "协调交警设置临时停车区", "安全办、德育处",
             "马力", "立即整改", None, None, None],
        ],
        "merges": ["A1:L1"],
    },
    # 审计整改情况统计表: a two-row header with merged cells, section rows, 是/否 columns, a 合计 row
    "05-审计整改情况统计表.xlsx": {
        "rows": [
            ["审计发现问题整改情况统计表"] + [None] * 8,
            ["序号", "审计发现问题", "整改要求", "细化的整改措施", "整改时限", "整改责任", None, "整改情况", None],
            [None, None, None, None, None, "整改第一责任人", "整改责任单位", "是否已完成整改", "是否销号"],
            ["一、预算执行方面"] + [None] * 8,
            [1, "部分专项资金未按规定用途使用", "按规定归还原资金渠道", "1.清理专项资金支出明细；2.归还原资金渠道",
             "2023.12", "李校长", "财务处", "否", "否"],
            [2, "公务接待费用报销附件不全", "规范公务接待报销", "补齐报销附件并修订报销审核清单", "立行立改", "李校长",
             "财务处", "是", "是"],
            ["二、资产管理方面"] + [None] * 8,
            [3, "固定资产账实不符", "开展资产清查", "开展固定资产全面清查，核销盘亏资产", "2023年7月低", "张副校长",
             "资产管理处、财务处", "否", "否"],
            [4, "房屋出租未经审批", "规范出租审批", "补办出租审批手续", "持续整改", "张副校长", "资产管理处",
             "持续整改", "否"],
            ["合计", None, "4个问题", None, None, None, None, "已完成1个", "已销号1个"],
        ],
        "merges": ["A1:I1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:G2", "H2:I2", "A4:I4", "A7:I7",
                   "A10:B10"],
    },
    # 重点任务清单: 重点任务 as the problem, milestone cells, 7月、12月 paired with numbered measures
    "07-重点任务清单.xlsx": {
        "rows": [
            ["序号", "重点任务", "目标要求", "工作举措", "牵头校领导", "责任部门", "时间节点", "完成情况"],
            [1, "建设智慧校园", "建成校园数据中心", "分三步推进智慧校园建设", "陈副校长", "信息中心",
             "4月底前：制定建设方案\n6月底前：完成机房改造\n12月底前：通过验收", "按序时推进"],
            [2, "推进课后服务提质", "课后服务学生参与率达到95%", "1.开发课后服务课程菜单；2.引入优质社会资源", "李校长",
             "教务处", "7月、12月", "阶段性完成"],
            [3, "加强教师队伍建设", "新增市级骨干教师5名", "实施青年教师培养工程", "王书记", "教师发展中心、人事处",
             "全年", "已启动"],
        ],
        "merges": [],
    },
    # 责任督学督导意见整改记录: school-calendar deadlines, found-on dates, a blank-headed column with notes
    "09-督学督导意见整改记录.xlsx": {
        "rows": [
            ["序号", "督学整改意见", "提出时间", "学校整改措施", "分管领导", "责任部门", "完成时限", "整改情况", None],
            [1, "纸质材料不够常态化，占用教师时间专门做材料", datetime(2023, 3, 27), "建立材料日常收集归档制度",
             "王蕾", "校长室", "本学期", "已落实", "督学马伟中"],
            [2, "优课率不高，集体备课不够扎实", datetime(2023, 3, 27), "（1）每周开展一次集体备课\n（2）开展优课评比",
             "曹启东", "教务处", "学期末", "整改中", None],
            [3, "校园环境卫生需常抓不懈", datetime(2023, 5, 12), "落实卫生包干区每日检查", "王蕾", "德育处", "常态化",
             "长期坚持", None],
            [4, "课后作业公示不及时", datetime(2023, 6, 2), "作业每日在班级群公示", "曹启东", "教务处", "下学期",
             "未启动", "回访时复查"],
        ],
        "merges": [],
    },
    # 党支部检视问题清单: a two-row header (整改责任 over 责任人 / 配合人), （一） sections, ① and 一是 measures
    "11-党支部检视问题清单.xlsx": {
        "rows": [
            ["第一党支部检视问题清单"] + [None] * 7,
            ["序号", "问题类型", "存在问题", "整改措施", "整改责任", None, "整改时限", "是否销号"],
            [None, None, None, None, "责任人", "配合人", None, None],
            ["（一）组织生活方面"] + [None] * 7,
            [1, None, "“三会一课”记录要素不全，未记录请假人员", "①规范会议记录模板；②支委会逐月检查记录本", "刘洋",
             "陈静", "立行立改", "是"],
            [2, None, "主题党日活动形式单一", "一是开展红色研学；二是结合学科特点设计特色活动", "刘洋", "周敏", "本学期",
             "否"],
            ["（二）党员教育管理方面"] + [None] * 7,
            [3, "教育管理", "个别党员参加组织生活不积极", "开展谈心谈话，纳入民主评议", "刘洋", None, "年底前", "否"],
        ],
        "merges": ["A1:H1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2", "G2:G3", "H2:H3", "A4:H4", "A7:H7"],
    },
    # 党支部活动记录 (an activity record sheet)
    "A1-党支部活动记录.xlsx": {
        "rows": [
            ["第一党支部2023年活动记录"] + [None] * 9,
            ["序号", "日期", "活动主题", "活动类型", "支部", "应到人数", "实到人数", "主持人", "地点", "备注"],
            [1, datetime(2023, 3, 3), "学习贯彻党的二十大精神", "主题党日", "第一党支部", 25, 23, "刘洋", "党员活动室",
             "2人请假"],
            [2, datetime(2023, 4, 7), "支部党员大会：讨论发展对象", "支部党员大会", "第一党支部", 25, 24, "刘洋", "会议室",
             None],
            [3, "2023年5月12日", "专题党课：以学铸魂", "专题党课", "第一党支部", "25人", "25人", "王书记", "报告厅", None],
            [4, datetime(2023, 6, 2), "支委会研究主题教育安排", "支委会", "第一党支部", 5, 6, "刘洋", "党员活动室", None],
            [5, datetime(2023, 6, 9), "红色研学", "参观学习", "第一党支部", 25, 20, "陈静", "革命纪念馆", None],
        ],
        "merges": ["A1:J1"],
    },
}


def build(name: str, folder: Path) -> Path:
    """Write layout `name` as an .xlsx in `folder`; returns its path."""
    from openpyxl import Workbook

    layout = LAYOUTS[name]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    for row in layout["rows"]:
        sheet.append(row)
    for box in layout["merges"]:
        sheet.merge_cells(box)
    path = Path(folder) / name
    workbook.save(path)
    return path
