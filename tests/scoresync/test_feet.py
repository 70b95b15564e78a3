"""Feet+frames on 35 mm 4-perf, 35 mm 3-perf and 16 mm."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoresync.errors import TimecodeError
from scoresync.picture.feet import (
    FILM_RATE_NAMES,
    FILM_SPEED_RULE,
    GAUGES,
    default_film_fps,
    feet_frames_to_frames,
    feet_to_frames,
    feet_to_seconds,
    frames_to_feet,
    frames_to_feet_frames,
    parse_film_fps,
    parse_gauge,
    seconds_to_feet,
)
from scoresync.picture.rates import RATES

# gauge, frames, label; checked in both directions.
FEET_TABLE = [
    ("35mm-4perf", 0, "0+00"),
    ("35mm-4perf", 15, "0+15"),
    ("35mm-4perf", 16, "1+00"),
    ("35mm-4perf", 1972, "123+04"),
    ("35mm-4perf", 86400, "5400+00"),  # one hour at 24 fps is 5400 feet
    ("35mm-4perf", -5, "-0+05"),
    ("35mm-4perf", -16, "-1+00"),
    # 3-perf: feet hold 22, 21, 21 frames; 64 frames are exactly 3 feet
    ("35mm-3perf", 21, "0+21"),
    ("35mm-3perf", 22, "1+00"),
    ("35mm-3perf", 42, "1+20"),
    ("35mm-3perf", 43, "2+00"),
    ("35mm-3perf", 63, "2+20"),
    ("35mm-3perf", 64, "3+00"),
    ("35mm-3perf", 86, "4+00"),
    ("35mm-3perf", 128, "6+00"),
    ("35mm-3perf", 86400, "4050+00"),  # 1350 cycles of 64 frames
    ("35mm-3perf", -22, "-1+00"),
    ("16mm", 39, "0+39"),
    ("16mm", 40, "1+00"),
    ("16mm", 86400, "2160+00"),
]


@pytest.mark.parametrize(("gauge", "frames", "label"), FEET_TABLE)
def test_frames_to_feet(gauge: str, frames: int, label: str) -> None:
    assert frames_to_feet(frames, gauge=gauge) == label


@pytest.mark.parametrize(("gauge", "frames", "label"), FEET_TABLE)
def test_feet_to_frames(gauge: str, frames: int, label: str) -> None:
    assert feet_to_frames(label, gauge=gauge) == frames


def test_gauges() -> None:
    assert GAUGES == ("35mm-4perf", "35mm-3perf", "16mm")
    assert parse_gauge("35mm-4perf").frames_per_foot == 16
    assert parse_gauge("35mm-3perf").frames_per_foot * 3 == 64
    assert parse_gauge("16mm").frames_per_foot == 40
    assert parse_gauge("35MM 3-Perf").name == "35mm-3perf"
    assert parse_gauge("35mm").name == "35mm-4perf"


def test_default_gauge_is_35mm_4perf() -> None:
    assert frames_to_feet(16) == "1+00"
    assert feet_to_frames("1+00") == 16


def test_3perf_foot_lengths_repeat_every_three_feet() -> None:
    gauge = parse_gauge("35mm-3perf")
    assert [gauge.frames_in_foot(feet) for feet in range(9)] == [22, 21, 21] * 3


def test_frames_to_feet_frames() -> None:
    assert frames_to_feet_frames(1972) == (123, 4)
    assert frames_to_feet_frames(43, gauge="35mm-3perf") == (2, 0)
    assert frames_to_feet_frames(-20) == (-1, -4)


def test_feet_label_spellings() -> None:
    assert feet_to_frames(" 123+4 ") == 1972
    assert feet_to_frames("123 + 04") == 1972


@given(
    gauge=st.sampled_from(GAUGES),
    frames=st.integers(min_value=-(10**9), max_value=10**9),
)
def test_feet_round_trip(gauge: str, frames: int) -> None:
    label = frames_to_feet(frames, gauge=gauge)
    assert feet_to_frames(label, gauge=gauge) == frames
    feet, frame = frames_to_feet_frames(frames, gauge=gauge)
    assert feet_frames_to_frames(feet, frame, gauge=gauge) == frames
    assert label.lstrip("-").split("+")[1] == f"{abs(frame):02d}"


@given(gauge=st.sampled_from(GAUGES), frames=st.integers(min_value=0, max_value=10**9))
def test_feet_count_up_one_frame_at_a_time(gauge: str, frames: int) -> None:
    feet, frame = frames_to_feet_frames(frames, gauge=gauge)
    next_feet, next_frame = frames_to_feet_frames(frames + 1, gauge=gauge)
    assert (next_feet, next_frame) in {(feet, frame + 1), (feet + 1, 0)}


@pytest.mark.parametrize(
    ("feet", "frame", "gauge", "message"),
    [
        (1, 16, "35mm-4perf", "frame 16 does not exist: a foot of 35mm-4perf film holds"),
        (1, 21, "35mm-3perf", "foot 1 of 35mm-3perf film holds frames 00-20"),
        (1, 40, "16mm", "frames 00-39"),
        (1, -1, "35mm-4perf", "different signs"),
    ],
)
def test_feet_frames_to_frames_errors(feet: int, frame: int, gauge: str, message: str) -> None:
    with pytest.raises(TimecodeError, match=message):
        feet_frames_to_frames(feet, frame, gauge=gauge)


# -- picture time as film footage at film speed ------------------------------------------------

# rate, picture frames from zero, gauge, film rate (None: the default for the picture),
# feet+frames of film. Picture frames are turned into real seconds here (frames / fps, the
# exact rate), then the footage read from the code under test.
FILM_SPEED_TABLE = [
    # 1.001 s of 29.97 picture is 24.024 film frames, 1+08 (not 1+14)
    ("29.97", 30, "35mm-4perf", None, "1+08"),
    ("29.97df", 30, "35mm-4perf", None, "1+08"),
    ("59.94", 60, "35mm-4perf", None, "1+08"),
    ("23.976", 24, "35mm-4perf", None, "1+08"),
    ("24", 16, "35mm-4perf", None, "1+00"),
    ("30", 30, "35mm-4perf", None, "1+08"),  # 1 s at 30: 24 film frames
    ("60", 120, "35mm-4perf", None, "3+00"),
    ("48", 48, "35mm-4perf", None, "1+08"),
    ("25", 25, "35mm-4perf", None, "1+09"),  # PAL: film at 25
    ("50", 50, "35mm-4perf", None, "1+09"),
    # a real minute: 90 feet at 24; 60.06 s of 29.97 (1800 frames) is 1441.44 film frames
    ("29.97", 1798, "35mm-4perf", None, "90+00"),  # 59.9933 s: 1439.84, nearest 1440
    ("29.97", 1800, "35mm-4perf", None, "90+01"),
    # a real hour of 23.976 picture (86313.6 frames; frame 86314) is 5400 feet of film at 24
    ("23.976", 86314, "35mm-4perf", None, "5400+00"),
    # film at 23.976 (a projector at video speed): 23.976 picture frames are film frames
    ("23.976", 86400, "35mm-4perf", "23.976", "5400+00"),
    ("29.97", 1800, "35mm-4perf", "23.976", "90+00"),
    ("29.97", 30, "16mm", None, "0+24"),
    ("29.97", 80, "35mm-3perf", None, "3+00"),  # 2.6693 s: 64.064 film frames
    ("29.97", -30, "35mm-4perf", None, "-1+08"),
    ("24", 24, "35mm-4perf", "25", "1+09"),
]


@pytest.mark.parametrize(("rate_name", "frames", "gauge", "film", "label"), FILM_SPEED_TABLE)
def test_feet_of_picture_time_count_film_at_film_speed(
    rate_name: str, frames: int, gauge: str, film: str | None, label: str
) -> None:
    rate = RATES[rate_name]
    seconds = Fraction(frames) / rate.fps
    film_fps = parse_film_fps(film, picture_fps=rate.fps)
    assert seconds_to_feet(seconds, gauge=gauge, film_fps=film_fps) == label


def test_feet_to_seconds_inverts_whole_film_frames() -> None:
    assert feet_to_seconds("1+08") == 1
    assert feet_to_seconds("90+00", film_fps=Fraction(24000, 1001)) == Fraction(60060, 1000)
    assert seconds_to_feet(feet_to_seconds("123+04", gauge="16mm"), gauge="16mm") == "123+04"


def test_film_rates() -> None:
    assert FILM_RATE_NAMES == ("24", "23.976", "25")
    assert parse_film_fps("23.98", picture_fps=Fraction(24)) == Fraction(24000, 1001)
    assert parse_film_fps(25, picture_fps=Fraction(24)) == 25
    assert parse_film_fps(" 24 fps", picture_fps=Fraction(25)) == 24
    assert {name: default_film_fps(rate.fps) for name, rate in RATES.items()} == {
        name: Fraction(25) if rate.fps in (25, 50) else Fraction(24) for name, rate in RATES.items()
    }
    with pytest.raises(TimecodeError, match=r"unknown film rate '30': use one of 24, 23.976, 25"):
        parse_film_fps("30", picture_fps=Fraction(30))
    assert "at 29.97, 1.001 s is 1+08" in FILM_SPEED_RULE
