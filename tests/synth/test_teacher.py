"""Synthetic data: a teacher pool on the train split, rejection on the gold answer, kept when the teacher fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from tradeoff.backends.mock import MockBackend
from tradeoff.errors import BackendError, ConfigError
from tradeoff.pools.sample import PoolSpec
from tradeoff.run.ops import open_ledger
from tradeoff.synth import is_accepted, synthesize


def teacher_spec(**changes: object) -> PoolSpec:
    spec = {"name": "teacher", "split": "train", "limit": 12, "backend": "mock", "model": "big", "n": 3}
    spec |= {"sampling": {"temperature": 0.8}, "backend_options": {"accuracy": 0.6, "truncate_rate": 0.1}}
    return PoolSpec.parse(spec | changes)


def test_acceptance_is_counted_from_the_stored_scores(tmp_path: Path) -> None:
    report = synthesize(teacher_spec(), tmp_path)
    with open_ledger(tmp_path) as ledger:
        samples = ledger.samples("teacher", scorer="arithmetic")
    accepted = [s for s in samples if is_accepted(s)]
    assert len(samples) == 36 and report.sampled.generated == 36
    assert report.attempts.attempted == 36 and report.attempts.accepted == len(accepted)
    assert 0 < report.attempts.accepted < 36  # accuracy 0.6 and some truncation: a real filter
    assert report.attempts.acceptance_rate == pytest.approx(len(accepted) / 36)
    assert report.attempts.solved == len({s.problem_id for s in accepted})
    assert all(s.score is not None and s.score.correct and not s.generation.truncated for s in accepted)
    truncated = [s for s in samples if s.generation.truncated]
    assert truncated and not any(is_accepted(s) for s in truncated)
    assert report.cost.usd == 0 and report.cost.source.startswith("measured")


def test_a_failing_teacher_keeps_what_was_paid_for_and_a_rerun_continues(tmp_path: Path) -> None:
    flaky = MockBackend("big", accuracy=0.6, fail_after=10, batch_size=4)
    with pytest.raises(BackendError, match=r"teacher mock/big failed: .*the 9 samples already generated are kept") as e:
        synthesize(teacher_spec(), tmp_path, backend=flaky)
    assert "\n" not in str(e.value)
    again = synthesize(teacher_spec(), tmp_path)
    assert (again.sampled.stored, again.sampled.generated) == (9, 27)
    assert again.attempts.attempted == 36


def test_synthetic_data_comes_from_the_train_split(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="train split"):
        synthesize(teacher_spec(split="test"), tmp_path)
