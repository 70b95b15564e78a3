"""Where the analysis runs: path prefixes as the cluster's workers see them, the scheduler
address, and the progress figures."""

from __future__ import annotations

import pytest

from scoresync.library.fanout import PathMap, check_scheduler_address, make_runner
from scoresync.library.index import LibraryError
from scoresync.library.indexing import Progress


@pytest.mark.parametrize(
    ("path", "seen"),
    [
        ("/Volumes/Music/a.wav", "/mnt/music/a.wav"),
        ("/Volumes/Music/Scores/b.wav", "/data/scores/b.wav"),
        ("/Volumes/Musical/c.wav", "/Volumes/Musical/c.wav"),
        ("/elsewhere/d.wav", "/elsewhere/d.wav"),
    ],
)
def test_the_longest_client_prefix_maps_a_path_to_the_workers_view(path: str, seen: str) -> None:
    mapping = PathMap.parse(["/Volumes/Music=/mnt/music", "/Volumes/Music/Scores/=/data/scores"])
    assert mapping.to_worker(path) == seen


@pytest.mark.parametrize("text", ["/Volumes/Music", "=/mnt", "/Volumes/Music="])
def test_a_path_mapping_without_both_sides_says_how_to_write_it(text: str) -> None:
    with pytest.raises(LibraryError, match="CLIENT_PREFIX=WORKER_PREFIX"):
        PathMap.parse([text])


@pytest.mark.parametrize("address", ["tcp://render01:8786", "tls://10.0.0.5:8786", "tcp://host"])
def test_scheduler_addresses_are_read(address: str) -> None:
    assert check_scheduler_address(f" {address} ") == address


@pytest.mark.parametrize(
    "address", ["render01:8786", "http://render01:8786", "tcp://", "tcp://a b:1"]
)
def test_a_scheduler_address_that_is_not_one_says_how_to_write_it(address: str) -> None:
    with pytest.raises(LibraryError, match="tcp://HOST:PORT"):
        check_scheduler_address(address)


def test_one_worker_analyses_in_this_process_and_none_is_refused() -> None:
    assert type(make_runner(workers=1, scheduler=None)).__name__ == "InlineRunner"
    with pytest.raises(LibraryError, match="1 or more"):
        make_runner(workers=0, scheduler=None)


def test_progress_counts_rate_and_time_left_by_bytes() -> None:
    progress = Progress(files_total=10, bytes_total=1000, started=0.0)
    assert progress.eta_seconds is None
    progress.files_done, progress.bytes_done, progress.audio_seconds = 2, 250, 180.0
    elapsed = progress.elapsed_seconds
    assert progress.audio_minutes == 3
    assert progress.eta_seconds == pytest.approx(elapsed * 3, rel=1e-3)
    assert progress.files_per_minute == pytest.approx(120 / elapsed, rel=1e-3)
