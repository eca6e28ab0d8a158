"""Rejection sampling over a stored pool: which samples are kept as training data, and what trying cost.

A sample is **accepted** when its final answer equals the gold answer under the task's own scorer
(:func:`~tradeoff.pools.score.score_pool`), it was found by the answer marker the prompt asks for (so a student
trained on it learns the format the scorer reads) and the generation was not cut at ``max_tokens``. This is
STaR's filter (Zelikman et al. 2022, "STaR: Bootstrapping Reasoning With Reasoning", §3.1: keep the
rationales that reach the correct answer) applied to a teacher's samples (synthetic data) or to the
student's own (self-distillation).

The acceptance rate is accepted samples / attempted samples over the problems considered; every attempt
counts toward the cost, rejected ones included.
"""

from __future__ import annotations

from dataclasses import dataclass

from tradeoff.ledger import Ledger, StoredSample
from tradeoff.pools.sample import PoolSpec
from tradeoff.pools.score import score_pool
from tradeoff.run.ops import stored_spec
from tradeoff.tasks import get_task
from tradeoff.types import ExtractionMethod, Problem, Usage


def is_accepted(sample: StoredSample) -> bool:
    """Correct on the gold answer, found by the marker, not truncated."""
    score = sample.score
    return (
        score is not None
        and score.correct
        and score.extraction.method is ExtractionMethod.MARKER
        and not sample.generation.truncated
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class PoolAccepted:
    """A pool's problems in order, with the accepted samples of each (by sample index) and the attempts."""

    pool: str
    spec: PoolSpec
    problems: tuple[Problem, ...]
    accepted: tuple[tuple[StoredSample, ...], ...]
    attempted: tuple[int, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Attempts:
    """What the attempts on a pool's first ``problems`` problems gave and cost."""

    problems: int
    attempted: int
    accepted: int
    solved: int  # problems with at least one accepted sample
    usage: Usage

    @property
    def acceptance_rate(self) -> float:
        return self.accepted / self.attempted if self.attempted else 0.0


def pool_accepted(ledger: Ledger, pool: str) -> PoolAccepted:
    """Score what is unscored (a killed run leaves its last samples unscored), then sort samples out."""
    spec = stored_spec(ledger, pool)
    score_pool(ledger, pool, get_task(spec.task, **spec.task_options))
    problems = ledger.problems(pool, limit=spec.limit)
    by_problem: dict[str, list[StoredSample]] = {p.id: [] for p in problems}
    for sample in ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n):
        by_problem[sample.problem_id].append(sample)
    return PoolAccepted(
        pool=pool,
        spec=spec,
        problems=tuple(problems),
        accepted=tuple(tuple(s for s in by_problem[p.id] if is_accepted(s)) for p in problems),
        attempted=tuple(len(by_problem[p.id]) for p in problems),
    )


def attempts(ledger: Ledger, found: PoolAccepted, *, problems: int | None = None) -> Attempts:
    """Counts and usage over the first ``problems`` problems of the pool (all by default)."""
    count = len(found.problems) if problems is None else problems
    return Attempts(
        problems=count,
        attempted=sum(found.attempted[:count]),
        accepted=sum(len(a) for a in found.accepted[:count]),
        solved=sum(1 for a in found.accepted[:count] if a),
        usage=ledger.usage(found.pool, limit=count, n=found.spec.n),
    )


__all__ = ["Attempts", "PoolAccepted", "attempts", "is_accepted", "pool_accepted"]
