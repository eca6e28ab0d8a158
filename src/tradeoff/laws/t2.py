"""Train-to-Test (T²) scaling: choose model size N, training tokens D and samples per query k jointly.

Source: Roberts et al. 2026, "Train-to-Test scaling laws". Training costs 6·N·D FLOPs; answering a query
with k samples of T tokens costs 2·N·T·k FLOPs (a forward pass is 2 FLOPs per parameter per token), so
Q queries cost 2·N·T·k·Q. Two model forms:

**Loss form.** L(N, D, k) = E + A/N^α + B/D^β + G/k^γ, fitted exactly like Chinchilla approach 3
(``_lse``: log-sum-exp of the four terms, summed Huber loss on log-loss, L-BFGS from a grid; the default
grid here is 3·3·3·3·2·2·2 = 648 starts, since Besiroglu et al.'s grid extended to a third term would be
135,000).

**pass@k form** (``t2_pass``): per-item success probability p ~ Beta(a, b), whose mean is a sigmoid of
the Chinchilla loss, and pass@k = E[1 − (1 − p)^k] = 1 − B(a, b + k)/B(a, b).

**Joint optimum** for a training budget C_tr, an inference budget C_inf and Q queries of T tokens: see
``t2_optimum`` (exact enumeration of k with N = min(N*(C_tr), C_inf / (2·T·k·Q))).

**Intervals**: the percentile bootstrap over points, every resample refitted from the full-data optimum
(as for Chinchilla), seeded by the ``rng`` passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike

from tradeoff.errors import DataError
from tradeoff.laws._checks import columns, positive
from tradeoff.laws._intervals import parameter_intervals
from tradeoff.laws._lbfgs import Array
from tradeoff.laws._lse import StartGrid, fit_lse
from tradeoff.laws.chinchilla import ChinchillaLaw
from tradeoff.laws.t2_optimum import T2Plan, plan
from tradeoff.stats import Estimate

PARAMETERS = ("E", "A", "B", "G", "alpha", "beta", "gamma")

T2_GRID = StartGrid(coefficients=(0.0, 10.0, 20.0), constants=(-1.0, 0.0, 1.0), exponents=(0.5, 1.0))


@dataclass(frozen=True, slots=True)
class T2LossLaw:
    """L(N, D, k) = E + A/N^α + B/D^β + G/k^γ."""

    E: float
    A: float
    B: float
    G: float
    alpha: float
    beta: float
    gamma: float

    @classmethod
    def from_theta(cls, theta: Array) -> T2LossLaw:
        a, b, g, e, alpha, beta, gamma = (float(v) for v in theta)
        E, A, B, G = (float(np.exp(v)) for v in (e, a, b, g))
        return cls(E=E, A=A, B=B, G=G, alpha=alpha, beta=beta, gamma=gamma)

    @property
    def chinchilla(self) -> ChinchillaLaw:
        return ChinchillaLaw(E=self.E, A=self.A, B=self.B, alpha=self.alpha, beta=self.beta)

    def loss(self, params: ArrayLike, tokens: ArrayLike, samples: ArrayLike) -> Array:
        k = np.asarray(samples, dtype=float)
        return np.asarray(self.chinchilla.loss(params, tokens) + self.G / k**self.gamma, dtype=float)


@dataclass(frozen=True, slots=True)
class T2LossFit:
    """A fitted loss form with its objective, convergence (and why) and bootstrap refits."""

    law: T2LossLaw
    objective: float
    converged: bool
    n_points: int
    n_starts: int
    huber_delta: float
    bootstrap_laws: tuple[T2LossLaw, ...] = field(default=())
    bootstrap_failures: int = 0
    reason: str = ""

    def require_converged(self) -> T2LossLaw:
        if not self.converged:
            raise DataError(f"the T² loss fit did not converge: {self.reason} ({self.n_points} points)")
        return self.law

    def estimates(self, *, level: float = 0.95) -> dict[str, Estimate]:
        """Each parameter (E, A, B, G, alpha, beta, gamma) with its percentile-bootstrap interval."""
        law = self.require_converged()
        return parameter_intervals(law, self.bootstrap_laws, PARAMETERS, n=self.n_points, level=level)


@dataclass(frozen=True, slots=True)
class T2LossPoints:
    """Measurements for the loss form: models of N parameters trained on D tokens, sampled k times, and their loss
    (checked when fitted: N, D and loss positive, k at least 1)."""

    params: ArrayLike
    tokens: ArrayLike
    samples: ArrayLike
    loss: ArrayLike


def fit_t2_loss(
    points: T2LossPoints,
    *,
    huber_delta: float = 1e-3,
    grid: StartGrid = T2_GRID,
    bootstrap: int = 0,
    rng: np.random.Generator | None = None,
    strict: bool = True,
) -> T2LossFit:
    """Fit the loss form from (N, D, k, loss) measurements; ``bootstrap`` resamples points (seeded ``rng``)
    and refits each from the optimum; ``strict`` raises when no start converged."""
    data = columns(N=points.params, D=points.tokens, k=points.samples, loss=points.loss)
    for name in ("N", "D", "loss"):
        positive(data[name], name)
    positive(data["k"], "k", minimum=1.0, inclusive=True)
    logx = np.log(np.stack([data["N"], data["D"], data["k"]], axis=1))
    raw = fit_lse(logx, np.log(data["loss"]), delta=huber_delta, grid=grid, rng=rng, bootstrap=bootstrap)
    fit = T2LossFit(
        law=T2LossLaw.from_theta(raw.theta),
        objective=raw.objective,
        converged=raw.converged,
        n_points=raw.n_points,
        n_starts=raw.n_starts,
        huber_delta=huber_delta,
        bootstrap_laws=tuple(T2LossLaw.from_theta(t) for t in raw.bootstrap),
        bootstrap_failures=raw.bootstrap_failures,
        reason=raw.reason,
    )
    if strict:
        fit.require_converged()
    return fit


def t2_loss_optimum(
    law: T2LossLaw,
    *,
    train_flops: float,
    inference_flops: float,
    queries: float,
    tokens_per_answer: float,
    max_samples: int = 10_000,
) -> T2Plan:
    """The (N, D, k) of lowest L(N, D, k) within a training and an inference budget."""
    return plan(
        law.chinchilla,
        law.loss,
        train_flops=train_flops,
        inference_flops=inference_flops,
        queries=queries,
        tokens_per_answer=tokens_per_answer,
        max_samples=max_samples,
        maximise=False,
    )
