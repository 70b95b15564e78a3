"""What the analysis listens to: onset envelopes (all bands and the low band) and chroma,
frame by frame, and their values at each beat.

Worked with NumPy alone (a windowed FFT, a mel filter bank, spectral flux), so an
analysis starts without loading librosa's compiled kernels. Everything runs at
:data:`ANALYSIS_RATE` with a hop of :data:`HOP` samples: frame ``f`` is centred
``f * HOP / ANALYSIS_RATE`` seconds into the audio, and the sound that makes a peak of
the onset envelope at frame ``f`` starts :data:`LAG_SECONDS` earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "ANALYSIS_RATE",
    "FRAME_SECONDS",
    "HOP",
    "LAG_SECONDS",
    "Features",
    "beat_features",
    "compute_features",
    "pick_onsets",
    "resample",
]

ANALYSIS_RATE = 22_050
"""Sample rate the analysis works at, in Hz."""

HOP = 256
"""Samples of :data:`ANALYSIS_RATE` between analysis frames."""

FRAME_SECONDS = HOP / ANALYSIS_RATE
"""Seconds between analysis frames (about 11.6 ms)."""

N_FFT = 1024
"""Window of the spectrogram, in samples (about 46 ms)."""

MEL_BANDS = 96
"""Bands of the mel spectrogram the onsets are measured in (30 Hz to 8 kHz)."""

LAG_SECONDS = -0.0075
"""How far the onset envelope's peak lags the start of the sound that makes it, measured
on struck sounds with a 4 ms attack: negative, as the centred window reaches ahead and
the flux peaks before the sound's start. Taken off every position the analysis reports."""

LOW_BAND_HZ = 180.0
"""Upper edge of the low band (kick drum, bass) whose onsets mark bar lines."""

BLOCK_FRAMES = 2048
"""Frames transformed at once, to bound memory on long files."""


@dataclass(frozen=True)
class Features:
    """Frame-wise features of one piece of audio: the onset envelope of all bands and of
    the low band (frames), and chroma (12 x frames)."""

    onset: NDArray[np.float64]
    low_onset: NDArray[np.float64]
    chroma: NDArray[np.float64]

    def pulse(self) -> NDArray[np.float64]:
        """The envelope the tempo is measured on: all bands and the low band, each over
        its spread, so the bass and drums that mark the beat count as much as the
        figures above them."""
        import numpy as np

        return self.onset / max(float(np.std(self.onset)), 1e-9) + self.low_onset / max(
            float(np.std(self.low_onset)), 1e-9
        )

    @property
    def frames(self) -> int:
        """Number of analysis frames."""
        return int(self.onset.shape[0])


def resample(mono: NDArray[np.float32], sample_rate: int) -> NDArray[np.float32]:
    """``mono`` at :data:`ANALYSIS_RATE` (soxr, high quality)."""
    import numpy as np

    if sample_rate == ANALYSIS_RATE:
        return mono
    import soxr

    return np.asarray(soxr.resample(mono, sample_rate, ANALYSIS_RATE, quality="HQ"))


def _mel_filters(sample_rate: int) -> NDArray[np.float64]:
    """Triangular mel filters (Slaney area-normalised), bands x FFT bins."""
    import numpy as np

    def hz_to_mel(hz: NDArray[np.float64]) -> NDArray[np.float64]:
        return 2595.0 * np.log10(1.0 + hz / 700.0)

    def mel_to_hz(mel: NDArray[np.float64]) -> NDArray[np.float64]:
        return 700.0 * (10 ** (mel / 2595.0) - 1.0)

    edges = mel_to_hz(
        np.linspace(hz_to_mel(np.array(30.0)), hz_to_mel(np.array(8000.0)), MEL_BANDS + 2)
    )
    bins = np.fft.rfftfreq(N_FFT, 1.0 / sample_rate)
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (bins[None, :] - lower) / (centre - lower)
    falling = (upper - bins[None, :]) / (upper - centre)
    weights = np.maximum(0.0, np.minimum(rising, falling))
    return weights * (2.0 / (upper - lower))


def _chroma_map(sample_rate: int) -> NDArray[np.float64]:
    """12 x FFT bins: each bin from 100 Hz to 5 kHz to its pitch class (C = 0)."""
    import numpy as np

    bins = np.fft.rfftfreq(N_FFT, 1.0 / sample_rate)
    mapping = np.zeros((12, bins.size))
    usable = (bins >= 100.0) & (bins <= 5000.0)
    classes = (np.rint(12 * np.log2(bins[usable] / 440.0)).astype(int) + 9) % 12
    mapping[classes, np.flatnonzero(usable)] = 1.0
    return mapping


def _power_blocks(mono: NDArray[np.float32]):  # noqa: ANN202 - yields float32 blocks
    """The power spectrogram in blocks of frames (frames x bins), centred frames."""
    import numpy as np

    padded = np.pad(mono.astype(np.float32), N_FFT // 2)
    frames = 1 + (padded.size - N_FFT) // HOP
    view = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP][:frames]
    window = np.hanning(N_FFT + 1)[:-1].astype(np.float32)
    for start in range(0, frames, BLOCK_FRAMES):
        spectrum = np.fft.rfft(view[start : start + BLOCK_FRAMES] * window, axis=1)
        yield (spectrum.real**2 + spectrum.imag**2).astype(np.float32)


def compute_features(mono: NDArray[np.float32]) -> Features:
    """Onset envelopes and chroma of ``mono`` (samples at :data:`ANALYSIS_RATE`)."""
    import numpy as np

    mel_filters = _mel_filters(ANALYSIS_RATE).astype(np.float32)
    chroma_map = _chroma_map(ANALYSIS_RATE).astype(np.float32)
    mel_parts, chroma_parts = [], []
    for power in _power_blocks(mono):
        mel_parts.append(power @ mel_filters.T)
        chroma_parts.append(power @ chroma_map.T)
    mel = np.concatenate(mel_parts).astype(np.float64)
    log_mel = 10.0 * np.log10(np.maximum(mel, 1e-10))
    log_mel = np.maximum(log_mel, log_mel.max() - 80.0)
    flux = np.maximum(0.0, np.diff(log_mel, axis=0, prepend=log_mel[:1]))
    centres = _mel_centres()
    low = max(2, int(np.searchsorted(centres, LOW_BAND_HZ)))
    chroma = np.concatenate(chroma_parts).astype(np.float64).T
    chroma /= np.maximum(chroma.max(axis=0, keepdims=True), 1e-10)
    return Features(onset=flux.mean(axis=1), low_onset=flux[:, :low].mean(axis=1), chroma=chroma)


def _mel_centres() -> NDArray[np.float64]:
    import numpy as np

    top = 2595.0 * np.log10(1.0 + 8000.0 / 700.0)
    bottom = 2595.0 * np.log10(1.0 + 30.0 / 700.0)
    mels = np.linspace(bottom, top, MEL_BANDS + 2)[1:-1]
    return 700.0 * (10 ** (mels / 2595.0) - 1.0)


def pick_onsets(onset: NDArray[np.float64]) -> NDArray[np.int64]:
    """Frames of the onsets: peaks of the envelope that are the highest of the 30 ms
    before them, stand 0.07 (of the envelope's range) above its mean over the 100 ms
    around them, and come at least 30 ms after the previous onset."""
    import numpy as np

    if onset.size < 3:
        return np.zeros(0, dtype=np.int64)
    span = float(onset.max() - onset.min())
    if span <= 0:
        return np.zeros(0, dtype=np.int64)
    env = (onset - onset.min()) / span
    before = int(round(0.03 / FRAME_SECONDS))
    around = int(round(0.1 / FRAME_SECONDS))
    padded = np.pad(env, (before, 0), constant_values=-1.0)
    highest = np.lib.stride_tricks.sliding_window_view(padded, before + 1).max(axis=1)
    kernel = np.ones(2 * around + 1) / (2 * around + 1)
    mean = np.convolve(np.pad(env, around, mode="edge"), kernel, mode="valid")
    candidates = np.flatnonzero((env >= highest) & (env >= mean + 0.07) & (env > 0))
    chosen: list[int] = []
    for frame in candidates:
        if not chosen or frame - chosen[-1] > before:
            chosen.append(int(frame))
    return np.asarray(chosen, dtype=np.int64)


def _peak_near(values: NDArray[np.float64], frames: NDArray[np.int64], reach: int):  # noqa: ANN202
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
    if frames.size == 0:
        return np.zeros((0, 3))
    low = _peak_near(features.low_onset, frames, 2)
    accent = _peak_near(features.onset, frames, 2)
    bounds = np.concatenate([[0], frames, [features.frames]])
    cumulative = np.concatenate([np.zeros((12, 1)), np.cumsum(features.chroma, axis=1)], axis=1)
    lengths = np.maximum(np.diff(bounds), 1)
    spans = (
        cumulative[:, np.minimum(bounds[:-1] + lengths, features.frames)]
        - cumulative[:, bounds[:-1]]
    ) / lengths
    unit = spans / (np.linalg.norm(spans, axis=0) + 1e-9)
    change = 1.0 - np.sum(unit[:, :-1] * unit[:, 1:], axis=0)
    return np.stack([_zscore(low), _zscore(change), _zscore(accent)], axis=1)
