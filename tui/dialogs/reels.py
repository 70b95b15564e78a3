"""The reels: a list of the project's reels to add, rename, move and remove, and the form
that names a reel and places its start.

:class:`ReelForm` is what :class:`ReelFormDialog` answers. :class:`ReelsDialog` lists the
reels with the cues that start in each and runs each change as one undoable edit through
the ``commit`` it is given (the screen's), so the list, the timeline and undo agree; the
edits themselves are :mod:`scoresync.project.reels`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, DataTable, Label, Static

from scoresync.errors import ProjectError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import frames_to_tc
from scoresync.project import reels
from scoresync.project.model import Project, Reel
from tui.dialogs.form import FormDialog
from tui.keys import REELS_BINDINGS
from tui.widgets.fields import Field, TextInput, TimecodeInput

__all__ = ["ReelForm", "ReelFormDialog", "ReelsDialog", "reel_edit"]

Commit = Callable[[str, Callable[[], Project]], bool]
"""Applies one undoable edit: a description and a function making the new project;
False when the edit was refused (the reason is shown)."""


@dataclass(frozen=True)
class ReelForm:
    """What the reel form answers: the reel's name and start."""

    name: str
    start_frames: int


class ReelFormDialog(FormDialog[ReelForm]):
    """Name a reel and place its start: a timecode, or a time after the session start.

    ``problem`` says what is wrong with a start (before the session start, out of order
    with the other reels ...), or None.
    """

    def __init__(
        self,
        *,
        heading: str,
        rate: FrameRate,
        form: ReelForm,
        session_start_frames: int,
        problem: Callable[[int], str | None],
        focus_start: bool = False,
    ) -> None:
        super().__init__()
        self.TITLE_TEXT = heading
        self.focus_start = focus_start
        self.name_input = TextInput(form.name, placeholder="R2, Reel 2 v3 ...", id="reel-name")
        self.start_input = TimecodeInput(
            frames_to_tc(form.start_frames, rate=rate),
            rate=rate,
            origin=session_start_frames,
            origin_name="the session start",
            check=problem,
            id="reel-start",
        )

    def fields(self) -> Iterator[Widget]:
        yield Field("Name", self.name_input)
        yield Field("Start", self.start_input)

    def on_mount(self) -> None:
        if self.focus_start:  # after the form's own mount, which focuses the first field
            self.call_after_refresh(self.set_focus, self.start_input)

    def result(self) -> ReelForm:
        start = self.start_input.frames
        assert start is not None
        return ReelForm(self.name_input.value.strip(), start)


def _start_problem(make: Callable[[int], Project]) -> Callable[[int], str | None]:
    """A start check that tries the edit ``make`` makes with that start."""

    def problem(frames: int) -> str | None:
        try:
            make(frames)
        except ProjectError as error:
            return str(error)
        return None

    return problem


def reel_edit(
    project: Project, reel: Reel | None, *, focus_start: bool = False
) -> tuple[ReelFormDialog, Callable[[ReelForm], tuple[str, Callable[[Project], Project]]]]:
    """The form to add a reel (``reel`` None: after the last one) or change ``reel``, and
    what turns its answer into an edit: a description and a function of the project."""
    rate = project.rate
    if reel is None:
        number = reels.next_reel_number(project)
        last = max((r.start_frames for r in project.reels), default=project.session_start_frames)
        start = max(project.session_start_frames, last + 3600 * rate.base)
        form = ReelForm(f"R{number}", min(start, rate.frames_per_day - 1))
        dialog = ReelFormDialog(
            heading=f"Add reel {number}",
            rate=rate,
            form=form,
            session_start_frames=project.session_start_frames,
            problem=_start_problem(lambda frames: reels.add_reel(project, frames)),
            focus_start=True,
        )

        def added(answer: ReelForm) -> tuple[str, Callable[[Project], Project]]:
            return f"add reel {number}", lambda p: reels.add_reel(
                p, answer.start_frames, number=number, name=answer.name
            )

        return dialog, added
    chosen = reel
    dialog = ReelFormDialog(
        heading=f"Reel {chosen.number}",
        rate=rate,
        form=ReelForm(chosen.name, chosen.start_frames),
        session_start_frames=project.session_start_frames,
        problem=_start_problem(lambda frames: reels.set_reel_start(project, chosen.number, frames)),
        focus_start=focus_start,
    )

    def changed(answer: ReelForm) -> tuple[str, Callable[[Project], Project]]:
        def make(p: Project) -> Project:
            renamed = reels.rename_reel(p, chosen.number, answer.name or chosen.name)
            if answer.start_frames == chosen.start_frames:
                return renamed
            return reels.set_reel_start(renamed, chosen.number, answer.start_frames)

        return f"change reel {chosen.number}", make

    return dialog, changed


class ReelsDialog(ModalScreen[None]):
    """The project's reels, each with its start and the cues that start in it.

    ``a`` adds a reel, Enter or ``e`` renames it and sets its start, ``d`` removes it (a
    reel no cue starts in), Escape closes. ``project`` gives the project now and
    ``commit`` applies an edit (see :data:`Commit`).
    """

    BINDINGS: ClassVar[list[BindingType]] = [*REELS_BINDINGS]

    def __init__(
        self,
        *,
        project: Callable[[], Project],
        commit: Commit,
        notify_changes: Callable[[Project, Project], None],
        selected: int | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.project = project
        self.commit = commit
        self.notify_changes = notify_changes
        self.wanted = selected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog reels"):
            yield Label("Reels", classes="dialog-title")
            yield DataTable(id="reel-table", cursor_type="row", zebra_stripes=True)
            yield Static(
                "a add · Enter rename and set start · d remove (an empty reel) · Esc close",
                classes="dialog-note",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", id="reel-add", variant="primary")
                yield Button("Edit", id="reel-edit")
                yield Button("Remove", id="reel-remove")
                yield Button("Close", id="reel-close")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Reel", "Name", "Start", "Cues")
        self.show()
        table.focus()

    def show(self) -> None:
        """List the reels of the project now, keeping the row cursor on the wanted reel."""
        project = self.project()
        table = self.query_one(DataTable)
        table.clear()
        for reel in sorted(project.reels, key=lambda r: (r.start_frames, r.number)):
            numbers = [str(cue.number) for cue in reels.cues_in_reel(project, reel.number)]
            shown = " ".join(numbers[:8]) + (f" … ({len(numbers)})" if len(numbers) > 8 else "")
            table.add_row(
                str(reel.number),
                reel.name,
                frames_to_tc(reel.start_frames, rate=project.rate),
                shown or "—",
                key=str(reel.number),
            )
        if self.wanted is not None and str(self.wanted) in {str(r.number) for r in project.reels}:
            table.move_cursor(row=table.get_row_index(str(self.wanted)))

    @property
    def selected_reel(self) -> Reel | None:
        """The reel under the row cursor."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.project().reels if str(r.number) == key), None)

    def _open(self, reel: Reel | None) -> None:
        before = self.project()
        dialog, edit = reel_edit(before, reel)

        def done(answer: ReelForm | None) -> None:
            if answer is None:
                return
            description, make = edit(answer)
            if self.commit(description, lambda: make(self.project())):
                self.notify_changes(before, self.project())
                added = {r.number for r in self.project().reels} - {r.number for r in before.reels}
                self.wanted = next(iter(added), reel.number if reel is not None else None)
                self.show()

        self.app.push_screen(dialog, done)

    def action_add(self) -> None:
        self._open(None)

    def action_edit(self) -> None:
        reel = self.selected_reel
        if reel is not None:
            self._open(reel)

    def action_remove(self) -> None:
        reel = self.selected_reel
        if reel is None:
            return
        number = reel.number
        if self.commit(f"remove reel {number}", lambda: reels.remove_reel(self.project(), number)):
            self.wanted = None
            self.show()
            self.notify(f"Removed reel {number} (undo brings it back)", timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {
            "reel-add": self.action_add,
            "reel-edit": self.action_edit,
            "reel-remove": self.action_remove,
            "reel-close": self.action_close,
        }[event.button.id or "reel-close"]()
