"""LoRA settings: the one type that ``tradeoff train``, experiment specs (``training: [{lora: …}]``) and the
trainers read. Importing it loads no torch."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradeoff.errors import ConfigError

LLAMA_LINEAR = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


class LoraOptions(BaseModel):
    """LoRA and optimisation settings. ``epochs``, when set, overrides ``steps``; ``checkpoint_every`` K saves a
    resumable checkpoint every K steps (0: never)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rank: int = Field(8, gt=0)
    alpha: float = Field(16.0, gt=0)
    dropout: float = Field(0.05, ge=0, lt=1)
    target_modules: tuple[str, ...] = Field(LLAMA_LINEAR, min_length=1)
    learning_rate: float = Field(1e-3, gt=0)
    steps: int = Field(30, gt=0)
    epochs: float | None = Field(None, gt=0)
    batch_size: int = Field(16, gt=0)
    max_length: int = Field(256, gt=0)
    seed: int = 0
    device: str = "auto"
    checkpoint_every: int = Field(10, ge=0)

    @classmethod
    def checked(cls, **data: Any) -> LoraOptions:
        """Build from user input: a mistake is a one-line :class:`ConfigError` (specs keep pydantic's located
        errors, which name the YAML line)."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"invalid LoRA settings: {problems}") from None

    def total_steps(self, examples: int) -> int:
        if self.epochs is None:
            return self.steps
        return max(1, math.ceil(self.epochs * examples / self.batch_size))


__all__ = ["LLAMA_LINEAR", "LoraOptions"]
