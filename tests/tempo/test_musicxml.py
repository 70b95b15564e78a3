"""The MusicXML skeleton: measure plans (known answers), music21 reading our file back,
well-formed stable bytes and the golden file. Playback is checked in
``test_musicxml_playback.py``, the page and its directions in ``test_musicxml_page.py``.

After a reviewed change of format, ``pytest --regen-golden`` rewrites the golden file.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from fractions import Fraction

import pytest

from tempo.common.errors import ExportError
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap
from tempo.musicxml.skeleton import (
    DirectionKind,
    HitMark,
    ScoreHeader,
    musicxml_bytes,
    mxl_bytes,
    plan_skeleton,
    write_skeleton,
)

HEADER = ScoreHeader(
    title="1M1 Opening",
    number="1M1",
    work_title="Night Train",
    lines=("downbeat (bar 1) 01:00:10:00", "cue 01:00:08:00 to 01:00:40:00", "23.976 fps"),
    tempo_lines=("120 BPM (quarter), 4/4 from bar 0", "rit. 120 to 96 BPM, bars 5-6"),
)


def film_map() -> TempoMap:
    """A pickup beat, 4 bars of 4/4 at 120, a 2-bar ritardando to 96, 2 bars of 3+3+2/8,
    then 6/8 in dotted quarters at 72."""
    return TempoMap(
        (
            Segment(16, 120),
            Segment(8, 120, 96, "linear_time"),
            Segment(16, 240, meter="3+3+2/8"),
            Segment(None, 72, meter="6/8"),
        ),
        pickup_beats=1,
    )


MARKS = [
    HitMark(Fraction(4), "door slam"),
    HitMark(Fraction(1, 3) + 8, "whistle", True),
    HitMark(Fraction(6, 5) + 12, "glance"),
    HitMark(Fraction(7, 2) + 24, "snap"),
    HitMark(Fraction(-3), "too early"),
]


@pytest.fixture(scope="module")
def plan():
    tempo_map = film_map()
    end = tempo_map.seconds_at_quarters(38)  # bar 11 starts there: through bar 10
    labels = {bar.number: f"01:00:{bar.number:02d}:00" for bar in tempo_map.bars(end)}
    return plan_skeleton(tempo_map, end_seconds=end, bar_labels=labels, hit_marks=MARKS)


@pytest.fixture(scope="module")
def xml_bytes(plan) -> bytes:
    return musicxml_bytes(plan, HEADER)


@pytest.fixture(scope="module")
def parsed(xml_bytes):
    music21 = pytest.importorskip("music21")
    return music21.converter.parse(xml_bytes.decode("utf-8"), format="musicxml")


# -- the plan -----------------------------------------------------------------------------------


def test_measures_cover_the_map_from_the_pickup(plan):
    numbers = [m.number for m in plan.measures]
    assert numbers == list(range(0, 11))
    pickup = plan.measures[0]
    assert pickup.padding_quarters == 3 and pickup.length_quarters == 1
    for measure in plan.measures[1:]:
        assert measure.length_quarters == measure.meter.bar_quarters
    shown = [(m.number, str(m.meter)) for m in plan.measures if m.show_meter]
    assert shown == [(0, "4/4"), (7, "3+3+2/8"), (9, "6/8")]


def test_every_direction_starts_on_a_rest(plan):
    for measure in plan.measures:
        starts, position = set(), Fraction(0)
        for rest in measure.rests:
            starts.add(position)
            position += rest
        for direction in measure.directions:
            assert direction.offset in starts, (measure.number, direction)


def directions(plan, kind):
    return [
        (m.number, d.offset, d.text) for m in plan.measures for d in m.directions if d.kind is kind
    ]


def test_hits_land_rounded_at_their_bars(plan):
    assert directions(plan, DirectionKind.HIT) == [
        (2, 0, "door slam"),
        (4, Fraction(5, 4), "glance"),  # 1.2 quarters is nearer a sixteenth than a triplet
        (7, Fraction(7, 2), "snap"),
    ]
    assert directions(plan, DirectionKind.MUST_HIT) == [(3, Fraction(1, 3), "whistle")]
    assert plan.dropped == (MARKS[-1],)


def test_tempo_marks_and_ramp_line(plan):
    marks = [
        (m.number, d.offset, d.bpm, d.unit, d.qpm)
        for m in plan.measures
        for d in m.directions
        if d.kind is DirectionKind.TEMPO
    ]
    assert marks == [
        (0, 0, 120, BeatUnit.QUARTER, 120),
        (7, 0, 240, BeatUnit.EIGHTH, 120),  # the ramp's end: the next segment's tempo
        (9, 0, 72, BeatUnit.DOTTED_QUARTER, 108),  # dotted quarters: 108 quarters a minute
    ]
    assert directions(plan, DirectionKind.RAMP) == [(5, 0, "rit.")]
    assert directions(plan, DirectionKind.RAMP_END) == [(7, 0, "")]
    beats = [(m.number, d.offset) for m in plan.measures for d in m.directions if d.qpm]
    ramp_beats = [(n, F(b)) for n in (5, 6) for b in range(4)]
    assert [b for b in beats if b[0] in (5, 6)] == ramp_beats  # a tempo on every beat
    qpms = [d.qpm for m in plan.measures[5:7] for d in m.directions if d.qpm]
    assert 120 > qpms[0] > qpms[-1] > 96 and qpms == sorted(qpms, reverse=True)


def test_labels_above_every_bar(plan):
    labels = directions(plan, DirectionKind.LABEL)
    assert [(number, text) for number, _, text in labels] == [
        (n, f"01:00:{n:02d}:00") for n in range(11)
    ]
    assert all(offset == 0 for _, offset, _ in labels)


def one_bar(meter: str, *marks: Fraction, unit: str | None = None):
    tempo_map = TempoMap.constant(60, meter, unit)
    bar_quarters = Meter.parse(meter).bar_quarters
    end = tempo_map.seconds_at_quarters(bar_quarters)
    hits = [HitMark(mark, f"hit {index}") for index, mark in enumerate(marks)]
    (measure,) = plan_skeleton(tempo_map, end_seconds=end, hit_marks=hits).measures
    return measure


F = Fraction


@pytest.mark.parametrize(
    "meter, marks, rests",
    [
        ("4/4", [], [4]),
        ("4/4", [F(1)], [1, 1, 2]),
        ("4/4", [F(3, 2)], [1, F(1, 2), F(1, 2), 2]),
        ("4/4", [F(1, 4)], [F(1, 4), F(1, 4), F(1, 2), 1, 2]),
        ("4/4", [F(1, 3)], [F(1, 3)] * 3 + [1, 2]),
        ("4/4", [F(2, 3), F(1, 4) + 1], [F(1, 3)] * 3 + [F(1, 4), F(1, 4), F(1, 2), 2]),
        ("4/4", [F(1, 3) + F(1, 100), F(3, 4)], [F(1, 4), F(1, 4), F(1, 4), F(1, 4), 1, 2]),
        ("3/4", [F(2)], [2, 1]),
        ("6/8", [F(2)], [F(3, 2), F(1, 2), 1]),
        ("6/8", [F(3, 2)], [F(3, 2), F(3, 2)]),
        ("6/8", [F(1, 3)], [F(1, 4), F(1, 4), F(1, 2), F(1, 2), F(3, 2)]),  # no triplets here
        ("3+3+2/8", [F(7, 2)], [F(3, 2), F(3, 2), F(1, 2), F(1, 2)]),
        ("3+3+2/8", [F(1)], [1, F(1, 2), F(3, 2), 1]),
        ("7/8", [F(10, 3)], [2, 1, F(1, 4), F(1, 4)]),  # no triplet in the last half beat
        ("5/4", [F(4)], [4, 1]),
    ],
)
def test_rests_split_at_marks(meter, marks, rests):
    measure = one_bar(meter, *marks)
    assert list(measure.rests) == rests
    assert sum(measure.rests) == Meter.parse(meter).bar_quarters


def test_a_mark_rounded_onto_the_bar_line_moves_to_the_next_downbeat():
    tempo_map = TempoMap.constant(60)
    plan = plan_skeleton(
        tempo_map,
        end_seconds=8,
        hit_marks=[HitMark(F(399, 100), "late"), HitMark(F(799, 100), "end")],
    )
    hits = directions(plan, DirectionKind.HIT)
    assert hits == [(2, 0, "late"), (2, F(15, 4), "end")]


def test_a_map_that_starts_after_the_end_is_an_error():
    with pytest.raises(ExportError, match="nothing to write"):
        plan_skeleton(TempoMap.constant(120), end_seconds=-1)


# -- the file -----------------------------------------------------------------------------------


def test_well_formed_score_partwise(xml_bytes):
    root = ET.fromstring(xml_bytes)
    assert root.tag == "score-partwise"
    assert root.get("version")
    assert xml_bytes.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE score-partwise')
    assert root.find("identification/encoding/encoding-date") is None
    assert root.find("identification/encoding/software").text == "scoresync"
    assert [p.get("id") for p in root.iter("part")] == ["P1"]
    assert root.find("movement-title").text == "1M1 Opening"
    assert root.find("work/work-title").text == "Night Train"
    title = root.find("credit")
    assert title.findtext("credit-type") == "title"
    assert [w.text for w in title.iter("credit-words")] == ["1M1 Opening", "\nNight Train"]
    first = root.find("part/measure")
    assert (first.get("number"), first.get("implicit")) == ("0", "yes")
    beats = [t.findtext("beats") + "/" + t.findtext("beat-type") for t in root.iter("time")]
    assert beats == ["4/4", "3+3+2/8", "6/8"]


def test_bytes_are_stable(plan, xml_bytes):
    assert musicxml_bytes(plan, HEADER) == xml_bytes


def test_golden(xml_bytes, golden):
    golden.check("musicxml_film_map.musicxml", xml_bytes)


def test_music21_reads_back_bars_meters_and_tempo_marks(parsed, plan):
    part = parsed.parts[0]
    measures = list(part.getElementsByClass("Measure"))
    assert [m.number for m in measures] == [m.number for m in plan.measures]
    assert measures[0].paddingLeft == 3
    signatures = [
        (m.number, ts.ratioString) for m in measures for ts in m.getElementsByClass("TimeSignature")
    ]
    expected = [(0, "4/4"), (7, "3+3+2/8"), (9, "6/8")]
    music21 = pytest.importorskip("music21")
    assert signatures == [
        (n, music21.meter.TimeSignature(text).ratioString) for n, text in expected
    ]
    assert signatures[1][1] == "3/8+3/8+2/8"
    marks = [
        (mark.measureNumber, mark.number, Fraction(mark.referent.quarterLength))
        for mark in parsed.recurse().getElementsByClass("MetronomeMark")
        if mark.number is not None
    ]
    assert marks == [(0, 120, 1), (7, 240, F(1, 2)), (9, 72, F(3, 2))]
    texts = {
        (t.measureNumber, Fraction(t.offset), t.content)
        for t in parsed.recurse().getElementsByClass(["TextExpression", "RehearsalMark"])
    }
    assert (3, F(1, 3), "whistle") in texts
    assert (4, F(5, 4), "glance") in texts
    assert (5, 0, "01:00:05:00") in texts
    assert parsed.metadata.movementName == "1M1 Opening"


def test_mxl_is_a_stable_zip_music21_opens(plan, xml_bytes, tmp_path):
    data = mxl_bytes(plan, HEADER, name="1M1 Opening.musicxml")
    assert data == mxl_bytes(plan, HEADER, name="1M1 Opening.musicxml")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/vnd.recordare.musicxml"
        assert b'full-path="1M1 Opening.musicxml"' in archive.read("META-INF/container.xml")
        assert archive.read("1M1 Opening.musicxml") == xml_bytes
    music21 = pytest.importorskip("music21")
    path = write_skeleton(tmp_path / "1M1 Opening.mxl", plan, HEADER)
    score = music21.converter.parse(str(path))
    assert len(score.parts[0].getElementsByClass("Measure")) == len(plan.measures)


def test_an_unwritable_path_is_named(plan, tmp_path):
    target = tmp_path / "missing" / "score.musicxml"
    with pytest.raises(ExportError, match=r"cannot write .*missing.*score\.musicxml"):
        write_skeleton(target, plan, HEADER)
