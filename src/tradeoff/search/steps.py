"""Step-wise generation through a Backend: a search tree that asks for continuations and keeps every node.

A solution is a sequence of steps separated by a blank line (as in search-and-learn and Snell et al. 2024:
``stop=("\\n\\n",)``). To extend a path, the request's last message is the partial assistant answer —
the steps so far, each followed by a blank line — and the backend continues that message instead of
opening a new turn (the ``hf`` backend renders it with ``continue_final_message``). The model re-reads
the prompt and the partial path on every step: the backend reports those tokens as prompt tokens (and
what it actually computed as prefill), and :class:`Tree` keeps them per node.

A step ends its path when it states a final answer (the task's marker), is empty, or hit the token limit.
Several children of one node are one request with several sample indices (their prompt is prefilled
once, and each child is a seeded, distinct draw); ``offset`` shifts the indices so that independent
subtrees (DVTS) draw different children from the same prompt.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Sequence

from tradeoff.search.base import Context, Node, Scored, SearchCost, SearchOutcome
from tradeoff.types import ExtractionMethod, FinishReason, Generation, GenerationRequest, Message
from tradeoff.verifiers.steps import STEP_SEPARATOR, aggregate


def distribute(total: int, weights: Sequence[float]) -> list[int]:
    """Whole counts proportional to ``weights`` that add up to ``total`` (largest remainder, ties to the first)."""
    mass = sum(weights)
    if total <= 0 or not weights:
        return [0] * len(weights)
    if mass <= 0:
        weights, mass = [1.0] * len(weights), float(len(weights))
    shares = [total * w / mass for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


class Tree:
    """The nodes one search generated, their scores and its running cost (see the module docstring)."""

    def __init__(self, context: Context, *, stepwise: bool = True) -> None:
        self.context = context
        self.stepwise = stepwise
        self.nodes: list[Node] = []
        self.scores: dict[int, Scored] = {}
        self.cost = SearchCost()

    def path(self, node: Node | None) -> list[Node]:
        """The nodes from the prompt down to ``node`` (empty for the prompt itself)."""
        out: list[Node] = []
        while node is not None:
            out.append(node)
            node = None if node.parent is None else self.nodes[node.parent]
        return out[::-1]

    def text(self, node: Node | None) -> str:
        """The answer a node stands for: its path's steps joined (step-wise), or its own text (a sample)."""
        if node is not None and not self.stepwise:
            return node.text
        return STEP_SEPARATOR.join(n.text for n in self.path(node))

    def messages(self, node: Node | None) -> tuple[Message, ...]:
        """The prompt, then (for a step-wise search below the root) the partial answer to continue."""
        if node is None or not self.stepwise:
            return self.context.messages
        return (*self.context.messages, Message("assistant", self.text(node) + STEP_SEPARATOR))

    def expand(
        self,
        asks: Sequence[tuple[Node | None, int, int]],
        *,
        messages: Sequence[tuple[Message, ...]] | None = None,
    ) -> Generator[list[GenerationRequest], list[list[Generation]], list[Node]]:
        """Generate ``count`` children of each ``(node, count, offset)``; returns the new nodes in order.

        ``messages`` overrides the prompt of each ask (revisions write their own prompt).
        """
        wanted = [(i, node, count, offset) for i, (node, count, offset) in enumerate(asks) if count > 0]
        requests = [
            GenerationRequest(
                messages=self.messages(node) if messages is None else messages[i],
                params=self.context.params,
                sample_indices=tuple(range(offset, offset + count)),
            )
            for i, node, count, offset in wanted
        ]
        if not requests:
            return []
        replies = yield requests
        created: list[Node] = []
        for (_, node, _, _), generations in zip(wanted, replies, strict=True):
            for generation in generations:
                created.append(self._add(node, generation))
        return created

    def _add(self, parent: Node | None, generation: Generation) -> Node:
        depth = 0 if parent is None else parent.depth + 1
        if self.stepwise:
            text = generation.text.strip(STEP_SEPARATOR)
            stated = self.context.task.extract(text).method is ExtractionMethod.MARKER
            terminal = stated or not text.strip() or generation.finish_reason is FinishReason.LENGTH
        else:
            text, terminal = generation.text, True
        node = Node(
            id=len(self.nodes),
            parent=None if parent is None else parent.id,
            depth=depth,
            text=text,
            generation=generation,
            terminal=terminal,
        )
        self.nodes.append(node)
        self.cost += SearchCost.of(generation)
        return node

    def score(self, nodes: Sequence[Node], *, alone: bool = False) -> None:
        """Score each node's path (``alone``: the node by itself) with the context's scorer."""
        scorer = self.context.scorer
        if scorer is None or not nodes:
            return
        started = time.perf_counter()
        verdicts = scorer.score_paths(self.context.problem, [[n] if alone else self.path(n) for n in nodes])
        share = (time.perf_counter() - started) / len(nodes)
        for node, verdict in zip(nodes, verdicts, strict=True):
            value = aggregate(verdict.scores, self.context.aggregate)
            self.scores[node.id] = Scored(score=value, steps=verdict.scores, tokens=verdict.tokens, seconds=share)
            self.cost += SearchCost(verifier_tokens=verdict.tokens, verifier_seconds=share)

    def value(self, node: Node) -> float:
        """The node's path score (``-inf`` when unscored)."""
        scored = self.scores.get(node.id)
        return float("-inf") if scored is None else scored.score

    def outcome(self, chosen: Node, finals: Sequence[Node], *, samples: int | None = None) -> SearchOutcome:
        return SearchOutcome(
            text=self.text(chosen),
            chosen=chosen.id,
            finals=tuple(n.id for n in finals),
            samples=len(finals) if samples is None else samples,
            nodes=tuple(self.nodes),
            scores=dict(self.scores),
            cost=self.cost,
        )
