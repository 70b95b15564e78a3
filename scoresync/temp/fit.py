"""Fitting a temp track to its scene: bar-line edits (remove or repeat whole bars,
phrases first) and a small time-stretch that end the music on the target frame, ranked by
the hits that land on strong beats and by how musical the edits are.

Every proposal keeps the cue's anchor (the played sample that sits on the temp's
timecode) where it is and plays to the target end exactly (the end of the audio, or the
last bar line, the button, with the ring-out running on): the edits bring the length
near, the stretch (at most ``max_stretch``, 3 % by default) closes the rest. With
``land_hit``, the stretch instead lands the strong beat nearest that hit exactly on it,
and the proposal says how far from the target the music then ends.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from scoresync.picture.timecode import frames_to_tc
from scoresync.temp.errors import TempAudioError
from scoresync.temp.track import PlacedTemp, bar_lines, segments_for
from tempo.map.measure import HitStatus, hit_status

if TYPE_CHECKING:
    from scoresync.project.model import Cue

__all__ = ["FitProposal", "hit_landing", "propose_fits"]

MAX_STRETCH = Fraction(3, 100)
"""The largest time-stretch a proposal uses by default: 3 % either way."""

HIT_TOLERANCE_FRAMES = Fraction(2)
"""How near a beat a hit must fall to count as landing on it."""

PHRASE_BARS = {8: 3.0, 4: 2.5, 16: 2.5, 2: 1.0, 12: 1.0}
"""How musical removing or repeating that many bars is (other counts score 0)."""


@dataclass(frozen=True)
class FitProposal:
    """One way to fit the temp: the ``bars`` to play (see :mod:`scoresync.temp.track`),
    the ``stretch`` and the ``offset_samples`` that keeps the anchor in place, the frame
    (exact) the music's end or last bar line then falls on (``end_frames``), and how the
    hits land."""

    rank: int
    description: str
    bars: tuple[tuple[int, int], ...]
    stretch: Fraction
    offset_samples: int
    end_frames: Fraction
    target_end_frames: int
    hits_on_downbeats: int
    hits_on_beats: int
    hits_off: int
    musicality: float
    score: float

    @property
    def end_error_frames(self) -> Fraction:
        """How far past the target end the music ends (negative: before it)."""
        return self.end_frames - self.target_end_frames

    def to_json(self, placed: PlacedTemp) -> dict[str, Any]:
        """The proposal as JSON-ready data."""
        rate = placed.rate
        return {
            "rank": self.rank,
            "edit": self.description,
            "bars": [[first + 1, end] for first, end in self.bars],
            "stretch": float(self.stretch),
            "stretch_percent": round(float(self.stretch - 1) * 100, 3),
            "offset_samples": self.offset_samples,
            "end": frames_to_tc(round(self.end_frames), rate=rate),
            "end_error_frames": round(float(self.end_error_frames), 3),
            "hits_on_downbeats": self.hits_on_downbeats,
            "hits_on_beats": self.hits_on_beats,
            "hits_off": self.hits_off,
            "musicality": self.musicality,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True)
class _Candidate:
    description: str
    bars: tuple[tuple[int, int], ...]
    musicality: float


def _musicality(start: int, stop: int, harmony: tuple[tuple[float, ...], ...]) -> float:
    """How musical an edit of bars ``start`` to ``stop`` is: a phrase's length (8 and 4
    bars best), a start on a phrase boundary (every 4 bars), and a join into harmony like
    the one the music would have come from (the bars before ``start`` and before
    ``stop`` alike, by their chroma: up to 2 more)."""
    size = stop - start
    value = PHRASE_BARS.get(size, 0.0) + (1.5 if start % 4 == 0 else 0.5 * (start % 2 == 0))
    if start >= 1 and stop - 1 < len(harmony):
        before, landing = harmony[start - 1], harmony[stop - 1]
        value += 2.0 * max(0.0, sum(a * b for a, b in zip(before, landing, strict=True)))
    return value


def _candidates(
    count: int, first_free: int, harmony: tuple[tuple[float, ...], ...] = ()
) -> list[_Candidate]:
    """Every single edit of whole bars after bar ``first_free``: the audio as it is, one
    span removed, one span played twice. The last bar (the ending) is always kept.
    ``harmony`` is each bar's chroma (see :func:`_musicality`)."""
    found = [_Candidate("as it is", ((0, count),), 7.0)]
    for start in range(max(first_free, 1), count - 1):
        for stop in range(start + 1, count):
            size = stop - start
            span = f"bars {start + 1}-{stop}" if size > 1 else f"bar {start + 1}"
            found.append(
                _Candidate(
                    f"remove {span} ({size} bars)",
                    ((0, start), (stop, count)),
                    _musicality(start, stop, harmony),
                )
            )
    for start in range(max(first_free, 0), count - 1):
        for stop in range(start + 1, count):
            size = stop - start
            span = f"bars {start + 1}-{stop}" if size > 1 else f"bar {start + 1}"
            found.append(
                _Candidate(
                    f"repeat {span} ({size} bars)",
                    ((0, stop), (start, count)),
                    _musicality(start, stop, harmony) - 0.5,
                )
            )
    return found


def hit_landing(placed: PlacedTemp, frames: int) -> tuple[str, Fraction, HitStatus] | None:
    """How a hit at picture frame ``frames`` lands on the temp: whether the nearest beat
    is a ``"downbeat"`` or a ``"beat"``, the frames from the hit to it, and ``"hit"``
    within :data:`HIT_TOLERANCE_FRAMES` (as the fits count a hit), ``"near"`` within
    twice that, else ``"miss"``; None where no music plays."""
    near = placed.nearest_beat(frames)
    if near is None:
        return None
    kind, off = near
    return kind, off, hit_status(off, HIT_TOLERANCE_FRAMES, Fraction(2))


def _hit_counts(placed: PlacedTemp, cue: Cue, skip: int | None) -> tuple[int, int, int, float]:
    downbeats = beats = off = 0
    score = 0.0
    for index, hit in enumerate(cue.hits):
        if index == skip:
            continue
        near = placed.nearest_beat(hit.frames)
        if near is None or abs(near[1]) > HIT_TOLERANCE_FRAMES:
            off += 1
            continue
        if near[0] == "downbeat":
            downbeats += 1
            score += 2.0 * hit.weight
        else:
            beats += 1
            score += 1.0 * hit.weight
    return downbeats, beats, off, score


def _strong_beat_near(placed: PlacedTemp, frames: int) -> Fraction | None:
    """Position in the edited audio of the downbeat nearest picture frame ``frames``
    (within half a bar), else of the nearest beat."""
    edited = placed.edited_at_frames(frames)
    positions: list[tuple[Fraction, bool]] = []
    passed = 0
    downbeats = set(placed.analysis.downbeats)
    for segment in placed.segments:
        for beat in placed.analysis.beats:
            if segment.start <= beat < segment.end:
                positions.append((Fraction(passed + beat - segment.start), beat in downbeats))
        passed += segment.samples
    if not positions:
        return None
    bar = Fraction(placed.sample_rate * 60 * placed.analysis.beats_per_bar) / Fraction(
        placed.analysis.bpm
    )
    strong = [p for p, down in positions if down and abs(p - edited) <= bar / 2]
    pool = strong or [p for p, _ in positions]
    return min(pool, key=lambda p: abs(p - edited))


@dataclass(frozen=True)
class _Aim:
    """What every candidate is fitted to: the picture times (seconds) of the anchor and
    the target, the anchor's place in the edited audio, and whether the target is for
    the last bar line (the button) rather than the end of the audio."""

    placed: PlacedTemp
    cue: Cue
    anchor_seconds: Fraction
    anchor_edited: Fraction
    target_seconds: Fraction
    target_end_frames: int
    max_stretch: Fraction
    land_hit: int | None
    on_last_bar: bool


def _landing_point(aim: _Aim, candidate: _Candidate) -> int:
    """Position in the edited audio that lands on the target: its end, or the last bar
    line played when the fit ends on the button."""
    analysis = aim.placed.analysis
    segments = segments_for(analysis, candidate.bars)
    length = sum(segment.samples for segment in segments)
    last = segments[-1]
    if aim.on_last_bar and last.end == analysis.duration_samples and analysis.downbeats:
        return length - (analysis.duration_samples - max(analysis.downbeats[-1], last.start))
    return length


def _evaluate(aim: _Aim, candidate: _Candidate, count: int) -> FitProposal | None:
    """The candidate fitted to the aim, or ``None`` when it needs too much stretch."""
    placed, rate, sample_rate = aim.placed, aim.placed.rate, aim.placed.sample_rate
    point = _landing_point(aim, candidate)
    after_anchor = point - aim.anchor_edited
    if after_anchor <= 0:
        return None
    span = aim.target_seconds - aim.anchor_seconds
    stretch = span * sample_rate / after_anchor
    if abs(after_anchor / sample_rate - span) * rate.fps <= Fraction(1, 2):
        stretch = Fraction(1)  # within half a frame as it is: no stretch needed
    if abs(stretch - 1) > aim.max_stretch:
        return None
    trial = _re_anchor(placed.with_fit(candidate.bars, stretch), aim.anchor_edited)
    if aim.land_hit is not None:
        hit_frames = aim.cue.hits[aim.land_hit].frames
        beat = _strong_beat_near(trial, hit_frames)
        if beat is None or beat <= aim.anchor_edited:
            return None
        hit_span = Fraction(hit_frames) / rate.fps - aim.anchor_seconds
        stretch = hit_span * sample_rate / (beat - aim.anchor_edited)
        if abs(stretch - 1) > aim.max_stretch:
            return None
        trial = _re_anchor(placed.with_fit(candidate.bars, stretch), aim.anchor_edited)
    downbeats, beats, off, hit_score = _hit_counts(trial, aim.cue, aim.land_hit)
    end = trial.frames_of_edited(point)
    miss = float(abs(end - aim.target_end_frames)) if aim.land_hit is not None else 0.0
    score = 2.0 * hit_score + candidate.musicality - float(abs(stretch - 1)) * 100 - miss
    return FitProposal(
        rank=0,
        description=candidate.description,
        bars=() if candidate.bars == ((0, count),) else candidate.bars,
        stretch=stretch,
        offset_samples=trial.offset_samples,
        end_frames=end,
        target_end_frames=aim.target_end_frames,
        hits_on_downbeats=downbeats,
        hits_on_beats=beats,
        hits_off=off,
        musicality=candidate.musicality,
        score=score,
    )


def propose_fits(
    placed: PlacedTemp,
    cue: Cue,
    *,
    target_end_frames: int,
    max_stretch: Fraction = MAX_STRETCH,
    land_hit: int | None = None,
    on_last_bar: bool = False,
    limit: int = 10,
) -> list[FitProposal]:
    """The best ways (at most ``limit``) to end the temp on ``target_end_frames``: the
    end of its audio, or with ``on_last_bar`` its last bar line (the button, the ring-out
    running on); see the module. ``land_hit`` is a hit index (0-based) of ``cue``.
    Raises :class:`TempAudioError` when no edit and stretch within ``max_stretch``
    reach it."""
    lines = bar_lines(placed.analysis)
    count = len(lines) - 1
    if count < 1:
        raise TempAudioError("the temp has no bar lines to edit on: correct its analysis")
    rate = placed.rate
    aim = _Aim(
        placed=placed,
        cue=cue,
        anchor_seconds=Fraction(placed.at_frames) / rate.fps,
        anchor_edited=Fraction(placed.offset_samples) / placed.stretch,
        target_seconds=Fraction(target_end_frames) / rate.fps,
        target_end_frames=target_end_frames,
        max_stretch=max_stretch,
        land_hit=land_hit,
        on_last_bar=on_last_bar,
    )
    if aim.target_seconds <= aim.anchor_seconds:
        raise TempAudioError(
            f"the target end {frames_to_tc(target_end_frames, rate=rate)} is not after the "
            f"temp's anchor at {frames_to_tc(placed.at_frames, rate=rate)}: give a later end"
        )
    first_free = 0
    while first_free < count and lines[first_free + 1] <= aim.anchor_edited:
        first_free += 1
    candidates = _candidates(count, first_free + 1, placed.analysis.bar_harmony())
    found = [_evaluate(aim, candidate, count) for candidate in candidates]
    proposals = sorted((p for p in found if p is not None), key=lambda p: -p.score)
    if not proposals:
        seconds = Fraction(placed.edited_samples, placed.sample_rate)
        raise TempAudioError(
            f"no edit of whole bars with a stretch within {float(max_stretch) * 100:g} % ends "
            f"the temp ({float(seconds):.2f} s) at {frames_to_tc(target_end_frames, rate=rate)}: "
            "allow more stretch (--max-stretch) or choose another piece"
        )
    return [
        dataclasses.replace(proposal, rank=rank)
        for rank, proposal in enumerate(proposals[:limit], start=1)
    ]


def _re_anchor(placed: PlacedTemp, anchor_edited: Fraction) -> PlacedTemp:
    """``placed`` with its offset moved so the anchor's music stays on the timecode."""
    return dataclasses.replace(placed, offset_samples=round(anchor_edited * placed.stretch))
