"""``scoresync conform`` on a small project and two EDLs: the report, the new version
``--apply`` writes beside the old project, and the CSV and JSON reports."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoresync.cli.conform_cmds import conform_command
from scoresync.conform.report import next_version_path
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import load_project, save_project
from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
from tempo.map.tempomap import TempoMap
from tests.conform.test_conform_cues import H1, RATE, A, B, C, D, E, edl_text


def _cue(number: str, start: int, end: int, *hits: int, **fields: object) -> Cue:
    return Cue(
        CueNumber.parse(number),
        f"Cue {number}",
        H1 + start,
        H1 + end,
        hits=tuple(Hit(H1 + frames) for frames in hits),
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A project of four cues spotted on the cut A B C D E; the new cut drops B and
    moves D before C."""
    tempo = CueTempo(H1 + 150, TempoMap.constant(120))
    cues = (
        _cue("1M1", 10, 40, 20),
        _cue("1M2", 50, 90, 60),
        _cue("1M3", 130, 160, 140, 150),
        _cue("1M4", 150, 230, 162, 222, tempo=tempo),
    )
    project = Project("Film", RATE, H1, (Reel(1, "R1", H1),), cues)
    paths = {
        "project": tmp_path / "film.scoresync.json",
        "old": tmp_path / "old.edl",
        "new": tmp_path / "new.edl",
    }
    save_project(project, paths["project"])
    paths["old"].write_text(edl_text(A, B, C, D, E))
    paths["new"].write_text(edl_text(A, D, C, E))
    return paths


def _run(files: dict[str, Path], *more: str) -> str:
    arguments = [str(files["project"]), "--old", str(files["old"]), "--new", str(files["new"])]
    result = CliRunner().invoke(conform_command, [*arguments, *more])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_report_gives_each_cue_its_status(files: dict[str, Path]) -> None:
    data = json.loads(_run(files, "--json"))
    statuses = {row["cue"]: row["status"] for row in data["cues"]}
    assert statuses == {
        "1M1": "unchanged",
        "1M2": "deleted",
        "1M3": "split",
        "1M4": "internal insert",
    }
    assert data["written"] is None
    text = _run(files)
    rows = {line.split()[0]: line.split()[1] for line in text.splitlines()[2:6]}
    assert rows == {"1M1": "unchanged", "1M2": "deleted", "1M3": "split", "1M4": "internal"}
    assert "1M3: a reorder split its picture" in text
    assert "1M4: 00:00:02:00 of picture moved from elsewhere inside" in text
    assert "1M4: proposal: picture +00:00:02:00 inside" in text


def test_apply_writes_a_new_version_and_leaves_the_old_file_as_it_was(
    files: dict[str, Path], tmp_path: Path
) -> None:
    before = files["project"].read_bytes()
    output = _run(files, "--apply", "--report", str(tmp_path / "x.csv"))
    written = tmp_path / "film.v2.scoresync.json"
    assert f"wrote {written}" in output
    assert files["project"].read_bytes() == before
    conformed = load_project(written).project
    assert conformed.cue("1M1") == load_project(files["project"]).project.cue("1M1")
    flagged = conformed.cue("1M3")
    assert flagged.start_frames == H1 + 130 and "needs a decision: split" in flagged.description
    with (tmp_path / "x.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["cue"] for row in rows] == ["1M1", "1M2", "1M3", "1M4"]
    assert rows[1]["status"] == "deleted" and rows[0]["new_in"] == "01:00:00:10"
    assert next_version_path(files["project"]).name == "film.v3.scoresync.json"
    _run(files, "--report", str(tmp_path / "x.json"))
    document = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert document["cues"][3]["hits"][0] == {
        "hit": 1,
        "label": "",
        "old": "01:00:06:18",
        "new": "01:00:02:18",
        "reason": None,
    }


def test_apply_refuses_to_write_over_the_project(files: dict[str, Path]) -> None:
    before = files["project"].read_bytes()
    arguments = [str(files["project"]), "--old", str(files["old"]), "--new", str(files["new"])]
    result = CliRunner().invoke(
        conform_command, [*arguments, "--apply", "-o", str(files["project"])]
    )
    assert result.exit_code != 0
    assert "is the project itself" in str(result.exception) + result.output
    assert files["project"].read_bytes() == before
