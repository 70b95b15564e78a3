"""The layering of the packages (DESIGN.md section 2) holds, and the core starts light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    pytest.importorskip("importlinter")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from importlinter.cli import lint_imports_command; "
            "sys.argv = ['lint-imports', '--no-cache']; lint_imports_command()",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")


HEAVY = ("librosa", "music21", "soundfile", "opentimelineio", "pretty_midi", "reportlab", "mido")
"""Libraries that are imported only inside the functions of the adapter modules that use
them, so that no module of ours loads them when it is imported."""


@pytest.mark.parametrize(
    ("package", "also_forbidden"),
    [
        ("tempo", ("textual",)),
        ("scoresync", ("textual",)),
        ("cuesheets", ("textual",)),
        ("tui", ()),
    ],
)
def test_no_module_imports_textual_in_the_core_or_a_heavy_library_at_all(
    package: str, also_forbidden: tuple[str, ...]
) -> None:
    code = (
        "import importlib, pkgutil, sys\n"
        f"root = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(root.__path__, root.__name__ + '.'):\n"
        "    if not info.name.endswith('.__main__'):\n"
        "        importlib.import_module(info.name)\n"
        f"print(','.join(m for m in {HEAVY + also_forbidden!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    loaded = result.stdout.strip()
    assert loaded == "", f"importing every module of {package} loads {loaded}"


@pytest.mark.parametrize(
    ("modules", "not_loaded"),
    [
        (("scoresync.cli",), ("numpy", "pydantic", "textual")),
        (("scoresync.cli.tc_cmds", "scoresync.cli.cue_cmds"), ("numpy", "pydantic")),
        (("scoresync.cli.tempo_cmds", "scoresync.cli.tempo_plan_cmds"), ("numpy", "pydantic")),
        (("scoresync.cli.project_cmds", "scoresync.project.fileio"), ("numpy",)),
        (("scoresync.cli.deliver_cmds", "scoresync.cli.sheet_cmds"), ("numpy", "pydantic")),
        (("scoresync.cli.editorial_cmds", "scoresync.cli.conform_cmds"), ("numpy", "pydantic")),
        (("tui.app",), ("numpy",)),
    ],
)
def test_commands_load_numpy_and_pydantic_only_when_they_work(
    modules: tuple[str, ...], not_loaded: tuple[str, ...]
) -> None:
    """Start-up: ``--version`` and ``--help`` load neither NumPy nor pydantic, and no
    command or the TUI loads NumPy before it computes something in bulk."""
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(','.join(m for m in {not_loaded!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "", f"importing {', '.join(modules)} loads {result.stdout}"
