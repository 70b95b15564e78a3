"""Spotting notes: every cue in number order with its timings, in and out descriptions,
hits (timecode and time into the cue), temp track and notes, under a header naming the
production, the version of the cut and the frame rate.

Durations and times into a cue are real time, ``M:SS.s``: exact frames / frame rate
rounded half up to tenths of a second (:data:`TIME_RULE`); positions are timecodes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
from dataclasses import dataclass
from fractions import Fraction

from scoresync.deliver.spreadsheet import spreadsheet_text
from scoresync.deliver.targets import PDF, FileKind
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.model import Cue, Hit, Project

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "KINDS",
    "TIME_RULE",
    "SpotNotes",
    "notes_bytes",
    "notes_csv",
    "notes_of",
    "notes_text",
    "seconds_text",
]

FORMATS = ("txt", "csv", "pdf")
TIME_RULE = "durations and times into a cue: exact frames / frame rate, rounded half up to 0.1 s"
CSV_COLUMNS = (
    "row",
    "cue",
    "title",
    "start_tc",
    "stop_tc",
    "duration",
    "duration_frames",
    "hit_tc",
    "hit_into_cue",
    "text",
    "status",
    "temp",
)


KINDS: dict[str, FileKind] = {
    "txt": FileKind(
        "spotting notes (text)",
        lambda head: head.split(b"\n", 1)[0].rstrip(b"\r").endswith(b": spotting notes"),
    ),
    "csv": FileKind(
        "spotting notes (CSV)",
        lambda head: head.removeprefix(b"\xef\xbb\xbf").startswith(b"row,cue,title,start_tc,"),
    ),
    "pdf": PDF,
}
"""How an existing file of each format is recognised (an export replaces only its own
kind, see :func:`scoresync.deliver.targets.check_target`)."""


def seconds_text(frames: int, *, rate: FrameRate) -> str:
    """``M:SS.s`` of ``frames`` at ``rate`` by :data:`TIME_RULE`.

    >>> from scoresync.picture.rates import parse_rate
    >>> seconds_text(2508, rate=parse_rate("23.976")), seconds_text(12, rate=parse_rate("24"))
    ('1:44.6', '0:00.5')
    """
    tenths = math.floor(Fraction(frames) * 10 / rate.fps + Fraction(1, 2))
    minutes, rest = divmod(tenths, 600)
    return f"{minutes}:{rest // 10:02d}.{rest % 10}"


@dataclass(frozen=True)
class SpotNotes:
    """Everything the notes show: ``production`` (the project's title, with the cue
    sheet's episode when there is one), ``version`` (of the cut) and the cues."""

    production: str
    version: str
    rate: FrameRate
    cues: tuple[Cue, ...]

    def header_lines(self) -> list[str]:
        lines = [f"Production: {self.production}"]
        if self.version:
            lines.append(f"Cut: {self.version}")
        lines.append(f"Frame rate: {self.rate.name}   Cues: {len(self.cues)}")
        return lines


def notes_of(project: Project, *, version: str = "") -> SpotNotes:
    """The notes of ``project``; ``version`` names the cut (default: the picture file's
    name, if the project has one)."""
    header = project.music.header
    production = header.title or project.title
    episode = " ".join(p for p in (header.episode_number, header.episode_title) if p)
    if episode:
        production = f"{production}, {episode}"
    if not version and project.picture:
        version = os.path.basename(project.picture)
    return SpotNotes(production, version, project.rate, project.cues)


def _temp(cue: Cue) -> str:
    """The temp music on ``cue``: its file's name (the attached temp, else the cue's
    temp track), or empty."""
    path = cue.temp.audio if cue.temp is not None else cue.temp_track
    return os.path.basename(path) if path else ""


def notes_text(notes: SpotNotes) -> str:
    """Plain text: a header, then a block per cue."""
    rate = notes.rate
    lines = [f"{notes.production}: spotting notes", *notes.header_lines()[1:]]
    lines.append(f"({TIME_RULE})")
    for cue in notes.cues:
        start = frames_to_tc(cue.start_frames, rate=rate)
        stop = frames_to_tc(cue.end_frames, rate=rate)
        length = seconds_text(cue.duration_frames, rate=rate)
        lines += ["", f"{cue.number}  {cue.title}".rstrip()]
        lines.append(f"  start {start}   stop {stop}   duration {length}   {cue.status.value}")
        if cue.in_note:
            lines.append(f"  in:    {cue.in_note}")
        if cue.out_note:
            lines.append(f"  out:   {cue.out_note}")
        for hit in cue.hits:
            into = seconds_text(hit.frames - cue.start_frames, rate=rate)
            must = " (must hit)" if hit.must_hit else ""
            label = f"  {hit.label}" if hit.label else ""
            lines.append(f"  hit   {frames_to_tc(hit.frames, rate=rate)}  +{into}{label}{must}")
        if _temp(cue):
            lines.append(f"  temp:  {_temp(cue)}")
        if cue.description:
            lines.append(f"  notes: {cue.description}")
    return "\n".join(lines) + "\n"


def notes_csv(notes: SpotNotes) -> str:
    """CSV: a ``cue`` row per cue, then a ``hit`` row per hit (free text guarded against
    formula injection)."""
    rate = notes.rate
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    guard = spreadsheet_text
    for cue in notes.cues:
        text = " / ".join(
            part
            for part in (
                f"in: {cue.in_note}" if cue.in_note else "",
                f"out: {cue.out_note}" if cue.out_note else "",
                cue.description,
            )
            if part
        )
        writer.writerow(
            [
                "cue",
                str(cue.number),
                guard(cue.title),
                frames_to_tc(cue.start_frames, rate=rate),
                frames_to_tc(cue.end_frames, rate=rate),
                seconds_text(cue.duration_frames, rate=rate),
                cue.duration_frames,
                "",
                "",
                guard(text),
                cue.status.value,
                guard(_temp(cue)),
            ]
        )
        for hit in cue.hits:
            writer.writerow(
                [
                    "hit",
                    str(cue.number),
                    "",
                    "",
                    "",
                    "",
                    "",
                    frames_to_tc(hit.frames, rate=rate),
                    seconds_text(hit.frames - cue.start_frames, rate=rate),
                    guard(hit.label + (" (must hit)" if hit.must_hit else "")),
                    "",
                    "",
                ]
            )
    return buffer.getvalue()


def _hit_line(hit: Hit, cue: Cue, rate: FrameRate) -> str:
    into = seconds_text(hit.frames - cue.start_frames, rate=rate)
    must = " (must)" if hit.must_hit else ""
    return f"{frames_to_tc(hit.frames, rate=rate)} +{into} {hit.label}{must}".rstrip()


def notes_pdf(notes: SpotNotes, *, paper: str = "a4", printed: dt.datetime) -> bytes:
    """Printable notes: a row per cue, its hits listed in the row."""
    from cuesheets.pdfpage import TablePage, table_pdf

    rate = notes.rate
    rows = []
    for cue in notes.cues:
        hits = "\n".join(_hit_line(hit, cue, rate) for hit in cue.hits)
        in_out = "\n".join(
            t
            for t in (
                f"in: {cue.in_note}" if cue.in_note else "",
                f"out: {cue.out_note}" if cue.out_note else "",
            )
            if t
        )
        rows.append(
            [
                str(cue.number),
                cue.title,
                frames_to_tc(cue.start_frames, rate=rate),
                frames_to_tc(cue.end_frames, rate=rate),
                seconds_text(cue.duration_frames, rate=rate),
                in_out,
                hits,
                _temp(cue),
                "\n".join(t for t in (cue.description, cue.status.value) if t),
            ]
        )
    page = TablePage(
        title=f"{notes.production}: spotting notes",
        subject="spotting notes",
        header=notes.header_lines()[1:],
        columns=("Cue", "Title", "Start", "Stop", "Duration", "In / out", "Hits", "Temp", "Notes"),
        rows=rows,
        weights=(5, 12, 9, 9, 6, 17, 27, 7, 15),
        mono=frozenset({2, 3, 4, 6}),
        group_starts=frozenset(range(len(rows))),
        note=f"Times: {TIME_RULE}.",
    )
    return table_pdf(page, paper=paper, printed=printed)


def notes_bytes(
    notes: SpotNotes, file_format: str, *, paper: str = "a4", printed: dt.datetime
) -> bytes:
    """``notes`` as ``file_format`` (one of :data:`FORMATS`)."""
    if file_format == "txt":
        return notes_text(notes).encode("utf-8")
    if file_format == "csv":
        return notes_csv(notes).encode("utf-8")
    if file_format == "pdf":
        return notes_pdf(notes, paper=paper, printed=printed)
    raise ValueError(f"unknown spotting-notes format {file_format!r}; use {', '.join(FORMATS)}")
