"""The vocabulary of search strategies: nodes, costs, outcomes, and the two protocols they meet at.

A search strategy runs for one problem at one budget as a *coroutine*: it yields a list of
:class:`~tradeoff.types.GenerationRequest` and is sent back the backend's generations, until it returns
its :class:`SearchOutcome`. The runner (:mod:`tradeoff.search.runner`) drives many problems' coroutines in
lockstep and merges their requests into one backend batch, so a CPU decodes many rows per step; a
strategy never sees the backend, and every token it spends is a :class:`~tradeoff.types.Generation` it
received. Each generation becomes one :class:`Node` (a step, an attempt or a sample), kept with its tokens,
so a search's cost is the sum over its nodes, exactly what the backend and the verifier reported.

A :class:`PathScorer` ranks partial solutions: one score per step of each path, and the tokens read.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from tradeoff.tasks.base import Task
from tradeoff.types import Generation, GenerationRequest, Message, Problem, SamplingParams
from tradeoff.verifiers.base import StepScores
from tradeoff.verifiers.steps import Aggregation

Select = Literal["weighted", "best", "majority"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    """One generation in a search tree: a step (beam, DVTS, REBASE), an attempt (revisions) or a sample.

    ``parent`` is ``None`` for a child of the prompt; ``terminal`` says the path ends here (a final
    answer was stated, the step was empty, or it hit the token limit).
    """

    id: int
    parent: int | None
    depth: int
    text: str
    generation: Generation
    terminal: bool


@dataclass(frozen=True, slots=True)
class SearchCost:
    """What a search spent; adds up with ``+``.

    ``completion_tokens``, ``prompt_tokens``, ``prefill_tokens`` and ``seconds`` are the sums of what the
    backend reported for every generation (a continuation re-reads its prompt and partial path: those are
    prompt tokens); ``verifier_tokens`` and ``verifier_seconds`` are what the step verifier read and took.
    """

    completion_tokens: int = 0
    prompt_tokens: int = 0
    prefill_tokens: int = 0
    seconds: float = 0.0
    verifier_tokens: int = 0
    verifier_seconds: float = 0.0
    generations: int = 0

    def __add__(self, other: SearchCost) -> SearchCost:
        return SearchCost(
            completion_tokens=self.completion_tokens + other.completion_tokens,
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            prefill_tokens=self.prefill_tokens + other.prefill_tokens,
            seconds=self.seconds + other.seconds,
            verifier_tokens=self.verifier_tokens + other.verifier_tokens,
            verifier_seconds=self.verifier_seconds + other.verifier_seconds,
            generations=self.generations + other.generations,
        )

    @classmethod
    def of(cls, generation: Generation) -> SearchCost:
        return cls(
            completion_tokens=generation.completion_tokens,
            prompt_tokens=generation.prompt_tokens,
            prefill_tokens=generation.prefill_tokens,
            seconds=generation.seconds,
            generations=1,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Scored:
    """A node's score: the path score (its step scores aggregated), the step scores, the tokens read."""

    score: float
    steps: tuple[float, ...]
    tokens: int
    seconds: float


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchOutcome:
    """One problem at one budget: the chosen path's text, the final candidates, every node and the cost.

    ``samples`` is the number of final paths or samples the answer was chosen from (for adaptive
    self-consistency, the samples it drew before stopping).
    """

    text: str
    chosen: int
    finals: tuple[int, ...]
    samples: int
    nodes: tuple[Node, ...]
    scores: dict[int, Scored]
    cost: SearchCost


class PathScorer(Protocol):
    """Scores paths of nodes, one score per step. ``logprobs``: generation must return token log-probs.
    ``log_scale``: scores are log-probabilities (a vote weight is ``exp(score)``)."""

    identity: str
    logprobs: bool
    log_scale: bool

    def score_paths(self, problem: Problem, paths: Sequence[Sequence[Node]]) -> list[StepScores]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What a strategy needs for one problem: its prompt, the decoding settings, the task (to see a final
    answer in a step) and the scorer (``None`` for strategies that vote)."""

    problem: Problem
    messages: tuple[Message, ...]
    params: SamplingParams
    task: Task
    scorer: PathScorer | None
    aggregate: Aggregation = "last"


Search = Generator[list[GenerationRequest], list[list[Generation]], SearchOutcome]


class SearchStrategy(Protocol):
    """A search strategy with its options bound; ``search`` is the coroutine for one problem and budget.

    ``stepwise`` strategies generate one step per request (stop on a blank line) and continue partial
    assistant messages; ``needs_scorer`` strategies cannot run without a step verifier.
    """

    name: str
    stepwise: bool
    needs_scorer: bool

    def round_size(self, budget: int) -> int:
        """The most generations one round of ``search`` asks for (the runner fills a backend batch with them)."""
        ...

    def check_budget(self, budget: int) -> None:
        """Raise a one-line ``ConfigError`` when this strategy cannot run at ``budget``."""
        ...

    def search(self, context: Context, budget: int) -> Search: ...
