"""The Conform screen: the project's cues through a recut, and the new version written.

``ConformScreen(project, project_path)`` asks for the old and the new cut (any format the
editorial readers take, and the rate EDLs are read at), compares them and conforms every
cue in a thread worker with its progress on the status line, then shows:

- the cues with their status in colour, old and new in, the delta, hits moved and lost
  and the choice applying makes (follow the picture, take the musical proposal, leave
  the cue where it was);
- the selected cue's story: what happened, each hit's new timecode (or why it has none),
  and for a tempo-mapped cue the proposal beside the old map, hit by hit, in frames;
- the change list (unchanged stretches hidden until ``u``), filterable by typing in the
  filter field.

``n`` steps through the cues that need a decision; ``f``, ``p`` and ``l`` choose for the
selected cue, ``A`` takes every proposal; ``w`` writes the conformed project as the next
free version beside the project (``film.v2.scoresync.json``), never over it. The open
project is not changed.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from scoresync.conform.cues import Choice, CueChange, check_choice, default_choice
from scoresync.conform.report import SEGMENT_HEADERS, segment_cells
from scoresync.errors import ScoreSyncError
from scoresync.picture.lengths import signed_duration_to_tc
from scoresync.picture.timecode import frames_to_tc
from tempo.common.exact import signed_text
from tui.keys import CONFORM_BINDINGS
from tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from scoresync.conform.changemap import ChangeMap, Segment
    from scoresync.conform.cues import CueConform, ProjectConform
    from scoresync.picture.rates import FrameRate
    from scoresync.project.cuenumber import CueNumber
    from scoresync.project.model import Project

__all__ = ["ConformScreen", "STATUS_STYLES", "suggested_cuts"]

STATUS_STYLES: dict[CueChange, str] = {
    CueChange.UNCHANGED: "dim",
    CueChange.MOVED: "cyan",
    CueChange.HEAD_TRIMMED: "yellow",
    CueChange.TAIL_TRIMMED: "yellow",
    CueChange.EXTENDED: "yellow",
    CueChange.INTERNAL_CUT: "bold yellow",
    CueChange.INTERNAL_INSERT: "bold yellow",
    CueChange.SPLIT: "bold red",
    CueChange.DELETED: "bold red",
    CueChange.OUTSIDE: "red",
    CueChange.NEEDS_DECISION: "bold red",
}
"""The colour of each cue status: the more a person must look, the louder."""


def suggested_cuts(project_path: Path) -> tuple[str, str]:
    """The two cuts to offer first: ``NAME.v1.edl`` and ``NAME.v2.edl`` beside a project
    ``NAME.scoresync.json`` (as the demo writes them), where both are there."""
    stem = project_path.name.split(".")[0]
    old, new = (project_path.with_name(f"{stem}.v{n}.edl") for n in (1, 2))
    if old.is_file() and new.is_file():
        return str(old), str(new)
    return "", ""


def _tc(frames: int | None, rate: FrameRate) -> str:
    return "-" if frames is None else frames_to_tc(frames, rate=rate)


class ConformScreen(Screen[None]):
    """Two cuts in, every cue through the recut, the new version out."""

    BINDINGS: ClassVar[list[BindingType]] = [*CONFORM_BINDINGS]
    AUTO_FOCUS = "#old-cut"
    DEFAULT_CSS = """
    ConformScreen {
        layout: vertical;
        & #conform-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
        & #conform-cuts { height: 3; }
        & #conform-cuts Input { width: 1fr; }
        & #conform-cuts #cut-fps { width: 14; }
        & #conform-status { height: 1; padding: 0 1; color: $text-muted; }
        & #conform-body { height: 1fr; }
        & #conform-cues { width: 1fr; }
        & #conform-side { width: 1fr; }
        & #conform-detail { height: 2fr; padding: 0 1; }
        & #change-filter { height: 3; }
        & #conform-changes { height: 1fr; min-height: 6; }
        & #conform-cues, & #conform-detail, & #conform-changes {
            border: round $border-blurred;
            border-title-color: $text-muted;
        }
        & #conform-cues:focus, & #conform-changes:focus { border: round $border; }
    }
    """

    class Progressed(Message):
        """The conform worker reached ``step``."""

        def __init__(self, request: int, step: str) -> None:
            super().__init__()
            self.request, self.step = request, step

    class Conformed(Message):
        """The cuts were compared and every cue conformed."""

        def __init__(self, request: int, change_map: ChangeMap, result: ProjectConform) -> None:
            super().__init__()
            self.request, self.change_map, self.result = request, change_map, result

    class ConformFailed(Message):
        """The conform could not be made, for ``reason``."""

        def __init__(self, request: int, reason: str) -> None:
            super().__init__()
            self.request, self.reason = request, reason

    def __init__(self, project: Project, project_path: Path) -> None:
        super().__init__(id="conform")
        self.project = project
        self.project_path = project_path
        self.change_map: ChangeMap | None = None
        self.result: ProjectConform | None = None
        self.choices: dict[CueNumber, Choice] = {}
        self.show_unchanged = False
        self._request = 0

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        old, new = suggested_cuts(self.project_path)
        yield Static(f"Conform {self.project.title} to a new cut", id="conform-title")
        with Horizontal(id="conform-cuts"):
            yield Input(old, placeholder="old cut: EDL, FCPXML, FCP 7 XML, AAF, OTIO", id="old-cut")
            yield Input(new, placeholder="new cut (any of those formats)", id="new-cut")
            yield Input(self.project.rate.name, placeholder="EDL rate", id="cut-fps")
        yield Static(
            "Name the cut the cues were spotted on and the new one; Enter or F5 compares them",
            id="conform-status",
            markup=False,
        )
        with Horizontal(id="conform-body"):
            yield DataTable(id="conform-cues", cursor_type="row", zebra_stripes=True)
            with Vertical(id="conform-side"):
                with VerticalScroll(id="conform-detail"):
                    yield Static(id="conform-story", markup=False)
                yield Input(
                    placeholder="filter changes (text in change or source)", id="change-filter"
                )
                yield DataTable(id="conform-changes", cursor_type="row")
        yield KeyFooter()

    def on_mount(self) -> None:
        cues = self.query_one("#conform-cues", DataTable)
        cues.border_title = "Cues"
        cues.add_columns("cue", "status", "old in", "new in", "delta", "moved", "lost")
        cues.add_column("choice", width=max(len(choice.value) for choice in Choice))
        self.query_one("#conform-detail").border_title = "Cue"
        changes = self.query_one("#conform-changes", DataTable)
        changes.border_title = "Changes (u shows unchanged)"
        changes.add_columns(*SEGMENT_HEADERS)

    # -- running ---------------------------------------------------------------------------

    def _status(self, text: str) -> None:
        self.query_one("#conform-status", Static).update(text)

    def action_run(self) -> None:
        old = self.query_one("#old-cut", Input).value.strip()
        new = self.query_one("#new-cut", Input).value.strip()
        fps = self.query_one("#cut-fps", Input).value.strip() or self.project.rate.name
        if not old or not new:
            self._status("Name both cuts first: the old one, then the new one")
            self.query_one("#old-cut" if not old else "#new-cut", Input).focus()
            return
        folder = self.project_path.parent
        self._request += 1
        self._status("Reading the cuts ...")
        self._conform(
            self._request, folder / Path(old).expanduser(), folder / Path(new).expanduser(), fps
        )

    @on(Input.Submitted, "#old-cut, #new-cut, #cut-fps")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run()

    @work(thread=True, exclusive=True, group="conform")
    def _conform(self, request: int, old_path: Path, new_path: Path, fps: str) -> None:
        from scoresync.conform.changemap import diff_cuts
        from scoresync.conform.cues import conform_project
        from scoresync.conform.report import cut_rate_problem
        from scoresync.editorial.read import read_cut
        from scoresync.picture.rates import parse_rate

        def step(text: str) -> None:
            self.post_message(self.Progressed(request, text))

        try:
            rate = parse_rate(fps)
            step(f"Reading {old_path.name} ...")
            old = read_cut(old_path, rate=rate)
            step(f"Reading {new_path.name} ...")
            new = read_cut(new_path, rate=rate)
            problem = cut_rate_problem(old.rate, self.project.rate)
            if problem is not None:
                raise ScoreSyncError(problem)
            step(f"Comparing {len(old.clips)} shots with {len(new.clips)} ...")
            change_map = diff_cuts(old, new)
            result = conform_project(
                self.project,
                change_map,
                progress=lambda done, total: step(f"Conforming cue {done} of {total} ..."),
            )
        except ScoreSyncError as error:
            self.post_message(self.ConformFailed(request, str(error)))
            return
        self.post_message(self.Conformed(request, change_map, result))

    def on_conform_screen_progressed(self, event: Progressed) -> None:
        if event.request == self._request:
            self._status(event.step)

    def on_conform_screen_conform_failed(self, event: ConformFailed) -> None:
        if event.request == self._request:
            self._status(f"Not conformed: {event.reason}")
            self.notify(event.reason, title="Not conformed", severity="error", markup=False)

    def on_conform_screen_conformed(self, event: Conformed) -> None:
        if event.request != self._request:
            return
        self.change_map, self.result = event.change_map, event.result
        self.choices = {}
        waiting = len(event.result.needing_decision())
        if event.change_map.unchanged:
            summary = "No change: the new cut shows the same picture at the same timecodes"
        else:
            changed = len(event.change_map.changes())
            summary = (
                f"{changed} changes; {waiting} {'cue needs' if waiting == 1 else 'cues need'} a "
                "decision "
                "(n steps through them; f follow, p proposal, l leave; w writes the new version)"
            )
        self._status(summary)
        self._fill_cues()
        self._fill_changes()
        self.query_one("#conform-cues", DataTable).focus()

    # -- views -----------------------------------------------------------------------------

    def choice_for(self, item: CueConform) -> Choice:
        """What applying does with ``item`` now."""
        return self.choices.get(item.cue.number, default_choice(item))

    def _cue_cells(self, item: CueConform) -> list[str | Text]:
        rate = self.project.rate
        delta = (
            "-"
            if item.delta_frames is None
            else signed_duration_to_tc(item.delta_frames, rate=rate)
        )
        return [
            str(item.cue.number),
            Text(item.status.value, style=STATUS_STYLES[item.status]),
            _tc(item.old_in, rate),
            _tc(item.new_in, rate),
            delta,
            str(item.hits_moved),
            str(item.hits_lost),
            self.choice_for(item).value,
        ]

    def _fill_cues(self) -> None:
        table = self.query_one("#conform-cues", DataTable)
        table.clear()
        if self.result is None:
            return
        for item in self.result.cues:
            table.add_row(*self._cue_cells(item), key=str(item.cue.number))
        self._show_story()

    def _segments_shown(self) -> list[Segment]:
        if self.change_map is None:
            return []
        text = self.query_one("#change-filter", Input).value.strip().lower()
        shown = []
        for segment in self.change_map.segments:
            if segment.change.value == "unchanged" and not self.show_unchanged:
                continue
            words = " ".join((segment.change.value, *segment.sources)).lower()
            if text and text not in words:
                continue
            shown.append(segment)
        return shown

    def _fill_changes(self) -> None:
        table = self.query_one("#conform-changes", DataTable)
        table.clear()
        for segment in self._segments_shown():
            table.add_row(*segment_cells(segment, self.project.rate))

    @on(Input.Changed, "#change-filter")
    def _filter_changed(self) -> None:
        self._fill_changes()

    def selected_item(self) -> CueConform | None:
        """The conformed cue the cue table's cursor is on."""
        if self.result is None or not self.result.cues:
            return None
        row = self.query_one("#conform-cues", DataTable).cursor_row
        return self.result.cues[min(max(row, 0), len(self.result.cues) - 1)]

    @on(DataTable.RowHighlighted, "#conform-cues")
    def _cue_highlighted(self) -> None:
        self._show_story()

    def story(self, item: CueConform) -> str:
        """The selected cue's story, as the detail pane shows it."""
        rate = self.project.rate
        cue = item.cue
        lines = [
            f"{cue.number} {cue.title}: {item.status.value}",
            item.reason,
            f"was {_tc(item.old_in, rate)} - {_tc(item.old_out, rate)}, "
            + (
                "no one new place"
                if item.new_in is None or item.new_out is None
                else f"now {_tc(item.new_in, rate)} - {_tc(item.new_out, rate)}"
            ),
            f"applying: {self.choice_for(item).value}",
            "",
            "hits:",
        ]
        for hit in item.hits:
            where = _tc(hit.new_frames, rate) if not hit.lost else f"gone ({hit.reason})"
            lines.append(
                f"  {hit.index + 1:>2}  {_tc(hit.old_frames, rate)} -> {where}  {hit.label}"
            )
        if item.proposal is not None:
            lines += ["", f"proposal: {item.proposal.describe(rate)}", *self._beside(item)]
        return "\n".join(lines)

    def _beside(self, item: CueConform) -> list[str]:
        """Each hit against the old map (moved with the anchor) and the proposal, in frames
        off the nearest grid line."""
        from scoresync.conform.musical import moved_cue
        from scoresync.cuetempo.listing import hit_rows

        proposal = item.proposal
        if proposal is None or proposal.best is None:
            return []
        rate = self.project.rate
        moved = moved_cue(item)
        old_rows = hit_rows(moved, rate)
        new_rows = hit_rows(dataclasses.replace(moved, tempo=proposal.best), rate)
        lines = ["", "  hit  tc           old map        proposal"]
        for old, new in zip(old_rows, new_rows, strict=True):
            lines.append(
                f"  {old.index:>3}  {old.tc}  {signed_text(old.frames_off):>6} {old.status:<6} "
                f"{signed_text(new.frames_off):>6} {new.status:<6}  {old.label}"
            )
        return lines

    def _show_story(self) -> None:
        item = self.selected_item()
        text = "" if item is None else self.story(item)
        self.query_one("#conform-story", Static).update(text)

    def _refresh_item(self, item: CueConform) -> None:
        table = self.query_one("#conform-cues", DataTable)
        table.update_cell(
            str(item.cue.number), table.ordered_columns[-1].key, self.choice_for(item).value
        )
        self._show_story()

    # -- choices ---------------------------------------------------------------------------

    def _choose(self, choice: Choice) -> None:
        item = self.selected_item()
        if item is None:
            self.notify("Compare two cuts first (Enter or F5)", severity="warning")
            return
        problem = check_choice(item, choice)
        if problem is not None:
            self.notify(
                f"{item.cue.number}: cannot {choice.value}: {problem}",
                severity="warning",
                markup=False,
            )
            return
        self.choices[item.cue.number] = choice
        self._refresh_item(item)

    def action_follow(self) -> None:
        self._choose(Choice.FOLLOW)

    def action_take_proposal(self) -> None:
        self._choose(Choice.PROPOSAL)

    def action_leave(self) -> None:
        self._choose(Choice.LEAVE)

    def action_all_proposals(self) -> None:
        if self.result is None:
            return
        taken = 0
        for item in self.result.cues:
            if check_choice(item, Choice.PROPOSAL) is None:
                self.choices[item.cue.number] = Choice.PROPOSAL
                self._refresh_item(item)
                taken += 1
        self.notify(f"Took {taken} proposal{'s' if taken != 1 else ''}", timeout=3)

    def action_next_decision(self) -> None:
        if self.result is None:
            return
        items = self.result.cues
        table = self.query_one("#conform-cues", DataTable)
        start = table.cursor_row
        for step in range(1, len(items) + 1):
            row = (start + step) % len(items)
            if items[row].status.needs_decision or items[row].proposal is not None:
                table.move_cursor(row=row)
                return
        self.notify("No cue needs a decision", timeout=3)

    def action_toggle_unchanged(self) -> None:
        self.show_unchanged = not self.show_unchanged
        self._fill_changes()

    def action_write(self) -> None:
        if self.result is None:
            self.notify("Compare two cuts first (Enter or F5)", severity="warning")
            return
        from scoresync.conform.cues import conformed_project
        from scoresync.conform.report import next_version_path
        from scoresync.project.fileio import save_project

        target = next_version_path(self.project_path)
        try:
            save_project(conformed_project(self.project, self.result, self.choices), target)
        except ScoreSyncError as error:
            self.notify(str(error), title="Not written", severity="error", markup=False)
            return
        self._status(f"Wrote {target.name}: open it with scoresync tui {target.name}")
        self.notify(f"Wrote the conformed project to {target}", title="Conformed", markup=False)

    def action_back(self) -> None:
        self.dismiss(None)
