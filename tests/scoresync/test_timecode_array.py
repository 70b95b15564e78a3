"""Vectorised timecode: every frame of the day at every rate, and agreement with the scalars."""

from __future__ import annotations

import numpy as np
import pytest

from scoresync.errors import TimecodeError
from scoresync.picture.bulk import frames_to_tc_array, tc_to_frames_array
from scoresync.picture.rates import RATES, FrameRate
from scoresync.picture.timecode import BULK, frames_of, frames_to_tc, labels_of, tc_to_frames

ALL_RATES = list(RATES.values())
CHUNK_FRAMES = 1 << 20


@pytest.mark.parametrize("rate", ALL_RATES, ids=str)
def test_every_frame_of_the_day_round_trips(rate: FrameRate) -> None:
    """frames -> label -> frames for the whole day; labels strictly increase."""
    previous_last = ""
    for start in range(0, rate.frames_per_day, CHUNK_FRAMES):
        frames = np.arange(start, min(start + CHUNK_FRAMES, rate.frames_per_day))
        labels = frames_to_tc_array(frames, rate=rate)
        assert labels.dtype == np.dtype("<U11")
        np.testing.assert_array_equal(tc_to_frames_array(labels, rate=rate), frames)
        assert np.all(labels[1:] > labels[:-1])
        assert labels[0] > previous_last
        previous_last = str(labels[-1])
    separator = ";" if rate.drop else ":"
    assert previous_last == f"23:59:59{separator}{rate.base - 1}"


@pytest.mark.parametrize("rate", ALL_RATES, ids=str)
def test_scalar_and_vectorised_agree(rate: FrameRate) -> None:
    rng = np.random.default_rng(1234)
    day = rate.frames_per_day
    frames = np.concatenate(
        [
            rng.integers(-3 * day, 3 * day, 1500),
            np.arange(-3, 4),
            np.arange(day - 3, day + 4),
            np.arange(0, day, rate.frames_per_minute)[:50],
        ]
    )
    labels = frames_to_tc_array(frames, rate=rate)
    assert labels.tolist() == [frames_to_tc(int(f), rate=rate) for f in frames]
    parsed = tc_to_frames_array(labels, rate=rate)
    assert parsed.tolist() == [tc_to_frames(str(label), rate=rate) for label in labels]


def test_inputs_of_every_kind_give_the_same_frames() -> None:
    rate = RATES["29.97df"]
    labels = ["00:00:59;29", "00:01:00;02", "01:00:00;00"]
    expected = [1799, 1800, 107892]
    assert tc_to_frames_array(labels, rate=rate).tolist() == expected
    assert tc_to_frames_array(tuple(labels), rate=rate).tolist() == expected
    assert tc_to_frames_array(np.array(labels), rate=rate).tolist() == expected
    assert tc_to_frames_array(np.array(labels, dtype=object), rate=rate).tolist() == expected
    assert tc_to_frames_array(np.array(labels, dtype="S"), rate=rate).tolist() == expected
    assert tc_to_frames_array(np.array(labels, dtype="<U20"), rate=rate).tolist() == expected
    assert tc_to_frames_array(labels, rate="29.97 DF").dtype == np.int64


def test_odd_width_labels_take_the_slow_path() -> None:
    rate = RATES["24"]
    labels = ["1:00:00:00", " 01:00:00:01 ", "01:00:00:02", "\t01:00:00:03"]
    assert tc_to_frames_array(labels, rate=rate).tolist() == [86400, 86401, 86402, 86403]
    assert tc_to_frames_array(np.array(labels), rate=rate).tolist() == [
        86400,
        86401,
        86402,
        86403,
    ]


def test_drop_frame_separator_spellings_match_the_scalar_rules() -> None:
    rate = RATES["29.97df"]
    labels = ["01:00:00;00", "01:00:00.00", "01;00;00;00", "01.00.00.00", "01:00:00:00"]
    assert tc_to_frames_array(labels, rate=rate).tolist() == [107892] * 5
    with pytest.raises(TimecodeError, match=r"label 0 \('01;00:00;00'\).*mixes separators"):
        tc_to_frames_array(["01;00:00;00"], rate=rate)


def test_shapes_are_kept() -> None:
    rate = RATES["25"]
    frames = np.arange(12).reshape(3, 4)
    labels = frames_to_tc_array(frames, rate=rate)
    assert labels.shape == (3, 4)
    np.testing.assert_array_equal(tc_to_frames_array(labels, rate=rate), frames)
    assert tc_to_frames_array([], rate=rate).shape == (0,)
    assert frames_to_tc_array(np.array([], dtype=np.int64), rate=rate).shape == (0,)
    assert frames_to_tc_array(np.int64(25), rate=rate) == "00:00:01:00"


def test_frames_to_tc_array_wraps_like_the_scalar() -> None:
    rate = RATES["59.94df"]
    frames = np.array([-1, 0, rate.frames_per_day, 10**15, -(10**15)], dtype=np.int64)
    assert frames_to_tc_array(frames, rate=rate).tolist() == [
        frames_to_tc(int(f), rate=rate) for f in frames
    ]
    unsigned = np.array([2**64 - 1], dtype=np.uint64)
    assert frames_to_tc_array(unsigned, rate=rate)[0] == frames_to_tc(2**64 - 1, rate=rate)
    small = np.array([65535], dtype=np.uint16)
    assert frames_to_tc_array(small, rate=rate)[0] == frames_to_tc(65535, rate=rate)


def test_frames_to_tc_array_does_not_change_its_input() -> None:
    frames = np.arange(0, 100000, 7)
    kept = frames.copy()
    frames_to_tc_array(frames, rate=RATES["29.97df"])
    np.testing.assert_array_equal(frames, kept)


@pytest.mark.parametrize(
    ("labels", "rate", "message"),
    [
        (["01:00:00:00", "01:00:00:24"], "24", r"label 1 \('01:00:00:24'\): .*frame 24 does not"),
        (["00:01:00;00"], "29.97df", r"label 0 .*is skipped in drop-frame timecode"),
        (["00:01:00:03", "00:11:00;00"], "59.94df", r"label 0 .*start at ;04"),
        (["01:00:00:00", None], "24", r"label 1 \(None\): a timecode must be text"),
        (["01:00:00:00", "０1:00:00:00"], "24", r"label 1 .* is not a timecode"),
        (np.array(["01:00:00;00"]), "25", r"label 0 .*25 fps is non-drop"),
        (np.array([b"01:00:00:00", b"24:00:00:00"]), "24", r"label 1 .*hour 24 does not"),
        (np.array([1, 2]), "24", "labels must be text"),
        ("01:00:00:00", "24", "use tc_to_frames for a single label"),
    ],
)
def test_bad_labels_name_the_index(labels: object, rate: str, message: str) -> None:
    with pytest.raises(TimecodeError, match=message):
        tc_to_frames_array(labels, rate=rate)  # type: ignore[arg-type]


def test_first_bad_label_is_reported() -> None:
    labels = ["01:00:00:00"] * 10 + ["01:00:00:99", "x", "01:00:00:30"]
    with pytest.raises(TimecodeError, match=r"^label 10 "):
        tc_to_frames_array(labels, rate=RATES["24"])


def test_frames_must_be_integers() -> None:
    with pytest.raises(TimecodeError, match="whole numbers"):
        frames_to_tc_array(np.array([1.5]), rate=RATES["24"])


@pytest.mark.parametrize("rate", [RATES["29.97df"], RATES["23.976"], RATES["59.94df"]], ids=str)
@pytest.mark.parametrize("count", [BULK - 1, BULK, 3 * BULK])
def test_labels_and_frames_in_one_call_are_the_scalars(rate: FrameRate, count: int) -> None:
    """Below :data:`BULK` one by one, from it on with NumPy: the same labels either way,
    wrapping as the scalar does."""
    frames = list(range(-5, rate.frames_per_day + 5, max(1, rate.frames_per_day // count)))
    frames = frames[:count]
    labels = labels_of(frames, rate=rate)
    assert labels == [frames_to_tc(position, rate=rate) for position in frames]
    assert frames_of(labels, rate=rate) == [tc_to_frames(label, rate=rate) for label in labels]


def test_a_projects_hit_views_are_made_in_one_call_as_one_by_one() -> None:
    from scoresync.picture.timecode import duration_to_tc
    from scoresync.project.cuenumber import CueNumber
    from scoresync.project.model import Cue, Hit, Project, Reel
    from scoresync.project.summary import hit_views

    rate = RATES["29.97df"]
    hour = 3600 * 30 - 108
    cues = tuple(
        Cue(
            CueNumber(1, n + 1),
            f"Cue {n + 1}",
            hour + n * 1000,
            hour + n * 1000 + 900,
            hits=tuple(Hit(hour + n * 1000 + 7 * h + 1, f"h{h}") for h in range(120)),
        )
        for n in range(30)
    )
    project = Project("Hits", rate, hour, (Reel(1, "R1", hour),), cues)
    views = hit_views(project.cues, rate)
    assert sum(map(len, views)) == 3600 > BULK
    for cue, shown in zip(project.cues, views, strict=True):
        for index, (hit, view) in enumerate(zip(cue.hits, shown, strict=True), start=1):
            assert view["index"] == index and view["frames"] == hit.frames
            assert view["tc"] == frames_to_tc(hit.frames, rate=rate)
            assert view["from_start"] == duration_to_tc(hit.frames - cue.start_frames, rate=rate)
