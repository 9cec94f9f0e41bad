"""Numerics: exact integration of linear systems with piecewise-constant input (numba).

For ``dx/dt = A x + b u`` with ``u`` constant over a step of length h the exact update is::

    x(t+h) = Phi x(t) + Gamma u,    [[Phi, Gamma], [0, 1]] = expm([[A, b], [0, 0]] h)

so there is no truncation error and no stiffness limit on the step: a 10-minute step through a
20/min effect-site constant is exact. The matrix exponential uses scaling and squaring of a Taylor
series, which for these small, well-scaled matrices is accurate to a few ulp. The time-resolved
nonlinear stages will add their L-stable implicit method here, beside this one.
"""

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["expm", "integrate_linear"]

_TAYLOR_TERMS = 18  # with the scaled norm <= 0.5 the truncation error is < 0.5**19 / 19! ~ 1e-23


@njit(cache=True)
def expm(m: np.ndarray) -> np.ndarray:
    """Matrix exponential of a small square matrix (scaling and squaring, Taylor series)."""
    n = m.shape[0]
    norm = 0.0
    for i in range(n):
        row = 0.0
        for j in range(n):
            row += abs(m[i, j])
        norm = max(norm, row)
    squarings = 0
    while norm > 0.5:
        norm *= 0.5
        squarings += 1
    scaled = m / (2.0**squarings)
    result = np.eye(n)
    term = np.eye(n)
    for k in range(1, _TAYLOR_TERMS + 1):
        term = term @ scaled / k
        result += term
    for _ in range(squarings):
        result = result @ result
    return result


@njit(cache=True)
def integrate_linear(a: np.ndarray, b: np.ndarray, x0: np.ndarray, t: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Exact solution of ``dx/dt = A x + b u`` on the grid ``t``, with ``u[i]`` held on ``[t[i], t[i+1])``.

    Parameters
    ----------
    a : (n, n) array
    b : (n,) array
    x0 : (n,) array, the state at ``t[0]``
    t : (m,) array, strictly increasing
    u : (m,) array, the input on each interval (the last value is unused)

    Returns
    -------
    (m, n) array of states at the grid times.
    """
    n = a.shape[0]
    m = t.shape[0]
    out = np.empty((m, n))
    out[0] = x0
    augmented = np.zeros((n + 1, n + 1))
    augmented[:n, :n] = a
    augmented[:n, n] = b
    phi = np.eye(n)
    gamma = np.zeros(n)
    last_h = -1.0
    x = x0.copy()
    for i in range(m - 1):
        h = t[i + 1] - t[i]
        if h != last_h:  # the grid has few distinct steps, so this is rarely recomputed
            e = expm(augmented * h)
            phi = e[:n, :n].copy()
            gamma = e[:n, n].copy()
            last_h = h
        x = phi @ x + gamma * u[i]
        out[i + 1] = x
    return out
