"""Timing sheets as PDF, laid out for printing on A4 or US Letter.

Every page carries the project, the cue and "page x of y" at the top; the column header
repeats on every page; timecodes are set in a monospaced font; hit rows are shaded
(must-hit hits darker, in bold). The file is byte-stable for the same sheet: reportlab's
invariant mode fixes the dates and document id, and page streams are left uncompressed
so the text can be checked.

A label longer than :data:`LABEL_CHARACTERS` is cut with an ellipsis (a row must fit on a
page), and so is a title longer than the header has room for (:data:`TITLE_CHARACTERS`);
the text and CSV sheets keep every character.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from scoresync.deliver.timingsheet.sheet import RowKind
from scoresync.deliver.timingsheet.text import TEXT_COLUMNS, display_cells
from scoresync.errors import UsageError

if TYPE_CHECKING:
    from scoresync.deliver.timingsheet.sheet import TimingSheet

__all__ = ["PAPERS", "sheet_pdf"]

PAPERS: tuple[str, ...] = ("a4", "letter")
MARGIN_POINTS = 36
HEADER_POINTS = 64
FONT = "Helvetica"
MONO = "Courier"
HIT_SHADE = "#fff4c2"
MUST_SHADE = "#ffd6cc"
MONO_COLUMNS = (0, 1, 2, 3, 4, 5)
COLUMN_WIDTHS = (50, 72, 26, 46, 54, 40, 52, 34, 36)  # the label column takes the rest
LABEL_CHARACTERS = 400
"""The most of a label a row shows: about 16 lines of its column, well inside a page."""
TITLE_CHARACTERS = 70
"""The most of a title the page header shows: one line of the page."""


def _cut(text: str, limit: int) -> str:
    """``text``, or its first ``limit - 1`` characters and an ellipsis when it is longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _page_size(paper: str) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4, LETTER

    sizes = {"a4": A4, "letter": LETTER}
    key = paper.strip().lower()
    if key not in sizes:
        raise UsageError(f"unknown paper {paper!r}: use a4 or letter")
    return sizes[key]


def sheet_pdf(sheet: TimingSheet, *, paper: str = "a4") -> bytes:
    """The timing sheet as PDF bytes on ``paper`` (``a4`` or ``letter``)."""
    from reportlab.platypus import SimpleDocTemplate

    size = _page_size(paper)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN_POINTS,
        rightMargin=MARGIN_POINTS,
        topMargin=MARGIN_POINTS + HEADER_POINTS,
        bottomMargin=MARGIN_POINTS,
        title=_cut(f"{sheet.cue_number} {sheet.cue_title} timing sheet".strip(), 200),
        author=_cut(sheet.project_title, 200),
        subject="timing sheet",
        creator="scoresync",
        producer="scoresync",
        invariant=1,
        pageCompression=0,
    )
    table = _table(sheet, size[0] - 2 * MARGIN_POINTS)
    document.build([table], canvasmaker=_numbered_canvas(sheet, size))
    return buffer.getvalue()


def _table(sheet: TimingSheet, width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    widths = [*COLUMN_WIDTHS, width - sum(COLUMN_WIDTHS)]
    data: list[list[Any]] = [list(TEXT_COLUMNS)]
    for row, cells in zip(sheet.rows, display_cells(sheet), strict=True):
        bold = row.must_hit or row.kind in (RowKind.START, RowKind.END)
        data.append([*cells[:-1], _wrapped(cells[-1], bold=bold)])
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("FONT", (0, 0), (-1, 0), f"{FONT}-Bold", 8),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
        ("ALIGN", (2, 0), (5, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for column in MONO_COLUMNS:
        style.append(("FONT", (column, 1), (column, -1), MONO, 8))
    for index, row in enumerate(sheet.rows, start=1):
        if row.kind is RowKind.HIT:
            shade = MUST_SHADE if row.must_hit else HIT_SHADE
            style.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor(shade)))
            if row.must_hit:
                style.append(("FONT", (8, index), (-1, index), f"{FONT}-Bold", 8))
        elif row.kind in (RowKind.START, RowKind.END):
            style.append(("LINEABOVE", (0, index), (-1, index), 0.5, colors.grey))
            style.append(("FONT", (8, index), (-1, index), f"{FONT}-Bold", 8))
        elif row.beat == 1 and row.ticks == 0 and index > 1:
            style.append(("LINEABOVE", (0, index), (-1, index), 0.25, colors.lightgrey))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _wrapped(text: str, *, bold: bool) -> Any:
    """A label that wraps within its column instead of running off the page."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    font = f"{FONT}-Bold" if bold else FONT
    style = ParagraphStyle(f"label-{font}", fontName=font, fontSize=8, leading=9.5)
    return Paragraph(escape(_cut(text, LABEL_CHARACTERS)), style)


def _numbered_canvas(sheet: TimingSheet, size: tuple[float, float]) -> type:
    """A canvas class that holds its pages back until the end, then draws the header
    with "page x of y" on each."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_header(self, sheet, size, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def _draw_header(
    canvas: Any, sheet: TimingSheet, size: tuple[float, float], number: int, total: int
) -> None:
    width, height = size
    top = height - MARGIN_POINTS
    left, right = MARGIN_POINTS, width - MARGIN_POINTS
    canvas.saveState()
    canvas.setFont(f"{FONT}-Bold", 12)
    title = _cut(f"{sheet.cue_number} {sheet.cue_title}".strip(), TITLE_CHARACTERS)
    canvas.drawString(left, top - 12, title)
    canvas.setFont(FONT, 9)
    canvas.drawRightString(right, top - 12, f"page {number} of {total}")
    canvas.drawString(
        left, top - 26, f"{_cut(sheet.project_title, TITLE_CHARACTERS)}: timing sheet"
    )
    canvas.setFont(MONO, 8)
    canvas.drawString(
        left,
        top - 40,
        f"{sheet.rate_name} fps   start {sheet.start_tc}   end {sheet.end_tc}   "
        f"length {sheet.duration_tc}   downbeat {sheet.downbeat_tc}",
    )
    canvas.setFont(FONT, 7)
    canvas.drawString(
        left,
        top - 52,
        f"Timecode: nearest frame; 1/8: exact time in eighths of a frame after (+) or before "
        f"(-) it. Feet+frames {sheet.gauge} from the cue start.",
    )
    canvas.restoreState()
