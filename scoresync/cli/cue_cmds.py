"""``scoresync cue ...`` and ``scoresync hit ...``: spotting from the command line."""

from __future__ import annotations

import dataclasses
import re
from fractions import Fraction
from pathlib import Path

import click

from scoresync.cli import visible
from scoresync.cli.common import (
    emit_json,
    json_option,
    load,
    project_argument,
    save,
    table,
    warn,
)
from scoresync.errors import TimecodeError, UsageError
from scoresync.picture.timecode import frames_to_tc, parse_position
from scoresync.project import spotting
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueStatus, Hit, HitTarget, Project
from scoresync.project.reels import cues_in_reel, reel_warning
from scoresync.project.summary import cue_view
from tempo.common.exact import TOLERANCE_FRAMES, WEIGHT, format_fraction

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
    """Add cue NUMBER (1M1, 2M3A, 4M2S) to PROJECT.

    The cue starts at or after the session start and the first reel's start. A cue that
    overlaps another is added with a warning on stderr (a segue may overlap on purpose).
    """

    loaded = load(project_path, edit=True)
    project = loaded.project
    start_frames = _frames(start, project.rate, "--start", project.session_start_frames)
    end_frames = _end_frames(start_frames, end, duration, project.rate)
    cue = spotting.new_cue(
        project.rate,
        CueNumber.parse(number),
        start_frames,
        end_frames,
        title=title,
        description=description,
        in_note=in_note,
        out_note=out_note,
        status=CueStatus(status),
    )
    changed = project.with_cue(cue)
    save(loaded, changed)
    click.echo(f"added {cue.number} {title!r}")
    _warn_placing(changed, cue)


def _warn_placing(project: Project, cue: Cue) -> None:
    """Warn (on stderr) of a cue that overlaps others or starts in another reel than its
    number names: both can be meant, so neither is refused."""
    for warning in (spotting.overlap_warning(project, cue), reel_warning(project, cue)):
        if warning is not None:
            warn(visible(warning))


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
    """List the cues of PROJECT in cue-number order (with --reel, the cues that start in
    that reel)."""

    project = load(project_path).project
    cues = list(project.cues)
    if reel is not None:
        in_reel = {cue.number for cue in cues_in_reel(project, reel)}
        cues = [cue for cue in cues if cue.number in in_reel]
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
            visible(v["title"]),
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

    loaded = load(project_path, edit=True)
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
    edited = spotting.cue_with(cue, project.rate, **changes)
    changed = project.replace_cue(cue.number, edited)
    save(loaded, changed)
    click.echo(f"edited {edited.number}")
    if (edited.number, edited.start_frames, edited.end_frames) != (
        cue.number,
        cue.start_frames,
        cue.end_frames,
    ):
        _warn_placing(changed, edited)


_INDEX_TEXT = re.compile(r"[0-9]{1,9}")
"""A hit's number as typed: plain digits, few enough to read at once."""


def _anchor_index(anchor: str, hit_count: int) -> int | None:
    if anchor.lower() == "start":
        return None
    if not _INDEX_TEXT.fullmatch(anchor) or not 1 <= int(anchor) <= hit_count:
        raise UsageError(
            f"--anchor {anchor[:20]!r}: give 'start' or a hit index from 1 to {hit_count}"
        )
    return int(anchor) - 1


@click.command("remove")
@project_argument
@click.argument("number")
def cue_remove(project_path: Path, number: str) -> None:
    """Remove cue NUMBER (the previous file is kept as .bak)."""

    loaded = load(project_path, edit=True)
    cue_number = CueNumber.parse(number)
    save(loaded, loaded.project.without_cue(cue_number))
    click.echo(f"removed {cue_number}")


TOLERANCE_HELP = (
    "How close, in frames, a beat must land to catch this hit (e.g. 1 or 0.5; above 0, at "
    "most 12). {default} the tolerance each search is given (tempo find --tolerance)."
)
"""The help of ``hit add --tolerance`` and ``hit edit --tolerance``, but for how the hit
gets the default back (``{default}``)."""
DEFAULT_TOLERANCE = "default"
"""What ``--tolerance`` takes for "no tolerance of its own": the search's."""


@click.command("add")
@project_argument
@click.argument("cue")
@click.argument("timecode")
@click.option("--label", default="", help="What happens (e.g. 'door slam').")
@click.option(
    "--weight",
    default="1",
    show_default=True,
    help=f"How much catching this hit matters ({WEIGHT.text}).",
)
@click.option("--must-hit/--soft", default=False, help="A must-hit point, or a soft one.")
@click.option(
    "--target",
    type=click.Choice(TARGETS),
    default="beat",
    show_default=True,
    help="Where the music should land it.",
)
@click.option(
    "--tolerance",
    metavar="FRAMES",
    help=TOLERANCE_HELP.format(default="Without it (or with 'default') the hit takes"),
)
def hit_add(
    project_path: Path,
    cue: str,
    timecode: str,
    label: str,
    weight: str,
    must_hit: bool,
    target: str,
    tolerance: str | None,
) -> None:
    """Add a hit at TIMECODE to CUE: a timecode, or a time after the cue's start (12s, 48f).

    The hit lies inside the cue and not on the frame of another of its hits.
    """

    loaded = load(project_path, edit=True)
    project = loaded.project
    found = project.cue(CueNumber.parse(cue))
    hit = Hit(
        frames=_frames(timecode, project.rate, "TIMECODE", found.start_frames),
        label=label,
        weight=_weight(weight),
        must_hit=must_hit,
        target=HitTarget(target),
        tolerance_frames=_tolerance(tolerance),
    )
    changed, index = spotting.add_hit(project, found.number, hit)
    save(loaded, changed)
    tc = frames_to_tc(hit.frames, rate=project.rate)
    click.echo(f"added hit {index + 1} at {tc} {label!r} to {found.number}")


def _tolerance(text: str | None) -> Fraction | None:
    """A hit's own tolerance in frames from ``--tolerance``, checked as ``hit add`` and
    ``hit edit`` both check it; ``None`` (the search's tolerance) for ``default`` or
    when not given."""
    if text is None or text.strip().lower() == DEFAULT_TOLERANCE:
        return None
    return TOLERANCE_FRAMES.read(text, what="--tolerance", error=UsageError)


def _tolerance_words(frames: Fraction | None) -> str:
    """``tolerance 0.5 frames``, or for none of its own ``the search's tolerance``."""
    if frames is None:
        return "the search's tolerance (none of its own)"
    return f"tolerance {format_fraction(frames)} frame{'' if frames == 1 else 's'}"


def _weight(text: str) -> float:
    return float(WEIGHT.read(text, what="--weight", error=UsageError))


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
            visible(h["label"]),
        ]
        for h in view["hits"]
    ]
    click.echo(table(rows, ["#", "timecode", "in cue", "weight", "kind", "target", "label"]))


@click.command("remove")
@project_argument
@click.argument("cue")
@click.argument("hit")
def hit_remove(project_path: Path, cue: str, hit: str) -> None:
    """Remove HIT from CUE: its number as 'hit list' shows it (from 1), or its timecode."""

    loaded = load(project_path, edit=True)
    project = loaded.project
    found = project.cue(CueNumber.parse(cue))
    index = _hit_index(found, hit, project.rate, project_path, "remove")
    removed = found.hits[index]
    save(loaded, project.replace_cue(found.number, found.without_hit(index)))
    tc = frames_to_tc(removed.frames, rate=project.rate)
    click.echo(f"removed hit {index + 1} at {tc} {removed.label!r} from {found.number}")


@click.command("edit")
@project_argument
@click.argument("cue")
@click.argument("hit")
@click.option(
    "--at", "at", help="Move the hit to this timecode, or a time after the cue's start (12s)."
)
@click.option("--label", help="What happens (e.g. 'door slam').")
@click.option("--weight", help=f"How much catching this hit matters ({WEIGHT.text}).")
@click.option("--must-hit/--no-must-hit", default=None, help="A must-hit point, or a soft one.")
@click.option("--target", type=click.Choice(TARGETS), help="Where the music should land it.")
@click.option(
    "--tolerance",
    metavar="FRAMES|default",
    help=TOLERANCE_HELP.format(default="'default' clears the hit's own, so it takes"),
)
def hit_edit(
    project_path: Path,
    cue: str,
    hit: str,
    at: str | None,
    label: str | None,
    weight: str | None,
    must_hit: bool | None,
    target: str | None,
    tolerance: str | None,
) -> None:
    """Change HIT of CUE (its number as 'hit list' shows it, from 1, or its timecode):
    move it, relabel it, or change its weight, must-hit mark, target or tolerance
    (--tolerance default: back to the search's). Options not given stay as they are."""

    loaded = load(project_path, edit=True)
    project = loaded.project
    found = project.cue(CueNumber.parse(cue))
    index = _hit_index(found, hit, project.rate, project_path, "edit")
    changes: dict[str, object] = {}
    if at is not None:
        changes["frames"] = _frames(at, project.rate, "--at", found.start_frames)
    if label is not None:
        changes["label"] = label
    if weight is not None:
        changes["weight"] = _weight(weight)
    if must_hit is not None:
        changes["must_hit"] = must_hit
    if target is not None:
        changes["target"] = HitTarget(target)
    if tolerance is not None:
        changes["tolerance_frames"] = _tolerance(tolerance)
    if not changes:
        raise UsageError("nothing to change: give at least one option (see --help)")
    edited = dataclasses.replace(found.hits[index], **changes)
    changed, new_index = spotting.edit_hit(project, found.number, index, edited)
    save(loaded, changed)
    tc = frames_to_tc(edited.frames, rate=project.rate)
    renumbered = f" (now hit {new_index + 1})" if new_index != index else ""
    own = f", {_tolerance_words(edited.tolerance_frames)}" if tolerance is not None else ""
    click.echo(f"edited hit {index + 1} of {found.number}{renumbered}: {tc} {edited.label!r}{own}")


def _hit_index(cue: Cue, text: str, rate, project_path: Path, command: str) -> int:  # noqa: ANN001
    """The index of the hit of ``cue`` that HIT names: its number from 1, or its timecode
    (refused, listing them, when several hits share that timecode)."""
    count = len(cue.hits)
    if text.isdigit():
        if not _INDEX_TEXT.fullmatch(text) or not 1 <= int(text) <= count:
            raise UsageError(
                f"{cue.number} has {count} hits: give a number from 1 to {count} or a hit's "
                "timecode"
            )
        return int(text) - 1
    frames = _frames(text, rate, "HIT", cue.start_frames)
    matches = spotting.hits_at(cue, frames)
    tc = frames_to_tc(frames, rate=rate)
    if not matches:
        raise UsageError(
            f"{cue.number} has no hit at {tc}; 'scoresync hit list {project_path} {cue.number}' "
            "shows its hits"
        )
    if len(matches) > 1:
        listed = ", ".join(_hit_named(cue, index) for index in matches)
        raise UsageError(
            f"{cue.number} has {len(matches)} hits at {tc}: {listed}; name one by its number "
            f"as 'scoresync hit list' shows it, e.g. 'scoresync hit {command} {project_path} "
            f"{cue.number} {matches[0] + 1}'"
        )
    return matches[0]


def _hit_named(cue: Cue, index: int) -> str:
    label = cue.hits[index].label
    return f"hit {index + 1}" + (f" ({label!r})" if label else "")
