"""The project file's fast reader and writer (scoresync.project.wire): a file as written
reads back to the same project as the file schema reads it; any other file is left to
the schema; saves keep their backup by a hard link; loading a file as written never
imports the schema's models."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoresync.errors import ProjectError
from scoresync.project import fileio
from scoresync.project.demo import demo_project
from scoresync.project.fileio import load_project, project_from_bytes, save_project
from scoresync.project.model import CueTemp, Project
from scoresync.project.wire import canonical_project, declares_project, project_bytes
from tempo.common import atomic
from tempo.map.meter import Meter
from tests.scoresync.test_projectfile import projects


def _schema_read(data: bytes, path: Path) -> object:
    """What the file schema alone makes of ``data``: the project, or the error's text."""
    try:
        return fileio._schema_read(data, path)[0]
    except ProjectError as error:
        return str(error)


def _fast_read(data: bytes, path: Path) -> object:
    return canonical_project(data, fileio.folder_of(path))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_file_as_written_reads_back_the_same_by_either_reader(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = os.path.realpath(folder)
        project = data.draw(projects(folder))
        path = Path(folder) / "p.scoresync.json"
        written = project_bytes(project, folder)
        assert _fast_read(written, path) == project
        assert _schema_read(written, path) == project
        relaid = json.dumps(json.loads(written), indent=1).encode()
        assert _fast_read(relaid, path) is None, "another layout goes to the schema"
        assert project_from_bytes(relaid, path=path)[0] == project


def rich_demo(folder: Path) -> Project:
    """The demo with temp music on its first cue, every temp field set."""
    project = demo_project()
    first = project.cues[0]
    temp = CueTemp(
        audio=str(folder / "media" / "temp.wav"),
        at_frames=first.start_frames + 3,
        offset_samples=480,
        meter=Meter.parse("6/8"),
        bpm_range=(Fraction(90), Fraction(2221, 20)),
        shift_beats=-1,
        bars=((0, 4), (8, 12)),
        bar_shifts=((3, 1),),
        stretch=Fraction(51, 50),
        bar_meters=((5, 3),),
        bar_tempos=((2, 4, Fraction(241, 2)),),
    )
    return project.replace_cue(first.number, dataclasses.replace(first, temp=temp))


def test_the_demo_with_tempo_temp_and_cue_sheet_reads_the_same(tmp_path: Path) -> None:
    project = rich_demo(tmp_path)
    assert project.music.works and any(cue.temp for cue in project.cues)
    path = tmp_path / "demo.scoresync.json"
    save_project(project, path)
    written = path.read_bytes()
    fast = _fast_read(written, path)
    assert fast == project
    assert fast == _schema_read(written, path) == load_project(path).project


def _demo_bytes(tmp_path: Path) -> tuple[bytes, Path]:
    path = tmp_path / "demo.scoresync.json"
    save_project(rich_demo(tmp_path), path)
    return path.read_bytes(), path


def _first_hit_line(text: str, key: str) -> int:
    lines = text.splitlines()
    return next(i for i, line in enumerate(lines) if line.strip().startswith(f'"{key}"'))


def _twice(text: str) -> str:
    """The first hit's label written twice, the second differing."""
    lines = text.splitlines(keepends=True)
    at = _first_hit_line(text, "label")
    return "".join(lines[: at + 1] + ['          "label": "other",\n'] + lines[at + 1 :])


MUTATIONS = {
    "a key written twice": _twice,
    "space before a colon": lambda text: text.replace('"title": ', '"title" : ', 1),
    "a default written out": lambda text: text.replace(
        '"bpm": ', '"end_bpm": null,\n              "bpm": ', 1
    ),
    "a weight as a whole number": lambda text: text.replace('"weight": 1.0', '"weight": 1', 1),
    "a byte-order mark": lambda text: "\ufeff" + text,
    "an unknown key": lambda text: text.replace('"notes": ', '"note": "x",\n  "notes": ', 1),
    "version 0": lambda text: text.replace('"version": 1', '"version": 0', 1),
    "compact": lambda text: json.dumps(json.loads(text)),
    "a lone surrogate": lambda text: text.replace('"title": "', '"title": "\\ud800', 1),
    "a weight out of range": lambda text: text.replace('"weight": 1.0', '"weight": 101.0', 1),
    "a hit outside its cue": lambda text: text.replace('"tc": "01:00:', '"tc": "00:00:', 1),
    "a tempo of 0": lambda text: text.replace('"bpm": "', '"bpm": "0', 1).replace(
        '"bpm": "0', '"bpm": "0.0', 1
    ),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_file_not_as_written_goes_to_the_schema(tmp_path: Path, mutation: str) -> None:
    data, path = _demo_bytes(tmp_path)
    changed = MUTATIONS[mutation](data.decode("utf-8")).encode("utf-8")
    assert changed != data
    assert _fast_read(changed, path) is None
    path.write_bytes(changed)
    schema = _schema_read(changed, path)
    try:
        loaded: object = load_project(path).project
    except ProjectError as error:
        loaded = str(error)
    assert loaded == schema


def test_hits_listed_out_of_order_keep_their_anchor(tmp_path: Path) -> None:
    data, path = _demo_bytes(tmp_path)
    document = json.loads(data)
    cue = next(c for c in document["cues"] if len(c["hits"]) > 2 and c["anchor_hit"] is not None)
    anchored = cue["hits"][cue["anchor_hit"]]
    cue["hits"].reverse()
    cue["anchor_hit"] = cue["hits"].index(anchored)
    changed = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
    assert _fast_read(changed, path) is None
    assert project_from_bytes(changed, path=path)[0] == _fast_read(data, path)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_fast_reader_never_reads_a_file_otherwise_than_the_schema(
    data: st.DataObject,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.scoresync.json"
        save_project(rich_demo(Path(folder)), path)
        text = bytearray(path.read_bytes())
        for _ in range(data.draw(st.integers(1, 3))):
            at = data.draw(st.integers(0, len(text) - 1))
            kind = data.draw(st.sampled_from(["replace", "delete", "insert", "repeat"]))
            byte = data.draw(st.sampled_from(b'0123456789:;"{}[], \n\\.-aefnlrtu'))
            if kind == "replace":
                text[at] = byte
            elif kind == "delete":
                del text[at]
            elif kind == "insert":
                text.insert(at, byte)
            else:
                end = min(len(text), at + data.draw(st.integers(1, 80)))
                text[at:at] = text[at:end]
        changed = bytes(text)
        fast = _fast_read(changed, path)
        if fast is not None:
            assert fast == _schema_read(changed, path)


def test_a_project_file_is_told_by_its_declared_schema(tmp_path: Path) -> None:
    data, _ = _demo_bytes(tmp_path)
    broken = data.replace(b'"weight": 1.0', b'"weight": "heavy"', 1)
    assert declares_project(data) and declares_project(broken)
    assert not declares_project(b"notes\n")
    assert not declares_project(b"[1, 2]")
    assert not declares_project(b'{"schema": "other"}')


def test_a_save_keeps_the_previous_file_as_a_hard_link(tmp_path: Path) -> None:
    path = tmp_path / "p.scoresync.json"
    save_project(demo_project(), path)
    before = path.read_bytes()
    inode = path.stat().st_ino
    loaded = load_project(path)
    save_project(
        dataclasses.replace(loaded.project, title="Night Train II"),
        path,
        expected=loaded.fingerprint,
    )
    backup = path.with_name(path.name + ".bak")
    assert backup.read_bytes() == before
    assert backup.stat().st_ino == inode
    assert b"Night Train II" in path.read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_save_copies_the_backup_where_links_fail(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "p.scoresync.json"
    save_project(demo_project(), path)
    before = path.read_bytes()

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    loaded = load_project(path)
    save_project(dataclasses.replace(loaded.project, title="X"), path, expected=loaded.fingerprint)
    backup = path.with_name(path.name + ".bak")
    assert backup.read_bytes() == before
    assert backup.stat().st_ino != path.stat().st_ino


def test_loading_a_file_as_written_does_not_import_the_schema(tmp_path: Path) -> None:
    data, path = _demo_bytes(tmp_path)
    relaid = tmp_path / "relaid.scoresync.json"
    relaid.write_text(json.dumps(json.loads(data), indent=4))
    probe = (
        "import sys\n"
        "from scoresync.project.fileio import load_project\n"
        "load_project(sys.argv[1])\n"
        "print('pydantic' in sys.modules)\n"
    )
    for name, expected in ((path, "False"), (relaid, "True")):
        result = subprocess.run(
            [sys.executable, "-c", probe, str(name)],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == expected, name
