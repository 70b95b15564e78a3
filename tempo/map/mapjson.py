"""Tempo maps in the project file.

The format is plain, diff-friendly JSON. Numbers are strings so they stay exact: a decimal
when the value has a finite one (``"120"``, ``"117.55"``), else ``"n/d"`` (``"240/7"``).
Meters are written as ``"4/4"`` or ``"3+3+2/8"``, beat units and ramp shapes by lowercase
name. ``end_bpm`` appears only on ramps; ``beats`` is ``null`` for an open-ended last
segment::

    {"pickup_beats": "1",
     "segments": [
        {"beats": "16", "bpm": "120", "ramp": "constant", "meter": "4/4",
         "beat_unit": "quarter"},
        {"beats": "8", "bpm": "120", "end_bpm": "96", "ramp": "linear_time",
         "meter": "4/4", "beat_unit": "quarter"},
        {"beats": null, "bpm": "96", "ramp": "constant", "meter": "6/8",
         "beat_unit": "dotted_quarter"}]}

On reading, numbers may also be JSON numbers; ``pickup_beats``, ``end_bpm`` (for a
constant segment), ``ramp`` (constant), ``meter`` (4/4) and ``beat_unit`` (the meter's
usual beat) may be left out. Every error names its JSON path.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING, TypeVar

from tempo.common.errors import TempoError
from tempo.common.exact import format_fraction, to_fraction
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.ramps import MAX_BPM, RampShape
from tempo.map.segment import Segment

if TYPE_CHECKING:
    from tempo.map.tempomap import TempoMap

__all__ = ["map_from_json", "map_to_json", "segment_from_json", "segment_to_json"]

_MAP_KEYS = ("pickup_beats", "segments")
_SEGMENT_KEYS = ("beats", "bpm", "end_bpm", "ramp", "meter", "beat_unit")
_T = TypeVar("_T")


def map_to_json(tempo_map: TempoMap) -> dict[str, object]:
    """The map as JSON-ready data."""
    return {
        "pickup_beats": format_fraction(tempo_map.pickup_beats),
        "segments": [segment_to_json(segment) for segment in tempo_map.segments],
    }


def segment_to_json(segment: Segment) -> dict[str, object]:
    """One segment as JSON-ready data."""
    data: dict[str, object] = {
        "beats": None if segment.beats is None else format_fraction(segment.beats),
        "bpm": format_fraction(segment.bpm),
    }
    if segment.end_bpm is not None:
        data["end_bpm"] = format_fraction(segment.end_bpm)
    data["ramp"] = segment.ramp.json_name
    data["meter"] = str(segment.meter)
    data["beat_unit"] = segment.unit.json_name
    return data


def map_from_json(data: object, *, where: str = "tempo.map") -> TempoMap:
    """Reads a map written by :func:`map_to_json`; raises :class:`TempoError` naming the
    JSON path (``tempo.map.segments[1].bpm: ...``)."""
    from tempo.map.tempomap import TempoMap

    mapping = _object(data, where, _MAP_KEYS)
    if "segments" not in mapping:
        raise TempoError(f"{where}: missing 'segments' (a list of tempo segments)")
    items = mapping["segments"]
    if not isinstance(items, list) or not items:
        raise TempoError(
            f"{where}.segments: must be a non-empty list of segments, got {_show(items)}"
        )
    segments = tuple(
        segment_from_json(item, where=f"{where}.segments[{index}]")
        for index, item in enumerate(items)
    )
    pickup = _field(
        mapping,
        "pickup_beats",
        where,
        _positive_or_zero,
        "a number of beats, 0 or more",
        default=Fraction(0),
    )
    try:
        return TempoMap(segments, pickup)
    except TempoError as error:
        raise TempoError(f"{where}.{error}") from None


def segment_from_json(data: object, *, where: str) -> Segment:
    """Reads one segment; raises :class:`TempoError` naming the JSON path."""
    mapping = _object(data, where, _SEGMENT_KEYS)
    for key in ("beats", "bpm"):
        if key not in mapping:
            raise TempoError(f"{where}: missing {key!r}")
    bpm_rule = f"a number greater than 0 and at most {MAX_BPM}"
    beats = _field(
        mapping,
        "beats",
        where,
        _beats,
        "a number of beats greater than 0 (or null for an open-ended last segment)",
    )
    bpm = _field(mapping, "bpm", where, _bpm, bpm_rule)
    end_bpm = _field(mapping, "end_bpm", where, _bpm, bpm_rule, default=None, allow_null=True)
    ramp = _parsed(mapping, "ramp", where, RampShape.parse, RampShape.CONSTANT)
    meter = _parsed(mapping, "meter", where, Meter.parse, Meter((4,), 4))
    unit = _parsed(mapping, "beat_unit", where, BeatUnit.parse, None)
    try:
        return Segment(beats, bpm, end_bpm, ramp, meter, unit)
    except TempoError as error:
        raise TempoError(f"{where}: {error}") from None


def _object(data: object, where: str, keys: tuple[str, ...]) -> dict[str, object]:
    if not isinstance(data, dict):
        raise TempoError(f"{where}: must be an object with {', '.join(keys)}, got {_show(data)}")
    for key in data:
        if key not in keys:
            raise TempoError(f"{where}: unknown key {key!r}; expected one of {', '.join(keys)}")
    return data


def _field(
    mapping: dict[str, object],
    key: str,
    where: str,
    convert: Callable[[object], _T],
    rule: str,
    *,
    default: object = ...,
    allow_null: bool = False,
) -> _T:
    """Converts ``mapping[key]`` or raises ``"<where>.<key>: must be <rule>, got ..."``."""
    if key not in mapping and default is not ...:
        return default  # type: ignore[return-value]
    value = mapping[key]
    if value is None and allow_null:
        return default  # type: ignore[return-value]
    try:
        return convert(value)
    except (TempoError, TypeError, ValueError):
        raise TempoError(f"{where}.{key}: must be {rule}, got {_show(value)}") from None


def _parsed(
    mapping: dict[str, object], key: str, where: str, parse: Callable[[str], _T], default: _T
) -> _T:
    """Parses text at ``mapping[key]`` with ``parse``, prefixing its message with the path."""
    if key not in mapping or mapping[key] is None:
        return default
    value = mapping[key]
    if not isinstance(value, str):
        raise TempoError(f"{where}.{key}: must be text, got {_show(value)}")
    try:
        return parse(value)
    except TempoError as error:
        raise TempoError(f"{where}.{key}: {error}") from None


def _number(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(value)
    return to_fraction(value, what="value")


def _beats(value: object) -> Fraction | None:
    if value is None:
        return None
    beats = _number(value)
    if beats <= 0:
        raise ValueError(value)
    return beats


def _bpm(value: object) -> Fraction:
    bpm = _number(value)
    if not 0 < bpm <= MAX_BPM:
        raise ValueError(value)
    return bpm


def _positive_or_zero(value: object) -> Fraction:
    number = _number(value)
    if number < 0:
        raise ValueError(value)
    return number


def _show(value: object) -> str:
    """A short rendering of a bad value for an error message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
