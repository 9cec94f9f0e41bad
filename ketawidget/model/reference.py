"""The yardstick: the same equations integrated by scipy's ``solve_ivp`` (Radau, tight tolerances).

Tests hold the numba core to this, and benchmarks measure the core's speed against it. It shares the
equations (``pk_system``) and the observation step with ``simulation`` but none of the numerics: the
ODE is integrated interval by interval between input changes, so the solver never steps across a
discontinuity.
"""

from __future__ import annotations

import numpy as np
from scipy.integrate import solve_ivp

from .dosing import Dose
from .errors import ParameterError, check_number
from .parameters import Params
from . import dynamics as dyn
from .pharmacokinetics import pk_system
from .simulation import _channels_from_states, checked_inputs, input_rates, time_grid
from .channels import CHANNEL_UNITS
from .trajectory import Trajectory

__all__ = ["simulate"]

RTOL = 1e-10
ATOL = 1e-13
#: Tolerances a caller may ask for. rtol: below ~100 float64 epsilons (2.2e-14) solve_ivp raises it
#: itself, with a warning, so 1e-13 is the tightest that means what it says; above 1e-2 (a percent
#: per step, compounding over hundreds of steps) the run is no yardstick. atol is in the states' own
#: units (mg/kg, Hz, fractions, relative levels, all of order 1): below 1e-16, one float64 step at 1,
#: a state decaying to zero is followed into digits no one reads and the solver crawls (at 1e-22 a
#: 24-h run took over a minute instead of a second); above 1e-3 a drug level hours after a dose is
#: under the tolerance and integrated as noise. Zero, negative, NaN and non-numbers are refused
#: (0 divided by zero in solve_ivp's error norm; -1 gave a TypeError about complex numbers).
RTOL_RANGE = (1e-13, 1e-2)
ATOL_RANGE = (1e-16, 1e-3)
#: solve_ivp's methods for stiff systems (all three take the Jacobian below).
STIFF_METHODS = ("Radau", "BDF", "LSODA")


def simulate(
    dose: Dose | None = None,
    params: Params | None = None,
    hours: float = 168.0,
    *,
    rtol: float = RTOL,
    atol: float = ATOL,
    method: str = "Radau",
) -> Trajectory:
    """Same signature and output as :func:`ketawidget.simulate`, computed with ``solve_ivp`` (Radau by default).

    Parameters
    ----------
    dose, params, hours
        As for :func:`ketawidget.simulate`.
    rtol, atol : float, optional
        ``solve_ivp``'s tolerances: rtol from 1e-13 to 1e-2, atol from 1e-16 to 1e-3 (in the
        states' units). The defaults are tight (the yardstick the numba core is tested against); the
        benchmark also runs it looser, to compare speed at matched accuracy.
    method : {"Radau", "BDF", "LSODA"}, optional
        ``solve_ivp``'s stiff method. Radau (the default) is the yardstick; the benchmark also times
        the other two, since at matched accuracy LSODA is the fastest of the three here.

    Returns
    -------
    Trajectory
        The same channels on the same time grid as :func:`ketawidget.simulate`.
    """
    dose, params, hours = checked_inputs(dose, params, hours)
    rtol = check_number("rtol", rtol, *RTOL_RANGE, "(relative)")
    atol = check_number("atol", atol, *ATOL_RANGE, "(in each state's unit)")
    if method not in STIFF_METHODS:
        raise ParameterError(f"method must be one of {', '.join(STIFF_METHODS)}; got {method!r}")
    segments = dose.segments()
    t_min = time_grid(segments, hours)
    rates = input_rates(segments, t_min)
    a, b = pk_system(params)

    theta = dyn.pack(params)

    def rhs(_t: float, y: np.ndarray, drive: np.ndarray) -> np.ndarray:
        dy = np.empty_like(y)
        dyn.slow_rhs(y, drive, a, theta, dy)
        return dy

    def jac(_t: float, y: np.ndarray, drive: np.ndarray) -> np.ndarray:
        # Forward differences of the right-hand side (not the core's analytic Jacobian, so the two
        # share no numerics). solve_ivp's own estimate cannot be used: the depot of a route the
        # species lacks is a state nothing depends on, and scipy's num_jac grows its step for such
        # an all-zero column without bound until it overflows.
        f0 = rhs(_t, y, drive)
        out = np.empty((y.size, y.size))
        for j in range(y.size):
            step = 1.5e-8 * max(abs(y[j]), 1.0)
            yp = y.copy()
            yp[j] += step
            out[:, j] = (rhs(_t, yp, drive) - f0) / step
        return out

    # Integrate piecewise between the times where any route's input changes.
    change = np.flatnonzero(np.any(np.diff(rates[:-1], axis=0) != 0, axis=1)) + 1
    bounds = np.concatenate(([0], change, [t_min.size - 1]))
    states = np.zeros((t_min.size, dyn.N_STATES))
    x = dyn.initial_state(theta)
    states[0] = x
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
        sol = solve_ivp(
            rhs,
            (t_min[lo], t_min[hi]),
            x,
            method=method,
            jac=jac,
            t_eval=t_min[lo : hi + 1],
            args=(b @ rates[lo],),
            rtol=rtol,
            atol=atol,
        )
        if not sol.success:  # pragma: no cover - reported, not expected
            raise RuntimeError(sol.message)
        states[lo : hi + 1] = sol.y.T
        x = sol.y[:, -1]
    channels = _channels_from_states(states, params, theta)
    return Trajectory(t_min / 60.0, channels, CHANNEL_UNITS, description=dose.describe(), params=params.to_dict())
