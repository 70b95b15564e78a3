"""Timing sheets as PDF, laid out for printing on A4 or US Letter.

Every page carries the project, the cue, "page x of y" and how to read the numbers at the
top, and the print date and the scoresync version at the foot; the column header repeats
on every page, and every page's first row shows the tempo and meter in force (further rows
show them where they change); timecodes are set in a monospaced font; hit rows are shaded
(must-hit hits darker, in bold).

The print date is the moment given, else ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC)
when that is set, else now (:func:`~scoresync.deliver.pdfpages.print_moment`); it is also
the document's creation date.
For the same sheet and moment the file is byte-stable: reportlab's invariant mode fixes
the document id, and page streams are left uncompressed so the text can be checked.

A label longer than :data:`LABEL_CHARACTERS` is cut with an ellipsis (a row must fit on a
page), and so is a title longer than the header has room for (:data:`TITLE_CHARACTERS`);
the text and CSV sheets keep every character.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from scoresync import __version__
from scoresync.deliver.pdfpages import numbered_canvas, print_moment
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

__all__ = ["PAPERS", "sheet_pdf"]

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
    from reportlab.platypus import PageBreak

    room = document.height - 2 * FRAME_PADDING_POINTS
    story: list[Any] = []
    for table in _tables(sheet, size[0] - 2 * MARGIN_POINTS, room):
        story.extend([PageBreak(), table] if story else [table])
    document.build(story, canvasmaker=_numbered_canvas(sheet, size, moment))
    return buffer.getvalue()


MEASURE_ROWS = 200
"""Rows measured at once: reportlab finds each unmeasured row by a search from the top,
so one table of every row would cost time in the square of the rows."""
FRAME_PADDING_POINTS = 6
"""reportlab's default padding inside a page's frame, on each side."""


def _base_style() -> list[tuple[Any, ...]]:
    from reportlab.lib import colors

    style: list[tuple[Any, ...]] = [
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
    style.extend(("FONT", (column, 1), (column, -1), MONO, 8) for column in MONO_COLUMNS)
    return style


def _row_styles(sheet: TimingSheet) -> list[list[tuple[Any, ...]]]:
    """Each row's own style commands (shade, bold label, rules), for a row at index 0:
    :func:`_at` moves them to the row's place in its page's table."""
    from reportlab.lib import colors

    styles: list[list[tuple[Any, ...]]] = []
    previous = None
    for index, row in enumerate(sheet.rows):
        bar_line = row.nearest.beat == 1 and not row.offset_text and previous != row.nearest
        previous = None if row.offset_text else row.nearest
        own: list[tuple[Any, ...]] = []
        if row.kind is RowKind.HIT:
            shade = MUST_SHADE if row.must_hit else HIT_SHADE
            own.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(shade)))
            if row.must_hit:
                own.append(("FONT", (8, 0), (-1, 0), f"{FONT}-Bold", 8))
        elif row.kind in (RowKind.START, RowKind.END):
            own.append(("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.grey))
            own.append(("FONT", (8, 0), (-1, 0), f"{FONT}-Bold", 8))
        elif row.kind in (RowKind.RAMP_START, RowKind.RAMP_END):
            own.append(("FONT", (8, 0), (-1, 0), f"{FONT}-Oblique", 8))
        if bar_line and index > 0 and row.kind not in (RowKind.START, RowKind.END):
            own.append(("LINEABOVE", (0, 0), (-1, 0), 0.25, colors.lightgrey))
        styles.append(own)
    return styles


def _at(command: tuple[Any, ...], row: int) -> tuple[Any, ...]:
    name, (first_column, _), (last_column, _), *rest = command
    return (name, (first_column, row), (last_column, row), *rest)


def _rows(sheet: TimingSheet) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for row, cells in zip(sheet.rows, display_cells(sheet), strict=True):
        bold = row.must_hit or row.kind in (RowKind.START, RowKind.END)
        rows.append([*cells[:-1], _wrapped(cells[-1], bold=bold)])
    return rows


def _pages(heights: list[float], header: float, room: float) -> list[tuple[int, int]]:
    """Rows ``heights`` (points) laid onto pages of ``room`` points, each page opening
    with the column header (``header`` points): the first and end row of each page."""
    pages: list[tuple[int, int]] = []
    first, used = 0, header
    for index, height in enumerate(heights):
        if used + height > room and index > first:
            pages.append((first, index))
            first, used = index, header
        used += height
    pages.append((first, len(heights)))
    return pages


def _tables(sheet: TimingSheet, width: float, room: float) -> list[Any]:
    """One table per page: the rows are measured once and laid onto pages here, so a
    sheet of any length costs time in proportion to its rows (reportlab splitting one
    long table at each page's foot would re-lay every row after it, page after page)."""
    from reportlab.platypus import Table, TableStyle

    widths = [*COLUMN_WIDTHS, width - sum(COLUMN_WIDTHS)]
    header = list(TEXT_COLUMNS)
    rows = _rows(sheet)
    base = _base_style()
    row_heights: list[float] = []
    for first in range(0, len(rows), MEASURE_ROWS):
        measure = Table([header, *rows[first : first + MEASURE_ROWS]], colWidths=widths)
        measure.setStyle(TableStyle(base))
        measure.wrap(width, room)
        row_heights.extend(measure._rowHeights[0 if first == 0 else 1 :])
    own = _row_styles(sheet)
    every = display_cells(sheet, every_row=True)
    in_force: dict[int, tuple[str, str]] = {}
    page_table = _page_table(in_force)
    tables = []
    for first, end in _pages(row_heights[1:], row_heights[0], room):
        page_rows = [list(cells) for cells in rows[first:end]]
        page_rows[0][TEMPO_COLUMN] = every[first][TEMPO_COLUMN]
        page_rows[0][METER_COLUMN] = every[first][METER_COLUMN]
        style = list(base)
        for offset, index in enumerate(range(first, end), start=1):
            style.extend(_at(command, offset) for command in own[index])
        table = page_table([header, *page_rows], colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(style))
        for cells, full in zip(table._cellvalues[1:], every[first:end], strict=True):
            in_force[id(cells)] = (full[TEMPO_COLUMN], full[METER_COLUMN])
        tables.append(table)
    return tables


def _page_table(in_force: dict[int, tuple[str, str]]) -> type:
    """A table class whose every page starts with the tempo and meter in force.

    ``in_force`` maps each of the table's rows (its list of cells, by ``id``) to the
    tempo and meter in force there. Should a page's table not fit after all, reportlab
    splits it at the page's foot into the rows that fit and a new table of the rest,
    which shares the row lists; the first row of that rest takes its tempo and meter
    before it is laid out."""
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
    """A canvas class that draws the header with "page x of y" and the footer on each
    page once the count is known; the document's dates are ``moment``."""

    def decorate(canvas: Any, number: int, total: int) -> None:
        _draw_header(canvas, sheet, size, number, total)
        _draw_footer(canvas, size, moment)

    return numbered_canvas(decorate, moment)


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
