"""The footer: the keys of the screen in front, drawn as one line with the first frame."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tui.widgets.footer import KEPT_ACTIONS, FooterKey, KeyFooter, _fitting


def _line(footer: KeyFooter) -> str:
    return footer.render().plain


async def test_the_first_frame_has_the_keys(
    demo_path: Path, app_for: Callable[..., object]
) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)  # type: ignore[attr-defined]
        assert not footer.children, "one widget: nothing to mount after the first frame"
        line = _line(footer)
        for shown in (" ^s Save ", " n New cue ", " t Find tempo ", " ^q Quit ", " f1 Keys "):
            assert shown in line
        assert line.rstrip().endswith("▏ ^p Commands"), "the palette's key at the right"
        assert len(line) == 120


async def test_the_keys_follow_the_focus(demo_path: Path, app_for: Callable[..., object]) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)  # type: ignore[attr-defined]
        listed = _line(footer)
        await pilot.press("slash")
        await pilot.pause()
        in_filter = _line(footer)
        assert in_filter != listed and "New cue" not in in_filter
        assert footer.keys_shown() == footer._drawn, "drawn again with the filter's keys"
        await pilot.press("escape")
        await pilot.pause()
        assert _line(footer) == listed


async def test_a_narrow_footer_closes_up_and_keeps_the_palette_key(
    demo_path: Path, app_for: Callable[..., object]
) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=(80, 24)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        line = _line(app.screen.query_one(KeyFooter))  # type: ignore[attr-defined]
        assert line.startswith("^s Save ^z Undo n New cue ")
        assert "^q Quit f1 Keys" in line, "Quit and Keys stay; keys before them give way"
        assert line.endswith("▏^p Commands") and len(line) == 80


async def test_clicking_a_key_presses_it(demo_path: Path, app_for: Callable[..., object]) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)  # type: ignore[attr-defined]
        column = _line(footer).index("New cue")
        assert footer.key_at(column) is not None and footer.key_at(column).key == "n"
        await pilot.click(KeyFooter, offset=(column, 0))
        await pilot.pause()
        assert type(app.screen).__name__ == "CueDialog"  # type: ignore[attr-defined]
        assert app.screen.TITLE_TEXT.startswith("New cue")  # type: ignore[attr-defined]


async def test_a_gap_between_keys_presses_nothing(
    demo_path: Path, app_for: Callable[..., object]
) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)  # type: ignore[attr-defined]
        gap = _line(footer).index("▏") - 2
        assert footer.key_at(gap) is None
        await pilot.click(KeyFooter, offset=(gap, 0))
        await pilot.pause()
        assert app.screen is app.main  # type: ignore[attr-defined]


@given(
    st.lists(st.tuples(st.integers(1, 20), st.booleans()), max_size=14),
    st.integers(0, 120),
)
def test_the_keys_shown_fit_and_keep_quit_help_and_leaving(
    keys: list[tuple[int, bool]], room: int
) -> None:
    made = tuple(
        FooterKey(f"k{i}", f"k{i}", "", True, "", "quit" if kept else f"act{i}")
        for i, (_width, kept) in enumerate(keys)
    )
    widths = [width for width, _kept in keys]
    shown = _fitting(made, widths, room)
    used = sum(width for width, show in zip(widths, shown, strict=True) if show)
    assert used <= room
    if sum(widths) <= room:
        assert all(shown)
    kept_width = sum(width for width, kept in keys if kept)
    if kept_width <= room:
        assert all(show for show, (_w, kept) in zip(shown, keys, strict=True) if kept)
    others = [show for show, key in zip(shown, made, strict=True) if key.action not in KEPT_ACTIONS]
    assert others == sorted(others, reverse=True), "the others shown are the first ones"
