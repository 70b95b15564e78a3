"""The analysis cache: an SQLite file in the user's cache folder, so a piece analysed once
opens again in milliseconds.

Results are keyed by the file's content hash (BLAKE2b), the analyser and its version, and
the hints. To skip hashing an unchanged file, the hash is remembered against the file's
path, size, modification time and inode; a file that changed in any of those is hashed
again. The folder is ``$SCORESYNC_CACHE_DIR``, else ``$XDG_CACHE_HOME/scoresync``, else
``~/.cache/scoresync``. A cache that cannot be opened or written is skipped (the
analysis still runs); it never makes a command fail.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from pathlib import Path

from tempo.audio.analysis.result import TrackAnalysis

__all__ = ["AnalysisCache", "cache_dir", "content_hash"]

CACHE_FILE = "analysis.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, inode INTEGER, digest TEXT
);
CREATE TABLE IF NOT EXISTS analyses (
    digest TEXT, analyser TEXT, version TEXT, hints TEXT, created REAL, data TEXT,
    PRIMARY KEY (digest, analyser, version, hints)
);
"""


def cache_dir() -> Path:
    """The folder of scoresync's cache (see the module)."""
    chosen = os.environ.get("SCORESYNC_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "scoresync"


def content_hash(path: Path) -> str:
    """BLAKE2b of the file's bytes, as hex."""
    digest = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class AnalysisCache:
    """The cache file (see the module); ``problem`` says why it is not in use, if not."""

    def __init__(self, folder: Path | None = None):
        self.path = (folder or cache_dir()) / CACHE_FILE
        self.problem: str | None = None
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and self.problem is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=10.0)
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)
                self._db = db
            except (OSError, sqlite3.Error) as error:
                self.problem = f"analysis cache {self.path} not used: {error}"
        return self._db

    def close(self) -> None:
        """Close the cache file."""
        if self._db is not None:
            self._db.close()
            self._db = None

    def digest(self, path: Path) -> str:
        """The content hash of ``path``, from memory when the file has not changed."""
        status = path.stat()
        key = str(path.resolve())
        db = self._connect()
        if db is not None:
            try:
                row = db.execute(
                    "SELECT size, mtime_ns, inode, digest FROM files WHERE path = ?", (key,)
                ).fetchone()
            except sqlite3.Error:
                row = None
            if row is not None and tuple(row[:3]) == (
                status.st_size,
                status.st_mtime_ns,
                status.st_ino,
            ):
                return str(row[3])
        digest = content_hash(path)
        if db is not None:
            try:
                with db:
                    db.execute(
                        "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)",
                        (key, status.st_size, status.st_mtime_ns, status.st_ino, digest),
                    )
            except sqlite3.Error as error:
                self.problem = f"analysis cache {self.path} not written: {error}"
        return digest

    def get(self, digest: str, analyser: str, version: str, hints: str) -> TrackAnalysis | None:
        """The cached analysis for that key, or ``None``."""
        db = self._connect()
        if db is None:
            return None
        try:
            row = db.execute(
                "SELECT data FROM analyses WHERE digest = ? AND analyser = ? AND version = ? "
                "AND hints = ?",
                (digest, analyser, version, hints),
            ).fetchone()
        except sqlite3.Error:
            return None
        if row is None:
            return None
        try:
            return TrackAnalysis.from_json(json.loads(row[0]))
        except (ValueError, KeyError, TypeError):
            return None

    def put(self, digest: str, hints: str, analysis: TrackAnalysis) -> None:
        """Store ``analysis`` under its content hash, analyser, version and ``hints``."""
        db = self._connect()
        if db is None:
            return
        data = json.dumps(analysis.to_json(exact=True), separators=(",", ":"))
        try:
            with db:
                db.execute(
                    "INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        digest,
                        analysis.analyser,
                        analysis.analyser_version,
                        hints,
                        time.time(),
                        data,
                    ),
                )
        except sqlite3.Error as error:
            self.problem = f"analysis cache {self.path} not written: {error}"
