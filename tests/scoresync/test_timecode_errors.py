"""Bad input: every wrong timecode, rate, feet+frames or position gets a specific message."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scoresync.errors import ScoreSyncError, TimecodeError
from scoresync.picture.feet import feet_to_frames, frames_to_feet, parse_gauge
from scoresync.picture.rates import parse_rate
from scoresync.picture.timecode import (
    convert_frames,
    duration_to_tc,
    frames_to_samples,
    frames_to_tc,
    parse_position,
    seconds_to_frames,
    tc_to_frames,
)

# label, rate, words the message must contain (a regular expression)
BAD_TIMECODES = [
    ("01:00:00:24", "24", r"frame 24 does not exist at 24 fps: frames run 00-23"),
    ("01:00:00:24", "23.976", r"frame 24 does not exist at 23.976 fps: frames run 00-23"),
    ("01:00:00:25", "25", r"frame 25 does not exist at 25 fps: frames run 00-24"),
    ("01:00:00;30", "29.97df", r"frame 30 does not exist at 29.97df fps: frames run 00-29"),
    ("01:00:00:60", "60", r"frames run 00-59"),
    (
        "00:01:00;00",
        "29.97df",
        r"^00:01:00;00 is skipped in drop-frame timecode: minutes not divisible by 10 "
        r"start at ;02",
    ),
    ("00:01:00;01", "29.97df", r"skipped in drop-frame .* next label is 00:01:00;02"),
    ("10:59:00;01", "29.97df", r"10:59:00;01 is skipped"),
    ("00:01:00:00", "29.97df", r"skipped .*29\.97df reads ':' labels as drop frame"),
    ("00:01:00;03", "59.94df", r"00:01:00;03 is skipped .* start at ;04"),
    ("00:01:00;00", "29.97", r"drop-frame label but 29.97 fps is non-drop: use rate 29\.97df"),
    ("00:01:00.00", "59.94", r"use rate 59\.94df"),
    ("00:01:00;00", "30", r"use rate 29\.97df .* or write 00:01:00:00"),
    ("01:00:00;00", "24", r"drop-frame timecode exists only at 29\.97df and 59\.94df"),
    ("01:60:00:00", "24", r"minute 60 does not exist: minutes run 00-59"),
    ("01:00:75:00", "24", r"second 75 does not exist: seconds run 00-59"),
    ("24:00:00:00", "24", r"hour 24 does not exist: hours run 00-23"),
    ("99:00:00;00", "29.97df", r"hour 99 does not exist"),
    ("01;00:00;00", "29.97df", r"mixes separators"),
    ("01:00;00:00", "29.97df", r"mixes separators"),
    ("01.00.00;00", "29.97df", r"mixes separators"),
    ("", "24", r"^empty timecode: write HH:MM:SS:FF"),
    ("   ", "24", r"^empty timecode"),
    ("hello", "24", r"'hello' is not a timecode: write HH:MM:SS:FF \(HH:MM:SS;FF for drop"),
    ("01:00:00", "24", r"is not a timecode"),
    ("01:00:00:00:00", "24", r"is not a timecode"),
    ("+01:00:00:00", "24", r"is not a timecode"),
    ("-01:00:00:00", "24", r"is not a timecode"),
    ("100:00:00:00", "24", r"is not a timecode"),
    ("01:0:00:00", "24", r"is not a timecode"),
    ("01:00:00:000", "24", r"is not a timecode"),
    ("01-00-00-00", "24", r"is not a timecode"),
    ("01:00:00:0x", "24", r"is not a timecode"),
    ("０1:00:00:00", "24", r"is not a timecode"),
]


@pytest.mark.parametrize(("label", "rate", "message"), BAD_TIMECODES)
def test_bad_timecodes(label: str, rate: str, message: str) -> None:
    with pytest.raises(TimecodeError, match=message):
        tc_to_frames(label, rate=rate)


def test_timecode_must_be_text() -> None:
    with pytest.raises(TimecodeError, match="a timecode must be text .* got int 3600"):
        tc_to_frames(3600, rate="24")  # type: ignore[arg-type]


VALID_NAMES = (
    r"use one of 23\.976, 24, 25, 29\.97, 29\.97df, 30, 47\.952, 48, 50, 59\.94, 59\.94df, 60"
)

BAD_RATES = [
    ("23.5", r"unknown frame rate '23.5': " + VALID_NAMES),
    ("23.99", r"unknown frame rate '23.99'"),
    ("23.9", r"unknown frame rate"),
    ("24.01", r"unknown frame rate"),
    ("ntsc", r"unknown frame rate 'ntsc'"),
    ("pal", r"unknown frame rate"),
    ("2997df", r"unknown frame rate '2997df'"),
    ("", r"unknown frame rate ''"),
    ("-24", r"unknown frame rate"),
    ("24/0", r"unknown frame rate"),
    ("30df", r"drop-frame timecode exists only at 29\.97df, 59\.94df"),
    ("24 DF", r"drop-frame timecode exists only at"),
    (23, r"unknown frame rate 23"),
    (True, r"unknown frame rate True"),
    (float("nan"), r"unknown frame rate nan"),
    (None, r"a frame rate must be a name .* got NoneType"),
    ([24], r"a frame rate must be a name"),
]


@pytest.mark.parametrize(("value", "message"), BAD_RATES)
def test_bad_rates(value: object, message: str) -> None:
    with pytest.raises(TimecodeError, match=message):
        parse_rate(value)  # type: ignore[arg-type]


BAD_FEET = [
    ("1+16", "35mm-4perf", r"feet\+frames 1\+16: frame 16 does not exist: a foot of 35mm-4perf"),
    ("0+22", "35mm-3perf", r"foot 0 of 35mm-3perf film holds frames 00-21"),
    ("1+21", "35mm-3perf", r"foot 1 of 35mm-3perf film holds frames 00-20 .*22, 21, 21"),
    ("2+21", "35mm-3perf", r"foot 2 of 35mm-3perf film holds frames 00-20"),
    ("1+40", "16mm", r"a foot of 16mm film holds frames 00-39"),
    ("12", "35mm-4perf", r"'12' is not feet\+frames: write FEET\+FRAMES, such as 123\+04"),
    ("1+", "35mm-4perf", r"is not feet\+frames"),
    ("+04", "35mm-4perf", r"is not feet\+frames"),
    ("1+2+3", "35mm-4perf", r"is not feet\+frames"),
    ("1.5+04", "35mm-4perf", r"is not feet\+frames"),
    ("", "35mm-4perf", r"is not feet\+frames"),
    ("1+00", "70mm", r"unknown film gauge '70mm': use one of 35mm-4perf, 35mm-3perf, 16mm"),
]


@pytest.mark.parametrize(("label", "gauge", "message"), BAD_FEET)
def test_bad_feet(label: str, gauge: str, message: str) -> None:
    with pytest.raises(TimecodeError, match=message):
        feet_to_frames(label, gauge=gauge)


def test_bad_feet_values() -> None:
    with pytest.raises(TimecodeError, match="unknown film gauge"):
        parse_gauge("super8")
    with pytest.raises(TimecodeError, match="whole number"):
        frames_to_feet(1.5)  # type: ignore[arg-type]
    with pytest.raises(TimecodeError, match="must be text"):
        feet_to_frames(12)  # type: ignore[arg-type]


FORMS = r"write a timecode \(01:02:03:04.*frames \(1234f\), seconds \(12\.5s\) or feet\+frames"

BAD_POSITIONS = [
    ("abc", "24", r"'abc' is not a position: " + FORMS),
    ("12", "24", r"'12' is not a position"),
    ("12x", "24", r"is not a position"),
    ("1.5f", "24", r"is not a position"),
    ("1:2:3", "24", r"is not a position"),
    ("", "24", r"^empty position: " + FORMS),
    ("01:00:00:24", "24", r"frame 24 does not exist at 24 fps"),
    ("00:01:00;00", "29.97df", r"is skipped in drop-frame timecode"),
    ("1+16", "24", r"frame 16 does not exist"),
    ("1:2:3:4", "24", r"is not a timecode"),
]


@pytest.mark.parametrize(("text", "rate", "message"), BAD_POSITIONS)
def test_bad_positions(text: str, rate: str, message: str) -> None:
    with pytest.raises(TimecodeError, match=message):
        parse_position(text, rate=rate)


def test_bad_position_gauge() -> None:
    with pytest.raises(TimecodeError, match="unknown film gauge"):
        parse_position("1+00", rate="24", gauge="8mm")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: frames_to_tc(1.5, rate="24"), r"whole number of frames, got float 1\.5"),  # type: ignore[arg-type]
        (lambda: frames_to_tc(True, rate="24"), r"whole number of frames, got True"),
        (lambda: frames_to_tc("12", rate="24"), r"whole number of frames, got str"),  # type: ignore[arg-type]
        (lambda: duration_to_tc(-1, rate="24"), r"a duration cannot be negative, got -1"),
        (lambda: seconds_to_frames("ten", rate="24"), r"seconds must be a number like .*'ten'"),
        (lambda: seconds_to_frames(float("inf"), rate="24"), r"must be a finite number"),
        (lambda: seconds_to_frames(None, rate="24"), r"seconds must be a number"),  # type: ignore[arg-type]
        (lambda: seconds_to_frames(1, rate="24", rounding="up"), r"unknown rounding 'up'"),  # type: ignore[arg-type]
        (lambda: frames_to_samples(1, rate="24", sample_rate=0), r"positive whole number"),
        (lambda: frames_to_samples(1, rate="24", sample_rate=48000.0), r"e\.g\. 48000"),  # type: ignore[arg-type]
        (lambda: convert_frames(1, from_rate="24", to_rate="26"), r"unknown frame rate '26'"),
    ],
)
def test_bad_values(call: Callable[[], object], message: str) -> None:
    with pytest.raises(TimecodeError, match=message):
        call()


def test_timecode_errors_are_value_errors_in_the_one_hierarchy() -> None:
    with pytest.raises(ScoreSyncError):
        tc_to_frames("x", rate="24")
    with pytest.raises(ValueError):
        parse_rate("x")
