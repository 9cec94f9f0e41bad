"""The one error type for bad input anywhere in the model.

It is a ``traitlets.TraitError`` (what ``Params``, a traitlets object, raises) and a ``ValueError``
(what Python users expect from a bad argument), so callers can catch either. Messages always name the
parameter, its allowed range and its unit, so a student who typed a wrong number knows what to fix.
"""

from __future__ import annotations

import difflib
import math
import sys
from collections.abc import Iterable
from decimal import Context, Decimal

import numpy as np
import traitlets

__all__ = ["ParameterError", "check_number", "check_choice", "check_flag", "scalar_of", "refuse_unknown_attribute", "refuse_unknown_arguments"]


class ParameterError(traitlets.TraitError, ValueError):
    """A parameter value outside its allowed range, of the wrong type, or not a number."""


def _fmt(x: float) -> str:
    return f"{x:g}"


def _shown(x: float) -> str:
    """An offending value with every digit that sets it apart: ``10.0000001``, not ``10``.

    The shortest text that reads back as the same float (``repr``), except that a whole number
    reads as one (``12``, not ``12.0``).
    """
    return str(int(x)) if x.is_integer() and abs(x) < 1e16 else repr(x)


#: The largest finite float: ``check_number(name, x, -LARGEST_FINITE, LARGEST_FINITE, ...)`` takes any
#: finite number (infinities are refused only outside the range given).
LARGEST_FINITE = sys.float_info.max


def scalar_of(value: object) -> object:
    """A 0-d numpy array as the numpy scalar it holds (``np.array(0.5)`` as ``np.float64(0.5)``);
    anything else as it is. The checks below then take or refuse it as they would that scalar."""
    return value[()] if isinstance(value, np.ndarray) and value.ndim == 0 else value


def check_number(name: str, value: object, low: float, high: float, unit: str, allowed: str | None = None) -> float:
    """Return ``value`` as a float (``-0.0`` as ``0.0``) if it is a real number in ``[low, high]``.

    ``allowed`` replaces the message's "a number from <low> to <high> <unit>" where the range needs
    more words (a playhead past the run's end is stopped there, not refused).

    A 0-d numpy array counts as the number it holds (what ``np.mean`` of an array and much of
    numpy hand back), as a numpy scalar does.

    Raises
    ------
    ParameterError
        Naming ``name``, the range ``[low, high]`` and ``unit``; NaN, infinities, booleans and
        non-numbers are rejected.
    """
    allowed = allowed or f"a number from {_fmt(low)} to {_fmt(high)} {unit}".rstrip()
    value = scalar_of(value)
    # bool is an int subclass; "True mg/kg" is a typo, not a dose.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        # A complex number is no amount: float() of a numpy one would drop its imaginary part.
        if not isinstance(value, np.number) or isinstance(value, (np.bool_, np.complexfloating)):
            raise ParameterError(f"{name} must be {allowed}; got {value!r} ({type(value).__name__})")
    try:
        number = float(value)  # type: ignore[arg-type]
    except OverflowError:  # an int beyond any float, e.g. 10**400
        shown = str(Decimal(value).normalize(Context(prec=17))).lower()  # type: ignore[arg-type]
        raise ParameterError(f"{name} must be {allowed}; got {shown}") from None
    if math.isnan(number):
        raise ParameterError(f"{name} must be {allowed}; got NaN")
    if not low <= number <= high:
        raise ParameterError(f"{name} must be {allowed}; got {_shown(number)}")
    return number + 0.0  # -0.0 becomes 0.0, which no caption shows as "-0 mg/kg"


def check_choice(name: str, value: object, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``; otherwise raise a ParameterError listing them."""
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ParameterError(f"{name} must be one of {listed}; got {value!r}")
    return value


def check_flag(name: str, value: object) -> bool:
    """Return ``value`` if it is a bool (numpy's too, and a 0-d array of one, as a bool); otherwise
    raise a ParameterError naming ``name`` (1, ``"yes"`` and None are refused, where
    ``traitlets.Bool`` took 1 for True)."""
    value = scalar_of(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ParameterError(f"{name} must be True or False; got {value!r} ({type(value).__name__})")


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
    message = f"{owner} has no setting {name!r}.{_suggest(name, valid)}"
    if hint:
        message += f" {hint}"
    raise AttributeError(f"{message} Settable: {', '.join(valid)}.")


def refuse_unknown_arguments(owner: str, given: Iterable[str], valid: Iterable[str]) -> None:
    """Raise ``TypeError`` if ``given`` holds a keyword argument ``owner`` does not take.

    For constructors that pass ``**kwargs`` on (to traitlets, which would quietly keep or drop an
    unknown one): ``SynapseView(traj, sped=2)`` must fail, not play at the default speed.

    Parameters
    ----------
    owner : str
        The callable, as the student wrote it (``"SynapseView"``).
    given : iterable of str
        The keyword arguments passed.
    valid : iterable of str
        The ones it takes, in the order to list them; the closest ones are suggested.
    """
    valid = list(valid)
    unknown = sorted(set(given) - set(valid))
    if unknown:
        # With more than one, say which name each suggestion is for.
        suggestions = "".join(_suggest(name, valid, f" for {name!r}" if len(unknown) > 1 else "") for name in unknown)
        listed = ", ".join(repr(name) for name in unknown)
        raise TypeError(f"{owner}() got unknown argument(s) {listed}.{suggestions} Valid: {', '.join(valid)}.")


def _suggest(name: str, valid: list[str], which: str = "") -> str:
    """`` Did you mean 'x'?`` (``which`` before the ``?``) for the names in ``valid`` closest to ``name``, or ``""``."""
    # Typos (difflib) and shortened names ("mg" for "mg_mM").
    close = [v for v in valid if name.lower() in v.lower()][:3] or difflib.get_close_matches(name, valid, n=3)
    return f" Did you mean {' or '.join(repr(c) for c in close)}{which}?" if close else ""
