"""Exact numbers: reading values as :class:`~fractions.Fraction`, checking them against
their field's range, and writing them back.

Tempos, beat counts and positions are exact rationals. A value read from user input or a
file becomes a ``Fraction``: integers and rationals as they are, decimal text exactly
(``"117.55"`` is 2351/20), ``"n/d"`` text as the fraction, and a float as the decimal it
prints as (``117.55`` becomes 2351/20, not the nearest binary value).

Each field has one :class:`Range` (:data:`RANGES`: BPM 1 to 1000, a tolerance above 0 up
to 12 frames, a weight above 0 up to 100 ...), which the command line, the project file and
the core all check, in the same words.

>>> to_fraction("240/7", what="bpm")
Fraction(240, 7)
>>> format_fraction(Fraction(2351, 20)), format_fraction(Fraction(240, 7))
('117.55', '240/7')
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, field
from fractions import Fraction

from tempo.common.errors import ScoreSyncError, TempoError

__all__ = [
    "BEATS",
    "BPM",
    "JUMP_PENALTY",
    "PICKUP_BEATS",
    "RANGES",
    "SECONDS",
    "TOLERANCE_FRAMES",
    "WEIGHT",
    "Number",
    "Range",
    "bpm_text",
    "exact_or_float",
    "format_fraction",
    "signed_text",
    "to_fraction",
]

Number = Fraction | float
"""A value that is exact (``Fraction``) where the arithmetic allows it, else a float."""


def to_fraction(value: object, *, what: str, error: type[ScoreSyncError] = TempoError) -> Fraction:
    """Returns ``value`` as an exact ``Fraction``; ``what`` names it in the error message.

    Accepts ``int``, ``Fraction`` (any rational), finite ``float`` (as its printed decimal,
    so ``0.1`` is 1/10, not the binary float) and text such as ``"120"``, ``"117.55"`` or
    ``"240/7"``. Anything else raises ``error`` (a :class:`TempoError` unless the caller's
    layer names its own, such as a timecode or command-line error).

    >>> to_fraction(12.5, what="seconds")
    Fraction(25, 2)
    """
    if isinstance(value, bool):
        raise error(f"{what} must be a number, got {value!r}")
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, numbers.Real):
        as_float = float(value)
        if not math.isfinite(as_float):
            raise error(f"{what} must be a finite number, got {value!r}")
        return Fraction(repr(as_float))
    if isinstance(value, str):
        _check_number_text(value, what=what, error=error)
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise error(
                f"{what} must be a number like 120, 117.55 or 240/7, got {value!r}"
            ) from None
    raise error(f"{what} must be a number, got {value!r}")


MAX_NUMBER_TEXT = 100
"""The longest number text read, in characters: more digits than any tempo, position or
weight needs, and short enough that reading it is instant."""

MAX_EXPONENT = 30
"""The largest exponent read in ``1.5e3`` form: ``1e-99999999`` would take hours to
make exact, and no value of the domain needs more."""

_EXPONENT = re.compile(r"[eE]\s*([+-]?\d+)")


def _check_number_text(text: str, *, what: str, error: type[ScoreSyncError]) -> None:
    """Refuses number text too long or with too large an exponent to read at once."""
    stripped = text.strip()
    if len(stripped) > MAX_NUMBER_TEXT:
        raise error(
            f"{what} {stripped[:20]}... is {len(stripped)} characters long: write a number of "
            f"at most {MAX_NUMBER_TEXT} characters, like 120, 117.55 or 240/7"
        )
    for match in _EXPONENT.finditer(stripped):
        if abs(int(match[1])) > MAX_EXPONENT:
            raise error(
                f"{what} {stripped!r} has an exponent beyond ±{MAX_EXPONENT}: write the number "
                "plainly, like 120, 0.5 or 240/7"
            )


@dataclass(frozen=True)
class Range:
    """The values a field may take: from ``low`` (above it when ``low_open``) to ``high``,
    in ``unit``. One range per field, so the command line, the project file and the core
    refuse the same values with the same words.

    >>> TOLERANCE_FRAMES.text, BPM.text
    ('more than 0 and at most 12 frames', 'from 1 to 1000 BPM')
    >>> TOLERANCE_FRAMES.problem(Fraction(-5), what="--tolerance")
    '--tolerance must be more than 0 and at most 12 frames, got -5'
    """

    low: Fraction
    high: Fraction
    unit: str = ""
    low_open: bool = False
    _float_low: float = field(init=False, repr=False, compare=False)
    _float_high: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if float(self.low) != self.low or float(self.high) != self.high:
            raise TempoError(f"a range's ends must be exact as floats, got {self.low}, {self.high}")
        object.__setattr__(self, "_float_low", float(self.low))
        object.__setattr__(self, "_float_high", float(self.high))

    @property
    def text(self) -> str:
        """The rule in words: ``from 1 to 1000 BPM``, ``more than 0 and at most 100``."""
        unit = f" {self.unit}" if self.unit else ""
        low, high = format_fraction(self.low), format_fraction(self.high)
        if self.low_open:
            return f"more than {low} and at most {high}{unit}"
        return f"from {low} to {high}{unit}"

    def holds(self, value: Fraction | float) -> bool:
        """Whether ``value`` lies in the range (NaN never does). A float is compared with
        the ends as floats, which they are exactly: no Fraction arithmetic for the
        thousands of weights a project file holds."""
        if isinstance(value, float):
            low, high = self._float_low, self._float_high
            return (value > low if self.low_open else value >= low) and value <= high
        above = value > self.low if self.low_open else value >= self.low
        return bool(above and value <= self.high)

    def problem(self, value: Fraction | float, *, what: str) -> str | None:
        """What is wrong with ``value`` for the field ``what``, or ``None`` when it fits:
        the message a form shows beside its field."""
        if self.holds(value):
            return None
        shown = format_fraction(value) if isinstance(value, Fraction) else f"{value:g}"
        return f"{what} must be {self.text}, got {shown}"

    def read(
        self, value: object, *, what: str, error: type[ScoreSyncError] = TempoError
    ) -> Fraction:
        """``value`` read by :func:`to_fraction` and checked against the range; ``error``
        (a :class:`TempoError` unless the caller names its own) says what is wrong."""
        number = to_fraction(value, what=what, error=error)
        problem = self.problem(number, what=what)
        if problem is not None:
            raise error(problem)
        return number


BPM = Range(Fraction(1), Fraction(1000), "BPM")
"""A tempo in beats of its beat unit per minute: slower than 1 BPM or faster than 1000 is no
tempo a cue is played at (and 1000 BPM is a 60 ms beat, a click still heard as beats)."""

BEATS = Range(Fraction(0), Fraction(100_000), "beats", low_open=True)
"""A length in beats (a tempo-map segment, bars or beats to fit): 100,000 beats is more
than 13 hours at 120 BPM."""

PICKUP_BEATS = Range(Fraction(0), Fraction(1000), "beats")
"""A pickup before bar 1; the map also keeps it shorter than its first bar."""

WEIGHT = Range(Fraction(0), Fraction(100), low_open=True)
"""How much catching a hit matters: 1 for an ordinary hit, more for an important one. A
weight of 0 would ask Find Tempo to ignore a hit that is still listed as a hit, so it is
refused: a hit that does not matter is removed instead."""

TOLERANCE_FRAMES = Range(Fraction(0), Fraction(12), "frames", low_open=True)
"""How far (in frames) a beat may land from a hit and still catch it: at most half a second
at 24 fps."""

SECONDS = Range(Fraction(0), Fraction(86_400), "seconds", low_open=True)
"""A span of time to fill with music: at most a day, as timecode runs."""

JUMP_PENALTY = Range(Fraction(0), Fraction(100))
"""What a tempo jump between planned segments costs, per unit of relative change."""

RANGES: dict[str, Range] = {
    "bpm": BPM,
    "end_bpm": BPM,
    "beats": BEATS,
    "pickup_beats": PICKUP_BEATS,
    "weight": WEIGHT,
    "tolerance_frames": TOLERANCE_FRAMES,
    "seconds": SECONDS,
    "jump_penalty": JUMP_PENALTY,
}
"""Every field's range, by its name in the project file (and in Find Tempo's request)."""


def format_fraction(value: Fraction) -> str:
    """Writes ``value`` as a decimal when it has a finite one, else as ``"n/d"``.

    >>> format_fraction(Fraction(120)), format_fraction(Fraction(-1, 8))
    ('120', '-0.125')
    """
    value = Fraction(value)
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    digits = max(twos, fives)
    scaled = abs(value) * 10**digits
    whole, part = divmod(int(scaled), 10**digits)
    sign = "-" if value < 0 else ""
    if digits == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{part:0{digits}d}".rstrip("0").rstrip(".")


def bpm_text(bpm: Number, *, places: int = 2) -> str:
    """Writes a tempo for reading: rounded to ``places`` decimals, without trailing zeros,
    so a tempo always reads the same wherever it is shown (117.5 is ``117.5``, never
    ``117.50``; a tempo within half a hundredth of 96 is ``96``).

    Two places suit every list, table and tempo mark; a calculator's answer may ask for
    more. :func:`format_fraction` is the exact form, for text that is read back.

    >>> bpm_text(Fraction(120)), bpm_text(117.5), bpm_text(Fraction(2351, 20))
    ('120', '117.5', '117.55')
    >>> bpm_text(Fraction(240, 7)), bpm_text(Fraction(240, 7), places=4)
    ('34.29', '34.2857')
    """
    text = f"{float(bpm):.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def signed_text(value: Number | int, *, places: int = 2) -> str:
    """Writes a signed offset or change for reading (frames off a beat, a drift in
    milliseconds, a change in beats): ``places`` decimals, halves rounded away from zero
    from the exact value, always with its sign. A value that rounds to zero reads
    ``+0.00``, never ``-0.00``: only a value that shows a digit other than 0 is negative.

    >>> signed_text(Fraction(-1, 4)), signed_text(3.5), signed_text(0)
    ('-0.25', '+3.50', '+0.00')
    >>> signed_text(-0.004), signed_text(-0.0051), signed_text(Fraction(1, 8), places=1)
    ('+0.00', '-0.01', '+0.1')
    """
    exact = Fraction(value)
    scale = 10**places
    units = math.floor(abs(exact) * scale + Fraction(1, 2))
    sign = "-" if exact < 0 and units else "+"
    whole, part = divmod(units, scale)
    return f"{sign}{whole}.{part:0{places}d}" if places else f"{sign}{whole}"


def exact_or_float(value: object) -> Number:
    """Returns ints and rationals as ``Fraction``, any other real number as ``float``.

    This is how positions enter the arithmetic: exact input stays exact, a float stays a
    float (so ``60 * beats / bpm`` never silently becomes a float for integer input).
    """
    if isinstance(value, bool):
        raise TempoError(f"expected a number, got {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, numbers.Real):
        return float(value)
    raise TempoError(f"expected a number, got {value!r}")
