"""Every key binding of the application, with an id and a tooltip, and the user's keymap.

A binding's id reads ``area.action`` (``cue.new``, ``edit.undo``); the area groups the
help screen and names the command-palette entry (``cue: New cue``). Users remap keys by
id in ``~/.config/scoresync/keymap.toml``::

    [keymap]
    "cue.new" = "n"
    "edit.undo" = "ctrl+z,u"

Keys avoid Ctrl+H, Ctrl+I, Ctrl+J and Ctrl+M, which terminals send as Backspace, Tab
and Enter.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from textual.binding import Binding

__all__ = [
    "APP_BINDINGS",
    "CONFORM_BINDINGS",
    "CUESHEET_BINDINGS",
    "LIBRARY_BINDINGS",
    "TEMPO_BINDINGS",
    "TEMP_BINDINGS",
    "DIALOG_BINDINGS",
    "FILTER_BINDINGS",
    "HELP_BINDINGS",
    "MAIN_BINDINGS",
    "PALETTE_ONLY",
    "REELS_BINDINGS",
    "TABLE_BINDINGS",
    "TOGGLE_BINDINGS",
    "Keymap",
    "PaletteCommand",
    "all_bindings",
    "area_of",
    "default_keymap_path",
    "load_keymap",
]

CONFUSED_KEYS = {"ctrl+h": "Backspace", "ctrl+i": "Tab", "ctrl+j": "Enter", "ctrl+m": "Enter"}


def _b(
    key: str,
    action: str,
    description: str,
    binding_id: str,
    tooltip: str,
    *,
    show: bool = False,
    priority: bool = False,
) -> Binding:
    return Binding(
        key, action, description, show=show, priority=priority, id=binding_id, tooltip=tooltip
    )


def _shown(key: str, action: str, description: str, binding_id: str, tooltip: str) -> Binding:
    """A key the key bar shows (``plus`` written ``+``)."""
    display = "+" if key == "plus" else None
    return Binding(key, action, description, id=binding_id, tooltip=tooltip, key_display=display)


APP_BINDINGS: list[Binding] = [
    _b(
        "ctrl+q,q",
        "quit",
        "Quit",
        "app.quit",
        "Quit scoresync; asks first if there are unsaved changes",
        show=True,
    ),
    _b(
        "f1,question_mark",
        "help",
        "Keys",
        "app.help",
        "List every key by area, with its id for remapping",
        show=True,
    ),
    _b(
        "ctrl+p",
        "command_palette",
        "Commands",
        "app.palette",
        "Search every command by name (area: Action)",
        priority=True,
    ),
]

MAIN_BINDINGS: list[Binding] = [
    # file
    _b(
        "ctrl+s",
        "app.save",
        "Save",
        "file.save",
        "Save the project (atomic; refuses if another program changed the file)",
        show=True,
    ),
    _b("f12", "app.save_as", "Save as", "file.save_as", "Save the project under a new name"),
    _b(
        "ctrl+r",
        "app.reload",
        "Reload from disk",
        "file.reload",
        "Read the file again; your edits before stay undoable",
    ),
    # edit
    _b("ctrl+z,u", "app.undo", "Undo", "edit.undo", "Undo the last edit", show=True),
    _b("ctrl+y,U", "app.redo", "Redo", "edit.redo", "Redo the last undone edit"),
    # cues
    _b(
        "n",
        "new_cue",
        "New cue",
        "cue.new",
        "Spot a new cue at the cursor (type its number and timecodes)",
        show=True,
    ),
    _b(
        "e,enter",
        "edit_cue",
        "Edit cue",
        "cue.edit",
        "Edit the selected cue's number, title, times and status",
        show=True,
    ),
    _b("s", "split_cue", "Split", "cue.split", "Cut the selected cue in two at a timecode"),
    _b(
        "d,delete",
        "delete_cue",
        "Delete cue",
        "cue.delete",
        "Delete the selected cue (undo brings it back)",
    ),
    _b(
        "left_square_bracket",
        "nudge(-1)",
        "Nudge cue -1f",
        "cue.nudge_back",
        "Move the selected cue and its hits one frame earlier",
    ),
    _b(
        "right_square_bracket",
        "nudge(1)",
        "Nudge cue +1f",
        "cue.nudge_forward",
        "Move the selected cue and its hits one frame later",
    ),
    _b(
        "left_curly_bracket",
        "nudge_second(-1)",
        "Nudge cue -1s",
        "cue.nudge_back_second",
        "Move the selected cue and its hits one second earlier",
    ),
    _b(
        "right_curly_bracket",
        "nudge_second(1)",
        "Nudge cue +1s",
        "cue.nudge_forward_second",
        "Move the selected cue and its hits one second later",
    ),
    # hits
    _b(
        "h",
        "add_hit",
        "Add hit",
        "hit.add",
        "Add a hit to the selected cue at the cursor",
        show=True,
    ),
    _b("H", "edit_hit", "Edit hit", "hit.edit", "Edit the selected hit"),
    _b("x", "delete_hit", "Delete hit", "hit.delete", "Delete the selected hit"),
    _b(
        "m",
        "toggle_must_hit",
        "Must hit",
        "hit.must_hit",
        "Mark or unmark the selected hit as one the music must land",
    ),
    _b(
        "left_square_bracket",
        "nudge_hit(-1)",
        "Nudge hit -1f",
        "hit.nudge_back",
        "Move the selected hit one frame earlier",
    ),
    _b(
        "right_square_bracket",
        "nudge_hit(1)",
        "Nudge hit +1f",
        "hit.nudge_forward",
        "Move the selected hit one frame later",
    ),
    _b(
        "left_curly_bracket",
        "nudge_hit_second(-1)",
        "Nudge hit -1s",
        "hit.nudge_back_second",
        "Move the selected hit one second earlier",
    ),
    _b(
        "right_curly_bracket",
        "nudge_hit_second(1)",
        "Nudge hit +1s",
        "hit.nudge_forward_second",
        "Move the selected hit one second later",
    ),
    _b(
        "escape",
        "clear_hit",
        "Deselect hit",
        "hit.deselect",
        "Deselect the hit, so nudges move the whole cue",
    ),
    # cursor
    _b("left", "cursor(-1)", "Cursor -1f", "cursor.back", "Move the cursor one frame earlier"),
    _b("right", "cursor(1)", "Cursor +1f", "cursor.forward", "Move the cursor one frame later"),
    _b(
        "shift+left",
        "cursor_second(-1)",
        "Cursor -1s",
        "cursor.back_second",
        "Move the cursor one second earlier",
    ),
    _b(
        "shift+right",
        "cursor_second(1)",
        "Cursor +1s",
        "cursor.forward_second",
        "Move the cursor one second later",
    ),
    _b(
        "comma",
        "jump_hit(-1)",
        "Previous hit",
        "cursor.previous_hit",
        "Jump to the previous hit and select it",
    ),
    _b(
        "full_stop",
        "jump_hit(1)",
        "Next hit",
        "cursor.next_hit",
        "Jump to the next hit and select it",
    ),
    _b(
        "less_than_sign",
        "jump_cue(-1)",
        "Previous cue",
        "cursor.previous_cue",
        "Jump to the start of the previous cue and select it",
    ),
    _b(
        "greater_than_sign",
        "jump_cue(1)",
        "Next cue",
        "cursor.next_cue",
        "Jump to the start of the next cue and select it",
    ),
    _b("g", "goto", "Go to", "cursor.goto", "Move the cursor to a timecode you type"),
    # view
    _b(
        "o",
        "cycle_sort",
        "Sort",
        "view.sort",
        "Sort the cue list by the next column (number, start, title ...)",
    ),
    _b("O", "reverse_sort", "Reverse sort", "view.sort_reverse", "Reverse the sort order"),
    _b(
        "slash",
        "filter",
        "Filter",
        "view.filter",
        "Type to show only cues whose number, title or status match",
    ),
    _b("i", "toggle_details", "Details", "view.details", "Show or hide the cue details pane"),
    # reels
    _b(
        "R",
        "reels",
        "Reels",
        "reel.list",
        "List the reels: add one, rename it, set its start, remove an empty one",
    ),
    # tempo
    _b(
        "t",
        "find_tempo",
        "Find tempo",
        "tempo.find",
        "Find a tempo that catches the selected cue's hits",
        show=True,
    ),
    # temp
    _b(
        "T",
        "temp",
        "Temp",
        "temp.open",
        "The selected cue's temp music: its bars against the hits, hints, fits and render",
    ),
    _b(
        "L",
        "library",
        "Library",
        "temp.library",
        "Search the temp library for music that fits the selected cue's hits",
    ),
    # cue sheet
    _b(
        "S",
        "cue_sheet",
        "Cue sheet",
        "cuesheet.open",
        "The music cue sheet: uses, works, parties and every finding a society would reject",
    ),
    # conform
    _b(
        "C",
        "conform",
        "Conform",
        "conform.open",
        "Move every cue and hit to a new cut of the picture (old cut + new cut in)",
    ),
]

TEMP_BINDINGS: list[Binding] = [
    _b(
        "a",
        "attach",
        "Attach",
        "temp.attach",
        "Attach an audio file to the cue (bar 1 on its start)",
        show=True,
    ),
    _b(
        "left_square_bracket",
        "shift(-1)",
        "Bars -1",
        "temp.shift_back",
        "Move the bar lines one beat earlier",
        show=True,
    ),
    _b(
        "right_square_bracket",
        "shift(1)",
        "Bars +1",
        "temp.shift_forward",
        "Move the bar lines one beat later",
        show=True,
    ),
    _b("m", "meter_hint", "Meter", "temp.meter", "Set the meter hint and analyse again"),
    _b("b", "bpm_hint", "Tempo", "temp.bpm", "Set the tempo-range hint and analyse again"),
    _b(
        "f",
        "fit",
        "Fits",
        "temp.fit",
        "Propose bar-line edits that end the music on the cue's end",
        show=True,
    ),
    _b(
        "enter", "take_fit", "Take fit", "temp.take_fit", "Take the fit under the cursor", show=True
    ),
    _b(
        "r",
        "render",
        "Render",
        "temp.render",
        "Render the cue's temp as Broadcast Wave at timecode",
        show=True,
    ),
    _b(
        "escape",
        "done",
        "Done",
        "temp.done",
        "Back to the cue list, keeping the changes (undo takes them back)",
        show=True,
    ),
]

LIBRARY_BINDINGS: list[Binding] = [
    _b(
        "f5",
        "search",
        "Search",
        "library.search",
        "Search the library with the fields' settings",
        show=True,
    ),
    _b(
        "enter",
        "use",
        "Use as temp",
        "library.use",
        "Put the fit under the cursor on the cue as its temp music",
        show=True,
    ),
    _b(
        "escape", "back", "Back", "library.back", "Back to the cue list without a change", show=True
    ),
]

CUESHEET_BINDINGS: list[Binding] = [
    _b(
        "t",
        "cycle_target",
        "Target",
        "cuesheet.target",
        "Check for the next target: US, UK, DDEX",
        show=True,
    ),
    _b(
        "x",
        "export_sheet",
        "Write sheet",
        "cuesheet.export",
        "Write the cue sheet (.xlsx in the RapidCue layout, .pdf, .csv or .json)",
        show=True,
    ),
    _b(
        "s",
        "export_notes",
        "Spotting notes",
        "cuesheet.notes",
        "Write the spotting notes (.pdf, .txt or .csv)",
        show=True,
    ),
    _b("escape", "back", "Back", "cuesheet.back", "Back to the cue list", show=True),
]

CONFORM_BINDINGS: list[Binding] = [
    _b(
        "f5",
        "run",
        "Compare",
        "conform.run",
        "Compare the two cuts and conform every cue",
        show=True,
    ),
    _b(
        "n",
        "next_decision",
        "Next decision",
        "conform.next",
        "Go to the next cue that needs a decision or has a musical proposal",
        show=True,
    ),
    _b(
        "f",
        "follow",
        "Follow",
        "conform.follow",
        "The selected cue follows the picture, its tempo map moved with its anchor",
        show=True,
    ),
    _b(
        "p",
        "take_proposal",
        "Proposal",
        "conform.proposal",
        "The selected cue takes its musical proposal (the map that catches the most hits)",
        show=True,
    ),
    _b(
        "l",
        "leave",
        "Leave",
        "conform.leave",
        "Leave the selected cue where it was, flagged for a decision",
        show=True,
    ),
    _b(
        "A",
        "all_proposals",
        "All proposals",
        "conform.all_proposals",
        "Every cue takes its proposal",
    ),
    _b(
        "u",
        "toggle_unchanged",
        "Unchanged",
        "conform.unchanged",
        "Show or hide the unchanged stretches in the change list",
    ),
    _b(
        "w",
        "write",
        "Write version",
        "conform.write",
        "Write the conformed project as the next version beside it (never over it)",
        show=True,
    ),
    _b("escape", "back", "Back", "conform.back", "Back to the cue list", show=True),
]

# The Tempo screen: letter keys act when the focus is outside a text field (a field takes
# the letters as typing); F5 and F10 work everywhere. The key bar shows them in this order
# and leaves out those that do not fit: finding and applying come first, then leaving
# (Done, Cancel) and F2, which an 80-column terminal needs to reach the map side, then the
# map's edits.
TEMPO_BINDINGS: list[Binding] = [
    _shown(
        "f5",
        "find",
        "Find",
        "tempo.run_find",
        "Find the tempos that catch this cue's hits (also Enter in a field)",
    ),
    _shown(
        "a",
        "apply",
        "Apply",
        "tempo.apply",
        "Apply the highlighted candidate at its chosen tempo (also Enter on it)",
    ),
    _shown(
        "d,f10",
        "done",
        "Done",
        "tempo.done",
        "Close and keep the edited map (F10 also works in a text field)",
    ),
    _shown(
        "escape",
        "cancel",
        "Cancel",
        "tempo.cancel",
        "Close and discard the changes (asks first when there are any)",
    ),
    _shown(
        "f2",
        "panels",
        "Map/Find",
        "tempo.panels",
        "In a narrow terminal: show the tempo map and bars, or the candidates and beat grid",
    ),
    _shown(
        "n",
        "nice",
        "Nice BPM",
        "tempo.nice",
        "Step the highlighted candidate through its nice tempos, then its best BPM",
    ),
    _shown(
        "plus",
        "segment_add",
        "Add seg",
        "tempo.segment_add",
        "Add a segment to the map after the highlighted one",
    ),
    _shown(
        "e",
        "segment_edit",
        "Edit seg",
        "tempo.segment_edit",
        "Edit the highlighted segment as text (also Enter on it)",
    ),
    _shown(
        "delete,minus",
        "segment_delete",
        "Del seg",
        "tempo.segment_delete",
        "Delete the highlighted segment (the last one removes the map)",
    ),
    _shown(
        "b",
        "downbeat",
        "Downbeat",
        "tempo.downbeat",
        "Move the map's bar-1 downbeat: start, hit N or a timecode",
    ),
    _shown("p", "pickup", "Pickup", "tempo.pickup", "Set the beats before the bar-1 downbeat"),
    _shown("x", "clear", "Clear", "tempo.clear", "Remove the cue's tempo map"),
]

FILTER_BINDINGS: list[Binding] = [
    _b(
        "escape",
        "clear",
        "Clear filter",
        "view.filter_clear",
        "Clear the filter and go back to the cue list",
    ),
    _b("down", "done", "To the list", "view.filter_done", "Keep the filter; go to the cue list"),
]

DIALOG_BINDINGS: list[Binding] = [
    _b("escape", "cancel", "Cancel", "dialog.cancel", "Close the dialog without changing anything"),
    _b("enter", "submit", "OK", "dialog.ok", "Accept the dialog (refused while a field is wrong)"),
]

TOGGLE_BINDINGS: list[Binding] = [
    _b("space", "toggle_button", "Toggle", "dialog.toggle", "Tick or untick the box"),
]

REELS_BINDINGS: list[Binding] = [
    _b("a", "add", "Add reel", "reels.add", "Add a reel after the last one", show=True),
    _b(
        "e,enter",
        "edit",
        "Edit reel",
        "reels.edit",
        "Rename the reel under the cursor and set its start",
        show=True,
    ),
    _b(
        "d,delete",
        "remove",
        "Remove reel",
        "reels.remove",
        "Remove the reel under the cursor (only a reel no cue starts in)",
        show=True,
    ),
    _b("escape", "close", "Close", "reels.close", "Close the list of reels", show=True),
]

HELP_BINDINGS: list[Binding] = [
    _b("escape,f1,q", "dismiss", "Close", "help.close", "Close the list of keys", show=True),
]

TABLE_BINDINGS: list[Binding] = [
    _b("up", "cursor_up", "Previous cue", "list.up", "Select the cue above"),
    _b("down", "cursor_down", "Next cue", "list.down", "Select the cue below"),
    _b("pageup", "page_up", "Page up", "list.page_up", "Select a page of cues up"),
    _b("pagedown", "page_down", "Page down", "list.page_down", "Select a page of cues down"),
    _b("home", "scroll_top", "First cue", "list.first", "Select the first cue"),
    _b("end", "scroll_bottom", "Last cue", "list.last", "Select the last cue"),
]


@dataclass(frozen=True)
class PaletteCommand:
    """A command found only in the command palette (no key of its own)."""

    title: str
    action: str
    help: str


EXPORT_KINDS: dict[str, str] = {
    "click": "Click track",
    "midi": "MIDI tempo map",
    "musicxml": "MusicXML",
    "timing": "Timing sheet",
    "streamers": "Streamers",
}

PALETTE_ONLY: list[PaletteCommand] = [
    *(
        PaletteCommand(
            f"export: {label}", f"export('{kind}')", f"Export the selected cue's {label}"
        )
        for kind, label in EXPORT_KINDS.items()
    ),
    PaletteCommand(
        "export: All cues",
        "export_all",
        "Export every cue with a tempo map into a folder (one kind of file, its options)",
    ),
    PaletteCommand(
        "tempo: Plan segments",
        "plan_tempo",
        "Plan a map of several segments (breaks at hits, ramps) that catches the selected "
        "cue's hits; see what it catches, then apply it",
    ),
    PaletteCommand(
        "export: Cue sheet",
        "export_cue_sheet",
        "Write the music cue sheet (XLSX in the RapidCue layout, PDF, CSV, JSON), checked first",
    ),
    PaletteCommand(
        "export: Spotting notes",
        "export_spotting_notes",
        "Write the spotting notes for the composer (PDF, text or CSV)",
    ),
    PaletteCommand(
        "import: MIDI tempo map",
        "import_midi",
        "Read a composer's MIDI tempo map into the selected cue",
    ),
    PaletteCommand("reel: Add reel", "reel_add", "Add a reel after the last one (name and start)"),
    PaletteCommand("reel: Rename reel", "reel_rename", "Rename the reel the timeline shows"),
    PaletteCommand(
        "reel: Set reel start", "reel_set_start", "Move the start of the reel the timeline shows"
    ),
    PaletteCommand(
        "reel: Remove reel",
        "reel_remove",
        "Remove the reel the timeline shows (only a reel no cue starts in)",
    ),
]


def all_bindings() -> list[Binding]:
    """Every binding of the application, in the order the help screen lists them."""
    return [
        *APP_BINDINGS,
        *MAIN_BINDINGS,
        *TABLE_BINDINGS,
        *FILTER_BINDINGS,
        *DIALOG_BINDINGS,
        *TOGGLE_BINDINGS,
        *REELS_BINDINGS,
        *TEMPO_BINDINGS,
        *CONFORM_BINDINGS,
        *CUESHEET_BINDINGS,
        *TEMP_BINDINGS,
        *LIBRARY_BINDINGS,
        *HELP_BINDINGS,
    ]


def area_of(binding: Binding) -> str:
    """The area of a binding: the part of its id before the dot (``cue`` for ``cue.new``)."""
    return (binding.id or "other").partition(".")[0]


Keymap = dict[str, str]


@dataclass
class LoadedKeymap:
    """A keymap read from a file, and what was wrong in it (one line per problem)."""

    keymap: Keymap = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    path: Path | None = None


def default_keymap_path() -> Path:
    """``$XDG_CONFIG_HOME/scoresync/keymap.toml``, by default ``~/.config/scoresync/...``."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "scoresync" / "keymap.toml"


def _check_keys(binding_id: str, keys: object, known: set[str], path: Path) -> str | None:
    if binding_id not in known:
        return f"{path}: unknown binding id {binding_id!r}; see the ids on the help screen (F1)"
    if not isinstance(keys, str) or not keys.strip():
        return f'{path}: {binding_id} must be a key such as "ctrl+s" or "n,ctrl+n"'
    for key in (part.strip().lower() for part in keys.split(",")):
        if key in CONFUSED_KEYS:
            return (
                f"{path}: {binding_id} = {key!r}: terminals send {key} as "
                f"{CONFUSED_KEYS[key]}; choose another key"
            )
    return None


def load_keymap(path: Path | None) -> LoadedKeymap:
    """Read a keymap file (``[keymap]`` table, or ids at the top level) if it exists.

    Problems (not TOML, unknown ids, keys terminals confuse) are collected, not raised:
    the good entries still apply.
    """
    result = LoadedKeymap(path=path)
    if path is None or not path.is_file():
        return result
    import tomllib  # only a run with a keymap file reads TOML

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        result.problems.append(f"{path}: cannot read the keymap ({error}); using the default keys")
        return result
    table = data.get("keymap", data)
    if not isinstance(table, dict):
        result.problems.append(f'{path}: [keymap] must be a table of id = "key" lines')
        return result
    known = {binding.id for binding in all_bindings() if binding.id}
    for binding_id, keys in table.items():
        problem = _check_keys(binding_id, keys, known, path)
        if problem:
            result.problems.append(problem)
        else:
            result.keymap[binding_id] = str(keys).replace(" ", "")
    return result
