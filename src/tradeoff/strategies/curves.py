"""Accuracy-vs-budget curves of a pool: every strategy at every requested k, with 95 % intervals.

This composes the estimators (one module each) and the bootstrap; it reads arrays and returns records.
sampled@1 and greedy are single figures at k = 1; majority, weighted majority, best-of-k and pass@k are
curves over ``ks``. Verifier strategies (weighted, best_of) need a verifier's scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from tradeoff.errors import ConfigError
from tradeoff.strategies.arrays import PoolArrays, VerifierScores
from tradeoff.strategies.best_of_k import best_of_k
from tradeoff.strategies.bootstrap import bootstrap_counts, curve_points
from tradeoff.strategies.majority import majority_at_k
from tradeoff.strategies.pass_at_k import pass_at_k
from tradeoff.strategies.records import (
    STRATEGIES,
    VERIFIER_STRATEGIES,
    CurvePoint,
    EstimatorOptions,
    PerProblem,
    Strategy,
    check_ks,
)
from tradeoff.strategies.sampled import greedy as greedy_accuracy
from tradeoff.strategies.sampled import sampled_at_1
from tradeoff.strategies.weighted import weighted_majority_at_k


@dataclass(frozen=True, slots=True, kw_only=True)
class PoolCurves:
    """A pool's curves: which pool, its size, the verifier used (if any) and every figure.

    For paired comparisons across configurations the per-problem values stay too: ``per_problem`` (one
    :class:`PerProblem` per strategy, rows in ``problem_ids`` order) and ``tokens`` (P,), the mean tokens one
    sample of each problem spends (generated, plus the verifier's for ranked strategies)."""

    pool: str
    problems: int
    samples_per_problem: int
    verifier: str | None
    points: tuple[CurvePoint, ...]
    problem_ids: tuple[str, ...] = ()
    per_problem: tuple[PerProblem, ...] = field(default=(), compare=False)
    tokens: NDArray[np.float64] | None = field(default=None, compare=False)

    def values(self, strategy: Strategy, k: int) -> NDArray[np.float64] | None:
        """Per-problem expected accuracy of ``strategy`` at ``k`` (None when not kept)."""
        for result in self.per_problem:
            if result.strategy == strategy and k in result.ks:
                return np.asarray(result.values[:, result.ks.index(k)], dtype=float)
        return None

    def to_dict(self) -> dict[str, Any]:
        """The figures as JSON-ready data (the per-problem arrays stay out)."""
        return {
            "pool": self.pool,
            "problems": self.problems,
            "samples_per_problem": self.samples_per_problem,
            "verifier": self.verifier,
            "points": [{"label": p.label, **asdict(p)} for p in self.points],
        }


def default_strategies(*, verifier: bool, greedy: bool) -> tuple[Strategy, ...]:
    return tuple(s for s in STRATEGIES if (verifier or s not in VERIFIER_STRATEGIES) and (greedy or s != "greedy"))


def pool_curves(
    arrays: PoolArrays,
    *,
    rng: np.random.Generator,
    ks: Sequence[int] | None = None,
    strategies: Sequence[Strategy] | None = None,
    verifier: VerifierScores | None = None,
    greedy: PoolArrays | None = None,
    options: EstimatorOptions = EstimatorOptions(),
    pool: str = "pool",
) -> PoolCurves:
    """Curves of ``arrays`` for ``strategies`` (all that apply by default) at ``ks`` (every k by default).

    ``greedy`` is a greedy pool aligned row by row with ``arrays``; ``verifier`` holds its scores; ``options``
    set the bootstrap and the voting estimators.
    """
    chosen = check_ks(ks, arrays.samples, pool=f"pool {pool!r}")
    wanted = tuple(strategies or default_strategies(verifier=verifier is not None, greedy=greedy is not None))
    for s in wanted:
        if s in VERIFIER_STRATEGIES and verifier is None:
            raise ConfigError(f"strategy {s!r} needs a verifier; add --verifier self_certainty (or oracle)")
        if s == "greedy" and greedy is None:
            raise ConfigError("strategy 'greedy' needs a greedy pool of the same problems in the run; sample one")
    boot_rng, mc_rng = rng.spawn(2)
    counts = bootstrap_counts(arrays.problems, resamples=options.resamples, rng=boot_rng)
    tokens = float(arrays.tokens.mean())
    judged = tokens + (float(verifier.tokens.mean()) if verifier is not None else 0.0)
    points: list[CurvePoint] = []
    kept: list[PerProblem] = []
    for s in wanted:
        if s == "greedy" and greedy is not None:
            points += curve_points(greedy_accuracy(greedy), counts, tokens_per_sample=float(greedy.tokens.mean()))
            continue
        result = _estimate(s, arrays, verifier, ks=chosen, options=options, rng=mc_rng)
        if result is not None:
            points += curve_points(result, counts, tokens_per_sample=judged if s in VERIFIER_STRATEGIES else tokens)
            kept.append(result)
    per_sample = arrays.tokens.mean(axis=1)
    if verifier is not None:
        per_sample = per_sample + verifier.tokens.mean(axis=1)
    return PoolCurves(
        pool=pool,
        problems=arrays.problems,
        samples_per_problem=arrays.samples,
        verifier=None if verifier is None else verifier.verifier,
        points=tuple(points),
        problem_ids=arrays.problem_ids,
        per_problem=tuple(kept),
        tokens=per_sample,
    )


def _estimate(
    strategy: Strategy,
    arrays: PoolArrays,
    verifier: VerifierScores | None,
    *,
    ks: Sequence[int],
    options: EstimatorOptions,
    rng: np.random.Generator,
) -> PerProblem | None:
    """One strategy's per-problem expectations (``None`` for a ranked strategy without a verifier)."""
    if strategy == "sampled":
        return sampled_at_1(arrays)
    if strategy == "majority":
        return majority_at_k(arrays, ks=ks, method=options.method, draws=options.draws, rng=rng)
    if strategy == "pass":
        return pass_at_k(arrays, ks=ks)
    if verifier is None:
        return None
    if strategy == "weighted":
        return weighted_majority_at_k(arrays, verifier, ks=ks, method=options.method, draws=options.draws, rng=rng)
    if strategy == "best_of":
        return best_of_k(arrays, verifier, ks=ks)
    return None


def select_points(
    curves: PoolCurves, *, ks: Sequence[int] | None = None, strategies: Sequence[Strategy] | None = None
) -> PoolCurves:
    """``curves`` kept to ``strategies`` and budgets ``ks`` (single figures — sampled@1, greedy — stay)."""
    points = [p for p in curves.points if strategies is None or p.strategy in strategies]
    points = [p for p in points if ks is None or p.k in ks or p.strategy in ("sampled", "greedy")]
    return replace(curves, points=tuple(points))
