"""The installed ``scoresync`` command, and the one place in ``scoresync`` that reaches
into ``tui``.

Opening a project in the terminal UI (``scoresync tui PROJECT``, or ``scoresync`` alone in
a folder that holds one project) starts the UI straight away, without loading the command
line's parser, which the UI does not need; every other command goes to
:func:`scoresync.cli.main`, and a failure is said as the command line says every failure.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["PROJECT_SUFFIX", "folder_projects", "launch_tui", "main"]

PROJECT_SUFFIX = ".scoresync.json"


def launch_tui(path: Path) -> None:
    """Open the project at ``path`` in the terminal UI and return when the user quits."""
    from tempo.common.collector import collector_paused

    with collector_paused():  # importing Textual makes many objects and no garbage
        from tui.app import run_app
    run_app(path)


def folder_projects() -> list[Path]:
    """The projects in the current folder, by name."""
    return sorted(Path.cwd().glob(f"*{PROJECT_SUFFIX}"))


def main() -> None:
    """Run ``scoresync`` with the process's arguments and exit with its code."""
    path = _only_opens(sys.argv[1:])
    if path is None:
        from scoresync.cli import main as command_line

        command_line()
        return
    try:
        launch_tui(path)
    except BaseException as error:  # noqa: BLE001  said as every command's failure is
        from scoresync.cli import said

        sys.exit(int(said(error)))
    sys.exit(0)


def _only_opens(args: list[str]) -> Path | None:
    """The project that ``args`` open in the terminal UI and do nothing else with, or
    None (another command, an option such as ``--help``, or a folder without exactly one
    project: the command line answers those)."""
    if len(args) == 2 and args[0] == "tui" and not args[1].startswith("-"):
        return Path(args[1]) if args[1].strip() not in ("", ".") else None
    if not args:
        found = folder_projects()
        return found[0] if len(found) == 1 else None
    return None
