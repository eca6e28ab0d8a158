"""Economics against hand-computed cases: lines, crossings, dominated points, ties, Q = 0."""

from __future__ import annotations

import numpy as np
import pytest

from tradeoff.errors import ConfigError
from tradeoff.frontier import (
    Configuration,
    best_within_budget,
    break_even,
    budget_phase_map,
    cheapest_reaching,
    pareto_frontier,
    target_envelope,
    target_phase_map,
)
from tradeoff.stats import Estimate


def cfg(name: str, fixed: float, per_query: float, acc: float, half: float = 0.05) -> Configuration:
    estimate = Estimate(acc, max(0.0, acc - half), min(1.0, acc + half), "wilson", 100)
    return Configuration(name=name, fixed_cost=fixed, per_query_cost=per_query, accuracy=estimate)


LORA = cfg("lora+greedy", 100.0, 0.001, 0.71)  # pays up front, cheap per query
SC8 = cfg("base sc@8", 0.0, 0.008, 0.76)  # nothing up front, 8 samples per query
GREEDY = cfg("base greedy", 0.0, 0.001, 0.50)


def test_total_cost_is_a_line() -> None:
    assert LORA.total(0) == 100.0
    assert LORA.total(1e6) == pytest.approx(1100.0)
    with pytest.raises(ConfigError, match=">= 0"):
        LORA.total(-1)


def test_break_even_of_two_lines() -> None:
    # 100 + 0.001 Q = 0.008 Q  ⇒  Q* = 100 / 0.007
    result = break_even(LORA, SC8)
    assert result.kind == "crossing"
    assert result.queries == pytest.approx(100 / 0.007)
    assert (result.cheaper_below, result.cheaper_above) == ("base sc@8", "lora+greedy")
    mirrored = break_even(SC8, LORA)
    assert mirrored.queries == pytest.approx(result.queries)
    assert (mirrored.cheaper_below, mirrored.cheaper_above) == ("base sc@8", "lora+greedy")


def test_break_even_never_always_equal() -> None:
    assert break_even(LORA, GREEDY).kind == "never"  # same c, higher F: never cheaper
    assert break_even(GREEDY, LORA).kind == "always"
    assert break_even(cfg("a", 0, 1, 0.5), cfg("b", 10, 2, 0.5)).kind == "always"  # cheaper F and c
    assert break_even(cfg("a", 10, 2, 0.5), cfg("b", 0, 1, 0.5)).kind == "never"
    assert break_even(cfg("a", 5, 1, 0.5), cfg("b", 5, 1, 0.9)).kind == "equal"
    assert break_even(cfg("a", 5, 1, 0.5), cfg("b", 5, 2, 0.9)).kind == "always"  # meet at Q = 0 only


def test_frontier_with_dominated_points_and_ties() -> None:
    a, b = cfg("a", 0, 1, 0.5), cfg("b", 0, 2, 0.7)
    dominated = cfg("dominated", 0, 2, 0.6)  # costs as much as b, less accurate
    tie = cfg("tie", 0, 2, 0.7)  # identical to b: kept with it
    worse_same_cost = cfg("c", 0, 1, 0.4)  # same cost as a, less accurate
    frontier = pareto_frontier([dominated, b, a, tie, worse_same_cost], queries=10)
    assert [c.name for c in frontier] == ["a", "b", "tie"]


def test_frontier_at_q0_is_fixed_costs_only() -> None:
    assert [c.name for c in pareto_frontier([LORA, SC8, GREEDY], queries=0)] == ["base sc@8"]
    assert [c.name for c in pareto_frontier([LORA, SC8, GREEDY], queries=1e6)] == ["base greedy", "lora+greedy",
                                                                                   "base sc@8"]  # fmt: skip


def test_cheapest_reaching_target_and_best_within_budget() -> None:
    configs = [LORA, SC8, GREEDY]
    assert cheapest_reaching(configs, queries=1e3, target=0.7) is SC8
    assert cheapest_reaching(configs, queries=1e6, target=0.7) is LORA
    assert cheapest_reaching(configs, queries=1e6, target=0.9) is None
    assert cheapest_reaching(configs, queries=1e6, target=0.7, criterion="lower_bound") is SC8  # 0.66 < 0.7
    assert best_within_budget(configs, queries=1e5, budget=500) is LORA  # SC8 costs 800
    assert best_within_budget(configs, queries=1e5, budget=1000) is SC8
    assert best_within_budget(configs, queries=1e5, budget=50) is None


def test_phase_maps_choose_frontier_points() -> None:
    configs = [LORA, SC8, GREEDY, cfg("dominated", 200, 0.01, 0.6)]
    queries = np.logspace(2, 7, 11)
    budget_map = budget_phase_map(configs, queries=queries, budgets=[50.0, 500.0, 5e3, 5e4])
    assert budget_map.choice.shape == (11, 4)
    for qi, q in enumerate(queries):
        on_frontier = {c.name for c in pareto_frontier(configs, queries=q)}
        for bi in range(4):
            i = budget_map.choice[qi, bi]
            if i >= 0:
                assert budget_map.names[i] in on_frontier
    target_map = target_phase_map(configs, queries=queries, target=0.7)
    for qi, q in enumerate(queries):
        assert target_map.names[target_map.choice[qi]] in {c.name for c in pareto_frontier(configs, queries=q)}


def test_target_envelope_matches_break_even() -> None:
    phases = target_envelope([LORA, SC8, GREEDY], target=0.7)
    assert [name for _, name in phases] == ["base sc@8", "lora+greedy"]
    assert phases[1][0] == pytest.approx(100 / 0.007)
    assert target_envelope([GREEDY], target=0.7) == ()


def test_the_decision_strip_is_the_recommendation_at_each_volume() -> None:
    from tradeoff.frontier.decide import choose, decision_strip

    free = Configuration(name="free", fixed_cost=0.0, per_query_cost=1.0, accuracy=Estimate(0.6, 0.5, 0.7, "w", 10))
    trained = Configuration(name="trained", fixed_cost=1000.0, per_query_cost=0.1,
                            accuracy=Estimate(0.8, 0.7, 0.9, "w", 10))  # fmt: skip
    volumes = [10.0, 100.0, 1e4, 1e5]
    strip = decision_strip([free, trained], queries=volumes, target=0.5)
    assert [strip.names[i] for i in strip.choice] == ["free", "free", "trained", "trained"]  # break-even ≈ 1,111
    assert all(strip.names[i] == choose([free, trained], queries=q, target=0.5)[0].name
               for i, q in zip(strip.choice, volumes, strict=True))  # fmt: skip
    tight = decision_strip([free, trained], queries=volumes, budget=50.0)
    assert tight.choice.tolist() == [0, -1, -1, -1]  # nothing fits $50 beyond 50 queries
