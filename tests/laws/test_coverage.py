"""Brown et al.'s coverage law exp(a·k^b): the pass@k estimator, recovery, and extrapolation with intervals."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import comb

from tradeoff.errors import DataError
from tradeoff.laws import CoverageLaw, fit_coverage, fit_coverage_from_counts, pass_at_k


def test_pass_at_k_is_the_unbiased_estimator() -> None:
    counts = np.array([0, 3, 10])
    values = pass_at_k(counts, samples=10, ks=[1, 2, 8, 10])
    expected = [[1 - comb(10 - c, k) / comb(10, k) for k in (1, 2, 8, 10)] for c in counts]
    assert values == pytest.approx(np.array(expected))
    assert values[1, 0] == pytest.approx(0.3)
    with pytest.raises(DataError, match=r"k must lie in 1\.\.10"):
        pass_at_k(counts, samples=10, ks=[11])


def test_recovers_a_and_b_from_a_noisy_curve(rng: np.random.Generator) -> None:
    truth = CoverageLaw(a=-1.6, b=-0.35)
    k = 2.0 ** np.arange(11)
    noisy = np.clip(truth.coverage(k) * np.exp(0.003 * rng.standard_normal(k.size)), 0, 0.9999)
    law = fit_coverage(k, noisy)
    assert law.a == pytest.approx(truth.a, rel=0.05) and law.b == pytest.approx(truth.b, abs=0.02)
    assert float(law.coverage(10_000)) == pytest.approx(float(truth.coverage(10_000)), abs=0.01)


def test_extrapolation_from_a_pool_has_an_interval_that_narrows_with_more_problems(rng: np.random.Generator) -> None:
    def pool(problems: int) -> np.ndarray:
        p = rng.beta(0.15, 1.2, size=problems)  # many hard problems: coverage keeps rising with k
        return rng.binomial(64, p)

    small = fit_coverage_from_counts(pool(100), samples=64, bootstrap=200, rng=rng)
    large = fit_coverage_from_counts(pool(1600), samples=64, bootstrap=200, rng=rng)
    for fit in (small, large):
        assert fit.law.a < 0 and fit.law.b < 0
        at_pool = fit.extrapolate(64)
        assert at_pool.low <= at_pool.value <= at_pool.high
        beyond = fit.extrapolate(1024)
        assert at_pool.value < beyond.value <= 1 and beyond.low < beyond.high
    width = [f.extrapolate(1024).high - f.extrapolate(1024).low for f in (small, large)]
    assert width[1] < width[0] / 2  # 16x the problems: about a quarter of the width


def test_a_flat_curve_cannot_be_fitted() -> None:
    with pytest.raises(DataError, match="two or more values of k"):
        fit_coverage([1, 2, 4], [1.0, 1.0, 1.0])
    with pytest.raises(DataError, match=r"values in 0\.\.8"):
        fit_coverage_from_counts([9], samples=8)


def test_a_curve_that_does_not_rise_is_not_this_law_and_gives_no_numbers() -> None:
    from tradeoff.laws import fit_coverage_points

    fit = fit_coverage_points([1, 2, 4, 8], [0.6, 0.5, 0.4, 0.3])
    assert not fit.converged and "does not rise towards 1" in fit.reason
    for use in (fit.estimates, lambda: fit.extrapolate(100), lambda: fit.band([1, 2])):
        with pytest.raises(DataError, match="the coverage fit did not converge: the fitted curve does not rise"):
            use()


def test_points_bootstrap_is_seeded_and_brackets_the_fit(rng: np.random.Generator) -> None:
    from tradeoff.laws import fit_coverage_points

    k = 2.0 ** np.arange(10)
    observed = CoverageLaw(a=-1.2, b=-0.4).coverage(k) * np.exp(0.01 * rng.standard_normal(10))
    one, two = (fit_coverage_points(k, observed, bootstrap=100, rng=np.random.default_rng(3)) for _ in range(2))
    assert one.unit == "points" and one.estimates() == two.estimates()
    b = one.estimates()["b"]
    assert b.low < b.value < b.high and b.low < -0.4 < b.high
