"""``scoresync cut diff``, ``scoresync edl map`` and ``scoresync conform``: where the old
cut's frames, cues and hits went.

``cut diff`` compares two cuts (any formats :func:`~scoresync.editorial.read.read_cut`
reads, and different ones) and prints the change map, one row per segment: old in and
out, new in and out, the delta in frames, what changed and the source. ``edl map`` maps
old record timecodes to the new cut, each with its new timecode or the reason it has
none. ``conform`` moves a project's cues and hits to the new cut, reports each cue
(with the musical proposal for tempo-mapped ones) and with ``--apply`` writes the
conformed project as a new version. All print JSON with ``--json``. The engine is
:mod:`scoresync.conform`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scoresync.cli.common import emit_json, json_option, load, project_argument, table, warn
from scoresync.cli.editorial_cmds import fps_rate, read_cut_file
from scoresync.errors import TimecodeError, UsageError
from scoresync.picture.timecode import frames_to_tc, tc_to_frames

if TYPE_CHECKING:
    from scoresync.conform.changemap import ChangeMap, Segment
    from scoresync.conform.cues import Choice, ProjectConform
    from scoresync.editorial.layer import Cut
    from scoresync.picture.rates import FrameRate
    from scoresync.project.cuenumber import CueNumber
    from scoresync.project.model import Project

old_argument = click.argument("old_path", metavar="OLD", type=click.Path(path_type=Path))
new_argument = click.argument("new_path", metavar="NEW", type=click.Path(path_type=Path))
match_option = click.option(
    "--match",
    "match_by",
    default="reel,clip_name,source_file",
    show_default=True,
    help="Source fields shots are matched by (reel, clip_name, source_file; comma separated).",
)
keep_versions_option = click.option(
    "--keep-versions",
    is_flag=True,
    help="Treat VFX versions (_v011, _v012) as different sources instead of one shot.",
)
strip_option = click.option(
    "--strip",
    "patterns",
    multiple=True,
    metavar="REGEX",
    help="Also cut this pattern out of names before matching (repeatable).",
)
change_edl_option = click.option(
    "--change-edl",
    "change_edl_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the change EDL: old record time as source, new as record (CMX 3600).",
)
align_start_option = click.option(
    "--align-start",
    is_flag=True,
    help="Count record time from each cut's first frame (a cut moved to another hour).",
)
allow_rate_option = click.option(
    "--allow-rate-mismatch",
    is_flag=True,
    help="Compare cuts at different rates frame for frame, as counted.",
)


def _change_map(
    old_paths: tuple[Path, ...],
    new_paths: tuple[Path, ...],
    rate_name: str | None,
    match_by: str,
    keep_versions: bool,
    patterns: tuple[str, ...],
    allow_rate_mismatch: bool,
    align_start: bool = False,
) -> tuple[Cut, Cut, ChangeMap]:
    """The change map from the old cut to the new; several files on a side are that
    side's reels, joined end to end (see :mod:`scoresync.editorial.reels`)."""
    from scoresync.conform.changemap import diff_cuts
    from scoresync.conform.keys import Keying
    from scoresync.editorial.reels import joined_cut

    rate = fps_rate(rate_name) if rate_name else None
    fields = tuple(name.strip() for name in match_by.split(",") if name.strip())
    keying = Keying(fields=fields, strip_versions=not keep_versions, patterns=patterns)
    old = joined_cut([read_cut_file(path, rate) for path in old_paths])
    new = joined_cut([read_cut_file(path, rate) for path in new_paths])
    for cut in (old, new):
        if not cut.events:
            warn(f"{cut.origin.file}: no picture events to compare")
    change_map = diff_cuts(
        old,
        new,
        keying=keying,
        allow_rate_mismatch=allow_rate_mismatch,
        align_start=align_start,
    )
    return old, new, change_map


def _segment_json(segment: Segment, rate: FrameRate) -> dict[str, Any]:
    from scoresync.conform.report import new_tc

    return {
        "change": segment.change.value,
        "old_in": frames_to_tc(segment.old_in, rate=rate),
        "old_out": frames_to_tc(segment.old_out, rate=rate),
        "new_in": new_tc(segment.new_in, rate),
        "new_out": new_tc(segment.new_out, rate),
        "old_in_frames": segment.old_in,
        "old_out_frames": segment.old_out,
        "new_in_frames": str(segment.new_in),
        "new_out_frames": str(segment.new_out),
        "delta_frames": str(segment.delta_frames) if segment.maps else None,
        "slope": str(segment.slope),
        "sources": list(segment.sources),
    }


@click.command("diff")
@old_argument
@new_argument
@click.option("--fps", "rate_name", help="Rate EDLs are read at (EDLs carry none).")
@match_option
@keep_versions_option
@strip_option
@allow_rate_option
@align_start_option
@change_edl_option
@json_option
def cut_diff(
    old_path: Path,
    new_path: Path,
    rate_name: str | None,
    match_by: str,
    keep_versions: bool,
    patterns: tuple[str, ...],
    allow_rate_mismatch: bool,
    align_start: bool,
    change_edl_path: Path | None,
    as_json: bool,
) -> None:
    """Compare the cut OLD with the cut NEW and show what changed.

    Shots are matched by source, not position. One row per segment: old in and out,
    new in and out, delta frames, the change (unchanged, moved, trimmed_head,
    trimmed_tail, extended, inserted, deleted, reordered, duplicated, speed_changed,
    replaced) and the source. OLD and NEW may be any cut format, and different ones.
    """
    old, _new, change_map = _change_map(
        (old_path,),
        (new_path,),
        rate_name,
        match_by,
        keep_versions,
        patterns,
        allow_rate_mismatch,
        align_start,
    )
    rate = old.rate
    if change_edl_path is not None:
        _write_change_edl(change_edl_path, change_map, rate, (old_path,), (new_path,))
    if as_json:
        emit_json(
            {
                "old": str(old_path),
                "new": str(new_path),
                "rate": rate.name,
                "unchanged": change_map.unchanged,
                "segments": [_segment_json(s, rate) for s in change_map.segments],
            }
        )
        return
    if change_map.unchanged:
        click.echo(f"no change: {len(old.clips)} shots, same picture at the same timecodes")
        return
    from scoresync.conform.report import SEGMENT_HEADERS, segment_cells

    rows = [segment_cells(segment, rate) for segment in change_map.segments]
    changed = len(change_map.changes())
    click.echo(
        "\n".join(
            [
                f"{len(change_map.segments)} segments, {changed} changed",
                table(rows, SEGMENT_HEADERS),
            ]
        )
    )


@click.command("map")
@old_argument
@new_argument
@click.argument("timecodes", metavar="TC...", nargs=-1, required=True)
@click.option("--fps", "rate_name", required=True, help="Rate the cuts and timecodes count at.")
@match_option
@keep_versions_option
@strip_option
@allow_rate_option
@json_option
def edl_map(
    old_path: Path,
    new_path: Path,
    timecodes: tuple[str, ...],
    rate_name: str,
    match_by: str,
    keep_versions: bool,
    patterns: tuple[str, ...],
    allow_rate_mismatch: bool,
    as_json: bool,
) -> None:
    """Map record timecodes TC of the cut OLD to the cut NEW.

    Each timecode gets its new timecode, or none with the reason (deleted,
    trimmed_head, trimmed_tail, outside the old picture) and what happened there.
    """
    rate = fps_rate(rate_name)
    try:
        frames = [tc_to_frames(tc, rate=rate) for tc in timecodes]
    except TimecodeError as error:
        raise UsageError(f"TC: {error}") from None
    _old, _new, change_map = _change_map(
        (old_path,), (new_path,), rate_name, match_by, keep_versions, patterns, allow_rate_mismatch
    )
    points = []
    for tc, frame in zip(timecodes, frames, strict=True):
        mapped = change_map.map_frame(frame)
        points.append(
            {
                "tc": tc,
                "new_tc": None
                if mapped.new_frame is None
                else frames_to_tc(mapped.new_frame, rate=rate),
                "status": mapped.status,
            }
        )
    if as_json:
        emit_json({"points": points})
        return
    rows = [[str(p["tc"]), str(p["new_tc"] or "-"), str(p["status"])] for p in points]
    click.echo(table(rows, ["old tc", "new tc", "status"]))


def _version_target(project_path: Path, out_path: Path | None) -> Path:
    """Where ``--apply`` writes: ``-o`` or the next free version beside the project,
    never the project itself."""
    from scoresync.conform.report import next_version_path

    target = out_path if out_path is not None else next_version_path(project_path)
    if os.path.realpath(target) == os.path.realpath(project_path):
        raise UsageError(
            f"-o {target} is the project itself: conform writes a new version beside it "
            "(leave -o out for the next free vN, or name another file)"
        )
    return target


def _names(paths: tuple[Path, ...]) -> str:
    return " + ".join(path.name for path in paths)


def _write_change_edl(
    path: Path,
    change_map: ChangeMap,
    rate: FrameRate,
    old_paths: tuple[Path, ...],
    new_paths: tuple[Path, ...],
) -> None:
    from scoresync.conform.change_edl import change_edl_text
    from tempo.common.atomic import write_atomically

    stems = (" + ".join(p.stem for p in paths) for paths in (old_paths, new_paths))
    title = " TO ".join(stems).upper()
    write_atomically(path, change_edl_text(change_map, rate, title=title).encode("utf-8"))


def _report_text(result: ProjectConform, rate: FrameRate) -> str:
    from scoresync.conform.report import report_rows

    rows = report_rows(result, rate)
    cells = [
        [
            row["cue"],
            row["status"],
            row["old_in"],
            row["old_out"],
            row["new_in"] or "-",
            row["new_out"] or "-",
            row["delta"] or "-",
            str(row["hits_moved"]),
            str(row["hits_lost"]),
        ]
        for row in rows
    ]
    headers = ["cue", "status", "old in", "old out", "new in", "new out", "delta", "moved", "lost"]
    lines = [table(cells, headers)]
    for row in rows:
        if row["status"] != "unchanged":
            lines.append(f"{row['cue']}: {row['what_happened']}")
        if row["proposal"]:
            lines.append(f"{row['cue']}: proposal: {row['proposal']}")
    return "\n".join(lines)


def _temps_followed(
    project: Project, conformed: Project, change_map: ChangeMap
) -> tuple[Project, list[str]]:
    """The conformed project with every moved cue's temp music carried through the recut
    (its anchor with its picture, a cut or insert inside it as a bar-line edit), and a
    line per temp saying what happened; a temp whose picture is gone stays as it was."""
    import dataclasses

    from scoresync.temp.follow import follow_temp
    from scoresync.temp.track import place

    lines = []
    for cue in project.cues:
        if cue.temp is None:
            continue
        moved = conformed.cue(str(cue.number))
        if moved.start_frames == cue.start_frames and moved.hits == cue.hits:
            continue  # left where it was (or unchanged): its temp stays with it
        followed = follow_temp(place(cue, project.rate), cue, change_map)
        edits = "; ".join(edit.describe() for edit in followed.edits)
        if followed.proposal is None:
            lines.append(f"{cue.number}: temp left where it was: {followed.note}")
            continue
        conformed = conformed.replace_cue(
            cue.number, dataclasses.replace(moved, temp=followed.proposal)
        )
        lines.append(
            f"{cue.number}: temp follows its picture ({followed.status})"
            + (f": {edits}" if edits else "")
        )
    return conformed, lines


def _choices(
    result: ProjectConform, decisions_path: Path | None, take_proposals: bool
) -> dict[CueNumber, Choice]:
    """Per-cue choices: every proposal with --take-proposals, then the decisions file."""
    from scoresync.conform.cues import Choice
    from scoresync.conform.decisions import read_decisions

    choices = {}
    if take_proposals:
        choices = {
            item.cue.number: Choice.PROPOSAL
            for item in result.cues
            if item.proposal is not None and item.proposal.best is not None
        }
    if decisions_path is not None:
        choices.update(read_decisions(decisions_path, result))
    return choices


@click.command("conform")
@project_argument
@click.option(
    "--old",
    "old_paths",
    required=True,
    multiple=True,
    type=click.Path(path_type=Path),
    help="The cut the project was spotted against (any cut format); repeat it for a cut "
    "in several reels.",
)
@click.option(
    "--new",
    "new_paths",
    required=True,
    multiple=True,
    type=click.Path(path_type=Path),
    help="The new cut the music must follow (any cut format); repeat it for a cut in "
    "several reels.",
)
@click.option("--fps", "rate_name", help="Rate EDLs are read at (default: the project's).")
@click.option(
    "--apply", "apply", is_flag=True, help="Write the conformed project as a new version."
)
@click.option(
    "-o",
    "--output",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where --apply writes (default: the next free NAME.vN.scoresync.json beside it).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the report to a .csv, .json or .pdf file.",
)
@click.option(
    "--decisions",
    "decisions_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help='With --apply: a JSON file of per-cue choices, e.g. {"1M1": "proposal", '
    '"1M4": "leave"} (follow, proposal or leave).',
)
@click.option(
    "--take-proposals",
    is_flag=True,
    help="With --apply: every cue with a musical proposal takes it (a decisions file "
    "still wins for the cues it names).",
)
@change_edl_option
@match_option
@keep_versions_option
@strip_option
@align_start_option
@json_option
def conform_command(
    project_path: Path,
    old_paths: tuple[Path, ...],
    new_paths: tuple[Path, ...],
    rate_name: str | None,
    apply: bool,
    out_path: Path | None,
    report_path: Path | None,
    decisions_path: Path | None,
    take_proposals: bool,
    change_edl_path: Path | None,
    match_by: str,
    keep_versions: bool,
    patterns: tuple[str, ...],
    align_start: bool,
    as_json: bool,
) -> None:
    """Move every cue and hit of PROJECT from the cut OLD to the cut NEW.

    One row per cue: its status (unchanged, moved, head trimmed, tail trimmed, extended,
    internal cut, internal insert, split, deleted, outside the old cut, needs decision), old
    and new in and out, the delta its anchor moved, hits moved and lost; a tempo-mapped cue
    changed inside gets a musical proposal (a bar-line edit and a re-solved tempo). With
    --apply the conformed project is written as a new version beside PROJECT, never over
    it: cues that need a decision stay where they were, flagged in their description, and
    tempo maps move with their cue's anchor, unless --decisions or --take-proposals
    chooses otherwise (follow the picture, take the proposal, or leave the cue).

    A cut delivered reel by reel: repeat --old (or --new) once per reel, each reel at
    its own record hour; a scene that moved between reels is then a move like any other.
    """
    from scoresync.conform.cues import conform_project, conformed_project
    from scoresync.conform.report import report_json, write_report
    from scoresync.project.fileio import save_project

    loaded = load(project_path)
    project = loaded.project
    rate = project.rate
    target = _version_target(loaded.path, out_path) if apply else None
    old, _new, change_map = _change_map(
        old_paths,
        new_paths,
        rate_name or rate.name,
        match_by,
        keep_versions,
        patterns,
        False,
        align_start,
    )
    from scoresync.conform.report import cut_rate_problem

    problem = cut_rate_problem(old.rate, rate)
    if problem is not None:
        raise UsageError(problem)
    if (decisions_path is not None or take_proposals) and target is None:
        raise UsageError("--decisions and --take-proposals choose what --apply writes: add --apply")
    result = conform_project(project, change_map)
    temp_lines: list[str] = []
    if target is not None:
        choices = _choices(result, decisions_path, take_proposals)
        conformed = conformed_project(project, result, choices)
        conformed, temp_lines = _temps_followed(project, conformed, change_map)
        save_project(conformed, target)
    if report_path is not None:
        write_report(
            result,
            rate,
            report_path,
            title=project.title,
            old_name=_names(old_paths),
            new_name=_names(new_paths),
        )
    if change_edl_path is not None:
        _write_change_edl(change_edl_path, change_map, rate, old_paths, new_paths)
    if as_json:
        emit_json(
            {
                "project": str(project_path),
                "old": " + ".join(map(str, old_paths)),
                "new": " + ".join(map(str, new_paths)),
                "unchanged": change_map.unchanged,
                "written": None if target is None else str(target),
                "cues": report_json(result, rate),
            }
        )
        return
    lines = [_report_text(result, rate), *temp_lines]
    if change_map.unchanged:
        lines.insert(0, "no change: the new cut shows the same picture at the same timecodes")
    waiting = len(result.needing_decision())
    if target is not None:
        left = (
            f"{waiting} cue left where it was"
            if waiting == 1
            else (f"{waiting} cues left where they were")
        )
        lines.append(f"wrote {target} ({left} for a decision)")
    click.echo("\n".join(lines))
