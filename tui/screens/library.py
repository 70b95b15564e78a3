"""The Library screen: music from the temp library that fits a cue's hits.

``LibraryScreen(project, cue_number)`` searches the library index (the default one,
``$SCORESYNC_LIBRARY`` or ``~/.local/share/scoresync/library.sqlite``) for the tracks
that land the cue's hits, ranked: with the tempo range, meters, shortest length and tags
typed in its fields, F5 (or Enter in a field) runs the search in a thread worker. Each
fit shows the track, its tempo, meter, length and loudness, how many hits it catches, the
offset it starts from and the bar-line edit that ends it with the cue. Enter on a fit
dismisses the screen with the cue carrying that track as its temp music (the main screen
makes it one undoable edit); Escape dismisses it with ``None``. The index is filled
from the command line: ``scoresync library add FOLDER``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from scoresync.errors import ScoreSyncError
from tui.keys import LIBRARY_BINDINGS
from tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from scoresync.library.fits import Fit
    from scoresync.library.search import Query
    from scoresync.project.cuenumber import CueNumber
    from scoresync.project.model import Cue, Project

__all__ = ["LibraryScreen", "query_from"]


def query_from(bpm: str, meters: str, min_length: str, tags: str, *, fps: Fraction) -> Query:
    """The search the fields ask for (blank fields ask nothing), read as ``library find``
    reads its options; raises :class:`~scoresync.errors.ScoreSyncError` naming the field
    that is wrong."""
    from scoresync.library.index import LibraryError
    from scoresync.library.search import Query, normal_meter, parse_bpm_range, parse_length

    def field(name: str, read: Callable[[], object]) -> Any:
        try:
            return read()
        except LibraryError as error:
            raise LibraryError(f"{name}: {error}") from None

    bpm_range = field("tempo", lambda: parse_bpm_range(bpm)) if bpm.strip() else None
    parts = [part for part in meters.split(",") if part.strip()]
    meter_texts = tuple(field("meter", partial(normal_meter, part)) for part in parts)
    min_seconds = None
    if min_length.strip():
        min_seconds = float(field("shortest length", lambda: parse_length(min_length, fps=fps)))
    tag_texts = tuple(part.strip() for part in tags.split(",") if part.strip())
    return Query(bpm_range=bpm_range, meters=meter_texts, min_seconds=min_seconds, tags=tag_texts)


class LibraryScreen(Screen["Cue | None"]):
    """Ranked fits of the temp library to one cue, and "use as temp"."""

    BINDINGS: ClassVar[list[BindingType]] = [*LIBRARY_BINDINGS]
    AUTO_FOCUS = "#library-bpm"
    DEFAULT_CSS = """
    LibraryScreen {
        layout: vertical;
        & #library-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        & #library-fields { height: 3; }
        & #library-fields Input { width: 1fr; }
        & #library-status { height: 1; padding: 0 1; color: $text-muted; }
        & #library-fits { height: 1fr; border: round $border-blurred; }
        & #library-fits:focus { border: round $border; }
    }
    """

    class Found(Message):
        def __init__(self, request: int, fits: list[Fit]) -> None:
            super().__init__()
            self.request, self.fits = request, fits

    class Failed(Message):
        def __init__(self, request: int, reason: str) -> None:
            super().__init__()
            self.request, self.reason = request, reason

    def __init__(
        self, project: Project, cue_number: CueNumber, *, index_path: Path | None = None
    ) -> None:
        super().__init__(id="library")
        self.project = project
        self.cue: Cue = project.cue(str(cue_number))
        self.index_path = index_path
        self.fits: list[Fit] = []
        self.searching = False
        self._request = 0

    def compose(self) -> ComposeResult:
        cue = self.cue
        must = sum(hit.must_hit for hit in cue.hits)
        yield Static(
            f"Temp library: music that fits {cue.number} {cue.title} "
            f"({len(cue.hits)} hits, {must} must-hit)",
            id="library-title",
            markup=False,
        )
        with Horizontal(id="library-fields"):
            yield Input(placeholder="tempo range, e.g. 90-110", id="library-bpm")
            yield Input(placeholder="meters, e.g. 4/4, 6/8", id="library-meters")
            yield Input(placeholder="shortest length, e.g. 2:00", id="library-length")
            yield Input(placeholder="tags, e.g. tension", id="library-tags")
        yield Static(
            "F5 or Enter searches; Enter on a fit puts it on the cue",
            id="library-status",
            markup=False,
        )
        yield DataTable(id="library-fits", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#library-fits", DataTable)
        table.border_title = "Fits, best first"
        table.add_columns("#", "track", "BPM", "meter", "length", "LUFS", "hits", "from", "edit")

    def _status(self, text: str) -> None:
        self.query_one("#library-status", Static).update(text)

    def _field(self, name: str) -> str:
        return self.query_one(f"#library-{name}", Input).value

    def action_search(self) -> None:
        try:
            query = query_from(
                self._field("bpm"),
                self._field("meters"),
                self._field("length"),
                self._field("tags"),
                fps=self.project.rate.fps,
            )
        except ScoreSyncError as error:
            self._status(f"Not searched: {error}")
            return
        self._request += 1
        self.searching = True
        self._status("Searching the library ...")
        self._search(self._request, query)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_search()

    @work(thread=True, exclusive=True, group="library-search")
    def _search(self, request: int, query: Query) -> None:
        from scoresync.library.fits import fits_for_cue

        try:
            fits = fits_for_cue(
                self.project, str(self.cue.number), query, index_path=self.index_path, limit=50
            )
        except ScoreSyncError as error:
            self.post_message(self.Failed(request, str(error)))
            return
        self.post_message(self.Found(request, fits))

    def on_library_screen_failed(self, event: Failed) -> None:
        if event.request == self._request:
            self.searching = False
            self._status(f"Not searched: {event.reason}")

    def on_library_screen_found(self, event: Found) -> None:
        if event.request != self._request:
            return
        self.searching = False
        self.fits = event.fits
        table = self.query_one("#library-fits", DataTable)
        table.clear()
        for rank, fit in enumerate(event.fits, start=1):
            track = fit.track
            minutes, seconds = divmod(round(track.duration_seconds), 60)
            lufs = "-" if track.loudness_lufs is None else f"{track.loudness_lufs:.1f}"
            edit = "none" if fit.edit.kind == "none" else f"{fit.edit.kind} {fit.edit.bars} bars"
            table.add_row(
                str(rank),
                Path(track.path).name,
                f"{track.bpm:.1f}",
                track.meter,
                f"{minutes}:{seconds:02d}",
                lufs,
                f"{fit.caught}/{fit.hits}",
                f"{fit.offset_seconds:.2f} s",
                edit,
            )
        if event.fits:
            table.focus()
            self._status(f"{len(event.fits)} fits: Enter puts the one under the cursor on the cue")
        else:
            self._status("No track in the library matches: widen the search, or index more music")

    @on(DataTable.RowSelected, "#library-fits")
    def _fit_selected(self) -> None:
        self.action_use()

    def action_use(self) -> None:
        if not self.fits:
            self.action_search()
            return
        from scoresync.library.fits import temp_for_fit
        from scoresync.library.index import Index, default_index_path

        row = self.query_one("#library-fits", DataTable).cursor_row
        fit = self.fits[min(max(row, 0), len(self.fits) - 1)]
        try:
            with Index.open(self.index_path or default_index_path()) as index:
                temp = temp_for_fit(index, fit, self.cue)
        except ScoreSyncError as error:
            self.notify(str(error), title="Not used", severity="error", markup=False)
            return
        self.dismiss(dataclasses.replace(self.cue, temp=temp))

    def action_back(self) -> None:
        self.dismiss(None)
