"""The one error type for bad input anywhere in the model.

It is a ``traitlets.TraitError`` (what DESIGN.md promises for ``Params``) and a ``ValueError`` (what
Python users expect from a bad argument), so callers can catch either. Messages always name the
parameter, its allowed range and its unit, so a student who typed a wrong number knows what to fix.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable

import traitlets

__all__ = ["ParameterError", "check_number", "check_choice", "refuse_unknown_attribute"]


class ParameterError(traitlets.TraitError, ValueError):
    """A parameter value outside its allowed range, of the wrong type, or not a number."""


def _fmt(x: float) -> str:
    return f"{x:g}"


def check_number(name: str, value: object, low: float, high: float, unit: str) -> float:
    """Return ``value`` as a float if it is a finite real number in ``[low, high]``.

    Raises
    ------
    ParameterError
        Naming ``name``, the range ``[low, high]`` and ``unit``; NaN, infinities, booleans and
        non-numbers are rejected.
    """
    allowed = f"a number from {_fmt(low)} to {_fmt(high)} {unit}".rstrip()
    # bool is an int subclass; "True mg/kg" is a typo, not a dose.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            import numpy as np

            ok = isinstance(value, np.number) and not isinstance(value, np.bool_)
        except ImportError:  # pragma: no cover - numpy is a hard dependency
            ok = False
        if not ok:
            raise ParameterError(f"{name} must be {allowed}; got {value!r} ({type(value).__name__})")
    number = float(value)  # type: ignore[arg-type]
    if math.isnan(number):
        raise ParameterError(f"{name} must be {allowed}; got NaN")
    if not low <= number <= high:
        raise ParameterError(f"{name} must be {allowed}; got {number:g}")
    return number


def check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise raise a ParameterError listing them."""
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ParameterError(f"{name} must be one of {listed}; got {value!r}")
    return value


def refuse_unknown_attribute(owner: str, name: str, valid: Iterable[str], hint: str = "") -> None:
    """Raise ``AttributeError`` for setting ``name``, which ``owner`` does not have.

    Without this, ``params.mg = 0.5`` or ``lab.nbqx = True`` would quietly make a new attribute that
    nothing reads: no error, no new run, and a student left wondering why nothing changed.

    Parameters
    ----------
    owner : str
        What was being set, as the student wrote it (``"Params"``, ``"KetamineLab"``).
    name : str
        The unknown name.
    valid : iterable of str
        The names that can be set; the closest ones are suggested.
    hint : str, optional
        One more sentence, e.g. where a name of the wrong object lives.
    """
    valid = sorted(valid)
    # Typos (difflib) and shortened names ("mg" for "mg_mM").
    close = [v for v in valid if name.lower() in v.lower()][:3] or difflib.get_close_matches(name, valid, n=3)
    suggestion = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    message = f"{owner} has no setting {name!r}.{suggestion}"
    if hint:
        message += f" {hint}"
    raise AttributeError(f"{message} Settable: {', '.join(valid)}.")
