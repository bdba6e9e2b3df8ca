"""`report --format docx`: the month report in the 公文 form (SPEC §7, GB/T 9704-2012).

Read back with python-docx: page, margins, grid, fonts (w:eastAsia), sizes,
spacing, indents, odd/even footers, the sections in order, the tables. Two
documents: a hand-made SPEC §3 document with every key (held activities,
uncovered branches, reopened, extended, on-time rates, overdue tasks) and
the real one the demo store gives through the CLI. Where LibreOffice is
installed the file is also turned into PDF and PNG pages and measured.
"""

from __future__ import annotations

import copy
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from pg import on_ci

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "report" / "month-2023-06.json"
NOTES = REPO / "examples" / "notes-2023-06.md"
THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@pytest.fixture
def june() -> dict:
    return json.loads(FIXTURE.read_text("utf-8"))


def render(document: dict, *, notes: bool | str = False, template: Path | None = None, lang: str = "zh"):
    from campaign_cli.importers.report_notes import parse_notes, read_notes
    from campaign_cli.reports.formats.docx import render_docx

    read = None
    if notes is True:
        read = read_notes(NOTES)
    elif isinstance(notes, str):
        read = parse_notes(notes)
    data = render_docx(document, notes=read, template=template, lang=lang)
    assert data[:2] == b"PK"
    return Document(io.BytesIO(data))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def styled(doc, name: str) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == name]


def fonts(style) -> dict[str, str]:
    element = style.element.rPr.find(qn("w:rFonts"))
    return {key.split("}")[1]: value for key, value in element.attrib.items()}


def spacing(style):
    return style.element.pPr.find(qn("w:spacing"))


def indent(style):
    return style.element.pPr.find(qn("w:ind"))


# --- page, grid, styles ------------------------------------------------------------

def test_a4_page_with_the_official_margins_and_a_22_line_grid(june):
    doc = render(june)
    first, attachment = doc.sections[0], doc.sections[-1]
    assert len(doc.sections) == 2
    size = first._sectPr.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")  # A4 in twips, as Word writes it
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert [round(m.mm) for m in (first.top_margin, first.bottom_margin, first.left_margin, first.right_margin)] \
        == [37, 35, 28, 26]
    grid = first._sectPr.find(qn("w:docGrid"))
    # 225 mm / 22 lines = 28.95 pt = 579 twips; 156 mm / 28 characters = 15.8 pt,
    # 0.2 pt less than the 16 pt body size: charSpace (4096ths of a point) is negative.
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"
    char_space = int(grid.get(qn("w:charSpace")))
    assert -900 < char_space < -800
    assert abs((16 + char_space / 4096) * 28 - (210 - 28 - 26) * 72 / 25.4) < 0.5
    # 22 exact lines fill the type area without running over it.
    type_area = (first.page_height - first.top_margin - first.bottom_margin) / 12700  # EMU to points
    assert 22 * 579 / 20 <= type_area < 23 * 579 / 20


def test_styles_carry_the_official_fonts_sizes_spacing_and_indents(june):
    doc = render(june)
    expected = {  # style: (East Asian font, half-points, first-line indent in characters, alignment)
        "Normal": ("仿宋_GB2312", "32", "200", "both"),
        "Title": ("方正小标宋简体", "44", "0", "center"),
        "Heading 1": ("黑体", "32", "200", "both"),
        "Heading 2": ("楷体_GB2312", "32", "200", "both"),
    }
    for name, (east_asian, size, chars, align) in expected.items():
        style = doc.styles[name]
        found = fonts(style)
        assert found["eastAsia"] == east_asian, name
        assert not any(attr.split(":")[1] in found for attr in THEME_ATTRS), (name, found)
        rpr = style.element.rPr
        assert rpr.find(qn("w:sz")).get(qn("w:val")) == size
        assert rpr.find(qn("w:szCs")).get(qn("w:val")) == size
        assert rpr.find(qn("w:color")) is None and not style.font.bold, name
        line = spacing(style)
        assert (line.get(qn("w:lineRule")), line.get(qn("w:line"))) == ("exact", "579"), name
        assert (line.get(qn("w:before")), line.get(qn("w:after"))) == ("0", "0"), name
        assert indent(style).get(qn("w:firstLineChars")) == chars, name
        assert style.element.pPr.find(qn("w:jc")).get(qn("w:val")) == align, name
    assert doc.styles["Normal"].font.size == Pt(16) and doc.styles["Title"].font.size == Pt(22)
    assert indent(doc.styles["Normal"]).get(qn("w:firstLine")) == "640"  # two 16 pt characters
    assert doc.styles["Normal"].element.pPr.find(qn("w:overflowPunct")).get(qn("w:val")) == "0"
    # The body is set a quarter point closer so 28 characters fit the 156 mm line.
    assert doc.styles["Normal"].element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    # Headings stay with what follows and show in Word's navigation pane.
    for name, level in (("Heading 1", "0"), ("Heading 2", "1")):
        ppr = doc.styles[name].element.pPr
        assert ppr.find(qn("w:outlineLvl")).get(qn("w:val")) == level
        assert doc.styles[name].paragraph_format.keep_with_next
    # No theme font left anywhere a clerk's text could pick it up.
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋_GB2312"
    for linked in ("Heading1Char", "Heading2Char", "TitleChar"):
        style = next(s for s in doc.styles.element.findall(qn("w:style")) if s.get(qn("w:styleId")) == linked)
        rfonts = style.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert not any(rfonts.get(qn(attr)) for attr in THEME_ATTRS), linked


def test_every_paragraph_uses_an_official_style(june):
    doc = render(june, notes=True)
    used = {p.style.name for p in doc.paragraphs}
    assert used <= {"Normal", "Title", "Heading 1", "Heading 2", "公文顶格", "公文附件标识"}, used
    for cell in doc.tables[0]._cells:
        assert cell.paragraphs[0].style.name in ("公文表格", "公文表头")
    table_font = fonts(doc.styles["公文表格"])
    assert table_font["eastAsia"] == "仿宋_GB2312" and doc.styles["公文表格"].font.size == Pt(12)
    assert fonts(doc.styles["公文表头"])["eastAsia"] == "黑体"
    assert fonts(doc.styles["公文附件标识"])["eastAsia"] == "黑体"


def test_page_numbers_on_the_outer_side_of_odd_and_even_pages(june):
    doc = render(june)
    assert doc.settings.odd_and_even_pages_header_footer
    assert doc.settings.element.find(qn("w:evenAndOddHeaders")) is not None
    section = doc.sections[0]
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right_indent"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left_indent")):
        assert not footer.is_linked_to_previous
        (p,) = footer.paragraphs
        assert p.alignment == align
        assert getattr(p.paragraph_format, side) == Pt(14)  # one 四号 character in from the edge
        xml = p._p.xml
        assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
        assert [f.get(qn("w:fldCharType")) for f in p._p.iter(qn("w:fldChar"))] == ["begin", "separate", "end"]
        assert p.text == "— 1 —"
        for run in p.runs:
            assert run.font.size == Pt(14)
            assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"
    # The landscape attachment keeps counting with the same footers.
    assert doc.sections[1].footer.is_linked_to_previous


# --- the sections --------------------------------------------------------------------

def test_sections_in_the_order_of_the_form(june):
    doc = render(june, notes=True)
    lines = texts(doc)
    title = "关于2023年6月学习宣传贯彻习近平总书记在参加江苏代表团审议时的重要讲话精神工作开展情况的报告"
    assert lines[0] == title and doc.paragraphs[0].style.name == "Title"
    assert lines[1] == "" and lines[2] == "常教工委："  # 主送: the issuer, 顶格, with a colon
    assert doc.paragraphs[2].style.name == "公文顶格"
    assert lines[3] == ("根据常教工委〔2023〕28号文件要求，现将2023年6月学习宣传贯彻习近平总书记在参加江苏代表团"
                        "审议时的重要讲话精神工作开展情况报告如下。本报告数据统计截至2023年6月30日。")
    assert styled(doc, "Heading 1") == ["一、工作开展情况", "二、问题整改情况", "三、存在的问题", "四、下步打算"]
    assert styled(doc, "Heading 2") == [
        "（一）总体情况", "（二）主要做法", "（三）活动开展情况",
        "（一）总体情况", "（二）新增问题3个", "（三）推进中问题4个", "（四）已销号问题1个", "（五）逾期任务3项",
        "（一）补齐支部活动短板", "（二）加快逾期任务整改", "（三）抓好成果巩固",  # the notes' ### headings
    ]
    order = [lines.index(text) for text in ("一、工作开展情况", "（二）主要做法", "（三）活动开展情况",
                                            "二、问题整改情况", "三、存在的问题", "四、下步打算",
                                            "附件：1.问题整改台账", "【请填写单位名称】", "2023年6月30日",
                                            "附件1", "问题整改台账")]
    assert order == sorted(order)
    # The sign-off: 成文日期右空四字, the signer centred over it; 附件 line 左空二字.
    date = doc.paragraphs[lines.index("2023年6月30日")]
    signer = doc.paragraphs[lines.index("【请填写单位名称】")]
    assert date.alignment == signer.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent == Pt(64)
    # 2023年6月30日 is 6.5 characters wide, the signer 9: centred, it stands 2.75 characters in.
    assert signer.paragraph_format.right_indent == Pt(16 * 2.75)
    assert doc.paragraphs[lines.index("附件：1.问题整改台账")].style.name == "Normal"
    # The sign-off keeps the text's last lines on its page: everything from there to it stays together.
    last = lines.index("附件：1.问题整改台账") - 2
    assert lines[last] == "对已销号问题开展“回头看”，防止问题反弹。"
    assert all(p.paragraph_format.keep_with_next for p in doc.paragraphs[last:lines.index("2023年6月30日")])
    # The attachment starts the landscape section.
    mark = doc.paragraphs[lines.index("附件1")]
    assert mark.style.name == "公文附件标识"
    breaks = [i for i, p in enumerate(doc.paragraphs) if p._p.pPr is not None and p._p.pPr.sectPr is not None]
    assert breaks == [lines.index("2023年6月30日")]


def test_the_work_section_lists_the_activities_held_and_the_branches_that_held_nothing(june):
    lines = texts(render(june))
    start, end = lines.index("（三）活动开展情况"), lines.index("二、问题整改情况")
    assert "本月共开展各类活动6次，参加118人次；4个支部中有3个开展了活动。其中，主题党日2次、三会一课1次、" \
           "专题党课1次、调研2次。调研对象：教师1次、企业1次。" in lines
    assert "当前正在推进：第3阶段“深入开展调研”（5月13日至12月31日，时间进度21%）、第4阶段“深化调研成果”" \
           "（12月31日前，时间进度27%）、第5阶段“着力解决问题”（12月31日前，时间进度27%）。" in lines
    assert lines[start + 1:end] == [
        "本月开展活动6次，具体如下：",
        "1.6月2日，党政办开展调研“走访合作企业：实训岗位需求”，参加6人次。",
        "2.6月3日，第一党支部开展调研“青年教师座谈：学校建设”，参加25人次。",
        "3.6月8日，第三党支部开展主题党日“重温入党誓词”，参加12人次。",
        "4.6月16日，第一党支部开展三会一课“支部大会：传达学习重要讲话精神”，参加26人次。",
        "5.6月21日，第三党支部开展专题党课“书记讲专题党课：在高质量发展中走在前列”，参加17人次。",
        "6.6月29日，第二党支部开展主题党日“‘七一’主题党日：走进常州三杰纪念馆”，参加32人次。",
        "本月未开展活动的支部（1个）：退休党支部。",
    ]


def test_the_problem_section_gives_the_three_lists_figures_and_the_overdue_owners(june):
    lines = texts(render(june))
    assert ("本月新增问题3个（其中调研发现1个），整改完成1个，销号1个，重新打开1个，月末未销号4个。"
            "本月到期整改任务5项，完成2项（其中按期完成1项），延期1项，月末逾期3项，按期完成率20%。") in lines
    assert ("分部门看：后勤处到期1项、完成0项（按期0项）、逾期1项，按期完成率0%；教务处到期2项、完成1项（按期0项）、"
            "逾期1项，按期完成率0%；党政办到期1项、完成0项（按期0项）、逾期1项，按期完成率0%；"
            "学生处到期1项、完成1项（按期1项）、逾期0项，按期完成率100%。") in lines
    start = lines.index("（二）新增问题3个")
    assert lines[start:lines.index("三、存在的问题")] == [
        "（二）新增问题3个",
        "1.P-3 青年教师培养渠道不畅（教务处，王强），6月3日发现，未开始。",
        "2.P-4 食堂就餐高峰排队时间长（后勤处，赵亮），6月5日发现，整改中。",
        "3.P-5 学习资料归档不规范（党政办，孙丽），6月6日发现，未开始。",
        "（三）推进中问题4个",
        "1.P-1 实训设备与企业岗位脱节（教务处，陈明），整改中，整改任务完成0/2项。",
        "2.P-3 青年教师培养渠道不畅（教务处，王强），未开始，整改任务完成0/1项。",
        "3.P-4 食堂就餐高峰排队时间长（后勤处，赵亮），整改中，整改任务完成0/1项。",
        "4.P-5 学习资料归档不规范（党政办，孙丽），未开始，整改任务完成0/1项。",
        "（四）已销号问题1个",
        "1.P-2 部分学生家庭教育缺位（学生处，刘芳），6月12日销号。",
        "（五）逾期任务3项",
        "1.T-4 增设两个售饭窗口（P-4 食堂就餐高峰排队时间长；后勤处，赵亮），完成时限6月12日，已逾期18天。",
        "2.T-3 制定青年教师结对帮扶方案（P-3 青年教师培养渠道不畅；教务处，王强），完成时限6月20日，已逾期10天。",
        "3.T-6 建立支部学习资料电子台账（P-5 学习资料归档不规范；党政办，孙丽），完成时限6月26日，已逾期4天。",
        "问题整改明细见附件1。",
    ]


def test_a_list_cut_short_by_the_document_counts_the_rest(june):
    june["overdue"] = june["overdue"][:1]
    june["tasks"]["overdue_at_end"] = 40
    lines = texts(render(june))
    i = lines.index("（五）逾期任务40项")
    assert lines[i + 1].startswith("1.T-4 ") and lines[i + 2] == "……另有39项。"


def test_the_attachment_is_a_landscape_ledger_whose_header_repeats(june):
    doc = render(june)
    attachment = doc.sections[1]
    assert attachment.orientation == WD_ORIENT.LANDSCAPE
    size = attachment._sectPr.find(qn("w:pgSz"))
    assert (size.get(qn("w:w")), size.get(qn("w:h")), size.get(qn("w:orient"))) == ("16838", "11906", "landscape")
    assert [round(m.mm) for m in (attachment.top_margin, attachment.bottom_margin, attachment.left_margin,
                                  attachment.right_margin)] == [28, 26, 37, 35]
    assert attachment._sectPr.find(qn("w:docGrid")) is None and attachment._sectPr.find(qn("w:titlePg")) is None
    (table,) = doc.tables
    rows = table.rows
    assert len(rows) == 1 + 5  # P-1…P-5: the problems of 新增, 推进中 and 已销号, once each
    header = [c.text for c in rows[0].cells]
    assert header == ["序号", "编号", "问题", "类别", "责任部门", "责任人", "发现日期", "状态", "任务完成",
                      "销号日期", "逾期任务"]
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    body = [[c.text for c in r.cells] for r in rows[1:]]
    assert [r[1] for r in body] == ["P-1", "P-2", "P-3", "P-4", "P-5"]
    assert body[1] == ["2", "P-2", "部分学生家庭教育缺位", "学生工作", "学生处", "刘芳", "2023.5.26", "已销号", "1/1",
                       "2023.6.12", ""]
    assert body[3][-1] == "T-4 增设两个售饭窗口（逾期18天）"
    assert body[4][-1] == "T-6 建立支部学习资料电子台账（逾期4天）"
    # The columns fill the 225 mm landscape line.
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(widths) / 1440 * 25.4 - 225) < 1
    assert texts(doc)[-2:] == ["问题整改台账", "（统计截至2023年6月30日）"]


def test_a_month_not_over_says_so_and_signs_with_the_as_of_date(june):
    june["as_of"] = "2023-06-15"
    lines = texts(render(june))
    assert lines[3].endswith("本报告数据统计截至2023年6月15日（本月尚未结束）。")
    assert "2023年6月15日" in lines and "2023年6月30日" not in lines
    assert "（统计截至2023年6月15日）" in lines


# --- the notes -----------------------------------------------------------------------

def test_without_notes_the_clerks_places_are_marked(june):
    lines = texts(render(june))
    marked = [line for line in lines if line.startswith("【请填写")]
    assert marked == ["【请填写】本月的主要做法和成效。", "【请填写】工作中存在的问题和不足。",
                      "【请填写】下一步的工作打算和措施。", "【请填写单位名称】"]
    assert lines[lines.index("（二）主要做法") + 1] == marked[0]
    assert lines[lines.index("三、存在的问题") + 1] == marked[1]
    assert lines[lines.index("四、下步打算") + 1] == marked[2]


def test_notes_fill_their_sections_with_paragraphs_bold_lead_ins_and_headings(june):
    doc = render(june, notes=True)
    lines = texts(doc)
    assert not [line for line in lines if line.startswith("【请填写】")]
    practices = lines[lines.index("（二）主要做法") + 1:lines.index("（三）活动开展情况")]
    assert [line[:10] for line in practices] == ["一是抓实理论学习。各", "二是带着问题开展调研", "三是压实整改责任。对"]
    # Lines of one Markdown paragraph join without a space between Chinese characters.
    assert "“三会一课”，第三党支部" in practices[0]
    first = doc.paragraphs[lines.index(practices[0])]
    assert [(r.text, bool(r.bold)) for r in first.runs][:1] == [("一是抓实理论学习。", True)]
    assert not first.runs[1].bold
    problems = lines[lines.index("三、存在的问题") + 1:lines.index("四、下步打算")]
    assert problems == ["支部之间进度不平衡，第二党支部、退休党支部本月未开展专题活动。",
                        "个别整改任务推进偏慢，食堂增设售饭窗口、青年教师结对帮扶两项任务已逾期。",
                        "调研成果转化为具体措施的速度还不够快。"]
    plans = lines[lines.index("四、下步打算") + 1:lines.index("附件：1.问题整改台账")]
    assert plans[:6] == ["（一）补齐支部活动短板",
                         "7月上旬前督促第二党支部、退休党支部各开展一次专题学习，退休党支部可采取送学上门的方式。",
                         "（二）加快逾期任务整改",
                         "1.后勤处7月10日前完成售饭窗口改造，党政办跟踪验收。",
                         "2.教务处7月15日前印发青年教师结对帮扶方案，落实到人。",
                         "（三）抓好成果巩固"]


def test_a_heading_inside_the_practices_is_numbered_one_level_down(june):
    doc = render(june, notes="## 主要做法\n### 抓学习\n各支部集中学习。\n### 抓调研\n走访企业。\n")
    lines = texts(doc)
    start = lines.index("（二）主要做法")
    assert lines[start + 1:start + 5] == ["1.抓学习", "各支部集中学习。", "2.抓调研", "走访企业。"]
    assert doc.paragraphs[start + 1].paragraph_format.keep_with_next
    # Sections the notes leave out are still marked.
    assert "【请填写】工作中存在的问题和不足。" in lines


def test_notes_reader_accepts_other_words_for_a_section_and_gb18030(tmp_path):
    from campaign_cli.importers.report_notes import read_notes

    path = tmp_path / "notes.md"
    path.write_bytes("# 小结\n\n## 下一步打算：\n\n- 抓好\n  落实\n\n## 存在的问题\nToo slow\nin May\n".encode("gb18030"))
    notes = read_notes(path)
    assert [b.text for b in notes.plans] == ["抓好落实"]
    assert [b.text for b in notes.problems] == ["Too slow in May"]
    assert notes.practices == ()


@pytest.mark.parametrize("text, message", [
    ("## 主要做法\n学习\n## 工作亮点\n亮点\n## 其他\n", "## 工作亮点、## 其他"),
    ("## 主要做法\n学习\n## 主要做法\n又一次\n", "第 1 行和第 3 行"),
    ("开头的话\n## 主要做法\n", "第 1 行"),
])
def test_notes_reader_refuses_what_it_would_leave_out(text, message):
    from campaign_cli.errors import UserError
    from campaign_cli.i18n import t
    from campaign_cli.importers.report_notes import parse_notes

    with pytest.raises(UserError) as caught:
        parse_notes(text, "notes.md")
    said = t(caught.value.key, **caught.value.params)
    assert message in said and "notes.md" in said


def test_control_characters_never_reach_the_document(june):
    june["sections"]["new"][0]["title"] = "青年教师\x1b[31m培养\x07渠道\u202e不畅\x00"
    june["activities"]["held"][0]["title"] = "走访\r\n合作企业\t座谈"
    doc = render(june, notes="## 存在问题\n进度\x08不平衡\x1b\n")
    everything = "\n".join(texts(doc) + [c.text for c in doc.tables[0]._cells])
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", everything)
    assert "1.P-3 青年教师[31m培养渠道不畅（教务处" in everything
    assert "“走访 合作企业 座谈”" in everything
    assert "进度不平衡" in everything


def test_english_report(june):
    doc = render(june, lang="en")
    lines = texts(doc)
    assert lines[0].startswith("Report on 学习宣传贯彻")
    assert styled(doc, "Heading 1") == ["1. Work done", "2. Problems and their rectification", "3. Shortcomings",
                                        "4. Next steps"]
    assert styled(doc, "Heading 2")[:3] == ["(1) Overview", "(2) Practices", "(3) Activities held"]
    assert "[to fill in] What comes next and how." in lines


def test_missing_figures_are_shown_as_a_dash_not_guessed(june):
    for key in ("held", "uncovered"):
        del june["activities"][key]
    del june["problems"]["reopened"], june["tasks"]["extended"], june["tasks"]["on_time_rate"], june["as_of"]
    for row in june["by_department"]:
        del row["on_time_rate"]
    lines = texts(render(june))
    assert "本月活动明细：—" in lines and "本月未开展活动的支部：—" in lines
    figures = next(line for line in lines if line.startswith("本月新增问题"))
    assert "重新打开—个" in figures and "延期—项" in figures and "按期完成率—。" in figures
    assert lines[3].endswith("截至2023年6月30日。")  # as_of missing: the month's end


# --- a school's template --------------------------------------------------------------

def make_template(path: Path, *, footer: str | None = None) -> Path:
    """A 红头 template as a school keeps one: the issuing body in red 小标宋, the
    document number over a red rule, a header line; its Normal style at 五号."""
    doc = Document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "某某职业学校党委（首页）"
    section.header.paragraphs[0].text = "某某职业学校党委"
    if footer:
        section.footer.paragraphs[0].text = footer
    doc.styles["Normal"].font.size = Pt(10.5)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run("中共常州市某某职业学校委员会")
    run.font.size, run.font.color.rgb = Pt(36), RGBColor(0xE0, 0, 0)
    number = doc.add_paragraph("常职校委〔2023〕15号")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph()
    doc.save(path)
    return path


def test_a_template_keeps_its_letterhead_styles_and_headers(june, tmp_path):
    template = make_template(tmp_path / "红头.docx")
    doc = render(june, template=template, notes=True)
    lines = texts(doc)
    assert lines[:4] == ["中共常州市某某职业学校委员会", "常职校委〔2023〕15号", "",
                         "关于2023年6月学习宣传贯彻习近平总书记在参加江苏代表团审议时的重要讲话精神工作开展情况的报告"]
    assert doc.paragraphs[0].runs[0].font.color.rgb == RGBColor(0xE0, 0, 0)
    # The school's styles are untouched; the report writes in styles of its own.
    assert doc.styles["Normal"].font.size == Pt(10.5)
    assert doc.paragraphs[3].style.name == "公文标题"
    assert {p.style.name for p in doc.paragraphs[4:]} <= {"公文正文", "公文标题", "公文一级标题", "公文二级标题",
                                                           "公文顶格", "公文附件标识"}
    assert fonts(doc.styles["公文正文"])["eastAsia"] == "仿宋_GB2312"
    assert doc.styles["公文正文"].font.size == Pt(16)
    assert fonts(doc.styles["公文一级标题"])["eastAsia"] == "黑体"
    assert styled(doc, "公文一级标题") == ["一、工作开展情况", "二、问题整改情况", "三、存在的问题", "四、下步打算"]
    first = doc.sections[0]
    assert first.first_page_header.paragraphs[0].text == "某某职业学校党委（首页）"
    assert first.header.paragraphs[0].text == "某某职业学校党委"
    # Without a footer of its own, the template gets the page numbers.
    assert first.footer.paragraphs[0].text == "— 1 —" and first.even_page_footer.paragraphs[0].text == "— 1 —"
    # The landscape attachment inherits the headers but not the first-page 红头 header.
    assert doc.sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert doc.sections[1]._sectPr.find(qn("w:titlePg")) is None
    assert len(doc.tables[0].rows) == 6


def test_a_template_footer_is_kept(june, tmp_path):
    template = make_template(tmp_path / "红头.docx", footer="学校党委办公室印发")
    doc = render(june, template=template)
    footer = doc.sections[0].footer
    assert [p.text for p in footer.paragraphs] == ["学校党委办公室印发"]
    assert "PAGE" not in footer._element.xml


# --- through the CLI: the demo store ------------------------------------------------------

def test_the_demo_store_report_matches_its_json(cli, tmp_path):
    from campaign_cli.reports.formats.docx import figure, rate

    cli.ok("demo")
    target = tmp_path / "六月.docx"
    out = cli.ok("report", "--month", "2023-06", "--format", "docx", "-o", str(target))
    assert str(target) in out.stdout
    document = cli.json("report", "--month", "2023-06")
    doc = Document(str(target))
    lines = texts(doc)
    a, p, k = document["activities"], document["problems"], document["tasks"]
    assert (f"本月共开展各类活动{a['total']}次，参加{a['participants']}人次；{a['units_total']}个支部中有"
            f"{a['units_covered']}个开展了活动。") in lines[lines.index("（一）总体情况") + 1]
    figures = next(line for line in lines if line.startswith("本月新增问题"))
    assert figures == (f"本月新增问题{p['opened']}个（其中调研发现{p['research_findings']}个），整改完成{p['resolved']}个，"
                       f"销号{p['verified']}个，重新打开{figure(p.get('reopened'))}个，月末未销号{p['open_at_end']}个。"
                       f"本月到期整改任务{k['due']}项，完成{k['done']}项（其中按期完成{k['done_on_time']}项），"
                       f"延期{figure(k.get('extended'))}项，月末逾期{k['overdue_at_end']}项，"
                       f"按期完成率{rate(k.get('on_time_rate'))}。")
    overdue = lines[lines.index(f"（五）逾期任务{k['overdue_at_end']}项") + 1:lines.index("问题整改明细见附件1。")]
    assert len(overdue) == len(document["overdue"]) >= 1  # as of 15 June: the month is not over
    for line, task in zip(overdue, document["overdue"]):
        assert task["code"] in line and task["owner"] in line and f"已逾期{task['days_late']}天" in line
    held = a.get("held")
    if held is not None:  # listed once the report document carries it (issue 12)
        assert lines[lines.index("（三）活动开展情况") + 1] == f"本月开展活动{len(held)}次，具体如下："
    ledger_codes = [r.cells[1].text for r in doc.tables[0].rows[1:]]
    sections = document["sections"]
    assert ledger_codes == sorted({r["code"] for name in ("new", "in_progress", "verified") for r in sections[name]},
                                  key=lambda c: int(c[2:]))
    # The same month again with the clerk's notes: only the marked places change.
    with_notes = tmp_path / "六月-说明.docx"
    cli.ok("report", "--month", "2023-06", "--format", "docx", "-o", str(with_notes), "--notes", str(NOTES))
    noted = texts(Document(str(with_notes)))
    assert "【请填写】下一步的工作打算和措施。" in lines and "【请填写】下一步的工作打算和措施。" not in noted
    assert "（一）补齐支部活动短板" in noted


def test_the_reporting_unit_set_once_signs_every_report(cli, tmp_path):
    cli.ok("demo")
    cli.ok("edit", "--unit-name", "中共示范中学委员会")
    assert cli.json("report", "--month", "2023-06")["campaign"]["unit_name"] == "中共示范中学委员会"
    target = tmp_path / "signed.docx"
    cli.ok("report", "--month", "2023-06", "--format", "docx", "-o", str(target))
    lines = texts(Document(str(target)))
    assert "【请填写单位名称】" not in lines
    assert lines[lines.index("中共示范中学委员会") + 1] == "2023年6月15日"  # the signer over the date
    cli.ok("undo", "--yes")
    assert cli.json("report", "--month", "2023-06")["campaign"]["unit_name"] is None


def test_docx_goes_to_a_file_by_default(cli, tmp_path, monkeypatch):
    cli.ok("demo")
    monkeypatch.chdir(tmp_path)
    out = cli.ok("report", "--month", "2023-06", "--format", "docx")
    assert (tmp_path / "report-2023-06.docx").read_bytes()[:2] == b"PK"
    assert "report-2023-06.docx" in out.stdout


@pytest.mark.parametrize("args, code, message", [
    (["--format", "md", "--notes", "x.md"], 2, "--notes 只用于 --format docx"),
    (["--format", "html", "--template", "t.docx"], 2, "--template 只用于 --format docx"),
    (["--format", "docx", "--template", "{tmp}/红头.dotx"], 1, "不是 .docx 文件"),
    (["--format", "docx", "--template", "{tmp}/没有.docx"], 1, "找不到模板文件"),
    (["--format", "docx", "--template", "{tmp}/坏的.docx"], 1, "无法打开模板"),
    (["--format", "docx", "--notes", "{tmp}/没有.md"], 1, "无法读取说明文件"),
    (["--format", "docx", "--notes", "{tmp}/其他.md"], 1, "无法识别的章节：## 其他"),
])
def test_bad_notes_and_templates_are_one_line_errors(cli, tmp_path, args, code, message):
    cli.ok("demo")
    (tmp_path / "红头.dotx").write_bytes(b"PK\x03\x04")
    (tmp_path / "坏的.docx").write_text("这不是 Word 文件", encoding="utf-8")
    (tmp_path / "其他.md").write_text("## 主要做法\n学习\n## 其他\n", encoding="utf-8")
    target = tmp_path / "out.docx"
    result = cli("report", "--month", "2023-06", "-o", str(target), *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2 and "Traceback" not in result.stderr
    assert not target.exists()


# --- LibreOffice: the pages a person sees -------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("pdfinfo")


def _needs_libreoffice() -> None:
    if SOFFICE and POPPLER:
        return
    reason = "needs LibreOffice and poppler (apt-get install libreoffice-writer-nogui poppler-utils)"
    if on_ci():
        pytest.fail(reason + " (CI=true: .ci/run installs them)", pytrace=False)
    pytest.skip(reason)


def _pages(pdf: Path) -> list[dict]:
    """Each page's size and its text lines (top, left, right, text) from pdftotext's boxes."""
    html = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=120).stdout
    pages = []
    for page in re.findall(r"<page (.*?)</page>", html, re.S):
        width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        lines = []
        for x0, y0, x1, body in re.findall(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>(.*?)</line>',
                                           page, re.S):
            text = "".join(re.findall(r">([^<]*)</word>", body))
            lines.append({"top": float(y0), "left": float(x0), "right": float(x1), "text": text})
        pages.append({"width": width, "height": height, "lines": lines})
    return pages


def test_libreoffice_lays_it_out_as_an_official_document(june, tmp_path):
    _needs_libreoffice()
    # Twenty more problems in progress, so the ledger runs onto a second landscape page.
    extra = copy.deepcopy(june["sections"]["in_progress"][0])
    for n in range(6, 26):
        june["sections"]["in_progress"].append(dict(extra, code=f"P-{n}", title=f"第{n}号问题：实训室设备老化需更新"))
    june["problems"]["open_at_end"] += 20
    source = tmp_path / "report.docx"
    from campaign_cli.importers.report_notes import read_notes
    from campaign_cli.reports.formats.docx import render_docx

    source.write_bytes(render_docx(june, notes=read_notes(NOTES), lang="zh"))
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                             "--outdir", str(tmp_path), str(source)], capture_output=True, text=True, timeout=300)
    pdf = tmp_path / "report.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr[-2000:]
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=300)
    pngs = sorted(tmp_path.glob("page-*.png"))
    pages = _pages(pdf)
    assert len(pngs) == len(pages) >= 5

    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                             check=True).stdout)
    for figure in ("本月共开展各类活动6次，参加118人次", "本月未开展活动的支部（1个）：退休党支部", "重新打开1个",
                   "延期1项", "按期完成率20%", "已逾期18天", "一是抓实理论学习", "附件：1.问题整改台账", "问题整改台账"):
        assert figure in text, figure

    mm = 72 / 25.4
    portrait = [p for p in pages if p["height"] > p["width"]]
    landscape = [p for p in pages if p["width"] > p["height"]]
    assert portrait and landscape and pages.index(landscape[0]) == len(portrait)  # the attachment comes last
    assert abs(portrait[0]["width"] - 210 * mm) < 2 and abs(portrait[0]["height"] - 297 * mm) < 2
    for number, page in enumerate(pages, start=1):
        footer = [line for line in page["lines"] if line["top"] > page["height"] - 35 * mm]
        assert [line["text"] for line in footer] == [f"—{number}—"], number
        middle = page["width"] / 2
        # Odd pages right, even pages left.
        assert (footer[0]["left"] > middle) if number % 2 else (footer[0]["right"] < middle), number
    for page in portrait:
        body = [line for line in page["lines"] if line["top"] < page["height"] - 35 * mm]
        assert len({round(line["top"]) for line in body}) <= 22  # 22 lines to a page at most
        for line in body:  # nothing runs past the type area (156 mm from 28 mm in) …
            assert line["left"] >= 28 * mm - 1, line
            # … but a closing mark that may not start a line, which LibreOffice hangs in the margin.
            hanging = 16 if line["text"][-1] in "，。、：；！？”’）》" else 0
            assert line["right"] <= (210 - 26) * mm + 1 + hanging, line
    # A full line holds 28 characters: the longest body line (Chinese characters count 1, digits ½).
    widest = max(sum(0.5 if ch.isascii() else 1 for ch in line["text"])
                 for page in portrait for line in page["lines"])
    assert 27 <= widest <= 28.5
    # The sign-off shares its page with the end of the text.
    (signed,) = [p for p in portrait if any(line["text"] == "2023年6月30日" for line in p["lines"])]
    assert any(line["text"].startswith("对已销号问题开展") for line in signed["lines"])
    # The title is centred on the type area.
    title = portrait[0]["lines"][0]
    centre = (28 * mm + (210 - 26) * mm) / 2
    assert abs((title["left"] + title["right"]) / 2 - centre) < 6
    # The ledger's header row is repeated on every page of the attachment.
    assert len(landscape) >= 2
    assert landscape[0]["lines"][0]["text"] == "附件1"
    for page in landscape:
        first_row = min(line["top"] for line in page["lines"] if line["text"] == "序号")
        assert all(line["top"] >= first_row - 1 for line in page["lines"] if re.fullmatch(r"P-\d+", line["text"]))
    codes = [line["text"] for page in landscape for line in page["lines"] if re.fullmatch(r"P-\d+", line["text"])]
    assert codes == [f"P-{n}" for n in range(1, 26)]
