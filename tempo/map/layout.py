"""Where each segment of a tempo map sits: its start in quarter notes and seconds, and the
bar it starts in.

A :class:`Layout` is computed once per map. Besides the map's own segments it holds a
*lead* span (everything before the bar-1 downbeat: the pickup and any count-in, at the
first segment's start tempo, meter and beat unit) and, for a map with a finite end, a
*tail* span (everything after the end, at the last segment's end tempo). So every
position, however early or late, has a tempo and a bar.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from tempo.common.errors import TempoMapError
from tempo.common.exact import Number, format_fraction
from tempo.map.segment import Segment

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["Layout", "Span", "build_layout"]


@dataclass(frozen=True)
class Span:
    """A segment placed on the map.

    ``index`` is the segment's index in the map, -1 for the lead and ``len(segments)`` for
    the tail. ``bar`` is the number of the bar the span starts in and
    ``bar_start_quarters`` that bar's downbeat (before the span start when the span begins
    mid-bar).
    """

    index: int
    segment: Segment
    start_quarters: Fraction
    start_seconds: Number
    bar: int
    bar_start_quarters: Fraction

    @property
    def end_quarters(self) -> Fraction | None:
        """Where the span ends in quarter notes, ``None`` when open-ended."""
        length = self.segment.length_quarters
        return None if length is None else self.start_quarters + length

    def bar_at(self, quarters: Fraction) -> tuple[int, Fraction]:
        """Bar number and downbeat (quarters) of the bar holding ``quarters``, counting the
        span's meter forwards or backwards from its first bar line."""
        bar_quarters = self.segment.meter.bar_quarters
        bars = math.floor((quarters - self.bar_start_quarters) / bar_quarters)
        return self.bar + bars, self.bar_start_quarters + bars * bar_quarters

    def downbeat_of(self, bar: int) -> Fraction:
        """Quarters of the downbeat of ``bar`` in this span's meter."""
        return self.bar_start_quarters + (bar - self.bar) * self.segment.meter.bar_quarters


class Layout:
    """The spans of a map in order (its segments, then the tail if the map ends) and the
    lead before bar 1, with lookup tables."""

    def __init__(
        self,
        spans: tuple[Span, ...],
        lead: Span,
        end_quarters: Fraction | None,
        end_seconds: Number | None,
    ) -> None:
        self.spans = spans
        self.lead = lead
        self.end_quarters = end_quarters
        self.end_seconds = end_seconds
        self._starts_quarters = [span.start_quarters for span in spans]
        self._starts_seconds = [span.start_seconds for span in spans]
        self._start_bars = [span.bar for span in spans]
        self._float_quarters = [float(start) for start in self._starts_quarters]
        self._float_seconds = [float(start) for start in self._starts_seconds]

    def index_at_quarters(self, quarters: Number) -> int:
        """Index into ``spans`` of the span holding ``quarters``; -1 before bar 1."""
        if quarters < 0:
            return -1
        return bisect_right(self._starts_quarters, quarters) - 1

    def index_at_seconds(self, seconds: Number) -> int:
        """Index into ``spans`` of the span holding ``seconds``; -1 before bar 1."""
        if seconds < 0:
            return -1
        return bisect_right(self._starts_seconds, seconds) - 1

    def span(self, index: int) -> Span:
        """The span at ``index`` (-1 is the lead)."""
        return self.lead if index < 0 else self.spans[index]

    def span_for_bar(self, bar: int) -> Span:
        """The last span starting in or before ``bar``: it has that bar's meter."""
        index = bisect_right(self._start_bars, bar) - 1
        return self.spans[max(index, 0)]

    def indices_at_quarters(self, quarters: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
        """Vectorised :meth:`index_at_quarters` (-1 before bar 1)."""
        import numpy as np

        return np.searchsorted(self._float_quarters, quarters, side="right") - 1

    def indices_at_seconds(self, seconds: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
        """Vectorised :meth:`index_at_seconds` (-1 before bar 1)."""
        import numpy as np

        return np.searchsorted(self._float_seconds, seconds, side="right") - 1


def build_layout(segments: tuple[Segment, ...]) -> Layout:
    """Places ``segments`` end to end from the bar-1 downbeat.

    Raises :class:`TempoMapError` located at ``("segments", i)`` when a segment other than
    the last is open-ended, or when a meter or beat-unit change falls inside a bar.
    """
    if not segments:
        raise TempoMapError("a tempo map needs at least one segment", location=("segments",))
    spans: list[Span] = []
    quarters, seconds = Fraction(0), Fraction(0)
    end_seconds: Number = seconds
    for index, segment in enumerate(segments):
        if not isinstance(segment, Segment):
            raise TempoMapError(
                f"expected a Segment, got {segment!r}", location=("segments", index)
            )
        bar, bar_start = (1, Fraction(0)) if not spans else _check_bar_line(spans[-1], segment)
        spans.append(Span(index, segment, quarters, end_seconds, bar, bar_start))
        if segment.beats is None:
            if index != len(segments) - 1:
                raise TempoMapError(
                    "only the last segment can be open-ended; give this one a length in beats",
                    location=("segments", index),
                )
            return Layout(tuple(spans), _lead(segments[0]), None, None)
        quarters = quarters + segment.beats * segment.unit.quarters
        duration = segment.duration_seconds
        assert duration is not None
        end_seconds = end_seconds + duration
    last = segments[-1]
    tail = Segment(None, last.final_bpm, meter=last.meter, beat_unit=last.unit)
    bar, bar_start = spans[-1].bar_at(quarters)
    spans.append(Span(len(segments), tail, quarters, end_seconds, bar, bar_start))
    return Layout(tuple(spans), _lead(segments[0]), quarters, end_seconds)


def _lead(first: Segment) -> Span:
    lead = Segment(None, first.bpm, meter=first.meter, beat_unit=first.unit)
    return Span(-1, lead, Fraction(0), Fraction(0), 1, Fraction(0))


def _check_bar_line(previous: Span, segment: Segment) -> tuple[int, Fraction]:
    """Bar number and downbeat for a segment starting where ``previous`` ends; raises
    when the segment changes meter or beat unit away from a bar line."""
    start = previous.end_quarters
    assert start is not None
    bar, downbeat = previous.bar_at(start)
    before = previous.segment
    if start == downbeat:
        return bar, downbeat
    if segment.meter != before.meter or segment.unit != before.unit:
        offset_beats = (start - downbeat) / before.unit.quarters
        beats = f"{format_fraction(offset_beats)} beat{'' if offset_beats == 1 else 's'}"
        if segment.meter != before.meter:
            change = f"meter change from {before.meter} to {segment.meter}"
            rule = "a meter can only change at a bar line"
        else:
            change = f"beat unit change from {before.unit.text} to {segment.unit.text}"
            rule = "a beat unit can only change at a bar line"
        raise TempoMapError(
            f"{change} falls {beats} into bar {bar}: {rule}",
            location=("segments", previous.index + 1),
        )
    return bar, downbeat
