"""Markers, one per event: points less than a window apart merge into one marker at the
tick of the lowest rank, their texts in rank order; timecodes once or per text."""

from __future__ import annotations

from fractions import Fraction

from tempo.midi.events import TextEvent
from tempo.midi.markers import NamedPoint, merged_markers

HALF_FRAME = Fraction(1, 48)  # at 24 fps

CUE, PICKUP, BAR, HIT, START = range(5)


def events(points: list[NamedPoint], **options: object) -> list[TextEvent]:
    return [
        marker.event
        for marker in merged_markers(points, within_seconds=HALF_FRAME, **options)  # type: ignore[arg-type]
    ]


def test_near_twins_are_one_marker_at_the_leading_point() -> None:
    # the cue start (a frame) 2 ticks (1 ms at 120 BPM) before the pickup
    points = [
        NamedPoint(1920, Fraction(-1, 2), "Pickup", PICKUP),
        NamedPoint(1918, Fraction(-1, 2) - Fraction(1, 960), "1M5 start", START, "cue"),
    ]
    assert events(points) == [TextEvent(1920, "Pickup / 1M5 start", "marker")]


def test_points_half_a_frame_apart_stay_apart() -> None:
    points = [
        NamedPoint(0, Fraction(0), "bar 5", BAR),
        NamedPoint(40, HALF_FRAME, "car horn", HIT),
    ]
    assert events(points) == [TextEvent(0, "bar 5"), TextEvent(40, "car horn")]


def test_the_cue_name_leads_so_the_downbeat_marker_starts_with_the_cue_number() -> None:
    points = [
        NamedPoint(3, Fraction(1, 200), "door slam", HIT),
        NamedPoint(0, Fraction(0), "bar 1", BAR),
        NamedPoint(0, Fraction(0), "1M1 Opening", CUE),
    ]
    assert events(points) == [TextEvent(0, "1M1 Opening / bar 1 / door slam")]


def test_two_points_of_one_rank_never_merge() -> None:
    points = [
        NamedPoint(0, Fraction(0), "bar 7", BAR),
        NamedPoint(9, Fraction(1, 100), "bar 8", BAR),
    ]
    assert [e.text for e in events(points)] == ["bar 7", "bar 8"]


def test_cue_points_stay_cue_points_unless_merged() -> None:
    points = [
        NamedPoint(0, Fraction(0), "1M1 start", START, "cue"),
        NamedPoint(5000, Fraction(3), "1M1 end", START + 1, "cue"),
    ]
    assert events(points) == [TextEvent(0, "1M1 start", "cue"), TextEvent(5000, "1M1 end", "cue")]


def test_timecodes_once_when_shared_else_after_each_text() -> None:
    shared = [
        NamedPoint(0, Fraction(0), "bar 5", BAR, timecode="01:02:03:04"),
        NamedPoint(2, Fraction(1, 1000), "car horn", HIT, timecode="01:02:03:04"),
    ]
    assert events(shared, with_timecode=True) == [TextEvent(0, "bar 5 / car horn 01:02:03:04")]
    apart = [
        NamedPoint(0, Fraction(0), "bar 5", BAR, timecode="01:02:03:05"),
        NamedPoint(-20, Fraction(-1, 100), "car horn", HIT, timecode="01:02:03:04"),
    ]
    assert events(apart, with_timecode=True) == [
        TextEvent(0, "bar 5 01:02:03:05 / car horn 01:02:03:04")
    ]
    assert events(apart) == [TextEvent(0, "bar 5 / car horn")]


def test_a_marker_before_tick_0_is_left_out_and_text_is_made_midi_safe() -> None:
    points = [
        NamedPoint(-300, Fraction(-1), "1M1 start", START, "cue"),
        NamedPoint(0, Fraction(0), "Café ő", HIT),
    ]
    assert events(points) == [TextEvent(0, "Café o")]
