"""Timing sheets as PDF, laid out for printing on A4 or US Letter.

Every page carries the project, the cue, "page x of y" and how to read the numbers at the
top, and the print date and the scoresync version at the foot; the column header repeats
on every page, and every page's first row shows the tempo and meter in force (further rows
show them where they change); timecodes are set in a monospaced font; hit rows are shaded
(must-hit hits darker, in bold).

The print date is the moment given, else ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC)
when that is set, else now (:func:`print_moment`); it is also the document's creation date.
For the same sheet and moment the file is byte-stable: reportlab's invariant mode fixes
the document id, and page streams are left uncompressed so the text can be checked.

A label longer than :data:`LABEL_CHARACTERS` is cut with an ellipsis (a row must fit on a
page), and so is a title longer than the header has room for (:data:`TITLE_CHARACTERS`);
the text and CSV sheets keep every character.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from typing import TYPE_CHECKING, Any

from scoresync import __version__
from scoresync.deliver.timingsheet.sheet import RowKind
from scoresync.deliver.timingsheet.text import (
    METER_COLUMN,
    TEMPO_COLUMN,
    TEXT_COLUMNS,
    display_cells,
)
from scoresync.errors import UsageError

if TYPE_CHECKING:
    from scoresync.deliver.timingsheet.sheet import TimingSheet

__all__ = ["PAPERS", "print_moment", "sheet_pdf"]

PAPERS: tuple[str, ...] = ("a4", "letter")
MARGIN_POINTS = 36
HEADER_POINTS = 84
FONT = "Helvetica"
MONO = "Courier"
HIT_SHADE = "#fff4c2"
MUST_SHADE = "#ffd6cc"
MONO_COLUMNS = (0, 1, 2, 3, 4, 5)
COLUMN_WIDTHS = (64, 62, 28, 44, 50, 40, 50, 32, 38)  # the label column takes the rest
CELL_PADDING = 3
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


def print_moment(printed: dt.datetime | None = None) -> dt.datetime:
    """When a sheet is printed: ``printed``, else ``SOURCE_DATE_EPOCH`` (UTC) when that is
    set (for reproducible files), else now, in local time."""
    if printed is not None:
        return printed if printed.tzinfo else printed.astimezone()
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a time: give whole seconds since "
                "1970-01-01 UTC, or unset it"
            ) from None
    return dt.datetime.now().astimezone()


def _pdf_date(moment: dt.datetime) -> str:
    """A PDF date string: ``D:20240517143000+02'00'``."""
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{hours:02d}'{rest:02d}'"


def sheet_pdf(
    sheet: TimingSheet, *, paper: str = "a4", printed: dt.datetime | None = None
) -> bytes:
    """The timing sheet as PDF bytes on ``paper`` (``a4`` or ``letter``), printed at
    ``printed`` (see :func:`print_moment`)."""
    from reportlab.platypus import SimpleDocTemplate

    size = _page_size(paper)
    moment = print_moment(printed)
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
    document.build([table], canvasmaker=_numbered_canvas(sheet, size, moment))
    return buffer.getvalue()


def _table(sheet: TimingSheet, width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

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
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for column in MONO_COLUMNS:
        style.append(("FONT", (column, 1), (column, -1), MONO, 8))
    previous = None
    for index, row in enumerate(sheet.rows, start=1):
        bar_line = row.nearest.beat == 1 and not row.offset_text and previous != row.nearest
        previous = None if row.offset_text else row.nearest
        if row.kind is RowKind.HIT:
            shade = MUST_SHADE if row.must_hit else HIT_SHADE
            style.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor(shade)))
            if row.must_hit:
                style.append(("FONT", (8, index), (-1, index), f"{FONT}-Bold", 8))
        elif row.kind in (RowKind.START, RowKind.END):
            style.append(("LINEABOVE", (0, index), (-1, index), 0.5, colors.grey))
            style.append(("FONT", (8, index), (-1, index), f"{FONT}-Bold", 8))
        elif row.kind in (RowKind.RAMP_START, RowKind.RAMP_END):
            style.append(("FONT", (8, index), (-1, index), f"{FONT}-Oblique", 8))
        if bar_line and index > 1 and row.kind not in (RowKind.START, RowKind.END):
            style.append(("LINEABOVE", (0, index), (-1, index), 0.25, colors.lightgrey))
    in_force: dict[int, tuple[str, str]] = {}
    table = _page_table(in_force)(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    every = display_cells(sheet, every_row=True)
    for cells, full in zip(table._cellvalues[1:], every, strict=True):
        in_force[id(cells)] = (full[TEMPO_COLUMN], full[METER_COLUMN])
    return table


def _page_table(in_force: dict[int, tuple[str, str]]) -> type:
    """A table class whose every page starts with the tempo and meter in force.

    ``in_force`` maps each of the table's rows (its list of cells, by ``id``) to the
    tempo and meter in force there. reportlab splits a table at a page's foot into the
    rows that fit and a new table of the rest, which shares the row lists; the first row
    of that rest takes its tempo and meter before it is laid out."""
    from reportlab.platypus import Table

    class PageTable(Table):
        def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
            pieces: list[Any] = super().split(availWidth, availHeight)
            for piece in pieces[1:]:
                first = piece._cellvalues[1]  # row 0 is the repeated column header
                if id(first) in in_force:
                    first[TEMPO_COLUMN], first[METER_COLUMN] = in_force[id(first)]
            return pieces

    return PageTable


def _wrapped(text: str, *, bold: bool) -> Any:
    """A label that wraps within its column instead of running off the page."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    font = f"{FONT}-Bold" if bold else FONT
    style = ParagraphStyle(f"label-{font}", fontName=font, fontSize=8, leading=9.5)
    return Paragraph(escape(_cut(text, LABEL_CHARACTERS)), style)


def _numbered_canvas(sheet: TimingSheet, size: tuple[float, float], moment: dt.datetime) -> type:
    """A canvas class that holds its pages back until the end, then draws the header
    with "page x of y" and the footer on each; the document's dates are ``moment``."""
    from reportlab.pdfgen.canvas import Canvas

    created = _pdf_date(moment)

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self.setDateFormatter(lambda *_: created)

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                _draw_header(self, sheet, size, number, total)
                _draw_footer(self, size, moment)
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
        f"length {sheet.duration_tc}   downbeat {sheet.downbeat_tc} (bar {sheet.downbeat_bar})",
    )
    canvas.setFont(FONT, 7)
    for line, text in enumerate((sheet.bars_text, *sheet.rule_lines)):
        canvas.drawString(left, top - 52 - 9 * line, text)
    canvas.restoreState()


def _draw_footer(canvas: Any, size: tuple[float, float], moment: dt.datetime) -> None:
    width, _ = size
    canvas.saveState()
    canvas.setFont(FONT, 7)
    printed = f"printed {moment:%Y-%m-%d %H:%M} {moment.tzname() or ''}".rstrip()
    canvas.drawString(MARGIN_POINTS, MARGIN_POINTS / 2, printed)
    canvas.drawRightString(width - MARGIN_POINTS, MARGIN_POINTS / 2, f"scoresync {__version__}")
    canvas.restoreState()
