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
(:func:`describe_error`) and converts documents to model objects and back
(:func:`project_from_doc`, :func:`project_to_doc`), checking what the models cannot see
one field at a time: unique numbers, cues at least a frame long, hits inside their cue,
anchors among the hits, tempo maps, positions that have a timecode. Problems are
:class:`DocumentProblem` (a JSON path and a message); :mod:`scoresync.projectfile` adds
the file name. Media paths follow the rule in :mod:`scoresync.projectfile`.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
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

from scoresync.cuenumber import CueNumber
from scoresync.errors import ProjectError, TempoError, TimecodeError
from scoresync.model import Cue, CueStatus, CueTempo, Hit, HitTarget, Project, Reel
from scoresync.rates import FrameRate
from scoresync.timecode import frames_to_tc, tc_to_frames

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
    "folder_of",
    "json_path",
    "project_from_doc",
    "project_to_doc",
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


# -- document <-> model ------------------------------------------------------------------


def folder_of(path: Path) -> str:
    """The absolute folder holding the file at ``path``: media paths are relative to it."""
    return os.path.dirname(os.path.abspath(path))


def _resolved_media(stored: str | None, folder: str, where: str) -> str | None:
    if stored is None:
        return None
    if not stored.strip():
        raise DocumentProblem(where, "an empty media path; use null for none")
    return os.path.normpath(os.path.join(folder, stored))


def _stored_media(path: str | None, folder: str) -> str | None:
    if path is None:
        return None
    if os.path.isabs(path):
        # no relative path exists between Windows drives: the path stays absolute
        with contextlib.suppress(ValueError):
            path = os.path.relpath(path, folder)
    return path.replace(os.sep, "/")


class _Problems:
    """Collects the semantic problems of a document, to report the first and a count."""

    def __init__(self) -> None:
        self.found: list[tuple[str | None, str]] = []

    def add(self, where: str | None, message: str) -> None:
        self.found.append((where, message))

    def raise_any(self) -> None:
        if self.found:
            raise first_of(self.found)


def _check_numbers(docs: list[Any], label: str, kind: str, problems: _Problems) -> None:
    seen: dict[object, int] = {}
    for index, doc in enumerate(docs):
        if doc.number in seen:
            problems.add(
                f"{label}[{index}].number",
                f"{kind} {doc.number} appears twice (also {label}[{seen[doc.number]}]); "
                f"every {kind} needs its own number",
            )
        seen.setdefault(doc.number, index)


def _check_cue(doc: CueDoc, where: str, rate: FrameRate, problems: _Problems) -> None:
    hits_inside = all(doc.start <= hit.tc < doc.end for hit in doc.hits)
    anchor_known = doc.anchor_hit is None or doc.anchor_hit < len(doc.hits)
    if doc.start < doc.end and hits_inside and anchor_known:
        return
    start, end = frames_to_tc(doc.start, rate=rate), frames_to_tc(doc.end, rate=rate)
    if doc.end <= doc.start:
        problems.add(
            f"{where}.end",
            f"{end} is not after the start {start}; a cue lasts at least one frame "
            "(the end is exclusive)",
        )
        return
    for index, hit in enumerate(doc.hits):
        if not doc.start <= hit.tc < doc.end:
            problems.add(
                f"{where}.hits[{index}].tc",
                f"{frames_to_tc(hit.tc, rate=rate)} lies outside its cue {doc.number} "
                f"({start} to {end}, end exclusive); move the hit or the cue's start or end",
            )
    if doc.anchor_hit is not None and doc.anchor_hit >= len(doc.hits):
        problems.add(
            f"{where}.anchor_hit",
            f"{doc.anchor_hit} is not one of the cue's {len(doc.hits)} hits (numbered from 0); "
            "use null to anchor the cue on its start",
        )


def _tempo_from_doc(doc: TempoDoc, where: str, problems: _Problems) -> CueTempo | None:
    from tempo.tempomap import TempoMap

    try:
        return CueTempo(doc.downbeat, TempoMap.from_json(doc.map, where=f"{where}.map"))
    except TempoError as error:
        message = str(error)
        place, separator, problem = message.partition(": ")
        if separator and place.startswith(f"{where}.map"):
            problems.add(place, problem)
        else:
            problems.add(f"{where}.map", message)
        return None


def _hits_in_time_order(doc: CueDoc) -> tuple[tuple[Hit, ...], int | None]:
    """Return the hits sorted by time and the anchor index moved with its hit."""
    docs = doc.hits
    order = sorted(range(len(docs)), key=lambda index: docs[index].tc)
    hits = tuple(
        Hit(hit.tc, hit.label, hit.weight, hit.must_hit, hit.target, hit.tolerance_frames)
        for hit in (docs[index] for index in order)
    )
    anchor = None if doc.anchor_hit is None else order.index(doc.anchor_hit)
    return hits, anchor


def _cue_from_doc(doc: CueDoc, where: str, folder: str, problems: _Problems) -> Cue | None:
    tempo = None if doc.tempo is None else _tempo_from_doc(doc.tempo, f"{where}.tempo", problems)
    if doc.tempo is not None and tempo is None:
        return None
    hits, anchor = _hits_in_time_order(doc)
    try:
        return Cue(
            number=doc.number,
            title=doc.title,
            start_frames=doc.start,
            end_frames=doc.end,
            anchor_hit=anchor,
            description=doc.description,
            in_note=doc.in_note,
            out_note=doc.out_note,
            status=doc.status,
            hits=hits,
            tempo=tempo,
            temp_track=_resolved_media(doc.temp_track, folder, f"{where}.temp_track"),
        )
    except DocumentProblem as problem:
        problems.add(problem.where, problem.message)
    except ProjectError as error:
        problems.add(where, str(error))
    return None


def project_from_doc(doc: ProjectDoc, rate: FrameRate, folder: str) -> Project:
    """The project a validated document describes; media paths resolve against ``folder``.

    Raises :class:`DocumentProblem` for the first problem found, counting the rest.
    """
    problems = _Problems()
    _check_numbers(doc.reels, "reels", "reel", problems)
    _check_numbers(doc.cues, "cues", "cue", problems)
    for index, cue_doc in enumerate(doc.cues):
        _check_cue(cue_doc, f"cues[{index}]", rate, problems)
    problems.raise_any()
    cues = [
        _cue_from_doc(cue_doc, f"cues[{index}]", folder, problems)
        for index, cue_doc in enumerate(doc.cues)
    ]
    problems.raise_any()
    reels = tuple(Reel(r.number, r.name, r.start) for r in doc.reels)
    return Project(
        title=doc.title,
        rate=rate,
        session_start_frames=doc.session_start,
        reels=reels,
        cues=tuple(cue for cue in cues if cue is not None),
        picture=_resolved_media(doc.picture, folder, "picture"),
        notes=doc.notes,
    )


class _Positions:
    """Checks that positions have timecode labels (before 24:00:00:00) before writing."""

    def __init__(self, rate: FrameRate):
        self.rate = rate

    def __call__(self, frames: int, where: str) -> int:
        if not 0 <= frames < self.rate.frames_per_day:
            last = frames_to_tc(self.rate.frames_per_day - 1, rate=self.rate)
            raise DocumentProblem(
                where,
                f"frame {frames} has no timecode at {self.rate} fps (timecode runs "
                f"00:00:00:00 to {last}); move it into the day",
            )
        return frames


def _hit_doc(hit: Hit, where: str, position: _Positions) -> HitDoc:
    return HitDoc.model_construct(
        tc=position(hit.frames, f"{where}.tc"),
        label=hit.label,
        weight=hit.weight,
        must_hit=hit.must_hit,
        target=hit.target,
        tolerance_frames=hit.tolerance_frames,
    )


def _cue_doc(cue: Cue, where: str, position: _Positions, folder: str) -> CueDoc:
    tempo = None
    if cue.tempo is not None:
        tempo = TempoDoc.model_construct(
            downbeat=position(cue.tempo.downbeat_frames, f"{where}.tempo.downbeat"),
            map=cue.tempo.map.to_json(),
        )
    return CueDoc.model_construct(
        number=cue.number,
        title=cue.title,
        start=position(cue.start_frames, f"{where}.start"),
        end=position(cue.end_frames, f"{where}.end"),
        anchor_hit=cue.anchor_hit,
        description=cue.description,
        in_note=cue.in_note,
        out_note=cue.out_note,
        status=cue.status,
        hits=[_hit_doc(hit, f"{where}.hits[{i}]", position) for i, hit in enumerate(cue.hits)],
        tempo=tempo,
        temp_track=_stored_media(cue.temp_track, folder),
    )


def project_to_doc(project: Project, folder: str) -> ProjectDoc:
    """The document of ``project`` saved in ``folder`` (media paths made relative to it).

    Raises :class:`DocumentProblem` for a position without a timecode label.
    """
    position = _Positions(project.rate)
    return ProjectDoc.model_construct(
        version=SCHEMA_VERSION,
        title=project.title,
        rate=project.rate.name,
        session_start=position(project.session_start_frames, "session_start"),
        picture=_stored_media(project.picture, folder),
        notes=project.notes,
        reels=[
            ReelDoc.model_construct(
                number=reel.number,
                name=reel.name,
                start=position(reel.start_frames, f"reels[{i}].start"),
            )
            for i, reel in enumerate(project.reels)
        ],
        cues=[_cue_doc(cue, f"cues[{i}]", position, folder) for i, cue in enumerate(project.cues)],
    )
