"""Find Tempo benchmark: the exact sweep against a NumPy stepped scan, on the same job.

100 seeded random hits over 3 minutes (millisecond times), beat and eighth grids, a
one-frame tolerance at 24 fps, 40-240 BPM. Both ways answer the same question: the best
tempo and the weight of hits it catches. Find Tempo gives the exact optimum over the
continuous range (``find_tempo`` with one candidate: its exact interval, tempo and
weight); the stepped scan tries every 0.01 BPM, vectorised in NumPy over tempos x hits in
chunks. The two are timed in turn, run after run, and the medians are compared. A
candidate's figures (each hit's offset and status, counts, RMS) are measured on the map at
its tempo when first read; that is timed apart, for the best candidate. Then more seeded
hit sets check that the stepped scan never catches more than the exact optimum.

Run: python tests/bench/bench_find_tempo.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from tempo.findtempo.check import check_request
from tempo.findtempo.rows import plan_rows
from tempo.findtempo.solver import FindTempoRequest, HitSpec, find_tempo

SEED = 20240611
HITS = 100
CUE_MS = 180_000
MIN_BPM, MAX_BPM = 40, 240
FPS = 24
STEP_BPM = 0.01
CHUNK_TEMPOS = 256
RUNS = 25
CHECK_SEEDS = 20
WEIGHT_SLACK = 1e-9
SETTLE_BYTES = 16 << 20


def make_request(seed: int = SEED) -> FindTempoRequest:
    rng = np.random.default_rng(seed)
    times_ms = np.sort(rng.integers(0, CUE_MS, HITS))
    grids = rng.choice([1, 2], HITS)
    hits = tuple(
        HitSpec(Fraction(int(t), 1000), grid=Fraction(int(g)), label=f"hit {i + 1}")
        for i, (t, g) in enumerate(zip(times_ms, grids, strict=True))
    )
    return FindTempoRequest(
        hits,
        min_bpm=Fraction(MIN_BPM),
        max_bpm=Fraction(MAX_BPM),
        tolerance_seconds=Fraction(1, FPS),
        fps=Fraction(FPS),
        max_candidates=1,
    )


def stepped_scan(request: FindTempoRequest, step_bpm: float = STEP_BPM) -> tuple[float, float]:
    """Best caught weight over the tempos ``min, min + step, ... max`` and the first tempo
    (BPM) that catches it.

    At tempo T a hit at ``d`` seconds on grid ``g`` sits at grid position ``x = d g T/60``
    and is caught when ``|x - round(x)| <= tau g T/60``.
    """
    seconds = np.array([float(h.seconds) for h in request.hits])
    grids = np.array([float(h.grid) for h in request.hits])
    weights = np.array([float(h.weight) for h in request.hits])
    tolerance = float(request.tolerance_seconds)
    position_per_bpm = seconds * grids / 60.0
    tolerance_per_bpm = tolerance * grids / 60.0
    tempos = np.arange(float(request.min_bpm), float(request.max_bpm) + step_bpm / 2, step_bpm)
    best_weight, best_bpm = -1.0, 0.0
    for start in range(0, tempos.size, CHUNK_TEMPOS):
        bpm = tempos[start : start + CHUNK_TEMPOS, None]
        position = bpm * position_per_bpm
        caught = np.abs(position - np.rint(position)) <= bpm * tolerance_per_bpm
        totals = caught.astype(np.float64) @ weights
        top = int(np.argmax(totals))
        if totals[top] > best_weight:
            best_weight, best_bpm = float(totals[top]), float(bpm[top, 0])
    return best_weight, best_bpm


def interleaved_ms(
    first: Callable[[], object], second: Callable[[], object], runs: int
) -> tuple[list[float], list[float]]:
    """Wall times (ms) of ``runs`` calls of each, taken in turn (the order alternates)."""
    times: tuple[list[float], list[float]] = ([], [])
    for run in range(runs):
        pair = ((0, first), (1, second)) if run % 2 == 0 else ((1, second), (0, first))
        for which, action in pair:
            start = time.perf_counter()
            action()
            times[which].append(1000.0 * (time.perf_counter() - start))
    return times


def timed_ms(action: Callable[[], object], runs: int) -> list[float]:
    """Wall times (ms) of ``runs`` calls of ``action``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(1000.0 * (time.perf_counter() - start))
    return times


def scan_caught_more(seeds: range) -> int:
    """In how many seeded hit sets the stepped scan catches more than the exact optimum."""
    more = 0
    for seed in seeds:
        request = make_request(seed)
        if stepped_scan(request)[0] > find_tempo(request)[0].weighted_hits + WEIGHT_SLACK:
            more += 1
    return more


def settle_allocator() -> None:
    """Frees one large block, so glibc keeps freed memory for reuse from then on.

    Until a block above its threshold (128 KB) has been freed, glibc hands such blocks
    back to the system on free, and every later call pays for fresh pages again; how much
    depends on what ran before. A long-running process is past that point; here both
    ways are timed in that steady state.
    """
    block = np.ones(SETTLE_BYTES // 8)
    del block


def main() -> None:
    settle_allocator()
    request = make_request()
    rows = plan_rows(check_request(request)).total
    best = find_tempo(request)[0]
    scan_weight, scan_bpm = stepped_scan(request)
    sweep_ms, scan_ms = interleaved_ms(
        lambda: find_tempo(request), lambda: stepped_scan(request), RUNS
    )
    sweep_median, scan_median = statistics.median(sweep_ms), statistics.median(scan_ms)
    lo, hi = best.interval
    print(f"{HITS} hits over {CUE_MS / 1000:g} s, {MIN_BPM}-{MAX_BPM} BPM, beat and eighth grids,")
    print(f"1-frame tolerance at {FPS} fps ({rows} catch intervals); the best tempo and its")
    print(f"weight of hits caught, each way timed {RUNS} times in turn; median (fastest)")
    print(
        f"exact sweep:               {sweep_median:7.2f} ({min(sweep_ms):.2f}) ms  "
        f"{best.weighted_hits:g} hits caught at {best.bpm:.6f} BPM"
    )
    print(f"  exact interval: {lo} to {hi} BPM")
    print(f"                  ({float(lo):.9f} to {float(hi):.9f}, width {float(hi - lo):.3g})")
    print(
        f"stepped scan, {STEP_BPM:g} BPM steps: {scan_median:7.2f} ({min(scan_ms):.2f}) ms  "
        f"{scan_weight:g} hits caught at {scan_bpm:.2f} BPM"
    )
    print(f"speed ratio, scan / exact sweep: {scan_median / sweep_median:.1f}x (medians)")
    figures_ms = timed_ms(lambda: find_tempo(request)[0].figures, RUNS)
    print(
        f"exact sweep and the best candidate's figures measured on its map: "
        f"{statistics.median(figures_ms):.2f} ({min(figures_ms):.2f}) ms"
    )
    more = int(scan_weight > best.weighted_hits + WEIGHT_SLACK)
    seeds = range(SEED + 1, SEED + 1 + CHECK_SEEDS)
    more += scan_caught_more(seeds)
    verdict = "never caught more" if more == 0 else f"CAUGHT MORE in {more}"
    print(f"the stepped scan {verdict} than the exact sweep ({1 + len(seeds)} hit sets checked)")


if __name__ == "__main__":
    main()
