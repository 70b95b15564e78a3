"""The catch intervals ("rows") of Find Tempo's hits, planned per hit and built on demand.

Hit i (``d`` seconds from the anchor, tolerance ``tau``, grid ``g`` positions per beat,
pickup ``P`` beats) is caught at tempo T (BPM) by grid index k when the position
``m = k/g - P`` beats lies within ``tau`` of the hit: ``|60 m / T - d| <= tau``. For
``m > 0`` that is the closed interval ``60 m/(d + tau) <= T <= 60 m/(d - tau)`` (no upper
end when ``d <= tau``). A hit's intervals for k and k+1 overlap exactly when
``k >= g P + (d - tau)/(2 tau)``, so from that index on they merge into one block; each hit
contributes disjoint closed intervals, so a hit is never counted twice.

A :class:`RowPlan` describes every row in O(hits): per hit a run of single grid indices
and at most one merged block. Rows are numbered in (hit, grid index) order, and
:func:`rows_of` builds the float endpoints of any of them, all of them or a few, with the
same arithmetic either way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tempo.findtempo.check import Problem

FLOAT_SLACK = 1e-9
"""Grid-index limits this close (relative) to an integer are recomputed exactly."""

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
class RowPlan:
    """Every row as segments, in (hit, grid index) order.

    Segment s holds ``count[s]`` rows of hit ``hit[s]`` from row number ``first_row[s]``:
    single grid indices ``k0[s]``, ``k0[s] + 1`` ... when ``single[s]``, else one row (a
    merged block of indices ``k0[s]..k_hi[s]``, or a special row with ``k0 = -FREE_K``).
    A row of grid index ``k`` spans ``(k b - a) lo_factor`` to ``(k b - a) hi_factor`` BPM
    before clipping, with ``g P = a/b`` for its hit.
    """

    hit: np.ndarray
    k0: np.ndarray
    count: np.ndarray
    k_hi: np.ndarray
    single: np.ndarray
    first_row: np.ndarray
    lo_factor: np.ndarray
    hi_factor: np.ndarray
    special_lo: dict[int, Fraction]

    @property
    def total(self) -> int:
        """The number of rows."""
        return int(self.first_row[-1] + self.count[-1]) if self.count.size else 0


def plan_rows(problem: Problem) -> RowPlan:
    """Plans each hit's catch intervals that meet the tempo range.

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
    hit, k0 = hit[order], k0[order]
    count = np.concatenate(seg_count).astype(np.int64)[order]
    k_hi = np.concatenate(seg_khi).astype(np.int64)[order]
    den = problem.gp_den_grid_f[hit]
    return RowPlan(
        hit=hit,
        k0=k0,
        count=count,
        k_hi=k_hi,
        single=k_hi == -FREE_K,
        first_row=np.cumsum(count) - count,
        lo_factor=60.0 / (den * problem.plus_f[hit]),
        hi_factor=60.0 / (den * problem.minus_f[hit]),
        special_lo=special_lo,
    )


def build_rows(problem: Problem) -> Rows:
    """Every catch interval of the problem's hits that meets the tempo range."""
    return rows_of(problem, plan_rows(problem))


def rows_of(problem: Problem, plan: RowPlan, ids: np.ndarray | None = None) -> Rows:
    """The rows numbered ``ids`` (ascending; all rows when ``None``).

    A row's ends are ``(k b - a) * 60/(b g (d +- tau))`` with ``g P = a/b``: an exact
    integer times one per-hit factor, so each end is within a few ulp of exact.
    """
    if ids is None:
        segment = np.repeat(np.arange(plan.count.size), plan.count)
        offset = np.arange(segment.size, dtype=np.int64) - plan.first_row[segment]
    else:
        segment = np.searchsorted(plan.first_row, ids, side="right") - 1
        offset = ids - plan.first_row[segment]
    hit = plan.hit[segment]
    k_lo = plan.k0[segment] + offset
    k_hi = np.where(plan.single[segment], k_lo, plan.k_hi[segment])
    special = k_lo == -FREE_K
    lo_factor, hi_factor = plan.lo_factor[segment], plan.hi_factor[segment]
    if problem.pickup_beats:
        b, a = problem.gp_den[hit], problem.gp_num[hit]
        lo = (k_lo * b - a) * lo_factor
        hi = (k_hi * b - a) * hi_factor
    else:
        lo = k_lo * lo_factor
        hi = k_hi * hi_factor
    if special.any():
        at = np.flatnonzero(special)
        lo[at] = [float(plan.special_lo[int(h)]) for h in hit[at]]
        hi[at] = float(problem.max_bpm)
    lo_f = np.maximum(lo, float(problem.min_bpm))
    hi_f = np.minimum(hi, float(problem.max_bpm))
    return Rows(hit, k_lo, k_hi, special, lo_f, hi_f, plan.special_lo)


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
