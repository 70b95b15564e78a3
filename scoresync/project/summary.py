"""Plain-data views of a project for listings: the CLI's JSON and tables, the TUI's panes.

Times are timecode labels at the project's rate; durations are timecode-style
lengths. Nothing here changes a project.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scoresync.picture.timecode import duration_to_tc, frames_to_tc, labels_of
from tempo.common.exact import bpm_text

if TYPE_CHECKING:
    from scoresync.picture.rates import FrameRate
    from scoresync.project.model import Cue, Hit, Project


def hit_views(cues: Sequence[Cue], rate: FrameRate) -> list[list[dict[str, Any]]]:
    """The hits of each of ``cues`` as plain data, numbered from 1 within their cue; the
    timecodes of all of them made in one call (:func:`labels_of`)."""
    hits = [(hit, cue) for cue in cues for hit in cue.hits]
    labels = labels_of([hit.frames for hit, _ in hits], rate=rate)
    offsets = [hit.frames - cue.start_frames for hit, cue in hits]
    if all(0 <= offset < rate.frames_per_day for offset in offsets):
        from_start = labels_of(offsets, rate=rate)  # a duration inside a day: its label
    else:
        from_start = [duration_to_tc(offset, rate=rate) for offset in offsets]
    views: list[list[dict[str, Any]]] = []
    at = 0
    for cue in cues:
        views.append(
            [
                _hit_view(hit, index, labels[at + index - 1], from_start[at + index - 1])
                for index, hit in enumerate(cue.hits, start=1)
            ]
        )
        at += len(cue.hits)
    return views


def _hit_view(hit: Hit, index: int, tc: str, from_start: str) -> dict[str, Any]:
    return {
        "index": index,
        "tc": tc,
        "frames": hit.frames,
        "from_start": from_start,
        "label": hit.label,
        "weight": hit.weight,
        "must_hit": hit.must_hit,
        "target": hit.target.value,
        "tolerance_frames": None if hit.tolerance_frames is None else str(hit.tolerance_frames),
    }


def tempo_view(cue: Cue, rate: FrameRate) -> dict[str, Any] | None:
    """A one-line description of the cue's tempo map, or None."""
    if cue.tempo is None:
        return None
    first = cue.tempo.map.segments[0]
    return {
        "downbeat": frames_to_tc(cue.tempo.downbeat_frames, rate=rate),
        "bpm": float(first.bpm),
        "meter": str(first.meter),
        "segments": len(cue.tempo.map.segments),
        "summary": tempo_summary(cue),
    }


def tempo_summary(cue: Cue) -> str:
    """Short text such as ``120 4/4`` or ``96-104 4/4 +2``."""
    if cue.tempo is None:
        return ""
    segments = cue.tempo.map.segments
    first = segments[0]
    text = f"{bpm_text(first.bpm)} {first.meter}"
    if first.end_bpm is not None and first.end_bpm != first.bpm:
        text = f"{bpm_text(first.bpm)}-{bpm_text(first.end_bpm)} {first.meter}"
    if len(segments) > 1:
        text += f" +{len(segments) - 1}"
    return text


def cue_view(
    cue: Cue, rate: FrameRate, *, hits: bool = True, shown: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """One cue as plain data, with its hits unless ``hits`` is false (``hit_count`` is
    always there); ``shown`` are its hits' views when they are made already (see
    :func:`hit_views`)."""
    if hits and shown is None:
        shown = hit_views([cue], rate)[0]
    return {
        "number": str(cue.number),
        "title": cue.title,
        "start": frames_to_tc(cue.start_frames, rate=rate),
        "end": frames_to_tc(cue.end_frames, rate=rate),
        "duration": duration_to_tc(cue.duration_frames, rate=rate),
        "start_frames": cue.start_frames,
        "end_frames": cue.end_frames,
        "status": cue.status.value,
        "description": cue.description,
        "in_note": cue.in_note,
        "out_note": cue.out_note,
        "anchor_hit": None if cue.anchor_hit is None else cue.anchor_hit + 1,
        "hit_count": len(cue.hits),
        "hits": shown if hits and shown is not None else [],
        "tempo": tempo_view(cue, rate),
        "temp_track": cue.temp_track,
    }


def project_summary(project: Project, *, hits: bool = True) -> dict[str, Any]:
    """The whole project as plain data: header, reels and cues (with their hits unless
    ``hits`` is false)."""
    rate = project.rate
    music_frames = sum(cue.duration_frames for cue in project.cues)
    views = hit_views(project.cues, rate) if hits else [None] * len(project.cues)
    return {
        "title": project.title,
        "rate": rate.name,
        "session_start": frames_to_tc(project.session_start_frames, rate=rate),
        "pickup_bar": int(project.pickup_bar),
        "reels": [
            {"number": r.number, "name": r.name, "start": frames_to_tc(r.start_frames, rate=rate)}
            for r in project.reels
        ],
        "cue_count": len(project.cues),
        "tempo_mapped": sum(1 for cue in project.cues if cue.tempo is not None),
        "music_duration": duration_to_tc(music_frames, rate=rate),
        "cues": [
            cue_view(cue, rate, hits=hits, shown=shown)
            for cue, shown in zip(project.cues, views, strict=True)
        ],
    }
