"""The project's pickup-bar setting: 0 (the concert convention) or 1, kept in the project
file (written only when 1, a file without it reading as 0) and set with ``scoresync new
--pickup-bar`` and ``scoresync set --pickup-bar``."""

from __future__ import annotations

import dataclasses
import json

import pytest

from scoresync.errors import ProjectError
from scoresync.project.fileio import load_project, new_project, save_project
from tempo.map.barnumbers import PickupBar


def test_saved_only_when_one_and_read_back(tmp_path):
    path = tmp_path / "film.scoresync.json"
    project = new_project("Night Train", "24")
    assert project.pickup_bar is PickupBar.ZERO
    save_project(project, path)
    assert "pickup_bar" not in json.loads(path.read_text())  # the file older versions read
    save_project(dataclasses.replace(project, pickup_bar=PickupBar.ONE), path)
    document = json.loads(path.read_text())
    assert document["pickup_bar"] == 1 and document["version"] == 1
    assert list(document).index("pickup_bar") == list(document).index("notes") + 1
    assert load_project(path).project.pickup_bar is PickupBar.ONE


@pytest.mark.parametrize("value", [0, 1])
def test_read_as_written(tmp_path, value):
    path = tmp_path / "film.scoresync.json"
    save_project(new_project("Night Train", "24"), path)
    document = json.loads(path.read_text())
    path.write_text(json.dumps({**document, "pickup_bar": value}))
    assert load_project(path).project.pickup_bar == value


@pytest.mark.parametrize("value", [2, -1, True, "1", None, 1.0])
def test_other_values_refused_naming_the_choice(tmp_path, value):
    path = tmp_path / "film.scoresync.json"
    save_project(new_project("Night Train", "24"), path)
    document = json.loads(path.read_text())
    path.write_text(json.dumps({**document, "pickup_bar": value}))
    with pytest.raises(ProjectError, match=r"pickup_bar: must be 0 \(a pickup is bar 0.*or 1"):
        load_project(path)


def test_model_refuses_a_plain_number():
    with pytest.raises(ProjectError, match="pickup bar must be a PickupBar"):
        dataclasses.replace(new_project("Night Train", "24"), pickup_bar=1)  # type: ignore[arg-type]


def test_new_and_set(run_cli, tmp_path):
    path = tmp_path / "film.scoresync.json"
    result = run_cli("new", path.name, "--fps", "24", "--title", "X", "--pickup-bar", "1")
    assert result.code == 0, result.stderr
    assert load_project(path).project.pickup_bar is PickupBar.ONE
    result = run_cli("set", path.name, "--pickup-bar", "0")
    assert result.code == 0, result.stderr
    assert "pickup bar 0 (a pickup is bar 0, the concert convention)" in result.stdout
    assert load_project(path).project.pickup_bar is PickupBar.ZERO
    assert (tmp_path / "film.scoresync.json.bak").exists()  # saved as every edit is


def test_set_refuses_nothing_and_other_values(run_cli, tmp_path):
    path = tmp_path / "film.scoresync.json"
    save_project(new_project("Night Train", "24"), path)
    before = path.read_bytes()
    result = run_cli("set", path.name)
    assert result.code == 1 and "nothing to set: give a setting such as --pickup-bar 1" in (
        result.stderr
    )
    result = run_cli("set", path.name, "--pickup-bar", "2")
    assert result.code != 0 and "'2' is not one of '0', '1'" in result.stderr
    assert path.read_bytes() == before
