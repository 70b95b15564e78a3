"""The widgets of the scoresync terminal UI."""

from tui.widgets.cue_table import CueTable
from tui.widgets.details import DetailsPane
from tui.widgets.fields import CueNumberInput, Field, TextInput, TimecodeInput
from tui.widgets.filter_input import FilterInput
from tui.widgets.header import AppHeader
from tui.widgets.timeline import Timeline, TimelineView

__all__ = [
    "AppHeader",
    "CueNumberInput",
    "CueTable",
    "DetailsPane",
    "Field",
    "FilterInput",
    "TextInput",
    "Timeline",
    "TimelineView",
    "TimecodeInput",
]
