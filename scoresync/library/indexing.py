"""Indexing a library: scan the folders, bring moved and touched tracks up to date, mark
the gone ones, fan the rest out to the workers and store each batch of results as it
arrives (one transaction a batch), reporting progress and collecting failures. A failure
never stops the run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from scoresync.library.fanout import PathMap, Runner, jobs_for, make_runner
from scoresync.library.index import Failure, Index, TrackRecord
from scoresync.library.scan import Plan, check_folders, plan_scan
from scoresync.library.worker import Job

__all__ = ["IndexReport", "Progress", "index_folders"]


@dataclass
class Progress:
    """How far an indexing run is: files and bytes to analyse and analysed, minutes of audio
    analysed, failures, and the time since it started (monotonic seconds)."""

    files_total: int
    bytes_total: int
    files_done: int = 0
    bytes_done: int = 0
    audio_seconds: float = 0.0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed_seconds(self) -> float:
        return time.monotonic() - self.started

    @property
    def files_per_minute(self) -> float:
        """Files analysed per minute of wall-clock time so far."""
        elapsed = self.elapsed_seconds
        return 60 * self.files_done / elapsed if elapsed > 0 else 0.0

    @property
    def audio_minutes(self) -> float:
        return self.audio_seconds / 60

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the rate so far (by bytes, since long files take longer), or
        None before the first file is done."""
        if self.bytes_done == 0 or self.files_done == 0:
            return None
        remaining = max(self.bytes_total - self.bytes_done, 0)
        return self.elapsed_seconds * remaining / self.bytes_done


@dataclass
class IndexReport:
    """What an indexing run did."""

    index: str
    found: int = 0
    analysed: int = 0
    unchanged: int = 0
    moved: int = 0
    touched: int = 0
    removed: int = 0
    failed_before: int = 0
    failures: list[Failure] = field(default_factory=list)
    workers: int = 0
    where: str = "local"
    seconds: float = 0.0
    audio_seconds: float = 0.0

    def failures_by_kind(self) -> dict[str, list[Failure]]:
        by_kind: dict[str, list[Failure]] = {}
        for failure in self.failures:
            by_kind.setdefault(failure.kind, []).append(failure)
        return by_kind


def index_folders(
    index: Index,
    folders: Iterable[str | Path],
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    path_map: PathMap | None = None,
    meter: str | None = None,
    bpm_range: tuple[float, float] | None = None,
    retry_failed: bool = False,
    timeout_seconds: float = 10.0,
    on_progress: Callable[[Progress], None] | None = None,
    on_start: Callable[[Plan, Runner | None], None] | None = None,
) -> IndexReport:
    """Index the audio files under ``folders`` into ``index``.

    Analysis runs on ``workers`` local processes (all cores when None) or, with
    ``scheduler`` (``tcp://host:8786``), on that Dask cluster's workers, which read each
    file at the path ``path_map`` gives. ``on_start`` hears the plan and the runner before
    analysis starts, ``on_progress`` after each batch and about twice a second.
    """
    started = time.monotonic()
    roots = check_folders(folders)
    plan = plan_scan(index, roots, retry_failed=retry_failed)
    _apply_plan(index, plan)
    report = IndexReport(
        index=str(index.path),
        found=plan.found,
        unchanged=plan.unchanged,
        moved=len(plan.moved),
        touched=len(plan.touched),
        removed=len(plan.removed),
        failed_before=plan.failed_before,
    )
    jobs = jobs_for(
        plan.to_analyse,
        path_map or PathMap(),
        meter=meter,
        bpm_range=bpm_range,
    )
    if not jobs:
        if on_start is not None:
            on_start(plan, None)
        report.seconds = time.monotonic() - started
        return report
    runner = make_runner(workers=workers, scheduler=scheduler, timeout_seconds=timeout_seconds)
    report.workers = runner.slots
    report.where = getattr(runner, "address", "local")
    if on_start is not None:
        on_start(plan, runner)
    progress = Progress(len(jobs), sum(job.size_bytes for job in jobs))
    try:
        _run(index, runner, jobs, progress, report, on_progress)
    finally:
        runner.close()
    report.seconds = time.monotonic() - started
    report.audio_seconds = progress.audio_seconds
    return report


def _apply_plan(index: Index, plan: Plan) -> None:
    for track_id, seen in [*plan.moved, *plan.touched]:
        index.touch(track_id, path=seen.path, mtime_ns=seen.mtime_ns)
    if plan.removed:
        index.mark_removed(plan.removed)
    if plan.gone_failures:
        index.forget_failures(plan.gone_failures)


def _run(
    index: Index,
    runner: Runner,
    jobs: list[Job],
    progress: Progress,
    report: IndexReport,
    on_progress: Callable[[Progress], None] | None,
) -> None:
    waiting = list(reversed(jobs))
    window = max(runner.window, 1)
    while waiting or runner.in_flight():
        while waiting and runner.in_flight() < window:
            runner.submit(waiting.pop())
        finished = runner.finished(timeout=0.5)
        records = [o.result for _, o in finished if isinstance(o.result, TrackRecord)]
        failures = [o.result for _, o in finished if isinstance(o.result, Failure)]
        if finished:
            index.store(records, failures)
        for job, outcome in finished:
            progress.files_done += 1
            progress.bytes_done += job.size_bytes
            if isinstance(outcome.result, TrackRecord):
                progress.audio_seconds += outcome.result.duration_seconds
        progress.failed += len(failures)
        report.analysed += len(records)
        report.failures.extend(failures)
        if on_progress is not None:
            on_progress(progress)
