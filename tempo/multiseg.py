"""Multi-segment Find Tempo: a tempo map for hits that no single tempo catches.

Break points fall on hits (the downbeat at 0 s is the first). Dynamic programming over
the hits in time order chooses the breaks: every segment but the last ends exactly on a
whole beat at its break hit (so the next starts on a beat) and is constant or a ramp
(tempo linear in beats or in time) continuing from the previous segment's end tempo; the
last segment is a free constant tempo found by the exact Find Tempo sweep, or ends on the
last hit. A plan scores the weighted hits it catches, less ``jump_penalty`` times each
relative tempo jump at a break, less ``segment_cost`` per segment (more for a ramp, which
also pays half the jump rate for the tempo change along it). A missed must-hit hit costs
more than any number of ordinary hits, so breaks land on must-hit hits whenever that is
what catches them.

Beats are counted from the downbeat: bar-grid hits (grid below 1) are fitted to beats,
because a break can fall mid-bar, and a pickup must be whole beats (it does not move the
beat grid). A ramp that starts at the downbeat chooses its start tempo freely.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import numpy as np

from tempo.errors import FindTempoError
from tempo.findtempo_bound import sweep_top
from tempo.findtempo_check import check_request, restrict
from tempo.findtempo_model import FindTempoRequest
from tempo.findtempo_rank import rank
from tempo.findtempo_spans import (
    FIT_WEIGHT,
    MUST_MISS_PENALTY,
    SortedHits,
    SpanOption,
    constant_options,
    free_ramp_options,
    ramp_options,
    sort_hits,
    tempo_prior,
)
from tempo.findtempo_sweep import build_rows

MAX_PLAN_HITS = 200
STATES_PER_NODE = 3
RAMP_CHANGE_SHARE = 0.5
FINAL_CANDIDATES = 3
DISTINCT_BPM = 0.005

SegmentShape = Literal["constant", "linear-beats", "linear-time"]


@dataclass(frozen=True)
class PlannedSegment:
    """One segment of a plan; times are seconds from the downbeat.

    ``end_seconds`` is the break hit the segment ends on, exactly on beat ``beats``;
    ``None`` for a last segment that runs on freely (``beats`` is then the beat of its
    last hit's grid position). ``hits_caught`` of ``hits_total`` hits in the segment.
    """

    start_seconds: Fraction
    end_seconds: Fraction | None
    start_bpm: float
    end_bpm: float
    shape: SegmentShape
    beats: Fraction
    hits_caught: int
    hits_total: int


@dataclass(frozen=True)
class MultiSegmentPlan:
    """A chosen plan: its segments, what it catches and the jump penalty it paid."""

    segments: tuple[PlannedSegment, ...]
    weighted_hits: float
    hits: int
    miss: int
    rms_seconds: float
    jump_penalty: float


@dataclass(frozen=True)
class _State:
    """A partial plan ending at a break node."""

    score: float
    end_bpm: float | None
    segments: int
    jumps: float
    option: SpanOption | None
    parent: _State | None


def plan_segments(
    request: FindTempoRequest,
    *,
    allow_ramps: bool = True,
    jump_penalty: float = 2.0,
    max_segments: int = 8,
    segment_cost: float = 0.5,
) -> MultiSegmentPlan:
    """The best multi-segment plan for the request's hits (at most ``max_segments``).

    ``jump_penalty`` is charged per unit of relative tempo change at a break (so 2.0
    makes a 10 % jump cost 0.2 of a hit) and, at half that rate, over a ramp;
    ``segment_cost`` (in hits) is charged per segment. A segment that ends on a break
    spans at most ``SPAN_HITS`` hits (longer stretches chain segments, or finish with
    the free last segment), and a ramp changes tempo by at most ``MAX_RAMP_RATIO``, so
    the work per span is bounded; up to ``MAX_PLAN_HITS`` hits.
    """
    problem = check_request(request)
    _check_plan_options(request, problem.n_hits, jump_penalty, max_segments, segment_cost)
    hits = sort_hits(problem)
    states: list[list[_State]] = [[] for _ in range(hits.count + 1)]
    states[0] = [_State(0.0, None, 0, 0.0, None, None)]
    finals: list[tuple[float, float, _State, SpanOption | None]] = []
    for node in range(hits.count + 1):
        states[node] = _prune(states[node])
        if not states[node]:
            continue
        if node == hits.count:
            finals += [(state.score, state.jumps, state, None) for state in states[node]]
            continue
        finals += _finish(hits, node, states[node], jump_penalty, max_segments, segment_cost)
        for state, option, score in _extend(
            hits, node, states[node], allow_ramps, jump_penalty, segment_cost
        ):
            if option.end_node is None:
                continue
            ends_plan = option.end_node == hits.count
            if state.segments + (1 if ends_plan else 2) > max_segments:
                continue
            jumps = state.jumps + _jump(state, option, jump_penalty)
            states[option.end_node].append(
                _State(score, option.end_bpm, state.segments + 1, jumps, option, state)
            )
    _, jumps, state, last = max(finals, key=lambda item: item[0])
    return _plan(hits, state, last, jumps)


def _check_plan_options(
    request: FindTempoRequest,
    n_hits: int,
    jump_penalty: float,
    max_segments: int,
    segment_cost: float,
) -> None:
    if n_hits > MAX_PLAN_HITS:
        raise FindTempoError(
            f"{n_hits} hits is more than a multi-segment plan handles ({MAX_PLAN_HITS}): "
            "split the cue and plan each part"
        )
    if Fraction(request.pickup_beats).denominator != 1:
        raise FindTempoError(
            f"a pickup of {float(request.pickup_beats):g} beats is not whole beats: a "
            "multi-segment plan counts whole beats from the downbeat"
        )
    if not math.isfinite(jump_penalty) or jump_penalty < 0:
        raise FindTempoError(f"jump penalty {jump_penalty!r} must be 0 or more")
    if not math.isfinite(segment_cost) or segment_cost < 0:
        raise FindTempoError(f"segment cost {segment_cost!r} must be 0 or more")
    if not isinstance(max_segments, int) or max_segments < 1:
        raise FindTempoError(f"max_segments is {max_segments!r}: allow at least 1 segment")


def _jump(state: _State, option: SpanOption, jump_penalty: float) -> float:
    """Penalty for the relative tempo change from ``state`` into ``option``."""
    if state.end_bpm is None:
        return 0.0
    return jump_penalty * abs(option.start_bpm - state.end_bpm) / state.end_bpm


def _prune(candidates: list[_State]) -> list[_State]:
    """The best few states, each ending at a tempo distinct from better ones."""
    kept: list[_State] = []
    for state in sorted(candidates, key=lambda s: -s.score):
        if state.end_bpm is not None and any(
            k.end_bpm is not None and abs(k.end_bpm - state.end_bpm) <= DISTINCT_BPM * k.end_bpm
            for k in kept
        ):
            continue
        kept.append(state)
        if len(kept) == STATES_PER_NODE:
            break
    return kept


def _extend(
    hits: SortedHits,
    node: int,
    states: list[_State],
    allow_ramps: bool,
    jump_penalty: float,
    segment_cost: float,
) -> list[tuple[_State, SpanOption, float]]:
    """Every (state, next segment, new score) from break ``node``."""
    constants = constant_options(hits, node, segment_cost)
    change_rate = RAMP_CHANGE_SHARE * jump_penalty
    free_ramps = (
        free_ramp_options(hits, segment_cost, change_rate) if allow_ramps and node == 0 else []
    )
    moves = []
    for state in states:
        options = constants + free_ramps
        if allow_ramps and state.end_bpm is not None:
            options = options + ramp_options(hits, node, state.end_bpm, segment_cost, change_rate)
        for option in options:
            score = state.score + option.value - _jump(state, option, jump_penalty)
            moves.append((state, option, score))
    return moves


def _finish(
    hits: SortedHits,
    node: int,
    states: list[_State],
    jump_penalty: float,
    max_segments: int,
    segment_cost: float,
) -> list[tuple[float, float, _State, SpanOption | None]]:
    """Plans that end with a free constant segment from break ``node``."""
    done: list[tuple[float, float, _State, SpanOption | None]] = []
    for option in _free_last_options(hits, node, segment_cost):
        for state in states:
            if state.segments + 1 <= max_segments:
                jump = _jump(state, option, jump_penalty)
                done.append((state.score + option.value - jump, state.jumps + jump, state, option))
    return done


def _free_last_options(hits: SortedHits, node: int, segment_cost: float) -> list[SpanOption]:
    """The best few constant tempos for all hits after ``node`` (exact sweep)."""
    problem = restrict(
        hits.problem,
        list(hits.order[node:]),
        hits.node_seconds(node),
        min_grid=Fraction(1),
        max_candidates=FINAL_CANDIDATES,
    )
    options = []
    rows = build_rows(problem)
    for ranked in rank(problem, sweep_top(problem, rows, problem.max_candidates)):
        candidate = ranked.candidate
        caught = np.array([r.status == "hit" for r in candidate.per_hit])
        offset = np.array([r.offset_seconds for r in candidate.per_hit])
        w = problem.w[caught]
        fit = float(np.sum(w * (offset[caught] / problem.tau_f[caught]) ** 2))
        must_missed = int(np.sum(problem.must & ~caught))
        value = (
            candidate.weighted_hits
            - MUST_MISS_PENALTY * must_missed
            - FIT_WEIGHT * fit
            - float(tempo_prior(problem, candidate.bpm))
            - segment_cost
        )
        last = candidate.per_hit[-1]
        options.append(
            SpanOption(
                start_node=node,
                end_node=None,
                shape="constant",
                start_bpm=candidate.bpm,
                end_bpm=candidate.bpm,
                beats=Fraction(last.grid_index) / problem.grid[-1],
                weight=candidate.weighted_hits,
                caught=candidate.hits,
                total=problem.n_hits,
                squares=float(np.sum(w * offset[caught] ** 2)),
                value=value,
            )
        )
    return options


def _plan(
    hits: SortedHits, state: _State, last: SpanOption | None, jumps: float
) -> MultiSegmentPlan:
    """Walks the chosen chain of states back to the downbeat and totals the plan."""
    options: list[SpanOption] = [] if last is None else [last]
    cursor: _State | None = state
    while cursor is not None and cursor.option is not None:
        options.append(cursor.option)
        cursor = cursor.parent
    options.reverse()
    segments = tuple(
        PlannedSegment(
            start_seconds=hits.node_seconds(o.start_node),
            end_seconds=None if o.end_node is None else hits.node_seconds(o.end_node),
            start_bpm=o.start_bpm,
            end_bpm=o.end_bpm,
            shape=o.shape,
            beats=o.beats,
            hits_caught=o.caught,
            hits_total=o.total,
        )
        for o in options
    )
    weight = math.fsum(o.weight for o in options)
    caught = sum(o.caught for o in options)
    squares = math.fsum(o.squares for o in options)
    return MultiSegmentPlan(
        segments=segments,
        weighted_hits=weight,
        hits=caught,
        miss=hits.count - caught,
        rms_seconds=math.sqrt(squares / weight) if weight > 0 else 0.0,
        jump_penalty=jumps,
    )
