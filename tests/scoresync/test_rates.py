"""Frame rates: exact values, parsing of the names people type, pull-down and pull-up."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest

from scoresync.errors import TimecodeError
from scoresync.picture.rates import (
    RATES,
    FrameRate,
    parse_rate,
    pull_down_seconds,
    pull_up_seconds,
    pulled_down,
    pulled_up,
)

# name, fps, base, drop, frames in 24 hours of labels
RATE_TABLE = [
    ("23.976", Fraction(24000, 1001), 24, False, 24 * 86400),
    ("24", Fraction(24), 24, False, 24 * 86400),
    ("25", Fraction(25), 25, False, 25 * 86400),
    ("29.97", Fraction(30000, 1001), 30, False, 30 * 86400),
    ("29.97df", Fraction(30000, 1001), 30, True, 2_589_408),
    ("30", Fraction(30), 30, False, 30 * 86400),
    ("47.952", Fraction(48000, 1001), 48, False, 48 * 86400),
    ("48", Fraction(48), 48, False, 48 * 86400),
    ("50", Fraction(50), 50, False, 50 * 86400),
    ("59.94", Fraction(60000, 1001), 60, False, 60 * 86400),
    ("59.94df", Fraction(60000, 1001), 60, True, 5_178_816),
    ("60", Fraction(60), 60, False, 60 * 86400),
]


def test_rates_are_exactly_the_twelve_names_in_order() -> None:
    assert list(RATES) == [row[0] for row in RATE_TABLE]


@pytest.mark.parametrize(("name", "fps", "base", "drop", "frames_per_day"), RATE_TABLE)
def test_rate_facts(name: str, fps: Fraction, base: int, drop: bool, frames_per_day: int) -> None:
    rate = RATES[name]
    assert (rate.name, rate.fps, rate.base, rate.drop) == (name, fps, base, drop)
    assert isinstance(rate.fps, Fraction)
    assert str(rate) == name
    assert rate.frames_per_day == frames_per_day


def test_drop_frame_counts_per_minute() -> None:
    assert RATES["29.97df"].dropped_per_minute == 2
    assert RATES["59.94df"].dropped_per_minute == 4
    assert RATES["29.97"].dropped_per_minute == 0
    assert RATES["29.97df"].frames_per_minute == 1798
    assert RATES["29.97df"].frames_per_ten_minutes == 17982
    assert RATES["59.94df"].frames_per_ten_minutes == 35964


def test_rate_is_a_frozen_value() -> None:
    rate = RATES["24"]
    with pytest.raises(AttributeError):
        rate.base = 25  # type: ignore[misc]
    assert rate == FrameRate("24", Fraction(24), 24, False)
    assert hash(rate) == hash(FrameRate("24", Fraction(24), 24, False))


def test_rates_order_by_real_speed_then_drop() -> None:
    assert sorted(RATES.values()) == list(RATES.values())
    assert RATES["23.976"] < RATES["24"] < RATES["25"]
    assert RATES["29.97"] < RATES["29.97df"] <= RATES["29.97df"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("23.976", "23.976"),
        ("23.98", "23.976"),
        ("23.97", "23.976"),
        ("24000/1001", "23.976"),
        ("24", "24"),
        ("24.0", "24"),
        ("24 fps", "24"),
        ("25fps", "25"),
        ("29.97", "29.97"),
        ("29.97 NDF", "29.97"),
        ("29.97 non-drop", "29.97"),
        ("30000/1001", "29.97"),
        ("29.97df", "29.97df"),
        ("29.97DF", "29.97df"),
        ("29.97 DF", "29.97df"),
        ("29.97-df", "29.97df"),
        ("29.97_df", "29.97df"),
        ("29.97 drop", "29.97df"),
        ("29.97 drop-frame", "29.97df"),
        ("30000/1001 df", "29.97df"),
        ("  30 ", "30"),
        ("47.952", "47.952"),
        ("47.95", "47.952"),
        ("48000/1001", "47.952"),
        ("48", "48"),
        ("50", "50"),
        ("59.94", "59.94"),
        ("60000/1001", "59.94"),
        ("59.94df", "59.94df"),
        ("59.94 DF", "59.94df"),
        ("60", "60"),
    ],
)
def test_parse_rate_spellings(text: str, name: str) -> None:
    assert parse_rate(text) is RATES[name]


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (24, "24"),
        (60, "60"),
        (Fraction(24000, 1001), "23.976"),
        (Fraction(30000, 1001), "29.97"),
        (Fraction(50), "50"),
        (23.976, "23.976"),
        (float(Fraction(30000, 1001)), "29.97"),
        (25.0, "25"),
    ],
)
def test_parse_rate_numbers(value: object, name: str) -> None:
    assert parse_rate(value) is RATES[name]  # type: ignore[arg-type]


def test_parse_rate_passes_a_rate_through() -> None:
    rate = RATES["59.94df"]
    assert parse_rate(rate) is rate


@pytest.mark.parametrize(
    ("rate", "down"),
    [("24", "23.976"), ("30", "29.97"), ("48", "47.952"), ("60", "59.94")],
)
def test_pulled_down_and_up(rate: str, down: str) -> None:
    assert pulled_down(RATES[rate]) is RATES[down]
    assert pulled_up(RATES[down]) is RATES[rate]
    assert RATES[down].fps == RATES[rate].fps * Fraction(1000, 1001)


def test_pulled_up_drops_the_drop_flag() -> None:
    assert pulled_up("29.97df") is RATES["30"]
    assert pulled_up("59.94df") is RATES["60"]


@pytest.mark.parametrize(
    ("call", "rate", "message"),
    [
        (pulled_down, "25", "no pulled-down rate"),
        (pulled_down, "50", "no pulled-down rate"),
        (pulled_down, "23.976", "already at video speed"),
        (pulled_down, "29.97df", "already at video speed"),
        (pulled_up, "24", "not a video-speed rate"),
        (pulled_up, "25", "not a video-speed rate"),
    ],
)
def test_pull_without_a_partner_rate_is_an_error(
    call: Callable[[str], FrameRate], rate: str, message: str
) -> None:
    with pytest.raises(TimecodeError, match=message):
        call(rate)


def test_pull_seconds_is_exactly_a_tenth_of_a_percent() -> None:
    assert pull_down_seconds(3600) == Fraction(36036, 10)
    assert pull_up_seconds(Fraction(36036, 10)) == 3600
    assert pull_down_seconds(Fraction(1, 3)) == Fraction(1001, 3000)
    assert pull_up_seconds(pull_down_seconds(Fraction(7, 11))) == Fraction(7, 11)
    assert pull_down_seconds(0.1) == Fraction(1001, 10000)


def test_one_film_second_at_video_speed_is_24_frames_at_23976() -> None:
    seconds_at_video_speed = pull_down_seconds(1)
    assert seconds_at_video_speed * RATES["23.976"].fps == 24
