"""Fit tools: tempo for a span, ramps that land, a tempo that lands a hit on a bar|beat."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tempo.calc.fit import bpm_for_span, bpm_to_land, ramp_end_bpm, ramp_segment
from tempo.common.errors import TempoError
from tempo.common.exact import BPM
from tempo.map.segment import Segment
from tempo.map.tempomap import BarBeatTick, TempoMap


@pytest.mark.parametrize(
    "seconds, kwargs, bpm",
    [
        (Fraction(8), {"bars": 4}, Fraction(120)),
        (Fraction(8), {"bars": 2, "beats": 0}, Fraction(60)),
        (Fraction(9), {"bars": 4, "beats": 2}, Fraction(120)),
        (Fraction(2), {"bars": 1, "meter": "6/8"}, Fraction(60)),
        (Fraction(2), {"bars": 1, "meter": "6/8", "beat_unit": "eighth"}, Fraction(180)),
        (Fraction(2), {"bars": 1, "meter": "3+3+2/8"}, Fraction(240)),
        (Fraction(7), {"beats": 4}, Fraction(240, 7)),
        (Fraction(1001, 24), {"bars": 20}, Fraction(115200, 1001)),
    ],
)
def test_bpm_for_span(seconds, kwargs, bpm):
    got = bpm_for_span(seconds, **kwargs)
    assert got == bpm and isinstance(got, Fraction)


@pytest.mark.parametrize(
    "seconds, kwargs, message",
    [
        (Fraction(0), {"bars": 4}, "must last more than 0 seconds"),
        (Fraction(-1), {"bars": 4}, "must last more than 0 seconds"),
        (Fraction(8), {}, "give the span as bars, beats or both"),
        (Fraction(8), {"bars": 0}, "more than 0 beats"),
        (Fraction(1, 10), {"bars": 4}, "faster than 1000"),
        (Fraction(600), {"beats": 1}, "slower than 1"),
        (Fraction(8), {"bars": 4, "meter": "7/5"}, "bottom number"),
    ],
)
def test_bpm_for_span_refuses(seconds, kwargs, message):
    with pytest.raises(TempoError, match=message):
        bpm_for_span(seconds, **kwargs)


@pytest.mark.parametrize("shape", ["linear_beats", "linear_time", "linear_period"])
def test_ramp_lands(shape):
    segment = ramp_segment(Fraction(120), beats=16, seconds=Fraction(10), shape=shape)
    assert float(segment.duration_seconds) == pytest.approx(10, abs=1e-12)
    assert segment.end_bpm is not None and segment.end_bpm < 120
    assert ramp_end_bpm(Fraction(120), beats=16, seconds=Fraction(10), shape=shape) == (
        pytest.approx(float(segment.end_bpm), rel=1e-12)
    )
    # landing on the bar: the next bar line is exactly 10 s after the ramp starts
    tempo_map = TempoMap((Segment(8, 120), segment, Segment(None, segment.final_bpm)))
    assert float(tempo_map.seconds_at_bbt("7|1")) == pytest.approx(14, abs=1e-12)


def test_exact_ramps_stay_exact():
    segment = ramp_segment(Fraction(120), beats=16, seconds=Fraction(10), shape="linear_time")
    assert segment.end_bpm == Fraction(72)
    assert segment.duration_seconds == 10
    period = ramp_segment(Fraction(120), beats=8, seconds=Fraction(9, 2), shape="period")
    assert period.duration_seconds == Fraction(9, 2)
    assert ramp_end_bpm(Fraction(120), beats=16, seconds=Fraction(10), shape="linear_time") == 72


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"beats": 16, "seconds": Fraction(1, 10), "shape": "linear_beats"}, "above 1000"),
        ({"beats": 16, "seconds": Fraction(0), "shape": "linear_time"}, "more than 0 seconds"),
        ({"beats": 0, "seconds": Fraction(4), "shape": "linear_time"}, "more than 0 beats"),
        ({"beats": 16, "seconds": Fraction(4), "shape": "constant"}, "no end tempo to solve"),
        ({"beats": 1, "seconds": Fraction(4), "shape": "period"}, "1 beat or less"),
    ],
)
def test_impossible_ramps(kwargs, message):
    with pytest.raises(TempoError, match=message):
        ramp_end_bpm(Fraction(120), **kwargs)


@pytest.mark.parametrize(
    "hit_seconds, at, kwargs, bpm",
    [
        (Fraction(8), "5|1", {}, Fraction(120)),
        (Fraction(17, 2), "5|2", {}, Fraction(120)),
        (Fraction(2), "2|1", {"meter": "6/8"}, Fraction(60)),
        (Fraction(2), "2|1", {"meter": "3+3+2/8"}, Fraction(240)),
        (Fraction(-1, 2), "0|4", {"pickup_beats": 1}, Fraction(120)),
        (Fraction(7), "2|1", {}, Fraction(240, 7)),
        (Fraction(8), "3|1|480", {"meter": "3/4"}, Fraction(195, 4)),
        (Fraction(1001, 120), "5|1", {}, Fraction(115200, 1001)),
    ],
)
def test_bpm_to_land(hit_seconds, at, kwargs, bpm):
    got = bpm_to_land(hit_seconds, at, **kwargs)
    assert got == bpm
    tempo_map = TempoMap.constant(
        got, kwargs.get("meter", "4/4"), None, kwargs.get("pickup_beats", 0)
    )
    assert tempo_map.seconds_at_bbt(at) == hit_seconds


def test_bpm_to_land_like_a_map():
    like = TempoMap.constant(90, "6/8", pickup_beats=1)
    assert bpm_to_land(Fraction(-1), BarBeatTick(0, 2), like=like) == 60


@pytest.mark.parametrize(
    "hit_seconds, at, kwargs, message",
    [
        (Fraction(3), "1|1", {}, "is the bar-1 downbeat"),
        (Fraction(-3), "5|1", {}, "after the downbeat, so the hit must be after it too"),
        (Fraction(0), "5|1", {}, "must be after it too"),
        (Fraction(3), "0|4", {"pickup_beats": 1}, "before the downbeat, so the hit must be before"),
        (Fraction(-3), "0|2", {"pickup_beats": 1}, "before the 1-beat pickup starts"),
        (Fraction(1, 100), "9|1", {}, "faster than 1000"),
        (Fraction(100_000), "2|1", {}, "slower than 1"),
        (Fraction(8), "5|5", {}, "has 4 quarter beats"),
        (Fraction(8), "five", {}, "unknown bar|beat|tick"),
    ],
)
def test_bpm_to_land_refuses(hit_seconds, at, kwargs, message):
    with pytest.raises(TempoError) as caught:
        bpm_to_land(hit_seconds, at, **kwargs)
    assert message in str(caught.value)


@settings(max_examples=100, deadline=None)
@given(
    bar=st.integers(2, 60),
    beat=st.integers(1, 3),
    ticks=st.integers(0, 959),
    meter=st.sampled_from(["4/4", "3/4", "6/8", "5/4", "7/8"]),
    hit_seconds=st.fractions(min_value=2, max_value=600, max_denominator=48000),
)
def test_landing_is_exact(bar, beat, ticks, meter, hit_seconds):
    position = BarBeatTick(bar, beat, ticks % (480 if meter == "7/8" else 960))
    try:
        bpm = bpm_to_land(hit_seconds, position, meter=meter)
    except TempoError:
        return  # too fast for the position; refusing is the contract
    if not BPM.holds(bpm):
        return  # slower than any tempo a map holds (tempo.common.exact.BPM)
    assert TempoMap.constant(bpm, meter).seconds_at_bbt(position) == hit_seconds
