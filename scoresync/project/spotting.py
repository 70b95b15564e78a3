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
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import duration_to_tc, frames_to_tc
from scoresync.project.cuenumber import CueNumber, CueNumberError, insert_between, next_after
from scoresync.project.model import Cue, Hit, Project
from scoresync.project.reels import ReelSpan, reel_at, reel_span

__all__ = [
    "HitRef",
    "ReelSpan",
    "add_hit",
    "check_cue_times",
    "cue_jump",
    "cue_with",
    "edit_hit",
    "hit_jump",
    "hits_at",
    "new_cue",
    "nudge_cue",
    "nudge_hit",
    "overlap_warning",
    "reel_at",
    "reel_span",
    "replace_hit",
    "split_cue",
    "suggest_number",
    "tail_number",
]


@dataclass(frozen=True)
class HitRef:
    """A hit named by its cue and its index in the cue's time-ordered hits."""

    number: CueNumber
    index: int
    frames: int


def _taken(project: Project) -> set[CueNumber]:
    return {cue.number for cue in project.cues}


def suggest_number(project: Project, start_frames: int) -> CueNumber:
    """Return a free number for a new cue starting at ``start_frames``, in order in its reel.

    After the reel's last cue (by start time) it is the next whole number; between two
    cues it is the next whole number if that is free and still in order, else an insert
    such as ``2M3A``; before the reel's first cue it is the number below the first, when
    free. Where no number fits in order it falls back to the next whole number. A source
    cue holds its number for the cues after it (the cue after ``2M1S`` is ``2M1A``).
    """
    reel = reel_at(project, start_frames)
    taken = _taken(project)

    def free(number: CueNumber) -> bool:
        return number not in taken and dataclasses.replace(number, source=True) not in taken

    in_reel = sorted(
        (cue for cue in project.cues if cue.number.reel == reel),
        key=lambda cue: (cue.start_frames, cue.number),
    )
    fallback = next_after(taken, reel)
    before = [cue for cue in in_reel if cue.start_frames <= start_frames]
    after = [cue for cue in in_reel if cue.start_frames > start_frames]
    if not after:
        return fallback
    upper = after[0].number
    if not before:
        # the number below the first: 2M2 before 2M3, and 2M1 before the source cue 2M1S
        below = upper.number if upper.source else upper.number - 1
        candidate = CueNumber(reel, below) if below >= 1 else None
        in_order = candidate is not None and candidate not in taken and candidate < upper
        return candidate if candidate is not None and in_order else fallback
    lower = before[-1].number
    if not lower < upper:
        return fallback
    whole = CueNumber(reel, lower.number + 1)
    if whole < upper and free(whole):
        return whole
    try:
        inserted = insert_between(lower, upper)
    except CueNumberError:
        return fallback
    return inserted if free(inserted) else fallback


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


def _tc(rate: FrameRate, frames: int) -> str:
    return frames_to_tc(frames, rate=rate)


def check_cue_times(
    number: CueNumber, start_frames: int, end_frames: int, hits: tuple[Hit, ...], rate: FrameRate
) -> None:
    """Raise :class:`ProjectError`, in timecodes, unless a cue from ``start_frames`` to
    ``end_frames`` (exclusive) is at least a frame long and holds every one of ``hits``."""
    start, end = _tc(rate, start_frames), _tc(rate, end_frames)
    if end_frames <= start_frames:
        raise ProjectError(
            f"cue {number}'s end {end} is not after its start {start}; a cue lasts at least "
            "one frame (the end is exclusive)"
        )
    ordered = sorted(hits, key=lambda hit: hit.frames)
    for position, hit in enumerate(ordered, start=1):
        if not start_frames <= hit.frames < end_frames:
            first, last = _tc(rate, ordered[0].frames), _tc(rate, ordered[-1].frames)
            raise ProjectError(
                f"hit {position} of {number} at {_tc(rate, hit.frames)} would lie outside "
                f"the cue ({start} to before {end}); keep its start at or before {first} "
                f"and its end after {last}, or move the hit first"
            )


def new_cue(
    rate: FrameRate, number: CueNumber, start_frames: int, end_frames: int, **fields: object
) -> Cue:
    """A new cue (``fields`` are the other fields of :class:`Cue`), its times checked
    first by :func:`check_cue_times`."""
    check_cue_times(number, start_frames, end_frames, (), rate)
    return Cue(number, start_frames=start_frames, end_frames=end_frames, **fields)  # type: ignore[arg-type]


def cue_with(cue: Cue, rate: FrameRate, **changes: object) -> Cue:
    """``cue`` with ``changes`` (fields of :class:`Cue`), its times checked first by
    :func:`check_cue_times` so a refusal reads in timecodes."""
    start = changes.get("start_frames", cue.start_frames)
    end = changes.get("end_frames", cue.end_frames)
    number = changes.get("number", cue.number)
    assert isinstance(start, int) and isinstance(end, int) and isinstance(number, CueNumber)
    check_cue_times(number, start, end, cue.hits, rate)
    return dataclasses.replace(cue, **changes)  # type: ignore[arg-type]


def overlap_warning(project: Project, cue: Cue) -> str | None:
    """A warning when ``cue`` overlaps other cues of ``project`` (a segue may well do so
    on purpose), naming each with the stretch they share; None when it overlaps none."""
    rate = project.rate
    shared = []
    for other in sorted(project.cues, key=lambda c: (c.start_frames, c.number)):
        if other.number == cue.number:
            continue
        start = max(cue.start_frames, other.start_frames)
        end = min(cue.end_frames, other.end_frames)
        if start < end:
            length = duration_to_tc(end - start, rate=rate)
            shared.append(f"{other.number} from {_tc(rate, start)} for {length}")
    if not shared:
        return None
    return (
        f"{cue.number} overlaps {'; '.join(shared)}. Fine for a segue; otherwise move "
        "the start or end of one of them"
    )


def split_cue(project: Project, number: CueNumber, at_frames: int, tail: CueNumber) -> Project:
    """Return the project with cue ``number`` cut at ``at_frames``; the tail is ``tail``."""
    cue = project.cue(number)
    if not cue.start_frames < at_frames < cue.end_frames:
        rate = project.rate
        raise ProjectError(
            f"cannot split {number} at {_tc(rate, at_frames)}: cut after its start "
            f"{_tc(rate, cue.start_frames)} and before its end {_tc(rate, cue.end_frames)}"
        )
    head_cue, tail_cue = cue.split(at_frames, tail)
    return project.replace_cue(number, head_cue).with_cue(tail_cue)


def nudge_cue(project: Project, number: CueNumber, delta_frames: int) -> Project:
    """Return the project with cue ``number`` (its hits and tempo too) moved by
    ``delta_frames``."""
    cue = project.cue(number)
    project.check_cue_start(number, cue.start_frames + delta_frames)
    return project.replace_cue(number, cue.moved(delta_frames))


def replace_hit(cue: Cue, index: int, hit: Hit) -> tuple[Cue, int]:
    """Return ``cue`` with hit ``index`` replaced by ``hit``, and the hit's new index.

    The hits stay in time order and the anchor stays on the same hit. Nothing is checked
    here but the index: :func:`edit_hit` is the edit with its checks.
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


def hits_at(cue: Cue, frames: int) -> list[int]:
    """The indexes of ``cue``'s hits at ``frames`` (several only in a file written before
    two hits on one frame were refused)."""
    return [index for index, hit in enumerate(cue.hits) if hit.frames == frames]


def _check_hit(cue: Cue, hit: Hit, rate: FrameRate, replacing: int | None, verb: str) -> None:
    """Refuse ``hit`` outside ``cue`` or on the frame of another of its hits (two hits on
    one frame are one sync point: the hit there is the one to edit)."""
    tc = _tc(rate, hit.frames)
    if not cue.start_frames <= hit.frames < cue.end_frames:
        raise ProjectError(
            f"{verb} {tc} lies outside {cue.number} ({_tc(rate, cue.start_frames)} to before "
            f"{_tc(rate, cue.end_frames)}); put the hit inside the cue, or move the cue's "
            "start or end first"
        )
    for index in hits_at(cue, hit.frames):
        if index != replacing:
            other = cue.hits[index]
            label = f" ({other.label})" if other.label else ""
            raise ProjectError(
                f"{verb} {tc} is on the frame of hit {index + 1}{label} of {cue.number}; two "
                f"hits on one frame are one sync point: edit hit {index + 1} instead, or "
                "choose another frame"
            )


def add_hit(project: Project, number: CueNumber, hit: Hit) -> tuple[Project, int]:
    """Return the project with ``hit`` added to cue ``number``, and the hit's index.

    Refused (in timecodes) outside the cue or on the frame of another of its hits.
    """
    cue = project.cue(number)
    _check_hit(cue, hit, project.rate, None, "a hit at")
    changed = cue.with_hit(hit)
    return project.replace_cue(number, changed), _index_of(list(changed.hits), hit)


def edit_hit(project: Project, number: CueNumber, index: int, hit: Hit) -> tuple[Project, int]:
    """Return the project with hit ``index`` of cue ``number`` replaced by ``hit``, and its
    new index; refused outside the cue or on the frame of another of its hits."""
    cue = project.cue(number)
    if not 0 <= index < len(cue.hits):
        raise ProjectError(
            f"{number} has {len(cue.hits)} hits (hit 1 to {len(cue.hits)}); there is no "
            f"hit {index + 1}"
        )
    _check_hit(cue, hit, project.rate, index, f"hit {index + 1} of {number} moved to")
    changed, new_index = replace_hit(cue, index, hit)
    return project.replace_cue(number, changed), new_index


def nudge_hit(
    project: Project, number: CueNumber, index: int, delta_frames: int
) -> tuple[Project, int]:
    """Return the project with hit ``index`` of cue ``number`` moved, and its new index."""
    hit = project.cue(number).hits[index]
    return edit_hit(project, number, index, hit.moved(delta_frames))


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
