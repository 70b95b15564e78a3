"""CMX 3600 edit decision lists read into the picture layer, tolerantly.

Real lists are messy (``shared/fixtures/edl/NOTICE.md``), so this reader is our own and
never stops at a bad line: it keeps what it cannot read as a :class:`~.layer.Note` naming
the line, and counts that every event line became an edit (:attr:`EdlReading.edits`
against :attr:`EdlReading.event_lines`). It raises only for a file that cannot be read at
all (:class:`~.layer.CutFileError`: missing, a folder, binary data).

The work is split by concept: :mod:`.edl_text` decodes the bytes and splits the lines,
:mod:`.edl_lines` reads one line's fields, :mod:`.edl_clock` counts timecodes,
:mod:`.edl_reader` reads the lines into events and :mod:`.edl_cut` makes the cut.

What it reads:

- event lines from the right (:mod:`~scoresync.editorial.edl_lines`), numbered with any
  number of digits, with reels of any length and spaces;
- ``TITLE`` and ``FCM`` lines anywhere, FCM changing from one event to the next
  (:mod:`~scoresync.editorial.edl_clock` counts every label at the user's rate: the
  record side as the FCM in force at the first event says, the sources as the latest
  FCM says, and a ``;`` label as drop frame whatever the FCM says);
- dissolves, wipes and keys written as two lines under one event number: the from-line
  (zero frames on the record side) becomes the transition's ``from_event``, the to-line
  the event, with a :class:`~.layer.Transition` starting at its record in
  (:attr:`~.layer.Alignment.START`). A key's foreground goes to ``Cut.others``; its
  background stays on the picture;
- ``M2`` lines: the speed is the source's frames per timecode second over the rate's
  base (``048.0`` at 24 fps is ``2``, ``-25.0`` at 25 fps ``-1``, ``000.0`` a freeze);
- ``AUD`` lines (more audio channels), ``SPLIT`` lines (a video delay moves the
  picture's in point), ``LOC`` lines and comments (the cut's markers);
- the comment dialects: ``* FROM CLIP NAME:``, ``* TO CLIP NAME:``, ``* SOURCE FILE:``,
  ``* FROM CLIP:``/``* FROM FILE:``, ``* ASC_SOP``, ``* ASC_SAT``, ``*079_HA_0010`` and
  ``*VFX 079_HA_0010`` shot ids, ``REM``, ``EFFECTS NAME IS`` ...: the names fill the
  event's :class:`~.layer.Source`, the rest stays in its ``comments``; comments before the
  first event are the cut's ``comments``.

Video events (channel ``V``, ``B``, ``AA/V`` ...) make the picture track, sorted by
record in; audio-only events and ``NONE`` events are kept in ``Cut.others`` in list
order. Black (reels ``BL``, ``BLK``, ``BLACK``) is a gap; a stretch of the record side
no event covers is left as a hole, not made a gap, since the list says nothing of it.
Record overlaps are kept, each with a note.

Source positions are the list's own: for a retimed event the source in and out are as
written, except a freeze, whose source out is one frame after its source in.

What it notes and reads on: a timecode that breaks a rule of timecode at the rate given
(frame 24 at 24 fps, a label drop frame skips, ``;`` at 25 fps) is counted on from its
fields, with a note naming the line and, once for the list, which rates would fit its
record side; a record out before its record in is taken as the record in plus the
source's length; a line that is not CMX 3600 is kept as a comment. Any encoding and line
ending (:mod:`.edl_text`): a list not in UTF-8 gets a note saying how it was read.

>>> from scoresync.picture.rates import parse_rate
>>> reading = parse_edl(
...     "TITLE: REEL 1\\nFCM: NON-DROP FRAME\\n"
...     "001  A001C003 V     C        10:00:00:00 10:00:02:00 01:00:00:00 01:00:02:00\\n"
...     "* FROM CLIP NAME:  079_HA_0010_v012\\n",
...     rate=parse_rate("24"), file_name="reel1.edl")
>>> event = reading.cut.events[0]
>>> event.record_in, event.record_out, event.source.clip_name, event.source.vfx_shot
(86400, 86448, '079_HA_0010_v012', '079_HA_0010')
>>> reading.event_lines, reading.edits
(1, 1)
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from scoresync.editorial.edl_cut import build_cut
from scoresync.editorial.edl_reader import ListReader
from scoresync.editorial.edl_text import decode_list, looks_binary, split_lines
from scoresync.editorial.layer import Cut, CutFileError, Note
from scoresync.picture.rates import FrameRate, parse_rate
from tempo.common.collector import collector_paused

__all__ = ["MAX_EDL_BYTES", "EdlReading", "parse_edl", "parse_edl_file", "read_edl"]

MAX_EDL_BYTES = 64 * 1024 * 1024
"""The largest file read as an EDL: a feature's list with every comment is a few MB."""


@dataclass(frozen=True)
class EdlReading:
    """What reading one list gave: the cut, and the counts that show nothing was lost.

    ``event_lines`` counts the lines that begin with an event number; ``edits`` the event
    lines that became part of the cut (an event, or a transition's from-line). They are
    equal unless a line could not be read, and then a note names it. ``encoding`` is the
    text encoding the list was read with.
    """

    cut: Cut
    event_lines: int
    edits: int
    encoding: str

    @property
    def notes(self) -> tuple[Note, ...]:
        return self.cut.notes

    @property
    def events(self) -> int:
        """The events of the cut: its picture track's and the others'."""
        return len(self.cut.events) + len(self.cut.others)

    @property
    def complete(self) -> bool:
        """True when every event line became an edit."""
        return self.edits == self.event_lines


def read_edl(path: Path | str, *, rate: FrameRate | str) -> Cut:
    """The picture layer of the EDL at ``path``, its timecodes counted at ``rate``.

    Raises :class:`~.layer.CutFileError` only when the file cannot be read at all
    (missing, a folder, unreadable, binary); problems inside it are the cut's notes.
    """
    return parse_edl_file(path, rate=rate).cut


def parse_edl_file(path: Path | str, *, rate: FrameRate | str) -> EdlReading:
    """Reads the EDL at ``path`` like :func:`read_edl`, with the counts of
    :class:`EdlReading`."""
    path = Path(path)
    rate = parse_rate(rate)
    data = _read_bytes(path)
    return parse_edl(data, rate=rate, file_name=path.name, shown_path=str(path))


def _read_bytes(path: Path) -> bytes:
    shown = str(path)
    try:
        status = os.stat(path)
        if stat.S_ISDIR(status.st_mode):
            raise CutFileError(f"{shown}: is a folder; give an EDL file")
        if not stat.S_ISREG(status.st_mode):
            raise CutFileError(
                f"{shown}: is not a regular file (a pipe or a device?); give an EDL file"
            )
        if status.st_size > MAX_EDL_BYTES:
            raise CutFileError(
                f"{shown}: is {status.st_size // (1024 * 1024)} MB, far larger than any EDL "
                f"(at most {MAX_EDL_BYTES // (1024 * 1024)} MB are read); check the file"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise CutFileError(f"{shown}: no such file; check the name and folder") from None
    except PermissionError:
        raise CutFileError(f"{shown}: not allowed to read this file") from None
    except OSError as error:
        raise CutFileError(f"{shown}: cannot be read ({error.strerror or error})") from None


def parse_edl(
    data: str | bytes,
    *,
    rate: FrameRate | str,
    file_name: str = "EDL",
    shown_path: str | None = None,
) -> EdlReading:
    """Reads the list ``data`` (text, or bytes in any encoding :mod:`.edl_text` knows),
    its timecodes counted at ``rate``. ``file_name`` names the file in notes and origins,
    ``shown_path`` in the error for binary data (default ``file_name``)."""
    rate = parse_rate(rate)
    with collector_paused():
        return _parse(data, rate=rate, file_name=file_name, shown_path=shown_path)


def _parse(
    data: str | bytes, *, rate: FrameRate, file_name: str, shown_path: str | None
) -> EdlReading:
    reader = ListReader(rate, file_name)
    encoding = "text"
    binary = False
    if isinstance(data, bytes):
        binary = looks_binary(data)
        decoded = decode_list(data)
        data, encoding = decoded.text, decoded.encoding
        if decoded.warning:
            reader.note(None, decoded.warning)
    for at, line in enumerate(split_lines(data), start=1):
        reader.read_line(at, line)
    if binary:
        if reader.event_lines == 0:
            raise CutFileError(
                f"{shown_path or file_name}: is not an EDL: it holds binary data and no event "
                "lines; give a CMX 3600 edit decision list (text)"
            )
        reader.note(None, "the file holds binary data (NUL or control bytes); ignored")
    reader.settle()
    cut, edits = build_cut(reader)
    return EdlReading(cut=cut, event_lines=reader.event_lines, edits=edits, encoding=encoding)
