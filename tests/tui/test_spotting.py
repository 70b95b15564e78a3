"""Spotting in the TUI: cues and hits created, edited, split, deleted and nudged by keys.

Each test drives the real app with Pilot (typing into the dialogs as a user does) and
then checks the project the document holds.
"""

from __future__ import annotations

from pathlib import Path

from tui_support import (
    HOUR,
    RATE,
    SECOND,
    notices,
    press_quickly,
    replace_text,
    screen_text,
    small_project,
    type_text,
)

from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import CueStatus
from tui.dialogs.spotting import CueDialog, HitDialog, SplitDialog
from tui.screens.main import MainScreen
from tui.widgets.fields import Field

SIZE = (120, 36)


def frames(label: str) -> int:
    return tc_to_frames(label, rate=RATE)


def field_errors(app) -> list[str]:  # noqa: ANN001
    """The reasons shown under the fields of the open dialog."""
    return [
        str(field.query_one(".field-error").render())
        for field in app.screen.query(Field)
        if field.has_class("-invalid")
    ]


async def test_new_cue_typed_in_the_dialog(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, CueDialog)
        await type_text(pilot, "1M5")
        await pilot.press("tab")
        await type_text(pilot, "Train")
        await pilot.press("tab")
        await replace_text(pilot, "01:01:50:00")
        await pilot.press("tab")
        await replace_text(pilot, "01:02:10:00")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        cue = app.document.project.cue("1M5")
        assert (cue.title, cue.start_frames, cue.end_frames) == (
            "Train",
            frames("01:01:50:00"),
            frames("01:02:10:00"),
        )
        assert cue.status is CueStatus.SPOTTED
        assert app.document.dirty and app.document.undo_count == 1
        assert app.screen.selected == CueNumber.parse("1M5")
        assert "1M5" in screen_text(app) and "Train" in screen_text(app)


async def test_new_cue_suggests_the_next_number_in_the_cursor_reel(
    project_path: Path, app_for
) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await press_quickly(pilot, "greater_than_sign", "shift+right", "shift+right")
        await pilot.press("n")
        assert isinstance(app.screen, CueDialog)
        assert app.screen.number_input.value == "1M3"  # after 1M2, in reel 1
        assert app.screen.start_input.value == "01:01:02:00"
        await pilot.press("escape")
        assert len(app.document.project.cues) == 2


async def test_wrong_timecode_is_refused_with_the_reason(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "tab", "tab")
        await replace_text(pilot, "01:00:61:00")
        await pilot.pause()
        assert field_errors(app) == [
            "timecode 01:00:61:00: second 61 does not exist: seconds run 00-59"
        ]
        assert "second 61 does not exist" in screen_text(app)
        await pilot.press("enter")
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(app.screen, CueDialog), "an invalid timecode must never be accepted"
        assert len(app.document.project.cues) == 2

        await replace_text(pilot, "01:00:00;00")
        await pilot.pause()
        assert "drop-frame label but 24 fps is non-drop" in field_errors(app)[0]

        await replace_text(pilot, "01:03:00:00")
        await pilot.press("tab")
        await replace_text(pilot, "01:02:00:00")
        await pilot.pause()
        assert field_errors(app) == [
            "the out must come after the in (the out is exclusive: one frame at least)"
        ]
        await pilot.press("enter")
        assert isinstance(app.screen, CueDialog)

        await replace_text(pilot, "01:03:30:00")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert len(app.document.project.cues) == 3


async def test_taken_cue_number_is_refused(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "1m2")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CueDialog)
        assert field_errors(app) == ["1M2 is already a cue; the next free number in reel 1 is 1M3"]
        await replace_text(pilot, "1m")
        await pilot.press("enter")
        assert "is not a cue number" in field_errors(app)[0]


async def test_add_hits_at_the_cursor_and_typed(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")  # 1M2: the cursor goes to its start, 01:01:00:00
        await press_quickly(pilot, "shift+right", "shift+right", "shift+right")
        await pilot.press("h")
        assert isinstance(app.screen, HitDialog)
        await pilot.press("enter")
        await pilot.press("h")
        await replace_text(pilot, "01:02:00:00")
        await pilot.press("enter")
        await pilot.pause()
        assert "a hit lies inside its cue" in field_errors(app)[0]
        await replace_text(pilot, "01:01:10:12")
        await pilot.press("tab")
        await type_text(pilot, "crash")
        await pilot.press("tab")
        await replace_text(pilot, "2")
        await pilot.press("tab", "space", "enter")
        await pilot.pause()
        cue = app.document.project.cue("1M2")
        assert [(h.frames, h.label, h.weight, h.must_hit) for h in cue.hits] == [
            (frames("01:01:03:00"), "", 1.0, False),
            (frames("01:01:10:12"), "crash", 2.0, True),
        ]
        assert app.screen.selected_hit == 1
        assert app.document.undo_count == 2


async def test_a_hit_on_the_frame_of_another_is_refused_in_the_form(
    project_path: Path, app_for
) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "h")  # 1M2
        await replace_text(pilot, "01:01:10:12")
        await pilot.press("tab")
        await type_text(pilot, "crash")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("h")
        await replace_text(pilot, "01:01:10:12")
        await pilot.press("tab")
        await type_text(pilot, "glass")
        await pilot.pause()
        errors = field_errors(app)
        assert len(errors) == 1 and "on the frame of hit 1 (crash)" in errors[0], errors
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HitDialog), "Enter keeps the form, and what was typed"
        assert app.screen.label_input.value == "glass"
        assert app.focused is app.screen.position, "the field to correct has the keyboard"
        await replace_text(pilot, "01:01:10:13")
        await pilot.press("enter")
        await pilot.pause()
        cue = app.document.project.cue("1M2")
        assert [(h.frames, h.label) for h in cue.hits] == [
            (frames("01:01:10:12"), "crash"),
            (frames("01:01:10:13"), "glass"),
        ]
        await pilot.press("H")  # hit 2, selected, moved onto the frame of hit 1
        await pilot.pause()
        assert isinstance(app.screen, HitDialog)
        await replace_text(pilot, "01:01:10:12")
        await pilot.pause()
        assert "on the frame of hit 1 (crash)" in field_errors(app)[0]
        await replace_text(pilot, "01:01:10:13")
        await pilot.pause()
        assert field_errors(app) == [], "its own frame is no clash"


async def test_edit_cue_and_its_limits(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, CueDialog)
        await pilot.press("tab")
        await replace_text(pilot, "Overture")
        await pilot.press("tab")
        await replace_text(pilot, "01:00:13:00")  # after the first hit at 01:00:12:00
        await pilot.press("enter")
        assert field_errors(app) == ["the cue's first hit is at 01:00:12:00; start at or before it"]
        await replace_text(pilot, "01:00:11:00")
        await pilot.press("enter")
        await pilot.pause()
        cue = app.document.project.cue("1M1")
        assert (cue.title, cue.start_frames) == ("Overture", frames("01:00:11:00"))
        assert cue.hits == small_project().cue("1M1").hits


async def test_split_at_the_cursor(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        await replace_text(pilot, "01:00:15:00")
        await pilot.press("enter", "s")
        assert isinstance(app.screen, SplitDialog)
        assert app.screen.at.value == "01:00:15:00"
        assert app.screen.tail.value == "1M1A"
        await pilot.press("enter")
        await pilot.pause()
        project = app.document.project
        head, tail = project.cue("1M1"), project.cue("1M1A")
        assert (head.start_frames, head.end_frames) == (HOUR + 10 * SECOND, HOUR + 15 * SECOND)
        assert (tail.start_frames, tail.end_frames) == (HOUR + 15 * SECOND, HOUR + 40 * SECOND)
        assert [h.label for h in head.hits] == ["door slam"]
        assert [h.label for h in tail.hits] == ["whistle"]
        assert (head.anchor_hit, tail.anchor_hit) == (None, 0)


async def test_split_refuses_a_cut_outside_the_cue(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await replace_text(pilot, "01:00:10:00")
        await pilot.press("enter")
        assert isinstance(app.screen, SplitDialog)
        assert "cut after the cue's in 01:00:10:00" in field_errors(app)[0]


async def test_delete_undo_redo(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        original = app.document.project
        await pilot.press("d")
        assert [str(c.number) for c in app.document.project.cues] == ["1M2"]
        assert app.screen.selected == CueNumber.parse("1M2")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.document.project is original
        assert not app.document.dirty
        assert "Undid: delete cue 1M1" in notices(app)
        await pilot.press("ctrl+y")
        assert [str(c.number) for c in app.document.project.cues] == ["1M2"]
        await pilot.press("u")
        assert app.document.project is original
        await pilot.press("U")
        assert not app.document.project.has_cue("1M1")


async def test_nudge_cue_by_frames_and_seconds(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        before = app.document.project.cue("1M1")
        await press_quickly(
            pilot,
            "right_square_bracket",
            "right_square_bracket",
            "right_curly_bracket",
            "left_square_bracket",
        )
        after = app.document.project.cue("1M1")
        assert after.start_frames - before.start_frames == 1 + SECOND
        assert [h.frames - b.frames for h, b in zip(after.hits, before.hits, strict=True)] == [
            1 + SECOND,
            1 + SECOND,
        ]
        assert app.document.undo_count == 1, "a run of nudges is one undo step"
        await pilot.press("ctrl+z")
        assert app.document.project.cue("1M1") == before


async def test_nudge_selected_hit_then_the_cue(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        before = app.document.project.cue("1M1")
        await pilot.press("full_stop")  # the next hit after the cursor: door slam
        assert (app.screen.selected_hit, app.screen.cursor_frames) == (0, HOUR + 12 * SECOND)
        await press_quickly(pilot, "right_square_bracket", "right_curly_bracket")
        cue = app.document.project.cue("1M1")
        assert cue.start_frames == before.start_frames
        assert cue.hits[0].frames == before.hits[0].frames + 1 + SECOND
        await press_quickly(pilot, "escape", "left_square_bracket")
        assert app.document.project.cue("1M1").start_frames == before.start_frames - 1


async def test_hit_nudge_keeps_the_anchor_on_its_hit(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("full_stop")
        # door slam passes the whistle (anchor) 8.5 s later
        await press_quickly(pilot, *["right_curly_bracket"] * 9)
        cue = app.document.project.cue("1M1")
        assert [h.label for h in cue.hits] == ["whistle", "door slam"]
        assert cue.hits[cue.anchor_hit].label == "whistle"
        assert app.screen.selected_hit == 1


async def test_jumps_between_hits_and_cues(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await press_quickly(pilot, "full_stop", "full_stop")
        assert (app.screen.cursor_frames, app.screen.selected_hit) == (HOUR + 20 * SECOND + 12, 1)
        await pilot.press("comma")
        assert app.screen.cursor_frames == HOUR + 12 * SECOND
        await pilot.press("greater_than_sign")
        assert app.screen.selected == CueNumber.parse("1M2")
        assert app.screen.cursor_frames == HOUR + 60 * SECOND
        await pilot.press("less_than_sign")
        assert app.screen.selected == CueNumber.parse("1M1")
        await press_quickly(pilot, "right", "right", "shift+left")
        assert app.screen.cursor_frames == HOUR + 10 * SECOND + 2 - SECOND
        assert "01:00:09:02" in screen_text(app).splitlines()[0]


async def test_mark_and_delete_a_hit(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await press_quickly(pilot, "full_stop", "m")
        assert app.document.project.cue("1M1").hits[0].must_hit
        await pilot.press("x")
        cue = app.document.project.cue("1M1")
        assert [h.label for h in cue.hits] == ["whistle"]
        assert cue.anchor_hit == 0
        assert app.screen.selected_hit is None


async def test_edit_hit(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("full_stop", "H")
        assert isinstance(app.screen, HitDialog)
        await replace_text(pilot, "01:00:30:00")
        await pilot.press("tab")
        await replace_text(pilot, "slam")
        await pilot.press("enter")
        cue = app.document.project.cue("1M1")
        assert [(h.frames, h.label) for h in cue.hits] == [
            (HOUR + 20 * SECOND + 12, "whistle"),
            (HOUR + 30 * SECOND, "slam"),
        ]
        assert cue.hits[cue.anchor_hit].label == "whistle"


async def test_sort_and_filter_the_list(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await press_quickly(pilot, "o", "o", "O")  # number -> start -> title, then reversed
        assert app.screen.sort == ("title", True)
        assert [str(c.number) for c in app.screen.visible_cues()] == ["1M1", "1M2"]
        await pilot.press("slash")
        await type_text(pilot, "writ")
        assert [str(c.number) for c in app.screen.visible_cues()] == ["1M2"]
        table_text = screen_text(app)
        assert "Chase" in table_text and "Opening" not in table_text.split("Reel")[0]
        await pilot.press("escape")
        assert app.screen.filter_text == ""
        assert len(app.screen.visible_cues()) == 2


async def test_keys_typed_quickly_act_on_the_cue_the_list_shows(demo_path: Path, app_for) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await press_quickly(pilot, "down", "down", "full_stop", "right_square_bracket")
        assert app.screen.selected == CueNumber.parse("1M2A")
        assert app.screen.selected_hit == 0
        assert app.screen.cursor_frames == frames_at_demo("01:05:02:04")
        moved = app.document.project.cue("1M2A").hits[0].frames
        assert moved == frames_at_demo("01:05:02:05")


def frames_at_demo(label: str) -> int:
    from scoresync.picture.rates import parse_rate

    return tc_to_frames(label, rate=parse_rate("23.976"))


async def test_a_hit_typed_as_a_time_counts_from_the_cue_in(project_path: Path, app_for) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")  # 1M2 starts at 01:01:00:00
        await pilot.press("h")
        assert isinstance(app.screen, HitDialog)
        assert "after the cue's in" in app.screen.position.placeholder
        await replace_text(pilot, "10.5s")
        await pilot.press("enter")
        await pilot.pause()
        cue = app.document.project.cue("1M2")
        assert [h.frames for h in cue.hits] == [frames("01:01:10:12")]


async def test_a_hit_weight_or_tolerance_out_of_range_is_refused(
    project_path: Path, app_for
) -> None:
    """The hit dialog refuses what the project file would refuse, in the same words."""
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down", "h")
        assert isinstance(app.screen, HitDialog)
        await pilot.press("tab", "tab")  # past the timecode and the label, to the weight
        for typed in ("0", "150"):
            await replace_text(pilot, typed)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HitDialog)
            assert f"the weight must be more than 0 and at most 100, got {typed}" in field_errors(
                app
            )
        await replace_text(pilot, "2")
        app.screen.query_one("#tolerance").focus()
        await replace_text(pilot, "-5")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HitDialog)
        assert (
            "the tolerance in frames must be more than 0 and at most 12 frames, got -5"
            in field_errors(app)
        )
        assert app.document.undo_count == 0
