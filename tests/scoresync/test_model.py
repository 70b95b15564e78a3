"""The project model: hits, cues, reels and projects, and the edits that return new ones."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoresync.errors import ProjectError
from scoresync.picture.rates import RATES
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import (
    Cue,
    CueNotFound,
    CueStatus,
    CueTempo,
    Hit,
    HitTarget,
    Project,
    Reel,
)

N = CueNumber.parse
HOUR = 86400  # frames in an hour at 24 fps


def cue(number: str = "1M1", start: int = HOUR + 240, end: int = HOUR + 960, **fields) -> Cue:
    return Cue(N(number), fields.pop("title", "Cue"), start, end, **fields)


def project(*cues: Cue) -> Project:
    reels = (Reel(1, "R1", HOUR), Reel(2, "R2", 2 * HOUR))
    return Project("Test", RATES["24"], HOUR, reels, cues)


def test_enum_values() -> None:
    assert [t.value for t in HitTarget] == ["beat", "subdivision", "downbeat"]
    assert [s.value for s in CueStatus] == [
        "spotted",
        "writing",
        "approved",
        "recorded",
        "mixed",
        "omitted",
    ]


def test_hit_defaults_and_tolerance_is_exact() -> None:
    hit = Hit(100)
    assert (hit.label, hit.weight, hit.must_hit, hit.target, hit.tolerance_frames) == (
        "",
        1.0,
        False,
        HitTarget.BEAT,
        None,
    )
    whole = Hit(100, tolerance_frames=2)  # type: ignore[arg-type]
    assert whole.tolerance_frames == Fraction(2)
    assert isinstance(whole.tolerance_frames, Fraction)


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"frames": -1}, "from 0"),
        ({"frames": 1.5}, "whole number of frames"),
        ({"frames": True}, "whole number of frames"),
        ({"frames": 1, "weight": -0.5}, "0 or more"),
        ({"frames": 1, "weight": float("nan")}, "0 or more"),
        ({"frames": 1, "weight": "2"}, "must be a number"),
        ({"frames": 1, "tolerance_frames": Fraction(-1, 2)}, "0 frames or more"),
        ({"frames": 1, "tolerance_frames": 0.5}, "exact number"),
        ({"frames": 1, "target": "beat"}, "HitTarget"),
    ],
)
def test_bad_hits(fields: dict, problem: str) -> None:
    with pytest.raises(ProjectError, match=problem):
        Hit(**fields)


def test_cue_sorts_hits_and_measures_duration() -> None:
    late, early = Hit(HOUR + 500, "late"), Hit(HOUR + 300, "early")
    made = cue(hits=(late, early))
    assert made.hits == (early, late)
    assert made.duration_frames == 720
    assert made.anchor_frames == made.start_frames
    assert dataclasses.replace(made, anchor_hit=1).anchor_frames == HOUR + 500


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"start": 100, "end": 100}, "not after its start"),
        ({"start": 100, "end": 99}, "at least one frame"),
        ({"start": -5, "end": 10}, "from 0"),
        ({"hits": (Hit(HOUR + 960),)}, "lies outside"),
        ({"hits": (Hit(HOUR + 239),)}, "lies outside"),
        ({"hits": (Hit(HOUR + 300),), "anchor_hit": 1}, "not one of its"),
        ({"anchor_hit": 0}, "not one of its"),
        ({"status": "spotted"}, "CueStatus"),
    ],
)
def test_bad_cues(fields: dict, problem: str) -> None:
    with pytest.raises(ProjectError, match=problem):
        cue(**fields)


def test_hits_at_the_edges_are_inside() -> None:
    made = cue(hits=(Hit(HOUR + 240), Hit(HOUR + 959)))
    assert len(made.hits) == 2


def test_with_hit_keeps_order_and_anchor() -> None:
    anchored = cue(hits=(Hit(HOUR + 300, "a"), Hit(HOUR + 600, "b")), anchor_hit=1)
    added = anchored.with_hit(Hit(HOUR + 400, "new"))
    assert [h.label for h in added.hits] == ["a", "new", "b"]
    assert added.anchor_hit is not None and added.hits[added.anchor_hit].label == "b"
    after = anchored.with_hit(Hit(HOUR + 900, "end"))
    assert after.anchor_hit == 1
    assert anchored.hits == (Hit(HOUR + 300, "a"), Hit(HOUR + 600, "b"))  # unchanged
    with pytest.raises(ProjectError, match="lies outside"):
        anchored.with_hit(Hit(HOUR + 960))


def test_without_hit_moves_or_drops_the_anchor() -> None:
    hits = (Hit(HOUR + 300, "a"), Hit(HOUR + 400, "b"), Hit(HOUR + 500, "c"))
    anchored = cue(hits=hits, anchor_hit=2)
    assert anchored.without_hit(0).anchor_hit == 1
    assert anchored.without_hit(0).hits[1].label == "c"
    assert anchored.without_hit(2).anchor_hit is None
    assert anchored.without_hit(2).hits == hits[:2]
    with pytest.raises(ProjectError, match=r"3 hits \(hit 1 to 3\); there is no hit 4"):
        anchored.without_hit(3)


def test_moved_shifts_everything() -> None:
    tempo = CueTempo(HOUR + 240, map=object())
    made = cue(hits=(Hit(HOUR + 300),), tempo=tempo)
    moved = made.moved(-48)
    assert (moved.start_frames, moved.end_frames) == (HOUR + 192, HOUR + 912)
    assert moved.hits[0].frames == HOUR + 252
    assert moved.tempo is not None and moved.tempo.downbeat_frames == HOUR + 192
    assert moved.tempo.map is tempo.map
    with pytest.raises(ProjectError, match="from 0"):
        made.moved(-(HOUR + 241))


@pytest.mark.parametrize(
    ("rate_name", "frames", "seconds"),
    [
        ("24", HOUR + 240 + 36, Fraction(3, 2)),
        ("24", HOUR + 240 - 12, Fraction(-1, 2)),  # before the downbeat
        ("29.97df", HOUR + 240 + 30, Fraction(1001, 1000)),
        ("23.976", HOUR + 240 + 1, Fraction(1001, 24000)),
    ],
)
def test_map_seconds_of_a_frame_and_back(rate_name: str, frames: int, seconds: Fraction) -> None:
    placed = CueTempo(HOUR + 240, map=object())
    rate = RATES[rate_name]
    assert placed.seconds_at_frame(frames, rate=rate) == seconds
    assert placed.frames_at_seconds(seconds, rate=rate) == frames
    assert placed.frames_at_seconds(float(seconds), rate=rate) == pytest.approx(frames)
    assert isinstance(placed.frames_at_seconds(float(seconds), rate=rate), float)


@given(frames=st.integers(0, 24 * HOUR), downbeat=st.integers(0, 24 * HOUR))
def test_map_seconds_round_trip(frames: int, downbeat: int) -> None:
    placed = CueTempo(downbeat, map=object())
    for rate in RATES.values():
        seconds = placed.seconds_at_frame(frames, rate=rate)
        assert placed.frames_at_seconds(seconds, rate=rate) == frames


def test_split() -> None:
    hits = (Hit(HOUR + 300, "a"), Hit(HOUR + 600, "b"), Hit(HOUR + 700, "c"))
    made = cue(hits=hits, anchor_hit=2, in_note="in", out_note="out", status=CueStatus.WRITING)
    head, tail = made.split(HOUR + 600, N("1M1A"))
    assert (head.number, head.start_frames, head.end_frames) == (N("1M1"), HOUR + 240, HOUR + 600)
    assert (tail.number, tail.start_frames, tail.end_frames) == (N("1M1A"), HOUR + 600, HOUR + 960)
    assert head.hits == hits[:1] and tail.hits == hits[1:]
    assert head.anchor_hit is None and tail.anchor_hit == 1
    assert (head.in_note, head.out_note, tail.in_note, tail.out_note) == ("in", "", "", "out")
    assert head.status == tail.status == CueStatus.WRITING
    assert head.duration_frames + tail.duration_frames == made.duration_frames
    for at in (HOUR + 240, HOUR + 960, 0):
        with pytest.raises(ProjectError, match="cannot split"):
            made.split(at, N("1M1A"))


@given(st.integers(HOUR + 241, HOUR + 959), st.lists(st.integers(HOUR + 240, HOUR + 959)))
def test_split_keeps_every_hit(at: int, frames: list[int]) -> None:
    made = cue(hits=tuple(Hit(f) for f in frames))
    head, tail = made.split(at, N("1M1A"))
    assert head.hits + tail.hits == made.hits
    assert all(h.frames < at for h in head.hits) and all(h.frames >= at for h in tail.hits)


def test_objects_are_frozen() -> None:
    made = cue()
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.title = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        project(made).title = "x"  # type: ignore[misc]


def test_project_sorts_cues_and_reels() -> None:
    made = Project(
        "T",
        RATES["24"],
        HOUR,
        (Reel(2, "R2", 2 * HOUR), Reel(1, "R1", HOUR)),
        (cue("1M10"), cue("1M2A"), cue("1M2"), cue("2M1", 2 * HOUR, 2 * HOUR + 10)),
    )
    assert [str(c.number) for c in made.cues] == ["1M2", "1M2A", "1M10", "2M1"]
    assert [r.number for r in made.reels] == [1, 2]


@pytest.mark.parametrize(
    ("reels", "cues", "problem"),
    [
        ((), (cue("1M1"), cue("1M1")), "cue 1M1 appears twice"),
        ((Reel(1, "a", 0), Reel(1, "b", 0)), (), "reel 1 appears twice"),
    ],
)
def test_project_refuses_duplicates(reels: tuple, cues: tuple, problem: str) -> None:
    with pytest.raises(ProjectError, match=problem):
        Project("T", RATES["24"], HOUR, reels, cues)


def test_project_refuses_a_rate_name() -> None:
    with pytest.raises(ProjectError, match="FrameRate"):
        Project("T", "24", HOUR, (), ())  # type: ignore[arg-type]


def test_with_cue_and_duplicates() -> None:
    base = project(cue("1M1"), cue("1M2"))
    added = base.with_cue(cue("1M1A"))
    assert [str(c.number) for c in added.cues] == ["1M1", "1M1A", "1M2"]
    assert len(base.cues) == 2
    with pytest.raises(ProjectError, match="1M2 is already in this project.*next free one .* 1M3"):
        base.with_cue(cue("1M2"))


def test_cue_lookup() -> None:
    made = project(cue("1M1"), cue("1M2"), cue("2M1", 2 * HOUR, 2 * HOUR + 5))
    assert made.cue("1m2").number == N("1M2")
    assert made.cue(N("2M1")).start_frames == 2 * HOUR
    with pytest.raises(CueNotFound) as caught:
        made.cue("1M9")
    assert str(caught.value) == "no cue 1M9 in this project; cues are 1M1, 1M2, 2M1"
    with pytest.raises(KeyError):
        made.cue("1M9")
    assert made.has_cue("1M1") and not made.has_cue("1M9")


def test_cue_lookup_lists_at_most_a_dozen() -> None:
    made = project(*(cue(f"1M{n}") for n in range(1, 31)))
    with pytest.raises(CueNotFound, match=r"1M12, \.\.\. \(30 in all\)"):
        made.cue("3M1")


def test_replace_and_remove_cues() -> None:
    first, second = cue("1M1"), cue("1M2")
    base = project(first, second)
    retitled = base.replace_cue("1M2", dataclasses.replace(second, title="New"))
    assert retitled.cue("1M2").title == "New"
    assert retitled.cues[0] is first  # untouched cues are shared, not copied
    renumbered = base.replace_cue("1M2", dataclasses.replace(second, number=N("1M5")))
    assert [str(c.number) for c in renumbered.cues] == ["1M1", "1M5"]
    with pytest.raises(ProjectError, match="cannot renumber 1M2 to 1M1"):
        base.replace_cue("1M2", dataclasses.replace(second, number=N("1M1")))
    with pytest.raises(CueNotFound):
        base.replace_cue("1M3", second)
    assert [str(c.number) for c in base.without_cue("1M1").cues] == ["1M2"]
    with pytest.raises(CueNotFound, match="no cue 1M7"):
        base.without_cue("1M7")


def test_a_cue_belongs_to_the_reel_it_starts_in() -> None:
    made = project(
        cue("1M1"), cue("3M1", 3 * HOUR, 3 * HOUR + 10), cue("2M1", HOUR + 1000, HOUR + 1100)
    )
    assert made.reel_of(made.cue("1M1")) == Reel(1, "R1", HOUR)
    assert made.reel_of("3M1").name == "R2"  # by its start, not by its number
    assert made.reel_of("2M1").number == 1
    with pytest.raises(CueNotFound):
        made.reel_of("1M4")
    with_reel = made.with_reel(Reel(3, "R3", 3 * HOUR))
    assert with_reel.reel_of("3M1").name == "R3"
    assert made.reel_at(HOUR - 1) is None
    assert made.reel_at(2 * HOUR) == Reel(2, "R2", 2 * HOUR)
    renamed = with_reel.with_reel(Reel(1, "Reel one", HOUR))
    assert [r.name for r in renamed.reels] == ["Reel one", "R2", "R3"]
    with pytest.raises(ProjectError, match="from 1"):
        Reel(0, "R0", 0)


def test_snapshots_are_cheap() -> None:
    base = project(*(cue(f"1M{n}") for n in range(1, 200)))
    edited = base.with_cue(cue("2M1", 2 * HOUR, 2 * HOUR + 10))
    shared = sum(a is b for a, b in zip(base.cues, edited.cues, strict=False))
    assert shared == len(base.cues)
    assert base != edited
    assert base == dataclasses.replace(base)


@pytest.mark.parametrize(
    ("reels", "start", "problem"),
    [
        (
            (Reel(1, "R1", HOUR),),
            HOUR - 24,
            "cue 2M1 would start at 00:59:59:00, before the session start 01:00:00:00; "
            "start the cue at 01:00:00:00 or later",
        ),
        (
            (Reel(1, "R1", HOUR + 240), Reel(2, "R2", 2 * HOUR)),
            HOUR + 24,
            "cue 2M1 would start at 01:00:01:00, before reel 1 (R1), the first reel, which "
            "starts at 01:00:10:00; start the cue at 01:00:10:00 or later, or start reel 1 "
            "earlier",
        ),
    ],
)
def test_a_cue_before_the_session_or_the_first_reel_is_refused(
    reels: tuple[Reel, ...], start: int, problem: str
) -> None:
    made = Project("T", RATES["24"], HOUR, reels, (cue("1M1", 2 * HOUR, 2 * HOUR + 10),))
    early = cue("2M1", start, start + 100)
    with pytest.raises(ProjectError) as caught:
        made.with_cue(early)
    assert str(caught.value) == problem
    with pytest.raises(ProjectError, match="would start at"):
        made.replace_cue("1M1", dataclasses.replace(early, number=N("1M1")))
    retitled = made.replace_cue("1M1", dataclasses.replace(made.cues[0], title="kept"))
    assert retitled.cue("1M1").title == "kept"


def test_cue_messages_count_hits_from_one_and_show_no_frame_counts() -> None:
    with pytest.raises(ProjectError) as caught:
        cue(hits=(Hit(HOUR + 300), Hit(HOUR + 960)))
    assert str(caught.value) == (
        "hit 2 of cue 1M1 lies outside the cue (from its start to before its end); "
        "move the hit or the cue's start or end"
    )
    with pytest.raises(ProjectError) as caught:
        cue(hits=(Hit(HOUR + 300),), anchor_hit=1)
    assert str(caught.value) == (
        "cue 1M1's anchor hit 2 is not one of its 1 hits (hit 1 to 1); anchor it on one of "
        "them or on its start"
    )
    with pytest.raises(ProjectError) as caught:
        cue().split(HOUR + 960, N("1M1A"))
    assert str(caught.value) == (
        "cannot split cue 1M1 there: cut it after its start and before its end"
    )
