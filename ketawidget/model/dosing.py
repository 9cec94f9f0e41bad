"""Doses: what goes into the body, when, and how fast.

Every dose becomes a list of zero-order inputs into the central (plasma) compartment:
``(start_min, end_min, rate_mg_per_kg_per_min)``. An IV infusion is one such input; an IV bolus is a
one-minute push (clinical boluses are given over about 60 s, and SCIENCE.md check 2 is phrased that
way); a ``Schedule`` concatenates its doses shifted to their start times. Routes with an absorption
phase (i.p., i.m., intranasal) are added with the species that use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from .errors import ParameterError, check_choice, check_number

__all__ = ["Infusion", "Bolus", "NoDrug", "Schedule", "Dose", "InputSegment", "BOLUS_PUSH_MIN"]

#: Duration of an IV bolus push, min (clinical practice: about 60 s).
BOLUS_PUSH_MIN = 1.0
#: Allowed ranges. 20 mg/kg covers every human protocol (anaesthetic induction 1-4.5 mg/kg IV);
#: rodent doses arrive with rodent routes.
_DOSE_RANGE_MG_PER_KG = (0.0, 20.0)
_INFUSION_RANGE_MIN = (1.0, 24 * 60.0)
_START_RANGE_H = (0.0, 24 * 365.0)
#: Routes with their pharmacokinetics in the model so far.
ROUTES: tuple[str, ...] = ("iv",)

InputSegment = tuple[float, float, float]


@dataclass(frozen=True)
class Infusion:
    """A constant-rate intravenous infusion.

    Parameters
    ----------
    dose_mg_per_kg : float
        Total dose, mg per kg body weight, 0 to 20 (antidepressant: 0.5 mg/kg).
    minutes : float
        Duration of the infusion, min, 1 to 1440 (antidepressant: 40 min).
    """

    dose_mg_per_kg: float = 0.5
    minutes: float = 40.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "dose_mg_per_kg", check_number("dose_mg_per_kg", self.dose_mg_per_kg, *_DOSE_RANGE_MG_PER_KG, "mg/kg"))
        object.__setattr__(self, "minutes", check_number("minutes", self.minutes, *_INFUSION_RANGE_MIN, "min"))

    def segments(self) -> list[InputSegment]:
        """Zero-order inputs ``(start_min, end_min, rate mg/kg/min)`` into the central compartment."""
        return [(0.0, self.minutes, self.dose_mg_per_kg / self.minutes)]

    def describe(self) -> str:
        """One line for a caption, e.g. ``"0.5 mg/kg IV over 40 min"``."""
        return f"{self.dose_mg_per_kg:g} mg/kg IV over {self.minutes:g} min"


@dataclass(frozen=True)
class Bolus:
    """A single dose given at once.

    Parameters
    ----------
    dose_mg_per_kg : float
        Dose, mg per kg body weight, 0 to 20 (anaesthetic induction: 1-2 mg/kg IV).
    route : {"iv"}
        Route of administration. "ip", "im" and "intranasal" arrive with absorption kinetics.
    """

    dose_mg_per_kg: float = 2.0
    route: str = "iv"

    def __post_init__(self) -> None:
        object.__setattr__(self, "dose_mg_per_kg", check_number("dose_mg_per_kg", self.dose_mg_per_kg, *_DOSE_RANGE_MG_PER_KG, "mg/kg"))
        check_choice("route", self.route, ROUTES)

    def segments(self) -> list[InputSegment]:
        """Zero-order inputs ``(start_min, end_min, rate mg/kg/min)``: an IV push over one minute."""
        return [(0.0, BOLUS_PUSH_MIN, self.dose_mg_per_kg / BOLUS_PUSH_MIN)]

    def describe(self) -> str:
        """One line for a caption, e.g. ``"2 mg/kg IV bolus"``."""
        return f"{self.dose_mg_per_kg:g} mg/kg {self.route.upper()} bolus"


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
    '0.5 mg/kg IV over 40 min at 0 h; 0.5 mg/kg IV over 40 min at 72 h'
    """

    doses: tuple[tuple[float, Union[Infusion, Bolus, NoDrug]], ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        checked = []
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
            out += [(a + shift, b + shift, rate) for a, b, rate in dose.segments()]
        return sorted(out)

    def describe(self) -> str:
        """One line for a caption."""
        return "; ".join(f"{d.describe()} at {s:g} h" for s, d in self.doses) or "no drug (saline)"


Dose = Union[Infusion, Bolus, NoDrug, Schedule]
