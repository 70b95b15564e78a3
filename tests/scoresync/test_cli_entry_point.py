"""The installed ``scoresync`` command and ``python -m scoresync``, each in a real process.

Every other command-line test runs in-process (the ``run_cli`` fixture); these few check
what only a real process shows: the script and the module run, their exit codes reach the
shell, and a file written by the real command is byte for byte the one the in-process run
writes.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from scoresync.project.demo import demo_project
from scoresync.project.fileio import save_project

PROJECT = "night-train.scoresync.json"


def test_version(run_installed_cli) -> None:
    result = run_installed_cli("--version")
    assert result.code == 0, result.stderr
    assert result.stdout == f"scoresync, version {version('scoresync')}\n"


def test_help_lists_the_commands(run_installed_cli) -> None:
    result = run_installed_cli("--help")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("Usage: scoresync ")
    for command in ("new", "cue", "tc", "tempo", "export", "demo", "tui"):
        assert f"\n  {command} " in result.stdout, command
    assert result.stderr == ""


def test_errors_exit_with_their_codes(run_installed_cli) -> None:
    missing = run_installed_cli("info", "missing.scoresync.json")
    assert (missing.code, missing.stdout) == (1, "")
    assert missing.stderr == (
        "scoresync: error: missing.scoresync.json: no such file; check the name and folder\n"
    )
    usage = run_installed_cli("cue", "list")
    assert (usage.code, usage.stdout) == (2, "")
    assert usage.stderr.startswith("scoresync: error: Missing argument 'PROJECT'.")
    assert "Traceback" not in missing.stderr + usage.stderr


def test_python_dash_m_runs_the_same_command(run_installed_cli, run_cli) -> None:
    args = ("tc", "convert", "00:01:00;02", "--fps", "29.97df", "--json")
    result = run_installed_cli(*args, module=True)
    assert result.code == 0, result.stderr
    assert result.json()["frames"] == 1800
    assert result == run_cli(*args)


def test_an_export_writes_the_bytes_the_in_process_run_writes(
    run_installed_cli, run_cli, tmp_path: Path
) -> None:
    save_project(demo_project(), tmp_path / PROJECT)
    real = run_installed_cli("export", "midi", PROJECT, "2M2", "-o", "real.mid")
    assert real.code == 0, real.stderr
    assert "wrote real.mid" in real.stdout
    in_process = run_cli("export", "midi", PROJECT, "2M2", "-o", "in-process.mid")
    assert in_process.code == 0, in_process.stderr
    assert in_process.stdout == real.stdout.replace("real.mid", "in-process.mid")
    written = (tmp_path / "real.mid").read_bytes()
    assert written.startswith(b"MThd")
    assert written == (tmp_path / "in-process.mid").read_bytes()


def test_opening_the_terminal_ui_fails_as_any_command_does(run_installed_cli) -> None:
    """``scoresync tui PROJECT`` starts the UI without the command line's parser; what it
    cannot open is said as every command says it, by the script and by python -m."""
    for module in (False, True):
        missing = run_installed_cli("tui", "missing.scoresync.json", module=module)
        assert (missing.code, missing.stdout) == (1, "")
        assert missing.stderr == (
            "scoresync: error: missing.scoresync.json: no such file; check the name and folder\n"
        )
    empty = run_installed_cli("tui", "")
    assert empty.code == 1 and "no project file given" in empty.stderr


def test_a_folder_of_several_projects_asks_which(run_installed_cli, tmp_path: Path) -> None:
    for name in ("a.scoresync.json", "b.scoresync.json"):
        save_project(demo_project(), tmp_path / name)
    several = run_installed_cli()
    assert several.code == 1 and several.stdout == ""
    assert several.stderr == (
        "scoresync: error: this folder holds several projects (a.scoresync.json, "
        "b.scoresync.json): name one with 'scoresync tui PROJECT'\n"
    )


def test_the_launcher_does_not_load_the_command_line_parser() -> None:
    import subprocess
    import sys

    code = "import sys, scoresync.launch; print('click' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout == "False\n", done.stderr
