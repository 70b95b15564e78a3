"""Benchmark: temp-track analysis accuracy and speed, and the temp stem render.

Run with ``python tests/bench/bench_temp.py [--minutes-long 3] [--stem-minutes 10]``.

Twelve pieces with known beats and bar lines (pop, waltz, mazurka with its accent on
beat 2, fast waltz, jig in 6/8, slow 12/8, film strings with rubato, piano arpeggios
slowing down, march in 2/4, ballad, orchestral ostinato, rock), each note started about
8 ms (one standard deviation) off its written time as players do, are written as MIDI and
rendered through the ``fluidsynth`` program with the General MIDI soundfont of Debian's
``fluid-soundfont-gm`` (``/usr/share/sounds/sf2/FluidR3_GM.sf2``) where both are there,
else made by additive synthesis (``tests/temp/temp_audio_support.py``). Each is analysed
with the editor's hints (meter, and a tempo range of about -20 %/+25 % around the truth,
leaning above it or below it in turn: :func:`hint_range`) and without, and scored with
mir_eval's F-measure (70 ms window) for beats and bar lines.

Then a long file (``--minutes-long``, the pieces back to back) is analysed cold (a fresh
process: imports and all), warm (again in this process, cache off) and cached; and a
reel stem of ``--stem-minutes`` with a temp cue every 30 s, each cut by two bars, is
rendered with every cue stretched 2 % through Rubber Band's R3 engine (when the
``rubberband`` program is there), again (the stretches now cached), and cut only.
Printed beside their aims, with the load average before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import mir_eval
import numpy as np
import soundfile

from scoresync.temp.analysis import AnalysisHints, analyze_file
from tempo.map.meter import Meter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "temp"))
from temp_audio_support import synth_piece  # noqa: E402

SOUNDFONT = Path("/usr/share/sounds/sf2/FluidR3_GM.sf2")
RATE = 44_100
JITTER_SECONDS = 0.008
"""Spread of each note's start around its written time, as players spread."""


@dataclass(frozen=True)
class Spec:
    name: str
    meter: str
    per_bar: int
    sub: int  # divisions of the counted beat (2, or 3 in compound meters)
    bpm: float
    end_bpm: float
    bars: int
    style: str


SPECS = [
    Spec("pop 4/4", "4/4", 4, 2, 112, 112, 12, "pop"),
    Spec("waltz 3/4", "3/4", 3, 2, 92, 92, 14, "waltz"),
    Spec("mazurka 3/4", "3/4", 3, 2, 132, 132, 16, "mazurka"),
    Spec("fast waltz 3/4", "3/4", 3, 2, 184, 184, 20, "waltz"),
    Spec("jig 6/8", "6/8", 2, 3, 108, 108, 16, "jig"),
    Spec("slow 12/8", "12/8", 4, 3, 56, 56, 6, "shuffle"),
    Spec("film strings 4/4 rubato", "4/4", 4, 2, 76, 66, 8, "strings"),
    Spec("piano arpeggios 4/4 rit.", "4/4", 4, 4, 96, 80, 9, "arpeggio"),
    Spec("march 2/4", "2/4", 2, 2, 116, 116, 16, "march"),
    Spec("ballad 4/4", "4/4", 4, 2, 68, 68, 7, "ballad"),
    Spec("orchestral ostinato 4/4", "4/4", 4, 2, 126, 126, 12, "ostinato"),
    Spec("rock 4/4", "4/4", 4, 2, 152, 152, 14, "pop"),
]

CHORDS = ((48, 52, 55), (53, 57, 60), (55, 59, 62), (57, 60, 64), (50, 53, 57), (52, 55, 59))


def beat_seconds(spec: Spec) -> np.ndarray:
    """Times of every counted beat (and one past the end), from a tempo linear in beats."""
    count = spec.bars * spec.per_bar + 1
    tempos = np.linspace(spec.bpm, spec.end_bpm, count)
    return 0.5 + np.concatenate([[0.0], np.cumsum(60.0 / tempos[:-1])])


def _notes(spec: Spec, rng: np.random.Generator) -> list[tuple[int, int, float, float, int]]:
    """(program or -1 for drums, pitch, start beat, length in beats, velocity)."""
    notes: list[tuple[int, int, float, float, int]] = []
    per, sub = spec.per_bar, spec.sub

    def add(program: int, pitch: int, start: float, length: float, velocity: int) -> None:
        jitter = rng.normal(0, 4)
        notes.append((program, pitch, start, length, int(np.clip(velocity + jitter, 20, 127))))

    for bar in range(spec.bars):
        chord = CHORDS[bar % len(CHORDS)]
        root = chord[0] - 12
        b0 = bar * per
        style = spec.style
        if style == "pop":
            for beat in range(per):
                add(-1, 36 if beat % 2 == 0 else 38, b0 + beat, 0.25, 110 if beat == 0 else 95)
                for half in range(2):
                    add(-1, 42, b0 + beat + half / 2, 0.2, 60)
                add(33, root, b0 + beat, 0.9, 95 if beat == 0 else 80)
            for note in chord:
                add(0, note + 12, b0, per - 0.1, 70)
        elif style == "waltz":
            add(58, root, b0, 0.9, 100)
            for beat in (1, 2):
                for note in chord:
                    add(48 if spec.bpm < 150 else 0, note + 12, b0 + beat, 0.5, 75)
        elif style == "mazurka":
            add(0, root, b0, 0.9, 80)
            for note in chord:
                add(0, note + 12, b0 + 1, 0.6, 112)
                add(0, note + 12, b0 + 2, 0.6, 70)
            add(0, chord[2] + 24, b0, 0.75, 85)
            add(0, chord[1] + 24, b0 + 0.75, 0.25, 75)
            add(0, chord[0] + 24, b0 + 1, 1.0, 95)
        elif style == "jig":
            for beat in range(per):
                for third in range(sub):
                    pitch = chord[(third + beat) % 3] + 24
                    add(
                        73,
                        pitch,
                        b0 + beat + third / sub,
                        1 / sub - 0.02,
                        100 if third == 0 else 75,
                    )
                add(32, root, b0 + beat, 0.9, 100 if beat == 0 else 85)
            add(-1, 36, b0, 0.2, 100)
        elif style == "shuffle":
            for beat in range(per):
                add(-1, 36 if beat % 2 == 0 else 38, b0 + beat, 0.25, 100)
                for third in range(sub):
                    add(-1, 42, b0 + beat + third / sub, 0.2, 65 if third else 80)
                add(33, root + (7 if beat % 2 else 0), b0 + beat, 0.6, 90)
            for note in chord:
                add(16, note + 12, b0, per - 0.1, 60)
        elif style == "strings":
            for note in chord:
                add(48, note + 12, b0, per - 0.05, 70)
            add(42, root, b0, 2.0, 85)
            add(42, root + 7, b0 + 2, 2.0, 75)
            add(47, root, b0, 1.0, 90)
            for step in range(per * 2):
                add(46, chord[step % 3] + 24, b0 + step / 2, 0.5, 65 if step else 80)
        elif style == "arpeggio":
            add(0, root, b0, 2.0, 85)
            add(0, root + 7, b0 + 2, 2.0, 70)
            for step in range(per * sub):
                pitch = chord[step % 3] + 12 * (1 + step // 6)
                add(0, pitch, b0 + step / sub, 1 / sub, 80 if step % sub == 0 else 60)
        elif style == "march":
            add(-1, 36, b0, 0.2, 110)
            for step in range(per * 2):
                add(-1, 38, b0 + step / 2, 0.2, 90 if step % 2 == 0 else 60)
            for beat in range(per):
                for note in chord:
                    add(61, note, b0 + beat, 0.45, 100 if beat == 0 else 80)
            add(58, root, b0, 0.9, 100)
        elif style == "ballad":
            add(0, root, b0, per - 0.1, 80)
            for beat in range(per):
                for note in chord:
                    add(0, note + 12, b0 + beat, 0.9, 72 if beat == 0 else 55)
            for note in chord:
                add(49, note + 24, b0, per, 50)
        elif style == "ostinato":
            for step in range(per * 2):
                add(48, chord[step % 3] + 12, b0 + step / 2, 0.45, 90 if step % 2 == 0 else 70)
            add(47, root, b0, 0.5, 110)
            add(47, root + 7, b0 + 2, 0.5, 90)
            for note in chord:
                add(60, note, b0, per - 0.1, 75)
            add(42, root, b0, per - 0.1, 90)
        else:
            raise ValueError(style)
    return notes


def hint_range(spec: Spec, seed: int) -> tuple[float, float]:
    """The editor's tempo range: about -20 %/+25 % around the piece's tempi, leaning
    above the truth for every other piece and below it for the rest, as a guess does."""
    slowest, fastest = min(spec.bpm, spec.end_bpm), max(spec.bpm, spec.end_bpm)
    if seed % 2:
        return slowest * 0.85, fastest * 1.35
    return slowest * 0.75, fastest * 1.15


def write_midi(spec: Spec, path: Path, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Write the piece as MIDI; return its true beats and bar lines in seconds."""
    import pretty_midi

    rng = np.random.default_rng(seed)
    beats = beat_seconds(spec)

    def at(beat: float) -> float:
        whole = int(np.floor(beat))
        whole = min(whole, len(beats) - 2)
        return float(beats[whole] + (beat - whole) * (beats[whole + 1] - beats[whole]))

    midi = pretty_midi.PrettyMIDI(initial_tempo=spec.bpm)
    tracks: dict[int, pretty_midi.Instrument] = {}
    for program, pitch, start, length, velocity in _notes(spec, rng):
        if program not in tracks:
            tracks[program] = pretty_midi.Instrument(program=max(program, 0), is_drum=program < 0)
        played = max(0.0, at(start) + rng.normal(0.0, JITTER_SECONDS))
        tracks[program].notes.append(
            pretty_midi.Note(
                velocity=velocity,
                pitch=pitch,
                start=played,
                end=max(played + 0.05, at(start + length)),
            )
        )
    midi.instruments.extend(tracks.values())
    midi.write(str(path))
    truth = beats[:-1]
    return truth, truth[:: spec.per_bar]


def render(spec: Spec, folder: Path, seed: int) -> tuple[Path, np.ndarray, np.ndarray, str]:
    """The piece as a WAV file, its true beats and bar lines, and how it was made."""
    wav = folder / f"{seed:02d}.wav"
    if shutil.which("fluidsynth") and SOUNDFONT.exists():
        mid = folder / f"{seed:02d}.mid"
        beats, downbeats = write_midi(spec, mid, seed)
        subprocess.run(
            [
                "fluidsynth",
                "-ni",
                "-q",
                "-g",
                "0.6",
                "-r",
                str(RATE),
                "-F",
                str(wav),
                str(SOUNDFONT),
                str(mid),
            ],
            check=True,
            capture_output=True,
        )
        return wav, beats, downbeats, "fluidsynth"
    style = {"waltz": "waltz", "mazurka": "waltz", "jig": "compound", "strings": "legato"}.get(
        spec.style, "drums"
    )
    piece = synth_piece(
        bpm=spec.bpm,
        per_bar=spec.per_bar,
        bars=spec.bars,
        style=style,
        sample_rate=RATE,
        end_bpm=spec.end_bpm,
        seed=seed,
    )
    soundfile.write(wav, piece.samples, RATE)
    return wav, piece.beat_seconds, piece.downbeat_seconds, "additive synthesis"


def score(
    path: Path, hints: AnalysisHints | None, beats: np.ndarray, downbeats: np.ndarray
) -> tuple[float, float, float, float]:
    started = time.process_time()
    found = analyze_file(path, hints, cache=False)
    cpu = time.process_time() - started
    rate = found.sample_rate
    f_beat = mir_eval.beat.f_measure(beats, np.asarray(found.beats) / rate)
    f_bar = mir_eval.beat.f_measure(downbeats, np.asarray(found.downbeats) / rate)
    return float(f_beat), float(f_bar), cpu, found.bpm


def _loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(what: Callable[[], object]) -> float:
    started = time.perf_counter()
    what()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes-long", type=float, default=3.0)
    parser.add_argument("--stem-minutes", type=float, default=10.0)
    args = parser.parse_args()
    print(f"load average before: {_loadavg()}  ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        os.environ["SCORESYNC_CACHE_DIR"] = str(folder / "cache")
        rows = []
        made = ""
        audio_seconds = 0.0
        cpu_total = 0.0
        for seed, spec in enumerate(SPECS):
            wav, beats, downbeats, made = render(spec, folder, seed)
            audio_seconds += soundfile.info(str(wav)).duration
            low, high = hint_range(spec, seed)
            hinted = score(
                wav,
                AnalysisHints(meter=Meter.parse(spec.meter), bpm_range=(low, high)),
                beats,
                downbeats,
            )
            plain = score(wav, None, beats, downbeats)
            cpu_total += hinted[2] + plain[2]
            rows.append((spec, hinted, plain))
        print(f"\n12 pieces rendered by {made}, {audio_seconds:.0f} s of audio")
        head = f"{'piece':28} {'bpm':>9} | {'hints: beat F':>13} {'bar F':>6} | "
        print(head + f"{'none: beat F':>12} {'bar F':>6} {'bpm':>6}")
        for spec, hinted, plain in rows:
            bpm = f"{spec.bpm:g}" if spec.bpm == spec.end_bpm else f"{spec.bpm:g}-{spec.end_bpm:g}"
            found = f"{hinted[0]:13.3f} {hinted[1]:6.3f} | {plain[0]:12.3f} {plain[1]:6.3f}"
            print(f"{spec.name:28} {bpm:>9} | {found} {plain[3]:6.1f}")
        mean = np.mean([[h[0], h[1], p[0], p[1]] for _, h, p in rows], axis=0)
        print(
            f"{'mean':28} {'':>9} | {mean[0]:13.3f} {mean[1]:6.3f} | {mean[2]:12.3f} {mean[3]:6.3f}"
        )
        print("aim with hints: beat F >= 0.90, bar F >= 0.80")
        print(f"CPU per minute of audio: {cpu_total / 2 / (audio_seconds / 60):.2f} s")

        # a long file: the pieces back to back
        parts, total = [], 0
        wanted = int(args.minutes_long * 60 * RATE)
        index = 0
        while total < wanted:
            data, _ = soundfile.read(
                folder / f"{index % len(SPECS):02d}.wav", dtype="float32", always_2d=True
            )
            parts.append(data)
            total += len(data)
            index += 1
        long_wav = folder / "long.wav"
        soundfile.write(long_wav, np.concatenate(parts)[:wanted], RATE, subtype="PCM_24")
        hints = AnalysisHints(meter=Meter((4,), 4))
        code = (
            "from pathlib import Path\n"
            "from scoresync.temp.analysis import analyze_file, AnalysisHints\n"
            "from tempo.map.meter import Meter\n"
            f"analyze_file(Path({str(long_wav)!r}), AnalysisHints(meter=Meter((4,), 4)),"
            " cache=False)"
        )
        cold = timed(lambda: subprocess.run([sys.executable, "-c", code], check=True))
        warm = timed(lambda: analyze_file(long_wav, hints, cache=False))
        analyze_file(long_wav, hints)
        cached = min(timed(lambda: analyze_file(long_wav, hints)) for _ in range(5))
        minutes = args.minutes_long
        print(f"\n{minutes:g}-minute file, 44.1 kHz stereo 24-bit:")
        print(f"  cold (new process) {cold:7.2f} s")
        speed = f"({minutes * 60 / warm:.0f}x real time)"
        print(f"  warm               {warm:7.2f} s   aim < 10 s   {speed}")
        print(f"  cached             {cached * 1000:7.1f} ms  aim < 50 ms")
        stem(folder, args.stem_minutes)
    print(f"\nload average after: {_loadavg()}")


def stem(folder: Path, minutes: float) -> None:
    """Render a reel stem of ``minutes`` with a temp cue every 30 s (the pieces in turn,
    each cut by 4 bars and stretched 2 %), through Rubber Band's R3 engine."""
    from fractions import Fraction

    from scoresync.picture.rates import parse_rate
    from scoresync.project.cuenumber import CueNumber
    from scoresync.project.model import Cue, CueTemp, Project, Reel
    from scoresync.temp.render import RenderOptions, render_cues
    from scoresync.temp.track import place

    if minutes <= 0:
        return
    if not shutil.which("rubberband"):
        print("\nstem render: the rubberband program is not installed (Debian rubberband-cli)")
        return
    rate = parse_rate("24")
    hour = 86_400
    cues = []
    for index in range(int(minutes * 2)):
        start = hour + index * 30 * 24
        audio = folder / f"{index % len(SPECS):02d}.wav"
        temp = CueTemp(audio=str(audio), at_frames=start, bars=((0, 2), (4, 6)))
        cue = Cue(CueNumber(1, index + 1), "", start, start + 29 * 24, temp=temp)
        cues.append(cue)
    project = Project("Bench", rate, hour, (Reel(1, "R1", hour),), tuple(cues))
    runs = (
        (Fraction(51, 50), "cut and stretched 2 % by Rubber Band R3"),
        (Fraction(51, 50), "cut and stretched 2 %, rendered again (the stretches cached)"),
        (Fraction(1), "cut only"),
    )
    for stretch, what in runs:
        placements = []
        for cue in cues:
            placed = place(cue, rate)
            whole = len(placed.analysis.downbeats)
            bars = ((0, min(2, whole - 1)), (min(4, whole - 1), whole)) if whole > 5 else ()
            placements.append(placed.with_fit(bars, stretch))
        started = time.perf_counter()
        report = render_cues(
            project,
            cues,
            folder / "stem.wav",
            RenderOptions(),
            start_frames=hour,
            placements=placements,
        )
        seconds = time.perf_counter() - started
        length = report.total_samples / report.sample_rate
        print(
            f"\n{length / 60:.1f}-minute stem, {len(cues)} temp cues each {what}: {seconds:.2f} s"
        )
        print(f"  {length / seconds:.1f}x real time (aim >= 50x)")


if __name__ == "__main__":
    main()
