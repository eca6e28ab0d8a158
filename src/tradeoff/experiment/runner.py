"""Run an experiment: every stage in order, skipping those already done, isolating failures.

A stage that raises is recorded as failed (with its one-line error) and the stages that read its output are
blocked; every other stage still runs, and the final stages (curves, plans, report) use the pools that
succeeded. The run is opened once (:class:`~tradeoff.run.handle.Run`: one ledger; each pool's curves
computed once for every final stage); one engine per model variant is kept while that variant's stages run
and closed after its last.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from tradeoff.errors import TradeoffError
from tradeoff.experiment.cache import StageCache
from tradeoff.experiment.executors import Executor, get_executor
from tradeoff.experiment.spec import ExperimentSpec
from tradeoff.experiment.stage import ENGINE, FINAL, Context, Monitor, Outcome, Stage
from tradeoff.experiment.stages import expand, run_dir
from tradeoff.run.handle import Run


@dataclass(slots=True)
class RunResult:
    spec: ExperimentSpec
    run: Path
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in ("failed", "blocked")]


def run_experiment(
    spec: ExperimentSpec,
    *,
    limit: int | None = None,
    executor: Executor | None = None,
    monitor: Monitor | None = None,
) -> RunResult:
    root = run_dir(spec)
    stages = expand(spec, limit=limit)
    runner = executor or get_executor("local")
    result = RunResult(spec, root)
    last_use = {s.variant.name: i for i, s in enumerate(stages) if s.kind in ENGINE and s.variant is not None}
    budgets = sorted({k for s in spec.strategies for k in s.budgets})
    try:
        with Run.open(root, create=True, ks=budgets, seed=spec.seed) as run:
            ctx = Context(spec=spec, run=run, executor=runner, monitor=monitor, outcomes=result.outcomes)
            cache = StageCache(run.ledger)
            try:
                for index, stage in enumerate(stages):
                    if monitor is not None:
                        monitor.started(stage, index, len(stages))
                    outcome = _one(stage, cache, ctx)
                    result.outcomes.append(outcome)
                    if monitor is not None:
                        monitor.finished(outcome)
                    name = stage.variant.name if stage.variant is not None else None
                    if name in ctx.engines and last_use.get(name, -1) <= index:
                        ctx.engines.pop(name).close()
            finally:
                for engine in ctx.engines.values():
                    engine.close()
    finally:
        if executor is None:
            runner.close()
    return result


def _one(stage: Stage, cache: StageCache, ctx: Context) -> Outcome:
    bad = {o.stage.ident for o in ctx.outcomes if o.status in ("failed", "blocked")}
    blockers = [n for n in stage.needs if n in bad]
    if blockers and stage.kind not in FINAL:
        return Outcome(stage, "blocked", detail=f"needs {', '.join(blockers)}")
    if cache.done(stage.ident, stage.key):
        return Outcome(stage, "cached")
    start = time.perf_counter()
    ctx.current = stage
    try:
        detail = stage.job.run(ctx)
    except (TradeoffError, RuntimeError, OSError, ValueError) as exc:
        seconds = time.perf_counter() - start
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        cache.record(stage.ident, stage.key, "failed", seconds=seconds, error=message)
        return Outcome(stage, "failed", seconds, message)
    finally:
        ctx.current = None
    seconds = time.perf_counter() - start
    if not (blockers and stage.kind in FINAL):  # a final stage over partial results is redone next time
        cache.record(stage.ident, stage.key, "done", seconds=seconds)
    return Outcome(stage, "ran", seconds, detail)


__all__ = ["RunResult", "run_experiment"]
