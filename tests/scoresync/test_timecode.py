"""Scalar picture time: labels, drop frame by scenario, seconds, samples."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoresync.picture.rates import RATES, FrameRate
from scoresync.picture.timecode import (
    convert_frames,
    duration_to_tc,
    frames_to_samples,
    frames_to_seconds,
    frames_to_tc,
    parse_position,
    samples_to_frames,
    seconds_to_frames,
    split_frames,
    tc_to_frames,
    wrap_frames,
)

DF30 = RATES["29.97df"]
DF60 = RATES["59.94df"]
rates = st.sampled_from(list(RATES.values()))

# -- drop frame by scenario, both directions ----------------------------------------------

# (rate, frames, label); each row is checked label -> frames and frames -> label.
DROP_FRAME_TABLE = [
    # start of the day
    (DF30, 0, "00:00:00;00"),
    (DF60, 0, "00:00:00;00"),
    # first-minute rollover: ;00 and ;01 (;00-;03 at 59.94) do not exist at 00:01:00
    (DF30, 1799, "00:00:59;29"),
    (DF30, 1800, "00:01:00;02"),
    (DF30, 1801, "00:01:00;03"),
    (DF60, 3599, "00:00:59;59"),
    (DF60, 3600, "00:01:00;04"),
    # second minute
    (DF30, 3597, "00:01:59;29"),
    (DF30, 3598, "00:02:00;02"),
    (DF60, 7195, "00:01:59;59"),
    (DF60, 7196, "00:02:00;04"),
    # every tenth minute keeps ;00
    (DF30, 17981, "00:09:59;29"),
    (DF30, 17982, "00:10:00;00"),
    (DF30, 17983, "00:10:00;01"),
    (DF30, 19782, "00:11:00;02"),
    (DF60, 35963, "00:09:59;59"),
    (DF60, 35964, "00:10:00;00"),
    (DF60, 39564, "00:11:00;04"),
    # the session hour
    (DF30, 107892, "01:00:00;00"),
    (DF60, 215784, "01:00:00;00"),
    (DF30, 107892 + 1800, "01:01:00;02"),
    # last label of the day
    (DF30, 2589407, "23:59:59;29"),
    (DF60, 5178815, "23:59:59;59"),
]


@pytest.mark.parametrize(("rate", "frames", "label"), DROP_FRAME_TABLE)
def test_drop_frame_label_to_frames(rate: FrameRate, frames: int, label: str) -> None:
    assert tc_to_frames(label, rate=rate) == frames


@pytest.mark.parametrize(("rate", "frames", "label"), DROP_FRAME_TABLE)
def test_drop_frame_frames_to_label(rate: FrameRate, frames: int, label: str) -> None:
    assert frames_to_tc(frames, rate=rate) == label


@pytest.mark.parametrize("rate", [DF30, DF60], ids=str)
def test_drop_frame_24_hour_wrap(rate: FrameRate) -> None:
    last = tc_to_frames(f"23:59:59;{rate.base - 1}", rate=rate)
    assert frames_to_tc(last + 1, rate=rate) == "00:00:00;00"
    assert frames_to_tc(-1, rate=rate) == f"23:59:59;{rate.base - 1}"
    assert last + 1 == rate.frames_per_day


@pytest.mark.parametrize(
    ("label", "rate"),
    [
        ("01:00:00;00", DF30),
        ("01.00.00.00", DF30),
        ("01;00;00;00", DF30),
        ("01:00:00.00", DF30),
        ("01:00:00:00", DF30),
        ("1:00:00;00", DF30),
        ("  01:00:00;00\n", DF30),
    ],
)
def test_drop_frame_spellings(label: str, rate: FrameRate) -> None:
    assert tc_to_frames(label, rate=rate) == 107892


def test_one_real_hour_at_2997df_reads_one_hour() -> None:
    frames = seconds_to_frames(3600, rate=DF30)
    assert frames == 107892
    assert frames_to_tc(frames, rate=DF30) == "01:00:00;00"


# -- non-drop known values ----------------------------------------------------------------

NON_DROP_TABLE = [
    ("24", 0, "00:00:00:00"),
    ("24", 23, "00:00:00:23"),
    ("24", 24, "00:00:01:00"),
    ("24", 86400, "01:00:00:00"),
    ("23.976", 86400, "01:00:00:00"),
    ("25", 90000, "01:00:00:00"),
    ("29.97", 108000, "01:00:00:00"),
    ("29.97", 1800, "00:01:00:00"),
    ("30", 2591999, "23:59:59:29"),
    ("47.952", 172800 + 47, "01:00:00:47"),
    ("50", 180049, "01:00:00:49"),
    ("59.94", 3600, "00:01:00:00"),
    ("60", 216000, "01:00:00:00"),
]


@pytest.mark.parametrize(("rate", "frames", "label"), NON_DROP_TABLE)
def test_non_drop_both_directions(rate: str, frames: int, label: str) -> None:
    assert tc_to_frames(label, rate=RATES[rate]) == frames
    assert frames_to_tc(frames, rate=RATES[rate]) == label


def test_one_real_hour_at_23976_reads_00_59_56_10() -> None:
    rate = RATES["23.976"]
    frames = seconds_to_frames(3600, rate=rate)
    assert frames == 86314
    assert frames_to_tc(frames, rate=rate) == "00:59:56:10"


def test_one_digit_hours_and_whitespace() -> None:
    assert tc_to_frames("1:00:00:00", rate=RATES["24"]) == 86400
    assert tc_to_frames(" 01:00:00:00 ", rate=RATES["24"]) == 86400


def test_rate_can_be_given_by_name() -> None:
    assert tc_to_frames("01:00:00;00", rate="29.97 DF") == 107892
    assert frames_to_tc(107892, rate="29.97df") == "01:00:00;00"


@pytest.mark.parametrize(
    ("frames", "wrapped"), [(-1, 2073599), (2073600, 0), (2073601, 1), (-2073600, 0)]
)
def test_wrap_frames(frames: int, wrapped: int) -> None:
    assert wrap_frames(frames, rate=RATES["24"]) == wrapped


def test_frames_to_tc_wraps_a_day() -> None:
    assert frames_to_tc(2073600 + 86400, rate=RATES["24"]) == "01:00:00:00"
    assert frames_to_tc(-24, rate=RATES["24"]) == "23:59:59:00"


def test_duration_does_not_wrap() -> None:
    assert duration_to_tc(25 * 86400 * 2, rate=RATES["25"]) == "48:00:00:00"
    assert duration_to_tc(DF30.frames_per_day + 1800, rate=DF30) == "24:01:00;02"
    assert duration_to_tc(1800, rate=DF30) == "00:01:00;02"
    assert split_frames(86400 * 24 * 3, rate=RATES["24"]) == (72, 0, 0, 0)


# -- seconds, samples, rates --------------------------------------------------------------


def test_frames_to_seconds_is_exact() -> None:
    assert frames_to_seconds(1, rate=RATES["23.976"]) == Fraction(1001, 24000)
    assert frames_to_seconds(86400, rate=RATES["24"]) == 3600
    assert frames_to_seconds(107892, rate=DF30) == Fraction(107892 * 1001, 30000)


@pytest.mark.parametrize(
    ("seconds", "rounding", "frames"),
    [
        (Fraction(1, 48), "nearest", 1),  # exactly half a frame rounds up
        (Fraction(1, 48), "floor", 0),
        (Fraction(1, 48), "ceil", 1),
        (Fraction(-1, 48), "nearest", 0),  # half up, towards +infinity
        (0.5, "nearest", 12),
        ("12.5", "nearest", 300),
        ("1/3", "nearest", 8),
        (0.1, "floor", 2),  # 0.1 read as exactly 1/10: 2.4 frames
        (Fraction(99, 24) + Fraction(1, 1000), "floor", 99),
    ],
)
def test_seconds_to_frames_rounding(seconds: object, rounding: str, frames: int) -> None:
    assert seconds_to_frames(seconds, rate=RATES["24"], rounding=rounding) == frames  # type: ignore[arg-type]


def test_seconds_floats_are_read_through_their_decimal_text() -> None:
    # The binary float 0.1 is a hair over 1/10, which would make ceil give 4 at 30 fps.
    assert seconds_to_frames(0.1, rate=RATES["30"], rounding="ceil") == 3
    assert seconds_to_frames(0.7, rate=RATES["30"], rounding="floor") == 21


@pytest.mark.parametrize(
    ("rate", "frames", "sample_rate", "samples"),
    [
        ("23.976", 1, 48000, 2002),  # exactly 2002
        ("23.976", 86400, 48000, 86400 * 2002),
        ("24", 1, 48000, 2000),
        ("25", 1, 44100, 1764),
        ("29.97", 1, 48000, 1602),  # 1601.6 -> nearest
        ("29.97", 2, 48000, 3203),  # 3203.2
        ("29.97", 5, 48000, 8008),  # exact
        ("29.97df", 107892, 48000, 172_799_827),  # 172799827.2
        ("59.94", 1, 48000, 801),  # 800.8
        ("30", 1, 96000, 3200),
    ],
)
def test_frames_to_samples(rate: str, frames: int, sample_rate: int, samples: int) -> None:
    assert frames_to_samples(frames, rate=RATES[rate], sample_rate=sample_rate) == samples


def test_frames_to_samples_rounds_half_up() -> None:
    # One frame at 24 fps with a 12 Hz sample rate is exactly half a sample.
    assert frames_to_samples(1, rate=RATES["24"], sample_rate=12) == 1
    assert frames_to_samples(-1, rate=RATES["24"], sample_rate=12) == 0


def test_samples_to_frames() -> None:
    rate = RATES["29.97"]
    assert samples_to_frames(1601, rate=rate, sample_rate=48000) == 0
    assert samples_to_frames(1602, rate=rate, sample_rate=48000) == 1
    assert samples_to_frames(1601, rate=rate, sample_rate=48000, rounding="nearest") == 1
    assert samples_to_frames(8008, rate=rate, sample_rate=48000) == 5
    assert samples_to_frames(2002 * 86400, rate=RATES["23.976"], sample_rate=48000) == 86400


@pytest.mark.parametrize(
    ("frames", "from_rate", "to_rate", "expected"),
    [
        (86400, "24", "25", 90000),  # one hour of real time
        (86400, "24", "23.976", 86314),  # same real time, video-speed frames
        (86314, "23.976", "24", 86400),
        (107892, "29.97df", "29.97", 107892),  # same speed, other labels
        (107892, "29.97df", "30", 108000),  # 107999.892 -> 108000
        (1, "24", "48", 2),
        (1, "48", "24", 1),  # half a frame rounds up
        (86400, "23.976", "29.97df", 108000),  # both at video speed: exactly 5/4
    ],
)
def test_convert_frames(frames: int, from_rate: str, to_rate: str, expected: int) -> None:
    result = convert_frames(frames, from_rate=RATES[from_rate], to_rate=RATES[to_rate])
    assert result == expected


def test_convert_frames_rounding() -> None:
    assert convert_frames(1, from_rate="48", to_rate="24", rounding="floor") == 0
    assert convert_frames(1, from_rate="24", to_rate="25", rounding="ceil") == 2


def test_converting_a_position_keeps_real_time() -> None:
    start = tc_to_frames("01:00:00:00", rate="24")
    assert frames_to_tc(convert_frames(start, from_rate="24", to_rate="25"), rate="25") == (
        "01:00:00:00"
    )
    on_df = convert_frames(start, from_rate="24", to_rate=DF30)  # 107892.1 frames
    assert frames_to_tc(on_df, rate=DF30) == "01:00:00;00"
    df_hour = tc_to_frames("01:00:00;00", rate=DF30)
    on_ndf = convert_frames(df_hour, from_rate=DF30, to_rate="29.97")
    assert frames_to_tc(on_ndf, rate="29.97") == "00:59:56:12"


# -- positions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rate", "frames"),
    [
        ("01:00:00:00", "24", 86400),
        ("01:00:00;00", "29.97df", 107892),
        ("1234f", "24", 1234),
        ("1234 F", "24", 1234),
        ("12.5s", "24", 300),
        ("0.02s", "25", 1),  # half a frame rounds up
        ("3600s", "23.976", 86314),
        ("123+04", "24", 1972),
        (" 1+00 ", "24", 16),
    ],
)
def test_parse_position(text: str, rate: str, frames: int) -> None:
    assert parse_position(text, rate=RATES[rate]) == frames


def test_parse_position_feet_use_the_gauge() -> None:
    assert parse_position("3+00", rate="24", gauge="35mm-3perf") == 64
    assert parse_position("1+00", rate="24", gauge="16mm") == 40


# -- properties ---------------------------------------------------------------------------


@given(rate=rates, frames=st.integers(min_value=-(10**9), max_value=10**9))
def test_frames_label_frames_round_trip(rate: FrameRate, frames: int) -> None:
    label = frames_to_tc(frames, rate=rate)
    assert tc_to_frames(label, rate=rate) == wrap_frames(frames, rate=rate)


@given(rate=rates, frames=st.integers(min_value=0, max_value=10**8))
def test_duration_label_is_the_split_fields(rate: FrameRate, frames: int) -> None:
    hours, minutes, seconds, frame = split_frames(frames, rate=rate)
    separator = ";" if rate.drop else ":"
    label = f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{frame:02d}"
    assert duration_to_tc(frames, rate=rate) == label
    assert 0 <= frame < rate.base and 0 <= seconds < 60 and 0 <= minutes < 60
    within_day = frames % rate.frames_per_day
    assert frames_to_tc(frames, rate=rate) == duration_to_tc(within_day, rate=rate)


@given(
    rate=rates,
    seconds=st.fractions(min_value=-(10**6), max_value=10**6, max_denominator=10**6),
)
def test_seconds_frames_seconds_within_half_a_frame(rate: FrameRate, seconds: Fraction) -> None:
    frames = seconds_to_frames(seconds, rate=rate)
    error = frames_to_seconds(frames, rate=rate) - seconds
    half_frame = 1 / (2 * rate.fps)
    assert -half_frame < error <= half_frame


@given(rate=rates, frames=st.integers(min_value=-(10**9), max_value=10**9))
def test_frames_seconds_frames_is_exact(rate: FrameRate, frames: int) -> None:
    assert seconds_to_frames(frames_to_seconds(frames, rate=rate), rate=rate) == frames


@given(
    rate=rates,
    frames=st.integers(min_value=-(10**8), max_value=10**8),
    sample_rate=st.sampled_from([44100, 48000, 96000]),
)
def test_samples_round_trip_to_the_frame(rate: FrameRate, frames: int, sample_rate: int) -> None:
    samples = frames_to_samples(frames, rate=rate, sample_rate=sample_rate)
    assert samples_to_frames(samples, rate=rate, sample_rate=sample_rate, rounding="nearest") == (
        frames
    )


@given(from_rate=rates, to_rate=rates, frames=st.integers(min_value=-(10**8), max_value=10**8))
def test_convert_frames_lands_within_half_a_frame(
    from_rate: FrameRate, to_rate: FrameRate, frames: int
) -> None:
    converted = convert_frames(frames, from_rate=from_rate, to_rate=to_rate)
    seconds = frames_to_seconds(frames, rate=from_rate)
    error = frames_to_seconds(converted, rate=to_rate) - seconds
    assert abs(error) <= 1 / (2 * to_rate.fps)
