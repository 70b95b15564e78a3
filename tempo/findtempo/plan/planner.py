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

Every hit keeps its grid: grid positions are counted from the grid origin, ``pickup``
beats before the downbeat, through all the segments, so a bar-grid hit (grid 1/4 in 4/4)
must land on a bar line of the whole map even when breaks fall mid-bar (the plan carries
the bar phase from segment to segment), and a subdivision hit on its subdivision. The
pickup must be whole beats, so breaks stay on beats. A ramp that starts at the downbeat
chooses its start tempo freely.

The plan's tempos are decimals to 1/10000 BPM, and what it claims to catch is measured
on the tempo map it stands for (see :mod:`tempo.findtempo.plan.builtmap`), so the claim is
what that map gives; the search itself scores spans with fast float figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from tempo.common.errors import FindTempoError
from tempo.findtempo.bound import sweep_top
from tempo.findtempo.check import check_request, restrict
from tempo.findtempo.figures import hit_results
from tempo.findtempo.model import FindTempoRequest, HitResult
from tempo.findtempo.plan.builtmap import MapPiece, decimal_bpm, hits_on_map, plan_tempo_map
from tempo.findtempo.plan.spans import (
    FIT_WEIGHT,
    MUST_MISS_PENALTY,
    Shape,
    SortedHits,
    SpanOption,
    constant_options,
    free_ramp_options,
    ramp_options,
    sort_hits,
    tempo_prior,
)
from tempo.findtempo.rank import rank
from tempo.findtempo.rows import plan_rows
from tempo.map.measure import tally_hits

MAX_PLAN_HITS = 200
STATES_PER_NODE = 3
"""States kept per break node, distinct in end tempo or bar phase; the best state of each
other bar phase is kept as well."""
RAMP_CHANGE_SHARE = 0.5
FINAL_CANDIDATES = 3
DISTINCT_BPM = 0.005


@dataclass(frozen=True)
class PlannedSegment:
    """One segment of a plan; times are seconds from the downbeat.

    ``end_seconds`` is the break hit the segment ends on, exactly on beat ``beats``
    (whole beats); ``None`` for a last segment that runs on freely (``beats`` is then the
    beat of its last hit's grid position). ``start_bpm`` and ``end_bpm`` are multiples of
    1/10000 BPM, so ``Fraction(str(start_bpm))`` is the exact tempo the plan was checked
    at. ``hits_caught`` of ``hits_total`` hits in the segment, measured on the plan's map.
    """

    start_seconds: Fraction
    end_seconds: Fraction | None
    start_bpm: float
    end_bpm: float
    shape: Shape
    beats: Fraction
    hits_caught: int
    hits_total: int


@dataclass(frozen=True)
class MultiSegmentPlan:
    """A chosen plan: its segments, what it catches on its map and the jump penalty it
    paid.

    ``per_hit`` says where each hit falls on the map, in the request's order (frames only
    with the request's fps); ``weighted_hits`` and ``hits`` count the caught hits,
    ``near`` the near misses, ``miss`` the rest, and ``rms_seconds`` is the weighted RMS
    offset of the caught hits.
    """

    segments: tuple[PlannedSegment, ...]
    per_hit: tuple[HitResult, ...]
    weighted_hits: float
    hits: int
    near: int
    miss: int
    rms_seconds: float
    jump_penalty: float


@dataclass(frozen=True)
class _State:
    """A partial plan ending at a break node, ``beat`` whole beats after the downbeat."""

    score: float
    end_bpm: float | None
    segments: int
    jumps: float
    option: SpanOption | None
    parent: _State | None
    beat: int


@dataclass(frozen=True)
class _Settings:
    """The plan options and the request's pickup (whole beats)."""

    allow_ramps: bool
    jump_penalty: float
    max_segments: int
    segment_cost: float
    pickup: int

    def phase(self, hits: SortedHits, beat: int) -> int:
        """Bar phase of a segment start ``beat`` beats after the downbeat."""
        return (beat + self.pickup) % hits.phase_period


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
    settings = _Settings(
        allow_ramps, jump_penalty, max_segments, segment_cost, int(problem.pickup_beats)
    )
    states: list[list[_State]] = [[] for _ in range(hits.count + 1)]
    states[0] = [_State(0.0, None, 0, 0.0, None, None, 0)]
    finals: list[tuple[float, float, _State, SpanOption | None]] = []
    for node in range(hits.count + 1):
        states[node] = _prune(hits, settings, states[node])
        if not states[node]:
            continue
        if node == hits.count:
            finals += [(state.score, state.jumps, state, None) for state in states[node]]
            continue
        finals += _finish(hits, node, states[node], settings)
        for state, option, score in _extend(hits, node, states[node], settings):
            if option.end_node is None:
                continue
            ends_plan = option.end_node == hits.count
            if state.segments + (1 if ends_plan else 2) > max_segments:
                continue
            jumps = state.jumps + _jump(state, option, jump_penalty)
            beat = state.beat + int(option.beats)
            states[option.end_node].append(
                _State(score, option.end_bpm, state.segments + 1, jumps, option, state, beat)
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
            "multi-segment plan breaks on whole beats, so give a whole-beat pickup"
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


def _prune(hits: SortedHits, settings: _Settings, candidates: list[_State]) -> list[_State]:
    """The best few states, each distinct from better ones in end tempo or bar phase,
    and the best state of every other bar phase."""
    kept: list[_State] = []
    phases: set[int] = set()
    for state in sorted(candidates, key=lambda s: -s.score):
        phase = settings.phase(hits, state.beat)
        if len(kept) >= STATES_PER_NODE and phase in phases:
            continue
        if state.end_bpm is not None and any(
            k.end_bpm is not None
            and settings.phase(hits, k.beat) == phase
            and abs(k.end_bpm - state.end_bpm) <= DISTINCT_BPM * k.end_bpm
            for k in kept
        ):
            continue
        kept.append(state)
        phases.add(phase)
    return kept


def _extend(
    hits: SortedHits, node: int, states: list[_State], settings: _Settings
) -> list[tuple[_State, SpanOption, float]]:
    """Every (state, next segment, new score) from break ``node``."""
    cost = settings.segment_cost
    change_rate = RAMP_CHANGE_SHARE * settings.jump_penalty
    constants: dict[int, list[SpanOption]] = {}
    moves = []
    for state in states:
        phase = settings.phase(hits, state.beat)
        if phase not in constants:
            constants[phase] = constant_options(hits, node, phase, cost)
            if settings.allow_ramps and node == 0:
                constants[phase] += free_ramp_options(hits, phase, cost, change_rate)
        options = constants[phase]
        if settings.allow_ramps and state.end_bpm is not None:
            options = options + ramp_options(hits, node, phase, state.end_bpm, cost, change_rate)
        for option in options:
            score = state.score + option.value - _jump(state, option, settings.jump_penalty)
            moves.append((state, option, score))
    return moves


def _finish(
    hits: SortedHits, node: int, states: list[_State], settings: _Settings
) -> list[tuple[float, float, _State, SpanOption | None]]:
    """Plans that end with a free constant segment from break ``node``."""
    done: list[tuple[float, float, _State, SpanOption | None]] = []
    lasts: dict[int, list[SpanOption]] = {}
    for state in states:
        if state.segments + 1 > settings.max_segments:
            continue
        phase = settings.phase(hits, state.beat)
        if phase not in lasts:
            lasts[phase] = _free_last_options(hits, node, phase, settings.segment_cost)
        for option in lasts[phase]:
            jump = _jump(state, option, settings.jump_penalty)
            done.append((state.score + option.value - jump, state.jumps + jump, state, option))
    return done


def _free_last_options(
    hits: SortedHits, node: int, phase: int, segment_cost: float
) -> list[SpanOption]:
    """The best few constant tempos for all hits after ``node`` (exact sweep), the grid
    origin ``phase`` beats before the segment start."""
    problem = restrict(
        hits.problem,
        list(hits.order[node:]),
        hits.node_seconds(node),
        pickup_beats=Fraction(phase),
        max_candidates=FINAL_CANDIDATES,
    )
    options = []
    for ranked in rank(problem, sweep_top(problem, plan_rows(problem), problem.max_candidates)):
        candidate, caught, offset = ranked.candidate, ranked.caught, ranked.offset_seconds
        w = problem.w[caught]
        weight = math.fsum(w.tolist())
        fit = float(np.sum(w * (offset[caught] / problem.tau_f[caught]) ** 2))
        must_missed = int(np.sum(problem.must & ~caught))
        value = (
            weight
            - MUST_MISS_PENALTY * must_missed
            - FIT_WEIGHT * fit
            - float(tempo_prior(problem, candidate.bpm))
            - segment_cost
        )
        options.append(
            SpanOption(
                start_node=node,
                end_node=None,
                shape="constant",
                start_bpm=candidate.bpm,
                end_bpm=candidate.bpm,
                beats=Fraction(int(ranked.grid_index[-1])) / problem.grid[-1] - phase,
                weight=weight,
                caught=int(caught.sum()),
                total=problem.n_hits,
                squares=float(np.sum(w * offset[caught] ** 2)),
                value=value,
                interval=candidate.interval,
            )
        )
    return options


def _plan(
    hits: SortedHits, state: _State, last: SpanOption | None, jumps: float
) -> MultiSegmentPlan:
    """Walks the chosen chain of states back to the downbeat, puts its tempos to decimals
    and totals what the plan's map catches."""
    options: list[SpanOption] = [] if last is None else [last]
    cursor: _State | None = state
    while cursor is not None and cursor.option is not None:
        options.append(cursor.option)
        cursor = cursor.parent
    options.reverse()
    pieces = [_piece(o) for o in options]
    problem = hits.problem
    on_map = hits_on_map(problem, plan_tempo_map(problem, pieces))
    in_order = [on_map[i] for i in hits.order]
    unit_quarters = problem.beat_unit.quarters
    segments = []
    start_beat = Fraction(0)
    for option, piece in zip(options, pieces, strict=True):
        stop = hits.count if option.end_node is None else option.end_node
        span = in_order[option.start_node : stop]
        beats = piece.beats
        if beats is None:
            last_line = span[-1].line_quarters / unit_quarters - problem.pickup_beats
            beats = last_line - start_beat
        segments.append(
            PlannedSegment(
                start_seconds=hits.node_seconds(option.start_node),
                end_seconds=None if option.end_node is None else hits.node_seconds(stop),
                start_bpm=float(piece.start_bpm),
                end_bpm=float(piece.end_bpm),
                shape=option.shape,
                beats=beats,
                hits_caught=sum(h.status == "hit" for h in span),
                hits_total=len(span),
            )
        )
        start_beat += beats
    tally = tally_hits(on_map, problem.w.tolist())
    return MultiSegmentPlan(
        segments=tuple(segments),
        per_hit=hit_results(problem, on_map),
        weighted_hits=tally.weighted_hits,
        hits=tally.hits,
        near=tally.near,
        miss=tally.miss,
        rms_seconds=tally.rms_seconds,
        jump_penalty=jumps,
    )


def _piece(option: SpanOption) -> MapPiece:
    """The segment ``option`` as its map holds it, at decimal tempos."""
    if option.end_node is None:
        bpm = decimal_bpm(option.start_bpm, option.interval)
        return MapPiece(None, bpm, bpm, "constant")
    start = decimal_bpm(option.start_bpm)
    end = start if option.shape == "constant" else decimal_bpm(option.end_bpm)
    return MapPiece(option.beats, start, end, option.shape)
