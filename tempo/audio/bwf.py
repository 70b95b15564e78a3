"""Broadcast Wave (BWF): the ``bext`` chunk that lets a DAW spot a WAV file to timecode.

The chunk follows EBU Tech 3285: 602 fixed bytes, then the free-text coding history.

======  ====================  ================================================
bytes   field                 contents
======  ====================  ================================================
256     Description           ASCII, NUL-padded
32      Originator            ASCII, NUL-padded
32      OriginatorReference   ASCII, NUL-padded
10      OriginationDate       ``yyyy-mm-dd``
8       OriginationTime       ``hh:mm:ss``
4 + 4   TimeReference         first sample of the file, in samples since
                              midnight, as uint32 low word then high word
2       Version               1 (2 when loudness values are given)
64      UMID                  SMPTE 330M UMID, or zeros
2 x 5   loudness              LoudnessValue, LoudnessRange, MaxTruePeakLevel,
                              MaxMomentaryLoudness, MaxShortTermLoudness
                              (int16, 0.01 LU / dB units; zeros in version 1)
180     Reserved              zeros
n       CodingHistory         ASCII lines ending in CR LF
======  ====================  ================================================

:func:`insert_bext` puts the chunk into an existing RIFF WAVE file right after its
``fmt `` chunk and fixes the RIFF size. :class:`BextInsertingFile` does the same on the fly
while soundfile writes, so a long file is written once. :func:`read_bext` parses the chunk
back. RIFF sizes are 32-bit: a file over 4 GiB - 1 byte cannot be a WAV file, and
:func:`check_riff_size` says so before anything is written.

A WAV file whose samples are not integer PCM (``WAVE_FORMAT_IEEE_FLOAT``, format tag 3)
must carry the extended ``fmt `` chunk, WAVEFORMATEX with its ``cbSize`` field (18 bytes,
``cbSize`` 0), and a ``fact`` chunk holding the sample count. libsndfile writes the fact
chunk but a plain 16-byte ``fmt ``, which sox warns of ("wave header missing extended part
of fmt chunk"); both writers here add the missing ``cbSize`` (:func:`fmt_extension`).
WAVE_FORMAT_EXTENSIBLE is not used: EBU Tech 3285 defines BWF on WAVEFORMATEX, and older
DAWs that read a float BWF do not all read the extensible form.
"""

from __future__ import annotations

import io
import os
import struct
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from tempo.common.atomic import atomic_open, write_problem
from tempo.common.errors import ExportError

__all__ = [
    "BEXT_FIXED_BYTES",
    "MAX_RIFF_BYTES",
    "BextInfo",
    "BextInsertingFile",
    "WAV_SUBTYPES",
    "bext_chunk",
    "check_riff_size",
    "fmt_extension",
    "insert_bext",
    "parse_bext",
    "read_bext",
    "write_bwf",
]

BEXT_FIXED_BYTES = 602
"""Length of the bext chunk body before the coding history."""

MAX_RIFF_BYTES = 0xFFFF_FFFF + 8
"""Largest RIFF file: the 32-bit size field counts everything after its first 8 bytes."""

WAV_SUBTYPES: dict[str, tuple[str, int | None, int]] = {
    "16": ("PCM_16", 16, 2),
    "24": ("PCM_24", 24, 3),
    "32f": ("FLOAT", None, 4),
}
"""Bit depth name -> (soundfile subtype, PCM bits or None for float, bytes per sample)."""

_HEADER_ALLOWANCE = 4096
"""Bytes allowed for the WAV header and the bext chunk when checking the size limit."""

_WRITE_BUFFER_BYTES = 1 << 22
"""Write buffer: gathers libsndfile's 8 KiB writes into few large ones."""

_FIXED = struct.Struct("<256s32s32s10s8sIIH64s5h180s")
assert _FIXED.size == BEXT_FIXED_BYTES

_TEXT_FIELDS = {
    "description": 256,
    "originator": 32,
    "originator_reference": 32,
    "origination_date": 10,
    "origination_time": 8,
}


@dataclass(frozen=True)
class BextInfo:
    """The fields of a ``bext`` chunk.

    Text fields longer than their slot are cut to it (see :func:`ascii_field`).
    ``time_reference_samples`` is the file's first sample in samples since midnight.
    Loudness values are int16 in hundredths (LU or dB) and need ``version`` 2.
    """

    description: str = ""
    originator: str = ""
    originator_reference: str = ""
    origination_date: str = ""
    origination_time: str = ""
    time_reference_samples: int = 0
    version: int = 1
    umid: bytes = b""
    loudness_value: int = 0
    loudness_range: int = 0
    max_true_peak_level: int = 0
    max_momentary_loudness: int = 0
    max_short_term_loudness: int = 0
    coding_history: str = ""

    def __post_init__(self) -> None:
        reference = self.time_reference_samples
        if isinstance(reference, bool) or not isinstance(reference, int):
            raise ExportError(f"bext TimeReference must be whole samples, got {reference!r}")
        if not 0 <= reference < 2**64:
            raise ExportError(
                f"bext TimeReference must be 0 to 2**64 - 1 samples since midnight, got {reference}"
            )
        if not 0 <= self.version <= 0xFFFF:
            raise ExportError(f"bext Version must be 0 to 65535, got {self.version}")
        if len(self.umid) > 64:
            raise ExportError(f"bext UMID holds 64 bytes, got {len(self.umid)}")
        for value in self.loudness:
            if not -32768 <= value <= 32767:
                raise ExportError(f"bext loudness values are int16, got {value}")
        if any(self.loudness) and self.version < 2:
            raise ExportError("bext loudness values need Version 2; set version=2")

    @property
    def loudness(self) -> tuple[int, int, int, int, int]:
        """The five loudness words in chunk order."""
        return (
            self.loudness_value,
            self.loudness_range,
            self.max_true_peak_level,
            self.max_momentary_loudness,
            self.max_short_term_loudness,
        )

    def to_bytes(self) -> bytes:
        """The chunk body: 602 fixed bytes and the coding history (no chunk header)."""
        texts = [ascii_field(getattr(self, name), size) for name, size in _TEXT_FIELDS.items()]
        reference = self.time_reference_samples
        fixed = _FIXED.pack(
            *texts,
            reference & 0xFFFF_FFFF,
            reference >> 32,
            self.version,
            self.umid.ljust(64, b"\0"),
            *self.loudness,
            bytes(180),
        )
        return fixed + ascii_text(self.coding_history)


def ascii_text(text: str) -> bytes:
    """``text`` as ASCII: accents dropped (``é`` -> ``e``), anything else as ``?``."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.encode("ascii", errors="replace")


def ascii_field(text: str, size: int) -> bytes:
    """``text`` as a fixed ASCII field of ``size`` bytes: cut to fit, NUL-padded."""
    return ascii_text(text)[:size].ljust(size, b"\0")


def bext_chunk(info: BextInfo) -> bytes:
    """The whole chunk: ``bext``, the little-endian size, the body and a pad byte if odd."""
    body = info.to_bytes()
    pad = b"\0" if len(body) % 2 else b""
    return b"bext" + struct.pack("<I", len(body)) + body + pad


def parse_bext(body: bytes) -> BextInfo:
    """Reads a chunk body (without its 8-byte header) back into :class:`BextInfo`."""
    if len(body) < BEXT_FIXED_BYTES:
        raise ExportError(
            f"bext chunk is {len(body)} bytes, shorter than the {BEXT_FIXED_BYTES} it needs"
        )
    fields = _FIXED.unpack_from(body)
    texts = dict(zip(_TEXT_FIELDS, (_field_text(raw) for raw in fields[:5]), strict=True))
    low, high, version, umid = fields[5:9]
    loudness = fields[9:14]
    return BextInfo(
        **texts,
        time_reference_samples=low | (high << 32),
        version=version,
        umid=umid.rstrip(b"\0"),
        loudness_value=loudness[0],
        loudness_range=loudness[1],
        max_true_peak_level=loudness[2],
        max_momentary_loudness=loudness[3],
        max_short_term_loudness=loudness[4],
        coding_history=_field_text(body[BEXT_FIXED_BYTES:]),
    )


def _field_text(raw: bytes) -> str:
    return raw.split(b"\0", 1)[0].decode("ascii", errors="replace")


# -- RIFF structure ------------------------------------------------------------------------


def check_riff_size(total_bytes: int, *, what: str) -> None:
    """Raises :class:`ExportError` when a file of ``total_bytes`` cannot be a RIFF WAVE."""
    if total_bytes > MAX_RIFF_BYTES:
        gib = total_bytes / 2**30
        raise ExportError(
            f"{what} would be {gib:.2f} GiB, over the 4 GiB limit of a WAV file: "
            "use a lower sample rate or bit depth, or render a shorter stretch"
        )


def _chunks(header: bytes, *, name: str) -> list[tuple[bytes, int, int]]:
    """``(id, body offset, body size)`` of the chunks whose headers lie in ``header``."""
    if len(header) < 12 or header[:4] != b"RIFF" or header[8:12] != b"WAVE":
        raise ExportError(f"{name} is not a RIFF WAVE file (it does not start with RIFF....WAVE)")
    chunks = []
    position = 12
    while position + 8 <= len(header):
        chunk_id = header[position : position + 4]
        (size,) = struct.unpack_from("<I", header, position + 4)
        chunks.append((chunk_id, position + 8, size))
        position += 8 + size + (size & 1)
    return chunks


WAVE_FORMAT_PCM = 1
"""The ``fmt `` format tag of integer PCM, the one format whose chunk may stop at 16 bytes."""


def fmt_extension(fmt_body: bytes) -> bytes:
    """What a ``fmt `` chunk body lacks: ``cbSize`` 0 (two zero bytes) when it is the
    16-byte PCMWAVEFORMAT of a format that is not integer PCM (IEEE float), else nothing.

    >>> fmt_extension(bytes.fromhex("0300010080bb000000ee020004002000"))
    b'\\x00\\x00'
    >>> fmt_extension(bytes.fromhex("0100010080bb0000803202000300" "1800"))
    b''
    """
    if len(fmt_body) == 16 and struct.unpack_from("<H", fmt_body)[0] != WAVE_FORMAT_PCM:
        return b"\0\0"
    return b""


def _fmt_chunk(header: bytes, *, name: str) -> tuple[int, int]:
    """Offset and size of the ``fmt `` chunk's body (all of it must lie in ``header``)."""
    for chunk_id, offset, size in _chunks(header, name=name):
        if chunk_id == b"fmt ":
            if offset + size > len(header):
                break
            return offset, size
        if chunk_id == b"data":
            break
    raise ExportError(f"{name} has no 'fmt ' chunk before its audio data: not a valid WAV file")


def _read_chunk_headers(file: BinaryIO, *, name: str) -> list[tuple[bytes, int, int]]:
    """Walks the top-level chunks of an open RIFF file."""
    start = file.read(12)
    _chunks(start.ljust(12, b"\0"), name=name)
    end = os.fstat(file.fileno()).st_size
    chunks = []
    position = 12
    while position + 8 <= end:
        file.seek(position)
        head = file.read(8)
        chunk_id, size = head[:4], struct.unpack("<I", head[4:])[0]
        chunks.append((chunk_id, position + 8, size))
        position += 8 + size + (size & 1)
    return chunks


def read_bext(path: str | os.PathLike[str]) -> BextInfo | None:
    """The ``bext`` chunk of the WAV file at ``path``, or ``None`` when it has none."""
    name = os.fspath(path)
    try:
        with open(path, "rb") as file:
            for chunk_id, offset, size in _read_chunk_headers(file, name=name):
                if chunk_id == b"bext":
                    file.seek(offset)
                    return parse_bext(file.read(size))
    except OSError as error:
        raise ExportError(f"cannot read {name}: {error.strerror or error}") from None
    return None


def insert_bext(path: str | os.PathLike[str], info: BextInfo) -> None:
    """Puts a ``bext`` chunk into the WAV file at ``path`` right after ``fmt ``.

    An existing ``bext`` chunk is replaced. The file is rewritten through a temporary file
    beside it and replaced in one step.
    """
    source = Path(path)
    name = os.fspath(path)
    chunk = bext_chunk(info)
    try:
        with atomic_open(source) as writer, open(source, "rb") as reader:
            chunks = _read_chunk_headers(reader, name=name)
            kept = [c for c in chunks if c[0] != b"bext"]
            if not any(c[0] == b"fmt " for c in kept):
                raise ExportError(f"{name} has no 'fmt ' chunk: not a valid WAV file")
            fmt_offset, fmt_size = next((o, n) for c, o, n in kept if c == b"fmt ")
            reader.seek(fmt_offset)
            extension = fmt_extension(reader.read(fmt_size))
            body_bytes = sum(8 + size + (size & 1) for _, _, size in kept)
            riff_size = 4 + body_bytes + len(extension) + len(chunk)
            check_riff_size(riff_size + 8, what=name)
            writer.write(b"RIFF" + struct.pack("<I", riff_size) + b"WAVE")
            for chunk_id, offset, size in kept:
                if chunk_id == b"fmt ":
                    reader.seek(offset)
                    body = reader.read(size) + extension
                    pad = b"\0" if len(body) & 1 else b""
                    writer.write(b"fmt " + struct.pack("<I", len(body)) + body + pad + chunk)
                    continue
                reader.seek(offset - 8)
                _copy(reader, writer, 8 + size + (size & 1))
    except OSError as error:
        raise ExportError(
            f"cannot add the bext chunk to {name}: {error.strerror or error}"
        ) from None


def _copy(reader: BinaryIO, writer: BinaryIO, count: int) -> None:
    while count > 0:
        block = reader.read(min(count, 1 << 22))
        if not block:
            raise ExportError(f"{getattr(reader, 'name', 'the file')} is truncated")
        writer.write(block)
        count -= len(block)


class BextInsertingFile:
    """A writable file that inserts a ``bext`` chunk after ``fmt `` as a WAV is written.

    Hand it to ``soundfile.SoundFile`` as the file to write: soundfile sees an ordinary
    WAV file (its positions and sizes), while the file underneath gets the chunk right
    after ``fmt `` (and the ``cbSize`` a float format's ``fmt `` lacks, see
    :func:`fmt_extension`) and RIFF and ``fmt `` sizes that count them. The WAV header
    must arrive in writes at offset 0 holding at least the ``fmt `` chunk, as libsndfile
    writes it.

    soundfile calls these methods from inside libsndfile, where an exception cannot
    travel: a failure is kept in :attr:`error` (and the write reports 0 bytes) for the
    caller to raise once soundfile returns.
    """

    def __init__(self, raw: BinaryIO, info: BextInfo, *, name: str) -> None:
        self._raw = raw
        self._chunk = bext_chunk(info)
        self._name = name
        self._split: int | None = None
        self._fmt_size_at = 0
        self._extension = b""
        self._position = 0
        self._size = 0
        self._raw_position = -1
        self.error: Exception | None = None

    def tell(self) -> int:
        """The position soundfile believes it is at."""
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Moves the position soundfile sees; returns it."""
        if whence == io.SEEK_SET:
            self._position = offset
        elif whence == io.SEEK_CUR:
            self._position += offset
        else:
            self._position = self._size + offset
        return self._position

    def write(self, data: bytes) -> int:
        """Writes ``data`` at the current position, shifted past the chunk once beyond
        ``fmt ``; returns the bytes taken (0 after a failure, see :attr:`error`)."""
        if self.error is not None:
            return 0
        try:
            self._write(bytes(data))
        except (OSError, ExportError) as error:
            self.error = error
            return 0
        return len(data)

    def check(self) -> None:
        """Raises the failure kept from a write, if any."""
        if self.error is not None:
            raise self.error

    def _write(self, data: bytes) -> None:
        start = self._position
        if start == 0 and len(data) >= 8:
            data = self._header(data)
        split = self._split
        if split is None:
            raise ExportError(f"{self._name}: the WAV header did not come first")
        if start < split < start + len(data):
            cut = split - start
            self._put(start, data[:cut])
            self._put(split, data[cut:])
        else:
            self._put(start, data)
        self._position = start + len(data)
        self._size = max(self._size, self._position)

    @property
    def _inserted(self) -> bytes:
        """The bytes the file underneath has at the split that soundfile does not see."""
        return self._extension + self._chunk

    def _header(self, data: bytes) -> bytes:
        """Notes where ``fmt `` ends, inserts the ``fmt `` extension and the chunk there,
        and adds them to the ``fmt `` and RIFF size fields."""
        if self._split is None:
            offset, size = _fmt_chunk(data, name=self._name)
            self._split = offset + size + (size & 1)
            self._fmt_size_at = offset - 4
            self._extension = fmt_extension(data[offset : offset + size])
            self._raw.seek(self._split)
            self._raw.write(self._inserted)
            self._raw_position = self._split + len(self._inserted)
        (riff_size,) = struct.unpack_from("<I", data, 4)
        riff_size += len(self._inserted)
        check_riff_size(riff_size + 8, what=self._name)
        data = data[:4] + struct.pack("<I", riff_size) + data[8:]
        at = self._fmt_size_at
        if self._extension and len(data) >= at + 4:
            (fmt_size,) = struct.unpack_from("<I", data, at)
            fmt_size += len(self._extension)
            data = data[:at] + struct.pack("<I", fmt_size) + data[at + 4 :]
        return data

    def _put(self, virtual: int, data: bytes) -> None:
        assert self._split is not None
        real = virtual if virtual < self._split else virtual + len(self._inserted)
        if self._raw_position != real:
            self._raw.seek(real)
        self._raw.write(data)
        self._raw_position = real + len(data)


def write_bwf(
    path: str | os.PathLike[str],
    blocks: Iterable[Any],
    *,
    sample_rate: int,
    bit_depth: str,
    total_samples: int,
    info: BextInfo,
) -> None:
    """Writes mono ``blocks`` (NumPy arrays soundfile accepts) as a Broadcast Wave file.

    soundfile writes the audio; the ``bext`` chunk goes in after ``fmt `` as it does. The
    file is written beside ``path`` under a temporary name and moved into place when
    complete, so a failed render leaves no partial file. Raises :class:`ExportError` for
    an unknown ``bit_depth``, a file over the 4 GiB WAV limit or a path that cannot be
    written.
    """
    import soundfile

    if bit_depth not in WAV_SUBTYPES:
        raise ExportError(f"unknown bit depth {bit_depth!r}: use one of {', '.join(WAV_SUBTYPES)}")
    subtype, _, width = WAV_SUBTYPES[bit_depth]
    target = Path(path)
    check_riff_size(total_samples * width + _HEADER_ALLOWANCE, what=os.fspath(path))
    try:
        with atomic_open(target, buffering=_WRITE_BUFFER_BYTES) as raw:
            sink = BextInsertingFile(raw, info, name=os.fspath(path))
            try:
                with soundfile.SoundFile(
                    sink, "w", samplerate=sample_rate, channels=1, subtype=subtype, format="WAV"
                ) as wav:
                    for block in blocks:
                        wav.write(block)
                        sink.check()
            except (RuntimeError, soundfile.SoundFileError) as error:
                sink.check()
                raise ExportError(f"cannot write {target}: {error}") from None
            sink.check()
    except OSError as error:
        raise ExportError(write_problem(target, error)) from None
