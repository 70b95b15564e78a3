"""Synthetic music for the library tests: short tracks with a known tempo and meter (an
accented click on each downbeat, a softer one on the other beats, over a quiet pad), written
as WAV files, and a library folder of them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SAMPLE_RATE = 22050


@dataclass(frozen=True)
class Made:
    """A track written: its file, tempo, beats per bar and length."""

    path: Path
    bpm: float
    beats_per_bar: int
    seconds: float


def write_track(
    path: Path, *, bpm: float, beats_per_bar: int, seconds: float, seed: int = 0
) -> Made:
    """A WAV file with a click on every beat (accented and higher on each bar line)."""
    import numpy as np
    import soundfile

    rng = np.random.default_rng(seed)
    frames = round(seconds * SAMPLE_RATE)
    t = np.arange(frames) / SAMPLE_RATE
    audio = 0.02 * np.sin(2 * np.pi * (110 + 20 * seed % 7) * t)
    audio += 0.003 * rng.standard_normal(frames)
    beat_seconds = 60.0 / bpm
    click = round(0.06 * SAMPLE_RATE)
    envelope = np.exp(-np.arange(click) / (0.012 * SAMPLE_RATE))
    beat = 0
    while (start := round(beat * beat_seconds * SAMPLE_RATE)) < frames:
        downbeat = beat % beats_per_bar == 0
        pitch = 1760.0 if downbeat else 880.0
        level = 0.8 if downbeat else 0.35
        n = min(click, frames - start)
        tone = np.sin(2 * np.pi * pitch * np.arange(n) / SAMPLE_RATE)
        audio[start : start + n] += level * envelope[:n] * tone
        audio[start : start + n] += 0.3 * level * envelope[:n] * rng.standard_normal(n)
        beat += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, audio.astype(np.float32), SAMPLE_RATE, subtype="PCM_16")
    return Made(path, bpm, beats_per_bar, seconds)


LIBRARY = (
    (90.0, 4),
    (96.0, 3),
    (100.0, 4),
    (108.0, 3),
    (120.0, 4),
    (126.0, 4),
    (132.0, 3),
    (140.0, 4),
)


def write_library(folder: Path, count: int = 12, *, seconds: float = 6.0) -> list[Made]:
    """``count`` tracks in ``folder`` (some in a sub-folder), tempos and meters cycling
    through :data:`LIBRARY`."""
    made = []
    for number in range(count):
        bpm, beats = LIBRARY[number % len(LIBRARY)]
        sub = "strings" if number % 3 == 0 else "perc"
        path = folder / sub / f"track{number:02d}_{bpm:g}bpm_{beats}.wav"
        made.append(write_track(path, bpm=bpm, beats_per_bar=beats, seconds=seconds, seed=number))
    return made


def synthetic_records(count: int, *, seed: int = 0, sample_rate: int = 44100) -> list:
    """``count`` track records as the analyser would give them (no audio): tempos 60-180
    BPM drifting a little, meters 4/4, 3/4 and 6/8, lengths 30 s to 5 min, a few tracks
    with no bar lines found."""
    import numpy as np

    from scoresync.library.index import TrackRecord

    rng = np.random.default_rng(seed)
    meters = (("4/4", 4), ("3/4", 3), ("6/8", 2))
    records = []
    for number in range(count):
        bpm = float(rng.uniform(60, 180))
        meter, per_bar = meters[number % 3]
        seconds = float(rng.uniform(30, 300))
        beat = 60.0 / bpm
        first = float(rng.uniform(0, beat))
        times = first + np.arange(int((seconds - first) / beat)) * beat
        times += rng.normal(0, 0.004, times.size).cumsum() * 0.05
        beats = np.round(np.clip(times, 0, seconds) * sample_rate).astype(np.int64)
        phase = int(rng.integers(per_bar))
        downbeats = beats[phase::per_bar] if number % 97 else beats[:0]
        records.append(
            TrackRecord(
                path=f"/library/album{number // 12:04d}/track{number:06d}.wav",
                content_hash=f"{number:064x}",
                size_bytes=int(seconds * sample_rate * 4),
                mtime_ns=1_700_000_000_000_000_000 + number,
                sample_rate=sample_rate,
                duration_samples=round(seconds * sample_rate),
                bpm=bpm,
                bpm_min=bpm * 0.98,
                bpm_max=bpm * 1.02,
                stability=float(rng.uniform(0.6, 1.0)),
                meter=meter,
                beats=tuple(int(b) for b in beats),
                downbeats=tuple(int(b) for b in downbeats),
                loudness_lufs=float(rng.uniform(-30, -8)),
                analyser="synthetic",
                analyser_version="1",
            )
        )
    return records
