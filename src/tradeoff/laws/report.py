"""A fitted law as a report: sections of parameters with intervals, goodness of fit, plans and reasons.

The CLI (``tradeoff fit``) prints a :class:`LawReport` and computes nothing. This module runs the loss-based
fits (Chinchilla, T² loss, T² pass@k) from a points table; ``report_sampling`` the coverage and
inference-scaling ones. Goodness of fit: the root-mean-square residual (of log-loss for the loss laws, of
the rate itself for pass@k and coverage) and R² = 1 − SS_res / SS_tot on the same scale.

Every fit is strict: one that did not converge raises ``DataError`` ("… did not converge: why") before any
number is reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from tradeoff.laws._intervals import percentile_interval
from tradeoff.laws._lbfgs import Array
from tradeoff.laws._lse import StartGrid
from tradeoff.laws.chinchilla import ChinchillaLaw, fit_chinchilla
from tradeoff.laws.figures import LawFigure, chinchilla_figure, t2_figure, t2_pass_figure
from tradeoff.laws.planner import LawPlan, PlanRow, chinchilla_plan, estimate_dict, t2_plan
from tradeoff.laws.points import LossPoints
from tradeoff.laws.t2 import T2_GRID, T2LossPoints, fit_t2_loss
from tradeoff.laws.t2_optimum import Budgets
from tradeoff.laws.t2_pass import fit_t2_pass, t2_pass_optimum
from tradeoff.laws.tables import PointsTable


@dataclass(frozen=True, slots=True)
class FitSection:
    title: str
    reason: str  # why the fit counts as converged
    parameters: tuple[PlanRow, ...]
    goodness: dict[str, float]
    plans: tuple[LawPlan, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)
class LawReport:
    law: str
    source: str
    sections: tuple[FitSection, ...]
    figure: LawFigure | None = field(default=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "law": self.law,
            "source": self.source,
            "converged": True,
            "sections": [
                {
                    "title": s.title,
                    "reason": s.reason,
                    "parameters": {r.name: estimate_dict(r.estimate) for r in s.parameters},
                    "goodness": {k: (None if np.isnan(v) else v) for k, v in s.goodness.items()},
                    "plans": [p.to_dict() for p in s.plans],
                    "notes": list(s.notes),
                }
                for s in self.sections
            ],
        }


def goodness(observed: Array, predicted: Array) -> dict[str, float]:
    """RMSE and R² of ``predicted`` against ``observed`` (R² is NaN when the observations do not vary)."""
    residual = observed - predicted
    total = float(np.sum((observed - observed.mean()) ** 2))
    r2 = 1.0 - float(np.sum(residual**2)) / total if total > 0 else float("nan")
    return {"rmse": float(np.sqrt(np.mean(residual**2))), "r2": r2}


def converged(reason: str, refits: int, failures: int) -> str:
    return f"converged: {reason}; {refits} bootstrap refits ({failures} did not converge)"


def rows(estimates: dict[str, Any], specs: dict[str, str]) -> tuple[PlanRow, ...]:
    return tuple(PlanRow(name, estimates[name], specs.get(name, ".4g")) for name in estimates)


def report_chinchilla(
    table: PointsTable,
    *,
    drop_highest: int = 0,
    grid: StartGrid | None = None,
    huber_delta: float = 1e-3,
    bootstrap: int = 200,
    rng: np.random.Generator,
    compute: Sequence[float] = (1e22, 1e24, 1e26),
    figure: bool = False,
) -> LawReport:
    data = LossPoints(table.values["N"], table.values["D"], table.values["loss"])
    if drop_highest:
        data = data.drop_highest_loss(drop_highest)
    fit = fit_chinchilla(data, huber_delta=huber_delta, grid=grid, bootstrap=bootstrap, rng=rng)
    fitted = np.log(fit.law.loss(data.params, data.tokens))
    quality = goodness(np.log(data.loss), fitted) | {"huber_objective": fit.objective}
    source = f"fitted to {table.source} ({fit.n_points} points)"
    n = fit.n_points
    plans = tuple(chinchilla_plan(fit.law, compute=c, source=source, refits=fit.bootstrap_laws, n=n) for c in compute)
    section = FitSection(
        "L(N, D) = E + A/N^alpha + B/D^beta",
        converged(fit.reason, len(fit.bootstrap_laws), fit.bootstrap_failures),
        rows(fit.estimates(), {"E": ".4f", "alpha": ".4f", "beta": ".4f"}),
        quality,
        plans,
    )
    picture = chinchilla_figure(fit, data.params, data.tokens, data.loss) if figure else None
    return LawReport("chinchilla", table.source, (section,), picture)


def report_t2(
    table: PointsTable,
    *,
    budgets: Budgets | None,
    grid: StartGrid = T2_GRID,
    huber_delta: float = 1e-3,
    bootstrap: int = 200,
    rng: np.random.Generator,
    figure: bool = False,
) -> LawReport:
    v = table.values
    points = T2LossPoints(v["N"], v["D"], v["k"], v["loss"])
    fit = fit_t2_loss(points, huber_delta=huber_delta, grid=grid, bootstrap=bootstrap, rng=rng)
    quality = goodness(np.log(v["loss"]), np.log(fit.law.loss(v["N"], v["D"], v["k"]))) | {
        "huber_objective": fit.objective
    }
    source = f"fitted to {table.source} ({fit.n_points} points)"
    plans: tuple[LawPlan, ...] = ()
    notes: tuple[str, ...] = ()
    if budgets is None:
        notes = (
            "for the joint (N, D, k) optimum give --train-budget, --inference-budget, --queries, --tokens-per-answer",
        )
    else:
        plans = (
            t2_plan(
                fit.law,
                budgets,
                source=source,
                refits=fit.bootstrap_laws,
                n=fit.n_points,
                measured_samples=float(v["k"].max()),
            ),
        )
    section = FitSection(
        "L(N, D, k) = E + A/N^alpha + B/D^beta + G/k^gamma",
        converged(fit.reason, len(fit.bootstrap_laws), fit.bootstrap_failures),
        rows(fit.estimates(), {"E": ".4f", "alpha": ".4f", "beta": ".4f", "gamma": ".4f"}),
        quality,
        plans,
        notes,
    )
    picture = t2_figure(fit, v["N"], v["D"], v["k"], v["loss"]) if figure else None
    return LawReport("t2", table.source, (section,), picture)


def report_t2_pass(
    table: PointsTable,
    *,
    base: ChinchillaLaw,
    base_source: str,
    budgets: Budgets | None,
    bootstrap: int = 200,
    rng: np.random.Generator,
    figure: bool = False,
) -> LawReport:
    v = table.values
    fit = fit_t2_pass(v["N"], v["D"], v["k"], v["pass"], law=base, bootstrap=bootstrap, rng=rng)
    quality = goodness(v["pass"], fit.model.pass_at_k(v["N"], v["D"], v["k"]))
    notes = [f"L(N, D) inside the link: {base_source}"]
    plans: tuple[LawPlan, ...] = ()
    if budgets is None:
        notes.append(
            "for the joint (N, D, k) optimum give --train-budget, --inference-budget, --queries, --tokens-per-answer"
        )
    else:
        plans = (_pass_plan(fit.model, fit.bootstrap_models, budgets, table.source, fit.n_points),)
    section = FitSection(
        "pass@k = 1 - B(a, b+k)/B(a, b), a/(a+b) = sigmoid(c0 + c1·L(N, D)), a + b = kappa",
        converged(fit.reason, len(fit.bootstrap_models), fit.bootstrap_failures),
        rows(fit.estimates(), {}),
        quality,
        plans,
        tuple(notes),
    )
    picture = t2_pass_figure(fit, v["N"], v["D"], v["k"], v["pass"]) if figure else None
    return LawReport("t2-pass", table.source, (section,), picture)


def _pass_plan(model: Any, refits: Sequence[Any], budgets: Budgets, source: str, n: int) -> LawPlan:
    best = t2_pass_optimum(model, **asdict(budgets))
    others = [t2_pass_optimum(m, **asdict(budgets)) for m in refits if m.slope < 0]
    quantities = {"params": ".3g", "tokens": ".3g", "samples": ".0f", "tokens_per_param": ".1f", "value": ".3f"}
    plan_rows = tuple(
        PlanRow(
            "pass_at_k" if name == "value" else name,
            percentile_interval(float(getattr(best, name)), [float(getattr(o, name)) for o in others], n=n),
            spec,
        )
        for name, spec in quantities.items()
    )
    reasons = (
        f"k = {best.samples} samples on N = {best.params:.3g} parameters trained on {best.tokens:.3g} tokens "
        f"gives the highest pass@k ({best.value:.3f}) within {budgets.train_flops:.3g} training and "
        f"{budgets.inference_flops:.3g} inference FLOPs for {budgets.queries:.3g} queries",
        f"a training-only plan would pick N* = {best.chinchilla_params:.3g}",
        f"intervals: 95 % percentile bootstrap over the {n} points ({len(others)} refits)",
    )
    return LawPlan("t2-pass", budgets.describe(), f"fitted to {source}", plan_rows, reasons)
