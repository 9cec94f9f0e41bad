"""Every model output that docs/model.md, docs/science-checks.md and README.md quote, recomputed
from the model.

One row per figure: the phrase that prints it (which must be in the doc, whitespace aside), a small
function that recomputes it through the public API, the value as printed and how it is printed.
A row passes when the recomputed value rounds to the printed one at the printed precision; a figure
written with "~" or "about" is checked within the tolerance its row states instead, and a
qualitative claim that can be checked is a row whose function returns whether it holds. So a model
change that moves a quoted figure fails here, and so does editing a figure in the doc without its row
(or the row without the doc).

Inputs the docs quote (IC50s, pharmacokinetic and time constants, the Jahr-Stevens constants, gains)
are not rows: they are declared in ``parameters.py`` and listed by ``test_docs.test_parameter_table_is_current``.
Definitions follow ``kw.experiments``: a change "at 24 h" is against a no-drug control run with the
same parameters, a microdialysis sample is glutamate averaged over time across its 20-min window.
Not checked, because today's model cannot produce them: the competitive-kinetics counterfactual
("glutamate reaches 1.55x", section 2), which needs equations the model does not have.
"""

from __future__ import annotations

import functools
import math
import pathlib
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

import ketawidget as kw
from ketawidget.model import plasticity, receptors

ROOT = pathlib.Path(__file__).resolve().parent.parent
NG_PER_ML_PER_UM = 237.7  # 1 uM racemic ketamine = 237.7 ng/mL (molar mass 237.7 g/mol)

ANTIDEPRESSANT = kw.Infusion(dose_mg_per_kg=0.5, minutes=40)
BOLUS = kw.Bolus(dose_mg_per_kg=2.0, route="iv")
WEEK_H = 168.0
END_OF_INFUSION_H = 40 / 60
#: The six-infusion course of the lab's "course" lesson (Monday-Wednesday-Friday for two weeks).
COURSE = kw.Schedule(tuple((start, ANTIDEPRESSANT) for start in (0.0, 48.0, 96.0, 168.0, 216.0, 264.0)))


# ---- runs, each simulated once -------------------------------------------------------------------


@functools.cache
def run(dose, hours: float = WEEK_H, **params) -> kw.Trajectory:
    return kw.simulate(dose, params=kw.Params(**params), hours=hours)


@functools.cache
def experiment(name: str) -> kw.experiments.ExperimentResult:
    return kw.experiments.run(name)


def at(traj: kw.Trajectory, channel: str, hours: float) -> float:
    return float(np.interp(hours, traj.time_h, traj[channel]))


def minutes(traj: kw.Trajectory) -> np.ndarray:
    return traj.time_h * 60.0


def change_pct(dose, channel: str, hours: float, run_h: float = WEEK_H, **params) -> float:
    """Per cent change against a no-drug control with the same parameters (as kw.experiments)."""
    drug, control = run(dose, run_h, **params), run(kw.NoDrug(), run_h, **params)
    return 100.0 * (at(drug, channel, hours) / at(control, channel, hours) - 1.0)


def rat_ip(dose: float, hours: float = 48.0) -> kw.Trajectory:
    return run(kw.Bolus(dose, route="ip"), hours, species="rat")


def mouse_ip(dose: float, hours: float = 48.0) -> kw.Trajectory:
    return run(kw.Bolus(dose, route="ip"), hours, species="mouse")


def crossing_min(t_min: np.ndarray, values: np.ndarray, level: float, start: int) -> float:
    """First time at or after index ``start`` that ``values`` crosses ``level`` (either way), interpolated."""
    side = values[start:] > level
    k = start + int(np.argmax(side != side[0]))
    assert k > start, "never crosses"
    t0, t1, v0, v1 = t_min[k - 1], t_min[k], values[k - 1], values[k]
    return float(t0 + (level - v0) / (v1 - v0) * (t1 - t0))


def microdialysis(traj: kw.Trajectory, start_min: float, bin_min: float = 20.0) -> float:
    """Glutamate averaged over time across one 20-min sample (the trajectory resampled every 0.01 min;
    written apart from kw.experiments.window_mean, which the rat's figure uses)."""
    fine = np.linspace(start_min, start_min + bin_min, int(bin_min * 100) + 1)
    return float(np.mean(np.interp(fine, minutes(traj), traj["glutamate_rel"])))


def half_lives_min(species: str) -> tuple[float, float]:
    """Half-lives (min) of the fast and slow phases of the two-compartment model's constants."""
    pk = kw.model.SPECIES_PK[species]
    a = np.array([[-(pk.k10_per_min + pk.k12_per_min), pk.k21_per_min], [pk.k12_per_min, -pk.k21_per_min]])
    fast, slow = sorted(-np.linalg.eigvals(a).real, reverse=True)
    return math.log(2) / fast, math.log(2) / slow


# ---- section 1: pharmacokinetics -------------------------------------------------------------------


def infusion_plasma_at_uM(minute: float) -> float:
    return at(run(ANTIDEPRESSANT), "ketamine_plasma_uM", minute / 60)


def bolus_plasma_after_push_uM() -> np.ndarray:
    """Plasma from the end of the one-minute push to 5 min, on a fine grid (interpolated)."""
    traj = run(BOLUS, 6.0)
    return np.interp(np.linspace(1.0, 5.0, 401) / 60, traj.time_h, traj["ketamine_plasma_uM"])


def brain_lags_blood_by_at_most_2_min() -> bool:
    lags = []
    for traj in (run(BOLUS, 6.0), run(ANTIDEPRESSANT)):
        t = minutes(traj)
        lags.append(t[traj["ketamine_brain_uM"].argmax()] - t[traj["ketamine_plasma_uM"].argmax()])
    return all(0.0 <= lag <= 2.0 for lag in lags)


# ---- section 2: the NMDA block -------------------------------------------------------------------


def peak_block_pct(cell: str) -> float:
    return 100.0 * float(run(ANTIDEPRESSANT)[f"nmda_block_{cell}"].max())


def _ic50(subunit: str, mg_mM: float, v_mV: float) -> float:
    """Concentration giving half block, by bisection on the public ketamine_block."""
    lo, hi = 1e-4, 1e4
    for _ in range(200):
        mid = math.sqrt(lo * hi)
        if kw.model.ketamine_block(mid, v_mV=v_mV, mg_mM=mg_mM, subunit=subunit) < 0.5:
            lo = mid
        else:
            hi = mid
    return math.sqrt(lo * hi)


@functools.cache
def block_time_constants_min(cell: str) -> tuple[float, float, float]:
    """The block's time constant at the antidepressant peak (brain ketamine), as the slow model has it
    and as the competitive scheme would (slower by the share of open time the pore is free of Mg2+),
    and their ratio. The slow model's, from model.md's own equation:
    d(block)/dt = k_on x (share of time open) x use x (K (1 - block) - IC50 x block), so
    tau = 1 / (k_on x open x use x (K + IC50)), use = (rate / baseline rate + 0.1) / 1.1."""
    p = kw.Params()
    traj = run(ANTIDEPRESSANT)
    peak = int(traj["ketamine_brain_uM"].argmax())
    conc = float(traj["ketamine_brain_uM"][peak])
    v = getattr(p, f"v_{cell}_mV")
    weights = receptors.subunit_weights(getattr(p, f"{cell}_glun2cd_fraction"))
    no_mg, kmg = receptors.subunit_constants()
    ic50 = float(receptors.half_block_concentration(v, p.mg_mM, weights, no_mg, kmg, p.ketamine_voltage_efold_mV))
    rate = float(traj[f"rate_{cell}_hz"][peak]) / getattr(p, f"baseline_rate_{cell}_hz")
    use = (rate + receptors.SPONTANEOUS_OPENING_SHARE) / (1.0 + receptors.SPONTANEOUS_OPENING_SHARE)
    tau = 1.0 / (p.ketamine_on_rate_per_uM_min * getattr(p, f"{cell}_open_fraction") * use * (conc + ic50))
    # Each subunit's pore is free of Mg2+ for IC50(no Mg2+) / IC50(Mg2+) of its open time (the
    # competition factor); the cell's share is their average over its subunit mix.
    free = sum(
        w * _ic50(subunit, 0.0, v) / _ic50(subunit, p.mg_mM, v)
        for w, subunit in zip(weights, ("GluN2A", "GluN2B", "GluN2C", "GluN2D"), strict=True)
    )
    return tau / free, tau, 1.0 / free


# ---- section 3: disinhibition and glutamate --------------------------------------------------------


def early_dip(channel: str) -> tuple[float, float]:
    """Largest fall (%) of a channel below its baseline in the first 15 min, and when (min)."""
    traj = run(ANTIDEPRESSANT)
    t = minutes(traj)
    values = traj[channel] / traj[channel][0]
    early = t <= 15.0
    k = int(np.argmin(values[early]))
    return 100.0 * (1.0 - float(values[early][k])), float(t[early][k])


def passes_baseline_min(channel: str) -> float:
    traj = run(ANTIDEPRESSANT)
    values = traj[channel] / traj[channel][0]
    t = minutes(traj)
    return crossing_min(t, values, 1.0, start=int(np.argmax(values < 1.0 - 1e-6)))


def every_infusion_dips_first() -> bool:
    """Doses from 0.1 to 2 mg/kg over 40 min, and 0.5 mg/kg over 20 to 240 min: pyramidal firing and
    glutamate are below baseline before they first rise above it."""
    infusions = [kw.Infusion(d, 40) for d in (0.1, 0.25, 0.5, 1.0, 2.0)] + [kw.Infusion(0.5, m) for m in (20, 100, 240)]
    for dose in infusions:
        traj = run(dose, 3.0)
        for channel in ("rate_pyramidal_hz", "glutamate_rel"):
            values = traj[channel] / traj[channel][0]
            rise = int(np.argmax(values > 1.0 + 1e-6))
            if rise == 0 or not values[:rise].min() < 0.99:
                return False
    return True


def glutamate_peak() -> tuple[float, float]:
    traj = run(ANTIDEPRESSANT)
    k = int(traj["glutamate_rel"].argmax())
    return float(traj["glutamate_rel"][k]), float(minutes(traj)[k])


def bolus_glutamate_above_1_7_min() -> tuple[float, float]:
    traj = run(BOLUS, 6.0)
    t, glu = minutes(traj), traj["glutamate_rel"]
    up = crossing_min(t, glu, 1.7, start=0)
    return up, crossing_min(t, glu, 1.7, start=int(np.searchsorted(t, up)) + 1)


def rat_30_suppressed_h() -> float:
    """How long rat 30 mg/kg i.p. keeps glutamate below baseline (h)."""
    traj = rat_ip(30.0, 6.0)
    glu = traj["glutamate_rel"]
    return crossing_min(minutes(traj), glu, 1.0, start=int(np.argmax(glu < 0.999))) / 60.0


def rat_10_later_samples() -> list[float]:
    """The 20-min samples of rat 10 mg/kg i.p. from 40 min to the end of the experiment's 3-h run
    (the sample at 20-40 min is the rise itself, 1.04x)."""
    traj = rat_ip(10.0, 6.0)
    return [microdialysis(traj, start) for start in range(40, 180, 20)]


# ---- section 4: the cascade ----------------------------------------------------------------------


def mtorc1_peak(dose=ANTIDEPRESSANT) -> tuple[float, float]:
    traj = run(dose, 48.0)
    k = int(traj["mtorc1_rel"].argmax())
    return float(traj["mtorc1_rel"][k]), float(traj.time_h[k])


def mtorc1_stays_at_baseline_after_the_burst() -> bool:
    traj = run(ANTIDEPRESSANT)
    after = traj["mtorc1_rel"][traj.time_h >= 2.0]
    return bool(after.min() > 0.999 and after.max() < 1.03)


def spine_peak() -> tuple[float, float]:
    traj, control = run(ANTIDEPRESSANT), run(kw.NoDrug())
    k = int(traj["spine_density_rel"].argmax())
    when = float(traj.time_h[k])
    return 100.0 * (float(traj["spine_density_rel"][k]) / at(control, "spine_density_rel", when) - 1.0), when


PRETREATMENTS = ("nbqx", "nifedipine", "rapamycin", "anisomycin", "bdnf_knockout")


def blockers_removed_pct() -> list[float]:
    return [experiment(name).measured["spine_gain_removed_pct"] for name in PRETREATMENTS]


def blockers_leave_the_block_alone() -> bool:
    # "Exactly the same": no point of either cell's block moves by more than 1e-4 % of its peak,
    # i.e. the blocked run's block is the unblocked run's to the integrator's tolerance.
    return all(experiment(name).measured["nmda_block_change_of_peak_pct"] < 1e-4 for name in PRETREATMENTS)


@functools.cache
def mouse_mtorc1_peak_without_trkb_ceiling() -> float:
    """The counterfactual the doc quotes: mouse 10 mg/kg i.p. with the TrkB ceiling lifted (the
    ceiling is a module constant that ``simulate`` packs into each run's parameters)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plasticity, "TRKB_MAX_ACTIVATION", 1e12)
        traj = kw.simulate(kw.Bolus(10.0, route="ip"), params=kw.Params(species="mouse"), hours=48.0)
    return float(traj["mtorc1_rel"].max())


# ---- rodents -----------------------------------------------------------------------------------------


def rat_100_silence() -> dict[str, float]:
    """After rat 100 mg/kg i.p.: how long pyramidal cells stay under 5 % of their resting rate, the
    interneurons' rate meanwhile (lowest, highest; relative to rest)."""
    traj = rat_ip(100.0)
    p = kw.Params(species="rat")
    pyr = traj["rate_pyramidal_hz"] / p.baseline_rate_pyramidal_hz
    inter = traj["rate_interneuron_hz"] / p.baseline_rate_interneuron_hz
    silent = pyr < 0.05
    onset = int(np.argmax(silent))
    end = onset + int(np.argmax(~silent[onset:]))
    assert onset > 0 and end > onset and not silent[end:].any(), "one silent stretch, and it ends"
    assert traj.time_h[onset] < 0.1, "silent within minutes of the dose"
    return {
        "hours": float(traj.time_h[end]),
        "inter_low": float(inter[onset:end].min()),
        "inter_high": float(inter[onset:end].max()),
    }


def rat_100_spine_change_pct(hours: float) -> float:
    return change_pct(kw.Bolus(100.0, route="ip"), "spine_density_rel", hours, 48.0, species="rat")


# ---- section 5: the microscope -------------------------------------------------------------------


@functools.cache
def synapse() -> kw.model.synapse.SynapseTrajectory:
    return kw.simulate_synapse(duration_ms=1000)


def synapse_peak(channel: str) -> tuple[float, float]:
    syn = synapse()
    k = int(syn[channel].argmax())
    return float(syn[channel][k]), float(syn.time_ms[k])


def synapse_decay_ms(channel: str) -> float:
    """Time from the peak to 1/e of it."""
    syn = synapse()
    peak, when = synapse_peak(channel)
    t = syn.time_ms
    after = (t > when) & (syn[channel] < peak / math.e)
    return float(t[after][0] - when)


def cleft_glutamate_ms() -> float:
    syn = synapse()
    return float(np.sum(syn["cleft_glutamate_mM"] > 0.0) * (syn.time_ms[1] - syn.time_ms[0]))


def both_peak_as_the_pulse_ends() -> bool:
    syn = synapse()
    ends = 5.0 + 1.0  # simulate_synapse's default onset_ms and pulse_ms
    dt = float(syn.time_ms[1] - syn.time_ms[0])
    return all(abs(synapse_peak(ch)[1] - ends) <= dt for ch in ("ampa_open", "nmda_open"))


def nbqx_run_peak_h() -> float:
    """When brain ketamine peaks in the antidepressant infusion given after NBQX (the zoom's moment)."""
    traj = run(ANTIDEPRESSANT, 2.0, nbqx=True)
    return float(traj.time_h[traj["ketamine_brain_uM"].argmax()])


@functools.cache
def nbqx_zoom(nbqx: bool, v_clamp_mV: float | None = None) -> kw.model.synapse.SynapseTrajectory:
    """The microscope at that moment of the infusion, with or without NBQX."""
    conditions = kw.model.synapse_conditions(run(ANTIDEPRESSANT, 2.0, nbqx=nbqx), nbqx_run_peak_h())
    return kw.simulate_synapse(**conditions, v_clamp_mV=v_clamp_mV)


def nbqx_zoom_moment(channel: str) -> float:
    return at(run(ANTIDEPRESSANT, 2.0, nbqx=True), channel, nbqx_run_peak_h())


def ketamine_entering(nbqx: bool) -> float:
    bound = nbqx_zoom(nbqx)["nmda_ketamine_bound"]
    return float(bound[-1] - bound[0])


def spines_grow_over_two_days_and_fade_over_two_weeks() -> bool:
    """The antidepressant infusion's spines peak 1.5-3 days in, and are back within 5 % 10-18 days in."""
    month = run(ANTIDEPRESSANT, 30 * 24.0)
    spines, hours = month["spine_density_rel"], month.time_h
    peak = int(spines.argmax())
    faded = hours[peak:][np.argmax(spines[peak:] < 1.05)] / 24.0
    return bool(36.0 <= hours[peak] <= 72.0 and 10.0 <= faded <= 18.0)


def bolus_window_glutamate(**params) -> tuple[float, float]:
    """Glutamate (lowest, highest) while the 2 mg/kg bolus keeps plasma above 4 uM."""
    traj = run(BOLUS, 3.0, **params)
    window = traj["ketamine_plasma_uM"] > 4.0
    return float(traj["glutamate_rel"][window].min()), float(traj["glutamate_rel"][window].max())


def steady(mg_per_kg: float, **params) -> tuple[float, float]:
    """(free brain ketamine uM, glutamate) at the end of an infusion of ``mg_per_kg`` over 11 h."""
    traj = run(kw.Infusion(mg_per_kg, 660.0), 11.0, **params)
    return float(traj["ketamine_brain_uM"][-1]), float(traj["glutamate_rel"][-1])


def steady_inverted_u_without_the_lag() -> bool:
    """The steady levels' inverted U is the same with a 6-s GABA-tone lag (within 0.01 of glutamate)."""
    return all(abs(steady(mg)[1] - steady(mg, gaba_tone_minutes=0.1)[1]) < 0.01 for mg in (4.0, 12.0, 20.0))


def lag_first_rise() -> bool:
    """With a 6-s lag, glutamate rises before it falls under the 2 mg/kg bolus (its first clear change is up)."""
    glu = run(BOLUS, 3.0, gaba_tone_minutes=0.1)["glutamate_rel"]
    first = glu[np.abs(glu - 1.0) > 0.05][0]
    return bool(first > 1.0)


# ---- docs/science-checks.md -------------------------------------------------------------------------


@functools.cache
def clamped_pulse() -> kw.model.synapse.SynapseTrajectory:
    """Check 5's protocol: one 1 mM x 1 ms glutamate pulse, clamped at -70 mV (300 ms)."""
    return kw.simulate_synapse(glutamate_mM=1.0, pulse_ms=1.0, v_clamp_mV=-70.0)


def fitted_decay_ms(channel: str) -> float:
    """Check 5's decay: a log-linear fit from 0.5 ms after the peak down to 1 % of it."""
    syn = clamped_pulse()
    k = int(syn[channel].argmax())
    keep = (syn.time_ms > syn.time_ms[k] + 0.5) & (syn[channel] > 0.01 * syn[channel][k])
    return float(-1.0 / np.polyfit(syn.time_ms[keep], np.log(syn[channel][keep]), 1)[0])


def peak_gain_removed_pct(pretreatment: str, run_h: float = 72.0) -> float:
    """Share (%) of the spine gain a pre-treatment removes, read at the peak over 72 h, each arm
    against its own no-drug control (as tests/test_science_checks.py reads check 9)."""
    def peak_gain(**params) -> float:
        drug, control = run(ANTIDEPRESSANT, run_h, **params), run(kw.NoDrug(), run_h, **params)
        return float(drug["spine_density_rel"].max() - control["spine_density_rel"].max())

    return 100.0 * (1.0 - peak_gain(**{pretreatment: True}) / peak_gain())


def no_drug_week_stays_put() -> bool:
    traj = run(kw.NoDrug())
    return all(bool(np.all(traj[channel] == traj[channel][0])) for channel in traj.channels)


# ---- the table ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One quoted figure: ``phrase`` is in ``doc`` and prints ``printed`` with ``digits`` decimals.

    ``value`` recomputes it. Without ``tol`` the value must round to ``printed`` at ``digits``; with
    ``tol`` ("~", "about") it must lie within ``tol`` of it. ``printed=None`` marks a qualitative
    claim: ``value`` returns whether it holds.
    """

    id: str
    phrase: str
    value: Callable[[], float | bool]
    printed: float | None = None
    digits: int = 0
    tol: float | None = None
    doc: str = "docs/model.md"
    shown: str | None = None  # the figure in words ("two and a half hours"), where it is not a numeral


def adx(channel: str, hours: float) -> float:
    """A channel of the antidepressant infusion (0.5 mg/kg over 40 min) at a time (h)."""
    return at(run(ANTIDEPRESSANT), channel, hours)


def gain(hours: float, dose=ANTIDEPRESSANT, run_h: float = WEEK_H, **params) -> float:
    """Spine gain (%) at a time (h), against a no-drug control with the same parameters."""
    return change_pct(dose, "spine_density_rel", hours, run_h, **params)


def measured(name: str, key: str) -> float:
    return experiment(name).measured[key]


def dose_spines(dose: float) -> float:
    return measured("dose_response", f"spine_gain_24h_at_{dose:g}_mg_per_kg_pct")


def share_run(share: float) -> tuple[float, float]:
    """Glutamate at the end of the infusion and the spine gain at 24 h, for a GluN2C/2D share."""
    glu = at(run(ANTIDEPRESSANT, 24.0, interneuron_glun2cd_fraction=share), "glutamate_rel", END_OF_INFUSION_H)
    return glu, gain(24.0, ANTIDEPRESSANT, 24.0, interneuron_glun2cd_fraction=share)


def rat_bdnf_peaks() -> list[float]:
    return [rat_ip(dose)["bdnf_rel"].max() for dose in (30.0, 50.0, 100.0)]


F = Figure
AVS = "anaesthetic_vs_subanaesthetic"
STRESS = "chronic_stress_rescue"
TIMING = "disinhibition_timing"
PUSH = "(model: 4.2-4.7 µM from the end of the one-minute push to 5 min)"
MG = "At 1 mM Mg2+ that is 4.4 % at -70 mV and 78 % at 0 mV"
TAU_I = "about 2 min instead of 0.6 min for interneurons"
TAU_E = "about 12 min instead of 0.8 min for pyramidal cells"
DIP = "at the antidepressant dose by about 7 % at 4-5 minutes"
PEAK = "peaks at 1.54x five and a half minutes later"
REBOUND = "above 1.7x from 20 to 72 min (peak 1.87x)"
BINS = "Averaged over 20 minutes, as microdialysis measures, the bolus reads 0.73, 1.83, 1.81, 1.71x."
LENGTH = "an mTORC1 peak of 1.21x or 1.08x (against 1.49x) and spines +21 % or +16 % at 24 h (against +24 %)"
CASCADE = "phospho-eEF2 down ~20 % and BDNF up ~50 % at 1 h"
SPINES = "spines +0.6 % at 3 h, +3.1 % at 6 h, +24 % at 24 h, at their peak +34 % near 55 h and still +17 % a week later"
AMPA = "(peak ~60 % open, closing in ~4 ms)"
NMDA = "(~7 % open at peak, closing over ~150 ms;"
NBQX_MOMENT = "(40 min: 0.39 uM free, 6.9 % of NMDA receptors blocked)"
NBQX_AMPA = "-41.9 pA without NBQX and -2.1 pA with it"
NBQX_EPSP = "the spine depolarises by 2.8 mV, or by 0.5 mV"
NBQX_NMDA = "falls from -1.74 to -1.61 pA"
CEILING = "with it TrkB activation reaches 3.9x and mTORC1 2.5x"
LI_DOSE = "the model's rat gains +41 % and the mouse +38 %"
LI_RAT = "0.29x at 30 min (glutamate is first suppressed), 2.1x at 60 min, 1.4x at 2 h and still 1.08x at 3 h"
SHARE = ("At 0.5 the antidepressant infusion gives glutamate 1.36x at 40 min and +24 % spines at 24 h; at 0.2, 1.07x "
         "and +11 %; at 0, 0.76x and -6 %")
DOSE_SPINES = ("The 24-h gain rises from +24 % at 0.5 mg/kg over 40 min to +40 % at 2 and +41 % at 4 mg/kg, and is "
               "+38 % at 8 mg/kg; a 2 mg/kg bolus gives +40 %")
BLOCKERS = "each remove 93-100 % of the spine gain"
IP10 = kw.Bolus(10.0, route="ip")

# docs/science-checks.md, one phrase a check (or a sentence of one).
SC = "docs/science-checks.md"
SC1 = "peak 0.747 uM = 177.5 ng/mL at 40 min; 48 % of the peak at 80 min; 34.6 ng/mL at 4 h"
SC2 = "4.22-4.74 uM from minute 1 to minute 5; above 4 uM for 6.1 min in all"
SC3 = "0.0445 at -70 mV, 0.781 at 0 mV"
SC5 = "AMPA peak 0.604, decay 4.0 ms; NMDA peak (gating fraction) 0.069, decay 152 ms"
SC6 = "interneurons slow from 3.7 min, pyramidal cells speed up from 11.1 min (onsets of a 2 % change)"
SC6B = "the largest fall of the interneuron rate is 10.6 % and the largest rise of the pyramidal rate 47 %"
SC6C = "the pyramidal rate is 1.32x baseline, glutamate and AMPA activation 1.36x"
SC7 = "glutamate is 0.13-0.33x baseline while plasma is above 4 uM"
SC7_DOSES = "1.10x (0.1 mg/kg), 1.22x (0.25), 1.36x (0.5), 1.43x (1), 1.05x (2), 0.27x (4), 0.02x (8 mg/kg)"
SC8 = "phospho-eEF2 -15 % at 30 min and -20 % at 60 min; BDNF +20 % and +53 %; mTORC1 +48 % at 60 min"
SC8B = "Spines +0.6 % at 3 h, +3.1 % at 6 h, +24 % at 24 h and +17 % at 7 days"
SC9 = "NBQX 94 %, nifedipine 93 %, rapamycin 94 %, anisomycin 96 %, BDNF knockout 100 %"
SC9_PEAK = "over 72 h (the first test) 93.5 %, 92.2 %, 93.4 %, 95.1 % and 100 %"

# Each "~" or "about" row says the tolerance it reads into the word.
MOUSE_DIP = "dips to 0.05x at 6.5 min before its 2.5x surge at 34.5 min"


def rodent_preset_glutamate() -> np.ndarray:
    """Glutamate in the rodent preset: mouse, 10 mg/kg i.p., over its 48 h."""
    return run(kw.Bolus(10.0, "ip"), 48.0, species="mouse")["glutamate_rel"]


def rodent_preset_minutes(index: int) -> float:
    return float(run(kw.Bolus(10.0, "ip"), 48.0, species="mouse").time_h[index] * 60.0)


FIGURES: list[Figure] = [
    # 1. Pharmacokinetics. The human half-lives are those of the two phases of the constants.
    # "~18 min" within a minute, "~3 h" within a quarter of an hour.
    F("pk-fast-half-life", "giving a fast fall (half-life ~18 min)", lambda: half_lives_min("human")[0], 18, tol=1.0),
    F("pk-slow-half-life", "and a slow one (~3 h) as it is cleared", lambda: half_lives_min("human")[1] / 60, 3, tol=0.25),
    # "~0.75 µM" to the nearest 0.05, "~180 ng/mL" to the nearest 10, "~0.4 µM" to the nearest 0.1.
    F("plasma-peak-uM", "whose plasma peak is ~0.75 µM (~180 ng/mL)",
      lambda: run(ANTIDEPRESSANT)["ketamine_plasma_uM"].max(), 0.75, 2, tol=0.025),
    F("plasma-peak-ng", "whose plasma peak is ~0.75 µM (~180 ng/mL)",
      lambda: run(ANTIDEPRESSANT)["ketamine_plasma_uM"].max() * NG_PER_ML_PER_UM, 180, tol=5.0),
    F("brain-peak", "gives ~0.4 µM at the receptors", lambda: run(ANTIDEPRESSANT)["ketamine_brain_uM"].max(), 0.4, 1, tol=0.05),
    F("brain-follows-blood", "so it is within a minute or two of the blood", brain_lags_blood_by_at_most_2_min),
    F("plasma-40min", "(model: 178 ng/mL at 40 min;", lambda: infusion_plasma_at_uM(40) * NG_PER_ML_PER_UM, 178),
    # "down to about half 40 min later": of the peak, as tests/test_science_checks.py reads it.
    F("plasma-80min", "48 % at 80 min;",
      lambda: 100 * infusion_plasma_at_uM(80) / run(ANTIDEPRESSANT)["ketamine_plasma_uM"].max(), 48),
    F("plasma-4h", "35 ng/mL at 4 h)", lambda: infusion_plasma_at_uM(240) * NG_PER_ML_PER_UM, 35),
    F("bolus-plasma-low", PUSH, lambda: bolus_plasma_after_push_uM().min(), 4.2, 1),
    F("bolus-plasma-high", PUSH, lambda: bolus_plasma_after_push_uM().max(), 4.7, 1),
    F("bolus-plasma-peak", "lower (4.7 µM peak)", lambda: run(BOLUS, 6.0)["ketamine_plasma_uM"].max(), 4.7, 1),
    # 2. The NMDA receptor.
    F("mg-unblock-70", MG, lambda: 100 * kw.model.mg_unblock(-70.0, 1.0), 4.4, 1),
    F("mg-unblock-0", MG, lambda: 100 * kw.model.mg_unblock(0.0, 1.0), 78),
    # "about 2 min" within half a minute, "about 12 min" within 10 %.
    F("tau-competitive-int", TAU_I, lambda: block_time_constants_min("interneuron")[0], 2, tol=0.5),
    F("tau-int", TAU_I, lambda: block_time_constants_min("interneuron")[1], 0.6, 1),
    F("tau-competitive-pyr", TAU_E, lambda: block_time_constants_min("pyramidal")[0], 12, tol=1.2),
    F("tau-pyr", TAU_E, lambda: block_time_constants_min("pyramidal")[1], 0.8, 1),
    F("tau-factor-int", "(3.4x and 16x)", lambda: block_time_constants_min("interneuron")[2], 3.4, 1),
    F("tau-factor-pyr", "(3.4x and 16x)", lambda: block_time_constants_min("pyramidal")[2], 16),
    # Today's 1.36x; the 1.55x beside it is the competitive scheme's, which the model does not have.
    F("glutamate-40min-sec2", "glutamate reaches 1.55x instead of 1.36x", lambda: adx("glutamate_rel", END_OF_INFUSION_H), 1.36, 2),
    F("receptors-see", "the receptors see ~0.4 µM ketamine", lambda: run(ANTIDEPRESSANT)["ketamine_brain_uM"].max(), 0.4, 1, tol=0.05),
    F("block-pyr", "pyramidal cells lose only a few per cent of their NMDA current (model: 7 %)", lambda: peak_block_pct("pyramidal"), 7),
    F("block-int", "Interneurons lose more (model: 18 %)", lambda: peak_block_pct("interneuron"), 18),
    F("block-int-again", "A loss of 18 % of the interneurons' NMDA current", lambda: peak_block_pct("interneuron"), 18),
    # 3. Disinhibition and glutamate.
    F("interneurons-first", "interneurons slow down first and pyramidal cells speed up after",
      lambda: measured(TIMING, "pyramidal_delay_after_interneurons_min") > 0),
    F("every-infusion-dips", "In every infusion pyramidal firing and glutamate first *fall*", every_infusion_dips_first),
    # "about 7 %": within a percentage point, for each of the two.
    F("dip-pyramidal", DIP, lambda: early_dip("rate_pyramidal_hz")[0], 7, tol=1.0),
    F("dip-glutamate", DIP, lambda: early_dip("glutamate_rel")[0], 7, tol=1.0),
    F("dip-when", DIP, lambda: all(4.0 <= early_dip(ch)[1] <= 5.0 for ch in ("rate_pyramidal_hz", "glutamate_rel"))),
    F("dip-passes-pyramidal", "passing baseline only at 10 minutes", lambda: passes_baseline_min("rate_pyramidal_hz"), 10),
    F("dip-passes-glutamate", "passing baseline only at 10 minutes", lambda: passes_baseline_min("glutamate_rel"), 10),
    F("dip-own-block", "(under 1 % of their NMDA current",
      lambda: adx("nmda_block_pyramidal", early_dip("rate_pyramidal_hz")[1] / 60) < 0.01),
    # "~10 %" within a point; "~32 %" and "~47 %" within 2.5 points (the end of the infusion, and the largest change as the experiment reports it).
    F("interneurons-slow", "interneurons slow by ~10 %", lambda: measured(TIMING, "interneuron_max_fall_pct"), 10, tol=1.0),
    F("pyramidal-end-of-infusion", "pyramidal cells fire ~32 % faster",
      lambda: 100.0 * (adx("rate_pyramidal_hz", END_OF_INFUSION_H) / adx("rate_pyramidal_hz", 0.0) - 1.0), 32, tol=2.5),
    F("pyramidal-speed-up", "pyramidal cells speed up by ~47 % at most", lambda: measured(TIMING, "pyramidal_max_rise_pct"), 47, tol=2.5),
    F("glutamate-40min", "is 1.36x baseline at the end of the infusion", lambda: adx("glutamate_rel", END_OF_INFUSION_H), 1.36, 2),
    F("glutamate-peak", PEAK, lambda: glutamate_peak()[0], 1.54, 2),
    # Minutes after the end of the infusion, within the model's sampling there (0.5 min).
    F("glutamate-peak-when", PEAK, lambda: glutamate_peak()[1] - 40, 5.5, 1, tol=0.25, shown="five and a half minutes"),
    F("bolus-low-glutamate-min", "fall far below baseline (to 13-33 %)",
      lambda: 100 * measured(AVS, "glutamate_min_while_anaesthetic_rel"), 13),
    F("bolus-low-glutamate-max", "fall far below baseline (to 13-33 %)",
      lambda: 100 * measured(AVS, "glutamate_max_while_anaesthetic_rel"), 33),
    # "~6 minutes": within half a minute.
    F("bolus-window", "that window lasts only ~6 minutes after the bolus",
      lambda: measured(AVS, "plasma_above_4uM_after_bolus_min"), 6, tol=0.5),
    F("bolus-rebound-from", REBOUND, lambda: bolus_glutamate_above_1_7_min()[0], 20),
    F("bolus-rebound-to", REBOUND, lambda: bolus_glutamate_above_1_7_min()[1], 72),
    F("bolus-rebound-peak", REBOUND, lambda: measured(AVS, "glutamate_peak_after_anaesthetic_window_rel"), 1.87, 2),
    F("bolus-sample-0", BINS, lambda: microdialysis(run(BOLUS, 6.0), 0), 0.73, 2),
    F("bolus-sample-20", BINS, lambda: microdialysis(run(BOLUS, 6.0), 20), 1.83, 2),
    F("bolus-sample-40", BINS, lambda: microdialysis(run(BOLUS, 6.0), 40), 1.81, 2),
    F("bolus-sample-60", BINS, lambda: microdialysis(run(BOLUS, 6.0), 60), 1.71, 2),
    F("rat-10-first-sample", "suppresses glutamate in the first 20 minutes (0.13x)",
      lambda: measured(AVS, "rat_10_mg_per_kg_ip_glutamate_first_20min_rel"), 0.13, 2),
    F("rat-10-later-low", "before it rises (1.5-1.7x)", lambda: min(rat_10_later_samples()), 1.5, 1),
    F("rat-200-first-sample", "the model's rat lowers glutamate (0.03x over the first 20 minutes)",
      lambda: measured(AVS, "rat_200_mg_per_kg_ip_glutamate_first_20min_rel"), 0.03, 2),
    F("bolus-pyramidal-block", "their block reaches 28 % within ten minutes",
      lambda: 100.0 * float(run(BOLUS, 3.0)["nmda_block_pyramidal"].max()), 28),
    F("bolus-pyramidal-block-time", "their block reaches 28 % within ten minutes",
      lambda: bool(run(BOLUS, 3.0).time_h[run(BOLUS, 3.0)["nmda_block_pyramidal"].argmax()] * 60.0 <= 10.0)),
    F("gaba-lag-first-rise", "glutamate first rises and stays at 0.72-1.51x", lag_first_rise),
    F("steady-u-without-lag", "The inverted U itself does not rest on it", steady_inverted_u_without_the_lag),
    F("gaba-lag-window-low", "first rises and stays at 0.72-1.51x in that window",
      lambda: bolus_window_glutamate(gaba_tone_minutes=0.1)[0], 0.72, 2),
    F("gaba-lag-window-high", "first rises and stays at 0.72-1.51x in that window",
      lambda: bolus_window_glutamate(gaba_tone_minutes=0.1)[1], 1.51, 2),
    *[row
      for mg, phrase, brain, glu in ((4.0, "1.59x at 0.66 µM", 0.66, 1.59), (8.0, "1.43x at 1.3 µM", 1.3, 1.43),
                                     (12.0, "0.94x at 2.0 µM", 2.0, 0.94), (16.0, "0.51x at 2.6 µM", 2.6, 0.51),
                                     (20.0, "0.25x at 3.3 µM", 3.3, 0.25))
      for row in (F(f"steady-{mg:g}-brain", phrase, lambda mg=mg: steady(mg)[0], brain, 2 if brain == 0.66 else 1),
                  F(f"steady-{mg:g}-glutamate", phrase, lambda mg=mg: steady(mg)[1], glu, 2))],
    # Outside the calibrated range: Mg2+-free fluid and a huge infusion lose spines.
    F("mg0-pyramidal-block", "antidepressant infusion blocks 38 % of the pyramidal",
      lambda: 100.0 * float(run(ANTIDEPRESSANT, mg_mM=0.0)["nmda_block_pyramidal"].max()), 38),
    F("mg0-interneuron-block", "against 42 % of the interneurons'",
      lambda: 100.0 * float(run(ANTIDEPRESSANT, mg_mM=0.0)["nmda_block_interneuron"].max()), 42),
    F("mg0-glutamate", "glutamate falls to 0.003x", lambda: float(run(ANTIDEPRESSANT, mg_mM=0.0)["glutamate_rel"].min()), 0.003, 3),
    F("mg0-spines", "spines to 0.46x at 56 h", lambda: float(run(ANTIDEPRESSANT, mg_mM=0.0)["spine_density_rel"].min()), 0.46, 2),
    F("mg0-spines-when", "spines to 0.46x at 56 h",
      lambda: float(run(ANTIDEPRESSANT, mg_mM=0.0).time_h[np.argmin(run(ANTIDEPRESSANT, mg_mM=0.0)["spine_density_rel"])]), 56),
    F("mg025-spines", "(at 0.25 mM, 0.79x)", lambda: float(run(ANTIDEPRESSANT, mg_mM=0.25)["spine_density_rel"].min()), 0.79, 2),
    F("huge-infusion-spine-dip", "20 mg/kg over 40 min dips them by 8 % at 7 h",
      lambda: 100.0 * (1.0 - float(run(kw.Infusion(20.0, 40.0))["spine_density_rel"].min())), 8),
    F("huge-infusion-spine-dip-when", "20 mg/kg over 40 min dips them by 8 % at 7 h",
      lambda: float(run(kw.Infusion(20.0, 40.0)).time_h[np.argmin(run(kw.Infusion(20.0, 40.0))["spine_density_rel"])]), 7),
    F("spine-nmda-block", "6.9 % at the antidepressant infusion's peak",
      lambda: 100.0 * float(run(ANTIDEPRESSANT, 4.0)["nmda_block_pyramidal"].max()), 6.9, 1),
    F("rat-10-brain-vs-human", "10 mg/kg i.p. peaks at 13 times the free brain level",
      lambda: float(run(kw.Bolus(10.0, route="ip"), 4.0, species="rat")["ketamine_brain_uM"].max()
                    / run(ANTIDEPRESSANT, 4.0)["ketamine_brain_uM"].max()), 13),
    F("rat-10-later-high", "before it rises (1.5-1.7x)", lambda: max(rat_10_later_samples()), 1.7, 1),
    # "about two and a half hours": within a quarter of an hour.
    F("rat-30-suppressed", "30 mg/kg suppresses it for about two and a half hours", rat_30_suppressed_h, 2.5, 1, tol=0.25,
      shown="two and a half hours"),
    # 4. The cascade. Levels are relative (1 = drug-free); spine gains against a no-drug control, at
    # 24 h from the start of the infusion.
    F("length-mtorc1-100", LENGTH, lambda: mtorc1_peak(kw.Infusion(0.5, 100))[0], 1.21, 2),
    F("length-mtorc1-240", LENGTH, lambda: mtorc1_peak(kw.Infusion(0.5, 240))[0], 1.08, 2),
    F("length-mtorc1-40", LENGTH, lambda: mtorc1_peak()[0], 1.49, 2),
    F("length-spines-100", LENGTH, lambda: gain(24.0, kw.Infusion(0.5, 100), 48.0), 21),
    F("length-spines-240", LENGTH, lambda: gain(24.0, kw.Infusion(0.5, 240), 48.0), 16),
    F("length-spines-40", LENGTH, lambda: gain(24.0), 24),
    F("rat-10-mtorc1-2h", "and mTORC1 is still 1.43x at 2 h", lambda: at(rat_ip(10.0), "mtorc1_rel", 2.0), 1.43, 2),
    # "Within half an hour": clearly down (10 %, the experiments' reading of a clear change) by 30 min.
    F("eef2-30min", "eEF2 is dephosphorylated within half an hour",
      lambda: measured("timeline", "eef2_phospho_change_30min_pct") <= -10),
    F("mtorc1-no-dip", "mTORC1 returns to baseline (it does not dip below", mtorc1_stays_at_baseline_after_the_burst),
    # "~20 %" to the nearest 5, "~50 %" to the nearest 10.
    F("eef2-1h", CASCADE, lambda: -change_pct(ANTIDEPRESSANT, "eef2_phospho_rel", 1.0), 20, tol=2.5),
    F("bdnf-1h", CASCADE, lambda: change_pct(ANTIDEPRESSANT, "bdnf_rel", 1.0), 50, tol=5.0),
    F("mtorc1-peak", "(1.49x at its peak near 1 h)", lambda: mtorc1_peak()[0], 1.49, 2),
    # "near 1 h": within 10 min.
    F("mtorc1-peak-when", "(1.49x at its peak near 1 h)", lambda: mtorc1_peak()[1], 1, tol=1 / 6),
    F("mtorc1-2h", "back to baseline by 2 h (1.02x)", lambda: adx("mtorc1_rel", 2.0), 1.02, 2),
    F("trkb-2h", "while BDNF is still bound to TrkB (1.43x)", lambda: adx("trkb_activation_rel", 2.0), 1.43, 2),
    F("strength-2h", "synaptic strength +8.8 % at 2 h", lambda: change_pct(ANTIDEPRESSANT, "synaptic_strength_rel", 2.0), 8.8, 1),
    F("spines-3h", SPINES, lambda: gain(3.0), 0.6, 1),
    F("spines-6h", SPINES, lambda: gain(6.0), 3.1, 1),
    F("spines-24h", SPINES, lambda: gain(24.0), 24),
    F("spines-peak", SPINES, lambda: spine_peak()[0], 34),
    F("spines-peak-when", SPINES, lambda: spine_peak()[1], 55),
    F("spines-week", SPINES, lambda: gain(WEEK_H), 17),
    F("blockers-low", BLOCKERS, lambda: min(blockers_removed_pct()), 93),
    F("blockers-high", BLOCKERS, lambda: max(blockers_removed_pct()), 100),
    F("blockers-block", "while the NMDA block stays exactly the same", blockers_leave_the_block_alone),
    F("stress-loss", "starts from a baseline with a fifth fewer spines",
      lambda: measured(STRESS, "spines_lost_to_stress_pct"), 20, shown="a fifth"),
    F("stress-24h", "antidepressant infusion the density is 1.05",
      lambda: measured(STRESS, "stressed_ketamine_24h_spine_density_rel"), 1.05, 2),
    # "about 5 %": within a point.
    F("stress-overshoot", "overshoots the healthy level by about 5 %",
      lambda: 100 * (measured(STRESS, "stressed_ketamine_24h_spine_density_rel") - 1), 5, tol=1.0),
    # 5. The microscope (simulate_synapse's defaults: 1 mM glutamate for 1 ms, 1 mM Mg2+, no ketamine).
    # "~1 ms" within 0.1 ms; "~60 %" within 5 points; "~4 ms" (to 1/e) within 0.5 ms; "~7 %" within
    # 0.5 points; "~150 ms" within 10 ms.
    F("cleft", "glutamate in the cleft for ~1 ms", cleft_glutamate_ms, 1, tol=0.1),
    F("ampa-peak", AMPA, lambda: 100 * synapse_peak("ampa_open")[0], 60, tol=5.0),
    F("ampa-closing", AMPA, lambda: synapse_decay_ms("ampa_open"), 4, tol=0.5),
    F("nmda-peak", NMDA, lambda: 100 * synapse_peak("nmda_open")[0], 7, tol=0.5),
    F("nmda-closing", NMDA, lambda: synapse_decay_ms("nmda_open"), 150, tol=10.0),
    F("both-peak", "both peak as the 1-ms pulse ends", both_peak_as_the_pulse_ends),
    # NBQX in the microscope: at the peak of brain ketamine of the infusion ("40 min" within a minute).
    F("nbqx-zoom-moment", NBQX_MOMENT, lambda: 60 * nbqx_run_peak_h(), 40, tol=1.0),
    F("nbqx-zoom-ketamine", NBQX_MOMENT, lambda: nbqx_zoom_moment("ketamine_brain_uM"), 0.39, 2),
    F("nbqx-zoom-block", NBQX_MOMENT, lambda: 100 * nbqx_zoom_moment("nmda_block_pyramidal"), 6.9, 1),
    F("nbqx-ampa-without", NBQX_AMPA, lambda: nbqx_zoom(False)["i_ampa_pA"].min(), -41.9, 1),
    F("nbqx-ampa-with", NBQX_AMPA, lambda: nbqx_zoom(True)["i_ampa_pA"].min(), -2.1, 1),
    F("nbqx-epsp-without", NBQX_EPSP, lambda: nbqx_zoom(False)["v_mV"].max() + 70.0, 2.8, 1),
    F("nbqx-epsp-with", NBQX_EPSP, lambda: nbqx_zoom(True)["v_mV"].max() + 70.0, 0.5, 1),
    F("nbqx-nmda-without", NBQX_NMDA, lambda: nbqx_zoom(False)["i_nmda_pA"].min(), -1.74, 2),
    F("nbqx-nmda-with", NBQX_NMDA, lambda: nbqx_zoom(True)["i_nmda_pA"].min(), -1.61, 2),
    F("nbqx-nmda-held", "(a spine held at -70 mV passes -1.60 pA)", lambda: nbqx_zoom(True, -70.0)["i_nmda_pA"].min(), -1.60, 2),
    # "about half": between 0.4 and 0.6.
    F("nbqx-ketamine-entering", "about half as much ketamine enters the pores during",
      lambda: ketamine_entering(True) / ketamine_entering(False), 0.5, 1, tol=0.1, shown="about half"),
    F("nbqx-free-receptors", "the free ones, 4 of 80 on average",
      lambda: (1 - kw.model.parameters.PRETREATMENT_EFFICACY["nbqx"]) * kw.model.synapse.N_AMPA_DEFAULT, 4),
    # What is simplified. Rodent half-lives: the slow phase of the derived constants; "~13 min"
    # within a minute, "~85 min" within 2.5 min.
    F("mouse-half-life", "(mouse ~13 min, rat ~85 min)", lambda: half_lives_min("mouse")[1], 13, tol=1.0),
    F("rat-half-life", "(mouse ~13 min, rat ~85 min)", lambda: half_lives_min("rat")[1], 85, tol=2.5),
    F("bdnf-mouse-10", "BDNF protein reaches 2.6x (mouse 10 mg/kg i.p.) to 2.9x", lambda: mouse_ip(10.0)["bdnf_rel"].max(), 2.6, 1),
    F("bdnf-rat-10", "to 2.9x (rat 10 mg/kg i.p.)", lambda: rat_ip(10.0)["bdnf_rel"].max(), 2.9, 1),
    F("bdnf-rat-30-100-low", "and 3.7-3.9x at rat 30-100 mg/kg", lambda: min(rat_bdnf_peaks()), 3.7, 1),
    F("bdnf-rat-30-100-high", "and 3.7-3.9x at rat 30-100 mg/kg", lambda: max(rat_bdnf_peaks()), 3.9, 1),
    # "about three hours": within half an hour; "about half": between 0.4 and 0.6 throughout.
    F("rat-100-silent", "all but silent for about three hours", lambda: rat_100_silence()["hours"], 3, tol=0.5,
      shown="three hours"),
    F("rat-100-interneurons-low", "interneurons keep about half of theirs", lambda: rat_100_silence()["inter_low"], 0.5, 1,
      tol=0.1, shown="about half"),
    F("rat-100-interneurons-high", "interneurons keep about half of theirs", lambda: rat_100_silence()["inter_high"], 0.5, 1,
      tol=0.1, shown="about half"),
    F("rat-100-spines-6h", "spines dip by 5 % (at 6 h)", lambda: -rat_100_spine_change_pct(6.0), 5),
    F("rat-100-spines-24h", "spines end up +29 % at 24 h", lambda: rat_100_spine_change_pct(24.0), 29),
    F("no-ceiling", "would drive mTORC1 signalling to 35x baseline", mouse_mtorc1_peak_without_trkb_ceiling, 35),
    F("ceiling-trkb", CEILING, lambda: mouse_ip(10.0)["trkb_activation_rel"].max(), 3.9, 1),
    F("ceiling-mtorc1", CEILING, lambda: mouse_ip(10.0)["mtorc1_rel"].max(), 2.5, 1),
    F("formation-gain", "human infusion gives +24 % spines at 24 h", lambda: gain(24.0), 24),
    F("li-rat-spines", LI_DOSE, lambda: gain(24.0, IP10, 48.0, species="rat"), 41),
    F("li-mouse-spines", LI_DOSE, lambda: gain(24.0, IP10, 48.0, species="mouse"), 38),
    F("burst-1h", "(1.48x at 1 h, 1.02x at 2 h)", lambda: adx("mtorc1_rel", 1.0), 1.48, 2),
    F("burst-2h", "(1.48x at 1 h, 1.02x at 2 h)", lambda: adx("mtorc1_rel", 2.0), 1.02, 2),
    F("li-rat-30min", LI_RAT, lambda: at(rat_ip(10.0), "mtorc1_rel", 0.5), 0.29, 2),
    F("li-rat-60min", LI_RAT, lambda: at(rat_ip(10.0), "mtorc1_rel", 1.0), 2.1, 1),
    F("li-rat-2h", LI_RAT, lambda: at(rat_ip(10.0), "mtorc1_rel", 2.0), 1.4, 1),
    F("li-rat-3h", LI_RAT, lambda: at(rat_ip(10.0), "mtorc1_rel", 3.0), 1.08, 2),
    # "to 0": below 0.005, the precision of the 0.95x beside it.
    F("rat-100-mtorc1", "mTORC1 falls to 0 without rapamycin", lambda: rat_ip(100.0)["mtorc1_rel"].min(), 0, tol=0.005),
    F("rat-100-rapamycin", "and stays at 0.95x with it",
      lambda: run(kw.Bolus(100.0, route="ip"), 48.0, species="rat", rapamycin=True)["mtorc1_rel"].min(), 0.95, 2),
    F("share-0.5-glutamate", SHARE, lambda: share_run(0.5)[0], 1.36, 2),
    F("share-0.5-spines", SHARE, lambda: share_run(0.5)[1], 24),
    F("share-0.2-glutamate", SHARE, lambda: share_run(0.2)[0], 1.07, 2),
    F("share-0.2-spines", SHARE, lambda: share_run(0.2)[1], 11),
    F("share-0-glutamate", SHARE, lambda: share_run(0.0)[0], 0.76, 2),
    F("share-0-spines", SHARE, lambda: share_run(0.0)[1], -6),
    F("rapid-before-spines", "(spines are +0.6 % at 3 h in the model)", lambda: gain(3.0), 0.6, 1),
    F("dose-spines-0.5", DOSE_SPINES, lambda: dose_spines(0.5), 24),
    F("dose-spines-2", DOSE_SPINES, lambda: dose_spines(2.0), 40),
    F("dose-spines-4", DOSE_SPINES, lambda: dose_spines(4.0), 41),
    F("dose-spines-8", DOSE_SPINES, lambda: dose_spines(8.0), 38),
    F("dose-spines-bolus", DOSE_SPINES, lambda: gain(24.0, BOLUS, 48.0), 40),
    # docs/diagram.md: the story's detour at a dose that first lowers glutamate.
    F("diagram-mouse-dip", MOUSE_DIP, lambda: float(rodent_preset_glutamate().min()), 0.05, 2, doc="docs/diagram.md"),
    F("diagram-mouse-dip-time", MOUSE_DIP, lambda: rodent_preset_minutes(int(rodent_preset_glutamate().argmin())), 6.5, 1, doc="docs/diagram.md"),
    F("diagram-mouse-surge", MOUSE_DIP, lambda: float(rodent_preset_glutamate().max()), 2.5, 1, doc="docs/diagram.md"),
    F("diagram-mouse-surge-time", MOUSE_DIP, lambda: rodent_preset_minutes(int(rodent_preset_glutamate().argmax())), 34.5, 1, doc="docs/diagram.md"),
    # README.
    F("readme-spine-time-course", "spines that grow over two days and fade over about two weeks",
      spines_grow_over_two_days_and_fade_over_two_weeks, doc="README.md"),
    F("spine-time-course", "new spines grow over two days and fade over about two weeks",
      spines_grow_over_two_days_and_fade_over_two_weeks),
    F("readme-mg-unblock", "kw.model.mg_unblock(-70, 1.0) # Jahr-Stevens: 0.044", lambda: kw.model.mg_unblock(-70.0, 1.0),
      0.044, 3, doc="README.md"),
    F("readme-course-samples", "(the two-week course: ~900 a panel instead of 3,643,",
      lambda: float(len(run(COURSE, 14 * 24.0).time_h)), 3643, doc="README.md"),
    # docs/science-checks.md: the model's values beside each check.
    F("sc1-peak-uM", SC1, lambda: run(ANTIDEPRESSANT)["ketamine_plasma_uM"].max(), 0.747, 3, doc=SC),
    F("sc1-peak-ng", SC1, lambda: run(ANTIDEPRESSANT)["ketamine_plasma_uM"].max() * NG_PER_ML_PER_UM, 177.5, 1, doc=SC),
    F("sc1-peak-when", SC1, lambda: float(minutes(run(ANTIDEPRESSANT))[run(ANTIDEPRESSANT)["ketamine_plasma_uM"].argmax()]),
      40, doc=SC),
    F("sc1-80min", SC1, lambda: 100 * infusion_plasma_at_uM(80) / run(ANTIDEPRESSANT)["ketamine_plasma_uM"].max(), 48,
      doc=SC),
    F("sc1-4h", SC1, lambda: infusion_plasma_at_uM(240) * NG_PER_ML_PER_UM, 34.6, 1, doc=SC),
    F("sc2-low", SC2, lambda: bolus_plasma_after_push_uM().min(), 4.22, 2, doc=SC),
    F("sc2-high", SC2, lambda: bolus_plasma_after_push_uM().max(), 4.74, 2, doc=SC),
    F("sc2-window", SC2, lambda: measured(AVS, "plasma_above_4uM_after_bolus_min"), 6.1, 1, doc=SC),
    F("sc3-70", SC3, lambda: kw.model.mg_unblock(-70.0, 1.0), 0.0445, 4, doc=SC),
    F("sc3-0", SC3, lambda: kw.model.mg_unblock(0.0, 1.0), 0.781, 3, doc=SC),
    F("sc4-2cd-sensitivity", "GluN2C/2D 1.7x more sensitive than GluN2A/2B",
      lambda: min(_ic50(s, 1.0, -70.0) for s in ("GluN2A", "GluN2B")) / max(_ic50(s, 1.0, -70.0) for s in ("GluN2C", "GluN2D")),
      1.7, 1, doc=SC),
    F("sc5-ampa-peak", SC5, lambda: clamped_pulse()["ampa_open"].max(), 0.604, 3, doc=SC),
    F("sc5-ampa-decay", SC5, lambda: fitted_decay_ms("ampa_open"), 4.0, 1, doc=SC),
    F("sc5-nmda-peak", SC5, lambda: clamped_pulse()["nmda_open"].max(), 0.069, 3, doc=SC),
    F("sc5-nmda-decay", SC5, lambda: fitted_decay_ms("nmda_open"), 152, doc=SC),
    F("sc6-interneuron-onset", SC6, lambda: measured(TIMING, "interneuron_slowing_onset_min"), 3.7, 1, doc=SC),
    F("sc6-pyramidal-onset", SC6, lambda: measured(TIMING, "pyramidal_speeding_onset_min"), 11.1, 1, doc=SC),
    F("sc6-interneuron-fall", SC6B, lambda: measured(TIMING, "interneuron_max_fall_pct"), 10.6, 1, doc=SC),
    F("sc6-pyramidal-rise", SC6B, lambda: measured(TIMING, "pyramidal_max_rise_pct"), 47, doc=SC),
    F("sc6-pyramidal-40min", SC6C,
      lambda: adx("rate_pyramidal_hz", END_OF_INFUSION_H) / kw.Params().baseline_rate_pyramidal_hz, 1.32, 2, doc=SC),
    F("sc6-glutamate-40min", SC6C, lambda: adx("glutamate_rel", END_OF_INFUSION_H), 1.36, 2, doc=SC),
    F("sc6-ampa-40min", SC6C, lambda: adx("ampa_activation_rel", END_OF_INFUSION_H), 1.36, 2, doc=SC),
    F("sc7-bolus-low", SC7, lambda: measured(AVS, "glutamate_min_while_anaesthetic_rel"), 0.13, 2, doc=SC),
    F("sc7-bolus-high", SC7, lambda: measured(AVS, "glutamate_max_while_anaesthetic_rel"), 0.33, 2, doc=SC),
    *[F(f"sc7-dose-{dose:g}", SC7_DOSES, lambda dose=dose: measured("dose_response", f"glutamate_at_{dose:g}_mg_per_kg_rel"),
        printed, 2, doc=SC)
      for dose, printed in ((0.1, 1.10), (0.25, 1.22), (0.5, 1.36), (1.0, 1.43), (2.0, 1.05), (4.0, 0.27), (8.0, 0.02))],
    F("sc8-eef2-30", SC8, lambda: measured("timeline", "eef2_phospho_change_30min_pct"), -15, doc=SC),
    F("sc8-eef2-60", SC8, lambda: measured("timeline", "eef2_phospho_change_60min_pct"), -20, doc=SC),
    F("sc8-bdnf-30", SC8, lambda: measured("timeline", "bdnf_change_30min_pct"), 20, doc=SC),
    F("sc8-bdnf-60", SC8, lambda: measured("timeline", "bdnf_change_60min_pct"), 53, doc=SC),
    F("sc8-mtorc1-60", SC8, lambda: measured("timeline", "mtorc1_change_60min_pct"), 48, doc=SC),
    F("sc8-spines-3h", SC8B, lambda: measured("timeline", "spine_gain_3h_pct"), 0.6, 1, doc=SC),
    F("sc8-spines-6h", SC8B, lambda: measured("timeline", "spine_gain_6h_pct"), 3.1, 1, doc=SC),
    F("sc8-spines-24h", SC8B, lambda: measured("timeline", "spine_gain_24h_pct"), 24, doc=SC),
    F("sc8-spines-7d", SC8B, lambda: measured("timeline", "spine_gain_7d_pct"), 17, doc=SC),
    F("sc9-alone", "ketamine alone +24 % spines at 24 h", lambda: measured("nbqx", "spine_gain_ketamine_alone_pct"), 24,
      doc=SC),
    *[F(f"sc9-24h-{name}", SC9, lambda name=name: measured(name, "spine_gain_removed_pct"), printed, doc=SC)
      for name, printed in (("nbqx", 94), ("nifedipine", 93), ("rapamycin", 94), ("anisomycin", 96), ("bdnf_knockout", 100))],
    *[F(f"sc9-72h-{name}", SC9_PEAK, lambda name=name: peak_gain_removed_pct(name), printed, 1, doc=SC)
      for name, printed in (("nbqx", 93.5), ("nifedipine", 92.2), ("rapamycin", 93.4), ("anisomycin", 95.1))],
    F("sc9-72h-bdnf_knockout", SC9_PEAK, lambda: peak_gain_removed_pct("bdnf_knockout"), 100, doc=SC),
    F("sc9-block", "The NMDA block stays the same to the integrator's tolerance", blockers_leave_the_block_alone, doc=SC),
    F("sc10", "no channel of a drug-free week moves at all, not by one bit", no_drug_week_stays_put, doc=SC),
]


@functools.cache
def doc_text(doc: str) -> str:
    """The doc with its whitespace collapsed, so a phrase may wrap across lines."""
    return " ".join((ROOT / doc).read_text().split())


def printed_text(figure: Figure) -> str:
    """How the phrase writes the figure: the number at its precision, or the row's own words."""
    return figure.shown if figure.shown is not None else f"{abs(figure.printed):,.{figure.digits}f}"


def test_ids_are_unique():
    ids = [figure.id for figure in FIGURES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("figure", FIGURES, ids=[figure.id for figure in FIGURES])
def test_doc_quotes_the_figure(figure):
    """The phrase is in the doc, and (for a number) the phrase prints the number the row checks."""
    assert " ".join(figure.phrase.split()) in doc_text(figure.doc), f"{figure.doc} no longer says {figure.phrase!r}"
    if figure.printed is not None:
        assert re.search(rf"(?<![\d.]){re.escape(printed_text(figure))}(?!\.?\d)", figure.phrase), (
            f"{figure.phrase!r} does not print {figure.printed}"
        )


@pytest.mark.parametrize("figure", FIGURES, ids=[figure.id for figure in FIGURES])
def test_model_gives_the_figure(figure):
    value = figure.value()
    if figure.printed is None:
        assert value is True or value is np.True_, f"no longer holds: {figure.phrase!r}"
    elif figure.tol is not None:
        assert abs(value - figure.printed) <= figure.tol, (
            f"{figure.doc}: {figure.phrase!r} says ~{figure.printed}; the model gives {value:.4g}"
        )
    else:
        assert round(value, figure.digits) == pytest.approx(figure.printed, abs=1e-9), (
            f"{figure.doc}: {figure.phrase!r} says {figure.printed}; the model gives {value:.4g}"
        )
