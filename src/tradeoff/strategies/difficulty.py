"""Question difficulty from a pool, difficulty bins, a seeded split in halves, and the candidate table.

Snell et al. 2024 ("Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model
Parameters", arXiv:2408.03314, §3.2) bin questions into five levels by the base model's pass@1, and
without gold answers by the mean verifier score of the samples ("model-predicted difficulty"). Here a
problem's *easiness* e_p (higher is easier) comes from its own pool of n samples:

    oracle:     e_p = c_p / n                   (pass@1; needs the gold answer — an upper bound)
    verifier:   e_p = (1/n) Σ_i s_{p,i}         (the mean verifier score; no gold)
    agreement:  e_p = max_a m_{p,a} / n         (the share of the most common final answer; no gold)

Problems are ranked by e_p, easiest first, ties broken by a seeded permutation, and cut into ``bins``
equal-size levels: level 1 holds the easiest P/bins problems. The halves are drawn within each level
(stratified), so every level has problems in both. The candidate table lists each deployable strategy
(sampled@1, majority@k, weighted@k, best-of-k) at each k with its per-problem expected accuracy and its
cost per problem: k × (mean generated tokens + the verifier's tokens for verifier strategies), or k
samples when the pool records no tokens. pass@k is not a candidate: it needs the gold answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from tradeoff.errors import ConfigError
from tradeoff.strategies.arrays import PoolArrays, VerifierScores
from tradeoff.strategies.best_of_k import best_of_k
from tradeoff.strategies.majority import majority_at_k
from tradeoff.strategies.records import VERIFIER_STRATEGIES, Method, PerProblem, Strategy, check_ks
from tradeoff.strategies.sampled import sampled_at_1
from tradeoff.strategies.weighted import weighted_majority_at_k

DifficultySource = Literal["oracle", "verifier", "agreement"]
DEPLOYABLE: tuple[Strategy, ...] = ("sampled", "majority", "weighted", "best_of")


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Candidates:
    """Strategy ``strategies[m]`` at budget ``ks[m]``: ``values[:, m]`` per problem, ``cost[m]`` per problem."""

    strategies: tuple[Strategy, ...]
    ks: tuple[int, ...]
    cost: NDArray[np.float64]
    values: NDArray[np.float64]
    unit: Literal["tokens", "samples"]


def easiness(arrays: PoolArrays, source: DifficultySource, *, verifier: VerifierScores | None = None) -> NDArray:
    """(P,): how easy each problem looks by ``source`` (higher is easier); see the module docstring."""
    if source == "oracle":
        return np.asarray(arrays.correct.mean(axis=1), dtype=float)
    if source == "agreement":
        return np.asarray(arrays.counts().max(axis=1) / arrays.samples, dtype=float)
    if source == "verifier":
        if verifier is None:
            raise ConfigError("difficulty from verifier scores needs a verifier; add --verifier NAME")
        return np.asarray(verifier.scores.mean(axis=1), dtype=float)
    raise ConfigError(f"difficulty source must be oracle, verifier or agreement, got {source!r}")


def difficulty_bins(values: NDArray, *, bins: int, rng: np.random.Generator) -> NDArray[np.int64]:
    """(P,): the level of each problem, 0 = easiest, ``bins`` equal-size levels by rank (ties: seeded)."""
    p = int(values.shape[0])
    if bins < 1:
        raise ConfigError(f"bins must be at least 1, got {bins}")
    if p < 2 * bins:
        raise ConfigError(f"{p} problems are too few for {bins} difficulty bins; use --bins {max(1, p // 2)} or fewer")
    shuffle = rng.permutation(p)
    order = shuffle[np.argsort(-values[shuffle], kind="stable")]
    levels = np.empty(p, dtype=np.int64)
    levels[order] = np.arange(p) * bins // p
    return levels


def split_halves(levels: NDArray[np.int64], *, rng: np.random.Generator) -> tuple[NDArray, NDArray]:
    """Row indices of half A (selection) and half B (evaluation), drawn at random within each level."""
    first: list[int] = []
    for level in np.unique(levels):
        rows = rng.permutation(np.nonzero(levels == level)[0])
        first += rows[: rows.size // 2].tolist()
    mask = np.zeros(levels.shape[0], dtype=bool)
    mask[first] = True
    return np.nonzero(mask)[0], np.nonzero(~mask)[0]


def candidates(
    arrays: PoolArrays,
    *,
    rng: np.random.Generator,
    ks: Sequence[int] | None = None,
    strategies: Sequence[Strategy] | None = None,
    verifier: VerifierScores | None = None,
    method: Method = "auto",
    draws: int = 64,
) -> Candidates:
    """Every (strategy, k) with its per-problem expected accuracy and cost (see the module docstring)."""
    chosen = check_ks(ks, arrays.samples)
    wanted = tuple(strategies or (s for s in DEPLOYABLE if verifier is not None or s not in VERIFIER_STRATEGIES))
    for s in wanted:
        if s not in DEPLOYABLE:
            raise ConfigError(f"strategy {s!r} cannot be chosen per difficulty; use {', '.join(DEPLOYABLE)}")
        if s in VERIFIER_STRATEGIES and verifier is None:
            raise ConfigError(f"strategy {s!r} needs a verifier; add --verifier self_certainty (or another)")
    generated = float(arrays.tokens.mean())
    judged = generated + (float(verifier.tokens.mean()) if verifier is not None else 0.0)
    unit: Literal["tokens", "samples"] = "tokens" if generated > 0 else "samples"
    results: list[tuple[PerProblem, float]] = []
    for s in wanted:
        if s == "sampled":
            results.append((sampled_at_1(arrays), generated))
        elif s == "majority":
            results.append((majority_at_k(arrays, ks=chosen, method=method, draws=draws, rng=rng), generated))
        elif s == "weighted" and verifier is not None:
            result = weighted_majority_at_k(arrays, verifier, ks=chosen, method=method, draws=draws, rng=rng)
            results.append((result, judged))
        elif s == "best_of" and verifier is not None:
            results.append((best_of_k(arrays, verifier, ks=chosen), judged))
    names = tuple(r.strategy for r, _ in results for _ in r.ks)
    budgets = tuple(k for r, _ in results for k in r.ks)
    per_sample = [tokens for r, tokens in results for _ in r.ks]
    cost = np.array([k * (t if unit == "tokens" else 1.0) for k, t in zip(budgets, per_sample, strict=True)])
    return Candidates(
        strategies=names,
        ks=budgets,
        cost=cost,
        values=np.concatenate([r.values for r, _ in results], axis=1),
        unit=unit,
    )
