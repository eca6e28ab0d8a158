"""Expand an :class:`ExperimentSpec` into stages: training → pools → verifier scores → (search) → curves →
plan per query volume → report.

Each stage carries a content ``key``: the SHA-256 of its own settings and the keys of the stages it reads.
A stage whose key is recorded as done is skipped (its outputs are what the same settings produce: samples
are content-addressed and seeded), so re-running a finished spec does nothing, and adding a budget or a
strategy changes only the keys of the stages it touches. Pool stages are resumable on their own as well
(the ledger asks only for missing samples), so a changed key costs only what is new.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from tradeoff.backends import ModelVariant
from tradeoff.experiment.jobs import (
    CurvesJob,
    DataJob,
    DifficultyJob,
    PlanJob,
    PoolJob,
    ReportJob,
    SearchJob,
    TrainJob,
    VerifyJob,
)
from tradeoff.experiment.spec import ExperimentSpec, TaskEntry, TrainingEntry
from tradeoff.experiment.stage import Stage, Variant
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.handle import VerifierChoice
from tradeoff.secrets import redact


def digest(*parts: Any) -> str:
    text = json.dumps(redact(json.loads(json.dumps(parts, default=_plain))), sort_keys=True)  # no secret hashed
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "__dataclass_fields__"):
        return {f: getattr(value, f) for f in value.__dataclass_fields__}
    return str(value)


def run_dir(spec: ExperimentSpec) -> Path:
    return Path(spec.run_dir) if spec.run_dir else Path("runs") / spec.name


def expand(spec: ExperimentSpec, *, limit: int | None = None) -> list[Stage]:
    """Every stage of ``spec`` in an order that respects ``needs``; ``limit`` caps problems per task (smoke)."""
    tasks = [t if limit is None else t.model_copy(update={"limit": min(t.limit or limit, limit)}) for t in spec.tasks]
    stages = _training(spec, tasks)
    variants = [Variant(m.name, m.variant) for m in spec.models if m.evaluate]
    variants += [s.variant for s in stages if s.kind == "train" and s.variant is not None]
    generating = [g for v in variants for g in _generating(spec, v, tasks, stages)]
    stages += generating
    for stage in (s for s in generating if s.pool is not None and not s.pool.greedy):
        for name in spec.verifier_names():
            choice = VerifierChoice.of(name, spec.verifiers.get(name))
            key = digest("verify", stage.key, name, spec.verifiers.get(name, {}))
            job = VerifyJob(stage.name, choice)
            stages.append(Stage(f"{stage.name}@{name}", key, (stage.ident,), job))
    return stages + _finals(spec, stages)


def _training(spec: ExperimentSpec, tasks: list[TaskEntry]) -> list[Stage]:
    """Data stages (synthetic / self-distilled attempts) and one train stage per training entry and scale; each
    train stage's ``variant`` is the adapter it makes."""
    root = run_dir(spec)
    stages: list[Stage] = []
    for entry in spec.training:
        base = next(m for m in spec.models if m.name == entry.base)
        task = next((t for t in tasks if t.name == (entry.task or tasks[0].name)), tasks[0])
        data = data_stage(spec, entry, task)
        if data is not None and not any(s.name == data.name for s in stages):
            stages.append(data)
        needs = () if data is None else (data.ident,)
        for scale in entry.scales:
            name = f"{entry.name}-{scale}"
            settings = entry.model_copy(update={"scales": [scale]})
            key = digest("train", base, settings, task.name, task.options, None if data is None else data.key)
            out = root / "train" / f"{name}-{key[:8]}"
            job = TrainJob(variant=name, base=base, entry=entry, task=task, examples=scale, out=str(out),
                           data_pool=None if data is None else data.name)  # fmt: skip
            adapter = ModelVariant(backend=base.backend, model=base.model, adapter=str(out / "adapter"),
                                   options=dict(base.options))  # fmt: skip
            stages.append(Stage(name, key, needs, job, variant=Variant(name, adapter, trained_by=name)))
    return stages


def _generating(spec: ExperimentSpec, variant: Variant, tasks: list[TaskEntry], before: list[Stage]) -> list[Stage]:
    """The pool and search stages of one model variant on every task (after the stage that trains it)."""
    needs = (f"train:{variant.trained_by}",) if variant.trained_by else ()
    trained = [s.key for s in before if s.ident in needs]
    out = []
    for task in tasks:
        label = _task_label(task, tasks)
        for pool in pool_specs(spec, variant, task, label=label):
            key = digest("pool", pool, trained)
            out.append(Stage(pool.name, key, needs, PoolJob(pool), variant=variant, pool=pool))
        for search in search_specs(spec, variant, task, label=label):
            out.append(Stage(search.name, digest("search", search, trained), needs, SearchJob(search), variant=variant))
    return out


def _finals(spec: ExperimentSpec, stages: list[Stage]) -> list[Stage]:
    """Curves, the difficulty study, a plan per query volume and the report, over every measured stage."""
    measured = [s for s in stages if s.kind in ("pool", "search", "verify")]
    upstream = tuple(s.ident for s in measured)
    inputs = [s.key for s in measured]
    out = [Stage("curves", digest("curves", inputs, spec.strategies), upstream, CurvesJob())]
    if spec.difficulty is not None:
        key = digest("difficulty", inputs, spec.difficulty, spec.verifiers, spec.seed)
        out.append(Stage("difficulty", key, upstream, DifficultyJob(spec.difficulty)))
    for queries in spec.cost.queries:
        pricing = spec.cost.model_copy(update={"queries": []})  # another volume does not re-price this one
        key = digest("plan", inputs, queries, pricing, _files(spec.cost.prices), spec.strategies, spec.verifiers)
        out.append(Stage(f"{queries:g}", key, upstream, PlanJob(queries)))
    plans = tuple(f"plan:{q:g}" for q in spec.cost.queries)
    key = digest("report", [s.key for s in [*stages, *out]])
    return [*out, Stage("report", key, (*plans, "curves:curves"), ReportJob())]


def data_stage(spec: ExperimentSpec, entry: TrainingEntry, task: TaskEntry) -> Stage | None:
    """The train-split pool whose accepted samples a synthetic or self-distilled variant trains on."""
    data = entry.data
    if data.source == "train-split":
        return None
    who = data.teacher if data.source == "synthetic" else entry.base
    model = next(m for m in spec.models if m.name == who)
    sampling = {"temperature": data.temperature, "max_tokens": data.max_tokens, "seed": spec.seed}
    pool = PoolSpec.parse(
        {
            "name": f"data.{who}.{task.name}.t{data.temperature:g}",
            "task": entry.task or task.name,
            "task_options": entry.task_options if entry.task_options is not None else task.options,
            "split": "train",
            "limit": data.problems or max(entry.scales),
            "backend": model.backend,
            "model": model.model,
            "adapter": model.adapter,
            "backend_options": model.options,
            "n": data.samples_per_problem,
            "sampling": sampling,
        }
    )
    return Stage(pool.name, digest("data", pool), (), DataJob(pool), variant=Variant(model.name, model.variant))


def pool_specs(spec: ExperimentSpec, variant: Variant, task: TaskEntry, *, label: str) -> list[PoolSpec]:
    """The greedy pool (if a strategy is greedy) and one sampled pool of the largest budget."""
    common = _settings(variant, task)
    out = []
    if any(s.name == "greedy" for s in spec.strategies):
        greedy = {"max_tokens": spec.sampling.max_tokens, "stop": spec.sampling.stop, "seed": spec.seed}
        out.append(PoolSpec.parse({**common, "name": f"{variant.name}.{label}.greedy", "sampling": greedy}))
    if spec.max_budget():
        # log-probabilities always: self-certainty can rank the pool later without re-sampling it
        sampling = spec.sampling.model_copy(update={"logprobs": True})
        name = f"{variant.name}.{label}.t{sampling.temperature:g}"
        out.append(PoolSpec.parse({**common, "name": name, "n": spec.max_budget(), "sampling": sampling}))
    return out


def search_specs(spec: ExperimentSpec, variant: Variant, task: TaskEntry, *, label: str) -> list[Any]:
    """One :class:`~tradeoff.search.SearchSpec` per search entry (checked: budgets, beam width, verifier)."""
    if not spec.search:
        return []
    from tradeoff.search import SearchSpec

    out = []
    for i, entry in enumerate(spec.search):
        same = sum(1 for e in spec.search[:i] if e.strategy == entry.strategy)
        settings = {
            **_settings(variant, task),
            "name": f"{variant.name}.{label}.{entry.strategy}" + (f"{same}" if same else ""),
            "strategy": entry.strategy,
            "budgets": entry.budgets,
            "step_verifier": entry.step_verifier,
            "step_verifier_options": entry.step_verifier_options,
            "strategy_options": entry.options,
            "seed": spec.seed,
        }
        optional = {"beam_width": entry.beam_width, "temperature": entry.temperature, "max_tokens": entry.max_tokens}
        out.append(SearchSpec.parse(settings | {k: v for k, v in optional.items() if v is not None}))
    return out


def _settings(variant: Variant, task: TaskEntry) -> dict[str, Any]:
    """What pools and searches of ``variant`` on ``task`` share: the problems and the engine."""
    model = variant.model
    return {
        "task": task.name,
        "task_options": task.options,
        "split": task.split,
        "limit": task.limit,
        "backend": model.backend,
        "model": model.model,
        "adapter": model.adapter,
        "backend_options": dict(model.options),
    }


def _files(paths: list[str]) -> list[str]:
    """Price files by content, so editing one re-prices (a missing one fails later, when the plan runs)."""
    return [hashlib.sha256(Path(p).read_bytes()).hexdigest() if Path(p).is_file() else p for p in paths]


def _task_label(task: TaskEntry, tasks: list[TaskEntry]) -> str:
    same = [t for t in tasks if t.name == task.name]
    return task.name if len(same) == 1 else f"{task.name}{same.index(task)}"


__all__ = ["digest", "expand", "pool_specs", "run_dir", "search_specs"]
