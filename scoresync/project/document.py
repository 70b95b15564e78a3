"""Project documents to model objects and back.

Converting checks what the pydantic models cannot see one field at a time: unique
numbers, cues at least a frame long, hits inside their cue, anchors among the hits,
segments that make a tempo map, positions that have a timecode. Problems are
:class:`~scoresync.project.schema.DocumentProblem` (a location as pydantic's ``loc`` and a
message). Media paths follow the rule in :mod:`scoresync.project.fileio`.
"""

from __future__ import annotations

import contextlib
import os
from fractions import Fraction
from pathlib import Path
from typing import Any

from scoresync.errors import Location, ProjectError, TempoError, TempoMapError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc, outside_day
from scoresync.project.model import Cue, CueTemp, CueTempo, Hit, Project, Reel
from scoresync.project.music import NO_MUSIC, Music, MusicHeader, Party, Use, Work
from scoresync.project.schema import (
    SCHEMA_VERSION,
    CueDoc,
    DocumentProblem,
    HitDoc,
    MusicDoc,
    MusicHeaderDoc,
    PartyDoc,
    ProjectDoc,
    ReelDoc,
    SegmentDoc,
    TempDoc,
    TempoDoc,
    TempoMapDoc,
    UseDoc,
    WorkDoc,
    first_of,
    ordinal,
)
from tempo.common.exact import RANGES, format_fraction, to_fraction
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap

__all__ = ["folder_of", "outline_of", "project_from_doc", "project_to_doc"]


def folder_of(path: Path) -> str:
    """The absolute folder holding the file at ``path``: media paths are relative to it."""
    return os.path.dirname(os.path.abspath(path))


def _resolved_media(stored: str | None, folder: str, location: Location) -> str | None:
    if stored is None:
        return None
    if not stored:
        raise DocumentProblem(location, "an empty media path; use null for none")
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
        self.found: list[tuple[Location, str]] = []

    def add(self, location: Location, message: str) -> None:
        self.found.append((location, message))

    def raise_any(self) -> None:
        if self.found:
            raise first_of(self.found)


def _check_numbers(docs: list[Any], label: str, kind: str, problems: _Problems) -> None:
    seen: dict[object, int] = {}
    for index, doc in enumerate(docs):
        if doc.number in seen:
            problems.add(
                (label, index, "number"),
                f"{kind} {doc.number} appears twice (also the {ordinal(seen[doc.number] + 1)} "
                f"{kind}); "
                f"every {kind} needs its own number",
            )
        seen.setdefault(doc.number, index)


def _check_cue(doc: CueDoc, where: Location, rate: FrameRate, problems: _Problems) -> None:
    hits_inside = all(doc.start <= hit.tc < doc.end for hit in doc.hits)
    anchor_known = doc.anchor_hit is None or doc.anchor_hit < len(doc.hits)
    if doc.start < doc.end and hits_inside and anchor_known:
        return
    start, end = frames_to_tc(doc.start, rate=rate), frames_to_tc(doc.end, rate=rate)
    if doc.end <= doc.start:
        problems.add(
            (*where, "end"),
            f"{end} is not after the start {start}; a cue lasts at least one frame "
            "(the end is exclusive)",
        )
        return
    for index, hit in enumerate(doc.hits):
        if not doc.start <= hit.tc < doc.end:
            problems.add(
                (*where, "hits", index, "tc"),
                f"{frames_to_tc(hit.tc, rate=rate)} lies outside its cue {doc.number} "
                f"({start} to {end}, end exclusive); move the hit or the cue's start or end",
            )
    if doc.anchor_hit is not None and doc.anchor_hit >= len(doc.hits):
        count = len(doc.hits)
        counting = {0: "it has none", 1: "anchor_hit counts from 0 in the file: 0 is its one hit"}
        counting_text = counting.get(
            count,
            f"anchor_hit counts from 0 in the file: 0 is hit 1, {count - 1} is hit {count}",
        )
        problems.add(
            (*where, "anchor_hit"),
            f"{doc.anchor_hit} names none of the cue's {count} hits ({counting_text}); "
            "use null to anchor the cue on its start",
        )


def _segment_from_doc(doc: SegmentDoc) -> Segment:
    return Segment(doc.beats, doc.bpm, doc.end_bpm, doc.ramp, doc.meter, doc.beat_unit)


def _map_from_doc(doc: TempoMapDoc, where: Location, problems: _Problems) -> TempoMap | None:
    """The map ``doc`` describes, or None after adding its problems: a segment whose
    fields do not agree (a constant segment with an end tempo ...), segments that do not
    fit together or a pickup longer than the first bar."""
    segments = []
    for index, segment_doc in enumerate(doc.segments):
        try:
            segments.append(_segment_from_doc(segment_doc))
        except TempoError as error:
            problems.add((*where, "segments", index), str(error))
    if len(segments) < len(doc.segments):
        return None
    try:
        return TempoMap(tuple(segments), doc.pickup_beats)
    except TempoMapError as error:
        problems.add((*where, *error.location), error.problem)
    return None


def _tempo_from_doc(doc: TempoDoc, where: Location, problems: _Problems) -> CueTempo | None:
    tempo_map = _map_from_doc(doc.map, (*where, "map"), problems)
    return None if tempo_map is None else CueTempo(doc.downbeat, tempo_map)


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


def _temp_from_doc(doc: TempDoc, where: Location, folder: str) -> CueTemp:
    """The cue's temp music ``doc`` describes; raises :class:`DocumentProblem`."""
    audio = _resolved_media(doc.audio, folder, (*where, "audio"))
    try:
        stretch = to_fraction(doc.stretch, what="temp stretch", error=ProjectError)
    except ProjectError as error:
        raise DocumentProblem((*where, "stretch"), str(error)) from None
    bpm_range = None
    if doc.bpm_range is not None:
        low, high = doc.bpm_range
        if low >= high:
            raise DocumentProblem((*where, "bpm_range"), "give the lower tempo first")
        bpm_range = (low, high)
    try:
        return CueTemp(
            audio=audio or "",
            at_frames=doc.at,
            offset_samples=doc.offset_samples,
            meter=doc.meter,
            bpm_range=bpm_range,
            shift_beats=doc.shift_beats,
            bars=tuple((first, end) for first, end in doc.bars),
            stretch=stretch,
            bar_shifts=tuple((bar, beats) for bar, beats in doc.bar_shifts),
            bar_meters=tuple((bar, beats) for bar, beats in doc.bar_meters),
            bar_tempos=_bar_tempos(doc.bar_tempos, (*where, "bar_tempos")),
        )
    except ProjectError as error:
        raise DocumentProblem(where, str(error)) from None


def _temp_doc(temp: CueTemp, where: Location, folder: str, position: Any) -> TempDoc:
    return TempDoc.model_construct(
        audio=_stored_media(temp.audio, folder),
        at=position(temp.at_frames, (*where, "at")),
        offset_samples=temp.offset_samples,
        meter=temp.meter,
        bpm_range=None if temp.bpm_range is None else list(temp.bpm_range),
        shift_beats=temp.shift_beats,
        bars=[[first, end] for first, end in temp.bars],
        stretch=format_fraction(temp.stretch),
        bar_shifts=[[bar, beats] for bar, beats in temp.bar_shifts],
        bar_meters=[[bar, beats] for bar, beats in temp.bar_meters],
        bar_tempos=[
            [str(first), str(end), format_fraction(bpm)] for first, end, bpm in temp.bar_tempos
        ],
    )


def _bar_tempos(rows: list[list[str]], where: Location) -> tuple[tuple[int, int, Fraction], ...]:
    """Tempo spans from the file's [first bar, end bar, BPM] text triples."""
    spans = []
    for index, (first, end, bpm) in enumerate(rows):
        try:
            spans.append((int(first), int(end), Fraction(bpm)))
        except (ValueError, ZeroDivisionError):
            raise DocumentProblem(
                (*where, index),
                'write a tempo span as [first bar, end bar, BPM], e.g. ["16", "24", "120"]',
            ) from None
    return tuple(spans)


def _cue_from_doc(doc: CueDoc, where: Location, folder: str, problems: _Problems) -> Cue | None:
    tempo = None if doc.tempo is None else _tempo_from_doc(doc.tempo, (*where, "tempo"), problems)
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
            temp_track=_resolved_media(doc.temp_track, folder, (*where, "temp_track")),
            temp=None if doc.temp is None else _temp_from_doc(doc.temp, (*where, "temp"), folder),
        )
    except DocumentProblem as problem:
        problems.add(problem.location, problem.message)
    except ProjectError as error:
        problems.add(where, str(error))
    return None


def _music_from_doc(doc: MusicDoc | None, problems: _Problems) -> Music:
    """The music metadata ``doc`` describes (none for no section); a work id given twice
    and text the model refuses are problems."""
    if doc is None:
        return NO_MUSIC
    seen: dict[str, int] = {}
    works = []
    for index, work_doc in enumerate(doc.works):
        where: Location = ("music", "works", index)
        if work_doc.id in seen:
            problems.add(
                (*where, "id"),
                f"work {work_doc.id} appears twice (also the {ordinal(seen[work_doc.id] + 1)} "
                "work); every work needs its own id",
            )
            continue
        seen[work_doc.id] = index
        try:
            parties = tuple(
                Party(p.name, p.role, p.society, p.ipi, p.share) for p in work_doc.parties
            )
            works.append(
                Work(
                    id=work_doc.id,
                    title=work_doc.title,
                    parties=parties,
                    origin=work_doc.origin,
                    iswc=work_doc.iswc,
                    isrc=work_doc.isrc,
                    library=work_doc.library,
                    catalogue=work_doc.catalogue,
                    performer=work_doc.performer,
                )
            )
        except ProjectError as error:
            problems.add(where, str(error))
    h = doc.header
    try:
        header = MusicHeader(
            title=h.title,
            aka=h.aka,
            episode_title=h.episode_title,
            episode_number=h.episode_number,
            production_number=h.production_number,
            company=h.company,
            air_date=h.air_date,
            prepared_by=h.prepared_by,
            programme_start_frames=h.programme_start,
            programme_end_frames=h.programme_end,
            programme_duration_frames=h.programme_duration,
            shares=h.shares,
            target=h.target,
        )
    except ProjectError as error:
        problems.add(("music", "header"), str(error))
        header = MusicHeader()
    uses = []
    for index, use_doc in enumerate(doc.uses):
        try:
            uses.append(Use(use_doc.cue, use_doc.work, use_doc.start, use_doc.end, use_doc.usage))
        except ProjectError as error:
            problems.add(("music", "uses", index), str(error))
    return Music(header=header, works=tuple(works), uses=tuple(uses))


def _music_doc(music: Music, position: _Positions) -> MusicDoc | None:
    """The music section of ``music``: none when nothing has been entered."""
    if music.is_empty:
        return None
    h = music.header

    def maybe(frames: int | None, name: str) -> int | None:
        return None if frames is None else position(frames, ("music", "header", name))

    header = MusicHeaderDoc.model_construct(
        title=h.title,
        aka=h.aka,
        episode_title=h.episode_title,
        episode_number=h.episode_number,
        production_number=h.production_number,
        company=h.company,
        air_date=h.air_date,
        prepared_by=h.prepared_by,
        programme_start=maybe(h.programme_start_frames, "programme_start"),
        programme_end=maybe(h.programme_end_frames, "programme_end"),
        programme_duration=maybe(h.programme_duration_frames, "programme_duration"),
        shares=h.shares,
        target=h.target,
    )
    works = [
        WorkDoc.model_construct(
            id=work.id,
            title=work.title,
            origin=work.origin,
            iswc=work.iswc,
            isrc=work.isrc,
            library=work.library,
            catalogue=work.catalogue,
            performer=work.performer,
            parties=[
                PartyDoc.model_construct(
                    name=p.name, role=p.role, society=p.society, ipi=p.ipi, share=p.share
                )
                for p in work.parties
            ],
        )
        for work in music.works
    ]
    uses = [
        UseDoc.model_construct(
            cue=use.cue,
            work=use.work,
            start=position(use.start_frames, ("music", "uses", i, "start")),
            end=position(use.end_frames, ("music", "uses", i, "end")),
            usage=use.usage,
        )
        for i, use in enumerate(music.uses)
    ]
    return MusicDoc.model_construct(header=header, works=works, uses=uses)


def project_from_doc(doc: ProjectDoc, rate: FrameRate, folder: str) -> Project:
    """The project a validated document describes; media paths resolve against ``folder``.

    Raises :class:`DocumentProblem` for the first problem found, counting the rest.
    """
    problems = _Problems()
    _check_numbers(doc.reels, "reels", "reel", problems)
    _check_numbers(doc.cues, "cues", "cue", problems)
    for index, cue_doc in enumerate(doc.cues):
        _check_cue(cue_doc, ("cues", index), rate, problems)
    problems.raise_any()
    cues = [
        _cue_from_doc(cue_doc, ("cues", index), folder, problems)
        for index, cue_doc in enumerate(doc.cues)
    ]
    problems.raise_any()
    reels = tuple(Reel(r.number, r.name, r.start) for r in doc.reels)
    music = _music_from_doc(doc.music, problems)
    problems.raise_any()
    return Project(
        title=doc.title,
        rate=rate,
        session_start_frames=doc.session_start,
        reels=reels,
        cues=tuple(cue for cue in cues if cue is not None),
        picture=_resolved_media(doc.picture, folder, ("picture",)),
        notes=doc.notes,
        pickup_bar=doc.pickup_bar,
        music=music,
    )


class _Positions:
    """Checks that positions have timecode labels (before 24:00:00:00) before writing."""

    def __init__(self, rate: FrameRate):
        self.rate = rate

    def __call__(self, frames: int, location: Location) -> int:
        problem = outside_day(frames, rate=self.rate)
        if problem is not None:
            raise DocumentProblem(location, f"{problem}; move it into the day")
        return frames


def _in_range(value: object, name: str, location: Location) -> None:
    """Refuses to write a number the file would refuse to read (see
    :data:`tempo.common.exact.RANGES`), naming the place."""
    if value is None or RANGES[name].holds(value):  # type: ignore[arg-type]
        return
    problem = RANGES[name].problem(to_fraction(value, what=name), what=name)
    raise DocumentProblem(location, f"{problem}; change it before saving")


def _hit_doc(hit: Hit, where: Location, position: _Positions) -> HitDoc:
    _in_range(hit.weight, "weight", (*where, "weight"))
    _in_range(hit.tolerance_frames, "tolerance_frames", (*where, "tolerance_frames"))
    return HitDoc.model_construct(
        tc=position(hit.frames, (*where, "tc")),
        label=hit.label,
        weight=hit.weight,
        must_hit=hit.must_hit,
        target=hit.target,
        tolerance_frames=hit.tolerance_frames,
    )


def _segment_doc(segment: Segment) -> SegmentDoc:
    return SegmentDoc.model_construct(
        beats=segment.beats,
        bpm=segment.bpm,
        end_bpm=segment.end_bpm,
        ramp=segment.ramp,
        meter=segment.meter,
        beat_unit=segment.unit,
    )


def _map_doc(tempo_map: TempoMap) -> TempoMapDoc:
    return TempoMapDoc.model_construct(
        pickup_beats=tempo_map.pickup_beats,
        segments=[_segment_doc(segment) for segment in tempo_map.segments],
    )


def _cue_doc(cue: Cue, where: Location, position: _Positions, folder: str) -> CueDoc:
    tempo = None
    if cue.tempo is not None:
        tempo = TempoDoc.model_construct(
            downbeat=position(cue.tempo.downbeat_frames, (*where, "tempo", "downbeat")),
            map=_map_doc(cue.tempo.map),
        )
    return CueDoc.model_construct(
        number=cue.number,
        title=cue.title,
        start=position(cue.start_frames, (*where, "start")),
        end=position(cue.end_frames, (*where, "end")),
        anchor_hit=cue.anchor_hit,
        description=cue.description,
        in_note=cue.in_note,
        out_note=cue.out_note,
        status=cue.status,
        hits=[_hit_doc(hit, (*where, "hits", i), position) for i, hit in enumerate(cue.hits)],
        tempo=tempo,
        temp_track=_stored_media(cue.temp_track, folder),
        temp=None if cue.temp is None else _temp_doc(cue.temp, (*where, "temp"), folder, position),
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
        session_start=position(project.session_start_frames, ("session_start",)),
        picture=_stored_media(project.picture, folder),
        notes=project.notes,
        pickup_bar=project.pickup_bar,
        reels=[
            ReelDoc.model_construct(
                number=reel.number,
                name=reel.name,
                start=position(reel.start_frames, ("reels", i, "start")),
            )
            for i, reel in enumerate(project.reels)
        ],
        cues=[_cue_doc(cue, ("cues", i), position, folder) for i, cue in enumerate(project.cues)],
        music=_music_doc(project.music, position),
    )


def outline_of(project: Project) -> dict[str, object]:
    """What names places in ``project``'s document (see
    :func:`~scoresync.project.schema.place_of`): its rate and cue and reel numbers."""
    return {
        "rate": project.rate,
        "reels": [{"number": reel.number} for reel in project.reels],
        "cues": [{"number": str(cue.number)} for cue in project.cues],
    }
