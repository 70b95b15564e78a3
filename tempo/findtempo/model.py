"""The value types of Find Tempo: what a caller asks for and what the solver answers.

Times are seconds from the anchor (the candidate downbeat of the cue). Tempos are BPM of
the beat unit. A hit's *grid* says which positions it may land on, as positions per beat:
1 for beats, 2 for eighths under a quarter beat, 1/4 for bar lines in 4/4.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from tempo.map.beatunit import BeatUnit
from tempo.map.measure import HitStatus
from tempo.map.meter import Meter

__all__ = [
    "AnchoredCandidate",
    "Candidate",
    "FindTempoRequest",
    "HitResult",
    "HitSpec",
    "HitStatus",
    "TempoFigures",
]


@dataclass(frozen=True)
class HitSpec:
    """One hit point to catch.

    ``seconds`` is the hit's time from the anchor (0 or later). ``weight`` (more than 0, at
    most 100: :data:`tempo.common.exact.WEIGHT`) says how much catching it matters.
    ``grid`` is grid positions per beat. ``tolerance_seconds`` overrides the request's
    tolerance for this hit. A ``must_hit`` hit ranks every tempo
    that misses it below every tempo that catches all must-hit hits.
    """

    seconds: Fraction
    weight: float = 1.0
    grid: Fraction = Fraction(1)
    tolerance_seconds: Fraction | None = None
    must_hit: bool = False
    label: str = ""


@dataclass(frozen=True)
class FindTempoRequest:
    """A Find Tempo question: which tempos in ``[min_bpm, max_bpm]`` catch these hits.

    A hit is caught when a grid position lies within its tolerance (seconds; required,
    keyword only: one frame is the usual choice, and the frame rate is the caller's). A missed
    hit within ``near_factor`` times its tolerance counts as near. ``fps`` (frames per
    second) turns offsets into frames and enables frame clicks; without it only seconds
    are reported.

    ``pickup_beats`` places the anchor at that beat of the grid: the grid origin (where
    grid index 0 and, for a bar grid, a bar line falls) lies ``pickup_beats`` beats
    before the anchor, so grid index ``k`` of a hit with grid ``g`` falls
    ``k/g - pickup_beats`` beats after the anchor. A whole-beat pickup leaves beat and
    subdivision grids where they are and only moves bar-grid positions: with a pickup
    of 1 beat in 4/4 (grid 1/4) the bar lines fall 3, 7, 11 ... beats after the anchor.

    A candidate reports what the constant map at its tempo gives (see
    :mod:`tempo.findtempo.figures`): a map in ``meter``, counted in ``beat_unit`` beats
    (the meter's usual beat when ``None``), whose bar 1 starts at the grid origin. The
    hits' grids should then be whole divisions of its bar (1 for beats, ``1/beats per
    bar`` for bar lines), as they are when taken from the meter. Without a meter the map
    has bars of ``n`` quarter-note beats, ``n`` the least common multiple of the grids'
    denominators, so every grid position is a line.
    """

    hits: tuple[HitSpec, ...]
    min_bpm: Fraction = Fraction(40)
    max_bpm: Fraction = Fraction(240)
    tolerance_seconds: Fraction = field(kw_only=True)
    fps: Fraction | None = None
    near_factor: Fraction = Fraction(2)
    pickup_beats: Fraction = Fraction(0)
    max_candidates: int = 10
    meter: Meter | None = None
    beat_unit: BeatUnit | None = None


@dataclass(frozen=True)
class HitResult:
    """Where one hit falls at a candidate tempo, measured on the map at that tempo.

    ``grid_index`` is the nearest grid line, as grid positions counted from the grid
    origin (see ``FindTempoRequest.pickup_beats``; rounded to a whole position where the
    grid does not divide the bar). ``offset_seconds`` is that line's time
    minus the hit's time: positive when the grid line comes after the hit.
    """

    label: str
    seconds: Fraction
    grid_index: int
    offset_seconds: float
    frames_off: float | None
    status: HitStatus


@dataclass(frozen=True)
class TempoFigures:
    """What one tempo catches, measured on the constant map at that tempo (see
    :mod:`tempo.findtempo.figures`).

    ``per_hit`` holds each hit's result in the request's order; ``weighted_hits`` and
    ``hits`` count the caught hits, ``near`` the near misses and ``miss`` the rest.
    ``rms_seconds`` / ``rms_frames`` is the weighted RMS offset of the caught hits.
    """

    bpm: Fraction
    per_hit: tuple[HitResult, ...]
    weighted_hits: float
    hits: int
    near: int
    miss: int
    rms_seconds: float
    rms_frames: float | None


@dataclass(frozen=True, eq=False)
class Candidate:
    """One tempo region that catches a set of hits no neighbouring tempo improves on.

    ``interval`` is the exact closed BPM interval on which exactly this set of hits is
    caught. ``bpm`` is the least-squares tempo for the caught hits, kept inside the
    interval. ``nice_bpms`` lists round tempos inside the interval, best first: whole BPM,
    whole-frame clicks, quarter-BPM steps, then eighth-frame clicks. ``frame_click`` is
    the frame click (``"F-e"``: F frames plus e eighths per beat) nearest ``bpm`` inside
    the interval, or the nearest one outside it marked with a leading ``"~"``; ``None``
    without an fps.

    ``exact_bpm`` is ``bpm`` as an exact tempo inside the interval: the decimal ``bpm``
    prints as, or the nearest end of the interval when that decimal lies outside it.
    The figures a candidate reports (``per_hit``, ``weighted_hits``, ``hits``, ``near``,
    ``miss``, ``rms_seconds``, ``rms_frames``) are those of ``exact_bpm`` measured on the
    map at that tempo by ``measure`` (see :meth:`figures_at`); they are measured when
    first read, as ranking needs none of them.
    """

    bpm: float
    interval: tuple[Fraction, Fraction]
    nice_bpms: tuple[Fraction, ...]
    frame_click: str | None
    exact_bpm: Fraction
    measure: Callable[[Fraction], TempoFigures] = field(repr=False)
    _measured: dict[Fraction, TempoFigures] = field(default_factory=dict, init=False, repr=False)

    def figures_at(self, bpm: Fraction) -> TempoFigures:
        """The figures of ``bpm`` (a nice tempo, or any tempo) on the map at that tempo."""
        found = self._measured.get(bpm)
        if found is None:
            found = self._measured[bpm] = self.measure(bpm)
        return found

    @property
    def figures(self) -> TempoFigures:
        """The figures of the candidate's own tempo, ``exact_bpm``."""
        return self.figures_at(self.exact_bpm)

    @property
    def per_hit(self) -> tuple[HitResult, ...]:
        return self.figures.per_hit

    @property
    def weighted_hits(self) -> float:
        return self.figures.weighted_hits

    @property
    def hits(self) -> int:
        return self.figures.hits

    @property
    def near(self) -> int:
        return self.figures.near

    @property
    def miss(self) -> int:
        return self.figures.miss

    @property
    def rms_seconds(self) -> float:
        return self.figures.rms_seconds

    @property
    def rms_frames(self) -> float | None:
        return self.figures.rms_frames

    def _key(self) -> tuple[object, ...]:
        return (self.bpm, self.interval, self.nice_bpms, self.frame_click, self.figures)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Candidate):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


@dataclass(frozen=True)
class AnchoredCandidate:
    """A candidate found with one of the hits (or a given time) as the downbeat.

    ``anchor_seconds`` is on the caller's clock; the candidate's times are from the
    anchor. ``dropped_labels`` names the hits before the anchor, which count as missed.
    """

    anchor_seconds: Fraction
    anchor_label: str
    dropped_labels: tuple[str, ...]
    candidate: Candidate
