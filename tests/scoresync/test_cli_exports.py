"""``--all -o DIR`` of every export command that has it, through the command line: DIR is
created when it does not exist yet (the folder it goes in must exist), each cue with a
tempo map is written into it under its own name, byte for byte the file ``CUE -o FILE``
writes, and the cues without a map are named.

The demo project: 1M1 "Main Title" and 2M2 "The Chase" have tempo maps; the other six cues
have none.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoresync.project.demo import demo_project
from scoresync.project.fileio import save_project

PROJECT = "night-train.scoresync.json"
MAPPED = ("1M1 Main Title", "2M2 The Chase")
SKIPPED = ["1M2", "1M2A", "1M3", "1M4", "2M1S", "2M3"]

# the command, and what ends the names of the files --all writes by default
WITH_ALL = [
    (("export", "midi"), ".mid"),
    (("export", "musicxml"), ".musicxml"),
    (("export", "timing-sheet"), ".txt"),
    (("export", "streamers"), " streamers.csv"),
]
IDS = [command[1] for command, _ in WITH_ALL]


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / PROJECT
    save_project(demo_project(), path)
    return path


@pytest.mark.parametrize(("command", "suffix"), WITH_ALL, ids=IDS)
def test_all_creates_the_folder_and_writes_each_mapped_cue(
    run_cli, project_file: Path, tmp_path: Path, command: tuple[str, str], suffix: str
) -> None:
    (tmp_path / "deliveries").mkdir()
    folder = tmp_path / "deliveries" / "reel 1"
    result = run_cli(*command, PROJECT, "--all", "-o", "deliveries/reel 1", "--json")
    assert result.code == 0, result.stderr
    assert sorted(path.name for path in folder.iterdir()) == [f"{n}{suffix}" for n in MAPPED]
    assert result.json()["skipped"] == SKIPPED  # type: ignore[index]
    single = run_cli(*command, PROJECT, "2M2", "-o", f"chase{suffix}")
    assert single.code == 0, single.stderr
    chase = (folder / f"2M2 The Chase{suffix}").read_bytes()
    assert chase == (tmp_path / f"chase{suffix}").read_bytes()


@pytest.mark.parametrize("command", [command for command, _ in WITH_ALL], ids=IDS)
def test_all_names_the_skipped_cues_on_stderr(
    run_cli, project_file: Path, tmp_path: Path, command: tuple[str, str]
) -> None:
    result = run_cli(*command, PROJECT, "--all", "-o", "out")
    assert result.code == 0, result.stderr
    assert "out/1M1 Main Title" in result.stdout.splitlines()[0]
    assert result.stderr == f"skipped 6 cues without a tempo map: {', '.join(SKIPPED)}\n"
    assert (tmp_path / "out").is_dir()


@pytest.mark.parametrize("command", [command for command, _ in WITH_ALL], ids=IDS)
def test_all_needs_the_folder_above_and_a_folder_to_write_into(
    run_cli, project_file: Path, tmp_path: Path, command: tuple[str, str]
) -> None:
    result = run_cli(*command, PROJECT, "--all", "-o", "missing/reel 1")
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == (
        "scoresync: error: cannot create the folder missing/reel 1: the folder missing does "
        "not exist; create it first\n"
    )
    assert not (tmp_path / "missing").exists()
    (tmp_path / "notes.txt").write_text("keep me")
    result = run_cli(*command, PROJECT, "--all", "-o", "notes.txt")
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == (
        "scoresync: error: -o notes.txt: with --all, -o names a folder, and this is a file\n"
    )
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_every_kind_of_file_for_every_cue_shares_one_folder(
    run_cli, project_file: Path, tmp_path: Path
) -> None:
    """A timing sheet in CSV and a streamer list are both CSV, a tempo map and streamers
    as MIDI both MIDI files: --all of each into one folder writes them side by side, none
    refused and none replacing another."""
    commands = [
        ("export", "timing-sheet", "--format", "csv"),
        ("export", "timing-sheet", "--format", "txt"),
        ("export", "timing-sheet", "--format", "pdf"),
        ("export", "streamers"),
        ("export", "streamers", "--format", "midi"),
        ("export", "midi"),
        ("export", "musicxml"),
        ("export", "musicxml", "--format", "mxl"),
    ]
    for command in commands:
        result = run_cli(*command[:2], PROJECT, "--all", "-o", "out", *command[2:])
        assert result.code == 0, (command, result.stderr)
    endings = [
        ".csv",
        ".mid",
        ".musicxml",
        ".mxl",
        ".pdf",
        " streamers.csv",
        " streamers.mid",
        ".txt",
    ]
    names = sorted(path.name for path in (tmp_path / "out").iterdir())
    assert names == sorted(f"{cue}{ending}" for cue in MAPPED for ending in endings)
    sheet = (tmp_path / "out" / "1M1 Main Title.csv").read_text(encoding="utf-8")
    assert sheet.startswith("kind,bar,beat,")
    tempo_map = (tmp_path / "out" / "1M1 Main Title.mid").read_bytes()
    streamers = (tmp_path / "out" / "1M1 Main Title streamers.mid").read_bytes()
    assert tempo_map.startswith(b"MThd") and streamers.startswith(b"MThd")
    assert tempo_map != streamers


def test_the_command_line_offers_the_ramp_steps_the_exports_take() -> None:
    from scoresync.cli.export_common import RAMP_STEPS
    from scoresync.deliver.exports import RAMP_STEPS as TAKEN

    assert RAMP_STEPS == TAKEN
