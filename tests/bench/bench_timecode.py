"""Benchmark: one million timecode labels to frames and back, scoresync vs OpenTimelineIO.

Run with ``python tests/bench/bench_timecode.py [--count N] [--repeat N]``. For each rate
(24 and 29.97df) the same labels go label -> frames -> label through scoresync's
vectorised functions and through a plain loop over OpenTimelineIO's ``from_timecode`` and
``to_timecode``. Each side's time is the best of ``--repeat`` runs; the results are
checked to agree before any figure is printed.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from scoresync.picture.bulk import frames_to_tc_array, tc_to_frames_array
from scoresync.picture.rates import RATES, FrameRate

T = TypeVar("T")
BENCH_RATES = ("24", "29.97df")


def best_seconds(run: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Returns the shortest wall time of ``repeat`` runs, in seconds, and the last result."""
    best = float("inf")
    result: T
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def make_labels(rate: FrameRate, count: int) -> np.ndarray:
    """Returns ``count`` labels of random frames of the day (seeded), as ``<U11``."""
    rng = np.random.default_rng(2024)
    return frames_to_tc_array(rng.integers(0, rate.frames_per_day, count), rate=rate)


def bench_rate(rate: FrameRate, count: int, repeat: int) -> tuple[float, float]:
    """Times both sides at one rate; returns labels/second (scoresync, OpenTimelineIO)."""
    import opentimelineio as otio

    opentime = otio.opentime
    labels = make_labels(rate, count)
    label_list = labels.tolist()
    fps = float(rate.fps)

    ours_parse, frames = best_seconds(lambda: tc_to_frames_array(labels, rate=rate), repeat)
    ours_format, back = best_seconds(lambda: frames_to_tc_array(frames, rate=rate), repeat)
    list_parse, from_list = best_seconds(lambda: tc_to_frames_array(label_list, rate=rate), repeat)

    def otio_parse() -> list[Any]:
        return [opentime.from_timecode(label, fps) for label in label_list]

    otio_parse_s, times = best_seconds(otio_parse, repeat)

    def otio_format() -> list[str]:
        return [opentime.to_timecode(t, fps, rate.drop) for t in times]

    otio_format_s, otio_back = best_seconds(otio_format, repeat)

    assert np.array_equal(back, labels) and np.array_equal(from_list, frames)
    assert [round(t.value) for t in times] == frames.tolist()
    assert otio_back == label_list

    ours_rate = count / (ours_parse + ours_format)
    otio_rate = count / (otio_parse_s + otio_format_s)
    print(f"rate {rate}: {count:,} labels, label -> frames -> label, best of {repeat}")
    print(
        f"  scoresync vectorised:  to frames {ours_parse * 1e3:8.1f} ms   "
        f"to labels {ours_format * 1e3:8.1f} ms   {ours_rate / 1e6:6.2f} M labels/s"
    )
    print(
        f"  OpenTimelineIO loop:   to frames {otio_parse_s * 1e3:8.1f} ms   "
        f"to labels {otio_format_s * 1e3:8.1f} ms   {otio_rate / 1e6:6.2f} M labels/s"
    )
    print(
        f"  (from a Python list of str instead of an array: to frames "
        f"{list_parse * 1e3:.1f} ms, {count / (list_parse + ours_format) / 1e6:.2f} M labels/s "
        f"round trip)"
    )
    print(
        f"  scoresync vectorised: {ours_rate / 1e6:.1f} M labels/s  |  "
        f"OpenTimelineIO loop: {otio_rate / 1e6:.2f} M labels/s  |  "
        f"ratio {ours_rate / otio_rate:.0f}x"
    )
    return ours_rate, otio_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="labels per rate")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side; best is kept")
    args = parser.parse_args()
    totals = [bench_rate(RATES[name], args.count, args.repeat) for name in BENCH_RATES]
    ours = len(totals) / sum(1 / rate for rate, _ in totals)
    theirs = len(totals) / sum(1 / rate for _, rate in totals)
    print(
        f"overall: scoresync vectorised: {ours / 1e6:.1f} M labels/s  |  "
        f"OpenTimelineIO loop: {theirs / 1e6:.2f} M labels/s  |  ratio {ours / theirs:.0f}x"
    )


if __name__ == "__main__":
    main()
