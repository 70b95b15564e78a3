"""Shared fixtures: the command line (in-process, and the installed entry point), and the golden
files.

``run_cli`` runs ``scoresync`` in this process through :func:`scoresync.cli.run`, which is
what the installed entry point calls; ``run_installed_cli`` runs the real installed command
in a subprocess and is kept for the few tests of the entry point itself.

Golden files (``tests/<package>/golden/``) are compared through the ``golden`` fixture;
``pytest --regen-golden`` rewrites the ones that differ and lists them at the end of the run.
A run without the option never writes into the tests folder.
"""

from __future__ import annotations

import decimal
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REGEN_OPTION = "--regen-golden"
REWRITTEN_GOLDEN = pytest.StashKey[list[Path]]()
PIPE_HELP_WIDTH = 78


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        REGEN_OPTION,
        action="store_true",
        default=False,
        help="rewrite the golden files that differ from what the code writes now (review the diff)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[REWRITTEN_GOLDEN] = []
    # the user's analysis cache and temp library stay out of the tests' way
    scratch = Path(tempfile.mkdtemp(prefix="scoresync-tests-"))
    os.environ.setdefault("SCORESYNC_CACHE_DIR", str(scratch / "cache"))
    os.environ.setdefault("SCORESYNC_LIBRARY", str(scratch / "library.sqlite"))


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """Under ``--regen-golden``, lists the golden files the run rewrote."""
    if not config.getoption(REGEN_OPTION):
        return
    rewritten = config.stash[REWRITTEN_GOLDEN]
    terminalreporter.write_sep("=", f"{REGEN_OPTION}: {len(rewritten)} golden file(s) rewritten")
    for path in rewritten:
        terminalreporter.write_line(f"rewrote {path.relative_to(ROOT)}")
    if rewritten:
        terminalreporter.write_line("review them with 'git diff --stat tests' before committing")


def _process_state() -> dict[str, object]:
    """The process-wide state a test must leave as it found it."""
    context = decimal.getcontext()
    return {
        "decimal context": (context.prec, context.rounding, context.Emin, context.Emax),
        "decimal traps": sorted(t.__name__ for t, on in context.traps.items() if on),
        "working folder": os.getcwd(),
        "environment": {k: v for k, v in os.environ.items() if k != "PYTEST_CURRENT_TEST"},
    }


@pytest.fixture(autouse=True)
def _process_state_is_restored() -> Iterator[None]:
    """Fails a test that changes the decimal context, the working folder or the environment
    without putting it back (use ``decimal.localcontext`` and ``monkeypatch``)."""
    before = _process_state()
    yield
    after = _process_state()
    changed = [name for name in before if before[name] != after[name]]
    assert not changed, f"the test left process-wide state changed: {', '.join(changed)}"


@dataclass(frozen=True)
class CliResult:
    """What one run of the ``scoresync`` command did."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


def _exit_code(error: SystemExit) -> int:
    """The process exit code Python gives an uncaught ``SystemExit``."""
    if error.code is None:
        return 0
    if isinstance(error.code, int):
        return error.code
    print(error.code, file=sys.stderr)
    return 1


def _no_terminal_ui(path: Path) -> None:
    pytest.fail(f"the command tried to open the terminal UI on {path} during a test")


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., CliResult]:
    """Run ``scoresync ARGS`` in this process, in ``tmp_path`` (or ``cwd``), and capture it.

    The run is what the installed command does: :func:`scoresync.cli.run` with empty stdin,
    ``SCORESYNC_DEBUG`` unset, stdout and stderr captured apart (not a terminal), and the
    exit code it returns. A command that would open the terminal UI fails the test.
    """
    import click.formatting
    from click.testing import CliRunner

    from scoresync.cli import run

    monkeypatch.setattr("scoresync.cli.launch.launch_tui", _no_terminal_ui)
    runner = CliRunner()

    def invoke(*args: str, cwd: Path | None = None) -> CliResult:
        with monkeypatch.context() as patch:
            patch.chdir(cwd or tmp_path)
            with runner.isolation(input=b"", env={"SCORESYNC_DEBUG": None}) as (out, err, _):
                # help text as the installed command wraps it into a pipe: click's 80-column
                # fallback less its 2-column margin
                click.formatting.FORCED_WIDTH = PIPE_HELP_WIDTH
                try:
                    code = int(run(list(args)))
                except SystemExit as error:
                    code = _exit_code(error)
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
        return CliResult(code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8"))

    return invoke


@pytest.fixture
def run_installed_cli(tmp_path: Path) -> Callable[..., CliResult]:
    """Run the installed ``scoresync`` command (or ``python -m scoresync`` with
    ``module=True``) in a subprocess in ``tmp_path`` (or ``cwd``) and capture its output.

    Only the tests of the entry point itself use this; it costs a fresh interpreter a call.
    """
    script = Path(sys.executable).with_name("scoresync")

    def invoke(*args: str, cwd: Path | None = None, module: bool = False) -> CliResult:
        if module:
            command = [sys.executable, "-m", "scoresync"]
        elif script.exists():
            command = [str(script)]
        else:
            pytest.skip(
                f"no installed scoresync command beside {sys.executable} (pip install -e .)"
            )
        env = {k: v for k, v in os.environ.items() if k != "SCORESYNC_DEBUG"}
        done = subprocess.run(
            [*command, *args],
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env=env,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        return CliResult(done.returncode, done.stdout, done.stderr)

    return invoke


class Golden:
    """The golden files of one test folder (``<folder>/golden``): the bytes are the contract.

    :meth:`check` compares; under ``--regen-golden`` it rewrites a file that differs (or is
    missing) and records it for the end-of-run summary instead.
    """

    def __init__(self, folder: Path, *, regen: bool, rewritten: list[Path]) -> None:
        self.folder = folder
        self.regen = regen
        self._rewritten = rewritten

    def path(self, name: str) -> Path:
        """Where the golden file ``name`` lives."""
        return self.folder / name

    def read_bytes(self, name: str) -> bytes:
        """The bytes of the golden file ``name``."""
        return self.path(name).read_bytes()

    def check(self, name: str, data: bytes | str) -> None:
        """Asserts ``data`` (text is compared as UTF-8) is the golden file ``name``, byte for
        byte; under ``--regen-golden`` writes it there when it differs."""
        actual = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        path = self.path(name)
        expected = path.read_bytes() if path.exists() else None
        if self.regen and actual != expected:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual)
            self._rewritten.append(path)
            return
        assert expected is not None, f"no golden file {path}: run pytest {REGEN_OPTION}, review it"
        assert actual == expected, (
            f"{name} differs from its golden file {path} "
            f"(after a reviewed change of format: pytest {REGEN_OPTION})"
        )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """The golden files beside the requesting test module (``<its folder>/golden``)."""
    config = request.config
    return Golden(
        request.path.parent / "golden",
        regen=config.getoption(REGEN_OPTION),
        rewritten=config.stash[REWRITTEN_GOLDEN],
    )
