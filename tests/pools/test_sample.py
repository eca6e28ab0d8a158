"""Sampling a pool: resumable, content-addressed, never generating the same request twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fakes import FakeTask
from tradeoff.backends.mock import MockBackend
from tradeoff.errors import BackendError, ConfigError
from tradeoff.ledger import Ledger
from tradeoff.pools.sample import PoolSpec, sample_pool
from tradeoff.pools.score import score_pool


def spec(**overrides: object) -> PoolSpec:
    data: dict[str, object] = {"name": "p", "task": "fake", "backend": "mock", "model": "m", "n": 4}
    data["sampling"] = {"temperature": 0.8, "max_tokens": 32}
    return PoolSpec.parse({**data, **overrides})


@pytest.fixture
def ledger(tmp_path: Path) -> Ledger:
    return Ledger.open(tmp_path / "ledger.sqlite")


def test_a_pool_holds_n_samples_per_problem_and_their_usage(ledger: Ledger) -> None:
    backend = MockBackend("m")
    report = sample_pool(spec(), task=FakeTask(), backend=backend, ledger=ledger)
    samples = ledger.samples("p")
    assert (report.problems, report.generated, report.stored) == (6, 24, 0)
    assert [(s.problem_id, s.sample_index) for s in samples[:5]] == [
        ("test-0", 0),
        ("test-0", 1),
        ("test-0", 2),
        ("test-0", 3),
        ("test-1", 0),
    ]
    assert ledger.usage("p") == report.usage
    assert report.usage.prefill_tokens * 4 == report.usage.prompt_tokens  # each prompt once, not per sample


def test_rerunning_generates_nothing(ledger: Ledger) -> None:
    sample_pool(spec(), task=FakeTask(), backend=MockBackend("m"), ledger=ledger)
    again = MockBackend("m")
    report = sample_pool(spec(), task=FakeTask(), backend=again, ledger=ledger)
    assert report.generated == 0 and again.calls == []
    assert len(ledger.samples("p")) == 24


def test_growing_n_asks_only_for_the_new_indices(ledger: Ledger) -> None:
    sample_pool(spec(), task=FakeTask(), backend=MockBackend("m"), ledger=ledger)
    backend = MockBackend("m")
    report = sample_pool(spec(n=6), task=FakeTask(), backend=backend, ledger=ledger)
    assert report.generated == 12 and sum(backend.calls) == 12
    assert sorted({s.sample_index for s in ledger.samples("p")}) == list(range(6))


def test_another_pool_with_the_same_requests_reuses_the_stored_samples(ledger: Ledger) -> None:
    sample_pool(spec(), task=FakeTask(), backend=MockBackend("m"), ledger=ledger)
    backend = MockBackend("m")
    report = sample_pool(spec(name="copy", n=2), task=FakeTask(), backend=backend, ledger=ledger)
    assert (report.generated, report.stored) == (0, 12) and backend.calls == []
    assert ledger.sql("SELECT COUNT(*) FROM samples")[0][0] == 24


def test_a_backend_failure_keeps_every_committed_batch(ledger: Ledger) -> None:
    with pytest.raises(BackendError):
        sample_pool(spec(), task=FakeTask(), backend=MockBackend("m", fail_after=10, batch_size=1), ledger=ledger)
    assert len(ledger.samples("p")) == 8  # two whole batches of 4; the third failed in flight
    backend = MockBackend("m", batch_size=1)
    report = sample_pool(spec(), task=FakeTask(), backend=backend, ledger=ledger)
    assert report.generated == 16 and len(ledger.samples("p")) == 24


def test_samples_do_not_depend_on_batching(ledger: Ledger, tmp_path: Path) -> None:
    sample_pool(spec(), task=FakeTask(), backend=MockBackend("m", batch_size=1), ledger=ledger)
    other = Ledger.open(tmp_path / "other.sqlite")
    sample_pool(spec(), task=FakeTask(), backend=MockBackend("m", batch_size=5), ledger=other)
    assert [s.generation for s in ledger.samples("p")] == [s.generation for s in other.samples("p")]


def test_a_pool_name_cannot_be_reused_for_other_settings(ledger: Ledger) -> None:
    sample_pool(spec(), task=FakeTask(), backend=MockBackend("m"), ledger=ledger)
    with pytest.raises(ConfigError, match="different sampling"):
        sample_pool(spec(sampling={"temperature": 0.5}), task=FakeTask(), backend=MockBackend("m"), ledger=ledger)


def test_impossible_specs_are_one_line_errors() -> None:
    with pytest.raises(ConfigError, match="n: Input should be greater than 0"):
        spec(n=0)
    with pytest.raises(ConfigError, match="max_tokens"):
        spec(sampling={"temperature": 0.8, "max_tokens": 0})
    with pytest.raises(ConfigError, match="greedy decoding"):
        spec(sampling={"temperature": 0})
    with pytest.raises(ConfigError, match=r"Extra inputs"):
        spec(temprature=0.3)


def test_scoring_marks_every_sample_once(ledger: Ledger) -> None:
    task = FakeTask()
    sample_pool(spec(), task=task, backend=MockBackend("m", accuracy=0.5), ledger=ledger)
    assert score_pool(ledger, "p", task) == 24
    assert score_pool(ledger, "p", task) == 0
    scores = [s.score for s in ledger.samples("p", scorer="fake")]
    assert all(s is not None for s in scores)
    assert 0 < sum(s.correct for s in scores if s) < 24


def test_a_smaller_view_of_a_pool_reports_only_what_it_asks_for(ledger: Ledger) -> None:
    sample_pool(spec(limit=5), task=FakeTask(), backend=MockBackend("m"), ledger=ledger)
    backend = MockBackend("m")
    report = sample_pool(spec(limit=3, n=2), task=FakeTask(), backend=backend, ledger=ledger)
    assert report.generated == 0 and backend.calls == []
    view = ledger.samples("p", limit=3, n=2)
    assert [(s.problem_id, s.sample_index) for s in view] == [(f"test-{i}", j) for i in range(3) for j in range(2)]
    assert ledger.usage("p", limit=3, n=2).samples == 6 and ledger.usage("p").samples == 20


def test_batches_hold_at_most_batch_size_samples_in_whole_requests(ledger: Ledger) -> None:
    backend = MockBackend("m", batch_size=8)
    sample_pool(spec(), task=FakeTask(), backend=backend, ledger=ledger)  # 6 problems × 4 samples
    assert backend.calls == [8, 8, 8]
    wide = MockBackend("m", batch_size=3)
    sample_pool(spec(name="wide", sampling={"temperature": 0.9}), task=FakeTask(), backend=wide, ledger=ledger)
    assert wide.calls == [4] * 6  # a request is never split, even when it exceeds batch_size
