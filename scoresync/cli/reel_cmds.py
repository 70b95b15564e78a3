"""``scoresync reel ...``: the reels of a project, added, listed, renamed, moved and removed.

Every cue belongs to the reel it starts in (by reel start times), and new cue numbers
follow that reel. The edits themselves are :mod:`scoresync.project.reels`.
"""

from __future__ import annotations

from pathlib import Path

import click

from scoresync.cli import visible
from scoresync.cli.common import emit_json, json_option, load, project_argument, save, table, warn
from scoresync.errors import TimecodeError, UsageError
from scoresync.picture.timecode import frames_to_tc, parse_position
from scoresync.project import reels
from scoresync.project.model import Project

reel_argument = click.argument("reel", metavar="REEL", type=click.IntRange(min=1))


def _start_frames(text: str, project: Project, what: str) -> int:
    """A reel start typed for ``what``: a timecode, or a time after the session start."""
    try:
        return parse_position(text, rate=project.rate, origin_frames=project.session_start_frames)
    except TimecodeError as error:
        raise UsageError(f"{what}: {error}") from None


def _say_changes(before: Project, after: Project) -> None:
    for line in reels.reel_changes(before, after):
        warn(visible(line))


@click.command("add")
@project_argument
@click.option(
    "--start",
    required=True,
    help="Start timecode of the reel (02:00:00:00), or a time after the session start.",
)
@click.option(
    "--number", type=click.IntRange(min=1), help="Reel number (default: one past the highest)."
)
@click.option("--name", help="Reel name (default: R and its number, such as R2).")
def reel_add(project_path: Path, start: str, number: int | None, name: str | None) -> None:
    """Add a reel to PROJECT starting at --start.

    Reels run in order: a reel with a higher number starts later, and none starts before
    the session start. Cues that then start in the new reel belong to it; each is named
    on stderr.
    """

    loaded = load(project_path, edit=True)
    project = loaded.project
    changed = reels.add_reel(
        project, _start_frames(start, project, "--start"), number=number, name=name
    )
    save(loaded, changed)
    added = next(r for r in changed.reels if r not in project.reels)
    click.echo(
        f"added reel {added.number} ({visible(added.name)}) at "
        f"{frames_to_tc(added.start_frames, rate=project.rate)}"
    )
    _say_changes(project, changed)


@click.command("list")
@project_argument
@json_option
def reel_list(project_path: Path, as_json: bool) -> None:
    """List the reels of PROJECT in order, with the cues that start in each."""

    project = load(project_path).project
    views = [
        {
            "number": reel.number,
            "name": reel.name,
            "start": frames_to_tc(reel.start_frames, rate=project.rate),
            "cues": [str(cue.number) for cue in reels.cues_in_reel(project, reel.number)],
        }
        for reel in project.reels
    ]
    if as_json:
        emit_json({"reels": views})
        return
    rows = [
        [
            str(v["number"]),
            visible(str(v["name"])),
            str(v["start"]),
            str(len(v["cues"])),
            " ".join(v["cues"]),
        ]
        for v in views
    ]
    click.echo(table(rows, ["reel", "name", "start", "cues", "numbers"]))


@click.command("rename")
@project_argument
@reel_argument
@click.argument("name")
def reel_rename(project_path: Path, reel: int, name: str) -> None:
    """Name REEL of PROJECT NAME (such as 'R2' or 'Reel 2 v3')."""

    loaded = load(project_path, edit=True)
    save(loaded, reels.rename_reel(loaded.project, reel, name))
    click.echo(f"renamed reel {reel} to {name.strip()!r}")


@click.command("set-start")
@project_argument
@reel_argument
@click.argument("start", metavar="TIMECODE")
def reel_set_start(project_path: Path, reel: int, start: str) -> None:
    """Start REEL of PROJECT at TIMECODE (or a time after the session start).

    Cues stay where they are; a cue that then starts in another reel belongs to that
    reel, and each is named on stderr. Refused when a cue would lie before every reel.
    """

    loaded = load(project_path, edit=True)
    project = loaded.project
    frames = _start_frames(start, project, "TIMECODE")
    changed = reels.set_reel_start(project, reel, frames)
    save(loaded, changed)
    click.echo(f"reel {reel} now starts at {frames_to_tc(frames, rate=project.rate)}")
    _say_changes(project, changed)


@click.command("remove")
@project_argument
@reel_argument
def reel_remove(project_path: Path, reel: int) -> None:
    """Remove REEL from PROJECT; only a reel that no cue starts in (and not the only one)."""

    loaded = load(project_path, edit=True)
    save(loaded, reels.remove_reel(loaded.project, reel))
    click.echo(f"removed reel {reel}")
