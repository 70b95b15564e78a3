"""Small dialogs of the Tempo screen: a validated one-line entry and a yes/no question."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult
from textual.widgets import Button, Input, Label, Static

from scoresync.errors import ScoreSyncError
from tui.widgets.fields import OneLineInput, Parsed

__all__ = ["ConfirmDialog", "EntryDialog", "Parsed"]

T = TypeVar("T")


class EntryDialog(ModalScreen[T | None], Generic[T]):
    """Asks for one line of text and returns what ``parse`` makes of it.

    The text is checked as it is typed: ``parse`` raising :class:`ScoreSyncError` (or
    ``ValueError``) shows its message under the field and OK stays refused. Enter or OK
    returns the parsed value; Escape or Cancel returns ``None``.
    """

    DEFAULT_CSS = """
    EntryDialog {
        align: center middle;
        & > #entry-box {
            width: 80;
            max-width: 95%;
            height: auto;
            border: thick $primary;
            background: $panel;
            padding: 1 2;
        }
        & #entry-title { text-style: bold; margin-bottom: 1; }
        & .entry-help { color: $text-muted; }
        & #entry-error { height: auto; min-height: 1; color: $text-error; }
        & #entry-error.-ok { color: $text-success; }
        & #entry-buttons { height: auto; align-horizontal: right; margin-top: 1; }
        & #entry-buttons Button { margin-left: 1; }
    }
    """

    BINDINGS = [
        Binding(
            "escape", "cancel", "Cancel", id="tempo.dialog.cancel", tooltip="Close without change"
        )
    ]

    def __init__(
        self,
        title: str,
        initial: str,
        parse: Callable[[str], T],
        *,
        help_lines: Sequence[str] = (),
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.title_text = title
        self.initial = initial
        self.parse = parse
        self.help_lines = tuple(help_lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="entry-box"):
            yield Label(self.title_text, id="entry-title")
            for line in self.help_lines:
                yield Static(line, classes="entry-help", markup=False)
            yield OneLineInput(self.initial, validators=[Parsed(self.parse)], id="entry-input")
            yield Static(id="entry-error")
            with Horizontal(id="entry-buttons"):
                yield Button("OK", variant="primary", id="entry-ok")
                yield Button("Cancel", id="entry-cancel")

    def on_mount(self) -> None:
        field = self.query_one("#entry-input", Input)
        self._show(field.validate(field.value))
        field.focus()

    def _show(self, result: ValidationResult | None) -> None:
        error = self.query_one("#entry-error", Static)
        reasons = [] if result is None else result.failure_descriptions
        valid = not reasons
        error.set_class(valid, "-ok")
        error.update(Text("; ".join(reasons)))
        self.query_one("#entry-ok", Button).disabled = not valid

    @on(Input.Changed, "#entry-input")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.validation_result)

    @on(Input.Submitted, "#entry-input")
    @on(Button.Pressed, "#entry-ok")
    def _accept(self) -> None:
        text = self.query_one("#entry-input", Input).value
        try:
            value = self.parse(text)
        except (ScoreSyncError, ValueError) as error:
            self.query_one("#entry-error", Static).update(Text(str(error)))
            return
        self.dismiss(value)

    @on(Button.Pressed, "#entry-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question: ``y`` or Yes returns True, ``n``, Escape or No returns False."""

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
        & > #confirm-box {
            width: 60;
            max-width: 95%;
            height: auto;
            border: thick $warning;
            background: $panel;
            padding: 1 2;
        }
        & #confirm-buttons { height: auto; align-horizontal: right; margin-top: 1; }
        & #confirm-buttons Button { margin-left: 1; }
    }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="tempo.confirm.yes", tooltip="Yes"),
        Binding("n,escape", "answer(False)", "No", id="tempo.confirm.no", tooltip="No"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, markup=False)
            with Horizontal(id="confirm-buttons"):
                yield Button(self.yes, variant="warning", id="confirm-yes")
                yield Button(self.no, variant="primary", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
