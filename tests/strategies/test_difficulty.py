"""Compute-optimal strategy per difficulty (Snell et al. 2024): bins, halves, selection on A, report on B."""

from __future__ import annotations

import numpy as np
import pytest

from tradeoff.errors import ConfigError
from tradeoff.strategies import PoolArrays, VerifierScores, from_labels
from tradeoff.strategies.compute_optimal import StudyOptions, difficulty_study, select
from tradeoff.strategies.difficulty import Candidates, candidates, difficulty_bins, easiness, split_halves


def two_kinds(easy: int = 20, hard: int = 20) -> tuple[PoolArrays, VerifierScores]:
    """Easy problems: 5 of 8 samples right, a verifier that prefers wrong answers (majority wins).
    Hard problems: 1 of 8 right, 4 agree on one wrong answer, a verifier that finds the right one (best-of wins)."""
    labels, correct, scores = [], [], []
    for _ in range(easy):
        labels.append(["A"] * 5 + ["B", "C", "D"])
        correct.append([True] * 5 + [False] * 3)
        scores.append([0.1] * 5 + [0.9] * 3)
    for _ in range(hard):
        labels.append(["A"] + ["B"] * 4 + ["C", "D", "E"])
        correct.append([True] + [False] * 7)
        scores.append([0.9] + [0.1] * 7)
    arrays = from_labels(labels, correct)
    s = np.array(scores)
    return arrays, VerifierScores(verifier="v", scores=s, weights=s, tokens=np.zeros(s.shape))


def test_easy_levels_choose_majority_and_hard_levels_choose_best_of() -> None:
    arrays, verifier = two_kinds()
    options = StudyOptions(bins=2, strategies=("majority", "best_of"))
    study = difficulty_study(arrays, rng=np.random.default_rng(0), options=options, verifier=verifier)
    assert study.unit == "samples" and (study.selection_problems, study.evaluation_problems) == (20, 20)
    top = study.optimal[-1]
    # easy: majority is already perfect at k = 5 (cheaper); hard: best-of needs all 8 samples
    assert [(c.level, c.strategy, c.k) for c in top.choices] == [(1, "majority", 5), (2, "best_of", 8)]
    assert top.budget == 8.0 and top.cost == pytest.approx((5 + 8) / 2)
    assert top.estimate.value == pytest.approx(1.0)
    fixed = {(f.strategy, f.k): f.estimate.value for f in study.fixed}
    assert fixed[("majority", 8)] == pytest.approx(0.5) and fixed[("best_of", 8)] == pytest.approx(0.5)
    assert (top.baseline.strategy, top.baseline.k) == ("majority", 5)  # the best single strategy on half A
    for point in study.optimal:  # never worse than the best fixed strategy within its budget, on half B
        within = [f.estimate.value for f in study.fixed if f.cost <= point.budget]
        assert point.estimate.value >= max(within) - 1e-12 and point.cost <= point.budget


def test_without_gold_the_levels_come_from_agreement_or_verifier_scores() -> None:
    arrays, verifier = two_kinds(easy=3, hard=3)
    np.testing.assert_allclose(easiness(arrays, "oracle"), [5 / 8] * 3 + [1 / 8] * 3)
    np.testing.assert_allclose(easiness(arrays, "agreement"), [5 / 8] * 3 + [4 / 8] * 3)
    np.testing.assert_allclose(easiness(arrays, "verifier", verifier=verifier), [0.4] * 3 + [0.2] * 3)
    levels = difficulty_bins(easiness(arrays, "agreement"), bins=2, rng=np.random.default_rng(1))
    assert levels.tolist() == [0, 0, 0, 1, 1, 1]
    with pytest.raises(ConfigError, match="needs a verifier; add --verifier"):
        easiness(arrays, "verifier")


def test_bins_are_equal_sized_ranks_with_seeded_ties_and_halves_are_stratified() -> None:
    values = np.array([0.5] * 10)
    a = difficulty_bins(values, bins=5, rng=np.random.default_rng(3))
    b = difficulty_bins(values, bins=5, rng=np.random.default_rng(3))
    assert a.tolist() == b.tolist() and np.bincount(a).tolist() == [2] * 5
    assert difficulty_bins(np.arange(6.0), bins=3, rng=np.random.default_rng(0)).tolist() == [2, 2, 1, 1, 0, 0]
    first, second = split_halves(a, rng=np.random.default_rng(4))
    assert sorted([*first, *second]) == list(range(10))
    assert np.bincount(a[first]).tolist() == [1] * 5 and np.bincount(a[second]).tolist() == [1] * 5
    with pytest.raises(ConfigError, match="too few for 5 difficulty bins; use --bins 2 or fewer"):
        difficulty_bins(np.arange(5.0), bins=5, rng=np.random.default_rng(0))


def test_selection_respects_the_budget_and_breaks_ties_towards_the_cheaper() -> None:
    table = Candidates(
        strategies=("majority", "majority", "best_of"),
        ks=(1, 4, 4),
        cost=np.array([1.0, 4.0, 6.0]),
        values=np.array([[0.5, 0.5, 1.0], [0.5, 0.9, 1.0], [0.0, 0.2, 0.1], [0.0, 0.0, 0.3]]),
        unit="tokens",
    )
    levels = np.array([0, 0, 1, 1])
    rows = np.arange(4)
    assert select(table, levels, rows, budget=1).tolist() == [0, 0]
    assert select(table, levels, rows, budget=4).tolist() == [1, 1]  # level 0: 0.7 beats 0.5
    assert select(table, levels, rows, budget=6).tolist() == [2, 2]
    assert select(table, levels, np.array([0, 2]), budget=6).tolist() == [2, 1]
    tied = Candidates(strategies=table.strategies, ks=table.ks, cost=table.cost, values=np.ones((4, 3)), unit="tokens")
    assert select(tied, levels, rows, budget=6).tolist() == [0, 0]
    with pytest.raises(ConfigError, match="below the cheapest strategy"):
        select(table, levels, rows, budget=0.5)


def test_costs_count_generated_and_verifier_tokens(rng: np.random.Generator) -> None:
    arrays = from_labels(
        [["A", "B"], ["A", "A"], ["B", "B"], ["A", None]],
        [[True, False], [True, True], [False, False], [True, False]],
        tokens=np.full((4, 2), 10.0),
    )
    s = np.ones((4, 2))
    judge = VerifierScores(verifier="v", scores=s, weights=s, tokens=np.full((4, 2), 5.0))
    table = candidates(arrays, rng=rng, verifier=judge, strategies=["sampled", "majority", "best_of"])
    assert list(zip(table.strategies, table.ks, table.cost.tolist(), strict=True)) == [
        ("sampled", 1, 10.0),
        ("majority", 1, 10.0),
        ("majority", 2, 20.0),
        ("best_of", 1, 15.0),
        ("best_of", 2, 30.0),
    ]
    with pytest.raises(ConfigError, match="'best_of' needs a verifier; add --verifier"):
        candidates(arrays, rng=rng, strategies=["best_of"])
    with pytest.raises(ConfigError, match="'pass' cannot be chosen per difficulty"):
        candidates(arrays, rng=rng, strategies=["pass"])


def test_the_study_is_seeded() -> None:
    arrays, verifier = two_kinds(easy=6, hard=6)
    runs = [
        difficulty_study(arrays, rng=np.random.default_rng(5), options=StudyOptions(bins=3), verifier=verifier)
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
