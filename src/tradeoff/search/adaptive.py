"""Adaptive self-consistency: sample until the leading answer is clear enough, at most N samples.

Aggarwal et al. 2023 ("Let's Sample Step by Step: Adaptive-Consistency for Efficient Reasoning and Coding
with LLMs", EMNLP 2023) stop sampling once a stopping criterion on the answer distribution is met; tradeoff
uses the simplest such criterion: after at least ``min_samples`` samples, stop when the leading final
answer's share of the samples drawn reaches ``threshold`` (unanswered samples count in the denominator).
The answer is the majority answer. Samples are drawn ``step`` at a time with sample indices 0, 1, 2, …,
so sample i is the same draw as sample i of a pool with the same settings. ``samples`` in the outcome is
the number actually drawn; its mean over problems is the strategy's real budget.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tradeoff.errors import ConfigError
from tradeoff.search.base import Context, Node, Search
from tradeoff.search.select import choose, leader_share
from tradeoff.search.steps import Tree


class AdaptiveOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: float = Field(0.7, gt=0, le=1)
    min_samples: int = Field(2, gt=0)
    step: int = Field(1, gt=0)


class AdaptiveConsistency:
    name = "adaptive"
    stepwise = False
    needs_scorer = False

    def __init__(self, *, width: int, options: AdaptiveOptions) -> None:
        self.options = options

    def round_size(self, budget: int) -> int:
        return min(self.options.step, budget)

    def check_budget(self, budget: int) -> None:
        if budget <= 0:
            raise ConfigError(f"adaptive: budget must be positive, got {budget}")

    def search(self, context: Context, budget: int) -> Search:
        tree = Tree(context, stepwise=False)
        drawn: list[Node] = []
        answers: list[str | None] = []
        while len(drawn) < budget:
            count = min(self.options.step, budget - len(drawn))
            new = yield from tree.expand([(None, count, len(drawn))])
            drawn += new
            answers += [context.task.extract(n.text).answer for n in new]
            _, share = leader_share(answers)
            if len(drawn) >= self.options.min_samples and share >= self.options.threshold:
                break
        return tree.outcome(choose(tree, drawn, "majority"), drawn, samples=len(drawn))
