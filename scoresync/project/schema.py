"""The shape of a project file, as pydantic models at the file boundary.

A project file is one JSON object::

    {"schema": "scoresync.project", "version": 1, "title": "Night Train",
     "rate": "23.976", "session_start": "01:00:00:00", "picture": null, "notes": "",
     "reels": [{"number": 1, "name": "R1", "start": "01:00:00:00"}],
     "cues": [{"number": "1M1", "title": "Main Title", "start": "01:00:10:00",
               "end": "01:00:40:00", "anchor_hit": null, "description": "",
               "in_note": "", "out_note": "", "status": "spotted",
               "hits": [{"tc": "01:00:12:00", "label": "door slam", "weight": 2.0,
                         "must_hit": false, "target": "beat", "tolerance_frames": null}],
               "tempo": {"downbeat": "01:00:10:00", "map": {...}},
               "temp_track": null}]}

Positions are timecode labels at the project's rate (readable, diff-friendly). The
models validate strictly (no unknown keys, no numbers given as text) and hold positions
as integer frames: validation reads labels with the rate passed in the validation
context (``{"rate": FrameRate}``), serialisation writes them with the rate in the
serialisation context. ``tolerance_frames`` is a number of frames, written as a JSON
number when a short decimal holds it exactly and as text such as ``"1/3"`` otherwise.

Besides the models, this module turns pydantic errors into the file's words
(:func:`describe_error`). Problems are :class:`DocumentProblem` (a JSON path and a
message); :mod:`scoresync.project.fileio` adds the file name. :mod:`scoresync.project.document`
converts documents to model objects and back.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Annotated, Any, Final, Literal, get_args

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

from scoresync.errors import TimecodeError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc, tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import CueStatus, HitTarget

__all__ = [
    "SCHEMA_ID",
    "SCHEMA_VERSION",
    "CueDoc",
    "DocumentProblem",
    "HitDoc",
    "ProjectDoc",
    "ReelDoc",
    "TempoDoc",
    "describe_error",
    "first_of",
    "json_path",
]

SCHEMA_ID: Final = "scoresync.project"
SCHEMA_VERSION = 1
"""The version of the file format these models describe."""


class DocumentProblem(Exception):
    """A problem in a project document: where (a JSON path, or a line and column) and what."""

    def __init__(self, where: str | None, message: str):
        super().__init__(message)
        self.where = where
        self.message = message


def first_of(problems: Sequence[tuple[str | None, str]]) -> DocumentProblem:
    """The first problem, its message counting the others: ``... (and 2 more problems)``."""
    where, message = problems[0]
    more = len(problems) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return DocumentProblem(where, message)


def _context_rate(context: object) -> FrameRate:
    rate = context.get("rate") if isinstance(context, dict) else None
    if not isinstance(rate, FrameRate):
        raise PydanticCustomError("no_rate", "timecodes cannot be read without a frame rate")
    return rate


def _problem(kind: str, text: str) -> PydanticCustomError:
    """A validation error whose message is ``text`` taken literally (braces and all)."""
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
    shown = _shown(value)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _problem("tolerance_type", f"a tolerance is a number of frames, got {shown}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _problem("tolerance", f"a tolerance must be a finite number of frames, got {shown}")
    try:
        frames = Fraction(repr(value) if isinstance(value, float) else value)
    except (ValueError, ZeroDivisionError):
        raise _problem(
            "tolerance", f'{shown} is not a number of frames: write e.g. 1, 0.5 or "1/3"'
        ) from None
    if frames <= 0:
        raise _problem("tolerance", f"a tolerance must be more than 0 frames, got {shown}")
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
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class HitDoc(_Doc):
    """A hit point: ``tc`` is its timecode."""

    tc: Timecode
    label: str = ""
    weight: float = Field(default=1.0, ge=0, allow_inf_nan=False)
    must_hit: bool = False
    target: Annotated[HitTarget, Strict(False)] = HitTarget.BEAT
    tolerance_frames: ToleranceFrames | None = None


class TempoDoc(_Doc):
    """A cue's tempo map: ``downbeat`` is where bar 1 falls, ``map`` the map's own JSON."""

    downbeat: Timecode
    map: dict[str, Any]


class CueDoc(_Doc):
    """A music cue; ``end`` is exclusive and ``anchor_hit`` indexes ``hits``."""

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


class ReelDoc(_Doc):
    """A reel: its number, name and start timecode."""

    number: int = Field(ge=1)
    name: str = ""
    start: Timecode


class ProjectDoc(_Doc):
    """The whole project file; ``rate`` is a rate name such as ``23.976`` or ``29.97df``."""

    schema_id: Literal["scoresync.project"] = Field(default=SCHEMA_ID, alias="schema")
    version: int
    title: str
    rate: str
    session_start: Timecode
    picture: str | None = None
    notes: str = ""
    reels: list[ReelDoc] = []
    cues: list[CueDoc] = []


# -- error messages ----------------------------------------------------------------------


def json_path(loc: tuple[int | str, ...]) -> str:
    """Write a pydantic error location as a JSON path: ``cues[2].hits[0].tc``."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _shown(value: object) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
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


def describe_error(error: dict[str, Any]) -> tuple[str, str]:
    """Return ``(json path, message)`` for one pydantic error, in the file's words."""
    loc = tuple(error["loc"])
    kind = error["type"]
    where = json_path(loc)
    if kind in ("timecode", "timecode_type", "cue_number", "cue_number_type", "no_rate"):
        return where, error["msg"]
    if kind.startswith("tolerance"):
        return where, error["msg"]
    if kind == "extra_forbidden":
        allowed = ", ".join(field_names_at(loc))
        return where, f"unknown key {_shown(loc[-1])}; the keys here are {allowed}"
    if kind == "missing":
        return where, "required, but missing"
    got = f", got {_shown(error.get('input'))}"
    if kind in _KIND_MESSAGES:
        return where, _KIND_MESSAGES[kind] + got
    message = error["msg"]
    return where, message[:1].lower() + message[1:] + got
