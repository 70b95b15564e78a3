"""The value types of Find Tempo: what a caller asks for and what the solver answers.

Times are seconds from the anchor (the candidate downbeat of the cue). Tempos are BPM of
the beat unit. A hit's *grid* says which positions it may land on, as positions per beat:
1 for beats, 2 for eighths under a quarter beat, 1/4 for bar lines in 4/4.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal, overload

HitStatus = Literal["hit", "near", "miss"]


@dataclass(frozen=True)
class HitSpec:
    """One hit point to catch.

    ``seconds`` is the hit's time from the anchor (0 or later). ``weight`` (> 0) says how
    much catching it matters. ``grid`` is grid positions per beat. ``tolerance_seconds``
    overrides the request's tolerance for this hit. A ``must_hit`` hit ranks every tempo
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
    """

    hits: tuple[HitSpec, ...]
    min_bpm: Fraction = Fraction(40)
    max_bpm: Fraction = Fraction(240)
    tolerance_seconds: Fraction = field(kw_only=True)
    fps: Fraction | None = None
    near_factor: Fraction = Fraction(2)
    pickup_beats: Fraction = Fraction(0)
    max_candidates: int = 10


@dataclass(frozen=True)
class HitResult:
    """Where one hit falls at a candidate tempo.

    ``grid_index`` is the nearest grid position, counted from the grid origin (see
    ``FindTempoRequest.pickup_beats``). ``offset_seconds`` is that position's time minus
    the hit's time: positive when the grid position comes after the hit.
    """

    label: str
    seconds: Fraction
    grid_index: int
    offset_seconds: float
    frames_off: float | None
    status: HitStatus


class HitResults(Sequence[HitResult]):
    """The per-hit results of a candidate, made when first read.

    A sequence (indexing, slicing, iteration, ``len``) equal to the tuple of its
    :class:`HitResult` values; ranking needs only a few candidates' results, so they are
    built from the solver's arrays on demand.
    """

    __slots__ = ("_items", "_make")

    def __init__(self, make: Callable[[], tuple[HitResult, ...]]) -> None:
        self._make: Callable[[], tuple[HitResult, ...]] | None = make
        self._items: tuple[HitResult, ...] = ()

    def _all(self) -> tuple[HitResult, ...]:
        if self._make is not None:
            self._items, self._make = self._make(), None
        return self._items

    @overload
    def __getitem__(self, index: int) -> HitResult: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[HitResult, ...]: ...

    def __getitem__(self, index: int | slice) -> HitResult | tuple[HitResult, ...]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self) -> Iterator[HitResult]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HitResults | tuple):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


@dataclass(frozen=True)
class Candidate:
    """One tempo region that catches a set of hits no neighbouring tempo improves on.

    ``interval`` is the exact closed BPM interval on which exactly this set of hits is
    caught. ``bpm`` is the least-squares tempo for the caught hits, kept inside the
    interval. ``nice_bpms`` lists round tempos inside the interval, best first: whole BPM,
    whole-frame clicks, quarter-BPM steps, then eighth-frame clicks. ``frame_click`` is
    the frame click (``"F-e"``: F frames plus e eighths per beat) nearest ``bpm`` inside
    the interval, or the nearest one outside it marked with a leading ``"~"``; ``None``
    without an fps.
    ``rms_seconds`` / ``rms_frames`` is the weighted RMS offset of the caught hits.
    ``per_hit`` says where each hit falls, in the request's order (a sequence of
    :class:`HitResult`; the solver gives a :class:`HitResults`, made when first read).
    """

    bpm: float
    interval: tuple[Fraction, Fraction]
    nice_bpms: tuple[Fraction, ...]
    frame_click: str | None
    weighted_hits: float
    hits: int
    near: int
    miss: int
    rms_frames: float | None
    rms_seconds: float
    per_hit: Sequence[HitResult]


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
