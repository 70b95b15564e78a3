"""A tempo-mapped cue listed in picture time: bars, beats and hits with timecodes.

Positions come from the exact map; a bar's timecode is the frame nearest its exact
time (half a frame rounds up) and ``subframe`` says how far the exact time is from
that frame, in frames (-0.5 to +0.5).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, cast

from scoresync.errors import UsageError
from scoresync.picture.timecode import frames_to_tc, round_fraction
from scoresync.project.model import HitTarget
from tempo.map.bbt import BarBeatTick
from tempo.map.measure import GRID_NAMES, GridName, HitMark, measure_hits, tally_hits

if TYPE_CHECKING:
    from scoresync.picture.rates import FrameRate
    from scoresync.project.model import Cue, CueTempo


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


def hit_grid(target: HitTarget, grid: GridName) -> GridName:
    """The grid a hit aimed at ``target`` is measured on: bar lines for a downbeat, at
    least eighths for a subdivision, else ``grid`` (the grid beat hits may land on)."""
    if target is HitTarget.DOWNBEAT:
        return "bar"
    if target is HitTarget.SUBDIVISION and grid in ("beat", "bar"):
        return "eighth"
    return grid


@dataclass(frozen=True)
class HitReport:
    """Each hit of a cue against its map (``rows``) and what they add up to: the weight
    and number of hits caught, the near misses, the misses and the weighted RMS offset of
    the caught hits in frames."""

    rows: tuple[HitRow, ...]
    weighted_hits: float
    hits: int
    near: int
    miss: int
    rms_frames: float


def hit_report(
    cue: Cue, rate: FrameRate, *, tolerance_frames: Fraction = Fraction(1), grid: str = "beat"
) -> HitReport:
    """Each hit of the cue against the nearest line of its grid on the cue's map (see
    :func:`tempo.map.measure.measure_hits`), judged with its own tolerance or
    ``tolerance_frames``; ``grid`` is the grid hits aimed at a beat may land on."""
    if grid not in GRID_NAMES:
        raise UsageError(f"unknown grid {grid!r}: use {', '.join(GRID_NAMES)}")
    named = cast("GridName", grid)
    placed = cue.placed_tempo()
    tempo_map = placed.map
    marks = [
        HitMark(
            seconds=placed.seconds_at_frame(hit.frames, rate=rate),
            grid=hit_grid(hit.target, named),
            tolerance_seconds=(
                tolerance_frames if hit.tolerance_frames is None else hit.tolerance_frames
            )
            / rate.fps,
            weight=hit.weight,
        )
        for hit in cue.hits
    ]
    measured = measure_hits(tempo_map, marks)
    rows = tuple(
        HitRow(
            index=index,
            label=hit.label,
            tc=frames_to_tc(hit.frames, rate=rate),
            nearest=_bar_beat(tempo_map.bbt_at_quarters(on_map.line_quarters)),
            frames_off=round(float(on_map.offset_seconds * rate.fps), 3),
            status=on_map.status,
        )
        for index, (hit, on_map) in enumerate(zip(cue.hits, measured, strict=True), start=1)
    )
    tally = tally_hits(measured, [mark.weight for mark in marks])
    return HitReport(
        rows=rows,
        weighted_hits=tally.weighted_hits,
        hits=tally.hits,
        near=tally.near,
        miss=tally.miss,
        rms_frames=tally.rms_seconds * float(rate.fps),
    )


def _bar_beat(bbt: BarBeatTick) -> str:
    return f"{bbt.bar}|{bbt.beat}" if bbt.ticks == 0 else str(bbt)


def hit_rows(
    cue: Cue, rate: FrameRate, *, tolerance_frames: Fraction = Fraction(1), grid: str = "beat"
) -> list[HitRow]:
    """Each hit of the cue beside the nearest grid line of its map (see
    :func:`hit_report`)."""
    return list(hit_report(cue, rate, tolerance_frames=tolerance_frames, grid=grid).rows)
