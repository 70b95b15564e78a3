"""What the export commands share: their options, and the choice of what to write.

A command writes one cue (``PROJECT CUE -o FILE``) or, with ``--all``, every cue with a
tempo map into a folder (``PROJECT --all -o DIR``, created when it does not exist yet), one
file per cue named like ``1M1 Opening.musicxml`` (a streamer list ``1M1 Opening
streamers.csv``, so that it never takes the timing sheet's or the tempo map's name); cues
without a map are skipped and named.
No file of another kind (a project above all) is replaced without ``--force``; every
target is checked before the first file is written.
The files themselves are written by :mod:`scoresync.deliver.exports`, the same calls the terminal
UI makes; this module only picks the targets and prints what was written.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from scoresync.cli.common import emit_json, load
from scoresync.deliver.exports import cues_with_maps, folder_targets, run_export
from scoresync.deliver.exports import make_folder as make_folder_for_files
from scoresync.deliver.targets import check_target
from scoresync.errors import UsageError
from scoresync.project.cuenumber import CueNumber
from tempo.map.barnumbers import PickupBar

if TYPE_CHECKING:
    from scoresync.deliver.exports import ExportRequest
    from scoresync.project.model import Cue, Project

__all__ = [
    "RAMP_STEPS",
    "all_option",
    "choice_option",
    "count_in_options",
    "cue_argument",
    "cue_targets",
    "force_option",
    "make_folder",
    "marker_timecode_option",
    "output_option",
    "pickup_bar_option",
    "pre_roll_option",
    "range_option",
    "ramp_step_option",
    "write_cues",
]

F = TypeVar("F", bound=Callable[..., Any])

RAMP_STEPS = ("beat", "eighth", "sixteenth")
"""How finely a MIDI file writes a ramp as tempo steps
(:data:`scoresync.deliver.exports.RAMP_STEPS`, repeated here so that the command line starts
without loading the exports)."""

ONE_CUE_OR_ALL = "give one CUE (such as 1M1) or --all, not both and not neither"


# -- options ----------------------------------------------------------------------------------

cue_argument = click.argument("cue_text", metavar="[CUE]", required=False)


def output_option(help: str) -> Callable[[F], F]:
    """``-o/--output PATH`` (required): the file, or with ``--all`` the folder, to write."""
    return click.option("-o", "--output", required=True, type=click.Path(path_type=Path), help=help)


force_option = click.option(
    "--force",
    is_flag=True,
    help="Replace the output even when it is not a file of this kind (a project, another "
    "export, any other file); without it such a file is left alone.",
)
"""``--force``: replace an output file of another kind."""


def all_option(help: str) -> Callable[[F], F]:
    """``--all``: every cue with a tempo map instead of one CUE."""
    return click.option("--all", "all_cues", is_flag=True, help=help)


def choice_option(
    name: str, choices: Sequence[str], default: str, help: str, *, case_sensitive: bool = True
) -> Callable[[F], F]:
    """An option that takes one of ``choices``, its default shown in the help."""
    return click.option(
        name,
        type=click.Choice(list(choices), case_sensitive=case_sensitive),
        default=default,
        show_default=True,
        help=help,
    )


def range_option(name: str, low: int, high: int, default: int, help: str) -> Callable[[F], F]:
    """An option that takes a whole number from ``low`` to ``high``, its default shown."""
    return click.option(
        name, type=click.IntRange(low, high), default=default, show_default=True, help=help
    )


def count_in_options(bars_help: str) -> Callable[[F], F]:
    """``--count-in-bars`` and ``--count-in-beats`` (0 to 64 each, default 0)."""
    bars = range_option("--count-in-bars", 0, 64, 0, bars_help)
    beats = range_option(
        "--count-in-beats",
        0,
        64,
        0,
        "Beats of count-in before those bars (a short first bar, accented on its first click).",
    )

    def decorate(command: F) -> F:
        return bars(beats(command))

    return decorate


def ramp_step_option(help: str) -> Callable[[F], F]:
    """``--ramp-step`` (beat, eighth or sixteenth; default sixteenth)."""
    return choice_option("--ramp-step", RAMP_STEPS, "sixteenth", help)


def _pickup_bar(ctx: click.Context, param: click.Parameter, value: str | None) -> PickupBar | None:
    return None if value is None else PickupBar.parse(value)


pickup_bar_option = click.option(
    "--pickup-bar",
    type=click.Choice(["0", "1"]),
    callback=_pickup_bar,
    help="How bars are numbered when the cue has a pickup: 0, the pickup is bar 0 (the "
    "concert convention); 1, the pickup bar is bar 1, as every MIDI reader and DAW counts. "
    "Default: the project's setting ('scoresync set PROJECT --pickup-bar'), 0 unless set.",
)
"""``--pickup-bar 0|1``: the bar numbering of an export, passed on as ``pickup_bar``, a
:class:`~tempo.map.barnumbers.PickupBar` or ``None`` when not given (the request's
``pickup_bar=None`` then takes the project's setting)."""

marker_timecode_option = click.option(
    "--marker-timecode",
    is_flag=True,
    help="End each MIDI marker with its timecode, the frame nearest it ('car horn 01:02:03:04').",
)
"""``--marker-timecode``: MIDI markers end with their timecode."""


def pre_roll_option(help: str) -> Callable[[F], F]:
    """``--pre-roll-bars`` (0 to 64, default 0): whole bars a MIDI file starts before the
    music."""
    return range_option("--pre-roll-bars", 0, 64, 0, help)


# -- what to write ----------------------------------------------------------------------------


def cue_targets(
    project: Project,
    cue_text: str | None,
    all_cues: bool,
    output: Path,
    request: ExportRequest,
    *,
    force: bool = False,
    one_cue_or_all: str = ONE_CUE_OR_ALL,
) -> tuple[list[tuple[Cue, Path]], list[str]]:
    """The cues to write with their files, and the numbers of the cues skipped for having
    no tempo map.

    ``CUE -o FILE`` is that cue (which must have a map) to ``output``; ``--all -o DIR`` is
    every cue with a map, each to a file named after it
    (:func:`scoresync.deliver.exports.cue_file_name` with the request's extension) in the
    folder ``output``, which :func:`make_folder` makes when needed. Each file must be one
    that ``request`` may write (:func:`scoresync.deliver.targets.check_target`; with
    ``force`` a file of another kind may be replaced). Raises :class:`UsageError` with
    ``one_cue_or_all`` unless exactly one of CUE and ``--all`` is given, and when no cue
    has a map; :class:`ExportError` when a file or the folder cannot be written.
    """

    if all_cues == (cue_text is not None):
        raise UsageError(one_cue_or_all)
    if not all_cues:
        cue = project.cue(CueNumber.parse(cue_text or ""))
        cue.placed_tempo()
        targets = [(cue, output)]
        skipped: list[str] = []
    else:
        mapped, skipped = cues_with_maps(project)
        if not mapped:
            raise UsageError(
                "no cue in this project has a tempo map: set one with 'scoresync tempo set' "
                "or find one with 'scoresync tempo find'"
            )
        make_folder(output)
        targets = folder_targets(mapped, output, request.suffix)
    for _, path in targets:
        check_target(path, request.file_kind, force=force)
    return targets, skipped


def make_folder(folder: Path) -> None:
    """Makes ``folder`` (the ``-o DIR`` of ``--all``) unless it is one already, as
    :func:`scoresync.deliver.exports.make_folder` does; a file there is an option error."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"-o {folder}: with --all, -o names a folder, and this is a file")
    make_folder_for_files(folder)


# -- writing ----------------------------------------------------------------------------------


def write_cues(
    project_path: Path,
    cue_text: str | None,
    all_cues: bool,
    output: Path,
    request: ExportRequest,
    *,
    as_json: bool,
    force: bool = False,
    finish: Callable[[Project], ExportRequest] | None = None,
) -> None:
    """Loads the project, writes ``request`` for each target (:func:`cue_targets`) and
    reports on stdout: ``wrote PATH (42 rows)`` a file, or as JSON
    ``{"written": [...], "skipped": [...]}``. Notes on a file (hits left out) and the cues
    skipped for lack of a map go to stderr.

    ``force`` lets a file of another kind be replaced. ``finish``, when given, completes
    the request once the project is loaded (streamer lengths are frames at its rate);
    ``request`` already has the files' extension and kind.
    """

    project = load(project_path).project
    targets, skipped = cue_targets(project, cue_text, all_cues, output, request, force=force)
    if finish is not None:
        request = finish(project)
    written = []
    for cue, path in targets:
        result = run_export(project, cue, path, request, force=force)
        for note in result.notes:
            click.echo(f"note: {note}", err=True)
        written.append({"cue": str(cue.number), "path": str(path), **result.summary})
        if not as_json:
            details = ", ".join(f"{value} {key}" for key, value in result.summary.items())
            click.echo(f"wrote {path} ({details})")
    if as_json:
        emit_json({"written": written, "skipped": skipped})
    elif skipped:
        count = f"{len(skipped)} cue{'s' if len(skipped) != 1 else ''}"
        click.echo(f"skipped {count} without a tempo map: {', '.join(skipped)}", err=True)
