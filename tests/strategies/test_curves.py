"""Curves of a pool: which strategies, budgets and costs; ``tradeoff curves`` end to end on the mock backend."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.cli.test_cli import MOCK
from tests.strategies.brute import random_pool
from tradeoff.errors import ConfigError
from tradeoff.strategies import VerifierScores, default_ks, pool_curves

CLI = Callable[..., tuple[int, str]]


def test_every_strategy_at_every_k_with_its_cost(rng: np.random.Generator) -> None:
    arrays = random_pool(rng, problems=30, n=8)
    judge = VerifierScores(
        verifier="v", scores=rng.random((30, 8)), weights=rng.random((30, 8)), tokens=np.full((30, 8), 5.0)
    )
    curves = pool_curves(arrays, rng=np.random.default_rng(0), ks=[1, 2, 8], verifier=judge, greedy=arrays, pool="p")
    labels = [p.label for p in curves.points]
    assert labels[:2] == ["sampled@1", "greedy"]
    assert labels[2:] == [f"{name}{k}" for name in ("majority@", "weighted@", "best-of-", "pass@") for k in (1, 2, 8)]
    tokens = arrays.tokens.mean()
    for p in curves.points:
        assert p.estimate.low <= p.estimate.value <= p.estimate.high and p.estimate.n == 30
        judged = 5.0 if p.strategy in ("weighted", "best_of") else 0.0
        assert p.samples == p.k and p.tokens == pytest.approx(p.k * (tokens + judged))
    assert curves.verifier == "v" and (curves.problems, curves.samples_per_problem) == (30, 8)


def test_default_budgets_are_powers_of_two_and_n() -> None:
    assert default_ks(1) == (1,) and default_ks(8) == (1, 2, 4, 8) and default_ks(12) == (1, 2, 4, 8, 12)


def test_bad_requests_are_one_line_errors(rng: np.random.Generator) -> None:
    arrays = random_pool(rng, problems=5, n=4)
    with pytest.raises(ConfigError, match=r"k=8 is larger than pool 'p' \(4 samples per problem\)"):
        pool_curves(arrays, rng=rng, ks=[1, 8], pool="p")
    with pytest.raises(ConfigError, match="strategy 'best_of' needs a verifier; add --verifier self_certainty"):
        pool_curves(arrays, rng=rng, strategies=["best_of"])
    with pytest.raises(ConfigError, match="strategy 'greedy' needs a greedy pool"):
        pool_curves(arrays, rng=rng, strategies=["greedy"])


def test_curves_command_on_a_mock_run(cli: CLI, tmp_path: Path) -> None:
    sampled = ["sample", "--run", str(tmp_path), *MOCK, "--limit", "12", "-n", "4", "--temperature", "0.7"]
    assert cli(*sampled, "--logprobs")[0] == 0
    assert cli("sample", "--run", str(tmp_path), *MOCK, "--limit", "12")[0] == 0  # greedy, the reference
    png = tmp_path / "curves.png"
    code, out = cli("curves", str(tmp_path), "--verifier", "self_certainty", "--png", str(png))
    assert code == 0, out
    assert "m-t0.7: 12 problems × 4 samples, verifier self_certainty:mean" in out
    for name in ("sampled@1", "greedy", "majority@k", "weighted@k", "best-of-k", "pass@k", "exact", "unbiased"):
        assert name in out
    saved = json.loads((tmp_path / "curves.json").read_text())
    assert [c["pool"] for c in saved] == ["m-t0.7"] and saved[0]["verifier"] == "self_certainty:mean"
    majority = [p for p in saved[0]["points"] if p["strategy"] == "majority"]
    assert [p["k"] for p in majority] == [1, 2, 4] and majority[0]["estimate"]["method"] == "bootstrap"
    assert png.read_bytes()[:4] == b"\x89PNG"
    code, out = cli("curves", str(tmp_path), "--k", "1,3", "--strategy", "majority,pass", "--verifier", "oracle")
    assert code == 0 and "majority@k" in out and "best-of-k" not in out and "verifier oracle" in out


def test_the_greedy_reference_is_the_same_model_variant(cli: CLI, tmp_path: Path) -> None:
    base = ["sample", "--run", str(tmp_path), "--backend", "mock", "--limit", "6"]
    assert cli(*base, "--model", "other")[0] == 0  # greedy, but another model: no reference
    assert cli(*base, "--model", "m", "-n", "4", "--temperature", "0.7")[0] == 0
    code, out = cli("curves", str(tmp_path), "--pool", "m-t0.7")
    assert code == 0 and not [line for line in out.splitlines() if line.strip().startswith("greedy")]
    assert cli(*base, "--model", "m")[0] == 0
    code, out = cli("curves", str(tmp_path), "--pool", "m-t0.7")
    assert code == 0 and [line for line in out.splitlines() if line.strip().startswith("greedy")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--k", "1,16"], "k=16 is larger than pool 'm-t0.7' (4 samples per problem); use k <= 4 or sample more"),
        (["--k", "two"], "--k expects comma-separated integers"),
        (["--strategy", "best_of"], "strategy 'best_of' needs a verifier; add --verifier self_certainty"),
        (["--strategy", "beam"], "unknown strategy 'beam'; known: sampled, greedy, majority"),
        (["--verifier", "self_certainty"], "self_certainty needs token log-probabilities"),
        (["--verifier", "oracel"], "unknown verifier 'oracel'; known: judge, oracle, prm"),
        (["--pool", "nope"], "no pool 'nope'"),
        (["--pool", "empty"], "pool 'empty' is empty: it has no samples; sample it first"),
    ],
)
def test_curves_bad_input_is_one_line(cli: CLI, tmp_path: Path, args: list[str], message: str) -> None:
    cli("sample", "--run", str(tmp_path), *MOCK, "--limit", "3", "-n", "4", "--temperature", "0.7")
    cli("sample", "--run", str(tmp_path), *MOCK, "--pool", "empty", "--backend-option", "fail_after=0")
    code, out = cli("curves", str(tmp_path), *(["--pool", "m-t0.7"] if "--pool" not in args else []), *args)
    lines = [line for line in out.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), out
    assert message in lines[0]
