"""Bar lines: which beats start a bar, given the beats per bar (or choosing 3 or 4).

Each beat gets a score for starting a bar (:func:`~tempo.audio.analysis.features.beat_features`:
low-band onset, harmonic change, accent). A Viterbi pass over the bar position of each
beat (position p moves on to p + 1 modulo the beats per bar; any other move costs
:data:`JUMP_COST`) picks the bar lines that collect the most score, so one beat too many
or too few from the beat tracker costs a bar phase for a moment, not for the rest of the
piece.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["WEIGHTS", "bar_positions", "choose_beats_per_bar"]

WEIGHTS = (1.0, 1.2, 0.6)
"""Weight of the low-band onset, the harmonic change and the accent in a beat's score."""

JUMP_COST = 6.0
"""Score given up to move the bar phase (in units of one beat's score spread)."""


def downbeat_scores(features: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each beat's score for starting a bar."""
    import numpy as np

    return features @ np.asarray(WEIGHTS)


def bar_positions(scores: NDArray[np.float64], per_bar: int) -> NDArray[np.int64]:
    """The position in its bar (0 starts a bar) of each beat, by Viterbi."""
    import numpy as np

    count = len(scores)
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    if per_bar <= 1:
        return np.zeros(count, dtype=np.int64)
    gain = np.zeros((count, per_bar))
    gain[:, 0] = scores
    best = gain[0].copy()
    back = np.zeros((count, per_bar), dtype=np.int64)
    states = np.arange(per_bar)
    for index in range(1, count):
        follow = np.roll(best, 1)  # best[p - 1] arrives at p
        jump_from = int(np.argmax(best))
        jump = best[jump_from] - JUMP_COST
        take_jump = jump > follow
        back[index] = np.where(take_jump, jump_from, (states - 1) % per_bar)
        best = np.where(take_jump, jump, follow) + gain[index]
    path = np.zeros(count, dtype=np.int64)
    path[-1] = int(np.argmax(best))
    for index in range(count - 1, 0, -1):
        path[index - 1] = back[index, path[index]]
    return path


def contrast(scores: NDArray[np.float64], per_bar: int) -> float:
    """How much more the best bar phase at ``per_bar`` beats a bar scores than the rest."""
    import numpy as np

    if len(scores) < 2 * per_bar:
        return 0.0
    means = [float(np.mean(scores[phase::per_bar])) for phase in range(per_bar)]
    return max(means) - float(np.mean(scores))


def choose_beats_per_bar(scores: NDArray[np.float64]) -> int:
    """3 or 4 beats a bar, whichever shows its bar lines more clearly (4 on a tie)."""
    return 3 if contrast(scores, 3) > 1.1 * contrast(scores, 4) else 4
