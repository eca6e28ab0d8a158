"""pass@k for budgets beyond the pool (k > N), predicted from a Beta model of per-problem success.

Model (Large Language Monkeys, Brown et al. 2024, §4; the Train-to-Test pass@k form, Roberts et al.
2026): problem i is solved by one sample with probability ``p_i``, and the ``p_i`` follow ``Beta(a, b)``.
A pool of N samples per problem shows ``c_i`` successes, so ``c_i`` is beta-binomial; ``(a, b)`` are fitted
by maximum likelihood to the counts, ``ℓ(a, b) = Σ_i [ln B(a + c_i, b + N − c_i) − ln B(a, b)]`` (the
binomial coefficients do not depend on ``(a, b)``). The prediction for the problems that were measured is
the empirical-Bayes posterior mean of each problem's pass@k, ``p_i | c_i ~ Beta(a + c_i, b + N − c_i)``:

    E[1 − (1 − p_i)^k | c_i] = 1 − B(a + c_i, b + N − c_i + k) / B(a + c_i, b + N − c_i),

averaged over problems (its population form, ``1 − B(a, b + k)/B(a, b)``, is
:func:`tradeoff.laws.t2_pass.beta_pass_at_k`). It uses each problem's own evidence and, for k ≤ N, lands
close to the unbiased estimator of Chen et al. (2021).

Fit: ``ℓ`` depends on the data only through the histogram of ``c`` (N + 1 bins), so it is evaluated on a
grid over (logit of the mean ``a/(a+b)``, log of the concentration ``a+b``) — a coarse grid over the whole
plane, then a fine one (steps of 0.025 in the logit) around its optimum — as one matrix product, for the
data and for every bootstrap resample at once. Interval: the bootstrap over problems (Efron 1979), each
resample refitted that way, and the percentile interval of its predicted means, never of zero width
(:func:`tradeoff.stats.intervals.mean_interval`). The figures are *predicted*, not measured, and say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.special import betaln, expit

from tradeoff.errors import ConfigError
from tradeoff.stats import Estimate
from tradeoff.stats.intervals import mean_interval
from tradeoff.strategies.bootstrap import bootstrap_counts
from tradeoff.strategies.records import Strategy, label

LOGIT_MEAN = np.linspace(-9.0, 9.0, 121)  # the coarse grid: where the optimum is
LOG_CONCENTRATION = np.linspace(-5.0, 9.0, 91)
FINE_STEPS = np.linspace(-1.0, 1.0, 81)  # the fine grid around it: logit steps of 0.025, log κ steps of 0.0375
FINE_SCALE = 1.5


@dataclass(frozen=True, slots=True, kw_only=True)
class Predicted:
    """A figure for a budget that was not sampled: ``basis`` is always ``predicted``; ``model`` names how.

    ``mc_se`` is the Monte Carlo standard error of the value (0 where it is computed in closed form).
    """

    strategy: Strategy
    k: int
    estimate: Estimate
    model: str
    pool_samples: int
    mc_se: float = 0.0
    basis: Literal["predicted"] = "predicted"

    @property
    def label(self) -> str:
        return label(self.strategy, self.k)


@dataclass(frozen=True, slots=True, kw_only=True)
class BetaFit:
    """The fitted ``Beta(a, b)`` of per-problem success from ``problems`` × ``samples`` outcomes."""

    a: float
    b: float
    problems: int
    samples: int

    @property
    def mean(self) -> float:
        return self.a / (self.a + self.b)


def _grid(logit_mean: NDArray[np.float64], log_conc: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    mean, conc = np.meshgrid(expit(logit_mean), np.exp(log_conc), indexing="ij")
    return (mean * conc).ravel(), ((1 - mean) * conc).ravel()


def grid_fit(weights: NDArray[np.float64], n: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The maximum-likelihood (a, b) for each row of ``weights`` (histograms of successes, (R, n + 1)).

    A coarse grid finds the region of the first row's optimum (the full data); a fine grid around it then
    resolves every row; each row takes its best point over both grids.
    """
    coarse_a, coarse_b = _grid(LOGIT_MEAN, LOG_CONCENTRATION)
    top = int(np.argmax(_terms(coarse_a, coarse_b, n) @ weights[0]))
    centre_m, centre_c = np.log(coarse_a[top] / coarse_b[top]), np.log(coarse_a[top] + coarse_b[top])
    fine_a, fine_b = _grid(centre_m + FINE_STEPS, centre_c + FINE_SCALE * FINE_STEPS)
    a, b = np.concatenate([coarse_a, fine_a]), np.concatenate([coarse_b, fine_b])
    best = np.argmax(weights @ _terms(a, b, n).T, axis=1)
    return a[best], b[best]


def _terms(a: NDArray[np.float64], b: NDArray[np.float64], n: int) -> NDArray[np.float64]:
    """(grid, n + 1): the log-likelihood contribution of a problem with h successes of n."""
    h = np.arange(n + 1)
    return np.asarray(betaln(a[:, None] + h, b[:, None] + n - h) - betaln(a, b)[:, None], dtype=float)


def posterior_pass(a: NDArray[np.float64], b: NDArray[np.float64], n: int, k: int) -> NDArray[np.float64]:
    """(…, n + 1): E[pass@k] of a problem with h successes of n under Beta(a, b); broadcasts over a, b."""
    h = np.arange(n + 1)
    a_, b_ = np.asarray(a, dtype=float)[..., None] + h, np.asarray(b, dtype=float)[..., None] + n - h
    return np.asarray(-np.expm1(betaln(a_, b_ + k) - betaln(a_, b_)), dtype=float)


def histogram(successes: NDArray[np.int64], n: int) -> NDArray[np.float64]:
    return np.bincount(np.asarray(successes, dtype=np.int64), minlength=n + 1).astype(float)


def fit_beta(successes: NDArray[np.int64], samples: int) -> BetaFit:
    """Maximum-likelihood ``Beta(a, b)`` for per-problem success counts out of ``samples`` each."""
    counts = np.asarray(successes, dtype=np.int64)
    if counts.size == 0 or samples < 1 or counts.min() < 0 or counts.max() > samples:
        raise ConfigError(f"success counts must lie in [0, {samples}] for at least one problem")
    a, b = grid_fit(histogram(counts, samples)[None, :], samples)
    return BetaFit(a=float(a[0]), b=float(b[0]), problems=int(counts.size), samples=samples)


def predict_pass_at_k(
    correct: NDArray[np.bool_],
    *,
    ks: Sequence[int],
    rng: np.random.Generator,
    resamples: int = 500,
    level: float = 0.95,
) -> tuple[Predicted, ...]:
    """pass@k predicted for each k in ``ks`` from a (problems, N) correctness pool; any k ≥ 1 is allowed."""
    pool = np.asarray(correct, dtype=bool)
    if pool.ndim != 2 or pool.shape[0] == 0 or pool.shape[1] == 0:
        raise ConfigError("a pool of at least one problem and one sample is needed")
    problems, n = pool.shape
    successes = pool.sum(axis=1)
    fit = fit_beta(successes, n)
    counts = bootstrap_counts(problems, resamples=resamples, rng=rng)
    weights = counts @ (successes[:, None] == np.arange(n + 1)).astype(float)  # (resamples, n + 1) histograms
    fits_a, fits_b = grid_fit(np.vstack([histogram(successes, n), weights]), n)
    model = f"beta-binomial empirical Bayes (a = {fit.a:.3g}, b = {fit.b:.3g}, fitted on N = {n})"
    out = []
    for k in ks:
        if k < 1:
            raise ConfigError(f"k must be at least 1, got {k}")
        per_problem = posterior_pass(np.array(fit.a), np.array(fit.b), n, k)[successes]
        table = posterior_pass(fits_a[1:], fits_b[1:], n, k)  # (resamples, n + 1)
        means = (weights * table).sum(axis=1) / problems
        estimate = mean_interval(per_problem, means, level=level)
        estimate = Estimate(estimate.value, estimate.low, estimate.high, f"predicted-{estimate.method}", problems)
        out.append(Predicted(strategy="pass", k=int(k), estimate=estimate, model=model, pool_samples=n))
    return tuple(out)
