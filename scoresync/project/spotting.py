"""Spotting edits and look-ups on a project, as pure functions (the TUI and scripts call them).

Each edit takes a :class:`~scoresync.project.model.Project` and returns a new one (or raises
:class:`~scoresync.errors.ProjectError` with a message for the user); nothing here knows
about the screen. Positions are frames since ``00:00:00:00`` at the project's rate.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass

from scoresync.errors import ProjectError
from scoresync.project.cuenumber import CueNumber, CueNumberError, insert_between, next_after
from scoresync.project.model import Cue, Hit, Project

__all__ = [
    "HitRef",
    "ReelSpan",
    "cue_jump",
    "hit_jump",
    "nudge_cue",
    "nudge_hit",
    "reel_at",
    "reel_span",
    "replace_hit",
    "split_cue",
    "suggest_number",
    "tail_number",
]

MINUTE_SECONDS = 60
LONGEST_REEL_MINUTES = 30


@dataclass(frozen=True)
class HitRef:
    """A hit named by its cue and its index in the cue's time-ordered hits."""

    number: CueNumber
    index: int
    frames: int


@dataclass(frozen=True)
class ReelSpan:
    """The stretch of picture the timeline shows for one reel: ``[start_frames, end_frames)``."""

    reel: int
    name: str
    start_frames: int
    end_frames: int

    @property
    def length_frames(self) -> int:
        """Length of the span in frames (at least one)."""
        return max(1, self.end_frames - self.start_frames)


def reel_at(project: Project, frames: int) -> int:
    """Return the number of the reel that ``frames`` falls in (the last reel starting at or
    before it; the first reel for positions before every reel; 1 without reels)."""
    if not project.reels:
        return 1
    starts = [reel.start_frames for reel in project.reels]
    index = bisect.bisect_right(starts, frames) - 1
    return project.reels[max(index, 0)].number


def reel_span(project: Project, reel: int, cursor_frames: int) -> ReelSpan:
    """Return the span of ``reel`` to draw, from its start.

    A reel runs to the next reel's start when that is at most :data:`LONGEST_REEL_MINUTES`
    away (a reel of film is shorter); otherwise (the last reel, or reels placed on hour
    boundaries) it reaches past its last cue and the cursor, rounded up to a whole minute.
    """
    rate = project.rate
    minute = MINUTE_SECONDS * rate.base
    known = {r.number: r for r in project.reels}
    start = known[reel].start_frames if reel in known else project.session_start_frames
    name = known[reel].name if reel in known else f"R{reel}"
    later = [r.start_frames for r in project.reels if r.start_frames > start]
    if later and min(later) - start <= LONGEST_REEL_MINUTES * minute:
        return ReelSpan(reel, name, start, min(later))
    ends = [cue.end_frames for cue in project.cues if cue.number.reel == reel]
    last = max([*ends, cursor_frames + 1, start + minute])
    minutes = -(-(last - start) // minute)
    end = start + minutes * minute
    if later:
        end = min(end, min(later))
    return ReelSpan(reel, name, start, end)


def _taken(project: Project) -> set[CueNumber]:
    return {cue.number for cue in project.cues}


def suggest_number(project: Project, start_frames: int) -> CueNumber:
    """Return a free number for a new cue starting at ``start_frames``, in order in its reel.

    After the reel's last cue (by start time) it is the next whole number; between two
    cues it is the next whole number if that is free and still in order, else an insert
    such as ``2M3A``; before the reel's first cue it is the number below the first, when
    free. Where no number fits in order it falls back to the next whole number.
    """
    reel = reel_at(project, start_frames)
    taken = _taken(project)
    in_reel = sorted(
        (cue for cue in project.cues if cue.number.reel == reel and not cue.number.source),
        key=lambda cue: (cue.start_frames, cue.number),
    )
    fallback = next_after(taken, reel)
    before = [cue for cue in in_reel if cue.start_frames <= start_frames]
    after = [cue for cue in in_reel if cue.start_frames > start_frames]
    if not after:
        return fallback
    upper = after[0].number
    if not before:
        candidate = CueNumber(reel, upper.number - 1) if upper.number > 1 else None
        return candidate if candidate is not None and candidate not in taken else fallback
    lower = before[-1].number
    if not lower < upper:
        return fallback
    whole = CueNumber(reel, lower.number + 1)
    if whole < upper and whole not in taken:
        return whole
    try:
        inserted = insert_between(lower, upper)
    except CueNumberError:
        return fallback
    return inserted if inserted not in taken else fallback


def tail_number(project: Project, cue: Cue) -> CueNumber:
    """Return the number for the tail of ``cue`` cut in two: an insert after it (``1M3A``)."""
    taken = _taken(project)
    numbers = sorted(taken)
    index = bisect.bisect_right(numbers, cue.number)
    following = numbers[index] if index < len(numbers) else None
    ceiling = CueNumber(cue.number.reel, cue.number.number + 1)
    if following is None or following > ceiling:
        following = ceiling
    try:
        candidate = insert_between(cue.number, following)
    except CueNumberError:
        return next_after(taken, cue.number.reel)
    return candidate if candidate not in taken else next_after(taken, cue.number.reel)


def split_cue(project: Project, number: CueNumber, at_frames: int, tail: CueNumber) -> Project:
    """Return the project with cue ``number`` cut at ``at_frames``; the tail is ``tail``."""
    head_cue, tail_cue = project.cue(number).split(at_frames, tail)
    return project.replace_cue(number, head_cue).with_cue(tail_cue)


def nudge_cue(project: Project, number: CueNumber, delta_frames: int) -> Project:
    """Return the project with cue ``number`` (its hits and tempo too) moved by
    ``delta_frames``."""
    cue = project.cue(number)
    if cue.start_frames + delta_frames < 0:
        raise ProjectError(f"cue {number} cannot move before 00:00:00:00")
    return project.replace_cue(number, cue.moved(delta_frames))


def replace_hit(cue: Cue, index: int, hit: Hit) -> tuple[Cue, int]:
    """Return ``cue`` with hit ``index`` replaced by ``hit``, and the hit's new index.

    The hits stay in time order and the anchor stays on the same hit.
    """
    if not 0 <= index < len(cue.hits):
        raise ProjectError(f"cue {cue.number} has no hit {index + 1}")
    hits = list(cue.hits)
    anchor_hit = None if cue.anchor_hit is None else hits[cue.anchor_hit]
    del hits[index]
    position = bisect.bisect_right([h.frames for h in hits], hit.frames)
    hits.insert(position, hit)
    anchor = None
    if anchor_hit is not None:
        anchor = position if cue.anchor_hit == index else _index_of(hits, anchor_hit)
    return dataclasses.replace(cue, hits=tuple(hits), anchor_hit=anchor), position


def _index_of(hits: list[Hit], wanted: Hit) -> int:
    return next(i for i, hit in enumerate(hits) if hit is wanted)


def nudge_hit(
    project: Project, number: CueNumber, index: int, delta_frames: int
) -> tuple[Project, int]:
    """Return the project with hit ``index`` of cue ``number`` moved, and its new index."""
    cue = project.cue(number)
    hit = cue.hits[index]
    moved = hit.moved(delta_frames)
    if not cue.start_frames <= moved.frames < cue.end_frames:
        raise ProjectError(
            f"hit {index + 1} of {number} would leave its cue; move the cue's in or out first"
        )
    new_cue, new_index = replace_hit(cue, index, moved)
    return project.replace_cue(number, new_cue), new_index


def _all_hits(project: Project) -> list[HitRef]:
    refs = [
        HitRef(cue.number, index, hit.frames)
        for cue in project.cues
        for index, hit in enumerate(cue.hits)
    ]
    refs.sort(key=lambda ref: (ref.frames, ref.number, ref.index))
    return refs


def hit_jump(project: Project, frames: int, direction: int) -> HitRef | None:
    """Return the first hit after ``frames`` (``direction`` 1) or before it (-1), or None."""
    refs = _all_hits(project)
    if direction > 0:
        later = [ref for ref in refs if ref.frames > frames]
        return later[0] if later else None
    earlier = [ref for ref in refs if ref.frames < frames]
    return earlier[-1] if earlier else None


def cue_jump(project: Project, frames: int, direction: int) -> Cue | None:
    """Return the cue starting first after ``frames`` (``direction`` 1) or last before it."""
    cues = sorted(project.cues, key=lambda cue: (cue.start_frames, cue.number))
    if direction > 0:
        later = [cue for cue in cues if cue.start_frames > frames]
        return later[0] if later else None
    earlier = [cue for cue in cues if cue.start_frames < frames]
    return earlier[-1] if earlier else None
