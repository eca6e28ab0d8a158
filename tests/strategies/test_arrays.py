"""The compact array form: answer ids, correctness per id, and one-line errors for pools it cannot read."""

from __future__ import annotations

import numpy as np
import pytest

from tests.pools.test_summary import sample
from tradeoff.errors import DataError
from tradeoff.strategies import pool_arrays, verifier_arrays


def test_answers_become_ids_per_problem_in_order_of_first_appearance() -> None:
    samples = [sample("a", 0, "4", True), sample("a", 1, "5", False), sample("a", 2, None, False)]
    samples += [sample("b", 0, "7", False), sample("b", 1, "7", False), sample("b", 2, "2", True)]
    arrays = pool_arrays(samples)
    assert arrays.problem_ids == ("a", "b") and (arrays.problems, arrays.samples) == (2, 3)
    assert arrays.answers.tolist() == [[0, 1, -1], [0, 0, 1]]
    assert arrays.class_correct.tolist() == [[True, False], [False, True]]
    assert arrays.correct.tolist() == [[True, False, False], [False, False, True]]
    assert arrays.counts().tolist() == [[1, 1], [2, 1]]
    assert arrays.tokens.tolist() == [[10.0] * 3] * 2


def test_pools_it_cannot_read_are_one_line_errors() -> None:
    with pytest.raises(DataError, match="pool 'p' is empty: it has no samples; sample it first"):
        pool_arrays([], pool="pool 'p'")
    ragged = [sample("a", 0, "4", True), sample("a", 1, "4", True), sample("b", 0, "4", True)]
    with pytest.raises(DataError, match=r"has 1\.\.2 samples per problem; finish sampling it"):
        pool_arrays(ragged)
    unscored = sample("a", 0, "4", True)
    unscored = type(unscored)(key="k", problem_id="a", sample_index=1, generation=unscored.generation, score=None)
    with pytest.raises(DataError, match="1 unscored samples; score them with `tradeoff score RUN`"):
        pool_arrays([sample("a", 0, "4", True), unscored])


def test_verifier_scores_align_with_the_pool_and_log_scores_weigh_by_their_exponential() -> None:
    arrays = pool_arrays([sample("a", 0, "4", True), sample("a", 1, "5", False)])
    stored = {("a", 0): (-0.5, 0), ("a", 1): (-2.0, 3)}
    scores = verifier_arrays(arrays, stored, verifier="self_certainty:mean", log_scale=True)
    np.testing.assert_allclose(scores.weights, np.exp([[-0.5, -2.0]]))
    assert scores.tokens.tolist() == [[0.0, 3.0]]
    with pytest.raises(DataError, match="sample 1 of a has no oracle score"):
        verifier_arrays(arrays, {("a", 0): (1.0, 0)}, verifier="oracle", log_scale=False)
