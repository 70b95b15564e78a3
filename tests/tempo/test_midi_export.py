"""MIDI conductor tracks: annotated hex dumps of the meta events, ramps written as steps
with the rounding carried, the written time checked against the map, and where a file
starts: the pickup as its own short bar, pre-roll bars before it."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tempo.common.errors import MidiError
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap
from tempo.midi.events import (
    ConductorTrack,
    MeterEvent,
    Note,
    NoteTrack,
    SmpteOffset,
    TempoEvent,
    TextEvent,
    TickClock,
    build_midi_file,
    midi_file_bytes,
    midi_text,
    read_midi,
    smpte_rate_for_timecode,
)
from tempo.midi.export import (
    CONSTANT_DRIFT_LIMIT_SECONDS,
    RampStep,
    conductor_events,
    file_start,
    meter_event,
    pickup_time_signature,
    ticks_at_quarters,
)


def dump(text: str) -> bytes:
    """Bytes from an annotated hex dump: ``#`` starts a comment."""
    return bytes.fromhex(" ".join(line.split("#")[0] for line in text.splitlines()))


def conductor_bytes(
    tempo_map: TempoMap,
    *,
    name: str = "1M1",
    smpte: SmpteOffset | None = None,
    texts: tuple[TextEvent, ...] = (),
    end: int = 4,
) -> bytes:
    tempos, meters = conductor_events(
        tempo_map, origin_quarters=Fraction(0), end_quarters=Fraction(end)
    )
    track = ConductorTrack(name, smpte, tempos, meters, texts, end_ticks=end * 960)
    return midi_file_bytes(build_midi_file(track))


def test_120_bpm_four_four_whole_file() -> None:
    expected = dump(
        """
        4D 54 68 64 00 00 00 06   # MThd, 6 bytes
        00 01 00 01 03 C0         # format 1, 1 track, 960 ticks per quarter
        4D 54 72 6B 00 00 00 33   # MTrk, 51 bytes
        00 FF 03 03 31 4D 31      # track name "1M1"
        00 FF 54 05 41 00 0A 00 00  # SMPTE offset 01:00:10:00.00, hour byte (2 << 5) | 1
        00 FF 58 04 04 02 18 08   # 4/4: 2 = log2(4), 24 clocks per quarter click, 8 32nds
        00 FF 51 03 07 A1 20      # 500 000 us per quarter = 120 BPM
        00 FF 06 04 48 69 74 31   # marker "Hit1"
        9E 00 FF 07 03 45 6E 64   # delta 3840 (4 quarters), cue point "End"
        00 FF 2F 00               # end of track
        """
    )
    smpte = SmpteOffset(1, 0, 10, 0, 0, rate_code=2)
    texts = (TextEvent(0, "Hit1", "marker"), TextEvent(3840, "End", "cue"))
    assert conductor_bytes(TempoMap.constant(120), smpte=smpte, texts=texts) == expected


def test_six_eight_in_dotted_quarters() -> None:
    data = conductor_bytes(TempoMap.constant(60, "6/8"))
    # 6/8, 3 = log2(8), 36 clocks (dotted quarter), 8; dotted quarter = 60 is 90 quarters:
    # 666 666.67 -> 666 667 us = 0A 2C 2B
    assert dump("FF 58 04 06 03 24 08 00 FF 51 03 0A 2C 2B") in data


@pytest.mark.parametrize(
    ("meter", "unit", "expected"),
    [
        ("4/4", "quarter", "04 02 18 08"),
        ("6/8", "dotted-quarter", "06 03 24 08"),
        ("6/8", "eighth", "06 03 0C 08"),
        ("2/2", "half", "02 01 30 08"),
        ("3+3+2/8", "eighth", "08 03 0C 08"),
        ("7/16", "sixteenth", "07 04 06 08"),
    ],
)
def test_time_signature_bytes(meter: str, unit: str, expected: str) -> None:
    event = meter_event(0, Segment(None, 100, meter=meter, beat_unit=unit))
    raw = bytes(
        (
            event.numerator,
            event.denominator.bit_length() - 1,
            event.clocks_per_click,
            event.thirty_seconds_per_quarter,
        )
    )
    assert raw == dump(expected)


@pytest.mark.parametrize(
    ("smpte", "expected"),
    [
        (SmpteOffset(1, 0, 0, 0, 0, rate_code=0), "01 00 00 00 00"),  # 24
        (SmpteOffset(1, 2, 3, 4, 5, rate_code=1), "21 02 03 04 05"),  # 25
        (SmpteOffset(1, 0, 0, 2, 0, rate_code=2), "41 00 00 02 00"),  # 30 drop
        (SmpteOffset(23, 59, 59, 29, 99, rate_code=3), "77 3B 3B 1D 63"),  # 30
    ],
)
def test_smpte_offset_bytes(smpte: SmpteOffset, expected: str) -> None:
    assert smpte.to_bytes() == dump(expected)
    track = ConductorTrack("", smpte, (TempoEvent(0, 500_000),), (), end_ticks=0)
    assert dump("FF 54 05 " + expected) in midi_file_bytes(build_midi_file(track))


@pytest.mark.parametrize(
    "fields",
    [
        (24, 0, 0, 0, 0, 0),
        (0, 60, 0, 0, 0, 0),
        (0, 0, 0, 25, 0, 1),
        (0, 0, 0, 0, 100, 3),
        (0, 0, 0, 0, 0, 4),
    ],
)
def test_smpte_offset_ranges(fields: tuple[int, ...]) -> None:
    *values, code = fields
    with pytest.raises(MidiError, match="must be 0 to"):
        SmpteOffset(*values, rate_code=code)


@pytest.mark.parametrize(
    ("base", "drop", "code", "frames_per_midi_frame"),
    [
        (24, False, 0, 1),  # 23.976 and 24
        (25, False, 1, 1),
        (30, False, 3, 1),  # 29.97 non-drop and 30
        (30, True, 2, 1),
        (48, False, 0, 2),
        (50, False, 1, 2),
        (60, False, 3, 2),
        (60, True, 2, 2),
    ],
)
def test_rate_code_for_each_timecode_base(
    base: int, drop: bool, code: int, frames_per_midi_frame: int
) -> None:
    rate = smpte_rate_for_timecode(base, drop=drop)
    assert rate.code == code
    assert base // rate.base == frames_per_midi_frame


@pytest.mark.parametrize(
    ("base", "drop", "named"), [(29, False, "29 fps"), (24, True, "24 fps drop")]
)
def test_no_rate_code_for_other_timecode(base: int, drop: bool, named: str) -> None:
    with pytest.raises(MidiError, match=f"no SMPTE rate code writes {named}"):
        smpte_rate_for_timecode(base, drop=drop)


@pytest.mark.parametrize("code", range(4))
def test_smpte_rate_code_reads_back_through_mido(code: int, tmp_path) -> None:
    smpte = SmpteOffset(1, 2, 3, 4, 5, rate_code=code)
    track = ConductorTrack("", smpte, (TempoEvent(0, 500_000),), (), end_ticks=0)
    path = tmp_path / "offset.mid"
    path.write_bytes(midi_file_bytes(build_midi_file(track)))
    assert read_midi(path).smpte == smpte


def test_marker_and_cue_text_events() -> None:
    track = ConductorTrack(
        "",
        None,
        (TempoEvent(0, 500_000),),
        (),
        (TextEvent(0, "door slam"), TextEvent(960, "1M1 end", "cue")),
        end_ticks=960,
    )
    data = midi_file_bytes(build_midi_file(track))
    assert dump("00 FF 06 09 64 6F 6F 72 20 73 6C 61 6D") in data  # "door slam"
    assert dump("87 40 FF 07 07 31 4D 31 20 65 6E 64") in data  # delta 960, "1M1 end"


def test_text_outside_latin_1_is_made_plain() -> None:
    assert midi_text("Café ő → ☃") == "Café o ? ?"


def test_click_notes_make_a_second_track() -> None:
    track = ConductorTrack("", None, (TempoEvent(0, 500_000),), (), end_ticks=1920)
    notes = [Note(0, 76, 110), Note(960, 77, 90)]
    data = midi_file_bytes(
        build_midi_file(track, note_tracks=(NoteTrack("Click", 9, tuple(notes)),))
    )
    assert data[10:12] == dump("00 02")  # two tracks
    assert dump("00 99 4C 6E 3C 89 4C 00") in data  # note on ch 10, 60 ticks later note off


def test_ticks_at_quarters_rounds_half_up() -> None:
    assert ticks_at_quarters(Fraction(1, 1920), Fraction(0)) == 1  # half a tick
    assert ticks_at_quarters(Fraction(-1), Fraction(-4)) == 2880
    assert ticks_at_quarters(0.1, Fraction(0)) == 96


def test_ramp_step_parse() -> None:
    assert RampStep.parse("Eighth") is RampStep.EIGHTH
    with pytest.raises(MidiError, match="use beat, eighth or sixteenth"):
        RampStep.parse("bar")


def written_vs_map(
    tempo_map: TempoMap,
    origin: Fraction,
    end: Fraction,
    step: RampStep = RampStep.SIXTEENTH,
    every: Fraction = Fraction(1, 4),
):
    tempos, _ = conductor_events(
        tempo_map, origin_quarters=origin, end_quarters=end, ramp_step=step
    )
    clock = TickClock(tempos)
    zero = tempo_map.seconds_at_quarters(origin)
    errors = {}
    position = origin
    while position <= end:
        written = clock.seconds_at(ticks_at_quarters(position, origin))
        errors[position] = float(written) - float(tempo_map.seconds_at_quarters(position) - zero)
        position += every
    return tempos, errors


def worst(
    errors: dict[Fraction, float], upto: Fraction | None = None, after: Fraction | None = None
) -> float:
    """Largest |written - map| at positions in (``after``, ``upto``] (all when None)."""
    return max(
        abs(e)
        for q, e in errors.items()
        if (upto is None or q <= upto) and (after is None or q > after)
    )


@pytest.mark.parametrize(
    "shape", [RampShape.LINEAR_BEATS, RampShape.LINEAR_TIME, RampShape.LINEAR_PERIOD]
)
@pytest.mark.parametrize("step", list(RampStep))
def test_ramp_steps_follow_the_map(shape: RampShape, step: RampStep) -> None:
    tempo_map = TempoMap((Segment(4, 120), Segment(16, 120, 84, shape), Segment(None, 84)))
    tempos, errors = written_vs_map(
        tempo_map, Fraction(0), Fraction(40), step, every=step.quarters(tempo_map.segments[1])
    )
    steps = {RampStep.BEAT: 16, RampStep.EIGHTH: 32, RampStep.SIXTEENTH: 64}[step]
    if shape is RampShape.LINEAR_PERIOD:
        # a click-period ramp holds each beat's tempo for the whole beat, starting at 120:
        # equal steps inside a beat are one event
        assert len(tempos) == 16 + 1
    else:
        assert len(tempos) == 1 + steps + 1  # 120, the steps, 84
    assert tempos[0].us_per_qn == 500_000 and tempos[-1].us_per_qn == 714_286
    assert worst(errors, Fraction(20)) < 2e-6  # every step boundary lands within 2 us
    assert worst(errors) < 2e-6 + 20 * 0.3e-6  # then 84 BPM drifts 0.29 us a quarter


def test_each_step_is_the_average_tempo_of_its_step() -> None:
    tempo_map = TempoMap((Segment(8, 60, 120, RampShape.LINEAR_TIME), Segment(None, 120)))
    tempos, _ = conductor_events(
        tempo_map, origin_quarters=Fraction(0), end_quarters=Fraction(10), ramp_step=RampStep.BEAT
    )
    for index, event in enumerate(tempos[:8]):
        seconds = tempo_map.seconds_at_quarters(index + 1) - tempo_map.seconds_at_quarters(index)
        assert abs(event.us_per_qn - seconds * 1e6) <= 1  # 60 * db / dt, within the carry


def test_lead_in_and_pickup_play_at_the_first_tempo() -> None:
    tempo_map = TempoMap(
        (Segment(8, 100, 140, RampShape.LINEAR_BEATS), Segment(None, 140)), pickup_beats=1
    )
    tempos, errors = written_vs_map(tempo_map, Fraction(-8), Fraction(20))
    assert tempos[0] == TempoEvent(0, 600_000)
    assert tempos[1].ticks == 8 * 960  # the ramp's first step starts at the downbeat
    assert worst(errors, Fraction(8)) < 2e-6
    assert worst(errors) < 2e-6 + 12 * 0.5e-6  # 140 BPM after the ramp: 0.43 us a quarter


def test_meter_changes_are_written_where_segments_change() -> None:
    tempo_map = TempoMap(
        (Segment(8, 120), Segment(6, 120, meter="3/4"), Segment(None, 60, meter="6/8"))
    )
    _, meters = conductor_events(tempo_map, origin_quarters=Fraction(-4), end_quarters=Fraction(30))
    assert meters == (
        MeterEvent(0, 4, 4, 24, 8),
        MeterEvent(12 * 960, 3, 4, 24, 8),
        MeterEvent(18 * 960, 6, 8, 36, 8),
    )


def test_a_long_awkward_tempo_never_strays_past_the_limit() -> None:
    """117.55 BPM rounds to 510 421 us, 0.098 us short per quarter: over 2 hours the
    written time would drift 1.4 ms; bars at the neighbouring value pull it back."""
    tempo_map = TempoMap.constant("117.55")
    tempos, errors = written_vs_map(tempo_map, Fraction(0), Fraction(14_000), every=Fraction(4))
    assert {t.us_per_qn for t in tempos} == {510_421, 510_422}
    assert len(tempos) < 40
    assert worst(errors) <= float(CONSTANT_DRIFT_LIMIT_SECONDS) + 1e-6


def test_a_short_awkward_tempo_is_one_event() -> None:
    tempos, _ = conductor_events(
        TempoMap.constant("117.55"), origin_quarters=Fraction(0), end_quarters=Fraction(400)
    )
    assert tempos == (TempoEvent(0, 510_421),)


def test_too_slow_for_midi() -> None:
    with pytest.raises(MidiError, match="too slow for MIDI"):
        conductor_events(
            TempoMap.constant("3"), origin_quarters=Fraction(0), end_quarters=Fraction(4)
        )


@settings(max_examples=25, deadline=None)
@given(
    start=st.integers(40, 200),
    end=st.integers(40, 200),
    beats=st.integers(2, 24),
    shape=st.sampled_from([RampShape.LINEAR_BEATS, RampShape.LINEAR_TIME]),
    pickup=st.integers(0, 3),
)
def test_ramps_land_where_the_map_says(
    start: int, end: int, beats: int, shape: RampShape, pickup: int
) -> None:
    if start == end:
        end += 1
    tempo_map = TempoMap(
        (Segment(4, start), Segment(beats, start, end, shape), Segment(None, end)),
        pickup_beats=pickup,
    )
    ramp_end = Fraction(4 + beats)
    _, errors = written_vs_map(tempo_map, Fraction(-4), ramp_end + 4)
    # the first step takes up the constant stretch's rounding; from then on each step lands
    assert worst(errors, upto=ramp_end, after=Fraction(4) + Fraction(1, 4)) < 2e-6
    assert worst(errors) <= float(CONSTANT_DRIFT_LIMIT_SECONDS)


# -- the pickup as its own bar ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("meter", "unit", "pickup", "expected"),
    [
        ("4/4", None, 1, (1, 4)),
        ("4/4", None, 2, (2, 4)),
        ("4/4", None, 3, (3, 4)),
        ("4/4", None, Fraction(1, 2), (1, 8)),  # half a beat: a finer bottom number
        ("4/4", None, Fraction(3, 4), (3, 16)),
        ("7/8", None, 1, (1, 8)),  # 7/8 counts eighths
        ("7/8", None, 3, (3, 8)),
        ("6/8", None, 1, (3, 8)),  # one dotted-quarter beat
        ("6/8", "eighth", 2, (2, 8)),
        ("3+3+2/8", "eighth", 2, (2, 8)),
        ("2/2", None, 1, (1, 2)),
        ("4/4", None, Fraction(1, 3), None),  # a triplet eighth: no time signature
        ("4/4", None, 0, None),
    ],
)
def test_pickup_time_signature(
    meter: str, unit: str | None, pickup: Fraction | int, expected: tuple[int, int] | None
) -> None:
    tempo_map = TempoMap.constant(120, meter, unit, pickup_beats=pickup)
    assert pickup_time_signature(tempo_map) == expected


def test_a_file_from_the_pickup_writes_it_as_its_own_bar() -> None:
    tempos, meters = conductor_events(
        TempoMap.constant(120, pickup_beats=2), origin_quarters=Fraction(-2), end_quarters=8
    )
    track = ConductorTrack("1M1", None, tempos, meters, end_ticks=10 * 960)
    expected = dump(
        """
        4D 54 68 64 00 00 00 06 00 01 00 01 03 C0   # MThd: format 1, 1 track, 960 per quarter
        4D 54 72 6B 00 00 00 24   # MTrk, 36 bytes
        00 FF 03 03 31 4D 31      # track name "1M1"
        00 FF 58 04 02 02 18 08   # 2/4 at tick 0: the 2-beat pickup is a bar of its own
        00 FF 51 03 07 A1 20      # 120 BPM
        8F 00 FF 58 04 04 02 18 08  # delta 1920 (the pickup): 4/4 from the downbeat
        BC 00 FF 2F 00            # delta 9600 - 1920 = 7680, end of track
        """
    )
    assert midi_file_bytes(build_midi_file(track)) == expected


def test_pre_roll_bars_lead_up_to_the_pickup_bar() -> None:
    tempo_map = TempoMap.constant(96, "7/8", pickup_beats=3)  # bars of 7 eighths
    start = file_start(tempo_map, pre_roll_bars=2)
    assert start.origin_quarters == Fraction(-3, 2) - 2 * Fraction(7, 2)
    _, meters = conductor_events(
        tempo_map, origin_quarters=start.origin_quarters, end_quarters=Fraction(14)
    )
    assert [(m.ticks, m.numerator, m.denominator, m.clocks_per_click) for m in meters] == [
        (0, 7, 8, 12),
        (7 * 960, 3, 8, 12),  # two bars of 7/8 (3.5 quarters each), then the pickup
        (7 * 960 + 1440, 7, 8, 12),
    ]
    assert [start.file_bar(bar) for bar in (0, 1, 2)] == [3, 4, 5]


def test_an_origin_off_the_pickup_keeps_the_full_pickup_bar() -> None:
    tempo_map = TempoMap.constant(120, pickup_beats=1)
    _, meters = conductor_events(tempo_map, origin_quarters=Fraction(-4), end_quarters=8)
    assert meters == (MeterEvent(0, 4, 4, 24, 8),)  # the pickup bar starts a bar early


@pytest.mark.parametrize(
    ("pickup", "earliest", "pre_roll", "origin", "bars", "first_file_bar"),
    [
        (1, None, 0, Fraction(-1), 0, 2),  # from the pickup: bar 1 is the file's bar 2
        (0, None, 0, Fraction(0), 0, 1),  # from the downbeat
        (1, Fraction(-1), 0, Fraction(-1), 0, 2),  # something on the pickup: no pre-roll
        (1, Fraction(-3), 0, Fraction(-5), 1, 3),  # a hit before the pickup: a bar earlier
        (1, Fraction(-9), 0, Fraction(-9), 2, 4),  # exactly two bars before the pickup
        (1, Fraction(-19, 2), 0, Fraction(-13), 3, 5),
        (1, None, 2, Fraction(-9), 2, 4),
        (0, Fraction(-1, 100), 0, Fraction(-4), 1, 2),
        (Fraction(1, 3), None, 0, Fraction(-4), 0, 2),  # a triplet pickup: its full bar
    ],
)
def test_file_start(
    pickup: Fraction | int,
    earliest: Fraction | None,
    pre_roll: int,
    origin: Fraction,
    bars: int,
    first_file_bar: int,
) -> None:
    start = file_start(
        TempoMap.constant(120, pickup_beats=pickup),
        earliest_quarters=earliest,
        pre_roll_bars=pre_roll,
    )
    assert (start.origin_quarters, start.pre_roll_bars) == (origin, bars)
    assert start.file_bar(1) == first_file_bar


def test_file_start_refuses_negative_pre_roll() -> None:
    with pytest.raises(MidiError, match="pre-roll bars must be 0 or more, got -1"):
        file_start(TempoMap.constant(120), pre_roll_bars=-1)
