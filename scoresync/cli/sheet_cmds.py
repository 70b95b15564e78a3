"""``scoresync export musicxml``, ``export timing-sheet`` and ``export streamers``.

Each writes one cue (``PROJECT CUE -o FILE``) or, with ``--all``, every tempo-mapped cue
into a folder (``PROJECT --all -o DIR``), one file per cue named like
``1M1 Opening.musicxml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scoresync.cli.common import emit_json, json_option, load, project_argument
from scoresync.cli.export_cmds import export_group
from scoresync.errors import ExportError, UsageError

if TYPE_CHECKING:
    from scoresync.model import Cue, Project

GAUGE_CHOICES = ["35mm-4perf", "35mm-3perf", "16mm"]
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def cue_file_name(cue: Cue, suffix: str) -> str:
    """A file name for ``cue``: its number and title (``1M1 Opening.musicxml``), characters
    that file systems refuse replaced by ``_``, runs of spaces made one, at most 120
    characters before the suffix (as the MIDI tempo-map export names its files)."""
    text = " ".join(_UNSAFE.sub("_", f"{cue.number} {cue.title}").split()).strip(" .")
    return f"{text[:120].rstrip(' .') or cue.number}{suffix}"


def _targets(
    project: Project, cue_text: str | None, all_cues: bool, output: Path, suffix: str
) -> tuple[list[tuple[Cue, Path]], list[str]]:
    """The cues to write and their paths, and the numbers skipped for lack of a map."""
    from scoresync.cuenumber import CueNumber
    from scoresync.timingsheet import placed_tempo

    if all_cues == (cue_text is not None):
        raise UsageError("give one CUE (such as 1M1) or --all, not both and not neither")
    if not all_cues:
        cue = project.cue(CueNumber.parse(cue_text or ""))
        placed_tempo(cue)
        return [(cue, output)], []
    mapped = [cue for cue in project.cues if cue.tempo is not None]
    skipped = [str(cue.number) for cue in project.cues if cue.tempo is None]
    if not mapped:
        raise UsageError(
            "no cue in this project has a tempo map: set one with 'scoresync tempo set' or "
            "find one with 'scoresync tempo find'"
        )
    _make_folder(output)
    return [(cue, output / cue_file_name(cue, suffix)) for cue in mapped], skipped


def _make_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {folder}: with --all, -o names a folder, and this is a file")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(
            f"cannot create the folder {folder}: {error.strerror or error}; "
            "choose a folder you can write to"
        ) from None


def _run(
    project_path: Path,
    cue_text: str | None,
    all_cues: bool,
    output: Path,
    suffix: str,
    write: Callable[[Project, Cue, Path], dict[str, Any]],
    as_json: bool,
) -> None:
    """Loads the project, writes each target with ``write`` and reports on stdout (or as
    JSON); cues skipped for lack of a map are named on stderr."""
    from scoresync.deliver_click import check_output_file

    project = load(project_path).project
    targets, skipped = _targets(project, cue_text, all_cues, output, suffix)
    written = []
    for cue, path in targets:
        check_output_file(path)
        summary = write(project, cue, path)
        written.append({"cue": str(cue.number), "path": str(path), **summary})
        if not as_json:
            details = ", ".join(f"{value} {key}" for key, value in summary.items())
            click.echo(f"wrote {path} ({details})")
    if skipped and not as_json:
        count = f"{len(skipped)} cue{'s' if len(skipped) != 1 else ''}"
        click.echo(f"skipped {count} without a tempo map: {', '.join(skipped)}", err=True)
    if as_json:
        emit_json({"written": written, "skipped": skipped})


def _common(command: Callable[..., Any]) -> Callable[..., Any]:
    """The arguments every sheet command shares: PROJECT [CUE] -o PATH [--all] [--json]."""
    for decorator in reversed(
        [
            project_argument,
            click.argument("cue_text", metavar="[CUE]", required=False),
            click.option(
                "-o",
                "--output",
                required=True,
                type=click.Path(path_type=Path),
                help="File to write (with --all, a folder).",
            ),
            click.option(
                "--all",
                "all_cues",
                is_flag=True,
                help="Every cue with a tempo map, one file each, into -o DIR.",
            ),
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


@export_group.command("musicxml")
@_common
@click.option(
    "--format",
    "fmt",
    help="musicxml (plain, the default) or mxl (compressed); default from the extension.",
)
@click.option("--part-name", default="Click", show_default=True, help="Name of the part.")
def export_musicxml(
    project_path: Path,
    cue_text: str | None,
    output: Path,
    all_cues: bool,
    as_json: bool,
    fmt: str | None,
    part_name: str,
) -> None:
    """Write a MusicXML skeleton of CUE's tempo map: bars, meters, tempo marks, hits and
    the timecode above every bar, to open in a notation program."""
    suffix = _musicxml_suffix(output, fmt, all_cues)

    def write(project: Project, cue: Cue, path: Path) -> dict[str, Any]:
        from scoresync.timingsheet import cue_skeleton
        from tempo.musicxml import write_skeleton

        plan, header = cue_skeleton(project, cue, part_name=part_name)
        for mark in plan.dropped:
            click.echo(
                f"note: {cue.number} hit {mark.text!r} lies outside the tempo map's "
                "bars and is not in the score",
                err=True,
            )
        write_skeleton(path, plan, header, compressed=suffix == ".mxl")
        return {"bars": len(plan.measures), "hits": len(cue.hits) - len(plan.dropped)}

    _run(project_path, cue_text, all_cues, output, suffix, write, as_json)


def _musicxml_suffix(output: Path, fmt: str | None, all_cues: bool) -> str:
    name = (fmt or ("" if all_cues else output.suffix.lstrip(".")) or "musicxml").lower()
    name = {"xml": "musicxml"}.get(name, name)
    if name not in ("musicxml", "mxl"):
        raise UsageError(
            f"unknown MusicXML format {_shown(output, fmt)}: use --format musicxml or mxl "
            "(or a file ending .musicxml, .xml or .mxl)"
        )
    return f".{name}"


# -- timing sheet -----------------------------------------------------------------------------


@export_group.command("timing-sheet")
@_common
@click.option(
    "--format", "fmt", help="txt, csv or pdf; default from the extension (with --all: txt)."
)
@click.option(
    "--per",
    type=click.Choice(["bar", "beat"]),
    default="bar",
    show_default=True,
    help="One row per bar or per beat (and one per hit either way).",
)
@click.option(
    "--gauge",
    type=click.Choice(GAUGE_CHOICES),
    default="35mm-4perf",
    show_default=True,
    help="Film gauge for feet+frames from the cue start.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Paper size of the PDF.",
)
def export_timing_sheet(
    project_path: Path,
    cue_text: str | None,
    output: Path,
    all_cues: bool,
    as_json: bool,
    fmt: str | None,
    per: str,
    gauge: str,
    paper: str,
) -> None:
    """Write CUE's timing sheet: every bar (or beat) and hit with bar|beat, timecode,
    cue time, feet+frames and tempo, as text, CSV or PDF."""
    from scoresync.timingsheet import sheet_format

    chosen = sheet_format(output if not all_cues else Path("sheet.txt"), fmt)

    def write(project: Project, cue: Cue, path: Path) -> dict[str, Any]:
        from scoresync.timingsheet import timing_sheet, write_sheet

        sheet = timing_sheet(project, cue, per=per, gauge=gauge)  # type: ignore[arg-type]
        write_sheet(path, sheet, fmt=chosen, paper=paper.lower())
        return {"rows": len(sheet.rows)}

    _run(project_path, cue_text, all_cues, output, f".{chosen}", write, as_json)


# -- streamers --------------------------------------------------------------------------------


@export_group.command("streamers")
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
@click.option(
    "--count-in-bars",
    "count_in_bars",
    type=click.IntRange(0, 64),
    default=0,
    show_default=True,
    help="Bars of count-in before the music (first tempo and meter), as for the click: "
    "adds the yellow streamer into the first warning click.",
)
@click.option(
    "--count-in-beats",
    type=click.IntRange(0, 64),
    default=0,
    show_default=True,
    help="Beats of count-in after those bars, before the pickup or downbeat.",
)
@click.option(
    "--ramp-step",
    type=click.Choice(["beat", "eighth", "sixteenth"]),
    default="sixteenth",
    show_default=True,
    help="MIDI only: how finely ramps are written as tempo steps.",
)
def export_streamers(
    project_path: Path,
    cue_text: str | None,
    output: Path,
    all_cues: bool,
    as_json: bool,
    fmt: str | None,
    length_text: str,
    green_length: str | None,
    yellow_length: str | None,
    red_length: str | None,
    count_in_bars: int,
    count_in_beats: int,
    ramp_step: str,
) -> None:
    """Write CUE's streamers and punches (green into the downbeat, yellow into the count-in,
    red into the end, a punch on every hit) as CSV or as a MIDI note track."""
    chosen = _streamer_format(output, fmt, all_cues)
    per_colour = {"green": green_length, "yellow": yellow_length, "red": red_length}

    def write(project: Project, cue: Cue, path: Path) -> dict[str, Any]:
        from scoresync.streamers import (
            StreamerOptions,
            parse_length,
            streamer_events,
            streamers_csv,
            streamers_midi,
        )
        from scoresync.timingsheet import write_bytes

        rate = project.rate
        lengths = {
            colour: parse_length(
                text or length_text, rate=rate, what=f"--{colour}-length" if text else "--length"
            )
            for colour, text in per_colour.items()
        }
        options = StreamerOptions(lengths, count_in_bars, count_in_beats)
        events = streamer_events(cue, rate, options)
        if chosen == "csv":
            data = streamers_csv(events, rate).encode("utf-8")
        else:
            data = streamers_midi(events, cue, rate, ramp_step=ramp_step)
        write_bytes(path, data)
        return {"events": len(events)}

    suffix = ".csv" if chosen == "csv" else ".mid"
    _run(project_path, cue_text, all_cues, output, suffix, write, as_json)


def _streamer_format(output: Path, fmt: str | None, all_cues: bool) -> str:
    name = (fmt or ("csv" if all_cues else output.suffix.lstrip("."))).lower()
    name = {"mid": "midi", "smf": "midi"}.get(name, name)
    if name not in ("csv", "midi"):
        raise UsageError(
            f"unknown streamer format {_shown(output, fmt)}: use --format csv or midi "
            "(or a file ending .csv, .mid or .midi)"
        )
    return name
