"""The conform report, and where the conformed project is written.

One row per cue (:func:`report_rows`): number, status, old in/out, new in/out, the delta
its anchor moved (``delta``, a signed timecode-style length such as ``+00:05:39:10``, and
``delta_frames``), hits moved and lost, what happened in words and, for a tempo-mapped
cue, the musical proposal in words; lengths of picture in the words are timecode-style
lengths too. The terminal table, the PDF, the JSON and the CSV are all made from these
rows. :func:`write_report` writes JSON or CSV by the file's extension, atomically.
:func:`next_version_path` names the new version of a project beside the old one.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoresync.errors import UsageError
from scoresync.picture.lengths import signed_duration_to_tc
from scoresync.picture.timecode import frames_to_tc, round_fraction
from scoresync.project.fileio import PROJECT_SUFFIX
from tempo.common.atomic import write_atomically

if TYPE_CHECKING:
    from scoresync.conform.changemap import Segment
    from scoresync.conform.cues import CueConform, ProjectConform
    from scoresync.picture.rates import FrameRate

__all__ = [
    "REPORT_FIELDS",
    "SEGMENT_HEADERS",
    "cut_rate_problem",
    "new_tc",
    "next_version_path",
    "report_rows",
    "segment_cells",
    "sources_text",
    "write_report",
]

REPORT_FIELDS = (
    "cue",
    "title",
    "status",
    "old_in",
    "old_out",
    "new_in",
    "new_out",
    "delta_frames",
    "hits_moved",
    "hits_lost",
    "what_happened",
    "proposal",
)
"""The columns of the CSV report, in order (its header). The anchor's move is
``delta_frames``, in frames: a spreadsheet would read a signed length such as
``+00:05:39:10`` as a formula; the rows (:func:`report_rows`) also hold it as ``delta``,
a signed timecode-style length (empty when the anchor's picture is gone), which the
terminal, the PDF and the JSON show."""

_VERSION = re.compile(r"^(?P<stem>.*?)(?:\.v(?P<number>[0-9]+))?$")


def _tc(frames: int | None, rate: FrameRate) -> str:
    return "" if frames is None else frames_to_tc(frames, rate=rate)


def _delta(frames: int | None, rate: FrameRate) -> str:
    return "" if frames is None else signed_duration_to_tc(frames, rate=rate)


def _row(item: CueConform, rate: FrameRate) -> dict[str, Any]:
    return {
        "cue": str(item.cue.number),
        "title": item.cue.title,
        "status": item.status.value,
        "old_in": _tc(item.old_in, rate),
        "old_out": _tc(item.old_out, rate),
        "new_in": _tc(item.new_in, rate),
        "new_out": _tc(item.new_out, rate),
        "delta": _delta(item.delta_frames, rate),
        "delta_frames": item.delta_frames,
        "hits_moved": item.hits_moved,
        "hits_lost": item.hits_lost,
        "what_happened": item.reason,
        "proposal": "" if item.proposal is None else item.proposal.describe(rate),
    }


def report_rows(result: ProjectConform, rate: FrameRate) -> list[dict[str, Any]]:
    """One row per cue, keyed by :data:`REPORT_FIELDS` and ``delta``."""
    return [_row(item, rate) for item in result.cues]


def _hits_json(item: CueConform, rate: FrameRate) -> list[dict[str, Any]]:
    return [
        {
            "hit": hit.index + 1,
            "label": hit.label,
            "old": _tc(hit.old_frames, rate),
            "new": _tc(hit.new_frames, rate) or None,
            "reason": hit.reason or None,
        }
        for hit in item.hits
    ]


def report_json(result: ProjectConform, rate: FrameRate) -> list[dict[str, Any]]:
    """The report rows with each cue's hits, for JSON."""
    return [{**_row(item, rate), "hits": _hits_json(item, rate)} for item in result.cues]


def report_csv(result: ProjectConform, rate: FrameRate) -> bytes:
    """The report as CSV (UTF-8, a header row, one row per cue)."""
    text = io.StringIO(newline="")
    writer = csv.DictWriter(text, fieldnames=REPORT_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(
        {field: row[field] for field in REPORT_FIELDS} for row in report_rows(result, rate)
    )
    return text.getvalue().encode("utf-8")


def write_report(
    result: ProjectConform,
    rate: FrameRate,
    path: Path,
    *,
    title: str = "",
    old_name: str = "",
    new_name: str = "",
) -> None:
    """Writes the report to ``path`` atomically: CSV for ``.csv``, JSON for ``.json``,
    a printable PDF for ``.pdf`` (headed with ``title`` and the two cuts' names)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        data = report_csv(result, rate)
    elif suffix == ".json":
        document = {"cues": report_json(result, rate)}
        data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    elif suffix == ".pdf":
        from scoresync.conform.report_pdf import report_pdf

        data = report_pdf(result, rate, title=title, old_name=old_name, new_name=new_name)
    else:
        raise UsageError(f"--report: write a .csv, .json or .pdf file, got {path.name!r}")
    write_atomically(path, data)


SEGMENT_HEADERS = ["old in", "old out", "new in", "new out", "delta", "change", "source"]
"""The columns of a change list, as the terminal and the conform screen show it."""


def sources_text(sources: tuple[str, ...]) -> str:
    """A segment's sources for a table: all of a few, else the first to the last."""
    if len(sources) <= 3:
        return " -> ".join(sources)
    return f"{sources[0]} ... {sources[-1]} ({len(sources)} shots)"


def new_tc(time: Fraction, rate: FrameRate) -> str:
    """A new record time as the timecode of the frame that shows it."""
    return frames_to_tc(math.floor(time), rate=rate)


def segment_cells(segment: Segment, rate: FrameRate) -> list[str]:
    """One row of a change list (:data:`SEGMENT_HEADERS`): the old span (blank for new
    picture), the new span (blank for picture gone), how far its head moved as a signed
    timecode-style length (to the nearest frame for a speed change, whose head may fall
    between frames) and what changed."""
    has_old = segment.old_out > segment.old_in
    has_new = segment.new_out != segment.new_in
    delta = ""
    if segment.maps:
        delta = signed_duration_to_tc(round_fraction(segment.delta_frames), rate=rate)
    return [
        frames_to_tc(segment.old_in, rate=rate) if has_old else "",
        frames_to_tc(segment.old_out, rate=rate) if has_old else "",
        new_tc(segment.new_in, rate) if has_new else "",
        new_tc(segment.new_out, rate) if has_new else "",
        delta,
        segment.change.value,
        sources_text(segment.sources),
    ]


def cut_rate_problem(cut_rate: FrameRate, project_rate: FrameRate) -> str | None:
    """Why cuts at ``cut_rate`` cannot conform a project at ``project_rate`` (None when
    they can)."""
    if cut_rate == project_rate:
        return None
    return (
        f"the cuts run at {cut_rate.name} fps and the project at {project_rate.name} fps: "
        "conform a project against cuts at its own rate"
    )


def next_version_path(project_path: Path) -> Path:
    """The next free version beside ``project_path``: ``film.scoresync.json`` gives
    ``film.v2.scoresync.json``, ``film.v2.scoresync.json`` gives ``film.v3...``, skipping
    names already taken."""
    name = project_path.name
    if name.endswith(PROJECT_SUFFIX):
        base, suffix = name[: -len(PROJECT_SUFFIX)], PROJECT_SUFFIX
    else:
        base, suffix = project_path.stem, project_path.suffix
    match = _VERSION.match(base)
    assert match is not None
    stem, number = match["stem"], int(match["number"] or 1)
    while True:
        number += 1
        candidate = project_path.with_name(f"{stem}.v{number}{suffix}")
        if not candidate.exists():
            return candidate
