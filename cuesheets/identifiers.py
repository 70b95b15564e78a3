"""Music identifiers: ISWC (works), ISRC (recordings) and IPI name numbers (parties).

Each ``*_problem`` function returns None for a valid identifier and otherwise what is
wrong with it, in words a user can act on; ``normal_*`` writes a valid one the way a
cue sheet shows it.

>>> iswc_problem("T-034.524.680-1") is None
True
>>> iswc_problem("T-034.524.680-2")
'check digit is 2, but the digits 034524680 give 1'
>>> normal_isrc("usrc17607839")
'US-RC1-76-07839'
"""

from __future__ import annotations

import re

__all__ = [
    "IPI_FORM",
    "ISRC_FORM",
    "ISWC_FORM",
    "ipi_problem",
    "isrc_problem",
    "iswc_check_digit",
    "iswc_problem",
    "normal_isrc",
    "normal_iswc",
]

ISWC_FORM = "T-DDD.DDD.DDD-C (T, nine digits and a check digit), e.g. T-034.524.680-1"
ISRC_FORM = "CC-XXX-YY-NNNNN (country, registrant, year, designation), e.g. US-RC1-76-07839"
IPI_FORM = "an IPI name number of 9 to 11 digits, written as text so leading zeros stay"

_ISWC = re.compile(r"T-?(\d{3})\.?(\d{3})\.?(\d{3})-?(\d)")
_ISRC = re.compile(r"([A-Z]{2})-?([A-Z0-9]{3})-?(\d{2})-?(\d{5})")
_IPI = re.compile(r"\d{9,11}")


def iswc_check_digit(digits: str) -> int:
    """The ISWC check digit of nine digits: ``1`` (for the T) plus each digit times its
    place (1 to 9), and the check digit brings the sum to a multiple of 10 (ISO 15707).

    >>> iswc_check_digit("034524680")
    1
    """
    total = 1 + sum(place * int(digit) for place, digit in enumerate(digits, start=1))
    return (10 - total % 10) % 10


def iswc_problem(text: str) -> str | None:
    """What is wrong with ISWC ``text`` (dots and hyphens optional), or None."""
    match = _ISWC.fullmatch(text.strip().upper())
    if match is None:
        return f"{text!r} is not an ISWC; write {ISWC_FORM}"
    digits = "".join(match.groups()[:3])
    given, expected = int(match.group(4)), iswc_check_digit(digits)
    if given != expected:
        return f"check digit is {given}, but the digits {digits} give {expected}"
    return None


def normal_iswc(text: str) -> str:
    """A valid ISWC as cue sheets write it: ``T-034.524.680-1``."""
    match = _ISWC.fullmatch(text.strip().upper())
    if match is None:
        return text
    a, b, c, check = match.groups()
    return f"T-{a}.{b}.{c}-{check}"


def isrc_problem(text: str) -> str | None:
    """What is wrong with ISRC ``text`` (hyphens optional), or None."""
    if _ISRC.fullmatch(text.strip().upper()) is None:
        return f"{text!r} is not an ISRC; write {ISRC_FORM}"
    return None


def normal_isrc(text: str) -> str:
    """A valid ISRC with its hyphens: ``US-RC1-76-07839``."""
    match = _ISRC.fullmatch(text.strip().upper())
    return text if match is None else "-".join(match.groups())


def ipi_problem(text: str) -> str | None:
    """What is wrong with IPI name number ``text``, or None."""
    if _IPI.fullmatch(text.strip()) is None:
        return f"{text!r} is not {IPI_FORM}"
    return None
