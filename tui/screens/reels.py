"""The reel actions of the main screen: the list of reels (``R``), and the command-palette
entries that add a reel or rename, move or remove the reel the timeline shows.

:class:`ReelActions` is mixed into :class:`~tui.screens.main.MainScreen` beside
:class:`~tui.screens.spotting.SpottingActions`, whose ``commit`` makes each change one
undoable edit. The timeline shows the reel the cursor is in (selecting a cue puts the
cursor on its start): :meth:`ReelActions.shown_reel_number`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from scoresync.picture.timecode import frames_to_tc
from scoresync.project import reels
from scoresync.project.model import Cue, Project, Reel
from tui.screens.actions import ScreenActions

if TYPE_CHECKING:
    from tui.dialogs.reels import ReelForm

__all__ = ["ReelActions", "reel_headings"]

GROUPED_SORTS = ("number", "start")
"""The cue list's sorts that keep a reel's cues together, so the list heads each reel."""


def reel_headings(project: Project, cues: Sequence[Cue]) -> list[tuple[int, str]]:
    """The headings of the cue list showing ``cues`` (in the list's order): one above
    each run of cues that start in the same reel, as the row of the run's first cue and
    the text ``Reel 2 · Act Two · 02:00:00:00 · 3 cues`` (the name only when it is not
    the reel's default ``R2``). A project of one reel has none."""
    if len(project.reels) < 2 or not cues:
        return []
    find = reels.reel_finder(project)
    known = {reel.number: reel for reel in project.reels}
    runs: list[list[int]] = []  # [first row, reel, count]
    for row, cue in enumerate(cues):
        number = find(cue.start_frames)
        if runs and runs[-1][1] == number:
            runs[-1][2] += 1
        else:
            runs.append([row, number, 1])
    headings = []
    for first, number, count in runs:
        parts = [f"Reel {number}"]
        reel = known.get(number)
        if reel is not None:
            if reel.name != f"R{number}":
                parts.append(reel.name)
            parts.append(frames_to_tc(reel.start_frames, rate=project.rate))
        parts.append(f"{count} cue" if count == 1 else f"{count} cues")
        headings.append((first, " · ".join(parts)))
    return headings


class ReelActions(ScreenActions):
    """Reel editing for a screen holding a document, a selection and a cursor."""

    cursor_frames: int

    def shown_reel_number(self) -> int:
        """The reel the timeline and the header show: the one the cursor is in (after
        ``g`` to another reel's timecode, that reel, though the selected cue stays)."""
        return reels.reel_at(self.project, self.cursor_frames)

    def _shown_reel(self) -> Reel | None:
        number = self.shown_reel_number()
        return next((reel for reel in self.project.reels if reel.number == number), None)

    def notify_reel_changes(self, before: Project, after: Project) -> None:
        """Say which cues now start in another reel (after a reel was added or moved)."""
        lines = reels.reel_changes(before, after)
        if lines:
            self.notify("\n".join(lines), title="Cues in another reel", severity="warning")

    def action_reels(self) -> None:
        from tui.dialogs.reels import ReelsDialog

        self.app.push_screen(
            ReelsDialog(
                project=lambda: self.project,
                commit=self.commit,
                notify_changes=self.notify_reel_changes,
                selected=self.shown_reel_number(),
            )
        )

    def _edit_reel(self, reel: Reel | None, *, focus_start: bool = False) -> None:
        from tui.dialogs.reels import reel_edit

        before = self.project
        dialog, edit = reel_edit(before, reel, focus_start=focus_start)

        def done(answer: ReelForm | None) -> None:
            if answer is None:
                return
            description, make = edit(answer)
            if self.commit(description, lambda: make(self.project)):
                self.notify_reel_changes(before, self.project)

        self.app.push_screen(dialog, done)

    def action_reel_add(self) -> None:
        self._edit_reel(None)

    def action_reel_rename(self) -> None:
        reel = self._shown_reel()
        if reel is not None:
            self._edit_reel(reel)

    def action_reel_set_start(self) -> None:
        reel = self._shown_reel()
        if reel is not None:
            self._edit_reel(reel, focus_start=True)

    def action_reel_remove(self) -> None:
        reel = self._shown_reel()
        if reel is None:
            return
        number = reel.number
        if self.commit(f"remove reel {number}", lambda: reels.remove_reel(self.project, number)):
            self.notify(f"Removed reel {number} ({reel.name}); undo brings it back", timeout=3)
