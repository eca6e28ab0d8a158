"""Self-certainty: how confident the model was in its own sample, from its token log-probabilities.

Kang et al. 2025, "Scalable Best-of-N Selection for Large Language Models via Self-Certainty"
(arXiv:2502.18581), score a sample by the model's own confidence — no reward model, no extra tokens —
and select or vote with it. Their self-certainty is the mean over tokens of KL(uniform ‖ p), which needs
each position's whole next-token distribution; a pool stores only the sampled tokens' log-probabilities
(``tradeoff sample --logprobs``), so this verifier uses the confidence measure available from them:

    mean:  (1/T) Σ_t log p(y_t | y_<t)      (the log of the per-token geometric-mean probability)
    min:   min_t log p(y_t | y_<t)          (the least confident token)

Scores are log-probabilities (≤ 0; higher is more confident); weighted voting uses exp(score). A sample
with no generated tokens scores 0. It spends no tokens (the log-probabilities came with the sample).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from tradeoff.errors import ConfigError, DataError
from tradeoff.ledger import StoredSample
from tradeoff.types import Problem
from tradeoff.verifiers.base import VerifierScore

TokenAggregate = Literal["mean", "min"]


class SelfCertaintyVerifier:
    log_scale = True

    def __init__(self, *, aggregate: TokenAggregate = "mean") -> None:
        if aggregate not in ("mean", "min"):
            raise ConfigError(f"self_certainty aggregate must be 'mean' or 'min', got {aggregate!r}")
        self.aggregate: TokenAggregate = aggregate
        self.identity = f"self_certainty:{aggregate}"

    def score(self, items: Sequence[tuple[Problem, StoredSample]]) -> list[VerifierScore]:
        out = []
        for problem, sample in items:
            logprobs = sample.generation.token_logprobs
            if logprobs is None:
                raise DataError(
                    f"self_certainty needs token log-probabilities, but sample {sample.sample_index} of {problem.id}"
                    " has none; sample the pool with --logprobs"
                )
            if not logprobs:
                out.append(VerifierScore(0.0, 0))
            elif self.aggregate == "mean":
                out.append(VerifierScore(sum(logprobs) / len(logprobs), 0))
            else:
                out.append(VerifierScore(min(logprobs), 0))
        return out
