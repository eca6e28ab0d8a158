"""What each kind of stage does, through the library API the CLI commands use (``tradeoff.run.ops``,
``tradeoff.train``, ``tradeoff.run.plan``). Each function returns a one-line description of what it produced."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Any

from tradeoff.backends import Backend
from tradeoff.errors import MissingDependencyError
from tradeoff.experiment.executors import Executor
from tradeoff.experiment.spec import ExperimentSpec
from tradeoff.experiment.stages import TrainJob
from tradeoff.run.plan import plan_run
from tradeoff.pools.sample import PoolSpec, Progress
from tradeoff.reports.curves import plot_curves
from tradeoff.reports.plan_text import usd
from tradeoff.run.ops import curves, sample, verify, write_curves
from tradeoff.strategies import PoolCurves, Strategy
from tradeoff.tasks import get_task
from tradeoff.verifiers import get_verifier


def train(
    job: TrainJob,
    executor: Executor,
    on_step: Callable[[int, int, float], None] | None = None,
    prices: list[Path] | None = None,
) -> str:
    from tradeoff.train import LoraOptions, train_lora, training_data

    options = LoraOptions(**job.entry.lora.model_dump())
    if job.data_pool is None:
        task = get_task(job.entry.task or job.task.name, **(job.entry.task_options or job.task.options))
        data = training_data(task, examples=job.examples, eval_limit=job.task.limit)
        overlap = {**asdict(data.overlap), "ids": list(data.overlap.ids)}
        spec = {"source": "train-split", "task": dict(task.spec()), "split": "train", "examples": job.examples,
                "overlap": overlap, "forced": False}  # fmt: skip
    else:
        from tradeoff.train.from_pool import pool_training_data

        kind = "synthetic" if job.entry.data.source == "synthetic" else "self-distillation"
        found = pool_training_data(Path(job.run), job.data_pool, student=job.base.model, kind=kind,  # type: ignore[arg-type]
                                   examples=job.examples, eval_limit=job.task.limit, prices=prices or ())  # fmt: skip
        data, spec = found.data, dict(found.record)
    spec["experiment_variant"] = job.variant
    local = executor.name == "local"  # a callback does not cross to a Ray worker
    fn = partial(train_lora, data, Path(job.out), model=job.base.model, options=options, spec=spec,
                 on_step=on_step if local else None)  # fmt: skip
    record = executor.call(fn, gpus=1.0)
    return f"{record.examples} examples, {record.steps} steps, {record.seconds:.0f} s → {job.out}/adapter"


def pool(spec: PoolSpec, run: Path, backend: Backend, progress: Progress | None) -> str:
    report = sample(spec, run, progress=progress, backend=backend)
    return (
        f"{report.problems} problems × {spec.n}: {report.generated} new samples "
        f"({report.usage.completion_tokens:,} tokens), {report.stored} already stored"
    )


def data(spec: PoolSpec, run: Path, backend: Backend, progress: Progress | None, grid: ExperimentSpec) -> str:
    """A teacher's (or the base model's own) attempts on the train split; accepted ones become training data."""
    from tradeoff.synth import synthesize

    report = synthesize(spec, run, progress=progress, backend=backend, prices=[Path(p) for p in grid.cost.prices])
    tried = report.attempts
    return (
        f"{report.sampled.generated} new attempts; {tried.accepted} of {tried.attempted} accepted "
        f"({tried.accepted / max(tried.attempted, 1):.0%}), cost {report.cost.source}"
    )


def search(spec: Any, run: Path, backend: Backend, progress: Progress | None) -> str:
    from tradeoff.search import run_search

    report = run_search(run, spec, backend=backend, progress=progress)
    return f"{report.problems} problems × budgets {list(spec.budgets)}: {report.computed} searches computed"


def verify_pool(run: Path, payload: tuple[str, str, dict[str, Any]]) -> str:
    name, verifier, options = payload
    scored = verify(run, pool=name, verifier=get_verifier(verifier, **options))
    return f"{scored} samples scored by {verifier}"


def pool_curves(run: Path, spec: ExperimentSpec, pools: list[PoolSpec]) -> list[PoolCurves]:
    """Every sampled pool's curves at the spec's budgets: verifier-free strategies once, each verifier's
    strategies once per verifier. Greedy pools appear as the reference beside their variant's sampled pool."""
    ks = sorted({k for s in spec.strategies for k in s.budgets})
    plain: list[Strategy] = ["sampled", "pass", *(s.name for s in spec.strategies if s.name == "majority")]
    items: list[PoolCurves] = []
    for item in (p for p in pools if not p.greedy):
        items += curves(run, pools=[item.name], ks=[k for k in ks if k <= item.n], strategies=plain, seed=spec.seed)
        for verifier in spec.verifier_names():
            wanted: list[Strategy] = [s.name for s in spec.strategies if s.verifier == verifier]
            options = spec.verifiers.get(verifier, {})
            items += curves(run, pools=[item.name], ks=[k for k in ks if k <= item.n], strategies=wanted,
                            verifier=verifier, verifier_options=options, seed=spec.seed)  # fmt: skip
    return items


def write_pool_curves(run: Path, spec: ExperimentSpec, pools: list[PoolSpec]) -> str:
    items = pool_curves(run, spec, pools)
    written = [write_curves(run, items)]
    with contextlib.suppress(MissingDependencyError):  # no plot without matplotlib; the JSON has every figure
        written.append(plot_curves(items, run / "curves.png"))
    return "wrote " + ", ".join(str(p) for p in written)


def difficulty(run: Path, spec: ExperimentSpec, pools: list[PoolSpec]) -> str:
    """``difficulty.json``: the compute-optimal strategy per difficulty level of every sampled pool."""
    from tradeoff.run.difficulty import difficulty_studies, write_studies

    study = spec.difficulty
    assert study is not None
    sampled = [p.name for p in pools if not p.greedy]
    options = spec.verifiers.get(study.verifier, {}) if study.verifier else None
    studies = difficulty_studies(run, pools=sampled, verifier=study.verifier, verifier_options=options,
                                 source=study.source, bins=study.bins, seed=spec.seed)  # fmt: skip
    return f"{len(studies)} pools studied in {study.bins} levels → {write_studies(run, studies)}"


def _pricing(spec: ExperimentSpec, pools: list[PoolSpec], searches: list[str]) -> dict[str, Any]:
    """The settings ``plan_run`` and ``build_report`` share: hardware, prices, the first verifier, what to price."""
    verifiers = spec.verifier_names()
    return {
        "hardware": spec.cost.hardware,
        "prices": [Path(p) for p in spec.cost.prices],
        "verifier": verifiers[0] if verifiers else None,
        "seed": spec.seed,
        "pools": [p.name for p in pools],
        "searches": searches,
        "target": spec.cost.target_accuracy,
    }


def plan(run: Path, spec: ExperimentSpec, queries: float, pools: list[PoolSpec], searches: list[str]) -> str:
    result = plan_run(run, queries=queries, **_pricing(spec, pools, searches))
    path = run / "plans" / f"plan-{queries:g}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result.to_dict(), indent=2, default=str) + "\n")
    best = next(p for p in result.configurations if p.configuration.name == result.recommended)
    total = usd(best.configuration.total(queries))
    return f"at {queries:,.0f} queries: {result.recommended} ({best.configuration.accuracy.format()}, {total})"


def report(run: Path, spec: ExperimentSpec, pools: list[PoolSpec], searches: list[str]) -> str:
    """The run's report (``report/``: figures, ``report.html``, ``report.md``, ``report.json``, priced at the
    largest volume and drawn at every volume), then ``experiment.json`` / ``experiment.md``: every stage's status
    (failures with their error) and the recommendation at each query volume."""
    from tradeoff.run.report import build_report, write_report

    pricing = _pricing(spec, pools, searches)
    built = build_report(run, queries=max(spec.cost.queries), volumes=spec.cost.queries, **pricing)
    files = write_report(built, run / "report")
    return f"{_summary(run, spec, _break_evens(built))}, {files.html}"


def _break_evens(report: Any) -> list[str]:
    """Every volume where two configurations that are on the frontier at some report volume trade places."""
    from tradeoff.frontier import break_even

    plan = report.plan
    by_name = {p.configuration.name: p.configuration for p in plan.configurations}
    shown = list(dict.fromkeys(n for _, names in report.frontiers for n in names))
    lines = []
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            even = break_even(by_name[a], by_name[b])
            if even.kind == "crossing" and even.queries is not None:
                low, high = by_name[even.cheaper_below or a], by_name[even.cheaper_above or b]
                lines.append(
                    f"- Q* = {even.queries:,.0f} queries: below it `{low.name}` ({low.accuracy.format()}) costs less, "
                    f"above it `{high.name}` ({high.accuracy.format()})"
                )
    if plan.switch is not None and plan.switch.no_switch < 1:
        s = plan.switch
        lines.append(
            f"- the cheapest configuration reaching {plan.target:.0%} changes at Q = {s.median:,.0f} "
            f"[95 % over accuracy draws: {s.low:,.0f}, {s.high:,.0f}]; it never changes in {s.no_switch:.0%} of draws"
        )
    return lines


def _summary(run: Path, spec: ExperimentSpec, evens: list[str]) -> str:
    from tradeoff.experiment.cache import StageCache
    from tradeoff.run.ops import open_ledger

    with open_ledger(run) as ledger:
        records = [asdict(r) for r in StageCache(ledger).all()]
    decisions = [json.loads(p.read_text()) for p in sorted((run / "plans").glob("plan-*.json"))]
    decisions.sort(key=lambda d: d["queries"])
    payload = {"experiment": spec.model_dump(mode="json"), "stages": records, "plans": decisions}
    (run / "experiment.json").write_text(json.dumps(payload, indent=2, default=str) + "\n")
    target = spec.cost.target_accuracy
    rule = "the most accurate on the frontier" if target is None else f"the cheapest reaching {target:.0%} accuracy"
    lines = [f"# Experiment {spec.name}", "", spec.description, "", "## Recommendation by query volume", ""]
    lines += [f"Recommended: {rule} (`cost.target_accuracy` in the spec).", ""]
    lines += ["| queries | recommended | frontier |", "| ---: | --- | --- |"]
    lines += [f"| {d['queries']:,.0f} | {d['recommended']} | {', '.join(d['frontier'])} |" for d in decisions]
    lines += ["", "## Break-even volumes", "", *(evens or ["- no two frontier configurations trade places"])]
    lines += ["", "Figures, every configuration with its 95 % interval and the reasons: `report/report.html`."]
    failed = [r for r in records if r["status"] == "failed"]
    lines += ["", "## Stages", "", f"{len(records)} stages recorded, {len(failed)} failed.", ""]
    lines += [f"- `{r['stage']}` failed: {r['error']}" for r in failed]
    (run / "experiment.md").write_text("\n".join(lines) + "\n")
    return f"wrote {run / 'experiment.md'}, {run / 'experiment.json'}"


__all__ = [
    "data",
    "difficulty",
    "plan",
    "pool",
    "pool_curves",
    "report",
    "search",
    "train",
    "verify_pool",
    "write_pool_curves",
]
