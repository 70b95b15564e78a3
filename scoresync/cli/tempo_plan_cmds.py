"""``scoresync tempo plan``: a map of several segments for hits no single tempo catches."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import click

from scoresync.cli import visible
from scoresync.cli.common import emit_json, load, save, table
from scoresync.cli.tempo_cmds import downbeat_option, find_options, options_from
from scoresync.cuetempo.find import apply_tempo_map, hit_report, plan_cue_tempo, plan_map
from scoresync.errors import UsageError
from scoresync.picture.timecode import frames_to_tc
from tempo.common.exact import JUMP_PENALTY, bpm_text, signed_text


@click.command("plan")
@click.argument("project_path", metavar="PROJECT", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("cue")
@downbeat_option
@click.option(
    "--ramps/--no-ramps",
    default=True,
    show_default=True,
    help="Allow ramped segments (accelerando, ritardando).",
)
@click.option(
    "--jump-penalty",
    default="2",
    show_default=True,
    help=f"Cost of a tempo jump at a break, per unit of relative change ({JUMP_PENALTY.text}).",
)
@click.option("--max-segments", type=click.IntRange(min=1, max=64), default=8, show_default=True)
@click.option("--apply", "apply_plan", is_flag=True, help="Store the planned map in the cue.")
@find_options
def tempo_plan(
    project_path: Path,
    cue: str,
    downbeat: str,
    ramps: bool,
    jump_penalty: str,
    max_segments: int,
    apply_plan: bool,
    as_json: bool,
    **raw: Any,
) -> None:
    """Plan a map of several segments (breaks at hits, constant or ramped) that catches
    hits no single tempo can; must-hit hits are caught first."""

    loaded = load(project_path, edit=apply_plan)
    project = loaded.project
    the_cue = project.cue(cue)
    options = options_from(downbeat, **raw)
    penalty = float(JUMP_PENALTY.read(jump_penalty, what="--jump-penalty", error=UsageError))
    downbeat_frames, plan = plan_cue_tempo(
        the_cue,
        project.rate,
        options,
        allow_ramps=ramps,
        jump_penalty=penalty,
        max_segments=max_segments,
    )
    tempo_map = plan_map(plan, options)
    placed = apply_tempo_map(the_cue, tempo_map, downbeat_frames, rate=project.rate)
    report = hit_report(
        placed, project.rate, tolerance_frames=options.tolerance_frames, grid=options.grid
    )
    checked = report.rows

    def at_tc(seconds: Fraction) -> str:
        """The timecode of the frame nearest ``seconds`` after the downbeat."""
        frames = round(seconds * project.rate.fps)
        return frames_to_tc(downbeat_frames + frames, rate=project.rate)

    data: dict[str, Any] = {
        "cue": str(the_cue.number),
        "downbeat": frames_to_tc(downbeat_frames, rate=project.rate),
        "hits": report.hits,
        "near": report.near,
        "miss": report.miss,
        "weighted_hits": report.weighted_hits,
        "rms_frames": round(report.rms_frames, 3) if report.hits else None,
        "per_hit": [vars(row) for row in checked],
        "segments": [
            {
                "start": at_tc(s.start_seconds),
                "end": None if s.end_seconds is None else at_tc(s.end_seconds),
                "start_seconds": float(s.start_seconds),
                "end_seconds": None if s.end_seconds is None else float(s.end_seconds),
                "start_bpm": round(s.start_bpm, 4),
                "end_bpm": round(s.end_bpm, 4),
                "shape": s.shape,
                "beats": float(s.beats),
                "hits_caught": s.hits_caught,
                "hits_total": s.hits_total,
            }
            for s in plan.segments
        ],
        "map": [s.describe() for s in tempo_map.segments],
    }
    if apply_plan:
        save(loaded, project.replace_cue(the_cue.number, placed))
        data["applied"] = True
    if as_json:
        emit_json(data)
        return
    rms = "" if data["rms_frames"] is None else f", RMS {data['rms_frames']:.2f} frames"
    click.echo(
        f"{data['cue']}: {data['hits']} hits caught, {data['near']} near, "
        f"{data['miss']} missed{rms}, "
        f"downbeat {data['downbeat']}"
    )
    click.echo(
        table(
            [
                [
                    s["start"],
                    "cue end" if s["end"] is None else s["end"],
                    bpm_text(s["start_bpm"]),
                    bpm_text(s["end_bpm"]),
                    s["shape"],
                    f"{s['beats']:g}",
                    f"{s['hits_caught']}/{s['hits_total']}",
                ]
                for s in data["segments"]
            ],
            ["from", "to", "bpm", "end bpm", "shape", "beats", "hits"],
        )
    )
    click.echo(
        table(
            [
                [
                    str(h.index),
                    h.tc,
                    h.nearest,
                    signed_text(h.frames_off),
                    h.status,
                    visible(h.label),
                ]
                for h in checked
            ],
            ["#", "hit", "nearest", "off fr", "", "label"],
        )
    )
    if apply_plan:
        click.echo(f"stored in {data['cue']}: " + "; ".join(data["map"]))
