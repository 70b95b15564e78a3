"""Recognising ramps in a MIDI file's tempo steps.

A sequencer writes an accelerando or ritardando as a run of short constant steps. Given
the steps' lengths (quarters) and tempos (microseconds per quarter), :func:`fit_ramp`
finds a tempo ramp, linear in beats or linear in time, whose beats land on every step
boundary within a tolerance, or says there is none. The ramp's length in seconds is held
to the run's written length, so whatever follows the ramp stays where the file has it.

Start and end tempos are offered as round numbers when the round numbers still fit
(within a quarter of the tolerance): a ramp written from 120 to 90 BPM reads back as
120 to 90, not 119.9996 to 90.0003.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from tempo.common.errors import TempoError
from tempo.map.beatunit import BeatUnit
from tempo.map.ramps import RampShape, end_bpm_for_duration, seconds_at_beat_array

if TYPE_CHECKING:
    import numpy as np

__all__ = ["RampFit", "fit_ramp"]

_SHAPES = (RampShape.LINEAR_BEATS, RampShape.LINEAR_TIME)
_GOLDEN = (math.sqrt(5) - 1) / 2


@dataclass(frozen=True)
class RampFit:
    """A ramp over ``beats`` beats of the unit from ``start_bpm`` to ``end_bpm`` that lands
    on every step boundary within ``max_error_seconds``."""

    shape: RampShape
    start_bpm: Fraction
    end_bpm: Fraction
    beats: Fraction
    max_error_seconds: float


@dataclass(frozen=True)
class _Run:
    beats: Fraction
    seconds: Fraction
    boundary_beats: np.ndarray
    boundary_seconds: np.ndarray
    averages: list[float]


def _run(step_quarters: Sequence[Fraction], step_us: Sequence[int], unit: BeatUnit) -> _Run:
    """The run's exact length in beats and seconds and its float boundaries, computed over
    one common denominator in integers (a run may hold thousands of steps)."""
    import numpy as np

    quarters = [Fraction(q) for q in step_quarters]
    common = math.lcm(*(q.denominator for q in quarters))
    ticks = [q.numerator * (common // q.denominator) for q in quarters]
    unit_num, unit_den = unit.quarters.numerator, unit.quarters.denominator
    # beats of a step: ticks / common / unit; seconds: ticks / common * us / 1e6
    beats = [t * unit_den / (common * unit_num) for t in ticks]
    seconds = [t * us / (common * 1_000_000) for t, us in zip(ticks, step_us, strict=True)]
    return _Run(
        Fraction(sum(ticks) * unit_den, common * unit_num),
        Fraction(sum(t * us for t, us in zip(ticks, step_us, strict=True)), common * 1_000_000),
        np.cumsum(beats),
        np.cumsum(seconds),
        [60 * b / s for b, s in zip(beats, seconds, strict=True)],
    )


def fit_ramp(
    step_quarters: Sequence[Fraction],
    step_us: Sequence[int],
    unit: BeatUnit,
    *,
    tolerance_seconds: float = 0.001,
) -> RampFit | None:
    """The ramp through a run of at least three tempo steps, or ``None`` when neither
    shape lands every step boundary within ``tolerance_seconds``.

    ``step_quarters`` are the steps' lengths, ``step_us`` their microseconds per quarter;
    tempos in the answer are BPM of ``unit``.
    """
    if len(step_quarters) < 3 or len(step_quarters) != len(step_us):
        return None
    run = _run(step_quarters, step_us, unit)
    fits = [fit for shape in _SHAPES if (fit := _fit_shape(run, shape, tolerance_seconds))]
    if not fits:
        return None
    return min(fits, key=lambda fit: fit.max_error_seconds)


def _error(run: _Run, shape: RampShape, start: Fraction, end: Fraction) -> float:
    import numpy as np

    predicted = seconds_at_beat_array(
        run.boundary_beats, shape=shape, start_bpm=start, end_bpm=end, length_beats=run.beats
    )
    return float(np.max(np.abs(predicted - run.boundary_seconds)))


def _end_for(run: _Run, shape: RampShape, start: Fraction) -> Fraction | None:
    try:
        end = end_bpm_for_duration(
            shape=shape, start_bpm=start, length_beats=run.beats, seconds=run.seconds
        )
    except TempoError:
        return None
    return Fraction(end)


def _error_for_start(run: _Run, shape: RampShape, start: float) -> float:
    if start <= 0:
        return math.inf
    first = Fraction(start)
    end = _end_for(run, shape, first)
    return math.inf if end is None else _error(run, shape, first, end)


def _fit_shape(run: _Run, shape: RampShape, tolerance: float) -> RampFit | None:
    a0, a1 = run.averages[0], run.averages[1]
    guess = a0 - (a1 - a0) / 2
    width = max(2 * abs(a1 - a0), 1e-3 * abs(a0))
    low, high = guess - width, guess + width
    inner_low, inner_high = high - _GOLDEN * (high - low), low + _GOLDEN * (high - low)
    error_low = _error_for_start(run, shape, inner_low)
    error_high = _error_for_start(run, shape, inner_high)
    for _ in range(60):
        if error_low <= error_high:
            high, inner_high, error_high = inner_high, inner_low, error_low
            inner_low = high - _GOLDEN * (high - low)
            error_low = _error_for_start(run, shape, inner_low)
        else:
            low, inner_low, error_low = inner_low, inner_high, error_high
            inner_high = low + _GOLDEN * (high - low)
            error_high = _error_for_start(run, shape, inner_high)
    best = (low + high) / 2
    return _nicest(run, shape, best, tolerance)


def _nicest(run: _Run, shape: RampShape, start: float, tolerance: float) -> RampFit | None:
    """The fit with the roundest tempos that still lands within tolerance."""
    end = _end_for(run, shape, Fraction(start))
    if end is None:
        return None
    for digits in range(4):
        nice_start = Fraction(str(round(start, digits)))
        nice_end = Fraction(str(round(float(end), digits)))
        if nice_start <= 0 or nice_end <= 0 or nice_start == nice_end:
            continue
        error = _error(run, shape, nice_start, nice_end)
        if error <= tolerance / 4:
            return RampFit(shape, nice_start, nice_end, run.beats, error)
    exact_start = Fraction(str(round(start, 6)))
    exact_end = _end_for(run, shape, exact_start)
    if exact_end is None or exact_end == exact_start:
        return None
    exact_end = exact_end.limit_denominator(10**9)
    error = _error(run, shape, exact_start, exact_end)
    if error > tolerance:
        return None
    return RampFit(shape, exact_start, exact_end, run.beats, error)
