"""The vocabulary every stage of tradeoff speaks.

Stages meet at these frozen records: tasks emit :class:`Problem`, the sampler turns a problem into a
:class:`GenerationRequest`, backends answer with :class:`Generation`, and :class:`Usage` adds up with ``+``
so the cost of any set of samples is one ``sum(..., Usage())`` away.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradeoff.limits import MAX_TOKENS

Role = Literal["system", "user", "assistant"]
Split = Literal["train", "test"]
AnswerType = Literal["integer", "number", "latex", "text"]


class FinishReason(StrEnum):
    """Why a generation ended: ``stop`` (end-of-sequence or a stop string) or ``length`` (hit max tokens)."""

    STOP = "stop"
    LENGTH = "length"


class ExtractionMethod(StrEnum):
    """How a final answer was found in a generation: by a marker, by the recorded fallback, or not at all."""

    MARKER = "marker"
    FALLBACK = "fallback"
    NONE = "none"


def _frozen_mapping(value: Mapping[str, object] | None) -> Mapping[str, object]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True, slots=True)
class Message:
    """One chat message."""

    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class Problem:
    """One task item: the question, its gold final answer and, where the task has one, a worked solution."""

    id: str
    question: str
    answer: str
    solution: str | None = None
    metadata: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "metadata", _frozen_mapping(self.metadata))


class SamplingParams(BaseModel):
    """Decoding settings shared by every sample of a pool. ``temperature == 0`` means greedy decoding.

    The one sampling type: pool specs, experiment specs (``sampling:``), requests and backends read it."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    temperature: Annotated[float, Field(ge=0)] = 0.0
    top_p: Annotated[float, Field(gt=0, le=1)] = 1.0
    top_k: Annotated[int, Field(ge=0)] = 0  # 0 disables it
    max_tokens: Annotated[int, Field(gt=0, le=MAX_TOKENS)] = 512
    seed: int = 0
    logprobs: bool = False
    stop: tuple[str, ...] = ()

    @classmethod
    def checked(cls, **data: object) -> SamplingParams:
        """Build from user input: a mistake is a one-line :class:`~tradeoff.errors.ConfigError`."""
        from tradeoff.errors import ConfigError

        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise ConfigError("; ".join(_message(e) for e in exc.errors())) from None

    @property
    def greedy(self) -> bool:
        return self.temperature == 0.0

    def params(self) -> SamplingParams:
        return self


def _message(error: Mapping[str, object]) -> str:
    where = ".".join(map(str, error.get("loc", ()) or ()))  # type: ignore[call-overload]
    text = str(error.get("msg", "")).removeprefix("Value error, ")
    return f"{where}: {text}" if where else text


@dataclass(frozen=True, slots=True, kw_only=True)
class GenerationRequest:
    """Ask a backend for the samples ``sample_indices`` of one prompt.

    The indices (not just a count) travel with the request so that a resumed run asks only for the
    samples that are missing, and so that a backend can derive a per-sample seed.
    """

    messages: tuple[Message, ...]
    params: SamplingParams
    sample_indices: tuple[int, ...] = (0,)

    def __post_init__(self) -> None:
        from tradeoff.errors import ConfigError

        if not self.sample_indices:
            raise ConfigError("a generation request must ask for at least one sample")
        if self.params.greedy and len(self.sample_indices) > 1:
            raise ConfigError("greedy decoding (temperature 0) gives one answer per prompt; ask for n=1")

    @property
    def n(self) -> int:
        return len(self.sample_indices)


@dataclass(frozen=True, slots=True)
class Usage:
    """Tokens and seconds spent; adds up with ``+``.

    ``prompt_tokens`` counts the prompt once per sample (what an API bills without caching);
    ``prefill_tokens`` counts the prompt tokens the engine actually computed, so a backend that shares one
    prompt's prefill across N samples reports the prompt once.
    """

    prompt_tokens: int = 0
    prefill_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    samples: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            prefill_tokens=self.prefill_tokens + other.prefill_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            seconds=self.seconds + other.seconds,
            samples=self.samples + other.samples,
        )

    def __radd__(self, other: int) -> Usage:  # lets sum() start from 0
        if other == 0:
            return self
        return NotImplemented

    @property
    def tokens_per_second(self) -> float:
        return self.completion_tokens / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Generation:
    """One sample as a backend returned it.

    ``seconds`` is this sample's share of the wall time of the call that produced it (a batched call's wall
    time is split evenly over its samples, so the shares add up to the measured time).
    """

    text: str
    prompt_tokens: int
    completion_tokens: int
    finish_reason: FinishReason
    seconds: float
    prefill_tokens: int = 0
    token_logprobs: tuple[float, ...] | None = None
    seed: int | None = None

    @property
    def truncated(self) -> bool:
        return self.finish_reason is FinishReason.LENGTH

    @property
    def usage(self) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens,
            prefill_tokens=self.prefill_tokens,
            completion_tokens=self.completion_tokens,
            seconds=self.seconds,
            samples=1,
        )


@dataclass(frozen=True, slots=True)
class Extraction:
    """The final answer projected out of a generation, and how it was found."""

    answer: str | None
    method: ExtractionMethod
    marker: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Score:
    """A scored sample: the extraction, whether it matches the gold answer, and whether it was truncated."""

    extraction: Extraction
    correct: bool
    truncated: bool
