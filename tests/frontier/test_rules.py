"""Decision rules over point values: each rule, its tie-breaks, and the two-step not-credibly-worse."""

from __future__ import annotations

import numpy as np
import pytest

from tradeoff.errors import ConfigError
from tradeoff.frontier.rules import DecisionRule, choose, p_worse, recommend

ACC = np.array([0.30, 0.34, 0.345])
COST = np.array([0.001, 0.055, 0.001])
FIXED = np.array([0.0, 0.0, 50.0])


def pick(rule: DecisionRule, queries: float, acc: np.ndarray = ACC) -> int:
    return int(choose(rule, acc, COST, FIXED, queries=queries)[0])


def test_most_accurate_target_budget_and_economic_on_point_values() -> None:
    assert pick(DecisionRule(rule="most-accurate"), 10) == 2
    assert pick(DecisionRule(rule="target", target=0.34), 10) == 1  # 0.55 $ < 50.01 $
    assert pick(DecisionRule(rule="target", target=0.34), 10_000) == 2  # 550 $ > 60 $
    assert pick(DecisionRule(rule="target", target=0.9), 10) == -1
    assert pick(DecisionRule(rule="budget", budget=1.0), 10) == 1
    assert pick(DecisionRule(rule="budget", budget=0.001), 10) == -1
    # net value Q·(v·a − c) − F with v = 1 $: at Q = 10 the fixed 50 $ decides, at 10^5 the accuracy
    assert pick(DecisionRule(rule="economic", value=1.0), 10) == 0
    assert pick(DecisionRule(rule="economic", value=1.0), 100_000) == 2


def test_ties_go_to_the_cheaper_then_to_the_first() -> None:
    tied = np.array([0.5, 0.5, 0.5])
    assert pick(DecisionRule(rule="most-accurate"), 1000, tied) == 0
    assert int(choose(DecisionRule(rule="most-accurate"), tied, np.zeros(3), np.zeros(3), queries=1)[0]) == 0


def test_choose_runs_per_draw() -> None:
    draws = np.array([[0.3, 0.4, 0.2], [0.5, 0.1, 0.2]])
    picks = choose(DecisionRule(rule="most-accurate"), draws, np.tile(COST, (2, 1)), FIXED, queries=1)
    assert picks.tolist() == [1, 0]


def test_not_credibly_worse_takes_the_cheapest_configuration_the_draws_do_not_rule_out() -> None:
    rule = DecisionRule()  # not-credibly-worse, δ = 1 point, α = 5 %
    rng = np.random.default_rng(0)
    costs = np.tile(COST, (2000, 1))
    close = ACC + rng.normal(0, 0.001, size=(2000, 3))  # 0 trails 2 by 4.5 points, 1 by 0.5: both clear
    rec, worse = recommend(rule, (ACC, COST), (close, costs), FIXED, queries=10)
    assert worse[0] == 1.0 and worse[1] < 0.05 and worse[2] == 0
    assert rec == 1  # shown not to trail by more than δ, and cheaper than 2 at Q = 10
    noisy = ACC + rng.normal(0, 0.05, size=(2000, 3))  # the same gaps seen through noise
    rec, worse = recommend(rule, (ACC, COST), (noisy, costs), FIXED, queries=10)
    assert rec == 2 and 0.05 < worse[1] < worse[0] < 0.95  # nothing shown not worse: the most accurate stays
    lenient = DecisionRule(requires="not-shown-worse")
    assert recommend(lenient, (ACC, COST), (noisy, costs), FIXED, queries=10)[0] == 0  # nothing shown worse
    assert recommend(lenient, (ACC, COST), (close, costs), FIXED, queries=10)[0] == 1  # 0 is shown worse
    assert p_worse(noisy, 2, delta=0.01)[2] == 0.0


def test_per_draw_form_of_not_credibly_worse_is_within_delta_of_the_best() -> None:
    acc = np.array([[0.300, 0.305, 0.315]])
    assert int(choose(DecisionRule(), acc, COST, FIXED, queries=10)[0]) == 1  # 0 trails by 1.5 > δ
    assert int(choose(DecisionRule(delta=0.02), acc, COST, FIXED, queries=10)[0]) == 0


def test_rules_name_their_settings_and_refuse_missing_ones() -> None:
    assert DecisionRule().describe() == "not-credibly-worse (δ = 1.0 points, α = 5 %, shown-not-worse)"
    assert DecisionRule(rule="economic", value=0.5).describe() == "economic ($0.5 per correct answer)"
    for rule in ("target", "budget", "economic"):
        with pytest.raises(ConfigError, match="needs"):
            DecisionRule(rule=rule)  # type: ignore[arg-type]
