"""Atomic writing: a file is either the old one or the whole new one, never half-written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tempo.common.atomic import atomic_open, atomic_path, write_atomically, write_export
from tempo.common.errors import ExportError


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_replaces_the_whole_file_and_keeps_its_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "sheet.txt"
    target.write_bytes(b"old contents that are longer")
    os.chmod(target, 0o640)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == []


def test_a_failure_inside_the_block_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "cue.wav"
    target.write_bytes(b"the good take")
    with pytest.raises(RuntimeError), atomic_open(target) as file:
        file.write(b"half a ")
        raise RuntimeError("the render stopped")
    assert target.read_bytes() == b"the good take"
    assert _leftovers(tmp_path) == []


def test_a_failed_rename_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "map.mid"
    target.write_bytes(b"MThd old")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ExportError, match="cannot write .*map.mid: Permission denied"):
        write_export(target, b"MThd new")
    assert target.read_bytes() == b"MThd old"
    assert _leftovers(tmp_path) == []


def test_the_temporary_path_can_be_read_back_before_it_replaces_the_target(tmp_path: Path) -> None:
    target = tmp_path / "a.mid"
    with atomic_path(target) as temporary:
        temporary.write_bytes(b"checked")
        assert temporary.parent == tmp_path
        assert temporary.read_bytes() == b"checked"
        assert not target.exists()
    assert target.read_bytes() == b"checked"


def test_a_missing_folder_is_named_with_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="the folder .*nope does not exist; create it first"):
        write_export(tmp_path / "nope" / "a.csv", b"x")
