"""REBASE, reward-balanced search (Wu et al. 2024, "Inference Scaling Laws: An Empirical Analysis of
Compute-Optimal Inference for Problem-Solving with Language Models", arXiv:2408.00724, §3.2).

A width budget N: the prompt is expanded into N first steps. At each depth, every unfinished node
n_j of the newest depth is expanded into

    W_j = W · exp(R(n_j)/T) / Σ_k exp(R(n_k)/T)

children, R the step verifier's score of the path, T the ``balance_temperature``, and W the remaining
width: N minus the paths that have finished so far (a finished answer consumes width). Wu et al. round
each W_j; here the counts are apportioned by largest remainder so that they add up to exactly W (no depth
exceeds the budget). The search stops when the finished paths use up the width, no node is left to
expand, or ``max_steps`` is reached (then the unfinished leaves count as final). The answer is chosen
among the final paths by ``select`` (Wu et al. use weighted majority voting).
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

from tradeoff.errors import ConfigError
from tradeoff.search.base import Context, Node, Search, Select
from tradeoff.search.select import choose
from tradeoff.search.steps import Tree, distribute


class RebaseOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_steps: int = Field(8, gt=0)
    balance_temperature: float = Field(0.2, gt=0)
    select: Select = "weighted"


def softmax_weights(values: list[float], temperature: float) -> list[float]:
    """exp(v/T) normalised, computed stably (an unscored ``-inf`` gets weight 0 unless all are)."""
    top = max(values)
    if top == float("-inf"):
        return [1.0] * len(values)
    raw = [math.exp((v - top) / temperature) for v in values]
    total = sum(raw)
    return [r / total for r in raw]


class Rebase:
    name = "rebase"
    stepwise = True
    needs_scorer = True

    def __init__(self, *, width: int, options: RebaseOptions) -> None:
        self.options = options

    def round_size(self, budget: int) -> int:
        return budget

    def check_budget(self, budget: int) -> None:
        if budget <= 0:
            raise ConfigError(f"rebase: budget must be positive, got {budget}")

    def search(self, context: Context, budget: int) -> Search:
        tree = Tree(context)
        finished: list[Node] = []
        frontier: list[Node | None] = [None]
        counts = [budget]
        leaves: list[Node] = []
        for _ in range(self.options.max_steps):
            new = yield from tree.expand([(node, count, 0) for node, count in zip(frontier, counts, strict=True)])
            tree.score(new)
            finished += [n for n in new if n.terminal]
            leaves = [n for n in new if not n.terminal]
            width = budget - len(finished)
            if width <= 0 or not leaves:
                break
            weights = softmax_weights([tree.value(n) for n in leaves], self.options.balance_temperature)
            counts = distribute(width, weights)
            frontier = list(leaves)
        finals = finished + (leaves if len(finished) < budget else [])
        return tree.outcome(choose(tree, finals, self.options.select), finals)
