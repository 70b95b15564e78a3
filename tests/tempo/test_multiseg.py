"""Multi-segment Find Tempo: known maps come back, and every claim re-checks."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from tempo.errors import FindTempoError
from tempo.findtempo import FindTempoRequest, HitSpec, find_tempo
from tempo.multiseg import MultiSegmentPlan, PlannedSegment, plan_segments

FRAME_24 = Fraction(1, 24)
SLACK_SECONDS = 1e-9


def request(hits: list[HitSpec], **options: object) -> FindTempoRequest:
    options.setdefault("tolerance_seconds", FRAME_24)
    return FindTempoRequest(tuple(hits), **options)  # type: ignore[arg-type]


def ms(seconds: float) -> Fraction:
    return Fraction(round(seconds * 1000), 1000)


# Independent tempo-curve formulas (DESIGN.md section 4), to re-check plans.


def beats_at(segment: PlannedSegment, u: float) -> float:
    t0, t1, b = segment.start_bpm, segment.end_bpm, float(segment.beats)
    if segment.shape == "constant" or t1 == t0:
        return t0 * u / 60
    if segment.shape == "linear-beats":
        return t0 * b / (t1 - t0) * (math.exp(u * (t1 - t0) / (60 * b)) - 1)
    d = float(segment.end_seconds - segment.start_seconds)  # type: ignore[operator]
    return (t0 * u + (t1 - t0) * u * u / (2 * d)) / 60


def seconds_at(segment: PlannedSegment, beat: float) -> float:
    t0, t1, b = segment.start_bpm, segment.end_bpm, float(segment.beats)
    if segment.shape == "constant" or t1 == t0:
        return 60 * beat / t0
    if segment.shape == "linear-beats":
        inside = 1 + (t1 - t0) * beat / (t0 * b)
        return 60 * b / (t1 - t0) * math.log(inside) if inside > 0 else math.inf
    d = float(segment.end_seconds - segment.start_seconds)  # type: ignore[operator]
    a = (t1 - t0) / (2 * d)
    root = t0 * t0 + 240 * a * beat
    return 120 * beat / (t0 + math.sqrt(root)) if root >= 0 else math.inf


def caught_by_plan(plan: MultiSegmentPlan, hits: list[HitSpec]) -> list[bool]:
    """Whether each hit lies within its tolerance of a grid position of the plan."""
    caught = []
    for hit in hits:
        segment = next(
            s
            for i, s in enumerate(plan.segments)
            if (s.end_seconds is None or hit.seconds <= s.end_seconds)
            and (i == 0 or hit.seconds > s.start_seconds)
        )
        u = float(hit.seconds - segment.start_seconds)
        grid = max(float(hit.grid), 1.0)
        k = round(grid * beats_at(segment, u))
        tolerance = float(hit.tolerance_seconds or FRAME_24)
        caught.append(abs(seconds_at(segment, k / grid) - u) <= tolerance + SLACK_SECONDS)
    return caught


def check_plan(plan: MultiSegmentPlan, hits: list[HitSpec]) -> list[bool]:
    """Asserts the plan's own claims and returns the recomputed catches."""
    caught = caught_by_plan(plan, hits)
    assert sum(caught) == plan.hits
    assert plan.miss == len(hits) - plan.hits
    assert plan.weighted_hits == pytest.approx(
        sum(h.weight for h, c in zip(hits, caught, strict=True) if c)
    )
    assert sum(s.hits_total for s in plan.segments) == len(hits)
    assert plan.segments[0].start_seconds == 0
    for before, after in zip(plan.segments, plan.segments[1:], strict=False):
        assert before.end_seconds is not None
        assert before.end_seconds == after.start_seconds
        span = float(before.end_seconds - before.start_seconds)
        assert beats_at(before, span) == pytest.approx(float(before.beats), abs=1e-7)
        assert before.beats.denominator == 1
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
