"""Checks a Find Tempo request and turns it into exact values plus NumPy arrays.

Every problem a user can cause raises ``FindTempoError`` with what is wrong, which hit,
and what to do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tempo.common.errors import FindTempoError, TempoError
from tempo.common.exact import WEIGHT, to_fraction
from tempo.findtempo.model import FindTempoRequest, HitSpec
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import MAX_NUMERATOR, Meter

MAX_INTERVALS = 4_000_000
EXACT_PRODUCTS = 1 << 26
"""Numerators and denominators below this give exact float64 cross products."""


@dataclass(frozen=True)
class Problem:
    """A checked request: exact per-hit values and their float64 copies.

    ``d``, ``tau`` and ``grid`` are seconds from the anchor, tolerance seconds and grid
    positions per beat; ``w`` the weights; ``must`` the must-hit flags. ``plus_f`` and
    ``minus_f`` are ``d + tau`` and ``d - tau`` correctly rounded (``minus_f`` is 1 where
    ``d <= tau``). ``meter`` and ``beat_unit`` shape the map a candidate is measured on
    (see ``FindTempoRequest``).
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
    min_bpm: Fraction
    max_bpm: Fraction
    pickup_beats: Fraction
    fps: Fraction | None
    near_factor: Fraction
    max_candidates: int
    meter: Meter
    beat_unit: BeatUnit

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
    if isinstance(value, str):
        return to_fraction(value, what=what, error=FindTempoError)
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
    meter, unit = _measuring_meter(request, grid)
    problem = _make_problem(
        hits,
        d,
        tau,
        grid,
        Settings(min_bpm, max_bpm, pickup, fps, near_factor, request.max_candidates, meter, unit),
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
    meter: Meter
    beat_unit: BeatUnit


def restrict(
    problem: Problem,
    indices: list[int],
    shift_seconds: Fraction,
    *,
    pickup_beats: Fraction,
    max_candidates: int,
) -> Problem:
    """The checked problem for hits ``indices`` only, timed from ``shift_seconds``, with
    the grid origin ``pickup_beats`` (0 or more) before that time.

    The frame rate is dropped. The hits must not fall before ``shift_seconds`` (the caller
    has checked it).
    """
    grid = tuple(problem.grid[i] for i in indices)
    settings = Settings(
        problem.min_bpm,
        problem.max_bpm,
        pickup_beats,
        None,
        problem.near_factor,
        max_candidates,
        problem.meter,
        problem.beat_unit,
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
    gps = [g * pickup for g in grid] if pickup else None
    d_f, tau_f, plus_f, minus_f = _floats(d, tau)
    grid_f = np.array([g.numerator / g.denominator for g in grid])
    if gps is None:
        gp_num = np.zeros(len(grid), dtype=np.int64)
        gp_den = np.ones(len(grid), dtype=np.int64)
        gp_den_grid_f = grid_f
    else:
        gp_num = np.array([x.numerator for x in gps], dtype=np.int64)
        gp_den = np.array([x.denominator for x in gps], dtype=np.int64)
        gp_den_grid_f = np.array([float(x.denominator * g) for x, g in zip(gps, grid, strict=True)])
    return Problem(
        hits=hits,
        d=d,
        tau=tau,
        grid=grid,
        d_f=d_f,
        tau_f=tau_f,
        grid_f=grid_f,
        w=np.array([float(h.weight) for h in hits]),
        must=np.array([bool(h.must_hit) for h in hits], dtype=bool),
        plus_f=plus_f,
        minus_f=minus_f,
        gp_num=gp_num,
        gp_den=gp_den,
        gp_den_grid_f=gp_den_grid_f,
        min_bpm=settings.min_bpm,
        max_bpm=settings.max_bpm,
        pickup_beats=settings.pickup_beats,
        fps=settings.fps,
        near_factor=settings.near_factor,
        max_candidates=settings.max_candidates,
        meter=settings.meter,
        beat_unit=settings.beat_unit,
    )


def _floats(
    d: tuple[Fraction, ...], tau: tuple[Fraction, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``d``, ``tau``, ``d + tau`` and ``d - tau`` (1 where not positive), each correctly
    rounded to float64.

    With every numerator and denominator below ``2**26`` the cross products are exact in
    float64, so one float division rounds correctly; otherwise Python integers do it.
    """
    d_num, d_den = [x.numerator for x in d], [x.denominator for x in d]
    first = tau[0]
    if all(t is first for t in tau):
        t_num, t_den = [first.numerator] * len(tau), [first.denominator] * len(tau)
    else:
        t_num, t_den = [t.numerator for t in tau], [t.denominator for t in tau]
    if max(max(d_num), max(d_den), max(t_num), max(t_den)) < EXACT_PRODUCTS:
        dn, dd = np.array(d_num, dtype=np.float64), np.array(d_den, dtype=np.float64)
        tn, td = np.array(t_num, dtype=np.float64), np.array(t_den, dtype=np.float64)
        den = dd * td
        cross = tn * dd
        above = dn * td
        below = above - cross
        minus = np.divide(below, den, out=np.ones_like(den), where=below > 0)
        return dn / dd, tn / td, (above + cross) / den, minus
    plus, minus_list = [], []
    for x_num, x_den, t_n, t_d in zip(d_num, d_den, t_num, t_den, strict=True):
        den_int = x_den * t_d
        plus.append((x_num * t_d + t_n * x_den) / den_int)
        below_int = x_num * t_d - t_n * x_den
        minus_list.append(below_int / den_int if below_int > 0 else 1.0)
    return (
        np.array([n / q for n, q in zip(d_num, d_den, strict=True)]),
        np.array([n / q for n, q in zip(t_num, t_den, strict=True)]),
        np.array(plus),
        np.array(minus_list),
    )


def _measuring_meter(
    request: FindTempoRequest, grid: tuple[Fraction, ...]
) -> tuple[Meter, BeatUnit]:
    """The meter and beat unit of the map candidates are measured on: the request's, or
    bars of quarter beats in which every grid position is a line."""
    try:
        if request.meter is not None:
            meter = Meter.parse(request.meter)
            unit = request.beat_unit or meter.default_beat_unit()
            return meter, BeatUnit.parse(unit)
    except TempoError as error:
        raise FindTempoError(f"the request's meter or beat unit: {error}") from None
    beats = math.lcm(*(g.denominator for g in grid))
    if beats > MAX_NUMERATOR:
        raise FindTempoError(
            f"the hits' grids share no bar of at most {MAX_NUMERATOR} beats (the shortest is "
            f"{beats}): give the request a meter"
        )
    return Meter((beats,), 4), BeatUnit.QUARTER


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
    """Every hit's time, tolerance and grid as Fractions; a ``FindTempoError`` names the
    first hit with a bad value."""
    seconds = tuple(h.seconds for h in hits)
    grids = tuple(h.grid for h in hits)
    weights = [h.weight for h in hits]
    plain = (
        all(type(x) is Fraction and x.numerator >= 0 for x in seconds)
        and all(type(g) is Fraction and g.numerator > 0 for g in grids)
        and all(h.tolerance_seconds is None for h in hits)
        and all(type(w) is float for w in weights)
    )
    if plain:
        w = np.array(weights)
        if bool(np.all((w > float(WEIGHT.low)) & (w <= float(WEIGHT.high)))):
            return seconds, (tolerance,) * len(hits), grids
    d, tau, grid = [], [], []
    for index, hit in enumerate(hits):
        x, g, t = _check_hit(hit, index, tolerance)
        d.append(x)
        tau.append(t)
        grid.append(g)
    return tuple(d), tuple(tau), tuple(grid)


def _check_hit(
    hit: HitSpec, index: int, tolerance: Fraction
) -> tuple[Fraction, Fraction, Fraction]:
    """One hit's time, grid and tolerance, or a ``FindTempoError`` saying what is wrong."""
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
    return seconds, g, t


def _hit_value(hit: HitSpec, index: int, value: object, what: str) -> Fraction:
    if type(value) is Fraction:
        return value
    return exact(value, f"the {what} of hit {hit_name(hit, index)}")


def _check_weight(hit: HitSpec, index: int) -> None:
    weight = hit.weight
    if isinstance(weight, bool) or not isinstance(weight, int | float | Fraction):
        raise FindTempoError(
            f"hit {hit_name(hit, index)} has weight {weight!r}: give a number {WEIGHT.text}"
        )
    if not math.isfinite(weight) or not WEIGHT.holds(weight):
        raise FindTempoError(
            f"hit {hit_name(hit, index)} has weight {weight}: weights must be {WEIGHT.text} "
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
