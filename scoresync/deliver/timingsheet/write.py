"""Writing a timing sheet in the format asked for: text, CSV or PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from scoresync.deliver.timingsheet.pdf import sheet_pdf
from scoresync.deliver.timingsheet.sheet import FORMATS, SheetFormat, TimingSheet
from scoresync.deliver.timingsheet.text import sheet_csv, sheet_text
from scoresync.errors import UsageError
from tempo.common.atomic import write_export

__all__ = ["sheet_bytes", "sheet_format", "write_sheet"]


def sheet_format(path: Path, given: str | None) -> SheetFormat:
    """The format asked for, or the one ``path``'s extension names."""
    name = (given or path.suffix.lstrip(".")).lower()
    if name == "text":
        name = "txt"
    if name not in FORMATS:
        shown = (
            repr(given)
            if given
            else f"{path.suffix or 'without an extension'!r} (from -o {path.name})"
        )
        raise UsageError(
            f"unknown timing-sheet format {shown}: use --format txt, csv or pdf "
            "(or a file ending .txt, .csv or .pdf)"
        )
    return name  # type: ignore[return-value]


def sheet_bytes(
    sheet: TimingSheet,
    fmt: SheetFormat,
    *,
    paper: str = "a4",
    printed: dt.datetime | None = None,
) -> bytes:
    """The sheet in ``fmt``: UTF-8 text, UTF-8 CSV or PDF (printed at ``printed``, see
    :func:`~scoresync.deliver.pdfpages.print_moment`)."""
    if fmt == "txt":
        return sheet_text(sheet).encode("utf-8")
    if fmt == "csv":
        return sheet_csv(sheet).encode("utf-8")
    return sheet_pdf(sheet, paper=paper, printed=printed)


def write_sheet(
    path: Path | str,
    sheet: TimingSheet,
    *,
    fmt: str | None = None,
    paper: str = "a4",
    printed: dt.datetime | None = None,
) -> Path:
    """Writes ``sheet`` to ``path`` in ``fmt`` (default: from the extension), in one step
    (:func:`~tempo.common.atomic.write_export`)."""
    target = Path(path)
    data = sheet_bytes(sheet, sheet_format(target, fmt), paper=paper, printed=printed)
    return write_export(target, data)
