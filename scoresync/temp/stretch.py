"""Time-stretching temp audio to an exact length.

The quality engine is Rubber Band's R3 ("fine") engine, run as the ``rubberband``
program (GPL, so a separate process, never loaded into scoresync); Debian and Ubuntu
package it as ``rubberband-cli``, Homebrew as ``rubberband``. Its output is padded or
trimmed by the last few samples to the exact length asked for. The fast path for
previews (:func:`preview_stretch`) resamples instead, which also shifts the pitch by the
stretch (a few percent at most).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from scoresync.temp.errors import TempAudioError

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "ENGINE",
    "RUBBERBAND",
    "cached_stretch",
    "exact_length",
    "preview_stretch",
    "rubberband_program",
    "stretch",
]

ENGINE = "rubberband-r3"
"""The engine :func:`stretch` uses, as the stretch cache names it."""

RUBBERBAND = "rubberband"
"""The Rubber Band program's name."""

INSTALL_HINT = (
    "install Rubber Band's command-line program: 'apt install rubberband-cli' on Debian or "
    "Ubuntu, 'brew install rubberband' on macOS (or render a preview with --preview)"
)


def rubberband_program() -> str:
    """The path of the ``rubberband`` program; raises :class:`TempAudioError` saying what
    to install when it is missing."""
    found = shutil.which(os.environ.get("SCORESYNC_RUBBERBAND", RUBBERBAND))
    if found is None:
        raise TempAudioError(f"time-stretching needs the 'rubberband' program: {INSTALL_HINT}")
    return found


def exact_length(samples: NDArray[np.float32], length: int) -> NDArray[np.float32]:
    """``samples`` (frames x channels) cut or padded with silence to ``length`` frames."""
    import numpy as np

    if len(samples) >= length:
        return samples[:length]
    pad = np.zeros((length - len(samples), samples.shape[1]), dtype=samples.dtype)
    return np.concatenate([samples, pad])


def stretch(
    samples: NDArray[np.float32], sample_rate: int, length: int, *, fine: bool = True
) -> NDArray[np.float32]:
    """``samples`` (frames x channels) time-stretched by Rubber Band to exactly ``length``
    frames, pitch unchanged."""
    import soundfile

    if length == len(samples):
        return samples
    program = rubberband_program()
    ratio = length / len(samples)
    with tempfile.TemporaryDirectory(prefix="scoresync-stretch-") as folder:
        source, target = Path(folder) / "in.wav", Path(folder) / "out.wav"
        soundfile.write(source, samples, sample_rate, subtype="FLOAT")
        command = [
            program,
            "-3" if fine else "-2",
            "-q",
            "-t",
            f"{ratio:.12f}",
            str(source),
            str(target),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=3600)
        except subprocess.CalledProcessError as error:
            said = error.stderr.decode("utf-8", "replace").strip().splitlines()
            raise TempAudioError(
                f"rubberband failed ({said[-1] if said else f'exit code {error.returncode}'}); "
                "check that it runs ('rubberband --version')"
            ) from None
        except OSError as error:
            raise TempAudioError(
                f"cannot run rubberband ({error.strerror}): {INSTALL_HINT}"
            ) from None
        stretched, _ = soundfile.read(target, dtype="float32", always_2d=True)
    return exact_length(stretched, length)


def cached_stretch(
    samples: NDArray[np.float32], sample_rate: int, length: int, *, key: str
) -> NDArray[np.float32]:
    """:func:`stretch`, kept in the cache folder (``stretched/``, beside the analysis
    cache) under ``key``, which must name the samples exactly (the source's content hash
    and the edit); a cached result is read back instead of stretching again. A cache
    that cannot be read or written is passed by."""
    import hashlib

    import soundfile

    from scoresync.temp.cache import cache_dir
    from tempo.common.atomic import atomic_path

    name = hashlib.blake2b(key.encode("utf-8"), digest_size=20).hexdigest()
    path = cache_dir() / "stretched" / f"{name}.wav"
    try:
        found, _ = soundfile.read(path, dtype="float32", always_2d=True)
        if found.shape == (length, samples.shape[1]):
            return found
    except (OSError, RuntimeError, soundfile.LibsndfileError):
        pass  # not cached yet, or unreadable: stretch it
    stretched = stretch(samples, sample_rate, length)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as temporary:
            soundfile.write(temporary, stretched, sample_rate, subtype="FLOAT", format="WAV")
    except (OSError, RuntimeError, soundfile.LibsndfileError):
        pass  # the render goes on without caching
    return stretched


def preview_stretch(samples: NDArray[np.float32], length: int) -> NDArray[np.float32]:
    """``samples`` resampled to ``length`` frames by linear interpolation: fast, pitch
    moves with the stretch. For previews only."""
    import numpy as np

    if length == len(samples):
        return samples
    positions = np.linspace(0.0, len(samples) - 1, length)
    columns = [
        np.interp(positions, np.arange(len(samples)), samples[:, channel])
        for channel in range(samples.shape[1])
    ]
    return np.stack(columns, axis=1).astype(np.float32)
