"""Music with known beats and bar lines, made by additive synthesis, for the temp-track
tests and the benchmark.

:func:`synth_piece` returns the samples (mono, float32, peak about 0.8) and the true beat
and bar-line positions in samples. Styles:

- ``"drums"``: kick and bass on the bar line, snare-like ticks on the other beats, a
  chord held through each bar;
- ``"waltz"``: bass on the bar line, chord stabs on the other beats (3/4 wants this);
- ``"legato"``: held chords that change on the bar line and a plucked arpeggio note on
  every beat, no percussion (the hard case);
- ``"compound"``: 6/8-style, a plucked note on every third of a beat, bass on the bar line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

PROGRESSION = ((0, 4, 7), (5, 9, 12), (7, 11, 14), (9, 12, 16), (2, 5, 9), (4, 7, 11))
"""Triads (semitones above C) of the bars, in turn."""


@dataclass(frozen=True)
class Piece:
    samples: NDArray[np.float32]
    sample_rate: int
    beats: NDArray[np.int64]
    downbeats: NDArray[np.int64]

    @property
    def beat_seconds(self) -> NDArray[np.float64]:
        return self.beats / self.sample_rate

    @property
    def downbeat_seconds(self) -> NDArray[np.float64]:
        return self.downbeats / self.sample_rate


def _hz(semitones: float, octave: int) -> float:
    return 261.63 * 2 ** (semitones / 12 + octave - 4)


def _tone(
    freq: float, seconds: float, sample_rate: int, *, decay: float, partials: int = 4
) -> NDArray[np.float64]:
    t = np.arange(int(seconds * sample_rate)) / sample_rate
    wave = sum(np.sin(2 * np.pi * freq * k * t) / k**1.5 for k in range(1, partials + 1))
    attack = np.minimum(1.0, t / 0.004)
    return wave * attack * np.exp(-t / decay)


def _kick(sample_rate: int) -> NDArray[np.float64]:
    t = np.arange(int(0.25 * sample_rate)) / sample_rate
    sweep = 2 * np.pi * (50 * t + 60 * (1 - np.exp(-t / 0.03)) * 0.03)
    return np.sin(sweep) * np.exp(-t / 0.08)


def _tick(sample_rate: int, rng: np.random.Generator) -> NDArray[np.float64]:
    n = int(0.08 * sample_rate)
    t = np.arange(n) / sample_rate
    noise = rng.standard_normal(n)
    return (noise * 0.5 + np.sin(2 * np.pi * 1800 * t)) * np.exp(-t / 0.02)


def _add(out: NDArray[np.float64], at: int, sound: NDArray[np.float64], gain: float) -> None:
    end = min(len(out), at + len(sound))
    if 0 <= at < end:
        out[at:end] += gain * sound[: end - at]


def beat_times(
    bpm: float, beats: int, *, end_bpm: float | None = None, start_seconds: float = 0.5
) -> NDArray[np.float64]:
    """Seconds of ``beats`` beats from ``bpm`` (ramping linearly in beats to
    ``end_bpm``)."""
    end_bpm = bpm if end_bpm is None else end_bpm
    tempos = np.linspace(bpm, end_bpm, beats)
    periods = 60.0 / tempos
    return start_seconds + np.concatenate([[0.0], np.cumsum(periods[:-1])])


def synth_piece(
    *,
    bpm: float,
    per_bar: int,
    bars: int,
    style: str = "drums",
    sample_rate: int = 22_050,
    end_bpm: float | None = None,
    seed: int = 0,
    tail_seconds: float = 1.0,
) -> Piece:
    """A piece of ``bars`` bars of ``per_bar`` beats at ``bpm`` (see the module)."""
    rng = np.random.default_rng(seed)
    times = beat_times(bpm, bars * per_bar, end_bpm=end_bpm)
    total = int((times[-1] + 60.0 / (end_bpm or bpm) + tail_seconds) * sample_rate)
    out = np.zeros(total)
    positions = np.rint(times * sample_rate).astype(np.int64)
    kick, tick = _kick(sample_rate), _tick(sample_rate, rng)
    period = 60.0 / bpm
    for bar in range(bars):
        chord = PROGRESSION[bar % len(PROGRESSION)]
        first = positions[bar * per_bar]
        last_beat = bar * per_bar + per_bar
        bar_end = positions[last_beat] if last_beat < len(positions) else total
        bar_seconds = (bar_end - first) / sample_rate
        _add(out, first, _tone(_hz(chord[0], 2), bar_seconds, sample_rate, decay=0.6), 0.5)
        if style != "waltz":
            for note in chord:
                pad = _tone(_hz(note, 4), bar_seconds, sample_rate, decay=1.5, partials=3)
                _add(out, first, pad, 0.12 if style != "legato" else 0.2)
        for beat in range(per_bar):
            at = positions[bar * per_bar + beat]
            if style == "drums":
                if beat == 0:
                    _add(out, at, kick, 0.9)
                else:
                    _add(out, at, tick, 0.25)
                hat = tick[: int(0.03 * sample_rate)]
                _add(out, at + int(period / 2 * sample_rate), hat, 0.08)
            elif style == "waltz":
                if beat == 0:
                    _add(out, at, kick, 0.4)
                else:
                    for note in chord:
                        stab = _tone(_hz(note, 4), 0.25, sample_rate, decay=0.1, partials=3)
                        _add(out, at, stab, 0.15)
            elif style == "legato":
                note = chord[beat % 3] + 12 * (beat // 3)
                pluck = _tone(_hz(note, 5), 0.4, sample_rate, decay=0.15)
                _add(out, at, pluck, 0.12 if beat else 0.18)
            elif style == "compound":
                for third in range(3):
                    note = chord[(beat + third) % 3]
                    pluck = _tone(_hz(note, 5), 0.3, sample_rate, decay=0.1)
                    _add(
                        out,
                        at + int(third * period / 3 * sample_rate),
                        pluck,
                        0.15 if third else 0.22,
                    )
                if beat == 0:
                    _add(out, at, kick, 0.5)
            else:
                raise ValueError(f"unknown style {style!r}")
    out *= 0.8 / np.max(np.abs(out))
    return Piece(
        samples=out.astype(np.float32),
        sample_rate=sample_rate,
        beats=positions,
        downbeats=positions[::per_bar],
    )
