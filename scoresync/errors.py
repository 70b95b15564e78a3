"""Errors of picture time and the project, in the one scoresync hierarchy.

``ScoreSyncError`` is defined in :mod:`tempo.common.errors` (the bottom layer) and
re-exported here so callers of ``scoresync`` need not know that.
"""

from __future__ import annotations

from tempo.common.errors import (
    ExportError,
    FindTempoError,
    Location,
    MidiError,
    ScoreSyncError,
    TempoError,
    TempoMapError,
    json_path,
)

__all__ = [
    "ExportError",
    "FindTempoError",
    "Location",
    "MidiError",
    "ProjectError",
    "ProjectFileError",
    "ScoreSyncError",
    "TempoError",
    "TempoMapError",
    "TimecodeError",
    "UsageError",
]


class TimecodeError(ScoreSyncError, ValueError):
    """A timecode label, frame rate, feet+frames value or position is invalid."""


class ProjectError(ScoreSyncError):
    """A project file cannot be read, validated or written, or a project edit cannot be made.

    ``path`` is the file (if any) and ``where`` the place in it as the message shows it;
    the message is ``"<path>: <where>: <message>"``, leaving out what is not known.
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


class ProjectFileError(ProjectError):
    """A project file holds something invalid, or a project cannot be written as one.

    - ``path``: the file;
    - ``location``: the value at fault as keys and indexes, as pydantic's ``loc``
      (``("cues", 2, "hits", 0, "tc")``); empty when the problem is the document as a
      whole or lies in its text rather than in a value;
    - ``json_path``: the same location written out (``cues[2].hits[0].tc``);
    - ``where``: the place as the message shows it, in the user's terms where the file
      allows (``cue 1M3, hit 1, tc``), or a place in the text (``line 2, column 16``);
    - ``problem``: what is wrong.
    """

    def __init__(
        self, problem: str, *, path: str, location: Location = (), where: str | None = None
    ):
        super().__init__(problem, path=path, where=where)
        self.problem = problem
        self.location = location
        self.json_path = json_path(location)


class UsageError(ScoreSyncError):
    """A command was asked for something that cannot be done as asked."""


class InternalFailure(ScoreSyncError):
    """Something failed that should not have (a fault in scoresync, not in what the user
    gave it): the message says what failed, what was kept, and how to report it."""
