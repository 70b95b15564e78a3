"""Works, parties and uses imported from a CSV, one row per party (the shape of the flat
cue-sheet export, so an exported sheet reads back in).

The first line names the columns, in any order (case ignored):

* the work: ``title`` (required), ``work`` (its id; else works are told apart by title),
  ``origin``, ``iswc``, ``isrc``, ``library``, ``catalogue``, ``performer``;
* a party (optional): ``name``, ``role`` (or ``role_code``), ``society``, ``ipi``,
  ``share`` (or ``share_percent``; ``share_exact``, such as ``100/3``, wins when given);
* a use (optional): ``cue``, ``start`` and ``end`` (or ``start_tc``, ``end_tc``,
  ``stop``), ``usage`` (or ``usage_code``).

A work's fields repeat on each of its rows; a party listed again for another use of the
same work is the same party. IPI numbers are read as the text in the cell, leading zeros
kept. :func:`plan_metadata` says what would change: a work or use new to the project is
added; one already there that differs is kept unless ``replace`` is asked for.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from scoresync.deliver.spreadsheet import FORMULA_STARTS
from scoresync.errors import ProjectError, ScoreSyncError, TempoError, TimecodeError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.music import Music, Origin, Party, PartyRole, Usage, Use, Work
from tempo.common.exact import to_fraction

__all__ = ["MetadataCsvError", "MetadataPlan", "plan_metadata", "read_metadata_csv"]


class MetadataCsvError(ScoreSyncError):
    """A metadata CSV that cannot be read, or a cell in it that is wrong."""


_ALIASES = {
    "role_code": "role",
    "share_percent": "share",
    "start_tc": "start",
    "end_tc": "end",
    "stop": "end",
    "usage_code": "usage",
    "id": "work",
}
_KNOWN = {
    "title",
    "work",
    "origin",
    "iswc",
    "isrc",
    "library",
    "catalogue",
    "performer",
    "name",
    "role",
    "society",
    "ipi",
    "share",
    "share_exact",
    "cue",
    "start",
    "end",
    "usage",
}


def _unguarded(text: str) -> str:
    """A cell as typed: the ``'`` a spreadsheet export puts before ``=``, ``+`` ... removed."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


@dataclass
class _WorkRows:
    work_id: str
    title: str
    fields: dict[str, str]
    origin: Origin
    parties: list[Party] = field(default_factory=list)


def read_metadata_csv(path: Path, *, rate: FrameRate) -> tuple[list[Work], list[Use]]:
    """The works (with their parties) and uses in the CSV at ``path``; works without an
    id in the file get ids ``?1``, ``?2`` ... that :func:`plan_metadata` replaces."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise MetadataCsvError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise MetadataCsvError(f"{path} is not UTF-8 text; save the CSV as UTF-8") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise MetadataCsvError(f"{path.name} is empty; its first line names the columns")
    names = [_ALIASES.get(c.strip().lower(), c.strip().lower()) for c in rows[0]]
    if "title" not in names:
        raise MetadataCsvError(f"{path.name}, line 1: no title column (see --help for columns)")
    works: dict[str, _WorkRows] = {}
    uses: list[Use] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {
            name: _unguarded(row[i].strip())
            for i, name in enumerate(names)
            if name in _KNOWN and i < len(row)
        }
        where = f"{path.name}, line {line}"
        try:
            _read_row(cells, works, uses, rate)
        except (MetadataCsvError, ProjectError, TimecodeError, TempoError, ValueError) as error:
            raise MetadataCsvError(f"{where}: {error}") from None
    built = [
        Work(
            rows.work_id,
            rows.title,
            tuple(rows.parties),
            origin=rows.origin,
            **rows.fields,
        )
        for rows in works.values()
    ]
    return built, uses


def _read_row(
    cells: dict[str, str], works: dict[str, _WorkRows], uses: list[Use], rate: FrameRate
) -> None:
    title = cells.get("title", "")
    if not title:
        raise MetadataCsvError("title: empty; every row names its work's title")
    key = cells.get("work") or title.casefold()
    if key not in works:
        works[key] = _WorkRows(
            cells.get("work") or f"?{len(works) + 1}",
            title,
            {
                name: cells.get(name, "")
                for name in ("iswc", "isrc", "library", "catalogue", "performer")
            },
            Origin.parse(cells["origin"]) if cells.get("origin") else Origin.COMMISSIONED,
        )
    rows = works[key]
    if cells.get("name"):
        if not cells.get("role"):
            raise MetadataCsvError(f"role: empty for party {cells['name']!r}")
        text = cells.get("share_exact") or cells.get("share") or "0"
        try:
            share = to_fraction(text.removesuffix("%").strip(), what="share")
        except TempoError:
            raise MetadataCsvError(
                f"share: {text!r} is not a percentage; write e.g. 50, 33.5 or 100/3"
            ) from None
        party = Party(
            cells["name"],
            PartyRole.parse(cells["role"]),
            cells.get("society", ""),
            cells.get("ipi", ""),
            share,
        )
        if party not in rows.parties:
            rows.parties.append(party)
    if cells.get("cue"):
        number = CueNumber.parse(cells["cue"])
        if not cells.get("start") or not cells.get("end"):
            raise MetadataCsvError(f"cue {number}: a use needs its start and end timecodes")
        use = Use(
            number,
            rows.work_id,
            tc_to_frames(cells["start"], rate=rate),
            tc_to_frames(cells["end"], rate=rate),
            Usage.parse(cells["usage"]) if cells.get("usage") else Usage.BACKGROUND_INSTRUMENTAL,
        )
        if use not in uses:
            uses.append(use)


@dataclass(frozen=True)
class MetadataPlan:
    """What an import does: ``lines`` (``add work W4 'Title'``, ``keep use 1M2 ...``) and
    the ``music`` after it."""

    lines: tuple[str, ...]
    music: Music
    changes: int


def plan_metadata(
    music: Music, works: list[Work], uses: list[Use], *, replace: bool = False
) -> MetadataPlan:
    """The plan to bring ``works`` and ``uses`` into ``music``. A work without an id in
    the file matches an existing work of the same title, else gets the next free id."""
    import dataclasses

    lines: list[str] = []
    changes = 0
    ids: dict[str, str] = {}
    for work in works:
        target_id = work.id
        if work.id.startswith("?"):
            same_title = [w for w in music.works if w.title.casefold() == work.title.casefold()]
            target_id = same_title[0].id if same_title else music.next_work_id()
        ids[work.id] = target_id
        work = dataclasses.replace(work, id=target_id)
        if not music.has_work(target_id):
            music = music.with_work(work)
            lines.append(f"add work {target_id} {work.title!r} ({len(work.parties)} parties)")
            changes += 1
        elif music.work(target_id) == work:
            lines.append(f"same work {target_id} {work.title!r}")
        elif replace:
            music = music.with_work(work)
            lines.append(f"update work {target_id} {work.title!r}")
            changes += 1
        else:
            lines.append(f"keep work {target_id} {work.title!r}: it differs; --replace updates it")
    for use in uses:
        use = dataclasses.replace(use, work=ids.get(use.work, use.work))
        there = [u for u in music.uses_of_cue(use.cue) if u.work == use.work]
        if not there:
            music = music.with_use(use)
            lines.append(f"add use {use.cue} of {use.work}")
            changes += 1
        elif there[0] == use:
            lines.append(f"same use {use.cue} of {use.work}")
        elif replace:
            music = music.replacing_use(there[0], use)
            lines.append(f"update use {use.cue} of {use.work}")
            changes += 1
        else:
            lines.append(f"keep use {use.cue} of {use.work}: it differs; --replace updates it")
    return MetadataPlan(tuple(lines), music, changes)
