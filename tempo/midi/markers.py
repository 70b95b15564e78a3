"""Markers for a MIDI file: one per event, near-twins merged.

Each thing a file names (a cue's downbeat, its pickup, a bar line, a hit, the cue's start
and end, a streamer) is a :class:`NamedPoint`. Points closer together than a window (half
a frame of picture, say) are one event to whoever reads the marker list, so they become
one marker: at the tick of the point of lowest ``rank`` (a bar line before a hit, so bar
markers stay on their bar lines), its text the points' texts in rank order joined by
``" / "`` (``"1M1 Opening / bar 1 / door slam"``). Two points of one rank never merge.

A point may carry a ``timecode``: with ``with_timecode`` it follows the text
(``"car horn 01:02:03:04"``), once at the end when the merged points share it, else after
each text. A point of kind ``cue`` alone is an ``FF 07`` cue point; merged with a marker it
is part of that marker. Points whose marker would fall before tick 0 are left out.

>>> points = [NamedPoint(1920, 1.0, "Pickup", 1), NamedPoint(1918, 0.999, "1M5 start", 5, "cue")]
>>> [marker.event for marker in merged_markers(points, within_seconds=0.02)]
[TextEvent(ticks=1920, text='Pickup / 1M5 start', kind='marker')]
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from tempo.midi.events import TextEvent, TextKind, midi_text

__all__ = ["Marker", "NamedPoint", "merged_markers"]


@dataclass(frozen=True)
class NamedPoint:
    """Something a marker names: ``text`` at ``ticks``, ``seconds`` its exact time (from
    any fixed origin), ``rank`` its precedence when merged (lower leads), ``kind``
    ``marker`` or ``cue`` (a cue point) and ``timecode`` its timecode label, or empty."""

    ticks: int
    seconds: Fraction | float
    text: str
    rank: int
    kind: TextKind = "marker"
    timecode: str = ""


@dataclass(frozen=True)
class Marker:
    """A marker or cue point to write (``event``) and the points it names."""

    event: TextEvent
    points: tuple[NamedPoint, ...]


def merged_markers(
    points: list[NamedPoint], *, within_seconds: Fraction | float, with_timecode: bool = False
) -> tuple[Marker, ...]:
    """One marker (or cue point) per group of ``points`` less than ``within_seconds``
    apart, in time order (see the module's description)."""
    ordered = sorted(points, key=lambda point: (point.seconds, point.rank))
    groups: list[list[NamedPoint]] = []
    for point in ordered:
        group = groups[-1] if groups else None
        if (
            group is not None
            and point.seconds - group[0].seconds < within_seconds
            and all(member.rank != point.rank for member in group)
        ):
            group.append(point)
        else:
            groups.append([point])
    markers = [Marker(_event(group, with_timecode), tuple(group)) for group in groups]
    kept = (marker for marker in markers if marker.event.ticks >= 0)
    return tuple(sorted(kept, key=lambda marker: marker.event.ticks))


def _event(group: list[NamedPoint], with_timecode: bool) -> TextEvent:
    members = sorted(group, key=lambda point: point.rank)
    kind: TextKind = "cue" if all(point.kind == "cue" for point in members) else "marker"
    timecodes = {point.timecode for point in members}
    if not with_timecode:
        text = " / ".join(point.text for point in members)
    elif len(timecodes) == 1:
        text = " ".join(part for part in (" / ".join(p.text for p in members), *timecodes) if part)
    else:
        text = " / ".join(" ".join(filter(None, (p.text, p.timecode))) for p in members)
    return TextEvent(members[0].ticks, midi_text(text), kind)
