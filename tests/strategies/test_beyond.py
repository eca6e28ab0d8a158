"""Budgets beyond the pool: pass@k from a Beta fit and majority@k from answer frequencies, validated on
synthetic pools from a known truth (sample N = 8, predict k = 16 and 32, compare with the truth)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.strategies.synthetic_pools import answer_pool, true_majority
from tradeoff.errors import ConfigError
from tradeoff.strategies.beyond import fit_beta, predict_pass_at_k
from tradeoff.strategies.beyond_majority import predict_majority_at_k
from tradeoff.strategies.pass_at_k import unbiased_pass_at_k


def test_the_beta_fit_recovers_known_parameters() -> None:
    rng = np.random.default_rng(0)
    p = rng.beta(0.6, 1.4, 5000)
    fit = fit_beta((rng.random((5000, 8)) < p[:, None]).sum(axis=1), 8)
    assert fit.a == pytest.approx(0.6, rel=0.1) and fit.b == pytest.approx(1.4, rel=0.1)


def test_within_the_pool_the_prediction_agrees_with_the_unbiased_estimator(rng: np.random.Generator) -> None:
    correct = rng.random((300, 16)) < rng.beta(0.5, 1.0, 300)[:, None]
    predicted = predict_pass_at_k(correct, ks=[1, 4, 16], rng=rng, resamples=200)
    measured = unbiased_pass_at_k(correct.sum(axis=1), samples=16, ks=[1, 4, 16]).mean(axis=0)
    for figure, value in zip(predicted, measured, strict=True):
        assert figure.estimate.value == pytest.approx(value, abs=0.02)  # shrinkage moves it a little
        assert figure.basis == "predicted" and figure.label == f"pass@{figure.k}"


def test_pass_at_k_beyond_the_pool_matches_a_known_beta_truth_and_its_intervals_cover() -> None:
    """40 replications of 200 problems, p ~ Beta(0.6, 1.4); N = 8 sampled, k = 16 and 32 predicted.

    Measured: mean error −0.2/−0.3 points, RMSE 1.8 points, coverage of the truth on these problems
    99-100 % (conservative: the bootstrap over problems also carries the spread of a fresh set of problems;
    against the population value 1 − B(a, b + k)/B(a, b) it is 97 %), over 100 replications.
    """
    rng = np.random.default_rng(12)
    errors, covered = {16: [], 32: []}, {16: [], 32: []}
    for _ in range(40):
        p = rng.beta(0.6, 1.4, 200)
        for figure in predict_pass_at_k(rng.random((200, 8)) < p[:, None], ks=[16, 32], rng=rng, resamples=300):
            truth = float(np.mean(1 - (1 - p) ** figure.k))
            errors[figure.k].append(figure.estimate.value - truth)
            covered[figure.k].append(figure.estimate.low <= truth <= figure.estimate.high)
    for k in (16, 32):
        assert abs(np.mean(errors[k])) < 0.01 and np.sqrt(np.mean(np.square(errors[k]))) < 0.03
        assert np.mean(covered[k]) >= 0.9


def test_majority_beyond_the_pool_matches_known_answer_distributions() -> None:
    """12 replications of 150 problems with answer distributions ~ Dirichlet(0.7) over 4 answers + none.

    Measured over 40 replications of 200 problems with the defaults (α fitted, 100 refitted resamples):
    mean error +1.5 points at k = 16 and 32, RMSE 2.1 points, coverage 100 % (mean width 10 points).
    """
    rng = np.random.default_rng(5)
    errors, covered = [], []
    for _ in range(12):
        pi = rng.dirichlet(np.full(5, 0.7), size=150)
        pool = answer_pool(pi, 8, rng)
        predicted = predict_majority_at_k(pool, ks=[16, 32], rng=rng, draws=128, resamples=30, resample_draws=16)
        for figure in predicted:
            truth = true_majority(pi, figure.k, rng, draws=400)
            errors.append(figure.estimate.value - truth)
            covered.append(figure.estimate.low <= truth <= figure.estimate.high)
            assert figure.mc_se < 0.01 and figure.basis == "predicted"
    assert abs(np.mean(errors)) < 0.015 and np.sqrt(np.mean(np.square(errors))) < 0.04
    assert np.mean(covered) >= 0.8


def test_predictions_never_have_zero_width(rng: np.random.Generator) -> None:
    (nothing,) = predict_pass_at_k(np.zeros((20, 8), dtype=bool), ks=[32], rng=rng, resamples=100)
    assert nothing.estimate.low == pytest.approx(0, abs=1e-6) and nothing.estimate.high > 0.05
    pi = np.tile([1.0, 0.0, 0.0], (20, 1))  # every sample right on every problem
    (always,) = predict_majority_at_k(answer_pool(pi, 8, rng), ks=[32], rng=rng, draws=64, resamples=20)
    assert always.estimate.high == pytest.approx(1.0) and always.estimate.low < 0.95


def test_bad_budgets_are_user_errors(rng: np.random.Generator) -> None:
    with pytest.raises(ConfigError):
        predict_pass_at_k(np.zeros((3, 4), dtype=bool), ks=[0], rng=rng)
    with pytest.raises(ConfigError):
        fit_beta(np.array([5]), 4)
