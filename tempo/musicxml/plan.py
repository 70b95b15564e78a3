"""Planning the MusicXML skeleton of a tempo map: which measures, rests and marks.

Positions inside a bar are rounded to the nearest sixteenth or, where that is closer,
eighth-note triplet; the rests of the bar are split so that every mark starts on a rest.
Measures are numbered as a reader counts bars (:func:`~tempo.map.barnumbers.shown_bar`
under the chosen :class:`~tempo.map.barnumbers.PickupBar`), and a new system starts every
``bars_per_system`` full bars. The tempo marks and playback tempos come from
:mod:`tempo.musicxml.tempo_marks`. Planning needs nothing but the map;
:mod:`tempo.musicxml.skeleton` writes the plan.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from fractions import Fraction
from typing import TYPE_CHECKING

from tempo.common.errors import ExportError
from tempo.common.exact import Number
from tempo.map.barnumbers import PickupBar, shown_bar
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.musicxml.model import (
    Direction,
    DirectionKind,
    HitMark,
    MeasurePlan,
    ScoreHeader,
    SkeletonPlan,
)
from tempo.musicxml.tempo_marks import playback_qpm, tempo_directions

if TYPE_CHECKING:
    from tempo.map.bbt import Bar
    from tempo.map.tempomap import TempoMap

__all__ = [
    "BARS_PER_SYSTEM",
    "Direction",
    "DirectionKind",
    "HitMark",
    "MeasurePlan",
    "ScoreHeader",
    "SkeletonPlan",
    "check_bars_per_system",
    "plan_skeleton",
]

SIXTEENTH = Fraction(1, 4)
TRIPLET_EIGHTH = Fraction(1, 3)
BARS_PER_SYSTEM = 4
"""Full bars on each line of music (a pickup joins the first line)."""
_PLAIN_RESTS = tuple(Fraction(4, 2**n) for n in range(7))  # whole .. 64th
_DOTTED_RESTS = (Fraction(3), Fraction(3, 2), Fraction(3, 4), Fraction(3, 8))
_PLAYBACK = (DirectionKind.TEMPO, DirectionKind.SOUND)


def check_bars_per_system(bars_per_system: int) -> int:
    """``bars_per_system`` when it is 0 (no system breaks: the program lays out the lines)
    or more; else :class:`ExportError` naming the valid range."""
    if isinstance(bars_per_system, bool) or not isinstance(bars_per_system, int):
        raise ExportError(f"bars per system must be a whole number, got {bars_per_system!r}")
    if bars_per_system < 0:
        raise ExportError(
            f"bars per system must be 0 (no system breaks) or more, got {bars_per_system}"
        )
    return bars_per_system


# -- planning ---------------------------------------------------------------------------------


def plan_skeleton(
    tempo_map: TempoMap,
    *,
    end_seconds: Number,
    bar_labels: Mapping[int, str] | None = None,
    hit_marks: Sequence[HitMark | tuple[Number, str] | tuple[Number, str, bool]] = (),
    pickup_bar: PickupBar = PickupBar.ZERO,
    bars_per_system: int = BARS_PER_SYSTEM,
) -> SkeletonPlan:
    """Plans the measures of ``tempo_map`` from its start (the pickup) to the bar holding
    ``end_seconds`` (seconds from the bar-1 downbeat, exclusive).

    ``bar_labels`` maps the map's bar numbers to text shown above the bar (the timecode);
    ``hit_marks`` are placed at their rounded positions. Measures are numbered under
    ``pickup_bar``; a system break comes every ``bars_per_system`` full bars (0: none).
    Marks before the first or after the last bar are returned in ``dropped``. Raises
    :class:`ExportError` when no bar starts before ``end_seconds``.
    """
    check_bars_per_system(bars_per_system)
    convention = PickupBar.parse(pickup_bar)
    bars = [bar for bar in tempo_map.bars(end_seconds) if bar.start_seconds < end_seconds]
    if not bars:
        raise ExportError(
            "the music ends before the tempo map's first bar: nothing to write; "
            "move the downbeat or the cue's end"
        )
    placed, dropped = _placed(tempo_map, bars, [HitMark(*item) for item in hit_marks])
    snapped = _with_playback(tempo_map, bars, _snap_all(bars, placed))
    measures = [
        replace(
            measure,
            number=shown_bar(bar.number, tempo_map, convention),
            implicit=bar.is_pickup and convention is PickupBar.ZERO,
            new_system=bars_per_system > 0
            and bar.number > 1
            and (bar.number - 1) % bars_per_system == 0,
        )
        for measure, bar in zip(_measures(bars, snapped, bar_labels or {}), bars, strict=True)
    ]
    return SkeletonPlan(measures=tuple(measures), dropped=tuple(dropped))


def _placed(
    tempo_map: TempoMap, bars: list[Bar], marks: list[HitMark]
) -> tuple[dict[int, list[tuple[Fraction, Direction]]], list[HitMark]]:
    """The tempo directions and hits by bar (index into ``bars``), each at its exact offset
    from the bar's notional downbeat, and the hits outside the bars. A ramp that ends past
    the last bar ends its line at the end of that bar."""
    placed: dict[int, list[tuple[Fraction, Direction]]] = {index: [] for index in range(len(bars))}
    dropped: list[HitMark] = []
    ramp_open = False
    for quarters, direction in tempo_directions(tempo_map):
        index = _bar_index(bars, quarters)
        if index is None and direction.kind is DirectionKind.RAMP_END and ramp_open:
            index, quarters = len(bars) - 1, _end_quarters(bars)
        if index is None:
            continue
        if direction.kind in (DirectionKind.RAMP, DirectionKind.RAMP_END):
            ramp_open = direction.kind is DirectionKind.RAMP
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
    return placed, dropped


def _end_quarters(bars: list[Bar]) -> Fraction:
    return bars[-1].start_quarters + bars[-1].length_quarters


def _notional_start(bar: Bar) -> Fraction:
    """Where the bar's downbeat is (or would be, for a pickup), in quarters."""
    return bar.start_quarters - (bar.meter.bar_quarters - bar.length_quarters)


def _bar_index(bars: list[Bar], quarters: Fraction) -> int | None:
    for index, bar in enumerate(bars):
        if bar.start_quarters <= quarters < bar.start_quarters + bar.length_quarters:
            return index
    return None


def _measures(
    bars: list[Bar], snapped: dict[int, list[Direction]], bar_labels: Mapping[int, str]
) -> list[MeasurePlan]:
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
                bar=bar.number,
            )
        )
        previous_meter = bar.meter
    return measures


def _with_playback(
    tempo_map: TempoMap, bars: list[Bar], snapped: dict[int, list[Direction]]
) -> dict[int, list[Direction]]:
    """The directions with the playback tempo (``qpm``) set on every metronome mark and
    playback point at its rounded position (:func:`playback_qpm`). A playback point where a
    mark stands, or one that would not change the tempo, is dropped."""
    points: dict[Fraction, list[tuple[int, Direction]]] = {}
    for index, bar in enumerate(bars):
        for direction in snapped[index]:
            if direction.kind in _PLAYBACK:
                quarters = _notional_start(bar) + direction.offset
                points.setdefault(quarters, []).append((index, direction))
    starts = sorted(points)
    qpms = playback_qpm(tempo_map, starts, _end_quarters(bars))
    result: dict[int, list[Direction]] = {
        index: [d for d in snapped[index] if d.kind not in _PLAYBACK] for index in snapped
    }
    previous: Number | None = None
    for quarters, qpm in zip(starts, qpms, strict=True):
        marks = [item for item in points[quarters] if item[1].kind is DirectionKind.TEMPO]
        if not marks and qpm == previous:
            continue
        index, direction = (marks or points[quarters])[0]
        result[index].append(replace(direction, qpm=qpm))
        previous = qpm
    return result


_KIND_ORDER = {kind: order for order, kind in enumerate(DirectionKind)}


def _direction_order(direction: Direction) -> tuple[Fraction, int]:
    return direction.offset, _KIND_ORDER[direction.kind]


def _snap_all(
    bars: list[Bar], placed: dict[int, list[tuple[Fraction, Direction]]]
) -> dict[int, list[Direction]]:
    """Rounds every direction's offset (in notional bar coordinates); a mark rounded onto
    the bar line moves to the next bar's downbeat (or back a sixteenth in the last bar,
    where only the end of a ramp's line may stand on the final bar line)."""
    result: dict[int, list[Direction]] = {index: [] for index in range(len(bars))}
    for index, bar in enumerate(bars):
        padding = bar.meter.bar_quarters - bar.length_quarters
        offsets = _snap_offsets([offset for offset, _ in placed[index]], bar, padding)
        for offset, (_, direction) in zip(offsets, placed[index], strict=True):
            if offset >= bar.meter.bar_quarters and index + 1 < len(bars):
                following = bars[index + 1]
                start = following.meter.bar_quarters - following.length_quarters
                result[index + 1].append(replace(direction, offset=start))
            elif direction.kind is DirectionKind.RAMP_END:
                result[index].append(replace(direction, offset=min(offset, bar.meter.bar_quarters)))
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
