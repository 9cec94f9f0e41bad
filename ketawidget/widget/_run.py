"""What a run is, in words and in condition ids: its dose, its pre-treatments and conditions, its species.

The lab's caption and ``run_description()``, and the diagram's ``run_description`` and
``run_conditions`` traits (docs/wire-format.md), are all written here, so that the line a projected
diagram shows over its story is the one under the lab's controls, word for word.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..model.errors import ParameterError
from ..model.parameters import CONDITIONS, Params
from ..model.trajectory import Trajectory
from .controls import STUDENT_PARAMETERS, label_for

__all__ = ["conditions_text", "describe_run", "run_conditions", "run_label", "check_run_conditions", "check_run_description"]


def conditions_text(params: Params) -> str:
    """What a run adds to its dose, as its caption says it: " with NBQX, in 0.5 mM Mg²⁺, after chronic stress".

    A student who ticked a box, or a lesson that did, must read it next to the numbers it changes
    (the NBQX lesson's caption read as ketamine alone). The species is said by the rodent note, and
    settings changed from code that have no control are counted, so a caption never passes them off
    as the defaults.
    """
    defaults = Params()
    blockers = [label_for(name) for name in ("nbqx", "rapamycin", "anisomycin", "nifedipine") if getattr(params, name)]
    parts = [f"with {', '.join(blockers)}"] if blockers else []
    if params.bdnf_knockout:
        parts.append("in a BDNF knockout")
    if params.mg_mM != defaults.mg_mM:
        parts.append(f"in {params.mg_mM:.6f}".rstrip("0").rstrip(".") + " mM Mg²⁺")  # 0.5, 1.25, 0.00001: no exponent
    if params.chronic_stress:
        parts.append("after chronic stress")
    others = [name for name, value in params.to_dict().items()
              if name not in STUDENT_PARAMETERS and value != getattr(defaults, name)]
    if others:
        parts.append(f"{len(others)} other setting{'s' if len(others) > 1 else ''} changed from code")
    return "".join(f", {part}" if i else f" {part}" for i, part in enumerate(parts))


def describe_run(dose_words: str, params: Params) -> str:
    """The run in words: the dose, its pre-treatments and conditions, and the species if not human
    ("0.5 mg/kg IV over 40 min with NBQX"; "10 mg/kg i.p. injection (mouse)")."""
    species = f" ({params.species})" if params.species != "human" else ""
    return dose_words + conditions_text(params) + species


def run_conditions(params: Params) -> list[str]:
    """The conditions a run was given (its yes/no parameters that are on), as ids of
    :data:`~ketawidget.model.parameters.CONDITIONS`, in that order: ``["nbqx"]``."""
    return [name for name in CONDITIONS if getattr(params, name)]


def run_label(trajectory: Trajectory) -> tuple[str, list[str]]:
    """``(run_description, run_conditions)`` of a run, from what it records: its dose in words
    (``trajectory.description``) and its parameters (``trajectory.params``).

    A run of :func:`ketawidget.simulate` gives the lab's words for it. A run that records no
    parameters (one made by hand) names no conditions, and its description is its own, as given
    (often none).

    Raises
    ------
    ParameterError
        ``trajectory.params`` holds something that is not a value of :class:`Params`.
    """
    if not trajectory.params:
        return trajectory.description, []
    try:
        params = Params(**trajectory.params)
    except (TypeError, ParameterError) as error:
        raise ParameterError(f"trajectory.params must be Params values, as ketawidget.simulate records them: {error}") from None
    # A run with no words of its own begins with its conditions: "with NBQX", not " with NBQX".
    return describe_run(trajectory.description, params).strip(), run_conditions(params)


def check_run_description(value: object) -> str:
    """``value`` if it is a str: the run in words (empty: the run says nothing about itself)."""
    if not isinstance(value, str):
        raise ParameterError(f"run_description must be a str (the run in words, or '' for none); got {value!r} ({type(value).__name__})")
    return value


def check_run_conditions(value: object) -> list[str]:
    """``value`` as a list of condition ids, in the order of ``CONDITIONS``; a ParameterError that
    names the trait and the allowed ids for anything else (an unknown id, one given twice, not a list)."""
    allowed = f"a list of condition ids, each one of {', '.join(CONDITIONS)} (the yes/no Params), at most once"
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, (list, tuple)):
        raise ParameterError(f"run_conditions must be {allowed}; got {value!r} ({type(value).__name__})")
    given: list[Any] = list(value)
    unknown = [item for item in given if not isinstance(item, str) or item not in CONDITIONS]
    if unknown:
        raise ParameterError(f"run_conditions must be {allowed}; got {unknown[0]!r} in {given!r}")
    twice = sorted({item for item in given if given.count(item) > 1})
    if twice:
        raise ParameterError(f"run_conditions must be {allowed}; got {', '.join(twice)} more than once in {given!r}")
    return [name for name in CONDITIONS if name in given]
