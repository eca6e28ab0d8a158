"""The stages that generate with a model variant's engine: ``pool`` (N samples per evaluated problem), ``data``
(a teacher's or the base model's own attempts on the train split; accepted ones become training data) and
``search`` (a search strategy per budget). Each commits every batch into the run's one ledger."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from tradeoff.experiment.stage import Context, Kind
from tradeoff.pools import PoolSpec, sample_pool, score_pool
from tradeoff.tasks import get_task


@dataclass(frozen=True, slots=True)
class PoolJob:
    kind: ClassVar[Kind] = "pool"

    pool: PoolSpec

    def run(self, ctx: Context) -> str:
        task = get_task(self.pool.task, **self.pool.task_options)
        report = sample_pool(self.pool, task=task, backend=ctx.engine(), ledger=ctx.run.ledger,
                             progress=ctx.progress())  # fmt: skip
        score_pool(ctx.run.ledger, self.pool.name, task)
        return (
            f"{report.problems} problems × {self.pool.n}: {report.generated} new samples "
            f"({report.usage.completion_tokens:,} tokens), {report.stored} already stored"
        )


@dataclass(frozen=True, slots=True)
class DataJob:
    kind: ClassVar[Kind] = "data"

    pool: PoolSpec

    def run(self, ctx: Context) -> str:
        from pathlib import Path

        from tradeoff.synth import synthesize

        report = synthesize(self.pool, ctx.root, progress=ctx.progress(), backend=ctx.engine(),
                            prices=[Path(p) for p in ctx.spec.cost.prices])  # fmt: skip
        tried = report.attempts
        return (
            f"{report.sampled.generated} new attempts; {tried.accepted} of {tried.attempted} accepted "
            f"({tried.accepted / max(tried.attempted, 1):.0%}), cost {report.cost.source}"
        )


@dataclass(frozen=True, slots=True)
class SearchJob:
    kind: ClassVar[Kind] = "search"

    search: Any  # a tradeoff.search.SearchSpec (imported with the search package, on use)

    def run(self, ctx: Context) -> str:
        from tradeoff.search import run_search

        report = run_search(ctx.root, self.search, backend=ctx.engine(), progress=ctx.progress())
        return f"{report.problems} problems × budgets {list(self.search.budgets)}: {report.computed} searches computed"


__all__ = ["DataJob", "PoolJob", "SearchJob"]
