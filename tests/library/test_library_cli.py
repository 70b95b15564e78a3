"""``scoresync library``: what a music editor types, what it prints, and one clear line
for every mistake."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from library_support import synthetic_records, write_track
from project_support import small_project

from scoresync.library.index import Index
from scoresync.project.fileio import save_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def index_path(tmp_path: Path) -> Path:
    """An index of 60 synthetic tracks (no audio)."""
    path = tmp_path / "library.sqlite"
    with Index.open(path, create=True) as index:
        index.store(synthetic_records(60, seed=3))
    return path


def test_help_loads_neither_numpy_nor_pydantic() -> None:
    code = (
        "import sys\n"
        "from scoresync.cli import run\n"
        "for args in (['library', '--help'], ['library', 'add', '--help'], "
        "['library', 'find', '--help']):\n"
        "    run(args)\n"
        "print(','.join(m for m in ('numpy', 'pydantic', 'distributed') if m in sys.modules),"
        " file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert "--scheduler ADDRESS" in done.stdout and "--fits PROJECT CUE" in done.stdout
    assert done.stderr.strip() == ""


def test_find_list_tag_and_status(run_cli: Callable[..., Any], index_path: Path) -> None:
    index = ("--index", str(index_path))
    found = run_cli("library", "find", "--bpm", "90-120", "--min-length", "2:00", *index, "--json")
    tracks = found.json()
    assert tracks and all(90 <= t["bpm"] <= 120 and t["seconds"] >= 120 for t in tracks)
    path = tracks[0]["path"]

    tagged = run_cli("library", "tag", path, "--add", "chase", "--add", "act 2", *index)
    assert tagged.stdout == f"{path}: act 2, chase\n"
    by_tag = run_cli("library", "find", "--tag", "chase", *index, "--json").json()
    assert [t["path"] for t in by_tag] == [path]
    run_cli("library", "tag", str(tracks[0]["id"]), "--remove", "chase", *index)
    assert run_cli("library", "find", "--tag", "chase", *index).stdout == "no track matches\n"

    listed = run_cli("library", "list", *index)
    assert listed.stdout.count("\n") == 62
    status = run_cli("library", "status", *index, "--json").json()
    assert (status["tracks"], status["removed"], status["tags"]) == (60, 0, 1)


def test_find_fits_ranks_tracks_against_a_cues_hits(
    run_cli: Callable[..., Any], index_path: Path, tmp_path: Path
) -> None:
    save_project(small_project(), tmp_path / "film.json")
    shown = run_cli("library", "find", "--fits", "film.json", "1M1", "--index", str(index_path))
    lines = shown.stdout.splitlines()
    assert lines[0].split() == [
        "#",
        "hits",
        "bpm",
        "meter",
        "length",
        "from",
        "edit",
        "end",
        "path",
    ]
    assert len(lines) == 22 and lines[2].split()[1] == "1/1"
    data = run_cli(
        "library",
        "find",
        "--fits",
        "film.json",
        "1M1",
        "--meter",
        "3/4",
        "--limit",
        "5",
        "--index",
        str(index_path),
        "--json",
    ).json()
    assert data["cue"] == "1M1" and data["hits"] == [10.5]
    assert len(data["fits"]) == 5 and {f["meter"] for f in data["fits"]} == {"3/4"}


def test_indexing_with_dask_absent_names_the_extra(
    run_cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_track(tmp_path / "music" / "a.wav", bpm=120, beats_per_bar=4, seconds=1.0)
    monkeypatch.setitem(sys.modules, "distributed", None)
    result = run_cli(
        "library",
        "add",
        "music",
        "--scheduler",
        "tcp://127.0.0.1:8786",
        "--index",
        "library.sqlite",
    )
    assert result.code == 1
    assert "pip install 'scoresync[cluster]'" in result.stderr


def test_an_unreachable_scheduler_times_out_with_one_clear_line(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    pytest.importorskip("distributed", reason="the cluster extra (Dask) is not installed")
    write_track(tmp_path / "music" / "a.wav", bpm=120, beats_per_bar=4, seconds=1.0)
    result = run_cli(
        "library",
        "add",
        "music",
        "--scheduler",
        "tcp://127.0.0.1:9",
        "--timeout",
        "0.5",
        "--index",
        "library.sqlite",
    )
    assert result.code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("scoresync: error: no Dask scheduler answered at tcp://127.0.0.1:9")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "nowhere"], "nowhere: no such folder"),
        (["add", "film.json"], "film.json: not a folder"),
        (["add", ".", "--scheduler", "render01"], "write it as tcp://HOST:PORT"),
        (["add", ".", "--scheduler", "tcp://a:1", "--map-path", "/x"], "CLIENT_PREFIX=WORKER"),
        (["add", ".", "--meter", "7/9"], "meter"),
        (["add", ".", "--bpm", "fast"], "tempo 'fast'"),
        (["find", "--bpm", "120-90"], "LOW-HIGH"),
        (["find", "--min-length", "long"], "--min-length 'long'"),
        (["find", "--meter", "three"], "unknown meter"),
        (["find", "--fits", "film.json", "9M9"], "no cue 9M9 in this project"),
        (["find", "--fits", "missing.json", "1M1"], "missing.json"),
        (["list", "--index", "film.json"], "not a readable scoresync library index"),
        (["status", "--index", "none.sqlite"], "no library index here yet"),
        (["tag", "nothing.wav", "--add", "x"], "nothing.wav: not in the library index"),
        (["tag", "1", "--add", " x"], "tag ' x'"),
    ],
)
def test_every_mistake_gets_one_clear_line(
    run_cli: Callable[..., Any], tmp_path: Path, index_path: Path, args: list[str], message: str
) -> None:
    save_project(small_project(), tmp_path / "film.json")
    if "--index" not in args:
        args = [*args, "--index", str(index_path)]
    result = run_cli("library", *args)
    assert result.code in (1, 2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scoresync: error: "), lines
    assert message in lines[0]


def test_find_fits_use_puts_the_chosen_track_on_the_cue_as_its_temp(
    run_cli: Callable[..., Any], index_path: Path, tmp_path: Path
) -> None:
    from scoresync.project.fileio import load_project

    save_project(small_project(), tmp_path / "film.json")
    index = ("--index", str(index_path))
    ranked = run_cli("library", "find", "--fits", "film.json", "1M1", *index, "--json").json()
    used = run_cli("library", "find", "--fits", "film.json", "1M1", "--use", "2", *index)
    assert used.code == 0 and "1M1: temp " in used.stderr
    temp = load_project(tmp_path / "film.json").project.cue("1M1").temp
    chosen = ranked["fits"][1]
    assert temp is not None and Path(temp.audio).name == Path(chosen["path"]).name
    assert temp.offset_samples == chosen["offset_samples"]
    assert temp.at_frames == small_project().cue("1M1").start_frames
    assert bool(temp.bars) == (chosen["edit"]["kind"] != "none")

    too_far = run_cli("library", "find", "--fits", "film.json", "1M1", "--use", "99", *index)
    assert too_far.code == 1 and "there are 20 fits" in too_far.stderr
    alone = run_cli("library", "find", "--use", "1", *index)
    assert alone.code == 1 and "give --fits PROJECT CUE" in alone.stderr


def test_add_reports_progress_on_stderr_and_failures_in_its_summary(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    write_track(tmp_path / "music" / "a.wav", bpm=100, beats_per_bar=4, seconds=4.0)
    write_track(tmp_path / "music" / "b.wav", bpm=120, beats_per_bar=3, seconds=4.0)
    (tmp_path / "music" / "c.flac").write_bytes(b"fLaC" + bytes(100))
    (tmp_path / "music" / "notes.txt").write_text("not music")
    index = ("--index", "library.sqlite")
    result = run_cli("library", "add", "music", "--workers", "1", *index)
    assert result.code == 0
    assert "indexing: 3 files to analyse on 1 worker (this machine)" in result.stderr
    assert "indexing: 3/3 files, 0.1 min of audio" in result.stderr
    lines = result.stdout.splitlines()
    assert "found      3 audio files" in lines and "failed     1:" in lines
    assert lines[-2:] == ["  unreadable (1):", lines[-1]]
    assert lines[-1].startswith(f"    {tmp_path / 'music' / 'c.flac'}: ")
    again = run_cli("library", "add", "music", *index, "--json").json()
    assert (again["analysed"], again["unchanged"], again["skipped_failed_before"]) == (0, 2, 1)
