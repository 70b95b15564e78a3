"""The document: undo/redo snapshots, the dirty flag, saving, disk changes and autosave."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from tui_support import small_project

from scoresync.errors import ProjectError
from scoresync.project.fileio import load_project, save_project
from tui.state import DiskState, Document, autosave_path_for, save_as_suggestion


def retitled(document: Document, title: str):  # noqa: ANN201
    return dataclasses.replace(document.project, title=title)


def test_edits_undo_and_redo_restore_snapshots(project_path: Path) -> None:
    document = Document.open(project_path)
    original = document.project
    document.apply_edit("rename A", retitled(document, "A"))
    document.apply_edit("rename B", retitled(document, "B"))
    assert document.dirty and document.undo_count == 2
    assert document.undo() == "rename B" and document.project.title == "A"
    assert document.undo() == "rename A" and document.project is original
    assert not document.dirty, "undoing back to the saved project is clean again"
    assert document.undo() is None
    assert document.redo() == "rename A" and document.project.title == "A"
    document.apply_edit("rename C", retitled(document, "C"))
    assert document.redo() is None, "a new edit clears redo"


def test_edits_since_save_count_undo_redo_and_branches(project_path: Path) -> None:
    document = Document.open(project_path, undo_limit=5)
    for index in range(30):
        document.apply_edit(f"rename {index}", retitled(document, str(index)))
    assert document.edits_since_save == 30
    document.save()
    assert document.edits_since_save == 0 and document.undo_count == 5
    document.apply_edit("rename x", retitled(document, "x"))
    assert document.edits_since_save == 1
    document.undo()
    assert document.edits_since_save == 0 and not document.dirty
    document.undo()
    document.undo()
    assert document.edits_since_save == 2, "undone past the save"
    document.apply_edit("rename y", retitled(document, "y"))
    assert document.edits_since_save == 3, "two back to where the branch left, one on it"
    document.undo()
    assert document.edits_since_save == 2
    for _ in range(5):
        document.apply_edit("nudge", retitled(document, "n"), coalesce="nudge")
    assert document.edits_since_save == 3, "coalesced edits are one"


def test_an_edit_undone_by_hand_is_clean(project_path: Path) -> None:
    document = Document.open(project_path)
    document.apply_edit("rename A", retitled(document, "A"))
    document.apply_edit("rename back", retitled(document, "Test Film"))
    assert not document.dirty, "the project equals the saved file"
    assert document.edits_since_save == 2


def test_the_autosave_goes_when_the_project_equals_the_saved_file(project_path: Path) -> None:
    document = Document.open(project_path)
    document.apply_edit("rename A", retitled(document, "A"))
    document.write_autosave(document.project)
    document.mark_autosaved(document.project)
    assert document.autosave_path.exists()
    document.undo()
    assert not document.autosave_path.exists()
    document.redo()
    assert document.needs_autosave, "the file went: redo needs writing again"
    document.write_autosave(document.project)
    document.mark_autosaved(document.project)
    document.apply_edit("rename back", retitled(document, "Test Film"))
    assert not document.autosave_path.exists()


def test_an_autosave_left_by_an_earlier_session_stays_until_written_over(
    project_path: Path,
) -> None:
    document = Document.open(project_path)
    save_project(retitled(document, "Autosaved"), document.autosave_path)
    assert document.autosave_changes() == ["title changed"]
    document.apply_edit("rename A", retitled(document, "A"))
    document.undo()
    assert document.autosave_path.exists(), "not this session's autosave"


def test_undo_is_bounded(project_path: Path) -> None:
    document = Document.open(project_path, undo_limit=3)
    for index in range(10):
        document.apply_edit(f"rename {index}", retitled(document, str(index)))
    assert document.undo_count == 3
    while document.undo():
        pass
    assert document.project.title == "6"


def test_coalesced_edits_make_one_step(project_path: Path) -> None:
    document = Document.open(project_path)
    for index in range(5):
        document.apply_edit("nudge", retitled(document, str(index)), coalesce="nudge:1M1")
    document.apply_edit("other", retitled(document, "x"))
    assert document.undo_count == 2
    document.undo()
    document.undo()
    assert document.project.title == "Test Film"


def test_an_edit_that_changes_nothing_is_not_recorded(project_path: Path) -> None:
    document = Document.open(project_path)
    document.apply_edit("nothing", document.project)
    assert document.undo_count == 0 and not document.dirty


def test_save_refuses_a_file_changed_on_disk(project_path: Path) -> None:
    document = Document.open(project_path)
    document.apply_edit("rename", retitled(document, "Mine"))
    assert document.disk_state() is DiskState.UNCHANGED
    save_project(dataclasses.replace(small_project(), title="Theirs"), project_path)
    assert document.disk_state() is DiskState.CHANGED
    with pytest.raises(ProjectError, match="changed on disk by another program"):
        document.save()
    assert load_project(project_path).project.title == "Theirs"
    assert document.external_change_is_new()
    assert not document.external_change_is_new(), "each change is reported once"


def test_touching_the_file_is_not_a_change(project_path: Path) -> None:
    document = Document.open(project_path)
    project_path.write_bytes(project_path.read_bytes())
    assert document.disk_state() is DiskState.UNCHANGED


def test_missing_file(project_path: Path) -> None:
    document = Document.open(project_path)
    project_path.unlink()
    assert document.disk_state() is DiskState.MISSING


@pytest.mark.parametrize(
    ("name", "autosave"),
    [
        ("film.scoresync.json", ".film.autosave.json"),
        ("film.json", ".film.autosave.json"),
        ("film", ".film.autosave.json"),
    ],
)
def test_autosave_name(name: str, autosave: str) -> None:
    assert autosave_path_for(Path("/p") / name) == Path("/p") / autosave


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("film.scoresync.json", "film-2.scoresync.json"),
        ("film.json", "film-2.scoresync.json"),
        ("film", "film-2.scoresync.json"),
    ],
)
def test_save_as_suggestion(name: str, suggestion: str) -> None:
    assert save_as_suggestion(Path("/p") / name) == Path("/p") / suggestion


def test_autosave_roundtrip(project_path: Path) -> None:
    document = Document.open(project_path)
    assert not document.needs_autosave
    document.apply_edit("rename", retitled(document, "Autosaved"))
    assert document.needs_autosave
    path = document.write_autosave(document.project)
    document.mark_autosaved(document.project)
    assert not document.needs_autosave
    assert load_project(path).project.title == "Autosaved"
    document.save()
    assert not path.exists() and not document.dirty
