"""``scoresync tempo click`` and ``scoresync tempo fit``: the calculator side of tempo.

Frame clicks both ways, and the tempo (or ramp end tempo) that fits bars into a time.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import click

from scoresync.cli.common import emit_json, json_option, option_number
from scoresync.errors import UsageError
from scoresync.picture.rates import parse_rate
from scoresync.picture.timecode import frames_to_seconds, parse_position
from tempo.calc.clickbook import click_to_bpm, nearest_click
from tempo.calc.fit import bpm_for_span, ramp_end_bpm
from tempo.common.exact import bpm_text
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.ramps import RampShape


@click.command("click")
@click.option("--fps", "rate_name", required=True, help="Frame rate of the picture.")
@click.option("--bpm", help="Show the frame click nearest this tempo.")
@click.option("--click", "frame_click", help="Show the tempo of this frame click (12-2).")
@json_option
def tempo_click(rate_name: str, bpm: str | None, frame_click: str | None, as_json: bool) -> None:
    """Frame clicks (F-e: F frames plus e eighths per beat) and BPM, both ways."""

    rate = parse_rate(rate_name)
    if (bpm is None) == (frame_click is None):
        raise UsageError("give one of --bpm or --click")
    if frame_click is not None:
        value = click_to_bpm(frame_click, fps=rate.fps)
        data = {"click": frame_click, "bpm": round(float(value), 4), "fps": rate.name}
    else:
        label, value = nearest_click(option_number(bpm or "", "--bpm"), fps=rate.fps)
        data = {
            "click": label,
            "bpm": round(float(value), 4),
            "fps": rate.name,
            "asked_bpm": float(option_number(bpm or "", "--bpm")),
        }
    if as_json:
        emit_json(data)
    else:
        click.echo(f"{data['click']} = {bpm_text(value)} BPM at {rate.name} fps")


@click.command("fit")
@click.option("--seconds", help="The time to fill, in seconds.")
@click.option("--from", "from_tc", help="Start timecode of the time to fill (with --to, --fps).")
@click.option(
    "--to", "to_tc", help="End timecode of the time to fill, or its length (16s, 384f) from --from."
)
@click.option("--fps", "rate_name", help="Frame rate for --from/--to.")
@click.option("--bars", help="Bars to fit into the time.")
@click.option("--beats", help="Beats to fit into the time.")
@click.option("--meter", default="4/4", show_default=True)
@click.option("--beat-unit", help="Beat unit (q, q., e ...); default from the meter.")
@click.option("--ramp-from", help="Start tempo of a ramp: prints the end tempo that fits.")
@click.option(
    "--shape",
    type=click.Choice(["beats", "time", "period"]),
    default="beats",
    show_default=True,
    help="Ramp shape: tempo linear in beats, in time, or click period linear in beats.",
)
@json_option
def tempo_fit(
    seconds: str | None,
    from_tc: str | None,
    to_tc: str | None,
    rate_name: str | None,
    bars: str | None,
    beats: str | None,
    meter: str,
    beat_unit: str | None,
    ramp_from: str | None,
    shape: str,
    as_json: bool,
) -> None:
    """The tempo that puts N bars (or beats) into a time, or the end tempo of a ramp
    that does."""

    span = _span_seconds(seconds, from_tc, to_tc, rate_name)
    if (bars is None) == (beats is None):
        raise UsageError("give one of --bars or --beats")
    the_meter = Meter.parse(meter)
    unit = BeatUnit.parse(beat_unit) if beat_unit else the_meter.default_beat_unit()
    count = option_number(bars or beats or "", "--bars" if bars else "--beats")
    if ramp_from is None:
        value = bpm_for_span(
            span,
            bars=count if bars else None,
            beats=count if beats else None,
            meter=the_meter,
            beat_unit=unit,
        )
        data: dict[str, Any] = {"bpm": round(float(value), 6), "exact": str(value)}
        what = "bars" if bars else "beats"
        text = f"{bpm_text(value, places=4)} BPM ({unit.label}) puts {count} {what}"
    else:
        beat_count = count * the_meter.beats_per_bar(unit) if bars else count
        end = ramp_end_bpm(
            option_number(ramp_from, "--ramp-from"),
            beats=beat_count,
            seconds=span,
            shape=RampShape.parse(shape),
        )
        data = {
            "end_bpm": round(float(end), 6),
            "start_bpm": float(option_number(ramp_from, "")),
        }
        end_text = bpm_text(end, places=4)
        text = f"a ramp from {ramp_from} to {end_text} BPM ({shape}) puts {beat_count} beats"
    data["seconds"] = float(span)
    if as_json:
        emit_json(data)
    else:
        click.echo(f"{text} in {float(span):.3f} s")


def _span_seconds(
    seconds: str | None, from_tc: str | None, to_tc: str | None, rate_name: str | None
) -> Fraction:
    if seconds is not None:
        if from_tc or to_tc:
            raise UsageError("give --seconds or --from/--to, not both")
        return option_number(seconds.rstrip("s"), "--seconds")
    if not (from_tc and to_tc and rate_name):
        raise UsageError("give --seconds, or --from, --to and --fps")

    rate = parse_rate(rate_name)
    from_frames = parse_position(from_tc, rate=rate)
    frames = parse_position(to_tc, rate=rate, origin_frames=from_frames) - from_frames
    return frames_to_seconds(frames, rate=rate)
