"""Running a search spec: results in the ledger, resume after a kill, points with confidence intervals."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.search.fakes import Counting, StepBackend
from tradeoff.backends import get_backend
from tradeoff.errors import BackendError, ConfigError
from tradeoff.ledger import Ledger
from tradeoff.search import SearchSpec, run_search, search_points

SPEC = {"name": "b", "strategy": "beam", "budgets": [2, 4], "beam_width": 2, "step_verifier": "self_certainty"}


def test_a_finished_search_is_never_recomputed_and_a_larger_limit_adds_only_new_problems(tmp_path: Path) -> None:
    first = run_search(tmp_path, SearchSpec.parse({**SPEC, "limit": 3}), backend=Counting(StepBackend()))
    assert (first.computed, first.stored) == (6, 0)
    again = Counting(StepBackend())
    second = run_search(tmp_path, SearchSpec.parse({**SPEC, "limit": 3}), backend=again)
    assert (second.computed, second.stored, again.calls) == (0, 6, 0)
    assert second.points == first.points
    grown = run_search(tmp_path, SearchSpec.parse({**SPEC, "limit": 5}), backend=Counting(StepBackend()))
    assert (grown.computed, grown.stored) == (4, 6)
    assert [p.problems for p in grown.points] == [5, 5]


def test_a_killed_run_keeps_finished_searches_and_the_rerun_computes_only_the_rest(tmp_path: Path) -> None:
    spec = SearchSpec.parse({**SPEC, "limit": 6, "budgets": [2]})
    with pytest.raises(BackendError):
        run_search(tmp_path, spec, backend=get_backend("mock", "mock", fail_after=5, batch_size=2))
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        kept = ledger.sql("SELECT COUNT(*) FROM search_results")[0][0]
    assert 0 < kept < 6
    report = run_search(tmp_path, spec, backend=get_backend("mock", "mock", batch_size=2))
    assert (report.computed, report.stored) == (6 - kept, kept)


def test_points_carry_accuracy_with_a_wilson_interval_and_costs_per_problem(tmp_path: Path) -> None:
    run_search(tmp_path, SearchSpec.parse({**SPEC, "limit": 8}), backend=get_backend("mock", "mock", accuracy=0.7))
    points = search_points(tmp_path)
    assert [(p.strategy, p.budget, p.problems) for p in points] == [("beam", 2, 8), ("beam", 4, 8)]
    for point in points:
        assert point.accuracy.method == "wilson" and point.accuracy.low <= point.accuracy.value <= point.accuracy.high
        assert point.generated_tokens > 0 and point.verifier_tokens == 0 and point.samples == point.budget
    with Ledger.open(tmp_path / "ledger.sqlite") as ledger:
        correct = ledger.sql("SELECT AVG(correct) FROM search_results WHERE budget = 4")[0][0]
        chosen = ledger.sql("SELECT COUNT(*) FROM search_nodes WHERE chosen = 1")[0][0]
    assert points[1].accuracy.value == pytest.approx(correct)
    assert chosen == 16  # one chosen node per (problem, budget)


def test_a_search_name_cannot_be_reused_for_other_settings(tmp_path: Path) -> None:
    run_search(tmp_path, SearchSpec.parse({**SPEC, "limit": 1}), backend=get_backend("mock", "mock"))
    with pytest.raises(ConfigError, match="already exists with different beam_width"):
        run_search(
            tmp_path, SearchSpec.parse({**SPEC, "limit": 1, "beam_width": 1}), backend=get_backend("mock", "mock")
        )


def test_step_wise_strategies_refuse_backends_that_cannot_continue_an_answer(tmp_path: Path) -> None:
    backend = Counting(StepBackend())
    backend.continues_final_message = False
    with pytest.raises(ConfigError, match="--strategy revisions/adaptive"):
        run_search(tmp_path, SearchSpec.parse({**SPEC, "limit": 1}), backend=backend)


def test_problems_search_in_lockstep_so_one_backend_call_serves_a_round_of_every_problem(tmp_path: Path) -> None:
    backend = Counting(StepBackend(batch_size=8))
    spec = SearchSpec.parse({"name": "r", "strategy": "revisions", "budgets": [3], "limit": 4})
    run_search(tmp_path, spec, backend=backend)
    assert (backend.calls, backend.usage.samples) == (3, 12)  # 3 rounds × 4 problems, one call per round
