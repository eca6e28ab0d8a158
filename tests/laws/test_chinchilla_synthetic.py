"""Chinchilla approach 3 on synthetic data: known parameters come back; the planner's closed form is right."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from tradeoff.errors import ConfigError, DataError
from tradeoff.laws import BESIROGLU_2024, ChinchillaLaw, LossPoints, StartGrid, fit_chinchilla

TRUE = ChinchillaLaw(E=1.8, A=400.0, B=1500.0, alpha=0.34, beta=0.36)
COARSE = StartGrid(coefficients=(0.0, 5.0, 10.0), constants=(-0.5, 0.0, 0.5), exponents=(0.5, 1.0))


def synthetic(rng: np.random.Generator, *, noise: float = 0.01, count: int = 150) -> LossPoints:
    n = np.exp(rng.uniform(np.log(5e7), np.log(2e10), size=count))
    d = np.exp(rng.uniform(np.log(1e9), np.log(5e11), size=count))
    return LossPoints(n, d, TRUE.loss(n, d) * np.exp(noise * rng.standard_normal(count)))


def test_recovers_known_parameters_with_bootstrap_intervals(rng: np.random.Generator) -> None:
    fit = fit_chinchilla(synthetic(rng), grid=COARSE, bootstrap=60, rng=rng)
    assert fit.converged and fit.n_points == 150 and fit.n_starts == 108
    assert fit.law.alpha == pytest.approx(TRUE.alpha, abs=0.03) and fit.law.beta == pytest.approx(TRUE.beta, abs=0.03)
    assert abs(fit.law.E - TRUE.E) <= 0.03 * TRUE.E
    truth = TRUE.optimum(1e23)
    assert fit.law.optimum(1e23).tokens_per_param == pytest.approx(truth.tokens_per_param, rel=0.25)
    estimates = fit.estimates()
    for name in ("E", "alpha", "beta"):
        assert estimates[name].low <= getattr(TRUE, name) <= estimates[name].high, name
    assert fit.optimum(1e23)["loss"].low <= truth.loss <= fit.optimum(1e23)["loss"].high


def test_noise_free_data_give_the_parameters_back_almost_exactly(rng: np.random.Generator) -> None:
    law = fit_chinchilla(synthetic(rng, noise=0.0, count=60), grid=COARSE).law
    for name in ("E", "A", "B", "alpha", "beta"):
        assert getattr(law, name) == pytest.approx(getattr(TRUE, name), rel=1e-3), name


@pytest.mark.parametrize("compute", [1e18, 5.76e23, 1e26])
def test_the_closed_form_optimum_is_the_minimum_along_the_compute_constraint(compute: float) -> None:
    best = BESIROGLU_2024.optimum(compute)
    assert 6 * best.params * best.tokens == pytest.approx(compute)
    numeric = minimize_scalar(
        lambda u: float(BESIROGLU_2024.loss(np.exp(u), compute / (6 * np.exp(u)))),
        bounds=(np.log(1e3), np.log(compute / 6)),
        method="bounded",
        options={"xatol": 1e-10},
    )
    assert best.params == pytest.approx(np.exp(numeric.x), rel=1e-4)
    assert best.loss == pytest.approx(numeric.fun, rel=1e-9)


def test_tokens_for_loss_inverts_the_law() -> None:
    d = BESIROGLU_2024.tokens_for_loss(7e10, 2.0)
    assert float(BESIROGLU_2024.loss(7e10, d)) == pytest.approx(2.0)
    assert BESIROGLU_2024.tokens_for_loss(1e6, 1.9) == float("inf")  # N alone cannot get there


def test_bad_points_are_data_errors_and_too_few_points_a_config_error() -> None:
    with pytest.raises(DataError, match=r"N must be finite and positive; point 1 has N = -1\.0"):
        LossPoints(np.array([1e9, -1.0]), np.array([1e10, 1e10]), np.array([3.0, 3.0]))
    with pytest.raises(ConfigError, match="5 points cannot fit 5 parameters; give at least 6"):
        fit_chinchilla(LossPoints(np.full(5, 1e9), np.full(5, 1e10), np.full(5, 3.0)))


def test_drop_highest_loss_keeps_the_order_of_the_rest() -> None:
    points = LossPoints(np.arange(1.0, 6.0), np.ones(5), np.array([3.0, 5.0, 2.0, 4.0, 1.0]))
    kept = points.drop_highest_loss(2)
    assert list(kept.loss) == [3.0, 2.0, 1.0] and list(kept.params) == [1.0, 3.0, 5.0]


def test_a_fit_that_did_not_converge_raises_or_refuses_to_be_used(rng: np.random.Generator) -> None:
    never = StartGrid(coefficients=(float("inf"),), constants=(0.0,), exponents=(0.5,))  # every start is not a number
    points = synthetic(rng, count=20)
    with pytest.raises(DataError, match="did not converge"):
        fit_chinchilla(points, grid=never)
    fit = fit_chinchilla(points, grid=never, strict=False)
    assert not fit.converged
    for use in (fit.estimates, lambda: fit.optimum(1e23), fit.require_converged):
        with pytest.raises(DataError, match="did not converge"):
            use()
