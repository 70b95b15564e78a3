"""Feet+frames: film footage counts, written ``123+04``.

A foot of film holds a fixed number of perforations: 64 on 35 mm, 40 on 16 mm. A frame
spans 4 perforations on 35 mm 4-perf (16 frames per foot), 3 on 35 mm 3-perf and 1 on
16 mm (40 frames per foot).

35 mm 3-perf has 21 1/3 frames per foot, so frames and feet line up only every 3 feet
(64 frames). A frame belongs to the foot in which its first perforation lies; frame 0
starts on the first perforation of foot 0. Feet therefore hold 22, 21 and 21 frames in
turn: 0+00 to 0+21, 1+00 to 1+20, 2+00 to 2+20, then 3+00 is frame 64. With this rule
:func:`frames_to_feet` and :func:`feet_to_frames` are exact inverses, and a label whose
frame part does not exist in its foot (``1+21`` on 3-perf) is an error.

Negative counts mirror positive ones: the label carries a leading ``-`` (``-0+05`` is
five frames before zero) and both fields of :func:`frames_to_feet_frames` carry the sign.

Picture time as footage: feet+frames measure *film* at *film speed*, never video frames.
A stretch of picture lasting ``t`` seconds is the length of film that runs through a
projector at the film rate in ``t`` seconds: ``t * film_fps`` film frames, the nearest
whole frame (halves round up). The film rate is 24 fps (:data:`FILM_RATE_NAMES` also
offers 23.976, for a projector run at video speed, and 25, for PAL telecine), and 25 by
default for pictures at 25 and 50 fps (:func:`default_film_fps`). So at 29.97, 1.001 s of
picture (30 video frames) is 24 film frames, ``1+08``, not 30 frames (``1+14``); at 59.94
the same; at 23.976 a real hour is 86400 film frames, ``5400+00``. :data:`FILM_SPEED_RULE`
states this rule in one sentence for help texts and sheet headers.

>>> frames_to_feet(16)
'1+00'
>>> frames_to_feet(64, gauge="35mm-3perf")
'3+00'
>>> feet_to_frames("1+00", gauge="16mm")
40
>>> seconds_to_feet(Fraction(1001, 1000))  # 30 frames at 29.97: 24 film frames
'1+08'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from scoresync.errors import TimecodeError
from tempo.common.exact import Number

__all__ = [
    "FILM_RATE_NAMES",
    "FILM_SPEED_RULE",
    "GAUGES",
    "Gauge",
    "default_film_fps",
    "feet_frames_to_frames",
    "feet_to_frames",
    "feet_to_seconds",
    "frames_to_feet",
    "frames_to_feet_frames",
    "parse_film_fps",
    "parse_gauge",
    "seconds_to_feet",
    "seconds_to_film_frames",
]


@dataclass(frozen=True)
class Gauge:
    """A film gauge: perforations per foot and per frame."""

    name: str
    perfs_per_foot: int
    perfs_per_frame: int

    @property
    def frames_per_foot(self) -> Fraction:
        """Frames per foot: 16, 21 1/3 or 40."""
        return Fraction(self.perfs_per_foot, self.perfs_per_frame)

    def first_frame(self, feet: int) -> int:
        """Returns the first frame whose first perforation lies in foot ``feet``."""
        return -((-feet * self.perfs_per_foot) // self.perfs_per_frame)

    def frames_in_foot(self, feet: int) -> int:
        """Returns how many frames begin in foot ``feet`` (16; 22, 21 or 21; 40)."""
        return self.first_frame(feet + 1) - self.first_frame(feet)


_GAUGE_LIST = (
    Gauge("35mm-4perf", perfs_per_foot=64, perfs_per_frame=4),
    Gauge("35mm-3perf", perfs_per_foot=64, perfs_per_frame=3),
    Gauge("16mm", perfs_per_foot=40, perfs_per_frame=1),
)
GAUGES: tuple[str, ...] = tuple(gauge.name for gauge in _GAUGE_LIST)
_BY_KEY = {re.sub(r"[\s_-]", "", gauge.name): gauge for gauge in _GAUGE_LIST}
_BY_KEY["35mm"] = _GAUGE_LIST[0]

_FEET_LABEL = re.compile(r"^(-?)\s*([0-9]+)\s*\+\s*([0-9]+)$")


def parse_gauge(gauge: str | Gauge) -> Gauge:
    """Returns the :class:`Gauge` named ``gauge`` (case, spaces and dashes ignored).

    ``35mm`` alone means 35 mm 4-perf.
    """
    if isinstance(gauge, Gauge):
        return gauge
    if isinstance(gauge, str):
        found = _BY_KEY.get(re.sub(r"[\s_-]", "", gauge.lower()))
        if found is not None:
            return found
    raise TimecodeError(f"unknown film gauge {gauge!r}: use one of {', '.join(GAUGES)}")


def _check_frames(frames: object) -> int:
    if isinstance(frames, bool) or not hasattr(frames, "__index__"):
        raise TimecodeError(
            f"frames must be a whole number, got {type(frames).__name__} {frames!r}"
        )
    return int(frames)  # type: ignore[call-overload,unused-ignore]


def frames_to_feet_frames(frames: int, *, gauge: str | Gauge = "35mm-4perf") -> tuple[int, int]:
    """Returns ``(feet, frame)`` of a frame count; negative counts negate both fields.

    >>> frames_to_feet_frames(43, gauge="35mm-3perf")
    (2, 0)
    """
    found = parse_gauge(gauge)
    frames = _check_frames(frames)
    if frames < 0:
        feet, frame = frames_to_feet_frames(-frames, gauge=found)
        return -feet, -frame
    feet = frames * found.perfs_per_frame // found.perfs_per_foot
    return feet, frames - found.first_frame(feet)


def frames_to_feet(frames: int, *, gauge: str | Gauge = "35mm-4perf") -> str:
    """Returns the feet+frames label of a frame count, such as ``123+04``.

    >>> frames_to_feet(-5)
    '-0+05'
    """
    frames = _check_frames(frames)
    feet, frame = frames_to_feet_frames(abs(frames), gauge=gauge)
    sign = "-" if frames < 0 else ""
    return f"{sign}{feet}+{frame:02d}"


def feet_frames_to_frames(feet: int, frame: int, *, gauge: str | Gauge = "35mm-4perf") -> int:
    """Returns the frame count of ``feet`` feet and ``frame`` frames (the inverse of
    :func:`frames_to_feet_frames`).

    Raises :class:`TimecodeError` if the frame does not exist in that foot or the fields'
    signs differ.
    """
    found = parse_gauge(gauge)
    feet, frame = _check_frames(feet), _check_frames(frame)
    if feet < 0 or frame < 0:
        if feet > 0 or frame > 0:
            raise TimecodeError(
                f"feet {feet} and frame {frame} have different signs: "
                "give both as negative numbers, or neither"
            )
        return -feet_frames_to_frames(-feet, -frame, gauge=found)
    _check_frame_in_foot(f"{feet}+{frame:02d}", feet, frame, found)
    return found.first_frame(feet) + frame


def _check_frame_in_foot(label: str, feet: int, frame: int, gauge: Gauge) -> None:
    held = gauge.frames_in_foot(feet)
    if frame < held:
        return
    if gauge.frames_per_foot.denominator == 1:
        where = f"a foot of {gauge.name} film"
        cycle = ""
    else:
        where = f"foot {feet} of {gauge.name} film"
        sizes = ", ".join(str(gauge.frames_in_foot(n)) for n in range(3))
        cycle = f" ({gauge.name} feet hold {sizes} frames in turn)"
    raise TimecodeError(
        f"feet+frames {label}: frame {frame} does not exist: "
        f"{where} holds frames 00-{held - 1:02d}{cycle}"
    )


def feet_to_frames(label: str, *, gauge: str | Gauge = "35mm-4perf") -> int:
    """Returns the frame count of a feet+frames label such as ``123+04`` or ``-0+05``.

    Raises :class:`TimecodeError` for text that is not feet+frames and for a frame part
    that does not exist in its foot.

    >>> feet_to_frames("123+04")
    1972
    """
    found = parse_gauge(gauge)
    if not isinstance(label, str):
        raise TimecodeError(
            f"feet+frames must be text such as '123+04', got {type(label).__name__} {label!r}"
        )
    match = _FEET_LABEL.match(label.strip())
    if match is None:
        raise TimecodeError(
            f"{label!r} is not feet+frames: write FEET+FRAMES, such as 123+04 (or -0+05)"
        )
    sign, feet, frame = match.groups()
    _check_frame_in_foot(label.strip(), int(feet), int(frame), found)
    frames = found.first_frame(int(feet)) + int(frame)
    return -frames if sign else frames


# -- picture time as film footage -------------------------------------------------------------

FILM_RATES: dict[str, Fraction] = {
    "24": Fraction(24),
    "23.976": Fraction(24000, 1001),
    "25": Fraction(25),
}
FILM_RATE_NAMES: tuple[str, ...] = tuple(FILM_RATES)
"""The film rates footage may be counted at: a projector's 24 fps, 23.976 (the projector
run at video speed) and 25 (PAL telecine)."""

FILM_SPEED_RULE = (
    "Feet+frames measure film at film speed: the film that runs through a projector at "
    "the film rate (24 fps; 25 for 25 and 50 fps pictures) in the same real time as the "
    "picture, whatever the video rate (at 29.97, 1.001 s is 1+08)."
)
"""The footage rule in one sentence, for help texts and sheet headers."""


def default_film_fps(picture_fps: Fraction) -> Fraction:
    """The film rate footage is counted at for a picture at ``picture_fps``: 25 for 25 and
    50 fps pictures (PAL), else 24 (a projector's rate, also for every 1000/1001 rate).

    >>> default_film_fps(Fraction(30000, 1001)), default_film_fps(Fraction(50))
    (Fraction(24, 1), Fraction(25, 1))
    """
    return Fraction(25) if Fraction(picture_fps) in (25, 50) else Fraction(24)


def parse_film_fps(value: str | Number | None, *, picture_fps: Fraction) -> Fraction:
    """The film rate named ``value`` (``24``, ``23.976`` or ``25``, text or number), or
    :func:`default_film_fps` of ``picture_fps`` when ``value`` is ``None``."""
    if value is None:
        return default_film_fps(picture_fps)
    if isinstance(value, Fraction | int) and not isinstance(value, bool):
        for rate in FILM_RATES.values():
            if rate == value:
                return rate
    text = str(value).strip().lower().removesuffix("fps").strip()
    if text in ("23.98", "24000/1001"):
        text = "23.976"
    if text in FILM_RATES:
        return FILM_RATES[text]
    raise TimecodeError(
        f"unknown film rate {value!r}: use one of {', '.join(FILM_RATE_NAMES)} (fps)"
    )


def seconds_to_film_frames(seconds: Number, *, film_fps: Fraction = Fraction(24)) -> int:
    """The film frames that run in ``seconds`` at ``film_fps``: the nearest whole frame,
    halves rounding up (negative before zero).

    >>> seconds_to_film_frames(Fraction(1001, 1000))
    24
    >>> seconds_to_film_frames(Fraction(3600), film_fps=Fraction(24000, 1001))
    86314
    """
    exact = (Fraction(seconds) if isinstance(seconds, float) else seconds) * film_fps
    return math.floor(exact + Fraction(1, 2))


def seconds_to_feet(
    seconds: Number, *, gauge: str | Gauge = "35mm-4perf", film_fps: Fraction = Fraction(24)
) -> str:
    """The feet+frames label of ``seconds`` of picture: the film running at ``film_fps`` in
    that time (see the module's description).

    >>> seconds_to_feet(60)
    '90+00'
    >>> seconds_to_feet(Fraction(1001, 1000), gauge="16mm")
    '0+24'
    """
    return frames_to_feet(seconds_to_film_frames(seconds, film_fps=film_fps), gauge=gauge)


def feet_to_seconds(
    label: str, *, gauge: str | Gauge = "35mm-4perf", film_fps: Fraction = Fraction(24)
) -> Fraction:
    """The picture time a feet+frames label lasts: its film frames at ``film_fps`` (the
    inverse of :func:`seconds_to_feet` on whole film frames).

    >>> feet_to_seconds("1+08")
    Fraction(1, 1)
    """
    return Fraction(feet_to_frames(label, gauge=gauge)) / film_fps
