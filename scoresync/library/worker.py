"""The work done for one file, wherever it runs (a local process or a Dask worker): hash the
file, read it once, analyse it (:mod:`scoresync.temp.analysis`, uncached: the index is the
library's cache), measure its loudness, and return a :class:`~scoresync.library.index.TrackRecord`
or a :class:`~scoresync.library.index.Failure`. It never touches the index.

Everything a job and its result hold is plain data, so it pickles to any worker.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scoresync.library.index import Failure, TrackRecord

if TYPE_CHECKING:
    from scoresync.temp.analysis import AnalysisHints

__all__ = ["Job", "Outcome", "failure_kind", "run_job"]


@dataclass(frozen=True)
class Job:
    """One file to analyse: ``path`` as the index names it, ``worker_path`` as the worker
    reads it (they differ when a cluster mounts the library elsewhere), the size and
    modification time the scan saw, and the editor's hints."""

    path: str
    worker_path: str
    size_bytes: int
    mtime_ns: int
    meter: str | None = None
    bpm_range: tuple[float, float] | None = None


@dataclass(frozen=True)
class Outcome:
    """What a job returns: the record or the failure, and the seconds it took."""

    result: TrackRecord | Failure
    seconds: float


def failure_kind(error: BaseException) -> str:
    """How the failures summary groups an error: ``unreadable``, ``silent``, ``too short``
    or ``failed`` (an error of the analyser itself)."""
    text = str(error).lower()
    for kind, words in (
        ("silent", ("silent", "silence")),
        ("too short", ("too short", "shorter than")),
    ):
        if any(word in text for word in words):
            return kind
    if isinstance(error, OSError) or type(error).__name__ in ("TempAudioError", "LibsndfileError"):
        return "unreadable"
    return "failed"


def run_job(job: Job) -> Outcome:
    """Analyse one file; never raises for a bad file (its failure is the outcome)."""
    started = time.perf_counter()
    try:
        record = _analyse(job)
    except Exception as error:  # every failure of one file is reported, none stops a run
        from scoresync.errors import ScoreSyncError

        message = str(error) if isinstance(error, ScoreSyncError) else _describe(error)
        for named in (f"{job.worker_path}: ", f"{job.path}: "):
            message = message.removeprefix(named)
        failure = Failure(job.path, job.size_bytes, job.mtime_ns, failure_kind(error), message)
        return Outcome(failure, time.perf_counter() - started)
    return Outcome(record, time.perf_counter() - started)


def _describe(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"{type(error).__name__}: {error}"


def _analyse(job: Job) -> TrackRecord:
    """Read the file once: its hash, then its samples for the analysis and the loudness."""
    from scoresync.library.loudness import integrated_loudness
    from scoresync.temp.analysis import analyze_samples
    from scoresync.temp.audiofile import read_audio
    from scoresync.temp.cache import content_hash

    path = Path(job.worker_path)
    digest = content_hash(path)
    samples, sample_rate = read_audio(path)
    analysis = analyze_samples(samples, sample_rate, _hints(job), where=str(path))
    return TrackRecord(
        path=job.path,
        content_hash=digest,
        size_bytes=job.size_bytes,
        mtime_ns=job.mtime_ns,
        sample_rate=int(analysis.sample_rate),
        duration_samples=int(analysis.duration_samples),
        bpm=float(analysis.bpm),
        bpm_min=float(analysis.bpm_min),
        bpm_max=float(analysis.bpm_max),
        stability=float(analysis.stability),
        meter=str(analysis.meter),
        beats=tuple(int(b) for b in analysis.beats),
        downbeats=tuple(int(b) for b in analysis.downbeats),
        loudness_lufs=integrated_loudness(samples, sample_rate),
        analyser=str(analysis.analyser),
        analyser_version=str(analysis.analyser_version),
        hint_meter=job.meter,
        hint_bpm_range=job.bpm_range,
    )


def _hints(job: Job) -> AnalysisHints | None:
    if job.meter is None and job.bpm_range is None:
        return None
    from scoresync.temp.analysis import AnalysisHints
    from tempo.map.meter import Meter

    meter = Meter.parse(job.meter) if job.meter is not None else None
    return AnalysisHints(meter=meter, bpm_range=job.bpm_range)
