"""Plain-data views of a cue's tempo for the Tempo screen's widgets.

Nothing here draws or holds state: each function turns a :class:`~scoresync.project.model.Cue`
(with or without a map) into what one widget shows.
"""

from __future__ import annotations

from fractions import Fraction

from scoresync.cuetempo.find import beat_grid, format_segment, hit_rows
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import duration_to_tc, frames_to_tc
from scoresync.project.model import Cue
from scoresync.project.summary import tempo_summary
from tempo.common.exact import format_fraction
from tui.widgets.beatgrid import BeatGridView, GridHit, GridLine

__all__ = ["grid_view", "placement_text", "segment_lines", "title_text"]


def grid_view(
    cue: Cue, rate: FrameRate, *, tolerance_frames: Fraction, grid: str, caption: str
) -> BeatGridView | None:
    """The beat-grid view of ``cue``'s map (``None`` without a map): its beats and every
    hit against its nearest ``grid`` line, judged with ``tolerance_frames``."""
    if cue.tempo is None:
        return None
    rows = hit_rows(cue, rate, tolerance_frames=tolerance_frames, grid=grid)
    hits = tuple(
        GridHit(
            number=position + 1,
            label=row.label,
            tc=row.tc,
            frames=hit.frames,
            frames_off=float(row.frames_off),
            status=row.status,
            nearest=row.nearest,
        )
        for position, (row, hit) in enumerate(zip(rows, cue.hits, strict=False))
    )
    beats = tuple(
        GridLine(frames=float(beat.frames_exact), bar=beat.bar, is_downbeat=beat.is_downbeat)
        for beat in beat_grid(cue, rate)
    )
    return BeatGridView(
        start_frames=cue.start_frames,
        end_frames=cue.end_frames,
        beats=beats,
        hits=hits,
        tolerance_frames=float(tolerance_frames),
        caption=caption,
    )


def placement_text(cue: Cue, rate: FrameRate) -> str | None:
    """``downbeat 01:00:02:00 (+2s from the start)  pickup 1 beat``, or ``None`` without a
    map."""
    if cue.tempo is None:
        return None
    downbeat = cue.tempo.downbeat_frames
    offset = downbeat - cue.start_frames
    relative = "the cue start" if offset == 0 else _offset_text(offset, rate)
    pickup = cue.tempo.map.pickup_beats
    beats = "beat" if pickup == 1 else "beats"
    return (
        f"downbeat {frames_to_tc(downbeat, rate=rate)} ({relative})   "
        f"pickup {format_fraction(pickup)} {beats}"
    )


def _offset_text(offset_frames: int, rate: FrameRate) -> str:
    sign = "+" if offset_frames > 0 else "-"
    return f"{sign}{duration_to_tc(abs(offset_frames), rate=rate)} from the start"


def segment_lines(cue: Cue) -> list[str]:
    """The map's segments in the segment-spec syntax, one a line (none without a map)."""
    if cue.tempo is None:
        return []
    return [format_segment(segment) for segment in cue.tempo.map.segments]


def title_text(cue: Cue, rate: FrameRate, *, changed: bool) -> str:
    """The screen's title line: cue, span, hit count and map summary."""
    hits = len(cue.hits)
    summary = tempo_summary(cue) or "no map"
    mark = "  (changed)" if changed else ""
    title = f" {cue.title}" if cue.title else ""
    return (
        f"Tempo  {cue.number}{title}  "
        f"{frames_to_tc(cue.start_frames, rate=rate)}-{frames_to_tc(cue.end_frames, rate=rate)}  "
        f"{hits} hit{'s' if hits != 1 else ''}  map: {summary}{mark}"
    )
