"""The change map on hand-made scenarios, on the same cut in several containers and on
the real version pair of the fixtures."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from scoresync.conform.changemap import Change, ConformError, diff_cuts
from scoresync.conform.keys import Keying
from scoresync.editorial.edl import parse_edl
from scoresync.editorial.layer import Cut
from scoresync.picture.rates import parse_rate

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"
H1 = 86400
"""01:00:00:00 at 24 fps."""


def edl(*events: tuple[str, str, int, int], start: int = H1) -> Cut:
    """A 24 fps cut of ``(reel, clip, source_in, frames)`` events butted from ``start``
    (01:00:00:00 unless told)."""
    from scoresync.picture.timecode import frames_to_tc

    lines = ["TITLE: T", "FCM: NON-DROP FRAME"]
    record = start
    for number, (reel, clip, source_in, frames) in enumerate(events, start=1):
        tc = [frames_to_tc(f, rate="24") for f in (source_in, source_in + frames)]
        rec = [frames_to_tc(f, rate="24") for f in (record, record + frames)]
        lines += [f"{number:03d}  {reel:<8} V  C  {tc[0]} {tc[1]} {rec[0]} {rec[1]}"]
        lines += [f"* FROM CLIP NAME: {clip}"]
        record += frames
    return parse_edl("\n".join(lines), rate="24").cut


A = ("A001", "shotA", 1000, 48)
B = ("B001", "shotB", 2000, 48)
C = ("C001", "shotC", 3000, 48)
D = ("D001", "shotD", 4000, 48)


def changes(old: Cut, new: Cut, **options) -> list[tuple[str, int, int]]:
    return [
        (s.change.value, s.old_in - H1, s.old_out - H1)
        for s in diff_cuts(old, new, **options).segments
    ]


def test_a_deleted_shot_is_deleted_and_what_follows_moves_up() -> None:
    change_map = diff_cuts(edl(A, B, C), edl(A, C))
    assert changes(edl(A, B, C), edl(A, C)) == [
        ("unchanged", 0, 48),
        ("deleted", 48, 96),
        ("moved", 96, 144),
    ]
    assert change_map.map_frame(H1 + 60).new_frame is None
    assert change_map.map_frame(H1 + 60).status == "deleted"
    assert change_map.map_frame(H1 + 100).new_frame == H1 + 52


def test_an_insert_pushes_later_frames_by_its_length() -> None:
    inserted = ("X001", "new", 9000, 30)
    change_map = diff_cuts(edl(A, B), edl(A, inserted, B))
    assert [s.change for s in change_map.segments] == [
        Change.UNCHANGED,
        Change.INSERTED,
        Change.MOVED,
    ]
    added = change_map.segments[1]
    assert (added.old_in, added.new_in, added.new_out) == (H1 + 48, H1 + 48, H1 + 78)
    assert change_map.map_frame(H1 + 50).new_frame == H1 + 80


def test_a_moved_scene_is_reordered_and_the_rest_keeps_its_order() -> None:
    change_map = diff_cuts(edl(A, B, C, D), edl(A, C, D, B))
    by_shot = {name: s.change for s in change_map.segments for name in s.sources}
    assert by_shot["shotB"] is Change.REORDERED
    assert by_shot["shotA"] is Change.UNCHANGED
    assert by_shot["shotC"] is Change.MOVED and by_shot["shotD"] is Change.MOVED
    assert change_map.map_frame(H1 + 48).new_frame == H1 + 144
    healed = [s for s in change_map.segments if s.change is Change.MOVED]
    assert [(s.old_in, s.old_out, s.sources) for s in healed] == [
        (H1 + 96, H1 + 192, ("shotC", "shotD"))
    ]


def test_a_vfx_version_bump_is_replaced_not_deleted_and_inserted() -> None:
    old = edl(A, ("V001", "079_HA_0010_v011", 5000, 48), C)
    new = edl(A, ("V001", "079_HA_0010_v012", 5000, 48), C)
    assert changes(old, new) == [
        ("unchanged", 0, 48),
        ("replaced", 48, 96),
        ("unchanged", 96, 144),
    ]
    assert diff_cuts(old, new).map_frame(H1 + 50).new_frame == H1 + 50
    # versions kept apart, the new version is another shot: in the same slot and of the
    # same length, it replaces the old one frame for frame; a frame longer, it does not
    kept = Keying(strip_versions=False)
    assert [s.change for s in diff_cuts(old, new, keying=kept).segments] == [
        Change.UNCHANGED,
        Change.REPLACED,
        Change.UNCHANGED,
    ]
    longer = edl(A, ("V001", "079_HA_0010_v012", 5000, 49), C)
    changed = [s.change for s in diff_cuts(old, longer, keying=kept).segments]
    assert Change.DELETED in changed and Change.INSERTED in changed


def test_another_shot_of_the_same_length_in_the_same_slot_is_replaced() -> None:
    old = edl(A, ("T001", "TEMP_TITLE", 100, 48), C)
    new = edl(A, ("V900", "MAIN_TITLE_FINAL", 7000, 48), C)
    assert changes(old, new) == [
        ("unchanged", 0, 48),
        ("replaced", 48, 96),
        ("unchanged", 96, 144),
    ]
    assert diff_cuts(old, new).map_frame(H1 + 60).new_frame == H1 + 60


def test_a_name_only_one_cut_gives_is_no_new_version() -> None:
    from dataclasses import replace

    old = edl(A, B)
    named = tuple(
        replace(
            e, source=replace(e.source, reel="", source_file=f"/media/{e.source.clip_name}.mov")
        )
        if e.source is not None
        else e
        for e in old.events
    )
    new = replace(old, events=named)
    assert diff_cuts(old, new).unchanged
    bumped = edl(A, ("B001", "shotB_v002", 2000, 48))
    assert changes(old, bumped) == [("unchanged", 0, 48), ("replaced", 48, 96)]


def test_a_user_pattern_matches_renamed_clips() -> None:
    old = edl(("A001", "shotA_TEMP", 1000, 48))
    new = edl(("A001", "shotA_FINAL", 1000, 48))
    keying = Keying(fields=("clip_name",), patterns=(r"_(TEMP|FINAL)$",))
    matched = diff_cuts(old, new, keying=keying)
    assert [s.change for s in matched.segments] == [Change.REPLACED]
    assert matched.map_frame(H1 + 10).new_frame == H1 + 10
    apart = diff_cuts(old, new, keying=Keying(fields=("clip_name",)))
    assert {s.change for s in apart.segments} == {Change.DELETED, Change.INSERTED}


def test_a_shot_shown_twice_maps_to_the_copy_in_the_old_order() -> None:
    copy = ("B001", "shotB", 2010, 20)
    change_map = diff_cuts(edl(A, B, C), edl(A, B, C, copy))
    assert [s.change for s in change_map.segments].count(Change.DUPLICATED) == 1
    [(chosen, duplicate)] = change_map.duplicates()
    assert chosen.change is Change.UNCHANGED and duplicate.new_in == H1 + 144
    assert change_map.map_frame(H1 + 58).new_frame == H1 + 58


def test_a_trim_inside_a_shot_is_reported_where_it_happened() -> None:
    old = edl(A, B)
    new = edl(("A001", "shotA", 1000, 40), B)
    assert changes(old, new) == [
        ("unchanged", 0, 40),
        ("trimmed_tail", 40, 48),
        ("moved", 48, 96),
    ]


def test_a_speed_change_maps_with_its_slope() -> None:
    old = edl(A)
    new = parse_edl(
        "001  A001 V  C  00:00:41:16 00:00:43:16 01:00:00:00 01:00:01:00\n"
        "* FROM CLIP NAME: shotA\nM2   A001 048.0 00:00:41:16\n",
        rate="24",
    ).cut
    [segment] = diff_cuts(old, new).segments
    assert segment.change is Change.SPEED_CHANGED and segment.slope == Fraction(1, 2)
    assert diff_cuts(old, new).map_frame(H1 + 3).new_time == H1 + Fraction(3, 2)


def test_cuts_at_different_rates_are_refused_unless_allowed() -> None:
    other = parse_edl(
        "001  A001 V  C  00:00:41:16 00:00:43:16 01:00:00:00 01:00:02:00\n",
        rate=parse_rate("25"),
    ).cut
    with pytest.raises(ConformError, match="24 fps and the new one at 25 fps"):
        diff_cuts(edl(A), other)
    diff_cuts(edl(A), other, allow_rate_mismatch=True)


def test_a_cut_starting_at_another_hour_is_moved_unless_the_starts_are_aligned() -> None:
    old = edl(A, B, C)
    new = edl(A, C, start=0)
    assert {s.change for s in diff_cuts(old, new).segments} == {Change.MOVED, Change.DELETED}
    aligned = diff_cuts(old, new, align_start=True)
    assert changes(old, new, align_start=True) == [
        ("unchanged", 0, 48),
        ("deleted", 48, 96),
        ("moved", 96, 144),
    ]
    assert aligned.map_frame(H1 + 10).new_frame == 10
    assert aligned.map_frame(H1 + 100).new_frame == 52
    assert diff_cuts(old, edl(A, B, C, start=0), align_start=True).unchanged


EQUIVALENT = [
    (
        "cuts/otio-aaf-adapter/multitrack.aaf",
        "cuts/otio-aaf-adapter/preflattened.aaf",
    ),
    (
        "cuts/otio-aaf-adapter/nesting_test.aaf",
        "cuts/otio-aaf-adapter/nesting_test_preflattened.aaf",
    ),
    (
        "cuts/otio-fcpx-xml-adapter/fcpx_project.fcpxml",
        "cuts/otio-fcpx-xml-adapter/fcpx_library.fcpxml",
    ),
    (
        "edl/otio-cmx3600-adapter/screening_example.edl",
        "edl/otio-cmx3600-adapter/no_spaces_test.edl",
    ),
]


def _read(relative: str) -> Cut:
    from scoresync.editorial.read import read_cut

    path = FIXTURES / relative
    if not path.exists():
        pytest.skip(f"fixture {relative} is not beside the repository ({FIXTURES})")
    return read_cut(path, rate=parse_rate("24"))


@pytest.mark.parametrize(
    ("one", "other"), EQUIVALENT, ids=[pair[0].split("/")[-1] for pair in EQUIVALENT]
)
def test_the_same_cut_in_two_containers_is_no_change(one: str, other: str) -> None:
    old, new = _read(one), _read(other)
    assert old.clips, f"{one} reads with no picture"
    change_map = diff_cuts(old, new, allow_rate_mismatch=True)
    assert change_map.unchanged, [s for s in change_map.changes()][:3]


def test_simple_aaf_shows_the_five_clips_whole_where_the_multitrack_cut_trims_them() -> None:
    """simple.aaf is one video track of the five clips butted at full length; the
    multitrack cut (flattened in preflattened.aaf) shows less of three of them, with
    black after KOLL and at the end."""
    simple = _read("cuts/otio-aaf-adapter/simple.aaf")
    flattened = _read("cuts/otio-aaf-adapter/preflattened.aaf")
    assert [e.record_out - e.record_in for e in simple.events] == [720, 480, 722, 640, 720]
    assert changes(simple, flattened) == [
        ("unchanged", 0, 482),
        ("trimmed_tail", 482, 720),
        ("moved", 720, 1200),
        ("trimmed_head", 1200, 1359),
        ("moved", 1359, 1595),
        ("trimmed_tail", 1595, 1922),
        ("moved", 1922, 2562),
        ("moved", 2562, 3282),
    ]
    change_map = diff_cuts(simple, flattened)
    assert change_map.map_frame(H1 + 1359).new_frame == H1 + 962
    assert change_map.map_frame(H1 + 2562).new_frame == H1 + 1957


def test_the_otio_multitrack_counts_record_and_sources_from_zero() -> None:
    """multitrack.otio is the multitrack AAF written without timecodes: its timeline
    starts at 0 and each clip's source at 0, where the AAF has 01:00:00:00 for both.
    Aligning the starts is not enough, since no source frame is shared; counted from
    the same origin, the cuts are the same."""
    from dataclasses import replace

    aaf = _read("cuts/otio-aaf-adapter/multitrack.aaf")
    otio = _read("cuts/OpenTimelineIO/multitrack.otio")
    assert (aaf.record_start, otio.record_start) == (H1, 0)
    aligned = diff_cuts(aaf, otio, align_start=True)
    assert {s.change for s in aligned.segments} == {Change.DELETED, Change.INSERTED}
    from_zero = replace(
        aaf,
        events=tuple(
            e if e.source_in is None else replace(e, source_in=e.source_in - H1) for e in aaf.events
        ),
    )
    assert diff_cuts(from_zero, otio, align_start=True).unchanged
    assert not diff_cuts(from_zero, otio).unchanged


def test_the_real_picture_and_dialogue_pair_maps_shared_clips() -> None:
    from scoresync.editorial.layer import Track

    old = _read("edl/pycmx/INS4_R1_010417.edl")
    new = _read("edl/pycmx/INS4_R1_DX_092117.edl")
    change_map = diff_cuts(old, new, keying=Keying(fields=("clip_name",)), track=Track.PICTURE)
    assert change_map.segments
    from scoresync.conform.pieces import track_events

    dialogue = diff_cuts(old, _audio_as_picture(new), keying=Keying(fields=("clip_name",)))
    mapped = [s for s in dialogue.segments if s.maps]
    assert len(mapped) > 20
    new_names = {e.source.clip_name for e in track_events(new, Track.AUDIO) if e.source}
    assert len({s.sources[-1] for s in mapped} & new_names) > 10
    assert sum(s.new_out > s.new_in for s in mapped) > len(mapped) // 2
    for segment in mapped:
        middle = (segment.old_in + segment.old_out) // 2
        assert dialogue.map_frame(middle).new_frame is not None


def _audio_as_picture(cut: Cut) -> Cut:
    """The first audio channel of ``cut`` as its picture track."""
    from dataclasses import replace

    from scoresync.conform.pieces import track_events
    from scoresync.editorial.layer import Track

    return replace(cut, events=track_events(cut, Track.AUDIO))
