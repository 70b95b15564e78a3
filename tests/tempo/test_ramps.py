"""Ramp formulas against numerical integration of 60 / T(b), their inverses and solvers."""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from tempo.common.errors import TempoError
from tempo.map.ramps import (
    SERIES_BELOW,
    RampShape,
    beat_at_seconds,
    beat_at_seconds_array,
    bpm_at_beat,
    duration_seconds,
    end_bpm_for_duration,
    end_bpm_for_duration_array,
    length_beats_for_duration,
    seconds_at_beat,
    seconds_at_beat_array,
)

RAMPS = (RampShape.LINEAR_BEATS, RampShape.LINEAR_TIME, RampShape.LINEAR_PERIOD)

# (start bpm, end bpm, length in beats)
CASES = [
    (Fraction(120), Fraction(90), Fraction(8)),
    (Fraction(60), Fraction(180), Fraction(4)),
    (Fraction(200), Fraction(40), Fraction(5)),
    (Fraction(90), Fraction(91), Fraction(32, 3)),
    (Fraction(100), Fraction(1000001, 10000), Fraction(16)),
    (Fraction(72), Fraction(72), Fraction(6)),
]


def reference_bpm(shape: RampShape, t0: Fraction, t1: Fraction, length: Fraction, b: float):
    """The tempo curve of each shape written out independently of the module."""
    t0f, t1f, lf = float(t0), float(t1), float(length)
    if shape is RampShape.LINEAR_BEATS:
        return t0f + (t1f - t0f) * b / lf
    if shape is RampShape.LINEAR_TIME:
        # tempo linear in time means T dT/db is constant: T^2 is linear in beats
        return math.sqrt(t0f**2 + (t1f**2 - t0f**2) * b / lf)
    p0, p_end = 60 / t0f, 60 / t1f
    return 60 / (p0 + math.floor(b) * (p_end - p0) / lf)


def integrated_seconds(shape, t0, t1, length, b: float) -> float:
    points = (
        [k for k in range(1, math.ceil(b)) if k < b] if shape is RampShape.LINEAR_PERIOD else None
    )
    value, _ = quad(
        lambda x: 60 / reference_bpm(shape, t0, t1, length, x),
        0,
        b,
        points=points or None,
        epsabs=1e-13,
        epsrel=1e-13,
        limit=200,
    )
    return value


def kwargs(shape, t0, t1, length):
    return {"shape": shape, "start_bpm": t0, "end_bpm": t1, "length_beats": length}


@pytest.mark.parametrize("shape", RAMPS, ids=lambda shape: shape.value)
@pytest.mark.parametrize("t0, t1, length", CASES)
def test_seconds_match_numerical_integration(shape, t0, t1, length):
    for fraction in (Fraction(0), Fraction(1, 7), Fraction(1, 2), Fraction(5, 6), Fraction(1)):
        b = length * fraction
        expected = integrated_seconds(shape, t0, t1, length, float(b))
        got = seconds_at_beat(b, **kwargs(shape, t0, t1, length))
        assert float(got) == pytest.approx(expected, rel=1e-10, abs=1e-12)
    total = duration_seconds(**kwargs(shape, t0, t1, length))
    assert float(total) == pytest.approx(
        integrated_seconds(shape, t0, t1, length, float(length)), rel=1e-10
    )


@pytest.mark.parametrize("shape", RAMPS, ids=lambda shape: shape.value)
@pytest.mark.parametrize("t0, t1, length", CASES)
def test_tempo_curve_matches_reference(shape, t0, t1, length):
    for fraction in (Fraction(0), Fraction(1, 3), Fraction(3, 4)):
        b = length * fraction
        got = bpm_at_beat(b, **kwargs(shape, t0, t1, length))
        assert float(got) == pytest.approx(reference_bpm(shape, t0, t1, length, float(b)))


@pytest.mark.parametrize("shape", RAMPS, ids=lambda shape: shape.value)
@pytest.mark.parametrize("t0, t1, length", CASES)
def test_inverse_and_arrays(shape, t0, t1, length):
    beats = np.linspace(0, float(length), 37)
    seconds = seconds_at_beat_array(beats, **kwargs(shape, t0, t1, length))
    scalar = [float(seconds_at_beat(float(b), **kwargs(shape, t0, t1, length))) for b in beats]
    np.testing.assert_allclose(seconds, scalar, rtol=1e-13, atol=1e-13)
    assert np.all(np.diff(seconds) > 0)
    back = beat_at_seconds_array(seconds, **kwargs(shape, t0, t1, length))
    np.testing.assert_allclose(back, beats, rtol=1e-11, atol=1e-11)
    for b, s in zip(beats, scalar, strict=True):
        assert float(beat_at_seconds(s, **kwargs(shape, t0, t1, length))) == pytest.approx(
            b, rel=1e-11, abs=1e-11
        )


@pytest.mark.parametrize("shape", RAMPS, ids=lambda shape: shape.value)
@pytest.mark.parametrize("t0, t1, length", CASES)
def test_solver_recovers_end_tempo(shape, t0, t1, length):
    total = duration_seconds(**kwargs(shape, t0, t1, length))
    if shape is RampShape.LINEAR_BEATS:
        total = Fraction(total)
    solved = end_bpm_for_duration(
        shape=shape, start_bpm=t0, length_beats=length, seconds=Fraction(total)
    )
    if shape is RampShape.LINEAR_BEATS:
        assert float(solved) == pytest.approx(float(t1), rel=1e-12)
    else:
        assert solved == t1  # closed form, exact


def test_exact_results_where_the_formula_is_rational():
    args = kwargs(RampShape.LINEAR_TIME, Fraction(60), Fraction(120), Fraction(6))
    assert duration_seconds(**args) == Fraction(4)
    # beats(t) = (T0 t + (T1 - T0) t^2 / (2 D)) / 60 at t = 2: (120 + 30) / 60
    assert beat_at_seconds(Fraction(2), **args) == Fraction(5, 2)
    args = kwargs(RampShape.CONSTANT, Fraction(240, 7), None, None)
    assert seconds_at_beat(Fraction(3), **args) == Fraction(21, 4)
    assert beat_at_seconds(Fraction(21, 4), **args) == Fraction(3)


def test_period_ramp_clicks_on_eighth_frames():
    """12-0 to 10-0 over 8 beats at 24 fps clicks 12-0, 11-6, ..., 10-2."""
    fps = Fraction(24)
    args = kwargs(RampShape.LINEAR_PERIOD, 60 * fps / 12, 60 * fps / 10, Fraction(8))
    times = [seconds_at_beat(Fraction(n), **args) for n in range(9)]
    assert all(isinstance(time, Fraction) for time in times)
    periods_frames = [(later - earlier) * fps for earlier, later in pairwise(times)]
    assert periods_frames == [12 - Fraction(k, 4) for k in range(8)]
    assert duration_seconds(**args) == sum(periods_frames) / fps
    assert bpm_at_beat(Fraction(15, 2), **args) == 60 * fps / Fraction(41, 4)
    # half a beat is half of that click's period
    assert seconds_at_beat(Fraction(5, 2), **args) == times[2] + (times[3] - times[2]) / 2
    assert beat_at_seconds(times[5], **args) == 5
    assert beat_at_seconds(times[2] + (times[3] - times[2]) / 3, **args) == Fraction(7, 3)


@pytest.mark.parametrize(
    "t0, t1", [(Fraction(120), Fraction(120)), (Fraction(120), Fraction(120) + Fraction(1, 10**12))]
)
def test_equal_tempos_are_the_constant_limit(t0, t1):
    length = Fraction(8)
    for shape in RAMPS:
        total = float(duration_seconds(**kwargs(shape, t0, t1, length)))
        assert total == pytest.approx(4.0, rel=1e-12)
        assert float(beat_at_seconds(1.5, **kwargs(shape, t0, t1, length))) == pytest.approx(3.0)
        assert not np.any(
            np.isnan(seconds_at_beat_array(np.array([0.0, 4.0]), **kwargs(shape, t0, t1, length)))
        )


def test_linear_beats_solver_for_equal_duration_is_exact():
    solved = end_bpm_for_duration(
        shape=RampShape.LINEAR_BEATS,
        start_bpm=Fraction(120),
        length_beats=Fraction(8),
        seconds=Fraction(4),
    )
    assert solved == 120


@pytest.mark.parametrize(
    "shape, seconds, message",
    [
        (RampShape.LINEAR_BEATS, Fraction(1, 10), "above 1000"),
        (RampShape.LINEAR_BEATS, Fraction(1000), "nearly 0"),
        (RampShape.LINEAR_TIME, Fraction(1, 10), "outside 1 to 1000 BPM"),
        (RampShape.LINEAR_TIME, Fraction(100), "outside 1 to 1000 BPM"),
        (RampShape.LINEAR_PERIOD, Fraction(1, 10), "speed up without limit"),
        (RampShape.LINEAR_BEATS, Fraction(0), "positive length"),
        (RampShape.CONSTANT, Fraction(4), "no end tempo to solve"),
    ],
)
def test_impossible_ramps_are_refused(shape, seconds, message):
    with pytest.raises(TempoError, match=message):
        end_bpm_for_duration(
            shape=shape, start_bpm=Fraction(120), length_beats=Fraction(8), seconds=seconds
        )


def test_period_ramp_of_one_beat_has_nothing_to_solve():
    with pytest.raises(TempoError, match="1 beat or less"):
        end_bpm_for_duration(
            shape=RampShape.LINEAR_PERIOD,
            start_bpm=Fraction(120),
            length_beats=Fraction(1),
            seconds=Fraction(1, 2),
        )


def test_ramp_shapes_parse():
    assert RampShape.parse("linear-beats") is RampShape.LINEAR_BEATS
    assert RampShape.parse("Linear Time") is RampShape.LINEAR_TIME
    assert RampShape.parse("period") is RampShape.LINEAR_PERIOD
    with pytest.raises(TempoError, match="unknown ramp shape 'exponential'"):
        RampShape.parse("exponential")


tempos = st.fractions(min_value=20, max_value=400, max_denominator=1000)
lengths = st.fractions(min_value=Fraction(1, 2), max_value=64, max_denominator=12)


@settings(max_examples=150, deadline=None)
@given(
    shape=st.sampled_from(RAMPS),
    t0=tempos,
    t1=tempos,
    length=lengths,
    where=st.floats(min_value=0, max_value=1),
)
def test_round_trip_and_monotone(shape, t0, t1, length, where):
    args = kwargs(shape, t0, t1, length)
    b = float(length) * where
    seconds = float(seconds_at_beat(b, **args))
    assert float(beat_at_seconds(seconds, **args)) == pytest.approx(b, rel=1e-9, abs=1e-9)
    later = min(float(length), b + 1e-3)
    assert float(seconds_at_beat(later, **args)) >= seconds - 1e-12
    assert 0 <= seconds <= float(duration_seconds(**args)) * (1 + 1e-12)


@settings(max_examples=100, deadline=None)
@given(shape=st.sampled_from(RAMPS), t0=tempos, t1=tempos, length=lengths)
def test_solver_round_trip(shape, t0, t1, length):
    if shape is RampShape.LINEAR_PERIOD and length <= 1:
        return
    total = Fraction(duration_seconds(**kwargs(shape, t0, t1, length)))
    solved = end_bpm_for_duration(shape=shape, start_bpm=t0, length_beats=length, seconds=total)
    assert float(solved) == pytest.approx(float(t1), rel=1e-12)


# Near the series cut-off: x = (T1 - T0) b / (B T0) for seconds, y = (T1 - T0) t / (60 B)
# for beats, a hair either side of SERIES_BELOW.
near_cutoff = st.builds(
    lambda sign, nudge: sign * SERIES_BELOW * (1 + nudge),
    st.sampled_from((-1.0, 1.0)),
    st.floats(min_value=-1e-3, max_value=1e-3),
)


def as_array(value: Fraction) -> np.ndarray:
    return np.array([float(value)])


@settings(max_examples=200, deadline=None)
@given(t0=tempos, length=lengths, where=st.floats(min_value=0.5, max_value=1), x=near_cutoff)
def test_scalar_and_array_forms_agree_at_the_series_cutoff(t0, length, where, x):
    t1 = t0 * (1 + Fraction(x / where))
    args = kwargs(RampShape.LINEAR_BEATS, t0, t1, length)
    b = float(length) * where
    exact_x = float((t1 - t0) / (length * t0)) * b
    expected = 60 * b / float(t0) * math.log1p(exact_x) / exact_x
    scalar = seconds_at_beat(b, **args)
    one_ramp = seconds_at_beat_array(np.array([b]), **args)[0]
    per_element = seconds_at_beat_array(
        np.array([b]),
        shape=RampShape.LINEAR_BEATS,
        start_bpm=as_array(t0),
        end_bpm=as_array(t1),
        length_beats=as_array(length),
    )[0]
    assert scalar == pytest.approx(expected, rel=1e-14)
    assert one_ramp == pytest.approx(scalar, rel=1e-15)
    assert per_element == pytest.approx(scalar, rel=1e-14)

    seconds = float(60 * length * Fraction(x) / (t1 - t0))
    y = float((t1 - t0) / (60 * length)) * seconds
    expected_beats = float(t0) / 60 * seconds * math.expm1(y) / y
    scalar_beats = beat_at_seconds(seconds, **args)
    assert scalar_beats == pytest.approx(expected_beats, rel=1e-14)
    assert beat_at_seconds_array(np.array([seconds]), **args)[0] == pytest.approx(
        scalar_beats, rel=1e-15
    )

    total = Fraction(duration_seconds(**args))
    solved = end_bpm_for_duration(
        shape=RampShape.LINEAR_BEATS, start_bpm=t0, length_beats=length, seconds=total
    )
    solved_array = end_bpm_for_duration_array(
        shape=RampShape.LINEAR_BEATS,
        start_bpm=as_array(t0),
        length_beats=as_array(length),
        seconds=as_array(total),
    )[0]
    assert float(solved) == pytest.approx(float(t1), rel=1e-12)
    assert solved_array == pytest.approx(float(solved), rel=1e-13)


@pytest.mark.parametrize("shape", (RampShape.LINEAR_BEATS, RampShape.LINEAR_TIME))
def test_past_zero_tempo_is_never_reached(shape):
    """A slowing ramp carried on past its end reaches 0 BPM at some beat: no time after."""
    args = kwargs(shape, Fraction(120), Fraction(60), Fraction(4))
    beyond = 20.0
    assert seconds_at_beat(beyond, **args) == math.inf
    assert seconds_at_beat_array(np.array([2.0, beyond]), **args)[1] == math.inf
    assert np.isfinite(seconds_at_beat_array(np.array([2.0, beyond]), **args)[0])


@pytest.mark.parametrize("shape", (RampShape.LINEAR_BEATS, RampShape.LINEAR_TIME))
@pytest.mark.parametrize("t0, t1, length", CASES)
def test_length_for_a_duration_inverts_the_duration(shape, t0, t1, length):
    total = duration_seconds(**kwargs(shape, t0, t1, length))
    got = length_beats_for_duration(shape=shape, start_bpm=t0, end_bpm=t1, seconds=total)
    if shape is RampShape.LINEAR_TIME:
        assert got == length  # closed form, exact
    else:
        assert float(got) == pytest.approx(float(length), rel=1e-13)


def test_length_for_a_duration_of_constant_and_period_segments():
    assert length_beats_for_duration(
        shape=RampShape.CONSTANT, start_bpm=Fraction(90), end_bpm=Fraction(90), seconds=Fraction(2)
    ) == Fraction(3)
    with pytest.raises(TempoError, match="click-period"):
        length_beats_for_duration(
            shape=RampShape.LINEAR_PERIOD,
            start_bpm=Fraction(120),
            end_bpm=Fraction(90),
            seconds=Fraction(4),
        )
