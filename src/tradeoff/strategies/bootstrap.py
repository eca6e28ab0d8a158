"""95 % intervals for every figure of a curve, by a seeded percentile bootstrap over problems.

The per-problem expectations of each strategy are computed once (they are exact, or Monte Carlo
means); a bootstrap resample draws P problems with replacement and re-averages them (Efron 1979). A
resample is a row of multiplicities, so the B resampled means of every strategy and k are one product
``counts (B, P) @ values (P, K) / P``: 1,000 resamples of 1,319 problems × 64 budgets cost
milliseconds. Every strategy of a pool shares the same resamples (a paired bootstrap), and the
multiplicities are drawn exactly as :func:`tradeoff.stats.bootstrap_mean` draws its indices.

Each column's interval follows :func:`tradeoff.stats.intervals.mean_interval`, the rule ``show`` uses
too: Wilson where every per-problem value is 0 or 1 (greedy, pass@N), the percentile interval otherwise,
never [m, m] (a percentile bootstrap of all-zero values would say [0, 0] and contradict ``show``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from tradeoff.stats import Estimate
from tradeoff.stats.intervals import mean_interval
from tradeoff.strategies.records import CurvePoint, PerProblem


def bootstrap_counts(problems: int, *, resamples: int, rng: np.random.Generator) -> NDArray[np.float64]:
    """(resamples, problems): how often each problem appears in each resample."""
    index = rng.integers(0, problems, size=(resamples, problems))
    flat = (index + np.arange(resamples)[:, None] * problems).ravel()
    return np.bincount(flat, minlength=resamples * problems).reshape(resamples, problems).astype(float)


def intervals(values: NDArray[np.float64], counts: NDArray[np.float64], *, level: float = 0.95) -> list[Estimate]:
    """One :class:`Estimate` per column of ``values`` (P, K): the mean with its percentile interval."""
    problems = values.shape[0]
    means = counts @ values / problems
    return [mean_interval(values[:, j], means[:, j], level=level) for j in range(values.shape[1])]


def curve_points(
    result: PerProblem,
    counts: NDArray[np.float64],
    *,
    tokens_per_sample: float,
    level: float = 0.95,
) -> tuple[CurvePoint, ...]:
    """The figures of one strategy: estimate, estimator, and samples and tokens spent per problem at k."""
    return tuple(
        CurvePoint(
            strategy=result.strategy,
            k=k,
            estimate=estimate,
            estimator=result.estimators[j],
            samples=float(k),
            tokens=k * tokens_per_sample,
            mc_se=float(result.mc_se[j]),
        )
        for j, (k, estimate) in enumerate(zip(result.ks, intervals(result.values, counts, level=level), strict=True))
    )
