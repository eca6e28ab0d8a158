"""The records pool strategies speak: per-problem expectations, and curve points with intervals.

An estimator turns a pool into :class:`PerProblem` — the expected accuracy of one strategy on each
problem at each budget k, computed once. The bootstrap over problems (``bootstrap.py``) then turns those
values into :class:`CurvePoint` records: one figure per strategy and k, with a 95 % interval, the name of
the estimator behind the value and the samples and tokens the strategy spends per problem at that k.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from tradeoff.errors import ConfigError
from tradeoff.stats import Estimate

Strategy = Literal["sampled", "greedy", "majority", "weighted", "best_of", "pass"]
"""``sampled`` (sampled@1), ``greedy``, ``majority`` (majority@k), ``weighted`` (weighted-majority@k),
``best_of`` (best-of-k by a verifier), ``pass`` (pass@k, the oracle ceiling)."""

STRATEGIES: tuple[Strategy, ...] = ("sampled", "greedy", "majority", "weighted", "best_of", "pass")
VERIFIER_STRATEGIES: tuple[Strategy, ...] = ("weighted", "best_of")

Method = Literal["auto", "exact", "monte_carlo"]
"""How a voting estimator computes its expectation: ``exact`` over all C(N, k) subsets, ``monte_carlo``
over seeded random subsets, or ``auto`` (exact where feasible)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class EstimatorOptions:
    """How a pool's curves are estimated: ``resamples`` bootstrap resamples over problems behind every interval,
    and the voting estimators' ``method`` with ``draws`` random subsets per problem and k under Monte Carlo."""

    resamples: int = 1000
    method: Method = "auto"
    draws: int = 64


def label(strategy: Strategy, k: int) -> str:
    """The name a figure is printed under: ``majority@4``, ``best-of-4``, ``sampled@1``, ``greedy``."""
    if strategy == "greedy":
        return "greedy"
    if strategy == "best_of":
        return f"best-of-{k}"
    return f"{strategy}@{k}"


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class PerProblem:
    """One strategy's expected accuracy per problem (rows) at each budget in ``ks`` (columns).

    ``estimators[j]`` names how column j was computed (``exact``, ``unbiased``, ``monte-carlo(128)``);
    ``mc_se[j]`` is the Monte Carlo standard error of the column's mean over problems (0 where exact).
    """

    strategy: Strategy
    ks: tuple[int, ...]
    values: NDArray[np.float64]
    estimators: tuple[str, ...]
    mc_se: NDArray[np.float64]


@dataclass(frozen=True, slots=True, kw_only=True)
class CurvePoint:
    """One figure of an accuracy-vs-budget curve.

    ``samples`` and ``tokens`` are what the strategy spends per problem at this k: k samples and
    k × (mean generated tokens per sample + mean verifier tokens per sample).
    """

    strategy: Strategy
    k: int
    estimate: Estimate
    estimator: str
    samples: float
    tokens: float
    mc_se: float = 0.0

    @property
    def label(self) -> str:
        return label(self.strategy, self.k)


def check_ks(ks: Sequence[int] | None, n: int, *, pool: str = "the pool") -> tuple[int, ...]:
    """Validate budgets against a pool of ``n`` samples per problem; ``None`` means every k = 1..n."""
    if n < 1:
        raise ConfigError(f"{pool} has no samples; sample it first with `tradeoff sample`")
    if ks is None:
        return tuple(range(1, n + 1))
    chosen = tuple(int(k) for k in ks)
    if not chosen:
        raise ConfigError("no budgets given; pass e.g. --k 1,2,4,8")
    for k in chosen:
        if k < 1:
            raise ConfigError(f"k must be at least 1, got {k}")
        if k > n:
            raise ConfigError(
                f"k={k} is larger than {pool} ({n} samples per problem); use k <= {n} or sample more with -n {k}"
            )
    return chosen


def default_ks(n: int) -> tuple[int, ...]:
    """The budgets shown by default: 1, 2, 4, … up to n, and n itself."""
    powers = [2**i for i in range(n.bit_length()) if 2**i <= n]
    return tuple(dict.fromkeys([*powers, n]))


def exact_se(ks: Sequence[int]) -> NDArray[np.float64]:
    """The Monte Carlo standard errors of an exact estimator: zeros."""
    return np.zeros(len(ks))
