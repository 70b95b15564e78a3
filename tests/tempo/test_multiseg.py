"""Multi-segment Find Tempo: known maps come back, and every claim re-checks."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from tempo.common.errors import FindTempoError
from tempo.findtempo.plan.planner import MultiSegmentPlan, plan_segments
from tempo.findtempo.solver import FindTempoRequest, HitSpec, find_tempo
from tempo.map.meter import Meter
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap

FRAME_24 = Fraction(1, 24)


def request(hits: list[HitSpec], **options: object) -> FindTempoRequest:
    options.setdefault("tolerance_seconds", FRAME_24)
    return FindTempoRequest(tuple(hits), **options)  # type: ignore[arg-type]


def ms(seconds: float) -> Fraction:
    return Fraction(round(seconds * 1000), 1000)


# The map a plan stands for, built as scoresync.cuetempo.find.plan_map builds it, and an
# independent re-check of every hit against the grid lines of that map.

SHAPES = {"linear-beats": RampShape.LINEAR_BEATS, "linear-time": RampShape.LINEAR_TIME}
FOUR_FOUR = Meter((4,), 4)
BAR = Fraction(1, 4)
EIGHTH = Fraction(2)


def short_bpm(bpm: float) -> Fraction:
    return Fraction(str(round(bpm, 4)))


def built_map(plan: MultiSegmentPlan) -> TempoMap:
    """The plan's map in 4/4 with quarter-note beats (as ``plan_map`` builds it)."""
    segments = []
    for planned in plan.segments:
        ramp = SHAPES.get(planned.shape, RampShape.CONSTANT)
        start, end = short_bpm(planned.start_bpm), short_bpm(planned.end_bpm)
        if ramp is RampShape.CONSTANT or start == end:
            beats = None if planned.end_seconds is None else planned.beats
            segments.append(Segment(beats, start, meter=FOUR_FOUR))
        else:
            segments.append(Segment(planned.beats, start, end, ramp, FOUR_FOUR))
    last = segments[-1]
    if last.beats is not None:
        segments.append(Segment(None, last.final_bpm, meter=FOUR_FOUR))
    return TempoMap(tuple(segments))


def grid_lines(tempo_map: TempoMap, quarters: Fraction, grid: Fraction, pickup: int) -> list:
    """The grid lines either side of ``quarters``: bar lines of the map for a bar grid
    without pickup, else multiples of ``1/grid`` beats from ``pickup`` beats before 0."""
    if grid == BAR and pickup == 0:
        bar, downbeat = tempo_map.bar_at_quarters(quarters)
        return [downbeat, tempo_map.downbeat_quarters(bar + 1)]
    step = 1 / grid
    before = math.floor((quarters + pickup) / step) * step - pickup
    return [before, before + step]


def offsets_on_map(tempo_map: TempoMap, hits: list[HitSpec], pickup: int = 0) -> list[Fraction]:
    """Each hit's offset (s) from the nearest line of its grid on ``tempo_map``."""
    offsets = []
    for hit in hits:
        quarters = Fraction(tempo_map.quarters_at_seconds(hit.seconds))
        candidates = [
            Fraction(tempo_map.seconds_at_quarters(line)) - hit.seconds
            for line in grid_lines(tempo_map, quarters, Fraction(hit.grid), pickup)
        ]
        offsets.append(min(candidates, key=abs))
    return offsets


def caught_by_plan(plan: MultiSegmentPlan, hits: list[HitSpec], pickup: int = 0) -> list[bool]:
    """Whether each hit lies within its tolerance of its grid on the plan's map."""
    offsets = offsets_on_map(built_map(plan), hits, pickup)
    return [
        abs(offset) <= (hit.tolerance_seconds or FRAME_24)
        for hit, offset in zip(hits, offsets, strict=True)
    ]


def check_plan(plan: MultiSegmentPlan, hits: list[HitSpec], pickup: int = 0) -> list[bool]:
    """Asserts the plan's claims against its map and returns the catches there."""
    caught = caught_by_plan(plan, hits, pickup)
    assert plan.hits == sum(caught)
    assert plan.near + plan.miss == len(hits) - plan.hits
    assert [r.status == "hit" for r in plan.per_hit] == caught
    assert plan.weighted_hits == pytest.approx(
        sum(h.weight for h, c in zip(hits, caught, strict=True) if c)
    )
    assert sum(s.hits_caught for s in plan.segments) == plan.hits
    assert sum(s.hits_total for s in plan.segments) == len(hits)
    assert plan.segments[0].start_seconds == 0
    tempo_map = built_map(plan)
    for index, (before, after) in enumerate(zip(plan.segments, plan.segments[1:], strict=False)):
        assert before.end_seconds is not None
        assert before.end_seconds == after.start_seconds
        assert before.beats.denominator == 1
        drift = float(tempo_map.segment_start_seconds(index + 1) - before.end_seconds)
        assert abs(drift) < 1e-3 * float(FRAME_24)
    for segment in plan.segments:
        assert short_bpm(segment.start_bpm) == Fraction(str(segment.start_bpm))
    return caught


# --- known maps ----------------------------------------------------------------------


def test_two_tempo_map_is_caught_with_a_break_at_the_change() -> None:
    rng = np.random.default_rng(4)
    change_seconds = 8 * 60 / 100
    times = [b * 60 / 100 for b in range(9)]
    times += [change_seconds + b * 60 / 132 for b in range(1, 25) if rng.random() < 0.7]
    hits = [HitSpec(ms(t), label=f"h{i}") for i, t in enumerate(times)]
    single = find_tempo(request(hits))[0]
    assert single.miss > 0
    plan = plan_segments(request(hits))
    caught = check_plan(plan, hits)
    assert all(caught) and plan.miss == 0
    assert len(plan.segments) == 2
    first, second = plan.segments
    assert abs(float(first.end_seconds) - change_seconds) <= 60 / 100  # type: ignore[arg-type]
    assert first.start_bpm == pytest.approx(100, abs=0.5)
    assert second.start_bpm == pytest.approx(132, abs=0.5)
    assert plan.jump_penalty > 0


def ritardando_seconds(b: float, start_bpm: float = 120, end_bpm: float = 80, beats: int = 16):
    """Seconds of beat ``b`` of a tempo-linear-in-beats ramp."""
    tempo = start_bpm + (end_bpm - start_bpm) * b / beats
    return 60 * beats / (end_bpm - start_bpm) * math.log(tempo / start_bpm)


def test_ritardando_is_caught_with_a_ramp() -> None:
    times = [b * 0.5 for b in range(9)] + [4 + ritardando_seconds(b) for b in range(1, 17)]
    hits = [HitSpec(ms(t), label=f"h{i}") for i, t in enumerate(times)]
    plan = plan_segments(request(hits))
    assert all(check_plan(plan, hits))
    ramps = [s for s in plan.segments if s.shape != "constant"]
    assert len(ramps) == 1
    ramp = ramps[0]
    assert ramp.start_seconds == 4
    assert ramp.start_bpm == pytest.approx(120, abs=0.5)
    assert ramp.end_bpm == pytest.approx(80, abs=0.5)
    assert ramp.beats == 16
    without_ramps = plan_segments(request(hits), allow_ramps=False)
    assert all(s.shape == "constant" for s in without_ramps.segments)
    check_plan(without_ramps, hits)


def test_ritardando_from_the_downbeat_finds_its_start_tempo() -> None:
    times = [ritardando_seconds(b) for b in range(17)]
    hits = [HitSpec(ms(t)) for t in times]
    plan = plan_segments(request(hits))
    assert all(check_plan(plan, hits))
    assert len(plan.segments) == 1
    assert plan.segments[0].shape != "constant"
    assert plan.segments[0].start_bpm == pytest.approx(120, rel=0.02)


def test_one_tempo_needs_one_segment() -> None:
    hits = [HitSpec(Fraction(n, 2)) for n in (1, 2, 4, 7, 8, 11, 15, 16)]
    plan = plan_segments(request(hits))
    assert len(plan.segments) == 1
    assert plan.segments[0].start_bpm == pytest.approx(120)
    assert plan.miss == 0 and plan.jump_penalty == 0
    check_plan(plan, hits)


@pytest.mark.parametrize("seed", range(4))
def test_must_hit_hits_are_always_caught(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    seconds = sorted(int(x) for x in rng.integers(300, 20_000, 18))
    must = set(rng.choice(len(seconds), 4, replace=False).tolist())
    hits = [
        HitSpec(Fraction(m, 1000), must_hit=i in must, label=f"h{i}") for i, m in enumerate(seconds)
    ]
    plan = plan_segments(request(hits), max_segments=6)
    caught = check_plan(plan, hits)
    assert all(caught[i] for i in must)
    assert len(plan.segments) <= 6


def test_max_segments_is_respected() -> None:
    rng = np.random.default_rng(7)
    hits = [HitSpec(Fraction(int(m), 1000)) for m in sorted(rng.integers(0, 15_000, 20))]
    for limit in (1, 2, 3):
        plan = plan_segments(request(hits), max_segments=limit)
        assert len(plan.segments) <= limit
        check_plan(plan, hits)


# --- grids through the segments ---------------------------------------------------

KNOWN_MAP = TempoMap((Segment(Fraction(10), Fraction(96)), Segment(None, Fraction(126))))
"""10 beats of 4/4 at 96 BPM end mid-bar (on bar 3 beat 3); the bar lines of the 126 BPM
segment fall 2, 6, 10 ... beats after its start."""


def hits_from(tempo_map: TempoMap, beats_and_grids: list[tuple[Fraction, Fraction]]):
    return [
        HitSpec(ms(float(tempo_map.seconds_at_quarters(beat))), grid=grid, label=f"{beat}")
        for beat, grid in beats_and_grids
    ]


def test_downbeat_hits_land_on_bar_lines_across_a_mid_bar_break() -> None:
    positions = [(Fraction(b), BAR) for b in (4, 8, 12, 16, 20, 28)]
    positions += [(Fraction(b), Fraction(1)) for b in (2, 5, 10, 13, 23)]
    positions += [(Fraction(29, 2), EIGHTH), (Fraction(51, 2), EIGHTH)]
    hits = hits_from(KNOWN_MAP, sorted(positions))
    plan = plan_segments(request(hits, min_bpm=Fraction(60), max_bpm=Fraction(200)))
    caught = check_plan(plan, hits)
    assert all(caught) and plan.miss == 0
    tempo_map = built_map(plan)
    for hit, offset in zip(hits, offsets_on_map(tempo_map, hits), strict=True):
        assert abs(offset) <= FRAME_24
        if hit.grid == BAR:
            quarters = Fraction(tempo_map.quarters_at_seconds(hit.seconds + offset))
            assert tempo_map.bbt_at_quarters(quarters).beat == 1, hit.label


def test_sparse_downbeats_are_not_put_on_other_beats() -> None:
    """Few hits: many tempos put them on beats, but only some on bar lines."""
    positions = [(Fraction(b), BAR) for b in (4, 12, 20)] + [(Fraction(10), Fraction(1))]
    hits = hits_from(KNOWN_MAP, sorted(positions))
    plan = plan_segments(request(hits))
    caught = check_plan(plan, hits)
    assert all(caught)


def test_whole_beat_pickup_moves_the_bar_lines() -> None:
    """With a pickup of 1 beat the bar lines fall 3, 7, 11 ... beats after the downbeat."""
    positions = [(Fraction(b), BAR) for b in (3, 7, 11, 15, 19, 27)]
    positions += [(Fraction(b), Fraction(1)) for b in (1, 5, 10, 13, 22)]
    hits = hits_from(KNOWN_MAP, sorted(positions))
    plan = plan_segments(
        request(hits, pickup_beats=Fraction(1), min_bpm=Fraction(60), max_bpm=Fraction(200))
    )
    assert all(check_plan(plan, hits, pickup=1))
    without = plan_segments(request(hits, min_bpm=Fraction(60), max_bpm=Fraction(200)))
    check_plan(without, hits)


@pytest.mark.parametrize("seed", range(4))
def test_claims_match_the_map_for_mixed_grids(seed: int) -> None:
    rng = np.random.default_rng(300 + seed)
    seconds = sorted(int(x) for x in rng.integers(200, 25_000, 16))
    grids = rng.choice([0, 1, 1, 2], len(seconds))
    hits = [
        HitSpec(Fraction(m, 1000), weight=float(1 + i % 3), grid=[BAR, Fraction(1), EIGHTH][g])
        for i, (m, g) in enumerate(zip(seconds, grids, strict=True))
    ]
    pickup = seed % 2
    plan = plan_segments(request(hits, pickup_beats=Fraction(pickup)), max_segments=4)
    check_plan(plan, hits, pickup)
    assert len(plan.segments) <= 4


# --- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hits", "options", "message"),
    [
        ([], {}, "no hits to fit: add hits to the cue first"),
        ([HitSpec(Fraction(1))], {"max_segments": 0}, "allow at least 1 segment"),
        ([HitSpec(Fraction(1))], {"jump_penalty": -1.0}, "jump penalty -1.0 must be 0 or more"),
        (
            [HitSpec(Fraction(n, 10)) for n in range(201)],
            {},
            "201 hits is more than a multi-segment plan handles (200)",
        ),
    ],
)
def test_bad_plan_input(hits: list[HitSpec], options: dict, message: str) -> None:
    with pytest.raises(FindTempoError) as caught:
        plan_segments(request(hits), **options)
    assert message in str(caught.value)


def test_fractional_pickup_is_refused() -> None:
    with pytest.raises(FindTempoError, match="not whole beats"):
        plan_segments(request([HitSpec(Fraction(1))], pickup_beats=Fraction(1, 2)))
