"""T² intervals: bootstrap refits of both forms bracket the truth, are seeded, and convergence is reported."""

from __future__ import annotations

import numpy as np
import pytest

from tradeoff.errors import DataError
from tradeoff.laws import BESIROGLU_2024, StartGrid, T2LossLaw, T2LossPoints, T2PassLaw, fit_t2_loss, fit_t2_pass

TRUE_LOSS = T2LossLaw(E=1.7, A=300.0, B=800.0, G=0.6, alpha=0.35, beta=0.3, gamma=0.5)
TRUE_PASS = T2PassLaw(BESIROGLU_2024, intercept=12.0, slope=-5.5, concentration=1.5)


def loss_points(rng: np.random.Generator, count: int = 120) -> tuple[np.ndarray, ...]:
    n = np.exp(rng.uniform(np.log(5e7), np.log(2e10), size=count))
    d = np.exp(rng.uniform(np.log(1e9), np.log(5e11), size=count))
    k = 2.0 ** rng.integers(0, 8, size=count)
    return n, d, k, TRUE_LOSS.loss(n, d, k) * np.exp(0.005 * rng.standard_normal(count))


def test_loss_form_intervals_bracket_the_truth_and_repeat_with_the_seed(rng: np.random.Generator) -> None:
    data = loss_points(rng)
    fit = fit_t2_loss(T2LossPoints(*data), bootstrap=60, rng=np.random.default_rng(1))
    assert fit.converged and "starts met the stopping tests" in fit.reason
    assert len(fit.bootstrap_laws) + fit.bootstrap_failures == 60 and len(fit.bootstrap_laws) >= 50
    estimates = fit.estimates()
    for name in ("E", "G", "alpha", "beta", "gamma"):
        e = estimates[name]
        assert e.low <= e.value <= e.high and e.method == f"bootstrap x{len(fit.bootstrap_laws)}", name
        assert e.low <= getattr(TRUE_LOSS, name) <= e.high, name
    again = fit_t2_loss(T2LossPoints(*data), bootstrap=60, rng=np.random.default_rng(1))
    assert again.estimates()["gamma"] == estimates["gamma"]


def test_pass_form_intervals_bracket_the_truth(rng: np.random.Generator) -> None:
    n = np.repeat([1e8, 4e8, 1.6e9, 6.4e9], 12)
    d = 20 * n * np.tile(np.repeat([0.5, 2.0, 8.0], 4), 4)
    k = np.tile([1.0, 4.0, 16.0, 64.0], 12)
    observed = rng.binomial(2000, TRUE_PASS.pass_at_k(n, d, k)) / 2000
    fit = fit_t2_pass(n, d, k, observed, law=BESIROGLU_2024, bootstrap=80, rng=np.random.default_rng(2))
    assert fit.converged and "starts met a least-squares tolerance" in fit.reason
    estimates = fit.estimates()
    for name in ("slope", "concentration"):
        e = estimates[name]
        assert e.low < e.value < e.high and e.low <= getattr(TRUE_PASS, name) <= e.high, name
    assert estimates["slope"].high - estimates["slope"].low < 2.0


def test_a_loss_fit_that_did_not_converge_says_why_and_gives_no_numbers(rng: np.random.Generator) -> None:
    never = StartGrid(coefficients=(float("inf"),), constants=(0.0,), exponents=(0.5,))
    fit = fit_t2_loss(T2LossPoints(*loss_points(rng, 20)), grid=never, strict=False)
    assert not fit.converged and "none of the 1 starts met the stopping tests" in fit.reason
    for use in (fit.estimates, fit.require_converged):
        with pytest.raises(DataError, match="did not converge: none of the 1 starts"):
            use()
    with pytest.raises(DataError, match="the T² loss fit did not converge"):
        fit_t2_loss(T2LossPoints(*loss_points(rng, 20)), grid=never)
