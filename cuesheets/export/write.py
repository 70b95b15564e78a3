"""Writing a cue sheet or spotting notes to a file: the one call the command line and the
terminal UI share.

:func:`write_sheet` validates first and refuses a sheet with errors
(:class:`SheetHasErrors`, carrying the findings) unless ``ignore_errors``; both calls
refuse to replace a file of another kind unless ``force``
(:class:`~scoresync.deliver.targets.ForeignFileError`, whose ``clash`` a UI can put to the
user) and write atomically.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cuesheets.export import KINDS, sheet_bytes
from cuesheets.sheet import CueSheet, build_sheet
from cuesheets.validate import Finding, errors_in, validate
from scoresync.deliver.targets import FileKind, check_target
from scoresync.errors import UsageError
from scoresync.project.model import Project
from scoresync.project.music import Target
from tempo.common.atomic import write_export

__all__ = ["SheetHasErrors", "SheetWritten", "write_notes", "write_sheet"]


class SheetHasErrors(UsageError):
    """The sheet has errors and was not written; ``findings`` holds every finding."""

    def __init__(self, findings: list[Finding]) -> None:
        count = len(errors_in(findings))
        super().__init__(
            f"the cue sheet has {count} error{'s' * (count != 1)} (listed above); correct "
            "them, or pass --ignore-errors to write it all the same"
        )
        self.findings = findings


@dataclass(frozen=True)
class SheetWritten:
    """A written sheet: where, what, and the findings it was written with."""

    path: Path
    sheet: CueSheet
    findings: list[Finding]

    @property
    def has_errors(self) -> bool:
        return bool(errors_in(self.findings))


def _moment(printed: dt.datetime | None) -> dt.datetime:
    from scoresync.deliver.pdfpages import print_moment

    return print_moment(printed)


def _write(path: Path, data: bytes, kind: FileKind, *, force: bool) -> None:
    check_target(path, kind, force=force)
    write_export(path, data)


def write_sheet(
    project: Project,
    path: Path,
    file_format: str,
    *,
    target: Target | None = None,
    paper: str = "a4",
    ignore_errors: bool = False,
    force: bool = False,
    printed: dt.datetime | None = None,
) -> SheetWritten:
    """Validate ``project``'s cue sheet for ``target`` and write it to ``path`` as
    ``file_format`` (xlsx, pdf, csv or json)."""
    findings = validate(project, target=target)
    if errors_in(findings) and not ignore_errors:
        raise SheetHasErrors(findings)
    sheet = build_sheet(project, target=target)
    data = sheet_bytes(sheet, file_format, paper=paper, printed=_moment(printed))
    _write(path, data, KINDS[file_format], force=force)
    return SheetWritten(path, sheet, findings)


def write_notes(
    project: Project,
    path: Path,
    file_format: str,
    *,
    version: str = "",
    paper: str = "a4",
    force: bool = False,
    printed: dt.datetime | None = None,
) -> int:
    """Write ``project``'s spotting notes to ``path`` as ``file_format`` (txt, csv or
    pdf); returns the number of cues."""
    from cuesheets.spotting.notes import KINDS as NOTE_KINDS
    from cuesheets.spotting.notes import notes_bytes, notes_of

    notes = notes_of(project, version=version)
    data = notes_bytes(notes, file_format, paper=paper, printed=_moment(printed))
    _write(path, data, NOTE_KINDS[file_format], force=force)
    return len(notes.cues)
