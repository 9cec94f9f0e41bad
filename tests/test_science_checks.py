"""docs/science-checks.md checks 1-4 and 6-9, as tests (check 5 is in test_synapse.py, check 10 in
test_simulation.py). Bounds come from the published findings listed there, not from the model's output."""

import numpy as np
import pytest

import ketawidget as kw
from ketawidget.model import ketamine_block, mg_unblock

NG_PER_ML_PER_UM = 237.7  # 1 uM racemic ketamine = 237.7 ng/mL


def plasma_at(traj, minutes):
    return float(np.interp(minutes / 60.0, traj.time_h, traj["ketamine_plasma_uM"]))


@pytest.fixture(scope="module")
def infusion_traj():
    return kw.simulate(kw.Infusion(dose_mg_per_kg=0.5, minutes=40), params=kw.Params(), hours=6)


class TestCheck1AntidepressantInfusion:
    """Human 0.5 mg/kg over 40 min: peak 150-250 ng/mL near 40 min; ~half by 80 min; < 40 ng/mL by 4 h."""

    @pytest.fixture
    def traj(self, infusion_traj):
        return infusion_traj

    def test_peak_concentration_and_time(self, traj):
        plasma = traj["ketamine_plasma_uM"]
        peak_ng_ml = plasma.max() * NG_PER_ML_PER_UM
        assert 150 <= peak_ng_ml <= 250
        assert 0.63 <= plasma.max() <= 1.05
        assert abs(traj.time_h[plasma.argmax()] * 60 - 40) <= 5

    def test_about_half_by_80_min(self, traj):
        ratio = plasma_at(traj, 80) / traj["ketamine_plasma_uM"].max()
        assert 0.35 <= ratio <= 0.65

    def test_under_40_ng_ml_by_4_h(self, traj):
        assert plasma_at(traj, 240) * NG_PER_ML_PER_UM < 40


def test_check2_anaesthetic_bolus_stays_above_4_uM_for_5_min():
    """Human 2 mg/kg IV bolus over 1 min: plasma above 4 uM for the first 5 minutes (after the push)."""
    traj = kw.simulate(kw.Bolus(dose_mg_per_kg=2.0, route="iv"), hours=1)
    minutes = np.linspace(1.0, 5.0, 41)
    assert min(plasma_at(traj, m) for m in minutes) > 4.0


@pytest.mark.parametrize(
    ("v_mV", "expected"),
    [(-70.0, 0.044), (0.0, 0.78)],
)
def test_check3_jahr_stevens_values_within_2_percent(v_mV, expected):
    assert mg_unblock(v_mV, 1.0) == pytest.approx(expected, rel=0.02)


def test_check3_mg_unblock_shape():
    v = np.linspace(-100, 40, 50)
    b = mg_unblock(v, 1.0)
    assert np.all(np.diff(b) > 0), "depolarisation relieves the block"
    assert mg_unblock(-70.0, 0.0) == 1.0, "no Mg2+, no block"
    assert mg_unblock(-70.0, 2.0) < mg_unblock(-70.0, 1.0)


def ic50(subunit, mg_mM, v_mV=-70.0):
    """Concentration giving 50 % block, found by bisection on the public function."""
    lo, hi = 1e-4, 1e4
    for _ in range(200):
        mid = np.sqrt(lo * hi)
        if ketamine_block(mid, v_mV=v_mV, mg_mM=mg_mM, subunit=subunit) < 0.5:
            lo = mid
        else:
            hi = mid
    return np.sqrt(lo * hi)


@pytest.mark.parametrize("subunit", ["GluN2A", "GluN2B", "GluN2C", "GluN2D"])
def test_check4_ic50_without_mg(subunit):
    assert 0.3 <= ic50(subunit, 0.0) <= 0.8


@pytest.mark.parametrize("subunit", ["GluN2A", "GluN2B"])
def test_check4_ic50_in_1mM_mg_for_2a_2b(subunit):
    assert 4.0 <= ic50(subunit, 1.0) <= 7.0


def test_check4_2c_2d_more_sensitive_in_mg():
    least_sensitive_cd = max(ic50("GluN2C", 1.0), ic50("GluN2D", 1.0))
    most_sensitive_ab = min(ic50("GluN2A", 1.0), ic50("GluN2B", 1.0))
    assert most_sensitive_ab >= 1.5 * least_sensitive_cd


def test_block_is_monotonic_and_bounded():
    conc = np.logspace(-3, 3, 60)
    for subunit in ("GluN2A", "GluN2D"):
        block = ketamine_block(conc, v_mV=-70, mg_mM=1.0, subunit=subunit)
        assert np.all(np.diff(block) > 0)
        assert block[0] < 0.01 and block[-1] > 0.99
    assert ketamine_block(0.0) == 0.0


def test_interneurons_blocked_more_than_pyramidal_cells():
    traj = kw.simulate(kw.Infusion(0.5, 40), hours=3)
    inter, pyr = traj["nmda_block_interneuron"], traj["nmda_block_pyramidal"]
    i = traj["ketamine_brain_uM"].argmax()
    assert inter[i] > 1.5 * pyr[i] > 0


# ---- the slow model: docs/science-checks.md checks 6-9 (check 10 is in test_simulation.py) ---------


def at(traj, channel, hours):
    return float(np.interp(hours, traj.time_h, traj[channel]))


@pytest.fixture(scope="module")
def week():
    """The antidepressant infusion, followed for a week."""
    return kw.simulate(kw.Infusion(dose_mg_per_kg=0.5, minutes=40), hours=168)


def first_time_h(traj, mask):
    assert mask.any()
    return float(traj.time_h[np.argmax(mask)])


def test_check6_disinhibition_at_a_subanaesthetic_dose(week):
    params = kw.Params()
    inter = week["rate_interneuron_hz"] / params.baseline_rate_interneuron_hz
    pyr = week["rate_pyramidal_hz"] / params.baseline_rate_pyramidal_hz
    assert inter.min() < 0.95, "interneuron firing falls"
    # ... and falls before pyramidal firing rises (Homayoun & Moghaddam 2007)
    assert first_time_h(week, inter < 0.97) < first_time_h(week, pyr > 1.03)
    # pyramidal rate and glutamate end up above baseline while the drug is there
    end_of_infusion = 40 / 60
    assert at(week, "rate_pyramidal_hz", end_of_infusion) > 1.1 * params.baseline_rate_pyramidal_hz
    assert at(week, "glutamate_rel", end_of_infusion) > 1.1
    assert at(week, "ampa_activation_rel", end_of_infusion) > 1.1, "the surge acts on AMPA receptors"


def test_check7_anaesthetic_dose_lowers_glutamate():
    traj = kw.simulate(kw.Bolus(dose_mg_per_kg=2.0, route="iv"), hours=6)
    peak = traj["ketamine_brain_uM"].argmax()
    assert traj["glutamate_rel"][peak] < 1.0
    # Anaesthetic levels (early plasma 5-10 uM, Idvall 1979; check 2's 4 uM): glutamate below baseline
    # throughout, not just at the peak.
    anaesthetic = traj["ketamine_plasma_uM"] > 4.0
    assert anaesthetic.sum() > 5
    assert np.all(traj["glutamate_rel"][anaesthetic] < 1.0)


def test_check7_glutamate_surge_is_an_inverted_u_in_dose():
    """Glutamate at the end of a 40-min infusion: up with subanaesthetic doses, down with anaesthetic."""
    doses = [0.1, 0.25, 0.5, 1.0, 4.0, 8.0]
    surge = [at(kw.simulate(kw.Infusion(d, 40), hours=2), "glutamate_rel", 40 / 60) for d in doses]
    assert surge[0] > 1.0 and surge[1] > surge[0] and surge[2] > surge[1]
    assert max(surge) > 1.2
    assert surge[-2] < 1.0 and surge[-1] < surge[-2]


def test_check8_timeline(week):
    # eEF2 dephosphorylated and BDNF up within 30-60 min (Autry et al. 2011)
    assert at(week, "eef2_phospho_rel", 1.0) < 0.9
    assert at(week, "bdnf_rel", 1.0) > 1.1
    assert at(week, "eef2_phospho_rel", 0.5) < 0.95 and at(week, "bdnf_rel", 0.5) > 1.05
    # mTORC1 signalling up within 30-60 min (Li et al. 2010)
    assert at(week, "mtorc1_rel", 1.0) > 1.1
    # spines: not raised at 3-6 h, clearly raised at 24 h, still above baseline a week later
    gain_24h = at(week, "spine_density_rel", 24) - 1
    assert gain_24h > 0.1
    assert at(week, "spine_density_rel", 6) - 1 < 0.25 * gain_24h
    assert at(week, "spine_density_rel", 3) - 1 < 0.1 * gain_24h
    assert at(week, "spine_density_rel", 168) > 1.02
    # stronger existing synapses too
    assert week["synaptic_strength_rel"].max() > 1.02


def test_mtorc1_is_a_burst_as_li_saw(week):
    """Li et al. 2010: mTORC1-pathway phosphorylation up at 30-60 min and back to baseline by 2 h;
    synaptic proteins up from ~2 h. TrkB desensitisation makes the burst; the synaptic proteins made in
    it outlast it (on main before the burst, mTORC1 was still +53 % at 2 h)."""
    assert at(week, "mtorc1_rel", 1.0) > 1.3
    assert at(week, "mtorc1_rel", 2.0) < 1.1
    assert week["mtorc1_rel"][week.time_h >= 3.0].max() < 1.05, "and it stays back"
    assert at(week, "trkb_activation_rel", 2.0) > 1.2, "while BDNF still binds TrkB"
    assert at(week, "synaptic_strength_rel", 2.0) > 1.05, "synaptic proteins up from ~2 h"
    assert at(week, "synaptic_strength_rel", 24.0) > 1.02, "and still up when the spines are counted"


def spine_gain(params, hours=72):
    drug = kw.simulate(kw.Infusion(0.5, 40), params=params, hours=hours)
    control = kw.simulate(kw.NoDrug(), params=params, hours=hours)
    return drug["spine_density_rel"].max() - control["spine_density_rel"].max(), drug


@pytest.mark.parametrize("pretreatment", ["nbqx", "rapamycin", "anisomycin", "bdnf_knockout", "nifedipine"])
def test_check9_each_blocker_removes_the_spine_gain_but_not_the_block(pretreatment):
    alone, alone_traj = spine_gain(kw.Params())
    blocked, blocked_traj = spine_gain(kw.Params(**{pretreatment: True}))
    assert alone > 0.1
    assert blocked <= 0.1 * alone, f"{pretreatment} leaves {blocked / alone:.0%} of the spine gain"
    for channel in ("nmda_block_interneuron", "nmda_block_pyramidal"):
        np.testing.assert_allclose(blocked_traj[channel], alone_traj[channel], rtol=0, atol=1e-6)


def test_chronic_stress_baseline_and_rescue():
    stressed = kw.simulate(kw.Infusion(0.5, 40), params=kw.Params(chronic_stress=True), hours=168)
    assert stressed["spine_density_rel"][0] < 0.9, "stress removes spines"
    assert stressed["spine_density_rel"].max() > stressed["spine_density_rel"][0] + 0.1, "ketamine restores some"


@pytest.mark.parametrize("index", range(4))
def test_population_block_of_one_subunit_is_that_subunits_block(index):
    """The population mixture, reduced to one subunit, gives that subunit's public block curve."""
    from ketawidget.model.receptors import population_block, subunit_constants

    subunit = ("GluN2A", "GluN2B", "GluN2C", "GluN2D")[index]
    weights = np.zeros(4)
    weights[index] = 1.0
    no_mg, kmg = subunit_constants()
    for conc, v, mg in [(0.5, -70.0, 1.0), (3.0, -40.0, 2.0), (0.1, -90.0, 0.0)]:
        mixed = population_block(conc, v, mg, weights, no_mg, kmg, 50.0)
        assert mixed == pytest.approx(ketamine_block(conc, v_mV=v, mg_mM=mg, subunit=subunit), rel=1e-12)


def test_mg_shifts_ketamine_ic50_by_the_competition_factor():
    """Mg2+ competes with ketamine: the IC50 grows as 1 + [Mg]/KMg(V), with KMg e-folding per 1/0.062 mV."""
    for subunit in ("GluN2B", "GluN2D"):
        shift_70 = ic50(subunit, 1.0, -70.0) / ic50(subunit, 0.0, -70.0) - 1.0
        shift_40 = ic50(subunit, 1.0, -40.0) / ic50(subunit, 0.0, -40.0) - 1.0
        assert shift_70 / shift_40 == pytest.approx(np.exp(0.062 * 30.0), rel=1e-6)
        assert ic50(subunit, 2.0, -70.0) / ic50(subunit, 0.0, -70.0) - 1.0 == pytest.approx(2 * shift_70, rel=1e-6)
