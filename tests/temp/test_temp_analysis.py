"""Analysis of music with known beats and bar lines: tempo within 1 %, beat and bar-line
F-measures (mir_eval, 70 ms window), the editor's hints and bar-line correction."""

from __future__ import annotations

import mir_eval
import numpy as np
import pytest
from temp_audio_support import synth_piece

from tempo.audio.analysis import AnalysisError, AnalysisHints, analyse_samples
from tempo.map.meter import Meter

CASES = [
    # bpm, beats a bar, bars, style, meter
    (120.0, 4, 8, "drums", "4/4"),
    (96.0, 3, 8, "waltz", "3/4"),
    (72.0, 4, 5, "legato", "4/4"),
    (60.0, 2, 8, "compound", "6/8"),
    (150.0, 3, 10, "drums", "3/4"),
]


def _f(truth: np.ndarray, found: tuple[int, ...], rate: int) -> float:
    return float(mir_eval.beat.f_measure(truth, np.asarray(found) / rate))


@pytest.mark.parametrize(("bpm", "per_bar", "bars", "style", "meter"), CASES)
def test_beats_and_bar_lines_with_hints(
    bpm: float, per_bar: int, bars: int, style: str, meter: str
) -> None:
    piece = synth_piece(bpm=bpm, per_bar=per_bar, bars=bars, style=style, seed=int(bpm))
    hints = AnalysisHints(meter=Meter.parse(meter), bpm_range=(bpm * 0.8, bpm * 1.25))
    found = analyse_samples(piece.samples, piece.sample_rate, hints)
    assert found.bpm == pytest.approx(bpm, rel=0.01)
    assert str(found.meter) == meter
    assert _f(piece.beat_seconds, found.beats, piece.sample_rate) >= 0.9
    assert _f(piece.downbeat_seconds, found.downbeats, piece.sample_rate) >= 0.8
    assert set(found.downbeats) <= set(found.beats)
    assert found.duration_samples == len(piece.samples)


def test_without_hints_finds_tempo_and_meter_of_plain_music() -> None:
    piece = synth_piece(bpm=110.0, per_bar=3, bars=8, style="waltz", sample_rate=16_000)
    found = analyse_samples(piece.samples, piece.sample_rate)
    assert found.bpm == pytest.approx(110.0, rel=0.01)
    assert found.meter == Meter((3,), 4)
    assert found.stability > 0.95
    assert _f(piece.downbeat_seconds, found.downbeats, piece.sample_rate) >= 0.8


def test_tempo_curve_of_a_slowing_piece() -> None:
    piece = synth_piece(bpm=100.0, per_bar=4, bars=8, style="drums", end_bpm=80.0)
    hints = AnalysisHints(meter=Meter((4,), 4), bpm_range=(70.0, 110.0))
    found = analyse_samples(piece.samples, piece.sample_rate, hints)
    assert _f(piece.beat_seconds, found.beats, piece.sample_rate) >= 0.9
    assert found.bpm_max == pytest.approx(100.0, rel=0.04)
    assert found.bpm_min == pytest.approx(80.0, rel=0.04)
    assert found.stability < 0.9
    curve = found.tempo_curve()
    assert len(curve) == len(found.downbeats) - 1
    assert curve[0][1] > curve[-2][1] + 10  # slowing bar by bar
    assert found.to_json()["tempo_curve"][0]["bpm"] == pytest.approx(curve[0][1], abs=0.001)


def test_shifting_bar_lines_moves_them_by_whole_beats() -> None:
    piece = synth_piece(bpm=120.0, per_bar=4, bars=6)
    found = analyse_samples(piece.samples, piece.sample_rate, AnalysisHints(meter=Meter((4,), 4)))
    later = found.shifted_bars(1)
    first = found.first_downbeat_index()
    assert later.downbeats[0] == found.beats[first + 1]
    assert later.shifted_bars(-1).downbeats == found.downbeats
    assert later.beats == found.beats
    in_three = found.with_meter(Meter((3,), 4))
    assert in_three.downbeats == found.beats[first % 3 :: 3]


def test_stereo_and_other_rates_give_positions_at_the_source_rate() -> None:
    piece = synth_piece(bpm=120.0, per_bar=4, bars=5, sample_rate=48_000)
    stereo = np.stack([piece.samples, piece.samples * 0.5], axis=1)
    found = analyse_samples(stereo, 48_000, AnalysisHints(meter=Meter((4,), 4)))
    assert found.sample_rate == 48_000
    errors = [min(abs(b - t) for b in found.beats) for t in piece.beats]
    assert np.median(errors) < 0.005 * 48_000


def test_moving_a_downbeat_from_a_bar_on() -> None:
    piece = synth_piece(bpm=120.0, per_bar=4, bars=6)
    found = analyse_samples(piece.samples, piece.sample_rate, AnalysisHints(meter=Meter((4,), 4)))
    moved = found.shifted_bars_from(3, 1)
    assert moved.downbeats[:3] == found.downbeats[:3]
    assert moved.downbeats[3] == found.beats[found.beats.index(found.downbeats[3]) + 1]
    assert (
        len(moved.downbeats) == len(found.downbeats) - 1
        or moved.downbeats[-1] > found.downbeats[-1]
    )
    with pytest.raises(AnalysisError, match="no bar 99"):
        found.shifted_bars_from(98, 1)
    with pytest.raises(AnalysisError, match="pass the bar line before"):
        found.shifted_bars_from(3, -4)


@pytest.mark.parametrize(
    ("samples", "message"),
    [
        (np.zeros(0, dtype=np.float32), "holds no samples"),
        (np.zeros(22_050 * 3, dtype=np.float32), "silent"),
        (np.ones(1000, dtype=np.float32) * 0.1, "too short"),
        (np.full(22_050 * 3, np.nan, dtype=np.float32), "not numbers"),
    ],
)
def test_audio_an_analysis_cannot_use(samples: np.ndarray, message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        analyse_samples(samples, 22_050)


@pytest.mark.parametrize(
    ("bpm_range", "message"),
    [
        ((120.0, 90.0), "lower tempo first"),
        ((0.0, 90.0), "not positive"),
        ((10.0, 90.0), "reaches outside"),
        ((100.0, 102.0), "too narrow"),
    ],
)
def test_tempo_ranges_that_make_no_sense(bpm_range: tuple[float, float], message: str) -> None:
    with pytest.raises(AnalysisError, match=message):
        AnalysisHints(bpm_range=bpm_range)
