"""What a cut shows, frame by frame: its events flattened to pieces of one source each.

A :class:`Piece` is a stretch of the record side showing one source at one speed: record
frame ``f`` shows source frame ``source_at_in + (f - record_in) * speed`` (exact, a
``Fraction`` for a retimed shot). Gaps (black, slugs) make no piece.

The dissolve rule: a frame under a dissolve (or wipe) belongs to the outgoing shot
before the dissolve's midpoint and to the incoming shot from the midpoint on. A
transition of ``d`` frames starting at ``t0`` (at the cut for an EDL dissolve, ``d // 2``
frames before it when centred, ``d`` frames before it when it ends at the cut) has its
midpoint at ``t0 + d // 2``. The outgoing shot carries on past the cut up to the midpoint
(from the EDL's from-line source, or the shot before), or stops short of it; the
incoming shot starts there. Keys are not dissolves: the background stays, as cut.

A freeze frame (speed 0) is keyed by the frame it holds: its pieces run at normal speed
over a source counted from zero, so two freezes of the same frame match head to head.

Where record events overlap (a list's mistake), the later event wins the frames both
cover.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from functools import cached_property, lru_cache

from scoresync.conform.keys import Identity, Keying, identity_of
from scoresync.editorial.layer import Alignment, Cut, Event, Source, Track, TransitionKind

__all__ = ["Piece", "Time", "cut_pieces", "exact"]

Time = int | Fraction
"""An exact time in frames: an ``int`` when whole, a ``Fraction`` otherwise."""


def exact(value: Fraction) -> Time:
    """``value`` as an ``int`` when it is whole: the same number, compared and added many
    times faster, which counts when thousands of shots are matched."""
    return value.numerator if value.denominator == 1 else value


@dataclass(frozen=True)
class Piece:
    """A stretch ``record_in`` to ``record_out`` (exclusive) of one source at ``speed``;
    ``event`` is the index of the event it comes from in the list read."""

    record_in: int
    record_out: int
    identity: Identity
    source: Source
    source_at_in: Fraction
    speed: Fraction
    event: int

    @cached_property
    def source_span(self) -> tuple[Time, Time]:
        """The source the piece shows, low to high (exclusive), as continuous time: each
        frame covers its source frame and the ``abs(speed)`` after it."""
        first, speed = exact(self.source_at_in), exact(self.speed)
        last = first + (self.record_out - self.record_in - 1) * speed
        return min(first, last), max(first, last) + (speed if speed >= 0 else -speed)

    def clipped(self, record_in: int, record_out: int) -> Piece:
        """The part of the piece from ``record_in`` to ``record_out``."""
        return replace(
            self,
            record_in=record_in,
            record_out=record_out,
            source_at_in=self.source_at_in + (record_in - self.record_in) * self.speed,
        )


@lru_cache(maxsize=1 << 16)
def _identity(source: Source, keying: Keying) -> Identity:
    """:func:`~.keys.identity_of`, worked out once for a source both cuts show."""
    return identity_of(source, keying)


def _piece(event: Event, index: int, keying: Keying) -> Piece | None:
    if event.is_gap or event.source is None or event.source_in is None:
        return None
    identity = _identity(event.source, keying)
    if event.speed == 0:
        frozen = Identity(
            values=(*identity.values, ("freeze", str(event.source_in))), exact=identity.exact
        )
        return Piece(
            event.record_in,
            event.record_out,
            frozen,
            event.source,
            Fraction(0),
            Fraction(1),
            index,
        )
    return Piece(
        event.record_in,
        event.record_out,
        identity,
        event.source,
        Fraction(event.source_in),
        event.speed,
        index,
    )


def _midpoint(event: Event) -> int | None:
    transition = event.transition
    if transition is None or transition.kind is TransitionKind.KEY:
        return None
    length = transition.duration_frames
    if length <= 1:
        return None
    cut = event.record_in
    start = {
        Alignment.START: cut,
        Alignment.CENTRE: cut - length // 2,
        Alignment.END: cut - length,
    }[transition.alignment]
    return start + length // 2


def track_events(cut: Cut, track: Track = Track.PICTURE, channel: str = "") -> tuple[Event, ...]:
    """The events of one track of ``cut`` in record order: the picture track, or the
    audio events of ``channel`` (``"A1"`` ...; the first audio channel when empty)."""
    if track is Track.PICTURE:
        return cut.events
    events = [event for event in cut.others if event.track is track]
    if channel == "":
        channel = next((ch for event in events for ch in event.channels), "")
    chosen = [event for event in events if not channel or channel in event.channels]
    return tuple(sorted(chosen, key=lambda event: event.record_in))


def cut_pieces(events: tuple[Event, ...], keying: Keying) -> list[Piece]:
    """The pieces ``events`` (one track, in record order) show, in record order, with
    the dissolve rule applied and overlaps settled."""
    pieces: list[Piece] = []
    for index, event in enumerate(events):
        piece = _piece(event, index, keying)
        middle = _midpoint(event)
        if middle is not None and middle != event.record_in:
            _settle_dissolve(pieces, event, index, middle, keying)
            if piece is not None:
                if middle > event.record_in:
                    piece = piece.clipped(min(middle, piece.record_out), piece.record_out)
                else:
                    piece = replace(
                        piece,
                        record_in=middle,
                        source_at_in=piece.source_at_in - (event.record_in - middle) * piece.speed,
                    )
        if piece is not None and piece.record_out > piece.record_in:
            _place(pieces, piece)
    return pieces


def _settle_dissolve(
    pieces: list[Piece], event: Event, index: int, middle: int, keying: Keying
) -> None:
    """Carries the outgoing shot on to ``middle`` or stops it there."""
    cut = event.record_in
    before = pieces[-1] if pieces and pieces[-1].record_out == cut else None
    if middle < cut:
        if before is not None:
            pieces[-1] = before.clipped(before.record_in, max(middle, before.record_in))
            if pieces[-1].record_out == pieces[-1].record_in:
                pieces.pop()
        return
    transition = event.transition
    outgoing = transition.from_event if transition is not None else None
    if outgoing is not None and not outgoing.is_gap:
        carried = _piece(replace(outgoing, record_out=middle), index, keying)
        if carried is not None:
            _place(pieces, replace(carried, record_in=cut, record_out=middle))
    elif before is not None:
        pieces[-1] = replace(before, record_out=middle)


def _place(pieces: list[Piece], piece: Piece) -> None:
    """Adds ``piece`` after the others, cutting back the ones it overlaps."""
    while pieces and pieces[-1].record_out > piece.record_in:
        last = pieces.pop()
        if last.record_in < piece.record_in:
            pieces.append(last.clipped(last.record_in, piece.record_in))
            break
    pieces.append(piece)
