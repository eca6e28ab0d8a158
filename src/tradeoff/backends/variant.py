"""A model variant: which engine runs which model, with which adapter and engine options.

The one type for "what generates": experiment specs name variants, stages and executors build engines from
them, and pools and searches store the same four fields (flat, as they always have, so stored runs resume).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tradeoff.backends.base import Backend


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelVariant:
    backend: str = "hf"
    model: str = "smollm2-135m"
    adapter: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    def build(self) -> Backend:
        """The engine for this variant (the caller closes it)."""
        from tradeoff.backends import get_backend

        return get_backend(self.backend, self.model, adapter=self.adapter, **dict(self.options))

    def same_weights(self, other: ModelVariant) -> bool:
        """Same engine, model and adapter (options such as batch size do not change what is sampled)."""
        return (self.backend, self.model, self.adapter) == (other.backend, other.model, other.adapter)


__all__ = ["ModelVariant"]
