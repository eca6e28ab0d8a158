"""The local executor: every stage in this process, one engine per model variant."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from tradeoff.backends import Backend, ModelVariant

T = TypeVar("T")


class LocalExecutor:
    name = "local"

    def backend(self, variant: ModelVariant) -> Backend:
        return variant.build()

    def call(self, fn: Callable[..., T], *args: Any, gpus: float = 0.0) -> T:
        return fn(*args)

    def close(self) -> None:
        return None


__all__ = ["LocalExecutor"]
