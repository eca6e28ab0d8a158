"""``tradeoff fit`` (chinchilla, the default law): tables or JSON; one plain line for every kind of bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import run_cli
from tradeoff.laws import ChinchillaLaw, StartGrid

TRUE = ChinchillaLaw(E=1.8, A=400.0, B=1500.0, alpha=0.34, beta=0.36)


def write(path: Path, header: list[str], rows: list[list[float]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def points(tmp_path: Path, rng: np.random.Generator) -> Path:
    n = np.exp(rng.uniform(np.log(5e7), np.log(2e10), size=80))
    d = np.exp(rng.uniform(np.log(1e9), np.log(5e11), size=80))
    loss = TRUE.loss(n, d) * np.exp(0.005 * rng.standard_normal(80))
    return write(tmp_path / "runs.csv", ["params", "flop", "final_loss"], np.stack([n, 6 * n * d, loss], 1).tolist())


def test_fit_prints_json_with_intervals_and_the_plan(points: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    args = ["fit", str(points), "--columns", "N=params,C=flop,loss=final_loss", "--grid", "coarse"]
    code, out = run_cli([*args, "--bootstrap", "30", "--compute", "1e23", "--json"], capsys, monkeypatch)
    assert code == 0, out
    summary = json.loads(out)
    (section,) = summary["sections"]
    assert summary["converged"] is True and "80 points" in summary["sections"][0]["plans"][0]["source"]
    assert "30 bootstrap refits" in section["reason"] and section["goodness"]["rmse"] < 0.01
    e = section["parameters"]["E"]
    assert e["low"] <= e["value"] <= e["high"] and abs(e["value"] - 1.8) < 0.05
    (plan,) = section["plans"]
    assert "C = 6·N·D = 1e+23 FLOPs" in plan["reasons"][1]
    ratio = plan["plan"]["tokens_per_param"]
    assert ratio["value"] == pytest.approx(TRUE.optimum(1e23).tokens_per_param, rel=0.25)
    assert ratio["low"] <= ratio["value"] <= ratio["high"]


def test_fit_prints_tables(points: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    args = ["fit", str(points), "--columns", "N=params,C=flop,loss=final_loss", "--grid", "coarse"]
    code, out = run_cli([*args, "--drop-highest", "5", "--bootstrap", "10"], capsys, monkeypatch)
    assert code == 0, out
    assert "75 points" in out and "alpha" in out and "tokens_per_param" in out and "1e+24" in out


def test_bad_input_is_one_plain_line(tmp_path: Path, points: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cases = {
        "no column for D, loss": ["fit", str(points)],
        "--columns expects ROLE=COLUMN": ["fit", str(points), "--columns", "N"],
        "file not found": ["fit", str(tmp_path / "missing.csv")],
    }
    negative = write(tmp_path / "neg.csv", ["N", "D", "loss"], [[1e9, 1e10, 3.0], [-1e9, 1e10, 3.0]])
    cases["neg.csv:3: N must be positive, got -1e+09"] = ["fit", str(negative)]
    few = write(tmp_path / "few.csv", ["N", "D", "loss"], [[1e9 * (i + 1), 1e10, 3.0 - i / 10] for i in range(5)])
    cases["5 points cannot fit 5 parameters; give at least 6"] = ["fit", str(few)]
    for message, args in cases.items():
        code, out = run_cli(args, capsys, monkeypatch)
        assert code == 2 and message in out and len(out.strip().splitlines()) == 1, (message, out)


def test_a_fit_that_did_not_converge_prints_no_numbers(points: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    never = StartGrid(coefficients=(float("inf"),), constants=(0.0,), exponents=(0.5,))
    monkeypatch.setattr("tradeoff.laws.COARSE_GRID", never)
    args = ["fit", str(points), "--columns", "N=params,C=flop,loss=final_loss", "--grid", "coarse"]
    code, out = run_cli(args, capsys, monkeypatch)
    assert code == 2 and "did not converge" in out and "alpha" not in out
    assert len(out.strip().splitlines()) == 1
