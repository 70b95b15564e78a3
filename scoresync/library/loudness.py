"""Integrated loudness (LUFS) as ITU-R BS.1770-4 defines it: K-weighting, 400 ms blocks
overlapping by 75 %, channel weights, an absolute gate at -70 LUFS and a relative gate
10 LU below the loudness of the blocks above it.

The K-weighting filters are the standard's two biquads (a high shelf of about +4 dB above
1.5 kHz and a high-pass at about 38 Hz). The standard gives their coefficients at 48 kHz;
at other rates they come from the same analogue prototypes through the bilinear transform
(as libebur128 and pyloudnorm do), which reproduces the 48 kHz coefficients.

A 0 dBFS 997 Hz sine in one channel reads -3.01 LUFS; EBU Tech 3341's test signals read
their stated values (``tests/library/test_library_loudness.py``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["SURROUND_WEIGHT", "integrated_loudness", "k_weighting"]

ABSOLUTE_GATE_LUFS = -70.0
RELATIVE_GATE_LU = -10.0
BLOCK_SECONDS = 0.4
OVERLAP = 0.75
SURROUND_WEIGHT = 1.41
"""The weight of the left and right surround channels (channels 5 and 6 of a 5.1 file in
SMPTE/WAV order L R C LFE Ls Rs); the LFE channel is left out."""


def _biquad(
    f0: float, q: float, gain_db: float, sample_rate: int, kind: str
) -> tuple[list[float], list[float]]:
    k = math.tan(math.pi * f0 / sample_rate)
    if kind == "shelf":
        vh = 10 ** (gain_db / 20)
        vb = vh**0.4996667741545416
        a0 = 1 + k / q + k * k
        b = [(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0]
        a = [1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]
        return b, a
    a0 = 1 + k / q + k * k
    return [1.0, -2.0, 1.0], [1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]


def k_weighting(sample_rate: int) -> list[tuple[list[float], list[float]]]:
    """The two K-weighting biquads ``(b, a)`` at ``sample_rate``: pre-filter (high shelf)
    then RLB high-pass. At 48 kHz they are BS.1770's tabled coefficients.

    >>> shelf, highpass = k_weighting(48000)
    >>> [round(x, 8) for x in shelf[0]], [round(x, 8) for x in highpass[1]]
    ([1.53512486, -2.69169619, 1.19839281], [1.0, -1.99004745, 0.99007225])
    """
    return [
        _biquad(1681.974450955533, 0.7071752369554196, 3.999843853973347, sample_rate, "shelf"),
        _biquad(38.13547087602444, 0.5003270373238773, 0.0, sample_rate, "highpass"),
    ]


def channel_weights(channels: int) -> list[float]:
    """BS.1770 weights of each channel, in WAV order: 1.0 for front channels, 1.41 for the
    surrounds of a 5.1 file and 0 for its LFE."""
    if channels == 6:
        return [1.0, 1.0, 1.0, 0.0, SURROUND_WEIGHT, SURROUND_WEIGHT]
    return [1.0] * channels


def integrated_loudness(samples: npt.ArrayLike, sample_rate: int) -> float | None:
    """The integrated loudness in LUFS of ``samples`` (frames x channels, or one channel,
    floats at full scale 1.0), or None when no block is above the absolute gate (silence,
    or shorter than one 400 ms block)."""
    import numpy as np
    from scipy.signal import sosfilt

    audio = np.asarray(samples, dtype=np.float64)
    if audio.ndim == 1:
        audio = audio[:, np.newaxis]
    frames, channels = audio.shape
    block = round(BLOCK_SECONDS * sample_rate)
    hop = round(block * (1 - OVERLAP))
    if frames < block:
        return None
    sections = np.array([[*b, *a] for b, a in k_weighting(sample_rate)])
    filtered = sosfilt(sections, np.ascontiguousarray(audio.T), axis=-1)
    weights = np.asarray(channel_weights(channels))
    power = np.einsum("c,cn->n", weights, np.square(filtered))
    cumulative = np.concatenate([[0.0], np.cumsum(power)])
    starts = np.arange(0, frames - block + 1, hop)
    return _gated((cumulative[starts + block] - cumulative[starts]) / block)


def _gated(power: np.ndarray) -> float | None:
    import numpy as np

    with np.errstate(divide="ignore"):
        loudness = -0.691 + 10 * np.log10(power)
    above = power[loudness > ABSOLUTE_GATE_LUFS]
    if above.size == 0:
        return None
    relative_gate = -0.691 + 10 * math.log10(float(above.mean())) + RELATIVE_GATE_LU
    kept = power[loudness > relative_gate]
    return -0.691 + 10 * math.log10(float(kept.mean()))
