"""Validated project documents to model objects.

Converting checks what the pydantic models cannot see one field at a time: unique
numbers, cues at least a frame long, hits inside their cue, anchors among the hits,
segments that make a tempo map, positions that have a timecode. Problems are
:class:`~scoresync.project.schema.DocumentProblem` (a location as pydantic's ``loc`` and a
message). Media paths follow the rule in :mod:`scoresync.project.mediapaths`. Files are
written by :mod:`scoresync.project.wire`.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from scoresync.errors import Location, ProjectError, TempoError, TempoMapError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.mediapaths import resolved_media
from scoresync.project.model import Cue, CueTemp, CueTempo, Hit, Project, Reel
from scoresync.project.music import NO_MUSIC, TEXT_FIELDS, Music, MusicHeader, Party, Use, Work
from scoresync.project.places import DocumentProblem, first_of, ordinal
from scoresync.project.schema import (
    CueDoc,
    MusicDoc,
    ProjectDoc,
    SegmentDoc,
    TempDoc,
    TempoDoc,
    TempoMapDoc,
)
from tempo.common.exact import to_fraction
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap

__all__ = ["project_from_doc"]


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
    audio = resolved_media(doc.audio, folder, (*where, "audio"))
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
            temp_track=resolved_media(doc.temp_track, folder, (*where, "temp_track")),
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
            **{name: getattr(h, name) for name in TEXT_FIELDS},
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
        picture=resolved_media(doc.picture, folder, ("picture",)),
        notes=doc.notes,
        pickup_bar=doc.pickup_bar,
        music=music,
    )
