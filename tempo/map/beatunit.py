"""Beat units: the note value a tempo counts (quarter, dotted quarter, eighth ...).

A BPM figure always refers to a beat unit: 6/8 at "dotted quarter = 60" is 120 quarters per
minute. Lengths are in quarter notes, the unit of MIDI ticks.

>>> BeatUnit.parse("q.").quarters
Fraction(3, 2)
>>> BeatUnit.parse("8").label, BeatUnit.parse("dotted half").text
('e', 'dotted half')
"""

from __future__ import annotations

from enum import Enum
from fractions import Fraction

from tempo.common.errors import TempoError

__all__ = ["BeatUnit"]

_ACCEPTED = (
    "quarter, q, 4, dotted-quarter, q., 4., half, h, 2, dotted-half, h., 2., whole, w, 1, "
    "eighth, e, 8, dotted-eighth, e., 8., sixteenth, s or 16"
)


class BeatUnit(Enum):
    """A note value used as the beat; the value is its length in quarter notes."""

    WHOLE = Fraction(4)
    HALF = Fraction(2)
    DOTTED_HALF = Fraction(3)
    QUARTER = Fraction(1)
    DOTTED_QUARTER = Fraction(3, 2)
    EIGHTH = Fraction(1, 2)
    DOTTED_EIGHTH = Fraction(3, 4)
    SIXTEENTH = Fraction(1, 4)

    @property
    def quarters(self) -> Fraction:
        """Length of one beat in quarter notes (``DOTTED_QUARTER`` is 3/2)."""
        return self.value

    @property
    def ticks(self) -> int:
        """Length of one beat in MIDI ticks at 960 ticks per quarter note."""
        return int(self.value * 960)

    @property
    def midi_clocks(self) -> int:
        """MIDI clocks per beat (24 per quarter), the ``FF 58`` clocks-per-click byte."""
        return int(self.value * 24)

    @property
    def is_dotted(self) -> bool:
        """Whether the unit is a dotted note value."""
        return self.name.startswith("DOTTED_")

    @property
    def label(self) -> str:
        """Short display name: ``q``, ``q.``, ``e``, ``h.`` ..."""
        return _LABELS[self]

    @property
    def text(self) -> str:
        """Name for prose: ``quarter``, ``dotted quarter`` ..."""
        return self.name.lower().replace("_", " ")

    @property
    def json_name(self) -> str:
        """Name written to project files: ``quarter``, ``dotted_quarter`` ..."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str | BeatUnit) -> BeatUnit:
        """Reads a beat unit from text such as ``quarter``, ``q``, ``4``, ``q.``, ``4.``,
        ``dotted-quarter``, ``dotted_quarter``, ``eighth``, ``8``, ``half`` or ``2``.

        Case, spaces and underscores do not matter. Raises :class:`TempoError` on
        anything else.
        """
        if isinstance(text, BeatUnit):
            return text
        if not isinstance(text, str):
            raise TempoError(f"unknown beat unit {text!r}: use one of {_ACCEPTED}")
        key = "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())
        dotted = False
        if key.endswith("."):
            dotted, key = True, key[:-1].rstrip("-")
        elif key.startswith("dotted-"):
            dotted, key = True, key[len("dotted-") :]
        plain = _ALIASES.get(key)
        if plain is None:
            raise TempoError(f"unknown beat unit {text!r}: use one of {_ACCEPTED}")
        if not dotted:
            return plain
        try:
            return cls["DOTTED_" + plain.name]
        except KeyError:
            raise TempoError(
                f"unknown beat unit {text!r}: there is no dotted {plain.text} beat; "
                "dotted beats are dotted-half, dotted-quarter and dotted-eighth"
            ) from None


_LABELS = {
    BeatUnit.WHOLE: "w",
    BeatUnit.DOTTED_HALF: "h.",
    BeatUnit.HALF: "h",
    BeatUnit.DOTTED_QUARTER: "q.",
    BeatUnit.QUARTER: "q",
    BeatUnit.DOTTED_EIGHTH: "e.",
    BeatUnit.EIGHTH: "e",
    BeatUnit.SIXTEENTH: "s",
}

_ALIASES = {
    **{name: BeatUnit.WHOLE for name in ("whole", "w", "1", "semibreve")},
    **{name: BeatUnit.HALF for name in ("half", "h", "2", "minim")},
    **{name: BeatUnit.QUARTER for name in ("quarter", "q", "4", "crotchet")},
    **{name: BeatUnit.EIGHTH for name in ("eighth", "e", "8", "8th", "quaver")},
    **{name: BeatUnit.SIXTEENTH for name in ("sixteenth", "s", "16", "16th", "semiquaver")},
}
