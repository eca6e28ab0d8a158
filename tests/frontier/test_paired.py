"""The paired decision: common problems, the named fallback, paired vs independent widths, break-evens."""

from __future__ import annotations

import numpy as np
import pytest

from tests.frontier.simulate import Truth, pool
from tradeoff.errors import ConfigError
from tradeoff.frontier.economics import Configuration, break_even
from tradeoff.frontier.measured import Measured
from tradeoff.frontier.paired import decide_paired
from tradeoff.frontier.rules import DecisionRule
from tradeoff.stats import Estimate

MOST = DecisionRule(rule="most-accurate")


def config(name: str, ids: range, acc: np.ndarray, cost: float, fixed: float = 0.0, **kw: str) -> Measured:
    return Measured(
        name=name,
        fixed_cost=fixed,
        problem_ids=tuple(f"p{i}" for i in ids),
        accuracy=np.asarray(acc, float),
        per_query_cost=np.full(len(ids), cost),
        **kw,  # type: ignore[arg-type]
    )


def test_configurations_on_different_problems_are_compared_on_the_common_ones(rng: np.random.Generator) -> None:
    greedy = config("greedy", range(50), rng.random(50) < 0.3, 0.001)
    majority = config("majority@8", range(20, 60), rng.random(40) < 0.4, 0.05)
    decision = decide_paired([greedy, majority], queries=[100], rule=MOST, rng=rng, draws=300)
    assert decision.method == "paired" and decision.problems == 30
    (notice,) = decision.notices
    assert notice.code == "common-problems" and "greedy: 50, majority@8: 40" in notice.message


def test_too_few_common_problems_fall_back_to_the_named_independent_approximation(rng: np.random.Generator) -> None:
    greedy = config("greedy", range(50), rng.random(50) < 0.3, 0.001)
    majority = config("majority@8", range(45, 53), rng.random(8) < 0.4, 0.05, cost_source="imported")
    decision = decide_paired([greedy, majority], queries=[100], rule=MOST, rng=rng, draws=300)
    assert decision.method == "independent"
    assert [n.code for n in decision.notices] == ["independent-fallback", "cost-not-measured"]
    assert "fewer than 10 problems" in decision.notices[0].message
    choice = decision.choices[0]
    assert choice.difference is not None and choice.difference.method == "independent-normal"
    assert choice.settle is None  # a sample size needs paired differences


def test_the_paired_interval_on_a_difference_is_narrower_than_the_independent_one() -> None:
    rng = np.random.default_rng(3)
    truth = Truth(rates=np.array([0.45, 0.52]), costs=np.array([0.001, 0.004]), fixed=np.zeros(2))
    configs = pool(truth, problems=200, rho=0.8, rng=rng)  # positively correlated, as on shared problems
    widths = {}
    for method in ("paired", "independent"):
        choice = decide_paired(configs, queries=[100], rule=MOST, rng=rng, method=method).choices[0]  # type: ignore[arg-type]
        assert choice.difference is not None
        widths[method] = choice.difference.high - choice.difference.low
    assert widths["paired"] < 0.75 * widths["independent"]


def test_identical_configurations_get_a_difference_interval_of_nonzero_width(rng: np.random.Generator) -> None:
    same = rng.random(40) < 0.5
    a, b = config("a", range(40), same, 0.001), config("b", range(40), same, 0.002)
    choice = decide_paired([a, b], queries=[10], rule=MOST, rng=rng, draws=300).choices[0]
    assert choice.recommended == "a" and choice.runner_up == "b"  # a tie goes to the cheaper
    assert choice.difference is not None and choice.difference.low < 0 < choice.difference.high
    assert choice.difference.method == "paired-wilson"


def test_a_configuration_right_on_every_problem_the_other_gets_is_best_with_certainty(
    rng: np.random.Generator,
) -> None:
    weak = rng.random(100) < 0.3
    strong = weak | (rng.random(100) < 0.3)
    decision = decide_paired(
        [config("weak", range(100), weak, 0.001), config("strong", range(100), strong, 0.001)],
        queries=[1, 1e6],
        rule=MOST,
        rng=rng,
        draws=500,
    )
    for choice in decision.choices:
        assert (choice.recommended, choice.runner_up, choice.p_best) == ("strong", "weak", 1.0)
        assert choice.settle is not None and choice.settle.needed is not None
    assert [e.method for e in decision.accuracies] == ["wilson", "wilson"]


def test_the_point_break_even_is_the_economics_one_and_its_interval_brackets_it(rng: np.random.Generator) -> None:
    acc = rng.random(80) < 0.5
    cheap_run = config("lora", range(80), acc, 0.001, fixed=20.0)
    costly = Measured(
        name="base@8",
        fixed_cost=0.0,
        problem_ids=cheap_run.problem_ids,
        accuracy=acc,
        per_query_cost=rng.uniform(0.004, 0.012, 80),
    )
    (crossing,) = decide_paired([cheap_run, costly], queries=[10], rule=MOST, rng=rng, draws=500).crossings
    expected = break_even(
        Configuration(name="lora", fixed_cost=20.0, per_query_cost=0.001, accuracy=Estimate(0.5, 0, 1, "x", 1)),
        Configuration(
            name="base@8",
            fixed_cost=0.0,
            per_query_cost=float(costly.per_query_cost.mean()),
            accuracy=Estimate(0.5, 0, 1, "x", 1),
        ),
    )
    assert crossing.point == pytest.approx(expected.queries)
    assert crossing.low < crossing.point < crossing.high and crossing.no_crossing == 0
    assert crossing.preferred_above == "lora" and crossing.basis == "cost"


def test_malformed_inputs_are_user_errors() -> None:
    with pytest.raises(ConfigError, match="one accuracy and one cost"):
        config("a", range(3), np.array([0.0, 1.0]), 0.1)
    with pytest.raises(ConfigError, match="in \\[0, 1\\]"):
        config("a", range(2), np.array([0.0, 1.5]), 0.1)
    with pytest.raises(ConfigError, match="no problems"):
        config("a", range(0), np.zeros(0), 0.1)
    a = config("a", range(20), np.zeros(20), 0.1)
    with pytest.raises(ConfigError, match="repeat"):
        decide_paired([a, a], queries=[1], rule=MOST, rng=np.random.default_rng(0))


def test_a_configuration_is_built_from_a_strategy_column(rng: np.random.Generator) -> None:
    from tradeoff.frontier.measured import from_per_problem
    from tradeoff.strategies import PerProblem

    values = rng.random((6, 3))
    result = PerProblem(strategy="majority", ks=(1, 2, 4), values=values, estimators=("exact",) * 3, mc_se=np.zeros(3))
    ids = [f"p{i}" for i in range(6)]
    made = from_per_problem("majority@4", result, 4, problem_ids=ids, per_query_cost=np.full(6, 0.01), fixed_cost=2.0)
    assert made.accuracy.tolist() == values[:, 2].tolist() and made.fixed_cost == 2.0 and made.problems == 6
    with pytest.raises(ConfigError, match="k=8 was not estimated"):
        from_per_problem("x", result, 8, problem_ids=ids, per_query_cost=np.zeros(6), fixed_cost=0.0)
