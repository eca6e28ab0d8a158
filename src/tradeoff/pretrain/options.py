"""What a pretraining run is: the model's shape, the optimisation settings, and the learning-rate schedule.

The architecture is transformers' Llama (pre-norm decoder, RMSNorm, rotary positions, SwiGLU feed-forward)
with the input embedding tied to the output head. Per layer it has 4·d² attention weights (query, key,
value, output; as many key/value heads as query heads), 3·d·f feed-forward weights (gate, up, down; f = 4·d
unless given) and 2·d norm weights, plus a final norm of d: the *non-embedding* parameter count
N = L·(4d² + 3df + 2d) + d that Kaplan et al. 2020 use for scaling laws. The embedding adds V·d (V = 99
characters). :func:`non_embedding_params` computes it without building a model; the trainer checks it
against the built one.

Schedule: a linear warm-up over the first ``warmup`` fraction of steps to ``learning_rate``, then a cosine
decay to ``min_lr_ratio``·``learning_rate`` at the last step (Loshchilov & Hutter 2017, as in Chinchilla).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tradeoff.errors import ConfigError


@dataclass(frozen=True, slots=True, kw_only=True)
class PretrainOptions:
    """A model shape and how to train it. ``examples`` 0 means ``steps × batch_size`` distinct documents."""

    d_model: int = 64
    layers: int = 2
    heads: int = 4
    d_ff: int | None = None
    context: int = 256
    steps: int = 200
    batch_size: int = 32
    learning_rate: float = 3e-3
    warmup: float = 0.05
    min_lr_ratio: float = 0.1
    weight_decay: float = 0.1
    examples: int = 0
    held_out: int = 256
    seed: int = 0
    checkpoint_every: int = 0
    threads: int | None = None

    def __post_init__(self) -> None:
        positive: dict[str, float] = {
            "d_model": self.d_model,
            "layers": self.layers,
            "heads": self.heads,
            "context": self.context,
        }
        positive |= {"steps": self.steps, "batch_size": self.batch_size, "learning_rate": self.learning_rate}
        positive |= {"held_out": self.held_out, "ffn width": self.ffn}
        for name, value in positive.items():
            if value <= 0:
                raise ConfigError(f"{name} must be positive, got {value}")
        if self.d_model % self.heads:
            raise ConfigError(f"d_model ({self.d_model}) must be a multiple of heads ({self.heads})")
        if not 0 <= self.warmup < 1 or not 0 <= self.min_lr_ratio <= 1 or self.weight_decay < 0:
            raise ConfigError("need 0 <= warmup < 1, 0 <= min_lr_ratio <= 1 and weight_decay >= 0")
        if self.examples < 0 or self.checkpoint_every < 0 or (self.threads is not None and self.threads <= 0):
            raise ConfigError("examples and checkpoint_every must be >= 0, threads positive")

    @property
    def ffn(self) -> int:
        return 4 * self.d_model if self.d_ff is None else self.d_ff

    @property
    def documents(self) -> int:
        """Distinct training documents: ``examples``, or one per batch row of every step."""
        return self.examples or self.steps * self.batch_size


def non_embedding_params(options: PretrainOptions) -> int:
    """N = L·(4d² + 3df + 2d) + d (see the module doc)."""
    d, f = options.d_model, options.ffn
    return options.layers * (4 * d * d + 3 * d * f + 2 * d) + d


def lr_factor(step: int, *, steps: int, warmup: float, min_ratio: float) -> float:
    """The multiplier of the peak learning rate at ``step`` (0-based): linear warm-up, then cosine decay."""
    ramp = max(1, round(warmup * steps))
    if step < ramp:
        return (step + 1) / ramp
    progress = (step - ramp) / max(1, steps - 1 - ramp)
    return min_ratio + (1.0 - min_ratio) * 0.5 * (1.0 + math.cos(math.pi * min(1.0, progress)))


__all__ = ["PretrainOptions", "lr_factor", "non_embedding_params"]
