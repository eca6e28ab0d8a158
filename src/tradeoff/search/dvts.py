"""Diverse verifier tree search, DVTS (Beeching, Tunstall and Rush 2024, "Scaling test-time compute with
open models", Hugging Face; implemented in search-and-learn).

Beam search's N/m beams tend to collapse onto one high-scoring prefix. DVTS instead splits the budget N
into N/m independent subtrees: each samples m candidate next steps, keeps the one the step verifier scores
highest (greedy on the verifier) and continues from it until it finishes or reaches ``max_steps``. The
subtrees draw different sample indices from the shared prompt, so they start apart. The final answer is
chosen among the N/m leaves by ``select``. Each step costs N generations, as in beam search.
"""

from __future__ import annotations

from tradeoff.search.base import Context, Node, Search
from tradeoff.search.beam import BeamOptions, check_width
from tradeoff.search.select import choose
from tradeoff.search.steps import Tree


class DVTS:
    name = "dvts"
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
        m = self.width
        heads: list[Node | None] = [None] * (budget // m)
        leaves: dict[int, Node] = {}
        for depth in range(self.options.max_steps):
            live = [j for j in range(len(heads)) if j not in leaves]
            if not live:
                break
            new = yield from tree.expand([(heads[j], m, j * m) for j in live])
            tree.score(new)
            for position, j in enumerate(live):
                best = max(new[position * m : (position + 1) * m], key=tree.value)
                heads[j] = best
                if best.terminal or depth == self.options.max_steps - 1:
                    leaves[j] = best
        finals = [leaves[j] for j in sorted(leaves)]
        return tree.outcome(choose(tree, finals, self.options.select), finals)
