"""Keys that arrive in one batch (fast typing, key repeat, a paste, a slow connection, or
everything typed while a slow dialog opened) act in the order they were typed, bound keys
(Tab, Backspace, Enter) and characters alike, each on the screen that is in front once
the keys before it have been handled."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events
from tui_support import RATE, press_quickly, wait_until

from scoresync.picture.timecode import tc_to_frames
from tui.dialogs.form import FormDialog
from tui.dialogs.spotting import CueDialog, HitDialog
from tui.screens.main import MainScreen
from tui.widgets.fields import TextInput

SIZE = (120, 36)
SLOW_SECONDS = 0.8


def frames(label: str) -> int:
    return tc_to_frames(label, rate=RATE)


def hits_of(app, number: str = "1M1") -> list[tuple[int, str]]:  # noqa: ANN001
    return [(hit.frames, hit.label) for hit in app.document.project.cue(number).hits]


def opened_dialogs(app, monkeypatch: pytest.MonkeyPatch) -> list[FormDialog]:  # noqa: ANN001
    """Records every form dialog that comes in front."""
    opened: list[FormDialog] = []
    push = app.push_screen

    def recording_push(screen, *args, **options):  # noqa: ANN001, ANN002, ANN003, ANN202
        if isinstance(screen, FormDialog):
            opened.append(screen)
        return push(screen, *args, **options)

    monkeypatch.setattr(app, "push_screen", recording_push)
    return opened


async def test_a_batch_of_keys_fills_the_hit_dialog_in_order(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h")  # add a hit to 1M1 (01:00:10:00 - 01:00:40:00)
        assert isinstance(app.screen, HitDialog)
        await press_quickly(
            pilot,
            *["backspace"] * 12,
            *"01:00:30:00",
            "tab",
            *"shout",
            "left",
            "backspace",
            "o",
            "enter",
        )
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        cue = app.document.project.cue("1M1")
        added = [hit for hit in cue.hits if hit.frames == tc_to_frames("01:00:30:00", rate=RATE)]
        assert [hit.label for hit in added] == ["shoot"]
        assert app.document.undo_count == 1


async def test_keys_typed_while_dialogs_open_slowly_reach_them(
    project_path: Path, app_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reported sequence: h, a hit typed into its dialog, Enter, then h again at once,
    while each dialog takes most of a second to mount. The second h opens a second hit
    dialog (it is not typed into the first one's label), and nothing reaches the main
    screen, where e would edit the cue and Tab would move into the filter."""
    mount = FormDialog.on_mount

    async def slow_mount(self: FormDialog) -> None:
        await asyncio.sleep(SLOW_SECONDS)
        mount(self)

    monkeypatch.setattr(FormDialog, "on_mount", slow_mount)
    app = app_for(project_path)
    opened = opened_dialogs(app, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        before = hits_of(app)
        await press_quickly(
            pilot,
            "h",
            *"01:00:36:00",
            "tab",
            *"rep 6",
            "enter",
            "h",
            *"01:00:37:00",
            "tab",
            *"rep 7",
            "enter",
        )
        await wait_until(pilot, lambda: len(hits_of(app)) == len(before) + 2)
        assert [type(dialog) for dialog in opened] == [HitDialog, HitDialog]
        assert isinstance(app.screen, MainScreen)
        added = sorted(set(hits_of(app)) - set(before))
        assert added == [(frames("01:00:36:00"), "rep 6"), (frames("01:00:37:00"), "rep 7")]
        assert app.main.filter_text == ""
        assert app.document.undo_count == 2


async def test_keys_wait_for_a_dialog_pushed_outside_the_apps_queue(
    project_path: Path, app_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dialog pushed from a screen's own queue is in front before its fields exist:
    the first character waits for the fields instead of going to the bare dialog."""
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        mount = TextInput.on_mount

        async def slow_mount(self: TextInput) -> None:
            await asyncio.sleep(SLOW_SECONDS / 4)
            mount(self)

        monkeypatch.setattr(TextInput, "on_mount", slow_mount)
        before = hits_of(app)
        app.main.call_later(app.main.action_add_hit)
        await press_quickly(pilot, *"1:00:36:00", "tab", *"rep 6", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert sorted(set(hits_of(app)) - set(before)) == [(frames("01:00:36:00"), "rep 6")]


@pytest.mark.parametrize(
    ("pasted", "label"),
    [("rep\n6\n", "rep 6"), ("rep 6\r\n", "rep 6"), ("\nrep 6", "rep 6")],
)
async def test_a_pasted_newline_never_submits_a_form(
    project_path: Path, app_for, pasted: str, label: str
) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("h", "tab")
        dialog = app.screen
        assert isinstance(dialog, HitDialog)
        paste = events.Paste(pasted)
        paste.set_sender(app)
        app.post_message(paste)
        await pilot.pause()
        assert app.screen is dialog
        assert app.focused is not None and app.focused.value == label
        await pilot.press("enter")
        assert isinstance(app.screen, MainScreen)
        assert label in [hit_label for _frames, hit_label in hits_of(app)]


async def test_a_paste_into_the_cue_number_stays_one_line(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, CueDialog)
        paste = events.Paste("1M7\n")
        paste.set_sender(app)
        app.post_message(paste)
        await pilot.pause()
        assert app.screen is dialog and dialog.number_input.value == "1M7"
