"""Fitting one segment of a multi-segment plan between two break points.

A segment starts on a beat at a break (the downbeat or a hit) and, unless it is the last,
ends exactly on a whole beat at a later hit, so the next segment starts on a beat. For
each span the candidate tempo curves are enumerated (every whole beat count ``B`` that
keeps the tempo in range and puts the end hit on its grid; for ramps from a given start
tempo, the end tempo follows from ``B``) and scored on the hits inside the span, all in
NumPy.

Grid positions are counted from the grid origin, ``pickup`` beats before the downbeat:
a hit with grid ``g = a/b`` positions per beat lands on ``k/g - pickup`` beats from the
downbeat. A segment that starts ``C`` beats after the downbeat sees those positions at
``(k - f)/g`` beats from its start, shifted by ``f``, the fractional part of
``g (C + pickup)``; this depends only on the *phase* ``(C + pickup) mod M`` (``M`` the
least common multiple of the grid denominators ``b``), so the plan carries the phase
from segment to segment and a bar line stays a bar line across breaks that fall
mid-bar. A segment of ``B`` beats ends on hit grid ``a/b`` exactly when ``b`` divides
``C + pickup + B``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np

from tempo.findtempo.check import Problem
from tempo.map.ramps import (
    RampShape,
    beat_at_seconds_array,
    end_bpm_for_duration_array,
    length_beats_for_duration,
    seconds_at_beat_array,
)

Shape = Literal["constant", "linear-beats", "linear-time"]
"""A segment's tempo curve as a plan names it."""
RAMP_SHAPES: dict[str, RampShape] = {
    "constant": RampShape.CONSTANT,
    "linear-beats": RampShape.LINEAR_BEATS,
    "linear-time": RampShape.LINEAR_TIME,
}
"""The tempo map's shape for each of the plan's names."""

SPAN_HITS = 24
"""Most hits one ending-on-a-beat segment spans; longer stretches chain segments."""
CONSTANTS_PER_SPAN = 2
MAX_RAMP_BEATS = 160
MAX_RAMP_RATIO = 1.6
"""A ramp ends at most this factor faster or slower than it starts."""
FLOAT_SLACK = 1e-12
FIT_WEIGHT = 4e-3
"""Weight of a caught hit's squared offset (in tolerances, times its weight): below 1/200,
so with at most 200 hits of equal weight the fit never outweighs one more hit caught."""
TEMPO_PRIOR = 0.05
"""Cost per unit of |ln(tempo / middle of the range)|: prefers 100 BPM to 200 BPM when
both catch the same hits, as Find Tempo's ranking does."""
MUST_MISS_PENALTY = 1e6
RAMP_COST = 0.5
FREE_START_STEPS = 73
REFINE_STEPS = 21
REFINE_ROUNDS = 3
COARSE_KEEP = 4


@dataclass(frozen=True)
class SortedHits:
    """The request's hits in time order, with their grids as ``grid_num / grid_den``.

    ``phase_period`` is ``M``, the least common multiple of the grid denominators: the
    phases of a segment start are ``0 .. M - 1`` (see the module notes).
    """

    problem: Problem
    order: tuple[int, ...]
    seconds: tuple[Fraction, ...]
    t: np.ndarray
    w: np.ndarray
    tau: np.ndarray
    grid: np.ndarray
    grid_num: np.ndarray
    grid_den: np.ndarray
    must: np.ndarray
    phase_period: int

    @property
    def count(self) -> int:
        return len(self.order)

    def node_seconds(self, node: int) -> Fraction:
        """Seconds of break node ``node``: 0 is the downbeat, n >= 1 the n-th hit."""
        return Fraction(0) if node == 0 else self.seconds[node - 1]

    def phase_shift(self, phase: int) -> np.ndarray:
        """Per hit, ``f``: the fractional part of ``g * phase`` (grid positions)."""
        return ((self.grid_num * phase) % self.grid_den) / self.grid_den

    def fits_end(self, end_node: int, phase: int, beats: np.ndarray) -> np.ndarray:
        """Whether a segment of ``beats`` whole beats from ``phase`` ends on the grid of
        hit node ``end_node``."""
        return (beats + phase) % int(self.grid_den[end_node - 1]) == 0


@dataclass(frozen=True)
class Costs:
    """Cost of a segment (in hits) and of relative tempo change over a ramp."""

    segment: float
    change_rate: float


@dataclass(frozen=True)
class SpanOption:
    """One fitted segment from ``start_node`` to ``end_node`` (None: to the end, free).

    ``weight`` and ``caught`` count the caught hits (the end hit included), ``total`` the
    hits in the span, ``squares`` the weighted squared offsets (s^2) of the caught hits and
    ``value`` the weight less penalties and costs (the tempo-jump penalty comes later).
    ``interval`` is the exact BPM interval a free last segment catches the same hits on.
    """

    start_node: int
    end_node: int | None
    shape: Shape
    start_bpm: float
    end_bpm: float
    beats: Fraction
    weight: float
    caught: int
    total: int
    squares: float
    value: float
    interval: tuple[Fraction, Fraction] | None = None


def sort_hits(problem: Problem) -> SortedHits:
    order = tuple(sorted(range(problem.n_hits), key=lambda i: problem.d[i]))
    index = np.array(order, dtype=np.int64)
    grids = [problem.grid[i] for i in order]
    return SortedHits(
        problem=problem,
        order=order,
        seconds=tuple(problem.d[i] for i in order),
        t=problem.d_f[index],
        w=problem.w[index],
        tau=problem.tau_f[index],
        grid=problem.grid_f[index],
        grid_num=np.array([g.numerator for g in grids], dtype=np.int64),
        grid_den=np.array([g.denominator for g in grids], dtype=np.int64),
        must=problem.must[index],
        phase_period=math.lcm(*(g.denominator for g in grids)),
    )


def constant_options(
    hits: SortedHits, start: int, phase: int, segment_cost: float
) -> list[SpanOption]:
    """Constant tempos from ``start`` (at bar phase ``phase``) landing each later hit
    (within reach) on its grid with a whole beat count."""
    problem = hits.problem
    lo, hi = float(problem.min_bpm), float(problem.max_bpm)
    start_seconds = 0.0 if start == 0 else float(hits.t[start - 1])
    ends, beats = [], []
    for end in range(start + 1, min(hits.count, start + SPAN_HITS) + 1):
        duration = float(hits.t[end - 1]) - start_seconds
        if duration <= 0:
            continue
        first = max(1, math.ceil(lo * duration / 60.0 * (1.0 - FLOAT_SLACK)))
        last = math.floor(hi * duration / 60.0 * (1.0 + FLOAT_SLACK))
        step = int(hits.grid_den[end - 1])
        first += -(first + phase) % step
        if first <= last:
            counts = np.arange(first, last + 1, step)
            ends.append(np.full(counts.size, end))
            beats.append(counts)
    if not ends:
        return []
    end_nodes = np.concatenate(ends)
    b = np.concatenate(beats).astype(np.float64)
    bpm = np.clip(60.0 * b / _durations(hits, start, end_nodes), lo, hi)
    costs = Costs(segment_cost, 0.0)
    return _best_options(hits, (start, phase), end_nodes, bpm, bpm, b, "constant", costs)


def ramp_options(
    hits: SortedHits,
    start: int,
    phase: int,
    start_bpm: float,
    segment_cost: float,
    change_rate: float,
) -> list[SpanOption]:
    """Ramps of both shapes from ``start_bpm`` at bar phase ``phase``, landing each later
    hit on its grid with a whole beat count.

    A ramp costs ``change_rate`` per unit of relative tempo change over it, on top of
    ``segment_cost`` and ``RAMP_COST``.
    """
    costs = Costs(segment_cost, change_rate)
    problem = hits.problem
    lo, hi = float(problem.min_bpm), float(problem.max_bpm)
    found: list[SpanOption] = []
    for shape in ("linear-beats", "linear-time"):
        ends, beats = [], []
        for end in range(start + 1, min(hits.count, start + SPAN_HITS) + 1):
            duration = float(hits.node_seconds(end) - hits.node_seconds(start))
            if duration <= 0:
                continue
            b = _ramp_beat_counts(start_bpm, duration, shape, lo, hi)
            b = _limit_counts(b[hits.fits_end(end, phase, b)], duration * start_bpm / 60.0)
            ends.append(np.full(b.size, end))
            beats.append(b)
        if not ends:
            continue
        end_nodes = np.concatenate(ends)
        b = np.concatenate(beats).astype(np.float64)
        t0 = np.full(b.size, start_bpm)
        t1 = _end_bpm(t0, b, _durations(hits, start, end_nodes), shape)
        keep = _ramp_in_range(t0, t1, lo, hi)
        found += _best_options(
            hits, (start, phase), end_nodes[keep], t0[keep], t1[keep], b[keep], shape, costs
        )
    return found


def free_ramp_options(
    hits: SortedHits, phase: int, segment_cost: float, change_rate: float
) -> list[SpanOption]:
    """Ramps from the downbeat (at bar phase ``phase``) with a free start tempo: a coarse
    scan, then refinement."""
    costs = Costs(segment_cost, change_rate)
    problem = hits.problem
    lo, hi = float(problem.min_bpm), float(problem.max_bpm)
    starts = np.geomspace(lo, hi, FREE_START_STEPS)
    ratio = (hi / lo) ** (1.0 / (FREE_START_STEPS - 1))
    found: list[SpanOption] = []
    for shape in ("linear-beats", "linear-time"):
        ends, beats, t0s = [], [], []
        for end in range(1, min(hits.count, SPAN_HITS) + 1):
            duration = hits.node_seconds(end)
            first = max(1, math.ceil(problem.min_bpm * duration / 60))
            last = math.floor(problem.max_bpm * duration / 60)
            counts = np.arange(first, last + 1)
            counts = counts[hits.fits_end(end, phase, counts)]
            if duration <= 0 or counts.size == 0:
                continue
            b, t0 = np.meshgrid(counts, starts, indexing="ij")
            ends.append(np.full(b.size, end))
            beats.append(b.ravel())
            t0s.append(t0.ravel())
        if not ends:
            continue
        end_nodes = np.concatenate(ends)
        b = np.concatenate(beats).astype(np.float64)
        t0 = np.concatenate(t0s)
        t1 = _end_bpm(t0, b, _durations(hits, 0, end_nodes), shape)
        keep = _ramp_in_range(t0, t1, lo, hi)
        coarse = _best_options(
            hits,
            (0, phase),
            end_nodes[keep],
            t0[keep],
            t1[keep],
            b[keep],
            shape,
            costs,
            COARSE_KEEP,
        )
        refined = [_refine_start(hits, phase, option, ratio, costs) for option in coarse]
        found += _best_per_end(refined)
    return found


def tempo_prior(problem: Problem, bpm: np.ndarray | float) -> np.ndarray:
    """The small cost of a tempo away from the middle of the range (geometric)."""
    centre = math.sqrt(float(problem.min_bpm) * float(problem.max_bpm))
    return TEMPO_PRIOR * np.abs(np.log(np.asarray(bpm, dtype=np.float64) / centre))


def _best_per_end(options: list[SpanOption]) -> list[SpanOption]:
    best: dict[int | None, SpanOption] = {}
    for option in options:
        if option.end_node not in best or option.value > best[option.end_node].value:
            best[option.end_node] = option
    return list(best.values())


def _refine_start(
    hits: SortedHits, phase: int, option: SpanOption, ratio: float, costs: Costs
) -> SpanOption:
    """Narrows the start tempo of a free ramp around the coarse best, a few times."""
    problem = hits.problem
    lo, hi = float(problem.min_bpm), float(problem.max_bpm)
    assert option.end_node is not None
    best = option
    for _ in range(REFINE_ROUNDS):
        t0 = best.start_bpm * np.geomspace(1.0 / ratio, ratio, REFINE_STEPS)
        t0 = t0[(t0 >= lo) & (t0 <= hi)]
        b = np.full(t0.size, float(best.beats))
        end_nodes = np.full(t0.size, option.end_node)
        t1 = _end_bpm(t0, b, _durations(hits, 0, end_nodes), best.shape)
        keep = _ramp_in_range(t0, t1, lo, hi)
        better = _best_options(
            hits, (0, phase), end_nodes[keep], t0[keep], t1[keep], b[keep], best.shape, costs
        )
        if better and better[0].value >= best.value:
            best = better[0]
        ratio = ratio ** (2.0 / (REFINE_STEPS - 1))
    return best


def _ramp_beat_counts(
    start_bpm: float, duration: float, shape: Shape, lo: float, hi: float
) -> np.ndarray:
    """Whole beat counts for which a ramp from ``start_bpm`` ends inside ``[lo, hi]``.

    The end tempo also stays within ``MAX_RAMP_RATIO`` of the start tempo either way.
    """
    lo = max(lo, start_bpm / MAX_RAMP_RATIO)
    hi = min(hi, start_bpm * MAX_RAMP_RATIO)
    ramp = RAMP_SHAPES[shape]
    low = length_beats_for_duration(shape=ramp, start_bpm=start_bpm, end_bpm=lo, seconds=duration)
    high = length_beats_for_duration(shape=ramp, start_bpm=start_bpm, end_bpm=hi, seconds=duration)
    return np.arange(max(1, math.ceil(low)), math.floor(high) + 1)


def _limit_counts(counts: np.ndarray, steady_beats: float) -> np.ndarray:
    """At most ``MAX_RAMP_BEATS`` beat counts, those nearest the steady count first."""
    if counts.size <= MAX_RAMP_BEATS:
        return counts
    return counts[np.argsort(np.abs(counts - steady_beats), kind="stable")[:MAX_RAMP_BEATS]]


def _ramp_in_range(t0: np.ndarray, t1: np.ndarray, lo: float, hi: float) -> np.ndarray:
    ratio = t1 / t0
    return (t1 >= lo) & (t1 <= hi) & (ratio <= MAX_RAMP_RATIO) & (ratio >= 1.0 / MAX_RAMP_RATIO)


def _end_bpm(t0: np.ndarray, b: np.ndarray, duration: np.ndarray, shape: Shape) -> np.ndarray:
    return end_bpm_for_duration_array(
        shape=RAMP_SHAPES[shape], start_bpm=t0, length_beats=b, seconds=duration
    )


def _durations(hits: SortedHits, start: int, end_nodes: np.ndarray) -> np.ndarray:
    start_seconds = 0.0 if start == 0 else float(hits.t[start - 1])
    return hits.t[end_nodes - 1] - start_seconds


def _best_options(
    hits: SortedHits,
    start_phase: tuple[int, int],
    end_nodes: np.ndarray,
    t0: np.ndarray,
    t1: np.ndarray,
    b: np.ndarray,
    shape: Shape,
    costs: Costs,
    keep: int | None = None,
) -> list[SpanOption]:
    """Scores every option from break ``start`` at bar phase ``phase`` and keeps the best
    ``keep`` per end node (a default by shape)."""
    if end_nodes.size == 0:
        return []
    start = start_phase[0]
    scored = _score(hits, start_phase, end_nodes, (t0, t1, b), shape)
    value = scored["value"] - costs.segment - tempo_prior(hits.problem, np.sqrt(t0 * t1))
    if shape != "constant":
        value -= RAMP_COST + costs.change_rate * np.abs(t1 - t0) / t0
    if keep is None:
        keep = CONSTANTS_PER_SPAN if shape == "constant" else 1
    order = np.lexsort((-value, end_nodes))
    ranked_end = end_nodes[order]
    rank_in_group = np.arange(order.size) - np.searchsorted(ranked_end, ranked_end, side="left")
    chosen = order[rank_in_group < keep]
    return [
        SpanOption(
            start_node=start,
            end_node=int(end_nodes[c]),
            shape=shape,
            start_bpm=float(t0[c]),
            end_bpm=float(t1[c]),
            beats=Fraction(int(round(b[c]))),
            weight=float(scored["weight"][c]),
            caught=int(scored["caught"][c]),
            total=int(end_nodes[c]) - start,
            squares=float(scored["squares"][c]),
            value=float(value[c]),
        )
        for c in chosen.tolist()
    ]


def _score(
    hits: SortedHits,
    start_phase: tuple[int, int],
    end_nodes: np.ndarray,
    curves: tuple[np.ndarray, np.ndarray, np.ndarray],
    shape: Shape,
) -> dict[str, np.ndarray]:
    """Caught weight, squared offsets and must-hit misses of each option (end hit exact).

    ``curves`` holds the start tempos, end tempos and beat counts of the options.
    """
    start, phase = start_phase
    t0, t1, b = curves
    last = int(end_nodes.max())
    cols = np.arange(start, last)  # hit indices of nodes start+1 .. last
    start_seconds = 0.0 if start == 0 else float(hits.t[start - 1])
    u = hits.t[cols] - start_seconds
    ramp, start_bpm, end_bpm, length = RAMP_SHAPES[shape], t0[:, None], t1[:, None], b[:, None]
    g = hits.grid[cols]
    shift = hits.phase_shift(phase)[cols]
    beats = beat_at_seconds_array(
        u[None, :], shape=ramp, start_bpm=start_bpm, end_bpm=end_bpm, length_beats=length
    )
    k = np.rint(g * beats + shift)
    grid_seconds = seconds_at_beat_array(
        (k - shift) / g, shape=ramp, start_bpm=start_bpm, end_bpm=end_bpm, length_beats=length
    )
    offset = grid_seconds - u
    inner = cols[None, :] < (end_nodes - 1)[:, None]
    caught = inner & (np.abs(offset) <= hits.tau[cols])
    w = hits.w[cols]
    squares = np.sum(np.where(caught, w * offset * offset, 0.0), axis=1)
    fit = np.sum(np.where(caught, w * (offset / hits.tau[cols]) ** 2, 0.0), axis=1)
    end_weight = hits.w[end_nodes - 1]
    weight = np.sum(np.where(caught, w, 0.0), axis=1) + end_weight
    must_missed = np.sum(inner & ~caught & hits.must[cols], axis=1)
    value = weight - MUST_MISS_PENALTY * must_missed - FIT_WEIGHT * fit
    return {
        "weight": weight,
        "caught": caught.sum(axis=1) + 1,
        "squares": squares,
        "value": value,
    }
