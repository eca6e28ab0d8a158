"""its_hub's language-model interface on a tradeoff backend, with tradeoff's token accounting.

its_hub (https://github.com/Red-Hat-AI-Innovation-Team/its_hub) runs inference-time scaling algorithms
(SelfConsistency, BestOfN, ParticleFiltering, BeamSearch) against an ``AbstractLanguageModel``:
``agenerate_single(messages, stop=…, max_completion_tokens=…, temperature=…)`` → ``{"role": "assistant",
"content": …}`` (what its orchestrator calls, once per sample) and the batched ``agenerate`` (what its
step generation calls). :class:`BackendLanguageModel` implements both on any tradeoff ``Backend``:

- every generation's tokens and seconds add up in :attr:`usage` (a ``Usage``: prompt tokens once per
  sample, prompt tokens computed, generated tokens, seconds, samples), and in its_hub's own
  ``usage_accumulator`` where an algorithm passes one;
- seeding: the k-th request for a prompt (same messages and settings) is sample k of that prompt at
  ``params.seed``, whose seed the backend derives from (seed, prompt, k) (``backends/seeding.py``), so N
  requests are N distinct, reproducible draws — the same draws as samples 0..N-1 of a tradeoff pool;
- batching: concurrent requests are coalesced into backend batches (``interop/batching.py``);
- every generation is kept by its text, so a reward adapter can read its log-probabilities
  (:meth:`generation_for`).

Tools, tool choice and response formats are refused: tradeoff backends generate text only.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Any

from tradeoff.backends.base import Backend
from tradeoff.errors import ConfigError
from tradeoff.interop.batching import RequestBatcher
from tradeoff.registry import require
from tradeoff.types import Generation, GenerationRequest, Message, SamplingParams, Usage

require("its_hub", "itshub")  # a missing its_hub names the extra that installs it
from its_hub.api import AbstractLanguageModel, ChatMessage  # noqa: E402

_UNSUPPORTED = ("tools", "tool_choice", "response_format")


def to_messages(conversation: Sequence[ChatMessage | dict[str, Any]]) -> tuple[Message, ...]:
    """its_hub chat messages (objects or dicts) as tradeoff messages; text parts only."""
    out = []
    for m in conversation:
        message = m if isinstance(m, ChatMessage) else ChatMessage.from_dict(m)
        if message.role not in ("system", "user", "assistant"):
            raise ConfigError(f"tradeoff backends take system, user and assistant messages, not {message.role!r}")
        out.append(Message(message.role, message.extract_text_content()))
    return tuple(out)


class BackendLanguageModel(AbstractLanguageModel):
    def __init__(self, backend: Backend, *, params: SamplingParams | None = None, window: float = 0.005) -> None:
        self.backend = backend
        self.params = params or SamplingParams(temperature=0.7, max_tokens=512)
        self._batcher = RequestBatcher(backend, window=window)
        self._lock = threading.Lock()
        self._next: dict[tuple[tuple[Message, ...], SamplingParams], int] = {}
        self._usage = Usage()
        self._by_text: dict[str, Generation] = {}

    @property
    def usage(self) -> Usage:
        """Everything the backend spent for this adapter so far."""
        with self._lock:
            return self._usage

    def generation_for(self, text: str) -> Generation | None:
        """The latest generation this adapter returned with exactly ``text``, if any."""
        with self._lock:
            return self._by_text.get(text)

    def close(self) -> None:
        """Stop the batching worker (the backend stays open: the caller owns it)."""
        self._batcher.close()

    async def agenerate_single(
        self, messages: list[ChatMessage], stop: str | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        [request] = self._requests([messages], stop, kwargs)
        return await self._answer(request, kwargs.get("usage_accumulator"))

    async def agenerate(
        self,
        messages: list[ChatMessage] | list[list[ChatMessage]],
        stop: str | None = None,
        **kwargs: Any,
    ) -> dict[str, Any] | list[dict[str, Any]]:
        single = not isinstance(messages[0], list)
        batch = [messages] if single else list(messages)
        requests = self._requests(batch, stop, kwargs)
        answers = await asyncio.gather(*(self._answer(r, kwargs.get("usage_accumulator")) for r in requests))
        return answers[0] if single else list(answers)

    def _requests(
        self, batch: list[list[ChatMessage]], stop: str | list[str] | None, options: dict[str, Any]
    ) -> list[GenerationRequest]:
        """One request per conversation; sample indices are taken now, in call order."""
        for name in _UNSUPPORTED:
            if options.get(name) is not None:
                raise ConfigError(f"tradeoff backends generate text only; {name} is not supported through the adapter")
        temperatures = options.get("temperature")
        if not isinstance(temperatures, list):
            temperatures = [temperatures] * len(batch)
        limit = options.get("max_completion_tokens") or options.get("max_tokens")
        stops = self.params.stop if stop is None else ((stop,) if isinstance(stop, str) else tuple(stop))
        out = []
        with self._lock:
            for conversation, temperature in zip(batch, temperatures, strict=True):
                params = self.params.model_copy(
                    update={
                        "temperature": self.params.temperature if temperature is None else float(temperature),
                        "max_tokens": int(limit) if limit else self.params.max_tokens,
                        "stop": stops,
                    }
                )
                key = (to_messages(conversation), params)
                index = self._next.get(key, 0)
                self._next[key] = index + 1
                out.append(GenerationRequest(messages=key[0], params=params, sample_indices=(index,)))
        return out

    async def _answer(self, request: GenerationRequest, accumulator: Any) -> dict[str, Any]:
        [generation] = await asyncio.wrap_future(self._batcher.submit(request))
        with self._lock:
            self._usage = self._usage + generation.usage
            self._by_text[generation.text] = generation
        if accumulator is not None:  # its_hub's own GenerationUsage, as its OpenAI client fills it
            accumulator.add(generation.prompt_tokens, generation.completion_tokens)
        return {"role": "assistant", "content": generation.text}
