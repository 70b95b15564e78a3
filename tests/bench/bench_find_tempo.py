"""Find Tempo benchmark: the exact sweep against a NumPy stepped scan, in one run.

100 seeded random hits over 3 minutes (millisecond times), beat and eighth grids, a
one-frame tolerance at 24 fps, 40-240 BPM. Prints, in one run, Find Tempo's time to the
exact optimum (the best candidate with its exact interval) and to ten ranked candidates,
with the weight caught, beside a stepped scan (0.01 BPM steps, NumPy, vectorised over
tempos x hits in chunks) with its time and best weight, and the speed ratio. The stepped
scan never catches more.

Run: python tests/bench/bench_find_tempo.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from fractions import Fraction

import numpy as np

from tempo.findtempo import FindTempoRequest, HitSpec, find_tempo
from tempo.findtempo_check import check_request
from tempo.findtempo_sweep import build_rows, sweep

SEED = 20240611
HITS = 100
CUE_MS = 180_000
MIN_BPM, MAX_BPM = 40, 240
FPS = 24
STEP_BPM = 0.01
FINE_STEP_BPM = 0.001
CHUNK_TEMPOS = 1024
SWEEP_RUNS = 21
SCAN_RUNS = 5


def make_request() -> FindTempoRequest:
    rng = np.random.default_rng(SEED)
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
    )


def stepped_scan(request: FindTempoRequest, step_bpm: float) -> tuple[float, float]:
    """Best caught weight over a tempo grid, and the tempo where it first occurs."""
    seconds = np.array([float(h.seconds) for h in request.hits])
    grids = np.array([float(h.grid) for h in request.hits])
    weights = np.array([h.weight for h in request.hits])
    tolerance = float(request.tolerance_seconds)
    tempos = np.arange(float(request.min_bpm), float(request.max_bpm) + step_bpm / 2, step_bpm)
    best_weight, best_bpm = -1.0, 0.0
    for start in range(0, tempos.size, CHUNK_TEMPOS):
        bpm = tempos[start : start + CHUNK_TEMPOS, None]
        k = np.rint(seconds * grids * bpm / 60.0)
        caught = np.abs(k / grids * 60.0 / bpm - seconds) <= tolerance
        totals = caught.astype(np.float64) @ weights
        top = int(np.argmax(totals))
        if totals[top] > best_weight:
            best_weight, best_bpm = float(totals[top]), float(bpm[top, 0])
    return best_weight, best_bpm


def timed_ms(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and fastest wall time of ``runs`` calls, in ms."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000.0 * statistics.median(times), 1000.0 * min(times)


def main() -> None:
    request = make_request()
    first = replace(request, max_candidates=1)
    find_tempo(request)  # warm up imports and caches
    best = find_tempo(first)[0]
    ranked = find_tempo(request)
    optimum_ms = timed_ms(lambda: find_tempo(first), SWEEP_RUNS)
    ranked_ms = timed_ms(lambda: find_tempo(request), SWEEP_RUNS)
    problem = check_request(request)
    rows = build_rows(problem)
    full_sweep_ms = timed_ms(lambda: sweep(problem, rows), SWEEP_RUNS)
    scan_weight, scan_bpm = stepped_scan(request, STEP_BPM)
    scan_ms = timed_ms(lambda: stepped_scan(request, STEP_BPM), SCAN_RUNS)
    lo, hi = best.interval
    print(f"{HITS} hits over {CUE_MS / 1000:g} s, {MIN_BPM}-{MAX_BPM} BPM, beat and eighth grids,")
    print(f"1-frame tolerance at {FPS} fps: {rows.count} catch intervals; times are median (min)")
    print(
        f"Find Tempo, exact optimum:    {optimum_ms[0]:7.2f} ({optimum_ms[1]:.2f}) ms  "
        f"{best.weighted_hits:g} hits at {best.bpm:.6f} BPM"
    )
    print(f"  its interval: {float(lo):.6f}-{float(hi):.6f} BPM (width {float(hi - lo):.2e})")
    print(
        f"Find Tempo, 10 ranked:        {ranked_ms[0]:7.2f} ({ranked_ms[1]:.2f}) ms  "
        f"{', '.join(f'{c.weighted_hits:g}' for c in ranked)} hits"
    )
    print(f"  plain sweep of every interval: {full_sweep_ms[0]:.2f} ({full_sweep_ms[1]:.2f}) ms")
    print(
        f"stepped scan, {STEP_BPM:g} BPM steps:  {scan_ms[0]:7.2f} ({scan_ms[1]:.2f}) ms  "
        f"{scan_weight:g} hits at {scan_bpm:.2f} BPM"
    )
    print(
        f"speed ratio, scan / exact optimum: {scan_ms[0] / optimum_ms[0]:.1f}x median, "
        f"{scan_ms[1] / optimum_ms[1]:.1f}x min; scan / 10 ranked: "
        f"{scan_ms[0] / ranked_ms[0]:.1f}x median"
    )
    verdict = "never catches more" if scan_weight <= best.weighted_hits else "CAUGHT MORE"
    print(f"the stepped scan {verdict} ({scan_weight:g} <= {best.weighted_hits:g})")
    assert scan_weight <= best.weighted_hits + 1e-9, "the stepped scan beat the exact sweep"
    fine_weight, fine_bpm = stepped_scan(request, FINE_STEP_BPM)
    fine_ms = timed_ms(lambda: stepped_scan(request, FINE_STEP_BPM), 1)
    print(
        f"(a finer scan, {FINE_STEP_BPM:g} BPM steps: {fine_ms[0]:.0f} ms, {fine_weight:g} hits at "
        f"{fine_bpm:.3f} BPM; still no guarantee)"
    )
    assert fine_weight <= best.weighted_hits + 1e-9, "the fine scan beat the exact sweep"


if __name__ == "__main__":
    main()
