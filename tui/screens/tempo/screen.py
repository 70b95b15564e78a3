"""The Tempo screen: Find Tempo over a cue's hits, apply a candidate, edit the map.

``TempoScreen(project, cue_number)`` works on a copy of one cue and never changes the
project: Done dismisses the screen with the edited :class:`~scoresync.project.model.Cue` (``None``
when nothing changed), Escape dismisses it with ``None`` (asking first when the map was
changed). Find Tempo runs in a thread worker, so the screen stays responsive; its
answer comes back as :class:`TempoScreen.TempoFound` (or
:class:`TempoScreen.TempoFindFailed` with the reason).
"""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from scoresync.cuetempo.find import (
    CueFindResult,
    FindOptions,
    applied_text,
    apply_tempo_map,
    bar_rows,
    candidate_map,
    clear_tempo,
    downbeat_frames_for,
    find_cue_tempo,
    format_segment,
    hit_rows,
    normalise_downbeat,
    parse_segment_spec,
)
from scoresync.errors import ScoreSyncError
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, Project
from scoresync.project.summary import tempo_summary
from tempo.common.exact import format_fraction, to_fraction
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap
from tui.dialogs.entry import ConfirmDialog, EntryDialog
from tui.keys import TEMPO_BINDINGS
from tui.screens.tempo.form import FindForm
from tui.screens.tempo.mapeditor import (
    DOWNBEAT_HELP,
    SEGMENT_HELP,
    MapEditor,
    check_open_segments,
    next_segment_text,
)
from tui.screens.tempo.views import grid_view, placement_text, segment_lines, title_text
from tui.widgets.barlist import BarList
from tui.widgets.beatgrid import BeatGrid
from tui.widgets.candidates import CandidatesTable, tempo_offers
from tui.widgets.footer import KeyFooter

__all__ = ["TempoScreen"]


class TempoScreen(Screen[Cue | None]):
    """Find Tempo, candidates, beat grid, map editor and bar list for one cue."""

    DEFAULT_CSS = """
    TempoScreen {
        layout: vertical;
        & #tempo-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        & #tempo-body { height: 1fr; }
        & #tempo-left { width: 76; }
        & #tempo-right { width: 1fr; }
        & #candidates, & #beatgrid, & #map-editor, & #bar-list {
            border: round $border-blurred;
            border-title-color: $text-muted;
        }
        & #candidates:focus-within, & #beatgrid:focus, & #map-editor:focus-within,
        & #bar-list:focus {
            border: round $border;
            border-title-color: $text;
        }
        & #candidates { height: 9; max-height: 9; scrollbar-size-vertical: 1; }
        &.-short #candidates { height: 6; max-height: 6; }
        &.-narrow #tempo-left { width: 1fr; }
        &.-narrow #tempo-right { display: none; }
        &.-narrow.-map #tempo-left { display: none; }
        &.-narrow.-map #tempo-right { display: block; }
        & #tempo-status { height: auto; max-height: 5; padding: 0 1; color: $text-muted; }
        & #tempo-status.-error { color: $text-error; text-style: bold; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [*TEMPO_BINDINGS]

    class TempoFound(Message):
        """Find Tempo answered: ``result`` holds the candidates, best first."""

        def __init__(self, request: int, result: CueFindResult) -> None:
            super().__init__()
            self.request = request
            self.result = result

    class TempoFindFailed(Message):
        """Find Tempo could not run on the cue's hits; ``reason`` says why."""

        def __init__(self, request: int, reason: str) -> None:
            super().__init__()
            self.request = request
            self.reason = reason

    def __init__(
        self,
        project: Project,
        cue_number: CueNumber | str,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.project = project
        self.rate = project.rate
        self.original: Cue = project.cue(cue_number)
        self.working: Cue = self.original
        """The cue as edited so far; the project is never changed."""
        self.result: CueFindResult | None = None
        """The last Find Tempo answer shown in the candidates table."""
        self._request = 0
        self._judged_by: tuple[Fraction, str] = (Fraction(1), "beat")

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="tempo-title", markup=False)
        yield FindForm(self.working, self.rate, id="find-form")
        with Horizontal(id="tempo-body"):
            with Vertical(id="tempo-left"):
                yield CandidatesTable(id="candidates")
                yield BeatGrid(
                    id="beatgrid",
                    empty_text="No tempo map yet: Find Tempo (F5), then apply a candidate (a).",
                )
            with Vertical(id="tempo-right"):
                yield MapEditor(id="map-editor")
                yield BarList(id="bar-list")
        yield Static(id="tempo-status", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#candidates").border_title = "Candidates"
        self.query_one("#beatgrid").border_title = "Beat grid"
        self.query_one("#map-editor").border_title = "Tempo map"
        self.query_one("#bar-list").border_title = "Bars"
        self._show_working()
        self._say("Set the range and press Enter or F5 to find tempos; d or F10 when done.")
        self.query_one("#find-min-bpm").focus()

    # -- narrow terminals ----------------------------------------------------------------

    NARROW_COLUMNS = 120
    """Below this width the find side (candidates, beat grid) and the map side (segments,
    bars) take turns at the full width; F2, or moving the focus, switches."""

    SHORT_ROWS = 32
    """Below this height the candidates table keeps 4 rows, leaving the rest to the grid."""

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < self.NARROW_COLUMNS
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            self.refresh_bindings()
        self.set_class(event.size.height < self.SHORT_ROWS, "-short")

    def action_panels(self) -> None:
        """Show the other side in a narrow terminal, and move the focus into it."""
        show_map = not self.has_class("-map")
        self.set_class(show_map, "-map")
        target = "#map-segments" if show_map else "#candidates"
        self.query_one(target).focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The side that takes the focus is the one shown in a narrow terminal."""
        right = self.query_one("#tempo-right")
        left = self.query_one("#tempo-left")
        widget = event.widget
        if right in widget.ancestors_with_self:
            self.set_class(True, "-map")
        elif left in widget.ancestors_with_self:
            self.set_class(False, "-map")

    # -- shared display ----------------------------------------------------------------

    @property
    def changed(self) -> bool:
        """Whether the working cue differs from the cue the screen opened with."""
        return self.working != self.original

    def _say(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#tempo-status", Static)
        status.set_class(error, "-error")
        status.update(Text(text))

    def _show_grid(self, cue: Cue, caption: str) -> None:
        tolerance_frames, grid = self._judged_by
        try:
            view = grid_view(
                cue, self.rate, tolerance_frames=tolerance_frames, grid=grid, caption=caption
            )
        except ScoreSyncError as error:
            self._say(str(error), error=True)
            return
        self.query_one(BeatGrid).view = view

    def _show_working(self, *, keep_segment: int | None = None) -> None:
        """Show the working cue in the title, map editor, bar list and beat grid."""
        cue = self.working
        self.query_one("#tempo-title", Static).update(
            title_text(cue, self.rate, changed=self.changed)
        )
        self.query_one(MapEditor).show_map(
            placement_text(cue, self.rate), segment_lines(cue), keep=keep_segment
        )
        tolerance_frames, grid = self._judged_by
        bars = self.query_one(BarList)
        if cue.tempo is None:
            bars.show_bars((), ())
        else:
            bars.show_bars(
                bar_rows(cue, self.rate),
                hit_rows(cue, self.rate, tolerance_frames=tolerance_frames, grid=grid),
            )
        self._show_grid(cue, f"The cue's map: {tempo_summary(cue)}")
        self.refresh_bindings()

    def _set_working(self, cue: Cue, message: str, *, keep_segment: int | None = None) -> None:
        self.working = cue
        self._show_working(keep_segment=keep_segment)
        self._say(message)

    # -- actions: availability -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offers candidate keys only with candidates and map keys only with a map."""
        if action in ("apply", "nice"):
            return self.result is not None and bool(self.result.candidates)
        if action in ("segment_edit", "segment_delete", "downbeat", "pickup", "clear"):
            return self.working.tempo is not None
        if action == "panels":
            return self.has_class("-narrow")
        return True

    # -- Find Tempo --------------------------------------------------------------------

    def action_find(self) -> None:
        """Run Find Tempo with the form's settings in a thread worker."""
        options = self.query_one(FindForm).read_options()
        if options is None:
            self._say("A field is wrong (shown in red): correct it, then find again.", error=True)
            return
        self._request += 1
        self.query_one(CandidatesTable).loading = True
        self._say(
            f"Finding tempos from {format_fraction(options.min_bpm)} to "
            f"{format_fraction(options.max_bpm)} BPM ..."
        )
        self._find_in_thread(self.working, options, self._request)

    def on_find_form_submitted(self, event: FindForm.Submitted) -> None:
        event.stop()
        self.action_find()

    @work(thread=True, exclusive=True, group="find-tempo")
    def _find_in_thread(self, cue: Cue, options: FindOptions, request: int) -> None:
        try:
            result = find_cue_tempo(cue, self.rate, options)
        except ScoreSyncError as error:
            self.post_message(self.TempoFindFailed(request, str(error)))
            return
        for candidate in result.candidates:
            # measured here, so the table shows them without measuring
            candidate.figures_at(tempo_offers(candidate)[0])
        self.post_message(self.TempoFound(request, result))

    def on_tempo_screen_tempo_found(self, event: TempoScreen.TempoFound) -> None:
        if event.request != self._request:
            return
        result = event.result
        self.result = result
        self._judged_by = (result.options.tolerance_frames, result.options.grid)
        table = self.query_one(CandidatesTable)
        table.loading = False
        table.show_candidates(result.candidates)
        self.refresh_bindings()
        if not result.candidates:
            self._say("No tempo in the range catches any hit: widen the range or the tolerance.")
            return
        best, bpm = result.candidates[0], table.chosen_bpm(0)
        figures = table.chosen_figures(0)
        total = figures.hits + figures.near + figures.miss
        self._say(
            f"{len(result.candidates)} candidates; the best applies at {applied_text(best, bpm)}"
            f" and catches {figures.hits} of {total} hits there. a or Enter applies, n picks "
            "another tempo."
        )
        table.focus()
        self._preview(0, table.chosen_bpm(0))

    def on_tempo_screen_tempo_find_failed(self, event: TempoScreen.TempoFindFailed) -> None:
        if event.request != self._request:
            return
        self.query_one(CandidatesTable).loading = False
        self._say(event.reason, error=True)

    # -- candidates --------------------------------------------------------------------

    def _candidate_cue(self, index: int, bpm: Fraction) -> Cue:
        assert self.result is not None
        tempo_map = candidate_map(self.result, index, bpm=bpm)
        return apply_tempo_map(self.working, tempo_map, self.result.downbeat_frames, rate=self.rate)

    def _preview(self, index: int, bpm: Fraction) -> None:
        if self.result is None or not 0 <= index < len(self.result.candidates):
            return
        try:
            cue = self._candidate_cue(index, bpm)
        except ScoreSyncError as error:
            self._say(str(error), error=True)
            return
        candidate = self.result.candidates[index]
        self._show_grid(cue, f"Candidate {index + 1} at {applied_text(candidate, bpm)}: preview")

    def on_candidates_table_highlighted(self, event: CandidatesTable.Highlighted) -> None:
        event.stop()
        self._preview(event.index, event.bpm)

    def on_candidates_table_chosen(self, event: CandidatesTable.Chosen) -> None:
        event.stop()
        self._apply(event.index, event.bpm)

    def action_apply(self) -> None:
        """Apply the highlighted candidate at its chosen tempo."""
        table = self.query_one(CandidatesTable)
        if table.candidate_count:
            self._apply(table.cursor_row, table.chosen_bpm(table.cursor_row))

    def action_nice(self) -> None:
        """Step the highlighted candidate to its next nice tempo (then its best BPM)."""
        table = self.query_one(CandidatesTable)
        bpm = table.cycle_nice()
        if bpm is None:
            return
        row = table.cursor_row
        if table.offer_count(row) == 1:
            self._say("This candidate has no other tempo to offer inside its interval.")
        else:
            assert self.result is not None
            candidate = self.result.candidates[row]
            self._say(
                f"Candidate {row + 1} applies at {applied_text(candidate, bpm)} (n for the next)."
            )

    def _apply(self, index: int, bpm: Fraction) -> None:
        if self.result is None or not 0 <= index < len(self.result.candidates):
            return
        try:
            cue = self._candidate_cue(index, bpm)
        except ScoreSyncError as error:
            self._say(str(error), error=True)
            return
        downbeat = frames_to_tc(self.result.downbeat_frames, rate=self.rate)
        self._set_working(
            cue,
            f"Applied candidate {index + 1} at "
            f"{applied_text(self.result.candidates[index], bpm)} from {downbeat}.",
        )

    # -- map editor --------------------------------------------------------------------

    def _segments(self) -> tuple[Segment, ...]:
        return () if self.working.tempo is None else tuple(self.working.tempo.map.segments)

    def _pickup_beats(self) -> Fraction:
        return Fraction(0) if self.working.tempo is None else self.working.tempo.map.pickup_beats

    def _downbeat_frames(self) -> int:
        if self.working.tempo is not None:
            return self.working.tempo.downbeat_frames
        from_form = self.query_one(FindForm).downbeat_frames()
        return self.working.start_frames if from_form is None else from_form

    def _with_segments(self, segments: tuple[Segment, ...], message: str, keep: int) -> None:
        if not segments:
            self._set_working(clear_tempo(self.working), "Deleted the last segment: no map.")
            return
        try:
            cue = self._placed(self._map_with(segments))
        except ScoreSyncError as error:
            self._say(str(error), error=True)
            return
        self._set_working(cue, message, keep_segment=keep)

    def _map_with(self, segments: tuple[Segment, ...]) -> TempoMap:
        """The map the segments make with the current pickup (raises when they cannot)."""
        return TempoMap(segments, self._pickup_beats())

    def _placed(self, tempo_map: TempoMap, downbeat_frames: int | None = None) -> Cue:
        """The working cue with ``tempo_map`` placed at ``downbeat_frames`` (the current
        downbeat by default); raises :class:`ScoreSyncError` when bar 1 would then fall
        more than a bar outside the cue, so a dialog can say so before it closes."""
        if downbeat_frames is None:
            downbeat_frames = self._downbeat_frames()
        return apply_tempo_map(self.working, tempo_map, downbeat_frames, rate=self.rate)

    def action_segment_add(self) -> None:
        """Ask for a segment to add after the highlighted one."""
        segments = self._segments()
        current = self.query_one(MapEditor).highlighted
        at = len(segments) if current is None else current + 1

        def parse(text: str) -> tuple[Segment, ...]:
            new = segments[:at] + (parse_segment_spec(text),) + segments[at:]
            check_open_segments(new)
            self._placed(self._map_with(new))
            return new

        def added(new: tuple[Segment, ...] | None) -> None:
            if new is not None:
                self._with_segments(new, f"Added segment {at + 1}.", at)

        initial = next_segment_text(segments[at - 1] if at else None)
        dialog = EntryDialog(f"Add segment {at + 1}", initial, parse, help_lines=SEGMENT_HELP)
        self.app.push_screen(dialog, added)

    def action_segment_edit(self) -> None:
        """Edit the highlighted segment in the segment-spec syntax."""
        index = self.query_one(MapEditor).highlighted
        if index is not None:
            self._edit_segment(index)

    def on_map_editor_segment_chosen(self, event: MapEditor.SegmentChosen) -> None:
        event.stop()
        self._edit_segment(event.index)

    def _edit_segment(self, index: int) -> None:
        segments = self._segments()
        if not 0 <= index < len(segments):
            return

        def parse(text: str) -> tuple[Segment, ...]:
            new = segments[:index] + (parse_segment_spec(text),) + segments[index + 1 :]
            check_open_segments(new)
            self._placed(self._map_with(new))
            return new

        def edited(new: tuple[Segment, ...] | None) -> None:
            if new is not None:
                self._with_segments(new, f"Changed segment {index + 1}.", index)

        dialog = EntryDialog(
            f"Edit segment {index + 1}",
            format_segment(segments[index]),
            parse,
            help_lines=SEGMENT_HELP,
        )
        self.app.push_screen(dialog, edited)

    def action_segment_delete(self) -> None:
        """Delete the highlighted segment (deleting the only one removes the map)."""
        segments = self._segments()
        index = self.query_one(MapEditor).highlighted
        if index is None or not 0 <= index < len(segments):
            return
        new = segments[:index] + segments[index + 1 :]
        try:
            if new:
                self._placed(self._map_with(new))
        except ScoreSyncError as error:
            self._say(f"Cannot delete segment {index + 1}: {error}", error=True)
            return
        self._with_segments(new, f"Deleted segment {index + 1}.", max(index - 1, 0))

    def action_downbeat(self) -> None:
        """Ask where the map's bar-1 downbeat sits."""
        tempo = self.working.tempo
        if tempo is None:
            return

        def parse(text: str) -> Cue:
            frames = downbeat_frames_for(self.working, normalise_downbeat(text), self.rate)
            return self._placed(tempo.map, frames)

        def moved(cue: Cue | None) -> None:
            if cue is not None and cue.tempo is not None:
                at = frames_to_tc(cue.tempo.downbeat_frames, rate=self.rate)
                self._set_working(cue, f"Downbeat at {at}.")

        initial = frames_to_tc(tempo.downbeat_frames, rate=self.rate)
        dialog = EntryDialog("Downbeat of bar 1", initial, parse, help_lines=DOWNBEAT_HELP)
        self.app.push_screen(dialog, moved)

    def action_pickup(self) -> None:
        """Ask for the map's pickup, in beats before the bar-1 downbeat."""
        tempo = self.working.tempo
        if tempo is None:
            return
        segments = tuple(tempo.map.segments)

        def parse(text: str) -> Cue:
            return self._placed(TempoMap(segments, to_fraction(text, what="pickup")))

        def set_pickup(cue: Cue | None) -> None:
            if cue is not None and cue.tempo is not None:
                beats = format_fraction(cue.tempo.map.pickup_beats)
                self._set_working(cue, f"Pickup of {beats} beats.")

        dialog = EntryDialog(
            "Pickup beats before bar 1",
            format_fraction(tempo.map.pickup_beats),
            parse,
            help_lines=("Beats of the first segment's beat unit: 0, 1, 1/2 ...; less than a bar.",),
        )
        self.app.push_screen(dialog, set_pickup)

    def action_clear(self) -> None:
        """Remove the cue's tempo map."""
        if self.working.tempo is not None:
            self._set_working(clear_tempo(self.working), "Removed the tempo map.")

    # -- leaving -----------------------------------------------------------------------

    def action_done(self) -> None:
        """Close with the edited cue (``None`` when nothing changed)."""
        self.dismiss(self.working if self.changed else None)

    def action_cancel(self) -> None:
        """Close without the changes, asking first when there are any."""
        if not self.changed:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        question = f"Discard the tempo changes to cue {self.working.number}?"
        self.app.push_screen(ConfirmDialog(question, yes="Discard", no="Keep editing"), answered)
