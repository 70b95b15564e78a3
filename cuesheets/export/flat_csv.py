"""The cue sheet as a flat CSV: one row per party of each use, every column filled on
every row, for spreadsheets and databases.

Columns (:data:`CSV_COLUMNS`): the use's sequence, cue number, title, usage (target code
and internal name), start and end timecodes, exact duration in frames and the duration in
seconds by the sheet's rounding rule (:data:`cuesheets.sheet.ROUNDING_RULE`, as the column
name says), then the party (role code and name, name, society, IPI as text, share in
percent to four decimals and exact, ``100/3``) and the work's ISWC, ISRC, origin, library
and catalogue number. Free-text cells are guarded against formula injection
(:func:`scoresync.deliver.spreadsheet.spreadsheet_text`).
"""

from __future__ import annotations

import csv
import io

from cuesheets.export.rows import party_rows, share_text
from cuesheets.identifiers import normal_isrc, normal_iswc
from cuesheets.sheet import CueSheet
from scoresync.deliver.spreadsheet import spreadsheet_text
from tempo.common.exact import format_fraction

__all__ = ["CSV_COLUMNS", "sheet_csv"]

CSV_COLUMNS = (
    "sequence",
    "cue",
    "title",
    "usage_code",
    "usage",
    "start_tc",
    "end_tc",
    "duration_frames",
    "duration_seconds_rounded_half_up",
    "role_code",
    "role",
    "name",
    "society",
    "ipi",
    "share_percent",
    "share_exact",
    "iswc",
    "isrc",
    "origin",
    "library",
    "catalogue",
)


def sheet_csv(sheet: CueSheet) -> str:
    """The CSV text (``\\r\\n`` line ends, as the csv module writes them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for party_row in party_rows(sheet):
        row, party, work = party_row.row, party_row.party, party_row.row.work
        text = spreadsheet_text
        writer.writerow(
            [
                row.sequence,
                str(row.use.cue),
                text(row.title),
                row.usage_code or "",
                row.use.usage.value,
                row.start_tc,
                row.end_tc,
                row.frames,
                row.seconds,
                "" if party is None else party.role.code,
                "" if party is None else party.role.value,
                "" if party is None else text(party.name),
                "" if party is None else text(party.society),
                "" if party is None else text(party.ipi),
                "" if party is None else share_text(party.share),
                "" if party is None else format_fraction(party.share),
                "" if work is None else text(normal_iswc(work.iswc)),
                "" if work is None else text(normal_isrc(work.isrc)),
                "" if work is None else work.origin.value,
                "" if work is None else text(work.library),
                "" if work is None else text(work.catalogue),
            ]
        )
    return buffer.getvalue()
