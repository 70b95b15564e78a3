"""What importing spots would change in a project, shown before anything is changed.

:func:`plan_import` compares each spot with the project: a new number is ``add``; a cue
already there with the same times, title and notes is ``same`` (its missing hits are
still added; a spot without a title or notes leaves the cue's as they are); one that
differs is ``keep`` (left as it is) unless ``replace`` is asked for, then ``update``
(times, title and notes from the spot; hits and tempo kept, so an update that would leave
a hit outside the cue is ``skip`` with the reason). A spot that cannot be a cue (before
the session start, say) is ``skip`` too. :func:`apply_plan` makes the changes the plan
lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from cuesheets.spotting.markers import Spot
from scoresync.errors import ProjectError
from scoresync.picture.timecode import frames_to_tc
from scoresync.project import spotting
from scoresync.project.model import Cue, Hit, Project

__all__ = ["ACTIONS", "Step", "apply_plan", "plan_import"]

ACTIONS = ("add", "update", "same", "keep", "skip")


@dataclass(frozen=True)
class Step:
    """What happens to one spot: ``action`` (one of :data:`ACTIONS`), the cue it makes
    (None for ``keep`` and ``skip``), the hits it adds, and why (for ``keep``/``skip``)."""

    spot: Spot
    action: str
    cue: Cue | None
    new_hits: int = 0
    reason: str = ""


def _with_hits(cue: Cue, hits: tuple[tuple[int, str], ...]) -> tuple[Cue, int]:
    """``cue`` with the hits it does not have at those frames yet."""
    taken = {hit.frames for hit in cue.hits}
    added = 0
    for frames, label in hits:
        if frames in taken or not cue.start_frames <= frames < cue.end_frames:
            continue
        cue = cue.with_hit(Hit(frames, label))
        taken.add(frames)
        added += 1
    return cue, added


def plan_import(project: Project, spots: list[Spot], *, replace: bool = False) -> list[Step]:
    """One step per spot, in the spots' order."""
    steps = []
    rate = project.rate
    seen = set()
    for spot in spots:
        if spot.number in seen:
            steps.append(
                Step(spot, "skip", None, reason=f"{spot.number} appears twice in the file")
            )
            continue
        seen.add(spot.number)
        try:
            if not project.has_cue(spot.number):
                project.check_cue_start(spot.number, spot.start_frames)
                cue = spotting.new_cue(
                    rate,
                    spot.number,
                    spot.start_frames,
                    spot.end_frames,
                    title=spot.title,
                    description=spot.notes,
                )
                cue, added = _with_hits(cue, spot.hits)
                steps.append(Step(spot, "add", cue, added))
                continue
            old = project.cue(spot.number)
            title = spot.title or old.title
            notes = spot.notes or old.description
            same = (old.start_frames, old.end_frames, old.title, old.description) == (
                spot.start_frames,
                spot.end_frames,
                title,
                notes,
            )
            if same:
                cue, added = _with_hits(old, spot.hits)
                steps.append(Step(spot, "same", cue, added))
            elif not replace:
                steps.append(
                    Step(
                        spot,
                        "keep",
                        None,
                        reason=f"differs from the project's {old.number} ("
                        f"{frames_to_tc(old.start_frames, rate=rate)} to "
                        f"{frames_to_tc(old.end_frames, rate=rate)} {old.title!r}); "
                        "--replace updates it",
                    )
                )
            else:
                if spot.start_frames != old.start_frames:
                    project.check_cue_start(spot.number, spot.start_frames)
                cue = spotting.cue_with(
                    old,
                    rate,
                    start_frames=spot.start_frames,
                    end_frames=spot.end_frames,
                    title=title,
                    description=notes,
                )
                cue, added = _with_hits(cue, spot.hits)
                steps.append(Step(spot, "update", cue, added))
        except ProjectError as error:
            steps.append(Step(spot, "skip", None, reason=str(error)))
    return steps


def apply_plan(project: Project, steps: list[Step]) -> Project:
    """``project`` with every ``add``, ``update`` and hit-adding ``same`` step made."""
    for step in steps:
        if step.cue is None:
            continue
        if step.action == "add":
            project = project.with_cue(step.cue)
        elif step.action == "update" or (step.action == "same" and step.new_hits):
            project = project.replace_cue(step.cue.number, step.cue)
    return project
