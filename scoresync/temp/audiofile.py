"""Reading temp audio with soundfile (libsndfile): WAV, AIFF, FLAC, OGG, and MP3 where
the installed libsndfile has it; every failure a :class:`TempAudioError` that names the
file and says what to do."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scoresync.temp.errors import TempAudioError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["AUDIO_SUFFIXES", "AudioInfo", "audio_info", "check_audio_path", "read_audio"]

AUDIO_SUFFIXES = frozenset(
    (".wav", ".wave", ".bwf", ".rf64", ".w64", ".aif", ".aiff", ".aifc")
    + (".flac", ".ogg", ".oga", ".opus", ".mp3", ".caf")
)
"""File name endings of the formats libsndfile reads (MP3 from libsndfile 1.1)."""

_CONVERT = "convert it to WAV, AIFF or FLAC"


@dataclass(frozen=True)
class AudioInfo:
    """What a file holds: sample rate (Hz), length in samples per channel, channels and
    the container and sample format as libsndfile names them."""

    path: Path
    sample_rate: int
    frames: int
    channels: int
    format: str
    subtype: str

    @property
    def seconds(self) -> float:
        """Length in seconds, for display."""
        return self.frames / self.sample_rate if self.sample_rate else 0.0


def check_audio_path(path: Path) -> None:
    """Raise :class:`TempAudioError` unless ``path`` is a non-empty file."""
    shown = str(path)
    if not path.exists():
        raise TempAudioError("no such audio file; check the name and folder", path=shown)
    if path.is_dir():
        raise TempAudioError("is a folder, not an audio file; give the file", path=shown)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise TempAudioError(f"cannot be read ({error.strerror}); check it", path=shown) from None
    if size == 0:
        raise TempAudioError(
            "the file is empty (0 bytes): export the audio again or choose another file",
            path=shown,
        )
    if not os.access(path, os.R_OK):
        raise TempAudioError("no permission to read it; change its permissions", path=shown)


def _open_problem(path: Path, error: Exception) -> TempAudioError:
    suffix = path.suffix.lower()
    detail = str(error).split("\n")[-1].strip().rstrip(".")
    if suffix not in AUDIO_SUFFIXES:
        what = f"'{suffix}' files" if suffix else "files without a known ending"
        return TempAudioError(
            f"is not audio scoresync reads ({what} are not WAV, AIFF, FLAC, OGG or MP3): "
            f"{_CONVERT}",
            path=str(path),
        )
    return TempAudioError(
        f"cannot be read as {suffix[1:].upper()} audio ({detail}); the file may be damaged "
        f"or cut short: export it again, or {_CONVERT}",
        path=str(path),
    )


def audio_info(path: Path) -> AudioInfo:
    """The header of the audio file at ``path``."""
    import soundfile

    check_audio_path(path)
    try:
        info = soundfile.info(str(path))
    except (RuntimeError, soundfile.LibsndfileError, TypeError) as error:
        raise _open_problem(path, error) from None
    return AudioInfo(
        path=path,
        sample_rate=int(info.samplerate),
        frames=int(info.frames),
        channels=int(info.channels),
        format=str(info.format),
        subtype=str(info.subtype),
    )


def read_audio(path: Path) -> tuple[NDArray[np.float32], int]:
    """The samples of ``path`` as float32 (frames x channels, full scale 1.0) and the
    sample rate."""
    import soundfile

    info = audio_info(path)
    if info.frames <= 0:
        raise TempAudioError(
            "holds no samples (the header is there, the audio is not): export it again",
            path=str(path),
        )
    try:
        data, rate = soundfile.read(str(path), dtype="float32", always_2d=True)
    except (RuntimeError, soundfile.LibsndfileError, TypeError) as error:
        raise _open_problem(path, error) from None
    if len(data) == 0:
        raise TempAudioError("holds no samples: export it again", path=str(path))
    return data, int(rate)
