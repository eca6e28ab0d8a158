"""A deterministic backend for tests: no model, same output for the same request, every time.

It finds the arithmetic expression in the question, answers it correctly with probability
``accuracy`` (decided by the per-sample seed) and off by one otherwise, so pools have realistic
structure. ``delay`` sleeps per sample (to test kills and progress); ``fail_after`` raises a
``BackendError`` after that many samples (to test failures mid-run); ``trace`` names a file that gets one
line per ``generate()`` call with the samples it returned (kill tests count what was generated but not
committed).
"""

from __future__ import annotations

import ast
import operator
import random
import re
import time
from collections.abc import Callable, Sequence

from tradeoff.backends.seeding import sample_seed
from tradeoff.errors import BackendError, ConfigError
from tradeoff.types import FinishReason, Generation, GenerationRequest

_EXPRESSION = re.compile(r"[-(]*\d[\d\s+\-*/()]*")
_OPS: dict[type[ast.AST], Callable[..., int]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.USub: operator.neg,
}


def _evaluate(node: ast.AST) -> int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return int(_OPS[type(node.op)](_evaluate(node.left), _evaluate(node.right)))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
        return int(_OPS[type(node.op)](_evaluate(node.operand)))
    raise ValueError("not integer arithmetic")


def solve(question: str) -> int:
    """The value of the longest integer expression in ``question`` (0 when there is none)."""
    for candidate in sorted(_EXPRESSION.findall(question), key=len, reverse=True):
        try:
            return _evaluate(ast.parse(candidate.strip(), mode="eval").body)
        except (SyntaxError, ValueError):
            continue
    return 0


class MockBackend:
    name = "mock"

    def __init__(
        self,
        model: str = "mock",
        *,
        adapter: str | None = None,
        accuracy: float = 0.5,
        truncate_rate: float = 0.0,
        delay: float = 0.0,
        fail_after: int | None = None,
        batch_size: int = 4,
        trace: str | None = None,
    ) -> None:
        if not (0 <= accuracy <= 1 and 0 <= truncate_rate <= 1 and delay >= 0 and batch_size >= 1):
            raise ConfigError("mock backend needs 0 <= accuracy, truncate_rate <= 1, delay >= 0, batch_size >= 1")
        if fail_after is not None and fail_after < 0:
            raise ConfigError("mock backend needs fail_after >= 0")
        self.model, self.adapter = model, adapter
        self.accuracy, self.truncate_rate = float(accuracy), float(truncate_rate)
        self.delay = float(delay)
        self.fail_after = None if fail_after is None else int(fail_after)
        self.batch_size = int(batch_size)
        self.calls: list[int] = []  # number of samples asked for, per generate() call
        self.trace = trace  # a file that gets one line (the samples returned) per generate() call
        self._produced = 0

    @property
    def identity(self) -> str:
        return f"mock/{self.model}" + (f"+{self.adapter}" if self.adapter else "")

    def generate(self, requests: Sequence[GenerationRequest]) -> list[list[Generation]]:
        self.calls.append(sum(r.n for r in requests))
        out = [[self._one(request, i) for i in request.sample_indices] for request in requests]
        if self.trace is not None:  # kill tests compare it with what the ledger committed
            with open(self.trace, "a") as handle:
                handle.write(f"{sum(len(o) for o in out)}\n")
        return out

    def _one(self, request: GenerationRequest, index: int) -> Generation:
        if self.fail_after is not None and self._produced >= self.fail_after:
            raise BackendError(f"mock backend failed after {self._produced} samples (fail_after)")
        if self.delay:
            time.sleep(self.delay)
        self._produced += 1
        seed = sample_seed(request.params.seed, request.messages, index)
        rng = random.Random(seed)
        truth = solve(request.messages[-1].content)
        answer = truth if rng.random() < self.accuracy else truth + rng.choice([-1, 1])
        prompt_tokens = sum(len(m.content.split()) for m in request.messages)
        if rng.random() < self.truncate_rate:
            text, finish = "Let me work this out step by step and", FinishReason.LENGTH
        else:
            text, finish = f"Let me compute it.\nThe answer is {answer}.", FinishReason.STOP
        completion = min(len(text.split()), request.params.max_tokens)
        return Generation(
            text=text,
            prompt_tokens=prompt_tokens,
            prefill_tokens=prompt_tokens if index == request.sample_indices[0] else 0,
            completion_tokens=completion,
            finish_reason=finish,
            seconds=self.delay,
            token_logprobs=tuple(-rng.random() for _ in range(completion)) if request.params.logprobs else None,
            seed=seed,
        )

    def close(self) -> None:
        pass
