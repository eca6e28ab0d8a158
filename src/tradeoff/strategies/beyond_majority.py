"""majority@k for budgets beyond the pool (k > N), predicted from a per-problem answer-frequency model.

Model: one sample of problem i gives final answer j with probability ``π_ij``, gives no final answer with
probability ``π_i,none``, or gives an answer never seen in the pool with probability ``π_i,new``. Given the
pool's counts ``n_ij`` (and ``u_i`` unanswered samples of N), ``π_i`` has the Dirichlet posterior

    π_i | pool ~ Dirichlet(n_i1 + α, …, n_iJ + α, u_i + α, α)

(a symmetric Dirichlet prior of concentration ``α`` on each seen answer, on "no answer" and on one
"unseen" class: add-α smoothing, Gelman et al. 2013, §5.3; the unseen class lets a problem whose pool
agreed unanimously still be uncertain). majority@k is then the posterior-predictive probability that a
vote of k fresh samples elects a correct answer, with tradeoff's voting rule (``majority.py``): samples
without an answer do not vote, a tie among t answers scores (correct tied)/t, and a vote without any
answer scores 0. Every unseen-answer sample is a different answer (one vote each) and never correct — an
assumption: an answer missing from N samples is taken to be wrong.

Computation: Monte Carlo per problem, ``draws`` times: draw ``π_i`` from the posterior (normalised
gammas), then the k votes from Multinomial(k, π_i), and score the vote; the per-problem prediction is
the mean score (its Monte Carlo standard error is reported). The interval is the bootstrap over problems
of the per-problem predictions (:func:`tradeoff.stats.intervals.mean_interval`). Figures are *predicted*.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from tradeoff.errors import ConfigError
from tradeoff.stats import Estimate
from tradeoff.stats.intervals import mean_interval
from tradeoff.strategies.arrays import PoolArrays
from tradeoff.strategies.beyond import Predicted
from tradeoff.strategies.bootstrap import bootstrap_counts


def vote_credit(votes: NDArray[np.int64], correct: NDArray[np.bool_], singletons: NDArray[np.int64]) -> NDArray:
    """Score of each vote: ``votes`` (…, C) per seen answer, ``singletons`` (…) unseen answers of one vote."""
    top = votes.max(axis=-1)
    tied = votes == top[..., None]
    right = (tied & correct).sum(axis=-1)
    ties = tied.sum(axis=-1) + np.where(top == 1, singletons, 0)
    credit = np.where(top >= 1, right / np.maximum(ties, 1), 0.0)
    return np.asarray(credit, dtype=float)


def posterior_majority(
    counts: NDArray[np.int64],
    correct: NDArray[np.bool_],
    unanswered: NDArray[np.int64],
    *,
    k: int,
    draws: int,
    prior: float,
    rng: np.random.Generator,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per problem: predicted majority@k and its Monte Carlo standard error (``counts`` is (P, C))."""
    p, c = counts.shape
    seen = counts > 0
    shape = np.concatenate(
        [np.where(seen, counts + prior, 0.0), unanswered[:, None] + prior, np.full((p, 1), prior)], 1
    )
    gammas = rng.standard_gamma(np.broadcast_to(shape[:, None, :], (p, draws, c + 2)))
    pi = gammas / gammas.sum(axis=-1, keepdims=True)
    votes = rng.multinomial(k, pi)
    credit = vote_credit(votes[..., :c], correct[:, None, :] & seen[:, None, :], votes[..., c + 1])
    return credit.mean(axis=1), credit.std(axis=1, ddof=1) / np.sqrt(draws)


def predict_majority_at_k(
    arrays: PoolArrays,
    *,
    ks: Sequence[int],
    rng: np.random.Generator,
    draws: int = 256,
    prior: float = 0.5,
    resamples: int = 1000,
    level: float = 0.95,
) -> tuple[Predicted, ...]:
    """majority@k predicted for each k in ``ks`` from a pool (any k ≥ 1; k ≤ N reproduces the pool's own)."""
    if arrays.problems == 0 or arrays.samples == 0 or draws < 2 or prior <= 0:
        raise ConfigError("a pool of at least one problem and sample, draws >= 2 and a prior > 0 are needed")
    counts = arrays.counts()
    unanswered = arrays.samples - counts.sum(axis=1)
    boot = bootstrap_counts(arrays.problems, resamples=resamples, rng=rng)
    model = f"Dirichlet answer frequencies (α = {prior:g}, {draws} posterior votes per problem, N = {arrays.samples})"
    out = []
    for k in ks:
        if k < 1:
            raise ConfigError(f"k must be at least 1, got {k}")
        values, se = posterior_majority(
            counts, arrays.class_correct, unanswered, k=int(k), draws=draws, prior=prior, rng=rng
        )
        est = mean_interval(values, boot @ values / arrays.problems, level=level)
        estimate = Estimate(est.value, est.low, est.high, f"predicted-{est.method}", arrays.problems)
        mc_se = float(np.sqrt(np.sum(se**2)) / arrays.problems)  # the Monte Carlo error of the mean
        out.append(
            Predicted(
                strategy="majority", k=int(k), estimate=estimate, model=model, pool_samples=arrays.samples, mc_se=mc_se
            )
        )
    return tuple(out)
