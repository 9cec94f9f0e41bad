"""Pharmacokinetics: from dose to plasma and brain ketamine.

Two-compartment model (central = plasma, peripheral = tissues), one absorption depot per
extravascular route and a brain effect site, all per kg body weight. With A1, A2 the amounts (mg/kg),
D_r the amount waiting in route r's depot (mg/kg) and Ce the effect-site concentration (uM,
plasma-equivalent)::

    dD_r/dt = F_r u_r(t) - ka_r D_r                          r = ip, im, intranasal
    dA1/dt  = u_iv(t) + sum_r ka_r D_r - (k10 + k12) A1 + k21 A2
    dA2/dt  = k12 A1 - k21 A2
    dCe/dt  = ke0 (C_plasma - Ce),         C_plasma = A1 / V1 * 4.207 uM per mg/L
    C_brain,free = fu * Ce

``u_r`` is the rate at which drug is *given* by route r (mg/kg/min); only its bioavailable share F_r
enters the depot, the rest (first-pass metabolism, drug never absorbed) is lost at once. A route a
species lacks has F = 0 and ka = 0 here (``dosing.check_dose_for_species`` refuses such doses before
they get this far).

The system is linear with piecewise-constant inputs, so it is written ``dx/dt = A x + B u(t)`` with
one column of B per route, and integrated exactly (see ``solver``). Constants: ``parameters.SPECIES_PK``
(Clements & Nimmo 1981 for humans; derived rodent sets, with their sources).

Assumption on brain concentration (two figures that seem to disagree): whole brain tissue holds
~6.5x the plasma concentration (Cohen 1973), but that is total drug, mostly dissolved in membranes and
bound. NMDA receptors see the free extracellular concentration, which we take equal to the free plasma
concentration at equilibrium (ketamine crosses the blood-brain barrier passively), i.e. ``fu`` x
plasma, reached with rate constant ke0.
"""

from __future__ import annotations

import numpy as np

from .parameters import ROUTES, SPECIES_PK, UM_PER_MG_PER_L, Params

__all__ = ["PK_STATES", "N_PK", "DEPOT_OF_ROUTE", "pk_system", "bioavailability", "plasma_uM"]

#: The pharmacokinetic states, in the order of the first rows of the slow model's state vector.
PK_STATES: tuple[str, ...] = (
    "central_mg_per_kg",
    "peripheral_mg_per_kg",
    "effect_site_uM",
    "depot_ip_mg_per_kg",
    "depot_im_mg_per_kg",
    "depot_intranasal_mg_per_kg",
)
N_PK = len(PK_STATES)
_CENTRAL, _PERIPHERAL, _EFFECT = 0, 1, 2
#: State index of each extravascular route's depot.
DEPOT_OF_ROUTE = {"ip": 3, "im": 4, "intranasal": 5}


def pk_system(params: Params) -> tuple[np.ndarray, np.ndarray]:
    """The linear PK system ``dx/dt = A x + B u(t)`` for ``params.species``.

    Parameters
    ----------
    params : Params
        Supplies ``species``, ``brain_equilibration_per_min`` (ke0).

    Returns
    -------
    A : numpy.ndarray, shape (6, 6)
        Rate matrix, 1/min, for the states ``PK_STATES``.
    B : numpy.ndarray, shape (6, 4)
        Where each route's input (mg/kg/min given, columns in ``ROUTES`` order) enters: IV into the
        central compartment, every other route into its depot, scaled by its bioavailability.
    """
    pk = SPECIES_PK[params.species]
    ke0 = params.brain_equilibration_per_min
    a = np.zeros((N_PK, N_PK))
    a[_CENTRAL, _CENTRAL] = -(pk.k10_per_min + pk.k12_per_min)
    a[_CENTRAL, _PERIPHERAL] = pk.k21_per_min
    a[_PERIPHERAL, _CENTRAL] = pk.k12_per_min
    a[_PERIPHERAL, _PERIPHERAL] = -pk.k21_per_min
    a[_EFFECT, _CENTRAL] = ke0 * UM_PER_MG_PER_L / pk.v1_l_per_kg
    a[_EFFECT, _EFFECT] = -ke0
    b = np.zeros((N_PK, len(ROUTES)))
    b[_CENTRAL, ROUTES.index("iv")] = 1.0
    for route, absorption in pk.absorption.items():
        depot = DEPOT_OF_ROUTE[route]
        a[depot, depot] = -absorption.ka_per_min
        a[_CENTRAL, depot] = absorption.ka_per_min
        b[depot, ROUTES.index(route)] = absorption.bioavailability
    return a, b


def bioavailability(params: Params) -> np.ndarray:
    """Bioavailability F per route (``ROUTES`` order) for ``params.species``: 1 for IV, 0 if undefined."""
    pk = SPECIES_PK[params.species]
    return np.array([1.0 if r == "iv" else (pk.absorption[r].bioavailability if r in pk.absorption else 0.0) for r in ROUTES])


def plasma_uM(central_mg_per_kg: np.ndarray, params: Params) -> np.ndarray:
    """Plasma concentration (uM) from the central amount (mg/kg)."""
    return central_mg_per_kg / SPECIES_PK[params.species].v1_l_per_kg * UM_PER_MG_PER_L
