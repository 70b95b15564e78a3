"""Shared fixtures: the real command-line entry point and the shared EDL fixtures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"


@dataclass(frozen=True)
class CliResult:
    """What one run of the ``scoresync`` command did."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


def _entry_point() -> list[str]:
    script = Path(sys.executable).with_name("scoresync")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "scoresync"]


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., CliResult]:
    """Run the installed ``scoresync`` command in ``tmp_path`` and capture its output."""

    def run(*args: str, cwd: Path | None = None) -> CliResult:
        env = {k: v for k, v in os.environ.items() if k != "SCORESYNC_DEBUG"}
        done = subprocess.run(
            [*_entry_point(), *args],
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env=env,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        return CliResult(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def edl_fixtures() -> Path:
    """The folder of real EDLs shared beside the repository."""
    folder = SHARED_FIXTURES / "edl"
    if not folder.is_dir():
        pytest.skip(f"the shared EDL fixtures are not at {folder} (they sit beside the clone)")
    return folder
