"""The shape of a project file, as pydantic models at the file boundary.

A project file is one JSON object::

    {"schema": "scoresync.project", "version": 1, "title": "Night Train",
     "rate": "23.976", "session_start": "01:00:00:00", "picture": null, "notes": "",
     "pickup_bar": 1,
     "reels": [{"number": 1, "name": "R1", "start": "01:00:00:00"}],
     "cues": [{"number": "1M1", "title": "Main Title", "start": "01:00:10:00",
               "end": "01:00:40:00", "anchor_hit": null, "description": "",
               "in_note": "", "out_note": "", "status": "spotted",
               "hits": [{"tc": "01:00:12:00", "label": "door slam", "weight": 2.0,
                         "must_hit": false, "target": "beat", "tolerance_frames": null}],
               "tempo": {"downbeat": "01:00:10:00", "map": {...}},
               "temp_track": null}]}

A cue's tempo ``map`` is plain, diff-friendly JSON whose numbers are text so they stay
exact: a decimal when the value has a finite one (``"120"``, ``"117.55"``), else
``"n/d"`` (``"240/7"``). Meters are written as ``"4/4"`` or ``"3+3+2/8"``, beat units and
ramp shapes by lowercase name. ``end_bpm`` appears only on ramps; ``beats`` is ``null``
for an open-ended last segment::

    {"pickup_beats": "1",
     "segments": [
        {"beats": "16", "bpm": "120", "ramp": "constant", "meter": "4/4",
         "beat_unit": "quarter"},
        {"beats": "8", "bpm": "120", "end_bpm": "96", "ramp": "linear_time",
         "meter": "4/4", "beat_unit": "quarter"},
        {"beats": null, "bpm": "96", "ramp": "constant", "meter": "6/8",
         "beat_unit": "dotted_quarter"}]}

On reading, those numbers may also be JSON numbers (a float taken as the decimal it
prints as); ``pickup_beats`` (0), ``end_bpm`` (none), ``ramp`` (constant), ``meter``
(4/4) and ``beat_unit`` (the meter's usual beat) may be left out, and all but
``pickup_beats`` may be ``null`` for the same.

Positions are timecode labels at the project's rate (readable, diff-friendly). The
models validate strictly (no unknown keys, no numbers given as text) and hold positions
as integer frames: validation reads labels with the rate passed in the validation
context (``{"rate": FrameRate}``). ``tolerance_frames`` is a number of frames, written as a JSON
number when a short decimal holds it exactly and as text such as ``"1/3"`` otherwise.

``pickup_bar`` (0 or 1) is the number a pickup bar is shown with in the deliverables
(:mod:`tempo.map.barnumbers`). It is written only when it is 1: a file without it reads
as 0, so files that keep the default read in any version-1 scoresync, and the version
stays 1 (an older scoresync names the key it does not know rather than refusing every
file).

``music`` holds the cue sheet's metadata (:mod:`scoresync.project.music`): a ``header``
(production title, episode, company, programme start and end timecodes, the share
convention and target), ``works`` (each with an ``id``, its ``parties`` with ``role``,
``society``, ``ipi`` as text and ``share`` as an exact percentage written like the tempo
numbers, ``"50"`` or ``"100/3"``) and ``uses`` (cue number, work id, ``start``, ``end``,
``usage``). It is written only when something has been entered, so the version stays 1.

These models read any file the format allows and say precisely what is wrong with one
it does not; each value is read by its rule in :mod:`scoresync.project.values`. Files are
written by :mod:`scoresync.project.wire`, which also reads the files it writes without
these models (a 10,000-cue project in a fraction of the time); a file it declines is read
here. Besides the models, this module turns pydantic errors into the file's words
(:func:`describe_error`). Problems are
:class:`~scoresync.project.places.DocumentProblem`; :mod:`scoresync.project.document`
converts validated documents to model objects.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, Strict, ValidationInfo
from pydantic_core import PydanticCustomError

from scoresync.errors import Location
from scoresync.picture.rates import FrameRate
from scoresync.project import SCHEMA_ID, SCHEMA_VERSION
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import CueStatus, HitTarget
from scoresync.project.music import Origin, PartyRole, ShareConvention, Target, Usage
from scoresync.project.places import DocumentProblem, first_of, ordinal, place_of
from scoresync.project.places import shown as _shown
from scoresync.project.values import (
    ValueProblem,
    read_beats,
    read_bpm,
    read_cue_number,
    read_named,
    read_pickup,
    read_pickup_bar,
    read_share,
    read_text,
    read_timecode,
    read_tolerance,
    read_weight,
)
from tempo.map.barnumbers import PickupBar
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.ramps import RampShape

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "CueDoc",
    "DocumentProblem",
    "HitDoc",
    "MusicDoc",
    "MusicHeaderDoc",
    "PartyDoc",
    "ProjectDoc",
    "ReelDoc",
    "SegmentDoc",
    "TempDoc",
    "TempoDoc",
    "TempoMapDoc",
    "UseDoc",
    "WorkDoc",
    "describe_error",
    "first_of",
    "ordinal",
    "place_of",
]

_T = TypeVar("_T")


def _problem(kind: str, text: str) -> PydanticCustomError:
    """A validation error whose message is ``text`` taken literally (braces and all), in
    the file's words already (:func:`describe_error` passes it on as it is)."""
    return PydanticCustomError(kind, "{problem}", {"problem": text})


def _validator(read: Callable[[object], _T]) -> PlainValidator:
    """A validator reading with ``read``, a :class:`ValueProblem` becoming pydantic's error."""

    def validate(value: object) -> _T:
        try:
            return read(value)
        except ValueProblem as problem:
            raise _problem(problem.kind, problem.message) from None

    return PlainValidator(validate)


def _read_timecode(value: object, info: ValidationInfo) -> int:
    context = info.context
    rate = context.get("rate") if isinstance(context, dict) else None
    if not isinstance(rate, FrameRate):
        raise _problem("no_rate", "timecodes cannot be read without a frame rate")
    try:
        return read_timecode(value, rate)
    except ValueProblem as problem:
        raise _problem(problem.kind, problem.message) from None


Timecode = Annotated[int, PlainValidator(_read_timecode)]
"""A position: a timecode label in the file, integer frames in the model."""

CueNumberText = Annotated[CueNumber, _validator(read_cue_number)]
ToleranceFrames = Annotated[Fraction, _validator(read_tolerance)]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


Weight = Annotated[float, _validator(read_weight)]
"""How much catching a hit matters: a JSON number in the range of
:data:`tempo.common.exact.WEIGHT`."""


class HitDoc(_Doc):
    """A hit point: ``tc`` is its timecode."""

    tc: Timecode
    label: str = ""
    weight: Weight = 1.0
    must_hit: bool = False
    target: Annotated[HitTarget, Strict(False)] = HitTarget.BEAT
    tolerance_frames: ToleranceFrames | None = None


# -- tempo maps --------------------------------------------------------------------------


def _text(kind: str, parse: Callable[[str], _T], default: _T) -> PlainValidator:
    return _validator(lambda value: read_text(kind, parse, default, value))


Beats = Annotated[Fraction, _validator(read_beats)]
"""A length in beats (:data:`tempo.common.exact.BEATS`): ``"16"``, ``"7.5"``, ``"16/3"``."""

PickupBeats = Annotated[Fraction, _validator(read_pickup)]
"""A pickup in beats (:data:`tempo.common.exact.PICKUP_BEATS`; the map keeps it shorter than
its first bar)."""

Bpm = Annotated[Fraction, _validator(read_bpm)]
"""A tempo in beats of the segment's beat unit per minute, in the range of
:data:`tempo.common.exact.BPM`."""

RampName = Annotated[RampShape, _text("ramp", RampShape.parse, RampShape.CONSTANT)]
MeterText = Annotated[Meter, _text("meter", Meter.parse, Meter((4,), 4))]
BeatUnitName = Annotated[BeatUnit, _text("beat_unit", BeatUnit.parse, None)]


class SegmentDoc(_Doc):
    """A tempo-map segment (see :class:`tempo.map.segment.Segment`): ``beats`` is
    ``null`` for an open-ended last segment; ``end_bpm`` is written only for a ramp;
    ``beat_unit`` ``null`` is the meter's usual beat."""

    beats: Beats | None
    bpm: Bpm
    end_bpm: Bpm | None = None
    ramp: RampName = RampShape.CONSTANT
    meter: MeterText = Meter((4,), 4)
    beat_unit: BeatUnitName | None = None


class TempoMapDoc(_Doc):
    """A tempo map (see :class:`tempo.map.tempomap.TempoMap`): its segments end to end
    from the bar-1 downbeat, and a pickup of ``pickup_beats`` beats before it."""

    pickup_beats: PickupBeats = Fraction(0)
    segments: list[SegmentDoc] = Field(min_length=1)


class TempoDoc(_Doc):
    """A cue's tempo: ``downbeat`` is where bar 1 of its ``map`` falls."""

    downbeat: Timecode
    map: TempoMapDoc


class TempDoc(_Doc):
    """Temp music on a cue (see :class:`scoresync.project.model.CueTemp`): ``audio``
    (relative to the project file) with its sample ``offset_samples`` on timecode ``at``;
    the analysis hints ``meter`` and ``bpm_range``, the bar-line correction
    ``shift_beats`` and ``bar_shifts`` ([bar, beats] pairs: from that bar on), the meter
    spans ``bar_meters`` ([bar, beats a bar] pairs: from that bar on) and tempo spans
    ``bar_tempos`` ([first bar, end bar, BPM] as text), the chosen fit's source ``bars``
    ([first, end) pairs) and its
    ``stretch`` (a ratio such as ``51/50``). Values left at their default are not
    written."""

    audio: str
    at: Timecode
    offset_samples: Annotated[int, Field(ge=0)] = 0
    meter: MeterText | None = None
    bpm_range: Annotated[list[Bpm], Field(min_length=2, max_length=2)] | None = None
    shift_beats: int = 0
    bars: list[Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=2, max_length=2)]] = []
    stretch: str = "1"
    bar_shifts: list[Annotated[list[int], Field(min_length=2, max_length=2)]] = []
    bar_meters: list[
        Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=2, max_length=2)]
    ] = []
    bar_tempos: list[Annotated[list[str], Field(min_length=3, max_length=3)]] = []


class CueDoc(_Doc):
    """A music cue; ``end`` is exclusive and ``anchor_hit`` indexes ``hits``; ``temp``
    (temp music on the cue) is written only when there is some."""

    number: CueNumberText
    title: str = ""
    start: Timecode
    end: Timecode
    anchor_hit: Annotated[int, Field(ge=0)] | None = None
    description: str = ""
    in_note: str = ""
    out_note: str = ""
    status: Annotated[CueStatus, Strict(False)] = CueStatus.SPOTTED
    hits: list[HitDoc] = []
    tempo: TempoDoc | None = None
    temp_track: str | None = None
    temp: TempDoc | None = None


class ReelDoc(_Doc):
    """A reel: its number, name and start timecode."""

    number: int = Field(ge=1)
    name: str = ""
    start: Timecode


PickupBarNumber = Annotated[PickupBar, _validator(read_pickup_bar)]
"""The number a pickup bar is shown with: a JSON number, 0 or 1."""


# -- music metadata (the cue sheet) -----------------------------------------------------

Share = Annotated[Fraction, _validator(read_share)]
"""A party's share in percent, exact: ``"50"``, ``"33.5"``, ``"100/3"``."""


def _named(kind: str, enum: Any) -> PlainValidator:
    return _validator(lambda value: read_named(kind, enum, value))


UsageName = Annotated[Usage, _named("usage", Usage)]
OriginName = Annotated[Origin, _named("origin", Origin)]
RoleName = Annotated[PartyRole, _named("role", PartyRole)]
ShareConventionName = Annotated[ShareConvention, _named("shares", ShareConvention)]
TargetName = Annotated[Target, _named("target", Target)]


class PartyDoc(_Doc):
    """A writer or publisher of a work: ``ipi`` is text (leading zeros kept), ``share``
    a percentage."""

    name: str
    role: RoleName
    society: str = ""
    ipi: str = ""
    share: Share = Fraction(0)


class WorkDoc(_Doc):
    """A work on the cue sheet, named in uses by ``id``."""

    id: str
    title: str = ""
    origin: OriginName = Origin.COMMISSIONED
    iswc: str = ""
    isrc: str = ""
    library: str = ""
    catalogue: str = ""
    performer: str = ""
    parties: list[PartyDoc] = []


class UseDoc(_Doc):
    """A use of work ``work`` as cue ``cue``; ``end`` is exclusive."""

    cue: CueNumberText
    work: str
    start: Timecode
    end: Timecode
    usage: UsageName = Usage.BACKGROUND_INSTRUMENTAL


class MusicHeaderDoc(_Doc):
    """The cue sheet's production header; the programme runs from ``programme_start`` to
    ``programme_end`` (exclusive); ``programme_duration``, a length written as a timecode,
    is its running time when that is not end minus start."""

    title: str = ""
    aka: str = ""
    episode_title: str = ""
    episode_number: str = ""
    production_number: str = ""
    company: str = ""
    air_date: str = ""
    prepared_by: str = ""
    programme_start: Timecode | None = None
    programme_end: Timecode | None = None
    programme_duration: Timecode | None = None
    shares: ShareConventionName = ShareConvention.SEPARATE
    target: TargetName = Target.US


class MusicDoc(_Doc):
    """The music metadata of the cue sheet (see :mod:`scoresync.project.music`)."""

    header: MusicHeaderDoc = Field(default_factory=MusicHeaderDoc)
    works: list[WorkDoc] = []
    uses: list[UseDoc] = []


class ProjectDoc(_Doc):
    """The whole project file; ``rate`` is a rate name such as ``23.976`` or ``29.97df``;
    ``pickup_bar`` is written only when it is not 0 and ``music`` (the cue
    sheet's metadata) only when it holds something."""

    schema_id: Literal["scoresync.project"] = Field(default=SCHEMA_ID, alias="schema")
    version: int
    title: str
    rate: str
    session_start: Timecode
    picture: str | None = None
    notes: str = ""
    pickup_bar: PickupBarNumber = PickupBar.ZERO
    reels: list[ReelDoc] = []
    cues: list[CueDoc] = []
    music: MusicDoc | None = None


# -- error messages ----------------------------------------------------------------------


def _model_in(annotation: Any) -> type[_Doc] | None:
    if isinstance(annotation, type) and issubclass(annotation, _Doc):
        return annotation
    for argument in get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def field_names_at(loc: tuple[int | str, ...]) -> list[str]:
    """The keys allowed in the object that holds the key at ``loc`` (file spelling)."""
    model: type[_Doc] = ProjectDoc
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = {field.alias or name: field for name, field in model.model_fields.items()}
        if part not in fields:
            return []
        nested = _model_in(fields[part].annotation)
        if nested is None:
            return []
        model = nested
    return [field.alias or name for name, field in model.model_fields.items()]


_KIND_MESSAGES = {
    "missing": "required, but missing",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "bool_type": "must be true or false",
    "list_type": "must be a list [...]",
    "dict_type": "must be an object {...}",
    "model_type": "must be an object {...}",
    "model_attributes_type": "must be an object {...}",
    "finite_number": "must be a finite number",
}


def describe_error(error: Mapping[str, Any]) -> tuple[Location, str]:
    """Return ``(location, message)`` for one pydantic error, in the file's words."""
    loc: Location = tuple(error["loc"])
    kind = error["type"]
    context = error.get("ctx") or {}
    if "problem" in context:
        return loc, error["msg"]
    if kind == "extra_forbidden":
        allowed = ", ".join(field_names_at(loc))
        return loc, f"unknown key {_shown(loc[-1])}; the keys here are {allowed}"
    if kind == "missing":
        return loc, "required, but missing"
    got = f", got {_shown(error.get('input'))}"
    if kind == "too_short" and context.get("min_length") == 1:
        return loc, "must not be empty" + got
    if kind in _KIND_MESSAGES:
        return loc, _KIND_MESSAGES[kind] + got
    message = error["msg"]
    return loc, message[:1].lower() + message[1:] + got
