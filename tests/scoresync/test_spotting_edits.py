"""The pure edits behind the spotting keys: numbering, splitting, nudging, jumping."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st
from project_support import HOUR, RATE, SECOND, small_project

from scoresync.errors import ProjectError
from scoresync.project import spotting as edits
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, Hit, Project, Reel

N = CueNumber.parse
MINUTE = 60 * SECOND


def project_with(*cues: tuple[str, int]) -> Project:
    """Cues numbered and placed (start in seconds after 01:00:00:00, 10 s long)."""
    return Project(
        "T",
        RATE,
        HOUR,
        (Reel(1, "R1", HOUR), Reel(2, "R2", HOUR + 20 * MINUTE)),
        tuple(
            Cue(N(number), "", HOUR + s * SECOND, HOUR + (s + 10) * SECOND) for number, s in cues
        ),
    )


@pytest.mark.parametrize(
    ("cues", "start_seconds", "expected"),
    [
        ((), 5, "1M1"),
        ((("1M1", 0), ("1M2", 100)), 200, "1M3"),  # after the last cue of the reel
        ((("1M1", 0), ("1M3", 100)), 50, "1M2"),  # the gap's whole number is free
        ((("1M1", 0), ("1M2", 100)), 50, "1M1A"),  # no whole number fits: an insert
        ((("1M1", 0), ("1M1A", 50), ("1M2", 100)), 60, "1M1B"),
        ((("1M3", 100),), 50, "1M2"),  # before the first cue, the number below it
        ((("1M1", 100),), 50, "1M2"),  # nothing below 1M1: the next free number
        ((("1M1", 0), ("2M4", 1300)), 1400, "2M5"),  # the cursor's reel decides
        ((("1M1", 0), ("2M4", 1300)), 1250, "2M3"),
    ],
)
def test_suggested_number(cues: tuple, start_seconds: int, expected: str) -> None:
    project = project_with(*cues)
    assert str(edits.suggest_number(project, HOUR + start_seconds * SECOND)) == expected


@given(st.lists(st.integers(0, 1190), min_size=0, max_size=8, unique=True), st.integers(0, 1199))
def test_suggested_number_is_always_free(starts: list[int], start: int) -> None:
    project = Project("T", RATE, HOUR, (Reel(1, "R1", HOUR),), ())
    for seconds in sorted(starts):
        number = edits.suggest_number(project, HOUR + seconds * SECOND)
        project = project.with_cue(
            Cue(number, "", HOUR + seconds * SECOND, HOUR + seconds * SECOND + 1)
        )
    number = edits.suggest_number(project, HOUR + start * SECOND)
    assert not project.has_cue(number) and number.reel == 1


@pytest.mark.parametrize(
    ("cues", "split", "expected"),
    [
        ((("1M1", 0), ("1M2", 100)), "1M1", "1M1A"),
        ((("1M1", 0),), "1M1", "1M1A"),
        ((("1M1", 0), ("1M1A", 50)), "1M1", "1M2"),  # nothing fits before 1M1A
        ((("1M1A", 0), ("1M2", 100)), "1M1A", "1M1B"),
    ],
)
def test_tail_number(cues: tuple, split: str, expected: str) -> None:
    project = project_with(*cues)
    assert str(edits.tail_number(project, project.cue(split))) == expected


def test_split_moves_hits_and_anchor_to_the_tail() -> None:
    project = edits.split_cue(small_project(), N("1M1"), HOUR + 15 * SECOND, N("1M1A"))
    head, tail = project.cue("1M1"), project.cue("1M1A")
    assert head.end_frames == tail.start_frames == HOUR + 15 * SECOND
    assert (len(head.hits), len(tail.hits), tail.anchor_hit) == (1, 1, 0)


def test_nudge_cue_moves_everything_and_refuses_before_zero() -> None:
    project = edits.nudge_cue(small_project(), N("1M1"), -SECOND)
    cue = project.cue("1M1")
    assert cue.start_frames == HOUR + 9 * SECOND
    assert [h.frames for h in cue.hits] == [HOUR + 11 * SECOND, HOUR + 19 * SECOND + 12]
    with pytest.raises(ProjectError, match="would start before 00:00:00:00, before the session"):
        edits.nudge_cue(small_project(), N("1M1"), -HOUR - 11 * SECOND)
    with pytest.raises(ProjectError) as caught:
        edits.nudge_cue(small_project(), N("1M1"), -11 * SECOND)
    assert str(caught.value) == (
        "cue 1M1 would start at 00:59:59:00, before the session start 01:00:00:00; "
        "start the cue at 01:00:00:00 or later"
    )


def test_nudge_hit_keeps_it_inside_the_cue() -> None:
    with pytest.raises(ProjectError) as caught:
        edits.nudge_hit(small_project(), N("1M1"), 0, -3 * SECOND)
    assert str(caught.value) == (
        "hit 1 of 1M1 moved to 01:00:09:00 lies outside 1M1 (01:00:10:00 to before "
        "01:00:40:00); put the hit inside the cue, or move the cue's start or end first"
    )


def test_replace_hit_keeps_the_anchor_on_the_same_hit() -> None:
    cue = small_project().cue("1M1")  # anchor: hit 1, the whistle
    moved, index = edits.replace_hit(
        cue, 0, dataclasses.replace(cue.hits[0], frames=HOUR + 30 * SECOND)
    )
    assert index == 1 and moved.hits[moved.anchor_hit].label == "whistle"
    moved, index = edits.replace_hit(cue, 1, Hit(HOUR + 11 * SECOND, "early whistle"))
    assert index == 0 and moved.anchor_hit == 0


def test_jumps() -> None:
    project = small_project()
    ref = edits.hit_jump(project, HOUR, 1)
    assert ref == edits.HitRef(N("1M1"), 0, HOUR + 12 * SECOND)
    assert edits.hit_jump(project, HOUR + 12 * SECOND, -1) is None
    assert edits.cue_jump(project, HOUR + 10 * SECOND, 1).number == N("1M2")
    assert edits.cue_jump(project, HOUR + 10 * SECOND, -1) is None


def test_reel_span() -> None:
    project = small_project()  # reel 2 starts an hour after reel 1: reels on hour boundaries
    span = edits.reel_span(project, 1, HOUR)
    assert (span.start_frames, span.end_frames) == (HOUR, HOUR + 2 * MINUTE)
    close = dataclasses.replace(
        project, reels=(Reel(1, "R1", HOUR), Reel(2, "R2", HOUR + 18 * MINUTE))
    )
    assert edits.reel_span(close, 1, HOUR).end_frames == HOUR + 18 * MINUTE
    assert edits.reel_at(close, HOUR + 18 * MINUTE) == 2
    assert edits.reel_at(close, 0) == 1


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("02:00:10:00", "2M1"),  # before the source cue 2M1S: the number below it
        ("02:00:40:00", "2M1A"),  # after 2M1S, before 2M2: 2M1 is held by the source cue
        ("02:05:00:00", "2M2A"),
        ("02:20:00:00", "2M4"),
        ("01:05:00:00", "1M2B"),  # between 1M2A and 1M3
    ],
)
def test_a_new_cue_near_a_source_cue_is_numbered_in_order(at: str, expected: str) -> None:
    from scoresync.picture.timecode import tc_to_frames
    from scoresync.project.demo import demo_project
    from scoresync.project.spotting import suggest_number

    project = demo_project()
    assert str(suggest_number(project, tc_to_frames(at, rate=project.rate))) == expected
