"""Problems in a project document and the places they are at, in the user's terms.

A :class:`DocumentProblem` holds where a problem is (a JSON location such as
``("cues", 2, "hits", 0, "tc")``) and what it is; :meth:`DocumentProblem.in_file` makes the
:class:`~scoresync.errors.ProjectFileError` the user sees, naming the place as
:func:`place_of` does (``cue 1M3, hit 2, tc``). Reading, validating and writing a project
file all report through these, and none of them needs the file schema's models to do so.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from scoresync.errors import Location, ProjectFileError, ScoreSyncError, TimecodeError
from scoresync.picture.rates import FrameRate, parse_rate
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber

__all__ = ["DocumentProblem", "first_of", "ordinal", "place_of", "shown"]


class DocumentProblem(ScoreSyncError):
    """A problem in a project document: where it is and what is wrong.

    ``location`` is the value at fault as keys and indexes (pydantic's ``loc``), empty
    for the document as a whole; ``text_place`` names a place in the file's text
    (``line 2, column 16``) when the text itself is at fault. Reading and saving turn it
    into the :class:`~scoresync.errors.ProjectFileError` the user sees, naming the file.
    """

    def __init__(self, location: Location, message: str, *, text_place: str | None = None):
        super().__init__(message)
        self.location = location
        self.message = message
        self.text_place = text_place

    def in_file(self, path: Path | str, document: object, *, prefix: str = "") -> ProjectFileError:
        """The error to show for this problem in the file at ``path``; ``document`` (the
        file's JSON data, or an outline with its cue and reel numbers) names the place."""
        where = self.text_place
        if where is None and self.location:
            where = place_of(self.location, document)
        return ProjectFileError(
            prefix + self.message, path=str(path), location=self.location, where=where
        )


def first_of(problems: Sequence[tuple[Location, str]]) -> DocumentProblem:
    """The first problem, its message counting the others: ``... (and 2 more problems)``."""
    location, message = problems[0]
    more = len(problems) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return DocumentProblem(location, message)


def shown(value: object) -> str:
    """``value`` as the file spells it, cut to 40 characters; a list or object nested too
    deeply to write is named by its kind."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    except RecursionError:
        text = "[[[..." if isinstance(value, list) else '{"...'
    return text if len(text) <= 40 else text[:37] + "..."


def place_of(location: Location, document: object) -> str:
    """The place at ``location`` in the user's terms: ``cue 1M3, hit 2, tc``.

    ``document`` is the file's JSON data (or an outline of it holding cue and reel
    numbers). A cue or reel is named by its number when that is valid and no other has
    it, else by its place in the file's list (``the 5th cue``). Hits and tempo-map
    segments are numbered from 1, as ``hit list`` and the tempo editor show them: hits in
    time order when every hit's timecode can be read, else in the file's order. Other keys
    appear as the file spells them, ``tempo`` and ``map`` together as ``tempo map``.
    """
    parts: list[str] = []
    node = document
    index = 0
    while index < len(location):
        key = location[index]
        following = location[index + 1] if index + 1 < len(location) else None
        child = _member(node, key)
        if isinstance(key, str) and isinstance(following, int):
            parts.append(_item_place(key, following, child, document))
            node, index = _member(child, following), index + 2
        elif key == "tempo" and following == "map":
            parts.append("tempo map")
            node, index = _member(child, "map"), index + 2
        else:
            parts.append(str(key) if isinstance(key, str) else f"[{key}]")
            node, index = child, index + 1
    return ", ".join(parts)


def _member(node: object, key: str | int) -> object:
    """``node[key]`` when ``node`` is an object with that key or a list that long, else None."""
    if isinstance(key, str) and isinstance(node, Mapping):
        return node.get(key)
    if isinstance(key, int) and isinstance(node, list) and 0 <= key < len(node):
        return node[key]
    return None


def _item_place(key: str, index: int, items: object, document: object) -> str:
    """How the item at ``items[index]`` (the list under ``key``) is named to the user."""
    listed = items if isinstance(items, list) else []
    if key == "cues":
        numbers = [_cue_number(_member(item, "number")) for item in listed]
        number = numbers[index] if index < len(numbers) else None
        if number is not None and numbers.count(number) == 1:
            return f"cue {number}"
    elif key == "reels":
        reel_numbers = [_member(item, "number") for item in listed]
        reel = reel_numbers[index] if index < len(reel_numbers) else None
        valid = isinstance(reel, int) and not isinstance(reel, bool) and reel >= 1
        if valid and reel_numbers.count(reel) == 1:
            return f"reel {reel}"
    elif key == "hits":
        order = _time_order(listed, _rate_of(document))
        return f"hit {order.index(index) + 1 if index in order else index + 1}"
    elif key == "segments":
        return f"segment {index + 1}"
    elif key == "works":
        ids = [_member(item, "id") for item in listed]
        work_id = ids[index] if index < len(ids) else None
        if isinstance(work_id, str) and work_id and ids.count(work_id) == 1:
            return f"work {work_id}"
    elif key == "parties":
        return f"party {index + 1}"
    elif key == "uses":
        cue = _cue_number(_member(listed[index] if index < len(listed) else None, "cue"))
        if cue is not None:
            return f"use {index + 1} (cue {cue})"
        return f"use {index + 1}"
    return f"the {ordinal(index + 1)} {_SINGULAR.get(key, key)}"


_SINGULAR = {"cues": "cue", "reels": "reel", "works": "work"}


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th`` ... ``11th``, ``21st``: a place in a list."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _cue_number(value: object) -> CueNumber | None:
    if not isinstance(value, str):
        return None
    try:
        return CueNumber.parse(value)
    except ValueError:
        return None


def _rate_of(document: object) -> FrameRate | None:
    rate = _member(document, "rate")
    if isinstance(rate, FrameRate):
        return rate
    try:
        return parse_rate(rate) if isinstance(rate, str) else None
    except TimecodeError:
        return None


def _time_order(hits: list[object], rate: FrameRate | None) -> list[int]:
    """Indexes of ``hits`` in time order (as a project holds them), or in the file's
    order when a timecode cannot be read."""
    in_file_order = list(range(len(hits)))
    frames: list[int] = []
    for hit in hits:
        tc = _member(hit, "tc")
        if rate is None or not isinstance(tc, str):
            return in_file_order
        try:
            frames.append(tc_to_frames(tc, rate=rate))
        except TimecodeError:
            return in_file_order
    return sorted(in_file_order, key=frames.__getitem__)
