"""``scoresync cut diff`` and ``scoresync edl map`` on two small EDLs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoresync.cli.conform_cmds import cut_diff, edl_map
from scoresync.errors import UsageError

OLD = """TITLE: OLD
001  A001 V C 10:00:00:00 10:00:02:00 01:00:00:00 01:00:02:00
* FROM CLIP NAME: shotA
002  B001 V C 11:00:00:00 11:00:02:00 01:00:02:00 01:00:04:00
* FROM CLIP NAME: 079_HA_0010_v011
003  C001 V C 12:00:00:00 12:00:02:00 01:00:04:00 01:00:06:00
* FROM CLIP NAME: shotC
"""
NEW = """TITLE: NEW
001  A001 V C 10:00:00:00 10:00:01:00 01:00:00:00 01:00:01:00
* FROM CLIP NAME: shotA
002  B001 V C 11:00:00:00 11:00:02:00 01:00:01:00 01:00:03:00
* FROM CLIP NAME: 079_HA_0010_v012
003  X001 V C 13:00:00:00 13:00:01:00 01:00:03:00 01:00:04:00
* FROM CLIP NAME: new
004  C001 V C 12:00:00:00 12:00:02:00 01:00:04:00 01:00:06:00
* FROM CLIP NAME: shotC
"""


@pytest.fixture
def cuts(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "old.edl").write_text(OLD)
    (tmp_path / "new.edl").write_text(NEW)
    return str(tmp_path / "old.edl"), str(tmp_path / "new.edl")


def test_cut_diff_prints_one_row_per_segment(cuts: tuple[str, str]) -> None:
    result = CliRunner().invoke(cut_diff, [*cuts, "--fps", "24"])
    assert result.exit_code == 0, result.output
    rows = result.output.splitlines()[3:]
    assert [row.split()[-2] for row in rows[:2]] == ["unchanged", "trimmed_tail"]
    assert "-00:00:01:00  replaced      079_HA_0010_v011 -> 079_HA_0010_v012" in result.output
    assert "01:00:03:00  01:00:04:00                inserted      new" in result.output


def test_cut_diff_json_and_no_change(cuts: tuple[str, str]) -> None:
    result = CliRunner().invoke(cut_diff, [cuts[0], cuts[0], "--fps", "24", "--json"])
    data = json.loads(result.output)
    assert data["unchanged"] and [s["change"] for s in data["segments"]] == ["unchanged"]
    plain = CliRunner().invoke(cut_diff, [cuts[0], cuts[0], "--fps", "24"])
    assert plain.output.startswith("no change: 3 shots")


def test_edl_map_gives_each_timecode_its_new_one_or_the_reason(cuts: tuple[str, str]) -> None:
    result = CliRunner().invoke(
        edl_map, [*cuts, "--fps", "24", "--json", "01:00:01:06", "01:00:02:10", "02:00:00:00"]
    )
    assert json.loads(result.output) == {
        "points": [
            {"tc": "01:00:01:06", "new_tc": None, "status": "trimmed_tail"},
            {"tc": "01:00:02:10", "new_tc": "01:00:01:10", "status": "replaced"},
            {"tc": "02:00:00:00", "new_tc": None, "status": "outside"},
        ]
    }


def test_edl_map_refuses_a_bad_timecode(cuts: tuple[str, str]) -> None:
    result = CliRunner().invoke(edl_map, [*cuts, "--fps", "24", "01:00:61:00"])
    assert isinstance(result.exception, UsageError)
    assert "second 61 does not exist" in str(result.exception)
