"""Where hits fall on a tempo map: each hit against the nearest line of its grid.

This is the one measurement behind every "frames off" a user sees: the cue listing, the
beat grid, Find Tempo's candidates and the multi-segment planner's plan all measure hits
here, on the map they show or would store.

A hit's *grid* is a name (``"beat"``, ``"eighth"``, ``"sixteenth"``, ``"bar"``) or a
number of grid positions per beat (1 for beats, 2 for eighths under a quarter beat, 1/4
for bar lines in 4/4). Grid lines are counted from each bar line in the meter and beat
unit in force at the hit, and every bar line is a line, so a grid coarser than a bar
gives the bar lines. A hit's offset is the nearest line's time minus the hit's time
(positive: the music lands after the hit); it is a *hit* within its tolerance, *near*
within ``near_factor`` times it, else a *miss*.

>>> from tempo.map.tempomap import TempoMap
>>> frame = Fraction(1, 24)
>>> marks = [HitMark(Fraction(1, 2), "beat", frame), HitMark(Fraction(1, 10), "bar", frame)]
>>> for m in measure_hits(TempoMap.constant(120), marks):
...     print(m.line_quarters, m.offset_seconds, m.status)
1 0 hit
0 -1/10 miss
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from tempo.common.errors import TempoError
from tempo.common.exact import Number

if TYPE_CHECKING:
    from tempo.map.beatunit import BeatUnit
    from tempo.map.meter import Meter
    from tempo.map.tempomap import TempoMap

__all__ = [
    "GRID_NAMES",
    "Grid",
    "GridName",
    "HitMark",
    "HitOnMap",
    "HitStatus",
    "HitTally",
    "hit_status",
    "measure_hits",
    "positions_per_beat",
    "tally_hits",
]

HitStatus = Literal["hit", "near", "miss"]
GridName = Literal["beat", "eighth", "sixteenth", "bar"]
GRID_NAMES: tuple[GridName, ...] = ("beat", "eighth", "sixteenth", "bar")
"""The named grids, beats first."""
Grid = GridName | Fraction
"""A grid by name, or as grid positions per beat."""


@dataclass(frozen=True)
class HitMark:
    """A hit to measure: ``seconds`` from the map's bar-1 downbeat, its grid, its
    tolerance in seconds and its weight (for :func:`tally_hits`)."""

    seconds: Number
    grid: Grid
    tolerance_seconds: Fraction
    weight: float = 1.0


@dataclass(frozen=True)
class HitOnMap:
    """One hit against the nearest line of its grid.

    ``line_quarters`` is the line's position (quarter notes from the bar-1 downbeat);
    ``offset_seconds`` is the line's time minus the hit's (exact where the map is);
    ``per_beat`` is the hit's grid as positions per beat of the beat unit in force.
    """

    line_quarters: Fraction
    offset_seconds: Number
    status: HitStatus
    per_beat: Fraction


@dataclass(frozen=True)
class HitTally:
    """What a set of measured hits adds up to: the weight and number caught, the near
    misses, the misses and the weighted RMS offset of the caught hits in seconds."""

    weighted_hits: float
    hits: int
    near: int
    miss: int
    rms_seconds: float


def positions_per_beat(grid: Grid, meter: Meter, unit: BeatUnit) -> Fraction:
    """Grid positions per beat of ``unit`` in ``meter``; a number is returned as it is.

    >>> from tempo.map.meter import Meter
    >>> six_eight = Meter.parse("6/8")
    >>> [positions_per_beat(g, six_eight, six_eight.default_beat_unit()) for g in GRID_NAMES]
    [Fraction(1, 1), Fraction(3, 1), Fraction(6, 1), Fraction(1, 2)]
    """
    if isinstance(grid, Fraction):
        return grid
    if grid == "beat":
        return Fraction(1)
    if grid == "eighth":
        return unit.quarters * 2
    if grid == "sixteenth":
        return unit.quarters * 4
    if grid == "bar":
        return 1 / meter.beats_per_bar(unit)
    raise TempoError(f"unknown grid {grid!r}: use {', '.join(GRID_NAMES)}")


def hit_status(
    offset_seconds: Number, tolerance_seconds: Fraction, near_factor: Fraction
) -> HitStatus:
    """``"hit"`` within the tolerance, ``"near"`` within ``near_factor`` times it, else
    ``"miss"``."""
    size = _size(offset_seconds)
    if size <= tolerance_seconds:
        return "hit"
    return "near" if size <= near_factor * tolerance_seconds else "miss"


def measure_hits(
    tempo_map: TempoMap, marks: Sequence[HitMark], *, near_factor: Fraction = Fraction(2)
) -> tuple[HitOnMap, ...]:
    """Each hit of ``marks`` against the nearest line of its grid on ``tempo_map``.

    A hit before the start of the map's pickup is measured from that start. Of two lines
    equally near, the earlier one counts.
    """
    return tuple(_measure(tempo_map, mark, near_factor) for mark in marks)


def _measure(tempo_map: TempoMap, mark: HitMark, near_factor: Fraction) -> HitOnMap:
    quarters = max(Fraction(tempo_map.quarters_at_seconds(mark.seconds)), tempo_map.start_quarters)
    segment = tempo_map.segment_at_quarters(quarters)
    per_beat = positions_per_beat(mark.grid, segment.meter, segment.unit)
    best: tuple[Number, Fraction] | None = None
    for line in _lines_around(tempo_map, quarters, segment.unit.quarters / per_beat):
        offset = tempo_map.seconds_at_quarters(line) - mark.seconds
        if best is None or _size(offset) < _size(best[0]):
            best = (offset, line)
    assert best is not None
    offset, line = best
    status = hit_status(offset, mark.tolerance_seconds, near_factor)
    return HitOnMap(line, offset, status, per_beat)


def _size(value: Number) -> Number:
    """``abs(value)``, typed as the number it is."""
    return -value if value < 0 else value


def _lines_around(tempo_map: TempoMap, quarters: Fraction, step: Fraction) -> tuple[Fraction, ...]:
    """The grid lines (every ``step`` quarters from each bar line) either side of
    ``quarters``."""
    bar, downbeat = tempo_map.bar_at_quarters(quarters)
    next_downbeat = tempo_map.downbeat_quarters(bar + 1)
    if step >= next_downbeat - downbeat:
        return downbeat, next_downbeat
    before = downbeat + math.floor((quarters - downbeat) / step) * step
    return before, min(before + step, next_downbeat)


def tally_hits(measured: Sequence[HitOnMap], weights: Sequence[float]) -> HitTally:
    """The caught weight and count, near misses, misses and weighted RMS offset of
    ``measured`` hits with these ``weights``."""
    caught = [(w, m) for w, m in zip(weights, measured, strict=True) if m.status == "hit"]
    weight = math.fsum(w for w, _ in caught)
    squares = math.fsum(w * float(m.offset_seconds) ** 2 for w, m in caught)
    near = sum(m.status == "near" for m in measured)
    return HitTally(
        weighted_hits=weight,
        hits=len(caught),
        near=near,
        miss=len(measured) - len(caught) - near,
        rms_seconds=math.sqrt(squares / weight) if weight > 0 else 0.0,
    )
