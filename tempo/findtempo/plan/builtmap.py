"""The tempo map a multi-segment plan stands for, and what the plan catches on it.

A plan is stored as a tempo map whose tempos are decimals to 1/10000 BPM, so its claims
are checked on exactly that map: each segment becomes a :class:`tempo.map.segment.Segment`
of its whole beat count at its decimal start and end tempos, in the request's meter and
beat unit, and a last segment ending on the last hit is followed by an open constant
segment at its end tempo. Every hit is measured on that map by
:func:`tempo.map.measure.measure_hits`, the measurement every listing of a map uses. With
a pickup of ``P`` beats the map starts with ``P`` beats at the first tempo, so its bar 1
is the grid origin and the plan's downbeat falls ``P`` beats into it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from tempo.findtempo.check import Problem
from tempo.findtempo.plan.spans import RAMP_SHAPES
from tempo.map.measure import HitMark, HitOnMap, measure_hits
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


def plan_tempo_map(problem: Problem, pieces: Sequence[MapPiece]) -> TempoMap:
    """The map of ``pieces`` from the downbeat, in the problem's meter and beat unit, with
    the pickup's beats (at the first tempo) before it."""
    meter, unit = problem.meter, problem.beat_unit
    segments = []
    if problem.pickup_beats:
        first = pieces[0].start_bpm
        segments.append(Segment(problem.pickup_beats, first, meter=meter, beat_unit=unit))
    for piece in pieces:
        ramp = RAMP_SHAPES[piece.shape]
        if ramp is RampShape.CONSTANT or piece.start_bpm == piece.end_bpm:
            segments.append(Segment(piece.beats, piece.start_bpm, meter=meter, beat_unit=unit))
        else:
            segments.append(Segment(piece.beats, piece.start_bpm, piece.end_bpm, ramp, meter, unit))
    if segments[-1].beats is not None:
        segments.append(Segment(None, segments[-1].final_bpm, meter=meter, beat_unit=unit))
    return TempoMap(tuple(segments))


def hits_on_map(problem: Problem, tempo_map: TempoMap) -> tuple[HitOnMap, ...]:
    """Each hit of ``problem`` against the nearest line of its grid on ``tempo_map`` (a
    map from :func:`plan_tempo_map`)."""
    shift = Fraction(tempo_map.segment_start_seconds(1)) if problem.pickup_beats else Fraction(0)
    marks = [
        HitMark(d + shift, grid, tau, weight)
        for d, grid, tau, weight in zip(
            problem.d, problem.grid, problem.tau, problem.w.tolist(), strict=True
        )
    ]
    return measure_hits(tempo_map, marks, near_factor=problem.near_factor)
