"""Project files under stress: programs editing one project at once, symbolic links,
things that are not files, failed and killed saves, and files built to break a reader."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from scoresync.errors import ProjectError
from scoresync.picture.timecode import frames_to_tc
from scoresync.project import fileio, lock
from scoresync.project.demo import demo_project
from scoresync.project.fileio import load_project, save_project
from scoresync.project.lock import ProjectLockedError

HITS_EACH = 6


def _scoresync() -> list[str]:
    script = Path(sys.executable).with_name("scoresync")
    return [str(script)] if script.exists() else [sys.executable, "-m", "scoresync"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "night-train.scoresync.json"
    save_project(demo_project(), path)
    return path


def _at(path: Path, frames: int) -> str:
    """The timecode label of ``frames`` in the project at ``path``."""
    return frames_to_tc(frames, rate=load_project(path).project.rate)


def _hit_labels(path: Path) -> set[str]:
    return {hit.label for cue in load_project(path).project.cues for hit in cue.hits}


def test_parallel_edits_from_the_command_line_all_land(project: Path) -> None:
    """Two commands at a time add hits to two cues of one project, round after round:
    every command succeeds and every hit is in the file."""
    first, second = load_project(project).project.cues[:2]
    for round_ in range(HITS_EACH):
        commands = [
            [*_scoresync(), "hit", "add", project.name, str(cue.number),
             _at(project, cue.start_frames + 10 + round_), "--label", f"{tag}{round_}"]
            for cue, tag in ((first, "A"), (second, "B"))
        ]  # fmt: skip
        running = [
            subprocess.Popen(command, cwd=project.parent, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
            for command in commands
        ]  # fmt: skip
        for process in running:
            out, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
    labels = _hit_labels(project)
    wanted = {f"{tag}{n}" for tag in "AB" for n in range(HITS_EACH)}
    assert wanted <= labels, f"lost updates: {sorted(wanted - labels)}"


EDITOR = """
import dataclasses, sys
from pathlib import Path
from scoresync.project import lock
from scoresync.project.fileio import load_project, save_project
path, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
for n in range(count):
    with lock.locked(path, wait=60):
        loaded = load_project(path)
        title = loaded.project.title + f" {tag}{n}"
        save_project(dataclasses.replace(loaded.project, title=title), path,
                     expected=loaded.fingerprint)
"""


def test_parallel_writers_holding_the_lock_lose_nothing(project: Path) -> None:
    count = 15
    writers = [
        subprocess.Popen([sys.executable, "-c", EDITOR, str(project), tag, str(count)])
        for tag in "XYZ"
    ]
    for writer in writers:
        assert writer.wait(timeout=120) == 0
    words = load_project(project).project.title.split()
    for tag in "XYZ":
        assert [w for w in words if w[0] == tag] == [f"{tag}{n}" for n in range(count)]


def test_a_held_lock_makes_an_edit_wait_then_go_on(project: Path) -> None:
    """Another program holds the lock until the edit has said that it waits; then the
    edit goes on and lands."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from scoresync.project import lock; "
         "lock.hold(sys.argv[1]); print('held', flush=True); sys.stdin.readline()",
         str(project)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline() == "held\n"
        cue = load_project(project).project.cues[0]
        edit = subprocess.Popen(
            [*_scoresync(), "hit", "add", project.name, str(cue.number),
             _at(project, cue.start_frames + 5), "--label", "waited"],
            cwd=project.parent, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert edit.stderr is not None
        said = edit.stderr.readline()  # it waits, and says so once half a second has passed
        holder.stdin.write("go\n")
        holder.stdin.flush()
        _out, rest = edit.communicate(timeout=60)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    assert "is being changed by" in said and "waiting" in said, said + rest
    assert edit.returncode == 0, rest
    assert "waited" in _hit_labels(project)


def test_a_lock_that_stays_taken_gives_up_naming_the_holder(project: Path) -> None:
    errors: list[BaseException] = []

    def other_thread() -> None:
        try:
            lock.hold(project, wait=0.2)
        except BaseException as error:  # noqa: BLE001 - recorded for the assertion
            errors.append(error)

    held = lock.hold(project)
    try:
        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join(timeout=10)
    finally:
        lock.release(held)
    assert len(errors) == 1 and isinstance(errors[0], ProjectLockedError)
    assert "is being changed by" in str(errors[0]) and "nothing was changed" in str(errors[0])
    with lock.locked(project, wait=0.2):  # free again
        pass


def test_a_symlinked_project_stays_a_link_and_its_file_gets_the_edit(
    project: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link" / "film.scoresync.json"
    link.parent.mkdir()
    link.symlink_to(project)
    loaded = load_project(link)
    changed = dataclasses.replace(loaded.project, title="Through the link")
    save_project(changed, link, expected=loaded.fingerprint)
    assert link.is_symlink()
    assert load_project(project).project.title == "Through the link"
    assert (project.parent / (project.name + ".bak")).exists()
    assert not (link.parent / (link.name + ".bak")).exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.scoresync.json"
    os.mkfifo(fifo)
    with pytest.raises(ProjectError, match="not a regular file"):
        load_project(fifo)
    with pytest.raises(ProjectError, match="not a regular file"):
        save_project(demo_project(), fifo)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_before_reading() -> None:
    with pytest.raises(ProjectError, match="not a regular file"):
        load_project("/dev/zero")


def test_an_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "huge.scoresync.json"
    path.write_bytes(b" " * 2048)
    monkeypatch.setattr(fileio, "MAX_PROJECT_BYTES", 1024)
    with pytest.raises(ProjectError, match="larger than any project"):
        load_project(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"schema": "x", "n": ' + "9" * 5000 + "}", "more than 4,300 digits"),
        ('{"schema": "scoresync-project", "title": "a\\ud800b"}', "lone UTF-16 surrogate"),
    ],
    ids=["nested", "long-integer", "lone-surrogate"],
)
def test_files_built_to_break_the_reader_get_a_message(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.scoresync.json"
    path.write_text(text)
    with pytest.raises(ProjectError, match=message):
        load_project(path)


def test_a_failed_save_keeps_the_older_backup(project: Path, monkeypatch) -> None:
    backup = project.with_name(project.name + ".bak")
    first = load_project(project)
    save_project(dataclasses.replace(first.project, title="Second"), project)
    older = backup.read_bytes()
    current = project.read_bytes()

    real_fsync = os.fsync

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ProjectError, match="previous file is unchanged"):
        save_project(dataclasses.replace(first.project, title="Third"), project)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert project.read_bytes() == current
    assert backup.read_bytes() == older, "a failed save rotated the backup"
    assert not [p for p in project.parent.iterdir() if p.name.endswith(".tmp")]


def test_stray_temporaries_go_at_the_next_edit(project: Path, run_cli) -> None:
    folder = project.parent
    strays = [
        folder / f".{project.name}.0123456789ab.tmp",
        folder / f".{project.name}.bak.ba9876543210.tmp",
    ]
    unrelated = folder / ".notes.txt.0123456789ab.tmp"
    for path in [*strays, unrelated]:
        path.write_bytes(b"{")
    result = run_cli("cue", "list", project.name, cwd=folder)
    assert result.code == 0
    assert all(path.exists() for path in strays), "a read-only command removed files"
    cue = load_project(project).project.cues[0]
    result = run_cli(
        "hit", "add", project.name, str(cue.number), _at(project, cue.start_frames + 3), cwd=folder
    )
    assert result.code == 0, result.stderr
    assert not any(path.exists() for path in strays)
    assert unrelated.exists(), "a temporary file of another file was removed"


def test_the_lock_is_let_go_when_a_command_ends(project: Path, run_cli) -> None:
    cue = load_project(project).project.cues[0]
    for n in range(2):
        started = time.monotonic()
        result = run_cli(
            "hit", "add", project.name, str(cue.number), _at(project, cue.start_frames + 20 + n),
            cwd=project.parent,
        )  # fmt: skip
        assert result.code == 0, result.stderr
        assert time.monotonic() - started < lock.WAIT_SECONDS / 2
    assert not lock._held, "a lock outlived its command"


def test_project_json_round_trips_after_the_checks(project: Path) -> None:
    """The guards against broken files do not refuse a real project."""
    data = json.loads(project.read_text())
    assert load_project(project).project.title == data["title"]
