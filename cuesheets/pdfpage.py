"""Printable landscape tables with a header on every page: the layout the cue sheet and
the spotting notes share as PDF.

Every page carries the document's title, "page x of y" and its header lines at the top,
the column headings (repeated), and at the foot a note (how timings are rounded, say),
the print date and the scoresync version. For the same content and moment the bytes are
stable (reportlab's invariant mode; page streams uncompressed so the text can be read
back in tests).
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scoresync import __version__
from scoresync.deliver.pdfpages import numbered_canvas
from scoresync.errors import UsageError

__all__ = ["PAPERS", "TablePage", "table_pdf"]

PAPERS: tuple[str, ...] = ("a4", "letter")
MARGIN_POINTS = 30
LINE_POINTS = 10
FONT = "Helvetica"
MONO = "Courier"
CELL_CHARACTERS = 600
"""The most of a cell a row shows (a row must fit on a page)."""
NOTE_CHARACTERS = 200
"""The width of a line of the foot note, in characters (two lines at most)."""


@dataclass(frozen=True)
class TablePage:
    """What a document holds: ``title`` (and the PDF's subject), ``header`` lines, the
    table's ``columns`` and ``rows`` (text), each column's share of the width
    (``weights``), the columns set in a monospaced font (``mono``), the rows that open a
    group (a rule above them, ``group_starts``) and the ``note`` at every page's foot."""

    title: str
    subject: str
    header: Sequence[str]
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]
    weights: Sequence[float]
    mono: frozenset[int] = frozenset()
    group_starts: frozenset[int] = frozenset()
    note: str = ""


def _page_size(paper: str) -> tuple[float, float]:
    from reportlab.lib.pagesizes import A4, LETTER, landscape

    sizes = {"a4": A4, "letter": LETTER}
    key = paper.strip().lower()
    if key not in sizes:
        raise UsageError(f"unknown paper {paper!r}: use a4 or letter")
    width, height = landscape(sizes[key])
    return float(width), float(height)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def table_pdf(page: TablePage, *, paper: str = "a4", printed: dt.datetime) -> bytes:
    """The document as PDF bytes on landscape ``paper`` (``a4`` or ``letter``)."""
    from reportlab.platypus import SimpleDocTemplate

    size = _page_size(paper)
    buffer = io.BytesIO()
    header_points = LINE_POINTS * (len(page.header) + 3)
    document = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=MARGIN_POINTS,
        rightMargin=MARGIN_POINTS,
        topMargin=MARGIN_POINTS + header_points,
        bottomMargin=MARGIN_POINTS + 2 * LINE_POINTS,
        title=_cut(page.title, 200),
        subject=page.subject,
        creator="scoresync",
        producer="scoresync",
        invariant=1,
        pageCompression=0,
    )
    table = _table(page, size[0] - 2 * MARGIN_POINTS)
    document.build([table], canvasmaker=_numbered_canvas(page, size, printed))
    return buffer.getvalue()


def _table(page: TablePage, width: float) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    total = sum(page.weights)
    widths = [width * weight / total for weight in page.weights]
    plain = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9)
    mono = ParagraphStyle("mono", fontName=MONO, fontSize=7.5, leading=9)
    data: list[list[Any]] = [list(page.columns)]
    for row in page.rows:
        data.append(
            [
                Paragraph(_markup(cell), mono if i in page.mono else plain)
                for i, cell in enumerate(row)
            ]
        )
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, 0), f"{FONT}-Bold", 8),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for index in sorted(page.group_starts):
        if index > 0:
            style.append(("LINEABOVE", (0, index + 1), (-1, index + 1), 0.4, colors.grey))
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _markup(cell: str) -> str:
    """A cell's text as paragraph markup: escaped, its lines kept."""
    from xml.sax.saxutils import escape

    return escape(_cut(cell, CELL_CHARACTERS)).replace("\n", "<br/>")


def _numbered_canvas(page: TablePage, size: tuple[float, float], moment: dt.datetime) -> type:
    """A canvas class that draws header and footer on each page once the count is known."""

    def decorate(canvas: Any, number: int, total: int) -> None:
        _draw_frame(canvas, page, size, moment, number, total)

    return numbered_canvas(decorate, moment)


def _draw_frame(
    canvas: Any,
    page: TablePage,
    size: tuple[float, float],
    moment: dt.datetime,
    number: int,
    total: int,
) -> None:
    width, height = size
    top = height - MARGIN_POINTS
    left, right = MARGIN_POINTS, width - MARGIN_POINTS
    canvas.saveState()
    canvas.setFont(f"{FONT}-Bold", 12)
    canvas.drawString(left, top - 12, _cut(page.title, 90))
    canvas.setFont(FONT, 8)
    canvas.drawRightString(right, top - 12, f"page {number} of {total}")
    for line, text in enumerate(page.header):
        canvas.drawString(left, top - 12 - LINE_POINTS * (line + 1.5), _cut(text, 160))
    canvas.setFont(FONT, 6.5)
    lines = textwrap.wrap(page.note, NOTE_CHARACTERS)[:2]
    for line, text in enumerate(lines):
        canvas.drawString(left, MARGIN_POINTS + LINE_POINTS * (len(lines) - line - 0.4), text)
    printed = f"printed {moment:%Y-%m-%d %H:%M} {moment.tzname() or ''}".rstrip()
    canvas.drawString(left, MARGIN_POINTS / 2, printed)
    canvas.drawRightString(right, MARGIN_POINTS / 2, f"scoresync {__version__}")
    canvas.restoreState()
