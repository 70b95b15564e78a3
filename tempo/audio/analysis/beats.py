"""The beat: the tempo of the counted beat and each beat's position.

The tempo is the strongest period of the pulse's local autocorrelation (the onset
envelopes of all bands and of the low band, averaged over 8-second windows: a
tempogram), each period reinforced by the autocorrelation at two beats and at a bar of
beats (a beat recurs at the bar, a cross-rhythm does not), under a prior: the editor's
tempo range when given (a flat prior that rules out every other octave), otherwise a
log-normal of one octave around 120 BPM. Only peaks of the autocorrelation count (the
edge of a range on a slope is not a period), and inside a range a gentle lean towards
its middle settles a piece whose periods are all about as strong (a rubato over even
figures). The beats are then found by dynamic
programming (Ellis 2007: each beat's score is its onset strength plus the best earlier
beat's score, less a penalty growing with the squared log of how far the gap strays from
the period), and each is placed between frames at its onset peak.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tempo.audio.analysis.features import FRAME_SECONDS

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["estimate_bpm", "refine_beats", "track_beats"]

WINDOW_SECONDS = 8.0
"""Length of the autocorrelation windows of the tempogram."""

TIGHTNESS = 120.0
"""How strongly the beat tracker holds to the tempo (Ellis's alpha)."""

PRIOR_CENTRE_BPM = 120.0
"""Centre of the tempo prior when no tempo range is given."""


def tempogram(onset: NDArray[np.float64]) -> NDArray[np.float64]:
    """The mean autocorrelation of the onset envelope over windows of
    :data:`WINDOW_SECONDS` (every half window), each normalised at lag 0; index = lag in
    frames."""
    import numpy as np

    size = int(round(WINDOW_SECONDS / FRAME_SECONDS))
    env = onset - onset.mean()
    if env.size <= size:
        starts = [0]
        size = env.size
    else:
        starts = list(range(0, env.size - size + 1, size // 2))
    fft_size = 1 << int(np.ceil(np.log2(2 * size)))
    total = np.zeros(size)
    taper = np.hanning(size)
    for start in starts:
        chunk = env[start : start + size] * taper
        spectrum = np.fft.rfft(chunk, fft_size)
        ac = np.fft.irfft(spectrum.real**2 + spectrum.imag**2, fft_size)[:size]
        if ac[0] > 0:
            total += ac / ac[0]
    return total / len(starts)


def _metrical(ac: NDArray[np.float64], per_bar: int | None) -> NDArray[np.float64]:
    """The autocorrelation at each lag reinforced by that at two beats and at a bar of
    beats (``per_bar``, or 4 when not known): a beat's period recurs at the bar, a
    cross-rhythm's (a figure of three over sixteenths, say) does not."""
    import numpy as np

    bar = per_bar or 4
    lags = np.arange(ac.size)
    score = np.maximum(ac, 0.0).copy()
    for multiple, weight in ((2, 0.5), (bar, 0.5)):
        if multiple <= 1:
            continue
        far = lags * multiple
        inside = far < ac.size
        score[inside] += weight * np.maximum(ac[far[inside]], 0.0)
    return score


def estimate_bpm(
    onset: NDArray[np.float64], bpm_range: tuple[float, float] | None, per_bar: int | None = None
) -> float:
    """The tempo, in BPM, of the beat most felt in ``onset`` (inside ``bpm_range`` when
    given), the periods that recur at two beats and at the bar (``per_bar`` beats)
    weighing more."""
    import numpy as np

    ac = tempogram(onset)
    lags = np.arange(1, ac.size)
    bpms = 60.0 / (lags * FRAME_SECONDS)
    if bpm_range is not None:
        low, high = bpm_range
        inside = ((bpms >= low) & (bpms <= high)).astype(float)
        # leaning gently towards the middle of the range, where the editor's guess is
        prior = inside * np.exp(-0.5 * (np.log2(bpms / np.sqrt(low * high)) / 0.5) ** 2)
    else:
        prior = np.exp(-0.5 * (np.log2(bpms / PRIOR_CENTRE_BPM)) ** 2)
        prior[(bpms < 30) | (bpms > 320)] = 0.0
    strength = _metrical(ac, per_bar)[1:]
    score = strength * prior
    if not np.any(score > 0):
        return float(np.clip(PRIOR_CENTRE_BPM, *(bpm_range or (0, 1000))))
    # a period is a peak of the autocorrelation: the edge of a range on a slope is not one
    peaks = np.zeros(score.size, dtype=bool)
    peaks[1:-1] = (strength[1:-1] >= strength[:-2]) & (strength[1:-1] >= strength[2:])
    if np.any(score[peaks] > 0):
        score = np.where(peaks, score, 0.0)
    best = int(np.argmax(score))
    lag = float(lags[best])
    if 0 < best < score.size - 1 and best + 2 < ac.size:
        a, b, c = ac[best], ac[best + 1], ac[best + 2]
        bend = a - 2 * b + c
        if bend < 0:
            lag += 0.5 * (a - c) / bend
    return 60.0 / (lag * FRAME_SECONDS)


def track_beats(onset: NDArray[np.float64], bpm: float) -> NDArray[np.int64]:
    """Frames of the beats in ``onset`` at (about) ``bpm``, by dynamic programming."""
    import numpy as np

    period = 60.0 / (bpm * FRAME_SECONDS)
    spread = onset.std()
    if spread <= 0:
        return np.zeros(0, dtype=np.int64)
    width = max(1, int(round(period / 32)))
    smooth = np.exp(-0.5 * (np.arange(-2 * width, 2 * width + 1) / width) ** 2)
    local = np.convolve(onset / spread, smooth, mode="same")
    offsets = np.arange(int(round(period / 2)), int(round(2 * period)) + 1)
    penalty = -TIGHTNESS * np.log(offsets / period) ** 2
    count = local.size
    score = local.copy()
    back = np.full(count, -1, dtype=np.int64)
    first_gap = offsets[0]
    for frame in range(first_gap, count):
        earlier = frame - offsets
        valid = earlier >= 0
        candidates = score[earlier[valid]] + penalty[valid]
        best = int(np.argmax(candidates))
        if candidates[best] > 0 or frame < 2 * period:
            score[frame] = local[frame] + max(candidates[best], 0.0)
            back[frame] = earlier[valid][best] if candidates[best] > 0 else -1
    last = _last_beat(score)
    beats = [last]
    while back[beats[-1]] >= 0:
        beats.append(int(back[beats[-1]]))
    frames = np.asarray(beats[::-1], dtype=np.int64)
    return _trim(frames, local)


def _last_beat(score: NDArray[np.float64]) -> int:
    """The last local maximum of the cumulative score at least half their median."""
    import numpy as np

    inner = score[1:-1]
    peaks = np.flatnonzero((inner > score[:-2]) & (inner >= score[2:])) + 1
    if peaks.size == 0:
        return int(np.argmax(score))
    threshold = 0.5 * float(np.median(score[peaks]))
    return int(peaks[score[peaks] >= threshold][-1])


def _trim(frames: NDArray[np.int64], local: NDArray[np.float64]) -> NDArray[np.int64]:
    """``frames`` without the weak beats at the ends (in fade-ins, fade-outs and
    silence): those under half the root-mean-square beat strength."""
    import numpy as np

    if frames.size < 3:
        return frames
    strength = local[frames]
    threshold = 0.5 * float(np.sqrt(np.mean(strength**2)))
    strong = np.flatnonzero(strength >= threshold)
    if strong.size == 0:
        return frames
    return frames[strong[0] : strong[-1] + 1]


def refine_beats(onset: NDArray[np.float64], frames: NDArray[np.int64]) -> NDArray[np.float64]:
    """Each beat frame moved to the top of the onset peak within a frame of it, between
    frames (a parabola through the three values around the top)."""
    import numpy as np

    if frames.size == 0:
        return frames.astype(np.float64)
    padded = np.pad(onset, 2, mode="edge")
    positions = frames.astype(np.float64)
    around = np.stack([padded[frames + 2 + shift] for shift in (-1, 0, 1)])
    top = frames + np.argmax(around, axis=0) - 1
    top = np.clip(top, 1, onset.size - 2)
    a, b, c = onset[top - 1], onset[top], onset[top + 1]
    bend = a - 2 * b + c
    shift = np.where(bend < 0, 0.5 * (a - c) / np.where(bend < 0, bend, -1.0), 0.0)
    moved = top + np.clip(shift, -0.5, 0.5)
    strong = b > 0
    return np.where(strong, moved, positions)
