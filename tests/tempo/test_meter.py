"""Meters, beat units, segments and exact numbers."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tempo.common.errors import TempoError
from tempo.common.exact import bpm_text, format_fraction, to_fraction
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.segment import RampShape, Segment

# -- beat units ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "texts, unit",
    [
        (("quarter", "q", "4", "Quarter", "crotchet"), BeatUnit.QUARTER),
        (
            ("dotted-quarter", "q.", "4.", "dotted quarter", "DOTTED_QUARTER"),
            BeatUnit.DOTTED_QUARTER,
        ),
        (("eighth", "e", "8", "8th", "quaver"), BeatUnit.EIGHTH),
        (("dotted-eighth", "e.", "8.", "dotted_eighth"), BeatUnit.DOTTED_EIGHTH),
        (("half", "h", "2", "minim"), BeatUnit.HALF),
        (("dotted-half", "h.", "2.", "dotted half"), BeatUnit.DOTTED_HALF),
        (("whole", "w", "1"), BeatUnit.WHOLE),
        (("sixteenth", "s", "16", "16th"), BeatUnit.SIXTEENTH),
    ],
)
def test_beat_unit_names(texts, unit):
    for text in texts:
        assert BeatUnit.parse(text) is unit
    assert BeatUnit.parse(unit.label) is unit
    assert BeatUnit.parse(unit.json_name) is unit


def test_beat_unit_lengths():
    assert BeatUnit.DOTTED_QUARTER.quarters == Fraction(3, 2)
    assert BeatUnit.DOTTED_HALF.quarters == 3
    assert BeatUnit.SIXTEENTH.quarters == Fraction(1, 4)
    assert BeatUnit.DOTTED_QUARTER.ticks == 1440
    assert BeatUnit.DOTTED_QUARTER.midi_clocks == 36  # FF 58 04 06 03 24 08: 0x24
    assert [unit.label for unit in BeatUnit] == ["w", "h", "h.", "q", "q.", "e", "e.", "s"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("crotchets", "unknown beat unit 'crotchets': use one of quarter"),
        ("3", "unknown beat unit '3'"),
        ("w.", "there is no dotted whole beat"),
        ("16.", "there is no dotted sixteenth beat"),
        ("", "unknown beat unit ''"),
    ],
)
def test_bad_beat_units(text, message):
    with pytest.raises(TempoError, match=message):
        BeatUnit.parse(text)


# -- meters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, groups, denominator, bar_quarters, unit, compound",
    [
        ("4/4", (4,), 4, Fraction(4), BeatUnit.QUARTER, False),
        ("3/4", (3,), 4, Fraction(3), BeatUnit.QUARTER, False),
        ("5/4", (5,), 4, Fraction(5), BeatUnit.QUARTER, False),
        ("2/2", (2,), 2, Fraction(4), BeatUnit.HALF, False),
        ("6/8", (6,), 8, Fraction(3), BeatUnit.DOTTED_QUARTER, True),
        ("9/8", (9,), 8, Fraction(9, 2), BeatUnit.DOTTED_QUARTER, True),
        ("12/8", (12,), 8, Fraction(6), BeatUnit.DOTTED_QUARTER, True),
        ("7/8", (7,), 8, Fraction(7, 2), BeatUnit.EIGHTH, False),
        ("3/8", (3,), 8, Fraction(3, 2), BeatUnit.EIGHTH, False),
        ("3+3+2/8", (3, 3, 2), 8, Fraction(4), BeatUnit.EIGHTH, False),
        ("6/16", (6,), 16, Fraction(3, 2), BeatUnit.DOTTED_EIGHTH, True),
        ("7/16", (7,), 16, Fraction(7, 4), BeatUnit.SIXTEENTH, False),
        ("4/1", (4,), 1, Fraction(16), BeatUnit.WHOLE, False),
        ("64/64", (64,), 64, Fraction(4), BeatUnit.SIXTEENTH, False),
    ],
)
def test_meters(text, groups, denominator, bar_quarters, unit, compound):
    meter = Meter.parse(text)
    assert meter == Meter(groups, denominator)
    assert meter.numerator == sum(groups)
    assert meter.bar_quarters == bar_quarters
    assert meter.default_beat_unit() is unit
    assert meter.is_compound is compound
    assert str(meter) == text
    assert Meter.parse(str(meter)) == meter


def test_additive_groups():
    meter = Meter.parse("3 + 3 + 2 / 8")
    assert meter.is_additive
    assert meter.group_offsets_quarters == (0, Fraction(3, 2), 3)
    assert meter.beats_per_bar(BeatUnit.EIGHTH) == 8
    assert Meter.parse("3+3/8").is_compound


@pytest.mark.parametrize(
    "text, message",
    [
        ("7/5", "unknown meter '7/5': the bottom number must be 1, 2, 4, 8, 16, 32 or 64"),
        ("4/128", "the bottom number must be 1, 2, 4, 8, 16, 32 or 64"),
        ("0/4", "unknown meter '0/4': the top number must be 1 to 64"),
        ("65/8", "the top number must be 1 to 64, got 65"),
        ("3+0+2/8", "every part of the top number must be 1 or more"),
        ("4-4", "write it like 4/4, 6/8 or 3+3+2/8"),
        ("four/four", "write it like 4/4"),
        ("", "write it like 4/4"),
    ],
)
def test_bad_meters(text, message):
    with pytest.raises(TempoError, match=message.replace("+", r"\+")):
        Meter.parse(text)


def test_meter_constructor_validates():
    with pytest.raises(TempoError, match="bottom number"):
        Meter((4,), 3)


# -- segments -----------------------------------------------------------------------------


def test_segment_defaults_and_helpers():
    segment = Segment(Fraction(8), Fraction(60), meter=Meter.parse("6/8"))
    assert segment.beat_unit is BeatUnit.DOTTED_QUARTER
    assert segment.quarters_per_beat == Fraction(3, 2)
    assert segment.beats_per_bar == 2
    assert segment.qn_bpm == 90
    assert segment.duration_seconds == 8
    assert segment.length_quarters == 12
    eighths = Segment(Fraction(8), Fraction(180), meter="6/8", beat_unit="eighth")
    assert eighths.beats_per_bar == 6
    assert eighths == Segment(8, "180", meter=Meter((6,), 8), beat_unit=BeatUnit.EIGHTH)


def test_segment_numbers_are_exact():
    segment = Segment("32/3", 117.55, 90.5, "linear_time")
    assert segment.beats == Fraction(32, 3)
    assert segment.bpm == Fraction(2351, 20)
    assert segment.end_bpm == Fraction(181, 2)
    assert isinstance(segment.duration_seconds, Fraction)
    assert isinstance(Segment(8, 120, 90, RampShape.LINEAR_BEATS).duration_seconds, float)
    assert Segment(None, 120).duration_seconds is None


def test_constant_end_bpm_is_normalised():
    assert Segment(8, 120, 120) == Segment(8, 120)
    assert Segment(8, 120, 120).end_bpm is None


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"beats": 8, "bpm": 0}, "bpm must be from 1 to 1000 BPM, got 0"),
        ({"beats": 8, "bpm": 1001}, "to 1000 BPM, got 1001"),
        ({"beats": 8, "bpm": "fast"}, "bpm must be a number from 1 to 1000 BPM"),
        ({"beats": 0, "bpm": 120}, "beats must be more than 0 and at most 100000 beats"),
        ({"beats": -4, "bpm": 120}, "more than 0 and at most 100000 beats, got -4"),
        ({"beats": 8, "bpm": 120, "end_bpm": 90}, "constant segment cannot end at a different"),
        ({"beats": 8, "bpm": 120, "ramp": "linear_beats"}, "needs an end_bpm"),
        ({"beats": None, "bpm": 120, "end_bpm": 90, "ramp": "linear_time"}, "only a constant"),
        ({"beats": 8, "bpm": 120, "end_bpm": 0, "ramp": "linear_time"}, "end_bpm must be"),
        ({"beats": 8, "bpm": 120, "meter": "7/5"}, "bottom number"),
        ({"beats": 8, "bpm": 120, "beat_unit": "crotchets"}, "unknown beat unit"),
        ({"beats": 8, "bpm": 120, "ramp": "wobbly"}, "unknown ramp shape"),
        ({"beats": True, "bpm": 120}, "beats must be a number"),
    ],
)
def test_bad_segments(kwargs, message):
    with pytest.raises(TempoError, match=message):
        Segment(**kwargs)


def test_segment_description():
    assert Segment(16, 120, 90, "linear_time").describe() == "16 beats 4/4 q=120->90 linear_time"
    assert Segment(None, 60, meter="6/8").describe() == "open 6/8 q.=60"


# -- exact numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, text",
    [
        (Fraction(120), "120"),
        (Fraction(2351, 20), "117.55"),
        (Fraction(240, 7), "240/7"),
        (Fraction(-1, 8), "-0.125"),
        (Fraction(0), "0"),
        (Fraction(1, 3), "1/3"),
        (Fraction(1, 1024), "0.0009765625"),
    ],
)
def test_format_fraction(value, text):
    assert format_fraction(value) == text
    assert to_fraction(text, what="x") == value


@given(st.fractions())
def test_format_fraction_round_trips(value):
    assert to_fraction(format_fraction(value), what="x") == value


@pytest.mark.parametrize(
    "bpm, places, text",
    [
        (Fraction(120), 2, "120"),
        (Fraction(2351, 20), 2, "117.55"),
        (Fraction(235, 2), 2, "117.5"),
        (117.5, 2, "117.5"),
        (Fraction(240, 7), 2, "34.29"),
        (108.664621657649, 2, "108.66"),
        (96.0004, 2, "96"),
        (Fraction(240, 7), 4, "34.2857"),
        (Fraction(120), 4, "120"),
    ],
)
def test_bpm_text(bpm, places, text):
    assert bpm_text(bpm, places=places) == text


def test_to_fraction_floats_are_their_decimals():
    assert to_fraction(117.55, what="bpm") == Fraction(2351, 20)
    with pytest.raises(TempoError, match="finite"):
        to_fraction(float("nan"), what="bpm")
    with pytest.raises(TempoError, match="like 120, 117.55 or 240/7"):
        to_fraction("1/0", what="bpm")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1e-99999999", "exponent beyond ±30"),
        ("1E+400", "exponent beyond ±30"),
        ("7" * 101, "101 characters long"),
    ],
)
def test_number_text_that_would_take_hours_to_read_is_refused_at_once(
    text: str, message: str
) -> None:
    with pytest.raises(TempoError, match=message):
        to_fraction(text, what="bpm")
    assert to_fraction("2.5e-2", what="bpm") == Fraction(1, 40)
