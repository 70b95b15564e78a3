"""Rendering temp music at picture timecode: one cue's edited temp, or the stem of every
temp in a reel, as a Broadcast Wave file a DAW spots to timecode.

A cue's temp plays its fit's segments (:mod:`scoresync.temp.track`) joined by
equal-power crossfades centred on each join (the gain of the outgoing side follows a
cosine, the incoming a sine, over ``crossfade_seconds``), so the length stays the sum of
the segments; it is then stretched to exactly ``round(length * stretch)`` samples
(:mod:`scoresync.temp.stretch`) and resampled to the output rate when asked. Its first
sample sits at the picture time of the temp's anchor less the anchor's offset, turned
into samples since midnight at the output rate; that number, for the file's first sample,
is the ``bext`` TimeReference, as for the click (:mod:`scoresync.deliver.click`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scoresync.deliver.targets import WAV, check_target
from scoresync.errors import ExportError
from scoresync.picture.timecode import frames_to_tc
from scoresync.temp.audiofile import read_audio
from scoresync.temp.errors import TempAudioError
from scoresync.temp.track import PlacedTemp, Segment, place
from tempo.audio.bwf import WAV_SUBTYPES, BextInfo, BextInsertingFile, check_riff_size
from tempo.common.atomic import atomic_open, write_problem

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    from numpy.typing import NDArray

    from scoresync.project.model import Cue, Project

__all__ = [
    "RenderOptions",
    "RenderReport",
    "crossfaded",
    "played_audio",
    "render_cues",
]

SAMPLE_RATES = range(8_000, 384_001)
"""Output sample rates a render may have."""


@dataclass(frozen=True)
class RenderOptions:
    """How to render: crossfade length at edits (seconds), output sample rate (``None``:
    the source's), bit depth (``16``, ``24``, ``32f``), and ``preview`` for the fast
    resampling stretch instead of Rubber Band."""

    crossfade_seconds: Fraction = Fraction(3, 100)
    sample_rate: int | None = None
    bit_depth: str = "24"
    preview: bool = False


@dataclass(frozen=True)
class RenderReport:
    """What was rendered."""

    path: Path
    cues: tuple[str, ...]
    start_tc: str
    end_tc: str
    time_reference_samples: int
    sample_rate: int
    channels: int
    total_samples: int
    stretched: int

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "file": str(self.path),
            "cues": list(self.cues),
            "start": self.start_tc,
            "end": self.end_tc,
            "time_reference_samples": self.time_reference_samples,
            "sample_rate": self.sample_rate,
            "channels": self.channels,
            "samples": self.total_samples,
            "seconds": round(self.total_samples / self.sample_rate, 6),
            "cues_stretched": self.stretched,
        }


def _slice(source: NDArray[np.float32], start: int, stop: int) -> NDArray[np.float32]:
    """``source[start:stop]`` with silence where the range leaves the audio."""
    import numpy as np

    out = np.zeros((stop - start, source.shape[1]), dtype=np.float32)
    lo, hi = max(start, 0), min(stop, len(source))
    if lo < hi:
        out[lo - start : hi - start] = source[lo:hi]
    return out


def crossfaded(
    source: NDArray[np.float32], segments: tuple[Segment, ...] | list[Segment], fade_samples: int
) -> NDArray[np.float32]:
    """The segments of ``source`` (frames x channels) in turn, each join an equal-power
    crossfade of ``fade_samples`` centred on it (shortened to fit short segments)."""
    import numpy as np

    parts = [_slice(source, segment.start, segment.end) for segment in segments]
    out = np.concatenate(parts) if parts else np.zeros((0, source.shape[1]), np.float32)
    position = 0
    for before, after in zip(segments[:-1], segments[1:], strict=True):
        position += before.samples
        if before.end == after.start:
            continue  # one continuous stretch of audio: no edit here
        half = min(fade_samples // 2, before.samples // 2, after.samples // 2)
        if half <= 0:
            continue
        angle = (np.arange(2 * half) + 0.5) / (2 * half) * (np.pi / 2)
        fade_out = np.cos(angle)[:, None].astype(np.float32)
        fade_in = np.sin(angle)[:, None].astype(np.float32)
        leaving = _slice(source, before.end - half, before.end + half)
        arriving = _slice(source, after.start - half, after.start + half)
        out[position - half : position + half] = leaving * fade_out + arriving * fade_in
    return out


def played_audio(
    placed: PlacedTemp,
    options: RenderOptions,
    *,
    source: NDArray[np.float32] | None = None,
) -> tuple[NDArray[np.float32], int]:
    """The temp as played (edited, stretched, at the output rate) and its first sample in
    samples since midnight at that rate."""
    from scoresync.temp import stretch as stretching

    if source is None:
        source, _ = read_audio(placed.audio)
    rate = placed.sample_rate
    fade = round(options.crossfade_seconds * rate)
    edited = crossfaded(source, placed.segments, fade)
    length = placed.played_samples
    if length != len(edited):
        if options.preview:
            edited = stretching.preview_stretch(edited, length)
        else:
            edited = _stretched(placed, edited, fade, length)
    out_rate = options.sample_rate or rate
    if out_rate != rate:
        edited = _resampled(edited, rate, out_rate)
    return edited, placed.start_sample(out_rate)


def _stretched(
    placed: PlacedTemp, edited: NDArray[np.float32], fade: int, length: int
) -> NDArray[np.float32]:
    """``edited`` stretched by Rubber Band to ``length``, from the stretch cache when this
    very edit of this very file was stretched before (re-rendering a stem stretches only
    the cues that changed)."""
    from scoresync.temp import stretch as stretching
    from scoresync.temp.cache import AnalysisCache

    store = AnalysisCache()
    try:
        digest = store.digest(placed.audio)
    finally:
        store.close()
    cuts = ",".join(f"{segment.start}-{segment.end}" for segment in placed.segments)
    key = f"{digest}|{cuts}|{fade}|{length}|{stretching.ENGINE}"
    return stretching.cached_stretch(edited, placed.sample_rate, length, key=key)


def _resampled(samples: NDArray[np.float32], rate: int, out_rate: int) -> NDArray[np.float32]:
    import numpy as np
    import soxr

    from scoresync.temp.stretch import exact_length

    length = math.floor(Fraction(len(samples) * out_rate, rate) + Fraction(1, 2))
    converted = np.asarray(soxr.resample(samples, rate, out_rate, quality="VHQ"), np.float32)
    if converted.ndim == 1:
        converted = converted[:, None]
    return exact_length(converted, length)


def _write(
    path: Path, audio: NDArray[np.float32], sample_rate: int, bit_depth: str, info: BextInfo
) -> None:
    """``audio`` (frames x channels) as a Broadcast Wave file, written atomically."""
    import numpy as np
    import soundfile

    subtype, _, width = WAV_SUBTYPES[bit_depth]
    check_riff_size(audio.size * width + 4096, what=os.fspath(path))
    try:
        with atomic_open(path, buffering=1 << 20) as raw:
            sink = BextInsertingFile(raw, info, name=os.fspath(path))
            try:
                with soundfile.SoundFile(
                    sink,
                    "w",
                    samplerate=sample_rate,
                    channels=audio.shape[1],
                    subtype=subtype,
                    format="WAV",
                ) as wav:
                    for start in range(0, len(audio), 1 << 18):
                        wav.write(np.clip(audio[start : start + (1 << 18)], -1.0, 1.0))
                        sink.check()
            except (RuntimeError, soundfile.SoundFileError) as error:
                sink.check()
                raise ExportError(f"cannot write {path}: {error}") from None
            sink.check()
    except OSError as error:
        raise ExportError(write_problem(path, error)) from None


def _bext(
    names: tuple[str, ...],
    start_tc: str,
    fps: str,
    begin: int,
    out_rate: int,
    bit_depth: str,
    channels: int,
) -> BextInfo:
    moment = dt.datetime.now()
    bits = WAV_SUBTYPES[bit_depth][2] * 8
    layout = "mono" if channels == 1 else "stereo" if channels == 2 else f"{channels} channels"
    return BextInfo(
        description=f"{' '.join(names)} temp, starts {start_tc} at {fps} fps",
        originator="scoresync",
        originator_reference=f"scoresync temp {names[0]}",
        origination_date=moment.strftime("%Y-%m-%d"),
        origination_time=moment.strftime("%H:%M:%S"),
        time_reference_samples=begin,
        coding_history=f"A=PCM,F={out_rate},W={bits},M={layout},T=scoresync temp\r\n",
    )


def _played_all(
    placed_all: list[PlacedTemp], options: RenderOptions, report: Callable[[float], None]
) -> list[tuple[NDArray[np.float32], int]]:
    """Every temp as played, worked on side by side (one Rubber Band process a core)."""
    from concurrent.futures import ThreadPoolExecutor

    done = [0]

    def one(placed: PlacedTemp) -> tuple[NDArray[np.float32], int]:
        result = played_audio(placed, options)
        done[0] += 1
        report(done[0] / (len(placed_all) + 1))
        return result

    workers = max(1, min(len(placed_all), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, placed_all))


def render_cues(
    project: Project,
    cues: list[Cue],
    path: Path,
    options: RenderOptions = RenderOptions(),
    *,
    start_frames: int | None = None,
    force: bool = False,
    progress: Callable[[float], None] | None = None,
    placements: list[PlacedTemp] | None = None,
) -> RenderReport:
    """Render the temps of ``cues`` mixed into one file: from ``start_frames`` (the
    earliest temp's first sample when ``None``) to the last temp's end."""
    import numpy as np

    if options.bit_depth not in WAV_SUBTYPES:
        raise TempAudioError(f"unknown bit depth {options.bit_depth!r}: use 16, 24 or 32f")
    if options.sample_rate is not None and options.sample_rate not in SAMPLE_RATES:
        raise TempAudioError(
            f"sample rate {options.sample_rate} is out of range: use 8000 to 384000 (48000)"
        )
    if not cues:
        raise TempAudioError(
            "no cue with temp music to render: attach some with 'scoresync temp attach'"
        )
    check_target(path, WAV, force=force)
    report = progress or (lambda fraction: None)
    rate = project.rate
    placed_all = placements or [place(cue, rate) for cue in cues]
    out_rate = options.sample_rate or placed_all[0].sample_rate
    pieces = _played_all(placed_all, dataclasses.replace(options, sample_rate=out_rate), report)
    channels = max(audio.shape[1] for audio, _ in pieces)
    begin = min(first for _, first in pieces)
    if start_frames is not None:
        from scoresync.picture.timecode import frames_to_samples

        begin = min(begin, frames_to_samples(start_frames, rate=rate, sample_rate=out_rate))
    if begin < 0:
        raise TempAudioError(
            "a temp starts before 00:00:00:00: move it later ('scoresync temp attach --at')"
        )
    end = max(first + len(audio) for audio, first in pieces)
    mix = np.zeros((end - begin, channels), dtype=np.float32)
    for audio, first in pieces:
        at = first - begin
        if audio.shape[1] == channels:
            mix[at : at + len(audio)] += audio
        else:
            mix[at : at + len(audio)] += audio[:, :1]
    start_frame = math.floor(Fraction(begin) * rate.fps / out_rate)
    names = tuple(str(cue.number) for cue in cues)
    start_tc = frames_to_tc(start_frame, rate=rate)
    info = _bext(names, start_tc, f"{rate}", begin, out_rate, options.bit_depth, channels)
    _write(path, mix, out_rate, options.bit_depth, info)
    report(1.0)
    end_frame = math.ceil(Fraction(end) * rate.fps / out_rate)
    return RenderReport(
        path=path,
        cues=names,
        start_tc=start_tc,
        end_tc=frames_to_tc(end_frame, rate=rate),
        time_reference_samples=begin,
        sample_rate=out_rate,
        channels=channels,
        total_samples=end - begin,
        stretched=sum(1 for placed in placed_all if placed.played_samples != placed.edited_samples),
    )
