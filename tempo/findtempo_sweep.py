"""The exact sweep over tempo intervals behind Find Tempo.

Hit i (``d`` seconds from the anchor, tolerance ``tau``, grid ``g`` positions per beat,
pickup ``P`` beats) is caught at tempo T (BPM) by grid index k when the position
``m = k/g - P`` beats lies within ``tau`` of the hit: ``|60 m / T - d| <= tau``. For
``m > 0`` that is the closed interval ``60 m/(d + tau) <= T <= 60 m/(d - tau)`` (no upper
end when ``d <= tau``). A hit's intervals for k and k+1 overlap exactly when
``k >= g P + (d - tau)/(2 tau)``, so from that index on they merge into one block; each hit
contributes disjoint closed intervals ("rows"), so a hit is never counted twice.

The sweep sorts the 2R row endpoints in float64 (a hit's rows are disjoint, so its
endpoints form one sorted run, which the stable sort merges), puts every run of endpoints
closer than float error that mixes opens and closes into exact order with Fractions
(opens before closes at equal tempos, since the intervals are closed), and accumulates
the weights. Because the order is exact, the local maxima it finds (an open followed
directly by a close: a "peak") are exact: each is a closed tempo interval on which
exactly one set of hits is caught, and no neighbouring tempo catches a superset.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import cmp_to_key

import numpy as np

from tempo.findtempo_check import Problem

NEAR_RELATIVE = 1e-14
"""Endpoints closer than this (relative) are ordered exactly; float error is ~1e-15."""

FLOAT_SLACK = 1e-9
"""Grid-index limits this close (relative) to an integer are recomputed exactly."""

WEIGHT_TIE = 1e-7
"""Weights closer than this count as equal when ranking (float sums of weights)."""

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
    """Enumerates each hit's catch intervals that meet the tempo range.

    The grid-index limits come from float64 arithmetic; a hit whose limits fall within
    float error of an integer, or that lies within its tolerance of the anchor, takes
    the exact path with Fractions instead.
    """
    k_min, k_max, k_merge, exact_path = _float_grid_limits(problem)
    fast = np.flatnonzero(~exact_path & (k_min <= k_max))
    k_min, k_max, k_merge = k_min[fast], k_max[fast], k_merge[fast]
    single_end = np.minimum(k_max, k_merge - 1)
    singles = single_end >= k_min
    block_start = np.maximum(k_merge, k_min)
    blocks = block_start <= k_max
    seg_hit = [fast[singles], fast[blocks]]
    seg_k0 = [k_min[singles], block_start[blocks]]
    seg_count = [(single_end - k_min + 1)[singles], np.ones(int(blocks.sum()), dtype=np.int64)]
    seg_khi = [np.full(int(singles.sum()), -FREE_K, dtype=np.int64), k_max[blocks]]
    special_lo: dict[int, Fraction] = {}
    columns = (seg_hit, seg_k0, seg_count, seg_khi)
    for i in np.flatnonzero(exact_path).tolist():
        for segment in _exact_segments(problem, i, special_lo):
            for column, value in zip(columns, segment, strict=True):
                column.append(np.array([value], dtype=np.int64))
    hit = np.concatenate(seg_hit).astype(np.int64)
    k0 = np.concatenate(seg_k0).astype(np.int64)
    order = np.lexsort((k0, hit))
    return _expand_rows(
        problem,
        hit[order],
        k0[order],
        np.concatenate(seg_count).astype(np.int64)[order],
        np.concatenate(seg_khi).astype(np.int64)[order],
        special_lo,
    )


def _float_grid_limits(problem: Problem) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per hit: first and last grid index whose interval meets the range, the first index
    whose interval overlaps the next one, and whether the hit needs the exact path."""
    d, tau, g = problem.d_f, problem.tau_f, problem.grid_f
    pickup = float(problem.pickup_beats)
    gp = problem.gp_num / problem.gp_den
    x_min = g * (float(problem.min_bpm) * (d - tau) / 60.0 + pickup)
    x_max = g * (float(problem.max_bpm) * (d + tau) / 60.0 + pickup)
    x_merge = gp + (d - tau) / (2.0 * tau)
    limits = np.stack([x_min, x_max, x_merge])
    near_integer = np.abs(limits - np.rint(limits)) <= FLOAT_SLACK * np.maximum(1.0, np.abs(limits))
    exact_path = near_integer.any(axis=0) | (d - tau <= FLOAT_SLACK * np.maximum(1.0, d))
    after_anchor = problem.gp_num // problem.gp_den + 1
    k_min = np.maximum(np.ceil(x_min).astype(np.int64), after_anchor)
    k_max = np.floor(x_max).astype(np.int64)
    k_merge = np.ceil(x_merge).astype(np.int64)
    return k_min, k_max, k_merge, exact_path


def _exact_segments(
    problem: Problem, i: int, special_lo: dict[int, Fraction]
) -> list[tuple[int, int, int, int]]:
    """Hit ``i``'s row segments ``(hit, first k, count, last k or -FREE_K)`` in Fractions."""
    lo_min, hi_max = problem.min_bpm, problem.max_bpm
    pickup = problem.pickup_beats
    d, tau, g = problem.d[i], problem.tau[i], problem.grid[i]
    gp = g * pickup
    if d <= tau:
        lo = max(_anchor_hit_lower_bpm(d, tau, g, pickup), lo_min)
        if lo > hi_max:
            return []
        special_lo[i] = lo
        return [(i, -FREE_K, 1, FREE_K)]
    k_min = max(math.ceil(g * (lo_min * (d - tau) / 60 + pickup)), math.floor(gp) + 1)
    k_max = math.floor(g * (hi_max * (d + tau) / 60 + pickup))
    if k_min > k_max:
        return []
    k_merge = math.ceil(gp + (d - tau) / (2 * tau))
    segments = []
    single_end = min(k_max, k_merge - 1)
    if single_end >= k_min:
        segments.append((i, k_min, single_end - k_min + 1, -FREE_K))
    block_start = max(k_merge, k_min)
    if block_start <= k_max:
        segments.append((i, block_start, 1, k_max))
    return segments


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
    seg_hit: np.ndarray,
    seg_k0: np.ndarray,
    seg_count: np.ndarray,
    seg_khi: np.ndarray,
    special_lo: dict[int, Fraction],
) -> Rows:
    """Expands row segments (runs of single grid indices, or one merged block) into rows.

    A row's ends are ``(k b - a) * 60/(b g (d +- tau))`` with ``g P = a/b``: an exact
    integer times one per-hit factor, so each end is within a few ulp of exact.
    """
    total = int(seg_count.sum())
    starts = np.cumsum(seg_count) - seg_count
    hit = np.repeat(seg_hit, seg_count)
    k_lo = np.repeat(seg_k0 - starts, seg_count) + np.arange(total, dtype=np.int64)
    k_hi_seg = np.repeat(seg_khi, seg_count)
    k_hi = np.where(k_hi_seg == -FREE_K, k_lo, k_hi_seg)
    special = k_lo == -FREE_K
    den = problem.gp_den_grid_f[seg_hit]
    lo_factor = np.repeat(60.0 / (den * problem.plus_f[seg_hit]), seg_count)
    hi_factor = np.repeat(60.0 / (den * problem.minus_f[seg_hit]), seg_count)
    if problem.pickup_beats:
        b = np.repeat(problem.gp_den[seg_hit], seg_count)
        a = np.repeat(problem.gp_num[seg_hit], seg_count)
        lo = (k_lo * b - a) * lo_factor
        hi = (k_hi * b - a) * hi_factor
    else:
        lo = k_lo * lo_factor
        hi = k_hi * hi_factor
    if special.any():
        at = np.flatnonzero(special)
        lo[at] = [float(special_lo[int(h)]) for h in hit[at]]
        hi[at] = float(problem.max_bpm)
    lo_f = np.maximum(lo, float(problem.min_bpm))
    hi_f = np.minimum(hi, float(problem.max_bpm))
    return Rows(hit, k_lo, k_hi, special, lo_f, hi_f, special_lo)


def grid_beats(problem: Problem, hit: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Beats from the anchor of grid index ``k`` of each hit, ``k/g - P``, in float64.

    Computed as ``(k b - a)/(b g)`` with ``g P = a/b`` so the subtraction is exact.
    """
    numerator = k * problem.gp_den[hit] - problem.gp_num[hit]
    return numerator.astype(np.float64) / problem.gp_den_grid_f[hit]


def exact_event_bpm(problem: Problem, rows: Rows, event: int) -> Fraction:
    """The exact tempo (BPM) of one endpoint event, clipped to the range."""
    num, den = _event_ratio(problem, rows, event)
    return Fraction(num, den)


def _event_ratio(problem: Problem, rows: Rows, event: int) -> tuple[int, int]:
    """The exact tempo of one endpoint event as ``(numerator, denominator > 0)``, clipped.

    Plain integers without reduction: ordering a run needs only cross-multiplication.
    """
    row = event >> 1
    i = int(rows.hit[row])
    closing = bool(event & 1)
    limit = problem.max_bpm if closing else problem.min_bpm
    if rows.special[row]:
        value = problem.max_bpm if closing else rows.special_lo[i]
        return value.numerator, value.denominator
    k = int(rows.k_hi[row] if closing else rows.k_lo[row])
    a, b = int(problem.gp_num[i]), int(problem.gp_den[i])
    grid = problem.grid[i]
    bound = problem.d_minus[i] if closing else problem.d_plus[i]
    # 60 m / (d -+ tau) with m = k/g - P = (k b - a) / (b g); every factor is positive
    num = 60 * (k * b - a) * grid.denominator * bound.denominator
    den = b * grid.numerator * bound.numerator
    beyond = num * limit.denominator > limit.numerator * den
    if beyond == closing:
        return limit.numerator, limit.denominator
    return num, den


def _compare_events(first: tuple[int, ...], second: tuple[int, ...]) -> int:
    """Orders ``(numerator, denominator, is_close, ...)`` by tempo, opens first at ties."""
    left = first[0] * second[1]
    right = second[0] * first[1]
    if left != right:
        return -1 if left < right else 1
    return first[2] - second[2]


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
        keyed = [
            (*_event_ratio(problem, rows, e), e & 1, e) for e in order[start : end + 1].tolist()
        ]
        keyed.sort(key=cmp_to_key(_compare_events))
        events = [item[3] for item in keyed]
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
