"""Pharmacokinetics: from dose to plasma and brain ketamine.

Two-compartment model (central = plasma, peripheral = tissues) plus a brain effect site, all per kg
body weight. With A1, A2 the amounts (mg/kg) and Ce the effect-site concentration (uM, plasma-equivalent)::

    dA1/dt = input(t) - (k10 + k12) A1 + k21 A2
    dA2/dt = k12 A1 - k21 A2
    dCe/dt = ke0 (C_plasma - Ce),         C_plasma = A1 / V1 * 4.207 uM per mg/L
    C_brain,free = fu * Ce

The system is linear with a piecewise-constant input, so it is written as ``dx/dt = A x + b input(t)``
and integrated exactly (see ``solver``). Constants: ``parameters.SPECIES_PK`` (Clements & Nimmo 1981
for humans).

Assumption on brain concentration (SCIENCE.md, second tension): whole brain tissue holds ~6.5x the
plasma concentration (Cohen 1973), but that is total drug, mostly dissolved in membranes and bound.
NMDA receptors see the free extracellular concentration, which we take equal to the free plasma
concentration at equilibrium (ketamine crosses the blood-brain barrier passively), i.e. ``fu`` x plasma,
reached with rate constant ke0.
"""

from __future__ import annotations

import numpy as np

from .parameters import SPECIES_PK, UM_PER_MG_PER_L, Params

__all__ = ["pk_system", "plasma_uM"]


def pk_system(params: Params) -> tuple[np.ndarray, np.ndarray]:
    """The linear PK system ``dx/dt = A x + b input(t)`` for ``params.species``.

    Parameters
    ----------
    params : Params
        Supplies ``species``, ``brain_equilibration_per_min`` (ke0).

    Returns
    -------
    A : numpy.ndarray, shape (3, 3)
        Rate matrix, 1/min, for the states (central mg/kg, peripheral mg/kg, effect site uM).
    b : numpy.ndarray, shape (3,)
        Where the input (mg/kg/min) enters: the central compartment.
    """
    pk = SPECIES_PK[params.species]
    ke0 = params.brain_equilibration_per_min
    a = np.array(
        [
            [-(pk.k10_per_min + pk.k12_per_min), pk.k21_per_min, 0.0],
            [pk.k12_per_min, -pk.k21_per_min, 0.0],
            [ke0 * UM_PER_MG_PER_L / pk.v1_l_per_kg, 0.0, -ke0],
        ]
    )
    b = np.array([1.0, 0.0, 0.0])
    return a, b


def plasma_uM(central_mg_per_kg: np.ndarray, params: Params) -> np.ndarray:
    """Plasma concentration (uM) from the central amount (mg/kg)."""
    return central_mg_per_kg / SPECIES_PK[params.species].v1_l_per_kg * UM_PER_MG_PER_L
