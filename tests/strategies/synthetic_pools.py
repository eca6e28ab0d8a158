"""Synthetic pools drawn from a known truth, for validating predictions beyond the pool."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from tradeoff.strategies.arrays import PoolArrays
from tradeoff.strategies.beyond_majority import vote_credit


def answer_pool(pi: NDArray[np.float64], samples: int, rng: np.random.Generator) -> PoolArrays:
    """Per problem, ``samples`` draws from ``pi`` (P, J + 1): answers 0..J−1 (0 is correct), J = no answer."""
    problems, width = pi.shape
    cumulative = pi.cumsum(axis=1)
    drawn = (rng.random((problems, samples, 1)) > cumulative[:, None, :-1]).sum(axis=2)  # (P, N) in 0..J
    answers = np.full((problems, samples), -1)
    correct = np.zeros((problems, samples), dtype=bool)
    for i in range(problems):  # answer ids in order of first appearance, as the ledger numbers them
        ids: dict[int, int] = {}
        for s, a in enumerate(drawn[i]):
            if a == width - 1:
                continue
            if a not in ids:
                ids[a] = len(ids)
                correct[i, ids[a]] = a == 0
            answers[i, s] = ids[a]
    ids_ = tuple(f"p{i}" for i in range(problems))
    return PoolArrays(problem_ids=ids_, answers=answers, class_correct=correct, tokens=np.zeros((problems, samples)))


def true_majority(pi: NDArray[np.float64], k: int, rng: np.random.Generator, *, draws: int = 1000) -> float:
    """majority@k averaged over the problems, under the true answer distributions (Monte Carlo)."""
    problems, width = pi.shape
    votes = rng.multinomial(k, np.broadcast_to(pi[:, None, :], (problems, draws, width)))
    right = np.zeros(width - 1, dtype=bool)
    right[0] = True
    credit = vote_credit(
        votes[..., :-1], np.broadcast_to(right, (problems, draws, width - 1)), np.zeros((problems, draws), int)
    )
    return float(credit.mean())
