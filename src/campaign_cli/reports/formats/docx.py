"""`report --format docx`: the month report as the office above expects it, a
报告 in the form of 党政机关公文 (SPEC §7; the layout is `official.py`).

A pure function of the SPEC §3 document, like every other format, so the
figures are the same everywhere. A figure the document lacks is shown as
"—" rather than guessed. The clerk's own words (主要做法, 存在问题, 下步打算)
come from `--notes` (importers/report_notes.py); without them their places
are marked 【请填写】 to be filled in in Word.

    标题            关于2023年6月……工作开展情况的报告
    主送            常教工委：
    一、工作开展情况  （一）总体情况 （二）主要做法 （三）活动开展情况
    二、问题整改情况  （一）总体情况 （二）新增 （三）推进中 （四）已销号 （五）逾期
    三、存在的问题
    四、下步打算
    附件：1.问题整改台账
    署名、成文日期（右空四字）
    附件1 问题整改台账（横向页，表头每页重复）
"""

from __future__ import annotations

import calendar
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any, Iterable

from campaign_cli.errors import UserError
from campaign_cli.i18n import language, set_language, t
from campaign_cli.reports.formats import labels

MISSING = "—"
SECTIONS = ("new", "in_progress", "verified")
TOTALS = {"new": "opened", "in_progress": "open_at_end", "verified": "verified"}
_CN_NUMERALS = "一二三四五六七八九十"


def render_docx(document: dict[str, Any], *, notes=None, template: Path | None = None,
                lang: str | None = None) -> bytes:
    """The .docx file's bytes. `notes`: a ReportNotes or None; `template`:
    a school's .docx to write into (its 红头, styles, headers and footers)."""
    from campaign_cli.reports.formats.official import Official

    if lang:
        set_language(lang)
    if template is not None:
        check_template(template)
    try:
        out = Official(template)
    except Exception as exc:  # python-docx raises zip, XML and content-type errors
        if template is None:
            raise
        reason = (str(exc).strip() or type(exc).__name__).splitlines()[0]
        raise UserError("report.template_bad", path=str(template), reason=reason[:160]) from exc
    _Report(out, document, notes).write()
    buffer = BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def check_template(path: Path) -> None:
    if path.suffix.lower() != ".docx":
        raise UserError("report.template_not_docx", path=str(path))
    if not path.is_file():
        raise UserError("report.template_missing", path=str(path))


# --- words and figures ---------------------------------------------------------

def figure(value: Any) -> str:
    return MISSING if value is None else str(value)


def rate(value: Any) -> str:
    """on_time_rate (a share, SPEC §3) as a percentage; "—" when null or absent."""
    if value is None:
        return MISSING
    text = f"{float(value) * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def numeral(n: int) -> str:
    if language() != "zh":
        return str(n)
    if n <= 10:
        return _CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return (_CN_NUMERALS[tens - 1] if tens > 1 else "") + "十" + (_CN_NUMERALS[ones - 1] if ones else "")


def width(text: str) -> float:
    """Width in characters of the body font: a CJK character is one, a digit or Latin letter half."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def as_of(document: dict[str, Any]) -> date:
    """The day the figures are judged on: `as_of`, else the month's last day."""
    for key in ("as_of", "end"):
        if document.get(key):
            return date.fromisoformat(str(document[key])[:10])
    year, month = (int(x) for x in document["month"].split("-"))
    return date(year, month, calendar.monthrange(year, month)[1])


def month_over(document: dict[str, Any]) -> bool:
    year, month = (int(x) for x in document["month"].split("-"))
    return as_of(document) >= date(year, month, calendar.monthrange(year, month)[1])


def report_title(document: dict[str, Any]) -> str:
    year, month = document["month"].split("-")
    return t("docx.title", title=report_title_subject(document.get("campaign") or {}), year=year, month=int(month))


def problem_ledger(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The month's problems for 附件1: every problem of the sections 新增 /
    推进中 / 已销号, once, in code order, with its overdue tasks."""
    seen: dict[str, dict[str, Any]] = {}
    for name in SECTIONS:
        for row in (document.get("sections") or {}).get(name) or []:
            seen.setdefault(row["code"], dict(row, overdue=[]))
    for task in document.get("overdue") or []:
        if task.get("problem") in seen:
            seen[task["problem"]]["overdue"].append(task)

    def order(code: str) -> tuple[int, str]:
        digits = "".join(ch for ch in code if ch.isdigit())
        return (int(digits) if digits else 0, code)

    return [seen[code] for code in sorted(seen, key=order)]


class _Report:
    def __init__(self, out, document: dict[str, Any], notes) -> None:
        self.out = out
        self.d = document
        self.notes = notes
        self.campaign = document.get("campaign") or {}
        self.as_of = as_of(document)

    def write(self) -> None:
        self.head()
        self.work()
        self.problems()
        self.heading1(3, t("docx.issues"))
        self.notes_blocks("problems", level=2)
        self.heading1(4, t("docx.plans"))
        self.notes_blocks("plans", level=2)
        self.sign_off()
        self.ledger()

    # --- blocks -----------------------------------------------------------------

    def para(self, text, **kwargs):
        return self.out.paragraph("body", text, **kwargs)

    def heading1(self, n: int, text: str) -> None:
        self.out.paragraph("heading1", t("docx.h1", n=numeral(n), text=text))

    def heading2(self, n: int, text: str) -> None:
        self.out.paragraph("heading2", t("docx.h2", n=numeral(n), text=text))

    def items(self, texts: Iterable[str]) -> int:
        count = 0
        for count, text in enumerate(texts, start=1):
            self.para(t("docx.item", n=count, text=text))
        return count

    # --- 标题、主送、开头 ------------------------------------------------------------

    def head(self) -> None:
        self.out.paragraph("title", report_title(self.d))
        self.out.blank()
        issuer = (self.campaign.get("issuer") or "").strip()
        self.out.paragraph("plain", t("docx.addressee", issuer=issuer or t("docx.fill.addressee")))
        year, month = self.d["month"].split("-")
        title = report_title_subject(self.campaign)
        doc_no = (self.campaign.get("doc_no") or "").strip()
        opening = (t("docx.opening", doc_no=doc_no, year=year, month=int(month), title=title) if doc_no
                   else t("docx.opening_no_doc", year=year, month=int(month), title=title))
        key = "docx.as_of" if month_over(self.d) else "docx.as_of_open"
        self.para(opening + t(key, date=labels.day(self.as_of)))

    # --- 一、工作开展情况 ------------------------------------------------------------

    def work(self) -> None:
        a = self.d.get("activities") or {}
        self.heading1(1, t("docx.work"))
        self.heading2(1, t("docx.overview"))
        sentences = [t("docx.activities", total=figure(a.get("total")), participants=figure(a.get("participants")),
                       covered=figure(a.get("units_covered")), branches=figure(a.get("units_total")))]
        if a.get("by_kind"):
            sentences.append(t("docx.by_kind", items=labels.sep().join(
                t("docx.count_item", name=labels.kind(k), count=n) for k, n in a["by_kind"].items())))
        if a.get("by_target"):
            sentences.append(t("docx.by_target", items=labels.sep().join(
                t("docx.count_item", name=labels.target(k), count=n) for k, n in a["by_target"].items())))
        self.para("".join(sentences))
        active = [p for p in self.d.get("phases") or [] if p.get("state") == "active"]
        if active:
            self.para(t("docx.phases_active", items=labels.sep().join(
                t("docx.phase_item", seq=p["seq"], title=inner_quotes(p["title"]),
                  period=_period(p.get("start"), p["end"]), pct=figure(p.get("elapsed_pct")))
                for p in active)))

        self.heading2(2, t("docx.practices"))
        self.notes_blocks("practices", level=3)

        self.heading2(3, t("docx.held"))
        held = a.get("held")
        if held is None:
            self.para(t("docx.held_missing", missing=MISSING))
        elif not held:
            self.para(t("docx.held_none"))
        else:
            self.para(t("docx.held_intro", count=len(held)))
            self.items(self.held_text(row) for row in held)
        uncovered = a.get("uncovered")
        if uncovered is None:
            self.para(t("docx.uncovered_missing", missing=MISSING))
        elif not uncovered:
            self.para(t("docx.uncovered_none"))
        else:
            self.para(t("docx.uncovered", count=len(uncovered), names=labels.sep().join(uncovered)))

    def held_text(self, row: dict[str, Any]) -> str:
        values = {"date": labels.short_day(row.get("date")), "unit": labels.unit(row.get("unit")),
                  "kind": labels.kind(row.get("kind") or "other"), "title": inner_quotes(row.get("title"))}
        if row.get("participants") is None:
            return t("docx.held_item_no_count", **values)
        return t("docx.held_item", participants=row["participants"], **values)

    # --- 二、问题整改情况 ------------------------------------------------------------

    def problems(self) -> None:
        p, k = self.d.get("problems") or {}, self.d.get("tasks") or {}
        self.heading1(2, t("docx.problems"))
        self.heading2(1, t("docx.overview"))
        self.para(t("docx.problem_figures", opened=figure(p.get("opened")),
                    findings=figure(p.get("research_findings")), resolved=figure(p.get("resolved")),
                    verified=figure(p.get("verified")), reopened=figure(p.get("reopened")),
                    open_at_end=figure(p.get("open_at_end")))
                  + t("docx.task_figures", due=figure(k.get("due")), done=figure(k.get("done")),
                      on_time=figure(k.get("done_on_time")), extended=figure(k.get("extended")),
                      overdue=figure(k.get("overdue_at_end")),
                      rate=rate(k.get("on_time_rate", self.d.get("on_time_rate")))))
        departments = self.d.get("by_department") or []
        if departments:
            self.para(t("docx.departments", items=t("docx.list_sep").join(
                t("docx.department_item", department=labels.department(r.get("department")),
                  tasks=figure(r.get("tasks")), done=figure(r.get("done")), on_time=figure(r.get("done_on_time")),
                  overdue=figure(r.get("overdue")), rate=rate(r.get("on_time_rate")))
                for r in departments)))

        sections = self.d.get("sections") or {}
        writers = {"new": self.new_text, "in_progress": self.in_progress_text, "verified": self.verified_text}
        for n, name in enumerate(SECTIONS, start=2):
            rows = sections.get(name)
            total = p.get(TOTALS[name])
            self.heading2(n, t(f"docx.section.{name}", count=figure(total if total is not None else
                                                                     (len(rows) if rows is not None else None))))
            self.listing(rows, total, writers[name])
        overdue = self.d.get("overdue")
        late = k.get("overdue_at_end")
        self.heading2(5, t("docx.section.overdue", count=figure(late if late is not None else
                                                                 (len(overdue) if overdue is not None else None))))
        self.listing(overdue, late, self.overdue_text)
        self.para(t("docx.see_ledger"))

    def listing(self, rows, total, text) -> None:
        if rows is None:
            self.para(MISSING)
            return
        if not rows:
            self.para(t("docx.none"))
            return
        self.items(text(row) for row in rows)
        if isinstance(total, int) and total > len(rows):
            self.para(t("docx.more", count=total - len(rows)))

    def _who(self, row: dict[str, Any]) -> dict[str, str]:
        return {"code": row.get("code") or "", "department": labels.department(row.get("department")),
                "owner": row.get("owner") or MISSING}

    def new_text(self, row):
        return t("docx.new_item", title=row.get("title") or "", found_on=labels.short_day(row.get("found_on")),
                 status=labels.problem_status(row["status"]) if row.get("status") else MISSING, **self._who(row))

    def in_progress_text(self, row):
        return t("docx.in_progress_item", title=row.get("title") or "",
                 status=labels.problem_status(row["status"]) if row.get("status") else MISSING,
                 done=figure(row.get("tasks_done")), tasks=figure(row.get("tasks")), **self._who(row))

    def verified_text(self, row):
        return t("docx.verified_item", title=row.get("title") or "",
                 verified_on=labels.short_day(row.get("verified_on")) if row.get("verified_on") else MISSING,
                 **self._who(row))

    def overdue_text(self, row):
        return t("docx.overdue_item", measure=row.get("measure") or "", problem=row.get("problem") or "",
                 problem_title=row.get("problem_title") or "", deadline=labels.short_day(row.get("deadline")),
                 days=figure(row.get("days_late")), **self._who(row))

    # --- 三、四：the clerk's notes -----------------------------------------------------

    def notes_blocks(self, key: str, level: int) -> None:
        """The blocks of one notes section; a `###` heading inside it becomes
        the next level down: （一） under 三/四, 1. under （二）主要做法."""
        blocks = self.notes.section(key) if self.notes is not None else ()
        if not blocks:
            self.para(t(f"docx.fill.{key}"))
            return
        n = 0
        for block in blocks:
            if block.kind == "heading":
                n += 1
                if level == 2:
                    self.heading2(n, block.text)
                else:
                    self.para([(t("docx.item", n=n, text=""), False), *block.spans], keep_with_next=True)
            else:
                self.para(block.spans)

    # --- 附件说明、署名、成文日期 ---------------------------------------------------------

    def sign_off(self) -> None:
        # `campaign edit --unit-name`; until it is set, a place marked for the clerk.
        signer = self.campaign.get("unit_name") or t("docx.fill.signer")
        sign_off(self.out, signer, self.as_of, t("docx.attachment_line"))

    # --- 附件1 问题整改台账 -------------------------------------------------------------

    def ledger(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        self.out.landscape()
        self.out.paragraph("label", t("docx.attachment_mark"))
        self.out.paragraph("title", t("docx.ledger_title"))
        self.out.paragraph("plain", t("docx.ledger_as_of", date=labels.day(self.as_of)),
                           align=WD_ALIGN_PARAGRAPH.CENTER)
        headers = [t("report.col.seq"), t("report.col.code"), t("report.col.title"), t("report.col.category"),
                   t("report.col.department"), t("report.col.owner"), t("report.col.found_on"),
                   t("report.col.status"), t("report.col.progress"), t("report.col.verified_on"),
                   t("docx.col.overdue")]
        rows = [[n, r.get("code"), r.get("title"), r.get("category") or "", labels.department(r.get("department")),
                 r.get("owner") or "", compact_day(r.get("found_on")),
                 labels.problem_status(r["status"]) if r.get("status") else "",
                 f"{r.get('tasks_done', 0)}/{r.get('tasks', 0)}", compact_day(r.get("verified_on")),
                 t("docx.list_sep").join(t("docx.ledger_overdue", code=o.get("code") or "",
                                           measure=o.get("measure") or "", days=figure(o.get("days_late")))
                                         for o in r["overdue"])]
                for n, r in enumerate(problem_ledger(self.d), start=1)]
        # Millimetres of the 225 mm landscape line.
        self.out.table(headers, rows, widths=(13, 13, 38, 22, 20, 17, 22, 17, 14, 22, 27),
                       centred=(True, True, False, False, False, True, True, True, True, True, False))
        if not rows:
            self.out.paragraph("plain", t("docx.ledger_empty"), align=WD_ALIGN_PARAGRAPH.CENTER)


def sign_off(out, signer: str, day: date, attachment: str | None = None) -> None:
    """The end of a document: the 附件 line (if any), the signer and the date,
    成文日期右空四字 with the signer centred over it (GB/T 9704 7.3.5.1). It
    never stands on a page of its own (7.3.5.4: the seal shares its page with
    the text): the last lines of the body, the 附件 line and the blank lines
    go with it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    out.doc.paragraphs[-1].paragraph_format.keep_with_next = True
    if attachment:
        out.blank(keep_with_next=True)
        out.paragraph("body", attachment, keep_with_next=True)
    out.blank(2, keep_with_next=True)
    text = labels.day(day)
    signer_indent = max(0.0, 4 + (width(text) - width(signer)) / 2)
    out.paragraph("plain", signer, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=signer_indent,
                  keep_with_next=True)
    out.paragraph("plain", text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent_chars=4)


def report_title_subject(campaign: dict[str, Any]) -> str:
    """The campaign's title as the subject of 关于……工作开展情况的报告
    (a title ending in 工作 would read 工作工作)."""
    title = (campaign.get("title") or "").strip()
    return title[:-2] if title.endswith("工作") else title


def inner_quotes(text: Any) -> str:
    """A title set inside “…”: its own double quotes become single ones (‘七一’)."""
    return (text or "").replace("“", "‘").replace("”", "’")


def compact_day(value: Any) -> str:
    """A date in a narrow table cell: 2023.5.19 (Chinese ledgers write it so), else ISO."""
    if not value:
        return ""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return f"{day.year}.{day.month}.{day.day}" if language() == "zh" else day.isoformat()


def _period(start: Any, end: Any) -> str:
    if not start:
        return t("docx.period_end", end=labels.short_day(end))
    return t("docx.period", start=labels.short_day(start), end=labels.short_day(end))
