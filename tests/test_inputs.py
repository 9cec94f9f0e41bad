"""Bad values raise a clear error naming the parameter, its range and unit; nothing changes."""

import math

import numpy as np

import pytest
import traitlets
from hypothesis import given, settings
from hypothesis import strategies as st

import ketawidget as kw
from ketawidget.model import parameter_table
from ketawidget.model.solver import SLOW_ATOL


def test_defaults_describe_healthy_adult_human_in_1mM_mg():
    p = kw.Params()
    assert p.species == "human"
    assert p.mg_mM == 1.0


def test_every_parameter_declares_unit_range_description_and_reference():
    rows = parameter_table()
    assert {r["name"] for r in rows} == set(kw.Params().trait_names())
    for row in rows:
        assert row["description"] and row["reference"], row["name"]
        if "choices" in row:
            assert row["default"] in row["choices"]
            continue
        else:
            assert "unit" in row and row["low"] <= row["default"] <= row["high"], row["name"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("mg_mM", float("nan"), r"mg_mM must be a number from 0 to 10 mM; got NaN"),
        ("mg_mM", -0.1, r"mg_mM must be a number from 0 to 10 mM; got -0.1"),
        ("mg_mM", "1 mM", r"mg_mM must be a number from 0 to 10 mM; got '1 mM' \(str\)"),
        ("mg_mM", True, r"mg_mM .* got True \(bool\)"),
        ("v_pyramidal_mV", math.inf, r"v_pyramidal_mV must be a number from -100 to 20 mV; got inf"),
        # An int no float can hold: a ParameterError, not Python's OverflowError.
        ("mg_mM", 10**400, r"mg_mM must be a number from 0 to 10 mM; got 1e\+400$"),
        ("mg_mM", -(10**400), r"mg_mM must be a number from 0 to 10 mM; got -1e\+400$"),
        # numpy's complex, like Python's, is no amount (float() would keep 2 and drop 5j).
        ("mg_mM", np.complex128(2 + 5j), r"mg_mM must be a number from 0 to 10 mM; got .*2\+5j.* \(complex128\)$"),
        ("mg_mM", 2 + 5j, r"mg_mM must be a number from 0 to 10 mM; got \(2\+5j\) \(complex\)$"),
        # The value as typed, not rounded to look allowed; whole numbers without ".0".
        ("mg_mM", 10.0000001, r"mg_mM must be a number from 0 to 10 mM; got 10.0000001$"),
        ("mg_mM", 12.0, r"mg_mM must be a number from 0 to 10 mM; got 12$"),
        ("mg_mM", -1e-12, r"mg_mM must be a number from 0 to 10 mM; got -1e-12$"),
        ("species", "dog", r"species must be one of 'human', 'mouse', 'rat'; got 'dog'"),
        ("species", None, r"species must be one of"),
    ],
)
def test_bad_parameter_raises_trait_error_and_changes_nothing(name, value, message):
    p = kw.Params()
    before = p.to_dict()
    with pytest.raises(traitlets.TraitError, match=message):
        setattr(p, name, value)
    assert p.to_dict() == before


def test_bad_constructor_values_raise():
    with pytest.raises(traitlets.TraitError, match="mg_mM"):
        kw.Params(mg_mM=float("nan"))
    with pytest.raises(TypeError, match="unknown parameter.*mg_mm"):
        kw.Params(mg_mm=1.0)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("mg", r"Params has no setting 'mg'. Did you mean 'mg_mM'\? Settable: anisomycin, .*v_pyramidal_mV\."),
        ("nbqxx", r"no setting 'nbqxx'. Did you mean 'nbqx'\?"),
        ("dose", r"no setting 'dose'. The dose and the run length are not parameters: pass them to simulate"),
    ],
)
def test_a_misspelt_parameter_is_refused_not_silently_kept(name, message):
    p = kw.Params()
    before = p.to_dict()
    with pytest.raises(AttributeError, match=message):
        setattr(p, name, 0.5)
    assert p.to_dict() == before and not hasattr(p, name)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: kw.Infusion(dose_mg_per_kg=-0.5, minutes=40), r"dose_mg_per_kg must be a number from 0 to 200 mg/kg; got -0.5"),
        (lambda: kw.Infusion(dose_mg_per_kg=float("nan")), r"dose_mg_per_kg .* got NaN"),
        (lambda: kw.Infusion(0.5, minutes=0), r"minutes must be a number from 1 to 1440 min; got 0"),
        (lambda: kw.Bolus(-2.0), r"dose_mg_per_kg must be a number from 0 to 200 mg/kg; got -2"),
        (lambda: kw.Bolus(2.0, route="oral"), r"route must be one of 'iv', 'ip', 'im', 'intranasal'; got 'oral'"),
        (lambda: kw.Schedule([(-1, kw.Infusion())]), r"doses\[0\] start_h must be a number from 0"),
        (lambda: kw.Schedule([kw.Infusion()]), r"doses\[0\] must be a \(start_h, dose\) pair"),
        (lambda: kw.Schedule([(0, "ketamine")]), r"doses\[0\] dose must be"),
        (lambda: kw.Schedule(kw.Infusion()), r"doses must be a sequence of \(start_h, dose\) pairs, e.g. \[\(0, Infusion"),
    ],
)
def test_bad_doses_raise_value_error_naming_the_parameter(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_a_negative_zero_dose_is_stored_and_described_as_zero():
    for dose in (kw.Bolus(-0.0), kw.Infusion(-0.0), kw.Bolus(np.float64(-0.0), "ip")):
        assert math.copysign(1.0, dose.dose_mg_per_kg) == 1.0, dose
        assert dose.describe().startswith("0 mg/kg"), dose.describe()
    assert kw.Schedule([(-0.0, kw.Bolus(1.0))]).describe() == "1 mg/kg IV bolus at 0 h"
    assert math.copysign(1.0, kw.Params(mg_mM=-0.0).mg_mM) == 1.0


def test_doses_are_immutable():
    dose = kw.Infusion(0.5, 40)
    with pytest.raises(AttributeError):
        dose.dose_mg_per_kg = 5.0  # type: ignore[misc]


def test_public_functions_validate_arguments():
    with pytest.raises(ValueError, match=r"v_mV must be a number from -150 to 100 mV; got NaN"):
        kw.model.mg_unblock(float("nan"), 1.0)
    with pytest.raises(ValueError, match=r"mg_mM .* got -1"):
        kw.model.mg_unblock(-70.0, [1.0, -1.0])
    # Review: numpy's broadcast error named neither argument.
    with pytest.raises(kw.ParameterError, match=r"^v_mV and mg_mM must have the same shape, or shapes numpy can broadcast together .*; got v_mV of shape \(3,\) and mg_mM of shape \(2,\)$"):
        kw.model.mg_unblock([-70, -60, -50], [1, 2])
    assert kw.model.mg_unblock([[-70.0], [-60.0]], [1.0, 2.0]).shape == (2, 2)  # shapes that broadcast still do
    with pytest.raises(ValueError, match=r"subunit must be one of 'GluN2A', 'GluN2B', 'GluN2C', 'GluN2D'"):
        kw.model.ketamine_block(1.0, subunit="NR2B")
    with pytest.raises(ValueError, match=r"ketamine_uM .* got -1"):
        kw.model.ketamine_block(-1.0)


def test_numpy_values_are_taken_as_the_numbers_and_flags_they_hold():
    """One rule everywhere (review: np.True_ was refused by Params but taken elsewhere, and a 0-d array
    taken by Trajectory.at but refused by Params and simulate): a numpy scalar, or a 0-d array of a
    number or a bool, is the value it holds; a bool is still no number, nor a number a flag."""
    params = kw.Params(nbqx=np.True_, rapamycin=np.array(True), mg_mM=np.array(1.5), v_interneuron_mV=np.float32(-55))
    assert (params.nbqx, params.rapamycin, params.mg_mM, params.v_interneuron_mV) == (True, True, 1.5, -55.0)
    assert type(params.nbqx) is bool and type(params.mg_mM) is float
    params.nbqx = np.False_  # the trait too, not only the constructor
    assert params.nbqx is False
    traj = kw.simulate(kw.Bolus(np.array(2.0)), hours=np.array(2.0))
    assert traj.time_h[-1] == 2.0
    assert traj.at(np.array(1.0)) == traj.at(1.0)
    assert kw.Schedule([(np.array(1.0), kw.Bolus(1.0))]).doses[0][0] == 1.0
    syn = kw.simulate_synapse(ketamine_uM=np.array(1.0), stochastic=np.array(True), seed=np.array(3), duration_ms=np.array(20.0))
    assert syn.params["seed"] == 3 and syn.params["stochastic"] is True
    lab = kw.KetamineLab(hours=np.array(6.0))
    lab.time_h, lab.playing = np.array(1.0), np.bool_(False)
    assert (lab.hours, lab.time_h, lab.playing) == (6.0, 1.0, False)
    for name, bad, message in [
        ("mg_mM", np.array([1.0]), r"^mg_mM must be a number from 0 to 10 mM; got array\(\[1.\]\) \(ndarray\)$"),
        ("mg_mM", np.array(True), r"^mg_mM must be a number .*; got np.True_ \(bool_?\)$"),
        ("mg_mM", np.array(1 + 1j), r"^mg_mM must be a number .*\(complex128\)$"),
        ("nbqx", np.array(1), r"^nbqx must be True or False; got np.int64\(1\) \(int64\)$"),
        ("nbqx", 1, r"^nbqx must be True or False; got 1 \(int\)$"),
    ]:
        with pytest.raises(kw.ParameterError, match=message):
            kw.Params(**{name: bad})


def any_params():
    """Params with every parameter drawn across its declared bounds (or choices)."""
    fields = {}
    for row in parameter_table():
        if "choices" in row:
            fields[row["name"]] = st.sampled_from(row["choices"])
        else:
            fields[row["name"]] = st.floats(row["low"], row["high"], allow_nan=False)
    return st.fixed_dictionaries(fields).map(lambda values: kw.Params(**values))


@settings(deadline=None, max_examples=60)  # the first example compiles or loads numba code
@given(params=any_params(), dose=st.floats(0.0, 20.0), minutes=st.floats(1.0, 120.0))
def test_outputs_stay_physical_across_declared_bounds(params, dose, minutes):
    traj = kw.simulate(kw.Infusion(dose, minutes), params=params, hours=48)
    for channel in traj.channels:
        values = traj[channel]
        assert not np.isnan(values).any(), channel
        # Concentrations, rates and relative levels. A level the drug drives to zero (mTORC1 or the
        # pyramidal rate when pyramidal cells fall silent) may settle a hair below it: the integrator
        # holds it only to its absolute tolerance. Anything further below would be a real sign error.
        assert values.min() >= -SLOW_ATOL, channel
        if traj.units[channel] == "fraction":
            assert values.max() <= 1.0, channel


@settings(deadline=None, max_examples=40)
@given(params=any_params())
def test_without_drug_every_channel_stays_exactly_where_it_starts_across_declared_bounds(params):
    """docs/science-checks.md check 10 for any parameters, not only the defaults: no drift of even
    one ulp (it did, at samples the integrator's dense output filled in, for about 40 % of resting
    pyramidal rates)."""
    traj = kw.simulate(kw.NoDrug(), params=params, hours=168)
    healthy = not any(getattr(params, name) for name in ("chronic_stress", "nbqx", "rapamycin", "anisomycin", "nifedipine", "bdnf_knockout"))
    for channel in traj.channels:
        values = traj[channel]
        assert np.all(values == values[0]), channel
        if healthy and channel.endswith("_rel"):
            assert values[0] == 1.0, channel


def test_a_schedule_names_a_repeated_dose_once():
    course = kw.Schedule([(t, kw.Infusion()) for t in (0, 48, 96)])
    assert course.describe() == "3 × 0.5 mg/kg IV over 40 min, at 0, 48 and 96 h"
    mixed = kw.Schedule([(0, kw.Infusion()), (24, kw.Bolus(1.0))])
    assert mixed.describe() == "0.5 mg/kg IV over 40 min at 0 h; 1 mg/kg IV bolus at 24 h"
    assert kw.Schedule().describe() == "no drug (saline)"
