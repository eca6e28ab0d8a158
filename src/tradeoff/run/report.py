"""``tradeoff report``: everything a run directory supports, gathered once and written as figures, HTML,
Markdown and JSON.

Gathered (computed here, from the ledger and training records; the renderers in :mod:`tradeoff.reports`
compute nothing): the plan at the chosen volume (:func:`tradeoff.run.plan.plan_run`, with its Monte Carlo
uncertainty), the Pareto frontier at each report volume, a phase map (the cheapest configuration reaching
the target per volume when a target is given, else the most accurate within each budget per volume),
accuracy-vs-budget curves, analytic FLOPs beside measured dollars with the utilisation they imply
(:mod:`tradeoff.cost.utilisation`, for pools whose model facts can be read locally), and a few stored
samples per pool with their raw model text (escaped when rendered: model output may hold HTML or script).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tradeoff.cost.model_facts import facts_for_model
from tradeoff.cost.overheads import Overhead
from tradeoff.cost.prices import load_prices
from tradeoff.cost.utilisation import Utilisation, generation_flops, load_peaks, peak_for, utilisation
from tradeoff.errors import ConfigError, TradeoffError
from tradeoff.frontier import PhaseMap, budget_phase_map, pareto_frontier, target_phase_map
from tradeoff.run.plan import Plan, plan_run
from tradeoff.run.ops import curves, open_ledger, stored_spec
from tradeoff.strategies import PoolCurves

VOLUMES = (1e3, 1e4, 1e5, 1e6)


@dataclass(frozen=True, slots=True, kw_only=True)
class Example:
    """One stored sample as shown in the report; ``text`` is the raw model output."""

    pool: str
    problem_id: str
    sample_index: int
    question: str
    gold: str
    text: str
    extracted: str | None
    correct: bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    run: str
    plan: Plan
    volumes: tuple[float, ...]
    frontiers: tuple[tuple[float, tuple[str, ...]], ...]
    phase: PhaseMap
    curves: tuple[PoolCurves, ...]
    utilisation: tuple[Utilisation, ...]
    examples: tuple[Example, ...]

    def to_dict(self) -> dict[str, Any]:
        phase = self.phase
        return _finite(
            {
                "run": self.run,
                "plan": self.plan.to_dict(),
                "frontiers": [{"queries": q, "frontier": list(names)} for q, names in self.frontiers],
                "phase_map": {
                    "names": phase.names,
                    "queries": phase.queries.tolist(),
                    "budgets": phase.budgets.tolist(),
                    "choice": phase.choice.tolist(),
                },
                "curves": [asdict(c) for c in self.curves],
                "utilisation": [{**asdict(u), "flops_per_dollar": u.flops_per_dollar} for u in self.utilisation],
                "examples": [asdict(e) for e in self.examples],
            }
        )


def _finite(value: Any) -> Any:
    """JSON has no NaN: NaN and ±inf become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def build_report(
    run: Path,
    *,
    queries: float = 1e6,
    volumes: Sequence[float] = VOLUMES,
    hardware: str = "cpu-core",
    prices: Sequence[Path] = (),
    budget: float | None = None,
    target: float | None = None,
    verifier: str | None = None,
    overheads: Sequence[Overhead] = (),
    examples: int = 3,
    seed: int = 0,
    pools: Sequence[str] | None = None,
    searches: Sequence[str] | None = None,
) -> Report:
    """Gather the report of ``run`` (see the module doc); ``pools`` limits it to those pools."""
    if not volumes or min(volumes) <= 0:
        raise ConfigError(f"report volumes must be > 0, got {list(volumes)}")
    plan = plan_run(run, queries=queries, hardware=hardware, prices=prices, budget=budget, target=target,
                    verifier=verifier, seed=seed, overheads=overheads, pools=pools,
                    searches=searches)  # fmt: skip
    configs = [p.configuration for p in plan.configurations]
    grid = np.geomspace(min(volumes) / 10, max(volumes) * 10, 41).tolist()
    if target is not None:
        phase = target_phase_map(configs, queries=grid, target=target)
    else:
        top = max(c.total(grid[-1]) for c in configs) * 2 or 1.0
        phase = budget_phase_map(configs, queries=grid, budgets=np.geomspace(top / 1e6, top, 31).tolist())
    return Report(
        run=str(run),
        plan=plan,
        volumes=tuple(float(v) for v in volumes),
        frontiers=tuple((float(q), tuple(c.name for c in pareto_frontier(configs, queries=q))) for q in volumes),
        phase=phase,
        curves=tuple(curves(run, pools=_sampled(run, pools), verifier=verifier, seed=seed)),
        utilisation=tuple(_utilisation(run, hardware, prices, plan)),
        examples=tuple(_examples(run, examples)),
    )


def _sampled(run: Path, pools: Sequence[str] | None) -> list[str] | None:
    """The sampled pools among ``pools`` (None: let :func:`curves` choose every sampled pool)."""
    if pools is None:
        return None
    with open_ledger(run) as ledger:
        return [p for p in pools if not stored_spec(ledger, p).greedy] or list(pools)


def _utilisation(run: Path, hardware: str, prices: Sequence[Path], plan: Plan) -> list[Utilisation]:
    """Per pool (and per training record) whose model facts are readable locally; others are skipped."""
    price = load_prices(prices).hardware_price(hardware)
    peak = peak_for(load_peaks(prices), hardware)
    out = []
    priced = {p.pool for p in plan.configurations}  # the pools the plan covers (not, e.g., training-data pools)
    with open_ledger(run) as ledger:
        for pool in (p for p in ledger.pools() if p in priced):
            spec = stored_spec(ledger, pool)
            try:
                facts = facts_for_model(spec.model)
            except TradeoffError:
                continue  # mock, hub or API model: no local facts
            gens = [s.generation for s in ledger.samples(pool, limit=spec.limit, n=spec.n)]
            flops = generation_flops(facts, gens)
            seconds = sum(g.seconds for g in gens)
            out.append(utilisation(f"{pool} (sampling)", flops=flops, seconds=seconds, price=price, peak=peak))
    records = {Path(t.source): t for c in plan.configurations for t in c.overheads if t.kind == "training"}
    for record, term in records.items():  # one row per training run, however many pools use its adapter
        if record.is_file():
            flops = json.loads(record.read_text()).get("flops")
            if isinstance(flops, int | float) and flops > 0:
                name = f"{record.parent.name} (training)"
                out.append(utilisation(name, flops=float(flops), seconds=term.seconds, price=price, peak=peak))
    return out


def _examples(run: Path, per_pool: int) -> list[Example]:
    out = []
    with open_ledger(run) as ledger:
        for pool in ledger.pools():
            spec = stored_spec(ledger, pool)
            problems = {p.id: p for p in ledger.problems(pool)}
            for s in ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n)[:per_pool]:
                problem = problems[s.problem_id]
                out.append(Example(pool=pool, problem_id=s.problem_id, sample_index=s.sample_index,
                                   question=problem.question, gold=problem.answer, text=s.generation.text,
                                   extracted=s.score.extraction.answer if s.score else None,
                                   correct=s.score.correct if s.score else None))  # fmt: skip
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportFiles:
    html: Path
    markdown: Path
    json: Path
    figures: dict[str, Path]


def write_report(report: Report, folder: Path) -> ReportFiles:
    """``report.html`` (self-contained), ``report.md``, ``report.json`` and the PNGs into ``folder``."""
    from tradeoff.reports.figures import write_figures
    from tradeoff.reports.html import render_html
    from tradeoff.reports.report_md import render_markdown

    folder.mkdir(parents=True, exist_ok=True)
    figures = write_figures(report, folder)
    files = ReportFiles(html=folder / "report.html", markdown=folder / "report.md", json=folder / "report.json",
                        figures=figures)  # fmt: skip
    files.html.write_text(render_html(report, figures), encoding="utf-8")
    files.markdown.write_text(render_markdown(report, figures), encoding="utf-8")
    files.json.write_text(json.dumps(report.to_dict(), indent=2, default=str, allow_nan=False) + "\n")
    return files
