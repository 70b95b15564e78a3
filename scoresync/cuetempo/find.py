"""A cue's tempo in picture time: Find Tempo on its hits, applying a map, listing bars.

The ``tempo`` package works in seconds from a downbeat; this module places that
downbeat on a picture frame and turns hits into Find Tempo's input and results back
into timecodes. The CLI and the terminal UI both call it.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, cast

from scoresync.errors import UsageError
from scoresync.picture.timecode import (
    duration_to_tc,
    frames_to_seconds,
    frames_to_tc,
    parse_position,
)
from scoresync.project.model import Cue, CueTempo, HitTarget
from tempo.common.exact import PICKUP_BEATS, TOLERANCE_FRAMES, bpm_text, format_fraction
from tempo.findtempo.model import Candidate, FindTempoRequest, HitSpec
from tempo.map.beatunit import BeatUnit
from tempo.map.measure import GRID_NAMES, GridName, positions_per_beat
from tempo.map.meter import Meter
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment, check_bpm
from tempo.map.tempomap import TempoMap

if TYPE_CHECKING:
    from scoresync.picture.rates import FrameRate
    from tempo.findtempo.plan.planner import MultiSegmentPlan

GRIDS = GRID_NAMES
"""Grids a hit aimed at a beat may land on: beats, eighths, sixteenths, bar lines."""

MAX_TOLERANCE_FRAMES = TOLERANCE_FRAMES.high
"""The largest tolerance Find Tempo takes, in frames: half a second at 24 fps."""

_HIT_TEXT = re.compile(r"^(?:hit|h|#)\s*[: ]?\s*([0-9]{1,9})$", re.IGNORECASE)
_HIT_NUMBER = re.compile(r"[0-9]{1,9}")


def check_tolerance(frames: Fraction) -> Fraction:
    """``frames`` of tolerance if it lies in :data:`tempo.common.exact.TOLERANCE_FRAMES`
    (above 0, at most 12)."""
    problem = TOLERANCE_FRAMES.problem(frames, what="tolerance")
    if problem is not None:
        raise UsageError(problem)
    return frames


def check_tempo_range(min_bpm: Fraction, max_bpm: Fraction) -> None:
    """Raises :class:`UsageError` unless ``max_bpm`` is above ``min_bpm``."""
    if max_bpm <= min_bpm:
        raise UsageError(
            f"max BPM must be above min BPM ({format_fraction(min_bpm)}), "
            f"got {format_fraction(max_bpm)}"
        )


def check_pickup(beats: Fraction, meter: Meter | None, unit: BeatUnit | None) -> Fraction:
    """``beats`` of pickup if it is at least 0 and less than one bar of ``meter`` counted in
    ``unit`` (the meter's usual beat when ``None``); only the sign is checked while the
    meter is not known."""
    problem = PICKUP_BEATS.problem(beats, what="pickup")
    if problem is not None:
        raise UsageError(problem)
    if meter is not None:
        beat = meter.default_beat_unit() if unit is None else unit
        bar_beats = meter.beats_per_bar(beat)
        if beats >= bar_beats:
            raise UsageError(
                f"pickup must be less than one bar ({format_fraction(bar_beats)} "
                f"{beat.text} beats of {meter}), got {format_fraction(beats)}"
            )
    return beats


def normalise_downbeat(text: str) -> str:
    """The downbeat as :class:`FindOptions` spells it: ``start``, ``anchor``, ``hit:N`` (from
    ``hit 3``, ``h3`` or ``#3``) or a position as typed."""
    stripped = text.strip()
    if stripped.lower() in ("", "start"):
        return "start"
    if stripped.lower() == "anchor":
        return "anchor"
    match = _HIT_TEXT.match(stripped)
    if match is not None:
        return f"hit:{int(match[1])}"
    return stripped


@dataclass(frozen=True)
class FindOptions:
    """How to run Find Tempo on a cue: the range, tolerance, grid, meter and downbeat.

    ``downbeat`` is ``"start"`` (the cue start), ``"anchor"`` (the cue's sync anchor),
    ``"hit:N"`` (its N-th hit, 1-based) or a timecode label: bar 1 falls there. A pickup of
    ``pickup_beats`` beats comes before it, so hits are measured from the downbeat and
    none may fall before it.
    """

    min_bpm: Fraction = Fraction(40)
    max_bpm: Fraction = Fraction(240)
    tolerance_frames: Fraction = Fraction(1)
    grid: str = "beat"
    meter: Meter = Meter((4,), 4)
    beat_unit: BeatUnit | None = None
    pickup_beats: Fraction = Fraction(0)
    downbeat: str = "start"
    top: int = 10

    def __post_init__(self) -> None:
        """The rules every front (command line, terminal UI) gets the same answer from."""
        if self.grid not in GRIDS:
            raise UsageError(f"unknown grid {self.grid!r}: use {', '.join(GRIDS)}")
        check_bpm(self.min_bpm, what="min BPM")
        check_bpm(self.max_bpm, what="max BPM")
        check_tempo_range(self.min_bpm, self.max_bpm)
        check_tolerance(self.tolerance_frames)
        check_pickup(self.pickup_beats, self.meter, self.beat_unit)
        object.__setattr__(self, "downbeat", normalise_downbeat(self.downbeat))
        if self.top < 1:
            raise UsageError(f"ask for at least 1 candidate, got {self.top}")

    @property
    def unit(self) -> BeatUnit:
        """The beat unit: the one given, or the meter's usual beat."""
        return self.beat_unit or self.meter.default_beat_unit()


@dataclass(frozen=True)
class CueFindResult:
    """Find Tempo's ranked candidates for a cue, with the downbeat they are measured from."""

    downbeat_frames: int
    candidates: tuple[Candidate, ...]
    options: FindOptions


def downbeat_frames_for(cue: Cue, downbeat: str, rate: FrameRate) -> int:
    """The frame a downbeat choice names (see :class:`FindOptions`): a timecode names its
    frame; ``2s``, ``48f`` or ``1+08`` count from the cue start."""
    choice = downbeat.strip().lower()
    if choice == "start":
        return cue.start_frames
    if choice == "anchor":
        return cue.anchor_frames
    if choice.startswith("hit:") or choice.startswith("hit "):
        number = choice[4:].strip()
        if not _HIT_NUMBER.fullmatch(number) or not 1 <= int(number) <= len(cue.hits):
            raise UsageError(
                f"downbeat {downbeat[:20]!r}: {cue.number} has {len(cue.hits)} hits, so give "
                f"hit:1 to hit:{len(cue.hits)}"
                if cue.hits
                else f"downbeat {downbeat[:20]!r}: {cue.number} has no hits; use 'start' or a "
                "timecode"
            )
        return cue.hits[int(number) - 1].frames
    return parse_position(downbeat, rate=rate, origin_frames=cue.start_frames)


def check_downbeat(cue: Cue, downbeat_frames: int, bar_seconds: Fraction, rate: FrameRate) -> None:
    """Raises :class:`UsageError` when bar 1 would fall more than a bar (``bar_seconds``
    long) before the cue's start or after its end."""
    bar_frames = math.ceil(bar_seconds * rate.fps)
    if cue.start_frames - bar_frames <= downbeat_frames <= cue.end_frames + bar_frames:
        return
    where = "before" if downbeat_frames < cue.start_frames else "after"
    edge = cue.start_frames if where == "before" else cue.end_frames
    raise UsageError(
        f"the downbeat {frames_to_tc(downbeat_frames, rate=rate)} is "
        f"{duration_to_tc(abs(downbeat_frames - edge), rate=rate)} {where} {cue.number}'s "
        f"{'start' if where == 'before' else 'end'}, more than a bar: put bar 1 within a bar "
        "of the cue (a timecode, or a time after the cue start such as 2s)"
    )


def _downbeat_words(cue: Cue, downbeat: str, downbeat_frames: int, rate: FrameRate) -> str:
    """The downbeat as a message names it: its timecode, and the hit or edge it was
    chosen on (``02:04:20:14 (hit 2)``, ``01:00:08:00 (the cue start)``)."""
    tc = frames_to_tc(downbeat_frames, rate=rate)
    choice = normalise_downbeat(downbeat)
    if choice.startswith("hit:"):
        return f"{tc} (hit {choice[4:]})"
    if choice == "anchor":
        anchor = "" if cue.anchor_hit is None else f", hit {cue.anchor_hit + 1}"
        return f"{tc} (the cue's anchor{anchor})"
    if downbeat_frames == cue.start_frames:
        return f"{tc} (the cue start)"
    return tc


def _hit_words(cue: Cue, index: int, rate: FrameRate) -> str:
    """``hit 1 'door slam' at 02:04:12:18``: a hit numbered as ``hit list`` shows it."""
    hit = cue.hits[index]
    label = f" {hit.label!r}" if hit.label else ""
    return f"hit {index + 1}{label} at {frames_to_tc(hit.frames, rate=rate)}"


def check_hits_for_find(cue: Cue, downbeat: str, downbeat_frames: int, rate: FrameRate) -> None:
    """Raises :class:`UsageError`, in timecodes and hit numbers, when Find Tempo cannot
    measure the cue's hits from ``downbeat_frames``: a hit before the downbeat (hits are
    measured from bar 1; a pickup only adds a bar before it), or a hit whose own
    tolerance is 0 frames."""
    early = [index for index, hit in enumerate(cue.hits) if hit.frames < downbeat_frames]
    if early:
        first = min(early, key=lambda index: cue.hits[index].frames)
        named = _downbeat_words(cue, downbeat, downbeat_frames, rate)
        which = (
            f"{_hit_words(cue, first, rate)} falls before the downbeat {named}"
            if len(early) == 1
            else f"{len(early)} hits fall before the downbeat {named}, the first "
            f"{_hit_words(cue, first, rate)}"
        )
        raise UsageError(
            f"{which}: Find Tempo measures hits from bar 1, so put the downbeat on hit "
            f"{first + 1} or earlier (hit:{first + 1}, start or an earlier timecode), or "
            f"remove the hit{'s' if len(early) > 1 else ''} before it"
        )
    for index, hit in enumerate(cue.hits):
        if hit.tolerance_frames == 0:
            raise UsageError(
                f"{_hit_words(cue, index, rate)} has a tolerance of 0 frames, which catches "
                "nothing: give it a tolerance above 0 frames, or none to use the search's "
                "tolerance"
            )


def grid_per_beat(grid: str, meter: Meter, unit: BeatUnit) -> Fraction:
    """Grid positions per beat of ``unit`` for a grid name."""
    if grid not in GRIDS:
        raise UsageError(f"unknown grid {grid!r}: use {', '.join(GRIDS)}")
    return positions_per_beat(cast("GridName", grid), meter, unit)


def _hit_grid(target: HitTarget, options: FindOptions) -> Fraction:
    """The grid of a hit aimed at ``target``, as :func:`hit_report` measures it."""
    name = hit_grid(target, cast("GridName", options.grid))
    return grid_per_beat(name, options.meter, options.unit)


def find_request(cue: Cue, rate: FrameRate, options: FindOptions) -> tuple[int, FindTempoRequest]:
    """The downbeat frame and the Find Tempo request for the cue's hits."""
    downbeat = downbeat_frames_for(cue, options.downbeat, rate)
    longest_bar = options.meter.beats_per_bar(options.unit) * 60 / options.min_bpm
    check_downbeat(cue, downbeat, longest_bar, rate)
    check_hits_for_find(cue, options.downbeat, downbeat, rate)
    specs = tuple(
        HitSpec(
            seconds=frames_to_seconds(hit.frames - downbeat, rate=rate),
            weight=hit.weight,
            grid=_hit_grid(hit.target, options),
            tolerance_seconds=(
                None if hit.tolerance_frames is None else hit.tolerance_frames / rate.fps
            ),
            must_hit=hit.must_hit,
            label=hit.label or f"hit {index} at {frames_to_tc(hit.frames, rate=rate)}",
        )
        for index, hit in enumerate(cue.hits, start=1)
    )
    request = FindTempoRequest(
        hits=specs,
        min_bpm=options.min_bpm,
        max_bpm=options.max_bpm,
        tolerance_seconds=options.tolerance_frames / rate.fps,
        fps=rate.fps,
        # Hits are measured from the bar-1 downbeat, where the map's bar lines start;
        # the pickup only adds a pickup bar before it, so the grid is not shifted.
        pickup_beats=Fraction(0),
        max_candidates=options.top,
        meter=options.meter,
        beat_unit=options.unit,
    )
    return downbeat, request


def find_cue_tempo(cue: Cue, rate: FrameRate, options: FindOptions | None = None) -> CueFindResult:
    """Ranked tempos whose beats catch the cue's hits, best first."""
    options = options or FindOptions()
    if not cue.hits:
        raise UsageError(
            f"{cue.number} has no hits to fit: add hits first ('scoresync hit add ...')"
        )
    from tempo.findtempo.solver import find_tempo  # NumPy: loaded when a search runs

    downbeat, request = find_request(cue, rate, options)
    return CueFindResult(downbeat, tuple(find_tempo(request)), options)


def settled_bpm(candidate: Candidate) -> Fraction:
    """The candidate's best tempo as a short exact number that stays inside its interval."""
    low, high = candidate.interval
    for places in (2, 3, 4, 6):
        value = Fraction(str(round(candidate.bpm, places)))
        if low <= value <= high:
            return value
    return (low + high) / 2


def preferred_bpm(candidate: Candidate) -> Fraction:
    """The tempo applying a candidate stores unless another is chosen: its first nice
    tempo if it has one, else its best fit (:func:`settled_bpm`).

    One rule for every front: ``tempo find --apply N`` stores it, the Tempo screen offers
    it first, and both say so (see :func:`applied_text`).
    """
    if candidate.nice_bpms:
        return candidate.nice_bpms[0]
    return settled_bpm(candidate)


def applied_text(candidate: Candidate, bpm: Fraction) -> str:
    """A tempo taken from ``candidate``, to four places as it is stored, said after
    "at" (``applied candidate 1 at ...``): ``104 BPM (best fit 103.99)`` for a tempo
    other than the best fit, ``120 BPM`` for a nice tempo that is the best fit too;
    ``its best fit, 138.102 BPM`` for the best fit itself, and when the candidate has no
    nice tempo, why that is what applying stores: ``its best fit, 138.102 BPM (no nice
    tempo inside its interval)``."""
    text = f"{bpm_text(bpm, places=4)} BPM"
    if bpm != settled_bpm(candidate):
        return f"{text} (best fit {bpm_text(candidate.bpm)})"
    if bpm in candidate.nice_bpms:
        return text
    if candidate.nice_bpms:
        return f"its best fit, {text}"
    return f"its best fit, {text} (no nice tempo inside its interval)"


def candidate_map(
    result: CueFindResult, index: int = 0, *, bpm: Fraction | None = None
) -> TempoMap:
    """The constant map of candidate ``index`` at ``bpm``, or else at the tempo applying
    it stores (:func:`preferred_bpm`: its first nice tempo, a whole or quarter BPM or a
    frame click inside its interval, else its best fit)."""
    if not 0 <= index < len(result.candidates):
        raise UsageError(
            f"candidate {index + 1} does not exist: there are {len(result.candidates)}"
        )
    chosen = bpm if bpm is not None else preferred_bpm(result.candidates[index])
    options = result.options
    return TempoMap.constant(chosen, options.meter, options.unit, options.pickup_beats)


def plan_cue_tempo(
    cue: Cue,
    rate: FrameRate,
    options: FindOptions | None = None,
    *,
    allow_ramps: bool = True,
    jump_penalty: float = 2.0,
    max_segments: int = 8,
) -> tuple[int, MultiSegmentPlan]:
    """A map of several segments (breaks at hits, constant or ramped) for hits that no
    single tempo catches; returns the downbeat frame and the plan."""
    options = options or FindOptions()
    if not cue.hits:
        raise UsageError(
            f"{cue.number} has no hits to fit: add hits first ('scoresync hit add ...')"
        )
    from tempo.findtempo.plan.planner import plan_segments  # NumPy: loaded when a plan runs

    downbeat, request = find_request(cue, rate, options)
    plan = plan_segments(
        request, allow_ramps=allow_ramps, jump_penalty=jump_penalty, max_segments=max_segments
    )
    return downbeat, plan


def _short_bpm(bpm: float) -> Fraction:
    return Fraction(str(round(bpm, 4)))


def plan_map(plan: MultiSegmentPlan, options: FindOptions) -> TempoMap:
    """The tempo map a multi-segment plan describes, in the options' meter and unit."""

    shapes = {"linear-beats": RampShape.LINEAR_BEATS, "linear-time": RampShape.LINEAR_TIME}
    segments = []
    for planned in plan.segments:
        ramp = shapes.get(planned.shape, RampShape.CONSTANT)
        start, end = _short_bpm(planned.start_bpm), _short_bpm(planned.end_bpm)
        if ramp is RampShape.CONSTANT or start == end:
            beats = None if planned.end_seconds is None else planned.beats
            segments.append(Segment(beats, start, meter=options.meter, beat_unit=options.unit))
        else:
            segments.append(Segment(planned.beats, start, end, ramp, options.meter, options.unit))
    last = segments[-1]
    if last.beats is not None:
        segments.append(Segment(None, last.final_bpm, meter=options.meter, beat_unit=options.unit))
    return TempoMap(tuple(segments), options.pickup_beats)


def apply_tempo_map(cue: Cue, tempo_map: TempoMap, downbeat_frames: int, *, rate: FrameRate) -> Cue:
    """The cue with ``tempo_map`` placed so its bar-1 downbeat falls on ``downbeat_frames``;
    refused when that is more than the map's first bar outside the cue."""
    first_bar = Fraction(
        tempo_map.seconds_at_quarters(tempo_map.downbeat_quarters(2))
        - tempo_map.seconds_at_quarters(tempo_map.downbeat_quarters(1))
    )
    check_downbeat(cue, downbeat_frames, first_bar, rate)
    return dataclasses.replace(cue, tempo=CueTempo(downbeat_frames, tempo_map))


def clear_tempo(cue: Cue) -> Cue:
    """The cue without a tempo map."""
    return dataclasses.replace(cue, tempo=None)


from scoresync.cuetempo.listing import (  # noqa: E402
    BarRow,
    GridBeat,
    HitReport,
    HitRow,
    bar_rows,
    beat_grid,
    hit_grid,
    hit_report,
    hit_rows,
)
from tempo.map.segmenttext import format_segment, parse_segment_spec  # noqa: E402

__all__ = [
    "GRIDS",
    "MAX_TOLERANCE_FRAMES",
    "BarRow",
    "CueFindResult",
    "FindOptions",
    "GridBeat",
    "HitRow",
    "HitReport",
    "apply_tempo_map",
    "applied_text",
    "bar_rows",
    "beat_grid",
    "candidate_map",
    "check_downbeat",
    "check_hits_for_find",
    "check_pickup",
    "check_tempo_range",
    "check_tolerance",
    "clear_tempo",
    "downbeat_frames_for",
    "find_cue_tempo",
    "find_request",
    "format_segment",
    "grid_per_beat",
    "hit_grid",
    "hit_report",
    "hit_rows",
    "normalise_downbeat",
    "parse_segment_spec",
    "plan_cue_tempo",
    "plan_map",
    "preferred_bpm",
    "settled_bpm",
]
