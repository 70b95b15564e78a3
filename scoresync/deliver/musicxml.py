"""The MusicXML skeleton of a cue in picture time: the timecode above every bar, the hits
at their musical positions, and the project and cue as the title."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoresync.picture.timecode import frame_and_eighths, frames_to_tc
from tempo.musicxml.plan import HitMark, ScoreHeader, SkeletonPlan, plan_skeleton

if TYPE_CHECKING:
    from scoresync.picture.rates import FrameRate
    from scoresync.project.model import Cue, Project


def bar_timecodes(cue: Cue, rate: FrameRate) -> dict[int, str]:
    """Bar number to the timecode (nearest frame) of its start, for every bar of the map
    up to the cue's end; the pickup bar's is where the pickup starts."""
    placed = cue.placed_tempo()
    end = placed.seconds_at_frame(cue.end_frames, rate=rate)
    labels = {}
    for bar in placed.map.bars(end):
        frames, _ = frame_and_eighths(placed.frames_at_seconds(bar.start_seconds, rate=rate))
        labels[bar.number] = frames_to_tc(frames, rate=rate)
    return labels


def hit_marks(cue: Cue, rate: FrameRate) -> list[HitMark]:
    """The cue's hits at their musical positions (quarters from the downbeat), labelled
    with their text and timecode."""
    placed = cue.placed_tempo()
    marks = []
    for hit in cue.hits:
        quarters = placed.map.quarters_at_seconds(placed.seconds_at_frame(hit.frames, rate=rate))
        tc = frames_to_tc(hit.frames, rate=rate)
        text = f"{hit.label} ({tc})" if hit.label else tc
        marks.append(HitMark(quarters, text, hit.must_hit))
    return marks


def cue_skeleton(
    project: Project, cue: Cue, *, part_name: str = "Click"
) -> tuple[SkeletonPlan, ScoreHeader]:
    """The MusicXML skeleton plan and header of ``cue``: its bars up to its end, the
    timecode above each bar, its hits, and the project and cue as the title."""
    rate = project.rate
    placed = cue.placed_tempo()
    end = placed.seconds_at_frame(cue.end_frames, rate=rate)
    plan = plan_skeleton(
        placed.map,
        end_seconds=end,
        bar_labels=bar_timecodes(cue, rate),
        hit_marks=hit_marks(cue, rate),
    )
    downbeat = frames_to_tc(placed.downbeat_frames, rate=rate)
    start = frames_to_tc(cue.start_frames, rate=rate)
    end_tc = frames_to_tc(cue.end_frames, rate=rate)
    header = ScoreHeader(
        title=cue.name,
        number=str(cue.number),
        work_title=project.title,
        lines=(f"{rate.name} fps    downbeat (bar 1) {downbeat}    cue {start} to {end_tc}",),
        part_name=part_name,
    )
    return plan, header
