"""The project file: golden text, round trips, bad files, upgrades and safe saving."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoresync.errors import ProjectError, ProjectFileError
from scoresync.picture.rates import RATES
from scoresync.picture.timecode import tc_to_frames
from scoresync.project import fileio
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import (
    CURRENT_VERSION,
    UPGRADES,
    load_project,
    new_project,
    project_to_text,
    save_project,
)
from scoresync.project.model import Cue, CueStatus, CueTempo, Hit, HitTarget, Project, Reel
from tempo.map.tempomap import TempoMap

GOLDEN = "small.scoresync.json"
DF = RATES["29.97df"]


def df(label: str) -> int:
    return tc_to_frames(label, rate=DF)


def small_project(folder: Path) -> Project:
    """A small project at 29.97df touching every field, as the golden file holds it."""
    main_title = Cue(
        CueNumber.parse("1M1"),
        "Main Title",
        df("01:00:10;00"),
        df("01:00:40;00"),
        anchor_hit=1,
        description="Opening titles over the rail yard",
        in_note="on the fade from black",
        out_note="segue into dialogue",
        status=CueStatus.APPROVED,
        hits=(
            Hit(df("01:00:12;00"), "door slam", 2.0, False, HitTarget.BEAT, None),
            Hit(df("01:00:20;00"), "title card", 1.0, True, HitTarget.DOWNBEAT),
            Hit(
                df("01:00:33;15"),
                "whistle \u2014 \u00e9t\u00e9",
                0.5,
                False,
                HitTarget.SUBDIVISION,
                Fraction(1, 2),
            ),
        ),
        tempo=CueTempo(df("01:00:10;00"), TempoMap.constant(96, "4/4")),
        temp_track=os.path.normpath(folder / ".." / "temp" / "caf\u00e9 theme.wav"),
    )
    source = Cue(
        CueNumber.parse("1M2S"),
        "Radio",
        df("01:01:59;29"),
        df("01:02:00;04"),
        status=CueStatus.OMITTED,
        hits=(Hit(df("01:02:00;02"), tolerance_frames=Fraction(1, 3)),),
    )
    return Project(
        title="Small \u201cproject\u201d",
        rate=DF,
        session_start_frames=df("00:59:58;00"),
        reels=(Reel(1, "R1", df("01:00:00;00")), Reel(2, "Reel 2", df("02:00:00;00"))),
        cues=(source, main_title),
        picture=str(folder / "media" / "Night Train v12.mov"),
        notes="line one\nline two",
    )


def test_golden_text(golden) -> None:
    expected = small_project(golden.folder)
    text = project_to_text(expected, path=golden.path(GOLDEN))
    golden.check(GOLDEN, text)
    assert text.endswith("}\n") and '\n  "schema"' in text
    assert load_project(golden.path(GOLDEN)).project == expected


def test_golden_file_spells_positions_as_timecode(golden) -> None:
    data = json.loads(golden.path(GOLDEN).read_text(encoding="utf-8"))
    assert list(data) == [
        "schema",
        "version",
        "title",
        "rate",
        "session_start",
        "picture",
        "notes",
        "reels",
        "cues",
    ]
    assert data["rate"] == "29.97df"
    assert data["picture"] == "media/Night Train v12.mov"
    assert data["cues"][0]["number"] == "1M1"
    assert data["cues"][0]["temp_track"] == "../temp/caf\u00e9 theme.wav"
    assert data["cues"][0]["hits"][2]["tolerance_frames"] == 0.5
    assert data["cues"][1]["hits"][0]["tolerance_frames"] == "1/3"
    assert data["cues"][1]["start"] == "01:01:59;29"
    assert data["cues"][1]["end"] == "01:02:00;04"


@pytest.mark.parametrize("status", list(CueStatus))
@pytest.mark.parametrize("target", list(HitTarget))
def test_every_status_and_target_round_trips(
    tmp_path: Path, status: CueStatus, target: HitTarget
) -> None:
    hour = 90_000  # 01:00:00:00 at 25 fps, the session start
    cue = Cue(
        CueNumber(1, 1),
        "x",
        hour + 100,
        hour + 200,
        status=status,
        hits=(Hit(hour + 150, target=target),),
    )
    project = new_project("T", "25").with_cue(cue)
    path = tmp_path / "p.scoresync.json"
    save_project(project, path)
    text = path.read_text(encoding="utf-8")
    assert f'"status": "{status.value}"' in text
    assert f'"target": "{target.value}"' in text
    assert load_project(path).project == project


# -- random round trips ----------------------------------------------------------------

texts = st.text(max_size=12)
cue_numbers = st.builds(
    CueNumber,
    reel=st.integers(1, 9),
    number=st.integers(1, 40),
    insert=st.sampled_from(["", "A", "B", "AA", "Z"]),
    source=st.booleans(),
)
tempo_maps = st.builds(
    TempoMap.constant,
    st.fractions(40, 240, max_denominator=100),
    st.sampled_from(["4/4", "3/4", "6/8", "5/4", "3+3+2/8"]),
)
names = st.text("abcXYZ019 _-.\u00e9\u00df", min_size=1, max_size=8).filter(
    lambda name: name not in (".", "..")
)


def media_paths(folder: str) -> st.SearchStrategy[str | None]:
    bases = [folder, os.path.join(folder, "media"), os.path.dirname(folder), "/elsewhere"]
    joined = st.builds(
        lambda base, parts: os.path.normpath(os.path.join(base, *parts)),
        st.sampled_from(bases),
        st.lists(names, min_size=1, max_size=3),
    )
    return st.none() | joined


@st.composite
def hits(draw: st.DrawFn, start: int, end: int) -> tuple[Hit, ...]:
    frames = draw(st.lists(st.integers(start, end - 1), max_size=4))
    return tuple(
        Hit(
            f,
            draw(texts),
            draw(st.floats(0, 100, exclude_min=True, allow_nan=False)),
            draw(st.booleans()),
            draw(st.sampled_from(HitTarget)),
            draw(st.none() | st.fractions(Fraction(1, 1000), 10, max_denominator=1000)),
        )
        for f in frames
    )


@st.composite
def cues(draw: st.DrawFn, number: CueNumber, day: int, folder: str) -> Cue:
    start = draw(st.integers(0, day - 2))
    end = draw(st.integers(start + 1, min(day - 1, start + 4000)))
    cue_hits = draw(hits(start, end))
    anchor = draw(st.none() | st.integers(0, len(cue_hits) - 1)) if cue_hits else None
    tempo = draw(st.none() | st.builds(CueTempo, st.integers(0, day - 1), tempo_maps))
    return Cue(
        number,
        draw(texts),
        start,
        end,
        anchor,
        draw(texts),
        draw(texts),
        draw(texts),
        draw(st.sampled_from(CueStatus)),
        cue_hits,
        tempo,
        draw(media_paths(folder)),
    )


@st.composite
def projects(draw: st.DrawFn, folder: str) -> Project:
    rate = draw(st.sampled_from(list(RATES.values())))
    day = rate.frames_per_day
    reel_numbers = draw(st.lists(st.integers(1, 9), unique=True, max_size=3))
    reels = tuple(Reel(n, draw(texts), draw(st.integers(0, day - 1))) for n in reel_numbers)
    numbers = draw(st.lists(cue_numbers, unique=True, max_size=5))
    return Project(
        title=draw(texts),
        rate=rate,
        session_start_frames=draw(st.integers(0, day - 1)),
        reels=reels,
        cues=tuple(draw(cues(number, day, folder)) for number in numbers),
        picture=draw(media_paths(folder)),
        notes=draw(texts),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_projects_round_trip(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = os.path.realpath(folder)
        project = data.draw(projects(folder))
        path = Path(folder) / "random.scoresync.json"
        saved = save_project(project, path)
        loaded = load_project(path)
        assert loaded.project == project
        assert loaded.fingerprint == saved
        again = project_to_text(loaded.project, path=path)
        assert again.encode("utf-8") == path.read_bytes()


# -- bad files -------------------------------------------------------------------------

HEAD = '"schema": "scoresync.project", "version": 1, "title": "T", "rate": "24", '
START = '"session_start": "01:00:00:00"'


def doc(cues: str = "[]", extra: str = "", head: str = HEAD, start: str = START) -> str:
    return "{" + head + start + extra + ', "cues": ' + cues + "}"


def cue(fields: str = "", hits: str = "[]", number: str = "1M1") -> str:
    return (
        f'{{"number": "{number}", "start": "01:00:10:00", "end": "01:00:40:00", '
        f'"hits": {hits}{fields}}}'
    )


def hit(fields: str = "", tc: str = "01:00:12:00") -> str:
    return f'{{"tc": "{tc}"{fields}}}'


TEMPO = '"downbeat": "01:00:10:00", "map": {"segments": [{"beats": null, "bpm": "%s"}]}'

BAD_FILES = [
    ("unknown top key", doc(extra=', "colour": "red"'), "colour", "colour", 'unknown key "colour"'),
    (
        "unknown key lists keys",
        doc(extra=', "fps": "24"'),
        "fps",
        "fps",
        "the keys here are schema",
    ),
    (
        "unknown cue key",
        doc("[" + cue(', "color": 1') + "]"),
        "cues[0].color",
        "cue 1M1, color",
        "unknown key",
    ),
    (
        "unknown hit key",
        doc("[" + cue(hits="[" + hit(', "lbl": ""') + "]") + "]"),
        "cues[0].hits[0].lbl",
        "cue 1M1, hit 1, lbl",
        "keys here are tc, label, weight",
    ),
    (
        "missing title",
        doc(head=HEAD.replace('"title": "T", ', "")),
        "title",
        "title",
        "required, but missing",
    ),
    (
        "missing cue end",
        doc('[{"number": "1M1", "start": "01:00:10:00"}]'),
        "cues[0].end",
        "cue 1M1, end",
        "required, but missing",
    ),
    (
        "title not text",
        doc(head=HEAD.replace('"T"', "12")),
        "title",
        "title",
        "must be text, got 12",
    ),
    ("bad rate", doc(head=HEAD.replace('"24"', '"23.97x"')), "rate", "rate", "unknown frame rate"),
    ("rate as number", doc(head=HEAD.replace('"24"', "24")), "rate", "rate", "must be text"),
    ("missing rate", doc(head=HEAD.replace('"rate": "24", ', "")), "rate", "rate", "required"),
    (
        "frame out of range",
        doc("[" + cue(hits="[" + hit(tc="01:00:12:27") + "]") + "]"),
        "cues[0].hits[0].tc",
        "cue 1M1, hit 1, tc",
        "frame 27 does not exist at 24 fps",
    ),
    (
        "not a timecode",
        doc(start='"session_start": "1 hour"'),
        "session_start",
        "session_start",
        "is not a timecode",
    ),
    (
        "drop-frame label at 24",
        doc(start='"session_start": "01:00:00;00"'),
        "session_start",
        "session_start",
        "drop-frame label",
    ),
    (
        "label drop frame skips",
        doc(head=HEAD.replace('"24"', '"29.97df"'), start='"session_start": "00:01:00;00"'),
        "session_start",
        "session_start",
        "skipped in drop-frame",
    ),
    (
        "timecode as number",
        doc('[{"number": "1M1", "start": 86640, "end": "01:00:40:00"}]'),
        "cues[0].start",
        "cue 1M1, start",
        "a timecode is text",
    ),
    (
        "bad cue number",
        doc("[" + cue(number="1X1") + "]"),
        "cues[0].number",
        "the 1st cue, number",
        "is not a cue number",
    ),
    (
        "duplicate cue",
        doc("[" + cue() + ", " + cue() + "]"),
        "cues[1].number",
        "the 2nd cue, number",
        "cue 1M1 appears twice (also the 1st cue)",
    ),
    (
        "duplicate reel",
        doc(
            extra=', "reels": [{"number": 1, "start": "01:00:00:00"}, '
            '{"number": 1, "start": "02:00:00:00"}]'
        ),
        "reels[1].number",
        "the 2nd reel, number",
        "reel 1 appears twice",
    ),
    (
        "reel number 0",
        doc(extra=', "reels": [{"number": 0, "start": "01:00:00:00"}]'),
        "reels[0].number",
        "the 1st reel, number",
        "greater than or equal to 1",
    ),
    (
        "end not after start",
        doc('[{"number": "1M1", "start": "01:00:10:00", "end": "01:00:10:00"}]'),
        "cues[0].end",
        "cue 1M1, end",
        "01:00:10:00 is not after the start 01:00:10:00",
    ),
    (
        "hit outside its cue",
        doc("[" + cue(hits="[" + hit(tc="01:00:40:00") + "]") + "]"),
        "cues[0].hits[0].tc",
        "cue 1M1, hit 1, tc",
        "01:00:40:00 lies outside its cue 1M1 (01:00:10:00 to 01:00:40:00",
    ),
    (
        "bad status",
        doc("[" + cue(', "status": "done"') + "]"),
        "cues[0].status",
        "cue 1M1, status",
        "'spotted', 'writing'",
    ),
    (
        "hits numbered in time order",
        doc("[" + cue(hits="[" + hit(tc="01:00:30:00") + ", " + hit(', "weight": -1') + "]") + "]"),
        "cues[0].hits[1].weight",
        "cue 1M1, hit 1, weight",
        "must be more than 0 and at most 100, got -1",
    ),
    (
        "reel named by its number",
        doc(extra=', "reels": [{"number": 2, "start": "01:00:00:31"}]'),
        "reels[0].start",
        "reel 2, start",
        "frame 31 does not exist at 24 fps",
    ),
    (
        "bad target",
        doc("[" + cue(hits="[" + hit(', "target": "bar"') + "]") + "]"),
        "cues[0].hits[0].target",
        "cue 1M1, hit 1, target",
        "'beat', 'subdivision' or 'downbeat', got \"bar\"",
    ),
    (
        "negative weight",
        doc("[" + cue(hits="[" + hit(', "weight": -1') + "]") + "]"),
        "cues[0].hits[0].weight",
        "cue 1M1, hit 1, weight",
        "must be more than 0 and at most 100, got -1",
    ),
    (
        "weight as text",
        doc("[" + cue(hits="[" + hit(', "weight": "2"') + "]") + "]"),
        "cues[0].hits[0].weight",
        "cue 1M1, hit 1, weight",
        'must be a number, got "2"',
    ),
    (
        "must_hit as text",
        doc("[" + cue(hits="[" + hit(', "must_hit": "yes"') + "]") + "]"),
        "cues[0].hits[0].must_hit",
        "cue 1M1, hit 1, must_hit",
        "must be true or false",
    ),
    (
        "tolerance not a number",
        doc("[" + cue(hits="[" + hit(', "tolerance_frames": "abc"') + "]") + "]"),
        "cues[0].hits[0].tolerance_frames",
        "cue 1M1, hit 1, tolerance_frames",
        "is not a number of frames",
    ),
    (
        "tolerance zero",
        doc("[" + cue(hits="[" + hit(', "tolerance_frames": 0') + "]") + "]"),
        "cues[0].hits[0].tolerance_frames",
        "cue 1M1, hit 1, tolerance_frames",
        "more than 0 and at most 12 frames, got 0",
    ),
    (
        "anchor past the hits",
        doc("[" + cue(', "anchor_hit": 3', "[" + hit() + "]") + "]"),
        "cues[0].anchor_hit",
        "cue 1M1, anchor_hit",
        "3 names none of the cue's 1 hits (anchor_hit counts from 0 in the file: 0 is its one hit)",
    ),
    (
        "negative anchor",
        doc("[" + cue(', "anchor_hit": -1') + "]"),
        "cues[0].anchor_hit",
        "cue 1M1, anchor_hit",
        "greater than or equal to 0",
    ),
    (
        "hits not a list",
        doc("[" + cue(hits='"01:00:12:00"') + "]"),
        "cues[0].hits",
        "cue 1M1, hits",
        "must be a list",
    ),
    ("cue not an object", doc('["1M1"]'), "cues[0]", "the 1st cue", "must be an object"),
    (
        "bad tempo map",
        doc("[" + cue(', "tempo": {' + TEMPO % "-5" + "}") + "]"),
        "cues[0].tempo.map.segments[0].bpm",
        "cue 1M1, tempo map, segment 1, bpm",
        "must be a number from 1 to 1000 BPM",
    ),
    (
        "tempo without map",
        doc("[" + cue(', "tempo": {"downbeat": "01:00:10:00"}') + "]"),
        "cues[0].tempo.map",
        "cue 1M1, tempo map",
        "required, but missing",
    ),
    ("empty media path", doc(extra=', "picture": ""'), "picture", "picture", "empty media path"),
    (
        "wrong schema",
        doc(head=HEAD.replace("scoresync.project", "cuesheet")),
        "schema",
        "schema",
        'its schema is "cuesheet"; expected "scoresync.project"',
    ),
    (
        "no schema",
        doc(head=HEAD.replace('"schema": "scoresync.project", ', "")),
        "schema",
        "schema",
        'it has no "schema" key',
    ),
    (
        "version as text",
        doc(head=HEAD.replace('"version": 1', '"version": "1"')),
        "version",
        "version",
        'must be a whole number from 0, got "1"',
    ),
    (
        "newer version",
        doc(head=HEAD.replace('"version": 1', '"version": 3')),
        "version",
        "version",
        "written by a newer scoresync (version 3); this one reads up to 1: upgrade scoresync",
    ),
    (
        "two problems",
        doc("[" + cue(hits="[" + hit(tc="01:00:12:27") + ", " + hit(tc="01:00:13:99") + "]") + "]"),
        "cues[0].hits[0].tc",
        "cue 1M1, hit 1, tc",
        "frames run 00-23 (and 1 more problem)",
    ),
    (
        "three problems",
        doc("[" + cue(', "status": 1, "title": 2', "[" + hit(tc="x") + "]") + "]"),
        "cues[0].title",
        "cue 1M1, title",
        "(and 2 more problems)",
    ),
    (
        "semantic problems counted",
        doc("[" + cue() + ", " + cue() + ", " + cue() + "]"),
        "cues[1].number",
        "the 2nd cue, number",
        "appears twice (also the 1st cue); every cue needs its own number (and 1 more problem)",
    ),
]


@pytest.mark.parametrize(
    ("text", "json_path", "place", "problem"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_bad_files(tmp_path: Path, text: str, json_path: str, place: str, problem: str) -> None:
    json.loads(text)  # each case is valid JSON; the problem is in the content
    path = tmp_path / "bad.scoresync.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    error = caught.value
    message = str(error)
    assert message.startswith(f"{path}: {place}: "), message
    assert problem in message, message
    assert "\n" not in message
    assert (error.path, error.json_path, error.where) == (str(path), json_path, place)
    assert message == f"{path}: {place}: {error.problem}"


@pytest.mark.parametrize(
    ("content", "where", "problem"),
    [
        (
            b'{"schema": "scoresync.project",\n  "title": "x",,\n}',
            "line 2, column 16",
            "not valid JSON: Expecting property name",
        ),
        (b"", "line 1, column 1", "not valid JSON: Expecting value"),
        (b'{"title": "\xff"}', "byte 11", "not UTF-8 text (byte 0xff)"),
        (b"[1, 2]", None, "holds an array, not a scoresync project"),
        (
            b'{"schema": "scoresync.project", "title": "a", "title": "b"}',
            None,
            'the key "title" appears twice',
        ),
        (b'{"schema": "scoresync.project", "notes": NaN}', None, "NaN is not a JSON number"),
    ],
)
def test_files_that_are_not_json_objects(
    tmp_path: Path, content: bytes, where: str | None, problem: str
) -> None:
    path = tmp_path / "broken.scoresync.json"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError) as caught:
        load_project(path)
    prefix = f"{path}: {where}: " if where else f"{path}: "
    assert str(caught.value).startswith(prefix + problem), str(caught.value)
    assert (caught.value.where, caught.value.location) == (where, ())


def test_missing_and_unreadable_paths(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.scoresync.json"
    with pytest.raises(ProjectError, match=r"nowhere\.scoresync\.json: no such file"):
        load_project(missing)
    with pytest.raises(ProjectError, match="is a folder, not a project file"):
        load_project(tmp_path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "locked.scoresync.json"
    save_project(new_project("T", "24"), path)
    path.chmod(0)
    with pytest.raises(ProjectError, match="cannot read the file: Permission denied"):
        load_project(path)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.scoresync.json"
    project = new_project("BOM", "25")
    path.write_bytes(b"\xef\xbb\xbf" + project_to_text(project, path=path).encode())
    assert load_project(path).project == project


# -- upgrades --------------------------------------------------------------------------

VERSION_0 = {
    "schema": "scoresync.project",
    "title": "Old Film",
    "fps": 23.976,
    "session_start": "01:00:00:00",
    "reels": [{"number": 1, "name": "R1", "start": "01:00:00:00"}],
    "cues": [{"number": "1M1", "start": "01:00:10:00", "end": "01:00:40:00"}],
}


def test_version_0_upgrades(tmp_path: Path) -> None:
    assert CURRENT_VERSION == 1 and 0 in UPGRADES
    path = tmp_path / "old.scoresync.json"
    path.write_text(json.dumps(VERSION_0), encoding="utf-8")
    loaded = load_project(path)
    assert loaded.upgraded_from == 0
    assert loaded.project.rate is RATES["23.976"]
    assert loaded.project.cue("1M1").title == ""
    save_project(loaded.project, path, expected=loaded.fingerprint)
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert (saved["version"], saved["rate"]) == (1, "23.976") and "fps" not in saved
    assert load_project(path).upgraded_from is None
    assert json.loads(path.with_name(path.name + ".bak").read_text()) == VERSION_0


def test_upgrade_steps_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def to_version_2(document: dict) -> dict:
        return {**document, "title": document["title"] + " (v2)", "version": 2}

    monkeypatch.setattr(fileio, "CURRENT_VERSION", 2)
    monkeypatch.setitem(UPGRADES, 1, to_version_2)
    path = tmp_path / "old.scoresync.json"
    path.write_text(json.dumps({**VERSION_0, "fps": "24"}), encoding="utf-8")
    loaded = load_project(path)
    assert loaded.project.title == "Old Film (v2)"
    assert loaded.project.rate is RATES["24"]
    assert loaded.upgraded_from == 0


# -- saving ----------------------------------------------------------------------------


def test_new_project() -> None:
    project = new_project("Night Train", "23.976")
    assert project.rate is RATES["23.976"]
    assert project.session_start_frames == 86400  # labels count 24 a second at 23.976
    assert project.reels == (Reel(1, "R1", 86400),)
    assert project.cues == ()
    later = new_project("Ep 2", RATES["25"], session_start="10:00:00:00")
    assert later.reels[0].start_frames == later.session_start_frames == 900000


def test_save_keeps_the_previous_file_as_bak(tmp_path: Path) -> None:
    path = tmp_path / "film.scoresync.json"
    backup = tmp_path / "film.scoresync.json.bak"
    first = new_project("First", "24")
    save_project(first, path)
    assert not backup.exists()
    first_bytes = path.read_bytes()
    second = dataclasses.replace(first, title="Second")
    fingerprint = save_project(second, path)
    assert backup.read_bytes() == first_bytes
    assert load_project(path).project == second
    assert load_project(path).fingerprint == fingerprint
    save_project(second, path)  # nothing changed: the older backup stays
    assert backup.read_bytes() == first_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, backup.name]


def test_save_refuses_when_the_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "film.scoresync.json"
    backup = tmp_path / "film.scoresync.json.bak"
    save_project(new_project("Mine", "24"), path)
    opened = load_project(path)
    save_project(dataclasses.replace(opened.project, title="Theirs"), path)  # another program
    theirs, theirs_backup = path.read_bytes(), backup.read_bytes()
    mine = dataclasses.replace(opened.project, title="Mine, edited")
    with pytest.raises(ProjectError) as caught:
        save_project(mine, path, expected=opened.fingerprint)
    assert str(caught.value).startswith(
        f"{path}: changed on disk by another program since it was opened; nothing was saved"
    )
    assert path.read_bytes() == theirs and backup.read_bytes() == theirs_backup
    reopened = load_project(path)
    save_project(mine, path, expected=reopened.fingerprint)
    assert backup.read_bytes() == theirs
    assert load_project(path).project.title == "Mine, edited"


def test_a_touched_but_unchanged_file_is_not_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "film.scoresync.json"
    save_project(new_project("Mine", "24"), path)
    opened = load_project(path)
    os.utime(path, ns=(opened.fingerprint.mtime_ns + 10**9,) * 2)
    save_project(
        dataclasses.replace(opened.project, title="New"), path, expected=opened.fingerprint
    )
    assert load_project(path).project.title == "New"


def test_a_file_that_is_not_a_project_does_not_replace_the_backup(tmp_path: Path) -> None:
    path = tmp_path / "film.scoresync.json"
    backup = tmp_path / "film.scoresync.json.bak"
    save_project(new_project("One", "24"), path)
    save_project(new_project("Two", "24"), path)
    good_backup = backup.read_bytes()
    path.write_text("{ half a file", encoding="utf-8")
    save_project(new_project("Three", "24"), path)
    assert backup.read_bytes() == good_backup
    assert load_project(path).project.title == "Three"


def test_a_project_that_cannot_be_written_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "film.scoresync.json"
    good = new_project("Good", "24")
    save_project(good, path)
    before = path.read_bytes()
    day = RATES["24"].frames_per_day
    past_midnight = good.with_cue(Cue(CueNumber(1, 1), "late", day - 10, day))
    with pytest.raises(ProjectFileError) as caught:
        save_project(past_midnight, path)
    assert str(caught.value) == (
        f"{path}: cue 1M1, end: cannot save: it lies 00:00:00:01 after 23:59:59:23, where no "
        "timecode reaches at 24 fps (timecode runs 00:00:00:00 to 23:59:59:23); move it into "
        "the day"
    )
    assert caught.value.location == ("cues", 0, "end")
    empty_picture = dataclasses.replace(good, picture="")
    with pytest.raises(ProjectError, match="would not read back .*picture: an empty media path"):
        save_project(empty_picture, path)
    assert path.read_bytes() == before
    assert not (tmp_path / "film.scoresync.json.bak").exists()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_save_into_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "no such folder" / "film.scoresync.json"
    with pytest.raises(ProjectError, match="cannot save: the folder .* does not exist"):
        save_project(new_project("T", "24"), path)


def test_save_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "film.scoresync.json"
    save_project(new_project("T", "24"), path)
    path.chmod(0o640)
    save_project(new_project("U", "24"), path)
    assert path.stat().st_mode & 0o777 == 0o640


def test_output_format(tmp_path: Path) -> None:
    path = tmp_path / "film.scoresync.json"
    save_project(new_project("Caf\u00e9 \u201cnoir\u201d", "24"), path)
    raw = path.read_bytes()
    assert raw.endswith(b"}\n") and not raw.endswith(b"\n\n")
    assert "Caf\u00e9 \u201cnoir\u201d".encode() in raw
    assert raw.startswith(b'{\n  "schema": "scoresync.project",\n  "version": 1,\n')


# -- media paths -----------------------------------------------------------------------


def test_media_paths_are_stored_relative_to_the_project(tmp_path: Path) -> None:
    folder = tmp_path / "film"
    folder.mkdir()
    path = folder / "film.scoresync.json"
    picture = folder / "media" / "reel 1.mov"
    temp = tmp_path / "temp" / "temp.wav"
    cue = Cue(CueNumber(1, 1), "x", 100, 200, temp_track=str(temp))
    given_relative = Cue(CueNumber(1, 2), "y", 100, 200, temp_track="stems/1M2.wav")
    project = dataclasses.replace(
        new_project("T", "24"), picture=str(picture), cues=(cue, given_relative)
    )
    save_project(project, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["picture"] == "media/reel 1.mov"
    assert data["cues"][0]["temp_track"] == "../temp/temp.wav"
    assert data["cues"][1]["temp_track"] == "stems/1M2.wav"
    loaded = load_project(path).project
    assert loaded.picture == str(picture)
    assert loaded.cue("1M1").temp_track == str(temp)
    assert loaded.cue("1M2").temp_track == str(folder / "stems" / "1M2.wav")


def test_media_paths_follow_a_moved_project_folder(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    project = dataclasses.replace(new_project("T", "24"), picture=str(old / "media" / "a.mov"))
    save_project(project, old / "film.scoresync.json")
    new = tmp_path / "moved"
    old.rename(new)
    assert load_project(new / "film.scoresync.json").project.picture == str(new / "media" / "a.mov")


def test_stored_paths_are_normalised_and_absolute_ones_kept(tmp_path: Path) -> None:
    path = tmp_path / "film.scoresync.json"
    text = doc(
        "[" + cue(', "temp_track": "/srv/audio/temp.wav"') + "]",
        extra=', "picture": "./media/../media/a.mov"',
    )
    path.write_text(text, encoding="utf-8")
    loaded = load_project(path).project
    assert loaded.picture == str(tmp_path / "media" / "a.mov")
    assert loaded.cue("1M1").temp_track == "/srv/audio/temp.wav"


# -- crash safety ------------------------------------------------------------------------

SAVER = """
import dataclasses, sys
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, Hit
from scoresync.project.fileio import new_project, save_project

base = new_project("Night Train", "23.976")
cues = []
for index in range(400):
    start = 86314 + 200 * index
    hits = tuple(Hit(start + 20 * k, f"hit {k} of cue {index}", 1.5) for k in range(8))
    cues.append(Cue(CueNumber(1 + index // 100, 1 + index % 100), f"Cue {index}", start,
                    start + 180, description="x" * 200, hits=hits))
base = dataclasses.replace(base, cues=tuple(cues))
print("saving", flush=True)
take = 0
while True:
    take += 1
    save_project(dataclasses.replace(base, title=f"take {take}"), sys.argv[1])
    if take == 1:
        print("saved", flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_save_leaves_loadable_files(tmp_path: Path) -> None:
    path = tmp_path / "big.scoresync.json"
    backup = tmp_path / "big.scoresync.json.bak"
    chance = random.Random(20240611)
    titles = set()
    for _ in range(5):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(path)], stdout=subprocess.PIPE, text=True
        )
        try:
            assert saver.stdout is not None and saver.stdout.readline() == "saving\n"
            if not titles:  # however busy the machine, one run kills after a save
                assert saver.stdout.readline() == "saved\n"
            saver_wait = chance.uniform(0.05, 0.6)
            with contextlib.suppress(subprocess.TimeoutExpired):
                saver.wait(timeout=saver_wait)  # the random moment to kill it
            assert saver.poll() is None, "the saving process stopped by itself"
        finally:
            saver.send_signal(signal.SIGKILL)
            saver.wait()
            saver.stdout.close()  # type: ignore[union-attr]
        if not path.exists():
            continue  # killed before the first save finished: nothing to lose yet
        loaded = load_project(path).project
        assert len(loaded.cues) == 400
        titles.add(loaded.title)
        if backup.exists():
            assert len(load_project(backup).project.cues) == 400
    assert titles, "no save finished in any run"
    lock = tmp_path / ".big.scoresync.json.lock"
    leftovers = {p.name for p in tmp_path.iterdir()} - {path.name, backup.name, lock.name}
    assert all(name.endswith(".tmp") for name in leftovers)
    save_project(load_project(path).project, path)  # the next save clears what kills left
    assert {p.name for p in tmp_path.iterdir()} <= {path.name, backup.name, lock.name}
