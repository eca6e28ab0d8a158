"""What the law figures show, computed here so that the renderer (``reports.law_figures``) computes nothing.

- **Fitted curves over the data with a 95 % band**: each curve is the fitted law at a grid of x; the band
  is the pointwise 2.5th–97.5th percentile of the bootstrap refits' curves at the same x. Chinchilla:
  loss against training compute C = 6·N·D for each model size N (points grouped by N; more than six sizes
  are grouped into six log-spaced bins, each curve drawn at its group's median N). T²: loss against k per
  model size at the group's median D. T² pass@k: pass@k against k per (N, D). Coverage: coverage against
  k, extrapolated past the largest k measured (marked by a vertical line). Inference scaling: accuracy
  against inference FLOPs per model size with each size's Pareto frontier.
- **Iso-loss contours over (N, D)** of the fitted L(N, D) with the compute-optimal line N*(C), D*(C)
  (``ChinchillaLaw.optimum``) over the range of budgets the data span.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np

from tradeoff.laws._lbfgs import Array
from tradeoff.laws.chinchilla import ChinchillaFit, ChinchillaLaw
from tradeoff.laws.coverage import CoverageFit
from tradeoff.laws.inference_scaling import InferencePoints, frontiers
from tradeoff.laws.t2 import T2LossFit, T2LossLaw
from tradeoff.laws.t2_pass import T2PassFit, T2PassLaw

L = TypeVar("L")
FIT_LABEL = "fitted law, 95 % bootstrap band"  # one legend entry for all curves; "_…" labels stay out of it


@dataclass(frozen=True, slots=True, eq=False)
class Series:
    """Measured points (``markers``) or a fitted curve with its band (``low``/``high``, NaN for none)."""

    label: str
    x: Array
    y: Array
    low: Array | None = None
    high: Array | None = None
    markers: bool = False
    group: int = 0  # series of one group share a colour


@dataclass(frozen=True, slots=True, eq=False)
class Contours:
    x: Array  # (nx,) N
    y: Array  # (ny,) D
    z: Array  # (ny, nx) loss
    levels: Array
    line_x: Array  # the compute-optimal N*(C)
    line_y: Array  # and D*(C)


@dataclass(frozen=True, slots=True, eq=False)
class Panel:
    title: str
    xlabel: str
    ylabel: str
    xlog: bool = True
    ylog: bool = False
    series: tuple[Series, ...] = ()
    contours: Contours | None = None
    vlines: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class LawFigure:
    title: str
    panels: tuple[Panel, ...] = field(default=())


def groups(values: Array, *, most: int = 6) -> list[tuple[float, Array]]:
    """(representative value, row mask) per distinct value, or per log-spaced bin when there are more than ``most``."""
    distinct = np.unique(values)
    if distinct.size <= most:
        return [(float(v), values == v) for v in distinct]
    edges = np.geomspace(values.min(), values.max() * (1 + 1e-12), most + 1)
    bins = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, most - 1)
    return [(float(np.median(values[bins == b])), bins == b) for b in range(most) if np.any(bins == b)]


def band(predict: Callable[[L], Array], law: L, refits: Sequence[L], level: float = 0.95) -> tuple[Array, Array, Array]:
    """The fitted curve and its pointwise percentile band over the refits (NaN without refits)."""
    value = np.asarray(predict(law), dtype=float)
    if not refits:
        return value, np.full_like(value, np.nan), np.full_like(value, np.nan)
    draws = np.stack([predict(r) for r in refits])
    tail = (1 - level) / 2 * 100
    return value, np.percentile(draws, tail, axis=0), np.percentile(draws, 100 - tail, axis=0)


def _span(values: Array, points: int = 60) -> Array:
    return np.geomspace(values.min() / 1.5, values.max() * 1.5, points)


def contours(law: ChinchillaLaw, params: Array, tokens: Array, loss: Array) -> Contours:
    """L(N, D) on a log grid around the data, levels at the data's loss quantiles, and N*(C), D*(C)."""
    n, d = _span(params, 80), _span(tokens, 80)
    z = law.loss(n[None, :], d[:, None])
    levels = np.unique(np.round(np.quantile(loss, np.linspace(0.05, 0.95, 8)), 3))
    budgets = np.geomspace(6 * n.min() * d.min(), 6 * n.max() * d.max(), 60)
    optimum = [law.optimum(c) for c in budgets]
    line_n, line_d = np.array([o.params for o in optimum]), np.array([o.tokens for o in optimum])
    inside = (line_n >= n.min()) & (line_n <= n.max()) & (line_d >= d.min()) & (line_d <= d.max())
    return Contours(n, d, z, levels, line_n[inside], line_d[inside])


def chinchilla_figure(fit: ChinchillaFit, params: Array, tokens: Array, loss: Array) -> LawFigure:
    law = fit.require_converged()
    compute = 6.0 * params * tokens
    series: list[Series] = []
    for i, (size, rows) in enumerate(groups(params)):
        grid = _span(compute[rows], 40)
        series.append(Series(f"N ≈ {size:.3g}", compute[rows], loss[rows], markers=True, group=i))

        def by_compute(w: ChinchillaLaw, s: float = size, c: Array = grid) -> Array:
            return w.loss(s, c / (6.0 * s))

        y, low, high = band(by_compute, law, fit.bootstrap_laws)
        series.append(Series(FIT_LABEL if i == 0 else "_fit", grid, y, low, high, group=i))
    curves = Panel("loss vs training compute, per model size", "C = 6·N·D (FLOPs)", "loss", True, False, tuple(series))
    iso = Panel(
        "iso-loss contours and the compute-optimal line",
        "N (parameters)",
        "D (tokens)",
        True,
        True,
        (Series("measured runs", params, tokens, markers=True),),
        contours(law, params, tokens, loss),
    )
    return LawFigure(f"Chinchilla fit ({fit.n_points} points)", (curves, iso))


def t2_figure(fit: T2LossFit, params: Array, tokens: Array, samples: Array, loss: Array) -> LawFigure:
    law = fit.require_converged()
    ks = np.geomspace(1, samples.max() * 2, 60)
    series: list[Series] = []
    for i, (size, rows) in enumerate(groups(params)):
        d = float(np.median(tokens[rows]))
        series.append(Series(f"N ≈ {size:.3g}", samples[rows], loss[rows], markers=True, group=i))

        def by_samples(w: T2LossLaw, s: float = size, t: float = d) -> Array:
            return w.loss(s, t, ks)

        y, low, high = band(by_samples, law, fit.bootstrap_laws)
        series.append(Series(FIT_LABEL if i == 0 else "_fit", ks, y, low, high, group=i))
    curves = Panel("loss vs samples per query, per model size", "k (samples)", "loss", True, False, tuple(series))
    iso = Panel(
        "iso-loss contours at k = 1 and the compute-optimal line",
        "N (parameters)",
        "D (tokens)",
        True,
        True,
        (Series("measured runs", params, tokens, markers=True),),
        contours(law.chinchilla, params, tokens, loss - law.G / samples**law.gamma),
    )
    return LawFigure(f"T² loss fit ({fit.n_points} points)", (curves, iso))


def t2_pass_figure(fit: T2PassFit, params: Array, tokens: Array, samples: Array, rate: Array) -> LawFigure:
    model = fit.require_converged()
    ks = np.geomspace(1, samples.max() * 4, 60)
    series: list[Series] = []
    distinct = sorted({(float(n), float(d)) for n, d in zip(params, tokens, strict=True)})
    keys = [distinct[i] for i in np.unique(np.linspace(0, len(distinct) - 1, 8).round().astype(int))]
    for i, (n, d) in enumerate(keys):
        rows = (params == n) & (tokens == d)
        series.append(Series(f"N = {n:.3g}, D = {d:.3g}", samples[rows], rate[rows], markers=True, group=i))

        def pass_curve(m: T2PassLaw, a: float = n, b: float = d) -> Array:
            return m.pass_at_k(a, b, ks)

        y, low, high = band(pass_curve, model, fit.bootstrap_models)
        series.append(Series(FIT_LABEL if i == 0 else "_fit", ks, y, low, high, group=i))
    panel = Panel("pass@k vs k, per model", "k (samples)", "pass@k", True, False, tuple(series))
    return LawFigure(f"T² pass@k fit ({fit.n_points} points)", (panel,))


def coverage_figure(fits: Sequence[tuple[str, CoverageFit]], *, extrapolate: float) -> LawFigure:
    series: list[Series] = []
    for i, (name, fit) in enumerate(fits):
        ks = np.geomspace(1, max(extrapolate, float(fit.ks.max())), 80)
        y, low, high = fit.band(ks)
        series.append(Series(f"{name} (measured)", fit.ks, fit.observed, markers=True, group=i))
        series.append(Series(f"{name}: exp(a·k^b)", ks, y, low, high, group=i))
    largest = tuple(sorted({float(f.ks.max()) for _, f in fits}))
    panel = Panel(
        "coverage vs samples, extrapolated", "k (samples)", "coverage", True, False, tuple(series), None, largest
    )
    return LawFigure("coverage (Brown et al. 2024)", (panel,))


def inference_figure(points: InferencePoints) -> LawFigure:
    series: list[Series] = []
    for i, (size, rows) in enumerate(frontiers(points).items()):
        mine = points.sizes == size
        series.append(Series(f"N = {size:.3g}", points.flops[mine], points.accuracy[mine], markers=True, group=i))
        series.append(Series(f"frontier, N = {size:.3g}", points.flops[rows], points.accuracy[rows], group=i))
    panel = Panel(
        "accuracy vs inference FLOPs per problem", "FLOPs per problem", "accuracy", True, False, tuple(series)
    )
    return LawFigure("inference scaling (Wu et al. 2024)", (panel,))
