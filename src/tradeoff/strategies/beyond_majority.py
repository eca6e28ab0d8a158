"""majority@k for budgets beyond the pool (k > N), predicted from a per-problem answer-frequency model.

Model: one sample of problem i is correct with probability ``p_i``; otherwise it gives one of the wrong
answers seen in the pool, no final answer, or a wrong answer never seen. Two layers, both fitted across
problems (empirical Bayes):

- ``p_i ~ Beta(a, b)`` fitted by maximum likelihood to the correct counts
  (:func:`tradeoff.strategies.beyond.fit_beta`), so ``p_i | c_i ~ Beta(a + c_i, b + N − c_i)``. The correct
  mass goes to the correct answer(s) seen (shared by a Dirichlet of their counts + α) or, when none was
  seen, to one correct answer not yet seen — which can still win a larger vote.
- the wrong mass ``1 − p_i`` is shared among the wrong outcomes by
  ``Dirichlet(w_i1 + α, …, w_iJ + α, u_i + α, α)`` (seen wrong answers, no answer, unseen wrong answers),
  with α the maximum of the Dirichlet-multinomial marginal likelihood of every problem's wrong counts
  over a grid (:func:`fit_prior`; Minka 2000), or a given value.

majority@k is the posterior-predictive probability that k fresh samples elect a correct answer under
tradeoff's voting rule (``majority.py``): samples without an answer do not vote, a tie among t answers
scores (correct tied)/t, a vote without any answer scores 0; every unseen-wrong sample is a distinct
answer with one vote. Computed by Monte Carlo per problem, ``draws`` times: draw ``p_i`` and the shares,
then the k votes from the multinomial, and score the vote (its Monte Carlo standard error is reported).
The interval is the bootstrap over problems with every layer refitted per resample — (a, b), α, and
the predictions — and the percentile interval of the resampled means
(:func:`tradeoff.stats.intervals.mean_interval`); it does not carry the error of the model itself: when the
answer shares are far from a symmetric Dirichlet (e.g. the mock backend, whose wrong answers are always
two equally likely neighbours) the prediction is biased low (``docs/benchmarks.md``). Figures are
*predicted*, never measured.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.special import gammaln

from tradeoff.errors import ConfigError
from tradeoff.stats import Estimate
from tradeoff.stats.intervals import mean_interval
from tradeoff.strategies.arrays import PoolArrays
from tradeoff.strategies.beyond import BetaFit, Predicted, fit_beta, grid_fit, histogram
from tradeoff.strategies.bootstrap import bootstrap_counts

PRIORS = np.exp(np.linspace(np.log(0.02), np.log(50.0), 81))
DEFAULT_PRIOR = 0.5


def vote_credit(votes: NDArray[np.int64], correct: NDArray[np.bool_], singletons: NDArray[np.int64]) -> NDArray:
    """Score of each vote: ``votes`` (…, C) per seen answer, ``singletons`` (…) unseen answers of one vote."""
    top = votes.max(axis=-1)
    tied = votes == top[..., None]
    right = (tied & correct).sum(axis=-1)
    ties = tied.sum(axis=-1) + np.where(top == 1, singletons, 0)
    credit = np.where(top >= 1, right / np.maximum(ties, 1), 0.0)
    return np.asarray(credit, dtype=float)


def posterior_shares(
    counts: NDArray[np.int64],
    correct: NDArray[np.bool_],
    unanswered: NDArray[np.int64],
    fit: BetaFit,
    *,
    draws: int,
    prior: float,
    rng: np.random.Generator,
) -> NDArray[np.float64]:
    """(P, draws, C + 3) answer shares: C seen answers, no answer, unseen wrong, unseen correct."""
    p, c = counts.shape
    seen = counts > 0
    right = seen & correct
    hits = (counts * right).sum(axis=1)
    total = counts.sum(axis=1) + unanswered
    success = rng.beta(fit.a + hits, fit.b + total - hits, size=(draws, p)).T[:, :, None]  # (P, draws, 1)
    shape = np.concatenate(
        [np.where(seen, counts + prior, 0.0), unanswered[:, None] + prior, np.full((p, 1), prior), np.ones((p, 1))],
        axis=1,
    )
    g = rng.standard_gamma(np.broadcast_to(shape[:, None, :], (p, draws, c + 3)))
    none_seen = np.logical_not(right.any(axis=1)).reshape(p, 1)
    in_right = np.concatenate([right, np.zeros((p, 2), bool), none_seen], axis=1)[:, None, :]
    in_wrong = np.concatenate([seen & ~right, np.ones((p, 2), bool), np.zeros((p, 1), bool)], axis=1)[:, None, :]
    g_right, g_wrong = np.where(in_right, g, 0.0), np.where(in_wrong, g, 0.0)
    right_share = g_right / g_right.sum(axis=-1, keepdims=True)
    wrong_share = g_wrong / g_wrong.sum(axis=-1, keepdims=True)
    return np.asarray(success * right_share + (1 - success) * wrong_share, dtype=float)


def posterior_majority(
    shares: NDArray[np.float64], correct: NDArray[np.bool_], *, k: int, rng: np.random.Generator
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per problem: predicted majority@k and its Monte Carlo standard error, from ``posterior_shares``."""
    p, draws, width = shares.shape
    c = width - 3
    votes = rng.multinomial(k, shares)
    answers = np.concatenate([votes[..., :c], votes[..., c + 2 :]], axis=-1)  # seen answers + the unseen correct one
    right = np.concatenate([correct, np.ones((p, 1), bool)], axis=1)[:, None, :]
    credit = vote_credit(answers, np.broadcast_to(right, answers.shape), votes[..., c + 1])
    return credit.mean(axis=1), credit.std(axis=1, ddof=1) / np.sqrt(draws)


def prior_loglik(arrays: PoolArrays, grid: NDArray[np.float64]) -> NDArray[np.float64]:
    """(P, len(grid)): each problem's Dirichlet-multinomial log-likelihood of its wrong counts at each α.

    Per problem, the counts ``w`` over its K categories of wrong outcome (each seen wrong answer, no answer,
    and one unseen lump) give ``ln Γ(Kα) − ln Γ(W + Kα) + Σ_j [ln Γ(w_j + α) − ln Γ(α)]`` (Minka 2000).
    """
    counts = arrays.counts()
    seen_wrong = (counts > 0) & ~arrays.class_correct
    unanswered = arrays.samples - counts.sum(axis=1)
    cells = np.concatenate(
        [np.where(seen_wrong, counts, 0), unanswered[:, None], np.zeros_like(unanswered)[:, None]], 1
    )
    present = np.concatenate([seen_wrong, np.ones((arrays.problems, 2), bool)], axis=1)
    k = present.sum(axis=1)[:, None]
    total = cells.sum(axis=1)[:, None]
    a = np.asarray(grid, dtype=float)[None, :]
    per_cell = np.where(present[:, :, None], gammaln(cells[:, :, None] + a[:, None, :]) - gammaln(a[:, None, :]), 0.0)
    return np.asarray(gammaln(k * a) - gammaln(total + k * a) + per_cell.sum(axis=1), dtype=float)


def fit_prior(arrays: PoolArrays, *, grid: NDArray[np.float64] = PRIORS) -> float:
    """The α of greatest marginal likelihood of the pool's wrong answers, summed over problems."""
    return float(grid[int(np.argmax(prior_loglik(arrays, grid).sum(axis=0)))])


def predictions(
    arrays: PoolArrays, fit: BetaFit, prior: float, *, ks: Sequence[int], draws: int, rng: np.random.Generator
) -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """For each k: the per-problem predictions and their Monte Carlo standard errors."""
    counts = arrays.counts()
    unanswered = arrays.samples - counts.sum(axis=1)
    shares = posterior_shares(counts, arrays.class_correct, unanswered, fit, draws=draws, prior=prior, rng=rng)
    right = arrays.class_correct & (counts > 0)
    return [posterior_majority(shares, right, k=int(k), rng=rng) for k in ks]


def refitted_means(
    arrays: PoolArrays,
    *,
    ks: Sequence[int],
    fixed_prior: float | None,
    resamples: int,
    draws: int,
    rng: np.random.Generator,
) -> NDArray[np.float64]:
    """(resamples, len(ks)): the predicted mean of each bootstrap resample of problems, every layer refitted."""
    n = arrays.samples
    successes = arrays.correct.sum(axis=1)
    counts = bootstrap_counts(arrays.problems, resamples=resamples, rng=rng)
    fits_a, fits_b = grid_fit(
        np.vstack([histogram(successes, n), counts @ (successes[:, None] == np.arange(n + 1))]), n
    )
    fitted = PRIORS[np.argmax(counts @ prior_loglik(arrays, PRIORS), axis=1)]
    means = np.empty((resamples, len(ks)))
    for r in range(resamples):
        fit = BetaFit(a=float(fits_a[r + 1]), b=float(fits_b[r + 1]), problems=arrays.problems, samples=n)
        prior = float(fitted[r]) if fixed_prior is None else fixed_prior
        for j, (values, _) in enumerate(predictions(arrays, fit, prior, ks=ks, draws=draws, rng=rng)):
            means[r, j] = counts[r] @ values / arrays.problems
    return means


def predict_majority_at_k(
    arrays: PoolArrays,
    *,
    ks: Sequence[int],
    rng: np.random.Generator,
    draws: int = 256,
    prior: float | Literal["fit"] = "fit",
    resamples: int = 100,
    resample_draws: int = 32,
    level: float = 0.95,
) -> tuple[Predicted, ...]:
    """majority@k predicted for each k in ``ks`` from a pool (any k ≥ 1).

    ``prior="fit"`` chooses α by :func:`fit_prior`. The interval: ``resamples`` bootstrap resamples of the
    problems, each with (a, b) and α refitted and ``resample_draws`` Monte Carlo votes per problem.
    """
    if arrays.problems == 0 or arrays.samples == 0 or draws < 2 or (prior != "fit" and prior <= 0):
        raise ConfigError("a pool of at least one problem and sample, draws >= 2 and a prior > 0 are needed")
    if any(k < 1 for k in ks):
        raise ConfigError(f"every k must be at least 1, got {list(ks)}")
    alpha = fit_prior(arrays) if prior == "fit" else float(prior)
    fit = fit_beta(arrays.correct.sum(axis=1), arrays.samples)
    figures = predictions(arrays, fit, alpha, ks=ks, draws=draws, rng=rng)
    fixed = None if prior == "fit" else alpha
    means = refitted_means(arrays, ks=ks, fixed_prior=fixed, resamples=resamples, draws=resample_draws, rng=rng)
    chosen = "fitted by marginal likelihood" if prior == "fit" else "given"
    model = (
        f"beta-binomial success (a = {fit.a:.3g}, b = {fit.b:.3g}) × Dirichlet answer shares (α = {alpha:.3g},"
        f" {chosen}), {draws} posterior votes per problem, N = {arrays.samples}"
    )
    out = []
    for j, (k, (values, se)) in enumerate(zip(ks, figures, strict=True)):
        est = mean_interval(values, means[:, j], level=level)
        estimate = Estimate(est.value, est.low, est.high, f"predicted-{est.method}", arrays.problems)
        mc_se = float(np.sqrt(np.sum(se**2)) / arrays.problems)  # the Monte Carlo error of the mean
        out.append(
            Predicted(
                strategy="majority", k=int(k), estimate=estimate, model=model, pool_samples=arrays.samples, mc_se=mc_se
            )
        )
    return tuple(out)
