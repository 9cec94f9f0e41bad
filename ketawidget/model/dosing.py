"""Doses: what goes into the body, when, how fast and by which route.

Every dose becomes a list of zero-order inputs ``InputSegment(start_min, end_min, rate, route)``:
``rate`` mg/kg/min of *given* drug over ``[start_min, end_min)`` by ``route``. An IV infusion is one
such input; a bolus is a one-minute push (clinical IV boluses are given over about 60 s, and the
model's anaesthetic-level test, 2 mg/kg IV over 1 min, is phrased that way). An IV push enters the
central (plasma) compartment; a push by any other route enters that route's absorption depot, of
which only the bioavailable share counts (``pharmacokinetics``). A ``Schedule`` concatenates its doses
shifted to their start times.

Doses are checked twice: when built, against the ranges of every species (0 to 200 mg/kg, a known
route); when simulated, against the species simulated (:func:`check_dose_for_species`: its routes and
its dose range, e.g. 0 to 20 mg/kg for a human).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple, Union

from .errors import ParameterError, check_choice, check_number
from .parameters import ROUTES, SPECIES_PK

__all__ = [
    "Infusion",
    "Bolus",
    "NoDrug",
    "Schedule",
    "Dose",
    "InputSegment",
    "BOLUS_PUSH_MIN",
    "INFUSION_MINUTES_RANGE",
    "ROUTES",
    "ROUTE_LABELS",
    "check_dose_for_species",
]

#: Duration of a bolus push, min (clinical practice: about 60 s). For an extravascular route the
#: push fills the absorption depot, from which absorption then sets the pace.
BOLUS_PUSH_MIN = 1.0
#: Allowed ranges for any species: up to rodent anaesthetic doses (80-100 mg/kg i.p.) with room to
#: spare. Each species narrows it when simulating (``SpeciesPK.max_dose_mg_per_kg``).
_DOSE_RANGE_MG_PER_KG = (0.0, 200.0)
#: Infusion lengths allowed, min (the amount controls offer the same range).
INFUSION_MINUTES_RANGE = (1.0, 24 * 60.0)
_START_RANGE_H = (0.0, 24 * 365.0)
#: Caption names of the routes.
ROUTE_LABELS = {"iv": "IV", "ip": "i.p.", "im": "IM", "intranasal": "intranasal"}


def _check_dose(value: object) -> float:
    """``dose_mg_per_kg`` checked against the range of every species; the error also lists each species' range."""
    try:
        return check_number("dose_mg_per_kg", value, *_DOSE_RANGE_MG_PER_KG, "mg/kg")
    except ParameterError as err:
        ranges = ", ".join(f"{name} 0 to {pk.max_dose_mg_per_kg:g} mg/kg" for name, pk in SPECIES_PK.items())
        raise ParameterError(f"{err} (by species: {ranges})") from None


class InputSegment(NamedTuple):
    """A zero-order input: ``rate`` mg/kg/min of given drug by ``route`` over ``[start_min, end_min)``."""

    start_min: float
    end_min: float
    rate_mg_per_kg_min: float
    route: str = "iv"


@dataclass(frozen=True)
class Infusion:
    """A constant-rate intravenous infusion.

    Parameters
    ----------
    dose_mg_per_kg : float
        Total dose, mg per kg body weight, 0 to 200 (antidepressant: 0.5 mg/kg; a human allows 0 to 20).
    minutes : float
        Duration of the infusion, min, 1 to 1440 (antidepressant: 40 min).
    """

    dose_mg_per_kg: float = 0.5
    minutes: float = 40.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "dose_mg_per_kg", _check_dose(self.dose_mg_per_kg))
        object.__setattr__(self, "minutes", check_number("minutes", self.minutes, *INFUSION_MINUTES_RANGE, "min"))

    @property
    def route(self) -> str:
        """Always ``"iv"``."""
        return "iv"

    def segments(self) -> list[InputSegment]:
        """Zero-order inputs: one, into the central compartment."""
        return [InputSegment(0.0, self.minutes, self.dose_mg_per_kg / self.minutes, "iv")]

    def describe(self) -> str:
        """One line for a caption, e.g. ``"0.5 mg/kg IV over 40 min"``."""
        return f"{self.dose_mg_per_kg:g} mg/kg IV over {self.minutes:g} min"


@dataclass(frozen=True)
class Bolus:
    """A single dose given at once.

    Parameters
    ----------
    dose_mg_per_kg : float
        Dose, mg per kg body weight, 0 to 200 (human anaesthetic induction 1-2 mg/kg IV; rodent
        antidepressant 10 mg/kg i.p., anaesthetic 80-100 mg/kg i.p.). The species simulated narrows
        the range (a human allows 0 to 20 mg/kg).
    route : {"iv", "ip", "im", "intranasal"}
        Route of administration. Which routes a species allows: ``SPECIES_PK[species].routes``
        (human: iv, im, intranasal; mouse and rat: iv, ip).
    """

    dose_mg_per_kg: float = 2.0
    route: str = "iv"

    def __post_init__(self) -> None:
        object.__setattr__(self, "dose_mg_per_kg", _check_dose(self.dose_mg_per_kg))
        check_choice("route", self.route, ROUTES)

    def segments(self) -> list[InputSegment]:
        """Zero-order inputs: a one-minute push by ``route``."""
        return [InputSegment(0.0, BOLUS_PUSH_MIN, self.dose_mg_per_kg / BOLUS_PUSH_MIN, self.route)]

    def describe(self) -> str:
        """One line for a caption, e.g. ``"2 mg/kg IV bolus"``, ``"10 mg/kg i.p. injection"``."""
        kind = {"iv": "bolus", "intranasal": "spray"}.get(self.route, "injection")
        return f"{self.dose_mg_per_kg:g} mg/kg {ROUTE_LABELS[self.route]} {kind}"


@dataclass(frozen=True)
class NoDrug:
    """No ketamine (saline control): every channel stays at its drug-free baseline."""

    def segments(self) -> list[InputSegment]:
        """No input at all."""
        return []

    def describe(self) -> str:
        """One line for a caption."""
        return "no drug (saline)"


@dataclass(frozen=True)
class Schedule:
    """Several doses, each starting at its own time.

    Parameters
    ----------
    doses : sequence of (start_h, dose)
        Start time in hours (0 to 8760) and an :class:`Infusion`, :class:`Bolus` or :class:`NoDrug`.
        Doses may overlap; their inputs add.

    Examples
    --------
    >>> Schedule([(0, Infusion()), (72, Infusion())]).describe()
    '2 × 0.5 mg/kg IV over 40 min, at 0 and 72 h'
    >>> Schedule([(0, Infusion()), (24, Bolus(1.0))]).describe()
    '0.5 mg/kg IV over 40 min at 0 h; 1 mg/kg IV bolus at 24 h'
    """

    doses: tuple[tuple[float, Union[Infusion, Bolus, NoDrug]], ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        checked = []
        if isinstance(self.doses, (Infusion, Bolus, NoDrug)) or not isinstance(self.doses, Iterable):
            raise ParameterError(
                f"doses must be a sequence of (start_h, dose) pairs, e.g. [(0, Infusion()), (72, Infusion())]; got {self.doses!r}"
            )
        for k, item in enumerate(self.doses):
            try:
                start, dose = item
            except (TypeError, ValueError):
                raise ParameterError(f"doses[{k}] must be a (start_h, dose) pair; got {item!r}") from None
            start = check_number(f"doses[{k}] start_h", start, *_START_RANGE_H, "h")
            if not isinstance(dose, (Infusion, Bolus, NoDrug)):
                raise ParameterError(f"doses[{k}] dose must be an Infusion, Bolus or NoDrug; got {dose!r}")
            checked.append((start, dose))
        object.__setattr__(self, "doses", tuple(sorted(checked, key=lambda pair: pair[0])))

    def segments(self) -> list[InputSegment]:
        """All inputs of all doses, shifted to their start times, sorted by start."""
        out = []
        for start_h, dose in self.doses:
            shift = start_h * 60.0
            out += [InputSegment(s.start_min + shift, s.end_min + shift, s.rate_mg_per_kg_min, s.route) for s in dose.segments()]
        return sorted(out)

    def describe(self) -> str:
        """One line for a caption; a dose given several times is named once, with its times."""
        if not self.doses:
            return "no drug (saline)"
        kinds = {d for _, d in self.doses}
        if len(self.doses) > 1 and len(kinds) == 1:
            times = [f"{s:g}" for s, _ in self.doses]
            return f"{len(times)} × {kinds.pop().describe()}, at {', '.join(times[:-1])} and {times[-1]} h"
        return "; ".join(f"{d.describe()} at {s:g} h" for s, d in self.doses)


Dose = Union[Infusion, Bolus, NoDrug, Schedule]


def check_dose_for_species(dose: Dose, species: str) -> None:
    """Check that every dose in ``dose`` is possible in ``species``: a route it has, a dose in its range.

    Raises
    ------
    ParameterError
        Naming the species, the route and the routes allowed (a route the species lacks, e.g.
        intranasal in a mouse), or the dose with the species' range and unit (e.g. 100 mg/kg in a human).
    """
    pk = SPECIES_PK[species]
    items = dose.doses if isinstance(dose, Schedule) else ((0.0, dose),)
    for k, (_start, item) in enumerate(items):
        if isinstance(item, NoDrug):
            continue
        where = f"doses[{k}] " if isinstance(dose, Schedule) else ""
        if item.route not in pk.routes:
            allowed = ", ".join(repr(r) for r in pk.routes)
            raise ParameterError(
                f"{where}route {item.route!r} is not available for species {species!r}; "
                f"routes for {species}: {allowed}"
            )
        check_number(f"{where}dose_mg_per_kg for a {species}", item.dose_mg_per_kg, 0.0, pk.max_dose_mg_per_kg, "mg/kg")
