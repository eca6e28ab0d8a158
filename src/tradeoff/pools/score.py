"""Scoring: project every stored sample onto its final answer and check it against the gold answer.

Scores are stored in the ledger under the task's name, so ``show`` and every later stage read them
without re-running extraction; only samples without a score are scored (re-scoring is ``force=True``).
"""

from __future__ import annotations

from tradeoff.ledger import Ledger
from tradeoff.tasks.base import Task
from tradeoff.types import ExtractionMethod, Score


def score_pool(ledger: Ledger, pool: str, task: Task, *, force: bool = False) -> int:
    """Score the samples of ``pool`` that have no score under ``task.name``; returns how many were scored."""
    golds = {p.id: p.answer for p in ledger.problems(pool)}
    todo = [s for s in ledger.samples(pool, scorer=task.name) if force or s.score is None]
    extractions = [task.extract(s.generation.text) for s in todo]
    answered = [(i, e.answer) for i, e in enumerate(extractions) if e.answer is not None]
    verdicts = task.equivalent([a for _, a in answered], [golds[todo[i].problem_id] for i, _ in answered])
    correct = dict(zip((i for i, _ in answered), verdicts, strict=True))
    rows = [
        (
            s.problem_id,
            s.sample_index,
            Score(
                extraction=e,
                correct=e.method is not ExtractionMethod.NONE and correct.get(i, False),
                truncated=s.generation.truncated,
            ),
        )
        for i, (s, e) in enumerate(zip(todo, extractions, strict=True))
    ]
    ledger.add_scores(pool, task.name, rows)
    return len(rows)
