"""The synapse microscope (``kw.simulate_synapse``): docs/science-checks.md check 5, Mg2+ and
ketamine block, trapping, agreement with the slow model's steady state, the stochastic mode and
input errors.

Bounds come from the published findings (docs/science-checks.md) or from physics (conservation,
reversal potentials, binomial statistics), never from the model's own output.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ketawidget as kw
from ketawidget.model import ketamine_block, mg_unblock
from ketawidget.model.receptors import population_block, subunit_constants, subunit_weights

REQUIRED = (
    "ampa_open",
    "nmda_open",
    "nmda_ketamine_bound",
    "cleft_glutamate_mM",
    "v_mV",
    "i_ampa_pA",
    "i_nmda_pA",
    "ca_influx",
)


def pyramidal_block(ketamine_uM, v_mV, mg_mM):
    """Steady-state block of the pyramidal synapse: its GluN2A/2B receptors in equal numbers."""
    return 0.5 * sum(ketamine_block(ketamine_uM, v_mV, mg_mM, subunit) for subunit in ("GluN2A", "GluN2B"))


def decay_tau(t, y, stop_fraction=0.01):
    """Time constant of a single-exponential fit (log-linear least squares) from just after the
    peak until ``y`` falls below ``stop_fraction`` of the peak (or the run ends)."""
    k = int(np.argmax(y))
    keep = (t > t[k] + 0.5) & (y > stop_fraction * y[k])
    slope = np.polyfit(t[keep], np.log(y[keep]), 1)[0]
    return -1.0 / slope


@pytest.fixture(scope="module")
def one_pulse():
    """docs/science-checks.md check 5 protocol: one 1 mM x 1 ms glutamate pulse (the defaults),
    clamped at rest."""
    return kw.simulate_synapse(glutamate_mM=1.0, pulse_ms=1.0, v_clamp_mV=-70.0)


# --- API ----------------------------------------------------------------------------------------------


def test_returns_a_trajectory_in_ms_with_the_promised_channels():
    syn = kw.simulate_synapse()
    assert isinstance(syn, kw.Trajectory)
    assert set(REQUIRED) <= set(syn.channels)
    assert set(syn.units) == set(syn.channels)
    assert syn.units["i_nmda_pA"] == "pA" and syn.units["v_mV"] == "mV" and syn.units["cleft_glutamate_mM"] == "mM"
    assert syn.time_ms[0] == 0.0 and syn.time_ms[-1] == pytest.approx(300.0)
    assert np.allclose(np.diff(syn.time_ms), np.diff(syn.time_ms)[0])
    for name in syn.channels:
        assert syn[name].shape == syn.time_ms.shape and np.all(np.isfinite(syn[name])), name
        assert not syn[name].flags.writeable
    assert not hasattr(syn, "time_h")  # the clock is in ms; no misleading hours attribute
    frame = syn.to_dataframe()
    assert frame.index.name == "time_ms" and list(frame.columns) == list(syn.channels)
    assert syn.at(6.0)["ampa_open"] == pytest.approx(float(np.interp(6.0, syn.time_ms, syn["ampa_open"])))
    with pytest.raises(KeyError, match="no channel"):
        syn["nmda_block_pyramidal"]


def test_top_level_and_model_exports():
    assert kw.simulate_synapse is kw.model.simulate_synapse
    assert "simulate_synapse" in kw.__all__ and "simulate_synapse" in kw.model.__all__


# --- docs/science-checks.md check 5 ---------------------------------------------------------------


def test_check5_ampa_peak_open_fraction(one_pulse):
    assert 0.5 <= one_pulse["ampa_open"].max() <= 0.7


def test_check5_nmda_peak_gating_fraction(one_pulse):
    # nmda_open is the gating fraction r (bound and open, whatever plugs the pore); Mg2+ and ketamine
    # act on top of it (nmda_conducting).
    assert 0.04 <= one_pulse["nmda_open"].max() <= 0.10


def test_check5_ampa_decay_tau(one_pulse):
    assert 1.0 <= decay_tau(one_pulse.time_ms, one_pulse["ampa_open"]) <= 5.0


def test_ampa_decay_is_the_closing_rate_once_glutamate_is_gone(one_pulse):
    # Physics of a two-state scheme with T = 0: dr/dt = -beta r. Guards the fit used above.
    from ketawidget.model.synapse import AMPA_BETA_PER_MS

    assert decay_tau(one_pulse.time_ms, one_pulse["ampa_open"]) == pytest.approx(1 / AMPA_BETA_PER_MS, rel=1e-3)


def test_check5_nmda_decay_tau(one_pulse):
    assert 50.0 <= decay_tau(one_pulse.time_ms, one_pulse["nmda_open"]) <= 300.0


def test_check5_holds_in_current_clamp_too():
    # Gating does not depend on voltage: the free-running spine gives the same fractions.
    syn = kw.simulate_synapse()
    assert 0.5 <= syn["ampa_open"].max() <= 0.7
    assert 0.04 <= syn["nmda_open"].max() <= 0.10


def test_default_release_is_one_mM_for_one_ms():
    syn = kw.simulate_synapse(v_clamp_mV=-70.0)
    glu = syn["cleft_glutamate_mM"]
    dt = syn.time_ms[1] - syn.time_ms[0]
    assert glu.max() == pytest.approx(1.0)
    assert (glu > 0).sum() * dt == pytest.approx(1.0)  # 1 mM during 1 ms, zero elsewhere


def test_clements_shaped_transient_also_passes_check5_peaks():
    # Clements et al. 1992: peak ~1.1 mM, clearance tau ~1.2 ms. The square pulse stands in for it.
    syn = kw.simulate_synapse(glutamate_mM=1.1, pulse_ms=0.01, clearance_tau_ms=1.2, v_clamp_mV=-70.0)
    glu, t = syn["cleft_glutamate_mM"], syn.time_ms
    assert glu.max() == pytest.approx(1.1, rel=0.01)
    assert decay_tau(t, glu, stop_fraction=1e-3) == pytest.approx(1.2, rel=0.01)
    assert 0.5 <= syn["ampa_open"].max() <= 0.7
    assert 0.04 <= syn["nmda_open"].max() <= 0.10


# --- Mg2+ block --------------------------------------------------------------------------------------


def peak_inward(syn, name="i_nmda_pA"):
    return -syn[name].min()


def test_mg_makes_nmda_current_at_rest_much_smaller_than_when_depolarised():
    at_rest = peak_inward(kw.simulate_synapse(v_clamp_mV=-70.0, mg_mM=1.0))
    depolarised = peak_inward(kw.simulate_synapse(v_clamp_mV=-30.0, mg_mM=1.0))
    assert at_rest < 0.5 * depolarised
    # Without Mg2+ the channel is ohmic: more driving force at -70 mV gives more current (70/30).
    no_mg_rest = peak_inward(kw.simulate_synapse(v_clamp_mV=-70.0, mg_mM=0.0))
    no_mg_depol = peak_inward(kw.simulate_synapse(v_clamp_mV=-30.0, mg_mM=0.0))
    assert no_mg_rest / no_mg_depol == pytest.approx(70 / 30, rel=1e-9)


def test_nmda_conductance_follows_the_jahr_stevens_values():
    # Jahr & Stevens 1990: in 1 mM Mg2+ the unblocked fraction is 0.044 at -70 mV and 0.78 at 0 mV.
    rest = kw.simulate_synapse(v_clamp_mV=-70.0)["nmda_conducting"].max()
    zero = kw.simulate_synapse(v_clamp_mV=0.0)["nmda_conducting"].max()
    assert rest / zero == pytest.approx(0.044 / 0.78, rel=0.04)
    assert kw.simulate_synapse(v_clamp_mV=-70.0)["nmda_mg_unblocked"][0] == pytest.approx(0.044, rel=0.02)


def test_ampa_current_is_ohmic_and_mg_insensitive():
    a = kw.simulate_synapse(v_clamp_mV=-70.0, mg_mM=1.0)
    b = kw.simulate_synapse(v_clamp_mV=-70.0, mg_mM=0.0)
    c = kw.simulate_synapse(v_clamp_mV=40.0, mg_mM=1.0)
    assert np.array_equal(a["i_ampa_pA"], b["i_ampa_pA"])
    assert c["i_ampa_pA"].max() / -a["i_ampa_pA"].min() == pytest.approx(40 / 70, rel=1e-9)


# --- Ketamine ----------------------------------------------------------------------------------------


def test_ketamine_reduces_nmda_current_and_leaves_ampa_alone():
    control = kw.simulate_synapse(ketamine_uM=0.0, v_clamp_mV=-30.0)
    drug = kw.simulate_synapse(ketamine_uM=10.0, v_clamp_mV=-30.0)
    assert np.array_equal(drug["i_ampa_pA"], control["i_ampa_pA"])
    assert np.array_equal(drug["ampa_open"], control["ampa_open"])
    remaining = peak_inward(drug) / peak_inward(control)
    assert remaining == pytest.approx(1.0 - pyramidal_block(10.0, -30.0, 1.0), rel=1e-6)
    assert remaining < 0.5
    # Ca2+ comes in through the same pores, so it falls by the same share.
    assert drug["ca_influx"].max() / control["ca_influx"].max() == pytest.approx(remaining, rel=1e-6)


def test_ketamine_in_current_clamp_shrinks_the_nmda_part_of_the_epsp():
    control = kw.simulate_synapse(ketamine_uM=0.0)
    drug = kw.simulate_synapse(ketamine_uM=50.0)
    assert np.array_equal(drug["ampa_open"], control["ampa_open"])
    assert peak_inward(drug) < 0.5 * peak_inward(control)
    assert drug["v_mV"].max() < control["v_mV"].max()


# --- Trapping ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("v_clamp_mV", [-70.0, 0.0, 40.0, None])
def test_trapped_ketamine_stays_while_channels_are_closed(v_clamp_mV):
    # No glutamate: channels never open, so trapped drug cannot leave, even washed out (0 uM) and at
    # potentials that would push it out of an open pore.
    syn = kw.simulate_synapse(
        ketamine_uM=0.0, glutamate_mM=0.0, initial_bound=0.5, v_clamp_mV=v_clamp_mV, duration_ms=10000
    )
    assert np.all(syn["nmda_ketamine_bound"] == 0.5)
    assert np.all(syn["nmda_ketamine_trapped"] == 0.5)


def test_ketamine_cannot_enter_closed_channels():
    syn = kw.simulate_synapse(
        ketamine_uM=1000.0, mg_mM=0.0, glutamate_mM=0.0, initial_bound=0.0, v_clamp_mV=-70.0, duration_ms=10000
    )
    assert np.all(syn["nmda_ketamine_bound"] == 0.0)


def test_block_is_flat_until_release_then_builds():
    syn = kw.simulate_synapse(ketamine_uM=100.0, mg_mM=0.0, initial_bound=0.0, v_clamp_mV=-70.0, onset_ms=50.0)
    bound, t = syn["nmda_ketamine_bound"], syn.time_ms
    assert np.all(bound[t <= 50.0] == 0.0)
    assert bound[-1] > 0.01


def test_block_builds_in_proportion_to_open_time():
    # Use dependence: at low occupancy the block gained is (rate) x (time spent open), so a short
    # and a twenty times longer glutamate exposure give the same block per unit open time.
    gained = []
    for pulse in (1.0, 20.0):
        syn = kw.simulate_synapse(ketamine_uM=2.0, mg_mM=0.0, initial_bound=0.0, v_clamp_mV=-70.0, pulse_ms=pulse)
        open_time = np.trapezoid(syn["nmda_open"], syn.time_ms)
        gained.append(syn["nmda_ketamine_bound"][-1] / open_time)
    assert gained[0] == pytest.approx(gained[1], rel=0.03)


def test_wash_out_needs_channel_openings():
    common = dict(ketamine_uM=0.0, mg_mM=0.0, initial_bound=0.5, v_clamp_mV=40.0, duration_ms=3000, pulse_ms=50.0)
    resting = kw.simulate_synapse(glutamate_mM=0.0, **common)
    few = kw.simulate_synapse(n_pulses=2, interval_ms=1000.0, **common)
    many = kw.simulate_synapse(n_pulses=20, interval_ms=100.0, **common)
    left = [s["nmda_ketamine_bound"][-1] for s in (resting, few, many)]
    assert left[0] == 0.5 > left[1] > left[2]
    assert np.all(np.diff(many["nmda_ketamine_bound"]) <= 0.0)  # with no drug outside it only leaves


# --- Agreement with the slow model's steady state -----------------------------------------------------


@pytest.mark.parametrize(
    ("ketamine_uM", "mg_mM", "v_clamp_mV"), [(0.78, 1.0, None), (5.0, 1.0, -70.0), (5.0, 0.0, -70.0), (2.0, 1.0, -30.0)]
)
def test_default_start_is_the_slow_models_steady_state_block(ketamine_uM, mg_mM, v_clamp_mV):
    syn = kw.simulate_synapse(ketamine_uM=ketamine_uM, mg_mM=mg_mM, v_clamp_mV=v_clamp_mV)
    v = -70.0 if v_clamp_mV is None else v_clamp_mV  # the unclamped spine rests at -70 mV
    assert syn["nmda_ketamine_bound"][0] == pytest.approx(pyramidal_block(ketamine_uM, v, mg_mM), rel=1e-12)
    assert syn["nmda_ketamine_trapped"][0] == syn["nmda_ketamine_bound"][0]  # all closed at t = 0
    # The slow model's pyramidal block (current-weighted over the same GluN2A/2B mix) agrees to 1 %.
    no_mg, kmg = subunit_constants()
    slow = population_block(ketamine_uM, v, mg_mM, subunit_weights(0.0), no_mg, kmg, 50.0)
    assert syn["nmda_ketamine_bound"][0] == pytest.approx(slow, rel=0.01)


def test_slow_trajectory_moment_starts_consistent():
    # At the brain peak of the antidepressant infusion the slow model's use-dependent block has had
    # tens of minutes to settle, so it sits within a few per cent of the steady state the
    # microscope starts from.
    traj = kw.simulate(kw.Infusion(0.5, 40), hours=2)
    k = int(np.argmax(traj["ketamine_brain_uM"]))
    syn = kw.simulate_synapse(ketamine_uM=float(traj["ketamine_brain_uM"][k]))
    assert syn["nmda_ketamine_bound"][0] == pytest.approx(float(traj["nmda_block_pyramidal"][k]), rel=0.03)
    # and its exact value can be handed over
    slow_block = float(traj["nmda_block_pyramidal"][k])
    exact = kw.simulate_synapse(ketamine_uM=float(traj["ketamine_brain_uM"][k]), initial_bound=slow_block)
    assert exact["nmda_ketamine_bound"][0] == slow_block


@pytest.mark.parametrize("v_clamp_mV", [-70.0, -30.0, 0.0, 40.0])
@pytest.mark.parametrize("ketamine_uM", [0.5, 5.0, 50.0])
def test_steady_state_block_is_kept_through_synaptic_activity(v_clamp_mV, ketamine_uM):
    # At steady state, binding in open channels balances unbinding however many are open.
    syn = kw.simulate_synapse(ketamine_uM=ketamine_uM, v_clamp_mV=v_clamp_mV, n_pulses=3, pulse_ms=20.0)
    expected = pyramidal_block(ketamine_uM, v_clamp_mV, 1.0)
    assert np.max(np.abs(syn["nmda_ketamine_bound"] - expected)) < 1e-9
    assert syn["nmda_ketamine_trapped"].min() < 0.5 * expected  # channels did open: drug moved CB -> OB


def test_repeated_stimulation_converges_to_the_steady_state_from_both_sides():
    expected = pyramidal_block(5.0, 0.0, 1.0)
    ends = []
    for start in (0.0, 1.0):
        syn = kw.simulate_synapse(
            ketamine_uM=5.0, v_clamp_mV=0.0, initial_bound=start,
            pulse_ms=100.0, interval_ms=200.0, n_pulses=50, duration_ms=10000,
        )
        bound = syn["nmda_ketamine_bound"]
        step = np.diff(bound)
        assert np.all(step >= -1e-15) if start == 0.0 else np.all(step <= 1e-15)  # approaches, no overshoot
        ends.append(bound[-1])
    assert ends[0] <= expected <= ends[1]
    assert ends[1] - ends[0] < 0.01  # both within 0.01 of it, starting 0.76 and 0.24 away


# --- Voltage, currents, Ca2+ --------------------------------------------------------------------------


def test_single_synapse_gives_a_few_mV_epsp_and_returns_to_rest():
    syn = kw.simulate_synapse()
    v = syn["v_mV"]
    assert v[0] == -70.0
    assert 1.0 <= v.max() + 70.0 <= 10.0
    assert abs(v[-1] + 70.0) < 0.5


def test_no_glutamate_no_drug_everything_stays_at_rest():
    syn = kw.simulate_synapse(glutamate_mM=0.0)
    quiet = ("ampa_open", "nmda_open", "nmda_ketamine_bound", "i_ampa_pA", "i_nmda_pA", "ca_influx", "cleft_glutamate_mM")
    for name in quiet:
        assert np.all(syn[name] == 0.0), name
    assert np.all(syn["v_mV"] == -70.0)


def test_current_sign_convention_and_calcium_entry():
    inward = kw.simulate_synapse(v_clamp_mV=-60.0, mg_mM=0.0)
    assert inward["i_ampa_pA"].min() < 0 and inward["i_ampa_pA"].max() <= 0  # negative = inward
    # Schneggenburger et al. 1993: Ca2+ carries ~10 % of the NMDA current at -60 mV.
    k = int(np.argmin(inward["i_nmda_pA"]))
    assert inward["ca_influx"][k] / -inward["i_nmda_pA"][k] == pytest.approx(0.10, rel=1e-6)
    # Above the NMDA reversal (0 mV) the net current is outward, but Ca2+ (E_Ca >> 0) still enters.
    outward = kw.simulate_synapse(v_clamp_mV=40.0, mg_mM=0.0)
    assert outward["i_nmda_pA"].max() > 0 and outward["ca_influx"].max() > 0
    assert np.all(outward["ca_influx"] >= 0.0)


# --- Numerics ---------------------------------------------------------------------------------------


def test_time_step_converged():
    coarse = kw.simulate_synapse(ketamine_uM=5.0)
    fine = kw.simulate_synapse(ketamine_uM=5.0, dt_ms=0.0025)
    for name, tol in (("ampa_open", 1e-3), ("nmda_open", 1e-4), ("v_mV", 0.02), ("nmda_ketamine_bound", 1e-5)):
        on_coarse = np.interp(coarse.time_ms, fine.time_ms, fine[name])
        assert np.max(np.abs(coarse[name] - on_coarse)) < tol, name


@pytest.mark.parametrize(("duration", "dt", "end"), [(1.0, 0.07, 1.05), (300.0, 0.025, 300.0), (10.0, 0.1, 10.0)])
def test_a_run_covers_its_whole_duration_in_whole_steps(duration, dt, end):
    syn = kw.simulate_synapse(duration_ms=duration, dt_ms=dt)
    assert syn.time_ms[-1] == pytest.approx(end) and syn.time_ms[-1] >= duration


def test_pulse_shorter_than_the_step_delivers_its_glutamate():
    short = kw.simulate_synapse(pulse_ms=0.01, glutamate_mM=5.0, v_clamp_mV=-70.0)
    resolved = kw.simulate_synapse(pulse_ms=0.01, glutamate_mM=5.0, v_clamp_mV=-70.0, dt_ms=0.001)
    assert short["nmda_open"].max() == pytest.approx(resolved["nmda_open"].max(), rel=0.01)
    assert short["ampa_open"].max() == pytest.approx(resolved["ampa_open"].max(), rel=0.02)


@settings(max_examples=30, deadline=None)
@given(
    ketamine=st.floats(0.0, 1000.0),
    mg=st.floats(0.0, 10.0),
    v=st.one_of(st.none(), st.floats(-120.0, 60.0)),
    glutamate=st.floats(0.0, 10.0),
    pulse=st.floats(0.01, 100.0),
    stochastic=st.booleans(),
)
def test_fractions_stay_fractions(ketamine, mg, v, glutamate, pulse, stochastic):
    syn = kw.simulate_synapse(ketamine, mg, v, glutamate, pulse, duration_ms=50, stochastic=stochastic)
    fractions = ("ampa_open", "nmda_open", "nmda_ketamine_bound", "nmda_ketamine_trapped", "nmda_mg_unblocked")
    for name in (*fractions, "nmda_conducting"):
        assert np.all((syn[name] >= -1e-12) & (syn[name] <= 1.0 + 1e-12)), name
    assert np.all(syn["nmda_ketamine_trapped"] <= syn["nmda_ketamine_bound"] + 1e-12)
    assert np.all(syn["nmda_conducting"] <= syn["nmda_open"] + 1e-12)
    if v is None:  # a free spine stays between rest (E_L) and the synaptic reversal potential (0 mV)
        assert np.all((syn["v_mV"] >= -70.0 - 1e-9) & (syn["v_mV"] <= 0.0 + 1e-9))
    else:
        assert np.all(syn["v_mV"] == v)


# --- Stochastic mode ----------------------------------------------------------------------------------


def test_same_seed_same_run_other_seed_other_run():
    a = kw.simulate_synapse(stochastic=True, seed=7, ketamine_uM=5.0)
    b = kw.simulate_synapse(stochastic=True, seed=7, ketamine_uM=5.0)
    c = kw.simulate_synapse(stochastic=True, seed=8, ketamine_uM=5.0)
    for name in a.channels:
        assert np.array_equal(a[name], b[name]), name
    assert not np.array_equal(a["ampa_open"], c["ampa_open"])


def test_stochastic_channels_count_whole_receptors():
    syn = kw.simulate_synapse(stochastic=True, seed=3, ketamine_uM=5.0, n_ampa=50, n_nmda=12)
    for name, n in (("ampa_open", 50), ("nmda_open", 12), ("nmda_ketamine_bound", 12)):
        counts = syn[name] * n
        assert np.allclose(counts, np.round(counts), atol=1e-9), name


RUNS = 400


@pytest.fixture(scope="module")
def ensemble():
    """400 seeds of a clamped synapse with ketamine, and the deterministic run."""
    kwargs = dict(ketamine_uM=5.0, v_clamp_mV=-30.0, duration_ms=100)
    runs = [kw.simulate_synapse(stochastic=True, seed=s, **kwargs) for s in range(RUNS)]
    return runs, kw.simulate_synapse(**kwargs)


@pytest.mark.parametrize(("name", "n"), [("ampa_open", 80), ("nmda_open", 20), ("nmda_ketamine_bound", 20)])
def test_stochastic_mean_converges_to_the_deterministic_run(ensemble, name, n):
    # Independent receptors: at each time the open count is binomial(N, p(t)), p(t) the deterministic
    # fraction, so the mean of R runs has standard error sqrt(p (1 - p) / (N R)). Allow 5 standard
    # errors at every one of the ~4000 (strongly correlated) samples: a false alarm has a chance
    # below 4000 x 6e-7 = 0.2 %, while a real bias of a few per cent of the peak would be caught.
    runs, det = ensemble
    mean = np.mean([r[name] for r in runs], axis=0)
    p = det[name]
    se = np.sqrt(p * (1.0 - p) / (n * RUNS))
    assert np.all(np.abs(mean - p) <= 5.0 * se + 1e-12)
    assert np.abs(mean - p).max() < 0.05 * max(p.max(), 0.1)


def test_stochastic_mean_converges_in_current_clamp():
    # Gating does not depend on voltage, so the same holds for the free-running spine.
    runs = [kw.simulate_synapse(stochastic=True, seed=s, duration_ms=50) for s in range(RUNS)]
    det = kw.simulate_synapse(duration_ms=50)
    for name, n in (("ampa_open", 80), ("nmda_open", 20)):
        mean = np.mean([r[name] for r in runs], axis=0)
        se = np.sqrt(det[name] * (1.0 - det[name]) / (n * RUNS))
        assert np.all(np.abs(mean - det[name]) <= 5.0 * se + 1e-12), name
    # The voltage is a nonlinear function of the conductances, but only mildly over a few mV.
    mean_v = np.mean([r["v_mV"] for r in runs], axis=0)
    assert np.max(np.abs(mean_v - det["v_mV"])) < 0.05 * (det["v_mV"].max() + 70.0)


# --- Input errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ketamine_uM": -1.0}, r"ketamine_uM must be a number from 0 to 1000 uM; got -1"),
        ({"ketamine_uM": 1001}, r"ketamine_uM must be a number from 0 to 1000 uM; got 1001"),
        ({"ketamine_uM": math.nan}, r"ketamine_uM must be a number from 0 to 1000 uM; got NaN"),
        ({"ketamine_uM": "1"}, r"ketamine_uM must be a number from 0 to 1000 uM; got '1' \(str\)"),
        ({"mg_mM": 10.5}, r"mg_mM must be a number from 0 to 10 mM; got 10.5"),
        ({"mg_mM": True}, r"mg_mM must be a number from 0 to 10 mM; got True \(bool\)"),
        ({"v_clamp_mV": -121.0}, r"v_clamp_mV must be a number from -120 to 60 mV; got -121"),
        ({"v_clamp_mV": 61}, r"v_clamp_mV must be a number from -120 to 60 mV; got 61"),
        ({"v_clamp_mV": math.inf}, r"v_clamp_mV must be a number from -120 to 60 mV; got inf"),
        ({"glutamate_mM": 11.0}, r"glutamate_mM must be a number from 0 to 10 mM; got 11"),
        ({"pulse_ms": 0.001}, r"pulse_ms must be a number from 0.01 to 100 ms; got 0.001"),
        ({"pulse_ms": 101.0}, r"pulse_ms must be a number from 0.01 to 100 ms; got 101"),
        ({"duration_ms": 0.5}, r"duration_ms must be a number from 1 to 10000 ms; got 0.5"),
        ({"duration_ms": 10001}, r"duration_ms must be a number from 1 to 10000 ms; got 10001"),
        ({"stochastic": "yes"}, r"stochastic must be True or False; got 'yes' \(str\)"),
        ({"stochastic": 1}, r"stochastic must be True or False; got 1 \(int\)"),
        ({"seed": -1}, r"seed must be an integer from 0 to 4294967295; got -1"),
        ({"seed": 1.5}, r"seed must be an integer from 0 to 4294967295; got 1.5 \(float\)"),
        ({"seed": True}, r"seed must be an integer from 0 to 4294967295; got True \(bool\)"),
        # The lower bound is pulse_ms (default 1 ms): say so (review: "from 5" did not say why).
        ({"interval_ms": 0.5}, r"^interval_ms must be a number from 1 to 10000 ms \(at least pulse_ms, 1 ms\); got 0.5$"),
        ({"pulse_ms": 5, "interval_ms": 2, "n_pulses": 2}, r"^interval_ms must be a number from 5 to 10000 ms \(at least pulse_ms, 5 ms\); got 2$"),
        ({"initial_bound": 1.5}, r"initial_bound must be a number from 0 to 1 fraction; got 1.5"),
        ({"n_pulses": 0}, r"n_pulses must be an integer from 1 to 1000; got 0"),
        ({"dt_ms": 1.0}, r"dt_ms must be a number from 0.001 to 0.1 ms; got 1"),
    ],
)
def test_bad_arguments_raise_naming_parameter_range_and_unit(kwargs, message):
    with pytest.raises(kw.ParameterError, match=message):
        kw.simulate_synapse(**kwargs)


def test_parameter_error_is_a_value_error_and_misspelt_keywords_raise():
    with pytest.raises(ValueError):
        kw.simulate_synapse(mg_mM=-1)
    with pytest.raises(TypeError):
        kw.simulate_synapse(ketamine_um=1.0)  # type: ignore[call-arg]


def test_mg_unblock_reused_not_redefined():
    # The microscope's Mg2+ block is the model's Jahr-Stevens function, at every voltage it visits.
    syn = kw.simulate_synapse(mg_mM=1.3)
    assert np.allclose(syn["nmda_mg_unblocked"], mg_unblock(syn["v_mV"], 1.3), rtol=1e-12, atol=0)


def test_microscope_takes_its_conditions_from_a_moment_of_the_slow_trajectory():
    from ketawidget.model import synapse_conditions

    traj = kw.simulate(kw.Infusion(1.0, 40), params=kw.Params(mg_mM=0.8), hours=3)
    peak = float(traj.time_h[traj["ketamine_brain_uM"].argmax()])
    conditions = synapse_conditions(traj, peak)
    assert conditions["ketamine_uM"] == pytest.approx(traj["ketamine_brain_uM"].max())
    assert conditions["mg_mM"] == 0.8
    syn = kw.simulate_synapse(**conditions)
    assert syn["nmda_ketamine_bound"][0] == pytest.approx(float(np.interp(peak, traj.time_h, traj["nmda_block_pyramidal"])))
    control = kw.simulate_synapse(mg_mM=0.8)
    # the blocked synapse passes less NMDA current, in proportion to the block it starts with
    ratio = syn["i_nmda_pA"].min() / control["i_nmda_pA"].min()
    assert 0.5 < ratio < 1.0 - 0.5 * conditions["initial_bound"]
    with pytest.raises(kw.ParameterError, match="time_h"):
        synapse_conditions(traj, float("nan"))


# --- The run's parameters ----------------------------------------------------------------------------


def test_microscope_runs_with_the_on_rate_of_the_slow_run_it_zooms_into():
    """synapse_conditions passes the run's Params on: a 200 /uM/min on-rate (11x the default) plugs
    open channels ~11x faster during the event. (The microscope once read the class defaults, so a
    run made with another on-rate was zoomed into with 18 /uM/min.)"""
    from ketawidget.model import synapse_conditions

    fast = kw.Params(ketamine_on_rate_per_uM_min=200.0)
    traj = kw.simulate(kw.Infusion(0.5, 40), params=fast, hours=1)
    conditions = synapse_conditions(traj, 0.6)
    assert conditions["params"] == fast
    run = kw.simulate_synapse(**conditions)
    assert run.params["ketamine_on_rate_per_uM_min"] == 200.0
    with_defaults = kw.simulate_synapse(**{**conditions, "params": kw.Params()})
    gained = run["nmda_ketamine_bound"][-1] - run["nmda_ketamine_bound"][0]
    gained_with_defaults = with_defaults["nmda_ketamine_bound"][-1] - with_defaults["nmda_ketamine_bound"][0]
    assert gained > 5 * gained_with_defaults > 0


def test_microscope_synapse_has_the_glun2_mix_of_params():
    """All GluN2C/2D: the steady-state block it starts from is the mean of those two subunits' block."""
    run = kw.simulate_synapse(1.0, params=kw.Params(pyramidal_glun2cd_fraction=1.0))
    expected = 0.5 * sum(ketamine_block(1.0, -70.0, 1.0, subunit) for subunit in ("GluN2C", "GluN2D"))
    assert run["nmda_ketamine_bound"][0] == pytest.approx(expected, rel=1e-12)
    assert run["nmda_ketamine_bound"][0] > 1.5 * pyramidal_block(1.0, -70.0, 1.0)  # Mg2+ keeps less ketamine out
    # ...and through synapse_conditions, with the run's own (use-dependent) block
    from ketawidget.model import synapse_conditions

    params = kw.Params(pyramidal_glun2cd_fraction=1.0)
    traj = kw.simulate(kw.Infusion(0.5, 40), params=params, hours=1)
    conditions = synapse_conditions(traj, 0.6)
    assert kw.simulate_synapse(**conditions).params["pyramidal_glun2cd_fraction"] == 1.0
    a = kw.simulate_synapse(**conditions)["nmda_ketamine_bound"]
    b = kw.simulate_synapse(**{**conditions, "params": kw.Params()})["nmda_ketamine_bound"]
    assert not np.array_equal(a, b)


def test_microscope_voltage_dependence_of_ketamine_follows_params():
    """Away from -70 mV the e-fold matters: at -30 mV a 20 mV e-fold loses more affinity than 50 mV."""
    steep = kw.simulate_synapse(1.0, v_clamp_mV=-30.0, params=kw.Params(ketamine_voltage_efold_mV=20.0))
    default = kw.simulate_synapse(1.0, v_clamp_mV=-30.0)
    expected = 0.5 * sum(
        ketamine_block(1.0, -30.0, 1.0, subunit, ketamine_voltage_efold_mV=20.0) for subunit in ("GluN2A", "GluN2B")
    )
    assert steep["nmda_ketamine_bound"][0] == pytest.approx(expected, rel=1e-12)
    assert steep["nmda_ketamine_bound"][0] < 0.5 * default["nmda_ketamine_bound"][0]


def test_default_params_give_the_same_run_bit_for_bit():
    for kwargs in ({}, {"ketamine_uM": 2.0, "v_clamp_mV": -40.0}, {"ketamine_uM": 1.0, "stochastic": True, "seed": 4}):
        default = kw.simulate_synapse(**kwargs)
        for params in (kw.Params(), kw.Params(**kw.Params().to_dict()), kw.Params(mg_mM=3.0, species="rat")):
            run = kw.simulate_synapse(**kwargs, params=params)  # Params it does not read change nothing
            for name in default.channels:
                assert run[name].tobytes() == default[name].tobytes(), name


@pytest.mark.parametrize("bad", [{"ketamine_on_rate_per_uM_min": 50.0}, "defaults", 1.0])
def test_params_must_be_a_params(bad):
    with pytest.raises(kw.ParameterError, match=r"params must be a ketawidget.Params; got"):
        kw.simulate_synapse(params=bad)


def test_conditions_of_a_trajectory_with_no_or_bad_params():
    from ketawidget.model import synapse_conditions

    run = kw.simulate(kw.Infusion(0.5, 40), hours=2)

    def recorded(params):
        return kw.Trajectory(run.time_h, {name: run[name] for name in run.channels}, run.units, params=params)

    conditions = synapse_conditions(recorded(None), 0.5)
    assert conditions["params"] == kw.Params() and conditions["mg_mM"] == 1.0
    assert synapse_conditions(recorded({"mg_mM": 0.7}), 0.5)["params"] == kw.Params(mg_mM=0.7)
    for params, message in (({"mg_mM": -1.0}, "mg_mM must be a number from 0 to 10 mM"),
                            ({"mg": 1.0}, "unknown parameter"),
                            ({"mg_mM": [1.0]}, "mg_mM must be a number")):
        with pytest.raises(kw.ParameterError, match=f"trajectory.params must be Params values.*{message}"):
            synapse_conditions(recorded(params), 0.5)


def test_conditions_hand_out_a_params_of_their_own():
    """Changing the Params one call returned does not change what the next call returns."""
    from ketawidget.model import synapse_conditions

    traj = kw.simulate(kw.Infusion(0.5, 40), params=kw.Params(mg_mM=0.8), hours=1)
    first = synapse_conditions(traj, 0.5)["params"]
    first.mg_mM = 2.0
    assert synapse_conditions(traj, 0.5)["params"].mg_mM == 0.8


def test_slow_trajectory_functions_refuse_a_microscope_run_saying_what_to_pass():
    """A microscope run is a Trajectory too, but in ms: synapse_conditions used to fail with KeyError
    'ketamine_brain_uM' and microscope_moments with AttributeError 'time_h'."""
    from ketawidget.model import microscope_moments, synapse_conditions

    run = kw.simulate_synapse()
    refused = r"trajectory must be a slow trajectory \(hours, from ketawidget.simulate\); got a synapse-microscope run.*Pass the run of kw.simulate"
    with pytest.raises(kw.ParameterError, match=refused):
        synapse_conditions(run, 0.1)
    with pytest.raises(kw.ParameterError, match=refused):
        microscope_moments(run)
    with pytest.raises(kw.ParameterError, match="trajectory must be a ketawidget.Trajectory; got dict"):
        microscope_moments({"time_h": [0.0]})


# --- NBQX on the AMPA receptors ----------------------------------------------------------------------
# Bounds from the pharmacology (a share e of the AMPA receptors cannot bind glutamate) and from the
# physics of the compartment, with e read from its one declaration.

NBQX = kw.Params(nbqx=True)


def nbqx_share():
    from ketawidget.model.parameters import PRETREATMENT_EFFICACY

    return PRETREATMENT_EFFICACY["nbqx"]


def test_nbqx_scales_the_ampa_current_by_the_share_it_leaves_free():
    # Clamped, the driving force is fixed and the scheme linear in the free pool: exactly 1 - e.
    control = kw.simulate_synapse(v_clamp_mV=-70.0)
    blocked = kw.simulate_synapse(v_clamp_mV=-70.0, params=NBQX)
    free = 1.0 - nbqx_share()
    assert blocked["i_ampa_pA"].min() / control["i_ampa_pA"].min() == pytest.approx(free, rel=1e-9)
    assert blocked["ampa_open"].max() == pytest.approx(free * control["ampa_open"].max(), rel=1e-9)
    # Only receptors free of NBQX can open, however much glutamate (a 10 mM x 20 ms flood).
    flooded = kw.simulate_synapse(glutamate_mM=10.0, pulse_ms=20.0, v_clamp_mV=-70.0, params=NBQX)
    assert flooded["ampa_open"].max() <= free + 1e-12
    assert flooded["ampa_open"].max() > 0.95 * free
    # Free-running, the smaller EPSP leaves a little more driving force: a little above 1 - e.
    ratio = kw.simulate_synapse(params=NBQX)["i_ampa_pA"].min() / kw.simulate_synapse()["i_ampa_pA"].min()
    assert free <= ratio < 1.1 * free


def test_nbqx_leaves_the_spine_less_depolarised_and_its_nmda_receptors_more_mg_blocked():
    control = kw.simulate_synapse()
    blocked = kw.simulate_synapse(params=NBQX)
    at_rest = kw.simulate_synapse(v_clamp_mV=-70.0)  # no depolarisation at all: the NMDA floor
    rise, rise_blocked = control["v_mV"].max() + 70.0, blocked["v_mV"].max() + 70.0
    assert 0.0 < rise_blocked < 0.5 * rise  # the AMPA current is most of one EPSP's charge
    assert blocked["nmda_mg_unblocked"].max() < control["nmda_mg_unblocked"].max()
    # Less Mg2+ relief: the NMDA current and its Ca2+ fall towards what a spine held at rest passes.
    assert abs(at_rest["i_nmda_pA"].min()) <= abs(blocked["i_nmda_pA"].min()) < abs(control["i_nmda_pA"].min())
    assert at_rest["ca_influx"].max() <= blocked["ca_influx"].max() < control["ca_influx"].max()


@pytest.mark.parametrize("v_clamp_mV", [-70.0, -30.0, 40.0])
def test_under_voltage_clamp_the_nmda_receptors_do_not_notice_nbqx(v_clamp_mV):
    control = kw.simulate_synapse(2.0, v_clamp_mV=v_clamp_mV)
    blocked = kw.simulate_synapse(2.0, v_clamp_mV=v_clamp_mV, params=NBQX)
    for name in ("nmda_open", "nmda_ketamine_bound", "nmda_ketamine_trapped", "nmda_conducting", "i_nmda_pA", "ca_influx"):
        assert np.array_equal(blocked[name], control[name]), name
    assert np.abs(blocked["i_ampa_pA"]).max() < 0.5 * np.abs(control["i_ampa_pA"]).max()  # while AMPA does


def test_nbqx_lets_less_ketamine_in_during_the_event():
    """Ketamine enters only Mg2+-free open pores; NBQX's smaller depolarisation frees fewer of them."""
    control = kw.simulate_synapse(1.0, initial_bound=0.0)
    blocked = kw.simulate_synapse(1.0, initial_bound=0.0, params=NBQX)
    gained, gained_blocked = control["nmda_ketamine_bound"][-1], blocked["nmda_ketamine_bound"][-1]
    assert 0.0 < gained_blocked < gained


NBQX_RUNS = 1000


def test_stochastic_nbqx_mean_converges_to_the_deterministic_run():
    """Each receptor holds NBQX with probability e, so its open count is binomial(N, (1 - e) p(t)):
    the deterministic value. 50 receptors: a fixed count (47 or 48 held, not 47.5) would be off by a
    fifth of the mean, ~8 standard errors here."""
    kwargs = dict(v_clamp_mV=-70.0, duration_ms=20, n_ampa=50, params=NBQX)
    runs = np.array([kw.simulate_synapse(stochastic=True, seed=s, **kwargs)["ampa_open"] for s in range(NBQX_RUNS)])
    det = kw.simulate_synapse(**kwargs)["ampa_open"]
    se = np.sqrt(det * (1.0 - det) / (50 * NBQX_RUNS))
    assert np.all(np.abs(runs.mean(axis=0) - det) <= 5.0 * se + 1e-12)
    assert runs.max() <= 1.0 - nbqx_share() + 0.25  # ~2.5 free of 50; 15 would be 9 sd out
    # The same seed traps the same NMDA receptors with and without NBQX (its draw comes after).
    with_drug = dict(ketamine_uM=5.0, stochastic=True, seed=11)
    assert kw.simulate_synapse(**with_drug, params=NBQX)["nmda_ketamine_bound"][0] == kw.simulate_synapse(**with_drug)["nmda_ketamine_bound"][0]


def test_a_moment_of_an_nbqx_run_zooms_in_with_nbqx():
    from ketawidget.model import synapse_conditions

    run = kw.simulate(kw.Infusion(0.5, 40), params=kw.Params(nbqx=True), hours=1)
    conditions = synapse_conditions(run, 0.67)
    assert conditions["params"].nbqx is True
    zoomed = kw.simulate_synapse(**conditions)
    assert zoomed.params["nbqx"] is True and "NBQX on 95 % of AMPA receptors" in zoomed.description
    without = kw.simulate_synapse(**{**conditions, "params": kw.Params()})
    assert zoomed["i_ampa_pA"].min() / without["i_ampa_pA"].min() < 1.1 * (1.0 - nbqx_share())
    assert "NBQX" not in without.description and without.params["nbqx"] is False
