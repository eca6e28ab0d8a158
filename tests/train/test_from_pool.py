"""Training data from a pool's accepted samples: K per problem, nested scales, cost of every attempt, hygiene."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeoff.errors import ConfigError, DataError
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import open_ledger, sample
from tradeoff.synth import is_accepted
from tradeoff.tasks import get_task
from tradeoff.train.from_pool import PoolExamples, infer_kind, pool_training_data


def fill(run: Path, name: str = "teacher", **changes: object) -> PoolSpec:
    spec = {"name": name, "split": "train", "limit": 10, "backend": "mock", "model": "big", "n": 4}
    spec |= {"sampling": {"temperature": 0.8}, "backend_options": {"accuracy": 0.5}}
    pool = PoolSpec.parse(spec | changes)
    sample(pool, run)
    return pool


def test_examples_are_the_student_prompt_and_accepted_samples_k_per_problem_in_order(tmp_path: Path) -> None:
    fill(tmp_path)
    got = pool_training_data(tmp_path, "teacher", student="smollm2-135m", select=PoolExamples(per_problem=2))
    task = get_task("arithmetic")
    with open_ledger(tmp_path) as ledger:
        samples = ledger.samples("teacher", scorer="arithmetic")
        problems = {p.id: p for p in ledger.problems("teacher")}
    expected = []
    for pid in problems:
        kept = [s for s in samples if s.problem_id == pid and is_accepted(s)][:2]
        expected += [(f"{pid}#{s.sample_index}", s.generation.text) for s in kept]
    assert [(e.id, e.target) for e in got.data.examples] == expected
    assert all(e.messages == task.messages(problems[e.id.split("#")[0]]) for e in got.data.examples)
    record = got.record
    assert record["source"] == "synthetic" and record["teacher"] == {"backend": "mock", "model": "big", "adapter": None}
    assert (record["attempted"], record["examples"], record["per_problem"]) == (40, len(expected), 2)
    assert record["acceptance_rate"] == pytest.approx(record["accepted"] / 40)
    assert record["tokens"]["completion"] > 0 and set(record["cost"]) == {"usd", "seconds", "source"}


def test_scale_variants_are_nested_and_cost_the_attempts_on_the_problems_they_use(tmp_path: Path) -> None:
    fill(tmp_path)
    small = pool_training_data(tmp_path, "teacher", student="s", select=PoolExamples(examples=3))
    full = pool_training_data(tmp_path, "teacher", student="s")
    assert small.data.examples == full.data.examples[:3]
    assert small.record["attempted"] == 4 * small.record["problems"] < full.record["attempted"] == 40
    assert small.record["tokens"]["completion"] < full.record["tokens"]["completion"]
    with pytest.raises(ConfigError, match=r"has \d+ accepted examples"):
        pool_training_data(tmp_path, "teacher", student="s", select=PoolExamples(examples=len(full.data.examples) + 1))


def test_the_students_own_pool_is_self_distillation() -> None:
    assert infer_kind("hf", "smollm2-135m", None, student="smollm2-135m") == "self-distillation"
    assert infer_kind("hf", "smollm2-135m", "runs/a/adapter", student="smollm2-135m") == "synthetic"
    assert infer_kind("openai", "gpt-4o-mini", None, student="smollm2-135m") == "synthetic"


def test_a_pool_without_a_correct_sample_is_a_one_line_error(tmp_path: Path) -> None:
    fill(tmp_path, backend_options={"accuracy": 0.0})
    with pytest.raises(DataError, match=r"no accepted samples \(0 correct of 40\)") as info:
        pool_training_data(tmp_path, "teacher", student="s")
    assert "\n" not in str(info.value)


def test_a_pool_on_the_evaluation_split_is_refused_unless_forced(tmp_path: Path) -> None:
    fill(tmp_path, name="student", split="test", backend_options={"accuracy": 0.9})
    with pytest.raises(ConfigError, match=r"10 problems of pool 'student' .* --force"):
        pool_training_data(tmp_path, "student", student="s")
    forced = pool_training_data(tmp_path, "student", student="s", select=PoolExamples(force=True))
    assert forced.record["forced"] and forced.record["overlap"]["exact"] == 10


def test_a_missing_run_or_pool_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is not a run directory"):
        pool_training_data(tmp_path, "teacher", student="s")
    fill(tmp_path)
    with pytest.raises(DataError, match=r"no pool 'techer' .* known: teacher"):
        pool_training_data(tmp_path, "techer", student="s")
    with pytest.raises(ConfigError, match="must be positive"):
        pool_training_data(tmp_path, "teacher", student="s", select=PoolExamples(per_problem=0))
