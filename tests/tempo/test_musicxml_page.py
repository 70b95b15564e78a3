"""The MusicXML skeleton as a copyist reads it: bar numbers under either pickup convention,
a system break every N bars, the timecodes in one row, hits as text (must-hits boxed, long
ones wrapped with the full text kept), a dashed line for each ramp, a named part with a
percussion instrument, and credits that do not overlap.

The file is read back with ElementTree and music21, never with our own code.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

from tempo.common.errors import ExportError
from tempo.map.barnumbers import PickupBar, shown_bar
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap
from tempo.musicxml.directions import HIT_LINE_CHARS, HIT_MAX_CHARS, LABEL_Y, hit_display
from tempo.musicxml.page import PAGE_HEIGHT_TENTHS, PAGE_WIDTH_TENTHS, page_credits
from tempo.musicxml.plan import HitMark, plan_skeleton
from tempo.musicxml.skeleton import ScoreHeader, musicxml_bytes

LONG = "title card: NIGHT TRAIN over the long bridge shot, then into the tunnel (01:00:31:00)"
MARKS = [
    HitMark(Fraction(4), "door slam (01:00:12:00)"),
    HitMark(Fraction(17, 2), "whistle (01:00:14:06)", True),
    HitMark(Fraction(30), LONG, True),
    HitMark(Fraction(63), "snap (01:00:40:00)"),
]
HEADER = ScoreHeader(
    title="1M1 Opening",
    number="1M1",
    work_title="Night Train",
    lines=("downbeat (bar 1) 01:00:10:00", "cue 01:00:08:00 to 01:00:40:00", "24 fps"),
    part_name="Opening",
    tempo_lines=("120 BPM (quarter), 4/4 from bar 0", "rit. 120 to 96 BPM, bars 5-6"),
)


def cue_map() -> TempoMap:
    """A 1-beat pickup, 4 bars of 4/4 at 120, a rit. to 96 over 2 bars, 6 bars of 3/4,
    then 4/4 at 96."""
    return TempoMap(
        (
            Segment(16, 120),
            Segment(8, 120, 96, "linear_time"),
            Segment(18, 96, meter="3/4"),
            Segment(None, 96),
        ),
        pickup_beats=1,
    )


def write(pickup_bar: PickupBar = PickupBar.ZERO, bars_per_system: int = 4):
    tempo_map = cue_map()
    end = tempo_map.seconds_at_quarters(tempo_map.downbeat_quarters(20))
    map_bars = [bar for bar in tempo_map.bars(end) if bar.start_seconds < end]
    labels = {bar.number: f"01:00:{bar.number + 10:02d}:00" for bar in map_bars}
    plan = plan_skeleton(
        tempo_map,
        end_seconds=end,
        bar_labels=labels,
        hit_marks=MARKS,
        pickup_bar=pickup_bar,
        bars_per_system=bars_per_system,
    )
    return tempo_map, map_bars, musicxml_bytes(plan, HEADER)


@pytest.fixture(scope="module")
def written():
    return write()


@pytest.fixture(scope="module")
def root(written):
    return ET.fromstring(written[2])


def words_of(root, kind_filter=None):
    return [w for w in root.iter("words") if kind_filter is None or kind_filter(w)]


# -- bar numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize("convention", [PickupBar.ZERO, PickupBar.ONE])
def test_measure_numbers_are_the_bars_a_reader_counts(convention):
    music21 = pytest.importorskip("music21")
    tempo_map, bars, data = write(convention)
    expected = [shown_bar(bar.number, tempo_map, convention) for bar in bars]
    assert expected[:2] == ([0, 1] if convention is PickupBar.ZERO else [1, 2])
    root = ET.fromstring(data)
    assert [int(m.get("number")) for m in root.iter("measure")] == expected
    score = music21.converter.parse(data.decode("utf-8"), format="musicxml")
    assert [m.number for m in score.parts[0].getElementsByClass("Measure")] == expected


def test_the_pickup_is_an_implicit_measure_only_as_bar_0():
    """As bar 0 the pickup is left out of the count (implicit); as bar 1 it is counted, so a
    notation program that counts measures itself numbers the next one 2."""
    for convention, implicit in ((PickupBar.ZERO, "yes"), (PickupBar.ONE, "no")):
        root = ET.fromstring(write(convention)[2])
        measures = root.findall("part/measure")
        assert measures[0].get("implicit") == implicit
        assert {m.get("implicit") for m in measures[1:]} == {"no"}


# -- lines of music -------------------------------------------------------------------------


@pytest.mark.parametrize("per_system", [1, 3, 4])
def test_a_system_break_every_n_bars(per_system):
    _, bars, data = write(bars_per_system=per_system)
    root = ET.fromstring(data)
    breaks = [
        int(m.get("number"))
        for m in root.iter("measure")
        if m.find("print") is not None and m.find("print").get("new-system") == "yes"
    ]
    full_bars = [bar.number for bar in bars if bar.number >= 1]
    assert breaks == full_bars[per_system::per_system]


def test_no_system_breaks_when_asked_for_none():
    root = ET.fromstring(write(bars_per_system=0)[2])
    assert root.find("part/measure/print[@new-system]") is None


def test_bars_per_system_below_zero_is_refused():
    with pytest.raises(ExportError, match=r"0 \(no system breaks\) or more, got -1"):
        plan_skeleton(TempoMap.constant(120), end_seconds=8, bars_per_system=-1)


# -- directions -----------------------------------------------------------------------------


def test_every_timecode_sits_above_its_bar_at_one_height(root):
    labels = [w for w in root.iter("words") if w.text and w.text.startswith("01:00:")]
    assert len(labels) == len(root.findall("part/measure"))
    assert {w.get("default-y") for w in labels} == {str(LABEL_Y)}
    directions = [d for d in root.iter("direction") if d.find("direction-type/words") in labels]
    assert {d.get("placement") for d in directions} == {"above"}


def test_hits_are_text_directions_and_must_hits_are_boxed(root):
    assert root.find(".//rehearsal") is None
    hits = {w.text.split(" (")[0]: w for w in root.iter("words") if w.get("font-weight")}
    assert hits["door slam"].get("enclosure") is None
    assert hits["whistle"].get("enclosure") == "rectangle"
    assert hits["snap"].get("enclosure") is None
    boxed = [w for w in root.iter("words") if w.get("enclosure") == "rectangle"]
    assert len(boxed) == 2


def test_a_long_hit_is_wrapped_and_kept_whole_in_a_footnote(root):
    direction = next(d for d in root.iter("direction") if d.findtext("footnote") == LONG)
    shown = direction.findtext("direction-type/words")
    lines = shown.split("\n")
    assert len(lines) >= 3 and all(len(line) <= HIT_LINE_CHARS for line in lines)
    assert " ".join(lines).replace(" …", "") in LONG  # the start of the text, as it reads
    short = [d for d in root.iter("direction") if "door slam" in "".join(d.itertext())]
    assert [d.find("footnote") for d in short] == [None]


def test_hit_display_cuts_with_an_ellipsis_beyond_its_budget():
    text = " ".join(["word"] * 40)
    shown = hit_display(text)
    assert shown.endswith("…") and len(shown) <= HIT_MAX_CHARS + 1


def test_a_ramp_is_a_dashed_line_from_its_start_to_its_end(root):
    starts = [
        (m.get("number"), d)
        for m in root.iter("measure")
        for d in m.iter("direction")
        if d.find("direction-type/dashes[@type='start']") is not None
    ]
    stops = [
        m.get("number")
        for m in root.iter("measure")
        for d in m.iter("direction")
        if d.find("direction-type/dashes[@type='stop']") is not None
    ]
    assert [number for number, _ in starts] == ["5"] and stops == ["7"]
    assert starts[0][1].findtext("direction-type/words") == "rit."
    assert root.find(".//words[.='rit. (q = 120 to 96)']") is None  # no literal q


def test_a_ramp_past_the_last_bar_still_ends_its_line():
    tempo_map = TempoMap((Segment(8, 120), Segment(16, 120, 80, "linear_time"), Segment(None, 80)))
    end = tempo_map.seconds_at_quarters(16)  # through bar 4, inside the ramp
    root = ET.fromstring(musicxml_bytes(plan_skeleton(tempo_map, end_seconds=end), HEADER))
    last = root.findall("part/measure")[-1]
    children = [child.tag for child in last]
    stop = last.find("direction/direction-type/dashes[@type='stop']")
    assert stop is not None
    assert children.index("direction", children.index("note")) > children.index("note")


# -- the part and the page ------------------------------------------------------------------


def test_the_part_is_named_and_plays_an_unpitched_percussion_instrument(written, root):
    part = root.find("part-list/score-part")
    assert part.findtext("part-name") == "Opening"
    instrument = part.find("score-instrument")
    midi = part.find("midi-instrument")
    assert instrument.get("id") == midi.get("id")
    assert instrument.findtext("instrument-name")
    assert midi.findtext("midi-channel") == "10"
    assert 1 <= int(midi.findtext("midi-unpitched")) <= 128
    music21 = pytest.importorskip("music21")
    score = music21.converter.parse(written[2].decode("utf-8"), format="musicxml")
    (found,) = score.parts[0].getElementsByClass("Instrument")
    assert found.midiChannel == 9  # music21 counts channels from 0


def test_credits_stand_apart_on_the_page(root):
    credits = root.findall("credit")
    positioned = [c.find("credit-words") for c in credits]
    places = {(w.get("default-x"), w.get("default-y")) for w in positioned}
    assert len(places) == len(credits)  # no two credits at one place
    texts = ["".join(w.text for w in c.iter("credit-words")) for c in credits]
    assert any("1M1 Opening" in t and "Night Train" in t for t in texts)
    assert any("1M1\n120 BPM" in t for t in texts)  # the cue number above the tempo
    assert any("cue 01:00:08:00 to 01:00:40:00" in t for t in texts)
    columns = {w.get("justify") for w in positioned if w.text.strip()}
    assert columns == {"left", "center", "right"}
    for words in positioned:
        assert 0 < int(words.get("default-x")) < PAGE_WIDTH_TENTHS
        assert PAGE_HEIGHT_TENTHS / 2 < int(words.get("default-y")) < PAGE_HEIGHT_TENTHS


def test_the_first_system_starts_below_the_credits(root):
    lowest = min(credit.bottom_y for credit in page_credits(HEADER))
    distance = int(root.findtext("defaults/system-layout/top-system-distance"))
    top_margin = int(root.findtext("defaults/page-layout/page-margins/top-margin"))
    assert PAGE_HEIGHT_TENTHS - top_margin - distance < lowest
