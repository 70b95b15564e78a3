"""The cue sheet as a printable PDF: the header block at the top of every page, one row
per party (the use's cells on its first row), and the timing rule at every page's foot."""

from __future__ import annotations

import datetime as dt

from cuesheets.export.rows import PARTY_COLUMNS, party_rows
from cuesheets.pdfpage import TablePage, table_pdf
from cuesheets.sheet import ROUNDING_RULE, CueSheet

__all__ = ["sheet_pdf"]

WEIGHTS = (4, 6, 22, 5, 6, 4, 22, 8, 11, 6)


def sheet_pdf(sheet: CueSheet, *, paper: str = "a4", printed: dt.datetime) -> bytes:
    """The PDF bytes of ``sheet`` on landscape ``paper``, printed at ``printed``."""
    items = [(label, value) for label, value in sheet.header_items() if value]
    header = [
        "   ".join(f"{label}: {value}" for label, value in items[i : i + 4])
        for i in range(0, len(items), 4)
    ]
    rows, starts = [], set()
    for index, party_row in enumerate(party_rows(sheet)):
        use_cells = party_row.use_cells() if party_row.first else [""] * 5
        if party_row.first:
            starts.add(index)
        rows.append([*use_cells, *party_row.party_cells()])
    page = TablePage(
        title=f"{sheet.title}: music cue sheet",
        subject="music cue sheet",
        header=header,
        columns=PARTY_COLUMNS,
        rows=rows,
        weights=WEIGHTS,
        mono=frozenset({4, 8}),
        group_starts=frozenset(starts),
        note=f"Timings: {ROUNDING_RULE}.",
    )
    return table_pdf(page, paper=paper, printed=printed)
