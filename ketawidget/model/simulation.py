"""``simulate``: from a dose and parameters to a trajectory of every channel.

Stages, in causal order: dose -> input per route (``dosing``) -> absorption depots, plasma, tissue and
brain ketamine (``pharmacokinetics``) -> use-dependent NMDA block of interneurons and pyramidal cells
(``receptors``) -> firing, glutamate and AMPA activation (``circuit``) -> eEF2, BDNF, mTORC1 and
spines (``plasticity``); ``dynamics`` writes them as one system. Everything numeric runs in numba
(``solver``): the drug levels exactly (linear system), the rest by an L-stable Rosenbrock method.
This module only assembles.
"""

from __future__ import annotations

import math

import numpy as np

from .channels import CHANNEL_NAMES, CHANNEL_UNITS
from .dosing import Bolus, Dose, Infusion, InputSegment, NoDrug, Schedule, check_dose_for_species
from .errors import ParameterError, check_number
from .parameters import ROUTES, Params
from . import dynamics as dyn
from .plasticity import STRENGTH_GAIN
from .pharmacokinetics import N_PK, pk_system, plasma_uM
from .solver import SLOW_ATOL, SLOW_RTOL, integrate_linear, integrate_slow
from .trajectory import Trajectory

__all__ = ["simulate", "time_grid", "input_rates", "HOURS_RANGE"]

#: Output sampling, tiered by the time since each dose: drug levels and block change on a minute
#: scale for a couple of hours after a dose, firing and signalling over hours, spines over days. A
#: week after one infusion is ~700 samples: small to ship to the browser, cheap to integrate (the
#: integrator stops at every sample), and still fine enough to draw the infusion's rise and fall.
#: (time after the end of a dose's input, min; sample spacing, min), finest first.
SAMPLING_TIERS = ((2 * 60.0, 0.5), (12 * 60.0, 3.0))
COARSE_STEP_MIN = 30.0
HOURS_RANGE = (0.1, 24 * 60.0)
#: Grid cut points closer than this, min, are one point. Cuts are sums such as a dose's start plus
#: its push plus a tier's length, so the same moment reached two ways can differ by rounding (one
#: bolus's end + 120 min landed 3e-14 min from the next one's start): kept apart, the two became one
#: time after the division into hours and the run was refused. Rounding is at most ~1e-10 min over
#: the longest run (86 400 min), so 1e-6 min (60 us) merges only such twins, far above rounding
#: (after division by 60 the grid's closest times are still ~1e5 float steps apart) and far below
#: anything the run resolves (the finest sampling is 0.5 min, the shortest input 1 min).
#: :func:`input_rates` conserves the drug whichever twin is kept.
CUT_TOLERANCE_MIN = 1e-6


def time_grid(segments: list[InputSegment], hours: float) -> np.ndarray:
    """Sample times (min), spaced by ``SAMPLING_TIERS`` around each dose and coarse elsewhere.

    Every input's start and end is a grid point, so the inputs are constant on each interval.
    ``segments`` are ``InputSegment``s (or any sequences starting with start and end, min).
    """
    end = hours * 60.0
    windows = [(seg[0], seg[1] + after, step) for seg in segments for after, step in SAMPLING_TIERS]
    cuts = {0.0, end}
    for seg in segments:
        cuts.update((seg[0], seg[1]))  # where the input changes
    for _, b, _ in windows:
        cuts.add(b)  # where a sampling tier ends
    cuts = _merged(sorted(c for c in cuts if 0.0 <= c <= end), end)
    pieces = [np.array([0.0])]
    for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
        mid = 0.5 * (lo + hi)
        step = min([s for a, b, s in windows if a <= mid < b], default=COARSE_STEP_MIN)
        n = max(1, math.ceil((hi - lo) / step - 1e-9))
        pieces.append(np.linspace(lo, hi, n + 1)[1:])
    return np.concatenate(pieces)


def _merged(cuts: list[float], end: float) -> list[float]:
    """Sorted ``cuts`` with any within ``CUT_TOLERANCE_MIN`` of the one kept before it dropped; the
    run's end is always kept (it replaces a twin just before it)."""
    kept = [cuts[0]]
    for c in cuts[1:]:
        if c - kept[-1] > CUT_TOLERANCE_MIN:
            kept.append(c)
        elif c == end and len(kept) > 1:
            kept[-1] = end
    return kept


def input_rates(segments: list[InputSegment], t_min: np.ndarray) -> np.ndarray:
    """Input per route (mg/kg/min given) on each interval ``[t[i], t[i+1])``; overlapping inputs add.

    Returns an array of shape ``(len(t_min), len(ROUTES))``, columns in ``ROUTES`` order (the last
    row, after the last time, is zero). A segment without a route (a plain ``(start, end, rate)``) is
    IV. Each interval gets the share of a segment that overlaps it, so the amount given is exact even
    where the grid merged a segment's end with a rounding twin (``CUT_TOLERANCE_MIN``); an interval
    wholly inside a segment gets its rate exactly.
    """
    lo, hi = t_min[:-1], t_min[1:]
    rate = np.zeros((t_min.size, len(ROUTES)))
    for seg in segments:
        a, b, r = seg[0], seg[1], seg[2]
        column = ROUTES.index(seg[3] if len(seg) > 3 else "iv")
        overlap = np.clip(np.minimum(hi, b) - np.maximum(lo, a), 0.0, None)
        inside = (lo >= a) & (hi <= b)
        rate[:-1, column] += np.where(inside, r, r * overlap / (hi - lo))
    return rate


def checked_inputs(dose: Dose | None, params: Params | None, hours: float) -> tuple[Dose, Params, float]:
    """The arguments of a simulation, defaults filled in, or a ParameterError naming the bad one.

    Shared by :func:`simulate` and ``reference.simulate``, so that both refuse the same inputs.
    """
    dose = Infusion() if dose is None else dose
    params = Params() if params is None else params
    if not isinstance(dose, (Infusion, Bolus, NoDrug, Schedule)):
        raise ParameterError(f"dose must be an Infusion, Bolus, NoDrug or Schedule; got {dose!r}")
    if not isinstance(params, Params):
        raise ParameterError(f"params must be a ketawidget.Params; got {params!r}")
    hours = check_number("hours", hours, *HOURS_RANGE, "h")
    check_dose_for_species(dose, params.species)
    return dose, params, hours


def simulate(dose: Dose | None = None, params: Params | None = None, hours: float = 168.0) -> Trajectory:
    """Simulate the model for a dose.

    Parameters
    ----------
    dose : Infusion, Bolus, NoDrug or Schedule, optional
        What is given, starting at time 0. Default: ``Infusion()`` (0.5 mg/kg IV over 40 min). Each
        dose must suit ``params.species``: one of its routes, within its dose range (a
        :class:`ParameterError` says which, e.g. a human allows 0 to 20 mg/kg).
    params : Params, optional
        Model parameters. Default: ``Params()`` (healthy adult human, 1 mM Mg2+). Not modified.
    hours : float
        Length of the run, h, from 0.1 to 1440.

    Returns
    -------
    Trajectory
        Every channel of ``ketawidget.model.channels.CHANNELS`` (15: drug levels, NMDA block per
        population, firing rates, glutamate, AMPA, L-type Ca2+, eEF2, BDNF, TrkB, mTORC1, synaptic
        strength, spine density) on a time grid in hours, finest around each dose.

    Examples
    --------
    >>> traj = simulate(Infusion(0.5, 40), hours=4)
    >>> bool(0.6 < traj["ketamine_plasma_uM"].max() < 1.1)
    True
    """
    dose, params, hours = checked_inputs(dose, params, hours)
    segments = dose.segments()
    t_min = time_grid(segments, hours)
    rates = input_rates(segments, t_min)
    a, b = pk_system(params)
    # The drug levels are a linear system: integrate them exactly, for the drug channels. The slow
    # system integrates them again beside everything they drive, to its tolerance.
    pk_states = integrate_linear(a, b, np.zeros(N_PK), t_min, rates)
    theta = dyn.pack(params)
    states, _steps, _rejected = integrate_slow(dyn.initial_state(theta), t_min, rates, a, b, theta, SLOW_RTOL, SLOW_ATOL)
    states[:, :N_PK] = pk_states
    channels = _channels_from_states(states, params, theta)
    return Trajectory(t_min / 60.0, channels, CHANNEL_UNITS, description=dose.describe(), params=params.to_dict())


def _channels_from_states(states: np.ndarray, params: Params, theta: np.ndarray) -> dict[str, np.ndarray]:
    """Observable channels from the states (shared by the numba path and the scipy reference)."""
    # Clip the tiny negative round-off an exact solution can show around zero (|x| < 1e-15).
    plasma = np.maximum(plasma_uM(states[:, dyn.A1], params), 0.0)
    brain = np.maximum(params.unbound_fraction * states[:, dyn.CE], 0.0)
    signals = np.empty((states.shape[0], 4))
    dyn.observe(states, theta, signals)
    values = {
        "ketamine_plasma_uM": plasma,
        "ketamine_brain_uM": brain,
        "nmda_block_interneuron": np.clip(states[:, dyn.B_I], 0.0, 1.0),
        "nmda_block_pyramidal": np.clip(states[:, dyn.B_E], 0.0, 1.0),
        "rate_interneuron_hz": states[:, dyn.R_I].copy(),
        "rate_pyramidal_hz": states[:, dyn.R_E].copy(),
        "glutamate_rel": signals[:, 0],
        "ampa_activation_rel": signals[:, 1],
        "eef2_phospho_rel": states[:, dyn.EEF2].copy(),
        "bdnf_rel": states[:, dyn.PROT].copy(),
        "l_type_calcium_rel": signals[:, 3],
        "trkb_activation_rel": signals[:, 2],
        "mtorc1_rel": states[:, dyn.MTOR].copy(),
        "synaptic_strength_rel": 1.0 + STRENGTH_GAIN * (states[:, dyn.SYN] - 1.0),
        "spine_density_rel": states[:, dyn.DENS].copy(),
    }
    return {name: values[name] for name in CHANNEL_NAMES}  # the order of the one channel list
