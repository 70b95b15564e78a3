"""Bad MIDI files, made here byte by byte, each give one clear :class:`MidiError` at once:
paths that are no regular file (a FIFO, a device), files too large, a damaged header, a
format that does not exist, a tempo of 0, too many tempo events. Ten thousand tempo steps
import within seconds."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tempo.common.errors import MidiError
from tempo.midi import importer
from tempo.midi.events import MAX_MIDI_BYTES, MAX_TEMPO_EVENTS, read_midi
from tempo.midi.importer import import_midi_tempo_map


def vlq(number: int) -> bytes:
    """A MIDI variable-length quantity: 7 bits a byte, high bit set on all but the last."""
    out = [number & 0x7F]
    number >>= 7
    while number:
        out.append(0x80 | (number & 0x7F))
        number >>= 7
    return bytes(reversed(out))


def header(midi_format: int = 1, tracks: int = 1, ppq: int = 480, length: int = 6) -> bytes:
    return (
        b"MThd"  # header chunk
        + length.to_bytes(4, "big")  # 00 00 00 06: six bytes follow
        + midi_format.to_bytes(2, "big")  # 00 01: format 1
        + tracks.to_bytes(2, "big")  # 00 01: one track
        + ppq.to_bytes(2, "big")  # 01 e0: 480 ticks per quarter note
    )


def tempo(us_per_qn: int) -> bytes:
    return b"\xff\x51\x03" + us_per_qn.to_bytes(3, "big")  # FF 51 03 tt tt tt


def track(*events: tuple[int, bytes]) -> bytes:
    """An MTrk chunk of ``(delta ticks, event)`` pairs, closed by FF 2F 00 (end of track)."""
    body = b"".join(vlq(delta) + event for delta, event in events) + b"\x00\xff\x2f\x00"
    return b"MTrk" + len(body).to_bytes(4, "big") + body


def smf(*events: tuple[int, bytes], **head: int) -> bytes:
    return header(**head) + track(*events)


def written(tmp_path: Path, data: bytes, name: str = "x.mid") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_good_file_made_here_reads() -> None:
    assert smf((0, tempo(500_000))).hex(" ") == (
        "4d 54 68 64 00 00 00 06 00 01 00 01 01 e0 "  # MThd, 6, format 1, 1 track, 480
        "4d 54 72 6b 00 00 00 0b "  # MTrk, 11 bytes
        "00 ff 51 03 07 a1 20 "  # at 0: tempo 500 000 us (120 BPM)
        "00 ff 2f 00"  # at 0: end of track
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"MThd\xff\xff\xff\xff" + smf((0, tempo(500_000)))[8:],
            r"x\.mid is damaged: its header chunk \(MThd\) claims 4294967295 bytes",
        ),
        (smf((0, tempo(500_000)), length=2), r"claims 2 bytes, where a Standard MIDI File's has 6"),
        (smf((0, tempo(500_000)), midi_format=3), r"x\.mid says it is MIDI format 3, which"),
        (smf((0, tempo(500_000)), midi_format=0xFFFF), r"MIDI format 65535, which does not"),
        (smf((0, tempo(0))), r"x\.mid: the tempo event at tick 0 sets 0 microseconds"),
        (
            smf((0, tempo(500_000)), (960, tempo(0))),
            r"the tempo event at tick 960 sets 0 microseconds per quarter note",
        ),
    ],
    ids=["MThd length FFFFFFFF", "MThd length 2", "format 3", "format FFFF", "tempo 0", "late 0"],
)
def test_a_bad_file_is_refused_with_what_is_wrong(
    tmp_path: Path, data: bytes, message: str
) -> None:
    with pytest.raises(MidiError, match=message):
        import_midi_tempo_map(written(tmp_path, data))


def test_too_many_tempo_events_are_refused(tmp_path: Path) -> None:
    steps = [(1, tempo(500_000 + index % 2)) for index in range(MAX_TEMPO_EVENTS + 1)]
    with pytest.raises(MidiError, match=r"more than 10,000 tempo events"):
        read_midi(written(tmp_path, smf(*steps)))


def test_a_device_is_refused_before_reading() -> None:
    with pytest.raises(MidiError, match=r"/dev/zero is a device, not a MIDI file"):
        read_midi("/dev/zero")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MidiError, match=r"is a folder, not a MIDI file"):
        read_midi(tmp_path)


def test_a_file_over_the_size_cap_is_refused_before_reading(tmp_path: Path) -> None:
    path = written(tmp_path, smf((0, tempo(500_000))), "huge.mid")
    os.truncate(path, MAX_MIDI_BYTES + 1)  # sparse: no 16 MiB written
    with pytest.raises(MidiError, match=r"huge\.mid is larger than 16 MiB"):
        read_midi(path)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.mid"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def read() -> None:
        try:
            read_midi(fifo)
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # the reader blocks on the FIFO: let it go, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=10)
        pytest.fail("reading a FIFO blocked")
    assert isinstance(outcome[0], MidiError)
    assert "pipe.mid is a FIFO (named pipe), not a MIDI file" in str(outcome[0])


def test_a_long_run_is_split_near_its_middle() -> None:
    """Equal bends everywhere (a steady ramp the fit refuses) split in the middle, not 3
    steps from the start: a run of n steps is split about log n deep, not n / 3."""
    pieces = [
        importer._Piece(index * 10, index * 10 + 10, 300_000 + 20 * index, None)  # type: ignore[arg-type]
        for index in range(1000)
    ]
    assert 250 <= importer._sharpest_bend(pieces) <= 750


def test_ten_thousand_tempo_steps_import(tmp_path: Path) -> None:
    """A steady accelerando written as 10,000 steps of 10 ticks, 20 us shorter each: the
    import keeps every boundary within 1 ms and makes a few ramps of it, where it used to
    run for ten minutes and end in a RecursionError."""
    steps = [(0 if index == 0 else 10, tempo(300_000 + 20 * index)) for index in range(10_000)]
    imported = import_midi_tempo_map(written(tmp_path, smf(*steps), "steps.mid"))
    assert imported.max_drift_seconds < 0.001
    assert 1 <= len(imported.ramps) <= 20


def test_ramp_searches_are_capped_and_the_rest_kept_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "MAX_RAMP_SEARCHES", 1)
    slowing = [(0 if i == 0 else 120, tempo(500_000 + 4_000 * i)) for i in range(8)]
    quickening = [(120, tempo(560_000 - 4_000 * i)) for i in range(8)]
    steady = [(120, tempo(437_000)), (1920, tempo(437_000))]
    imported = import_midi_tempo_map(written(tmp_path, smf(*slowing, *steady, *quickening)))
    assert len(imported.ramps) == 1
    assert any("more runs of tempo steps than 1 ramp searches" in n for n in imported.notes)
    ramped, *kept = imported.tempo_map.segments
    assert ramped.end_bpm is not None and all(segment.end_bpm is None for segment in kept)
    assert len(kept) == 1 + 8  # the steady stretch, then each quickening step as written
    assert imported.max_drift_seconds < 0.001
