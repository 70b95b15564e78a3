"""The demo's temp piece: written with the demo, attached to 1M3, and read back by the
analysis as what it was made to be (100 BPM, 4/4, 48 bars, bar 1 on the cue's start)."""

from __future__ import annotations

from pathlib import Path

import soundfile

from scoresync.project.fileio import load_project
from scoresync.temp.demo import BARS, DEMO_TEMP_CUE, DEMO_TEMP_NAME, SAMPLE_RATE


def test_the_demo_writes_and_attaches_its_temp_piece(tmp_path: Path, run_cli, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("SCORESYNC_CACHE_DIR", str(tmp_path / "cache"))
    assert run_cli("demo", "--no-tui", cwd=tmp_path).code == 0
    audio = tmp_path / DEMO_TEMP_NAME
    info = soundfile.info(str(audio))
    assert (info.samplerate, info.channels, info.subtype) == (SAMPLE_RATE, 1, "PCM_16")
    assert 115 < info.duration < 118
    project = load_project(tmp_path / "night-train.scoresync.json").project
    cue = project.cue(DEMO_TEMP_CUE)
    assert cue.temp is not None and Path(cue.temp.audio) == audio.resolve()
    shown = run_cli("temp", "show", "night-train.scoresync.json", DEMO_TEMP_CUE, cwd=tmp_path)
    assert shown.code == 0, shown.stderr
    first = shown.stdout.splitlines()[1]
    bpm = float(first.split()[0])
    assert abs(bpm - 100) < 1  # within 1 %
    assert f"4/4, {BARS} bars" in first
    as_json = run_cli(
        "temp", "show", "night-train.scoresync.json", DEMO_TEMP_CUE, "--json", cwd=tmp_path
    ).json()
    for hit in as_json["hits"]:
        size = abs(hit["frames_off"])  # a hit lands as the fits count it: within 2 frames
        assert hit["status"] == ("hit" if size <= 2 else "near" if size <= 4 else "miss"), hit
    assert "lands" in shown.stdout
