"""The model's fixed constants: declared where they are used, with unit, meaning and source.

A student changes ``Params``; the numbers the model keeps fixed (rate constants, gains, reversal
potentials, the circuit's shape, the numerics' step) are declared in the stage module that uses them,
each in one statement::

    TRANSLATION_GAIN = fixed(3.0, unit="-", meaning="...", reference="Autry et al. 2011 (approx.)",
                             group="plasticity")

:func:`fixed` records the declaration and returns ``value`` itself, the very float, int or tuple it
was given. numba reads some of these constants as globals of compiled functions and freezes them at
compile time; it sees exactly what it saw before they were declared, and the on-disk cache behaves
as for any plain constant. An entry of a dict of constants (``CIRCUIT``, ``PRETREATMENT_EFFICACY``)
is declared the same way, as the dict's value.

The name is not passed: it is read, when the table is first asked for, from the statement that
called :func:`fixed` (``NAME = fixed(...)`` or ``"key": fixed(...)`` in ``NAME = {...}``), so the
name cannot disagree with the code. Declaring costs nothing at import but one list append.
``parameters.fixed_constant_table()`` lists them all and ``docs/parameters.md`` shows them;
``tests/test_constants.py`` checks that every numeric UPPER_CASE constant of the stage modules is
declared or listed there, with its reason, as not a model constant.

This module imports nothing from the package, so every stage module can import it.
"""

from __future__ import annotations

import ast
import functools
import math
import sys
from dataclasses import dataclass
from typing import Union

__all__ = ["fixed", "FixedConstant", "FIXED_GROUPS", "fixed_constants"]

#: The groups, in the order of the model's stages (the order of the table). "numerical" holds the
#: constants of the numerics (time step, rounding of corners): not biology, and chosen so that the
#: results do not depend on them.
FIXED_GROUPS: tuple[str, ...] = ("pharmacokinetics", "receptors", "circuit", "plasticity", "synapse", "numerical")

Number = Union[int, float]
Value = Union[Number, tuple[Number, ...]]


@dataclass(frozen=True)
class FixedConstant:
    """One declared constant. ``name`` is ``"NAME"``, or ``'NAME["key"]'`` for a dict entry."""

    module: str
    name: str
    value: Value
    unit: str
    meaning: str
    reference: str
    group: str


@dataclass(frozen=True)
class _Declaration:
    module: str
    filename: str
    line: int
    value: Value
    unit: str
    meaning: str
    reference: str
    group: str


_DECLARATIONS: list[_Declaration] = []


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def fixed(value: Value, *, unit: str, meaning: str, reference: str, group: str) -> Value:
    """Declare a fixed model constant and return ``value`` unchanged.

    Parameters
    ----------
    value : int, float or tuple of them
        The constant (finite numbers only).
    unit : str
        Its unit; ``"-"`` for a pure number, ``"fraction"`` for a share.
    meaning : str
        One line: what the number is.
    reference : str
        Where it comes from, or why it was chosen; "approx." marks a value known only roughly.
    group : str
        One of :data:`FIXED_GROUPS`: the model stage it belongs to, or "numerical".

    Returns
    -------
    int, float or tuple
        ``value`` itself (the same object).
    """
    if not (_is_number(value) or (isinstance(value, tuple) and value and all(_is_number(v) for v in value))):
        raise TypeError(f"fixed() takes a finite number or a tuple of them; got {value!r}")
    for field_name, text in (("unit", unit), ("meaning", meaning), ("reference", reference)):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"fixed({value!r}) needs a {field_name}")
    if group not in FIXED_GROUPS:
        raise ValueError(f"fixed({value!r}): group must be one of {FIXED_GROUPS}; got {group!r}")
    caller = sys._getframe(1)
    _DECLARATIONS.append(
        _Declaration(
            caller.f_globals.get("__name__", "?"), caller.f_code.co_filename, caller.f_lineno,
            value, unit, meaning, reference, group,
        )
    )
    return value


@functools.lru_cache(maxsize=None)
def _declared_names(filename: str) -> tuple[tuple[str, int, int], ...]:
    """(name, first line, last line) of each ``fixed(...)`` call assigned at module level in a file."""
    with open(filename, encoding="utf-8") as source:
        tree = ast.parse(source.read(), filename)

    def is_fixed_call(node: ast.AST) -> bool:
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "fixed"

    spans = []
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value = statement.target, statement.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        if is_fixed_call(value):
            spans.append((target.id, value.lineno, value.end_lineno))
        elif isinstance(value, ast.Dict):
            for key, entry in zip(value.keys, value.values):
                if isinstance(key, ast.Constant) and isinstance(key.value, str) and is_fixed_call(entry):
                    spans.append((f'{target.id}["{key.value}"]', entry.lineno, entry.end_lineno))
    return tuple(spans)


def fixed_constants() -> dict[tuple[str, str], FixedConstant]:
    """Every constant declared so far, keyed by (module, name), in declaration order.

    Only the modules imported so far have declared theirs; ``parameters.fixed_constant_table()``
    imports the stage modules first.

    Raises
    ------
    RuntimeError
        If a ``fixed(...)`` call is not the value of a module-level ``NAME = ...`` or of a string key
        of a module-level dict (its name could not be told), or two statements declare one name.
    """
    table: dict[tuple[str, str], FixedConstant] = {}
    lines: dict[tuple[str, str], int] = {}
    for d in _DECLARATIONS:
        names = [name for name, first, last in _declared_names(d.filename) if first <= d.line <= last]
        if len(names) != 1:
            raise RuntimeError(
                f"{d.filename}:{d.line}: fixed() must be the whole value of a module-level NAME = ... or of a "
                f'"key": entry of a module-level dict; found {names or "no such statement"}'
            )
        key = (d.module, names[0])
        if lines.setdefault(key, d.line) != d.line:  # the same line again is a reloaded module
            raise RuntimeError(f"{d.module}.{names[0]} is declared twice")
        table[key] = FixedConstant(d.module, names[0], d.value, d.unit, d.meaning, d.reference, d.group)
    return table
