"""``tradeoff plan --law``: the law behind a plan (fitted to a points file, or published) and the plans it gives.

A Chinchilla law (for ``chinchilla`` and ``inference-aware``) comes from a points file of (N, D, loss),
fitted by approach 3 with bootstrap refits for the intervals, or from published constants
(``besiroglu-2024`` by default, ``hoffmann-2022``), which carry no intervals. A T² law has no published
constants here, so ``t2`` needs a points file of (N, D, k, loss). Missing options are named in one line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from tradeoff.errors import ConfigError
from tradeoff.laws.chinchilla import ChinchillaLaw, fit_chinchilla
from tradeoff.laws.planner import LawPlan, chinchilla_plan, inference_aware_plan, published_law, t2_plan
from tradeoff.laws.points import LossPoints
from tradeoff.laws.t2 import T2LossPoints, fit_t2_loss
from tradeoff.laws.t2_optimum import Budgets
from tradeoff.laws.tables import read_points

PlanLaw = Literal["chinchilla", "inference-aware", "t2"]


@dataclass(frozen=True, slots=True)
class PlanRequest:
    """What to plan for; each law reads the fields it needs and names the ones missing."""

    compute: tuple[float, ...] = ()
    target_loss: float | None = None
    inference_tokens: float | None = None
    train_flops: float | None = None
    inference_flops: float | None = None
    queries: float | None = None
    tokens_per_answer: float | None = None


def _need(law: str, **options: float | Sequence[float] | None) -> None:
    missing = [f"--{name.replace('_', '-')}" for name, value in options.items() if value is None or value == ()]
    if missing:
        raise ConfigError(f"--law {law} needs {', '.join(missing)}")


def chinchilla_source(
    points: Path | None,
    *,
    published: str,
    columns: Mapping[str, str] | None,
    bootstrap: int,
    rng: np.random.Generator,
) -> tuple[ChinchillaLaw, tuple[ChinchillaLaw, ...], int, str]:
    """(law, bootstrap refits, points, where it came from)."""
    if points is None:
        return published_law(published), (), 0, f"published constants: {published}"
    v = read_points(points, "chinchilla", columns=columns).values
    fit = fit_chinchilla(LossPoints(v["N"], v["D"], v["loss"]), bootstrap=bootstrap, rng=rng)
    return fit.law, fit.bootstrap_laws, fit.n_points, f"fitted to {points} ({fit.n_points} points)"


def plan_law(
    law: PlanLaw,
    request: PlanRequest,
    *,
    points: Path | None = None,
    published: str = "besiroglu-2024",
    columns: Mapping[str, str] | None = None,
    bootstrap: int = 200,
    rng: np.random.Generator,
) -> list[LawPlan]:
    """The plans ``law`` gives for ``request`` (one per compute budget for ``chinchilla``)."""
    r = request
    if law == "chinchilla":
        _need(law, compute=r.compute)
    elif law == "inference-aware":
        _need(law, target_loss=r.target_loss, inference_tokens=r.inference_tokens)
    else:
        if points is None:
            raise ConfigError("--law t2 needs --points FILE of (N, D, k, loss): no T² constants are published here")
        _need(
            law,
            train_budget=r.train_flops,
            inference_budget=r.inference_flops,
            queries=r.queries,
            tokens_per_answer=r.tokens_per_answer,
        )
    if law == "t2":
        assert points is not None and r.train_flops and r.inference_flops and r.queries and r.tokens_per_answer
        v = read_points(points, "t2", columns=columns).values
        fit = fit_t2_loss(T2LossPoints(v["N"], v["D"], v["k"], v["loss"]), bootstrap=bootstrap, rng=rng)
        source = f"fitted to {points} ({fit.n_points} points)"
        plan = t2_plan(
            fit.law,
            Budgets(r.train_flops, r.inference_flops, r.queries, r.tokens_per_answer),
            source=source,
            refits=fit.bootstrap_laws,
            n=fit.n_points,
            measured_samples=float(v["k"].max()),
        )
        return [plan]
    base, refits, n, source = chinchilla_source(
        points, published=published, columns=columns, bootstrap=bootstrap, rng=rng
    )
    if law == "chinchilla":
        return [chinchilla_plan(base, compute=c, source=source, refits=refits, n=n) for c in r.compute]
    assert r.target_loss is not None and r.inference_tokens is not None
    return [
        inference_aware_plan(
            base,
            target_loss=r.target_loss,
            inference_tokens=r.inference_tokens,
            source=source,
            refits=refits,
            n=n,
        )
    ]
