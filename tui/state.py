"""The open document: the project being edited, its undo history, and its file on disk.

Every change goes through :meth:`Document.apply_edit`, which keeps the previous project
as an undo snapshot (projects are immutable, so a snapshot is a reference). Saving is
atomic and refuses to overwrite a file another program changed since it was read.
Unsaved edits are also written, now and then, to a hidden autosave file beside the
project. The autosave goes as soon as the project equals the saved file again (a save,
or undo back to it), so it never holds edits the user took back.

Nothing here imports textual; the screens call it and show what it reports.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from collections import deque
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from scoresync.errors import ProjectError
from scoresync.project.fileio import (
    PROJECT_SUFFIX,
    Fingerprint,
    LoadedProject,
    fingerprint_of,
    load_project,
    remove_stray_temporaries,
    save_project,
)
from scoresync.project.lock import locked
from scoresync.project.model import Cue, Project

__all__ = [
    "DiskState",
    "Document",
    "Snapshot",
    "autosave_path_for",
    "hidden_beside",
    "project_changes",
    "save_as_suggestion",
]

UNDO_LIMIT = 500
AUTOSAVE_SUFFIX = ".autosave.json"


@dataclass(frozen=True)
class Snapshot:
    """A project as it was before an edit, and the edit's description (``add cue 1M4``)."""

    description: str
    project: Project
    coalesce: str | None = None


class DiskState(Enum):
    """How the project file on disk compares with the one the document last read or wrote."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    MISSING = "missing"


def hidden_beside(path: Path, suffix: str) -> Path:
    """Return a hidden file beside the project ``path`` named after it: for
    ``film.scoresync.json`` and ``.view.json``, ``.film.view.json``."""
    name = path.name
    for project_suffix in (PROJECT_SUFFIX, ".json"):
        if name.endswith(project_suffix) and len(name) > len(project_suffix):
            name = name[: -len(project_suffix)]
            break
    return path.with_name(f".{name}{suffix}")


def autosave_path_for(path: Path) -> Path:
    """Return the hidden autosave file beside ``path``: ``film.scoresync.json`` ->
    ``.film.autosave.json``."""
    return hidden_beside(path, AUTOSAVE_SUFFIX)


def save_as_suggestion(path: Path) -> Path:
    """Return the file offered when saving the project ``path`` under a new name:
    ``film.scoresync.json`` -> ``film-2.scoresync.json``."""
    stem = path.name.removesuffix(PROJECT_SUFFIX).removesuffix(".json")
    return path.with_name(f"{stem}-2{PROJECT_SUFFIX}")


class Document:
    """A project open for editing, with undo/redo, dirty tracking, saving and autosave."""

    def __init__(self, loaded: LoadedProject, *, undo_limit: int = UNDO_LIMIT) -> None:
        self.path: Path = Path(loaded.path)
        self.fingerprint: Fingerprint = loaded.fingerprint
        self.project: Project = loaded.project
        self.upgraded_from: int | None = loaded.upgraded_from
        self._saved: Project = loaded.project
        self._autosaved: Project = loaded.project
        self._autosave_ours = False
        """Whether the autosave file holds this session's edits (written or recovered)."""
        self._undo: deque[Snapshot] = deque(maxlen=undo_limit)
        self._redo: list[Snapshot] = []
        self._coalesce: str | None = None
        self._seen_on_disk: Fingerprint = loaded.fingerprint
        self._compared: tuple[Project, Project, bool] | None = None
        self._depth = 0
        """How many undo steps the project is from the file as opened (redo adds one)."""
        self._saved_depth = 0
        """The depth of the saved project, on the history line it was saved on."""
        self._branch_depth = 0
        """The deepest state that the current history line shares with the saved one."""

    @classmethod
    def open(cls, path: Path | str, *, undo_limit: int = UNDO_LIMIT) -> Document:
        """Read the project file at ``path`` (raises :class:`ProjectError`), removing the
        temporary files a killed save left beside it when no other program is saving."""
        document = cls(load_project(path), undo_limit=undo_limit)
        with contextlib.suppress(ProjectError), locked(document.path, wait=0):
            remove_stray_temporaries(document.path)
        return document

    # -- editing -----------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        """True when the project differs from the file as last read or saved."""
        project, saved = self.project, self._saved
        if project is saved:
            return False
        compared = self._compared
        if compared is None or compared[0] is not project or compared[1] is not saved:
            compared = self._compared = (project, saved, project != saved)
        return compared[2]

    @property
    def edits_since_save(self) -> int:
        """How many edits (undo steps) lie between the project and the file as last read
        or saved: undone edits count down, and edits on a new branch after undoing past
        the save count both ways (an undo back to the saved project is 0)."""
        shared = min(self._depth, self._branch_depth)
        return (self._saved_depth - shared) + (self._depth - shared)

    @property
    def undo_count(self) -> int:
        """How many edits can be undone."""
        return len(self._undo)

    @property
    def redo_count(self) -> int:
        """How many undone edits can be redone."""
        return len(self._redo)

    def apply_edit(
        self, description: str, project: Project, *, coalesce: str | None = None
    ) -> None:
        """Make ``project`` current, keeping the previous one for undo; clears redo.

        Consecutive edits with the same ``coalesce`` key (such as repeated nudges of one
        cue) make one undo step.
        """
        if project is self.project:
            return
        if coalesce is None or coalesce != self._coalesce or not self._undo:
            self._undo.append(Snapshot(description, self.project, coalesce))
            self._branch_depth = min(self._branch_depth, self._depth)
            self._depth += 1
        self._coalesce = coalesce
        self._redo.clear()
        self.project = project
        self.settle_autosave()

    def undo(self) -> str | None:
        """Restore the project before the last edit; return that edit's description."""
        if not self._undo:
            return None
        snapshot = self._undo.pop()
        self._redo.append(Snapshot(snapshot.description, self.project, snapshot.coalesce))
        self.project = snapshot.project
        self._coalesce = None
        self._depth -= 1
        self.settle_autosave()
        return snapshot.description

    def redo(self) -> str | None:
        """Apply the last undone edit again; return its description."""
        if not self._redo:
            return None
        snapshot = self._redo.pop()
        self._undo.append(Snapshot(snapshot.description, self.project, snapshot.coalesce))
        self.project = snapshot.project
        self._coalesce = None
        self._depth += 1
        self.settle_autosave()
        return snapshot.description

    # -- the file on disk ----------------------------------------------------------------

    def save(self) -> None:
        """Write the project over its file, refusing if another program changed the file.

        Raises :class:`ProjectError` (nothing is written then).
        """
        self.fingerprint = save_project(self.project, self.path, expected=self.fingerprint)
        self._mark_saved()

    def save_as(self, path: Path | str) -> None:
        """Write the project to ``path`` and keep editing that file from now on."""
        new_path = Path(path)
        fingerprint = save_project(self.project, new_path)
        self.remove_autosave()
        self.path = new_path
        self.fingerprint = fingerprint
        self._mark_saved()

    def _mark_saved(self) -> None:
        self._saved = self.project
        self._saved_depth = self._branch_depth = self._depth
        self._seen_on_disk = self.fingerprint
        self._coalesce = None
        self.remove_autosave()

    def reload(self) -> None:
        """Read the file again; the project before is kept as an undoable step."""
        loaded = load_project(self.path)
        if loaded.project != self.project:
            self._undo.append(Snapshot("reload from disk", self.project))
            self._redo.clear()
            self._depth += 1
        self.project = loaded.project
        self.fingerprint = loaded.fingerprint
        self._seen_on_disk = loaded.fingerprint
        self._saved = loaded.project
        self._saved_depth = self._branch_depth = self._depth
        self._coalesce = None
        self.settle_autosave()

    def disk_state(self) -> DiskState:
        """Compare the file on disk with the last one read or written (cheaply: by size and
        modification time first, by content only when those differ)."""
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            return DiskState.MISSING
        known = self.fingerprint
        if status.st_mtime_ns == known.mtime_ns and status.st_size == known.size:
            return DiskState.UNCHANGED
        current = fingerprint_of(self.path)
        if current is None:
            return DiskState.MISSING
        if current.sha256 == known.sha256:
            self.fingerprint = current
            return DiskState.UNCHANGED
        return DiskState.CHANGED

    def external_change_is_new(self) -> bool:
        """True the first time a given external change is seen (to tell the user once)."""
        current = fingerprint_of(self.path)
        if current is None or current.sha256 == self._seen_on_disk.sha256:
            return False
        self._seen_on_disk = current
        return True

    # -- autosave ------------------------------------------------------------------------

    @property
    def autosave_path(self) -> Path:
        """The hidden file beside the project that holds unsaved edits."""
        return autosave_path_for(self.path)

    @property
    def needs_autosave(self) -> bool:
        """True when there are unsaved edits the autosave file does not hold yet."""
        return self.dirty and self.project is not self._autosaved

    def write_autosave(self, project: Project) -> Path:
        """Write ``project`` to the autosave file atomically (safe to call from a thread)."""
        target = self.autosave_path
        save_project(project, target, lock=False)
        return target

    def mark_autosaved(self, project: Project) -> None:
        """Record that the autosave file now holds ``project``; it goes again at once if
        the project equals the saved file by now."""
        self._autosaved = project
        self._autosave_ours = True
        self.settle_autosave()

    def remove_autosave(self) -> None:
        """Delete the autosave file (and the backup the writer keeps of it)."""
        target = self.autosave_path
        for path in (target, target.with_name(target.name + ".bak")):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        self._autosaved = self._saved
        self._autosave_ours = False

    def settle_autosave(self) -> None:
        """Remove this session's autosave once the project equals the saved file: it
        would otherwise offer edits the user took back. (An autosave left by an earlier
        session, which the user chose to keep, stays.)"""
        if self._autosave_ours and not self.dirty:
            self.remove_autosave()

    def pending_autosave(self) -> Path | None:
        """Return the autosave file if there is one, however old: whether it holds edits
        the project file lacks is for :meth:`autosave_changes` to say (the project file
        may have been changed by another program after the autosave was written)."""
        target = self.autosave_path
        return target if target.is_file() else None

    def recover_autosave(self) -> None:
        """Take the autosaved project as an undoable edit. The file now holds this
        session's edits: it stays until a save, or until undo takes the project back to
        the saved file.

        Raises :class:`ProjectError` if the autosave file cannot be read.
        """
        recovered = load_project(self.autosave_path).project
        self._autosaved = recovered
        self._autosave_ours = True
        self.apply_edit("recover autosaved edits", recovered)

    def autosave_changes(self) -> list[str]:
        """What the autosave file holds that the saved project does not, one short line
        each (see :func:`project_changes`); empty when they are equal.

        Raises :class:`ProjectError` if the autosave file cannot be read.
        """
        return project_changes(self._saved, load_project(self.autosave_path).project)


_PARTS = {
    "start_frames": "in",
    "end_frames": "out",
    "tempo": "tempo map",
    "rate": "frame rate",
    "session_start_frames": "session start",
}


def _differing_parts(old: object, new: object) -> list[str]:
    """The names of the fields of two dataclasses that differ, as a user reads them."""
    return [
        _PARTS.get(field.name, field.name.replace("_", " "))
        for field in dataclasses.fields(old)  # type: ignore[arg-type]
        if getattr(old, field.name) != getattr(new, field.name)
    ]


def project_changes(saved: Project, changed: Project, *, limit: int = 8) -> list[str]:
    """What ``changed`` does differently from ``saved``, one short line each: the
    project's own settings, then the cues added, removed and changed (with what changed in
    them), at most ``limit`` lines (the last says how many more); empty when equal.

    >>> from scoresync.project.demo import demo_project
    >>> saved = demo_project()
    >>> changed = saved.without_cue(saved.cues[1].number)
    >>> project_changes(saved, dataclasses.replace(changed, title="Night Train 2"))
    ['title changed', '1M2 removed']
    """
    lines: list[str] = []
    outside = [part for part in _differing_parts(saved, changed) if part != "cues"]
    if outside:
        lines.append(f"{', '.join(outside)} changed")
    before: dict[object, Cue] = {cue.number: cue for cue in saved.cues}
    after: dict[object, Cue] = {cue.number: cue for cue in changed.cues}
    for cue in changed.cues:
        old = before.get(cue.number)
        if old is None:
            lines.append(f"{cue.number} added")
        elif old != cue:
            lines.append(f"{cue.number}: {', '.join(_differing_parts(old, cue))} changed")
    lines.extend(f"{cue.number} removed" for cue in saved.cues if cue.number not in after)
    if len(lines) > limit:
        lines[limit - 1 :] = [f"… and {len(lines) - limit + 1} more"]
    return lines


def describe_age(path: Path) -> str:
    """Return how long ago ``path`` was written, for a message (``3 minutes ago``)."""
    try:
        seconds = max(0.0, time.time() - path.stat().st_mtime)
    except FileNotFoundError:
        return "at an unknown time"
    if seconds < 90:
        return f"{seconds:.0f} seconds ago"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} minutes ago"
    return f"{seconds / 3600:.1f} hours ago"
