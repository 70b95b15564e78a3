"""A cue's tempo map in the project file: its format, defaults, bad maps, exact round trips."""

from __future__ import annotations

import json
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from tempo_support import tempo_maps

from scoresync.errors import ProjectFileError
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import load_project, new_project, save_project
from scoresync.project.model import Cue, CueTempo, Project
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap

HOUR = 86_400
"""01:00:00:00 at 24 fps, in frames."""


def with_map(tempo_map: TempoMap) -> Project:
    """A 24 fps project whose one cue, 1M1, has ``tempo_map`` with bar 1 at its start."""
    start = HOUR + 10 * 24
    cue = Cue(CueNumber(1, 1), "x", start, start + 600 * 24, tempo=CueTempo(start, tempo_map))
    return new_project("T", "24").with_cue(cue)


def file_with_map(map_data: object) -> str:
    """The text of a 24 fps project whose cue 1M1 holds ``map_data`` as its tempo map."""
    cue = {
        "number": "1M1",
        "start": "01:00:10:00",
        "end": "01:00:40:00",
        "tempo": {"downbeat": "01:00:10:00", "map": map_data},
    }
    project = {
        "schema": "scoresync.project",
        "version": 1,
        "title": "T",
        "rate": "24",
        "session_start": "01:00:00:00",
        "cues": [cue],
    }
    return json.dumps(project)


def load_map(tmp_path: Path, map_data: object) -> TempoMap:
    path = tmp_path / "map.scoresync.json"
    path.write_text(file_with_map(map_data), encoding="utf-8")
    tempo = load_project(path).project.cue("1M1").tempo
    assert tempo is not None
    return tempo.map


# -- format ----------------------------------------------------------------------------


def test_format(tmp_path: Path) -> None:
    tempo_map = TempoMap(
        (
            Segment(16, Fraction(240, 7)),
            Segment(8, Fraction(240, 7), Fraction("117.55"), "linear_time"),
            Segment(None, 60, meter="6/8"),
        ),
        pickup_beats=1,
    )
    path = tmp_path / "film.scoresync.json"
    save_project(with_map(tempo_map), path)
    stored = json.loads(path.read_text(encoding="utf-8"))["cues"][0]["tempo"]["map"]
    assert stored == {
        "pickup_beats": "1",
        "segments": [
            {
                "beats": "16",
                "bpm": "240/7",
                "ramp": "constant",
                "meter": "4/4",
                "beat_unit": "quarter",
            },
            {
                "beats": "8",
                "bpm": "240/7",
                "end_bpm": "117.55",
                "ramp": "linear_time",
                "meter": "4/4",
                "beat_unit": "quarter",
            },
            {
                "beats": None,
                "bpm": "60",
                "ramp": "constant",
                "meter": "6/8",
                "beat_unit": "dotted_quarter",
            },
        ],
    }
    assert [list(segment) for segment in stored["segments"]][1] == [
        "beats",
        "bpm",
        "end_bpm",
        "ramp",
        "meter",
        "beat_unit",
    ]
    assert load_project(path).project == with_map(tempo_map)


def test_defaults_and_numbers(tmp_path: Path) -> None:
    data = {"segments": [{"beats": 8, "bpm": 117.55}, {"beats": None, "bpm": "60", "meter": "6/8"}]}
    tempo_map = load_map(tmp_path, data)
    assert tempo_map.segments[0].bpm == Fraction(2351, 20)
    assert tempo_map.segments[0].meter == Meter((4,), 4)
    assert tempo_map.segments[0].ramp is RampShape.CONSTANT
    assert tempo_map.segments[1].beat_unit is BeatUnit.DOTTED_QUARTER
    assert tempo_map.pickup_beats == 0


def test_null_is_the_default(tmp_path: Path) -> None:
    segment = {"beats": None, "bpm": "90", "end_bpm": None, "ramp": None, "meter": None}
    tempo_map = load_map(tmp_path, {"segments": [{**segment, "beat_unit": None}]})
    assert tempo_map == TempoMap.constant(90)


# -- bad maps --------------------------------------------------------------------------

OPEN = {"beats": None, "bpm": "120"}
BPM_RULE = "must be a number from 1 to 1000 BPM"

BAD_MAPS = [
    # (id, map data, JSON path below the map, place below "cue 1M1, tempo map", problem)
    ("map not an object", [], "", "", "must be an object {...}, got []"),
    ("segments missing", {}, ".segments", ", segments", "required, but missing"),
    ("no segments", {"segments": []}, ".segments", ", segments", "must not be empty, got []"),
    (
        "segments not a list",
        {"segments": OPEN},
        ".segments",
        ", segments",
        'must be a list [...], got {"beats": null, "bpm": "120"}',
    ),
    (
        "segment not an object",
        {"segments": [3]},
        ".segments[0]",
        ", segment 1",
        "must be an object {...}, got 3",
    ),
    (
        "bpm not a number",
        {"segments": [{"beats": "8", "bpm": "120"}, {"beats": None, "bpm": "fast"}]},
        ".segments[1].bpm",
        ", segment 2, bpm",
        f'{BPM_RULE}, got "fast"',
    ),
    (
        "bpm a list",
        {"segments": [{"beats": None, "bpm": [120]}]},
        ".segments[0].bpm",
        ", segment 1, bpm",
        f"{BPM_RULE}, got [120]",
    ),
    (
        "bpm true",
        {"segments": [{"beats": None, "bpm": True}]},
        ".segments[0].bpm",
        ", segment 1, bpm",
        f"{BPM_RULE}, got true",
    ),
    (
        "negative bpm",
        {"segments": [{"beats": None, "bpm": "-5"}]},
        ".segments[0].bpm",
        ", segment 1, bpm",
        f'{BPM_RULE}, got "-5"',
    ),
    (
        "zero bpm",
        {"segments": [{"beats": None, "bpm": 0}]},
        ".segments[0].bpm",
        ", segment 1, bpm",
        f"{BPM_RULE}, got 0",
    ),
    (
        "bpm too fast",
        {"segments": [{"beats": None, "bpm": "1200"}]},
        ".segments[0].bpm",
        ", segment 1, bpm",
        f'{BPM_RULE}, got "1200"',
    ),
    (
        "negative end bpm",
        {"segments": [{"beats": 8, "bpm": 60, "end_bpm": -60, "ramp": "linear_time"}, OPEN]},
        ".segments[0].end_bpm",
        ", segment 1, end_bpm",
        f"{BPM_RULE}, got -60",
    ),
    (
        "negative beats",
        {"segments": [{"beats": "-1", "bpm": 60}]},
        ".segments[0].beats",
        ", segment 1, beats",
        "must be more than 0 and at most 100000 beats (or null for an open-ended last segment), "
        'got "-1"',
    ),
    (
        "beats missing",
        {"segments": [{"bpm": 60}]},
        ".segments[0].beats",
        ", segment 1, beats",
        "required, but missing",
    ),
    (
        "bpm missing",
        {"segments": [{"beats": None}]},
        ".segments[0].bpm",
        ", segment 1, bpm",
        "required, but missing",
    ),
    (
        "bad meter",
        {"segments": [{**OPEN, "meter": "7/5"}]},
        ".segments[0].meter",
        ", segment 1, meter",
        "unknown meter '7/5': the bottom number must be 1, 2, 4, 8, 16, 32 or 64",
    ),
    (
        "meter not text",
        {"segments": [{**OPEN, "meter": 44}]},
        ".segments[0].meter",
        ", segment 1, meter",
        "must be text, got 44",
    ),
    (
        "unknown beat unit",
        {"segments": [{**OPEN, "beat_unit": "crotchets"}]},
        ".segments[0].beat_unit",
        ", segment 1, beat_unit",
        "unknown beat unit 'crotchets': use one of quarter, q, 4, dotted-quarter, q., 4., "
        "half, h, 2, dotted-half, h., 2., whole, w, 1, eighth, e, 8, dotted-eighth, e., 8., "
        "sixteenth, s or 16",
    ),
    (
        "unknown ramp",
        {"segments": [{**OPEN, "ramp": "wobbly"}]},
        ".segments[0].ramp",
        ", segment 1, ramp",
        "unknown ramp shape 'wobbly': use constant, linear_beats, linear_time or linear_period",
    ),
    (
        "unknown segment key",
        {"segments": [{**OPEN, "tempo": 1}]},
        ".segments[0].tempo",
        ", segment 1, tempo",
        'unknown key "tempo"; the keys here are beats, bpm, end_bpm, ramp, meter, beat_unit',
    ),
    (
        "unknown map key",
        {"segments": [OPEN], "cue": "1M1"},
        ".cue",
        ", cue",
        'unknown key "cue"; the keys here are pickup_beats, segments',
    ),
    (
        "constant segment with an end",
        {"segments": [{**OPEN, "end_bpm": "90"}]},
        ".segments[0]",
        ", segment 1",
        "a constant segment cannot end at a different tempo (120 to 90): choose a ramp shape "
        "or drop end_bpm",
    ),
    (
        "ramp without an end",
        {"segments": [{"beats": 8, "bpm": 60, "ramp": "linear_beats"}, OPEN]},
        ".segments[0]",
        ", segment 1",
        "a tempo linear in beats ramp needs an end_bpm",
    ),
    (
        "open segment before the last",
        {"segments": [OPEN, OPEN]},
        ".segments[0]",
        ", segment 1",
        "only the last segment can be open-ended; give this one a length in beats",
    ),
    (
        "meter change inside a bar",
        {"segments": [{"beats": 18, "bpm": 120}, {**OPEN, "meter": "3/4"}]},
        ".segments[1]",
        ", segment 2",
        "meter change from 4/4 to 3/4 falls 2 beats into bar 5: a meter can only change at a "
        "bar line",
    ),
    (
        "pickup longer than a bar",
        {"segments": [OPEN], "pickup_beats": "5"},
        ".pickup_beats",
        ", pickup_beats",
        "must be at least 0 and less than one bar (4 quarter beats of 4/4), got 5",
    ),
    (
        "negative pickup",
        {"segments": [OPEN], "pickup_beats": "-1"},
        ".pickup_beats",
        ", pickup_beats",
        'must be from 0 to 1000 beats, got "-1"',
    ),
]


@pytest.mark.parametrize(
    ("map_data", "below_map", "place", "problem"),
    [case[1:] for case in BAD_MAPS],
    ids=[case[0] for case in BAD_MAPS],
)
def test_bad_maps(
    tmp_path: Path, map_data: object, below_map: str, place: str, problem: str
) -> None:
    path = tmp_path / "bad.scoresync.json"
    path.write_text(file_with_map(map_data), encoding="utf-8")
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    error = caught.value
    assert error.json_path == "cues[0].tempo.map" + below_map
    assert error.where == "cue 1M1, tempo map" + place
    assert error.problem == problem
    assert str(error) == f"{path}: {error.where}: {error.problem}"  # one problem, one line


def test_a_bad_map_in_a_later_cue_names_that_cue(tmp_path: Path) -> None:
    good = json.loads(file_with_map({"segments": [OPEN]}))
    bad = json.loads(file_with_map({"segments": [{**OPEN, "bpm": "-1"}]}))["cues"][0]
    good["cues"].append({**bad, "number": "2M7A", "start": "01:01:00:00", "end": "01:02:00:00"})
    path = tmp_path / "two.scoresync.json"
    path.write_text(json.dumps(good), encoding="utf-8")
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    assert caught.value.location == ("cues", 1, "tempo", "map", "segments", 0, "bpm")
    assert str(caught.value).startswith(f"{path}: cue 2M7A, tempo map, segment 1, bpm: ")


# -- round trips -----------------------------------------------------------------------


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tempo_map=tempo_maps())
def test_random_maps_round_trip_exactly(tempo_map: TempoMap) -> None:
    project = with_map(tempo_map)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "random.scoresync.json"
        save_project(project, path)
        saved = path.read_bytes()
        loaded = load_project(path).project
        stored = json.loads(saved)["cues"][0]["tempo"]["map"]
        save_project(loaded, path)
        assert path.read_bytes() == saved
    tempo = loaded.cue("1M1").tempo
    assert tempo is not None and tempo.map == tempo_map
    for segment, data in zip(tempo_map.segments, stored["segments"], strict=True):
        assert Fraction(data["bpm"]) == segment.bpm
        assert data.get("end_bpm") is None or Fraction(data["end_bpm"]) == segment.end_bpm
        assert data["beats"] is None or Fraction(data["beats"]) == segment.beats
    assert Fraction(stored["pickup_beats"]) == tempo_map.pickup_beats
