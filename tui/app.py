"""The scoresync terminal application: opening a project and routing between screens.

:func:`make_app` builds the application for a project file (the CLI and the tests share
it); :func:`run_app` runs it. The app owns the :class:`~tui.state.Document` and the
file-level flows (save, save as, reload, quit, the disk poll and autosave); the spotting
itself happens on :class:`~tui.screens.main.MainScreen`.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.actions import parse as parse_action
from textual.app import SystemCommand
from textual.binding import BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen

from scoresync.errors import InternalFailure, ProjectError
from scoresync.project.model import Project
from tempo.common.collector import collector_paused
from tui.key_order import KeysInOrder
from tui.keys import (
    APP_BINDINGS,
    MAIN_BINDINGS,
    PALETTE_ONLY,
    default_keymap_path,
    load_keymap,
)
from tui.screens.main import MainScreen
from tui.state import DiskState, Document, describe_age, save_as_suggestion
from tui.view_state import ViewState, read_view_state, write_view_state
from tui.widgets.cue_table import SORT_COLUMNS
from tui.widgets.style import THEME, theme_variable_defaults

__all__ = ["AppOptions", "ScoreSyncApp", "make_app", "run_app"]

QUIET_SECONDS = 1.0
"""How long the keyboard is quiet before a dialog is built ahead of its first opening."""


@dataclass(frozen=True)
class AppOptions:
    """Settings of one run of the application."""

    autosave_seconds: float | None = 60.0
    """How often unsaved edits are written to the autosave file; None turns autosave off."""
    poll_seconds: float | None = 2.0
    """How often the project file is checked for changes by other programs; None: never."""
    keymap_path: Path | None = field(default_factory=default_keymap_path)
    """The keymap file read at start (ids to keys); None reads none."""
    cursor_blink: bool = True
    """Whether text cursors blink (off for screenshots)."""
    undo_limit: int = 500
    """How many edits undo remembers."""
    build_dialogs_ahead: bool = True
    """Whether the cue, hit and export dialogs are built while the keyboard is quiet after
    the start, so that even their first opening is fast (see tui.dialogs.kept)."""


class ScoreSyncApp(KeysInOrder):
    """The application for one open project."""

    CSS_PATH = "app.tcss"
    TITLE = "scoresync"
    BINDINGS: ClassVar[list[BindingType]] = [*APP_BINDINGS]

    class AutosaveWritten(Message):
        """The autosave file now holds ``project``."""

        def __init__(self, project: Project) -> None:
            super().__init__()
            self.project = project

    class AutosaveFailed(Message):
        """Writing the autosave file failed, for ``reason``."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, document: Document, options: AppOptions | None = None) -> None:
        super().__init__()
        self.document = document
        self.options = options or AppOptions()
        self.failure: str | None = None
        """What went wrong when an unexpected failure closed the app (see
        :meth:`_fatal_error`), for the command line to say."""
        self.cursor_blink_enabled = self.options.cursor_blink
        loaded = load_keymap(self.options.keymap_path)
        self.keymap = loaded.keymap
        self.keymap_problems = loaded.problems
        self.view_problem: str | None = None
        self.main = MainScreen(document, self._remembered_view())
        self._missing_told = False
        self.register_theme(THEME)
        # The theme from the start, without the restyle a change of theme asks for: set as
        # the app's theme reactive would set it, that restyle (every stylesheet parsed and
        # applied again) would come just after the first, for the same colours.
        self.set_reactive(ScoreSyncApp.theme, THEME.name)
        self.set_class(True, f"-theme-{THEME.name}", update=False)
        self.set_class(THEME.dark, "-dark-mode", update=False)
        self.set_class(not THEME.dark, "-light-mode", update=False)
        self.stylesheet.set_variables(self.get_css_variables())  # nothing is parsed yet
        self.title = f"scoresync — {document.project.title}"

    def get_default_screen(self) -> Screen:
        return self.main

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return theme_variable_defaults(self.current_theme)

    def on_mount(self) -> None:
        self.set_keymap(self.keymap)
        for problem in self.keymap_problems:
            self.notify(problem, title="Keymap", severity="warning", markup=False)
        if self.options.poll_seconds:
            self.set_interval(self.options.poll_seconds, self.poll_disk, name="disk poll")
        if self.options.autosave_seconds:
            self.set_interval(self.options.autosave_seconds, self.autosave, name="autosave")
        if self.document.upgraded_from is not None:
            self.notify(
                f"{self.name_shown} was written in an older format (version "
                f"{self.document.upgraded_from}); saving writes the current one",
                markup=False,
            )
        if self.view_problem is not None:
            self.notify(
                self.view_problem, title="View not restored", severity="warning", markup=False
            )
        self.call_after_refresh(self.offer_recovery)
        if self.options.build_dialogs_ahead:
            self.set_timer(QUIET_SECONDS, self._build_ahead_soon)

    def _build_ahead_soon(self) -> None:
        """A timer callback: build the next kept dialog in the app's queue (which holds
        the keys meanwhile), not in the timer's task."""
        self.call_later(self._build_ahead)

    async def _build_ahead(self) -> None:
        """Build the next dialog the main screen keeps once the keyboard has been quiet
        for a while and the main screen is in front; one a turn, until all are built."""
        if self.screen is not self.main or self.seconds_without_keys < QUIET_SECONDS:
            self.set_timer(QUIET_SECONDS, self._build_ahead_soon)
        elif await self.main.build_next_dialog():
            self.set_timer(QUIET_SECONDS / 10, self._build_ahead_soon)

    def _fatal_error(self) -> None:
        """An unexpected failure closes the app: the unsaved edits are kept in the
        autosave file first, and the command line says what happened in one message
        (Textual's traceback is shown only with ``SCORESYNC_DEBUG`` set)."""
        error = self._exception
        self.failure = (
            f"unexpected failure in the terminal UI ({type(error).__name__}: {error}); "
            f"{self._keep_edits()}; run again with SCORESYNC_DEBUG=1 for details and report it"
        )
        if os.environ.get("SCORESYNC_DEBUG"):
            super()._fatal_error()
            return
        self.bell()
        self._close_messages_no_wait()

    def _keep_edits(self) -> str:
        """Write the unsaved edits to the autosave file; say where they are."""
        document = self.document
        if not document.dirty:
            return "nothing was left unsaved"
        try:
            kept = document.write_autosave(document.project)
        except (ProjectError, OSError) as failure:
            return f"the unsaved edits could not be kept ({failure})"
        return f"the unsaved edits are kept in {kept.name}: open the project again to recover them"

    def on_unmount(self) -> None:
        gc.unfreeze()  # what make_app froze may be garbage once the app has gone

    @property
    def name_shown(self) -> str:
        """The project file's name, as messages show it."""
        return self.document.path.name

    # -- help and the command palette --------------------------------------------------------

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        path = self.options.keymap_path
        note = (
            f'Remap keys by id in {path}: lines such as  "cue.new" = "ctrl+n"  '
            "under a [keymap] heading."
            if path
            else "No keymap file is read in this run."
        )
        self.push_screen(HelpScreen(self.keymap, note))

    def action_command_palette(self) -> None:
        """Open the command palette, though not over a dialog: its commands act on the
        main screen, behind the dialog that has the keys."""
        if isinstance(self.screen, ModalScreen):
            self.bell()
            return
        super().action_command_palette()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for binding in [*APP_BINDINGS, *MAIN_BINDINGS]:
            if binding.id in (None, "app.palette"):
                continue
            target = (
                self
                if binding in APP_BINDINGS or binding.action.startswith("app.")
                else (self.main)
            )
            action = binding.action.removeprefix("app.")
            _, name, parameters = parse_action(action)
            if target is self.main and not self.main.applies(name):
                continue
            area = binding.id.partition(".")[0]
            yield SystemCommand(
                f"{area}: {binding.description}",
                binding.tooltip,
                partial(self.run_action, action, target),
            )
        for command in PALETTE_ONLY:
            yield SystemCommand(
                command.title, command.help, partial(self.run_action, command.action, self.main)
            )
        yield SystemCommand(
            "view: Change theme", "Choose another colour theme", self.action_change_theme
        )

    # -- undo ------------------------------------------------------------------------------

    def action_undo(self) -> None:
        description = self.document.undo()
        self.main.refresh_views()
        self.notify(
            f"Undid: {description}" if description else "Nothing to undo", timeout=3, markup=False
        )

    def action_redo(self) -> None:
        description = self.document.redo()
        self.main.refresh_views()
        self.notify(
            f"Redid: {description}" if description else "Nothing to redo", timeout=3, markup=False
        )

    # -- saving ----------------------------------------------------------------------------

    def action_save(self) -> None:
        self.save()

    def save(self, then: Callable[[], None] | None = None) -> bool:
        """Save; if another program changed the file, ask what to do (then run ``then``)."""
        try:
            self.document.save()
        except ProjectError as error:
            if self.document.disk_state() is DiskState.CHANGED:
                self.ask_external_change(then)
            else:
                self.notify(str(error), title="Not saved", severity="error", markup=False)
            return False
        self._saved()
        if then is not None:
            then()
        return True

    def _saved(self) -> None:
        self.main.changed_on_disk = False
        self.main.refresh_selection()
        self.notify(f"Saved {self.name_shown}", timeout=2, markup=False)

    def ask_external_change(self, then: Callable[[], None] | None = None) -> None:
        """Offer reload, save as, or cancel for a file another program changed."""
        from tui.dialogs.question import external_change

        def answered(choice: str | None) -> None:
            if choice == "reload":
                self.confirm_reload()
            elif choice == "save_as":
                self.action_save_as(then)

        self.push_screen(external_change(self.name_shown), answered)

    def action_save_as(self, then: Callable[[], None] | None = None) -> None:

        def chosen(target: Path | None) -> None:
            if target is None:
                return
            try:
                self.document.save_as(target)
            except ProjectError as error:
                self.notify(str(error), title="Not saved", severity="error", markup=False)
                return
            self._saved()
            if then is not None:
                then()

        from tui.dialogs.saveas import SaveAsDialog

        suggestion = save_as_suggestion(self.document.path)
        self.push_screen(SaveAsDialog(suggestion=suggestion), chosen)

    def action_reload(self) -> None:
        self.confirm_reload()

    def confirm_reload(self) -> None:
        """Reload from disk, asking first when that drops unsaved edits."""
        from tui.dialogs.question import confirm_reload

        if not self.document.dirty:
            self._reload()
            return
        self.push_screen(
            confirm_reload(self.name_shown),
            lambda choice: self._reload() if choice == "reload" else None,
        )

    def _reload(self) -> None:
        try:
            self.document.reload()
        except ProjectError as error:
            self.main.changed_on_disk = True
            self.main.refresh_selection()
            self.notify(str(error), title="Not reloaded", severity="error", markup=False)
            return
        self.main.changed_on_disk = False
        self.main.refresh_views()
        self.notify(f"Reloaded {self.name_shown}", timeout=3, markup=False)

    # -- the view, kept between runs -----------------------------------------------------------

    def _remembered_view(self) -> ViewState | None:
        """The view this project was left in, if a readable one was kept."""
        try:
            return read_view_state(
                self.document.path, rate=self.document.project.rate, sort_columns=SORT_COLUMNS
            )
        except ProjectError as error:
            self.view_problem = str(error)
            return None

    def remember_view(self) -> None:
        """Keep the main screen's view beside the project for the next run."""
        try:
            write_view_state(
                self.document.path, self.main.view_state(), rate=self.document.project.rate
            )
        except OSError as error:
            self.log.warning(f"the view was not kept: {error}")  # quitting goes on regardless

    def leave(self) -> None:
        """Keep the view, then close the application."""
        self.remember_view()
        self.document.settle_autosave()
        self.exit()

    # -- quitting ----------------------------------------------------------------------------

    async def action_quit(self) -> None:
        from tui.dialogs.question import ChoiceDialog, confirm_quit

        if not self.document.dirty:
            self.leave()
            return
        if isinstance(self.screen, ChoiceDialog):
            return

        def answered(choice: str | None) -> None:
            if choice == "save":
                self.save(then=self.leave)
            elif choice == "discard":
                self.document.remove_autosave()
                self.leave()

        self.push_screen(confirm_quit(self.name_shown, self.document.edits_since_save), answered)

    # -- the file on disk ----------------------------------------------------------------------

    def poll_disk(self) -> None:
        """Notice another program changing the project file, and say so at once."""
        state = self.document.disk_state()
        if state is DiskState.UNCHANGED:
            return
        if state is DiskState.MISSING:
            if not self._missing_told:
                self._missing_told = True
                self.notify(
                    f"{self.name_shown} was moved or deleted; saving writes it again",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
            return
        self._missing_told = False
        if not self.document.dirty and self.screen is not self.main:
            return  # reload once the dialog on top is closed
        if not self.document.external_change_is_new():
            return
        if not self.document.dirty:
            self._reload()
            return
        self.main.changed_on_disk = True
        self.main.refresh_selection()
        self.notify(
            f"Another program changed {self.name_shown}. Your unsaved edits are kept; "
            "saving asks whether to reload or save under a new name.",
            title="Changed on disk",
            severity="warning",
            timeout=10,
            markup=False,
        )

    def autosave(self) -> None:
        """Write unsaved edits to the autosave file, off the UI thread; remove this
        session's autosave when there are none (the project equals the saved file)."""
        if self.document.needs_autosave:
            self._write_autosave(self.document.project)
        else:
            self.document.settle_autosave()

    @work(thread=True, exclusive=True, group="autosave")
    def _write_autosave(self, project: Project) -> None:
        try:
            self.document.write_autosave(project)
        except (ProjectError, OSError) as error:
            self.post_message(self.AutosaveFailed(str(error)))
            return
        self.post_message(self.AutosaveWritten(project))

    @on(AutosaveWritten)
    def _autosave_written(self, message: AutosaveWritten) -> None:
        self.document.mark_autosaved(message.project)  # removed at once if saved meanwhile

    @on(AutosaveFailed)
    def _autosave_failed(self, message: AutosaveFailed) -> None:
        self.notify(message.reason, title="Autosave failed", severity="error", markup=False)

    def offer_recovery(self) -> None:
        """Offer the edits of an autosave file that the project file lacks, if there is one,
        saying what they change; one that holds nothing new goes without a question."""
        pending = self.document.pending_autosave()
        if pending is None:
            return
        from tui.dialogs.question import offer_recovery

        try:
            changes = self.document.autosave_changes()
        except ProjectError as error:
            changes = [f"it cannot be read: {error}"]
        if not changes:
            self.document.remove_autosave()
            return
        question = offer_recovery(self.name_shown, pending.name, describe_age(pending), changes)
        self.push_screen(question, self._recovery_answered)

    def _recovery_answered(self, choice: str | None) -> None:
        if choice == "discard":
            self.document.remove_autosave()
        elif choice == "recover":
            try:
                self.document.recover_autosave()
            except ProjectError as error:
                self.notify(str(error), title="Not recovered", severity="error", markup=False)
                return
            self.main.refresh_views()
            self.notify("Recovered the autosaved edits; save to keep them", timeout=4)


def _env_options() -> dict[str, object]:
    seconds = os.environ.get("SCORESYNC_AUTOSAVE_SECONDS")
    if seconds is None:
        return {}
    try:
        value = float(seconds)
    except ValueError:
        return {}
    return {"autosave_seconds": value if value > 0 else None}


def make_app(path: Path, **options: object) -> ScoreSyncApp:
    """Open the project at ``path`` (raises ProjectError) in a new application.

    ``options`` are the fields of :class:`AppOptions`.
    """
    settings = AppOptions(**options)  # type: ignore[arg-type]
    with collector_paused(freeze=True):
        return ScoreSyncApp(Document.open(path, undo_limit=settings.undo_limit), settings)


def run_app(path: Path) -> None:
    """Open ``path`` in the terminal UI and return when the user quits; raises
    :class:`InternalFailure` when an unexpected failure closed it instead.

    ``SCORESYNC_AUTOSAVE_SECONDS`` sets the autosave interval (0 turns it off).
    """
    app = make_app(Path(path), **_env_options())
    app.run()
    if app.failure is not None:
        raise InternalFailure(app.failure)
