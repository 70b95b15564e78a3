"""Feet+frames on 35 mm 4-perf, 35 mm 3-perf and 16 mm."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoresync.errors import TimecodeError
from scoresync.picture.feet import (
    GAUGES,
    feet_frames_to_frames,
    feet_to_frames,
    frames_to_feet,
    frames_to_feet_frames,
    parse_gauge,
)

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
