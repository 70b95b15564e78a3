"""Cue-sheet exports: XLSX (RapidCue 2016 layout), PDF, flat CSV and JSON shaped after
DDEX Cue, each from one :class:`~cuesheets.sheet.CueSheet`.

:func:`sheet_bytes` makes a format's bytes; :data:`KINDS` says how an existing file of
each is recognised, so that an export replaces only its own kind of file
(:func:`scoresync.deliver.targets.check_target`).
"""

from __future__ import annotations

import datetime as dt
import re

from cuesheets.sheet import CueSheet
from scoresync.deliver.targets import PDF, FileKind

__all__ = ["FORMATS", "KINDS", "SUFFIXES", "sheet_bytes"]

FORMATS = ("xlsx", "pdf", "csv", "json")
SUFFIXES = {"xlsx": ".xlsx", "pdf": ".pdf", "csv": ".csv", "json": ".json"}

_CSV_HEAD = b"sequence,cue,title,usage_code,usage,"
_JSON_HEAD = re.compile(rb'^\s*\{\s*"CueSheet"\s*:')

KINDS: dict[str, FileKind] = {
    "xlsx": FileKind(
        "an Excel workbook",
        lambda head: (
            head.startswith(b"PK\x03\x04")
            and any(part in head for part in (b"[Content_Types].xml", b"docProps/", b"xl/"))
        ),
    ),
    "pdf": PDF,
    "csv": FileKind(
        "a cue sheet (CSV)",
        lambda head: head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(_CSV_HEAD),
    ),
    "json": FileKind("a cue sheet (JSON)", lambda head: bool(_JSON_HEAD.match(head))),
}


def sheet_bytes(
    sheet: CueSheet, file_format: str, *, paper: str = "a4", printed: dt.datetime
) -> bytes:
    """``sheet`` as ``file_format`` (one of :data:`FORMATS`); ``printed`` dates the XLSX
    and the PDF, ``paper`` sizes the PDF."""
    if file_format == "xlsx":
        from cuesheets.export.xlsx import sheet_xlsx

        return sheet_xlsx(sheet, printed=printed)
    if file_format == "pdf":
        from cuesheets.export.pdf import sheet_pdf

        return sheet_pdf(sheet, paper=paper, printed=printed)
    if file_format == "csv":
        from cuesheets.export.flat_csv import sheet_csv

        return sheet_csv(sheet).encode("utf-8")
    if file_format == "json":
        from cuesheets.export.ddex_json import sheet_json

        return sheet_json(sheet).encode("utf-8")
    raise ValueError(f"unknown cue-sheet format {file_format!r}; use {', '.join(FORMATS)}")
