"""Round tempos inside a Find Tempo interval: whole BPM, quarter BPM and frame clicks.

A frame click ``F-e`` is F frames plus e eighths of a frame per beat, so a click of
``n = 8 F + e`` eighths is ``480 fps / n`` BPM (at 24 fps, 12-0 is 120 BPM).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from tempo.calc.clickbook import eighths_label, eighths_to_bpm

PER_CLASS = 2
MAX_NICE = 6


def nice_bpms(
    lo: Fraction, hi: Fraction, best_bpm: float, fps: Fraction | None
) -> tuple[Fraction, ...]:
    """Round tempos in ``[lo, hi]`` BPM, best first.

    Classes in order: whole BPM, whole-frame clicks, quarter-BPM steps, eighth-frame
    clicks; within a class the ones nearest ``best_bpm`` come first, two per class.
    """
    picks: list[Fraction] = []
    picks += _nearest_steps(lo, hi, best_bpm, Fraction(1))
    if fps is not None:
        picks += _nearest_clicks(lo, hi, best_bpm, fps, step=8)
    picks += _nearest_steps(lo, hi, best_bpm, Fraction(1, 4), skip_whole=True)
    if fps is not None:
        picks += _nearest_clicks(lo, hi, best_bpm, fps, step=1)
    unique: list[Fraction] = []
    for bpm in picks:
        if bpm not in unique:
            unique.append(bpm)
    return tuple(unique[:MAX_NICE])


def frame_click_label(lo: Fraction, hi: Fraction, best_bpm: float, fps: Fraction) -> str:
    """The frame click nearest ``best_bpm`` inside ``[lo, hi]``, else ``"~F-e"`` nearest it."""
    inside = _nearest_indices(
        math.ceil(480 * fps / hi), math.floor(480 * fps / lo), 480 * float(fps) / best_bpm
    )
    chosen = _closest(inside, lambda n: float(eighths_to_bpm(n, fps)), best_bpm)
    if chosen is not None:
        return eighths_label(chosen)
    around = _nearest_indices(1, 1 << 30, 480 * float(fps) / best_bpm)
    nearest = _closest(around, lambda n: float(eighths_to_bpm(n, fps)), best_bpm)
    return "~" + eighths_label(nearest if nearest is not None else 1)


def _nearest_steps(
    lo: Fraction, hi: Fraction, best_bpm: float, step: Fraction, *, skip_whole: bool = False
) -> list[Fraction]:
    indices = _nearest_indices(math.ceil(lo / step), math.floor(hi / step), best_bpm / float(step))
    values = [j * step for j in indices if not (skip_whole and (j * step).denominator == 1)]
    return sorted(values, key=lambda v: abs(float(v) - best_bpm))[:PER_CLASS]


def _nearest_clicks(
    lo: Fraction, hi: Fraction, best_bpm: float, fps: Fraction, *, step: int
) -> list[Fraction]:
    """Clicks whose eighth count is a multiple of ``step`` (8: whole frames)."""
    first = math.ceil(480 * fps / hi / step)
    last = math.floor(480 * fps / lo / step)
    indices = _nearest_indices(max(first, 1), last, 480 * float(fps) / best_bpm / step)
    values = [eighths_to_bpm(j * step, fps) for j in indices if step == 8 or j % 8]
    return sorted(values, key=lambda v: abs(float(v) - best_bpm))[:PER_CLASS]


def _nearest_indices(first: int, last: int, target: float) -> list[int]:
    """Up to five integers in ``[first, last]`` around ``target``."""
    if first > last:
        return []
    centre = min(max(round(target), first), last)
    return [j for j in range(centre - 2, centre + 3) if first <= j <= last]


def _closest(indices: list[int], value: Callable[[int], float], target: float) -> int | None:
    if not indices:
        return None
    return min(indices, key=lambda j: abs(value(j) - target))
