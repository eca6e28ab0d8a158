"""Law inputs from a run directory (mock backend): coverage per sampled pool, inference-scaling points."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tradeoff.cost import facts_from_folder, sampling_flops
from tradeoff.errors import ConfigError
from tradeoff.laws.runs import coverage_from_run, inference_points_from_run
from tradeoff.run.ops import curves, open_ledger

Cli = Callable[..., tuple[int, str]]
CONFIG = {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128,
          "vocab_size": 100, "tie_word_embeddings": True}  # fmt: skip


def sample(cli: Cli, run: Path, pool: str, model: str, *, accuracy: float, n: int, problems: int = 40) -> None:
    temperature = 0.0 if n == 1 else 0.7
    code, out = cli("sample", "--run", run, "--pool", pool, "--backend", "mock", "--model", model, "--limit", problems,
                    "-n", n, "--temperature", temperature, "--backend-option", f"accuracy={accuracy}")  # fmt: skip
    assert code == 0, out


@pytest.fixture
def run(cli: Cli, tmp_path: Path) -> Path:
    """small (m-small, 30 % per sample, 8 samples), large (m-large, 60 %, 8 samples), greedy (m-small)."""
    run = tmp_path / "run"
    sample(cli, run, "small", "m-small", accuracy=0.3, n=8)
    sample(cli, run, "large", "m-large", accuracy=0.6, n=8)
    sample(cli, run, "greedy", "m-small", accuracy=0.3, n=1)
    return run


def test_coverage_is_fitted_to_each_sampled_pool_from_its_pass_curve(run: Path) -> None:
    fits = sorted(coverage_from_run(run, bootstrap=50, rng=np.random.default_rng(0)), key=lambda f: f.pool)
    assert [f.pool for f in fits] == ["large", "small"]  # the greedy pool has one sample: no curve
    for f in fits:
        (reference,) = curves(run, pools=[f.pool], strategies=["pass"], ks=[1, 2, 4, 8])
        assert f.fit.observed == pytest.approx([p.estimate.value for p in reference.points])
        assert f.fit.n_problems == 40 and f.fit.samples == 8 and f.fit.law.a < 0 and f.fit.law.b < 0
        beyond = f.fit.extrapolate(1000)
        assert beyond.low <= beyond.value <= beyond.high and beyond.value >= f.fit.observed[-1] - 0.05
    assert fits[0].fit.observed[0] > fits[1].fit.observed[0]  # the more accurate model covers more at k = 1
    with pytest.raises(ConfigError, match="pool 'greedy' has 1 sample per problem; coverage needs n >= 2"):
        coverage_from_run(run, pools=["greedy"], bootstrap=0, rng=np.random.default_rng(0))


def test_inference_points_price_each_strategy_in_flops(run: Path) -> None:
    found = inference_points_from_run(run, params={"m-small": 1e8, "m-large": 7e8}, resamples=200)
    points = found.points
    names = list(points.strategies)
    assert "greedy:greedy" in names and "small:majority@8" in names and "large:sampled@1" in names
    assert not any(name.endswith("majority@1") for name in names)
    with open_ledger(run) as ledger:
        usage = {pool: ledger.usage(pool) for pool in ("small", "greedy")}
    prompt = usage["small"].prompt_tokens / usage["small"].samples
    generated = usage["small"].completion_tokens / usage["small"].samples
    i = names.index("small:majority@8")
    assert points.sizes[i] == 1e8 and points.flops[i] == pytest.approx(2 * 1e8 * (prompt + 8 * generated))
    g = names.index("greedy:greedy")
    greedy = usage["greedy"]
    expected = 2 * 1e8 * (greedy.prompt_tokens + greedy.completion_tokens) / greedy.samples
    assert points.flops[g] == pytest.approx(expected)
    (majority,) = curves(run, pools=["small"], strategies=["majority"], ks=[8], resamples=200)
    assert found.estimates[i] == majority.points[0].estimate


def test_model_facts_come_from_a_local_config_and_an_unknown_size_is_named(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(CONFIG))
    run = tmp_path / "run"
    sample(cli, run, "tiny", str(folder), accuracy=0.5, n=4, problems=10)
    found = inference_points_from_run(run, resamples=100)
    facts = facts_from_folder(folder)
    with open_ledger(run) as ledger:
        usage = ledger.usage("tiny")
    i = list(found.points.strategies).index("tiny:majority@4")
    expected = sampling_flops(facts, prompt_tokens=usage.prompt_tokens / usage.samples,
                              generated_tokens=usage.completion_tokens / usage.samples, samples=4)  # fmt: skip
    assert found.points.sizes[i] == facts.params and found.points.flops[i] == pytest.approx(expected)
    sample(cli, run, "other", "m-unknown", accuracy=0.5, n=2, problems=10)
    with pytest.raises(ConfigError, match=r"size of model 'm-unknown' is unknown.*--params m-unknown=N"):
        inference_points_from_run(run, resamples=100)
