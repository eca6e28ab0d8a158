"""Ten-line fakes for search tests: a backend that writes solutions step by step, a counting wrapper, a PRM."""

from __future__ import annotations

import random
from collections.abc import Sequence

from tradeoff.backends.base import Backend
from tradeoff.backends.mock import solve
from tradeoff.backends.seeding import sample_seed
from tradeoff.types import FinishReason, Generation, GenerationRequest, Problem, Usage
from tradeoff.verifiers.base import StepScores


class StepBackend:
    """Writes "Step k: ..." lines and, after 1–4 steps (seeded), "The answer is X." (right with p=accuracy).

    It honours ``stop=("\\n\\n",)`` by writing one step per call, and continues a final assistant message
    (counting the steps already there); without a stop string it writes a whole solution. Tokens are words.
    """

    name = "steps"
    continues_final_message = True

    def __init__(self, *, accuracy: float = 0.6, batch_size: int = 8) -> None:
        self.accuracy, self.batch_size = accuracy, batch_size
        self.identity = "steps/fake"

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
        return [[self._one(r, i) for i in r.sample_indices] for r in requests]

    def _one(self, request: GenerationRequest, index: int) -> Generation:
        seed = sample_seed(request.params.seed, request.messages, index)
        rng = random.Random(seed)
        question = next(m.content for m in reversed(request.messages) if m.role == "user")
        partial = request.messages[-1].content if request.messages[-1].role == "assistant" else ""
        done = len([s for s in partial.split("\n\n") if s.strip()])
        steps = []
        while True:
            k = done + len(steps)
            if k >= 4 or (k >= 1 and rng.random() < 0.5):
                truth = solve(question)
                steps.append(f"The answer is {truth if rng.random() < self.accuracy else truth + 1}.")
                break
            steps.append(f"Step {k + 1}: work on it ({rng.randint(0, 99)}).")
            if request.params.stop:
                break
        text = "\n\n".join(steps)
        tokens = min(len(text.split()), request.params.max_tokens)
        prompt = sum(len(m.content.split()) for m in request.messages)
        return Generation(
            text=text,
            prompt_tokens=prompt,
            prefill_tokens=prompt if index == request.sample_indices[0] else 1,
            completion_tokens=tokens,
            finish_reason=FinishReason.STOP,
            seconds=0.001 * tokens,
            token_logprobs=tuple(-rng.random() for _ in range(tokens)) if request.params.logprobs else None,
            seed=seed,
        )

    def close(self) -> None:
        pass


class Counting:
    """Wraps a backend and adds up the usage of everything it returned."""

    def __init__(self, inner: Backend) -> None:
        self.inner, self.usage, self.calls = inner, Usage(), 0
        self.name, self.batch_size = inner.name, inner.batch_size
        self.continues_final_message = getattr(inner, "continues_final_message", inner.name in ("hf", "mock"))

    @property
    def identity(self) -> str:
        return self.inner.identity

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
        self.calls += 1
        out = self.inner.generate(requests)
        self.usage = sum((g.usage for gs in out for g in gs), self.usage)
        return out

    def close(self) -> None:
        self.inner.close()


class FakePRM:
    """A deterministic step verifier: a step scores higher the more digits it holds; it reads every word."""

    identity = "fake-prm"
    read = 0  # tokens reported, over all instances

    def score_steps(self, items: Sequence[tuple[Problem, Sequence[str]]]) -> list[StepScores]:
        out = []
        for _, steps in items:
            tokens = sum(len(s.split()) for s in steps)
            FakePRM.read += tokens
            out.append(StepScores(tuple(sum(c.isdigit() for c in s) / 10 for s in steps), tokens))
        return out
