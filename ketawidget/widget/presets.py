"""Ready-made lessons for the lab: a dose, parameter changes, a run length, and what to compare with.

The protocols come from the model's own definitions (``kw.experiments``: the antidepressant
infusion, the readout time, the six-infusion course), so a preset and the virtual experiment of
the same name run the same arms. ``KetamineLab.load_preset(name)`` loads one; ``PRESETS`` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..model import experiments
from ..model.dosing import Bolus, Dose, Infusion, NoDrug, Schedule
from ..model.errors import ParameterError

__all__ = ["Comparison", "Preset", "PRESETS", "preset_names", "get_preset"]

_ANTIDEPRESSANT = experiments.ANTIDEPRESSANT
_READOUT_H = experiments.SPINE_READOUT_H
_COURSE = Schedule(tuple((start, _ANTIDEPRESSANT) for start in experiments.COURSE_START_H))


@dataclass(frozen=True)
class Comparison:
    """A second run drawn beside the lab's own.

    Parameters
    ----------
    label : str
        Legend text.
    params : dict
        Parameter changes from the lab's current parameters (so the comparison follows the
        student's other settings).
    dose : Infusion, Bolus, NoDrug or Schedule, optional
        A dose of its own; ``None`` follows the lab's dose.
    """

    label: str
    params: dict[str, Any] = field(default_factory=dict)
    dose: Dose | None = None


@dataclass(frozen=True)
class Preset:
    """One lesson: what the lab runs and shows when it is loaded.

    Parameters
    ----------
    name : str
        Key in :data:`PRESETS` (an experiment preset has the experiment's name).
    title : str
        Menu text.
    dose : Infusion, Bolus, NoDrug or Schedule
    params : dict
        Changes from the default ``Params()``.
    hours : float
        Length of the run, h.
    log_time : bool
        Whether the charts start with a log time axis.
    comparison : Comparison, optional
        A second run to overlay.
    """

    name: str
    title: str
    dose: Dose
    params: dict[str, Any] = field(default_factory=dict)
    hours: float = 12.0
    log_time: bool = False
    comparison: Comparison | None = None


def _pretreatment(name: str, label: str) -> Preset:
    return Preset(
        name=name,
        title=f"Experiment: ketamine {label}",
        dose=_ANTIDEPRESSANT,
        params={name: True},
        hours=2 * _READOUT_H,
        comparison=Comparison("ketamine alone", params={name: False}),
    )


_COURSE_PRESET = Preset(
    "course",
    "Two-week course: six infusions",
    _COURSE,
    hours=14 * 24.0,
    comparison=Comparison("one infusion", dose=_ANTIDEPRESSANT),
)

_LIST: tuple[Preset, ...] = (
    Preset("saline", "Saline (no drug)", NoDrug(), hours=24.0),
    Preset("antidepressant", "Antidepressant infusion: 0.5 mg/kg IV over 40 min", _ANTIDEPRESSANT, hours=2 * _READOUT_H, log_time=True),
    # Log time: the bolus's glutamate dip lasts the ~6 min plasma is anaesthetic, a sliver at the
    # start of a linear 12-h axis, where the rebound that follows filled the chart (review: the
    # lesson read as "more drug, more glutamate").
    Preset("anaesthetic", "Anaesthetic bolus: 2 mg/kg IV", Bolus(2.0, "iv"), hours=12.0, log_time=True),
    Preset("rodent", "Rodent: mouse, 10 mg/kg i.p.", Bolus(10.0, "ip"), params={"species": "mouse"}, hours=2 * _READOUT_H, log_time=True),
    _COURSE_PRESET,
    _pretreatment("nbqx", "+ NBQX (AMPA receptors blocked)"),
    _pretreatment("nifedipine", "+ nifedipine (L-type Ca²⁺ channels blocked)"),
    _pretreatment("rapamycin", "+ rapamycin (mTORC1 blocked)"),
    _pretreatment("anisomycin", "+ anisomycin (protein synthesis blocked)"),
    _pretreatment("bdnf_knockout", "in a BDNF knockout"),
    Preset(
        "chronic_stress_rescue",
        "Experiment: chronic stress, rescued by ketamine",
        _ANTIDEPRESSANT,
        params={"chronic_stress": True},
        hours=7 * 24.0,
        log_time=True,
        comparison=Comparison("stressed, no drug", dose=NoDrug()),
    ),
    Preset(
        "anaesthetic_vs_subanaesthetic",
        "Experiment: anaesthetic vs subanaesthetic dose (glutamate)",
        Bolus(2.0, "iv"),
        hours=12.0,  # in log time the slowest speed plays 6 h in under 20 s
        log_time=True,  # as "anaesthetic": the dip is minutes long
        comparison=Comparison("0.5 mg/kg over 40 min", dose=_ANTIDEPRESSANT),
    ),
    Preset("dose_response", "Experiment: dose-response (see the dose-response chart)", Infusion(2.0, 40.0), hours=_READOUT_H,
           comparison=Comparison("0.5 mg/kg over 40 min", dose=_ANTIDEPRESSANT)),
    Preset(
        "disinhibition_timing",
        "Experiment: interneurons slow before pyramidal cells speed up",
        _ANTIDEPRESSANT,
        hours=2.0,
        comparison=Comparison("no drug", dose=NoDrug()),
    ),
    Preset("timeline", "Experiment: timeline from minutes to a week", _ANTIDEPRESSANT, hours=7 * 24.0, log_time=True,
           comparison=Comparison("no drug", dose=NoDrug())),
    # The experiment runs the same two arms as the course lesson.
    replace(_COURSE_PRESET, name="repeated_dosing", title="Experiment: six infusions vs one"),
)

#: Every preset by name: the five lessons, then one per virtual experiment (``kw.experiments.names()``).
PRESETS: dict[str, Preset] = {p.name: p for p in _LIST}


def preset_names() -> tuple[str, ...]:
    """Names accepted by :func:`get_preset` and ``KetamineLab.load_preset``."""
    return tuple(PRESETS)


def get_preset(name: str) -> Preset:
    """The preset called ``name``; a ParameterError lists the valid names otherwise."""
    if not isinstance(name, str) or name not in PRESETS:
        raise ParameterError(f"unknown preset {name!r}; valid names: {', '.join(PRESETS)}")
    return PRESETS[name]
