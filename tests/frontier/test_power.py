"""How many problems would settle it: the normal-approximation sample size with its assumption."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tradeoff.errors import ConfigError
from tradeoff.frontier.power import problems_to_settle


def test_sample_size_follows_the_normal_formula() -> None:
    diffs = np.array([1.0, 0.0, 0.0, -1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0])  # mean 0.2
    out = problems_to_settle(diffs, confidence=0.95)
    sd = diffs.std(ddof=1)
    assert out.needed == math.ceil((1.6448536269514722 * sd / 0.2) ** 2)
    assert out.more == max(0, out.needed - 10) and out.problems == 10
    assert "normal approximation" in out.assumption and "95 %" in out.assumption


def test_power_and_margin_change_the_answer_as_they_should() -> None:
    rng = np.random.default_rng(1)
    diffs = rng.choice([-1.0, 0.0, 1.0], p=[0.2, 0.5, 0.3], size=200)
    plain = problems_to_settle(diffs).needed
    powered = problems_to_settle(diffs, power=0.8).needed
    helped = problems_to_settle(diffs, margin=0.05).needed
    assert plain is not None and powered is not None and helped is not None
    assert powered > plain > helped
    assert "power 80 %" in problems_to_settle(diffs, power=0.8).assumption


def test_no_number_settles_a_recommendation_that_is_not_ahead() -> None:
    assert problems_to_settle(np.array([0.0, 1.0, -1.0, 0.0])).needed is None
    assert problems_to_settle(np.array([-1.0, 0.0, 0.0])).more is None


def test_zero_spread_is_floored_so_the_figure_stays_finite() -> None:
    out = problems_to_settle(np.ones(4) * 0.5)
    assert out.sd == pytest.approx(1 / math.sqrt(5)) and out.needed is not None and out.needed >= 1


def test_bad_settings_are_user_errors() -> None:
    with pytest.raises(ConfigError):
        problems_to_settle(np.ones(3), confidence=0.4)
    with pytest.raises(ConfigError):
        problems_to_settle(np.zeros(0))


def test_at_the_computed_size_the_stated_share_of_fresh_experiments_settles_it() -> None:
    """Without a power requirement about half of fresh experiments of size n settle it; with power 0.8, 80 %."""
    rng = np.random.default_rng(4)
    p = np.array([0.15, 0.6, 0.25])  # per-problem difference −1, 0, +1: mean 0.10
    pilot = rng.choice([-1.0, 0.0, 1.0], p=p, size=100_000)  # the "true" mean and sd, from a huge pilot
    for power, expected in ((None, 0.5), (0.8, 0.8)):
        n = problems_to_settle(pilot, confidence=0.95, power=power).needed
        assert n is not None
        fresh = rng.choice([-1.0, 0.0, 1.0], p=p, size=(4000, n))
        z = fresh.mean(axis=1) / (fresh.std(axis=1, ddof=1) / np.sqrt(n))
        assert np.mean(z > 1.6448536269514722) == pytest.approx(expected, abs=0.04)
