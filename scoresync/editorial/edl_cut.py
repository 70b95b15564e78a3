"""A read list's events made into the picture layer.

:func:`build_cut` takes what a :class:`~.edl_reader.ListReader` read and makes the
:class:`~.layer.Cut`:

- a transition line (dissolve, wipe, key) takes as its outgoing side the zero-length line
  just before it, under its own number or, as some writers number it, at the end of the
  event before (with a note); that line becomes the transition's ``from_event``;
- names go to lines: ``TO CLIP NAME`` to the transition line, ``FROM CLIP NAME`` to the
  other lines (to all when the list gives no ``TO`` name); likewise the file names;
- video events (a ``V`` channel) form the picture track sorted by record in, a key's
  foreground (``K``, ``KO``), audio-only and ``NONE`` events go to ``others``;
- black (``BL``, ``BLK``, ``BLACK``) is a gap, a freeze's source out is one frame after its
  source in, and each record overlap on the picture track gets a note.

It also counts the edits: every event of the cut, and every from-line inside a transition.
"""

from __future__ import annotations

import os

from scoresync.editorial.edl_clock import counterpart
from scoresync.editorial.edl_lines import vfx_shot_in_name
from scoresync.editorial.edl_reader import ListEvent, ListLine, ListReader
from scoresync.editorial.layer import (
    Alignment,
    Cut,
    Event,
    EventKind,
    Origin,
    Source,
    Track,
    Transition,
    TransitionKind,
)

__all__ = ["BLACK_REELS", "build_cut"]

BLACK_REELS = frozenset({"BL", "BLK", "BLACK"})
"""Reels that mean black: their events are gaps."""

_TRANSITION_KINDS = {"D": TransitionKind.DISSOLVE, "W": TransitionKind.WIPE}


def build_cut(reader: ListReader) -> tuple[Cut, int]:
    """The cut a settled reader holds, and its number of edits (event lines that became
    an event or a transition's from-line)."""
    pair_transitions(reader)
    picture: list[Event] = []
    others: list[Event] = []
    for event in reader.events:
        name_lines(event)
        for entry in event.lines:
            if not entry.is_from_line:
                made = event_of(entry, event, reader.file)
                (picture if made.track is Track.PICTURE else others).append(made)
    picture.sort(key=lambda made: (made.record_in, made.origin.line or 0))
    note_overlaps(reader, picture)
    edits = len(picture) + len(others)
    edits += sum(
        1
        for made in (*picture, *others)
        if made.transition is not None and made.transition.from_event is not None
    )
    if edits != reader.event_lines:
        lines = ", ".join(str(at) for at in reader.unread_lines[:20])
        more = " ..." if len(reader.unread_lines) > 20 else ""
        reader.note(
            None,
            f"{reader.event_lines - edits} of {reader.event_lines} event lines did not "
            f"become edits (lines {lines}{more})",
        )
    if reader.event_lines == 0:
        reader.note(None, "no event lines: is this a CMX 3600 edit decision list?")
    first_drop = reader.events[0].lines[0].drop if reader.events else reader.rate.drop
    everything = picture or others
    cut = Cut(
        rate=counterpart(reader.rate, drop=first_drop) or reader.rate,
        events=tuple(picture),
        origin=Origin(reader.file),
        name=reader.title,
        record_start=min((made.record_in for made in everything), default=0),
        others=tuple(others),
        markers=tuple(reader.markers),
        notes=tuple(reader.notes),
        comments=tuple(reader.header),
    )
    return cut, edits


def pair_transitions(reader: ListReader) -> None:
    """Gives each transition line its from-line: the zero-length line just before it, in
    its own event or, failing that, at the end of the event before."""
    previous: ListLine | None = None
    for event in reader.events:
        for index, entry in enumerate(event.lines):
            candidate = event.lines[index - 1] if index else previous
            if (
                entry.is_transition
                and candidate is not None
                and candidate.zero_length
                and not candidate.is_transition
                and not candidate.is_from_line
            ):
                entry.from_line = candidate
                candidate.is_from_line = True
                if not index:
                    reader.note(
                        entry.at,
                        f"the from-line of this transition (line {candidate.at}) is numbered "
                        f"{candidate.fields.number}, not {entry.fields.number}; taken as its "
                        "outgoing side",
                    )
        if event.lines:
            previous = event.lines[-1]


def name_lines(event: ListEvent) -> None:
    """Gives the event's names to its lines: ``TO`` names to transition lines, ``FROM``
    names to the others (to all lines when the list gives no ``TO`` name)."""
    names = event.names
    has_to = "to_clip" in names or "to_file" in names
    for entry in event.lines:
        incoming = entry.is_transition and has_to
        entry.clip_name = names.get("to_clip" if incoming else "from_clip", "")
        if incoming:
            entry.source_file = names.get("to_file", names.get("source_file", ""))
        elif entry.is_from_line and has_to:
            entry.source_file = names.get("from_file", "")
        else:
            entry.source_file = names.get("source_file", names.get("from_file", ""))


def _track(entry: ListLine) -> Track:
    if entry.fields.transition in ("K", "KO"):
        return Track.OTHER
    if "V" in entry.channels:
        return Track.PICTURE
    return Track.AUDIO if entry.channels else Track.OTHER


def event_of(entry: ListLine, event: ListEvent, file: str) -> Event:
    """The layer's event for one line (a from-line: zero frames long, no comments)."""
    fields = entry.fields
    transition = None
    if entry.is_transition:
        code = fields.transition
        transition = Transition(
            kind=TransitionKind.KEY if code[0] == "K" else _TRANSITION_KINDS[code[0]],
            duration_frames=fields.duration or 0,
            alignment=Alignment.START,
            code=code,
            from_event=(
                event_of(entry.from_line, event, file) if entry.from_line is not None else None
            ),
        )
    is_gap = fields.reel.upper() in BLACK_REELS
    source = None
    if not is_gap:
        vfx = event.names.get("vfx", "") or vfx_shot_in_name(entry.clip_name)
        if not vfx and entry.source_file:
            vfx = vfx_shot_in_name(os.path.basename(entry.source_file.replace("\\", "/")))
        source = Source(
            reel=fields.reel,
            clip_name=entry.clip_name,
            source_file=entry.source_file,
            vfx_shot=vfx,
        )
    return Event(
        record_in=entry.record_in,
        record_out=entry.record_in if entry.is_from_line else entry.record_out,
        kind=EventKind.GAP if is_gap else EventKind.CLIP,
        origin=Origin(file, line=entry.at),
        source=source,
        source_in=None if is_gap else entry.source_in,
        source_out=None
        if is_gap
        else entry.source_in + 1
        if entry.speed == 0
        else entry.source_out,
        speed=entry.speed,
        transition=transition,
        track=_track(entry),
        number=fields.number,
        comments=() if entry.is_from_line else tuple(event.comments),
        channels=entry.channels,
    )


def _source_out(entry: ListLine) -> int:
    """The list's source out, or one frame after the source in for a freeze."""
    return entry.source_in + 1 if entry.speed == 0 else entry.source_out


def note_overlaps(reader: ListReader, picture: list[Event]) -> None:
    """A note for each picture event that starts before the events before it end."""
    latest: Event | None = None
    for made in picture:
        if latest is not None and made.record_in < latest.record_out:
            overlap = min(latest.record_out, made.record_out) - made.record_in
            reader.note(
                made.origin.line,
                f"event {made.number} overlaps event {latest.number} (line "
                f"{latest.origin.line}) by {overlap} frames on the record side; both kept",
            )
        if latest is None or made.record_out > latest.record_out:
            latest = made
