"""A tempo-mapped cue listed in picture time: bars, beats and hits with timecodes.

Positions come from the exact map; a bar's timecode is the frame nearest its exact
time (half a frame rounds up) and ``subframe`` says how far the exact time is from
that frame, in frames (-0.5 to +0.5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from scoresync.errors import UsageError
from scoresync.picture.timecode import frames_to_tc, round_fraction
from scoresync.project.model import Hit, HitTarget
from tempo.map.bbt import BarBeatTick

if TYPE_CHECKING:
    from scoresync.picture.rates import FrameRate
    from scoresync.project.model import Cue, CueTempo
    from tempo.map.tempomap import TempoMap


@dataclass(frozen=True)
class BarRow:
    """One bar of a cue's map: where it falls on picture and at what tempo."""

    bar: int
    frames: int
    tc: str
    seconds: float
    bpm: float
    meter: str
    subframe: float


@dataclass(frozen=True)
class HitRow:
    """One hit against the nearest grid line of a cue's map.

    ``frames_off`` is the grid line's time minus the hit's, in frames: positive when
    the music lands after the hit.
    """

    index: int
    label: str
    tc: str
    nearest: str
    frames_off: float
    status: str


@dataclass(frozen=True)
class GridBeat:
    """One beat (or subdivision) of a cue's map on picture."""

    frames_exact: float
    tc: str
    bar: int
    beat: int
    is_downbeat: bool
    subdivision: int = 0


def _until_seconds(cue: Cue, placed: CueTempo, rate: FrameRate) -> Fraction:
    """Seconds from the downbeat to the cue's last frame."""
    return placed.seconds_at_frame(cue.end_frames - 1, rate=rate)


def bar_rows(cue: Cue, rate: FrameRate) -> list[BarRow]:
    """Every bar of the cue's map from the pickup up to the cue's end."""
    placed = cue.placed_tempo()
    rows = []
    for bar in placed.map.bars(_until_seconds(cue, placed, rate)):
        exact = placed.frames_at_seconds(Fraction(bar.start_seconds), rate=rate)
        frames = round_fraction(exact)
        rows.append(
            BarRow(
                bar=bar.number,
                frames=frames,
                tc=frames_to_tc(frames, rate=rate),
                seconds=float(bar.start_seconds),
                bpm=float(bar.bpm),
                meter=str(bar.meter),
                subframe=float(exact - frames),
            )
        )
    return rows


def beat_grid(cue: Cue, rate: FrameRate, *, subdivision: int = 1) -> list[GridBeat]:
    """Every beat (and subdivision) of the cue's map up to the cue's end."""
    placed = cue.placed_tempo()
    beats = placed.map.beat_positions(_until_seconds(cue, placed, rate), subdivision=subdivision)
    result = []
    for beat in beats:
        exact = placed.frames_at_seconds(Fraction(beat.seconds), rate=rate)
        result.append(
            GridBeat(
                frames_exact=float(exact),
                tc=frames_to_tc(round_fraction(exact), rate=rate),
                bar=beat.bar,
                beat=beat.beat,
                is_downbeat=beat.is_downbeat,
                subdivision=beat.subdivision,
            )
        )
    return result


def _grid_step_quarters(tempo_map: TempoMap, quarters: Fraction, grid: str) -> Fraction | None:
    segment = tempo_map.segment_at_quarters(quarters)
    unit = segment.unit.quarters
    return {"beat": unit, "eighth": Fraction(1, 2), "sixteenth": Fraction(1, 4)}.get(grid)


def _grid_neighbours(tempo_map: TempoMap, quarters: Fraction, grid: str) -> list[Fraction]:
    """The grid lines either side of ``quarters``."""
    bar, downbeat = tempo_map.bar_at_quarters(quarters)
    if grid == "bar":
        return [downbeat, tempo_map.downbeat_quarters(bar + 1)]
    step = _grid_step_quarters(tempo_map, quarters, grid)
    if step is None:
        raise UsageError(f"unknown grid {grid!r}: use beat, eighth, sixteenth or bar")
    before = downbeat + math.floor((quarters - downbeat) / step) * step
    after = min(before + step, tempo_map.downbeat_quarters(bar + 1))
    return [before, after]


_FINENESS = ("bar", "beat", "eighth", "sixteenth")


def _grid_for(hit: Hit, grid: str) -> str:
    """The grid a hit is measured against: its target's, or ``grid`` for beat hits."""
    if hit.target is HitTarget.DOWNBEAT:
        return "bar"
    if hit.target is HitTarget.SUBDIVISION and _FINENESS.index(grid) < _FINENESS.index("eighth"):
        return "eighth"
    return grid


def _status(frames_off: float, tolerance_frames: Fraction) -> str:
    size = abs(frames_off)
    if size <= tolerance_frames:
        return "hit"
    return "near" if size <= 2 * tolerance_frames else "miss"


def hit_rows(
    cue: Cue, rate: FrameRate, *, tolerance_frames: Fraction = Fraction(1), grid: str = "beat"
) -> list[HitRow]:
    """Each hit of the cue beside the nearest grid line of its map."""
    placed = cue.placed_tempo()
    tempo_map = placed.map
    rows = []
    for index, hit in enumerate(cue.hits, start=1):
        seconds = placed.seconds_at_frame(hit.frames, rate=rate)
        quarters = Fraction(tempo_map.quarters_at_seconds(seconds))
        quarters = max(quarters, tempo_map.start_quarters)
        best: tuple[float, Fraction] | None = None
        for line in _grid_neighbours(tempo_map, quarters, _grid_for(hit, grid)):
            line_seconds = tempo_map.seconds_at_quarters(line)
            off = float(placed.frames_at_seconds(Fraction(line_seconds), rate=rate) - hit.frames)
            if best is None or abs(off) < abs(best[0]):
                best = (off, line)
        assert best is not None
        frames_off, line = best
        bbt: BarBeatTick = tempo_map.bbt_at_quarters(line)
        nearest = f"{bbt.bar}|{bbt.beat}" if bbt.ticks == 0 else str(bbt)
        tolerance = hit.tolerance_frames or tolerance_frames
        rows.append(
            HitRow(
                index=index,
                label=hit.label,
                tc=frames_to_tc(hit.frames, rate=rate),
                nearest=nearest,
                frames_off=round(frames_off, 3),
                status=_status(frames_off, tolerance),
            )
        )
    return rows
