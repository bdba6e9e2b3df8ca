"""Build the .docx and .pdf test plans in tests/plans/ from their text in
tests/plan_sources/ (NAME.docx.txt, NAME.pdf.txt), so the binary files can
be checked against text a person can read and be rebuilt:

    .venv/bin/python tests/build_plan_files.py

A .docx: one paragraph a line; a line of '|'-separated cells is a table row
(consecutive rows one table). A .pdf: A4 pages of lines wrapped at 32
characters, 24 lines a page, each page numbered '— n —' at its foot, in
reportlab's built-in Chinese font (STSong-Light: no font file needed).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
SOURCES = HERE / "plan_sources"
PLANS = HERE / "plans"


def build_docx(text: str, out: Path) -> None:
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if not rows:
            return
        table = document.add_table(rows=0, cols=len(rows[0]))
        for cells in rows:
            row = table.add_row()
            for cell, value in zip(row.cells, cells, strict=False):
                cell.text = value
        rows.clear()

    for line in text.splitlines():
        if line.startswith("|"):
            rows.append(line[1:].split("|"))
            continue
        flush()
        document.add_paragraph(line)
    flush()
    document.core_properties.author = "campaign tests"
    document.save(str(out))


def build_pdf(text: str, out: Path, *, width: int = 32, per_page: int = 24) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    lines: list[str] = []
    for paragraph in text.splitlines():
        while len(paragraph) > width:
            lines.append(paragraph[:width])
            paragraph = paragraph[width:]
        lines.append(paragraph)
    pdf = canvas.Canvas(str(out), pagesize=A4, invariant=1)  # invariant: the same bytes every build
    _w, height = A4
    for page, start in enumerate(range(0, len(lines), per_page), start=1):
        pdf.setFont("STSong-Light", 14)
        y = height - 80
        for line in lines[start : start + per_page]:
            pdf.drawString(70, y, line)
            y -= 26
        pdf.setFont("STSong-Light", 12)
        pdf.drawCentredString(A4[0] / 2, 40, f"— {page} —")
        pdf.showPage()
    pdf.save()


def main() -> int:
    for source in sorted(SOURCES.glob("*.txt")):
        name = source.name[: -len(".txt")]
        text = source.read_text(encoding="utf-8")
        out = PLANS / name
        if name.endswith(".docx"):
            build_docx(text, out)
        elif name.endswith(".pdf"):
            build_pdf(text, out)
        else:
            continue
        print(f"built {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
