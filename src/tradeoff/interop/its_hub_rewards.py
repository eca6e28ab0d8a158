"""tradeoff verifiers as its_hub's reward models.

- :class:`VerifierRewardModel`: a ``Verifier`` (``verifiers/base.py``) as its_hub's
  ``AbstractOutcomeRewardModel``, which BestOfN calls with whole conversations (the prompt and one
  candidate answer) and which returns one score per conversation (higher is better).
- :class:`StepVerifierRewardModel`: a ``StepVerifier`` as its_hub's ``AbstractProcessRewardModel``, which
  ParticleFiltering/BeamSearch call with the prompt and one partial solution per particle. The solution is
  split into steps on blank lines (as tradeoff's search does) and scored by its newest step. its_hub reads
  these scores as probabilities (particle filtering weighs particles by their logit), so ``scale``
  says what the step verifier returns: ``"probability"`` (in [0, 1], clipped away from the ends) or
  ``"logit"`` (any real; passed through the sigmoid).

Both find a conversation's :class:`Problem` through ``prompts`` (:func:`prompt_index`: the rendered user
message, and its_hub's ``"role: content"`` rendering of the whole prompt). A verifier that needs more than
the text (self-certainty reads token log-probabilities) gets the generation from ``generations``
(``BackendLanguageModel.generation_for``, or a server's record); without one the candidate is scored as
bare text. Tokens a verifier spends add up in :attr:`tokens`.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from tradeoff.errors import ConfigError, DataError
from tradeoff.interop.its_hub_lm import to_messages
from tradeoff.ledger import StoredSample
from tradeoff.registry import require
from tradeoff.tasks.base import Task
from tradeoff.types import FinishReason, Generation, Problem
from tradeoff.verifiers.base import StepVerifier, Verifier
from tradeoff.verifiers.steps import split_steps

require("its_hub", "itshub")
from its_hub.api import AbstractOutcomeRewardModel, AbstractProcessRewardModel, ChatMessages  # noqa: E402

GenerationLookup = Callable[[str], Generation | None]
Scale = Literal["probability", "logit"]
_EPS = 1e-6


def prompt_index(task: Task, problems: Sequence[Problem]) -> dict[str, Problem]:
    """Every way a reward model may see a problem's prompt → the problem."""
    index: dict[str, Problem] = {}
    for problem in problems:
        messages = task.messages(problem)
        users = [m.content for m in messages if m.role == "user"]
        if users:
            index[users[-1]] = problem
        index["\n".join(f"{m.role}: {m.content}" for m in messages)] = problem  # its_hub's ChatMessages.to_prompt
    return index


def _problem(prompts: Mapping[str, Problem], key: str) -> Problem:
    found = prompts.get(key)
    if found is None:
        raise DataError(
            f"reward model got a prompt not among its problems: {key[:60]!r}; build prompts with prompt_index()"
        )
    return found


def _sample(problem: Problem, index: int, text: str, generations: GenerationLookup | None) -> StoredSample:
    found = generations(text) if generations is not None else None
    generation = found or Generation(
        text=text, prompt_tokens=0, completion_tokens=0, finish_reason=FinishReason.STOP, seconds=0.0
    )
    return StoredSample(key=f"its_hub:{index}", problem_id=problem.id, sample_index=index, generation=generation)


class VerifierRewardModel(AbstractOutcomeRewardModel):
    def __init__(
        self, verifier: Verifier, prompts: Mapping[str, Problem], *, generations: GenerationLookup | None = None
    ) -> None:
        self.verifier, self.prompts, self.generations = verifier, dict(prompts), generations
        self.tokens = 0
        self._lock = threading.Lock()

    def score(self, messages: Any, **kwargs: Any) -> list[float] | float:
        """One score per conversation ``[*prompt, candidate]`` (one float for one conversation)."""
        single = not isinstance(messages[0], list)
        conversations = [messages] if single else messages
        items = []
        for index, conversation in enumerate(conversations):
            *prompt, candidate = to_messages(conversation)
            users = [m.content for m in prompt if m.role == "user"]
            if candidate.role != "assistant" or not users:
                raise ConfigError("an outcome reward model scores [*prompt, assistant answer] conversations")
            items.append(
                (
                    problem := _problem(self.prompts, users[-1]),
                    _sample(problem, index, candidate.content, self.generations),
                )
            )
        scores = self.verifier.score(items)
        with self._lock:
            self.tokens += sum(s.tokens for s in scores)
        values = [float(s.score) for s in scores]
        return values[0] if single else values

    async def ascore(self, messages: Any, orchestrator: Any = None, **kwargs: Any) -> list[float] | float:
        return await asyncio.to_thread(self.score, messages)


class StepVerifierRewardModel(AbstractProcessRewardModel):
    def __init__(self, verifier: StepVerifier, prompts: Mapping[str, Problem], *, scale: Scale = "probability") -> None:
        if scale not in ("probability", "logit"):
            raise ConfigError(f"scale must be 'probability' or 'logit', got {scale!r}")
        self.verifier, self.prompts, self.scale = verifier, dict(prompts), scale
        self.tokens = 0
        self._lock = threading.Lock()

    def score(self, prompt_or_messages: Any, steps: str | list[str]) -> list[float] | float:
        """One probability per partial solution in ``steps`` (one float for one solution)."""
        single = isinstance(steps, str)
        solutions: list[str] = [steps] if isinstance(steps, str) else list(steps)
        chat = ChatMessages.from_prompt_or_messages(prompt_or_messages)
        key = prompt_or_messages if isinstance(prompt_or_messages, str) else chat.to_prompt()
        problem = self.prompts.get(key) or _problem(self.prompts, chat.to_chat_messages()[-1].extract_text_content())
        items = [(problem, split_steps(text)) for text in solutions]
        verdicts = self.verifier.score_steps(items)
        with self._lock:
            self.tokens += sum(v.tokens for v in verdicts)
        values = [self._probability(v.scores[-1] if v.scores else 0.0) for v in verdicts]
        return values[0] if single else values

    async def ascore(self, prompt_or_messages: Any, steps: str | list[str]) -> list[float] | float:
        return await asyncio.to_thread(self.score, prompt_or_messages, steps)

    def _probability(self, value: float) -> float:
        if self.scale == "logit":
            value = 1.0 / (1.0 + math.exp(-value))
        elif not 0.0 <= value <= 1.0:
            raise DataError(
                f"step verifier {self.verifier.identity} returned {value}, not a probability; use scale='logit'"
            )
        return min(max(value, _EPS), 1.0 - _EPS)
