"""The music section of the project file: round trip, absent when empty, errors that name
the place, and the model's edits."""

from __future__ import annotations

import dataclasses
import json
from fractions import Fraction
from pathlib import Path

import pytest
from cuesheet_support import music_project

from scoresync.errors import ProjectError, ProjectFileError
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import load_project, save_project
from scoresync.project.music import NO_MUSIC, Origin, PartyRole, Target, Usage, Use, Work


def test_a_project_with_music_reads_back_equal(tmp_path: Path) -> None:
    project = music_project()
    save_project(project, tmp_path / "p.json")
    assert load_project(tmp_path / "p.json").project == project


def test_shares_ipi_and_usage_are_written_exactly(tmp_path: Path) -> None:
    save_project(music_project(), tmp_path / "p.json")
    music = json.loads((tmp_path / "p.json").read_text())["music"]
    singer = music["works"][2]["parties"][0]
    assert singer == {
        "name": "Sam Singer",
        "role": "composer_author",
        "society": "BMI",
        "ipi": "00512345678",
        "share": "100/3",
    }
    assert music["uses"][0]["usage"] == "main_title"
    assert music["header"]["programme_end"] == "01:44:00:00"


def test_a_project_without_music_has_no_music_key(tmp_path: Path) -> None:
    project = dataclasses.replace(music_project(), music=NO_MUSIC)
    save_project(project, tmp_path / "p.json")
    assert "music" not in json.loads((tmp_path / "p.json").read_text())
    assert load_project(tmp_path / "p.json").project.music == NO_MUSIC


def _load_with(tmp_path: Path, change) -> str:  # noqa: ANN001
    save_project(music_project(), tmp_path / "p.json")
    data = json.loads((tmp_path / "p.json").read_text())
    change(data["music"])
    (tmp_path / "p.json").write_text(json.dumps(data))
    with pytest.raises(ProjectFileError) as caught:
        load_project(tmp_path / "p.json")
    return str(caught.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda m: m["works"][0]["parties"][0].update(ipi=52210040),
            "music, work W1, party 1, ipi: must be text, got 52210040",
        ),
        (
            lambda m: m["works"][1]["parties"][1].update(share="lots"),
            'music, work W2, party 2, share: a share is a percentage from 0, written e.g. "50", '
            '"33.5" or "100/3", got "lots"',
        ),
        (
            lambda m: m["uses"][2].update(usage="XX"),
            "music, use 3 (cue 1M2A), usage: 'XX' is not a usage",
        ),
        (
            lambda m: m["works"].append(dict(m["works"][0])),
            "music, the 4th work, id: work W1 appears twice (also the 1st work)",
        ),
        (
            lambda m: m["header"].update(shares="halves"),
            "music, header, shares: 'halves' is not a share convention; use one of separate, whole",
        ),
        (
            lambda m: m["uses"][0].update(start="01:00:08:99"),
            "music, use 1 (cue 1M1), start:",
        ),
    ],
)
def test_a_bad_music_section_names_the_place(tmp_path: Path, change, expected: str) -> None:  # noqa: ANN001
    message = _load_with(tmp_path, change)
    assert expected in message


def test_usage_reads_names_and_us_codes() -> None:
    assert Usage.parse("BI") is Usage.BACKGROUND_INSTRUMENTAL
    assert Usage.parse("src") is Usage.SOURCE
    assert Usage.parse("Visual Vocal") is Usage.VISUAL_VOCAL
    assert [u.us_code for u in Usage] == ["BI", "BV", "VI", "VV", "MT", "ET", "L", "SRC"]


@pytest.mark.parametrize(
    ("usage", "uk", "ddex"),
    [
        (Usage.BACKGROUND_VOCAL, "background", "Background"),
        (Usage.VISUAL_INSTRUMENTAL, "featured", "OnScreenMusic"),
        (Usage.MAIN_TITLE, "signature", "Theme"),
        (Usage.LOGO, None, "AudioLogo"),
        (Usage.SOURCE, "background", "Background"),
    ],
)
def test_one_usage_maps_to_each_target(usage: Usage, uk: str | None, ddex: str) -> None:
    assert usage.code_for(Target.UK) == uk
    assert usage.code_for(Target.DDEX) == ddex


def test_roles_read_cwr_codes() -> None:
    assert PartyRole.parse("CA") is PartyRole.COMPOSER_AUTHOR
    assert PartyRole.parse("E").is_publisher
    assert PartyRole.parse("lyricist") is PartyRole.AUTHOR
    with pytest.raises(ProjectError, match="is not a party role"):
        PartyRole.parse("drummer")


def test_a_work_in_use_is_not_removed_and_a_renamed_work_takes_its_uses() -> None:
    music = music_project().music
    with pytest.raises(ProjectError, match="work W2 is used by 1M2, 1M3; remove those uses"):
        music.without_work("W2")
    renamed = music.renamed_work("W2", dataclasses.replace(music.work("W2"), id="LIB1"))
    assert [use.work for use in renamed.uses] == ["W1", "LIB1", "W3", "LIB1", "W1"]


def test_uses_keep_time_order_and_a_cue_with_two_works_needs_one_named() -> None:
    music = music_project().music
    later = Use(CueNumber.parse("1M1"), "W3", 86592 + 10, 86592 + 20, Usage.SOURCE)
    music = music.with_use(later)
    assert [str(u.cue) for u in music.uses][:2] == ["1M1", "1M1"]
    with pytest.raises(ProjectError, match="cue 1M1 uses several works \\(W1, W3\\)"):
        music.find_use(CueNumber.parse("1M1"))
    assert music.find_use(CueNumber.parse("1M1"), "W3") == later


def test_a_negative_share_is_refused_but_an_oversized_one_is_left_to_validation() -> None:
    party = music_project().music.works[0].parties[0]
    with pytest.raises(ProjectError, match="Ada Composer's share must be 0 % or more, got -1 %"):
        dataclasses.replace(party, share=Fraction(-1))
    big = dataclasses.replace(party, share=Fraction(150))
    assert Work("W9", "x", (big,), origin=Origin.LIBRARY).writers == (big,)
