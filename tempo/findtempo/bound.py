"""Branch and bound in front of the exact sweep: sweep only where the best tempos can be.

The tempo range is cut into buckets. A bucket's upper bound is the weight of all rows
(catch intervals) that touch it, counted with ``np.bincount`` in O(R) without sorting,
a block of rows at a time (blocks small enough to stay in cache). A peak of weight at
least ``theta`` touches only buckets whose bound is at least ``theta``, so sweeping the
rows that touch those buckets finds every such peak with its exact interval and weight (a
row that could break or extend it touches the peak, so it is among them). Those rows are
found per hit and per run of selected buckets from the grid-index limits, in O(hits x
runs); a few rows more (the buckets are widened against float error) do no harm, as a
local peak that is not in a selected bucket weighs less than ``theta`` and is dropped.
When the subset holds the ``count`` best peaks with all their ties, the answer equals the
full sweep's; otherwise ``theta`` drops and, in the end, the full sweep runs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tempo.findtempo.check import Problem
from tempo.findtempo.rows import RowPlan, rows_of
from tempo.findtempo.sweep import WEIGHT_TIE, Sweep, sweep

BUCKETS = 8192
SMALL_ROWS = 4096
"""Below this many rows the full sweep is as fast."""
BLOCK_ROWS = 8192
"""Rows whose buckets are counted at once."""
FIRST_BUCKETS = 32
FIRST_BUCKETS_PER_CANDIDATE = 8
"""The first attempt sweeps the best 32 buckets, or 8 per candidate asked for if more."""
TRIES = 4
SELECT_SLACK = 1e-9
"""Float sums of weights may fall short of the exact bound by far less than this."""
WIDEN_RELATIVE = 1e-9
"""Rows and bucket runs are widened by this (relative) against float error."""


def sweep_top(problem: Problem, plan: RowPlan, count: int) -> Sweep:
    """A sweep whose peaks include the ``count`` best by (must-hits, weight), with ties.

    Every peak it returns is exact; only peaks that cannot reach the top ``count`` (with
    ties) are left out.
    """
    if plan.total < SMALL_ROWS:
        return sweep(problem, rows_of(problem, plan))
    bound = _bucket_bound(problem, plan, problem.w)
    n_must = int(problem.must.sum())
    eligible = np.ones(BUCKETS, dtype=bool)
    if n_must:
        must_bound = _bucket_bound(problem, plan, problem.must.astype(np.float64))
        eligible = must_bound >= n_must - 0.5
    candidates = bound[eligible]
    if candidates.size == 0:
        return sweep(problem, rows_of(problem, plan))
    buckets = max(FIRST_BUCKETS, FIRST_BUCKETS_PER_CANDIDATE * count)
    theta = _ranked(candidates, min(buckets, candidates.size - 1))
    swept: tuple[np.ndarray, Sweep] | None = None
    for _ in range(TRIES):
        selected = eligible & (bound >= theta - SELECT_SLACK)
        if swept is None or not np.array_equal(swept[0], selected):
            ids = _rows_touching(problem, plan, selected)
            swept = (selected, sweep(problem, rows_of(problem, plan, ids)))
        found = swept[1]
        keep = found.peak_weight >= theta - SELECT_SLACK / 2
        if n_must:
            keep &= found.peak_must == n_must
        weights = found.peak_weight[keep]
        if weights.size >= count:
            kth = float(np.partition(weights, -count)[-count])
            if kth >= theta + WEIGHT_TIE:
                return Sweep(
                    rows=found.rows,
                    order=found.order,
                    values=found.values,
                    peaks=found.peaks[keep],
                    peak_weight=weights,
                    peak_must=found.peak_must[keep],
                )
            theta = kth - 2 * WEIGHT_TIE
        else:
            buckets *= 8
            if buckets >= candidates.size:
                break
            theta = min(theta, _ranked(candidates, buckets))
    return sweep(problem, rows_of(problem, plan))


def _ranked(bounds: np.ndarray, place: int) -> float:
    """The bound at ``place`` (0 = the highest) in descending order."""
    return float(np.partition(bounds, bounds.size - 1 - place)[bounds.size - 1 - place])


def _scale(problem: Problem) -> tuple[float, float]:
    """The range's low end (BPM) and buckets per BPM."""
    low, high = float(problem.min_bpm), float(problem.max_bpm)
    return low, BUCKETS / (high - low)


def _bucket_bound(problem: Problem, plan: RowPlan, weight: np.ndarray) -> np.ndarray:
    """Total ``weight`` (per hit) of the rows touching each bucket.

    Row r spans buckets ``floor((lo (1 - w) - low) s)`` to ``floor((hi (1 + w) - low) s)``
    (clipped to the range). A run of single grid indices has ``lo = (k - a/b) b lo_factor``,
    so its rows' buckets come from one multiply-add per row; merged blocks and special
    rows are built as rows.
    """
    low, scale = _scale(problem)
    segment_weight = weight[plan.hit]
    opened = np.zeros(BUCKETS + 1)
    closed = np.zeros(BUCKETS + 1)
    singles = np.flatnonzero(plan.single & (segment_weight > 0))
    if singles.size:
        hits = plan.hit[singles]
        den = problem.gp_den[hits]
        runs = _Runs(
            count=plan.count[singles],
            shift=plan.k0[singles] - problem.gp_num[hits] / den,
            lo_step=den * plan.lo_factor[singles] * (scale * (1.0 - WIDEN_RELATIVE)),
            hi_step=den * plan.hi_factor[singles] * (scale * (1.0 + WIDEN_RELATIVE)),
            weight=segment_weight[singles],
        )
        _count_single_rows(runs, low * scale, opened, closed)
    others = np.flatnonzero(~plan.single & (segment_weight > 0))
    if others.size:
        rows = rows_of(problem, plan, plan.first_row[others])
        first = np.maximum((rows.lo_f * (1.0 - WIDEN_RELATIVE) - low) * scale, 0.0)
        last = np.minimum((rows.hi_f * (1.0 + WIDEN_RELATIVE) - low) * scale + 1.0, BUCKETS)
        block_weight = segment_weight[others]
        opened += np.bincount(first.astype(np.int64), block_weight, BUCKETS + 1)
        closed += np.bincount(last.astype(np.int64), block_weight, BUCKETS + 1)
    return np.cumsum(opened - closed)[:BUCKETS]


@dataclass(frozen=True)
class _Runs:
    """Runs of single grid indices: per run its row count, ``k0 - a/b`` (its first grid
    index less the pickup shift), the buckets per grid index of its rows' lower and upper
    ends, and its weight."""

    count: np.ndarray
    shift: np.ndarray
    lo_step: np.ndarray
    hi_step: np.ndarray
    weight: np.ndarray


def _count_single_rows(runs: _Runs, offset: float, opened: np.ndarray, closed: np.ndarray) -> None:
    """Adds the rows of ``runs`` to ``opened`` / ``closed`` (per bucket), about
    ``BLOCK_ROWS`` rows at a time into reused buffers.

    A run's rows are disjoint and every one of them meets the range, so only its first
    row can start below the range and only its last row can end above it: those two are
    clamped, and the rest are only truncated (a hair below the range truncates to bucket
    0; a hair above it lands past the last bucket, which no bound reads).
    """
    uniform = bool(np.all(runs.weight == runs.weight[0]))
    ends = np.cumsum(runs.count)
    size = max(BLOCK_ROWS, int(runs.count.max()))
    local = np.arange(size, dtype=np.float64)
    k_buffer, at_buffer = np.empty(size), np.empty(size)
    bucket_buffer = np.empty(size, dtype=np.int64)
    first_k = runs.shift - (ends - runs.count)
    opened_count = np.zeros(BUCKETS + 1, dtype=np.int64)
    closed_count = np.zeros(BUCKETS + 1, dtype=np.int64)
    start = 0
    while start < ends.size:
        before = int(ends[start] - runs.count[start])
        stop = max(start + 1, int(np.searchsorted(ends, before + BLOCK_ROWS, side="right")))
        part = slice(start, stop)
        n = runs.count[part]
        size = int(ends[stop - 1]) - before
        last = ends[part] - before - 1
        first = last - n + 1
        k, at, bucket = k_buffer[:size], at_buffer[:size], bucket_buffer[:size]
        np.add(local[:size], np.repeat(first_k[part] + before, n), out=k)
        block_weight = None if uniform else np.repeat(runs.weight[part], n)
        np.multiply(k, np.repeat(runs.lo_step[part], n), out=at)
        np.subtract(at, offset, out=at)
        at[first] = np.maximum(at[first], 0.0)
        np.copyto(bucket, at, casting="unsafe")
        _tally(bucket, block_weight, opened_count, opened)
        np.multiply(k, np.repeat(runs.hi_step[part], n), out=at)
        np.subtract(at, offset - 1.0, out=at)
        at[last] = np.minimum(at[last], float(BUCKETS))
        np.copyto(bucket, at, casting="unsafe")
        _tally(bucket, block_weight, closed_count, closed)
        start = stop
    if uniform:
        opened += runs.weight[0] * opened_count
        closed += runs.weight[0] * closed_count


def _tally(
    bucket: np.ndarray, weight: np.ndarray | None, counts: np.ndarray, weights: np.ndarray
) -> None:
    """Adds one per row to ``counts``, or the rows' ``weight`` to ``weights``; buckets past
    the last (``BUCKETS``) are dropped."""
    if weight is None:
        counts += np.bincount(bucket, minlength=BUCKETS + 1)[: BUCKETS + 1]
    else:
        weights += np.bincount(bucket, weight, BUCKETS + 1)[: BUCKETS + 1]


def _rows_touching(problem: Problem, plan: RowPlan, selected: np.ndarray) -> np.ndarray:
    """Row numbers (ascending) of every row that touches a selected bucket.

    Row k of a run of single grid indices meets the BPM window ``[A, B]`` when
    ``(k - a/b) b hi_factor >= A`` and ``(k - a/b) b lo_factor <= B``; a merged block or
    special row meets it when its ends do. The windows (runs of selected buckets) are
    widened against float error, and each row is listed once, in order.
    """
    low, scale = _scale(problem)
    edges = np.flatnonzero(np.diff(np.concatenate([[False], selected, [False]])))
    window_lo = (low + edges[0::2] / scale) * (1.0 - WIDEN_RELATIVE)
    window_hi = (low + edges[1::2] / scale) * (1.0 + WIDEN_RELATIVE)
    den = problem.gp_den[plan.hit]
    shift = (problem.gp_num[plan.hit] / den)[:, None]
    k_from = np.ceil(window_lo / (den * plan.hi_factor)[:, None] + shift)
    k_to = np.floor(window_hi / (den * plan.lo_factor)[:, None] + shift)
    k0 = plan.k0[:, None]
    k_from = np.maximum(k_from.astype(np.int64), k0)
    k_to = np.minimum(k_to.astype(np.int64), k0 + plan.count[:, None] - 1)
    others = np.flatnonzero(~plan.single)
    if others.size:
        rows = rows_of(problem, plan, plan.first_row[others])
        window = np.searchsorted(window_lo, rows.hi_f * (1.0 + WIDEN_RELATIVE), side="right") - 1
        safe = np.maximum(window, 0)
        meets = (window >= 0) & (window_hi[safe] >= rows.lo_f * (1.0 - WIDEN_RELATIVE))
        k_from[others] = plan.k0[others, None]
        k_to[others] = plan.k0[others, None] - 1
        k_to[others, 0] += meets
    if k_to.shape[1] > 1:
        reached = np.maximum.accumulate(k_to, axis=1)
        np.maximum(k_from[:, 1:], reached[:, :-1] + 1, out=k_from[:, 1:])
    n = np.maximum(k_to - k_from + 1, 0).ravel()
    first = (k_from - k0 + plan.first_row[:, None]).ravel()
    starts = np.cumsum(n) - n
    return np.arange(int(n.sum()), dtype=np.int64) + np.repeat(first - starts, n)
