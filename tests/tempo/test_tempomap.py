"""Tempo maps: known answers, bar|beat|tick, listings, properties on random maps.

The map as a project file stores it is tested in ``tests/scoresync/test_projectfile_tempo.py``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tempo_support import tempo_maps

from tempo.common.errors import TempoError, TempoMapError
from tempo.map.meter import Meter
from tempo.map.segment import RampShape, Segment
from tempo.map.tempomap import BarBeatTick, TempoMap

BBT = BarBeatTick


def four_four_then_three_four() -> TempoMap:
    return TempoMap((Segment(8, 120), Segment(None, 120, meter="3/4")))


# -- known answers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tempo_map, position, seconds",
    [
        (TempoMap.constant(120), BBT(5), Fraction(8)),
        (TempoMap.constant(120), BBT(1, 3, 480), Fraction(5, 4)),
        (TempoMap.constant(60, "6/8"), BBT(2), Fraction(2)),
        (TempoMap.constant(60, "6/8"), BBT(1, 2), Fraction(1)),
        (TempoMap.constant(180, "6/8", "eighth"), BBT(2), Fraction(2)),
        (TempoMap.constant(240, "3+3+2/8"), BBT(2), Fraction(2)),
        (TempoMap.constant(240, "3+3+2/8"), BBT(1, 4), Fraction(3, 4)),
        (TempoMap.constant(120, pickup_beats=1), BBT(0, 4), Fraction(-1, 2)),
        (TempoMap.constant(120, pickup_beats=1), BBT(2), Fraction(2)),
        (four_four_then_three_four(), BBT(3), Fraction(4)),
        (four_four_then_three_four(), BBT(4), Fraction(11, 2)),
        (TempoMap.constant(Fraction(240, 7)), BBT(2), Fraction(7)),
        (TempoMap.constant(60, "2/2"), BBT(2), Fraction(2)),
    ],
)
def test_known_maps(tempo_map, position, seconds):
    got = tempo_map.seconds_at_bbt(position)
    assert got == seconds and isinstance(got, Fraction)
    assert tempo_map.bbt_at_seconds(seconds) == position
    assert tempo_map.quarters_at_seconds(seconds) == tempo_map.quarters_at_bbt(position)


def test_pickup():
    tempo_map = TempoMap.constant(120, pickup_beats=1)
    assert tempo_map.start_quarters == -1
    assert tempo_map.start_seconds == Fraction(-1, 2)
    assert tempo_map.seconds_at_quarters(-1) == Fraction(-1, 2)
    assert str(tempo_map.bbt_at_quarters(-1)) == "0|4|000"
    beats = tempo_map.beat_positions(1)
    assert [(beat.bar, beat.beat, beat.seconds) for beat in beats] == [
        (0, 4, Fraction(-1, 2)),
        (1, 1, 0),
        (1, 2, Fraction(1, 2)),
        (1, 3, 1),
    ]
    bars = tempo_map.bars(2)
    assert [(bar.number, bar.start_seconds, bar.is_pickup) for bar in bars] == [
        (0, Fraction(-1, 2), True),
        (1, 0, False),
        (2, 2, False),
    ]
    assert bars[0].length_quarters == 1


def test_count_in_before_the_pickup():
    tempo_map = TempoMap.constant(120, pickup_beats=1)
    beats = tempo_map.beat_positions(0, from_seconds=-4)
    assert [str(beat.bbt) for beat in beats] == [
        "-1|1|000",
        "-1|2|000",
        "-1|3|000",
        "-1|4|000",
        "0|1|000",
        "0|2|000",
        "0|3|000",
        "0|4|000",
        "1|1|000",
    ]
    assert beats[0].seconds == -4


def test_meter_change_at_bar_line():
    tempo_map = four_four_then_three_four()
    bars = tempo_map.bars(Fraction(7))
    assert [(bar.number, str(bar.meter), bar.start_seconds) for bar in bars] == [
        (1, "4/4", 0),
        (2, "4/4", 2),
        (3, "3/4", 4),
        (4, "3/4", Fraction(11, 2)),
        (5, "3/4", 7),
    ]
    assert tempo_map.meter_at_bar(2)[0] == Meter.parse("4/4")
    assert tempo_map.meter_at_bar(40)[0] == Meter.parse("3/4")
    assert str(tempo_map.bbt_at_quarters(Fraction(29, 2))) == "5|1|480"
    assert str(tempo_map.bbt_at_quarters(Fraction(31, 2))) == "5|2|480"


@pytest.mark.parametrize(
    "segments, location, message",
    [
        (
            (Segment(18, 120), Segment(None, 120, meter="3/4")),
            ("segments", 1),
            "segments[1]: meter change from 4/4 to 3/4 falls 2 beats into bar 5: a meter can "
            "only change at a bar line",
        ),
        (
            (Segment(Fraction(9, 2), 120), Segment(None, 120, meter="6/8")),
            ("segments", 1),
            "segments[1]: meter change from 4/4 to 6/8 falls 0.5 beats into bar 2",
        ),
        (
            (Segment(3, 60, meter="6/8"), Segment(None, 60, meter="6/8", beat_unit="eighth")),
            ("segments", 1),
            "segments[1]: beat unit change from dotted quarter to eighth falls 1 beat into bar 2",
        ),
        (
            (Segment(None, 120), Segment(None, 120)),
            ("segments", 0),
            "segments[0]: only the last segment",
        ),
        ((), ("segments",), "at least one segment"),
    ],
)
def test_bad_maps(segments, location, message):
    with pytest.raises(TempoMapError) as caught:
        TempoMap(segments)
    assert message in str(caught.value)
    assert caught.value.location == location
    assert str(caught.value).endswith(f": {caught.value.problem}")


def test_tempo_change_mid_bar_keeps_bars():
    tempo_map = TempoMap((Segment(6, 120), Segment(None, 60)))
    assert tempo_map.seconds_at_bbt("2|3") == 3
    assert tempo_map.seconds_at_bbt("3|1") == 5
    assert tempo_map.tempo_at_quarters(5) == 120
    assert tempo_map.tempo_at_quarters(6) == 60
    assert tempo_map.segment_index_at_quarters(6) == 1


@pytest.mark.parametrize("pickup", [-1, 4, Fraction(9, 2)])
def test_bad_pickups(pickup):
    with pytest.raises(
        TempoMapError, match="pickup_beats: must be at least 0 and less than one bar"
    ) as caught:
        TempoMap.constant(120, pickup_beats=pickup)
    assert caught.value.location == ("pickup_beats",)


def test_finite_map_extent_and_what_follows():
    tempo_map = TempoMap(
        (Segment(4, 120), Segment(4, 120, 60, RampShape.LINEAR_TIME)), pickup_beats=2
    )
    assert tempo_map.end_quarters == 8
    assert tempo_map.end_seconds == 2 + Fraction(120 * 4, 180)
    assert tempo_map.total_seconds == tempo_map.end_seconds + 1
    # after the end the map goes on at the end tempo
    assert tempo_map.seconds_at_quarters(10) == tempo_map.end_seconds + 2
    assert tempo_map.tempo_at_quarters(10) == 60
    assert tempo_map.segment_at_quarters(10) is tempo_map.segments[-1]
    assert TempoMap.constant(120).end_quarters is None
    assert TempoMap.constant(120).total_seconds is None


def test_ramp_tempo_and_exactness():
    tempo_map = TempoMap(
        (Segment(8, 60, 120, RampShape.LINEAR_BEATS), Segment(8, 120), Segment(None, 90))
    )
    assert tempo_map.tempo_at_quarters(4) == 90
    assert tempo_map.qn_bpm_at_quarters(4) == 90
    assert isinstance(tempo_map.seconds_at_quarters(12), float)
    assert tempo_map.seconds_at_quarters(8) == pytest.approx(60 * 8 * math.log(2) / 60)
    exact = TempoMap((Segment(8, 60, 120, RampShape.LINEAR_TIME), Segment(None, 120)))
    assert exact.seconds_at_quarters(12) == Fraction(16, 3) + 2
    assert exact.quarters_at_seconds(Fraction(22, 3)) == 12


# -- bar|beat|tick ------------------------------------------------------------------------


def test_bbt_text():
    assert str(BBT(5, 3, 480)) == "5|3|480"
    assert str(BBT(5, 3, 0)) == "5|3|000"
    assert str(BBT(-1, 2, 1439)) == "-1|2|1439"
    assert BBT.parse("5|3|480") == BBT(5, 3, 480)
    assert BBT.parse("5.3.480") == BBT(5, 3, 480)
    assert BBT.parse(" 12 ") == BBT(12, 1, 0)
    for bad in ("5|0", "bar 5", "5|3|-1", ""):
        with pytest.raises(TempoError):
            BBT.parse(bad)


def test_bbt_ticks_follow_the_beat_unit():
    six_eight = TempoMap.constant(60, "6/8")
    assert six_eight.bbt_at_quarters(Fraction(5, 2)) == BBT(1, 2, 960)
    assert six_eight.quarters_at_bbt("1|2|1439") == Fraction(3, 2) + Fraction(1439, 960)
    with pytest.raises(TempoError, match="ticks must be 0 to 1439 for a dotted quarter beat"):
        six_eight.quarters_at_bbt("1|2|1440")
    with pytest.raises(TempoError, match="bar 3 is in 6/8 and has 2 dotted quarter beats"):
        six_eight.quarters_at_bbt("3|3")


def test_bbt_rounds_to_the_nearest_tick():
    tempo_map = TempoMap.constant(120)
    assert tempo_map.bbt_at_quarters(3.9999999999) == BBT(2)
    assert tempo_map.bbt_at_quarters(Fraction(1, 1920)) == BBT(1, 1, 1)
    assert tempo_map.bbt_at_quarters(Fraction(1, 1921)) == BBT(1, 1, 0)


def test_fractional_beats_per_bar():
    tempo_map = TempoMap.constant(60, "5/8", "dotted_quarter")
    assert tempo_map.quarters_at_bbt("1|2|959") == Fraction(3, 2) + Fraction(959, 960)
    with pytest.raises(TempoError, match="has 5/3 dotted quarter beats"):
        tempo_map.quarters_at_bbt("1|2|960")
    assert [beat.beat for beat in tempo_map.beat_positions(Fraction(8, 3))] == [1, 2, 1, 2]


def test_additive_meter_listing():
    tempo_map = TempoMap.constant(240, "3+3+2/8")
    beats = tempo_map.beat_positions(Fraction(15, 8))
    assert [beat.beat for beat in beats] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [beat.beat for beat in beats if beat.is_group_start] == [1, 4, 7]
    assert [beat.is_downbeat for beat in beats].count(True) == 1


def test_subdivisions():
    beats = TempoMap.constant(60, "6/8").beat_positions(Fraction(2), subdivision=3)
    assert [(beat.beat, beat.subdivision, beat.ticks) for beat in beats[:4]] == [
        (1, 0, 0),
        (1, 1, 480),
        (1, 2, 960),
        (2, 0, 0),
    ]
    assert beats[1].seconds == Fraction(1, 3)
    assert len(beats) == 7
    with pytest.raises(TempoError, match="subdivision"):
        TempoMap.constant(60).beat_positions(1, subdivision=0)


# -- random maps --------------------------------------------------------------------------


def span_of(tempo_map: TempoMap) -> tuple[float, float]:
    end = tempo_map.end_seconds
    if end is None:
        end = tempo_map.segment_start_seconds(len(tempo_map.segments) - 1)
    return float(tempo_map.start_seconds) - 2, float(end) + 3


@settings(max_examples=120, deadline=None)
@given(tempo_map=tempo_maps(), points=st.lists(st.floats(0, 1), min_size=2, max_size=30))
def test_seconds_quarters_seconds_is_identity_and_monotone(tempo_map, points):
    low, high = span_of(tempo_map)
    seconds = sorted(low + (high - low) * point for point in points)
    quarters = [float(tempo_map.quarters_at_seconds(second)) for second in seconds]
    for second, quarter in zip(seconds, quarters, strict=True):
        assert float(tempo_map.seconds_at_quarters(quarter)) == pytest.approx(second, abs=1e-9)
    for (s0, q0), (s1, q1) in pairwise(zip(seconds, quarters, strict=True)):
        assert q1 >= q0 - 1e-12
        if s1 - s0 > 1e-6:
            assert q1 > q0


@settings(max_examples=80, deadline=None)
@given(tempo_map=tempo_maps())
def test_monotone_and_continuous_across_joins(tempo_map):
    for index in range(1, len(tempo_map.segments)):
        start_q = tempo_map.segment_start_quarters(index)
        start_s = float(tempo_map.segment_start_seconds(index))
        before = float(tempo_map.quarters_at_seconds(start_s - 1e-7))
        after = float(tempo_map.quarters_at_seconds(start_s + 1e-7))
        assert before < float(start_q) < after
        assert after - before < 1e-4
        just_before = float(tempo_map.seconds_at_quarters(float(start_q) - 1e-9))
        assert just_before == pytest.approx(start_s, abs=1e-6)
        assert just_before < float(tempo_map.seconds_at_quarters(start_q)) + 1e-12


@settings(max_examples=80, deadline=None)
@given(tempo_map=tempo_maps(), points=st.lists(st.floats(0, 1), min_size=1, max_size=40))
def test_vectorised_agrees_with_scalar(tempo_map, points):
    low, high = span_of(tempo_map)
    seconds = np.array([low + (high - low) * point for point in points])
    quarters = tempo_map.quarters_at_seconds_array(seconds)
    scalar_q = [float(tempo_map.quarters_at_seconds(float(second))) for second in seconds]
    np.testing.assert_allclose(quarters, scalar_q, rtol=1e-12, atol=1e-9)
    back = tempo_map.seconds_at_quarters_array(quarters)
    scalar_s = [float(tempo_map.seconds_at_quarters(float(quarter))) for quarter in quarters]
    np.testing.assert_allclose(back, scalar_s, rtol=1e-12, atol=1e-9)
    np.testing.assert_allclose(back, seconds, atol=1e-9)


@settings(max_examples=80, deadline=None)
@given(
    tempo_map=tempo_maps(exact_only=True),
    seconds=st.fractions(min_value=-5, max_value=60, max_denominator=10**6),
)
def test_constant_maps_are_exact(tempo_map, seconds):
    quarters = tempo_map.quarters_at_seconds(seconds)
    assert isinstance(quarters, Fraction)
    assert tempo_map.seconds_at_quarters(quarters) == seconds


@settings(max_examples=80, deadline=None)
@given(tempo_map=tempo_maps(), bar=st.integers(-2, 12), where=st.floats(0, 1, exclude_max=True))
def test_bbt_round_trips(tempo_map, bar, where):
    meter, unit = tempo_map.meter_at_bar(bar)
    offset_ticks = int(where * meter.bar_ticks)
    beat, ticks = divmod(offset_ticks, unit.ticks)
    position = BBT(bar, beat + 1, ticks)
    quarters = tempo_map.quarters_at_bbt(position)
    assert quarters == tempo_map.downbeat_quarters(bar) + Fraction(offset_ticks, 960)
    assert tempo_map.bbt_at_quarters(quarters) == position
    seconds = tempo_map.seconds_at_bbt(position)
    assert tempo_map.bbt_at_seconds(seconds) == position


@settings(max_examples=60, deadline=None)
@given(tempo_map=tempo_maps())
def test_listings_are_ordered_and_exact_on_bar_lines(tempo_map):
    low, high = span_of(tempo_map)
    bars = tempo_map.bars(high)
    assert [bar.number for bar in bars] == list(
        range(0 if tempo_map.pickup_beats else 1, bars[-1].number + 1)
    )
    assert all(a.start_seconds < b.start_seconds for a, b in pairwise(bars))
    beats = tempo_map.beat_positions(high)
    assert all(a.seconds < b.seconds for a, b in pairwise(beats))
    downbeats = [beat for beat in beats if beat.is_downbeat]
    assert [beat.quarters for beat in downbeats] == [bar.start_quarters for bar in bars][
        1 if tempo_map.pickup_beats else 0 :
    ]
