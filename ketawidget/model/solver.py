"""Numerics: the exact integration of the linear drug levels, and the stiff integrator of the slow model.

* ``integrate_linear``: for ``dx/dt = A x + B u`` with k inputs ``u`` (one per route) constant over a
  step of length h the exact update is::

      x(t+h) = Phi x(t) + Gamma u,    [[Phi, Gamma], [0, I]] = expm([[A, B], [0, 0]] h)

  with one column of the augmented matrix per input, so there is no truncation error and no
  stiffness limit on the step: a 10-minute step through a 20/min effect-site constant is exact. The
  matrix exponential uses scaling and squaring of a Taylor series, which for these small,
  well-scaled matrices is accurate to a few ulp.
* ``integrate_slow``: the whole slow model (drug, block, circuit, plasticity) with Rodas5P, an
  L-stable Rosenbrock method with error control (described below, where its coefficients are).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .dynamics import BLOCKS, slow_jacobian, slow_rhs

__all__ = ["expm", "integrate_linear", "integrate_slow", "SLOW_RTOL", "SLOW_ATOL"]

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
    """Exact solution of ``dx/dt = A x + B u`` on the grid ``t``, with ``u[i]`` held on ``[t[i], t[i+1])``.

    Parameters
    ----------
    a : (n, n) array
    b : (n, k) array, one column per input
    x0 : (n,) array, the state at ``t[0]``
    t : (m,) array, strictly increasing
    u : (m, k) array, the inputs on each interval (the last row is unused)

    Returns
    -------
    (m, n) array of states at the grid times.
    """
    n = a.shape[0]
    k = b.shape[1]
    m = t.shape[0]
    out = np.empty((m, n))
    out[0] = x0
    augmented = np.zeros((n + k, n + k))
    augmented[:n, :n] = a
    augmented[:n, n:] = b
    phi = np.eye(n)
    gamma = np.zeros((n, k))
    last_h = -1.0
    for i in range(m - 1):
        h = t[i + 1] - t[i]
        # The grid has few distinct steps (linspace spacings differ only in the last bits), so
        # the exponential is rarely recomputed; reusing it across a 1e-12 relative difference
        # changes the result by about as much.
        if abs(h - last_h) > 1e-12 * h:
            e = expm(augmented * h)
            phi = e[:n, :n].copy()
            gamma = e[:n, n:].copy()
            last_h = h
        # x <- Phi x + Gamma u, written out: for these small matrices plain loops beat BLAS calls
        # and their temporaries, and an input column that is zero (most of the time) costs nothing.
        for r in range(n):
            acc = 0.0
            for c in range(n):
                acc += phi[r, c] * out[i, c]
            out[i + 1, r] = acc
        for c in range(k):
            uc = u[i, c]
            if uc != 0.0:
                for r in range(n):
                    out[i + 1, r] += gamma[r, c] * uc
    return out


# ---- the slow model: an L-stable Rosenbrock method with error control ----------------------------
#
# The slow model is stiff: firing rates relax in ~10 ms while spines change over days (about eight
# orders of magnitude). An explicit method would need millisecond steps for a week. Rodas5P
# (Steinebach 2023, BIT Numer. Math. 63:27, doi:10.1007/s10543-023-00967-x; the same coefficients
# are in Julia's OrdinaryDiffEq) has 8 stages, order 5 with an embedded order-4 estimate, and is
# stiffly accurate and L-stable (tests/test_solver.py checks its stability function): fast
# components settle in one step of any size, and its fifth order keeps steps long where the
# physiology is smooth. Against the fourth-order RODAS4 (Hairer & Wanner 1996) it replaced, a week
# after one infusion takes 270 steps instead of 590 at the same tolerances and lands 3x closer to
# the scipy yardstick; the integration takes 58 % of the time (the whole `simulate`, two thirds).
# Each grid interval has a constant input, so steps land exactly on the output grid and never
# straddle an input change, and the system is autonomous within a step.
#
# Stage form (autonomous): W = I/(gamma h) - J;  W k_i = f(y + sum_j A_ij k_j) + sum_j C_ij k_j / h;
# y_new = y + sum_i M_i k_i; the error estimate is k_8. Stiffly accurate: the last two rows of A
# continue the sixth with a 1 on the diagonal below, and M is A's last row with M_8 = 1.

_GAMMA = 0.21193756319429014
_A_ROWS = [  # rows 2 to 6 of A (row 1 is zero)
    [3.0],
    [2.849394379747939, 0.45842242204463923],
    [-6.954028509809101, 2.489845061869568, -10.358996098473584],
    [2.8029986275628964, 0.5072464736228206, -0.3988312541770524, -0.04721187230404641],
    [-7.502846399306121, 2.561846144803919, -11.627539656261098, -0.18268767659942256, 0.030198172008377946],
]
_C_ROWS = [  # rows 2 to 8 of C
    [-14.155112264123755],
    [-17.97296035885952, -2.859693295451294],
    [147.12150275711716, -1.41221402718213, 71.68940251302358],
    [165.43517024871676, -0.4592823456491126, 42.90938336958603, -5.961986721573306],
    [24.854864614690072, -3.0009227002832186, 47.4931110020768, 5.5814197821558125, -0.6610691825249471],
    [30.91273214028599, -3.1208243349937974, 77.79954646070892, 34.28646028294783, -19.097331116725623,
     -28.087943162872662],
    [37.80277123390563, -3.2571969029072276, 112.26918849496327, 66.9347231244047, -40.06618937091002,
     -54.66780262877968, -9.48861652309627],
]
#: Dense output (the method's own, order 4): on a step from y to y_new, at fraction x of it,
#: y(x) = (1-x) y + x (y_new + (1-x) (d_1 + x (d_2 + x d_3))),  d_m = sum_i H_mi k_i,
#: evaluated as y + x ((y_new - y) + (1-x) (d_1 + ...)): the same polynomial, but a state that does
#: not move (a steady state: every k_i = 0) reads back exactly, where (1-x) y + x y can be 1 ulp off.
_H = np.array([
    [25.948786856663858, -2.5579724845846235, 10.433815404888879, -2.3679251022685204, 0.524948541321073,
     1.1241088310450404, 0.4272876194431874, -0.17202221070155493],
    [-9.91568850695171, -0.9689944594115154, 3.0438037242978453, -24.495224566215796, 20.176138334709044,
     15.98066361424651, -6.789040303419874, -6.710236069923372],
    [11.419903575922262, 2.8879645146136994, 72.92137995996029, 80.12511834622643, -52.072871366152654,
     -59.78993625266729, -0.15582684282751913, 4.883087185713722],
])
_STAGES = 8
#: The error estimate is of order 4: a step's error scales as h**5.
_ERROR_EXPONENT = 1.0 / 5.0


def _stage_matrices() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A, C (stages x stages-1) and M from the rows above, with the stiffly accurate last rows."""
    a = np.zeros((_STAGES, _STAGES - 1))
    c = np.zeros((_STAGES, _STAGES - 1))
    for i, row in enumerate(_A_ROWS, start=1):
        a[i, : len(row)] = row
    a[6, :5], a[6, 5] = a[5, :5], 1.0
    a[7, :6], a[7, 6] = a[6, :6], 1.0
    for i, row in enumerate(_C_ROWS, start=1):
        c[i, : len(row)] = row
    return a, c, np.append(a[7], 1.0)


_A, _C, _M = _stage_matrices()
#: Let LLVM fuse multiply-adds in the integrator's loops (one rounding instead of two: as accurate or
#: more, and the substitutions' dependency chains get shorter). No other fast-math licence: no
#: reassociation, so results do not depend on how LLVM schedules a sum.
_CONTRACT = {"contract"}
#: Tolerances of the slow model. rtol 5e-8 keeps every channel of the tested protocols within 2e-7
#: of a tight scipy yardstick (tests/test_simulation.py holds them to 1e-6, a hundredth of the 1e-4
#: first asked for), and a corner such as no Mg2+ at all within 2e-6. Looser, the error grows about as fast as the steps
#: shrink (at 2e-7: 210 steps instead of 270 for one infusion, errors up to 3x larger). atol 1e-9
#: (fractions, Hz, mg/kg, relative levels, all of order 1) is far below anything the charts or the
#: float32 wire can show; at 1e-10 a decaying block tail alone cost a fifth more steps for no visible gain.
SLOW_RTOL = 5e-8
SLOW_ATOL = 1e-9


@njit(cache=True, fastmath=_CONTRACT)
def block_lu_factor(a: np.ndarray, piv: np.ndarray, blocks: np.ndarray) -> None:
    """In-place LU of a block lower-triangular matrix, pivoting within each diagonal block.

    ``blocks`` rows are (start, stop) of the diagonal blocks; entries right of a block's columns
    must be zero in its rows (checked in the tests for the slow model). Rows are swapped whole, so
    the blocks to the left stay consistent with the permutation.
    """
    for bi in range(blocks.shape[0]):
        start, stop = blocks[bi, 0], blocks[bi, 1]
        for k in range(start, stop):
            p = k
            big = abs(a[k, k])
            for i in range(k + 1, stop):
                if abs(a[i, k]) > big:
                    big = abs(a[i, k])
                    p = i
            piv[k] = p
            if p != k:
                for j in range(stop):
                    a[k, j], a[p, j] = a[p, j], a[k, j]
            for i in range(k + 1, stop):
                if a[i, k] == 0.0:  # most entries are: the model's matrix is sparse
                    continue
                a[i, k] /= a[k, k]
                f = a[i, k]
                for j in range(k + 1, stop):
                    a[i, j] -= f * a[k, j]


@njit(cache=True, fastmath=_CONTRACT)
def compress_lu(lu: np.ndarray, blocks: np.ndarray, ptr: np.ndarray, idx: np.ndarray, val: np.ndarray,
                inv_diag: np.ndarray) -> None:
    """The nonzero entries of :func:`block_lu_factor`'s factors, row by row, for :func:`compressed_lu_solve`.

    The slow model's matrix has about 60 nonzero entries of 324 and LU fills in few more, so a solve
    over the nonzeros alone is several times faster than a dense one; each Rosenbrock step solves
    eight times with one factorisation, so compressing once pays off. Row ``i``'s entries left of the
    diagonal (its multipliers and its coupling to earlier blocks) are ``ptr[2i]:ptr[2i+1]`` of
    ``idx`` (columns) and ``val``, those right of it ``ptr[2i+1]:ptr[2i+2]``. ``ptr`` has
    ``2n+1`` entries, ``idx`` and ``val`` room for ``n*n``.
    """
    count = 0
    for bi in range(blocks.shape[0]):
        start, stop = blocks[bi, 0], blocks[bi, 1]
        for i in range(start, stop):
            ptr[2 * i] = count
            for j in range(i):
                if lu[i, j] != 0.0:
                    idx[count] = j
                    val[count] = lu[i, j]
                    count += 1
            ptr[2 * i + 1] = count
            for j in range(i + 1, stop):
                if lu[i, j] != 0.0:
                    idx[count] = j
                    val[count] = lu[i, j]
                    count += 1
            inv_diag[i] = 1.0 / lu[i, i]
    ptr[2 * lu.shape[0]] = count


@njit(cache=True, fastmath=_CONTRACT)
def compressed_lu_solve(piv: np.ndarray, blocks: np.ndarray, ptr: np.ndarray, idx: np.ndarray, val: np.ndarray,
                        inv_diag: np.ndarray, b: np.ndarray, x: np.ndarray) -> None:
    """Solve with the factors of :func:`block_lu_factor`, compressed by :func:`compress_lu`, into ``x``.

    Block by block: a block's rows see the earlier blocks' final values through their coupling
    entries (rows were swapped whole, so the coupling follows the permutation).
    """
    for i in range(x.shape[0]):
        x[i] = b[i]
    for bi in range(blocks.shape[0]):
        start, stop = blocks[bi, 0], blocks[bi, 1]
        for k in range(start, stop):
            p = piv[k]
            if p != k:
                x[k], x[p] = x[p], x[k]
        for i in range(start, stop):
            acc = x[i]
            for q in range(ptr[2 * i], ptr[2 * i + 1]):
                acc -= val[q] * x[idx[q]]
            x[i] = acc
        for i in range(stop - 1, start - 1, -1):
            acc = x[i]
            for q in range(ptr[2 * i + 1], ptr[2 * i + 2]):
                acc -= val[q] * x[idx[q]]
            x[i] = acc * inv_diag[i]


@njit(cache=True)
def _same_row(u: np.ndarray, i: int, j: int) -> bool:
    for c in range(u.shape[1]):
        if u[i, c] != u[j, c]:
            return False
    return True


@njit(cache=True, fastmath=_CONTRACT)
def integrate_slow(y0: np.ndarray, t: np.ndarray, u: np.ndarray, pk: np.ndarray, pk_in: np.ndarray,
                   th: np.ndarray, rtol: float, atol: float) -> tuple:
    """Integrate ``slow_rhs`` over the grid ``t`` (min), inputs ``u[i]`` (one per route) on ``[t[i], t[i+1])``.

    ``pk`` and ``pk_in`` are the pharmacokinetic A and B (``pharmacokinetics.pk_system``): on each
    stretch of constant input the pharmacokinetic states are driven by ``pk_in @ u``.

    Steps follow the error estimate, not the output grid: they stop only where the input changes,
    and grid points passed inside a step are filled by the method's own dense output (order 4).

    Returns the states at the grid times, shape (len(t), n), and the numbers of accepted and
    rejected steps.
    """
    n = y0.shape[0]
    m = t.shape[0]
    out = np.empty((m, n))
    out[0] = y0
    y = y0.copy()
    f = np.empty(n)
    f_new = np.empty(n)
    jac = np.empty((n, n))
    w = np.empty((n, n))
    piv = np.zeros(n, dtype=np.int64)
    lu_ptr = np.zeros(2 * n + 1, dtype=np.int64)
    lu_idx = np.zeros(n * n, dtype=np.int64)
    lu_val = np.zeros(n * n)
    inv_diag = np.zeros(n)
    k = np.empty((_STAGES, n))
    y_new = np.empty(n)
    y_stage = np.empty(n)
    dense = np.empty((3, n))
    rhs = np.empty(n)
    n_pk = pk_in.shape[0]
    n_in = pk_in.shape[1]
    drive = np.zeros(n_pk)
    blocks = BLOCKS
    # W is block lower-triangular like the Jacobian: row r has entries only left of its block's end.
    row_stop = np.empty(n, dtype=np.int64)
    for bi in range(blocks.shape[0]):
        for r in range(blocks[bi, 0], blocks[bi, 1]):
            row_stop[r] = blocks[bi, 1]
    h = 1e-3  # min; grows by up to 6x per accepted step
    steps = 0
    rejected = 0
    start = 0
    while start < m - 1:
        # [t[start], t[stop]] is a stretch of constant input.
        stop = start + 1
        while stop < m - 1 and _same_row(u, stop, start):
            stop += 1
        for r in range(n_pk):
            acc = 0.0
            for c in range(n_in):
                acc += pk_in[r, c] * u[start, c]
            drive[r] = acc
        tc = t[start]
        filled = start
        slow_rhs(y, drive, pk, th, f)
        while filled < stop:
            remaining = t[stop] - tc
            h_step = min(h, remaining)
            slow_jacobian(y, pk, th, jac)
            while True:
                inv_h = 1.0 / h_step
                for r in range(n):
                    for c in range(row_stop[r]):
                        w[r, c] = -jac[r, c]
                    w[r, r] += inv_h / _GAMMA
                block_lu_factor(w, piv, blocks)
                compress_lu(w, blocks, lu_ptr, lu_idx, lu_val, inv_diag)
                for s in range(_STAGES):
                    if s == 0:
                        rhs[:] = f
                    else:
                        for r in range(n):
                            acc = y[r]
                            for j in range(s):
                                acc += _A[s, j] * k[j, r]
                            y_stage[r] = acc
                        slow_rhs(y_stage, drive, pk, th, rhs)
                        for r in range(n):
                            acc = 0.0
                            for j in range(s):
                                acc += _C[s, j] * k[j, r]
                            rhs[r] += acc * inv_h
                    compressed_lu_solve(piv, blocks, lu_ptr, lu_idx, lu_val, inv_diag, rhs, k[s])
                err = 0.0
                for r in range(n):
                    acc = y[r]
                    for s in range(_STAGES):
                        acc += _M[s] * k[s, r]
                    y_new[r] = acc
                    scale = atol + rtol * max(abs(y[r]), abs(acc))
                    e = abs(k[_STAGES - 1, r]) / scale
                    if e > err:
                        err = e
                if err <= 1.0:
                    break
                rejected += 1
                h_step *= max(0.2, 0.9 * err ** -_ERROR_EXPONENT)
            t_new = t[stop] if h_step == remaining else tc + h_step
            slow_rhs(y_new, drive, pk, th, f_new)
            dense_ready = False  # the dense output's coefficients, made once a step has a grid point inside
            while filled < stop and t[filled + 1] <= t_new:
                filled += 1
                if t[filled] == t_new:
                    out[filled] = y_new
                    continue
                if not dense_ready:
                    for r in range(n):
                        for d in range(3):
                            acc = 0.0
                            for i in range(_STAGES):
                                acc += _H[d, i] * k[i, r]
                            dense[d, r] = acc
                    dense_ready = True
                x = (t[filled] - tc) / h_step
                x1 = 1.0 - x
                for r in range(n):
                    out[filled, r] = y[r] + x * ((y_new[r] - y[r]) + x1 * (dense[0, r] + x * (dense[1, r] + x * dense[2, r])))
            tc = t_new
            y[:] = y_new
            f[:] = f_new
            steps += 1
            factor = 6.0 if err == 0.0 else min(6.0, 0.9 * err ** -_ERROR_EXPONENT)
            # A step clipped to reach the end of the stretch says nothing against the one planned.
            h = max(h, h_step * factor) if h_step == remaining else h_step * factor
        start = stop
    return out, steps, rejected
