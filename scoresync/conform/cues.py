"""Conforming the music: where every cue and hit of a project went in the new cut.

:func:`conform_project` runs every cue of a project through a
:class:`~scoresync.conform.changemap.ChangeMap` and gives a :class:`CueConform` per cue:
its new in and out, the delta its anchor moved, a :class:`CueChange` in the words a music
editor uses, each hit's new frame or why it has none, and for a tempo-mapped cue the
musical fix (:mod:`scoresync.conform.musical`). :func:`conformed_project` turns the
result into the new version of the project.

The rules:

- a cue follows its anchor (its anchor hit, or its start): ``delta_frames`` is how far
  the anchor's picture moved, and a tempo map moves by it, unchanged;
- the new start and end and every hit's new frame are where their picture went
  (:meth:`~scoresync.conform.changemap.ChangeMap.map_frame`); where the picture under the
  start is gone, a cue anchored on its start starts on its first frame still shown, and
  a cue anchored on a hit keeps its lead-in to the hit (but starts no later than its
  first frame still shown); where the picture under the end is gone, the cue ends after
  its last frame still shown;
- inside the cue, the picture between two stretches still shown in the old order is
  an internal cut (old frames gone), an internal insert (new picture), or an extension
  (more frames of the same shots); stretches shown out of the old order split the cue;
- a cue whose anchor hit's picture is gone, or that a reorder split, needs a decision:
  applying leaves it where it was and says why in its description, unless a
  :class:`Choice` says to follow the picture or take the musical proposal.

Frames are integers counted from 00:00:00:00 at the project's rate; outs are exclusive.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING

from scoresync.conform.changemap import Change, ConformError
from scoresync.errors import ProjectError
from scoresync.picture.lengths import signed_duration_to_tc
from scoresync.picture.timecode import duration_to_tc

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from scoresync.conform.changemap import ChangeMap, Segment
    from scoresync.conform.musical import MusicalProposal
    from scoresync.picture.rates import FrameRate
    from scoresync.project.cuenumber import CueNumber
    from scoresync.project.model import Cue, Project

__all__ = [
    "Choice",
    "CueChange",
    "CueConform",
    "HitConform",
    "ProjectConform",
    "conform_cue",
    "conform_project",
    "check_choice",
    "conformed_project",
    "default_choice",
]

CONFORM_NOTE = "[conform]"
"""What starts the sentence applying adds to a cue's description."""


class CueChange(Enum):
    """What a recut did to a cue, as a music editor says it."""

    UNCHANGED = "unchanged"
    MOVED = "moved"
    HEAD_TRIMMED = "head trimmed"
    TAIL_TRIMMED = "tail trimmed"
    EXTENDED = "extended"
    INTERNAL_CUT = "internal cut"
    INTERNAL_INSERT = "internal insert"
    SPLIT = "split"
    DELETED = "deleted"
    OUTSIDE = "outside the old cut"
    NEEDS_DECISION = "needs decision"

    @property
    def needs_decision(self) -> bool:
        """True when applying leaves the cue where it was, for a person to decide."""
        return self in (
            CueChange.SPLIT,
            CueChange.NEEDS_DECISION,
            CueChange.DELETED,
            CueChange.OUTSIDE,
        )


@dataclass(frozen=True)
class HitConform:
    """Where one hit (``index`` into the cue's hits) went: ``new_frames``, or ``None``
    with ``reason`` saying why (its picture is gone: deleted, trimmed, outside the cut)."""

    index: int
    label: str
    old_frames: int
    new_frames: int | None
    reason: str = ""

    @property
    def lost(self) -> bool:
        return self.new_frames is None

    @property
    def moved(self) -> bool:
        return self.new_frames is not None and self.new_frames != self.old_frames


@dataclass(frozen=True)
class CueConform:
    """One cue through a recut.

    ``new_in``/``new_out`` are ``None`` when none of its picture is left, or it is split
    or needs a decision (no one place for it). ``delta_frames``
    is how far its anchor moved (``None`` when the anchor's picture is gone).
    ``removed_frames`` and ``inserted_frames`` count the picture taken out of and put
    into the cue between stretches still shown; ``change_at_frames`` is the old frame
    where the first of those changes is. ``reason`` says in words what happened.
    """

    cue: Cue
    status: CueChange
    new_in: int | None
    new_out: int | None
    delta_frames: int | None
    hits: tuple[HitConform, ...]
    reason: str
    removed_frames: int = 0
    inserted_frames: int = 0
    change_at_frames: int | None = None
    proposal: MusicalProposal | None = None

    @property
    def old_in(self) -> int:
        return self.cue.start_frames

    @property
    def old_out(self) -> int:
        return self.cue.end_frames

    @property
    def hits_moved(self) -> int:
        return sum(hit.moved for hit in self.hits)

    @property
    def hits_lost(self) -> int:
        return sum(hit.lost for hit in self.hits)

    @property
    def internal_change_frames(self) -> int:
        """Picture frames the cue gained (positive) or lost (negative) inside."""
        return self.inserted_frames - self.removed_frames

    def conformed_cue(self, *, placed: bool = False) -> Cue | None:
        """The cue at its new place with its hits moved and lost hits dropped, its tempo
        map moved with its anchor; ``None`` when it needs a decision.

        With ``placed``, a cue that needs a decision but whose anchor's picture is still
        shown (a split, say) is placed too: moved with its anchor, widened to hold the
        hits still shown. ``None`` then only when its anchor's picture is gone.
        """
        if self.delta_frames is None:
            return None
        if self.status.needs_decision and not placed:
            return None
        delta = self.delta_frames
        cue = self.cue
        hits = tuple(
            dataclasses.replace(hit, frames=conform.new_frames)
            for hit, conform in zip(cue.hits, self.hits, strict=True)
            if conform.new_frames is not None
        )
        start, end = self.new_in, self.new_out
        if start is None or end is None:
            start, end = cue.start_frames + delta, cue.end_frames + delta
            if hits:
                frames = [hit.frames for hit in hits]
                start, end = min(start, *frames), max(end, max(frames) + 1)
        anchor = None
        if cue.anchor_hit is not None:
            anchor = sum(1 for conform in self.hits[: cue.anchor_hit] if not conform.lost)
            order = sorted(range(len(hits)), key=lambda index: hits[index].frames)
            anchor = order.index(anchor) if anchor < len(hits) else None
        description = cue.description
        lost = [hit for hit in self.hits if hit.lost]
        if lost:
            names = ", ".join(f"hit {h.index + 1} ({h.reason})" for h in lost)
            description = _with_note(description, f"lost {names}")
        return dataclasses.replace(
            cue,
            start_frames=start,
            end_frames=end,
            hits=hits,
            anchor_hit=anchor,
            tempo=None if cue.tempo is None else cue.tempo.moved(delta),
            description=description,
        )


class Choice(Enum):
    """What applying a conform does with one cue."""

    FOLLOW = "follow"
    """Move with the picture, the tempo map moved with the cue's anchor (the default for
    a cue that needs no decision)."""
    PROPOSAL = "proposal"
    """Move with the picture and take the musical proposal's map (the bar-edited map or
    the re-solved one, whichever catches more hits)."""
    LEAVE = "leave"
    """Leave the cue where it was, flagged in its description (the default for a cue
    that needs a decision)."""

    @classmethod
    def parse(cls, text: str) -> Choice:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(choice.value for choice in cls)
            raise ConformError(f"unknown choice {text!r}: choose one of {names}") from None


def default_choice(item: CueConform) -> Choice:
    """What applying does with a cue nobody chose for."""
    return Choice.LEAVE if item.status.needs_decision else Choice.FOLLOW


def check_choice(item: CueConform, choice: Choice) -> str | None:
    """Why ``choice`` cannot be made for ``item`` (``None`` when it can)."""
    if choice is Choice.LEAVE:
        return None
    if item.delta_frames is None:
        return f"its picture is gone ({item.status.value}): it can only be left where it was"
    if choice is Choice.PROPOSAL and (item.proposal is None or item.proposal.best is None):
        return "it has no musical proposal to take"
    return None


@dataclass(frozen=True)
class ProjectConform:
    """Every cue of a project through a recut, in cue order."""

    cues: tuple[CueConform, ...]

    @property
    def unchanged(self) -> bool:
        return all(cue.status is CueChange.UNCHANGED for cue in self.cues)

    def needing_decision(self) -> tuple[CueConform, ...]:
        return tuple(cue for cue in self.cues if cue.status.needs_decision)


@dataclass(frozen=True)
class _Piece:
    """Old frames ``low`` to ``high`` of a cue and the segment they fell in (``None``:
    outside the old cut's picture)."""

    low: int
    high: int
    segment: Segment | None

    @property
    def maps(self) -> bool:
        return self.segment is not None and self.segment.maps

    @property
    def new_in(self) -> Fraction:
        assert self.segment is not None
        return self.segment.new_time(self.low)

    @property
    def new_out(self) -> Fraction:
        assert self.segment is not None
        return self.segment.new_time(self.high)


def _pieces(change_map: ChangeMap, low: int, high: int) -> list[_Piece]:
    """Old frames ``low`` to ``high`` cut where the primary segments change."""
    primary = change_map.primary
    at = max(bisect_right([s.old_in for s in primary], low) - 1, 0)
    pieces = []
    cursor = low
    while cursor < high:
        while at < len(primary) and primary[at].old_out <= cursor:
            at += 1
        if at < len(primary) and primary[at].old_in <= cursor:
            end = min(primary[at].old_out, high)
            pieces.append(_Piece(cursor, end, primary[at]))
        else:
            end = min(primary[at].old_in, high) if at < len(primary) else high
            pieces.append(_Piece(cursor, end, None))
        cursor = end
    return pieces


def _added_between(change_map: ChangeMap, low: Fraction, high: Fraction) -> set[Change]:
    """The kinds of added segments (extended, inserted) lying in new frames ``low`` to
    ``high``."""
    return {
        s.change
        for s in change_map.segments
        if s.old_in == s.old_out and s.new_in < high and s.new_out > low
    }


@dataclass(frozen=True)
class _Inside:
    """What the recut did inside a cue: frames gone at its head and tail and between
    the stretches still shown, new frames put between them (and of what kinds), where the
    first change inside is, and whether stretches left the old order."""

    shown: list[_Piece]
    head_gone: int
    tail_gone: int
    removed: int
    inserted: int
    added: frozenset[Change]
    change_at: int | None
    split: bool


def _inside(change_map: ChangeMap, pieces: list[_Piece]) -> _Inside:
    shown = [piece for piece in pieces if piece.maps]
    first, last = pieces.index(shown[0]), pieces.index(shown[-1])
    inserted = Fraction(0)
    added: set[Change] = set()
    change_at: int | None = None
    reordered = {p.segment.change is Change.REORDERED for p in shown if p.segment is not None}
    split = len(reordered) > 1
    for before, after in zip(shown, shown[1:], strict=False):
        gap_new = after.new_in - before.new_out
        if gap_new < 0:
            split = True
        elif gap_new > 0:
            inserted += gap_new
            added |= _added_between(change_map, before.new_out, after.new_in)
        if change_at is None and (gap_new != 0 or after.low != before.high):
            change_at = before.high
    return _Inside(
        shown=shown,
        head_gone=sum(p.high - p.low for p in pieces[:first]),
        tail_gone=sum(p.high - p.low for p in pieces[last + 1 :]),
        removed=sum(p.high - p.low for p in pieces[first:last] if not p.maps),
        inserted=round(inserted),
        added=frozenset(added),
        change_at=change_at,
        split=split,
    )


def _hit(index: int, frames: int, label: str, change_map: ChangeMap) -> HitConform:
    mapped = change_map.map_frame(frames)
    if mapped.new_frame is None:
        reason = "outside the old cut" if mapped.status == "outside" else mapped.status
        return HitConform(index, label, frames, None, f"its picture is gone: {reason}")
    return HitConform(index, label, frames, mapped.new_frame)


def _new_frame(change_map: ChangeMap, old_frame: int) -> int:
    """The new frame of an old frame known to be shown."""
    new = change_map.map_frame(old_frame).new_frame
    assert new is not None
    return new


def conform_cue(cue: Cue, change_map: ChangeMap, *, rate: FrameRate) -> CueConform:
    """Where ``cue`` and its hits went (see the module notes for the rules); the reason
    gives lengths of picture as timecode-style lengths at ``rate``."""
    hits = tuple(_hit(i, hit.frames, hit.label, change_map) for i, hit in enumerate(cue.hits))
    pieces = _pieces(change_map, cue.start_frames, cue.end_frames)
    if not any(piece.maps for piece in pieces):
        if all(piece.segment is None for piece in pieces):
            reason = "it lies outside the old cut: conform it against the cut of its own reel"
            return CueConform(cue, CueChange.OUTSIDE, None, None, None, hits, reason)
        return CueConform(cue, CueChange.DELETED, None, None, None, hits, "all its picture is gone")
    inside = _inside(change_map, pieces)
    changes = (inside.removed, inside.inserted, inside.change_at)
    if cue.anchor_hit is not None:
        anchor = hits[cue.anchor_hit]
        if anchor.new_frames is None:
            reason = f"the picture of its anchor hit {cue.anchor_hit + 1} is gone ({anchor.reason})"
            status = CueChange.NEEDS_DECISION
            return CueConform(cue, status, None, None, None, hits, reason, *changes)
        delta = anchor.new_frames - anchor.old_frames
    else:
        reference = inside.shown[0].low
        delta = _new_frame(change_map, reference) - reference
    new_in = _new_frame(change_map, inside.shown[0].low)
    if inside.head_gone and cue.anchor_hit is not None:
        new_in = min(cue.start_frames + delta, new_in)
    new_out = _new_frame(change_map, inside.shown[-1].high - 1) + 1
    status, reason = _status(inside, delta, hits, rate)
    if status is CueChange.SPLIT:
        return CueConform(cue, status, None, None, delta, hits, reason, *changes)
    return CueConform(cue, status, new_in, new_out, delta, hits, reason, *changes)


def _status(
    inside: _Inside, delta: int, hits: tuple[HitConform, ...], rate: FrameRate
) -> tuple[CueChange, str]:
    """The cue's status and the sentence saying why, lengths of picture as timecode-style
    lengths (``00:00:00:14 cut inside``, ``anchor moved +00:05:39:10``)."""
    if inside.split:
        return CueChange.SPLIT, "a reorder split its picture: part of it went elsewhere"

    def length(frames: int) -> str:
        return duration_to_tc(frames, rate=rate)

    said = []
    if inside.removed:
        said.append(f"{length(inside.removed)} cut inside")
    if inside.inserted:
        said.append(f"{length(inside.inserted)} {_added_words(inside.added)} inside")
    if inside.head_gone:
        said.append(f"{length(inside.head_gone)} gone from its head")
    if inside.tail_gone:
        said.append(f"{length(inside.tail_gone)} gone from its tail")
    lost = sum(hit.lost for hit in hits)
    if lost:
        said.append(f"{lost} hit{'s' if lost != 1 else ''} lost")
    if delta:
        said.append(f"anchor moved {signed_duration_to_tc(delta, rate=rate)}")
    reason = ", ".join(said) or "same picture at the same time"
    net = inside.inserted - inside.removed
    if inside.removed or inside.inserted:
        if net < 0 or (net == 0 and inside.removed):
            return CueChange.INTERNAL_CUT, reason
        if inside.added == {Change.EXTENDED}:
            return CueChange.EXTENDED, reason
        return CueChange.INTERNAL_INSERT, reason
    if inside.head_gone:
        return CueChange.HEAD_TRIMMED, reason
    if inside.tail_gone:
        return CueChange.TAIL_TRIMMED, reason
    if delta:
        return CueChange.MOVED, reason
    return CueChange.UNCHANGED, reason


def _added_words(added: frozenset[Change]) -> str:
    """How the picture put inside a cue came there, in words."""
    if added == {Change.EXTENDED}:
        return "extended"
    if added:
        return "inserted"
    return "of picture moved from elsewhere"


def conform_project(
    project: Project,
    change_map: ChangeMap,
    *,
    propose: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> ProjectConform:
    """Every cue of ``project`` through ``change_map``; with ``propose``, tempo-mapped
    cues that changed inside get a musical proposal (a cue moved whole keeps its map,
    moved with it). ``progress`` is called with (cues done, cues in all) after each cue.
    """
    from scoresync.conform.musical import propose as musical_proposal

    results = []
    for cue in project.cues:
        result = conform_cue(cue, change_map, rate=project.rate)
        moved_whole = result.status in (CueChange.UNCHANGED, CueChange.MOVED)
        if (
            propose
            and cue.tempo is not None
            and result.delta_frames is not None
            and not moved_whole
        ):
            proposal = musical_proposal(result, project.rate)
            result = dataclasses.replace(result, proposal=proposal)
        results.append(result)
        if progress is not None:
            progress(len(results), len(project.cues))
    return ProjectConform(tuple(results))


def _with_note(description: str, note: str) -> str:
    sentence = f"{CONFORM_NOTE} {note}."
    return f"{description} {sentence}".strip()


def conformed_project(
    project: Project,
    result: ProjectConform,
    choices: Mapping[CueNumber, Choice] | None = None,
) -> Project:
    """The project with every cue placed as ``choices`` says (a cue not named there
    takes :func:`default_choice`): followed to its new place, given the musical proposal,
    or left where it was with the reason in its description. A cue that cannot start
    where it went (before the session start) stays where it was, saying why.

    Raises :class:`~scoresync.conform.changemap.ConformError` naming the cue when a
    choice cannot be made (see :func:`check_choice`).
    """
    choices = choices or {}
    conformed = project
    for item in result.cues:
        choice = choices.get(item.cue.number, default_choice(item))
        problem = check_choice(item, choice)
        if problem is not None:
            raise ConformError(f"cue {item.cue.number}: cannot {choice.value}: {problem}")
        if choice is Choice.LEAVE:
            why = f"needs a decision: {item.status.value}, " if item.status.needs_decision else ""
            note = f"left where it was, {why}{item.reason}"
        else:
            cue = item.conformed_cue(placed=True)
            assert cue is not None
            if choice is Choice.PROPOSAL:
                assert item.proposal is not None
                cue = dataclasses.replace(cue, tempo=item.proposal.best)
            try:
                conformed = conformed.replace_cue(item.cue.number, cue)
                continue
            except ProjectError as error:
                note = f"left where it was: {error}"
        flagged = dataclasses.replace(item.cue, description=_with_note(item.cue.description, note))
        conformed = conformed.replace_cue(item.cue.number, flagged)
    return conformed
