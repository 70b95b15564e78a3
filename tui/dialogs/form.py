"""The generic form dialog: a titled column of :class:`~tui.widgets.fields.Field` rows
with OK and Cancel.

A form dismisses with its answer (a small frozen form) or None when cancelled; it never
touches the project. Every field checks itself as it is typed, and OK (or Enter) refuses
while any field is wrong, leaving the reason on screen. A form can be kept and opened
again (:mod:`tui.dialogs.kept`): its ``load`` puts new values in its fields, then
:meth:`FormDialog.shown_again` makes it look new.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label

from tui.dialogs.kept import KeptDialog
from tui.keys import DIALOG_BINDINGS, TOGGLE_BINDINGS
from tui.widgets.fields import Field, TextInput

__all__ = ["FormCheckbox", "FormDialog"]

T = TypeVar("T")


class FormCheckbox(Checkbox, inherit_bindings=False):
    """A checkbox that Space ticks, leaving Enter to accept the form."""

    BINDINGS: ClassVar[list[BindingType]] = [*TOGGLE_BINDINGS]


class FormDialog(KeptDialog[T | None], Generic[T]):
    """A titled form of :class:`Field` rows with OK and Cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [*DIALOG_BINDINGS]
    TITLE_TEXT = ""

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(self.TITLE_TEXT, classes="dialog-title")
            yield from self.fields()
            with Horizontal(classes="dialog-buttons"):
                yield Button("OK", id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def fields(self) -> Iterator[Widget]:
        """The form's rows."""
        yield from ()

    def result(self) -> T:
        """The form's answer, once every field is right."""
        raise NotImplementedError

    def on_mount(self) -> None:
        first = self.query(TextInput).first()
        first.focus()

    def shown_again(self) -> None:
        """After ``load`` put new values in a kept form: the title, every field checked now,
        and the first field focused with its text selected, as in a new form. The focus
        moves at once, so keys typed right after the key that opened the form reach it."""
        if not self.is_mounted:
            return  # a form not shown yet does all this as it mounts
        self.query_one(".dialog-title", Label).update(self.TITLE_TEXT)
        for field in self.query(Field):
            field.check()
        first = self.query(TextInput).first()
        self.set_focus(first)
        first.select_all()

    def submit(self) -> None:
        """Close with the result, unless a field is wrong (which then takes the focus)."""
        wrong = [field for field in self.query(Field) if not field.check()]
        if wrong:
            wrong[0].control_widget.focus()
            self.app.bell()
            return
        self.dismiss(self.result())

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        self.submit()
