"""Listing a tempo map beat by beat and bar by bar (for clicks, timing sheets, the UI)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from tempo.common.errors import TempoError
from tempo.common.exact import exact_or_float
from tempo.map.bbt import TICKS_PER_QUARTER, Bar, Beat

if TYPE_CHECKING:
    from tempo.map.tempomap import TempoMap

__all__ = ["bars", "beat_positions"]


def beat_positions(
    tempo_map: TempoMap,
    until_seconds: object,
    *,
    subdivision: int = 1,
    from_seconds: object = None,
) -> list[Beat]:
    """Beats and subdivisions of ``tempo_map`` from the pickup start (or ``from_seconds``)
    to ``until_seconds`` inclusive, in order. See :meth:`TempoMap.beat_positions`."""
    if not isinstance(subdivision, int) or isinstance(subdivision, bool) or subdivision < 1:
        raise TempoError(f"subdivision must be a whole number of 1 or more, got {subdivision!r}")
    until = exact_or_float(until_seconds)
    if from_seconds is None:
        start = tempo_map.start_quarters
    else:
        start = Fraction(tempo_map.quarters_at_seconds(from_seconds))
    bar, downbeat = tempo_map.bar_at_quarters(start)
    result: list[Beat] = []
    while True:
        meter, unit = tempo_map.meter_at_bar(bar)
        step = unit.quarters / subdivision
        groups = set(meter.group_offsets_quarters)
        count = 0
        while count * step < meter.bar_quarters:
            position = downbeat + count * step
            count += 1
            if position < start:
                continue
            seconds = tempo_map.seconds_at_quarters(position)
            if seconds > until:
                return result
            beat_index, sub = divmod(count - 1, subdivision)
            within_beat = position - downbeat - beat_index * unit.quarters
            result.append(
                Beat(
                    quarters=position,
                    seconds=seconds,
                    bar=bar,
                    beat=beat_index + 1,
                    is_downbeat=count == 1,
                    subdivision=sub,
                    ticks=round(within_beat * TICKS_PER_QUARTER),
                    is_group_start=(position - downbeat) in groups,
                )
            )
        bar, downbeat = bar + 1, downbeat + meter.bar_quarters


def bars(tempo_map: TempoMap, until_seconds: object) -> list[Bar]:
    """Bars of ``tempo_map`` starting at or before ``until_seconds``, the pickup bar
    first when there is one. See :meth:`TempoMap.bars`."""
    until = exact_or_float(until_seconds)
    result: list[Bar] = []
    first = tempo_map.segments[0]
    if tempo_map.pickup_beats > 0 and tempo_map.start_seconds <= until:
        result.append(
            Bar(
                number=0,
                start_quarters=tempo_map.start_quarters,
                start_seconds=tempo_map.start_seconds,
                meter=first.meter,
                beat_unit=first.unit,
                bpm=first.bpm,
                length_quarters=tempo_map.pickup_quarters,
                is_pickup=True,
            )
        )
    number, downbeat = 1, Fraction(0)
    while True:
        seconds = tempo_map.seconds_at_quarters(downbeat)
        if seconds > until:
            return result
        meter, unit = tempo_map.meter_at_bar(number)
        result.append(
            Bar(
                number=number,
                start_quarters=downbeat,
                start_seconds=seconds,
                meter=meter,
                beat_unit=unit,
                bpm=tempo_map.tempo_at_quarters(downbeat),
                length_quarters=meter.bar_quarters,
            )
        )
        number, downbeat = number + 1, downbeat + meter.bar_quarters
