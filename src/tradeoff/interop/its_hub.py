"""Run its_hub's algorithms over problems on a tradeoff backend, and score the answers with the task.

``run_its_hub(algorithm, problems, budget, backend, task=…)`` wraps ``backend`` in a
:class:`~tradeoff.interop.its_hub_lm.BackendLanguageModel`, runs ``algorithm.ainfer(lm, messages,
budget)`` on every problem (up to ``concurrency`` problems in flight), projects each chosen response to its
final answer with the task, checks it against the gold answer, and returns an :class:`ItsHubRun`: the
answers, the accuracy with its Wilson interval, every token and second the backend spent (``Usage``), the
tokens the reward models spent, and the wall time. :func:`infer_all` does the same for any its_hub
language model (e.g. its own OpenAI-compatible client), which is how a benchmark compares the two.

its_hub re-generates for every call: a budget of N is N fresh samples per problem (its self-consistency
and best-of-N send N separate requests). tradeoff instead samples one pool and estimates every budget from
it (``strategies/``); this module is the its_hub side of that comparison, and the way to run its search
algorithms (particle filtering, beam search) with tradeoff's token accounting.

Determinism: its_hub draws tie-breaks and resampling from Python's and NumPy's global generators; they are
seeded with ``seed`` for the run and restored after it. Its default orchestrator acquires a thread
semaphore, so identical concurrent requests may take sample indices in any order; an algorithm built with
``orchestrator=LMOrchestrator(max_concurrency=-1)`` and ``concurrency=1`` repeats exactly.
"""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from tradeoff.backends.base import Backend
from tradeoff.errors import ConfigError
from tradeoff.interop.its_hub_lm import BackendLanguageModel, ChatMessage
from tradeoff.interop.its_hub_rewards import StepVerifierRewardModel, VerifierRewardModel
from tradeoff.stats import Estimate, wilson
from tradeoff.tasks.base import Task
from tradeoff.types import Problem, SamplingParams, Usage


@dataclass(frozen=True, slots=True)
class ItsHubAnswer:
    """The response its_hub chose for one problem, its final answer and whether that is right."""

    problem_id: str
    text: str
    answer: str | None
    correct: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ItsHubRun:
    """One algorithm at one budget over a set of problems."""

    algorithm: str
    budget: int
    answers: tuple[ItsHubAnswer, ...]
    usage: Usage
    verifier_tokens: int
    seconds: float

    @property
    def accuracy(self) -> Estimate:
        return wilson(sum(a.correct for a in self.answers), len(self.answers))


def answer_projection(task: Task) -> Callable[[str], str]:
    """its_hub's self-consistency projection: vote on the task's final answer, never the whole text.

    A response without a final answer gets a key of its own, so unanswered responses never win a vote
    together (tradeoff's majority@k lets them not vote at all; its_hub has no way to leave a response out).
    """
    unanswered = itertools.count()

    def project(text: str) -> str:
        answer = task.extract(text).answer
        return f"answer:{answer}" if answer is not None else f"unanswered:{next(unanswered)}"

    return project


def infer_all(
    algorithm: Any,
    lm: Any,
    problems: Sequence[Problem],
    budget: int,
    *,
    task: Task,
    seed: int = 0,
    concurrency: int = 8,
) -> tuple[ItsHubAnswer, ...]:
    """Run ``algorithm`` with its_hub language model ``lm`` on every problem; score the chosen answers."""
    if budget < 1 or concurrency < 1:
        raise ConfigError(f"budget and concurrency must be >= 1, got {budget} and {concurrency}")
    with _seeded(seed):
        texts = asyncio.run(_ainfer_all(algorithm, lm, problems, budget, task, concurrency))
    extracted = [task.extract(text).answer for text in texts]
    checked = task.equivalent([a or "" for a in extracted], [p.answer for p in problems])
    return tuple(
        ItsHubAnswer(problem_id=p.id, text=text, answer=answer, correct=answer is not None and ok)
        for p, text, answer, ok in zip(problems, texts, extracted, checked, strict=True)
    )


def run_its_hub(
    algorithm: Any,
    problems: Sequence[Problem],
    budget: int,
    backend: Backend,
    *,
    task: Task,
    params: SamplingParams | None = None,
    seed: int = 0,
    concurrency: int = 8,
) -> ItsHubRun:
    """``algorithm`` (an its_hub algorithm) at ``budget`` on ``problems`` through ``backend``.

    Reward adapters in the algorithm (``orm``/``prm``) that have no ``generations`` source read the
    samples' log-probabilities from this run's language-model adapter while it runs.
    """
    lm = BackendLanguageModel(backend, params=params)
    rewards = [r for r in (getattr(algorithm, "orm", None), getattr(algorithm, "prm", None)) if r is not None]
    ours = [r for r in rewards if isinstance(r, VerifierRewardModel | StepVerifierRewardModel)]
    spent_before = sum(r.tokens for r in ours)
    unbound = [r for r in ours if isinstance(r, VerifierRewardModel) and r.generations is None]
    for reward in unbound:
        reward.generations = lm.generation_for
    start = time.perf_counter()
    try:
        answers = infer_all(algorithm, lm, problems, budget, task=task, seed=seed, concurrency=concurrency)
    finally:
        for reward in unbound:
            reward.generations = None
        lm.close()
    return ItsHubRun(
        algorithm=type(algorithm).__name__,
        budget=budget,
        answers=answers,
        usage=lm.usage,
        verifier_tokens=sum(r.tokens for r in ours) - spent_before,
        seconds=time.perf_counter() - start,
    )


async def _ainfer_all(
    algorithm: Any, lm: Any, problems: Sequence[Problem], budget: int, task: Task, concurrency: int
) -> list[str]:
    gate = asyncio.Semaphore(concurrency)

    async def one(problem: Problem) -> str:
        messages = [ChatMessage(role=m.role, content=m.content) for m in task.messages(problem)]
        async with gate:
            response = await algorithm.ainfer(lm, messages, budget, return_response_only=True)
        content = response.get("content") if isinstance(response, dict) else None
        return content if isinstance(content, str) else ""

    try:
        return list(await asyncio.gather(*(one(p) for p in problems)))
    finally:
        if hasattr(lm, "close_session"):  # its_hub's OpenAI client keeps one HTTP session per event loop
            await lm.close_session(asyncio.get_running_loop())


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Seed the global generators its_hub draws from; restore them afterwards."""
    python_state, numpy_state = random.getstate(), np.random.get_state()
    random.seed(seed)
    np.random.seed(seed % 2**32)
    try:
        yield
    finally:
        random.setstate(python_state)
        np.random.set_state(numpy_state)
