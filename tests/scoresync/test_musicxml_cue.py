"""A cue's MusicXML skeleton agrees with its timing sheet: the same bar numbers under either
pickup convention, the same timecode above each bar; the page head names the cue, its
timecodes and its tempos; ``scoresync export musicxml`` takes ``--pickup-bar`` and
``--bars-per-system``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scoresync.deliver.exports import MusicXmlExport, run_export
from scoresync.deliver.musicxml import cue_skeleton
from scoresync.deliver.timingsheet.sheet import RowKind, timing_sheet
from scoresync.picture.rates import RATES
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import save_project
from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
from tempo.map.barnumbers import PickupBar
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap

RATE = RATES["23.976"]


def at(label: str) -> int:
    return tc_to_frames(label, rate=RATE)


def chase_project() -> Project:
    """23.976: a 2-beat pickup, 8 bars of 4/4 at 138, an accelerando to 152 over 2 bars,
    4 bars of 7/8 in eighths at 304, then 4/4 at 152; the cue starts on the pickup."""
    tempo_map = TempoMap(
        (
            Segment(32, 138),
            Segment(8, 138, 152, "linear_beats"),
            Segment(28, 304, meter="7/8"),
            Segment(None, 152),
        ),
        pickup_beats=2,
    )
    downbeat = at("02:04:12:18")
    start = downbeat + round(tempo_map.start_seconds * RATE.fps)
    cue = Cue(
        CueNumber.parse("2M2"),
        "The Chase",
        start,
        at("02:04:50:00"),
        hits=(Hit(at("02:04:20:14"), "gunshot", must_hit=True), Hit(at("02:04:31:00"), "brakes")),
        tempo=CueTempo(downbeat, tempo_map),
    )
    reel = Reel(2, "R2", at("02:00:00:00"))
    return Project("Night Train", RATE, reel.start_frames, (reel,), (cue,))


@pytest.fixture(scope="module")
def project() -> Project:
    return chase_project()


def written(project: Project, path: Path, **options: object) -> ET.Element:
    run_export(project, project.cues[0], path, MusicXmlExport(**options))  # type: ignore[arg-type]
    return ET.parse(path).getroot()


@pytest.mark.parametrize("convention", [PickupBar.ZERO, PickupBar.ONE])
def test_bar_numbers_and_timecodes_match_the_timing_sheet(project, tmp_path, convention):
    cue = project.cues[0]
    sheet = timing_sheet(project, cue, per="bar", pickup_bar=convention)
    bars = [(row.shown_bar, row.tc) for row in sheet.rows if row.kind is RowKind.BAR]
    root = written(project, tmp_path / "2M2.musicxml", pickup_bar=convention)
    measures = [
        (int(m.get("number")), m.find("direction/direction-type/words").text)
        for m in root.iter("measure")
    ]
    assert measures == bars
    assert measures[0][0] == (0 if convention is PickupBar.ZERO else 1)


def test_the_page_head_numbers_the_downbeat_and_the_tempo_changes_as_shown(project):
    _, zero = cue_skeleton(project, project.cues[0])
    _, one = cue_skeleton(project, project.cues[0], pickup_bar=PickupBar.ONE)
    assert zero.lines[0] == "downbeat (bar 1) 02:04:12:18"
    assert one.lines[0] == "downbeat (bar 2) 02:04:12:18"
    assert zero.lines[1:] == ("cue 02:04:11:21 to 02:04:50:00", "23.976 fps")
    assert zero.tempo_lines == (
        "138 BPM (quarter), 4/4 from bar 0",
        "accel. 138 to 152 BPM, bars 9-10",
        "304 BPM (eighth), 7/8 from bar 11",
        "152 BPM (quarter), 4/4 from bar 15",
    )
    assert one.tempo_lines[1] == "accel. 138 to 152 BPM, bars 10-11"
    assert (zero.number, zero.title, zero.work_title) == ("2M2", "2M2 The Chase", "Night Train")


def test_the_command_line_takes_the_convention_and_the_line_length(run_cli, project, tmp_path):
    save_project(project, tmp_path / "film.scoresync.json")
    result = run_cli(
        "export",
        "musicxml",
        "film.scoresync.json",
        "2M2",
        "-o",
        "2M2.musicxml",
        "--pickup-bar",
        "1",
        "--bars-per-system",
        "2",
        "--part-name",
        "The Chase",
        "--json",
    )
    assert result.code == 0, result.stderr
    assert result.json()["written"][0]["bars"] == 25
    root = ET.parse(tmp_path / "2M2.musicxml").getroot()
    numbers = [int(m.get("number")) for m in root.iter("measure")]
    assert numbers == list(range(1, 26))
    breaks = [int(m.get("number")) for m in root.iter("measure") if m.find("print") is not None]
    assert breaks == list(range(4, 26, 2))  # after the pickup (1) and bars 2-3
    assert root.findtext("part-list/score-part/part-name") == "The Chase"


@pytest.mark.parametrize(
    "option, value",
    [("--pickup-bar", "2"), ("--bars-per-system", "-1"), ("--bars-per-system", "x")],
)
def test_the_command_line_refuses_what_it_cannot_do(run_cli, project, tmp_path, option, value):
    save_project(project, tmp_path / "film.scoresync.json")
    result = run_cli(
        "export", "musicxml", "film.scoresync.json", "2M2", "-o", "a.musicxml", option, value
    )
    assert result.code == 2
    assert option in result.stderr
    assert not (tmp_path / "a.musicxml").exists()
