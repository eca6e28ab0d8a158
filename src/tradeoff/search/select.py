"""Choosing the final answer among a search's final paths.

- ``majority``: the most frequent extracted final answer (self-consistency, Wang et al. 2023);
- ``weighted``: the answer with the largest summed score, weight = score (a process reward model's
  probability) or exp(score) for log-probability scores ("best-of-N weighted", Snell et al. 2024, which
  they use to pick the answer of beam search; also Wu et al. 2024's weighted voting);
- ``best``: the single highest-scoring path.

Paths without an extracted answer vote for nothing; if no path has one, the best-scoring (or first) path
is returned. Ties go to the answer seen first, so the choice is deterministic. The returned node is the
highest-scoring path that carries the winning answer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tradeoff.search.base import Node, Select
from tradeoff.search.steps import Tree


def choose(tree: Tree, finals: Sequence[Node], how: Select) -> Node:
    """The node whose path gives the final answer (see the module docstring)."""
    if not finals:
        raise ValueError("a search must end with at least one final path")
    ranked = sorted(finals, key=lambda n: -tree.value(n)) if tree.scores else list(finals)
    if how == "best":
        return ranked[0]
    scorer = tree.context.scorer
    log_scale = scorer is not None and scorer.log_scale
    totals: dict[str, float] = {}
    for node in finals:
        answer = tree.context.task.extract(tree.text(node)).answer
        if answer is None:
            continue
        if how == "majority" or node.id not in tree.scores:
            weight = 1.0
        else:
            value = tree.value(node)
            weight = math.exp(value) if log_scale else max(value, 0.0)
        totals[answer] = totals.get(answer, 0.0) + weight
    if not totals:
        return ranked[0]
    winner = max(totals, key=lambda a: totals[a])  # max keeps the first of equal totals (insertion order)
    return next(n for n in ranked if tree.context.task.extract(tree.text(n)).answer == winner)


def leader_share(answers: Sequence[str | None]) -> tuple[str | None, float]:
    """The most frequent answer among ``answers`` and its share of all of them (unanswered count, but never lead)."""
    counts: dict[str, int] = {}
    for answer in answers:
        if answer is not None:
            counts[answer] = counts.get(answer, 0) + 1
    if not counts:
        return None, 0.0
    leader = max(counts, key=lambda a: counts[a])
    return leader, counts[leader] / len(answers)
