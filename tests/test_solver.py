"""Numerics of the slow model: the analytic Jacobian, the matrix exponential, the LU helpers."""

import numpy as np
import pytest

import ketawidget as kw
from ketawidget.model import dynamics as dyn
from ketawidget.model.pharmacokinetics import pk_system
from ketawidget.model.solver import block_lu_factor, compress_lu, compressed_lu_solve, expm


def finite_difference_jacobian(y, drive, pk, th):
    n = y.size
    f0 = np.empty(n)
    dyn.slow_rhs(y, drive, pk, th, f0)
    jac = np.empty((n, n))
    for j in range(n):
        delta = 1e-7 * max(abs(y[j]), 1e-2)
        yp = y.copy()
        yp[j] += delta
        fp = np.empty(n)
        dyn.slow_rhs(yp, drive, pk, th, fp)
        ym = y.copy()
        ym[j] -= delta
        fm = np.empty(n)
        dyn.slow_rhs(ym, drive, pk, th, fm)
        jac[:, j] = (fp - fm) / (2 * delta)  # central differences: O(delta^2)
    return jac


@pytest.mark.parametrize(
    ("condition", "dose"),
    [
        ({}, kw.Bolus(2.0)),
        ({"nbqx": True}, kw.Bolus(2.0)),
        ({"bdnf_knockout": True}, kw.Bolus(2.0)),
        ({"chronic_stress": True, "rapamycin": True}, kw.Bolus(2.0)),
        # TrkB binding rises ahead of its desensitisation, then falls below it (the mTORC1 burst)
        ({}, kw.Infusion(0.5, 40)),
        # binding first falls below baseline (glutamate suppressed), then overshoots: every corner of
        # the TrkB signal and of synthesis is visited, with desensitisation below baseline too
        ({"species": "rat"}, kw.Bolus(10.0, "ip")),
    ],
)
def test_analytic_jacobian_matches_finite_differences_along_a_run(condition, dose):
    params = kw.Params(**condition)
    pk, _ = pk_system(params)
    th = dyn.pack(params)
    rng = np.random.default_rng(0)
    traj_states = _states_along(dose, params)
    for y in traj_states[:: max(1, len(traj_states) // 12)]:
        y = y * (1.0 + 0.01 * rng.standard_normal(y.size))  # off the trajectory too
        jac = np.empty((y.size, y.size))
        dyn.slow_jacobian(y, pk, th, jac)
        reference = finite_difference_jacobian(y, np.zeros(dyn.N_PK), pk, th)
        scale = np.maximum(np.abs(reference), 1e-6 * np.abs(reference).max())
        smooth = y != 0.0  # states pinned at exactly 0 (no drug yet, no BDNF in the knockout) sit
        # on a clip at 0, where the analytic slope is one-sided and central differences average
        assert np.max((np.abs(jac - reference) / scale)[:, smooth]) < 1e-4


def _states_along(dose, params):
    from ketawidget.model.simulation import input_rates, time_grid
    from ketawidget.model.solver import SLOW_ATOL, SLOW_RTOL, integrate_slow

    segments = dose.segments()
    t = time_grid(segments, 24)
    pk, pk_in = pk_system(params)
    th = dyn.pack(params)
    states, _, _ = integrate_slow(dyn.initial_state(th), t, input_rates(segments, t), pk, pk_in, th, SLOW_RTOL, SLOW_ATOL)
    return states


# ---- the rounded corners of the TrkB signal and of synthesis ----------------------------------------


def _piecewise_signal(bound, desensitised):
    """K as the model states it (docs/model.md), with sharp corners."""
    x, d = bound - 1.0, desensitised - 1.0
    return 1.0 + min(x, 0.0) + max(0.0, x - max(d, 0.0))


_SIGNAL_POINTS = [  # (B, D): ahead of desensitisation, behind it, below baseline, D below baseline
    (2.0, 1.2), (1.5, 1.5), (1.3, 1.8), (1.05, 1.04), (0.7, 1.1), (0.7, 0.5), (1.4, 0.8), (0.01, 0.3), (3.5, 2.0),
    (1.0 + 1e-6, 1.0 + 2e-6),
]


@pytest.mark.parametrize(("bound", "desensitised"), _SIGNAL_POINTS)
def test_trkb_signal_is_the_piecewise_rule_with_corners_rounded_in_proportion(bound, desensitised):
    from ketawidget.model.plasticity import SIGNAL_ROUNDING

    size = np.hypot(bound - 1.0, desensitised - 1.0)
    rounded = dyn.trkb_signal(bound, desensitised, SIGNAL_ROUNDING**2)
    # each of the three hyperbolas is off by at most half its width (w = rounding x size x sqrt(B))
    width = SIGNAL_ROUNDING * size * np.sqrt(bound)
    assert abs(rounded - _piecewise_signal(bound, desensitised)) <= 1.5 * width + 1e-15
    assert rounded >= 0.0
    assert dyn.trkb_signal(bound, desensitised, 0.0) == pytest.approx(_piecewise_signal(bound, desensitised), abs=1e-15)


def test_trkb_signal_is_exact_at_baseline_and_scales_with_the_signal_near_it():
    from ketawidget.model.plasticity import SIGNAL_ROUNDING

    assert dyn.trkb_signal(1.0, 1.0, SIGNAL_ROUNDING**2) == 1.0  # the drug-free steady state stays exact
    # homogeneous near baseline: the same shape at every small size, so a signal decaying to baseline
    # meets no new corner (the width's factor B adds a correction of relative size B - 1)
    for x, d in [(0.3, 0.5), (-0.2, 0.1), (0.5, 0.45)]:
        small = dyn.trkb_signal(1.0 + 1e-4 * x, 1.0 + 1e-4 * d, SIGNAL_ROUNDING**2) - 1.0
        smaller = dyn.trkb_signal(1.0 + 1e-6 * x, 1.0 + 1e-6 * d, SIGNAL_ROUNDING**2) - 1.0
        assert smaller == pytest.approx(1e-2 * small, rel=1e-3)
        np.testing.assert_allclose(
            dyn.trkb_signal_slopes(1.0 + 1e-6 * x, 1.0 + 1e-6 * d, SIGNAL_ROUNDING**2),
            dyn.trkb_signal_slopes(1.0 + 1e-4 * x, 1.0 + 1e-4 * d, SIGNAL_ROUNDING**2), rtol=1e-3,
        )
    # and never below zero, even as binding vanishes
    for d in (-0.9, 0.0, 3.0):
        assert dyn.trkb_signal(1e-9, 1.0 + d, SIGNAL_ROUNDING**2) >= 0.0


@pytest.mark.parametrize(("bound", "desensitised"), _SIGNAL_POINTS[:-1])  # the last: B - 1 keeps too few digits
def test_trkb_signal_slopes_match_finite_differences(bound, desensitised):
    from ketawidget.model.plasticity import SIGNAL_ROUNDING

    step = 1e-5 * max(np.hypot(bound - 1.0, desensitised - 1.0), 1e-300)
    f = lambda b, d: dyn.trkb_signal(b, d, SIGNAL_ROUNDING**2)  # noqa: E731
    d_bound = (f(bound + step, desensitised) - f(bound - step, desensitised)) / (2 * step)
    d_des = (f(bound, desensitised + step) - f(bound, desensitised - step)) / (2 * step)
    slopes = dyn.trkb_signal_slopes(bound, desensitised, SIGNAL_ROUNDING**2)
    np.testing.assert_allclose(slopes, (d_bound, d_des), rtol=1e-6, atol=1e-8)


def test_synthesis_is_steep_above_baseline_one_to_one_below_and_exact_at_baseline():
    from ketawidget.model.plasticity import SYNTHESIS_GAIN, SYNTHESIS_ROUNDING

    w2 = SYNTHESIS_ROUNDING**2
    assert dyn.synthesis(1.0, SYNTHESIS_GAIN, w2) == 1.0
    assert dyn.synthesis(1.5, SYNTHESIS_GAIN, w2) == pytest.approx(1.0 + SYNTHESIS_GAIN * 0.5, abs=SYNTHESIS_ROUNDING)
    assert dyn.synthesis(0.7, SYNTHESIS_GAIN, w2) == pytest.approx(0.7, abs=SYNTHESIS_ROUNDING)
    for m in (0.7, 0.999, 1.0, 1.004, 1.5):
        step = 1e-6
        fd = (dyn.synthesis(m + step, SYNTHESIS_GAIN, w2) - dyn.synthesis(m - step, SYNTHESIS_GAIN, w2)) / (2 * step)
        assert dyn.synthesis_slope(m, SYNTHESIS_GAIN, w2) == pytest.approx(fd, rel=1e-6)


def test_room_keeps_the_density_below_its_limit():
    from ketawidget.model.plasticity import SPINE_ROOM

    course = kw.Schedule([(24 * day, kw.Infusion(2.0, 40)) for day in range(10)])
    traj = kw.simulate(course, hours=24 * 14)
    assert traj["spine_density_rel"].max() < 1.0 + SPINE_ROOM


@pytest.mark.parametrize("stressed", [False, True])
def test_room_ends_at_one_density_for_healthy_and_stressed_dendrites(stressed):
    # Nascent spines mature in proportion to the room left, which runs out at 1 + SPINE_ROOM of the
    # healthy density whatever the drug-free level: a dendrite thinned by stress has more room.
    from ketawidget.model import dynamics as dyn
    from ketawidget.model.plasticity import SPINE_ROOM

    th = dyn.pack(kw.Params(chronic_stress=stressed))
    base = th[dyn.D_BASE]
    n_pk = dyn.N_PK
    pk = np.zeros((n_pk, n_pk))
    matured = {}
    for density in (base, 0.5 * (base + 1.0 + SPINE_ROOM), 1.0 + SPINE_ROOM):
        y = dyn.initial_state(th)
        y[dyn.NASC], y[dyn.DENS] = 0.1, density
        dy = np.empty_like(y)
        dyn.slow_rhs(y, np.zeros(n_pk), pk, th, dy)
        turnover = (base - density) * th[dyn.K_LIFE]
        matured[density] = dy[dyn.DENS] - turnover
    rates = list(matured.values())
    assert rates[0] == pytest.approx(0.1 * th[dyn.K_MAT])  # all room at the drug-free level
    assert rates[1] == pytest.approx(0.5 * rates[0])  # half way, half the room
    assert rates[2] == pytest.approx(0.0, abs=1e-15)  # none at 1.8x healthy


def test_expm_matches_eigendecomposition():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((4, 4))
    a = a @ a.T  # symmetric: exact exponential from its eigendecomposition
    w, v = np.linalg.eigh(a)
    for scale in (1e-3, 1.0, 30.0):
        exact = v @ np.diag(np.exp(w * scale)) @ v.T
        np.testing.assert_allclose(expm(a * scale), exact, rtol=1e-11, atol=1e-11 * np.abs(exact).max())


def _factor_and_solve(lu, piv, blocks, b, x):
    n = lu.shape[0]
    ptr, idx, val, inv_diag = np.zeros(2 * n + 1, np.int64), np.zeros(n * n, np.int64), np.zeros(n * n), np.zeros(n)
    block_lu_factor(lu, piv, blocks)
    compress_lu(lu, blocks, ptr, idx, val, inv_diag)
    compressed_lu_solve(piv, blocks, ptr, idx, val, inv_diag, b, x)
    return ptr[2 * n]


def test_lu_solves_a_dense_system_that_needs_pivoting():
    a = np.array([[0.0, 2.0, 1.0], [1.0, 1.0, 0.0], [3.0, 0.0, 1.0]])
    b = np.array([1.0, 2.0, 3.0])
    one_block = np.array([[0, 3]], dtype=np.int64)
    lu, piv, x = a.copy(), np.zeros(3, dtype=np.int64), np.empty(3)
    _factor_and_solve(lu, piv, one_block, b, x)
    np.testing.assert_allclose(x, np.linalg.solve(a, b), rtol=1e-13)


def test_jacobian_is_block_lower_triangular_as_the_solver_assumes():
    params = kw.Params()
    pk, _ = pk_system(params)
    th = dyn.pack(params)
    for y in _states_along(kw.Bolus(2.0), params)[1::20]:
        reference = finite_difference_jacobian(y, np.zeros(dyn.N_PK), pk, th)
        for start, stop in dyn.BLOCKS:
            assert np.all(reference[start:stop, stop:] == 0.0), f"feedback into states {start}..{stop - 1}"


def test_block_lu_solves_a_block_triangular_system():
    rng = np.random.default_rng(2)
    blocks = np.array([[0, 2], [2, 5], [5, 6]], dtype=np.int64)
    a = rng.standard_normal((6, 6)) + 3 * np.eye(6)
    for start, stop in blocks:
        a[start:stop, stop:] = 0.0
    a[[2, 3]] = a[[3, 2]]  # force a pivot inside the middle block
    for start, stop in blocks:
        a[start:stop, stop:] = 0.0
    b = rng.standard_normal(6)
    lu, piv, x = a.copy(), np.zeros(6, dtype=np.int64), np.empty(6)
    _factor_and_solve(lu, piv, blocks, b, x)
    np.testing.assert_allclose(x, np.linalg.solve(a, b), rtol=1e-12)


def test_compressed_lu_keeps_only_nonzeros_and_solves_a_sparse_system():
    # A sparse block lower-triangular matrix like the slow model's (arrow-shaped coupling): the
    # compressed factors hold its few nonzeros and still give the dense solve's answer.
    n = 8
    blocks = np.array([[0, 3], [3, 8]], dtype=np.int64)
    a = 4 * np.eye(n)
    a[1, 0], a[2, 1], a[0, 2] = 1.0, -2.0, 0.5
    a[3, 2], a[5, 4], a[6, 5], a[7, 6], a[7, 0] = 1.0, -1.0, 2.0, 0.5, 3.0
    b = np.arange(1.0, n + 1)
    lu, piv, x = a.copy(), np.zeros(n, dtype=np.int64), np.empty(n)
    stored = _factor_and_solve(lu, piv, blocks, b, x)
    np.testing.assert_allclose(x, np.linalg.solve(a, b), rtol=1e-13)
    assert stored < np.count_nonzero(a) + 3  # off-diagonal nonzeros plus a little fill-in, not n*n


# ---- the Rosenbrock method's coefficients (Rodas5P) ---------------------------------------------
# On the test equation y' = lambda y, one step of size h from y = 1 with z = h lambda: each stage
# solves (1/gamma - z) k_i = z (1 + sum_j A_ij k_j) + sum_j C_ij k_j, the step gives
# R(z) = 1 + sum_i M_i k_i, and the dense output at fraction x of the step follows from H. A 1e-4
# error in most coefficients of A, C or M breaks the order or the stability these tests hold the
# tableau to; the last stages (k_7, k_8, and H's last two columns that weigh them) are tiny on a
# smooth solution, so small errors there go unseen here and show only in the comparison with the
# scipy reference (tests/test_simulation.py), which also covers the numba loop itself.

def _stages(z: complex) -> np.ndarray:
    from ketawidget.model.solver import _A, _C, _GAMMA, _STAGES

    k = np.zeros(_STAGES, complex)
    for i in range(_STAGES):
        k[i] = (z * (1.0 + _A[i, :i] @ k[:i]) + _C[i, :i] @ k[:i]) / (1.0 / _GAMMA - z)
    return k


def _stability(z: complex) -> complex:
    from ketawidget.model.solver import _M

    return 1.0 + _M @ _stages(z)


def _dense(z: complex, x: float) -> complex:
    from ketawidget.model.solver import _H

    k = _stages(z)
    d = _H @ k
    return (1.0 - x) + x * (_stability(z) + (1.0 - x) * (d[0] + x * (d[1] + x * d[2])))


def test_rosenbrock_step_is_fifth_order_and_its_dense_output_fourth_order():
    # A local error of order p + 1 falls by 2**(p + 1) when the step halves.
    step = [abs(_stability(-z) - np.exp(-z)) for z in (0.2, 0.1)]
    assert np.log2(step[0] / step[1]) > 5.5  # order 5: 2**6
    for x in (0.3, 0.5, 0.8):
        dense = [abs(_dense(-z, x) - np.exp(-x * z)) for z in (0.2, 0.1)]
        assert np.log2(dense[0] / dense[1]) > 4.5, x  # order 4: 2**5
        assert dense[1] < 1e-9, x


def test_rosenbrock_step_is_l_stable():
    # A-stable: |R(z)| <= 1 on the whole left half-plane (sampled out to |z| = 1e4, and along the
    # imaginary axis, where the bound is tightest); L-stable: R(z) -> 0 as z -> -infinity, so a fast
    # component (a 10 ms firing rate under an hour-long step) is damped in one step.
    imaginary = 1j * np.concatenate([[0.0], np.logspace(-3, 4, 300)])
    for re in np.concatenate([[0.0], -np.logspace(-3, 4, 50)]):
        assert max(abs(_stability(re + im)) for im in imaginary) <= 1.0 + 1e-12, re
    assert abs(_stability(-1e8)) < 1e-6
