"""The click book: F-e frame clicks, their tempos and click times."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tempo.calc.clickbook import (
    bpm_to_click,
    click_to_bpm,
    format_click,
    nearest_click,
    parse_click,
)
from tempo.common.errors import TempoError

FPS_24 = Fraction(24)
FPS_23976 = Fraction(24000, 1001)
FPS_25 = Fraction(25)
FPS_2997 = Fraction(30000, 1001)


@pytest.mark.parametrize(
    "click, fps, shown",
    [
        ("12-0", FPS_24, "120.00"),
        ("12-2", FPS_24, "117.55"),
        ("10-0", FPS_24, "144.00"),
        ("12-0", FPS_23976, "119.88"),
        ("12-0", FPS_25, "125.00"),
        ("20-0", FPS_24, "72.00"),
        ("8-0", FPS_24, "180.00"),
        ("15-4", FPS_24, "92.90"),
        ("12-0", FPS_2997, "149.85"),
    ],
)
def test_click_book_table(click, fps, shown):
    assert f"{float(click_to_bpm(click, fps=fps)):.2f}" == shown


def test_one_eighth_of_a_frame_at_24_fps_is_1_192_s():
    assert 60 / click_to_bpm("0-1", fps=FPS_24) == Fraction(1, 192)
    assert 60 / click_to_bpm("12-2", fps=FPS_24) == Fraction(49, 4) / 24


def test_exact_tempos():
    assert click_to_bpm("12-0", fps=FPS_24) == 120
    assert click_to_bpm("12-2", fps=FPS_24) == Fraction(5760, 49)
    assert click_to_bpm("12-0", fps=FPS_23976) == Fraction(120000, 1001)
    assert click_to_bpm(Fraction(49, 4), fps=FPS_24) == Fraction(5760, 49)


@pytest.mark.parametrize("eighths", range(1, 8 * 40))
def test_every_eighth_round_trips(eighths):
    frames_per_beat = Fraction(eighths, 8)
    text = format_click(frames_per_beat)
    assert parse_click(text) == frames_per_beat
    frames, rest = text.split("-")
    assert int(frames) * 8 + int(rest) == eighths and 0 <= int(rest) <= 7
    bpm = click_to_bpm(text, fps=FPS_24)
    assert bpm_to_click(bpm, fps=FPS_24) == frames_per_beat
    assert nearest_click(bpm, fps=FPS_24) == (text, bpm)


def test_parse_forms():
    assert parse_click("12") == 12
    assert parse_click(" 12 - 3 ") == Fraction(99, 8)
    assert parse_click("0-4") == Fraction(1, 2)


@pytest.mark.parametrize(
    "text, message",
    [
        ("12-8", "eighths after the dash must be 0 to 7"),
        ("12.2", "write frames and eighths"),
        ("-12", "write frames and eighths"),
        ("", "write frames and eighths"),
        ("0-0", "longer than 0 frames"),
    ],
)
def test_bad_clicks(text, message):
    with pytest.raises(TempoError, match=message):
        parse_click(text)


def test_format_refuses_non_eighths():
    with pytest.raises(TempoError, match="not a whole number of eighths"):
        format_click(Fraction(1, 3) + 12)
    with pytest.raises(TempoError, match="longer than 0"):
        format_click(Fraction(0))


def test_nearest_click():
    assert nearest_click(Fraction(118), fps=FPS_24) == ("12-2", Fraction(5760, 49))
    # 119.88 at 24 fps is 12.012 frames: 12-0 is nearest
    assert nearest_click(Fraction("119.88"), fps=FPS_24)[0] == "12-0"
    # exactly half way between 12-0 and 12-1 rounds to the longer click
    halfway_bpm = 60 * FPS_24 / (12 + Fraction(1, 16))
    assert nearest_click(halfway_bpm, fps=FPS_24)[0] == "12-1"


def test_float_frame_rates_are_refused():
    with pytest.raises(TempoError, match="24000, 1001"):
        click_to_bpm("12-0", fps=23.976)  # type: ignore[arg-type]
