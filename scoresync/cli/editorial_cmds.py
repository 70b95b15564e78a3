"""``scoresync edl parse`` and ``scoresync cut show``: the picture editor's cuts, read.

``edl parse`` reads a CMX 3600 list at the rate given and reports what it found: its
events, its edits against its event lines (equal when nothing was lost) and every warning
with its line. ``cut show`` prints the picture layer of any cut scoresync reads, one row
per picture event, then the reader's warnings. Both print JSON with ``--json``. The
readers are :mod:`scoresync.editorial`; a file that cannot be read at all is one error
line naming it.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scoresync.cli import visible
from scoresync.cli.common import emit_json, json_option, table
from scoresync.errors import TimecodeError, UsageError
from scoresync.picture.rates import FrameRate, parse_rate
from scoresync.picture.timecode import frames_to_tc

if TYPE_CHECKING:
    from scoresync.editorial.layer import Cut, Event, Note, Transition

file_argument = click.argument("path", metavar="FILE", type=click.Path(path_type=Path))


def fps_rate(rate_name: str) -> FrameRate:
    """The frame rate an ``--fps`` option names; a :class:`UsageError` naming the option."""
    try:
        return parse_rate(rate_name)
    except TimecodeError as error:
        raise UsageError(f"--fps: {error}") from None


def _warnings(notes: tuple[Note, ...]) -> list[dict[str, Any]]:
    return [
        {"line": note.origin.line, "path": note.origin.path, "message": note.message}
        for note in notes
    ]


def _note_lines(notes: tuple[Note, ...]) -> list[str]:
    lines = [f"warnings: {len(notes)}"]
    for note in notes:
        where = f"line {note.origin.line}: " if note.origin.line is not None else ""
        where = f"{note.origin.path}: " if note.origin.path and not where else where
        lines.append(f"  {where}{visible(note.message)}")
    return lines


@click.command("parse")
@file_argument
@click.option(
    "--fps",
    "rate_name",
    required=True,
    help="Rate the list's timecodes count at, such as 23.976, 25 or 29.97df (EDLs carry none).",
)
@json_option
def edl_parse(path: Path, rate_name: str, as_json: bool) -> None:
    """Read the CMX 3600 EDL FILE and report what it holds.

    Every line is read, whatever the writer: a line that cannot be is a warning naming
    it, and the report says whether every event line became an edit. Drop frame comes
    from the list's FCM lines or ';' timecodes.
    """
    from scoresync.editorial.edl import parse_edl_file

    reading = parse_edl_file(path, rate=fps_rate(rate_name))
    cut = reading.cut
    everything = (*cut.events, *cut.others)
    if as_json:
        emit_json(
            {
                "file": str(path),
                "title": cut.name,
                "rate": cut.rate.name,
                "encoding": reading.encoding,
                "events": reading.events,
                "edits": reading.edits,
                "event_lines": reading.event_lines,
                "picture_events": len(cut.events),
                "gaps": sum(1 for event in cut.events if event.is_gap),
                "transitions": sum(1 for event in everything if event.transition),
                "markers": len(cut.markers),
                "warnings": _warnings(cut.notes),
            }
        )
        return
    title = f" {visible(cut.name)!r}" if cut.name else ""
    counted = (
        "every event line became an edit"
        if reading.complete
        else f"{reading.event_lines - reading.edits} event lines did NOT become edits"
    )
    lines = [
        f"{visible(str(path))}:{title} at {cut.rate} fps, read as {reading.encoding}",
        f"events: {reading.events} ({len(cut.events)} picture, {len(cut.others)} other); "
        f"gaps: {sum(1 for event in cut.events if event.is_gap)}; transitions: "
        f"{sum(1 for event in everything if event.transition)}; markers: {len(cut.markers)}",
        f"event lines: {reading.event_lines}; edits: {reading.edits} ({counted})",
        *_note_lines(cut.notes),
    ]
    click.echo("\n".join(lines))


def _speed_text(speed: Fraction) -> str:
    if speed == 0:
        return "freeze"
    percent = speed * 100
    shown = f"{float(percent):.1f}".rstrip("0").rstrip(".")
    return f"{shown}%" + (" reverse" if speed < 0 else "")


def _transition_text(transition: Transition | None) -> str:
    if transition is None:
        return ""
    text = f"{transition.kind.value} {transition.duration_frames}f"
    if transition.code and transition.code not in ("D", "K"):
        text += f" {transition.code}"
    if transition.alignment.value != "start":
        text += f" ({transition.alignment.value})"
    return text


def _source_text(event: Event) -> str:
    if event.source is None:
        return "(black)" if event.is_gap else ""
    return visible(event.source.describe())


def _event_json(event: Event, rate: FrameRate) -> dict[str, Any]:
    source = event.source
    transition = event.transition
    return {
        "number": event.number,
        "kind": event.kind.value,
        "record_in": frames_to_tc(event.record_in, rate=rate),
        "record_out": frames_to_tc(event.record_out, rate=rate),
        "record_in_frames": event.record_in,
        "record_out_frames": event.record_out,
        "source": None
        if source is None
        else {
            "reel": source.reel,
            "clip_name": source.clip_name,
            "source_file": source.source_file,
            "vfx_shot": source.vfx_shot,
        },
        "source_in_frames": event.source_in,
        "source_out_frames": event.source_out,
        "speed": str(event.speed),
        "transition": None
        if transition is None
        else {
            "kind": transition.kind.value,
            "duration_frames": transition.duration_frames,
            "alignment": transition.alignment.value,
            "code": transition.code,
        },
        "line": event.origin.line,
        "path": event.origin.path,
    }


def read_cut_file(path: Path, rate: FrameRate | None) -> Cut:
    """The cut in the file at ``path``, in any format (the editorial readers load when a
    cut is read, not when the command is)."""
    from scoresync.editorial.read import read_cut

    return read_cut(path, rate=rate)


@click.command("show")
@file_argument
@click.option(
    "--fps",
    "rate_name",
    help="Rate an EDL is read at (EDLs carry none); other formats carry their own.",
)
@json_option
def cut_show(path: Path, rate_name: str | None, as_json: bool) -> None:
    """Show the picture layer of the cut FILE: an EDL (give --fps), an FCPXML, a Final
    Cut Pro 7 XML, an AAF or an OpenTimelineIO file.

    One row per picture event: record in and out, source, speed and transition; then
    the reader's warnings, each naming its line or XML element.
    """
    rate = fps_rate(rate_name) if rate_name else None
    cut = read_cut_file(path, rate)
    if as_json:
        emit_json(
            {
                "file": str(path),
                "title": cut.name,
                "rate": cut.rate.name,
                "record_start": frames_to_tc(cut.record_start, rate=cut.rate),
                "events": [_event_json(event, cut.rate) for event in cut.events],
                "other_events": len(cut.others),
                "markers": [
                    {"line": note.origin.line, "path": note.origin.path, "text": note.message}
                    for note in cut.markers
                ],
                "warnings": _warnings(cut.notes),
            }
        )
        return
    rows = [
        [
            event.number or str(index),
            frames_to_tc(event.record_in, rate=cut.rate),
            frames_to_tc(event.record_out, rate=cut.rate),
            _source_text(event),
            "" if event.is_gap else _speed_text(event.speed),
            _transition_text(event.transition),
        ]
        for index, event in enumerate(cut.events, start=1)
    ]
    title = f" {visible(cut.name)!r}" if cut.name else ""
    lines = [
        f"{visible(str(path))}:{title} at {cut.rate} fps, {len(cut.events)} picture events, "
        f"{len(cut.others)} other events, {len(cut.markers)} markers",
        table(rows, ["#", "record in", "record out", "source", "speed", "transition"]),
        *_note_lines(cut.notes),
    ]
    click.echo("\n".join(lines))
