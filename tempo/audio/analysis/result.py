"""The editor's hints to an analysis, and what the analysis found.

Positions are integer sample counts from the first sample of the audio, at the audio's
own sample rate; seconds appear only in :meth:`TrackAnalysis.to_json`, for display.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from tempo.common.errors import ScoreSyncError
from tempo.map.meter import Meter

__all__ = [
    "BPM_LIMITS",
    "AnalysisError",
    "AnalysisHints",
    "TrackAnalysis",
    "beats_per_bar",
]

BPM_LIMITS = (20.0, 400.0)
"""Tempos an analysis looks for, and a tempo-range hint may name, in beats per minute."""


class AnalysisError(ScoreSyncError, ValueError):
    """Audio or hints an analysis cannot work with: silent or too short audio, a tempo
    range that makes no sense."""


MAX_BEATS_PER_BAR = 32
"""The most beats a corrected bar may hold."""


def beats_per_bar(meter: Meter) -> int:
    """How many counted beats one bar of ``meter`` holds: its default beat unit's count
    (4/4: 4, 3/4: 3, 6/8: 2, 12/8: 4), or its top number when that count is not whole
    (5/8 and 3+3+2/8 count eighths: 5 and 8)."""
    count = meter.beats_per_bar(meter.default_beat_unit())
    if count.denominator == 1 and count >= 1:
        return int(count)
    return meter.numerator


@dataclass(frozen=True)
class AnalysisHints:
    """What the editor says about the music; ``None`` is not given.

    ``meter`` fixes the beats per bar; ``bpm_range`` (low, high) bounds the tempo of the
    counted beat (the dotted quarter in 6/8), which settles octave errors.
    """

    meter: Meter | None = None
    bpm_range: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        if self.bpm_range is not None:
            low, high = (float(value) for value in self.bpm_range)
            object.__setattr__(self, "bpm_range", (low, high))
            check_bpm_range(low, high)

    @property
    def key(self) -> str:
        """The hints as text, for a cache key: ``meter=6/8;bpm=90-120``."""
        meter = str(self.meter) if self.meter is not None else "-"
        bpm = "-" if self.bpm_range is None else f"{self.bpm_range[0]:g}-{self.bpm_range[1]:g}"
        return f"meter={meter};bpm={bpm}"


def check_bpm_range(low: float, high: float) -> None:
    """Raise :class:`AnalysisError` unless ``low``-``high`` is a tempo range to search."""
    lowest, highest = BPM_LIMITS
    if not (low == low and high == high):  # NaN
        raise AnalysisError("tempo range is not a number: give it like 90-120 (BPM)")
    if low <= 0 or high <= 0:
        raise AnalysisError(
            f"tempo range {low:g}-{high:g} BPM is not positive: give it like 90-120"
        )
    if low >= high:
        raise AnalysisError(
            f"tempo range {low:g}-{high:g} BPM is empty: give the lower tempo first, like 90-120"
        )
    if low < lowest or high > highest:
        raise AnalysisError(
            f"tempo range {low:g}-{high:g} BPM reaches outside {lowest:g}-{highest:g} BPM, "
            "the tempos an analysis finds: give a range inside it"
        )
    if high / low < 1.08:
        raise AnalysisError(
            f"tempo range {low:g}-{high:g} BPM is too narrow to search (under 8 %): "
            "widen it, e.g. to "
            f"{low * 0.95:.0f}-{high * 1.05:.0f}"
        )


@dataclass(frozen=True)
class TrackAnalysis:
    """The beats, bar lines and onsets of a piece of audio, and its tempo curve.

    - ``beats``, ``downbeats``, ``onsets``: sample positions from the audio's first
      sample, ascending; every downbeat is one of the beats;
    - ``bpm``: the median tempo of the counted beat; ``bpm_min`` and ``bpm_max`` the
      slowest and fastest local tempo (over a bar's worth of beats); ``stability`` 0 to 1,
      1 for a steady tempo;
    - ``hints``: the hints the analysis used, as given;
    - ``beat_chroma``: the harmony from each beat to the next (the last to the end): 12
      pitch-class weights, C first, summing to 1 (to 3 decimals); empty when not
      measured (see :meth:`bar_harmony`);
    - ``analyser``, ``analyser_version``: what produced it (part of the cache key).
    """

    sample_rate: int
    duration_samples: int
    bpm: float
    bpm_min: float
    bpm_max: float
    stability: float
    meter: Meter
    beats: tuple[int, ...]
    downbeats: tuple[int, ...]
    onsets: tuple[int, ...]
    analyser: str
    analyser_version: str
    hints: AnalysisHints = field(default_factory=AnalysisHints)
    beat_chroma: tuple[tuple[float, ...], ...] = ()

    @property
    def duration_seconds(self) -> Fraction:
        """Length of the audio in seconds, exactly."""
        return Fraction(self.duration_samples, self.sample_rate)

    @property
    def beats_per_bar(self) -> int:
        """Counted beats in one bar of :attr:`meter`."""
        return beats_per_bar(self.meter)

    def first_downbeat_index(self) -> int:
        """Index into :attr:`beats` of the first downbeat (0 when there is none)."""
        if not self.downbeats:
            return 0
        return self.beats.index(self.downbeats[0])

    def shifted_bars(self, beats: int) -> TrackAnalysis:
        """The same analysis with every bar line moved ``beats`` beats later (earlier
        when negative): the correction for a bar phase one beat off."""
        per_bar = self.beats_per_bar
        phase = (self.first_downbeat_index() + beats) % per_bar
        return replace(self, downbeats=self.beats[phase::per_bar])

    def shifted_bars_from(self, bar: int, beats: int) -> TrackAnalysis:
        """The same analysis with the bar lines from bar ``bar`` (0-based) on moved
        ``beats`` beats later (earlier when negative), grouped as that bar is; those
        before it stay: a downbeat the analysis put a beat off from some bar on. Raises
        :class:`AnalysisError` when there is no such bar or the move would pass the bar
        line before it."""
        if not 0 <= bar < len(self.downbeats):
            raise AnalysisError(
                f"there is no bar {bar + 1} to move (the temp has {len(self.downbeats)} "
                "bars): give a bar from 1"
            )
        per_bar = self.beats_in_bar(bar)
        start = self.beats.index(self.downbeats[bar]) + beats
        earliest = self.beats.index(self.downbeats[bar - 1]) + 1 if bar > 0 else 0
        if start < earliest or start >= len(self.beats):
            raise AnalysisError(
                f"moving bar {bar + 1} by {beats:+d} beats would pass the bar line before "
                "it or the end: move it by fewer beats"
            )
        return replace(self, downbeats=self.downbeats[:bar] + self.beats[start::per_bar])

    def beats_in_bar(self, bar: int) -> int:
        """How many beats bar ``bar`` (0-based) holds: those from its bar line to the
        next; the last bar, which runs to the end, holds :attr:`beats_per_bar`."""
        if bar + 1 >= len(self.downbeats):
            return self.beats_per_bar
        first, end = self.downbeats[bar], self.downbeats[bar + 1]
        return sum(1 for beat in self.beats if first <= beat < end)

    def _check_bar(self, bar: int, what: str) -> None:
        if not 0 <= bar < len(self.downbeats):
            raise AnalysisError(
                f"there is no bar {bar + 1} to {what} (the temp has {len(self.downbeats)} "
                "bars): give a bar from 1"
            )

    def regrouped_from(self, bar: int, beats_per_bar: int) -> TrackAnalysis:
        """The same beats with the bars from bar ``bar`` (0-based) on grouped
        ``beats_per_bar`` beats a bar: a change of meter the analysis missed (a bar of
        3/4 inside 4/4 starts one such span, a return to 4/4 another)."""
        self._check_bar(bar, "change the meter from")
        if not 1 <= beats_per_bar <= MAX_BEATS_PER_BAR:
            raise AnalysisError(
                f"{beats_per_bar} beats a bar is out of range: give 1 to {MAX_BEATS_PER_BAR}"
            )
        start = self.beats.index(self.downbeats[bar])
        return replace(self, downbeats=self.downbeats[:bar] + self.beats[start::beats_per_bar])

    def retimed_span(self, first_bar: int, end_bar: int, bpm: float) -> TrackAnalysis:
        """The same analysis with the beats of bars ``first_bar`` to ``end_bar`` (0-based,
        end exclusive) laid evenly at about ``bpm``: the span's bar lines stay, and each
        bar between them gets the whole number of beats nearest its length at that tempo
        (a span the analysis tracked at half or double time, or lost)."""
        self._check_bar(first_bar, "set the tempo from")
        if not first_bar < end_bar < len(self.downbeats) + 1:
            raise AnalysisError(
                f"bars {first_bar + 1} to {end_bar} are not a span of this temp's "
                f"{len(self.downbeats)} bars: give a first bar before the last"
            )
        if not 1 <= bpm <= 1000:
            raise AnalysisError(f"{bpm:g} BPM is out of range: give 1 to 1000")
        lines = [*self.downbeats, self.duration_samples]
        low, high = lines[first_bar], lines[end_bar]
        laid: list[int] = []
        for bar in range(first_bar, end_bar):
            start, stop = lines[bar], lines[bar + 1]
            count = max(1, round((stop - start) / self.sample_rate * bpm / 60))
            laid.extend(start + round(Fraction(stop - start, count) * k) for k in range(count))
        before = [beat for beat in self.beats if beat < low]
        after = [beat for beat in self.beats if beat >= high]
        return replace(self, beats=tuple(before + laid + after))

    def tempo_curve(self) -> tuple[tuple[int, float], ...]:
        """The tempo bar by bar: each bar line (a sample position, but the last) and the
        tempo of the counted beat over the bar it starts, in BPM."""
        per_bar = self.beats_per_bar
        return tuple(
            (start, 60.0 * per_bar * self.sample_rate / (end - start))
            for start, end in zip(self.downbeats[:-1], self.downbeats[1:], strict=True)
            if end > start
        )

    def bar_harmony(self) -> tuple[tuple[float, ...], ...]:
        """The harmony of each bar (from each bar line to the next, the last to the end):
        the beats' chroma summed, of unit length; empty when not measured."""
        if len(self.beat_chroma) != len(self.beats) or not self.downbeats:
            return ()
        index = {beat: i for i, beat in enumerate(self.beats)}
        starts = [index[downbeat] for downbeat in self.downbeats] + [len(self.beats)]
        bars = []
        for first, end in zip(starts[:-1], starts[1:], strict=True):
            total = [sum(beat[k] for beat in self.beat_chroma[first:end]) for k in range(12)]
            length = max(sum(x * x for x in total) ** 0.5, 1e-9)
            bars.append(tuple(x / length for x in total))
        return tuple(bars)

    def with_meter(self, meter: Meter) -> TrackAnalysis:
        """The same beats counted in ``meter``, bar lines starting at the first downbeat."""
        first = self.first_downbeat_index()
        return replace(
            self,
            meter=meter,
            downbeats=self.beats[first % beats_per_bar(meter) :: beats_per_bar(meter)],
        )

    def to_json(self, *, exact: bool = False) -> dict[str, Any]:
        """The analysis as JSON-ready data; seconds (floats) for display, samples exact.
        ``exact`` keeps the tempo figures unrounded (for a cache to read back as they
        were)."""
        rate = self.sample_rate

        def figure(value: float) -> float:
            return value if exact else round(value, 3)

        def seconds(positions: tuple[int, ...]) -> list[float]:
            return [round(position / rate, 6) for position in positions]

        return {
            "duration": round(self.duration_samples / rate, 6),
            "bpm": figure(self.bpm),
            "bpm_min": figure(self.bpm_min),
            "bpm_max": figure(self.bpm_max),
            "stability": figure(self.stability),
            "meter": str(self.meter),
            "beats": seconds(self.beats),
            "downbeats": seconds(self.downbeats),
            "onsets": seconds(self.onsets),
            "tempo_curve": [
                {"time": round(start / rate, 6), "bpm": figure(bpm)}
                for start, bpm in self.tempo_curve()
            ],
            "sample_rate": rate,
            "duration_samples": self.duration_samples,
            "beat_samples": list(self.beats),
            "downbeat_samples": list(self.downbeats),
            "onset_samples": list(self.onsets),
            "hints": {
                "meter": None if self.hints.meter is None else str(self.hints.meter),
                "bpm_range": None if self.hints.bpm_range is None else list(self.hints.bpm_range),
            },
            "analyser": self.analyser,
            "analyser_version": self.analyser_version,
            "beat_chroma": [list(beat) for beat in self.beat_chroma],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TrackAnalysis:
        """Reads back what :meth:`to_json` wrote (the sample positions, not the seconds)."""
        hints = data.get("hints") or {}
        bpm_range = hints.get("bpm_range")
        return cls(
            sample_rate=int(data["sample_rate"]),
            duration_samples=int(data["duration_samples"]),
            bpm=float(data["bpm"]),
            bpm_min=float(data["bpm_min"]),
            bpm_max=float(data["bpm_max"]),
            stability=float(data["stability"]),
            meter=Meter.parse(data["meter"]),
            beats=tuple(int(x) for x in data["beat_samples"]),
            downbeats=tuple(int(x) for x in data["downbeat_samples"]),
            onsets=tuple(int(x) for x in data["onset_samples"]),
            analyser=str(data["analyser"]),
            analyser_version=str(data["analyser_version"]),
            beat_chroma=tuple(
                tuple(float(x) for x in beat) for beat in data.get("beat_chroma", ())
            ),
            hints=AnalysisHints(
                meter=None if hints.get("meter") is None else Meter.parse(hints["meter"]),
                bpm_range=None if bpm_range is None else (bpm_range[0], bpm_range[1]),
            ),
        )
