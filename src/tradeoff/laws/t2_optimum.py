"""The T² joint optimum: the best (N, D, k) within a training budget, an inference budget and a query volume.

Source: Roberts et al. 2026, "Train-to-Test scaling laws". Training costs 6·N·D FLOPs; Q queries answered
with k samples of T tokens cost 2·N·T·k·Q. For a given k the inference budget C_inf caps the model at
N_max(k) = C_inf / (2·T·k·Q), and the training budget gives D = C_tr / (6N). If the k-dependent part of the
score does not depend on N (the loss form's G/k^γ; the pass form's Beta link at fixed L(N, D)), the (N, D)
part along 6ND = C_tr is best at the Chinchilla optimum N*(C_tr) and worse on either side of it, so for
each k the best N is min(N*, N_max(k)). Enumerating k = 1…k_max is therefore exact: no continuous
relaxation of k, and the inference budget is spent only when it binds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tradeoff.errors import ConfigError
from tradeoff.laws._lbfgs import Array
from tradeoff.laws.chinchilla import ChinchillaLaw


@dataclass(frozen=True, slots=True)
class Budgets:
    """A T² planning problem: training FLOPs, inference FLOPs, Q queries of T tokens."""

    train_flops: float
    inference_flops: float
    queries: float
    tokens_per_answer: float

    def describe(self) -> str:
        return (
            f"{self.train_flops:.3g} training FLOPs, {self.inference_flops:.3g} inference FLOPs, "
            f"{self.queries:.3g} queries of {self.tokens_per_answer:g} tokens"
        )


@dataclass(frozen=True, slots=True)
class T2Plan:
    """The best (N, D, k) within both budgets; ``value`` is the loss (loss form) or pass@k (pass form)."""

    params: float
    tokens: float
    samples: int
    train_flops: float
    inference_flops: float
    value: float
    chinchilla_params: float  # N*(C_tr), the model a training-only plan would pick

    @property
    def tokens_per_param(self) -> float:
        return self.tokens / self.params


def plan(
    chinchilla: ChinchillaLaw,
    score: Callable[[Array, Array, Array], Array],
    *,
    train_flops: float,
    inference_flops: float,
    queries: float,
    tokens_per_answer: float,
    max_samples: int = 10_000,
    maximise: bool,
) -> T2Plan:
    """Enumerate k = 1…max_samples with N = min(N*(C_tr), N_max(k)) and keep the best score."""
    for name, value in (("train_flops", train_flops), ("inference_flops", inference_flops), ("queries", queries)):
        if not value > 0:
            raise ConfigError(f"{name} must be positive, got {value}")
    if not tokens_per_answer > 0 or max_samples < 1:
        raise ConfigError("tokens_per_answer must be positive and max_samples at least 1")
    n_star = chinchilla.optimum(train_flops).params
    k = np.arange(1, max_samples + 1, dtype=float)
    n = np.minimum(n_star, inference_flops / (2.0 * tokens_per_answer * k * queries))
    d = train_flops / (6.0 * n)
    values = score(n, d, k)
    i = int(np.nanargmax(values) if maximise else np.nanargmin(values))
    inference = 2.0 * n[i] * tokens_per_answer * k[i] * queries
    return T2Plan(float(n[i]), float(d[i]), int(k[i]), train_flops, float(inference), float(values[i]), n_star)
