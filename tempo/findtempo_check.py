"""Checks a Find Tempo request and turns it into exact values plus NumPy arrays.

Every problem a user can cause raises ``FindTempoError`` with what is wrong, which hit,
and what to do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tempo.errors import FindTempoError
from tempo.findtempo_model import FindTempoRequest, HitSpec

MAX_INTERVALS = 4_000_000


@dataclass(frozen=True)
class Problem:
    """A checked request: exact per-hit values and their float64 copies.

    ``d``, ``tau`` and ``grid`` are seconds from the anchor, tolerance seconds and grid
    positions per beat; ``w`` the weights; ``must`` the must-hit flags.
    """

    hits: tuple[HitSpec, ...]
    d: tuple[Fraction, ...]
    tau: tuple[Fraction, ...]
    grid: tuple[Fraction, ...]
    d_f: np.ndarray
    tau_f: np.ndarray
    grid_f: np.ndarray
    w: np.ndarray
    must: np.ndarray
    plus_f: np.ndarray
    minus_f: np.ndarray
    gp_num: np.ndarray
    gp_den: np.ndarray
    gp_den_grid_f: np.ndarray
    d_plus: tuple[Fraction, ...]
    d_minus: tuple[Fraction, ...]
    min_bpm: Fraction
    max_bpm: Fraction
    pickup_beats: Fraction
    fps: Fraction | None
    near_factor: Fraction
    max_candidates: int

    @property
    def n_hits(self) -> int:
        return len(self.hits)


def hit_name(hit: HitSpec, index: int) -> str:
    """Names a hit for messages: its label in quotes, else its 1-based number."""
    return f"'{hit.label}'" if hit.label else f"{index + 1}"


def format_seconds(seconds: Fraction | float) -> str:
    """Formats seconds for a message: ``-0.5``, ``12.042``."""
    return format(float(seconds), ".6g")


def exact(value: object, what: str) -> Fraction:
    """Converts an int, Fraction, decimal string or finite float to an exact Fraction."""
    if isinstance(value, bool):
        raise FindTempoError(f"{what} must be a number, not {value!r}")
    try:
        return Fraction(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        raise FindTempoError(
            f"{what} must be a finite number (got {value!r}): give seconds, BPM or beats "
            "as an integer, a fraction or a decimal"
        ) from None


def check_request(request: FindTempoRequest) -> Problem:
    """Validates ``request`` and returns its exact and float64 form."""
    hits = tuple(request.hits)
    if not hits:
        raise FindTempoError("no hits to fit: add hits to the cue first")
    tolerance = exact(request.tolerance_seconds, "the tolerance")
    if tolerance <= 0:
        raise FindTempoError(
            f"tolerance of {format_seconds(tolerance)} s is not greater than 0: give a "
            "tolerance such as one frame (1/24 s at 24 fps)"
        )
    min_bpm, max_bpm = _check_range(request)
    fps = None if request.fps is None else exact(request.fps, "the frame rate")
    if fps is not None and fps <= 0:
        raise FindTempoError(f"frame rate {float(fps):g} fps is not greater than 0")
    near_factor = exact(request.near_factor, "the near factor")
    if near_factor < 1:
        raise FindTempoError(
            f"near factor {float(near_factor):g} is below 1: a near miss lies within "
            "near_factor x tolerance, so use 1 (no near misses) or more"
        )
    pickup = exact(request.pickup_beats, "the pickup")
    if pickup < 0:
        raise FindTempoError(f"pickup of {float(pickup):g} beats is negative: give 0 or more beats")
    if not isinstance(request.max_candidates, int) or request.max_candidates < 1:
        raise FindTempoError(
            f"max_candidates is {request.max_candidates!r}: ask for at least 1 candidate"
        )
    d, tau, grid = _check_hits(hits, tolerance)
    problem = _make_problem(
        hits,
        d,
        tau,
        grid,
        Settings(min_bpm, max_bpm, pickup, fps, near_factor, request.max_candidates),
    )
    _check_size(problem)
    return problem


@dataclass(frozen=True)
class Settings:
    """The request-wide values of a problem."""

    min_bpm: Fraction
    max_bpm: Fraction
    pickup_beats: Fraction
    fps: Fraction | None
    near_factor: Fraction
    max_candidates: int


def restrict(
    problem: Problem,
    indices: list[int],
    shift_seconds: Fraction,
    *,
    min_grid: Fraction,
    max_candidates: int,
) -> Problem:
    """The checked problem for hits ``indices`` only, timed from ``shift_seconds``.

    Grids below ``min_grid`` are raised to it; the pickup and frame rate are dropped. The
    hits must not fall before ``shift_seconds`` (the caller has checked it).
    """
    grid = tuple(max(problem.grid[i], min_grid) for i in indices)
    pickup, fps = Fraction(0), None
    settings = Settings(
        problem.min_bpm, problem.max_bpm, pickup, fps, problem.near_factor, max_candidates
    )
    return _make_problem(
        tuple(problem.hits[i] for i in indices),
        tuple(problem.d[i] - shift_seconds for i in indices),
        tuple(problem.tau[i] for i in indices),
        grid,
        settings,
    )


def _make_problem(
    hits: tuple[HitSpec, ...],
    d: tuple[Fraction, ...],
    tau: tuple[Fraction, ...],
    grid: tuple[Fraction, ...],
    settings: Settings,
) -> Problem:
    pickup = settings.pickup_beats
    gps = [g * pickup for g in grid] if pickup else [Fraction(0)] * len(grid)
    d_plus = tuple(x + t for x, t in zip(d, tau, strict=True))
    d_minus = tuple(x - t for x, t in zip(d, tau, strict=True))
    return Problem(
        hits=hits,
        d=d,
        tau=tau,
        grid=grid,
        d_f=np.array([float(x) for x in d]),
        tau_f=np.array([float(x) for x in tau]),
        grid_f=np.array([float(x) for x in grid]),
        w=np.array([float(h.weight) for h in hits]),
        must=np.array([bool(h.must_hit) for h in hits], dtype=bool),
        plus_f=np.array([float(x) for x in d_plus]),
        minus_f=np.array([float(x) if x > 0 else 1.0 for x in d_minus]),
        gp_num=np.array([x.numerator for x in gps], dtype=np.int64),
        gp_den=np.array([x.denominator for x in gps], dtype=np.int64),
        gp_den_grid_f=np.array([float(x.denominator * g) for x, g in zip(gps, grid, strict=True)]),
        d_plus=d_plus,
        d_minus=d_minus,
        min_bpm=settings.min_bpm,
        max_bpm=settings.max_bpm,
        pickup_beats=settings.pickup_beats,
        fps=settings.fps,
        near_factor=settings.near_factor,
        max_candidates=settings.max_candidates,
    )


def _check_range(request: FindTempoRequest) -> tuple[Fraction, Fraction]:
    min_bpm = exact(request.min_bpm, "the minimum tempo")
    max_bpm = exact(request.max_bpm, "the maximum tempo")
    if min_bpm <= 0:
        raise FindTempoError(
            f"minimum tempo {float(min_bpm):g} BPM is not greater than 0: give a positive "
            "minimum such as 40 BPM"
        )
    if min_bpm >= max_bpm:
        raise FindTempoError(
            f"tempo range {float(min_bpm):g}-{float(max_bpm):g} BPM is empty: the minimum "
            "must be below the maximum"
        )
    return min_bpm, max_bpm


def _check_hits(
    hits: tuple[HitSpec, ...], tolerance: Fraction
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...], tuple[Fraction, ...]]:
    d: list[Fraction] = []
    tau: list[Fraction] = []
    grid: list[Fraction] = []
    for index, hit in enumerate(hits):
        seconds = _hit_value(hit, index, hit.seconds, "time")
        if seconds < 0:
            raise FindTempoError(
                f"hit {hit_name(hit, index)} at {format_seconds(seconds)} s falls before the "
                "downbeat: choose an earlier downbeat or remove the hit"
            )
        _check_weight(hit, index)
        g = _hit_value(hit, index, hit.grid, "grid")
        if g <= 0:
            raise FindTempoError(
                f"hit {hit_name(hit, index)} has grid {g}: the grid must be greater than 0 "
                "(1 = beats, 2 = eighths, 1/4 = bar lines in 4/4)"
            )
        own = hit.tolerance_seconds
        t = tolerance if own is None else _hit_value(hit, index, own, "tolerance")
        if t <= 0:
            raise FindTempoError(
                f"hit {hit_name(hit, index)} has a tolerance of {format_seconds(t)} s: a "
                "tolerance must be greater than 0 (leave it unset to use the request's tolerance)"
            )
        d.append(seconds)
        tau.append(t)
        grid.append(g)
    return tuple(d), tuple(tau), tuple(grid)


def _hit_value(hit: HitSpec, index: int, value: object, what: str) -> Fraction:
    if type(value) is Fraction:
        return value
    return exact(value, f"the {what} of hit {hit_name(hit, index)}")


def _check_weight(hit: HitSpec, index: int) -> None:
    weight = hit.weight
    if isinstance(weight, bool) or not isinstance(weight, int | float | Fraction):
        raise FindTempoError(
            f"hit {hit_name(hit, index)} has weight {weight!r}: give a number above 0"
        )
    if not weight > 0 or not math.isfinite(weight):
        raise FindTempoError(
            f"hit {hit_name(hit, index)} has weight {weight}: weights must be greater than 0 "
            "(1 for an ordinary hit, more for an important one)"
        )


def _check_size(problem: Problem) -> None:
    """Refuses requests whose tempo intervals would not fit in memory."""
    per_hit = problem.grid_f * (
        float(problem.max_bpm) * (problem.d_f + problem.tau_f)
        - float(problem.min_bpm) * (problem.d_f - problem.tau_f)
    )
    if float(np.sum(per_hit)) / 60.0 > MAX_INTERVALS:
        raise FindTempoError(
            "these hits, grids and tempo range give too many tempo intervals to search: "
            "narrow the tempo range, use a coarser grid or split the cue"
        )
