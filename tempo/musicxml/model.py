"""What a MusicXML skeleton holds, before any file is written: measures with their rests and
directions, the marks left out, and the header that heads the page.

Positions are exact quarter notes (``Fraction``); tempos are beats of their unit per minute
(``bpm``) for what is shown and quarter notes per minute (``qpm``) for what is played.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from tempo.common.exact import Number

if TYPE_CHECKING:
    from tempo.map.beatunit import BeatUnit
    from tempo.map.meter import Meter

__all__ = [
    "Direction",
    "DirectionKind",
    "HitMark",
    "MeasurePlan",
    "ScoreHeader",
    "SkeletonPlan",
]


class HitMark(NamedTuple):
    """A mark at ``quarters`` from the bar-1 downbeat; ``must_hit`` marks are boxed, the
    others plain text. A plain ``(quarters, text)`` tuple works too."""

    quarters: Number
    text: str
    must_hit: bool = False


class DirectionKind(Enum):
    """What a direction is. Directions at the same position are written in this order, so
    a ramp's line stops before the next one starts and the timecode comes first."""

    LABEL = "label"
    RAMP_END = "ramp_end"
    TEMPO = "tempo"
    RAMP = "ramp"
    SOUND = "sound"
    HIT = "hit"
    MUST_HIT = "must_hit"


@dataclass(frozen=True)
class Direction:
    """A direction at ``offset`` quarters from the start of its measure's first rest.

    ``bpm`` and ``unit`` are the shown tempo of a ``TEMPO`` mark. ``qpm`` is the tempo a
    player follows from here to the next direction that has one (``TEMPO`` and ``SOUND``
    directions), in quarter notes per minute: the map's average over that span, so that
    playback meets the map at every one of them.
    """

    offset: Fraction
    kind: DirectionKind
    text: str = ""
    bpm: Fraction | None = None
    unit: BeatUnit | None = None
    qpm: Number | None = None


@dataclass(frozen=True)
class MeasurePlan:
    """One measure: ``bar`` is the map's bar number, ``number`` the number shown (see
    :mod:`tempo.map.barnumbers`); its meter (``show_meter`` where it changes), the rests
    in order (quarters) and the directions. ``padding_quarters`` is the missing start of a
    pickup; ``implicit`` measures are left out of the count of bars (a pickup shown as bar
    0). ``new_system`` starts a new line of music. A measure of one rest as long as the bar
    is a whole-bar rest."""

    number: int
    meter: Meter
    show_meter: bool
    padding_quarters: Fraction
    rests: tuple[Fraction, ...]
    directions: tuple[Direction, ...]
    bar: int = 0
    implicit: bool = False
    new_system: bool = False

    @property
    def length_quarters(self) -> Fraction:
        """Played length: the bar, or the pickup's part of it."""
        return sum(self.rests, Fraction(0))

    @property
    def is_measure_rest(self) -> bool:
        """Whether the measure is one whole-bar rest."""
        return self.padding_quarters == 0 and len(self.rests) == 1


@dataclass(frozen=True)
class SkeletonPlan:
    """The measures of a skeleton and the marks that fell outside them."""

    measures: tuple[MeasurePlan, ...]
    dropped: tuple[HitMark, ...] = ()


@dataclass(frozen=True)
class ScoreHeader:
    """What heads the score: ``title`` (the cue number and title), ``number`` (the cue
    number, also the movement number), ``work_title`` (the film or episode), further
    ``lines`` (rate and timecodes, printed at the left), ``tempo_lines`` (the tempo
    summary, printed at the right) and the part's name."""

    title: str
    number: str = ""
    work_title: str = ""
    lines: tuple[str, ...] = field(default_factory=tuple)
    part_name: str = "Click"
    tempo_lines: tuple[str, ...] = field(default_factory=tuple)
