"""Labels agree with OpenTimelineIO's opentime, and where they differ, why.

OpenTimelineIO (0.17, 0.18) computes the 24-hour wrap of ``to_timecode`` from the real
rate: ``round(fps * 3600) * 24`` frames. For drop frame and for 23.976 (which it snaps to
24) that is right. For non-drop 29.97, 47.952 and 59.94 it is not: those count ``base``
labels per timecode second, so 24 hours of labels are ``base * 86400`` frames, and
OpenTimelineIO wraps to ``00:00:00:00`` about 1 min 27 s early (at 23:58:33:xx). Its own
``from_timecode`` reads the late labels as we do, so only its ``to_timecode`` is off.
The test asserts agreement everywhere else and pins that difference exactly.
"""

from __future__ import annotations

import numpy as np
import pytest

from scoresync.picture.bulk import frames_to_tc_array
from scoresync.picture.rates import RATES, FrameRate

otio = pytest.importorskip("opentimelineio")
opentime = otio.opentime

STRIDE_FRAMES = 89  # a prime, so the sample walks through every frame label position


def otio_wrap_frames(rate: FrameRate) -> int:
    """Where OpenTimelineIO's ``to_timecode`` wraps a day (see the module docstring)."""
    if rate.drop or rate.fps == rate.base or rate.base == 24:
        return rate.frames_per_day
    return round(float(rate.fps) * 3600) * 24


def sample_frames(rate: FrameRate) -> np.ndarray:
    """A strided sample of the day plus every minute boundary and its neighbours."""
    minute_starts = np.array(
        [
            (60 * minutes) * rate.base - rate.dropped_per_minute * (minutes - minutes // 10)
            for minutes in range(24 * 60)
        ]
    )
    around = (minute_starts[:, None] + np.arange(-2, 3)[None, :]).ravel()
    frames = np.concatenate([np.arange(0, rate.frames_per_day, STRIDE_FRAMES), around])
    return np.unique(frames[(frames >= 0) & (frames < rate.frames_per_day)])


def otio_labels(frames: np.ndarray, rate: FrameRate) -> list[str]:
    fps = float(rate.fps)
    return [
        opentime.to_timecode(opentime.RationalTime(frame, fps), fps, rate.drop)
        for frame in frames.tolist()
    ]


@pytest.mark.parametrize("rate", list(RATES.values()), ids=str)
def test_labels_agree_with_opentimelineio(rate: FrameRate) -> None:
    frames = sample_frames(rate)
    ours = frames_to_tc_array(frames, rate=rate).tolist()
    wrap = otio_wrap_frames(rate)
    theirs = otio_labels(frames, rate)
    expected = frames_to_tc_array(frames % wrap, rate=rate).tolist()
    assert theirs == expected
    agree = frames < wrap
    assert np.array(ours)[agree].tolist() == np.array(theirs)[agree].tolist()


@pytest.mark.parametrize("rate", list(RATES.values()), ids=str)
def test_opentimelineio_reads_our_labels_back(rate: FrameRate) -> None:
    frames = sample_frames(rate)[::3]
    fps = float(rate.fps)
    labels = frames_to_tc_array(frames, rate=rate).tolist()
    theirs = [round(opentime.from_timecode(label, fps).value) for label in labels]
    assert theirs == frames.tolist()


@pytest.mark.parametrize("name", ["29.97", "47.952", "59.94"])
def test_opentimelineio_wraps_non_drop_video_rates_early(name: str) -> None:
    rate = RATES[name]
    fps = float(rate.fps)
    last_frame = rate.frames_per_day - 1
    ours = frames_to_tc_array(np.array([last_frame]), rate=rate)[0]
    assert ours == f"23:59:59:{rate.base - 1}"
    assert round(opentime.from_timecode(str(ours), fps).value) == last_frame
    theirs = opentime.to_timecode(opentime.RationalTime(last_frame, fps), fps, False)
    early = last_frame - otio_wrap_frames(rate)
    assert theirs == frames_to_tc_array(np.array([early]), rate=rate)[0]
    assert theirs.startswith("00:01:26:")
