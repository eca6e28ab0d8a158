"""``tradeoff fit --law …`` for T², T² pass@k, coverage and inference scaling, from files and run directories."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.laws.test_runs import sample
from tradeoff.laws import BESIROGLU_2024, CoverageLaw, StartGrid, T2LossLaw, T2PassLaw

Cli = Callable[..., tuple[int, str]]
T2 = T2LossLaw(E=1.7, A=300.0, B=800.0, G=0.6, alpha=0.35, beta=0.3, gamma=0.5)
PASS = T2PassLaw(BESIROGLU_2024, intercept=12.0, slope=-5.5, concentration=1.5)
BUDGETS = ["--train-budget", "1e21", "--inference-budget", "1e20", "--queries", "1e6", "--tokens-per-answer", "500"]


def write(path: Path, header: list[str], rows: list[list[float]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def t2_points(tmp_path: Path, rng: np.random.Generator) -> Path:
    n = np.exp(rng.uniform(np.log(5e7), np.log(2e10), size=100))
    d = np.exp(rng.uniform(np.log(1e9), np.log(5e11), size=100))
    k = 2.0 ** rng.integers(0, 8, size=100)
    loss = T2.loss(n, d, k) * np.exp(0.005 * rng.standard_normal(100))
    return write(tmp_path / "t2.csv", ["N", "D", "k", "loss"], np.stack([n, d, k, loss], 1).tolist())


def test_t2_prints_intervals_and_the_joint_optimum(cli: Cli, t2_points: Path, tmp_path: Path) -> None:
    png = tmp_path / "t2.png"
    code, out = cli("fit", t2_points, "--law", "t2", "--bootstrap", "20", *BUDGETS, "--figure", png, "--json")
    assert code == 0, out
    (section,) = json.loads(out)["sections"]
    gamma = section["parameters"]["gamma"]
    assert gamma["low"] <= 0.5 <= gamma["high"] and section["goodness"]["r2"] > 0.99
    (plan,) = section["plans"]
    assert plan["plan"]["samples"]["value"] > 1 and plan["plan"]["params"]["low"] <= plan["plan"]["params"]["value"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    code, out = cli("fit", t2_points, "--law", "t2", "--bootstrap", "0")
    assert code == 0 and "gamma" in out and "for the joint (N, D, k) optimum give" in out, out


def test_t2_bad_input_is_one_line(cli: Cli, t2_points: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    few = write(tmp_path / "few.csv", ["N", "D", "k", "loss"], [[1e9 * (i + 1), 1e10, 1, 3] for i in range(7)])
    cases = {
        "7 points cannot fit 7 parameters; give at least 8 points": ["fit", few, "--law", "t2"],
        "needs --inference-budget, --queries, --tokens-per-answer as well": [
            "fit", t2_points, "--law", "t2", "--train-budget", "1e21"],
        "holds no pretraining records; train models into it": ["fit", "--law", "t2", "--run", tmp_path],
        "give a points file or --run DIR (not both)": ["fit", "--law", "coverage"],
    }  # fmt: skip
    for message, args in cases.items():
        code, out = cli(*args)
        assert code == 2 and message in out and len(out.strip().splitlines()) == 1, (message, out)
    monkeypatch.setattr("tradeoff.laws.T2_GRID", StartGrid(coefficients=(np.inf,), constants=(0.0,), exponents=(1.0,)))
    code, out = cli("fit", t2_points, "--law", "t2", *BUDGETS)
    assert code == 2 and "did not converge: none of the 1 starts" in out and "gamma" not in out
    assert len(out.strip().splitlines()) == 1


def test_t2_pass_from_json_with_a_published_base_law(cli: Cli, tmp_path: Path, rng: np.random.Generator) -> None:
    n = np.repeat([1e8, 4e8, 1.6e9, 6.4e9], 12)
    d = 20 * n * np.tile(np.repeat([0.5, 2.0, 8.0], 4), 4)
    k = np.tile([1.0, 4.0, 16.0, 64.0], 12)
    rate = rng.binomial(2000, PASS.pass_at_k(n, d, k)) / 2000
    path = tmp_path / "pass.json"
    path.write_text(json.dumps([{"N": a, "D": b, "k": c, "pass": e} for a, b, c, e in zip(n, d, k, rate, strict=True)]))
    code, out = cli("fit", path, "--law", "t2-pass", "--bootstrap", "30", *BUDGETS, "--json")
    assert code == 0, out
    (section,) = json.loads(out)["sections"]
    slope = section["parameters"]["slope"]
    assert slope["low"] <= -5.5 <= slope["high"] and "published: besiroglu-2024" in section["notes"][0]
    assert 0 < section["plans"][0]["plan"]["pass_at_k"]["value"] <= 1


def test_coverage_from_points_extrapolates_with_an_interval(cli: Cli, tmp_path: Path) -> None:
    k = 2.0 ** np.arange(8)
    truth = CoverageLaw(a=-1.6, b=-0.35)
    path = write(tmp_path / "cov.csv", ["k", "coverage"], np.stack([k, truth.coverage(k)], 1).tolist())
    code, out = cli("fit", path, "--law", "coverage", "--extrapolate", "1000", "--bootstrap", "50", "--json")
    assert code == 0, out
    (section,) = json.loads(out)["sections"]
    assert section["parameters"]["b"]["value"] == pytest.approx(-0.35)
    at = section["plans"][0]["plan"]["coverage@1000"]
    assert at["value"] == pytest.approx(float(truth.coverage(1000))) and "beyond the measurements" in out


def test_coverage_and_inference_scaling_from_a_run(cli: Cli, tmp_path: Path) -> None:
    run = tmp_path / "run"
    sample(cli, run, "small", "m-small", accuracy=0.3, n=8)
    sample(cli, run, "large", "m-large", accuracy=0.6, n=8)
    code, out = cli("fit", "--law", "coverage", "--run", run, "--bootstrap", "30", "--figure", tmp_path / "c.png")
    assert code == 0 and "pool small (model m-small): 40 problems × 8 samples" in out and "coverage@1000" in out, out
    assert (tmp_path / "c.png").stat().st_size > 10_000
    args = ["fit", "--law", "inference-scaling", "--run", run, "--params", "m-small=1e8", "--params", "m-large=7e8"]
    code, out = cli(*args, "--budget", "1e15")
    assert code == 0 and "large:majority@8 is the most accurate measured point within 1e+15 FLOPs" in out, out
    code, out = cli("fit", "--law", "inference-scaling", "--run", run)
    assert code == 2 and "give its size with --params m-" in out and len(out.strip().splitlines()) == 1


def test_inference_scaling_from_a_points_file_picks_the_small_model_at_small_budgets(cli: Cli, tmp_path: Path) -> None:
    rows = [[1e9, "greedy", 6e11, 0.30], [1e9, "majority@8", 4.8e12, 0.50], [7e9, "greedy", 4.2e12, 0.45]]
    path = tmp_path / "inf.csv"
    with path.open("w", newline="") as handle:
        csv.writer(handle).writerows([["size", "strategy", "flops", "accuracy"], *rows])
    code, out = cli("fit", path, "--law", "inference-scaling", "--budget", "5e12", "--budget", "1e11", "--json")
    assert code == 0, out
    plans = json.loads(out)["sections"][0]["plans"]
    assert plans[0]["plan"]["model_size"]["value"] == 1e9 and "majority@8" in plans[0]["reasons"][0]
    assert plans[1]["plan"] == {} and "no measured configuration" in plans[1]["reasons"][0]
