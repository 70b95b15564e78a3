"""A tempo-map segment as one line of text, for typing in a field or on the command line.

``bars=8 bpm=120 meter=4/4`` is eight bars of 4/4 at 120; ``beats=16 bpm=120->96
ramp=beats`` a ritardando over sixteen beats, tempo linear in beats; ``bpm=96
meter=6/8 unit=q.`` an open-ended last segment in dotted quarters. Keys may come in
any order; ``bars`` and ``beats`` are exclusive; ``ramp`` is ``beats``, ``time`` or
``period`` (the three ramp shapes) and defaults to ``beats`` when ``bpm`` has an arrow.

>>> format_segment(parse_segment_spec("bars=8 bpm=120 meter=4/4"))
'bars=8 bpm=120 meter=4/4 unit=q'
>>> format_segment(parse_segment_spec("beats=6 bpm=120->96 ramp=time"))
'beats=6 bpm=120->96 ramp=time meter=4/4 unit=q'
"""

from __future__ import annotations

from fractions import Fraction

from tempo.common.errors import TempoError
from tempo.common.exact import format_fraction, to_fraction
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment

__all__ = ["format_segment", "parse_segment_spec"]

_KEYS = ("bars", "beats", "bpm", "ramp", "meter", "unit")
_SHORT_RAMP = {
    RampShape.LINEAR_BEATS: "beats",
    RampShape.LINEAR_TIME: "time",
    RampShape.LINEAR_PERIOD: "period",
}


def _fields(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for token in text.split():
        key, sep, value = token.partition("=")
        key = key.strip().lower()
        if not sep or not value:
            raise TempoError(
                f"segment {text!r}: {token!r} is not key=value; write e.g. "
                "'bars=8 bpm=120 meter=4/4' or 'beats=16 bpm=120->96 ramp=beats'"
            )
        if key not in _KEYS:
            raise TempoError(
                f"segment {text!r}: unknown key {key!r}; the keys are {', '.join(_KEYS)}"
            )
        if key in fields:
            raise TempoError(f"segment {text!r}: {key} is given twice")
        fields[key] = value
    return fields


def parse_segment_spec(text: str) -> Segment:
    """The :class:`Segment` a line like ``bars=8 bpm=120->96 ramp=beats meter=3/4`` says."""
    fields = _fields(text)
    if "bpm" not in fields:
        raise TempoError(f"segment {text!r}: give a tempo, e.g. bpm=120 or bpm=120->96")
    if "bars" in fields and "beats" in fields:
        raise TempoError(f"segment {text!r}: give bars= or beats=, not both")
    meter = Meter.parse(fields.get("meter", "4/4"))
    unit = BeatUnit.parse(fields["unit"]) if "unit" in fields else meter.default_beat_unit()
    start, arrow, end = fields["bpm"].partition("->")
    ramp = RampShape.CONSTANT
    if arrow:
        ramp = RampShape.parse(fields.get("ramp", "beats"))
    elif "ramp" in fields:
        raise TempoError(f"segment {text!r}: a ramp needs two tempos, e.g. bpm=120->96")
    beats: Fraction | None = None
    if "beats" in fields:
        beats = to_fraction(fields["beats"], what="beats")
    elif "bars" in fields:
        beats = to_fraction(fields["bars"], what="bars") * meter.beats_per_bar(unit)
    return Segment(
        beats=beats,
        bpm=start,  # type: ignore[arg-type]
        end_bpm=end if arrow else None,  # type: ignore[arg-type]
        ramp=ramp,
        meter=meter,
        beat_unit=unit,
    )


def format_segment(segment: Segment) -> str:
    """The text :func:`parse_segment_spec` reads back as ``segment``."""
    parts: list[str] = []
    if segment.beats is not None:
        bars = segment.beats / segment.beats_per_bar
        if bars.denominator == 1:
            parts.append(f"bars={bars}")
        else:
            parts.append(f"beats={format_fraction(segment.beats)}")
    tempo = format_fraction(segment.bpm)
    if segment.end_bpm is not None:
        tempo += f"->{format_fraction(segment.end_bpm)}"
    parts.append(f"bpm={tempo}")
    if segment.ramp is not RampShape.CONSTANT:
        parts.append(f"ramp={_SHORT_RAMP[segment.ramp]}")
    parts.append(f"meter={segment.meter}")
    parts.append(f"unit={segment.unit.label}")
    return " ".join(parts)
