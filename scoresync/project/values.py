"""The values of a project file, read one at a time: the rule for each kind of field.

Each reader takes a value as JSON gives it (text, a number, ``true``/``false``, ``null``)
and returns what the model holds (integer frames, a :class:`~fractions.Fraction`, a
:class:`~tempo.map.meter.Meter` ...), or raises :class:`ValueProblem` with the problem in
the file's words. The file schema's validators (:mod:`scoresync.project.schema`) and the
fast reader of canonical files (:mod:`scoresync.project.wire`) both read through these,
so a value means the same thing whichever path reads it.

>>> read_bpm("117.55")
Fraction(2351, 20)
>>> try:
...     read_weight(-1)
... except ValueProblem as problem:
...     print(problem.kind, "-", problem.message)
weight - must be more than 0 and at most 100, got -1
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any, TypeVar

from scoresync.errors import ProjectError, ScoreSyncError, TempoError, TimecodeError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.places import shown
from tempo.common.exact import (
    BEATS,
    BPM,
    PICKUP_BEATS,
    TOLERANCE_FRAMES,
    WEIGHT,
    Range,
    to_fraction,
)
from tempo.map.barnumbers import PickupBar

__all__ = [
    "ValueProblem",
    "read_beats",
    "read_bpm",
    "read_cue_number",
    "read_named",
    "read_pickup",
    "read_pickup_bar",
    "read_share",
    "read_text",
    "read_timecode",
    "read_tolerance",
    "read_weight",
    "tolerance_value",
]

_T = TypeVar("_T")


class ValueProblem(ScoreSyncError):
    """A value a field cannot hold: ``kind`` names the rule (``bpm``, ``timecode`` ...),
    ``message`` says what is wrong in the file's words."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


def read_timecode(value: object, rate: FrameRate) -> int:
    """A position: a timecode label at ``rate`` as frames since ``00:00:00:00``."""
    if not isinstance(value, str):
        raise ValueProblem(
            "timecode_type", f'a timecode is text such as "01:00:10:00", got {shown(value)}'
        )
    try:
        return tc_to_frames(value, rate=rate)
    except TimecodeError as error:
        raise ValueProblem("timecode", str(error)) from None


def read_cue_number(value: object) -> CueNumber:
    """A cue number written as text: ``"1M1"``, ``"2M3A"``."""
    if not isinstance(value, str):
        raise ValueProblem(
            "cue_number_type", f'a cue number is text such as "1M1", got {shown(value)}'
        )
    try:
        return CueNumber.parse(value)
    except ValueError as error:
        raise ValueProblem("cue_number", str(error)) from None


def read_tolerance(value: object) -> Fraction:
    """How far off a hit still counts as caught, in frames: a JSON number or text such as
    ``"1/3"``, in the range of :data:`tempo.common.exact.TOLERANCE_FRAMES`."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueProblem(
            "tolerance_type", f"a tolerance is a number of frames, got {shown(value)}"
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueProblem(
            "tolerance", f"a tolerance must be a finite number of frames, got {shown(value)}"
        )
    try:
        frames = to_fraction(value, what="tolerance")
    except TempoError:
        raise ValueProblem(
            "tolerance", f'{shown(value)} is not a number of frames: write e.g. 1, 0.5 or "1/3"'
        ) from None
    if not TOLERANCE_FRAMES.holds(frames):
        raise ValueProblem(
            "tolerance", f"a tolerance must be {TOLERANCE_FRAMES.text}, got {shown(value)}"
        )
    return frames


def tolerance_value(frames: Fraction) -> int | float | str:
    """How a tolerance is written: a JSON number when a short decimal holds it exactly,
    else text such as ``"1/3"`` (the inverse of :func:`read_tolerance`)."""
    if frames.denominator == 1:
        return frames.numerator
    as_float = float(frames)
    if Fraction(repr(as_float)) == frames:
        return as_float
    return f"{frames.numerator}/{frames.denominator}"


def read_weight(value: object) -> float:
    """How much catching a hit matters: a JSON number in the range of
    :data:`tempo.common.exact.WEIGHT`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueProblem("weight_type", f"must be a number, got {shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueProblem("weight", f"must be a finite number, got {shown(value)}")
    if not WEIGHT.holds(float(value) if isinstance(value, float) else Fraction(value)):
        raise ValueProblem("weight", f"must be {WEIGHT.text}, got {shown(value)}")
    return float(value)


def _exact(value: object, kind: str, rule: Range, *, words: str = "{}") -> Fraction:
    """``value`` (a JSON number or text such as ``"117.55"`` or ``"240/7"``) as an exact
    number in the range ``rule``; else a ``kind`` problem ``must be <words>, got <value>``,
    the rule's text put into ``words``."""
    try:
        number = to_fraction(value, what=kind)
    except TempoError:
        number = None
    if number is None or not rule.holds(number):
        raise ValueProblem(kind, f"must be {words.format(rule.text)}, got {shown(value)}")
    return number


def read_beats(value: object) -> Fraction:
    """A segment's length in beats (:data:`tempo.common.exact.BEATS`)."""
    return _exact(value, "beats", BEATS, words="{} (or null for an open-ended last segment)")


def read_pickup(value: object) -> Fraction:
    """A pickup in beats (:data:`tempo.common.exact.PICKUP_BEATS`)."""
    return _exact(value, "pickup_beats", PICKUP_BEATS)


def read_bpm(value: object) -> Fraction:
    """A tempo in beats per minute (:data:`tempo.common.exact.BPM`)."""
    return _exact(value, "bpm", BPM, words="a number {}")


def read_text(kind: str, parse: Callable[[str], _T], default: _T, value: object) -> _T:
    """``value`` read as text with ``parse`` (``null`` is ``default``), its problems in the
    words of ``parse`` (a meter, a beat unit, a ramp shape)."""
    if value is None:
        return default
    if not isinstance(value, str):
        raise ValueProblem(kind, f"must be text, got {shown(value)}")
    try:
        return parse(value)
    except TempoError as error:
        raise ValueProblem(kind, str(error)) from None


def read_pickup_bar(value: object) -> PickupBar:
    """The number a pickup bar is shown with: 0 or 1."""
    if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
        return PickupBar(value)
    raise ValueProblem(
        "pickup_bar",
        "must be 0 (a pickup is bar 0, the concert convention) or 1 (the pickup bar is "
        f"bar 1, as MIDI readers count), got {shown(value)}",
    )


def read_share(value: object) -> Fraction:
    """A party's share in percent, exact: ``"50"``, ``"33.5"``, ``"100/3"``."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueProblem(
            "share_type", f'a share is a percentage such as "50", got {shown(value)}'
        )
    try:
        share = to_fraction(value, what="share")
    except TempoError:
        share = None
    if share is None or share < 0:
        raise ValueProblem(
            "share",
            f'a share is a percentage from 0, written e.g. "50", "33.5" or "100/3", '
            f"got {shown(value)}",
        )
    return share


def read_named(kind: str, enum: Any, value: object) -> Any:
    """The member of ``enum`` (a :mod:`scoresync.project.music` enum with ``parse``) that
    ``value`` names."""
    if not isinstance(value, str):
        raise ValueProblem(kind, f"must be text, got {shown(value)}")
    try:
        return enum.parse(value)
    except ProjectError as error:
        raise ValueProblem(kind, str(error)) from None
