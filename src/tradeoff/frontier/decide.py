"""Deciding: the frontier at a volume Q, the recommended configuration under the user's rule, its break-evens
against the rest of the frontier, and how the accuracy intervals move that answer.

Rules: with ``budget``, the most accurate configuration whose total cost at Q fits it (among those reaching
``target`` when one is given too); else with ``target``, the cheapest reaching it; else the most accurate on
the frontier (ties: the cheaper). Uncertainty (:mod:`tradeoff.frontier.uncertainty`): draws from each
configuration's 95 % interval give how often each configuration is on the frontier at Q and, with a target,
how often the recommendation is the cheapest reaching it and a 95 % interval on the volume where that target
plan first switches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from tradeoff.errors import ConfigError, DataError
from tradeoff.frontier.economics import (
    BreakEven,
    Configuration,
    PhaseMap,
    best_within_budget,
    break_even,
    cheapest_reaching,
    pareto_frontier,
    target_envelope,
)
from tradeoff.frontier.uncertainty import SwitchInterval, draw_accuracies, frontier_frequency, plan_frequency
from tradeoff.stats import Estimate

Rule = Literal["budget", "target", "most-accurate", "not-credibly-worse"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """The frontier at ``queries``, the recommendation and what it was chosen by, its break-evens against
    every other frontier configuration, and the Monte Carlo spread of that answer."""

    queries: float
    rule: Rule
    budget: float | None
    target: float | None
    frontier: tuple[str, ...]
    recommended: str
    break_evens: tuple[tuple[str, BreakEven], ...]
    on_frontier: tuple[tuple[str, float], ...] = ()  # share of accuracy draws with each config on the frontier
    chosen_share: float | None = None  # with a target: share of draws where the recommendation is the cheapest
    switch: SwitchInterval | None = None  # with a target: 95 % interval on the target plan's first break-even


def decide(
    configs: Sequence[Configuration],
    *,
    queries: float,
    budget: float | None = None,
    target: float | None = None,
    seed: int = 0,
    draws: int = 2000,
    prefer: str | None = None,
) -> Decision:
    """The recommendation among ``configs`` at ``queries`` (see the module doc for the rules); ``prefer`` names
    a recommendation made by another rule (the paired decision's), whose frontier and break-evens are given."""
    if not queries > 0:
        raise ConfigError(f"--queries must be > 0, got {queries}")
    if not configs:
        raise DataError("the run has no deployable configurations; sample a pool with `tradeoff sample`")
    chosen, rule = choose(configs, queries=queries, budget=budget, target=target)
    if prefer is not None and prefer != chosen.name:
        chosen = next(c for c in configs if c.name == prefer)
        rule = "not-credibly-worse" if budget is None and target is None else rule
    frontier = pareto_frontier(configs, queries=queries)
    others = [c for c in frontier if c.name != chosen.name]
    rng = np.random.default_rng(seed)
    share = frontier_frequency(configs, queries=queries, rng=rng, draws=draws)
    decision = Decision(queries=queries, rule=rule, budget=budget, target=target,
                        frontier=tuple(c.name for c in frontier), recommended=chosen.name,
                        break_evens=tuple((c.name, break_even(chosen, c)) for c in others),
                        on_frontier=tuple(share.items()))  # fmt: skip
    if target is None:
        return decision
    chosen_share = plan_frequency(configs, queries=queries, target=target, rng=rng, draws=draws)[chosen.name]
    switch = switch_interval(configs, target=target, rng=rng, draws=draws)
    return replace(decision, chosen_share=chosen_share, switch=switch)


def choose(
    configs: Sequence[Configuration], *, queries: float, budget: float | None = None, target: float | None = None
) -> tuple[Configuration, Rule]:
    """The recommendation at ``queries`` by the rules of the module doc, and which rule chose (no Monte Carlo)."""
    pool = list(configs)
    if target is not None:
        if not 0 <= target <= 1:
            raise ConfigError(f"--target-accuracy must be between 0 and 1, got {target}")
        if cheapest_reaching(configs, queries=queries, target=target) is None:
            best = max(configs, key=lambda c: c.accuracy.value)
            raise ConfigError(
                f"no configuration reaches accuracy {target:g}; "
                f"the best available is {best.name} at {best.accuracy.format()}"
            )
        pool = [c for c in configs if c.accuracy.value >= target]
    if budget is not None:
        chosen = best_within_budget(pool, queries=queries, budget=budget)
        if chosen is None:
            cheapest = min(pool, key=lambda c: c.total(queries))
            raise ConfigError(
                f"no configuration fits ${budget:,.2f} at {queries:,.0f} queries; the cheapest is "
                f"{cheapest.name} at ${cheapest.total(queries):,.2f}"
            )
        return chosen, "budget"
    if target is not None:
        found = cheapest_reaching(configs, queries=queries, target=target)
        assert found is not None
        return found, "target"
    frontier = pareto_frontier(configs, queries=queries)
    return max(frontier, key=lambda c: (c.accuracy.value, -c.total(queries))), "most-accurate"


def decision_strip(
    configs: Sequence[Configuration],
    *,
    queries: Sequence[float],
    budget: float | None = None,
    target: float | None = None,
) -> PhaseMap:
    """The recommendation at each volume of ``queries`` (one dimension: the decision is one choice per volume);
    -1 where no configuration qualifies (a budget too small at that volume)."""
    names = tuple(c.name for c in configs)
    choice = []
    for q in queries:
        try:
            chosen, _ = choose(configs, queries=q, budget=budget, target=target)
            choice.append(names.index(chosen.name))
        except ConfigError:
            choice.append(-1)
    return PhaseMap(names=names, queries=np.asarray(queries, float), budgets=np.zeros(0),
                    choice=np.asarray(choice, dtype=np.int64))  # fmt: skip


def switch_interval(
    configs: Sequence[Configuration], *, target: float, rng: np.random.Generator, draws: int = 2000
) -> SwitchInterval:
    """95 % percentile interval, over accuracy draws, of the first volume where the cheapest configuration
    reaching ``target`` changes: per draw, the second phase of :func:`target_envelope`, whose start at Q → 0⁺
    breaks ties in fixed cost by per-query cost (so free configurations do not "switch" at Q = 0)."""
    firsts = []
    for row in draw_accuracies(configs, draws=draws, rng=rng):
        drawn = [replace(c, accuracy=Estimate(a, a, a, "draw", 0)) for c, a in zip(configs, row, strict=True)]
        phases = target_envelope(drawn, target=target)
        if len(phases) > 1:
            firsts.append(phases[1][0])
    if not firsts:
        return SwitchInterval(low=float("nan"), median=float("nan"), high=float("nan"), no_switch=1.0)
    low, median, high = np.percentile(firsts, [2.5, 50, 97.5])
    return SwitchInterval(low=float(low), median=float(median), high=float(high), no_switch=1 - len(firsts) / draws)


__all__ = ["Decision", "Rule", "choose", "decide", "decision_strip", "switch_interval"]
