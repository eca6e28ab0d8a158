"""Beam search guided by a step verifier (Snell et al. 2024, "Scaling LLM Test-Time Compute Optimally
can be More Effective than Scaling Model Parameters", arXiv:2408.03314, §5.2; as implemented in
Hugging Face's search-and-learn).

With budget N and beam width m (m divides N): sample N first steps; score each path with the step
verifier; keep the N/m best unfinished paths and sample m next steps from each (N again); repeat until N
paths have finished or ``max_steps`` is reached. A path finishes when a step states the final answer, is
empty or hits the token limit; finished paths leave the beam. The final answer is chosen among the
finished paths (topped up with the unfinished ones if fewer than N finished) by ``select``, by default
best-of-N weighted as in Snell et al.

Every step is a counted generation: search-and-learn records 0 or -1 tokens for beam search; here each
step's generated and re-read (prompt) tokens are those the backend reported.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from tradeoff.errors import ConfigError
from tradeoff.search.base import Context, Node, Search, Select
from tradeoff.search.select import choose
from tradeoff.search.steps import Tree, distribute


class BeamOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_steps: int = Field(8, gt=0)
    select: Select = "weighted"


def check_width(budget: int, width: int, strategy: str) -> None:
    """Budget N must be a positive multiple of the beam width m (one-line error naming the nearest valid N)."""
    if budget < width or budget % width:
        nearest = max(width, round(budget / width) * width)
        raise ConfigError(
            f"{strategy}: budget {budget} is not a multiple of the beam width {width}; "
            f"use {nearest} (budgets must be multiples of --beam-width)"
        )


class BeamSearch:
    name = "beam"
    stepwise = True
    needs_scorer = True

    def __init__(self, *, width: int, options: BeamOptions) -> None:
        self.width, self.options = width, options

    def round_size(self, budget: int) -> int:
        return budget

    def check_budget(self, budget: int) -> None:
        check_width(budget, self.width, self.name)

    def search(self, context: Context, budget: int) -> Search:
        tree = Tree(context)
        keep = budget // self.width
        beams: list[Node | None] = [None]
        finished: list[Node] = []
        active: list[Node] = []
        for _ in range(self.options.max_steps):
            counts = distribute(budget, [1.0] * len(beams))
            new = yield from tree.expand([(node, count, 0) for node, count in zip(beams, counts, strict=True)])
            tree.score(new)
            finished += [n for n in new if n.terminal]
            active = [n for n in new if not n.terminal]
            if len(finished) >= budget or not active:
                break
            beams = [n for n in sorted(active, key=lambda n: -tree.value(n))[:keep]]
        finals = sorted(finished, key=lambda n: -tree.value(n))[:budget]
        if len(finals) < budget:
            finals += sorted(active, key=lambda n: -tree.value(n))[: budget - len(finals)]
        return tree.outcome(choose(tree, finals, self.options.select), finals)
