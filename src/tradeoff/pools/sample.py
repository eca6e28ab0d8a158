"""Pools: N samples per problem for a task × model, generated once and resumed from the ledger.

A pool is the unit every later stage reads (strategies estimate every budget k ≤ N from it). Sampling
asks the backend only for the (problem, sample index) pairs the ledger lacks, commits each backend
batch in one transaction, and links samples stored earlier (by any pool with the same request) instead
of generating them again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from tradeoff.backends.base import Backend
from tradeoff.backends.variant import ModelVariant
from tradeoff.errors import BatchIncompleteError, ConfigError
from tradeoff.ledger import Ledger, request_identity, sample_key
from tradeoff.limits import MAX_PROBLEMS, MAX_SAMPLES
from tradeoff.names import Name
from tradeoff.tasks.base import Task
from tradeoff.types import GenerationRequest, SamplingParams, Split, Usage

# Changing one of these changes the samples: a pool's name may not be reused with other values.
_IDENTITY_FIELDS = ("task", "task_options", "split", "backend", "model", "adapter", "sampling")


class PoolSpec(BaseModel):
    """What to sample: ``n`` samples for each of the first ``limit`` problems of a task's split."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    task: str = "arithmetic"
    task_options: dict[str, Any] = Field(default_factory=dict)
    split: Split = "test"
    limit: int | None = Field(None, gt=0, le=MAX_PROBLEMS)
    backend: str = "hf"
    model: str = "smollm2-135m"
    adapter: str | None = None
    backend_options: dict[str, Any] = Field(default_factory=dict)
    n: int = Field(1, gt=0, le=MAX_SAMPLES)
    sampling: SamplingParams = Field(default_factory=SamplingParams)

    @property
    def greedy(self) -> bool:
        """Greedy decoding (temperature 0); such a pool has one sample per problem."""
        return self.sampling.temperature == 0

    @property
    def variant(self) -> ModelVariant:
        return ModelVariant(backend=self.backend, model=self.model, adapter=self.adapter, options=self.backend_options)

    @model_validator(mode="after")
    def _greedy_has_one_sample(self) -> PoolSpec:
        if self.sampling.temperature == 0 and self.n > 1:
            raise ValueError(
                "greedy decoding (temperature 0) gives one answer per problem: use n=1, or set a temperature"
            )
        return self

    @classmethod
    def parse(cls, data: dict[str, Any]) -> PoolSpec:
        """Validate ``data``, turning pydantic's report into one line per problem found."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'pool'}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"invalid pool spec: {problems}") from None

    def check_compatible(self, stored: dict[str, Any]) -> None:
        """Refuse to reuse a pool name for different samples (n and limit may change: the pool grows)."""
        mine = self.model_dump(mode="json")
        changed = [f for f in _IDENTITY_FIELDS if stored.get(f) != mine[f]]
        if changed:
            raise ConfigError(
                f"pool {self.name!r} already exists with different {', '.join(changed)}; "
                "choose another --pool name or another run directory"
            )


@dataclass(frozen=True, slots=True)
class SampleReport:
    problems: int
    requested: int  # samples the pool holds when done
    generated: int  # new samples asked of the backend in this call
    stored: int  # samples already in the ledger before this call (this pool's, or shared with another)
    usage: Usage  # what the new samples cost


class Progress(Protocol):
    """Told how many samples will be generated, then of each stored batch and its usage."""

    def start(self, total: int) -> None: ...

    def advance(self, samples: int, usage: Usage) -> None: ...


def _batched(requests: Sequence[tuple[GenerationRequest, Any]], samples: int) -> Iterator[Sequence[Any]]:
    """Consecutive groups of whole requests holding at most ``samples`` samples (at least one request)."""
    group: list[tuple[GenerationRequest, Any]] = []
    for item in requests:
        if group and sum(r.n for r, _ in group) + item[0].n > samples:
            yield group
            group = []
        group.append(item)
    if group:
        yield group


def _arrived(chunk: Sequence[Any], exc: BatchIncompleteError) -> list[Any]:
    """The rows of a partly failed batch whose generations did arrive."""
    return [
        (key, pid, i, exc.partial[k][i], ident)
        for k, (_, items) in enumerate(chunk)
        for pid, i, key, ident, _ in items
        if i in exc.partial[k]
    ]


def sample_pool(
    spec: PoolSpec, *, task: Task, backend: Backend, ledger: Ledger, progress: Progress | None = None
) -> SampleReport:
    """Fill ``spec``'s pool in ``ledger``; returns what was generated and what was reused."""
    stored = ledger.pool_spec(spec.name)
    if stored is not None:
        spec.check_compatible(stored)
    problems = task.problems(spec.split, limit=spec.limit)
    ledger.save_pool(spec.name, spec.model_dump(mode="json"), problems)
    params = spec.sampling.params()
    linked = ledger.linked(spec.name)

    wanted: list[tuple[str, int, str, dict[str, object], int]] = []  # problem, index, key, identity, slot
    messages = []
    for slot, problem in enumerate(problems):
        messages.append(task.messages(problem))
        for index in range(spec.n):
            if (problem.id, index) not in linked:
                identity = request_identity(backend.identity, messages[-1], params, index)
                wanted.append((problem.id, index, sample_key(identity), identity, slot))
    existing = ledger.existing(w[2] for w in wanted)
    ledger.add_samples(spec.name, [], [(pid, i, key) for pid, i, key, _, _ in wanted if key in existing])

    missing: dict[int, list[tuple[str, int, str, dict[str, object], int]]] = {}
    for item in wanted:
        if item[2] not in existing:
            missing.setdefault(item[4], []).append(item)
    requests = [
        (
            GenerationRequest(messages=messages[slot], params=params, sample_indices=tuple(i[1] for i in items)),
            items,
        )
        for slot, items in missing.items()
    ]
    if progress is not None:
        progress.start(sum(r.n for r, _ in requests))
    usage = Usage()
    for chunk in _batched(requests, backend.batch_size):
        try:
            outputs = backend.generate([request for request, _ in chunk])
        except BatchIncompleteError as exc:  # store what arrived (it was paid for), then report the rest
            ledger.add_samples(spec.name, _arrived(chunk, exc))
            raise
        rows = []
        for (_, items), generations in zip(chunk, outputs, strict=True):
            rows += [(key, pid, i, g, ident) for (pid, i, key, ident, _), g in zip(items, generations, strict=True)]
        ledger.add_samples(spec.name, rows)
        batch_usage = sum((row[3].usage for row in rows), Usage())
        usage += batch_usage
        if progress is not None:
            progress.advance(len(rows), batch_usage)
    return SampleReport(
        problems=len(problems),
        requested=len(problems) * spec.n,
        generated=usage.samples,
        stored=len(problems) * spec.n - usage.samples,
        usage=usage,
    )
