"""Frame rates: the exact real rate, the timecode counting base and the drop-frame flag.

A frame rate here is three separate facts. ``fps`` is the exact real rate as a
:class:`~fractions.Fraction` (``24000/1001`` for 23.976, never the float). ``base`` is
the number of frame labels per timecode second (24 for both 23.976 and 24). ``drop``
says whether labels are skipped to keep timecode close to the clock, which exists only
at 29.97 and 59.94.

Film speed and video speed differ by exactly 0.1 % (1000/1001). Changing between them
is always explicit: :func:`pulled_down`, :func:`pulled_up`, :func:`pull_down_seconds`
and :func:`pull_up_seconds`.

>>> parse_rate("23.98")
FrameRate(name='23.976', fps=Fraction(24000, 1001), base=24, drop=False)
>>> str(parse_rate("29.97 DF"))
'29.97df'
>>> parse_rate("29.97df").frames_per_day
2589408
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from scoresync.errors import TimecodeError
from tempo.common.exact import to_fraction

__all__ = [
    "RATES",
    "FrameRate",
    "parse_rate",
    "pull_down_seconds",
    "pull_up_seconds",
    "pulled_down",
    "pulled_up",
]

SECONDS_PER_DAY = 24 * 60 * 60
PULL_DOWN = Fraction(1000, 1001)
"""Video speed over film speed: 23.976 / 24."""


@dataclass(frozen=True)
class FrameRate:
    """A picture frame rate.

    ``fps`` is the exact real rate in frames per second, ``base`` the timecode counting
    base in frame labels per timecode second, ``drop`` the drop-frame flag. Rates order by
    real speed, then non-drop before drop.
    """

    name: str
    fps: Fraction
    base: int
    drop: bool

    def __str__(self) -> str:
        return self.name

    def _key(self) -> tuple[Fraction, bool]:
        return (self.fps, self.drop)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FrameRate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, FrameRate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, FrameRate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, FrameRate):
            return NotImplemented
        return self._key() >= other._key()

    @cached_property
    def dropped_per_minute(self) -> int:
        """Frame labels skipped at the start of each minute not divisible by 10 (0, 2 or 4)."""
        return self.base // 15 if self.drop else 0

    @cached_property
    def frames_per_minute(self) -> int:
        """Frames in a timecode minute whose labels are dropped (all minutes when non-drop)."""
        return 60 * self.base - self.dropped_per_minute

    @cached_property
    def frames_per_ten_minutes(self) -> int:
        """Frames in ten timecode minutes (17982 at 29.97df)."""
        return 600 * self.base - 9 * self.dropped_per_minute

    @cached_property
    def frames_per_day(self) -> int:
        """Frames (distinct labels) in 24 hours of timecode, 00:00:00:00 to 23:59:59:xx."""
        return 144 * self.frames_per_ten_minutes

    @property
    def seconds_per_frame(self) -> Fraction:
        """Exact length of one frame in real seconds."""
        return 1 / self.fps

    @property
    def is_video_speed(self) -> bool:
        """True for the 1000/1001 rates (23.976, 29.97, 47.952, 59.94)."""
        return self.fps != self.base


def _rate(name: str, fps: Fraction, base: int, drop: bool = False) -> FrameRate:
    return FrameRate(name=name, fps=fps, base=base, drop=drop)


RATES: dict[str, FrameRate] = {
    rate.name: rate
    for rate in (
        _rate("23.976", Fraction(24000, 1001), 24),
        _rate("24", Fraction(24), 24),
        _rate("25", Fraction(25), 25),
        _rate("29.97", Fraction(30000, 1001), 30),
        _rate("29.97df", Fraction(30000, 1001), 30, drop=True),
        _rate("30", Fraction(30), 30),
        _rate("47.952", Fraction(48000, 1001), 48),
        _rate("48", Fraction(48), 48),
        _rate("50", Fraction(50), 50),
        _rate("59.94", Fraction(60000, 1001), 60),
        _rate("59.94df", Fraction(60000, 1001), 60, drop=True),
        _rate("60", Fraction(60), 60),
    )
}

_VALID_NAMES = ", ".join(RATES)
_DROP_NAMES = ", ".join(name for name, rate in RATES.items() if rate.drop)

_RATE_TEXT = re.compile(
    r"^(?P<number>[0-9]+(?:\.[0-9]+)?(?:/[0-9]+)?)"
    r"\s*(?:fps)?\s*[-_ ]?\s*"
    r"(?P<flag>df|ndf|nd|drop|drop[-_ ]?frame|non[-_ ]?drop(?:[-_ ]?frame)?)?"
    r"\s*(?:fps)?$"
)


def _unknown_rate(value: object) -> TimecodeError:
    return TimecodeError(f"unknown frame rate {value!r}: use one of {_VALID_NAMES}")


def _rate_for_fps(fps: Fraction, *, drop: bool, shown: object) -> FrameRate:
    for rate in RATES.values():
        if rate.fps == fps and rate.drop == drop:
            return rate
    if drop and any(rate.fps == fps for rate in RATES.values()):
        raise TimecodeError(
            f"frame rate {shown!r}: drop-frame timecode exists only at {_DROP_NAMES}; "
            f"use one of {_VALID_NAMES}"
        )
    raise _unknown_rate(shown)


def _fps_from_decimal(number: str, shown: object) -> Fraction:
    """Matches decimal text to a rate's exact fps, within one unit in its last digit.

    ``23.98``, ``23.97`` and ``23.976`` all name 24000/1001; the 1000/1001 rates need at
    least two decimals, the whole-number rates match only exactly (``24.0``).
    """
    value = Fraction(number)
    places = len(number.partition(".")[2])
    for rate in RATES.values():
        if value == rate.fps:
            return rate.fps
        if places >= 2 and abs(value - rate.fps) < Fraction(1, 10**places):
            return rate.fps
    raise _unknown_rate(shown)


def _parse_rate_text(text: str) -> FrameRate:
    match = _RATE_TEXT.match(text.strip().lower())
    if match is None:
        raise _unknown_rate(text)
    number, flag = match["number"], match["flag"] or ""
    drop = flag.startswith("d")
    if "/" in number:
        numerator, _, denominator = number.partition("/")
        if "." in numerator or int(denominator) == 0:
            raise _unknown_rate(text)
        fps = Fraction(int(numerator), int(denominator))
    else:
        fps = _fps_from_decimal(number, text)
    return _rate_for_fps(fps, drop=drop, shown=text)


def parse_rate(value: str | FrameRate | int | Fraction | float) -> FrameRate:
    """Returns the :class:`FrameRate` that ``value`` names.

    Accepts a ``FrameRate``; a name from :data:`RATES` in any case, with forgiving
    spellings (``23.98``, ``24000/1001``, ``29.97 DF``, ``29.97-df``, ``29.97 drop``,
    ``59.94 NDF``, ``25fps``); an ``int`` or exact ``Fraction`` fps (non-drop); a float,
    read through its decimal text. Raises :class:`TimecodeError` listing the valid names.

    >>> parse_rate(Fraction(30000, 1001)).name
    '29.97'
    >>> parse_rate("59.94-DF").name
    '59.94df'
    """
    if isinstance(value, FrameRate):
        return value
    if isinstance(value, bool):
        raise _unknown_rate(value)
    if isinstance(value, str):
        return _parse_rate_text(value)
    if isinstance(value, int):
        return _rate_for_fps(Fraction(value), drop=False, shown=value)
    if isinstance(value, Fraction):
        return _rate_for_fps(value, drop=False, shown=value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _unknown_rate(value)
        return _parse_rate_text(repr(value))
    raise TimecodeError(
        f"a frame rate must be a name such as '23.976' or '29.97df', "
        f"got {type(value).__name__} {value!r}; use one of {_VALID_NAMES}"
    )


def pulled_down(rate: FrameRate | str) -> FrameRate:
    """Returns the video-speed rate 0.1 % slower than the film-speed ``rate``.

    24 -> 23.976, 30 -> 29.97, 48 -> 47.952, 60 -> 59.94. The frame labels (``base``) stay
    the same; nothing is dropped, since film-speed rates have no drop frame.

    >>> pulled_down("24").name
    '23.976'
    """
    rate = parse_rate(rate)
    if rate.is_video_speed:
        raise TimecodeError(
            f"{rate} fps is already at video speed; pull-down applies to 24, 30, 48 and 60"
        )
    fps = rate.fps * PULL_DOWN
    if not any(other.fps == fps for other in RATES.values()):
        raise TimecodeError(
            f"{rate} fps has no pulled-down rate; pull-down applies to 24, 30, 48 and 60"
        )
    return _rate_for_fps(fps, drop=False, shown=str(rate))


def pulled_up(rate: FrameRate | str) -> FrameRate:
    """Returns the film-speed rate 0.1 % faster than the video-speed ``rate``.

    23.976 -> 24, 29.97 and 29.97df -> 30, 47.952 -> 48, 59.94 and 59.94df -> 60. The
    drop flag goes: film-speed rates count every label.

    >>> pulled_up("29.97df").name
    '30'
    """
    rate = parse_rate(rate)
    if not rate.is_video_speed:
        raise TimecodeError(
            f"{rate} fps is not a video-speed rate; pull-up applies to 23.976, 29.97, "
            "29.97df, 47.952, 59.94 and 59.94df"
        )
    return _rate_for_fps(Fraction(rate.base), drop=False, shown=str(rate))


def pull_down_seconds(seconds: Fraction | int | float | str) -> Fraction:
    """Returns how long ``seconds`` of film-speed material lasts played at video speed.

    Pull-down slows by 0.1 %, so durations grow by 1001/1000.

    >>> pull_down_seconds(3600)
    Fraction(18018, 5)
    """
    return to_fraction(seconds, what="seconds", error=TimecodeError) / PULL_DOWN


def pull_up_seconds(seconds: Fraction | int | float | str) -> Fraction:
    """Returns how long ``seconds`` of video-speed material lasts played at film speed.

    Pull-up speeds up by 0.1 %, so durations shrink by 1000/1001.

    >>> pull_up_seconds(Fraction(18018, 5))
    Fraction(3600, 1)
    """
    return to_fraction(seconds, what="seconds", error=TimecodeError) * PULL_DOWN
