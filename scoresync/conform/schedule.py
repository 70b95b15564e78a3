"""Choosing one consistent mapping from the candidate matches of two cuts.

A :class:`Match` says: old record frames ``old_in`` to ``old_out`` show the same source
as new record time ``new_in`` on, at ``slope`` new frames per old frame. Candidates can
disagree: where the old cut used a source twice, one new shot matches both places.

:func:`choose_on_new` keeps a set of matches that do not overlap on the new timeline (a
new frame shows one picture), by weighted interval scheduling: a match is worth the new
frames it covers, plus :data:`CONTINUITY_BONUS` when it carries on the match before it
(contiguous in both cuts, same offset and slope), plus :data:`ORDER_BONUS` when it comes
after the match before it in the old cut too, less :data:`REUSE_PENALTY` per old frame it
takes that a match without rivals already maps.

:func:`chain_in_old_order` finds, among the kept matches in new order, the heaviest chain
that also runs forward in the old cut (a weighted longest increasing subsequence with the
same continuity bonus, ``O(n log n)`` with a Fenwick tree). Matches on the chain keep the
old order; the others were reordered, and where an old frame is shown twice the copy on
the chain is the one it maps to. A partial repeat of another match's old frames stays off
the chain, so a shot shown whole and again in part maps to its whole showing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property

from scoresync.conform.pieces import Time

__all__ = ["Match", "chain_in_old_order", "choose_on_new", "partial_repeats"]

CONTINUITY_BONUS = 2.0
"""Worth of carrying on the match before, in frames."""
ORDER_BONUS = 1.0
"""Worth of keeping the old order with the match before, in frames."""
REUSE_PENALTY = 0.5
"""Cost per old frame taken again, when a match without rivals maps it already."""


@dataclass(frozen=True)
class Match:
    """Old record frames ``old_in`` to ``old_out`` land at new record time ``new_in``
    onward, ``slope`` new frames per old frame; ``old_piece`` and ``new_piece`` index the
    pieces of each cut the frames belong to."""

    old_in: int
    old_out: int
    new_in: Time
    slope: Time
    old_piece: int
    new_piece: int

    @cached_property
    def new_out(self) -> Time:
        """Where ``old_out`` would land: the end of the match on the new timeline (its
        start, for a reversed match)."""
        return self.new_in + (self.old_out - self.old_in) * self.slope

    @cached_property
    def new_span(self) -> tuple[Time, Time]:
        """New record time covered, low to high."""
        return min(self.new_in, self.new_out), max(self.new_in, self.new_out)

    def follows(self, other: Match) -> bool:
        """True when this match carries ``other`` on in both cuts."""
        return (
            self.slope == other.slope
            and self.slope > 0
            and other.old_out == self.old_in
            and other.new_out == self.new_in
        )


def _reuse(matches: list[Match]) -> list[float]:
    """Per match, the old frames it shares with matches that have no rival on the new
    timeline (rivals are matches whose new spans overlap)."""
    order = sorted(range(len(matches)), key=lambda i: matches[i].new_span[0])
    rivalled = [False] * len(matches)
    reach: Time | None = None
    reach_at = -1
    for i in order:
        low, high = matches[i].new_span
        if reach is not None and low < reach:
            rivalled[i] = rivalled[reach_at] = True
        if reach is None or high > reach:
            reach, reach_at = high, i
    sole = sorted((matches[i].old_in, matches[i].old_out) for i in order if not rivalled[i])
    starts = [start for start, _ in sole]
    longest = max((end - start for start, end in sole), default=0)
    shared = [0.0] * len(matches)
    for i, match in enumerate(matches):
        if not rivalled[i]:
            continue
        at = bisect_left(starts, match.old_in - longest)
        while at < len(sole) and sole[at][0] < match.old_out:
            overlap = min(sole[at][1], match.old_out) - max(sole[at][0], match.old_in)
            shared[i] += max(overlap, 0)
            at += 1
    return shared


def choose_on_new(matches: list[Match]) -> list[Match]:
    """The matches kept, in new order: none overlap on the new timeline."""
    if not matches:
        return []
    shared = _reuse(matches)
    order = sorted(range(len(matches)), key=lambda i: (matches[i].new_span[1], i))
    ends = [matches[i].new_span[1] for i in order]
    score = [0.0] * len(order)
    back = [-1] * len(order)
    best_upto: list[tuple[float, int]] = []
    """best_upto[k]: the best score among the first k + 1 in ``order`` and where."""
    carried_by: dict[tuple[int, Time, Time], int] = {}
    for k, i in enumerate(order):
        match = matches[i]
        low, high = match.new_span
        worth = float(high - low) - REUSE_PENALTY * shared[i]
        before = bisect_right(ends, low, 0, k) - 1
        value, prev = worth, -1
        if before >= 0:
            best, where = best_upto[before]
            bonus = ORDER_BONUS if matches[order[where]].old_out <= match.old_in else 0.0
            if best + bonus + worth > value:
                value, prev = best + bonus + worth, where
        carried = carried_by.get((match.old_in, match.new_in, match.slope))
        if carried is not None:
            candidate = score[carried] + CONTINUITY_BONUS + ORDER_BONUS + worth
            if candidate > value:
                value, prev = candidate, carried
        score[k], back[k] = value, prev
        last = best_upto[-1] if best_upto else (float("-inf"), -1)
        best_upto.append((value, k) if value > last[0] else last)
        if match.slope > 0:
            key = (match.old_out, match.new_out, match.slope)
            held = carried_by.get(key)
            if held is None or score[held] < value:
                carried_by[key] = k
    kept = []
    at = best_upto[-1][1]
    while at >= 0:
        kept.append(matches[order[at]])
        at = back[at]
    kept.reverse()
    return kept


def partial_repeats(matches: list[Match]) -> set[int]:
    """Indexes of the matches that show again part of the old frames another match shows
    (their old frames lie inside its old frames, which are more)."""
    order = sorted(range(len(matches)), key=lambda i: (matches[i].old_in, -matches[i].old_out))
    repeats = set()
    reach = None
    for i in order:
        span = (matches[i].old_in, matches[i].old_out)
        if reach is not None and span[1] <= reach[1] and span != reach:
            repeats.add(i)
        elif reach is None or span[1] > reach[1]:
            reach = span
    return repeats


def chain_in_old_order(matches: list[Match]) -> set[int]:
    """Indexes into ``matches`` (in new order) of the heaviest chain that also runs
    forward in the old cut. A repeat of part of what another match shows (a flashback,
    a shot shown again in part) is never on the chain, so the old frames of one shot
    stay together on the showing that holds them all."""
    if not matches:
        return set()
    repeats = partial_repeats(matches)
    outs = sorted({match.old_out for match in matches})
    size = len(outs)
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)

    def best_upto(position: int) -> tuple[float, int]:
        found = (0.0, -1)
        while position > 0:
            if tree[position][0] > found[0]:
                found = tree[position]
            position -= position & -position
        return found

    def record(position: int, entry: tuple[float, int]) -> None:
        while position <= size:
            if entry[0] > tree[position][0]:
                tree[position] = entry
            position += position & -position

    score = [0.0] * len(matches)
    back = [-1] * len(matches)
    ending: dict[tuple[int, Time, Time], int] = {}
    for i, match in enumerate(matches):
        if i in repeats:
            score[i] = float("-inf")
            continue
        worth = float(match.old_out - match.old_in)
        value, prev = best_upto(bisect_right(outs, match.old_in))
        value += worth
        carried = ending.get((match.old_in, match.new_in, match.slope))
        if carried is not None and score[carried] + CONTINUITY_BONUS + worth > value:
            value, prev = score[carried] + CONTINUITY_BONUS + worth, carried
        score[i], back[i] = value, prev
        record(bisect_left(outs, match.old_out) + 1, (value, i))
        if match.slope > 0:
            ending[(match.old_out, match.new_out, match.slope)] = i
    chain = set()
    at = max(range(len(matches)), key=lambda i: score[i])
    while at >= 0:
        chain.add(at)
        at = back[at]
    return chain
