"""The simulation: API, numba core against the scipy reference, baselines, grid."""

import numpy as np
import pytest

import ketawidget as kw
from ketawidget.model.simulation import time_grid

PROTOCOLS = {
    "antidepressant infusion": kw.Infusion(0.5, 40),
    "anaesthetic bolus": kw.Bolus(2.0),
    "two infusions": kw.Schedule([(0, kw.Infusion(0.5, 40)), (72, kw.Infusion(0.5, 40))]),
    "no drug": kw.NoDrug(),
}


@pytest.mark.parametrize("name", PROTOCOLS)
def test_numba_core_matches_scipy_reference(name):
    dose = PROTOCOLS[name]
    params = kw.Params(mg_mM=1.2, v_interneuron_mV=-55.0)
    fast = kw.simulate(dose, params=params, hours=168)
    ref = kw.model.reference.simulate(dose, params=params, hours=168)
    np.testing.assert_array_equal(fast.time_h, ref.time_h)
    assert fast.channels == ref.channels
    for channel in fast.channels:
        a, b = fast[channel], ref[channel]
        scale = np.max(np.abs(b))
        if scale == 0.0:
            assert np.max(np.abs(a)) < 1e-12, channel
            continue
        # relative to the channel's peak: a pointwise relative error is meaningless where a
        # concentration decays towards zero and both sides are down in round-off
        assert np.max(np.abs(a - b)) / scale < 1e-6, channel
        big = np.abs(b) > 1e-3 * scale
        assert np.max(np.abs(a[big] - b[big]) / np.abs(b[big])) < 1e-6, channel


def test_trajectory_api():
    traj = kw.simulate(kw.Infusion(dose_mg_per_kg=0.5, minutes=40), params=kw.Params(), hours=24)
    assert traj.channels == (
        "ketamine_plasma_uM",
        "ketamine_brain_uM",
        "nmda_block_interneuron",
        "nmda_block_pyramidal",
    )
    assert traj.units["ketamine_plasma_uM"] == "uM"
    assert traj.units["nmda_block_pyramidal"] == "fraction"
    assert traj.time_h[0] == 0.0 and traj.time_h[-1] == pytest.approx(24.0)
    assert np.all(np.diff(traj.time_h) > 0)
    frame = traj.to_dataframe()
    assert frame.index.name == "time_h"
    assert list(frame.columns) == list(traj.channels)
    np.testing.assert_array_equal(frame["ketamine_brain_uM"].to_numpy(), traj["ketamine_brain_uM"])
    with pytest.raises(KeyError, match="glutamate_rel"):
        traj["glutamate_rel"]
    with pytest.raises(ValueError):
        traj["ketamine_plasma_uM"][0] = 1.0  # read-only


def test_no_drug_keeps_every_channel_at_baseline():
    traj = kw.simulate(kw.NoDrug(), hours=168)
    for channel in traj.channels:
        assert np.all(traj[channel] == 0.0), channel


def test_brain_follows_plasma_with_free_fraction():
    params = kw.Params()
    traj = kw.simulate(kw.Infusion(0.5, 40), params=params, hours=8)
    plasma, brain = traj["ketamine_plasma_uM"], traj["ketamine_brain_uM"]
    # brain peak within a few minutes of the plasma peak, and equal to fu x plasma once equilibrated
    lag_min = (traj.time_h[brain.argmax()] - traj.time_h[plasma.argmax()]) * 60
    assert 0 <= lag_min <= 5
    late = traj.time_h > 3
    np.testing.assert_allclose(brain[late] / plasma[late], params.unbound_fraction, rtol=0.02)


def test_dose_proportionality():
    """The PK is linear: twice the dose, twice the concentration."""
    one = kw.simulate(kw.Infusion(0.5, 40), hours=12)
    two = kw.simulate(kw.Infusion(1.0, 40), hours=12)
    np.testing.assert_allclose(two["ketamine_plasma_uM"], 2 * one["ketamine_plasma_uM"], rtol=1e-12, atol=1e-15)


def test_schedule_superposes_doses():
    single = kw.simulate(kw.Infusion(0.5, 40), hours=100)
    double = kw.simulate(kw.Schedule([(0, kw.Infusion(0.5, 40)), (72, kw.Infusion(0.5, 40))]), hours=100)
    shifted = np.interp(double.time_h - 72, single.time_h, single["ketamine_plasma_uM"], left=0.0)
    expected = np.interp(double.time_h, single.time_h, single["ketamine_plasma_uM"]) + shifted
    at_72_plus = (double.time_h >= 72) & (double.time_h < 78)
    np.testing.assert_allclose(double["ketamine_plasma_uM"][at_72_plus], expected[at_72_plus], rtol=1e-3, atol=1e-9)


def test_time_grid_is_fine_around_doses_and_hits_breakpoints():
    grid = time_grid([(0.0, 40.0, 0.0125)], hours=24)
    assert 40.0 in grid and grid[0] == 0.0 and grid[-1] == 24 * 60
    steps = np.diff(grid)
    assert steps[grid[:-1] < 6 * 60].max() <= 0.5 + 1e-9
    assert steps[grid[:-1] > 7 * 60].min() > 5.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: kw.simulate(kw.Infusion(), hours=float("nan")), r"hours must be a number from 0.1 to 1440 h; got NaN"),
        (lambda: kw.simulate(kw.Infusion(), hours=-1), r"hours .* got -1"),
        (lambda: kw.simulate("0.5 mg/kg"), r"dose must be an Infusion"),
        (lambda: kw.simulate(kw.Infusion(), params={"mg_mM": 1}), r"params must be"),
    ],
)
def test_simulate_rejects_bad_arguments(call, message):
    with pytest.raises(kw.ParameterError, match=message):
        call()
