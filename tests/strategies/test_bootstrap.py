"""The bootstrap over problems: the same resamples as ``bootstrap_mean``, shared across strategies."""

from __future__ import annotations

import numpy as np
import pytest

from tradeoff.stats import bootstrap_mean
from tradeoff.strategies import bootstrap_counts, intervals


def test_multiplicities_reproduce_bootstrap_mean_for_the_same_seed(rng: np.random.Generator) -> None:
    values = rng.random(57)
    reference = bootstrap_mean(values.tolist(), rng=np.random.default_rng(3), resamples=500)
    counts = bootstrap_counts(57, resamples=500, rng=np.random.default_rng(3))
    (estimate,) = intervals(values[:, None], counts)
    assert counts.sum(axis=1).tolist() == [57.0] * 500
    assert (estimate.value, estimate.method, estimate.n) == (pytest.approx(reference.value), "bootstrap", 57)
    assert estimate.low == pytest.approx(reference.low, abs=1e-12)
    assert estimate.high == pytest.approx(reference.high, abs=1e-12)


def test_every_column_gets_an_interval_around_its_mean(rng: np.random.Generator) -> None:
    values = rng.random((200, 5)) * np.linspace(0.2, 1.0, 5)
    estimates = intervals(values, bootstrap_counts(200, resamples=1000, rng=rng))
    for column, estimate in enumerate(estimates):
        assert estimate.low < estimate.value < estimate.high
        assert estimate.value == pytest.approx(values[:, column].mean())


def test_an_all_zero_column_gets_the_wilson_interval_that_show_prints(rng: np.random.Generator) -> None:
    from tradeoff.stats import wilson

    values = np.zeros((5, 1))  # pass@4 failing on every one of 5 problems
    (estimate,) = intervals(values, bootstrap_counts(5, resamples=200, rng=rng))
    assert estimate == wilson(0, 5) and estimate.high == pytest.approx(0.434, abs=1e-3)
