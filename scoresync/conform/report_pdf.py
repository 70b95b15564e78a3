"""The conform report as a printable PDF, for the music editor and the composer.

Page one opens with the project, the two cuts and a count of what happened; then one row
per cue (the rows of :func:`~scoresync.conform.report.report_rows`, the same the CSV and
the terminal show), shaded where a person must look: red for a cue that needs a
decision, yellow for one changed inside. After the table, each changed cue in words: what
happened, the hits whose picture is gone, and the musical proposal. The table repeats
its header on every page; every page carries "page x of y" and the print time.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import TYPE_CHECKING, Any

from scoresync import __version__
from scoresync.conform.report import report_rows
from scoresync.deliver.pdfpages import numbered_canvas, print_moment

if TYPE_CHECKING:
    import datetime as dt

    from scoresync.conform.cues import ProjectConform
    from scoresync.picture.rates import FrameRate

__all__ = ["report_pdf"]

MARGIN = 36
FONT = "Helvetica"
MONO = "Courier"
DECISION_SHADE = "#ffd6cc"
INSIDE_SHADE = "#fff4c2"
COLUMNS = (
    "cue",
    "title",
    "status",
    "old in",
    "old out",
    "new in",
    "new out",
    "delta",
    "moved",
    "lost",
)
WIDTHS = (40, None, 70, 62, 62, 62, 62, 62, 34, 28)
INSIDE = {"head trimmed", "tail trimmed", "extended", "internal cut", "internal insert"}


def _paragraph(text: str, size: float = 8, *, bold: bool = False) -> Any:
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    font = f"{FONT}-Bold" if bold else FONT
    style = ParagraphStyle(f"p-{font}-{size}", fontName=font, fontSize=size, leading=size * 1.25)
    return Paragraph(escape(text), style)


def _table(rows: list[dict[str, Any]], width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, TableStyle

    fixed = sum(w for w in WIDTHS if w is not None)
    widths = [w if w is not None else width - fixed for w in WIDTHS]
    data: list[list[Any]] = [list(COLUMNS)]
    style = [
        ("FONT", (0, 0), (-1, 0), f"{FONT}-Bold", 8),
        ("FONT", (0, 1), (-1, -1), MONO, 7.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (7, 1), (-1, -1), "RIGHT"),
    ]
    for index, row in enumerate(rows, start=1):
        delta = row["delta"] or "-"
        data.append(
            [
                row["cue"],
                _paragraph(row["title"]),
                row["status"],
                row["old_in"],
                row["old_out"],
                row["new_in"] or "-",
                row["new_out"] or "-",
                delta,
                str(row["hits_moved"]),
                str(row["hits_lost"]),
            ]
        )
        shade = DECISION_SHADE if row["needs_decision"] else None
        if shade is None and row["status"] in INSIDE:
            shade = INSIDE_SHADE
        if shade:
            style.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor(shade)))
    table = LongTable(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _summary(rows: list[dict[str, Any]]) -> str:
    counts = Counter(row["status"] for row in rows)
    parts = ", ".join(f"{count} {status}" for status, count in counts.most_common())
    waiting = sum(row["needs_decision"] for row in rows)
    cues = f"{len(rows)} cue{'s' if len(rows) != 1 else ''}"
    decision = f"{waiting} need{'s' if waiting == 1 else ''} a decision"
    return f"{cues}: {parts}; {decision}"


def report_pdf(
    result: ProjectConform,
    rate: FrameRate,
    *,
    title: str,
    old_name: str,
    new_name: str,
    printed: dt.datetime | None = None,
) -> bytes:
    """The report of ``result`` as PDF bytes (A4 landscape)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Spacer

    moment = print_moment(printed)
    size = landscape(A4)
    rows = report_rows(result, rate)
    for row, item in zip(rows, result.cues, strict=True):
        row["needs_decision"] = item.status.needs_decision
    story: list[Any] = [
        _paragraph(f"{title}: conform report", 14, bold=True),
        Spacer(1, 4),
        _paragraph(f"old cut {old_name}   new cut {new_name}   {rate.name} fps", 9),
        _paragraph(_summary(rows), 9),
        Spacer(1, 8),
        _table(rows, size[0] - 2 * MARGIN),
        Spacer(1, 10),
    ]
    for row, item in zip(rows, result.cues, strict=True):
        if row["status"] == "unchanged":
            continue
        story.append(_paragraph(f"{row['cue']} {row['title']}: {row['status']}", 9, bold=True))
        story.append(_paragraph(row["what_happened"], 8.5))
        for hit in item.hits:
            if hit.lost:
                story.append(_paragraph(f"hit {hit.index + 1} ({hit.label}): {hit.reason}", 8.5))
        if row["proposal"]:
            story.append(_paragraph(f"proposal: {row['proposal']}", 8.5))
        story.append(Spacer(1, 6))

    footer = f"printed {moment:%Y-%m-%d %H:%M} {moment.tzname() or ''}".rstrip()

    def decorate(canvas: Any, number: int, total: int) -> None:
        canvas.setFont(FONT, 7)
        canvas.drawString(MARGIN, MARGIN / 2, footer)
        canvas.drawRightString(
            size[0] - MARGIN, MARGIN / 2, f"page {number} of {total}   scoresync {__version__}"
        )

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{title}: conform report"[:200],
        subject="conform report",
        creator="scoresync",
        producer="scoresync",
        invariant=1,
    )
    document.build(story, canvasmaker=numbered_canvas(decorate, moment))
    return buffer.getvalue()
