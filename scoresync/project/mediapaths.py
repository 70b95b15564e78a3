"""Media paths in a project file: stored relative to the folder that holds the file.

A path in the model is absolute (or, when given relative, already relative to that
folder). It is written relative to the folder with ``/`` separators (``../`` where
needed; kept absolute only where no relative path exists, such as another Windows drive),
and read back resolved against the folder and normalised, so a project folder can move
with its media.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from scoresync.errors import Location
from scoresync.project.places import DocumentProblem

__all__ = ["folder_of", "resolved_media", "stored_media"]


def folder_of(path: Path | str) -> str:
    """The absolute folder holding the file at ``path``: media paths are relative to it."""
    return os.path.dirname(os.path.abspath(path))


def resolved_media(stored: str | None, folder: str, location: Location) -> str | None:
    """The model's path of a media path ``stored`` in a file in ``folder``; raises
    :class:`DocumentProblem` at ``location`` for an empty path."""
    if stored is None:
        return None
    if not stored:
        raise DocumentProblem(location, "an empty media path; use null for none")
    return os.path.normpath(os.path.join(folder, stored))


def stored_media(path: str | None, folder: str) -> str | None:
    """How the model's media ``path`` is written in a file in ``folder``."""
    if path is None:
        return None
    if os.path.isabs(path):
        # no relative path exists between Windows drives: the path stays absolute
        with contextlib.suppress(ValueError):
            path = os.path.relpath(path, folder)
    return path.replace(os.sep, "/")
