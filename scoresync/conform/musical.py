"""The musical fix for a tempo-mapped cue a recut changed inside.

:func:`propose` takes a conformed cue (:class:`~scoresync.conform.cues.CueConform`) and
gives a :class:`MusicalProposal`:

- the picture change inside the cue in frames, seconds and beats at the local tempo
  (the tempo the cue's map has where the change is, from
  :meth:`~tempo.map.tempomap.TempoMap.tempo_at_quarters`);
- the nearest bar-line edit that absorbs it (:class:`BarEdit`: cut or add N whole beats
  at the bar line nearest the change, and the frames that edit leaves over);
- a re-run of Find Tempo on the moved hits, bar 1 on the old downbeat moved with the
  cue's anchor, in the old map's meter, beat unit and pickup, within a third of the old
  tempo either way; and how many hits the old map (moved with the anchor) and the
  proposed map catch, measured by :func:`scoresync.cuetempo.find.hit_report`, the
  measurement ``tempo show`` prints.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from scoresync.cuetempo.find import (
    FindOptions,
    candidate_map,
    find_cue_tempo,
    hit_report,
    preferred_bpm,
)
from scoresync.errors import ScoreSyncError
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.model import CueTempo
from tempo.common.exact import BPM, bpm_text, format_fraction

if TYPE_CHECKING:
    from scoresync.conform.cues import CueConform
    from scoresync.picture.rates import FrameRate
    from scoresync.project.model import Cue
    from tempo.map.tempomap import TempoMap

__all__ = ["BarEdit", "MusicalProposal", "propose"]

TEMPO_SPAN = Fraction(4, 3)
"""How far from the old tempo the re-run of Find Tempo looks, as a ratio either way."""


@dataclass(frozen=True)
class BarEdit:
    """Cut (``beats`` below 0) or add whole beats at the downbeat of ``bar``;
    ``error_frames`` is the picture change the edit leaves over (positive: the picture
    is still longer than the music)."""

    beats: int
    bar: int
    error_frames: Fraction

    def describe(self) -> str:
        action = "cut" if self.beats < 0 else "add"
        count = abs(self.beats)
        noun = "beat" if count == 1 else "beats"
        left = f"{float(self.error_frames):+.1f}"
        return f"{action} {count} {noun} at bar {self.bar} ({left} frames left)"


@dataclass(frozen=True)
class MusicalProposal:
    """The musical fix for one tempo-mapped cue.

    ``change_frames`` is the picture the cue gained (positive) or lost inside,
    ``change_seconds`` the same in seconds and ``change_beats`` in beats of the map's
    unit at the tempo ``local_bpm`` it has where the change is. ``bar_edit`` is ``None``
    when nothing changed inside or the change is under half a beat. ``proposed_map`` is
    Find Tempo's best map (bar 1 at ``downbeat_frames``), ``None`` with ``note`` saying
    why when it found none. ``old_caught`` and ``proposal_caught`` count the hits (of
    ``hits``) the old map, moved with the anchor, and the proposed map catch.
    """

    change_frames: int
    change_seconds: Fraction
    change_beats: Fraction
    local_bpm: Fraction
    bar_edit: BarEdit | None
    downbeat_frames: int
    proposed_map: TempoMap | None
    proposed_bpm: Fraction | None
    old_caught: int
    proposal_caught: int
    hits: int
    note: str = ""

    def describe(self) -> str:
        """The proposal in words, for the report."""
        said = []
        if self.change_frames:
            said.append(
                f"picture {self.change_frames:+d} frames inside "
                f"({float(self.change_seconds):+.3f} s, {float(self.change_beats):+.2f} beats "
                f"at {bpm_text(self.local_bpm)} BPM)"
            )
        if self.bar_edit is not None:
            said.append(self.bar_edit.describe())
        if self.proposed_bpm is not None:
            said.append(
                f"re-solved {bpm_text(self.proposed_bpm)} BPM catches {self.proposal_caught}"
                f"/{self.hits} hits, old map {self.old_caught}/{self.hits}"
            )
        else:
            said.append(f"old map catches {self.old_caught}/{self.hits} hits")
        if self.note:
            said.append(self.note)
        return "; ".join(said)


def propose(result: CueConform, rate: FrameRate) -> MusicalProposal:
    """The musical fix for a tempo-mapped cue through a recut (see the module notes)."""
    old = result.cue
    placed = old.placed_tempo()
    moved = _moved_cue(result)
    change = result.internal_change_frames
    at = result.change_at_frames if result.change_at_frames is not None else old.start_frames
    quarters = Fraction(placed.map.quarters_at_seconds(placed.seconds_at_frame(at, rate=rate)))
    local_bpm = Fraction(placed.map.tempo_at_quarters(quarters))
    change_seconds = Fraction(change) / rate.fps
    change_beats = change_seconds * local_bpm / 60
    bar_edit = _bar_edit(placed.map, quarters, change, change_beats, local_bpm, rate)
    downbeat = moved.placed_tempo().downbeat_frames
    old_caught = _caught(moved, rate) if moved.hits else 0
    proposed_map, proposed_bpm, note = _resolve(moved, placed.map, downbeat, rate)
    proposal_caught = 0
    if proposed_map is not None:
        proposal_caught = _caught(
            dataclasses.replace(moved, tempo=CueTempo(downbeat, proposed_map)), rate
        )
    return MusicalProposal(
        change_frames=change,
        change_seconds=change_seconds,
        change_beats=change_beats,
        local_bpm=local_bpm,
        bar_edit=bar_edit,
        downbeat_frames=downbeat,
        proposed_map=proposed_map,
        proposed_bpm=proposed_bpm,
        old_caught=old_caught,
        proposal_caught=proposal_caught,
        hits=len(moved.hits),
        note=note,
    )


def _moved_cue(result: CueConform) -> Cue:
    """The cue with its hits where they went and its old map moved with the anchor
    (the start and end kept wide enough to hold them)."""
    cue = result.cue
    delta = result.delta_frames or 0
    hits = tuple(
        dataclasses.replace(hit, frames=conform.new_frames)
        for hit, conform in zip(cue.hits, result.hits, strict=True)
        if conform.new_frames is not None
    )
    start = result.new_in if result.new_in is not None else cue.start_frames + delta
    end = result.new_out if result.new_out is not None else cue.end_frames + delta
    if hits:  # a reorder inside the cue leaves its hits out of time order
        frames = [hit.frames for hit in hits]
        start, end = min(start, *frames), max(end, max(frames) + 1)
    tempo = cue.placed_tempo().moved(delta)
    return dataclasses.replace(
        cue, start_frames=start, end_frames=end, hits=hits, anchor_hit=None, tempo=tempo
    )


def _bar_edit(
    tempo_map: TempoMap,
    quarters: Fraction,
    change_frames: int,
    change_beats: Fraction,
    local_bpm: Fraction,
    rate: FrameRate,
) -> BarEdit | None:
    """Whole beats at the bar line nearest ``quarters`` that absorb the change."""
    beats = round(change_beats)
    if beats == 0:
        return None
    bar, downbeat = tempo_map.bar_at_quarters(quarters)
    if tempo_map.downbeat_quarters(bar + 1) - quarters < quarters - downbeat:
        bar += 1
    absorbed_frames = beats * 60 / local_bpm * rate.fps
    return BarEdit(beats, bar, change_frames - absorbed_frames)


def _options(old_map: TempoMap, downbeat: int, rate: FrameRate) -> FindOptions:
    """Find Tempo's options for the re-run: the old map's meter, unit and pickup, bar 1
    on the moved downbeat, a third of the old tempo either way."""
    meter, unit = old_map.meter_at_bar(1)
    bpm = Fraction(old_map.tempo_at_quarters(0))
    return FindOptions(
        min_bpm=max(bpm / TEMPO_SPAN, Fraction(BPM.low)),
        max_bpm=min(bpm * TEMPO_SPAN, Fraction(BPM.high)),
        meter=meter,
        beat_unit=unit,
        pickup_beats=old_map.pickup_beats,
        downbeat=frames_to_tc(downbeat, rate=rate),
        top=1,
    )


def _resolve(
    moved: Cue, old_map: TempoMap, downbeat: int, rate: FrameRate
) -> tuple[TempoMap | None, Fraction | None, str]:
    """Find Tempo's best map for the moved hits, or why there is none."""
    if not moved.hits:
        return None, None, "no hits left to re-solve on"
    try:
        found = find_cue_tempo(moved, rate, _options(old_map, downbeat, rate))
    except ScoreSyncError as error:
        return None, None, f"not re-solved: {error}"
    if not found.candidates:
        low = format_fraction(found.options.min_bpm)
        high = format_fraction(found.options.max_bpm)
        return None, None, f"no tempo from {low} to {high} BPM catches the moved hits"
    return candidate_map(found), preferred_bpm(found.candidates[0]), ""


def _caught(cue: Cue, rate: FrameRate) -> int:
    """Hits of ``cue`` its map catches, as ``tempo show`` measures them."""
    return hit_report(cue, rate).hits
