"""Confidence intervals for accuracies.

- ``wilson``: the Wilson score interval for a binomial proportion (Wilson 1927), for one 0/1 outcome per
  problem (greedy accuracy, pass@N, majority@N). It keeps its coverage near the nominal level for small
  n and for proportions near 0 or 1, where the normal ("Wald") interval collapses to zero width.
- ``bootstrap_mean``: the percentile bootstrap over problems (Efron 1979) for a mean of per-problem
  values in [0, 1] (sampled@1, the mean correctness of one sample), seeded for reproducibility.
- ``mean_interval``: the one rule every command uses for a mean of per-problem values in [0, 1], so that
  ``show``, ``curves`` and the plan agree. When every value is 0 or 1 the data are binomial and the
  interval is Wilson's (the percentile bootstrap of all-zero data is [0, 0], a claim of certainty that
  P problems cannot support; Wilson gives [0, z²/(P + z²)], e.g. [0, 43.4 %] for P = 5). Otherwise it is
  the percentile interval of the resampled means; if the values have no spread at all (every problem
  the same fraction m, where the bootstrap again collapses to [m, m]) it falls back to the Wilson interval
  at p = m, n = P — the widest a mean of P values in [0, 1] with that mean could honestly need, since a
  Bernoulli variable has the largest variance of any [0, 1] variable with mean m.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import sqrt
from statistics import NormalDist

import numpy as np
from numpy.typing import NDArray

Z_95 = 1.959963984540054  # the 97.5 % quantile of the standard normal


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate with a 95 % confidence interval and the name of the method behind both."""

    value: float
    low: float
    high: float
    method: str
    n: int

    def format(self, percent: bool = True) -> str:
        scale = 100.0 if percent else 1.0
        unit = " %" if percent else ""
        return f"{self.value * scale:.1f}{unit} [{self.low * scale:.1f}, {self.high * scale:.1f}]"


def wilson(successes: int, n: int, *, z: float = Z_95) -> Estimate:
    if n <= 0:
        return Estimate(float("nan"), float("nan"), float("nan"), "wilson", 0)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact bounds at the edges, no rounding residue
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Estimate(p, low, high, "wilson", n)


def z_value(level: float) -> float:
    """The two-sided normal quantile for a ``level`` interval (1.96 for 0.95)."""
    if level == 0.95:
        return Z_95
    return NormalDist().inv_cdf(1 - (1 - level) / 2)  # the standard library's: no scipy import for a quantile


def is_binary(values: NDArray[np.float64]) -> bool:
    """Whether every value is exactly 0 or 1 (one binomial outcome per problem)."""
    return bool(np.all((values == 0) | (values == 1)))


def mean_interval(
    values: NDArray[np.float64], resampled_means: NDArray[np.float64], *, level: float = 0.95
) -> Estimate:
    """The interval for the mean of ``values`` (per-problem, in [0, 1]) given its bootstrap means.

    Wilson for 0/1 data; the percentile interval of ``resampled_means`` otherwise, with the Wilson
    interval at the observed mean as the fallback when the values have no spread (see the module notes).
    """
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), "bootstrap", 0)
    z, mean = z_value(level), float(data.mean())
    if is_binary(data):
        return wilson(int(data.sum().round()), int(data.size), z=z)
    if np.ptp(data) == 0:
        return wilson_at(mean, int(data.size), z=z)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(resampled_means, [tail, 100 - tail])
    return Estimate(mean, float(low), float(high), "bootstrap", int(data.size))


def paired_difference(
    differences: NDArray[np.float64], resampled_means: NDArray[np.float64], *, level: float = 0.95
) -> Estimate:
    """The interval for the mean of per-problem paired differences in [−1, 1], never of zero width.

    The percentile interval of the resampled means; when every problem shows the same difference ``d``
    (e.g. two configurations right and wrong on exactly the same problems, where the bootstrap says
    [d, d]) the half-width is the Wilson upper bound for 0 discordant problems of P, ``z²/(P + z²)``:
    a mean difference can be no larger in size than the share of problems on which the two disagree.
    """
    data = np.asarray(differences, dtype=float)
    if data.size == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), "paired-bootstrap", 0)
    mean = float(data.mean())
    if np.ptp(data) == 0:
        half = wilson(0, int(data.size), z=z_value(level)).high
        return Estimate(mean, max(-1.0, mean - half), min(1.0, mean + half), "paired-wilson", int(data.size))
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(resampled_means, [tail, 100 - tail])
    return Estimate(mean, float(low), float(high), "paired-bootstrap", int(data.size))


def wilson_at(p: float, n: int, *, z: float = Z_95) -> Estimate:
    """The Wilson score interval at a (possibly fractional) observed proportion ``p`` of ``n``."""
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half), "wilson", n)


def bootstrap_mean(
    values: Sequence[float], *, rng: np.random.Generator, resamples: int = 2000, level: float = 0.95
) -> Estimate:
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), "bootstrap", 0)
    means = data[rng.integers(0, data.size, size=(resamples, data.size))].mean(axis=1)
    return mean_interval(data, means, level=level)
