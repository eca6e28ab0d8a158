"""Running a grid: every stage once, nothing twice; new budgets cost only what is new; failures stay local."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradeoff.experiment import dry_run, load_spec, run_experiment
from tradeoff.ledger import Ledger

from .specs import write


def _samples(run: Path) -> int:
    with Ledger.open(run / "ledger.sqlite") as ledger:
        return int(ledger.sql("SELECT COUNT(*) FROM samples")[0][0])


def test_a_grid_runs_every_stage_and_writes_plans_and_report(tmp_path: Path) -> None:
    result = run_experiment(load_spec(write(tmp_path)))
    assert not result.failed, result.failed
    run = tmp_path / "run"
    # 12 problems: greedy 1 + sampled 4 per problem, for each of the two models
    assert _samples(run) == 2 * 12 * (1 + 4)
    plans = json.loads((run / "experiment.json").read_text())["plans"]
    assert [p["queries"] for p in plans] == [1000.0, 1000000.0]
    assert plans[0]["recommended"].startswith(("small.", "large."))
    curves = json.loads((run / "curves.json").read_text())
    assert {c["verifier"] for c in curves} == {None, "self_certainty:mean"}
    summary = (run / "experiment.md").read_text()
    assert summary.startswith("# Experiment mockgrid")
    assert (
        "Recommended: not-credibly-worse" in summary and "| P(best) |" in summary and "## Break-even volumes" in summary
    )
    html = (run / "report" / "report.html").read_text()
    assert "small.arithmetic.t0.7" in html and "large.arithmetic.greedy" in html


def test_a_rerun_does_nothing(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path))
    run_experiment(spec)
    again = run_experiment(spec)
    assert {o.status for o in again.outcomes} == {"cached"}
    assert all(e.cached for e in dry_run(spec))


def test_a_larger_budget_generates_only_the_new_samples(tmp_path: Path) -> None:
    run_experiment(load_spec(write(tmp_path)))
    before = _samples(tmp_path / "run")
    strategies = [
        {"name": "greedy"},
        {"name": "majority", "budgets": [1, 2, 4, 8]},
        {"name": "best_of", "budgets": [2, 4], "verifier": "self_certainty"},
    ]
    bigger = load_spec(write(tmp_path, name="bigger.yaml", strategies=strategies))
    estimates = {f"{e.stage.kind}:{e.stage.name}": e for e in dry_run(bigger)}
    sampled = estimates["pool:small.arithmetic.t0.7"]
    assert sampled.work == "48 new samples" and sampled.tokens_source == "measured"
    assert estimates["pool:small.arithmetic.greedy"].cached
    result = run_experiment(bigger)
    ran = {f"{o.stage.kind}:{o.stage.name}" for o in result.outcomes if o.status == "ran"}
    assert "pool:small.arithmetic.greedy" not in ran and "pool:small.arithmetic.t0.7" in ran
    assert _samples(tmp_path / "run") == before + 2 * 12 * 4


def test_a_failing_cell_is_recorded_and_the_rest_completes(tmp_path: Path) -> None:
    models = [
        {"name": "small", "backend": "mock", "model": "mock-small", "options": {"accuracy": 0.4}},
        {"name": "broken", "backend": "mock", "model": "mock-broken", "options": {"fail_after": 5}},
    ]
    result = run_experiment(load_spec(write(tmp_path, models=models)))
    failed = {f"{o.stage.kind}:{o.stage.name}": o for o in result.failed}
    assert failed["pool:broken.arithmetic.greedy"].status == "failed"
    assert failed["verify:broken.arithmetic.t0.7@self_certainty"].status == "blocked"
    plans = json.loads((tmp_path / "run" / "experiment.json").read_text())["plans"]
    assert plans and all(not p["recommended"].startswith("broken.") for p in plans)
    assert "failed" in (tmp_path / "run" / "experiment.md").read_text()


def test_dry_run_creates_nothing_and_bounds_tokens_before_any_measurement(tmp_path: Path) -> None:
    estimates = dry_run(load_spec(write(tmp_path)))
    assert not (tmp_path / "run").exists()
    sampled = next(e for e in estimates if e.stage.name == "small.arithmetic.t0.7")
    assert sampled.work == "48 new samples" and sampled.tokens == 48 * 64 and sampled.tokens_source == "≤ max_tokens"


@pytest.mark.parametrize("limit", [3])
def test_limit_is_a_smoke_run_over_fewer_problems(tmp_path: Path, limit: int) -> None:
    result = run_experiment(load_spec(write(tmp_path)), limit=limit)
    assert not result.failed
    assert _samples(tmp_path / "run") == 2 * limit * 5


def test_search_strategies_run_as_stages_and_are_priced_beside_the_pools(tmp_path: Path) -> None:
    search = [
        {"strategy": "beam", "budgets": [2, 4], "beam_width": 2, "step_verifier": "self_certainty"},
        {"strategy": "adaptive", "budgets": [4]},
    ]
    spec = load_spec(write(tmp_path, search=search))
    result = run_experiment(spec)
    assert not result.failed, result.failed
    ran = [o.stage.name for o in result.outcomes if o.stage.kind == "search"]
    assert ran == [
        "small.arithmetic.beam",
        "small.arithmetic.adaptive",
        "large.arithmetic.beam",
        "large.arithmetic.adaptive",
    ]
    plan = json.loads((tmp_path / "run" / "plans" / "plan-1000.json").read_text())
    names = {c["configuration"]["name"] for c in plan["configurations"]}
    assert {"small.arithmetic.beam:beam@4", "large.arithmetic.adaptive:adaptive@4"} <= names
    again = run_experiment(spec)
    assert {o.status for o in again.outcomes} == {"cached"}


def test_a_search_budget_the_beam_width_does_not_divide_is_refused(tmp_path: Path) -> None:
    from tradeoff.errors import ConfigError
    from tradeoff.experiment import expand

    search = [{"strategy": "beam", "budgets": [3], "beam_width": 2, "step_verifier": "self_certainty"}]
    with pytest.raises(ConfigError, match="not a multiple of the beam width"):
        expand(load_spec(write(tmp_path, search=search)))


def test_the_difficulty_study_runs_as_a_stage(tmp_path: Path) -> None:
    study = {"bins": 2, "source": "oracle", "verifier": "self_certainty"}
    result = run_experiment(load_spec(write(tmp_path, difficulty=study)))
    assert not result.failed, result.failed
    studies = json.loads((tmp_path / "run" / "difficulty.json").read_text())
    assert [s["pool"] for s in studies] == ["small.arithmetic.t0.7", "large.arithmetic.t0.7"]


def test_a_target_accuracy_recommends_the_cheapest_reaching_it(tmp_path: Path) -> None:
    cost = {"hardware": "cpu-core", "queries": [1000], "target_accuracy": 0.3}
    run_experiment(load_spec(write(tmp_path, cost=cost)))
    plan = json.loads((tmp_path / "run" / "plans" / "plan-1000.json").read_text())
    assert plan["rule"] == "target" and plan["target"] == 0.3
    chosen = next(c for c in plan["configurations"] if c["configuration"]["name"] == plan["recommended"])
    assert chosen["configuration"]["accuracy"]["value"] >= 0.3
    assert "the cheapest reaching 30% accuracy" in (tmp_path / "run" / "experiment.md").read_text()
