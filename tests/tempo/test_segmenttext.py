"""Segments typed as one line of text."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tempo.common.errors import TempoError
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.segmenttext import format_segment, parse_segment_spec


@pytest.mark.parametrize(
    ("text", "beats", "bpm", "end_bpm", "ramp", "meter", "unit"),
    [
        ("bars=8 bpm=120 meter=4/4", 32, 120, None, RampShape.CONSTANT, "4/4", "q"),
        ("bars=2 bpm=60 meter=6/8", 4, 60, None, RampShape.CONSTANT, "6/8", "q."),
        ("bars=2 bpm=180 meter=6/8 unit=e", 12, 180, None, RampShape.CONSTANT, "6/8", "e"),
        ("beats=16 bpm=120->96", 16, 120, 96, RampShape.LINEAR_BEATS, "4/4", "q"),
        ("beats=16 bpm=120->96 ramp=time", 16, 120, 96, RampShape.LINEAR_TIME, "4/4", "q"),
        ("meter=3+3+2/8 bpm=240 bars=1", 8, 240, None, RampShape.CONSTANT, "3+3+2/8", "e"),
        ("bpm=117.5", None, Fraction(235, 2), None, RampShape.CONSTANT, "4/4", "q"),
    ],
)
def test_known_segments(text, beats, bpm, end_bpm, ramp, meter, unit) -> None:
    segment = parse_segment_spec(text)
    assert segment.beats == beats
    assert segment.bpm == bpm
    assert segment.end_bpm == end_bpm
    assert segment.ramp is ramp
    assert str(segment.meter) == meter
    assert segment.unit.label == unit


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bars=8", "give a tempo"),
        ("bars=8 tempo=120", "unknown key 'tempo'"),
        ("bars=8 bars=4 bpm=120", "given twice"),
        ("bars=8 beats=4 bpm=120", "not both"),
        ("bpm=120 ramp=time", "needs two tempos"),
        ("bars 8 bpm=120", "not key=value"),
        ("bpm=120->96", "needs a length"),
        ("bars=2 bpm=120 meter=4/5", "4/5"),
        ("bars=2 bpm=fast", "bpm"),
        ("bars=2 bpm=120 unit=crotchet-ish", "crotchet"),
    ],
)
def test_bad_segments_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(TempoError, match=message):
        parse_segment_spec(text)


segments = st.builds(
    Segment,
    beats=st.one_of(st.none(), st.integers(1, 64).map(Fraction)),
    bpm=st.integers(40, 240).map(Fraction),
    meter=st.sampled_from(["4/4", "3/4", "6/8", "5/8", "3+3+2/8", "2/2"]),
)


@given(segments)
def test_format_then_parse_is_the_identity(segment: Segment) -> None:
    assert parse_segment_spec(format_segment(segment)) == segment


@given(
    st.integers(1, 64),
    st.integers(40, 240),
    st.integers(40, 240),
    st.sampled_from(list(RampShape)[1:]),
)
def test_ramps_round_trip(beats: int, start: int, end: int, shape: RampShape) -> None:
    if start == end:
        end += 1
    segment = Segment(Fraction(beats), Fraction(start), Fraction(end), shape)
    assert parse_segment_spec(format_segment(segment)) == segment
