"""Final Cut Pro 7 XML, AAF and OpenTimelineIO files read through OpenTimelineIO: every
real one reads (or, for the few that are not readable cuts, says why in one line), one
cut in several containers gives one picture, and speed effects, transitions and drop
frame come through."""

from __future__ import annotations

import builtins
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from cuts_support import aaf_names, fixture, fixture_names, read_fixture

from scoresync.editorial.layer import Alignment, Cut, CutFileError, EventKind, Track
from scoresync.editorial.read import read_cut
from scoresync.picture.rates import parse_rate

pytest.importorskip("opentimelineio")

NOT_CUTS = {
    "otio-fcp-adapter/premiere_example_filter.xml": "not a cut",
    "turnovertools/R2-v29_Flattened.xml": "FilmScribe",
    "OpenTimelineIO/premiere_example.otio": "newer OpenTimelineIO (Marker.3)",
    "OpenTimelineIO/screening_example.otio": "newer OpenTimelineIO (Marker.3)",
}
"""Files in the fixtures that are not cuts this OpenTimelineIO reads, and what their one
line of error says."""

XML_AND_OTIO = fixture_names("**/*.xml", "**/*.otio")


@pytest.mark.parametrize("name", [*XML_AND_OTIO, *aaf_names()])
def test_every_real_xml_aaf_and_otio_cut_reads_or_says_why(name: str) -> None:
    if name in NOT_CUTS:
        with pytest.raises(
            CutFileError, match=NOT_CUTS[name].replace("(", r"\(").replace(")", r"\)")
        ):
            read_cut(fixture(name), rate=None)
        return
    cut = read_fixture(name)
    assert cut.rate.fps in {
        Fraction(24000, 1001),
        24,
        25,
        Fraction(30000, 1001),
        30,
        60,
        Fraction(60000, 1001),
    }
    picture = [event for event in cut.events if event.record_out > event.record_in]
    assert all(a.record_out <= b.record_in for a, b in zip(picture, picture[1:], strict=False))
    assert all(event.track is Track.PICTURE for event in cut.events)
    assert all(event.track is not Track.PICTURE for event in cut.others)


def _shape(cut: Cut) -> list[tuple[object, ...]]:
    """The picture relative to the record start: lengths, kinds and clip names."""
    return [
        (
            event.record_in - cut.record_start,
            event.record_out - cut.record_start,
            event.kind,
            event.source.clip_name if event.source else None,
            None
            if event.source_in is None or event.source_out is None
            else event.source_out - event.source_in,
        )
        for event in cut.events
    ]


def _picture(cut: Cut) -> list[tuple[object, ...]]:
    return [
        (e.record_in, e.record_out, e.kind, e.source.key if e.source else None, e.source_in)
        for e in cut.events
    ]


def test_a_multitrack_sequence_reads_as_its_flattened_copy() -> None:
    multitrack = read_fixture("otio-aaf-adapter/multitrack.aaf")
    assert _picture(multitrack) == _picture(read_fixture("otio-aaf-adapter/preflattened.aaf"))
    # the OTIO copy has no start timecode, no media paths and sources from frame 0
    assert _shape(multitrack) == _shape(read_fixture("OpenTimelineIO/multitrack.otio"))
    names = [event.source.clip_name for event in multitrack.clips if event.source]
    assert names == [
        "tech.fux (loop)-HD.mp4",
        "t-hawk (loop)-HD.mp4",
        "out-b (loop)-HD.mp4",
        "KOLL-HD.mp4",
        "brokchrd (loop)-HD.mp4",
    ]
    assert multitrack.record_end - multitrack.record_start == 3282


def test_simple_aaf_holds_the_same_five_shots_over_the_same_length() -> None:
    """The MANIFEST groups simple.aaf with multitrack.aaf; its cut of the five shots is
    another one (each shot whole, one after another), so only the shots and the length
    are the same."""
    simple = read_fixture("otio-aaf-adapter/simple.aaf")
    multitrack = read_fixture("otio-aaf-adapter/multitrack.aaf")
    assert {e.source.key for e in simple.clips if e.source} == {
        e.source.key for e in multitrack.clips if e.source
    }
    assert simple.record_end - simple.record_start == 3282
    assert [(e.record_in, e.record_out) for e in simple.events][:2] == [
        (86400, 87120),
        (87120, 87600),
    ]


def test_a_nest_reads_as_its_flattened_copy() -> None:
    nested = read_fixture("otio-aaf-adapter/nesting_test.aaf")
    flat = read_fixture("otio-aaf-adapter/nesting_test_preflattened.aaf")
    assert _picture(nested) == _picture(flat)
    assert nested.record_end - nested.record_start == 48


def test_avid_speed_effects_give_exact_speeds_and_sources() -> None:
    cut = read_fixture("otio-aaf-adapter/misc_speed_effects.aaf")
    assert [event.speed for event in cut.events] == [
        1,
        0,
        2,
        Fraction(1, 2),
        3,
        Fraction(3, 8),
        Fraction(115, 8),
        Fraction(3, 8),
        -1,
        1,
    ]
    freeze, double = cut.events[1], cut.events[2]
    assert (freeze.source_in, freeze.source_out) == (32, 33)
    assert (double.source_in, double.source_out) == (0, 16)
    reverse = cut.events[8]
    assert (reverse.source_in, reverse.source_out) == (86416, 86424)


def test_a_keyframed_retime_is_a_note_on_its_event() -> None:
    cut = read_fixture("pyaaf2/retimes/bezier01.aaf")
    (event,) = cut.events
    (note,) = [note for note in cut.notes if "retime lost" in note.message]
    assert note.origin.path == event.origin.path
    assert "Unknown Time Warp" in note.message


def test_all_fifteen_transitions_of_the_avid_sequence_are_kept() -> None:
    cut = read_fixture("otio-aaf-adapter/transitions.aaf")
    transitions = [e.transition for e in cut.events + cut.others if e.transition]
    assert len(transitions) == 15
    picture = [event.transition for event in cut.events if event.transition]
    assert [(t.duration_frames, t.alignment) for t in picture] == [
        (12, Alignment.START),
        (48, Alignment.END),
        (24, Alignment.CENTRE),
        (48, Alignment.CENTRE),
        (48, Alignment.END),
    ]
    assert cut.events[-1].kind is EventKind.GAP
    assert cut.events[-1].duration_frames == 0


def test_drop_frame_comes_from_the_aaf_timecode() -> None:
    cut = read_fixture("otio-aaf-adapter/2997fps-DFTC.aaf")
    assert cut.rate == parse_rate("29.97df")
    assert cut.record_start == 539460  # 05:00:00;00


def test_a_muted_clip_is_a_gap_with_a_note() -> None:
    cut = read_fixture("otio-aaf-adapter/test_muted_clip.aaf")
    assert [event.kind for event in cut.events] == [EventKind.GAP]
    assert any("turned off" in note.message for note in cut.notes)


def test_graphics_on_a_higher_track_lie_over_the_picture() -> None:
    cut = read_fixture("raven/ElFuente_4096x2160_60fps_10bit_420_remix1.otio")
    assert [event.source.clip_name for event in cut.clips if event.source] == [
        "BoxingPractice",
        "FoodMarket2",
        "Narrator",
        "RitualDanceShot",
        "Tango",
    ]
    assert sum(1 for event in cut.events if event.transition) == 4
    assert [event.source.clip_name for event in cut.others if event.source] == ["Overlay"] * 5


def test_premiere_xml_keeps_its_rate_reels_and_transitions() -> None:
    cut = read_fixture("otio-fcp-adapter/premiere_example.xml")
    assert cut.rate == parse_rate("30")
    assert sum(1 for event in cut.events + cut.others if event.transition) == 3
    hiero = read_fixture("otio-fcp-adapter/hiero_xml_export.xml")
    assert hiero.record_start == 86400
    assert any("'Time Remap'" in note.message for note in hiero.notes)


def test_a_newer_otio_file_names_the_schema_and_the_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "newer.otio"
    path.write_text(
        json.dumps(
            {
                "OTIO_SCHEMA": "Timeline.1",
                "name": "t",
                "tracks": {
                    "OTIO_SCHEMA": "Stack.1",
                    "children": [],
                    "markers": [{"OTIO_SCHEMA": "Marker.9", "name": "m"}],
                },
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(CutFileError) as raised:
        read_cut(path, rate=None)
    message = str(raised.value)
    assert "written by a newer OpenTimelineIO (Marker.9)" in message
    assert "reads up to Marker.2" in message
    assert message.endswith("upgrade with pip install -U opentimelineio")


def test_without_the_cuts_extra_the_message_names_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_import = builtins.__import__

    def no_otio(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "opentimelineio" or name.startswith("opentimelineio."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_otio)
    with pytest.raises(CutFileError, match=r"pip install 'scoresync\[cuts\]'"):
        read_cut(fixture("OpenTimelineIO/transition.otio"), rate=None)
