"""``scoresync tempo click`` and ``scoresync tempo fit``: the calculator side of tempo.

Frame clicks both ways, and the tempo (or ramp end tempo) that fits bars into a time.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import click

from scoresync.cli.common import emit_json, json_option
from scoresync.errors import UsageError
from scoresync.picture.rates import FrameRate, parse_rate
from scoresync.picture.timecode import frames_to_seconds, parse_position
from tempo.calc.clickbook import click_to_bpm, nearest_click
from tempo.calc.fit import bpm_for_span, ramp_end_bpm
from tempo.common.exact import BEATS, BPM, SECONDS, bpm_text, format_fraction
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.ramps import RampShape

MAX_CLICK_TEXT = 12
"""The longest frame click read (``12-0``, ``123-7``): a longer one is no tempo."""


def click_bpm(text: str, rate: FrameRate) -> Fraction:
    """The tempo of the frame click ``--click`` (``12-0``) at ``rate``, refused unless it
    lies in :data:`tempo.common.exact.BPM`."""
    if len(text.strip()) > MAX_CLICK_TEXT:
        raise UsageError(
            f"--click {text[:20]!r}... is too long: write frames and eighths of a frame per "
            "beat, like 12-0, 12-3 or 12"
        )
    bpm = click_to_bpm(text, fps=rate.fps)
    if not BPM.holds(bpm):
        raise UsageError(
            f"--click {text.strip()} is {bpm_text(bpm, places=4)} BPM at {rate.name} fps: a "
            f"tempo must be {BPM.text}"
        )
    return bpm


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
        value = click_bpm(frame_click, rate)
        data = {"click": frame_click, "bpm": round(float(value), 4), "fps": rate.name}
    else:
        asked = BPM.read(bpm, what="--bpm", error=UsageError)
        label, value = nearest_click(asked, fps=rate.fps)
        data = {
            "click": label,
            "bpm": round(float(value), 4),
            "fps": rate.name,
            "asked_bpm": float(asked),
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
    count = BEATS.read(bars or beats, what="--bars" if bars else "--beats", error=UsageError)
    if ramp_from is None:
        value = bpm_for_span(
            span,
            bars=count if bars else None,
            beats=count if beats else None,
            meter=the_meter,
            beat_unit=unit,
        )
        if not BPM.holds(value):
            raise UsageError(
                f"{format_fraction(count)} {'bar' if bars else 'beat'}"
                f"{'' if count == 1 else 's'} in {float(span):g} s "
                f"needs {bpm_text(value, places=4)} BPM: a tempo must be {BPM.text}; change "
                "the time or the count"
            )
        data: dict[str, Any] = {"bpm": round(float(value), 6), "exact": str(value)}
        what = "bars" if bars else "beats"
        text = f"{bpm_text(value, places=4)} BPM ({unit.label}) puts {count} {what}"
    else:
        beat_count = count * the_meter.beats_per_bar(unit) if bars else count
        start_bpm = BPM.read(ramp_from, what="--ramp-from", error=UsageError)
        end = ramp_end_bpm(start_bpm, beats=beat_count, seconds=span, shape=RampShape.parse(shape))
        data = {"end_bpm": round(float(end), 6), "start_bpm": float(start_bpm)}
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
        return SECONDS.read(seconds.rstrip("s"), what="--seconds", error=UsageError)
    if not (from_tc and to_tc and rate_name):
        raise UsageError("give --seconds, or --from, --to and --fps")

    rate = parse_rate(rate_name)
    from_frames = parse_position(from_tc, rate=rate)
    frames = parse_position(to_tc, rate=rate, origin_frames=from_frames) - from_frames
    if frames <= 0:
        raise UsageError(f"--to {to_tc} is not after --from {from_tc}: give a later --to")
    return frames_to_seconds(frames, rate=rate)
