"""Benchmark: a conform of a large project through a large recut.

Run with ``python tests/bench/bench_conform.py [--events N] [--changes N] [--cues N]
[--hits-per-cue N] [--repeat N]``.

An old cut of ``--events`` shots (a tenth on a dissolve) and a new cut made from it by
``--changes`` edits (a third each lifts, trims and moves: the generator of
``tests/conform/recut_support.py``) are written as CMX 3600 EDLs at 24 fps into a
temporary folder. A project of ``--cues`` cues spread over the old cut, each with
``--hits-per-cue`` hits (every third a must-hit hit) and every fourth with a 120 BPM
tempo map (so the musical proposal runs, and the multi-segment planner where the bar edit
and the re-solved tempo leave a must-hit hit uncaught), is conformed through the change
map.

Printed: reading both EDLs from their files, the change map (``diff_cuts``), the
conform of the project (``conform_project``, when ``scoresync.conform.cues`` is there)
and the whole, each the best of ``--repeat`` runs, beside its aim; and the machine's load
average before and after. The aim is the whole conform under 1 s; the
parts' aims are a split of that second.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from scoresync.conform.changemap import diff_cuts
from scoresync.editorial.edl import parse_edl_file
from scoresync.editorial.layer import Cut
from scoresync.errors import ScoreSyncError
from scoresync.picture.rates import parse_rate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "conform"))
from recut_support import START, large_recut  # noqa: E402

T = TypeVar("T")
RATE = parse_rate("24")

AIMS = {"parse": 0.2, "diff": 0.3, "conform": 0.5, "whole": 1.0}
"""Seconds: the whole conform under 1 s, split between its parts."""


def best_seconds(run: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The shortest wall time of ``repeat`` runs, in seconds, and the last result."""
    best = float("inf")
    result: T
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def write_pair(folder: Path, events: int, changes: int) -> tuple[Path, Path, int]:
    """The old and new EDLs of a generated recut, and the old cut's length in frames."""
    recut = large_recut(events, changes)
    old, new = folder / "old.edl", folder / "new.edl"
    old.write_text(recut.old_edl(), encoding="utf-8")
    new.write_text(recut.new_edl(), encoding="utf-8")
    return old, new, len(recut.old_frames)


def read_pair(old: Path, new: Path) -> tuple[Cut, Cut]:
    readings = [parse_edl_file(path, rate=RATE) for path in (old, new)]
    for reading in readings:
        if not reading.complete:
            raise SystemExit(f"{reading.cut.name}: not every event line became an edit")
    return readings[0].cut, readings[1].cut


def make_project(cues: int, hits_per_cue: int, length_frames: int) -> Any:
    """``cues`` cues spread evenly over ``length_frames`` from 01:00:00:00, each two
    thirds of its slot long with ``hits_per_cue`` hits; every fourth tempo-mapped."""
    from scoresync.project.cuenumber import CueNumber
    from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
    from tempo.map.tempomap import TempoMap

    slot = length_frames // cues
    span = slot * 2 // 3
    made = []
    for number in range(cues):
        start = START + number * slot
        hits = tuple(
            Hit(
                start + (k + 1) * span // (hits_per_cue + 1),
                label=f"h{k + 1}",
                must_hit=k % 3 == 0,  # a must-hit hit the musical proposal must land
            )
            for k in range(hits_per_cue)
        )
        tempo = CueTempo(start, TempoMap.constant(120)) if number % 4 == 0 else None
        made.append(
            Cue(
                CueNumber.parse(f"1M{number + 1}"),
                f"Cue {number + 1}",
                start,
                start + span,
                hits=hits,
                tempo=tempo,
            )
        )
    return Project("Bench", RATE, START, (Reel(1, "R1", START),), tuple(made))


def conform_function() -> Callable[..., Any] | None:
    """``conform_project`` when the project conform is there, else None."""
    if importlib.util.find_spec("scoresync.conform.cues") is None:
        return None
    from scoresync.conform.cues import conform_project

    return conform_project


def row(label: str, seconds: float | None, aim: float, remark: str = "") -> str:
    if seconds is None:
        return f"{label:44} {'-':>9}     (aim < {aim * 1000:4.0f} ms)  {remark}"
    verdict = "ok" if seconds < aim else "OVER"
    return f"{label:44} {seconds * 1000:7.1f} ms  (aim < {aim * 1000:4.0f} ms, {verdict})  {remark}"


def load_line(when: str) -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {when}: {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} CPUs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument("--cues", type=int, default=200)
    parser.add_argument("--hits-per-cue", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    print(load_line("before"))
    with tempfile.TemporaryDirectory() as name:
        old_path, new_path, length = write_pair(Path(name), options.events, options.changes)
        parse_s, (old, new) = best_seconds(lambda: read_pair(old_path, new_path), options.repeat)
        diff_s, change_map = best_seconds(lambda: diff_cuts(old, new), options.repeat)
    changed = len(change_map.changes())
    print(
        f"cuts: {len(old.events)} and {len(new.events)} events, {options.changes} edits "
        f"(lifts, trims, moves); {len(change_map.segments)} segments, {changed} changed"
    )
    print(row("read both EDLs (parse_edl_file)", parse_s, AIMS["parse"]))
    print(row("change map (diff_cuts)", diff_s, AIMS["diff"]))
    conform = conform_function()
    total = parse_s + diff_s
    hits = options.cues * options.hits_per_cue
    label = f"conform {options.cues} cues, {hits} hits"
    if conform is None:
        print(row(label, None, AIMS["conform"], "scoresync.conform.cues is not there yet"))
        print(row("whole conform (parse + diff)", total, AIMS["whole"], "without the conform"))
    else:
        project = make_project(options.cues, options.hits_per_cue, length)
        plain_s, plain = best_seconds(
            lambda: conform(project, change_map, propose=False), options.repeat
        )
        moved = sum(cue.hits_moved for cue in plain.cues)
        lost = sum(cue.hits_lost for cue in plain.cues)
        remark = f"{moved} hits moved, {lost} lost"
        print(row(f"{label}, no proposals", plain_s, AIMS["conform"], remark))
        try:
            conform_s, result = best_seconds(lambda: conform(project, change_map), options.repeat)
        except ScoreSyncError as error:
            print(row(f"{label}, with proposals", None, AIMS["conform"], f"failed: {error}"))
            conform_s = plain_s
            label = "whole conform (parse + diff + conform, no proposals)"
        else:
            proposed = sum(cue.proposal is not None for cue in result.cues)
            remark = f"{proposed} musical proposals"
            print(row(f"{label}, with proposals", conform_s, AIMS["conform"], remark))
            label = "whole conform (parse + diff + conform)"
        total += conform_s
        print(row(label, total, AIMS["whole"]))
    print(load_line("after"))


if __name__ == "__main__":
    main()
