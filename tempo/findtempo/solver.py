"""Find Tempo: the tempos whose beats land on picture hit points.

Each hit is caught on a finite set of exact tempo intervals; a sweep over all their
endpoints finds every tempo region that catches a set of hits no neighbouring tempo
improves on, over the whole continuous range (no stepped scan that can step over a narrow
interval). Each region becomes a candidate with its exact interval, its least-squares
tempo, round tempos and frame clicks inside it, and the offset of every hit.

>>> from fractions import Fraction
>>> hits = tuple(HitSpec(Fraction(n, 2)) for n in (1, 2, 3, 5))
>>> best = find_tempo(FindTempoRequest(hits, tolerance_seconds=Fraction(1, 24)))[0]
>>> best.hits, best.interval[0] <= 120 <= best.interval[1]
(4, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction

from tempo.common.errors import FindTempoError
from tempo.findtempo.bound import sweep_top
from tempo.findtempo.check import check_request, exact
from tempo.findtempo.model import (
    AnchoredCandidate,
    Candidate,
    FindTempoRequest,
    HitResult,
    HitSpec,
    HitStatus,
)
from tempo.findtempo.rank import Ranked, RankKey, rank
from tempo.findtempo.rows import plan_rows

__all__ = [
    "AnchoredCandidate",
    "Candidate",
    "FindTempoRequest",
    "HitResult",
    "HitSpec",
    "HitStatus",
    "find_tempo",
    "find_tempo_with_anchor_choice",
]


def find_tempo(request: FindTempoRequest) -> list[Candidate]:
    """The tempos that best catch the request's hits, best first.

    Raises ``FindTempoError`` for input a user can get wrong (no hits, a hit before the
    downbeat, a non-positive tolerance, weight or grid, an empty tempo range).
    """
    return [ranked.candidate for ranked in _solve(request)]


def find_tempo_with_anchor_choice(
    request: FindTempoRequest, anchor_seconds: Sequence[Fraction] | None = None
) -> list[AnchoredCandidate]:
    """Find Tempo with a free downbeat: tries each anchor and merges the rankings.

    Here the hits' ``seconds`` are on one clock of the caller's (for example from the cue
    start). Each anchor (by default the time of each hit, in time order) is tried as the
    downbeat; hits before it are left out and count as missed, so a later anchor has to
    catch more of the rest to rank above an earlier one. Returns the best
    ``request.max_candidates`` over all anchors.
    """
    if not request.hits:
        raise FindTempoError("no hits to fit: add hits to the cue first")
    anchors = _anchors(request, anchor_seconds)
    merged: list[tuple[RankKey, AnchoredCandidate]] = []
    for anchor, label in anchors:
        kept = [h for h in request.hits if exact(h.seconds, "a hit time") >= anchor]
        dropped = [h for h in request.hits if exact(h.seconds, "a hit time") < anchor]
        if not kept:
            continue
        shifted = tuple(replace(h, seconds=exact(h.seconds, "a hit time") - anchor) for h in kept)
        dropped_must = any(h.must_hit for h in dropped)
        for ranked in _solve(replace(request, hits=shifted)):
            key = replace(ranked.key, must_ok=ranked.key.must_ok and not dropped_must)
            found = AnchoredCandidate(
                anchor_seconds=anchor,
                anchor_label=label,
                dropped_labels=tuple(h.label for h in dropped),
                candidate=ranked.candidate,
            )
            merged.append((key, found))
    merged.sort(key=lambda pair: pair[0].sort_key())
    return [found for _, found in merged[: request.max_candidates]]


def _anchors(
    request: FindTempoRequest, anchor_seconds: Sequence[Fraction] | None
) -> list[tuple[Fraction, str]]:
    """The distinct anchors to try with their labels, in time order."""
    if anchor_seconds is None:
        pairs = [(exact(h.seconds, "a hit time"), h.label) for h in request.hits]
    else:
        pairs = [(exact(a, "an anchor time"), "") for a in anchor_seconds]
    if not pairs:
        raise FindTempoError("no downbeat to try: give at least one anchor time")
    chosen: dict[Fraction, str] = {}
    for seconds, label in sorted(pairs, key=lambda pair: pair[0]):
        chosen.setdefault(seconds, label)
    return list(chosen.items())


def _solve(request: FindTempoRequest) -> list[Ranked]:
    problem = check_request(request)
    return rank(problem, sweep_top(problem, plan_rows(problem), problem.max_candidates))
