"""A composer's MIDI tempo map brought back into a cue, placed on picture.

The map comes from :func:`tempo.midi.importer.import_midi_tempo_map`, with the downbeat at
the marker named after the cue (``1M1 ...``, as scoresync writes it) or else tick 0. Its
place on picture:

* by default, from the file's SMPTE offset (read as :func:`seconds_for_smpte` explains)
  plus the file time from tick 0 to the downbeat, rounded to the nearest frame;
* with ``keep_downbeat``, or when the file has no SMPTE offset, the cue keeps its present
  downbeat (the cue start when it has none).

Markers are matched to the cue's hits by time: a marker within a frame of a hit (or the
hit's own tolerance) is that hit's marker.
"""

from __future__ import annotations

import dataclasses
import math
import os
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from scoresync.deliver.midi import seconds_for_smpte
from scoresync.errors import MidiError
from scoresync.picture.rates import FrameRate
from scoresync.picture.timecode import (
    duration_to_tc,
    frames_to_seconds,
    frames_to_tc,
    seconds_to_frames,
)
from scoresync.project.model import Cue, CueTempo, Project
from tempo.common.exact import signed_text
from tempo.midi.importer import import_midi_tempo_map

if TYPE_CHECKING:
    from tempo.midi.importer import ImportedTempoMap

__all__ = ["MidiImportReport", "import_cue_midi"]


@dataclass(frozen=True)
class MidiImportReport:
    """How a MIDI tempo map was read and placed."""

    cue: str
    file: str
    downbeat_frames: int
    downbeat_tc: str
    downbeat_how: str
    imported: ImportedTempoMap
    smpte_interpretation: str
    marker_rows: tuple[dict[str, object], ...]
    notes: tuple[str, ...]

    @property
    def max_drift_ms(self) -> float:
        return self.imported.max_drift_seconds * 1000

    def to_json(self) -> dict[str, object]:
        imported = self.imported
        smpte = imported.smpte
        return {
            "cue": self.cue,
            "file": self.file,
            "ticks_per_quarter": imported.ticks_per_quarter,
            "smpte_offset": None
            if smpte is None
            else {
                "fields": list(smpte.as_tuple()),
                "label": smpte.label,
                "rate": smpte.rate_name,
                "interpretation": self.smpte_interpretation,
            },
            "downbeat": {
                "tc": self.downbeat_tc,
                "frames": self.downbeat_frames,
                "ticks": imported.downbeat_ticks,
                "found_at": imported.downbeat_source,
                "placed": self.downbeat_how,
            },
            "pickup_beats": str(imported.tempo_map.pickup_beats),
            "segments": [segment.describe() for segment in imported.tempo_map.segments],
            "ramps": [
                {
                    "shape": fit.shape.json_name,
                    "from_bpm": float(fit.start_bpm),
                    "to_bpm": float(fit.end_bpm),
                    "beats": float(fit.beats),
                    "max_error_ms": round(fit.max_error_seconds * 1000, 4),
                }
                for fit in imported.ramps
            ],
            "meters": [
                {
                    "ticks": m.ticks,
                    "meter": str(m.meter),
                    "beat_unit": m.beat_unit.json_name,
                    "clocks_per_click": m.clocks_per_click,
                    "note": m.note,
                }
                for m in imported.meters
            ],
            "tempo_events": [
                {
                    "ticks": r.ticks,
                    "us_per_qn": r.us_per_qn,
                    "qn_bpm": round(r.qn_bpm, 4),
                    "file_ms": round(float(r.file_seconds) * 1000, 4),
                    "map_ms": round(float(r.map_seconds) * 1000, 4),
                    "drift_ms": round(r.drift_seconds * 1000, 4),
                    "in_map": r.in_map,
                }
                for r in imported.tempos
            ],
            "max_drift_ms": round(self.max_drift_ms, 4),
            "markers": list(self.marker_rows),
            "notes": list(self.notes),
        }


def import_cue_midi(
    project: Project, number: str, path: os.PathLike[str] | str, *, keep_downbeat: bool = False
) -> tuple[Project, MidiImportReport]:
    """Reads the MIDI tempo map at ``path`` into cue ``number``; returns the changed
    project and the report. Raises :class:`MidiError` naming the file when it cannot be
    read as a tempo map."""

    cue = project.cue(number)
    rate = project.rate
    name = os.fspath(path)
    imported = import_midi_tempo_map(path, downbeat_marker=str(cue.number))
    notes = list(imported.notes)
    if imported.max_drift_seconds > 0.001:
        worst = max((r for r in imported.tempos if r.in_map), key=lambda r: abs(r.drift_seconds))
        notes.append(
            f"the map strays {signed_text(worst.drift_seconds * 1000, places=3)} ms from the "
            f"file at tick {worst.ticks}: a tempo change inside the pickup cannot be kept (the "
            "pickup plays at the first bar's tempo)"
        )
    downbeat, how, interpretation = _place(cue, rate, imported, keep_downbeat, notes, name)
    far = _far_from_cue(cue, rate, imported, downbeat)
    if far is not None:
        notes.append(far)
    tempo = CueTempo(downbeat, imported.tempo_map)
    changed = project.replace_cue(cue.number, dataclasses.replace(cue, tempo=tempo))
    report = MidiImportReport(
        cue=str(cue.number),
        file=name,
        downbeat_frames=downbeat,
        downbeat_tc=frames_to_tc(downbeat, rate=rate),
        downbeat_how=how,
        imported=imported,
        smpte_interpretation=interpretation,
        marker_rows=_markers(cue, rate, imported, downbeat),
        notes=tuple(notes),
    )
    return changed, report


def _place(
    cue: Cue,
    rate: FrameRate,
    imported: ImportedTempoMap,
    keep_downbeat: bool,
    notes: list[str],
    name: str,
) -> tuple[int, str, str]:
    """``(downbeat frames, how it was placed, SMPTE interpretation)``."""
    present = cue.tempo.downbeat_frames if cue.tempo is not None else cue.start_frames
    kept = "the cue's present downbeat" if cue.tempo is not None else "the cue start"
    interpretation = "the file has no SMPTE offset"
    from_file: int | None = None
    if imported.smpte is not None:
        reading = seconds_for_smpte(imported.smpte, rate, name=name)
        interpretation = reading.interpretation
        if not reading.matches_project:
            notes.append(interpretation)
        seconds = reading.seconds + imported.downbeat_file_seconds
        from_file = seconds_to_frames(seconds, rate=rate)
        off_ms = float(seconds - Fraction(from_file) / rate.fps) * 1000
        if abs(off_ms) > 0.001:
            notes.append(
                f"the file's downbeat falls {signed_text(off_ms, places=3)} ms from a frame start; "
                f"placed on frame {frames_to_tc(from_file, rate=rate)}"
            )
    if keep_downbeat or from_file is None:
        if from_file is not None and from_file != present:
            notes.append(
                f"the file puts the downbeat at {frames_to_tc(from_file, rate=rate)}; kept "
                f"{frames_to_tc(present, rate=rate)}"
            )
        return present, f"kept at {kept}", interpretation
    if from_file < 0:
        raise MidiError(f"{name}: its downbeat would fall before 00:00:00:00")
    return from_file, "from the file's SMPTE offset", interpretation


def _far_from_cue(
    cue: Cue, rate: FrameRate, imported: ImportedTempoMap, downbeat: int
) -> str | None:
    """A warning when the file puts bar 1 more than a bar before the cue's start or after
    its end: a map for the whole reel, or another cue's file."""
    tempo_map = imported.tempo_map
    bar_seconds = tempo_map.seconds_at_quarters(
        tempo_map.downbeat_quarters(2)
    ) - tempo_map.seconds_at_quarters(tempo_map.downbeat_quarters(1))
    bar_frames = math.ceil(Fraction(bar_seconds) * rate.fps)
    if cue.start_frames - bar_frames <= downbeat <= cue.end_frames + bar_frames:
        return None
    where = "before" if downbeat < cue.start_frames else "after"
    edge = cue.start_frames if where == "before" else cue.end_frames
    return (
        f"the file puts bar 1 at {frames_to_tc(downbeat, rate=rate)}, "
        f"{duration_to_tc(abs(downbeat - edge), rate=rate)} {where} {cue.number}'s "
        f"{'start' if where == 'before' else 'end'}: check it is {cue.number}'s file "
        "(--keep-downbeat keeps the cue's own downbeat)"
    )


def _markers(
    cue: Cue, rate: FrameRate, imported: ImportedTempoMap, downbeat: int
) -> tuple[dict[str, object], ...]:
    rows = []
    origin = frames_to_seconds(downbeat, rate=rate)
    for marker in imported.markers:
        seconds = origin + marker.seconds
        frames = seconds_to_frames(seconds, rate=rate) if seconds >= 0 else 0
        match, offset_ms = _nearest_hit(cue, rate, seconds)
        rows.append(
            {
                "kind": marker.kind,
                "text": marker.text,
                "ticks": marker.ticks,
                "tc": frames_to_tc(frames, rate=rate),
                "hit": match,
                "hit_offset_ms": offset_ms,
            }
        )
    return tuple(rows)


def _nearest_hit(cue: Cue, rate: FrameRate, seconds: Fraction) -> tuple[int | None, float | None]:
    """1-based number of the hit within tolerance of ``seconds`` and the offset (ms)."""
    best: tuple[int | None, float | None] = (None, None)
    for index, hit in enumerate(cue.hits, start=1):
        tolerance = max(Fraction(1), hit.tolerance_frames or Fraction(1)) / rate.fps
        offset = seconds - Fraction(hit.frames) / rate.fps
        if abs(offset) <= tolerance and (best[1] is None or abs(offset) * 1000 < abs(best[1])):
            best = (index, round(float(offset) * 1000, 3))
    return best
