"""Fixtures for the terminal UI tests: project files to open and an app factory for Pilot."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from pathlib import Path

import pytest
from tui_support import record_notices, small_project

from scoresync.project.fileio import save_project


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests (Pilot tests) in a fresh event loop."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    parameters = inspect.signature(pyfuncitem.obj).parameters
    arguments = {name: pyfuncitem.funcargs[name] for name in parameters}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A saved copy of :func:`small_project`."""
    path = tmp_path / "film.scoresync.json"
    save_project(small_project(), path)
    return path


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    """The bundled demo project, written to a temporary folder."""
    from scoresync.project.demo import write_demo

    path = tmp_path / "night-train.scoresync.json"
    write_demo(path)
    return path


@pytest.fixture
def app_for() -> Callable[..., object]:
    """Build the app for a path, quiet by default: no keymap, timers off, no blinking, no
    dialogs built ahead (a dialog pushed and popped meanwhile would race the test's own
    look at the screen); the notifications it raises are recorded for
    ``tui_support.notices``."""
    from tui.app import make_app

    def build(path: Path, **options: object) -> object:
        settings: dict[str, object] = {
            "keymap_path": None,
            "autosave_seconds": None,
            "poll_seconds": None,
            "cursor_blink": False,
            "build_dialogs_ahead": False,
        }
        settings.update(options)
        return record_notices(make_app(path, **settings))

    return build
