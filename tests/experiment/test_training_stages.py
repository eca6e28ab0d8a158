"""Training variants in a grid: synthetic data from a teacher (a mock), LoRA on a tiny real model, priced."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tradeoff.experiment import load_spec, run_experiment

from .specs import write

pytest.importorskip("peft", reason="training needs the hf extra: pip install 'tradeoff[hf]'")


@pytest.mark.timeout(600)
def test_a_synthetic_data_variant_is_trained_sampled_and_priced(tmp_path: Path) -> None:
    from tests.train.tiny import tiny_model

    student = str(tiny_model(tmp_path / "tiny"))
    models = [
        {
            "name": "teacher",
            "backend": "mock",
            "model": "mock-teacher",
            "options": {"accuracy": 0.8},
            "evaluate": False,
        },
        {"name": "student", "backend": "hf", "model": student, "options": {"threads": 1}},
    ]
    training = [
        {
            "name": "lora",
            "base": "student",
            "scales": [3, 6],
            "data": {"source": "synthetic", "teacher": "teacher", "problems": 10, "samples_per_problem": 2},
            "lora": {"steps": 2, "batch_size": 2, "max_length": 128, "checkpoint_every": 0},
        }
    ]
    spec = write(
        tmp_path,
        models=models,
        training=training,
        tasks=[{"name": "arithmetic", "options": {"seed": 0}, "limit": 3}],
        sampling={"temperature": 0.7, "max_tokens": 16, "seed": 0},
        strategies=[{"name": "greedy"}, {"name": "majority", "budgets": [2]}],
    )
    result = run_experiment(load_spec(spec))
    assert not result.failed, result.failed
    kinds = [(o.stage.kind, o.stage.name) for o in result.outcomes]
    assert kinds[:3] == [("data", "data.teacher.arithmetic.t0.7"), ("train", "lora-3"), ("train", "lora-6")]
    assert not any(name.startswith("teacher.") for _, name in kinds)  # a teacher only is never evaluated
    folder = next((tmp_path / "run" / "train").glob("lora-6-*"))
    record = json.loads((folder / "training.json").read_text())
    assert record["data"]["source"] == "synthetic" and record["examples"] == 6
    assert record["data"]["cost"]["seconds"] >= 0
    plan = json.loads((tmp_path / "run" / "plans" / "plan-1000.json").read_text())
    fixed = {c["configuration"]["name"]: c["configuration"]["fixed_cost"] for c in plan["configurations"]}
    assert fixed["lora-6.arithmetic.greedy:greedy"] > fixed["student.arithmetic.greedy:greedy"] == 0
    report = json.loads((tmp_path / "run" / "report" / "report.json").read_text())
    trained = sorted(u["name"] for u in report["utilisation"] if u["name"].endswith("(training)"))
    assert [name.split("-")[:2] for name in trained] == [["lora", "3"], ["lora", "6"]]  # one row per training run
    assert not any(u["name"].startswith("data.") for u in report["utilisation"])  # training data is not a config
    assert {o.status for o in run_experiment(load_spec(spec)).outcomes} == {"cached"}
