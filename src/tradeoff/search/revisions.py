"""Sequential revisions (Snell et al. 2024, "Scaling LLM Test-Time Compute Optimally can be More Effective
than Scaling Model Parameters", arXiv:2408.03314, §6).

With budget N the model writes a chain of N attempts; attempt i sees the question and the previous
``context`` attempts (Snell et al. condition on up to four) and is asked to correct them. Snell et al.
fine-tune a revision model; tradeoff prompts the model under test, so the revision request is one user
turn: the question, the earlier attempts, and the instruction to review them and solve again ending with
the task's marker. The final answer is chosen over the whole chain, by majority (Snell et al.'s
sequential majority) or, with a step verifier, by ``weighted`` / ``best`` over each attempt's score.
Each attempt is a node whose parent is the attempt before it; all N attempts are counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from tradeoff.errors import ConfigError
from tradeoff.search.base import Context, Node, Search, Select
from tradeoff.search.select import choose
from tradeoff.search.steps import Tree
from tradeoff.types import Message

REVISE = (
    "Review the previous attempts above, find any mistakes, and solve the problem again step by step. "
    "End your response in the same format as asked before."
)


class RevisionOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    context: int = Field(4, gt=0)
    select: Select = "majority"


def revision_messages(messages: tuple[Message, ...], attempts: Sequence[str]) -> tuple[Message, ...]:
    """The task's prompt with its question followed by the previous attempts and the revision instruction."""
    if not attempts:
        return messages
    shown = "\n\n".join(f"Attempt {i + 1}:\n{text.strip()}" for i, text in enumerate(attempts))
    question = messages[-1].content
    return (*messages[:-1], Message("user", f"{question}\n\nPrevious attempts:\n\n{shown}\n\n{REVISE}"))


class Revisions:
    name = "revisions"
    stepwise = False
    needs_scorer = False

    def __init__(self, *, width: int, options: RevisionOptions) -> None:
        self.options = options

    def round_size(self, budget: int) -> int:
        return 1

    def check_budget(self, budget: int) -> None:
        if budget <= 0:
            raise ConfigError(f"revisions: budget must be positive, got {budget}")

    def search(self, context: Context, budget: int) -> Search:
        if self.options.select != "majority" and context.scorer is None:
            raise ConfigError(
                f"revisions with select={self.options.select} needs a step verifier; "
                "pass --step-verifier or use --strategy-option select=majority"
            )
        tree = Tree(context, stepwise=False)
        chain: list[Node] = []
        for _ in range(budget):
            attempts = [n.text for n in chain[-self.options.context :]]
            prompt = revision_messages(context.messages, attempts)
            parent = chain[-1] if chain else None
            new = yield from tree.expand([(parent, 1, 0)], messages=[prompt])
            tree.score(new, alone=True)
            chain += new
        return tree.outcome(choose(tree, chain, self.options.select), chain)
