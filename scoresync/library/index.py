"""The library index: one SQLite file (WAL) holding every analysed track, its tags, and the
files that could not be analysed.

A track row holds the file's path, content hash, size and modification time, the analysis
(sample rate, length in samples, tempo summary, meter, beats and downbeats as sample
positions packed in little-endian binary), its integrated loudness and the analyser that
produced it. A track whose file has gone is *marked* removed (``removed_at``), never deleted:
its tags and analysis come back if the file does, here or, found by its hash, elsewhere.

Only the process that runs an indexing writes this file; analysis workers return results.
Every batch of results is one transaction, so a killed run leaves a readable index holding
every batch it finished, and the next run carries on from there.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scoresync.errors import ScoreSyncError

__all__ = [
    "SCHEMA_VERSION",
    "Failure",
    "Index",
    "LibraryError",
    "TrackRecord",
    "default_index_path",
    "pack_positions",
    "position_width",
    "unpack_positions",
]

SCHEMA_VERSION = 1
"""The layout of the index this code reads and writes."""

INDEX_ENV = "SCORESYNC_LIBRARY"
"""The environment variable naming the index file, when ``--index`` is not given."""


class LibraryError(ScoreSyncError):
    """The library index cannot be opened, read or written, or a library request is
    invalid."""


def default_index_path(environ: dict[str, str] | None = None) -> Path:
    """The index file used when none is named: ``$SCORESYNC_LIBRARY``, else
    ``$XDG_DATA_HOME/scoresync/library.sqlite``, else
    ``~/.local/share/scoresync/library.sqlite``."""
    env = os.environ if environ is None else environ
    if env.get(INDEX_ENV):
        return Path(env[INDEX_ENV]).expanduser()
    data_home = env.get("XDG_DATA_HOME") or str(Path("~/.local/share").expanduser())
    return Path(data_home) / "scoresync" / "library.sqlite"


def position_width(duration_samples: int) -> int:
    """Bytes per stored sample position for a file ``duration_samples`` long: 4 while every
    position fits a signed 32-bit integer (13 hours at 44.1 kHz), else 8."""
    return 4 if duration_samples < 2**31 else 8


def pack_positions(positions: Sequence[int], width: int) -> bytes:
    """Sample positions as a little-endian blob of ``width``-byte integers."""
    return struct.pack(f"<{len(positions)}{'i' if width == 4 else 'q'}", *positions)


def unpack_positions(blob: bytes, width: int) -> tuple[int, ...]:
    """The sample positions :func:`pack_positions` packed."""
    return struct.unpack(f"<{len(blob) // width}{'i' if width == 4 else 'q'}", blob)


@dataclass(frozen=True)
class TrackRecord:
    """One analysed file, as the index stores it (positions in samples at ``sample_rate``).

    ``loudness_lufs`` is None when every block of the file lies below the absolute gate.
    ``hint_meter`` and ``hint_bpm_range`` are the hints the analysis was given (None when
    none): the same hints give the same bar lines when the track is used as a temp.
    """

    path: str
    content_hash: str
    size_bytes: int
    mtime_ns: int
    sample_rate: int
    duration_samples: int
    bpm: float
    bpm_min: float
    bpm_max: float
    stability: float
    meter: str
    beats: tuple[int, ...]
    downbeats: tuple[int, ...]
    loudness_lufs: float | None
    analyser: str
    analyser_version: str
    hint_meter: str | None = None
    hint_bpm_range: tuple[float, float] | None = None
    track_id: int | None = None
    removed_at: str | None = None
    tags: tuple[str, ...] = ()

    @property
    def duration_seconds(self) -> float:
        """The length in seconds, for display and bulk comparison."""
        return self.duration_samples / self.sample_rate


@dataclass(frozen=True)
class Failure:
    """A file that could not be analysed: ``kind`` is ``unreadable``, ``silent``,
    ``too short`` or ``failed``; ``message`` says what went wrong."""

    path: str
    size_bytes: int
    mtime_ns: int
    kind: str
    message: str


@dataclass(frozen=True)
class Known:
    """What the index knows of a path (or of a track that may have moved): enough to tell
    whether a file changed."""

    track_id: int
    path: str
    content_hash: str
    size_bytes: int
    mtime_ns: int
    removed: bool


_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tracks (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    indexed_at TEXT NOT NULL,
    removed_at TEXT,
    sample_rate INTEGER NOT NULL,
    duration_samples INTEGER NOT NULL,
    bpm REAL NOT NULL,
    bpm_min REAL NOT NULL,
    bpm_max REAL NOT NULL,
    stability REAL NOT NULL,
    meter TEXT NOT NULL,
    position_bytes INTEGER NOT NULL,
    beats BLOB NOT NULL,
    downbeats BLOB NOT NULL,
    loudness_lufs REAL,
    analyser TEXT NOT NULL,
    analyser_version TEXT NOT NULL,
    hint_meter TEXT,
    hint_bpm_low REAL,
    hint_bpm_high REAL
);
CREATE INDEX IF NOT EXISTS tracks_by_hash ON tracks (content_hash);
CREATE INDEX IF NOT EXISTS tracks_by_bpm ON tracks (bpm);
CREATE TABLE IF NOT EXISTS tags (
    track_id INTEGER NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    PRIMARY KEY (track_id, tag)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tags_by_tag ON tags (tag);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY,
    size_bytes INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    kind TEXT NOT NULL,
    message TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
"""

_TRACK_COLUMNS = (
    "path, content_hash, size_bytes, mtime_ns, sample_rate, duration_samples, bpm, bpm_min, "
    "bpm_max, stability, meter, position_bytes, beats, downbeats, loudness_lufs, analyser, "
    "analyser_version, hint_meter, hint_bpm_low, hint_bpm_high"
)


def now_text() -> str:
    """The current UTC time as the index writes it (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class Index:
    """An open library index. Use :meth:`open` (or :meth:`create`) and close it with
    :meth:`close`, or as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self.connection = connection

    @classmethod
    def open(cls, path: Path | str, *, create: bool = False) -> Index:
        """Open the index at ``path``; ``create=True`` makes it (and its folder) if missing.

        Raises :class:`LibraryError` naming the file when it is missing (and not to be
        created), is not a scoresync library index, or was written by a newer scoresync.
        """
        path = Path(path).expanduser()
        if path.is_dir():
            raise LibraryError(f"{path}: is a folder; name the index file, e.g. library.sqlite")
        if not path.exists():
            if not create:
                raise LibraryError(
                    f"{path}: no library index here yet; index a folder of music first "
                    "with 'scoresync library add FOLDER' (or name another with --index)"
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise LibraryError(
                    f"{path}: cannot make its folder ({error.strerror}); name another "
                    "index file with --index"
                ) from None
        try:
            connection = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        except sqlite3.Error as error:
            raise LibraryError(f"{path}: cannot open the library index ({error})") from None
        index = cls(path, connection)
        try:
            index._prepare(create)
        except sqlite3.DatabaseError as error:
            connection.close()
            raise LibraryError(
                f"{path}: not a readable scoresync library index ({error}); name another "
                "file with --index, or move this one aside to start a new index"
            ) from None
        return index

    def _prepare(self, create: bool) -> None:
        db = self.connection
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 30000")
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if "schema_version" not in tables:
            if tables - {"sqlite_sequence"}:
                raise sqlite3.DatabaseError("it holds other tables")
            if not create:
                raise sqlite3.DatabaseError("it holds no index")
            db.execute("PRAGMA journal_mode = WAL")
            with self.transaction():
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION,))
        else:
            row = db.execute("SELECT version FROM schema_version").fetchone()
            version = row[0] if row else None
            if version != SCHEMA_VERSION:
                newer = isinstance(version, int) and version > SCHEMA_VERSION
                raise LibraryError(
                    f"{self.path}: library index version {version} "
                    + (
                        "was written by a newer scoresync; update scoresync to read it"
                        if newer
                        else f"is not one this scoresync reads (it reads {SCHEMA_VERSION})"
                    )
                )
            if create:
                db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self.connection.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it is stored, or none of it."""
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    # --- what is known -------------------------------------------------------------------

    def known_tracks(self) -> list[Known]:
        """Every track row, present or removed (without its analysis)."""
        rows = self.connection.execute(
            "SELECT id, path, content_hash, size_bytes, mtime_ns, removed_at FROM tracks"
        )
        return [Known(r[0], r[1], r[2], r[3], r[4], r[5] is not None) for r in rows]

    def known_failures(self) -> dict[str, Failure]:
        """The files that failed, by path."""
        rows = self.connection.execute(
            "SELECT path, size_bytes, mtime_ns, kind, message FROM failures"
        )
        return {r[0]: Failure(*r) for r in rows}

    # --- writing -------------------------------------------------------------------------

    def store(self, records: Iterable[TrackRecord], failures: Iterable[Failure] = ()) -> None:
        """Store analysed tracks (replacing the analysis of their paths, keeping their tags)
        and failures, in one transaction."""
        stamp = now_text()
        with self.transaction() as db:
            for record in records:
                width = position_width(max(record.duration_samples, *record.beats, 0))
                beats = pack_positions(record.beats, width)
                downbeats = pack_positions(record.downbeats, width)
                values = (
                    record.path,
                    record.content_hash,
                    record.size_bytes,
                    record.mtime_ns,
                    record.sample_rate,
                    record.duration_samples,
                    record.bpm,
                    record.bpm_min,
                    record.bpm_max,
                    record.stability,
                    record.meter,
                    width,
                    beats,
                    downbeats,
                    record.loudness_lufs,
                    record.analyser,
                    record.analyser_version,
                    record.hint_meter,
                    *(record.hint_bpm_range or (None, None)),
                )
                db.execute(
                    f"INSERT INTO tracks ({_TRACK_COLUMNS}, indexed_at, removed_at) "
                    f"VALUES ({', '.join('?' * len(values))}, ?, NULL) "
                    "ON CONFLICT (path) DO UPDATE SET "
                    + ", ".join(
                        f"{name.strip()} = excluded.{name.strip()}"
                        for name in _TRACK_COLUMNS.split(",")[1:]
                    )
                    + ", indexed_at = excluded.indexed_at, removed_at = NULL",
                    (*values, stamp),
                )
                db.execute("DELETE FROM failures WHERE path = ?", (record.path,))
            for failure in failures:
                db.execute(
                    "INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        failure.path,
                        failure.size_bytes,
                        failure.mtime_ns,
                        failure.kind,
                        failure.message,
                        stamp,
                    ),
                )

    def touch(self, track_id: int, *, path: str, mtime_ns: int) -> None:
        """Record that track ``track_id`` is at ``path`` with modification time ``mtime_ns``
        (a move, or a file rewritten with the same content): present, analysis kept."""
        with self.transaction() as db:
            db.execute("DELETE FROM tracks WHERE path = ? AND id != ?", (path, track_id))
            db.execute(
                "UPDATE tracks SET path = ?, mtime_ns = ?, removed_at = NULL WHERE id = ?",
                (path, mtime_ns, track_id),
            )
            db.execute("DELETE FROM failures WHERE path = ?", (path,))

    def mark_removed(self, track_ids: Iterable[int]) -> None:
        """Mark tracks whose files are gone as removed (kept, with their tags)."""
        stamp = now_text()
        with self.transaction() as db:
            db.executemany(
                "UPDATE tracks SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                [(stamp, track_id) for track_id in track_ids],
            )

    def forget_failures(self, paths: Iterable[str]) -> None:
        """Drop the failures of files that are gone."""
        with self.transaction() as db:
            db.executemany("DELETE FROM failures WHERE path = ?", [(p,) for p in paths])

    # --- tags ----------------------------------------------------------------------------

    def track_ids_for(self, paths: Iterable[str]) -> dict[str, int]:
        """The track id of each of ``paths`` the index holds."""
        found = {}
        for path in paths:
            row = self.connection.execute(
                "SELECT id FROM tracks WHERE path = ?", (path,)
            ).fetchone()
            if row is not None:
                found[path] = row[0]
        return found

    def change_tags(
        self, track_ids: Iterable[int], *, add: Iterable[str] = (), remove: Iterable[str] = ()
    ) -> None:
        """Add and remove tags on tracks, in one transaction."""
        add, remove = list(add), list(remove)
        with self.transaction() as db:
            for track_id in track_ids:
                db.executemany(
                    "INSERT OR IGNORE INTO tags VALUES (?, ?)", [(track_id, t) for t in add]
                )
                db.executemany(
                    "DELETE FROM tags WHERE track_id = ? AND tag = ?",
                    [(track_id, t) for t in remove],
                )

    def tags_of(self, track_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """The tags of each track, sorted."""
        ids = list(track_ids)
        tags: dict[int, list[str]] = {track_id: [] for track_id in ids}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.connection.execute(
                f"SELECT track_id, tag FROM tags WHERE track_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY tag",
                chunk,
            )
            for track_id, tag in rows:
                tags[track_id].append(tag)
        return {track_id: tuple(found) for track_id, found in tags.items()}

    # --- reading -------------------------------------------------------------------------

    def tracks(self, where: str = "", parameters: Sequence[object] = ()) -> list[TrackRecord]:
        """Track rows (with tags) matching an SQL condition on ``tracks`` (all when empty),
        ordered by path."""
        sql = f"SELECT id, removed_at, {_TRACK_COLUMNS} FROM tracks"
        if where:
            sql += f" WHERE {where}"
        rows = self.connection.execute(sql + " ORDER BY path", parameters).fetchall()
        tags = self.tags_of(row[0] for row in rows)
        return [_record(row, tags[row[0]]) for row in rows]

    def status(self) -> dict[str, object]:
        """Counts for ``library status``: tracks present and removed, failures by kind,
        hours of audio, the last indexing time and the schema version."""
        db = self.connection
        present, seconds, last = db.execute(
            "SELECT count(*), coalesce(sum(CAST(duration_samples AS REAL) / sample_rate), 0), "
            "max(indexed_at) FROM tracks WHERE removed_at IS NULL"
        ).fetchone()
        removed = db.execute("SELECT count(*) FROM tracks WHERE removed_at IS NOT NULL").fetchone()
        failures = dict(db.execute("SELECT kind, count(*) FROM failures GROUP BY kind").fetchall())
        tags = db.execute("SELECT count(DISTINCT tag) FROM tags").fetchone()[0]
        return {
            "index": str(self.path),
            "schema_version": SCHEMA_VERSION,
            "tracks": present,
            "removed": removed[0],
            "failed": sum(failures.values()),
            "failures": failures,
            "audio_hours": round(seconds / 3600, 2),
            "tags": tags,
            "last_indexed": last,
        }


def _record(row: Sequence[object], tags: tuple[str, ...]) -> TrackRecord:
    (track_id, removed_at, path, content_hash, size_bytes, mtime_ns, sample_rate) = row[:7]
    (duration_samples, bpm, bpm_min, bpm_max, stability, meter, width) = row[7:14]
    (beats, downbeats, loudness, analyser, analyser_version) = row[14:19]
    (hint_meter, hint_low, hint_high) = row[19:]
    assert isinstance(width, int) and isinstance(beats, bytes) and isinstance(downbeats, bytes)
    return TrackRecord(
        path=str(path),
        content_hash=str(content_hash),
        size_bytes=int(size_bytes),  # type: ignore[call-overload]
        mtime_ns=int(mtime_ns),  # type: ignore[call-overload]
        sample_rate=int(sample_rate),  # type: ignore[call-overload]
        duration_samples=int(duration_samples),  # type: ignore[call-overload]
        bpm=float(bpm),  # type: ignore[arg-type]
        bpm_min=float(bpm_min),  # type: ignore[arg-type]
        bpm_max=float(bpm_max),  # type: ignore[arg-type]
        stability=float(stability),  # type: ignore[arg-type]
        meter=str(meter),
        beats=unpack_positions(beats, width),
        downbeats=unpack_positions(downbeats, width),
        loudness_lufs=None if loudness is None else float(loudness),  # type: ignore[arg-type]
        analyser=str(analyser),
        analyser_version=str(analyser_version),
        hint_meter=None if hint_meter is None else str(hint_meter),
        hint_bpm_range=(
            None if hint_low is None else (float(hint_low), float(hint_high))  # type: ignore[arg-type]
        ),
        track_id=int(track_id),  # type: ignore[call-overload]
        removed_at=None if removed_at is None else str(removed_at),
        tags=tags,
    )
