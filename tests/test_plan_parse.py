"""Reading and parsing plan documents (实施方案): the pure part of plan import.

Each test plan in tests/plans/ is written in a style real plans use; every
phase of each is checked (title, start, end).
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from campaign_cli.errors import UserError
from campaign_cli.i18n.messages import plan as plan_messages
from campaign_cli.importers.plan import (
    MAX_BYTES,
    PlanDocument,
    normalise_text,
    parse_plan,
    read_plan_text,
)

PLANS = Path(__file__).parent / "plans"
REFERENCE = Path(__file__).parents[2] / "shared" / "reference" / "plan-jiangsu-speech-2023.txt"
TODAY = date(2023, 6, 1)
D = date


def parse_file(path: Path, *, year: int | None = None) -> PlanDocument:
    return parse_plan(read_plan_text(path), year=year, today=TODAY)


def phases(doc: PlanDocument) -> list[tuple[str, date | None, date | None]]:
    return [(p.title, p.start, p.end) for p in doc.phases]


def warning_keys(doc: PlanDocument) -> list[tuple[int, str]]:
    return [(w.line, w.key) for w in doc.warnings]


# ---------------------------------------------------------------------------
# The reference plan
# ---------------------------------------------------------------------------

REFERENCE_PHASES = [
    ("开展专题学习", D(2023, 4, 21), D(2023, 4, 28)),
    ("组织交流讨论", D(2023, 5, 8), D(2023, 5, 12)),
    ("深入开展调研", D(2023, 5, 13), D(2023, 12, 31)),
    ("深化调研成果", None, D(2023, 12, 31)),
    ("着力解决问题", None, D(2023, 12, 31)),
]

needs_reference = pytest.mark.skipif(
    not REFERENCE.exists(),
    reason=f"reference plan not found at {REFERENCE} (the shared/ folder beside the repo)",
)


@needs_reference
def test_reference_plan_exactly() -> None:
    doc = parse_file(REFERENCE)
    assert doc.title == "关于开展学习宣传贯彻习近平总书记在参加江苏代表团审议时的重要讲话精神的实施方案"
    assert doc.doc_no == "常教工委〔2023〕28号"
    assert doc.issuer == "常教工委"
    assert doc.year == 2023
    assert (doc.start, doc.end) == (None, None)
    assert phases(doc) == REFERENCE_PHASES  # nothing from the trailing 用户登录
    assert [p.seq for p in doc.phases] == [1, 2, 3, 4, 5]
    assert [p.line for p in doc.phases] == [6, 7, 8, 9, 10]
    assert [p.as_written for p in doc.phases] == [
        "4月21日至4月28 日",
        "5月8日至5月12日",
        "5月13日至年底",
        "年底前",
        "年底前",
    ]
    assert doc.warnings == []


@needs_reference
def test_reference_plan_kinds_and_targets() -> None:
    first, second, third, *_ = parse_file(REFERENCE).phases
    assert first.kinds == ["study-group", "three-meetings", "theme-day", "party-lecture"]
    assert first.targets == []  # '党员干部教师' is not named as someone to research
    assert second.kinds == ["discussion"]
    assert third.kinds == ["research"]
    assert third.targets == ["industry", "enterprise", "staff", "family", "teacher"]


@needs_reference
def test_reference_plan_the_same_from_gb18030_and_docx(tmp_path: Path) -> None:
    import docx

    text = REFERENCE.read_text(encoding="utf-8")
    gb = tmp_path / "plan.txt"
    gb.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    assert phases(parse_file(gb)) == REFERENCE_PHASES
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(tmp_path / "plan.docx")
    doc = parse_file(tmp_path / "plan.docx")
    assert phases(doc) == REFERENCE_PHASES
    assert doc.doc_no == "常教工委〔2023〕28号"


@needs_reference
def test_reference_plan_year_option_wins() -> None:
    doc = parse_file(REFERENCE, year=2024)
    assert doc.year == 2024
    assert doc.phases[0].start == D(2024, 4, 21)
    assert doc.phases[3].end == D(2024, 12, 31)


# ---------------------------------------------------------------------------
# Test plans in other styles (tests/plans/)
# ---------------------------------------------------------------------------

# file -> (title, doc_no, year, (overall start, end), phases, warnings)
CASES: dict[str, tuple] = {
    # 一、 sections, （一） phases, 4月21日—28日, 上旬至中旬, 下旬, 7月底前, an overall period in prose.
    "cn-paren-dash.txt": (
        "关于在全校党员中开展党纪学习教育的实施方案",
        "常某中委〔2024〕12号",
        2024,
        (D(2024, 4, 1), D(2024, 7, 31)),
        [
            ("学习动员", D(2024, 4, 21), D(2024, 4, 28)),
            ("集中学习", D(2024, 5, 1), D(2024, 6, 20)),
            ("交流研讨", D(2024, 6, 21), D(2024, 6, 30)),
            ("总结提升", None, D(2024, 7, 31)),
        ],
        [],
    ),
    # Markdown, 第一阶段： headings, ～, 9月至10月, 2023年11月—2024年1月, then 2月底前 in 2024 (leap).
    "stage-labels.md": (
        "关于开展“学思想、强党性、重实践、建新功”主题教育的实施方案",
        None,
        2023,
        (None, None),
        [
            ("动员部署", D(2023, 9, 1), D(2023, 9, 10)),
            ("调研走访", D(2023, 9, 1), D(2023, 10, 31)),
            ("整改落实", D(2023, 11, 1), D(2024, 1, 31)),
            ("总结评估", None, D(2024, 2, 29)),
        ],
        [],
    ),
    # A phase table copied from Word (tab-separated), – and ~, 文号 with (2023).
    "word-table-tabs.txt": (
        "关于开展2023年“书香校园”读书月活动的实施方案",
        "校党发(2023)3号",
        2023,
        (None, None),
        [
            ("宣传发动", D(2023, 3, 1), D(2023, 3, 15)),
            ("读书交流", D(2023, 3, 16), D(2023, 4, 30)),
            ("总结表彰", D(2023, 5, 1), D(2023, 5, 31)),
        ],
        [],
    ),
    # A table pasted with full-width spaces between columns, with a 序号 column.
    "word-table-spaces.txt": (
        "关于开展“青年教师成长月”活动的实施方案",
        "某校团〔2021〕4号",
        2021,
        (None, None),
        [
            ("学习动员", D(2021, 10, 8), D(2021, 10, 15)),
            ("结对帮扶", D(2021, 10, 16), D(2021, 11, 20)),
            ("展示评比", D(2021, 11, 21), D(2021, 11, 30)),
        ],
        [],
    ),
    # A markdown table; 到; the year from a stated full date (no 文号).
    "md-table.md": (
        "关于开展师德师风专题教育的工作方案",
        None,
        2022,
        (None, None),
        [
            ("学习动员", D(2022, 9, 1), D(2022, 9, 10)),
            ("自查自纠", D(2022, 9, 11), D(2022, 10, 31)),
            ("建章立制", None, D(2022, 11, 30)),
        ],
        [],
    ),
    # Copied from a web page: junk before and after, a title on two lines,
    # ① phases, full-width digits and stray spaces in dates, 6月底前.
    "fullwidth-junk.txt": (
        "关于开展“奋进新时代”主题党日活动的实施方案",
        None,
        2023,
        (None, None),
        [
            ("集中学习", D(2023, 4, 21), D(2023, 5, 20)),
            ("专题研讨", D(2023, 5, 21), D(2023, 5, 31)),
            ("整改落实", None, D(2023, 6, 30)),
        ],
        [],
    ),
    # 1、 phases with the dates on their own line: 时间：…, 5.15-6.30, （7月上旬至下旬）; 7月21日起.
    "dates-below.txt": (
        "关于深入开展“大兴调查研究”的实施方案",
        "某教党〔2023〕7号",
        2023,
        (None, None),
        [
            ("学习准备", D(2023, 5, 8), D(2023, 5, 12)),
            ("调研走访", D(2023, 5, 15), D(2023, 6, 30)),
            ("成果转化", D(2023, 7, 1), D(2023, 7, 31)),
            ("整改提升", D(2023, 7, 21), None),
        ],
        [(13, "plan.open_end")],
    ),
    # GB18030-encoded; （1） phases; 到 and -; 时间内容安排.
    "gb18030.txt": (
        "关于开展教职工“强师德、提能力”学习活动的实施方案",
        "某职校工〔2022〕9号",
        2022,
        (None, None),
        [
            ("宣传发动", D(2022, 5, 8), D(2022, 5, 12)),
            ("集中培训", D(2022, 5, 15), D(2022, 6, 30)),
            ("考核总结", D(2022, 7, 1), D(2022, 7, 31)),
        ],
        [],
    ),
    # UTF-8 with BOM and CRLF; an unnumbered heading; 一、 phases opening with their dates; no year at all.
    "utf8-bom.txt": (
        "关于开展“三进三帮”活动的实施方案",
        None,
        None,
        (None, None),
        [
            ("开展专题学习", D(2023, 4, 21), D(2023, 4, 28)),
            ("深入基层调研", D(2023, 5, 1), D(2023, 6, 30)),
            ("建立长效机制", None, D(2023, 12, 31)),
        ],
        [(0, "plan.no_year")],
    ),
    # An overall period labelled 活动时间；1. phases; a date opening the second sentence; 次年.
    "year-rollover.txt": (
        "关于开展冬季安全生产专项整治行动的工作方案",
        "市教安〔2023〕15号",
        2023,
        (D(2023, 9, 1), D(2024, 2, 29)),
        [
            ("动员部署", D(2023, 9, 1), D(2023, 10, 31)),
            ("排查整治", D(2023, 11, 1), D(2023, 12, 31)),
            ("集中攻坚", D(2023, 12, 1), D(2024, 1, 31)),
            ("巩固提升", D(2024, 2, 1), D(2024, 2, 29)),
        ],
        [],
    ),
    # No phase-section heading: 第X阶段 lines under 主要任务, found by their dates.
    "headless-stages.txt": (
        "关于开展“强基固本”支部建设年活动的通知",
        None,
        2023,
        (None, None),
        [
            ("摸底调研", D(2023, 3, 1), D(2023, 3, 31)),
            ("对标提升", D(2023, 4, 1), D(2023, 9, 30)),
            ("验收总结", D(2023, 10, 1), D(2023, 11, 30)),
        ],
        [],
    ),
    # No dates anywhere: the phases are found, each without dates and with a warning.
    "no-dates.txt": (
        "关于开展“文明校园”创建活动的实施方案",
        None,
        None,
        (None, None),
        [
            ("宣传发动阶段", None, None),
            ("组织实施阶段", None, None),
            ("检查验收阶段", None, None),
        ],
        [
            (0, "plan.no_year"),
            (6, "plan.phase_no_date"),
            (7, "plan.phase_no_date"),
            (8, "plan.phase_no_date"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_plan_styles(name: str) -> None:
    title, doc_no, year, overall, expected, warnings = CASES[name]
    doc = parse_file(PLANS / name)
    assert doc.title == title
    assert doc.doc_no == doc_no
    assert doc.year == year
    assert (doc.start, doc.end) == overall
    assert phases(doc) == expected
    assert [p.seq for p in doc.phases] == list(range(1, len(expected) + 1))
    assert warning_keys(doc) == warnings


def test_as_written_keeps_the_document_text() -> None:
    doc = parse_file(PLANS / "fullwidth-junk.txt")
    assert [p.as_written for p in doc.phases] == ["４ 月 ２１ 日 至 ５ 月 ２０ 日", "５月下旬", "６月底前"]
    doc = parse_file(PLANS / "dates-below.txt")
    assert [p.as_written for p in doc.phases] == ["5月8日—5月12日", "5.15-6.30", "7月上旬至下旬", "7月21日"]
    doc = parse_file(PLANS / "cn-paren-dash.txt")
    assert doc.phases[0].as_written == "4月21日—28日"


def test_kinds_and_targets_of_test_plans() -> None:
    doc = parse_file(PLANS / "cn-paren-dash.txt")
    assert [p.kinds for p in doc.phases] == [
        ["study-group"],
        ["three-meetings", "theme-day", "party-lecture"],
        ["discussion"],
        ["problems"],  # 梳理形成问题清单
    ]
    doc = parse_file(PLANS / "dates-below.txt")
    assert doc.phases[1].targets == ["industry", "enterprise", "family", "teacher"]
    doc = parse_file(PLANS / "word-table-spaces.txt")
    assert doc.phases[0].targets == []  # 教师座谈会 is no research visit
    assert doc.phases[1].kinds == ["research"] and doc.phases[1].targets == ["teacher", "family"]


def test_phase_lines_point_into_the_document() -> None:
    for name in CASES:
        text = read_plan_text(PLANS / name).split("\n")
        for phase in parse_file(PLANS / name).phases:
            assert phase.title[:2] in text[phase.line - 1] or phase.as_written in text[phase.line - 1], (
                name,
                phase,
            )


def test_without_a_year_dates_are_read_in_todays_year_but_not_claimed() -> None:
    doc = parse_plan((PLANS / "no-dates.txt").read_text(encoding="utf-8"), today=D(2025, 1, 1))
    assert doc.year is None
    doc = parse_plan(read_plan_text(PLANS / "utf8-bom.txt"), today=D(2025, 1, 1))
    assert doc.year is None
    assert doc.phases[0].start == D(2025, 4, 21)
    assert doc.warnings[0].params == {"line": 0, "year": 2025}
    assert parse_plan(read_plan_text(PLANS / "utf8-bom.txt"), year=2023, today=D(2025, 1, 1)).year == 2023


# ---------------------------------------------------------------------------
# .docx
# ---------------------------------------------------------------------------


def test_docx_with_a_phase_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("关于开展“清廉学校”建设的实施方案")
    document.add_paragraph("某教纪〔2024〕3号")
    document.add_paragraph("一、工作目标")
    document.add_paragraph("营造风清气正的育人环境。")
    document.add_paragraph("二、时间内容安排")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["序号", "阶段", "起止时间", "工作内容"], strict=True):
        cell.text = text
    rows = [
        ("1", "第一阶段", "3月1日\n至\n3月20日", "宣传发动。召开动员会，组织理论学习中心组专题学习。"),
        ("2", "第二阶段：对标整改", "3月21日—6月30日", "走访企业和家长开展调研，建立问题清单。"),
        ("3", "第三阶段", "年底前", "总结提升。"),
    ]
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    document.add_paragraph("三、工作要求")
    document.add_paragraph("请于6月底前完成自查。", style="List Number")
    document.save(tmp_path / "plan.docx")

    text = read_plan_text(tmp_path / "plan.docx")
    assert "1\t第一阶段\t3月1日 至 3月20日\t宣传发动。" in text
    doc = parse_plan(text, today=TODAY)
    assert (doc.title, doc.doc_no, doc.year) == (
        "关于开展“清廉学校”建设的实施方案",
        "某教纪〔2024〕3号",
        2024,
    )
    assert phases(doc) == [
        ("宣传发动", D(2024, 3, 1), D(2024, 3, 20)),
        ("对标整改", D(2024, 3, 21), D(2024, 6, 30)),
        ("总结提升", None, D(2024, 12, 31)),
    ]
    assert doc.phases[0].kinds == ["study-group"]
    assert doc.phases[1].kinds == ["research", "problems"]  # 建立问题清单
    assert doc.phases[1].targets == ["enterprise", "family"]
    assert doc.phases[0].as_written == "3月1日 至 3月20日"


def test_docx_word_numbering_is_written_out(tmp_path: Path) -> None:
    """Word's automatic numbering is not in a paragraph's text; the reader adds it."""
    import docx

    document = docx.Document()
    document.add_paragraph("关于开展读书活动的实施方案")
    document.add_paragraph("二、实施步骤")
    for text in (
        "启动阶段（2023年4月1日至4月7日）。发布书目。",
        "阅读阶段（4月8日至5月31日）。",
        "展示阶段（6月）。",
    ):
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("三、工作要求")
    document.save(tmp_path / "plan.docx")
    text = read_plan_text(tmp_path / "plan.docx")
    assert text.splitlines()[2:5] == [
        "1.启动阶段（2023年4月1日至4月7日）。发布书目。",
        "2.阅读阶段（4月8日至5月31日）。",
        "3.展示阶段（6月）。",
    ]
    assert phases(parse_plan(text, today=TODAY)) == [
        ("启动阶段", D(2023, 4, 1), D(2023, 4, 7)),
        ("阅读阶段", D(2023, 4, 8), D(2023, 5, 31)),
        ("展示阶段", D(2023, 6, 1), D(2023, 6, 30)),
    ]


def test_a_docx_saved_as_txt_is_read_as_docx(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("关于开展活动的实施方案")
    document.save(tmp_path / "plan.txt")
    assert read_plan_text(tmp_path / "plan.txt") == "关于开展活动的实施方案"


# ---------------------------------------------------------------------------
# Reading errors: clear messages, exit 1
# ---------------------------------------------------------------------------


def _error(path: Path) -> UserError:
    with pytest.raises(UserError) as info:
        read_plan_text(path)
    assert info.value.exit_code == 1
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.txt").key == "plan.not_found"


def test_a_folder_is_not_a_plan(tmp_path: Path) -> None:
    (tmp_path / "plans.txt").mkdir()
    assert _error(tmp_path / "plans.txt").key == "plan.not_a_file"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("plan.pdf", "plan.bad_pdf"),
        ("plan.ofd", "plan.convert_first"),
        ("plan.doc", "plan.convert_first"),
        ("plan.wps", "plan.convert_first"),
        ("plan.xlsx", "plan.bad_extension"),
        ("plan", "plan.bad_extension"),
    ],
)
def test_unsupported_formats(tmp_path: Path, name: str, key: str) -> None:
    (tmp_path / name).write_bytes(b"%PDF-1.4 something")
    error = _error(tmp_path / name)
    assert error.key == key


@pytest.mark.parametrize(
    "content",
    [b"this is not a zip file", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, b"PK\x03\x04broken"],
    ids=["text", "old-word", "truncated-zip"],
)
def test_broken_docx(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "plan.docx").write_bytes(content)
    error = _error(tmp_path / "plan.docx")
    assert error.key == "plan.bad_docx"
    assert "plan.docx" in error.params["path"] and error.params["reason"]


def test_a_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "plan.docx", "w") as z:
        z.writestr("hello.txt", "hello")
    assert _error(tmp_path / "plan.docx").key == "plan.bad_docx"


@pytest.mark.parametrize(
    "content", [b"", b"   \r\n\t\n", "\u3000\u00a0\r\n\u200b\n".encode(), b"\xef\xbb\xbf\n"]
)
def test_empty_or_blank_text(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "plan.txt").write_bytes(content)
    assert _error(tmp_path / "plan.txt").key == "plan.empty"


def test_empty_docx(tmp_path: Path) -> None:
    import docx

    docx.Document().save(tmp_path / "plan.docx")
    assert _error(tmp_path / "plan.docx").key == "plan.empty"


def test_file_over_20_mb(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    error = _error(path)
    assert error.key == "plan.too_large" and error.params["limit"] == 20


def test_error_messages_format_in_both_languages(tmp_path: Path) -> None:
    errors = [_error(tmp_path / "nope.txt")]
    (tmp_path / "plan.docx").write_bytes(b"junk")
    errors.append(_error(tmp_path / "plan.docx"))
    for error in errors:
        for catalog in (plan_messages.ZH, plan_messages.EN):
            assert str(tmp_path) in catalog[error.key].format(**error.params)


# ---------------------------------------------------------------------------
# Encodings and normalisation
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8", "utf-8-sig", "utf-16"])
def test_encodings(tmp_path: Path, encoding: str) -> None:
    text = "关于开展专题学习的实施方案\n二、时间安排\n1.专题学习（4月21日至4月28日）。\n2.交流讨论（5月）。"
    (tmp_path / "plan.txt").write_bytes(text.encode(encoding))
    assert read_plan_text(tmp_path / "plan.txt") == text


def test_gb18030_fixture_is_really_gb18030() -> None:
    raw = (PLANS / "gb18030.txt").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert (PLANS / "utf8-bom.txt").read_bytes().startswith(b"\xef\xbb\xbf")


def test_normalise_text_keeps_line_numbers() -> None:
    raw = "\ufeff标题\r\n\r\n一、\u3000时间\u00a0安排\u200b\r二、x\u2028三、y  \n"
    assert normalise_text(raw) == "标题\n\n一、 时间 安排\n二、x\n三、y"


def test_utf8_with_a_damaged_byte_stays_utf8(tmp_path: Path) -> None:
    data = "关于开展专题学习的实施方案\n".encode() * 50
    (tmp_path / "plan.txt").write_bytes(data[:-5] + b"\xff\n")
    assert read_plan_text(tmp_path / "plan.txt").startswith("关于开展专题学习的实施方案")


# ---------------------------------------------------------------------------
# Parsing rules
# ---------------------------------------------------------------------------


def parse(text: str, **kw) -> PlanDocument:
    return parse_plan(text, today=TODAY, **kw)


@pytest.mark.parametrize(
    ("line", "doc_no", "issuer", "year"),
    [
        ("常教工委〔2023〕28号", "常教工委〔2023〕28号", "常教工委", 2023),
        ("根据常教工委[2022]5号文件精神，", "常教工委[2022]5号", "常教工委", 2022),
        ("按照《关于开展……的通知》（苏教党（2021）12号）要求，", "苏教党（2021）12号", "苏教党", 2021),
        ("市委教育工委〔2020〕第3号", "市委教育工委〔2020〕第3号", "市委教育工委", 2020),
    ],
)
def test_doc_no_issuer_and_year(line: str, doc_no: str, issuer: str, year: int) -> None:
    doc = parse(f"关于开展学习的实施方案\n{line}\n一、时间安排\n1.学习（5月）。\n2.总结（6月）。")
    assert (doc.doc_no, doc.issuer, doc.year) == (doc_no, issuer, year)
    assert doc.phases[0].start == D(year, 5, 1)


def test_year_option_beats_the_doc_no() -> None:
    doc = parse("常教工委〔2023〕28号\n一、时间安排\n1.学习（5月）。", year=2025)
    assert doc.year == 2025 and doc.phases[0].end == D(2025, 5, 31)


def test_requirements_are_not_phases() -> None:
    text = """关于开展学习的实施方案
二、时间内容安排
1.专题学习（4月21日至4月28日）。组织学习。
2.交流讨论（5月8日至5月12日）。
三、工作要求
1.加强领导（6月底前）。一要提高认识，二要注重实效。
2.按时报送（12月10日前）。
"""
    doc = parse(text, year=2023)
    assert [p.title for p in doc.phases] == ["专题学习", "交流讨论"]


def test_requirements_are_not_phases_without_a_heading() -> None:
    text = """关于开展学习的实施方案
一、主要内容
（一）专题学习（4月21日至4月28日）。
（二）交流讨论（5月8日至5月12日）。
二、工作要求
（一）加强领导（6月底前）。
（二）按时报送（12月10日前）。
"""
    assert [p.title for p in parse(text, year=2023).phases] == ["专题学习", "交流讨论"]


def test_web_junk_after_the_phases_is_ignored() -> None:
    text = """关于开展学习的实施方案
二、实施步骤
1.专题学习（4月21日至4月28日）。组织学习。
2.交流讨论（5月）。开展大讨论。
热门文章：关于开展主题党日活动的通知
用户登录
分享到：微信 微博
Copyright © 2023 某某学校 苏ICP备12345678号
"""
    doc = parse(text, year=2023)
    assert phases(doc) == [
        ("专题学习", D(2023, 4, 21), D(2023, 4, 28)),
        ("交流讨论", D(2023, 5, 1), D(2023, 5, 31)),
    ]
    assert doc.phases[1].kinds == ["discussion"]


def test_content_opening_with_a_junk_word_is_content() -> None:
    text = """关于开展学习的实施方案
二、实施步骤
1.成立领导小组
2.专题学习（4月）。
登录学习强国平台开展学习，评论区交流体会。
3.交流研讨（5月）。
（四）工作要求
1.高度重视（6月底前）。
"""
    doc = parse(text, year=2023)
    assert phases(doc) == [
        ("成立领导小组", None, None),
        ("专题学习", D(2023, 4, 1), D(2023, 4, 30)),
        ("交流研讨", D(2023, 5, 1), D(2023, 5, 31)),
    ]


def test_steps_closed_by_a_requirements_item_of_their_own_style() -> None:
    text = "关于开展学习的实施方案\n三、实施步骤\n（一）学习（4月）。\n（二）总结评估（5月）。\n（三）工作要求\n一要认真。"
    assert [p.title for p in parse(text, year=2023).phases] == ["学习", "总结评估"]


def test_a_strong_heading_wins_over_a_weak_one() -> None:
    text = """关于开展学习的实施方案
二、工作安排
1.各部门要认真组织（6月底前报送材料）。
2.加强宣传（7月）。
三、实施步骤
1.动员（4月）。
2.学习（5月）。
3.总结（6月）。
"""
    assert [p.title for p in parse(text, year=2023).phases] == ["动员", "学习", "总结"]


def test_junk_only_gives_nothing() -> None:
    doc = parse("用户登录\n首页\n打印本页 关闭窗口")
    assert doc.phases == [] and doc.title is None
    assert {w.key for w in doc.warnings} == {"plan.no_phases", "plan.no_year", "plan.no_title"}


def test_overall_period_above_the_steps_is_not_a_phase() -> None:
    text = """关于开展“深化能力作风建设”活动的实施方案
三、实施步骤
时间安排：2025年9月1日至12月30日。
1.动员部署（9月1日至9月15日）。
2.集中整治（9月16日至11月30日）。
3.总结提升（12月中旬）。
"""
    doc = parse(text)
    assert (doc.year, doc.start, doc.end) == (2025, D(2025, 9, 1), D(2025, 12, 30))
    assert phases(doc) == [
        ("动员部署", D(2025, 9, 1), D(2025, 9, 15)),
        ("集中整治", D(2025, 9, 16), D(2025, 11, 30)),
        ("总结提升", D(2025, 12, 11), D(2025, 12, 20)),
    ]
    assert doc.warnings == []


def test_overall_period_as_an_item_is_not_a_phase() -> None:
    text = """关于开展活动的实施方案
三、时间和步骤
（一）时间安排：2025年9月1日至12月30日。
（二）动员部署（9月1日至9月15日）。
（三）总结提升（12月）。
"""
    doc = parse(text)
    assert (doc.start, doc.end) == (D(2025, 9, 1), D(2025, 12, 30))
    assert [p.title for p in doc.phases] == ["动员部署", "总结提升"]
    assert [p.seq for p in doc.phases] == [1, 2]
    # 12月 ends on the 31st, after the stated period: said, not fixed.
    assert warning_keys(doc) == [(3, "plan.overall_mismatch")]


def test_overall_period_that_misses_a_phase_warns() -> None:
    text = (
        "关于开展活动的实施方案\n活动时间：2023年5月至6月。\n二、实施步骤\n1.动员（4月）。\n2.总结（6月）。"
    )
    doc = parse(text)
    assert (doc.start, doc.end) == (D(2023, 5, 1), D(2023, 6, 30))
    assert warning_keys(doc) == [(2, "plan.overall_mismatch")]


def test_a_single_day_is_no_overall_period() -> None:
    doc = parse("关于开展活动的实施方案\n时间：2023年4月20日\n二、实施步骤\n1.动员（4月）。\n2.总结（6月）。")
    assert (doc.start, doc.end) == (None, None)


def test_no_start_month_goes_on_into_next_year_with_a_warning() -> None:
    text = "关于开展活动的实施方案\n市教〔2023〕1号\n二、工作安排\n1.准备（9月至10月）。\n2.实施（11月—12月）。\n3.总结（1月至2月）。"
    doc = parse(text)
    assert phases(doc)[2] == ("总结", D(2024, 1, 1), D(2024, 2, 29))
    assert warning_keys(doc) == [(6, "plan.year_assumed")]
    assert doc.warnings[0].params["year"] == 2024


@pytest.mark.parametrize(
    ("heading", "title", "start", "end", "written"),
    [
        (
            "1.开展专题学习 (4月21日至4月28 日)。利用…",
            "开展专题学习",
            D(2023, 4, 21),
            D(2023, 4, 28),
            "4月21日至4月28 日",
        ),
        (
            "1.4月21日至4月28日，开展专题学习。",
            "开展专题学习",
            D(2023, 4, 21),
            D(2023, 4, 28),
            "4月21日至4月28日",
        ),
        (
            "1.开展专题学习：召开动员会，部署任务。（4月21日—4月28日）",
            "开展专题学习",
            D(2023, 4, 21),
            D(2023, 4, 28),
            "4月21日—4月28日",
        ),
        ("（一）第一阶段：学习动员阶段（时间：4月）", "学习动员阶段", D(2023, 4, 1), D(2023, 4, 30), "4月"),
        ("第二阶段 专题学习（5月—6月）", "专题学习", D(2023, 5, 1), D(2023, 6, 30), "5月—6月"),
        ("第三阶段（7月）", "第三阶段", D(2023, 7, 1), D(2023, 7, 31), "7月"),
        (
            "（一）深入学习，统一思想（2023年4月下旬—5月上旬）",
            "深入学习，统一思想",
            D(2023, 4, 21),
            D(2023, 5, 10),
            "2023年4月下旬—5月上旬",
        ),
        (
            "1．总结阶段：4月26日-4月30日，评选优秀班级。",
            "总结阶段",
            D(2023, 4, 26),
            D(2023, 4, 30),
            "4月26日-4月30日",
        ),
        ("1.开展大学习（4月中旬至5月）。", "开展大学习", D(2023, 4, 11), D(2023, 5, 31), "4月中旬至5月"),
        ("1.开展大整改（截至6月底）。", "开展大整改", None, D(2023, 6, 30), "截至6月底"),
        ("1.巩固提升（6月30日前完成）。", "巩固提升", None, D(2023, 6, 30), "6月30日前"),
        (
            "1.总结（四月二十一日至四月二十八日）",
            "总结",
            D(2023, 4, 21),
            D(2023, 4, 28),
            "四月二十一日至四月二十八日",
        ),
        ("1.学习（5月13日至月底）。", "学习", D(2023, 5, 13), D(2023, 5, 31), "5月13日至月底"),
        ("1.学习（4.21—4.28）。", "学习", D(2023, 4, 21), D(2023, 4, 28), "4.21—4.28"),
        ("1.学习（12月至次年1月）。", "学习", D(2023, 12, 1), D(2024, 1, 31), "12月至次年1月"),
        ("1.学习。时间安排：4月21日至28日。", "学习", D(2023, 4, 21), D(2023, 4, 28), "4月21日至28日"),
        ("1.学习（2023.4.21—4.28）", "学习", D(2023, 4, 21), D(2023, 4, 28), "2023.4.21—4.28"),
        ("1.学习（3-4月）", "学习", D(2023, 3, 1), D(2023, 4, 30), "3-4月"),
        ("1.学习（9—10月份）", "学习", D(2023, 9, 1), D(2023, 10, 31), "9—10月份"),
        ("1.学习（三至四月）", "学习", D(2023, 3, 1), D(2023, 4, 30), "三至四月"),
        ("1.学习（第三季度）", "学习", D(2023, 7, 1), D(2023, 9, 30), "第三季度"),
        ("1.学习（2023年上半年）", "学习", D(2023, 1, 1), D(2023, 6, 30), "2023年上半年"),
        ("1.学习（即日起至5月31日）", "学习", None, D(2023, 5, 31), "5月31日"),
        (
            "1.学习（4月21日（周五）至4月28日）",
            "学习",
            D(2023, 4, 21),
            D(2023, 4, 28),
            "4月21日（周五）至4月28日",
        ),
        ("1.学习（五月八日至十二日）", "学习", D(2023, 5, 8), D(2023, 5, 12), "五月八日至十二日"),
        ("1.学习（4月21-28日）", "学习", D(2023, 4, 21), D(2023, 4, 28), "4月21-28日"),
    ],
)
def test_phase_headings(heading: str, title: str, start, end, written: str) -> None:
    doc = parse(f"关于开展学习的实施方案\n二、实施步骤\n{heading}\n三、工作要求\n一要认真。", year=2023)
    assert phases(doc) == [(title, start, end)]
    assert doc.phases[0].as_written == written


def test_dates_on_the_line_under_the_heading() -> None:
    text = "方案\n二、实施步骤\n第一阶段：动员部署\n（4月21日至4月28日）\n召开动员会。\n第二阶段：总结\n完成时间：6月底前\n"
    assert phases(parse(text, year=2023)) == [
        ("动员部署", D(2023, 4, 21), D(2023, 4, 28)),
        ("总结", None, D(2023, 6, 30)),
    ]


def test_a_heading_wrapped_inside_its_dates() -> None:
    text = "方案\n二、实施步骤\n1.开展专题学习 (4月21日至\n4月28日)。利用“三会一课”学习。\n2.交流讨论（5月8日—\n5月12日）\n3.调研（5月13日至年底。5月20日召开会议。"
    doc = parse(text, year=2023)
    assert phases(doc) == [
        ("开展专题学习", D(2023, 4, 21), D(2023, 4, 28)),
        ("交流讨论", D(2023, 5, 8), D(2023, 5, 12)),
        ("调研", D(2023, 5, 13), D(2023, 12, 31)),
    ]
    assert doc.phases[0].kinds == ["three-meetings"]


def test_a_heading_holding_only_dates_takes_its_title_from_below() -> None:
    text = "方案\n二、实施步骤\n1.（4月21日至4月28日）\n开展专题学习。组织学习。\n2.（5月）\n交流讨论。"
    assert [p.title for p in parse(text, year=2023).phases] == ["开展专题学习", "交流讨论"]


def test_never_invents_a_date() -> None:
    text = "方案\n二、实施步骤\n1.动员（待定）。\n2.学习（2月30日至3月5日）。\n3.总结（贯穿全年）。\n4.整改。"
    doc = parse(text, year=2023)
    assert phases(doc) == [
        ("动员", None, None),
        ("学习", None, None),
        ("总结", None, None),
        ("整改", None, None),
    ]
    # What stands where a date would: shown as written, never turned into one.
    assert [p.as_written for p in doc.phases] == ["待定", "2月30日至3月5日", "贯穿全年", ""]
    assert doc.warnings[2].params["text"] == "2月30日至3月5日"
    assert warning_keys(doc) == [
        (0, "plan.no_title"),
        (3, "plan.phase_no_date"),
        (4, "plan.unread_date"),
        (4, "plan.phase_no_date"),
        (5, "plan.phase_no_date"),
        (6, "plan.phase_no_date"),
    ]


def test_duplicate_titles_warn() -> None:
    doc = parse("关于开展学习的实施方案\n二、实施步骤\n1.学习（4月）。\n2.学习（5月）。", year=2023)
    assert warning_keys(doc) == [(4, "plan.duplicate_title")]


def test_unnumbered_dated_paragraphs_under_a_heading() -> None:
    text = "方案\n时间安排\n专题学习（4月21日至4月28日）。利用“三会一课”学习。\n交流研讨（5月）。\n工作要求\n认真组织。"
    doc = parse(text, year=2023)
    assert phases(doc) == [
        ("专题学习", D(2023, 4, 21), D(2023, 4, 28)),
        ("交流研讨", D(2023, 5, 1), D(2023, 5, 31)),
    ]
    assert doc.phases[0].kinds == ["three-meetings"]


def test_title_wrapped_on_two_lines_and_red_header() -> None:
    text = "中共某某学校委员会文件\n某委〔2023〕1号\n关于开展学习宣传贯彻党的二十大精神\n主题活动的实施方案\n各支部："
    assert parse(text).title == "关于开展学习宣传贯彻党的二十大精神主题活动的实施方案"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "中共某某学校委员会文件\n某委〔2023〕1号\n关于开展读书活动的实施方案（试行）\n各支部：",
            "关于开展读书活动的实施方案（试行）",
        ),
        ("首页 > 通知公告\n发布时间：2023-04-18\n关于开展读书活动的通知\n各支部：", "关于开展读书活动的通知"),
        ("中共某某学校委员会文件\n关于开展2023年读书月活动\n各支部：", "关于开展2023年读书月活动"),
        ("2023年度教职工培训计划\n一、指导思想", "2023年度教职工培训计划"),
    ],
)
def test_titles(text: str, title: str) -> None:
    assert parse(text).title == title


def test_every_warning_key_has_messages() -> None:
    assert set(plan_messages.ZH) == set(plan_messages.EN)
    assert all(key.startswith("plan.") for key in plan_messages.ZH)
    docs = [parse_file(PLANS / name) for name in CASES]
    docs.append(
        parse("方案\n二、实施步骤\n1.学习（9月）。\n2.学习（2月30日）。\n3.x（10月1日起）。\n4.y（1月）")
    )
    docs.append(parse("活动时间：2023年5月至6月。\n二、实施步骤\n1.动员（4月）。"))
    docs.append(parse("用户登录"))
    docs.append(parse("方案\n二、实施步骤\n（一）动员（4月）。\n（二）学习（5月）。\n第三阶段：总结（6月）。"))
    docs.append(parse("方案\n二、实施步骤\n1.动员（4月）。\n2.学习（5月）。\n三、工作要求\n第三阶段：总结提升（9月至10月）。"))
    seen = set()
    for doc in docs:
        for w in doc.warnings:
            seen.add(w.key)
            for catalog in (plan_messages.ZH, plan_messages.EN):
                assert catalog[w.key].format(**w.params)
    assert seen == {k for k in plan_messages.ZH if k not in _ERROR_KEYS}


_ERROR_KEYS = {
    "plan.not_found",
    "plan.not_a_file",
    "plan.bad_extension",
    "plan.convert_first",
    "plan.too_large",
    "plan.empty",
    "plan.bad_docx",
    "plan.bad_pdf",
    "plan.pdf_no_text",
    "plan.pdf_locked",
    "plan.bad_encoding",
    "plan.unreadable",
    "plan.year_unknown",
}


# ---------------------------------------------------------------------------
# Never crashes on a document
# ---------------------------------------------------------------------------

_FRAGMENTS = [
    "1.",
    "（一）",
    "一、",
    "第一阶段：",
    "（1）",
    "①",
    "时间安排",
    "实施步骤",
    "\t",
    "  ",
    "\n",
    "4月21日",
    "至",
    "—",
    "-",
    "～",
    "28日",
    "年底前",
    "6月底前",
    "下旬",
    "2023年",
    "11月",
    "次年",
    "〔2023〕28号",
    "常教工委",
    "开展专题学习",
    "。",
    "，",
    "：",
    "（",
    "）",
    "调研企业",
    "三会一课",
    "用户登录",
    "|",
    "阶段\t时间\t内容",
    "5.15-6.30",
    "起",
    "2月30日",
    "13月",
    "时间：",
    "活动时间：",
    "关于",
    "实施方案",
    "月底",
    "工作要求",
]


@pytest.mark.slow
def test_any_text_parses_without_error() -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=4)), max_size=50),
        st.one_of(st.none(), st.integers(1990, 2100)),
    )
    def check(parts: list[str], year: int | None) -> None:
        doc = parse_plan("".join(parts), year=year, today=TODAY)
        for i, phase in enumerate(doc.phases, start=1):
            assert phase.seq == i and phase.title
            assert phase.start is None or phase.end is None or phase.start <= phase.end

    check()
