"""The T² pass@k form: Beta-distributed per-item success, its mean a sigmoid of the Chinchilla loss.

Source: Roberts et al. 2026, "Train-to-Test scaling laws" (the direct pass@k model). If a model solves
item i with probability p_i and the p_i over the items follow Beta(a, b), then the expected fraction of
items solved by at least one of k independent samples is

    pass@k = E[1 − (1 − p)^k] = 1 − ∫ p^{a−1}(1 − p)^{b+k−1} dp / B(a, b) = 1 − B(a, b + k) / B(a, b),

computed as 1 − exp(betaln(a, b + k) − betaln(a, b)) so that large k and small a do not underflow.

Parametrisation: mean μ(N, D) = a/(a + b) = sigmoid(c₀ + c₁·L(N, D)) with L a Chinchilla law, and a
concentration κ = a + b shared by every (N, D), so a = κμ and b = κ(1 − μ). A lower loss should mean a
higher pass rate, so c₁ < 0 is expected (the planner requires it). The Chinchilla law is an input:
fit it on loss measurements first (cheaper and better identified); this module fits (c₀, c₁, log κ) to
(N, D, k, pass@k) measurements by least squares on the pass rates, from a grid of 36 starts; a start
counts as converged when scipy's ``least_squares`` met one of its tolerances (status 1–4). Intervals:
the percentile bootstrap over points, each resample refitted from the full-data optimum.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike
from scipy.optimize import least_squares
from scipy.special import betaln, expit

from tradeoff.errors import ConfigError, DataError
from tradeoff.laws._checks import columns, enough, fraction, positive
from tradeoff.laws._intervals import parameter_intervals
from tradeoff.laws._lbfgs import Array
from tradeoff.laws.chinchilla import ChinchillaLaw
from tradeoff.laws.t2_optimum import T2Plan, plan
from tradeoff.stats import Estimate

# c₀ and c₁ are free; log κ stays within [−10, 10] (κ from 5e-5 to 2e4), so exp(log κ) cannot overflow
BOUNDS = ([-np.inf, -np.inf, -10.0], [np.inf, np.inf, 10.0])


def beta_pass_at_k(a: ArrayLike, b: ArrayLike, k: ArrayLike) -> Array:
    """pass@k = 1 − B(a, b + k)/B(a, b) for per-item success probabilities p ~ Beta(a, b)."""
    a_, b_, k_ = (np.asarray(v, dtype=float) for v in (a, b, k))
    return np.asarray(-np.expm1(betaln(a_, b_ + k_) - betaln(a_, b_)), dtype=float)


@dataclass(frozen=True, slots=True)
class T2PassLaw:
    law: ChinchillaLaw
    intercept: float  # c₀
    slope: float  # c₁ (negative: lower loss, higher pass rate)
    concentration: float  # κ = a + b

    def mean(self, params: ArrayLike, tokens: ArrayLike) -> Array:
        return np.asarray(expit(self.intercept + self.slope * self.law.loss(params, tokens)), dtype=float)

    def pass_at_k(self, params: ArrayLike, tokens: ArrayLike, samples: ArrayLike) -> Array:
        return _pass(self.intercept + self.slope * self.law.loss(params, tokens), self.concentration, samples)


def _pass(logit: ArrayLike, concentration: float, samples: ArrayLike) -> Array:
    # a mean of exactly 0 or 1 (a saturated sigmoid) would make a or b zero and B(a, b) infinite
    mu = np.clip(expit(logit), 1e-12, 1.0 - 1e-12)
    return beta_pass_at_k(concentration * mu, concentration * (1.0 - mu), samples)


STARTS = tuple(itertools.product((-5.0, 0.0, 5.0, 10.0), (-5.0, -2.0, -0.5), (-1.0, 1.0, 3.0)))
PARAMETERS = ("intercept", "slope", "concentration")


@dataclass(frozen=True, slots=True)
class T2PassFit:
    """A fitted link (c₀, c₁, κ) with its objective, convergence (and why) and bootstrap refits."""

    model: T2PassLaw
    objective: float  # sum of squared pass-rate residuals
    converged: bool
    n_points: int
    bootstrap_models: tuple[T2PassLaw, ...] = field(default=())
    bootstrap_failures: int = 0
    reason: str = ""

    def require_converged(self) -> T2PassLaw:
        if not self.converged:
            raise DataError(f"the T² pass@k fit did not converge: {self.reason} ({self.n_points} points)")
        return self.model

    def estimates(self, *, level: float = 0.95) -> dict[str, Estimate]:
        """c₀ (intercept), c₁ (slope) and κ (concentration) with percentile-bootstrap intervals."""
        model = self.require_converged()
        return parameter_intervals(model, self.bootstrap_models, PARAMETERS, n=self.n_points, level=level)


def _solve(loss: Array, k: Array, y: Array, start: Array, weights: Array | None = None) -> tuple[Array, float] | None:
    """Least squares of the pass rates from ``start``; (x, cost) if scipy met a tolerance, else None."""
    w = np.ones_like(y) if weights is None else np.sqrt(weights)

    def residuals(x: Array) -> Array:
        return w * (_pass(x[0] + x[1] * loss, float(np.exp(x[2])), k) - y)

    res = least_squares(residuals, start, bounds=BOUNDS, method="trf", x_scale="jac")
    return (np.asarray(res.x, dtype=float), float(res.cost)) if res.status > 0 else None


def fit_t2_pass(
    params: ArrayLike,
    tokens: ArrayLike,
    samples: ArrayLike,
    pass_rate: ArrayLike,
    *,
    law: ChinchillaLaw,
    bootstrap: int = 0,
    rng: np.random.Generator | None = None,
    strict: bool = True,
) -> T2PassFit:
    """Fit (c₀, c₁, κ) to measured pass@k rates of models (N, D) sampled k times, given a Chinchilla law."""
    data = columns(N=params, D=tokens, k=samples, pass_rate=pass_rate)
    n, d, k, y = data["N"], data["D"], data["k"], data["pass_rate"]
    positive(n, "N")
    positive(d, "D")
    positive(k, "k", minimum=1.0, inclusive=True)
    fraction(y, "pass rate")
    enough(n.size, 3)
    loss = law.loss(n, d)
    solved = [s for s in (_solve(loss, k, y, np.array(start)) for start in STARTS) if s is not None]
    if not solved:
        reason = f"least squares met no tolerance from any of {len(STARTS)} starts"
        if strict:
            raise DataError(f"the T² pass@k fit did not converge: {reason} ({n.size} points)")
        nan = float("nan")
        return T2PassFit(T2PassLaw(law, nan, nan, nan), nan, False, int(n.size), reason=reason)
    best, cost = min(solved, key=lambda s: s[1])
    models: list[T2PassLaw] = []
    if bootstrap > 0:
        if rng is None:
            raise ValueError("a bootstrap needs a seeded numpy.random.Generator (rng=...)")
        for _ in range(bootstrap):
            weights = np.bincount(rng.integers(0, n.size, size=n.size), minlength=n.size).astype(float)
            refit = _solve(loss, k, y, best, weights)
            if refit is not None:
                models.append(T2PassLaw(law, float(refit[0][0]), float(refit[0][1]), float(np.exp(refit[0][2]))))
    model = T2PassLaw(law, float(best[0]), float(best[1]), float(np.exp(best[2])))
    reason = f"{len(solved)} of {len(STARTS)} starts met a least-squares tolerance; best sum of squares {2 * cost:.6g}"
    return T2PassFit(model, 2.0 * cost, True, int(n.size), tuple(models), bootstrap - len(models), reason)


def t2_pass_optimum(
    model: T2PassLaw,
    *,
    train_flops: float,
    inference_flops: float,
    queries: float,
    tokens_per_answer: float,
    max_samples: int = 10_000,
) -> T2Plan:
    """The (N, D, k) of highest pass@k within a training and an inference budget (see ``t2.plan``)."""
    if not model.slope < 0:
        raise ConfigError(f"the pass rate must fall as the loss rises (slope c1 < 0), got c1 = {model.slope:.4g}")
    return plan(
        model.law,
        model.pass_at_k,
        train_flops=train_flops,
        inference_flops=inference_flops,
        queries=queries,
        tokens_per_answer=tokens_per_answer,
        max_samples=max_samples,
        maximise=True,
    )
