"""Benchmark: reading the picture editor's cuts, scoresync against OpenTimelineIO.

Run with ``python tests/bench/bench_editorial.py [--events N] [--repeat N]``.

* EDL: a generated list of ``--events`` events (cuts, two-line dissolves, M2 retimes,
  comments and locators, as Avid writes them) is written to a temporary folder and read
  from the file by scoresync's reader (``scoresync.editorial.edl.parse_edl_file``) and by
  OpenTimelineIO's ``cmx_3600`` adapter (package ``otio-cmx3600-adapter``) in the same
  run. Both must find every clip before any figure is printed.
* FCPXML: a generated project of ``--events`` clips (dissolves, retimes, markers,
  connected titles) read by scoresync's own reader through ``read_cut``.
* Other formats: :data:`CUT_BENCHES` lists one function per format; each writes its own
  file of the same size and returns the times to print.

Each time is the best of ``--repeat`` runs. The aim: scoresync at least 3x faster than
OpenTimelineIO, and under 100 ms a file.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from scoresync.editorial.edl import parse_edl_file
from scoresync.picture.rates import parse_rate
from scoresync.picture.timecode import frames_to_tc

T = TypeVar("T")
RATE = parse_rate("24")


def best_seconds(run: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Returns the shortest wall time of ``repeat`` runs, in seconds, and the last result."""
    best = float("inf")
    result: T
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def generate_edl(events: int, *, seed: int = 3600) -> tuple[str, int]:
    """A CMX 3600 list of ``events`` events at 24 fps, and the number of clips in it.

    Every tenth event is a dissolve (a zero-length from-line and a to-line), every
    fifteenth carries an M2 retime; every event has a clip name and a source file, every
    fifth a locator.
    """
    rng = random.Random(seed)
    lines = ["TITLE: BENCH REEL 1", "FCM: NON-DROP FRAME", ""]
    record = 86400
    source_hours = [rng.randrange(1, 23) for _ in range(40)]
    for number in range(1, events + 1):
        reel = f"A{rng.randrange(1, 400):03d}C{rng.randrange(1, 40):03d}"
        length = rng.randrange(12, 200)
        source_in = source_hours[number % 40] * 86400 + rng.randrange(0, 80000)

        def tc(frames: int) -> str:
            return frames_to_tc(frames, rate=RATE)

        if number % 10 == 0:
            lines.append(
                f"{number:06d}  {reel:32} V     C        "
                f"{tc(source_in)} {tc(source_in)} {tc(record)} {tc(record)}"
            )
            lines.append(
                f"{number:06d}  {reel:32} V     D    012 "
                f"{tc(source_in)} {tc(source_in + length)} {tc(record)} {tc(record + length)}"
            )
        else:
            lines.append(
                f"{number:06d}  {reel:32} V     C        "
                f"{tc(source_in)} {tc(source_in + length)} {tc(record)} {tc(record + length)}"
            )
        if number % 15 == 0:
            lines.append(f"M2      {reel:32}          048.0 {tc(source_in)}")
        lines.append(f"*FROM CLIP NAME:  {number:03d}_AB_{number * 10:04d}_v{number % 7 + 1:03d}")
        if number % 5 == 0:
            lines.append(f"*LOC: {tc(record + 3)} YELLOW  SHOT {number}")
        lines.append(f"*SOURCE FILE: {reel}_{number:05d}.MOV")
        lines.append("")
        record += length
    return "\r\n".join(lines) + "\r\n", events


def bench_edl(folder: Path, events: int, repeat: int) -> list[tuple[str, float | None, str]]:
    """Times both EDL readers on one generated file; returns rows for the report."""
    text, clips = generate_edl(events)
    path = folder / "bench.edl"
    path.write_bytes(text.encode("utf-8"))
    ours, reading = best_seconds(lambda: parse_edl_file(path, rate=RATE), repeat)
    found = len(reading.cut.events)
    if found != clips or not reading.complete or reading.notes:
        raise SystemExit(f"scoresync read {found} of {clips} clips: {reading.notes[:3]}")
    rows: list[tuple[str, float | None, str]] = [
        (f"EDL, {events} events: scoresync", ours, f"{found} clips")
    ]
    try:
        import opentimelineio as otio

        otio.adapters.from_filepath  # noqa: B018 - fails early when the library is broken
        otio.adapters.from_name("cmx_3600")
    except Exception as error:  # the adapter is optional: the bench says why it is absent
        rows.append(
            (
                "EDL: OpenTimelineIO cmx_3600",
                None,
                f"not run ({type(error).__name__}: {error}); "
                "pip install opentimelineio otio-cmx3600-adapter",
            )
        )
        return rows

    def otio_read() -> Any:
        return otio.adapters.read_from_file(str(path), adapter_name="cmx_3600", rate=24)

    theirs, timeline = best_seconds(otio_read, repeat)
    otio_clips = sum(1 for _ in timeline.find_clips())
    if otio_clips != clips:
        raise SystemExit(f"OpenTimelineIO read {otio_clips} of {clips} clips")
    rows.append((f"EDL, {events} events: OpenTimelineIO cmx_3600", theirs, f"{otio_clips} clips"))
    rows.append(("EDL: OpenTimelineIO / scoresync", None, f"{theirs / ours:.1f}x"))
    return rows


def generate_fcpxml(clips: int, *, seed: int = 2398) -> str:
    """An FCPXML project of ``clips`` clips at 23.976 in one spine, as Final Cut Pro
    writes it: rational times, 40 assets with media files, a cross dissolve every tenth
    edit, a 2x retime every fifteenth clip, a marker every fifth and a connected title
    every twentieth."""
    rng = random.Random(seed)
    frame = 1001

    def time(frames: int) -> str:
        return f"{frames * frame}/24000s" if frames else "0s"

    resources = [
        '<format id="r1" name="FFVideoFormat1080p2398" frameDuration="1001/24000s"/>',
        '<effect id="r2" name="Basic Title" uid=".../Basic Title.moti"/>',
    ]
    for asset in range(40):
        resources.append(
            f'<asset id="a{asset}" name="A{asset:03d}C001" start="0s" duration="{time(90000)}" '
            f'hasVideo="1" format="r1"><media-rep kind="original-media" '
            f'src="file:///Volumes/Media/A{asset:03d}C001.mov"/></asset>'
        )
    spine = []
    record = 0
    for number in range(1, clips + 1):
        length = rng.randrange(24, 200)
        start = rng.randrange(0, 80000)
        if number % 10 == 0:
            spine.append(
                f'<transition name="Cross Dissolve" offset="{time(record - 6)}" '
                f'duration="{time(12)}"/>'
            )
        body = []
        if number % 15 == 0:
            body.append(
                f'<timeMap><timept time="0s" value="0s" interp="smooth2"/>'
                f'<timept time="{time(90000)}" value="{time(180000)}" interp="smooth2"/></timeMap>'
            )
        if number % 5 == 0:
            body.append(
                f'<marker start="{time(start + 3)}" duration="{time(1)}" value="M{number}"/>'
            )
        if number % 20 == 0:
            body.append(
                f'<title ref="r2" lane="1" offset="{time(start)}" name="Title {number}" '
                f'start="3600s" duration="{time(24)}"/>'
            )
        spine.append(
            f'<asset-clip ref="a{number % 40}" offset="{time(record)}" name="{number:04d}_AB" '
            f'start="{time(start)}" duration="{time(length)}" tcFormat="NDF">'
            + "".join(body)
            + "</asset-clip>"
        )
        record += length
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE fcpxml>\n<fcpxml version="1.11">'
        f'<resources>{"".join(resources)}</resources><library><event name="Bench">'
        '<project name="Reel 1"><sequence format="r1" tcStart="0s" tcFormat="NDF"><spine>'
        + "\n".join(spine)
        + "</spine></sequence></project></event></library></fcpxml>\n"
    )


def bench_fcpxml(folder: Path, clips: int, repeat: int) -> list[tuple[str, float | None, str]]:
    """Times scoresync's FCPXML reader (through ``read_cut``) on one generated project.
    OpenTimelineIO's FCPXML adapter is not compared: it truncates rates and drops
    transitions, so scoresync does not use it."""
    from scoresync.editorial.read import read_cut

    path = folder / "bench.fcpxml"
    path.write_text(generate_fcpxml(clips), encoding="utf-8")
    seconds, cut = best_seconds(lambda: read_cut(path, rate=None), repeat)
    found = len(cut.clips)
    transitions = sum(1 for event in cut.events if event.transition is not None)
    if found != clips or transitions != clips // 10 or cut.notes:
        raise SystemExit(
            f"scoresync read {found} of {clips} clips, {transitions} transitions: {cut.notes[:3]}"
        )
    size = path.stat().st_size / 1e6
    return [
        (
            f"FCPXML, {clips} clips ({size:.1f} MB): scoresync",
            seconds,
            f"{found} clips, {transitions} transitions",
        )
    ]


CutBench = Callable[[Path, int, int], list[tuple[str, float | None, str]]]
CUT_BENCHES: dict[str, CutBench] = {"edl": bench_edl, "fcpxml": bench_fcpxml}
"""One function per cut format: ``(folder, events, repeat) -> rows`` of (label, seconds
or ``None``, remark). A new format's reader adds its own, e.g. ``"fcpxml"`` writing a
3,000-clip FCPXML into ``folder`` and timing ``read_cut`` on it."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=sorted(CUT_BENCHES), help="run one format only")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for name, bench in CUT_BENCHES.items():
            if arguments.only and name != arguments.only:
                continue
            for label, seconds, remark in bench(Path(folder), arguments.events, arguments.repeat):
                shown = f"{seconds * 1000:8.1f} ms" if seconds is not None else " " * 11
                print(f"{label:48} {shown}  {remark}")


if __name__ == "__main__":
    main()
