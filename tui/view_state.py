"""What the spotting screen showed when the app quit, kept per project in a small sidecar.

``film.scoresync.json`` gets ``.film.view.json`` beside it, holding the selected cue, the
cursor timecode, the sort and the filter. The project file itself is never touched, so its
bytes change only when the user saves. A missing or unreadable sidecar means "start
fresh"; a corrupt one is reported as a :class:`ProjectError` for the app to show.

Nothing here imports textual.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import msgspec

from scoresync.errors import ProjectError, TimecodeError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc, tc_to_frames
from scoresync.project.cuenumber import CueNumber, CueNumberError
from tempo.common.atomic import write_atomically
from tui.state import hidden_beside

__all__ = ["VIEW_SUFFIX", "ViewState", "read_view_state", "view_path_for", "write_view_state"]

VIEW_SUFFIX = ".view.json"


@dataclass(frozen=True)
class ViewState:
    """The view of one project: selection, cursor (in frames at the project rate), sort
    column and direction, and filter text."""

    selected: CueNumber | None
    cursor_frames: int
    sort_column: str = "number"
    sort_reverse: bool = False
    filter_text: str = ""


class _ViewFile(msgspec.Struct, frozen=True):
    """The sidecar as written: a timecode label for the cursor, a cue number as text.

    Read strictly (``true`` is no number, ``"1"`` no version), other keys ignored. It is
    a msgspec struct, as the project file's are, so reading it at start-up loads no
    other validation library.
    """

    version: Literal[1]
    selected: str | None
    cursor: str
    sort_column: str
    sort_reverse: bool
    filter: str


def view_path_for(path: Path) -> Path:
    """Return the view sidecar of a project: ``film.scoresync.json`` -> ``.film.view.json``."""
    return hidden_beside(path, VIEW_SUFFIX)


def read_view_state(
    project_path: Path, *, rate: FrameRate, sort_columns: Collection[str]
) -> ViewState | None:
    """Read the view sidecar of ``project_path``; None when there is none or it cannot be
    opened. Raises :class:`ProjectError` when it exists but does not hold a view."""
    path = view_path_for(project_path)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        document = msgspec.json.decode(data, type=_ViewFile)
        selected = None if document.selected is None else CueNumber.parse(document.selected)
        cursor_frames = tc_to_frames(document.cursor, rate=rate)
    except (msgspec.DecodeError, CueNumberError, TimecodeError) as error:
        raise ProjectError(
            f"the saved view is not readable ({_first_line(error)}); the list starts at the "
            "first cue, and quitting writes the file again",
            path=str(path),
        ) from error
    if document.sort_column not in sort_columns:
        raise ProjectError(
            f"the saved view sorts by {document.sort_column!r}, which is not a column "
            f"({', '.join(sort_columns)}); quitting writes the file again",
            path=str(path),
        )
    return ViewState(
        selected, cursor_frames, document.sort_column, document.sort_reverse, document.filter
    )


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def write_view_state(project_path: Path, view: ViewState, *, rate: FrameRate) -> Path:
    """Write ``view`` to the sidecar of ``project_path`` atomically; return the sidecar.

    Raises :class:`OSError` when the folder cannot be written.
    """
    document = _ViewFile(
        version=1,
        selected=None if view.selected is None else str(view.selected),
        cursor=frames_to_tc(view.cursor_frames, rate=rate),
        sort_column=view.sort_column,
        sort_reverse=view.sort_reverse,
        filter=view.filter_text,
    )
    target = view_path_for(project_path)
    fields = msgspec.structs.asdict(document)
    text = json.dumps(fields, indent=2, ensure_ascii=False) + "\n"
    write_atomically(target, text.encode("utf-8"))
    return target
