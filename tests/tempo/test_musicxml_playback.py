"""The MusicXML skeleton plays back on the map: a notation program following its
``<sound tempo>`` marks, or music21 following its metronome marks, puts every bar line
(ramps included) where the tempo map has it.

The file is read back independently: music21 finds the measures and their offsets; the
sound tempos are read from the XML with ElementTree (music21 keeps a metronome mark's shown
number and drops the sound tempo beside it); the seconds are integrated here.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

from tempo.map.barnumbers import PickupBar
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap
from tempo.musicxml.plan import DirectionKind
from tempo.musicxml.skeleton import ScoreHeader, musicxml_bytes, plan_skeleton

FRAME_SECONDS = 1 / 24
"""One frame at 24 fps, the brief's tolerance."""
EXACT_SECONDS = 0.001
"""What the file actually achieves: sound tempos of four decimals land within microseconds."""

HEADER = ScoreHeader(title="1M1 Opening", number="1M1", work_title="Night Train")


def cue_map(shape: str) -> TempoMap:
    """A 2-beat pickup, 4 bars of 4/4 at 120, a ``shape`` ramp to 96 over 2 bars, 6 bars
    of 7/8 in eighths at 192, an accelerando back to 120 (in quarters) over 10 beats, then
    4/4 at 120 to the end."""
    return TempoMap(
        (
            Segment(16, 120),
            Segment(8, 120, 96, shape),
            Segment(42, 192, meter="7/8", beat_unit="eighth"),
            Segment(10, 96, 120, shape),
            Segment(None, 120),
        ),
        pickup_beats=2,
    )


SHAPES = ["linear_beats", "linear_time", "linear_period"]


def skeleton(tempo_map: TempoMap, bars: int = 20, **options: object) -> tuple[list, bytes]:
    """The map's bars up to bar ``bars`` and the skeleton's bytes."""
    end = tempo_map.seconds_at_quarters(tempo_map.downbeat_quarters(bars + 1))
    map_bars = [bar for bar in tempo_map.bars(end) if bar.start_seconds < end]
    plan = plan_skeleton(tempo_map, end_seconds=end, **options)  # type: ignore[arg-type]
    return map_bars, musicxml_bytes(plan, HEADER)


def sound_tempos(data: bytes) -> list[tuple[Fraction, float]]:
    """Every ``<sound tempo>`` as (quarters from the first measure's start, quarter notes a
    minute), reading durations and direction order as MusicXML defines them."""
    root = ET.fromstring(data)
    divisions = int(root.findtext("part/measure/attributes/divisions"))
    position = Fraction(0)
    tempos = []
    for measure in root.iter("measure"):
        for child in measure:
            if child.tag == "note":
                position += Fraction(int(child.findtext("duration")), divisions)
            sound = child.find("sound") if child.tag == "direction" else None
            if child.tag == "sound":
                sound = child
            if sound is not None and sound.get("tempo"):
                assert child.find("offset") is None  # every tempo stands on a rest
                tempos.append((position, float(sound.get("tempo"))))
    return tempos


def seconds_at(quarters: Fraction, tempos: list[tuple[Fraction, float]]) -> float:
    """Seconds from the start to ``quarters`` playing ``tempos``."""
    seconds = 0.0
    for index, (start, qpm) in enumerate(tempos):
        end = tempos[index + 1][0] if index + 1 < len(tempos) else quarters
        if start >= quarters:
            break
        seconds += float(min(end, quarters) - start) * 60 / qpm
    return seconds


def measure_offsets(data: bytes) -> list[tuple[int, Fraction]]:
    music21 = pytest.importorskip("music21")
    score = music21.converter.parse(data.decode("utf-8"), format="musicxml")
    measures = score.parts[0].getElementsByClass("Measure")
    return [(m.number, Fraction(m.offset)) for m in measures]


@pytest.mark.parametrize("shape", SHAPES)
def test_sound_tempos_put_every_bar_line_on_the_map(shape):
    tempo_map = cue_map(shape)
    bars, data = skeleton(tempo_map)
    tempos = sound_tempos(data)
    assert tempos[0][0] == 0
    offsets = measure_offsets(data)
    assert [number for number, _ in offsets] == [bar.number for bar in bars]
    origin = bars[0].start_quarters
    errors = []
    for (_, offset), bar in zip(offsets, bars, strict=True):
        assert offset == bar.start_quarters - origin  # music21 finds the bar where the map has it
        expected = float(bar.start_seconds - bars[0].start_seconds)
        errors.append(abs(seconds_at(offset, tempos) - expected))
    assert max(errors) < FRAME_SECONDS
    assert max(errors) < EXACT_SECONDS


@pytest.mark.parametrize("shape", SHAPES)
def test_every_beat_of_a_ramp_has_a_tempo(shape):
    tempo_map = cue_map(shape)
    _, data = skeleton(tempo_map)
    origin = tempo_map.start_quarters
    positions = {position + origin for position, _ in sound_tempos(data)}
    # from the second beat on (a ramp's first beat may play at the tempo before it, as a
    # period ramp's does, and then needs no mark of its own)
    rit = {Fraction(16 + n) for n in range(1, 8)}
    accel = {tempo_map.segment_start_quarters(3) + n for n in range(1, 10)}
    assert rit <= positions and accel <= positions
    assert Fraction(15) not in positions  # no needless tempo in a constant stretch


def test_music21_metronome_marks_keep_bar_lines_within_a_frame():
    """music21's own playback: the metronome marks it reads (a shown mark's number, a bare
    sound tempo's value), bar lines in seconds through ``metronomeMarkBoundaries``."""
    music21 = pytest.importorskip("music21")
    tempo_map = cue_map("linear_beats")
    bars, data = skeleton(tempo_map)
    score = music21.converter.parse(data.decode("utf-8"), format="musicxml")
    boundaries = score.metronomeMarkBoundaries()
    assert len(boundaries) > 18  # one per beat of the ramps

    def seconds(quarters: float) -> float:
        total = 0.0
        for start, end, mark in boundaries:
            if start >= quarters:
                break
            total += (min(end, quarters) - start) * 60 / mark.getQuarterBPM()
        return total

    measures = score.parts[0].getElementsByClass("Measure")
    for measure, bar in zip(measures, bars, strict=True):
        expected = float(bar.start_seconds - bars[0].start_seconds)
        assert abs(seconds(float(measure.offset)) - expected) < FRAME_SECONDS, bar.number


def test_a_ramp_that_starts_at_a_new_tempo_plays_its_first_beat_at_the_average():
    """The mark shows the ramp's start tempo; its sound tempo is the first beat's average."""
    tempo_map = TempoMap((Segment(8, 90), Segment(8, 120, 60, "linear_time"), Segment(None, 60)))
    bars, data = skeleton(tempo_map, bars=6)
    root = ET.fromstring(data)
    marks = [d for d in root.iter("direction") if d.find("direction-type/metronome") is not None]
    shown = [(m.findtext(".//per-minute"), m.find("sound").get("tempo")) for m in marks]
    assert shown[0] == ("90", "90") and shown[-1] == ("60", "60")
    assert shown[1][0] == "120" and 116 < float(shown[1][1]) < 120
    tempos = sound_tempos(data)
    errors = [
        abs(seconds_at(bar.start_quarters, tempos) - float(bar.start_seconds)) for bar in bars
    ]
    assert max(errors) < EXACT_SECONDS


def test_a_segment_between_sixteenths_is_back_on_the_map_from_the_next_beat():
    """A tempo change 1/10 of a quarter after a beat: its mark is rounded onto the grid, and
    a second tempo on the next beat makes up the difference."""
    tempo_map = TempoMap((Segment(Fraction(81, 10), 120), Segment(None, 90)))
    bars, data = skeleton(tempo_map, bars=6)
    tempos = sound_tempos(data)
    assert [position for position, _ in tempos] == [0, 8, 9]
    errors = [
        abs(seconds_at(bar.start_quarters, tempos) - float(bar.start_seconds)) for bar in bars
    ]
    assert max(errors) < EXACT_SECONDS


def test_playback_does_not_depend_on_the_bar_numbers():
    tempo_map = cue_map("linear_time")
    _, zero = skeleton(tempo_map, pickup_bar=PickupBar.ZERO)
    _, one = skeleton(tempo_map, pickup_bar=PickupBar.ONE, bars_per_system=3)
    assert sound_tempos(zero) == sound_tempos(one)


def test_the_plan_gives_every_playback_point_its_average_tempo():
    tempo_map = cue_map("linear_beats")
    end = tempo_map.seconds_at_quarters(40)
    plan = plan_skeleton(tempo_map, end_seconds=end)
    points = [
        (bar_start + d.offset, d.qpm)
        for m, bar_start in zip(
            plan.measures, [b.start_quarters for b in tempo_map.bars(end)], strict=False
        )
        for d in m.directions
        if d.qpm is not None
    ]
    for (start, qpm), (end_quarters, _) in zip(points, points[1:], strict=False):
        seconds = tempo_map.seconds_at_quarters(end_quarters) - tempo_map.seconds_at_quarters(start)
        assert qpm == pytest.approx(float(60 * (end_quarters - start) / seconds), rel=1e-12)
    kinds = {d.kind for m in plan.measures for d in m.directions if d.qpm is not None}
    assert kinds == {DirectionKind.TEMPO, DirectionKind.SOUND}
