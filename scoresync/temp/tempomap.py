"""A temp's bar lines as the cue's tempo map, so the beat grid, Find Tempo, the click and
the hits all work against the temp music.

Each bar the temp plays (in the fit's order, stretched) becomes a constant segment of
one bar in the analysed meter (or of the beats it holds, where a meter span says so).
Its tempo is rounded to 0.001 BPM with the rounding carried into the next bar, so every
bar line lands within a millisecond of the music's bar line however long the piece; the
last bar's tempo runs on. The map's downbeat (bar 1) is the picture frame nearest the
first played bar line (a map starts on a frame, so the grid may sit up to half a frame
from the music).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TYPE_CHECKING

from scoresync.temp.errors import TempAudioError
from scoresync.temp.track import PlacedTemp, bar_lines

if TYPE_CHECKING:
    from scoresync.project.model import CueTempo

__all__ = ["BPM_STEP", "temp_tempo"]

BPM_STEP = Fraction(1, 1000)
"""The step tempos are rounded to."""


def _played_bar_seconds(placed: PlacedTemp) -> list[tuple[int, Fraction]]:
    """Each whole bar the temp plays, in order: its index and its length in seconds
    (stretched)."""
    lines = bar_lines(placed.analysis)
    count = len(lines) - 1
    found = []
    for segment in placed.segments:
        first, end = segment.bars or (0, count)
        for bar in range(first, end):
            if bar + 1 < len(lines) - 1 or lines[bar + 1] in placed.analysis.downbeats:
                seconds = Fraction(lines[bar + 1] - lines[bar], placed.sample_rate)
                found.append((bar, seconds * placed.stretch))
    return found


def temp_tempo(placed: PlacedTemp) -> CueTempo:
    """The tempo map of the temp's played bars, placed on picture."""
    from scoresync.project.model import CueTempo
    from tempo.map.meter import Meter
    from tempo.map.segment import Segment
    from tempo.map.tempomap import TempoMap

    analysis = placed.analysis
    bars = _played_bar_seconds(placed)
    if not bars:
        raise TempAudioError(
            "the temp has no whole bar to make a tempo map of: correct its analysis"
        )
    first = placed.segments[0]
    first_line = bar_lines(analysis)[(first.bars or (0, 0))[0]]
    into = Fraction(max(first_line - first.start, 0), placed.sample_rate) * placed.stretch
    start = placed.start_seconds() + into
    downbeat = math.floor(start * placed.rate.fps + Fraction(1, 2))
    segments = []
    carried = Fraction(0)
    for index, (bar, seconds) in enumerate(bars):
        count = analysis.beats_in_bar(bar)
        meter = analysis.meter
        if count != analysis.beats_per_bar:  # a meter span the editor set
            meter = Meter((count,), analysis.meter.denominator)
        beats = Fraction(count)
        wanted = seconds + carried
        bpm = Fraction(round(60 * beats / wanted / BPM_STEP)) * BPM_STEP
        carried = wanted - 60 * beats / bpm
        last = index == len(bars) - 1
        segments.append(Segment(None if last else beats, bpm, meter=meter))
    return CueTempo(downbeat_frames=downbeat, map=TempoMap(tuple(segments)))
