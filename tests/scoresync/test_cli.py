"""The command line through its real entry point: exit codes, stdout data, stderr messages."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT = "film.scoresync.json"


@pytest.fixture
def project(run_cli, tmp_path: Path) -> Path:
    result = run_cli("new", PROJECT, "--fps", "23.976", "--title", "Night Train")
    assert result.code == 0, result.stderr
    return tmp_path / PROJECT


def test_new_creates_a_loadable_project(run_cli, project: Path) -> None:
    info = run_cli("info", PROJECT, "--json")
    assert info.code == 0, info.stderr
    data = info.json()
    assert data["title"] == "Night Train"
    assert data["rate"] == "23.976"
    assert data["session_start"] == "01:00:00:00"
    assert data["cue_count"] == 0


def test_new_refuses_to_overwrite(run_cli, project: Path) -> None:
    result = run_cli("new", PROJECT, "--fps", "24", "--title", "Other")
    assert result.code != 0
    assert "already exists" in result.stderr
    assert "Traceback" not in result.stderr
    assert run_cli("info", PROJECT, "--json").json()["title"] == "Night Train"


def test_cue_and_hits_round_trip_through_the_file(run_cli, project: Path) -> None:
    assert (
        run_cli(
            "cue",
            "add",
            PROJECT,
            "1M1",
            "--start",
            "01:00:10:00",
            "--end",
            "01:00:40:00",
            "--title",
            "Opening",
        ).code
        == 0
    )
    assert (
        run_cli(
            "hit", "add", PROJECT, "1M1", "01:00:12:00", "--label", "door slam", "--weight", "2"
        ).code
        == 0
    )
    assert (
        run_cli(
            "hit", "add", PROJECT, "1M1", "01:00:20:12", "--label", "whistle", "--must-hit"
        ).code
        == 0
    )
    listed = run_cli("cue", "list", PROJECT, "--json")
    assert listed.code == 0, listed.stderr
    (cue,) = listed.json()["cues"]
    assert cue["number"] == "1M1"
    assert cue["title"] == "Opening"
    assert (cue["start"], cue["end"], cue["duration"]) == (
        "01:00:10:00",
        "01:00:40:00",
        "00:00:30:00",
    )
    assert [h["tc"] for h in cue["hits"]] == ["01:00:12:00", "01:00:20:12"]
    assert cue["hits"][0]["label"] == "door slam"
    assert cue["hits"][0]["weight"] == 2.0
    assert cue["hits"][1]["must_hit"] is True
    removed = run_cli("hit", "remove", PROJECT, "1M1", "1")
    assert removed.code == 0, removed.stderr
    hits = run_cli("hit", "list", PROJECT, "1M1", "--json").json()["hits"]
    assert [h["label"] for h in hits] == ["whistle"]


def test_cues_list_in_number_order_and_edit_and_remove(run_cli, project: Path) -> None:
    for number, start, end in [
        ("1M2", "01:01:00:00", "01:01:30:00"),
        ("1M1", "01:00:10:00", "01:00:40:00"),
        ("1M10", "01:05:00:00", "01:05:10:00"),
        ("1M2A", "01:02:00:00", "01:02:10:00"),
    ]:
        assert run_cli("cue", "add", PROJECT, number, "--start", start, "--end", end).code == 0
    numbers = [c["number"] for c in run_cli("cue", "list", PROJECT, "--json").json()["cues"]]
    assert numbers == ["1M1", "1M2", "1M2A", "1M10"]
    edited = run_cli("cue", "edit", PROJECT, "1M2", "--title", "Chase", "--status", "approved")
    assert edited.code == 0, edited.stderr
    cues = {c["number"]: c for c in run_cli("cue", "list", PROJECT, "--json").json()["cues"]}
    assert (cues["1M2"]["title"], cues["1M2"]["status"]) == ("Chase", "approved")
    assert run_cli("cue", "remove", PROJECT, "1M10").code == 0
    numbers = [c["number"] for c in run_cli("cue", "list", PROJECT, "--json").json()["cues"]]
    assert numbers == ["1M1", "1M2", "1M2A"]


def test_cue_add_with_duration(run_cli, project: Path) -> None:
    result = run_cli(
        "cue", "add", PROJECT, "2M1", "--start", "01:20:00:00", "--duration", "00:00:30:00"
    )
    assert result.code == 0, result.stderr
    (cue,) = run_cli("cue", "list", PROJECT, "--json").json()["cues"]
    assert cue["end"] == "01:20:30:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cue", "add", PROJECT, "1X1", "--start", "01:00:00:00", "--end", "01:00:01:00"], "1X1"),
        (["cue", "add", PROJECT, "1M1", "--start", "01:00:00:24", "--end", "01:00:01:00"], "frame"),
        (["cue", "add", PROJECT, "1M1", "--start", "01:00:10:00", "--end", "01:00:05:00"], "end"),
        (["cue", "add", PROJECT, "1M1", "--start", "01:00:10:00"], "--end"),
        (["hit", "add", PROJECT, "1M9", "01:00:12:00"], "1M9"),
        (["cue", "remove", PROJECT, "3M3"], "3M3"),
        (["tc", "convert", "01:00:00:00", "--fps", "23.9"], "23.976"),
        (["tc", "convert", "banana", "--fps", "24"], "banana"),
        (["tc", "convert", "00:01:00;00", "--fps", "29.97df"], "drop"),
        (["info", "missing.scoresync.json"], "missing.scoresync.json"),
        (["cue", "list"], "PROJECT"),
    ],
)
def test_user_errors_exit_non_zero_with_one_clear_line(
    run_cli, project: Path, args: list[str], message: str
) -> None:
    result = run_cli(*args)
    assert result.code != 0
    assert "Traceback" not in result.stderr
    assert message.lower() in result.stderr.lower(), result.stderr
    assert result.stderr.startswith("scoresync: error:"), result.stderr
    assert result.stdout == ""


def test_hit_outside_its_cue_is_refused_and_the_file_is_unchanged(run_cli, project: Path) -> None:
    run_cli("cue", "add", PROJECT, "1M1", "--start", "01:00:10:00", "--end", "01:00:40:00")
    before = project.read_bytes()
    result = run_cli("hit", "add", PROJECT, "1M1", "01:01:12:00")
    assert result.code != 0
    assert "Traceback" not in result.stderr
    assert project.read_bytes() == before


@pytest.mark.parametrize(
    ("value", "rate", "expected"),
    [
        (
            "01:00:00:00",
            "24",
            {"tc": "01:00:00:00", "frames": 86400, "seconds": 3600.0, "feet": "5400+00"},
        ),
        (
            "1234f",
            "24",
            {"tc": "00:00:51:10", "frames": 1234, "seconds": 51.416667, "feet": "77+02"},
        ),
        ("12.4s", "25", {"tc": "00:00:12:10", "frames": 310, "seconds": 12.4, "feet": "19+06"}),
        (
            "123+04",
            "24",
            {"tc": "00:01:22:04", "frames": 1972, "seconds": 82.166667, "feet": "123+04"},
        ),
        (
            "00:01:00;02",
            "29.97df",
            {"tc": "00:01:00;02", "frames": 1800, "seconds": 60.06, "feet": "90+01"},
        ),
    ],
)
def test_tc_convert_json(run_cli, value: str, rate: str, expected: dict) -> None:
    result = run_cli("tc", "convert", value, "--fps", rate, "--json")
    assert result.code == 0, result.stderr
    data = result.json()
    for key, want in expected.items():
        assert data[key] == want, (key, data)


def test_tc_convert_to_another_rate_keeps_real_time(run_cli) -> None:
    result = run_cli("tc", "convert", "01:00:00:00", "--fps", "24", "--to-fps", "25", "--json")
    assert result.code == 0, result.stderr
    assert result.json()["tc"] == "01:00:00:00"
    assert result.json()["frames"] == 90000
    one_hour_23976 = run_cli("tc", "convert", "3600s", "--fps", "23.976", "--json").json()
    assert one_hour_23976["tc"] == "00:59:56:10"


def test_every_command_has_help(run_cli) -> None:
    for args in (
        ["--help"],
        ["new", "--help"],
        ["info", "--help"],
        ["cue", "add", "--help"],
        ["cue", "list", "--help"],
        ["cue", "edit", "--help"],
        ["cue", "remove", "--help"],
        ["hit", "add", "--help"],
        ["hit", "list", "--help"],
        ["hit", "remove", "--help"],
        ["tc", "convert", "--help"],
        ["demo", "--help"],
        ["tui", "--help"],
    ):
        result = run_cli(*args)
        assert result.code == 0, (args, result.stderr)
        assert "Usage:" in result.stdout


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("missing.scoresync.json", None, "no such file"),
        ("cut.edl", "TITLE: not a project\n", "not valid JSON"),
        ("", None, "no project file given"),
    ],
)
def test_tui_refuses_what_it_cannot_open_before_the_screen_opens(
    tmp_path: Path, name: str, text: str | None, said: str
) -> None:
    import subprocess
    import sys

    if text is not None:
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "scoresync", "tui", name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 1
    assert said in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == "", "nothing drawn"


def test_demo_without_a_terminal_writes_and_summarises(run_cli, tmp_path: Path) -> None:
    result = run_cli("demo")
    assert result.code == 0, result.stderr
    assert (tmp_path / "night-train.scoresync.json").exists()
    assert "Night Train" in result.stdout
    assert "1M1" in result.stdout


def _command_paths() -> list[tuple[str, ...]]:
    import click

    from scoresync.cli import cli

    paths: list[tuple[str, ...]] = []

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        paths.append(path)
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))

    walk(cli, ())
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "scoresync")
def test_every_command_explains_itself(path: tuple[str, ...]) -> None:
    from click.testing import CliRunner

    from scoresync.cli import cli

    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary) > 20, f"{' '.join(path)} has no help text"


def test_positions_typed_as_durations_count_from_the_fields_origin(run_cli) -> None:
    assert run_cli("new", "d.scoresync.json", "--fps", "24", "--title", "D").code == 0
    added = run_cli("cue", "add", "d.scoresync.json", "1M1", "--start", "10s", "--end", "30s")
    assert added.code == 0, added.stderr
    assert run_cli("hit", "add", "d.scoresync.json", "1M1", "12s").code == 0
    cue = run_cli("cue", "list", "d.scoresync.json", "--json").json()["cues"][0]
    assert (cue["start"], cue["end"]) == ("01:00:10:00", "01:00:40:00")
    hits = run_cli("hit", "list", "d.scoresync.json", "1M1", "--json").json()["hits"]
    assert [hit["tc"] for hit in hits] == ["01:00:22:00"]


def test_new_with_force_never_replaces_a_file_that_is_not_a_project(run_cli, tmp_path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("spotting notes\n")
    result = run_cli("new", "notes.txt", "--fps", "24", "--title", "X", "--force")
    assert result.code == 1
    assert "notes.txt is not a scoresync project, so --force does not replace it" in result.stderr
    assert notes.read_text() == "spotting notes\n"
    assert run_cli("new", "p.scoresync.json", "--fps", "24", "--title", "A").code == 0
    assert run_cli("new", "p.scoresync.json", "--fps", "25", "--title", "B", "--force").code == 0
    assert '"title": "A"' in (tmp_path / "p.scoresync.json.bak").read_text()


@pytest.mark.parametrize(
    ("value", "rate", "film", "frames", "feet"),
    [
        ("1+08", "29.97", None, 30, "1+08"),  # a second of film is 1.001 s of 29.97 video
        ("90+00", "25", None, 1440, "90+00"),  # a PAL picture counts film at 25
        ("5400+00", "24", "23.976", 86486, "5400+00"),  # telecine: film at video speed
    ],
)
def test_tc_convert_reads_and_shows_feet_at_film_speed(
    run_cli, value: str, rate: str, film: str | None, frames: int, feet: str
) -> None:
    """Feet+frames typed and shown follow the one rule of the timing sheet: film at the
    film rate over the same real time as the picture."""
    extra = [] if film is None else ["--film-rate", film]
    result = run_cli("tc", "convert", value, "--fps", rate, *extra, "--json")
    assert result.code == 0, result.stderr
    assert (result.json()["frames"], result.json()["feet"]) == (frames, feet)
