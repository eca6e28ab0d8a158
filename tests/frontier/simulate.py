"""Mock pools with a known truth: per-problem correctness and cost drawn from known rates, correlated."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.stats import norm

from tradeoff.frontier.measured import Measured

COST_SIGMA = 0.5  # log-sd of the per-problem length factor every configuration shares


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Truth:
    """The population values a decision should recover: accuracy, mean per-query cost, fixed cost."""

    rates: NDArray[np.float64]
    costs: NDArray[np.float64]
    fixed: NDArray[np.float64]


def pool(truth: Truth, *, problems: int, rho: float, rng: np.random.Generator) -> list[Measured]:
    """Correct on problem i iff Φ(√ρ·g_i + √(1−ρ)·e_ic) < rate_c; cost = mean × shared log-normal length."""
    c = truth.rates.size
    shared = rng.standard_normal((problems, 1))
    latent = np.sqrt(rho) * shared + np.sqrt(1 - rho) * rng.standard_normal((problems, c))
    correct = (norm.cdf(latent) < truth.rates).astype(float)
    length = np.exp(COST_SIGMA * rng.standard_normal((problems, 1)) - COST_SIGMA**2 / 2)  # mean 1
    cost = truth.costs * length * np.exp(0.1 * rng.standard_normal((problems, c)) - 0.005)
    ids = tuple(f"p{i}" for i in range(problems))
    return [
        Measured(
            name=f"c{j}",
            fixed_cost=float(truth.fixed[j]),
            problem_ids=ids,
            accuracy=correct[:, j],
            per_query_cost=cost[:, j],
        )
        for j in range(c)
    ]
