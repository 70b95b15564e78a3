"""Find Tempo: known answers, exact intervals, bad input, and "never beaten" properties."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import tempo.findtempo.bound as findtempo_bound
import tempo.findtempo.rows as findtempo_rows
import tempo.findtempo.sweep as findtempo_sweep
from tempo.common.errors import FindTempoError, TempoError
from tempo.findtempo.check import check_request
from tempo.findtempo.rank import rank
from tempo.findtempo.solver import (
    Candidate,
    FindTempoRequest,
    HitSpec,
    find_tempo,
    find_tempo_with_anchor_choice,
)

FRAME_24 = Fraction(1, 24)


def request(hits: list[HitSpec], **options: object) -> FindTempoRequest:
    options.setdefault("tolerance_seconds", FRAME_24)
    return FindTempoRequest(tuple(hits), **options)  # type: ignore[arg-type]


def containing(candidates: list[Candidate], bpm: float) -> Candidate | None:
    for candidate in candidates:
        lo, hi = candidate.interval
        if lo <= Fraction(bpm) <= hi:
            return candidate
    return None


def exact_offsets(hits: tuple[HitSpec, ...], bpm: Fraction, pickup: Fraction = Fraction(0)):
    """Exact offset (s) of each hit from its nearest grid position at ``bpm``."""
    period = Fraction(60) / bpm
    offsets = []
    for hit in hits:
        g = Fraction(hit.grid)
        k = round((hit.seconds / period + pickup) * g)
        offsets.append((Fraction(k) / g - pickup) * period - hit.seconds)
    return offsets


# --- known answers -------------------------------------------------------------------


def test_hits_on_a_120_bpm_grid_are_all_caught() -> None:
    hits = [HitSpec(Fraction(n, 2), label=f"hit {n}") for n in (0, 1, 2, 3, 5, 8, 13, 21)]
    best = find_tempo(request(hits))[0]
    assert best.hits == len(hits)
    assert best.miss == 0 and best.near == 0
    assert best.interval[0] <= 120 <= best.interval[1]
    assert best.bpm == 120.0
    assert best.nice_bpms[0] == 120
    assert best.rms_seconds == pytest.approx(0.0, abs=1e-12)
    assert [r.grid_index for r in best.per_hit] == [0, 1, 2, 3, 5, 8, 13, 21]
    assert all(r.status == "hit" for r in best.per_hit)


def test_frames_48_96_144_at_24_fps_give_12_0() -> None:
    hits = [HitSpec(Fraction(frames, 24)) for frames in (48, 96, 144, 192, 240)]
    candidates = find_tempo(request(hits, fps=Fraction(24)))
    at_120 = containing(candidates, 120)
    assert at_120 is not None
    assert at_120.hits == 5
    assert at_120.frame_click == "12-0"
    assert at_120.bpm == 120.0
    assert at_120.rms_frames == pytest.approx(0.0, abs=1e-9)
    assert all(r.frames_off == pytest.approx(0.0, abs=1e-9) for r in at_120.per_hit)
    assert candidates[0].hits == 5


def test_half_and_double_time_alternatives_are_offered() -> None:
    hits = [HitSpec(Fraction(n)) for n in range(1, 9)]
    candidates = find_tempo(request(hits, min_bpm=Fraction(40), max_bpm=Fraction(240)))
    for bpm in (60, 120, 180, 240):
        found = containing(candidates, bpm)
        assert found is not None, f"no candidate at {bpm} BPM"
        assert found.hits == 8
    assert candidates[0].interval[0] <= 120 <= candidates[0].interval[1]


def test_auricle_style_frame_click_12_2() -> None:
    """Hits spotted to the nearest frame on a 12-2 click (117.55 BPM at 24 fps)."""
    frames_per_beat = Fraction(98, 8)
    clicks = (1, 3, 5, 8, 9, 14, 17, 22, 25, 31)
    names = ("downbeat", "door", "look", "cut", "slam", "car", "kiss", "cut 2", "wave", "end")
    hits = [
        HitSpec(Fraction(round((n - 1) * frames_per_beat), 24), label=name)
        for n, name in zip(clicks, names, strict=True)
    ]
    best = find_tempo(request(hits, fps=Fraction(24)))[0]
    click_bpm = Fraction(60 * 24) / frames_per_beat
    assert best.hits == len(hits)
    assert best.interval[0] <= click_bpm <= best.interval[1]
    assert best.frame_click == "12-2"
    assert click_bpm in best.nice_bpms
    assert 117 <= best.bpm <= 118.2
    assert max(abs(r.frames_off or 0) for r in best.per_hit) <= 1.0


def test_pickup_moves_bar_grid_hits() -> None:
    bar = Fraction(1, 4)
    hits = [
        HitSpec(Fraction(s), grid=bar) for s in (Fraction(3, 2), Fraction(7, 2), Fraction(11, 2))
    ]
    with_pickup = find_tempo(request(hits, pickup_beats=Fraction(1), min_bpm=Fraction(100)))
    best = with_pickup[0]
    assert best.hits == 3 and best.interval[0] <= 120 <= best.interval[1]
    assert [r.grid_index for r in best.per_hit] == [1, 2, 3]
    without = containing(find_tempo(request(hits, min_bpm=Fraction(100))), 120)
    assert without is None or without.hits < 3


def test_hit_at_the_anchor_is_caught_at_every_tempo() -> None:
    hits = [HitSpec(Fraction(0), label="downbeat"), HitSpec(Fraction(1, 60), label="close")]
    for candidate in find_tempo(request(hits)):
        assert candidate.per_hit[0].status == "hit"
        assert candidate.per_hit[1].status == "hit"


def test_must_hit_ranks_above_more_weight() -> None:
    grid_120 = [HitSpec(Fraction(n, 2)) for n in range(1, 7)]
    odd = HitSpec(Fraction(37, 100), must_hit=True, label="must")
    best = find_tempo(request([*grid_120, odd]))[0]
    assert best.per_hit[-1].status == "hit"
    without_must = find_tempo(request([*grid_120, HitSpec(Fraction(37, 100))]))[0]
    assert without_must.hits == 6


def test_weight_decides_between_conflicting_hits() -> None:
    """No tempo in 100-130 BPM catches both (their intervals are disjoint)."""
    light = HitSpec(Fraction(1), weight=2.0, label="light")
    heavy = HitSpec(Fraction(11, 10), weight=3.0, label="heavy")
    best = find_tempo(request([light, heavy], min_bpm=Fraction(100), max_bpm=Fraction(130)))[0]
    assert [r.status for r in best.per_hit] == ["miss", "hit"]
    assert best.weighted_hits == 3.0
    swapped = [HitSpec(Fraction(1), weight=3.0), HitSpec(Fraction(11, 10), weight=2.0)]
    best = find_tempo(request(swapped, min_bpm=Fraction(100), max_bpm=Fraction(130)))[0]
    assert [r.status for r in best.per_hit] == ["hit", "miss"]


def test_a_hit_with_its_own_tolerance_keeps_every_hit_on_its_grid_and_tolerance() -> None:
    """One hit's own tolerance must not turn the others' grids into tolerances (and back)."""
    hits = [
        HitSpec(Fraction(0), grid=Fraction(1, 4), label="downbeat"),
        HitSpec(Fraction(5, 2), label="beat 6"),
        HitSpec(Fraction(4), grid=Fraction(1, 4), label="bar 3"),
        HitSpec(Fraction(21, 4), grid=Fraction(2), tolerance_seconds=FRAME_24 / 2, label="and"),
    ]
    candidates = find_tempo(request(hits, fps=Fraction(24), min_bpm=Fraction(100)))
    best = candidates[0]
    assert best.hits == 4 and best.interval[0] <= 120 <= best.interval[1]
    assert [r.grid_index for r in best.per_hit] == [0, 5, 2, 21]
    for candidate in candidates:
        for hit, result in zip(hits, candidate.per_hit, strict=True):
            tolerance = hit.tolerance_seconds or FRAME_24
            caught = abs(Fraction(result.offset_seconds)) <= tolerance * (1 + Fraction(1, 10**9))
            assert caught == (result.status == "hit"), (candidate.bpm, result)


def test_near_misses_are_reported() -> None:
    late = Fraction(1, 2) + Fraction(3, 2) * FRAME_24  # 1.5 frames late on 120 BPM
    hits = [HitSpec(Fraction(n, 2)) for n in range(2, 20, 2)] + [HitSpec(late, label="late")]
    candidates = find_tempo(request(hits, fps=Fraction(24), max_bpm=Fraction(125)))
    at_120 = containing(candidates, 120)
    assert at_120 is not None
    late_result = at_120.per_hit[-1]
    assert late_result.status == "near"
    assert late_result.frames_off == pytest.approx(-1.5, abs=0.05)
    assert at_120.near == 1


def test_no_tempo_in_range_catches_anything() -> None:
    candidates = find_tempo(request([HitSpec(Fraction(1, 10), label="early")]))
    assert len(candidates) == 1
    assert candidates[0].hits == 0
    assert candidates[0].interval == (Fraction(40), Fraction(240))


def test_free_downbeat_finds_the_real_downbeat() -> None:
    stray = HitSpec(Fraction(3, 10), label="stray")
    beats = [HitSpec(Fraction(1) + Fraction(n, 2), label=f"b{n}") for n in (0, 1, 3, 4, 7, 9, 12)]
    found = find_tempo_with_anchor_choice(request([stray, *beats], max_candidates=5))
    best = found[0]
    assert best.anchor_seconds == 1
    assert best.anchor_label == "b0"
    assert best.dropped_labels == ("stray",)
    assert best.candidate.hits == len(beats)
    assert best.candidate.interval[0] <= 120 <= best.candidate.interval[1]


def test_candidates_are_ranked() -> None:
    rng = np.random.default_rng(11)
    seconds = sorted(int(x) for x in rng.integers(0, 30_000, 20))
    hits = [HitSpec(Fraction(ms, 1000)) for ms in seconds]
    candidates = find_tempo(request(hits, fps=Fraction(24)))
    assert len(candidates) == 10
    weights = [c.weighted_hits for c in candidates]
    assert weights == sorted(weights, reverse=True)
    for candidate in candidates:
        assert candidate.hits + candidate.near + candidate.miss == len(hits)
        assert candidate.interval[0] <= Fraction(candidate.bpm) <= candidate.interval[1]
        assert all(candidate.interval[0] <= b <= candidate.interval[1] for b in candidate.nice_bpms)


# --- exact intervals -----------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_interval_endpoints_hold_a_hit_exactly_at_tolerance(seed: int) -> None:
    rng = np.random.default_rng(seed)
    seconds = sorted(int(x) for x in rng.integers(0, 20_000, 12))
    grids = [Fraction(int(g)) for g in rng.choice([1, 2], 12)]
    hits = tuple(HitSpec(Fraction(ms, 1000), grid=g) for ms, g in zip(seconds, grids, strict=True))
    req = request(list(hits), min_bpm=Fraction(60), max_bpm=Fraction(180))
    for candidate in find_tempo(req):
        caught = [r.status == "hit" for r in candidate.per_hit]
        for end in candidate.interval:
            offsets = exact_offsets(hits, end)
            at_end = [abs(o) <= FRAME_24 for o in offsets]
            assert at_end == caught
            if end not in (req.min_bpm, req.max_bpm):
                assert any(abs(o) == FRAME_24 for o, c in zip(offsets, caught, strict=True) if c)


def test_touching_intervals_are_resolved_exactly() -> None:
    """Two hits whose intervals touch at one exact tempo: both are caught there."""
    tau = FRAME_24
    first = Fraction(1)
    bpm = 60 / (first - tau)  # the top of the first hit's interval (k = 1)
    second = 2 * 60 / bpm - tau  # its k = 2 interval starts at exactly the same tempo
    hits = [HitSpec(first, label="a"), HitSpec(second, label="b")]
    best = find_tempo(request(hits, min_bpm=Fraction(40), max_bpm=Fraction(70)))[0]
    assert best.hits == 2
    assert best.interval == (bpm, bpm)


def test_float_and_exact_paths_build_the_same_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    hits = [
        HitSpec(Fraction(int(ms), 1000), grid=Fraction(int(g)))
        for ms, g in zip(rng.integers(0, 60_000, 30), rng.choice([1, 2, 3], 30), strict=True)
    ]
    problem = check_request(request(hits, pickup_beats=Fraction(1, 2)))
    fast = findtempo_rows.build_rows(problem)
    monkeypatch.setattr(findtempo_rows, "FLOAT_SLACK", float("inf"))
    exact = findtempo_rows.build_rows(problem)
    for field in ("hit", "k_lo", "k_hi", "special", "lo_f", "hi_f"):
        assert np.array_equal(getattr(fast, field), getattr(exact, field)), field


# --- bad input -----------------------------------------------------------------------

ONE = [HitSpec(Fraction(1))]
BAD_INPUT = [
    (dict(hits=()), "no hits to fit: add hits to the cue first"),
    (dict(tolerance_seconds=Fraction(0)), "tolerance of 0 s is not greater than 0"),
    (dict(tolerance_seconds=Fraction(-1, 24)), "tolerance of -0.0416667 s is not greater than 0"),
    (
        dict(min_bpm=Fraction(120), max_bpm=Fraction(120)),
        "tempo range 120-120 BPM is empty: the minimum must be below the maximum",
    ),
    (
        dict(min_bpm=Fraction(150), max_bpm=Fraction(90)),
        "tempo range 150-90 BPM is empty: the minimum must be below the maximum",
    ),
    (dict(min_bpm=Fraction(0)), "minimum tempo 0 BPM is not greater than 0"),
    (
        dict(hits=(HitSpec(Fraction(-1, 2), label="door slam"),)),
        "hit 'door slam' at -0.5 s falls before the downbeat: choose an earlier downbeat or "
        "remove the hit",
    ),
    (dict(hits=(HitSpec(Fraction(1), weight=0.0, label="x"),)), "hit 'x' has weight 0.0: weights"),
    (dict(hits=(HitSpec(Fraction(1), weight=-2.0),)), "hit 1 has weight -2.0: weights"),
    (dict(hits=(HitSpec(Fraction(1), grid=Fraction(0)),)), "hit 1 has grid 0: the grid must be"),
    (
        dict(hits=(HitSpec(Fraction(1), tolerance_seconds=Fraction(0), label="y"),)),
        "hit 'y' has a tolerance of 0 s",
    ),
    (dict(near_factor=Fraction(1, 2)), "near factor 0.5 is below 1"),
    (dict(max_candidates=0), "max_candidates is 0: ask for at least 1 candidate"),
    (dict(fps=Fraction(0)), "frame rate 0 fps is not greater than 0"),
    (dict(hits=(HitSpec(float("nan")),)), "the time of hit 1 must be a finite number"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("changes", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_clear_message(changes: dict, message: str) -> None:
    fields = dict(hits=tuple(ONE), tolerance_seconds=FRAME_24)
    fields.update(changes)
    with pytest.raises(FindTempoError) as caught:
        find_tempo(FindTempoRequest(**fields))  # type: ignore[arg-type]
    assert message in str(caught.value)
    assert isinstance(caught.value, TempoError) and isinstance(caught.value, ValueError)


# --- properties ----------------------------------------------------------------------


def brute_force_best(seconds, weights, grids, tolerance, lo, hi, step) -> float:
    """Best caught weight over tempos ``lo, lo + step, ... hi`` (vectorised, in chunks)."""
    tempos = np.arange(lo, hi + step / 2, step)
    best = 0.0
    for start in range(0, tempos.size, 4096):
        t = tempos[start : start + 4096, None]
        k = np.rint(seconds * t / 60.0 * grids)
        caught = np.abs(k / grids * 60.0 / t - seconds) <= tolerance
        best = max(best, float((caught * weights).sum(axis=1).max()))
    return best


FLOAT_SLACK_SECONDS = 1e-13
"""A float re-check allows this much (float error is ~1e-14 s here): an interval can be
one exact tempo (two hits each exactly at tolerance), which no float reproduces exactly,
while a reported tempo sits 1e-11 (relative) inside any wider interval."""


def caught_at(seconds, grids, tolerance, bpm: float) -> np.ndarray:
    k = np.rint(seconds * bpm / 60.0 * grids)
    return np.abs(k / grids * 60.0 / bpm - seconds) <= tolerance + FLOAT_SLACK_SECONDS


hit_sets = st.integers(5, 30).flatmap(
    lambda n: st.tuples(
        st.integers(10_000, 60_000),
        st.lists(st.integers(0, 10**6), min_size=n, max_size=n),
        st.lists(st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0]), min_size=n, max_size=n),
        st.lists(st.sampled_from([1, 2]), min_size=n, max_size=n),
    )
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hit_sets)
@example((20372, [0, 0, 0, 20372, 34607], [0.5] * 5, [1] * 5))  # a one-tempo interval
def test_find_tempo_is_never_beaten_by_a_stepped_scan(data) -> None:
    span_ms, raw, weights, grids = data
    ms = [r * span_ms // 10**6 for r in raw]
    hits = [
        HitSpec(Fraction(m, 1000), weight=w, grid=Fraction(g))
        for m, w, g in zip(ms, weights, grids, strict=True)
    ]
    candidates = find_tempo(request(hits, min_bpm=Fraction(60), max_bpm=Fraction(180)))
    best = candidates[0]
    seconds = np.array(ms) / 1000.0
    w = np.array(weights)
    g = np.array(grids, dtype=float)
    stepped = brute_force_best(seconds, w, g, 1 / 24, 60.0, 180.0, 0.001)
    assert stepped <= best.weighted_hits + 1e-9
    recomputed = float((w * caught_at(seconds, g, 1 / 24, best.bpm)).sum())
    assert recomputed == pytest.approx(best.weighted_hits)
    for candidate in candidates:
        claimed = [r.status == "hit" for r in candidate.per_hit]
        assert caught_at(seconds, g, 1 / 24, candidate.bpm).tolist() == claimed


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(0, 30_000), min_size=3, max_size=15),
    st.sampled_from([Fraction(1, 4), Fraction(1, 2), Fraction(1), Fraction(2), Fraction(3)]),
    st.sampled_from([Fraction(0), Fraction(1), Fraction(1, 2)]),
)
def test_every_candidate_interval_is_exact(ms, grid, pickup) -> None:
    hits = tuple(HitSpec(Fraction(m, 1000), grid=grid) for m in ms)
    req = request(list(hits), pickup_beats=pickup, max_candidates=4)
    for candidate in find_tempo(req):
        lo, hi = candidate.interval
        assert lo <= hi
        caught = [r.status == "hit" for r in candidate.per_hit]
        for end in (lo, hi, (lo + hi) / 2):
            offsets = exact_offsets(hits, end, pickup)
            assert [abs(o) <= FRAME_24 for o in offsets] == caught


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 30_000), min_size=2, max_size=12),
    st.lists(st.sampled_from([Fraction(1, 4), Fraction(1), Fraction(2), Fraction(3)]), min_size=12),
    st.sampled_from([Fraction(0), Fraction(1), Fraction(1, 2), Fraction(3)]),
    st.sampled_from([None, Fraction(1, 48)]),
)
def test_reported_figures_are_exact_offsets_from_the_grid(ms, grids, pickup, own) -> None:
    """Every figure a candidate reports, at its tempo and at each nice tempo, is the exact
    offset of each hit from its nearest grid position ``k/g - pickup`` beats after the
    anchor, with the status, counts and weighted RMS that follow from it."""
    hits = tuple(
        HitSpec(Fraction(m, 1000), weight=1.0 + i % 2, grid=g, tolerance_seconds=own if i else None)
        for i, (m, g) in enumerate(zip(ms, grids, strict=False))
    )
    req = request(list(hits), pickup_beats=pickup, fps=Fraction(24), max_candidates=4)
    for candidate in find_tempo(req):
        for bpm in (candidate.exact_bpm, *candidate.nice_bpms):
            figures = candidate.figures_at(bpm)
            offsets = exact_offsets(hits, bpm, pickup)
            statuses = []
            for hit, offset, result in zip(hits, offsets, figures.per_hit, strict=True):
                tolerance = hit.tolerance_seconds or FRAME_24
                size = abs(offset)
                status = "hit" if size <= tolerance else "near" if size <= 2 * tolerance else "miss"
                assert result.status == status
                assert abs(result.offset_seconds) == float(size)
                assert result.frames_off == pytest.approx(result.offset_seconds * 24, rel=1e-15)
                statuses.append(status)
            caught = [(h, o) for h, o, s in zip(hits, offsets, statuses, strict=True) if s == "hit"]
            weight = sum(h.weight for h, _ in caught)
            assert figures.hits == len(caught) and figures.weighted_hits == weight
            assert (figures.near, figures.miss) == (statuses.count("near"), statuses.count("miss"))
            squares = sum(Fraction(h.weight) * o * o for h, o in caught)
            rms = math.sqrt(squares / Fraction(weight)) if caught else 0.0
            assert figures.rms_seconds == pytest.approx(rms, rel=1e-12, abs=1e-15)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.integers(0, 60_000), min_size=5, max_size=40),
    st.lists(st.booleans(), min_size=40, max_size=40),
    st.integers(1, 12),
    st.sampled_from([Fraction(0), Fraction(1), Fraction(1, 2), Fraction(2, 3)]),
    st.sampled_from([1, 7, 8192]),
)
def test_bounded_sweep_ranks_like_the_full_sweep(ms, must, max_candidates, pickup, block) -> None:
    """Sweeping only the promising buckets gives exactly the full sweep's answer, however
    the rows are blocked for counting."""
    hits = [
        HitSpec(
            Fraction(m, 1000),
            weight=1.0 + (i % 3) / 2,
            grid=Fraction(1 + i % 2),
            must_hit=must[i] and i % 5 == 0,
        )
        for i, m in enumerate(ms)
    ]
    req = request(hits, max_candidates=max_candidates, fps=Fraction(24), pickup_beats=pickup)
    problem = check_request(req)
    full = rank(problem, findtempo_sweep.sweep(problem, findtempo_rows.build_rows(problem)))
    small_rows, block_rows = findtempo_bound.SMALL_ROWS, findtempo_bound.BLOCK_ROWS
    try:
        findtempo_bound.SMALL_ROWS, findtempo_bound.BLOCK_ROWS = 0, block
        plan = findtempo_rows.plan_rows(problem)
        bounded = rank(problem, findtempo_bound.sweep_top(problem, plan, max_candidates))
    finally:
        findtempo_bound.SMALL_ROWS, findtempo_bound.BLOCK_ROWS = small_rows, block_rows
    assert [r.candidate for r in bounded] == [r.candidate for r in full]


@pytest.mark.parametrize(
    ("seed", "pickup", "bpm_range"),
    [
        (0, Fraction(0), (Fraction(40), Fraction(240))),
        (1, Fraction(1, 3), (Fraction(40), Fraction(240))),
        (2, Fraction(3), (Fraction(40), Fraction(240))),
        (3, Fraction(0), (Fraction(9731, 100), Fraction(9743, 100))),
        (4, Fraction(1, 2), (Fraction(1201, 10), Fraction(1213, 10))),
    ],
)
def test_bucket_bounds_count_every_touching_row(
    seed: int, pickup: Fraction, bpm_range: tuple[Fraction, Fraction]
) -> None:
    """A bucket's bound is at least the weight of the rows touching it, and at most the
    weight of the rows touching it or a neighbour; also in narrow ranges, where most
    hits' first and last rows straddle the ends of the range."""
    rng = np.random.default_rng(seed)
    hits = [
        HitSpec(Fraction(int(m), 1000), weight=float(w), grid=Fraction(int(g)))
        for m, w, g in zip(
            rng.integers(0, 90_000, 40),
            rng.choice([1, 2, 3], 40),
            rng.choice([1, 2], 40),
            strict=True,
        )
    ]
    min_bpm, max_bpm = bpm_range
    problem = check_request(request(hits, pickup_beats=pickup, min_bpm=min_bpm, max_bpm=max_bpm))
    plan = findtempo_rows.plan_rows(problem)
    rows = findtempo_rows.rows_of(problem, plan)
    bound = findtempo_bound._bucket_bound(problem, plan, problem.w)
    buckets = findtempo_bound.BUCKETS
    width = float(problem.max_bpm - problem.min_bpm) / buckets
    first = np.floor((rows.lo_f - float(problem.min_bpm)) / width).astype(int)
    last = np.floor((rows.hi_f - float(problem.min_bpm)) / width).astype(int)
    touching = np.zeros(buckets + 2)
    for lo, hi, w in zip(first, last, problem.w[rows.hit], strict=True):
        touching[max(lo, 0) + 1 : min(hi, buckets - 1) + 2] += w
    assert np.all(bound >= touching[1:-1] - 1e-9)
    near = np.zeros(buckets + 2)
    for lo, hi, w in zip(first, last, problem.w[rows.hit], strict=True):
        near[max(lo - 1, 0) + 1 : min(hi + 1, buckets - 1) + 2] += w
    assert np.all(bound <= near[1:-1] + 1e-9)


def test_per_hit_results_read_like_a_tuple() -> None:
    hits = [HitSpec(Fraction(n, 2), label=f"hit {n}") for n in (1, 2, 3, 5)]
    best = find_tempo(request(hits, fps=Fraction(24)))[0]
    results = best.per_hit
    assert len(results) == 4
    assert results[0].label == "hit 1" and results[-1].label == "hit 5"
    assert results[1:3] == tuple(results)[1:3]
    assert [r.grid_index for r in results] == [1, 2, 3, 5]
    assert results == tuple(results)
    assert best == find_tempo(request(hits, fps=Fraction(24)))[0]
