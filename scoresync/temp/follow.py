"""Temp music through a recut: each cue's temp follows the picture under it.

The picture the temp plays over, in the old cut, is read through the conform's
:class:`~scoresync.conform.changemap.ChangeMap`: the temp's anchor moves with its
picture, and wherever the picture inside it was cut or added to (an internal cut, an
insert, an extension), the music must lose or gain as much. That change, in frames, is
also given in beats and bars at the temp's tempo; when it is whole bars within a frame,
the edit falls on a bar line and the fix is exact; otherwise the nearest bar-line edit is
proposed and the music after it ends up off the picture by the rest (``residual``
frames), which the proposal's stretch (at most :data:`MAX_STRETCH`) takes up where it can.
The proposal edits the fit's bars: it removes the whole bars nearest the cut, or plays
again the bars before an insert.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from scoresync.picture.timecode import frames_to_tc
from scoresync.temp.track import PlacedTemp, bar_lines

if TYPE_CHECKING:
    from scoresync.conform.changemap import ChangeMap
    from scoresync.picture.rates import FrameRate
    from scoresync.project.model import Cue, CueTemp

__all__ = ["MAX_STRETCH", "PictureEdit", "TempFollow", "follow_temp"]

MAX_STRETCH = Fraction(3, 100)
"""The largest stretch a proposal uses to take up what whole bars leave."""


@dataclass(frozen=True)
class PictureEdit:
    """A change of the picture inside a temp: at old frame ``old_frames`` (new frame
    ``new_frames``), ``change_frames`` frames more (positive) or fewer (negative); the
    same in ``beats`` and ``bars`` at the temp's tempo; whether the temp's edit there
    falls on a bar line; the bar-line edit proposed (``bars`` whole bars removed when
    negative, repeated when positive, from bar ``at_bar``, 0-based) and what it leaves
    (``residual_frames``)."""

    old_frames: int
    new_frames: int
    change_frames: int
    beats: float
    bars: float
    on_bar_line: bool
    edit_bars: int
    at_bar: int
    residual_frames: Fraction

    def describe(self) -> str:
        """The proposal in words."""
        if self.edit_bars == 0:
            return "no whole bar to edit: leave the music and let it drift"
        count = abs(self.edit_bars)
        span = (
            f"bar {self.at_bar + 1}"
            if count == 1
            else f"bars {self.at_bar + 1}-{self.at_bar + count}"
        )
        verb = "remove" if self.edit_bars < 0 else "repeat"
        if self.edit_bars > 0:
            span = (
                f"bar {self.at_bar - count + 1}"
                if count == 1
                else f"bars {self.at_bar - count + 1}-{self.at_bar}"
            )
        return f"{verb} {span}"


@dataclass(frozen=True)
class TempFollow:
    """What a recut does to one cue's temp: the anchor's old and new frame (``None``
    when its picture is gone), the picture edits inside it, and the proposed temp (the
    new anchor, the fit's new bars and stretch), or ``None`` when it needs a decision."""

    cue: str
    old_at_frames: int
    new_at_frames: int | None
    status: str
    edits: tuple[PictureEdit, ...]
    proposal: CueTemp | None
    note: str = ""

    def to_json(self, rate: FrameRate) -> dict[str, Any]:
        """The result as JSON-ready data."""
        proposal = self.proposal
        return {
            "cue": self.cue,
            "status": self.status,
            "old_at": frames_to_tc(self.old_at_frames, rate=rate),
            "new_at": None
            if self.new_at_frames is None
            else frames_to_tc(self.new_at_frames, rate=rate),
            "note": self.note,
            "edits": [
                {
                    "old": frames_to_tc(edit.old_frames, rate=rate),
                    "new": frames_to_tc(edit.new_frames, rate=rate),
                    "change_frames": edit.change_frames,
                    "beats": round(edit.beats, 3),
                    "bars": round(edit.bars, 3),
                    "on_bar_line": edit.on_bar_line,
                    "proposal": edit.describe(),
                    "residual_frames": round(float(edit.residual_frames), 3),
                }
                for edit in self.edits
            ],
            "proposed_bars": None if proposal is None else [[a + 1, b] for a, b in proposal.bars],
            "proposed_stretch": None if proposal is None else float(proposal.stretch),
        }


def _played_bars(placed: PlacedTemp) -> list[int]:
    """The source bars the fit plays, in order."""
    count = len(bar_lines(placed.analysis)) - 1
    ranges = [segment.bars or (0, count) for segment in placed.segments]
    return [bar for first, end in ranges for bar in range(first, end)]


def _ranges(bars: list[int]) -> tuple[tuple[int, int], ...]:
    """Bars in order as runs ``(first, end)``."""
    runs: list[list[int]] = []
    for bar in bars:
        if runs and runs[-1][1] == bar:
            runs[-1][1] = bar + 1
        else:
            runs.append([bar, bar + 1])
    return tuple((first, end) for first, end in runs)


def _bar_frames(placed: PlacedTemp) -> Fraction:
    """One bar of the temp in picture frames, at its median tempo and stretch."""
    analysis = placed.analysis
    seconds = Fraction(60 * analysis.beats_per_bar) / Fraction(analysis.bpm)
    return seconds * placed.stretch * placed.rate.fps


def _edits_inside(change_map: ChangeMap, start: int, end: int) -> list[tuple[int, int, int]]:
    """(old frame, new frame, change in frames) of each change of the picture's timing
    between old frames ``start`` and ``end``: where the delta of one stretch still
    shown differs from the one before, at the end of the stretch before (where the
    music would be cut)."""
    kept = [s for s in change_map.primary if s.maps and s.old_out > start and s.old_in < end]
    found = []
    for before, after in zip(kept[:-1], kept[1:], strict=True):
        change = after.delta_frames - before.delta_frames
        if change != 0:
            found.append((before.old_out, math.floor(before.new_out), math.floor(change)))
    return found


def follow_temp(placed: PlacedTemp, cue: Cue, change_map: ChangeMap) -> TempFollow:
    """How ``cue``'s temp (placed as ``placed``) follows the recut ``change_map``."""
    temp = cue.temp
    assert temp is not None
    number = str(cue.number)
    start = math.floor(placed.start_seconds() * placed.rate.fps)
    end = math.ceil(placed.end_frames())
    anchor = change_map.map_frame(temp.at_frames)
    if anchor.new_frame is None:
        return TempFollow(
            number,
            temp.at_frames,
            None,
            "anchor_gone",
            (),
            None,
            f"the picture under the temp's anchor is {anchor.status}: attach it again "
            "where it belongs",
        )
    moved = anchor.new_frame
    bar_frames = _bar_frames(placed)
    beats_per_bar = placed.analysis.beats_per_bar
    played = _played_bars(placed)
    lines = bar_lines(placed.analysis)
    edits: list[PictureEdit] = []
    for old_frames, new_frames, change in _edits_inside(change_map, start, end):
        bars = Fraction(change) / bar_frames
        whole = round(bars)
        residual = change - whole * bar_frames
        source = placed.source_of_edited(placed.edited_at_frames(old_frames))
        nearest = 0
        if source is not None:
            nearest = min(range(len(lines) - 1), key=lambda i: abs(lines[i] - source))
        at = next((i for i, bar in enumerate(played) if bar == nearest), len(played) - 1)
        on_line = (
            abs(residual) <= 1
            and source is not None
            and abs(Fraction(lines[nearest]) - source)
            * placed.stretch
            / placed.sample_rate
            * placed.rate.fps
            <= 1
        )
        edits.append(
            PictureEdit(
                old_frames,
                new_frames,
                change,
                float(bars * beats_per_bar),
                float(bars),
                on_line,
                whole,
                played[at] if played else 0,
                residual,
            )
        )
        position = at
        if whole < 0:
            del played[position : position - whole]
        elif whole > 0:
            played[position:position] = played[max(0, position - whole) : position]
    stretch = temp.stretch
    status = "moved" if moved != temp.at_frames else "unchanged"
    if edits:
        status = "edited"
        old_end = change_map.map_frame(end - 1)
        trial = dataclasses.replace(
            placed.with_fit(_ranges(played), Fraction(1)),
            offset_samples=round(Fraction(placed.offset_samples) / placed.stretch),
        )
        if old_end.new_time is not None and played:
            wanted = old_end.new_time + 1 - moved
            have = trial.end_frames() - trial.at_frames
            fitted = wanted / have if have > 0 else stretch
            if abs(fitted - 1) <= MAX_STRETCH:
                stretch = fitted
    proposal = dataclasses.replace(
        temp,
        at_frames=moved,
        bars=_ranges(played) if edits else temp.bars,
        stretch=stretch,
        offset_samples=round(Fraction(temp.offset_samples) / temp.stretch * stretch),
    )
    return TempFollow(number, temp.at_frames, moved, status, tuple(edits), proposal)
