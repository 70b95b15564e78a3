"""Media paths: whatever name the file system allows comes back as it was saved."""

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
