"""Temp music through a recut: the anchor moves with its picture; a cut or insert inside
the temp becomes a bar-line edit, said to be on a bar line when it is whole bars."""

from __future__ import annotations

import dataclasses
import sys
from fractions import Fraction
from pathlib import Path

import pytest
import soundfile
from temp_audio_support import synth_piece

from scoresync.conform.changemap import Change, ChangeMap, Segment
from scoresync.project.model import Cue, CueTemp
from scoresync.temp.follow import follow_temp
from scoresync.temp.track import place

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from project_support import HOUR, RATE, SECOND, small_project  # noqa: E402

BAR = 2 * SECOND
"""A bar of 4/4 at 120 BPM, in frames at 24 fps."""


@pytest.fixture(scope="module")
def cue(tmp_path_factory: pytest.TempPathFactory) -> Cue:
    """1M1 at 01:00:10:00 with 12 bars of 120 BPM temp, first bar line on the start."""
    piece = synth_piece(bpm=120.0, per_bar=4, bars=12, sample_rate=16_000)
    path = tmp_path_factory.mktemp("audio") / "piece.wav"
    soundfile.write(path, piece.samples, piece.sample_rate, subtype="PCM_16")
    base = small_project().cues[0]
    temp = CueTemp(
        audio=str(path), at_frames=base.start_frames, offset_samples=int(piece.downbeats[0])
    )
    return dataclasses.replace(base, temp=temp)


def _mapped(old_in: int, old_out: int, delta: int) -> Segment:
    change = Change.UNCHANGED if delta == 0 else Change.MOVED
    return Segment(
        change,
        old_in,
        old_out,
        Fraction(old_in + delta),
        Fraction(old_out + delta),
        Fraction(1),
        ("A",),
    )


def _cut(at: int, frames: int, *, before: int = 0) -> ChangeMap:
    """Picture moved by ``before`` frames; ``frames`` old frames from ``at`` deleted."""
    kept = [_mapped(0, at, before), _mapped(at + frames, 10 * HOUR, before - frames)]
    gone = Segment(
        Change.DELETED,
        at,
        at + frames,
        Fraction(at + before),
        Fraction(at + before),
        Fraction(1),
        ("A",),
    )
    primary = (kept[0], gone, kept[1])
    return ChangeMap(primary, primary)


def test_a_moved_scene_moves_the_temp(cue: Cue) -> None:
    placed = place(cue, RATE)
    result = follow_temp(
        placed, cue, ChangeMap((_mapped(0, 10 * HOUR, 48),), (_mapped(0, 10 * HOUR, 48),))
    )
    assert result.status == "moved"
    assert result.proposal is not None and result.proposal.at_frames == cue.start_frames + 48
    assert result.proposal.bars == () and result.edits == ()


def test_a_cut_of_whole_bars_on_a_bar_line_removes_those_bars(cue: Cue) -> None:
    placed = place(cue, RATE)
    at = cue.start_frames + 4 * BAR  # bar 5's bar line
    result = follow_temp(placed, cue, _cut(at, 2 * BAR))
    assert result.status == "edited"
    (edit,) = result.edits
    assert edit.change_frames == -2 * BAR
    assert edit.bars == pytest.approx(-2.0, abs=0.02)
    assert edit.on_bar_line
    assert edit.describe() == "remove bars 5-6"
    assert result.proposal is not None
    assert result.proposal.bars == ((0, 4), (6, 12))
    assert abs(result.proposal.stretch - 1) < Fraction(1, 100)
    moved = place(dataclasses.replace(cue, temp=result.proposal), RATE)
    assert abs(moved.end_frames() - (placed.end_frames() - 2 * BAR)) <= 1


def test_a_cut_off_the_bar_lines_says_so_and_takes_up_the_rest(cue: Cue) -> None:
    placed = place(cue, RATE)
    at = cue.start_frames + 4 * BAR + 17
    result = follow_temp(placed, cue, _cut(at, 2 * BAR - 5))
    (edit,) = result.edits
    assert not edit.on_bar_line
    assert edit.edit_bars == -2
    assert float(edit.residual_frames) == pytest.approx(5, abs=0.5)
    assert result.proposal is not None
    moved = place(dataclasses.replace(cue, temp=result.proposal), RATE)
    assert abs(moved.end_frames() - (placed.end_frames() - 2 * BAR + 5)) <= 1


def test_the_anchor_picture_gone_needs_a_decision(cue: Cue) -> None:
    placed = place(cue, RATE)
    result = follow_temp(placed, cue, _cut(cue.start_frames - 10, 40))
    assert result.status == "anchor_gone"
    assert result.proposal is None
    assert "attach it again" in result.note


OLD_EDL = """TITLE: OLD
FCM: NON-DROP FRAME

001  A001     V     C        01:00:00:00 01:10:00:00 01:00:00:00 01:10:00:00
"""
NEW_EDL = """TITLE: NEW
FCM: NON-DROP FRAME

001  A001     V     C        01:00:00:00 01:00:18:00 01:00:00:00 01:00:18:00
002  A001     V     C        01:00:22:00 01:10:00:00 01:00:18:00 01:09:56:00
"""


def test_follow_on_the_command_line(run_cli, tmp_path: Path, cue: Cue) -> None:  # noqa: ANN001
    from scoresync.project.fileio import load_project, save_project

    project = small_project()
    path = tmp_path / "film.scoresync.json"
    save_project(project.replace_cue(cue.number, cue), path)
    (tmp_path / "old.edl").write_text(OLD_EDL)
    (tmp_path / "new.edl").write_text(NEW_EDL)
    result = run_cli(
        "temp", "follow", str(path), "--old", "old.edl", "--new", "new.edl", "--apply", "--json"
    )
    assert result.code == 0, result.stderr
    (found,) = result.json()["cues"]
    assert found["status"] == "edited"
    (edit,) = found["edits"]
    assert edit["change_frames"] == -4 * SECOND
    assert edit["on_bar_line"] is True
    assert edit["proposal"] == "remove bars 5-6"
    temp = load_project(path).project.cues[0].temp
    assert temp is not None and temp.bars == ((0, 4), (6, 12))
    text = run_cli("temp", "follow", str(path), "--old", "old.edl", "--new", "new.edl")
    assert "remove bars" in text.stdout
    assert "  -00:00:04:00 (-2.00 bars)" in text.stdout  # the picture cut, as a length
