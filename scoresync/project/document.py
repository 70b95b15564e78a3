"""Project documents to model objects and back.

Converting checks what the pydantic models cannot see one field at a time: unique
numbers, cues at least a frame long, hits inside their cue, anchors among the hits,
tempo maps, positions that have a timecode. Problems are
:class:`~scoresync.project.schema.DocumentProblem` (a JSON path and a message). Media paths
follow the rule in :mod:`scoresync.project.fileio`.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from scoresync.errors import ProjectError, TempoError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
from scoresync.project.schema import (
    SCHEMA_VERSION,
    CueDoc,
    DocumentProblem,
    HitDoc,
    ProjectDoc,
    ReelDoc,
    TempoDoc,
    first_of,
)

__all__ = ["folder_of", "project_from_doc", "project_to_doc"]


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
    from tempo.map.tempomap import TempoMap

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
