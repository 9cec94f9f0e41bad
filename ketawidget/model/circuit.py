"""The E-I circuit: interneurons, pyramidal cells, extracellular glutamate and AMPA activation.

Wilson-Cowan rate model (Wilson & Cowan 1972, Biophys J 12:1), rates r in Hz, time constant tau (~10 ms)::

    x_E = (1 - a_E b_E) (w_EE r_E + I_E) - w_EI r_I0 g        net drive of pyramidal cells
    x_I = (1 - a_I b_I) (w_IE r_E + I_I) - w_II r_I           net drive of interneurons
    tau dr/dt = F(x) - r,      F(x) = r_max / (1 + exp(-(x - 10) / slope))
    dg/dt = (r_I / r_I0 - g) / tau_GABA                       inhibitory tone on pyramidal cells

b_E, b_I are the NMDA block fractions, a_E, a_I the share of each population's excitatory drive
carried by NMDA receptors. The external drives I_E, I_I are solved so that the drug-free fixed point
is exactly the baseline (r_E0, r_I0). Disinhibition: blocking interneurons' NMDA-dependent tonic
drive lowers r_I; after the GABA-tone lag, pyramidal cells near threshold fire more. At anaesthetic
doses pyramidal cells lose their own NMDA drive and fall silent (the inverted U).

Glutamate: release proportional to r_E, uptake by transporters with Michaelis-Menten kinetics; the
transporters clear glutamate in milliseconds to seconds, so it is quasi-steady::

    V G / (Km + G) = rho r_E   ->   G = Km q / (1 - q),  q = (r_E / r_E0) G0 / (Km + G0)

AMPA activation follows glutamate (the surge cannot act through blocked NMDA receptors).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .constants import fixed

__all__ = ["rate_function", "rate_function_slope", "inverse_rate_function", "glutamate_rel"]

# Only the ratio of ambient glutamate to the transporters' Km matters: it sets how saturated uptake is
# at rest, and so how steeply glutamate rises with pyramidal firing.
AMBIENT_GLUTAMATE_UM = fixed(
    2.0, unit="uM", group="circuit",
    meaning="Ambient extracellular glutamate without drug (with the Km: how saturated uptake is at rest)",
    reference="microdialysis, low micromolar (reviews; slice estimates are far lower, tens of nM: "
    "Herman & Jahr 2007) (approx.)",
)
TRANSPORTER_KM_UM = fixed(
    20.0, unit="uM", group="circuit",
    meaning="Michaelis constant of glutamate uptake by the transporters",
    reference="EAAT2 Km ~20 uM (approx.)",
)
# The weights and slopes (parameters.CIRCUIT) are in units of this drive; the external drives are
# solved around it so that the drug-free rates are the baselines.
HALF_RATE_DRIVE = fixed(
    10.0, unit="a.u.", group="circuit",
    meaning="Net drive at which a population fires at half its maximal rate (fixes the scale of drive)",
    reference="modelling choice (arbitrary units); CIRCUIT was fitted with it",
)


@njit(cache=True)
def rate_function(x: float, max_rate: float, inv_slope: float) -> float:
    """Sigmoid firing-rate function F(x) (Hz); ``inv_slope`` is 1 / slope.

    The reciprocal is passed, not the slope: every right-hand side evaluates F twice (some 2000
    right-hand sides per simulated week), and a multiplication costs a fraction of a division.
    """
    return max_rate / (1.0 + np.exp((HALF_RATE_DRIVE - x) * inv_slope))


@njit(cache=True)
def rate_function_slope(x: float, max_rate: float, inv_slope: float) -> float:
    """dF/dx (Hz per unit drive), for the analytic Jacobian; ``inv_slope`` as for :func:`rate_function`."""
    e = np.exp((HALF_RATE_DRIVE - x) * inv_slope)
    return max_rate * e * inv_slope / ((1.0 + e) * (1.0 + e))


def inverse_rate_function(rate: float, max_rate: float, slope: float) -> float:
    """The drive x at which F(x) = rate (Python, run once per parameter set; takes the slope itself)."""
    return HALF_RATE_DRIVE - slope * float(np.log(max_rate / rate - 1.0))


# error_model="numpy": its divisions cannot be by zero (1 - q >= 0.001, the odds > 0), and without a
# ZeroDivisionError path to pass on, numba keeps no reference counting of the callers' arrays around
# the call. With one, dynamics.signals counted both of its arrays in and out on every call: 22 -> 42 us
# for observe() over a simulated week.
@njit(cache=True, error_model="numpy")
def glutamate_rel(rate_pyramidal_rel: float, baseline_saturation: float, baseline_odds: float) -> float:
    """Extracellular glutamate relative to baseline, quasi-steady under transporter uptake.

    ``baseline_saturation`` = s = G0 / (Km + G0), the transporters' occupancy without drug, and
    ``baseline_odds`` = s / (1 - s) = G0 / Km, passed precomputed (one division fewer per call; the
    same double either way, so the baseline is still exactly 1).
    """
    q = min(rate_pyramidal_rel * baseline_saturation, 0.999)  # far above any rate the sigmoid allows
    # Written as a ratio of the same expression so that the baseline is exactly 1.0, not 1 +- 1 ulp.
    return (q / (1.0 - q)) / baseline_odds
