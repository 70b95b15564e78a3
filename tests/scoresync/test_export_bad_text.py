"""Exports of odd input: text XML cannot hold, labels a spreadsheet would run, labels of a
megabyte, a downbeat after the cue's end and streamers of absurd length each give a valid
file or one clear message.

The demo project: 1M1 "Main Title" (96 BPM, seven hits) has a tempo map.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from scoresync.deliver.exports import MusicXmlExport, StreamerExport, TimingSheetExport, run_export
from scoresync.errors import ExportError
from scoresync.project.demo import demo_project
from scoresync.project.fileio import save_project
from scoresync.project.model import Cue, Project
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap
from tempo.musicxml.skeleton import HitMark, ScoreHeader, musicxml_bytes, mxl_bytes, plan_skeleton

ODD = "Night\x00\x01\x1b[31m Train\x7f\ufffe\uffff\x0b"
"""NUL, SOH, ESC, DEL, U+FFFE, U+FFFF and a vertical tab: all but DEL are not XML 1.0."""

LABELS = ['=HYPERLINK("http://x")', "+1-2", "-3+4", "@SUM(A1)", "\tcmd", "\rx", "door slam"]
SAFE = ['\'=HYPERLINK("http://x")', "'+1-2", "'-3+4", "'@SUM(A1)", "'\tcmd", "'\rx", "door slam"]


def with_cue(project: Project, **changes: object) -> tuple[Project, Cue]:
    """``project`` with 1M1 changed, and that cue."""
    cue = dataclasses.replace(project.cue("1M1"), **changes)  # type: ignore[arg-type]
    cues = tuple(cue if c.number == cue.number else c for c in project.cues)
    return dataclasses.replace(project, cues=cues), cue


def labelled(labels: list[str]) -> tuple[Project, Cue]:
    project = demo_project()
    hits = project.cue("1M1").hits
    return with_cue(
        project,
        hits=tuple(dataclasses.replace(h, label=t) for h, t in zip(hits, labels, strict=True)),
    )


# -- XML ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["musicxml", "mxl"])
def test_musicxml_from_control_characters_parses(tmp_path: Path, fmt: str) -> None:
    project, cue = labelled([ODD] * 7)
    project, cue = with_cue(dataclasses.replace(project, title=ODD), title=ODD)
    path = tmp_path / f'1M1 "odd"\x01.{fmt}'
    run_export(project, cue, path, MusicXmlExport(fmt=fmt))
    if fmt == "mxl":
        with zipfile.ZipFile(path) as archive:
            container = ET.fromstring(archive.read("META-INF/container.xml"))
            name = container.find("rootfiles/rootfile").get("full-path")  # type: ignore[union-attr]
            assert name == '1M1 "odd".musicxml'
            data = archive.read(name)
    else:
        data = path.read_bytes()
    root = ET.fromstring(data)
    texts = [element.text or "" for element in root.iter()]
    assert "Night[31m Train\x7f" in texts  # the title, cleaned
    hits = [text for text in texts if text.startswith("Night[31m Train\x7f (")]
    assert len(hits) == 7  # every hit (words or rehearsal marks), its label cleaned


def test_the_skeleton_drops_lone_surrogates() -> None:
    plan = plan_skeleton(
        TempoMap((Segment(None, 120),)), end_seconds=8, hit_marks=[HitMark(1, "a\ud800b")]
    )
    header = ScoreHeader(title="t\udcff", lines=("\x1b",))
    assert ET.fromstring(musicxml_bytes(plan, header)).find("work") is not None
    with zipfile.ZipFile(io.BytesIO(mxl_bytes(plan, header, name="\udcff.musicxml"))) as mxl:
        assert mxl.namelist()[2] == ".musicxml"


# -- CSV ---------------------------------------------------------------------------------


def test_timing_sheet_csv_labels_never_run_as_formulas(tmp_path: Path) -> None:
    project, cue = labelled(LABELS)
    path = tmp_path / "1M1.csv"
    run_export(project, cue, path, TimingSheetExport(fmt="csv"))
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["label"] for row in rows if row["kind"] == "hit"] == SAFE
    eighths = [row["frame_eighths"] for row in rows]
    assert "-1" in eighths  # numbers keep their sign
    assert all(cell.lstrip("-").isdigit() for cell in eighths)


def test_streamer_csv_labels_never_run_as_formulas(tmp_path: Path) -> None:
    project, cue = labelled(LABELS)
    path = tmp_path / "1M1.csv"
    run_export(project, cue, path, StreamerExport())
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["label"] for row in rows if row["type"] == "punch"] == SAFE
    assert [row["label"] for row in rows if row["type"] == "streamer"] == [
        "downbeat, bar 1",
        "end of 1M1",
    ]


# -- sizes and places --------------------------------------------------------------------


def test_a_pdf_sheet_cuts_labels_of_a_megabyte(tmp_path: Path) -> None:
    project, cue = labelled(["x" * 1_000_000] * 7)
    path = tmp_path / "1M1.pdf"
    run_export(project, cue, path, TimingSheetExport(fmt="pdf"))
    data = path.read_bytes()
    assert data.startswith(b"%PDF-") and len(data) < 200_000
    assert b"x" * 399 not in data  # cut at 400 characters, the ellipsis last
    assert data.count(b"\\205") + data.count(b"\x85") >= 7  # WinAnsi's ellipsis, one a label


@pytest.mark.parametrize("per", ["bar", "beat"])
def test_a_downbeat_after_the_cue_end_is_named(tmp_path: Path, per: str) -> None:
    project = demo_project()
    cue = project.cue("1M1")
    assert cue.tempo is not None
    late = dataclasses.replace(cue.tempo, downbeat_frames=cue.end_frames + 2400)
    project, cue = with_cue(project, tempo=late)
    path = tmp_path / "1M1.txt"
    with pytest.raises(ExportError) as caught:
        run_export(project, cue, path, TimingSheetExport(fmt="txt", per=per))
    assert str(caught.value) == (
        "1M1 ends at 01:01:52:12, before the first bar of its tempo map (downbeat "
        "01:03:32:12): a timing sheet would have no bars; move the downbeat or the cue's end"
    )
    assert not path.exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [("--length", "99999999999f"), ("--red-length", "99999999999f"), ("--length", "1e12s")],
)
def test_absurd_streamer_lengths_are_refused(run_cli, tmp_path: Path, option, value) -> None:
    save_project(demo_project(), tmp_path / "p.scoresync.json")
    result = run_cli("export", "streamers", "p.scoresync.json", "1M1", "-o", "s.csv", option, value)
    assert result.code == 1
    assert result.stderr == (
        f"scoresync: error: {option} '{value}': a streamer lasts at least one frame and at "
        "most 60 seconds (1f to 1439f at 23.976 fps)\n"
    )
    assert not (tmp_path / "s.csv").exists()
