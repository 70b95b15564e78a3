"""Timing sheets as text: a fixed-width table for reading and CSV for spreadsheets."""

from __future__ import annotations

import csv
import io

from scoresync.deliver.spreadsheet import spreadsheet_text
from scoresync.deliver.timingsheet.sheet import TimingSheet, cue_time_text, seconds_text
from tempo.common.exact import bpm_text

__all__ = [
    "CSV_COLUMNS",
    "METER_COLUMN",
    "TEMPO_COLUMN",
    "TEXT_COLUMNS",
    "display_cells",
    "sheet_csv",
    "sheet_text",
]

TEXT_COLUMNS = (
    "BAR|BEAT",
    "TIMECODE",
    "1/8",
    "CUE SECS",
    "CUE TIME",
    "FEET",
    "TEMPO",
    "METER",
    "EVENT",
    "LABEL",
)


TEMPO_COLUMN = TEXT_COLUMNS.index("TEMPO")
METER_COLUMN = TEXT_COLUMNS.index("METER")


def display_cells(sheet: TimingSheet, *, every_row: bool = False) -> list[list[str]]:
    """The rows as display cells (text and PDF): tempo and meter where they change (on
    every row with ``every_row``, from which a page's first row takes them)."""
    cells = []
    shown_tempo = shown_meter = ""
    for row in sheet.rows:
        tempo, meter = row.tempo_text, str(row.meter)
        cells.append(
            [
                row.position,
                row.tc,
                row.eighths_text,
                seconds_text(row.cue_seconds),
                cue_time_text(row.cue_seconds),
                row.feet,
                "" if tempo == shown_tempo and not every_row else tempo,
                "" if meter == shown_meter and not every_row else meter,
                row.kind_text,
                row.label,
            ]
        )
        shown_tempo, shown_meter = tempo, meter
    return cells


def sheet_text(sheet: TimingSheet) -> str:
    """The sheet as a fixed-width text table under its header, ending with a newline."""
    cells = display_cells(sheet)
    widths = [len(title) for title in TEXT_COLUMNS]
    for line in cells:
        widths = [max(width, len(cell)) for width, cell in zip(widths, line, strict=True)]
    right = {2, 3, 4, 5}

    def format_line(line: list[str] | tuple[str, ...]) -> str:
        parts = [
            cell.rjust(width) if index in right else cell.ljust(width)
            for index, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    lines = [*sheet.header_lines, "", format_line(TEXT_COLUMNS)]
    lines.append("  ".join("-" * width for width in widths).rstrip())
    lines += [format_line(line) for line in cells]
    return "\n".join(lines) + "\n"


CSV_COLUMNS = (
    "kind",
    "bar",
    "beat",
    "ticks",
    "position",
    "timecode",
    "frame_eighths",
    "frames_exact",
    "cue_seconds",
    "cue_time",
    "feet",
    "bpm",
    "beat_unit",
    "meter",
    "label",
    "must_hit",
)
"""The CSV header row; the names and their order are stable (an existing sheet is known
by them, :mod:`scoresync.deliver.targets`).

``bar``, ``beat`` and ``ticks`` are the exact position (bar|beat|tick, the bar numbered
as the sheet numbers bars); ``position`` is the position as the sheet shows it (the
nearest beat and the distance from it in frames, ``11|1 -0.25f``)."""


def sheet_csv(sheet: TimingSheet) -> str:
    """The sheet as CSV: the header row :data:`CSV_COLUMNS`, then one row per line, with
    tempo and meter on every row. Line endings are ``\\r\\n`` (RFC 4180).

    ``label`` is the one free-text column (a hit's label as typed): a label a spreadsheet
    would run as a formula gets a ``'`` in front (:func:`spreadsheet_text`). Every other
    column is a number, a timecode or a word this writer chooses, written as it is, so
    ``cue_seconds`` before the cue start stays a negative number."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in sheet.rows:
        writer.writerow(
            [
                row.kind.value,
                row.shown_bar,
                row.beat,
                row.ticks,
                row.position,
                row.tc,
                row.eighths,
                f"{float(row.frames_exact):.4f}",
                seconds_text(row.cue_seconds),
                cue_time_text(row.cue_seconds),
                row.feet,
                bpm_text(row.bpm),
                row.beat_unit.json_name,
                str(row.meter),
                spreadsheet_text(row.label),
                "yes" if row.must_hit else "no",
            ]
        )
    return buffer.getvalue()
