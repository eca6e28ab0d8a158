"""A batched L-BFGS: many independent minimisations advanced together, one numpy call per step.

Fitting a scaling law from Besiroglu et al.'s grid of 4,500 starts one ``scipy.optimize.minimize`` at a
time spends most of its time in per-call Python overhead (about 60 evaluations of a 240-point objective
per start). Here every start is one row of an ``(S, p)`` array: the two-loop recursion (Nocedal & Wright
2006, Algorithm 7.4), the backtracking Armijo line search and the convergence tests run on all unfinished
rows at once, and the objective is evaluated on exactly the rows that need it.

Each row stops on its own, with scipy's L-BFGS-B criteria: the relative reduction of f fell to
``ftol`` ((f_k − f_{k+1}) / max(|f_k|, |f_{k+1}|, 1) <= ftol, scipy's factr·eps), or the largest gradient
component fell to ``gtol``. A row whose line search cannot decrease f is stopped as *not* converged, like
scipy's ABNORMAL_TERMINATION_IN_LNSRCH. Callers polish the rows they keep with scipy itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
#: ``objective(x, rows) -> (f, grad)``: x is (k, p), rows the indices (into the batch) of those k rows.
BatchObjective = Callable[[Array, NDArray[np.intp]], tuple[Array, Array]]


@dataclass(frozen=True, slots=True, kw_only=True)
class LbfgsOptions:
    """The batch's settings, shared by every row."""

    memory: int = 10  # (s, y) pairs kept per row
    max_iter: int = 1000
    ftol: float = 1e7 * np.finfo(float).eps  # scipy's factr·eps with factr = 1e7
    gtol: float = 1e-5
    fscale: float = 1.0  # floor of the denominator of the relative reduction (1e-300: relative to f alone)
    c1: float = 1e-4  # Armijo's sufficient-decrease constant
    max_backtracks: int = 40


@dataclass(frozen=True, slots=True)
class BatchResult:
    x: Array  # (S, p) final points
    f: Array  # (S,) final objective values
    converged: NDArray[np.bool_]  # (S,) stopped by the ftol or gtol test
    iterations: NDArray[np.intp]  # (S,)


def _direction(g: Array, hs: Array, hy: Array, rho: Array) -> Array:
    """-H·g by the two-loop recursion; unused history slots have rho = 0 and contribute nothing."""
    q = g.copy()
    m = hs.shape[1]
    alphas = np.zeros((g.shape[0], m))
    for j in range(m - 1, -1, -1):
        alphas[:, j] = rho[:, j] * np.einsum("kp,kp->k", hs[:, j], q)
        q -= alphas[:, j, None] * hy[:, j]
    sy = np.einsum("kp,kp->k", hs[:, -1], hy[:, -1])
    yy = np.einsum("kp,kp->k", hy[:, -1], hy[:, -1])
    gamma = np.where((rho[:, -1] > 0) & (yy > 0), sy / np.where(yy > 0, yy, 1.0), 1.0)
    r = gamma[:, None] * q
    for j in range(m):
        beta = rho[:, j] * np.einsum("kp,kp->k", hy[:, j], r)
        r += (alphas[:, j] - beta)[:, None] * hs[:, j]
    return -r


@np.errstate(over="ignore", invalid="ignore")  # rows that leave the finite numbers fail; the others go on
def minimize_batch(objective: BatchObjective, x0: Array, options: LbfgsOptions = LbfgsOptions()) -> BatchResult:
    o = options
    x = np.array(x0, dtype=float, copy=True)
    count, dim = x.shape
    f, g = objective(x, np.arange(count))
    hs, hy = np.zeros((count, o.memory, dim)), np.zeros((count, o.memory, dim))
    rho = np.zeros((count, o.memory))
    active = np.isfinite(f) & np.all(np.isfinite(g), axis=1)
    converged = np.zeros(count, dtype=bool)
    converged[active] = np.max(np.abs(g[active]), axis=1) <= o.gtol
    active &= ~converged
    iterations = np.zeros(count, dtype=np.intp)
    for _ in range(o.max_iter):
        rows = np.flatnonzero(active)
        if rows.size == 0:
            break
        d = _direction(g[rows], hs[rows], hy[rows], rho[rows])
        slope = np.einsum("kp,kp->k", g[rows], d)
        reset = ~(slope < 0)  # not a descent direction: forget the history, step along -g
        d[reset] = -g[rows][reset]
        slope[reset] = -np.einsum("kp,kp->k", g[rows][reset], g[rows][reset])
        rho[rows[reset]] = 0.0
        first = rho[rows, -1] == 0  # no curvature yet: scipy's first step, 1/||g||
        step = np.where(first, 1.0 / np.maximum(np.linalg.norm(d, axis=1), 1e-300), 1.0)
        step = np.minimum(step, 1.0)
        new_x, new_f, new_g, accepted = _line_search(objective, rows, x[rows], f[rows], d, slope, step, o)
        iterations[rows] += 1
        active[rows[~accepted]] = False  # the line search failed: stop, not converged
        took = rows[accepted]
        a = np.flatnonzero(accepted)
        _remember(hs, hy, rho, took, new_x[a] - x[took], new_g[a] - g[took])
        reduction = (f[took] - new_f[a]) / np.maximum(np.maximum(np.abs(f[took]), np.abs(new_f[a])), o.fscale)
        x[took], f[took], g[took] = new_x[a], new_f[a], new_g[a]
        stop = (reduction <= o.ftol) | (np.max(np.abs(g[took]), axis=1) <= o.gtol)
        converged[took[stop]] = True
        active[took[stop]] = False
    return BatchResult(x=x, f=f, converged=converged, iterations=iterations)


def _line_search(
    objective: BatchObjective,
    rows: NDArray[np.intp],
    x: Array,
    f: Array,
    d: Array,
    slope: Array,
    step: Array,
    o: LbfgsOptions,
) -> tuple[Array, Array, Array, NDArray[np.bool_]]:
    """Backtracking Armijo search along ``d`` from ``x`` (the rows ``rows``), halving ``step`` in place:
    the accepted points, their f and gradient, and which rows accepted one (the others' entries are unused)."""
    new_x, new_f, new_g = x.copy(), f.copy(), np.zeros_like(x)
    pending = np.arange(rows.size)
    accepted = np.zeros(rows.size, dtype=bool)
    for _ in range(o.max_backtracks):
        trial = x[pending] + step[pending, None] * d[pending]
        tf, tg = objective(trial, rows[pending])
        ok = np.isfinite(tf) & (tf <= f[pending] + o.c1 * step[pending] * slope[pending])
        done = pending[ok]
        new_x[done], new_f[done], new_g[done] = trial[ok], tf[ok], tg[ok]
        accepted[done] = True
        pending = pending[~ok]
        if pending.size == 0:
            break
        step[pending] *= 0.5
    return new_x, new_f, new_g, accepted


def _remember(hs: Array, hy: Array, rho: Array, rows: NDArray[np.intp], s: Array, y: Array) -> None:
    """Push the step ``s`` and gradient change ``y`` of ``rows`` into their history, in place, where the
    curvature ``s·y`` is safely positive (otherwise the pair would break the inverse-Hessian estimate)."""
    sy = np.einsum("kp,kp->k", s, y)
    keep = sy > 1e-10 * np.linalg.norm(s, axis=1) * np.linalg.norm(y, axis=1)
    upd = rows[keep]
    hs[upd, :-1], hy[upd, :-1], rho[upd, :-1] = hs[upd, 1:], hy[upd, 1:], rho[upd, 1:]
    hs[upd, -1], hy[upd, -1], rho[upd, -1] = s[keep], y[keep], 1.0 / sy[keep]
