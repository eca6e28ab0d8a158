"""``tradeoff report``: everything a run supports, gathered once into a :class:`~tradeoff.reports.model.Report`.

Gathered here (from the :class:`~tradeoff.run.handle.Run` and the training records): the configurations
priced once (:func:`tradeoff.run.plan.priced`), the plan at each report volume over them, the Pareto
frontier at each volume, the break-evens between the configurations a reader sees, the decision strip (the
recommendation at each volume of a grid, under the question's rule), the pools' curves (the very values the
plan priced), analytic FLOPs beside measured dollars with the utilisation they imply
(:mod:`tradeoff.cost.utilisation`, for pools whose model facts can be read locally), and a few stored samples
per pool with their raw model text (escaped when rendered: model output may hold HTML or script).
:mod:`tradeoff.reports` renders it and computes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from tradeoff.cost.model_facts import facts_for_model
from tradeoff.cost.plan import Plan
from tradeoff.cost.pricing import Priced
from tradeoff.cost.utilisation import Utilisation, generation_flops, load_peaks, peak_for, utilisation
from tradeoff.errors import ConfigError, TradeoffError
from tradeoff.frontier import Configuration, PhaseMap, break_even, pareto_frontier
from tradeoff.frontier.decide import decision_strip
from tradeoff.reports.model import Crossing, Example, Report
from tradeoff.run.handle import Run, VerifierChoice
from tradeoff.run.plan import Pricing, Question, plans, priced
from tradeoff.strategies import PoolCurves

VOLUMES = (1e3, 1e4, 1e5, 1e6)


def build_report(
    run: Run,
    pricing: Pricing,
    question: Question,
    *,
    volumes: Sequence[float] = VOLUMES,
    examples: int = 3,
    configurations: Sequence[Priced] | None = None,
) -> Report:
    """Gather the report of ``run`` (see the module doc): the plan answers ``question``; the frontier and a
    plan are shown at each of ``volumes``; ``configurations`` priced earlier are reused."""
    if not volumes or min(volumes) <= 0:
        raise ConfigError(f"report volumes must be > 0, got {list(volumes)}")
    items = list(priced(run, pricing) if configurations is None else configurations)
    every = plans(pricing, question, items, volumes=[question.queries, *(float(q) for q in volumes)])
    main, decisions = every[0], tuple(every[1:])  # one set of paired draws for every volume
    configs = [p.configuration for p in items]
    frontiers = tuple((float(q), tuple(c.name for c in pareto_frontier(configs, queries=q))) for q in volumes)
    report = Report(
        run=str(run.path), plan=main, decisions=decisions, volumes=tuple(float(v) for v in volumes),
        frontiers=frontiers, crossings=(), phase=_strip(configs, volumes, question),
        curves=_curves(run, pricing),
        utilisation=tuple(_utilisation(run, pricing, main)), examples=tuple(_examples(run, examples)),
    )  # fmt: skip
    return replace(report, crossings=_crossings(configs, report.shown()))


def _strip(configs: Sequence[Configuration], volumes: Sequence[float], question: Question) -> PhaseMap:
    """The recommendation over a grid of volumes a decade beyond the report's on each side."""
    grid = np.geomspace(min(volumes) / 10, max(volumes) * 10, 41).tolist()
    return decision_strip(configs, queries=grid, budget=question.budget, target=question.target)


def _crossings(configs: Sequence[Configuration], shown: Sequence[str]) -> tuple[Crossing, ...]:
    """Every volume where two shown configurations trade places (their total costs cross)."""
    by_name = {c.name: c for c in configs}
    out = []
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            even = break_even(by_name[a], by_name[b])
            if even.kind == "crossing" and even.queries is not None:
                out.append(Crossing(first=a, second=b, even=even))
    return tuple(out)


def _curves(run: Run, pricing: Pricing) -> tuple[PoolCurves, ...]:
    """The curves the plan priced: each sampled pool's verifier-free curves, then each verifier's."""
    pools = [p for p in run.sampled_pools() if pricing.pools is None or p in pricing.pools]
    out = [run.curves(p) for p in pools]
    for name in pricing.selection.verifiers():
        choice = VerifierChoice.of(name, pricing.verifier_options.get(name))
        out += [run.curves(p, choice) for p in pools if not run.spec(p).greedy]
    return tuple(out)


def _utilisation(run: Run, pricing: Pricing, plan: Plan) -> list[Utilisation]:
    """Per pool (and per training record) whose model facts are readable locally; others are skipped."""
    price = plan.price
    peak = peak_for(load_peaks(pricing.prices), pricing.hardware)
    out = []
    covered = {p.pool for p in plan.configurations}  # the pools the plan covers (not, e.g., training-data pools)
    for pool in (p for p in run.pools() if p in covered):
        spec = run.spec(pool)
        try:
            facts = facts_for_model(spec.model)
        except TradeoffError:
            continue  # mock, hub or API model: no local facts
        gens = [s.generation for s in run.ledger.samples(pool, limit=spec.limit, n=spec.n)]
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


def _examples(run: Run, per_pool: int) -> list[Example]:
    out = []
    for pool in run.pools():
        spec = run.spec(pool)
        problems = {p.id: p for p in run.ledger.problems(pool)}
        for s in run.ledger.samples(pool, scorer=spec.task, limit=spec.limit, n=spec.n)[:per_pool]:
            problem = problems[s.problem_id]
            out.append(Example(pool=pool, problem_id=s.problem_id, sample_index=s.sample_index,
                               question=problem.question, gold=problem.answer, text=s.generation.text,
                               extracted=s.score.extraction.answer if s.score else None,
                               correct=s.score.correct if s.score else None))  # fmt: skip
    return out


__all__ = ["VOLUMES", "build_report"]
