"""The fitting core: the log-sum-exp Huber objective's gradient and the batched L-BFGS against scipy."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize, rosen, rosen_der

from tradeoff.laws._lbfgs import LbfgsOptions, minimize_batch
from tradeoff.laws._lse import StartGrid, lse_huber, predict_log


def test_the_prediction_is_the_log_of_the_sum_of_power_laws(rng: np.random.Generator) -> None:
    logx = rng.uniform(15, 25, size=(30, 2))
    theta = np.array([6.0, 7.5, 0.6, 0.35, 0.37])  # a, b, e, alpha, beta
    expected = np.log(np.exp(0.6) + np.exp(6.0 - 0.35 * logx[:, 0]) + np.exp(7.5 - 0.37 * logx[:, 1]))
    assert predict_log(theta, logx) == pytest.approx(expected, rel=1e-12)


def test_the_analytic_gradient_matches_central_differences(rng: np.random.Generator) -> None:
    logx = rng.uniform(15, 25, size=(40, 3))
    logy = rng.uniform(0.5, 1.5, size=40)
    theta = np.array([[6.0, 7.5, 3.0, 0.6, 0.35, 0.37, 0.5], [1.0, 2.0, 0.5, 0.0, 1.0, 1.0, 0.2]])
    weights = rng.integers(0, 3, size=(2, 40)).astype(float)
    for delta in (1e-3, 1.0):  # mostly linear, mostly quadratic
        _, grad = lse_huber(theta, logx, logy, delta=delta, weights=weights)
        for j in range(theta.shape[1]):
            step = np.zeros_like(theta)
            step[:, j] = 1e-6
            up, _ = lse_huber(theta + step, logx, logy, delta=delta, weights=weights)
            down, _ = lse_huber(theta - step, logx, logy, delta=delta, weights=weights)
            assert grad[:, j] == pytest.approx((up - down) / 2e-6, rel=1e-5, abs=1e-8)


def test_the_batched_lbfgs_finds_what_scipy_finds_on_rosenbrock(rng: np.random.Generator) -> None:
    starts = rng.uniform(-2, 2, size=(25, 4))

    def objective(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.array([rosen(v) for v in x]), np.array([rosen_der(v) for v in x])

    result = minimize_batch(objective, starts, LbfgsOptions(gtol=1e-8, fscale=1e-300))
    for i, start in enumerate(starts):
        reference = minimize(rosen, start, jac=rosen_der, method="L-BFGS-B")
        if result.converged[i] and reference.success:
            assert result.f[i] == pytest.approx(reference.fun, abs=1e-8)
    assert result.converged.mean() > 0.9
    assert result.f[result.converged].min() < 1e-12


def test_rows_stop_independently_and_a_non_number_start_does_not_converge() -> None:
    starts = np.array([[3.0, -1.0], [np.inf, 0.0], [1e-3, 0.0]])

    def objective(x: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (x**2).sum(axis=1), 2 * x

    result = minimize_batch(objective, starts)
    assert list(result.converged) == [True, False, True]
    assert result.x[0] == pytest.approx([0.0, 0.0], abs=1e-6)


def test_besiroglus_grid_has_4500_starts() -> None:
    starts = StartGrid().starts(2)
    assert starts.shape == (4500, 5)
    assert set(starts[:, 2]) == {-1.0, -0.5, 0.0, 0.5, 1.0} and set(starts[:, 0]) == {0, 5, 10, 15, 20, 25}
