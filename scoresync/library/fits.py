""" "Fits this cue": which indexed tracks land a cue's hits, worked out from the beats and bar
lines the index stores, without reading audio.

For every candidate track, the cue's first hit is tried on each bar line of the track (on
each beat when that hit's target is a beat or a subdivision); the other hits then fall
where the music is at their time, and each counts as caught when it lies within its
tolerance of a beat (a half beat for a subdivision, a bar line for a downbeat). The best
placement is the one catching the most (by the hits' weights), then the closest. The music
then gets one bar-line edit after the last hit so it ends with the cue: whole bars taken
out when it runs long, repeated when it runs short (the edit after the last hit leaves
the hits where they landed).

The hits to land are the cue's must-hit hits, or every hit when none is marked. All
tracks are worked at once with NumPy: each track's beats sit in one sorted array, shifted
by a stride longer than any track, so one ``searchsorted`` finds every hit's nearest beat
in every track.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from scoresync.library.index import Index, LibraryError
from scoresync.library.search import Query, TrackSummary, summaries

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np

    from scoresync.project.model import Cue, CueTemp, Project

__all__ = [
    "CueHit",
    "CueShape",
    "Edit",
    "Fit",
    "cue_shape",
    "fit_tracks",
    "fits_for_cue",
    "temp_for_fit",
]

TRACKS_PER_CHUNK = 4096
"""Tracks worked together: bounds the memory of the bulk arrays and feeds the threads."""


SHORT_SECONDS = 2.0
"""Music that stops more than this before the cue's end, even after its edit, ranks below
music that lasts."""


@dataclass(frozen=True)
class CueHit:
    """A hit to land: ``seconds`` after the cue's start (exact), where the music should
    land it (``beat``, ``subdivision`` or ``downbeat``), its weight and tolerance."""

    seconds: Fraction
    target: str
    weight: float
    tolerance_seconds: Fraction
    label: str = ""


@dataclass(frozen=True)
class CueShape:
    """What a track is fitted to: the cue's length and the hits to land, in time order."""

    name: str
    length_seconds: Fraction
    hits: tuple[CueHit, ...]

    def __post_init__(self) -> None:
        if not self.hits:
            raise LibraryError(
                f"cue {self.name} has no hits to land; add hits (scoresync hit add) or "
                "search by tempo and length alone"
            )


def cue_shape(project: Project, number: str) -> CueShape:
    """The length and hits of cue ``number`` of ``project``, in seconds from the cue's start,
    exact at the project's rate. Raises ``CueNotFound`` (a ``ProjectError``) for a cue the
    project does not have."""
    cue = project.cue(number)
    fps = project.rate.fps
    chosen = [hit for hit in cue.hits if hit.must_hit] or list(cue.hits)
    hits = tuple(
        CueHit(
            seconds=Fraction(hit.frames - cue.start_frames) / fps,
            target=hit.target.value,
            weight=float(hit.weight),
            tolerance_seconds=Fraction(
                hit.tolerance_frames if hit.tolerance_frames is not None else 1
            )
            / fps,
            label=hit.label,
        )
        for hit in chosen
    )
    return CueShape(str(cue.number), Fraction(cue.duration_frames) / fps, hits)


@dataclass(frozen=True)
class Edit:
    """The bar-line edit that ends the music with the cue: ``remove`` jumps forward from
    the bar line at ``from_samples`` to the one at ``to_samples`` (``bars`` bars later),
    ``repeat`` jumps back; ``none`` leaves the music as it is. ``from_bar`` and ``to_bar``
    are those bar lines' indexes among the track's bar lines (from 0)."""

    kind: str
    bars: int
    from_samples: int
    to_samples: int
    from_bar: int = 0
    to_bar: int = 0


@dataclass(frozen=True)
class Fit:
    """How a track fits the cue: hits caught (and their weighted ``score``), the track's
    sample that sits at the cue's start, each hit's distance from its beat in seconds, the
    edit, and where the (edited) music ends against the cue's end (``end_seconds`` > 0:
    it runs on past it, to be faded)."""

    track: TrackSummary
    caught: int
    hits: int
    score: float
    offset_samples: int
    hit_errors_seconds: tuple[float, ...]
    edit: Edit
    end_seconds: float

    @property
    def offset_seconds(self) -> float:
        return self.offset_samples / self.track.sample_rate

    def to_json(self) -> dict[str, object]:
        sample_rate = self.track.sample_rate
        return {
            **self.track.to_json(),
            "caught": self.caught,
            "hits": self.hits,
            "score": round(self.score, 3),
            "offset_samples": self.offset_samples,
            "offset_seconds": round(self.offset_seconds, 4),
            "hit_errors_seconds": [round(e, 4) for e in self.hit_errors_seconds],
            "edit": {
                "kind": self.edit.kind,
                "bars": self.edit.bars,
                "from_samples": self.edit.from_samples,
                "to_samples": self.edit.to_samples,
                "from_seconds": round(self.edit.from_samples / sample_rate, 4),
                "to_seconds": round(self.edit.to_samples / sample_rate, 4),
            },
            "end_seconds": round(self.end_seconds, 3),
        }


@dataclass
class _Grids:
    """The beats and bar lines of many tracks as sample positions, in bulk: track ``i``'s
    beats are ``beat_samples[beat_starts[i]:beat_starts[i + 1]]``."""

    ids: np.ndarray
    sample_rates: np.ndarray
    durations: np.ndarray
    stride: float
    beat_samples: np.ndarray
    beat_starts: np.ndarray
    down_samples: np.ndarray
    down_starts: np.ndarray


def _grids(rows: Sequence[Sequence[Any]]) -> _Grids:
    import numpy as np

    ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    rates = np.fromiter((r[1] for r in rows), np.float64, len(rows))
    durations = np.fromiter((r[2] for r in rows), np.float64, len(rows)) / rates
    wide = any(r[3] != 4 for r in rows)

    def bulk(column: int) -> tuple[np.ndarray, np.ndarray]:
        if wide:
            parts = [np.frombuffer(r[column], "<i4" if r[3] == 4 else "<i8") for r in rows]
            samples = np.concatenate(parts).astype(np.int64)
            counts = np.fromiter((len(p) for p in parts), np.int64, len(parts))
        else:
            samples = np.frombuffer(b"".join(r[column] for r in rows), "<i4")
            counts = np.fromiter((len(r[column]) // 4 for r in rows), np.int64, len(rows))
        starts = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(counts, out=starts[1:])
        return samples, starts

    beat_samples, beat_starts = bulk(4)
    down_samples, down_starts = bulk(5)
    stride = float(durations.max(initial=0.0)) + 10.0
    return _Grids(
        ids, rates, durations, stride, beat_samples, beat_starts, down_samples, down_starts
    )


@dataclass
class _Chunk:
    """Tracks ``first`` to ``last - 1`` with their beats and bar lines as seconds, each
    track shifted by ``stride`` times its place in the chunk, so that one sorted array
    holds them all. ``*_base`` is where the chunk's slice starts in the whole arrays."""

    first: int
    last: int
    stride: float
    durations: np.ndarray
    beats: np.ndarray
    beat_starts: np.ndarray
    beat_base: int
    downs: np.ndarray
    down_starts: np.ndarray
    down_base: int


def _chunk(grids: _Grids, first: int, last: int) -> _Chunk:
    import numpy as np

    inverse = 1.0 / grids.sample_rates[first:last]
    shift = np.arange(last - first, dtype=np.float64) * grids.stride

    def seconds(samples: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
        base = int(starts[first])
        local_starts = starts[first : last + 1] - base
        counts = np.diff(local_starts)
        times = samples[base : int(starts[last])] * np.repeat(inverse, counts)
        times += np.repeat(shift, counts)
        return times, local_starts, base

    beats, beat_starts, beat_base = seconds(grids.beat_samples, grids.beat_starts)
    downs, down_starts, down_base = seconds(grids.down_samples, grids.down_starts)
    return _Chunk(
        first,
        last,
        grids.stride,
        grids.durations[first:last],
        beats,
        beat_starts,
        beat_base,
        downs,
        down_starts,
        down_base,
    )


def _nearest(grid: np.ndarray, times: np.ndarray, subdivision: bool) -> np.ndarray:
    """Distance in seconds from each time to the nearest grid point (or half-way point)."""
    import numpy as np

    if grid.size == 0:
        return np.full(times.shape, np.inf)
    index = np.searchsorted(grid, times)
    before = grid[np.maximum(index - 1, 0)]
    after = grid[np.minimum(index, grid.size - 1)]
    error = np.minimum(np.abs(times - before), np.abs(after - times))
    if subdivision:
        error = np.minimum(error, np.abs(times - (before + after) / 2))
    return error


@dataclass
class _Best:
    """Each track's best placement: its row, anchor (index in the whole anchor grid),
    weighted score, summed error, edit (bars, and the whole bar-line indexes it jumps from
    and to) and end error."""

    track: np.ndarray
    anchor: np.ndarray
    score: np.ndarray
    error: np.ndarray
    bars: np.ndarray
    edit_from: np.ndarray
    edit_to: np.ndarray
    end: np.ndarray


def _best_placements(grids: _Grids, cue: CueShape, first: int, last: int) -> _Best:
    """The best placement of each track ``first`` to ``last - 1`` that has one."""
    import numpy as np

    chunk = _chunk(grids, first, last)
    hits = cue.hits
    first_hit = float(hits[0].seconds)
    relative = [float(hit.seconds) - first_hit for hit in hits]
    on_bars = hits[0].target == "downbeat"
    anchor_times = chunk.downs if on_bars else chunk.beats
    starts = chunk.down_starts if on_bars else chunk.beat_starts
    owner = np.repeat(np.arange(last - first, dtype=np.int64), np.diff(starts))
    local = anchor_times - owner * chunk.stride
    keep = np.flatnonzero(
        (local - first_hit >= -1e-9) & (local + relative[-1] <= chunk.durations[owner])
    )
    owner = owner[keep]
    times = anchor_times[keep]
    score = np.full(times.shape, hits[0].weight)
    error = np.zeros(times.shape)
    for hit, offset in zip(hits[1:], relative[1:], strict=True):
        tolerance = float(hit.tolerance_seconds) + 1e-9
        grid = chunk.downs if hit.target == "downbeat" else chunk.beats
        distance = _nearest(grid, times + offset, hit.target == "subdivision")
        caught = distance <= tolerance
        score += np.where(caught, hit.weight, 0.0)
        error += np.where(caught, distance, tolerance)
    if owner.size == 0:
        none = np.zeros(0, dtype=np.int64)
        return _Best(none, none, np.zeros(0), np.zeros(0), none, none, none, np.zeros(0))
    key = score * 1e4 - error
    tracks, first_of = np.unique(owner, return_index=True)
    best_key = np.maximum.reduceat(key, first_of)
    is_best = key >= np.repeat(best_key, np.diff(np.append(first_of, key.size)))
    chosen = np.flatnonzero(is_best)
    _, first_best = np.unique(owner[chosen], return_index=True)
    chosen = chosen[first_best]
    bars, edit_from, edit_to, end = _edits(chunk, cue, tracks, times[chosen])
    anchor_base = chunk.down_base if on_bars else chunk.beat_base
    return _Best(
        tracks + first,
        keep[chosen] + anchor_base,
        score[chosen],
        error[chosen],
        bars,
        edit_from + chunk.down_base,
        edit_to + chunk.down_base,
        end,
    )


def _edits(
    chunk: _Chunk, cue: CueShape, tracks: np.ndarray, anchor_times: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """For each track's best placement (``tracks`` in the chunk): bars removed (> 0) or
    repeated (< 0) at the first bar line after the last hit, the chunk's bar-line indexes
    the edit jumps from and to, and the seconds the edited music runs past the cue's end."""
    import numpy as np

    hits = cue.hits
    first_hit = float(hits[0].seconds)
    start = anchor_times - tracks * chunk.stride - first_hit
    excess = chunk.durations[tracks] - start - float(cue.length_seconds)
    down = chunk.downs
    if down.size == 0:
        none = np.zeros(tracks.shape, dtype=np.int64)
        return none, none, none, excess
    first_bar = chunk.down_starts[tracks]
    end_bar = chunk.down_starts[tracks + 1]
    bar_count = end_bar - first_bar
    last_bar = np.clip(end_bar - 1, 0, down.size - 1)
    first_bar_safe = np.clip(first_bar, 0, down.size - 1)
    bar_seconds = (down[last_bar] - down[first_bar_safe]) / np.maximum(bar_count - 1, 1)
    last_hit = anchor_times + float(hits[-1].seconds) - first_hit
    edit_at = np.searchsorted(down, last_hit - 1e-9)
    possible = (edit_at < end_bar) & (bar_count >= 2) & (bar_seconds > 0)
    wanted = np.zeros(tracks.shape, dtype=np.int64)
    long_enough = possible & (np.abs(excess) > bar_seconds / 2)
    wanted[long_enough] = np.round(excess[long_enough] / bar_seconds[long_enough])
    bars = np.where(
        wanted > 0,
        np.minimum(wanted, end_bar - 1 - edit_at),
        -np.minimum(-wanted, edit_at - first_bar),
    )
    bars = np.where(possible, bars, 0)
    edit_at = np.where(possible, edit_at, 0)
    edit_to = edit_at + bars
    end = excess - (down[edit_to] - down[edit_at])
    return bars, edit_at, edit_to, end


def fit_tracks(
    index: Index, cue: CueShape, query: Query | None = None, *, limit: int = 20, threads: int = 2
) -> list[Fit]:
    """The tracks of ``index`` matching ``query`` ranked by how well they fit ``cue``: most
    hits caught (by weight), then music that lasts to the cue's end (within
    :data:`SHORT_SECONDS`, after the edit), then fewest bars edited, then smallest distance
    of the hits from their beats, then the music ending nearest the cue's end. At most
    ``limit``."""
    import numpy as np

    where, parameters = (query or Query()).where()
    rows = index.connection.execute(
        "SELECT id, sample_rate, duration_samples, position_bytes, beats, downbeats FROM tracks"
        + (f" WHERE {where}" if where else ""),
        parameters,
    ).fetchall()
    if not rows:
        return []
    grids = _grids(rows)
    bounds = [
        (first, min(first + TRACKS_PER_CHUNK, len(rows)))
        for first in range(0, len(rows), TRACKS_PER_CHUNK)
    ]
    with ThreadPoolExecutor(max_workers=max(threads, 1)) as pool:
        parts = list(pool.map(lambda b: _best_placements(grids, cue, *b), bounds))
    best = _Best(
        *(np.concatenate([getattr(p, name) for p in parts]) for name in _Best.__dataclass_fields__)
    )
    stops_early = best.end < -SHORT_SECONDS
    keys = (np.abs(best.end), best.error, np.abs(best.bars), stops_early, -best.score)
    order = np.lexsort(keys)[:limit]
    chosen_ids = [int(grids.ids[best.track[i]]) for i in order]
    found = {
        s.track_id: s for s in summaries(index, f"id IN ({','.join('?' * len(order))})", chosen_ids)
    }
    return [_fit(grids, cue, best, int(i), found) for i in order]


def _fit(
    grids: _Grids, cue: CueShape, best: _Best, row: int, found: dict[int, TrackSummary]
) -> Fit:
    """One ranked placement as a :class:`Fit`, with exact sample positions."""
    track = int(best.track[row])
    summary = found[int(grids.ids[track])]
    rate = summary.sample_rate
    hits = cue.hits
    anchor_samples = (grids.down_samples if hits[0].target == "downbeat" else grids.beat_samples)[
        int(best.anchor[row])
    ]
    offset = int(anchor_samples) - _samples(hits[0].seconds, rate)
    errors = []
    for hit in hits:
        at = offset + _samples(hit.seconds, rate)
        errors.append(_nearest_seconds(grids, track, hit.target, at, rate))
    bars = int(best.bars[row])
    first_bar = int(grids.down_starts[track])
    edit_from, edit_to = int(best.edit_from[row]), int(best.edit_to[row])
    edit = Edit(
        "none" if bars == 0 else ("remove" if bars > 0 else "repeat"),
        abs(bars),
        int(grids.down_samples[edit_from]) if bars else 0,
        int(grids.down_samples[edit_to]) if bars else 0,
        edit_from - first_bar if bars else 0,
        edit_to - first_bar if bars else 0,
    )
    caught = sum(
        1
        for hit, error in zip(hits, errors, strict=True)
        if error <= float(hit.tolerance_seconds) + 1e-9
    )
    return Fit(
        summary,
        caught,
        len(hits),
        float(best.score[row]),
        offset,
        tuple(errors),
        edit,
        float(best.end[row]),
    )


def _samples(seconds: Fraction, rate: int) -> int:
    return math.floor(seconds * rate + Fraction(1, 2))


def _nearest_seconds(grids: _Grids, track: int, target: str, at: int, rate: int) -> float:
    if target == "downbeat":
        grid = grids.down_samples[grids.down_starts[track] : grids.down_starts[track + 1]]
    else:
        grid = grids.beat_samples[grids.beat_starts[track] : grids.beat_starts[track + 1]]
    if grid.size == 0:
        return math.inf
    points = [int(p) for p in grid]
    if target == "subdivision":
        points += [(a + b) / 2 for a, b in zip(points, points[1:], strict=False)]  # type: ignore[misc]
    return min(abs(at - p) for p in points) / rate


def fits_for_cue(
    project: Project,
    number: str,
    query: Query | None = None,
    *,
    index_path: Path | None = None,
    limit: int = 20,
) -> list[Fit]:
    """The ranked fits of the library's tracks to cue ``number`` of ``project``: opens the
    index (``index_path``, else the default one), searches, and closes it, so it may run in
    any thread (a UI's worker)."""
    from scoresync.library.index import default_index_path

    shape = cue_shape(project, number)
    with Index.open(index_path or default_index_path()) as index:
        return fit_tracks(index, shape, query, limit=limit)


def temp_for_fit(index: Index, fit: Fit, cue: Cue) -> CueTemp:
    """The temp music that plays ``fit`` on ``cue``: the track's file from the cue's start at
    the fit's offset, analysed with the hints the index used (so the bar lines are the
    same), playing its bars with the fit's edit."""
    from scoresync.project.model import CueTemp
    from tempo.map.meter import Meter

    record = next(iter(index.tracks("id = ?", (fit.track.track_id,))), None)
    if record is None:
        raise LibraryError(f"track {fit.track.track_id} is no longer in the library index")
    bars: tuple[tuple[int, int], ...] = ()
    if fit.edit.kind != "none":
        ranges = ((0, fit.edit.from_bar), (fit.edit.to_bar, len(record.downbeats)))
        bars = tuple((first, end) for first, end in ranges if first < end)
    low_high = record.hint_bpm_range
    return CueTemp(
        audio=record.path,
        at_frames=cue.start_frames,
        offset_samples=fit.offset_samples,
        meter=Meter.parse(record.hint_meter) if record.hint_meter else None,
        bpm_range=(Fraction(low_high[0]), Fraction(low_high[1])) if low_high else None,
        bars=bars,
    )
