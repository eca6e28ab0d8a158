"""Reports of the sampling laws: coverage (Brown et al. 2024) and inference scaling (Wu et al. 2024).

Coverage: one section per curve (a points file, or each sampled pool of a run) with a and b and their
intervals, the fit's RMSE and R² on the measured coverage, and the coverage extrapolated to each requested
k with its interval (a k beyond the largest measured is flagged as an extrapolation).

Inference scaling fits no parameters: the report lists each model size's Pareto frontier and, for each
budget of inference FLOPs per problem, the model size whose best measured point within the budget is the
most accurate (``inference_scaling.optimal_size``), with that point's accuracy interval where the run
measured one. Without given budgets they are five log-spaced values across the measured FLOPs.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tradeoff.laws.coverage import CoverageFit, fit_coverage_points
from tradeoff.laws.figures import coverage_figure, inference_figure
from tradeoff.laws.inference_scaling import InferencePoints, frontiers, optimal_size
from tradeoff.laws.planner import LawPlan, PlanRow
from tradeoff.laws.report import FitSection, LawReport, goodness, rows
from tradeoff.laws.runs import PoolCoverage
from tradeoff.laws.tables import PointsTable
from tradeoff.stats import Estimate


def coverage_section(title: str, fit: CoverageFit, extrapolate: Sequence[float]) -> FitSection:
    law = fit.require_converged()
    unit = f"the {fit.n_problems} problems" if fit.unit == "problems" else f"the {fit.ks.size} (k, coverage) points"
    largest = float(fit.ks.max())
    plan_rows = tuple(PlanRow(f"coverage@{k:g}", fit.extrapolate(k), ".3f") for k in extrapolate)
    beyond = [k for k in extrapolate if k > largest]
    reasons = (
        f"coverage(k) = exp({law.a:.4g}·k^{law.b:.4f}), measured up to k = {largest:g}",
        f"k = {', '.join(f'{k:g}' for k in beyond)} lie beyond the measurements: extrapolations of the law"
        if beyond
        else "every k asked for lies within the measurements",
        f"intervals: 95 % percentile bootstrap over {unit} ({len(fit.bootstrap_laws)} refits, "
        f"{fit.bootstrap_failures} could not be fitted)",
    )
    plan = LawPlan("coverage", "coverage at more samples", title, plan_rows, reasons)
    return FitSection(
        title,
        f"converged: {fit.reason}",
        rows(fit.estimates(), {"a": ".4f", "b": ".4f"}),
        goodness(fit.observed, law.coverage(fit.ks)),
        (plan,),
    )


def report_coverage_points(
    table: PointsTable,
    *,
    bootstrap: int,
    rng: np.random.Generator,
    extrapolate: Sequence[float] = (1000.0,),
    figure: bool = False,
) -> LawReport:
    fit = fit_coverage_points(table.values["k"], table.values["coverage"], bootstrap=bootstrap, rng=rng)
    section = coverage_section(f"{table.source}: {fit.ks.size} points", fit, extrapolate)
    picture = coverage_figure([(table.source, fit)], extrapolate=max(extrapolate)) if figure else None
    return LawReport("coverage", table.source, (section,), picture)


def report_coverage_run(
    source: str, fits: Sequence[PoolCoverage], *, extrapolate: Sequence[float] = (1000.0,), figure: bool = False
) -> LawReport:
    sections = tuple(
        coverage_section(
            f"pool {f.pool} (model {f.model}): {f.fit.n_problems} problems × {f.fit.samples} samples",
            f.fit,
            extrapolate,
        )
        for f in fits
    )
    picture = coverage_figure([(f.pool, f.fit) for f in fits], extrapolate=max(extrapolate)) if figure else None
    return LawReport("coverage", source, sections, picture)


def _estimate(points: InferencePoints, estimates: Sequence[Estimate] | None, i: int) -> Estimate:
    if estimates is not None:
        return estimates[i]
    return Estimate(float(points.accuracy[i]), float("nan"), float("nan"), "as given", 0)


def report_inference(
    source: str,
    points: InferencePoints,
    *,
    estimates: Sequence[Estimate] | None = None,
    budgets: Sequence[float] | None = None,
    figure: bool = False,
) -> LawReport:
    fronts = frontiers(points)
    notes = tuple(
        f"N = {size:.3g} frontier: "
        + ", ".join(f"{points.strategies[i]} ({points.flops[i]:.3g} FLOPs, {points.accuracy[i]:.3f})" for i in front)
        for size, front in fronts.items()
    )
    chosen = np.asarray(budgets if budgets else np.geomspace(points.flops.min(), points.flops.max(), 5), dtype=float)
    best = optimal_size(points, chosen)
    plans = []
    for budget, index in zip(chosen, best.index, strict=True):
        if index < 0:
            reasons: tuple[str, ...] = (f"no measured configuration costs {budget:.3g} FLOPs per problem or less",)
            plans.append(LawPlan("inference-scaling", f"budget {budget:.3g} FLOPs per problem", source, (), reasons))
            continue
        others = np.flatnonzero((points.sizes != points.sizes[index]) & (points.flops <= budget))
        rival = (
            "no other model size has a point within the budget"
            if others.size == 0
            else _rival(points, others[np.argmax(points.accuracy[others])])
        )
        plan_rows = (
            PlanRow("model_size", Estimate(float(points.sizes[index]), np.nan, np.nan, "measured", 0), ".3g"),
            PlanRow("accuracy", _estimate(points, estimates, int(index)), ".3f"),
            PlanRow("flops", Estimate(float(points.flops[index]), np.nan, np.nan, "measured", 0), ".3g"),
        )
        reasons = (f"{points.strategies[index]} is the most accurate measured point within {budget:.3g} FLOPs", rival)
        plans.append(LawPlan("inference-scaling", f"budget {budget:.3g} FLOPs per problem", source, plan_rows, reasons))
    section = FitSection(
        "compute-optimal model size against the inference budget",
        "no parameters to fit: Pareto sets of the measured points",
        (),
        {},
        tuple(plans),
        notes,
    )
    return LawReport("inference-scaling", source, (section,), inference_figure(points) if figure else None)


def report_inference_table(
    table: PointsTable, *, budgets: Sequence[float] | None = None, figure: bool = False
) -> LawReport:
    """``report_inference`` of a points file's (N, strategy, flops, accuracy) rows."""
    v = table.values
    strategies = table.strategies if table.strategies is not None else np.full(len(table), "")
    points = InferencePoints.of(v["N"], strategies, v["flops"], v["accuracy"])
    return report_inference(table.source, points, budgets=budgets, figure=figure)


def _rival(points: InferencePoints, j: int) -> str:
    return (
        f"the best other size within the budget is N = {points.sizes[j]:.3g}: "
        f"{points.strategies[j]} at {points.accuracy[j]:.3f}"
    )
