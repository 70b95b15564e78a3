"""One cue's deliverables to the composer, written by one call: the shared path of the
command line and the terminal UI.

A request says what to write and how (:class:`ClickExport`, :class:`MidiExport`,
:class:`MusicXmlExport`, :class:`TimingSheetExport`, :class:`StreamerExport`); a request
whose ``pickup_bar`` is ``None`` numbers bars as the project's setting says
(:func:`pickup_bar_for`);
:func:`run_export` writes it for a cue of a project to a file and returns an
:class:`ExportResult`: the path, the counts, any notes and the lines that describe the
file to a user. Exports read the project and never change it, and never replace a file
of another kind (a project above all) unless asked to (:mod:`scoresync.deliver.targets`).

The writers themselves live in :mod:`scoresync.deliver.click`, :mod:`scoresync.deliver.midi`,
:mod:`scoresync.deliver.timingsheet.sheet` and :mod:`scoresync.deliver.streamers`; this
module only calls them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from scoresync.deliver.click import ClickOptions, plan_click, render_click
from scoresync.deliver.midi import export_cue_midi, numbering_line
from scoresync.deliver.musicxml import cue_skeleton
from scoresync.deliver.streamers import (
    StreamerOptions,
    parse_length,
    plan_streamers_midi,
    streamer_events,
    streamers_csv,
)
from scoresync.deliver.targets import (
    MIDI,
    MUSICXML,
    MXL,
    PDF,
    SHEET_CSV,
    SHEET_TEXT,
    STREAMER_CSV,
    WAV,
    FileKind,
    check_target,
)
from scoresync.deliver.timingsheet.sheet import timing_sheet
from scoresync.deliver.timingsheet.write import write_sheet
from scoresync.errors import ExportError, UsageError
from scoresync.picture.feet import FILM_RATE_NAMES
from tempo.common.atomic import check_writable, write_export
from tempo.common.exact import signed_text
from tempo.map.barnumbers import PickupBar
from tempo.musicxml.plan import BARS_PER_SYSTEM, check_bars_per_system
from tempo.musicxml.skeleton import write_skeleton

if TYPE_CHECKING:
    from scoresync.deliver.click import ClickReport
    from scoresync.deliver.midi import MidiExportReport
    from scoresync.picture.rates import FrameRate
    from scoresync.project.model import Cue, Project

__all__ = [
    "EXPORT_KINDS",
    "MAX_PRE_ROLL_BARS",
    "MUSICXML_FORMATS",
    "RAMP_STEPS",
    "SHEET_FORMATS",
    "STREAMER_COLOURS",
    "STREAMER_FORMATS",
    "STREAMERS_WORD",
    "ClickExport",
    "ExportRequest",
    "ExportResult",
    "MidiExport",
    "MusicXmlExport",
    "StreamerExport",
    "TimingSheetExport",
    "cue_file_name",
    "cues_with_maps",
    "export_click",
    "export_midi",
    "folder_targets",
    "make_folder",
    "pickup_bar_for",
    "run_export",
    "streamer_lengths",
    "write_musicxml",
    "write_streamers",
    "write_timing_sheet",
]

EXPORT_KINDS = ("click", "midi", "musicxml", "timing", "streamers")
"""The kinds of export, in the order a menu lists them."""

RAMP_STEPS = ("beat", "eighth", "sixteenth")
"""How finely a MIDI file writes a ramp as tempo steps."""

MUSICXML_FORMATS = ("musicxml", "mxl")
SHEET_FORMATS = ("txt", "csv", "pdf")
STREAMER_FORMATS = ("csv", "midi")
SHEET_ROWS = ("bar", "beat")
PAPER_SIZES = ("a4", "letter")
STREAMER_COLOURS = ("green", "yellow", "red")
STREAMERS_WORD = "streamers"
"""What a streamer list's default name has after the cue's title (``1M1 Main Title
streamers.csv``): streamer lists share their extensions with timing sheets (.csv) and
MIDI tempo maps (.mid)."""
MAX_PRE_ROLL_BARS = 64
"""The most whole bars a MIDI file may start before the music."""


def _check_choice(value: str, choices: tuple[str, ...], what: str) -> None:
    """Raises :class:`UsageError` unless ``value`` is one of ``choices``."""
    if value not in choices:
        raise UsageError(f"unknown {what} {value!r}: use one of {', '.join(choices)}")


def _check_pre_roll(bars: int) -> None:
    """Raises :class:`UsageError` unless ``bars`` is 0 to :data:`MAX_PRE_ROLL_BARS`."""
    if not 0 <= bars <= MAX_PRE_ROLL_BARS:
        raise UsageError(f"pre-roll bars {bars}: use 0 to {MAX_PRE_ROLL_BARS}")


def pickup_bar_for(project: Project, chosen: PickupBar | None) -> PickupBar:
    """The bar numbering an export uses: ``chosen``, or the project's setting (``None``)."""
    return project.pickup_bar if chosen is None else chosen


# -- requests ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClickExport:
    """A click track: a Broadcast Wave file rendered with ``options``."""

    options: ClickOptions = field(default_factory=ClickOptions)
    kind: ClassVar[str] = "click"

    @property
    def suffix(self) -> str:
        """What ends the file's default name: the extension, with its dot."""
        return ".wav"

    @property
    def file_kind(self) -> FileKind:
        """The kind of file written, the only kind it replaces unasked."""
        return WAV


@dataclass(frozen=True)
class MidiExport:
    """A MIDI tempo map (format 1, 960 ticks per quarter), ramps written in ``ramp_step``
    steps, with a track of click notes when ``click_notes``; bars numbered under
    ``pickup_bar`` (``None``: the project's setting), markers with their timecode when
    ``marker_timecode``, starting at least ``pre_roll_bars`` whole bars before the music."""

    ramp_step: str = "sixteenth"
    click_notes: bool = False
    pickup_bar: PickupBar | None = None
    marker_timecode: bool = False
    pre_roll_bars: int = 0
    kind: ClassVar[str] = "midi"

    def __post_init__(self) -> None:
        _check_choice(self.ramp_step, RAMP_STEPS, "ramp step")
        _check_pre_roll(self.pre_roll_bars)

    @property
    def suffix(self) -> str:
        """What ends the file's default name: the extension, with its dot."""
        return ".mid"

    @property
    def file_kind(self) -> FileKind:
        """The kind of file written, the only kind it replaces unasked."""
        return MIDI


@dataclass(frozen=True)
class MusicXmlExport:
    """A MusicXML skeleton, plain (``musicxml``) or compressed (``mxl``), its part named
    ``part_name``, bars numbered under ``pickup_bar`` (``None``: the project's setting), a
    system break every ``bars_per_system`` bars (0: none)."""

    fmt: str = "musicxml"
    part_name: str = "Click"
    pickup_bar: PickupBar | None = None
    bars_per_system: int = BARS_PER_SYSTEM
    kind: ClassVar[str] = "musicxml"

    def __post_init__(self) -> None:
        _check_choice(self.fmt, MUSICXML_FORMATS, "MusicXML format")
        check_bars_per_system(self.bars_per_system)

    @property
    def suffix(self) -> str:
        """What ends the file's default name: the extension, with its dot."""
        return f".{self.fmt}"

    @property
    def file_kind(self) -> FileKind:
        """The kind of file written, the only kind it replaces unasked."""
        return MXL if self.fmt == "mxl" else MUSICXML


@dataclass(frozen=True)
class TimingSheetExport:
    """A timing sheet as text, CSV or PDF, one row per bar or per beat (and per event),
    feet+frames in ``gauge`` of film at ``film_rate`` fps (``None``: 25 for pictures at 25
    and 50 fps, else 24), bars numbered under ``pickup_bar`` (``None``: the project's
    setting), the PDF on ``paper``."""

    fmt: str = "pdf"
    per: str = "bar"
    gauge: str = "35mm-4perf"
    paper: str = "a4"
    film_rate: str | None = None
    pickup_bar: PickupBar | None = None
    kind: ClassVar[str] = "timing"

    def __post_init__(self) -> None:
        _check_choice(self.fmt, SHEET_FORMATS, "timing-sheet format")
        _check_choice(self.per, SHEET_ROWS, "row kind")
        _check_choice(self.paper, PAPER_SIZES, "paper size")
        if self.film_rate is not None:
            _check_choice(self.film_rate, FILM_RATE_NAMES, "film rate")

    @property
    def suffix(self) -> str:
        """What ends the file's default name: the extension, with its dot."""
        return f".{self.fmt}"

    @property
    def file_kind(self) -> FileKind:
        """The kind of file written, the only kind it replaces unasked."""
        return {"txt": SHEET_TEXT, "csv": SHEET_CSV}.get(self.fmt, PDF)


@dataclass(frozen=True)
class StreamerExport:
    """Streamers and punches as CSV or as a MIDI note track (ramps in ``ramp_step``
    steps), bars numbered under ``pickup_bar`` (``None``: the project's setting); the MIDI
    with markers' timecodes when ``marker_timecode``, starting at least
    ``pre_roll_bars`` whole bars before the music."""

    fmt: str = "csv"
    options: StreamerOptions = field(default_factory=StreamerOptions)
    ramp_step: str = "sixteenth"
    pickup_bar: PickupBar | None = None
    marker_timecode: bool = False
    pre_roll_bars: int = 0
    kind: ClassVar[str] = "streamers"

    def __post_init__(self) -> None:
        _check_choice(self.fmt, STREAMER_FORMATS, "streamer format")
        _check_choice(self.ramp_step, RAMP_STEPS, "ramp step")
        _check_pre_roll(self.pre_roll_bars)

    @property
    def suffix(self) -> str:
        """What ends the file's default name: `` streamers`` and the extension
        (`` streamers.csv``, `` streamers.mid``), so that it differs from the timing
        sheet's CSV and the tempo map's MIDI file of the same cue."""
        return f" {STREAMERS_WORD}{'.csv' if self.fmt == 'csv' else '.mid'}"

    @property
    def file_kind(self) -> FileKind:
        """The kind of file written, the only kind it replaces unasked."""
        return STREAMER_CSV if self.fmt == "csv" else MIDI


ExportRequest = ClickExport | MidiExport | MusicXmlExport | TimingSheetExport | StreamerExport


@dataclass(frozen=True)
class ExportResult:
    """A written file: what kind, for which cue, where, the counts (``{"rows": 42}``), notes
    for the user (hits left out ...), the lines that describe it, and the writer's own
    report for a click track or a MIDI tempo map."""

    kind: str
    cue: str
    path: Path
    summary: Mapping[str, int]
    lines: tuple[str, ...]
    notes: tuple[str, ...] = ()
    report: ClickReport | MidiExportReport | None = None


# -- file names -------------------------------------------------------------------------------


def cue_file_name(cue: Cue, suffix: str) -> str:
    """A file name for ``cue``: its number and title, then ``suffix``, a request's
    ``suffix`` (``1M1 Opening.wav``, ``1M1 Opening streamers.csv``): each kind of export
    (and each format) ends its names differently, so files of every kind for one cue can
    share a folder. Characters file systems refuse become ``_``, spaces are squeezed, and
    the name stays within :data:`NAME_BYTES` bytes of UTF-8 before the suffix (file
    systems count bytes: 255 at most), cut at a whole character."""
    text = re.sub(r'[\x00-\x1f\x7f<>:"/\\|?*]', "_", cue.name)
    text = " ".join(text.split()).strip(" .")
    text = text.encode("utf-8")[:NAME_BYTES].decode("utf-8", errors="ignore").rstrip(" .")
    return f"{text or cue.number}{suffix}"


NAME_BYTES = 200
"""The most bytes of a cue's file name before its suffix."""


# -- every cue into a folder -------------------------------------------------------------------


def cues_with_maps(project: Project) -> tuple[list[Cue], list[str]]:
    """The cues of ``project`` with a tempo map (the ones an export can write), and the
    numbers of those without one, in cue order."""
    mapped = [cue for cue in project.cues if cue.tempo is not None]
    skipped = [str(cue.number) for cue in project.cues if cue.tempo is None]
    return mapped, skipped


def make_folder(folder: Path) -> None:
    """Makes ``folder`` unless it is one already; the folder it goes in must exist.

    Raises :class:`ExportError` saying what to do when it cannot be made (or is a file).
    """
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder; name a folder for the files")
    if not folder.parent.exists():
        raise ExportError(
            f"cannot create the folder {folder}: the folder {folder.parent} does not exist; "
            "create it first"
        )
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise ExportError(
            f"cannot create the folder {folder}: {error.strerror or error}; "
            "choose a folder you can write to"
        ) from None


def folder_targets(cues: list[Cue], folder: Path, suffix: str) -> list[tuple[Cue, Path]]:
    """Each of ``cues`` with its file in ``folder``, named after it
    (:func:`cue_file_name`, with ``suffix``)."""
    return [(cue, folder / cue_file_name(cue, suffix)) for cue in cues]


# -- the writers ------------------------------------------------------------------------------


def export_click(project: Project, cue: Cue, path: Path, options: ClickOptions) -> ExportResult:
    """Renders ``cue``'s click track to ``path`` (see :mod:`scoresync.deliver.click`)."""

    report = render_click(plan_click(cue, project.rate, options), path)
    seconds = round(report.total_samples / report.sample_rate, 6)  # as the JSON report has it
    counts = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in report.counts.items() if n)
    lines = [
        f"{report.cue} click, {seconds:.3f} s at {report.sample_rate} Hz / {report.bit_depth}-bit",
        f"starts {report.start_tc} (bext TimeReference {report.time_reference_samples} "
        f"samples), cue ends {report.end_tc}",
        f"clicks: {counts or 'none'}",
    ]
    if report.removed_clicks:
        lines.append(f"{report.removed_clicks} clicks left out in free time")
    summary = {"clicks": sum(report.counts.values()), "samples": report.total_samples}
    return ExportResult("click", report.cue, path, summary, tuple(lines), report=report)


def export_midi(
    project: Project,
    cue: Cue,
    path: Path,
    *,
    ramp_step: str = "sixteenth",
    click_notes: bool = False,
    pickup_bar: PickupBar | None = None,
    marker_timecode: bool = False,
    pre_roll_bars: int = 0,
) -> ExportResult:
    """Writes ``cue``'s MIDI tempo map to ``path`` and reads it back (see
    :func:`scoresync.deliver.midi.export_cue_midi`); the lines give the worst drift and
    how the file's bars are numbered, the notes what the report notes."""

    report = export_cue_midi(
        project,
        cue,
        path,
        ramp_step=ramp_step,
        click_notes=click_notes,
        pickup_bar=pickup_bar,
        marker_timecode=marker_timecode,
        pre_roll_bars=pre_roll_bars,
    )
    lines = [
        f"{report.cue}: tick 0 at {report.tick0_tc}, {_count(report.tempo_events, 'tempo event')}, "
        f"{_count(report.time_signatures, 'time signature')}",
        f"SMPTE offset {report.smpte_interpretation}",
        *_drift_lines(report),
        numbering_line(report.pickup_bar, report.first_bar),
    ]
    summary = {
        "tempo events": report.tempo_events,
        "time signatures": report.time_signatures,
        "hits": len(report.hits),
    }
    return ExportResult(
        "midi", report.cue, path, summary, tuple(lines), report.notes, report=report
    )


def _count(number: int, noun: str) -> str:
    """``1 tempo event``, ``66 tempo events``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _drift_lines(report: MidiExportReport) -> tuple[str, str]:
    """The worst drift of a hit (``worst hit drift +0.307 ms: hit 3 'Door' at ...``) and of
    a bar line, as read back from the written file."""
    bars = f"worst bar-line drift {report.max_bar_drift_ms:.3f} ms over {len(report.bars)} bars"
    if not report.hits:
        return "no hits to check", bars
    worst = max(report.hits, key=lambda drift: abs(drift.drift_seconds))
    label = f" {worst.label!r}" if worst.label else ""
    drift = signed_text(worst.drift_ms, places=3)
    return f"worst hit drift {drift} ms: {worst.what}{label} at {worst.tc}", bars


def write_musicxml(
    project: Project,
    cue: Cue,
    path: Path,
    *,
    fmt: str = "musicxml",
    part_name: str = "Click",
    pickup_bar: PickupBar = PickupBar.ZERO,
    bars_per_system: int = BARS_PER_SYSTEM,
) -> ExportResult:
    """Writes ``cue``'s MusicXML skeleton to ``path`` (see :class:`MusicXmlExport`); a note
    names each hit that lies outside the map's bars (and so is not in the score)."""

    _check_choice(fmt, MUSICXML_FORMATS, "MusicXML format")
    check_writable(path)
    plan, header = cue_skeleton(
        project,
        cue,
        part_name=part_name,
        pickup_bar=pickup_bar,
        bars_per_system=bars_per_system,
    )
    notes = tuple(
        f"{cue.number} hit {mark.text!r} lies outside the tempo map's bars and is not in the score"
        for mark in plan.dropped
    )
    write_skeleton(path, plan, header, compressed=fmt == "mxl")
    summary = {"bars": len(plan.measures), "hits": len(cue.hits) - len(plan.dropped)}
    line = f"{cue.number}: {summary['bars']} bars, {summary['hits']} hits"
    return ExportResult("musicxml", str(cue.number), path, summary, (line, *notes), notes)


def write_timing_sheet(
    project: Project,
    cue: Cue,
    path: Path,
    *,
    fmt: str = "pdf",
    per: str = "bar",
    gauge: str = "35mm-4perf",
    paper: str = "a4",
    film_rate: str | None = None,
    pickup_bar: PickupBar = PickupBar.ZERO,
) -> ExportResult:
    """Writes ``cue``'s timing sheet to ``path`` as ``fmt`` (txt, csv or pdf), feet+frames
    of film at ``film_rate`` and bars numbered under ``pickup_bar`` (see
    :func:`scoresync.deliver.timingsheet.sheet.timing_rows`)."""

    _check_choice(fmt, SHEET_FORMATS, "timing-sheet format")
    check_writable(path)
    sheet = timing_sheet(
        project,
        cue,
        per=per,  # type: ignore[arg-type]
        gauge=gauge,
        film_fps=film_rate,
        pickup_bar=pickup_bar,
    )
    write_sheet(path, sheet, fmt=fmt, paper=paper)
    summary = {"rows": len(sheet.rows)}
    line = (
        f"{cue.number}: {summary['rows']} rows, one per {per} and per hit "
        f"({sheet.gauge} at {sheet.film_rate} fps)"
    )
    return ExportResult("timing", str(cue.number), path, summary, (line,))


def streamer_lengths(
    length_text: str, per_colour: Mapping[str, str | None], *, rate: FrameRate
) -> dict[str, int]:
    """Each streamer colour's length in frames: its own text in ``per_colour`` when given,
    else ``length_text`` (``2s``, ``48f``); errors name the option that was wrong."""

    lengths = {}
    for colour in STREAMER_COLOURS:
        own = per_colour.get(colour)
        what = f"--{colour}-length" if own else "--length"
        lengths[colour] = parse_length(own or length_text, rate=rate, what=what)
    return lengths


def write_streamers(
    project: Project,
    cue: Cue,
    path: Path,
    *,
    fmt: str = "csv",
    options: StreamerOptions | None = None,
    ramp_step: str = "sixteenth",
    pickup_bar: PickupBar | None = None,
    marker_timecode: bool = False,
    pre_roll_bars: int = 0,
) -> ExportResult:
    """Writes ``cue``'s streamers and punches to ``path`` as CSV or a MIDI note track
    (see :class:`StreamerExport`); for MIDI the lines say how its bars are numbered and
    the notes how to line the tempo map up with it."""

    _check_choice(fmt, STREAMER_FORMATS, "streamer format")
    check_writable(path)
    rate = project.rate
    convention = pickup_bar_for(project, pickup_bar)
    events = streamer_events(cue, rate, options or StreamerOptions(), pickup_bar=convention)
    extra: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    if fmt == "csv":
        data = streamers_csv(events, rate).encode("utf-8")
    else:
        planned = plan_streamers_midi(
            events,
            cue,
            rate,
            ramp_step=ramp_step,
            pickup_bar=convention,
            marker_timecode=marker_timecode,
            pre_roll_bars=pre_roll_bars,
        )
        data, notes = planned.data, planned.notes
        conductor = planned.conductor
        extra = (numbering_line(int(conductor.pickup_bar), conductor.first_bar),)
    write_export(path, data)
    summary = {"events": len(events)}
    streamers = sum(1 for event in events if event.length_frames)
    line = f"{cue.number}: {streamers} streamers, {len(events) - streamers} punches"
    return ExportResult("streamers", str(cue.number), path, summary, (line, *extra), notes)


def run_export(
    project: Project, cue: Cue, path: Path, request: ExportRequest, *, force: bool = False
) -> ExportResult:
    """Writes the file ``request`` asks for, for ``cue`` of ``project``, to ``path``.

    A file of another kind at ``path`` (a project, a PDF where MIDI goes ...) is replaced
    only with ``force``; without, :class:`~scoresync.deliver.targets.ForeignFileError`
    names it before anything is rendered. Raises a
    :class:`~scoresync.errors.ScoreSyncError` that says what to do when the cue has no
    tempo map, the path cannot be written or the export cannot be made.
    """
    check_target(path, request.file_kind, force=force)
    match request:
        case ClickExport():
            return export_click(project, cue, path, request.options)
        case MidiExport():
            return export_midi(
                project,
                cue,
                path,
                ramp_step=request.ramp_step,
                click_notes=request.click_notes,
                pickup_bar=request.pickup_bar,
                marker_timecode=request.marker_timecode,
                pre_roll_bars=request.pre_roll_bars,
            )
        case MusicXmlExport():
            return write_musicxml(
                project,
                cue,
                path,
                fmt=request.fmt,
                part_name=request.part_name,
                pickup_bar=pickup_bar_for(project, request.pickup_bar),
                bars_per_system=request.bars_per_system,
            )
        case TimingSheetExport():
            return write_timing_sheet(
                project,
                cue,
                path,
                fmt=request.fmt,
                per=request.per,
                gauge=request.gauge,
                paper=request.paper,
                film_rate=request.film_rate,
                pickup_bar=pickup_bar_for(project, request.pickup_bar),
            )
        case StreamerExport():
            return write_streamers(
                project,
                cue,
                path,
                fmt=request.fmt,
                options=request.options,
                ramp_step=request.ramp_step,
                pickup_bar=request.pickup_bar,
                marker_timecode=request.marker_timecode,
                pre_roll_bars=request.pre_roll_bars,
            )
    raise UsageError(f"unknown export {request!r}: use one of {', '.join(EXPORT_KINDS)}")
