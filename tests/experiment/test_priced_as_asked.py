"""The plan prices exactly what the spec asks for — strategies × budgets × verifiers, greedy only where asked —
and each pool's curves are computed once however many volumes are planned and reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tradeoff.experiment import load_spec, run_experiment
from tradeoff.strategies import curves as curves_module

from .specs import write

ONE_MODEL = [{"name": "small", "backend": "mock", "model": "mock-small", "options": {"accuracy": 0.4}}]


def _priced(run: Path) -> dict[float, set[str]]:
    """Configuration names of each stored plan and of the report's plan, by volume."""
    plans = {}
    for path in sorted((run / "plans").glob("plan-*.json")):
        data = json.loads(path.read_text())
        plans[data["queries"]] = {c["configuration"]["name"] for c in data["configurations"]}
    report = json.loads((run / "report" / "report.json").read_text())["plan"]
    plans[-1.0] = {c["configuration"]["name"] for c in report["configurations"]}
    return plans


def test_majority_at_three_alone_prices_majority_at_three_alone(tmp_path: Path) -> None:
    spec = write(tmp_path, models=ONE_MODEL, strategies=[{"name": "majority", "budgets": [3]}])
    assert not run_experiment(load_spec(spec)).failed
    for names in _priced(tmp_path / "run").values():
        assert names == {"small.arithmetic.t0.7:majority@3"}


def test_best_of_two_by_self_certainty_alone_prices_it_alone(tmp_path: Path) -> None:
    spec = write(
        tmp_path, models=ONE_MODEL, strategies=[{"name": "best_of", "budgets": [2], "verifier": "self_certainty"}]
    )
    assert not run_experiment(load_spec(spec)).failed
    for names in _priced(tmp_path / "run").values():
        assert names == {"small.arithmetic.t0.7:best-of-2"}
    plan = json.loads((tmp_path / "run" / "plans" / "plan-1000.json").read_text())
    assert plan["asked"] == "best_of@2 by self_certainty"
    assert any(r.startswith("priced what was asked: best_of@2 by self_certainty") for r in plan["reasons"])


def test_budget_one_is_sampled_at_one_and_greedy_only_when_asked(tmp_path: Path) -> None:
    strategies = [
        {"name": "majority", "budgets": [1, 4]},
        {"name": "weighted", "budgets": [4], "verifier": "self_certainty"},
    ]
    assert not run_experiment(load_spec(write(tmp_path, models=ONE_MODEL, strategies=strategies))).failed
    names = _priced(tmp_path / "run")[1000.0]
    pool = "small.arithmetic.t0.7"
    assert names == {f"{pool}:sampled@1", f"{pool}:majority@4", f"{pool}:weighted@4"}  # no greedy pool, no best-of


def test_the_quickstart_grid_computes_each_curve_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Six volumes, two variants, greedy + 8-sample pools, majority and best-of by self-certainty: one curve
    computation per (pool, verifier) — 2 greedy pools + 2 sampled pools × (no verifier, self-certainty)."""
    grid = yaml.safe_load((Path(__file__).parents[2] / "recipes" / "quickstart.yaml").read_text())
    grid["models"] = [
        {"name": "base", "backend": "mock", "model": "mock-base", "options": {"accuracy": 0.12}},
        {"name": "lora-500", "backend": "mock", "model": "mock-lora", "options": {"accuracy": 0.28}},
    ]
    grid["training"] = []
    grid["tasks"][0]["limit"] = 12
    path = tmp_path / "quickstart.yaml"
    path.write_text(yaml.safe_dump({**grid, "run_dir": str(tmp_path / "run")}))
    calls: list[tuple[str, str | None]] = []
    original = curves_module.pool_curves

    def counted(*args: object, **kwargs: object) -> object:
        result = original(*args, **kwargs)  # type: ignore[arg-type]
        calls.append((result.pool, result.verifier))
        return result

    monkeypatch.setattr("tradeoff.run.handle.pool_curves", counted)
    result = run_experiment(load_spec(path))
    assert not result.failed, result.failed
    assert len(grid["cost"]["queries"]) == 6
    assert sorted(calls, key=str) == sorted(set(calls), key=str) and len(calls) == 6
