"""``scoresync temp ...``: analyse temp music, attach it to a cue, correct its bar lines,
fit it to the scene and render it at picture timecode. The work is done by
:mod:`scoresync.temp`; this module reads the options and prints the results."""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import click

from scoresync.cli.common import emit_json, json_option, project_argument, table
from tempo.common.exact import signed_text

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


cue_argument = click.argument("cue_text", metavar="CUE")


def _cue(project, cue_text: str):  # noqa: ANN001, ANN202 - a Project and its Cue
    from scoresync.project.cuenumber import CueNumber

    return project.cue(CueNumber.parse(cue_text))


def _placed(project, cue):  # noqa: ANN001, ANN202 - a PlacedTemp
    from scoresync.temp.analysis import analyze_file
    from scoresync.temp.track import place

    progress = stderr_progress(f"analysing the temp of {cue.number}")

    def analyse(path, hints):  # noqa: ANN001, ANN202
        return analyze_file(path, hints, progress=progress)

    return place(cue, project.rate, analyse=analyse)


def _frames_text(frames: float | Fraction) -> str:
    return signed_text(frames)


@click.command("attach")
@project_argument
@cue_argument
@audio_argument
@click.option(
    "--at",
    "at_text",
    help="Timecode the audio's chosen point sits on (default: the cue's start).",
)
@click.option(
    "--audio-offset",
    "offset_text",
    default="0",
    show_default=True,
    help="The point of the audio that sits on --at, in seconds from its start; "
    "'downbeat' for its first bar line.",
)
@meter_option
@bpm_option
def temp_attach(
    project_path: Path,
    cue_text: str,
    audio_path: Path,
    at_text: str | None,
    offset_text: str,
    meter: str | None,
    bpm_range: str | None,
) -> None:
    """Attach the temp music AUDIO to CUE of PROJECT and analyse it.

    The audio's point --audio-offset (its start by default, or its first bar line with
    'downbeat') is placed on timecode --at (the cue's start by default). --meter and
    --bpm are kept as the analysis hints. The audio is stored relative to the project.
    """
    import dataclasses
    from fractions import Fraction

    from scoresync.cli.common import load, save
    from scoresync.errors import UsageError
    from scoresync.picture.timecode import parse_position
    from scoresync.project.model import CueTemp
    from scoresync.temp.analysis import analyze_file, parse_hints
    from scoresync.temp.audiofile import audio_info

    loaded = load(project_path, edit=True)
    project = loaded.project
    cue = _cue(project, cue_text)
    hints = parse_hints(meter, bpm_range)
    info = audio_info(audio_path)
    analysis = analyze_file(audio_path, hints, progress=stderr_progress(f"analysing {audio_path}"))
    at = cue.start_frames
    if at_text is not None:
        at = parse_position(at_text, rate=project.rate, origin_frames=cue.start_frames)
    if offset_text.strip().lower() == "downbeat":
        offset = analysis.downbeats[0] if analysis.downbeats else 0
    else:
        seconds = option_seconds(offset_text)
        offset = round(seconds * info.sample_rate)
        if not 0 <= offset < info.frames:
            raise UsageError(
                f"--audio-offset {offset_text} is outside the audio ({info.seconds:.3f} s): "
                "give seconds from its start"
            )
    bpm = None
    if hints.bpm_range is not None:
        bpm = (Fraction(hints.bpm_range[0]), Fraction(hints.bpm_range[1]))
    temp = CueTemp(
        audio=str(audio_path.resolve()),
        at_frames=at,
        offset_samples=offset,
        meter=hints.meter,
        bpm_range=bpm,
    )
    save(loaded, project.replace_cue(cue.number, dataclasses.replace(cue, temp=temp)))
    click.echo(
        f"{cue.number}: temp {audio_path} attached, {analysis.bpm:.2f} BPM in {analysis.meter}, "
        f"{len(analysis.downbeats)} bars; its sample {offset} on {_tc(at, project.rate)}"
    )


def _tempo_span(bars_text: str, bpm_text: str):  # noqa: ANN202 - (first, end, Fraction)
    """``--bars A-B --span-bpm X`` as (first bar, end bar, BPM): bars 0-based, end
    exclusive."""
    from scoresync.cli.common import option_number
    from scoresync.errors import UsageError

    first_text, _, last_text = bars_text.partition("-")
    try:
        first, last = int(first_text), int(last_text)
    except ValueError:
        raise UsageError(
            f"--bars {bars_text!r}: write the first and last bar, e.g. 17-24"
        ) from None
    if not 1 <= first <= last:
        raise UsageError(f"--bars {bars_text}: the first bar is from 1 and not after the last")
    bpm = option_number(bpm_text, "--span-bpm")
    if not 1 <= bpm <= 1000:
        raise UsageError(f"--span-bpm {bpm_text}: give a tempo from 1 to 1000 BPM")
    return first - 1, last, bpm


def option_seconds(text: str):  # noqa: ANN201 - a Fraction
    """Seconds from the text of an option (``1.5``, ``3/2``)."""
    from scoresync.cli.common import option_number

    return option_number(text, "--audio-offset")


def _tc(frames: int, rate) -> str:  # noqa: ANN001
    from scoresync.picture.timecode import frames_to_tc

    return frames_to_tc(frames, rate=rate)


@click.command("show")
@project_argument
@cue_argument
@json_option
def temp_show(project_path: Path, cue_text: str, as_json: bool) -> None:
    """Show the temp of CUE: its tempo, bars and fit, and how each hit lands on its beats."""
    from scoresync.cli.common import load
    from scoresync.temp.fit import hit_landing

    project = load(project_path).project
    cue = _cue(project, cue_text)
    placed = _placed(project, cue)
    analysis = placed.analysis
    rows, hits = [], []
    for number, hit in enumerate(cue.hits, start=1):
        landing = hit_landing(placed, hit.frames)
        kind, off, lands = ("no music", None, None)
        if landing is not None:
            kind, off, lands = landing[0], float(landing[1]), landing[2]
        hits.append(
            {
                "hit": number,
                "tc": _tc(hit.frames, project.rate),
                "label": hit.label,
                "nearest": kind,
                "frames_off": off,
                "status": lands,
            }
        )
        rows.append(
            [
                str(number),
                _tc(hit.frames, project.rate),
                hit.label,
                kind,
                "" if landing is None else signed_text(landing[1]),
                lands or "",
            ]
        )
    temp = cue.temp
    assert temp is not None
    summary = {
        "cue": str(cue.number),
        "audio": temp.audio,
        "at": _tc(temp.at_frames, project.rate),
        "offset_samples": temp.offset_samples,
        "bpm": round(analysis.bpm, 3),
        "meter": str(analysis.meter),
        "bars": len(analysis.downbeats),
        "shift_beats": temp.shift_beats,
        "fit": [[first + 1, end] for first, end in temp.bars],
        "stretch": float(temp.stretch),
        "start": _tc(math.floor(placed.start_seconds() * project.rate.fps), project.rate),
        "end": _tc(round(placed.end_frames()), project.rate),
        "hits": hits,
    }
    if as_json:
        emit_json(summary)
        return
    click.echo(f"{cue.number} temp: {temp.audio}")
    click.echo(
        f"  {analysis.bpm:.2f} BPM, {analysis.meter}, {len(analysis.downbeats)} bars; plays "
        f"{summary['start']} to {summary['end']}"
    )
    if temp.bars:
        played = ", ".join(f"{first + 1}-{end}" for first, end in temp.bars)
        stretch = signed_text((temp.stretch - 1) * 100, places=3)
        click.echo(f"  fit: bars {played}, stretch {stretch} %")
    if temp.shift_beats:
        click.echo(f"  bar lines moved {temp.shift_beats:+d} beats")
    for first, end, bpm in temp.bar_tempos:
        click.echo(f"  bars {first + 1}-{end} laid at {float(bpm):g} BPM")
    for bar, beats in temp.bar_meters:
        click.echo(f"  bars of {beats} beats from bar {bar + 1}")
    for bar, beats in temp.bar_shifts:
        click.echo(f"  bar lines moved {beats:+d} beats from bar {bar + 1}")
    if rows:
        click.echo("")
        click.echo(table(rows, ["hit", "tc", "label", "nearest", "frames off", "lands"]))


@click.command("correct")
@project_argument
@cue_argument
@click.option(
    "--shift-bars",
    "shift",
    type=int,
    help="Move the bar lines by this many beats (negative: earlier); adds to any shift "
    "already made.",
)
@click.option(
    "--from-bar",
    type=click.IntRange(1),
    help="With --shift-bars or --beats-per-bar: from this bar on only (a downbeat the "
    "analysis put off, or a change of meter, mid-piece).",
)
@click.option(
    "--beats-per-bar",
    type=click.IntRange(1, 32),
    help="With --from-bar: from that bar on, bars of this many beats (a meter change the "
    "analysis missed; give the old count again from a later bar to end the span).",
)
@click.option(
    "--span-bpm",
    help="With --bars A-B: lay the beats of bars A to B evenly at about this tempo (a span "
    "tracked at half or double time); the span's bar lines stay.",
)
@click.option("--bars", "span_text", metavar="A-B", help="The bars --span-bpm is for.")
@meter_option
@bpm_option
@click.option("--reset", is_flag=True, help="Drop every correction and hint first.")
def temp_correct(
    project_path: Path,
    cue_text: str,
    shift: int | None,
    from_bar: int | None,
    beats_per_bar: int | None,
    span_bpm: str | None,
    span_text: str | None,
    meter: str | None,
    bpm_range: str | None,
    reset: bool,
) -> None:
    """Correct the analysis of CUE's temp: move its bar lines by whole beats, change the
    meter from a bar on, set the tempo of a span of bars, or analyse it again with
    another meter or tempo range. The correction is stored in the project; a fit already
    chosen is dropped, as its bars change."""
    import dataclasses
    from fractions import Fraction

    from scoresync.cli.common import load, save
    from scoresync.errors import UsageError
    from scoresync.temp.analysis import parse_hints

    asked = (shift, meter, bpm_range, beats_per_bar, span_bpm)
    if all(value is None for value in asked) and not reset:
        raise UsageError(
            "nothing to correct: give --shift-bars, --beats-per-bar, --span-bpm, --meter, "
            "--bpm or --reset"
        )
    if from_bar is not None and shift is None and beats_per_bar is None:
        raise UsageError(
            "--from-bar says where --shift-bars or --beats-per-bar starts: give one of them"
        )
    if beats_per_bar is not None and (from_bar is None or shift is not None):
        raise UsageError("--beats-per-bar goes with --from-bar (and without --shift-bars)")
    if (span_bpm is None) != (span_text is None):
        raise UsageError("--span-bpm and --bars go together: --span-bpm 120 --bars 17-24")
    loaded = load(project_path, edit=True)
    project = loaded.project
    cue = _cue(project, cue_text)
    temp = cue.temp
    if temp is None:
        raise UsageError(
            f"{cue.number} has no temp music: attach some with 'scoresync temp attach'"
        )
    if reset:
        temp = dataclasses.replace(
            temp,
            meter=None,
            bpm_range=None,
            shift_beats=0,
            bar_shifts=(),
            bar_meters=(),
            bar_tempos=(),
        )
    hints = parse_hints(meter, bpm_range)
    changes: dict[str, object] = {"bars": (), "stretch": Fraction(1)}
    if hints.meter is not None:
        changes["meter"] = hints.meter
    if hints.bpm_range is not None:
        changes["bpm_range"] = (Fraction(hints.bpm_range[0]), Fraction(hints.bpm_range[1]))
    if beats_per_bar is not None and from_bar is not None:
        changes["bar_meters"] = (*temp.bar_meters, (from_bar - 1, beats_per_bar))
    if span_bpm is not None and span_text is not None:
        changes["bar_tempos"] = (*temp.bar_tempos, _tempo_span(span_text, span_bpm))
    if shift is not None and from_bar is not None:
        changes["bar_shifts"] = (*temp.bar_shifts, (from_bar - 1, shift))
    elif shift is not None:
        changes["shift_beats"] = temp.shift_beats + shift
    temp = dataclasses.replace(temp, **changes)
    updated = dataclasses.replace(cue, temp=temp)
    placed = _placed(project, updated)
    save(loaded, project.replace_cue(cue.number, updated))
    analysis = placed.analysis
    first = analysis.downbeats[0] / analysis.sample_rate if analysis.downbeats else 0.0
    click.echo(
        f"{cue.number}: temp at {analysis.bpm:.2f} BPM in {analysis.meter}, bar lines moved "
        f"{temp.shift_beats:+d} beats, first bar line {first:.3f} s into the audio"
    )


@click.command("fit")
@project_argument
@cue_argument
@click.option(
    "--length",
    "length_text",
    help="Length from the temp's anchor (cue start), a timecode or 32s / 768f.",
)
@click.option(
    "--end", "end_text", help="Timecode the music should end on (default: the cue's end)."
)
@click.option(
    "--max-stretch",
    default="3",
    show_default=True,
    help="Largest time-stretch to use, in percent.",
)
@click.option(
    "--land-hit", type=int, help="Stretch so the strong beat nearest hit N lands on it exactly."
)
@click.option(
    "--land-on",
    type=click.Choice(["end", "last-bar"]),
    default="end",
    show_default=True,
    help="What lands on the target: the end of the audio, or its last bar line (the "
    "button, its ring-out running on).",
)
@click.option(
    "--count", default=8, show_default=True, type=click.IntRange(1, 100), help="Proposals shown."
)
@click.option("--apply", "apply_rank", type=int, help="Store proposal N as the cue's temp edit.")
@json_option
def temp_fit(
    project_path: Path,
    cue_text: str,
    length_text: str | None,
    end_text: str | None,
    max_stretch: str,
    land_hit: int | None,
    land_on: str,
    count: int,
    apply_rank: int | None,
    as_json: bool,
) -> None:
    """Propose bar-line edits that fit CUE's temp to its scene.

    Each proposal removes or repeats whole bars (phrases of 4 and 8 bars first) and
    stretches by at most --max-stretch percent, so the music ends exactly on the target:
    --end, or the anchor plus --length, or the cue's end (its last bar line with
    --land-on last-bar). They are ranked by the hits that land on downbeats and beats,
    then by how musical the edit is (phrases, and joins into like harmony). --apply N
    stores proposal N; 'scoresync temp render' then plays it.
    """
    import dataclasses

    from scoresync.cli.common import load, save
    from scoresync.errors import UsageError
    from scoresync.temp.fit import propose_fits

    if length_text is not None and end_text is not None:
        raise UsageError("give --length or --end, not both")
    loaded = load(project_path, edit=apply_rank is not None)
    project = loaded.project
    cue = _cue(project, cue_text)
    placed = _placed(project, cue)
    target = _fit_target(project.rate, cue, placed.at_frames, end_text, length_text)
    proposals = propose_fits(
        placed,
        cue,
        target_end_frames=target,
        max_stretch=_stretch_limit(max_stretch),
        land_hit=_hit_index(cue, land_hit),
        on_last_bar=land_on == "last-bar",
        limit=max(count, apply_rank or 0),
    )
    if apply_rank is not None:
        if not 1 <= apply_rank <= len(proposals):
            raise UsageError(f"--apply {apply_rank}: there are proposals 1 to {len(proposals)}")
        chosen = proposals[apply_rank - 1]
        assert cue.temp is not None
        temp = dataclasses.replace(
            cue.temp, bars=chosen.bars, stretch=chosen.stretch, offset_samples=chosen.offset_samples
        )
        save(loaded, project.replace_cue(cue.number, dataclasses.replace(cue, temp=temp)))
    shown = proposals[:count]
    if as_json:
        emit_json(
            {
                "cue": str(cue.number),
                "target_end": _tc(target, project.rate),
                "applied": apply_rank,
                "proposals": [proposal.to_json(placed) for proposal in shown],
            }
        )
        return
    click.echo(f"{cue.number}: fits ending on {_tc(target, project.rate)}")
    click.echo(_fits_table(shown, project.rate))
    if apply_rank is not None:
        click.echo(f"applied proposal {apply_rank}: {proposals[apply_rank - 1].description}")


def _fit_target(
    rate,
    cue,
    at_frames: int,
    end_text: str | None,
    length_text: str | None,  # noqa: ANN001
) -> int:
    """The frame a fit ends on: ``--end``, the anchor plus ``--length``, or the cue's end."""
    from scoresync.picture.timecode import parse_position

    if end_text is not None:
        return parse_position(end_text, rate=rate, origin_frames=cue.start_frames)
    if length_text is not None:
        return at_frames + parse_position(length_text, rate=rate, origin_frames=0)
    return int(cue.end_frames)


def _stretch_limit(text: str) -> Fraction:
    """``--max-stretch`` (percent) as a ratio's distance from 1."""
    from scoresync.cli.common import option_number
    from scoresync.errors import UsageError

    percent = option_number(text, "--max-stretch")
    if not 0 <= percent <= 10:
        raise UsageError(f"--max-stretch {text} is out of range: give 0 to 10 (percent)")
    return percent / 100


def _hit_index(cue, land_hit: int | None) -> int | None:  # noqa: ANN001
    """``--land-hit N`` (1-based) as an index into the cue's hits."""
    from scoresync.errors import UsageError

    if land_hit is None:
        return None
    if not 1 <= land_hit <= len(cue.hits):
        raise UsageError(f"--land-hit {land_hit}: {cue.number} has hits 1 to {len(cue.hits)}")
    return land_hit - 1


def _fits_table(proposals, rate) -> str:  # noqa: ANN001
    rows = [
        [
            str(p.rank),
            p.description,
            f"{signed_text((p.stretch - 1) * 100)} %",
            _tc(round(p.end_frames), rate),
            _frames_text(p.end_error_frames),
            f"{p.hits_on_downbeats}/{p.hits_on_beats}/{p.hits_off}",
        ]
        for p in proposals
    ]
    return table(rows, ["#", "edit", "stretch", "ends", "frames off", "hits bar/beat/off"])


@click.command("render")
@project_argument
@click.argument("cue_text", metavar="[CUE]", required=False)
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="The WAV file to write."
)
@click.option(
    "--reel",
    type=int,
    help="Render every temp of this reel (without CUE; default: the first reel with temps).",
)
@click.option(
    "--crossfade-ms",
    default="30",
    show_default=True,
    help="Crossfade at each edit, in milliseconds.",
)
@click.option("--sample-rate", type=int, help="Output sample rate (default: the audio's).")
@click.option(
    "--bit-depth",
    type=click.Choice(["16", "24", "32f"]),
    default="24",
    show_default=True,
    help="16 or 24-bit PCM, or 32-bit float.",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Stretch by resampling (fast, pitch moves) instead of Rubber Band.",
)
@click.option("--force", is_flag=True, help="Replace the output even when it is not a WAV file.")
@json_option
def temp_render(
    project_path: Path,
    cue_text: str | None,
    output: Path,
    reel: int | None,
    crossfade_ms: str,
    sample_rate: int | None,
    bit_depth: str,
    preview: bool,
    force: bool,
    as_json: bool,
) -> None:
    """Render CUE's edited temp, or the temp stem of a whole reel, as a Broadcast Wave file
    at project timecode.

    Edits are joined by equal-power crossfades; a fit's stretch is made by Rubber Band
    (the 'rubberband' program). With a reel, the file starts at the reel's start.
    """
    from scoresync.cli.common import load, option_number
    from scoresync.errors import UsageError
    from scoresync.temp.render import RenderOptions, render_cues

    project = load(project_path).project
    fade = option_number(crossfade_ms, "--crossfade-ms")
    if not 0 <= fade <= 2000:
        raise UsageError(f"--crossfade-ms {crossfade_ms} is out of range: give 0 to 2000")
    cues, start = _render_targets(project, cue_text, reel)
    options = RenderOptions(
        crossfade_seconds=fade / 1000, sample_rate=sample_rate, bit_depth=bit_depth, preview=preview
    )
    report = render_cues(
        project,
        cues,
        output,
        options,
        start_frames=start,
        force=force,
        progress=stderr_progress(f"rendering {output}"),
    )
    if as_json:
        emit_json(report.to_json())
        return
    click.echo(
        f"wrote {report.path}: {', '.join(report.cues)} temp, {report.start_tc} to "
        f"{report.end_tc}, {report.total_samples} samples at {report.sample_rate} Hz, "
        f"{report.channels} channel(s)"
    )


def _render_targets(project, cue_text: str | None, reel: int | None):  # noqa: ANN001, ANN202
    """The cues a render mixes, and the frame it starts on (a reel's start, or ``None``
    for one cue, which starts where its temp does)."""
    from scoresync.errors import UsageError

    if cue_text is not None:
        if reel is not None:
            raise UsageError("give CUE or --reel, not both")
        cue = _cue(project, cue_text)
        if cue.temp is None:
            raise UsageError(
                f"{cue.number} has no temp music: attach some with 'scoresync temp attach'"
            )
        return [cue], None
    with_temp = [cue for cue in project.cues if cue.temp is not None]
    if not with_temp:
        raise UsageError("no cue has temp music: attach some with 'scoresync temp attach'")
    number = reel if reel is not None else project.reel_of(with_temp[0]).number
    cues = [cue for cue in with_temp if project.reel_of(cue).number == number]
    if not cues:
        raise UsageError(f"no cue of reel {number} has temp music")
    return cues, next(r.start_frames for r in project.reels if r.number == number)


@click.command("follow")
@project_argument
@click.option(
    "--old", "old_path", required=True, type=click.Path(path_type=Path), help="The old cut."
)
@click.option(
    "--new", "new_path", required=True, type=click.Path(path_type=Path), help="The new cut."
)
@click.option("--fps", "rate_name", help="Rate EDLs are read at (default: the project's).")
@click.option("--apply", "apply_it", is_flag=True, help="Store the proposed temps in the project.")
@json_option
def temp_follow(
    project_path: Path,
    old_path: Path,
    new_path: Path,
    rate_name: str | None,
    apply_it: bool,
    as_json: bool,
) -> None:
    """Carry every temp of PROJECT from the cut OLD to the cut NEW.

    Each temp's anchor moves with its picture; a cut or insert of picture inside a temp
    becomes a bar-line edit (whole bars removed or repeated at the bar line nearest it),
    and the report says whether it falls on a bar line or how many frames it leaves,
    which a stretch of at most 3 % takes up. Run it on the conformed project
    ('scoresync conform --apply' moves the cues, this moves their temps). --apply stores
    the proposals; a temp whose anchor's picture is gone is left for you to place.
    """
    import dataclasses

    from scoresync.cli.common import load, save, warn
    from scoresync.cli.editorial_cmds import fps_rate, read_cut_file
    from scoresync.conform.changemap import diff_cuts
    from scoresync.temp.follow import follow_temp

    loaded = load(project_path, edit=apply_it)
    project = loaded.project
    rate = fps_rate(rate_name) if rate_name else project.rate
    change_map = diff_cuts(read_cut_file(old_path, rate), read_cut_file(new_path, rate))
    results = []
    updated = project
    for cue in project.cues:
        if cue.temp is None:
            continue
        result = follow_temp(_placed(project, cue), cue, change_map)
        results.append(result)
        if result.proposal is not None:
            updated = updated.replace_cue(
                cue.number, dataclasses.replace(cue, temp=result.proposal)
            )
        else:
            warn(f"{cue.number}: {result.note}")
    if apply_it and updated is not project:
        save(loaded, updated)
    if as_json:
        emit_json(
            {"applied": apply_it, "cues": [result.to_json(project.rate) for result in results]}
        )
        return
    if not results:
        click.echo("no cue has temp music")
        return
    click.echo(_follow_table(results, project.rate))
    if apply_it:
        click.echo("stored the proposed temps")


@click.command("map")
@project_argument
@cue_argument
def temp_map(project_path: Path, cue_text: str) -> None:
    """Set CUE's tempo map from its temp's bar lines, so the beat grid, Find Tempo, the
    click and the hits work against the temp music.

    One bar of the analysed meter per bar the temp plays (after its fit and stretch),
    each at the tempo that puts its bar line within a millisecond of the music's; bar 1
    starts on the frame nearest the first bar line played.
    """
    import dataclasses

    from scoresync.cli.common import load, save
    from scoresync.temp.tempomap import temp_tempo

    loaded = load(project_path, edit=True)
    project = loaded.project
    cue = _cue(project, cue_text)
    tempo = temp_tempo(_placed(project, cue))
    save(loaded, project.replace_cue(cue.number, dataclasses.replace(cue, tempo=tempo)))
    segments = tempo.map.segments
    slowest = min(float(segment.bpm) for segment in segments)
    fastest = max(float(segment.bpm) for segment in segments)
    click.echo(
        f"{cue.number}: tempo map from its temp, bar 1 at "
        f"{_tc(tempo.downbeat_frames, project.rate)}, {len(segments)} bars of "
        f"{segments[0].meter} from {slowest:.3f} to {fastest:.3f} BPM"
    )


def _follow_table(results, rate) -> str:  # noqa: ANN001
    from scoresync.picture.lengths import signed_duration_to_tc

    rows = []
    for result in results:
        new_at = "-" if result.new_at_frames is None else _tc(result.new_at_frames, rate)
        rows.append([result.cue, result.status, _tc(result.old_at_frames, rate), new_at, "", ""])
        for edit in result.edits:
            where = (
                "on the bar line"
                if edit.on_bar_line
                else f"{signed_text(edit.residual_frames, places=1)} fr left"
            )
            rows.append(
                [
                    "",
                    f"  {signed_duration_to_tc(edit.change_frames, rate=rate)} "
                    f"({signed_text(edit.bars)} bars)",
                    _tc(edit.old_frames, rate),
                    _tc(edit.new_frames, rate),
                    edit.describe(),
                    where,
                ]
            )
    return table(rows, ["cue", "change", "old", "new", "proposal", "fit"])
