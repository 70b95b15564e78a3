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

>>> frames_to_feet(16)
'1+00'
>>> frames_to_feet(64, gauge="35mm-3perf")
'3+00'
>>> feet_to_frames("1+00", gauge="16mm")
40
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from scoresync.errors import TimecodeError

__all__ = [
    "GAUGES",
    "Gauge",
    "feet_frames_to_frames",
    "feet_to_frames",
    "frames_to_feet",
    "frames_to_feet_frames",
    "parse_gauge",
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
