"""``tradeoff plan --law``: compute-optimal plans from published or fitted laws, with reasons; gaps in one line."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tradeoff.laws import BESIROGLU_2024, ChinchillaLaw, inference_aware_optimum

Cli = Callable[..., tuple[int, str]]
TRUE = ChinchillaLaw(E=1.8, A=400.0, B=1500.0, alpha=0.34, beta=0.36)


@pytest.fixture
def points(tmp_path: Path, rng: np.random.Generator) -> Path:
    n = np.exp(rng.uniform(np.log(5e7), np.log(2e10), size=60))
    d = np.exp(rng.uniform(np.log(1e9), np.log(5e11), size=60))
    loss = TRUE.loss(n, d) * np.exp(0.005 * rng.standard_normal(60))
    path = tmp_path / "runs.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([["N", "D", "loss"], *np.stack([n, d, loss], 1).tolist()])
    return path


def test_chinchilla_from_published_constants(cli: Cli) -> None:
    code, out = cli("plan", "--law", "chinchilla", "--compute", "1e21", "--compute", "1e23", "--json")
    assert code == 0, out
    plans = json.loads(out)
    assert [p["question"] for p in plans] == ["training budget C = 1e+21 FLOPs", "training budget C = 1e+23 FLOPs"]
    assert plans[0]["plan"]["params"]["value"] == pytest.approx(BESIROGLU_2024.optimum(1e21).params)
    assert plans[0]["source"] == "published constants: besiroglu-2024"


def test_inference_aware_from_a_fitted_law_has_intervals_and_reasons(cli: Cli, points: Path) -> None:
    args = ["plan", "--law", "inference-aware", "--target-loss", "2.3", "--inference-tokens", "1e12"]
    code, out = cli(*args, "--points", points, "--bootstrap", "30")
    assert code == 0, out
    assert "train_tokens" in out and "[" in out and "this plan saves" in out and "60 points" in out
    code, out = cli(*args, "--json")
    (plan,) = json.loads(out)
    best = inference_aware_optimum(BESIROGLU_2024, target_loss=2.3, inference_tokens=1e12)
    assert plan["plan"]["params"]["value"] == pytest.approx(best.optimal.params)


def test_missing_options_are_one_line(cli: Cli, points: Path) -> None:
    cases = {
        "--law t2 needs --points": ["plan", "--law", "t2", "--train-budget", "1e21"],
        "--law chinchilla needs --compute": ["plan", "--law", "chinchilla"],
        "needs a run directory and --queries": ["plan"],
        "drop the run directory (or --law)": ["plan", "runs/x", "--law", "chinchilla", "--compute", "1e21"],
        "target loss 1.5 must exceed": ["plan", "--law", "inference-aware", "--target-loss", "1.5",
                                        "--inference-tokens", "1e9"],
        "--law t2 needs --inference-budget, --queries, --tokens-per-answer": [
            "plan", "--law", "t2", "--points", points, "--train-budget", "1e21"],
    }  # fmt: skip
    for message, args in cases.items():
        code, out = cli(*args)
        assert code == 2 and message in out and len(out.strip().splitlines()) == 1, (message, out)


def test_t2_from_a_points_file(cli: Cli, tmp_path: Path, rng: np.random.Generator) -> None:
    from tradeoff.laws import T2LossLaw, t2_loss_optimum

    truth = T2LossLaw(E=1.7, A=300.0, B=800.0, G=0.6, alpha=0.35, beta=0.3, gamma=0.5)
    n = np.exp(rng.uniform(np.log(5e7), np.log(2e10), size=80))
    d = np.exp(rng.uniform(np.log(1e9), np.log(5e11), size=80))
    k = 2.0 ** rng.integers(0, 8, size=80)
    path = tmp_path / "t2.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([["N", "D", "k", "loss"], *np.stack([n, d, k, truth.loss(n, d, k)], 1).tolist()])
    budgets = {"train_flops": 1e21, "inference_flops": 1e20, "queries": 1e6, "tokens_per_answer": 500.0}
    code, out = cli("plan", "--law", "t2", "--points", path, "--train-budget", "1e21", "--inference-budget", "1e20",
                    "--queries", "1e6", "--tokens-per-answer", "500", "--bootstrap", "10", "--json")  # fmt: skip
    assert code == 0, out
    (plan,) = json.loads(out)
    expected = t2_loss_optimum(truth, **budgets)
    assert plan["plan"]["samples"]["value"] == pytest.approx(expected.samples, rel=0.2)
    assert plan["plan"]["loss"]["value"] == pytest.approx(expected.value, rel=0.01)
