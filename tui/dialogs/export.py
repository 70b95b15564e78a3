"""The export dialog: one cue's click track, MIDI tempo map, MusicXML skeleton, timing
sheet or streamers, written to a file the user names.

The dialog picks the kind, the file (beside the project file by default, named after the
cue: ``1M1 Main Title.wav``) and the options of that kind; Enter or Export writes the file
in a thread worker through :func:`scoresync.deliver.exports.run_export`, the same call the command
line makes, while a progress bar runs. What was written, or why it could not be, shows in
the dialog. Exports never change the project: the dialog dismisses with the last file it
wrote, or None.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, ContentSwitcher, Input, Label, ProgressBar, Select, Static

from scoresync.deliver.exports import (
    EXPORT_KINDS,
    ExportRequest,
    ExportResult,
    cue_file_name,
    run_export,
)
from scoresync.errors import ScoreSyncError
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, Project
from tempo.common.atomic import check_writable
from tui.dialogs.export_options import ExportOptions, panel_for
from tui.keys import DIALOG_BINDINGS
from tui.keys import EXPORT_KINDS as KIND_LABELS
from tui.widgets.fields import Field, TextInput

__all__ = ["ExportDialog", "OutputPath", "no_tempo_message"]

WRITING = {
    "click": "Rendering the click track",
    "midi": "Writing the MIDI tempo map and reading it back",
    "musicxml": "Writing the MusicXML skeleton",
    "timing": "Writing the timing sheet",
    "streamers": "Writing the streamers",
}


def no_tempo_message(cue: Cue) -> str:
    """Why a cue without a tempo map has nothing to export, and what to do."""
    return (
        f"{cue.number} has no tempo map: the click, MIDI, MusicXML, timing sheet and "
        "streamers all follow one. Open Find Tempo on the cue (t) to find or set a map, "
        "then export."
    )


def resolve_output(text: str, folder: Path) -> Path:
    """The file named by ``text``: ``~`` expanded, a relative name taken from ``folder``."""
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else folder / path


class OutputPath(Validator):
    """Accepts a file name whose folder exists and can be written (relative names count
    from ``folder``, the project's folder)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.failure("type the file to write, such as 1M1 Main Title.wav", value)
        try:
            check_writable(resolve_output(value, self.folder))
        except ScoreSyncError as error:
            return self.failure(str(error), value)
        return self.success()


class ExportDialog(ModalScreen[Path | None]):
    """Exports one cue of ``project`` (read only) to a file beside ``project_path``.

    ``kind`` is the export chosen first: ``click``, ``midi``, ``musicxml``, ``timing`` or
    ``streamers``; the dialog can switch to any other.
    """

    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
        background: $background 60%;
        & > #export-box {
            width: 104;
            max-width: 95%;
            height: auto;
            max-height: 100%;
            padding: 0 2;
            border: round $primary;
            background: $surface;
        }
        & #export-title { text-style: bold; color: $primary; margin: 1 0; }
        & #export-problem { color: $text-error; margin-bottom: 1; }
        & Field .field-label { width: 16; }
        & Field .field-error { padding-left: 16; }
        & Field Select { width: 28; }
        & Field Input { width: 1fr; }
        & Field Input.-invalid { color: $error; background: $error 15%; }
        & #export-path-note { color: $foreground-muted; padding-left: 16; height: auto; }
        & #export-path-note.-empty { display: none; }
        & ContentSwitcher { height: auto; margin-top: 1; }
        & #export-progress { height: 1; margin-top: 1; display: none; }
        & #export-progress Static { width: auto; margin-right: 2; color: $foreground-muted; }
        & #export-result { height: auto; margin-top: 1; display: none; }
        & #export-result.-ok { display: block; color: $text-success; }
        & #export-result.-error { display: block; color: $text-error; }
        & #export-buttons { height: auto; align: right middle; margin: 1 0; }
        & #export-buttons Button { margin-left: 1; min-width: 10; }
    }
    ExportDialog.-running #export-progress { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [*DIALOG_BINDINGS]

    class Exported(Message):
        """The export was written."""

        def __init__(self, result: ExportResult) -> None:
            super().__init__()
            self.result = result

    class ExportFailed(Message):
        """The export could not be written; ``message`` says why and what to do."""

        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(
        self,
        project: Project,
        cue_number: CueNumber | str,
        project_path: Path,
        *,
        kind: str = "click",
    ) -> None:
        if kind not in EXPORT_KINDS:
            raise ValueError(f"unknown export kind {kind!r}: use one of {', '.join(EXPORT_KINDS)}")
        super().__init__(classes="dialog-screen")  # the app dims the screen behind
        self.project = project
        self.project_path = Path(project_path)
        self.kind = kind
        self.cue: Cue | None = None
        self.problem = ""
        try:
            self.cue = project.cue(cue_number)
        except ScoreSyncError as error:
            self.problem = f"{error}; choose a cue in the list, then export"
        else:
            if self.cue.tempo is None:
                self.problem = no_tempo_message(self.cue)
        self.result: ExportResult | None = None
        self.written: Path | None = None
        self.running = False
        self._suffix = ""

    @property
    def folder(self) -> Path:
        """The project's folder, where exports go by default."""
        return self.project_path.parent

    def compose(self) -> ComposeResult:
        title = f"Export {self.cue.number} {self.cue.title}" if self.cue else "Export"
        with Vertical(id="export-box"):
            yield Label(title.strip(), id="export-title")
            if self.problem or self.cue is None:
                yield Static(self.problem, id="export-problem", markup=False)
            else:
                yield from self._form(self.cue)
            with Horizontal(id="export-buttons"):
                if not self.problem:
                    yield Button("Export", variant="primary", id="export-run")
                yield Button("Close", id="export-close")

    def _form(self, cue: Cue) -> ComposeResult:
        kinds = [(KIND_LABELS.get(kind, kind), kind) for kind in EXPORT_KINDS]
        kind_select = Select(
            kinds, value=self.kind, allow_blank=False, compact=True, id="export-kind"
        )
        yield Field("Export", kind_select)
        panels = [panel_for(kind, rate=self.project.rate) for kind in EXPORT_KINDS]
        self._suffix = next(p for p in panels if p.kind == self.kind).DEFAULTS.suffix
        path = self.folder / cue_file_name(cue, self._suffix)
        yield Field(
            "File",
            TextInput(str(path), id="export-path", validators=[OutputPath(self.folder)]),
            id="export-path-field",
        )
        yield Static("", id="export-path-note", classes="-empty", markup=False)
        with ContentSwitcher(initial=f"options-{self.kind}", id="export-options"):
            yield from panels
        with Horizontal(id="export-progress"):
            yield Static(WRITING[self.kind], id="export-progress-text", markup=False)
            yield ProgressBar(total=None, show_eta=False, show_percentage=False)
        yield Static("", id="export-result", markup=False)

    def on_mount(self) -> None:
        if self.problem:
            self.query_one("#export-close", Button).focus()
            return
        path_input = self.query_one("#export-path", Input)
        self._show_path(path_input.validate(path_input.value))
        path_input.focus()

    # -- the form -----------------------------------------------------------------------

    @property
    def options(self) -> ExportOptions:
        """The options panel of the kind chosen now."""
        return self.query_one(f"#options-{self.kind}", ExportOptions)

    @on(Select.Changed, "#export-kind")
    def _kind_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if not isinstance(event.value, str) or event.value == self.kind:
            return
        self.kind = event.value
        self.query_one("#export-options", ContentSwitcher).current = f"options-{self.kind}"
        self.query_one("#export-progress-text", Static).update(WRITING[self.kind])
        self._follow_suffix(self.options.suffix)

    @on(ExportOptions.Changed)
    def _options_changed(self, event: ExportOptions.Changed) -> None:
        event.stop()
        if event.options.kind == self.kind:
            self._follow_suffix(event.options.suffix)

    def _follow_suffix(self, suffix: str) -> None:
        """Give the file the new extension, when it still has the one the dialog chose."""
        old, self._suffix = self._suffix, suffix
        path_input = self.query_one("#export-path", Input)
        text = path_input.value.strip()
        if old != suffix and text.lower().endswith(old.lower()):
            path_input.value = text[: len(text) - len(old)] + suffix

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._show_path(event.validation_result)

    def _show_path(self, result: ValidationResult | None) -> None:
        """Under the file: that an existing file is replaced (the field shows errors)."""
        note = ""
        if result is None or result.is_valid:
            path = self.output_path
            if path is not None and path.exists():
                note = f"{path.name} exists; exporting replaces it"
        widget = self.query_one("#export-path-note", Static)
        widget.update(note)
        widget.set_class(not note, "-empty")

    @property
    def output_path(self) -> Path | None:
        """The file typed, resolved against the project's folder (None when blank)."""
        text = self.query_one("#export-path", Input).value
        return resolve_output(text, self.folder) if text.strip() else None

    # -- running ------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#export-run")
    def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        """Check the file and options and, when they are right, start the export."""
        if self.problem or self.running or self.cue is None:
            return
        path_ok = self.query_one("#export-path-field", Field).check()
        request = self._request()
        path = self.output_path
        if not path_ok or request is None or path is None:
            wrong = None if path_ok else self.query_one("#export-path", Input)
            (wrong or self.options.first_wrong() or self.query_one("#export-run")).focus()
            self.app.bell()
            return
        self._start(self.cue, path, request)

    def _request(self) -> ExportRequest | None:
        try:
            return self.options.request()
        except ScoreSyncError as error:
            self._show_result(str(error), ok=False)
            return None

    def _start(self, cue: Cue, path: Path, request: ExportRequest) -> None:
        self.running = True
        self.add_class("-running")
        self._show_result("", ok=True)
        self.query_one("#export-run", Button).disabled = True
        self._export(cue, path, request)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, cue: Cue, path: Path, request: ExportRequest) -> None:
        """Writes the file off the UI thread and posts how it went."""
        try:
            result = run_export(self.project, cue, path, request)
        except ScoreSyncError as error:
            self.post_message(self.ExportFailed(str(error)))
        except OSError as error:
            self.post_message(
                self.ExportFailed(
                    f"cannot write {path}: {error.strerror or error}; "
                    "choose a folder you can write to"
                )
            )
        except Exception as error:  # noqa: BLE001  every failure is shown, never raised
            self.post_message(
                self.ExportFailed(
                    f"the export failed ({type(error).__name__}: {error}); "
                    "nothing in the project changed"
                )
            )
        else:
            self.post_message(self.Exported(result))

    def _finish(self) -> None:
        self.running = False
        self.remove_class("-running")
        self.query_one("#export-run", Button).disabled = False

    @on(Exported)
    def _exported(self, message: Exported) -> None:
        self._finish()
        result = self.result = message.result
        self.written = result.path
        lines = [f"Wrote {result.path}", *result.lines]
        self._show_result("\n".join(lines), ok=True)
        self._show_path(None)
        self.query_one("#export-close", Button).focus()

    @on(ExportFailed)
    def _failed(self, message: ExportFailed) -> None:
        self._finish()
        self._show_result(message.message, ok=False)
        self.query_one("#export-run", Button).focus()

    def _show_result(self, text: str, *, ok: bool) -> None:
        widget = self.query_one("#export-result", Static)
        widget.update(Text(text))
        widget.set_class(bool(text) and ok, "-ok")
        widget.set_class(bool(text) and not ok, "-error")

    # -- closing ------------------------------------------------------------------------

    @on(Button.Pressed, "#export-close")
    def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_cancel(self) -> None:
        """Close the dialog with the last file written (None when nothing was)."""
        self.dismiss(self.written)
