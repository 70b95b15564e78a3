"""``scoresync tempo ...``: Find Tempo, setting and showing a cue's map, frame clicks, fits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scoresync.cli import visible
from scoresync.cli.common import emit_json, json_option, load, save, table
from scoresync.cli.tempo_calc_cmds import click_bpm
from scoresync.cuetempo.find import (
    FindOptions,
    applied_text,
    apply_tempo_map,
    bar_rows,
    candidate_map,
    clear_tempo,
    downbeat_frames_for,
    find_cue_tempo,
    hit_rows,
    parse_segment_spec,
    preferred_bpm,
)
from scoresync.errors import UsageError
from scoresync.picture.rates import parse_rate
from scoresync.picture.timecode import frames_to_tc, parse_position
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, Hit
from tempo.common.exact import BPM, PICKUP_BEATS, TOLERANCE_FRAMES, bpm_text, signed_text
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.tempomap import TempoMap

GRID_CHOICES = ["beat", "eighth", "sixteenth", "bar"]


downbeat_option = click.option(
    "--downbeat",
    default="start",
    show_default=True,
    help="Bar 1 falls on: 'start', 'anchor', 'hit:N', a timecode, or a time after the cue "
    "start (2s, 48f, -1s before it).",
)


def find_options(function: Any) -> Any:
    """The options shared by every form of ``tempo find``."""
    options = [
        click.option("--min", "min_bpm", default="40", show_default=True, help="Lowest BPM."),
        click.option("--max", "max_bpm", default="240", show_default=True, help="Highest BPM."),
        click.option(
            "--tolerance",
            default="1",
            show_default=True,
            help="How close (in frames) a beat must land to catch a hit.",
        ),
        click.option(
            "--grid",
            type=click.Choice(GRID_CHOICES),
            default="beat",
            show_default=True,
            help="Grid that hits aimed at a beat may land on.",
        ),
        click.option(
            "--meter",
            default="4/4",
            show_default=True,
            help="Meter (4/4, 6/8, 3+3+2/8 ...) for bar grids and the map.",
        ),
        click.option("--beat-unit", help="Beat unit (q, q., e, h ...); default from the meter."),
        click.option(
            "--pickup", default="0", show_default=True, help="Beats of pickup before bar 1."
        ),
        click.option(
            "--top",
            default=10,
            show_default=True,
            type=click.IntRange(min=1),
            help="How many candidates to list.",
        ),
        json_option,
    ]
    for option in reversed(options):
        function = option(function)
    return function


def options_from(downbeat: str, **raw: Any):  # noqa: ANN202 - FindOptions
    """The Find Tempo options the shared command-line options describe."""

    return FindOptions(
        min_bpm=BPM.read(raw["min_bpm"], what="--min", error=UsageError),
        max_bpm=BPM.read(raw["max_bpm"], what="--max", error=UsageError),
        tolerance_frames=TOLERANCE_FRAMES.read(
            raw["tolerance"], what="--tolerance", error=UsageError
        ),
        grid=raw["grid"],
        meter=Meter.parse(raw["meter"]),
        beat_unit=BeatUnit.parse(raw["beat_unit"]) if raw["beat_unit"] else None,
        pickup_beats=PICKUP_BEATS.read(raw["pickup"], what="--pickup", error=UsageError),
        downbeat=downbeat,
        top=raw["top"],
    )


@click.command("find")
@click.argument(
    "project_path",
    metavar="[PROJECT CUE]",
    required=False,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.argument("cue", required=False)
@click.option("--fps", "rate_name", help="Frame rate, without a project.")
@click.option("--start", help="Downbeat timecode, without a project (the cue start).")
@click.option(
    "--hits",
    help="Comma-separated hits, without a project: timecodes, or times after --start (2s, 48f).",
)
@downbeat_option
@click.option(
    "--apply",
    "apply_rank",
    type=click.IntRange(min=1),
    help="Store candidate N's map in the cue, at its first nice tempo (else its best fit): "
    "the 'applies' column.",
)
@find_options
def tempo_find(
    project_path: Path | None,
    cue: str | None,
    rate_name: str | None,
    start: str | None,
    hits: str | None,
    downbeat: str,
    apply_rank: int | None,
    as_json: bool,
    **raw: Any,
) -> None:
    """Rank the tempos whose beats catch a cue's hits, best first.

    With a project: `scoresync tempo find film.scoresync.json 1M1`. Without one:
    `scoresync tempo find --fps 24 --start 01:00:00:00 --hits 01:00:02:00,01:00:04:00`.
    The search covers every tempo in the range exactly (not a stepped scan): each
    candidate is the whole interval of tempos that catches the same hits.
    """

    if project_path is not None:
        if cue is None:
            raise UsageError("name the cue too: scoresync tempo find PROJECT CUE")
        if hits or rate_name or start:
            raise UsageError("--fps, --start and --hits are for use without a project")
        loaded = load(project_path, edit=apply_rank is not None)
        project = loaded.project
        rate, the_cue = project.rate, project.cue(cue)
    else:
        if apply_rank:
            raise UsageError("--apply needs a project and a cue")
        rate, the_cue = _stateless_cue(rate_name, start, hits)
    result = find_cue_tempo(the_cue, rate, options_from(downbeat, **raw))
    report = _find_report(result, the_cue, rate, every_tempo=as_json)
    if apply_rank and project_path is not None:
        report["applied"] = _apply(loaded, the_cue, result, apply_rank)
    if as_json:
        emit_json(report)
    else:
        click.echo(_find_text(report))


def _stateless_cue(rate_name: str | None, start: str | None, hits: str | None):  # noqa: ANN202

    if not (rate_name and start and hits):
        raise UsageError("give PROJECT CUE, or all of --fps, --start and --hits for a quick search")
    rate = parse_rate(rate_name)
    start_frames = parse_position(start, rate=rate)
    hit_frames = sorted(
        parse_position(t, rate=rate, origin_frames=start_frames)
        for t in hits.split(",")
        if t.strip()
    )
    if not hit_frames:
        raise UsageError("--hits is empty: give hit timecodes separated by commas")
    early = [f for f in hit_frames if f < start_frames]
    if early:
        earliest, downbeat = (frames_to_tc(f, rate=rate) for f in (early[0], start_frames))
        which = (
            f"the hit at {earliest} falls"
            if len(early) == 1
            else f"{len(early)} hits fall (the earliest at {earliest})"
        )
        raise UsageError(
            f"{which} before the downbeat {downbeat} (--start): give --start {earliest} or "
            f"earlier, or leave {'it' if len(early) == 1 else 'them'} out of --hits"
        )
    cue = Cue(
        number=CueNumber.parse("1M1"),
        title="",
        start_frames=start_frames,
        end_frames=max(hit_frames) + 1,
        hits=tuple(Hit(frames=f) for f in hit_frames),
    )
    return rate, cue


def _figures_json(figures, cue, rate) -> dict[str, Any]:  # noqa: ANN001
    """One tempo's figures, measured on the map at that tempo, as JSON."""
    return {
        "hits": figures.hits,
        "near": figures.near,
        "miss": figures.miss,
        "weighted_hits": figures.weighted_hits,
        "rms_frames": None if figures.rms_frames is None else round(figures.rms_frames, 3),
        "per_hit": [
            {
                "tc": frames_to_tc(hit.frames, rate=rate),
                "label": hit.label,
                "frames_off": None if r.frames_off is None else round(r.frames_off, 3),
                "status": r.status,
            }
            for hit, r in zip(cue.hits, figures.per_hit, strict=True)
        ],
    }


def _find_report(result, cue, rate, *, every_tempo: bool) -> dict[str, Any]:  # noqa: ANN001
    """Every candidate with its figures at its best fit (``bpm``), at the tempo
    ``--apply`` stores (``applies``) and at each nice tempo (``nice``); without
    ``every_tempo``, the figures of the first candidate's applied tempo only (what the text
    shows), as measuring takes time on a long cue."""

    candidates = []
    for rank, candidate in enumerate(result.candidates):
        applies = preferred_bpm(candidate)
        measured = every_tempo or rank == 0
        candidates.append(
            {
                "bpm": round(candidate.bpm, 4),
                "interval": [
                    round(float(candidate.interval[0]), 4),
                    round(float(candidate.interval[1]), 4),
                ],
                "nice_bpms": [float(b) for b in candidate.nice_bpms],
                "frame_click": candidate.frame_click,
                **_figures_json(candidate.figures, cue, rate),
                "applies": {
                    "bpm": float(applies),
                    "text": applied_text(candidate, applies),
                    **(_figures_json(candidate.figures_at(applies), cue, rate) if measured else {}),
                },
                "nice": [
                    {"bpm": float(bpm), **_figures_json(candidate.figures_at(bpm), cue, rate)}
                    for bpm in candidate.nice_bpms
                ]
                if every_tempo
                else [],
            }
        )
    return {
        "cue": str(cue.number),
        "downbeat": frames_to_tc(result.downbeat_frames, rate=rate),
        "fps": rate.name,
        "candidates": candidates,
    }


def _find_text(report: dict[str, Any]) -> str:
    if not report["candidates"]:
        return "no tempo in the range catches any hit; widen --min/--max or --tolerance"
    rows = []
    for rank, c in enumerate(report["candidates"], start=1):
        total = c["hits"] + c["near"] + c["miss"]
        nice = ", ".join(bpm_text(b) for b in c["nice_bpms"][:3])
        rows.append(
            [
                str(rank),
                bpm_text(c["bpm"]),
                f"{bpm_text(c['interval'][0], places=3)}-{bpm_text(c['interval'][1], places=3)}",
                c["frame_click"] or "",
                f"{c['hits']}/{total}",
                str(c["near"]),
                str(c["miss"]),
                "" if c["rms_frames"] is None else f"{c['rms_frames']:.2f}",
                bpm_text(c["applies"]["bpm"], places=4),
                nice,
            ]
        )
    headers = ["#", "bpm", "interval", "click", "hits", "near", "miss", "rms fr", "applies"]
    lines = [
        f"Find Tempo for {report['cue']}, downbeat {report['downbeat']} @ {report['fps']} fps",
        "",
        table(rows, [*headers, "nice tempos"]),
    ]
    applies = report["candidates"][0]["applies"]
    total = applies["hits"] + applies["near"] + applies["miss"]
    rms = "" if applies["rms_frames"] is None else f", RMS {applies['rms_frames']:.2f} frames"
    lines += [
        "",
        f"candidate 1 at {applies['text']}, the tempo --apply 1 stores: "
        f"{applies['hits']} of {total} hits caught, {applies['near']} near{rms}",
        "hit by hit (frames off: + the beat comes after the hit):",
        table(
            [
                [
                    h["tc"],
                    "" if h["frames_off"] is None else signed_text(h["frames_off"]),
                    h["status"],
                    visible(h["label"]),
                ]
                for h in applies["per_hit"]
            ],
            ["timecode", "off", "", "hit"],
        ),
    ]
    if "applied" in report:
        lines += ["", report["applied"]]
    return "\n".join(lines)


def _apply(loaded, cue, result, rank: int) -> str:  # noqa: ANN001

    if rank > len(result.candidates):
        raise UsageError(f"--apply {rank}: there are only {len(result.candidates)} candidates")
    candidate = result.candidates[rank - 1]
    bpm = preferred_bpm(candidate)
    tempo_map = candidate_map(result, rank - 1, bpm=bpm)
    save(
        loaded,
        loaded.project.replace_cue(
            cue.number,
            apply_tempo_map(cue, tempo_map, result.downbeat_frames, rate=loaded.project.rate),
        ),
    )
    first = tempo_map.segments[0]
    return (
        f"applied candidate {rank} at {applied_text(candidate, bpm)}: stored {cue.number}: "
        f"{first.describe()}"
    )


@click.command("set")
@click.argument("project_path", metavar="PROJECT", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("cue")
@click.option("--bpm", help="A constant tempo for the whole cue.")
@click.option("--click", "frame_click", help="A constant tempo as a frame click (12-0).")
@click.option(
    "--segment",
    "segments",
    multiple=True,
    help="One segment, in order: 'bars=8 bpm=120 meter=4/4', "
    "'beats=16 bpm=120->96 ramp=beats', 'bpm=96 meter=3/4'. Repeat it.",
)
@click.option("--meter", default="4/4", show_default=True, help="Meter with --bpm/--click.")
@click.option("--beat-unit", help="Beat unit with --bpm/--click (q, q., e, h ...).")
@click.option("--pickup", default="0", show_default=True, help="Beats of pickup before bar 1.")
@downbeat_option
def tempo_set(
    project_path: Path,
    cue: str,
    bpm: str | None,
    frame_click: str | None,
    segments: tuple[str, ...],
    meter: str,
    beat_unit: str | None,
    pickup: str,
    downbeat: str,
) -> None:
    """Store a tempo map in CUE: constant (--bpm or --click) or segments with
    meter changes and ramps (--segment, repeated)."""

    loaded = load(project_path, edit=True)
    project = loaded.project
    the_cue = project.cue(cue)
    given = [x for x in (bpm, frame_click, segments or None) if x]
    if len(given) != 1:
        raise UsageError("give exactly one of --bpm, --click or --segment")
    pickup_beats = PICKUP_BEATS.read(pickup, what="--pickup", error=UsageError)
    if segments:
        tempo_map = TempoMap(tuple(parse_segment_spec(s) for s in segments), pickup_beats)
    else:
        value = (
            BPM.read(bpm, what="--bpm", error=UsageError)
            if bpm
            else click_bpm(frame_click or "", project.rate)
        )
        tempo_map = TempoMap.constant(value, meter, beat_unit, pickup_beats)
    downbeat_frames = downbeat_frames_for(the_cue, downbeat, project.rate)
    save(
        loaded,
        project.replace_cue(
            the_cue.number, apply_tempo_map(the_cue, tempo_map, downbeat_frames, rate=project.rate)
        ),
    )
    click.echo(
        f"stored a tempo map in {the_cue.number}: "
        + "; ".join(s.describe() for s in tempo_map.segments)
    )


@click.command("clear")
@click.argument("project_path", metavar="PROJECT", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("cue")
def tempo_clear(project_path: Path, cue: str) -> None:
    """Remove CUE's tempo map."""

    loaded = load(project_path, edit=True)
    the_cue = loaded.project.cue(cue)
    if the_cue.tempo is None:
        click.echo(f"{the_cue.number} has no tempo map; nothing to clear")
        return
    save(loaded, loaded.project.replace_cue(the_cue.number, clear_tempo(the_cue)))
    click.echo(f"cleared the tempo map of {the_cue.number}")


@click.command("show")
@click.argument("project_path", metavar="PROJECT", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("cue")
@click.option("--tolerance", default="1", show_default=True, help="Frames for hit / near.")
@click.option("--grid", type=click.Choice(GRID_CHOICES), default="beat", show_default=True)
@json_option
def tempo_show(project_path: Path, cue: str, tolerance: str, grid: str, as_json: bool) -> None:
    """List every bar of CUE's map with its timecode, and each hit beside the nearest
    beat with how many frames it is off."""

    project = load(project_path).project
    the_cue = project.cue(cue)
    bars = bar_rows(the_cue, project.rate)
    hits = hit_rows(
        the_cue,
        project.rate,
        tolerance_frames=TOLERANCE_FRAMES.read(tolerance, what="--tolerance", error=UsageError),
        grid=grid,
    )
    assert the_cue.tempo is not None
    data = {
        "cue": str(the_cue.number),
        "downbeat": frames_to_tc(the_cue.tempo.downbeat_frames, rate=project.rate),
        "segments": [s.describe() for s in the_cue.tempo.map.segments],
        "bars": [vars(b) for b in bars],
        "hits": [vars(h) for h in hits],
    }
    if as_json:
        emit_json(data)
        return
    click.echo(f"{data['cue']}  downbeat {data['downbeat']}  " + "; ".join(data["segments"]))
    click.echo(
        table(
            [[str(b.bar), b.tc, signed_text(b.subframe), bpm_text(b.bpm), b.meter] for b in bars],
            ["bar", "timecode", "subframe", "bpm", "meter"],
        )
    )
    if hits:
        click.echo("")
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
                    for h in hits
                ],
                ["#", "hit", "nearest", "off fr", "", "label"],
            )
        )
