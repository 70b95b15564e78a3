"""The export of every cue: one kind of file (click, MIDI, MusicXML, timing sheet or
streamers, with that kind's options) for each cue with a tempo map, into a folder.

What to write is chosen as the command line's ``--all`` chooses it
(:func:`scoresync.deliver.exports.cues_with_maps`, :func:`~scoresync.deliver.exports.make_folder`
and :func:`~scoresync.deliver.exports.folder_targets`): one file per cue, named after it
(``1M1 Opening.mid``), cues without a map skipped and named. The files are written off the
UI thread through :func:`scoresync.deliver.exports.run_export`, a progress bar counting
them; a cue that cannot be written is reported and the others still are. Exports never
change the project. Files of another kind already in the folder (a project above all, see
:mod:`scoresync.deliver.targets`) are named in a question before anything is written, and
replaced only when the user answers yes.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, ContentSwitcher, Input, Label, ProgressBar, Select, Static

from scoresync.deliver.exports import (
    EXPORT_KINDS,
    ExportRequest,
    cues_with_maps,
    folder_targets,
    make_folder,
    run_export,
)
from scoresync.deliver.targets import replace_problem
from scoresync.errors import ScoreSyncError
from scoresync.project.model import Cue, Project
from tui.dialogs.entry import ConfirmDialog
from tui.dialogs.export import replace_question, resolve_output, show_outcome
from tui.dialogs.export_options import ExportOptions, panel_for
from tui.keys import DIALOG_BINDINGS
from tui.keys import EXPORT_KINDS as KIND_LABELS
from tui.widgets.fields import Field, TextInput

__all__ = ["DEFAULT_FOLDER", "ExportAllDialog"]

DEFAULT_FOLDER = "exports"
"""The folder, beside the project file, that the files go to unless another is typed."""


class ExportAllDialog(ModalScreen[int]):
    """Exports every cue of ``project`` (read only) that has a tempo map into a folder
    (relative names are taken from the project file's folder); dismisses with the number
    of files written."""

    DEFAULT_CSS = """
    ExportAllDialog {
        align: center middle;
        background: $background 60%;
        & > #all-box {
            width: 104;
            max-width: 95%;
            height: auto;
            max-height: 100%;
            padding: 0 2;
            border: round $primary;
            background: $surface;
        }
        & #all-title { text-style: bold; color: $primary; margin: 1 0; }
        & #all-cues { color: $foreground-muted; height: auto; }
        & #all-problem { color: $text-error; margin-bottom: 1; }
        & Field .field-label { width: 16; }
        & Field .field-error { padding-left: 16; }
        & Field Select { width: 28; }
        & Field Input { width: 1fr; }
        & ContentSwitcher { height: auto; margin-top: 1; }
        & #all-progress { height: 1; margin-top: 1; display: none; }
        & #all-result { height: auto; margin-top: 1; display: none; }
        & #all-result.-ok { display: block; color: $text-success; }
        & #all-result.-error { display: block; color: $text-error; }
        & #all-buttons { height: auto; align: right middle; margin: 1 0; }
        & #all-buttons Button { margin-left: 1; min-width: 10; }
    }
    ExportAllDialog.-running #all-progress { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [*DIALOG_BINDINGS]

    class Wrote(Message):
        """One cue's file was written (``line``) or could not be (``problem``)."""

        def __init__(self, line: str, problem: str | None = None) -> None:
            super().__init__()
            self.line = line
            self.problem = problem

    class Finished(Message):
        """Every file has been tried."""

    def __init__(self, project: Project, project_path: Path, *, kind: str = "midi") -> None:
        super().__init__(classes="dialog-screen")
        self.project = project
        self.project_path = Path(project_path)
        self.kind = kind if kind in EXPORT_KINDS else "midi"
        self.mapped, self.skipped = cues_with_maps(project)
        self.running = False
        self.written = 0
        self.lines: list[str] = []
        self.problems: list[str] = []

    @property
    def folder(self) -> Path:
        """The folder typed, resolved against the project file's folder."""
        text = self.query_one("#all-folder", Input).value.strip() or DEFAULT_FOLDER
        return resolve_output(text, self.project_path.parent)

    def compose(self) -> ComposeResult:
        with Vertical(id="all-box"):
            yield Label("Export all cues", id="all-title")
            if not self.mapped:
                yield Static(
                    "No cue in this project has a tempo map: the click, MIDI, MusicXML, timing "
                    "sheet and streamers all follow one. Open Find Tempo on a cue (t) first.",
                    id="all-problem",
                    markup=False,
                )
            else:
                yield from self._form()
            with Horizontal(id="all-buttons"):
                if self.mapped:
                    yield Button("Export", variant="primary", id="all-run")
                yield Button("Close", id="all-close")

    def _form(self) -> ComposeResult:
        numbers = ", ".join(str(cue.number) for cue in self.mapped)
        skipped = (
            f"; skipped without a tempo map: {', '.join(self.skipped)}" if self.skipped else ""
        )
        yield Static(f"Cues with a tempo map: {numbers}{skipped}", id="all-cues", markup=False)
        kinds = [(KIND_LABELS.get(kind, kind), kind) for kind in EXPORT_KINDS]
        yield Field(
            "Export", Select(kinds, value=self.kind, allow_blank=False, compact=True, id="all-kind")
        )
        yield Field("Folder", TextInput(DEFAULT_FOLDER, id="all-folder"))
        with ContentSwitcher(initial=f"options-{self.kind}", id="all-options"):
            yield from (panel_for(kind, rate=self.project.rate) for kind in EXPORT_KINDS)
        with Horizontal(id="all-progress"):
            yield ProgressBar(total=len(self.mapped), show_eta=False, id="all-bar")
        yield Static("", id="all-result", markup=False)

    def on_mount(self) -> None:
        if self.mapped:
            self.query_one("#all-folder", Input).focus()
        else:
            self.query_one("#all-close", Button).focus()

    @property
    def options(self) -> ExportOptions:
        """The options panel of the kind chosen now."""
        return self.query_one(f"#options-{self.kind}", ExportOptions)

    @on(Select.Changed, "#all-kind")
    def _kind_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, str):
            self.kind = event.value
            self.query_one("#all-options", ContentSwitcher).current = f"options-{self.kind}"

    @on(ExportOptions.Changed)
    def _options_changed(self, event: ExportOptions.Changed) -> None:
        event.stop()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Button.Pressed, "#all-run")
    def _run_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        """Check the options and the folder and, when they are right, write every file
        (after asking, when some files there are of another kind)."""
        if self.running or not self.mapped:
            return
        try:
            request = self.options.request()
            folder = self.folder
            if request is not None:
                make_folder(folder)
        except ScoreSyncError as error:
            self._show(str(error), ok=False)
            return
        if request is None:
            (self.options.first_wrong() or self.query_one("#all-run")).focus()
            self.app.bell()
            return
        targets = folder_targets(self.mapped, folder, request.suffix)
        clashes = [
            clash
            for _, path in targets
            if (clash := replace_problem(path, request.file_kind)) is not None
        ]
        if not clashes:
            self._start(targets, request)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._start(targets, request, force=True)
            else:
                self._show("\n".join(["Nothing was written:", *clashes]), ok=False)

        question = ConfirmDialog(replace_question(clashes), yes="Replace", no="Keep them")
        self.app.push_screen(question, answered)

    def _start(
        self, targets: list[tuple[Cue, Path]], request: ExportRequest, *, force: bool = False
    ) -> None:
        self.running = True
        self.written, self.lines, self.problems = 0, [], []
        self.add_class("-running")
        self.query_one("#all-bar", ProgressBar).update(total=len(self.mapped), progress=0)
        self.query_one("#all-run", Button).disabled = True
        self._show("", ok=True)
        self._write_all(targets, request, force)

    @work(thread=True, exclusive=True, group="export-all")
    def _write_all(
        self, targets: list[tuple[Cue, Path]], request: ExportRequest, force: bool
    ) -> None:
        """Writes each cue's file off the UI thread, posting how each went; files of
        another kind are replaced only with ``force`` (the user said yes)."""
        for cue, path in targets:
            try:
                result = run_export(self.project, cue, path, request, force=force)
            except ScoreSyncError as error:
                self.post_message(self.Wrote(str(cue.number), f"{cue.number}: {error}"))
            except OSError as error:
                self.post_message(
                    self.Wrote(
                        str(cue.number),
                        f"{cue.number}: cannot write {path}: {error.strerror or error}",
                    )
                )
            else:
                self.post_message(self.Wrote(f"Wrote {result.path.name}"))
        self.post_message(self.Finished())

    @on(Wrote)
    def _wrote(self, message: Wrote) -> None:
        self.query_one("#all-bar", ProgressBar).advance(1)
        if message.problem is None:
            self.written += 1
            self.lines.append(message.line)
        else:
            self.problems.append(message.problem)

    @on(Finished)
    def _finished(self) -> None:
        self.running = False
        self.remove_class("-running")
        self.query_one("#all-run", Button).disabled = False
        count = f"{self.written} file{'s' if self.written != 1 else ''}"
        lines = [f"Wrote {count} into {self.folder}", *self.lines]
        if self.skipped:
            lines.append(f"Skipped without a tempo map: {', '.join(self.skipped)}")
        lines.extend(self.problems)
        self._show("\n".join(lines), ok=not self.problems)
        self.query_one("#all-close", Button).focus()

    def _show(self, text: str, *, ok: bool) -> None:
        show_outcome(self.query_one("#all-result", Static), text, ok=ok)

    @on(Button.Pressed, "#all-close")
    def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()

    def action_cancel(self) -> None:
        """Close with the number of files written (a run under way finishes first)."""
        if not self.running:
            self.dismiss(self.written)
