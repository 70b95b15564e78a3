"""The exact sweep over tempo intervals behind Find Tempo.

Hit i (``d`` seconds from the anchor, tolerance ``tau``, grid ``g`` positions per beat,
pickup ``P`` beats) is caught at tempo T (BPM) by grid index k when the position
``m = k/g - P`` beats lies within ``tau`` of the hit: ``|60 m / T - d| <= tau``. For
``m > 0`` that is the closed interval ``60 m/(d + tau) <= T <= 60 m/(d - tau)`` (no upper
end when ``d <= tau``). A hit's intervals for k and k+1 overlap exactly when
``k >= g P + (d - tau)/(2 tau)``, so from that index on they merge into one block; each hit
contributes disjoint closed intervals ("rows"), so a hit is never counted twice.

The sweep sorts the 2R row endpoints in float64 (a hit's rows are disjoint, so its
endpoints form one sorted run, which the stable sort merges), puts every run of endpoints closer than
float error that mixes opens and closes into exact order with Fractions (opens before
closes at equal tempos, since the intervals are closed),
and accumulates the weights. Because the order is exact, the local maxima it finds (an
open followed directly by a close: a "peak") are exact: each is a closed tempo interval
on which exactly one set of hits is caught, and no neighbouring tempo catches a superset.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tempo.findtempo_check import Problem

NEAR_RELATIVE = 1e-14
"""Endpoints closer than this (relative) are ordered exactly; float error is ~1e-15."""

FREE_K = 1 << 40
"""Grid-index bound used for rows whose grid index is left free (hits at the anchor)."""


@dataclass(frozen=True)
class Rows:
    """Disjoint closed catch intervals, grouped by hit and in tempo order within a hit.

    Row r catches hit ``hit[r]`` on ``[lo_f[r], hi_f[r]]`` BPM (clipped to the range) with
    grid indices ``k_lo[r]..k_hi[r]``. ``special`` rows belong to hits within their
    tolerance of the anchor; their exact lower end is in ``special_lo``.
    """

    hit: np.ndarray
    k_lo: np.ndarray
    k_hi: np.ndarray
    special: np.ndarray
    lo_f: np.ndarray
    hi_f: np.ndarray
    special_lo: dict[int, Fraction]

    @property
    def count(self) -> int:
        return int(self.hit.size)


@dataclass(frozen=True)
class Sweep:
    """The sorted endpoints and the peaks of the weighted coverage.

    Event 2r is the open of row r and event 2r + 1 its close. ``order`` lists
    events in exact tempo order. ``peaks`` are positions j in ``order`` with an open at j
    and a close at j + 1; ``peak_weight`` and ``peak_must`` are the weight and the number
    of must-hit hits caught there.
    """

    rows: Rows
    order: np.ndarray
    values: np.ndarray
    peaks: np.ndarray
    peak_weight: np.ndarray
    peak_must: np.ndarray


def build_rows(problem: Problem) -> Rows:
    """Enumerates each hit's catch intervals that meet the tempo range."""
    seg_hit: list[int] = []
    seg_k0: list[int] = []
    seg_count: list[int] = []
    seg_khi: list[int] = []
    special_lo: dict[int, Fraction] = {}
    lo_min, hi_max = problem.min_bpm, problem.max_bpm
    pickup = problem.pickup_beats
    for i in range(problem.n_hits):
        d, tau, g = problem.d[i], problem.tau[i], problem.grid[i]
        gp = g * pickup
        if d <= tau:
            lo = _anchor_hit_lower_bpm(d, tau, g, pickup)
            lo = max(lo, lo_min)
            if lo <= hi_max:
                special_lo[i] = lo
                seg_hit.append(i)
                seg_k0.append(-FREE_K)
                seg_count.append(1)
                seg_khi.append(FREE_K)
            continue
        k_min = max(math.ceil(g * (lo_min * (d - tau) / 60 + pickup)), math.floor(gp) + 1)
        k_max = math.floor(g * (hi_max * (d + tau) / 60 + pickup))
        if k_min > k_max:
            continue
        k_merge = math.ceil(gp + (d - tau) / (2 * tau))
        single_end = min(k_max, k_merge - 1)
        if single_end >= k_min:
            seg_hit.append(i)
            seg_k0.append(k_min)
            seg_count.append(single_end - k_min + 1)
            seg_khi.append(-FREE_K)
        block_start = max(k_merge, k_min)
        if block_start <= k_max:
            seg_hit.append(i)
            seg_k0.append(block_start)
            seg_count.append(1)
            seg_khi.append(k_max)
    return _expand_rows(problem, seg_hit, seg_k0, seg_count, seg_khi, special_lo)


def _anchor_hit_lower_bpm(d: Fraction, tau: Fraction, g: Fraction, pickup: Fraction) -> Fraction:
    """Lowest tempo catching a hit within ``tau`` of the anchor; it stays caught above.

    Grid position 0 (if the pickup puts one on the anchor) catches it at every tempo; the
    first position after the anchor from ``60 m/(d + tau)``; the last one before it from
    ``60 |m|/(tau - d)``.
    """
    gp = g * pickup
    if gp.denominator == 1:
        return Fraction(0)
    m_after = (math.floor(gp) + 1) / g - pickup
    lowest = 60 * m_after / (d + tau)
    if d < tau:
        m_before = (math.ceil(gp) - 1) / g - pickup
        lowest = min(lowest, 60 * -m_before / (tau - d))
    return lowest


def _expand_rows(
    problem: Problem,
    seg_hit: list[int],
    seg_k0: list[int],
    seg_count: list[int],
    seg_khi: list[int],
    special_lo: dict[int, Fraction],
) -> Rows:
    counts = np.array(seg_count, dtype=np.int64)
    total = int(counts.sum()) if counts.size else 0
    starts = np.cumsum(counts) - counts
    hit = np.repeat(np.array(seg_hit, dtype=np.int64), counts)
    k_lo = np.repeat(np.array(seg_k0, dtype=np.int64) - starts, counts) + np.arange(
        total, dtype=np.int64
    )
    k_hi_seg = np.repeat(np.array(seg_khi, dtype=np.int64), counts)
    k_hi = np.where(k_hi_seg == -FREE_K, k_lo, k_hi_seg)
    special = k_lo == -FREE_K
    lo_f, hi_f = _row_bpms(problem, hit, k_lo, k_hi, special, special_lo)
    return Rows(hit, k_lo, k_hi, special, lo_f, hi_f, special_lo)


def grid_beats(problem: Problem, hit: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Beats from the anchor of grid index ``k`` of each hit, ``k/g - P``, in float64.

    Computed as ``(k b - a)/(b g)`` with ``g P = a/b`` so the subtraction is exact.
    """
    numerator = k * problem.gp_den[hit] - problem.gp_num[hit]
    return numerator.astype(np.float64) / problem.gp_den_grid_f[hit]


def _row_bpms(
    problem: Problem,
    hit: np.ndarray,
    k_lo: np.ndarray,
    k_hi: np.ndarray,
    special: np.ndarray,
    special_lo: dict[int, Fraction],
) -> tuple[np.ndarray, np.ndarray]:
    lo_min, hi_max = float(problem.min_bpm), float(problem.max_bpm)
    safe_lo = np.where(special, 0, k_lo)
    safe_hi = np.where(special, 0, k_hi)
    lo = 60.0 * grid_beats(problem, hit, safe_lo) / problem.plus_f[hit]
    hi = 60.0 * grid_beats(problem, hit, safe_hi) / problem.minus_f[hit]
    if special.any():
        rows = np.flatnonzero(special)
        lo[rows] = [float(special_lo[int(h)]) for h in hit[rows]]
        hi[rows] = hi_max
    return np.maximum(lo, lo_min), np.minimum(hi, hi_max)


def exact_event_bpm(problem: Problem, rows: Rows, event: int) -> Fraction:
    """The exact tempo (BPM) of one endpoint event, clipped to the range."""
    row = event >> 1
    i = int(rows.hit[row])
    if not event & 1:
        if rows.special[row]:
            return rows.special_lo[i]
        m = Fraction(int(rows.k_lo[row])) / problem.grid[i] - problem.pickup_beats
        return max(problem.min_bpm, 60 * m / (problem.d[i] + problem.tau[i]))
    if rows.special[row]:
        return problem.max_bpm
    m = Fraction(int(rows.k_hi[row])) / problem.grid[i] - problem.pickup_beats
    return min(problem.max_bpm, 60 * m / (problem.d[i] - problem.tau[i]))


def sweep(problem: Problem, rows: Rows) -> Sweep:
    """Sorts the endpoints exactly and finds the peaks of the weighted coverage."""
    values = _interleave(rows.lo_f, rows.hi_f)
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    _order_close_runs_exactly(problem, rows, values, sorted_values, order)
    is_close = (order & 1).astype(bool)
    row_weight = problem.w[rows.hit]
    coverage = np.cumsum(_interleave(row_weight, -row_weight)[order])
    peaks = np.flatnonzero(~is_close[:-1] & is_close[1:])
    if problem.must.any():
        row_must = problem.must[rows.hit].astype(np.int64)
        must_coverage = np.cumsum(_interleave(row_must, -row_must)[order])[peaks]
    else:
        must_coverage = np.zeros(peaks.size, dtype=np.int64)
    return Sweep(
        rows=rows,
        order=order,
        values=sorted_values,
        peaks=peaks,
        peak_weight=coverage[peaks],
        peak_must=must_coverage,
    )


def _order_close_runs_exactly(
    problem: Problem,
    rows: Rows,
    values: np.ndarray,
    sorted_values: np.ndarray,
    order: np.ndarray,
) -> None:
    """Reorders, in place, each run of nearly equal endpoints that mixes opens and closes."""
    if order.size < 2:
        return
    gaps = np.diff(sorted_values)
    near = np.flatnonzero(gaps <= NEAR_RELATIVE * np.abs(sorted_values[1:]))
    for start, end in _runs(near.tolist()):
        closes = (order[start : end + 1] & 1).astype(bool)
        if closes.all() or not closes.any():
            continue
        events = [int(e) for e in order[start : end + 1]]
        events.sort(key=lambda e: (exact_event_bpm(problem, rows, e), e & 1))
        order[start : end + 1] = events
        sorted_values[start : end + 1] = values[events]


def _interleave(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """``first[0], second[0], first[1], ...``: each hit's events are then one sorted run."""
    both = np.empty(2 * first.size, dtype=first.dtype)
    both[0::2] = first
    both[1::2] = second
    return both


def _runs(near_pairs: list[int]) -> list[tuple[int, int]]:
    """Groups pair positions j (j and j + 1 nearly equal) into inclusive runs."""
    runs: list[tuple[int, int]] = []
    for j in near_pairs:
        if runs and runs[-1][1] == j:
            runs[-1] = (runs[-1][0], j + 1)
        else:
            runs.append((j, j + 1))
    return runs


def active_rows(sweep_result: Sweep, positions: np.ndarray, n_hits: int) -> np.ndarray:
    """For each peak position and hit, the row catching the hit there, or -1.

    Row r is active at position j when its open is at or before j and its close after j.
    """
    rows = sweep_result.rows
    count = rows.count
    n_events = 2 * count
    where = np.empty(n_events, dtype=np.int64)
    where[sweep_result.order] = np.arange(n_events, dtype=np.int64)
    open_pos, close_pos = where[0::2], where[1::2]
    key = rows.hit * n_events + open_pos
    hits = np.arange(n_hits, dtype=np.int64)
    query = hits[None, :] * n_events + positions[:, None]
    found = np.searchsorted(key, query.ravel(), side="right").reshape(query.shape) - 1
    safe = np.maximum(found, 0)
    ok = (found >= 0) & (rows.hit[safe] == hits[None, :]) & (close_pos[safe] > positions[:, None])
    return np.where(ok, found, -1)
