"""The picture layer: one cut of the film, whatever list or project it came from.

A :class:`Cut` is what conform compares: a frame rate, the record start, and the events of
the picture track in record order, each with where its picture came from. Every reader (the
EDL reader, the FCPXML reader, the readers through OpenTimelineIO) builds one, and keeps
what it could not place as :class:`Note` entries naming the line or XML path, so nothing is
dropped without a word.

Frames are integers counted from 00:00:00:00 at the cut's rate (``record_in`` 86400 is
01:00:00:00 at 24 fps); outs are exclusive. Source positions are frames of the source's
own timecode at the same rate: EDLs and most projects give them so, and a reader that meets
another source rate says so in a note. Speeds are exact ``Fraction``s of normal speed:
``1`` normal, ``-1`` reverse, ``0`` a freeze frame, ``1/2`` half speed.

>>> from scoresync.picture.rates import parse_rate
>>> shot = Event(
...     record_in=86400, record_out=86448, kind=EventKind.CLIP,
...     source=Source(reel="A001C003", clip_name="079_HA_0010_v012"),
...     source_in=3600, source_out=3648, origin=Origin("reel1.edl", line=12), number="001",
... )
>>> shot.duration_frames, shot.source.key
(48, ('A001C003', '079_HA_0010_v012', ''))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction

from scoresync.errors import ScoreSyncError
from scoresync.picture.rates import FrameRate

__all__ = [
    "Alignment",
    "Cut",
    "CutFileError",
    "Event",
    "EventKind",
    "Note",
    "Origin",
    "Source",
    "Transition",
    "TransitionKind",
    "Track",
]


class CutFileError(ScoreSyncError):
    """A cut file cannot be read at all: it is missing, a folder, unreadable, or not a cut
    (binary data, an unknown format). ``str(error)`` names the file and, where it has one,
    the line or element. Problems inside a readable file are :class:`Note` entries instead.
    """


class EventKind(Enum):
    """What an event puts on the record side."""

    CLIP = "clip"
    """Picture from a source (a camera reel, a file, a VFX shot, a title)."""
    GAP = "gap"
    """Nothing: black (``BL``), slug or an empty stretch of the timeline."""


class Track(Enum):
    """Which part of the programme an event belongs to. Conform follows the picture."""

    PICTURE = "picture"
    AUDIO = "audio"
    OTHER = "other"
    """Connected clips above the main picture, keys' foregrounds, captions ..."""


class TransitionKind(Enum):
    """How an event comes in from the one before it."""

    DISSOLVE = "dissolve"
    WIPE = "wipe"
    KEY = "key"


class Alignment(Enum):
    """Where a transition sits against the edit point."""

    CENTRE = "centre"
    """Half before the cut, half after (FCP, Resolve, most NLEs)."""
    START = "start"
    """Starts at the cut (an EDL dissolve: the incoming event's record in)."""
    END = "end"
    """Ends at the cut."""


@dataclass(frozen=True)
class Origin:
    """Where in its file an event or note came from: a line number (EDL, text exports)
    or an XML path such as ``/fcpxml/library/event/project/sequence/spine/asset-clip[3]``."""

    file: str
    line: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.file}, line {self.line}"
        if self.path is not None:
            return f"{self.file}, {self.path}"
        return self.file


@dataclass(frozen=True)
class Source:
    """Where an event's picture comes from, as the list names it.

    ``reel`` is the tape or reel name (an EDL's reel field, Avid's tape, FCP's reel; EDLs
    may cut it to 8 characters), ``clip_name`` the clip (``* FROM CLIP NAME``), ``source_file``
    the media file (``* SOURCE FILE``, a media path), ``vfx_shot`` the VFX shot id where the
    list carries one (a ``*079_HA_0010`` comment, a ``_v012``-suffixed name). Empty text
    means the list does not say.
    """

    reel: str = ""
    clip_name: str = ""
    source_file: str = ""
    vfx_shot: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """The identity shots are matched by: reel, clip name, source file."""
        return (self.reel, self.clip_name, self.source_file)

    def describe(self) -> str:
        """The most telling name for a person: clip, then file, then reel."""
        return self.clip_name or self.source_file or self.reel or "(unnamed source)"


@dataclass(frozen=True)
class Transition:
    """How an event comes in from the one before it: a dissolve, wipe or key of
    ``duration_frames`` frames, sitting against the cut as ``alignment`` says.
    ``code`` keeps the list's own code (an EDL wipe number such as ``W001``).

    ``from_event`` is the outgoing side as the list names it, when it does: an EDL's
    from-line (the first of a dissolve's two lines, zero frames long on the record side,
    whose ``source_in`` is where the outgoing picture carries on during the transition),
    or a key's background. ``None`` means the outgoing side is the event before.
    """

    kind: TransitionKind
    duration_frames: int
    alignment: Alignment = Alignment.START
    code: str = ""
    from_event: Event | None = None


@dataclass(frozen=True)
class Note:
    """Something a reader met and could not place, or placed with a guess: a bad line, a
    rate that does not fit, a retime an adapter lost. ``origin`` names where."""

    message: str
    origin: Origin

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


@dataclass(frozen=True)
class Event:
    """One event on a track: ``record_in`` to ``record_out`` (exclusive) on the cut's
    timeline, showing ``source_in`` to ``source_out`` of ``source`` at ``speed``.

    A gap has no source. A freeze (``speed == 0``) shows the frame at ``source_in`` for
    the whole event (its source out is one frame after). ``transition`` is how the event
    comes in from the one before. ``number`` is the list's own event number, if any;
    ``comments`` the list's other comment lines for the event, kept as they were.
    ``channels`` names what the event records, as ``V``, ``A1`` ... ``A12`` (an EDL's
    ``AA/V`` is ``("V", "A1", "A2")``); empty when the file does not say.
    """

    record_in: int
    record_out: int
    kind: EventKind
    origin: Origin
    source: Source | None = None
    source_in: int | None = None
    source_out: int | None = None
    speed: Fraction = Fraction(1)
    transition: Transition | None = None
    track: Track = Track.PICTURE
    number: str = ""
    comments: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("record_in", "record_out"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} must be a whole number of frames, got {value!r}")
        if self.record_out < self.record_in:
            raise ValueError(
                f"an event cannot end before it starts ({self.record_in} to {self.record_out})"
            )
        if not isinstance(self.speed, Fraction):
            object.__setattr__(self, "speed", Fraction(self.speed))

    @property
    def duration_frames(self) -> int:
        return self.record_out - self.record_in

    @property
    def is_gap(self) -> bool:
        return self.kind is EventKind.GAP


@dataclass(frozen=True)
class Cut:
    """One cut of the film: its rate, its events in record order and what its reader noted.

    ``events`` are the picture track's (gaps included), sorted by record in; ``others``
    holds the rest the file carried (audio events, connected clips, keys' foregrounds) in
    file order; ``markers`` the list's locators as notes (an EDL ``LOC``, an FCPXML marker).
    ``record_start`` is the first frame of the timeline (an EDL's first record in, a
    sequence's start timecode). ``name`` is the list's title. ``comments`` are the file's
    comment lines that belong to no event (an EDL's header before its first event), kept
    as they were.
    """

    rate: FrameRate
    events: tuple[Event, ...]
    origin: Origin
    name: str = ""
    record_start: int = 0
    others: tuple[Event, ...] = ()
    markers: tuple[Note, ...] = ()
    notes: tuple[Note, ...] = field(default=())
    comments: tuple[str, ...] = ()

    @property
    def record_end(self) -> int:
        """The frame after the last event (the record start for an empty cut)."""
        return max((event.record_out for event in self.events), default=self.record_start)

    @property
    def clips(self) -> tuple[Event, ...]:
        """The picture events that show a source (gaps left out)."""
        return tuple(event for event in self.events if not event.is_gap)
