"""Planning the MusicXML skeleton of a tempo map: which measures, rests and marks.

Positions inside a bar are rounded to the nearest sixteenth or, where that is closer,
eighth-note triplet; the rests of the bar are split so that every mark starts on a rest.
Planning needs nothing but the map; :mod:`tempo.musicxml.skeleton` writes the plan with music21.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING, NamedTuple

from tempo.common.errors import ExportError
from tempo.common.exact import Number, bpm_text
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter

if TYPE_CHECKING:
    from tempo.map.bbt import Bar
    from tempo.map.tempomap import TempoMap

SIXTEENTH = Fraction(1, 4)
TRIPLET_EIGHTH = Fraction(1, 3)
_PLAIN_RESTS = tuple(Fraction(4, 2**n) for n in range(7))  # whole .. 64th
_DOTTED_RESTS = (Fraction(3), Fraction(3, 2), Fraction(3, 4), Fraction(3, 8))


class HitMark(NamedTuple):
    """A mark at ``quarters`` from the bar-1 downbeat; ``must_hit`` marks become
    rehearsal marks, the others text. A plain ``(quarters, text)`` tuple works too."""

    quarters: Number
    text: str
    must_hit: bool = False


class DirectionKind(Enum):
    """What a direction above the staff is."""

    LABEL = "label"
    TEMPO = "tempo"
    RAMP = "ramp"
    HIT = "hit"
    MUST_HIT = "must_hit"


@dataclass(frozen=True)
class Direction:
    """A direction at ``offset`` quarters from the start of its measure's first rest.

    ``bpm`` and ``unit`` are set on tempo marks.
    """

    offset: Fraction
    kind: DirectionKind
    text: str = ""
    bpm: Fraction | None = None
    unit: BeatUnit | None = None


@dataclass(frozen=True)
class MeasurePlan:
    """One measure: its number, meter (``show_meter`` where it changes), the rests in order
    (quarters) and the directions. ``padding_quarters`` is the missing start of a pickup.
    A measure of one rest as long as the bar is a whole-bar rest."""

    number: int
    meter: Meter
    show_meter: bool
    padding_quarters: Fraction
    rests: tuple[Fraction, ...]
    directions: tuple[Direction, ...]

    @property
    def length_quarters(self) -> Fraction:
        """Played length: the bar, or the pickup's part of it."""
        return sum(self.rests, Fraction(0))

    @property
    def is_measure_rest(self) -> bool:
        """Whether the measure is one whole-bar rest."""
        return self.padding_quarters == 0 and len(self.rests) == 1


@dataclass(frozen=True)
class SkeletonPlan:
    """The measures of a skeleton and the marks that fell outside them."""

    measures: tuple[MeasurePlan, ...]
    dropped: tuple[HitMark, ...] = ()


@dataclass(frozen=True)
class ScoreHeader:
    """What heads the score: ``title`` (the cue number and title), ``number`` (the cue
    number, the movement number), ``work_title`` (the film or episode), further ``lines``
    (rate, timecodes) and the part's name."""

    title: str
    number: str = ""
    work_title: str = ""
    lines: tuple[str, ...] = field(default_factory=tuple)
    part_name: str = "Click"


# -- planning ---------------------------------------------------------------------------------


def plan_skeleton(
    tempo_map: TempoMap,
    *,
    end_seconds: Number,
    bar_labels: Mapping[int, str] | None = None,
    hit_marks: Sequence[HitMark | tuple[Number, str] | tuple[Number, str, bool]] = (),
) -> SkeletonPlan:
    """Plans the measures of ``tempo_map`` from its start (the pickup) to the bar holding
    ``end_seconds`` (seconds from the bar-1 downbeat, exclusive).

    ``bar_labels`` maps bar numbers to text shown above the bar (the timecode);
    ``hit_marks`` are placed at their rounded positions. Marks before the first or after
    the last bar are returned in ``dropped``. Raises :class:`ExportError` when no bar
    starts before ``end_seconds``.
    """
    bars = [bar for bar in tempo_map.bars(end_seconds) if bar.start_seconds < end_seconds]
    if not bars:
        raise ExportError(
            "the music ends before the tempo map's first bar: nothing to write; "
            "move the downbeat or the cue's end"
        )
    marks = [HitMark(*item) for item in hit_marks]
    placed: dict[int, list[tuple[Fraction, Direction]]] = {index: [] for index in range(len(bars))}
    dropped: list[HitMark] = []
    for quarters, direction in _tempo_directions(tempo_map):
        index = _bar_index(bars, quarters)
        if index is not None:
            placed[index].append((quarters - _notional_start(bars[index]), direction))
    for mark in marks:
        quarters = Fraction(mark.quarters)
        index = _bar_index(bars, quarters)
        if index is None:
            dropped.append(mark)
            continue
        kind = DirectionKind.MUST_HIT if mark.must_hit else DirectionKind.HIT
        direction = Direction(Fraction(0), kind, mark.text)
        placed[index].append((quarters - _notional_start(bars[index]), direction))
    measures = _measures(bars, placed, bar_labels or {})
    return SkeletonPlan(measures=tuple(measures), dropped=tuple(dropped))


def _notional_start(bar: Bar) -> Fraction:
    """Where the bar's downbeat is (or would be, for a pickup), in quarters."""
    return bar.start_quarters - (bar.meter.bar_quarters - bar.length_quarters)


def _bar_index(bars: list[Bar], quarters: Fraction) -> int | None:
    for index, bar in enumerate(bars):
        if bar.start_quarters <= quarters < bar.start_quarters + bar.length_quarters:
            return index
    return None


def _tempo_directions(tempo_map: TempoMap) -> list[tuple[Fraction, Direction]]:
    """Tempo marks where the tempo or beat unit changes and after every ramp; ramp text."""
    result: list[tuple[Fraction, Direction]] = []
    before: tuple[Fraction, BeatUnit, bool] | None = None
    for index, segment in enumerate(tempo_map.segments):
        start = tempo_map.start_quarters if index == 0 else tempo_map.segment_start_quarters(index)
        ramp = segment.end_bpm is not None
        if before is None or before[2] or before[:2] != (segment.bpm, segment.unit):
            result.append((start, _tempo_mark(segment.bpm, segment.unit)))
        if segment.end_bpm is not None:
            word = "accel." if segment.end_bpm > segment.bpm else "rit."
            text = (
                f"{word} ({segment.unit.label} = {bpm_text(segment.bpm)} to "
                f"{bpm_text(segment.end_bpm)})"
            )
            result.append((start, Direction(Fraction(0), DirectionKind.RAMP, text)))
        before = (segment.final_bpm, segment.unit, ramp)
    last = tempo_map.segments[-1]
    end = tempo_map.end_quarters
    if last.end_bpm is not None and end is not None:
        result.append((end, _tempo_mark(last.end_bpm, last.unit)))
    return result


def _tempo_mark(bpm: Fraction, unit: BeatUnit) -> Direction:
    return Direction(Fraction(0), DirectionKind.TEMPO, bpm_text(bpm), bpm=bpm, unit=unit)


def _measures(
    bars: list[Bar],
    placed: dict[int, list[tuple[Fraction, Direction]]],
    bar_labels: Mapping[int, str],
) -> list[MeasurePlan]:
    snapped = _snap_all(bars, placed)
    measures = []
    previous_meter: Meter | None = None
    for index, bar in enumerate(bars):
        padding = bar.meter.bar_quarters - bar.length_quarters
        directions = []
        if bar.number in bar_labels:
            directions.append(Direction(padding, DirectionKind.LABEL, bar_labels[bar.number]))
        directions += sorted(snapped[index], key=_direction_order)
        rests = _bar_rests(bar, padding, [d.offset for d in directions])
        measures.append(
            MeasurePlan(
                number=bar.number,
                meter=bar.meter,
                show_meter=bar.meter != previous_meter,
                padding_quarters=padding,
                rests=tuple(rests),
                directions=tuple(replace(d, offset=d.offset - padding) for d in directions),
            )
        )
        previous_meter = bar.meter
    return measures


_KIND_ORDER = {kind: order for order, kind in enumerate(DirectionKind)}


def _direction_order(direction: Direction) -> tuple[Fraction, int]:
    return direction.offset, _KIND_ORDER[direction.kind]


def _snap_all(
    bars: list[Bar], placed: dict[int, list[tuple[Fraction, Direction]]]
) -> dict[int, list[Direction]]:
    """Rounds every direction's offset (in notional bar coordinates); a mark rounded onto
    the bar line moves to the next bar's downbeat (or back a sixteenth in the last bar)."""
    result: dict[int, list[Direction]] = {index: [] for index in range(len(bars))}
    for index, bar in enumerate(bars):
        padding = bar.meter.bar_quarters - bar.length_quarters
        offsets = _snap_offsets([offset for offset, _ in placed[index]], bar, padding)
        for offset, (_, direction) in zip(offsets, placed[index], strict=True):
            if offset >= bar.meter.bar_quarters and index + 1 < len(bars):
                following = bars[index + 1]
                start = following.meter.bar_quarters - following.length_quarters
                result[index + 1].append(replace(direction, offset=start))
            else:
                last = bar.meter.bar_quarters - SIXTEENTH
                result[index].append(replace(direction, offset=min(offset, last)))
    return result


def _snap_offsets(offsets: list[Fraction], bar: Bar, padding: Fraction) -> list[Fraction]:
    """Nearest sixteenth or eighth-triplet position of each offset. Triplets are used in
    simple meters only (not in dotted-beat or additive bars), and in a quarter window of
    the bar only when the whole window lies in the bar and none of its off-beat marks is
    nearer a sixteenth."""
    bar_quarters = bar.meter.bar_quarters
    simple = not (bar.beat_unit.is_dotted or bar.meter.is_additive)
    snapped = [_nearest(offset, padding, bar_quarters, simple) for offset in offsets]
    sixteenths = {math.floor(o) for o in snapped if o % SIXTEENTH == 0 and o % 1 != 0}
    triplets = {math.floor(o) for o in snapped if o % SIXTEENTH != 0}
    clash = triplets & sixteenths
    result = []
    for offset, exact in zip(snapped, offsets, strict=True):
        if math.floor(offset) in clash:
            offset = max(_round_to(exact, SIXTEENTH), padding)
        result.append(offset)
    return result


def _nearest(
    offset: Fraction, padding: Fraction, bar_quarters: Fraction, triplets_allowed: bool
) -> Fraction:
    sixteenth = _round_to(offset, SIXTEENTH)
    triplet = _round_to(offset, TRIPLET_EIGHTH)
    window = math.floor(triplet)
    if (
        triplets_allowed
        and abs(triplet - offset) < abs(sixteenth - offset)
        and window >= padding
        and window + 1 <= bar_quarters
    ):
        return triplet
    return max(sixteenth, padding)


def _round_to(value: Fraction, step: Fraction) -> Fraction:
    return math.floor(value / step + Fraction(1, 2)) * step


def _bar_rests(bar: Bar, padding: Fraction, offsets: list[Fraction]) -> list[Fraction]:
    """Rests filling the played part of the bar, split at every direction offset."""
    bar_quarters = bar.meter.bar_quarters
    cuts = sorted({offset for offset in offsets if padding < offset < bar_quarters})
    if not cuts and padding == 0:
        return [bar_quarters]
    triplets = {math.floor(offset) for offset in cuts if offset % SIXTEENTH != 0}
    rests: list[Fraction] = []
    for start, end in zip([padding, *cuts], [*cuts, bar_quarters], strict=True):
        rests += _fill(start, end, bar, triplets)
    return rests


def _fill(start: Fraction, end: Fraction, bar: Bar, triplets: set[int]) -> list[Fraction]:
    """Rests from ``start`` to ``end`` (notional bar coordinates): eighth-triplet rests in
    triplet windows, elsewhere the longest rest that starts on its own grid and does not
    hide a beat (or, in additive meters, a group)."""
    rests: list[Fraction] = []
    position = start
    while position < end:
        if math.floor(position) in triplets:
            rests.append(TRIPLET_EIGHTH)
            position += TRIPLET_EIGHTH
            continue
        limit = min([end, *(Fraction(w) for w in triplets if position < w < end)])
        duration = _longest_rest(position, limit, bar)
        rests.append(duration)
        position += duration
    return rests


def _longest_rest(position: Fraction, limit: Fraction, bar: Bar) -> Fraction:
    meter, unit = bar.meter, bar.beat_unit
    dotted = meter.is_additive or unit.is_dotted
    candidates = sorted(_PLAIN_RESTS + (_DOTTED_RESTS if dotted else ()), reverse=True)
    boundaries = _beat_boundaries(meter, unit)
    for duration in candidates:
        end = position + duration
        if end > limit or (position - _group_start(meter, position)) % duration != 0:
            continue
        inside = [b for b in boundaries if position < b < end]
        if inside and (position not in boundaries or end not in boundaries):
            continue
        if meter.is_additive and any(position < g < end for g in meter.group_offsets_quarters):
            continue
        return duration
    return limit - position  # not reached for positions on the sixteenth grid


def _beat_boundaries(meter: Meter, unit: BeatUnit) -> set[Fraction]:
    if meter.is_additive:
        return {*meter.group_offsets_quarters, meter.bar_quarters}
    count = math.ceil(meter.bar_quarters / unit.quarters)
    return {min(n * unit.quarters, meter.bar_quarters) for n in range(count + 1)}


def _group_start(meter: Meter, position: Fraction) -> Fraction:
    if not meter.is_additive:
        return Fraction(0)
    return max(g for g in meter.group_offsets_quarters if g <= position)


# -- music21 ----------------------------------------------------------------------------------
