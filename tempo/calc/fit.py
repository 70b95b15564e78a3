"""Fitting tempos to picture: the tempo for a span, a ramp that lands, a tempo that
catches a hit on a chosen bar|beat.

Times are seconds from the bar-1 downbeat (the cue's sync downbeat), tempos BPM of the beat
unit. Answers are exact wherever the formula allows.

>>> bpm_for_span(Fraction(8), bars=4)
Fraction(120, 1)
>>> bpm_to_land(Fraction(17, 2), "5|2")
Fraction(120, 1)
"""

from __future__ import annotations

from fractions import Fraction

from tempo.common.errors import TempoError
from tempo.common.exact import BPM, Number, format_fraction, to_fraction
from tempo.map.bbt import BarBeatTick
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.ramps import RampShape, end_bpm_for_duration
from tempo.map.segment import Segment, check_bpm
from tempo.map.tempomap import TempoMap

__all__ = ["bpm_for_span", "bpm_to_land", "ramp_end_bpm", "ramp_segment"]


def bpm_for_span(
    seconds: Fraction,
    *,
    bars: Fraction | int | None = None,
    beats: Fraction | int | None = None,
    meter: Meter | str = "4/4",
    beat_unit: BeatUnit | str | None = None,
) -> Fraction:
    """The exact tempo that fits ``bars`` bars plus ``beats`` beats into ``seconds``.

    ``bars`` counts bars of ``meter``, ``beats`` beats of ``beat_unit`` (the meter's usual
    beat when ``None``); give either or both. The answer is in BPM of that beat unit.
    """
    span = _positive_seconds(seconds, what="the span")
    meter = Meter.parse(meter)
    unit = meter.default_beat_unit() if beat_unit is None else BeatUnit.parse(beat_unit)
    if bars is None and beats is None:
        raise TempoError("give the span as bars, beats or both")
    total = Fraction(0)
    if bars is not None:
        total += to_fraction(bars, what="bars") * meter.beats_per_bar(unit)
    if beats is not None:
        total += to_fraction(beats, what="beats")
    if total <= 0:
        raise TempoError(f"the span must hold more than 0 beats, got {format_fraction(total)}")
    return _in_range(60 * total / span, what=f"{format_fraction(total)} {unit.text} beats")


def ramp_end_bpm(
    start_bpm: Fraction, *, beats: Fraction | int, seconds: Fraction, shape: RampShape | str
) -> float:
    """End tempo of a ramp from ``start_bpm`` that lasts ``seconds`` over ``beats`` beats.

    A float for display; :func:`ramp_segment` keeps the exact value where there is one
    (``LINEAR_TIME`` and ``LINEAR_PERIOD``).
    """
    return float(_solve_ramp(start_bpm, beats=beats, seconds=seconds, shape=shape)[0])


def ramp_segment(
    start_bpm: Fraction,
    *,
    beats: Fraction | int,
    seconds: Fraction,
    shape: RampShape | str,
    meter: Meter | str = "4/4",
    beat_unit: BeatUnit | str | None = None,
) -> Segment:
    """The ramp segment from ``start_bpm`` that lasts ``seconds`` over ``beats`` beats,
    with the end tempo exact where the shape allows."""
    end_bpm, length, start, ramp = _solve_ramp(start_bpm, beats=beats, seconds=seconds, shape=shape)
    unit = None if beat_unit is None else BeatUnit.parse(beat_unit)
    return Segment(length, start, end_bpm, ramp, Meter.parse(meter), unit)  # type: ignore[arg-type]


def bpm_to_land(
    hit_seconds: Fraction,
    at: BarBeatTick | str,
    *,
    meter: Meter | str = "4/4",
    beat_unit: BeatUnit | str | None = None,
    pickup_beats: Fraction | int = 0,
    like: TempoMap | None = None,
) -> Fraction:
    """The exact constant tempo that puts ``at`` (a bar|beat|tick) at ``hit_seconds`` from
    the bar-1 downbeat.

    The meter, beat unit and pickup come from the arguments, or from the first segment and
    pickup of ``like`` when it is given. A position in the pickup bar (bar 0) needs a hit
    before the downbeat, any later position a hit after it.
    """
    if like is not None:
        first = like.segments[0]
        meter, beat_unit, pickup_beats = first.meter, first.unit, like.pickup_beats
    hit = to_fraction(hit_seconds, what="hit_seconds")
    position = BarBeatTick.parse(at)
    reference = TempoMap.constant(60, meter, beat_unit, pickup_beats)
    quarters = reference.quarters_at_bbt(position)
    unit = reference.segments[0].unit
    beats = quarters / unit.quarters
    if quarters < reference.start_quarters:
        raise TempoError(
            f"{position} falls before the {format_fraction(reference.pickup_beats)}-beat "
            "pickup starts; choose a later position or a longer pickup"
        )
    if beats == 0:
        raise TempoError(
            f"{position} is the bar-1 downbeat, which is at 0 s whatever the tempo; "
            "choose another position to land the hit on"
        )
    if hit == 0 or (hit > 0) != (beats > 0):
        side = "after" if beats > 0 else "before"
        raise TempoError(
            f"{position} is {side} the downbeat, so the hit must be {side} it too "
            f"(got {float(hit):g} s)"
        )
    return _in_range(60 * beats / hit, what=f"{position} at {float(hit):g} s")


def _solve_ramp(
    start_bpm: Fraction, *, beats: Fraction | int, seconds: Fraction, shape: RampShape | str
) -> tuple[Number, Fraction, Fraction, RampShape]:
    start = check_bpm(start_bpm, what="start_bpm")
    length = to_fraction(beats, what="beats")
    if length <= 0:
        raise TempoError(f"a ramp needs more than 0 beats, got {format_fraction(length)}")
    duration = _positive_seconds(seconds, what="the ramp")
    ramp = RampShape.parse(shape)
    end_bpm = end_bpm_for_duration(
        shape=ramp, start_bpm=start, length_beats=length, seconds=duration
    )
    return end_bpm, length, start, ramp


def _positive_seconds(seconds: object, *, what: str) -> Fraction:
    value = to_fraction(seconds, what="seconds")
    if value <= 0:
        raise TempoError(f"{what} must last more than 0 seconds, got {format_fraction(value)}")
    return value


def _in_range(bpm: Fraction, *, what: str) -> Fraction:
    if bpm > BPM.high:
        raise TempoError(
            f"{what} needs {float(bpm):.6g} BPM, faster than {format_fraction(BPM.high)}; "
            "allow more time or fewer beats"
        )
    if bpm < BPM.low:
        raise TempoError(
            f"{what} needs {float(bpm):.6g} BPM, slower than {format_fraction(BPM.low)}; "
            "allow less time or more beats"
        )
    return bpm
