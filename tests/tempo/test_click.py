"""Click positions (exact samples from the map) and click synthesis."""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tempo.audio.click import (
    DEFAULT_SOUNDS,
    ClickKind,
    Clicks,
    click_positions,
    count_in_start_quarters,
    render_blocks,
    render_sound,
    round_half_up,
)
from tempo.common.errors import ExportError
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap


def onsets(signal: np.ndarray, quiet: int = 64) -> list[int]:
    """Indices of the first non-zero sample after at least ``quiet`` zero samples."""
    nonzero = np.flatnonzero(signal)
    if nonzero.size == 0:
        return []
    keep = np.r_[True, np.diff(nonzero) > quiet]
    return nonzero[keep].tolist()


def linear_beats_seconds(beat: int, t0: int, t1: int, length: int) -> Decimal:
    """t(b) = 60 B / (T1 - T0) ln(T(b) / T0), in the caller's decimal context."""
    tempo = Decimal(t0) + Decimal(t1 - t0) * beat / length
    return Decimal(60 * length) / (t1 - t0) * (tempo / t0).ln()


def test_round_half_up_table() -> None:
    cases = {Fraction(5, 2): 3, Fraction(-5, 2): -2, Fraction(7, 3): 2, Fraction(8, 3): 3, 4: 4}
    for value, expected in cases.items():
        assert round_half_up(Fraction(value)) == expected


def test_constant_map_known_samples() -> None:
    clicks = click_positions(
        TempoMap.constant(120), origin_samples=Fraction(1000), sample_rate=48000, until_seconds=4
    )
    assert clicks.samples.tolist() == [1000 + 24000 * k for k in range(9)]
    assert [ClickKind(k) for k in clicks.kinds[:5]] == [
        ClickKind.DOWNBEAT,
        ClickKind.BEAT,
        ClickKind.BEAT,
        ClickKind.BEAT,
        ClickKind.DOWNBEAT,
    ]


def test_half_samples_round_up() -> None:
    # 117.55 BPM: beat k at 1200 k / 2351 s, at 44.1 kHz 22509.57... k samples
    clicks = click_positions(
        TempoMap.constant("117.55"),
        origin_samples=Fraction(1, 2),
        sample_rate=44100,
        until_seconds=3,
    )
    expected = [22510, 45020, 67529, 90039, 112548]  # .07 .64 .21 .78 .35
    assert clicks.samples.tolist() == [1, *expected]  # 0.5 rounds up to 1


def test_two_hours_do_not_accumulate_error() -> None:
    """The last of 14 400 clicks is the nearest sample of its exact time."""
    origin = Fraction(86_400 * 48_000 * 1001, 24_000)  # a frame start at 23.976
    tempo_map = TempoMap.constant("117.55")
    clicks = click_positions(
        tempo_map, origin_samples=origin, sample_rate=48000, until_seconds=7200
    )
    last = len(clicks) - 1
    exact = origin + Fraction(60 * last) / Fraction("117.55") * 48000
    assert clicks.samples[-1] == round_half_up(exact)
    assert len(clicks) == int(Fraction(7200) * Fraction("117.55") / 60) + 1


def test_ramp_samples_match_the_closed_form() -> None:
    ramp = Segment(16, 120, 90, RampShape.LINEAR_BEATS)
    tempo_map = TempoMap((ramp, Segment(None, 90)))
    clicks = click_positions(
        tempo_map, origin_samples=Fraction(0), sample_rate=48000, until_seconds=12
    )
    with localcontext(prec=40):  # 40-digit decimals here only
        for beat in range(17):
            seconds = linear_beats_seconds(beat, 120, 90, 16)
            assert clicks.samples[beat] == int(
                (seconds * 48000 + Decimal("0.5")).to_integral_value(rounding="ROUND_FLOOR")
            )
        after = linear_beats_seconds(16, 120, 90, 16) + Decimal(60 * 4) / 90
        assert clicks.samples[20] == int(
            (after * 48000 + Decimal("0.5")).to_integral_value(rounding="ROUND_FLOOR")
        )


def heard(clicks: Clicks, beats_per_bar: int) -> str:
    """The count a player hears, read from the clicks' kinds and quarters alone: the beat
    numbers on the bar grid with ``|`` at bar lines, ``!`` after an accented count-in
    click, and the pickup's clicks (music before the downbeat) in parentheses."""
    words = []
    for quarters, kind in zip(clicks.quarters, clicks.kinds, strict=True):
        beat = int(quarters % beats_per_bar) + 1
        if beat == 1 and words:
            words.append("|")
        kind = ClickKind(kind)
        word = f"{beat}!" if kind is ClickKind.COUNT_IN_DOWNBEAT else str(beat)
        counting = kind in (ClickKind.COUNT_IN_DOWNBEAT, ClickKind.COUNT_IN_BEAT)
        words.append(f"({word})" if quarters < 0 and not counting else word)
    return " ".join(words)


@pytest.mark.parametrize(
    "pickup, meter, bars, beats, count",
    [
        # no pickup: the count-in bars, then bar 1
        (0, "4/4", 2, 0, "1! 2 3 4 | 1! 2 3 4 | 1"),
        # a 2-beat pickup and 2 bars: the pickup bar is counted "1 2"
        # and the count ends into the pickup on its own beats 3 and 4
        (2, "4/4", 2, 0, "1! 2 3 4 | 1! 2 3 4 | 1! 2 (3) (4) | 1"),
        (1, "4/4", 1, 0, "1! 2 3 4 | 1! 2 3 (4) | 1"),
        (3, "4/4", 1, 0, "1! 2 3 4 | 1! (2) (3) (4) | 1"),
        # extra beats come first, a short bar accented on its first click
        (1, "3/4", 1, 2, "2! 3 | 1! 2 3 | 1! 2 (3) | 1"),
        (0, "4/4", 0, 2, "3! 4 | 1"),
        (2, "4/4", 0, 1, "4! | 1! 2 (3) (4) | 1"),
        # no count-in: the pickup alone
        (2, "4/4", 0, 0, "(3) (4) | 1"),
    ],
)
def test_count_in_is_counted_as_a_conductor_counts(
    pickup: int, meter: str, bars: int, beats: int, count: str
) -> None:
    tempo_map = TempoMap.constant(120, meter, pickup_beats=pickup)
    clicks = click_positions(
        tempo_map,
        origin_samples=Fraction(0),
        sample_rate=1000,
        until_seconds=0,
        count_in_bars=bars,
        count_in_beats=beats,
    )
    assert heard(clicks, int(tempo_map.segments[0].beats_per_bar)) == count
    assert count_in_start_quarters(tempo_map, bars=bars, beats=beats) == clicks.quarters[0]
    assert clicks.samples.tolist() == [int(q * 500) for q in clicks.quarters]


def test_count_in_uses_the_first_segments_start_tempo_and_meter() -> None:
    tempo_map = TempoMap((Segment(6, 60, 120, RampShape.LINEAR_TIME, "3/4"), Segment(None, 120)))
    clicks = click_positions(
        tempo_map, origin_samples=Fraction(0), sample_rate=48000, until_seconds=0, count_in_bars=2
    )
    assert clicks.samples.tolist() == [-48000 * k for k in range(6, -1, -1)]
    assert clicks.count(ClickKind.COUNT_IN_DOWNBEAT) == 2
    assert clicks.count(ClickKind.COUNT_IN_BEAT) == 4


def test_count_in_in_compound_meter_counts_dotted_beats() -> None:
    tempo_map = TempoMap.constant(60, "6/8")  # dotted quarter = 60
    clicks = click_positions(
        tempo_map, origin_samples=Fraction(0), sample_rate=1000, until_seconds=0, count_in_bars=1
    )
    assert clicks.samples.tolist() == [-2000, -1000, 0]


def test_music_starting_inside_the_map_counts_in_over_its_own_beats() -> None:
    tempo_map = TempoMap((Segment(8, 120), Segment(None, 60, meter="3/4")))
    clicks = click_positions(
        tempo_map,
        origin_samples=Fraction(0),
        sample_rate=1000,
        until_seconds=8,
        count_in_bars=1,
        from_quarters=Fraction(11),
    )
    # the music starts at bar 4 (quarter 11, at 7 s); one 3/4 bar of count-in before it
    # is bar 3, quarters 8, 9 and 10
    assert clicks.samples.tolist() == [4000, 5000, 6000, 7000, 8000]
    assert [ClickKind(k) for k in clicks.kinds] == [
        ClickKind.COUNT_IN_DOWNBEAT,
        ClickKind.COUNT_IN_BEAT,
        ClickKind.COUNT_IN_BEAT,
        ClickKind.DOWNBEAT,
        ClickKind.BEAT,
    ]


def test_negative_count_in_is_refused() -> None:
    with pytest.raises(ExportError, match="0 or more bars"):
        count_in_start_quarters(TempoMap.constant(120), bars=-1, beats=0)


def test_subdivisions_and_no_accent() -> None:
    tempo_map = TempoMap.constant(120, "3/4")
    clicks = click_positions(
        tempo_map,
        origin_samples=Fraction(0),
        sample_rate=48000,
        until_seconds=Fraction(3, 2) - Fraction(1, 100),
        subdivision=2,
        accent=False,
    )
    assert clicks.samples.tolist() == [12000 * k for k in range(6)]
    assert [ClickKind(k) for k in clicks.kinds] == [ClickKind.BEAT, ClickKind.SUBDIVISION] * 3
    accented = click_positions(
        tempo_map, origin_samples=Fraction(0), sample_rate=48000, until_seconds=3, subdivision=3
    )
    assert accented.count(ClickKind.DOWNBEAT) == 3
    assert accented.count(ClickKind.SUBDIVISION) == 2 * (accented.count(ClickKind.BEAT) + 3) - 2


def test_without_and_before() -> None:
    clicks = Clicks(
        np.array([0, 10, 20, 30, 40], np.int64),
        np.zeros(5, np.uint8),
        tuple(Fraction(k) for k in range(5)),
    )
    kept = clicks.without([(10, 30)])
    assert kept.samples.tolist() == [0, 30, 40]
    assert kept.quarters == (0, 3, 4)
    assert clicks.before(30).samples.tolist() == [0, 10, 20]
    assert clicks.shifted(-5).samples.tolist() == [-5, 5, 15, 25, 35]


@pytest.mark.parametrize("sample_rate", [44100, 48000, 96000, 192000])
@pytest.mark.parametrize("kind", list(ClickKind))
def test_sounds_start_at_once_and_end_in_silence(sample_rate: int, kind: ClickKind) -> None:
    sound = DEFAULT_SOUNDS[kind]
    wave = render_sound(sound, sample_rate)
    assert wave.size == round(sound.duration_seconds * sample_rate)
    assert abs(wave[0]) * 32767 >= 1, "the onset is audible even at 16 bits"
    assert np.max(np.abs(wave)) == pytest.approx(sound.amplitude, rel=0.05)
    assert abs(wave[-1]) < 1e-4 * sound.amplitude
    spectrum = np.abs(np.fft.rfft(wave, 1 << 16))
    peak_hz = np.argmax(spectrum) * sample_rate / (1 << 16)
    assert peak_hz == pytest.approx(sound.frequency_hz, abs=sample_rate / (1 << 15) + 5)


def test_sounds_have_distinct_pitches() -> None:
    pitches = {sound.frequency_hz for sound in DEFAULT_SOUNDS.values()}
    assert len(pitches) == len(DEFAULT_SOUNDS)
    assert (
        DEFAULT_SOUNDS[ClickKind.SUBDIVISION].amplitude < DEFAULT_SOUNDS[ClickKind.BEAT].amplitude
    )


@pytest.mark.parametrize("bits", [16, 24, None])
def test_blocks_put_each_onset_on_its_sample(bits: int | None) -> None:
    samples = np.array([0, 4999, 13_107, 20_000, 32_767, 32_768, 50_000], np.int64)
    kinds = np.array([0, 1, 2, 3, 4, 1, 0], np.uint8)
    clicks = Clicks(samples[[0, 1, 2, 3, 4, 6]], kinds[[0, 1, 2, 3, 4, 6]])
    total = 60_000
    rendered = np.concatenate(
        [
            b.copy()
            for b in render_blocks(
                clicks, total_samples=total, sample_rate=48000, bits=bits, block_samples=4096
            )
        ]
    )
    assert rendered.size == total
    assert onsets(rendered) == clicks.samples.tolist()
    single = next(
        render_blocks(
            clicks, total_samples=total, sample_rate=48000, bits=bits, block_samples=1 << 17
        )
    )
    np.testing.assert_array_equal(rendered, single[:total])


def test_int_blocks_hold_pcm_in_the_top_bits() -> None:
    clicks = Clicks(np.array([0], np.int64), np.array([0], np.uint8))
    block = next(render_blocks(clicks, total_samples=2000, sample_rate=48000, bits=24))
    assert block.dtype == np.int32
    assert np.all(block % 256 == 0)
    expected = np.rint(render_sound(DEFAULT_SOUNDS[ClickKind.DOWNBEAT], 48000) * 8388607)
    np.testing.assert_array_equal(block[:1440] // 256, expected.astype(np.int32))


def test_overlapping_clicks_clip_instead_of_wrapping() -> None:
    clicks = Clicks(np.array([0, 0, 0], np.int64), np.array([0, 0, 0], np.uint8))
    block = next(render_blocks(clicks, total_samples=100, sample_rate=48000, bits=24))
    assert block[0] > 0 and block.max() <= np.iinfo(np.int32).max
    floats = next(render_blocks(clicks, total_samples=100, sample_rate=48000, bits=None))
    assert floats.max() <= 1.0 and floats[0] > 0


@settings(max_examples=40, deadline=None)
@given(
    bpm=st.integers(40, 240),
    numerator=st.integers(1, 7),
    origin=st.fractions(min_value=0, max_value=10**7, max_denominator=1001),
    sample_rate=st.sampled_from([44100, 48000, 96000]),
)
def test_constant_map_samples_are_exact(
    bpm: int, numerator: int, origin: Fraction, sample_rate: int
) -> None:
    tempo_map = TempoMap.constant(bpm, f"{numerator}/4")
    clicks = click_positions(
        tempo_map, origin_samples=origin, sample_rate=sample_rate, until_seconds=30
    )
    for k, sample in enumerate(clicks.samples.tolist()):
        assert sample == round_half_up(origin + Fraction(60 * k, bpm) * sample_rate)
    downbeats = np.flatnonzero(clicks.kinds == ClickKind.DOWNBEAT)
    assert downbeats.tolist() == list(range(0, len(clicks), numerator))
