"""Reels: which reel a position falls in, the stretch of picture a reel covers, and the
reel edits (add, rename, set start, remove when empty), as pure functions.

Every cue belongs to the reel it starts in, by reel start times (see
:meth:`~scoresync.project.model.Project.reel_of`). Reels run in order: a reel with a
higher number starts later, no two reels start together, and no reel starts before the
session start. Each edit takes a :class:`~scoresync.project.model.Project` and returns a
new one, or raises :class:`~scoresync.errors.ProjectError` saying why and what to do.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from scoresync.errors import ProjectError
from scoresync.picture.timecode import duration_to_tc, frames_to_tc
from scoresync.project.model import Cue, Project, Reel

__all__ = [
    "LONGEST_REEL_MINUTES",
    "ReelSpan",
    "add_reel",
    "cues_in_reel",
    "next_reel_number",
    "reel_at",
    "reel_changes",
    "reel_finder",
    "reel_warning",
    "reel_span",
    "remove_reel",
    "rename_reel",
    "set_reel_start",
]

MINUTE_SECONDS = 60
LONGEST_REEL_MINUTES = 30


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
    return reel_finder(project)(frames)


def reel_finder(project: Project) -> Callable[[int], int]:
    """:func:`reel_at` for many positions of one project: the reels are put in order once,
    then each position costs a binary search."""
    ordered = sorted(project.reels, key=lambda reel: (reel.start_frames, reel.number))
    if not ordered:
        return lambda frames: 1
    starts = [reel.start_frames for reel in ordered]
    numbers = [reel.number for reel in ordered]

    def find(frames: int) -> int:
        return numbers[max(bisect_right(starts, frames) - 1, 0)]

    return find


def cues_in_reel(project: Project, number: int) -> list[Cue]:
    """The cues that start in reel ``number``, in time order."""
    return list(_cues_by_reel(project).get(number, ()))


_last_index: tuple[Project, dict[int, tuple[Cue, ...]]] | None = None
"""The cues by reel of the project last asked about: the screens ask again and again about
one project (the same object) while the cursor moves."""


def _cues_by_reel(project: Project) -> dict[int, tuple[Cue, ...]]:
    global _last_index
    last = _last_index
    if last is not None and last[0] is project:
        return last[1]
    find = reel_finder(project)
    by_reel: dict[int, list[Cue]] = {}
    for cue in sorted(project.cues, key=lambda cue: (cue.start_frames, cue.number)):
        by_reel.setdefault(find(cue.start_frames), []).append(cue)
    index = {reel: tuple(cues) for reel, cues in by_reel.items()}
    _last_index = (project, index)
    return index


def reel_span(project: Project, reel: int, cursor_frames: int) -> ReelSpan:
    """Return the span of ``reel`` to draw, from its start.

    A reel runs to the next reel's start when that is at most :data:`LONGEST_REEL_MINUTES`
    away (a reel of film is shorter); otherwise (the last reel, or reels placed on hour
    boundaries) it reaches past the last cue that starts in it, and the cursor when the
    cursor is in it, rounded up to a whole minute (and never past the next reel's start).
    """
    rate = project.rate
    minute = MINUTE_SECONDS * rate.base
    known = {r.number: r for r in project.reels}
    start = known[reel].start_frames if reel in known else project.session_start_frames
    name = known[reel].name if reel in known else f"R{reel}"
    later = [r.start_frames for r in project.reels if r.start_frames > start]
    if later and min(later) - start <= LONGEST_REEL_MINUTES * minute:
        return ReelSpan(reel, name, start, min(later))
    ends = [cue.end_frames for cue in cues_in_reel(project, reel)]
    cursor = [cursor_frames + 1] if reel_at(project, cursor_frames) == reel else []
    last = max([*ends, *cursor, start + minute])
    minutes = -(-(last - start) // minute)
    end = start + minutes * minute
    if later:
        end = min(end, min(later))
    return ReelSpan(reel, name, start, end)


# -- edits ------------------------------------------------------------------------------------


def next_reel_number(project: Project) -> int:
    """One past the highest reel number (1 without reels)."""
    return max((reel.number for reel in project.reels), default=0) + 1


def _tc(project: Project, frames: int) -> str:
    return frames_to_tc(frames, rate=project.rate)


def _reel(project: Project, number: int) -> Reel:
    for reel in project.reels:
        if reel.number == number:
            return reel
    numbers = ", ".join(str(reel.number) for reel in project.reels) or "none"
    raise ProjectError(f"there is no reel {number} in this project; its reels are {numbers}")


def _check_place(project: Project, placed: Reel) -> None:
    """Refuse a reel start before the session start, shared with another reel, or out of
    order with the reel numbers."""
    start = _tc(project, placed.start_frames)
    if placed.start_frames < project.session_start_frames:
        session = _tc(project, project.session_start_frames)
        raise ProjectError(
            f"reel {placed.number} would start at {start}, before the session start "
            f"{session}; start it at {session} or later"
        )
    for other in project.reels:
        if other.number == placed.number:
            continue
        other_start = _tc(project, other.start_frames)
        if other.start_frames == placed.start_frames:
            raise ProjectError(
                f"reel {other.number} ({other.name}) already starts at {start}; "
                f"give reel {placed.number} another start"
            )
        if other.number < placed.number and other.start_frames > placed.start_frames:
            raise ProjectError(
                f"reel {placed.number} would start at {start}, before reel {other.number} "
                f"({other.name}) at {other_start}; reels run in order, so start reel "
                f"{placed.number} after {other_start}"
            )
        if other.number > placed.number and other.start_frames < placed.start_frames:
            raise ProjectError(
                f"reel {placed.number} would start at {start}, after reel {other.number} "
                f"({other.name}) at {other_start}; reels run in order, so start reel "
                f"{placed.number} before {other_start}"
            )


def _check_cues_placed(project: Project) -> None:
    """Refuse a project in which a cue now starts before the first reel."""
    for cue in sorted(project.cues, key=lambda c: (c.start_frames, c.number)):
        if cue.start_frames < project.first_cue_frames:
            first = project.first_reel
            assert first is not None
            raise ProjectError(
                f"reel {first.number} would start at {_tc(project, first.start_frames)}, "
                f"after the start of cue {cue.number} ({_tc(project, cue.start_frames)}), "
                f"which would then lie before every reel; start reel {first.number} at "
                f"{_tc(project, cue.start_frames)} or earlier, or move the cue first"
            )


def add_reel(
    project: Project, start_frames: int, *, number: int | None = None, name: str | None = None
) -> Project:
    """Return the project with a new reel starting at ``start_frames``: numbered
    ``number`` (by default one past the highest) and named ``name`` (by default ``R<n>``).
    """
    number = next_reel_number(project) if number is None else number
    if any(reel.number == number for reel in project.reels):
        raise ProjectError(
            f"reel {number} is already in this project; choose another number "
            f"(the next free one is {next_reel_number(project)})"
        )
    reel = Reel(number, (name or "").strip() or f"R{number}", start_frames)
    _check_place(project, reel)
    return project.with_reel(reel)


def rename_reel(project: Project, number: int, name: str) -> Project:
    """Return the project with reel ``number`` named ``name``."""
    reel = _reel(project, number)
    if not name.strip():
        raise ProjectError(f"give reel {number} a name (such as R{number} or 'Reel {number}')")
    return project.with_reel(dataclasses.replace(reel, name=name.strip()))


def set_reel_start(project: Project, number: int, start_frames: int) -> Project:
    """Return the project with reel ``number`` starting at ``start_frames``.

    Cues keep their positions; a cue that then starts in another reel belongs to that
    reel (see :func:`reel_changes`). Refused when a cue would lie before every reel.
    """
    moved = dataclasses.replace(_reel(project, number), start_frames=start_frames)
    _check_place(project, moved)
    changed = project.with_reel(moved)
    _check_cues_placed(changed)
    return changed


def remove_reel(project: Project, number: int) -> Project:
    """Return the project without reel ``number``, which must hold no cue (and must not be
    the project's only reel)."""
    reel = _reel(project, number)
    held = cues_in_reel(project, number)
    if held:
        numbers = ", ".join(str(cue.number) for cue in held[:12])
        more = f" ... ({len(held)} in all)" if len(held) > 12 else ""
        verb = "starts" if len(held) == 1 else "start"
        raise ProjectError(
            f"reel {number} ({reel.name}) is not empty: {numbers}{more} {verb} in it; "
            "move or remove those cues first"
        )
    if len(project.reels) == 1:
        raise ProjectError(
            f"reel {number} ({reel.name}) is the project's only reel; a project keeps one"
        )
    return dataclasses.replace(project, reels=tuple(r for r in project.reels if r.number != number))


def reel_changes(before: Project, after: Project) -> list[str]:
    """One line per cue that starts in another reel in ``after`` than in ``before`` (after
    a reel was added or moved), saying where it belongs now and whether its number still
    names its reel."""
    lines = []
    old_reel_at, new_reel_at = reel_finder(before), reel_finder(after)
    for cue in after.cues:
        if not before.has_cue(cue.number):
            continue
        old, new = old_reel_at(cue.start_frames), new_reel_at(cue.start_frames)
        if old == new:
            continue
        note = "" if cue.number.reel == new else f"; its number names reel {cue.number.reel}"
        lines.append(f"{cue.number} now belongs to reel {new} (was reel {old}){note}")
    return lines


def reel_warning(project: Project, cue: Cue) -> str | None:
    """A warning when ``cue`` starts in another reel than its number names (``1M9`` in
    reel 2), or further into its reel than a reel runs (:data:`LONGEST_REEL_MINUTES`: the
    next reel is likely missing); None otherwise, and for a project without reels."""
    reel = project.reel_at(cue.start_frames)
    if reel is None:
        return None
    if reel.number != cue.number.reel:
        return (
            f"{cue.number} starts in reel {reel.number} ({reel.name}), at "
            f"{_tc(project, cue.start_frames)}, but its number names reel {cue.number.reel}; "
            f"renumber it (such as {reel.number}M...) unless that is meant"
        )
    into = cue.start_frames - reel.start_frames
    if into > LONGEST_REEL_MINUTES * MINUTE_SECONDS * project.rate.base:
        return (
            f"{cue.number} starts {duration_to_tc(into, rate=project.rate)} into reel "
            f"{reel.number} ({reel.name}), further than a reel runs; if the picture has a "
            f"reel that starts before it, add that reel (its cues number "
            f"{next_reel_number(project)}M...)"
        )
    return None
