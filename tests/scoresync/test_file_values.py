"""Values in a project file: media paths come back as saved; numbers that would take hours to
read are refused at once."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from project_support import small_project

from scoresync.project.fileio import load_project, save_project
from scoresync.project.model import Project


@pytest.mark.parametrize("name", [" ", "picture v2.mov", "Rolle 1 – Bild.mov", ".hidden"])
def test_a_picture_name_round_trips(tmp_path: Path, name: str) -> None:
    project: Project = dataclasses.replace(small_project(), picture=str(tmp_path / name))
    path = tmp_path / "film.scoresync.json"
    save_project(project, path)
    assert load_project(path).project.picture == str(tmp_path / name)


def test_a_number_in_huge_exponent_form_in_a_file_is_an_error_not_a_hang(tmp_path: Path) -> None:
    import json

    from scoresync.errors import ProjectError
    from scoresync.project.demo import write_demo

    path = tmp_path / "night-train.scoresync.json"
    write_demo(path)
    document = json.loads(path.read_text())
    mapped = next(cue for cue in document["cues"] if cue.get("tempo"))
    mapped["tempo"]["map"]["segments"][0]["bpm"] = "1e-99999999"
    path.write_text(json.dumps(document))
    with pytest.raises(ProjectError, match=r"segment 1, bpm: must be a number from 1 to 1000 BPM"):
        load_project(path)
