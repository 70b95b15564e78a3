"""The export dialog: one cue's click track, MIDI tempo map, MusicXML skeleton, timing
sheet or streamers, written to a file the user names.

The dialog picks the kind, the file (beside the project file by default, named after the
cue: ``1M1 Main Title.wav``) and the options of that kind; Enter or Export writes the file
in a thread worker through :func:`scoresync.deliver.exports.run_export`, the same call the command
line makes, while a progress bar runs. What was written, or why it could not be, shows in
the dialog. Exports never change the project: the dialog dismisses with the last file it
wrote, or None.

An existing file of the export's own kind is replaced (a note under the file says so); a
file of another kind (a project above all, see :mod:`scoresync.deliver.targets`) is
replaced only when the user answers yes to a question that names what it is.

The dialog is kept (:mod:`tui.dialogs.kept`): it is built once, with the options of the
kind first chosen (another kind's options are built when that kind is chosen), and
loaded again for each opening. The options chosen stay as they were left for the rest of
the session; the cue, the file and the result are new each time.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, ContentSwitcher, Input, Label, ProgressBar, Select, Static

from scoresync.deliver.exports import (
    EXPORT_KINDS,
    ExportRequest,
    ExportResult,
    cue_file_name,
    run_export,
)
from scoresync.deliver.targets import ForeignFileError, replace_problem
from scoresync.errors import ScoreSyncError
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, Project
from tempo.common.atomic import check_writable
from tui.dialogs.entry import ConfirmDialog
from tui.dialogs.export_options import ExportOptions, StreamersPanel, panel_for
from tui.dialogs.kept import KeptDialog
from tui.keys import DIALOG_BINDINGS
from tui.keys import EXPORT_KINDS as KIND_LABELS
from tui.widgets.fields import Field, TextInput

__all__ = ["ExportDialog", "OutputPath", "no_tempo_message", "replace_question"]

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


def _shape_of(options: ExportOptions) -> ExportRequest:
    """The request that decides the file ``options`` write (extension and kind); options
    still being built write their defaults."""
    return options.shape if options.is_mounted else options.DEFAULTS


def replace_question(clashes: list[str]) -> str:
    """The question asked before files of another kind are replaced: each clash
    (``p.scoresync.json is a scoresync project, not a MIDI file``), then ``Replace it?``."""
    them = "it" if len(clashes) == 1 else "them"
    return "\n".join([*(f"{clash}." for clash in clashes), "", f"Replace {them}?"])


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


def show_outcome(widget: Static, text: str, *, ok: bool) -> None:
    """Show what an export did (``ok``) or why it did not, coloured by the theme."""
    widget.update(Text(text))
    widget.set_class(bool(text) and ok, "-ok")
    widget.set_class(bool(text) and not ok, "-error")


class ExportDialog(KeptDialog[Path | None]):
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
        & #export-problem { color: $text-error; margin-bottom: 1; display: none; }
        & #export-form { height: auto; }
        & Field { grid-columns: 16 1fr; }
        & Field .field-note { padding-left: 16; }
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
    ExportDialog.-problem #export-problem { display: block; }
    ExportDialog.-problem #export-form, ExportDialog.-problem #export-run { display: none; }
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
        super().__init__(classes="dialog-screen")  # the app dims the screen behind
        self.result: ExportResult | None = None
        self.written: Path | None = None
        self.running = False
        self._suffix = ""
        self._options_built: AwaitComplete | None = None
        """Awaits the options of the kind chosen last, built when it was chosen."""
        self.load(project, cue_number, project_path, kind=kind)

    def load(
        self,
        project: Project,
        cue_number: CueNumber | str,
        project_path: Path,
        *,
        kind: str = "click",
    ) -> None:
        """Show the export of ``cue_number`` of ``project`` (saved at ``project_path``)."""
        if kind not in EXPORT_KINDS:
            raise ValueError(f"unknown export kind {kind!r}: use one of {', '.join(EXPORT_KINDS)}")
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
        self.result = None
        self.written = None
        if self.is_mounted:
            self._show()

    @property
    def busy(self) -> bool:
        """True while an export runs (it reports to this dialog, even once closed)."""
        return self.running

    @property
    def folder(self) -> Path:
        """The project's folder, where exports go by default."""
        return self.project_path.parent

    def compose(self) -> ComposeResult:
        kinds = [(KIND_LABELS.get(kind, kind), kind) for kind in EXPORT_KINDS]
        with Vertical(id="export-box"):
            yield Label("", id="export-title")
            yield Static("", id="export-problem", markup=False)
            with Vertical(id="export-form"):
                kind_select = Select(
                    kinds, value=self.kind, allow_blank=False, compact=True, id="export-kind"
                )
                yield Field("Export", kind_select)
                yield Field(
                    "File",
                    TextInput(id="export-path", validators=[OutputPath(self.folder)]),
                    id="export-path-field",
                )
                yield Static("", id="export-path-note", classes="-empty", markup=False)
                with ContentSwitcher(initial=f"options-{self.kind}", id="export-options"):
                    yield panel_for(self.kind, rate=self.project.rate)
                with Horizontal(id="export-progress"):
                    yield Static(WRITING[self.kind], id="export-progress-text", markup=False)
                    yield ProgressBar(total=None, show_eta=False, show_percentage=False)
                yield Static("", id="export-result", markup=False)
            with Horizontal(id="export-buttons"):
                yield Button("Export", variant="primary", id="export-run")
                yield Button("Close", id="export-close")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        """Fill the dialog for the cue loaded: the title, the problem or the form (the kind,
        the file beside the project, the options), no result yet; focus the file (or
        Close, when there is nothing to export)."""
        title = f"Export {self.cue.number} {self.cue.title}" if self.cue else "Export"
        self.query_one("#export-title", Label).update(title.strip())
        self.query_one("#export-problem", Static).update(self.problem)
        self.set_class(bool(self.problem), "-problem")
        self._show_result("", ok=True)
        if self.problem or self.cue is None:
            self.set_focus(self.query_one("#export-close", Button))
            return
        self.query_one("#export-kind", Select).value = self.kind
        options = self._show_options(self.kind)
        for panel in self.query(StreamersPanel):
            panel.rate = self.project.rate
        self._suffix = _shape_of(options).suffix
        path_input = self.query_one("#export-path", Input)
        path_input.validators = [OutputPath(self.folder)]
        path_input.value = str(self.folder / cue_file_name(self.cue, self._suffix))
        self._show_path(path_input.validate(path_input.value))
        self.set_focus(path_input)
        path_input.select_all()

    def _show_options(self, kind: str) -> ExportOptions:
        """Show the options of ``kind``, building them the first time (``_options_built``
        awaits them)."""
        switcher = self.query_one("#export-options", ContentSwitcher)
        self.query_one("#export-progress-text", Static).update(WRITING[kind])
        found = switcher.query_children(f"#options-{kind}")
        if found:
            switcher.current = f"options-{kind}"
            return found.first(ExportOptions)
        panel = panel_for(kind, rate=self.project.rate)
        self._options_built = switcher.add_content(panel, set_current=True)
        return panel

    # -- the form -----------------------------------------------------------------------

    @property
    def options(self) -> ExportOptions:
        """The options panel of the kind chosen now."""
        return self.query_one(f"#options-{self.kind}", ExportOptions)

    @on(Select.Changed, "#export-kind")
    async def _kind_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if not isinstance(event.value, str) or event.value == self.kind:
            return
        self.kind = event.value
        options = self._show_options(self.kind)
        if self._options_built is not None:
            await self._options_built
        self._follow_suffix(options.suffix)

    @on(ExportOptions.Changed)
    def _options_changed(self, event: ExportOptions.Changed) -> None:
        event.stop()
        if event.options.kind == self.kind:
            self._follow_suffix(event.options.suffix)

    def _follow_suffix(self, suffix: str) -> None:
        """Give the file the new extension, when it still has the one the dialog chose;
        else say again what the file there is to this kind."""
        old, self._suffix = self._suffix, suffix
        path_input = self.query_one("#export-path", Input)
        text = path_input.value.strip()
        if old != suffix and text.lower().endswith(old.lower()):
            path_input.value = text[: len(text) - len(old)] + suffix
        else:  # the same file may be of this kind and not of the last
            self._show_path(path_input.validate(path_input.value))

    @on(Input.Changed, "#export-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._show_path(event.validation_result)

    def _show_path(self, result: ValidationResult | None) -> None:
        """Under the file: that an existing file is replaced, or, when it is of another
        kind, what it is and that exporting asks first (the field shows errors); not for
        the file this dialog has just written."""
        note = ""
        if result is None or result.is_valid:
            path = self.output_path
            if path is not None and path.exists() and path != self.written:
                clash = replace_problem(path, _shape_of(self.options).file_kind)
                note = (
                    f"{path.name} exists; exporting replaces it"
                    if clash is None
                    else f"{clash}; exporting asks before replacing it"
                )
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
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_submit()

    @on(Button.Pressed, "#export-run")
    async def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_submit()

    async def action_submit(self) -> None:
        """Check the file and options and, when they are right, start the export (after
        asking, when the file is of another kind)."""
        if self._options_built is not None:
            await self._options_built  # a kind chosen just now has its options
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
        clash = replace_problem(path, request.file_kind)
        if clash is None:
            self._start(self.cue, path, request)
            return
        cue = self.cue

        def answered(replace: bool | None) -> None:
            if replace:
                self._start(cue, path, request, force=True)
            else:
                self._show_result(f"{clash}; nothing was written", ok=False)
                self.query_one("#export-path", Input).focus()

        question = ConfirmDialog(replace_question([clash]), yes="Replace", no="Keep it")
        self.app.push_screen(question, answered)

    def _request(self) -> ExportRequest | None:
        try:
            return self.options.request()
        except ScoreSyncError as error:
            self._show_result(str(error), ok=False)
            return None

    def _start(self, cue: Cue, path: Path, request: ExportRequest, *, force: bool = False) -> None:
        self.running = True
        self.add_class("-running")
        self._show_result("", ok=True)
        self.query_one("#export-run", Button).disabled = True
        self._export(cue, path, request, force)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, cue: Cue, path: Path, request: ExportRequest, force: bool) -> None:
        """Writes the file off the UI thread and posts how it went; a file of another kind
        is replaced only with ``force`` (the user said yes)."""
        try:
            result = run_export(self.project, cue, path, request, force=force)
        except ForeignFileError as error:  # it appeared after the question
            self.post_message(
                self.ExportFailed(f"{error.clash}; export again to be asked about replacing it")
            )
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
        show_outcome(self.query_one("#export-result", Static), text, ok=ok)

    # -- closing ------------------------------------------------------------------------

    @on(Button.Pressed, "#export-close")
    def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_cancel(self) -> None:
        """Close the dialog with the last file written (None when nothing was)."""
        self.dismiss(self.written)
