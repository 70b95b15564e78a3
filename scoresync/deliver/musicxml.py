"""The MusicXML skeleton of a cue in picture time: the timecode above every bar, the hits
at their musical positions, and the project and cue as the title, with the cue's rate,
timecodes and tempo summary on the page.

Bars are numbered as the project's pickup convention says
(:class:`~tempo.map.barnumbers.PickupBar`), so the skeleton agrees with the timing sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoresync.picture.timecode import frame_and_eighths, frames_to_tc
from tempo.map.barnumbers import PickupBar, shown_bar
from tempo.musicxml.plan import BARS_PER_SYSTEM, HitMark, ScoreHeader, SkeletonPlan, plan_skeleton
from tempo.musicxml.tempo_marks import tempo_summary

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
    project: Project,
    cue: Cue,
    *,
    part_name: str = "Click",
    pickup_bar: PickupBar = PickupBar.ZERO,
    bars_per_system: int = BARS_PER_SYSTEM,
) -> tuple[SkeletonPlan, ScoreHeader]:
    """The MusicXML skeleton plan and header of ``cue``: its bars up to its end, numbered
    under ``pickup_bar``, a system break every ``bars_per_system`` bars (0: none), the
    timecode above each bar, its hits, and the project and cue as the title."""
    rate = project.rate
    placed = cue.placed_tempo()
    end = placed.seconds_at_frame(cue.end_frames, rate=rate)
    plan = plan_skeleton(
        placed.map,
        end_seconds=end,
        bar_labels=bar_timecodes(cue, rate),
        hit_marks=hit_marks(cue, rate),
        pickup_bar=pickup_bar,
        bars_per_system=bars_per_system,
    )
    downbeat = frames_to_tc(placed.downbeat_frames, rate=rate)
    start = frames_to_tc(cue.start_frames, rate=rate)
    end_tc = frames_to_tc(cue.end_frames, rate=rate)
    first_bar = shown_bar(1, placed.map, pickup_bar)
    last = plan.measures[-1]
    header = ScoreHeader(
        title=cue.name,
        number=str(cue.number),
        work_title=project.title,
        lines=(
            f"downbeat (bar {first_bar}) {downbeat}",
            f"cue {start} to {end_tc}",
            f"{rate.name} fps",
        ),
        part_name=part_name,
        tempo_lines=tempo_summary(
            placed.map,
            until_quarters=placed.map.downbeat_quarters(last.bar + 1),
            pickup_bar=pickup_bar,
        ),
    )
    return plan, header
