"""CMX 3600 edit decision lists read into the picture layer, tolerantly.

Real lists are messy (``shared/fixtures/edl/NOTICE.md``), so this reader is our own and
never stops at a bad line: it keeps what it cannot read as a :class:`~.layer.Note` naming
the line, and counts that every event line became an edit (:attr:`EdlReading.edits`
against :attr:`EdlReading.event_lines`).

What it reads:

- event lines from the right (:mod:`~scoresync.editorial.edl_lines`), numbered with any
  number of digits, with reels of any length and spaces;
- ``TITLE`` and ``FCM`` lines anywhere, FCM changing from one event to the next
  (:mod:`~scoresync.editorial.edl_clock` counts every label at the user's rate with the
  drop flag in force; a ``;`` label is drop frame whatever the FCM says);
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
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from scoresync.editorial.edl_clock import ListClock, counterpart
from scoresync.editorial.edl_lines import (
    EVENT_NUMBER,
    TIMECODE,
    EventLine,
    audio_channels_of,
    channels_of,
    comment_field,
    fcm_is_drop,
    parse_event_line,
    parse_motion_line,
    vfx_shot_in_name,
)
from scoresync.editorial.edl_text import decode_list, looks_binary, split_lines
from scoresync.editorial.layer import (
    Alignment,
    Cut,
    CutFileError,
    Event,
    EventKind,
    Note,
    Origin,
    Source,
    Track,
    Transition,
    TransitionKind,
)
from scoresync.picture.rates import FrameRate, parse_rate

__all__ = ["MAX_EDL_BYTES", "EdlReading", "parse_edl", "parse_edl_file", "read_edl"]

MAX_EDL_BYTES = 64 * 1024 * 1024
"""The largest file read as an EDL: a feature's list with every comment is a few MB."""

BLACK_REELS = frozenset({"BL", "BLK", "BLACK"})
"""Reels that mean black: their events are gaps."""

_TRANSITION_KINDS = {"D": TransitionKind.DISSOLVE, "W": TransitionKind.WIPE}


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


# -- reading files -------------------------------------------------------------------------


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
    except FileNotFoundError:
        raise CutFileError(f"{shown}: no such file; check the name and folder") from None
    except OSError as error:
        raise CutFileError(f"{shown}: cannot be read ({error.strerror})") from None
    if stat.S_ISDIR(status.st_mode):
        raise CutFileError(f"{shown}: is a folder; give an EDL file")
    if not stat.S_ISREG(status.st_mode):
        raise CutFileError(f"{shown}: is not a regular file (a pipe or device?); give an EDL file")
    if status.st_size > MAX_EDL_BYTES:
        raise CutFileError(
            f"{shown}: is {status.st_size // (1024 * 1024)} MB, far larger than any EDL "
            f"(at most {MAX_EDL_BYTES // (1024 * 1024)} MB are read); check the file"
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise CutFileError(f"{shown}: cannot be read ({error.strerror})") from None


# -- reading text ------------------------------------------------------------------------


def parse_edl(
    data: str | bytes,
    *,
    rate: FrameRate | str,
    file_name: str = "EDL",
    shown_path: str | None = None,
) -> EdlReading:
    """Reads the list ``data`` (text, or bytes in any encoding :mod:`.edl_text` knows),
    its timecodes counted at ``rate``. ``file_name`` names the file in notes and origins;
    ``shown_path`` in the error for binary data (default ``file_name``)."""
    rate = parse_rate(rate)
    encoding = "text"
    early_notes: list[Note] = []
    binary = False
    if isinstance(data, bytes):
        binary = looks_binary(data)
        decoded = decode_list(data)
        text, encoding = decoded.text, decoded.encoding
        if decoded.warning:
            early_notes.append(Note(decoded.warning, Origin(file_name)))
    else:
        text = data
    reader = _ListReader(rate, file_name)
    reader.notes.extend(early_notes)
    for number, line in enumerate(split_lines(text), start=1):
        reader.read_line(number, line)
    if binary:
        if reader.event_lines == 0:
            raise CutFileError(
                f"{shown_path or file_name}: is not an EDL: it holds binary data and no event "
                "lines; give a CMX 3600 edit decision list (text)"
            )
        reader.notes.append(
            Note("the file holds binary data (NUL or control bytes); ignored", Origin(file_name))
        )
    return reader.finish(encoding)


@dataclass(eq=False)
class _Line:
    """One event line being read: its fields counted, the rest filled in as the lines
    after it come (M2, AUD, comments)."""

    at: int
    fields: EventLine
    source_in: int
    source_out: int
    record_in: int
    record_out: int
    drop: bool
    channels: tuple[str, ...]
    speed: Fraction = Fraction(1)
    clip_name: str = ""
    source_file: str = ""
    from_line: _Line | None = None
    is_from_line: bool = False

    @property
    def is_transition(self) -> bool:
        return self.fields.transition not in ("C", "KB")

    @property
    def zero_length(self) -> bool:
        return self.record_in == self.record_out


@dataclass(eq=False)
class _Group:
    """The lines under one event number and what follows them up to the next."""

    number: str
    lines: list[_Line] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)


class _ListReader:
    """Reads a list line by line, then builds the cut (:meth:`finish`)."""

    def __init__(self, rate: FrameRate, file_name: str) -> None:
        self.rate = rate
        self.file = file_name
        self.clock = ListClock(rate)
        self.title = ""
        self.groups: list[_Group] = []
        self.header: list[str] = []
        self.markers: list[Note] = []
        self.notes: list[Note] = []
        self.event_lines = 0
        self.unread_lines: list[int] = []
        self.pending_split: tuple[int, str] | None = None
        self.highest_frame = {"record": -1, "source": -1}

    # -- lines -----------------------------------------------------------------------------

    def note(self, at: int | None, message: str) -> None:
        self.notes.append(Note(message, Origin(self.file, line=at)))

    def read_line(self, at: int, raw: str) -> None:
        line = raw.strip()
        if not line:
            return
        first = line.split(None, 1)[0]
        if EVENT_NUMBER.match(first):
            self.read_event(at, line)
            return
        upper = first.upper()
        if upper == "M2":
            self.read_motion(at, line)
        elif upper.startswith("TITLE"):
            self.read_title(at, line)
        elif (drop := fcm_is_drop(line)) is not None:
            problem = self.clock.set_fcm(drop)
            if problem:
                self.note(at, problem)
        elif upper == "AUD":
            self.read_aud(at, line)
        elif upper.startswith("SPLIT"):
            self.pending_split = (at, line)
        elif line.startswith("*") or upper in ("REM", "EFFECTS", ">>>"):
            self.read_comment(at, line.lstrip("*").strip() if line.startswith("*") else line)
        else:
            field_name, _ = comment_field(line)
            if field_name:
                self.read_comment(at, line)
            else:
                self.keep_comment(line)
                self.note(at, f"{_shown(line)!r} is not a CMX 3600 line; kept as a comment")

    def read_title(self, at: int, line: str) -> None:
        _, _, title = line.partition(":")
        if not self.title and not self.groups:
            self.title = title.strip()
        else:
            self.keep_comment(line)

    def keep_comment(self, text: str) -> None:
        if self.groups:
            self.groups[-1].comments.append(text)
        else:
            self.header.append(text)

    def read_comment(self, at: int, body: str) -> None:
        field_name, value = comment_field(body)
        if field_name == "loc":
            self.markers.append(Note(value, Origin(self.file, line=at)))
            return
        if not self.groups:
            self.header.append(body)
            return
        group = self.groups[-1]
        if field_name and field_name != "vfx" and field_name not in group.names:
            group.names[field_name] = value
            return
        if field_name == "vfx" and "vfx" not in group.names:
            group.names["vfx"] = value
        group.comments.append(body)

    def read_event(self, at: int, line: str) -> None:
        self.event_lines += 1
        fields = parse_event_line(line)
        if isinstance(fields, str):
            self.unread_lines.append(at)
            self.note(at, f"event line not read: {fields}")
            return
        counted = []
        problems = []
        for name, label in zip(
            ("source in", "source out", "record in", "record out"), fields.timecodes, strict=True
        ):
            frames, problem = self.clock.frames(label)
            counted.append(frames)
            if problem:
                problems.append(f"{name} {problem}")
            side = "record" if name.startswith("record") else "source"
            self.highest_frame[side] = max(self.highest_frame[side], int(label[-2:]))
        if problems:
            self.note(at, f"event {fields.number}: " + "; ".join(problems))
        source_in, source_out, record_in, record_out = counted
        if record_out < record_in:
            self.note(
                at,
                f"event {fields.number}: its record out comes before its record in; "
                "read the other way round",
            )
            record_in, record_out = record_out, record_in
        record_label = fields.timecodes[2]
        drop = ";" in record_label or "." in record_label or self.clock.counting.drop
        entry = _Line(
            at=at,
            fields=fields,
            source_in=source_in,
            source_out=source_out,
            record_in=record_in,
            record_out=record_out,
            drop=drop,
            channels=channels_of(fields.channel),
        )
        split = self.apply_split(entry)
        if not self.groups or self.groups[-1].number != fields.number:
            self.groups.append(_Group(fields.number))
        self.groups[-1].lines.append(entry)
        if split:
            self.groups[-1].comments.append(split)

    def apply_split(self, entry: _Line) -> str:
        """Applies a pending ``SPLIT`` line to the event line after it: a video delay
        moves the picture's record and source in later. Returns the SPLIT line's text."""
        if self.pending_split is None:
            return ""
        at, text = self.pending_split
        self.pending_split = None
        delay_label = text.split("=")[-1].strip()
        if "VIDEO" not in text.upper() or "V" not in entry.channels:
            return text
        if not TIMECODE.match(delay_label):
            self.note(at, f"{delay_label!r} is not a timecode duration; the split is ignored")
            return text
        delay, problem = self.clock.frames(delay_label)
        if problem:
            self.note(at, problem)
        if delay < entry.record_out - entry.record_in:
            entry.record_in += delay
            entry.source_in += delay
        else:
            self.note(at, f"video delay {delay_label} is not inside the next event; ignored")
        return text

    def read_motion(self, at: int, line: str) -> None:
        motion = parse_motion_line(line)
        if isinstance(motion, str):
            self.note(at, motion + "; line ignored")
            return
        if not self.groups:
            self.note(at, "an M2 line before any event; ignored")
            return
        lines = self.groups[-1].lines
        entry_frames: int | None = None
        if motion.entry is not None:
            entry_frames, problem = self.clock.frames(motion.entry)
            if problem:
                self.note(at, f"M2 entry {problem}")
        reel = motion.reel.strip().upper()
        matching = [
            line_
            for line_ in lines
            if reel
            and (
                line_.fields.reel.upper().startswith(reel)
                or reel.startswith(line_.fields.reel.upper())
            )
            and line_.fields.reel
        ]
        target = next(
            (line_ for line_ in matching if line_.source_in == entry_frames),
            matching[-1] if matching else lines[-1],
        )
        if not matching:
            self.note(
                at,
                f"M2 reel {motion.reel!r} is not the reel of event {target.fields.number}; "
                "its speed is given to the event's last line",
            )
        speed = Fraction(motion.speed) / self.rate.base
        target.speed = speed
        if entry_frames is not None and entry_frames != target.source_in:
            self.note(
                at,
                f"M2 entry {motion.entry} is not the source in of event "
                f"{target.fields.number}; the event line's source in is kept",
            )

    def read_aud(self, at: int, line: str) -> None:
        if not self.groups:
            self.note(at, "an AUD line before any event; ignored")
            return
        last = self.groups[-1].lines[-1]
        added = audio_channels_of(line)
        last.channels = channels_of("/".join(last.channels + added)) if added else last.channels

    # -- the cut -----------------------------------------------------------------------------

    def finish(self, encoding: str) -> EdlReading:
        self.pair_transitions()
        picture: list[Event] = []
        others: list[Event] = []
        for group in self.groups:
            self.name_lines(group)
            for entry in group.lines:
                if entry.is_from_line:
                    continue
                event = self.event_of(entry, group)
                (picture if event.track is Track.PICTURE else others).append(event)
        picture.sort(key=lambda event: (event.record_in, event.origin.line or 0))
        self.note_overlaps(picture)
        self.note_rate_fit()
        edits = len(picture) + len(others)
        edits += sum(
            1
            for event in (*picture, *others)
            if event.transition is not None and event.transition.from_event is not None
        )
        if edits != self.event_lines:
            lines = ", ".join(str(at) for at in self.unread_lines[:20])
            self.note(
                None,
                f"{self.event_lines - edits} of {self.event_lines} event lines did not "
                f"become edits (lines {lines})",
            )
        if self.event_lines == 0:
            self.note(None, "no event lines: is this a CMX 3600 edit decision list?")
        everything = picture or others
        first_drop = self.groups[0].lines[0].drop if self.groups else self.rate.drop
        cut = Cut(
            rate=counterpart(self.rate, drop=first_drop) or self.rate,
            events=tuple(picture),
            origin=Origin(self.file),
            name=self.title,
            record_start=min((event.record_in for event in everything), default=0),
            others=tuple(others),
            markers=tuple(self.markers),
            notes=tuple(self.notes),
            comments=tuple(self.header),
        )
        return EdlReading(cut=cut, event_lines=self.event_lines, edits=edits, encoding=encoding)

    def pair_transitions(self) -> None:
        """Gives each transition line its from-line: the zero-length line just before it,
        in its own event or, failing that, at the end of the event before."""
        previous: _Line | None = None
        for group in self.groups:
            for index, entry in enumerate(group.lines):
                candidate = group.lines[index - 1] if index else previous
                if (
                    entry.is_transition
                    and candidate is not None
                    and candidate.zero_length
                    and not candidate.is_transition
                    and not candidate.is_from_line
                ):
                    entry.from_line = candidate
                    candidate.is_from_line = True
                    if not index:
                        self.note(
                            entry.at,
                            f"the from-line of this transition (line {candidate.at}) is "
                            f"numbered {candidate.fields.number}, not {entry.fields.number}; "
                            "taken as its outgoing side",
                        )
            if group.lines:
                previous = group.lines[-1]

    def name_lines(self, group: _Group) -> None:
        """Gives the group's names to its lines: ``TO`` names to transition lines, ``FROM``
        names to the others (or to all lines when the list gives no ``TO`` name)."""
        names = group.names
        has_to = "to_clip" in names or "to_file" in names
        for entry in group.lines:
            incoming = entry.is_transition and has_to
            entry.clip_name = names.get("to_clip" if incoming else "from_clip", "")
            if incoming:
                entry.source_file = names.get("to_file", names.get("source_file", ""))
            elif entry.is_from_line and has_to:
                entry.source_file = names.get("from_file", "")
            else:
                entry.source_file = names.get("source_file", names.get("from_file", ""))

    def event_of(self, entry: _Line, group: _Group) -> Event:
        fields = entry.fields
        transition = None
        if entry.is_transition:
            code = fields.transition
            kind = TransitionKind.KEY if code.startswith("K") else _TRANSITION_KINDS[code[0]]
            transition = Transition(
                kind=kind,
                duration_frames=fields.duration or 0,
                alignment=Alignment.START,
                code=code,
                from_event=(
                    self.event_of(entry.from_line, group) if entry.from_line is not None else None
                ),
            )
        if fields.transition in ("K", "KO"):
            track = Track.OTHER
        elif "V" in entry.channels:
            track = Track.PICTURE
        elif entry.channels:
            track = Track.AUDIO
        else:
            track = Track.OTHER
        is_gap = fields.reel.strip().upper() in BLACK_REELS
        source_out = entry.source_out
        if entry.speed == 0:
            source_out = entry.source_in + 1
        vfx = group.names.get("vfx", "") or vfx_shot_in_name(entry.clip_name)
        vfx = vfx or vfx_shot_in_name(os.path.basename(entry.source_file))
        return Event(
            record_in=entry.record_in,
            record_out=entry.record_in if entry.is_from_line else entry.record_out,
            kind=EventKind.GAP if is_gap else EventKind.CLIP,
            origin=Origin(self.file, line=entry.at),
            source=None
            if is_gap
            else Source(
                reel=fields.reel,
                clip_name=entry.clip_name,
                source_file=entry.source_file,
                vfx_shot=vfx,
            ),
            source_in=None if is_gap else entry.source_in,
            source_out=None if is_gap else source_out,
            speed=entry.speed,
            transition=transition,
            track=track,
            number=fields.number,
            comments=() if entry.is_from_line else tuple(group.comments),
            channels=entry.channels,
        )

    def note_overlaps(self, picture: list[Event]) -> None:
        latest: Event | None = None
        for event in picture:
            if latest is not None and event.record_in < latest.record_out:
                overlap = min(latest.record_out, event.record_out) - event.record_in
                self.note(
                    event.origin.line,
                    f"event {event.number} overlaps event {latest.number} (line "
                    f"{latest.origin.line}) by {overlap} frames on the record side; both kept",
                )
            if latest is None or event.record_out > latest.record_out:
                latest = event

    def note_rate_fit(self) -> None:
        """One note for the whole list when its frame fields do not fit the rate."""
        base = self.rate.base
        record, source = self.highest_frame["record"], self.highest_frame["source"]
        if record >= base:
            self.note(
                None,
                f"record timecodes reach frame {record:02d}, which does not exist at "
                f"{self.rate} fps: the list is at another rate ({_rates_above(record)}?); "
                "read it again with its rate",
            )
        elif source >= base:
            self.note(
                None,
                f"source timecodes reach frame {source:02d}, which does not exist at "
                f"{self.rate} fps: some sources run at another rate; their positions are "
                "counted on at this rate",
            )


def _rates_above(frame: int) -> str:
    bases = {24: "24", 25: "25", 30: "29.97 or 30", 48: "48", 50: "50", 60: "59.94 or 60"}
    fitting = [name for base, name in bases.items() if base > frame]
    return " or ".join(fitting[:2]) if fitting else "none known"


def _shown(line: str) -> str:
    return line if len(line) <= 60 else line[:57] + "..."
