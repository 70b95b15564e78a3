"""``scoresync tc convert``: one position in every form a music editor uses."""

from __future__ import annotations

import click

from scoresync.cli.common import emit_json, json_option
from scoresync.picture.feet import frames_to_feet
from scoresync.picture.rates import parse_rate
from scoresync.picture.timecode import (
    convert_frames,
    frames_to_seconds,
    frames_to_tc,
    parse_position,
)

GAUGE_CHOICES = ["35mm-4perf", "35mm-3perf", "16mm"]


@click.command("convert")
@click.argument("value")
@click.option("--fps", "rate_name", required=True, help="Rate VALUE is counted at.")
@click.option("--to-fps", "to_rate_name", help="Show the same real time at another rate.")
@click.option(
    "--gauge",
    type=click.Choice(GAUGE_CHOICES),
    default="35mm-4perf",
    show_default=True,
    help="Film gauge for feet+frames.",
)
@json_option
def tc_convert(
    value: str, rate_name: str, to_rate_name: str | None, gauge: str, as_json: bool
) -> None:
    """Convert VALUE: a timecode (01:00:00:00, 01:00:00;00 drop frame), a frame count
    (1234f), seconds (12.5s) or feet+frames (123+04).

    With --to-fps the same real time is shown at the other rate (rounded to the nearest
    frame there); frames, seconds and feet then refer to that rate.
    """

    rate = parse_rate(rate_name)
    frames = parse_position(value, rate=rate, gauge=gauge)
    if to_rate_name:
        to_rate = parse_rate(to_rate_name)
        frames = convert_frames(frames, from_rate=rate, to_rate=to_rate)
        rate = to_rate
    seconds = frames_to_seconds(frames, rate=rate)
    result = {
        "tc": frames_to_tc(frames, rate=rate),
        "frames": frames,
        "seconds": round(float(seconds), 6),
        "feet": frames_to_feet(frames, gauge=gauge),
        "fps": rate.name,
    }
    if as_json:
        emit_json(result)
        return
    click.echo(
        f"{result['tc']}  {frames}f  {result['seconds']:.6f}s  {result['feet']} ({gauge})  "
        f"@ {rate.name}"
    )
