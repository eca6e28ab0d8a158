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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tradeoff.experiment.spec import ExperimentSpec, ModelEntry, TaskEntry, TrainingEntry
from tradeoff.pools.sample import PoolSpec

Kind = Literal["data", "train", "pool", "search", "verify", "curves", "difficulty", "plan", "report"]
FINAL: tuple[Kind, ...] = ("curves", "difficulty", "plan", "report")


@dataclass(frozen=True, slots=True)
class Variant:
    """A model variant every pool is sampled from: a base model, or a base model plus a trained adapter."""

    name: str
    backend: str
    model: str
    adapter: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    trained_by: str | None = None  # the train stage that makes the adapter


@dataclass(frozen=True, slots=True)
class TrainJob:
    variant: str
    base: ModelEntry
    entry: TrainingEntry
    task: TaskEntry
    examples: int
    out: str  # folder: adapter/ and training.json
    data_pool: str | None = None  # the pool of accepted samples to train on (synthetic / self-distill)
    run: str = ""  # the run directory that holds it


@dataclass(frozen=True, slots=True)
class Stage:
    kind: Kind
    name: str
    key: str
    needs: tuple[str, ...]  # stages whose outputs this one reads
    payload: Any
    variant: str | None = None  # the model variant whose engine the stage uses

    def describe(self) -> str:
        return f"{self.kind} {self.name}"


def digest(*parts: Any) -> str:
    text = json.dumps(parts, sort_keys=True, default=_plain)
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
    root = run_dir(spec)
    tasks = [t if limit is None else t.model_copy(update={"limit": min(t.limit or limit, limit)}) for t in spec.tasks]
    stages: list[Stage] = []
    variants = [Variant(m.name, m.backend, m.model, m.adapter, dict(m.options)) for m in spec.models if m.evaluate]
    for entry in spec.training:
        base = next(m for m in spec.models if m.name == entry.base)
        task = next((t for t in tasks if t.name == (entry.task or tasks[0].name)), tasks[0])
        data = data_stage(spec, entry, task)
        if data is not None and not any(s.name == data.name for s in stages):
            stages.append(data)
        needs = () if data is None else (f"data:{data.name}",)
        for scale in entry.scales:
            name = f"{entry.name}-{scale}"
            settings = entry.model_copy(update={"scales": [scale]})
            key = digest("train", base, settings, task.name, task.options, None if data is None else data.key)
            job = TrainJob(name, base, entry, task, scale, str(root / "train" / f"{name}-{key[:8]}"),
                           None if data is None else data.name, str(root))  # fmt: skip
            stages.append(Stage("train", name, key, needs, job, variant=base.name))
            adapter = str(Path(job.out) / "adapter")
            variants.append(Variant(name, base.backend, base.model, adapter, dict(base.options), trained_by=name))
    pools: list[Stage] = []
    for variant in variants:
        needs = (f"train:{variant.trained_by}",) if variant.trained_by else ()
        for task in tasks:
            label = _task_label(task, tasks)
            trained = [s.key for s in stages if f"{s.kind}:{s.name}" in needs]
            for pool in pool_specs(spec, variant, task, label=label):
                pools.append(Stage("pool", pool.name, digest("pool", pool, trained), needs, pool, variant=variant.name))
            for search in search_specs(spec, variant, task, label=label):
                key = digest("search", search, trained)
                pools.append(Stage("search", search.name, key, needs, search, variant=variant.name))
    stages += pools
    for stage in [p for p in pools if p.kind == "pool" and not p.payload.greedy]:
        for verifier in spec.verifier_names():
            options = spec.verifiers.get(verifier, {})
            key = digest("verify", stage.key, verifier, options)
            payload = (stage.name, verifier, options)
            stages.append(Stage("verify", f"{stage.name}@{verifier}", key, (f"pool:{stage.name}",), payload))
    measured = [s for s in stages if s.kind in ("pool", "search", "verify")]
    upstream = tuple(f"{s.kind}:{s.name}" for s in measured)
    inputs = [s.key for s in measured]
    stages.append(Stage("curves", "curves", digest("curves", inputs, spec.strategies), upstream, spec.strategies))
    if spec.difficulty is not None:
        key = digest("difficulty", inputs, spec.difficulty, spec.verifiers, spec.seed)
        stages.append(Stage("difficulty", "difficulty", key, upstream, spec.difficulty))
    for queries in spec.cost.queries:
        pricing = spec.cost.model_copy(update={"queries": []})  # another volume does not re-price this one
        key = digest("plan", inputs, queries, pricing, _files(spec.cost.prices), spec.strategies)
        stages.append(Stage("plan", f"{queries:g}", key, upstream, queries))
    plans = tuple(f"plan:{q:g}" for q in spec.cost.queries)
    stages.append(Stage("report", "report", digest("report", [s.key for s in stages]), (*plans, "curves:curves"), None))
    return stages


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
    return Stage("data", pool.name, digest("data", pool), (), pool, variant=who)


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
    return {
        "task": task.name,
        "task_options": task.options,
        "split": task.split,
        "limit": task.limit,
        "backend": variant.backend,
        "model": variant.model,
        "adapter": variant.adapter,
        "backend_options": variant.options,
    }


def _files(paths: list[str]) -> list[str]:
    """Price files by content, so editing one re-prices (a missing one fails later, when the plan runs)."""
    return [hashlib.sha256(Path(p).read_bytes()).hexdigest() if Path(p).is_file() else p for p in paths]


def _task_label(task: TaskEntry, tasks: list[TaskEntry]) -> str:
    same = [t for t in tasks if t.name == task.name]
    return task.name if len(same) == 1 else f"{task.name}{same.index(task)}"


__all__ = ["FINAL", "Stage", "TrainJob", "Variant", "digest", "expand", "pool_specs", "run_dir", "search_specs"]
