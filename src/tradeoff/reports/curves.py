"""Accuracy-vs-budget curves as a terminal table (rich) and as a PNG (matplotlib, the ``plot`` extra).

Render only: the figures come from :func:`tradeoff.strategies.pool_curves`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table

from tradeoff.registry import require
from tradeoff.strategies import CurvePoint, PoolCurves

COLUMNS = ("strategy", "k", "tokens/problem", "accuracy [95 % CI]", "estimator")
LEGEND = (
    "k: samples per problem; tokens/problem: k × (mean generated tokens per sample + verifier tokens); "
    "intervals: percentile bootstrap over problems (1,000 resamples, seeded; Wilson where every per-problem value "
    "is 0 or 1); estimator: exact (over all "
    "C(N, k) subsets), unbiased (pass@k, Chen et al. 2021) or monte-carlo(draws per problem, with its "
    "standard error ±)."
)
NAMES = {
    "sampled": "sampled@1",
    "greedy": "greedy",
    "majority": "majority@k",
    "weighted": "weighted@k",
    "best_of": "best-of-k",
    "pass": "pass@k",
}


def _tokens(value: float) -> str:
    return f"{value:,.0f}" if value < 100_000 else f"{value / 1000:,.0f}k"


def _estimator(point: CurvePoint) -> str:
    return f"{point.estimator} ±{point.mc_se * 100:.2f}" if point.mc_se > 0 else point.estimator


def curve_rows(curves: PoolCurves) -> list[list[str]]:
    rows, previous = [], None
    for p in curves.points:
        name = NAMES[p.strategy] if p.strategy != previous else ""
        previous = p.strategy
        rows.append([name, str(p.k), _tokens(p.tokens), p.estimate.format(), _estimator(p)])
    return rows


def curves_table(items: Sequence[PoolCurves]) -> Group:
    tables: list[Any] = []
    for curves in items:
        judged = f", verifier {curves.verifier}" if curves.verifier else ""
        title = f"{curves.pool}: {curves.problems} problems × {curves.samples_per_problem} samples{judged}"
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
        for column in COLUMNS:
            table.add_column(column, justify="left" if column in ("strategy", "estimator") else "right")
        for row in curve_rows(curves):
            table.add_row(*row)
        tables.append(table)
    return Group(*tables, LEGEND)


STYLES = {"sampled": ("o", ""), "greedy": ("s", ""), "majority": (".", "-"), "weighted": (".", "--"),
          "best_of": (".", ":"), "pass": (".", "-.")}  # fmt: skip


def plot_curves(items: Sequence[PoolCurves], path: Path) -> Path:
    """Accuracy (with 95 % bands) against tokens per problem — or samples, where tokens are unknown — of every
    pool on one pair of axes: a colour per pool, a line style per strategy."""
    matplotlib = require("matplotlib", "plot")
    matplotlib.use("Agg")
    plt = require("matplotlib.pyplot", "plot")
    ticker = require("matplotlib.ticker", "plot")
    fig, ax = plt.subplots(figsize=(9, 4.8), layout="constrained")
    pools = list(dict.fromkeys(c.pool for c in items))
    by_tokens = all(p.tokens > 0 for c in items for p in c.points)
    for curves in items:
        color = f"C{pools.index(curves.pool) % 10}"
        for strategy in dict.fromkeys(p.strategy for p in curves.points):
            points = [p for p in curves.points if p.strategy == strategy]
            x = [p.tokens if by_tokens else p.samples for p in points]
            y = [100 * p.estimate.value for p in points]
            low = [100 * p.estimate.low for p in points]
            high = [100 * p.estimate.high for p in points]
            marker, style = STYLES[strategy]
            label = f"{curves.pool} · {NAMES[strategy]}"
            if len(points) == 1:
                err = [[y[0] - low[0]], [high[0] - y[0]]]
                ax.errorbar(x, y, yerr=err, fmt=marker, color=color, capsize=3, label=label)
            else:
                ax.plot(x, y, marker=marker, linestyle=style, color=color, label=label)
                ax.fill_between(x, low, high, alpha=0.08, color=color)
    ax.set_xscale("log", base=2)
    ax.xaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:,.0f}"))
    ax.set_xlabel("generated tokens per problem" if by_tokens else "samples per problem (k)")
    ax.set_ylabel("accuracy (%)")
    sizes = sorted({(c.problems, c.samples_per_problem) for c in items})
    shape = ", ".join(f"{n} problems × {k}" for n, k in sizes)
    ax.set_title(f"Accuracy vs budget, every pool on one axis ({shape})", fontsize=10)
    ax.grid(alpha=0.3)
    fig.legend(loc="outside right upper", fontsize=7)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return Path(path)
