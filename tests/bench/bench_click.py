"""Benchmark: click track rendering, against librosa.clicks placing the same clicks.

A 3-minute cue and a 2-hour reel, each with a constant 120 BPM 4/4 map and with a map of
ramps, at 48 kHz / 24-bit. Both sides start from the same tempo map:

* scoresync works out the click positions from the map (``plan_click``), places its click
  sounds (``render_blocks``) and writes the Broadcast Wave file (``render_click``);
* librosa is given the time of every click of the same map (seconds from the file's
  first sample, worked out once before timing: librosa has no tempo map) and places them
  with ``librosa.clicks``, using scoresync's beat sound as its click so the two renders
  line up; it then goes through the same WAV writer. ``librosa.clicks`` floors
  ``time * sr`` where scoresync takes the nearest sample (halves up), so each time it is
  given is the click's exact time plus half a sample.

Before any figure is printed the two renders are checked to agree: the same click onsets,
to the sample, as the plan's positions. Each time is the best of 2 or 3 runs; the
real-time factor is audio seconds / wall seconds. Run::

    python tests/bench/bench_click.py            # all four cases
    python tests/bench/bench_click.py --quick    # the 3-minute cue only
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction
from pathlib import Path

import numpy as np

from scoresync.deliver.click import ClickOptions, ClickPlan, bext_for, plan_click, render_click
from scoresync.picture.rates import RATES
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, CueTempo
from tempo.audio.bwf import write_bwf
from tempo.audio.click import DEFAULT_SOUNDS, ClickKind, render_blocks, render_sound
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap

RATE = RATES["23.976"]
SAMPLE_RATE = 48_000
BLOCK = 1 << 20


def ramped_map() -> TempoMap:
    """Two hours of 32 bars at 120, a ramp to 90 (linear in beats), 32 bars at 90 and a
    ramp back (linear in time), over and over."""
    cycle = [
        Segment(32, 120),
        Segment(16, 120, 90, RampShape.LINEAR_BEATS),
        Segment(32, 90),
        Segment(16, 90, 120, RampShape.LINEAR_TIME),
    ]
    return TempoMap(tuple(cycle * 140 + [Segment(None, 120)]))


def cue(minutes: int, tempo_map: TempoMap) -> Cue:
    start = tc_to_frames("01:00:00:00", rate=RATE)
    end = start + round(minutes * 60 * RATE.fps)
    return Cue(CueNumber.parse("1M1"), "Bench", start, end, tempo=CueTempo(start, tempo_map))


def best_of(repeats: int, action: Callable[[], object]) -> float:
    """The shortest wall time of ``repeats`` runs of ``action``."""
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        began = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - began)
    return best


def onsets(blocks: Iterable[np.ndarray], quiet: int = 64) -> list[int]:
    """The sample of each click's first non-zero sample (after at least ``quiet`` zero
    samples) in a signal given block by block."""
    found: list[int] = []
    last = -quiet - 1  # the last non-zero sample so far
    start = 0
    for block in blocks:
        nonzero = np.flatnonzero(block) + start
        if nonzero.size:
            gaps = np.diff(nonzero, prepend=last)
            found.extend(nonzero[gaps > quiet].tolist())
            last = int(nonzero[-1])
        start += block.size
    return found


def click_times_seconds(plan: ClickPlan, sample_rate: int) -> np.ndarray:
    """Each click's time from the file's first sample, from the cue's tempo map, plus half
    a sample (librosa floors ``time * sr``; scoresync takes the nearest sample)."""
    tempo = plan.cue.placed_tempo()
    origin = Fraction(tempo.downbeat_frames * sample_rate) / RATE.fps - plan.first_sample
    exact = [
        origin + Fraction(tempo.map.seconds_at_quarters(quarters)) * sample_rate
        for quarters in plan.clicks.quarters
    ]
    return np.array([float((samples + Fraction(1, 2)) / sample_rate) for samples in exact])


def bench(name: str, minutes: int, tempo_map: TempoMap, folder: Path) -> None:
    import librosa

    the_cue = cue(minutes, tempo_map)
    options = ClickOptions(sample_rate=SAMPLE_RATE, bit_depth="24")
    plan = plan_click(the_cue, RATE, options)
    audio_seconds = plan.total_samples / SAMPLE_RATE
    times = click_times_seconds(plan, SAMPLE_RATE)
    beat = render_sound(DEFAULT_SOUNDS[ClickKind.BEAT], SAMPLE_RATE)

    def ours() -> None:
        render_click(plan_click(the_cue, RATE, options), folder / "ours.wav")

    def ours_positions() -> None:
        plan_click(the_cue, RATE, options)

    def ours_blocks() -> Iterator[np.ndarray]:
        return render_blocks(
            plan.clicks, total_samples=plan.total_samples, sample_rate=SAMPLE_RATE, bits=24
        )

    def ours_placing() -> None:
        for _ in ours_blocks():
            pass

    def theirs() -> np.ndarray:
        return librosa.clicks(times=times, sr=SAMPLE_RATE, length=plan.total_samples, click=beat)

    def theirs_written() -> None:
        signal = theirs()
        blocks = (signal[i : i + BLOCK] for i in range(0, signal.size, BLOCK))
        write_bwf(
            folder / "librosa.wav",
            blocks,
            sample_rate=SAMPLE_RATE,
            bit_depth="24",
            total_samples=plan.total_samples,
            info=bext_for(plan),
        )

    positions = plan.clicks.samples.tolist()
    ours_onsets = onsets(ours_blocks())
    theirs_onsets = onsets([theirs()])  # also pays librosa's first-call imports and caches
    assert ours_onsets == positions, f"{name}: scoresync's render has other onsets than its plan"
    assert theirs_onsets == positions, f"{name}: librosa's render has other click onsets"

    written = best_of(2, ours)
    planning = best_of(3, ours_positions)
    placing = best_of(3, ours_placing)
    their_placing = best_of(3, theirs)
    their_written = best_of(2, theirs_written)

    def row(what: str, seconds: float) -> str:
        return f"  {what:<44} {seconds:8.3f} s {audio_seconds / seconds:10,.0f}x real time"

    print(
        f"{name}: {audio_seconds:,.0f} s of audio, {len(plan.clicks):,} clicks, "
        "the same onsets to the sample in both renders"
    )
    print(row("scoresync: positions, clicks, WAV + bext", written))
    print(row("scoresync: positions from the map", planning))
    print(row("scoresync: placing the clicks (no writing)", placing))
    print(row("librosa.clicks: placing (no writing)", their_placing))
    print(row("librosa.clicks + the same WAV writer", their_written))
    print(
        f"  librosa / scoresync: {their_written / written:5.2f}x the time written, "
        f"{their_placing / placing:5.2f}x placing"
    )
    for path in folder.iterdir():
        path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the 3-minute cue")
    args = parser.parse_args()
    cases = [
        ("3-minute cue, 120 BPM", 3, TempoMap.constant(120)),
        ("3-minute cue, ramps", 3, ramped_map()),
    ]
    if not args.quick:
        cases += [
            ("2-hour reel, 120 BPM", 120, TempoMap.constant(120)),
            ("2-hour reel, ramps", 120, ramped_map()),
        ]
    with tempfile.TemporaryDirectory(prefix="bench_click_") as folder:
        for name, minutes, tempo_map in cases:
            bench(name, minutes, tempo_map, Path(folder))


if __name__ == "__main__":
    main()
