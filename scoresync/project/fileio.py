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

Saving never loses a good file. The text is serialised and read back first (a project
that would not load again is never written); then, if the caller passes the
:class:`Fingerprint` it loaded, the file on disk must still have that content. The new
text goes to a temporary file in the same folder, is flushed and fsynced, and replaces the
project file with :func:`os.replace`; the folder is fsynced after. The previous file, if
it was a valid project, is first kept as ``NAME.bak`` (written the same atomic way), so
at every moment both names hold a complete, loadable file.

Media paths (``picture``, a cue's ``temp_track``) are stored relative to the folder
that holds the project file, with ``/`` separators, so a project folder can move with its
media. An absolute path in the model is written relative to that folder (``../`` where
needed; kept absolute only where no relative path exists, such as another Windows
drive); a relative path in the model is taken as already relative to that folder. On
load, stored paths are resolved against the folder and normalised, so the model holds
absolute paths.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scoresync.errors import ProjectError, TimecodeError
from scoresync.picture.rates import FrameRate, parse_rate
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.document import folder_of, outline_of, project_from_doc, project_to_doc
from scoresync.project.model import Project, Reel
from scoresync.project.schema import (
    SCHEMA_ID,
    SCHEMA_VERSION,
    DocumentProblem,
    ProjectDoc,
    describe_error,
    first_of,
)
from tempo.common.atomic import write_atomically

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
    "save_project",
]

CURRENT_VERSION = SCHEMA_VERSION
PROJECT_SUFFIX = ".scoresync.json"
BACKUP_SUFFIX = ".bak"


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


def _validated(document: dict[str, Any], rate: FrameRate) -> ProjectDoc:
    try:
        return ProjectDoc.model_validate(document, context={"rate": rate})
    except ValidationError as error:
        problems = [describe_error(dict(e)) for e in error.errors()]
        raise first_of(problems) from None


def project_from_bytes(data: bytes, *, path: Path | str) -> tuple[Project, int]:
    """Read a project from the bytes of a file at ``path`` (which anchors media paths).

    Returns the project and the schema version the bytes were written in. Raises
    :class:`~scoresync.errors.ProjectFileError` naming ``path``, the place and the problem.
    """
    path = Path(path)
    document: dict[str, Any] = {}
    try:
        document = _decoded(data)
        document, version = _upgraded(document)
        rate = _document_rate(document)
        project = project_from_doc(_validated(document, rate), rate, folder_of(path))
    except DocumentProblem as problem:
        raise problem.in_file(path, document) from None
    return project, version


def load_project(path: Path | str) -> LoadedProject:
    """Read the project file at ``path``; raises :class:`ProjectError` for any problem."""
    path = Path(path)
    try:
        with open(path, "rb") as file:
            data = file.read()
            status = os.fstat(file.fileno())
    except FileNotFoundError:
        raise ProjectError("no such file; check the name and folder", path=str(path)) from None
    except IsADirectoryError:
        raise ProjectError("is a folder, not a project file", path=str(path)) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise ProjectError(f"cannot read the file: {reason}", path=str(path)) from None
    project, version = project_from_bytes(data, path=path)
    fingerprint = Fingerprint(status.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())
    upgraded_from = version if version < CURRENT_VERSION else None
    return LoadedProject(project, path, fingerprint, upgraded_from)


def project_to_text(project: Project, *, path: Path | str) -> str:
    """Return the file text of ``project`` saved at ``path`` (which anchors media paths).

    Raises :class:`~scoresync.errors.ProjectFileError` if a position has no timecode label.
    """
    try:
        doc = project_to_doc(project, folder_of(Path(path)))
    except DocumentProblem as problem:
        raise problem.in_file(path, outline_of(project), prefix="cannot save: ") from None
    data = doc.model_dump(mode="json", by_alias=True, context={"rate": project.rate})
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# -- writing -----------------------------------------------------------------------------


def fingerprint_of(path: Path | str) -> Fingerprint | None:
    """Return the fingerprint of the file at ``path`` now, or None if there is none."""
    try:
        with open(path, "rb") as file:
            data = file.read()
            status = os.fstat(file.fileno())
    except FileNotFoundError:
        return None
    return Fingerprint(status.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())


def _read_current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def holds_project(path: Path) -> bool:
    """Whether the file at ``path`` reads as a project (a file that does not is never
    replaced by a new project, since it has no backup to go to)."""
    current = _read_current(path)
    return current is not None and _is_project(current, path)


def _is_project(data: bytes, path: Path) -> bool:
    try:
        project_from_bytes(data, path=path)
    except ProjectError:
        return False
    return True


def _check_unchanged(current: bytes | None, expected: Fingerprint, path: Path) -> None:
    if current is not None and hashlib.sha256(current).hexdigest() != expected.sha256:
        raise ProjectError(
            "changed on disk by another program since it was opened; nothing was saved. "
            "Reopen it to see those changes, or save under another name",
            path=str(path),
        )


def save_project(
    project: Project, path: Path | str, *, expected: Fingerprint | None = None
) -> Fingerprint:
    """Write ``project`` to ``path`` atomically, keeping the previous file as ``NAME.bak``.

    With ``expected`` (the fingerprint from :func:`load_project`), refuses to write if
    the file's content changed since (a file deleted since is written afresh). Returns
    the new file's fingerprint. Raises :class:`ProjectError` for anything that stops the
    save; the file on disk is then unchanged.
    """
    path = Path(path)
    data = project_to_text(project, path=path).encode("utf-8")
    try:
        project_from_bytes(data, path=path)
    except ProjectError as error:
        raise ProjectError(
            f"cannot save: the project would not read back ({error}); nothing was saved",
            path=str(path),
        ) from None
    try:
        current = _read_current(path)
        if expected is not None:
            _check_unchanged(current, expected, path)
        if current is not None and current != data:
            known_good = expected is not None
            if known_good or _is_project(current, path):
                write_atomically(path.with_name(path.name + BACKUP_SUFFIX), current)
        status = write_atomically(path, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ProjectError(
            f"cannot save: {reason}; the previous file is unchanged", path=str(path)
        ) from None
    return Fingerprint(status.st_mtime_ns, len(data), hashlib.sha256(data).hexdigest())


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
