"""The tempo map: segments of constant or ramped tempo, with meters, beat units and bars.

Time zero is the downbeat of bar 1, the cue's sync downbeat. Musical positions are in
quarter notes (``Fraction``), 0 at that downbeat, so MIDI ticks are ``quarters * 960``.
A pickup of ``pickup_beats`` beats (first segment's beat unit and start tempo) sits
before it at negative seconds, in bar 0. Bars are numbered on across segments; a meter or
beat-unit change must fall on a bar line, tempo changes may fall anywhere.

Before the pickup (a count-in) the map goes on at the first segment's start tempo and
meter; after the end of a map whose last segment has a length, it goes on at the last
segment's end tempo and meter. Every position therefore has a time, and the map is
continuous and strictly increasing.

Exactness: :meth:`TempoMap.seconds_at_quarters` returns a ``Fraction`` for exact input
when every segment before the position has an exact duration (constant, linear-in-time
and linear-period segments do; a linear-in-beats ramp does not) and the segment holding
the position is constant or linear-period. Otherwise it returns a float. Likewise
:meth:`TempoMap.quarters_at_seconds` is exact in constant, linear-in-time and
linear-period segments reached through exact durations.

>>> tempo_map = TempoMap.constant(120)
>>> tempo_map.seconds_at_bbt(BarBeatTick(5, 1, 0))
Fraction(8, 1)
>>> str(tempo_map.bbt_at_seconds(Fraction(33, 4)))
'5|1|480'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from tempo.common.errors import TempoError, TempoMapError
from tempo.common.exact import Number, exact_or_float, format_fraction, to_fraction
from tempo.map import listing
from tempo.map.bbt import TICKS_PER_QUARTER, Bar, BarBeatTick, Beat
from tempo.map.beatunit import BeatUnit
from tempo.map.layout import Layout, Span, build_layout
from tempo.map.meter import Meter
from tempo.map.ramps import beat_at_seconds_array, seconds_at_beat_array
from tempo.map.segment import Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

__all__ = ["Bar", "BarBeatTick", "Beat", "TempoMap"]


@dataclass(frozen=True)
class TempoMap:
    """A cue's tempo map: ``segments`` end to end from the bar-1 downbeat, and a pickup of
    ``pickup_beats`` beats before it.

    Only the last segment may be open-ended (``beats=None``). ``pickup_beats`` counts
    beats of the first segment's beat unit and is less than one bar. A map that breaks
    these rules raises :class:`TempoMapError` locating the segment or the pickup at fault.
    """

    segments: tuple[Segment, ...]
    pickup_beats: Fraction = Fraction(0)
    _layout: Layout = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        segments = tuple(self.segments)
        object.__setattr__(self, "segments", segments)
        object.__setattr__(self, "_layout", build_layout(segments))
        pickup = to_fraction(self.pickup_beats, what="pickup_beats")
        first = segments[0]
        if not 0 <= pickup < first.beats_per_bar:
            raise TempoMapError(
                f"must be at least 0 and less than one bar "
                f"({format_fraction(first.beats_per_bar)} {first.unit.text} beats of "
                f"{first.meter}), got {format_fraction(pickup)}",
                location=("pickup_beats",),
            )
        object.__setattr__(self, "pickup_beats", pickup)

    @classmethod
    def constant(
        cls,
        bpm: object,
        meter: Meter | str = "4/4",
        beat_unit: BeatUnit | str | None = None,
        pickup_beats: object = 0,
    ) -> TempoMap:
        """A map of one open-ended constant tempo (``bpm`` in beats of ``beat_unit``)."""
        unit = None if beat_unit is None else BeatUnit.parse(beat_unit)
        segment = Segment(None, bpm, meter=Meter.parse(meter), beat_unit=unit)  # type: ignore[arg-type]
        return cls((segment,), pickup_beats)  # type: ignore[arg-type]

    # -- extent --------------------------------------------------------------------------

    @property
    def pickup_quarters(self) -> Fraction:
        """Length of the pickup in quarter notes."""
        return self.pickup_beats * self.segments[0].unit.quarters

    @property
    def start_quarters(self) -> Fraction:
        """Where the music starts: the start of the pickup (0 without one)."""
        return -self.pickup_quarters

    @property
    def start_seconds(self) -> Fraction:
        """Time of the start of the pickup (0 without one); always exact."""
        return -self.pickup_beats * 60 / self.segments[0].bpm

    @property
    def end_quarters(self) -> Fraction | None:
        """Where the last segment ends, ``None`` when it is open-ended."""
        return self._layout.end_quarters

    @property
    def end_seconds(self) -> Number | None:
        """Time of the end from the bar-1 downbeat, ``None`` when open-ended."""
        return self._layout.end_seconds

    @property
    def total_seconds(self) -> Number | None:
        """Length from the start of the pickup to the end, ``None`` when open-ended."""
        end = self._layout.end_seconds
        return None if end is None else end - self.start_seconds

    # -- segments and tempo ----------------------------------------------------------------

    def segment_index_at_quarters(self, quarters: object) -> int:
        """Index of the segment in force at ``quarters`` (0 before bar 1, the last one
        after the end); a segment starting exactly there wins."""
        index = self._layout.index_at_quarters(exact_or_float(quarters))
        return min(max(index, 0), len(self.segments) - 1)

    def segment_at_quarters(self, quarters: object) -> Segment:
        """The segment in force at ``quarters`` (see :meth:`segment_index_at_quarters`)."""
        return self.segments[self.segment_index_at_quarters(quarters)]

    def segment_start_quarters(self, index: int) -> Fraction:
        """Where segment ``index`` starts, in quarter notes."""
        return self._layout.spans[index].start_quarters

    def segment_start_seconds(self, index: int) -> Number:
        """Where segment ``index`` starts, in seconds from the bar-1 downbeat."""
        return self._layout.spans[index].start_seconds

    def tempo_at_quarters(self, quarters: object) -> Number:
        """Tempo at ``quarters`` in BPM of the beat unit in force there (exact except
        inside a linear-in-time ramp)."""
        span, beat = self._locate_quarters(exact_or_float(quarters))
        return span.segment.bpm_at_beat(beat)

    def qn_bpm_at_quarters(self, quarters: object) -> Number:
        """Tempo at ``quarters`` in quarter notes per minute."""
        span, beat = self._locate_quarters(exact_or_float(quarters))
        return span.segment.bpm_at_beat(beat) * span.segment.unit.quarters

    # -- quarters <-> seconds --------------------------------------------------------------

    def seconds_at_quarters(self, quarters: object) -> Number:
        """Seconds from the bar-1 downbeat at ``quarters`` (see the module notes on when
        the result is an exact ``Fraction``)."""
        span, beat = self._locate_quarters(exact_or_float(quarters))
        return span.start_seconds + span.segment.seconds_at_beat(beat)

    def quarters_at_seconds(self, seconds: object) -> Number:
        """Quarter notes from the bar-1 downbeat at ``seconds`` (the exact inverse of
        :meth:`seconds_at_quarters`, within float rounding inside ramps)."""
        seconds = exact_or_float(seconds)
        span = self._layout.span(self._layout.index_at_seconds(seconds))
        segment = span.segment
        beat = segment.beat_at_seconds(seconds - span.start_seconds)
        if span.index >= 0:
            beat = max(beat, 0)
            if segment.beats is not None:
                beat = min(beat, segment.beats)
        return span.start_quarters + beat * segment.unit.quarters

    def seconds_at_quarters_array(self, quarters: npt.ArrayLike) -> FloatArray:
        """Vectorised :meth:`seconds_at_quarters` (float64 in, float64 out)."""
        import numpy as np

        positions = np.asarray(quarters, dtype=np.float64)
        result = np.empty_like(positions)
        indices = self._layout.indices_at_quarters(positions)
        for index in np.unique(indices):
            mask = indices == index
            span = self._layout.span(int(index))
            segment = span.segment
            beats = (positions[mask] - float(span.start_quarters)) / float(segment.unit.quarters)
            if span.index >= 0 and segment.beats is not None:
                beats = np.clip(beats, 0.0, float(segment.beats))
            local = seconds_at_beat_array(
                beats,
                shape=segment.ramp,
                start_bpm=segment.bpm,
                end_bpm=segment.end_bpm,
                length_beats=segment.beats,
            )
            result[mask] = float(span.start_seconds) + local
        return result

    def quarters_at_seconds_array(self, seconds: npt.ArrayLike) -> FloatArray:
        """Vectorised :meth:`quarters_at_seconds` (float64 in, float64 out)."""
        import numpy as np

        times = np.asarray(seconds, dtype=np.float64)
        result = np.empty_like(times)
        indices = self._layout.indices_at_seconds(times)
        for index in np.unique(indices):
            mask = indices == index
            span = self._layout.span(int(index))
            segment = span.segment
            beats = beat_at_seconds_array(
                times[mask] - float(span.start_seconds),
                shape=segment.ramp,
                start_bpm=segment.bpm,
                end_bpm=segment.end_bpm,
                length_beats=segment.beats,
            )
            if span.index >= 0:
                upper = np.inf if segment.beats is None else float(segment.beats)
                beats = np.clip(beats, 0.0, upper)
            quarters = float(segment.unit.quarters)
            result[mask] = float(span.start_quarters) + beats * quarters
        return result

    # -- bar|beat|tick -----------------------------------------------------------------------

    def bbt_at_quarters(self, quarters: object) -> BarBeatTick:
        """Bar|beat|tick at ``quarters``, rounded to the nearest tick."""
        position = Fraction(exact_or_float(quarters))
        span = self._layout.span(self._layout.index_at_quarters(position))
        bar, downbeat = span.bar_at(position)
        meter, unit = span.segment.meter, span.segment.unit
        ticks = math.floor((position - downbeat) * TICKS_PER_QUARTER + Fraction(1, 2))
        if ticks >= meter.bar_ticks:
            return BarBeatTick(bar + 1, 1, 0)
        beat, ticks = divmod(ticks, unit.ticks)
        return BarBeatTick(bar, beat + 1, ticks)

    def quarters_at_bbt(self, bbt: BarBeatTick | str) -> Fraction:
        """Exact quarters of a bar|beat|tick; raises :class:`TempoError` for a beat or
        tick that is not in that bar."""
        bbt = BarBeatTick.parse(bbt)
        span = self._layout.span_for_bar(bbt.bar)
        meter, unit = span.segment.meter, span.segment.unit
        if bbt.ticks >= unit.ticks:
            raise TempoError(
                f"{bbt}: ticks must be 0 to {unit.ticks - 1} for a {unit.text} beat "
                f"({TICKS_PER_QUARTER} per quarter note)"
            )
        offset = (bbt.beat - 1) * unit.quarters + Fraction(bbt.ticks, TICKS_PER_QUARTER)
        if offset >= meter.bar_quarters:
            beats = format_fraction(meter.beats_per_bar(unit))
            raise TempoError(
                f"{bbt}: bar {bbt.bar} is in {meter} and has {beats} {unit.text} beats; "
                "use a smaller beat or the next bar"
            )
        return span.downbeat_of(bbt.bar) + offset

    def seconds_at_bbt(self, bbt: BarBeatTick | str) -> Number:
        """Seconds from the bar-1 downbeat at a bar|beat|tick."""
        return self.seconds_at_quarters(self.quarters_at_bbt(bbt))

    def bbt_at_seconds(self, seconds: object) -> BarBeatTick:
        """Bar|beat|tick (nearest tick) at ``seconds`` from the bar-1 downbeat."""
        return self.bbt_at_quarters(self.quarters_at_seconds(seconds))

    def bar_at_quarters(self, quarters: object) -> tuple[int, Fraction]:
        """Number and downbeat (quarters) of the bar holding ``quarters``."""
        position = Fraction(exact_or_float(quarters))
        return self._layout.span(self._layout.index_at_quarters(position)).bar_at(position)

    def downbeat_quarters(self, bar: int) -> Fraction:
        """Quarters of the downbeat of ``bar`` (bar 0's is before the pickup)."""
        return self._layout.span_for_bar(bar).downbeat_of(bar)

    def meter_at_bar(self, bar: int) -> tuple[Meter, BeatUnit]:
        """Meter and beat unit of ``bar``."""
        segment = self._layout.span_for_bar(bar).segment
        return segment.meter, segment.unit

    # -- listings -------------------------------------------------------------------------

    def beat_positions(
        self, until_seconds: object, *, subdivision: int = 1, from_seconds: object = None
    ) -> list[Beat]:
        """Every beat (and ``subdivision - 1`` evenly spaced clicks inside each beat) from
        the start of the pickup, or from ``from_seconds`` (negative for a count-in), up to
        and including ``until_seconds``. Seconds are exact where the map is."""
        return listing.beat_positions(
            self, until_seconds, subdivision=subdivision, from_seconds=from_seconds
        )

    def bars(self, until_seconds: object) -> list[Bar]:
        """Every bar starting at or before ``until_seconds``: the pickup bar (bar 0) if
        there is a pickup, then bars 1, 2 ..."""
        return listing.bars(self, until_seconds)

    # -- internals ------------------------------------------------------------------------

    def _locate_quarters(self, quarters: Number) -> tuple[Span, Number]:
        """The span holding ``quarters`` and the beats into it."""
        span = self._layout.span(self._layout.index_at_quarters(quarters))
        beat = (quarters - span.start_quarters) / span.segment.unit.quarters
        if span.segment.beats is not None:
            beat = min(beat, span.segment.beats)
        return span, beat
