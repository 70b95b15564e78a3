"""``scoresync library ...``: index folders of music (on every core, or on a Dask cluster),
search the index by tempo, meter, length and tags, find what fits a cue's hits, tag tracks,
and list the index. The work is done by :mod:`scoresync.library`; this module reads the
options and prints the results (data on stdout, progress and problems on stderr).
"""

from __future__ import annotations

import sys
import time
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scoresync.cli.common import emit_json, json_option, table, warn
from scoresync.errors import UsageError

if TYPE_CHECKING:
    from scoresync.library.fits import Fit
    from scoresync.library.index import Index
    from scoresync.library.indexing import IndexReport, Progress
    from scoresync.library.search import TrackSummary

index_option = click.option(
    "--index",
    "index_path",
    type=click.Path(path_type=Path),
    help="The library index file (default: $SCORESYNC_LIBRARY, else "
    "~/.local/share/scoresync/library.sqlite).",
)

SHOWN_PER_KIND = 10
"""Failed files listed by name per kind of failure; the rest are counted."""


def _index_path(index_path: Path | None) -> Path:
    from scoresync.library.index import default_index_path

    return index_path if index_path is not None else default_index_path()


def _open(index_path: Path | None, *, create: bool = False) -> Index:
    from scoresync.library.index import Index

    index = Index.open(_index_path(index_path), create=create)
    click.get_current_context().call_on_close(index.close)
    return index


def _clock(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour) for display."""
    whole = max(int(round(seconds)), 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _position(seconds: float) -> str:
    """``m:ss.sss`` for a place in a track."""
    minutes, secs = divmod(max(seconds, 0.0), 60.0)
    return f"{int(minutes)}:{secs:06.3f}"


class _ProgressLine:
    """Progress on stderr: one line rewritten in place on a terminal, else a line every
    :attr:`every_seconds`."""

    every_seconds = 10.0

    def __init__(self) -> None:
        self.terminal = sys.stderr.isatty()
        self.last = 0.0
        self.shown = False

    def __call__(self, progress: Progress) -> None:
        now = time.monotonic()
        finished = progress.files_done >= progress.files_total
        if not finished and now - self.last < (0.5 if self.terminal else self.every_seconds):
            return
        self.last = now
        eta = progress.eta_seconds
        text = (
            f"indexing: {progress.files_done}/{progress.files_total} files, "
            f"{progress.audio_minutes:,.1f} min of audio, "
            f"{progress.files_per_minute:,.1f} files/min, "
            f"ETA {_clock(eta) if eta is not None else '?'}"
            + (f", {progress.failed} failed" if progress.failed else "")
        )
        if self.terminal:
            click.echo(f"\r\x1b[K{text}", err=True, nl=finished)
        else:
            click.echo(text, err=True)
        self.shown = True


def _say_start(plan: Any, runner: Any) -> None:
    if runner is None:
        return
    where = getattr(runner, "address", None)
    place = f"the Dask cluster at {where}" if where else "this machine"
    click.echo(
        f"indexing: {_count(len(plan.to_analyse), 'file')} to analyse on {runner.slots} "
        f"worker{'s' if runner.slots != 1 else ''} ({place}); {plan.unchanged} unchanged",
        err=True,
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _report_text(report: IndexReport) -> list[str]:
    lines = [
        f"index      {report.index}",
        f"found      {report.found} audio files",
        f"analysed   {report.analysed} ({report.audio_seconds / 60:,.1f} min of audio) in "
        f"{_clock(report.seconds)}"
        + (f" on {report.workers} workers" if report.workers > 1 else ""),
        f"unchanged  {report.unchanged}",
    ]
    for label, count in (
        ("moved", report.moved),
        ("touched", report.touched),
        ("removed", report.removed),
    ):
        if count:
            lines.append(f"{label:<10} {count}")
    if report.failed_before:
        lines.append(
            f"skipped    {report.failed_before} that failed before and are unchanged "
            "(--retry-failed to try them again)"
        )
    by_kind = report.failures_by_kind()
    if by_kind:
        lines.append(f"failed     {len(report.failures)}:")
        for kind, failures in sorted(by_kind.items()):
            lines.append(f"  {kind} ({len(failures)}):")
            for failure in failures[:SHOWN_PER_KIND]:
                lines.append(f"    {failure.path}: {failure.message}")
            if len(failures) > SHOWN_PER_KIND:
                lines.append(f"    ... and {len(failures) - SHOWN_PER_KIND} more")
    return lines


def _report_json(report: IndexReport) -> dict[str, object]:
    return {
        "index": report.index,
        "found": report.found,
        "analysed": report.analysed,
        "unchanged": report.unchanged,
        "moved": report.moved,
        "touched": report.touched,
        "removed": report.removed,
        "skipped_failed_before": report.failed_before,
        "workers": report.workers,
        "where": report.where,
        "seconds": round(report.seconds, 3),
        "audio_seconds": round(report.audio_seconds, 3),
        "failures": [
            {"path": f.path, "kind": f.kind, "message": f.message} for f in report.failures
        ],
    }


@click.command("add")
@click.argument("folders", metavar="FOLDER...", nargs=-1, required=True)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    metavar="N",
    help="Local processes analysing at once (default: every core).",
)
@click.option(
    "--scheduler",
    envvar="SCORESYNC_DASK_SCHEDULER",
    metavar="ADDRESS",
    help="Analyse on the Dask cluster whose scheduler is here, e.g. tcp://render01:8786 "
    "(or set SCORESYNC_DASK_SCHEDULER). Needs the cluster extra.",
)
@click.option(
    "--map-path",
    "path_maps",
    multiple=True,
    metavar="HERE=THERE",
    help="The cluster's workers see folder HERE as THERE, e.g. /Volumes/Music=/mnt/music "
    "(repeatable).",
)
@click.option(
    "--timeout",
    "timeout_seconds",
    type=click.FloatRange(min=0.1, max=600),
    default=10.0,
    show_default=True,
    help="Seconds to wait for the Dask scheduler to answer.",
)
@click.option(
    "--meter", metavar="METER", help="Meter of all the music in these folders, e.g. 3/4 (a hint)."
)
@click.option("--bpm", "bpm_text", metavar="LO-HI", help="Tempo range of all this music (a hint).")
@click.option("--retry-failed", is_flag=True, help="Try again files that failed before.")
@index_option
@json_option
def library_add(
    folders: tuple[str, ...],
    workers: int | None,
    scheduler: str | None,
    path_maps: tuple[str, ...],
    timeout_seconds: float,
    meter: str | None,
    bpm_text: str | None,
    retry_failed: bool,
    index_path: Path | None,
    as_json: bool,
) -> None:
    """Index the music in FOLDER... and their sub-folders.

    Every file is analysed once: tempo, meter, beats and bar lines, loudness. Files
    unchanged since the last run are skipped, moved files are recognised by their content
    and keep their tags, and files gone are marked removed. Analysis runs on every core,
    or on a Dask cluster with --scheduler; a file that cannot be read is reported and the
    run goes on. Stop it at any time: the next run carries on where it stopped.
    """
    from scoresync.library.fanout import PathMap, check_scheduler_address
    from scoresync.library.indexing import index_folders
    from scoresync.library.scan import check_folders
    from scoresync.library.search import normal_meter, parse_bpm_range

    check_folders(folders)
    path_map = PathMap.parse(path_maps)
    if scheduler is not None and not scheduler.strip():
        scheduler = None
    if scheduler is not None:
        check_scheduler_address(scheduler)
    elif path_maps:
        warn("--map-path is for the workers of a Dask cluster; without --scheduler it is unused")
    meter_hint = normal_meter(meter) if meter else None
    bpm_range = parse_bpm_range(bpm_text) if bpm_text else None
    index = _open(index_path, create=True)
    report = index_folders(
        index,
        folders,
        workers=workers,
        scheduler=scheduler,
        path_map=path_map,
        meter=meter_hint,
        bpm_range=bpm_range,
        retry_failed=retry_failed,
        timeout_seconds=timeout_seconds,
        on_progress=_ProgressLine(),
        on_start=_say_start,
    )
    if as_json:
        emit_json(_report_json(report))
    else:
        click.echo("\n".join(_report_text(report)))


def _summary_row(track: TrackSummary) -> list[str]:
    return [
        str(track.track_id),
        f"{track.bpm:.1f}",
        track.meter,
        _clock(track.duration_seconds),
        "" if track.loudness_lufs is None else f"{track.loudness_lufs:.1f}",
        ",".join(track.tags),
        track.path + (" (removed)" if track.removed else ""),
    ]


_SUMMARY_HEADERS = ["id", "bpm", "meter", "length", "LUFS", "tags", "path"]


def _edit_text(fit: Fit) -> str:
    rate = fit.track.sample_rate
    if fit.edit.kind == "none":
        return ""
    sign = "-" if fit.edit.kind == "remove" else "+"
    return f"{sign}{fit.edit.bars} bar{'s' if fit.edit.bars != 1 else ''} at " + _position(
        fit.edit.from_samples / rate
    )


def _fit_row(rank: int, fit: Fit) -> list[str]:
    return [
        str(rank),
        f"{fit.caught}/{fit.hits}",
        f"{fit.track.bpm:.1f}",
        fit.track.meter,
        _clock(fit.track.duration_seconds),
        _position(fit.offset_seconds),
        _edit_text(fit),
        f"{fit.end_seconds:+.1f}s",
        fit.track.path,
    ]


_FIT_HEADERS = ["#", "hits", "bpm", "meter", "length", "from", "edit", "end", "path"]


@click.command("find")
@click.option("--bpm", "bpm_text", metavar="LO-HI", help="Tempo range, e.g. 90-100, or 96.")
@click.option(
    "--meter",
    "meters",
    multiple=True,
    metavar="METER",
    help="Meter, e.g. 6/8 (repeatable: any of them).",
)
@click.option("--min-length", metavar="LENGTH", help="Shortest length: 120, 2:00 or 00:02:00:00.")
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="Only tracks with this tag (repeatable)."
)
@click.option(
    "--fits",
    nargs=2,
    metavar="PROJECT CUE",
    help="Rank by how well each track lands the must-hit hits of CUE in PROJECT.",
)
@click.option(
    "--use",
    "use_rank",
    type=click.IntRange(min=1),
    metavar="N",
    help="With --fits: put fit N on the cue as its temp music (the project is saved).",
)
@click.option("--removed", "include_removed", is_flag=True, help="Include removed tracks.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=20,
    show_default=True,
    metavar="N",
    help="Show at most N.",
)
@index_option
@json_option
def library_find(
    bpm_text: str | None,
    meters: tuple[str, ...],
    min_length: str | None,
    tags: tuple[str, ...],
    fits: tuple[str, str] | None,
    use_rank: int | None,
    include_removed: bool,
    limit: int,
    index_path: Path | None,
    as_json: bool,
) -> None:
    """Find music by tempo, meter, length and tags, or what fits a cue.

    With --fits PROJECT CUE each track is placed so that the cue's must-hit hits (every
    hit when none is marked) land on its beats and bar lines, with a bar-line edit after
    the last hit so the music ends with the cue; the best fits come first. "from" is the
    place in the track that plays at the cue's start; "end" how far the music runs past
    the cue's end (negative: it stops before). --use N puts fit N on the cue as its
    temp music, with its edit, as 'scoresync temp attach' would.
    """
    from scoresync.library.index import LibraryError
    from scoresync.library.search import (
        Query,
        find_tracks,
        normal_meter,
        parse_bpm_range,
        parse_length,
    )

    bpm_range = parse_bpm_range(bpm_text) if bpm_text else None
    normal = tuple(
        normal_meter(part) for text in meters for part in text.split(",") if part.strip()
    )
    loaded = shape = None
    fps = Fraction(24)
    if use_rank is not None and fits is None:
        raise UsageError("--use N picks one of the fits: give --fits PROJECT CUE as well")
    if fits is not None:
        from scoresync.cli.common import load
        from scoresync.library.fits import cue_shape

        loaded = load(Path(fits[0]), edit=use_rank is not None)
        shape = cue_shape(loaded.project, fits[1])
        fps = loaded.project.rate.fps
    min_seconds = None
    if min_length:
        try:
            min_seconds = float(parse_length(min_length, fps=fps))
        except LibraryError as error:
            raise UsageError(f"--min-length {error}") from None
    query = Query(bpm_range, normal, min_seconds, tuple(tags), include_removed)
    index = _open(index_path)
    if shape is not None:
        from scoresync.library.fits import fit_tracks

        found_fits = fit_tracks(index, shape, query, limit=limit)
        if use_rank is not None:
            _use_fit(index, loaded, shape.name, found_fits, use_rank)
        if as_json:
            emit_json(
                {
                    "cue": shape.name,
                    "hits": [float(hit.seconds) for hit in shape.hits],
                    "fits": [fit.to_json() for fit in found_fits],
                }
            )
            return
        if not found_fits:
            click.echo(f"no track in the library can land the hits of {shape.name}")
            return
        rows = [_fit_row(rank, fit) for rank, fit in enumerate(found_fits, start=1)]
        click.echo(table(rows, _FIT_HEADERS))
        return
    found = find_tracks(index, query, limit=limit)
    if as_json:
        emit_json([track.to_json() for track in found])
        return
    if not found:
        click.echo("no track matches")
        return
    click.echo(table([_summary_row(track) for track in found], _SUMMARY_HEADERS))


def _use_fit(index: Index, loaded: Any, number: str, found: list[Fit], rank: int) -> None:
    """Put fit ``rank`` (from 1) on cue ``number`` as its temp, and save the project."""
    import dataclasses

    from scoresync.cli.common import save
    from scoresync.library.fits import temp_for_fit

    if rank > len(found):
        raise UsageError(f"--use {rank}: there are {len(found)} fits; give 1 to {len(found)}")
    fit = found[rank - 1]
    project = loaded.project
    cue = project.cue(number)
    temp = temp_for_fit(index, fit, cue)
    save(loaded, project.replace_cue(cue.number, dataclasses.replace(cue, temp=temp)))
    click.echo(
        f"{cue.number}: temp {fit.track.path} from {_position(fit.offset_seconds)}"
        + (f", {_edit_text(fit)}" if fit.edit.kind != "none" else "")
        + f"; saved {loaded.path}",
        err=True,
    )


def _track_ids(index: Index, tracks: tuple[str, ...]) -> dict[str, int]:
    import os

    from scoresync.library.index import LibraryError

    ids: dict[str, int] = {}
    for text in tracks:
        if text.isdigit():
            row = index.connection.execute(
                "SELECT id FROM tracks WHERE id = ?", (int(text),)
            ).fetchone()
            found = {text: row[0]} if row else {}
        else:
            by_path = index.track_ids_for([os.path.abspath(text)])
            found = dict.fromkeys([text], next(iter(by_path.values()))) if by_path else {}
        if not found:
            raise LibraryError(
                f"{text}: not in the library index; give a track's id (scoresync library "
                "list) or the path of a file indexed"
            )
        ids.update(found)
    return ids


@click.command("tag")
@click.argument("tracks", metavar="TRACK...", nargs=-1, required=True)
@click.option("--add", "add", multiple=True, metavar="TAG", help="Tag to add (repeatable).")
@click.option(
    "--remove", "remove", multiple=True, metavar="TAG", help="Tag to remove (repeatable)."
)
@index_option
@json_option
def library_tag(
    tracks: tuple[str, ...],
    add: tuple[str, ...],
    remove: tuple[str, ...],
    index_path: Path | None,
    as_json: bool,
) -> None:
    """Add or remove tags on tracks (by file path or id), and show them.

    Tags are words a search can ask for (--tag): the film, the mood, "approved",
    "cleared". They stay with a track when its file moves.
    """
    for tag in (*add, *remove):
        if not tag.strip() or tag != tag.strip() or "," in tag:
            raise UsageError(
                f"tag {tag!r}: a tag is a word or words without commas and without "
                "spaces at either end"
            )
    index = _open(index_path)
    ids = _track_ids(index, tracks)
    if add or remove:
        index.change_tags(ids.values(), add=add, remove=remove)
    tags = index.tags_of(ids.values())
    if as_json:
        emit_json({text: list(tags[track_id]) for text, track_id in ids.items()})
        return
    for text, track_id in ids.items():
        click.echo(f"{text}: {', '.join(tags[track_id]) or '(no tags)'}")


@click.command("list")
@click.option("--removed", "include_removed", is_flag=True, help="Include removed tracks.")
@click.option("--failed", "show_failed", is_flag=True, help="List the files that failed instead.")
@index_option
@json_option
def library_list(
    include_removed: bool, show_failed: bool, index_path: Path | None, as_json: bool
) -> None:
    """List the tracks of the library index, by path."""
    from scoresync.library.search import Query, find_tracks

    index = _open(index_path)
    if show_failed:
        failures = sorted(index.known_failures().values(), key=lambda f: f.path)
        if as_json:
            emit_json([{"path": f.path, "kind": f.kind, "message": f.message} for f in failures])
        else:
            rows = [[f.kind, f.path, f.message] for f in failures]
            click.echo(table(rows, ["kind", "path", "problem"]) if rows else "no failures")
        return
    found = find_tracks(index, Query(include_removed=include_removed))
    if as_json:
        emit_json([track.to_json() for track in found])
        return
    click.echo(table([_summary_row(t) for t in found], _SUMMARY_HEADERS) if found else "no tracks")


@click.command("status")
@index_option
@json_option
def library_status(index_path: Path | None, as_json: bool) -> None:
    """Show what the library index holds.

    Tracks and hours of audio, removed and failed files, tags, and when it was last
    indexed.
    """
    index = _open(index_path)
    status = index.status()
    if as_json:
        emit_json(status)
        return
    failures = status["failures"]
    assert isinstance(failures, dict)
    lines = [
        f"index         {status['index']}",
        f"tracks        {status['tracks']} ({status['audio_hours']} hours of audio)",
        f"removed       {status['removed']}",
        f"failed        {status['failed']}"
        + (
            " (" + ", ".join(f"{count} {kind}" for kind, count in sorted(failures.items())) + ")"
            if failures
            else ""
        ),
        f"tags          {status['tags']}",
        f"last indexed  {status['last_indexed'] or 'never'}",
    ]
    click.echo("\n".join(lines))
