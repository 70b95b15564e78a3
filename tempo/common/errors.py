"""The product's one error hierarchy.

It is rooted here, in the bottom layer, so that every package (``tempo``,
``scoresync``, ``cuesheets``, ``tui``) raises and catches the same family.
Every error carries a message a user can act on: what is wrong, where, and
what to do about it.
"""

from __future__ import annotations


class ScoreSyncError(Exception):
    """Root of every error scoresync raises on purpose.

    ``str(error)`` is the one line shown to the user.
    """


Location = tuple[str | int, ...]
"""Where a value sits in nested data, as object keys and list indexes (pydantic's ``loc``):
``("cues", 2, "hits", 0, "tc")``."""


def json_path(location: Location) -> str:
    """Writes a location as a JSON path.

    >>> json_path(("cues", 2, "hits", 0, "tc"))
    'cues[2].hits[0].tc'
    """
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else part
    return path


def undecodable(text: str) -> str:
    r"""How text that is not UTF-8 is shown in a message: the bytes a command line or a
    file name in another encoding passed in (Python holds them as lone surrogates), or
    the surrogates themselves when they stand for no byte.

    >>> print(undecodable("\udcff\udcfe"), undecodable("\ud800"))
    b'\xff\xfe' '\ud800'
    """
    try:
        return repr(text.encode("utf-8", "surrogateescape"))
    except UnicodeEncodeError:
        return repr(text)


class TempoError(ScoreSyncError, ValueError):
    """A tempo, meter, beat unit, ramp or tempo-map value is invalid."""


class TempoMapError(TempoError):
    """A tempo map's segments do not fit together, or its pickup does not fit its first bar.

    ``location`` is the part of the map at fault, relative to the map (``("segments", 1)``,
    ``("pickup_beats",)``); ``problem`` says what is wrong. ``str(error)`` shows both:
    ``segments[1]: meter change from 4/4 to 3/4 falls 2 beats into bar 5: ...``.
    """

    def __init__(self, problem: str, *, location: Location):
        super().__init__(f"{json_path(location)}: {problem}")
        self.problem = problem
        self.location = location


class FindTempoError(TempoError):
    """The hit-point solver was given input it cannot work with."""


class MidiError(ScoreSyncError):
    """A MIDI file cannot be read or written."""


class ExportError(ScoreSyncError):
    """A deliverable (click, MIDI, MusicXML, ...) cannot be produced."""
