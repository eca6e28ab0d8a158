"""Scaling-law figures as PNG (matplotlib, Agg; the ``plot`` extra): renders ``laws.figures`` and computes nothing.

Each panel draws its measured points as markers, each fitted curve as a line with its 95 % bootstrap band
shaded (where the fit has refits), vertical dotted lines where measurement ends and extrapolation begins,
and, for an iso-loss panel, labelled contours of L(N, D) with the compute-optimal line N*(C), D*(C).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from tradeoff.laws.figures import LawFigure, Panel
from tradeoff.registry import require


def _draw(ax: Any, panel: Panel) -> None:
    colours = [f"C{i % 10}" for i in range(max([s.group for s in panel.series], default=0) + 1)]
    if panel.contours is not None:
        c = panel.contours
        lines = ax.contour(c.x, c.y, c.z, levels=c.levels, cmap="viridis", linewidths=1.0)
        ax.clabel(lines, fontsize=7, fmt="%.3g")
        ax.plot(c.line_x, c.line_y, color="crimson", lw=2, label="compute-optimal N*(C), D*(C)")
    for s in panel.series:
        colour = "0.3" if panel.contours is not None else colours[s.group]
        if s.markers:
            ax.scatter(s.x, s.y, s=14, color=colour, alpha=0.8, label=s.label, zorder=3)
            continue
        ax.plot(s.x, s.y, color=colour, lw=1.5, label=s.label, marker="o" if len(s.x) == 1 else None)
        if s.low is not None and s.high is not None and np.all(np.isfinite(s.low)):
            ax.fill_between(s.x, s.low, s.high, color=colour, alpha=0.2, lw=0)
    for x in panel.vlines:
        ax.axvline(x, color="0.4", ls=":", lw=1)
    ax.set_xscale("log" if panel.xlog else "linear")
    ax.set_yscale("log" if panel.ylog else "linear")
    ax.set_xlabel(panel.xlabel)
    ax.set_ylabel(panel.ylabel)
    ax.set_title(panel.title, fontsize=10)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=7, loc="best")


def plot_law(figure: LawFigure, path: Path) -> Path:
    """Write ``figure`` (one or two panels side by side) to ``path`` as a PNG."""
    matplotlib = require("matplotlib", "plot")
    matplotlib.use("Agg")
    plt = require("matplotlib.pyplot", "plot")
    count = len(figure.panels)
    fig, axes = plt.subplots(1, count, figsize=(6.5 * count, 5.0), squeeze=False)
    for ax, panel in zip(axes[0], figure.panels, strict=True):
        _draw(ax, panel)
    fig.suptitle(figure.title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return Path(path)
