"""Questions with a few answers: the generic :class:`ChoiceDialog` and the questions
the app asks about the project file (quitting or reloading with unsaved edits, a file
changed on disk, an autosave to recover).

A question dismisses with the value of the answer chosen; Escape answers its
``cancel_value``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.keys import DIALOG_BINDINGS

__all__ = [
    "Choice",
    "ChoiceDialog",
    "confirm_quit",
    "confirm_reload",
    "external_change",
    "offer_recovery",
]


@dataclass(frozen=True)
class Choice:
    """A button of a question: the value it answers with, its label and its look."""

    value: str
    label: str
    variant: str = "default"


class ChoiceDialog(ModalScreen[str]):
    """A question with a few answers; Escape answers ``cancel_value``."""

    BINDINGS: ClassVar[list[BindingType]] = [*DIALOG_BINDINGS]

    def __init__(
        self, title: str, message: str, choices: list[Choice], *, cancel_value: str = "cancel"
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.message = message
        self.choices = choices
        self.cancel_value = cancel_value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for choice in self.choices:
                    yield Button(choice.label, id=f"choice-{choice.value}", variant=choice.variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(self.cancel_value)


def confirm_quit(name: str, edits: int) -> ChoiceDialog:
    """Ask what to do with unsaved edits on quitting: ``save``, ``discard`` or ``cancel``."""
    plural = "s" if edits != 1 else ""
    return ChoiceDialog(
        "Unsaved changes",
        f"{name} has unsaved changes ({edits} edit{plural}). Save them before quitting?",
        [
            Choice("save", "Save and quit", "primary"),
            Choice("discard", "Quit without saving", "error"),
            Choice("cancel", "Cancel"),
        ],
    )


def external_change(name: str) -> ChoiceDialog:
    """Ask what to do when the file changed on disk: ``reload``, ``save_as`` or ``cancel``."""
    return ChoiceDialog(
        "The file changed on disk",
        f"Another program changed {name} since scoresync read it, so saving over it would "
        "lose those changes. Reload it (your edits here are dropped; undo still has them), "
        "save your version under a new name, or cancel.",
        [
            Choice("reload", "Reload from disk", "warning"),
            Choice("save_as", "Save as…", "primary"),
            Choice("cancel", "Cancel"),
        ],
    )


def confirm_reload(name: str) -> ChoiceDialog:
    """Ask before a reload drops unsaved edits: ``reload`` or ``cancel``."""
    return ChoiceDialog(
        "Drop unsaved edits?",
        f"Reloading reads {name} again and drops your unsaved edits from the screen "
        "(undo can still bring them back).",
        [Choice("reload", "Reload", "warning"), Choice("cancel", "Cancel")],
    )


def offer_recovery(
    name: str, autosave_name: str, written: str, changes: Sequence[str]
) -> ChoiceDialog:
    """Offer the unsaved edits of an autosave file ``written`` some time ago (``"2 minutes
    ago"``), listing its ``changes`` to the saved file: ``open`` (the saved file; the
    autosave is kept for later), ``recover`` or ``discard``. Open is focused, so Enter
    never brings back edits by accident; Escape answers it too."""
    listed = "\n".join(f"  • {line}" for line in changes)
    return ChoiceDialog(
        "Recover unsaved edits?",
        f"{autosave_name} holds edits to {name} that were never saved "
        f"(written {written}):\n{listed}\n"
        "Open the saved file (the autosave stays until your own edits are autosaved), "
        "or recover these edits (undo takes them back).",
        [
            Choice("open", "Open the saved file", "primary"),
            Choice("recover", "Recover the edits"),
            Choice("discard", "Discard them", "error"),
        ],
        cancel_value="open",
    )
