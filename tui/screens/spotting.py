"""The spotting actions of the main screen: cues and hits created, edited, split, deleted
and nudged, each as one undoable edit.

:class:`SpottingActions` is mixed into :class:`~tui.screens.main.MainScreen`, which provides
the view state it reads (selection, cursor) and :meth:`refresh_views`.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scoresync.errors import ProjectError
from scoresync.picture.timecode import frames_to_tc
from scoresync.project import spotting as edits
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, Hit, Project
from scoresync.project.reels import reel_warning
from tui.dialogs.kept import kept

if TYPE_CHECKING:
    from textual.app import App

    from tui.dialogs.spotting import CueForm, HitForm, SplitForm
    from tui.state import Document

__all__ = ["SpottingActions", "cue_numbered", "fields_of", "synced"]

NEW_CUE_SECONDS = 30


def synced(action: Callable[..., None]) -> Callable[..., None]:
    """Run an action on the selection the list shows now (see ``sync_with_list``)."""

    @functools.wraps(action)
    def run(self: Any, *arguments: object) -> None:
        self.sync_with_list()
        action(self, *arguments)

    return run


def cue_numbered(project: Project, number: CueNumber) -> Cue | None:
    """The cue of ``project`` numbered ``number``, or None: a binary search over the cues,
    which a project keeps sorted by number, so that the many questions a key press asks
    about the selected cue cost no more in a 10,000-cue project than in a small one."""
    cues = project.cues
    index = bisect.bisect_left(cues, number, key=_number_of)
    if index < len(cues) and cues[index].number == number:
        return cues[index]
    return None


def _number_of(cue: Cue) -> CueNumber:
    return cue.number


def fields_of(form: object) -> dict[str, Any]:
    """The fields of a dataclass form as keyword arguments (shallow, unlike ``asdict``)."""
    return {f.name: getattr(form, f.name) for f in dataclasses.fields(form)}  # type: ignore[arg-type]


class SpottingActions:
    """Cue and hit editing for a screen holding a document, a selection and a cursor."""

    document: Document
    selected: CueNumber | None
    selected_hit: int | None
    cursor_frames: int
    app: App[Any]

    @property
    def project(self) -> Project:
        """The project being edited."""
        return self.document.project

    @property
    def selected_cue(self) -> Cue | None:
        """The selected cue, if any."""
        if self.selected is None:
            return None
        return cue_numbered(self.project, self.selected)

    if TYPE_CHECKING:  # provided by the screen

        def refresh_views(self) -> None: ...

        def visible_cues(self) -> list[Cue]: ...

        def sync_with_list(self) -> None: ...

        def notify(self, message: str, **options: Any) -> None: ...

    def warn_placing(self, cue: Cue) -> None:
        """A notice when ``cue`` overlaps others or starts in another reel than its number
        names: both may be meant, so neither is refused."""
        for warning in (edits.overlap_warning(self.project, cue), reel_warning(self.project, cue)):
            if warning is not None:
                self.notify(warning, title="Check", severity="warning", markup=False)

    def _select(self, number: CueNumber | None, hit: int | None = None) -> None:
        self.selected, self.selected_hit = number, hit
        self.refresh_views()

    # -- editing ---------------------------------------------------------------------------

    def commit(
        self, description: str, make: Callable[[], Project], *, coalesce: str | None = None
    ) -> bool:
        """Build a new project with ``make`` and apply it as one undoable edit.

        A :class:`ProjectError` (an edit the model refuses) is shown, and nothing changes.
        """
        try:
            project = make()
        except ProjectError as error:
            self.notify(str(error), title="Not done", severity="error", markup=False)
            return False
        self.document.apply_edit(description, project, coalesce=coalesce)
        self.refresh_views()
        return True

    def _start_check(
        self, number: CueNumber, *, keep: int | None = None
    ) -> Callable[[int], str | None]:
        """Why the project refuses a cue starting at a position (before the session start
        or the first reel), or None; ``keep`` is a start it keeps as it is."""
        project = self.project

        def problem(frames: int) -> str | None:
            if frames == keep:
                return None
            try:
                project.check_cue_start(number, frames)
            except ProjectError as error:
                return str(error)
            return None

        return problem

    def _cue_form(self, cue: Cue) -> CueForm:
        from tui.dialogs.spotting import CueForm

        return CueForm(
            cue.number,
            cue.title,
            cue.start_frames,
            cue.end_frames,
            cue.status,
            cue.description,
            cue.in_note,
            cue.out_note,
        )

    @synced
    def action_new_cue(self) -> None:
        from tui.dialogs.spotting import CueDialog

        project = self.project
        start = self.cursor_frames
        number = edits.suggest_number(project, start)
        end = start + NEW_CUE_SECONDS * project.rate.base
        blank = Cue(number, "", start, end)
        dialog = kept(
            self.app,
            CueDialog,
            heading="New cue",
            rate=project.rate,
            form=self._cue_form(blank),
            taken=frozenset(c.number for c in project.cues),
            session_start_frames=project.session_start_frames,
            start_check=self._start_check(number),
        )

        def done(form: CueForm | None) -> None:
            if form is None:
                return
            cue = dataclasses.replace(blank, **fields_of(form))
            if self.commit(f"add cue {cue.number}", lambda: self.project.with_cue(cue)):
                self._select(cue.number)
                self.warn_placing(cue)

        self.app.push_screen(dialog, done)

    @synced
    def action_edit_cue(self) -> None:
        from tui.dialogs.spotting import CueDialog

        cue = self.selected_cue
        if cue is None:
            return
        hit_span = (cue.hits[0].frames, cue.hits[-1].frames) if cue.hits else None
        taken = frozenset(c.number for c in self.project.cues if c.number != cue.number)
        dialog = kept(
            self.app,
            CueDialog,
            heading=f"Edit cue {cue.number}",
            rate=self.project.rate,
            taken=taken,
            form=self._cue_form(cue),
            session_start_frames=self.project.session_start_frames,
            hit_span=hit_span,
            start_check=self._start_check(cue.number, keep=cue.start_frames),
        )

        def done(form: CueForm | None) -> None:
            if form is None:
                return
            changed = dataclasses.replace(cue, **fields_of(form))
            if self.commit(
                f"edit cue {cue.number}", lambda: self.project.replace_cue(cue.number, changed)
            ):
                self._select(changed.number, self.selected_hit)
                placed = (changed.number, changed.start_frames, changed.end_frames)
                if placed != (cue.number, cue.start_frames, cue.end_frames):
                    self.warn_placing(changed)

        self.app.push_screen(dialog, done)

    @synced
    def action_split_cue(self) -> None:
        from tui.dialogs.spotting import SplitDialog

        cue = self.selected_cue
        if cue is None:
            return
        if cue.duration_frames < 2:
            self.notify(
                f"{cue.number} is one frame long; there is nothing to split", severity="warning"
            )
            return
        inside = cue.start_frames < self.cursor_frames < cue.end_frames
        at = self.cursor_frames if inside else cue.start_frames + cue.duration_frames // 2
        project = self.project
        dialog = SplitDialog(
            number=cue.number,
            rate=project.rate,
            cue_span=(cue.start_frames, cue.end_frames),
            at_frames=at,
            tail=edits.tail_number(project, cue),
            taken=frozenset(c.number for c in project.cues),
        )

        def done(form: SplitForm | None) -> None:
            if form is None:
                return
            tc = frames_to_tc(form.at_frames, rate=self.project.rate)
            if self.commit(
                f"split {cue.number} at {tc}",
                lambda: edits.split_cue(self.project, cue.number, form.at_frames, form.tail),
            ):
                self.notify(f"Split {cue.number} at {tc}; the tail is {form.tail}", timeout=3)

        self.app.push_screen(dialog, done)

    @synced
    def action_delete_cue(self) -> None:
        cue = self.selected_cue
        if cue is None:
            return
        numbers = [c.number for c in self.visible_cues()]
        index = numbers.index(cue.number) if cue.number in numbers else 0
        if self.commit(f"delete cue {cue.number}", lambda: self.project.without_cue(cue.number)):
            visible = self.visible_cues()
            following = visible[min(index, len(visible) - 1)].number if visible else None
            self._select(following)
            self.notify(f"Deleted {cue.number} (undo brings it back)", timeout=3)

    @synced
    def action_nudge(self, delta_frames: int) -> None:
        cue = self.selected_cue
        if cue is None:
            return
        self.commit(
            f"nudge cue {cue.number}",
            lambda: edits.nudge_cue(self.project, cue.number, delta_frames),
            coalesce=f"nudge:{cue.number}",
        )

    @synced
    def action_nudge_second(self, direction: int) -> None:
        self.action_nudge(direction * self.project.rate.base)

    # -- hits ------------------------------------------------------------------------------

    def _hit_form(self, hit: Hit) -> HitForm:
        from tui.dialogs.spotting import HitForm

        return HitForm(
            hit.frames, hit.label, hit.weight, hit.must_hit, hit.target, hit.tolerance_frames
        )

    @synced
    def action_add_hit(self) -> None:
        from tui.dialogs.spotting import HitDialog

        cue = self.selected_cue
        if cue is None:
            return
        inside = cue.start_frames <= self.cursor_frames < cue.end_frames
        blank = Hit(self.cursor_frames if inside else cue.start_frames)
        dialog = kept(
            self.app,
            HitDialog,
            heading=f"Add a hit to {cue.number}",
            rate=self.project.rate,
            cue_span=(cue.start_frames, cue.end_frames),
            form=self._hit_form(blank),
            place_check=self._hit_place_check(cue, None),
        )

        def done(form: HitForm | None) -> None:
            if form is None:
                return
            hit = Hit(**fields_of(form))
            added: list[int] = []

            def add() -> Project:
                project, index = edits.add_hit(self.project, cue.number, hit)
                added.append(index)
                return project

            if self.commit(f"add hit to {cue.number}", add):
                self.cursor_frames = hit.frames
                self._select(cue.number, added[0])

        self.app.push_screen(dialog, done)

    def _hit_place_check(self, cue: Cue, index: int | None) -> Callable[[int], str | None]:
        """What the project says of a hit of ``cue`` at a position (a new hit, or hit
        ``index`` moved there): the reason it is refused, or None."""
        project = self.project

        def problem(frames: int) -> str | None:
            hit = Hit(frames)
            if index is not None:
                hit = dataclasses.replace(cue.hits[index], frames=frames)
            try:
                if index is None:
                    edits.add_hit(project, cue.number, hit)
                else:
                    edits.edit_hit(project, cue.number, index, hit)
            except ProjectError as error:
                return str(error)
            return None

        return problem

    def _hit_or_why(self) -> tuple[Cue, int, Hit] | None:
        """The selected hit, or None after saying that none is selected."""
        found = self._selected_hit()
        if found is None:
            self.notify("No hit is selected: , and . select the previous and next hit", timeout=3)
        return found

    def _selected_hit(self) -> tuple[Cue, int, Hit] | None:
        cue = self.selected_cue
        if cue is None or self.selected_hit is None or self.selected_hit >= len(cue.hits):
            return None
        return cue, self.selected_hit, cue.hits[self.selected_hit]

    def _replace_hit(self, description: str, hit: Hit, *, coalesce: str | None = None) -> None:
        found = self._selected_hit()
        if found is None:
            return
        cue, index, _old = found
        try:
            changed, new_index = edits.edit_hit(self.project, cue.number, index, hit)
        except ProjectError as error:
            self.notify(str(error), title="Not done", severity="error", markup=False)
            return
        if self.commit(description, lambda: changed, coalesce=coalesce):
            self._select(cue.number, new_index)

    @synced
    def action_edit_hit(self) -> None:
        from tui.dialogs.spotting import HitDialog

        found = self._hit_or_why()
        if found is None:
            return
        cue, index, hit = found
        dialog = kept(
            self.app,
            HitDialog,
            heading=f"Edit hit {index + 1} of {cue.number}",
            rate=self.project.rate,
            cue_span=(cue.start_frames, cue.end_frames),
            form=self._hit_form(hit),
            place_check=self._hit_place_check(cue, index),
        )

        def done(form: HitForm | None) -> None:
            if form is not None:
                self._replace_hit(f"edit hit {index + 1} of {cue.number}", Hit(**fields_of(form)))

        self.app.push_screen(dialog, done)

    @synced
    def action_delete_hit(self) -> None:
        found = self._hit_or_why()
        if found is None:
            return
        cue, index, _hit = found
        if self.commit(
            f"delete hit {index + 1} of {cue.number}",
            lambda: self.project.replace_cue(cue.number, cue.without_hit(index)),
        ):
            self._select(cue.number, None)

    @synced
    def action_toggle_must_hit(self) -> None:
        found = self._hit_or_why()
        if found is not None:
            cue, index, hit = found
            marked = dataclasses.replace(hit, must_hit=not hit.must_hit)
            self._replace_hit(f"mark hit {index + 1} of {cue.number}", marked)

    @synced
    def action_nudge_hit(self, delta_frames: int) -> None:
        found = self._selected_hit()
        if found is None:
            return
        cue, index, _hit = found
        try:
            project, new_index = edits.nudge_hit(self.project, cue.number, index, delta_frames)
        except ProjectError as error:
            self.notify(str(error), title="Not done", severity="error", markup=False)
            return
        if self.commit(
            f"nudge hit of {cue.number}", lambda: project, coalesce=f"nudge-hit:{cue.number}"
        ):
            self._select(cue.number, new_index)

    @synced
    def action_nudge_hit_second(self, direction: int) -> None:
        self.action_nudge_hit(direction * self.project.rate.base)
