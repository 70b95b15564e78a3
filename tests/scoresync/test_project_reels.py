"""Reels: the reel a cue starts in, the span the timeline draws, and the reel edits."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from project_support import HOUR, RATE, SECOND

from scoresync.errors import ProjectError
from scoresync.project import reels, spotting
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import new_project
from scoresync.project.model import Cue, Hit, Project, Reel

N = CueNumber.parse
MINUTE = 60 * SECOND


def one_reel(*cues: Cue) -> Project:
    """A project as ``scoresync new`` makes it (one reel at the session start), with ``cues``."""
    return Project("T", RATE, HOUR, (Reel(1, "R1", HOUR),), cues)


def at(minutes: int, hours: int = 1) -> int:
    return hours * HOUR + minutes * MINUTE


def test_suggested_numbers_follow_the_reel_a_cue_starts_in() -> None:
    project = one_reel(Cue(N("1M1"), "", at(1), at(2)), Cue(N("1M2"), "", at(5), at(6)))
    assert str(spotting.suggest_number(project, at(0, hours=2) + 40 * SECOND)) == "1M3"
    with_reel_2 = reels.add_reel(project, 2 * HOUR)
    assert str(spotting.suggest_number(with_reel_2, at(0, hours=2) + 40 * SECOND)) == "2M1"
    assert str(spotting.suggest_number(with_reel_2, at(3))) == "1M1A"


def test_cues_in_reel_go_by_start_times() -> None:
    project = reels.add_reel(
        one_reel(Cue(N("1M1"), "", at(1), at(2)), Cue(N("2M1"), "", at(3), at(4))), 2 * HOUR
    )
    assert [str(c.number) for c in reels.cues_in_reel(project, 1)] == ["1M1", "2M1"]
    assert reels.cues_in_reel(project, 2) == []
    assert project.reel_of("2M1").number == 1


def test_the_timeline_span_is_one_reel_however_far_the_cursor_is() -> None:
    project = reels.add_reel(
        one_reel(Cue(N("1M1"), "", at(1), at(2)), Cue(N("2M1"), "", at(1, 2), at(3, 2))),
        2 * HOUR,
    )
    first = reels.reel_span(project, 1, at(40, 2))  # the cursor in reel 2
    assert (first.start_frames, first.end_frames) == (HOUR, at(2))
    second = reels.reel_span(project, 2, at(1, 2))
    assert (second.start_frames, second.end_frames) == (2 * HOUR, at(3, 2))
    only = reels.reel_span(one_reel(Cue(N("2M1"), "", at(0, 2), at(1, 2))), 1, HOUR)
    assert only.end_frames == 2 * HOUR + MINUTE  # one reel holds it all: the span says so


def test_add_rename_move_and_remove() -> None:
    project = reels.add_reel(one_reel(), at(20), name=" Reel two ")
    assert project.reels[1] == Reel(2, "Reel two", at(20))
    project = reels.add_reel(project, at(40))
    assert project.reels[2] == Reel(3, "R3", at(40))
    project = reels.rename_reel(project, 3, "Reel 3 v2")
    project = reels.set_reel_start(project, 3, at(45))
    assert project.reels[2] == Reel(3, "Reel 3 v2", at(45))
    project = reels.remove_reel(project, 2)
    assert [r.number for r in project.reels] == [1, 3]
    assert reels.next_reel_number(project) == 4


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            lambda p: reels.add_reel(p, HOUR - SECOND),
            "reel 3 would start at 00:59:59:00, before the session start 01:00:00:00; start "
            "it at 01:00:00:00 or later",
        ),
        (lambda p: reels.add_reel(p, at(20)), "reel 2 (R2) already starts at 01:20:00:00"),
        (
            lambda p: reels.add_reel(p, at(10), number=3),
            "reel 3 would start at 01:10:00:00, before reel 2 (R2) at 01:20:00:00; reels run "
            "in order, so start reel 3 after 01:20:00:00",
        ),
        (
            lambda p: reels.set_reel_start(p, 1, at(30)),
            "reel 1 would start at 01:30:00:00, after reel 2 (R2) at 01:20:00:00",
        ),
        (
            lambda p: reels.set_reel_start(p, 1, at(2)),
            "reel 1 would start at 01:02:00:00, after the start of cue 1M1 (01:01:00:00)",
        ),
        (lambda p: reels.remove_reel(p, 1), "reel 1 (R1) is not empty: 1M1 starts in it"),
        (lambda p: reels.rename_reel(p, 2, "  "), "give reel 2 a name"),
        (
            lambda p: reels.remove_reel(p, 7),
            "there is no reel 7 in this project; its reels are 1, 2",
        ),
    ],
)
def test_reel_edits_refused_with_the_reason(edit, problem: str) -> None:  # noqa: ANN001
    project = reels.add_reel(one_reel(Cue(N("1M1"), "", at(1), at(2))), at(20))
    with pytest.raises(ProjectError) as caught:
        edit(project)
    assert problem in str(caught.value)


def test_reel_changes_and_warnings() -> None:
    before = reels.add_reel(one_reel(Cue(N("2M1"), "", at(21), at(22))), at(20))
    assert reels.reel_warning(before, before.cue("2M1")) is None
    after = reels.set_reel_start(before, 2, at(25))
    assert reels.reel_changes(before, after) == [
        "2M1 now belongs to reel 1 (was reel 2); its number names reel 2"
    ]
    assert reels.reel_warning(after, after.cue("2M1")) == (
        "2M1 starts in reel 1 (R1), at 01:21:00:00, but its number names reel 2; renumber it "
        "(such as 1M...) unless that is meant"
    )


def test_overlap_warning() -> None:
    project = one_reel(Cue(N("1M1"), "", at(1), at(2)), Cue(N("1M3"), "", at(3), at(4)))
    touching = Cue(N("1M2"), "", at(2), at(3))
    assert spotting.overlap_warning(project, touching) is None  # ends are exclusive
    segue = Cue(N("1M2"), "", at(2) - SECOND, at(3) + 2 * SECOND)
    assert spotting.overlap_warning(project, segue) == (
        "1M2 overlaps 1M1 from 01:01:59:00 for 00:00:01:00; 1M3 from 01:03:00:00 for "
        "00:00:02:00. Fine for a segue; otherwise move the start or end of one of them"
    )


def test_hits_on_one_frame_are_refused() -> None:
    cue = Cue(
        N("1M1"), "", at(1), at(2), hits=(Hit(at(1) + SECOND, "door"), Hit(at(1) + 2 * SECOND))
    )
    project = one_reel(cue)
    with pytest.raises(ProjectError) as caught:
        spotting.add_hit(project, N("1M1"), Hit(at(1) + SECOND))
    assert str(caught.value) == (
        "a hit at 01:01:01:00 is on the frame of hit 1 (door) of 1M1; two hits on one frame "
        "are one sync point: edit hit 1 instead, or choose another frame"
    )
    with pytest.raises(ProjectError, match="hit 2 of 1M1 moved to 01:01:01:00 is on the frame"):
        spotting.edit_hit(project, N("1M1"), 1, Hit(at(1) + SECOND))
    with pytest.raises(ProjectError, match="on the frame of hit 2 of 1M1"):
        spotting.nudge_hit(project, N("1M1"), 0, SECOND)
    relabelled, index = spotting.edit_hit(project, N("1M1"), 0, Hit(at(1) + SECOND, "slam"))
    assert index == 0 and relabelled.cue("1M1").hits[0].label == "slam"
    added, index = spotting.add_hit(project, N("1M1"), Hit(at(1)))
    assert index == 0 and len(added.cue("1M1").hits) == 3
    doubled = dataclasses.replace(cue, hits=(Hit(at(1)), Hit(at(1))))
    assert spotting.hits_at(doubled, at(1)) == [0, 1]


def test_split_and_cue_times_refused_in_timecode() -> None:
    project = one_reel(Cue(N("1M1"), "", at(1), at(2), hits=(Hit(at(1) + SECOND),)))
    with pytest.raises(ProjectError) as caught:
        spotting.split_cue(project, N("1M1"), at(2), N("1M1A"))
    assert str(caught.value) == (
        "cannot split 1M1 at 01:02:00:00: cut after its start 01:01:00:00 and before its end "
        "01:02:00:00"
    )
    with pytest.raises(ProjectError, match="hit 1 of 1M1 at 01:01:01:00 would lie outside"):
        spotting.cue_with(project.cue("1M1"), RATE, start_frames=at(1) + 2 * SECOND)
    with pytest.raises(ProjectError, match="cue 1M2's end 01:01:00:00 is not after its start"):
        spotting.new_cue(RATE, N("1M2"), at(1), at(1))


def test_a_cue_far_into_the_last_reel_suggests_adding_the_next() -> None:
    project = one_reel(Cue(N("1M3"), "", at(40, 2), at(41, 2)))
    assert reels.reel_warning(project, project.cue("1M3")) == (
        "1M3 starts 01:40:00:00 into reel 1 (R1), further than a reel runs; if the picture "
        "has a reel that starts before it, add that reel (its cues number 2M...)"
    )
    near = one_reel(Cue(N("1M3"), "", at(20), at(21)))
    assert reels.reel_warning(near, near.cue("1M3")) is None


@settings(max_examples=60, deadline=None)
@given(
    starts=st.lists(st.integers(0, 10_000), min_size=0, max_size=6, unique=True),
    positions=st.lists(st.integers(-100, 12_000), min_size=1, max_size=20),
)
def test_the_reel_finder_agrees_with_the_project(starts: list[int], positions: list[int]) -> None:
    """The binary search of many positions gives the reel the project names for each."""
    ordered = sorted(starts)
    project = dataclasses.replace(
        new_project("Reels", "24", session_start="00:00:00:00"),
        reels=tuple(Reel(n + 1, f"R{n + 1}", start) for n, start in enumerate(ordered)),
    )
    find = reels.reel_finder(project)
    for frames in positions:
        reel = project.reel_at(frames) or project.first_reel
        assert find(frames) == (1 if reel is None else reel.number)
