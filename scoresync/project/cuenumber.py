"""Music cue numbers: reel, ``M``, cue number, optional insert letters, optional ``S``.

``1M1`` is the first cue of reel 1; ``2M3A`` is a cue inserted after ``2M3``; ``4M2S``
is a source cue (music playing in the scene). Inserted source cues read ``2M3AS``.
Numbers order by reel, then cue number, then insert letters, then source flag::

    1M1 < 1M2 < 1M2A < 1M2AS < 1M2B < 1M10 < 2M1

Insert letters compare alphabetically (``A < AA < AB < B``), which leaves room to
insert between any two neighbours except a number and its own ``...A``.

>>> str(CueNumber.parse(" 2m3a "))
'2M3A'
>>> CueNumber.parse("1M2") < CueNumber.parse("1M2A") < CueNumber.parse("1M10")
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from scoresync.errors import ProjectError

__all__ = ["CueNumber", "CueNumberError", "insert_between", "next_after"]

ACCEPTED_FORM = (
    "reel number, M, cue number, optional insert letter, optional S for source: 1M1, 2M3A, 4M2S"
)

_PATTERN = re.compile(r"(\d+)M(\d+)([A-Z]*?)(S?)")
_INSERT_PATTERN = re.compile(r"[A-Z]*")


class CueNumberError(ProjectError, ValueError):
    """A cue number is malformed, or no number fits where one was asked for."""


@dataclass(frozen=True, order=True, slots=True)
class CueNumber:
    """A cue's number: reel, cue number within the reel, insert letters, source flag.

    ``insert`` holds upper-case letters and never ends in ``S`` (that would read as the
    source mark: ``2M3S`` is source cue 2M3, not an insert).
    """

    reel: int
    number: int
    insert: str = ""
    source: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.reel, int) or isinstance(self.reel, bool) or self.reel < 1:
            raise CueNumberError(
                f"reel {self.reel!r} must be a whole number from 1; {ACCEPTED_FORM}"
            )
        if not isinstance(self.number, int) or isinstance(self.number, bool) or self.number < 1:
            raise CueNumberError(
                f"cue number {self.number!r} must be a whole number from 1; {ACCEPTED_FORM}"
            )
        if not isinstance(self.insert, str) or not _INSERT_PATTERN.fullmatch(self.insert):
            raise CueNumberError(
                f"insert {self.insert!r} must be upper-case letters A-Z; {ACCEPTED_FORM}"
            )
        if self.insert.endswith("S"):
            raise CueNumberError(
                f"insert {self.insert!r} cannot end in S, which marks a source cue; {ACCEPTED_FORM}"
            )

    @classmethod
    def parse(cls, text: str) -> CueNumber:
        """Read a cue number such as ``1M1``, ``2m3a`` or ``4 M 2 S`` (case and spaces ignored)."""
        if not isinstance(text, str):
            raise CueNumberError(f"a cue number is text, not {text!r}; {ACCEPTED_FORM}")
        compact = "".join(text.split()).upper()
        match = _PATTERN.fullmatch(compact)
        if match is None:
            raise CueNumberError(f"{text!r} is not a cue number; expected {ACCEPTED_FORM}")
        reel, number, insert, source = match.groups()
        if int(reel) < 1 or int(number) < 1:
            raise CueNumberError(
                f"{text!r} is not a cue number: reels and cues count from 1; "
                f"expected {ACCEPTED_FORM}"
            )
        if insert.endswith("S"):
            raise CueNumberError(
                f"{text!r} is not a cue number: insert letters cannot end in S, which marks "
                f"a source cue; expected {ACCEPTED_FORM}"
            )
        return cls(int(reel), int(number), insert, source == "S")

    def __str__(self) -> str:
        return f"{self.reel}M{self.number}{self.insert}{'S' if self.source else ''}"


def next_after(existing: Iterable[CueNumber], reel: int) -> CueNumber:
    """Return the next free whole cue number in ``reel``: one past the highest used there.

    >>> str(next_after([CueNumber(1, 1), CueNumber(1, 4, "A"), CueNumber(2, 9)], 1))
    '1M5'
    """
    used = [cue.number for cue in existing if cue.reel == reel]
    return CueNumber(reel, max(used, default=0) + 1)


def insert_between(a: CueNumber, b: CueNumber) -> CueNumber:
    """Return an inserted number after ``a`` and before ``b``, such as ``2M3A``.

    The new number keeps ``a``'s reel and cue number and takes the next insert
    letters (``2M3`` -> ``2M3A``, ``2M3A`` -> ``2M3B``, before ``2M3B`` -> ``2M3AA``).
    It is never a source cue.

    >>> str(insert_between(CueNumber.parse("2M3"), CueNumber.parse("2M4")))
    '2M3A'
    >>> str(insert_between(CueNumber.parse("2M3A"), CueNumber.parse("2M3B")))
    '2M3AA'
    """
    if not a < b:
        raise CueNumberError(f"cannot insert between {a} and {b}: {a} must come before {b}")
    candidates = [_bumped(a.insert), a.insert + "A"] if a.insert else ["A"]
    for insert in candidates:
        candidate = CueNumber(a.reel, a.number, insert)
        if a < candidate < b:
            return candidate
    raise CueNumberError(
        f"no cue number fits between {a} and {b}; renumber one of them or insert elsewhere"
    )


def _bumped(insert: str) -> str:
    """Return ``insert`` with its last letter advanced (skipping ``S``), or ``A`` appended."""
    last = insert[-1]
    if last == "Z":
        return insert + "A"
    following = chr(ord(last) + 1)
    if following == "S":
        following = "T"
    return insert[:-1] + following
