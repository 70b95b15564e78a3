"""The music, cuesheet and spot commands end to end: metadata typed in, a sheet with a
150 % share refused until it is corrected, every export written, spots and metadata
imported with a preview first."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from cuesheet_support import music_project

from cuesheets.identifiers import normal_isrc
from scoresync.project.fileio import load_project, save_project
from scoresync.project.music import Music


@pytest.fixture
def demo(run_cli, tmp_path: Path) -> Path:  # noqa: ANN001
    """The demo project without its music metadata, to type a sheet into."""
    assert run_cli("demo", "p.json", "--no-tui").code == 0
    path = tmp_path / "p.json"
    project = load_project(path).project
    save_project(dataclasses.replace(project, music=Music()), path)
    return path


def test_a_sheet_typed_in_validates_and_exports(run_cli, demo: Path, tmp_path: Path) -> None:  # noqa: ANN001
    steps = [
        ("music", "header", "p.json", "--company", "NT Productions", "--prepared-by", "Me",
         "--programme-end", "02:15:00:00", "--programme-duration", "01:44:00:00"),
        ("music", "work", "add", "p.json", "Night Train Theme", "--iswc", "T-034.524.680-1"),
        ("music", "party", "add", "p.json", "W1", "Ada Composer", "--role", "C", "--society",
         "ASCAP", "--ipi", "00052210040", "--share", "100"),
        ("music", "party", "add", "p.json", "W1", "NT Music", "--role", "E", "--society",
         "ASCAP", "--ipi", "00198765432", "--share", "150%"),
        ("music", "use", "add", "p.json", "1M1", "W1", "--usage", "MT"),
        ("music", "use", "add", "p.json", "2M3", "W1", "--usage", "end_title"),
    ]  # fmt: skip
    for step in steps:
        result = run_cli(*step)
        assert result.code == 0, result.stderr
    checked = run_cli("cuesheet", "validate", "p.json")
    assert checked.code == 1
    assert checked.stdout.splitlines() == [
        "error: work W1, party 2, share: NT Music's share is 150 %, over 100 %; a share is a "
        "percentage of the writers' (or publishers') part",
        "error: work W1, publisher_shares: publisher shares add up to 150 %, not 100 % (share "
        "convention separate); correct the shares",
        "2 errors, 0 warnings",
    ]
    refused = run_cli("cuesheet", "export", "p.json", "--format", "xlsx", "-o", "sheet.xlsx")
    assert refused.code == 1 and not (tmp_path / "sheet.xlsx").exists()
    assert refused.stderr.splitlines()[-1] == (
        "scoresync: error: the cue sheet has 2 errors (listed above); correct them, or pass "
        "--ignore-errors to write it all the same"
    )
    assert run_cli("music", "party", "edit", "p.json", "W1", "NT Music", "--share", "100").code == 0
    assert run_cli("cuesheet", "validate", "p.json").stdout == "0 errors, 0 warnings\n"
    for file_format in ("xlsx", "pdf", "csv", "json"):
        wrote = run_cli("cuesheet", "export", "p.json", "--format", file_format, "-o",
                        f"sheet.{file_format}")  # fmt: skip
        assert wrote.code == 0, wrote.stderr
        assert wrote.stdout.startswith(f"wrote sheet.{file_format} (2 uses, total music ")
    sheet = json.loads((tmp_path / "sheet.json").read_text())["CueSheet"]
    assert [c["UsageCode"] for c in sheet["Cues"]] == ["MT", "ET"]


def test_export_with_errors_needs_ignore_errors_and_a_project_needs_force(
    run_cli,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    project = music_project()
    save_project(project, tmp_path / "p.json")
    result = run_cli("music", "work", "edit", "p.json", "W1", "--iswc", "T-034.524.680-2")
    assert result.code == 0
    forced = run_cli("cuesheet", "export", "p.json", "--format", "csv", "-o", "s.csv",
                     "--ignore-errors")  # fmt: skip
    assert forced.code == 0
    assert (
        "error: work W1, iswc: check digit is 2, but the digits 034524680 give 1" in forced.stderr
    )
    assert forced.stdout.endswith("with errors)\n")
    clash = run_cli("cuesheet", "export", "p.json", "--format", "csv", "-o", "p.json",
                    "--ignore-errors")  # fmt: skip
    assert clash.code == 1
    assert (
        "p.json is a scoresync project, not a cue sheet (CSV); choose another output name "
        "or pass --force to replace it" in clash.stderr
    )
    assert load_project(tmp_path / "p.json").project == load_project(tmp_path / "p.json").project


def test_listings_as_json(run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    save_project(music_project(), tmp_path / "p.json")
    works = run_cli("music", "work", "list", "p.json", "--json").json()["works"]
    assert [(w["id"], w["uses"], len(w["parties"])) for w in works] == [
        ("W1", 2, 3),
        ("W2", 2, 2),
        ("W3", 1, 3),
    ]
    parties = run_cli("music", "party", "list", "p.json", "W3", "--json").json()["parties"]
    assert parties[0]["ipi"] == "00512345678" and parties[0]["share"] == "100/3"
    uses = run_cli("music", "use", "list", "p.json", "--json").json()["uses"]
    assert [(u["cue"], u["code"]) for u in uses] == [
        ("1M1", "MT"),
        ("1M2", "BI"),
        ("1M2A", "SRC"),
        ("1M3", "BI"),
        ("1M4", "ET"),
    ]
    header = run_cli("music", "header", "p.json", "--json").json()
    assert header["programme_end"] == "01:44:00:00" and header["target"] == "us"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("music", "party", "add", "p.json", "W1", "X", "--role", "drummer"),
         "'drummer' is not a party role (or CWR code C, A, CA, AR, AD, E, SE, AM)"),
        (("music", "party", "add", "p.json", "W1", "X", "--role", "C", "--share", "lots"),
         "--share"),
        (("music", "use", "add", "p.json", "1M1", "W9"), "no work 'W9' in this project"),
        (("music", "use", "add", "p.json", "1M1", "W1"),
         "cue 1M1 uses work W1 already; edit that use instead"),
        (("music", "use", "add", "p.json", "7M1", "W1"),
         "no cue 7M1 in the project to take times from: give --start"),
        (("music", "work", "remove", "p.json", "W2"),
         "work W2 is used by 1M2, 1M3; remove those uses first"),
        (("music", "work", "add", "p.json", "Again", "--id", "W1"),
         "work W1 exists already; choose another --id"),
        (("music", "party", "edit", "p.json", "W1", "7", "--share", "1"),
         "work W1 has no party '7': give its number (1 to 3) or its name"),
        (("music", "use", "add", "p.json", "1M2A", "W1", "--usage", "loud"), "is not a usage"),
        (("music", "header", "p.json", "--programme-end", "01:44:00:99"), "--programme-end:"),
        (("cuesheet", "export", "p.json", "--format", "xlsx", "-o", "no/such/dir/s.xlsx"),
         "the folder no/such/dir does not exist"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_line(run_cli, tmp_path: Path, args, message: str) -> None:  # noqa: ANN001
    save_project(music_project(), tmp_path / "p.json")
    before = (tmp_path / "p.json").read_bytes()
    result = run_cli(*args)
    assert result.code != 0
    assert result.stderr.count("scoresync: error:") == 1 and "Traceback" not in result.stderr
    assert message in result.stderr
    assert (tmp_path / "p.json").read_bytes() == before


def test_spot_export_and_import_preview_then_yes(run_cli, demo: Path, tmp_path: Path) -> None:  # noqa: ANN001
    wrote = run_cli("spot", "export", "p.json", "--format", "txt", "-o", "notes.txt",
                    "--cut-version", "Cut 3")  # fmt: skip
    assert wrote.code == 0 and wrote.stdout == "wrote notes.txt (8 cues)\n"
    assert (tmp_path / "notes.txt").read_text().splitlines()[1] == "Cut: Cut 3"
    for file_format in ("csv", "pdf"):
        assert run_cli("spot", "export", "p.json", "--format", file_format, "-o",
                       f"notes.{file_format}").code == 0  # fmt: skip
    (tmp_path / "spots.csv").write_text(
        "cue,start,stop,title,notes\n3M1,02:10:00:00,02:10:30:00,Finale,big\n"
    )
    before = demo.read_bytes()
    preview = run_cli("spot", "import", "p.json", "spots.csv")
    assert preview.code == 0 and demo.read_bytes() == before
    assert preview.stdout.splitlines()[2].split() == ["add", "3M1", "02:10:00:00",
                                                      "02:10:30:00", "Finale"]  # fmt: skip
    assert preview.stdout.splitlines()[-1] == (
        "preview only: 1 change; run again with --yes to make them"
    )
    applied = run_cli("spot", "import", "p.json", "spots.csv", "--yes")
    assert applied.stdout.splitlines()[-1] == "changed 1 item"
    cue = load_project(demo).project.cue("3M1")
    assert (cue.title, cue.description) == ("Finale", "big")
    again = run_cli("spot", "import", "p.json", "spots.csv", "--yes")
    assert again.stdout.splitlines()[-1] == "nothing to change"


def test_a_flat_csv_export_imports_back_into_another_project(run_cli, tmp_path: Path) -> None:  # noqa: ANN001
    save_project(music_project(), tmp_path / "full.json")
    assert run_cli("cuesheet", "export", "full.json", "--format", "csv", "-o", "s.csv").code == 0
    save_project(dataclasses.replace(music_project(), music=Music()), tmp_path / "p.json")
    preview = run_cli("music", "import", "p.json", "s.csv")
    assert preview.stdout.splitlines() == [
        "add work W1 'Night Train Theme' (3 parties)",
        "add work W2 'Tension Bed 4' (2 parties)",
        "add work W3 '=Song on the Radio' (3 parties)",
        "add use 1M1 of W1",
        "add use 1M2 of W2",
        "add use 1M2A of W3",
        "add use 1M3 of W2",
        "add use 1M4 of W1",
        "preview only: 8 changes; run again with --yes to make them",
    ]
    assert run_cli("music", "import", "p.json", "s.csv", "--yes").code == 0
    imported = load_project(tmp_path / "p.json").project.music
    original = music_project().music
    assert imported.uses == original.uses
    assert [(w.title, w.parties, w.iswc, w.isrc, w.origin) for w in imported.works] == [
        (w.title, w.parties, w.iswc, normal_isrc(w.isrc), w.origin) for w in original.works
    ]
    assert imported.work("W3").isrc == "US-RC1-76-07839"  # as the sheet writes it


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title,name,role,share\nX,Ann,C,abc\n",
         "m.csv, line 2: share: 'abc' is not a percentage; write e.g. 50, 33.5 or 100/3"),
        ("title,name,role\n,Ann,C\n",
         "m.csv, line 2: title: empty; every row names its work's title"),
        ("title,name\nX,Ann\n", "m.csv, line 2: role: empty for party 'Ann'"),
        ("title,cue,start\nX,1M1,01:00:00:00\n",
         "m.csv, line 2: cue 1M1: a use needs its start and end timecodes"),
        ("name,role\nAnn,C\n", "m.csv, line 1: no title column"),
        ("title,origin\nX,bootleg\n", "m.csv, line 2: 'bootleg' is not a work origin"),
    ],
)  # fmt: skip
def test_a_bad_metadata_csv_is_one_clear_line(
    run_cli, tmp_path: Path, text: str, message: str
) -> None:  # noqa: ANN001
    save_project(music_project(), tmp_path / "p.json")
    (tmp_path / "m.csv").write_text(text)
    result = run_cli("music", "import", "p.json", "m.csv", "--yes")
    assert result.code == 1
    assert result.stderr.startswith(f"scoresync: error: {message}")
    assert result.stderr.count("\n") == 1


HELPS = [
    "music header",
    *(f"music {noun} {verb}" for noun in ("work", "party", "use")
      for verb in ("add", "edit", "list", "remove")),
    "music import",
    "cuesheet validate",
    "cuesheet export",
    "spot export",
    "spot import",
]  # fmt: skip


def test_the_commands_load_neither_numpy_nor_pydantic_nor_the_writers_for_help() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from scoresync.cli import run\n"
        f"for argv in {HELPS!r}:\n"
        "    assert run([*argv.split(), '--help']) == 0, argv\n"
        "heavy = ('numpy', 'pydantic', 'openpyxl', 'reportlab')\n"
        "print('loaded:' + ','.join(m for m in heavy if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "Usage: scoresync music use add [OPTIONS] PROJECT CUE WORK" in done.stdout
    assert done.stdout.count("Usage: scoresync ") == len(HELPS)
    assert done.stdout.strip().splitlines()[-1] == "loaded:"
