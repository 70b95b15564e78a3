"""The demo's temp piece: music made when the demo is written, attached to 1M3 "Tunnel".

A 48-bar piece at 100 BPM in 4/4 (115.2 s, longer than the 92-second cue, so fitting it
to the scene has bars to take out): kick on beats 1 and 3, a snare on 2 and 4, hi-hats
on the eighths, a bass note and a chord on every bar (A minor, F, C, G, four-bar
phrases), the downbeat of each eight-bar phrase accented. It is synthesised with NumPy
and written as 16-bit mono WAV at 22,050 Hz beside the project (about 5 MB), so no audio
ships with scoresync. Its bar 1 sits on the cue's start, the analysis hints say 4/4 at
90-110 BPM.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from scoresync.project.model import CueTemp, Project
from tempo.common.atomic import atomic_path
from tempo.map.meter import Meter

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "DEMO_TEMP_CUE",
    "DEMO_TEMP_NAME",
    "demo_temp_samples",
    "with_demo_temp",
    "write_demo_temp_audio",
]

DEMO_TEMP_NAME = "night-train-temp.wav"
DEMO_TEMP_CUE = "1M3"
SAMPLE_RATE = 22_050
BPM = 100
BARS = 48
BEATS_PER_BAR = 4
LEAD_IN_SECONDS = Fraction(1, 2)
"""Silence before bar 1, as a piece ripped from a record has."""
CHORDS = (
    (220.0, 261.63, 329.63),
    (174.61, 220.0, 261.63),
    (261.63, 329.63, 392.0),
    (196.0, 246.94, 293.66),
)
"""A minor, F, C, G (Hz), a bar each."""


def _beat_samples() -> Fraction:
    return Fraction(60 * SAMPLE_RATE, BPM)


def demo_temp_samples() -> NDArray[np.float32]:
    """The piece's samples (mono, float, peak below 0 dBFS)."""
    import numpy as np

    beat = _beat_samples()
    lead = round(LEAD_IN_SECONDS * SAMPLE_RATE)
    total = lead + round(beat * BEATS_PER_BAR * BARS) + SAMPLE_RATE
    out = np.zeros(total, dtype=np.float64)
    time = np.arange(SAMPLE_RATE, dtype=np.float64) / SAMPLE_RATE
    kick = np.sin(2 * np.pi * (55 + 90 * np.exp(-time * 30)) * time) * np.exp(-time * 9)
    noise = np.random.default_rng(417).standard_normal(SAMPLE_RATE)
    snare = noise * np.exp(-time * 22) * 0.5
    hat = np.diff(noise, prepend=0.0) * np.exp(-time * 90) * 0.18
    bar_samples = beat * BEATS_PER_BAR

    def add(sound: NDArray[np.float64], at: int, gain: float) -> None:
        end = min(total, at + len(sound))
        out[at:end] += gain * sound[: end - at]

    for bar in range(BARS):
        bar_start = lead + bar_samples * bar
        chord = CHORDS[bar % len(CHORDS)]
        accent = 1.4 if bar % 8 == 0 else 1.0
        length = round(bar_samples)
        span = np.arange(length, dtype=np.float64) / SAMPLE_RATE
        envelope = np.exp(-span * 1.2)
        pad = sum(np.sin(2 * np.pi * f * span) for f in chord) * envelope * 0.07 * accent
        bass = np.sin(2 * np.pi * chord[0] / 2 * span) * np.exp(-span * 2.5) * 0.35 * accent
        add(pad + bass, round(bar_start), 1.0)
        for index in range(BEATS_PER_BAR * 2):
            at = round(bar_start + beat * index / 2)
            if index % 2 == 0:
                on_beat = index // 2
                if on_beat in (0, 2):
                    add(kick, at, 0.9 * (accent if on_beat == 0 else 0.8))
                else:
                    add(snare, at, 0.6)
            add(hat, at, 1.0 if index % 2 == 0 else 0.6)
    peak = float(np.max(np.abs(out))) or 1.0
    return (out * (0.7 / peak)).astype(np.float32)


def write_demo_temp_audio(folder: Path) -> Path:
    """Write the piece into ``folder`` (atomically) and return its path."""
    import soundfile

    audio = folder / DEMO_TEMP_NAME
    with atomic_path(audio) as temporary:
        soundfile.write(
            str(temporary), demo_temp_samples(), SAMPLE_RATE, subtype="PCM_16", format="WAV"
        )
    return audio


def with_demo_temp(project: Project, audio: Path) -> Project:
    """``project`` (the demo) with the piece at ``audio`` attached to 1M3, its bar 1 on
    the cue's start."""
    cue = project.cue(DEMO_TEMP_CUE)
    temp = CueTemp(
        audio=str(audio.resolve()),
        at_frames=cue.start_frames,
        offset_samples=round(LEAD_IN_SECONDS * SAMPLE_RATE),
        meter=Meter((4,), 4),
        bpm_range=(Fraction(90), Fraction(110)),
    )
    return project.replace_cue(cue.number, dataclasses.replace(cue, temp=temp))
