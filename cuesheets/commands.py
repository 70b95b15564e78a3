"""The commands that need :mod:`cuesheets`: ``cuesheet validate``, ``cuesheet export``,
``spot export``, ``spot import`` and ``music import`` (registered lazily in
:data:`scoresync.cli.GROUPS`).

Imports stay light at module level so ``--help`` loads neither pydantic nor NumPy; the
project reader, openpyxl and reportlab load when a command runs.

``spot import`` and ``music import`` preview by default: they print what would change and
change nothing until run again with ``--yes``; a cue, work or use already in the project
that the file describes differently is replaced only with ``--replace`` as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from scoresync.cli.common import emit_json, json_option, load, project_argument, save, table, warn

__all__ = [
    "cuesheet_export",
    "cuesheet_validate",
    "music_import",
    "spot_export",
    "spot_import",
]

TARGETS = ("us", "uk", "ddex")
SHEET_FORMATS = ("xlsx", "pdf", "csv", "json")
NOTES_FORMATS = ("txt", "csv", "pdf")
SPOT_FORMATS = ("csv", "protools", "avid", "edl")

target_option = click.option(
    "--target",
    type=click.Choice(TARGETS),
    help="The convention to check and write the sheet for: us (ASCAP, BMI, RapidCue usage "
    "codes), uk (PRS background/featured/signature) or ddex. Default: the music header's "
    "('scoresync music header PROJECT --target').",
)
paper_option = click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="Paper size of a PDF (landscape).",
)
force_option = click.option(
    "--force",
    is_flag=True,
    help="Replace the output even when it is a file of another kind (a project, another "
    "export); without it such a file is left alone.",
)
yes_option = click.option(
    "--yes", is_flag=True, help="Make the changes; without it the command only previews them."
)
replace_option = click.option(
    "--replace",
    is_flag=True,
    help="Also update what the project has already and the file describes differently "
    "(with --yes).",
)


def _target(text: str | None) -> Any:
    from scoresync.project.music import Target

    return None if text is None else Target.parse(text)


# -- cuesheet ---------------------------------------------------------------------------------


@click.command("validate")
@project_argument
@target_option
@json_option
def cuesheet_validate(project_path: Path, target: str | None, as_json: bool) -> None:
    """Check PROJECT's cue sheet before it goes to a society: required fields, timings
    inside the programme, overlapping uses, share sums, ISWC/ISRC/IPI formats, usage codes.

    Prints each finding as 'error' or 'warning' with the cue, work or party and the field
    it names; exits 1 when there is an error.
    """
    from cuesheets.validate import errors_in, validate

    project = load(project_path).project
    findings = validate(project, target=_target(target))
    if as_json:
        emit_json({"findings": [finding.as_json() for finding in findings]})
    else:
        for finding in findings:
            click.echo(_visible(str(finding)))
        errors = len(errors_in(findings))
        warnings = len(findings) - errors
        click.echo(
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        )
    if errors_in(findings):
        raise SystemExit(1)


def _visible(text: str) -> str:
    from scoresync.cli import visible

    return visible(text)


@click.command("export")
@project_argument
@click.option(
    "--format",
    "file_format",
    type=click.Choice(SHEET_FORMATS),
    required=True,
    help="xlsx (RapidCue 2016 column layout), pdf (printable), csv (flat, one row per "
    "party) or json (shaped after DDEX Cue).",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="The file to write."
)
@target_option
@paper_option
@click.option(
    "--ignore-errors",
    is_flag=True,
    help="Write the sheet even when validation finds errors (they are printed all the same).",
)
@force_option
def cuesheet_export(
    project_path: Path,
    file_format: str,
    output: Path,
    target: str | None,
    paper: str,
    ignore_errors: bool,
    force: bool,
) -> None:
    """Write PROJECT's music cue sheet.

    The sheet is validated first: its errors are printed and stop the export unless
    --ignore-errors. Timings are exact frames inside; on the sheet, durations are the
    exact frames / frame rate rounded half up to whole seconds (at least 1 second for
    any use), and the total music duration is the union of the uses (overlaps counted
    once) rounded the same way, not a sum of rows.
    """
    from cuesheets.export.write import SheetHasErrors, write_sheet

    project = load(project_path).project
    try:
        written = write_sheet(
            project,
            output,
            file_format,
            target=_target(target),
            paper=paper,
            ignore_errors=ignore_errors,
            force=force,
        )
    except SheetHasErrors as refused:
        _say_findings(refused.findings)
        raise
    _say_findings(written.findings)
    count = len(written.sheet.rows)
    click.echo(
        f"wrote {output} ({count} use{'s' * (count != 1)}, total music "
        f"{written.sheet.total_music_seconds} s{', with errors' if written.has_errors else ''})"
    )


def _say_findings(findings: list[Any]) -> None:
    for finding in findings:
        click.echo(_visible(str(finding)), err=True)


# -- spot -------------------------------------------------------------------------------------


@click.command("export")
@project_argument
@click.option(
    "--format",
    "file_format",
    type=click.Choice(NOTES_FORMATS),
    required=True,
    help="txt, csv or pdf.",
)
@click.option(
    "-o", "--output", required=True, type=click.Path(path_type=Path), help="The file to write."
)
@click.option(
    "--cut-version",
    default="",
    help="The version of the cut the notes are for (default: the picture file's name).",
)
@paper_option
@force_option
def spot_export(
    project_path: Path, file_format: str, output: Path, cut_version: str, paper: str, force: bool
) -> None:
    """Write spotting notes for the composer: every cue in order with its start, stop,
    duration, in and out descriptions, hits (timecode and time into the cue), temp track
    and notes, under the production, the cut's version and the frame rate.

    Durations and times into a cue are real time, rounded half up to tenths of a second.
    """
    from cuesheets.export.write import write_notes

    project = load(project_path).project
    count = write_notes(project, output, file_format, version=cut_version, paper=paper, force=force)
    click.echo(f"wrote {output} ({count} cues)")


@click.command("import")
@project_argument
@click.argument("spot_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "file_format",
    type=click.Choice(SPOT_FORMATS),
    help="csv (cue,start,stop,title,notes), protools (session text export), avid (exported "
    "locators) or edl (LOC lines). Default: told from the file.",
)
@yes_option
@replace_option
@json_option
def spot_import(
    project_path: Path,
    spot_file: Path,
    file_format: str | None,
    yes: bool,
    replace: bool,
    as_json: bool,
) -> None:
    """Spot cues into PROJECT from FILE: a CSV, a Pro Tools marker list, Avid locators or
    an EDL's LOC lines.

    In a marker list, a marker named with a cue number ('1M1 Main Title') starts that
    cue, '1M1 out' ends it (else the next cue's start does), and other markers inside a
    cue become its hits. Prints what would change; nothing changes without --yes, and a
    cue already in the project that the file times differently is updated only with
    --replace.
    """
    from cuesheets.spotting.markers import read_spot_file
    from cuesheets.spotting.merge import apply_plan, plan_import

    loaded = load(project_path, edit=yes)
    project = loaded.project
    reading = read_spot_file(spot_file, rate=project.rate, file_format=file_format)
    steps = plan_import(project, reading.spots, replace=replace)
    changing = [s for s in steps if s.action in ("add", "update") or s.new_hits]
    if yes and changing:
        save(loaded, apply_plan(project, steps))
    if as_json:
        emit_json(
            {
                "applied": bool(yes and changing),
                "steps": [_step_view(step, project.rate) for step in steps],
                "left_out": reading.left_out,
            }
        )
        return
    rows = [_step_row(step, project.rate) for step in steps]
    click.echo(table(rows, ["action", "cue", "start", "end", "hits", "title / reason"]))
    for line in reading.left_out:
        warn(f"left out: {line}")
    _say_outcome(yes, len(changing))


def _say_outcome(yes: bool, changes: int) -> None:
    if not changes:
        click.echo("nothing to change")
    elif yes:
        click.echo(f"changed {changes} item{'s' * (changes != 1)}")
    else:
        plural = "s" * (changes != 1)
        click.echo(f"preview only: {changes} change{plural}; run again with --yes to make them")


def _step_row(step: Any, rate: Any) -> list[str]:
    from scoresync.picture.timecode import frames_to_tc

    spot = step.spot
    return [
        step.action,
        str(spot.number),
        frames_to_tc(spot.start_frames, rate=rate),
        frames_to_tc(spot.end_frames, rate=rate),
        f"+{step.new_hits}" if step.new_hits else "",
        step.reason or spot.title,
    ]


def _step_view(step: Any, rate: Any) -> dict[str, Any]:
    from scoresync.picture.timecode import frames_to_tc

    spot = step.spot
    return {
        "action": step.action,
        "cue": str(spot.number),
        "start": frames_to_tc(spot.start_frames, rate=rate),
        "end": frames_to_tc(spot.end_frames, rate=rate),
        "title": spot.title,
        "notes": spot.notes,
        "new_hits": step.new_hits,
        "reason": step.reason,
        "origin": spot.origin,
    }


# -- music import -----------------------------------------------------------------------------


@click.command("import")
@project_argument
@click.argument("csv_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@yes_option
@replace_option
@json_option
def music_import(
    project_path: Path, csv_file: Path, yes: bool, replace: bool, as_json: bool
) -> None:
    """Import works, parties and uses from a CSV, one row per party (the flat cue-sheet
    export reads back in).

    Columns, any order: title (required), work (id), origin, iswc, isrc, library,
    catalogue, performer; name, role, society, ipi, share; cue, start, end, usage. Prints
    what would change; nothing changes without --yes, and a work or use already in the
    project that the file describes differently is updated only with --replace.
    """
    import dataclasses

    from cuesheets.metadata_csv import plan_metadata, read_metadata_csv

    loaded = load(project_path, edit=yes)
    project = loaded.project
    works, uses = read_metadata_csv(csv_file, rate=project.rate)
    plan = plan_metadata(project.music, works, uses, replace=replace)
    if yes and plan.changes:
        save(loaded, dataclasses.replace(project, music=plan.music))
    if as_json:
        emit_json({"applied": bool(yes and plan.changes), "lines": list(plan.lines)})
        return
    for line in plan.lines:
        click.echo(_visible(line))
    _say_outcome(yes, plan.changes)
