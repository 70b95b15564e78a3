"""The bundled "Night Train" demo project."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from scoresync.picture.rates import RATES
from scoresync.picture.timecode import frames_to_seconds, frames_to_tc
from scoresync.project.demo import DEMO_FILE_NAME, demo_project, write_demo
from scoresync.project.fileio import load_project, project_to_text
from scoresync.project.model import CueStatus


def test_demo_shape() -> None:
    project = demo_project()
    assert project.title == "Night Train"
    assert project.rate is RATES["23.976"]
    assert [(r.number, frames_to_tc(r.start_frames, rate=project.rate)) for r in project.reels] == [
        (1, "01:00:00:00"),
        (2, "02:00:00:00"),
    ]
    numbers = [str(cue.number) for cue in project.cues]
    assert numbers == ["1M1", "1M2", "1M2A", "1M3", "1M4", "2M1S", "2M2", "2M3"]
    assert (project.cues[0].title, project.cues[-1].title) == ("Main Title", "End Credits")
    assert project.cue("2M1S").number.source
    assert project.cue("1M2A").number.insert == "A"
    assert {cue.status for cue in project.cues} == set(CueStatus)


def test_every_cue_is_spotted_in_full() -> None:
    project = demo_project()
    for cue in project.cues:
        assert cue.description and cue.in_note and cue.out_note, cue.number
        assert 2 <= len(cue.hits) <= 8, cue.number
        assert all(hit.label for hit in cue.hits), cue.number
        assert project.reel_of(cue).number == cue.number.reel
    assert any(hit.must_hit for cue in project.cues for hit in cue.hits)
    assert any(not hit.must_hit for cue in project.cues for hit in cue.hits)
    labels = {hit.label for cue in project.cues for hit in cue.hits}
    assert {"door slam", "train whistle", "cut to exterior: platform"} <= labels


def test_two_tempo_maps_catch_their_hits() -> None:
    project = demo_project()
    mapped = [cue for cue in project.cues if cue.tempo is not None]
    assert [str(cue.number) for cue in mapped] == ["1M1", "2M2"]
    frame_seconds = 1 / project.rate.fps
    for cue in mapped:
        assert cue.tempo is not None
        tempo_map = cue.tempo.map
        for hit in cue.hits:
            seconds = frames_to_seconds(hit.frames - cue.tempo.downbeat_frames, rate=project.rate)
            quarters = Fraction(tempo_map.quarters_at_seconds(seconds)).limit_denominator(10**6)
            nearest_eighth = round(quarters * 2) / Fraction(2)
            off = abs(float(tempo_map.seconds_at_quarters(nearest_eighth)) - float(seconds))
            assert off <= frame_seconds / 2, (cue.number, hit.label, off)
    chase = project.cue("2M2")
    assert chase.tempo is not None and chase.tempo.map.pickup_beats == 1
    assert chase.tempo.downbeat_frames > chase.start_frames  # the pickup comes first


def test_write_demo(tmp_path: Path) -> None:
    path = tmp_path / DEMO_FILE_NAME
    assert write_demo(path) == path
    assert load_project(path).project == demo_project()
    assert path.read_text(encoding="utf-8") == project_to_text(demo_project(), path=path)
    write_demo(str(path))
    assert not (tmp_path / (DEMO_FILE_NAME + ".bak")).exists()  # same content: no backup
