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
context (``{"rate": FrameRate}``), serialisation writes them with the rate in the
serialisation context. ``tolerance_frames`` is a number of frames, written as a JSON
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

Besides the models, this module turns pydantic errors into the file's words
(:func:`describe_error`) and names places in the user's terms (:func:`place_of`).
Problems are :class:`DocumentProblem` (a location as pydantic's ``loc`` and a message);
:meth:`DocumentProblem.in_file` makes the :class:`~scoresync.errors.ProjectFileError` the
user sees. :mod:`scoresync.project.document` converts documents to model objects and back.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    SerializationInfo,
    Strict,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from scoresync.errors import (
    Location,
    ProjectError,
    ProjectFileError,
    ScoreSyncError,
    TempoError,
    TimecodeError,
)
from scoresync.picture.rates import FrameRate, parse_rate
from scoresync.picture.timecode import frames_to_tc, tc_to_frames
from scoresync.project import SCHEMA_ID
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import CueStatus, HitTarget
from scoresync.project.music import Origin, PartyRole, ShareConvention, Target, Usage
from tempo.common.exact import (
    BEATS,
    BPM,
    PICKUP_BEATS,
    TOLERANCE_FRAMES,
    WEIGHT,
    Range,
    format_fraction,
    to_fraction,
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

SCHEMA_VERSION = 1
"""The version of the file format these models describe."""


class DocumentProblem(ScoreSyncError):
    """A problem in a project document: where it is and what is wrong.

    ``location`` is the value at fault as keys and indexes (pydantic's ``loc``), empty
    for the document as a whole; ``text_place`` names a place in the file's text
    (``line 2, column 16``) when the text itself is at fault. Reading and saving turn it
    into the :class:`~scoresync.errors.ProjectFileError` the user sees, naming the file.
    """

    def __init__(self, location: Location, message: str, *, text_place: str | None = None):
        super().__init__(message)
        self.location = location
        self.message = message
        self.text_place = text_place

    def in_file(self, path: Path | str, document: object, *, prefix: str = "") -> ProjectFileError:
        """The error to show for this problem in the file at ``path``; ``document`` (the
        file's JSON data, or an outline with its cue and reel numbers) names the place."""
        where = self.text_place
        if where is None and self.location:
            where = place_of(self.location, document)
        return ProjectFileError(
            prefix + self.message, path=str(path), location=self.location, where=where
        )


def first_of(problems: Sequence[tuple[Location, str]]) -> DocumentProblem:
    """The first problem, its message counting the others: ``... (and 2 more problems)``."""
    location, message = problems[0]
    more = len(problems) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return DocumentProblem(location, message)


def _context_rate(context: object) -> FrameRate:
    rate = context.get("rate") if isinstance(context, dict) else None
    if not isinstance(rate, FrameRate):
        raise _problem("no_rate", "timecodes cannot be read without a frame rate")
    return rate


def _problem(kind: str, text: str) -> PydanticCustomError:
    """A validation error whose message is ``text`` taken literally (braces and all), in
    the file's words already (:func:`describe_error` passes it on as it is)."""
    return PydanticCustomError(kind, "{problem}", {"problem": text})


def _read_timecode(value: object, info: ValidationInfo) -> int:
    if not isinstance(value, str):
        raise _problem(
            "timecode_type",
            f'a timecode is text such as "01:00:10:00", got {_shown(value)}',
        )
    rate = _context_rate(info.context)
    try:
        return tc_to_frames(value, rate=rate)
    except TimecodeError as error:
        raise _problem("timecode", str(error)) from None


def _write_timecode(frames: int, info: SerializationInfo) -> str:
    return frames_to_tc(frames, rate=_context_rate(info.context))


Timecode = Annotated[int, PlainValidator(_read_timecode), PlainSerializer(_write_timecode)]
"""A position: a timecode label in the file, integer frames in the model."""


def _read_cue_number(value: object) -> CueNumber:
    if not isinstance(value, str):
        raise _problem(
            "cue_number_type", f'a cue number is text such as "1M1", got {_shown(value)}'
        )
    try:
        return CueNumber.parse(value)
    except ValueError as error:
        raise _problem("cue_number", str(error)) from None


CueNumberText = Annotated[CueNumber, PlainValidator(_read_cue_number), PlainSerializer(str)]


def _read_tolerance(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _problem("tolerance_type", f"a tolerance is a number of frames, got {_shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _problem(
            "tolerance", f"a tolerance must be a finite number of frames, got {_shown(value)}"
        )
    try:
        frames = to_fraction(value, what="tolerance")
    except TempoError:
        raise _problem(
            "tolerance", f'{_shown(value)} is not a number of frames: write e.g. 1, 0.5 or "1/3"'
        ) from None
    if not TOLERANCE_FRAMES.holds(frames):
        raise _problem(
            "tolerance", f"a tolerance must be {TOLERANCE_FRAMES.text}, got {_shown(value)}"
        )
    return frames


def _write_tolerance(frames: Fraction) -> int | float | str:
    if frames.denominator == 1:
        return frames.numerator
    as_float = float(frames)
    if Fraction(repr(as_float)) == frames:
        return as_float
    return f"{frames.numerator}/{frames.denominator}"


ToleranceFrames = Annotated[
    Fraction, PlainValidator(_read_tolerance), PlainSerializer(_write_tolerance)
]


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


def _read_weight(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _problem("weight_type", f"must be a number, got {_shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _problem("weight", f"must be a finite number, got {_shown(value)}")
    if not WEIGHT.holds(float(value) if isinstance(value, float) else Fraction(value)):
        raise _problem("weight", f"must be {WEIGHT.text}, got {_shown(value)}")
    return float(value)


Weight = Annotated[float, PlainValidator(_read_weight)]
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

_T = TypeVar("_T")


def _exact(value: object, kind: str, rule: Range, *, words: str = "{}") -> Fraction:
    """``value`` (a JSON number or text such as ``"117.55"`` or ``"240/7"``) as an exact
    number in the range ``rule``; else a ``kind`` error ``must be <words>, got <value>``,
    the rule's text put into ``words``."""
    try:
        number = to_fraction(value, what=kind)
    except TempoError:
        number = None
    if number is None or not rule.holds(number):
        raise _problem(kind, f"must be {words.format(rule.text)}, got {_shown(value)}")
    return number


def _read_beats(value: object) -> Fraction:
    return _exact(value, "beats", BEATS, words="{} (or null for an open-ended last segment)")


def _read_pickup(value: object) -> Fraction:
    return _exact(value, "pickup_beats", PICKUP_BEATS)


def _read_bpm(value: object) -> Fraction:
    return _exact(value, "bpm", BPM, words="a number {}")


def _text_reader(kind: str, parse: Callable[[str], _T], default: _T) -> Callable[[object], _T]:
    """A validator reading text with ``parse`` (``null`` is ``default``), its errors in the
    words of ``parse``."""

    def read(value: object) -> _T:
        if value is None:
            return default
        if not isinstance(value, str):
            raise _problem(kind, f"must be text, got {_shown(value)}")
        try:
            return parse(value)
        except TempoError as error:
            raise _problem(kind, str(error)) from None

    return read


Beats = Annotated[Fraction, PlainValidator(_read_beats), PlainSerializer(format_fraction)]
"""A length in beats (:data:`tempo.common.exact.BEATS`): ``"16"``, ``"7.5"``, ``"16/3"``."""

PickupBeats = Annotated[Fraction, PlainValidator(_read_pickup), PlainSerializer(format_fraction)]
"""A pickup in beats (:data:`tempo.common.exact.PICKUP_BEATS`; the map keeps it shorter than
its first bar)."""

Bpm = Annotated[Fraction, PlainValidator(_read_bpm), PlainSerializer(format_fraction)]
"""A tempo in beats of the segment's beat unit per minute, in the range of
:data:`tempo.common.exact.BPM`."""

RampName = Annotated[
    RampShape,
    PlainValidator(_text_reader("ramp", RampShape.parse, RampShape.CONSTANT)),
    PlainSerializer(lambda ramp: ramp.json_name),
]
MeterText = Annotated[
    Meter,
    PlainValidator(_text_reader("meter", Meter.parse, Meter((4,), 4))),
    PlainSerializer(str),
]
BeatUnitName = Annotated[
    BeatUnit,
    PlainValidator(_text_reader("beat_unit", BeatUnit.parse, None)),
    PlainSerializer(lambda unit: unit.json_name),
]


class SegmentDoc(_Doc):
    """A tempo-map segment (see :class:`tempo.map.segment.Segment`): ``beats`` is
    ``null`` for an open-ended last segment; ``end_bpm`` is written only for a ramp;
    ``beat_unit`` ``null`` is the meter's usual beat."""

    beats: Beats | None
    bpm: Bpm
    end_bpm: Bpm | None = Field(default=None, exclude_if=lambda end_bpm: end_bpm is None)
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
    offset_samples: Annotated[int, Field(ge=0)] = Field(
        default=0, exclude_if=lambda offset: offset == 0
    )
    meter: MeterText | None = Field(default=None, exclude_if=lambda meter: meter is None)
    bpm_range: Annotated[list[Bpm], Field(min_length=2, max_length=2)] | None = Field(
        default=None, exclude_if=lambda bpm_range: bpm_range is None
    )
    shift_beats: int = Field(default=0, exclude_if=lambda shift: shift == 0)
    bars: list[Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=2, max_length=2)]] = (
        Field(default=[], exclude_if=lambda bars: not bars)
    )
    stretch: str = Field(default="1", exclude_if=lambda stretch: stretch == "1")
    bar_shifts: list[Annotated[list[int], Field(min_length=2, max_length=2)]] = Field(
        default=[], exclude_if=lambda shifts: not shifts
    )
    bar_meters: list[
        Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=2, max_length=2)]
    ] = Field(default=[], exclude_if=lambda meters: not meters)
    bar_tempos: list[Annotated[list[str], Field(min_length=3, max_length=3)]] = Field(
        default=[], exclude_if=lambda tempos: not tempos
    )


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
    temp: TempDoc | None = Field(default=None, exclude_if=lambda temp: temp is None)


class ReelDoc(_Doc):
    """A reel: its number, name and start timecode."""

    number: int = Field(ge=1)
    name: str = ""
    start: Timecode


def _read_pickup_bar(value: object) -> PickupBar:
    if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
        return PickupBar(value)
    raise _problem(
        "pickup_bar",
        "must be 0 (a pickup is bar 0, the concert convention) or 1 (the pickup bar is "
        f"bar 1, as MIDI readers count), got {_shown(value)}",
    )


PickupBarNumber = Annotated[PickupBar, PlainValidator(_read_pickup_bar), PlainSerializer(int)]
"""The number a pickup bar is shown with: a JSON number, 0 or 1."""


# -- music metadata (the cue sheet) -----------------------------------------------------


def _read_share(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _problem("share_type", f'a share is a percentage such as "50", got {_shown(value)}')
    try:
        share = to_fraction(value, what="share")
    except TempoError:
        share = None
    if share is None or share < 0:
        raise _problem(
            "share",
            f'a share is a percentage from 0, written e.g. "50", "33.5" or "100/3", '
            f"got {_shown(value)}",
        )
    return share


Share = Annotated[Fraction, PlainValidator(_read_share), PlainSerializer(format_fraction)]
"""A party's share in percent, exact: ``"50"``, ``"33.5"``, ``"100/3"``."""


def _named(kind: str, enum: Any) -> Callable[[object], Any]:
    """A validator reading the name of a member of ``enum`` (a
    :mod:`scoresync.project.music` enum with ``parse``)."""

    def read(value: object) -> Any:
        if not isinstance(value, str):
            raise _problem(kind, f"must be text, got {_shown(value)}")
        try:
            return enum.parse(value)
        except ProjectError as error:
            raise _problem(kind, str(error)) from None

    return read


def _enum_value(member: Any) -> str:
    return str(member.value)


UsageName = Annotated[Usage, PlainValidator(_named("usage", Usage)), PlainSerializer(_enum_value)]
OriginName = Annotated[
    Origin, PlainValidator(_named("origin", Origin)), PlainSerializer(_enum_value)
]
RoleName = Annotated[
    PartyRole, PlainValidator(_named("role", PartyRole)), PlainSerializer(_enum_value)
]
ShareConventionName = Annotated[
    ShareConvention,
    PlainValidator(_named("shares", ShareConvention)),
    PlainSerializer(_enum_value),
]
TargetName = Annotated[
    Target, PlainValidator(_named("target", Target)), PlainSerializer(_enum_value)
]


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
    pickup_bar: PickupBarNumber = Field(
        default=PickupBar.ZERO, exclude_if=lambda pickup_bar: pickup_bar is PickupBar.ZERO
    )
    reels: list[ReelDoc] = []
    cues: list[CueDoc] = []
    music: MusicDoc | None = Field(default=None, exclude_if=lambda music: music is None)


# -- error messages ----------------------------------------------------------------------


def _shown(value: object) -> str:
    """``value`` as the file spells it, cut to 40 characters; a list or object nested too
    deeply to write is named by its kind."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    except RecursionError:
        text = "[[[..." if isinstance(value, list) else '{"...'
    return text if len(text) <= 40 else text[:37] + "..."


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


# -- places in the user's terms --------------------------------------------------------


def place_of(location: Location, document: object) -> str:
    """The place at ``location`` in the user's terms: ``cue 1M3, hit 2, tc``.

    ``document`` is the file's JSON data (or an outline of it holding cue and reel
    numbers). A cue or reel is named by its number when that is valid and no other has
    it, else by its place in the file's list (``the 5th cue``). Hits and tempo-map
    segments are numbered from 1, as ``hit list`` and the tempo editor show them: hits in
    time order when every hit's timecode can be read, else in the file's order. Other keys
    appear as the file spells them, ``tempo`` and ``map`` together as ``tempo map``.
    """
    parts: list[str] = []
    node = document
    index = 0
    while index < len(location):
        key = location[index]
        following = location[index + 1] if index + 1 < len(location) else None
        child = _member(node, key)
        if isinstance(key, str) and isinstance(following, int):
            parts.append(_item_place(key, following, child, document))
            node, index = _member(child, following), index + 2
        elif key == "tempo" and following == "map":
            parts.append("tempo map")
            node, index = _member(child, "map"), index + 2
        else:
            parts.append(str(key) if isinstance(key, str) else f"[{key}]")
            node, index = child, index + 1
    return ", ".join(parts)


def _member(node: object, key: str | int) -> object:
    """``node[key]`` when ``node`` is an object with that key or a list that long, else None."""
    if isinstance(key, str) and isinstance(node, Mapping):
        return node.get(key)
    if isinstance(key, int) and isinstance(node, list) and 0 <= key < len(node):
        return node[key]
    return None


def _item_place(key: str, index: int, items: object, document: object) -> str:
    """How the item at ``items[index]`` (the list under ``key``) is named to the user."""
    listed = items if isinstance(items, list) else []
    if key == "cues":
        numbers = [_cue_number(_member(item, "number")) for item in listed]
        number = numbers[index] if index < len(numbers) else None
        if number is not None and numbers.count(number) == 1:
            return f"cue {number}"
    elif key == "reels":
        reel_numbers = [_member(item, "number") for item in listed]
        reel = reel_numbers[index] if index < len(reel_numbers) else None
        valid = isinstance(reel, int) and not isinstance(reel, bool) and reel >= 1
        if valid and reel_numbers.count(reel) == 1:
            return f"reel {reel}"
    elif key == "hits":
        order = _time_order(listed, _rate_of(document))
        return f"hit {order.index(index) + 1 if index in order else index + 1}"
    elif key == "segments":
        return f"segment {index + 1}"
    elif key == "works":
        ids = [_member(item, "id") for item in listed]
        work_id = ids[index] if index < len(ids) else None
        if isinstance(work_id, str) and work_id and ids.count(work_id) == 1:
            return f"work {work_id}"
    elif key == "parties":
        return f"party {index + 1}"
    elif key == "uses":
        cue = _cue_number(_member(listed[index] if index < len(listed) else None, "cue"))
        if cue is not None:
            return f"use {index + 1} (cue {cue})"
        return f"use {index + 1}"
    return f"the {ordinal(index + 1)} {_SINGULAR.get(key, key)}"


_SINGULAR = {"cues": "cue", "reels": "reel", "works": "work"}


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th`` ... ``11th``, ``21st``: a place in a list."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


def _cue_number(value: object) -> CueNumber | None:
    if not isinstance(value, str):
        return None
    try:
        return CueNumber.parse(value)
    except ValueError:
        return None


def _rate_of(document: object) -> FrameRate | None:
    rate = _member(document, "rate")
    if isinstance(rate, FrameRate):
        return rate
    try:
        return parse_rate(rate) if isinstance(rate, str) else None
    except TimecodeError:
        return None


def _time_order(hits: list[object], rate: FrameRate | None) -> list[int]:
    """Indexes of ``hits`` in time order (as a project holds them), or in the file's
    order when a timecode cannot be read."""
    in_file_order = list(range(len(hits)))
    frames: list[int] = []
    for hit in hits:
        tc = _member(hit, "tc")
        if rate is None or not isinstance(tc, str):
            return in_file_order
        try:
            frames.append(tc_to_frames(tc, rate=rate))
        except TimecodeError:
            return in_file_order
    return sorted(in_file_order, key=frames.__getitem__)
