"""Beat, bar-line, onset and tempo-curve analysis of audio samples.

Pure functions over a NumPy array of samples and its sample rate; reading files and
caching results live in :mod:`scoresync.temp`. The analysis is NumPy alone (and soxr to
resample), imported inside the functions that use them, so importing this package stays
cheap and an analysis starts without compiling anything (no numba kernels).

- :mod:`~tempo.audio.analysis.result`: the editor's hints and the analysis result;
- :mod:`~tempo.audio.analysis.features`: onset envelopes and per-beat features;
- :mod:`~tempo.audio.analysis.beats`: tempo estimation and beat tracking;
- :mod:`~tempo.audio.analysis.downbeats`: the meter and the bar phase;
- :mod:`~tempo.audio.analysis.analyse`: the whole analysis, :func:`analyse_samples`.

May import: ``tempo.common``, ``tempo.map``.
"""

from tempo.audio.analysis.analyse import ANALYSER, ANALYSER_VERSION, analyse_samples
from tempo.audio.analysis.result import (
    AnalysisError,
    AnalysisHints,
    TrackAnalysis,
    beats_per_bar,
)

__all__ = [
    "ANALYSER",
    "ANALYSER_VERSION",
    "AnalysisError",
    "AnalysisHints",
    "TrackAnalysis",
    "analyse_samples",
    "beats_per_bar",
]
