"""Branch and bound in front of the exact sweep: sweep only where the best tempos can be.

The tempo range is cut into buckets. A bucket's upper bound is the weight of all rows
(catch intervals) that touch it, counted with ``np.bincount`` in O(R) without sorting.
A peak of weight at least ``theta`` touches only buckets whose bound is at least
``theta``, so sweeping just the rows that touch those buckets finds every such peak with
its exact interval and weight (a row that could break or extend it touches the peak, so
it is among them). A local peak elsewhere in the subset weighs less than ``theta``
(it lies in a bucket whose bound is below ``theta``) and is dropped. When the subset
holds the ``count`` best peaks with all their ties, the answer equals the full sweep's;
otherwise ``theta`` drops and, in the end, the full sweep runs.
"""

from __future__ import annotations

import numpy as np

from tempo.findtempo_check import Problem
from tempo.findtempo_sweep import WEIGHT_TIE, Rows, Sweep, sweep

BUCKETS = 8192
SMALL_ROWS = 4096
"""Below this many rows the full sweep is as fast."""
FIRST_BUCKETS = 64
FIRST_BUCKETS_PER_CANDIDATE = 8
"""The first attempt sweeps the best 64 buckets, or 8 per candidate asked for if more."""
TRIES = 4
SELECT_SLACK = 1e-9
"""Float sums of weights may fall short of the exact bound by far less than this."""
WIDEN_RELATIVE = 1e-12


def sweep_top(problem: Problem, rows: Rows, count: int) -> Sweep:
    """A sweep whose peaks include the ``count`` best by (must-hits, weight), with ties.

    Every peak it returns is exact; only peaks that cannot reach the top ``count`` (with
    ties) are left out.
    """
    if rows.count < SMALL_ROWS:
        return sweep(problem, rows)
    first, last = _buckets(problem, rows)
    bound = _bucket_bound(first, last, problem.w[rows.hit])
    n_must = int(problem.must.sum())
    eligible = np.ones(BUCKETS, dtype=bool)
    if n_must:
        must_bound = _bucket_bound(first, last, problem.must[rows.hit].astype(np.float64))
        eligible = must_bound >= n_must - 0.5
    ranked_bounds = np.sort(bound[eligible])[::-1]
    if ranked_bounds.size == 0:
        return sweep(problem, rows)
    buckets = max(FIRST_BUCKETS, FIRST_BUCKETS_PER_CANDIDATE * count)
    theta = float(ranked_bounds[min(buckets, ranked_bounds.size - 1)])
    for _ in range(TRIES):
        selected = eligible & (bound >= theta - SELECT_SLACK)
        found = _sweep_touching(problem, rows, first, last, selected)
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
            if buckets >= ranked_bounds.size:
                break
            theta = min(theta, float(ranked_bounds[buckets]))
    return sweep(problem, rows)


def _buckets(problem: Problem, rows: Rows) -> tuple[np.ndarray, np.ndarray]:
    """First and last bucket each row may touch (widened past float error)."""
    low, high = float(problem.min_bpm), float(problem.max_bpm)
    scale = BUCKETS / (high - low)
    first = np.floor((rows.lo_f * (1 - WIDEN_RELATIVE) - low) * scale).astype(np.int64)
    last = np.floor((rows.hi_f * (1 + WIDEN_RELATIVE) - low) * scale).astype(np.int64)
    return np.clip(first, 0, BUCKETS - 1), np.clip(last, 0, BUCKETS - 1)


def _bucket_bound(first: np.ndarray, last: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Total weight of the rows touching each bucket."""
    opened = np.bincount(first, weights=weight, minlength=BUCKETS + 1)
    closed = np.bincount(last + 1, weights=weight, minlength=BUCKETS + 1)
    return np.cumsum(opened - closed)[:BUCKETS]


def _sweep_touching(
    problem: Problem, rows: Rows, first: np.ndarray, last: np.ndarray, selected: np.ndarray
) -> Sweep:
    """The exact sweep over the rows that touch a selected bucket."""
    selected_before = np.concatenate([[0], np.cumsum(selected)])
    touching = selected_before[last + 1] - selected_before[first] > 0
    subset = Rows(
        hit=rows.hit[touching],
        k_lo=rows.k_lo[touching],
        k_hi=rows.k_hi[touching],
        special=rows.special[touching],
        lo_f=rows.lo_f[touching],
        hi_f=rows.hi_f[touching],
        special_lo=rows.special_lo,
    )
    return sweep(problem, subset)
