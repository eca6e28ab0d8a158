"""Coverage (pass@k) as an exponentiated power law of the number of samples k, with extrapolation.

Source: Brown et al. 2024, "Large Language Monkeys: Scaling Inference Compute with Repeated Sampling"
(arXiv:2407.21787), §4: coverage — the fraction of problems solved by at least one of k samples —
follows c(k) ≈ exp(a·k^b) with a < 0, b < 0 (so c rises towards 1 as k grows).

Fit in log space: log(−log c) = log(−a) + b·log k is a straight line, so an ordinary least-squares fit
of log(−log c_k) on log k gives b (slope) and a = −exp(intercept); points with c = 0 or c = 1 carry no
slope information and are left out. Coverage at each k comes from a pool of n samples per problem with
the unbiased estimator of Chen et al. 2021 (Codex, eq. 1): pass@k = 1 − C(n − c, k) / C(n, k) per problem
with c correct samples, averaged over problems. Intervals: the percentile bootstrap over *problems*
(each resample recomputes the curve and refits), the unit that was sampled. A curve given only as
(k, coverage) points (no per-problem counts) is bootstrapped over its points instead (the pairs
bootstrap), which ignores how many problems each point averaged: prefer a run's pool when there is one.

The fit is closed-form least squares, so it converges whenever it is defined; ``converged`` is False (with
the reason) when fewer than two k have a coverage strictly between 0 and 1, or the fitted a or b is not
negative (a curve that does not rise towards 1 is not this law).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tradeoff.errors import DataError
from tradeoff.laws._intervals import parameter_intervals, percentile_interval
from tradeoff.laws._lbfgs import Array
from tradeoff.stats import Estimate
from tradeoff.strategies.pass_at_k import unbiased_pass_at_k


def pass_at_k(correct: ArrayLike, *, samples: int, ks: ArrayLike) -> Array:
    """Unbiased pass@k of each problem (rows) at each k (columns), from ``correct`` of ``samples`` per problem."""
    k = np.asarray(ks, dtype=int).ravel()
    if np.any(k > samples) or np.any(k < 1):
        raise DataError(f"k must lie in 1..{samples} (the samples per problem)")
    return unbiased_pass_at_k(np.asarray(correct, dtype=float).ravel(), samples=samples, ks=[int(v) for v in k])


@dataclass(frozen=True, slots=True)
class CoverageLaw:
    """coverage(k) = exp(a·k^b)."""

    a: float
    b: float

    def coverage(self, k: ArrayLike) -> Array:
        return np.asarray(np.exp(self.a * np.asarray(k, dtype=float) ** self.b), dtype=float)


def fit_coverage(ks: ArrayLike, coverage: ArrayLike) -> CoverageLaw:
    """Least squares of log(−log c) on log k over the points with 0 < c < 1."""
    k, c = np.asarray(ks, dtype=float), np.asarray(coverage, dtype=float)
    usable = (c > 0) & (c < 1) & (k >= 1)
    if np.unique(k[usable]).size < 2:
        raise DataError("need coverage strictly between 0 and 1 at two or more values of k to fit exp(a·k^b)")
    slope, intercept = np.polyfit(np.log(k[usable]), np.log(-np.log(c[usable])), deg=1)
    return CoverageLaw(a=-float(np.exp(intercept)), b=float(slope))


CLOSED_FORM = "closed-form least squares of log(-log c) on log k"


@dataclass(frozen=True, slots=True, eq=False)
class CoverageFit:
    """A fitted coverage law, the curve it was fitted to, and its bootstrap refits."""

    law: CoverageLaw
    n_problems: int  # problems behind the curve (0 when fitted to bare points)
    samples: int  # samples per problem (the largest k measured)
    ks: Array = field(default_factory=lambda: np.empty(0))
    observed: Array = field(default_factory=lambda: np.empty(0))
    bootstrap_laws: tuple[CoverageLaw, ...] = field(default=())
    bootstrap_failures: int = 0
    unit: Literal["problems", "points"] = "problems"  # what the bootstrap resampled
    converged: bool = True
    reason: str = CLOSED_FORM

    def require_converged(self) -> CoverageLaw:
        if not self.converged:
            raise DataError(f"the coverage fit did not converge: {self.reason}")
        return self.law

    def estimates(self, *, level: float = 0.95) -> dict[str, Estimate]:
        """a and b with percentile-bootstrap intervals."""
        law, n = self.require_converged(), self.n_problems or self.ks.size
        return parameter_intervals(law, self.bootstrap_laws, ("a", "b"), n=n, level=level)

    def extrapolate(self, k: float, *, level: float = 0.95) -> Estimate:
        """Predicted coverage at k samples (beyond the pool, too) with its bootstrap interval."""
        law, n = self.require_converged(), self.n_problems or self.ks.size
        draws = [float(w.coverage(k)) for w in self.bootstrap_laws]
        return percentile_interval(float(law.coverage(k)), draws, n=n, level=level)

    def band(self, ks: ArrayLike, *, level: float = 0.95) -> tuple[Array, Array, Array]:
        """The fitted curve at ``ks`` and its pointwise percentile band (NaN without refits)."""
        k = np.asarray(ks, dtype=float)
        value = self.require_converged().coverage(k)
        if not self.bootstrap_laws:
            return value, np.full_like(value, np.nan), np.full_like(value, np.nan)
        draws = np.stack([w.coverage(k) for w in self.bootstrap_laws])
        tail = (1 - level) / 2 * 100
        return value, np.percentile(draws, tail, axis=0), np.percentile(draws, 100 - tail, axis=0)


def _checked(law: CoverageLaw) -> str:
    """'' for a rising curve, else why the fit is not this law."""
    if not (law.a < 0 and law.b < 0):
        return f"the fitted curve does not rise towards 1 (a = {law.a:.3g}, b = {law.b:.3g}; both must be negative)"
    return ""


def fit_coverage_points(
    ks: ArrayLike, coverage: ArrayLike, *, bootstrap: int = 0, rng: np.random.Generator | None = None
) -> CoverageFit:
    """Fit exp(a·k^b) to bare (k, coverage) points; intervals by the pairs bootstrap over the points."""
    k, c = np.asarray(ks, dtype=float), np.asarray(coverage, dtype=float)
    if k.shape != c.shape or k.ndim != 1:
        raise DataError("k and coverage must be 1-d arrays of one length")
    law = fit_coverage(k, c)
    laws, failures = _resample(lambda rows: fit_coverage(k[rows], c[rows]), k.size, bootstrap, rng)
    why = _checked(law)
    return CoverageFit(law, 0, int(k.max()), k, c, laws, failures, "points", not why, why or CLOSED_FORM)


def _resample(
    refit: Callable[[NDArray[np.intp]], CoverageLaw], size: int, count: int, rng: np.random.Generator | None
) -> tuple[tuple[CoverageLaw, ...], int]:
    if count <= 0:
        return (), 0
    if rng is None:
        raise ValueError("a bootstrap needs a seeded numpy.random.Generator (rng=...)")
    laws: list[CoverageLaw] = []
    for _ in range(count):
        try:
            laws.append(refit(rng.integers(0, size, size=size)))
        except DataError:
            continue
    return tuple(laws), count - len(laws)


def fit_coverage_from_counts(
    correct: ArrayLike,
    *,
    samples: int,
    ks: ArrayLike | None = None,
    bootstrap: int = 0,
    rng: np.random.Generator | None = None,
) -> CoverageFit:
    """Fit exp(a·k^b) to the coverage curve of a pool (correct samples per problem, ``samples`` each)."""
    counts = np.asarray(correct)
    if counts.ndim != 1 or counts.size == 0 or np.any((counts < 0) | (counts > samples)):
        raise DataError(f"correct counts must be a non-empty 1-d array with values in 0..{samples}")
    k = np.asarray(ks if ks is not None else 2 ** np.arange(int(np.log2(samples)) + 1), dtype=float)
    per_problem = pass_at_k(counts, samples=samples, ks=k)
    curve = per_problem.mean(axis=0)
    law = fit_coverage(k, curve)
    laws, failures = _resample(
        lambda rows: fit_coverage(k, per_problem[rows].mean(axis=0)), counts.size, bootstrap, rng
    )
    why = _checked(law)
    return CoverageFit(
        law, int(counts.size), samples, k, curve, laws, failures, "problems", not why, why or CLOSED_FORM
    )
