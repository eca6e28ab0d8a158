"""Pool summaries: which accuracies, how majority ties count, and the format diagnostics."""

from __future__ import annotations

import pytest

from tradeoff.ledger import StoredSample
from tradeoff.pools.summary import majority_expected, summarize
from tradeoff.types import Extraction, ExtractionMethod, FinishReason, Generation, Score, Usage


def sample(pid: str, index: int, answer: str | None, correct: bool, *, truncated: bool = False) -> StoredSample:
    method = ExtractionMethod.NONE if answer is None else ExtractionMethod.MARKER
    finish = FinishReason.LENGTH if truncated else FinishReason.STOP
    generation = Generation(text="", prompt_tokens=5, completion_tokens=10, finish_reason=finish, seconds=0.1)
    score = Score(extraction=Extraction(answer, method), correct=correct, truncated=truncated)
    return StoredSample(key=f"{pid}{index}", problem_id=pid, sample_index=index, generation=generation, score=score)


def test_majority_votes_on_the_projected_answer_and_unanswered_samples_do_not_vote() -> None:
    group = [sample("a", 0, "4", True), sample("a", 1, None, False), sample("a", 2, None, False)]
    assert majority_expected(group) == 1.0


def test_a_tie_counts_as_the_expected_accuracy_of_a_random_choice() -> None:
    group = [sample("a", 0, "4", True), sample("a", 1, "5", False), sample("a", 2, "6", False)]
    assert majority_expected(group) == pytest.approx(1 / 3)
    assert majority_expected([sample("a", 0, None, False)]) == 0.0


def test_a_greedy_pool_reports_accuracy_and_a_sampled_pool_reports_all_three() -> None:
    greedy = summarize("g", [sample("a", 0, "4", True), sample("b", 0, "1", False)], usage=Usage())
    assert list(greedy.accuracies) == ["accuracy"] and greedy.accuracies["accuracy"].value == 0.5
    pool = [sample("a", 0, "4", True), sample("a", 1, "4", True), sample("b", 0, "2", False)]
    pool.append(sample("b", 1, "3", True, truncated=True))
    sampled = summarize("s", pool, usage=Usage())
    assert list(sampled.accuracies) == ["sampled@1", "majority@2", "pass@2"]
    assert sampled.accuracies["sampled@1"].value == pytest.approx(0.75)
    assert sampled.accuracies["majority@2"].value == pytest.approx(0.75)  # b: tie 1/2
    assert sampled.accuracies["pass@2"].value == 1.0
    assert sampled.diagnostics.truncation_rate == 0.25
    assert sampled.diagnostics.marker_rate == 1.0


def test_a_problem_with_fewer_scored_samples_is_judged_on_the_samples_it_has() -> None:
    pool = [sample("a", 0, "4", True), sample("a", 1, "5", False), sample("a", 2, "5", False)]
    pool += [sample("b", 0, "2", True), sample("b", 1, "3", False)]  # b: two scored samples, a tie
    summary = summarize("s", pool, usage=Usage())
    assert list(summary.accuracies) == ["sampled@1", "majority@3", "pass@3"]
    assert summary.accuracies["sampled@1"].value == pytest.approx((1 / 3 + 1 / 2) / 2)
    assert summary.accuracies["majority@3"].value == pytest.approx((0 + 1 / 2) / 2)
    assert summary.accuracies["pass@3"].value == 1.0
