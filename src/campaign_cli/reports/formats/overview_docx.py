"""`overview --format docx`: the office's 通报 on every school, in the form of
党政机关公文 (GB/T 9704-2012; the layout is `official.py`, shared with the
month report's `docx.py`). A pure function of the overview document.

    标题            关于2023年6月各校……工作情况的通报
    主送            各学校党组织：
    开头            现将……通报如下。数据统计截至……
    一、总体情况      the totals in one paragraph
    二、各校排名情况   the ranking table (按期完成率, then fewer red tasks), with its 合计 row
    三、逾期任务情况   every school's overdue tasks, with owner and days late
    四、有关要求      【请填写】
    署名、成文日期（右空四字）
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from campaign_cli.i18n import language, t
from campaign_cli.reports.formats import labels
from campaign_cli.reports.formats.docx import as_of, figure, month_over, numeral, rate, report_title_subject, sign_off

# Overdue tasks the document lists; the rest are counted.
OVERDUE_ROWS = 500


def subject(document: dict[str, Any]) -> str:
    """What the schools carry out, when they all carry out one thing (the
    same campaign title); else nothing: 各校工作情况."""
    titles = {report_title_subject(r) for r in document["campaigns"]}
    return titles.pop() if len(titles) == 1 else ""


def names(document: dict[str, Any]) -> dict[str, str]:
    """How the 通报 names each campaign: by its school (`--unit-name`) when
    every one has it; else by its key when all carry out one thing (named in
    the title already), else by its title, with the key after a title two
    campaigns share."""
    rows = document["campaigns"]
    if rows and all(r.get("unit_name") for r in rows):
        return {r["key"]: r["unit_name"] for r in rows}
    if subject(document):
        return {r["key"]: r["key"] for r in rows}
    seen: dict[str, int] = {}
    for r in rows:
        seen[r["title"]] = seen.get(r["title"], 0) + 1
    return {r["key"]: r["title"] if seen[r["title"]] == 1 else t("overview.docx.name_key", title=r["title"],
                                                                  key=r["key"]) for r in rows}


def signer(document: dict[str, Any]) -> str:
    """The office that issues the 通报: the one issuer every campaign names, else a place to fill in."""
    issuers = {(r.get("issuer") or "").strip() for r in document["campaigns"]}
    found = issuers.pop() if len(issuers) == 1 else ""
    return found or t("overview.docx.fill.signer")


def subject_words(document: dict[str, Any]) -> str:
    """The subject as the title and opening put it ('' when the schools carry out different things)."""
    found = subject(document)
    return t("overview.docx.subject", subject=found) if found else ""


def circular_title(document: dict[str, Any]) -> str:
    year, month = document["month"].split("-")
    return t("overview.docx.title", year=year, month=_month(month), subject=subject_words(document))


def _month(month: str) -> Any:
    """6 in 2023年6月; 06 in 2023-06."""
    return int(month) if language() == "zh" else month


def render_docx(document: dict[str, Any]) -> bytes:
    """The .docx file's bytes."""
    from campaign_cli.reports.formats.official import Official

    out = Official()
    _Circular(out, document).write()
    buffer = BytesIO()
    out.save(buffer)
    return buffer.getvalue()


class _Circular:
    def __init__(self, out, document: dict[str, Any]) -> None:
        self.out = out
        self.d = document
        self.as_of = as_of(document)
        self.names = names(document)

    def para(self, text, **kwargs):
        return self.out.paragraph("body", text, **kwargs)

    def heading1(self, n: int, text: str) -> None:
        self.out.paragraph("heading1", t("docx.h1", n=numeral(n), text=text))

    def write(self) -> None:
        d = self.d
        year, month = d["month"].split("-")
        self.out.paragraph("title", circular_title(d))
        self.out.blank()
        self.out.paragraph("plain", t("overview.docx.addressee"))
        key = "overview.docx.as_of" if month_over(d) else "overview.docx.as_of_open"
        self.para(t("overview.docx.opening", year=year, month=_month(month), subject=subject_words(d))
                  + t(key, date=labels.day(self.as_of)))
        self.heading1(1, t("overview.docx.h_summary"))
        self.summary()
        self.heading1(2, t("overview.docx.h_ranking"))
        self.ranking()
        self.heading1(3, t("overview.docx.h_overdue"))
        self.overdue()
        self.heading1(4, t("overview.docx.h_requirements"))
        self.para(t("overview.docx.fill.requirements"))
        sign_off(self.out, signer(d), self.as_of)

    def summary(self) -> None:
        s = self.d["totals"]
        p, k = s["problems"], s["tasks"]
        self.para(t("overview.docx.summary", campaigns=s["campaigns"], activities=s["activities"],
                    participants=s["participants"], covered=s["units_covered"], branches=s["units_total"],
                    opened=p["opened"], verified=p["verified"], open_at_end=p["open_at_end"], due=k["due"],
                    done=k["done"], on_time=k["done_on_time"], overdue=k["overdue_at_end"],
                    rate=rate(k["on_time_rate"]), at=labels.at_end(self.d)))

    def ranking(self) -> None:
        rows = self.d["campaigns"]
        if not rows:
            self.para(t("overview.no_campaigns"))
            return
        self.para(t("overview.docx.ranking_intro"), keep_with_next=True)
        headers = [t(f"overview.col.{c}") for c in ("rank", "school", "activities", "coverage", "opened",
                                                    "open_at_end", "due", "done_on_time", "overdue", "rate",
                                                    "red")]

        def cells(r: dict[str, Any]) -> list[Any]:
            p, k = r["problems"], r["tasks"]
            return [r["rank"], self.names.get(r.get("key"), r["title"]), r["activities"], f"{r['units_covered']}/{r['units_total']}",
                    p["opened"], p["open_at_end"], k["due"], k["done_on_time"], k["overdue_at_end"],
                    rate(r["on_time_rate"]), r["red"]]

        total = dict(self.d["totals"], rank="", title=t("overview.section.totals"))
        # Proportions of the 156 mm line; counts and rates centred.
        self.out.table(headers, [cells(r) for r in rows] + [cells(total)],
                       widths=(9, 33, 11, 13, 12, 12, 12, 12, 11, 15, 10),
                       centred=(True, False) + (True,) * 9)

    def overdue(self) -> None:
        rows = self.d["overdue"]
        day = labels.day(self.as_of)
        if not rows:
            self.para(t("overview.docx.overdue_none", date=day))
            return
        self.para(t("overview.docx.overdue_intro", date=day, count=len(rows)))
        for n, r in enumerate(rows[:OVERDUE_ROWS], start=1):
            self.para(t("docx.item", n=n, text=t(
                "overview.docx.overdue_item", campaign=self.names.get(r["campaign"], r["campaign"]),
                measure=r.get("measure") or "", problem=r.get("problem") or "",
                department=labels.department(r.get("department")), owner=r.get("owner") or "—",
                deadline=labels.short_day(r.get("deadline")), days=figure(r.get("days_late")))))
        if len(rows) > OVERDUE_ROWS:
            self.para(t("docx.more", count=len(rows) - OVERDUE_ROWS))
