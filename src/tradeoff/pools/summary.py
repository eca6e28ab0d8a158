"""A pool's summary: accuracies with 95 % confidence intervals, format diagnostics, tokens and seconds.

Accuracies (each named with the estimator behind its interval):

- ``accuracy`` — one sample per problem (greedy pools): the fraction correct, Wilson interval.
- ``sampled@1`` — the mean over problems of the fraction of correct samples: the expected accuracy of one
  sample at this temperature (exact for the pool), percentile bootstrap over problems. Reported beside
  greedy so the effect of temperature is not mistaken for the effect of voting.
- ``majority@N`` — self-consistency over all N samples, voting on the projected final answer (Wang et
  al. 2023); unanswered samples do not vote; a tie counts as the expected accuracy of a uniformly random
  choice among the tied answers (1/t when the gold answer is among t tied answers). Bootstrap interval.
- ``pass@N`` — whether any of the N samples is correct (the oracle ceiling), Wilson interval.

The per-problem values come from the pool estimators of ``tradeoff.strategies`` at k = N (problems
with fewer scored samples are evaluated at their own count); ``tradeoff curves`` gives every k < N.

Diagnostics (the lessons of compute-scaling-frontier): the rates at which answers carried the
final-answer marker, needed the fallback, or had no answer at all; the truncation rate (finish reason
``length``); mean generated tokens.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from tradeoff.ledger import StoredSample
from tradeoff.stats import Estimate, bootstrap_mean, wilson
from tradeoff.strategies import PoolArrays, from_labels, majority_at_k, pass_at_k, sampled_at_1
from tradeoff.types import ExtractionMethod, Usage


@dataclass(frozen=True, slots=True)
class Diagnostics:
    marker_rate: float
    fallback_rate: float
    no_answer_rate: float
    truncation_rate: float
    mean_completion_tokens: float


@dataclass(frozen=True, slots=True)
class PoolSummary:
    pool: str
    problems: int
    samples_per_problem: int
    scored: int
    accuracies: dict[str, Estimate]
    diagnostics: Diagnostics
    usage: Usage
    spec: dict[str, object] = field(default_factory=dict)


def _arrays(groups: Sequence[Sequence[StoredSample]]) -> PoolArrays:
    return from_labels(
        [[s.score.extraction.answer if s.score else None for s in g] for g in groups],
        [[bool(s.score and s.score.correct) for s in g] for g in groups],
    )


def majority_expected(samples: Sequence[StoredSample]) -> float:
    """Expected correctness of a majority vote over ``samples`` with uniform tie-breaking."""
    if not samples:
        return 0.0
    return float(majority_at_k(_arrays([samples]), ks=[len(samples)]).values[0, 0])


def per_problem(groups: Sequence[Sequence[StoredSample]]) -> tuple[list[float], list[float], list[float]]:
    """sampled@1, majority@n and pass@n of each group (one problem's samples, n = the group's size)."""
    out = np.zeros((3, len(groups)))
    for size in sorted({len(g) for g in groups}):
        rows = [i for i, g in enumerate(groups) if len(g) == size]
        arrays = _arrays([groups[i] for i in rows])
        out[0, rows] = sampled_at_1(arrays).values[:, 0]
        out[1, rows] = majority_at_k(arrays, ks=[size]).values[:, 0]
        out[2, rows] = pass_at_k(arrays, ks=[size]).values[:, 0]
    return out[0].tolist(), out[1].tolist(), out[2].tolist()


def summarize(
    pool: str,
    samples: Sequence[StoredSample],
    *,
    usage: Usage,
    spec: dict[str, object] | None = None,
    rng: np.random.Generator | None = None,
) -> PoolSummary:
    """Summarise the scored samples of one pool (unscored samples are counted but not judged)."""
    rng = rng if rng is not None else np.random.default_rng(0)
    by_problem: dict[str, list[StoredSample]] = defaultdict(list)
    for s in samples:
        by_problem[s.problem_id].append(s)
    scored = [s for s in samples if s.score is not None]
    groups = [[s for s in group if s.score is not None] for group in by_problem.values()]
    groups = [group for group in groups if group]
    n = max((len(g) for g in by_problem.values()), default=0)

    accuracies: dict[str, Estimate] = {}
    if groups and n == 1:
        accuracies["accuracy"] = wilson(sum(g[0].score.correct for g in groups if g[0].score), len(groups))
    elif groups:
        fractions, majority, passed = per_problem(groups)
        accuracies["sampled@1"] = bootstrap_mean(fractions, rng=rng)
        accuracies[f"majority@{n}"] = bootstrap_mean(majority, rng=rng)
        accuracies[f"pass@{n}"] = wilson(round(sum(passed)), len(passed))

    def rate(method: ExtractionMethod) -> float:
        return sum(s.score.extraction.method is method for s in scored if s.score) / len(scored) if scored else 0.0

    diagnostics = Diagnostics(
        marker_rate=rate(ExtractionMethod.MARKER),
        fallback_rate=rate(ExtractionMethod.FALLBACK),
        no_answer_rate=rate(ExtractionMethod.NONE),
        truncation_rate=sum(s.generation.truncated for s in samples) / len(samples) if samples else 0.0,
        mean_completion_tokens=float(np.mean([s.generation.completion_tokens for s in samples])) if samples else 0.0,
    )
    return PoolSummary(
        pool=pool,
        problems=len(by_problem),
        samples_per_problem=n,
        scored=len(scored),
        accuracies=accuracies,
        diagnostics=diagnostics,
        usage=usage,
        spec=dict(spec or {}),
    )
