"""Click tracks: where each click falls, to the sample, and the sound of each click.

Positions come from the exact tempo map. A click's sample is the sample nearest its exact
time (halves round up): ``round(origin_samples + seconds * sample_rate)`` with
``origin_samples`` the exact sample position of the map's time zero and ``seconds`` the
map's time of the beat, a ``Fraction`` wherever the map is exact. Nothing accumulates a
float period, so the thousandth click is as exact as the first.

Kinds of click: the accented downbeat of each bar, the other beats, subdivisions inside a
beat (quieter), and count-in clicks before the music (their own pitches, accented on the
count-in's downbeats).

The count-in is counted as a conductor counts it: on the map's own bar grid continued
backwards (the first segment's start tempo and meter before the map), so that it ends
into the pickup on the pickup's own beats. It runs ``beats`` beats, then ``bars`` whole
bars, then the beats of the bar the music starts in up to the music (a pickup's lead-in;
nothing when the music starts on a bar line). Its first click is always accented, and so
is every bar line after it. A 2-beat pickup in 4/4 with 2 bars of count-in is counted

    count-in  1 2 3 4 | 1 2 3 4 | 1 2        (accents on each 1)
    music                             3 4 | 1  (the pickup, then bar 1)

and with 1 bar and 2 beats of count-in before a 1-beat pickup in 3/4,
``1 2 | 1 2 3 | 1 2 (pickup) 3 | 1``. When the music of a cue starts inside its map (a
cue split from a longer one), the count-in runs over the map's own bars before that
point, and a start inside a bar is counted like a pickup.

Each sound is a short sine burst: a raised-cosine attack, an exponential decay and a
raised-cosine release. Its first sample is already non-zero (the attack starts from a
small pedestal), so the click's onset is exactly its sample.

>>> from tempo.map.tempomap import TempoMap
>>> clicks = click_positions(TempoMap.constant(120), origin_samples=Fraction(1000),
...                          sample_rate=48000, until_seconds=2)
>>> clicks.samples.tolist(), [ClickKind(k).name for k in clicks.kinds[:2]]
([1000, 25000, 49000, 73000, 97000], ['DOWNBEAT', 'BEAT'])
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias

from tempo.common.errors import ExportError
from tempo.common.exact import Number

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tempo.map.bbt import Beat
    from tempo.map.tempomap import TempoMap

    IntArray: TypeAlias = npt.NDArray[np.int64]

__all__ = [
    "DEFAULT_SOUNDS",
    "ClickKind",
    "ClickSound",
    "Clicks",
    "click_positions",
    "count_in_start_quarters",
    "music_start_quarters",
    "render_blocks",
    "render_sound",
    "round_half_up",
]


class ClickKind(IntEnum):
    """What a click marks; the value indexes the click sounds."""

    DOWNBEAT = 0
    BEAT = 1
    SUBDIVISION = 2
    COUNT_IN_DOWNBEAT = 3
    COUNT_IN_BEAT = 4


@dataclass(frozen=True)
class ClickSound:
    """One click sound: a sine burst of ``frequency_hz`` at peak ``amplitude`` (full scale
    1), lasting ``duration_seconds`` with an ``attack_seconds`` raised-cosine attack."""

    frequency_hz: float
    amplitude: float
    duration_seconds: float = 0.030
    attack_seconds: float = 0.0015
    release_seconds: float = 0.004
    pedestal: float = 0.02


DEFAULT_SOUNDS: dict[ClickKind, ClickSound] = {
    ClickKind.DOWNBEAT: ClickSound(1760.0, 0.90),
    ClickKind.BEAT: ClickSound(1320.0, 0.70),
    ClickKind.SUBDIVISION: ClickSound(990.0, 0.35, duration_seconds=0.020),
    ClickKind.COUNT_IN_DOWNBEAT: ClickSound(2093.0, 0.90),
    ClickKind.COUNT_IN_BEAT: ClickSound(1568.0, 0.70),
}
"""Downbeat A6, beat E6, subdivision B5 at -6 dB under the beat; count-in C7 and G6."""


def round_half_up(value: Fraction) -> int:
    """The integer nearest ``value``, halves rounding up (towards +infinity)."""
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


@dataclass(frozen=True)
class Clicks:
    """Click positions in samples (sorted, int64) and their kinds (uint8 ClickKind values)."""

    samples: IntArray
    kinds: npt.NDArray[np.uint8]
    quarters: tuple[Fraction, ...] = field(default=(), compare=False)

    def __len__(self) -> int:
        return int(self.samples.size)

    def shifted(self, delta_samples: int) -> Clicks:
        """The same clicks ``delta_samples`` later (earlier when negative)."""
        return Clicks(self.samples + delta_samples, self.kinds, self.quarters)

    def without(self, ranges_samples: Sequence[tuple[int, int]]) -> Clicks:
        """These clicks less those inside any ``[start, end)`` range of samples."""
        import numpy as np

        keep = np.ones(self.samples.size, dtype=bool)
        for start, end in ranges_samples:
            keep &= ~((self.samples >= start) & (self.samples < end))
        quarters = tuple(q for q, kept in zip(self.quarters, keep, strict=False) if kept)
        return Clicks(self.samples[keep], self.kinds[keep], quarters)

    def before(self, end_samples: int) -> Clicks:
        """These clicks less those at or after ``end_samples``."""
        import numpy as np

        count = int(np.searchsorted(self.samples, end_samples, side="left"))
        return Clicks(self.samples[:count], self.kinds[:count], self.quarters[:count])

    def count(self, kind: ClickKind) -> int:
        """How many clicks are of ``kind``."""
        import numpy as np

        return int(np.count_nonzero(self.kinds == kind))


def music_start_quarters(tempo_map: TempoMap, from_quarters: Fraction | None = None) -> Fraction:
    """Where the clicked music starts: the start of the pickup (the downbeat without one),
    or ``from_quarters`` when that is later (a cue that starts inside its map)."""
    start = tempo_map.start_quarters
    return start if from_quarters is None else max(start, Fraction(from_quarters))


def count_in_start_quarters(
    tempo_map: TempoMap, *, bars: int, beats: int, from_quarters: Fraction | None = None
) -> Fraction:
    """Where a count-in of ``bars`` bars and ``beats`` beats starts, in quarters: ``bars``
    whole bars of the map before the bar the music starts in, and ``beats`` beats before
    those (see the module's description). Without a count-in (0 and 0) it is the start of
    the music itself, even inside a bar.

    >>> from tempo.map.tempomap import TempoMap
    >>> count_in_start_quarters(TempoMap.constant(120, pickup_beats=2), bars=2, beats=0)
    Fraction(-12, 1)
    """
    if bars < 0 or beats < 0:
        raise ExportError(f"a count-in needs 0 or more bars and beats, got {bars} and {beats}")
    music = music_start_quarters(tempo_map, from_quarters)
    if bars == 0 and beats == 0:
        return music
    bar, _ = tempo_map.bar_at_quarters(music)
    first_bar = bar - bars
    _, unit = tempo_map.meter_at_bar(first_bar - 1)
    return tempo_map.downbeat_quarters(first_bar) - beats * unit.quarters


def click_positions(
    tempo_map: TempoMap,
    *,
    origin_samples: Fraction,
    sample_rate: int,
    until_seconds: Number,
    subdivision: int = 1,
    count_in_bars: int = 0,
    count_in_beats: int = 0,
    accent: bool = True,
    from_quarters: Fraction | None = None,
) -> Clicks:
    """Every click of ``tempo_map`` from the count-in (or the music's start) to
    ``until_seconds`` (map time, inclusive), as samples from ``origin_samples`` (the exact
    sample of the map's time zero).

    The music starts at the pickup, or at ``from_quarters`` when that is later; the
    count-in of ``count_in_bars`` bars and ``count_in_beats`` beats before it is counted
    as :func:`count_in_start_quarters` says, its first click and its bar lines accented.
    With ``accent`` off, downbeats sound like other beats (the count-in's accents still
    stand out). Count-in clicks are on beats only, never subdivided.
    """
    import numpy as np

    if isinstance(sample_rate, bool) or not isinstance(sample_rate, int) or sample_rate <= 0:
        raise ExportError(f"sample rate must be a whole number above 0, got {sample_rate!r}")
    music = music_start_quarters(tempo_map, from_quarters)
    start = count_in_start_quarters(
        tempo_map, bars=count_in_bars, beats=count_in_beats, from_quarters=from_quarters
    )
    from_seconds = tempo_map.seconds_at_quarters(start)
    if isinstance(from_seconds, float):
        from_seconds -= 1e-9  # a beat exactly at the start survives the float round trip
    beats = [
        b
        for b in tempo_map.beat_positions(
            until_seconds, subdivision=subdivision, from_seconds=from_seconds
        )
        if b.quarters >= start and (b.quarters >= music or b.subdivision == 0)
    ]
    kinds = np.fromiter(
        (
            _kind(b, counting_in=b.quarters < music, accent=accent, first=index == 0)
            for index, b in enumerate(beats)
        ),
        dtype=np.uint8,
        count=len(beats),
    )
    samples = _samples(beats, origin_samples=Fraction(origin_samples), sample_rate=sample_rate)
    return Clicks(samples, kinds, tuple(b.quarters for b in beats))


def _kind(beat: Beat, *, counting_in: bool, accent: bool, first: bool) -> ClickKind:
    if counting_in:
        accented = beat.is_downbeat or first
        return ClickKind.COUNT_IN_DOWNBEAT if accented else ClickKind.COUNT_IN_BEAT
    if beat.subdivision:
        return ClickKind.SUBDIVISION
    if beat.is_downbeat and accent:
        return ClickKind.DOWNBEAT
    return ClickKind.BEAT


def _samples(beats: Sequence[Beat], *, origin_samples: Fraction, sample_rate: int) -> IntArray:
    """Nearest samples (halves up) of the beats' exact times; floats only inside ramps."""
    import numpy as np

    result = np.empty(len(beats), dtype=np.int64)
    inexact: list[int] = []
    for index, beat in enumerate(beats):
        seconds = beat.seconds
        if isinstance(seconds, Fraction):
            result[index] = round_half_up(origin_samples + seconds * sample_rate)
        else:
            inexact.append(index)
    if inexact:
        whole = math.floor(origin_samples)
        part = float(origin_samples - whole)
        seconds_array = np.array([float(beats[i].seconds) for i in inexact])
        result[inexact] = whole + np.floor(part + seconds_array * sample_rate + 0.5).astype(
            np.int64
        )
    return result


# -- sound -----------------------------------------------------------------------------------


def render_sound(sound: ClickSound, sample_rate: int) -> npt.NDArray[np.float64]:
    """One click as float64 samples in [-1, 1], its first sample non-zero."""
    import numpy as np

    length = max(1, round(sound.duration_seconds * sample_rate))
    n = np.arange(length, dtype=np.float64)
    attack = max(1, round(sound.attack_seconds * sample_rate))
    release = max(1, min(length - attack, round(sound.release_seconds * sample_rate)))
    envelope = np.exp(-np.maximum(n - attack, 0.0) * 5.0 / max(length - attack, 1))
    rise = 0.5 * (1.0 - np.cos(np.pi * (n[:attack] + 1) / attack))
    envelope[:attack] = sound.pedestal + (1.0 - sound.pedestal) * rise
    envelope[length - release :] *= 0.5 * (
        1.0 + np.cos(np.pi * np.arange(1, release + 1) / release)
    )
    tone = np.cos(2.0 * np.pi * sound.frequency_hz * n / sample_rate)
    return sound.amplitude * envelope * tone


def _quantised(wave: npt.NDArray[np.float64], bits: int | None) -> npt.NDArray[Any]:
    """The wave as the block dtype: float32, or int32 holding a ``bits``-bit PCM value in
    its top bits (as libsndfile reads int samples)."""
    import numpy as np

    if bits is None:
        return wave.astype(np.float32)
    full_scale = 2 ** (bits - 1) - 1
    return (np.rint(wave * full_scale).astype(np.int64) << (32 - bits)).astype(np.int32)


def render_blocks(
    clicks: Clicks,
    *,
    total_samples: int,
    sample_rate: int,
    bits: int | None = 24,
    block_samples: int = 1 << 20,
    sounds: dict[ClickKind, ClickSound] | None = None,
) -> Iterator[npt.NDArray[Any]]:
    """The click track from sample 0 to ``total_samples`` in blocks of ``block_samples``.

    ``bits`` 16 or 24 gives int32 blocks with the PCM value in the top bits (written
    exactly as such by libsndfile); ``None`` gives float32 blocks. Each click sound is
    rendered once and added at its sample; overlapping clicks are added and clipped.
    The yielded buffer is reused: consume each block before asking for the next.
    """
    import numpy as np

    chosen = DEFAULT_SOUNDS if sounds is None else sounds
    waves = [_quantised(render_sound(chosen[kind], sample_rate), bits) for kind in ClickKind]
    longest = max(wave.size for wave in waves)
    dtype = np.float32 if bits is None else np.int32
    buffer = np.zeros(block_samples, dtype=dtype)
    samples, kinds = clicks.samples, clicks.kinds
    ends = samples + np.array([w.size for w in waves], dtype=np.int64)[kinds.astype(np.int64)]
    overlaps = np.zeros(samples.size, dtype=bool)
    overlaps[1:] = samples[1:] < np.maximum.accumulate(ends)[:-1]
    for block_start in range(0, total_samples, block_samples):
        block_end = min(block_start + block_samples, total_samples)
        block = buffer[: block_end - block_start]
        block.fill(0)
        first = int(np.searchsorted(samples, block_start - longest, side="left"))
        last = int(np.searchsorted(samples, block_end, side="left"))
        for index in range(first, last):
            start, end = int(samples[index]), int(ends[index])
            if end <= block_start:
                continue
            wave = waves[kinds[index]]
            low, high = max(start, block_start), min(end, block_end)
            piece = wave[low - start : high - start]
            target = block[low - block_start : high - block_start]
            if overlaps[index]:
                _add_clipped(target, piece)
            else:
                target += piece
        yield block


def _add_clipped(target: npt.NDArray[Any], piece: npt.NDArray[Any]) -> None:
    import numpy as np

    if target.dtype == np.float32:
        np.clip(target + piece, -1.0, 1.0, out=target)
        return
    wide = target.astype(np.int64) + piece
    info = np.iinfo(np.int32)
    target[:] = np.clip(wide, info.min, info.max)
