"""One edit at a time to a project file: an advisory lock file beside it.

Two programs that both read a project, change it and save it would each write their own
version, and one change would vanish. So an edit holds the project's lock from the moment
it reads the file until its new file is in place: a command-line edit for the whole
command, the terminal UI only while it saves (it notices outside changes itself).
Reading never needs the lock, since every save replaces the file in one step.

The lock is ``.NAME.lock`` beside the project file ``NAME`` (for a symbolic link, beside
the file it points to), locked with the operating system's advisory file lock, so a
program that dies lets go of it at once. The lock file names its holder (process id and
command) for the message another program shows while it waits, and goes when its holder
lets go (a program that takes it checks that the file it locked is still the one of that
name, so one removed meanwhile is never held by two). A program that finds the
lock taken waits up to :data:`WAIT_SECONDS`, saying so once if it waits longer than
:data:`QUIET_SECONDS`, then gives up with a
:class:`ProjectLockedError` that names the holder; nothing was changed then.

Locks are re-entrant within a program: taking a lock the program already holds (from
another function, or the same thread again) just counts.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from scoresync.errors import ProjectError

__all__ = [
    "WAIT_SECONDS",
    "ProjectLockedError",
    "hold",
    "lock_path_for",
    "locked",
    "release",
]

WAIT_SECONDS = 10.0
"""How long an edit waits for another program's edit of the same project to finish."""

POLL_SECONDS = 0.05

QUIET_SECONDS = 0.5
"""A wait shorter than this goes without a word."""

LOCK_SUFFIX = ".lock"


class ProjectLockedError(ProjectError):
    """Another program is editing the project and did not finish in time."""


def lock_path_for(path: Path | str) -> Path:
    """The lock file of the project at ``path``: ``.NAME.lock`` beside the real file."""
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}{LOCK_SUFFIX}")


class _Held:
    """A lock this program holds: its open lock file and how many times it was taken."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor
        self.count = 1
        self.owner = threading.get_ident()


_held: dict[Path, _Held] = {}
_guard = threading.Condition()


def hold(
    path: Path | str,
    *,
    wait: float = WAIT_SECONDS,
    waiting: Callable[[str], None] | None = None,
) -> Path:
    """Take the lock of the project at ``path`` (waiting up to ``wait`` seconds for another
    program to finish; ``waiting`` is told once, with a message, if it has to wait) and
    return the lock file's path, for :func:`release`.

    Raises :class:`ProjectLockedError` if the lock stays taken, :class:`ProjectError` if
    the lock file cannot be made (the folder is read-only, say): then no edit could be
    saved there either.
    """
    lock_path = lock_path_for(path)
    deadline = time.monotonic() + wait
    me = threading.get_ident()
    with _guard:
        while (held := _held.get(lock_path)) is not None and held.owner != me:
            if not _guard.wait(timeout=max(0.0, deadline - time.monotonic())):
                raise _locked_error(path, lock_path, wait)
        if held is not None:
            held.count += 1
            return lock_path
        held = _held[lock_path] = _Held(-1)  # this thread's, while it takes the file lock
    try:
        held.descriptor = _take(path, lock_path, deadline, wait, waiting)
    except BaseException:
        with _guard:
            del _held[lock_path]
            _guard.notify_all()
        raise
    _write_holder(held.descriptor)
    return lock_path


def release(lock_path: Path) -> None:
    """Let go of a lock taken with :func:`hold` (once per time it was taken)."""
    with _guard:
        held = _held.get(lock_path)
        if held is None:
            return
        held.count -= 1
        if held.count > 0:
            return
        del _held[lock_path]
        if sys.platform != "win32":  # Windows cannot remove a file that is open
            with contextlib.suppress(OSError):
                os.unlink(lock_path)
        os.close(held.descriptor)  # closing lets go of the operating system's lock
        _guard.notify_all()


@contextlib.contextmanager
def locked(
    path: Path | str,
    *,
    wait: float = WAIT_SECONDS,
    waiting: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the lock of the project at ``path`` for the ``with`` block."""
    lock_path = hold(path, wait=wait, waiting=waiting)
    try:
        yield
    finally:
        release(lock_path)


def _open_lock_file(path: Path | str, lock_path: Path) -> int:
    try:
        return os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as error:
        if not lock_path.parent.is_dir():
            problem = f"the folder {lock_path.parent} does not exist; create it first"
        else:
            reason = error.strerror or str(error)
            problem = (
                f"the lock file {lock_path.name} cannot be made beside it ({reason}); "
                "check that the folder can be written"
            )
        raise ProjectError(f"cannot save: {problem}", path=str(path)) from None


def _take(
    path: Path | str,
    lock_path: Path,
    deadline: float,
    wait: float,
    waiting: Callable[[str], None] | None,
) -> int:
    """The open lock file, locked: the one at ``lock_path`` when it was locked."""
    told = False
    quiet_until = time.monotonic() + QUIET_SECONDS
    while True:
        descriptor = _open_lock_file(path, lock_path)
        if _try_lock(descriptor) and _still_named(descriptor, lock_path):
            return descriptor
        os.close(descriptor)
        if time.monotonic() >= deadline:
            raise _locked_error(path, lock_path, wait)
        if not told and waiting is not None and time.monotonic() >= quiet_until:
            waiting(f"{Path(path).name} is being changed by {_holder(lock_path)}; waiting")
            told = True
        time.sleep(POLL_SECONDS)


def _still_named(descriptor: int, lock_path: Path) -> bool:
    """Whether the locked file is still the one at ``lock_path`` (its holder may have
    removed it between this program opening it and locking it)."""
    try:
        named = os.stat(lock_path)
    except FileNotFoundError:
        return False
    locked_file = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (locked_file.st_dev, locked_file.st_ino)


def _locked_error(path: Path | str, lock_path: Path, wait: float) -> ProjectLockedError:
    return ProjectLockedError(
        f"is being changed by {_holder(lock_path)} and was still busy after {wait:g} s; "
        "nothing was changed. Try again when it has finished",
        path=str(path),
    )


def _holder(lock_path: Path) -> str:
    """Who holds the lock, as the lock file names it: ``scoresync hit add (process 4242)``."""
    try:
        text = lock_path.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    if not text:
        return "another scoresync"
    pid, _, command = text.partition(" ")
    described = command.strip()[:80] or "scoresync"
    return f"{described} (process {pid})" if pid.isdigit() else "another scoresync"


def _write_holder(descriptor: int) -> None:
    command = " ".join(["scoresync", *sys.argv[1:3]]) if sys.argv else "scoresync"
    text = f"{os.getpid()} {command}\n".encode("utf-8", errors="replace")
    with contextlib.suppress(OSError):
        os.ftruncate(descriptor, 0)
        os.lseek(descriptor, 0, os.SEEK_SET)
        os.write(descriptor, text)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(descriptor: int) -> bool:
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
