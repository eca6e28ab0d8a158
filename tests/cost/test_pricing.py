"""Pricing keeps each configuration's per-problem measurements for the paired decision."""

from __future__ import annotations

import numpy as np

from tradeoff.cost.prices import load_prices
from tradeoff.cost.pricing import PoolCost, price_pool
from tradeoff.stats import Estimate
from tradeoff.strategies import CurvePoint, PerProblem, PoolCurves
from tradeoff.strategies.selection import Selection, Wanted

PRICE = load_prices([]).hardware_price("cpu-core")


def _curves(values: np.ndarray) -> PoolCurves:
    per = PerProblem(strategy="best_of", ks=(2,), values=values[:, None], estimators=("exact",), mc_se=np.zeros(1))
    point = CurvePoint(strategy="best_of", k=2, estimate=Estimate(float(values.mean()), 0.0, 1.0, "bootstrap", 3),
                       estimator="exact", samples=2.0, tokens=20.0, mc_se=0.0)  # fmt: skip
    return PoolCurves(pool="p", problems=3, samples_per_problem=2, verifier="v", points=(point,),
                      problem_ids=("a", "b", "c"), per_problem=(per,), tokens=np.array([5.0, 10.0, 15.0]))  # fmt: skip


def test_per_problem_accuracy_and_cost_are_kept_and_float_residue_is_clipped() -> None:
    """An exact estimator can sum to 1 + 2e-16 on a sure problem (seen on SmolLM2's best-of-2): still priced."""
    curves = _curves(np.array([1.0 + 2.2e-16, 0.5, 0.0]))
    cost = PoolCost(pool="p", greedy=False, seconds_per_token=0.1)
    selection = Selection(wanted=(Wanted(strategy="best_of", budgets=(2,), verifier="v"),), greedy=False)
    (priced,) = price_pool(curves, cost, PRICE, selection=selection, verifier="v")
    measured = priced.measured
    assert measured is not None and measured.problem_ids == ("a", "b", "c")
    assert measured.accuracy.tolist() == [1.0, 0.5, 0.0]
    dollars_per_second = PRICE.usd_per_hour / 3600
    np.testing.assert_allclose(measured.per_query_cost, 2 * np.array([5.0, 10.0, 15.0]) * 0.1 * dollars_per_second)
    assert priced.to_dict()["problems"] == 3 and "measured" not in priced.to_dict()
