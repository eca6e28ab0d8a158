"""Inference backends, looked up by name and imported only when used."""

from __future__ import annotations

from typing import Any

from tradeoff.backends.base import Backend
from tradeoff.backends.variant import ModelVariant
from tradeoff.options import build
from tradeoff.registry import Registry

BACKENDS: Registry[type[Backend]] = Registry(
    "backend",
    {
        "hf": "tradeoff.backends.hf:HFBackend",
        "openai": "tradeoff.backends.openai_compat:OpenAIBackend",
        "vllm": "tradeoff.backends.vllm:VLLMBackend",
        "llamacpp": "tradeoff.backends.llamacpp:LlamaCppBackend",
        "mock": "tradeoff.backends.mock:MockBackend",
    },
)


def get_backend(name: str, model: str, *, adapter: str | None = None, **options: Any) -> Backend:
    """Build backend ``name`` for ``model``; ``options`` are the backend's keyword-only settings."""
    return build(f"backend {name!r}", BACKENDS.load(name), model, adapter=adapter, **options)


__all__ = ["BACKENDS", "Backend", "ModelVariant", "get_backend"]
