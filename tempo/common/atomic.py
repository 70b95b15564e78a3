"""Writing a file so that it is never seen half-written: every file the product writes.

The data goes to a temporary file in the target's folder, is flushed and fsynced, takes
the target's permission bits if the target exists, and replaces the target with
:func:`os.replace`; the folder is fsynced after. A failure at any step removes the
temporary file and leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tempo.common.errors import ExportError

__all__ = [
    "atomic_open",
    "atomic_path",
    "check_writable",
    "write_atomically",
    "write_export",
    "write_problem",
]


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a folder for fsync; NTFS journals the rename
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a fresh temporary path beside ``target``; on a clean exit, sync it and move it
    over ``target``.

    The caller writes the temporary path completely (and may read it back to check it)
    inside the ``with`` block. If the block raises, the temporary file is removed and
    ``target`` is untouched.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    temporary = folder / f".{target.name}.{secrets.token_hex(6)}.tmp"
    try:
        yield temporary
        _fsync_file(temporary)
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()
    _fsync_folder(folder)


@contextlib.contextmanager
def atomic_open(target: Path | str, *, buffering: int = -1) -> Iterator[BinaryIO]:
    """Open a binary file that becomes ``target`` when the ``with`` block ends cleanly."""
    with atomic_path(target) as temporary:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb", buffering=buffering) as file:
            yield file


def write_atomically(target: Path | str, data: bytes) -> os.stat_result:
    """Replace ``target`` with ``data``; return the written file's status.

    Raises :class:`OSError` when the folder cannot be written (nothing is changed then).
    """
    with atomic_open(target) as file:
        file.write(data)
        file.flush()
        status = os.fstat(file.fileno())
    return status


def write_problem(target: Path, error: OSError) -> str:
    """What to tell a user whose file ``target`` could not be written."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.exists():
        return f"cannot write {target}: the folder {folder} does not exist; create it first"
    if not folder.is_dir():
        return f"cannot write {target}: {folder} is not a folder"
    if target.is_dir():
        return f"cannot write {target}: it is a folder; give a file name"
    reason = error.strerror or str(error)
    return f"cannot write {target}: {reason}; choose another output path"


def check_writable(target: Path) -> None:
    """Raise :class:`ExportError` unless a file can be written at ``target``."""
    folder = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder; give a file name")
    if not folder.exists():
        raise ExportError(
            f"cannot write {target}: the folder {folder} does not exist; create it first"
        )
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write {target}: no permission to write in {folder}")


def write_export(target: Path | str, data: bytes) -> Path:
    """Write a deliverable atomically; raise :class:`ExportError` naming it and why not."""
    target = Path(target)
    try:
        write_atomically(target, data)
    except OSError as error:
        raise ExportError(write_problem(target, error)) from None
    return target
