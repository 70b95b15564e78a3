"""Analysing files: the cache answers a second time, and every bad file or hint gives
one clear message on the command line."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
import soundfile
from temp_audio_support import synth_piece

from scoresync.temp import analysis as temp_analysis
from scoresync.temp.analysis import AnalysisHints, analyze_file, parse_hints
from scoresync.temp.errors import TempAudioError
from tempo.map.meter import Meter


@pytest.fixture(scope="module")
def piece_samples() -> tuple[np.ndarray, int]:
    piece = synth_piece(bpm=120.0, per_bar=4, bars=5, sample_rate=22_050)
    return piece.samples, piece.sample_rate


@pytest.fixture
def wav(tmp_path: Path, piece_samples: tuple[np.ndarray, int]) -> Path:
    path = tmp_path / "temp.wav"
    soundfile.write(path, *piece_samples, subtype="PCM_16")
    return path


def test_second_analysis_comes_from_the_cache(
    wav: Path, monkeypatch: pytest.MonkeyPatch, _private_cache: Path
) -> None:
    hints = AnalysisHints(meter=Meter((4,), 4))
    first = analyze_file(wav, hints)
    assert (_private_cache / "analysis.sqlite").exists()

    def no_reading(path: Path) -> None:
        raise AssertionError("read the audio again")

    monkeypatch.setattr("scoresync.temp.audiofile.read_audio", no_reading)
    started = time.perf_counter()
    second = analyze_file(wav, hints)
    assert time.perf_counter() - started < 0.25
    assert second == first
    with pytest.raises(AssertionError, match="read the audio again"):
        analyze_file(wav, AnalysisHints(meter=Meter((3,), 4)))  # other hints, other key


def test_changed_file_is_analysed_again(wav: Path) -> None:
    first = analyze_file(wav)
    samples, rate = soundfile.read(wav)
    soundfile.write(wav, samples[: rate * 5], rate, subtype="PCM_16")
    second = analyze_file(wav)
    assert second.duration_samples == rate * 5 != first.duration_samples


def test_progress_reaches_the_end(wav: Path) -> None:
    seen: list[float] = []
    analyze_file(wav, cache=False, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


def test_parsing_hints() -> None:
    hints = parse_hints("6/8", "50-70")
    assert hints.meter == Meter((6,), 8)
    assert hints.bpm_range == (50.0, 70.0)
    low, high = parse_hints(None, "120").bpm_range or (0, 0)
    assert low < 120 < high
    with pytest.raises(TempAudioError, match="not a range"):
        parse_hints(None, "fast")
    with pytest.raises(TempAudioError, match="meter hint"):
        parse_hints("4/5", None)


def test_the_command_prints_the_analysis_as_json(run_cli, wav: Path) -> None:  # noqa: ANN001
    result = run_cli("temp", "analyze", str(wav), "--meter", "4/4", "--bpm", "100-140", "--json")
    assert result.code == 0, result.stderr
    data = result.json()
    assert data["meter"] == "4/4"
    assert data["bpm"] == pytest.approx(120.0, rel=0.01)
    assert data["duration"] == pytest.approx(len(soundfile.read(wav)[0]) / 22_050)
    assert len(data["downbeats"]) == 5
    assert data["beats"][0] == pytest.approx(0.5, abs=0.02)
    assert all(isinstance(x, float) for x in data["onsets"])
    text = run_cli("temp", "analyze", str(wav), "--beats")
    assert "120.0" in text.stdout and "1|1" in text.stdout


def _bad_files(folder: Path) -> dict[str, Path]:
    files = {
        "missing": folder / "nothing.wav",
        "empty": folder / "empty.wav",
        "corrupt": folder / "corrupt.wav",
        "unsupported": folder / "notes.txt",
        "silent": folder / "silent.wav",
        "short": folder / "short.flac",
        "no samples": folder / "header.wav",
    }
    files["empty"].write_bytes(b"")
    files["corrupt"].write_bytes(b"RIFF\x10\x00\x00\x00WAVEjunkjunkjunk" * 4)
    files["unsupported"].write_text("not music\n")
    soundfile.write(files["silent"], np.zeros(22_050 * 3), 22_050)
    soundfile.write(files["short"], np.ones(2_000) * 0.1, 22_050)
    soundfile.write(files["no samples"], np.zeros(0), 22_050)
    return files


BAD = {
    "missing": "no such audio file",
    "empty": "the file is empty",
    "corrupt": "cannot be read as WAV audio",
    "unsupported": "'.txt' files",
    "silent": "silent",
    "short": "too short",
    "no samples": "holds no samples",
}


def test_every_bad_file_gets_one_clear_message(run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    files = _bad_files(tmp_path)
    for kind, path in files.items():
        result = run_cli("temp", "analyze", str(path))
        assert result.code == 1, (kind, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (kind, result.stderr)
        assert lines[0].startswith(f"scoresync: error: {path}: "), lines[0]
        assert BAD[kind] in lines[0], (kind, lines[0])
        assert "Traceback" not in result.stderr


def test_bad_hints_on_the_command_line(run_cli, wav: Path) -> None:  # noqa: ANN001
    for option, value, message in [
        ("--bpm", "140-90", "lower tempo first"),
        ("--bpm", "1-2", "reaches outside"),
        ("--meter", "four", "unknown meter"),
    ]:
        result = run_cli("temp", "analyze", str(wav), option, value)
        assert result.code == 1
        assert message in result.stderr, result.stderr
    assert temp_analysis.__name__  # the module is importable on its own


def test_a_cache_that_cannot_be_written_is_passed_by(
    wav: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be\n")
    monkeypatch.setenv("SCORESYNC_CACHE_DIR", str(blocker))
    found = analyze_file(wav, AnalysisHints(meter=Meter((4,), 4)))
    assert found.bpm == pytest.approx(120.0, rel=0.01)
    assert blocker.read_text() == "a file where the cache folder would be\n"
