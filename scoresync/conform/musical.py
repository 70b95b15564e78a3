"""The musical fix for a tempo-mapped cue a recut changed inside.

:func:`propose` takes a conformed cue (:class:`~scoresync.conform.cues.CueConform`) and
gives a :class:`MusicalProposal`:

- the picture change inside the cue in frames, seconds and beats at the local tempo
  (the tempo the cue's map has where the change is, from
  :meth:`~tempo.map.tempomap.TempoMap.tempo_at_quarters`);
- the nearest bar-line edit that absorbs it (:class:`BarEdit`: cut or add N whole beats
  at the bar line nearest the change, and the frames that edit leaves over), and the old
  map with that edit made (bar B one meter shorter or longer, the tempo unchanged),
  placed where the picture before the change went, with the hits it catches;
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
from typing import TYPE_CHECKING, Any

from scoresync.cuetempo.find import (
    FindOptions,
    candidate_map,
    find_cue_tempo,
    hit_report,
    plan_cue_tempo,
    plan_map,
    preferred_bpm,
)
from scoresync.errors import ScoreSyncError
from scoresync.picture.lengths import signed_duration_to_tc
from scoresync.picture.timecode import frames_to_tc
from scoresync.project.model import CueTempo
from tempo.common.exact import BPM, bpm_text, format_fraction, signed_text
from tempo.map.meter import Meter
from tempo.map.ramps import RampShape
from tempo.map.tempomap import TempoMap

if TYPE_CHECKING:
    from scoresync.conform.cues import CueConform
    from scoresync.picture.rates import FrameRate
    from scoresync.project.model import Cue

__all__ = ["BarEdit", "MusicalProposal", "edited_tempo_map", "moved_cue", "propose"]

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
        left = signed_text(self.error_frames, places=1)
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
    ``edited_map`` is the old map with ``bar_edit`` made (bar 1 at
    ``edited_downbeat_frames``), catching ``edited_caught`` hits; ``None`` where the edit
    cannot be written into the map (a bar inside a ramp, an additive meter).
    ``planned_map`` is the multi-segment planner's map (bar 1 at ``downbeat_frames``),
    catching ``planned_caught`` hits, run only when the others leave a must-hit hit
    uncaught and kept only when it catches more.
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
    edited_map: TempoMap | None = None
    edited_downbeat_frames: int | None = None
    edited_caught: int = 0
    planned_map: TempoMap | None = None
    planned_caught: int = 0

    def offers(self) -> list[tuple[CueTempo, int]]:
        """The maps on offer with the hits each catches, in order of preference on a
        tie: the bar-edited map (it keeps the composer's tempo), the re-solved one, the
        planned one."""
        offers = []
        if self.edited_map is not None and self.edited_downbeat_frames is not None:
            edited = CueTempo(self.edited_downbeat_frames, self.edited_map)
            offers.append((edited, self.edited_caught))
        if self.proposed_map is not None:
            offers.append((CueTempo(self.downbeat_frames, self.proposed_map), self.proposal_caught))
        if self.planned_map is not None:
            offers.append((CueTempo(self.downbeat_frames, self.planned_map), self.planned_caught))
        return offers

    @property
    def best(self) -> CueTempo | None:
        """The proposal to take: of :meth:`offers`, the one that catches the most hits
        (the first on a tie); ``None`` when there is none."""
        offers = self.offers()
        if not offers:
            return None
        return max(offers, key=lambda offer: offer[1])[0]

    @property
    def best_caught(self) -> int:
        """Hits :attr:`best` catches."""
        return max((caught for _tempo, caught in self.offers()), default=0)

    def describe(self, rate: FrameRate) -> str:
        """The proposal in words, for the report: the picture change inside the cue as a
        timecode-style length at ``rate`` (and in seconds and beats), the bar-line edit
        (what it leaves over, in frames), the re-solved tempo and the plan."""
        said = []
        if self.change_frames:
            said.append(
                f"picture {signed_duration_to_tc(self.change_frames, rate=rate)} inside "
                f"({signed_text(self.change_seconds, places=3)} s, "
                f"{signed_text(self.change_beats)} beats at {bpm_text(self.local_bpm)} BPM)"
            )
        if self.bar_edit is not None:
            edit = self.bar_edit.describe()
            if self.edited_map is not None:
                edit += f", catches {self.edited_caught}/{self.hits} hits"
            said.append(edit)
        if self.proposed_bpm is not None:
            said.append(
                f"re-solved {bpm_text(self.proposed_bpm)} BPM catches {self.proposal_caught}"
                f"/{self.hits} hits, old map {self.old_caught}/{self.hits}"
            )
        else:
            said.append(f"old map catches {self.old_caught}/{self.hits} hits")
        if self.planned_map is not None:
            count = len(self.planned_map.segments)
            said.append(
                f"a plan of {count} segment{'s' if count != 1 else ''} catches "
                f"{self.planned_caught}/{self.hits}"
            )
        if self.note:
            said.append(self.note)
        return "; ".join(said)


def propose(result: CueConform, rate: FrameRate) -> MusicalProposal:
    """The musical fix for a tempo-mapped cue through a recut (see the module notes)."""
    old = result.cue
    placed = old.placed_tempo()
    moved = moved_cue(result)
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
    edited_map = edited_downbeat = None
    edited_caught = 0
    if bar_edit is not None and moved.hits:
        edited_map = edited_tempo_map(placed.map, bar_edit.bar, bar_edit.beats)
        edited_downbeat = placed.downbeat_frames + _delta_before(result, at)
        if edited_map is not None:
            edited = dataclasses.replace(moved, tempo=CueTempo(edited_downbeat, edited_map))
            edited_caught = _caught(edited, rate)
    offers = [
        (edited_caught, edited_downbeat, edited_map),
        (proposal_caught, downbeat, proposed_map),
    ]
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
        edited_map=edited_map,
        edited_downbeat_frames=edited_downbeat if edited_map is not None else None,
        edited_caught=edited_caught,
        **_planned(moved, placed.map, downbeat, rate, offers),
    )


def _planned(
    moved: Cue,
    old_map: TempoMap,
    downbeat: int,
    rate: FrameRate,
    offers: list[tuple[int, int | None, TempoMap | None]],
) -> dict[str, Any]:
    """The multi-segment planner's map for the moved hits, run when the best of the
    ``offers`` (hits caught, downbeat, map) still misses a must-hit hit: a change of
    tempo inside the cue is worth proposing for the hits the music must land. Kept only
    when it catches more hits than that offer."""
    caught, best_downbeat, best_map = max(offers, key=lambda offer: offer[0])
    best = None if best_map is None or best_downbeat is None else CueTempo(best_downbeat, best_map)
    if caught >= len(moved.hits) or not _misses_a_must_hit(moved, best, rate):
        return {}
    options = _options(old_map, downbeat, rate)
    try:
        planned_downbeat, plan = plan_cue_tempo(
            moved, rate, options, allow_ramps=False, max_segments=4
        )
        planned_map = plan_map(plan, options)
    except ScoreSyncError:
        return {}
    if planned_downbeat != downbeat:
        return {}
    planned = dataclasses.replace(moved, tempo=CueTempo(downbeat, planned_map))
    planned_caught = _caught(planned, rate)
    if planned_caught <= caught:
        return {}
    return {"planned_map": planned_map, "planned_caught": planned_caught}


def _misses_a_must_hit(cue: Cue, tempo: CueTempo | None, rate: FrameRate) -> bool:
    """Whether ``tempo`` (on ``cue``'s hits) leaves a must-hit hit uncaught."""
    must = [index for index, hit in enumerate(cue.hits) if hit.must_hit]
    if not must:
        return False
    if tempo is None:
        return True
    rows = hit_report(dataclasses.replace(cue, tempo=tempo), rate).rows
    return any(rows[index].status != "hit" for index in must)


def _delta_before(result: CueConform, change_at: int) -> int:
    """How far the picture just before the change inside the cue moved: the anchor's
    move, less the change itself when the anchor lies after it."""
    cue = result.cue
    delta = result.delta_frames or 0
    anchor = cue.start_frames
    if cue.anchor_hit is not None:
        anchor = sorted(hit.frames for hit in cue.hits)[cue.anchor_hit]
    return delta if anchor < change_at else delta - result.internal_change_frames


def edited_tempo_map(tempo_map: TempoMap, bar: int, beats: int) -> TempoMap | None:
    """``tempo_map`` with ``beats`` whole beats cut (below 0) or added at the downbeat
    of ``bar``: the bar takes a meter that many beats shorter or longer (a cut of a bar
    or more drops whole bars first), the tempo and everything else unchanged. ``None``
    when the bar lies in a ramp, in an additive meter, or the cut reaches past the
    segment it starts in."""
    quarters = tempo_map.downbeat_quarters(bar)
    index = tempo_map.segment_index_at_quarters(quarters)
    segment = tempo_map.segments[index]
    per_bar = segment.beats_per_bar
    if segment.ramp is not RampShape.CONSTANT or len(segment.meter.groups) != 1:
        return None
    if per_bar.denominator != 1:
        return None
    before = (quarters - tempo_map.segment_start_quarters(index)) / segment.unit.quarters
    if before.denominator != 1 or before % per_bar:
        return None
    whole_bars, extra = divmod(abs(beats), int(per_bar))
    sign = 1 if beats > 0 else -1
    bar_beats = per_bar + sign * extra
    top = bar_beats * segment.unit.quarters * segment.meter.denominator / 4
    if top.denominator != 1:
        return None
    after: Fraction | None = None
    if segment.beats is not None:
        after = segment.beats - before - per_bar + sign * whole_bars * per_bar
        if after < 0:
            return None
    meter = Meter((int(top),), segment.meter.denominator)
    pieces = [dataclasses.replace(segment, beats=before)] if before else []
    pieces.append(dataclasses.replace(segment, beats=bar_beats, meter=meter))
    if after is None or after > 0:
        pieces.append(dataclasses.replace(segment, beats=after))
    segments = (*tempo_map.segments[:index], *pieces, *tempo_map.segments[index + 1 :])
    try:
        return TempoMap(segments, tempo_map.pickup_beats)
    except ScoreSyncError:
        return None


def moved_cue(result: CueConform) -> Cue:
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
