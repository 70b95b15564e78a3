"""Benchmark of start-up: the CPU time a command costs before its own work, and the TUI's
first frame.

Run: ``python tests/bench/bench_startup.py``. Each figure is the median CPU time (user +
system, of the process and its children) over several runs of a fresh process:

- ``scoresync --version`` and ``scoresync info`` on the bundled demo (aim: under 0.15 s);
- every other command asked for its ``--help``, which loads the command and everything it
  imports but does no work (aim: under 0.3 s);
- the terminal UI on the demo (``scoresync tui``), from process start to its first whole
  frame in a real terminal: a pseudo-terminal of 120x40 is read until the frame holds the
  last cue of the list and the key bar, and the CPU time the process has used by then is
  read from ``/proc`` (aim: under 0.5 s on a quiet machine);
- for comparison, no aim: a process that only reads the demo project file, so that what
  the UI itself costs (the first frame less this) shows apart from the project loading.

The load average is printed with the figures: on a busy machine CPU time grows too. So is
the host's speed at the start and the end, as the CPU time of a fixed Python loop (10^7
additions): a virtual machine's CPU can run a third slower from one minute to the next,
and every figure with it. The
commands run as installed programs do, with Python's compiled-module cache: an environment
that sets ``PYTHONDONTWRITEBYTECODE`` (it makes every start compile every module) has it
removed for them, and the first, unmeasured run of each fills the cache.
"""

from __future__ import annotations

import fcntl
import os
import pty
import resource
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
from pathlib import Path

RUNS = 7

ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""The environment of the measured commands: with the compiled-module cache, as installed."""

FRAME_HOLDS = (b"End Credits", b"Commands")
"""What the first whole frame of the demo shows: its last cue and the key bar's last key."""

LOAD_ONLY = """
import sys
from scoresync.project.fileio import load_project

load_project(sys.argv[1])
"""


def _scoresync() -> list[str]:
    script = Path(sys.executable).with_name("scoresync")
    return [str(script)] if script.exists() else [sys.executable, "-m", "scoresync"]


def cpu_seconds(command: list[str], cwd: Path) -> float:
    """The CPU time (user + system) one run of ``command`` costs."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        command, cwd=cwd, check=True, capture_output=True, stdin=subprocess.DEVNULL, env=ENV
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def first_frame_cpu_seconds(command: list[str], cwd: Path) -> float:
    """The CPU time ``command``, a terminal UI, has used when its first whole frame (one
    holding every text of :data:`FRAME_HOLDS`) has reached a 120x40 pseudo-terminal."""
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the terminal UI, on the pseudo-terminal
        os.chdir(cwd)
        os.execve(command[0], command, {**ENV, "TERM": "xterm-256color"})
    try:
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        shown = b""
        while not all(text in shown for text in FRAME_HOLDS):
            if not select.select([terminal], [], [], 30)[0]:
                raise SystemExit(f"no first frame from {' '.join(command)} in 30 s")
            shown += os.read(terminal, 65536)
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        os.close(terminal)


def median_cpu(command: list[str], cwd: Path, measure=cpu_seconds) -> float:  # noqa: ANN001
    measure(command, cwd)  # warm the file cache
    return statistics.median(measure(command, cwd) for _ in range(RUNS))


HOST_LOOP = "x = 0\nfor i in range(10**7):\n    x += i\n"
"""A fixed amount of plain Python work: its CPU time tells how fast the host runs now."""


def host_speed() -> float:
    """The CPU time of :data:`HOST_LOOP` in a fresh interpreter, less the interpreter's start."""
    empty = cpu_seconds([sys.executable, "-c", "pass"], Path.cwd())
    return cpu_seconds([sys.executable, "-c", HOST_LOOP], Path.cwd()) - empty


def main() -> None:
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; median of {RUNS} runs")
    print(f"host speed: the reference loop takes {host_speed():.2f} s of CPU")
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        cli = _scoresync()
        subprocess.run(
            [*cli, "demo", "--no-tui"], cwd=cwd, check=True, capture_output=True, env=ENV
        )
        project = "night-train.scoresync.json"
        rows: list[tuple[str, list[str], float | None]] = [
            ("scoresync --version", [*cli, "--version"], 0.15),
            ("scoresync info (demo)", [*cli, "info", project], 0.15),
        ]
        for group, command in [
            ("tempo", "find"),
            ("tempo", "show"),
            ("cue", "list"),
            ("hit", "add"),
            ("export", "midi"),
            ("export", "timing-sheet"),
            ("click", "render"),
            ("tc", "convert"),
        ]:
            rows.append(
                (f"scoresync {group} {command} --help", [*cli, group, command, "--help"], 0.3)
            )
        frame = "TUI first frame (demo, 120x40 terminal)"
        rows.append((frame, [*cli, "tui", project], 0.5))
        rows.append(("demo project load alone", [sys.executable, "-c", LOAD_ONLY, project], None))
        width = max(len(name) for name, _, _ in rows)
        for name, command, aim in rows:
            measure = first_frame_cpu_seconds if name == frame else cpu_seconds
            seconds = median_cpu(command, cwd, measure)
            if aim is None:
                print(f"{name:<{width}}  {seconds:6.3f} s CPU   (for comparison)")
                continue
            verdict = "met" if seconds < aim else "NOT met"
            print(f"{name:<{width}}  {seconds:6.3f} s CPU   aim < {aim:.2f} s: {verdict}")
    print(f"host speed at the end: the reference loop takes {host_speed():.2f} s of CPU")


if __name__ == "__main__":
    main()
