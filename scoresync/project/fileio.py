"""Reading and writing project files: load, upgrade, validate, save atomically.

A project file is UTF-8 JSON (see :mod:`scoresync.project.schema` for its shape), written with a
2-space indent, keys in a fixed order and a trailing newline, so that it reads well and
diffs cleanly. Conventionally it is named ``NAME.scoresync.json``.

Loading names the file, the place in it and the problem for anything wrong, one line per
error (a :class:`~scoresync.errors.ProjectFileError`, which also carries the place as a
JSON location such as ``("cues", 2, "hits", 0, "tc")``): a missing or unreadable file, text
that is not JSON (with line and column), another schema, a version newer than this
program reads, and every invalid value. Older versions are upgraded step by step through
:data:`UPGRADES` before validation; a file without a ``version`` is version 0.

Only a regular file of at most :data:`MAX_PROJECT_BYTES` is read: a FIFO or a device
(``/dev/zero``) is refused before anything is read from it.

Saving never loses a good file. What is about to be written is checked to read back first
(:func:`scoresync.project.wire.project_bytes`: a project that would not load again is never
written). The save holds the project's lock
(:mod:`scoresync.project.lock`) while it checks and replaces the file, so two programs
never save over each other; if the caller passes the :class:`Fingerprint` it loaded, the
file on disk must still have that content. The new text goes to a temporary file in the
same folder, is flushed and fsynced; only then is the previous file, if it is a project
file, kept as ``NAME.bak`` (a hard link to it renamed into place, or an atomic copy where
the file system cannot link), and the new file replaces the project file with
:func:`os.replace`; the folder is fsynced after. So at every moment both
names hold a complete, loadable file, and a save that fails leaves both as they were. A
project that is a symbolic link stays one: the file it points to gets the new text, and its
``.bak`` goes beside that file. Temporary files a killed save left behind are removed by
the next save or edit, under the lock.

Media paths (``picture``, a cue's ``temp_track``) are stored relative to the folder
that holds the project file, with ``/`` separators, so a project folder can move with its
media. An absolute path in the model is written relative to that folder (``../`` where
needed; kept absolute only where no relative path exists, such as another Windows
drive); a relative path in the model is taken as already relative to that folder. On
load, stored paths are resolved against the folder and normalised, so the model holds
absolute paths.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoresync.errors import ProjectError, TimecodeError
from scoresync.picture.rates import FrameRate, parse_rate
from scoresync.picture.timecode import tc_to_frames
from scoresync.project import SCHEMA_ID, SCHEMA_VERSION
from scoresync.project.lock import locked
from scoresync.project.mediapaths import folder_of
from scoresync.project.model import Project, Reel
from scoresync.project.places import DocumentProblem
from scoresync.project.wire import (
    Unreadable,
    canonical_project,
    declares_project,
    outline_of,
    project_bytes,
)
from tempo.common.atomic import atomic_path, keep_copy

__all__ = [
    "CURRENT_VERSION",
    "PROJECT_SUFFIX",
    "UPGRADES",
    "Fingerprint",
    "holds_project",
    "LoadedProject",
    "fingerprint_of",
    "load_project",
    "new_project",
    "project_from_bytes",
    "project_to_text",
    "read_project_bytes",
    "remove_stray_temporaries",
    "save_project",
]

CURRENT_VERSION = SCHEMA_VERSION
PROJECT_SUFFIX = ".scoresync.json"
BACKUP_SUFFIX = ".bak"

MAX_PROJECT_BYTES = 512 * 1024 * 1024
"""The largest project file read: ten times a 10,000-cue project."""


@dataclass(frozen=True)
class Fingerprint:
    """What a project file looked like: modification time (ns), size (bytes), SHA-256.

    Saving compares content only (the SHA-256): a file touched but not changed is no
    conflict.
    """

    mtime_ns: int
    size: int
    sha256: str


@dataclass(frozen=True)
class LoadedProject:
    """A project read from ``path``, with the fingerprint of the bytes it came from.

    ``upgraded_from`` is the file's schema version when it was older than this program's
    (the next save writes the current version), else None.
    """

    project: Project
    path: Path
    fingerprint: Fingerprint
    upgraded_from: int | None = None


# -- upgrades ----------------------------------------------------------------------------


def _upgrade_0_to_1(document: dict[str, Any]) -> dict[str, Any]:
    """Version 0 called the frame rate ``fps`` (sometimes a JSON number); 1 calls it ``rate``."""
    upgraded = dict(document)
    if "fps" in upgraded and "rate" not in upgraded:
        fps = upgraded.pop("fps")
        is_number = isinstance(fps, int | float) and not isinstance(fps, bool)
        upgraded["rate"] = repr(fps) if is_number else fps
    upgraded["version"] = 1
    return upgraded


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _upgrade_0_to_1}
"""Upgrade steps: ``UPGRADES[n]`` turns a version-n document into a version n+1 one."""


def _upgraded(document: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Return the document at :data:`CURRENT_VERSION` and the version it was written in."""
    version = document.get("version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise DocumentProblem(
            ("version",), f"must be a whole number from 0, got {json.dumps(version)}"
        )
    if version > CURRENT_VERSION:
        raise DocumentProblem(
            ("version",),
            f"written by a newer scoresync (version {version}); this one reads up to "
            f"{CURRENT_VERSION}: upgrade scoresync",
        )
    for step in range(version, CURRENT_VERSION):
        document = UPGRADES[step](document)
    return document, version


# -- reading -----------------------------------------------------------------------------


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DocumentProblem(
                (), f"the key {json.dumps(key)} appears twice in one object; keep one"
            )
        result[key] = value
    return result


def _no_constant(name: str) -> None:
    raise DocumentProblem((), f"{name} is not a JSON number; write a finite number")


def _decoded(data: bytes) -> dict[str, Any]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentProblem(
            (),
            f"not UTF-8 text (byte 0x{data[error.start]:02x}); save the file as UTF-8 JSON",
            text_place=f"byte {error.start}",
        ) from None
    try:
        document = json.loads(
            text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant
        )
    except json.JSONDecodeError as error:
        raise DocumentProblem(
            (),
            f"not valid JSON: {error.msg}",
            text_place=f"line {error.lineno}, column {error.colno}",
        ) from None
    except RecursionError:
        raise DocumentProblem(
            (), "its JSON is nested too deeply to be a project; check how it was made"
        ) from None
    except ValueError:  # an integer of more digits than Python converts
        raise DocumentProblem(
            (),
            f"holds a number of more than {sys.get_int_max_str_digits():,} digits, which no "
            "project value has; check how the file was made",
        ) from None
    if _LONE_SURROGATE.search(text) and _has_lone_surrogate(document):
        raise DocumentProblem(
            (),
            "holds text with a lone UTF-16 surrogate escape (such as \\ud800), which is no "
            "character; correct or remove it",
        )
    if not isinstance(document, dict):
        kind = "an array" if isinstance(document, list) else json.dumps(document)[:20]
        raise DocumentProblem((), f"holds {kind}, not a scoresync project (a JSON object {{...}})")
    schema = document.get("schema")
    if schema != SCHEMA_ID:
        got = 'it has no "schema" key' if schema is None else f"its schema is {json.dumps(schema)}"
        raise DocumentProblem(
            ("schema",), f'not a scoresync project file: {got}; expected "{SCHEMA_ID}"'
        )
    return document


_LONE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
"""A JSON escape of a UTF-16 surrogate: only then can the decoded text hold a lone one."""


def _has_lone_surrogate(value: object) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _document_rate(document: dict[str, Any]) -> FrameRate:
    if "rate" not in document:
        raise DocumentProblem(
            ("rate",), 'required, but missing: give the frame rate, such as "23.976"'
        )
    text = document["rate"]
    if not isinstance(text, str):
        raise DocumentProblem(("rate",), f'must be text such as "23.976", got {json.dumps(text)}')
    try:
        return parse_rate(text)
    except TimecodeError as error:
        raise DocumentProblem(("rate",), str(error)) from None


def _validated(document: dict[str, Any], rate: FrameRate, folder: str) -> Project:
    """The project a document describes, read by the file schema's models, which name
    any problem (imported here: a file as this program writes it never needs them)."""
    from pydantic import ValidationError

    from scoresync.project.document import project_from_doc
    from scoresync.project.schema import ProjectDoc, describe_error, first_of

    try:
        doc = ProjectDoc.model_validate(document, context={"rate": rate})
    except ValidationError as error:
        problems = [describe_error(dict(e)) for e in error.errors()]
        raise first_of(problems) from None
    return project_from_doc(doc, rate, folder)


def project_from_bytes(data: bytes, *, path: Path | str) -> tuple[Project, int]:
    """Read a project from the bytes of a file at ``path`` (which anchors media paths).

    Returns the project and the schema version the bytes were written in. Raises
    :class:`~scoresync.errors.ProjectFileError` naming ``path``, the place and the problem.
    A file as :func:`project_to_text` writes it is read by
    :func:`~scoresync.project.wire.canonical_project`; any other by the file schema.
    """
    path = Path(path)
    project = canonical_project(data, folder_of(path))
    if project is not None:
        return project, CURRENT_VERSION
    return _schema_read(data, path)


def _schema_read(data: bytes, path: Path) -> tuple[Project, int]:
    """:func:`project_from_bytes` by the file schema alone, for any file."""
    document: dict[str, Any] = {}
    try:
        document = _decoded(data)
        document, version = _upgraded(document)
        rate = _document_rate(document)
        project = _validated(document, rate, folder_of(path))
    except DocumentProblem as problem:
        raise problem.in_file(path, document) from None
    return project, version


def read_project_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file at ``path`` and its status; raises
    :class:`ProjectError` for a missing or unreadable file, a folder, a FIFO, a device or
    a file over :data:`MAX_PROJECT_BYTES`, before reading anything from it."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ProjectError("no such file; check the name and folder", path=str(path)) from None
    except IsADirectoryError:
        raise ProjectError("is a folder, not a project file", path=str(path)) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise ProjectError(f"cannot read the file: {reason}", path=str(path)) from None
    status = os.fstat(descriptor)
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        if stat.S_ISDIR(status.st_mode):
            raise ProjectError("is a folder, not a project file", path=str(path))
        raise ProjectError(
            "is not a regular file (a FIFO, device or socket); name a project file",
            path=str(path),
        )
    with os.fdopen(descriptor, "rb") as file:
        if status.st_size > MAX_PROJECT_BYTES:
            raise ProjectError(
                f"is {status.st_size / 2**20:,.0f} MiB, larger than any project "
                f"({MAX_PROJECT_BYTES // 2**20} MiB at most); name a project file",
                path=str(path),
            )
        try:
            data = file.read(MAX_PROJECT_BYTES + 1)
        except OSError as error:
            reason = error.strerror or str(error)
            raise ProjectError(f"cannot read the file: {reason}", path=str(path)) from None
    return data, status


def load_project(path: Path | str) -> LoadedProject:
    """Read the project file at ``path``; raises :class:`ProjectError` for any problem."""
    path = Path(path)
    data, status = read_project_bytes(path)
    project, version = project_from_bytes(data, path=path)
    fingerprint = Fingerprint(status.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())
    upgraded_from = version if version < CURRENT_VERSION else None
    return LoadedProject(project, path, fingerprint, upgraded_from)


def project_to_text(project: Project, *, path: Path | str) -> str:
    """Return the file text of ``project`` saved at ``path`` (which anchors media paths).

    Raises :class:`~scoresync.errors.ProjectFileError` if a position has no timecode label.
    """
    return project_file_bytes(project, path=path).decode("utf-8")


def project_file_bytes(project: Project, *, path: Path | str) -> bytes:
    """The bytes of ``project``'s file saved at ``path`` (see :func:`project_to_text`).

    Raises :class:`ProjectError` for a project whose file would not read back (a value
    the reader refuses), naming the place: such a file is never written.
    """
    try:
        return project_bytes(project, folder_of(Path(path)))
    except DocumentProblem as problem:
        raise problem.in_file(path, outline_of(project), prefix="cannot save: ") from None
    except Unreadable as unreadable:
        try:
            project_from_bytes(unreadable.data, path=path)
        except ProjectError as error:
            raise ProjectError(
                f"cannot save: the project would not read back ({error}); nothing was saved",
                path=str(path),
            ) from None
        return unreadable.data


# -- writing -----------------------------------------------------------------------------


def fingerprint_of(path: Path | str) -> Fingerprint | None:
    """Return the fingerprint of the file at ``path`` now, or None if there is none.

    Raises :class:`ProjectError` when something other than a project file is there.
    """
    try:
        data, status = read_project_bytes(Path(path))
    except ProjectError:
        if not os.path.lexists(path):
            return None
        raise
    return Fingerprint(status.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())


def _read_current(path: Path) -> bytes | None:
    if not os.path.lexists(path) or not os.path.exists(path):
        return None  # nothing there, or a link to nothing yet: the save creates the file
    return read_project_bytes(path)[0]


def holds_project(path: Path) -> bool:
    """Whether the file at ``path`` is a project file, even one with a problem in it (any
    other file is never replaced by a new project, since it has no backup to go to)."""
    try:
        current = _read_current(path)
    except ProjectError:
        return False
    return current is not None and declares_project(current)


def _check_unchanged(current: bytes | None, expected: Fingerprint, path: Path) -> None:
    if current is not None and hashlib.sha256(current).hexdigest() != expected.sha256:
        raise ProjectError(
            "changed on disk by another program since it was opened; nothing was saved. "
            "Reopen it to see those changes, or save under another name",
            path=str(path),
        )


def save_project(
    project: Project,
    path: Path | str,
    *,
    expected: Fingerprint | None = None,
    lock: bool = True,
) -> Fingerprint:
    """Write ``project`` to ``path`` atomically, keeping the previous file as ``NAME.bak``.

    With ``expected`` (the fingerprint from :func:`load_project`), refuses to write if
    the file's content changed since (a file deleted since is written afresh). Returns
    the new file's fingerprint. Raises :class:`ProjectError` for anything that stops the
    save; the file on disk is then unchanged. The save holds the project's lock (waiting
    a little for another program's edit to finish); ``lock=False`` is for a file no
    other program edits, such as the terminal UI's autosave.
    """
    path = Path(path)
    data = project_file_bytes(project, path=path)
    target = Path(os.path.realpath(path))
    with locked(path) if lock else contextlib.nullcontext():
        try:
            remove_stray_temporaries(target)
            current = _read_current(target)
            if expected is not None:
                _check_unchanged(current, expected, path)
            backup = current is not None and current != data
            if backup and expected is None and not declares_project(current):  # type: ignore[arg-type]
                backup = False  # not a project: nothing worth keeping
            with atomic_path(target) as temporary:
                with open(temporary, "wb") as file:
                    file.write(data)
                    file.flush()
                    os.fsync(file.fileno())
                    status = os.fstat(file.fileno())
                if backup:  # once the new file is on disk: a failed save keeps the old .bak
                    keep_copy(target, target.with_name(target.name + BACKUP_SUFFIX))
        except OSError as error:
            reason = error.strerror or str(error)
            raise ProjectError(
                f"cannot save: {reason}; the previous file is unchanged", path=str(path)
            ) from None
    return Fingerprint(status.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())


def remove_stray_temporaries(path: Path) -> list[Path]:
    """Remove the temporary files a killed save of ``path`` (or of its ``.bak``) left in
    its folder, and return them. Call it only while holding the project's lock: then no
    save of this project is writing one."""
    target = Path(os.path.realpath(path))
    names = {target.name, target.name + BACKUP_SUFFIX}
    removed = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if match and match.group(1) in names and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


_TEMPORARY = re.compile(r"\.(.+)\.[0-9a-f]{12}\.tmp")
"""The name :func:`tempo.common.atomic.atomic_path` gives a temporary file: ``.NAME.HEX.tmp``."""


def new_project(
    title: str, rate: FrameRate | str, *, session_start: str = "01:00:00:00"
) -> Project:
    """Return an empty project with one reel, R1, starting at ``session_start``."""
    frame_rate = parse_rate(rate)
    start_frames = tc_to_frames(session_start, rate=frame_rate)
    return Project(
        title=title,
        rate=frame_rate,
        session_start_frames=start_frames,
        reels=(Reel(1, "R1", start_frames),),
        cues=(),
    )
