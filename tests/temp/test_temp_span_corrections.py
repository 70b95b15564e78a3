"""Corrections for a span of a temp: a change of meter from a bar on, and the tempo of a
span of bars; known answers on a made-up analysis, then the command line end to end on a
synthesised piece (the correction stored, shown, and carried into the tempo map)."""

from __future__ import annotations

import dataclasses
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
import soundfile
from project_support import small_project
from temp_audio_support import synth_piece

from scoresync.project.fileio import load_project, save_project
from tempo.audio.analysis.result import AnalysisError, TrackAnalysis
from tempo.map.meter import Meter

RATE = 1000
"""Samples a second of the made-up analysis: a beat every 500 samples is 120 BPM."""


def _analysis(beats: int = 32) -> TrackAnalysis:
    positions = tuple(500 * k for k in range(beats))
    return TrackAnalysis(
        sample_rate=RATE,
        duration_samples=500 * beats,
        bpm=120.0,
        bpm_min=120.0,
        bpm_max=120.0,
        stability=1.0,
        meter=Meter((4,), 4),
        beats=positions,
        downbeats=positions[::4],
        onsets=positions,
        analyser="test",
        analyser_version="1",
    )


def test_a_meter_span_regroups_the_bars_from_its_bar_on() -> None:
    regrouped = _analysis().regrouped_from(2, 3)  # bars 1-2 of 4, then bars of 3
    assert regrouped.downbeats[:4] == (0, 2000, 4000, 5500)
    assert [regrouped.beats_in_bar(bar) for bar in range(4)] == [4, 4, 3, 3]
    back = regrouped.regrouped_from(4, 4)  # and 4/4 again from bar 5
    assert back.downbeats[:7] == (0, 2000, 4000, 5500, 7000, 9000, 11000)
    # a later shift from a bar keeps that bar's grouping
    shifted = regrouped.shifted_bars_from(3, 1)
    assert shifted.downbeats[3:6] == (6000, 7500, 9000)


def test_a_tempo_span_lays_its_bars_beats_evenly() -> None:
    # the tracker kept only every other beat in bars 3-4: the span is laid at 120 again
    analysis = _analysis()
    halved = dataclasses.replace(
        analysis,
        beats=tuple(b for b in analysis.beats if not (4000 <= b < 8000) or b % 1000 == 0),
    )
    assert halved.beats_in_bar(2) == 2
    fixed = halved.retimed_span(2, 4, 120.0)
    assert fixed.beats == analysis.beats
    assert fixed.downbeats == analysis.downbeats


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda a: a.regrouped_from(9, 3), "there is no bar 10"),
        (lambda a: a.regrouped_from(1, 0), "0 beats a bar is out of range"),
        (lambda a: a.retimed_span(3, 2, 120.0), "bars 4 to 2 are not a span"),
        (lambda a: a.retimed_span(0, 2, 0.5), "0.5 BPM is out of range"),
    ],
)
def test_span_corrections_that_make_no_sense_are_refused(call, message: str) -> None:  # noqa: ANN001
    with pytest.raises(AnalysisError, match=message):
        call(_analysis())


@pytest.fixture(scope="module")
def piece(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = synth_piece(bpm=120.0, per_bar=4, bars=12, sample_rate=16_000)
    path = tmp_path_factory.mktemp("audio") / "piece.wav"
    soundfile.write(path, made.samples, made.sample_rate, subtype="PCM_16")
    return path


def test_meter_and_tempo_spans_on_the_command_line(
    run_cli,  # noqa: ANN001
    tmp_path: Path,
    piece: Path,
) -> None:
    project_path = tmp_path / "film.scoresync.json"
    save_project(small_project(), project_path)
    shutil.copy(piece, tmp_path / "piece.wav")
    path = str(project_path)
    attached = run_cli(
        "temp", "attach", path, "1M1", "piece.wav", "--audio-offset", "downbeat", "--meter", "4/4"
    )
    assert attached.code == 0, attached.stderr
    meter = run_cli("temp", "correct", path, "1M1", "--beats-per-bar", "3", "--from-bar", "5")
    assert meter.code == 0, meter.stderr
    span = run_cli("temp", "correct", path, "1M1", "--span-bpm", "120", "--bars", "1-2")
    assert span.code == 0, span.stderr
    temp = load_project(project_path).project.cues[0].temp
    assert temp is not None
    assert temp.bar_meters == ((4, 3),)
    assert temp.bar_tempos == ((0, 2, Fraction(120)),)
    text = project_path.read_text()
    assert '"bar_meters": [' in text and '"bar_tempos": [' in text
    shown = run_cli("temp", "show", path, "1M1", "--json")
    assert shown.code == 0, shown.stderr
    assert shown.json()["bars"] > 12  # bars of three from bar 5 on: more of them
    mapped = run_cli("temp", "map", path, "1M1")
    assert mapped.code == 0, mapped.stderr
    tempo = load_project(project_path).project.cues[0].tempo
    assert tempo is not None
    meters = [str(segment.meter) for segment in tempo.map.segments]
    assert meters[:4] == ["4/4"] * 4 and meters[4] == "3/4"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--beats-per-bar", "3"], "--beats-per-bar goes with --from-bar"),
        (["--span-bpm", "120"], "--span-bpm and --bars go together"),
        (["--span-bpm", "120", "--bars", "5-2"], "the first bar is from 1 and not after the last"),
        (["--span-bpm", "fast", "--bars", "1-2"], "--span-bpm"),
        (["--bars", "x-2", "--span-bpm", "120"], "write the first and last bar"),
    ],
)
def test_bad_span_corrections_say_what_to_give(
    run_cli,  # noqa: ANN001
    tmp_path: Path,
    piece: Path,
    args: list[str],
    message: str,
) -> None:
    project_path = tmp_path / "film.scoresync.json"
    save_project(small_project(), project_path)
    shutil.copy(piece, tmp_path / "piece.wav")
    path = str(project_path)
    assert run_cli("temp", "attach", path, "1M1", "piece.wav").code == 0
    result = run_cli("temp", "correct", path, "1M1", *args)
    assert result.code != 0
    assert message in result.stderr
