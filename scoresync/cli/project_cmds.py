"""``scoresync new``, ``set``, ``info``, ``demo`` and ``tui``."""

from __future__ import annotations

import dataclasses
import shlex
import sys
from pathlib import Path

import click

from scoresync.cli import launch, visible
from scoresync.cli.common import (
    emit_json,
    json_option,
    load,
    project_argument,
    require_path,
    save,
)
from scoresync.errors import UsageError
from scoresync.picture.rates import parse_rate
from scoresync.project.fileio import holds_project, new_project, save_project
from scoresync.project.summary import project_summary
from tempo.map.barnumbers import PickupBar

PICKUP_BAR_HELP = (
    "The number a pickup bar is shown with in every export (each export's --pickup-bar "
    "can override it): 0, the concert convention (the pickup is bar 0, and the MIDI marks "
    "every bar 'bar N'), or 1 (the pickup bar is bar 1, as every MIDI reader and DAW "
    "counts)."
)


def _pickup_bar(ctx: click.Context, param: click.Parameter, value: str | None) -> PickupBar | None:
    return None if value is None else PickupBar(int(value))


@click.command("new")
@project_argument
@click.option(
    "--fps",
    "rate_name",
    required=True,
    help="Frame rate: 23.976, 24, 25, 29.97, 29.97df, 30, 47.952, 48, 50, 59.94, 59.94df or 60.",
)
@click.option("--title", required=True, help="Title of the film or episode.")
@click.option(
    "--start",
    "session_start",
    default="01:00:00:00",
    show_default=True,
    help="Session start timecode (reel 1 starts here).",
)
@click.option(
    "--pickup-bar",
    type=click.Choice(["0", "1"]),
    default="0",
    show_default=True,
    callback=_pickup_bar,
    help=PICKUP_BAR_HELP,
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace an existing project (it is kept as .bak); any other file is never replaced.",
)
def new_command(
    project_path: Path,
    rate_name: str,
    title: str,
    session_start: str,
    pickup_bar: PickupBar,
    force: bool,
) -> None:
    """Create a new, empty project file PROJECT."""

    if project_path.exists() and not force:
        raise UsageError(
            f"{project_path} already exists; choose another name or pass --force to replace it"
        )
    if project_path.exists() and not holds_project(project_path):
        raise UsageError(
            f"{project_path} is not a scoresync project, so --force does not replace it (it "
            "would have no backup); choose another name"
        )
    project = new_project(title, parse_rate(rate_name), session_start=session_start)
    project = dataclasses.replace(project, pickup_bar=pickup_bar)
    save_project(project, project_path)
    click.echo(f"created {visible(str(project_path))}: {title!r} at {project.rate.name} fps")


@click.command("set")
@project_argument
@click.option(
    "--pickup-bar", type=click.Choice(["0", "1"]), callback=_pickup_bar, help=PICKUP_BAR_HELP
)
def set_command(project_path: Path, pickup_bar: PickupBar | None) -> None:
    """Change PROJECT's settings; each option given is set, the others stay."""

    if pickup_bar is None:
        raise UsageError("nothing to set: give a setting such as --pickup-bar 1")
    loaded = load(project_path, edit=True)
    project = dataclasses.replace(loaded.project, pickup_bar=pickup_bar)
    if project != loaded.project:
        save(loaded, project)
    click.echo(f"{visible(str(project_path))}: {_pickup_bar_words(pickup_bar)}")


def _pickup_bar_words(pickup_bar: PickupBar) -> str:
    """The setting in words: ``pickup bar 1 (the pickup bar is bar 1)``."""
    if pickup_bar is PickupBar.ONE:
        return "pickup bar 1 (a pickup bar is bar 1, as MIDI readers count)"
    return "pickup bar 0 (a pickup is bar 0, the concert convention)"


@click.command("info")
@project_argument
@json_option
def info_command(project_path: Path, as_json: bool) -> None:
    """Summarise a project: rate, reels, cues and music duration."""

    summary = project_summary(load(project_path).project, hits=as_json)
    if as_json:
        emit_json(summary)
        return
    click.echo(format_summary(summary))


def format_summary(summary: dict) -> str:
    """The human-readable form of :func:`scoresync.project.summary.project_summary`."""
    reels = ", ".join(f"{visible(r['name'])} {r['start']}" for r in summary["reels"]) or "none"
    lines = [
        visible(summary["title"]),
        f"  frame rate     {summary['rate']}",
        f"  session start  {summary['session_start']}",
        f"  pickup bar     {summary['pickup_bar']} (bar numbers with a pickup: "
        f"{'the pickup bar is bar 1' if summary['pickup_bar'] else 'the pickup is bar 0'})",
        f"  reels          {reels}",
        f"  cues           {summary['cue_count']} ({summary['tempo_mapped']} with tempo maps)",
        f"  music          {summary['music_duration']} in all",
    ]
    for cue in summary["cues"]:
        lines.append(
            f"    {cue['number']:<7} {cue['start']} - {cue['end']}  {cue['duration']}  "
            f"{cue['hit_count']:>2} hits  {visible(cue['title'])}"
        )
    return "\n".join(lines)


@click.command("demo")
@click.argument(
    "project_path",
    metavar="[PROJECT]",
    required=False,
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option("--no-tui", is_flag=True, help="Write the demo and print its summary only.")
@click.option("--force", is_flag=True, help="Replace an existing demo file.")
def demo_command(project_path: Path | None, no_tui: bool, force: bool) -> None:
    """Write the bundled demo project (night-train.scoresync.json) and open it.

    Its picture cut and a recut (night-train.v1.edl, night-train.v2.edl) are written
    beside it, to try a conform on, and a temp piece (night-train-temp.wav, made on the
    spot) is attached to 1M3.
    """

    from scoresync.conform.demo import DEMO_CUT_NAMES, write_demo_cuts

    path = project_path or Path("night-train.scoresync.json")
    folder = path.parent
    if path.exists() and not force:
        click.echo(f"opening the existing {path} (pass --force to start it afresh)", err=True)
    else:
        from scoresync.project.demo import demo_project
        from scoresync.temp.demo import DEMO_TEMP_CUE, with_demo_temp, write_demo_temp_audio

        audio = write_demo_temp_audio(folder)
        save_project(with_demo_temp(demo_project(), audio), path)
        click.echo(
            f"wrote the demo project to {path}, with temp music on {DEMO_TEMP_CUE} ({audio})",
            err=True,
        )
    old_cut, new_cut = (folder / name for name in DEMO_CUT_NAMES)
    if force or not (old_cut.exists() and new_cut.exists()):
        write_demo_cuts(folder)
        click.echo(f"wrote its picture cut {old_cut} and the recut {new_cut}", err=True)
    if no_tui or not sys.stdout.isatty():
        click.echo(format_summary(project_summary(load(path).project)))
        project_text = shlex.quote(str(path))
        click.echo(
            "\nThe picture was recut; see where every cue goes (add --apply to write v2):\n"
            f"  scoresync conform {project_text} --old {shlex.quote(str(old_cut))} "
            f"--new {shlex.quote(str(new_cut))}\n"
            "1M3 has temp music; see its bars against the hits, then cut it to the scene:\n"
            f"  scoresync temp show {project_text} 1M3\n"
            f"  scoresync temp fit {project_text} 1M3 --end 01:09:02:10"
        )
        return

    launch.launch_tui(path)


@click.command("tui")
@project_argument
def tui_command(project_path: Path) -> None:
    """Open PROJECT in the terminal UI."""

    require_path(project_path)
    launch.launch_tui(project_path)  # one that can't be read is refused before the screen opens
