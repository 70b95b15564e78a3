"""Tempo-curve arithmetic for multi-segment Find Tempo, vectorised over NumPy arrays.

A segment starts at 0 s on beat 0 with tempo ``T0`` BPM and ends ``D`` seconds later on
beat ``B`` with tempo ``T1``. Shapes:

- ``constant``: ``T1 = T0``, beats ``b(t) = T0 t / 60``.
- ``linear-beats`` (tempo linear in beats): ``t(b) = 60 B/(T1 - T0) ln(T(b)/T0)``,
  ``b(t) = T0 B/(T1 - T0) (exp(t (T1 - T0)/(60 B)) - 1)`` and
  ``D = 60 B ln(T1/T0)/(T1 - T0)``; ``T1`` for a given ``D`` is solved numerically.
- ``linear-time`` (tempo linear in time): ``b(t) = (T0 t + (T1 - T0) t^2/(2 D))/60`` and
  ``T1 = 120 B/D - T0``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

Shape = Literal["constant", "linear-beats", "linear-time"]

SERIES_BELOW = 1e-6
NEWTON_STEPS = 30


def _expm1_over(x: np.ndarray) -> np.ndarray:
    """``(exp(x) - 1)/x``, 1 at 0."""
    small = np.abs(x) < SERIES_BELOW
    safe = np.where(small, 1.0, x)
    return np.where(small, 1.0 + x / 2.0, np.expm1(safe) / safe)


def _log1p_over(x: np.ndarray) -> np.ndarray:
    """``ln(1 + x)/x``, 1 at 0; ``x`` must exceed -1."""
    small = np.abs(x) < SERIES_BELOW
    safe = np.where(small, 1.0, x)
    return np.where(small, 1.0 - x / 2.0, np.log1p(safe) / safe)


def beats_at(
    seconds: np.ndarray,
    start_bpm: np.ndarray,
    end_bpm: np.ndarray,
    beats: np.ndarray,
    duration_seconds: np.ndarray,
    shape: Shape,
) -> np.ndarray:
    """Beats from the segment start at ``seconds`` from it (all arrays broadcast)."""
    if shape == "constant":
        return start_bpm * seconds / 60.0
    if shape == "linear-beats":
        z = seconds * (end_bpm - start_bpm) / (60.0 * beats)
        return start_bpm * seconds / 60.0 * _expm1_over(z)
    slope = (end_bpm - start_bpm) / (2.0 * duration_seconds)
    return (start_bpm * seconds + slope * seconds * seconds) / 60.0


def seconds_at(
    at_beats: np.ndarray,
    start_bpm: np.ndarray,
    end_bpm: np.ndarray,
    beats: np.ndarray,
    duration_seconds: np.ndarray,
    shape: Shape,
) -> np.ndarray:
    """Seconds from the segment start of beat ``at_beats`` (the inverse of ``beats_at``).

    Beyond the point where a slowing ramp would reach 0 BPM the result is ``inf``.
    """
    if shape == "constant":
        return 60.0 * at_beats / start_bpm
    if shape == "linear-beats":
        x = (end_bpm - start_bpm) * at_beats / (start_bpm * beats)
        inside = x > -1.0
        safe = np.where(inside, x, 0.0)
        return np.where(inside, 60.0 * at_beats / start_bpm * _log1p_over(safe), np.inf)
    slope = (end_bpm - start_bpm) / (2.0 * duration_seconds)
    root = start_bpm * start_bpm + 240.0 * slope * at_beats
    inside = root >= 0.0
    return np.where(
        inside, 120.0 * at_beats / (start_bpm + np.sqrt(np.where(inside, root, 0.0))), np.inf
    )


def linear_time_end_bpm(
    start_bpm: np.ndarray, beats: np.ndarray, duration_seconds: np.ndarray
) -> np.ndarray:
    """``T1`` of a tempo-linear-in-time ramp of ``beats`` over ``duration_seconds``."""
    return 120.0 * beats / duration_seconds - start_bpm


def linear_beats_end_bpm(
    start_bpm: np.ndarray, beats: np.ndarray, duration_seconds: np.ndarray
) -> np.ndarray:
    """``T1`` of a tempo-linear-in-beats ramp of ``beats`` over ``duration_seconds``.

    With ``x = ln(T1/T0)`` the length condition is ``x/(e^x - 1) = y``,
    ``y = D T0/(60 B)``. The left side is convex and decreasing with tangent ``1 - x/2``
    at 0, so Newton's method from ``x = 2 (1 - y)`` (never right of the root) converges
    monotonically.
    """
    y = duration_seconds * start_bpm / (60.0 * beats)
    x = 2.0 * (1.0 - y)
    for _ in range(NEWTON_STEPS):
        small = np.abs(x) < 1e-4
        safe = np.where(small, 1.0, x)
        em1 = np.expm1(safe)
        value = np.where(small, 1.0 - x / 2.0 + x * x / 12.0, safe / em1)
        slope = np.where(small, -0.5 + x / 6.0, (em1 - safe * (em1 + 1.0)) / (em1 * em1))
        step = (value - y) / slope
        x = x - step
        if np.all(np.abs(step) < 1e-13 * np.maximum(1.0, np.abs(x))):
            break
    return start_bpm * np.exp(x)
