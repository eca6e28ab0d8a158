"""``--dry-run``: what each stage would do, with estimated tokens and cost, without running or creating anything.

Estimates, and where each comes from:

- a pool stage's **new samples** are exact: problems × n minus the samples its ledger already links;
- its **tokens** use the mean completion tokens per sample measured for the same model variant in the run's
  ledger (``measured``); with no measurement, ``max_tokens`` per sample, an upper bound (``≤ max_tokens``);
- **seconds** use the measured seconds per generated token of that variant; none when nothing is measured;
- **dollars** are seconds × the hardware profile's $/hour (:mod:`tradeoff.cost.prices`);
- a training stage processes at most steps × batch × max_length tokens (``≤``);
- verifier and search stages say what they will do; their tokens are known only once run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from tradeoff.cost.prices import hardware_dollars, load_prices
from tradeoff.experiment.cache import StageCache
from tradeoff.experiment.jobs import DataJob, PoolJob, SearchJob, TrainJob, VerifyJob
from tradeoff.experiment.spec import ExperimentSpec
from tradeoff.experiment.stage import Stage
from tradeoff.experiment.stages import expand, run_dir
from tradeoff.ledger import Ledger
from tradeoff.pools.sample import PoolSpec
from tradeoff.tasks import get_task


@dataclass(frozen=True, slots=True)
class StageEstimate:
    stage: Stage
    cached: bool
    work: str  # what it would do, e.g. "400 new samples"
    tokens: float | None = None
    tokens_source: str = ""
    seconds: float | None = None
    dollars: float | None = None


def dry_run(spec: ExperimentSpec, *, limit: int | None = None) -> list[StageEstimate]:
    run = run_dir(spec)
    price = load_prices([Path(p) for p in spec.cost.prices]).hardware_price(spec.cost.hardware)
    path = run / "ledger.sqlite"
    ledger = Ledger.open(path) if path.is_file() else None
    try:
        cache = StageCache(ledger) if ledger is not None else None
        out = []
        for stage in expand(spec, limit=limit):
            cached = cache is not None and cache.done(stage.ident, stage.key)
            estimate = _estimate(stage, cached, ledger)
            seconds = estimate.seconds
            dollars = None if seconds is None else hardware_dollars(seconds, price)
            out.append(
                StageEstimate(stage, cached, estimate.work, estimate.tokens, estimate.tokens_source, seconds, dollars)
            )
        return out
    finally:
        if ledger is not None:
            ledger.close()


def _estimate(stage: Stage, cached: bool, ledger: Ledger | None) -> StageEstimate:
    if cached:
        return StageEstimate(stage, True, "done (cached)", 0.0)
    job = stage.job
    if isinstance(job, PoolJob | DataJob):
        return _pool(stage, job.pool, ledger)
    if isinstance(job, TrainJob):
        lora = job.entry.lora
        steps = lora.steps if lora.epochs is None else math.ceil(job.examples * lora.epochs / lora.batch_size)
        tokens = float(steps * lora.batch_size * lora.max_length)
        return StageEstimate(stage, False, f"LoRA on {job.examples} examples, {steps} steps", tokens, "≤ bound")
    if isinstance(job, VerifyJob):
        return StageEstimate(stage, False, f"score the pool's samples with {job.verifier.name}")
    if isinstance(job, SearchJob):
        return StageEstimate(stage, False, f"{job.search.strategy} search at budgets {list(job.search.budgets)}")
    return StageEstimate(stage, False, "from stored samples")


def _pool(stage: Stage, spec: PoolSpec, ledger: Ledger | None) -> StageEstimate:
    problems = len(get_task(spec.task, **spec.task_options).problems(spec.split, limit=spec.limit))
    have = len(ledger.linked(spec.name)) if ledger is not None and ledger.pool_spec(spec.name) is not None else 0
    new = max(0, problems * spec.n - have)
    rate = _measured(ledger, spec)
    if rate is None:
        tokens = float(new * spec.sampling.max_tokens)
        return StageEstimate(stage, False, f"{new} new samples", tokens, "≤ max_tokens")
    per_sample, per_token = rate
    tokens = new * per_sample
    return StageEstimate(stage, False, f"{new} new samples", tokens, "measured", tokens * per_token)


def _measured(ledger: Ledger | None, spec: PoolSpec) -> tuple[float, float] | None:
    """(completion tokens per sample, seconds per token) of pools of the same model variant in the ledger."""
    if ledger is None:
        return None
    same = ("backend", "model", "adapter")
    for name in ledger.pools():
        other = ledger.pool_spec(name) or {}
        if all(other.get(f) == getattr(spec, f) for f in same):
            usage = ledger.usage(name)
            if usage.samples and usage.completion_tokens:
                return usage.completion_tokens / usage.samples, usage.seconds / usage.completion_tokens
    return None


__all__ = ["StageEstimate", "dry_run"]
