"""The report's PNG figures (matplotlib, Agg backend, the ``plot`` extra). Render only.

- ``frontier.png``: accuracy (95 % CI) against total cost ``F + Q·c`` at the plan's volume Q, every pool in its own
  colour, the Pareto frontier joined and the recommendation starred;
- ``curves.png``: accuracy against generated tokens per problem, one line per strategy
  (:func:`tradeoff.reports.curves.plot_curves`);
- ``cost.png``: ``Total(Q) = F + Q·c`` of every configuration over Q (dashed: off the frontier at the plan's Q),
  break-evens of the recommendation marked;
- ``phase.png``: the recommended configuration over a strip of volumes Q, break-evens dashed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from tradeoff.registry import require
from tradeoff.reports.curves import plot_curves
from tradeoff.reports.model import Report

DPI = 110


def _pyplot() -> Any:
    matplotlib = require("matplotlib", "plot")
    matplotlib.use("Agg")
    return require("matplotlib.pyplot", "plot")


def _save(fig: Any, path: Path) -> Path:
    """One draw: figures use the constrained layout with their legend outside the axes (no second, "tight"
    bounding-box pass)."""
    fig.savefig(path, dpi=DPI)
    _pyplot().close(fig)
    return path


def frontier_figure(report: Report, path: Path) -> Path:
    """Accuracy (95 % CI) against total cost ``F + Q·c`` at the plan's volume Q: every configuration, each pool
    in its own colour, the Pareto frontier joined, the recommendation starred (one panel: the frontier at the
    other volumes is in the report's table)."""
    plt = _pyplot()
    plan = report.plan
    q = plan.queries
    configs = [p.configuration for p in plan.configurations]
    pools = list(dict.fromkeys(p.pool for p in plan.configurations))
    cost = np.array([c.total(q) for c in configs])
    acc = np.array([100 * c.accuracy.value for c in configs])
    err = np.array([[100 * (c.accuracy.value - c.accuracy.low), 100 * (c.accuracy.high - c.accuracy.value)]
                    for c in configs]).T  # fmt: skip
    fig, ax = plt.subplots(figsize=(9.5, 4.8), layout="constrained")
    for k, pool in enumerate(pools):
        mine = [i for i, p in enumerate(plan.configurations) if p.pool == pool]
        ax.errorbar(cost[mine], acc[mine], yerr=err[:, mine], fmt="o", color=f"C{k % 10}", ms=4, capsize=2,
                    alpha=0.8, label=pool)  # fmt: skip
    front = sorted(
        (configs.index(next(c for c in configs if c.name == n)) for n in plan.frontier), key=lambda i: cost[i]
    )
    ax.plot(cost[front], acc[front], "-", color="0.2", lw=1.2, label="Pareto frontier", zorder=1)
    best = next(i for i, c in enumerate(configs) if c.name == plan.recommended)
    ax.plot([cost[best]], [acc[best]], "*", color="k", ms=14, label=f"recommended: {plan.recommended}", zorder=3)
    if (cost > 0).all():
        ax.set_xscale("log")
    ax.set_title(f"Accuracy vs total cost at Q = {q:,.0f} queries ({plan.hardware})", fontsize=10)
    ax.set_xlabel("total cost at Q ($)")
    ax.set_ylabel("accuracy (%)")
    ax.grid(alpha=0.3)
    fig.legend(loc="outside right upper", fontsize=7)
    return _save(fig, path)


def cost_figure(report: Report, path: Path) -> Path:
    """Total cost F + Q·c against Q: the configurations on the frontier at any report volume in colour (the
    recommendation bold), the rest in grey; × marks where two coloured lines cross (the break-even Q*)."""
    plt = _pyplot()
    plan = report.plan
    by_name = {p.configuration.name: p.configuration for p in plan.configurations}
    shown = report.shown()
    q = np.geomspace(min(report.volumes) / 10, max(report.volumes) * 10, 200)
    fig, ax = plt.subplots(figsize=(11, 4.8), layout="constrained")
    for name, c in by_name.items():
        if name not in shown:
            ax.plot(q, c.fixed_cost + q * c.per_query_cost, color="0.85", lw=0.8, zorder=1)
    for name in shown:
        c = by_name[name]
        ax.plot(q, c.fixed_cost + q * c.per_query_cost, lw=2.8 if name == plan.recommended else 1.4,
                label=f"{name} ({c.accuracy.format()})", zorder=2)  # fmt: skip
    marked = 0
    for crossing in report.crossings:
        even = crossing.even
        if even.queries is not None and q[0] <= even.queries <= q[-1]:
            y = by_name[crossing.first].total(even.queries)
            ax.plot([even.queries], [y], "kx", ms=8, mew=2, zorder=3)
            ax.annotate(f"Q* = {even.queries:,.0f}", (even.queries, y), fontsize=8,
                        xytext=(6, -12 - 11 * (marked % 3)), textcoords="offset points")  # fmt: skip
            marked += 1
    ax.axvline(plan.queries, color="0.5", ls=":", lw=1)
    ax.set_xscale("log")
    if all(c.fixed_cost + q[0] * c.per_query_cost > 0 for c in by_name.values()):
        ax.set_yscale("log")  # a free configuration (no measured time) stays on a linear axis
    ax.set_xlabel("queries Q")
    ax.set_ylabel("total cost F + Q·c ($)")
    ax.set_title(f"Total cost vs volume (grey: never on the frontier; × break-evens; {plan.hardware})", fontsize=10)
    ax.grid(alpha=0.3, which="both")
    fig.legend(loc="outside right upper", fontsize=7)
    return _save(fig, path)


def phase_figure(report: Report, path: Path) -> Path:
    """The decision as a strip of volumes coloured by the recommended configuration, break-evens marked."""
    plt = _pyplot()
    phase, decision = report.phase, report.plan.decision
    used = sorted({int(i) for i in np.unique(phase.choice)})
    labels = [phase.names[i] if i >= 0 else "none qualifies" for i in used]
    index = np.vectorize({v: k for k, v in enumerate(used)}.get)(phase.choice)
    colours = [plt.get_cmap("tab10")(k % 10) for k in range(len(used))]
    fig, ax = plt.subplots(figsize=(9, 2.2), layout="constrained")
    edges = np.sqrt(phase.queries[1:] * phase.queries[:-1])
    lows = np.concatenate([[phase.queries[0]], edges])
    highs = np.concatenate([edges, [phase.queries[-1]]])
    for low, high, k in zip(lows, highs, index, strict=True):
        ax.axvspan(low, high, color=colours[int(k)], lw=0)
    for crossing in report.crossings:
        q = crossing.even.queries
        if q is not None and lows[0] <= q <= highs[-1]:
            ax.axvline(q, color="k", lw=1, ls="--")
    ax.set_xscale("log")
    ax.set_xlim(lows[0], highs[-1])
    ax.set_yticks([])
    ax.set_xlabel("queries Q (dashed: break-even volumes)")
    rules = {
        "target": f"cheapest reaching accuracy {decision.target or 0:.0%}",
        "budget": "most accurate within budget",
        "most-accurate": "most accurate",
        "not-credibly-worse": "cheapest not credibly worse than the most accurate",
    }
    rule = rules[decision.rule]
    ax.set_title(f"Recommended configuration by volume ({rule})", fontsize=10)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[k]) for k in range(len(used))]
    fig.legend(handles, labels, loc="outside right upper", fontsize="small")
    return _save(fig, path)


def write_figures(report: Report, folder: Path) -> dict[str, Path]:
    """All four figures into ``folder``; returns name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "frontier": frontier_figure(report, folder / "frontier.png"),
        "curves": plot_curves(report.curves, folder / "curves.png"),
        "cost": cost_figure(report, folder / "cost.png"),
        "phase": phase_figure(report, folder / "phase.png"),
    }
