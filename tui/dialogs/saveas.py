"""The save-as dialog: the new file for the project, checked as it is typed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Static

from tui.dialogs.form import FormDialog
from tui.widgets.fields import Field, TextInput

__all__ = ["SaveAsDialog"]


class _PathValidator(Validator):
    def validate(self, value: str) -> ValidationResult:
        text = value.strip()
        if not text:
            return self.failure("type a file name, such as film-v2.scoresync.json", value)
        path = Path(text).expanduser()
        if path.is_dir():
            return self.failure(f"{path} is a folder; add a file name", value)
        if not path.parent.is_dir():
            return self.failure(f"the folder {path.parent} does not exist", value)
        return self.success()


class SaveAsDialog(FormDialog[Path]):
    """Choose a new file to save the project to."""

    TITLE_TEXT = "Save as"

    def __init__(self, *, suggestion: Path) -> None:
        super().__init__()
        self.path_input = TextInput(str(suggestion), id="path", validators=[_PathValidator()])

    def fields(self) -> Iterator[Widget]:
        yield Field("File", self.path_input)
        yield Static(
            "An existing file there is replaced (and kept as .bak).",
            classes="dialog-note",
            markup=False,
        )

    def result(self) -> Path:
        return Path(self.path_input.value.strip()).expanduser()
