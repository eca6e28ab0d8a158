"""Law planners: the numbers are the laws' optima, intervals come from refits, reasons say why, gaps are named."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tradeoff.errors import ConfigError
from tradeoff.laws import BESIROGLU_2024, Budgets, T2LossLaw, inference_aware_optimum, t2_loss_optimum
from tradeoff.laws.plan_law import PlanRequest, plan_law
from tradeoff.laws.planner import chinchilla_plan, inference_aware_plan, published_law, t2_plan

T2 = T2LossLaw(E=1.7, A=300.0, B=800.0, G=0.6, alpha=0.35, beta=0.3, gamma=0.5)


def jitter(law, rng: np.random.Generator, count: int = 40):  # type: ignore[no-untyped-def]
    """Refits stand-ins: the law with its exponents moved by ~1 %."""
    return [
        dataclasses.replace(law, alpha=law.alpha * (1 + 0.01 * rng.standard_normal()), E=law.E * (1 + 0.002 * z))
        for z in rng.standard_normal(count)
    ]


def test_chinchilla_plan_is_the_closed_form_optimum_with_refit_intervals(rng: np.random.Generator) -> None:
    plan = chinchilla_plan(BESIROGLU_2024, compute=5.76e23, source="published", refits=jitter(BESIROGLU_2024, rng), n=9)
    best = BESIROGLU_2024.optimum(5.76e23)
    assert plan.value("params") == best.params and plan.value("tokens_per_param") == best.tokens_per_param
    row = next(r for r in plan.rows if r.name == "params")
    assert row.estimate.low < row.estimate.value < row.estimate.high and row.estimate.method == "bootstrap x40"
    assert "fewer than the rule of thumb of 20" in plan.reasons[2] and "40 refits" in plan.reasons[3]
    bare = chinchilla_plan(BESIROGLU_2024, compute=1e21, source="published")
    assert np.isnan(bare.rows[0].estimate.low) and "no intervals" in bare.reasons[-1]


def test_inference_aware_plan_counts_refits_that_cannot_reach_the_target(rng: np.random.Generator) -> None:
    unreachable = dataclasses.replace(BESIROGLU_2024, E=2.3)
    refits = [*jitter(BESIROGLU_2024, rng, 10), unreachable]
    plan = inference_aware_plan(BESIROGLU_2024, target_loss=2.2, inference_tokens=1e12, source="s", refits=refits, n=5)
    best = inference_aware_optimum(BESIROGLU_2024, target_loss=2.2, inference_tokens=1e12)
    assert plan.value("params") == best.optimal.params and plan.value("saving") == pytest.approx(best.saving)
    assert best.optimal.params < best.chinchilla.params  # serving demand favours a smaller model
    assert "1 refits have no such plan" in plan.reasons[-1] and "saves" in plan.reasons[3]


def test_t2_plan_is_the_joint_optimum_and_says_whether_inference_binds() -> None:
    budgets = {"train_flops": 1e21, "inference_flops": 1e20, "queries": 1e6, "tokens_per_answer": 500.0}
    plan = t2_plan(T2, Budgets(**budgets), source="s", max_samples=400)
    best = t2_loss_optimum(T2, **budgets, max_samples=400)
    assert plan.value("samples") == best.samples and plan.value("loss") == best.value
    assert "the inference budget caps the model" in plan.reasons[2]
    loose = t2_plan(T2, Budgets(**(budgets | {"inference_flops": 1e40})), source="s", max_samples=50)
    assert loose.value("samples") == 50 and "does not bind" in loose.reasons[2]


def test_plan_law_names_what_is_missing() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ConfigError, match="--law chinchilla needs --compute"):
        plan_law("chinchilla", PlanRequest(), rng=rng)
    with pytest.raises(ConfigError, match="needs --target-loss, --inference-tokens"):
        plan_law("inference-aware", PlanRequest(), rng=rng)
    with pytest.raises(ConfigError, match="--law t2 needs --points"):
        plan_law("t2", PlanRequest(train_flops=1e21), rng=rng)
    with pytest.raises(ConfigError, match="unknown published law 'kaplan'"):
        published_law("kaplan")
    (plan,) = plan_law("chinchilla", PlanRequest(compute=(1e21,)), published="hoffmann-2022", rng=rng)
    assert plan.source == "published constants: hoffmann-2022"
