"""Random tempo maps for the property tests of several packages."""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise

from hypothesis import strategies as st

from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.segment import RampShape, Segment
from tempo.map.tempomap import TempoMap

METERS = ["4/4", "3/4", "6/8", "3+3+2/8", "5/8", "2/2", "7/16"]
UNITS = [None, "quarter", "eighth", "dotted-quarter"]
bpms = st.fractions(min_value=30, max_value=300, max_denominator=8)


@st.composite
def tempo_maps(draw: st.DrawFn, exact_only: bool = False) -> TempoMap:
    """Maps of several sections; each section is whole bars of one meter split into
    segments at arbitrary beats, with ramps of every shape (``exact_only``: constant
    segments only, so every time on the map is an exact ``Fraction``)."""
    shapes = [RampShape.CONSTANT] if exact_only else list(RampShape)
    segments: list[Segment] = []
    for _ in range(draw(st.integers(1, 3))):
        meter = Meter.parse(draw(st.sampled_from(METERS)))
        unit = BeatUnit.parse(draw(st.sampled_from(UNITS)) or meter.default_beat_unit())
        section = draw(st.integers(1, 3)) * meter.beats_per_bar(unit)
        cuts = draw(st.lists(st.fractions(min_value=0, max_value=1, max_denominator=6), max_size=2))
        edges = sorted({Fraction(0), Fraction(1), *cuts})
        for start, stop in pairwise(edges):
            shape = draw(st.sampled_from(shapes))
            end = None if shape is RampShape.CONSTANT else draw(bpms)
            segments.append(Segment((stop - start) * section, draw(bpms), end, shape, meter, unit))
    if draw(st.booleans()):
        last = segments[-1]
        segments.append(Segment(None, draw(bpms), meter=last.meter, beat_unit=last.beat_unit))
    first = segments[0]
    pickup = draw(st.sampled_from([0, 1, Fraction(1, 2)]))
    pickup = pickup if pickup < first.beats_per_bar else 0
    return TempoMap(tuple(segments), pickup)
