"""The MIDI import form: the composer's MIDI tempo map to read into the selected cue.

The form answers a :class:`MidiImportForm` (the file, resolved against the project file's
folder, and whether the cue keeps its downbeat); the screen reads the file with
:func:`scoresync.deliver.midi_import.import_cue_midi`, the command line's ``import midi``,
and applies it as one undoable edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from textual.widget import Widget
from textual.widgets import Checkbox

from tui.dialogs.export import resolve_output
from tui.dialogs.form import FormCheckbox, FormDialog
from tui.widgets.fields import Field, Parsed, TextInput

__all__ = ["MidiImportDialog", "MidiImportForm"]


@dataclass(frozen=True)
class MidiImportForm:
    """What the MIDI import form answers."""

    path: Path
    keep_downbeat: bool


class MidiImportDialog(FormDialog[MidiImportForm]):
    """Name a MIDI file (``.mid``) to read into cue ``number``; a relative name is taken
    from ``folder``, the project file's folder."""

    def __init__(self, *, number: str, folder: Path) -> None:
        super().__init__()
        self.TITLE_TEXT = f"Import a MIDI tempo map into {number}"
        self.folder = folder
        self.path_input = TextInput(
            "",
            placeholder="composer tempo map.mid (beside the project, or a full path)",
            id="midi-path",
            validators=[Parsed(self._existing)],
        )

    def _existing(self, text: str) -> Path:
        if not text.strip():
            raise ValueError("name the MIDI file to read (a .mid file)")
        path = resolve_output(text, self.folder)
        if not path.is_file():
            raise ValueError(f"no file {path}; check the name and folder")
        return path

    def fields(self) -> Iterator[Widget]:
        yield Field("File", self.path_input)
        yield Field(
            "Downbeat",
            FormCheckbox(
                "keep the cue's downbeat (else the file's SMPTE offset places it)",
                False,
                id="midi-keep",
                compact=True,
            ),
        )

    def result(self) -> MidiImportForm:
        return MidiImportForm(
            self._existing(self.path_input.value), self.query_one("#midi-keep", Checkbox).value
        )
