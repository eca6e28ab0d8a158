"""Break-even volumes of every pair of configurations, with intervals over the same draws as the decision.

Two configurations ``i`` and ``j`` are lines in ``Q``: ``F + Q·s`` with slope ``s = c`` (the per-query
cost) for the cost-based rules, or ``s = c − v·a`` (the net cost of a query after the value ``v`` of its
expected correct answers) for the ``economic`` rule, whose break-even is where the net values
``Q·(v·a − c) − F`` of the two are equal. They cross at ``Q* = (F_j − F_i)/(s_i − s_j)``, a break-even
only when ``Q* > 0`` (see :func:`tradeoff.frontier.economics.break_even`).

Per draw the slopes are recomputed from the draw's accuracy and cost (fixed costs stay as measured), so
``Q*`` gets a distribution. The interval is the percentile interval of ``Q*`` over the draws in which the
lines cross at a positive volume, and ``no_crossing`` is the share of draws in which they do not (then one
configuration is preferred at every volume); with a large ``no_crossing`` the interval describes only
the draws that cross and should be read with it. Because ``Q*`` is a monotone function of the slope
difference, its percentile interval is the transformed interval of that difference (percentile intervals
are transformation-respecting; Efron & Tibshirani 1993, §13.3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from tradeoff.frontier.draws import Draws

Basis = Literal["cost", "net-value"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Crossing:
    """Where ``a`` and ``b`` break even: ``point`` on the point estimates (``None``: no crossing at Q > 0).

    ``preferred_above`` is the one with the smaller slope at the point estimates (cheaper, or of larger net
    value, for volumes above the crossing). ``low``/``median``/``high`` are percentiles over the crossing
    draws (NaN if none crosses); ``no_crossing`` is the share of draws without a crossing.
    """

    a: str
    b: str
    basis: Basis
    point: float | None
    preferred_above: str | None
    low: float
    median: float
    high: float
    no_crossing: float
    method: str


def slopes(draws: Draws, *, value: float | None) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The point slopes ``(C,)`` and the per-draw slopes ``(D, C)``."""
    if value is None:
        return draws.cost, draws.cost_draws
    return draws.cost - value * draws.accuracy, draws.cost_draws - value * draws.accuracy_draws


def crossing_volumes(fixed: NDArray[np.float64], slope: NDArray[np.float64], i: int, j: int) -> NDArray[np.float64]:
    """``Q*`` of lines i and j per row of ``slope`` (``(..., C)``); NaN where they do not cross at Q > 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        q = (fixed[j] - fixed[i]) / (slope[..., i] - slope[..., j])
    return np.where(np.isfinite(q) & (q > 0), q, np.nan)


def crossings(draws: Draws, *, value: float | None = None, level: float = 0.95) -> tuple[Crossing, ...]:
    """Break-evens of every pair, in the order the configurations were given."""
    point_slope, draw_slope = slopes(draws, value=value)
    tail = (1 - level) / 2 * 100
    out = []
    names = draws.names
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            point = float(crossing_volumes(draws.fixed, point_slope, i, j))
            per_draw = crossing_volumes(draws.fixed, draw_slope, i, j)
            crossed = per_draw[np.isfinite(per_draw)]
            if crossed.size:
                low, median, high = (float(x) for x in np.percentile(crossed, [tail, 50, 100 - tail]))
            else:
                low = median = high = float("nan")
            steeper = None if point_slope[i] == point_slope[j] else int(point_slope[j] < point_slope[i])
            out.append(
                Crossing(
                    a=names[i],
                    b=names[j],
                    basis="cost" if value is None else "net-value",
                    point=point if np.isfinite(point) else None,
                    preferred_above=None if steeper is None else names[(i, j)[steeper]],
                    low=low,
                    median=median,
                    high=high,
                    no_crossing=float(1 - crossed.size / per_draw.size),
                    method=f"{draws.method}-percentile",
                )
            )
    return tuple(out)
