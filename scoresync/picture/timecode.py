"""Exact picture time: timecode labels, frames, seconds and samples.

A position is an integer count of frames since ``00:00:00:00`` at a :class:`FrameRate`.
Seconds are derived from it exactly (as :class:`~fractions.Fraction`), never stored.

Labels read ``HH:MM:SS:FF``. In drop-frame timecode (29.97df, 59.94df) the labels
``;00`` and ``;01`` (``;00`` to ``;03`` at 59.94df) are skipped at the start of every
minute not divisible by ten, and labels are written ``HH:MM:SS;FF``. When reading, ``;``
or ``.`` marks drop frame, either as the last separator (``01:00:00;00``) or as every
separator (``01;00;00;00``). At a drop-frame rate a label typed with ``:`` only is read
as drop frame too, since that rate has no other way to count. A drop-frame label at a
non-drop rate is an error, as is a label that drop frame skips: nothing is silently
shifted.

>>> from scoresync.picture.rates import parse_rate
>>> tc_to_frames("01:00:00;00", rate=parse_rate("29.97df"))
107892
>>> frames_to_tc(1800, rate=parse_rate("29.97df"))
'00:01:00;02'
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, Literal

from scoresync.errors import TimecodeError
from scoresync.picture.feet import default_film_fps, feet_to_seconds
from scoresync.picture.rates import FrameRate, parse_rate
from tempo.common.exact import Number, to_fraction

__all__ = [
    "Rounding",
    "check_frames",
    "convert_frames",
    "duration_to_tc",
    "frame_and_eighths",
    "frames_to_samples",
    "frames_to_seconds",
    "frames_to_tc",
    "outside_day",
    "parse_position",
    "round_fraction",
    "samples_to_frames",
    "seconds_to_frames",
    "split_frames",
    "tc_to_frames",
    "wrap_frames",
]

Rounding = Literal["nearest", "floor", "ceil"]
RateLike = FrameRate | str

LABEL_FORM = "HH:MM:SS:FF (HH:MM:SS;FF for drop frame)"
_LABEL = re.compile(r"^([0-9]{1,2})([:;.])([0-9]{2})([:;.])([0-9]{2})([:;.])([0-9]{2})$")
_VALID_SEPARATORS = frozenset({":::", "::;", "::.", ";;;", "..."})
_NON_DROP_SEPARATORS = frozenset({":::"})


def check_frames(frames: object, *, what: str = "frames") -> int:
    """Returns ``frames`` as an ``int``; raises :class:`TimecodeError` unless it is whole."""
    if isinstance(frames, bool):
        raise TimecodeError(f"{what} must be a whole number of frames, got {frames!r}")
    try:
        return operator.index(frames)  # type: ignore[arg-type]
    except TypeError:
        raise TimecodeError(
            f"{what} must be a whole number of frames, got {type(frames).__name__} {frames!r}"
        ) from None


def _check_rounding(rounding: str) -> None:
    if rounding not in ("nearest", "floor", "ceil"):
        raise TimecodeError(f"unknown rounding {rounding!r}: use 'nearest', 'floor' or 'ceil'")


def round_fraction(value: Fraction, rounding: Rounding = "nearest") -> int:
    """Rounds ``value`` to an int: ``nearest`` (halves round up), ``floor`` or ``ceil``."""
    _check_rounding(rounding)
    if rounding == "floor":
        return math.floor(value)
    if rounding == "ceil":
        return math.ceil(value)
    return math.floor(value + Fraction(1, 2))


def frame_and_eighths(frames_exact: Number) -> tuple[int, int]:
    """The nearest frame to an exact position (halves round up) and the rest, in whole
    eighths of a frame (halves round up): a timing sheet's ``+3`` column.

    >>> frame_and_eighths(Fraction(97, 8))
    (12, 1)
    """
    frames = math.floor(frames_exact + Fraction(1, 2))
    return frames, math.floor((frames_exact - frames) * 8 + Fraction(1, 2))


# -- labels -----------------------------------------------------------------------------


def _drop_rate_hint(rate: FrameRate) -> str:
    if rate.base == 30:
        return "use rate 29.97df for drop-frame timecode"
    if rate.base == 60:
        return "use rate 59.94df for drop-frame timecode"
    return "drop-frame timecode exists only at 29.97df and 59.94df"


def _split_label(label: object) -> tuple[str, int, int, int, int, str]:
    """Returns ``(text, hours, minutes, seconds, frame, separators)`` of a label's shape."""
    if not isinstance(label, str):
        raise TimecodeError(
            f"a timecode must be text such as '01:00:00:00', got {type(label).__name__} {label!r}"
        )
    text = label.strip()
    if not text:
        raise TimecodeError(f"empty timecode: write {LABEL_FORM}")
    match = _LABEL.match(text)
    if match is None:
        raise TimecodeError(f"{label!r} is not a timecode: write {LABEL_FORM}")
    hh, sep1, mm, sep2, ss, sep3, ff = match.groups()
    return text, int(hh), int(mm), int(ss), int(ff), sep1 + sep2 + sep3


def separators_allowed(rate: FrameRate) -> frozenset[str]:
    """The separator triples a label may use at ``rate``: ``:::`` always, and at a
    drop-frame rate also ``::;``, ``::.``, ``;;;`` and ``...``."""
    return _VALID_SEPARATORS if rate.drop else _NON_DROP_SEPARATORS


def _separator_problem(
    text: str, fields: tuple[int, int, int, int], separators: str, rate: FrameRate
) -> str | None:
    if separators not in _VALID_SEPARATORS:
        return (
            f"{text!r} mixes separators: write HH:MM:SS:FF, or HH:MM:SS;FF or HH;MM;SS;FF "
            "for drop frame"
        )
    if separators not in separators_allowed(rate):
        plain = "{:02d}:{:02d}:{:02d}:{:02d}".format(*fields)
        return (
            f"{text} is a drop-frame label but {rate} fps is non-drop: "
            f"{_drop_rate_hint(rate)}, or write {plain}"
        )
    return None


FieldRule = tuple[Callable[[Any, Any, Any, Any, FrameRate], Any], str]

FIELD_RULES: tuple[FieldRule, ...] = (
    (lambda h, m, s, f, rate: h < 24, "hour {h} does not exist: hours run 00-23"),
    (lambda h, m, s, f, rate: m < 60, "minute {m} does not exist: minutes run 00-59"),
    (lambda h, m, s, f, rate: s < 60, "second {s} does not exist: seconds run 00-59"),
    (
        lambda h, m, s, f, rate: f < rate.base,
        "frame {f} does not exist at {rate} fps: frames run 00-{last:02d}",
    ),
    (
        lambda h, m, s, f, rate: (
            not rate.dropped_per_minute or (s != 0) | (f >= rate.dropped_per_minute) | (m % 10 == 0)
        ),
        "is skipped in drop-frame timecode: minutes not divisible by 10 start at "
        ";{dropped:02d} (the next label is {h:02d}:{m:02d}:00;{dropped:02d})",
    ),
)
"""The rules every label's fields obey, each a predicate and the message for a label that
breaks it. The predicates use only comparisons, ``%`` and ``|``, so they hold for Python
integers and for NumPy arrays alike: the scalar reader and the bulk reader apply this one
table."""


def _check_fields(
    text: str, fields: tuple[int, int, int, int], rate: FrameRate, *, marked_drop: bool = True
) -> None:
    hours, minutes, seconds, frame = fields
    for index, (holds, message) in enumerate(FIELD_RULES):
        if holds(hours, minutes, seconds, frame, rate):
            continue
        said = message.format(
            h=hours,
            m=minutes,
            s=seconds,
            f=frame,
            rate=rate,
            last=rate.base - 1,
            dropped=rate.dropped_per_minute,
        )
        if index == len(FIELD_RULES) - 1:
            raise TimecodeError(
                f"{text} {said}"
                + ("" if marked_drop else f"; {rate} reads ':' labels as drop frame")
            )
        raise TimecodeError(f"timecode {text}: {said}")


def fields_to_frames(hours: Any, minutes: Any, seconds: Any, frame: Any, rate: FrameRate) -> Any:
    """The frames since midnight of a label's fields (integers or NumPy integer arrays wide
    enough for a day's frames); drop frame skips its labels at every minute but the tenth."""
    total_minutes = 60 * hours + minutes
    labels = (60 * total_minutes + seconds) * rate.base + frame
    if not rate.dropped_per_minute:
        return labels
    return labels - rate.dropped_per_minute * (total_minutes - total_minutes // 10)


def tc_to_frames(label: str, *, rate: RateLike) -> int:
    """Returns the frames since ``00:00:00:00`` that the timecode ``label`` names.

    ``:`` separates non-drop labels; ``;`` or ``.`` (last or every separator) marks drop
    frame. At 29.97df and 59.94df a ``:`` label counts as drop frame. Surrounding
    whitespace and one-digit hours are accepted. Raises :class:`TimecodeError` naming
    the problem: a field out of range, a label drop frame skips, a drop-frame label at a
    non-drop rate, or text that is not a timecode.

    >>> tc_to_frames("01:00:00:00", rate=parse_rate("24"))
    86400
    """
    rate = parse_rate(rate)
    text, hours, minutes, seconds, frame, separators = _split_label(label)
    fields = (hours, minutes, seconds, frame)
    problem = _separator_problem(text, fields, separators, rate)
    if problem is not None:
        raise TimecodeError(problem)
    _check_fields(text, fields, rate, marked_drop=separators[-1] != ":")
    return fields_to_frames(hours, minutes, seconds, frame, rate)


def split_frames(frames: int, *, rate: RateLike) -> tuple[int, int, int, int]:
    """Returns the ``(hours, minutes, seconds, frame)`` label fields of a frame count.

    No wrap: hours grow past 23. ``frames`` must not be negative.
    """
    rate = parse_rate(rate)
    frames = check_frames(frames)
    if frames < 0:
        raise TimecodeError(f"cannot label a negative frame count ({frames} frames)")
    dropped = rate.dropped_per_minute
    if dropped:
        tens, within = divmod(frames, rate.frames_per_ten_minutes)
        skipped_minutes = 9 * tens + max(within - dropped, 0) // rate.frames_per_minute
        frames += dropped * skipped_minutes
    seconds_total, frame = divmod(frames, rate.base)
    minutes_total, seconds = divmod(seconds_total, 60)
    hours, minutes = divmod(minutes_total, 60)
    return hours, minutes, seconds, frame


def _format(fields: tuple[int, int, int, int], rate: FrameRate) -> str:
    hours, minutes, seconds, frame = fields
    sep = ";" if rate.drop else ":"
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{frame:02d}"


def outside_day(frames: int, *, rate: RateLike) -> str | None:
    """Where ``frames`` lies when no timecode label names it (before ``00:00:00:00`` or
    after the last frame of the day), or ``None`` inside the day: the one rule for every
    position that must have a label.

    >>> outside_day(2592000, rate=parse_rate("24")).split(",")[0]
    'it lies 06:00:00:01 after 23:59:59:23'
    >>> outside_day(2073599, rate=parse_rate("24")) is None
    True
    """
    rate = parse_rate(rate)
    last_frames = rate.frames_per_day - 1
    if 0 <= frames <= last_frames:
        return None
    last = frames_to_tc(last_frames, rate=rate)
    where = (
        f"{duration_to_tc(-frames, rate=rate)} before 00:00:00:00"
        if frames < 0
        else f"{duration_to_tc(frames - last_frames, rate=rate)} after {last}"
    )
    return (
        f"it lies {where}, where no timecode reaches at {rate} fps (timecode runs "
        f"00:00:00:00 to {last})"
    )


def wrap_frames(frames: int, *, rate: RateLike) -> int:
    """Returns ``frames`` wrapped into one 24-hour day, ``0 <= result < frames_per_day``."""
    rate = parse_rate(rate)
    return check_frames(frames) % rate.frames_per_day


def frames_to_tc(frames: int, *, rate: RateLike) -> str:
    """Returns the timecode label of a frame count, wrapping at 24 hours.

    Negative counts and counts of a day or more wrap modulo a day. Drop-frame labels
    use ``;`` before the frames: ``01:00:00;00``.

    >>> frames_to_tc(-1, rate=parse_rate("24"))
    '23:59:59:23'
    """
    rate = parse_rate(rate)
    return _format(split_frames(wrap_frames(frames, rate=rate), rate=rate), rate)


BULK = 2000
"""From how many positions on :func:`labels_of` and :func:`frames_of` work with NumPy
(imported then, see :mod:`scoresync.picture.bulk`): below it, one by one is as quick."""


def labels_of(frames: Sequence[int], *, rate: RateLike) -> list[str]:
    """The label of each of ``frames``, as :func:`frames_to_tc` makes it, in one call."""
    rate = parse_rate(rate)
    if len(frames) < BULK:
        return [frames_to_tc(position, rate=rate) for position in frames]
    from scoresync.picture.bulk import frames_to_tc_array

    labels: list[str] = frames_to_tc_array(list(frames), rate=rate).tolist()
    return labels


def frames_of(labels: Sequence[str], *, rate: RateLike) -> list[int]:
    """The frames of each of ``labels``, as :func:`tc_to_frames` reads it, in one call."""
    rate = parse_rate(rate)
    if len(labels) < BULK:
        return [tc_to_frames(label, rate=rate) for label in labels]
    from scoresync.picture.bulk import tc_to_frames_array

    frames: list[int] = tc_to_frames_array(list(labels), rate=rate).tolist()
    return frames


def duration_to_tc(frames: int, *, rate: RateLike) -> str:
    """Returns a duration of ``frames`` written as timecode, without wrapping at 24 hours.

    At drop-frame rates a duration is written as the drop-frame label that many frames
    after ``00:00:00;00``, as editing systems show it. Durations are never negative.

    >>> duration_to_tc(90, rate=parse_rate("25"))
    '00:00:03:15'
    """
    rate = parse_rate(rate)
    frames = check_frames(frames)
    if frames < 0:
        raise TimecodeError(f"a duration cannot be negative, got {frames} frames")
    return _format(split_frames(frames, rate=rate), rate)


# -- seconds, samples, other rates -----------------------------------------------------


def frames_to_seconds(frames: int, *, rate: RateLike) -> Fraction:
    """Returns the exact real time of ``frames`` at ``rate``, in seconds."""
    rate = parse_rate(rate)
    return check_frames(frames) / rate.fps


def seconds_to_frames(
    seconds: Fraction | int | float | str,
    *,
    rate: RateLike,
    rounding: Rounding = "nearest",
) -> int:
    """Returns the frame count nearest ``seconds`` (or its floor or ceiling) at ``rate``.

    Floats and text are read exactly through their decimal text; ``nearest`` rounds
    halves up.

    >>> seconds_to_frames(3600, rate=parse_rate("23.976"))
    86314
    """
    rate = parse_rate(rate)
    return round_fraction(
        to_fraction(seconds, what="seconds", error=TimecodeError) * rate.fps, rounding
    )


def _check_sample_rate(sample_rate: object) -> int:
    if isinstance(sample_rate, bool) or not isinstance(sample_rate, int) or sample_rate <= 0:
        raise TimecodeError(
            f"sample rate must be a positive whole number of samples per second "
            f"(e.g. 48000), got {sample_rate!r}"
        )
    return sample_rate


def frames_to_samples(frames: int, *, rate: RateLike, sample_rate: int) -> int:
    """Returns the sample nearest the start of frame ``frames`` (halves round up).

    >>> frames_to_samples(1, rate=parse_rate("23.976"), sample_rate=48000)
    2002
    """
    rate = parse_rate(rate)
    samples = check_frames(frames) * _check_sample_rate(sample_rate) / rate.fps
    return round_fraction(samples, "nearest")


def samples_to_frames(
    samples: int, *, rate: RateLike, sample_rate: int, rounding: Rounding = "floor"
) -> int:
    """Returns the frame that sample ``samples`` falls in (``floor``), or the nearest."""
    rate = parse_rate(rate)
    samples = check_frames(samples, what="samples")
    return round_fraction(samples * rate.fps / _check_sample_rate(sample_rate), rounding)


def convert_frames(
    frames: int, *, from_rate: RateLike, to_rate: RateLike, rounding: Rounding = "nearest"
) -> int:
    """Returns the frame count at ``to_rate`` of the same real time as ``frames``.

    >>> convert_frames(86400, from_rate=parse_rate("24"), to_rate=parse_rate("25"))
    90000
    """
    from_rate, to_rate = parse_rate(from_rate), parse_rate(to_rate)
    return round_fraction(check_frames(frames) * to_rate.fps / from_rate.fps, rounding)


# -- positions typed by users -----------------------------------------------------------

POSITION_FORMS = (
    "a timecode (01:02:03:04, or 01:02:03;04 for drop frame), frames (1234f), "
    "seconds (12.5s) or feet+frames (123+04)"
)
_FRAMES_TEXT = re.compile(r"^(-?[0-9]+)\s*f$")
_SECONDS_TEXT = re.compile(r"^(-?[0-9]+(?:\.[0-9]*)?|-?\.[0-9]+)\s*s$")
_FEET_TEXT = re.compile(r"^-?[0-9]+\s*\+\s*[0-9]+$")
_TIMECODE_LIKE = re.compile(r"^[0-9]+[:;.][0-9]+[:;.][0-9]+[:;.][0-9]+$")


MAX_POSITION_TEXT = 32
"""The longest position text read, in characters: a timecode takes 11, and any number of
frames, seconds or feet within a day takes far fewer than 32."""


def parse_position(
    text: str,
    *,
    rate: RateLike,
    origin_frames: int = 0,
    gauge: str = "35mm-4perf",
    film_fps: Fraction | None = None,
) -> int:
    """Returns the frame count a user-typed position names.

    A timecode label names its frame (frames since midnight). The other forms are
    durations counted from ``origin_frames``, the field's natural origin (a cue's start
    for a hit or a downbeat, midnight where there is none): ``1234f`` (frames), ``12.5s``
    (seconds, rounded to the nearest frame), ``123+04`` (feet+frames of ``gauge``: film
    at ``film_fps``, by default 24 fps or 25 for 25 and 50 fps pictures, over the same real
    time, see :mod:`scoresync.picture.feet`; rounded to the nearest frame); a leading ``-``
    counts back. Whatever the form, the position must fall inside the day
    that timecode labels (:func:`outside_day`), as a typed ``30:00:00:00`` must: ``2592000f``
    at 24 fps is refused, not wrapped to ``06:00:00:00``.

    >>> parse_position("12.5s", rate=parse_rate("24"))
    300
    >>> parse_position("2s", rate=parse_rate("24"), origin_frames=86400)
    86448
    >>> parse_position("1+08", rate=parse_rate("24"))
    24
    >>> parse_position("1+08", rate=parse_rate("29.97"))  # a second of film: 30 video frames
    30
    """
    rate = parse_rate(rate)
    if not isinstance(text, str):
        raise TimecodeError(
            f"a position must be text, got {type(text).__name__} {text!r}: write {POSITION_FORMS}"
        )
    stripped = text.strip().lower()
    if len(stripped) > MAX_POSITION_TEXT:
        raise TimecodeError(
            f"{stripped[:20]!r}... is {len(stripped)} characters long, too long for a "
            f"position: write {POSITION_FORMS}"
        )
    film = default_film_fps(rate.fps) if film_fps is None else film_fps
    frames = _position_frames(
        stripped, rate=rate, origin_frames=origin_frames, gauge=gauge, film_fps=film
    )
    if frames is None:
        if not stripped:
            raise TimecodeError(f"empty position: write {POSITION_FORMS}")
        raise TimecodeError(f"{text!r} is not a position: write {POSITION_FORMS}")
    problem = outside_day(frames, rate=rate)
    if problem is not None:
        raise TimecodeError(f"{text.strip()!r}: {problem}; give a position within the day")
    return frames


def _position_frames(
    text: str, *, rate: FrameRate, origin_frames: int, gauge: str, film_fps: Fraction
) -> int | None:
    """The frame count ``text`` (stripped, lower case) names in any form, or ``None``."""
    if match := _FRAMES_TEXT.match(text):
        return origin_frames + int(match[1])
    if match := _SECONDS_TEXT.match(text):
        return origin_frames + seconds_to_frames(match[1], rate=rate)
    if _FEET_TEXT.match(text):
        seconds = feet_to_seconds(text, gauge=gauge, film_fps=film_fps)
        return origin_frames + seconds_to_frames(seconds, rate=rate)
    if _TIMECODE_LIKE.match(text):
        return tc_to_frames(text, rate=rate)
    return None
