"""The skeleton's tempo: the marks a reader sees, and the tempo a notation program plays.

A reader sees a metronome mark where the tempo or beat unit changes and after every ramp
(its target), and a ramp as a dashed ``rit.``/``accel.`` line from its start to its end.
A player follows ``<sound tempo>``: one on every beat of a ramp, and one wherever a
segment starts. Each carries the map's *average* tempo in quarter notes per minute up to
the next one (:func:`playback_qpm`), computed from :meth:`TempoMap.seconds_at_quarters`, so
playback lands on the map at every one of them, bar lines inside ramps included.

:func:`tempo_summary` writes the map's tempos and meters as short lines for the page head.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from tempo.common.exact import Number, bpm_text
from tempo.map.barnumbers import PickupBar, shown_bar
from tempo.musicxml.model import Direction, DirectionKind

if TYPE_CHECKING:
    from tempo.map.beatunit import BeatUnit
    from tempo.map.tempomap import TempoMap

__all__ = ["playback_qpm", "qpm_text", "tempo_directions", "tempo_summary"]

SIXTEENTH = Fraction(1, 4)
SUMMARY_LINES = 6
"""At most this many lines of tempo summary; the rest are counted on a last line."""


def tempo_directions(tempo_map: TempoMap) -> list[tuple[Fraction, Direction]]:
    """The map's tempo directions at their positions (quarters from the bar-1 downbeat):
    metronome marks, ramp lines (start and end) and the playback points inside ramps,
    in the order of the map. ``qpm`` is left for :func:`playback_qpm`."""
    result: list[tuple[Fraction, Direction]] = []
    before: tuple[Fraction, BeatUnit, bool] | None = None
    for index, segment in enumerate(tempo_map.segments):
        start = tempo_map.start_quarters if index == 0 else tempo_map.segment_start_quarters(index)
        ramp = segment.end_bpm is not None
        if before is None or before[2] or before[:2] != (segment.bpm, segment.unit):
            result.append((start, _tempo_mark(segment.bpm, segment.unit)))
        result.append((start, Direction(Fraction(0), DirectionKind.SOUND)))
        if segment.end_bpm is not None:
            word = "accel." if segment.end_bpm > segment.bpm else "rit."
            result.append((start, Direction(Fraction(0), DirectionKind.RAMP, word)))
            end = start + _ramp_quarters(segment.beats, segment.unit)
            step = segment.unit.quarters
            beats = math.ceil(segment.beats) if segment.beats is not None else 0
            result += [
                (start + n * step, Direction(Fraction(0), DirectionKind.SOUND))
                for n in range(1, beats)
            ]
            result.append((end, Direction(Fraction(0), DirectionKind.RAMP_END)))
        else:
            result += _beat_after(tempo_map, start, segment.unit)
        before = (segment.final_bpm, segment.unit, ramp)
    last = tempo_map.segments[-1]
    end_quarters = tempo_map.end_quarters
    if last.end_bpm is not None and end_quarters is not None:
        result.append((end_quarters, _tempo_mark(last.end_bpm, last.unit)))
    return result


def _ramp_quarters(beats: Fraction | None, unit: BeatUnit) -> Fraction:
    if beats is None:  # an open-ended segment cannot ramp (Segment checks)
        raise ValueError("a ramp needs a length in beats")
    return beats * unit.quarters


def _beat_after(
    tempo_map: TempoMap, start: Fraction, unit: BeatUnit
) -> list[tuple[Fraction, Direction]]:
    """A playback point on the first beat after a constant segment's start when the start
    lies between sixteenths: the start's mark is rounded onto the grid, and this point
    puts playback back on the map from the next beat on."""
    _, downbeat = tempo_map.bar_at_quarters(start)
    into = start - downbeat
    if into % SIXTEENTH == 0:
        return []
    beat = downbeat + math.ceil(into / unit.quarters) * unit.quarters
    return [(beat, Direction(Fraction(0), DirectionKind.SOUND))]


def _tempo_mark(bpm: Fraction, unit: BeatUnit) -> Direction:
    return Direction(Fraction(0), DirectionKind.TEMPO, bpm_text(bpm), bpm=bpm, unit=unit)


def playback_qpm(
    tempo_map: TempoMap, points_quarters: Sequence[Fraction], end_quarters: Fraction
) -> list[Number]:
    """The tempo to play from each point (sorted, distinct quarters) to the next, and from
    the last to ``end_quarters``: the map's average over the span in quarter notes per
    minute, ``60 * dq / dt``. A span of no length gets the map's tempo at its point."""
    bounds = [*points_quarters, end_quarters]
    seconds = [tempo_map.seconds_at_quarters(q) for q in bounds]
    result: list[Number] = []
    for index, start in enumerate(points_quarters):
        length = bounds[index + 1] - start
        if length > 0:
            result.append(60 * length / (seconds[index + 1] - seconds[index]))
        else:
            result.append(tempo_map.qn_bpm_at_quarters(start))
    return result


def tempo_summary(
    tempo_map: TempoMap,
    *,
    until_quarters: Fraction,
    pickup_bar: PickupBar = PickupBar.ZERO,
) -> tuple[str, ...]:
    """One line per segment that starts before ``until_quarters``: its tempo and beat unit
    in words, the meter where it changes and its bars as shown under ``pickup_bar``, e.g.
    ``120 BPM (quarter), 4/4 from bar 0`` or ``rit. 120 to 96 BPM, bars 5-6``.

    >>> from tempo.map.segment import Segment
    >>> from tempo.map.tempomap import TempoMap
    >>> ramp = TempoMap(
    ...     (Segment(8, 120), Segment(8, 120, 96, "linear_time"), Segment(None, 96)), pickup_beats=1
    ... )
    >>> tempo_summary(ramp, until_quarters=Fraction(24))
    ('120 BPM (quarter), 4/4 from bar 0', 'rit. 120 to 96 BPM, bars 3-4', '96 BPM from bar 5')
    """
    lines = []
    meter = None
    for index, segment in enumerate(tempo_map.segments):
        start = tempo_map.start_quarters if index == 0 else tempo_map.segment_start_quarters(index)
        if start >= until_quarters:
            break
        first = shown_bar(tempo_map.bar_at_quarters(start)[0], tempo_map, pickup_bar)
        unit = (
            ""
            if index and segment.unit == tempo_map.segments[index - 1].unit
            else (f" ({segment.unit.text})")
        )
        shown_meter = "" if segment.meter == meter else f", {segment.meter}"
        meter = segment.meter
        if segment.end_bpm is None:
            lines.append(f"{bpm_text(segment.bpm)} BPM{unit}{shown_meter} from bar {first}")
            continue
        word = "accel." if segment.end_bpm > segment.bpm else "rit."
        end = start + _ramp_quarters(segment.beats, segment.unit)
        bar, downbeat = tempo_map.bar_at_quarters(end)
        last = shown_bar(bar - 1 if downbeat == end else bar, tempo_map, pickup_bar)
        bars = f"bar {first}" if last == first else f"bars {first}-{last}"
        lines.append(
            f"{word} {bpm_text(segment.bpm)} to {bpm_text(segment.end_bpm)} BPM{unit}"
            f"{shown_meter}, {bars}"
        )
    if len(lines) > SUMMARY_LINES:
        more = len(lines) - SUMMARY_LINES + 1
        lines = [*lines[: SUMMARY_LINES - 1], f"and {more} more tempo changes"]
    return tuple(lines)


def qpm_text(qpm: Number) -> str:
    """A playback tempo as ``<sound tempo>`` writes it: four decimals, no trailing zeros
    (a step's error is then below a microsecond per beat).

    >>> qpm_text(Fraction(240, 7)), qpm_text(120)
    ('34.2857', '120')
    """
    return bpm_text(qpm, places=4)
