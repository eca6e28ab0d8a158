"""The compute-optimal strategy per difficulty level, chosen on half A and measured on half B.

Snell et al. 2024 (arXiv:2408.03314, §3.2, eq. 1): at a budget B, the compute-optimal strategy for a
question of difficulty level d is

    θ*_d(B) = argmax_{θ : cost(θ) ≤ B}  mean_{p ∈ A, level(p) = d}  acc_θ(p),

picked on one half A of the problems and reported on the other half B, so the choice is not scored on
the problems that made it. Ties go to the cheaper candidate, then the one listed first; a level with
no problem in A takes the choice made over all of A. The compute-optimal curve is, per budget, the mean
over B of acc_{θ*_{level(p)}(B)}(p) with the cost it actually spends; beside it, the best single
strategy chosen the same way on A with one level for all problems (the fair fixed baseline), and every
fixed (strategy, k) measured on B. All figures share one seeded bootstrap over B (paired intervals).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from tradeoff.errors import ConfigError
from tradeoff.stats import Estimate
from tradeoff.strategies.arrays import PoolArrays, VerifierScores
from tradeoff.strategies.bootstrap import bootstrap_counts, intervals
from tradeoff.strategies.difficulty import (
    Candidates,
    DifficultySource,
    candidates,
    difficulty_bins,
    easiness,
    split_halves,
)
from tradeoff.strategies.records import Method, Strategy


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice:
    """What level ``level`` (1 = easiest) runs at a budget, and its mean accuracy on half A."""

    level: int
    strategy: Strategy
    k: int
    selection_accuracy: float


@dataclass(frozen=True, slots=True, kw_only=True)
class FixedPoint:
    """One fixed (strategy, k) on half B: its cost per problem and accuracy."""

    strategy: Strategy
    k: int
    cost: float
    estimate: Estimate


@dataclass(frozen=True, slots=True, kw_only=True)
class OptimalPoint:
    """At budget ``budget``: the per-level choices, their accuracy and mean cost on half B, and the best
    single strategy chosen on half A (``baseline``), measured on half B."""

    budget: float
    cost: float
    estimate: Estimate
    choices: tuple[Choice, ...]
    baseline: FixedPoint


@dataclass(frozen=True, slots=True, kw_only=True)
class DifficultyStudy:
    source: DifficultySource
    bins: int
    unit: str
    selection_problems: int
    evaluation_problems: int
    optimal: tuple[OptimalPoint, ...]
    fixed: tuple[FixedPoint, ...]


def select(table: Candidates, levels: NDArray[np.int64], rows: NDArray, *, budget: float) -> NDArray[np.int64]:
    """(bins,): the candidate column chosen for each level at ``budget`` from problems ``rows`` (half A)."""
    allowed = np.nonzero(table.cost <= budget * (1 + 1e-12))[0]
    if allowed.size == 0:
        raise ConfigError(f"budget {budget:g} is below the cheapest strategy ({table.cost.min():g} {table.unit})")
    overall = _best(table, rows, allowed)
    bins = int(levels.max()) + 1
    return np.array([_best(table, rows[levels[rows] == d], allowed, fallback=overall) for d in range(bins)])


def _best(table: Candidates, rows: NDArray, allowed: NDArray, *, fallback: int = -1) -> int:
    if rows.size == 0:
        return fallback
    means = table.values[np.ix_(rows, allowed)].mean(axis=0)
    top = np.nonzero(means >= means.max() - 1e-12)[0]
    return int(allowed[top[np.argmin(table.cost[allowed[top]], axis=0)]])


@dataclass(frozen=True, slots=True, kw_only=True)
class StudyOptions:
    """How to study: difficulty from ``source`` in ``bins`` levels; candidates at ``ks`` × ``strategies`` (all by
    default); the study's ``budgets`` (default: every distinct candidate cost); the bootstrap's ``resamples``;
    the voting estimators' ``method``."""

    source: DifficultySource = "oracle"
    bins: int = 5
    ks: tuple[int, ...] | None = None
    strategies: tuple[Strategy, ...] | None = None
    budgets: tuple[float, ...] | None = None
    resamples: int = 1000
    method: Method = "auto"


def difficulty_study(
    arrays: PoolArrays,
    *,
    rng: np.random.Generator,
    options: StudyOptions = StudyOptions(),
    verifier: VerifierScores | None = None,
) -> DifficultyStudy:
    """Bin, split, choose per level on half A at each budget, and report on half B (module docstring).

    The cost unit is tokens per problem, or samples where the pool records no tokens.
    """
    o = options
    tie_rng, split_rng, mc_rng, boot_rng = rng.spawn(4)
    levels = difficulty_bins(easiness(arrays, o.source, verifier=verifier), bins=o.bins, rng=tie_rng)
    first, second = split_halves(levels, rng=split_rng)
    table = candidates(arrays, rng=mc_rng, ks=o.ks, strategies=o.strategies, verifier=verifier, method=o.method)
    budgets = sorted(set(table.cost.tolist())) if o.budgets is None else sorted(float(b) for b in o.budgets)
    picks = [select(table, levels, first, budget=b) for b in budgets]
    per_row = np.stack([pick[levels[second]] for pick in picks], axis=1)  # (|B|, budgets): chosen column
    optimal_values = np.take_along_axis(table.values[second], per_row, axis=1)
    counts = bootstrap_counts(second.size, resamples=o.resamples, rng=boot_rng)
    estimates = intervals(np.concatenate([optimal_values, table.values[second]], axis=1), counts)
    fixed = tuple(
        FixedPoint(
            strategy=table.strategies[m], k=table.ks[m], cost=float(table.cost[m]), estimate=estimates[len(picks) + m]
        )
        for m in range(table.cost.size)
    )
    one_level = np.zeros_like(levels)
    optimal = tuple(
        OptimalPoint(
            budget=budget,
            cost=float(table.cost[per_row[:, j]].mean()),
            estimate=estimates[j],
            choices=_choices(table, levels, first, picks[j]),
            baseline=fixed[int(select(table, one_level, first, budget=budget)[0])],
        )
        for j, budget in enumerate(budgets)
    )
    return DifficultyStudy(source=o.source, bins=o.bins, unit=table.unit, selection_problems=int(first.size),
                           evaluation_problems=int(second.size), optimal=optimal, fixed=fixed)  # fmt: skip


def _choices(
    table: Candidates, levels: NDArray[np.int64], first: NDArray, pick: NDArray[np.int64]
) -> tuple[Choice, ...]:
    """The candidate chosen for each level, with its accuracy on the selection half."""
    return tuple(
        Choice(
            level=d + 1,
            strategy=table.strategies[m],
            k=table.ks[m],
            selection_accuracy=float(table.values[first[levels[first] == d], m].mean()),
        )
        for d, m in enumerate(pick.tolist())
    )
