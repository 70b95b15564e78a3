"""Bar|beat|tick positions and the beat and bar records a tempo map lists.

Ticks are MIDI ticks at 960 per quarter note, counted from the beat: a quarter beat has
ticks 0..959, a dotted-quarter beat 0..1439, an eighth beat 0..479. So ``5|3|480`` in 4/4
is the "and" of beat 3 in bar 5, and ticks mean the same length in every meter.

>>> str(BarBeatTick(5, 3, 480)), str(BarBeatTick(5, 3, 0))
('5|3|480', '5|3|000')
>>> BarBeatTick.parse("12|2")
BarBeatTick(bar=12, beat=2, ticks=0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from tempo.common.errors import TempoError
from tempo.common.exact import Number
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter

__all__ = ["TICKS_PER_QUARTER", "Bar", "BarBeatTick", "Beat"]

TICKS_PER_QUARTER = 960
"""MIDI ticks per quarter note, the resolution of ticks in bar|beat|tick."""

_BBT_TEXT = re.compile(r"^\s*(-?\d+)\s*(?:[|.:]\s*(\d+)\s*(?:[|.:]\s*(\d+)\s*)?)?$")


@dataclass(frozen=True, order=True)
class BarBeatTick:
    """A musical position: ``bar`` (0 is the pickup bar, negative before it), ``beat``
    (1-based, in the bar's beat unit) and ``ticks`` (960 per quarter, from the beat)."""

    bar: int
    beat: int = 1
    ticks: int = 0

    def __post_init__(self) -> None:
        if self.beat < 1:
            raise TempoError(f"beat must be 1 or more in {self}, got {self.beat}")
        if self.ticks < 0:
            raise TempoError(f"ticks must be 0 or more in {self}, got {self.ticks}")

    @classmethod
    def parse(cls, text: str | BarBeatTick) -> BarBeatTick:
        """Reads ``"5|3|480"``, ``"5|3"``, ``"5"`` (also with ``.`` or ``:`` between)."""
        if isinstance(text, BarBeatTick):
            return text
        match = _BBT_TEXT.match(text) if isinstance(text, str) else None
        if match is None:
            raise TempoError(f"unknown bar|beat|tick {text!r}: write it like 5|3|480, 5|3 or 5")
        bar, beat, ticks = match.groups()
        return cls(int(bar), int(beat or 1), int(ticks or 0))

    def __str__(self) -> str:
        return f"{self.bar}|{self.beat}|{self.ticks:03d}"


@dataclass(frozen=True)
class Beat:
    """One click of a tempo map: a beat, or a subdivision of one.

    ``quarters`` is the position in quarter notes from the bar-1 downbeat, ``seconds`` the
    time from it (exact where the map is). ``subdivision`` is 0 on the beat and 1, 2 ...
    for the subdivisions after it, ``ticks`` their offset from the beat (rounded to the
    nearest tick). ``is_group_start`` marks the start of each group of an
    additive meter (and every downbeat).
    """

    quarters: Fraction
    seconds: Number
    bar: int
    beat: int
    is_downbeat: bool
    subdivision: int = 0
    ticks: int = 0
    is_group_start: bool = False

    @property
    def bbt(self) -> BarBeatTick:
        """This click's bar|beat|tick (ticks are non-zero only for subdivisions)."""
        return BarBeatTick(self.bar, self.beat, self.ticks)


@dataclass(frozen=True)
class Bar:
    """One bar of a tempo map, for listing.

    ``start_quarters`` / ``start_seconds`` are where the bar starts; for the pickup bar
    (bar 0, ``is_pickup``) that is where the pickup starts, not its notional downbeat.
    ``bpm`` is the tempo at that point in ``beat_unit`` beats per minute and
    ``length_quarters`` the part of the bar that is played.
    """

    number: int
    start_quarters: Fraction
    start_seconds: Number
    meter: Meter
    beat_unit: BeatUnit
    bpm: Number
    length_quarters: Fraction
    is_pickup: bool = False
