"""Confidence intervals: Wilson for proportions, a seeded percentile bootstrap for means."""

from __future__ import annotations

import numpy as np
import pytest

from tradeoff.stats import bootstrap_mean, wilson


def test_wilson_matches_the_textbook_value() -> None:
    # Newcombe (1998), Table I, example: 81 successes of 263 → 0.2553 to 0.3662
    est = wilson(81, 263)
    assert est.value == pytest.approx(81 / 263)
    assert (est.low, est.high) == pytest.approx((0.2553, 0.3662), abs=5e-4)


def test_wilson_stays_informative_at_zero_and_one() -> None:
    zero, one = wilson(0, 50), wilson(50, 50)
    assert zero.low == 0 and 0.05 < zero.high < 0.08
    assert one.high == 1 and 0.92 < one.low < 0.95


def test_wilson_covers_the_true_rate_about_95_percent_of_the_time(rng: np.random.Generator) -> None:
    p, n, trials = 0.3, 50, 4000
    hits = rng.binomial(n, p, size=trials)
    covered = sum(wilson(int(k), n).low <= p <= wilson(int(k), n).high for k in hits)
    assert 0.93 < covered / trials < 0.97


def test_bootstrap_is_seeded_and_brackets_the_mean(rng: np.random.Generator) -> None:
    values = rng.random(40)
    a = bootstrap_mean(values, rng=np.random.default_rng(1))
    b = bootstrap_mean(values, rng=np.random.default_rng(1))
    assert a == b
    assert a.low < a.value < a.high
    assert a.high - a.low == pytest.approx(2 * 1.96 * values.std(ddof=1) / np.sqrt(40), rel=0.25)


def test_empty_inputs_give_nan_not_an_error(rng: np.random.Generator) -> None:
    assert np.isnan(wilson(0, 0).value)
    assert np.isnan(bootstrap_mean([], rng=rng).value)


def test_mean_interval_never_degenerates_and_agrees_with_wilson_on_binary_data() -> None:
    from tradeoff.stats.intervals import mean_interval

    zeros = np.zeros(5)
    est = mean_interval(zeros, np.zeros(100))  # a percentile bootstrap would say [0, 0]
    assert (est.low, est.method) == (0.0, "wilson") and est.high == pytest.approx(0.434, abs=1e-3)
    assert est == wilson(0, 5)  # what `show` prints for pass@N on the same data
    flat = mean_interval(np.full(8, 0.25), np.full(100, 0.25))
    assert flat.low < 0.25 < flat.high and flat.method == "wilson"
    spread = np.array([0.1, 0.2, 0.3, 0.4])
    assert mean_interval(spread, np.array([0.15, 0.2, 0.3, 0.35])).method == "bootstrap"
