"""Screenshots of the main screen (demo project), a dialog and the help screen.

Text cursors do not blink here (``cursor_blink=False``), so the images are stable. After
a deliberate change of the look, refresh them with ``pytest tests/tui --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path


def test_main_screen_demo(demo_path: Path, app_for, snap_compare) -> None:
    assert snap_compare(app_for(demo_path), terminal_size=(120, 36))


def test_main_screen_demo_small_terminal(demo_path: Path, app_for, snap_compare) -> None:
    assert snap_compare(app_for(demo_path), terminal_size=(80, 24), press=["down", "full_stop"])


def test_main_screen_demo_large_terminal(demo_path: Path, app_for, snap_compare) -> None:
    assert snap_compare(app_for(demo_path), terminal_size=(160, 48), press=["full_stop"] * 3)


def test_cue_dialog(demo_path: Path, app_for, snap_compare) -> None:
    assert snap_compare(app_for(demo_path), terminal_size=(120, 36), press=["e"])


def test_help_screen(demo_path: Path, app_for, snap_compare) -> None:
    assert snap_compare(app_for(demo_path), terminal_size=(120, 36), press=["f1"])
