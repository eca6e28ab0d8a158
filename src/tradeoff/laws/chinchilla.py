"""Chinchilla approach 3: L(N, D) = E + A/N^α + B/D^β, and the compute-optimal N*(C), D*(C).

Source: Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", §3.3 (approach 3), as
replicated by Besiroglu et al. 2024, "Chinchilla Scaling: A replication attempt" (arXiv:2404.10102).

**Fit.** With a = log A, b = log B, e = log E the prediction is log L̂ = LSE(a − α log N, b − β log D, e);
the objective is the *summed* Huber loss (δ = 1e-3 by default) of log L̂ − log L, minimised by L-BFGS
from Besiroglu et al.'s grid of 6·6·5·5·5 = 4,500 starts (a, b ∈ {0, 5, …, 25}, e ∈ {−1, −.5, …, 1},
α, β ∈ {0, .5, …, 2}); the best converged start wins (see ``_lse`` for the batched optimiser).
Bootstrap intervals resample the points with replacement and refit each resample from the full-data
optimum (not from the whole grid); an interval is the percentile interval of the converged refits.

**Compute-optimal allocation.** Training costs C = 6·N·D FLOPs. Substituting D = C/(6N) and setting
dL/dN = −αA N^{−α−1} + βB (C/6)^{−β} N^{β−1} = 0 gives N^{α+β} = (αA / βB)·(C/6)^β, so

    G = (αA / (βB))^{1/(α+β)},   N* = G·(C/6)^{β/(α+β)},   D* = G^{−1}·(C/6)^{α/(α+β)},

and the tokens per parameter D*/N* = G^{−2}·(C/6)^{(α−β)/(α+β)}, constant in C only when α = β.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from tradeoff.errors import DataError
from tradeoff.laws._lbfgs import Array
from tradeoff.laws._lse import StartGrid, fit_lse
from tradeoff.laws.points import LossPoints
from tradeoff.stats import Estimate

PARAMETERS = ("E", "A", "B", "alpha", "beta")


@dataclass(frozen=True, slots=True)
class ComputeOptimal:
    """The loss-minimising split of a training budget of ``compute`` FLOPs (C = 6·N·D)."""

    compute: float
    params: float
    tokens: float
    tokens_per_param: float
    loss: float


@dataclass(frozen=True, slots=True)
class ChinchillaLaw:
    """L(N, D) = E + A/N^α + B/D^β (N parameters, D training tokens)."""

    E: float
    A: float
    B: float
    alpha: float
    beta: float

    @classmethod
    def from_theta(cls, theta: Array) -> ChinchillaLaw:
        a, b, e, alpha, beta = (float(v) for v in theta)
        return cls(E=float(np.exp(e)), A=float(np.exp(a)), B=float(np.exp(b)), alpha=alpha, beta=beta)

    def loss(self, params: ArrayLike, tokens: ArrayLike) -> Array:
        n, d = np.asarray(params, dtype=float), np.asarray(tokens, dtype=float)
        return np.asarray(self.E + self.A / n**self.alpha + self.B / d**self.beta, dtype=float)

    def optimum(self, compute: float) -> ComputeOptimal:
        if not compute > 0:
            raise DataError(f"compute must be positive, got {compute}")
        s = self.alpha + self.beta
        g = (self.alpha * self.A / (self.beta * self.B)) ** (1.0 / s)
        n = g * (compute / 6.0) ** (self.beta / s)
        d = (compute / 6.0) ** (self.alpha / s) / g
        return ComputeOptimal(compute, n, d, d / n, float(self.loss(n, d)))

    def tokens_for_loss(self, params: float, loss: float) -> float:
        """D such that L(N, D) = loss; infinite when N alone cannot get below ``loss``."""
        gap = loss - self.E - self.A / params**self.alpha
        return float((self.B / gap) ** (1.0 / self.beta)) if gap > 0 else float("inf")


#: As published: Hoffmann et al. 2022 eq. (10) (rounded, as in the paper body) and Besiroglu et al. 2024
#: Table 1 (their refit of the digitised Figure 4 data, 240 points).
HOFFMANN_2022 = ChinchillaLaw(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)
BESIROGLU_2024 = ChinchillaLaw(E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658)


@dataclass(frozen=True, slots=True)
class ChinchillaFit:
    """A fitted law with its objective, convergence and bootstrap; planners call ``require_converged``."""

    law: ChinchillaLaw
    objective: float
    converged: bool
    n_points: int
    n_starts: int
    n_converged_starts: int
    huber_delta: float
    bootstrap_laws: tuple[ChinchillaLaw, ...] = field(default=())
    bootstrap_failures: int = 0
    reason: str = ""  # why it counts as converged, or why not

    def require_converged(self) -> ChinchillaLaw:
        if not self.converged:
            raise DataError(
                f"the Chinchilla fit did not converge: {self.reason or f'no start of {self.n_starts} converged'} "
                f"({self.n_points} points); it has no estimates to print"
            )
        return self.law

    def _interval(self, value: float, samples: list[float], level: float) -> Estimate:
        if not samples:
            return Estimate(value, float("nan"), float("nan"), "no bootstrap", self.n_points)
        tail = (1 - level) / 2 * 100
        low, high = np.percentile(samples, [tail, 100 - tail])
        return Estimate(value, float(low), float(high), f"bootstrap x{len(samples)}", self.n_points)

    def estimates(self, *, level: float = 0.95) -> dict[str, Estimate]:
        """Each parameter (E, A, B, alpha, beta) with its percentile-bootstrap interval."""
        law = self.require_converged()
        return {
            name: self._interval(getattr(law, name), [getattr(w, name) for w in self.bootstrap_laws], level)
            for name in PARAMETERS
        }

    def optimum(self, compute: float, *, level: float = 0.95) -> dict[str, Estimate]:
        """N*, D*, tokens per parameter and loss at ``compute`` FLOPs, each with its bootstrap interval."""
        best = self.require_converged().optimum(compute)
        others = [w.optimum(compute) for w in self.bootstrap_laws]
        names = ("params", "tokens", "tokens_per_param", "loss")
        return {name: self._interval(getattr(best, name), [getattr(o, name) for o in others], level) for name in names}


def fit_chinchilla(
    points: LossPoints,
    *,
    huber_delta: float = 1e-3,
    grid: StartGrid | None = None,
    bootstrap: int = 0,
    rng: np.random.Generator | None = None,
    strict: bool = True,
) -> ChinchillaFit:
    """Fit L(N, D) by approach 3. ``strict`` (default) raises ``DataError`` when no start converged;
    with ``strict=False`` the record comes back with ``converged=False`` and every accessor refuses it."""
    if not huber_delta > 0:
        raise DataError(f"huber_delta must be positive, got {huber_delta}")
    logx = np.stack([np.log(points.params), np.log(points.tokens)], axis=1)
    raw = fit_lse(logx, np.log(points.loss), delta=huber_delta, grid=grid or StartGrid(), rng=rng, bootstrap=bootstrap)
    result = ChinchillaFit(
        law=ChinchillaLaw.from_theta(raw.theta),
        objective=raw.objective,
        converged=raw.converged,
        n_points=raw.n_points,
        n_starts=raw.n_starts,
        n_converged_starts=raw.n_converged_starts,
        huber_delta=huber_delta,
        bootstrap_laws=tuple(ChinchillaLaw.from_theta(t) for t in raw.bootstrap),
        bootstrap_failures=raw.bootstrap_failures,
        reason=raw.reason,
    )
    if strict:
        result.require_converged()
    return result
