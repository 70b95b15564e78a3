"""A temp track as the cue plays it: the analysis with the editor's corrections, the bars
a fit keeps, and where each sample lands on picture.

Bars are counted from 0 at the first analysed bar line; bar ``k`` runs from bar line
``k`` to bar line ``k + 1`` (the last to the end of the audio). A fit plays ranges of
bars ``(first, end)`` in order; the first range starting at bar 0 also plays the audio
before the first bar line (an intro or pickup), and the last range ending at the last
bar also plays the audio after it (the ring-out). The played audio (edited, then
stretched by ``stretch``) is placed so that its sample ``offset_samples`` (at the
source's sample rate) sits on frame ``at_frames``.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from scoresync.picture.rates import FrameRate
from scoresync.temp.errors import TempAudioError
from tempo.audio.analysis.result import AnalysisHints, TrackAnalysis

if TYPE_CHECKING:
    from collections.abc import Callable

    from scoresync.project.model import Cue, CueTemp

__all__ = [
    "PlacedTemp",
    "Segment",
    "bar_lines",
    "corrected",
    "hints_of",
    "place",
    "segments_for",
]


@dataclass(frozen=True)
class Segment:
    """Source samples ``[start, end)`` played in turn; ``bars`` the range of bars they
    are (``None`` for the whole audio)."""

    start: int
    end: int
    bars: tuple[int, int] | None = None

    @property
    def samples(self) -> int:
        """Length in samples."""
        return self.end - self.start


def hints_of(temp: CueTemp) -> AnalysisHints:
    """The analysis hints a cue's temp carries."""
    bpm_range = None
    if temp.bpm_range is not None:
        bpm_range = (float(temp.bpm_range[0]), float(temp.bpm_range[1]))
    return AnalysisHints(meter=temp.meter, bpm_range=bpm_range)


def corrected(analysis: TrackAnalysis, temp: CueTemp) -> TrackAnalysis:
    """The analysis with the editor's corrections applied: the whole piece's bar-line
    shift, the tempo spans, the meter spans, then each bar-line shift from its bar on."""
    from tempo.audio.analysis.result import AnalysisError

    try:
        if temp.shift_beats:
            analysis = analysis.shifted_bars(temp.shift_beats)
        for first, end, bpm in temp.bar_tempos:
            analysis = analysis.retimed_span(first, end, float(bpm))
        for bar, beats in temp.bar_meters:
            analysis = analysis.regrouped_from(bar, beats)
        for bar, beats in temp.bar_shifts:
            analysis = analysis.shifted_bars_from(bar, beats)
    except AnalysisError as error:
        raise TempAudioError(f"{temp.audio}: {error}") from None
    return analysis


def bar_lines(analysis: TrackAnalysis) -> list[int]:
    """Source samples of every bar line, then the end of the audio."""
    lines = list(analysis.downbeats)
    if not lines or lines[-1] < analysis.duration_samples:
        lines.append(analysis.duration_samples)
    return lines


def segments_for(analysis: TrackAnalysis, bars: tuple[tuple[int, int], ...]) -> list[Segment]:
    """The source segments a fit's ``bars`` play (the whole audio for none); raises
    :class:`TempAudioError` for bars the analysis does not have."""
    if not bars:
        return [Segment(0, analysis.duration_samples)]
    lines = bar_lines(analysis)
    count = len(lines) - 1
    segments = []
    for index, (first, end) in enumerate(bars):
        if not 0 <= first < end <= count:
            raise TempAudioError(
                f"bars {first + 1}-{end} are not in the temp, which has {count} bars: fit it again"
            )
        start = 0 if index == 0 and first == 0 else lines[first]
        stop = analysis.duration_samples if index == len(bars) - 1 and end == count else lines[end]
        segments.append(Segment(start, stop, (first, end)))
    return segments


@dataclass(frozen=True)
class PlacedTemp:
    """A temp track placed on picture (see the module)."""

    analysis: TrackAnalysis
    segments: tuple[Segment, ...]
    stretch: Fraction
    at_frames: int
    offset_samples: int
    rate: FrameRate
    audio: Path

    @property
    def sample_rate(self) -> int:
        """The source's sample rate."""
        return self.analysis.sample_rate

    @property
    def edited_samples(self) -> int:
        """Length of the edited audio before stretching."""
        return sum(segment.samples for segment in self.segments)

    @property
    def played_samples(self) -> int:
        """Length of the played audio (edited and stretched), in source-rate samples."""
        return round(self.edited_samples * self.stretch)

    def start_seconds(self) -> Fraction:
        """Picture time (seconds since midnight) of the played audio's first sample."""
        return Fraction(self.at_frames) / self.rate.fps - Fraction(
            self.offset_samples, self.sample_rate
        )

    def start_sample(self, sample_rate: int) -> int:
        """The played audio's first sample, in samples since midnight at ``sample_rate``."""
        return round(self.start_seconds() * sample_rate)

    def end_frames(self) -> Fraction:
        """Picture time of the end of the played audio, in frames (exact)."""
        return (
            self.start_seconds() + Fraction(self.played_samples, self.sample_rate)
        ) * self.rate.fps

    def frames_of_edited(self, edited: int | Fraction) -> Fraction:
        """Picture frame (exact) of position ``edited`` of the edited (unstretched) audio."""
        seconds = self.start_seconds() + Fraction(edited) * self.stretch / self.sample_rate
        return seconds * self.rate.fps

    def edited_at_frames(self, frames: int | Fraction) -> Fraction:
        """Position in the edited (unstretched) audio of picture frame ``frames``."""
        seconds = Fraction(frames) / self.rate.fps - self.start_seconds()
        return seconds * self.sample_rate / self.stretch

    def source_of_edited(self, edited: int | Fraction) -> Fraction | None:
        """The source position playing at position ``edited`` of the edited audio, or
        ``None`` outside it."""
        if edited < 0:
            return None
        passed = 0
        for segment in self.segments:
            if edited < passed + segment.samples:
                return Fraction(segment.start) + (edited - passed)
            passed += segment.samples
        return None

    def joins(self) -> list[int]:
        """Positions in the edited audio where one segment ends and the next begins."""
        positions, passed = [], 0
        for segment in self.segments[:-1]:
            passed += segment.samples
            positions.append(passed)
        return positions

    def nearest_beat(self, frames: int) -> tuple[str, Fraction] | None:
        """For a picture frame: whether the beat nearest it is a ``"downbeat"`` or a
        ``"beat"``, and how far the frame is from it in frames (positive: the beat is
        later); ``None`` when no music plays there."""
        edited = self.edited_at_frames(frames)
        source = self.source_of_edited(edited)
        if source is None:
            return None
        beats = self.analysis.beats
        index = bisect.bisect_left(beats, source)
        near = [beats[i] for i in (index - 1, index) if 0 <= i < len(beats)]
        if not near:
            return None
        beat = min(near, key=lambda b: abs(b - source))
        off_seconds = Fraction(beat) - source
        off = off_seconds * self.stretch / self.sample_rate * self.rate.fps
        kind = "downbeat" if beat in set(self.analysis.downbeats) else "beat"
        return kind, off

    def with_fit(self, bars: tuple[tuple[int, int], ...], stretch: Fraction) -> PlacedTemp:
        """The same placement playing ``bars`` at ``stretch``."""
        return replace(self, segments=tuple(segments_for(self.analysis, bars)), stretch=stretch)


def place(
    cue: Cue,
    rate: FrameRate,
    *,
    analyse: Callable[[Path, AnalysisHints], TrackAnalysis] | None = None,
) -> PlacedTemp:
    """The cue's temp placed on picture, analysed (through ``analyse``, by default
    :func:`scoresync.temp.analysis.analyze_file`) and corrected."""
    if cue.temp is None:
        raise TempAudioError(
            f"{cue.number} has no temp music: attach some with 'scoresync temp attach'"
        )
    from scoresync.temp.analysis import analyze_file

    temp = cue.temp
    audio = Path(temp.audio)
    analysis = (analyse or analyze_file)(audio, hints_of(temp))
    analysis = corrected(analysis, temp)
    return PlacedTemp(
        analysis=analysis,
        segments=tuple(segments_for(analysis, temp.bars)),
        stretch=temp.stretch,
        at_frames=temp.at_frames,
        offset_samples=temp.offset_samples,
        rate=rate,
        audio=audio,
    )


def frames_to_source_samples(frames: int | Fraction, rate: FrameRate, sample_rate: int) -> int:
    """A length in frames as the nearest whole number of samples at ``sample_rate``."""
    return math.floor(Fraction(frames) * sample_rate / rate.fps + Fraction(1, 2))
