"""Where the analysis runs: a local process pool over the machine's cores, or the workers
of a Dask distributed cluster. Both take :class:`~scoresync.library.worker.Job` objects and
hand back :class:`~scoresync.library.worker.Outcome` objects as they finish; neither writes
the index.

Dask is the optional extra ``scoresync[cluster]``; it is imported only when a scheduler
address is given.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from scoresync.library.index import Failure, LibraryError
from scoresync.library.worker import Job, Outcome, run_job

__all__ = [
    "CLUSTER_EXTRA",
    "SCHEDULER_ENV",
    "DaskRunner",
    "InlineRunner",
    "LocalRunner",
    "PathMap",
    "Runner",
    "check_scheduler_address",
    "default_workers",
]

SCHEDULER_ENV = "SCORESYNC_DASK_SCHEDULER"
"""The environment variable giving a Dask scheduler address when ``--scheduler`` is not."""

CLUSTER_EXTRA = "pip install 'scoresync[cluster]'"
"""What to install for Dask."""

POLL_SECONDS = 0.02
"""How often the client looks for results from the Dask cluster."""

MAX_ATTEMPTS = 2
"""How many times a file is tried when the process analysing it dies (a crash of a native
library on a damaged file takes the whole worker process with it)."""

WARM_MODULES = (
    "scoresync.library.worker",
    "scoresync.temp.analysis",
    "numpy",
    "scipy.signal",
    "soundfile",
    "soxr",
)
"""What the local pool's processes import before they fork from one server process (the
loudness filter's SciPy alone takes a second or more), paid once for the pool rather
than once per core."""

_ADDRESS = re.compile(r"^(tcp|tls|ucx|inproc)://[^\s/:]+(:\d{1,5})?/?$")


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class PathMap:
    """Path prefixes as the client sees them and as the workers see them:
    ``/Volumes/Music=/mnt/music`` sends ``/Volumes/Music/a.wav`` to workers as
    ``/mnt/music/a.wav``. The longest matching prefix wins."""

    pairs: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, texts: Iterable[str]) -> PathMap:
        """Reads ``CLIENT_PREFIX=WORKER_PREFIX`` texts."""
        pairs = []
        for text in texts:
            client, sep, worker = text.partition("=")
            if not sep or not client.strip() or not worker.strip():
                raise LibraryError(
                    f"path mapping {text!r}: write it as CLIENT_PREFIX=WORKER_PREFIX, "
                    "e.g. /Volumes/Music=/mnt/music"
                )
            pairs.append((client.strip().rstrip("/") or "/", worker.strip().rstrip("/") or "/"))
        return cls(tuple(sorted(pairs, key=lambda pair: -len(pair[0]))))

    def to_worker(self, path: str) -> str:
        """``path`` as a worker sees it."""
        for client, worker in self.pairs:
            if path == client or path.startswith(client.rstrip("/") + "/"):
                return worker + path[len(client.rstrip("/")) :]
        return path


class Runner(Protocol):
    """Runs jobs somewhere and returns their outcomes as they finish."""

    slots: int
    """How many files are analysed at once."""

    window: int
    """How many files are kept started, so that no worker waits for its next one."""

    def submit(self, job: Job) -> None:
        """Start ``job``."""

    def finished(self, timeout: float) -> list[tuple[Job, Outcome]]:
        """The jobs that finished (waiting at most ``timeout`` seconds for the first)."""

    def in_flight(self) -> int:
        """How many jobs are started and not finished."""

    def close(self) -> None:
        """Stop the workers (cancelling jobs not finished)."""


class InlineRunner:
    """Analysis in this process, one file at a time (``--workers 1``): no pool to start."""

    slots = 1
    window = 1

    def __init__(self) -> None:
        self._waiting: list[Job] = []

    def submit(self, job: Job) -> None:
        self._waiting.append(job)

    def in_flight(self) -> int:
        return len(self._waiting)

    def finished(self, timeout: float) -> list[tuple[Job, Outcome]]:
        if not self._waiting:
            return []
        job = self._waiting.pop(0)
        return [(job, run_job(job))]

    def close(self) -> None:
        self._waiting.clear()


class LocalRunner:
    """A process pool of ``workers`` processes on this machine, forked from one server
    process that has imported the analyser's libraries (:data:`WARM_MODULES`)."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise LibraryError(f"--workers must be 1 or more, got {workers}")
        self.slots = workers
        self.window = 2 * workers
        self._pool = self._new_pool()
        self._pending: dict[Any, Job] = {}
        self._attempts: dict[str, int] = {}

    def _new_pool(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(list(WARM_MODULES))
        return ProcessPoolExecutor(max_workers=self.slots, mp_context=context)

    def submit(self, job: Job) -> None:
        self._attempts[job.path] = self._attempts.get(job.path, 0) + 1
        self._pending[self._pool.submit(run_job, job)] = job

    def in_flight(self) -> int:
        return len(self._pending)

    def finished(self, timeout: float) -> list[tuple[Job, Outcome]]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        done, _ = wait(list(self._pending), timeout=timeout, return_when=FIRST_COMPLETED)
        results, crashed = [], []
        for future in done:
            job = self._pending.pop(future)
            try:
                results.append((job, future.result()))
            except BrokenProcessPool:
                crashed.append(job)
        if crashed:
            crashed += list(self._pending.values())
            self._pending.clear()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = self._new_pool()
            for job in crashed:
                if self._attempts[job.path] >= MAX_ATTEMPTS:
                    results.append((job, _crashed(job)))
                else:
                    self.submit(job)
        return results

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _crashed(job: Job) -> Outcome:
    message = (
        "the analysing process died while it read this file (or a file read beside it); "
        "check the file plays, then index again with --retry-failed"
    )
    return Outcome(Failure(job.path, job.size_bytes, job.mtime_ns, "failed", message), 0.0)


def check_scheduler_address(address: str) -> str:
    """``address`` if it reads as a Dask scheduler address (``tcp://host:8786``)."""
    text = address.strip()
    if not _ADDRESS.match(text):
        raise LibraryError(
            f"scheduler address {address!r}: write it as tcp://HOST:PORT, e.g. tcp://render01:8786"
        )
    return text


class DaskRunner:
    """The workers of the Dask cluster whose scheduler is at ``address``: four files kept
    started per worker thread, since each result and each next file cross the network."""

    def __init__(self, address: str, *, timeout_seconds: float = 10.0) -> None:
        address = check_scheduler_address(address)
        try:
            import distributed
        except ImportError:
            raise LibraryError(
                f"indexing on a Dask cluster needs Dask, which is not installed: "
                f"{CLUSTER_EXTRA} (or leave out --scheduler to index on this machine)"
            ) from None
        self._distributed = distributed
        try:
            self._client = distributed.Client(
                address, timeout=f"{timeout_seconds}s", set_as_default=False
            )
        except (OSError, TimeoutError) as error:
            raise LibraryError(
                f"no Dask scheduler answered at {address} within {timeout_seconds:g} s "
                f"({error.__class__.__name__}); check the address and that the scheduler "
                "is running, or leave out --scheduler to index on this machine"
            ) from None
        threads = sum(self._client.nthreads().values())
        if threads == 0:
            self._client.close()
            raise LibraryError(
                f"the Dask scheduler at {address} has no workers; start some "
                "(dask worker " + address + ") and run again"
            )
        self.slots = threads
        self.window = max(4 * threads, 8)
        self.address = address
        self._pending: dict[Any, Job] = {}
        self._completed = distributed.as_completed(loop=self._client.loop, raise_errors=False)

    def submit(self, job: Job) -> None:
        future = self._client.submit(run_job, job, pure=False)
        self._pending[future] = job
        self._completed.add(future)

    def in_flight(self) -> int:
        return len(self._pending)

    def finished(self, timeout: float) -> list[tuple[Job, Outcome]]:
        import time

        deadline = time.monotonic() + timeout
        done = self._completed.next_batch(block=False)
        while not done and time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            done = self._completed.next_batch(block=False)
        results = []
        for future in done:
            job = self._pending.pop(future)
            try:
                results.append((job, future.result()))
            except ImportError as error:
                raise LibraryError(
                    f"the Dask workers at {self.address} cannot run scoresync's analysis "
                    f"({error}); install scoresync (the same version) where they run, "
                    "then index again"
                ) from None
            except Exception as error:  # a worker lost or killed: the file is reported
                failure = Failure(
                    job.path,
                    job.size_bytes,
                    job.mtime_ns,
                    "failed",
                    f"the Dask worker failed on this file ({type(error).__name__}: {error})",
                )
                results.append((job, Outcome(failure, 0.0)))
        return results

    def close(self) -> None:
        for future in self._pending:
            future.cancel()
        self._client.close()


def make_runner(
    *, workers: int | None, scheduler: str | None, timeout_seconds: float = 10.0
) -> Runner:
    """A :class:`DaskRunner` when a scheduler address is given, else a
    :class:`LocalRunner` over ``workers`` processes (all cores when None), or this process
    alone for one worker."""
    if scheduler:
        return DaskRunner(scheduler, timeout_seconds=timeout_seconds)
    count = workers if workers is not None else default_workers()
    return InlineRunner() if count == 1 else LocalRunner(count)


def jobs_for(
    seen: Sequence[Any],
    path_map: PathMap,
    *,
    meter: str | None,
    bpm_range: tuple[float, float] | None,
) -> list[Job]:
    """A job per file found, with the path the workers read."""
    return [
        Job(
            path=item.path,
            worker_path=path_map.to_worker(item.path),
            size_bytes=item.size_bytes,
            mtime_ns=item.mtime_ns,
            meter=meter,
            bpm_range=bpm_range,
        )
        for item in seen
    ]
