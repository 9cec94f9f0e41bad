"""Pharmacokinetics per species and route: peaks and timings against the published values cited in
``parameters.SPECIES_PK``, bioavailability, species order, mass conservation, the exact integrator
with several inputs, the numba core against scipy for rodent i.p. protocols, and bad combinations.

Every bound below comes from a source (named beside it), not from the model's own output.
"""

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

import ketawidget as kw
from ketawidget.model.dosing import check_dose_for_species
from ketawidget.model.parameters import ROUTES, SPECIES_PK, UM_PER_MG_PER_L
from ketawidget.model.pharmacokinetics import N_PK, bioavailability, pk_system
from ketawidget.model.simulation import input_rates, time_grid
from ketawidget.model.solver import integrate_linear

NG_PER_ML_PER_UM = 1e3 / UM_PER_MG_PER_L  # 237.7 ng/mL per uM


def plasma_ng_per_ml(traj):
    return traj["ketamine_plasma_uM"] * NG_PER_ML_PER_UM


def peak(traj):
    """(peak plasma ng/mL, time of the peak in min)."""
    c = plasma_ng_per_ml(traj)
    i = int(np.argmax(c))
    return c[i], traj.time_h[i] * 60.0


def decline_half_life_min(traj, a_min, b_min):
    """Half-life of the plasma decline between two times (min), from the log-linear slope."""
    t = traj.time_h * 60.0
    c = traj["ketamine_plasma_uM"]
    ca, cb = np.interp(a_min, t, c), np.interp(b_min, t, c)
    return (b_min - a_min) * math.log(2.0) / math.log(ca / cb)


def auc(traj):
    return np.trapezoid(traj["ketamine_plasma_uM"], traj.time_h)


HUMAN, MOUSE, RAT = kw.Params(), kw.Params(species="mouse"), kw.Params(species="rat")


# ---- the constants -----------------------------------------------------------------------------------


def test_every_species_has_its_routes_and_dose_range():
    assert set(SPECIES_PK) == {"human", "mouse", "rat"}
    assert SPECIES_PK["human"].routes == ("iv", "im", "intranasal")
    assert SPECIES_PK["mouse"].routes == ("iv", "ip")
    assert SPECIES_PK["rat"].routes == ("iv", "ip")
    assert SPECIES_PK["human"].max_dose_mg_per_kg == 20.0
    assert SPECIES_PK["mouse"].max_dose_mg_per_kg == SPECIES_PK["rat"].max_dose_mg_per_kg == 200.0
    for name, pk in SPECIES_PK.items():
        assert pk.reference and pk.brain_note, name
        for route, absorption in pk.absorption.items():
            assert 0.0 < absorption.bioavailability <= 1.0 and absorption.ka_per_min > 0.0, (name, route)
            assert absorption.reference, (name, route)


def test_human_disposition_is_still_clements_and_nimmo():
    pk = SPECIES_PK["human"]
    assert (pk.v1_l_per_kg, pk.k10_per_min, pk.k12_per_min, pk.k21_per_min) == (1.75, 0.0109, 0.0186, 0.0137)
    alpha, beta = pk.half_lives_min
    assert 15 < alpha < 21 and 2.5 * 60 < beta < 3.5 * 60  # Clements & Nimmo 1981: ~18 min and ~3 h


def test_published_bioavailabilities():
    assert SPECIES_PK["human"].absorption["im"].bioavailability == 0.93  # Clements et al. 1982
    assert 0.45 <= SPECIES_PK["human"].absorption["intranasal"].bioavailability <= 0.5  # Yanagihara 2003: ~45 %


# ---- peaks and timings per species and route ------------------------------------------------------


def test_human_im_peak_and_timing():
    """0.5 mg/kg IM: peak 5-30 min after the injection (Clements et al. 1982; reviews 5-15 min); the
    product information gives ~0.14 ug/mL at ~25 min for 0.5 mg/kg (es)ketamine IM: within a factor 2."""
    c_max, t_max = peak(kw.simulate(kw.Bolus(0.5, "im"), params=HUMAN, hours=6))
    assert 5.0 <= t_max <= 30.0
    assert 70.0 <= c_max <= 280.0


def test_human_intranasal_peak_and_timing():
    """2 mg/kg intranasal: peak 355 +/- 172 ng/mL at 18 +/- 13 min (Weber et al. 2004, S-ketamine in
    children); 14-23 min for a nasal spray in adults (Pharmacotherapy 2022;42:298)."""
    c_max, t_max = peak(kw.simulate(kw.Bolus(2.0, "intranasal"), params=HUMAN, hours=6))
    assert 355 - 172 <= c_max <= 355 + 172
    assert 18 - 13 <= t_max <= 18 + 13


@pytest.mark.parametrize("route", ["im", "intranasal"])
def test_extravascular_peaks_come_later_and_lower_than_iv(route):
    iv = peak(kw.simulate(kw.Bolus(0.5, "iv"), params=HUMAN, hours=6))
    other = peak(kw.simulate(kw.Bolus(0.5, route), params=HUMAN, hours=6))
    assert other[0] < iv[0] and other[1] > iv[1]


@pytest.mark.parametrize("params", [MOUSE, RAT], ids=["mouse", "rat"])
def test_rodent_ip_peak_within_minutes(params):
    """i.p. doses reach the blood within minutes (Lukas et al. 1971: portal uptake within 10 s-5 min);
    animals are ataxic 5-6 min after an injection (CCAC): plasma peaks between 2 and 15 min."""
    traj = kw.simulate(kw.Bolus(10.0, "ip"), params=params, hours=6)
    _, t_max = peak(traj)
    assert 2.0 <= t_max <= 15.0
    iv = peak(kw.simulate(kw.Bolus(10.0, "iv"), params=params, hours=6))
    assert peak(traj)[0] < iv[0]


def test_mouse_plasma_half_life_after_ip():
    """Mouse plasma half-life ~10-15 min after i.p. (an assumed typical value; see SPECIES_PK)."""
    traj = kw.simulate(kw.Bolus(10.0, "ip"), params=MOUSE, hours=6)
    assert 10.0 <= decline_half_life_min(traj, 30, 90) <= 15.0


def test_rat_terminal_half_life():
    """Rat terminal half-life ~1-2 h (an assumed typical value; see SPECIES_PK), read 2-6 h after an i.p. dose."""
    traj = kw.simulate(kw.Bolus(10.0, "ip"), params=RAT, hours=8)
    assert 60.0 <= decline_half_life_min(traj, 120, 360) <= 120.0


def test_rat_repeated_doses_keep_plasma_above_100_ng_per_ml():
    """7.5 mg/kg every 90 min keeps plasma above 100 ng/mL in rats (IM in F344 rats, Drug Test Anal
    2019;11:68). Checked with IV pushes, whose troughs are lower than an absorbed dose's."""
    dose = kw.Schedule([(1.5 * k, kw.Bolus(7.5, "iv")) for k in range(4)])
    traj = kw.simulate(dose, params=RAT, hours=6)
    after_first = traj.time_h * 60 > 5.0
    assert plasma_ng_per_ml(traj)[after_first].min() > 100.0


@pytest.mark.parametrize("params", [MOUSE, RAT], ids=["mouse", "rat"])
def test_rodent_anaesthetic_ip_dose(params):
    """80 mg/kg i.p. (the rodent anaesthetic dose) keeps plasma above ~2 ug/mL, about the least
    concentration that immobilises (pigs ~2 ug/mL; dogs 3 ug/mL, Kaka & Hayton 1980), for longer than
    20 min (anaesthesia lasts ~30 min), and below it within 5 h (recovery within 4-5 h; CCAC)."""
    traj = kw.simulate(kw.Bolus(80.0, "ip"), params=params, hours=8)
    t = traj.time_h * 60.0
    above = t[plasma_ng_per_ml(traj) > 2000.0]
    assert above.size and above.max() - above.min() >= 20.0
    assert above.max() <= 5 * 60.0


@pytest.mark.parametrize("params", [MOUSE, RAT], ids=["mouse", "rat"])
def test_rodent_brain_follows_an_iv_dose(params):
    """Brain ketamine peaks within a minute or two of an IV dose (rat, Cohen et al. 1973), is lower at
    30 min and all but gone by 3 h (Front Synaptic Neurosci 2018;10:8)."""
    traj = kw.simulate(kw.Bolus(10.0, "iv"), params=params, hours=4)
    t = traj.time_h * 60.0
    brain = traj["ketamine_brain_uM"]
    assert t[np.argmax(brain)] <= 1.0 + 2.0  # the push ends at 1 min
    assert np.interp(30.0, t, brain) < 0.5 * brain.max()
    assert np.interp(180.0, t, brain) < 0.05 * brain.max()


def test_species_clear_ketamine_in_order_mouse_rat_human():
    cl = {name: pk.clearance_ml_per_min_kg for name, pk in SPECIES_PK.items()}
    beta = {name: pk.half_lives_min[1] for name, pk in SPECIES_PK.items()}
    assert cl["mouse"] > cl["rat"] > cl["human"]
    assert beta["mouse"] < beta["rat"] < beta["human"]
    # And in the simulation: time until plasma is below 1 % of its peak after the same IV dose.
    gone = {}
    for name, params in (("human", HUMAN), ("mouse", MOUSE), ("rat", RAT)):
        traj = kw.simulate(kw.Bolus(1.0, "iv"), params=params, hours=48)
        c = traj["ketamine_plasma_uM"]
        gone[name] = traj.time_h[np.flatnonzero(c > 0.01 * c.max())[-1]]
    assert gone["mouse"] < gone["rat"] < gone["human"]


# ---- bioavailability and mass balance -------------------------------------------------------------

ROUTE_CASES = [("human", "im", 0.5), ("human", "intranasal", 0.5), ("mouse", "ip", 10.0), ("rat", "ip", 10.0)]


@pytest.mark.parametrize(("species", "route", "dose"), ROUTE_CASES)
def test_auc_ratio_to_iv_is_the_bioavailability(species, route, dose):
    params = kw.Params(species=species)
    hours = 96 if species == "human" else 24
    ratio = auc(kw.simulate(kw.Bolus(dose, route), params=params, hours=hours)) / auc(
        kw.simulate(kw.Bolus(dose, "iv"), params=params, hours=hours)
    )
    assert ratio == pytest.approx(SPECIES_PK[species].absorption[route].bioavailability, rel=0.01)


def mass_balance(dose, params, hours):
    """(given, states) at every sample; the states (central, peripheral, the three depots, eliminated,
    lost) add up to what was given.

    Integrates the PK system without the effect site (which holds no drug), with two more states:
    eliminated (d/dt = k10 x central) and lost to bioavailability (d/dt = sum_r (1 - F_r) u_r).
    """
    pk = SPECIES_PK[params.species]
    a, b = pk_system(params)
    keep = [i for i in range(N_PK) if i != 2]  # drop the effect site
    n = len(keep)
    mass = np.zeros((n + 2, n + 2))
    mass[:n, :n] = a[np.ix_(keep, keep)]
    mass[n, 0] = pk.k10_per_min
    b_mass = np.zeros((n + 2, len(ROUTES)))
    b_mass[:n] = b[keep]
    b_mass[n + 1] = 1.0 - bioavailability(params)
    segments = dose.segments()
    t = time_grid(segments, hours)
    u = input_rates(segments, t)
    states = integrate_linear(mass, b_mass, np.zeros(n + 2), t, u)
    given = np.concatenate(([0.0], np.cumsum(u[:-1].sum(axis=1) * np.diff(t))))
    return given, states


@pytest.mark.parametrize(
    ("species", "dose"),
    [
        ("human", kw.Schedule([(0, kw.Infusion(0.5, 40)), (2, kw.Bolus(0.5, "im")), (3, kw.Bolus(1.0, "intranasal")), (3.01, kw.Bolus(1.0))])),
        ("mouse", kw.Schedule([(0, kw.Bolus(10.0, "ip")), (1, kw.Bolus(5.0, "iv")), (1.5, kw.Infusion(20.0, 60))])),
        ("rat", kw.Schedule([(0, kw.Bolus(80.0, "ip")), (0.2, kw.Bolus(10.0, "ip")), (5, kw.Bolus(5.0))])),
    ],
)
def test_drug_is_conserved_with_depots_and_bioavailability(species, dose):
    given, states = mass_balance(dose, kw.Params(species=species), 48)
    np.testing.assert_allclose(states.sum(axis=1), given, rtol=1e-10, atol=1e-12)
    assert given[-1] == pytest.approx(sum(d.dose_mg_per_kg for _, d in dose.doses))


@pytest.mark.parametrize(("species", "route", "dose"), ROUTE_CASES)
def test_lost_share_is_one_minus_f(species, route, dose):
    """Long after one dose all of it is either eliminated (F x dose) or lost before absorption ((1 - F) x dose)."""
    f = SPECIES_PK[species].absorption[route].bioavailability
    _, states = mass_balance(kw.Bolus(dose, route), kw.Params(species=species), 96)
    eliminated, lost = states[-1, -2], states[-1, -1]
    assert lost == pytest.approx((1.0 - f) * dose, rel=1e-12)
    assert eliminated == pytest.approx(f * dose, rel=1e-6)
    assert states[:, 2:5].max() <= f * dose * (1 + 1e-12)  # never more in a depot than was absorbable


# ---- numerics -----------------------------------------------------------------------------------------


def test_exact_integrator_handles_several_inputs():
    """integrate_linear with several input columns against scipy (Radau, tight tolerances)."""
    a, b = pk_system(kw.Params(species="human"))
    dose = kw.Schedule([(0, kw.Infusion(0.5, 40)), (0.5, kw.Bolus(0.5, "im")), (0.6, kw.Bolus(1.0, "intranasal"))])
    segments = dose.segments()
    t = time_grid(segments, 6)
    u = input_rates(segments, t)
    exact = integrate_linear(a, b, np.zeros(N_PK), t, u)
    x = np.zeros(N_PK)
    change = np.concatenate(([0], np.flatnonzero(np.any(np.diff(u[:-1], axis=0) != 0, axis=1)) + 1, [t.size - 1]))
    for lo, hi in zip(change[:-1], change[1:], strict=True):
        sol = solve_ivp(lambda _t, y, uu=u[lo]: a @ y + b @ uu, (t[lo], t[hi]), x, method="Radau",
                        t_eval=t[lo : hi + 1], rtol=1e-11, atol=1e-14)
        np.testing.assert_allclose(exact[lo : hi + 1], sol.y.T, rtol=1e-7, atol=1e-11)
        x = sol.y[:, -1]


def test_every_input_change_of_every_route_is_a_grid_point():
    dose = kw.Schedule([(0, kw.Bolus(0.5, "im")), (0.25, kw.Infusion(0.2, 7)), (1, kw.Bolus(0.3, "intranasal"))])
    segments = dose.segments()
    grid = time_grid(segments, 12)
    for seg in segments:
        assert seg.start_min in grid and seg.end_min in grid
    u = input_rates(segments, grid)
    assert u.shape == (grid.size, len(ROUTES))
    given = (u[:-1] * np.diff(grid)[:, None]).sum(axis=0)
    np.testing.assert_allclose(given, [0.2, 0.0, 0.5, 0.3], rtol=1e-12)


def _assert_core_matches_reference(fast, ref):
    # Same tolerances as tests/test_simulation.py::test_numba_core_matches_scipy_reference.
    np.testing.assert_array_equal(fast.time_h, ref.time_h)
    for channel in fast.channels:
        a, b = fast[channel], ref[channel]
        scale = np.max(np.abs(b))
        if scale == 0.0:
            assert np.max(np.abs(a)) < 1e-12, channel
            continue
        assert np.max(np.abs(a - b)) / scale < 1e-6, channel
        big = np.abs(b) > 1e-3 * scale
        pointwise = np.max(np.abs(a[big] - b[big]) / np.abs(b[big]))
        assert pointwise < (1e-6 if channel.startswith("ketamine_") else 1e-4), channel


@pytest.mark.parametrize(
    ("species", "dose"),
    [
        ("mouse", kw.Bolus(10.0, "ip")),
        ("rat", kw.Schedule([(0, kw.Bolus(10.0, "ip")), (24, kw.Bolus(80.0, "ip"))])),
        ("human", kw.Schedule([(0, kw.Bolus(0.5, "im")), (2, kw.Bolus(1.0, "intranasal"))])),
    ],
)
def test_numba_core_matches_scipy_reference_for_absorbed_doses(species, dose):
    params = kw.Params(species=species)
    _assert_core_matches_reference(kw.simulate(dose, params=params, hours=48),
                                   kw.model.reference.simulate(dose, params=params, hours=48))


# ---- bad combinations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: kw.simulate(kw.Bolus(100.0, "iv")),
         r"dose_mg_per_kg for a human must be a number from 0 to 20 mg/kg; got 100"),
        (lambda: kw.simulate(kw.Infusion(30.0, 40)),
         r"dose_mg_per_kg for a human must be a number from 0 to 20 mg/kg; got 30"),
        (lambda: kw.simulate(kw.Bolus(10.0, "ip")),
         r"route 'ip' is not available for species 'human'; routes for human: 'iv', 'im', 'intranasal'"),
        (lambda: kw.simulate(kw.Bolus(1.0, "intranasal"), params=kw.Params(species="mouse")),
         r"route 'intranasal' is not available for species 'mouse'; routes for mouse: 'iv', 'ip'"),
        (lambda: kw.simulate(kw.Bolus(1.0, "im"), params=kw.Params(species="rat")),
         r"route 'im' is not available for species 'rat'; routes for rat: 'iv', 'ip'"),
        (lambda: kw.simulate(kw.Schedule([(0, kw.Infusion()), (24, kw.Bolus(50.0, "im"))])),
         r"doses\[1\] dose_mg_per_kg for a human must be a number from 0 to 20 mg/kg; got 50"),
        (lambda: kw.model.reference.simulate(kw.Bolus(1.0, "intranasal"), params=kw.Params(species="rat")),
         r"route 'intranasal' is not available for species 'rat'"),
        (lambda: kw.Bolus(250.0, "ip"),
         r"dose_mg_per_kg must be a number from 0 to 200 mg/kg; got 250 \(by species: human 0 to 20 mg/kg, "
         r"mouse 0 to 200 mg/kg, rat 0 to 200 mg/kg\)"),
        (lambda: kw.Infusion(-1.0, 40), r"dose_mg_per_kg must be a number from 0 to 200 mg/kg; got -1"),
        (lambda: kw.Bolus(1.0, "oral"), r"route must be one of 'iv', 'ip', 'im', 'intranasal'; got 'oral'"),
        (lambda: kw.Params(species="dog"), r"species must be one of 'human', 'mouse', 'rat'; got 'dog'"),
    ],
)
def test_bad_species_route_dose_combinations_raise(call, message):
    with pytest.raises(kw.ParameterError, match=message):
        call()


def test_rodent_doses_are_allowed_in_rodents():
    for species in ("mouse", "rat"):
        check_dose_for_species(kw.Bolus(100.0, "ip"), species)
        check_dose_for_species(kw.Schedule([(0, kw.Bolus(200.0, "ip")), (1, kw.Infusion(40.0, 120)), (2, kw.NoDrug())]), species)
    check_dose_for_species(kw.Bolus(20.0, "im"), "human")
    check_dose_for_species(kw.NoDrug(), "mouse")


def test_dose_captions_name_the_route():
    assert kw.Bolus(2.0).describe() == "2 mg/kg IV bolus"
    assert kw.Bolus(10.0, "ip").describe() == "10 mg/kg i.p. injection"
    assert kw.Bolus(0.5, "im").describe() == "0.5 mg/kg IM injection"
    assert kw.Bolus(1.0, "intranasal").describe() == "1 mg/kg intranasal spray"
