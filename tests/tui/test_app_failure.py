"""An unexpected failure in the terminal UI: the unsaved edits are kept in the autosave
file, and the command line says what happened in one message, without a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scoresync.project.fileio import load_project
from tui.app import ScoreSyncApp
from tui.screens.main import MainScreen


def _failing(_screen: object) -> None:
    raise RuntimeError("boom")


async def test_a_failure_keeps_the_unsaved_edits_and_says_so(
    demo_path: Path, app_for: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MainScreen, "action_edit_cue", _failing)
    app = app_for(demo_path)
    assert isinstance(app, ScoreSyncApp)
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.press("right_curly_bracket")  # 1M1 one second later: unsaved
            await pilot.pause()
            await pilot.press("e")
            await pilot.pause()
    assert app.failure is not None
    assert app.failure.startswith("unexpected failure in the terminal UI (RuntimeError: boom)")
    assert "the unsaved edits are kept in .night-train.autosave.json" in app.failure
    kept = load_project(demo_path.parent / ".night-train.autosave.json").project
    saved = load_project(demo_path).project
    assert kept.cues[0].start_frames == saved.cues[0].start_frames + saved.rate.base


def test_the_command_line_says_it_in_one_message(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from scoresync.cli import ExitCode, run

    monkeypatch.setattr(MainScreen, "action_edit_cue", _failing)
    monkeypatch.delenv("SCORESYNC_DEBUG", raising=False)
    monkeypatch.setenv("SCORESYNC_AUTOSAVE_SECONDS", "0")
    monkeypatch.chdir(demo_path.parent)
    started = ScoreSyncApp.run

    async def press_e(pilot: object) -> None:
        await pilot.pause()  # type: ignore[attr-defined]
        await pilot.press("e")  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]

    def headless(app: ScoreSyncApp, **_options: object) -> object:
        return started(app, headless=True, size=(120, 36), auto_pilot=press_e)

    monkeypatch.setattr(ScoreSyncApp, "run", headless)
    assert run(["tui", demo_path.name]) == ExitCode.INTERNAL_ERROR
    said = capsys.readouterr().err
    assert said.startswith("scoresync: error: unexpected failure in the terminal UI")
    assert "nothing was left unsaved" in said and "SCORESYNC_DEBUG=1" in said
    assert "Traceback" not in said and said.count("\n") == 1
