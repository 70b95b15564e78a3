"""Analysing a temp audio file: beats, bar lines, onsets and tempo curve, cached.

:func:`analyze_file` reads the file (:mod:`scoresync.temp.audiofile`), runs the analyser
of :mod:`tempo.audio.analysis` with the editor's hints, and keeps the result in the
analysis cache (:mod:`scoresync.temp.cache`), so asking again answers at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from scoresync.temp.errors import TempAudioError
from tempo.audio.analysis.result import (
    AnalysisError,
    AnalysisHints,
    TrackAnalysis,
    beats_per_bar,
    check_bpm_range,
)
from tempo.common.errors import TempoError
from tempo.map.meter import Meter

__all__ = [
    "AnalysisHints",
    "TrackAnalysis",
    "analyze_file",
    "analyze_samples",
    "beats_per_bar",
    "parse_bpm_range",
    "parse_hints",
]

_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:-|\.\.|to)\s*(\d+(?:\.\d+)?)\s*$")


def parse_bpm_range(text: str) -> tuple[float, float]:
    """Reads a tempo range ``LO-HI`` in BPM (``90-120``), or one tempo (``120``, taken as
    8 % either side)."""
    match = _RANGE.match(text)
    if match is None:
        try:
            bpm = float(text)
        except ValueError:
            bpm = -1.0
        if not bpm > 0:
            raise TempAudioError(
                f"tempo range {text!r} is not a range: write LOW-HIGH in BPM, like 90-120"
            )
        low, high = bpm / 1.08, bpm * 1.08
    else:
        low, high = float(match[1]), float(match[2])
    try:
        check_bpm_range(low, high)
    except AnalysisError as error:
        raise TempAudioError(str(error)) from None
    return low, high


def parse_hints(meter: str | None = None, bpm: str | None = None) -> AnalysisHints:
    """Hints from the text an editor types: a meter (``6/8``) and a tempo range
    (``90-120``)."""
    parsed = None
    if meter is not None and meter.strip():
        try:
            parsed = Meter.parse(meter)
        except TempoError as error:
            raise TempAudioError(f"meter hint: {error}") from None
    bpm_range = parse_bpm_range(bpm) if bpm is not None and bpm.strip() else None
    return AnalysisHints(meter=parsed, bpm_range=bpm_range)


def analyze_samples(
    samples: object,
    sample_rate: int,
    hints: AnalysisHints | None = None,
    *,
    where: str | None = None,
    progress: Callable[[float], None] | None = None,
) -> TrackAnalysis:
    """Analyse samples already in memory (see :func:`tempo.audio.analysis.analyse_samples`);
    problems are :class:`TempAudioError` naming ``where``."""
    from tempo.audio.analysis import analyse_samples

    try:
        return analyse_samples(samples, sample_rate, hints, progress=progress)  # type: ignore[arg-type]
    except AnalysisError as error:
        raise TempAudioError(str(error), path=where) from None


def analyze_file(
    path: Path,
    hints: AnalysisHints | None = None,
    *,
    cache: bool = True,
    progress: Callable[[float], None] | None = None,
) -> TrackAnalysis:
    """The analysis of the audio file at ``path`` with the editor's ``hints``: from the
    cache when this file's content was analysed before with the same analyser and hints,
    otherwise worked out (reporting progress 0 to 1) and cached.

    Raises :class:`TempAudioError` for a missing, empty, corrupt, unsupported, silent or
    too short file.
    """
    from scoresync.temp.audiofile import check_audio_path, read_audio
    from scoresync.temp.cache import AnalysisCache
    from tempo.audio.analysis.analyse import ANALYSER, ANALYSER_VERSION

    path = Path(path)
    hints = hints or AnalysisHints()
    report = progress or (lambda fraction: None)
    check_audio_path(path)
    store = AnalysisCache() if cache else None
    digest = None
    try:
        if store is not None:
            digest = store.digest(path)
            found = store.get(digest, ANALYSER, ANALYSER_VERSION, hints.key)
            if found is not None:
                report(1.0)
                return found
        samples, sample_rate = read_audio(path)
        report(0.1)
        analysis = analyze_samples(
            samples,
            sample_rate,
            hints,
            where=str(path),
            progress=lambda fraction: report(0.1 + 0.9 * fraction),
        )
        if store is not None and digest is not None:
            store.put(digest, hints.key, analysis)
        return analysis
    finally:
        if store is not None:
            store.close()
