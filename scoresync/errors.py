"""Errors of picture time and the project, in the one scoresync hierarchy.

``ScoreSyncError`` is defined in :mod:`tempo.common.errors` (the bottom layer) and
re-exported here so callers of ``scoresync`` need not know that.
"""

from __future__ import annotations

from tempo.common.errors import ExportError, FindTempoError, MidiError, ScoreSyncError, TempoError

__all__ = [
    "ExportError",
    "FindTempoError",
    "MidiError",
    "ProjectError",
    "ScoreSyncError",
    "TempoError",
    "TimecodeError",
    "UsageError",
]


class TimecodeError(ScoreSyncError, ValueError):
    """A timecode label, frame rate, feet+frames value or position is invalid."""


class ProjectError(ScoreSyncError):
    """A project file cannot be read, validated or written.

    The message names the file, the place inside it (a JSON path such as
    ``cues[2].hits[0].tc``) and the problem.
    """

    def __init__(self, message: str, *, path: str | None = None, where: str | None = None):
        self.path = path
        self.where = where
        prefix = ""
        if path:
            prefix = f"{path}: "
        if where:
            prefix += f"{where}: "
        super().__init__(prefix + message)


class UsageError(ScoreSyncError):
    """A command was asked for something that cannot be done as asked."""
