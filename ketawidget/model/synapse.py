"""The synapse microscope: one glutamatergic synapse on a pyramidal-cell spine, in milliseconds.

The slow model (``simulation``) follows ketamine over hours and the share of NMDA receptors it
blocks. This module zooms in on one synaptic event at one moment of that story:
glutamate is released into the cleft, AMPA and NMDA receptors open, Mg2+ and ketamine plug the NMDA
pore, the spine depolarises and Ca2+ enters. Everything runs on a fixed time grid in ms.

Cleft glutamate ``T(t)`` (mM)::

    T = glutamate_mM                      for each release, during pulse_ms
    T = glutamate_mM * exp(-t'/tau_c)     after it, t' = time since the pulse ended (only if tau_c > 0)

The default is the pure square pulse (``clearance_tau_ms=0``) of Destexhe, Mainen & Sejnowski 1994:
their 1 mM x 1 ms pulse *is* their stand-in for the measured cleft transient (Clements et al. 1992:
peak ~1.1 mM, decay tau ~1.2 ms, area ~1.3 mM ms against the pulse's 1 mM ms), and their rate
constants were fitted with it. Adding a 1.2 ms clearance tail on top of that pulse would count the
same glutamate twice (NMDA gating would peak at 0.14, AMPA at 0.72, both outside the ranges this model
is tested against for one 1 mM x 1 ms pulse: peak open fraction 0.5-0.7 for AMPA, 0.04-0.10 for NMDA).
The Clements shape itself is available: ``glutamate_mM=1.1, pulse_ms=0.01, clearance_tau_ms=1.2``
(and it stays inside those ranges too, see the tests).

AMPA and NMDA gating, the minimal two-state schemes of Destexhe et al. 1994 (r = fraction of
receptors bound and open)::

    dr/dt = alpha T (1 - r) - beta r        AMPA: alpha 1.1 /ms/mM, beta 0.25 /ms
                                            NMDA: alpha 0.072 /ms/mM, beta 0.0066 /ms

NMDA pore: Mg2+ and ketamine. Each NMDA receptor is closed (C), open (O), open with ketamine in
the pore (OB) or closed with ketamine trapped inside (CB)::

    C  <--(alpha T, beta)-->  O
                              |  k_on [K] a_Mg(V)  ^  k_off(V)
                              v                    |
    CB <--(alpha T, beta)-->  OB

Ketamine enters and leaves only through an open pore; a channel that closes on it keeps it
(trapping: Gilling et al. 2009 found ketamine fully trapped). k_on is the slow model's
``ketamine_on_rate_per_uM_min`` (by default 3e5 /M/s, approx., after MacDonald et al. 1991;
Gilling et al. measured 1.5e5 /M/s). At clinical concentrations that is slow beside one EPSC: at
1 uM in 1 mM Mg2+ at -70 mV an open channel is plugged at ~2e-5 /ms, so one event changes the block
by ~1e-4 and what a single event shows is mostly the block trapped before it (use dependence at
work).
Gating is the same with or without the drug, so the NMDA ``r`` above is also O + OB. Mg2+ unbinds
in microseconds, so it is not a state: the open, drug-free pore conducts the Jahr & Stevens (1990)
fraction ``B(V) = 1 / (1 + [Mg]/3.57 mM exp(-0.062 V))`` and ketamine can enter only the Mg2+-free
pore, ``a_Mg(V) = 1 / (1 + [Mg]/KMg(V))`` with each GluN2 subunit's KMg from ``receptors``. With
``k_off(V) = k_on Kk(V)`` (Kk = the subunit's ketamine IC50 without Mg2+, e-fold per
``ketamine_voltage_efold_mV``), the steady state of this scheme is, for any gating::

    (OB + CB) = (K/Kk) / (1 + [Mg]/KMg + K/Kk)  = receptors.fraction_blocked(...)

i.e. exactly the steady state that the slow model's use-dependent block relaxes to: the microscope
and the slow model agree wherever both apply. The constants the two share (k_on, Kk's voltage
e-fold ``ketamine_voltage_efold_mV`` and the subunit mix ``pyramidal_glun2cd_fraction``) are read
from a ``params`` (``Params()`` unless given), so a moment of a slow trajectory is seen with that
trajectory's receptors; by default pyramidal synapses are GluN2A/2B (each subunit its own OB, CB).
Unless told otherwise a run starts at that steady state, all of it trapped (no glutamate yet, so
every channel is closed): the state a synapse reaches after minutes of ordinary activity at that
concentration.

NBQX. In a run whose ``params.nbqx`` is on, the share ``e = PRETREATMENT_EFFICACY["nbqx"]``
(0.95, declared once in ``parameters``) of the AMPA receptors holds NBQX, a competitive antagonist
at the glutamate site, for the whole run: only ``1 - e`` of them can bind glutamate, so the AMPA
scheme becomes ``dr/dt = alpha T ((1 - e) - r) - beta r`` (r is still the share of *all* the
synapse's AMPA receptors that are open, so ``ampa_open`` and ``I_AMPA`` keep their meaning). The
pool shrinks, not the output: the kinetic scheme stays one scheme, r can never pass the receptors
that are free, and the stochastic mode has a count of free channels to draw from. The AMPA current
falls to ``1 - e`` of its size, the spine depolarises less, fewer NMDA pores lose their Mg2+ and
the NMDA current falls too (under voltage clamp the NMDA receptors do not notice NBQX at all).
Pre-equilibrated and fixed because NBQX leaves its site slowly beside one glutamate transient:
it binds with an affinity of ~0.1 uM (IC50 0.15 uM against [3H]AMPA, Sheardown et al. 1990), so
even at a diffusion-limited on-rate of 1e8-1e9 /M/s its off-rate is at most ~10-100 /s (k_off =
K_d k_on): under 10 % of the bound NBQX (more likely ~1 %, at the usual 1e7 /M/s) leaves during a
1-ms pulse, and glutamate can only take a site NBQX has left. The fast-jump "NBQX unbinding"
protocol (Rosenmund et al. 1998) rests on the same ordering: after a jump from NBQX into saturating
glutamate the current rises as fast as NBQX leaves, because glutamate binds faster still. No
measured off-rate at native synaptic receptors was at hand, so this is a bound, not a fit. Where it fails: glutamate that stays for tens of ms or more (spillover,
high-frequency trains, ``n_pulses`` with short intervals, long ``pulse_ms``) would out-compete a
surmountable antagonist, and the block would fall below ``e``; NBQX's own concentration, which
rises and falls over hours in an animal, is not modelled (it is on or off for the whole run, as in
the slow model). In the stochastic mode each receptor holds NBQX independently with probability
``e`` (one seeded binomial draw per run), so the mean of many runs is the deterministic run.

Spine voltage. With ``v_clamp_mV`` a number the spine is voltage-clamped there; otherwise one
compartment (the spine with the patch of dendrite that charges with it)::

    C dV/dt = -g_L (V - E_L) - I_AMPA - I_NMDA
    I_AMPA = g_AMPA r_AMPA (V - E_glu)
    I_NMDA = g_NMDA (O_total) B(V) (V - E_glu),   O_total = r_NMDA - (OB)   (open, drug-free)

Currents in pA (nS x mV); negative = inward (cations entering the cell), the electrophysiology
convention. ``ca_influx`` is the Ca2+ carried by NMDA receptors, in pA and positive for entry,
with its own driving force to E_Ca so that it keeps flowing where the net NMDA current reverses::

    ca_influx = -f_Ca g_NMDA O_total B(V) (V - E_Ca)

f_Ca is set so that Ca2+ carries 10 % of the NMDA current at -60 mV (Schneggenburger et al. 1993,
approx.).

Stochastic mode. ``N_AMPA`` and ``N_NMDA`` receptors, each a Markov chain: over a step dt every
transition of the scheme is drawn binomially with the *exact* two-state probability, e.g.
``P(C -> O) = a/(a+b) (1 - exp(-(a+b) dt))`` (gating and drug binding are taken one after the
other in the step; see Numerics). The channels are then fractions k/N. Because the expected value
of each draw equals the deterministic update, the mean of many runs equals the deterministic run
(under voltage clamp exactly; in current clamp up to the small nonlinearity of V). The NMDA
receptors are split over GluN2A/2B by largest remainder (an odd N_NMDA makes the split, and so
the mean block, differ slightly from the deterministic 50/50). At t = 0 each receptor is trapped
with the probability given by the initial block.

Numerics. Fixed step dt = 0.025 ms: 40 steps inside the default 1 ms pulse, ~30 inside the AMPA
decay, and the NEURON default for the same schemes. Within a step the glutamate concentration is
replaced by its exact step average (so pulses shorter than dt still deliver the right amount) and
every linear sub-problem is solved exactly (exponential Euler): gating, then drug binding
(Lie splitting; its error scales with the drug rates, ~1e-3 /ms, times dt), then voltage with the
conductances of the new state and B(V) of the old voltage. Each update is a convex combination, so
fractions stay in [0, 1] and nothing blows up for any dt. Under voltage clamp a state of
steady-state block is preserved to round-off.

What is simplified: two-state receptors (no desensitisation, no separate binding and opening, so
``nmda_open`` is "activated", with brief openings inside: Orser et al. 1997 measured a mean open time
of 3.3 ms and Po 0.058 for single channels, while the two-state r decays in 1/beta = 150 ms);
ketamine's on-rate is a whole-cell (macroscopic) value, applied to that activated state;
Mg2+ is instantaneous; one compartment instead of spine neck and dendrite; glutamate is the same
at every receptor; no presynaptic failures or short-term plasticity; the GluN2A and GluN2B
populations share Destexhe's NMDA gating.

Sources: Destexhe, Mainen & Sejnowski 1994 (J Comput Neurosci 1:195; Neural Comput 6:14);
Clements et al. 1992 (Science 258:1498); Jahr & Stevens 1990 (J Neurosci 10:3178); Kotermanski &
Johnson 2009 (J Neurosci 29:2774); Gilling et al. 2009 (Neuropharmacology 56:866); MacDonald et
al. 1991 (J Physiol 432:483); Orser,
Pennefather & MacDonald 1997 (Anesthesiology 86:903); Schneggenburger et al. 1993 (Neuron 11:133);
Sheardown et al. 1990 (Science 247:571); Rosenmund, Stern-Bach & Stevens 1998 (Science 280:1596).
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from numba import njit

from .constants import fixed
from .errors import LARGEST_FINITE, ParameterError, check_flag, check_number, scalar_of
from .parameters import PRETREATMENT_EFFICACY, Params
from .receptors import (
    JAHR_STEVENS_K0_MM,
    JAHR_STEVENS_SLOPE_PER_MV,
    REFERENCE_V_MV,
    fraction_blocked,
    subunit_constants,
    subunit_weights,
)
from .trajectory import Trajectory

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "simulate_synapse", "synapse_conditions", "microscope_moments", "MAX_MICROSCOPE_MOMENTS",
    "SynapseTrajectory", "SYNAPSE_CHANNELS", "SYNAPSE_UNITS", "refuse_microscope_run", "MICROSCOPE_CONDITION_CHANNELS",
]

# --- Constants (each declared with unit, meaning and source; "approx." = known only roughly) -----

_DESTEXHE_1994 = "Destexhe, Mainen & Sejnowski 1994, J Comput Neurosci 1:195"
# Destexhe et al.'s minimal two-state schemes (docs/science-checks.md, reference values), with one
# change: their AMPA closing rate 0.19 /ms decays with 1/0.19 = 5.3 ms, just slower than the 1-5 ms
# of cortical AMPA EPSCs at body temperature (docs/science-checks.md check 5). 0.25 /ms (4 ms) sits
# inside that range and keeps the peak open fraction at ~0.6 (approx.; Destexhe's fit was to
# room-temperature data).
AMPA_ALPHA_PER_MM_PER_MS = fixed(
    1.1, unit="1/(mM ms)", group="synapse",
    meaning="AMPA receptor binding-and-opening rate per mM cleft glutamate (two-state scheme)",
    reference=_DESTEXHE_1994,
)
AMPA_BETA_PER_MS = fixed(
    0.25, unit="1/ms", group="synapse",
    meaning="AMPA receptor closing rate: decay time 4 ms",
    reference=f"{_DESTEXHE_1994} (0.19 /ms), raised to the 1-5 ms of cortical AMPA EPSCs at body "
    "temperature (approx.)",
)
NMDA_ALPHA_PER_MM_PER_MS = fixed(
    0.072, unit="1/(mM ms)", group="synapse",
    meaning="NMDA receptor binding-and-opening rate per mM cleft glutamate (two-state scheme)",
    reference=_DESTEXHE_1994,
)
NMDA_BETA_PER_MS = fixed(
    0.0066, unit="1/ms", group="synapse",
    meaning="NMDA receptor closing rate: decay time ~150 ms",
    reference=_DESTEXHE_1994,
)

#: Ketamine's on-rate into open NMDA channels is the slow model's ``ketamine_on_rate_per_uM_min``
#: (declared once, in ``Params``: 18 /uM/min = 3e5 /M/s = 3e-4 /uM/ms). The two clocks share it
#: but not the Mg2+ kinetics: here Mg2+ keeps ketamine out of the pore (the physics); the slow model
#: lets Mg2+ speed its exit instead, same steady state, faster approach (docs/model.md says by how
#: much and why it stays for now). Cross-check: Gilling et al. 2009 (human GluN1/2A, whole cell) measured
#: k_on 0.15 +- 0.05 x 1e6 /M/s and k_off 0.22 /s, ketamine fully trapped; the same order. k_off is
#: *derived* as k_on x Kk(V) so the steady state equals the slow model's block: ~0.1 /s at -70 mV
#: against Gilling's 0.22 /s (their kinetic Kd, 1.5 uM, is twice their own IC50).
_PER_MIN_TO_PER_MS = 1.0 / 60000.0

DT_MS = fixed(
    0.025, unit="ms", group="numerical",
    meaning="Default time step of the synapse microscope (argument dt_ms)",
    reference="numerics (synapse): 40 steps inside the 1 ms pulse, ~30 inside the AMPA decay; the "
    "NEURON default for the same schemes (module docstring, Numerics)",
)

# The single compartment: leak 2.5 nS and 50 pF give an input resistance of 400 MOhm and a membrane
# time constant of 20 ms, in the range of thin dendrites near a spine (approx.); with the
# conductances below one synapse gives a local EPSP of a few mV (3.3 mV from rest).
MEMBRANE_CAPACITANCE_PF = fixed(
    50.0, unit="pF", group="synapse",
    meaning="Capacitance of the one compartment (spine with the patch of dendrite that charges with it)",
    reference="thin dendrite near a spine: 20 ms membrane time constant with the leak (approx.)",
)
LEAK_CONDUCTANCE_NS = fixed(
    2.5, unit="nS", group="synapse",
    meaning="Leak conductance of the compartment: input resistance 400 MOhm",
    reference="thin dendrite near a spine; one synapse gives a local EPSP of a few mV (approx.)",
)
# Not ``Params.v_pyramidal_mV``, though both are -70 mV by default: that is the *time-averaged*
# potential at pyramidal NMDA receptors in vivo, ongoing activity included (it may be set up to
# +20 mV), and sets the slow model's steady-state block; this is the reversal potential of a passive
# leak, where the compartment sits with no synaptic input and from which one event's EPSP starts. A
# moment of a slow trajectory brings its block with it (``initial_bound``), so the two agree on the
# block whatever v_pyramidal_mV is.
E_LEAK_MV = fixed(
    -70.0, unit="mV", group="synapse",
    meaning="Leak reversal potential: the spine's resting potential, where an EPSP starts",
    reference="typical cortical pyramidal resting potential (approx.)",
)
E_GLUTAMATE_MV = fixed(
    0.0, unit="mV", group="synapse",
    meaning="Reversal potential of AMPA and NMDA currents",
    reference="non-selective cation channels reverse near 0 mV",
)

# ~80 receptors (N_AMPA) of ~12 pS; the two-state r peaks at 0.62 after a pulse.
G_AMPA_MAX_NS = fixed(
    1.0, unit="nS", group="synapse",
    meaning="AMPA conductance of the synapse with all receptors open: peak ~0.6 nS after one pulse",
    reference="unitary cortical AMPA conductances a few tenths of a nS to ~1 nS (approx.)",
)
# NMDA scale set by the NMDA/AMPA ratio, not by counting channels: the two-state r peaks at only
# 0.07 after a pulse, far below the peak open probability of real receptors, so 20 receptors x
# 50 pS would make NMDA currents several times too small.
G_NMDA_MAX_NS = fixed(
    8.0, unit="nS", group="synapse",
    meaning="NMDA conductance of the synapse with all receptors open and Mg2+-free",
    reference="peak NMDA current at +40 mV about half the peak AMPA current at -70 mV, a typical "
    "cortical NMDA/AMPA ratio (approx.)",
)

# For the stochastic mode only: the conductances above stay the synapse's totals, N sets the
# graininess.
N_AMPA_DEFAULT = fixed(
    80, unit="receptors", group="synapse",
    meaning="AMPA receptors at one synapse (default n_ampa, stochastic mode)",
    reference="tens per spine synapse, after Nusser et al. 1998, Neuron 21:545 (order of magnitude; approx.)",
)
N_NMDA_DEFAULT = fixed(
    20, unit="receptors", group="synapse",
    meaning="NMDA receptors at one synapse (default n_nmda, stochastic mode)",
    reference="of order ten per spine synapse, after Nimchinsky et al. 2004, J Neurosci 24:2054 "
    "(order of magnitude; approx.)",
)

CA_FRACTION_AT_MINUS_60_MV = fixed(
    0.10, unit="fraction", group="synapse",
    meaning="Share of the NMDA current carried by Ca2+ at -60 mV",
    reference="Schneggenburger et al. 1993, Neuron 11:133 (~10 %; approx.)",
)
E_CA_MV = fixed(
    130.0, unit="mV", group="synapse",
    meaning="Ca2+ reversal potential, for the Ca2+ part of the NMDA current",
    reference="Nernst: 2 mM outside, ~0.1 uM inside, 35 C (approx.)",
)
# Derived: the share of the NMDA conductance that carries Ca2+, so that Ca2+ carries
# CA_FRACTION_AT_MINUS_60_MV of the current at -60 mV.
_CA_CONDUCTANCE_SHARE = CA_FRACTION_AT_MINUS_60_MV * (-60.0 - E_GLUTAMATE_MV) / (-60.0 - E_CA_MV)

# --- Arguments: unit and allowed range, the one place for validation and the docstring ------------

#: name -> (low, high, unit). Integers and switches are checked by their own helpers below.
ARGUMENT_RANGES: dict[str, tuple[float, float, str]] = {
    "ketamine_uM": (0.0, 1000.0, "uM"),
    "mg_mM": (0.0, 10.0, "mM"),
    "v_clamp_mV": (-120.0, 60.0, "mV"),
    "glutamate_mM": (0.0, 10.0, "mM"),
    "pulse_ms": (0.01, 100.0, "ms"),
    "duration_ms": (1.0, 10000.0, "ms"),
    "onset_ms": (0.0, 10000.0, "ms"),
    "interval_ms": (0.01, 10000.0, "ms"),  # also at least pulse_ms
    "clearance_tau_ms": (0.0, 10.0, "ms"),
    "initial_bound": (0.0, 1.0, "fraction"),
    "dt_ms": (0.001, 0.1, "ms"),
}
_INT_RANGES: dict[str, tuple[int, int]] = {
    "seed": (0, 2**32 - 1),  # numba's np.random.seed takes a uint32
    "n_pulses": (1, 1000),
    "n_ampa": (1, 100000),
    "n_nmda": (1, 100000),
}

# --- Output channels: the one list for the microscope ---------------------------------------------

#: (name, unit, meaning), in output order.
SYNAPSE_CHANNEL_TABLE: tuple[tuple[str, str, str], ...] = (
    ("ampa_open", "fraction", "AMPA receptors bound and open (two-state r), as a share of all of them, NBQX-held ones too"),
    ("nmda_open", "fraction", "NMDA receptors bound and open (gating r, whatever plugs the pore)"),
    ("nmda_ketamine_bound", "fraction", "NMDA receptors with ketamine in the pore (open-blocked + trapped)"),
    ("nmda_ketamine_trapped", "fraction", "NMDA receptors closed with ketamine trapped inside"),
    ("nmda_mg_unblocked", "fraction", "Share of open, drug-free NMDA pores free of Mg2+ (Jahr-Stevens B(V))"),
    ("nmda_conducting", "fraction", "NMDA receptors open, drug-free and Mg2+-free: passing current"),
    ("cleft_glutamate_mM", "mM", "Glutamate in the synaptic cleft"),
    ("v_mV", "mV", "Spine membrane potential"),
    ("i_ampa_pA", "pA", "AMPA receptor current (negative = inward)"),
    ("i_nmda_pA", "pA", "NMDA receptor current (negative = inward)"),
    ("ca_influx", "pA", "Ca2+ entering through NMDA receptors, as a current (positive = entry)"),
)
SYNAPSE_CHANNELS: tuple[str, ...] = tuple(c[0] for c in SYNAPSE_CHANNEL_TABLE)
SYNAPSE_UNITS: dict[str, str] = {c[0]: c[1] for c in SYNAPSE_CHANNEL_TABLE}


class SynapseTrajectory(Trajectory):
    """A synapse-microscope run: :class:`Trajectory` with its clock in milliseconds.

    Attributes
    ----------
    time_ms : numpy.ndarray
        Sample times, ms since the start of the run (uniform, one per time step).
    channels, units, description, params
        As for :class:`Trajectory`.
    """

    _CLOCK = "time_ms"

    time_ms: np.ndarray

    def __init__(
        self,
        time_ms: np.ndarray,
        values: Mapping[str, np.ndarray],
        units: Mapping[str, str],
        *,
        description: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> None:
        # The clock is kept as time_ms (_CLOCK): a ms clock named time_h would be a trap.
        super().__init__(time_ms, values, units, description=description, params=params)

    def at(self, time_ms: float) -> dict[str, float]:  # type: ignore[override]
        """Every channel linearly interpolated at ``time_ms`` (clamped to the run)."""
        t = check_number("time_ms", time_ms, -LARGEST_FINITE, LARGEST_FINITE, "ms", allowed="a finite number of milliseconds")
        return {name: float(np.interp(t, self.time_ms, self[name])) for name in self.channels}

    def to_dataframe(self) -> pd.DataFrame:
        """The channels as a pandas DataFrame indexed by ``time_ms`` (needs pandas)."""
        import pandas as pd

        frame = pd.DataFrame({name: self[name] for name in self.channels}, index=self.time_ms)
        frame.index.name = "time_ms"
        return frame

    def __repr__(self) -> str:
        span = f"{self.time_ms[0]:g}-{self.time_ms[-1]:g} ms" if self.time_ms.size else "empty"
        return f"<SynapseTrajectory {self.description!r}: {span}, {self.time_ms.size} samples>"


def refuse_microscope_run(value: object, name: str = "trajectory") -> None:
    """Raise a :class:`ParameterError` if ``value`` is a microscope run where a slow trajectory belongs.

    A :class:`SynapseTrajectory` is a :class:`Trajectory` (channels, units, params), so an
    ``isinstance(value, Trajectory)`` check lets it through; but it has no ``time_h`` and none of
    the slow channels, and the code behind such a check failed on them with an AttributeError or a
    KeyError that did not say what was wrong. Every function and widget that takes a slow
    trajectory calls this first.

    Parameters
    ----------
    value : object
        What was passed.
    name : str
        The argument's name, for the message.

    Raises
    ------
    ParameterError
        If ``value`` is a SynapseTrajectory, saying what to pass instead.
    """
    if isinstance(value, SynapseTrajectory):
        raise ParameterError(
            f"{name} must be a slow trajectory (hours, from ketawidget.simulate); got a synapse-microscope "
            "run (one synapse in milliseconds, from simulate_synapse). Pass the run of "
            "kw.simulate(dose, params, hours) instead; the microscope's run at one of its moments is "
            "kw.simulate_synapse(**kw.model.synapse_conditions(run, time_h))."
        )


# --- numba core ------------------------------------------------------------------------------------
# Every constant reaches the jitted code as an argument: numba's cache is keyed on this file only,
# so a constant imported from receptors.py and frozen into the cache could silently go stale.


@njit(cache=True)
def _cleft_glutamate(n_steps, dt, onset, pulse, interval, n_pulses, conc, tau):
    """Step-averaged (for the solver) and sampled (for output) cleft glutamate, mM."""
    avg = np.zeros(n_steps)
    inst = np.zeros(n_steps + 1)
    if conc == 0.0:
        return avg, inst
    # a tail below 1e-16 of the peak is nothing; 37 tau gets there
    reach = 37.0 * tau
    for k in range(n_pulses):
        s = onset + k * interval
        e = s + pulse
        if s > n_steps * dt:
            break
        first = max(int(math.floor(s / dt)) - 1, 0)
        last = min(int(math.ceil((e + reach) / dt)) + 1, n_steps)
        for j in range(first, last + 1):
            t = j * dt
            # instantaneous value at the sample time t (pulse on [s, e))
            if s <= t < e:
                inst[j] += conc
            elif t >= e and tau > 0.0:
                inst[j] += conc * math.exp(-(t - e) / tau)
            if j == n_steps:
                continue
            t1 = t + dt
            amount = max(0.0, min(t1, e) - max(t, s)) * conc
            if tau > 0.0 and t1 > e:
                lo = max(t, e)
                amount += conc * tau * (math.exp(-(lo - e) / tau) - math.exp(-(t1 - e) / tau))
            avg[j] += amount / dt
    return avg, inst


@njit(cache=True)
def _drug_rates(mg, ketamine, kon, ic50_no_mg, kmg_ref, kmg_scale, kk_scale, kf, kb):
    """Each subunit's ketamine on-rate (into kf) and off-rate (into kb), /ms.

    k_on [K] a_Mg(V) and k_on Kk(V), with KMg(V) = KMg_ref kmg_scale and Kk(V) = Kk_ref kk_scale:
    their ratio gives receptors.fraction_blocked at steady state.
    """
    for i in range(kf.shape[0]):
        access = 1.0 / (1.0 + mg / (kmg_ref[i] * kmg_scale))  # Mg2+-free share of open pores
        kf[i] = kon * ketamine * access
        kb[i] = kon * ic50_no_mg[i] * kk_scale


@njit(cache=True)
def _two_state(a, b, dt):
    """Exact one-step probabilities P(closed -> open), P(open -> closed) of a two-state chain."""
    s = a + b
    if s <= 0.0:
        return 0.0, 0.0
    x = s * dt
    if x < 1e-3:
        # 1 - exp(-x) by its series, exact to double precision here (the next term is < 1e-17)
        leave = x * (1.0 - 0.5 * x * (1.0 - x / 3.0 * (1.0 - 0.25 * x)))
    else:
        leave = -math.expm1(-x)
    return a / s * leave, b / s * leave


@njit(cache=True)
def _record(out, n, t_glu, v, r_a, r_n, ob_w, cb_w, b_mg, g_a_max, g_n_max, e_glu, e_ca, ca_share):
    """Write one sample of every output channel (the order of SYNAPSE_CHANNEL_TABLE)."""
    conducting = (r_n - ob_w) * b_mg
    i_nmda = g_n_max * conducting * (v - e_glu)
    out[0, n] = r_a
    out[1, n] = r_n
    out[2, n] = ob_w + cb_w
    out[3, n] = cb_w
    out[4, n] = b_mg
    out[5, n] = conducting
    out[6, n] = t_glu
    out[7, n] = v
    out[8, n] = g_a_max * r_a * (v - e_glu)
    out[9, n] = i_nmda
    out[10, n] = -ca_share * g_n_max * conducting * (v - e_ca)


@njit(cache=True)
def _voltage_step(v, r_a, open_free, b_mg, g_a_max, g_n_max, g_leak, e_leak, e_glu, cap, dt):
    """Exact step of the linear membrane equation with the step's conductances (exponential Euler)."""
    g_syn = g_a_max * r_a + g_n_max * open_free * b_mg
    g_tot = g_leak + g_syn
    v_inf = (g_leak * e_leak + g_syn * e_glu) / g_tot
    return v_inf + (v - v_inf) * math.exp(-g_tot * dt / cap)


@njit(cache=True)
def _run(
    t_avg,
    t_inst,
    dt,
    clamp,
    v_clamp,
    mg,
    ketamine,
    weights,
    ic50_no_mg,
    kmg_ref,
    efold,
    bound0,
    stochastic,
    seed,
    n_ampa,
    n_nmda_sub,
    ampa_free,
    rates,
    cell,
    pore,
):
    """Integrate the synapse; returns an array (channel, sample).

    ampa_free = the share of AMPA receptors not held by NBQX (1 without it): glutamate binds only these.
    rates = (AMPA alpha, AMPA beta, NMDA alpha, NMDA beta, ketamine k_on);
    cell = (g_AMPA, g_NMDA, g_leak, C, E_leak, E_glu, E_Ca, Ca share);
    pore = (Jahr-Stevens K0, slope, reference V of the subunit constants).
    """
    n_steps = t_avg.shape[0]
    n_sub = weights.shape[0]
    a_alpha, a_beta, n_alpha, n_beta, kon = rates[0], rates[1], rates[2], rates[3], rates[4]
    g_a, g_n, g_leak, cap, e_leak, e_glu, e_ca, ca_share = (
        cell[0], cell[1], cell[2], cell[3], cell[4], cell[5], cell[6], cell[7]
    )
    js_k0, js_slope, v_ref = pore[0], pore[1], pore[2]
    out = np.empty((11, n_steps + 1))
    kf = np.empty(n_sub)
    kb = np.empty(n_sub)

    # One exponential of V serves the Jahr-Stevens block and the subunits' Mg2+ constants:
    # KMg(V) = KMg_ref exp(slope (V - V_ref)) = KMg_ref exp(-slope V_ref) / exp(-slope V).
    kmg_ref_scale = math.exp(-js_slope * v_ref)
    v = v_clamp if clamp else e_leak
    e_neg = math.exp(-js_slope * v)
    b_mg = 1.0 / (1.0 + mg / js_k0 * e_neg)
    _drug_rates(mg, ketamine, kon, ic50_no_mg, kmg_ref, kmg_ref_scale / e_neg, math.exp((v - v_ref) / efold), kf, kb)
    # With no drug anywhere nothing can bind: skip the pore rates (exact, and most of the cost).
    drug = ketamine > 0.0
    for i in range(n_sub):
        drug = drug or bound0[i] > 0.0

    # Deterministic state: shared gating r, per subunit open-blocked and trapped fractions.
    # Stochastic state: integer counts per subunit (closed, open, open-blocked, trapped).
    r_a = 0.0
    r_n = 0.0
    ob = np.zeros(n_sub)
    cb = np.zeros(n_sub)
    k_a = 0
    n_ampa_free = n_ampa
    n_nmda = 0
    c_i = np.zeros(n_sub, dtype=np.int64)
    o_i = np.zeros(n_sub, dtype=np.int64)
    ob_i = np.zeros(n_sub, dtype=np.int64)
    cb_i = np.zeros(n_sub, dtype=np.int64)
    if stochastic:
        np.random.seed(seed)
        for i in range(n_sub):
            n_nmda += n_nmda_sub[i]
            cb_i[i] = np.random.binomial(n_nmda_sub[i], bound0[i]) if n_nmda_sub[i] > 0 else 0
            c_i[i] = n_nmda_sub[i] - cb_i[i]
        cb_w = 0.0
        for i in range(n_sub):
            cb_w += cb_i[i]
        cb_w /= n_nmda
        ob_w = 0.0
        # Each AMPA receptor holds NBQX independently (drawn after the NMDA receptors' trapped
        # ketamine, so a seed traps the same receptors with and without NBQX); no draw without
        # it, so a run without NBQX is the run it always was.
        n_ampa_free = np.random.binomial(n_ampa, ampa_free) if ampa_free < 1.0 else n_ampa
    else:
        cb_w = 0.0
        for i in range(n_sub):
            cb[i] = bound0[i]
            cb_w += weights[i] * cb[i]
        ob_w = 0.0
    _record(out, 0, t_inst[0], v, r_a, r_n, ob_w, cb_w, b_mg, g_a, g_n, e_glu, e_ca, ca_share)

    # Glutamate-free stretches (T == 0, most of a run) reuse one set of gating probabilities.
    pa0, pc_a0 = _two_state(0.0, a_beta, dt)
    pn0, pc_n0 = _two_state(0.0, n_beta, dt)
    pb_on = np.empty(n_sub)
    pb_off = np.empty(n_sub)
    for i in range(n_sub):
        pb_on[i], pb_off[i] = _two_state(kf[i], kb[i], dt)

    for n in range(n_steps):
        glu = t_avg[n]
        if glu > 0.0:
            p_open_a, p_close_a = _two_state(a_alpha * glu, a_beta, dt)
            p_open_n, p_close_n = _two_state(n_alpha * glu, n_beta, dt)
        else:
            p_open_a, p_close_a = pa0, pc_a0
            p_open_n, p_close_n = pn0, pc_n0
        if drug and not clamp:
            # the pore rates follow the voltage at the start of the step
            kk_scale = math.exp((v - v_ref) / efold)
            _drug_rates(mg, ketamine, kon, ic50_no_mg, kmg_ref, kmg_ref_scale / e_neg, kk_scale, kf, kb)
            for i in range(n_sub):
                pb_on[i], pb_off[i] = _two_state(kf[i], kb[i], dt)

        if stochastic:
            # AMPA: openings among the closed, closings among the open, drawn from the same start
            opened = np.random.binomial(n_ampa_free - k_a, p_open_a) if p_open_a > 0.0 else 0
            closed = np.random.binomial(k_a, p_close_a) if k_a > 0 else 0
            k_a += opened - closed
            r_a = k_a / n_ampa
            open_n = 0
            ob_sum = 0
            cb_sum = 0
            for i in range(n_sub):
                # gating, identical with and without ketamine in the pore
                up = np.random.binomial(c_i[i], p_open_n) if p_open_n > 0.0 and c_i[i] > 0 else 0
                down = np.random.binomial(o_i[i], p_close_n) if o_i[i] > 0 else 0
                up_b = np.random.binomial(cb_i[i], p_open_n) if p_open_n > 0.0 and cb_i[i] > 0 else 0
                down_b = np.random.binomial(ob_i[i], p_close_n) if ob_i[i] > 0 else 0
                c_i[i] += down - up
                o_i[i] += up - down
                cb_i[i] += down_b - up_b
                ob_i[i] += up_b - down_b
                # ketamine enters and leaves open pores only
                block = np.random.binomial(o_i[i], pb_on[i]) if o_i[i] > 0 and pb_on[i] > 0.0 else 0
                unblock = np.random.binomial(ob_i[i], pb_off[i]) if ob_i[i] > 0 else 0
                o_i[i] += unblock - block
                ob_i[i] += block - unblock
                open_n += o_i[i] + ob_i[i]
                ob_sum += ob_i[i]
                cb_sum += cb_i[i]
            r_n = open_n / n_nmda
            ob_w = ob_sum / n_nmda
            cb_w = cb_sum / n_nmda
        else:
            # the expected values of the draws above: exact two-state updates
            r_a = r_a * (1.0 - p_close_a) + (ampa_free - r_a) * p_open_a
            r_n_old = r_n
            r_n = r_n_old * (1.0 - p_close_n) + (1.0 - r_n_old) * p_open_n
            ob_w = 0.0
            cb_w = 0.0
            for i in range(n_sub):
                bound = ob[i] + cb[i]
                ob[i] = ob[i] * (1.0 - p_close_n) + cb[i] * p_open_n
                cb[i] = bound - ob[i]
                if drug and r_n > 0.0:
                    free = r_n - ob[i]
                    ob[i] = ob[i] * (1.0 - pb_off[i]) + free * pb_on[i]
                ob_w += weights[i] * ob[i]
                cb_w += weights[i] * cb[i]

        if clamp:
            v_new = v_clamp
        else:
            v_new = _voltage_step(v, r_a, r_n - ob_w, b_mg, g_a, g_n, g_leak, e_leak, e_glu, cap, dt)
            v = v_new
            e_neg = math.exp(-js_slope * v)
            b_mg = 1.0 / (1.0 + mg / js_k0 * e_neg)
        _record(out, n + 1, t_inst[n + 1], v_new, r_a, r_n, ob_w, cb_w, b_mg, g_a, g_n, e_glu, e_ca, ca_share)
    return out


# --- Python face -------------------------------------------------------------------------------------


def _check_int(name: str, value: object) -> int:
    low, high = _INT_RANGES[name]
    value = scalar_of(value)  # a 0-d array as its number, as check_number takes one
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ParameterError(f"{name} must be an integer from {low} to {high}; got {value!r} ({type(value).__name__})")
    if not low <= int(value) <= high:
        raise ParameterError(f"{name} must be an integer from {low} to {high}; got {value}")
    return int(value)


def _check(name: str, value: object, low: tuple[str, float] | None = None) -> float:
    """``value`` checked against ``ARGUMENT_RANGES[name]``, or from ``low`` = (what sets it, its
    value) where another argument raises the lower bound: the message then names that argument."""
    lo, hi, unit = ARGUMENT_RANGES[name]
    if low is None:
        return check_number(name, value, lo, hi, unit)
    what, lo = low
    return check_number(name, value, lo, hi, unit, allowed=f"a number from {lo:g} to {hi:g} {unit} (at least {what}, {lo:g} {unit})")


def _apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Split ``total`` receptors over subunits in proportion to ``weights`` (largest remainder)."""
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype(np.int64)
    for i in np.argsort(-(exact - counts), kind="stable")[: total - counts.sum()]:
        counts[i] += 1
    return counts


#: The receptors' constants the microscope shares with the slow model, in the order
#: :func:`_slow_model_constants` takes them.
SHARED_RECEPTOR_PARAMS = ("pyramidal_glun2cd_fraction", "ketamine_voltage_efold_mV", "ketamine_on_rate_per_uM_min")
#: Every ``Params`` the microscope reads: those constants and the one pre-treatment that acts at its
#: synapse within one event (NBQX, on the AMPA receptors; the others act over hours, downstream, and
#: nifedipine on L-type channels, which the microscope has none of). Its Mg2+ is an argument of its
#: own (``mg_mM``).
MICROSCOPE_PARAMS = (*SHARED_RECEPTOR_PARAMS, "nbqx")
#: Their defaults, read from the declarations once: a fresh ``Params()`` validates each default as it
#: is first read, ~16 us a run.
_DEFAULT_SHARED = {name: Params.class_traits()[name].default_value for name in MICROSCOPE_PARAMS}


# Cached: ~6 us a run otherwise (of ~0.6 ms), and only a few sets are in use at a time (a run and its
# comparison; a dragged slider's values pass through).
@functools.lru_cache(maxsize=32)
def _slow_model_constants(
    glun2cd_fraction: float, efold_mV: float, on_rate_per_uM_min: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float]:
    """The pyramidal cell's GluN2 mix and ketamine constants, from the values of ``MICROSCOPE_PARAMS``.

    Returns subunit weights, ketamine IC50 without Mg2+ (uM), KMg at -70 mV (mM), the voltage
    e-fold of ketamine's affinity (mV) and ketamine's on-rate (/uM/ms). The arrays are shared
    between calls: read them, never write them.
    """
    weights = subunit_weights(glun2cd_fraction)
    efold = float(efold_mV)
    kon = float(on_rate_per_uM_min) * _PER_MIN_TO_PER_MS
    no_mg, kmg = subunit_constants()
    keep = weights > 0.0  # absent subunits cost nothing
    return weights[keep] / weights[keep].sum(), no_mg[keep], kmg[keep], efold, kon


def simulate_synapse(
    ketamine_uM: float = 0.0,
    mg_mM: float = 1.0,
    v_clamp_mV: float | None = None,
    glutamate_mM: float = 1.0,
    pulse_ms: float = 1.0,
    duration_ms: float = 300,
    stochastic: bool = False,
    seed: int = 0,
    *,
    onset_ms: float = 5.0,
    n_pulses: int = 1,
    interval_ms: float = 100.0,
    clearance_tau_ms: float = 0.0,
    initial_bound: float | None = None,
    n_ampa: int = N_AMPA_DEFAULT,
    n_nmda: int = N_NMDA_DEFAULT,
    dt_ms: float = DT_MS,
    params: Params | None = None,
) -> SynapseTrajectory:
    """Simulate one glutamatergic synapse on a pyramidal-cell spine, millisecond by millisecond.

    Glutamate is released at ``onset_ms`` (and every ``interval_ms`` after, ``n_pulses`` times);
    AMPA and NMDA receptors open (Destexhe et al. 1994 two-state kinetics); Mg2+ (Jahr & Stevens
    1990) and ketamine (open-channel, trapping block) plug the NMDA pore; the spine is clamped or
    charges as one compartment. See the module docstring for the equations and sources.

    Parameters
    ----------
    ketamine_uM : float
        Free ketamine at the receptors, uM, 0 to 1000.
    mg_mM : float
        Extracellular Mg2+, mM, 0 to 10.
    v_clamp_mV : float or None
        Hold the spine at this potential, mV, -120 to 60; ``None`` lets it follow the synaptic
        currents from a resting -70 mV (the leak's reversal potential ``E_LEAK_MV``, not
        ``params.v_pyramidal_mV``: see the comment there).
    glutamate_mM : float
        Cleft glutamate during each release pulse, mM, 0 to 10.
    pulse_ms : float
        Duration of each release pulse, ms, 0.01 to 100.
    duration_ms : float
        Length of the run, ms, 1 to 10000 (rounded up to a whole number of steps of ``dt_ms``).
    stochastic : bool
        Simulate ``n_ampa`` and ``n_nmda`` individual receptors instead of the mean fractions.
    seed : int
        Random seed for the stochastic mode, 0 to 2**32 - 1 (the same seed gives the same run).
    onset_ms : float
        Time of the first release, ms, 0 to 10000 (a release after ``duration_ms`` is not in the run).
    n_pulses : int
        Number of releases, 1 to 1000.
    interval_ms : float
        Time between release onsets, ms, ``pulse_ms`` to 10000.
    clearance_tau_ms : float
        Time constant of exponential clearance after each pulse, ms, 0 to 10. 0 (the default) is
        the square pulse the receptor rates were fitted with; 1.2 is Clements et al. 1992.
    initial_bound : float or None
        Fraction of NMDA receptors holding trapped ketamine at t = 0, 0 to 1. ``None`` (the
        default) starts at the steady-state block for ``ketamine_uM`` at the starting potential,
        the state a synapse reaches after minutes of ordinary activity at that concentration, so
        a moment taken from the slow trajectory starts consistent with it (to start from the slow
        model's exact, use-dependent value pass its ``nmda_block_pyramidal``). Give 0 for a drug
        just applied, or a number with ``ketamine_uM=0`` for wash-out.
    n_ampa, n_nmda : int
        Receptors at the synapse in the stochastic mode, 1 to 100000 (the mean conductance does
        not depend on them).
    dt_ms : float
        Time step, ms, 0.001 to 0.1.
    params : Params, optional
        The slow model's parameters, for the constants the microscope shares with it
        (``MICROSCOPE_PARAMS``): the synapse's GluN2 mix ``pyramidal_glun2cd_fraction``, ketamine's
        on-rate ``ketamine_on_rate_per_uM_min`` and the voltage e-fold of its affinity
        ``ketamine_voltage_efold_mV``; and ``nbqx``, which holds the share
        ``PRETREATMENT_EFFICACY["nbqx"]`` of the AMPA receptors occupied by NBQX for the whole run
        (module docstring, NBQX). Default: ``Params()``. No other parameter is read; in
        particular the Mg2+ is ``mg_mM``, not ``params.mg_mM`` (:func:`synapse_conditions` passes
        both from a run).

    Returns
    -------
    SynapseTrajectory
        ``time_ms`` and the channels of ``SYNAPSE_CHANNELS`` (units in ``.units``): ``ampa_open``,
        ``nmda_open``, ``nmda_ketamine_bound``, ``nmda_ketamine_trapped``, ``nmda_mg_unblocked``,
        ``nmda_conducting``, ``cleft_glutamate_mM``, ``v_mV``, ``i_ampa_pA``, ``i_nmda_pA``
        (negative = inward), ``ca_influx`` (pA of Ca2+ entering, positive = entry). Its
        ``params`` records every argument and the values of ``MICROSCOPE_PARAMS`` used.

    Raises
    ------
    ParameterError
        For any argument outside its range or of the wrong type, naming it, its range and unit, and
        for a ``params`` that is not a :class:`Params`.

    Examples
    --------
    >>> syn = simulate_synapse()
    >>> bool(0.5 < syn["ampa_open"].max() < 0.7)
    True
    """
    ketamine = _check("ketamine_uM", ketamine_uM)
    mg = _check("mg_mM", mg_mM)
    clamp = v_clamp_mV is not None
    v_clamp = _check("v_clamp_mV", v_clamp_mV) if clamp else math.nan
    glutamate = _check("glutamate_mM", glutamate_mM)
    pulse = _check("pulse_ms", pulse_ms)
    duration = _check("duration_ms", duration_ms)
    stochastic = check_flag("stochastic", stochastic)
    seed = _check_int("seed", seed)
    onset = _check("onset_ms", onset_ms)
    pulses = _check_int("n_pulses", n_pulses)
    interval = _check("interval_ms", interval_ms, low=("pulse_ms", pulse))
    tau = _check("clearance_tau_ms", clearance_tau_ms)
    bound_given = None if initial_bound is None else _check("initial_bound", initial_bound)
    n_a = _check_int("n_ampa", n_ampa)
    n_n = _check_int("n_nmda", n_nmda)
    dt = _check("dt_ms", dt_ms)
    if params is None:
        shared = dict(_DEFAULT_SHARED)
    elif isinstance(params, Params):
        shared = {name: getattr(params, name) for name in MICROSCOPE_PARAMS}
    else:
        raise ParameterError(f"params must be a ketawidget.Params; got {params!r} ({type(params).__name__})")

    weights, no_mg, kmg, efold, kon = _slow_model_constants(*(shared[name] for name in SHARED_RECEPTOR_PARAMS))
    nbqx_share = PRETREATMENT_EFFICACY["nbqx"] if shared["nbqx"] else 0.0
    v0 = v_clamp if clamp else E_LEAK_MV
    if bound_given is None:
        bound0 = np.array([fraction_blocked(ketamine, v0, mg, no_mg[i], kmg[i], efold) for i in range(weights.size)])
    else:
        bound0 = np.full(weights.size, bound_given)

    # Whole steps that cover the whole duration: round() ended a 1-ms run in 0.07-ms steps at 0.98 ms.
    # The 1e-9 keeps an exact multiple (300 ms in 0.025-ms steps) from gaining a step to round-off.
    n_steps = max(math.ceil(duration / dt - 1e-9), 1)
    t_avg, t_inst = _cleft_glutamate(n_steps, dt, onset, pulse, interval, pulses, glutamate, tau)
    rates = np.array([AMPA_ALPHA_PER_MM_PER_MS, AMPA_BETA_PER_MS, NMDA_ALPHA_PER_MM_PER_MS, NMDA_BETA_PER_MS, kon])
    cell = np.array([
        G_AMPA_MAX_NS, G_NMDA_MAX_NS, LEAK_CONDUCTANCE_NS, MEMBRANE_CAPACITANCE_PF,
        E_LEAK_MV, E_GLUTAMATE_MV, E_CA_MV, _CA_CONDUCTANCE_SHARE,
    ])  # fmt: skip
    pore = np.array([JAHR_STEVENS_K0_MM, JAHR_STEVENS_SLOPE_PER_MV, REFERENCE_V_MV])
    out = _run(
        t_avg, t_inst, dt, clamp, v_clamp, mg, ketamine, weights, no_mg, kmg, efold, bound0,
        bool(stochastic), seed, n_a, _apportion(n_n, weights), 1.0 - nbqx_share, rates, cell, pore,
    )  # fmt: skip

    args = {
        "ketamine_uM": ketamine, "mg_mM": mg, "v_clamp_mV": v_clamp_mV if clamp else None,
        "glutamate_mM": glutamate, "pulse_ms": pulse, "duration_ms": duration, "stochastic": bool(stochastic),
        "seed": seed, "onset_ms": onset, "n_pulses": pulses, "interval_ms": interval,
        "clearance_tau_ms": tau, "initial_bound": bound_given, "n_ampa": n_a, "n_nmda": n_n, "dt_ms": dt,
        **shared,
    }  # fmt: skip
    where = f"clamped at {v_clamp:g} mV" if clamp else "unclamped"
    description = f"{glutamate:g} mM x {pulse:g} ms glutamate, {ketamine:g} uM ketamine, {mg:g} mM Mg2+, {where}"
    if nbqx_share > 0.0:
        description += f", NBQX on {nbqx_share * 100:g} % of AMPA receptors"
    if stochastic:
        description += f", stochastic (seed {seed})"
    return SynapseTrajectory(
        np.arange(n_steps + 1) * dt,
        dict(zip(SYNAPSE_CHANNELS, out)),
        SYNAPSE_UNITS,
        description=description,
        params=args,
    )


@functools.lru_cache(maxsize=8)
def _validated_params(values: tuple[tuple[str, Any], ...]) -> Params:
    """``Params(**dict(values))``, built once per set of values: validating all of them takes ~0.3 ms,
    and the diagram asks for the conditions of 14 moments of each run. Never hand out the object
    itself: it is shared."""
    return Params(**dict(values))


def _run_params(trajectory: Trajectory) -> Params:
    """The ``Params`` a slow trajectory was made with (its ``params``; defaults for any it lacks), a
    copy of its own for the caller."""
    values = trajectory.params
    try:
        key: tuple[tuple[str, Any], ...] | None = tuple(sorted(values.items()))
        hash(key)
    except TypeError:  # a value no parameter takes (a list, say): let Params say which
        key = None
    try:
        return Params(**values) if key is None else copy.copy(_validated_params(key))
    except (TypeError, ParameterError) as error:
        raise ParameterError(
            f"trajectory.params must be Params values, as ketawidget.simulate records them: {error}"
        ) from None


def synapse_conditions(trajectory: Trajectory, time_h: float) -> dict[str, Any]:
    """The microscope's conditions at one moment of a slow trajectory: zoom from circuit to synapse.

    Parameters
    ----------
    trajectory : Trajectory
        A run of :func:`ketawidget.simulate`.
    time_h : float
        The moment, hours (clamped to the run).

    Returns
    -------
    dict
        ``ketamine_uM`` (free brain ketamine), ``mg_mM`` (the run's Mg2+), ``initial_bound`` (the
        pyramidal NMDA block at that moment, already trapped in the channels) and ``params`` (the
        run's :class:`Params`, a copy: the microscope takes the receptors' constants from it),
        ready for ``simulate_synapse(**synapse_conditions(traj, t))``. A trajectory that records
        no parameters gets the defaults.

    Raises
    ------
    ParameterError
        If ``trajectory`` is not a slow Trajectory (a microscope run is not), ``time_h`` is not a
        number from 0, or the trajectory's ``params`` are not values of :class:`Params`.

    Examples
    --------
    >>> import ketawidget as kw
    >>> traj = kw.simulate(kw.Infusion(0.5, 40), hours=2)
    >>> syn = kw.simulate_synapse(**synapse_conditions(traj, 0.67))
    """
    refuse_microscope_run(trajectory)
    if not isinstance(trajectory, Trajectory):
        raise ParameterError(f"trajectory must be a ketawidget.Trajectory; got {type(trajectory).__name__}")
    t = check_number("time_h", time_h, 0.0, float("inf"), "h")
    missing = [name for name in MICROSCOPE_CONDITION_CHANNELS if name not in trajectory.channels]
    if missing:
        raise ParameterError(f"trajectory must have the channels {', '.join(MICROSCOPE_CONDITION_CHANNELS)} to set a synapse's conditions; it lacks {', '.join(missing)}")
    params = _run_params(trajectory)
    values = trajectory.at(t)
    return {
        "ketamine_uM": values["ketamine_brain_uM"],
        "mg_mM": params.mg_mM,
        "initial_bound": values["nmda_block_pyramidal"],
        "params": params,
    }


#: The slow channels that set a microscope run's conditions (:func:`synapse_conditions`): the drug at
#: the synapse and how much of the NMDA current it already blocks.
MICROSCOPE_CONDITION_CHANNELS: tuple[str, ...] = ("ketamine_brain_uM", "nmda_block_pyramidal")

#: How many microscope runs the diagram ships with a trajectory. ~1 ms of compute and ~5 kB of wire
#: each: enough that neighbouring runs differ little in the conditions they show, few enough that a
#: saved notebook stays small.
MAX_MICROSCOPE_MOMENTS = 14


def microscope_moments(trajectory: Trajectory, max_moments: int = MAX_MICROSCOPE_MOMENTS) -> np.ndarray:
    """Moments of a slow trajectory worth a synapse-microscope run, hours, increasing.

    The microscope's conditions at a moment are the free brain ketamine and the pyramidal NMDA
    block (:func:`synapse_conditions`). The first sample (the baseline before any dose takes
    effect) and the peak of brain ketamine are always kept; the others are taken greedily along
    the run whenever either condition has moved by more than a step since the last moment kept,
    with the step chosen as small as ``max_moments`` allows. A drug-free run therefore gets one
    moment, and a run with several doses gets moments around each.

    Parameters
    ----------
    trajectory : Trajectory
        A run of :func:`ketawidget.simulate`.
    max_moments : int
        Most moments to return, 1 to 100.

    Returns
    -------
    numpy.ndarray
        Sample times of ``trajectory``, hours, strictly increasing; empty for an empty trajectory.

    Raises
    ------
    ParameterError
        If ``trajectory`` is not a slow Trajectory (a microscope run is not) or ``max_moments`` is not a
        whole number from 1 to 100.
    """
    refuse_microscope_run(trajectory)
    if not isinstance(trajectory, Trajectory):
        raise ParameterError(f"trajectory must be a ketawidget.Trajectory; got {type(trajectory).__name__}")
    max_moments = scalar_of(max_moments)
    if isinstance(max_moments, bool) or not isinstance(max_moments, (int, np.integer)) or not 1 <= max_moments <= 100:
        raise ParameterError(f"max_moments must be a whole number from 1 to 100 (runs); got {max_moments!r}")
    time_h = np.asarray(trajectory.time_h, dtype=float)
    if time_h.size == 0:
        return time_h
    conditions = []
    for name in MICROSCOPE_CONDITION_CHANNELS:
        if name in trajectory.channels:
            values = np.asarray(trajectory[name], dtype=float)
            span = float(np.nanmax(values) - np.nanmin(values))
            # Normalised so that "moved by 10 %" means the same for a concentration and a fraction.
            conditions.append((values - values[0]) / span if span > 0 else np.zeros_like(values))
    rows = np.ascontiguousarray(np.stack(conditions, axis=1) if conditions else np.zeros((time_h.size, 0)))
    peak = int(np.argmax(trajectory["ketamine_brain_uM"])) if "ketamine_brain_uM" in trajectory.channels else 0

    kept = np.empty(max_moments + 1, dtype=np.int64)
    # A step of 1 keeps only the first sample and the peak. Then halve the interval 16 times: the
    # step to 1/65536 of each condition's range, far finer than needed.
    best = kept[: _keep_moments(rows, peak, 1.0, kept)].copy()
    low, high = 0.0, 1.0
    for _ in range(16):
        middle = (low + high) / 2
        count = _keep_moments(rows, peak, middle, kept)
        if count <= max_moments:
            best, high = kept[:count].copy(), middle
        else:
            low = middle
    return time_h[best[:max_moments]]


@njit(cache=True)
def _keep_moments(rows: np.ndarray, peak: int, step: float, kept: np.ndarray) -> int:
    """The greedy pass of :func:`microscope_moments` for one ``step``: fills ``kept`` with the
    indices kept, increasing, and returns how many; stops early (returning ``kept.size``) once more
    than ``kept.size - 1`` are kept, since the caller then only needs to know there are too many.

    Compiled: the caller runs it 17 times on every re-simulation (a dragged slider), and as a
    Python loop over the ~800 samples of a week it took ~10 ms of the diagram's update.
    """
    n, conditions = rows.shape
    kept[0] = 0
    count = 1
    last = 0
    for i in range(1, n):
        moved = i == peak
        for k in range(conditions):
            if abs(rows[i, k] - rows[last, k]) > step:
                moved = True
        if moved:
            if count == kept.size:
                return count
            kept[count] = i
            count += 1
            last = i
    return count
