"""The filter line above the cue list."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.message import Message

from tui.keys import FILTER_BINDINGS
from tui.widgets.fields import TextInput

__all__ = ["FilterInput"]


class FilterInput(TextInput):
    """Typing here filters the cue list; Enter or Down goes back to it, Escape clears."""

    BINDINGS: ClassVar[list[BindingType]] = [*FILTER_BINDINGS]

    class Left(Message):
        """The user is done filtering and goes back to the list."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="/ filter cues by number, title or status", id=id)

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Left())

    def action_done(self) -> None:
        self.post_message(self.Left())

    def on_input_submitted(self, event: TextInput.Submitted) -> None:
        event.stop()
        self.post_message(self.Left())
