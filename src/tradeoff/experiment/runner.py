"""Run an experiment: every stage in order, skipping those already done, isolating failures.

A stage that raises is recorded as failed (with its one-line error) and the stages that read its output are
blocked; every other stage still runs, and the final stages (curves, plans, report) use the pools that
succeeded. One engine per model variant is kept while that variant's stages run and closed after its last.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from tradeoff.backends import Backend
from tradeoff.errors import TradeoffError
from tradeoff.experiment import execute
from tradeoff.experiment.cache import StageCache
from tradeoff.experiment.executors import Executor, get_executor
from tradeoff.experiment.spec import ExperimentSpec
from tradeoff.experiment.stages import FINAL, Stage, Variant, expand, run_dir
from tradeoff.ledger import Ledger
from tradeoff.pools.sample import PoolSpec, Progress

Status = Literal["ran", "cached", "failed", "blocked"]
ENGINE_STAGES = ("data", "pool", "search")  # stages that generate with a model variant's engine


@dataclass(frozen=True, slots=True)
class Outcome:
    stage: Stage
    status: Status
    seconds: float = 0.0
    detail: str = ""


@dataclass(slots=True)
class RunResult:
    spec: ExperimentSpec
    run: Path
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in ("failed", "blocked")]


class Monitor(Protocol):
    """Told of each stage as it starts and ends; gives a pool stage a sampling progress (or None)."""

    def started(self, stage: Stage, index: int, total: int) -> None: ...

    def finished(self, outcome: Outcome) -> None: ...

    def sampling(self, stage: Stage) -> Progress | None: ...

    def training(self, stage: Stage) -> Callable[[int, int, float], None] | None:
        """A callback told (step, steps, loss) after each optimiser step of a local training stage."""
        ...


def run_experiment(
    spec: ExperimentSpec,
    *,
    limit: int | None = None,
    executor: Executor | None = None,
    monitor: Monitor | None = None,
) -> RunResult:
    run = run_dir(spec)
    stages = expand(spec, limit=limit)
    runner = executor or get_executor("local")
    result = RunResult(spec, run)
    engines: dict[str, Backend] = {}
    last_use = {s.variant: i for i, s in enumerate(stages) if s.kind in ENGINE_STAGES and s.variant}
    variants = _variants(stages)
    try:
        with Ledger.open(run / "ledger.sqlite") as ledger:
            cache = StageCache(ledger)
            for index, stage in enumerate(stages):
                if monitor is not None:
                    monitor.started(stage, index, len(stages))
                outcome = _one(stage, cache, result, runner, engines, variants, monitor, run, spec)
                result.outcomes.append(outcome)
                if monitor is not None:
                    monitor.finished(outcome)
                if stage.variant in engines and last_use.get(stage.variant, -1) <= index:
                    engines.pop(stage.variant).close()
    finally:
        for engine in engines.values():
            engine.close()
        if executor is None:
            runner.close()
    return result


def _one(
    stage: Stage,
    cache: StageCache,
    result: RunResult,
    runner: Executor,
    engines: dict[str, Backend],
    variants: dict[str, Variant],
    monitor: Monitor | None,
    run: Path,
    spec: ExperimentSpec,
) -> Outcome:
    ident = f"{stage.kind}:{stage.name}"
    bad = {f"{o.stage.kind}:{o.stage.name}": o for o in result.failed}
    blockers = [n for n in stage.needs if n in bad]
    if blockers and stage.kind not in FINAL:
        return Outcome(stage, "blocked", detail=f"needs {', '.join(blockers)}")
    if cache.done(ident, stage.key):
        return Outcome(stage, "cached")
    start = time.perf_counter()
    try:
        detail = _execute(
            stage, runner, engines, variants, monitor, run, spec, ok=_good_pools(result), searched=_searched(result)
        )
    except (TradeoffError, RuntimeError, OSError, ValueError) as exc:
        seconds = time.perf_counter() - start
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        cache.record(ident, stage.key, "failed", seconds=seconds, error=message)
        return Outcome(stage, "failed", seconds, message)
    seconds = time.perf_counter() - start
    if not (blockers and stage.kind in FINAL):  # a final stage over partial results is redone next time
        cache.record(ident, stage.key, "done", seconds=seconds)
    return Outcome(stage, "ran", seconds, detail)


def _execute(
    stage: Stage,
    runner: Executor,
    engines: dict[str, Backend],
    variants: dict[str, Variant],
    monitor: Monitor | None,
    run: Path,
    spec: ExperimentSpec,
    *,
    ok: list[PoolSpec],
    searched: list[str],
) -> str:
    if stage.kind == "train":
        on_step = monitor.training(stage) if monitor is not None else None
        return execute.train(stage.payload, runner, on_step, [Path(p) for p in spec.cost.prices])
    if stage.kind in ENGINE_STAGES:
        assert stage.variant is not None
        if stage.variant not in engines:
            v = variants[stage.variant]
            engines[stage.variant] = runner.backend(v.backend, v.model, v.adapter, v.options)
        progress = monitor.sampling(stage) if monitor is not None else None
        if stage.kind == "search":
            return execute.search(stage.payload, run, engines[stage.variant], progress)
        if stage.kind == "data":
            return execute.data(stage.payload, run, engines[stage.variant], progress, spec)
        return execute.pool(stage.payload, run, engines[stage.variant], progress)
    if stage.kind == "verify":
        return execute.verify_pool(run, stage.payload)
    if stage.kind == "curves":
        return execute.write_pool_curves(run, spec, ok)
    if stage.kind == "difficulty":
        return execute.difficulty(run, spec, ok)
    if stage.kind == "plan":
        return execute.plan(run, spec, stage.payload, ok, searched)
    if stage.kind == "report":
        return execute.report(run, spec, ok, searched)
    raise ValueError(f"no executor for stage kind {stage.kind!r}")


def _good_pools(result: RunResult) -> list[PoolSpec]:
    return [o.stage.payload for o in result.outcomes if o.stage.kind == "pool" and o.status in ("ran", "cached")]


def _searched(result: RunResult) -> list[str]:
    return [o.stage.name for o in result.outcomes if o.stage.kind == "search" and o.status in ("ran", "cached")]


def _variants(stages: Sequence[Stage]) -> dict[str, Variant]:
    out = {}
    for stage in stages:
        if stage.kind in ENGINE_STAGES and stage.variant is not None:
            p = stage.payload
            out[stage.variant] = Variant(stage.variant, p.backend, p.model, p.adapter, dict(p.backend_options))
    return out


__all__ = ["Monitor", "Outcome", "RunResult", "run_experiment"]
