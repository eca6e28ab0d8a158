"""Step self-certainty: a step verifier that needs no extra model and reads no extra tokens.

Each step is scored by the model's own confidence while writing it, the mean log-probability of its
tokens as generated,

    s(step) = (1/T) Σ_t log p(y_t | y_<t),

the per-step form of the confidence score of Kang et al. 2025 ("Scalable Best-of-N Selection for Large
Language Models via Self-Certainty", arXiv:2502.18581) that :mod:`tradeoff.verifiers.self_certainty`
computes per sample. The log-probabilities come with the generation (the search asks for them), so the
verifier spends 0 tokens. Scores are log-probabilities (≤ 0): a vote weight is exp(score). A step with no
tokens scores 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from tradeoff.errors import DataError
from tradeoff.search.base import Node
from tradeoff.types import Problem
from tradeoff.verifiers.base import StepScores


class StepSelfCertainty:
    identity = "self_certainty:step-mean"
    logprobs = True
    log_scale = True

    def score_paths(self, problem: Problem, paths: Sequence[Sequence[Node]]) -> list[StepScores]:
        return [StepScores(tuple(_mean_logprob(problem, node) for node in path), 0) for path in paths]


def _mean_logprob(problem: Problem, node: Node) -> float:
    logprobs = node.generation.token_logprobs
    if logprobs is None:
        raise DataError(
            f"step self-certainty needs token log-probabilities, but the backend returned none for {problem.id}; "
            "use a backend that reports them (hf, vllm, mock)"
        )
    return sum(logprobs) / len(logprobs) if logprobs else 0.0
