"""One call per export: the same files as the command line, the requests' checks, file
names, the result lines (the MIDI worst drift) and the errors a user can act on.

The demo project: 1M1 "Main Title" (96 BPM) and 2M2 "The Chase" (with a ramp) have tempo
maps; 1M3 has none.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import mido
import numpy as np
import pytest
import soundfile

from scoresync.deliver.click import ClickOptions
from scoresync.deliver.exports import (
    EXPORT_KINDS,
    ClickExport,
    ExportRequest,
    MidiExport,
    MusicXmlExport,
    StreamerExport,
    TimingSheetExport,
    cue_file_name,
    run_export,
    streamer_lengths,
)
from scoresync.deliver.midi import MidiExportReport
from scoresync.deliver.streamers import StreamerOptions
from scoresync.errors import ExportError, UsageError
from scoresync.picture.rates import RATES
from scoresync.project.cuenumber import CueNumber
from scoresync.project.demo import demo_project
from scoresync.project.fileio import save_project
from scoresync.project.model import Project
from tempo.audio.bwf import read_bext

PROJECT = "night-train.scoresync.json"


@pytest.fixture(scope="module")
def project() -> Project:
    return demo_project()


@pytest.fixture
def project_file(tmp_path: Path, project: Project) -> Path:
    path = tmp_path / PROJECT
    save_project(project, path)
    return path


def cue(project: Project, number: str):  # noqa: ANN201
    return project.cue(CueNumber.parse(number))


# -- the same bytes as the command line ---------------------------------------------------

SAME_AS_CLI: list[tuple[str, ExportRequest, list[str]]] = [
    ("2M2", MidiExport(ramp_step="beat"), ["export", "midi", "--ramp-step", "beat"]),
    ("1M1", MusicXmlExport(), ["export", "musicxml"]),
    ("1M1", TimingSheetExport(fmt="csv", per="beat"), ["export", "timing-sheet", "--per", "beat"]),
    (
        "2M2",
        TimingSheetExport(fmt="pdf", gauge="16mm"),
        ["export", "timing-sheet", "--gauge", "16mm"],
    ),
    (
        "2M2",
        StreamerExport(fmt="midi", options=StreamerOptions(count_in_bars=1)),
        ["export", "streamers", "--count-in-bars", "1"],
    ),
    ("2M2", StreamerExport(fmt="csv"), ["export", "streamers"]),
]


@pytest.mark.parametrize(("number", "request_", "command"), SAME_AS_CLI)
def test_each_file_is_the_one_the_command_line_writes(
    run_cli, project, project_file, tmp_path, number, request_, command
) -> None:
    ours = tmp_path / f"ours{request_.suffix}"
    theirs = tmp_path / f"cli{request_.suffix}"
    result = run_export(project, cue(project, number), ours, request_)
    done = run_cli(*command[:2], PROJECT, number, *command[2:], "-o", theirs.name)
    assert done.code == 0, done.stderr
    assert result.path == ours and ours.read_bytes() == theirs.read_bytes()


def test_the_click_track_is_the_one_the_command_line_renders(
    run_cli, project, project_file, tmp_path
) -> None:
    options = ClickOptions(sample_rate=44_100, bit_depth="16", subdivision=2, count_in_beats=2)
    ours = tmp_path / "ours.wav"
    result = run_export(project, cue(project, "1M1"), ours, ClickExport(options))
    done = run_cli(
        "click", "render", PROJECT, "1M1", "-o", "cli.wav", "--sample-rate", "44100",
        "--bit-depth", "16", "--subdivision", "2", "--count-in-beats", "2",
    )  # fmt: skip
    assert done.code == 0, done.stderr
    ours_audio, ours_rate = soundfile.read(ours, dtype="int16")
    cli_audio, cli_rate = soundfile.read(tmp_path / "cli.wav", dtype="int16")
    assert ours_rate == cli_rate == 44_100
    assert np.array_equal(ours_audio, cli_audio)
    ours_bext, cli_bext = read_bext(ours), read_bext(tmp_path / "cli.wav")
    assert ours_bext is not None and cli_bext is not None
    assert ours_bext.time_reference_samples == cli_bext.time_reference_samples
    assert result.summary["samples"] == len(ours_audio)
    assert result.lines[0].startswith("1M1 click, ") and "44100 Hz / 16-bit" in result.lines[0]


# -- results --------------------------------------------------------------------------------


def test_the_midi_result_names_the_worst_drift(project, tmp_path) -> None:
    result = run_export(project, cue(project, "2M2"), tmp_path / "a.mid", MidiExport())
    report = result.report
    assert isinstance(report, MidiExportReport)
    worst = max(report.hits, key=lambda drift: abs(drift.drift_seconds))
    assert result.lines[2] == (
        f"worst hit drift {worst.drift_ms:+.3f} ms: {worst.what} {worst.label!r} at {worst.tc}"
    )
    assert result.lines[3].startswith(f"worst bar-line drift {report.max_bar_drift_ms:.3f} ms")
    assert result.summary["hits"] == 8 == len(report.hits)
    midi = mido.MidiFile(tmp_path / "a.mid")
    tempos = sum(1 for m in midi.tracks[0] if m.type == "set_tempo")
    assert tempos == report.tempo_events == result.summary["tempo events"]


def test_musicxml_notes_name_hits_outside_the_bars(project, tmp_path) -> None:
    chase = cue(project, "2M2")
    placed = chase.tempo
    early = dataclasses.replace(
        chase, tempo=dataclasses.replace(placed, downbeat_frames=chase.end_frames - 1)
    )
    result = run_export(project, early, tmp_path / "a.musicxml", MusicXmlExport())
    assert result.notes and all("lies outside the tempo map's bars" in n for n in result.notes)
    assert result.summary["hits"] == len(chase.hits) - len(result.notes)


def test_compressed_musicxml_is_a_zip(project, tmp_path) -> None:
    path = tmp_path / "a.mxl"
    run_export(project, cue(project, "1M1"), path, MusicXmlExport(fmt="mxl"))
    assert path.read_bytes()[:2] == b"PK"


# -- requests, names and errors -------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_", "suffix"),
    [
        (ClickExport(), ".wav"),
        (MidiExport(), ".mid"),
        (MusicXmlExport(), ".musicxml"),
        (MusicXmlExport(fmt="mxl"), ".mxl"),
        (TimingSheetExport(), ".pdf"),
        (TimingSheetExport(fmt="txt"), ".txt"),
        (StreamerExport(), " streamers.csv"),
        (StreamerExport(fmt="midi"), " streamers.mid"),
    ],
)
def test_suffixes_and_default_names(project, request_, suffix) -> None:
    assert cue_file_name(cue(project, "1M1"), request_.suffix) == f"1M1 Main Title{suffix}"
    assert request_.kind in EXPORT_KINDS


def test_file_names_replace_what_file_systems_refuse(project) -> None:
    odd = dataclasses.replace(cue(project, "1M1"), title='Who?  "Me" / You: ')
    assert cue_file_name(odd, ".csv") == "1M1 Who_ _Me_ _ You_.csv"
    untitled = dataclasses.replace(cue(project, "1M1"), title="")
    assert cue_file_name(untitled, ".wav") == "1M1.wav"


def test_a_long_title_in_a_wide_script_stays_a_name_file_systems_take(
    project, tmp_path: Path
) -> None:
    """File systems limit a name to 255 bytes: a title of 200 CJK characters (600 bytes
    of UTF-8) is cut at a whole character, and the file can be made."""
    long = dataclasses.replace(cue(project, "1M1"), title="夜行列車" * 50)
    name = cue_file_name(long, ".mid")
    assert len(name.encode("utf-8")) <= 255
    assert name.startswith("1M1 夜行列車") and name.endswith(".mid")
    (tmp_path / name).write_bytes(b"")


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: MidiExport(ramp_step="bar"), "unknown ramp step 'bar': use one of beat, eighth"),
        (lambda: MusicXmlExport(fmt="pdf"), "unknown MusicXML format 'pdf': use one of musicxml"),
        (lambda: TimingSheetExport(fmt="docx"), "unknown timing-sheet format 'docx'"),
        (lambda: TimingSheetExport(per="hit"), "unknown row kind 'hit': use one of bar, beat"),
        (lambda: TimingSheetExport(paper="a3"), "unknown paper size 'a3': use one of a4, letter"),
        (lambda: StreamerExport(fmt="xml"), "unknown streamer format 'xml': use one of csv"),
    ],
)
def test_requests_check_their_choices(build, message) -> None:
    with pytest.raises(UsageError, match=message):
        build()


@pytest.mark.parametrize("request_", [ClickExport(), MidiExport(), MusicXmlExport(),
                                      TimingSheetExport(), StreamerExport()])  # fmt: skip
def test_a_cue_without_a_tempo_map_says_so_and_writes_nothing(project, tmp_path, request_) -> None:
    path = tmp_path / f"1M3{request_.suffix}"
    with pytest.raises(UsageError, match=r"^1M3 has no tempo map: "):
        run_export(project, cue(project, "1M3"), path, request_)
    assert not path.exists()


@pytest.mark.parametrize("request_", [ClickExport(), MidiExport(), MusicXmlExport(),
                                      TimingSheetExport(), StreamerExport()])  # fmt: skip
def test_a_missing_folder_is_an_export_error(project, tmp_path, request_) -> None:
    path = tmp_path / "missing" / f"a{request_.suffix}"
    with pytest.raises(ExportError, match=r"the folder .*missing does not exist; create it"):
        run_export(project, cue(project, "1M1"), path, request_)
    assert not path.parent.exists()


def test_streamer_lengths_per_colour_and_their_errors() -> None:
    rate = RATES["24"]
    lengths = streamer_lengths("2s", {"red": "12f", "green": None}, rate=rate)
    assert lengths == {"green": 48, "yellow": 48, "red": 12}
    with pytest.raises(UsageError, match=r"--yellow-length 'x': give frames"):
        streamer_lengths("2s", {"yellow": "x"}, rate=rate)
    with pytest.raises(UsageError, match=r"--length '0f': a streamer lasts at least one frame"):
        streamer_lengths("0f", {}, rate=rate)


@pytest.mark.parametrize(
    ("request_", "name"),
    [
        (ClickExport(ClickOptions()), "a.wav"),
        (MidiExport(), "a.mid"),
        (MusicXmlExport(), "a.musicxml"),
        (TimingSheetExport(fmt="csv"), "a.csv"),
        (StreamerExport(fmt="csv"), "b.csv"),
    ],
    ids=EXPORT_KINDS,
)
def test_every_export_is_written_atomically(
    request_: ExportRequest, name: str, project: Project, tmp_path: Path, monkeypatch
) -> None:
    """A deliverable that fails at the last step leaves the previous file whole."""
    import os

    path = tmp_path / name
    path.write_bytes(b"the previous version")

    def refuse(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="No space left on device"):
        run_export(project, cue(project, "1M1"), path, request_, force=True)
    assert path.read_bytes() == b"the previous version"
    assert [p.name for p in tmp_path.iterdir()] == [name]
