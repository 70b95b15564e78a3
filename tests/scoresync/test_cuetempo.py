"""A cue's tempo in picture time: Find Tempo input, applying, bar and hit listings."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoresync.cuetempo.find import (
    GRIDS,
    FindOptions,
    HitReport,
    applied_text,
    apply_tempo_map,
    bar_rows,
    beat_grid,
    candidate_map,
    check_pickup,
    downbeat_frames_for,
    find_cue_tempo,
    find_request,
    hit_report,
    hit_rows,
    normalise_downbeat,
    plan_cue_tempo,
    plan_map,
    preferred_bpm,
    settled_bpm,
)
from scoresync.errors import ScoreSyncError, UsageError
from scoresync.picture.rates import RATES, FrameRate
from scoresync.picture.timecode import frames_to_tc, tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.model import Cue, Hit, HitTarget
from tempo.map.meter import Meter
from tempo.map.tempomap import TempoMap

RATE = RATES["24"]


def frames(label: str) -> int:
    return tc_to_frames(label, rate=RATE)


def cue_with(*hits: Hit) -> Cue:
    return Cue(
        CueNumber.parse("1M1"), "Opening", frames("01:00:00:00"), frames("01:00:20:00"), hits=hits
    )


def test_request_measures_hits_from_the_downbeat_with_each_targets_grid() -> None:
    cue = cue_with(
        Hit(frames("01:00:02:00")),
        Hit(frames("01:00:03:06"), target=HitTarget.SUBDIVISION),
        Hit(frames("01:00:08:00"), target=HitTarget.DOWNBEAT, tolerance_frames=Fraction(1, 2)),
    )
    downbeat, request = find_request(cue, RATE, FindOptions(meter=Meter.parse("3/4")))
    assert downbeat == frames("01:00:00:00")
    assert [h.seconds for h in request.hits] == [2, Fraction(13, 4), 8]
    assert [h.grid for h in request.hits] == [1, 2, Fraction(1, 3)]
    assert request.hits[2].tolerance_seconds == Fraction(1, 48)
    assert request.tolerance_seconds == Fraction(1, 24)


def test_find_prefers_a_whole_bpm_when_applying() -> None:
    cue = cue_with(*(Hit(frames(tc)) for tc in ("01:00:02:00", "01:00:04:00", "01:00:05:12")))
    result = find_cue_tempo(cue, RATE, FindOptions(min_bpm=Fraction(100), max_bpm=Fraction(130)))
    tempo_map = candidate_map(result)
    assert tempo_map.segments[0].bpm == 120
    placed = apply_tempo_map(cue, tempo_map, result.downbeat_frames, rate=RATE)
    assert [b.tc for b in bar_rows(placed, RATE)][:3] == [
        "01:00:00:00",
        "01:00:02:00",
        "01:00:04:00",
    ]
    assert [(r.nearest, r.frames_off, r.status) for r in hit_rows(placed, RATE)] == [
        ("2|1", 0.0, "hit"),
        ("3|1", 0.0, "hit"),
        ("3|4", 0.0, "hit"),
    ]


def test_the_applied_text_says_which_tempo_of_the_candidate_it_is() -> None:
    """A nice tempo is said with the best fit beside it; the best fit itself is called
    that, and, when the candidate has no nice tempo, why applying stores it."""
    cue = cue_with(*(Hit(frames(tc)) for tc in ("01:00:02:00", "01:00:04:01", "01:00:05:12")))
    result = find_cue_tempo(cue, RATE, FindOptions(min_bpm=Fraction(100), max_bpm=Fraction(130)))
    nice = result.candidates[0]  # best fit 119.6033, nice tempos 120, 119.5, 119.75 ...
    best = settled_bpm(nice)
    assert nice.nice_bpms and nice.nice_bpms[0] == 120
    assert applied_text(nice, Fraction(120)) == "120 BPM (best fit 119.6)"
    assert applied_text(nice, best) == "its best fit, 119.6 BPM"
    plain = dataclasses.replace(nice, nice_bpms=())
    assert applied_text(plain, preferred_bpm(plain)) == (
        "its best fit, 119.6 BPM (no nice tempo inside its interval)"
    )
    on_the_dot = dataclasses.replace(nice, nice_bpms=(best,))
    assert applied_text(on_the_dot, best) == "119.6 BPM"  # nice and the best fit at once


def test_hit_rows_measure_each_hit_against_its_targets_grid() -> None:
    cue = apply_tempo_map(
        cue_with(
            Hit(frames("01:00:02:06")),
            Hit(frames("01:00:02:06"), target=HitTarget.SUBDIVISION),
            Hit(frames("01:00:03:12"), target=HitTarget.DOWNBEAT),
        ),
        TempoMap.constant(120),
        frames("01:00:00:00"),
        rate=RATE,
    )
    rows = hit_rows(cue, RATE)
    assert (rows[0].nearest, rows[0].frames_off, rows[0].status) == ("2|1", -6.0, "miss")
    assert (rows[1].nearest, rows[1].frames_off, rows[1].status) == ("2|1|480", 0.0, "hit")
    assert (rows[2].nearest, rows[2].frames_off) == ("3|1", 12.0)


def test_bars_at_23976_keep_the_exact_time_as_a_subframe() -> None:
    rate = RATES["23.976"]
    start = tc_to_frames("01:00:00:00", rate=rate)
    cue = apply_tempo_map(
        Cue(CueNumber.parse("1M1"), "", start, start + 24 * 60),
        TempoMap.constant(120),
        start,
        rate=rate,
    )
    rows = bar_rows(cue, rate)
    # bar 2 is 2 s after the downbeat: 2 * 24000/1001 = 47.952 frames
    assert rows[1].frames - start == 48
    assert rows[1].subframe == pytest.approx(float(Fraction(48000, 1001) - 48), abs=1e-12)
    assert len(beat_grid(cue, rate)) == len(rows) * 4 - 3


@pytest.mark.parametrize(
    ("downbeat", "message"),
    [("hit:3", "hit:1 to hit:2"), ("hit:x", "hit:1 to hit:2"), ("later", "later")],
)
def test_bad_downbeats(downbeat: str, message: str) -> None:
    cue = cue_with(Hit(frames("01:00:02:00")), Hit(frames("01:00:04:00")))
    with pytest.raises(ScoreSyncError, match=message):
        downbeat_frames_for(cue, downbeat, RATE)


@pytest.mark.parametrize(
    ("downbeat", "message"),
    [
        (
            "hit:2",
            "hit 1 'door slam' at 01:00:02:00 falls before the downbeat 01:00:04:00 (hit 2): "
            "Find Tempo measures hits from bar 1, so put the downbeat on hit 1 or earlier "
            "(hit:1, start or an earlier timecode), or remove the hit before it",
        ),
        (
            "01:00:05:00",
            "2 hits fall before the downbeat 01:00:05:00, the first hit 1 'door slam' at "
            "01:00:02:00: Find Tempo measures hits from bar 1, so put the downbeat on hit 1 "
            "or earlier (hit:1, start or an earlier timecode), or remove the hits before it",
        ),
    ],
)
def test_hits_before_the_downbeat_are_named_by_number_and_timecode(
    downbeat: str, message: str
) -> None:
    """Find Tempo and the planner refuse hits before bar 1 in the words ``hit list`` and
    the picture use (its number, label and timecode), never as seconds from the
    downbeat."""
    cue = cue_with(
        Hit(frames("01:00:02:00"), label="door slam"),
        Hit(frames("01:00:04:00")),
        Hit(frames("01:00:06:00")),
    )
    for search in (find_cue_tempo, plan_cue_tempo):
        with pytest.raises(UsageError) as raised:
            search(cue, RATE, FindOptions(downbeat=downbeat))
        assert str(raised.value) == message


def test_a_hit_with_no_tolerance_at_all_is_named_not_timed() -> None:
    cue = cue_with(Hit(frames("01:00:02:00")), Hit(frames("01:00:04:00"), tolerance_frames=0))
    with pytest.raises(UsageError) as raised:
        find_cue_tempo(cue, RATE)
    assert str(raised.value) == (
        "hit 2 at 01:00:04:00 has a tolerance of 0 frames, which catches nothing: give it a "
        "tolerance above 0 frames, or none to use the search's tolerance"
    )


def test_a_cue_without_hits_or_map_says_what_to_do() -> None:
    with pytest.raises(ScoreSyncError, match="no hits"):
        find_cue_tempo(cue_with(), RATE)
    with pytest.raises(ScoreSyncError, match="no tempo map"):
        bar_rows(cue_with(), RATE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "start"),
        ("Start", "start"),
        ("hit 3", "hit:3"),
        ("h2", "hit:2"),
        ("#4", "hit:4"),
        ("anchor", "anchor"),
        ("01:00:02:00", "01:00:02:00"),
    ],
)
def test_downbeat_text_is_normalised(text: str, expected: str) -> None:
    assert normalise_downbeat(text) == expected


def test_pickup_must_be_less_than_a_bar() -> None:
    assert check_pickup(Fraction(3, 2), Meter.parse("4/4"), None) == Fraction(3, 2)
    with pytest.raises(UsageError, match="less than one bar"):
        check_pickup(Fraction(2), Meter.parse("6/8"), None)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (dict(tolerance_frames=Fraction(20)), "at most 12 frames, got 20"),
        (dict(tolerance_frames=Fraction(0)), "more than 0"),
        (dict(pickup_beats=Fraction(4)), r"less than one bar \(4 quarter beats of 4/4\), got 4"),
        (dict(pickup_beats=Fraction(-1)), "pickup must be from 0 to 1000 beats, got -1"),
        (dict(min_bpm=Fraction(200), max_bpm=Fraction(100)), r"above min BPM \(200\)"),
        (dict(min_bpm=Fraction(0)), "min BPM must be from 1 to 1000 BPM, got 0"),
    ],
)
def test_the_options_refuse_what_both_fronts_refuse(options: dict, message: str) -> None:
    """The command line and the Tempo screen both build :class:`FindOptions`, so both
    refuse a 20-frame tolerance or a pickup of a bar with the same words."""
    with pytest.raises(ScoreSyncError, match=message):
        FindOptions(**options)


def test_the_options_spell_the_downbeat_one_way() -> None:
    assert FindOptions(downbeat="h2").downbeat == "hit:2"


# --- what Find Tempo and the planner report is what the map gives ---------------------

PROPERTY_RATES = [RATES["24"], RATES["23.976"]]
PROPERTY_METERS = ["4/4", "6/8", "7/8"]
TARGETS = [HitTarget.BEAT, HitTarget.SUBDIVISION, HitTarget.DOWNBEAT]
TOLERANCES = [None, None, Fraction(1, 2), Fraction(2)]


@st.composite
def cue_searches(draw: st.DrawFn) -> tuple[Cue, FrameRate, FindOptions]:
    """A cue of random hits, a meter, a grid, a pickup and a downbeat choice."""
    rate = draw(st.sampled_from(PROPERTY_RATES))
    start = tc_to_frames("01:00:00:00", rate=rate)
    offsets = sorted(draw(st.lists(st.integers(0, 30 * 24), min_size=2, max_size=9, unique=True)))
    hits = tuple(
        Hit(
            start + offset,
            weight=draw(st.sampled_from([0.5, 1.0, 2.0])),
            target=draw(st.sampled_from(TARGETS)),
            tolerance_frames=draw(st.sampled_from(TOLERANCES)),
        )
        for offset in offsets
    )
    cue = Cue(CueNumber.parse("1M1"), "", start, start + offsets[-1] + 24, hits=hits)
    meter = Meter.parse(draw(st.sampled_from(PROPERTY_METERS)))
    bar_beats = meter.beats_per_bar(meter.default_beat_unit())
    first = offsets[0]
    downbeat = draw(
        st.sampled_from(["start", "hit:1", frames_to_tc(start + first // 2, rate=rate)])
    )
    options = FindOptions(
        min_bpm=Fraction(draw(st.sampled_from([40, 60, 100]))),
        max_bpm=Fraction(draw(st.sampled_from([160, 240]))),
        tolerance_frames=draw(st.sampled_from([Fraction(1), Fraction(1, 2), Fraction(2)])),
        grid=draw(st.sampled_from(GRIDS)),
        meter=meter,
        pickup_beats=Fraction(draw(st.integers(0, int(bar_beats) - 1))),
        downbeat=downbeat,
        top=3,
    )
    return cue, rate, options


def assert_figures_are_the_maps(figures, report: HitReport, fps: Fraction) -> None:  # noqa: ANN001
    """A candidate's or plan's figures equal ``hit_report`` on the map they stand for."""
    assert [r.status for r in figures.per_hit] == [row.status for row in report.rows]
    assert [round(r.frames_off, 3) for r in figures.per_hit] == [
        row.frames_off for row in report.rows
    ]
    assert (figures.hits, figures.near, figures.miss) == (report.hits, report.near, report.miss)
    assert figures.weighted_hits == report.weighted_hits
    assert figures.rms_seconds * float(fps) == report.rms_frames


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cue_searches())
def test_candidate_figures_are_what_the_candidates_map_gives(search) -> None:  # noqa: ANN001
    """For the best fit, the tempo applying stores and every nice tempo offered, the
    per-hit offsets and statuses, counts and RMS Find Tempo reports are what ``tempo show``
    measures on the map applying the candidate at that tempo stores."""
    cue, rate, options = search
    result = find_cue_tempo(cue, rate, options)
    for index, candidate in enumerate(result.candidates):
        tempos = {candidate.exact_bpm, settled_bpm(candidate), preferred_bpm(candidate)}
        for bpm in sorted(tempos | set(candidate.nice_bpms)):
            placed = apply_tempo_map(
                cue, candidate_map(result, index, bpm=bpm), result.downbeat_frames, rate=rate
            )
            report = hit_report(
                placed, rate, tolerance_frames=options.tolerance_frames, grid=options.grid
            )
            assert_figures_are_the_maps(candidate.figures_at(bpm), report, rate.fps)
        assert candidate.figures == candidate.figures_at(candidate.exact_bpm)
        for result_hit, hit in zip(candidate.per_hit, cue.hits, strict=True):
            tolerance = (
                options.tolerance_frames if hit.tolerance_frames is None else hit.tolerance_frames
            )
            if result_hit.status == "hit":
                assert abs(Fraction(result_hit.frames_off)) <= tolerance * (1 + Fraction(1, 10**9))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cue_searches(), st.booleans())
def test_plan_figures_are_what_the_plans_map_gives(search, ramps: bool) -> None:  # noqa: ANN001
    cue, rate, options = search
    downbeat, plan = plan_cue_tempo(cue, rate, options, allow_ramps=ramps, max_segments=3)
    placed = apply_tempo_map(cue, plan_map(plan, options), downbeat, rate=rate)
    report = hit_report(placed, rate, tolerance_frames=options.tolerance_frames, grid=options.grid)
    assert_figures_are_the_maps(plan, report, rate.fps)
    assert sum(s.hits_caught for s in plan.segments) == report.hits
