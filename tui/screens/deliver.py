"""The main screen's command-palette work beyond spotting: a multi-segment tempo plan of
the selected cue, a composer's MIDI tempo map read into it, and every cue exported.

:class:`DeliverActions` is mixed into :class:`~tui.screens.main.MainScreen` beside
:class:`~tui.screens.spotting.SpottingActions`, whose ``commit`` makes each change to the
project one undoable edit.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scoresync.errors import ScoreSyncError
from scoresync.project.model import Cue
from tui.screens.actions import ScreenActions

if TYPE_CHECKING:
    from scoresync.deliver.midi_import import MidiImportReport
    from tui.dialogs.midi_import import MidiImportForm
    from tui.state import Document

__all__ = ["DeliverActions", "import_summary"]


def import_summary(report: MidiImportReport) -> str:
    """What a MIDI import did, in a few lines: where the downbeat went, the map, the drift
    and the notes."""
    segments = report.imported.tempo_map.segments
    lines = [
        f"Read {Path(report.file).name} into {report.cue}: downbeat {report.downbeat_tc} "
        f"({report.downbeat_how})",
        f"{len(segments)} segment{'s' if len(segments) != 1 else ''}, "
        f"max drift {report.max_drift_ms:.3f} ms",
        *(f"note: {note}" for note in report.notes),
    ]
    return "\n".join(lines)


class DeliverActions(ScreenActions):
    """Tempo planning, MIDI import and exporting every cue, for the main screen."""

    document: Document

    def _cue_for(self, what: str) -> Cue | None:
        cue = self.selected_cue
        if cue is None:
            self.notify(f"Select a cue to {what} first", severity="warning")
        return cue

    def action_plan_tempo(self) -> None:
        cue = self._cue_for("plan")
        if cue is None:
            return
        number = cue.number

        def done(planned: Cue | None) -> None:
            if planned is not None and self.commit(
                f"plan the tempo of {number}",
                lambda: self.project.replace_cue(number, planned),
            ):
                self.notify(f"Applied the planned tempo map to {number}", timeout=3)

        from tui.dialogs.plan import PlanDialog

        self.app.push_screen(PlanDialog(self.project, cue), done)

    def action_import_midi(self) -> None:
        cue = self._cue_for("import a MIDI tempo map into")
        if cue is None:
            return
        number = str(cue.number)

        def done(form: MidiImportForm | None) -> None:
            if form is None:
                return
            from scoresync.deliver.midi_import import import_cue_midi

            try:
                project, report = import_cue_midi(
                    self.project, number, form.path, keep_downbeat=form.keep_downbeat
                )
            except ScoreSyncError as error:
                self.notify(str(error), title="Not imported", severity="error", markup=False)
                return
            if self.commit(f"import a MIDI tempo map into {number}", lambda: project):
                self.notify(import_summary(report), title="MIDI imported", markup=False)

        from tui.dialogs.midi_import import MidiImportDialog

        folder = self.document.path.parent
        self.app.push_screen(MidiImportDialog(number=number, folder=folder), done)

    def action_export_all(self) -> None:
        from tui.dialogs.export_all import ExportAllDialog

        self.app.push_screen(ExportAllDialog(self.project, self.document.path))
