"""Benchmark: timecode labels to frames and back, scoresync against OpenTimelineIO.

Run with ``python tests/bench/bench_timecode.py [--count N] [--scalar-count N] [--repeat N]``.
For each rate (24 and 29.97df) the same seeded labels go label -> frames -> label:

* one label at a time, as the product converts a single position: scoresync's
  ``tc_to_frames`` / ``frames_to_tc`` (``scoresync.picture.timecode``) against
  OpenTimelineIO's ``opentime.from_timecode`` / ``to_timecode``, both in a Python loop over
  the same ``--scalar-count`` labels;
* all labels in one call, as the product converts a column: ``tc_to_frames_array`` /
  ``frames_to_tc_array`` (``scoresync.picture.bulk``) over ``--count`` labels.
  OpenTimelineIO has no array form, so the figure beside it is its per-label loop.

Every side's results are checked to agree (frames with frames, labels with labels) before
any figure is printed. Each time is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from scoresync.picture.bulk import frames_to_tc_array, tc_to_frames_array
from scoresync.picture.rates import RATES, FrameRate
from scoresync.picture.timecode import frames_to_tc, tc_to_frames

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


def make_frames(rate: FrameRate, count: int) -> np.ndarray:
    """Returns ``count`` random frames of the day (seeded), as int64."""
    rng = np.random.default_rng(2024)
    return rng.integers(0, rate.frames_per_day, count, dtype=np.int64)


def per_second(count: int, *seconds: float) -> float:
    """Labels per second of a round trip taking ``seconds`` in all."""
    return count / sum(seconds)


def bench_rate(rate: FrameRate, count: int, scalar_count: int, repeat: int) -> dict[str, float]:
    """Times every side at one rate; returns round trips per second by side."""
    import opentimelineio as otio

    opentime = otio.opentime
    fps = float(rate.fps)
    source = make_frames(rate, count)
    labels = frames_to_tc_array(source, rate=rate)
    subset = labels[:scalar_count].tolist()

    def scalar_parse() -> list[int]:
        return [tc_to_frames(label, rate=rate) for label in subset]

    def otio_parse() -> list[Any]:
        return [opentime.from_timecode(label, fps) for label in subset]

    bulk_parse_s, frames = best_seconds(lambda: tc_to_frames_array(labels, rate=rate), repeat)
    bulk_format_s, back = best_seconds(lambda: frames_to_tc_array(frames, rate=rate), repeat)
    scalar_parse_s, scalar_frames = best_seconds(scalar_parse, repeat)
    scalar_format_s, scalar_back = best_seconds(
        lambda: [frames_to_tc(f, rate=rate) for f in scalar_frames], repeat
    )
    otio_parse_s, times = best_seconds(otio_parse, repeat)
    otio_format_s, otio_back = best_seconds(
        lambda: [opentime.to_timecode(t, fps, rate.drop) for t in times], repeat
    )

    assert np.array_equal(frames, source), "bulk tc_to_frames_array disagrees with the source"
    assert np.array_equal(back, labels), "bulk frames_to_tc_array does not round-trip"
    assert scalar_frames == source[:scalar_count].tolist(), "tc_to_frames disagrees with bulk"
    assert scalar_back == subset, "frames_to_tc disagrees with bulk"
    assert all(t.rate == fps and t.value == round(t.value) for t in times)
    assert [round(t.value) for t in times] == scalar_frames, "OpenTimelineIO's frames differ"
    assert otio_back == subset, "OpenTimelineIO's labels differ"

    scalar = per_second(scalar_count, scalar_parse_s, scalar_format_s)
    otio_loop = per_second(scalar_count, otio_parse_s, otio_format_s)
    bulk = per_second(count, bulk_parse_s, bulk_format_s)

    def row(name: str, n: int, parse_s: float, format_s: float) -> str:
        labels_per_s = per_second(n, parse_s, format_s)
        return (
            f"    {name:<50} to frames {parse_s / n * 1e9:6.0f} ns  "
            f"to labels {format_s / n * 1e9:6.0f} ns  {labels_per_s / 1e6:6.2f} M labels/s"
        )

    print(f"rate {rate}: label -> frames -> label, per label, best of {repeat}; results agree")
    print(f"  one label at a time ({scalar_count:,} labels, a Python loop on each side):")
    print(
        row("scoresync tc_to_frames / frames_to_tc", scalar_count, scalar_parse_s, scalar_format_s)
    )
    print(
        row("OpenTimelineIO from_timecode / to_timecode", scalar_count, otio_parse_s, otio_format_s)
    )
    print(f"    scoresync / OpenTimelineIO: {scalar / otio_loop:.2f}x the labels per second")
    print(f"  a column in one call ({count:,} labels; OpenTimelineIO has no array form):")
    print(
        row("scoresync tc_to_frames_array / frames_to_tc_array", count, bulk_parse_s, bulk_format_s)
    )
    print(
        f"    scoresync bulk / OpenTimelineIO loop: {bulk / otio_loop:.0f}x the labels per second"
    )
    return {"scalar": scalar, "otio": otio_loop, "bulk": bulk}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="labels per rate, bulk")
    parser.add_argument(
        "--scalar-count", type=int, default=100_000, help="labels per rate, one at a time"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per side; best is kept")
    args = parser.parse_args()
    scalar_count = min(args.scalar_count, args.count)
    totals = [
        bench_rate(RATES[name], args.count, scalar_count, args.repeat) for name in BENCH_RATES
    ]

    def overall(side: str) -> float:
        return len(totals) / sum(1 / rates[side] for rates in totals)

    print(
        f"overall (both rates): scoresync one at a time {overall('scalar') / 1e6:.2f} M labels/s"
        f"  |  OpenTimelineIO one at a time {overall('otio') / 1e6:.2f} M labels/s"
        f"  |  scoresync bulk {overall('bulk') / 1e6:.1f} M labels/s"
    )


if __name__ == "__main__":
    main()
