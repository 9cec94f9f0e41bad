"""The slow model's state, its parameters packed for numba, and its right-hand side dy/dt.

One function, ``slow_rhs``, states every equation of the slow model in causal order (each stage's
equations are documented in its own module: ``pharmacokinetics``, ``receptors``, ``circuit``,
``plasticity``). The numba integrator (``solver``) and the scipy reference (``reference``) both call
this same function, so they integrate the same equations. Time is in minutes.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import circuit, plasticity, receptors
from .parameters import CIRCUIT, PRETREATMENT_EFFICACY, Params
from .pharmacokinetics import N_PK, PK_STATES
from .receptors import half_block_concentration, subunit_constants, subunit_weights

__all__ = ["STATE", "N_STATES", "N_PK", "pack", "initial_state", "slow_rhs", "slow_jacobian", "observe"]

# State vector layout. The pharmacokinetic states come first, in ``pharmacokinetics.PK_STATES`` order:
# central, peripheral, effect site, then one absorption depot per extravascular route.
STATE = (
    *PK_STATES,  # pharmacokinetics
    "block_interneuron", "block_pyramidal",  # receptors: use-dependent trapping block
    "rate_pyramidal_hz", "rate_interneuron_hz", "gaba_tone",  # circuit
    "bdnf_release", "eef2_phospho", "bdnf_protein", "trkb_desensitisation", "mtorc1",  # plasticity
    "synaptic_protein", "nascent_spines", "spine_density",
)
N_STATES = len(STATE)
(A1, A2, CE, D_IP, D_IM, D_IN, B_I, B_E, R_E, R_I, G, REL, EEF2, PROT, DES, MTOR, SYN, NASC, DENS) = range(N_STATES)
assert B_I == N_PK, "the pharmacokinetic states must come first"

# Packed parameter vector layout (numba takes one float array, no Python objects).
(
    FU, KON, OPEN_I, OPEN_E, IC50_I, IC50_E, RE0, RI0, NMDA_E, NMDA_I, TAU_RATE,
    MAX_E, SLOPE_E, MAX_I, SLOPE_I, W_EE, W_EI, W_IE, W_II, DRIVE_E, DRIVE_I, TAU_G,
    TAU_REL, TAU_EEF2, TAU_PROT, TAU_MTOR, TAU_SYN, TAU_MAT, TAU_LIFE, D_BASE,
    KEEP_NBQX, KEEP_NIF, KEEP_RAPA, KEEP_ANISO, KNOCKOUT,
    TRANSLATION_GAIN, EEF2K_COOPERATIVITY, L_TYPE_EXPONENT, SPINE_FORMATION_GAIN,
    GLUTAMATE_SATURATION, SPINE_SATURATION, BASELINE_F_E, BASELINE_F_I, TRKB_MAX, SPINE_PRUNING_GAIN,
    TAU_DES, SYNTHESIS_GAIN, SPINE_ROOM, SYNTHESIS_WIDTH2, SIGNAL_ROUNDING2,
    # Reciprocals (and products) of constants the right-hand side would otherwise divide by, computed
    # once here: it runs some 2000 times per simulated week, and a multiplication costs a fraction of
    # a division. Where a division makes a quantity exactly 0 or 1 at the baseline it stays a division.
    K_RATE, K_G, K_REL, K_EEF2, K_PROT, K_DES, K_MTOR, K_SYN, K_MAT, K_LIFE, INV_RI0, INV_RE0,
    INV_D_BASE, ROOM_SCALE, INV_SPINE_SATURATION, INV_SLOPE_E, INV_SLOPE_I, GLUTAMATE_ODDS, USE_I, USE_E, USE_FLOOR_I, USE_FLOOR_E, N_THETA,
) = range(73)

#: The system is block lower-triangular: drug levels (with the absorption depots, the whole
#: pharmacokinetic block) drive the receptors and the circuit, which drive the cascade, and nothing
#: feeds back upstream. Inside the cascade each state depends only on itself and on states before it
#: (release -> eEF2 -> BDNF -> TrkB desensitisation -> mTORC1 -> synaptic protein -> nascent ->
#: mature spines; the room on the dendrite limits maturation, in the density's own equation), so
#: each is a block of its own. The integrator's linear solves use this (LU with pivoting only inside
#: the two coupled blocks, several times cheaper than one LU of the whole matrix); ``tests/test_solver.py``
#: checks that the Jacobian has no entry above these blocks, so a new feedback cannot slip in unnoticed.
BLOCKS = np.array(
    [[A1, B_I], [B_I, REL]] + [[state, state + 1] for state in range(REL, N_STATES)], dtype=np.int64
)

MINUTES_PER_HOUR = 60.0
MINUTES_PER_DAY = 1440.0


def _half_block_concentration(params: Params, cell: str, constants: tuple | None = None) -> float:
    """Ketamine (uM) at which the cell's steady-state NMDA block is 1/2: its effective IC50.

    ``constants`` is ``receptors.subunit_constants()``, if the caller has it already.
    """
    no_mg, kmg = subunit_constants() if constants is None else constants
    return float(
        half_block_concentration(
            getattr(params, f"v_{cell}_mV"),
            params.mg_mM,
            subunit_weights(getattr(params, f"{cell}_glun2cd_fraction")),
            no_mg,
            kmg,
            params.ketamine_voltage_efold_mV,
        )
    )


def pack(params: Params) -> np.ndarray:
    """The parameter vector ``slow_rhs`` reads, from ``params`` and the constants they imply."""
    th = [0.0] * N_THETA  # filled as a list (a numpy item assignment costs several times more)
    th[FU] = params.unbound_fraction
    th[KON] = params.ketamine_on_rate_per_uM_min
    th[OPEN_I] = params.interneuron_open_fraction
    th[OPEN_E] = params.pyramidal_open_fraction
    constants = subunit_constants()
    th[IC50_I] = _half_block_concentration(params, "interneuron", constants)
    th[IC50_E] = _half_block_concentration(params, "pyramidal", constants)
    th[RE0] = params.baseline_rate_pyramidal_hz
    th[RI0] = params.baseline_rate_interneuron_hz
    th[NMDA_E] = params.pyramidal_nmda_drive_fraction
    th[NMDA_I] = params.interneuron_nmda_drive_fraction
    th[TAU_RATE] = CIRCUIT["tau_ms"] / 60000.0
    th[MAX_E] = CIRCUIT["max_rate_pyramidal_hz"]
    th[SLOPE_E] = CIRCUIT["slope_pyramidal"]
    th[MAX_I] = CIRCUIT["max_rate_interneuron_hz"]
    th[SLOPE_I] = CIRCUIT["slope_interneuron"]
    th[W_EE] = CIRCUIT["w_pyramidal_to_pyramidal"]
    th[W_EI] = CIRCUIT["w_interneuron_to_pyramidal"]
    th[W_IE] = CIRCUIT["w_pyramidal_to_interneuron"]
    th[W_II] = CIRCUIT["w_interneuron_to_interneuron"]
    re0, ri0 = th[RE0], th[RI0]
    # External drives that put the drug-free fixed point exactly at the baseline rates.
    th[DRIVE_E] = circuit.inverse_rate_function(re0, th[MAX_E], th[SLOPE_E]) - th[W_EE] * re0 + th[W_EI] * ri0
    th[DRIVE_I] = circuit.inverse_rate_function(ri0, th[MAX_I], th[SLOPE_I]) - th[W_IE] * re0 + th[W_II] * ri0
    th[TAU_G] = params.gaba_tone_minutes
    th[TAU_REL] = params.bdnf_release_minutes
    th[TAU_EEF2] = params.eef2_minutes
    th[TAU_PROT] = params.bdnf_translation_minutes
    th[TAU_DES] = params.trkb_desensitisation_minutes
    th[TAU_MTOR] = params.mtorc1_minutes
    th[TAU_SYN] = params.synaptic_protein_hours * MINUTES_PER_HOUR
    th[TAU_MAT] = params.spine_maturation_hours * MINUTES_PER_HOUR
    th[TAU_LIFE] = params.spine_lifetime_days * MINUTES_PER_DAY
    th[D_BASE] = plasticity.STRESSED_SPINE_DENSITY if params.chronic_stress else 1.0
    th[KEEP_NBQX] = 1.0 - PRETREATMENT_EFFICACY["nbqx"] if params.nbqx else 1.0
    th[KEEP_NIF] = 1.0 - PRETREATMENT_EFFICACY["nifedipine"] if params.nifedipine else 1.0
    th[KEEP_RAPA] = 1.0 - PRETREATMENT_EFFICACY["rapamycin"] if params.rapamycin else 1.0
    th[KEEP_ANISO] = 1.0 - PRETREATMENT_EFFICACY["anisomycin"] if params.anisomycin else 1.0
    th[KNOCKOUT] = 1.0 if params.bdnf_knockout else 0.0
    # Constants travel in the vector too: numba's cache does not notice a changed global of another
    # module, so a constant read as a global could silently keep its old compiled value.
    th[TRANSLATION_GAIN] = plasticity.TRANSLATION_GAIN
    th[EEF2K_COOPERATIVITY] = plasticity.EEF2K_COOPERATIVITY
    th[L_TYPE_EXPONENT] = plasticity.L_TYPE_EXPONENT
    th[SPINE_FORMATION_GAIN] = plasticity.SPINE_FORMATION_GAIN
    th[SPINE_SATURATION] = plasticity.SPINE_FORMATION_SATURATION
    th[TRKB_MAX] = plasticity.TRKB_MAX_ACTIVATION
    th[SPINE_PRUNING_GAIN] = plasticity.SPINE_PRUNING_GAIN
    th[SYNTHESIS_GAIN] = plasticity.SYNTHESIS_GAIN
    th[SPINE_ROOM] = plasticity.SPINE_ROOM
    th[SYNTHESIS_WIDTH2] = plasticity.SYNTHESIS_ROUNDING**2
    th[SIGNAL_ROUNDING2] = plasticity.SIGNAL_ROUNDING**2
    for rate, tau in ((K_RATE, TAU_RATE), (K_G, TAU_G), (K_REL, TAU_REL), (K_EEF2, TAU_EEF2), (K_PROT, TAU_PROT),
                      (K_DES, TAU_DES), (K_MTOR, TAU_MTOR), (K_SYN, TAU_SYN), (K_MAT, TAU_MAT), (K_LIFE, TAU_LIFE)):
        th[rate] = 1.0 / th[tau]
    th[INV_RI0], th[INV_RE0], th[INV_D_BASE] = 1.0 / th[RI0], 1.0 / th[RE0], 1.0 / th[D_BASE]
    # The room ends at a density fixed by the dendrite (1 + SPINE_ROOM of the healthy density), not
    # at a share of the drug-free one: a dendrite thinned by chronic stress has more room, not less.
    th[ROOM_SCALE] = 1.0 / (1.0 + th[SPINE_ROOM] - th[D_BASE])
    th[INV_SPINE_SATURATION] = 1.0 / th[SPINE_SATURATION]
    th[GLUTAMATE_SATURATION] = circuit.AMBIENT_GLUTAMATE_UM / (circuit.TRANSPORTER_KM_UM + circuit.AMBIENT_GLUTAMATE_UM)
    # F at the baseline drives, computed once by the same compiled functions the right-hand side
    # uses (so rate_residuals is exactly zero at the baseline) instead of twice per evaluation.
    th[INV_SLOPE_E], th[INV_SLOPE_I] = 1.0 / th[SLOPE_E], 1.0 / th[SLOPE_I]
    th[GLUTAMATE_ODDS] = th[GLUTAMATE_SATURATION] / (1.0 - th[GLUTAMATE_SATURATION])
    # Channel use per Hz of firing, plus spontaneous openings that go on in a silent cell
    # (receptors.SPONTANEOUS_OPENING_SHARE); scaled so that use at the resting rate is KON x OPEN.
    share = receptors.SPONTANEOUS_OPENING_SHARE
    th[USE_I] = th[KON] * th[OPEN_I] / (th[RI0] * (1.0 + share))
    th[USE_E] = th[KON] * th[OPEN_E] / (th[RE0] * (1.0 + share))
    th[USE_FLOOR_I], th[USE_FLOOR_E] = share * th[RI0], share * th[RE0]
    th = np.array(th, dtype=np.float64)
    th[BASELINE_F_E] = circuit.rate_function(_pyramidal_drive(0.0, re0, 1.0, th), th[MAX_E], th[INV_SLOPE_E])
    th[BASELINE_F_I] = circuit.rate_function(_interneuron_drive(0.0, re0, ri0, th), th[MAX_I], th[INV_SLOPE_I])
    return th


def initial_state(theta: np.ndarray) -> np.ndarray:
    """The drug-free steady state: no ketamine, baseline rates, every relative quantity at 1."""
    y = np.zeros(N_STATES)
    y[R_E], y[R_I] = theta[RE0], theta[RI0]
    y[G] = y[REL] = y[EEF2] = y[DES] = y[MTOR] = y[SYN] = 1.0
    y[PROT] = 0.0 if theta[KNOCKOUT] else 1.0
    y[DENS] = theta[D_BASE]
    return y


@njit(cache=True)
def power(x: float, exponent: float) -> float:
    """x ** exponent, by repeated multiplication when the exponent is a small whole number.

    The cascade's exponents are whole numbers (L-type 2, eEF2K cooperativity 4) and the right-hand
    side runs some 2000 times per simulated week; a few multiplications cost a fraction of libm's
    pow. Any other exponent takes the general path.
    """
    # The model's own exponents first, without the loop (the same products, in the same order).
    if exponent == 2.0:
        return x * x
    if exponent == 4.0:
        return x * x * x * x
    if exponent == 3.0:
        return x * x * x
    if 0.0 <= exponent <= 8.0 and exponent == np.floor(exponent):
        result = 1.0
        for _ in range(int(exponent)):
            result *= x
        return result
    return x**exponent


@njit(cache=True)
def _blocked_change(value: float, keep: float) -> float:
    """A relative signal after a pre-treatment that keeps only ``keep`` of its change from baseline."""
    return 1.0 + keep * (value - 1.0)


@njit(cache=True)
def signals(y: np.ndarray, th: np.ndarray) -> tuple:
    """Quasi-steady quantities: (glutamate, AMPA activation, L-type Ca2+, TrkB activation)."""
    glu = circuit.glutamate_rel(y[R_E] / th[RE0], th[GLUTAMATE_SATURATION], th[GLUTAMATE_ODDS])
    ampa = _blocked_change(glu, th[KEEP_NBQX])
    l_type = _blocked_change(power(ampa, th[L_TYPE_EXPONENT]), th[KEEP_NIF])
    trkb = _saturating(max(y[REL], 0.0) ** max(y[PROT], 0.0), th[TRKB_MAX])
    return glu, ampa, l_type, trkb


@njit(cache=True)
def _saturating(drive: float, ceiling: float) -> float:
    """``drive`` (1 at baseline) through a hyperbolic ceiling: 1 at 1, slope 1 - 1/ceiling there, never above ``ceiling``."""
    return ceiling * drive / (ceiling - 1.0 + drive)


@njit(cache=True)
def _saturating_slope(drive: float, ceiling: float) -> float:
    return ceiling * (ceiling - 1.0) / (ceiling - 1.0 + drive) ** 2


@njit(cache=True)
def _ramp(a: float, width2: float) -> float:
    """max(a, 0) with its corner rounded over a width w (``width2`` = w^2): a times a smooth step.

    a (1 + a / sqrt(a^2 + w^2)) / 2 is exactly 0 at 0 (so a corner placed at the drug-free
    baseline keeps the baseline an exact steady state, docs/science-checks.md check 10), has slope 1/2 there,
    and differs from max(a, 0) by at most 0.15 w (at |a| ~ w) and by w^2 / (4 |a|) further out, on
    either side. It is smooth (C-infinity), costs one square root and one division, and w = 0 gives
    max(a, 0). ``a - _ramp(a)`` is the matching smooth min(a, 0): the two add up to ``a`` exactly.
    """
    r = np.sqrt(a * a + width2)
    return 0.5 * a if r == 0.0 else 0.5 * a * (1.0 + a / r)


@njit(cache=True)
def _ramp_slope(a: float, width2: float) -> float:
    """d(_ramp)/da."""
    r = np.sqrt(a * a + width2)
    if r == 0.0:
        return 0.5
    q = a / r
    return 0.5 * (1.0 + q) + 0.5 * q * (1.0 - q * q)


@njit(cache=True)
def _hyperbola(a: float, width2: float) -> float:
    """max(a, 0) rounded into the hyperbola (a + sqrt(a^2 + w^2)) / 2, ``width2`` = w^2.

    Never below max(a, 0), above it by w/2 at the corner and by w^2 / (4 |a|) further out; one
    square root and no division. Used where w shrinks to 0 at the baseline (trkb_signal), so the
    baseline stays exact.
    """
    return 0.5 * (a + np.sqrt(a * a + width2))


@njit(cache=True)
def _hyperbola_slopes(a: float, width2: float) -> tuple:
    """(d/da, d/d(width2)) of :func:`_hyperbola`."""
    r = np.sqrt(a * a + width2)
    if r == 0.0:
        return 0.5, 0.0
    return 0.5 * (1.0 + a / r), 0.25 / r


@njit(cache=True)
def trkb_signal(bound: float, desensitised: float, rounding2: float) -> float:
    """TrkB signalling to mTORC1, K, from bound activation B and the desensitised level D.

    K = 1 + B - D while B is above D (and above baseline), 1 while B lies between baseline and D,
    B below baseline (a fall passes through unchanged): K - 1 = min(x, 0) + max(0, x - max(d, 0))
    with x = B - 1 and d = D - 1. Each corner is rounded by :func:`_hyperbola` over a width w of
    sqrt(``rounding2``) times the distance from baseline, sqrt(x^2 + d^2), times sqrt(B): near baseline
    K - 1 is then homogeneous in (x, d), so the rounding looks the same at every signal size and
    vanishes at the baseline (plasticity.SIGNAL_ROUNDING says why); the factor B keeps K from
    dipping below zero as binding vanishes (K >= 0 needs w^2 <= 4 B). min(x, 0) is x - max(x, 0).
    """
    x = bound - 1.0
    d = desensitised - 1.0
    width2 = rounding2 * (x * x + d * d) * bound
    return 1.0 + (x - _hyperbola(x, width2)) + _hyperbola(x - _hyperbola(d, width2), width2)


@njit(cache=True)
def trkb_signal_slopes(bound: float, desensitised: float, rounding2: float) -> tuple:
    """(dK/dB, dK/dD) of :func:`trkb_signal`; at the baseline itself, where K has no slope, (1, 0)."""
    x = bound - 1.0
    d = desensitised - 1.0
    if x == 0.0 and d == 0.0:
        return 1.0, 0.0
    c2 = rounding2
    size2 = x * x + d * d
    width2 = c2 * size2 * bound
    w2_x = c2 * (2.0 * x * bound + size2)  # d(width2)/dx (bound = 1 + x)
    w2_d = 2.0 * c2 * d * bound
    hd_a, hd_w = _hyperbola_slopes(d, width2)
    u = x - _hyperbola(d, width2)  # the excess of binding over the (rectified) desensitised level
    u_x = 1.0 - hd_w * w2_x
    u_d = -(hd_a + hd_w * w2_d)
    hx_a, hx_w = _hyperbola_slopes(x, width2)
    hu_a, hu_w = _hyperbola_slopes(u, width2)
    slope_x = 1.0 - hx_a - hx_w * w2_x + hu_a * u_x + hu_w * w2_x
    slope_d = -hx_w * w2_d + hu_a * u_d + hu_w * w2_d
    return slope_x, slope_d


@njit(cache=True)
def synthesis(mtorc1: float, gain: float, width2: float) -> float:
    """Synaptic-protein synthesis rate (1 at baseline): 1 + gain (M - 1) above baseline, M below."""
    m = mtorc1 - 1.0
    return 1.0 + m + (gain - 1.0) * _ramp(m, width2)


@njit(cache=True)
def synthesis_slope(mtorc1: float, gain: float, width2: float) -> float:
    return 1.0 + (gain - 1.0) * _ramp_slope(mtorc1 - 1.0, width2)


@njit(cache=True)
def _pyramidal_drive(b_e: float, r_e: float, g: float, th: np.ndarray) -> float:
    return (1.0 - th[NMDA_E] * b_e) * (th[W_EE] * r_e + th[DRIVE_E]) - th[W_EI] * th[RI0] * g


@njit(cache=True)
def _interneuron_drive(b_i: float, r_e: float, r_i: float, th: np.ndarray) -> float:
    return (1.0 - th[NMDA_I] * b_i) * (th[W_IE] * r_e + th[DRIVE_I]) - th[W_II] * r_i


@njit(cache=True)
def rate_residuals(y: np.ndarray, th: np.ndarray) -> tuple:
    """(F(x) - r) for pyramidal cells and interneurons (Wilson-Cowan), measured from the baseline.

    Written as (F(x) - F(x0)) - (r - r0), with x0 the baseline drive: the drives put the fixed point
    at the baseline rates only up to rounding (~1e-15 Hz), which the 10 ms rate constant would turn
    into a slow drift; this form is exactly zero at the baseline.
    """
    f_e = circuit.rate_function(_pyramidal_drive(y[B_E], y[R_E], y[G], th), th[MAX_E], th[INV_SLOPE_E])
    f_i = circuit.rate_function(_interneuron_drive(y[B_I], y[R_E], y[R_I], th), th[MAX_I], th[INV_SLOPE_I])
    return (f_e - th[BASELINE_F_E]) - (y[R_E] - th[RE0]), (f_i - th[BASELINE_F_I]) - (y[R_I] - th[RI0])


@njit(cache=True)
def slow_rhs(y: np.ndarray, drive: np.ndarray, pk: np.ndarray, th: np.ndarray, dy: np.ndarray) -> None:
    """dy/dt (per minute) of the whole slow model, written into ``dy``.

    ``pk`` is the pharmacokinetic rate matrix A (``pharmacokinetics.pk_system``, N_PK x N_PK) and
    ``drive`` the zero-order input into each pharmacokinetic state, B u (mg/kg/min): the IV rate into
    the central compartment, F_r times route r's rate into its depot.
    """
    # Pharmacokinetics (linear): dx/dt = A x + B u.
    n_pk = pk.shape[0]
    for i in range(n_pk):
        acc = drive[i]
        for j in range(n_pk):
            acc += pk[i, j] * y[j]
        dy[i] = acc
    brain = th[FU] * max(y[CE], 0.0)

    # Receptors: use-dependent trapping block. Ketamine enters and leaves only open channels, so
    # both rates scale with how often the channels open (the cell's firing relative to baseline).
    use_i = th[USE_I] * (max(y[R_I], 0.0) + th[USE_FLOOR_I])
    use_e = th[USE_E] * (max(y[R_E], 0.0) + th[USE_FLOOR_E])
    dy[B_I] = use_i * (brain * (1.0 - y[B_I]) - th[IC50_I] * y[B_I])
    dy[B_E] = use_e * (brain * (1.0 - y[B_E]) - th[IC50_E] * y[B_E])

    # Circuit: Wilson-Cowan rates with NMDA-dependent drive, and the lagging GABA tone.
    residual_e, residual_i = rate_residuals(y, th)
    dy[R_E] = residual_e * th[K_RATE]
    dy[R_I] = residual_i * th[K_RATE]
    dy[G] = (y[R_I] / th[RI0] - y[G]) * th[K_G]  # a division: exactly 0 at the baseline rate

    # Plasticity cascade.
    _glu, _ampa, l_type, trkb = signals(y, th)
    dy[REL] = (l_type - y[REL]) * th[K_REL]
    resting_nmda = max(1.0 - y[B_E], 0.0)
    dy[EEF2] = (power(resting_nmda, th[EEF2K_COOPERATIVITY]) - y[EEF2]) * th[K_EEF2]
    translation = _blocked_change(1.0 + th[TRANSLATION_GAIN] * (1.0 - y[EEF2]), th[KEEP_ANISO])
    dy[PROT] = 0.0 if th[KNOCKOUT] > 0.0 else (translation - y[PROT]) * th[K_PROT]
    # TrkB desensitises as it stays bound; what reaches mTORC1 is the part of the binding that
    # runs ahead of the desensitised level, so signalling is a burst while binding rises.
    dy[DES] = (trkb - y[DES]) * th[K_DES]
    signal = trkb_signal(trkb, y[DES], th[SIGNAL_ROUNDING2])
    dy[MTOR] = (_blocked_change(signal, th[KEEP_RAPA]) - y[MTOR]) * th[K_MTOR]
    made = synthesis(y[MTOR], th[SYNTHESIS_GAIN], th[SYNTHESIS_WIDTH2])
    dy[SYN] = (_blocked_change(made, th[KEEP_ANISO]) - y[SYN]) * th[K_SYN]
    # Formation saturates (there is only so much room and material for new spines): linear in a
    # small excess of synaptic protein, bounded for a large one. A shortfall of synaptic protein
    # (e.g. pyramidal cells silenced by an anaesthetic dose) prunes existing spines instead, in
    # proportion to how many there are, so the density can fall towards zero but never past it.
    x = (y[SYN] - 1.0) * th[INV_SPINE_SATURATION]
    gain = th[SPINE_FORMATION_GAIN] if x >= 0.0 else th[SPINE_PRUNING_GAIN]
    formation = gain * th[SPINE_SATURATION] * x / np.sqrt(1.0 + x * x)
    # New spines need room on the dendrite: the share of nascent spines that mature into counted
    # ones falls as the density rises, to none at SPINE_ROOM above the healthy density (the rest
    # are lost, as most new spines are). The density can therefore never reach that limit (at it,
    # nothing is added and turnover pulls it back), so the room needs no corner at zero.
    room = 1.0 - (y[DENS] - th[D_BASE]) * th[ROOM_SCALE]
    growth = max(formation, 0.0)
    pruning = min(formation, 0.0) * y[DENS] * th[INV_D_BASE]
    dy[NASC] = growth - y[NASC] * th[K_MAT]
    dy[DENS] = room * y[NASC] * th[K_MAT] + pruning + (th[D_BASE] - y[DENS]) * th[K_LIFE]


@njit(cache=True)
def observe(states: np.ndarray, th: np.ndarray, out: np.ndarray) -> None:
    """Channels that are functions of the state, for every sample (rows of ``states``).

    Columns of ``out``: glutamate_rel, ampa_activation_rel, trkb_activation_rel, l_type_calcium_rel.
    """
    for i in range(states.shape[0]):
        glu, ampa, l_type, trkb = signals(states[i], th)
        out[i, 0] = glu
        out[i, 1] = ampa
        out[i, 2] = trkb
        out[i, 3] = l_type


@njit(cache=True)
def slow_jacobian(y: np.ndarray, pk: np.ndarray, th: np.ndarray, jac: np.ndarray) -> None:
    """d(slow_rhs)/dy, written into ``jac`` (the input enters additively, so it does not appear).

    Derived by hand from ``slow_rhs`` term by term; ``tests/test_solver.py`` holds it to finite
    differences. One evaluation costs about one right-hand side instead of one per state.
    """
    jac[:, :] = 0.0
    for i in range(pk.shape[0]):
        for j in range(pk.shape[0]):
            jac[i, j] = pk[i, j]
    brain = th[FU] * max(y[CE], 0.0)

    # Receptors.
    for b_idx, r_idx, use_idx, floor_idx, ic_idx in ((B_I, R_I, USE_I, USE_FLOOR_I, IC50_I), (B_E, R_E, USE_E, USE_FLOOR_E, IC50_E)):
        per_rate = th[use_idx]
        use = per_rate * (max(y[r_idx], 0.0) + th[floor_idx])
        drive = brain * (1.0 - y[b_idx]) - th[ic_idx] * y[b_idx]
        jac[b_idx, b_idx] = use * (-brain - th[ic_idx])
        jac[b_idx, CE] = use * th[FU] * (1.0 - y[b_idx]) if y[CE] >= 0.0 else 0.0
        jac[b_idx, r_idx] = per_rate * drive if y[r_idx] > 0.0 else 0.0

    # Circuit.
    excite_e = th[W_EE] * y[R_E] + th[DRIVE_E]
    x_e = _pyramidal_drive(y[B_E], y[R_E], y[G], th)
    slope_e = circuit.rate_function_slope(x_e, th[MAX_E], th[INV_SLOPE_E]) * th[K_RATE]
    jac[R_E, R_E] = slope_e * (1.0 - th[NMDA_E] * y[B_E]) * th[W_EE] - th[K_RATE]
    jac[R_E, B_E] = -slope_e * th[NMDA_E] * excite_e
    jac[R_E, G] = -slope_e * th[W_EI] * th[RI0]
    excite_i = th[W_IE] * y[R_E] + th[DRIVE_I]
    x_i = _interneuron_drive(y[B_I], y[R_E], y[R_I], th)
    slope_i = circuit.rate_function_slope(x_i, th[MAX_I], th[INV_SLOPE_I]) * th[K_RATE]
    jac[R_I, R_I] = -slope_i * th[W_II] - th[K_RATE]
    jac[R_I, R_E] = slope_i * (1.0 - th[NMDA_I] * y[B_I]) * th[W_IE]
    jac[R_I, B_I] = -slope_i * th[NMDA_I] * excite_i
    jac[G, R_I] = 1.0 / (th[RI0] * th[TAU_G])
    jac[G, G] = -th[K_G]

    # Quasi-steady signals and their slopes in R_E (glutamate -> AMPA -> L-type) and in REL, PROT (TrkB).
    s = th[GLUTAMATE_SATURATION]
    q = y[R_E] * th[INV_RE0] * s
    d_glu = 0.0 if q >= 0.999 else (1.0 - s) / (th[RE0] * (1.0 - q) ** 2)  # d(circuit.glutamate_rel)/dR_E
    glu = circuit.glutamate_rel(y[R_E] * th[INV_RE0], s, th[GLUTAMATE_ODDS])
    ampa = _blocked_change(glu, th[KEEP_NBQX])
    d_ampa = th[KEEP_NBQX] * d_glu
    d_l_type = th[KEEP_NIF] * th[L_TYPE_EXPONENT] * power(ampa, th[L_TYPE_EXPONENT] - 1.0) * d_ampa
    rel = max(y[REL], 0.0)
    prot = max(y[PROT], 0.0)
    bound = rel**prot
    d_ceiling = _saturating_slope(bound, th[TRKB_MAX])
    d_trkb_rel = d_ceiling * prot * bound / rel if rel > 0.0 and y[REL] > 0.0 else 0.0  # rel**(prot-1), no second pow
    d_trkb_prot = d_ceiling * bound * np.log(rel) if rel > 0.0 and y[PROT] >= 0.0 else 0.0

    # Plasticity cascade.
    jac[REL, R_E] = d_l_type * th[K_REL]
    jac[REL, REL] = -th[K_REL]
    resting_nmda = 1.0 - y[B_E]
    if resting_nmda > 0.0:
        jac[EEF2, B_E] = -th[EEF2K_COOPERATIVITY] * power(resting_nmda, th[EEF2K_COOPERATIVITY] - 1.0) * th[K_EEF2]
    jac[EEF2, EEF2] = -th[K_EEF2]
    if th[KNOCKOUT] == 0.0:
        jac[PROT, EEF2] = -th[KEEP_ANISO] * th[TRANSLATION_GAIN] * th[K_PROT]
        jac[PROT, PROT] = -th[K_PROT]
    jac[DES, REL] = d_trkb_rel * th[K_DES]
    jac[DES, PROT] = d_trkb_prot * th[K_DES]
    jac[DES, DES] = -th[K_DES]
    d_signal_bound, d_signal_des = trkb_signal_slopes(_saturating(bound, th[TRKB_MAX]), y[DES], th[SIGNAL_ROUNDING2])
    jac[MTOR, REL] = th[KEEP_RAPA] * d_signal_bound * d_trkb_rel * th[K_MTOR]
    jac[MTOR, PROT] = th[KEEP_RAPA] * d_signal_bound * d_trkb_prot * th[K_MTOR]
    jac[MTOR, DES] = th[KEEP_RAPA] * d_signal_des * th[K_MTOR]
    jac[MTOR, MTOR] = -th[K_MTOR]
    jac[SYN, MTOR] = th[KEEP_ANISO] * synthesis_slope(y[MTOR], th[SYNTHESIS_GAIN], th[SYNTHESIS_WIDTH2]) * th[K_SYN]
    jac[SYN, SYN] = -th[K_SYN]
    x = (y[SYN] - 1.0) * th[INV_SPINE_SATURATION]
    gain = th[SPINE_FORMATION_GAIN] if x >= 0.0 else th[SPINE_PRUNING_GAIN]
    stretch = 1.0 + x * x
    d_formation = gain / (stretch * np.sqrt(stretch))  # (1 + x^2)^-1.5
    jac[NASC, NASC] = -th[K_MAT]
    jac[DENS, DENS] = -th[K_LIFE]
    room_scale = th[ROOM_SCALE]
    jac[DENS, NASC] = (1.0 - (y[DENS] - th[D_BASE]) * room_scale) * th[K_MAT]
    jac[DENS, DENS] -= y[NASC] * th[K_MAT] * room_scale
    if x >= 0.0:  # growth: new spines through the nascent pool
        jac[NASC, SYN] = d_formation
    else:  # pruning of existing spines
        formation = gain * th[SPINE_SATURATION] * x / np.sqrt(1.0 + x * x)
        jac[DENS, SYN] = d_formation * y[DENS] * th[INV_D_BASE]
        jac[DENS, DENS] += formation * th[INV_D_BASE]
