"""The beat: the tempo of the counted beat and each beat's frame.

The tempo is the strongest period of the onset envelope's autocorrelation (librosa's
tempogram) under a prior: the editor's tempo range when given (a flat prior that rules
out every other octave), otherwise a log-normal around 120 BPM. The beats are then found
by dynamic programming (Ellis 2007, librosa's ``beat_track``) held to that tempo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tempo.audio.analysis.features import ANALYSIS_RATE, HOP

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["estimate_bpm", "track_beats"]


def estimate_bpm(onset: NDArray[np.float32], bpm_range: tuple[float, float] | None) -> float:
    """The tempo, in BPM, of the beat most felt in ``onset`` (inside ``bpm_range`` when
    given)."""
    import librosa

    prior = None
    if bpm_range is not None:
        from scipy import stats

        low, high = bpm_range
        prior = stats.uniform(low, high - low)
    tempo = librosa.feature.tempo(
        onset_envelope=onset, sr=ANALYSIS_RATE, hop_length=HOP, prior=prior, ac_size=8.0
    )
    return float(tempo[0])


def track_beats(onset: NDArray[np.float32], bpm: float) -> NDArray[np.int64]:
    """Frames of the beats in ``onset`` at (about) ``bpm``."""
    import librosa
    import numpy as np

    _, beats = librosa.beat.beat_track(
        onset_envelope=onset,
        sr=ANALYSIS_RATE,
        hop_length=HOP,
        bpm=bpm,
        tightness=120,
        trim=True,
        units="frames",
    )
    return np.asarray(beats, dtype=np.int64)
