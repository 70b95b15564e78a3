"""The Tempo screen's keys, each with an id (``tempo.*``, remappable in the keymap) and a
tooltip.

Letter keys act when the focus is outside a text field (a field takes the letters as
typing); F5 and F10 work everywhere. Keys avoid Ctrl+H, Ctrl+I, Ctrl+J and Ctrl+M,
which terminals send as Backspace, Tab and Enter.

The key bar shows the keys in this order and leaves out those that do not fit: finding
and applying come first, then leaving (Done, Cancel) and F2, which an 80-column terminal
needs to reach the map side, then the map's edits.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

__all__ = ["TEMPO_BINDINGS"]


def _b(key: str, action: str, description: str, binding_id: str, tooltip: str) -> Binding:
    display = "+" if key == "plus" else None
    return Binding(key, action, description, id=binding_id, tooltip=tooltip, key_display=display)


TEMPO_BINDINGS: list[BindingType] = [
    _b(
        "f5",
        "find",
        "Find",
        "tempo.run_find",
        "Find the tempos that catch this cue's hits (also Enter in a field)",
    ),
    _b(
        "a",
        "apply",
        "Apply",
        "tempo.apply",
        "Apply the highlighted candidate at its chosen tempo (also Enter on it)",
    ),
    _b(
        "d,f10",
        "done",
        "Done",
        "tempo.done",
        "Close and keep the edited map (F10 also works in a text field)",
    ),
    _b(
        "escape",
        "cancel",
        "Cancel",
        "tempo.cancel",
        "Close and discard the changes (asks first when there are any)",
    ),
    _b(
        "f2",
        "panels",
        "Map/Find",
        "tempo.panels",
        "In a narrow terminal: show the tempo map and bars, or the candidates and beat grid",
    ),
    _b(
        "n",
        "nice",
        "Nice BPM",
        "tempo.nice",
        "Step the highlighted candidate through its nice tempos, then its best BPM",
    ),
    _b(
        "plus",
        "segment_add",
        "Add seg",
        "tempo.segment_add",
        "Add a segment to the map after the highlighted one",
    ),
    _b(
        "e",
        "segment_edit",
        "Edit seg",
        "tempo.segment_edit",
        "Edit the highlighted segment as text (also Enter on it)",
    ),
    _b(
        "delete,minus",
        "segment_delete",
        "Del seg",
        "tempo.segment_delete",
        "Delete the highlighted segment (the last one removes the map)",
    ),
    _b(
        "b",
        "downbeat",
        "Downbeat",
        "tempo.downbeat",
        "Move the map's bar-1 downbeat: start, hit N or a timecode",
    ),
    _b("p", "pickup", "Pickup", "tempo.pickup", "Set the beats before the bar-1 downbeat"),
    _b("x", "clear", "Clear", "tempo.clear", "Remove the cue's tempo map"),
]
