"""The compute-scaling-frontier preset: its two formulas, rates from the price tables, a plan re-priced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradeoff.cost import builtin_prices
from tradeoff.cost.csf_preset import CSF_VOLUMES, CsfPreset, csf_reprice
from tradeoff.errors import ConfigError
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import sample
from tradeoff.run.plan import Pricing, Question, plan_run


def test_formulas_and_volumes() -> None:
    preset = CsfPreset(usd_per_example=0.002, gpu_usd_per_hour=2.0, usd_per_million_tokens=0.5)
    assert preset.fixed(examples=500, gpu_hours=0.25) == pytest.approx(500 * 0.002 + 0.25 * 2.0)
    assert preset.per_query(samples=8, tokens_per_sample=250) == pytest.approx(8 * 250 * 0.5 / 1e6)
    assert CSF_VOLUMES == (1e3, 1e4, 1e5, 1e6)
    with pytest.raises(ConfigError, match="volumes must be > 0"):
        CsfPreset(usd_per_example=0, gpu_usd_per_hour=0, usd_per_million_tokens=0, volumes=(0.0,))


def test_teacher_rates_come_from_the_price_tables() -> None:
    prices = builtin_prices()
    rates = {"gpu": "a100-80gb", "usd_per_million_tokens": 0.1}
    preset = CsfPreset.with_teacher(prices, teacher="openai/gpt-4o-mini", input_tokens_per_example=300,
                                    output_tokens_per_example=200, **rates)  # type: ignore[arg-type]  # fmt: skip
    assert preset.usd_per_example == pytest.approx((300 * 0.15 + 200 * 0.60) / 1e6)
    assert preset.gpu_usd_per_hour == prices.hardware_price("a100-80gb").usd_per_hour
    with pytest.raises(ConfigError, match="no price for API model 'nobody'"):
        CsfPreset.with_teacher(prices, teacher="nobody", input_tokens_per_example=1, output_tokens_per_example=1,
                               gpu="a100-80gb", usd_per_million_tokens=0.1)  # fmt: skip


def test_a_plan_repriced(tmp_path: Path) -> None:
    run, adapter = tmp_path / "run", tmp_path / "ft" / "adapter"
    spec = PoolSpec(name="ft", backend="mock", model="m", adapter=str(adapter), limit=6, n=2,
                    sampling={"temperature": 0.7})  # type: ignore[arg-type]  # fmt: skip
    sample(spec, run)
    adapter.mkdir(parents=True)
    record = {"seconds": 1800.0, "examples": 400, "data": {"cost": {"usd": 1.0, "seconds": 0.0, "source": "t"}}}
    (tmp_path / "ft" / "training.json").write_text(json.dumps(record))
    plan = plan_run(run, Pricing(), Question(queries=1e4))
    preset = CsfPreset(usd_per_example=0.01, gpu_usd_per_hour=4.0, usd_per_million_tokens=2.0)
    configs = {c.name: c for c in csf_reprice(plan, preset)}
    tokens = {p.configuration.name: p.tokens_per_query for p in plan.configurations}
    for name, c in configs.items():
        assert c.fixed_cost == pytest.approx(400 * 0.01 + 0.5 * 4.0)
        assert c.per_query_cost == pytest.approx(tokens[name] * 2.0 / 1e6)
    assert configs["ft:majority@2"].accuracy == {p.configuration.name: p.configuration for p in
                                                 plan.configurations}["ft:majority@2"].accuracy  # fmt: skip
