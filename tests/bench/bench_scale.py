"""Benchmark of a large project: 10,000 cues over 10 reels, 20 hits and a tempo map each.

Run: ``python tests/bench/bench_scale.py`` (``--help`` for a smaller project, fewer key
presses or a shorter limit on the PDF). It writes the project (about 50 MB) into a
temporary folder and prints, with the machine's load average:

- ``scoresync info``: wall time and peak memory (the child's maximum resident set);
- load and save of the project: the time of ``load_project`` / ``save_project`` in a fresh
  interpreter, its resident memory before and its peak during the call;
- the terminal UI: from process start to the first painted frame (headless) and its peak
  memory; then, in a fresh interpreter, the time to handle a key ("handled", as in
  ``bench_tui.py``: from the key event to every message processed and the screen
  repainted), median over the presses, for Down, Page Down, End and Home in the cue list
  and for the letters typed into the filter (the first apart: it works out the text each
  cue is matched on, which the letters after it reuse);
- a PDF timing sheet of a cue with 20,000 hits (``scoresync export timing-sheet``),
  stopped after ``--pdf-timeout`` seconds.

Aims on a quiet machine: load < 1 s, save < 1 s, TUI keys < 50 ms.

Every figure comes from a child process, and this one stays small: Linux starts a child's
peak memory (``ru_maxrss``) at its parent's, so the project is built and the keys are
timed in children too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from scoresync.picture.rates import parse_rate
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import load_project, save_project
from scoresync.project.model import Cue, CueStatus, CueTempo, Hit, Project, Reel

SECOND = 24
"""Frames per second of 23.976 (its timecode base)."""
HOUR = 3600 * SECOND
SIZE = (120, 36)
LOAD_AIM_SECONDS = 1.0
SAVE_AIM_SECONDS = 1.0
KEY_AIM_MS = 50.0

LARGE = "scale.scoresync.json"
LONG = "long.scoresync.json"
CHILD_SIDES = ("projects", "load", "save", "keys")

ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""The environment of the measured commands: with the compiled-module cache, as installed."""

FIRST_FRAME = """
import sys, time
from pathlib import Path
from tui.app import make_app

app = make_app(Path(sys.argv[1]), keymap_path=None, autosave_seconds=None, poll_seconds=None)

async def painted(pilot):
    await pilot.pause()
    print(time.perf_counter())
    table = app.main.query_one("#cues")
    print(table.row_count)
    print(table.selected_number)
    app.exit()

app.run(headless=True, size=(120, 36), auto_pilot=painted)
"""


def scale_project(cues: int = 10_000, reels: int = 10, hits: int = 20) -> Project:
    """``cues`` cues spread over ``reels`` reels two hours apart (from 01:00:00:00), each
    six seconds long with ``hits`` hits (the third a must-hit), a constant tempo map, a
    description and in/out notes; statuses in turn."""
    from tempo.map.tempomap import TempoMap

    rate = parse_rate("23.976")
    reel_list = tuple(Reel(r, f"R{r}", HOUR + (r - 1) * 2 * HOUR) for r in range(1, reels + 1))
    per_reel = -(-cues // reels)
    statuses = list(CueStatus)
    made = []
    for index in range(cues):
        reel, number = divmod(index, per_reel)
        start = reel_list[reel].start_frames + number * 7 * SECOND + 2 * SECOND
        made.append(
            Cue(
                CueNumber(reel + 1, number + 1),
                f"Cue {index + 1} title",
                start,
                start + 6 * SECOND,
                status=statuses[index % len(statuses)],
                hits=tuple(
                    Hit(start + k * 7 + 3, f"hit {k + 1} door slam", must_hit=k == 2)
                    for k in range(hits)
                ),
                tempo=CueTempo(start, TempoMap.constant(96 + index % 40, "4/4")),
                description="some notes about the cue " * 3,
                in_note="fade in under dialogue",
                out_note="hard out on the cut",
            )
        )
    return Project("Scale", rate, reel_list[0].start_frames, reel_list, tuple(made))


def long_cue_project(hits: int = 20_000) -> Project:
    """One cue with ``hits`` hits, two frames apart, and a constant tempo map."""
    from tempo.map.tempomap import TempoMap

    rate = parse_rate("23.976")
    start = HOUR
    cue = Cue(
        CueNumber(1, 1),
        "Long cue",
        start,
        start + 2 * hits + SECOND,
        hits=tuple(Hit(start + 2 * k + 1, f"hit {k + 1}") for k in range(hits)),
        tempo=CueTempo(start, TempoMap.constant(120, "4/4")),
    )
    return Project("Long cue", rate, start, (Reel(1, "R1", start),), (cue,))


# -- measuring a child process ---------------------------------------------------------------


@dataclass(frozen=True)
class Child:
    """A finished (or stopped) child process: when it was started (``perf_counter``), wall
    seconds, peak resident memory in MB, what it printed, and whether it ran past its time
    limit."""

    started: float
    seconds: float
    peak_mb: float
    stdout: str
    returncode: int
    timed_out: bool


def run_child(command: list[str], cwd: Path, timeout: float) -> Child:
    """Run ``command``; its own peak memory comes from ``wait4`` (the per-child form of
    ``getrusage(RUSAGE_CHILDREN)``)."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, env=ENV)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                process.kill()
                timed_out = True
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return Child(
            started, seconds, usage.ru_maxrss / 1024, out.read(), process.returncode, timed_out
        )


def _status_kb(field: str) -> int:
    """A memory figure of this process from ``/proc/self/status`` (``VmRSS``, ``VmHWM``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def write_projects(folder: Path, cues: int) -> None:
    """Child side: write the large project and the one with a long cue into ``folder``."""
    save_project(scale_project(cues), folder / LARGE)
    save_project(long_cue_project(), folder / LONG)


def measure_in_process(what: str, path: Path, cues: int) -> None:
    """Child side of the load and save figures: time one call and print the seconds, the
    resident memory before it and the peak during it (MB). The peak is reset first
    (``/proc/self/clear_refs``), so building the project to save does not count."""
    project = scale_project(cues) if what == "save" else None
    Path("/proc/self/clear_refs").write_text("5")
    before = _status_kb("VmRSS")
    started = time.perf_counter()
    if project is None:
        load_project(path)
    else:
        save_project(project, path)
    seconds = time.perf_counter() - started
    print(seconds, before / 1024, _status_kb("VmHWM") / 1024)


def _this(what: str, path: Path, cues: int, presses: int = 0) -> list[str]:
    """The command that runs this script's child side ``what`` on ``path``."""
    options = ["--cues", str(cues), "--presses", str(presses)]
    return [sys.executable, __file__, "--measure", what, *options, str(path)]


def in_process(what: str, path: Path, cues: int, timeout: float) -> str:
    child = run_child(_this(what, path, cues), path.parent, timeout)
    if child.timed_out:
        return f"over {timeout:.0f} s (stopped)"
    if child.returncode:
        return f"failed (exit {child.returncode})"
    seconds, before, peak = (float(part) for part in child.stdout.split())
    aim = LOAD_AIM_SECONDS if what == "load" else SAVE_AIM_SECONDS
    return (
        f"{seconds:7.2f} s  (aim < {aim:.0f} s: {_verdict(seconds < aim)}); "
        f"resident {before:.0f} MB before, peak {peak:.0f} MB during"
    )


# -- the terminal UI -----------------------------------------------------------------------


async def key_milliseconds(path: Path, presses: int) -> dict[str, list[float]]:
    """Handled times of keys in the cue list and the filter, in milliseconds."""
    from textual import events

    from tui.app import make_app

    app = make_app(
        path,
        keymap_path=None,
        autosave_seconds=None,
        poll_seconds=None,
        cursor_blink=False,
        build_dialogs_ahead=False,  # no dialog built behind the keys measured
    )
    times: dict[str, list[float]] = {}

    async def press(name: str, key: str, character: str | None = None) -> None:
        started = time.perf_counter()
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)
        await pilot._wait_for_screen()
        await pilot._wait_for_screen()
        app.screen._on_timer_update()  # paint now instead of at the next frame tick
        times.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        await pilot.pause()

    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.main.query_one("#cues")
        for _ in range(presses):
            await press("Down", "down")
        for _ in range(max(1, presses // 5)):
            await press("Page Down", "pagedown")
        for _ in range(max(1, presses // 5)):
            await press("End", "end")
            assert table.cursor_row == table.row_count - 1, "End reached the last cue"
            await press("Home", "home")
            assert table.cursor_row == 0, "Home reached the first cue"
        await pilot.press("slash")
        typed = "cue 99"[: max(1, presses // 5)]
        for index, letter in enumerate(typed):
            name = "filter letter" if index else "filter 1st"  # the 1st finds each cue's text
            await press(name, "space" if letter == " " else letter, letter)
        assert app.main.filter_text == typed, "the letters went into the filter"
    return times


def tui_figures(path: Path, presses: int, timeout: float) -> list[str]:
    child = run_child([sys.executable, "-c", FIRST_FRAME, str(path)], path.parent, timeout)
    if child.timed_out or child.returncode:
        first = f"failed or over {timeout:.0f} s"
    else:
        painted, rows, selected = child.stdout.split()[:3]
        first = (
            f"{float(painted) - child.started:7.2f} s  peak {child.peak_mb:.0f} MB "
            f"({rows} rows, cursor on {selected})"
        )
    lines = [f"TUI start to first frame (headless): {first}"]
    keys = run_child(_this("keys", path, 0, presses), path.parent, timeout)
    if keys.timed_out or keys.returncode:
        lines.append(f"TUI keys: failed or over {timeout:.0f} s")
    else:
        lines += keys.stdout.splitlines()
    return lines


def print_key_figures(path: Path, presses: int) -> None:
    """Child side of the key figures: one line per key."""
    times = asyncio.run(key_milliseconds(path, presses))
    for name, measured in times.items():
        median = statistics.median(measured)
        print(
            f"TUI key {name:<14} handled median {median:7.1f} ms, max {max(measured):7.1f} ms "
            f"({len(measured)} presses; aim < {KEY_AIM_MS:.0f} ms: {_verdict(median < KEY_AIM_MS)})"
        )


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def _scoresync() -> list[str]:
    script = Path(sys.executable).with_name("scoresync")
    return [str(script)] if script.exists() else [sys.executable, "-m", "scoresync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cues", type=int, default=10_000, help="cues in the project")
    parser.add_argument("--presses", type=int, default=30, help="presses of Down (others fewer)")
    parser.add_argument("--timeout", type=float, default=300, help="limit per step, seconds")
    parser.add_argument("--pdf-timeout", type=float, default=300, help="limit of the PDF")
    parser.add_argument("--measure", choices=CHILD_SIDES, help=argparse.SUPPRESS)
    parser.add_argument("path", nargs="?", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.measure == "projects":
        write_projects(options.path, options.cues)
    elif options.measure == "keys":
        print_key_figures(options.path, options.presses)
    elif options.measure:
        measure_in_process(options.measure, options.path, options.cues)
    else:
        run(options)


def run(options: argparse.Namespace) -> None:
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} CPUs)")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / LARGE
        made = run_child(_this("projects", folder, options.cues), folder, options.timeout)
        if made.returncode:
            raise SystemExit(f"could not write the projects (exit {made.returncode})")
        size_mb = path.stat().st_size / 1e6
        print(f"project: {options.cues} cues, 10 reels, 20 hits each, {size_mb:.0f} MB")

        info = run_child([*_scoresync(), "info", path.name], folder, options.timeout)
        info_text = "over the limit (stopped)" if info.timed_out else f"{info.seconds:7.2f} s"
        print(f"CLI info: {info_text}  peak {info.peak_mb:.0f} MB (exit {info.returncode})")
        print(f"load (in-process): {in_process('load', path, options.cues, options.timeout)}")
        saved = folder / "saved.scoresync.json"
        print(f"save (in-process): {in_process('save', saved, options.cues, options.timeout)}")
        for line in tui_figures(path, options.presses, options.timeout):
            print(line)

        pdf = run_child(
            [*_scoresync(), "export", "timing-sheet", LONG, "1M1"]
            + ["-o", "sheet.pdf", "--format", "pdf"],
            folder,
            options.pdf_timeout,
        )
        pdf_text = (
            f"over {options.pdf_timeout:.0f} s (stopped)"
            if pdf.timed_out
            else f"{pdf.seconds:7.2f} s (exit {pdf.returncode})"
        )
        print(f"PDF timing sheet, 20,000 hits: {pdf_text}  peak {pdf.peak_mb:.0f} MB")
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
