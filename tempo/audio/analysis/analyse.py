"""The whole analysis of a piece: beats, bar lines, onsets and tempo curve from samples."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tempo.audio.analysis.result import AnalysisError, AnalysisHints, TrackAnalysis, beats_per_bar
from tempo.map.meter import Meter

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["ANALYSER", "ANALYSER_VERSION", "MIN_SECONDS", "analyse_samples"]

ANALYSER = "scoresync-beats"
"""Name of this analyser (NumPy onset envelopes, tempogram tempo, DP beats, Viterbi bars)."""

ANALYSER_VERSION = "5"
"""Changes whenever the analyser's results may change, so cached results are redone."""

MIN_SECONDS = 2.0
"""Shortest audio an analysis accepts: a couple of beats at any usual tempo."""

SILENCE_PEAK = 10 ** (-80 / 20)
"""Peak level (full scale 1.0) below which audio counts as silent: -80 dBFS."""


def _mono(samples: NDArray[np.floating], sample_rate: int) -> NDArray[np.float32]:
    import numpy as np

    data = np.asarray(samples, dtype=np.float32)
    if data.ndim == 2:
        data = data.mean(axis=1) if data.shape[1] else np.zeros(0, dtype=np.float32)
    elif data.ndim != 1:
        raise AnalysisError("audio must be one channel or several side by side")
    if data.size == 0:
        raise AnalysisError("the audio holds no samples: give a file with sound in it")
    if not np.all(np.isfinite(data)):
        raise AnalysisError("the audio holds samples that are not numbers (NaN or infinity)")
    seconds = data.size / sample_rate
    if seconds < MIN_SECONDS:
        raise AnalysisError(
            f"the audio is {seconds:.2f} s long, too short to find a beat in: give at "
            f"least {MIN_SECONDS:g} s of music"
        )
    if float(np.max(np.abs(data))) < SILENCE_PEAK:
        raise AnalysisError(
            "the audio is silent (no sample above -80 dBFS): check the file, or the "
            "channel the music is on"
        )
    return data


def analyse_samples(
    samples: NDArray[np.floating],
    sample_rate: int,
    hints: AnalysisHints | None = None,
    *,
    progress: Callable[[float], None] | None = None,
) -> TrackAnalysis:
    """Analyse ``samples`` (one channel, or frames x channels, full scale 1.0) at
    ``sample_rate`` Hz: beats, bar lines, onsets and the tempo curve, using ``hints``.

    Raises :class:`AnalysisError` for empty, too short or silent audio.
    """
    import numpy as np

    from tempo.audio.analysis import beats as beat_step
    from tempo.audio.analysis import downbeats as bar_step
    from tempo.audio.analysis.features import (
        FRAME_SECONDS,
        LAG_SECONDS,
        beat_features,
        compute_features,
        pick_onsets,
        resample,
    )

    hints = hints or AnalysisHints()
    report = progress or (lambda fraction: None)
    if not isinstance(sample_rate, int) or sample_rate <= 0:
        raise AnalysisError(f"sample rate {sample_rate!r} is not a positive whole number")
    mono = _mono(samples, sample_rate)
    duration = int(mono.size)
    report(0.05)
    mono = resample(mono, sample_rate)
    report(0.2)
    features = compute_features(mono)
    report(0.5)
    per_bar = None if hints.meter is None else beats_per_bar(hints.meter)
    bpm = beat_step.estimate_bpm(features.pulse(), hints.bpm_range, per_bar)
    beat_frames = beat_step.track_beats(features.onset, bpm)
    report(0.75)
    beat_positions = beat_step.refine_beats(features.onset, beat_frames)
    onset_frames = pick_onsets(features.onset)
    scores = bar_step.downbeat_scores(beat_features(features, beat_frames))
    if hints.meter is not None:
        meter = hints.meter
    else:
        meter = Meter((bar_step.choose_beats_per_bar(scores),), 4)
    positions = bar_step.bar_positions(scores, beats_per_bar(meter))
    report(0.95)

    def to_samples(frames: NDArray[np.floating] | NDArray[np.integer]) -> tuple[int, ...]:
        seconds = np.asarray(frames, dtype=np.float64) * FRAME_SECONDS - LAG_SECONDS
        exact = np.rint(seconds * sample_rate)
        return tuple(int(x) for x in np.clip(exact, 0, duration - 1))

    beats = to_samples(beat_positions)
    downbeats = tuple(
        beat for beat, position in zip(beats, positions, strict=True) if position == 0
    )
    curve = _tempo_curve(np.asarray(beats, dtype=np.float64) / sample_rate, beats_per_bar(meter))
    median, slowest, fastest, stability = curve if curve else (bpm, bpm, bpm, 0.0)
    report(1.0)
    return TrackAnalysis(
        sample_rate=sample_rate,
        duration_samples=duration,
        bpm=median,
        bpm_min=slowest,
        bpm_max=fastest,
        stability=stability,
        meter=meter,
        beats=beats,
        downbeats=downbeats,
        onsets=to_samples(np.asarray(onset_frames, dtype=np.int64)),
        analyser=ANALYSER,
        analyser_version=ANALYSER_VERSION,
        hints=hints,
        beat_chroma=beat_chroma(features.chroma, beat_frames),
    )


def beat_chroma(
    chroma: NDArray[np.float64], beat_frames: NDArray[np.int64]
) -> tuple[tuple[float, ...], ...]:
    """The harmony from each beat to the next (the last to the end): chroma summed over
    its frames, summing to 1, to 3 decimals."""
    import numpy as np

    if beat_frames.size == 0:
        return ()
    bounds = np.concatenate([beat_frames, [chroma.shape[1]]])
    spans = []
    for start, end in zip(bounds[:-1], bounds[1:], strict=True):
        total = chroma[:, start : max(end, start + 1)].sum(axis=1)
        total = total / max(float(total.sum()), 1e-9)
        spans.append(tuple(round(float(x), 3) for x in total))
    return tuple(spans)


def _tempo_curve(
    seconds: NDArray[np.float64], per_bar: int
) -> tuple[float, float, float, float] | None:
    """Median, slowest and fastest local tempo and the stability (1 minus the spread from
    slowest to fastest as a share of the median, at least 0). The local tempo is that of
    the median beat gap over a bar's worth of beats (at least 3), so one beat the tracker
    missed does not halve it."""
    import numpy as np

    if len(seconds) < 3:
        return None
    intervals = np.diff(seconds)
    span = max(1, min(max(per_bar, 3), len(intervals)))
    windows = np.lib.stride_tricks.sliding_window_view(intervals, span)
    local = 60.0 / np.median(windows, axis=1)
    median = float(60.0 / np.median(intervals))
    slowest, fastest = float(local.min()), float(local.max())
    stability = float(np.clip(1.0 - (fastest - slowest) / median, 0.0, 1.0))
    return median, slowest, fastest, stability
