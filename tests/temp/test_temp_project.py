"""Temp music attached to a cue is stored in the project file (relative audio path,
offset, hints, corrections, the chosen fit) and read back as it was."""

from __future__ import annotations

import dataclasses
import json
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from scoresync.errors import ProjectError
from scoresync.project.fileio import load_project, save_project
from scoresync.project.model import CueTemp
from tempo.map.meter import Meter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from project_support import HOUR, SECOND, small_project  # noqa: E402


def test_temp_round_trips_and_is_left_out_when_absent(tmp_path: Path) -> None:
    project = small_project()
    path = tmp_path / "film.scoresync.json"
    save_project(project, path)
    assert '"temp"' not in path.read_text()
    (tmp_path / "audio").mkdir()
    temp = CueTemp(
        audio=str(tmp_path / "audio" / "piece.wav"),
        at_frames=HOUR + 10 * SECOND,
        offset_samples=48_000,
        meter=Meter((6,), 8),
        bpm_range=(Fraction(90), Fraction(120)),
        shift_beats=1,
        bars=((0, 4), (8, 12)),
        stretch=Fraction(51, 50),
        bar_shifts=((8, -1),),
    )
    cue = dataclasses.replace(project.cues[0], temp=temp)
    save_project(project.replace_cue(cue.number, cue), path)
    stored = json.loads(path.read_text())["cues"][0]["temp"]
    assert stored == {
        "audio": "audio/piece.wav",
        "at": "01:00:10:00",
        "offset_samples": 48000,
        "meter": "6/8",
        "bpm_range": ["90", "120"],
        "shift_beats": 1,
        "bars": [[0, 4], [8, 12]],
        "stretch": "1.02",
        "bar_shifts": [[8, -1]],
    }
    assert load_project(path).project.cues[0].temp == temp
    plain = CueTemp(audio=temp.audio, at_frames=temp.at_frames)
    cue = dataclasses.replace(project.cues[0], temp=plain)
    save_project(project.replace_cue(cue.number, cue), path)
    assert json.loads(path.read_text())["cues"][0]["temp"] == {
        "audio": "audio/piece.wav",
        "at": "01:00:10:00",
    }


def test_a_bad_temp_section_names_its_place(tmp_path: Path) -> None:
    path = tmp_path / "film.scoresync.json"
    save_project(small_project(), path)
    data = json.loads(path.read_text())
    data["cues"][0]["temp"] = {"audio": "a.wav", "at": "01:00:10:00", "bars": [[4, 2]]}
    path.write_text(json.dumps(data))
    with pytest.raises(ProjectError, match=r"temp.*bars 4-2"):
        load_project(path)
