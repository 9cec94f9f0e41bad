"""NMDA receptor block: Mg2+ (Jahr & Stevens 1990) and ketamine (steady state, per GluN2 subunit).

Mg2+ block. The fraction of NMDA conductance left unblocked at membrane potential V (mV)::

    B(V, Mg) = 1 / (1 + [Mg]/3.57 mM * exp(-0.062 V))          (Jahr & Stevens 1990)

At 1 mM that is 0.044 at -70 mV and 0.78 at 0 mV: the channel passes current only when the membrane
is depolarised, which is why the NMDA receptor is a coincidence detector.

Ketamine block. Ketamine is an open-channel blocker that competes with Mg2+ for the pore. At steady
state the open pore is free, Mg2+-occupied or ketamine-occupied, so the fraction of NMDA current that
ketamine removes is::

    block = (K / Kk(V)) / (1 + [Mg]/KMg(V) + K / Kk(V)),   i.e.  IC50 = Kk(V) (1 + [Mg]/KMg(V))

with, per subunit, Kk(-70 mV) = the IC50 without Mg2+ and KMg(-70 mV) fitted so that the IC50 in 1 mM
Mg2+ matches Kotermanski & Johnson 2009; Kk changes e-fold per ``ketamine_voltage_efold_mV`` and KMg
with the Jahr-Stevens slope. Trapping means bound ketamine can neither leave nor enter a closed
channel; at steady state under constant conditions it therefore changes how fast block is reached
(use dependence), not how much. The kinetics (binding while open, trapping) are in the slow model's
right-hand side (``dynamics.slow_rhs``) and in the microscope (``synapse``).

Why interneurons are hit harder, here: Mg2+ binds GluN2C/2D receptors far less tightly, so in 1 mM
Mg2+ their ketamine IC50 is ~1-3 uM against ~5 uM for GluN2A/2B; interneurons carry a share of
2C/2D-like receptors and sit more depolarised (``v_interneuron_mV``), which relieves Mg2+ further.
"""

from __future__ import annotations

import numpy as np
from numba import njit, vectorize

from .constants import fixed
from .errors import ParameterError, check_choice, check_number
from .parameters import (
    KETAMINE_IC50_1MM_MG_UM,
    KETAMINE_IC50_NO_MG_UM,
    SUBUNITS,
)

__all__ = ["mg_unblock", "ketamine_block", "subunit_constants"]

JAHR_STEVENS_K0_MM = fixed(
    3.57, unit="mM", group="receptors",
    meaning="Dissociation constant of Mg2+ from the NMDA pore at 0 mV",
    reference="Jahr & Stevens 1990, J Neurosci 10:3178",
)
JAHR_STEVENS_SLOPE_PER_MV = fixed(
    0.062, unit="1/mV", group="receptors",
    meaning="Voltage dependence of the Mg2+ block: e-fold per 1/0.062 ~ 16 mV",
    reference="Jahr & Stevens 1990, J Neurosci 10:3178",
)
REFERENCE_V_MV = fixed(
    -70.0, unit="mV", group="receptors",
    meaning="Membrane potential at which the subunit IC50s (the KETAMINE_IC50 tuples) are anchored",
    reference="Kotermanski & Johnson 2009 measured at -66 mV; taken as -70 mV (approx.)",
)
# Ambient glutamate (tens of nM in slices, Herman & Jahr 2007; low uM by microdialysis) acting on
# extrasynaptic receptors, and spontaneous (miniature) release, open NMDA channels in a silent cell too.
# Without this floor the trapped ketamine of a cell silenced by an anaesthetic dose could never
# leave: at rat 100 mg/kg i.p. the pyramidal block stayed at 67 % and the cells silent for a week after the drug was gone. At a
# tenth, a silent cell's block unbinds within ~7-12 min (under a minute at its resting rate). The slow
# model scales channel use so that the resting kinetics, and so every fitted figure, are unchanged.
# The 0.1 is a modelling choice, not a measured value.
SPONTANEOUS_OPENING_SHARE = fixed(
    0.1, unit="fraction", group="receptors",
    meaning="Share of a cell's resting NMDA channel openings that go on when it stops firing",
    reference="modelling choice, not a measurement: ambient glutamate (Herman & Jahr 2007 measured its NMDA "
    "current in slices) and miniature release open channels in a silent cell; 0.1 chosen so a silenced "
    "cell's trapped ketamine leaves within minutes (approx.)",
)
#: Range checks for the public functions mg_unblock and ketamine_block. They are formulas a student
#: may plot across a wide range (a Jahr-Stevens curve from -150 to +100 mV, Mg2+ up to the 100 mM of
#: some block experiments, ketamine across the IC50 curves' full sweep to 100 mM), so they take more
#: than the model's own inputs do: a run's Mg2+ stays within Params' 0-10 mM, and a synapse-microscope
#: run within simulate_synapse's ranges (synapse.ARGUMENT_RANGES), where the kinetic schemes hold.
#: A membrane potential beyond these is not physiology.
_V_RANGE_MV = (-150.0, 100.0)
_MG_RANGE_MM = (0.0, 100.0)
_KETAMINE_RANGE_UM = (0.0, 1e5)


@vectorize(["float64(float64, float64)"], cache=True)
def _mg_unblock(v_mv: float, mg_mm: float) -> float:
    return 1.0 / (1.0 + mg_mm / JAHR_STEVENS_K0_MM * np.exp(-JAHR_STEVENS_SLOPE_PER_MV * v_mv))


@njit(cache=True)
def fraction_blocked(
    ketamine_um: float,
    v_mv: float,
    mg_mm: float,
    ic50_no_mg_um: float,
    kmg_ref_mm: float,
    ketamine_efold_mv: float,
) -> float:
    """Steady-state fraction of one subunit's NMDA current removed by ketamine (scalar core)."""
    kk = ic50_no_mg_um * np.exp((v_mv - REFERENCE_V_MV) / ketamine_efold_mv)
    kmg = kmg_ref_mm * np.exp(JAHR_STEVENS_SLOPE_PER_MV * (v_mv - REFERENCE_V_MV))
    drug = ketamine_um / kk
    return drug / (1.0 + mg_mm / kmg + drug)


@njit(cache=True)
def population_block(
    ketamine_um: float,
    v_mv: float,
    mg_mm: float,
    weights: np.ndarray,
    ic50_no_mg_um: np.ndarray,
    kmg_ref_mm: np.ndarray,
    ketamine_efold_mv: float,
) -> float:
    """Current-weighted fraction of a cell's NMDA current removed, over its subunit mix.

    Each subunit's share of the current is reduced by Mg2+ by a different amount, so the weights
    are applied to the Mg2+-unblocked current of each subunit before averaging.
    """
    removed = 0.0
    passing = 0.0
    for i in range(weights.shape[0]):
        kmg = kmg_ref_mm[i] * np.exp(JAHR_STEVENS_SLOPE_PER_MV * (v_mv - REFERENCE_V_MV))
        current = weights[i] / (1.0 + mg_mm / kmg)
        removed += current * fraction_blocked(
            ketamine_um, v_mv, mg_mm, ic50_no_mg_um[i], kmg_ref_mm[i], ketamine_efold_mv
        )
        passing += current
    if passing <= 0.0:
        return 0.0
    return removed / passing


def subunit_constants() -> tuple[np.ndarray, np.ndarray]:
    """Ketamine IC50 without Mg2+ (uM) and the fitted Mg2+ constant KMg at -70 mV (mM), per subunit.

    KMg follows from the two measured IC50s: IC50(1 mM) = IC50(0) (1 + 1 mM / KMg).
    """
    no_mg = np.array(KETAMINE_IC50_NO_MG_UM, dtype=np.float64)
    in_mg = np.array(KETAMINE_IC50_1MM_MG_UM, dtype=np.float64)
    kmg = 1.0 / (in_mg / no_mg - 1.0)
    return no_mg, kmg


def mg_unblock(v_mV: float | np.ndarray, mg_mM: float | np.ndarray = 1.0) -> float | np.ndarray:
    """Fraction of NMDA receptor conductance not blocked by Mg2+ (Jahr & Stevens 1990).

    Parameters
    ----------
    v_mV : float or array_like
        Membrane potential, mV, from -150 to 100.
    mg_mM : float or array_like
        Extracellular Mg2+, mM, from 0 to 100. Two arrays must broadcast together (numpy's rule:
        the same shape, or one a single value).

    Returns
    -------
    float or numpy.ndarray
        ``1 / (1 + mg_mM / 3.57 * exp(-0.062 * v_mV))``, between 0 and 1.

    Raises
    ------
    ParameterError
        A value outside its range or not a number (naming the argument, its range and unit), or
        arrays that do not broadcast together (naming both and their shapes).

    Examples
    --------
    >>> round(float(mg_unblock(-70.0, 1.0)), 3)
    0.044
    """
    v = _checked_array("v_mV", v_mV, *_V_RANGE_MV, "mV")
    mg = _checked_array("mg_mM", mg_mM, *_MG_RANGE_MM, "mM")
    try:
        np.broadcast_shapes(v.shape, mg.shape)
    except ValueError:  # numpy's message names neither argument
        raise ParameterError(
            "v_mV and mg_mM must have the same shape, or shapes numpy can broadcast together (one a "
            f"single value, say); got v_mV of shape {v.shape} and mg_mM of shape {mg.shape}"
        ) from None
    out = _mg_unblock(v, mg)
    return float(out) if np.ndim(out) == 0 else out


def ketamine_block(
    ketamine_uM: float | np.ndarray,
    v_mV: float = -70.0,
    mg_mM: float = 1.0,
    subunit: str = "GluN2B",
    *,
    ketamine_voltage_efold_mV: float = 50.0,
) -> float | np.ndarray:
    """Steady-state fraction of NMDA current removed by ketamine, for one GluN2 subunit.

    Parameters
    ----------
    ketamine_uM : float or array_like
        Free ketamine concentration at the receptor, uM, from 0 to 1e5.
    v_mV : float
        Membrane potential, mV, from -150 to 100.
    mg_mM : float
        Extracellular Mg2+, mM, from 0 to 100.
    subunit : {"GluN2A", "GluN2B", "GluN2C", "GluN2D"}
        The receptor's GluN2 subunit.
    ketamine_voltage_efold_mV : float
        Voltage change that changes ketamine's own affinity e-fold, mV (see ``Params``).

    Returns
    -------
    float or numpy.ndarray
        Fraction from 0 (no block) to 1 (all current removed).
    """
    check_choice("subunit", subunit, SUBUNITS)
    v = check_number("v_mV", v_mV, *_V_RANGE_MV, "mV")
    mg = check_number("mg_mM", mg_mM, *_MG_RANGE_MM, "mM")
    efold = check_number("ketamine_voltage_efold_mV", ketamine_voltage_efold_mV, 10.0, 1000.0, "mV")
    conc = _checked_array("ketamine_uM", ketamine_uM, *_KETAMINE_RANGE_UM, "uM")
    no_mg, kmg = subunit_constants()
    i = SUBUNITS.index(subunit)
    flat = np.array(
        [fraction_blocked(c, v, mg, no_mg[i], kmg[i], efold) for c in np.ravel(conc)], dtype=np.float64
    )
    return float(flat[0]) if np.ndim(conc) == 0 else flat.reshape(np.shape(conc))


def _checked_array(name: str, value: object, low: float, high: float, unit: str) -> np.ndarray:
    """Validate a scalar or array argument element-wise, raising ParameterError on the first bad one."""
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        check_number(name, value, low, high, unit)  # a lone non-number: raises naming its type
        raise ParameterError(f"{name} must be numbers from {low:g} to {high:g} {unit}; got {arr.dtype} values")
    arr = arr.astype(np.float64)
    bad = ~np.isfinite(arr) | (arr < low) | (arr > high)
    if np.any(bad):
        check_number(name, float(arr[bad].flat[0]), low, high, unit)
    return arr


def subunit_weights(glun2cd_fraction: float) -> np.ndarray:
    """Current shares over (2A, 2B, 2C, 2D): the 2C/2D share split evenly, the rest split over 2A/2B."""
    rest = 1.0 - glun2cd_fraction
    return np.array([rest / 2, rest / 2, glun2cd_fraction / 2, glun2cd_fraction / 2])


@njit(cache=True)
def half_block_concentration(
    v_mv: float,
    mg_mm: float,
    weights: np.ndarray,
    ic50_no_mg_um: np.ndarray,
    kmg_ref_mm: np.ndarray,
    ketamine_efold_mv: float,
) -> float:
    """Ketamine (uM) at which :func:`population_block` is 1/2 (bisection on a log scale, 1e-6..1e6 uM)."""
    lo = 1e-6
    hi = 1e6
    for _ in range(100):
        mid = np.sqrt(lo * hi)
        if mid == lo or mid == hi:
            # lo and hi are neighbours: every further iteration would leave them as they are (lo's
            # block is below 1/2, hi's is not), so stop (after ~60 of the 100; same result).
            break
        if population_block(mid, v_mv, mg_mm, weights, ic50_no_mg_um, kmg_ref_mm, ketamine_efold_mv) < 0.5:
            lo = mid
        else:
            hi = mid
    return np.sqrt(lo * hi)
