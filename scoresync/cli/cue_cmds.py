"""``scoresync cue ...`` and ``scoresync hit ...``: spotting from the command line."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

import click

from scoresync.cli.common import emit_json, json_option, load, project_argument, save, table
from scoresync.errors import TimecodeError, UsageError
from scoresync.picture.timecode import parse_position
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueStatus, Hit, HitTarget
from scoresync.project.summary import cue_view

STATUSES = ["spotted", "writing", "approved", "recorded", "mixed", "omitted"]
TARGETS = ["beat", "subdivision", "downbeat"]


def _frames(text: str, rate, what: str, origin_frames: int = 0) -> int:  # noqa: ANN001
    """A position typed for option ``what``: a timecode, or a duration (``2s``, ``48f``,
    ``3+00``) counted from ``origin_frames``, the option's natural origin."""
    try:
        return parse_position(text, rate=rate, origin_frames=origin_frames)
    except TimecodeError as error:
        raise UsageError(f"{what}: {error}") from None


@click.command("add")
@project_argument
@click.argument("number")
@click.option(
    "--start",
    required=True,
    help="Start timecode (01:00:10:00), or a time after the session start (10s, 240f).",
)
@click.option(
    "--end", help="End timecode, exclusive (01:00:40:00), or a time after the start (30s)."
)
@click.option("--duration", help="Length instead of --end: timecode, 720f, 30s or 45+00.")
@click.option("--title", default="", help="Cue title.")
@click.option("--description", default="", help="What happens in the scene.")
@click.option("--in-note", default="", help="How the cue starts (e.g. 'on the cut to exterior').")
@click.option("--out-note", default="", help="How the cue ends (e.g. 'tail under dialogue').")
@click.option("--status", type=click.Choice(STATUSES), default="spotted", show_default=True)
def cue_add(
    project_path: Path,
    number: str,
    start: str,
    end: str | None,
    duration: str | None,
    title: str,
    description: str,
    in_note: str,
    out_note: str,
    status: str,
) -> None:
    """Add cue NUMBER (1M1, 2M3A, 4M2S) to PROJECT."""

    loaded = load(project_path)
    project = loaded.project
    start_frames = _frames(start, project.rate, "--start", project.session_start_frames)
    end_frames = _end_frames(start_frames, end, duration, project.rate)
    cue = Cue(
        number=CueNumber.parse(number),
        title=title,
        start_frames=start_frames,
        end_frames=end_frames,
        description=description,
        in_note=in_note,
        out_note=out_note,
        status=CueStatus(status),
    )
    save(loaded, project.with_cue(cue))
    click.echo(f"added {cue.number} {title!r}")


def _end_frames(start_frames: int, end: str | None, duration: str | None, rate) -> int:  # noqa: ANN001
    if (end is None) == (duration is None):
        raise UsageError("give exactly one of --end TC or --duration LENGTH")
    if end is not None:
        return _frames(end, rate, "--end", start_frames)
    return start_frames + _frames(duration or "", rate, "--duration")


@click.command("list")
@project_argument
@json_option
@click.option("--reel", type=int, help="Only the cues of this reel.")
def cue_list(project_path: Path, as_json: bool, reel: int | None) -> None:
    """List the cues of PROJECT in cue-number order."""

    project = load(project_path).project
    cues = [c for c in project.cues if reel is None or c.number.reel == reel]
    views = [cue_view(c, project.rate) for c in cues]
    if as_json:
        emit_json({"cues": views})
        return
    rows = [
        [
            v["number"],
            v["start"],
            v["end"],
            v["duration"],
            str(v["hit_count"]),
            (v["tempo"] or {}).get("summary", ""),
            v["status"],
            v["title"],
        ]
        for v in views
    ]
    click.echo(table(rows, ["cue", "start", "end", "duration", "hits", "tempo", "status", "title"]))


@click.command("edit")
@project_argument
@click.argument("number")
@click.option("--number", "new_number", help="Renumber the cue.")
@click.option("--start", help="New start timecode, or a time after the session start (10s).")
@click.option("--end", help="New end timecode (exclusive), or a time after the start (30s).")
@click.option("--title")
@click.option("--description")
@click.option("--in-note")
@click.option("--out-note")
@click.option("--status", type=click.Choice(STATUSES))
@click.option("--anchor", help="Sync anchor: 'start' or the 1-based index of one of its hits.")
def cue_edit(
    project_path: Path,
    number: str,
    new_number: str | None,
    start: str | None,
    end: str | None,
    anchor: str | None,
    **text: str | None,
) -> None:
    """Change fields of cue NUMBER; fields not given stay as they are."""

    loaded = load(project_path)
    project = loaded.project
    cue = project.cue(CueNumber.parse(number))
    changes: dict[str, object] = {k: v for k, v in text.items() if v is not None}
    if "status" in changes:
        changes["status"] = CueStatus(changes["status"])
    if new_number:
        changes["number"] = CueNumber.parse(new_number)
    if start:
        changes["start_frames"] = _frames(
            start, project.rate, "--start", project.session_start_frames
        )
    if end:
        start_frames = changes.get("start_frames", cue.start_frames)
        assert isinstance(start_frames, int)
        changes["end_frames"] = _frames(end, project.rate, "--end", start_frames)
    if anchor is not None:
        changes["anchor_hit"] = _anchor_index(anchor, len(cue.hits))
    if not changes:
        raise UsageError("nothing to change: give at least one option (see --help)")
    edited = dataclasses.replace(cue, **changes)
    save(loaded, project.replace_cue(cue.number, edited))
    click.echo(f"edited {edited.number}")


def _anchor_index(anchor: str, hit_count: int) -> int | None:
    if anchor.lower() == "start":
        return None
    if not anchor.isdigit() or not 1 <= int(anchor) <= hit_count:
        raise UsageError(f"--anchor {anchor!r}: give 'start' or a hit index from 1 to {hit_count}")
    return int(anchor) - 1


@click.command("remove")
@project_argument
@click.argument("number")
def cue_remove(project_path: Path, number: str) -> None:
    """Remove cue NUMBER (the previous file is kept as .bak)."""

    loaded = load(project_path)
    cue_number = CueNumber.parse(number)
    save(loaded, loaded.project.without_cue(cue_number))
    click.echo(f"removed {cue_number}")


@click.command("add")
@project_argument
@click.argument("cue")
@click.argument("timecode")
@click.option("--label", default="", help="What happens (e.g. 'door slam').")
@click.option(
    "--weight",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="How much catching this hit matters.",
)
@click.option("--must-hit/--soft", default=False, help="A must-hit point, or a soft one.")
@click.option(
    "--target",
    type=click.Choice(TARGETS),
    default="beat",
    show_default=True,
    help="Where the music should land it.",
)
@click.option("--tolerance", help="Tolerance in frames for this hit (e.g. 1 or 0.5).")
def hit_add(
    project_path: Path,
    cue: str,
    timecode: str,
    label: str,
    weight: float,
    must_hit: bool,
    target: str,
    tolerance: str | None,
) -> None:
    """Add a hit at TIMECODE to CUE: a timecode, or a time after the cue's start (12s, 48f)."""

    loaded = load(project_path)
    project = loaded.project
    found = project.cue(CueNumber.parse(cue))
    hit = Hit(
        frames=_frames(timecode, project.rate, "TIMECODE", found.start_frames),
        label=label,
        weight=weight,
        must_hit=must_hit,
        target=HitTarget(target),
        tolerance_frames=_tolerance(tolerance),
    )
    save(loaded, project.replace_cue(found.number, found.with_hit(hit)))
    click.echo(f"added hit {timecode} {label!r} to {found.number}")


def _tolerance(text: str | None) -> Fraction | None:
    if text is None:
        return None
    try:
        value = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise UsageError(
            f"--tolerance {text!r}: give a number of frames such as 1 or 0.5"
        ) from None
    if value <= 0:
        raise UsageError(f"--tolerance {text}: a tolerance must be more than 0 frames")
    return value


@click.command("list")
@project_argument
@click.argument("cue")
@json_option
def hit_list(project_path: Path, cue: str, as_json: bool) -> None:
    """List the hits of CUE."""

    project = load(project_path).project
    view = cue_view(project.cue(CueNumber.parse(cue)), project.rate)
    if as_json:
        emit_json({"cue": view["number"], "hits": view["hits"]})
        return
    rows = [
        [
            str(h["index"]),
            h["tc"],
            h["from_start"],
            f"{h['weight']:g}",
            "must" if h["must_hit"] else "soft",
            h["target"],
            h["label"],
        ]
        for h in view["hits"]
    ]
    click.echo(table(rows, ["#", "timecode", "in cue", "weight", "kind", "target", "label"]))


@click.command("remove")
@project_argument
@click.argument("cue")
@click.argument("hit")
def hit_remove(project_path: Path, cue: str, hit: str) -> None:
    """Remove HIT (its 1-based index or its timecode) from CUE."""

    loaded = load(project_path)
    project = loaded.project
    found = project.cue(CueNumber.parse(cue))
    index = _hit_index(found, hit, project.rate)
    save(loaded, project.replace_cue(found.number, found.without_hit(index)))
    click.echo(f"removed hit {hit} from {found.number}")


def _hit_index(cue, text: str, rate) -> int:  # noqa: ANN001
    if text.isdigit():
        if not 1 <= int(text) <= len(cue.hits):
            raise UsageError(
                f"{cue.number} has {len(cue.hits)} hits: give an index from 1 to "
                f"{len(cue.hits)} or a hit's timecode"
            )
        return int(text) - 1
    frames = _frames(text, rate, "HIT", cue.start_frames)
    for index, hit in enumerate(cue.hits):
        if hit.frames == frames:
            return index
    raise UsageError(f"{cue.number} has no hit at {text}; 'scoresync hit list' shows its hits")
