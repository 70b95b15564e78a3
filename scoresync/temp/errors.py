"""The error of temp tracks: audio that cannot be read or analysed, hints that make no
sense, a fit or render that cannot be done as asked."""

from __future__ import annotations

from scoresync.errors import ScoreSyncError

__all__ = ["TempAudioError"]


class TempAudioError(ScoreSyncError, ValueError):
    """Temp audio is missing, empty, corrupt, unsupported, silent or too short, or the
    hints, corrections or edits given for it make no sense. ``path`` is the audio file
    when one is at fault; the message names it and says what to do."""

    def __init__(self, message: str, *, path: str | None = None):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path
