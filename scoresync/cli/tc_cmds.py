"""``scoresync tc convert``: one position in every form a music editor uses."""

from __future__ import annotations

import click

from scoresync.cli.common import emit_json, json_option
from scoresync.picture.feet import FILM_RATE_NAMES, FILM_SPEED_RULE, parse_film_fps, seconds_to_feet
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
    help=f"Film gauge for feet+frames. {FILM_SPEED_RULE}",
)
@click.option(
    "--film-rate",
    type=click.Choice(FILM_RATE_NAMES),
    help="The film rate feet+frames count at (default: 25 for 25 and 50 fps, else 24).",
)
@json_option
def tc_convert(
    value: str,
    rate_name: str,
    to_rate_name: str | None,
    gauge: str,
    film_rate: str | None,
    as_json: bool,
) -> None:
    """Convert VALUE: a timecode (01:00:00:00, 01:00:00;00 drop frame), a frame count
    (1234f), seconds (12.5s) or feet+frames (123+04).

    With --to-fps the same real time is shown at the other rate (rounded to the nearest
    frame there); frames, seconds and feet then refer to that rate.
    """

    rate = parse_rate(rate_name)
    film_fps = parse_film_fps(film_rate, picture_fps=rate.fps)
    frames = parse_position(value, rate=rate, gauge=gauge, film_fps=film_fps)
    if to_rate_name:
        to_rate = parse_rate(to_rate_name)
        frames = convert_frames(frames, from_rate=rate, to_rate=to_rate)
        rate = to_rate
        film_fps = parse_film_fps(film_rate, picture_fps=rate.fps)
    seconds = frames_to_seconds(frames, rate=rate)
    result = {
        "tc": frames_to_tc(frames, rate=rate),
        "frames": frames,
        "seconds": round(float(seconds), 6),
        "feet": seconds_to_feet(seconds, gauge=gauge, film_fps=film_fps),
        "fps": rate.name,
    }
    if as_json:
        emit_json(result)
        return
    click.echo(
        f"{result['tc']}  {frames}f  {result['seconds']:.6f}s  {result['feet']} ({gauge})  "
        f"@ {rate.name}"
    )
