"""The draws a decision is recomputed on: paired over problems, or the independent fallback.

**Paired** (:func:`paired_draws`): all configurations were run on the same ``P`` problems. One draw is
one bootstrap resample of the problems (Efron & Tibshirani 1993, ch. 6), written as a row of
multiplicities ``n_d`` (how often each problem was drawn), and the *same* row is applied to every
configuration's per-problem accuracy **and** per-problem cost: ``a_d = n_d · A / P`` and
``c_d = n_d · C / P``. Problems that are hard for one configuration are hard for the others and cost more
tokens for all of them; drawing them jointly keeps those correlations, so a difference between two
configurations varies only as much as their per-problem differences do (the paired bootstrap; for binary
outcomes the bootstrap analogue of McNemar's paired comparison). Fixed costs are not resampled.

**Independent** (:func:`independent_draws`): when the configurations share too few problems, each
configuration's accuracy is drawn on its own from the normal approximation of
:mod:`tradeoff.frontier.uncertainty` (matched to its interval on the problems it was measured on), and
its per-query cost is held at its mean. This overstates the spread of differences between positively
correlated configurations and is only used as a named fallback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from tradeoff.frontier.economics import Configuration
from tradeoff.frontier.measured import Aligned, Measured
from tradeoff.frontier.uncertainty import draw_accuracies
from tradeoff.stats import Estimate
from tradeoff.stats.intervals import mean_interval
from tradeoff.strategies.bootstrap import bootstrap_counts

DrawMethod = Literal["paired", "independent"]


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Draws:
    """Point values ``(C,)`` and draws ``(D, C)`` of accuracy and per-query cost, with marginal intervals.

    ``per_problem`` and ``cost_per_problem`` are the aligned matrices ``(P, C)`` for paired draws (``None`` when
    independent);
    ``counts`` the multiplicities ``(D, P)`` that produced the draws.
    """

    method: DrawMethod
    names: tuple[str, ...]
    fixed: NDArray[np.float64]
    accuracy: NDArray[np.float64]
    cost: NDArray[np.float64]
    accuracy_draws: NDArray[np.float64]
    cost_draws: NDArray[np.float64]
    accuracy_estimates: tuple[Estimate, ...]
    problems: int
    per_problem: NDArray[np.float64] | None = None
    cost_per_problem: NDArray[np.float64] | None = None
    counts: NDArray[np.float64] | None = None

    def column(self, name: str) -> int:
        return self.names.index(name)


def paired_draws(aligned: Aligned, *, draws: int, rng: np.random.Generator, level: float = 0.95) -> Draws:
    """One bootstrap index set per draw, applied jointly to every configuration's accuracy and cost."""
    p = aligned.problems
    counts = bootstrap_counts(p, resamples=draws, rng=rng)
    acc_draws = counts @ aligned.accuracy / p
    cost_draws = counts @ aligned.cost / p
    estimates = tuple(
        mean_interval(aligned.accuracy[:, j], acc_draws[:, j], level=level) for j in range(len(aligned.names))
    )
    return Draws(
        method="paired",
        names=aligned.names,
        fixed=aligned.fixed,
        accuracy=aligned.accuracy.mean(axis=0),
        cost=aligned.cost.mean(axis=0),
        accuracy_draws=acc_draws,
        cost_draws=cost_draws,
        accuracy_estimates=estimates,
        problems=p,
        per_problem=aligned.accuracy,
        cost_per_problem=aligned.cost,
        counts=counts,
    )


def own_estimate(config: Measured, *, rng: np.random.Generator, resamples: int, level: float) -> Estimate:
    """A configuration's accuracy interval on its own problems (the rule every command uses)."""
    values = np.asarray(config.accuracy, dtype=float)
    counts = bootstrap_counts(values.size, resamples=resamples, rng=rng)
    return mean_interval(values, counts @ values / max(values.size, 1), level=level)


def independent_draws(
    configs: Sequence[Measured], *, draws: int, rng: np.random.Generator, level: float = 0.95
) -> Draws:
    """Each accuracy drawn on its own (normal matched to its interval); per-query costs held at their means."""
    estimates = tuple(own_estimate(c, rng=rng, resamples=max(draws, 200), level=level) for c in configs)
    cost = np.array([float(np.mean(c.per_query_cost)) if c.problems else 0.0 for c in configs])
    as_configs = [
        Configuration(name=c.name, fixed_cost=c.fixed_cost, per_query_cost=float(q), accuracy=e)
        for c, q, e in zip(configs, cost, estimates, strict=True)
    ]
    acc_draws = draw_accuracies(as_configs, draws=draws, rng=rng, model="normal")
    return Draws(
        method="independent",
        names=tuple(c.name for c in configs),
        fixed=np.array([c.fixed_cost for c in configs], dtype=float),
        accuracy=np.array([e.value for e in estimates], dtype=float),
        cost=cost,
        accuracy_draws=acc_draws,
        cost_draws=np.tile(cost, (draws, 1)),
        accuracy_estimates=estimates,
        problems=min(c.problems for c in configs),
    )
