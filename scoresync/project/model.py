"""The project model: music cues placed against picture, with hit points and tempo maps.

Every position is an integer frame count since 00:00:00:00 at the project's frame rate;
out points are exclusive. All objects are frozen dataclasses holding tuples, so a copy
is a reference and a changed project shares every untouched cue with the old one (the
TUI keeps undo as a stack of :class:`Project` snapshots). Methods that change something
return a new object.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any, overload

from scoresync.errors import ProjectError, UsageError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.cuenumber import CueNumber, next_after
from scoresync.project.music import NO_MUSIC, Music
from tempo.common.errors import undecodable
from tempo.map.barnumbers import PickupBar
from tempo.map.meter import Meter

if TYPE_CHECKING:
    from tempo.map.tempomap import TempoMap  # noqa: F401  (the type of CueTempo.map)

__all__ = [
    "Cue",
    "CueNotFound",
    "CueStatus",
    "CueTemp",
    "CueTempo",
    "Hit",
    "HitTarget",
    "Project",
    "Reel",
]


class CueNotFound(ProjectError, KeyError):
    """A cue number asked for is not in the project."""

    def __str__(self) -> str:
        return Exception.__str__(self)


class HitTarget(Enum):
    """Where the music should land a hit: on a beat, a subdivision or a bar's downbeat."""

    BEAT = "beat"
    SUBDIVISION = "subdivision"
    DOWNBEAT = "downbeat"


class CueStatus(Enum):
    """How far a cue has come, from spotting session to final mix (or dropped)."""

    SPOTTED = "spotted"
    WRITING = "writing"
    APPROVED = "approved"
    RECORDED = "recorded"
    MIXED = "mixed"
    OMITTED = "omitted"


def _check_frames(value: object, what: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ProjectError(f"{what} must be a whole number of frames from 0, got {value!r}")


def _check_text(value: object, what: str) -> None:
    """Refuses text a project cannot hold: not a string, or with lone surrogates (bytes
    that were not UTF-8, as a command line in another encoding passes them on), which no
    file can store."""
    if not isinstance(value, str):
        raise ProjectError(f"{what} must be text, got {type(value).__name__} {value!r}")
    if value.isascii():
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ProjectError(
            f"{what} holds {undecodable(value[error.start : error.end])}, bytes that are not "
            "UTF-8 text (a terminal or script in another encoding?); type it again as UTF-8"
        ) from None


@dataclass(frozen=True, slots=True)
class Hit:
    """A sync point inside a cue.

    ``frames`` is its position; ``weight`` how much catching it matters (0 and up);
    ``must_hit`` marks a point the music has to land; ``target`` where the music lands it;
    ``tolerance_frames`` how far off still counts as caught (None: the solver's default).
    """

    frames: int
    label: str = ""
    weight: float = 1.0
    must_hit: bool = False
    target: HitTarget = HitTarget.BEAT
    tolerance_frames: Fraction | None = None

    def __post_init__(self) -> None:
        _check_frames(self.frames, "a hit's position")
        _check_text(self.label, "a hit's label")
        weight = self.weight
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            raise ProjectError(f"a hit's weight must be a number, got {weight!r}")
        if not math.isfinite(weight) or weight < 0:
            raise ProjectError(f"a hit's weight must be 0 or more, got {weight!r}")
        if not isinstance(self.target, HitTarget):
            raise ProjectError(f"a hit's target must be a HitTarget, got {self.target!r}")
        tolerance = self.tolerance_frames
        if tolerance is not None:
            if isinstance(tolerance, bool) or not isinstance(tolerance, int | Fraction):
                raise ProjectError(
                    f"a hit's tolerance must be an exact number of frames, got {tolerance!r}"
                )
            if tolerance < 0:
                raise ProjectError(f"a hit's tolerance must be 0 frames or more, got {tolerance}")
            object.__setattr__(self, "tolerance_frames", Fraction(tolerance))

    def moved(self, delta_frames: int) -> Hit:
        """Return this hit ``delta_frames`` later (earlier when negative)."""
        return dataclasses.replace(self, frames=self.frames + delta_frames)


_HIT_SLOTS = tuple(
    getattr(Hit, name).__set__
    for name in ("frames", "label", "weight", "must_hit", "target", "tolerance_frames")
)


def checked_hits(
    frames: Sequence[int],
    labels: Sequence[str],
    weights: Sequence[float],
    must_hits: Sequence[bool],
    targets: Sequence[HitTarget],
    tolerances: Sequence[Fraction | None],
) -> tuple[Hit, ...]:
    """Hits made from columns of values already checked as :class:`Hit` checks them
    (positions whole frames from 0, labels UTF-8 text, weights finite floats from 0,
    targets :class:`HitTarget` members, tolerances Fractions from 0 or None), without
    checking each one again: a reader that checked a file's 200,000 hits in bulk makes
    them here in a fraction of the time."""
    set_frames, set_label, set_weight, set_must_hit, set_target, set_tolerance = _HIT_SLOTS
    new = object.__new__
    hits = []
    for values in zip(frames, labels, weights, must_hits, targets, tolerances, strict=True):
        hit = new(Hit)
        set_frames(hit, values[0])
        set_label(hit, values[1])
        set_weight(hit, values[2])
        set_must_hit(hit, values[3])
        set_target(hit, values[4])
        set_tolerance(hit, values[5])
        hits.append(hit)
    return tuple(hits)


@dataclass(frozen=True, slots=True)
class CueTempo:
    """A cue's tempo map, placed on picture: the map's time zero (the bar-1 downbeat)
    sits at ``downbeat_frames``."""

    downbeat_frames: int
    map: Any  # tempo.map.tempomap.TempoMap; imported lazily, tempo is a heavier layer

    def __post_init__(self) -> None:
        if not isinstance(self.downbeat_frames, int) or isinstance(self.downbeat_frames, bool):
            raise ProjectError(
                f"a tempo map's downbeat must be a whole number of frames, "
                f"got {self.downbeat_frames!r}"
            )

    def moved(self, delta_frames: int) -> CueTempo:
        """Return this placement ``delta_frames`` later; the map itself is unchanged."""
        return dataclasses.replace(self, downbeat_frames=self.downbeat_frames + delta_frames)

    def seconds_at_frame(self, frames: int, *, rate: FrameRate) -> Fraction:
        """Map time (seconds from the downbeat, exact) of picture frame ``frames`` at
        ``rate``; negative before the downbeat."""
        return Fraction(frames - self.downbeat_frames) / rate.fps

    @overload
    def frames_at_seconds(self, seconds: Fraction | int, *, rate: FrameRate) -> Fraction: ...

    @overload
    def frames_at_seconds(self, seconds: float, *, rate: FrameRate) -> float: ...

    def frames_at_seconds(
        self, seconds: Fraction | int | float, *, rate: FrameRate
    ) -> Fraction | float:
        """Picture position in frames (not rounded) of map time ``seconds`` at ``rate``:
        exact for exact seconds, a float for float seconds (the inverse of
        :meth:`seconds_at_frame`)."""
        if isinstance(seconds, Fraction | int):
            return self.downbeat_frames + Fraction(seconds) * rate.fps
        return self.downbeat_frames + float(seconds) * float(rate.fps)


_hit_frames = operator.attrgetter("frames")


@dataclass(frozen=True, slots=True)
class CueTemp:
    """Temp music on a cue: the audio file ``audio`` (a media path, stored relative to
    the project file) placed so that sample ``offset_samples`` of the music as played
    (after the fit's edits and stretch, counted at the file's sample rate) sits on frame
    ``at_frames``.

    The editor's analysis hints are ``meter`` and ``bpm_range`` (low, high), and the
    correction ``shift_beats`` moves the analysed bar lines by whole beats, and each of
    ``bar_shifts`` (``(bar, beats)``, in order) moves them from that bar on (0-based,
    counted after the corrections before it): a downbeat moved mid-piece. Before those
    shifts, each of ``bar_tempos`` (``(first bar, end bar, bpm)``) lays the beats of
    that span of bars evenly at about that tempo (a span tracked at half or double
    time), then each of ``bar_meters`` (``(bar, beats)``) groups the beats from that bar
    on that many a bar (a change of meter the analysis missed). ``bars`` is
    the chosen fit: the source's bars played in order, as ranges ``(first, end)`` of bar
    indexes counted from the first analysed bar line, end exclusive (empty plays the
    audio as it is); ``stretch`` is the length ratio of a fit's time-stretch (1 for none,
    ``51/50`` for 2 % longer).
    """

    audio: str
    at_frames: int
    offset_samples: int = 0
    meter: Meter | None = None
    bpm_range: tuple[Fraction, Fraction] | None = None
    shift_beats: int = 0
    bars: tuple[tuple[int, int], ...] = ()
    bar_shifts: tuple[tuple[int, int], ...] = ()
    stretch: Fraction = Fraction(1)
    bar_meters: tuple[tuple[int, int], ...] = ()
    bar_tempos: tuple[tuple[int, int, Fraction], ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.audio, str) or not self.audio:
            raise ProjectError("a temp track needs an audio file")
        if self.offset_samples < 0:
            raise ProjectError("a temp track's audio offset cannot be negative")
        for first, end in self.bars:
            if not 0 <= first < end:
                raise ProjectError(
                    f"temp bars {first}-{end} are not a range of bars: give first < end, from bar 0"
                )
        for bar, _ in self.bar_shifts:
            if bar < 0:
                raise ProjectError(f"a temp bar-line shift from bar {bar + 1} is before bar 1")
        for bar, beats in self.bar_meters:
            if bar < 0 or not 1 <= beats <= 32:
                raise ProjectError(
                    f"a temp meter from bar {bar + 1} of {beats} beats is out of range: give a "
                    "bar from 1 and 1 to 32 beats"
                )
        for first, end, bpm in self.bar_tempos:
            if not 0 <= first < end or not 1 <= bpm <= 1000:
                raise ProjectError(
                    f"a temp tempo span of bars {first + 1}-{end} at {bpm} BPM is out of range: "
                    "give first bar < end bar and 1 to 1000 BPM"
                )
        if not 0 < self.stretch <= 2:
            raise ProjectError(f"temp stretch {self.stretch} is out of range: give 0 to 2")


@dataclass(frozen=True, slots=True)
class Cue:
    """A music cue from ``start_frames`` to ``end_frames`` (exclusive).

    ``hits`` are kept in time order (the constructor sorts them, equal times keeping
    their given order); every hit lies within ``[start_frames, end_frames)``.
    ``anchor_hit`` is the index into the sorted ``hits`` of the cue's main sync point,
    which it follows through a recut; None anchors the cue on its start. ``temp_track``
    is a media path (stored relative to the project file, see :mod:`scoresync.project.fileio`).
    """

    number: CueNumber
    title: str
    start_frames: int
    end_frames: int
    anchor_hit: int | None = None
    description: str = ""
    in_note: str = ""
    out_note: str = ""
    status: CueStatus = CueStatus.SPOTTED
    hits: tuple[Hit, ...] = ()
    tempo: CueTempo | None = None
    temp_track: str | None = None
    temp: CueTemp | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.number, CueNumber):
            raise ProjectError(f"a cue's number must be a CueNumber, got {self.number!r}")
        texts = (self.title, self.description, self.in_note, self.out_note)
        plain = all(type(text) is str and text.isascii() for text in texts)
        if not (plain and type(self.start_frames) is int and type(self.end_frames) is int):
            _check_frames(self.start_frames, f"cue {self.number}'s start")
            for name in ("title", "description", "in_note", "out_note"):
                _check_text(getattr(self, name), f"cue {self.number}'s {name.replace('_', ' ')}")
            _check_frames(self.end_frames, f"cue {self.number}'s end")
        elif self.start_frames < 0:
            _check_frames(self.start_frames, f"cue {self.number}'s start")
        if self.end_frames <= self.start_frames:
            raise ProjectError(
                f"cue {self.number}'s end is not after its start; a cue lasts at least "
                "one frame (the end is exclusive)"
            )
        if not isinstance(self.status, CueStatus):
            raise ProjectError(f"cue {self.number}'s status must be a CueStatus")
        if not all(type(hit) is Hit for hit in self.hits):
            for hit in self.hits:
                if not isinstance(hit, Hit):
                    raise ProjectError(f"cue {self.number}'s hits must be Hit objects, got {hit!r}")
        hits = tuple(sorted(self.hits, key=_hit_frames))
        object.__setattr__(self, "hits", hits)
        if hits and not self.start_frames <= hits[0].frames <= hits[-1].frames < self.end_frames:
            for number, hit in enumerate(hits, start=1):
                if not self.start_frames <= hit.frames < self.end_frames:
                    raise ProjectError(
                        f"hit {number} of cue {self.number} lies outside the cue (from its "
                        "start to before its end); move the hit or the cue's start or end"
                    )
        anchor = self.anchor_hit
        if anchor is not None and (
            not isinstance(anchor, int) or isinstance(anchor, bool) or not 0 <= anchor < len(hits)
        ):
            shown = anchor + 1 if isinstance(anchor, int) else repr(anchor)
            raise ProjectError(
                f"cue {self.number}'s anchor hit {shown} is not one of its {len(hits)} hits "
                f"(hit 1 to {len(hits)}); anchor it on one of them or on its start"
            )

    def placed_tempo(self) -> CueTempo:
        """The cue's tempo map on picture; raises :class:`UsageError` when it has none."""
        if self.tempo is None:
            raise UsageError(
                f"{self.number} has no tempo map: set one with 'scoresync tempo set' or find "
                "one with 'scoresync tempo find'"
            )
        return self.tempo

    @property
    def name(self) -> str:
        """``1M1 Opening``: the number and title, as deliverables name the cue."""
        return f"{self.number} {self.title}".strip()

    @property
    def duration_frames(self) -> int:
        """Length of the cue in frames."""
        return self.end_frames - self.start_frames

    @property
    def anchor_frames(self) -> int:
        """Position of the cue's sync anchor: its anchor hit, or its start."""
        if self.anchor_hit is None:
            return self.start_frames
        return self.hits[self.anchor_hit].frames

    def with_hit(self, hit: Hit) -> Cue:
        """Return this cue with ``hit`` added (after any hit at the same frame)."""
        index = bisect.bisect_right([h.frames for h in self.hits], hit.frames)
        hits = self.hits[:index] + (hit,) + self.hits[index:]
        anchor = self.anchor_hit
        if anchor is not None and anchor >= index:
            anchor += 1
        return dataclasses.replace(self, hits=hits, anchor_hit=anchor)

    def without_hit(self, index: int) -> Cue:
        """Return this cue without hit ``index``; removing the anchor hit anchors on the start."""
        if not 0 <= index < len(self.hits):
            raise ProjectError(
                f"cue {self.number} has {len(self.hits)} hits (hit 1 to {len(self.hits)}); "
                f"there is no hit {index + 1}"
            )
        anchor = self.anchor_hit
        if anchor == index:
            anchor = None
        elif anchor is not None and anchor > index:
            anchor -= 1
        return dataclasses.replace(
            self, hits=self.hits[:index] + self.hits[index + 1 :], anchor_hit=anchor
        )

    def moved(self, delta_frames: int) -> Cue:
        """Return this cue with its start, end, hits and tempo downbeat ``delta_frames`` later."""
        return dataclasses.replace(
            self,
            start_frames=self.start_frames + delta_frames,
            end_frames=self.end_frames + delta_frames,
            hits=tuple(hit.moved(delta_frames) for hit in self.hits),
            tempo=None if self.tempo is None else self.tempo.moved(delta_frames),
        )

    def split(self, at_frames: int, new_number: CueNumber) -> tuple[Cue, Cue]:
        """Cut the cue at ``at_frames`` into a head (this number) and a tail (``new_number``).

        Hits go to the part they fall in, and the anchor with its hit. Both parts keep the
        title, description, status, temp track and tempo map (placed where it was, so the
        tail's music carries on in the same bars); the head keeps the in note, the tail the
        out note.
        """
        if not self.start_frames < at_frames < self.end_frames:
            raise ProjectError(
                f"cannot split cue {self.number} there: cut it after its start and before its end"
            )
        cut = bisect.bisect_left([h.frames for h in self.hits], at_frames)
        anchor = self.anchor_hit
        head = dataclasses.replace(
            self,
            end_frames=at_frames,
            hits=self.hits[:cut],
            anchor_hit=anchor if anchor is not None and anchor < cut else None,
            out_note="",
        )
        tail = dataclasses.replace(
            self,
            number=new_number,
            start_frames=at_frames,
            hits=self.hits[cut:],
            anchor_hit=anchor - cut if anchor is not None and anchor >= cut else None,
            in_note="",
        )
        return head, tail


@dataclass(frozen=True, slots=True)
class Reel:
    """A reel of the picture: its number (the reel in cue numbers), name and start."""

    number: int
    name: str
    start_frames: int

    def __post_init__(self) -> None:
        if not isinstance(self.number, int) or isinstance(self.number, bool) or self.number < 1:
            raise ProjectError(f"a reel number must be a whole number from 1, got {self.number!r}")
        _check_frames(self.start_frames, f"reel {self.number}'s start")
        _check_text(self.name, f"reel {self.number}'s name")


def _cue_key(cue: Cue) -> CueNumber:
    return cue.number


def _reel_key(reel: Reel) -> int:
    return reel.number


def _reel_start(reel: Reel) -> tuple[int, int]:
    return (reel.start_frames, reel.number)


def _listing(numbers: Iterable[object], limit: int = 12) -> str:
    texts = [str(number) for number in numbers]
    if not texts:
        return "none"
    if len(texts) > limit:
        return ", ".join(texts[:limit]) + f", ... ({len(texts)} in all)"
    return ", ".join(texts)


@dataclass(frozen=True, slots=True)
class Project:
    """A film or episode's music: frame rate, reels and cues.

    ``cues`` are kept sorted by number (the constructor sorts them) and numbers are
    unique; ``reels`` are kept sorted by number, also unique. ``picture`` is a media path
    (stored relative to the project file, see :mod:`scoresync.project.fileio`).
    ``pickup_bar`` is the number a pickup bar is shown with in every deliverable unless an
    export says otherwise (see :mod:`tempo.map.barnumbers`): bar 0, the concert
    convention, or bar 1, as every MIDI reader counts. ``music`` is the cue-sheet
    metadata (:mod:`scoresync.project.music`).
    """

    title: str
    rate: FrameRate
    session_start_frames: int
    reels: tuple[Reel, ...]
    cues: tuple[Cue, ...]
    picture: str | None = None
    notes: str = ""
    pickup_bar: PickupBar = PickupBar.ZERO
    music: Music = NO_MUSIC

    def __post_init__(self) -> None:
        if not isinstance(self.rate, FrameRate):
            raise ProjectError(f"a project's rate must be a FrameRate, got {self.rate!r}")
        if not isinstance(self.music, Music):
            raise ProjectError(f"a project's music must be a Music, got {self.music!r}")
        if not isinstance(self.pickup_bar, PickupBar):
            raise ProjectError(
                f"a project's pickup bar must be a PickupBar (0 or 1), got {self.pickup_bar!r}"
            )
        _check_frames(self.session_start_frames, "the session start")
        _check_text(self.title, "the project's title")
        _check_text(self.notes, "the project's notes")
        reels = tuple(sorted(self.reels, key=_reel_key))
        for before, after in zip(reels, reels[1:], strict=False):
            if before.number == after.number:
                raise ProjectError(
                    f"reel {after.number} appears twice; every reel needs its own number"
                )
        cues = tuple(sorted(self.cues, key=_cue_key))
        for earlier, later in zip(cues, cues[1:], strict=False):
            if earlier.number == later.number:
                raise ProjectError(
                    f"cue {later.number} appears twice; every cue needs its own number"
                )
        object.__setattr__(self, "reels", reels)
        object.__setattr__(self, "cues", cues)

    def _index(self, number: CueNumber | str) -> int:
        wanted = CueNumber.parse(number) if isinstance(number, str) else number
        numbers = [cue.number for cue in self.cues]
        index = bisect.bisect_left(numbers, wanted)
        if index == len(numbers) or numbers[index] != wanted:
            raise CueNotFound(f"no cue {wanted} in this project; cues are {_listing(numbers)}")
        return index

    def cue(self, number: CueNumber | str) -> Cue:
        """Return the cue numbered ``number`` (a CueNumber or text such as ``1M2``)."""
        return self.cues[self._index(number)]

    def has_cue(self, number: CueNumber | str) -> bool:
        """True if a cue numbered ``number`` is in the project."""
        try:
            self._index(number)
        except CueNotFound:
            return False
        return True

    def with_cue(self, cue: Cue) -> Project:
        """Return the project with ``cue`` added; its number must be new and it must start
        at or after :attr:`first_cue_frames`."""
        if self.has_cue(cue.number):
            free = next_after((c.number for c in self.cues), cue.number.reel)
            raise ProjectError(
                f"cue {cue.number} is already in this project; choose another number "
                f"(the next free one in reel {cue.number.reel} is {free})"
            )
        self.check_cue_start(cue.number, cue.start_frames)
        return dataclasses.replace(self, cues=self.cues + (cue,))

    def replace_cue(self, number: CueNumber | str, cue: Cue) -> Project:
        """Return the project with cue ``number`` replaced by ``cue`` (which may renumber it).

        A cue whose start moves must still start at or after :attr:`first_cue_frames`.
        """
        index = self._index(number)
        if cue.number != self.cues[index].number and self.has_cue(cue.number):
            raise ProjectError(
                f"cannot renumber {self.cues[index].number} to {cue.number}: "
                f"{cue.number} is already in this project"
            )
        if cue.start_frames != self.cues[index].start_frames:
            self.check_cue_start(cue.number, cue.start_frames)
        return dataclasses.replace(self, cues=self.cues[:index] + (cue,) + self.cues[index + 1 :])

    def without_cue(self, number: CueNumber | str) -> Project:
        """Return the project without cue ``number``."""
        index = self._index(number)
        return dataclasses.replace(self, cues=self.cues[:index] + self.cues[index + 1 :])

    def with_reel(self, reel: Reel) -> Project:
        """Return the project with ``reel`` added, or replacing the reel of the same number."""
        others = tuple(r for r in self.reels if r.number != reel.number)
        return dataclasses.replace(self, reels=others + (reel,))

    @property
    def first_reel(self) -> Reel | None:
        """The reel that starts first (None without reels)."""
        return min(self.reels, key=_reel_start, default=None)

    @property
    def first_cue_frames(self) -> int:
        """The earliest position a cue may start at: the session start, or the first
        reel's start when that is later."""
        first = self.first_reel
        if first is None:
            return self.session_start_frames
        return max(self.session_start_frames, first.start_frames)

    def check_cue_start(self, number: CueNumber, start_frames: int) -> None:
        """Raise :class:`ProjectError` (saying why and what to do) unless a cue may start
        at ``start_frames``: not before the session start nor before the first reel."""
        if start_frames >= self.first_cue_frames:
            return
        start = (
            f"at {frames_to_tc(start_frames, rate=self.rate)}"
            if start_frames >= 0
            else "before 00:00:00:00"
        )
        earliest = frames_to_tc(self.first_cue_frames, rate=self.rate)
        first = self.first_reel
        if first is not None and first.start_frames > self.session_start_frames:
            raise ProjectError(
                f"cue {number} would start {start}, before reel {first.number} "
                f"({first.name}), the first reel, which starts at {earliest}; start the cue "
                f"at {earliest} or later, or start reel {first.number} earlier"
            )
        raise ProjectError(
            f"cue {number} would start {start}, before the session start {earliest}; "
            f"start the cue at {earliest} or later"
        )

    def reel_at(self, frames: int) -> Reel | None:
        """The reel that ``frames`` falls in: the last reel to start at or before it (by
        start times); None before every reel."""
        found = None
        for reel in sorted(self.reels, key=_reel_start):
            if reel.start_frames > frames:
                break
            found = reel
        return found

    def reel_of(self, cue: Cue | CueNumber | str) -> Reel:
        """Return the reel a cue belongs to: the reel it starts in, by reel start times
        (``cue`` is a cue, or the number of one in this project)."""
        found = cue if isinstance(cue, Cue) else self.cue(cue)
        reel = self.reel_at(found.start_frames)
        if reel is None:
            start = frames_to_tc(found.start_frames, rate=self.rate)
            raise ProjectError(
                f"cue {found.number} starts at {start}, before every reel "
                f"(reels: {_listing(r.number for r in self.reels)}); add a reel that "
                "starts at or before it"
            )
        return reel
