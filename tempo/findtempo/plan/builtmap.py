"""The tempo map a multi-segment plan stands for, and where each hit falls on it.

A plan is stored as a tempo map whose tempos are decimals to 1/10000 BPM, so its claims
are checked on exactly that map: each segment becomes a :class:`tempo.map.segment.Segment` of
its whole beat count at its decimal start and end tempos, a last segment ending on the
last hit is followed by an open constant segment at its end tempo, and every hit is
measured against the grid positions ``k/g - pickup`` beats from the downbeat either side
of it. Times are exact (``Fraction``) wherever the map is exact.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from tempo.findtempo.check import Problem
from tempo.findtempo.plan.spans import RAMP_SHAPES
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap

BPM_DECIMALS = 4
BPM_STEP = Fraction(1, 10**BPM_DECIMALS)
"""Plans give tempos to this step (BPM), as a stored map does."""


@dataclass(frozen=True)
class MapPiece:
    """One segment of a plan as the map holds it: ``beats`` (``None``: open-ended) at
    ``start_bpm`` to ``end_bpm`` (exact decimals) of ``shape``."""

    beats: Fraction | None
    start_bpm: Fraction
    end_bpm: Fraction
    shape: str


@dataclass(frozen=True)
class HitOnMap:
    """Where one hit falls on the plan's map: its nearest grid position ``grid_index``
    (counted from the grid origin) and that position's time minus the hit's, in seconds."""

    grid_index: int
    offset_seconds: Fraction
    caught: bool


def decimal_bpm(bpm: float, within: tuple[Fraction, Fraction] | None = None) -> Fraction:
    """``bpm`` as a multiple of ``BPM_STEP``: the nearest one inside ``within`` (BPM) if
    that interval holds one, else the nearest one."""
    nearest = Fraction(round(Fraction(bpm) / BPM_STEP)) * BPM_STEP
    if within is None:
        return nearest
    lo, hi = within
    first, last = math.ceil(lo / BPM_STEP), math.floor(hi / BPM_STEP)
    if first > last:
        return nearest
    steps = min(max(round(Fraction(bpm) / BPM_STEP), first), last)
    return steps * BPM_STEP


def plan_tempo_map(pieces: Sequence[MapPiece]) -> TempoMap:
    """The map of ``pieces`` from the downbeat (4/4 in quarter beats, no pickup)."""
    segments = []
    for piece in pieces:
        ramp = RAMP_SHAPES[piece.shape]
        if ramp is RampShape.CONSTANT or piece.start_bpm == piece.end_bpm:
            segments.append(Segment(piece.beats, piece.start_bpm))
        else:
            segments.append(Segment(piece.beats, piece.start_bpm, piece.end_bpm, ramp))
    if segments[-1].beats is not None:
        segments.append(Segment(None, segments[-1].final_bpm))
    return TempoMap(tuple(segments))


def hits_on_map(problem: Problem, tempo_map: TempoMap) -> list[HitOnMap]:
    """Each hit of ``problem`` against its nearest grid position on ``tempo_map``."""
    pickup = problem.pickup_beats
    found = []
    for seconds, tolerance, grid in zip(problem.d, problem.tau, problem.grid, strict=True):
        position = grid * (Fraction(tempo_map.quarters_at_seconds(seconds)) + pickup)
        below = math.floor(position)
        best: tuple[Fraction, int] | None = None
        for k in (below, below + 1):
            offset = Fraction(tempo_map.seconds_at_quarters(k / grid - pickup)) - seconds
            if best is None or abs(offset) < abs(best[0]):
                best = (offset, k)
        assert best is not None
        offset, k = best
        found.append(HitOnMap(k, offset, abs(offset) <= tolerance))
    return found
