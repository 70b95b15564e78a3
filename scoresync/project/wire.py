"""The project file's bytes: written, and read back fast when they are as written.

:func:`project_bytes` writes a project: UTF-8 JSON with a 2-space indent, keys in the
order of the structs below, a trailing newline. Values left at their default are written
only where :mod:`scoresync.project.schema` says they are (a hit writes all six keys, a
constant segment no ``end_bpm``, a project without cue-sheet metadata no ``music``).
Positions are timecode labels made in bulk (:func:`scoresync.picture.timecode.labels_of`).

:func:`canonical_project` reads a file in exactly that form without the file schema's
models: msgspec decodes the bytes straight into the structs below (types checked as it
goes), the positions are read in bulk, each other value by its rule in
:mod:`scoresync.project.values`, and the model's own constructors check the rest (hits
inside their cue, numbers unique ...). It returns None, leaving the file to the full
reader in :mod:`scoresync.project.schema`, for anything else: another layout, an older
version, a key given twice or left out, a value out of range. That reader names the
problem; this one only recognises the files it writes, in a fraction of the time (a
10,000-cue project of 200,000 hits in well under a second).

"Exactly that form" is checked byte for byte: the decoded structs, written again, must
give the file's bytes. So a key given twice (msgspec keeps the last), other spacing, a
number written differently or a default written out all send the file to the full reader.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any

import msgspec

from scoresync.errors import Location, ScoreSyncError
from scoresync.picture.rates import FrameRate, parse_rate
from scoresync.picture.timecode import (
    frames_of,
    labels_of,
    outside_day,
)
from scoresync.project import SCHEMA_ID, SCHEMA_VERSION
from scoresync.project.mediapaths import resolved_media, stored_media
from scoresync.project.model import (
    Cue,
    CueStatus,
    CueTemp,
    CueTempo,
    Hit,
    HitTarget,
    Project,
    Reel,
    checked_hits,
)
from scoresync.project.music import (
    NO_MUSIC,
    TEXT_FIELDS,
    Music,
    MusicHeader,
    Origin,
    Party,
    PartyRole,
    ShareConvention,
    Target,
    Usage,
    Use,
    Work,
)
from scoresync.project.places import DocumentProblem
from scoresync.project.values import (
    read_beats,
    read_bpm,
    read_cue_number,
    read_named,
    read_pickup,
    read_pickup_bar,
    read_share,
    read_text,
    read_tolerance,
    read_weight,
    tolerance_value,
)
from tempo.common.collector import collector_paused
from tempo.common.exact import RANGES, format_fraction, to_fraction
from tempo.map.barnumbers import PickupBar
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.ramps import RampShape

__all__ = ["Unreadable", "canonical_project", "declares_project", "outline_of", "project_bytes"]


class _Wire(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True):
    """A part of the file: fields without a default are always written and must be
    there; fields with one are written only when they differ from it."""


class HitWire(_Wire, gc=False):
    tc: str
    label: str
    weight: float
    must_hit: bool
    target: HitTarget
    tolerance_frames: int | float | str | None


class SegmentWire(_Wire, kw_only=True):
    beats: str | None
    bpm: str
    end_bpm: str | None = None
    ramp: str
    meter: str
    beat_unit: str | None


class MapWire(_Wire):
    pickup_beats: str
    segments: list[SegmentWire]


class TempoWire(_Wire):
    downbeat: str
    map: MapWire


class TempWire(_Wire):
    audio: str
    at: str
    offset_samples: int = 0
    meter: str | None = None
    bpm_range: list[str] | None = None
    shift_beats: int = 0
    bars: list[list[int]] = []
    stretch: str = "1"
    bar_shifts: list[list[int]] = []
    bar_meters: list[list[int]] = []
    bar_tempos: list[list[str]] = []


class CueWire(_Wire):
    number: str
    title: str
    start: str
    end: str
    anchor_hit: int | None
    description: str
    in_note: str
    out_note: str
    status: CueStatus
    hits: list[HitWire]
    tempo: TempoWire | None
    temp_track: str | None
    temp: TempWire | None = None


class ReelWire(_Wire):
    number: int
    name: str
    start: str


class PartyWire(_Wire):
    name: str
    role: str
    society: str
    ipi: str
    share: str


class WorkWire(_Wire):
    id: str
    title: str
    origin: str
    iswc: str
    isrc: str
    library: str
    catalogue: str
    performer: str
    parties: list[PartyWire]


class UseWire(_Wire):
    cue: str
    work: str
    start: str
    end: str
    usage: str


class HeaderWire(_Wire):
    title: str
    aka: str
    episode_title: str
    episode_number: str
    production_number: str
    company: str
    air_date: str
    prepared_by: str
    programme_start: str | None
    programme_end: str | None
    programme_duration: str | None
    shares: str
    target: str


class MusicWire(_Wire):
    header: HeaderWire
    works: list[WorkWire]
    uses: list[UseWire]


class ProjectWire(_Wire):
    schema: str
    version: int
    title: str
    rate: str
    session_start: str
    picture: str | None
    notes: str
    pickup_bar: int = 0
    reels: list[ReelWire] = []
    cues: list[CueWire] = []
    music: MusicWire | None = None


_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(ProjectWire)


# -- writing -----------------------------------------------------------------------------


class _Labels:
    """The timecode labels of the positions other than hits, made in one call once every
    struct is built: each is noted with the struct and field it goes to. A position
    outside the day (no label names it) is a :class:`DocumentProblem` at its place."""

    def __init__(self, rate: FrameRate) -> None:
        self.rate = rate
        self.frames: list[int] = []
        self.fields: list[tuple[_Wire, str, Location]] = []

    def put(self, wire: _Wire, name: str, frames: int, place: Location) -> None:
        """Note that field ``name`` of ``wire`` is the label of ``frames``."""
        self.frames.append(frames)
        self.fields.append((wire, name, place))

    def write(self) -> None:
        """Make every label and put it in its field."""
        for frames, (_, _, place) in zip(self.frames, self.fields, strict=True):
            problem = outside_day(frames, rate=self.rate)
            if problem is not None:
                raise DocumentProblem(place, f"{problem}; move it into the day")
        labels = labels_of(self.frames, rate=self.rate)
        for (wire, name, _), label in zip(self.fields, labels, strict=True):
            setattr(wire, name, label)


def _checked_range(values: Sequence[object], name: str, place: Callable[[int], Location]) -> None:
    """Refuses to write a number the file would refuse to read (see
    :data:`tempo.common.exact.RANGES`), naming the place of the first."""
    rule = RANGES[name]
    for value in set(values):
        if value is None or rule.holds(value):  # type: ignore[arg-type]
            continue
        index = next(i for i, v in enumerate(values) if v == value)
        problem = rule.problem(to_fraction(value, what=name), what=name)
        raise DocumentProblem(place(index), f"{problem}; change it before saving")


def _hits_wire(hits: Sequence[Hit], where: Location, labels: Sequence[str]) -> list[HitWire]:
    """The hits at ``where`` (``hits`` of a cue), ``labels`` their positions' labels."""
    _checked_range([hit.weight for hit in hits], "weight", lambda i: (*where, i, "weight"))
    _checked_range(
        [hit.tolerance_frames for hit in hits],
        "tolerance_frames",
        lambda i: (*where, i, "tolerance_frames"),
    )
    return [
        HitWire(
            label,
            hit.label,
            float(hit.weight),
            hit.must_hit,
            hit.target,
            None if hit.tolerance_frames is None else tolerance_value(hit.tolerance_frames),
        )
        for hit, label in zip(hits, labels, strict=True)
    ]


def _hit_labels(project: Project) -> list[str]:
    """The labels of every hit's position, cue after cue, made in one call; a hit outside
    the day (no label names it) is a :class:`DocumentProblem` at its place."""
    rate = project.rate
    frames = [hit.frames for cue in project.cues for hit in cue.hits]
    if frames and (min(frames) < 0 or max(frames) >= rate.frames_per_day):
        for cue_index, cue in enumerate(project.cues):
            for hit_index, hit in enumerate(cue.hits):
                problem = outside_day(hit.frames, rate=rate)
                if problem is not None:
                    place = ("cues", cue_index, "hits", hit_index, "tc")
                    raise DocumentProblem(place, f"{problem}; move it into the day")
    return labels_of(frames, rate=rate)


def _map_wire(tempo_map: Any) -> MapWire:
    return MapWire(
        format_fraction(tempo_map.pickup_beats),
        [
            SegmentWire(
                beats=None if segment.beats is None else format_fraction(segment.beats),
                bpm=format_fraction(segment.bpm),
                end_bpm=None if segment.end_bpm is None else format_fraction(segment.end_bpm),
                ramp=segment.ramp.json_name,
                meter=str(segment.meter),
                beat_unit=segment.unit.json_name,
            )
            for segment in tempo_map.segments
        ],
    )


def _temp_wire(temp: CueTemp, where: Location, folder: str, labels: _Labels) -> TempWire:
    stretch = format_fraction(temp.stretch)
    wire = TempWire(
        audio=stored_media(temp.audio, folder) or "",
        at="",
        offset_samples=temp.offset_samples,
        meter=None if temp.meter is None else str(temp.meter),
        bpm_range=None if temp.bpm_range is None else [format_fraction(b) for b in temp.bpm_range],
        shift_beats=temp.shift_beats,
        bars=[[first, end] for first, end in temp.bars],
        bar_shifts=[[bar, beats] for bar, beats in temp.bar_shifts],
        bar_meters=[[bar, beats] for bar, beats in temp.bar_meters],
        bar_tempos=[
            [str(first), str(end), format_fraction(bpm)] for first, end, bpm in temp.bar_tempos
        ],
    )
    if stretch != "1":  # omitted at its default, which the struct holds as its own "1"
        wire.stretch = stretch
    labels.put(wire, "at", temp.at_frames, (*where, "at"))
    return wire


def _cue_wire(
    cue: Cue,
    where: Location,
    folder: str,
    labels: _Labels,
    maps: dict[Any, MapWire],
    hit_labels: Sequence[str],
) -> CueWire:
    """Cue ``cue`` at ``where``, ``hit_labels`` its hits' labels; ``maps`` holds the
    structs of the tempo maps written so far, by map (maps alike are written once)."""
    tempo = None
    if cue.tempo is not None:
        tempo_map = cue.tempo.map
        map_wire = maps.get(tempo_map)
        if map_wire is None:
            map_wire = maps[tempo_map] = _map_wire(tempo_map)
        tempo = TempoWire("", map_wire)
        downbeat = cue.tempo.downbeat_frames
        labels.put(tempo, "downbeat", downbeat, (*where, "tempo", "downbeat"))
    wire = CueWire(
        number=str(cue.number),
        title=cue.title,
        start="",
        end="",
        anchor_hit=cue.anchor_hit,
        description=cue.description,
        in_note=cue.in_note,
        out_note=cue.out_note,
        status=cue.status,
        hits=_hits_wire(cue.hits, (*where, "hits"), hit_labels),
        tempo=tempo,
        temp_track=stored_media(cue.temp_track, folder),
        temp=None if cue.temp is None else _temp_wire(cue.temp, (*where, "temp"), folder, labels),
    )
    labels.put(wire, "start", cue.start_frames, (*where, "start"))
    labels.put(wire, "end", cue.end_frames, (*where, "end"))
    return wire


def _music_wire(music: Music, labels: _Labels) -> MusicWire | None:
    if music.is_empty:
        return None
    h = music.header
    header = HeaderWire(
        **{name: getattr(h, name) for name in TEXT_FIELDS},
        programme_start=None,
        programme_end=None,
        programme_duration=None,
        shares=str(h.shares.value),
        target=str(h.target.value),
    )
    for name, frames in (
        ("programme_start", h.programme_start_frames),
        ("programme_end", h.programme_end_frames),
        ("programme_duration", h.programme_duration_frames),
    ):
        if frames is not None:
            labels.put(header, name, frames, ("music", "header", name))
    works = [
        WorkWire(
            work.id,
            work.title,
            str(work.origin.value),
            work.iswc,
            work.isrc,
            work.library,
            work.catalogue,
            work.performer,
            [
                PartyWire(p.name, str(p.role.value), p.society, p.ipi, format_fraction(p.share))
                for p in work.parties
            ],
        )
        for work in music.works
    ]
    uses = []
    for index, use in enumerate(music.uses):
        wire = UseWire(str(use.cue), use.work, "", "", str(use.usage.value))
        for name, frames in (("start", use.start_frames), ("end", use.end_frames)):
            labels.put(wire, name, frames, ("music", "uses", index, name))
        uses.append(wire)
    return MusicWire(header, works, uses)


def project_bytes(project: Project, folder: str) -> bytes:
    """The file of ``project`` saved in ``folder`` (media paths made relative to it).

    Raises :class:`DocumentProblem` for a position without a timecode label or a number
    the file cannot hold.
    """
    with collector_paused():
        wire = _written(project, folder)
        if not _reads_back(wire, folder):
            raise Unreadable(_text(wire))
        return _text(wire)


class Unreadable(ScoreSyncError):
    """A project whose file would hold a value the reader refuses (such as a tempo
    outside the file's range): ``data`` is that file, for the full reader to name it."""

    def __init__(self, data: bytes):
        super().__init__("the project would not read back")
        self.data = data


def _reads_back(wire: ProjectWire, folder: str) -> bool:
    """Whether the file of ``wire`` reads back: every value but the hits' is read as a
    file's is (the hits' positions, weights and tolerances were checked as they were
    written, by the reader's own rules)."""
    try:
        _project(wire, folder, hits=False)
    except (_Declined, ScoreSyncError, ValueError, KeyError):
        return False
    return True


def _written(project: Project, folder: str) -> ProjectWire:
    labels = _Labels(project.rate)
    maps: dict[Any, MapWire] = {}
    reels = []
    for index, reel in enumerate(project.reels):
        reels.append(ReelWire(reel.number, reel.name, ""))
        labels.put(reels[-1], "start", reel.start_frames, ("reels", index, "start"))
    hit_labels = _hit_labels(project)
    wire = ProjectWire(
        schema=SCHEMA_ID,
        version=SCHEMA_VERSION,
        title=project.title,
        rate=project.rate.name,
        session_start="",
        picture=stored_media(project.picture, folder),
        notes=project.notes,
        pickup_bar=int(project.pickup_bar),
        reels=reels,
        cues=_cues_wire(project.cues, folder, labels, maps, hit_labels),
        music=_music_wire(project.music, labels),
    )
    labels.put(wire, "session_start", project.session_start_frames, ("session_start",))
    labels.write()
    return wire


def _cues_wire(
    cues: Sequence[Cue],
    folder: str,
    labels: _Labels,
    maps: dict[Any, MapWire],
    hit_labels: list[str],
) -> list[CueWire]:
    wires = []
    first = 0
    for index, cue in enumerate(cues):
        end = first + len(cue.hits)
        wires.append(_cue_wire(cue, ("cues", index), folder, labels, maps, hit_labels[first:end]))
        first = end
    return wires


def _text(wire: ProjectWire) -> bytes:
    """The file's bytes for ``wire``: indented by 2, keys in struct order, ending in a
    newline."""
    return msgspec.json.format(_ENCODER.encode(wire), indent=2) + b"\n"


class _Declaration(msgspec.Struct):
    schema: object = None


def declares_project(data: bytes) -> bool:
    """Whether ``data`` is a JSON object naming the project schema: a project file, even
    one with a problem in it (so it is kept as a backup rather than lost)."""
    try:
        declared = msgspec.json.decode(data, type=_Declaration)
    except msgspec.MsgspecError:
        return False
    return declared.schema == SCHEMA_ID


def outline_of(project: Project) -> dict[str, object]:
    """What names places in ``project``'s document (see
    :func:`~scoresync.project.places.place_of`): its rate and cue and reel numbers."""
    return {
        "rate": project.rate,
        "reels": [{"number": reel.number} for reel in project.reels],
        "cues": [{"number": str(cue.number)} for cue in project.cues],
    }


# -- reading what was written -------------------------------------------------------------


class _Declined(Exception):
    """The file is not in the form :func:`project_bytes` writes: the full reader reads it."""


def _hits(wires: list[HitWire], frames: list[int]) -> tuple[Hit, ...]:
    if frames != sorted(frames):
        raise _Declined  # listed out of time order: the full reader moves the anchor along
    weights = [hit.weight for hit in wires]
    for weight in set(weights):
        read_weight(weight)
    tolerances: dict[object, Fraction | None] = {None: None}
    for value in {hit.tolerance_frames for hit in wires} - {None}:
        tolerances[value] = read_tolerance(value)
    return checked_hits(
        frames,
        [hit.label for hit in wires],
        weights,
        [hit.must_hit for hit in wires],
        [hit.target for hit in wires],
        [tolerances[hit.tolerance_frames] for hit in wires],
    )


class _Maps:
    """Tempo maps read from the file; maps written alike are one (immutable) object."""

    def __init__(self) -> None:
        self.made: dict[tuple[object, ...], Any] = {}

    def read(self, wire: MapWire) -> Any:
        key = (
            wire.pickup_beats,
            *((s.beats, s.bpm, s.end_bpm, s.ramp, s.meter, s.beat_unit) for s in wire.segments),
        )
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = self._made(wire)
        return found

    @staticmethod
    def _made(wire: MapWire) -> Any:
        from tempo.map.segment import Segment
        from tempo.map.tempomap import TempoMap

        segments = tuple(
            Segment(
                None if s.beats is None else read_beats(s.beats),
                read_bpm(s.bpm),
                None if s.end_bpm is None else read_bpm(s.end_bpm),
                read_text("ramp", RampShape.parse, RampShape.CONSTANT, s.ramp),
                read_text("meter", Meter.parse, Meter((4,), 4), s.meter),
                read_text("beat_unit", BeatUnit.parse, None, s.beat_unit),
            )
            for s in wire.segments
        )
        if not segments:
            raise _Declined
        return TempoMap(segments, read_pickup(wire.pickup_beats))


def _pairs(rows: list[list[int]], size: int = 2) -> tuple[tuple[int, ...], ...]:
    if any(len(row) != size for row in rows):
        raise _Declined
    return tuple(tuple(row) for row in rows)


def _temp(w: TempWire, at_frames: int, folder: str) -> CueTemp:
    if any(value < 0 for row in (*w.bars, *w.bar_meters) for value in row):
        raise _Declined
    bpm_range = None
    if w.bpm_range is not None:
        if len(w.bpm_range) != 2:
            raise _Declined
        low, high = (read_bpm(bpm) for bpm in w.bpm_range)
        if low >= high:
            raise _Declined
        bpm_range = (low, high)
    if any(len(row) != 3 for row in w.bar_tempos):
        raise _Declined
    return CueTemp(
        audio=resolved_media(w.audio, folder, ()) or "",
        at_frames=at_frames,
        offset_samples=w.offset_samples,
        meter=None if w.meter is None else read_text("meter", Meter.parse, None, w.meter),
        bpm_range=bpm_range,
        shift_beats=w.shift_beats,
        bars=_pairs(w.bars),  # type: ignore[arg-type]
        stretch=to_fraction(w.stretch, what="temp stretch"),
        bar_shifts=_pairs(w.bar_shifts),  # type: ignore[arg-type]
        bar_meters=_pairs(w.bar_meters),  # type: ignore[arg-type]
        bar_tempos=tuple((int(first), int(end), Fraction(bpm)) for first, end, bpm in w.bar_tempos),
    )


def _work(w: WorkWire) -> Work:
    parties = tuple(
        Party(p.name, read_named("role", PartyRole, p.role), p.society, p.ipi, read_share(p.share))
        for p in w.parties
    )
    return Work(
        id=w.id,
        title=w.title,
        parties=parties,
        origin=read_named("origin", Origin, w.origin),
        iswc=w.iswc,
        isrc=w.isrc,
        library=w.library,
        catalogue=w.catalogue,
        performer=w.performer,
    )


def _music(w: MusicWire, frames: list[int], places: list[int | None]) -> Music:
    """The music section; ``places`` are the indexes into ``frames`` of the header's three
    positions (None for none) and then of each use's start and end."""
    at = [None if place is None else frames[place] for place in places]
    works = tuple(_work(work) for work in w.works)
    if len({work.id for work in works}) < len(works):
        raise _Declined
    h = w.header
    header = MusicHeader(
        **{name: getattr(h, name) for name in TEXT_FIELDS},
        programme_start_frames=at[0],
        programme_end_frames=at[1],
        programme_duration_frames=at[2],
        shares=read_named("shares", ShareConvention, h.shares),
        target=read_named("target", Target, h.target),
    )
    uses = tuple(
        Use(
            read_cue_number(use.cue),
            use.work,
            at[3 + 2 * i],  # type: ignore[arg-type]
            at[4 + 2 * i],  # type: ignore[arg-type]
            read_named("usage", Usage, use.usage),
        )
        for i, use in enumerate(w.uses)
    )
    music = Music(header=header, works=works, uses=uses)
    if music.is_empty:
        raise _Declined  # an empty section is never written
    return music


def canonical_project(data: bytes, folder: str) -> Project | None:
    """The project in ``data`` when it is in exactly the form :func:`project_bytes` writes
    (media paths resolved against ``folder``), else None: the full reader then reads it
    and names any problem."""
    try:
        with collector_paused():
            return _read(data, folder)
    except (_Declined, msgspec.MsgspecError, ScoreSyncError, ValueError, KeyError):
        return None  # ValueError and KeyError: a value no rule reads (an unknown status ...)


class _Places:
    """Where each position's label sits in the one list read in bulk (the hits' only
    with ``hits``)."""

    def __init__(self, wire: ProjectWire, *, hits: bool) -> None:
        labels = [wire.session_start]
        labels += [reel.start for reel in wire.reels]
        self.cue_starts = []
        for cue in wire.cues:
            self.cue_starts.append(len(labels))
            labels.append(cue.start)
            if hits:
                labels += [hit.tc for hit in cue.hits]
            labels.append(cue.end)
            if cue.tempo is not None:
                labels.append(cue.tempo.downbeat)
            if cue.temp is not None:
                labels.append(cue.temp.at)
        self.music: list[int | None] = []
        if wire.music is not None:
            header = wire.music.header
            music = [header.programme_start, header.programme_end, header.programme_duration]
            for use in wire.music.uses:
                music += [use.start, use.end]
            for label in music:
                self.music.append(None if label is None else len(labels))
                if label is not None:
                    labels.append(label)
        self.labels = labels


def _cue(w: CueWire, frames: list[int], start: int, folder: str, maps: _Maps, *, hits: bool) -> Cue:
    """Cue ``w`` whose labels sit in ``frames`` from ``start``: its start, its hits, its end,
    then its tempo downbeat and its temp's position when it has them. Without ``hits``
    the cue is made without its hits (and anchor), whose labels ``frames`` then lacks."""
    end = start + 1 + (len(w.hits) if hits else 0)
    after = end + 1
    tempo = None
    if w.tempo is not None:
        tempo = CueTempo(frames[after], maps.read(w.tempo.map))
        after += 1
    return Cue(
        number=read_cue_number(w.number),
        title=w.title,
        start_frames=frames[start],
        end_frames=frames[end],
        anchor_hit=w.anchor_hit if hits else None,
        description=w.description,
        in_note=w.in_note,
        out_note=w.out_note,
        status=w.status,
        hits=_hits(w.hits, frames[start + 1 : end]) if hits else (),
        tempo=tempo,
        temp_track=resolved_media(w.temp_track, folder, ()),
        temp=None if w.temp is None else _temp(w.temp, frames[after], folder),
    )


def _read(data: bytes, folder: str) -> Project:
    wire = _DECODER.decode(data)
    if wire.schema != SCHEMA_ID or wire.version != SCHEMA_VERSION or _text(wire) != data:
        raise _Declined  # not as written: a key twice, spacing, a default written out ...
    return _project(wire, folder, hits=True)


def _project(wire: ProjectWire, folder: str, *, hits: bool) -> Project:
    """The project ``wire`` describes; without ``hits``, its cues without their hits."""
    rate = parse_rate(wire.rate)
    places = _Places(wire, hits=hits)
    frames = frames_of(places.labels, rate=rate)
    maps = _Maps()
    cues = tuple(
        _cue(cue, frames, start, folder, maps, hits=hits)
        for cue, start in zip(wire.cues, places.cue_starts, strict=True)
    )
    return Project(
        title=wire.title,
        rate=rate,
        session_start_frames=frames[0],
        reels=tuple(
            Reel(reel.number, reel.name, frames[1 + i]) for i, reel in enumerate(wire.reels)
        ),
        cues=cues,
        picture=resolved_media(wire.picture, folder, ()),
        notes=wire.notes,
        pickup_bar=PickupBar.ZERO if wire.pickup_bar == 0 else read_pickup_bar(wire.pickup_bar),
        music=NO_MUSIC if wire.music is None else _music(wire.music, frames, places.music),
    )
