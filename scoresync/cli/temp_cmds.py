"""``scoresync temp ...``: analyse temp music, attach it to a cue, correct its bar lines,
fit it to the scene and render it at picture timecode. The work is done by
:mod:`scoresync.temp`; this module reads the options and prints the results."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from scoresync.cli.common import emit_json, json_option, table

audio_argument = click.argument(
    "audio_path", metavar="AUDIO", type=click.Path(dir_okay=True, path_type=Path)
)
meter_option = click.option(
    "--meter", help="The music's meter, e.g. 4/4, 3/4, 6/8 (fixes the beats per bar)."
)
bpm_option = click.option(
    "--bpm",
    "bpm_range",
    metavar="LO-HI",
    help="Tempo range of the counted beat in BPM, e.g. 90-120 (settles double/half tempo).",
)
no_cache_option = click.option(
    "--no-cache", is_flag=True, help="Analyse again even when the cache has this file."
)


def stderr_progress(what: str) -> Callable[[float], None]:
    """A progress callback printing ``what: NN %`` on stderr, on a terminal only."""
    shown = {"last": -1}
    if not sys.stderr.isatty():
        return lambda fraction: None

    def report(fraction: float) -> None:
        percent = int(fraction * 100)
        if percent != shown["last"]:
            shown["last"] = percent
            end = "\n" if percent >= 100 else ""
            click.echo(f"\r{what}: {percent:3d} %", err=True, nl=False)
            if end:
                click.echo("", err=True)

    return report


def _seconds(value: float) -> str:
    minutes, seconds = divmod(value, 60.0)
    return f"{int(minutes)}:{seconds:06.3f}"


@click.command("analyze")
@audio_argument
@meter_option
@bpm_option
@no_cache_option
@click.option("--beats", "show_beats", is_flag=True, help="List every beat and bar line.")
@json_option
def temp_analyze(
    audio_path: Path,
    meter: str | None,
    bpm_range: str | None,
    no_cache: bool,
    show_beats: bool,
    as_json: bool,
) -> None:
    """Find the tempo, beats, bar lines and onsets of the music in AUDIO.

    Give --meter and --bpm when you know them: they fix the usual mistakes (a piece
    tracked at double or half tempo, a 6/8 counted in eighths). Results are cached, so
    asking again is instant.
    """
    from scoresync.temp.analysis import analyze_file, parse_hints

    hints = parse_hints(meter, bpm_range)
    analysis = analyze_file(
        audio_path, hints, cache=not no_cache, progress=stderr_progress(f"analysing {audio_path}")
    )
    if as_json:
        emit_json({"file": str(audio_path), **analysis.to_json()})
        return
    click.echo(f"file       {audio_path}")
    click.echo(
        f"length     {_seconds(analysis.duration_samples / analysis.sample_rate)} "
        f"({analysis.duration_samples} samples at {analysis.sample_rate} Hz)"
    )
    click.echo(
        f"tempo      {analysis.bpm:.2f} BPM (from {analysis.bpm_min:.2f} to "
        f"{analysis.bpm_max:.2f}, stability {analysis.stability:.2f})"
    )
    click.echo(f"meter      {analysis.meter}")
    click.echo(
        f"found      {len(analysis.beats)} beats, {len(analysis.downbeats)} bar lines, "
        f"{len(analysis.onsets)} onsets"
    )
    if show_beats:
        downbeats = set(analysis.downbeats)
        rows = []
        bar = 0
        beat_in_bar = 0
        first = analysis.first_downbeat_index()
        for index, sample in enumerate(analysis.beats):
            if sample in downbeats:
                bar += 1
                beat_in_bar = 1
            elif index < first:
                beat_in_bar = index - first + analysis.beats_per_bar + 1
            else:
                beat_in_bar += 1
            rows.append(
                [f"{bar}|{beat_in_bar}", _seconds(sample / analysis.sample_rate), str(sample)]
            )
        click.echo("")
        click.echo(table(rows, ["bar|beat", "time", "sample"]))
