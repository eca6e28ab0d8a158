"""Inference scaling: accuracy against inference FLOPs per model size, and the compute-optimal size.

Source: Wu, Sun, Li, Welleck & Yang 2024, "Inference Scaling Laws: An Empirical Analysis of
Compute-Optimal Inference for Problem-Solving with Language Models" (arXiv:2408.00724). Each measurement
is one (model size, strategy, setting) with its inference FLOPs per problem — 2·N per processed token
(Kaplan et al. 2020), so 2·N·(prompt + generated tokens) summed over samples — and its accuracy.

- The *frontier* of one model size is the upper-left Pareto set over all its strategies and settings:
  the points that no other point beats on both cost (fewer FLOPs) and accuracy.
- The *compute-optimal model size* at a budget C is the size whose best point within C is the most
  accurate: best(s, C) = max{acc_i : size_i = s, flops_i <= C}, size*(C) = argmax_s best(s, C). It is a
  step function of C; Wu et al. observe that it grows with the budget (a smaller model with more samples
  wins at small budgets).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tradeoff.errors import DataError
from tradeoff.frontier.economics import frontier_mask
from tradeoff.laws._lbfgs import Array


@dataclass(frozen=True, slots=True)
class InferencePoints:
    """Measured (model size, strategy, inference FLOPs per problem, accuracy) rows."""

    sizes: Array
    strategies: NDArray[np.str_]
    flops: Array
    accuracy: Array

    @classmethod
    def of(cls, sizes: ArrayLike, strategies: ArrayLike, flops: ArrayLike, accuracy: ArrayLike) -> InferencePoints:
        points = cls(
            np.asarray(sizes, dtype=float),
            np.asarray(strategies, dtype=str),
            np.asarray(flops, dtype=float),
            np.asarray(accuracy, dtype=float),
        )
        shapes = {points.sizes.shape, points.strategies.shape, points.flops.shape, points.accuracy.shape}
        if len(shapes) != 1 or points.sizes.ndim != 1 or points.sizes.size == 0:
            raise DataError("sizes, strategies, FLOPs and accuracies must be non-empty 1-d arrays of one length")
        if np.any(points.sizes <= 0) or np.any(points.flops <= 0):
            raise DataError("model sizes and inference FLOPs must be positive")
        if np.any((points.accuracy < 0) | (points.accuracy > 1)):
            raise DataError("accuracies must lie in [0, 1]")
        return points


def pareto_frontier(flops: ArrayLike, accuracy: ArrayLike) -> NDArray[np.intp]:
    """Indices of the points no other point dominates (<= FLOPs and >= accuracy, one strictly), cheapest first —
    :func:`tradeoff.frontier.economics.frontier_mask`, the one Pareto rule (exact ties dominate neither way)."""
    f, a = np.asarray(flops, dtype=float), np.asarray(accuracy, dtype=float)
    keep = np.flatnonzero(frontier_mask(f, a))
    return np.asarray(keep[np.lexsort((-a[keep], f[keep]))], dtype=np.intp)


def frontiers(points: InferencePoints) -> dict[float, NDArray[np.intp]]:
    """Model size → indices (into ``points``) of its accuracy-vs-FLOPs frontier over all strategies."""
    out: dict[float, NDArray[np.intp]] = {}
    for size in np.unique(points.sizes):
        rows = np.flatnonzero(points.sizes == size)
        out[float(size)] = rows[pareto_frontier(points.flops[rows], points.accuracy[rows])]
    return out


@dataclass(frozen=True, slots=True)
class OptimalSizes:
    """At each budget: the best model size, its accuracy and the point (index) that achieves it; −1 if none fits."""

    budgets: Array
    sizes: Array
    accuracy: Array
    index: NDArray[np.intp]


def optimal_size(points: InferencePoints, budgets: ArrayLike) -> OptimalSizes:
    """size*(C) for each budget C (inference FLOPs per problem); NaN where no measured point fits in C."""
    c = np.asarray(budgets, dtype=float)
    fits = points.flops[None, :] <= c[:, None]  # (budgets, points)
    score = np.where(fits, points.accuracy[None, :], -np.inf)
    # ties in accuracy go to the cheaper point, then the smaller model
    order = np.lexsort((points.sizes, points.flops, -points.accuracy))
    ranked = score[:, order]
    best = order[np.argmax(ranked, axis=1)]
    none = ~fits.any(axis=1)
    index = np.where(none, -1, best).astype(np.intp)
    sizes = np.where(none, np.nan, points.sizes[best])
    accuracy = np.where(none, np.nan, points.accuracy[best])
    return OptimalSizes(c, sizes, accuracy, index)
