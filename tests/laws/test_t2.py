"""Train-to-Test scaling: the Beta pass@k identity, recovery of both forms, and the joint (N, D, k) optimum."""

from __future__ import annotations

import numpy as np
import pytest

from tradeoff.errors import ConfigError, DataError
from tradeoff.laws import (
    BESIROGLU_2024,
    T2LossLaw,
    T2LossPoints,
    T2PassLaw,
    beta_pass_at_k,
    fit_t2_loss,
    fit_t2_pass,
    t2_loss_optimum,
    t2_pass_optimum,
)

TRUE_LOSS = T2LossLaw(E=1.7, A=300.0, B=800.0, G=0.6, alpha=0.35, beta=0.3, gamma=0.5)
TRUE_PASS = T2PassLaw(BESIROGLU_2024, intercept=12.0, slope=-5.5, concentration=1.5)


@pytest.mark.parametrize(("a", "b", "k"), [(0.5, 2.0, 1), (0.5, 2.0, 8), (2.0, 0.3, 4), (0.2, 5.0, 64)])
def test_beta_pass_at_k_matches_monte_carlo(a: float, b: float, k: int, rng: np.random.Generator) -> None:
    items = 200_000
    p = rng.beta(a, b, size=items)
    solved = rng.binomial(k, p) > 0  # at least one of k independent samples is right
    se = np.sqrt(solved.mean() * (1 - solved.mean()) / items)
    assert float(beta_pass_at_k(a, b, k)) == pytest.approx(solved.mean(), abs=4 * se + 1e-9)


def test_beta_pass_at_one_is_the_mean_and_grows_with_k() -> None:
    assert float(beta_pass_at_k(2.0, 6.0, 1)) == pytest.approx(0.25)
    curve = beta_pass_at_k(0.3, 3.0, np.arange(1, 1000))
    assert np.all(np.diff(curve) > 0) and curve[-1] < 1


def test_the_loss_form_recovers_known_parameters(rng: np.random.Generator) -> None:
    count = 120
    n = np.exp(rng.uniform(np.log(5e7), np.log(2e10), size=count))
    d = np.exp(rng.uniform(np.log(1e9), np.log(5e11), size=count))
    k = 2.0 ** rng.integers(0, 8, size=count)
    loss = TRUE_LOSS.loss(n, d, k) * np.exp(0.005 * rng.standard_normal(count))
    fit = fit_t2_loss(T2LossPoints(n, d, k, loss))
    assert fit.converged and fit.n_starts == 648
    for name, tolerance in (("E", 0.02), ("G", 0.1)):
        assert getattr(fit.law, name) == pytest.approx(getattr(TRUE_LOSS, name), rel=tolerance), name
    assert fit.law.gamma == pytest.approx(0.5, abs=0.05)
    assert fit.law.alpha == pytest.approx(0.35, abs=0.05) and fit.law.beta == pytest.approx(0.3, abs=0.05)
    grid = (np.array([1e8, 1e9, 1e10]), np.array([1e10, 1e11, 1e11]), np.array([1.0, 4.0, 64.0]))
    assert fit.law.loss(*grid) == pytest.approx(TRUE_LOSS.loss(*grid), rel=0.01)


def test_the_pass_form_recovers_its_link_from_binomial_pass_rates(rng: np.random.Generator) -> None:
    n = np.repeat([1e8, 4e8, 1.6e9, 6.4e9], 12)
    d = 20 * n * np.tile(np.repeat([0.5, 2.0, 8.0], 4), 4)
    k = np.tile([1.0, 4.0, 16.0, 64.0], 12)
    problems = 2000
    observed = rng.binomial(problems, TRUE_PASS.pass_at_k(n, d, k)) / problems
    fit = fit_t2_pass(n, d, k, observed, law=BESIROGLU_2024)
    assert fit.converged and fit.n_points == 48
    model = fit.model
    assert model.slope == pytest.approx(TRUE_PASS.slope, rel=0.15)
    assert model.concentration == pytest.approx(TRUE_PASS.concentration, rel=0.25)
    assert model.pass_at_k(n, d, k) == pytest.approx(TRUE_PASS.pass_at_k(n, d, k), abs=0.02)


def brute_force(score, *, train: float, inference: float, queries: float, tokens: float, maximise: bool):  # type: ignore[no-untyped-def]
    best = None
    for k in range(1, 400):
        for n in np.exp(np.linspace(np.log(1e6), np.log(inference / (2 * tokens * k * queries)), 400)):
            value = float(score(n, train / (6 * n), k))
            if best is None or (value > best[0] if maximise else value < best[0]):
                best = (value, n, k)
    return best


def test_the_loss_optimum_beats_a_brute_force_search() -> None:
    budgets = {"train_flops": 1e21, "inference_flops": 1e20, "queries": 1e6, "tokens_per_answer": 500.0}
    plan = t2_loss_optimum(TRUE_LOSS, **budgets, max_samples=400)
    assert plan.train_flops == pytest.approx(6 * plan.params * plan.tokens)
    assert plan.inference_flops <= budgets["inference_flops"] * (1 + 1e-12)
    value, _, _ = brute_force(TRUE_LOSS.loss, train=1e21, inference=1e20, queries=1e6, tokens=500.0, maximise=False)
    assert plan.value <= value + 1e-12
    assert plan.samples > 1 and plan.params < plan.chinchilla_params  # sampling pays: smaller, over-trained
    assert plan.tokens_per_param > 20


def test_the_pass_optimum_beats_a_brute_force_search_and_k_shrinks_with_volume() -> None:
    budgets = {"train_flops": 1e21, "inference_flops": 1e20, "tokens_per_answer": 500.0}
    plan = t2_pass_optimum(TRUE_PASS, queries=1e6, **budgets, max_samples=400)
    value, _, _ = brute_force(TRUE_PASS.pass_at_k, train=1e21, inference=1e20, queries=1e6, tokens=500.0, maximise=True)
    assert plan.value >= value - 1e-12
    busier = t2_pass_optimum(TRUE_PASS, queries=1e8, **budgets, max_samples=400)
    assert busier.samples <= plan.samples and busier.value <= plan.value


def test_bad_inputs_are_said_plainly() -> None:
    with pytest.raises(DataError, match=r"k must be finite and >= 1; point 3 has k = 0\.0"):
        fit_t2_loss(T2LossPoints([1e9] * 10, [1e10] * 10, [1.0] * 3 + [0.0] * 7, [3.0] * 10))
    with pytest.raises(DataError, match=r"D must be finite and positive; point 1 has D = -1\.0"):
        fit_t2_pass([1e9] * 5, [1e10, -1.0, 1e10, 1e10, 1e10], [1] * 5, [0.5] * 5, law=BESIROGLU_2024)
    with pytest.raises(ConfigError, match="7 points cannot fit 7 parameters; give at least 8 points"):
        fit_t2_loss(T2LossPoints([1e9] * 7, [1e10] * 7, [1.0] * 7, [3.0] * 7))
    with pytest.raises(ConfigError, match="3 points cannot fit 3 parameters; give at least 4"):
        fit_t2_pass([1e9] * 3, [1e10] * 3, [1] * 3, [0.5] * 3, law=BESIROGLU_2024)
    with pytest.raises(ConfigError, match="slope c1 < 0"):
        t2_pass_optimum(
            T2PassLaw(BESIROGLU_2024, 0.0, 1.0, 1.0),
            train_flops=1e21,
            inference_flops=1e20,
            queries=1.0,
            tokens_per_answer=1.0,
        )
    with pytest.raises(ConfigError, match="queries must be positive"):
        t2_loss_optimum(TRUE_LOSS, train_flops=1e21, inference_flops=1e20, queries=0, tokens_per_answer=1.0)
