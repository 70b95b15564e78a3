"""``scoresync export musicxml``, ``export timing-sheet`` and ``export streamers``.

Each writes one cue (``PROJECT CUE -o FILE``) or, with ``--all``, every tempo-mapped cue
into a folder (``PROJECT --all -o DIR``), one file per cue named like
``1M1 Opening.musicxml`` (streamers: ``1M1 Opening streamers.csv``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scoresync.cli.common import json_option, project_argument
from scoresync.cli.export_common import (
    all_option,
    choice_option,
    count_in_options,
    cue_argument,
    force_option,
    marker_timecode_option,
    output_option,
    pickup_bar_option,
    pre_roll_option,
    ramp_step_option,
    range_option,
    write_cues,
)
from scoresync.deliver.exports import (
    MUSICXML_FORMATS,
    STREAMER_FORMATS,
    MusicXmlExport,
    StreamerExport,
    TimingSheetExport,
    streamer_lengths,
)
from scoresync.deliver.streamers import StreamerOptions
from scoresync.deliver.timingsheet.write import sheet_format
from scoresync.errors import UsageError
from scoresync.picture.feet import FILM_RATE_NAMES, FILM_SPEED_RULE
from tempo.map.barnumbers import PickupBar
from tempo.musicxml.plan import BARS_PER_SYSTEM

if TYPE_CHECKING:
    from scoresync.deliver.exports import ExportRequest
    from scoresync.project.model import Project

GAUGE_CHOICES = ["35mm-4perf", "35mm-3perf", "16mm"]


def _common(command: Callable[..., Any]) -> Callable[..., Any]:
    """The arguments every sheet command shares: PROJECT [CUE] -o PATH [--all] [--force]
    [--json]."""
    for decorator in reversed(
        [
            project_argument,
            cue_argument,
            output_option("File to write (with --all, a folder)."),
            all_option("Every cue with a tempo map, one file each, into -o DIR."),
            force_option,
            json_option,
        ]
    ):
        command = decorator(command)
    return command


def _shown(output: Path, fmt: str | None) -> str:
    """How a rejected format was given: ``'docx'`` or ``'.docx' (from a.docx)``."""
    if fmt:
        return repr(fmt)
    return f"{output.suffix or 'without an extension'!r} (from -o {output.name})"


# -- musicxml ---------------------------------------------------------------------------------


@click.command("musicxml")
@_common
@click.option(
    "--format",
    "fmt",
    help="musicxml (plain, the default) or mxl (compressed); default from the extension.",
)
@click.option(
    "--part-name",
    default="Click",
    show_default=True,
    help="Name of the part (the cue's title, say); its instrument is a wood block.",
)
@pickup_bar_option
@range_option(
    "--bars-per-system",
    0,
    64,
    BARS_PER_SYSTEM,
    "Full bars on each line of music (a pickup joins the first); 0 leaves the lines to "
    "the notation program.",
)
def export_musicxml(
    project_path: Path,
    cue_text: str | None,
    output: Path,
    all_cues: bool,
    force: bool,
    as_json: bool,
    fmt: str | None,
    part_name: str,
    pickup_bar: PickupBar | None,
    bars_per_system: int,
) -> None:
    """Write a MusicXML skeleton of CUE's tempo map to open in a notation program: a click
    part of rests in the map's bars and meters, a line break every few bars, the timecode
    above every bar, tempo marks, ramps as dashed rit./accel. lines that play back beat by
    beat on picture, and the hits (must-hits boxed) below the staff."""

    request = MusicXmlExport(
        fmt=_musicxml_format(output, fmt, all_cues),
        part_name=part_name,
        pickup_bar=pickup_bar,
        bars_per_system=bars_per_system,
    )
    write_cues(project_path, cue_text, all_cues, output, request, as_json=as_json, force=force)


def _musicxml_format(output: Path, fmt: str | None, all_cues: bool) -> str:

    name = (fmt or ("" if all_cues else output.suffix.lstrip(".")) or "musicxml").lower()
    name = {"xml": "musicxml"}.get(name, name)
    if name not in MUSICXML_FORMATS:
        raise UsageError(
            f"unknown MusicXML format {_shown(output, fmt)}: use --format musicxml or mxl "
            "(or a file ending .musicxml, .xml or .mxl)"
        )
    return name


# -- timing sheet -----------------------------------------------------------------------------


@click.command("timing-sheet")
@_common
@click.option(
    "--format", "fmt", help="txt, csv or pdf; default from the extension (with --all: txt)."
)
@choice_option(
    "--per", ["bar", "beat"], "bar", "One row per bar or per beat (and one per hit either way)."
)
@choice_option(
    "--gauge",
    GAUGE_CHOICES,
    "35mm-4perf",
    f"Film gauge for feet+frames from the cue start. {FILM_SPEED_RULE}",
)
@click.option(
    "--film-rate",
    type=click.Choice(FILM_RATE_NAMES),
    help="The film rate feet+frames count at: 24, 23.976 (a projector at video speed, so "
    "footage equals the film's own frame count after telecine) or 25. Default: 25 for "
    "25 and 50 fps pictures, else 24.",
)
@choice_option("--paper", ["a4", "letter"], "a4", "Paper size of the PDF.", case_sensitive=False)
@pickup_bar_option
def export_timing_sheet(
    project_path: Path,
    cue_text: str | None,
    output: Path,
    all_cues: bool,
    force: bool,
    as_json: bool,
    fmt: str | None,
    per: str,
    gauge: str,
    film_rate: str | None,
    paper: str,
    pickup_bar: PickupBar | None,
) -> None:
    """Write CUE's timing sheet: every bar (or beat) and hit with bar|beat, timecode,
    cue time, feet+frames and tempo, as text, CSV or PDF."""

    chosen = sheet_format(output if not all_cues else Path("sheet.txt"), fmt)
    request = TimingSheetExport(
        fmt=chosen,
        per=per,
        gauge=gauge,
        paper=paper.lower(),
        film_rate=film_rate,
        pickup_bar=pickup_bar,
    )
    write_cues(project_path, cue_text, all_cues, output, request, as_json=as_json, force=force)


# -- streamers --------------------------------------------------------------------------------


@click.command("streamers")
@_common
@click.option(
    "--format",
    "fmt",
    help="csv or midi; default from the extension (.csv, .mid, .midi; with --all: csv).",
)
@click.option(
    "--length",
    "length_text",
    default="2s",
    show_default=True,
    help="Streamer length: seconds (2s) or frames (48f).",
)
@click.option("--green-length", help="Length of the green streamer (into the downbeat).")
@click.option("--yellow-length", help="Length of the yellow streamer (into the count-in).")
@click.option("--red-length", help="Length of the red streamer (into the end).")
@count_in_options(
    "Bars of count-in before the music (first tempo and meter), as for the click: "
    "adds the yellow streamer into the first warning click."
)
@ramp_step_option("MIDI only: how finely ramps are written as tempo steps.")
@pickup_bar_option
@marker_timecode_option
@pre_roll_option(
    "MIDI only: whole bars the file starts before the music (give the tempo MIDI the same "
    "number so both line up at bar 1)."
)
def export_streamers(
    project_path: Path,
    cue_text: str | None,
    output: Path,
    all_cues: bool,
    force: bool,
    as_json: bool,
    fmt: str | None,
    length_text: str,
    green_length: str | None,
    yellow_length: str | None,
    red_length: str | None,
    count_in_bars: int,
    count_in_beats: int,
    ramp_step: str,
    pickup_bar: PickupBar | None,
    marker_timecode: bool,
    pre_roll_bars: int,
) -> None:
    """Write CUE's streamers and punches (green into the downbeat, yellow into the count-in,
    red into the end, a punch on every hit) as CSV or as a MIDI note track.

    With --all each cue's file is named like '1M1 Opening streamers.csv' (or .mid), so it
    sits beside that cue's timing sheet and MIDI tempo map in one folder."""

    draft = StreamerExport(
        fmt=_streamer_format(output, fmt, all_cues),
        ramp_step=ramp_step,
        pickup_bar=pickup_bar,
        marker_timecode=marker_timecode,
        pre_roll_bars=pre_roll_bars,
    )
    per_colour = {"green": green_length, "yellow": yellow_length, "red": red_length}

    def finish(project: Project) -> ExportRequest:

        lengths = streamer_lengths(length_text, per_colour, rate=project.rate)
        return replace(draft, options=StreamerOptions(lengths, count_in_bars, count_in_beats))

    write_cues(
        project_path,
        cue_text,
        all_cues,
        output,
        draft,
        as_json=as_json,
        force=force,
        finish=finish,
    )


def _streamer_format(output: Path, fmt: str | None, all_cues: bool) -> str:

    name = (fmt or ("csv" if all_cues else output.suffix.lstrip("."))).lower()
    name = {"mid": "midi", "smf": "midi"}.get(name, name)
    if name not in STREAMER_FORMATS:
        raise UsageError(
            f"unknown streamer format {_shown(output, fmt)}: use --format csv or midi "
            "(or a file ending .csv, .mid or .midi)"
        )
    return name
