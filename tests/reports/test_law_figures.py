"""Law figures render to PNG: every law's panels, bands where refits exist, contours with the optimal line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tradeoff.laws import BESIROGLU_2024, InferencePoints, LossPoints, fit_chinchilla, fit_coverage_from_counts
from tradeoff.laws.figures import LawFigure, Panel, Series, chinchilla_figure, coverage_figure, inference_figure
from tradeoff.reports.law_figures import plot_law

pytest.importorskip("matplotlib")
PNG = b"\x89PNG\r\n\x1a\n"


def rendered(figure: LawFigure, path: Path) -> bytes:
    assert plot_law(figure, path) == path
    data = path.read_bytes()
    assert data[:8] == PNG and len(data) > 20_000
    return data


def test_chinchilla_curves_and_iso_loss_contours(tmp_path: Path, rng: np.random.Generator) -> None:
    n = np.repeat([1e8, 3e8, 1e9, 3e9], 10)
    d = np.exp(rng.uniform(np.log(2e9), np.log(2e11), size=40))
    loss = BESIROGLU_2024.loss(n, d) * np.exp(0.004 * rng.standard_normal(40))
    fit = fit_chinchilla(LossPoints(n, d, loss), bootstrap=20, rng=rng)
    figure = chinchilla_figure(fit, n, d, loss)
    curves, iso = figure.panels
    assert len([s for s in curves.series if s.markers]) == 4  # one group per model size
    band = next(s for s in curves.series if not s.markers)
    assert band.low is not None and band.high is not None and np.all(band.low <= band.high + 1e-12)
    assert iso.contours is not None and iso.contours.line_x.size > 0
    rendered(figure, tmp_path / "chinchilla.png")


def test_coverage_and_inference_scaling_figures(tmp_path: Path, rng: np.random.Generator) -> None:
    counts = rng.binomial(16, rng.beta(0.3, 1.5, size=100))
    fit = fit_coverage_from_counts(counts, samples=16, bootstrap=40, rng=rng)
    figure = coverage_figure([("pool", fit)], extrapolate=1000)
    (panel,) = figure.panels
    assert panel.vlines == (16.0,) and panel.series[1].x.max() == pytest.approx(1000)
    rendered(figure, tmp_path / "coverage.png")
    points = InferencePoints.of([1e9, 1e9, 7e9], ["greedy", "majority@8", "greedy"], [6e11, 4.8e12, 4.2e12],
                                [0.3, 0.5, 0.45])  # fmt: skip
    rendered(inference_figure(points), tmp_path / "inference.png")


def test_a_curve_without_refits_is_drawn_without_a_band(tmp_path: Path) -> None:
    x = np.geomspace(1, 100, 20)
    nan = np.full_like(x, np.nan)
    panel = Panel("t", "x", "y", series=(Series("fit", x, 1 / x, nan, nan), Series("one", x[:1], x[:1], markers=True)))
    rendered(LawFigure("no band", (panel,)), tmp_path / "plain.png")
