"""Frame clicks, the click book's ``F-e`` notation.

A click ``F-e`` is F frames plus e eighths of a frame per beat (e is 0..7), so its tempo is
``BPM = 60 * fps / (F + e/8)`` and click n (1-based) falls at ``(n - 1) * (F + e/8) / fps``
seconds. Frame rates are exact fractions (23.976 is 24000/1001).

>>> click_to_bpm("12-0", fps=Fraction(24)), click_to_bpm("10-0", fps=Fraction(24))
(Fraction(120, 1), Fraction(144, 1))
>>> float(round(click_to_bpm("12-2", fps=Fraction(24)), 2))
117.55
>>> nearest_click(Fraction(118), fps=Fraction(24))
('12-2', Fraction(5760, 49))
"""

from __future__ import annotations

import math
import re
from fractions import Fraction

from tempo.common.errors import TempoError
from tempo.common.exact import format_fraction, to_fraction

__all__ = [
    "click_to_bpm",
    "bpm_to_click",
    "eighths_label",
    "eighths_to_bpm",
    "format_click",
    "nearest_click",
    "parse_click",
]

_CLICK_TEXT = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def parse_click(text: str) -> Fraction:
    """Frames per beat of a click written ``F-e`` (``"12-0"``, ``"12-3"``) or ``F``.

    >>> parse_click("12-2")
    Fraction(49, 4)
    """
    match = _CLICK_TEXT.match(text) if isinstance(text, str) else None
    if match is None:
        raise TempoError(
            f"unknown click {text!r}: write frames and eighths of a frame per beat, "
            "like 12-0, 12-3 or 12"
        )
    frames, eighths = int(match.group(1)), int(match.group(2) or 0)
    if eighths > 7:
        raise TempoError(
            f"unknown click {text!r}: the eighths after the dash must be 0 to 7 "
            f"(8 eighths make a frame: {frames + eighths // 8}-{eighths % 8})"
        )
    frames_per_beat = frames + Fraction(eighths, 8)
    if frames_per_beat <= 0:
        raise TempoError(f"unknown click {text!r}: a click must be longer than 0 frames")
    return frames_per_beat


def format_click(frames_per_beat: Fraction) -> str:
    """Writes frames per beat as ``F-e``; only whole eighths of a frame can be written.

    >>> format_click(Fraction(49, 4))
    '12-2'
    """
    frames_per_beat = to_fraction(frames_per_beat, what="frames per beat")
    if frames_per_beat <= 0:
        raise TempoError(
            f"a click must be longer than 0 frames, got {format_fraction(frames_per_beat)}"
        )
    eighths = frames_per_beat * 8
    if eighths.denominator != 1:
        raise TempoError(
            f"{format_fraction(frames_per_beat)} frames per beat is not a whole number of "
            "eighths of a frame, so it has no F-e click; use nearest_click"
        )
    return eighths_label(int(eighths))


def eighths_to_bpm(eighths: int, fps: Fraction) -> Fraction:
    """The tempo of a click ``eighths`` eighth-frames long, at an exact ``fps``: 480 fps /
    eighths (unchecked: the fast path of the solver's ranking)."""
    return 480 * fps / eighths


def eighths_label(eighths: int) -> str:
    """``"F-e"`` for a click ``eighths`` eighth-frames long: 98 is ``"12-2"``."""
    return f"{eighths // 8}-{eighths % 8}"


def click_to_bpm(click: str | Fraction, *, fps: Fraction) -> Fraction:
    """Tempo in BPM of a click (``"12-2"`` or frames per beat) at ``fps`` frames/second."""
    return 60 * _fps(fps) / _frames_per_beat(click)


def bpm_to_click(bpm: Fraction, *, fps: Fraction) -> Fraction:
    """Exact frames per beat of ``bpm`` at ``fps`` (pass it to :func:`format_click` when it
    is a whole number of eighths)."""
    tempo = to_fraction(bpm, what="bpm")
    if tempo <= 0:
        raise TempoError(f"bpm must be greater than 0, got {format_fraction(tempo)}")
    return 60 * _fps(fps) / tempo


def nearest_click(bpm: Fraction, *, fps: Fraction) -> tuple[str, Fraction]:
    """The eighth-of-a-frame click nearest to ``bpm`` (in frames per beat, halves rounded
    up) and its exact tempo."""
    eighths = max(1, math.floor(bpm_to_click(bpm, fps=fps) * 8 + Fraction(1, 2)))
    frames_per_beat = Fraction(eighths, 8)
    return format_click(frames_per_beat), click_to_bpm(frames_per_beat, fps=fps)


def _frames_per_beat(click: str | Fraction) -> Fraction:
    if isinstance(click, str):
        return parse_click(click)
    frames_per_beat = to_fraction(click, what="click")
    if frames_per_beat <= 0:
        raise TempoError(
            f"a click must be longer than 0 frames, got {format_fraction(frames_per_beat)}"
        )
    return frames_per_beat


def _fps(fps: Fraction) -> Fraction:
    if isinstance(fps, float):
        raise TempoError(
            f"fps must be exact, got the float {fps!r}: pass a Fraction or an int "
            "(23.976 is Fraction(24000, 1001), 29.97 is Fraction(30000, 1001))"
        )
    rate = to_fraction(fps, what="fps")
    if rate <= 0:
        raise TempoError(f"fps must be greater than 0, got {format_fraction(rate)}")
    return rate
