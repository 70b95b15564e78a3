"""The scan: which audio files under the folders given are new, changed, moved, unchanged
or gone, compared with what the index holds.

A file whose size and modification time match its row is unchanged and not read again. A
file of the same size with another modification time is hashed: the same content only
updates the time. A new path whose size matches a track whose file is gone is hashed: the
same content is that track, moved (its analysis and tags follow it). A track whose file
is gone from a folder scanned is marked removed. Only what is left is analysed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scoresync.library.index import Failure, Index, Known, LibraryError
from scoresync.temp.audiofile import AUDIO_SUFFIXES

__all__ = ["Plan", "audio_files", "plan_scan"]


@dataclass(frozen=True)
class Seen:
    """An audio file found on disk: absolute path, size and modification time."""

    path: str
    size_bytes: int
    mtime_ns: int


@dataclass
class Plan:
    """What a scan found: files to analyse, tracks moved or touched (with their new path
    and time), tracks gone, and counts of what needs nothing."""

    to_analyse: list[Seen] = field(default_factory=list)
    moved: list[tuple[int, Seen]] = field(default_factory=list)
    touched: list[tuple[int, Seen]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    gone_failures: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed_before: int = 0
    found: int = 0


def check_folders(folders: Iterable[str | Path]) -> list[str]:
    """The folders as absolute paths; raises :class:`LibraryError` for one that is missing
    or not a folder."""
    checked = []
    for folder in folders:
        path = Path(folder).expanduser()
        if not path.exists():
            raise LibraryError(f"{folder}: no such folder; check the name")
        if not path.is_dir():
            raise LibraryError(f"{folder}: not a folder; give the folder that holds the music")
        checked.append(os.path.abspath(path))
    return checked


def audio_files(folders: Iterable[str]) -> Iterator[Seen]:
    """Every audio file under ``folders`` (absolute paths; the endings libsndfile reads,
    in any case), skipping hidden files and
    folders (``.DS_Store``, ``._name.wav`` resource forks) and not following links to
    folders."""
    for folder in folders:
        for parent, folder_names, file_names in os.walk(folder):
            folder_names[:] = sorted(name for name in folder_names if not name.startswith("."))
            for name in sorted(file_names):
                if name.startswith(".") or os.path.splitext(name)[1].lower() not in AUDIO_SUFFIXES:
                    continue
                path = os.path.join(parent, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                yield Seen(path, stat.st_size, stat.st_mtime_ns)


def _under(path: str, folders: list[str]) -> bool:
    return any(path == f or path.startswith(f.rstrip(os.sep) + os.sep) for f in folders)


def plan_scan(
    index: Index,
    folders: list[str],
    *,
    retry_failed: bool = False,
) -> Plan:
    """Compare the audio files under ``folders`` (absolute) with ``index``."""
    known = index.known_tracks()
    by_path = {track.path: track for track in known}
    failures = index.known_failures()
    plan = Plan()
    seen_paths: set[str] = set()
    new: list[Seen] = []
    for seen in audio_files(folders):
        if seen.path in seen_paths:
            continue
        seen_paths.add(seen.path)
        plan.found += 1
        track = by_path.get(seen.path)
        if track is not None:
            _plan_known(plan, track, seen)
            continue
        failure = failures.get(seen.path)
        if failure is not None and not retry_failed and _same_file(failure, seen):
            plan.failed_before += 1
            continue
        new.append(seen)
    gone = [
        track
        for track in known
        if track.path not in seen_paths and (track.removed or _under(track.path, folders))
    ]
    elsewhere = [
        track
        for track in known
        if track.path not in seen_paths and not track.removed and not _under(track.path, folders)
    ]
    _find_moves(plan, new, gone, elsewhere)
    moved_ids = {track_id for track_id, _ in plan.moved}
    plan.removed = [
        t.track_id
        for t in gone
        if t.track_id not in moved_ids and not t.removed and _under(t.path, folders)
    ]
    plan.gone_failures = [
        path for path in failures if path not in seen_paths and _under(path, folders)
    ]
    return plan


def _same_file(failure: Failure | Known, seen: Seen) -> bool:
    return failure.size_bytes == seen.size_bytes and failure.mtime_ns == seen.mtime_ns


def _plan_known(plan: Plan, track: Known, seen: Seen) -> None:
    if _same_file(track, seen):
        if track.removed:
            plan.touched.append((track.track_id, seen))
        else:
            plan.unchanged += 1
    elif track.size_bytes == seen.size_bytes and _hash_or_none(seen.path) == (track.content_hash):
        plan.touched.append((track.track_id, seen))
    else:
        plan.to_analyse.append(seen)


def _find_moves(
    plan: Plan,
    new: list[Seen],
    gone: list[Known],
    elsewhere: list[Known],
) -> None:
    """New paths that are tracks moved: same size and hash as a track whose file is gone
    (from the folders scanned, or from anywhere else: those are checked only when their
    size matches)."""
    by_size: dict[int, list[Known]] = {}
    for track in gone:
        by_size.setdefault(track.size_bytes, []).append(track)
    sizes = {seen.size_bytes for seen in new}
    for track in elsewhere:
        if track.size_bytes in sizes and not os.path.exists(track.path):
            by_size.setdefault(track.size_bytes, []).append(track)
    for seen in new:
        candidates = by_size.get(seen.size_bytes, [])
        digest = _hash_or_none(seen.path) if candidates else None
        match = next((t for t in candidates if t.content_hash == digest), None)
        if match is None:
            plan.to_analyse.append(seen)
            continue
        candidates.remove(match)
        plan.moved.append((match.track_id, seen))


def _hash_or_none(path: str) -> str | None:
    from scoresync.temp.cache import content_hash

    try:
        return content_hash(Path(path))
    except OSError:
        return None
