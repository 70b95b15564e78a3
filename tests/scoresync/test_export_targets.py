"""What an export may write over, through the command line: never a project, nor any file
of another kind, without ``--force``; a symbolic link stays a link and its target gets the
file; a device or a FIFO is refused before anything is rendered.

The demo project: 1M1 "Main Title" and 2M2 "The Chase" have tempo maps.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from scoresync.deliver.exports import (
    ClickExport,
    MidiExport,
    MusicXmlExport,
    StreamerExport,
    TimingSheetExport,
)
from scoresync.deliver.targets import (
    KINDS,
    MIDI,
    PROJECT,
    ForeignFileError,
    check_target,
    kind_of,
    replace_problem,
)
from scoresync.project.demo import demo_project
from scoresync.project.fileio import save_project

PROJECT_NAME = "night-train.scoresync.json"

# every command that writes a file, with the options that pick its format, and its kind
WRITERS = [
    (("export", "midi", PROJECT_NAME, "1M1"), "a MIDI file"),
    (("click", "render", PROJECT_NAME, "1M1"), "a WAV file"),
    (("export", "timing-sheet", PROJECT_NAME, "1M1", "--format", "txt"), "a timing sheet (text)"),
    (("export", "timing-sheet", PROJECT_NAME, "1M1", "--format", "csv"), "a timing sheet (CSV)"),
    (("export", "timing-sheet", PROJECT_NAME, "1M1", "--format", "pdf"), "a PDF"),
    (("export", "musicxml", PROJECT_NAME, "1M1", "--format", "musicxml"), "a MusicXML file"),
    (("export", "musicxml", PROJECT_NAME, "1M1", "--format", "mxl"), "a compressed MusicXML file"),
    (("export", "streamers", PROJECT_NAME, "1M1", "--format", "csv"), "a streamer list (CSV)"),
    (("export", "streamers", PROJECT_NAME, "1M1", "--format", "midi"), "a MIDI file"),
]
IDS = ["-".join([*command[:2], *command[5:]]) for command, _ in WRITERS]


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / PROJECT_NAME
    save_project(demo_project(), path)
    return path


@pytest.mark.parametrize(("command", "kind"), WRITERS, ids=IDS)
def test_no_export_writes_over_the_project(run_cli, project_file: Path, command, kind) -> None:
    before = project_file.read_bytes()
    result = run_cli(*command, "-o", PROJECT_NAME)
    assert result.code == 1 and result.stdout == ""
    assert result.stderr == (
        f"scoresync: error: {PROJECT_NAME} is a scoresync project, not {kind}; "
        "choose another output name or pass --force to replace it\n"
    )
    assert project_file.read_bytes() == before
    assert sorted(p.name for p in project_file.parent.iterdir()) == [PROJECT_NAME]


def test_force_replaces_a_file_of_another_kind(run_cli, project_file: Path, tmp_path) -> None:
    notes = tmp_path / "notes.mid"
    notes.write_text("not music\n")
    refused = run_cli("export", "midi", PROJECT_NAME, "1M1", "-o", "notes.mid")
    assert refused.code == 1
    assert "notes.mid exists and is not a MIDI file; choose another output name" in refused.stderr
    assert notes.read_text() == "not music\n"
    forced = run_cli("export", "midi", PROJECT_NAME, "1M1", "-o", "notes.mid", "--force")
    assert forced.code == 0, forced.stderr
    assert notes.read_bytes().startswith(b"MThd")


def test_a_file_of_the_same_kind_or_an_empty_one_is_replaced(run_cli, project_file, tmp_path):
    (tmp_path / "old.mid").write_bytes(b"MThd\x00\x00\x00\x06 an older export")
    (tmp_path / "empty.csv").touch()
    assert run_cli("export", "midi", PROJECT_NAME, "1M1", "-o", "old.mid").code == 0
    assert run_cli("export", "streamers", PROJECT_NAME, "1M1", "-o", "empty.csv").code == 0
    assert (tmp_path / "empty.csv").read_text().startswith("type,colour,")
    again = run_cli("export", "streamers", PROJECT_NAME, "1M1", "-o", "empty.csv")
    assert again.code == 0, again.stderr


def test_all_refuses_before_writing_any_file(run_cli, project_file: Path, tmp_path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "2M2 The Chase.txt").write_bytes(project_file.read_bytes())
    result = run_cli("export", "timing-sheet", PROJECT_NAME, "--all", "-o", "out")
    assert result.code == 1
    assert "2M2 The Chase.txt is a scoresync project, not a timing sheet (text)" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["2M2 The Chase.txt"]
    forced = run_cli("export", "timing-sheet", PROJECT_NAME, "--all", "-o", "out", "--force")
    assert forced.code == 0, forced.stderr
    assert len(list(folder.iterdir())) == 2


def test_a_link_stays_a_link_and_its_target_gets_the_export(run_cli, project_file, tmp_path):
    (tmp_path / "sheets").mkdir()
    real = tmp_path / "sheets" / "1M1.txt"
    real.write_text("x: timing sheet\nCue      an older one\n")
    link = tmp_path / "latest.txt"
    link.symlink_to(Path("sheets") / "1M1.txt")
    result = run_cli("export", "timing-sheet", PROJECT_NAME, "1M1", "-o", "latest.txt")
    assert result.code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(Path("sheets") / "1M1.txt")
    assert real.read_text().startswith("Night Train: timing sheet\nCue      1M1 Main Title\n")


def test_a_link_to_the_project_is_the_project(run_cli, project_file: Path, tmp_path) -> None:
    (tmp_path / "tempo.mid").symlink_to(PROJECT_NAME)
    before = project_file.read_bytes()
    result = run_cli("export", "midi", PROJECT_NAME, "1M1", "-o", "tempo.mid")
    assert "tempo.mid is a scoresync project, not a MIDI file" in result.stderr
    assert result.code == 1 and project_file.read_bytes() == before


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
def test_a_link_to_a_device_is_refused(run_cli, project_file, tmp_path, device) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    link = tmp_path / "click.wav"
    link.symlink_to(device)
    result = run_cli("click", "render", PROJECT_NAME, "1M1", "-o", "click.wav", "--force")
    assert result.code == 1
    assert result.stderr == (
        "scoresync: error: cannot write click.wav: it is a device, not a regular file; "
        "choose a file path\n"
    )
    assert link.is_symlink() and os.readlink(link) == device


def test_a_fifo_is_refused_and_nothing_blocks(run_cli, project_file: Path, tmp_path) -> None:
    os.mkfifo(tmp_path / "sheet.txt")
    results = []
    worker = threading.Thread(
        target=lambda: results.append(
            run_cli("export", "timing-sheet", PROJECT_NAME, "1M1", "-o", "sheet.txt")
        ),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=20)
    assert not worker.is_alive(), "the export blocked on the FIFO"
    assert results[0].code == 1
    assert "cannot write sheet.txt: it is a FIFO (named pipe), not a regular" in results[0].stderr
    assert (tmp_path / "sheet.txt").is_fifo()


# -- recognising a file ------------------------------------------------------------------


def test_each_kind_is_recognised_from_the_head_of_its_file(project_file: Path) -> None:
    heads = {
        "a scoresync project": project_file.read_bytes()[:4096],
        "a MIDI file": b"MThd\x00\x00\x00\x06\x00\x01",
        "a WAV file": b"RIFF\x24\x00\x00\x00WAVEfmt ",
        "a MusicXML file": b'<?xml version="1.0"?>\n<!DOCTYPE score-partwise>\n<score-partwise>',
        "a compressed MusicXML file": b"PK\x03\x04....mimetypeapplication/vnd.recordare.musicxml",
        "a PDF": b"%PDF-1.4\n",
        "a timing sheet (text)": b"Night\nTrain: timing sheet\nCue      1M1\n",
        "a timing sheet (CSV)": b"kind,bar,beat,ticks,position,timecode,frame_eighths,"
        b"frames_exact,cue_seconds,cue_time,feet,bpm,beat_unit,meter,label,must_hit\r\n",
        "a streamer list (CSV)": b"type,colour,start_tc,end_tc,length_frames,start_frames,"
        b"end_frames,midi_note,must_hit,label\r\n",
    }
    assert [kind.name for kind in KINDS] == list(heads)
    assert {name: str(kind_of(head)) for name, head in heads.items()} == {n: n for n in heads}
    assert kind_of(b'{"title": "not ours"}') is None
    assert kind_of(b"notes\n") is None


@pytest.mark.parametrize(
    "request_",
    [ClickExport(), MidiExport(), MusicXmlExport(), MusicXmlExport(fmt="mxl"),
     TimingSheetExport(), TimingSheetExport(fmt="txt"), TimingSheetExport(fmt="csv"),
     StreamerExport(), StreamerExport(fmt="midi")],
)  # fmt: skip
def test_every_export_replaces_its_own_output(project_file, tmp_path, request_) -> None:
    from scoresync.deliver.exports import run_export
    from scoresync.project.fileio import load_project

    project = load_project(project_file).project
    path = tmp_path / f"out{request_.suffix}"
    cue = project.cue("1M1")
    run_export(project, cue, path, request_)
    assert replace_problem(path, request_.file_kind) is None
    assert replace_problem(project_file, request_.file_kind) is not None
    run_export(project, cue, path, request_)  # again, over the first


def test_the_check_names_the_file_and_force_lets_it_pass(project_file: Path) -> None:
    with pytest.raises(ForeignFileError) as caught:
        check_target(project_file, MIDI)
    assert caught.value.clash == f"{PROJECT_NAME} is a scoresync project, not a MIDI file"
    check_target(project_file, MIDI, force=True)
    check_target(project_file, PROJECT)
