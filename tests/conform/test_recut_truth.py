"""The change map against random recuts whose truth is known, frame for frame."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from recut_support import RATE, Recut, Shot, recuts

from scoresync.conform.changemap import Change, diff_cuts
from scoresync.editorial.edl import parse_edl


def _map(recut: Recut):
    old = parse_edl(recut.old_edl(), rate=RATE, file_name="old.edl")
    new = parse_edl(recut.new_edl(), rate=RATE, file_name="new.edl")
    assert old.complete and new.complete
    return diff_cuts(old.cut, new.cut)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recuts())
def test_every_old_frame_lands_where_the_recut_put_it(recut: Recut) -> None:
    change_map = _map(recut)
    truth = recut.truth()
    got = {frame: change_map.map_frame(frame).new_time for frame in recut.old_frames}
    wrong = {f: (got[f], truth[f]) for f in truth if got[f] != truth[f]}
    assert not wrong, (recut.operations, sorted(wrong.items())[:5], recut.new_edl())


@settings(max_examples=25, deadline=None)
@given(recuts())
def test_a_cut_against_itself_is_no_change(recut: Recut) -> None:
    old = parse_edl(recut.old_edl(), rate=RATE).cut
    change_map = diff_cuts(old, old)
    assert change_map.unchanged
    assert [s.change for s in change_map.segments] == [Change.UNCHANGED]


def test_a_shot_shown_whole_and_again_in_part_maps_to_its_whole_showing() -> None:
    """Shot 4 moved after shot 5, then part of 5 shown again after 4: the old frames of
    5 stay on its whole showing, though the repeat is the one in the old order."""
    shots = [Shot(n, 1, n * 2000, 24) for n in (1, 2, 3, 4, 5)]
    insert = Shot(101, 1, 202000, 5)
    repeat = Shot(5, 1, 10006, 4, copy=True)
    new = [shots[0], insert, shots[1], shots[2], shots[4], shots[3], repeat]
    recut = Recut(shots, new, ["insert", "move", "duplicate"])
    change_map = _map(recut)
    truth = recut.truth()
    assert {f: change_map.map_frame(f).new_time for f in recut.old_frames} == truth
    [(chosen, duplicate)] = change_map.duplicates()
    assert duplicate.new_in == chosen.new_out + 24


def test_a_partial_repeat_before_a_reordered_shot_leaves_its_frames_on_the_shot() -> None:
    """Shots 3 and 2 swapped, part of 3 shown again first: neither showing of 3 is in the
    old order, and its old frames stay on its whole showing."""
    shots = [Shot(1, 1, 2000, 24), Shot(2, 1, 4000, 25), Shot(3, 1, 6000, 24)]
    new = [Shot(3, 1, 6006, 4, copy=True), shots[2], shots[1]]
    recut = Recut(shots, new, ["lift", "duplicate", "move"])
    change_map = _map(recut)
    assert {f: change_map.map_frame(f).new_time for f in recut.old_frames} == recut.truth()
