"""Click WAVs on picture: exact onsets read back from the file, the bext TimeReference, the
command line and its errors."""

from __future__ import annotations

import os
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import soundfile

from scoresync.deliver.click import (
    ClickOptions,
    parse_free_time,
    plan_click,
    render_click,
)
from scoresync.errors import ExportError, UsageError
from scoresync.picture.rates import RATES, FrameRate
from scoresync.picture.timecode import tc_to_frames
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import save_project
from scoresync.project.model import Cue, CueTempo, Hit, Project, Reel
from tempo.audio.bwf import read_bext
from tempo.audio.click import ClickKind
from tempo.common.atomic import check_writable
from tempo.map.ramps import RampShape
from tempo.map.segment import Segment
from tempo.map.tempomap import TempoMap


def onsets(signal: np.ndarray, quiet: int = 64) -> list[int]:
    """First non-zero sample after at least ``quiet`` zeros: each click's onset."""
    nonzero = np.flatnonzero(signal)
    keep = np.r_[True, np.diff(nonzero) > quiet]
    return nonzero[keep].tolist()


def nearest(value: Fraction | Decimal) -> int:
    """Nearest integer, halves up, computed here independently of the code under test."""
    if isinstance(value, Decimal):
        return int((value + Decimal("0.5")).to_integral_value(rounding="ROUND_FLOOR"))
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def cue_with(
    rate: FrameRate, start: str, end: str, downbeat: str, tempo_map: TempoMap | None
) -> Cue:
    tempo = None if tempo_map is None else CueTempo(tc_to_frames(downbeat, rate=rate), tempo_map)
    return Cue(
        CueNumber.parse("1M1"),
        "Opening",
        tc_to_frames(start, rate=rate),
        tc_to_frames(end, rate=rate),
        tempo=tempo,
    )


def project_with(rate: FrameRate, *cues: Cue) -> Project:
    return Project(
        "Test",
        rate,
        tc_to_frames("01:00:00:00", rate=rate),
        (Reel(1, "R1", tc_to_frames("01:00:00:00", rate=rate)),),
        cues,
    )


def rendered(plan, path: Path) -> np.ndarray:  # noqa: ANN001
    render_click(plan, path)
    audio, sample_rate = soundfile.read(path, dtype="int32")
    assert sample_rate == plan.options.sample_rate
    assert audio.size == plan.total_samples
    return audio


@pytest.mark.parametrize("rate_name", ["24", "25"])
def test_constant_map_onsets_and_time_reference(tmp_path: Path, rate_name: str) -> None:
    rate = RATES[rate_name]
    cue = cue_with(rate, "01:00:10:00", "01:00:20:00", "01:00:10:00", TempoMap.constant(120))
    plan = plan_click(cue, rate)
    path = tmp_path / "click.wav"
    audio = rendered(plan, path)
    # 120 BPM from the cue start: a click every 24 000 samples; the one at the cue end is out
    assert onsets(audio) == [24_000 * k for k in range(20)]
    assert read_bext(path).time_reference_samples == 3610 * 48_000 == 173_280_000
    info = soundfile.info(path)
    assert (info.subtype, info.channels, info.samplerate) == ("PCM_24", 1, 48_000)
    assert info.frames == 10 * 48_000 + 24_000  # the cue and half a second of tail


def test_23976_onsets_are_exact(tmp_path: Path) -> None:
    rate = RATES["23.976"]
    cue = cue_with(rate, "01:00:10:00", "01:00:40:00", "01:00:12:05", TempoMap.constant("117.55"))
    plan = plan_click(cue, rate)
    path = tmp_path / "click.wav"
    audio = rendered(plan, path)
    start_frames, downbeat_frames = 86_400 + 240, 86_400 + 12 * 24 + 5
    first_sample = start_frames * 2002  # a 23.976 frame is exactly 2002 samples at 48 kHz
    assert read_bext(path).time_reference_samples == first_sample == 173_453_280
    downbeat = Fraction(downbeat_frames * 48_000 * 1001, 24_000)
    end = (86_400 + 40 * 24) * 2002
    expected = []
    k = 0
    while (sample := nearest(downbeat + Fraction(60 * k) / Fraction("117.55") * 48_000)) < end:
        expected.append(sample - first_sample)
        k += 1
    assert onsets(audio) == expected


def linear_beats_seconds(beat: Fraction, t0: int, t1: int, length: int) -> Decimal:
    tempo = Decimal(t0) + Decimal(t1 - t0) * Decimal(beat.numerator) / beat.denominator / length
    return Decimal(60 * length) / (t1 - t0) * (tempo / t0).ln()


def ramp_map_seconds(quarters: Fraction) -> Decimal:
    """Seconds of the test map below: 8 beats at 100, 16 beats 100 -> 130 linear in beats,
    then 130 (quarter beats); before bar 1 at 100."""
    if quarters <= 8:
        return Decimal(quarters.numerator) * 60 / quarters.denominator / 100
    if quarters <= 24:
        return Decimal("4.8") + linear_beats_seconds(quarters - 8, 100, 130, 16)
    rest = quarters - 24
    return (
        Decimal("4.8")
        + linear_beats_seconds(Fraction(16), 100, 130, 16)
        + Decimal(rest.numerator) * 60 / rest.denominator / 130
    )


def test_ramp_pickup_and_count_in_onsets(tmp_path: Path) -> None:
    rate = RATES["23.976"]
    tempo_map = TempoMap(
        (Segment(8, 100), Segment(16, 100, 130, RampShape.LINEAR_BEATS), Segment(None, 130)),
        pickup_beats=2,
    )
    cue = cue_with(rate, "01:00:10:00", "01:00:30:00", "01:00:11:00", tempo_map)
    options = ClickOptions(count_in_bars=1, count_in_beats=1, subdivision=2)
    plan = plan_click(cue, rate, options)
    path = tmp_path / "click.wav"
    audio = rendered(plan, path)
    downbeat = Decimal((86_400 + 11 * 24) * 2002)
    end = (86_400 + 30 * 24) * 2002
    positions, halves = [], 0
    # 1 beat and 1 bar of count-in before the pickup's bar, whose first 2 beats are
    # counted too: the count starts 9 quarters before the downbeat
    quarters = Fraction(-9)
    with localcontext(prec=40):  # 40-digit decimals here only
        while True:
            sample = nearest(downbeat + ramp_map_seconds(quarters) * 48_000)
            if sample >= end:
                break
            positions.append(sample)
            halves += quarters.denominator == 2
            quarters += 1 if quarters < -2 else Fraction(1, 2)
    first = positions[0]
    # the file starts at the frame holding the first count-in click, before the cue start
    start_frame = first // 2002
    assert plan.start_frames == start_frame < 86_400 + 240
    assert read_bext(path).time_reference_samples == start_frame * 2002
    assert onsets(audio) == [p - start_frame * 2002 for p in positions]
    counts = render_click(plan, tmp_path / "again.wav").counts
    assert counts["count_in_downbeat"] == 3 and counts["count_in_beat"] == 4
    assert counts["subdivision"] == halves
    assert sum(counts.values()) == len(positions)


def click_peaks(audio: np.ndarray, starts: list[int], length: int) -> list[int]:
    """The peak amplitude of each click, read from the audio alone."""
    return [int(np.abs(audio[start : start + length]).max()) for start in starts]


@pytest.mark.parametrize(
    ("pickup_beats", "bars", "accented"),
    [
        # 2-beat pickup, 2 bars: 1 2 3 4 | 1 2 3 4 | 1 2 (pickup 3 4) | 1
        (2, 2, [0, 4, 8]),
        # 3-beat pickup, 1 bar: 1 2 3 4 | 1 (pickup 2 3 4) | 1
        (3, 1, [0, 4]),
        (0, 2, [0, 4]),
    ],
)
def test_count_in_accents_read_back_from_the_wav(
    tmp_path: Path, pickup_beats: int, bars: int, accented: list[int]
) -> None:
    rate = RATES["24"]
    tempo_map = TempoMap.constant(120, pickup_beats=pickup_beats)
    cue = cue_with(rate, "01:00:10:00", "01:00:14:00", "01:00:10:00", tempo_map)
    plan = plan_click(cue, rate, ClickOptions(count_in_bars=bars, accent=False))
    path = tmp_path / "count.wav"
    render_click(plan, path)
    audio, _ = soundfile.read(path, dtype="float64")
    starts = onsets(audio)
    assert starts == plan.clicks.samples.tolist()  # one onset per planned click
    counting = [
        index
        for index, kind in enumerate(plan.clicks.kinds)
        if ClickKind(kind) in (ClickKind.COUNT_IN_DOWNBEAT, ClickKind.COUNT_IN_BEAT)
    ]
    assert len(counting) == 4 * bars + (4 - pickup_beats if pickup_beats else 0)
    peaks = click_peaks(audio * 1000, [starts[i] for i in counting], 1440)
    # the first count-in click is the loudest, and the accents fall on every bar line of
    # the count-in: every fourth click from the first
    assert peaks[0] == max(peaks)
    loud = [index for index, peak in enumerate(peaks) if peak > 800]
    assert loud == accented
    assert [
        index
        for index in counting
        if ClickKind(plan.clicks.kinds[index]) is ClickKind.COUNT_IN_DOWNBEAT
    ] == accented
    # accents every bar: 2 s apart at 120 in 4/4 (96000 samples at 48 kHz)
    assert np.diff([starts[i] for i in accented]).tolist() == [96_000] * (len(accented) - 1)


def test_free_time_leaves_a_gap(tmp_path: Path) -> None:
    rate = RATES["25"]
    cue = cue_with(rate, "01:00:10:00", "01:00:20:00", "01:00:10:00", TempoMap.constant(120))
    gap = parse_free_time("01:00:12:00-01:00:14:00", rate=rate, origin_frames=cue.start_frames)
    assert parse_free_time("2s-4s", rate=rate, origin_frames=cue.start_frames) == gap
    plan = plan_click(cue, rate, ClickOptions(free_time=(gap,)))
    audio = rendered(plan, tmp_path / "click.wav")
    assert onsets(audio) == [24_000 * k for k in range(20) if not 4 <= k < 8]
    assert plan.removed_clicks == 4


@pytest.mark.parametrize(("depth", "subtype"), [("16", "PCM_16"), ("32f", "FLOAT")])
def test_other_bit_depths(tmp_path: Path, depth: str, subtype: str) -> None:
    rate = RATES["25"]
    cue = cue_with(rate, "01:00:10:00", "01:00:12:00", "01:00:10:00", TempoMap.constant(120))
    plan = plan_click(cue, rate, ClickOptions(bit_depth=depth, sample_rate=44_100))
    path = tmp_path / "click.wav"
    render_click(plan, path)
    assert soundfile.info(path).subtype == subtype
    audio, _ = soundfile.read(path, dtype="float32")
    assert onsets(audio) == [22_050 * k for k in range(4)]
    history = read_bext(path).coding_history
    assert history.startswith("A=PCM,F=44100,W=" + ("16" if depth == "16" else "32"))


def test_downbeat_after_the_cue_end_gives_count_in_only(tmp_path: Path) -> None:
    rate = RATES["24"]
    cue = cue_with(rate, "01:00:10:00", "01:00:12:00", "01:00:13:00", TempoMap.constant(120))
    plan = plan_click(cue, rate, ClickOptions(count_in_bars=1))
    assert len(plan.clicks) == 2  # count-in beats 1 and 2 (at 11.0 s and 11.5 s)


def test_a_cue_starting_after_its_downbeat_clicks_from_its_start(tmp_path: Path) -> None:
    """The tail of a split cue keeps the map where it was: its clicks (and count-in) are
    the map's own beats from the cue start, not the music before it."""
    rate = RATES["24"]
    cue = cue_with(rate, "01:00:20:00", "01:00:24:00", "01:00:10:00", TempoMap.constant(120))
    plan = plan_click(cue, rate, ClickOptions(count_in_bars=1))
    assert plan.start_frames == tc_to_frames("01:00:18:00", rate=rate)
    audio = rendered(plan, tmp_path / "tail.wav")
    assert onsets(audio) == [24_000 * k for k in range(12)]
    assert plan.clicks.count(ClickKind.COUNT_IN_DOWNBEAT) == 1
    assert plan.clicks.count(ClickKind.COUNT_IN_BEAT) == 3
    assert plan.clicks.count(ClickKind.DOWNBEAT) == 2  # bars 6 and 7 of the map


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("01:00:12:00", "is not a range"),
        ("01:00:14:00-01:00:12:00", "ends before it starts"),
    ],
)
def test_bad_free_time(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_free_time(text, rate=RATES["24"], origin_frames=0)


def test_cue_without_tempo_map() -> None:
    cue = cue_with(RATES["24"], "01:00:10:00", "01:00:12:00", "01:00:10:00", None)
    with pytest.raises(UsageError, match="1M1 has no tempo map: set one with 'scoresync tempo"):
        plan_click(cue, RATES["24"])


def test_output_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ExportError, match="does not exist; create it first"):
        check_writable(tmp_path / "nope" / "c.wav")
    with pytest.raises(ExportError, match="it is a folder"):
        check_writable(tmp_path)
    (tmp_path / "file").write_text("")
    with pytest.raises(ExportError, match="is not a folder"):
        check_writable(tmp_path / "file" / "c.wav")
    monkeypatch.setattr(os, "access", lambda *_: False)
    with pytest.raises(ExportError, match="no permission to write in"):
        check_writable(tmp_path / "c.wav")


# -- the command line --------------------------------------------------------------------------


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    rate = RATES["24"]
    with_map = cue_with(
        rate, "01:00:10:00", "01:00:20:00", "01:00:10:00", TempoMap.constant(120, pickup_beats=1)
    )
    with_map = Cue(
        with_map.number,
        with_map.title,
        with_map.start_frames,
        with_map.end_frames,
        hits=(Hit(with_map.start_frames + 48, "door"),),
        tempo=with_map.tempo,
    )
    without = Cue(
        CueNumber.parse("1M3"),
        "Tunnel",
        tc_to_frames("01:01:00:00", rate=rate),
        tc_to_frames("01:01:10:00", rate=rate),
    )
    path = tmp_path / "film.scoresync.json"
    save_project(project_with(rate, with_map, without), path)
    return path


def test_cli_renders_a_click(run_cli, project_file: Path, tmp_path: Path) -> None:
    result = run_cli(
        "click",
        "render",
        project_file.name,
        "1M1",
        "-o",
        "click.wav",
        "--count-in-bars",
        "1",
        "--free-time",
        "01:00:15:00-01:00:16:00",
        "--json",
    )
    assert result.code == 0, result.stderr
    data = result.json()
    assert (
        data["time_reference_samples"] == read_bext(tmp_path / "click.wav").time_reference_samples
    )
    # 1 bar, then the pickup's bar counted 1 2 3 into the pickup on 4: 2 bars before the
    # downbeat
    assert data["start"] == "01:00:06:00"
    assert data["clicks"]["count_in_downbeat"] == 2 and data["clicks_in_free_time"] == 2
    text = run_cli("click", "render", project_file.name, "1M1", "-o", "plain.wav")
    # the pickup starts half a second before the cue: 3609.5 s * 48 kHz
    assert text.code == 0 and "bext TimeReference 173256000 samples" in text.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["1M3", "-o", "x.wav"],
            "1M3 has no tempo map: set one with 'scoresync tempo set' or find one with "
            "'scoresync tempo find'",
        ),
        (["1M1", "-o", "missing/x.wav"], "the folder missing does not exist; create it first"),
        (["1M1", "-o", "x.wav", "--free-time", "01:00:15:00"], "is not a range"),
        (["1M9", "-o", "x.wav"], "no cue 1M9 in this project"),
        (["1M1", "-o", "x.wav", "--bit-depth", "8"], "'8' is not one of"),
    ],
)
def test_cli_errors(run_cli, project_file: Path, args: list[str], message: str) -> None:
    result = run_cli("click", "render", project_file.name, *args)
    assert result.code != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
