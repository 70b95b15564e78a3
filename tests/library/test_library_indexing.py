"""Indexing a generated library with the real analyser: on the local pool and on a Dask
LocalCluster (the same index), again (nothing re-analysed), after moves, touches,
removals and a corrupt file, and after a run killed with SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from library_support import write_library, write_track

from scoresync.library.index import Index
from scoresync.library.indexing import index_folders

ROOT = Path(__file__).resolve().parents[2]

COMPARED = (
    "path, content_hash, size_bytes, mtime_ns, sample_rate, duration_samples, bpm, bpm_min, "
    "bpm_max, stability, meter, position_bytes, beats, downbeats, loudness_lufs, analyser, "
    "analyser_version"
)


def _rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT {COMPARED} FROM tracks ORDER BY path").fetchall()


def test_the_local_pool_and_a_dask_cluster_give_the_same_index(tmp_path: Path) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="the cluster extra (Dask) is not installed"
    )
    import dask

    made = write_library(tmp_path / "music", 12, seconds=5.0)
    with Index.open(tmp_path / "pool.sqlite", create=True) as index:
        report = index_folders(index, [tmp_path / "music"], workers=2)
    assert (report.analysed, report.workers, report.failures) == (12, 2, [])
    pool_rows = _rows(tmp_path / "pool.sqlite")
    assert [row[0] for row in pool_rows] == sorted(str(m.path) for m in made)
    by_path = {str(m.path): m for m in made}
    for row in pool_rows:
        known = by_path[str(row[0])]
        assert row[6] == pytest.approx(known.bpm, rel=0.02)
        assert row[5] == round(known.seconds * 22050)
        assert -40 < float(row[14]) < -10  # type: ignore[arg-type]

    # The cluster's workers fork from the server the pool started, which has the
    # analyser's libraries loaded. Dask sets thread limits in this process's environment
    # for its workers; they are put back after.
    environment = dict(os.environ)
    try:
        with (
            dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}),
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
            ) as cluster,
            Index.open(tmp_path / "dask.sqlite", create=True) as index,
        ):
            address = cluster.scheduler_address
            report = index_folders(index, [tmp_path / "music"], scheduler=address)
    finally:
        os.environ.clear()
        os.environ.update(environment)
    assert (report.analysed, report.workers, report.where) == (12, 2, address)
    assert _rows(tmp_path / "dask.sqlite") == pool_rows


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Path, Path]:
    """Six tracks indexed in this process."""
    write_library(tmp_path / "music", 6, seconds=5.0)
    with Index.open(tmp_path / "library.sqlite", create=True) as index:
        report = index_folders(index, [tmp_path / "music"], workers=1)
    assert report.analysed == 6
    return tmp_path / "music", tmp_path / "library.sqlite"


def test_indexing_again_skips_unchanged_files_and_follows_moves_touches_and_removals(
    indexed: tuple[Path, Path],
) -> None:
    music, path = indexed
    with Index.open(path) as index:
        again = index_folders(index, [music], workers=1)
        assert (again.found, again.analysed, again.unchanged) == (6, 0, 6)

        tracks = {Path(t.path).name: t for t in index.tracks()}
        moved_name = "track01_96bpm_3.wav"
        moved_id = tracks[moved_name].track_id
        assert moved_id is not None
        index.change_tags([moved_id], add=["waltz"])
        (music / "elsewhere").mkdir()
        shutil.move(music / "perc" / moved_name, music / "elsewhere" / "renamed.wav")
        touched = music / "perc" / "track02_100bpm_4.wav"
        os.utime(touched, ns=(time.time_ns(), time.time_ns() + 10**9))
        removed = music / "strings" / "track03_108bpm_3.wav"
        shutil.copy2(removed, music.parent / "kept.wav")
        removed.unlink()
        (music / "perc" / "damaged.wav").write_bytes(b"RIFF\x10\x00\x00\x00WAVEjunk" * 50)
        write_track(music / "new" / "added.wav", bpm=110.0, beats_per_bar=4, seconds=5.0)

        report = index_folders(index, [music], workers=1)
        assert (report.found, report.analysed, report.unchanged) == (7, 1, 3)
        assert (report.moved, report.touched, report.removed) == (1, 1, 1)
        assert [(Path(f.path).name, f.kind) for f in report.failures] == [
            ("damaged.wav", "unreadable")
        ]
        assert not report.failures[0].message.startswith(str(music))

        rows = {Path(t.path).name: t for t in index.tracks()}
        assert rows["renamed.wav"].track_id == moved_id
        assert rows["renamed.wav"].tags == ("waltz",)
        assert rows["renamed.wav"].beats == tracks[moved_name].beats
        assert rows["track03_108bpm_3.wav"].removed_at is not None
        assert rows["track02_100bpm_4.wav"].mtime_ns == touched.stat().st_mtime_ns
        assert rows["added.wav"].bpm == pytest.approx(110, rel=0.02)
        assert moved_name not in rows

        # The damaged file is not tried again until it changes or is asked for.
        third = index_folders(index, [music], workers=1)
        assert (third.analysed, third.failed_before, third.failures) == (0, 1, [])
        retried = index_folders(index, [music], workers=1, retry_failed=True)
        assert [Path(f.path).name for f in retried.failures] == ["damaged.wav"]

        status = index.status()
        assert (status["tracks"], status["removed"], status["failed"]) == (6, 1, 1)

        # A removed file put back is present again, with its analysis: nothing to analyse.
        shutil.copy2(music.parent / "kept.wav", removed)
        back = index_folders(index, [music], workers=1)
        assert (back.analysed, back.touched, index.status()["removed"]) == (0, 1, 0)


def test_a_run_killed_midway_leaves_a_readable_index_that_the_next_run_completes(
    tmp_path: Path,
) -> None:
    write_library(tmp_path / "music", 10, seconds=5.0)
    index_path = tmp_path / "library.sqlite"
    command = [sys.executable, "-m", "scoresync", "library", "add", str(tmp_path / "music")]
    command += ["--workers", "1", "--index", str(index_path)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stored = 0
    deadline = time.monotonic() + 60
    try:
        while stored < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            if index_path.exists():
                try:
                    with sqlite3.connect(index_path, timeout=1) as db:
                        stored = db.execute("SELECT count(*) FROM tracks").fetchone()[0]
                except sqlite3.OperationalError:
                    stored = 0
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
    assert 2 <= stored < 10

    with sqlite3.connect(index_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        kept = db.execute("SELECT count(*) FROM tracks").fetchone()[0]
    assert kept >= stored
    with Index.open(index_path) as index:
        report = index_folders(index, [tmp_path / "music"], workers=1)
        assert (report.unchanged, report.analysed) == (kept, 10 - kept)
        assert index.status()["tracks"] == 10
