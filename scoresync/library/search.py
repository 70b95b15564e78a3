"""Searching the index by tempo, meter, length and tags, without reading any audio.

A :class:`Query` becomes one SQL statement over the tracks table (the beats are not read),
so a 50,000-track index answers in milliseconds.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from scoresync.library.index import Index, LibraryError
from tempo.common.errors import TempoError
from tempo.map.meter import Meter

__all__ = ["Query", "TrackSummary", "find_tracks", "normal_meter", "parse_bpm_range"]


@dataclass(frozen=True)
class Query:
    """What to look for. ``bpm_range`` is inclusive; ``meters`` are meter texts (any of
    them matches); ``min_seconds`` the shortest length wanted; every one of ``tags`` must
    be on a track. Removed tracks are left out unless ``include_removed``."""

    bpm_range: tuple[float, float] | None = None
    meters: tuple[str, ...] = ()
    min_seconds: float | None = None
    tags: tuple[str, ...] = ()
    include_removed: bool = False

    def where(self) -> tuple[str, list[object]]:
        """The SQL condition on ``tracks`` and its parameters."""
        clauses: list[str] = []
        parameters: list[object] = []
        if not self.include_removed:
            clauses.append("removed_at IS NULL")
        if self.bpm_range is not None:
            clauses.append("bpm BETWEEN ? AND ?")
            parameters += [self.bpm_range[0], self.bpm_range[1]]
        if self.meters:
            clauses.append(f"meter IN ({','.join('?' * len(self.meters))})")
            parameters += [normal_meter(text) for text in self.meters]
        if self.min_seconds is not None:
            clauses.append("duration_samples >= ? * sample_rate")
            parameters.append(self.min_seconds)
        if self.tags:
            tags = sorted(set(self.tags))
            clauses.append(
                "id IN (SELECT track_id FROM tags WHERE tag IN "
                f"({','.join('?' * len(tags))}) GROUP BY track_id HAVING count(*) = ?)"
            )
            parameters += [*tags, len(tags)]
        return " AND ".join(clauses), parameters


@dataclass(frozen=True)
class TrackSummary:
    """A track found: what a list shows (no beats)."""

    track_id: int
    path: str
    bpm: float
    bpm_min: float
    bpm_max: float
    stability: float
    meter: str
    sample_rate: int
    duration_samples: int
    loudness_lufs: float | None
    removed: bool
    tags: tuple[str, ...] = ()

    @property
    def duration_seconds(self) -> float:
        return self.duration_samples / self.sample_rate

    def to_json(self) -> dict[str, object]:
        """The summary as JSON data (seconds for display beside the exact samples)."""
        return {
            "id": self.track_id,
            "path": self.path,
            "bpm": round(self.bpm, 2),
            "bpm_min": round(self.bpm_min, 2),
            "bpm_max": round(self.bpm_max, 2),
            "stability": round(self.stability, 3),
            "meter": self.meter,
            "seconds": round(self.duration_seconds, 3),
            "samples": self.duration_samples,
            "sample_rate": self.sample_rate,
            "lufs": None if self.loudness_lufs is None else round(self.loudness_lufs, 1),
            "removed": self.removed,
            "tags": list(self.tags),
        }


_SUMMARY_COLUMNS = (
    "id, path, bpm, bpm_min, bpm_max, stability, meter, sample_rate, duration_samples, "
    "loudness_lufs, removed_at IS NOT NULL"
)


def _summary(row: Sequence[Any]) -> TrackSummary:
    track_id, path, bpm, bpm_min, bpm_max, stability, meter, rate, samples, lufs, gone = row
    return TrackSummary(
        track_id, path, bpm, bpm_min, bpm_max, stability, meter, rate, samples, lufs, bool(gone)
    )


def normal_meter(text: str) -> str:
    """A meter as the index stores it (``6/8``, ``3+3+2/8``); raises :class:`LibraryError`
    for text that is not a meter."""
    try:
        return str(Meter.parse(text))
    except TempoError as error:
        raise LibraryError(str(error)) from None


_SECONDS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*s?\s*$")
_MINUTES = re.compile(r"^\s*(?:(\d+):)?(\d+):(\d{1,2}(?:\.\d+)?)\s*$")
_TIMECODE = re.compile(r"^\s*\d{1,2}:\d{2}:\d{2}[:;.]\d{2}\s*$")


def parse_length(text: str, *, fps: Fraction) -> Fraction:
    """A length typed as seconds (``120``, ``90.5s``), minutes and seconds (``2:00``,
    ``1:02:00``) or a timecode duration (``00:02:00:00``, its frames at ``fps``); raises
    :class:`LibraryError` for other text."""
    from scoresync.picture.rates import RATES
    from scoresync.picture.timecode import tc_to_frames

    match = _SECONDS.match(text)
    if match:
        return Fraction(match[1])
    match = _MINUTES.match(text)
    if match and float(match[3]) < 60 and (match[1] is None or int(match[2]) < 60):
        return int(match[1] or 0) * 3600 + int(match[2]) * 60 + Fraction(match[3])
    if _TIMECODE.match(text):
        rate = next((r for r in RATES.values() if r.fps == fps and not r.drop), RATES["24"])
        return Fraction(tc_to_frames(text.strip(), rate=rate)) / rate.fps
    raise LibraryError(
        f"{text!r}: give seconds (120), minutes and seconds (2:00) or a timecode duration "
        "(00:02:00:00)"
    )


def parse_bpm_range(text: str) -> tuple[float, float]:
    """A tempo range typed as ``LO-HI`` (``90-100``), or one tempo (``96``: 1 BPM either
    side)."""
    parts = text.replace(" ", "").split("-")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    good = len(numbers) in (1, 2) and all(math.isfinite(n) and 0 < n <= 1000 for n in numbers)
    if not good or (len(numbers) == 2 and numbers[0] > numbers[1]):
        raise LibraryError(
            f"tempo {text!r}: write a range LOW-HIGH in BPM such as 90-100, or one tempo "
            "such as 96 (tempos between 1 and 1000)"
        )
    if len(numbers) == 1:
        return numbers[0] - 1, numbers[0] + 1
    return numbers[0], numbers[1]


def summaries(index: Index, where: str, parameters: Sequence[object]) -> list[TrackSummary]:
    """Summaries (with tags) of the tracks matching an SQL condition."""
    sql = f"SELECT {_SUMMARY_COLUMNS} FROM tracks" + (f" WHERE {where}" if where else "")
    rows = index.connection.execute(sql, parameters).fetchall()
    return _with_tags(index, [_summary(row) for row in rows])


def _with_tags(index: Index, found: list[TrackSummary]) -> list[TrackSummary]:
    tags = index.tags_of(s.track_id for s in found)
    return [replace(s, tags=tags.get(s.track_id, ())) for s in found]


def find_tracks(index: Index, query: Query, *, limit: int | None = None) -> list[TrackSummary]:
    """The tracks matching ``query``: nearest the middle of the tempo range first when one is
    given, else by path; at most ``limit``."""
    where, parameters = query.where()
    sql = f"SELECT {_SUMMARY_COLUMNS} FROM tracks" + (f" WHERE {where}" if where else "")
    if query.bpm_range is not None:
        sql += " ORDER BY abs(bpm - ?), path"
        parameters.append((query.bpm_range[0] + query.bpm_range[1]) / 2)
    else:
        sql += " ORDER BY path"
    if limit is not None:
        sql += " LIMIT ?"
        parameters.append(limit)
    rows = index.connection.execute(sql, parameters).fetchall()
    return _with_tags(index, [_summary(row) for row in rows])
