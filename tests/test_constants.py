"""Every fixed number of the model is declared with unit, meaning and source (``constants.fixed``).

The project's standard is that every parameter has its unit, range or value, and source in one place.
``Params`` covers what a student changes; this file checks the rest: each numeric UPPER_CASE constant
defined at module level in a stage module is declared with ``fixed(...)`` (and so listed in
docs/parameters.md), or is named in ``NOT_MODEL_CONSTANTS`` below with the reason it is not a model
constant.
"""

import ast
import importlib
import math

import numpy as np
import pytest

from ketawidget.model.constants import FIXED_GROUPS, fixed, fixed_constants
from ketawidget.model.parameters import FIXED_CONSTANT_MODULES, fixed_constant_table

#: The stage modules whose constants must be declared.
STAGE_MODULES = ("circuit", "plasticity", "receptors", "synapse", "pharmacokinetics", "parameters")

#: (module, name) -> why this number is not a model constant. Array sizes, indices, unit conversions,
#: constants derived from declared ones and the ranges that validate arguments.
NOT_MODEL_CONSTANTS = {
    ("parameters", "UM_PER_MG_PER_L"): "unit conversion, derived from the declared KETAMINE_MOLAR_MASS_G_PER_MOL",
    ("pharmacokinetics", "N_PK"): "number of pharmacokinetic states (an array size): len(PK_STATES)",
    ("pharmacokinetics", "_CENTRAL"): "index of a state in the state vector",
    ("pharmacokinetics", "_PERIPHERAL"): "index of a state in the state vector",
    ("pharmacokinetics", "_EFFECT"): "index of a state in the state vector",
    ("pharmacokinetics", "DEPOT_OF_ROUTE"): "indices of the absorption depots in the state vector",
    ("receptors", "_V_RANGE_MV"): "range that validates arguments of the public functions; the model never reads it",
    ("receptors", "_MG_RANGE_MM"): "range that validates arguments of the public functions; the model never reads it",
    ("receptors", "_KETAMINE_RANGE_UM"): "range that validates arguments of the public functions; the model never reads it",
    ("synapse", "_PER_MIN_TO_PER_MS"): "unit conversion (1/min to 1/ms)",
    ("synapse", "_CA_CONDUCTANCE_SHARE"): "derived from the declared CA_FRACTION_AT_MINUS_60_MV, E_GLUTAMATE_MV and E_CA_MV",
    ("synapse", "_INT_RANGES"): "ranges that validate integer arguments (seed, n_pulses, n_ampa, n_nmda)",
    ("synapse", "MAX_MICROSCOPE_MOMENTS"): "how many microscope runs the diagram ships with a trajectory (wire size), not biology",
}


def _is_number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _is_numeric(value) -> bool:
    """A number, a tuple of numbers, a numeric array, or a dict of any of these."""
    if _is_number(value):
        return True
    if isinstance(value, tuple):
        return bool(value) and all(_is_number(v) or (isinstance(v, tuple) and _is_numeric(v)) for v in value)
    if isinstance(value, np.ndarray):
        return value.dtype.kind in "iuf"
    if isinstance(value, dict):
        return bool(value) and all(_is_numeric(v) for v in value.values())
    return False


def _upper_case(name: str) -> bool:
    stripped = name.lstrip("_")
    return bool(stripped) and stripped[0].isalpha() and stripped == stripped.upper()


def _defined_names(module) -> list[str]:
    """Names assigned at module level in the module's own source (imported names are not)."""
    tree = ast.parse(open(module.__file__, encoding="utf-8").read())
    names = []
    for statement in tree.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else (
            [statement.target] if isinstance(statement, ast.AnnAssign) else []
        )
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name):
                    names.append(node.id)
    return names


def _module_constants():
    """(module, name, value) of every numeric UPPER_CASE module-level constant of the stage modules."""
    for short in STAGE_MODULES:
        module = importlib.import_module(f"ketawidget.model.{short}")
        for name in _defined_names(module):
            value = getattr(module, name)
            if _upper_case(name) and _is_numeric(value):
                yield short, name, value


@pytest.fixture(scope="module")
def declared():
    fixed_constant_table()  # imports every module that declares constants
    return {(key[0].rpartition(".")[2], key[1]): constant for key, constant in fixed_constants().items()}


def test_every_numeric_constant_is_declared_or_exempt(declared):
    missing = []
    for module, name, value in _module_constants():
        if (module, name) in NOT_MODEL_CONSTANTS:
            continue
        if isinstance(value, dict):
            missing += [f'{module}.{name}["{key}"]' for key in value if (module, f'{name}["{key}"]') not in declared]
        elif (module, name) not in declared:
            missing.append(f"{module}.{name}")
    assert not missing, (
        f"declare these with constants.fixed(value, unit=, meaning=, reference=, group=), or list them in "
        f"NOT_MODEL_CONSTANTS with the reason: {missing}"
    )


def test_the_exemptions_name_existing_undeclared_constants(declared):
    found = {(module, name) for module, name, _ in _module_constants()}
    assert not set(NOT_MODEL_CONSTANTS) - found, "stale entries in NOT_MODEL_CONSTANTS"
    both = [key for key in NOT_MODEL_CONSTANTS if key in declared]
    assert not both, f"declared and exempt at once: {both}"
    assert all(reason.strip() for reason in NOT_MODEL_CONSTANTS.values())


def test_the_declared_value_is_the_value_the_model_reads(declared):
    """``fixed`` hands back its value itself, and nothing rebinds the name afterwards."""
    for (module, name), constant in declared.items():
        base, _, key = name.partition("[")
        value = getattr(importlib.import_module(f"ketawidget.model.{module}"), base)
        if key:
            value = value[key[1:-2]]  # '"tau_ms"]' -> tau_ms
        assert value is constant.value, f"{module}.{name}"


def test_declarations_are_complete_and_in_the_stage_modules(declared):
    assert len(declared) >= 50
    for (module, name), constant in declared.items():
        assert module in FIXED_CONSTANT_MODULES and module in STAGE_MODULES, (module, name)
        assert constant.group in FIXED_GROUPS
        for text in (constant.unit, constant.meaning, constant.reference):
            assert text.strip() and "|" not in text, (module, name)
    groups = {constant.group for constant in declared.values()}
    assert groups == set(FIXED_GROUPS), f"groups without a constant: {set(FIXED_GROUPS) - groups}"


def test_the_table_lists_every_declaration_grouped_by_stage(declared):
    rows = fixed_constant_table()
    assert {(row["module"], row["name"]) for row in rows} == set(declared)
    positions = [FIXED_GROUPS.index(row["group"]) for row in rows]
    assert positions == sorted(positions)
    assert rows[-1]["group"] == "numerical"


def test_the_parameter_doc_shows_each_fixed_constant():
    from ketawidget.model.parameters import parameter_markdown

    text = parameter_markdown()
    assert "## Fixed constants" in text
    for row in fixed_constant_table():
        assert f"`{row['module']}.{row['name']}`" in text


def test_fixed_returns_its_value_itself_and_refuses_what_is_not_a_constant():
    value = 0.1 + 0.2  # not an interned constant
    meta = dict(unit="-", meaning="m", reference="r", group="numerical")
    # Called through a helper (not a module-level assignment), so it is recorded but never resolved:
    # take it back out of the registry at once.
    from ketawidget.model import constants

    before = len(constants._DECLARATIONS)
    try:
        assert fixed(value, **meta) is value
        numbers = (1.0, 2)
        assert fixed(numbers, **meta) is numbers
    finally:
        del constants._DECLARATIONS[before:]
    for bad in (True, math.nan, math.inf, "3", (), (1.0, "a"), [1.0], None):
        with pytest.raises(TypeError):
            fixed(bad, **meta)
    for field in ("unit", "meaning", "reference"):
        with pytest.raises(ValueError, match=field):
            fixed(1.0, **{**meta, field: " "})
    with pytest.raises(ValueError, match="group"):
        fixed(1.0, **{**meta, "group": "elsewhere"})
    assert len(constants._DECLARATIONS) == before


def test_names_are_read_from_the_declaring_statement(tmp_path):
    """A name or dict entry is found from the statement; a call that is not one is refused."""
    import importlib.util

    from ketawidget.model import constants

    source = (
        "from ketawidget.model.constants import fixed\n"
        "A = fixed(1.5, unit='mV', meaning='a', reference='r', group='synapse')\n"
        "B: float = fixed(\n    2.5,\n    unit='mV', meaning='b', reference='r', group='synapse',\n)\n"
        "D = {\n    'k': fixed(3, unit='-', meaning='d', reference='r', group='circuit'),\n}\n"
    )
    path = tmp_path / "declares_constants.py"
    path.write_text(source + "print(fixed(4.0, unit='-', meaning='e', reference='r', group='circuit'))\n")
    before = len(constants._DECLARATIONS)
    try:
        spec = importlib.util.spec_from_file_location("declares_constants", path)
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
        with pytest.raises(RuntimeError, match="module-level"):
            fixed_constants()
        del constants._DECLARATIONS[-1]  # the bare call
        table = fixed_constants()
        assert table["declares_constants", "A"].value == 1.5
        assert table["declares_constants", "B"].meaning == "b"
        assert table["declares_constants", 'D["k"]'].value == 3
    finally:
        del constants._DECLARATIONS[before:]


def test_the_diagrams_trkb_pool_is_the_models():
    """The diagram draws TrkB activation as receptors bound out of a pool of four, one at baseline
    (js/scene/bdnf_trkb.ts): the pool must be the model's ceiling of TrkB activation."""
    import pathlib
    import re

    from ketawidget.model import plasticity

    source = (pathlib.Path(__file__).parents[1] / "js" / "scene" / "bdnf_trkb.ts").read_text()
    receptors = int(re.search(r"export const TRKB_RECEPTORS = (\d+);", source).group(1))
    bound_per_rel = float(re.search(r"export const TRKB_BOUND_PER_REL = ([\d.]+);", source).group(1))
    assert receptors == float(plasticity.TRKB_MAX_ACTIVATION) / bound_per_rel
