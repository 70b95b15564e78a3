"""A list read line by line into its events, with their timecodes counted.

:class:`ListReader` reads every line once (:meth:`ListReader.read_line`): event lines
into :class:`ListLine` entries grouped by event number (:class:`ListEvent`), and around
them the title, FCM, ``M2``, ``AUD``, ``SPLIT`` and ``LOC`` lines and the comments. Each
timecode is handed to a :class:`~.edl_clock.ListClock` as it is met, with the drop flag
then in force, and all are counted at once when the list ends (:meth:`ListReader.settle`),
which then applies what needs frames: M2 speeds, split delays, and broken record outs.

Nothing here raises on a line: what cannot be read is a note with its line number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from scoresync.editorial.edl_clock import ListClock
from scoresync.editorial.edl_lines import (
    TIMECODE,
    EventLine,
    MotionLine,
    audio_channels_of,
    channels_of,
    comment_field,
    fcm_is_drop,
    parse_event_line,
    parse_motion_line,
)
from scoresync.editorial.layer import Note, Origin
from scoresync.picture.rates import FrameRate

__all__ = ["ListEvent", "ListLine", "ListReader"]

_FIELD_NAMES = ("source in", "source out", "record in", "record out")
_COMMENT_WORDS = frozenset({"REM", "EFFECTS", ">>>", "NOTE:", "COMMENT:"})


@dataclass(eq=False, slots=True)
class ListLine:
    """One event line: its fields, then its frames once counted, and what the lines after
    it add (speed, channels, names)."""

    at: int
    fields: EventLine
    channels: tuple[str, ...]
    labels: tuple[int, int, int, int]
    """Where its four timecodes stand in the clock: source in, out, record in, out."""
    drop: bool
    split: tuple[int, str, int | None] | None = None
    """A ``SPLIT`` line before it: its line number, its text and its delay's place in the
    clock."""
    source_in: int = 0
    source_out: int = 0
    record_in: int = 0
    record_out: int = 0
    speed: Fraction = Fraction(1)
    clip_name: str = ""
    source_file: str = ""
    from_line: ListLine | None = None
    is_from_line: bool = False

    @property
    def is_transition(self) -> bool:
        """True for a dissolve, wipe or key (a ``KB`` background is not one)."""
        return self.fields.transition not in ("C", "KB")

    @property
    def zero_length(self) -> bool:
        return self.record_in == self.record_out


@dataclass(eq=False, slots=True)
class ListEvent:
    """The lines under one event number and the lines after them up to the next number:
    ``names`` from the name comments (``from_clip``, ``to_clip``, ``source_file`` ...),
    ``comments`` the others as written, ``motions`` the M2 lines with their line number
    and their entry's place in the clock."""

    number: str
    lines: list[ListLine] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    motions: list[tuple[int, MotionLine, int | None]] = field(default_factory=list)


class ListReader:
    """Reads one list's lines (:meth:`read_line`), then counts and settles them
    (:meth:`settle`). ``notes`` collects every problem with its line."""

    def __init__(self, rate: FrameRate, file_name: str) -> None:
        self.rate = rate
        self.file = file_name
        self.clock = ListClock(rate)
        self.title = ""
        self.events: list[ListEvent] = []
        self.header: list[str] = []
        self.markers: list[Note] = []
        self.notes: list[Note] = []
        self.event_lines = 0
        self.unread_lines: list[int] = []
        self._pending_split: tuple[int, str, int | None] | None = None

    def note(self, at: int | None, message: str) -> None:
        self.notes.append(Note(message, Origin(self.file, line=at)))

    # -- reading lines --------------------------------------------------------------------

    def read_line(self, at: int, raw: str) -> None:
        """Reads line number ``at`` (counted from 1)."""
        line = raw.strip()
        if not line:
            return
        first = line[0]
        if first.isdigit():
            word = line.split(None, 1)[0]
            if word.isascii() and word.isdigit():
                self.read_event(at, line)
                return
        if first == "*":
            body = line.lstrip("*").strip()
            if body[:3].upper() == "FCM":
                self.read_fcm(at, line)
            else:
                self.read_comment(at, body, line)
            return
        word = line.split(None, 1)[0].upper()
        if word == "M2":
            self.read_motion(at, line)
        elif word.startswith("TITLE"):
            self.read_title(line)
        elif word.startswith("FCM"):
            self.read_fcm(at, line)
        elif word == "AUD":
            self.read_aud(at, line)
        elif word.startswith("SPLIT"):
            delay = line.split("=")[-1].strip()
            self._pending_split = (
                at,
                line,
                self.clock.add(delay, record=True) if TIMECODE.match(delay) else None,
            )
        elif word in _COMMENT_WORDS or comment_field(line)[0]:
            self.read_comment(at, line, line)
        else:
            self.keep_comment(line)
            shown = line if len(line) <= 60 else line[:57] + "..."
            self.note(at, f"{shown!r} is not a CMX 3600 line; kept as a comment")

    def read_title(self, line: str) -> None:
        _, _, title = line.partition(":")
        if not self.title and not self.events:
            self.title = title.strip()
        else:
            self.keep_comment(line)

    def read_fcm(self, at: int, line: str) -> None:
        drop = fcm_is_drop(line)
        if drop is None:
            self.keep_comment(line)
            return
        problem = self.clock.set_fcm(drop)
        if problem:
            self.note(at, problem)

    def keep_comment(self, line: str) -> None:
        if self.events:
            self.events[-1].comments.append(line)
        else:
            self.header.append(line)

    def read_comment(self, at: int, body: str, line: str) -> None:
        """A comment: a name for the event, a locator, or a comment kept as written."""
        name, value = comment_field(body)
        if name == "loc":
            self.markers.append(Note(value, Origin(self.file, line=at)))
            return
        if not self.events:
            self.header.append(line)
            return
        event = self.events[-1]
        if name and name not in event.names:
            event.names[name] = value
            if name != "vfx":
                return
        event.comments.append(line)

    def read_event(self, at: int, line: str) -> None:
        self.event_lines += 1
        fields = parse_event_line(line)
        if isinstance(fields, str):
            self.unread_lines.append(at)
            self.note(at, f"event line not read: {fields}")
            return
        source_in, source_out, record_in, record_out = fields.timecodes
        first = self.clock.add(source_in, source_out)
        self.clock.add(record_in, record_out, record=True)
        entry = ListLine(
            at=at,
            fields=fields,
            channels=channels_of(fields.channel),
            labels=(first, first + 1, first + 2, first + 3),
            drop=self.clock.record_drop or ";" in record_in or "." in record_in,
            split=self._pending_split,
        )
        self._pending_split = None
        if not self.events or self.events[-1].number != fields.number:
            self.events.append(ListEvent(fields.number))
        event = self.events[-1]
        event.lines.append(entry)
        if entry.split is not None:
            event.comments.append(entry.split[1])

    def read_motion(self, at: int, line: str) -> None:
        motion = parse_motion_line(line)
        if isinstance(motion, str):
            self.note(at, motion + "; line ignored")
        elif not self.events:
            self.note(at, "an M2 line before any event; ignored")
        else:
            entry = None if motion.entry is None else self.clock.add(motion.entry)
            self.events[-1].motions.append((at, motion, entry))

    def read_aud(self, at: int, line: str) -> None:
        if not self.events:
            self.note(at, "an AUD line before any event; ignored")
            return
        last = self.events[-1].lines[-1] if self.events[-1].lines else None
        added = audio_channels_of(line)
        if last is not None and added:
            last.channels = channels_of("/".join(last.channels + added))

    # -- counting and settling ------------------------------------------------------------

    def settle(self) -> None:
        """Counts every timecode, then applies what needs frames: each line's positions,
        its split delay, the M2 speeds and broken record outs."""
        frames, problems = self.clock.count()
        flagged = any(problems)
        highest = {"record": -1, "source": -1}
        for event in self.events:
            for entry in event.lines:
                source_in, source_out, record_in, record_out = entry.labels
                entry.source_in, entry.source_out = frames[source_in], frames[source_out]
                entry.record_in, entry.record_out = frames[record_in], frames[record_out]
                if flagged:
                    self.note_problems(entry, problems, highest)
                if entry.split is not None:
                    self.apply_split(entry, entry.split, frames, problems)
            for at, motion, entry_index in event.motions:
                entry_frames = None if entry_index is None else frames[entry_index]
                if entry_index is not None and problems[entry_index]:
                    self.note(at, f"M2 entry {problems[entry_index]}")
                self.apply_motion(event, at, motion, entry_frames)
            for entry in event.lines:
                if entry.record_out < entry.record_in:
                    self.mend_record_out(entry)
        self.note_rate_fit(highest)

    def note_problems(self, entry: ListLine, problems: list[str], highest: dict[str, int]) -> None:
        """One note for the problems of a line's timecodes; ``highest`` keeps the highest
        frame field met on each side."""
        said = []
        for name, index in zip(_FIELD_NAMES, entry.labels, strict=True):
            if problems[index]:
                said.append(f"{name} {problems[index]}")
                side = name.split()[0]
                highest[side] = max(highest[side], int(self.clock.labels[index][-2:]))
        if said:
            self.note(entry.at, f"event {entry.fields.number}: " + "; ".join(said))

    def apply_split(
        self,
        entry: ListLine,
        split: tuple[int, str, int | None],
        frames: list[int],
        problems: list[str],
    ) -> None:
        """A ``SPLIT: VIDEO DELAY= 00:00:00:10`` line moves the picture's record and
        source in that much later; an audio delay leaves the picture as it is."""
        at, text, index = split
        if "VIDEO" not in text.upper() or "V" not in entry.channels:
            return
        if index is None:
            self.note(at, "a SPLIT line without a timecode delay; ignored")
            return
        if problems[index]:
            self.note(at, problems[index])
        delay = frames[index]
        if delay < entry.record_out - entry.record_in:
            entry.record_in += delay
            entry.source_in += delay
        else:
            self.note(at, "the video delay is not inside the next event; ignored")

    def apply_motion(
        self, event: ListEvent, at: int, motion: MotionLine, entry_frames: int | None
    ) -> None:
        """Gives an M2 line's speed (source frames per timecode second over the rate's
        base) to the line of its event with its reel, the one starting at its entry if
        two share the reel."""
        if not event.lines:
            self.note(at, "an M2 line for an event that could not be read; ignored")
            return
        reel = motion.reel.strip().upper()
        matching = [
            entry
            for entry in event.lines
            if reel
            and entry.fields.reel
            and (
                entry.fields.reel.upper().startswith(reel)
                or reel.startswith(entry.fields.reel.upper())
            )
        ]
        target = next(
            (entry for entry in matching if entry.source_in == entry_frames),
            matching[-1] if matching else event.lines[-1],
        )
        if not matching:
            self.note(
                at,
                f"M2 reel {motion.reel!r} is not the reel of event {event.number}; its "
                "speed is given to the event's last line",
            )
        target.speed = Fraction(motion.speed) / self.rate.base
        if entry_frames is not None and entry_frames != target.source_in:
            self.note(
                at,
                f"M2 entry {motion.entry} is not the source in of event {event.number}; the "
                "event line's source in is kept",
            )

    def mend_record_out(self, entry: ListLine) -> None:
        """A record out before the record in (a writer's slip, seen on black events) is
        taken as the record in plus the source's length."""
        labels = self.clock.labels
        source_length = max(entry.source_out - entry.source_in, 0)
        self.note(
            entry.at,
            f"event {entry.fields.number}: its record out {labels[entry.labels[3]]} comes "
            f"before its record in {labels[entry.labels[2]]}; taken as {source_length} frames "
            "long, as its source",
        )
        entry.record_out = entry.record_in + source_length

    def note_rate_fit(self, highest: dict[str, int]) -> None:
        """One note for the whole list when its frame fields do not fit the rate."""
        record, source = highest["record"], highest["source"]
        if record >= self.rate.base:
            self.note(
                None,
                f"record timecodes reach frame {record:02d}, which does not exist at "
                f"{self.rate} fps: the list is at another rate ({_rates_above(record)}?); "
                "read it again at its rate",
            )
        elif source >= self.rate.base:
            self.note(
                None,
                f"source timecodes reach frame {source:02d}, which does not exist at "
                f"{self.rate} fps: some sources run at another rate; their positions are "
                "counted on at this rate",
            )


def _rates_above(frame: int) -> str:
    names = {24: "24", 25: "25", 30: "29.97 or 30", 48: "48", 50: "50", 60: "59.94 or 60"}
    fitting = [name for base, name in names.items() if base > frame]
    return " or ".join(fitting[:2]) if fitting else "none known"
