"""Executors run an experiment's stages: ``local`` (in this process, the default) or ``ray`` (pool
generation sharded across backend replicas on a Ray cluster, training as Ray tasks with GPUs requested).

Both hand pools to the same :func:`tradeoff.pools.sample.sample_pool`, which commits every batch into the run's one
ledger from the driver, so whatever executor ran it, the ledger holds each sample once, keyed by content.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from tradeoff.backends.base import Backend
from tradeoff.backends.variant import ModelVariant
from tradeoff.errors import UnknownNameError

T = TypeVar("T")


class Executor(Protocol):
    name: str

    def backend(self, variant: ModelVariant) -> Backend:
        """An engine for one model variant (the caller closes it)."""
        ...

    def call(self, fn: Callable[..., T], *args: Any, gpus: float = 0.0) -> T:
        """Run ``fn(*args)`` (a training job) where the executor puts work, and return its result."""
        ...

    def close(self) -> None: ...


def get_executor(name: str, *, address: str | None = None, workers: int | None = None) -> Executor:
    if name == "local":
        from tradeoff.experiment.executors.local import LocalExecutor

        return LocalExecutor()
    if name == "ray":
        from tradeoff.experiment.executors.ray import RayExecutor

        return RayExecutor(address=address, workers=workers)
    raise UnknownNameError("executor", name, ["local", "ray"])


__all__ = ["Executor", "get_executor"]
