"""The change map: where every frame of the old cut went in the new one.

:func:`diff_cuts` compares two cuts' picture (or one audio channel) and gives a
:class:`ChangeMap`: :class:`Segment` entries mapping old record frames to new ones, each
with its :class:`Change`. The steps:

1. each cut is flattened to pieces of one source each (:mod:`.pieces`, where the dissolve
   rule lives: a frame under a dissolve belongs to the incoming shot from the dissolve's
   midpoint on);
2. shots are keyed by source identity (:mod:`.keys`: reel, clip name, source file, VFX
   versions stripped) and every old/new pair of the same source whose source ranges
   overlap (an :class:`~.intervals.IntervalIndex` per identity) becomes a candidate match;
3. one consistent set is kept on the new timeline and the chain that keeps the old
   order is found (:mod:`.schedule`);
4. old frames no kept match maps are deleted (or trimmed, at a shot's head or tail), new
   frames none covers are inserted (or extended, beside a kept part of the same shot);
5. unchanged runs heal: neighbouring segments with the same class, offset and slope merge.

A source frame shown twice in the new cut gives two segments: the copy on the old-order
chain maps the old frame (:meth:`ChangeMap.map_frame`); the other is ``duplicated``. A
partial repeat of a showing is never the copy chosen: off the chain, the whole showing
still maps the frames first.

Frames are integers counted from 00:00:00:00 at the cut's rate; outs are exclusive. A
segment's ``new_in`` is exact (a ``Fraction``, whole unless the speed changed, since a
retimed old frame lands between new frames) and ``slope`` is new frames per old frame.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from functools import cached_property

from scoresync.conform.intervals import IntervalIndex
from scoresync.conform.keys import Keying, index_values, same_source, same_version
from scoresync.conform.pieces import Piece, Time, cut_pieces, exact, track_events
from scoresync.conform.schedule import Match, chain_in_old_order, choose_on_new, partial_repeats
from scoresync.editorial.layer import Cut, Track
from scoresync.errors import ScoreSyncError

__all__ = ["Change", "ChangeMap", "ConformError", "Mapped", "Segment", "diff_cuts"]


class ConformError(ScoreSyncError):
    """Two cuts cannot be compared as asked (their frame rates differ, say)."""


class Change(Enum):
    """What happened to a stretch of picture between the old cut and the new."""

    UNCHANGED = "unchanged"
    """Same frames at the same record time (counted from each cut's start, when the
    starts are aligned)."""
    MOVED = "moved"
    """Same frames in the old order, at another record time."""
    REORDERED = "reordered"
    """Same frames, taken out of the old order (a scene moved)."""
    DUPLICATED = "duplicated"
    """A second showing of old frames; the old frames map to the other one."""
    SPEED_CHANGED = "speed_changed"
    """Same source at another speed."""
    REPLACED = "replaced"
    """Same slot, a new version of the source (a VFX bump, same source range), or another
    shot of the same length exactly where the old one was (renamed, swapped)."""
    TRIMMED_HEAD = "trimmed_head"
    """Old frames gone from the head of a shot that stays."""
    TRIMMED_TAIL = "trimmed_tail"
    """Old frames gone from the tail of a shot that stays."""
    DELETED = "deleted"
    """Old frames gone: a whole shot, or a stretch inside one."""
    EXTENDED = "extended"
    """New frames of a shot that stays, beside its old ones."""
    INSERTED = "inserted"
    """New frames of picture the old cut did not show."""


MAPPED = frozenset(
    {
        Change.UNCHANGED,
        Change.MOVED,
        Change.REORDERED,
        Change.DUPLICATED,
        Change.SPEED_CHANGED,
        Change.REPLACED,
    }
)
"""The changes whose segments map old frames to new ones."""
GONE = frozenset({Change.TRIMMED_HEAD, Change.TRIMMED_TAIL, Change.DELETED})
ADDED = frozenset({Change.EXTENDED, Change.INSERTED})


@dataclass(frozen=True)
class Segment:
    """Old record frames ``old_in`` to ``old_out`` (exclusive) and where they went.

    For a mapped change, old frame ``f`` lands at new record time ``new_in + (f - old_in)
    * slope`` and the segment covers ``new_in`` to ``new_out`` of the new cut. A gone
    segment (deleted, trimmed) has ``new_in == new_out``: where its frames would have
    been in the new cut. An added segment (inserted, extended) has ``old_in ==
    old_out``: where in the old cut the new frames come in. ``sources`` names the shots
    (old and new names where they differ).
    """

    change: Change
    old_in: int
    old_out: int
    new_in: Fraction
    new_out: Fraction
    slope: Fraction
    sources: tuple[str, ...]

    @property
    def maps(self) -> bool:
        return self.change in MAPPED

    @property
    def delta_frames(self) -> Fraction:
        """New record time less old, at the segment's head."""
        return self.new_in - self.old_in

    def new_time(self, old_frame: int) -> Fraction:
        """The exact new record time of ``old_frame`` (inside a mapped segment)."""
        return self.new_in + (old_frame - self.old_in) * self.slope


@dataclass(frozen=True)
class Mapped:
    """Where one old record frame went. ``new_frame`` is the new frame that shows it
    (the floor of ``new_time``), or ``None`` with ``status`` saying why: ``deleted``,
    ``trimmed_head``, ``trimmed_tail``, or ``outside`` (black, or beyond the old cut's
    picture). ``segment`` is the segment it fell in."""

    old_frame: int
    status: str
    new_frame: int | None
    new_time: Fraction | None
    segment: Segment | None


@dataclass(frozen=True)
class ChangeMap:
    """The segments between an old and a new cut: ``segments`` in old order (added
    segments where they come in), and ``primary`` the segments that say where each old
    frame went (mapped ones on the chosen copy, and gone ones), sorted by ``old_in``."""

    segments: tuple[Segment, ...]
    primary: tuple[Segment, ...]

    @property
    def unchanged(self) -> bool:
        """True when every segment is unchanged (the same cut)."""
        return all(segment.change is Change.UNCHANGED for segment in self.segments)

    def changes(self) -> tuple[Segment, ...]:
        """The segments that are not unchanged."""
        return tuple(s for s in self.segments if s.change is not Change.UNCHANGED)

    def duplicates(self) -> list[tuple[Segment, Segment]]:
        """Each duplicated segment with the segment its old frames map to."""
        found = []
        for segment in self.segments:
            if segment.change is Change.DUPLICATED:
                chosen = self.map_frame(segment.old_in).segment
                if chosen is not None:
                    found.append((chosen, segment))
        return found

    @cached_property
    def _primary_starts(self) -> list[int]:
        return [segment.old_in for segment in self.primary]

    def map_frame(self, old_frame: int) -> Mapped:
        """Where old record frame ``old_frame`` went in the new cut."""
        at = bisect_right(self._primary_starts, old_frame) - 1
        if at >= 0 and self.primary[at].old_out > old_frame:
            segment = self.primary[at]
            if segment.maps:
                time = segment.new_time(old_frame)
                return Mapped(old_frame, segment.change.value, math.floor(time), time, segment)
            return Mapped(old_frame, segment.change.value, None, None, segment)
        return Mapped(old_frame, "outside", None, None, None)


def diff_cuts(
    old: Cut,
    new: Cut,
    *,
    keying: Keying | None = None,
    track: Track = Track.PICTURE,
    channel: str = "",
    allow_rate_mismatch: bool = False,
    align_start: bool = False,
) -> ChangeMap:
    """The change map from ``old`` to ``new``.

    ``keying`` says how shots are matched (default: reel, clip name and source file,
    VFX versions stripped). ``track`` and ``channel`` choose what is compared: the
    picture (default) or one audio channel such as ``"A1"``. Cuts at different frame
    rates raise :class:`ConformError` unless ``allow_rate_mismatch``, which compares
    their frame counts as they are (a 23.976 cut against its 24 fps twin).

    ``align_start`` counts record time from each cut's start (its ``record_start``) when
    telling unchanged from moved, so a new cut starting at another hour (00:00:00:00
    against 01:00:00:00, reel 2 at 02:00:00:00) reports the shots that kept their place as
    unchanged rather than every shot as moved. New times stay on the new cut's own
    clock: :meth:`ChangeMap.map_frame` gives the frame to put a cue at in the new cut.
    """
    if old.rate != new.rate and not allow_rate_mismatch:
        raise ConformError(
            f"the old cut runs at {old.rate} fps and the new one at {new.rate} fps: "
            "read them at one rate, or allow the mismatch to compare their frames as counted"
        )
    keying = keying or Keying()
    old_pieces = cut_pieces(track_events(old, track, channel), keying)
    new_pieces = cut_pieces(track_events(new, track, channel), keying)
    kept = choose_on_new(_candidates(old_pieces, new_pieces))
    shift = new.record_start - old.record_start if align_start else 0
    return _build(old_pieces, new_pieces, kept, shift)


def _candidates(old_pieces: list[Piece], new_pieces: list[Piece]) -> list[Match]:
    """Every old/new pair of the same source whose source ranges overlap."""
    by_value: dict[tuple[str, str], list[tuple[Time, Time, int]]] = defaultdict(list)
    for at, piece in enumerate(old_pieces):
        low, high = piece.source_span
        for entry in index_values(piece.identity):
            by_value[entry].append((low, high, at))
    indexes = {entry: IntervalIndex(ranges) for entry, ranges in by_value.items()}
    matches = []
    for new_at, piece in enumerate(new_pieces):
        low, high = piece.source_span
        found: set[int] = set()
        for entry in index_values(piece.identity):
            index = indexes.get(entry)
            if index is not None:
                found.update(index.overlapping(low, high))
        for old_at in sorted(found):
            old_piece = old_pieces[old_at]
            if same_source(old_piece.identity, piece.identity):
                match = _match(old_piece, old_at, piece, new_at)
                if match is not None:
                    matches.append(match)
    return matches


def _match(old: Piece, old_at: int, new: Piece, new_at: int) -> Match | None:
    """The old frames of ``old`` whose source ``new`` shows, and where they land."""
    old_low, old_high = old.source_span
    new_low, new_high = new.source_span
    low, high = max(old_low, new_low), min(old_high, new_high)
    if low >= high:
        return None
    start, speed = exact(old.source_at_in), exact(old.speed)
    if speed > 0:
        first = old.record_in - (start - low) // speed
        last = old.record_in - (start - high) // speed
    else:
        first = old.record_in + (high + speed - start) // speed
        last = old.record_in + (low - start) // speed + 1
    first, last = max(first, old.record_in), min(last, old.record_out)
    if first >= last:
        return None
    source = start + (first - old.record_in) * speed
    new_speed = exact(new.speed)
    offset = source - exact(new.source_at_in)
    if new_speed == 1:
        return Match(first, last, new.record_in + offset, speed, old_at, new_at)
    slope = Fraction(speed) / new_speed
    new_in = new.record_in + Fraction(offset) / new_speed
    return Match(first, last, exact(new_in), exact(slope), old_at, new_at)


def _subtract(low: int, high: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``[low, high)`` outside the sorted disjoint ranges ``taken``."""
    free = []
    at = max(bisect_right(taken, (low, low)) - 1, 0)
    cursor = low
    while at < len(taken) and taken[at][0] < high:
        start, end = taken[at]
        if end > cursor:
            if start > cursor:
                free.append((cursor, min(start, high)))
            cursor = max(cursor, end)
        at += 1
    if cursor < high:
        free.append((cursor, high))
    return free


def _add(taken: list[tuple[int, int]], low: int, high: int) -> None:
    """Adds ``[low, high)`` to the sorted disjoint ranges ``taken``, merging."""
    at = bisect_right(taken, (low, low))
    if at > 0 and taken[at - 1][1] >= low:
        at -= 1
        low = min(low, taken[at][0])
    end = at
    while end < len(taken) and taken[end][0] <= high:
        high = max(high, taken[end][1])
        end += 1
    taken[at:end] = [(low, high)]


def _names(old: Piece, new: Piece | None) -> tuple[str, ...]:
    names = [old.source.describe()]
    if new is not None and new.source.describe() not in names:
        names.append(new.source.describe())
    return tuple(names)


def _mapped_change(match: Match, old: Piece, new: Piece, in_order: bool, shift: int) -> Change:
    if match.slope != 1:
        return Change.SPEED_CHANGED
    if not same_version(old.identity, new.identity):
        return Change.REPLACED
    if not in_order:
        return Change.REORDERED
    return Change.UNCHANGED if match.new_in - shift == match.old_in else Change.MOVED


def _build(
    old_pieces: list[Piece], new_pieces: list[Piece], kept: list[Match], shift: int
) -> ChangeMap:
    """The change map from the kept matches; ``shift`` is the new cut's start less the
    old one's when the starts are aligned (0 otherwise)."""
    chain = chain_in_old_order(kept)
    repeats = partial_repeats(kept)
    ranked = sorted(range(len(kept)), key=lambda i: (i not in chain, i in repeats, i))
    taken: list[tuple[int, int]] = []
    mapped: list[Segment] = []
    primary: list[Segment] = []
    for i in ranked:
        match = kept[i]
        old, new = old_pieces[match.old_piece], new_pieces[match.new_piece]
        change = _mapped_change(match, old, new, i in chain, shift)
        free = _subtract(match.old_in, match.old_out, taken)
        cursor = match.old_in
        for low, high in [*free, (match.old_out, match.old_out)]:
            if cursor < low:
                mapped.append(_segment(Change.DUPLICATED, match, cursor, low, old, new))
            if low < high:
                segment = _segment(change, match, low, high, old, new)
                mapped.append(segment)
                primary.append(segment)
            cursor = high
        _add(taken, match.old_in, match.old_out)
    primary.extend(_gone(old_pieces, taken, primary))
    added = _added(new_pieces, kept)
    replaced, primary, added = _same_slot(primary, added)
    mapped.extend(replaced)
    primary.extend(replaced)
    segments = _heal(sorted([*mapped, *(s for s in primary if s.change in GONE)], key=_old_order))
    everything = sorted([*segments, *added], key=_old_order)
    return ChangeMap(tuple(everything), tuple(_heal(sorted(primary, key=_old_order))))


def _old_order(segment: Segment) -> tuple[int, int, Fraction]:
    return (segment.old_in, segment.old_out, segment.new_in)


def _segment(change: Change, match: Match, low: int, high: int, old: Piece, new: Piece) -> Segment:
    new_in = match.new_in + (low - match.old_in) * match.slope
    return Segment(
        change,
        low,
        high,
        Fraction(new_in),
        Fraction(new_in + (high - low) * match.slope),
        Fraction(match.slope),
        _names(old, new),
    )


def _gone(
    old_pieces: list[Piece], taken: list[tuple[int, int]], primary: list[Segment]
) -> list[Segment]:
    """The old frames no kept match maps, by piece: trimmed at a head or tail of a shot
    that stays, deleted otherwise; each placed where its neighbour went."""
    landed = sorted((s.old_out, s.new_out) for s in primary)
    ends = [old_out for old_out, _ in landed]
    gone = []
    for piece in old_pieces:
        for low, high in _subtract(piece.record_in, piece.record_out, taken):
            if low == piece.record_in and high < piece.record_out:
                change = Change.TRIMMED_HEAD
            elif high == piece.record_out and low > piece.record_in:
                change = Change.TRIMMED_TAIL
            else:
                change = Change.DELETED
            at = bisect_right(ends, low) - 1
            where = landed[at][1] if at >= 0 else Fraction(0)
            gone.append(Segment(change, low, high, where, where, Fraction(1), _names(piece, None)))
    return gone


def _added(new_pieces: list[Piece], kept: list[Match]) -> list[Segment]:
    """The new frames no kept match covers, by piece: extended beside a kept part of the
    same piece, inserted otherwise; each placed after the old frame mapped before it."""
    covered: dict[int, list[tuple[Time, Time]]] = defaultdict(list)
    for match in kept:
        covered[match.new_piece].append(match.new_span)
    landed = sorted((match.new_span[1], match.old_out) for match in kept)
    ends = [new_out for new_out, _ in landed]
    added = []
    for at, piece in enumerate(new_pieces):
        spans = sorted(covered.get(at, []))
        cursor: Time = piece.record_in
        holes = []
        for low, high in [*spans, (piece.record_out, piece.record_out)]:
            if math.ceil(cursor) < math.ceil(low):
                holes.append((math.ceil(cursor), math.ceil(low)))
            cursor = max(cursor, high)
        for start, end in holes:
            change = Change.EXTENDED if spans else Change.INSERTED
            before = bisect_right(ends, start) - 1
            where = landed[before][1] if before >= 0 else 0
            added.append(
                Segment(
                    change,
                    where,
                    where,
                    Fraction(start),
                    Fraction(end),
                    Fraction(1),
                    (piece.source.describe(),),
                )
            )
    return added


def _same_slot(
    primary: list[Segment], added: list[Segment]
) -> tuple[list[Segment], list[Segment], list[Segment]]:
    """Deleted picture and inserted picture of the same length in the same slot (the
    inserted frames come in exactly where the deleted ones went) are one shot replaced
    by another, frame for frame: a VFX shot renamed by its vendor, a temp title swapped
    for the final one. Returns the replacements and what is left of ``primary`` and
    ``added``."""
    slots = {
        (s.old_in, s.new_in, Fraction(s.old_out - s.old_in)): s
        for s in primary
        if s.change is Change.DELETED
    }
    replaced: list[Segment] = []
    left_added: list[Segment] = []
    for segment in added:
        length = segment.new_out - segment.new_in
        gone = slots.pop((segment.old_in, segment.new_in, length), None)
        if segment.change is not Change.INSERTED or gone is None:
            if gone is not None:
                slots[(gone.old_in, gone.new_in, Fraction(gone.old_out - gone.old_in))] = gone
            left_added.append(segment)
            continue
        replaced.append(
            Segment(
                Change.REPLACED,
                gone.old_in,
                gone.old_out,
                segment.new_in,
                segment.new_out,
                Fraction(1),
                (*gone.sources, *segment.sources),
            )
        )
    kept_gone = set(map(id, slots.values()))
    left_primary = [s for s in primary if s.change is not Change.DELETED or id(s) in kept_gone]
    return replaced, left_primary, left_added


def _heal(segments: list[Segment]) -> list[Segment]:
    """Merges neighbours that carry on one another with the same change and slope."""
    healed: list[Segment] = []
    for segment in segments:
        if healed:
            last = healed[-1]
            if (
                last.change is segment.change
                and last.old_out == segment.old_in
                and last.slope == segment.slope
                and (last.new_out == segment.new_in or segment.change in GONE)
            ):
                names = last.sources + tuple(n for n in segment.sources if n not in last.sources)
                healed[-1] = Segment(
                    last.change,
                    last.old_in,
                    segment.old_out,
                    last.new_in,
                    segment.new_out if segment.change in MAPPED else last.new_out,
                    last.slope,
                    names,
                )
                continue
        healed.append(segment)
    return healed
