"""``tradeoff plan`` over a run: measure each asked-for pool and search, price exactly what was asked, decide.

The flow is one way, as values: :class:`~tradeoff.run.handle.Run` (one open ledger; each pool's curves
computed once) → :mod:`tradeoff.run.measure` (a pool's seconds per token, a search's seconds per problem,
training records) → :mod:`tradeoff.cost.pricing` (configurations, exactly the ``selection``) →
:func:`tradeoff.frontier.decide.decide` → :class:`~tradeoff.cost.plan.Plan` (with its reasons in words).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from tradeoff.cost.overheads import Overhead
from tradeoff.cost.plan import Plan
from tradeoff.cost.prices import HardwarePrice, load_prices
from tradeoff.cost.pricing import Priced, price_pool, price_search
from tradeoff.cost.reasons import plan_reasons
from tradeoff.errors import DataError
from tradeoff.frontier.decide import decide
from tradeoff.frontier.paired import PairedDecision, decide_paired
from tradeoff.frontier.rules import DecisionRule
from tradeoff.run.handle import Run, VerifierChoice
from tradeoff.run.measure import pool_cost, search_costs
from tradeoff.strategies.selection import Selection


@dataclass(frozen=True, slots=True, kw_only=True)
class Pricing:
    """How and what to price: a hardware profile of the price table (plus extra price files), fixed terms
    added to every configuration (set-up, model load, billing minimum), the configurations asked for, each
    verifier's options, and which pools and searches of the run to consider (``None``: all)."""

    hardware: str = "cpu-core"
    prices: tuple[Path, ...] = ()
    overheads: tuple[Overhead, ...] = ()
    selection: Selection = field(default_factory=Selection.every)
    verifier_options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    pools: tuple[str, ...] | None = None
    searches: tuple[str, ...] | None = None

    def price(self) -> HardwarePrice:
        return load_prices(self.prices).hardware_price(self.hardware)


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """What to decide at ``queries``: the most accurate within ``budget`` dollars, the cheapest reaching
    ``target``, or — by default — the cheapest configuration not credibly worse than the most accurate one
    (paired over the same problems: set aside only when shown, at 95 %, to trail by more than ``delta``);
    ``seed`` drives the bootstrap and Monte Carlo draws."""

    queries: float
    budget: float | None = None
    target: float | None = None
    delta: float = 0.01
    seed: int = 0

    def rule(self) -> DecisionRule:
        if self.budget is not None:
            return DecisionRule(rule="budget", budget=self.budget, target=self.target)
        if self.target is not None:
            return DecisionRule(rule="target", target=self.target)
        return DecisionRule(rule="not-credibly-worse", delta=self.delta, requires="not-shown-worse")


def priced(run: Run, pricing: Pricing) -> list[Priced]:
    """Every configuration ``pricing.selection`` asks for, from the run's pools and searches, priced."""
    price = pricing.price()
    names = [p for p in run.pools() if pricing.pools is None or p in pricing.pools]
    out: list[Priced] = []
    for name in names:
        cost = pool_cost(run, name)
        for verifier in (None, *pricing.selection.verifiers()):
            if verifier is not None and cost.greedy:
                continue
            choice = None if verifier is None else VerifierChoice.of(verifier, pricing.verifier_options.get(verifier))
            curves = run.curves(name, choice)
            out += price_pool(curves, cost, price, selection=pricing.selection, verifier=verifier,
                              overheads=pricing.overheads)  # fmt: skip
    out += [price_search(s, price, overheads=pricing.overheads) for s in search_costs(run, names=pricing.searches)]
    if not names and not out:
        raise DataError(f"{run.path} holds no pools; sample one with `tradeoff sample --run {run.path}`")
    return out


def plan(run: Run, pricing: Pricing, question: Question, *, configurations: Sequence[Priced] | None = None) -> Plan:
    """The plan at ``question.queries``; ``configurations`` priced earlier (:func:`priced`) are reused."""
    items = tuple(priced(run, pricing) if configurations is None else configurations)
    return plans(pricing, question, items, volumes=[question.queries])[0]


def plans(pricing: Pricing, question: Question, items: Sequence[Priced], *, volumes: Sequence[float]) -> list[Plan]:
    """The plan at each of ``volumes`` over the priced ``items``, with one set of paired draws for all of them.

    The recommendation is the paired decision's (problem-level bootstrap over the problems every configuration
    shares, :func:`~tradeoff.frontier.paired.decide_paired`) where every configuration has per-problem
    measurements; otherwise (search points, imported figures) the point-estimate rule's, with Monte Carlo
    draws from each interval."""
    paired = independent = None
    measured = [p.measured for p in items]
    if items and all(m is not None for m in measured):
        known = [m for m in measured if m is not None]
        rule, rng = question.rule(), np.random.default_rng(question.seed)
        paired = decide_paired(known, queries=volumes, rule=rule, rng=rng)
        independent = decide_paired(known, queries=volumes, rule=rule, rng=rng, method="independent")
    price = pricing.price()  # the price tables are read once for every volume
    return [
        _plan_at(pricing, price, replace(question, queries=float(q)), tuple(items), paired, independent)
        for q in volumes
    ]


def _plan_at(
    pricing: Pricing,
    price: HardwarePrice,
    question: Question,
    items: tuple[Priced, ...],
    paired: PairedDecision | None,
    independent: PairedDecision | None,
) -> Plan:
    q = question.queries
    paired = None if paired is None else replace(paired, choices=(paired.at(q),))
    independent = None if independent is None else replace(independent, choices=(independent.at(q),))
    prefer = None if paired is None else paired.choices[0].recommended
    decision = decide([p.configuration for p in items], queries=q, budget=question.budget, target=question.target,
                      seed=question.seed, prefer=prefer)  # fmt: skip
    result = Plan(hardware=pricing.hardware, price=price, asked=pricing.selection.describe(),
                  configurations=items, decision=decision, paired=paired, independent=independent)  # fmt: skip
    return replace(result, reasons=plan_reasons(result))


def plan_run(path: Path, pricing: Pricing, question: Question) -> Plan:
    """:func:`plan` over the run directory ``path`` (opened and closed here)."""
    with Run.open(path, ks=pricing.selection.budgets(), seed=question.seed) as run:
        return plan(run, pricing, question)


__all__ = ["Pricing", "Question", "plan", "plan_run", "plans", "priced"]
