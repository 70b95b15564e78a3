"""The BWF bext chunk: its bytes, its place in the RIFF file, and reading it back."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile
from hypothesis import given
from hypothesis import strategies as st

from tempo.audio.bwf import (
    BEXT_FIXED_BYTES,
    MAX_RIFF_BYTES,
    BextInfo,
    bext_chunk,
    check_riff_size,
    insert_bext,
    parse_bext,
    read_bext,
    write_bwf,
)
from tempo.common.errors import ExportError

FIXED_INFO = BextInfo(
    description="1M1 Main Title click track, starts 01:00:10:00 at 24 fps",
    originator="scoresync",
    originator_reference="scoresync 1M1 click",
    origination_date="2024-05-17",
    origination_time="14:30:00",
    time_reference_samples=173_280_000,
    coding_history="A=PCM,F=48000,W=24,M=mono,T=scoresync click track (linear PCM)\r\n",
)


def chunks(path: Path) -> list[tuple[bytes, int]]:
    """(id, size) of each top-level chunk, read independently of tempo.audio.bwf."""
    data = path.read_bytes()
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    assert struct.unpack_from("<I", data, 4)[0] == len(data) - 8, "RIFF size counts the file"
    found, position = [], 12
    while position < len(data):
        size = struct.unpack_from("<I", data, position + 4)[0]
        found.append((data[position : position + 4], size))
        position += 8 + size + (size & 1)
    assert position == len(data)
    return found


def test_chunk_layout_known_offsets() -> None:
    chunk = bext_chunk(FIXED_INFO)
    body = chunk[8:]
    # header: "bext", then the body size as uint32 little-endian
    assert chunk[:4] == b"bext"
    assert struct.unpack("<I", chunk[4:8])[0] == len(body) == BEXT_FIXED_BYTES + 64
    assert body[:10] == b"1M1 Main T" and body[56:256] == bytes(200)  # NUL-padded
    assert body[256:265] == b"scoresync" and body[265:288] == bytes(23)
    assert body[320:330] == b"2024-05-17"
    assert body[330:338] == b"14:30:00"
    # TimeReference 173 280 000 = 0x0A540B00: low word, then high word 0
    assert body[338:346].hex(" ") == "00 0b 54 0a 00 00 00 00"
    assert body[346:348].hex(" ") == "01 00"  # Version 1
    assert body[348:602] == bytes(254)  # UMID, loudness and Reserved all zero
    assert body[602:] == FIXED_INFO.coding_history.encode("ascii")


def test_chunk_bytes_match_the_golden_file(golden) -> None:
    golden.check("bext_click.bin", bext_chunk(FIXED_INFO))


def test_time_reference_uses_the_high_word_past_32_bits() -> None:
    info = BextInfo(time_reference_samples=5 * 2**32 + 7)
    body = info.to_bytes()
    assert struct.unpack_from("<II", body, 338) == (7, 5)
    assert parse_bext(body).time_reference_samples == 5 * 2**32 + 7


def test_odd_coding_history_gets_a_pad_byte() -> None:
    chunk = bext_chunk(BextInfo(coding_history="A=PCM\r\n"))  # 7 bytes: body is odd
    assert struct.unpack("<I", chunk[4:8])[0] == BEXT_FIXED_BYTES + 7
    assert len(chunk) == 8 + BEXT_FIXED_BYTES + 8 and chunk[-1:] == b"\0"


def test_text_is_ascii_cut_to_its_field() -> None:
    info = BextInfo(description="Ouverture é" + "x" * 300, originator="Büro ☃")
    parsed = parse_bext(info.to_bytes())
    assert parsed.description.startswith("Ouverture ex")
    assert len(parsed.description) == 256
    assert parsed.originator == "Buro ?"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"time_reference_samples": -1}, r"0 to 2\*\*64 - 1"),
        ({"time_reference_samples": 2**64}, r"0 to 2\*\*64 - 1"),
        ({"loudness_value": -2300}, "need Version 2"),
        ({"umid": bytes(65)}, "64 bytes"),
        ({"version": 70000}, "0 to 65535"),
    ],
)
def test_invalid_fields_are_refused(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ExportError, match=message):
        BextInfo(**fields)  # type: ignore[arg-type]


def test_version_2_carries_loudness() -> None:
    info = BextInfo(version=2, loudness_value=-2300, max_true_peak_level=-100)
    body = info.to_bytes()
    assert struct.unpack_from("<5h", body, 412) == (-2300, 0, -100, 0, 0)
    assert parse_bext(body) == info


@given(
    description=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=256),
    reference=st.integers(0, 2**64 - 1),
    history=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=200),
)
def test_parse_inverts_to_bytes(description: str, reference: int, history: str) -> None:
    info = BextInfo(
        description=description.rstrip("\0"),
        time_reference_samples=reference,
        coding_history=history,
    )
    assert parse_bext(info.to_bytes()) == info


def _plain_wav(path: Path, subtype: str, samples: int = 5000) -> np.ndarray:
    audio = (np.sin(np.arange(samples) / 7.0) * 0.5).astype(np.float32)
    soundfile.write(path, audio, 48000, subtype=subtype, format="WAV")
    return audio


@pytest.mark.parametrize("subtype", ["PCM_16", "PCM_24", "FLOAT"])
def test_insert_bext_goes_right_after_fmt(tmp_path: Path, subtype: str) -> None:
    path = tmp_path / "plain.wav"
    _plain_wav(path, subtype)
    before = soundfile.read(path, dtype="float32")[0]
    insert_bext(path, FIXED_INFO)
    ids = [chunk_id for chunk_id, _ in chunks(path)]
    assert ids[:2] == [b"fmt ", b"bext"] and ids[-1] == b"data"
    assert read_bext(path) == FIXED_INFO
    np.testing.assert_array_equal(soundfile.read(path, dtype="float32")[0], before)
    assert soundfile.info(path).subtype == subtype


def test_insert_bext_replaces_an_existing_chunk(tmp_path: Path) -> None:
    path = tmp_path / "plain.wav"
    _plain_wav(path, "PCM_24")
    insert_bext(path, BextInfo(description="first"))
    insert_bext(path, FIXED_INFO)
    ids = [chunk_id for chunk_id, _ in chunks(path)]
    assert ids.count(b"bext") == 1
    assert read_bext(path) == FIXED_INFO


@pytest.mark.parametrize("bit_depth", ["16", "24", "32f"])
def test_write_bwf_streams_the_same_bytes_as_insert(tmp_path: Path, bit_depth: str) -> None:
    subtype = {"16": "PCM_16", "24": "PCM_24", "32f": "FLOAT"}[bit_depth]
    audio = (np.sin(np.arange(70_000) / 5.0) * 0.5).astype(np.float32)
    streamed = tmp_path / "streamed.wav"
    blocks = [audio[i : i + 8192] for i in range(0, audio.size, 8192)]
    write_bwf(
        streamed,
        blocks,
        sample_rate=48000,
        bit_depth=bit_depth,
        total_samples=audio.size,
        info=FIXED_INFO,
    )
    inserted = tmp_path / "inserted.wav"
    soundfile.write(inserted, audio, 48000, subtype=subtype, format="WAV")
    insert_bext(inserted, FIXED_INFO)
    assert streamed.read_bytes() == inserted.read_bytes()
    assert [chunk_id for chunk_id, _ in chunks(streamed)][:2] == [b"fmt ", b"bext"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary left"


def test_read_bext_of_a_file_without_one(tmp_path: Path) -> None:
    path = tmp_path / "plain.wav"
    _plain_wav(path, "PCM_16")
    assert read_bext(path) is None


def test_read_bext_of_a_file_that_is_not_wav(tmp_path: Path) -> None:
    path = tmp_path / "notes.wav"
    path.write_bytes(b"MThd\0\0\0\6\0\1\0\1\3\xc0")
    with pytest.raises(ExportError, match=r"notes\.wav is not a RIFF WAVE file"):
        read_bext(path)


def test_riff_size_limit() -> None:
    check_riff_size(MAX_RIFF_BYTES, what="x.wav")
    with pytest.raises(ExportError, match=r"x\.wav would be 4\.00 GiB, over the 4 GiB limit"):
        check_riff_size(MAX_RIFF_BYTES + 1, what="x.wav")


def test_write_bwf_refuses_a_file_over_4_gib_before_writing(tmp_path: Path) -> None:
    def never() -> object:
        raise AssertionError("no audio is rendered for a file that cannot be written")
        yield  # pragma: no cover

    target = tmp_path / "long.wav"
    with pytest.raises(ExportError, match="over the 4 GiB limit of a WAV file"):
        write_bwf(
            target,
            never(),
            sample_rate=192_000,
            bit_depth="32f",
            total_samples=2 * 3600 * 192_000,
            info=FIXED_INFO,
        )
    assert not target.exists()


def test_write_bwf_into_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "click.wav"
    with pytest.raises(ExportError, match=r"the folder .*missing does not exist"):
        write_bwf(
            target,
            [np.zeros(10, np.float32)],
            sample_rate=48000,
            bit_depth="24",
            total_samples=10,
            info=FIXED_INFO,
        )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_write_bwf_without_permission(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="Permission denied"):
            write_bwf(
                folder / "c.wav",
                [np.zeros(10, np.float32)],
                sample_rate=48000,
                bit_depth="24",
                total_samples=10,
                info=FIXED_INFO,
            )
    finally:
        folder.chmod(0o700)


# -- float WAVs: the extended fmt chunk and the fact chunk ----------------------------------------


def chunk_bodies(path: Path) -> dict[bytes, bytes]:
    """Each top-level chunk's body by id, read independently of tempo.audio.bwf."""
    data = path.read_bytes()
    bodies, position = {}, 12
    for chunk_id, size in chunks(path):
        bodies[chunk_id] = data[position + 8 : position + 8 + size]
        position += 8 + size + (size & 1)
    return bodies


@pytest.mark.parametrize("how", ["streamed", "inserted"])
@pytest.mark.parametrize("samples", [70_001, 10])
def test_float_wav_has_the_extended_fmt_and_a_fact_chunk(
    tmp_path: Path, how: str, samples: int
) -> None:
    audio = (np.sin(np.arange(samples) / 5.0) * 0.5).astype(np.float32)
    path = tmp_path / "float.wav"
    if how == "streamed":
        blocks = [audio[i : i + 8192] for i in range(0, audio.size, 8192)]
        write_bwf(
            path, blocks, sample_rate=48000, bit_depth="32f", total_samples=samples, info=FIXED_INFO
        )
    else:
        soundfile.write(path, audio, 48000, subtype="FLOAT", format="WAV")
        insert_bext(path, FIXED_INFO)
    bodies = chunk_bodies(path)
    # WAVEFORMATEX: tag 3 (IEEE float), 1 channel, 48 kHz, 192000 bytes/s, block 4,
    # 32 bits, then cbSize 0: 18 bytes, as a format other than integer PCM requires
    assert bodies[b"fmt "].hex(" ") == "03 00 01 00 80 bb 00 00 00 ee 02 00 04 00 20 00 00 00"
    assert struct.unpack("<I", bodies[b"fact"]) == (samples,)  # the sample count
    assert [chunk_id for chunk_id, _ in chunks(path)][:2] == [b"fmt ", b"bext"]
    assert read_bext(path) == FIXED_INFO
    read, rate = soundfile.read(path, dtype="float32")
    assert rate == 48000 and soundfile.info(path).subtype == "FLOAT"
    np.testing.assert_array_equal(read, audio)


@pytest.mark.parametrize("bit_depth", ["16", "24"])
def test_pcm_wav_keeps_its_16_byte_fmt(tmp_path: Path, bit_depth: str) -> None:
    path = tmp_path / "pcm.wav"
    write_bwf(
        path,
        [np.zeros(100, np.int32)],
        sample_rate=48000,
        bit_depth=bit_depth,
        total_samples=100,
        info=FIXED_INFO,
    )
    fmt = chunk_bodies(path)[b"fmt "]
    assert len(fmt) == 16 and struct.unpack_from("<H", fmt) == (1,)


@pytest.mark.skipif(shutil.which("sox") is None, reason="sox is not installed")
def test_sox_reads_a_float_click_without_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "float.wav"
    audio = (np.sin(np.arange(4800) / 5.0) * 0.5).astype(np.float32)
    write_bwf(
        path, [audio], sample_rate=48000, bit_depth="32f", total_samples=4800, info=FIXED_INFO
    )
    result = subprocess.run(
        ["sox", "-V2", str(path), "-n", "stat"], capture_output=True, text=True, check=True
    )
    assert "WARN" not in result.stderr, result.stderr
    assert "Samples read:              4800" in result.stderr
    assert "Maximum amplitude:     0.5" in result.stderr


def test_a_render_that_fails_leaves_the_older_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "click.wav"
    path.write_bytes(b"the older take")

    def blocks():  # noqa: ANN202
        yield np.zeros(8192, np.float32)
        raise ExportError("render stopped")

    with pytest.raises(ExportError, match="render stopped"):
        write_bwf(
            path, blocks(), sample_rate=48000, bit_depth="32f", total_samples=16384, info=FIXED_INFO
        )
    assert path.read_bytes() == b"the older take"
    assert [p.name for p in tmp_path.iterdir()] == ["click.wav"], "no temporary left"
