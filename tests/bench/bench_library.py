"""Benchmark: indexing a temp library on 1 and 2 local workers and on a Dask LocalCluster of
2 workers, and searching a 50,000-track index by tempo and length and by fit to a cue.

Run with ``python tests/bench/bench_library.py [--tracks N] [--seconds S] [--rows N]
[--skip-dask]``.

``--tracks`` generated tracks (clicks over a pad, tempos and meters of
``tests/library/library_support.py``, ``--seconds`` long at 22,050 Hz) are indexed from
scratch three times: by one local worker, by two, and by a ``dask.distributed``
LocalCluster of two single-threaded worker processes. Printed for each: the wall time,
files and minutes of audio per minute, and the speed-up over one worker; then the
projected time for 50,000 real tracks (200,000 minutes of audio, four minutes a track) on
one core and on 32, from the one-worker rate in minutes of audio.

A synthetic index of ``--rows`` tracks (30 s to 5 min, 60 to 180 BPM, beats and bar lines
as the analyser stores them) is then searched by tempo and length (best of 5, aim under
100 ms) and by fit to a cue with four hits (best of 3, aim under 5 s on 2 cores).

The machine's load average is printed before and after: figures taken on a busy machine
are slower than the code.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "library"))
from library_support import synthetic_records, write_library  # noqa: E402

from scoresync.library.fits import CueHit, CueShape, fit_tracks  # noqa: E402
from scoresync.library.index import Index  # noqa: E402
from scoresync.library.indexing import IndexReport, index_folders  # noqa: E402
from scoresync.library.search import Query, find_tracks  # noqa: E402

REAL_TRACKS = 50_000
REAL_MINUTES = 200_000


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _index_once(folder: Path, work: Path, name: str, **how: object) -> IndexReport:
    path = work / f"{name}.sqlite"
    with Index.open(path, create=True) as index:
        return index_folders(index, [folder], **how)  # type: ignore[arg-type]


def _line(name: str, report: IndexReport, single: IndexReport | None) -> str:
    minutes = report.seconds / 60
    speed_up = f"{single.seconds / report.seconds:4.2f}x" if single else "1.00x"
    return (
        f"  {name:<28} {report.seconds:7.1f} s  {report.analysed / minutes:8.1f} files/min  "
        f"{report.audio_seconds / 60 / minutes:7.1f} min of audio/min  speed-up {speed_up}"
        + (f"  ({len(report.failures)} failed)" if report.failures else "")
    )


def bench_indexing(tracks: int, seconds: float, dask: bool) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        started = time.perf_counter()
        write_library(work / "music", tracks, seconds=seconds)
        print(
            f"indexing {tracks} generated tracks of {seconds:g} s "
            f"({tracks * seconds / 60:.1f} min of audio; written in "
            f"{time.perf_counter() - started:.1f} s)"
        )
        single = _index_once(work / "music", work, "one", workers=1)
        print(_line("1 local worker", single, None))
        double = _index_once(work / "music", work, "two", workers=2)
        print(_line("2 local workers", double, single))
        if dask:
            try:
                import distributed
            except ImportError:
                print("  Dask LocalCluster           skipped: pip install 'scoresync[cluster]'")
            else:
                with distributed.LocalCluster(
                    n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
                ) as cluster:
                    report = _index_once(
                        work / "music", work, "dask", scheduler=cluster.scheduler_address
                    )
                print(_line("Dask LocalCluster, 2 workers", report, single))
        audio_per_second = single.audio_seconds / 60 / single.seconds
        one_core = REAL_MINUTES / audio_per_second
        print(
            f"  projected for {REAL_TRACKS:,} real tracks ({REAL_MINUTES:,} min of audio): "
            f"{one_core / 86400:.1f} days on one core, {one_core / 32 / 3600:.1f} hours on 32 "
            f"cores ({60 * audio_per_second:.1f} min of audio per minute per core)"
        )


def _best(runs: int, work: object) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()  # type: ignore[operator]
        best = min(best, time.perf_counter() - started)
    return best, result


def bench_search(rows: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "library.sqlite"
        started = time.perf_counter()
        records = synthetic_records(rows)
        with Index.open(path, create=True) as index:
            for first in range(0, rows, 5000):
                index.store(records[first : first + 5000])
        beats = sum(len(r.beats) for r in records)
        del records
        print(
            f"searching a synthetic index of {rows:,} tracks ({beats:,} beats; "
            f"made in {time.perf_counter() - started:.1f} s, "
            f"{path.stat().st_size / 2**20:.0f} MiB)"
        )
        with Index.open(path) as index:
            query = Query(bpm_range=(92, 100), min_seconds=120)
            seconds, found = _best(5, lambda: find_tracks(index, query, limit=50))
            print(
                f"  tempo 92-100 BPM, at least 2:00   {seconds * 1000:7.1f} ms "
                f"({len(found)} shown)   aim < 100 ms"  # type: ignore[arg-type]
            )
            cue = CueShape(
                "1M1",
                Fraction(150),
                (
                    CueHit(Fraction(2), "downbeat", 1.0, Fraction(1, 24)),
                    CueHit(Fraction(31, 2), "beat", 1.0, Fraction(1, 24)),
                    CueHit(Fraction(40), "downbeat", 1.0, Fraction(1, 24)),
                    CueHit(Fraction(75), "beat", 1.0, Fraction(1, 24)),
                ),
            )
            seconds, fits = _best(3, lambda: fit_tracks(index, cue, limit=20, threads=2))
            best = fits[0]  # type: ignore[index]
            print(
                f"  fits a 2:30 cue with 4 hits       {seconds:7.2f} s   "
                f"(best: {best.caught}/{best.hits} hits, {best.track.bpm:.1f} BPM)   aim < 5 s"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-indexing", action="store_true")
    options = parser.parse_args()
    print(f"cores {len(os.sched_getaffinity(0))}; load average before {_load()}")
    if not options.skip_indexing:
        bench_indexing(options.tracks, options.seconds, not options.skip_dask)
    bench_search(options.rows)
    print(f"load average after {_load()}")


if __name__ == "__main__":
    main()
