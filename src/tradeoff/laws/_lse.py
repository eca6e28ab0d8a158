"""Fit a sum of power laws plus a constant by Huber loss on log-loss, from a grid of starts.

The model (Hoffmann et al. 2022, approach 3, and the T² loss form of Roberts et al. 2026) is

    L(x_1, …, x_m) = E + Σ_j C_j / x_j^{p_j}.

In logs, with c_j = log C_j and e = log E, every term is positive, so

    log L = log(exp(e) + Σ_j exp(c_j − p_j log x_j)) = LSE(e, c_1 − p_1 log x_1, …, c_m − p_m log x_m),

a log-sum-exp that is smooth in θ = (c_1, …, c_m, e, p_1, …, p_m) and never overflows (the maximum is
subtracted before exponentiating). The objective is the *summed* Huber loss of the residuals
r_i = log L̂_i − log L_i (Besiroglu et al. 2024 show that averaging instead of summing let Hoffmann et
al.'s optimiser stop early):

    H_δ(r) = r²/2 if |r| <= δ else δ(|r| − δ/2),   dH/dr = clip(r, −δ, δ).

With w_ij the softmax weights of the LSE terms, ∂ log L̂_i/∂c_j = w_ij, ∂/∂e = w_i0 and
∂/∂p_j = −w_ij log x_ij, which gives the analytic gradient. Per-point weights (bootstrap multiplicities)
multiply each H_δ(r_i).

All grid starts are minimised together (``_lbfgs.minimize_batch``); the five best distinct converged
starts are then polished by scipy's L-BFGS-B (on f divided by its value, so that scipy's relative tests
apply; where scipy's line search stalls, the batch's converged point stands) and the lowest objective
wins. If no start converged, the result says so (``converged=False``) and carries the best point found.
The bootstrap resamples points with replacement (as multiplicity weights) and refits every resample from
the full-data optimum, all resamples in one batch; only converged refits enter the intervals.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from tradeoff.errors import ConfigError
from tradeoff.laws._lbfgs import Array, LbfgsOptions, minimize_batch

# Stopping tests, relative to the objective itself: a summed Huber loss with δ = 1e-3 is ~1e-3 at the
# optimum, so scipy's default test (reduction relative to max(|f|, 1)) would stop long before it.
FTOL = 1e7 * float(np.finfo(float).eps)
GTOL = 1e-8
_BATCH = LbfgsOptions(ftol=FTOL, gtol=GTOL, fscale=1e-300)  # reduction relative to f alone


@dataclass(frozen=True, slots=True)
class StartGrid:
    """Initial values for every c_j, for e and for every p_j (Besiroglu et al.'s grid by default)."""

    coefficients: tuple[float, ...] = (0.0, 5.0, 10.0, 15.0, 20.0, 25.0)
    constants: tuple[float, ...] = (-1.0, -0.5, 0.0, 0.5, 1.0)
    exponents: tuple[float, ...] = (0.0, 0.5, 1.0, 1.5, 2.0)

    def starts(self, terms: int) -> Array:
        axes = [self.coefficients] * terms + [self.constants] + [self.exponents] * terms
        return np.array(list(itertools.product(*axes)), dtype=float)


#: 3·3·3·2·2 = 108 starts (for two terms): a quick look, or tests; not the published protocol.
COARSE_GRID = StartGrid(coefficients=(0.0, 5.0, 10.0), constants=(-0.5, 0.0, 0.5), exponents=(0.5, 1.0))


@dataclass(frozen=True, slots=True)
class LseFit:
    theta: Array  # (2m + 1,): c_1..c_m, e, p_1..p_m
    objective: float  # summed Huber loss at theta
    converged: bool
    n_points: int
    n_starts: int
    n_converged_starts: int
    bootstrap: Array  # (B, 2m + 1) converged refits of resampled points; (0, 2m + 1) without a bootstrap
    bootstrap_failures: int
    reason: str  # why the fit counts as converged, or why it does not


def predict_log(theta: Array, logx: Array) -> Array:
    """log L̂ for each point (rows of logx, shape (n, m)); theta may be (p,) or (k, p) → (n,) or (k, n)."""
    t = np.atleast_2d(theta)
    top, _, total = _softmax_parts(t, logx)
    out = top + np.log(total)
    return out[0] if np.ndim(theta) == 1 else out


def _softmax_parts(theta: Array, logx: Array) -> tuple[Array, list[Array], Array]:
    """The LSE's maximum, exp(term − maximum) for the constant and each power term, and their sum; all (k, n).

    One (k, n) array per term rather than a (k, n, m + 1) block: numpy reduces a length-3 last axis slowly.
    """
    m = logx.shape[1]
    terms = [theta[:, m : m + 1] + np.zeros((1, logx.shape[0]))]
    terms += [theta[:, j : j + 1] - theta[:, m + 1 + j : m + 2 + j] * logx[:, j] for j in range(m)]
    top = terms[0].copy()
    for z in terms[1:]:
        np.maximum(top, z, out=top)
    parts = [np.exp(z - top) for z in terms]
    total = parts[0].copy()
    for part in parts[1:]:
        total += part
    return top, parts, total


@np.errstate(invalid="ignore", over="ignore")  # a start that is not a number fails its row, not the batch
def lse_huber(
    theta: Array, logx: Array, logy: Array, *, delta: float, weights: Array | None = None
) -> tuple[Array, Array]:
    """Summed Huber loss of log-residuals and its gradient, for each row of theta (k, p) → (k,), (k, p)."""
    m = logx.shape[1]
    top, parts, total = _softmax_parts(theta, logx)
    r = top + np.log(total) - logy
    ar = np.abs(r)
    loss = np.where(ar <= delta, 0.5 * r * r, delta * (ar - 0.5 * delta))
    dr = np.clip(r, -delta, delta)
    if weights is not None:
        loss, dr = loss * weights, dr * weights
    q = dr / total  # dH/dr times the softmax normaliser: q·parts[j] is dH/dr · w_j
    grad = np.empty_like(theta)
    grad[:, m] = np.einsum("kn,kn->k", q, parts[0])
    for j in range(m):
        gw = q * parts[j + 1]
        grad[:, j] = gw.sum(axis=1)
        grad[:, m + 1 + j] = -(gw @ logx[:, j])
    return loss.sum(axis=1), grad


def _polish(theta: Array, logx: Array, logy: Array, delta: float, scale: float) -> tuple[Array, float, bool]:
    """scipy's L-BFGS-B from ``theta`` on f/scale, so that its relative-reduction test is relative to f."""

    def fun(t: Array) -> tuple[float, Array]:
        f, g = lse_huber(t[None, :], logx, logy, delta=delta)
        return float(f[0]) / scale, g[0] / scale

    res = minimize(fun, theta, jac=True, method="L-BFGS-B", options={"gtol": GTOL / scale})
    return np.asarray(res.x, dtype=float), float(res.fun) * scale, bool(res.success)


def _best_start(logx: Array, logy: Array, delta: float, starts: Array, polish: int) -> tuple[Array, float, bool, int]:
    """Run every start; polish the ``polish`` best distinct converged ones with scipy; keep the best."""
    batch = minimize_batch(lambda x, rows: lse_huber(x, logx, logy, delta=delta), starts, _BATCH)
    n_converged = int(batch.converged.sum())
    best: tuple[Array, float] | None = None
    kept: list[Array] = []
    for i in (i for i in np.argsort(batch.f) if batch.converged[i] and np.isfinite(batch.f[i])):
        if len(kept) == polish:
            break
        if any(np.allclose(batch.x[i], k, rtol=1e-4, atol=1e-6) for k in kept):
            continue
        kept.append(batch.x[i])
        x, f, ok = _polish(batch.x[i], logx, logy, delta, max(float(batch.f[i]), 1e-12))
        if not ok:  # scipy's line search stalled: keep the point the batch found converged
            x, f = batch.x[i], float(batch.f[i])
        if best is None or f < best[1]:
            best = (x, f)
    if best is None:
        i = int(np.argmin(np.where(np.isfinite(batch.f), batch.f, np.inf)))
        return batch.x[i], float(batch.f[i]), False, n_converged
    return best[0], best[1], True, n_converged


def _bootstrap(
    theta: Array, logx: Array, logy: Array, delta: float, rng: np.random.Generator, resamples: int
) -> tuple[Array, int]:
    """Refit resamples (as multiplicity weights) from ``theta``, all in one batch; the converged ones and the rest."""
    n = logy.shape[0]
    counts = np.stack([np.bincount(rng.integers(0, n, size=n), minlength=n) for _ in range(resamples)])
    weights = counts.astype(float)
    refit = minimize_batch(
        lambda x, rows: lse_huber(x, logx, logy, delta=delta, weights=weights[rows]),
        np.repeat(theta[None, :], resamples, axis=0),
        _BATCH,
    )
    return refit.x[refit.converged], int((~refit.converged).sum())


def fit_lse(
    logx: Array,
    logy: Array,
    *,
    delta: float,
    grid: StartGrid,
    rng: np.random.Generator | None,
    bootstrap: int,
    polish: int = 5,
) -> LseFit:
    n, m = logx.shape
    p = 2 * m + 1
    if n <= p:
        raise ConfigError(f"{n} points cannot fit {p} parameters; give at least {p + 1} points")
    if bootstrap > 0 and rng is None:
        raise ValueError("a bootstrap needs a seeded numpy.random.Generator (rng=...)")
    starts = grid.starts(m)
    theta, objective, converged, n_converged = _best_start(logx, logy, delta, starts, polish)
    samples, failures = np.empty((0, p)), 0
    if converged and bootstrap > 0 and rng is not None:
        samples, failures = _bootstrap(theta, logx, logy, delta, rng, bootstrap)
    count = int(starts.shape[0])
    reason = (
        f"{n_converged} of {count} starts met the stopping tests; best summed Huber loss {objective:.6g}"
        if converged
        else f"none of the {count} starts met the stopping tests (relative reduction <= {FTOL:.1e} or gradient "
        f"<= {GTOL:g}) before its line search failed or its iterations ran out"
    )
    return LseFit(theta, objective, converged, n, count, n_converged, samples, failures, reason)
