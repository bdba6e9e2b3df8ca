"""Stage 5, document: the plan's title, its 文号 and issuer, and its year."""

from __future__ import annotations

import re

from campaign_cli.importers.plan import words
from campaign_cli.importers.plan.lines import Line, dates_in

_WIDE = {0xFF01 + i: 0x21 + i for i in range(0x5E)}


def doc_no(lines: list[Line]) -> tuple[str | None, str | None, int | None]:
    """The 文号 (常教工委〔2023〕28号), its issuer (常教工委) and its year."""
    for line in lines:
        m = words.DOC_NO.search(line.text)
        if m:
            prefix = words.DOC_NO_LEAD.sub("", m.group(1) or "")
            number = prefix + line.text[m.start(1) + len(m.group(1) or "") if m.group(1) else m.start() : m.end()]
            return re.sub(r"\s+", "", number).lstrip("（(["), prefix or None, int(m.group(2))
    return None, None, None


def _is_meaningful(line: Line) -> bool:
    cjk = sum(1 for ch in line.text if "\u4e00" <= ch <= "\u9fff")
    return (
        cjk >= 4
        and not line.junk
        and not words.DOC_NO.fullmatch(line.text.strip())
        and not words.NOT_TITLE.match(line.text)
        and not words.EMAIL.search(line.text)
    )


def title(lines: list[Line]) -> str | None:
    """The first meaningful line, preferring one that reads like a plan's
    name (关于…的实施方案); a title Word wrapped onto two lines is joined.
    Never the addressee (各地、各部门：), a committee line (组 长：…), a 红头
    (…文件) or page furniture."""
    head: list[Line] = []
    for line in lines[:60]:
        if line.inline:
            continue
        if line.style or line.cells is not None or line.text.endswith(("。", "：", ":")):
            if head:
                break
            continue
        if _is_meaningful(line):
            head.append(line)
    if not head:
        return None
    for i, line in enumerate(head):
        text = line.text
        if words.TITLE_END.search(text) and len(text) <= 100:
            return _tidy(text)
        nxt = head[i + 1].text if i + 1 < len(head) else ""
        wrapped = (
            nxt and words.TITLE_END.search(nxt) and len(text + nxt) <= 100 and head[i + 1].no - line.no <= 2
        )
        if wrapped and (text.startswith("关于") or len(nxt) <= 12):
            return _tidy(text + nxt)  # a title Word wrapped onto two lines
    about = [line.text for line in head if line.text.startswith("关于")]
    return _tidy(about[0] if about else head[0].text)


def _tidy(text: str) -> str:
    text = words.TEMPLATE_LEFTOVER.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def stated_year(lines: list[Line], phase_lines: set[int], title_text: str | None) -> int | None:
    """The year of the first date written with one: in the phases first,
    then anywhere in the plan (page furniture last); then a year in the
    title ('2023年度…')."""
    ordered = sorted(lines, key=lambda ln: (ln.no not in phase_lines, bool(ln.junk)))
    for line in ordered:
        for mention in dates_in(line.text):
            if mention.year is not None:
                return mention.year
    if title_text:
        m = words.TITLE_YEAR.search(title_text.translate(_WIDE))
        if m:
            return int(m.group(1))
    return None
