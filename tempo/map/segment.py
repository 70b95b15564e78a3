"""A tempo-map segment: a stretch of constant or ramped tempo in one meter and beat unit.

>>> seg = Segment(beats=Fraction(8), bpm=Fraction(60), meter=Meter.parse("6/8"))
>>> seg.beat_unit.label, seg.qn_bpm, seg.duration_seconds, seg.beats_per_bar
('q.', Fraction(90, 1), Fraction(8, 1), Fraction(2, 1))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from tempo.common.errors import TempoError
from tempo.common.exact import BEATS, BPM, Number, format_fraction, to_fraction
from tempo.map import ramps
from tempo.map.beatunit import BeatUnit
from tempo.map.meter import Meter
from tempo.map.ramps import MAX_BPM, RampShape

__all__ = ["MAX_BPM", "RampShape", "Segment", "check_bpm"]


def check_bpm(value: object, *, what: str = "bpm") -> Fraction:
    """Returns ``value`` as an exact tempo, or raises :class:`TempoError` unless it is a
    number in the range of :data:`tempo.common.exact.BPM` (1 to 1000)."""
    try:
        bpm = to_fraction(value, what=what)
    except TempoError:
        raise TempoError(f"{what} must be a number {BPM.text}, got {value!r}") from None
    problem = BPM.problem(bpm, what=what)
    if problem is not None:
        raise TempoError(problem)
    return bpm


@dataclass(frozen=True)
class Segment:
    """One stretch of a tempo map.

    ``beats`` is the length in beats of ``beat_unit`` (``None`` only for the open-ended
    last segment of a map, which must be constant). ``bpm`` is the tempo at the start in
    beats of ``beat_unit`` per minute and ``end_bpm`` the tempo a ramp reaches at its end
    (see :mod:`tempo.map.ramps` for each shape). ``beat_unit=None`` means the meter's usual
    beat; after construction ``beat_unit`` is always set.

    Numbers are stored as exact ``Fraction``; ``int``, decimal text and ``"n/d"`` text are
    accepted, and a float is taken as the decimal it prints as. A constant segment's
    ``end_bpm`` is normalised to ``None``.
    """

    beats: Fraction | None
    bpm: Fraction
    end_bpm: Fraction | None = None
    ramp: RampShape = RampShape.CONSTANT
    meter: Meter = Meter((4,), 4)
    beat_unit: BeatUnit | None = None

    def __post_init__(self) -> None:
        set_field = object.__setattr__
        set_field(self, "bpm", check_bpm(self.bpm))
        set_field(self, "ramp", RampShape.parse(self.ramp))
        set_field(self, "meter", Meter.parse(self.meter))
        unit = self.meter.default_beat_unit() if self.beat_unit is None else self.beat_unit
        set_field(self, "beat_unit", BeatUnit.parse(unit))
        if self.beats is not None:
            set_field(self, "beats", BEATS.read(self.beats, what="beats"))
        end = None if self.end_bpm is None else check_bpm(self.end_bpm, what="end_bpm")
        if self.ramp is RampShape.CONSTANT:
            if end is not None and end != self.bpm:
                raise TempoError(
                    f"a constant segment cannot end at a different tempo "
                    f"({format_fraction(self.bpm)} to {format_fraction(end)}): "
                    "choose a ramp shape or drop end_bpm"
                )
            end = None
        else:
            if end is None:
                raise TempoError(f"a {self.ramp.text} ramp needs an end_bpm")
            if self.beats is None:
                raise TempoError(
                    f"a {self.ramp.text} ramp needs a length in beats; only a constant "
                    "segment can be open-ended"
                )
        set_field(self, "end_bpm", end)

    @property
    def unit(self) -> BeatUnit:
        """The beat unit (``beat_unit``, typed as never ``None``)."""
        assert self.beat_unit is not None
        return self.beat_unit

    @property
    def is_open(self) -> bool:
        """Whether the segment has no end (only a map's last segment may be open)."""
        return self.beats is None

    @property
    def final_bpm(self) -> Fraction:
        """Tempo at the end: ``end_bpm`` for a ramp, ``bpm`` for a constant segment."""
        return self.bpm if self.end_bpm is None else self.end_bpm

    @property
    def quarters_per_beat(self) -> Fraction:
        """Length of one beat in quarter notes."""
        return self.unit.quarters

    @property
    def beats_per_bar(self) -> Fraction:
        """Beats of the beat unit in one bar of the meter (6/8 in q. is 2, in e is 6)."""
        return self.meter.bar_quarters / self.unit.quarters

    @property
    def length_quarters(self) -> Fraction | None:
        """Length in quarter notes, ``None`` when open-ended."""
        return None if self.beats is None else self.beats * self.unit.quarters

    @property
    def qn_bpm(self) -> Fraction:
        """Start tempo in quarter notes per minute."""
        return self.bpm * self.unit.quarters

    @property
    def duration_seconds(self) -> Number | None:
        """Length in seconds (``None`` when open-ended).

        Exact (``Fraction``) for constant, linear-time and linear-period segments; a float
        for a linear-in-beats ramp.
        """
        if self.beats is None:
            return None
        return ramps.duration_seconds(
            shape=self.ramp, start_bpm=self.bpm, end_bpm=self.end_bpm, length_beats=self.beats
        )

    def seconds_at_beat(self, beat: Number) -> Number:
        """Seconds from the segment start to ``beat`` beats into it."""
        return ramps.seconds_at_beat(
            beat, shape=self.ramp, start_bpm=self.bpm, end_bpm=self.end_bpm, length_beats=self.beats
        )

    def beat_at_seconds(self, seconds: Number) -> Number:
        """Beats from the segment start at ``seconds`` into it."""
        return ramps.beat_at_seconds(
            seconds,
            shape=self.ramp,
            start_bpm=self.bpm,
            end_bpm=self.end_bpm,
            length_beats=self.beats,
        )

    def bpm_at_beat(self, beat: Number) -> Number:
        """Tempo (BPM of the beat unit) at ``beat`` beats into the segment."""
        return ramps.bpm_at_beat(
            beat, shape=self.ramp, start_bpm=self.bpm, end_bpm=self.end_bpm, length_beats=self.beats
        )

    def describe(self) -> str:
        """One line for lists: ``8 beats 6/8 q.=60`` or ``16 beats 4/4 q=120->90 linear_time``."""
        length = "open" if self.beats is None else f"{format_fraction(self.beats)} beats"
        tempo = f"{self.unit.label}={format_fraction(self.bpm)}"
        if self.end_bpm is not None:
            tempo += f"->{format_fraction(self.end_bpm)} {self.ramp.json_name}"
        return f"{length} {self.meter} {tempo}"
