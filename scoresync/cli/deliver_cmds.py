"""``scoresync click render``, ``scoresync export midi`` and ``scoresync import midi``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from scoresync.cli.common import emit_json, json_option, load, project_argument, save, table
from scoresync.cli.export_common import (
    all_option,
    choice_option,
    count_in_options,
    cue_argument,
    cue_targets,
    force_option,
    marker_timecode_option,
    output_option,
    pickup_bar_option,
    pre_roll_option,
    ramp_step_option,
    range_option,
)
from scoresync.deliver.click import ClickOptions, parse_free_time
from scoresync.deliver.exports import ClickExport, MidiExport, run_export
from scoresync.deliver.midi import numbering_line
from scoresync.deliver.midi_import import import_cue_midi
from scoresync.deliver.targets import check_target
from scoresync.project.cuenumber import CueNumber
from tempo.common.exact import signed_text

if TYPE_CHECKING:
    from scoresync.deliver.click import ClickReport
    from scoresync.deliver.midi import MidiExportReport
    from tempo.map.barnumbers import PickupBar

BIT_DEPTHS = ["16", "24", "32f"]


@click.command("render")
@project_argument
@click.argument("cue")
@output_option("The WAV file to write.")
@click.option(
    "--sample-rate", type=int, default=48000, show_default=True, help="Samples per second."
)
@choice_option("--bit-depth", BIT_DEPTHS, "24", "16 or 24-bit PCM, or 32-bit float.")
@range_option(
    "--subdivision", 1, 16, 1, "Clicks per beat (2 = eighths in 4/4); the extra ones are quieter."
)
@count_in_options(
    "Whole bars of count-in before the bar the music starts in; with a pickup that bar is "
    "counted too, up to the pickup (2 bars, 2-beat pickup in 4/4: 1 2 3 4 | 1 2 3 4 | 1 2, "
    "pickup on 3 4). Accented on its first click and each bar line."
)
@click.option(
    "--accent/--no-accent",
    default=True,
    show_default=True,
    help="Accent each bar's downbeat with a higher, louder click.",
)
@click.option(
    "--free-time",
    "free_time",
    multiple=True,
    metavar="START-END",
    help="No clicks in this range, e.g. 01:00:20:00-01:00:24:00, or 20s-24s from the cue start "
    "(repeat the option, or separate ranges with commas).",
)
@force_option
@json_option
def click_render(
    project_path: Path,
    cue: str,
    output: Path,
    sample_rate: int,
    bit_depth: str,
    subdivision: int,
    count_in_bars: int,
    count_in_beats: int,
    accent: bool,
    free_time: tuple[str, ...],
    force: bool,
    as_json: bool,
) -> None:
    """Render CUE's click track to a Broadcast Wave file that spots to timecode.

    Clicks fall on the exact sample of each beat of the cue's tempo map. The count-in is
    counted as a conductor counts it, on the map's bar grid, ending into the pickup. The
    file starts at the cue start (earlier if the count-in or a pickup starts before it) and
    ends half a second after the cue end; its bext TimeReference is its first sample since
    midnight.
    """

    project = load(project_path).project
    chosen = project.cue(CueNumber.parse(cue))
    check_target(output, ClickExport().file_kind, force=force)
    options = ClickOptions(
        sample_rate=sample_rate,
        bit_depth=bit_depth,
        subdivision=subdivision,
        count_in_bars=count_in_bars,
        count_in_beats=count_in_beats,
        accent=accent,
        free_time=tuple(
            parse_free_time(part, rate=project.rate, origin_frames=chosen.start_frames)
            for text in free_time
            for part in text.split(",")
            if part.strip()
        ),
    )
    result = run_export(project, chosen, output, ClickExport(options), force=force)
    if as_json:
        emit_json(cast("ClickReport", result.report).to_json())
        return
    first, *rest = result.lines
    click.echo(f"wrote {output}: {first}")
    for line in rest:
        click.echo(f"  {line}")


@click.command("midi")
@project_argument
@cue_argument
@all_option("Every cue with a tempo map, one file each.")
@output_option("The .mid file (or, with --all, the folder) to write.")
@ramp_step_option("How finely ramps are written as tempo steps.")
@click.option(
    "--click-notes", is_flag=True, help="Add a track of click notes (channel 10) on every beat."
)
@pickup_bar_option
@marker_timecode_option
@pre_roll_option(
    "Start the file at least this many whole bars before the music (give the streamers' "
    "MIDI the same, and both line up dropped in at bar 1)."
)
@force_option
@json_option
def export_midi(
    project_path: Path,
    cue_text: str | None,
    all_cues: bool,
    output: Path,
    ramp_step: str,
    click_notes: bool,
    pickup_bar: PickupBar | None,
    marker_timecode: bool,
    pre_roll_bars: int,
    force: bool,
    as_json: bool,
) -> None:
    """Write CUE's tempo map as a Standard MIDI File (format 1, 960 ticks per quarter).

    Tick 0 is the music's first bar line (the pickup's start, else the downbeat) and the
    pickup is a short bar of its own (2/4 for two beats of 4/4), so every DAW and notation
    program numbers the pickup bar 1, as the timing sheet does with --pickup-bar 1. With
    --pickup-bar 0 (the pickup is bar 0), and when a hit before the music or
    --pre-roll-bars starts the file earlier, a "bar N" marker names every bar line as the
    timing sheet does. The SMPTE offset gives tick 0's timecode. MIDI has codes for 24,
    25, 30 drop and 30 fps only: 23.976 writes code 24 and 29.97 code 30 (29.97 drop: 30
    drop), each with the timecode as the project counts it, so set the sequencer to the
    project's rate. 48 and 47.952 write as 24, 50 as 25, 60 and 59.94 as 30 (59.94 drop as
    30 drop), with half the frame number and the odd frame in the sub-frames. Markers
    carry the cue name at the downbeat, "Pickup" where a pickup starts, and every hit;
    cue points the cue's start and end; markers less than half a frame apart are one. The
    file is read back and each hit's and bar line's drift is reported; over 1 ms is an
    error and nothing is written.
    """

    project = load(project_path).project
    request = MidiExport(
        ramp_step=ramp_step,
        click_notes=click_notes,
        pickup_bar=pickup_bar,
        marker_timecode=marker_timecode,
        pre_roll_bars=pre_roll_bars,
    )
    targets, skipped = cue_targets(
        project,
        cue_text,
        all_cues,
        output,
        request,
        force=force,
        one_cue_or_all="give a CUE number or --all (not both)",
    )
    reports = [
        cast("MidiExportReport", run_export(project, cue, path, request, force=force).report)
        for cue, path in targets
    ]
    if as_json:
        data = [report.to_json() for report in reports]
        emit_json({"files": data, "skipped": skipped} if all_cues else data[0])
        return
    for report in reports:
        _print_midi_report(report)
    if skipped:
        click.echo(
            f"skipped {len(skipped)} cues without a tempo map: {', '.join(skipped)}", err=True
        )


def _print_midi_report(report: MidiExportReport) -> None:
    click.echo(
        f"wrote {report.path}: {report.cue}, tick 0 at {report.tick0_tc}, "
        f"{report.tempo_events} tempo events, {report.time_signatures} time signatures"
    )
    click.echo(f"  SMPTE offset {report.smpte_interpretation}")
    click.echo(f"  {numbering_line(report.pickup_bar, report.first_bar)}")
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    if report.hits:
        rows = [
            [h.what, h.label, h.tc, h.bbt, str(h.ticks), signed_text(h.drift_ms, places=3)]
            for h in report.hits
        ]
        click.echo(table(rows, ["hit", "label", "tc", "bar|beat|tick", "ticks", "drift ms"]))
    click.echo(
        f"  {len(report.bars)} bar lines, max drift {report.max_bar_drift_ms:.3f} ms; "
        f"hits max drift {report.max_hit_drift_ms:.3f} ms"
    )


@click.command("midi")
@project_argument
@click.argument("cue")
@click.argument("midi_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--keep-downbeat",
    is_flag=True,
    help="Keep the cue's downbeat; ignore where the file's SMPTE offset puts it.",
)
@json_option
def import_midi(
    project_path: Path, cue: str, midi_file: Path, keep_downbeat: bool, as_json: bool
) -> None:
    """Read a composer's MIDI tempo map (FILE) into CUE and save the project.

    Tempo steps that follow a ramp within 1 ms become one ramp; time signatures become
    meters (beat unit from clocks per click); the SMPTE offset places the downbeat (the
    marker named after the cue, else tick 0). The report lists every tempo event's drift,
    the meters, the markers (matched to hits) and how the offset was read.
    """

    loaded = load(project_path, edit=True)
    number = str(CueNumber.parse(cue))
    project, report = import_cue_midi(
        loaded.project, number, midi_file, keep_downbeat=keep_downbeat
    )
    save(loaded, project)
    if as_json:
        emit_json(report.to_json())
        return
    imported = report.imported
    click.echo(
        f"imported {midi_file} into {report.cue}: downbeat {report.downbeat_tc} "
        f"({report.downbeat_how})"
    )
    click.echo(f"  SMPTE offset: {report.smpte_interpretation}")
    for segment in imported.tempo_map.segments:
        click.echo(f"  segment: {segment.describe()}")
    for meter in imported.meters:
        note = f" ({meter.note})" if meter.note else ""
        click.echo(
            f"  meter at tick {meter.ticks}: {meter.meter} in {meter.beat_unit.text} beats{note}"
        )
    click.echo(f"  {len(imported.tempos)} tempo events, max drift {report.max_drift_ms:.3f} ms")
    for row in report.marker_rows:
        off_ms = row["hit_offset_ms"]
        hit = ""
        if row["hit"] and isinstance(off_ms, float):
            hit = f" = hit {row['hit']} ({signed_text(off_ms, places=3)} ms)"
        click.echo(f"  {row['kind']} {row['text']!r} at {row['tc']}{hit}")
    for note in report.notes:
        click.echo(f"  note: {note}")
