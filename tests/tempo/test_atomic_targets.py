"""Where an atomic write lands: a symbolic link is followed and stays a link, its target gets
the data; a device, a FIFO or a socket is refused before anything is created, and never
opened (a FIFO would block)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from tempo.common.atomic import (
    WriteTargetError,
    atomic_open,
    check_writable,
    write_atomically,
    write_export,
    write_target,
)

needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_link_stays_a_link_and_its_target_gets_the_data(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    real = tmp_path / "real" / "project.json"
    real.write_bytes(b"old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(Path("real") / "project.json")  # relative, as users make them
    chain = tmp_path / "chain.json"
    chain.symlink_to(link)

    write_atomically(chain, b"new")

    assert chain.is_symlink() and link.is_symlink()
    assert real.read_bytes() == b"new" and real.stat().st_mode & 0o777 == 0o640
    assert write_target(chain) == real.resolve()
    assert _names(tmp_path) == ["chain.json", "link.json", "real"]  # no temporary left
    assert _names(tmp_path / "real") == ["project.json"]  # the temporary went beside it


def test_a_link_to_a_new_name_creates_the_target(tmp_path: Path) -> None:
    link = tmp_path / "sheet.txt"
    link.symlink_to("made.txt")
    write_export(link, b"rows")
    assert link.is_symlink() and (tmp_path / "made.txt").read_bytes() == b"rows"


@pytest.mark.parametrize(
    ("device", "what"),
    [
        ("/dev/null", "a device"),
        pytest.param("/dev/full", "a device", marks=needs_dev_full),
    ],
)
def test_a_link_to_a_device_is_refused_and_left_alone(tmp_path: Path, device, what) -> None:
    link = tmp_path / "out.mid"
    link.symlink_to(device)
    message = f"cannot write {link}: it is {what}, not a regular file; choose a file path"
    with pytest.raises(WriteTargetError, match=message):
        check_writable(link)
    with pytest.raises(WriteTargetError, match=message):
        write_export(link, b"MThd")
    assert link.is_symlink() and os.readlink(link) == device
    assert _names(tmp_path) == ["out.mid"]


@needs_dev_full
def test_a_device_itself_is_refused_before_anything_is_written() -> None:
    """Only checked, never written: a write to /dev/full as root would replace it."""
    with pytest.raises(WriteTargetError, match="/dev/full: it is a device, not a regular"):
        check_writable(Path("/dev/full"))
    with pytest.raises(WriteTargetError, match="it is a device"):
        write_target("/dev/full")


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(WriteTargetError, match=r"pipe.txt: it is a FIFO \(named pipe\)"):
        check_writable(fifo)  # opening it would block this test for ever
    with pytest.raises(WriteTargetError, match="it is a FIFO"), atomic_open(fifo):
        pytest.fail("the block must not run")
    assert fifo.is_fifo() and _names(tmp_path) == ["pipe.txt"]


def test_a_socket_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # a socket path must be short
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("s.sock")
        with pytest.raises(WriteTargetError, match="s.sock: it is a socket, not a regular"):
            write_atomically("s.sock", b"x")
    assert Path("s.sock").is_socket()


def test_a_loop_of_links_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    with pytest.raises(WriteTargetError, match="its symbolic links go round in a loop"):
        check_writable(tmp_path / "a")
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


def test_a_folder_is_refused_even_through_a_link(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "link").symlink_to("dir")
    with pytest.raises(WriteTargetError, match="it is a folder; give a file name"):
        check_writable(tmp_path / "link")
