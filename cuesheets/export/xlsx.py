"""The cue sheet as an Excel workbook in the RapidCue 2016 template's layout.

One sheet, ``Cue Sheet``: a header block (label in column A, value in column B: title,
AKA, episode, production number, company, air date, programme duration, total music
duration, prepared by, frame rate, then the timing rule), a blank row, the column headings
of :data:`~cuesheets.export.rows.PARTY_COLUMNS` and one row per party, the use's cells
(sequence, cue, title, usage code, duration) on its first row only.

Cells that hold text are text cells (format ``@``, type string): an IPI number keeps its
leading zeros, ``1:05`` is not taken for a time of day and a title starting with ``=`` is
not run as a formula. Shares are numbers shown as
percentages (``0.00%``), sequence numbers whole numbers. For the same sheet and moment the
file is byte-stable: the document dates are the moment and the archive's entries carry
its time.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from cuesheets.export.rows import PARTY_COLUMNS, party_rows
from cuesheets.sheet import ROUNDING_RULE, CueSheet

__all__ = ["SHEET_NAME", "TEXT_FORMAT", "sheet_xlsx"]

_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")

SHEET_NAME = "Cue Sheet"
TEXT_FORMAT = "@"
SHARE_FORMAT = "0.00%"
WIDTHS = (8, 10, 36, 8, 10, 7, 34, 12, 16, 10)


def sheet_xlsx(sheet: CueSheet, *, printed: dt.datetime) -> bytes:
    """The workbook's bytes; ``printed`` is its creation and modification date."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    book = Workbook()
    page: Any = book.active
    page.title = SHEET_NAME
    bold = Font(bold=True)
    page.cell(row=1, column=1, value="MUSIC CUE SHEET").font = Font(bold=True, size=14)
    row = 3
    for label, value in sheet.header_items():
        page.cell(row=row, column=1, value=label).font = bold
        _text(page, row, 2, value)
        row += 1
    page.cell(row=row, column=1, value="Timings").font = bold
    _text(page, row, 2, ROUNDING_RULE)
    row += 2
    heading_row = row
    fill = PatternFill("solid", fgColor="DDDDDD")
    line = Border(bottom=Side(style="thin"))
    for column, heading in enumerate(PARTY_COLUMNS, start=1):
        cell = page.cell(row=row, column=column, value=heading)
        cell.font, cell.fill, cell.border = bold, fill, line
    for party_row in party_rows(sheet):
        row += 1
        use_cells = party_row.use_cells() if party_row.first else [""] * 5
        party_cells = party_row.party_cells()
        if party_row.first:
            page.cell(row=row, column=1, value=party_row.row.sequence)
        for column, text in enumerate([*use_cells[1:], *party_cells[:4]], start=2):
            _text(page, row, column, text)
        if party_row.party is not None:
            share = page.cell(row=row, column=10, value=float(party_row.party.share / 100))
            share.number_format = SHARE_FORMAT
        if party_row.first and row > heading_row + 1:
            for column in range(1, len(PARTY_COLUMNS) + 1):
                page.cell(row=row, column=column).border = Border(top=Side(style="hair"))
    for column, width in enumerate(WIDTHS, start=1):
        page.column_dimensions[_letter(column)].width = width
    for cells in page.iter_rows(min_row=heading_row + 1, max_row=row):
        for cell in cells:
            cell.alignment = Alignment(vertical="top")
    page.freeze_panes = page.cell(row=heading_row + 1, column=1)
    page.print_title_rows = f"{heading_row}:{heading_row}"
    page.page_setup.orientation = "landscape"
    page.page_setup.fitToWidth = 1
    stamp = printed.astimezone(dt.UTC).replace(tzinfo=None, microsecond=0)
    book.properties.creator = "scoresync"
    book.properties.title = f"{sheet.title} music cue sheet"
    book.properties.created = stamp
    book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return _stamped(buffer.getvalue(), stamp)


def _text(page: Any, row: int, column: int, text: str) -> None:
    """A text cell (format ``@``), never a formula even when it starts with ``=``; an
    empty text leaves the cell empty."""
    cell = page.cell(row=row, column=column)
    cell.number_format = TEXT_FORMAT
    if text:
        cell.value = text
        cell.data_type = "s"


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def _stamped(data: bytes, stamp: dt.datetime) -> bytes:
    """The archive ``data`` with every entry dated ``stamp`` (not before 1980, as ZIP
    dates cannot be) and the document modified at ``stamp`` (openpyxl writes the time of
    saving), in the same order."""
    when = max(stamp, dt.datetime(1980, 1, 1))
    date_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(
                    lambda m: m.group(1) + f"{stamp:%Y-%m-%dT%H:%M:%SZ}".encode() + m.group(2),
                    data,
                )
            target.writestr(entry, data)
    return out.getvalue()
