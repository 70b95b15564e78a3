"""Cues and hits through a recut: each scenario a music editor meets, with the words the
report gives it, and the musical proposal for a tempo-mapped cue trimmed inside."""

from __future__ import annotations

from fractions import Fraction

from scoresync.conform.changemap import ChangeMap, diff_cuts
from scoresync.conform.cues import CueChange, conform_cue, conform_project, conformed_project
from scoresync.editorial.edl import parse_edl
from scoresync.picture.rates import parse_rate
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
from tempo.map.tempomap import TempoMap

RATE = parse_rate("24")
H1 = 86400
"""01:00:00:00 at 24 fps."""

Event = tuple[str, int, int]
"""A shot: ``(name, source_in, frames)``; the name is its reel and clip name."""

A: Event = ("A", 1000, 48)
B: Event = ("B", 2000, 48)
C: Event = ("C", 3000, 48)
D: Event = ("D", 4000, 48)
E: Event = ("E", 5000, 48)
X: Event = ("X", 9000, 24)


def edl_text(*events: Event) -> str:
    """A 24 fps CMX 3600 list of ``events`` butted from 01:00:00:00."""
    lines = ["TITLE: T", "FCM: NON-DROP FRAME"]
    record = H1
    for number, (name, source_in, frames) in enumerate(events, start=1):
        tc = [frames_to_tc(f, rate=RATE) for f in (source_in, source_in + frames)]
        rec = [frames_to_tc(f, rate=RATE) for f in (record, record + frames)]
        lines += [f"{number:03d}  {name:<8} V  C  {tc[0]} {tc[1]} {rec[0]} {rec[1]}"]
        lines += [f"* FROM CLIP NAME: {name}"]
        record += frames
    return "\n".join(lines) + "\n"


def change_map(old: list[Event], new: list[Event]) -> ChangeMap:
    cuts = [parse_edl(edl_text(*events), rate=RATE).cut for events in (old, new)]
    return diff_cuts(cuts[0], cuts[1])


def cue(start: int, end: int, *hits: int, anchor: int | None = None, **fields: object) -> Cue:
    """Cue 1M1 from ``start`` to ``end`` frames after 01:00:00:00, hits likewise."""
    return Cue(
        CueNumber.parse("1M1"),
        "Test",
        H1 + start,
        H1 + end,
        anchor_hit=anchor,
        hits=tuple(Hit(H1 + frames, label=f"h{frames}") for frames in hits),
        **fields,  # type: ignore[arg-type]
    )


def test_a_cue_after_a_deleted_shot_moves_earlier_by_its_length() -> None:
    result = conform_cue(cue(100, 130, 110), change_map([A, B, C, D], [A, C, D]), rate=RATE)
    assert result.status is CueChange.MOVED
    assert (result.new_in, result.new_out, result.delta_frames) == (H1 + 52, H1 + 82, -48)
    assert [hit.new_frames for hit in result.hits] == [H1 + 62]
    assert (result.hits_moved, result.hits_lost) == (1, 0)


def test_an_insert_before_a_cue_moves_it_later_and_one_inside_is_an_internal_insert() -> None:
    recut = change_map([A, B, C], [A, X, B, C])
    after = conform_cue(cue(50, 90, 60), recut, rate=RATE)
    assert (after.status, after.delta_frames, after.new_in) == (CueChange.MOVED, 24, H1 + 74)
    across = conform_cue(cue(40, 60, 44, 56), recut, rate=RATE)
    assert across.status is CueChange.INTERNAL_INSERT
    assert (across.inserted_frames, across.removed_frames, across.change_at_frames) == (
        24,
        0,
        H1 + 48,
    )
    assert (across.new_in, across.new_out, across.delta_frames) == (H1 + 40, H1 + 84, 0)
    assert [hit.new_frames for hit in across.hits] == [H1 + 44, H1 + 80]


def test_a_hit_in_a_deleted_shot_is_lost_with_the_reason() -> None:
    result = conform_cue(cue(60, 160, 70, 110, 150), change_map([A, B, C, D], [A, B, D]), rate=RATE)
    assert result.status is CueChange.INTERNAL_CUT
    assert result.removed_frames == 48
    lost = result.hits[1]
    assert lost.lost and lost.new_frames is None and "deleted" in lost.reason
    assert [hit.new_frames for hit in result.hits] == [H1 + 70, None, H1 + 102]
    conformed = result.conformed_cue()
    assert conformed is not None
    assert [hit.frames for hit in conformed.hits] == [H1 + 70, H1 + 102]
    assert "lost hit 2 (its picture is gone: deleted)" in conformed.description


def test_a_cue_follows_its_anchor_hit_when_the_anchor_shot_moves() -> None:
    recut = change_map([A, B, C], [A, X, B, C])
    tempo = CueTempo(H1 + 40, TempoMap.constant(120))
    on_hit = conform_cue(cue(40, 70, 44, 60, anchor=1, tempo=tempo), recut, rate=RATE)
    on_start = conform_cue(cue(40, 70, 44, 60, tempo=tempo), recut, rate=RATE)
    assert (on_hit.delta_frames, on_start.delta_frames) == (24, 0)
    moved = on_hit.conformed_cue()
    assert moved is not None and moved.tempo is not None
    assert moved.tempo.downbeat_frames == H1 + 64
    assert moved.anchor_frames == H1 + 84


def test_a_cue_anchored_on_a_hit_keeps_its_lead_in_when_its_head_is_trimmed() -> None:
    trimmed_a = ("A", 1000, 36)
    recut = change_map([A, B, C], [trimmed_a, B, C])
    on_hit = conform_cue(cue(40, 80, 58, anchor=0), recut, rate=RATE)
    on_start = conform_cue(cue(40, 80, 58), recut, rate=RATE)
    assert on_hit.status is on_start.status is CueChange.HEAD_TRIMMED
    assert (on_hit.new_in, on_hit.delta_frames) == (H1 + 28, -12)
    assert (on_start.new_in, on_start.delta_frames) == (H1 + 36, -12)
    assert on_hit.hits[0].new_frames == H1 + 46


def test_a_cue_whose_anchor_hit_picture_is_gone_needs_a_decision() -> None:
    result = conform_cue(
        cue(60, 160, 70, 110, anchor=1), change_map([A, B, C, D], [A, B, D]), rate=RATE
    )
    assert result.status is CueChange.NEEDS_DECISION
    assert "anchor hit 2" in result.reason and result.conformed_cue() is None


def test_a_cue_split_by_a_reorder_needs_a_decision() -> None:
    result = conform_cue(
        cue(70, 120, 80, 110), change_map([A, B, C, D, E], [A, C, D, B, E]), rate=RATE
    )
    assert result.status is CueChange.SPLIT and result.status.needs_decision
    assert result.conformed_cue() is None


def test_a_tempo_mapped_cue_split_by_a_reorder_is_conformed_with_a_proposal() -> None:
    """The reorder leaves the cue's moved hits out of time order; the cue built for the
    musical proposal still holds them all."""
    tempo = CueTempo(H1 + 70, TempoMap.constant(120))
    mapped = cue(70, 120, 80, 110, tempo=tempo)
    project = Project("Film", RATE, H1, (Reel(1, "R1", H1),), (mapped,))
    result = conform_project(project, change_map([A, B, C, D, E], [A, C, D, B, E])).cues[0]
    assert result.status is CueChange.SPLIT
    assert all(hit.new_frames is not None for hit in result.hits)


def test_a_cue_beyond_the_old_cut_is_outside_it_not_deleted() -> None:
    """A reel's list knows nothing of the next reel's cues: they are left for a decision
    as outside the old cut, not reported deleted."""
    recut = change_map([A, B, C], [A, C])
    beyond = conform_cue(cue(5000, 5100, 5050), recut, rate=RATE)
    assert beyond.status is CueChange.OUTSIDE and beyond.status.needs_decision
    assert "outside the old cut" in beyond.hits[0].reason


def test_a_deleted_cue_and_an_unchanged_one() -> None:
    recut = change_map([A, B, C], [A, C])
    assert conform_cue(cue(50, 90, 60), recut, rate=RATE).status is CueChange.DELETED
    assert conform_cue(cue(5, 40, 10), recut, rate=RATE).status is CueChange.UNCHANGED


TRIM = ("B", 2000, 12)
"""A shot of one beat at 120 BPM, lifted from inside the tempo-mapped cue."""


def test_a_tempo_map_across_a_trim_gets_a_proposal_that_catches_the_moved_hits() -> None:
    head, tail = ("A", 1000, 10), ("C", 3000, 300)
    hits = (0, 58, 104, 150, 196)
    tempo = CueTempo(H1, TempoMap.constant(120))
    project = Project("Film", RATE, H1, (Reel(1, "R1", H1),), (cue(0, 240, *hits, tempo=tempo),))
    result = conform_project(project, change_map([head, TRIM, tail], [head, tail])).cues[0]
    assert result.status is CueChange.INTERNAL_CUT
    assert [hit.new_frames for hit in result.hits] == [H1 + f for f in (0, 46, 92, 138, 184)]
    proposal = result.proposal
    assert proposal is not None
    assert (proposal.change_frames, proposal.change_seconds) == (-12, Fraction(-1, 2))
    assert proposal.change_beats == -1 and proposal.local_bpm == 120
    assert proposal.bar_edit is not None
    assert (proposal.bar_edit.beats, proposal.bar_edit.bar) == (-1, 1)
    assert proposal.bar_edit.error_frames == 0
    assert proposal.hits == 5 and proposal.old_caught < proposal.proposal_caught == 5
    assert "cut 1 beat at bar 1" in proposal.describe(RATE)


def test_applying_moves_the_cues_and_leaves_the_ones_needing_a_decision_flagged() -> None:
    split = Cue(CueNumber.parse("1M2"), "Split", H1 + 70, H1 + 120, hits=(Hit(H1 + 80),))
    later = Cue(CueNumber.parse("1M3"), "Later", H1 + 200, H1 + 230, hits=(Hit(H1 + 210),))
    project = Project("Film", RATE, H1, (Reel(1, "R1", H1),), (split, later))
    recut = change_map([A, B, C, D, E], [A, C, D, B, E])
    applied = conformed_project(project, conform_project(project, recut))
    assert applied.cue("1M2").start_frames == H1 + 70
    assert "needs a decision: split" in applied.cue("1M2").description
    assert applied.cue("1M3") == later
