"""LoRA settings: the one type that ``tradeoff train``, experiment specs (``training: [{lora: …}]``) and the
trainers read. Importing it loads no torch."""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tradeoff.errors import ConfigError

LLAMA_LINEAR = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


class LoraOptions(BaseModel):
    """LoRA and optimisation settings. ``epochs``, when set, overrides ``steps``; ``checkpoint_every`` K saves a
    resumable checkpoint every K steps (0: never)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    rank: Annotated[int, Field(gt=0)] = 8
    alpha: Annotated[float, Field(gt=0)] = 16.0
    dropout: Annotated[float, Field(ge=0, lt=1)] = 0.05
    target_modules: Annotated[tuple[str, ...], Field(min_length=1)] = LLAMA_LINEAR
    learning_rate: Annotated[float, Field(gt=0)] = 1e-3
    steps: Annotated[int, Field(gt=0)] = 30
    epochs: Annotated[float | None, Field(gt=0)] = None
    batch_size: Annotated[int, Field(gt=0)] = 16
    max_length: Annotated[int, Field(gt=0)] = 256
    seed: int = 0
    device: str = "auto"
    checkpoint_every: Annotated[int, Field(ge=0)] = 10

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
