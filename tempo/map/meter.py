"""Meters (time signatures), including additive ones such as 3+3+2/8.

A meter is its top-number groups and its bottom number: 4/4 is ``Meter((4,), 4)`` and
3+3+2/8 is ``Meter((3, 3, 2), 8)``. Bar lengths are in quarter notes.

>>> meter = Meter.parse("6/8")
>>> meter.bar_quarters, meter.default_beat_unit().label, meter.is_compound
(Fraction(3, 1), 'q.', True)
>>> str(Meter.parse(" 3 + 3 + 2 / 8 "))
'3+3+2/8'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from tempo.common.errors import TempoError
from tempo.map.beatunit import BeatUnit

__all__ = ["DENOMINATORS", "MAX_NUMERATOR", "Meter"]

DENOMINATORS = (1, 2, 4, 8, 16, 32, 64)
"""Bottom numbers a meter may have."""

MAX_NUMERATOR = 64
"""Largest top number (sum of the groups) a meter may have."""

_METER_TEXT = re.compile(r"^\s*(\d+(?:\s*\+\s*\d+)*)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Meter:
    """A time signature: ``groups`` of the top number over the ``denominator``.

    ``groups`` has one entry for an ordinary meter (``(4,)`` for 4/4) and several for an
    additive one (``(3, 3, 2)`` for 3+3+2/8).
    """

    groups: tuple[int, ...]
    denominator: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "groups", tuple(self.groups))
        _check_meter(self.groups, self.denominator, text=_text(self.groups, self.denominator))

    @classmethod
    def parse(cls, text: str | Meter) -> Meter:
        """Reads ``"4/4"``, ``"6/8"``, ``"3+3+2/8"``, ``"5/4"`` ...; spaces are allowed.

        Raises :class:`TempoError` saying what is wrong with the text.
        """
        if isinstance(text, Meter):
            return text
        if not isinstance(text, str):
            raise TempoError(f"unknown meter {text!r}: write it like 4/4, 6/8 or 3+3+2/8")
        match = _METER_TEXT.match(text)
        if match is None:
            raise TempoError(f"unknown meter {text!r}: write it like 4/4, 6/8 or 3+3+2/8")
        parts = [*match.group(1).split("+"), match.group(2)]
        if any(len(part.strip()) > 4 for part in parts):
            raise TempoError(
                f"unknown meter {text.strip()[:20]!r}: the top number must be 1 to "
                f"{MAX_NUMERATOR} and the bottom number 1, 2, 4, 8, 16, 32 or 64"
            )
        groups = tuple(int(part) for part in parts[:-1])
        denominator = int(parts[-1])
        _check_meter(groups, denominator, text=text.strip())
        return cls(groups, denominator)

    @property
    def numerator(self) -> int:
        """The top number: the sum of the groups."""
        return sum(self.groups)

    @property
    def bar_quarters(self) -> Fraction:
        """Length of one bar in quarter notes (6/8 is 3, 5/4 is 5, 7/16 is 7/4)."""
        return Fraction(4 * self.numerator, self.denominator)

    @property
    def bar_ticks(self) -> int:
        """Length of one bar in MIDI ticks at 960 ticks per quarter note."""
        return int(self.bar_quarters * 960)

    @property
    def is_additive(self) -> bool:
        """Whether the top number is written as a sum (3+3+2/8)."""
        return len(self.groups) > 1

    @property
    def is_compound(self) -> bool:
        """Whether the bar divides into dotted beats: 6, 9, 12 ... over any bottom number,
        or an additive meter made only of threes (3+3/8).
        """
        if self.is_additive:
            return all(group == 3 for group in self.groups)
        return self.numerator % 3 == 0 and self.numerator > 3

    @property
    def group_offsets_quarters(self) -> tuple[Fraction, ...]:
        """Start of each group within the bar, in quarter notes (3+3+2/8: 0, 3/2, 3)."""
        offsets = []
        position = 0
        for group in self.groups:
            offsets.append(Fraction(4 * position, self.denominator))
            position += group
        return tuple(offsets)

    def default_beat_unit(self) -> BeatUnit:
        """The beat a musician would count: x/4 in quarters, x/2 in halves, x/1 in wholes,
        compound x/8 in dotted quarters and compound x/16 in dotted eighths, other x/8 in
        eighths and other x/16 (and x/32, x/64) in sixteenths.
        """
        if self.denominator == 8:
            return BeatUnit.DOTTED_QUARTER if self.is_compound else BeatUnit.EIGHTH
        if self.denominator == 16:
            return BeatUnit.DOTTED_EIGHTH if self.is_compound else BeatUnit.SIXTEENTH
        by_denominator = {1: BeatUnit.WHOLE, 2: BeatUnit.HALF, 4: BeatUnit.QUARTER}
        return by_denominator.get(self.denominator, BeatUnit.SIXTEENTH)

    def beats_per_bar(self, unit: BeatUnit) -> Fraction:
        """Number of ``unit`` beats in one bar (5/8 in dotted quarters is 5/3)."""
        return self.bar_quarters / unit.quarters

    def __str__(self) -> str:
        return _text(self.groups, self.denominator)


def _text(groups: tuple[int, ...], denominator: int) -> str:
    return "+".join(str(group) for group in groups) + f"/{denominator}"


def _check_meter(groups: tuple[int, ...], denominator: int, *, text: str) -> None:
    """Raises :class:`TempoError` unless the groups and bottom number make a valid meter."""
    if not groups or not all(isinstance(group, int) for group in groups):
        raise TempoError(f"unknown meter {text!r}: write it like 4/4, 6/8 or 3+3+2/8")
    if len(groups) == 1 and groups[0] < 1:
        raise TempoError(f"unknown meter {text!r}: the top number must be 1 to {MAX_NUMERATOR}")
    if any(group < 1 for group in groups):
        raise TempoError(f"unknown meter {text!r}: every part of the top number must be 1 or more")
    if denominator not in DENOMINATORS or isinstance(denominator, bool):
        raise TempoError(
            f"unknown meter {text!r}: the bottom number must be 1, 2, 4, 8, 16, 32 or 64"
        )
    if sum(groups) > MAX_NUMERATOR:
        raise TempoError(
            f"unknown meter {text!r}: the top number must be 1 to {MAX_NUMERATOR}, "
            f"got {sum(groups)}"
        )
