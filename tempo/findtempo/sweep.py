"""The exact sweep over tempo intervals behind Find Tempo.

Each hit contributes disjoint closed catch intervals ("rows", see
:mod:`tempo.findtempo.rows`). The sweep sorts the 2R row endpoints in float64 (a hit's
rows are disjoint, so its endpoints form one sorted run, which the stable sort merges),
puts every run of endpoints closer than float error that mixes opens and closes into
exact order with Fractions (opens before closes at equal tempos, since the intervals are
closed), and accumulates the weights. Because the order is exact, the local maxima it
finds (an open followed directly by a close: a "peak") are exact: each is a closed tempo
interval on which exactly one set of hits is caught, and no neighbouring tempo catches a
superset.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cmp_to_key

import numpy as np

from tempo.findtempo.check import Problem
from tempo.findtempo.rows import Rows

NEAR_RELATIVE = 1e-14
"""Endpoints closer than this (relative) are ordered exactly; float error is ~1e-15."""

WEIGHT_TIE = 1e-7
"""Weights closer than this count as equal when ranking (float sums of weights)."""


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
    grid, d, tau = problem.grid[i], problem.d[i], problem.tau[i]
    # d -+ tau = bound_num / bound_den, unreduced
    bound_den = d.denominator * tau.denominator
    cross = tau.numerator * d.denominator
    bound_num = d.numerator * tau.denominator + (-cross if closing else cross)
    # 60 m / (d -+ tau) with m = k/g - P = (k b - a) / (b g); every factor is positive
    num = 60 * (k * b - a) * grid.denominator * bound_den
    den = b * grid.numerator * bound_num
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
