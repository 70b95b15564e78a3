"""What an export may write over: a new name, an empty file, or a file of its own kind.

Every export names the kind of file it writes (:class:`FileKind`): a MIDI file, a WAV
file, MusicXML (plain or compressed), a PDF, a timing sheet as text or CSV, a streamer
list. A file already at the output path is recognised from its first
:data:`SNIFF_BYTES` bytes (:func:`kind_of`), and the export replaces it only when it is of
the export's own kind, or empty (nothing is lost then). Anything else, a project file
above all, is replaced only when the user says so (``--force`` on the command line, a
confirmation in the terminal UI); :func:`check_target` refuses it with a message that
names what the file is.

The path is first checked as every written file is (:func:`tempo.common.atomic.check_writable`):
links are followed to the real file, which must be a regular file or a new name. Only
then is it opened to be recognised, so a FIFO or a device is never opened.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scoresync.deliver.streamers import CSV_COLUMNS as STREAMER_CSV_COLUMNS
from scoresync.deliver.timingsheet.text import CSV_COLUMNS as SHEET_CSV_COLUMNS
from scoresync.errors import ExportError
from scoresync.project import SCHEMA_ID
from tempo.common.atomic import check_writable, write_target

__all__ = [
    "KINDS",
    "MIDI",
    "MUSICXML",
    "MXL",
    "PDF",
    "PROJECT",
    "SHEET_CSV",
    "SHEET_TEXT",
    "SNIFF_BYTES",
    "STREAMER_CSV",
    "WAV",
    "FileKind",
    "ForeignFileError",
    "check_target",
    "kind_of",
    "replace_problem",
]

SNIFF_BYTES = 4096
"""How much of an existing file is read to recognise it."""


@dataclass(frozen=True)
class FileKind:
    """A kind of file, as a user calls it (``a MIDI file``), and how to recognise one from
    its first bytes."""

    name: str
    matches: Callable[[bytes], bool]

    def __str__(self) -> str:
        return self.name


def _text_start(head: bytes) -> bytes:
    """``head`` without a UTF-8 byte order mark and leading white space."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()


_PROJECT_SCHEMA = re.compile(rb'"schema"\s*:\s*"' + re.escape(SCHEMA_ID.encode()) + rb'"')
_SCORE_ROOT = re.compile(rb"<score-(?:partwise|timewise)[\s>/]")
_SHEET_TEXT_HEADER = re.compile(rb": timing sheet\r?\nCue {6}")
"""The first two lines of :func:`scoresync.deliver.timingsheet.text.sheet_text`
(``TITLE: timing sheet``, then ``Cue      NUMBER TITLE``)."""


def _csv_header(columns: tuple[str, ...]) -> Callable[[bytes], bool]:
    line = ",".join(columns).encode()
    return lambda head: _text_start(head).startswith(line)


PROJECT = FileKind(
    "a scoresync project",
    lambda head: _text_start(head).startswith(b"{") and bool(_PROJECT_SCHEMA.search(head)),
)
MIDI = FileKind("a MIDI file", lambda head: head.startswith(b"MThd"))
WAV = FileKind(
    "a WAV file", lambda head: head[:4] in (b"RIFF", b"RF64", b"BW64") and head[8:12] == b"WAVE"
)
MUSICXML = FileKind(
    "a MusicXML file",
    lambda head: _text_start(head).startswith(b"<") and bool(_SCORE_ROOT.search(head)),
)
MXL = FileKind(
    "a compressed MusicXML file",
    lambda head: (
        head.startswith(b"PK\x03\x04")
        and (b"application/vnd.recordare.musicxml" in head or b"META-INF/container.xml" in head)
    ),
)
PDF = FileKind("a PDF", lambda head: head.startswith(b"%PDF-"))
SHEET_TEXT = FileKind("a timing sheet (text)", lambda head: bool(_SHEET_TEXT_HEADER.search(head)))
SHEET_CSV = FileKind("a timing sheet (CSV)", _csv_header(SHEET_CSV_COLUMNS))
STREAMER_CSV = FileKind("a streamer list (CSV)", _csv_header(STREAMER_CSV_COLUMNS))

KINDS = (PROJECT, MIDI, WAV, MUSICXML, MXL, PDF, SHEET_TEXT, SHEET_CSV, STREAMER_CSV)
"""Every kind recognised, the project first: what :func:`kind_of` tries, in order."""


def _head(path: Path) -> bytes | None:
    """The first :data:`SNIFF_BYTES` of the regular file at ``path``; None when it cannot
    be read (or is no longer a regular file)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return os.read(descriptor, SNIFF_BYTES)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def kind_of(head: bytes) -> FileKind | None:
    """The kind of the file that starts with ``head``, or None when it is none of
    :data:`KINDS`."""
    return next((kind for kind in KINDS if kind.matches(head)), None)


def replace_problem(path: Path, kind: FileKind) -> str | None:
    """Why writing ``kind`` at ``path`` would lose a file of another kind
    (``p.scoresync.json is a scoresync project, not a MIDI file``), or None when it would
    not: nothing is there, the file is empty or it is of ``kind``. A file that cannot be
    read is not known to be of ``kind``, so it is a clash too.

    Only a regular file is read (symbolic links followed); call
    :func:`~tempo.common.atomic.check_writable` first to refuse anything else.
    """
    try:
        real = write_target(path)
    except ExportError:
        return None
    if not real.is_file():
        return None
    head = _head(real)
    if head is None:
        return f"{path.name} exists and cannot be read to check that it is {kind}"
    if not head or kind.matches(head):
        return None
    found = kind_of(head)
    if found is None:
        return f"{path.name} exists and is not {kind}"
    return f"{path.name} is {found}, not {kind}"


class ForeignFileError(ExportError):
    """An export would replace a file of another kind; ``clash`` says what it is
    (:func:`replace_problem`) for a caller that asks the user instead."""

    def __init__(self, clash: str) -> None:
        super().__init__(f"{clash}; choose another output name or pass --force to replace it")
        self.clash = clash


def check_target(path: Path, kind: FileKind, *, force: bool = False) -> None:
    """Raises unless ``kind`` may be written at ``path``: :class:`ExportError` when the
    path cannot be written at all (a device, a FIFO, a missing folder ...), and, unless
    ``force``, :class:`ForeignFileError` when a file of another kind is there."""
    check_writable(path)
    if force:
        return
    clash = replace_problem(path, kind)
    if clash is not None:
        raise ForeignFileError(clash)
