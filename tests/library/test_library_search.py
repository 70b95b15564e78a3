"""Searching the index: every query's answer is what a brute-force filter over the same
rows gives, and "fits this cue" ranks as a track-by-track search over every placement
does."""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from library_support import synthetic_records

from scoresync.library.fits import CueHit, CueShape, cue_shape, fit_tracks
from scoresync.library.index import Index, LibraryError, TrackRecord
from scoresync.library.search import Query, find_tracks, parse_bpm_range

TAGS = ("waltz", "chase", "approved")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Index, list[TrackRecord]]]:
    """240 synthetic tracks, every fifth removed, tags on some."""
    path = tmp_path_factory.mktemp("search") / "library.sqlite"
    records = synthetic_records(240, seed=7)
    index = Index.open(path, create=True)
    index.store(records)
    rows = index.tracks()
    index.mark_removed(t.track_id for t in rows[::5] if t.track_id is not None)
    for number, tag in enumerate(TAGS):
        index.change_tags((t.track_id for t in rows[number::3] if t.track_id), add=[tag])
    yield index, index.tracks()
    index.close()


queries = st.builds(
    Query,
    bpm_range=st.none()
    | st.tuples(st.floats(50, 200), st.floats(0, 60)).map(lambda p: (p[0], p[0] + p[1])),
    meters=st.lists(st.sampled_from(["4/4", "3/4", "6/8", "5/4"]), max_size=2, unique=True).map(
        tuple
    ),
    min_seconds=st.none() | st.floats(0, 320),
    tags=st.lists(st.sampled_from(TAGS), max_size=2, unique=True).map(tuple),
    include_removed=st.booleans(),
)


def _matches(track: TrackRecord, query: Query) -> bool:
    if track.removed_at is not None and not query.include_removed:
        return False
    if query.bpm_range and not query.bpm_range[0] <= track.bpm <= query.bpm_range[1]:
        return False
    if query.meters and track.meter not in query.meters:
        return False
    if query.min_seconds is not None and track.duration_samples < (
        query.min_seconds * track.sample_rate
    ):
        return False
    return set(query.tags) <= set(track.tags)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries)
def test_a_search_finds_exactly_what_a_brute_force_filter_finds(
    library: tuple[Index, list[TrackRecord]], query: Query
) -> None:
    index, rows = library
    found = find_tracks(index, query)
    assert sorted(t.track_id for t in found) == sorted(
        t.track_id for t in rows if _matches(t, query)
    )
    if query.bpm_range is not None:
        middle = sum(query.bpm_range) / 2
        distances = [abs(t.bpm - middle) for t in found]
        assert distances == sorted(distances)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("90-100", (90.0, 100.0)), (" 96 ", (95.0, 97.0)), ("117.5-120", (117.5, 120.0))],
)
def test_tempo_ranges_read_as_typed(text: str, expected: tuple[float, float]) -> None:
    assert parse_bpm_range(text) == expected


@pytest.mark.parametrize("text", ["", "fast", "100-90", "0-10", "90-", "nan", "1e9"])
def test_a_tempo_range_that_is_not_one_says_how_to_write_it(text: str) -> None:
    with pytest.raises(LibraryError, match="LOW-HIGH"):
        parse_bpm_range(text)


def _brute_force_best(track: TrackRecord, cue: CueShape) -> tuple[float, float] | None:
    """The best (score, error) of any placement of the cue's first hit on the track's
    bar lines (or beats), one placement at a time."""
    rate = track.sample_rate
    beats = [b / rate for b in track.beats]
    bars = [b / rate for b in track.downbeats]
    first = float(cue.hits[0].seconds)
    span = float(cue.hits[-1].seconds) - first
    best = None
    for anchor in bars if cue.hits[0].target == "downbeat" else beats:
        if anchor - first < -1e-9 or anchor + span > track.duration_seconds:
            continue
        score, error = cue.hits[0].weight, 0.0
        for hit in cue.hits[1:]:
            at = anchor + float(hit.seconds) - first
            grid = bars if hit.target == "downbeat" else beats
            i = bisect.bisect_left(grid, at)
            near = [grid[j] for j in (i - 1, i) if 0 <= j < len(grid)]
            if hit.target == "subdivision" and len(near) == 2:
                near.append(sum(near) / 2)
            distance = min((abs(at - g) for g in near), default=float("inf"))
            tolerance = float(hit.tolerance_seconds) + 1e-9
            if distance <= tolerance:
                score, error = score + hit.weight, error + distance
            else:
                error += tolerance
        if best is None or (score, -error) > (best[0], -best[1]):
            best = (score, error)
    return best


CUE = CueShape(
    "1M1",
    Fraction(95),
    (
        CueHit(Fraction(3), "downbeat", 2.0, Fraction(1, 24)),
        CueHit(Fraction(77, 4), "beat", 1.0, Fraction(1, 24)),
        CueHit(Fraction(31), "subdivision", 1.0, Fraction(1, 24)),
        CueHit(Fraction(60), "downbeat", 1.0, Fraction(1, 24)),
    ),
)


def test_the_fits_rank_as_a_search_over_every_placement_of_every_track(
    library: tuple[Index, list[TrackRecord]],
) -> None:
    index, rows = library
    query = Query(meters=("4/4", "3/4"))
    fits = fit_tracks(index, CUE, query, limit=500, threads=2)
    present = [t for t in rows if _matches(t, query)]
    brute = {t.track_id: _brute_force_best(t, CUE) for t in present}
    placed = {track_id: best for track_id, best in brute.items() if best is not None}
    assert sorted(f.track.track_id for f in fits) == sorted(placed)
    for fit in fits:
        score, error = placed[fit.track.track_id]
        assert fit.score == pytest.approx(score)
        assert sum(
            min(e, float(h.tolerance_seconds))
            for e, h in zip(fit.hit_errors_seconds, CUE.hits, strict=True)
        ) == pytest.approx(error, abs=1e-4)
    scores = [f.score for f in fits]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] == max(best[0] for best in placed.values())


def test_a_fit_places_the_cue_so_its_hits_land_and_the_edit_ends_the_music_with_it(
    library: tuple[Index, list[TrackRecord]],
) -> None:
    index, rows = library
    by_id = {t.track_id: t for t in rows}
    for fit in fit_tracks(index, CUE, limit=40):
        track = by_id[fit.track.track_id]
        rate = track.sample_rate
        first_at = fit.offset_samples + round(float(CUE.hits[0].seconds) * rate)
        assert first_at in track.downbeats
        assert fit.offset_samples >= 0
        assert fit.caught == sum(
            e <= float(h.tolerance_seconds) + 1e-6
            for e, h in zip(fit.hit_errors_seconds, CUE.hits, strict=True)
        )
        end = (track.duration_samples - fit.offset_samples) / rate - float(CUE.length_seconds)
        if fit.edit.kind == "none":
            assert fit.end_seconds == pytest.approx(end, abs=1e-6)
            continue
        assert fit.edit.from_samples in track.downbeats and fit.edit.to_samples in track.downbeats
        last_hit = fit.offset_samples + float(CUE.hits[-1].seconds) * rate
        assert fit.edit.from_samples >= last_hit - 1
        jumped = (fit.edit.to_samples - fit.edit.from_samples) / rate
        assert fit.end_seconds == pytest.approx(end - jumped, abs=1e-6)
        assert abs(fit.end_seconds) < abs(end)


def test_a_track_at_the_scenes_tempo_fits_better_than_one_that_is_not(tmp_path: Path) -> None:
    rate = 48000

    def track(number: int, bpm: float, seconds: float) -> TrackRecord:
        beats = [round(i * 60 / bpm * rate) for i in range(int(seconds * bpm / 60))]
        return TrackRecord(
            f"/music/{number}.wav",
            f"{number:064x}",
            1,
            1,
            rate,
            round(seconds * rate),
            bpm,
            bpm,
            bpm,
            1.0,
            "4/4",
            tuple(beats),
            tuple(beats[::4]),
            -20.0,
            "test",
            "1",
        )

    # hits 2 s, 6 s and 9.5 s into the cue: on beats at 120 BPM, not at 100 or 132.
    cue = CueShape(
        "2M3",
        Fraction(20),
        tuple(CueHit(Fraction(s), "beat", 1.0, Fraction(1, 24)) for s in (2, 6, Fraction(19, 2))),
    )
    with Index.open(tmp_path / "library.sqlite", create=True) as index:
        index.store([track(1, 100, 40), track(2, 120, 40), track(3, 132, 40), track(4, 120, 8)])
        fits = fit_tracks(index, cue)
    assert [f.track.path for f in fits[:1]] == ["/music/2.wav"]
    assert (fits[0].caught, fits[0].hits, fits[0].edit.kind) == (3, 3, "remove")
    assert fits[0].end_seconds == pytest.approx(0, abs=1.0)
    # 8 s of music cannot hold hits 7.5 s apart from a beat 2 s or more into it.
    assert "/music/4.wav" not in [f.track.path for f in fits]


def test_the_hits_of_a_cue_are_its_must_hits_in_exact_seconds_from_its_start() -> None:
    import dataclasses

    from project_support import small_project

    project = small_project()
    shape = cue_shape(project, "1M1")
    assert shape.length_seconds == 30
    assert [(h.seconds, h.label) for h in shape.hits] == [(Fraction(21, 2), "whistle")]
    assert shape.hits[0].tolerance_seconds == Fraction(1, 24)
    soft = dataclasses.replace(
        project.cue("1M1"),
        hits=tuple(dataclasses.replace(h, must_hit=False) for h in project.cue("1M1").hits),
    )
    every = cue_shape(project.replace_cue("1M1", soft), "1M1")
    assert [h.seconds for h in every.hits] == [2, Fraction(21, 2)]
    with pytest.raises(LibraryError, match="no hits"):
        cue_shape(project, "1M2")


def test_a_fit_used_as_temp_plays_the_track_from_its_offset_with_its_edit(
    tmp_path: Path,
) -> None:
    from project_support import small_project

    from scoresync.library.fits import fits_for_cue, temp_for_fit

    path = tmp_path / "library.sqlite"
    records = synthetic_records(30, seed=11)
    records[0] = dataclasses.replace(records[0], hint_meter="3/4", hint_bpm_range=(90.0, 110.0))
    with Index.open(path, create=True) as index:
        index.store(records)
    project = small_project()
    fits = fits_for_cue(project, "1M1", index_path=path, limit=30)
    assert len(fits) == 30
    cue = project.cue("1M1")
    with Index.open(path) as index:
        for fit in fits:
            temp = temp_for_fit(index, fit, cue)
            record = index.tracks("id = ?", (fit.track.track_id,))[0]
            assert (temp.audio, temp.at_frames) == (record.path, cue.start_frames)
            assert temp.offset_samples == fit.offset_samples
            bars = len(record.downbeats)
            if fit.edit.kind == "none":
                assert temp.bars == ()
            else:
                assert temp.bars == ((0, fit.edit.from_bar), (fit.edit.to_bar, bars))
                assert record.downbeats[fit.edit.from_bar] == fit.edit.from_samples
                assert record.downbeats[fit.edit.to_bar] == fit.edit.to_samples
            hinted = record.path == records[0].path
            assert (str(temp.meter) if temp.meter else None) == ("3/4" if hinted else None)
            assert temp.bpm_range == ((90, 110) if hinted else None)
