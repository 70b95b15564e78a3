"""Writing a file so that it is never seen half-written: every file the product writes.

The file written is the path's *write target* (:func:`write_target`): the path itself, or,
when the path is a symbolic link, the file the link leads to in the end, so a link stays a
link and the real file gets the new content. The target must be a regular file or not
exist yet; a device (``/dev/full``), a FIFO, a socket or a folder is refused before
anything is created, and it is never opened (a FIFO would block).

The data goes to a temporary file in the target's folder, is flushed and fsynced, takes
the target's permission bits if the target exists, and replaces the target with
:func:`os.replace`; the folder is fsynced after. A failure at any step removes the
temporary file and leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from tempo.common.errors import ExportError

__all__ = [
    "WriteTargetError",
    "atomic_open",
    "atomic_path",
    "check_writable",
    "keep_copy",
    "write_atomically",
    "write_export",
    "write_problem",
    "write_target",
]


class WriteTargetError(ExportError):
    """A path names something no file can be written over: a device, a FIFO, a socket, a
    folder or a loop of symbolic links."""


_NOT_A_FILE = (
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def write_target(path: Path | str) -> Path:
    """The file a write to ``path`` replaces: ``path`` with every symbolic link followed
    to its final target (an absolute path), which is a regular file or does not exist yet.

    The target is looked at with :func:`os.stat` only, never opened. Raises
    :class:`WriteTargetError`, naming ``path`` as given, when the target is a folder, a
    device, a FIFO, a socket or anything else that is not a regular file, or when its
    links go round in a loop. A target whose folder is missing is returned as it is;
    writing it then fails with :func:`write_problem`'s message.

    >>> try:
    ...     write_target("/dev/null")
    ... except WriteTargetError as error:
    ...     print(error)
    cannot write /dev/null: it is a device, not a regular file; choose a file path
    """
    target = Path(os.path.realpath(path))
    try:
        status = os.stat(target)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise WriteTargetError(
                f"cannot write {path}: its symbolic links go round in a loop; choose a file path"
            ) from None
        return target  # nothing there yet (or its folder is missing: the write says so)
    mode = status.st_mode
    if stat.S_ISREG(mode):
        return target
    if stat.S_ISDIR(mode):
        raise WriteTargetError(f"cannot write {path}: it is a folder; give a file name")
    what = next((name for test, name in _NOT_A_FILE if test(mode)), "not a regular file")
    raise WriteTargetError(
        f"cannot write {path}: it is {what}, not a regular file; choose a file path"
    )


def _folder_of(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _target_folder(target: Path | str) -> Path:
    """The folder the write target of ``target`` is in, as the user wrote it when no link
    leads elsewhere (``out`` for ``out/a.mid``), else as the links resolve."""
    real = write_target(target)
    given = Path(target)
    return _folder_of(given) if Path(os.path.abspath(given)) == real else _folder_of(real)


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
    """Yield a fresh temporary path beside the write target of ``target``
    (:func:`write_target`); on a clean exit, sync it and move it over that target.

    The caller writes the temporary path completely (and may read it back to check it)
    inside the ``with`` block. If the block raises, the temporary file is removed and
    the target is untouched. Raises :class:`WriteTargetError` before anything is created
    when the target is not a regular file.
    """
    real = write_target(target)
    folder = _folder_of(real)
    temporary = folder / f".{real.name}.{secrets.token_hex(6)}.tmp"
    try:
        yield temporary
        _fsync_file(temporary)
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, os.stat(real).st_mode & 0o7777)
        os.replace(temporary, real)
    finally:
        if temporary.exists():
            temporary.unlink()
    _fsync_folder(folder)


@contextlib.contextmanager
def atomic_open(target: Path | str, *, buffering: int = -1) -> Iterator[BinaryIO]:
    """Open a binary file that becomes ``target``'s write target when the ``with`` block
    ends cleanly (see :func:`atomic_path`)."""
    with atomic_path(target) as temporary:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb", buffering=buffering) as file:
            yield file


def write_atomically(target: Path | str, data: bytes) -> os.stat_result:
    """Replace ``target``'s write target with ``data``; return the written file's status.

    Raises :class:`OSError` when the folder cannot be written, and
    :class:`WriteTargetError` when the target is not a regular file (nothing is changed
    either way).
    """
    with atomic_open(target) as file:
        file.write(data)
        file.flush()
        status = os.fstat(file.fileno())
    return status


def keep_copy(source: Path | str, target: Path | str) -> None:
    """Make ``target``'s write target hold what the regular file ``source`` holds now, and
    keep holding it when ``source`` is later replaced (never written in place, as every
    file here is replaced): a hard link, moved over the target in one rename, so a 50 MB
    backup costs no copy. Where the file system cannot link, the bytes are copied (see
    :func:`write_atomically`). Raises :class:`OSError` or :class:`WriteTargetError` with
    the target unchanged.
    """
    real = write_target(target)
    folder = _folder_of(real)
    temporary = folder / f".{real.name}.{secrets.token_hex(6)}.tmp"
    try:
        os.link(source, temporary, follow_symlinks=True)
    except OSError:
        write_atomically(real, Path(source).read_bytes())
        return
    try:
        os.replace(temporary, real)
    finally:
        if temporary.exists():
            temporary.unlink()
    _fsync_folder(folder)


def write_problem(target: Path, error: OSError) -> str:
    """What to tell a user whose file ``target`` could not be written."""
    try:
        folder = _target_folder(target)
    except WriteTargetError as refused:
        return str(refused)
    if not folder.exists():
        return f"cannot write {target}: the folder {folder} does not exist; create it first"
    if not folder.is_dir():
        return f"cannot write {target}: {folder} is not a folder"
    reason = error.strerror or str(error)
    return f"cannot write {target}: {reason}; choose another output path"


def check_writable(target: Path) -> None:
    """Raise :class:`ExportError` unless a file can be written at ``target``: its write
    target (:func:`write_target`) is a regular file or a new name, in a folder that
    exists and can be written. Nothing is opened or created."""
    folder = _target_folder(target)
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
