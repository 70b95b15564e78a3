"""Benchmark of the terminal UI on a 500-cue project: start-up and one keystroke.

Run: ``python tests/bench/bench_tui.py``. Prints:

- start-up: from process start to the first painted frame of the main screen, in a fresh
  interpreter running the app headless (median of several runs), and the import time of
  ``tui.app`` alone for comparison;
- keystroke: the time to handle Down (the selection moves; list, details, timeline and
  header follow) and paint, median over 50 presses. "handled" is from the key event to
  every message processed and the screen repainted; "pilot" is ``Pilot.press``, which
  adds Textual's idle polling (20 ms steps) on top;
- dialogs: from the key that opens a dialog to the dialog's first painted frame (the
  frame computed and rendered to terminal text), for the cue dialog (``e``), the hit
  dialog (``h``) and the export dialog (its command, as the command palette runs it: the
  export has no key of its own). The app builds these dialogs while the keyboard is quiet
  after the start, and keeps them; the benchmark waits for that, then opens each dialog
  several times: the figure is the median of the openings after the first, which is
  shown apart.

Targets: first frame under 1 s, keystroke under 50 ms, a dialog under 150 ms.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scoresync.picture.rates import parse_rate
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import save_project
from scoresync.project.model import Cue, CueStatus, CueTempo, Hit, Project, Reel

CUES = 500
REELS = 5
RUNS = 5
PRESSES = 50
OPENINGS = 15
SIZE = (120, 36)

FIRST_FRAME = """
import sys, time
from pathlib import Path
from tui.app import make_app

app = make_app(Path(sys.argv[1]), keymap_path=None, autosave_seconds=None, poll_seconds=None)

async def painted(pilot):
    await pilot.pause()
    print(time.perf_counter())
    print(time.process_time())
    heavy = [m for m in ("librosa", "music21", "soundfile", "numba") if m in sys.modules]
    print(",".join(heavy))
    app.exit()

app.run(headless=True, size=(120, 36), auto_pilot=painted)
"""


def big_project() -> Project:
    """500 cues over 5 reels (hour per reel), 0-6 hits each, every tenth with a tempo map."""
    from tempo.map.tempomap import TempoMap

    rate = parse_rate("23.976")
    second = 24
    reels = tuple(Reel(r, f"R{r}", r * 3600 * second) for r in range(1, REELS + 1))
    cues = []
    per_reel = CUES // REELS
    statuses = list(CueStatus)
    for index in range(CUES):
        reel, number = divmod(index, per_reel)
        start = reels[reel].start_frames + number * 40 * second + 10 * second
        end = start + 30 * second
        hits = tuple(
            Hit(start + k * 4 * second + 3, f"hit {k + 1}", must_hit=k == 2)
            for k in range(index % 7)
        )
        tempo = (
            CueTempo(start, TempoMap.constant(96 + index % 40, "4/4"))
            if index % 10 == 0
            else (None)
        )
        cues.append(
            Cue(
                CueNumber(reel + 1, number + 1),
                f"Cue {index + 1} title",
                start,
                end,
                status=statuses[index % len(statuses)],
                hits=hits,
                tempo=tempo,
            )
        )
    return Project("Benchmark", rate, reels[0].start_frames, reels, tuple(cues))


def first_frame_seconds(path: Path) -> tuple[float, float, str]:
    """Wall seconds from spawning a fresh interpreter to its first painted frame, the CPU
    seconds it had used by then (less sensitive to a busy machine), and the heavy modules
    it had imported."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    painted, cpu, heavy = (done.stdout.strip().splitlines() + [""])[:3]
    return float(painted) - started, float(cpu), heavy


def import_seconds() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import tui.app"], check=True, timeout=120)
    return time.perf_counter() - started


async def keystroke_milliseconds(path: Path) -> tuple[list[float], list[float]]:
    """Handled and Pilot times of Down presses, in milliseconds."""
    from textual import events

    from tui.app import make_app

    app = make_app(
        path, keymap_path=None, autosave_seconds=None, poll_seconds=None, cursor_blink=False
    )
    handled: list[float] = []
    piloted: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(PRESSES):
            started = time.perf_counter()
            event = events.Key("down", None)
            event.set_sender(app)
            app._driver.send_message(event)
            await pilot._wait_for_screen()
            await pilot._wait_for_screen()
            app.screen._on_timer_update()  # paint now instead of at the next frame tick
            handled.append((time.perf_counter() - started) * 1000)
            await pilot.pause()
        for _ in range(PRESSES):
            started = time.perf_counter()
            await pilot.press("up")
            piloted.append((time.perf_counter() - started) * 1000)
        assert app.screen.selected == CueNumber(1, 1), "the presses moved the selection"
    return handled, piloted


async def dialog_open_milliseconds(path: Path) -> dict[str, list[float]]:
    """Milliseconds from the key (or command) to the first painted frame of each dialog."""
    from textual import events

    from tui.app import make_app
    from tui.dialogs.export import ExportDialog
    from tui.dialogs.kept import built
    from tui.dialogs.spotting import CueDialog, HitDialog

    app = make_app(
        path, keymap_path=None, autosave_seconds=None, poll_seconds=None, cursor_blink=False
    )
    painted: dict[type, float] = {}
    display = app._display

    def recording_display(screen: object, renderable: object) -> None:
        if renderable is not None and type(screen) not in painted:
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)  # what a terminal driver writes; headless skips it
            painted[type(screen)] = time.perf_counter()
        display(screen, renderable)  # type: ignore[arg-type]

    app._display = recording_display  # type: ignore[method-assign]
    openers = {
        "cue (e)": (CueDialog, "e"),
        "hit (h)": (HitDialog, "h"),
        "export": (ExportDialog, "export('click')"),
    }
    times: dict[str, list[float]] = {name: [] for name in openers}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(200):  # the app builds its dialogs once the keyboard is quiet
            if all(built(app, dialog) for dialog, _ in openers.values()):
                break
            await pilot.pause(0.05)
        for _ in range(OPENINGS):
            for name, (dialog, opener) in openers.items():
                painted.clear()
                started = time.perf_counter()
                if len(opener) == 1:
                    event = events.Key(opener, opener)
                    event.set_sender(app)
                    app._driver.send_message(event)
                else:
                    await app.run_action(opener, app.main)
                while dialog not in painted:
                    await asyncio.sleep(0.001)
                times[name].append((painted[dialog] - started) * 1000)
                assert isinstance(app.screen, dialog), f"{name} opened {app.screen}"
                await pilot.press("escape")
                await pilot.pause()
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.scoresync.json"
        save_project(big_project(), path)
        print(f"project: {CUES} cues, {REELS} reels, {path.stat().st_size // 1024} KiB")
        runs = [first_frame_seconds(path) for _ in range(RUNS)]
        heavy = runs[-1][2]
        seconds = sorted(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        print(
            f"first frame: median {statistics.median(seconds):.3f} s "
            f"(min {seconds[0]:.3f}, max {seconds[-1]:.3f}; {RUNS} runs; target < 1 s); "
            f"CPU to first frame {cpu:.3f} s; load average {os.getloadavg()[0]:.2f}"
        )
        print(f"import tui.app alone: {import_seconds():.3f} s")
        print(f"heavy modules at first frame: {heavy or 'none'}")
        handled, piloted = asyncio.run(keystroke_milliseconds(path))
        print(
            f"keystroke (Down, {PRESSES} presses): handled median "
            f"{statistics.median(handled):.1f} ms (p90 {sorted(handled)[int(0.9 * PRESSES)]:.1f}"
            f" ms; target < 50 ms); pilot.press median {statistics.median(piloted):.1f} ms"
        )
        opened = asyncio.run(dialog_open_milliseconds(path))
        print(
            f"dialog open, key to first frame (median of {OPENINGS - 1} openings after the "
            f"first; target < 150 ms); load average {os.getloadavg()[0]:.2f}:"
        )
        for name, times in opened.items():
            later = sorted(times[1:])
            print(
                f"  {name}: median {statistics.median(later):.1f} ms "
                f"(p90 {later[int(0.9 * len(later))]:.1f} ms); first opening {times[0]:.1f} ms"
            )


if __name__ == "__main__":
    main()
