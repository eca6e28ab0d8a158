"""A fine-tuned variant (a pool sampled with ``adapter=``) stands in ``tradeoff curves`` and in the plan's
frontier next to the base model's strategies, with its fixed cost read from ``training.json``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tradeoff.cost.prices import load_prices
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import sample

TRAINING_SECONDS, DATA_SECONDS, DATA_USD = 3600.0, 1800.0, 2.5


@pytest.fixture
def run(tmp_path: Path) -> Path:
    adapter = tmp_path / "lora" / "adapter"
    adapter.mkdir(parents=True)
    cost = {"usd": DATA_USD, "seconds": DATA_SECONDS, "source": "hand-written for this test"}
    record = {"seconds": TRAINING_SECONDS, "data": {"source": "synthetic", "cost": cost}}
    (tmp_path / "lora" / "training.json").write_text(json.dumps(record))
    common = {"limit": 20, "backend": "mock", "model": "student", "backend_options": {"delay": 0.0005}}
    pools = [
        {"name": "base-t0.7", "n": 4, "sampling": {"temperature": 0.7}, "backend_options": {"accuracy": 0.4}},
        {"name": "lora-t0.7", "n": 4, "sampling": {"temperature": 0.7}, "adapter": str(adapter)},
        {"name": "lora-greedy", "adapter": str(adapter)},
    ]
    for pool in pools:
        options = {**common["backend_options"], **pool.pop("backend_options", {"accuracy": 0.8})}  # type: ignore[dict-item]
        sample(PoolSpec.parse({**common, **pool, "backend_options": options}), tmp_path / "run")
    return tmp_path / "run"


def test_the_fine_tuned_variant_is_in_the_curves(cli: Callable[..., tuple[int, str]], run: Path) -> None:
    code, text = cli("curves", run)
    assert code == 0, text
    assert "base-t0.7" in text and "lora-t0.7" in text


def test_the_plan_prices_the_variant_with_its_training_and_data_cost(
    cli: Callable[..., tuple[int, str]], run: Path
) -> None:
    code, text = cli("plan", run, "--queries", 1000, "--json")
    assert code == 0, text
    fixed = {c["configuration"]["name"]: c["configuration"]["fixed_cost"] for c in json.loads(text)["configurations"]}
    rate = load_prices().hardware_price("cpu-core").usd_per_hour
    assert fixed["base-t0.7:majority@4"] == 0
    expected = (TRAINING_SECONDS + DATA_SECONDS) / 3600 * rate + DATA_USD
    assert fixed["lora-greedy:greedy"] == pytest.approx(expected)
    assert fixed["lora-t0.7:majority@4"] == pytest.approx(expected)
