"""Spots read from other tools: a spotting CSV, a Pro Tools session text export's marker
list, an Avid Media Composer locator list, or the ``LOC`` lines of an EDL.

A CSV names its cues outright (columns ``cue``, ``start``, ``stop``, ``title``, ``notes``;
``end`` or ``out`` for ``stop``). Markers and locators follow the music editor's
convention:

* a marker whose name starts with a cue number (``1M1 Main Title``, ``2M3A: the chase``)
  starts that cue, the rest of the name its title and the marker's comment its notes;
* a marker ``1M1 out`` (or ``end``, ``stop``, ``tail``) ends it; an Avid span locator
  (a duration over one frame) gives both ends at once; a cue without an end marker ends
  at the next cue's start, and the last one without an end is reported, not guessed;
* any other marker inside a cue becomes a hit of that cue, labelled with its name; a
  marker outside every cue is listed and left out.

Every problem names the file and line.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from scoresync.errors import ScoreSyncError, TimecodeError
from scoresync.picture.rates import FrameRate, parse_rate
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber

__all__ = [
    "FORMATS",
    "Marker",
    "Spot",
    "SpotFileError",
    "SpotReading",
    "read_spot_file",
    "sniff_format",
    "spots_from_markers",
]

FORMATS = ("csv", "protools", "avid", "edl")


class SpotFileError(ScoreSyncError):
    """A spot file that cannot be read, or a line in it that is wrong."""


@dataclass(frozen=True)
class Marker:
    """A marker or locator: its position, name, comment and the line it came from;
    ``end_frames`` for a span (an Avid locator longer than a frame)."""

    frames: int
    name: str
    comment: str
    line: int
    end_frames: int | None = None


@dataclass(frozen=True)
class Spot:
    """A cue to spot: number, start and end (exclusive), title, notes, hits as
    ``(frames, label)``, and where it came from (``file:line``)."""

    number: CueNumber
    start_frames: int
    end_frames: int
    title: str = ""
    notes: str = ""
    hits: tuple[tuple[int, str], ...] = ()
    origin: str = ""


@dataclass
class SpotReading:
    """What a file gave: the spots, and the markers left out (with why)."""

    spots: list[Spot] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def _text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise SpotFileError(f"cannot read {path}: {reason}") from None
    if b"\x00" in data[:4096]:
        raise SpotFileError(
            f"{path} is not a text file (a binary file?); give a CSV or text export"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_format(path: Path, text: str) -> str:
    """The format of spot file ``path`` from its content (or its extension)."""
    if "M A R K E R S  L I S T I N G" in text or text.startswith("SESSION NAME:"):
        return "protools"
    if path.suffix.lower() == ".edl" or re.search(r"^TITLE:|^\d{3,6}\s", text, re.MULTILINE):
        return "edl"
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    if "\t" in first and re.search(r"\t\d{2}[:;.]\d{2}[:;.]\d{2}[:;.]\d{2}\t", first):
        return "avid"
    return "csv"


def read_spot_file(path: Path, *, rate: FrameRate, file_format: str | None = None) -> SpotReading:
    """The spots in ``path`` (format ``csv``, ``protools``, ``avid`` or ``edl``; sniffed
    when None), timecodes read at the project's ``rate``."""
    text = _text(path) if file_format != "edl" else ""
    kind = file_format or sniff_format(path, text)
    if kind == "csv":
        return _csv_spots(text, rate, path.name)
    if kind == "protools":
        return spots_from_markers(_protools_markers(text, rate, path.name), path.name)
    if kind == "avid":
        return spots_from_markers(_avid_markers(text, rate, path.name), path.name)
    if kind == "edl":
        return spots_from_markers(_edl_markers(path, rate), path.name)
    raise SpotFileError(f"unknown spot format {kind!r}; use one of {', '.join(FORMATS)}")


def _frames(text: str, rate: FrameRate, where: str) -> int:
    try:
        return tc_to_frames(text.strip(), rate=rate)
    except TimecodeError as error:
        raise SpotFileError(f"{where}: {error}") from None


# -- CSV -------------------------------------------------------------------------------------

_CSV_NAMES = {
    "cue": "cue",
    "number": "cue",
    "start": "start",
    "in": "start",
    "stop": "stop",
    "end": "stop",
    "out": "stop",
    "title": "title",
    "notes": "notes",
    "note": "notes",
    "description": "notes",
}


def _csv_spots(text: str, rate: FrameRate, name: str) -> SpotReading:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise SpotFileError(f"{name} is empty; a spot CSV starts with cue,start,stop,title,notes")
    columns = [_CSV_NAMES.get(cell.strip().lower()) for cell in rows[0]]
    missing = [c for c in ("cue", "start", "stop") if c not in columns]
    if missing:
        raise SpotFileError(
            f"{name}, line 1: no {', '.join(missing)} column; the first line names the columns "
            "cue,start,stop,title,notes (stop may be end or out)"
        )
    reading = SpotReading()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name}, line {line}"
        cells = {key: row[i].strip() for i, key in enumerate(columns) if key and i < len(row)}
        try:
            number = CueNumber.parse(cells.get("cue", ""))
        except ValueError as error:
            raise SpotFileError(f"{where}, cue: {error}") from None
        start = _frames(cells.get("start", ""), rate, f"{where}, start")
        end = _frames(cells.get("stop", ""), rate, f"{where}, stop")
        if end <= start:
            raise SpotFileError(
                f"{where}: stop {cells.get('stop')} is not after start {cells.get('start')}; "
                "a cue lasts at least one frame (stop is exclusive)"
            )
        reading.spots.append(
            Spot(number, start, end, cells.get("title", ""), cells.get("notes", ""), (), where)
        )
    return reading


# -- Pro Tools -------------------------------------------------------------------------------

_PT_RATE = re.compile(r"TIMECODE FORMAT:\s*([\d.]+)\s*(Drop)?\s*Frame", re.IGNORECASE)


def _protools_markers(text: str, rate: FrameRate, name: str) -> list[Marker]:
    lines = text.splitlines()
    found = _PT_RATE.search(text)
    if found is not None:
        session = found.group(1) + ("df" if found.group(2) else "")
        try:
            session_rate = parse_rate(session)
        except TimecodeError:
            session_rate = None
        if session_rate is not None and session_rate != rate:
            raise SpotFileError(
                f"{name}: the session's timecode is {found.group(0).split(':', 1)[1].strip()}, "
                f"the project's rate {rate.name}; export from a session at the project's rate"
            )
    try:
        start = next(i for i, line in enumerate(lines) if "M A R K E R S  L I S T I N G" in line)
    except StopIteration:
        raise SpotFileError(
            f"{name}: no marker list (M A R K E R S  L I S T I N G); export the session text "
            "with 'Include Markers' ticked"
        ) from None
    if start + 1 >= len(lines):
        return []
    heading = [cell.strip().upper() for cell in lines[start + 1].split("\t")]
    if "LOCATION" not in heading or "NAME" not in heading:
        raise SpotFileError(f"{name}, line {start + 2}: not the marker list's heading line")
    at, named = heading.index("LOCATION"), heading.index("NAME")
    noted = heading.index("COMMENTS") if "COMMENTS" in heading else None
    markers = []
    for number, line in enumerate(lines[start + 2 :], start=start + 3):
        if not line.strip():
            break
        cells = line.split("\t")
        if len(cells) <= max(at, named):
            raise SpotFileError(f"{name}, line {number}: a marker line with too few columns")
        location = cells[at].strip()
        if not re.fullmatch(r"\d{1,2}[:;.]\d{2}[:;.]\d{2}[:;.]\d{2,3}", location):
            raise SpotFileError(
                f"{name}, line {number}: marker location {location!r} is not a timecode; "
                "export the session text with timecode as the time format"
            )
        comment = cells[noted].strip() if noted is not None and noted < len(cells) else ""
        markers.append(
            Marker(
                _frames(location, rate, f"{name}, line {number}"),
                cells[named].strip(),
                comment,
                number,
            )
        )
    return markers


# -- Avid locators ---------------------------------------------------------------------------


def _avid_markers(text: str, rate: FrameRate, name: str) -> list[Marker]:
    """Avid's 'Export Locators' text: ``user TAB timecode TAB track TAB colour TAB comment``
    and, in newer versions, ``TAB duration`` in frames."""
    markers = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 5:
            raise SpotFileError(
                f"{name}, line {number}: an Avid locator line has at least five tab-separated "
                "fields (name, timecode, track, colour, comment)"
            )
        frames = _frames(cells[1], rate, f"{name}, line {number}")
        end = None
        if len(cells) > 5 and cells[5].strip().isdigit() and int(cells[5]) > 1:
            end = frames + int(cells[5])
        markers.append(Marker(frames, cells[4].strip(), "", number, end))
    return markers


# -- EDL LOC lines ---------------------------------------------------------------------------

_COLOURS = frozenset(
    ("red", "green", "blue", "cyan", "magenta", "yellow", "black", "white")
    + ("orange", "purple", "pink")
)


def _edl_markers(path: Path, rate: FrameRate) -> list[Marker]:
    """The ``* LOC: timecode colour text`` lines the editorial reader keeps."""
    from scoresync.editorial.edl import read_edl
    from scoresync.editorial.layer import CutFileError

    try:
        cut = read_edl(path, rate=rate)
    except CutFileError as error:
        raise SpotFileError(str(error)) from None
    markers = []
    for note in cut.markers:
        line = note.origin.line or 0
        parts = note.message.strip().split(None, 2)
        if not parts:
            continue
        frames = _frames(parts[0], rate, f"{path.name}, line {line}")
        rest = parts[1:]
        if rest and rest[0].lower() in _COLOURS:
            rest = rest[1:]
        markers.append(Marker(frames, " ".join(rest).strip(), "", line))
    return markers


# -- markers to spots ------------------------------------------------------------------------

_CUE_NAME = re.compile(r"\s*(\d+\s*[Mm]\s*\d+[A-Za-z]*)(?![A-Za-z0-9])\s*[-:\u2013]?\s*(.*)")
_END_WORDS = frozenset({"out", "end", "stop", "tail", "ends"})


def _cue_in(name: str) -> tuple[CueNumber, str] | None:
    match = _CUE_NAME.fullmatch(name)
    if match is None:
        return None
    try:
        return CueNumber.parse(match.group(1)), match.group(2).strip()
    except ValueError:
        return None


def spots_from_markers(markers: list[Marker], name: str) -> SpotReading:
    """Spots by the convention of this module's docstring."""
    starts: dict[CueNumber, Marker] = {}
    titles: dict[CueNumber, str] = {}
    ends: dict[CueNumber, int] = {}
    others: list[Marker] = []
    for marker in sorted(markers, key=lambda m: (m.frames, m.line)):
        named = _cue_in(marker.name)
        if named is None:
            others.append(marker)
            continue
        number, rest = named
        if rest.lower() in _END_WORDS and number in starts:
            ends[number] = marker.frames
        elif number in starts:
            raise SpotFileError(
                f"{name}, line {marker.line}: a second start marker for {number} (the first "
                f"is on line {starts[number].line}); name the end marker '{number} out'"
            )
        else:
            starts[number] = marker
            titles[number] = rest
            if marker.end_frames is not None:
                ends[number] = marker.end_frames
    order = sorted(starts, key=lambda n: (starts[n].frames, n))
    reading = SpotReading()
    spans: list[tuple[CueNumber, int, int]] = []
    for index, number in enumerate(order):
        marker = starts[number]
        end = ends.get(number)
        if end is None and index + 1 < len(order):
            end = starts[order[index + 1]].frames
        if end is None or end <= marker.frames:
            reading.left_out.append(
                f"{name}, line {marker.line}: {number} has no end; add a marker '{number} out'"
            )
            continue
        spans.append((number, marker.frames, end))
    hits: dict[CueNumber, list[tuple[int, str]]] = {n: [] for n, _, _ in spans}
    for marker in others:
        inside = [n for n, s, e in spans if s <= marker.frames < e]
        if inside:
            hits[inside[-1]].append((marker.frames, marker.name))
        else:
            reading.left_out.append(
                f"{name}, line {marker.line}: marker {marker.name!r} lies in no cue"
            )
    for number, start, end in spans:
        marker = starts[number]
        reading.spots.append(
            Spot(
                number,
                start,
                end,
                titles[number],
                marker.comment,
                tuple(hits[number]),
                f"{name}, line {marker.line}",
            )
        )
    return reading
