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


class TempoError(ScoreSyncError, ValueError):
    """A tempo, meter, beat unit, ramp or tempo-map value is invalid."""


class FindTempoError(TempoError):
    """The hit-point solver was given input it cannot work with."""


class MidiError(ScoreSyncError):
    """A MIDI file cannot be read or written."""


class ExportError(ScoreSyncError):
    """A deliverable (click, MIDI, MusicXML, ...) cannot be produced."""
