"""Fitting a temp to its scene (ending within a frame of the target, edits on bar lines),
stretching to the exact sample, crossfades without clicks, and the render at timecode."""

from __future__ import annotations

import dataclasses
import shutil
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import soundfile
from temp_audio_support import synth_piece

from scoresync.picture.timecode import frames_to_samples
from scoresync.project.fileio import load_project, save_project
from scoresync.project.model import Cue, CueTemp, Hit
from scoresync.temp.errors import TempAudioError
from scoresync.temp.fit import propose_fits
from scoresync.temp.render import crossfaded
from scoresync.temp.stretch import preview_stretch, stretch
from scoresync.temp.track import Segment, place
from tempo.audio.bwf import read_bext

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from project_support import HOUR, RATE, SECOND, small_project  # noqa: E402

RUBBERBAND = shutil.which("rubberband")
needs_rubberband = pytest.mark.skipif(
    RUBBERBAND is None, reason="the rubberband program (Debian rubberband-cli) is not installed"
)


@pytest.fixture(scope="module")
def piece_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """12 bars of 4/4 at 120 BPM (2 s a bar), first bar line 0.5 s in, 1 s ring-out."""
    piece = synth_piece(bpm=120.0, per_bar=4, bars=12, sample_rate=16_000)
    path = tmp_path_factory.mktemp("audio") / "piece.wav"
    soundfile.write(path, piece.samples, piece.sample_rate, subtype="PCM_16")
    return path, int(piece.downbeats[0])


def _cue(path: Path, first_downbeat: int) -> Cue:
    """1M1 from 01:00:10:00, the temp's first bar line on its start, a hit on bar 3."""
    cue = small_project().cues[0]
    hits = (Hit(HOUR + 14 * SECOND, "bar 3"), Hit(HOUR + 17 * SECOND + 6, "between"))
    temp = CueTemp(audio=str(path), at_frames=cue.start_frames, offset_samples=first_downbeat)
    return dataclasses.replace(cue, hits=hits, anchor_hit=None, temp=temp)


@pytest.mark.parametrize("seconds", [Fraction(185, 10), Fraction(229, 10), Fraction(3101, 100)])
def test_every_proposal_ends_within_a_frame_of_the_target(
    piece_file: tuple[Path, int], seconds: Fraction
) -> None:
    cue = _cue(*piece_file)
    placed = place(cue, RATE)
    target = cue.start_frames + round(seconds * SECOND)
    proposals = propose_fits(placed, cue, target_end_frames=target)
    assert proposals
    for proposal in proposals:
        assert abs(proposal.end_error_frames) <= 1
        assert abs(proposal.stretch - 1) <= Fraction(3, 100)
        fitted = placed.with_fit(proposal.bars, proposal.stretch)
        fitted = dataclasses.replace(fitted, offset_samples=proposal.offset_samples)
        assert abs(fitted.end_frames() - target) <= 1
        for first, end in proposal.bars:
            assert 0 <= first < end <= len(placed.analysis.downbeats)
    assert [p.rank for p in proposals] == list(range(1, len(proposals) + 1))


def test_phrase_edits_rank_first_and_hits_stay_on_their_beats(piece_file: tuple[Path, int]) -> None:
    cue = _cue(*piece_file)
    placed = place(cue, RATE)
    # 12 bars from the anchor plus a 1 s ring-out: 25 s; 4 bars less is 17 s
    best = propose_fits(placed, cue, target_end_frames=cue.start_frames + 17 * SECOND)[0]
    assert "(4 bars)" in best.description or "(8 bars)" in best.description
    kept = [bar for first, end in best.bars for bar in range(first, end)]
    assert len(kept) == 8
    assert best.bars[0][0] == 0 and best.bars[-1][1] == 12
    assert best.bars[1][0] % 4 == 0
    assert best.hits_on_downbeats == 1
    assert abs(best.stretch - 1) < Fraction(1, 200)


def test_the_last_bar_line_can_land_on_the_target(piece_file: tuple[Path, int]) -> None:
    cue = _cue(*piece_file)
    placed = place(cue, RATE)
    target = cue.start_frames + 14 * SECOND + 7  # 11 bars to the last bar line, less 4
    for proposal in propose_fits(placed, cue, target_end_frames=target, on_last_bar=True):
        fitted = dataclasses.replace(
            placed.with_fit(proposal.bars, proposal.stretch), offset_samples=proposal.offset_samples
        )
        last = fitted.analysis.downbeats[-1]
        edited = fitted.edited_samples - (fitted.analysis.duration_samples - last)
        assert abs(fitted.frames_of_edited(edited) - target) <= 1
        assert fitted.end_frames() > target + SECOND  # the ring-out runs on


def test_landing_a_hit_stretches_a_little(piece_file: tuple[Path, int]) -> None:
    cue = _cue(*piece_file)
    placed = place(cue, RATE)
    moved = dataclasses.replace(cue, hits=(Hit(HOUR + 14 * SECOND + 2, "late"),))
    proposals = propose_fits(
        placed, moved, target_end_frames=cue.start_frames + 17 * SECOND, land_hit=0
    )
    best = proposals[0]
    fitted = dataclasses.replace(
        placed.with_fit(best.bars, best.stretch), offset_samples=best.offset_samples
    )
    kind, off = fitted.nearest_beat(moved.hits[0].frames) or ("", Fraction(99))
    assert kind == "downbeat"
    assert abs(off) < Fraction(1, 10)
    assert best.stretch > 1


def test_an_impossible_fit_says_what_to_do(piece_file: tuple[Path, int]) -> None:
    cue = _cue(*piece_file)
    with pytest.raises(TempAudioError, match="--max-stretch"):
        propose_fits(
            place(cue, RATE),
            cue,
            target_end_frames=cue.start_frames + 9 * SECOND + 17,
            max_stretch=Fraction(0),
        )


def test_crossfades_leave_no_click() -> None:
    rate = 16_000
    t = np.arange(rate * 2) / rate
    source = (0.8 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[:, None]
    segments = [Segment(0, 7_013), Segment(12_345, 20_000), Segment(3_001, 9_000)]
    smooth = float(np.max(np.abs(np.diff(source[:, 0]))))
    hard = crossfaded(source, segments, 0)
    faded = crossfaded(source, segments, round(0.03 * rate))
    assert len(faded) == sum(segment.samples for segment in segments)
    assert np.max(np.abs(np.diff(hard[:, 0]))) > 3 * smooth  # a butt splice clicks
    assert np.max(np.abs(np.diff(faded[:, 0]))) < 1.5 * smooth


def test_stretch_lengths_are_exact_to_the_sample() -> None:
    samples = np.random.default_rng(1).standard_normal((10_007, 2)).astype(np.float32) * 0.1
    for length in (10_413, 9_600, 10_007):
        assert preview_stretch(samples, length).shape == (length, 2)


@needs_rubberband
def test_rubberband_stretches_to_the_exact_length() -> None:
    piece = synth_piece(bpm=120.0, per_bar=4, bars=2, sample_rate=16_000, tail_seconds=0.2)
    samples = piece.samples[:, None]
    for length in (round(len(samples) * 1.03), round(len(samples) * 0.97) + 1):
        out = stretch(samples, 16_000, length)
        assert out.shape == (length, 1)
        assert np.max(np.abs(out)) > 0.1


def test_missing_rubberband_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCORESYNC_RUBBERBAND", "no-such-rubberband-program")
    with pytest.raises(TempAudioError, match="rubberband-cli"):
        stretch(np.zeros((100, 1), np.float32), 16_000, 103)


def _project_file(folder: Path, cue: Cue) -> Path:
    project = small_project()
    path = folder / "film.scoresync.json"
    save_project(project.replace_cue(cue.number, cue), path)
    return path


def test_render_of_a_cue_lands_at_its_timecode(
    run_cli,
    tmp_path: Path,
    piece_file: tuple[Path, int],  # noqa: ANN001
) -> None:
    audio, first_downbeat = piece_file
    cue = _cue(audio, first_downbeat)
    cue = dataclasses.replace(
        cue, temp=dataclasses.replace(cue.temp, bars=((0, 4), (8, 12))) if cue.temp else None
    )
    project_path = _project_file(tmp_path, cue)
    result = run_cli("temp", "render", str(project_path), "1M1", "-o", "cue.wav", "--json")
    assert result.code == 0, result.stderr
    out, rate = soundfile.read(tmp_path / "cue.wav", always_2d=True)
    assert rate == 16_000
    start = frames_to_samples(cue.start_frames, rate=RATE, sample_rate=rate) - first_downbeat
    info = read_bext(tmp_path / "cue.wav")
    assert info is not None and info.time_reference_samples == start
    placed = place(cue, RATE)
    assert len(out) == placed.played_samples
    lines = placed.analysis.downbeats
    assert len(out) == lines[4] + (placed.analysis.duration_samples - lines[8])
    stem = run_cli("temp", "render", str(project_path), "-o", "stem.wav", "--sample-rate", "48000")
    assert stem.code == 0, stem.stderr
    stem_info = read_bext(tmp_path / "stem.wav")
    assert stem_info is not None and stem_info.time_reference_samples == 3600 * 48_000
    assert soundfile.info(str(tmp_path / "stem.wav")).samplerate == 48_000


def test_render_leaves_other_files_alone(
    run_cli,
    tmp_path: Path,
    piece_file: tuple[Path, int],  # noqa: ANN001
) -> None:
    project_path = _project_file(tmp_path, _cue(*piece_file))
    (tmp_path / "notes.wav").write_text("my notes\n")
    result = run_cli("temp", "render", str(project_path), "1M1", "-o", "notes.wav")
    assert result.code == 1
    assert "--force" in result.stderr
    assert (tmp_path / "notes.wav").read_text() == "my notes\n"


def test_attach_correct_fit_and_show_on_the_command_line(
    run_cli,
    tmp_path: Path,
    piece_file: tuple[Path, int],  # noqa: ANN001
) -> None:
    audio, _ = piece_file
    project_path = _project_file(tmp_path, small_project().cues[0])
    local = tmp_path / "music" / "piece.wav"
    local.parent.mkdir()
    shutil.copy(audio, local)
    attached = run_cli(
        "temp",
        "attach",
        str(project_path),
        "1M1",
        "music/piece.wav",
        "--audio-offset",
        "downbeat",
        "--meter",
        "4/4",
    )
    assert attached.code == 0, attached.stderr
    assert "120" in attached.stdout
    text = project_path.read_text()
    assert '"audio": "music/piece.wav"' in text
    fit = run_cli(
        "temp", "fit", str(project_path), "1M1", "--length", "17s", "--apply", "1", "--json"
    )
    assert fit.code == 0, fit.stderr
    chosen = fit.json()["proposals"][0]
    assert abs(chosen["end_error_frames"]) <= 1
    shown = run_cli("temp", "show", str(project_path), "1M1", "--json").json()
    assert shown["fit"] == chosen["bars"]
    assert shown["end"] == "01:00:27:00"
    corrected = run_cli("temp", "correct", str(project_path), "1M1", "--shift-bars", "1")
    assert corrected.code == 0, corrected.stderr
    after = run_cli("temp", "show", str(project_path), "1M1", "--json").json()
    assert after["shift_beats"] == 1 and after["fit"] == []
    later = run_cli(
        "temp", "correct", str(project_path), "1M1", "--shift-bars", "1", "--from-bar", "5"
    )
    assert later.code == 0, later.stderr
    assert load_project(project_path).project.cues[0].temp.bar_shifts == ((4, 1),)  # type: ignore[union-attr]
    too_far = run_cli(
        "temp", "correct", str(project_path), "1M1", "--shift-bars", "-9", "--from-bar", "6"
    )
    assert too_far.code == 1 and "move it by fewer beats" in too_far.stderr
    nothing = run_cli("temp", "correct", str(project_path), "1M1")
    assert nothing.code == 1 and "nothing to correct" in nothing.stderr


def test_the_temp_becomes_the_cues_tempo_map(
    run_cli, tmp_path: Path, piece_file: tuple[Path, int]
) -> None:  # noqa: ANN001
    from scoresync.temp.tempomap import temp_tempo

    audio, first_downbeat = piece_file
    cue = _cue(audio, first_downbeat)
    cue = dataclasses.replace(
        cue,
        temp=dataclasses.replace(cue.temp, bars=((0, 4), (8, 12)), stretch=Fraction(101, 100))
        if cue.temp
        else None,
    )
    placed = place(cue, RATE)
    tempo = temp_tempo(placed)
    assert tempo.downbeat_frames == cue.start_frames
    lines = placed.analysis.downbeats
    # bars 1-4 as they are, then bars 9-11 after the cut, in the edited audio
    edited = [lines[b] for b in (0, 1, 2, 3)] + [lines[4] + lines[b] - lines[8] for b in (8, 9, 10)]
    for bar, position in enumerate(edited, start=1):
        music = placed.frames_of_edited(position)
        grid = tempo.downbeat_frames + tempo.map.seconds_at_bbt(f"{bar}|1|0") * RATE.fps
        assert abs(float(grid - music)) < 0.5 + 0.024  # the frame the map starts on, and 1 ms
    project_path = _project_file(tmp_path, cue)
    result = run_cli("temp", "map", str(project_path), "1M1")
    assert result.code == 0, result.stderr
    stored = load_project(project_path).project.cues[0].tempo
    assert stored is not None and stored.map.segments[0].meter == placed.analysis.meter


@needs_rubberband
def test_a_second_render_takes_the_stretch_from_the_cache(
    run_cli,
    tmp_path: Path,
    piece_file: tuple[Path, int],
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    audio, first_downbeat = piece_file
    cue = _cue(audio, first_downbeat)
    temp = cue.temp
    assert temp is not None
    cue = dataclasses.replace(
        cue, temp=dataclasses.replace(temp, bars=((0, 2), (10, 12)), stretch=Fraction(51, 50))
    )
    project_path = _project_file(tmp_path, cue)
    first = run_cli("temp", "render", str(project_path), "1M1", "-o", "a.wav")
    assert first.code == 0, first.stderr

    def no_stretching(*args: object, **kwargs: object) -> None:
        raise AssertionError("stretched again")

    monkeypatch.setattr("scoresync.temp.stretch.stretch", no_stretching)
    second = run_cli("temp", "render", str(project_path), "1M1", "-o", "b.wav")
    assert second.code == 0, second.stderr
    a, _ = soundfile.read(tmp_path / "a.wav")
    b, _ = soundfile.read(tmp_path / "b.wav")
    assert len(a) == len(b) == place(cue, RATE).played_samples
    assert np.array_equal(a, b)


def test_a_join_into_the_same_harmony_is_more_musical() -> None:
    from scoresync.temp.fit import _musicality

    c_major = (1.0,) + (0.0,) * 11
    g_major = (0.0,) * 7 + (1.0,) + (0.0,) * 4
    harmony = (c_major, g_major, c_major, g_major, g_major, g_major, c_major, g_major, c_major)
    smooth = _musicality(4, 8, harmony)  # bar 4 (G) leads into bar 9 as bar 8 (G) did
    rough = _musicality(4, 7, harmony)  # bar 4 (G) leads into bar 8 where bar 7 (C) did
    assert smooth > rough
    assert _musicality(4, 8, ()) == _musicality(4, 8, harmony) - 2.0


def test_analysis_measures_each_bars_harmony(piece_file: tuple[Path, int]) -> None:
    analysis = place(_cue(*piece_file), RATE).analysis
    harmony = analysis.bar_harmony()
    assert len(analysis.beat_chroma) == len(analysis.beats)
    assert len(harmony) == len(analysis.downbeats)
    assert len(analysis.shifted_bars(1).bar_harmony()) == len(analysis.shifted_bars(1).downbeats)
    first, second = harmony[0], harmony[1]
    assert sum(x * x for x in first) == pytest.approx(1.0, abs=0.01)
    assert max(range(12), key=lambda k: first[k]) != max(range(12), key=lambda k: second[k])
