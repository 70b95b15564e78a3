"""Start-up: the app opens without heavy libraries, and the real command in a real terminal.

The terminal test runs ``scoresync tui`` inside tmux at 120x36, presses keys, and reads the
screen back with ``tmux capture-pane``. It is skipped where tmux is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

HEAVY = (
    "librosa",
    "music21",
    "soundfile",
    "opentimelineio",
    "pretty_midi",
    "reportlab",
    "numba",
    "scipy",
)

OPENED_LATER = (
    "tui.screens.help",
    "tui.screens.tempo",
    "tui.screens.temp",
    "tui.screens.library",
    "tui.screens.conform",
    "tui.screens.cuesheet",
    "tui.dialogs.question",
    "tui.dialogs.spotting",
    "tui.dialogs.reels",
    "tui.dialogs.export",
    "pydantic",
    "tomllib",
)
"""What the first frame of the demo does without: the screens and dialogs not on it (each
is imported when first opened), the file schema's validation library (the project and the
view sidecar are read with msgspec) and the keymap's TOML reader (no keymap file here)."""

MOUNT_AND_REPORT = """
import sys
from pathlib import Path
from tui.app import make_app

app = make_app(Path(sys.argv[1]), keymap_path=None, autosave_seconds=None, poll_seconds=None)

async def report(pilot):
    await pilot.pause()
    print(app.screen.query_one("#cues").row_count)
    print(",".join(name for name in {heavy!r} if name in sys.modules))
    app.exit()

app.run(headless=True, size=(120, 36), auto_pilot=report)
"""


def _mounted(demo_path: Path, modules: object) -> tuple[str, str]:
    """The rows the demo's cue list shows at its first frame, and which of ``modules``
    are imported by then (comma-separated), from a fresh interpreter."""
    code = MOUNT_AND_REPORT.format(heavy=modules)
    done = subprocess.run(
        [sys.executable, "-c", code, str(demo_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows, loaded = (done.stdout.strip().splitlines() + ["", ""])[:2]
    return rows, loaded


def test_app_mounts_without_heavy_imports(demo_path: Path) -> None:
    rows, heavy = _mounted(demo_path, HEAVY)
    assert rows == "8", "the demo's eight cues are listed"
    assert heavy == "", f"heavy libraries imported at start-up: {heavy}"


def test_the_first_frame_imports_no_screen_it_does_not_show(demo_path: Path) -> None:
    _, loaded = _mounted(demo_path, OPENED_LATER)
    assert loaded == "", f"imported for the first frame: {loaded}"


def _scoresync_command() -> list[str]:
    script = Path(sys.executable).with_name("scoresync")
    return [str(script)] if script.exists() else [sys.executable, "-m", "scoresync"]


class Tmux:
    """A detached tmux session running one command, read back as text."""

    def __init__(self, name: str, command: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.name = name
        self.env = env
        shell_command = " ".join(f"'{part}'" for part in command)
        self.run(
            "new-session", "-d", "-s", name, "-x", "120", "-y", "36", "-c", str(cwd), shell_command
        )

    def run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", *args], capture_output=True, text=True, env=self.env, timeout=30, check=False
        )
        return done.stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear; the screen was:\n{screen}")

    def wait_for_not(self, text: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while text in screen and time.monotonic() < deadline:
            time.sleep(0.2)
            screen = self.screen()
        assert text not in screen, f"{text!r} is still on the screen:\n{screen}"
        return screen

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.name, *keys)

    def alive(self) -> bool:
        return (
            subprocess.run(
                ["tmux", "has-session", "-t", self.name],
                env=self.env,
                capture_output=True,
                check=False,
            ).returncode
            == 0
        )

    def kill(self) -> None:
        if self.alive():
            self.run("kill-session", "-t", self.name)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("tmux") is None,
    reason="tmux is not installed (apt-get install tmux) to run a real terminal",
)
def test_real_terminal_in_tmux(demo_path: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "TMUX_TMPDIR": str(tmp_path),
        "SCORESYNC_AUTOSAVE_SECONDS": "0",
    }
    env.pop("TMUX", None)
    for size in ("COLUMNS", "LINES"):  # a terminal size in the environment wins over tmux's
        env.pop(size, None)
    session = Tmux(
        f"scoresync-test-{os.getpid()}",
        [*_scoresync_command(), "tui", demo_path.name],
        demo_path.parent,
        env,
    )
    try:
        session.wait_for("End Credits")
        screen = session.wait_for("Commands")  # the footer: keys are live
        for cue in ("1M1", "1M2A", "2M1S", "2M3", "Main Title", "Reel 1"):
            assert cue in screen
        session.keys("Down", "Down")
        screen = session.wait_for("1M2A  Ticket  spotted")
        session.keys("n")
        screen = session.wait_for("Cancel")
        assert "Number" in screen and "01:04:58:00" in screen
        session.keys("Escape")
        session.wait_for_not("Cancel")
        # two hits typed in one burst: each h opens a hit dialog, Enter closes it
        session.keys("h", "01:05:10:00", "Tab", "rep 6", "Enter")
        session.keys("h", "01:05:11:00", "Tab", "rep 7", "Enter")
        screen = session.wait_for("rep 7")
        assert "rep 6" in screen and "rep 6h" not in screen and "Cancel" not in screen
        session.keys("q")
        screen = session.wait_for("Unsaved changes")
        assert "(2 edits)" in screen
        session.keys("Tab", "Enter")  # Quit without saving
        deadline = time.monotonic() + 10
        while session.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not session.alive(), "quit without saving"
    finally:
        session.kill()
