"""The data's cost: API tokens × a dated price for an API teacher, measured seconds for a local one."""

from __future__ import annotations

import pytest

from tradeoff.cost.prices import load_prices
from tradeoff.errors import ConfigError
from tradeoff.synth import price_attempts
from tradeoff.types import Usage

USAGE = Usage(prompt_tokens=9_000, prefill_tokens=3_000, completion_tokens=2_000, seconds=42.0, samples=30)


def test_an_api_teacher_costs_billed_tokens_times_the_price_and_no_hardware_seconds() -> None:
    cost = price_attempts(backend="openai", model="gpt-4o-mini", backend_options={}, usage=USAGE, prices=load_prices())
    assert cost.usd == pytest.approx(3_000 * 0.15 / 1e6 + 2_000 * 0.60 / 1e6)  # prompts billed once per n-call
    assert cost.seconds == 0
    assert "openai/gpt-4o-mini" in cost.source and "2026-04-05" in cost.source
    assert cost.to_dict() == {"usd": cost.usd, "seconds": 0.0, "source": cost.source}


def test_a_local_teacher_costs_its_measured_seconds() -> None:
    for backend, options in [("hf", {}), ("openai", {"base_url": "http://localhost:8000/v1"})]:
        cost = price_attempts(
            backend=backend, model="qwen-7b", backend_options=options, usage=USAGE, prices=load_prices()
        )
        assert (cost.usd, cost.seconds) == (0.0, 42.0) and cost.source.startswith("measured: 42.0 s")


def test_the_hosted_api_without_a_price_is_refused_in_one_line() -> None:
    with pytest.raises(ConfigError, match=r"no price for API model openai/gpt-9.*--prices") as info:
        price_attempts(backend="openai", model="gpt-9", backend_options={}, usage=USAGE, prices=load_prices())
    assert "\n" not in str(info.value)
