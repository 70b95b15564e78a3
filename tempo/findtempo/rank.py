"""Scores and ranks the peaks of the Find Tempo sweep, and builds the candidates.

Within a peak the caught hits and their grid indices are known, so the beat period with
the least weighted squared error has a closed form: with ``m_i`` the grid position in
beats, ``p* = sum w m d / sum w m^2`` seconds per beat and ``T* = 60 / p*``. ``T*`` is
kept inside the interval (a hair inside, so the float tempo catches the same hits) and
rounded to a millionth of a BPM when that stays inside.
Candidates rank by: every must-hit hit caught, weighted hits caught, weighted near
misses, weighted RMS offset, then closeness to the middle of the tempo range. These
scores are float work for ranking only: what a candidate reports is measured on its map
(see :mod:`tempo.findtempo.figures`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import partial

import numpy as np

from tempo.findtempo.check import Problem
from tempo.findtempo.figures import measure_figures
from tempo.findtempo.model import Candidate
from tempo.findtempo.nice import frame_click_label, nice_bpms
from tempo.findtempo.sweep import WEIGHT_TIE, Sweep, active_rows, exact_event_bpm

SHORTLIST_MAX = 4096
INSIDE_RELATIVE = 1e-11
ROUND_DECIMALS = 6


@dataclass(frozen=True)
class RankKey:
    """What candidates are ranked by (larger is better, except ``rms_seconds``)."""

    must_ok: bool
    weighted_hits: float
    near_weight: float
    rms_seconds: float
    centre_distance: float

    def sort_key(self) -> tuple[bool, float, float, float, float]:
        return (
            not self.must_ok,
            -round(self.weighted_hits, 7),
            -round(self.near_weight, 7),
            round(self.rms_seconds, 9),
            self.centre_distance,
        )


@dataclass(frozen=True)
class Ranked:
    """A ranked candidate and the sweep's own float scores at its tempo, per hit: whether
    it is caught, its grid index and its offset in seconds (for callers that rank further,
    such as the planner; reported figures come from the candidate)."""

    key: RankKey
    candidate: Candidate
    caught: np.ndarray
    grid_index: np.ndarray
    offset_seconds: np.ndarray


@dataclass(frozen=True)
class Scores:
    """Per-peak evaluation at the least-squares tempo (arrays of peaks x hits)."""

    bpm: np.ndarray
    caught: np.ndarray
    near: np.ndarray
    k: np.ndarray
    offset_seconds: np.ndarray
    weight: np.ndarray
    near_weight: np.ndarray
    rms_seconds: np.ndarray


def rank(problem: Problem, sweep_result: Sweep) -> list[Ranked]:
    """The best ``max_candidates`` peaks as candidates, best first."""
    if sweep_result.peaks.size == 0:
        return [_empty_candidate(problem)]
    chosen = _shortlist(problem, sweep_result)
    positions = sweep_result.peaks[chosen]
    active = active_rows(sweep_result, positions, problem.n_hits)
    lo = sweep_result.values[positions]
    hi = np.maximum(sweep_result.values[positions + 1], lo)
    rows = sweep_result.rows
    scores = evaluate(problem, rows.k_lo, rows.k_hi, active, lo, hi)
    must_ok = sweep_result.peak_must[chosen] == int(problem.must.sum())
    centre = math.sqrt(float(problem.min_bpm) * float(problem.max_bpm))
    centre_distance = np.round(np.abs(np.log(scores.bpm / centre)), 9)
    best = np.lexsort(
        (
            centre_distance,
            np.round(scores.rms_seconds, 9),
            -np.round(scores.near_weight, 7),
            -np.round(scores.weight, 7),
            ~must_ok,
        )
    )
    ranked = []
    for s in best[: problem.max_candidates].tolist():
        key = RankKey(
            must_ok=bool(must_ok[s]),
            weighted_hits=float(scores.weight[s]),
            near_weight=float(scores.near_weight[s]),
            rms_seconds=float(scores.rms_seconds[s]),
            centre_distance=float(centre_distance[s]),
        )
        interval = (
            exact_event_bpm(problem, rows, int(sweep_result.order[positions[s]])),
            exact_event_bpm(problem, rows, int(sweep_result.order[positions[s] + 1])),
        )
        ranked.append(_ranked(key, problem, scores, s, interval))
    return ranked


def _ranked(
    key: RankKey, problem: Problem, scores: Scores, s: int, interval: tuple[Fraction, Fraction]
) -> Ranked:
    candidate = build_candidate(problem, scores, s, interval)
    return Ranked(key, candidate, scores.caught[s], scores.k[s], scores.offset_seconds[s])


def _shortlist(problem: Problem, sweep_result: Sweep) -> np.ndarray:
    """Peak indices worth scoring: the ``max_candidates`` best by (must-hits, weight) and
    every peak tied with the last of them (near misses and RMS decide among those)."""
    must_ok = sweep_result.peak_must == int(problem.must.sum())
    key = sweep_result.peak_weight + must_ok * (float(problem.w.sum()) + 1.0)
    size = problem.max_candidates
    if key.size <= size:
        return np.arange(key.size)
    cut = float(np.partition(key, key.size - size)[key.size - size])
    chosen = np.flatnonzero(key >= cut - WEIGHT_TIE)
    if chosen.size > SHORTLIST_MAX:
        chosen = chosen[np.argsort(-key[chosen], kind="stable")[:SHORTLIST_MAX]]
    return chosen


def evaluate(
    problem: Problem,
    row_k_lo: np.ndarray,
    row_k_hi: np.ndarray,
    active: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> Scores:
    """Least-squares tempo per peak, then every hit's grid index and offset there.

    ``active`` (peaks x hits) holds the catching row of each hit or -1; a caught hit's
    grid index stays within its row's ``row_k_lo..row_k_hi``.
    """
    caught = active >= 0
    if caught.any():
        safe = np.maximum(active, 0)
        k_lo = np.where(caught, row_k_lo[safe], np.iinfo(np.int64).min)
        k_hi = np.where(caught, row_k_hi[safe], np.iinfo(np.int64).max)
    else:
        k_lo = np.full(active.shape, np.iinfo(np.int64).min)
        k_hi = np.full(active.shape, np.iinfo(np.int64).max)
    inside_lo, inside_hi = _inside(problem, lo, hi)
    bpm = 0.5 * (lo + hi)
    w_caught = np.where(caught, problem.w, 0.0)
    for _ in range(2):
        k = np.clip(_nearest_k(problem, bpm), k_lo, k_hi)
        beats = _grid_beats(problem, k)
        num = np.sum(w_caught * beats * problem.d_f, axis=1)
        den = np.sum(w_caught * beats * beats, axis=1)
        fitted = np.where(num > 0, 60.0 * den / np.where(num > 0, num, 1.0), bpm)
        bpm = np.clip(fitted, inside_lo, inside_hi)
    rounded = np.round(bpm, ROUND_DECIMALS)
    bpm = np.where((rounded >= inside_lo) & (rounded <= inside_hi), rounded, bpm)
    k = np.clip(_nearest_k(problem, bpm), k_lo, k_hi)
    offset = _grid_beats(problem, k) * (60.0 / bpm)[:, None]
    offset -= problem.d_f
    near_limit = float(problem.near_factor) * problem.tau_f
    near = ~caught & (np.abs(offset) <= near_limit)
    weight = w_caught.sum(axis=1)
    squares = np.sum(w_caught * offset * offset, axis=1)
    rms = np.sqrt(squares / np.where(weight > 0, weight, 1.0))
    near_weight = np.sum(np.where(near, problem.w, 0.0), axis=1)
    return Scores(bpm, caught, near, k, offset, weight, near_weight, rms)


def _inside(problem: Problem, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The interval pulled in a hair at ends where a hit sits exactly at its tolerance.

    Ends at the edge of the tempo range stay put. The hair (1e-11 relative) keeps a
    float tempo catching the same hits whichever way float rounding falls.
    """
    shrink = np.minimum(INSIDE_RELATIVE * hi, (hi - lo) / 2)
    at_min = lo <= float(problem.min_bpm)
    at_max = hi >= float(problem.max_bpm)
    return np.where(at_min, lo, lo + shrink), np.where(at_max, hi, hi - shrink)


def _grid_beats(problem: Problem, k: np.ndarray) -> np.ndarray:
    """Beats from the anchor of grid indices ``k`` (peaks x hits), ``k/g - P``, in float64.

    Computed as ``(k b - a)/(b g)`` with ``g P = a/b`` so the subtraction is exact.
    """
    return (k * problem.gp_den - problem.gp_num) / problem.gp_den_grid_f


def _nearest_k(problem: Problem, bpm: np.ndarray) -> np.ndarray:
    """Nearest grid index of every hit at each tempo (peaks x hits)."""
    pickup = float(problem.pickup_beats)
    beats = problem.d_f[None, :] * bpm[:, None] / 60.0
    return np.rint(problem.grid_f * (beats + pickup)).astype(np.int64)


def build_candidate(
    problem: Problem, scores: Scores, s: int, interval: tuple[Fraction, Fraction]
) -> Candidate:
    """The candidate for scored peak ``s`` with its exact interval; its figures are
    measured on its map when first read."""
    lo, hi = interval
    bpm = float(scores.bpm[s])
    if not lo <= Fraction(bpm) <= hi:
        bpm = float(min(max(Fraction(bpm), lo), hi))
    return Candidate(
        bpm=bpm,
        interval=(lo, hi),
        nice_bpms=nice_bpms(lo, hi, bpm, problem.fps),
        frame_click=None if problem.fps is None else frame_click_label(lo, hi, bpm, problem.fps),
        exact_bpm=min(max(Fraction(repr(bpm)), lo), hi),
        measure=partial(measure_figures, problem),
    )


def _empty_candidate(problem: Problem) -> Ranked:
    """The whole range when no tempo in it catches any hit."""
    lo, hi = problem.min_bpm, problem.max_bpm
    active = np.full((1, problem.n_hits), -1, dtype=np.int64)
    centre = math.sqrt(float(lo) * float(hi))
    no_rows = np.zeros(0, dtype=np.int64)
    scores = evaluate(problem, no_rows, no_rows, active, np.array([centre]), np.array([centre]))
    key = RankKey(
        must_ok=not problem.must.any(),
        weighted_hits=0.0,
        near_weight=float(scores.near_weight[0]),
        rms_seconds=0.0,
        centre_distance=0.0,
    )
    return _ranked(key, problem, scores, 0, (lo, hi))
