"""What the analysis listens to: onset envelopes (all bands and the low band), chroma, and
their values at each beat.

Everything runs at :data:`ANALYSIS_RATE` with a hop of :data:`HOP` samples; a frame
index ``f`` is ``f * HOP / ANALYSIS_RATE`` seconds into the audio (after
:data:`LAG_SECONDS`, the delay of the onset envelope behind the sound, is taken off).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "ANALYSIS_RATE",
    "HOP",
    "LAG_SECONDS",
    "Features",
    "beat_features",
    "compute_features",
]

ANALYSIS_RATE = 22_050
"""Sample rate the analysis works at, in Hz."""

HOP = 256
"""Samples of :data:`ANALYSIS_RATE` between analysis frames (about 11.6 ms)."""

N_FFT = 1024
"""Window of the spectrogram, in samples (about 46 ms)."""

LAG_SECONDS = 0.015
"""How far the onset envelope's peak lags the start of the sound that makes it (measured
on struck sounds with a 4 ms attack); taken off every position the analysis reports."""

LOW_BAND_HZ = 180.0
"""Upper edge of the low band (kick drum, bass) whose onsets mark bar lines."""


@dataclass(frozen=True)
class Features:
    """Frame-wise features of one piece of audio."""

    onset: NDArray[np.float32]
    low_onset: NDArray[np.float32]
    chroma: NDArray[np.float32]
    rms: NDArray[np.float32]

    @property
    def frames(self) -> int:
        """Number of analysis frames."""
        return int(self.onset.shape[0])


def compute_features(mono: NDArray[np.float32]) -> Features:
    """Onset envelopes, chroma and loudness of ``mono`` (samples at
    :data:`ANALYSIS_RATE`)."""
    import librosa
    import numpy as np

    power = np.abs(librosa.stft(mono, n_fft=N_FFT, hop_length=HOP)) ** 2
    mel = librosa.feature.melspectrogram(S=power, sr=ANALYSIS_RATE, n_mels=96, fmax=8000.0)
    log_mel = librosa.power_to_db(mel, ref=np.max, top_db=80.0)
    edges = librosa.mel_frequencies(n_mels=96, fmax=8000.0)
    low_bins = max(2, int(np.searchsorted(edges, LOW_BAND_HZ)))
    bands = librosa.onset.onset_strength_multi(
        S=log_mel,
        sr=ANALYSIS_RATE,
        n_fft=N_FFT,
        hop_length=HOP,
        channels=[0, low_bins, log_mel.shape[0]],
    )
    onset = librosa.onset.onset_strength(S=log_mel, sr=ANALYSIS_RATE, n_fft=N_FFT, hop_length=HOP)
    chroma = librosa.feature.chroma_stft(S=power, sr=ANALYSIS_RATE, n_fft=N_FFT, hop_length=HOP)
    rms = librosa.feature.rms(S=np.sqrt(power), frame_length=N_FFT, hop_length=HOP)[0]
    return Features(
        onset=onset.astype(np.float32),
        low_onset=bands[0].astype(np.float32),
        chroma=chroma.astype(np.float32),
        rms=rms.astype(np.float32),
    )


def _peak_near(values: NDArray[np.float32], frames: NDArray[np.int64], reach: int):  # noqa: ANN202
    import numpy as np

    padded = np.pad(values, reach, mode="constant")
    windows = np.stack([padded[frames + shift] for shift in range(2 * reach + 1)])
    return windows.max(axis=0)


def _zscore(values: NDArray[np.float64]) -> NDArray[np.float64]:
    import numpy as np

    spread = values.std()
    if spread <= 1e-9:
        return np.zeros_like(values)
    return (values - values.mean()) / spread


def beat_features(features: Features, beat_frames: NDArray[np.int64]) -> NDArray[np.float64]:
    """One row per beat: how strongly it starts a bar, by three measures (each z-scored
    over the piece): the low band's onset (kick, bass), the change of harmony from the
    beat before to the beat after, and the onset of all bands (accents)."""
    import numpy as np

    frames = np.clip(beat_frames.astype(np.int64), 0, features.frames - 1)
    low = _peak_near(features.low_onset, frames, 2).astype(np.float64)
    accent = _peak_near(features.onset, frames, 2).astype(np.float64)
    bounds = np.concatenate([[0], frames, [features.frames]])
    chroma = features.chroma.astype(np.float64)
    cumulative = np.concatenate([np.zeros((12, 1)), np.cumsum(chroma, axis=1)], axis=1)
    means = []
    for start, end in zip(bounds[:-1], bounds[1:], strict=True):
        end = max(end, start + 1)
        means.append((cumulative[:, end] - cumulative[:, start]) / (end - start))
    spans = np.array(means).T  # 12 x (beats + 1): the span before each beat, and the last
    norms = np.linalg.norm(spans, axis=0) + 1e-9
    unit = spans / norms
    change = 1.0 - np.sum(unit[:, :-1] * unit[:, 1:], axis=0)
    return np.stack([_zscore(low), _zscore(change), _zscore(accent)], axis=1)
