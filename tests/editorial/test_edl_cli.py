"""``scoresync edl parse`` and ``scoresync cut show``: the report, the table, the JSON, and
one error line for input that cannot be read."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from scoresync.cli.editorial_cmds import cut_show, edl_parse
from scoresync.editorial.layer import CutFileError
from scoresync.errors import UsageError

FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "edl"

LIST = """TITLE: REEL 1 V3
FCM: NON-DROP FRAME
001  A001C003 V     C        10:00:00:00 10:00:02:00 01:00:00:00 01:00:02:00
* FROM CLIP NAME:  079_HA_0010_v012
002  A001C003 V     C        10:00:02:00 10:00:02:00 01:00:02:00 01:00:02:00
002  B002C001 V     D    012 20:00:00:00 20:00:02:00 01:00:02:00 01:00:04:00
* FROM CLIP NAME:  079_HA_0010_v012
* TO CLIP NAME:  079_HA_0020_v003
003  B002C001 V     C        20:00:02:00 20:00:03:00 01:00:04:00 01:00:05:00
M2   B002C001       048.0    20:00:02:00
004  BL       V     C        00:00:00:00 00:00:01:00 01:00:05:00 01:00:06:00
005  A001 AA C 10:00:00:00 10:00:06:00 01:00:00:00 01:00:06:00
006  A001C009 V     C        10:00:00:00 10:00:01:00
"""


@pytest.fixture
def edl(tmp_path: Path) -> Path:
    path = tmp_path / "reel1.edl"
    path.write_text(LIST, encoding="utf-8")
    return path


def invoke(command: click.Command, *args: str) -> click.testing.Result:
    return CliRunner().invoke(command, list(args))


def test_edl_parse_reports_events_edits_and_each_warning_with_its_line(edl: Path) -> None:
    result = invoke(edl_parse, str(edl), "--fps", "24")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{edl}: 'REEL 1 V3' at 24 fps, read as utf-8"
    assert lines[1] == "events: 5 (4 picture, 1 other); gaps: 1; transitions: 1; markers: 0"
    assert lines[2] == "event lines: 7; edits: 6 (1 event lines did NOT become edits)"
    assert lines[3] == "warnings: 2"
    assert lines[4].startswith("  line 13: event line not read: it ends in 2 timecodes")
    assert lines[5] == "  1 of 7 event lines did not become edits (lines 13)"


def test_the_commands_run_as_scoresync_edl_parse_and_cut_show(
    run_cli: Callable[..., object], edl: Path
) -> None:
    parsed = run_cli("edl", "parse", str(edl), "--fps", "24", "--json")
    assert parsed.code == 0 and parsed.json()["event_lines"] == 7  # type: ignore[attr-defined]
    shown = run_cli("cut", "show", str(edl), "--fps", "24")
    assert shown.code == 0  # type: ignore[attr-defined]
    assert "079_HA_0020_v003" in shown.stdout  # type: ignore[attr-defined]


def test_edl_parse_json_counts_and_warnings(edl: Path) -> None:
    result = invoke(edl_parse, str(edl), "--fps", "24", "--json")
    data = json.loads(result.output)
    assert {key: data[key] for key in ("events", "edits", "event_lines")} == {
        "events": 5,
        "edits": 6,
        "event_lines": 7,
    }
    assert [warning["line"] for warning in data["warnings"]] == [13, None]
    assert data["warnings"][0]["message"].startswith("event line not read")


@pytest.mark.skipif(not FIXTURES.is_dir(), reason=f"the shared EDL fixtures are not at {FIXTURES}")
def test_edl_parse_json_on_a_real_list_has_an_edit_for_every_event_line() -> None:
    path = FIXTURES / "sg-otio" / "black_slug_fcp.edl"
    data = json.loads(invoke(edl_parse, str(path), "--fps", "24", "--json").output)
    assert data["edits"] == data["event_lines"] == 520
    assert all(set(warning) == {"line", "path", "message"} for warning in data["warnings"])


def test_cut_show_prints_one_row_per_picture_event_then_the_warnings(edl: Path) -> None:
    result = invoke(cut_show, str(edl), "--fps", "24")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{edl}: 'REEL 1 V3' at 24 fps, 4 picture events, 1 other events, 0 markers"
    assert lines[1].split() == [
        "#",
        "record",
        "in",
        "record",
        "out",
        "source",
        "speed",
        "transition",
    ]
    rows = [line.split() for line in lines[3:7]]
    assert rows[0] == ["001", "01:00:00:00", "01:00:02:00", "079_HA_0010_v012", "100%"]
    assert rows[1] == [
        "002",
        "01:00:02:00",
        "01:00:04:00",
        "079_HA_0020_v003",
        "100%",
        "dissolve",
        "12f",
    ]
    assert rows[2][-1] == "200%"
    assert rows[3] == ["004", "01:00:05:00", "01:00:06:00", "(black)"]
    assert lines[7] == "warnings: 2"


def test_cut_show_json_names_sources_speeds_and_transitions(edl: Path) -> None:
    data = json.loads(invoke(cut_show, str(edl), "--fps", "24", "--json").output)
    first, dissolve, fast, black = data["events"]
    assert first["source"]["vfx_shot"] == "079_HA_0010"
    assert (first["record_in"], first["record_in_frames"], first["line"]) == (
        "01:00:00:00",
        86400,
        3,
    )
    assert dissolve["transition"] == {
        "kind": "dissolve",
        "duration_frames": 12,
        "alignment": "start",
        "code": "D",
    }
    assert fast["speed"] == "2"
    assert (black["kind"], black["source"]) == ("gap", None)
    assert data["other_events"] == 1


def test_cut_show_needs_a_rate_for_an_edl(edl: Path) -> None:
    result = invoke(cut_show, str(edl))
    assert isinstance(result.exception, UsageError)
    assert "an EDL does not say its frame rate" in str(result.exception)


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (("missing.edl", "--fps", "24"), CutFileError, "missing.edl: no such file; check the name"),
        ((".", "--fps", "24"), CutFileError, ".: is a folder; give an EDL file"),
        (("reel1.edl", "--fps", "23"), UsageError, "--fps: unknown frame rate '23': use one of"),
    ],
)
def test_edl_parse_refuses_what_it_cannot_read(
    edl: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    error: type[Exception],
    message: str,
) -> None:
    monkeypatch.chdir(edl.parent)
    result = invoke(edl_parse, *args)
    assert isinstance(result.exception, error)
    assert message in str(result.exception)


def test_an_unreadable_file_is_one_error_line_and_exit_1(
    run_cli: Callable[..., object], tmp_path: Path
) -> None:
    junk = tmp_path / "junk.edl"
    junk.write_bytes(b"\x00\x01\x02\x03" * 512)
    for args, expected in (
        (("edl", "parse", "nothere.edl", "--fps", "24"), "nothere.edl: no such file"),
        (("edl", "parse", str(junk), "--fps", "24"), "junk.edl: is not an EDL: it holds binary"),
        (("cut", "show", "nothere.edl", "--fps", "24"), "nothere.edl: no such file"),
        (("edl", "parse", "x.edl", "--fps", "23"), "--fps: unknown frame rate '23'"),
    ):
        result = run_cli(*args)
        assert result.code == 1  # type: ignore[attr-defined]
        assert result.stdout == ""  # type: ignore[attr-defined]
        stderr = result.stderr.splitlines()  # type: ignore[attr-defined]
        assert len(stderr) == 1 and stderr[0].startswith("scoresync: error: ")
        assert expected in stderr[0]
