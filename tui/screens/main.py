"""The spotting screen: the cue list, the details of the selected cue and the timeline.

The screen holds the view state (selection, cursor, sort, filter) and the spotting
actions. It changes the project only through :meth:`Document.apply_edit`, with edits
built by :mod:`tui.edits` and the model's own methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Static

from scoresync.picture.timecode import frames_to_tc
from scoresync.project import spotting as edits
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, Hit
from tui.dialogs.kept import build_ahead, built, kept
from tui.keys import MAIN_BINDINGS
from tui.screens.deliver import DeliverActions
from tui.screens.reels import GROUPED_SORTS, ReelActions, reel_headings
from tui.screens.spotting import SpottingActions, cue_numbered, synced
from tui.state import Document
from tui.view_state import ViewState
from tui.widgets import AppHeader, CueTable, DetailsPane, FilterInput, Timeline, TimelineView
from tui.widgets.cue_table import SORT_COLUMNS, filter_cues, prepare_filter, sort_cues
from tui.widgets.footer import KeyFooter

__all__ = ["MainScreen"]

NARROW_WIDTH = 110
NEEDS_CUE = {
    "edit_cue",
    "split_cue",
    "delete_cue",
    "add_hit",
    "find_tempo",
    "export",
    "temp",
    "library",
}
NEEDS_HIT = {
    "edit_hit",
    "delete_hit",
    "toggle_must_hit",
    "nudge_hit",
    "nudge_hit_second",
    "clear_hit",
}
NUDGES_CUE = {"nudge", "nudge_second"}
SAYS_WHY = {"edit_hit", "delete_hit", "toggle_must_hit"}
"""Actions whose key, pressed with nothing to act on, says so (their keys do nothing else)."""


class MainScreen(SpottingActions, ReelActions, DeliverActions, Screen[None]):
    """The cue list, details pane and timeline of one document."""

    BINDINGS: ClassVar[list[BindingType]] = [*MAIN_BINDINGS]
    AUTO_FOCUS = "#cues"

    def __init__(self, document: Document, view: ViewState | None = None) -> None:
        super().__init__(id="main")
        self.document = document
        self._restored = view
        self.selected: CueNumber | None = None
        self.selected_hit: int | None = None
        project = document.project
        self.cursor_frames = (
            project.cues[0].start_frames if project.cues else (project.session_start_frames)
        )
        self.sort: tuple[str, bool] = ("number", False)
        self.filter_text = ""
        self.changed_on_disk = False
        self._details_shown: tuple[object, ...] = ()
        self._applicable: tuple[bool, bool] | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader(id="header")
        yield FilterInput(id="filter")
        with Horizontal(id="body"):
            with Vertical(id="list-pane"):
                yield CueTable(id="cues")
                yield Static(id="empty-hint", markup=False)
            yield DetailsPane(id="details")
        yield Timeline(id="timeline")
        yield KeyFooter(id="footer")

    def on_mount(self) -> None:
        self.selected = self.document.project.cues[0].number if self.document.project.cues else None
        if self._restored is not None:
            self._restore(self._restored)
        self.refresh_views()

    def _restore(self, view: ViewState) -> None:
        """Take the view the project was left in; a cue since deleted leaves the first."""
        if view.selected is not None and cue_numbered(self.project, view.selected) is not None:
            self.selected = view.selected
        self.cursor_frames = min(max(view.cursor_frames, 0), self.project.rate.frames_per_day - 1)
        self.sort = (view.sort_column, view.sort_reverse)
        self.filter_text = view.filter_text
        self.query_one(FilterInput).value = view.filter_text

    def view_state(self) -> ViewState:
        """The selection, cursor, sort and filter now, to come back to next time."""
        column, reverse = self.sort
        return ViewState(self.selected, self.cursor_frames, column, reverse, self.filter_text)

    # -- views ---------------------------------------------------------------------------

    def visible_cues(self) -> list[Cue]:
        """The cues the list shows, sorted and filtered."""
        column, reverse = self.sort
        return filter_cues(sort_cues(self.project.cues, column, reverse), self.filter_text)

    def refresh_views(self) -> None:
        """Redraw everything from the document (after an edit, undo, reload ...)."""
        visible = self.visible_cues()
        if not self._selected_exists():
            self.selected = visible[0].number if visible else None
            self.selected_hit = None
        cue = self.selected_cue
        if cue is None or (self.selected_hit is not None and self.selected_hit >= len(cue.hits)):
            self.selected_hit = None
        column, _reverse = self.sort
        groups = reel_headings(self.project, visible) if column in GROUPED_SORTS else []
        self.query_one(CueTable).show(visible, self.project.rate, self.selected, self.sort, groups)
        self._show_empty_hint(bool(visible))
        self.refresh_selection()

    def _show_empty_hint(self, listed: bool) -> None:
        self.set_class(not listed, "-empty")
        if listed:
            return
        hint = self.query_one("#empty-hint", Static)
        if self.project.cues:
            hint.update(
                f"No cue matches the filter {self.filter_text!r}. "
                "Escape in the filter (/) clears it."
            )
        else:
            hint.update(
                "No cues yet. Press n to spot one at the cursor "
                "(g goes to a timecode first; F1 lists every key)."
            )

    def _selected_exists(self) -> bool:
        return self.selected_cue is not None

    def refresh_selection(self) -> None:
        """Redraw the parts that follow the selection and cursor (not the list)."""
        project = self.project
        cue = self.selected_cue
        shown = (cue, project.rate, self.selected_hit)
        if shown != self._details_shown:
            self._details_shown = shown
            self.query_one(DetailsPane).show(cue, project, self.selected_hit)
        span = edits.reel_span(project, self.shown_reel_number(), self.cursor_frames)
        self.query_one(Timeline).view = TimelineView(
            project, span, self.cursor_frames, self.selected, self.selected_hit
        )
        header = self.query_one(AppHeader)
        header.project_title = project.title
        header.rate_name = project.rate.name
        header.cursor_tc = frames_to_tc(self.cursor_frames, rate=project.rate)
        header.reel_name = f"Reel {span.reel}"
        header.dirty = self.document.dirty
        header.changed_on_disk = self.changed_on_disk
        applicable = (cue is None, self.selected_hit is None)
        if applicable != self._applicable:
            self._applicable = applicable
            self.refresh_bindings()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def applies(self, action: str) -> bool:
        """Whether ``action`` has something to act on now (a cue, a hit); the command
        palette offers only the actions that do."""
        if action in NEEDS_CUE | NUDGES_CUE and self.selected_cue is None:
            return False
        if action in NUDGES_CUE and self.selected_hit is not None:
            return False
        return not (action in NEEDS_HIT and self.selected_hit is None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action in SAYS_WHY or self.applies(action)

    # -- selection and cursor ----------------------------------------------------------

    @on(CueTable.CueHighlighted)
    def _cue_highlighted(self, event: CueTable.CueHighlighted) -> None:
        self._follow_list(event.number)

    def sync_with_list(self) -> None:
        """Take the list's row cursor as the selection now, ahead of its (queued) message,
        so keys typed quickly act on the cue the list shows."""
        table = self.query_one(CueTable)
        if self.selected is None or table.shows(self.selected):
            self._follow_list(table.selected_number)

    def _follow_list(self, number: CueNumber | None) -> None:
        if number == self.selected:
            return
        self.selected = number
        self.selected_hit = None
        cue = self.selected_cue
        if cue is not None and not cue.start_frames <= self.cursor_frames < cue.end_frames:
            self.cursor_frames = cue.start_frames
        self.refresh_selection()

    def _move_cursor(self, frames: int) -> None:
        self.cursor_frames = min(max(frames, 0), self.project.rate.frames_per_day - 1)
        self.refresh_selection()

    @synced
    def action_cursor(self, delta_frames: int) -> None:
        self._move_cursor(self.cursor_frames + delta_frames)

    @synced
    def action_cursor_second(self, direction: int) -> None:
        self._move_cursor(self.cursor_frames + direction * self.project.rate.base)

    @synced
    def action_jump_hit(self, direction: int) -> None:
        ref = edits.hit_jump(self.project, self.cursor_frames, direction)
        if ref is None:
            self.notify("No more hits that way", timeout=2)
            return
        self.cursor_frames = ref.frames
        self._select(ref.number, ref.index)

    @synced
    def action_jump_cue(self, direction: int) -> None:
        cue = edits.cue_jump(self.project, self.cursor_frames, direction)
        if cue is None:
            self.notify("No more cues that way", timeout=2)
            return
        self.cursor_frames = cue.start_frames
        self._select(cue.number)

    @synced
    def action_goto(self) -> None:
        from tui.dialogs.spotting import GotoDialog

        def done(frames: int | None) -> None:
            if frames is not None:
                self._move_cursor(frames)

        self.app.push_screen(
            GotoDialog(
                rate=self.project.rate,
                frames=self.cursor_frames,
                session_start_frames=self.project.session_start_frames,
            ),
            done,
        )

    def action_clear_hit(self) -> None:
        self.selected_hit = None
        self.refresh_selection()

    # -- list view -----------------------------------------------------------------------

    def action_cycle_sort(self) -> None:
        column, reverse = self.sort
        following = SORT_COLUMNS[(SORT_COLUMNS.index(column) + 1) % len(SORT_COLUMNS)]
        self.sort = (following, False)
        self.notify(f"Sorted by {following}", timeout=2)
        self.refresh_views()

    def action_reverse_sort(self) -> None:
        self.sort = (self.sort[0], not self.sort[1])
        self.refresh_views()

    @on(CueTable.HeaderClicked)
    def _header_clicked(self, event: CueTable.HeaderClicked) -> None:
        column = event.column
        self.sort = (column, not self.sort[1] if self.sort[0] == column else False)
        self.refresh_views()

    def action_filter(self) -> None:
        self.query_one(FilterInput).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value
        self.refresh_views()

    @on(events.DescendantFocus, "#filter")
    def _filter_focused(self) -> None:
        column, reverse = self.sort
        prepare_filter(sort_cues(self.project.cues, column, reverse))

    @on(FilterInput.Left)
    def _filter_left(self) -> None:
        self.query_one(CueTable).focus()

    def action_toggle_details(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-show-details")
        else:
            self.toggle_class("-hide-details")

    # -- tempo and exports (their screens load when first opened) -----------------------------

    def _edit_on_screen(self, make: Callable[[CueNumber], Screen], what: str) -> None:
        """Open the screen ``make`` builds for the selected cue; the cue it dismisses
        with (``None``: no change) replaces the cue as one undoable edit, "``what`` N"."""
        cue = self.selected_cue
        if cue is None:
            return
        number = cue.number

        def done(result: object) -> None:
            if isinstance(result, Cue) and self.commit(
                f"{what} {number}", lambda: self.project.replace_cue(number, result)
            ):
                self.notify(f"{what.capitalize()} {number}", timeout=3)

        self.app.push_screen(make(number), done)

    @synced
    def action_find_tempo(self) -> None:
        from tui.screens.tempo.screen import TempoScreen

        self._edit_on_screen(lambda number: TempoScreen(self.project, number), "set the tempo of")

    @synced
    def action_temp(self) -> None:
        from tui.screens.temp import TempScreen

        self._edit_on_screen(
            lambda number: TempScreen(self.project, number, self.document.path),
            "edit the temp of",
        )

    @synced
    def action_library(self) -> None:
        from tui.screens.library import LibraryScreen

        self._edit_on_screen(
            lambda number: LibraryScreen(self.project, number), "put library music on"
        )

    def _cue_sheet_screen(self):  # noqa: ANN202 - a CueSheetScreen, loaded on first use
        from tui.screens.cuesheet import CueSheetScreen

        screen = CueSheetScreen(self.project, self.document.path)
        self.app.push_screen(screen)
        return screen

    def action_cue_sheet(self) -> None:
        self._cue_sheet_screen()

    def action_export_cue_sheet(self) -> None:
        screen = self._cue_sheet_screen()
        screen.call_after_refresh(screen.action_export_sheet)

    def action_export_spotting_notes(self) -> None:
        screen = self._cue_sheet_screen()
        screen.call_after_refresh(screen.action_export_notes)

    def action_conform(self) -> None:
        from tui.screens.conform import ConformScreen

        self.app.push_screen(ConformScreen(self.project, self.document.path))

    @synced
    def action_export(self, kind: str) -> None:
        cue = self.selected_cue
        if cue is None:
            self.notify("Select a cue to export first", severity="warning")
            return
        from tui.dialogs.export import ExportDialog

        dialog = kept(
            self.app,
            ExportDialog,
            project=self.project,
            cue_number=cue.number,
            project_path=self.document.path,
            kind=kind,
        )
        self.app.push_screen(dialog)

    # -- the dialogs it keeps --------------------------------------------------------------

    async def build_next_dialog(self) -> bool:
        """Build the next of the dialogs this screen keeps (cue, hit, export) that is not
        built yet, with values of no account (its first opening loads its own); return
        False when all are built. See :func:`tui.dialogs.kept.build_ahead`."""
        from tui.dialogs.export import ExportDialog
        from tui.dialogs.spotting import CueDialog, HitDialog

        project = self.project
        start = project.session_start_frames
        app = self.app
        if built(app, CueDialog) is None:
            await build_ahead(
                app,
                CueDialog,
                heading="New cue",
                rate=project.rate,
                taken=frozenset(),
                form=self._cue_form(Cue(CueNumber(1, 1), "", start, start + 1)),
                session_start_frames=start,
            )
        elif built(app, HitDialog) is None:
            await build_ahead(
                app,
                HitDialog,
                heading="Add a hit",
                rate=project.rate,
                cue_span=(start, start + 1),
                form=self._hit_form(Hit(start)),
            )
        elif built(app, ExportDialog) is None:
            await build_ahead(
                app,
                ExportDialog,
                project=project,
                cue_number=CueNumber(1, 1),
                project_path=self.document.path,
            )
        else:
            return False
        return True
