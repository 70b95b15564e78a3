"""The change map against random recuts whose truth is known, frame for frame."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from recut_support import RATE, Recut, recuts

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
