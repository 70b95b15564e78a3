"""The figures Find Tempo reports for a tempo, measured on the map that tempo stands for.

The sweep ranks tempos with fast float scores; what a candidate *reports* (each hit's
offset and status, the counts, the RMS) is measured afresh on the constant tempo map at
the reported tempo, by :func:`tempo.map.measure.measure_hits`, the measurement every
listing of a map uses. So a candidate's figures are what its map gives, and a nice tempo
reports its own.

The map is in the request's meter and beat unit with bar 1 at the grid origin, so a hit
``d`` seconds after the anchor sits ``d + pickup_beats * 60 / bpm`` seconds into it.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from tempo.findtempo.check import Problem
from tempo.findtempo.model import HitResult, TempoFigures
from tempo.map.measure import HitMark, HitOnMap, measure_hits, tally_hits
from tempo.map.tempomap import TempoMap


def measure_figures(problem: Problem, bpm: Fraction) -> TempoFigures:
    """What ``bpm`` catches of the problem's hits, on the constant map at ``bpm``."""
    tempo_map = TempoMap.constant(bpm, problem.meter, problem.beat_unit)
    shift = problem.pickup_beats * 60 / bpm
    marks = [
        HitMark(d + shift, grid, tau, weight)
        for d, grid, tau, weight in zip(
            problem.d, problem.grid, problem.tau, problem.w.tolist(), strict=True
        )
    ]
    measured = measure_hits(tempo_map, marks, near_factor=problem.near_factor)
    tally = tally_hits(measured, [mark.weight for mark in marks])
    fps = problem.fps
    return TempoFigures(
        bpm=bpm,
        per_hit=hit_results(problem, measured),
        weighted_hits=tally.weighted_hits,
        hits=tally.hits,
        near=tally.near,
        miss=tally.miss,
        rms_seconds=tally.rms_seconds,
        rms_frames=None if fps is None else tally.rms_seconds * float(fps),
    )


def hit_results(problem: Problem, measured: Sequence[HitOnMap]) -> tuple[HitResult, ...]:
    """The problem's hits as measured on a map whose bar 1 is the grid origin: the grid
    index of each nearest line counts grid positions from there."""
    fps = problem.fps
    unit_quarters = problem.beat_unit.quarters
    return tuple(
        HitResult(
            label=hit.label,
            seconds=d,
            grid_index=round(on_map.line_quarters / unit_quarters * on_map.per_beat),
            offset_seconds=float(on_map.offset_seconds),
            frames_off=None if fps is None else float(on_map.offset_seconds * fps),
            status=on_map.status,
        )
        for hit, d, on_map in zip(problem.hits, problem.d, measured, strict=True)
    )
