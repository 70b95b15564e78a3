"""Tempo ramp formulas: where the beats of a ramp fall in time, and back.

Every function works inside one segment: ``beat`` counts beats of the segment's beat unit
from the segment start (0 at the start, ``length_beats`` at the end), ``seconds`` counts
from the segment start, tempos are BPM of the beat unit. The shapes:

``CONSTANT``
    t(b) = 60 b / T0. Exact.
``LINEAR_BEATS`` (tempo linear in beats, T(b) = T0 + (T1 - T0) b / B)
    t(b) = 60 B / (T1 - T0) ln(T(b) / T0), D = 60 B ln(T1 / T0) / (T1 - T0),
    b(t) = T0 B / (T1 - T0) (exp(t (T1 - T0) / (60 B)) - 1). Floats; the T1 -> T0 limit
    is taken with ``log1p`` / ``expm1`` and their series below ``SERIES_BELOW``, never a
    division by zero. The end tempo for a given duration is solved by Newton's method (on
    arrays, so the Find Tempo planner solves many ramps at once) to about 1e-13 relative.
``LINEAR_TIME`` (tempo linear in time over D seconds)
    beats(t) = (T0 t + (T1 - T0) t^2 / (2 D)) / 60 with D = 120 B / (T0 + T1), so the
    duration, the end tempo for a duration (T1 = 120 B / D - T0) and beats at exact
    seconds are exact; seconds at a beat need a square root and are floats.
``LINEAR_PERIOD`` (click period linear in beats, the frame-click ramp)
    Beat k of the ramp (k = 0, 1, ...) lasts p_k = p0 + k d seconds, p0 = 60 / T0, and
    p0 + B d = 60 / T1: the end tempo is the tempo of the beat that *follows* the ramp, so
    12-0 to 10-0 over 8 beats clicks 12-0, 11-6, ..., 10-2 and the next segment carries on
    at 10-0. Click n falls at t_n = n p0 + d n (n - 1) / 2; a fraction of a beat is that
    fraction of its click period. Everything is exact, including the end tempo for a
    duration.

:func:`seconds_at_beat` and :func:`beat_at_seconds` have NumPy forms (``..._array``) for
many beats or seconds at once. Their tempos and length are either one ramp's
(``Fraction``) or float64 arrays that broadcast with the beats or seconds (many ramps at
once, as the Find Tempo planner scores them; not for ``LINEAR_PERIOD``), and
:func:`end_bpm_for_duration_array` solves many ramps' end tempos at once. Past the beat
where a slowing ``LINEAR_BEATS`` or ``LINEAR_TIME`` ramp, carried on, would reach 0 BPM,
the time is ``inf``, in both forms.

>>> duration_seconds(shape=RampShape.LINEAR_TIME, start_bpm=Fraction(60), end_bpm=Fraction(120),
...                  length_beats=Fraction(6))
Fraction(4, 1)
>>> round(seconds_at_beat(Fraction(4), shape=RampShape.LINEAR_BEATS, start_bpm=Fraction(60),
...                       end_bpm=Fraction(120), length_beats=Fraction(4)), 6)
2.772589
"""

from __future__ import annotations

import math
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias

from tempo.common.errors import TempoError
from tempo.common.exact import BPM, Number, format_fraction

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray: TypeAlias = npt.NDArray[np.float64]
    RampArrayParam: TypeAlias = Fraction | FloatArray
    """A tempo or length for the array forms: one ramp's (exact) or one per element
    (float64)."""

__all__ = [
    "MAX_BPM",
    "RampShape",
    "beat_at_seconds",
    "beat_at_seconds_array",
    "bpm_at_beat",
    "duration_seconds",
    "end_bpm_for_duration",
    "end_bpm_for_duration_array",
    "length_beats_for_duration",
    "seconds_at_beat",
    "seconds_at_beat_array",
]

MAX_BPM = BPM.high
"""Fastest tempo a segment may have, in beats per minute (see :data:`tempo.common.exact.BPM`)."""

SERIES_BELOW = 1e-5
"""Below this |x|, log1p(x)/x and expm1(x)/x come from their series (error < 1e-20), in
the scalar and the array forms alike."""

NEWTON_STEPS = 60
"""Most Newton steps of the tempo-linear-in-beats end-tempo solver; it stops once a step
is below 1e-13 relative, after at most 6 for ramps within a factor of 20 and 16 for a
factor of a million."""


class RampShape(Enum):
    """How the tempo moves across a segment."""

    CONSTANT = "constant"
    LINEAR_BEATS = "linear_beats"
    LINEAR_TIME = "linear_time"
    LINEAR_PERIOD = "linear_period"

    @property
    def json_name(self) -> str:
        """Name written to project files: ``constant``, ``linear_beats`` ..."""
        return self.value

    @property
    def text(self) -> str:
        """Description for prose and menus."""
        return _SHAPE_TEXT[self]

    @classmethod
    def parse(cls, text: str | RampShape) -> RampShape:
        """Reads ``constant``, ``linear_beats``, ``linear-time``, ``linear period`` ...;
        also the short forms ``beats``, ``time`` and ``period``."""
        if isinstance(text, RampShape):
            return text
        key = "_".join(str(text).strip().lower().replace("-", " ").replace("_", " ").split())
        key = {"beats": "linear_beats", "time": "linear_time", "period": "linear_period"}.get(
            key, key
        )
        try:
            return cls(key)
        except ValueError:
            raise TempoError(
                f"unknown ramp shape {text!r}: use constant, linear_beats, linear_time or "
                "linear_period"
            ) from None


_SHAPE_TEXT = {
    RampShape.CONSTANT: "constant",
    RampShape.LINEAR_BEATS: "tempo linear in beats",
    RampShape.LINEAR_TIME: "tempo linear in time",
    RampShape.LINEAR_PERIOD: "click period linear in beats",
}


def seconds_at_beat(
    beat: Number,
    *,
    shape: RampShape,
    start_bpm: Fraction,
    end_bpm: Fraction | None,
    length_beats: Fraction | None,
) -> Number:
    """Seconds from the segment start to ``beat`` beats into it.

    Exact (``Fraction``) for exact ``beat`` with ``CONSTANT`` and ``LINEAR_PERIOD``;
    a float otherwise.
    """
    if shape is RampShape.CONSTANT or (beat == 0 and not isinstance(beat, float)):
        return beat * 60 / start_bpm
    t0, t1, length = _ramp_args(shape, start_bpm, end_bpm, length_beats)
    if shape is RampShape.LINEAR_BEATS:
        x = float((t1 - t0) / (length * t0)) * float(beat)
        if x <= -1.0:
            return math.inf
        return 60.0 * float(beat) / float(t0) * _log1p_over(x)
    if shape is RampShape.LINEAR_TIME:
        inner = float(t0) ** 2 + float(t1**2 - t0**2) * float(beat) / float(length)
        if inner < 0.0:
            return math.inf
        return 120.0 * float(beat) / (float(t0) + math.sqrt(inner))
    p0, step = _periods(t0, t1, length)
    if isinstance(beat, float):
        p0, step = float(p0), float(step)  # type: ignore[assignment]
    k = math.floor(beat)
    return k * p0 + step * k * (k - 1) / 2 + (beat - k) * (p0 + k * step)


def beat_at_seconds(
    seconds: Number,
    *,
    shape: RampShape,
    start_bpm: Fraction,
    end_bpm: Fraction | None,
    length_beats: Fraction | None,
) -> Number:
    """Beats from the segment start at ``seconds`` into it (inverse of
    :func:`seconds_at_beat`).

    Exact for exact ``seconds`` with ``CONSTANT``, ``LINEAR_TIME`` and ``LINEAR_PERIOD``;
    a float for ``LINEAR_BEATS``.
    """
    if shape is RampShape.CONSTANT or (seconds == 0 and not isinstance(seconds, float)):
        return seconds * start_bpm / 60
    t0, t1, length = _ramp_args(shape, start_bpm, end_bpm, length_beats)
    if shape is RampShape.LINEAR_BEATS:
        y = float(seconds) * float((t1 - t0) / (60 * length))
        return float(t0) * float(seconds) / 60.0 * _expm1_over(y)
    if shape is RampShape.LINEAR_TIME:
        accel = (t1**2 - t0**2) / (120 * length)
        if isinstance(seconds, float):
            return (float(t0) * seconds + float(accel) * seconds**2 / 2) / 60
        return (t0 * seconds + accel * seconds**2 / 2) / 60
    return _period_beat_at(seconds, t0, t1, length)


def duration_seconds(
    *, shape: RampShape, start_bpm: Fraction, end_bpm: Fraction | None, length_beats: Fraction
) -> Number:
    """Length of a segment of ``length_beats`` beats in seconds.

    Exact for ``CONSTANT``, ``LINEAR_TIME`` (D = 120 B / (T0 + T1)) and ``LINEAR_PERIOD``;
    a float for ``LINEAR_BEATS``.
    """
    if shape is RampShape.LINEAR_TIME:
        t0, t1, length = _ramp_args(shape, start_bpm, end_bpm, length_beats)
        return 120 * length / (t0 + t1)
    return seconds_at_beat(
        length_beats, shape=shape, start_bpm=start_bpm, end_bpm=end_bpm, length_beats=length_beats
    )


def length_beats_for_duration(
    *, shape: RampShape, start_bpm: Number, end_bpm: Number, seconds: Number
) -> Number:
    """Beats a segment from ``start_bpm`` to ``end_bpm`` spans in ``seconds`` (the inverse
    of :func:`duration_seconds` in the length).

    Exact for exact arguments with ``CONSTANT`` (B = D T0 / 60) and ``LINEAR_TIME``
    (B = D (T0 + T1) / 120); a float for ``LINEAR_BEATS``
    (B = D (T1 - T0) / (60 ln(T1 / T0))). A ``LINEAR_PERIOD`` ramp's click period depends
    on its length, so it has no such inverse here.
    """
    if shape is RampShape.CONSTANT:
        return seconds * start_bpm / 60
    if shape is RampShape.LINEAR_TIME:
        return seconds * (start_bpm + end_bpm) / 120
    if shape is RampShape.LINEAR_BEATS:
        x = float((end_bpm - start_bpm) / start_bpm)
        return float(seconds) * float(start_bpm) / (60.0 * _log1p_over(x))
    raise TempoError("a click-period ramp's length follows from its clicks, not its duration")


def bpm_at_beat(
    beat: Number,
    *,
    shape: RampShape,
    start_bpm: Fraction,
    end_bpm: Fraction | None,
    length_beats: Fraction | None,
) -> Number:
    """Tempo (BPM of the beat unit) at ``beat`` beats into the segment.

    Exact for ``CONSTANT``, ``LINEAR_BEATS`` and ``LINEAR_PERIOD`` (whose tempo holds
    for each click period); a float inside a ``LINEAR_TIME`` ramp.
    """
    if shape is RampShape.CONSTANT:
        return start_bpm
    t0, t1, length = _ramp_args(shape, start_bpm, end_bpm, length_beats)
    if shape is RampShape.LINEAR_BEATS:
        return t0 + (t1 - t0) * beat / length
    if shape is RampShape.LINEAR_TIME:
        if beat == 0 or beat == length:
            return t0 if beat == 0 else t1
        return math.sqrt(float(t0) ** 2 + float(t1**2 - t0**2) * float(beat) / float(length))
    p0, step = _periods(t0, t1, length)
    return 60 / (p0 + math.floor(beat) * step)


def end_bpm_for_duration(
    *, shape: RampShape, start_bpm: Fraction, length_beats: Fraction, seconds: Fraction
) -> Number:
    """End tempo that makes a ramp of ``length_beats`` beats from ``start_bpm`` last
    ``seconds``.

    Exact for ``LINEAR_TIME`` and ``LINEAR_PERIOD``; a float for ``LINEAR_BEATS``
    (bisection, monotone). Raises :class:`TempoError` when no end tempo in the range of
    :data:`tempo.common.exact.BPM` does it.
    """
    if seconds <= 0 or length_beats <= 0:
        raise TempoError(
            f"a ramp needs a positive length in beats and in seconds, got "
            f"{format_fraction(Fraction(length_beats))} beats in {float(seconds):g} s"
        )
    if shape is RampShape.LINEAR_TIME:
        end_bpm: Number = _linear_time_end_bpm(start_bpm, length_beats, seconds)
    elif shape is RampShape.LINEAR_PERIOD:
        end_bpm = _period_end_bpm(start_bpm, length_beats, seconds)
    elif shape is RampShape.LINEAR_BEATS:
        end_bpm = _linear_beats_end_bpm(start_bpm, length_beats, seconds)
    else:
        raise TempoError("a constant segment has no end tempo to solve; choose a ramp shape")
    if not BPM.holds(end_bpm):
        raise TempoError(
            f"no {shape.text} ramp from {float(start_bpm):g} BPM lasts {float(seconds):g} s "
            f"over {float(length_beats):g} beats: it would end at {float(end_bpm):.6g} BPM, "
            f"outside {format_fraction(BPM.low)} to {format_fraction(BPM.high)} BPM; change the "
            "length or the start tempo"
        )
    return end_bpm


def end_bpm_for_duration_array(
    *,
    shape: RampShape,
    start_bpm: FloatArray,
    length_beats: FloatArray,
    seconds: FloatArray,
) -> FloatArray:
    """Vectorised :func:`end_bpm_for_duration` (float64 arrays that broadcast) for
    ``LINEAR_BEATS`` and ``LINEAR_TIME``.

    Nothing is refused: an end tempo outside (0, 1000] BPM comes back as it is, for the
    caller to filter. ``LINEAR_PERIOD`` is solved exactly, one ramp at a time, by
    :func:`end_bpm_for_duration`.
    """
    import numpy as np

    t0, length, duration = (
        np.asarray(v, dtype=np.float64) for v in (start_bpm, length_beats, seconds)
    )
    if shape is RampShape.LINEAR_TIME:
        return _linear_time_end_bpm(t0, length, duration)
    if shape is RampShape.LINEAR_BEATS:
        return t0 * np.exp(_linear_beats_log_ratio(duration * t0 / (60.0 * length)))
    raise TempoError(f"no array solver for a {shape.text} segment; use end_bpm_for_duration")


def seconds_at_beat_array(
    beats: FloatArray,
    *,
    shape: RampShape,
    start_bpm: RampArrayParam,
    end_bpm: RampArrayParam | None,
    length_beats: RampArrayParam | None,
) -> FloatArray:
    """Vectorised :func:`seconds_at_beat` over an array of beats (float64)."""
    import numpy as np

    b = np.asarray(beats, dtype=np.float64)
    if shape is RampShape.CONSTANT:
        return b * (60.0 / _as_float(start_bpm))
    t0, t1, length = _array_args(shape, start_bpm, end_bpm, length_beats)
    if shape is RampShape.LINEAR_BEATS:
        x = _as_float((t1 - t0) / (length * t0)) * b
        inside = x > -1.0
        if inside.all():
            return 60.0 * b / _as_float(t0) * _log1p_over_array(x)
        safe = np.where(inside, x, 0.0)
        return np.where(inside, 60.0 * b / _as_float(t0) * _log1p_over_array(safe), np.inf)
    if shape is RampShape.LINEAR_TIME:
        inner = _as_float(t0) ** 2 + _as_float(t1**2 - t0**2) / _as_float(length) * b
        inside = inner >= 0.0
        if inside.all():
            return 120.0 * b / (_as_float(t0) + np.sqrt(inner))
        root = np.sqrt(np.where(inside, inner, 0.0))
        return np.where(inside, 120.0 * b / (_as_float(t0) + root), np.inf)
    p0, step = (float(value) for value in _periods(t0, t1, length))
    k = np.floor(b)
    return k * p0 + step * k * (k - 1) / 2 + (b - k) * (p0 + k * step)


def beat_at_seconds_array(
    seconds: FloatArray,
    *,
    shape: RampShape,
    start_bpm: RampArrayParam,
    end_bpm: RampArrayParam | None,
    length_beats: RampArrayParam | None,
) -> FloatArray:
    """Vectorised :func:`beat_at_seconds` over an array of seconds (float64)."""
    import numpy as np

    t = np.asarray(seconds, dtype=np.float64)
    if shape is RampShape.CONSTANT:
        return t * (_as_float(start_bpm) / 60.0)
    t0, t1, length = _array_args(shape, start_bpm, end_bpm, length_beats)
    if shape is RampShape.LINEAR_BEATS:
        y = _as_float((t1 - t0) / (60 * length)) * t
        return _as_float(t0) / 60.0 * t * _expm1_over_array(y)
    if shape is RampShape.LINEAR_TIME:
        accel = _as_float((t1**2 - t0**2) / (120 * length))
        return (_as_float(t0) * t + accel * t**2 / 2) / 60.0
    return _period_beat_at_array(t, t0, t1, length)


def _ramp_args(
    shape: RampShape, start_bpm: Fraction, end_bpm: Fraction | None, length: Fraction | None
) -> tuple[Fraction, Fraction, Fraction]:
    if end_bpm is None or length is None:
        raise TempoError(f"a {shape.text} ramp needs an end tempo and a length in beats")
    return start_bpm, end_bpm, length


def _array_args(
    shape: RampShape,
    start_bpm: RampArrayParam,
    end_bpm: RampArrayParam | None,
    length: RampArrayParam | None,
) -> tuple[Any, Any, Any]:
    """One ramp's exact tempos and length as they are (so coefficients are computed
    exactly, then rounded once), or all three as float64 arrays when any is an array."""
    import numpy as np

    if end_bpm is None or length is None:
        raise TempoError(f"a {shape.text} ramp needs an end tempo and a length in beats")
    arrays = (
        isinstance(start_bpm, np.ndarray)
        or isinstance(end_bpm, np.ndarray)
        or isinstance(length, np.ndarray)
    )
    if not arrays:
        return start_bpm, end_bpm, length
    if shape is RampShape.LINEAR_PERIOD:
        raise TempoError("a click-period ramp takes one start tempo, end tempo and length")
    return (
        np.asarray(start_bpm, dtype=np.float64),
        np.asarray(end_bpm, dtype=np.float64),
        np.asarray(length, dtype=np.float64),
    )


def _as_float(value: Any) -> Any:
    """An exact coefficient rounded to a float; float arrays as they are."""
    import numpy as np

    return value if isinstance(value, np.ndarray) else float(value)


def _log1p_over_series(x: Any) -> Any:
    """log(1 + x) / x to order x^3, for |x| < ``SERIES_BELOW`` (a float or an array)."""
    return 1.0 - x / 2 + x * x / 3 - x * x * x / 4


def _expm1_over_series(y: Any) -> Any:
    """(exp(y) - 1) / y to order y^3, for |y| < ``SERIES_BELOW`` (a float or an array)."""
    return 1.0 + y / 2 + y * y / 6 + y * y * y / 24


def _log1p_over(x: float) -> float:
    """log(1 + x) / x, continuous through x = 0."""
    if abs(x) < SERIES_BELOW:
        return float(_log1p_over_series(x))
    return math.log1p(x) / x


def _expm1_over(y: float) -> float:
    """(exp(y) - 1) / y, continuous through y = 0."""
    if abs(y) < SERIES_BELOW:
        return float(_expm1_over_series(y))
    return math.expm1(y) / y


def _log1p_over_array(x: FloatArray) -> FloatArray:
    """:func:`_log1p_over` element by element (``x`` above -1)."""
    import numpy as np

    small = np.abs(x) < SERIES_BELOW
    if not small.any():
        return np.log1p(x) / x
    safe = np.where(small, 1.0, x)
    return np.where(small, _log1p_over_series(x), np.log1p(safe) / safe)


def _expm1_over_array(y: FloatArray) -> FloatArray:
    """:func:`_expm1_over` element by element."""
    import numpy as np

    small = np.abs(y) < SERIES_BELOW
    if not small.any():
        return np.expm1(y) / y
    safe = np.where(small, 1.0, y)
    return np.where(small, _expm1_over_series(y), np.expm1(safe) / safe)


def _linear_time_end_bpm(start_bpm: Any, length_beats: Any, seconds: Any) -> Any:
    """T1 = 120 B / D - T0: exact for ``Fraction`` arguments, element-wise for arrays."""
    return 120 * length_beats / seconds - start_bpm


def _linear_beats_end_bpm(start_bpm: Fraction, length_beats: Fraction, seconds: Fraction) -> Number:
    """The end tempo of one tempo-linear-in-beats ramp; a :class:`TempoError` when it would
    have to fall to nearly 0 or rise above 1000 BPM."""
    target_exact = Fraction(seconds) * start_bpm / (60 * length_beats)
    if target_exact == 1:
        return start_bpm
    target = float(target_exact)
    low, high = -50.0, math.log(float(MAX_BPM / start_bpm)) + 1e-9
    if target >= 1.0 / _expm1_over(low) or target <= 1.0 / _expm1_over(high):
        direction = "down to nearly 0" if target > 1 else f"above {MAX_BPM}"
        raise TempoError(
            f"no tempo-linear-in-beats ramp from {float(start_bpm):g} BPM lasts "
            f"{float(seconds):g} s over {float(length_beats):g} beats: the end tempo would "
            f"have to go {direction} BPM; change the length or the start tempo"
        )
    import numpy as np

    log_ratio = _linear_beats_log_ratio(np.array([target]))
    return float(start_bpm) * math.exp(float(log_ratio[0]))


def _linear_beats_log_ratio(target: FloatArray) -> FloatArray:
    """Solves 60 B ln(r) / (T0 (r - 1)) = D for x = ln r, r = T1 / T0, element-wise.

    With g(x) = x / (exp(x) - 1) the condition is g(x) = y, ``target`` y = D T0 / (60 B).
    g falls monotonically from +inf to 0 and is convex with tangent 1 - x / 2 at 0, so
    Newton's method from x = 2 (1 - y) (never right of the root) converges monotonically.
    """
    import numpy as np

    x = 2.0 * (1.0 - target)
    for _ in range(NEWTON_STEPS):
        small = np.abs(x) < SERIES_BELOW
        any_small = small.any()
        safe = np.where(small, 1.0, x) if any_small else x
        em1 = np.expm1(safe)
        value = safe / em1
        # g'(x) = (e^x - 1 - x e^x) / (e^x - 1)^2, whose series is -1/2 + x/6 - x^3/180
        slope = (em1 - safe * (em1 + 1.0)) / (em1 * em1)
        if any_small:
            value = np.where(small, 1.0 / _expm1_over_series(x), value)
            slope = np.where(small, x / 6.0 - 0.5, slope)
        step = (value - target) / slope
        x = x - step
        if np.all(np.abs(step) < 1e-13 * np.maximum(1.0, np.abs(x))):
            break
    return x


def _periods(t0: Fraction, t1: Fraction, length: Fraction) -> tuple[Fraction, Fraction]:
    """First click period p0 and its change per beat d, in seconds."""
    p0 = 60 / Fraction(t0)
    return p0, (60 / Fraction(t1) - p0) / length


def _click_seconds(k: int, p0: Fraction, step: Fraction) -> Fraction:
    """t_k = k p0 + d k (k - 1) / 2: seconds to click k (0-based) of a period ramp."""
    return k * p0 + step * k * (k - 1) / 2


def _period_beat_at(seconds: Number, t0: Fraction, t1: Fraction, length: Fraction) -> Number:
    """Inverse of the period ramp: whole clicks by the quadratic formula (then checked
    exactly), the remainder as a fraction of that click's period."""
    p0, step = _periods(t0, t1, length)
    last = math.ceil(length) - 1
    estimate = _clicks_estimate(float(seconds), float(p0), float(step))
    k = min(max(math.floor(estimate), 0), max(last, 0))
    while k > 0 and _click_seconds(k, p0, step) > seconds:
        k -= 1
    while k < last and _click_seconds(k + 1, p0, step) <= seconds:
        k += 1
    period = p0 + k * step
    if isinstance(seconds, float):
        return k + (seconds - float(_click_seconds(k, p0, step))) / float(period)
    return k + (seconds - _click_seconds(k, p0, step)) / period


def _period_beat_at_array(
    t: FloatArray, t0: Fraction, t1: Fraction, length: Fraction
) -> FloatArray:
    import numpy as np

    exact_p0, exact_step = _periods(t0, t1, length)
    p0, step = float(exact_p0), float(exact_step)
    last = max(math.ceil(length) - 1, 0)
    k = np.clip(np.floor(_clicks_estimate(t, p0, step)), 0, last)
    for _ in range(2):
        k = np.where((k > 0) & (k * p0 + step * k * (k - 1) / 2 > t), k - 1, k)
        after = k + 1
        k = np.where((after <= last) & (after * p0 + step * after * k / 2 <= t), after, k)
    return k + (t - (k * p0 + step * k * (k - 1) / 2)) / (p0 + k * step)


def _clicks_estimate(t: Any, p0: float, step: float) -> Any:
    """The real k with t_k = t (the positive root of d k^2 / 2 + (p0 - d / 2) k = t),
    written so that neither sign of p0 - d / 2 cancels; 0 for t <= 0."""
    half = p0 - step / 2
    if isinstance(t, float):
        t = max(t, 0.0)
        root = math.sqrt(max(half * half + 2 * step * t, 0.0))
    else:
        import numpy as np

        t = np.maximum(t, 0.0)
        root = np.sqrt(np.maximum(half * half + 2 * step * t, 0.0))
    if half > 0:
        return 2 * t / (half + root)
    return (root - half) / step  # half <= 0 means the period grows: step > 0


def _period_end_bpm(start_bpm: Fraction, length_beats: Fraction, seconds: Fraction) -> Fraction:
    """Solves t(B) = D for the end tempo of a period ramp; t(B) is linear in d."""
    p0 = 60 / Fraction(start_bpm)
    k = math.floor(length_beats)
    weight = Fraction(k * (k - 1), 2) + (length_beats - k) * k
    if weight == 0:
        raise TempoError(
            "a click-period ramp over 1 beat or less always lasts one click at the start "
            "tempo; make it longer or use another shape"
        )
    step = (Fraction(seconds) - length_beats * p0) / weight
    end_period = p0 + length_beats * step
    if end_period <= 0:
        raise TempoError(
            f"no click-period ramp from {float(start_bpm):g} BPM lasts {float(seconds):g} s "
            f"over {float(length_beats):g} beats: the clicks would have to speed up without "
            "limit; make the time longer"
        )
    return 60 / end_period
